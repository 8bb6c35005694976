"""Turn a parsed Doc into records: the document's entities, its call events, its document
record."""

from __future__ import annotations

import calendar
import hashlib
from datetime import date
from typing import TYPE_CHECKING, Any

from newsevents.entities import Cluster, DocEntities, entity_id, find_entities
from newsevents.kb.offices import office_holder, org_office_holder, title_conflict
from newsevents.records.models import (
    CallEvent,
    Dateline,
    DocumentCounts,
    DocumentRecord,
    Entity,
    Mention,
)
from newsevents.rules.call import CODES, CallCandidate, DocContext, PartyRef, find_call_events
from newsevents.rules.dating import page_dates
from newsevents.rules.parties import header_seats

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsevents.article import Article


def event_id(
    doc_id: str, type_: str, first_offset: int, entity_ids: list[str], ordinal: int = 0
) -> str:
    """Unique per document event and stable across runs. `ordinal` tells apart the calls one
    phrase counts ("two phone calls"), which share their evidence and parties."""
    parts = [doc_id, type_, str(first_offset), *sorted(entity_ids)]
    key = "|".join(parts + ([f"#{ordinal}"] if ordinal else []))
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:20]


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    """A span of the original text with surrounding whitespace trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": text[start:end]}


def doc_context(article: Article, *, offset: int = 0, length: int | None = None) -> DocContext:
    """What the rules know of the article around a Doc of its text from `offset` (`length`
    characters; the rest of the text by default): the title span only if it lies inside."""
    end = len(article.text) if length is None else offset + length
    title_span = None
    if article.title_span is not None:
        ts, te = article.title_span
        if offset <= ts and te <= end:
            title_span = (ts - offset, te - offset)
    return DocContext(
        doc_id=article.doc_id,
        title_span=title_span,
        published=article.published,
        dateline_date=article.dateline.date if article.dateline else None,
        dateline_place=article.dateline.place if article.dateline else None,
        writer_seats=header_seats(article.text),
        page_dates=page_dates(article.text) if article.published is None else (),
    )


def doc_records(
    doc: Doc, article: Article, *, offset: int = 0
) -> tuple[list[Entity], list[CallEvent], int]:
    """Entities and call events of one Doc (a document, or one part of a long one).

    `offset` is where the Doc's text starts in the article's text. Returns the entities, the
    events and the number of sentences.
    """
    ctx = doc_context(article, offset=offset, length=len(doc.text))
    ents = find_entities(
        doc,
        dateline_place=ctx.dateline_place,
        title_span=ctx.title_span,
        day=ctx.published or ctx.dateline_date,
    )
    events = call_records(doc, ents, ctx, text=article.text, offset=offset)
    entities = _entity_records(ents, offset, article.text)
    n_sents = sum(1 for s in doc.sents if not s.text.isspace())
    return entities, events, n_sents


def call_records(
    doc: Doc, ents: DocEntities, ctx: DocContext, *, text: str | None = None, offset: int = 0
) -> list[CallEvent]:
    """The call events of one Doc, as written to events.jsonl.

    `text` is the document's original text (the Doc's own text by default), into which the
    evidence offsets point; `offset` is where the Doc's text starts in it.
    """
    text = doc.text if text is None else text
    published = ctx.published or ctx.dateline_date
    return [
        _call_record(ctx.doc_id, text, ents, cand, offset, published)
        for cand in find_call_events(doc, ents, ctx)
    ]


def _entity_records(ents: DocEntities, offset: int, text: str) -> list[Entity]:
    out = []
    for c in ents.clusters:
        # A mention must be the original text at its offsets: one the model found in a
        # blanked header or boilerplate (spaces in the parsed text) is not a mention.
        mentions = [
            (s, e, t, lab) for s, e, t, lab in c.mentions if text[s + offset : e + offset] == t
        ]
        if c.name is None or not mentions:
            continue
        out.append(
            Entity(
                id=c.id,
                name=c.name,
                label=c.label,  # type: ignore[arg-type]
                aliases=sorted(set(c.aliases)),
                mentions=[
                    Mention(start=s + offset, end=e + offset, text=t, label=lab)  # type: ignore[arg-type]
                    for s, e, t, lab in mentions
                ],
                titles=sorted(set(t for t in c.titles if t)),
                country=c.country,
                org=c.org,
                country_basis=c.country_basis,  # type: ignore[arg-type]
                wikidata=c.wikidata,
            )
        )
    return out


def _country_basis(p: PartyRef, cluster: Cluster | None) -> str | None:
    if p.country is None:
        return None
    if p.country_fallback:
        return "fallback"
    if cluster is not None and cluster.country == p.country:
        if cluster.table == p.country:
            return "office_table"
        if cluster.inferred == p.country:
            return "inferred"
    return "stated"


def _date_span(
    cand_date: dict[str, Any] | None, published: date | None
) -> tuple[date, date] | None:
    """The days the call may have been on: its date (a month or a year spans it), else the
    publication date."""
    value = (cand_date or {}).get("value")
    if not value:
        return (published, published) if published is not None else None
    day = date.fromisoformat(value)
    granularity = (cand_date or {}).get("granularity")
    if granularity == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if granularity == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return date(day.year, day.month, 1), date(day.year, day.month, last)
    return day, day


def _office_party_name(
    p: PartyRef, span: tuple[date, date] | None, warnings: list[str]
) -> tuple[str | None, str | None]:
    """The name and QID of the holder of an office-only party's office, or (None, None) with
    the reason added to `warnings`."""
    where = p.org or p.country
    if p.title and not where and p.country_guess:
        # The country would only be the one the text names most: none is given.
        warnings.append(f"{p.title!r} not named: its country is only a guess")
        return None, None
    if not p.title or not where:
        return None, None
    if span is None:
        warnings.append(f"{p.title!r} of {where} not named: no date to look it up")
        return None, None
    if p.country_guess and not p.org:
        # The country is the one the text names most, nothing says the text is written
        # from it: a holder named from it would be a guess on a guess.
        warnings.append(f"{p.title!r} of {where} not named: the country is only a guess")
        return None, None
    if p.org:
        found = org_office_holder(p.org, *span)
    else:
        found = office_holder(p.title, p.country, *span)
    if found.name is None:
        warnings.append(f"{p.title!r} of {where} not named: {found.reason}")
    return found.name, found.qid


def _check_title(
    p: PartyRef, qid: str | None, span: tuple[date, date] | None, warnings: list[str]
) -> None:
    """A named party's title that the office table contradicts on the call's date is kept as
    the text says; the contradiction goes to `warnings`."""
    if qid is None or not p.title or not p.country or p.org or span is None:
        return
    conflict = title_conflict(p.title, qid, p.country, *span)
    if conflict is not None:
        warnings.append(conflict)


def _call_record(
    doc_id: str,
    text: str,
    ents: DocEntities,
    cand: CallCandidate,
    offset: int,
    published: date | None = None,
) -> CallEvent:
    parties = []
    warnings: list[str] = []
    span = _date_span(cand.date, published)
    for p in cand.parties:
        cluster = ents.clusters[p.cluster] if p.cluster is not None else None
        label = "PERSON"
        if cluster is not None:
            name, qid = cluster.name, cluster.wikidata
            eid = cluster.id
            _check_title(p, qid, span, warnings)
        else:
            name, qid = _office_party_name(p, span, warnings)
            eid = entity_id(name or p.title or "", label, p.country, qid)
        parties.append(
            {
                "name": name,
                "mention": p.mention,
                "title": p.title,
                "country": p.country,
                "org": p.org,
                "entity_id": eid,
                "country_basis": _country_basis(p, cluster),
                "name_basis": None if name is None else "text" if cluster else "office_holder",
                "wikidata": qid,
            }
        )
    evidence = [_span(text, s + offset, e + offset) for s, e in cand.sentences]
    evidence = [ev for ev in evidence if ev["text"]] or [_span(text, offset, offset + 1)]
    initiated_by = None
    if cand.initiator is not None:
        ip = parties[cand.initiator]
        initiated_by = ip["name"] or ip["title"]
    topics = []
    for t in cand.topics:
        ev = t["evidence"]
        topics.append({**t, "evidence": _span(text, ev["start"] + offset, ev["end"] + offset)})
    return CallEvent(
        id=event_id(
            doc_id,
            "call",
            evidence[0]["start"],
            [p["entity_id"] or "" for p in parties],
            cand.ordinal,
        ),
        doc_id=doc_id,
        status=cand.status,  # type: ignore[arg-type]
        medium=cand.medium,  # type: ignore[arg-type]
        parties=parties,  # type: ignore[arg-type]
        initiated_by=initiated_by,
        date=cand.date,  # type: ignore[arg-type]
        topics=topics,  # type: ignore[arg-type]
        evidence=evidence,  # type: ignore[arg-type]
        codes=CODES,  # type: ignore[arg-type]
        confidence=round(cand.confidence, 3),
        rule=cand.rule,
        warnings=warnings,
    )


def document_record(
    article: Article, entities: list[Entity], events: list[CallEvent], n_tokens: int, n_sents: int
) -> DocumentRecord:
    """The documents.jsonl record of an article, its entities and events."""
    dl = article.dateline
    return DocumentRecord(
        doc_id=article.doc_id,
        sha256=article.sha256,
        encoding=article.encoding,
        title=article.title,
        published=article.published.isoformat() if article.published else None,
        published_basis=article.published_basis,  # type: ignore[arg-type]
        dateline=Dateline(
            text=dl.text,
            place=dl.place,
            date=dl.date.isoformat() if dl.date else None,
            start=dl.start,
            end=dl.end,
        )
        if dl
        else None,
        counts=DocumentCounts(
            chars=len(article.text),
            tokens=n_tokens,
            sentences=n_sents,
            entities=len(entities),
            events=len(events),
            calls_held=sum(1 for e in events if e.status == "held"),
        ),
        warnings=list(article.warnings),
        entities=entities,
    )
