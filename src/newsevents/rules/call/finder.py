"""`find_call_events`: every stage of the call rules over one document, in data-flow order."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.entities import DocEntities
from newsevents.entities.ents import token_indices
from newsevents.lexicon import words
from newsevents.rules.call.initiator import _initiators_from_text
from newsevents.rules.call.roles import _callers_listed, _calls_in_sentence, _participants_call
from newsevents.rules.call.triggers import (
    _is_call_noun,
    _medium_of,
    _triggers,
    trigger_word_indices,
)
from newsevents.rules.coref import _sentence_subject
from newsevents.rules.dating import (
    _date_for,
    _embedded_post_day,
    _follow_up_dates,
    _previous_call,
    _story_days,
)
from newsevents.rules.dedupe import _merge_repeats
from newsevents.rules.filters import _official_call
from newsevents.rules.parties import _fill_countries, _name_offices
from newsevents.rules.topics import _topics
from newsevents.rules.ty import CallCandidate, DocContext, PartyRef, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PHONE_WORDS = words("phone_words")
VIDEO_WORDS_IN_DOCUMENT = words("video_words_in_document")
CALL_FORMS = frozenset(("call", "calls"))
# The title and this many first sentences are where an article says it reports a series.
SERIES_LEAD_SENTENCES = 3
PROSE_MIN_WORDS = 8


def find_call_events(doc: Doc, ents: DocEntities, ctx: DocContext) -> Iterator[CallCandidate]:
    """Yield one candidate per call per document (repeats merged), in document order."""
    title_sent, title_medium = _title_and_medium(doc, ctx)
    series_medium = _series_medium(doc, title_sent)
    candidates, refs = _sentence_calls(doc, ents, ctx, title_medium, series_medium)
    anchor = ctx.dateline_date or ctx.published
    candidates = _name_offices(doc, ents, candidates)
    merged = _merge_repeats(doc, ents, candidates, anchor, refs=refs)
    # Calls between leaders or officials: at least one side must be known as one.
    merged = [c for c in merged if _official_call(doc, ents, c)]
    _fill_countries(doc, ents, merged, ctx)
    merged = _initiators_from_text(doc, ents, merged)
    story_days = _story_days(doc, anchor) if merged else []
    merged = [_with_follow_up_date(doc, ents, c) for c in merged]
    posted = _embedded_post_day(doc) if merged and anchor is None else None
    dated: list[CallCandidate] = []
    for i, cand in enumerate(merged):
        in_title = title_sent is not None and any(
            title_sent.start_char <= s < title_sent.end_char for s, _ in cand.sentences
        )
        main = i == 0 or in_title
        previous = _previous_call(ents, dated, cand)
        date = _date_for(
            doc,
            ents,
            ctx,
            cand,
            title_sent,
            main_event=main,
            story_days=story_days,
            previous=previous.date if previous is not None else None,
            posted=posted,
        )
        cand = replace(cand, date=date, topics=_topics(doc, cand, main_event=main))
        if cand.status == "held" and _dated_after(date, anchor):
            # "Looking ahead to X's call with Y tomorrow": a call dated after the text that
            # tells of it is still to come.
            cand = replace(cand, status="planned")
        dated.append(cand)
        yield cand


def _dated_after(date: dict | None, anchor: dt.date | None) -> bool:
    """The call's own day lies after the day the text was written."""
    if not date or anchor is None or date.get("granularity") != "day" or not date.get("value"):
        return False
    if date.get("basis") not in ("explicit", "relative"):
        return False
    return dt.date.fromisoformat(date["value"]) > anchor


def _with_follow_up_date(doc: Doc, ents: DocEntities, cand: CallCandidate) -> CallCandidate:
    """A held call with no date of its own, dated by a sentence next to it that refers to it."""
    if cand.date_texts or cand.status != "held":
        return cand
    texts, at = _follow_up_dates(doc, ents, cand)
    return replace(cand, date_texts=texts, date_at=at) if texts else cand


def _title_and_medium(doc: Doc, ctx: DocContext) -> tuple[Span | None, str | None]:
    """The title as a span, and the medium of a bare "spoke with": the title's, else the
    document's when it names only one."""
    title_medium = None
    title_sent = None
    if ctx.title_span is not None:
        tspan = doc.char_span(*ctx.title_span, alignment_mode="expand")
        if tspan is not None:
            title_sent = tspan
            title_medium = _medium_of(doc, tspan)
            title_words = {t.lemma_.lower() for t in tspan} | {t.lower_ for t in tspan}
            if title_medium is None and "call" in title_words:
                title_medium = "phone"
    # The words of the document (and of its space tokens, which no list below holds).
    doc_words = {doc.vocab.strings[w] for w in set(doc.to_array("LOWER").tolist())}
    doc_medium = None
    if (
        doc_words & PHONE_WORDS
        or any(w.startswith("telephon") for w in doc_words)
        or _call_with(doc, doc_words)
    ):
        if not doc_words & VIDEO_WORDS_IN_DOCUMENT:
            doc_medium = "phone"
    return title_sent, title_medium or doc_medium


def _call_with(doc: Doc, doc_words: set[str]) -> bool:
    """ "PM call with President X" in a line the title is not: a plain call is a phone call
    (tagged a noun or, in a headline, a verb: one does not "call with" anyone)."""
    if not doc_words & CALL_FORMS:
        return False
    return any(
        any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in doc[i].children)
        for i in token_indices(doc, CALL_FORMS)
    )


def _series_medium(doc: Doc, title_sent: Span | None) -> str | None:
    """The medium of the series of calls the title or lead reports ("spent the day in phone
    calls with leaders", "X's diplomatic calls"): plural call nouns, whose bare
    "discussions with Y" further on are among them."""
    sents = [title_sent] if title_sent is not None else []
    # The lead: the first sentences of prose, past the header lines and the byline.
    # A scraped page repeats its headline in the body: the repeat is no sentence of the lead.
    title_text = " ".join(title_sent.text.split()) if title_sent is not None else None
    prose = (
        s
        for s in doc.sents
        if sum(t.is_alpha for t in s) >= PROSE_MIN_WORDS
        and " ".join(s.text.split()) != title_text
    )
    sents += [s for _, s in zip(range(SERIES_LEAD_SENTENCES), prose, strict=False)]
    for sent in sents:
        for tok in sent:
            if tok.tag_ == "NNS" and _is_call_noun(tok):
                return "video" if _medium_of(doc, sent) == "video" else "phone"
    return None


def _sentence_calls(
    doc: Doc,
    ents: DocEntities,
    ctx: DocContext,
    title_medium: str | None,
    series_medium: str | None = None,
) -> tuple[list[CallCandidate], list[int]]:
    """Every call each sentence reports, in document order, before any merging; and the
    call words of sentences that report none ("The call is set for Friday"), which may tell
    more of a call told before."""
    candidates: list[CallCandidate] = []
    refs: list[int] = []
    last_agent: PartyRef | None = None
    pending: tuple[Span, Trigger] | None = None
    trigger_words = trigger_word_indices(doc)
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        if sent.text.strip() and all(t.is_space for t in sent):
            continue
        k = bisect.bisect_left(trigger_words, sent.start)
        triggers = (
            _triggers(doc, sent, context_medium=title_medium, series_medium=series_medium)
            if k < len(trigger_words) and trigger_words[k] < sent.end
            else []
        )
        found = len(candidates)
        if triggers:
            # Appended one at a time: a later call of the sentence may refer to an earlier one.
            for cand in _calls_in_sentence(
                doc, ents, ctx, sent, triggers, candidates, last_agent, title_medium
            ):
                candidates.append(cand)
        if len(candidates) == found:
            # "Participants included A, B and C": more people on the call told just before.
            joined = _participants_call(doc, ents, sent, candidates, pending)
            if joined is not None:
                candidates.append(joined)
            else:
                candidates += _callers_listed(doc, ents, sent, last_agent, title_medium)
        if len(candidates) == found:
            refs.extend(t.token for t in triggers)
        if len(candidates) > found:
            pending = None
        elif triggers and (pending is None or _sentence_subject(doc, ents, sent) is not None):
            # A call word whose sides a later list may name; "The call came after ..." is
            # the same call again, not one whose caller a list would need.
            pending = (sent, triggers[0])
        agent = _sentence_subject(doc, ents, sent)
        if agent is not None:
            last_agent = agent
    return candidates, refs
