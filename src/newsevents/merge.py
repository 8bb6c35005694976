"""Cross-document merging: one record per real-world call, one per canonical entity.

Held calls from different documents are one call when their parties are the same people
(`names.same_person`, one to one; two parties the office table knows are the same person
exactly when their QIDs are) and their dates are equal, or one day apart where one side
rests only on the publication date. Clusters form by exact date first; a cluster dated only
by publication then joins an adjacent-day cluster when exactly one fits, so the one-day
tolerance never chains. Comparisons are blocked on (party surname keys, date), a party's
surname taken from the table's name for its QID when it has one, which keeps merging
near-linear; every ordering step sorts on the records' content, so the result does
not depend on the order of the input.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import heapq
import itertools
import os
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import orjson
from rapidfuzz import fuzz

from newsevents.errors import NewsEventsError, UsageError
from newsevents.io.jsonl import atomic_file, numbered_jsonl, read_jsonl
from newsevents.io.published import is_extract_output, merge_publishing, reading_published
from newsevents.io.write import LOCK_FILE, STATE_DIR, OutputLock
from newsevents.kb.offices import table_name
from newsevents.names import name_similarity, normalize_name, surname_key
from newsevents.records import (
    MEDIA,
    CallEvent,
    Disagreement,
    EntityRecord,
    EventDate,
    MergedCall,
    MergedCounts,
    MergedSource,
    MergedTopic,
    Party,
)
from newsevents.spill import Spill, strings_key, trim_name_caches

# Lower is more specific; the merged date is the most specific source's.
BASIS_RANK = {"explicit": 0, "relative": 1, "dateline": 2, "publication": 3}
NEAR_DUPLICATE_MIN_RATIO = 95.0
# Party fields a merged party takes from the other sources when its best name lacks them.
PARTY_FILL_FIELDS = ("mention", "title", "country", "org", "entity_id")
# Above this many parties the one-to-one assignment is greedy instead of exhaustive.
MAX_EXHAUSTIVE_PARTIES = 6


@dataclass(slots=True)
class _Rec:
    event: CallEvent
    keys: tuple[str, ...]
    day: date | None
    soft: bool  # dated only by the publication date
    order: tuple[Any, ...]


@dataclass(slots=True)
class _Cluster:
    recs: list[_Rec]
    docs: set[str]
    day: date | None
    index: int
    hard: bool = field(init=False)

    def __post_init__(self) -> None:
        self.hard = any(not r.soft for r in self.recs)

    def add(self, other: _Cluster) -> None:
        self.recs.extend(other.recs)
        self.docs |= other.docs
        self.hard = self.hard or other.hard


# --- party matching -----------------------------------------------------------------------


def _person_names(party: Party) -> tuple[str, ...]:
    """The names a named party compares by: the office table's for its QID (one name for
    every spelling: "Zelenskiy" and "Zelenskyy", a nom de guerre and a birth name), then the
    text's; the text's alone without a QID the table holds."""
    canonical = table_name(party.wikidata) if party.wikidata else None
    if not party.name:
        return ()
    return (canonical, party.name) if canonical else (party.name,)


def _party_key(party: Party) -> str:
    names = _person_names(party)
    if names:
        return surname_key(names[0])
    # Known only by office: such parties compare by country and title.
    return f"~{party.country or ''}:{normalize_name(party.title or '')}"


def _party_similarity(a: Party, b: Party) -> float:
    if a.name and b.name:
        if a.wikidata and b.wikidata:
            # The table knows both: the same person exactly when it is the same QID.
            return 100.0 if a.wikidata == b.wikidata else 0.0
        return max(name_similarity(x, y) for x in _person_names(a) for y in _person_names(b))
    if a.name or b.name:
        return 0.0
    same_office = normalize_name(a.title or "") == normalize_name(b.title or "")
    return 100.0 if a.country == b.country and same_office else 0.0


def _align(parties: Sequence[Party], to: Sequence[Party]) -> tuple[tuple[int, ...], float] | None:
    """The best one-to-one assignment of `parties` onto `to` (index into `to` for each), with
    its score, or None when the two are not the same people."""
    n = len(parties)
    if n != len(to):
        return None
    sim = [[_party_similarity(p, q) for q in to] for p in parties]
    if n > MAX_EXHAUSTIVE_PARTIES:
        taken: set[int] = set()
        perm: list[int] = []
        for row in sim:
            j = max((j for j in range(n) if j not in taken), key=lambda j: (row[j], -j))
            if row[j] <= 0:
                return None
            taken.add(j)
            perm.append(j)
        return tuple(perm), sum(sim[i][j] for i, j in enumerate(perm))
    best: tuple[tuple[int, ...], float] | None = None
    for perm_t in itertools.permutations(range(n)):
        scores = [sim[i][j] for i, j in enumerate(perm_t)]
        if min(scores) <= 0:
            continue
        total = sum(scores)
        if best is None or total > best[1]:
            best = (perm_t, total)
    return best


def _cluster_score(rec: _Rec, cluster: _Cluster) -> float | None:
    """Mean match score of `rec` against every member of `cluster`, None if any clashes."""
    total = 0.0
    for member in cluster.recs:
        aligned = _align(rec.event.parties, member.event.parties)
        if aligned is None:
            return None
        total += aligned[1]
    return total / len(cluster.recs)


def _clusters_match(a: _Cluster, b: _Cluster) -> bool:
    if a.docs & b.docs:
        return False
    return all(_cluster_score(r, b) is not None for r in a.recs)


# --- clustering ---------------------------------------------------------------------------


def _completeness(event: CallEvent) -> int:
    return sum(len(normalize_name(p.name)) for p in event.parties if p.name)


def _to_rec(event: CallEvent) -> _Rec:
    value = event.date.value
    day = date.fromisoformat(value) if value else None
    order = (-_completeness(event), event.doc_id, event.id)
    return _Rec(
        event=event,
        keys=tuple(sorted(_party_key(p) for p in event.parties)),
        day=day,
        soft=event.date.basis == "publication",
        order=order,
    )


def _cluster_block(recs: list[_Rec], day: date | None, start: int) -> list[_Cluster]:
    """Exact-date clusters of one (party keys, date) block; `recs` in processing order."""
    clusters: list[_Cluster] = []
    for rec in recs:
        best: tuple[float, _Cluster] | None = None
        for cluster in clusters:
            if rec.event.doc_id in cluster.docs:
                continue
            score = _cluster_score(rec, cluster)
            if score is not None and (best is None or score > best[0]):
                best = (score, cluster)
        if best is None:
            clusters.append(_Cluster([rec], {rec.event.doc_id}, day, start + len(clusters)))
        else:
            best[1].recs.append(rec)
            best[1].docs.add(rec.event.doc_id)
            best[1].hard = best[1].hard or not rec.soft
    return clusters


def _attach_adjacent(clusters: list[_Cluster]) -> list[_Cluster]:
    """Join clusters dated only by publication to a cluster one day away, where unambiguous.

    Candidates are computed on the exact-date clusters before any join, and a cluster that
    has neighbours on both sides stays alone, so two exact-date clusters are never joined.
    """
    by_day: dict[date, list[_Cluster]] = defaultdict(list)
    for c in clusters:
        if c.day is not None:
            by_day[c.day].append(c)
    one = timedelta(days=1)

    def neighbours(c: _Cluster) -> list[_Cluster]:
        assert c.day is not None
        near = by_day.get(c.day - one, []) + by_day.get(c.day + one, [])
        return [n for n in near if _clusters_match(c, n)]

    soft = [c for c in clusters if c.day is not None and not c.hard]
    near = {c.index: neighbours(c) for c in soft}
    absorbed: dict[int, _Cluster] = {}  # index -> the cluster it joined
    for c in soft:
        _join_adjacent(c, near, absorbed)
    return [c for c in clusters if c.index not in absorbed]


def _join_adjacent(
    c: _Cluster, near: dict[int, list[_Cluster]], absorbed: dict[int, _Cluster]
) -> None:
    """Join the publication-dated cluster `c` to its one exact-date neighbour a day away (or
    its sole publication-dated neighbour, when each is the other's only one), recording the
    join in `absorbed`."""
    hard = [n for n in near[c.index] if n.hard]
    target: _Cluster | None = None
    if len(hard) == 1:
        target = hard[0]
    elif not hard and len(near[c.index]) == 1:
        other = near[c.index][0]
        # Two publication-dated clusters a day apart: only as each other's sole neighbour.
        if near[other.index] == [c] and c.index < other.index:
            target = other
    if target is None:
        return
    while target.index in absorbed:
        target = absorbed[target.index]
    if target is c or target.docs & c.docs:
        return
    target.add(c)
    absorbed[c.index] = target


class _AdjacentDays:
    """`_attach_adjacent` over one set of party keys, fed one day's exact-date clusters at a
    time in date order: it holds a few days, not every call between the same parties (a
    million documents can report thousands of calls between two leaders).

    A join only reaches one day away and `_attach_adjacent` decides on the clusters as they
    were before any join, so each step waits for the days it looks at: a day's neighbours
    are found once the next day is in (before any join that changes one of them, which
    comes from two days away at the nearest), its publication-dated clusters are joined
    once the neighbours of the day two after are found, and a cluster is final once the
    day after it is joined. The same decisions, in the same order, as the whole list.
    """

    # How far behind the newest day each step may run.
    _JOIN_LAG = timedelta(days=3)
    _FINAL_LAG = timedelta(days=4)

    def __init__(self) -> None:
        self._by_day: dict[date, list[_Cluster]] = {}
        self._days: deque[date] = deque()
        self._near: dict[int, list[_Cluster]] = {}
        self._absorbed: dict[int, _Cluster] = {}
        self._found = 0  # days (from the oldest held) whose neighbours are found
        self._joined = 0  # ... and whose publication-dated clusters are joined

    def add(self, day: date, clusters: list[_Cluster]) -> Iterator[_Cluster]:
        """Take the clusters of `day` (later than any before); yield the ones now final."""
        self._by_day[day] = clusters
        self._days.append(day)
        return self._advance(day)

    def finish(self) -> Iterator[_Cluster]:
        """Yield every cluster still held."""
        return self._advance(None)

    def _advance(self, newest: date | None) -> Iterator[_Cluster]:
        days, one = self._days, timedelta(days=1)
        while self._found < len(days) and (newest is None or days[self._found] < newest):
            for c in self._by_day[days[self._found]]:
                if not c.hard:
                    near = self._by_day.get(days[self._found] - one, []) + self._by_day.get(
                        days[self._found] + one, []
                    )
                    self._near[c.index] = [n for n in near if _clusters_match(c, n)]
            self._found += 1
        while self._joined < self._found and (
            newest is None or days[self._joined] <= newest - self._JOIN_LAG
        ):
            for c in self._by_day[days[self._joined]]:
                if not c.hard:
                    self._join(c)
            self._joined += 1
        while days and self._joined and (
            newest is None or days[0] <= newest - self._FINAL_LAG
        ):
            day = days.popleft()
            self._found -= 1
            self._joined -= 1
            for c in self._by_day.pop(day):
                self._near.pop(c.index, None)
                if self._absorbed.pop(c.index, None) is None:
                    yield c

    def _join(self, c: _Cluster) -> None:
        """`_attach_adjacent`'s step for the publication-dated cluster `c`."""
        _join_adjacent(c, self._near, self._absorbed)


def _clusters(events: Iterable[dict[str, Any]]) -> list[_Cluster]:
    recs = [
        _to_rec(ev)
        for ev in (CallEvent.model_validate(e) for e in events if e.get("type", "call") == "call")
        if ev.status == "held"
    ]
    recs.sort(key=lambda r: r.order)
    blocks: dict[tuple[tuple[str, ...], date], list[_Rec]] = defaultdict(list)
    undated: list[_Rec] = []
    for rec in recs:
        if rec.day is None:
            undated.append(rec)
        else:
            blocks[(rec.keys, rec.day)].append(rec)

    out: list[_Cluster] = []
    by_keys: dict[tuple[str, ...], list[_Cluster]] = defaultdict(list)
    for (keys, day), block in sorted(blocks.items()):
        made = _cluster_block(block, day, len(out))
        out.extend(made)
        by_keys[keys].extend(made)
    merged: list[_Cluster] = []
    for keys in sorted(by_keys):
        merged.extend(_attach_adjacent(by_keys[keys]))
    for rec in undated:
        merged.append(_Cluster([rec], {rec.event.doc_id}, None, len(out) + len(merged)))
    return merged


# --- merged records -----------------------------------------------------------------------


def _most_common(values: Iterable[str | None]) -> str | None:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return _top(counts)


def _top(counts: Mapping[str, int]) -> str | None:
    """The value counted most often (ties: the smallest), None if none."""
    if len(counts) <= 1:
        return next(iter(counts), None)
    return min(counts, key=lambda v: (-counts[v], v))


def _name_rank(name: str) -> tuple[int, int, str]:
    return (-len(normalize_name(name).split()), -len(name), name)


def _merge_parties(recs: list[_Rec]) -> tuple[list[Party], list[dict[str, str]]]:
    """The merged parties (the most complete name per person) and, per record, a map from
    its party names to the merged names."""
    rep = recs[0].event.parties
    identity = tuple(range(len(rep)))
    slots: list[list[Party]] = [[] for _ in rep]
    alignments: list[tuple[int, ...]] = []
    for i, rec in enumerate(recs):
        aligned = _align(rec.event.parties, rep) if i else None
        perm = aligned[0] if aligned else identity
        alignments.append(perm)
        for party, slot in zip(rec.event.parties, perm, strict=True):
            slots[slot].append(party)
    merged: list[Party] = []
    for group in slots:
        if len(group) == 1:
            merged.append(group[0])
            continue
        named = [p for p in group if p.name]
        best = min(named, key=lambda p: _name_rank(p.name or "")) if named else group[0]
        missing = {
            key: _most_common(getattr(p, key) for p in group)
            for key in PARTY_FILL_FIELDS
            if getattr(best, key) is None
        }
        merged.append(best.model_copy(update=missing) if missing else best)
    renames: list[dict[str, str]] = []
    for rec, perm in zip(recs, alignments, strict=True):
        names: dict[str, str] = {}
        for party, slot in zip(rec.event.parties, perm, strict=True):
            canonical = merged[slot].name
            if party.name and canonical:
                names[party.name] = canonical
        renames.append(names)
    return merged, renames


def _canonical_initiator(
    name: str | None, renames: dict[str, str], parties: list[Party]
) -> str | None:
    if not name:
        return None
    if name in renames:
        return renames[name]
    scored = [(name_similarity(name, p.name), p.name) for p in parties if p.name]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] > 0 else name


def _doc_text_key(doc: Mapping[str, Any], evidence: str) -> str:
    return f"{doc.get('title') or ''} {evidence}"


def _near_duplicates(
    sources: list[tuple[CallEvent, Mapping[str, Any]]],
) -> list[str | None]:
    """For each source, the doc_id of an earlier one with near-identical text, else None."""
    out: list[str | None] = []
    for i, (event, doc) in enumerate(sources):
        found: str | None = None
        for j in range(i):
            if out[j] is not None:
                continue  # point at the original, not at another copy
            earlier, edoc = sources[j]
            sha = doc.get("sha256")
            if sha and sha == edoc.get("sha256"):
                found = earlier.doc_id
                break
            a = _doc_text_key(doc, event.evidence[0].text)
            b = _doc_text_key(edoc, earlier.evidence[0].text)
            if fuzz.token_set_ratio(a, b) >= NEAR_DUPLICATE_MIN_RATIO:
                found = earlier.doc_id
                break
        out.append(found)
    return out


def _values(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for value, doc_id in pairs:
        out[value].add(doc_id)
    return {k: sorted(out[k]) for k in sorted(out)}


def _disagreements(recs: list[_Rec], initiators: list[str | None]) -> list[Disagreement]:
    found: list[Disagreement] = []
    if len(recs) == 1:
        return found
    dates = _values((r.event.date.value, r.event.doc_id) for r in recs if r.event.date.value)
    if len(dates) > 1:
        found.append(Disagreement(field="date", values=dates))
    inits = _values(
        (name, r.event.doc_id) for r, name in zip(recs, initiators, strict=True) if name
    )
    if len(inits) > 1:
        found.append(Disagreement(field="initiated_by", values=inits))
    # "unspecified" says nothing about the medium, so it cannot contradict phone or video.
    media = _values((r.event.medium, r.event.doc_id) for r in recs)
    if len([m for m in media if m != "unspecified"]) > 1:
        found.append(Disagreement(field="medium", values=media))
    label_sets = {frozenset(t.label for t in r.event.topics) for r in recs if r.event.topics}
    if len(label_sets) > 1:
        topics = _values((t.label, r.event.doc_id) for r in recs for t in r.event.topics)
        found.append(Disagreement(field="topics", values=topics))
    return found


def _medium(recs: list[_Rec]) -> str:
    if len(recs) == 1:
        return recs[0].event.medium
    counts = Counter(r.event.medium for r in recs)
    # Ties go to the more specific medium (phone/video over unspecified).
    return min(counts, key=lambda m: (-counts[m], m == "unspecified", MEDIA.index(m)))


def _event_date(recs: list[_Rec]) -> EventDate:
    if len(recs) == 1:
        return recs[0].event.date
    counts = Counter(r.event.date.value for r in recs)

    def rank(r: _Rec) -> tuple[Any, ...]:
        d = r.event.date
        return (BASIS_RANK.get(d.basis or "", 9), d.value is None, -counts[d.value],
                d.value or "", r.event.doc_id, r.event.id)

    return min(recs, key=rank).event.date


def _merged_id(keys: tuple[str, ...], day: str | None, event_ids: Iterable[str]) -> str:
    payload = "|".join([",".join(keys), day or "", ",".join(sorted(event_ids))])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def _merged_call(cluster: _Cluster, documents: Mapping[str, Mapping[str, Any]]) -> MergedCall:
    recs = sorted(cluster.recs, key=lambda r: r.order)
    parties, renames = _merge_parties(recs)
    initiators = [
        _canonical_initiator(r.event.initiated_by, names, parties)
        for r, names in zip(recs, renames, strict=True)
    ]
    counts = Counter(i for i in initiators if i)
    initiated_by = min(counts, key=lambda v: (-counts[v], v)) if counts else None
    event_date = _event_date(recs)

    def doc(doc_id: str) -> Mapping[str, Any]:
        return documents.get(doc_id) or {}

    # Earlier publications first, so a republished copy points at the original.
    by_source = sorted(
        recs, key=lambda r: (doc(r.event.doc_id).get("published") or "9999", r.event.doc_id)
    )
    dups = _near_duplicates([(r.event, doc(r.event.doc_id)) for r in by_source])
    sources = []
    for rec, dup in zip(by_source, dups, strict=True):
        d = doc(rec.event.doc_id)
        dateline = d.get("dateline")
        sources.append(
            MergedSource(
                doc_id=rec.event.doc_id,
                event_id=rec.event.id,
                title=d.get("title"),
                dateline=dateline.get("text") if isinstance(dateline, dict) else None,
                date_text=rec.event.date.text,
                evidence=rec.event.evidence[0],
                near_duplicate_of=dup,
            )
        )
    topic_docs: dict[str, set[str]] = defaultdict(set)
    iptc: dict[str, str | None] = {}
    for rec in recs:
        for t in rec.event.topics:
            topic_docs[t.label].add(rec.event.doc_id)
            iptc[t.label] = iptc.get(t.label) or t.iptc
    topics = [
        MergedTopic(label=label, iptc=iptc[label], sources=sorted(topic_docs[label]))
        for label in sorted(topic_docs)
    ]
    n_docs = len({r.event.doc_id for r in recs})
    return MergedCall(
        id=_merged_id(
            tuple(sorted(_party_key(p) for p in parties)), event_date.value,
            (r.event.id for r in recs),
        ),
        status="held",
        medium=_medium(recs),  # type: ignore[arg-type]
        parties=sorted(parties, key=lambda p: (p.name or "", p.title or "", p.country or "")),
        initiated_by=initiated_by,
        date=event_date,
        topics=topics,
        sources=sources,
        counts=MergedCounts(
            documents=n_docs,
            mentions=sum(len(r.event.evidence) for r in recs),
            independent_sources=n_docs - sum(1 for d in dups if d is not None),
        ),
        disagreements=_disagreements(recs, initiators),
        codes=recs[0].event.codes,
    )


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: merging allocates millions of small acyclic
    objects, and the collector's passes over them cost more than the merge itself (growing
    with the heap) while freeing nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def merge_calls(
    events: Iterable[dict[str, Any]], documents: Mapping[str, dict[str, Any]]
) -> list[MergedCall]:
    """One MergedCall per real-world held call in `events` (events.jsonl lines).

    Args:
        events: events.jsonl lines; only held calls are merged, single-source ones included.
        documents: documents.jsonl lines keyed by doc_id (titles, datelines, sha256).
    """
    with _gc_paused():
        calls = [_merged_call(c, documents) for c in _clusters(events)]
        calls.sort(key=lambda c: (c.date.value or "9999", [p.name or "" for p in c.parties], c.id))
    return calls


# --- entities -----------------------------------------------------------------------------


@dataclass(slots=True)
class _EntityGroup:
    id: str
    name: str
    label: str
    names: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    countries: list[str | None] = field(default_factory=list)
    orgs: list[str | None] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0
    wikidata: str | None = None

    def add(self, other: _EntityGroup) -> None:
        self.wikidata = self.wikidata or other.wikidata
        self.names |= other.names
        self.aliases |= other.aliases
        self.countries += other.countries
        self.orgs += other.orgs
        self.documents |= other.documents
        self.mentions += other.mentions

    def country(self) -> str | None:
        return _most_common(self.countries)


class _Person(Protocol):
    id: str
    name: str
    names: set[str]

    def country(self) -> str | None: ...

    def add(self, other: Any) -> None: ...


_P = TypeVar("_P", bound=_Person)


def _merge_people(groups: list[_P]) -> list[_P]:
    """Join PERSON groups whose names are the same person and whose countries agree.

    Only groups whose names have the same `surname_key` meet, so this can run on each such
    block alone.
    """
    people = sorted(groups, key=lambda g: (_name_rank(g.name), g.id))
    blocks: dict[str, list[_P]] = defaultdict(list)
    out: list[_P] = []
    for g in people:
        country = g.country()
        fits = [
            b for b in blocks[surname_key(g.name)]
            if (country is None or b.country() in (None, country))
            and all(name_similarity(g.name, n) > 0 for n in b.names)
        ]
        # A surname alone that fits two different people joins neither.
        if len(fits) == 1:
            fits[0].add(g)
        else:
            blocks[surname_key(g.name)].append(g)
            out.append(g)
    return out


def build_entities(documents: Iterable[Mapping[str, Any]]) -> list[EntityRecord]:
    """Canonical entities across a run from each document's `entities`."""
    groups: dict[str, _EntityGroup] = {}
    for doc in documents:
        for ent in doc.get("entities") or ():
            g = groups.get(ent["id"])
            if g is None:
                g = groups[ent["id"]] = _EntityGroup(ent["id"], ent["name"], ent["label"])
            g.names.add(ent["name"])
            # One id under several spellings (a QID's): the most complete names it.
            g.name = min(g.names, key=_name_rank)
            g.wikidata = g.wikidata or ent.get("wikidata")
            g.aliases.update(ent.get("aliases") or ())
            g.countries.append(ent.get("country"))
            g.orgs.append(ent.get("org"))
            g.documents.add(doc["doc_id"])
            g.mentions += len(ent.get("mentions") or ())
    ordered = sorted(groups.values(), key=lambda g: g.id)
    people = _merge_people([g for g in ordered if g.label == "PERSON"])
    merged = people + [g for g in ordered if g.label != "PERSON"]
    records = [
        EntityRecord(
            id=g.id,
            name=g.name,
            label=g.label,  # type: ignore[arg-type]
            aliases=sorted((g.aliases | g.names) - {g.name}),
            country=g.country(),
            org=_most_common(g.orgs),
            documents=sorted(g.documents),
            mentions=g.mentions,
            wikidata=g.wikidata,
        )
        for g in merged
    ]
    records.sort(key=lambda r: (r.label, r.name, r.id))
    return records


# --- files --------------------------------------------------------------------------------


class InvalidInputError(NewsEventsError):
    """Input lines that are not valid records, one `file:line: field: message` each (exit 1)."""


def _valid_records(path: Path, problems: list[str]) -> Iterator[dict[str, Any]]:
    """The lines of an input file that are valid records, each checked against its pydantic
    model as `newsevents validate` does; every invalid line is added to `problems`."""
    from pydantic import ValidationError

    from newsevents.records import EVENT_ADAPTER
    from newsevents.validate import adapter_for, problems_of

    adapter = adapter_for(path.name)
    for n, obj in numbered_jsonl(path):
        try:
            adapter.validate_python(obj)
        except ValidationError as exc:
            tag = obj.get("type") if adapter is EVENT_ADAPTER and isinstance(obj, dict) else None
            problems.extend(str(p) for p in problems_of(exc, str(path), n, tag))
            continue
        yield obj


# --- out of core ----------------------------------------------------------------------------
#
# Publishing a run groups held calls by their parties' surname keys and entity occurrences by
# entity id over the whole corpus. The in-memory functions above hold every record at once;
# the publish step below streams the run's files into a `Spill` (sqlite on disk), lets sqlite
# group and sort there, and holds one group at a time: the calls of a few days with the same
# party keys (`_streamed_clusters`), one entity, one surname block of people. Every step is
# the one above applied to a block it never crosses (`_clusters` only compares calls with the
# same party keys and dates at most a day apart, `_merge_people` only people with the same
# surname key), entity lines are summed in parts that add up to what `build_entities` sums,
# and the final orders are the same sort keys, so the files are byte for byte those of
# `merge_calls` and `build_entities`. An entity's list of documents (for a country, most of
# the run's) is stored and written in chunks (`doc_chunks`), never whole in memory.

# The document fields a merged call's sources take (`_merged_call`).
_SOURCE_FIELDS = ("title", "published", "dateline", "sha256")
_ENTITY_DOCS = b'"documents":[]'

_SCHEMA = """
CREATE TABLE docs (doc_id TEXT, run INTEGER, line INTEGER, meta BLOB);
CREATE TABLE calls (keys BLOB, day TEXT, doc_id TEXT, event BLOB);
CREATE TABLE ent_parts (eid TEXT, lo TEXT, hi TEXT, first INTEGER, last INTEGER, part BLOB);
CREATE TABLE people (skey TEXT, summary BLOB, lists BLOB);
CREATE TABLE doc_chunks (id INTEGER PRIMARY KEY, chunk BLOB);
CREATE TABLE merged_out (day TEXT, names BLOB, id TEXT, line BLOB);
CREATE TABLE entities_out (label TEXT, name TEXT, id TEXT, head BLOB, tail BLOB, lists BLOB);
"""
_ADD_DOC = "INSERT INTO docs VALUES (?, ?, ?, ?)"
_ADD_CALL = "INSERT INTO calls VALUES (?, ?, ?, ?)"
_ADD_PART = "INSERT INTO ent_parts VALUES (?, ?, ?, ?, ?, ?)"
_ADD_PERSON = "INSERT INTO people VALUES (?, ?, ?)"
_ADD_CHUNK = "INSERT INTO doc_chunks VALUES (?, ?)"
_ADD_MERGED = "INSERT INTO merged_out VALUES (?, ?, ?, ?)"
_ADD_ENTITY = "INSERT INTO entities_out VALUES (?, ?, ?, ?, ?, ?)"
# An entity's documents are stored in chunks of about this many bytes of JSON, and read
# back and written out one chunk at a time: one entity of a large run is in most documents
# (its list alone tens of megabytes at a million), so no list is ever whole in memory.
DOC_CHUNK_BYTES = 64 << 10
# Entity lines summed in memory before they are stored, one part per entity id: a country
# named in most documents is stored as one part per batch, not one row per document.
ENTITY_BATCH = 20_000

# An entity's documents in `doc_chunks`: chunk ids first to last, holding the sorted doc_ids
# lo to hi.
_DocList = tuple[int, int, str, str]


@dataclass(slots=True)
class _EntityPart:
    """What the documents of one batch say of one entity id (`_entity` sums the parts)."""

    seq: int  # of its first line (`build_entities` takes that line's label)
    label: str
    qid_seq: int = 0  # of its first line with a wikidata QID, and the QID
    qid: str | None = None
    names: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    countries: Counter[str] = field(default_factory=Counter)
    orgs: Counter[str] = field(default_factory=Counter)
    mentions: int = 0
    docs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _PersonSummary:
    """A PERSON entity group without its documents (those stay on disk)."""

    id: str
    name: str
    label: str
    names: set[str]
    aliases: set[str]
    countries: Counter[str]
    orgs: Counter[str]
    mentions: int
    lists: list[_DocList]  # its documents, one or more lists
    wikidata: str | None = None

    def add(self, other: _PersonSummary) -> None:
        self.wikidata = self.wikidata or other.wikidata
        self.names |= other.names
        self.aliases |= other.aliases
        self.countries.update(other.countries)
        self.orgs.update(other.orgs)
        self.mentions += other.mentions
        self.lists += other.lists

    def country(self) -> str | None:
        return _top(self.countries)


class RunMerger:
    """Merged calls and canonical entities of documents and events streamed in, in bounded
    memory: what `merge_calls` and `build_entities` give for the same records.

    Feed it every document (`add_document`) and event (`add_event`) in any order, then read
    `merged_lines()` and `entity_lines()` once each (in that order), inside the `with` block.
    """

    def __init__(self, directory: Path) -> None:
        self._spill = Spill(directory)
        self._spill.db.executescript(_SCHEMA)
        self._db = self._spill.db
        self._seq = 0
        self._parts: dict[str, _EntityPart] = {}
        self._batched = 0  # entity lines in `_parts`
        self._chunk = 0  # the last `doc_chunks` id
        self._sources: dict[str, int] = {}
        self._checked = False

    def __enter__(self) -> RunMerger:
        return self

    def __exit__(self, *exc: object) -> None:
        self._spill.close()

    def add_document(self, doc: Mapping[str, Any], source: str = "", line: int = 0) -> None:
        """One documents.jsonl line (`source`:`line` names it in an error)."""
        run = self._sources.setdefault(source, len(self._sources))
        doc_id = doc["doc_id"]
        meta = {k: doc[k] for k in _SOURCE_FIELDS if k in doc}
        self._spill.add(_ADD_DOC, (doc_id, run, line, orjson.dumps(meta)))
        parts = self._parts
        for ent in doc.get("entities") or ():
            self._seq += 1
            part = parts.get(ent["id"])
            if part is None:
                part = parts[ent["id"]] = _EntityPart(self._seq, ent["label"])
            part.names.add(ent["name"])
            if not part.qid and ent.get("wikidata"):
                part.qid_seq, part.qid = self._seq, ent["wikidata"]
            part.aliases.update(ent.get("aliases") or ())
            if ent.get("country"):
                part.countries[ent["country"]] += 1
            if ent.get("org"):
                part.orgs[ent["org"]] += 1
            part.mentions += len(ent.get("mentions") or ())
            if not part.docs or part.docs[-1] != doc_id:
                part.docs.append(doc_id)
        self._batched += len(doc.get("entities") or ())
        if self._batched >= ENTITY_BATCH:
            self._flush_entities()

    def _flush_entities(self) -> None:
        """Store the entity parts of the documents added since the last flush."""
        for eid, part in self._parts.items():
            docs = sorted(part.docs)
            first, last = self._store_doc_ids(docs)
            summary = [part.seq, part.label, part.qid_seq, part.qid, sorted(part.names),
                       sorted(part.aliases), part.countries, part.orgs, part.mentions]
            self._spill.add(_ADD_PART, (eid, docs[0], docs[-1], first, last,
                                        orjson.dumps(summary)))
        self._parts.clear()
        self._batched = 0

    def add_event(self, event: Mapping[str, Any]) -> None:
        """One events.jsonl line; only held calls are kept."""
        if event.get("type", "call") != "call" or event.get("status") != "held":
            return
        parties = [Party.model_validate(p) for p in event.get("parties") or ()]
        keys = orjson.dumps(sorted(_party_key(p) for p in parties))
        day = (event.get("date") or {}).get("value")
        self._spill.add(_ADD_CALL, (keys, day, event.get("doc_id"), orjson.dumps(event)))

    def _check_documents(self) -> None:
        """A doc_id listed twice is an error: which of its lines would count is arbitrary."""
        if not self._checked:
            self._flush_entities()
        self._spill.flush()
        if self._checked:
            return
        self._db.execute("CREATE INDEX docs_id ON docs (doc_id)")
        dup = self._db.execute(
            "SELECT doc_id FROM docs GROUP BY doc_id HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
        if dup is not None:
            (r1, n1), (r2, n2) = self._db.execute(
                "SELECT run, line FROM docs WHERE doc_id = ? ORDER BY rowid LIMIT 2", dup
            ).fetchall()
            names = {run: source for source, run in self._sources.items()}
            raise InvalidInputError(
                f"{names[r2]}:{n2}: doc_id: {dup[0]!r} is listed again (first at "
                f"{names[r1]}:{n1}): give each document once"
            )
        self._checked = True

    def merged_lines(self) -> Iterator[bytes]:
        """merged.jsonl lines, in `merge_calls` order."""
        self._check_documents()
        # By party keys, then by day: `_clusters` one (keys, day) block at a time, the joins
        # across adjacent days in a window of a few days (`_AdjacentDays`).
        rows = self._db.execute(
            "SELECT c.keys, c.event, d.meta FROM calls c LEFT JOIN docs d USING (doc_id) "
            "ORDER BY c.keys, c.day, c.rowid"
        )
        for _, group in itertools.groupby(rows, key=lambda r: r[0]):
            for cluster, documents in _streamed_clusters(group):
                call = _merged_call(cluster, documents)
                self._spill.add(_ADD_MERGED, (
                    call.date.value or "9999", strings_key(p.name or "" for p in call.parties),
                    call.id, call.to_json(),
                ))
        self._spill.flush()
        for (line,) in self._db.execute("SELECT line FROM merged_out ORDER BY day, names, id"):
            yield line

    def entity_lines(self) -> Iterator[Iterator[bytes]]:
        """entities.jsonl lines, in `build_entities` order, each in parts (to be written one
        after the other): an entity's list of documents comes a chunk at a time."""
        self._check_documents()
        rows = self._db.execute(
            "SELECT eid, lo, hi, first, last, part FROM ent_parts ORDER BY eid, lo"
        )
        for i, (eid, group) in enumerate(itertools.groupby(rows, key=lambda r: r[0])):
            if i % 1000 == 0:
                trim_name_caches()
            self._entity(eid, group)
        self._spill.flush()
        blocks = self._db.execute(
            "SELECT skey, summary, lists FROM people ORDER BY skey"
        )
        for i, (_, block) in enumerate(itertools.groupby(blocks, key=lambda r: r[0])):
            if i % 1000 == 0:
                trim_name_caches()
            people = [_person(orjson.loads(summary), orjson.loads(lists))
                      for _, summary, lists in block]
            for g in _merge_people(people):
                self._add_entity(g.id, g.name, g.label, g.names, g.aliases, _top(g.countries),
                                 _top(g.orgs), g.lists, g.mentions, g.wikidata)
        self._spill.flush()
        for head, lists, tail in self._db.execute(
            "SELECT head, lists, tail FROM entities_out ORDER BY label, name, id"
        ):
            yield self._entity_line(head, [tuple(r) for r in orjson.loads(lists)], tail)

    def _entity_line(self, head: bytes, lists: list[_DocList], tail: bytes
                     ) -> Iterator[bytes]:
        yield head
        yield b'"documents":['
        lists = sorted(lists, key=lambda r: r[2])
        chunks: Iterator[bytes]
        if all(a[3] < b[2] for a, b in itertools.pairwise(lists)):
            # One after the other (the batches of documents given in order): as they are.
            chunks = itertools.chain.from_iterable(self._chunks(r[0], r[1]) for r in lists)
        else:  # batches out of order, or PERSON groups joined: the sorted union
            ids = heapq.merge(*(self._doc_ids(r[0], r[1]) for r in lists))
            chunks = _json_chunks(d for d, _ in itertools.groupby(ids))
        for n, chunk in enumerate(chunks):
            yield b"," + chunk if n else chunk
        yield b"]"
        yield tail

    def _chunks(self, first: int, last: int) -> Iterator[bytes]:
        """The chunks of one list of documents (JSON strings joined by commas), in order."""
        for (chunk,) in self._db.execute(
            "SELECT chunk FROM doc_chunks WHERE id BETWEEN ? AND ? ORDER BY id", (first, last)
        ):
            yield chunk

    def _doc_ids(self, first: int, last: int) -> Iterator[str]:
        for chunk in self._chunks(first, last):
            yield from orjson.loads(b"[" + chunk + b"]")

    def _store_doc_ids(self, doc_ids: list[str]) -> tuple[int, int]:
        """Store a sorted list of doc_ids in `doc_chunks`; the id range of its chunks."""
        first = self._chunk + 1
        whole = orjson.dumps(doc_ids)[1:-1]
        for chunk in [whole] if len(whole) < DOC_CHUNK_BYTES else _json_chunks(doc_ids):
            self._chunk += 1
            self._spill.add(_ADD_CHUNK, (self._chunk, chunk))
        return first, self._chunk

    def _entity(self, eid: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Sum the parts of one entity id as `build_entities` sums its lines; store the
        result (a PERSON's in `people`, to meet its namesakes)."""
        seq, label, qid_seq, qid = 0, "", 0, None
        names: set[str] = set()
        aliases: set[str] = set()
        countries: Counter[str] = Counter()
        orgs: Counter[str] = Counter()
        mentions = 0
        lists: list[_DocList] = []
        for _, lo, hi, first, last, part in rows:
            p_seq, p_label, p_qid_seq, p_qid, p_names, p_aliases, p_countries, p_orgs, n = (
                orjson.loads(part)
            )
            if not seq or p_seq < seq:
                seq, label = p_seq, p_label
            if p_qid and (not qid or p_qid_seq < qid_seq):
                qid_seq, qid = p_qid_seq, p_qid  # the first line's that has one
            names.update(p_names)
            aliases.update(p_aliases)
            countries.update(p_countries)
            orgs.update(p_orgs)
            mentions += n
            lists.append((first, last, lo, hi))
        # One id under several spellings (a QID's): the most complete names it.
        name = min(names, key=_name_rank)
        if label == "PERSON":
            summary = [
                eid, name, label, sorted(names), sorted(aliases), countries, orgs, mentions, qid
            ]
            self._spill.add(_ADD_PERSON, (surname_key(name), orjson.dumps(summary),
                                          orjson.dumps(lists)))
            return
        self._add_entity(eid, name, label, names, aliases, _top(countries), _top(orgs),
                         lists, mentions, qid)

    def _add_entity(self, eid: str, name: str, label: str, names: set[str], aliases: set[str],
                    country: str | None, org: str | None, lists: list[_DocList],
                    mentions: int, wikidata: str | None = None) -> None:
        record = EntityRecord(
            id=eid,
            name=name,
            label=label,  # type: ignore[arg-type]
            aliases=sorted((aliases | names) - {name}),
            country=country,
            org=org,
            documents=[],
            mentions=mentions,
            wikidata=wikidata,
        )
        # The documents go in when the line is written (`_entity_line`), from `doc_chunks`.
        head, tail = record.to_json().rsplit(_ENTITY_DOCS, 1)
        self._spill.add(_ADD_ENTITY, (label, name, eid, head, tail, orjson.dumps(lists)))


def _streamed_clusters(
    rows: Iterable[tuple[bytes, bytes, bytes | None]],
) -> Iterator[tuple[_Cluster, dict[str, Any]]]:
    """`_clusters` of the held calls of one set of party keys, each cluster with the documents
    of its sources (what `_merged_call` reads).

    `rows` are (keys, event, document meta), undated calls first, then by date: one day is
    clustered at a time, and only the few days `_AdjacentDays` waits for are held.
    """
    metas: dict[str, Any] = {}
    uses: Counter[str] = Counter()  # the held calls of each document in `metas`
    window = _AdjacentDays()
    index = 0

    def recs() -> Iterator[_Rec]:
        for n, (_, event, meta) in enumerate(rows):
            if n % 1000 == 0:
                # Per thousand calls, not per set of keys: one set can have thousands of
                # calls, each with other spellings of the names.
                trim_name_caches()
            rec = _to_rec(CallEvent.model_validate(orjson.loads(event)))
            doc_id = rec.event.doc_id
            uses[doc_id] += 1
            if meta is not None:
                metas[doc_id] = orjson.loads(meta)
            yield rec

    def done(cluster: _Cluster) -> tuple[_Cluster, dict[str, Any]]:
        documents = {}
        for rec in cluster.recs:
            doc_id = rec.event.doc_id
            if doc_id in metas:
                documents[doc_id] = metas[doc_id]
            uses[doc_id] -= 1
            if not uses[doc_id]:
                del uses[doc_id]
                metas.pop(doc_id, None)
        return cluster, documents

    for day, same_day in itertools.groupby(recs(), key=lambda r: r.day):
        if day is None:  # each its own call: one at a time, however many
            for rec in same_day:
                yield done(_Cluster([rec], {rec.event.doc_id}, None, index))
                index += 1
            continue
        made = _cluster_block(sorted(same_day, key=lambda r: r.order), day, index)
        index += len(made)
        for cluster in window.add(day, made):
            yield done(cluster)
    for cluster in window.finish():
        yield done(cluster)


def _json_chunks(doc_ids: Iterable[str]) -> Iterator[bytes]:
    """`doc_ids` as JSON strings joined by commas, in chunks of about DOC_CHUNK_BYTES (to be
    joined by commas again)."""
    chunk = bytearray()
    for doc_id in doc_ids:
        if chunk:
            chunk += b","
        chunk += orjson.dumps(doc_id)
        if len(chunk) >= DOC_CHUNK_BYTES:
            yield bytes(chunk)
            chunk.clear()
    if chunk:
        yield bytes(chunk)


def _person(summary: list[Any], lists: list[list[Any]]) -> _PersonSummary:
    eid, name, label, names, aliases, countries, orgs, mentions, qid = summary
    return _PersonSummary(eid, name, label, set(names), set(aliases), Counter(countries),
                          Counter(orgs), mentions, [tuple(r) for r in lists], qid)


def _write_counted(fh: IO[bytes], lines: Iterable[Iterable[bytes]]) -> int:
    """Write `lines`, each given in parts, to `fh`; the number of lines."""
    n = 0
    for parts in lines:
        for part in parts:
            fh.write(part)
        fh.write(b"\n")
        n += 1
    return n


def write_run_merges(out_dir: Path) -> tuple[int, int]:
    """Write merged.jsonl and entities.jsonl from a run's events and documents, streaming
    both files (memory does not grow with the run; scratch space goes to `out_dir`).

    Returns:
        (number of merged calls, number of entities).
    """
    docs_path = out_dir / "documents.jsonl"
    with RunMerger(out_dir) as merger:
        for n, doc in numbered_jsonl(docs_path):
            if n % 1000 == 0:
                trim_name_caches()
            merger.add_document(doc, str(docs_path), n)
        for event in read_jsonl(out_dir / "events.jsonl"):
            merger.add_event(event)
        with atomic_file(out_dir / "merged.jsonl") as fh:
            n_calls = _write_counted(fh, ((line,) for line in merger.merged_lines()))
        with atomic_file(out_dir / "entities.jsonl") as fh:
            n_entities = _write_counted(fh, merger.entity_lines())
    return n_calls, n_entities


def _run_prefixes(out_dirs: Sequence[Path]) -> list[str]:
    names = [d.resolve().name or "run" for d in out_dirs]
    seen: Counter[str] = Counter()
    prefixes = []
    for name in names:
        seen[name] += 1
        prefixes.append(name if names.count(name) == 1 else f"{name}-{seen[name]}")
    return prefixes


def merge_runs(out_dirs: Sequence[Path], output: Path) -> int:
    """Merge several runs' outputs into output/merged.jsonl and output/entities.jsonl.

    A doc_id found in more than one run is prefixed with its run directory's name.

    Returns:
        The number of merged calls.
    """
    if not out_dirs:
        raise UsageError("give at least one extract output directory")
    for d in out_dirs:
        if not d.is_dir():
            raise UsageError(f"{d} is not a directory: give `newsevents extract` output dirs")
    given: dict[Path, Path] = {}
    for d in out_dirs:
        if (key := d.resolve()) in given:
            # Its calls would count twice, each "seen in two runs".
            raise UsageError(f"{d} is given twice (as {given[key]}): give each run once")
        given[key] = d
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} exists and is not a directory: choose another -o")
    if is_extract_output(output):
        # Its merged.jsonl and entities.jsonl are the run's own: replaced, the directory
        # would no longer be what its manifest says.
        raise UsageError(
            f"{output} is an extract output directory: merge into another -o (its own "
            "merged.jsonl and entities.jsonl are the run's, and would be overwritten)"
        )
    created = not output.exists()
    output.mkdir(parents=True, exist_ok=True)
    try:
        # Every input is read twice (checked, then merged): both reads between the checks.
        # The lock keeps two merges into one -o from publishing their files interleaved.
        with OutputLock(output), Spill(output) as ids, reading_published(*out_dirs):
            return _merge_runs(out_dirs, output, ids)
    except NewsEventsError:
        if created:
            with contextlib.suppress(OSError):
                (output / STATE_DIR / LOCK_FILE).unlink()
                (output / STATE_DIR).rmdir()
                output.rmdir()
        raise


_NEW = ".new"  # merge's files before they are published (`_merge_runs`)


def _merge_runs(out_dirs: Sequence[Path], output: Path, ids: Spill) -> int:
    # A merge killed before it published left its new files: under the lock, none is in use.
    for name in ("merged.jsonl", "entities.jsonl"):
        for stale in output.glob(f".{name}.*{_NEW}"):
            stale.unlink(missing_ok=True)
    problems: list[str] = []
    ids.db.execute("CREATE TABLE ids (doc_id TEXT, run INTEGER, PRIMARY KEY (doc_id, run)) "
                   "WITHOUT ROWID")
    for run, d in enumerate(out_dirs):
        docs = _valid_records(d / "documents.jsonl", problems)
        if len(out_dirs) > 1:
            ids.add_many("INSERT OR IGNORE INTO ids VALUES (?, ?)",
                         ((doc["doc_id"], run) for doc in docs))
        deque(docs, maxlen=0)
        deque(_valid_records(d / "events.jsonl", problems), maxlen=0)
    if problems:
        raise InvalidInputError("\n".join(problems))
    ids.flush()
    renamed: dict[str, bool] = {}

    def in_two_runs(doc_id: str) -> bool:
        if len(out_dirs) == 1:
            return False
        found = renamed.get(doc_id)
        if found is None:
            (n,) = ids.db.execute("SELECT count(*) FROM ids WHERE doc_id = ?", (doc_id,)).fetchone()
            found = n > 1
            if len(renamed) > 100_000:  # a cache for the events of one document, not a table
                renamed.clear()
            renamed[doc_id] = found
        return found

    with RunMerger(output) as merger:
        for prefix, d in zip(_run_prefixes(out_dirs), out_dirs, strict=True):
            def rename(doc_id: str, prefix: str = prefix) -> str:
                return f"{prefix}/{doc_id}" if in_two_runs(doc_id) else doc_id

            docs_path = d / "documents.jsonl"
            for n, doc in numbered_jsonl(docs_path):
                merger.add_document({**doc, "doc_id": rename(doc["doc_id"])}, str(docs_path), n)
            for ev in read_jsonl(d / "events.jsonl"):
                merger.add_event({**ev, "doc_id": rename(ev["doc_id"])})
        # Both files are written in full under other names, then published together: a
        # reader sees the last merge's two files or this one's, never one of each
        # (`merge_publishing`).
        new = {name: output / f".{name}.{os.getpid()}{_NEW}"
               for name in ("merged.jsonl", "entities.jsonl")}
        try:
            with new["merged.jsonl"].open("wb") as fh:
                n_calls = _write_counted(fh, ((line,) for line in merger.merged_lines()))
                fh.flush()
                os.fsync(fh.fileno())
            with new["entities.jsonl"].open("wb") as fh:
                _write_counted(fh, merger.entity_lines())
                fh.flush()
                os.fsync(fh.fileno())
            with merge_publishing(output):
                for name, path in new.items():
                    os.replace(path, output / name)
        finally:
            for path in new.values():
                path.unlink(missing_ok=True)
    return n_calls
