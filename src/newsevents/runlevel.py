"""What a run knows that one document does not: a person's country from the other documents.

An article may name "President X" without ever saying which country X leads, and the
country words around the name then decide (`entities.countries.infer_countries`), which is often
wrong. Other documents of the same run usually state it ("the Ruritanian president X").
After a run is published, each party whose country is only inferred (or a fallback) takes
the country the other documents give the same person, when they agree: one document that
states it, or two that infer it, and at least two thirds of the weight. A country stated in
the party's own document is never changed. The party's `country_basis` becomes "run".

`CountryBook` holds one counter per distinct normalised name, not one entry per document;
the publish step uses `SpilledCountryBook`, which keeps those counters in a sqlite scratch
table (`newsevents.spill`) and holds only the surname blocks it was asked about last, so its
memory does not grow with the run at all.
"""

from __future__ import annotations

import functools
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from newsevents.io.journal import Entry
from newsevents.names import normalize_name, same_person, surname_key
from newsevents.spill import Spill, trim_name_caches

# A document that states the country, or whose office-holder table knows the person,
# counts fully; one that infers it, half.
BASIS_WEIGHT = {"stated": 1.0, "office_table": 1.0, "inferred": 0.5}
MIN_WEIGHT = 1.0
MIN_SHARE = 2 / 3
OVERRIDABLE = frozenset({None, "inferred", "fallback", "run"})


def _person_votes(doc: Mapping[str, Any]) -> Iterator[tuple[str, str, float]]:
    """(normalised name, country, weight) of each person of one document line."""
    for ent in doc.get("entities") or ():
        if ent.get("label") != "PERSON" or not ent.get("country"):
            continue
        weight = BASIS_WEIGHT.get(ent.get("country_basis") or "stated", 0.0)
        name = normalize_name(ent["name"])
        if name and weight:
            yield name, ent["country"], weight


class CountryBook:
    """Country votes per person across the documents of a run."""

    def __init__(self) -> None:
        self._votes: dict[str, Counter[str]] = defaultdict(Counter)
        self._block: dict[str, set[str]] = defaultdict(set)

    def add_document(self, doc: Mapping[str, Any]) -> None:
        for name, country, weight in _person_votes(doc):
            self._votes[name][country] += weight  # type: ignore[assignment]  # float weights
            self._block[surname_key(name)].add(name)

    def _votes_in_block(self, skey: str) -> Mapping[str, Counter[str]]:
        """The votes of every name with surname key `skey`."""
        return {name: self._votes[name] for name in self._block.get(skey, ())}

    def country_for(self, name: str, own: Mapping[str, Any] | None) -> str | None:
        """The country other documents agree `name` has (`own`: the party's document line,
        whose votes do not count)."""
        key = normalize_name(name)
        if not key:
            return None
        total: Counter[str] = Counter()
        block = self._votes_in_block(surname_key(key))
        matches = [o for o in block if same_person(key, o)]
        if len(key.split()) == 1:
            # A bare surname fits every namesake: only when the run's full names that
            # match it are all one person.
            full = sorted(o for o in matches if len(o.split()) > 1)
            if any(not same_person(a, b) for a in full for b in full if a < b):
                return None
        for other in matches:
            total.update(block[other])
        if own is not None:
            for other, country, weight in _person_votes(own):
                if same_person(key, other):
                    total[country] -= weight  # type: ignore[assignment]  # float weights
        total = Counter({c: w for c, w in total.items() if w > 1e-9})
        if not total:
            return None
        (country, weight), *rest = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
        if weight < MIN_WEIGHT or weight < MIN_SHARE * sum(total.values()):
            return None
        return country


class SpilledCountryBook(CountryBook):
    """A `CountryBook` whose votes are in a `Spill`: the same answers in flat memory.

    Votes are summed in memory for a batch of documents, then added to the table; weights
    are multiples of one half, so sums are exact in any order.
    """

    _UPSERT = (
        "INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT (skey, name, country) "
        "DO UPDATE SET weight = weight + excluded.weight"
    )

    def __init__(self, spill: Spill, *, batch: int = 20_000, cached_blocks: int = 256) -> None:
        super().__init__()
        self._spill = spill
        self._batch = batch
        self._pending: dict[tuple[str, str, str], float] = defaultdict(float)
        spill.db.execute(
            "CREATE TABLE votes (skey TEXT, name TEXT, country TEXT, weight REAL, "
            "PRIMARY KEY (skey, name, country)) WITHOUT ROWID"
        )
        self._cached = functools.lru_cache(maxsize=cached_blocks)(self._load_block)

    def add_document(self, doc: Mapping[str, Any]) -> None:
        for name, country, weight in _person_votes(doc):
            self._pending[(surname_key(name), name, country)] += weight
        if len(self._pending) >= self._batch:
            self._flush()

    def _flush(self) -> None:
        self._spill.add_many(self._UPSERT, ((*k, w) for k, w in self._pending.items()))
        self._spill.flush()
        self._pending.clear()
        self._cached.cache_clear()

    def _votes_in_block(self, skey: str) -> Mapping[str, Counter[str]]:
        if self._pending:
            self._flush()
        return self._cached(skey)

    def _load_block(self, skey: str) -> Mapping[str, Counter[str]]:
        block: dict[str, Counter[str]] = defaultdict(Counter)
        for name, country, weight in self._spill.db.execute(
            "SELECT name, country, weight FROM votes WHERE skey = ?", (skey,)
        ):
            block[name][country] = weight
        return block


def book_from_documents(lines: Iterable[bytes], book: CountryBook | None = None) -> CountryBook:
    book = book if book is not None else CountryBook()
    for n, line in enumerate(lines):
        if n % 1000 == 0:
            trim_name_caches()
        if line.strip():
            book.add_document(orjson.loads(line))
    return book


def reconcile_event(line: bytes, book: CountryBook, own: Mapping[str, Any] | None) -> bytes:
    """The event line with its parties' countries from the run where theirs is not stated."""
    return _reconciled_event(line, book, lambda: own)


def _reconciled_event(
    line: bytes, book: CountryBook, own: Callable[[], Mapping[str, Any] | None]
) -> bytes:
    """`reconcile_event` with the party's document line read only when a party needs it
    (most parties' countries are stated, and a document line is the largest thing read)."""
    event = orjson.loads(line)
    changed = False
    for party in event.get("parties") or ():
        if not party.get("name") or party.get("country_basis") not in OVERRIDABLE:
            continue
        if party.get("name_basis") == "office_holder":
            continue  # the name is the holder of the office of that country
        if party.get("org"):
            continue
        country = book.country_for(party["name"], own())
        if country is not None and country != party.get("country"):
            party["country"] = country
            party["country_basis"] = "run"
            changed = True
    return orjson.dumps(event) if changed else line


def reconcile_countries(out_dir: Path, entries: Iterable[Entry]) -> list[Entry]:
    """Rewrite the published events.jsonl of `out_dir` with run-level countries.

    `entries` are the published documents in file order; returns them with their events'
    byte spans in the rewritten file.
    """
    entries = list(entries)
    if not any(e.events for e in entries):
        return entries
    return list(reconciled(out_dir, entries))


def reconciled(out_dir: Path, entries: Iterable[Entry]) -> Iterator[Entry]:
    """`reconcile_countries` one entry at a time: events.jsonl is replaced once the last
    entry is taken. Memory does not grow with the run (the votes are on disk)."""
    docs_path, events_path = out_dir / "documents.jsonl", out_dir / "events.jsonl"
    tmp = out_dir / "events.jsonl.tmp"
    try:
        yield from _reconciled(docs_path, events_path, tmp, entries)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, events_path)


def _reconciled(
    docs_path: Path, events_path: Path, tmp: Path, entries: Iterable[Entry]
) -> Iterator[Entry]:
    with Spill(docs_path.parent) as spill:
        book = SpilledCountryBook(spill)
        with docs_path.open("rb") as fh:
            book_from_documents(fh, book)
        pos = 0
        with docs_path.open("rb") as docs, events_path.open("rb") as src, tmp.open("wb") as dst:
            for n, entry in enumerate(entries):
                if n % 1000 == 0:
                    trim_name_caches()
                d0, d1, e0, e1, r0, r1 = entry.spans
                if e1 == e0:
                    yield replace(entry, spans=(d0, d1, pos, pos, r0, r1))
                    continue
                own = _DocumentLine(docs, d0, d1)
                src.seek(e0)
                chunk = src.read(e1 - e0)
                new = b"".join(
                    _reconciled_event(line, book, own) + b"\n"
                    for line in chunk.splitlines()
                    if line
                )
                dst.write(new)
                yield replace(entry, spans=(d0, d1, pos, pos + len(new), r0, r1))
                pos += len(new)
            dst.flush()
            os.fsync(dst.fileno())


class _DocumentLine:
    """The documents.jsonl line at bytes [start, end) of `fh`, read and parsed when first
    called (None for an empty span)."""

    __slots__ = ("_fh", "_start", "_end", "_doc", "_read")

    def __init__(self, fh: BinaryIO, start: int, end: int) -> None:
        self._fh, self._start, self._end = fh, start, end
        self._doc: Mapping[str, Any] | None = None
        self._read = False

    def __call__(self) -> Mapping[str, Any] | None:
        if not self._read:
            self._read = True
            if self._end > self._start:
                self._fh.seek(self._start)
                self._doc = orjson.loads(self._fh.read(self._end - self._start))
        return self._doc
