"""In-document merging: repeated reports of one call become one candidate."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsevents.dates import month_number, resolve_expression
from newsevents.entities import DocEntities
from newsevents.lexicon import norm, words
from newsevents.rules.modality import status_weight
from newsevents.rules.parties import _party_index, _same_party
from newsevents.rules.ty import CallCandidate, PartyRef

if TYPE_CHECKING:
    from spacy.tokens import Doc

ANAPHORIC_DETS = words("anaphoric_dets")
WEEKDAY_NAMES = frozenset(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
)
# A call of this many parties or more is a joint call, whose parties are named again in parts.
JOINT_CALL_PARTIES = 3


def _merge_repeats(
    doc: Doc, ents: DocEntities, cands: list[CallCandidate], anchor: dt.date | None = None
) -> list[CallCandidate]:
    """One record per call: the same parties again are the same call unless dates differ."""
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
            if (
                {prev.status, cand.status} == {"held", "planned"}
                and prev.date_texts
                and cand.date_texts
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
            weight[id(out[-1])] = _weight(doc, cand)
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
        # a plan over a bare mention of the planned call.
        if _weight(doc, cand) > weight[id(target)]:
            target.status = cand.status
            weight[id(target)] = _weight(doc, cand)
        if target.medium == "unspecified" and cand.medium != "unspecified":
            target.medium = cand.medium
        if target.initiator is None and cand.initiator is not None:
            target.initiator = _party_index(target.parties, cand.parties[cand.initiator], ents)
        target.confidence = min(0.99, max(target.confidence, cand.confidence) + 0.03)
    return _absorb_listed_into_joint(out, ents)


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


def _weight(doc: Doc, cand: CallCandidate) -> float:
    span = doc.char_span(cand.trigger_char, cand.trigger_char + 1, alignment_mode="expand")
    if span is None or not len(span):
        return 1.0
    return status_weight(span[0], cand.status)


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
