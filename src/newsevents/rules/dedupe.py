"""In-document merging: repeated reports of one call become one candidate."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsevents.dates import month_number, resolve_expression
from newsevents.entities import DocEntities
from newsevents.lexicon import norm, words
from newsevents.rules.clause import _predicate
from newsevents.rules.dating import _call_ref_date, _date_text, _names_others
from newsevents.rules.modality import (
    _past_finite,
    _plan_status,
    _status,
    _verb_of,
    another_call,
    held_by_verb,
    status_weight,
    still_ahead,
)
from newsevents.rules.parties import _party_index, _same_party
from newsevents.rules.ty import CallCandidate, PartyRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ANAPHORIC_DETS = words("anaphoric_dets")
TALK_RECALL_WORDS = words("talk_recall_words")
WEEKDAY_NAMES = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
# A call of this many parties or more is a joint call, whose parties are named again in parts.
JOINT_CALL_PARTIES = 3


def _merge_repeats(
    doc: Doc,
    ents: DocEntities,
    cands: list[CallCandidate],
    anchor: dt.date | None = None,
    *,
    refs: list[int] | tuple[int, ...] = (),
) -> list[CallCandidate]:
    """One record per call: the same parties again are the same call unless dates differ.
    `refs`: call words of sentences that told no call ("The call is set for Friday"), which
    tell more of the call told just before them."""
    out: list[CallCandidate] = []
    # How strongly each merged record's status is told (by id: records are not hashable).
    weight: dict[int, float] = {}
    for cand in cands:
        keys = frozenset(p.key(ents) for p in cand.parties)
        if cand.joined and _fold_into_joined(ents, out, cand, keys, anchor):
            continue
        target = _joint_call_of(doc, ents, out, cand, keys, anchor)
        if target is not None:
            # Some of a joint call's parties "took part in the call": that call, told again.
            target.sentences.extend(s for s in cand.sentences if s not in target.sentences)
            target.sent_token_spans.extend(
                s for s in cand.sent_token_spans if s not in target.sent_token_spans
            )
            continue
        for prev in out:
            pkeys = frozenset(p.key(ents) for p in prev.parties)
            if not _compatible_parties(prev, cand, ents, pkeys, keys):
                continue
            if prev.recalled != cand.recalled:
                continue
            if prev.trigger_char == cand.trigger_char and prev.ordinal != cand.ordinal:
                continue  # "two phone calls": two calls, told in one phrase
            if {prev.status, cand.status} == {"held", "planned"} and _held_and_planned_apart(
                doc, prev, cand, anchor
            ):
                continue  # a call told as done, and another one to come
            # Two mentions of a planned call name its day forward ("on Monday", "May 19").
            prefer = "future" if prev.status == cand.status == "planned" else "past"
            if _distinct_dates(prev.date_texts, cand.date_texts, anchor, prefer):
                continue
            target = prev
            break
        if target is None:
            # A copy: merging extends its lists, and the input is left as it was.
            spans = list(cand.sent_token_spans)
            out.append(replace(cand, sentences=list(cand.sentences), sent_token_spans=spans))
            weight[id(out[-1])] = _weight(doc, cand, anchor)
            continue
        # Prefer named parties over office-only ones; a name takes the office's country.
        target.parties = _best_parties(target.parties, cand.parties, ents)
        target.sentences.extend(s for s in cand.sentences if s not in target.sentences)
        target.sent_token_spans.extend(
            s for s in cand.sent_token_spans if s not in target.sent_token_spans
        )
        if not target.date_texts and cand.date_texts:
            target.date_texts = cand.date_texts
            target.date_at = cand.date_at
        # The mention that tells the status most strongly decides it: a denial over a claim,
        # a plan over a bare mention of the planned call; and its day is the call's.
        if _weight(doc, cand, anchor) > weight[id(target)]:
            if cand.status != target.status and cand.date_texts:
                target.date_texts, target.date_at = cand.date_texts, cand.date_at
            target.status = cand.status
            weight[id(target)] = _weight(doc, cand, anchor)
        if target.medium == "unspecified" and cand.medium != "unspecified":
            target.medium = cand.medium
        if target.initiator is None and cand.initiator is not None:
            target.initiator = _party_index(target.parties, cand.parties[cand.initiator], ents)
        target.confidence = min(0.99, max(target.confidence, cand.confidence) + 0.03)
    for i in refs:
        _told_again(doc, ents, out, doc[i], weight, anchor)
    return _absorb_listed_into_joint(out, ents)


def _held_and_planned_apart(
    doc: Doc, a: CallCandidate, b: CallCandidate, anchor: dt.date | None
) -> bool:
    """A call told as held and one told as planned, both dated, are two calls (a call this
    morning, another tonight), as are a held one and a dated plan of another ("will call Y
    again next week"); not a call only confirmed ("confirmed the meeting between X and Y",
    dated by the report) beside a plan that names a day to come: that is the call, ahead."""
    held, planned = (a, b) if a.status == "held" else (b, a)
    if not planned.date_texts:
        return False
    planned_tok = _trigger_token(doc, planned)
    if planned_tok is not None and another_call(planned_tok):
        return True
    if not held.date_texts:
        return False
    if _same_day_text(held.date_texts, planned.date_texts):
        # "will hold a call on Monday", and "held the call on Monday" told after it: the
        # call of that day, held by the time of writing.
        return False
    held_tok = _trigger_token(doc, held)
    return (
        held_tok is None
        or held_by_verb(held_tok, "held")
        or not _ahead(planned.date_texts, anchor)
    )


def _told_again(
    doc: Doc,
    ents: DocEntities,
    out: list[CallCandidate],
    tok: Token,
    weight: dict[int, float],
    anchor: dt.date | None,
) -> None:
    """ "The upcoming call is scheduled for Jan. 12", "During Monday's call, X told Y ...": a
    definite call word with no sides of its own is the call told just before; where it tells
    that call's time more strongly (a day still ahead, a plan; a past act in it), its status
    and day are the call's."""
    if tok.pos_ != "NOUN" or not _definite(tok) or another_call(tok):
        return
    sent = tok.sent
    target = _told_just_before(out, sent.start_char)
    if target is None or target.recalled:
        return
    if _names_others(ents, sent, {p.cluster for p in target.parties if p.cluster is not None}):
        return  # someone else comes in: another call
    pred = _predicate(tok)
    status = _status(doc, sent, tok, pred)
    if status == target.status or status == "denied":
        return
    own = _call_ref_date(doc, sent) or _day_of_verb(doc, sent, tok)
    texts = [own] if own is not None else []
    if status == "planned":
        ahead = _ahead(texts, anchor) or still_ahead(tok) or _plan_status(tok, pred) == "planned"
        if not ahead:
            return
        strength = status_weight(tok, status, ahead=True)
    else:
        # Told in the past ("During Monday's call, X told Y"), not "This call signifies".
        if not held_by_verb(tok, status) or not _past_finite(_verb_of(tok)):
            return
        if _on_day(target.date_texts, anchor):
            return  # "later today" beside "this morning's call": two calls of one day
        if texts and target.date_texts and _distinct_dates(target.date_texts, texts, anchor):
            return  # a call on another day
        strength = status_weight(tok, status)
    if strength <= weight[id(target)]:
        return
    target.status = status
    weight[id(target)] = strength
    if texts:
        target.date_texts, target.date_at = texts, sent.start_char
    span = (sent.start_char, sent.end_char)
    if span not in target.sentences:
        target.sentences.append(span)
        target.sent_token_spans.append((sent.start, sent.end))


def _day_of_verb(doc: Doc, sent: Span, tok: Token) -> str | None:
    """ "X and Y will hold the call on Jan. 12": a day on the verb the call word is the
    object of."""
    if tok.dep_ != "dobj":
        return None
    for ent in sent.ents:
        if ent.label_ in ("DATE", "TIME"):
            head = ent.root.head
            if (head.head if head.dep_ == "prep" else head).i == tok.head.i:
                return _date_text(doc, ent)
    return None


def _definite(tok: Token) -> bool:
    """ "the call", "this call", "Monday's call"; not "their last call" (an earlier one)."""
    if any(c.lower_ in TALK_RECALL_WORDS for c in tok.children):
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS)
        or (c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME"))
        for c in tok.children
    )


def _told_just_before(out: list[CallCandidate], at: int) -> CallCandidate | None:
    """The one call whose evidence comes last before offset `at` (None when two share it)."""
    best: list[CallCandidate] = []
    last = -1
    for cand in out:
        starts = [s for s, _ in cand.sentences if s < at]
        if not starts:
            continue
        if max(starts) > last:
            best, last = [cand], max(starts)
        elif max(starts) == last:
            best.append(cand)
    return best[0] if len(best) == 1 else None


def _first_day(texts: list[str], anchor: dt.date | None) -> dt.date | None:
    """The first day (or month) the texts name, read forward from the anchor."""
    if anchor is None:
        return None
    for text in texts:
        resolved = resolve_expression(text, anchor, prefer="future")
        if resolved is not None and resolved.granularity in ("day", "month"):
            return resolved.value
    return None


def _ahead(texts: list[str], anchor: dt.date | None) -> bool:
    """The first day the texts name lies after the anchor."""
    day = _first_day(texts, anchor)
    return day is not None and anchor is not None and day > anchor


def _same_day_text(a: list[str], b: list[str]) -> bool:
    """Both first name the same weekday or calendar day, in the same words."""
    return _day_kind(a[0]) is not None and norm(a[0]) == norm(b[0])


def _on_day(texts: list[str], anchor: dt.date | None) -> bool:
    """The first day the texts name is the anchor's own ("later today", "tonight")."""
    day = _first_day(texts, anchor)
    return day is not None and day == anchor


def _trigger_token(doc: Doc, cand: CallCandidate) -> Token | None:
    span = doc.char_span(cand.trigger_char, cand.trigger_char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _absorb_listed_into_joint(cands: list[CallCandidate], ents: DocEntities) -> list[CallCandidate]:
    """ "X spoke to the leaders of A, B and C" beside "X, P, Q and R held a call": the calls
    one phrase lists, each with one of a joint call's parties, are that joint call."""
    joints = [c for c in cands if len(c.parties) >= JOINT_CALL_PARTIES and not c.recalled]
    if not joints:
        return cands
    by_trigger: dict[int, list[CallCandidate]] = {}
    for c in cands:
        if len(c.parties) == 2 and not c.recalled:
            by_trigger.setdefault(c.trigger_char, []).append(c)
    absorbed: set[int] = set()
    for group in by_trigger.values():
        if len(group) < 2:
            continue
        for joint in joints:
            if all(
                c.status == joint.status and _parties_within(c.parties, joint.parties, ents)
                for c in group
            ):
                for c in group:
                    joint.sentences.extend(s for s in c.sentences if s not in joint.sentences)
                    joint.sent_token_spans.extend(
                        s for s in c.sent_token_spans if s not in joint.sent_token_spans
                    )
                    if not joint.date_texts and c.date_texts:
                        joint.date_texts, joint.date_at = c.date_texts, c.date_at
                    absorbed.add(id(c))
                break
    return [c for c in cands if id(c) not in absorbed]


def _parties_within(parties: list[PartyRef], joint: list[PartyRef], ents: DocEntities) -> bool:
    """Each party is a different one of the joint call's (an office may be its holder)."""
    used: set[int] = set()
    for p in parties:
        k = next(
            (k for k, q in enumerate(joint) if k not in used and _same_party(p, q, ents)), None
        )
        if k is None:
            return False
        used.add(k)
    return True


def _fold_into_joined(
    ents: DocEntities,
    out: list[CallCandidate],
    cand: CallCandidate,
    keys: frozenset[str],
    anchor: dt.date | None,
) -> bool:
    """ "X spoke with A (and B). C also took part in the call": the calls told before among
    the joined call's parties are that one call, with C on it; False when none is."""
    pieces = [
        prev
        for prev in out
        if not prev.recalled
        and prev.status == cand.status
        and frozenset(p.key(ents) for p in prev.parties) <= keys
        and not _distinct_dates(prev.date_texts, cand.date_texts, anchor)
    ]
    if not pieces:
        return False
    target = pieces[0]
    parties = list(target.parties)
    for p in cand.parties:
        if not any(_same_party(p, q, ents) for q in parties):
            parties.append(p)
    target.parties = parties
    for c in [*pieces[1:], cand]:
        target.sentences.extend(s for s in c.sentences if s not in target.sentences)
        target.sent_token_spans.extend(
            s for s in c.sent_token_spans if s not in target.sent_token_spans
        )
        if not target.date_texts and c.date_texts:
            target.date_texts, target.date_at = c.date_texts, c.date_at
        if target.medium == "unspecified":
            target.medium = c.medium
    out[:] = [c for c in out if not any(c is p for p in pieces[1:])]
    return True


def _joint_call_of(
    doc: Doc,
    ents: DocEntities,
    out: list[CallCandidate],
    cand: CallCandidate,
    keys: frozenset[str],
    anchor: dt.date | None,
) -> CallCandidate | None:
    """The earlier call of three or more parties that a definite "the call" names some of
    ("X held a call with A, B and C ... A and B took part in the call from Paris")."""
    span = doc.char_span(cand.trigger_char, cand.trigger_char + 1, alignment_mode="expand")
    if span is None or not len(span) or span[0].pos_ != "NOUN":
        return None
    if not any(
        (c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS)
        or (c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME"))  # "today's call"
        for c in span[0].children
    ):
        return None
    for prev in reversed(out):
        pkeys = frozenset(p.key(ents) for p in prev.parties)
        if (
            len(pkeys) >= JOINT_CALL_PARTIES
            and keys < pkeys
            and prev.status == cand.status
            and not _distinct_dates(prev.date_texts, cand.date_texts, anchor)
        ):
            return prev
    return None


def _weight(doc: Doc, cand: CallCandidate, anchor: dt.date | None = None) -> float:
    tok = _trigger_token(doc, cand)
    if tok is None:
        return 1.0
    ahead = cand.status == "planned" and _ahead(cand.date_texts, anchor)
    return status_weight(tok, cand.status, ahead=ahead)


def _best_parties(a: list[PartyRef], b: list[PartyRef], ents: DocEntities) -> list[PartyRef]:
    # One to one, same people first: an office-only party may only stand for someone who is
    # not already the other side of the call.
    match: dict[int, int] = {}
    for i, p in enumerate(a):
        j = next((j for j, x in enumerate(b) if x.key(ents) == p.key(ents)), None)
        if j is not None and j not in match.values():
            match[i] = j
    for i, p in enumerate(a):
        if i not in match:
            j = next(
                (j for j, x in enumerate(b) if j not in match.values() and _same_party(p, x, ents)),
                None,
            )
            if j is not None:
                match[i] = j
    out = []
    for i, p in enumerate(a):
        q = b[match[i]] if i in match else None
        if q is None:
            out.append(p)
            continue
        named, other = (p, q) if p.cluster is not None else (q, p)
        country = named.country or other.country
        if (
            other.cluster is None
            and other.country
            and named.cluster is not None
            and ents.clusters[named.cluster].country_basis == "inferred"
        ):
            country = other.country  # the office's stated country over a guess
        out.append(
            PartyRef(
                named.cluster,
                named.mention,
                named.title or other.title,
                country,
                named.org or other.org,
            )
        )
    return out


def _compatible_parties(
    prev: CallCandidate,
    cand: CallCandidate,
    ents: DocEntities,
    pkeys: frozenset[str],
    keys: frozenset[str],
) -> bool:
    if pkeys == keys:
        return True
    if len(pkeys) != len(keys):
        return False
    # An office-only party matches a named one of the same country.
    unmatched = [p for p in cand.parties if p.key(ents) not in pkeys]
    others = [p for p in prev.parties if p.key(ents) not in keys]
    if len(unmatched) != len(others):
        return False
    return all(any(_same_party(u, o, ents) for o in others) for u in unmatched)


def _distinct_dates(
    a: list[str], b: list[str], anchor: dt.date | None = None, prefer: str = "past"
) -> bool:
    """Two mentions of calls between the same people are different calls when their own
    sentences give different days (or months)."""
    ra, rb = _first_date(a, anchor, prefer), _first_date(b, anchor, prefer)
    if ra is None and rb is None:
        return False
    if ra is None or rb is None:
        # An undated mention is the story's call, of the anchor's days: "the two also spoke
        # in May" told in September is another call.
        return not (a and b) and _other_month((ra or rb).text, anchor)
    if ra.value is not None and rb.value is not None:
        return ra.value != rb.value
    # With nothing to count from, only two days of one kind tell two calls apart ("Monday"
    # and "Thursday", "May 3" and "June 4"), not "Tuesday" and "the 25th".
    kind_a, kind_b = _day_kind(ra.text), _day_kind(rb.text)
    return kind_a is not None and kind_a == kind_b and norm(ra.text) != norm(rb.text)


def _day_kind(text: str) -> str | None:
    words = norm(text).replace(",", " ").replace(".", " ").split()
    if any(month_number(w) is not None for w in words):
        return "month"
    if any(w in WEEKDAY_NAMES for w in words):
        return "weekday"
    return None


def _other_month(text: str, anchor: dt.date | None) -> bool:
    """A month-only date naming another month than the anchor's."""
    if anchor is None:
        return False
    resolved = resolve_expression(text, anchor)
    if resolved is None or resolved.granularity != "month":
        return False
    months = [m for w in text.replace(",", " ").split() if (m := month_number(w)) is not None]
    return bool(months) and months[0] != anchor.month


def _first_date(texts: list[str], anchor: dt.date | None, prefer: str = "past") -> Any:
    for text in texts:
        resolved = resolve_expression(text, anchor, prefer=prefer)
        if resolved is not None and resolved.granularity in ("day", "month"):
            return resolved
    return None
