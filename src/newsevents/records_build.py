"""Turn a parsed Doc into records: the document's entities and its call events."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from newsevents.entities import Cluster, DocEntities, entity_id, find_entities
from newsevents.records import CallEvent, Entity, Mention
from newsevents.rules.call import CODES, CallCandidate, DocContext, PartyRef, find_call_events

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsevents.article import Article


def event_id(doc_id: str, type_: str, first_offset: int, entity_ids: list[str]) -> str:
    """Unique per document event and stable across runs."""
    key = "|".join([doc_id, type_, str(first_offset), *sorted(entity_ids)])
    return "evt_" + hashlib.sha256(key.encode()).hexdigest()[:20]


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    """A span of the original text with surrounding whitespace trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {"start": start, "end": end, "text": text[start:end]}


def doc_records(
    doc: Doc, article: Article, *, offset: int = 0
) -> tuple[list[Entity], list[CallEvent], int]:
    """Entities and call events of one Doc (a document, or one part of a long one).

    `offset` is where the Doc's text starts in the article's text. Returns the entities, the
    events and the number of sentences.
    """
    place = article.dateline.place if article.dateline else None
    ents = find_entities(doc, dateline_place=place)
    title_span = None
    if article.title_span is not None:
        ts, te = article.title_span
        if offset <= ts and te <= offset + len(doc.text):
            title_span = (ts - offset, te - offset)
    ctx = DocContext(
        doc_id=article.doc_id,
        title_span=title_span,
        published=article.published,
        dateline_date=article.dateline.date if article.dateline else None,
        dateline_place=place,
    )
    events = [
        _call_record(article, ents, cand, offset) for cand in find_call_events(doc, ents, ctx)
    ]
    entities = _entity_records(ents, offset, article.text)
    n_sents = sum(1 for s in doc.sents if not s.text.isspace())
    return entities, events, n_sents


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
                country_basis=c.country_basis,
            )
        )
    return out


def _country_basis(p: PartyRef, cluster: Cluster | None) -> str | None:
    if p.country is None:
        return None
    if p.country_fallback:
        return "fallback"
    if cluster is not None and cluster.inferred == p.country and cluster.country == p.country:
        return "inferred"
    return "stated"


def _call_record(
    article: Article, ents: DocEntities, cand: CallCandidate, offset: int
) -> CallEvent:
    text = article.text
    parties = []
    for p in cand.parties:
        cluster = ents.clusters[p.cluster] if p.cluster is not None else None
        name = cluster.name if cluster is not None else None
        label = "PERSON"
        eid = cluster.id if cluster is not None else entity_id(p.title or "", label, p.country)
        parties.append(
            {
                "name": name,
                "mention": p.mention,
                "title": p.title,
                "country": p.country,
                "org": p.org,
                "entity_id": eid,
                "country_basis": _country_basis(p, cluster),
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
            article.doc_id, "call", evidence[0]["start"], [p["entity_id"] for p in parties]
        ),
        doc_id=article.doc_id,
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
    )
