"""Merge benchmark: time `merge_calls` on 10k, 50k and 100k synthetic held-call events.

Parties come from a pool of a few hundred synthetic names, dates spread over five years, and
about a third of the calls are reported by two or three documents (with surname-only
spellings and publication-dated copies a day later), so both the blocking and the matching
do real work. Near-linear growth shows as a time ratio close to the size ratio.

    .venv/bin/python benchmarks/merge_bench.py [--sizes 10000 50000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from datetime import date, timedelta
from typing import Any

from newsevents.merge import merge_calls

SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "to", "vi", "dar", "ne", "bor", "ul", "ze",
             "fa", "gor", "hi", "ja", "ost", "pe", "ri", "tan"]
COUNTRIES = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"]
START = date(2018, 1, 1)
DAYS = 5 * 365


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def name_pool(rng: random.Random, size: int = 400) -> list[tuple[str, str, str]]:
    """(full name, surname, country) for `size` distinct synthetic people."""
    pool: dict[str, tuple[str, str, str]] = {}
    while len(pool) < size:
        surname = _word(rng, rng.randint(2, 3))
        pool.setdefault(surname, (f"{_word(rng, 2)} {surname}", surname, rng.choice(COUNTRIES)))
    return list(pool.values())


def _event(n: int, doc_id: str, people: list[tuple[str, str, str]], day: date, basis: str,
           short: bool) -> dict[str, Any]:
    text = "The leaders spoke by phone."
    span = {"start": 0, "end": len(text), "text": text}
    return {
        "schema_version": "1", "id": f"ev{n:08d}", "type": "call", "doc_id": doc_id,
        "status": "held", "medium": "phone",
        "parties": [{"name": surname if short else full, "mention": full, "title": None,
                     "country": country, "org": None, "entity_id": None}
                    for full, surname, country in people],
        "initiated_by": None,
        "date": {"value": day.isoformat(), "text": None, "basis": basis, "granularity": "day",
                 "anchor": None, "reason": None},
        "topics": [], "evidence": [span],
        "codes": {"cameo": "041", "plover_event": "CONSULT", "plover_mode": "phone"},
        "confidence": 0.9, "rule": "call.bench.v1",
    }


def synthetic_events(n: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pool = name_pool(rng)
    events: list[dict[str, Any]] = []
    doc = 0
    while len(events) < n:
        people = rng.sample(pool, 2)
        day = START + timedelta(days=rng.randrange(DAYS))
        copies = rng.choices([1, 2, 3], weights=[65, 25, 10])[0]
        for c in range(copies):
            doc += 1
            late = c > 0 and rng.random() < 0.3
            events.append(_event(len(events), f"doc-{doc:07d}.txt", people,
                                 day + timedelta(days=1) if late else day,
                                 "publication" if late else "explicit",
                                 short=c > 0 and rng.random() < 0.5))
    return events[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs per size")
    args = parser.parse_args()
    events = synthetic_events(max(args.sizes))
    base: tuple[int, float] | None = None
    print(f"{'events':>8} {'merged':>8} {'seconds':>8} {'us/event':>9} {'size x':>7} {'time x':>7}")
    for size in sorted(args.sizes):
        subset = events[:size]
        # Best of several runs, each from a clean heap: the first run at a new size also pays
        # for growing the process heap, and other processes share the machine.
        elapsed = float("inf")
        for _ in range(args.repeat):
            gc.collect()
            t0 = time.perf_counter()
            merged = merge_calls(subset, {})
            elapsed = min(elapsed, time.perf_counter() - t0)
            n_merged = len(merged)
            del merged
        base = base or (size, elapsed)
        print(f"{size:>8} {n_merged:>8} {elapsed:>8.2f} {elapsed / size * 1e6:>9.1f} "
              f"{size / base[0]:>7.1f} {elapsed / base[1]:>7.1f}")


if __name__ == "__main__":
    main()
