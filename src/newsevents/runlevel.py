"""What a run knows that one document does not: a person's country from the other documents.

An article may name "President X" without ever saying which country X leads, and the
country words around the name then decide (`entities.countries.infer_countries`), which is often
wrong. Other documents of the same run usually state it ("the Ruritanian president X").
After a run is published, each party whose country is only inferred (or a fallback) takes
the country the other documents give the same person, when they agree: one document that
states it, or two that infer it, and at least two thirds of the weight. A country stated in
the party's own document is never changed. The party's `country_basis` becomes "run".

The book holds one counter per distinct normalised name, not one entry per document, so
memory grows with the number of people in the run, not with the number of documents.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from newsevents.io.journal import Entry
from newsevents.names import normalize_name, same_person, surname_key

# A document that states the country counts fully; one that infers it, half.
BASIS_WEIGHT = {"stated": 1.0, "inferred": 0.5}
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

    def country_for(self, name: str, own: Mapping[str, Any] | None) -> str | None:
        """The country other documents agree `name` has (`own`: the party's document line,
        whose votes do not count)."""
        key = normalize_name(name)
        if not key:
            return None
        total: Counter[str] = Counter()
        matches = [o for o in self._block.get(surname_key(key), ()) if same_person(key, o)]
        if len(key.split()) == 1:
            # A bare surname fits every namesake: only when the run's full names that
            # match it are all one person.
            full = sorted(o for o in matches if len(o.split()) > 1)
            if any(not same_person(a, b) for a in full for b in full if a < b):
                return None
        for other in matches:
            total.update(self._votes[other])
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


def book_from_documents(lines: Iterable[bytes]) -> CountryBook:
    book = CountryBook()
    for line in lines:
        if line.strip():
            book.add_document(orjson.loads(line))
    return book


def reconcile_event(line: bytes, book: CountryBook, own: Mapping[str, Any] | None) -> bytes:
    """The event line with its parties' countries from the run where theirs is not stated."""
    event = orjson.loads(line)
    changed = False
    for party in event.get("parties") or ():
        if not party.get("name") or party.get("country_basis") not in OVERRIDABLE:
            continue
        if party.get("org"):
            continue
        country = book.country_for(party["name"], own)
        if country is not None and country != party.get("country"):
            party["country"] = country
            party["country_basis"] = "run"
            changed = True
    return orjson.dumps(event) if changed else line


def reconcile_countries(out_dir: Path, entries: list[Entry]) -> list[Entry]:
    """Rewrite the published events.jsonl of `out_dir` with run-level countries.

    `entries` are the published documents in file order; returns them with their events'
    byte spans in the rewritten file.
    """
    docs_path, events_path = out_dir / "documents.jsonl", out_dir / "events.jsonl"
    if not any(e.events for e in entries):
        return entries
    with docs_path.open("rb") as fh:
        book = book_from_documents(fh)
    tmp = out_dir / "events.jsonl.tmp"
    out: list[Entry] = []
    pos = 0
    with docs_path.open("rb") as docs, events_path.open("rb") as src, tmp.open("wb") as dst:
        for entry in entries:
            d0, d1, e0, e1, r0, r1 = entry.spans
            if e1 == e0:
                out.append(replace(entry, spans=(d0, d1, pos, pos, r0, r1)))
                continue
            own = None
            if d1 > d0:
                docs.seek(d0)
                own = orjson.loads(docs.read(d1 - d0))
            src.seek(e0)
            chunk = src.read(e1 - e0)
            new = b"".join(
                reconcile_event(line, book, own) + b"\n" for line in chunk.splitlines() if line
            )
            dst.write(new)
            out.append(replace(entry, spans=(d0, d1, pos, pos + len(new), r0, r1)))
            pos += len(new)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, events_path)
    return out
