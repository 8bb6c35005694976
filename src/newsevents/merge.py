"""Cross-document merging: one record per real-world call, one per canonical entity.

Held calls from different documents are one call when their parties are the same people
(`names.same_person`, one to one) and their dates are equal, or one day apart where one side
rests only on the publication date. Clusters form by exact date first; a cluster dated only
by publication then joins an adjacent-day cluster when exactly one fits, so the one-day
tolerance never chains. Comparisons are blocked on (party surname keys, date), which keeps
merging near-linear; every ordering step sorts on the records' content, so the result does
not depend on the order of the input.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from newsevents.errors import NewsEventsError, UsageError
from newsevents.io.jsonl import atomic_write_lines, numbered_jsonl, read_jsonl
from newsevents.io.published import is_extract_output, reading_published
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
    Record,
)

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


def _party_key(party: Party) -> str:
    if party.name:
        return surname_key(party.name)
    # Known only by office: such parties compare by country and title.
    return f"~{party.country or ''}:{normalize_name(party.title or '')}"


def _party_similarity(a: Party, b: Party) -> float:
    if a.name and b.name:
        return name_similarity(a.name, b.name)
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

    def root(c: _Cluster) -> _Cluster:
        while c.index in absorbed:
            c = absorbed[c.index]
        return c

    for c in soft:
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
            continue
        target = root(target)
        if target is c or target.docs & c.docs:
            continue
        target.add(c)
        absorbed[c.index] = target
    return [c for c in clusters if c.index not in absorbed]


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

    def add(self, other: _EntityGroup) -> None:
        self.names |= other.names
        self.aliases |= other.aliases
        self.countries += other.countries
        self.orgs += other.orgs
        self.documents |= other.documents
        self.mentions += other.mentions

    def country(self) -> str | None:
        return _most_common(self.countries)


def _merge_people(groups: list[_EntityGroup]) -> list[_EntityGroup]:
    """Join PERSON groups whose names are the same person and whose countries agree."""
    people = sorted(groups, key=lambda g: (_name_rank(g.name), g.id))
    blocks: dict[str, list[_EntityGroup]] = defaultdict(list)
    out: list[_EntityGroup] = []
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
        )
        for g in merged
    ]
    records.sort(key=lambda r: (r.label, r.name, r.id))
    return records


# --- files --------------------------------------------------------------------------------


class InvalidInputError(NewsEventsError):
    """Input lines that are not valid records, one `file:line: field: message` each (exit 1)."""


def _valid_records(path: Path, problems: list[str]) -> list[dict[str, Any]]:
    """The lines of an input file, each checked against its pydantic model as `newsevents
    validate` does; every invalid line is added to `problems`."""
    from pydantic import ValidationError

    from newsevents.records import EVENT_ADAPTER
    from newsevents.validate import adapter_for, problems_of

    adapter = adapter_for(path.name)
    records = []
    for n, obj in numbered_jsonl(path):
        try:
            adapter.validate_python(obj)
        except ValidationError as exc:
            tag = obj.get("type") if adapter is EVENT_ADAPTER and isinstance(obj, dict) else None
            problems.extend(str(p) for p in problems_of(exc, str(path), n, tag))
            continue
        records.append(obj)
    return records


def _write_jsonl(path: Path, records: Iterable[Record]) -> None:
    atomic_write_lines(path, (rec.to_json() for rec in records))


def write_run_merges(out_dir: Path) -> tuple[int, int]:
    """Write merged.jsonl and entities.jsonl from a run's events and documents.

    Returns:
        (number of merged calls, number of entities).
    """
    documents = {d["doc_id"]: d for d in read_jsonl(out_dir / "documents.jsonl")}
    calls = merge_calls(read_jsonl(out_dir / "events.jsonl"), documents)
    entities = build_entities(documents.values())
    _write_jsonl(out_dir / "merged.jsonl", calls)
    _write_jsonl(out_dir / "entities.jsonl", entities)
    return len(calls), len(entities)


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
    problems: list[str] = []
    with reading_published(*out_dirs):
        runs = [
            (_valid_records(d / "documents.jsonl", problems),
             _valid_records(d / "events.jsonl", problems))
            for d in out_dirs
        ]
    if problems:
        raise InvalidInputError("\n".join(problems))
    seen: Counter[str] = Counter()
    for docs, _ in runs:
        seen.update({doc["doc_id"] for doc in docs})
    documents: dict[str, dict[str, Any]] = {}
    events: list[dict[str, Any]] = []
    for prefix, (docs, evs) in zip(_run_prefixes(out_dirs), runs, strict=True):
        def rename(doc_id: str, prefix: str = prefix) -> str:
            return f"{prefix}/{doc_id}" if seen[doc_id] > 1 else doc_id

        for doc in docs:
            documents[rename(doc["doc_id"])] = {**doc, "doc_id": rename(doc["doc_id"])}
        events.extend({**ev, "doc_id": rename(ev["doc_id"])} for ev in evs)
    calls = merge_calls(events, documents)
    output.mkdir(parents=True, exist_ok=True)
    _write_jsonl(output / "merged.jsonl", calls)
    _write_jsonl(output / "entities.jsonl", build_entities(documents.values()))
    return len(calls)
