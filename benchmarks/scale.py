"""Scale benchmark: the publish step (run-level countries, merged.jsonl, entities.jsonl) on
synthetic run directories of 10k, 100k and 1M documents, with its time and peak RSS.

A run directory is built from real output lines (a `newsevents extract` of ../shared/devset,
or `--template DIR`), replicated: every copy gets its own doc_ids and event ids, its people
renamed from a pool of 60,000 synthetic surnames (entity ids recomputed, so each is a
distinct person), and its dates shifted by up to ten years. Copies come in pairs with the
same people and dates, so every call is reported by two documents and merging, near-duplicate
detection and the country votes all do real work. A party the office table knows keeps its
Wikidata QID, and merging compares such parties by QID: they stay the same leaders in every
copy, so a large run holds thousands of calls between the same two leaders (the dates of
copies ten years' worth apart coincide: from about 635,000 documents on, those copies report
the same calls, and merged calls grow more slowly than documents). Each size is published by
a child process whose own peak RSS (`ru_maxrss`) and CPU time are reported, as a run does it
after `publish`: the run-level countries rewrite events.jsonl, then merged.jsonl and
entities.jsonl are written. On a shared machine the CPU seconds compare sizes better than
the wall-clock ones.

    .venv/bin/python benchmarks/scale.py                          # 10k, 100k, 1M (~1 h)
    .venv/bin/python benchmarks/scale.py --sizes 10000 100000     # a quicker run
    .venv/bin/python benchmarks/scale.py --sizes 20000 --keep     # keep the run directory

Needs disk: about 6 KB per document for the run directory plus as much again while
publishing (the scratch tables); the directories are removed at the end unless `--keep`.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import hashlib
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset" / "docs"
CONSONANTS, VOWELS = "bdfghjklmnprstvz", "aeiou"
POOL_SIZE = 60_000
TEN_YEARS = 3650
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- the synthetic run directory -------------------------------------------------------------


def name_pool(size: int = POOL_SIZE, seed: int = 7) -> list[str]:
    """`size` synthetic words to stand for surnames and first names, each with its own
    `surname_key` (so people share a blocking key only when they share a surname)."""
    from newsevents.names import surname_key

    rng = random.Random(seed)
    pool: dict[str, str] = {}
    while len(pool) < size:
        n = rng.randint(3, 5)
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(n))
        pool.setdefault(surname_key(word), word.capitalize())
    return sorted(pool.values())


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


class Template:
    """The lines of a real run, and how to make a copy of them with other people and dates."""

    def __init__(self, run: Path) -> None:
        self.docs = [orjson.loads(line) for line in (run / "documents.jsonl").open("rb")]
        self.docs.sort(key=lambda d: d["doc_id"])
        events: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
        for line in (run / "events.jsonl").open("rb"):
            ev = orjson.loads(line)
            events[ev["doc_id"]].append(ev)
        self.events = events
        tokens: set[str] = set()
        for d in self.docs:
            for ent in d.get("entities") or ():
                if ent["label"] == "PERSON":
                    for alias in [ent["name"], *(ent.get("aliases") or ())]:
                        tokens.update(re.findall(r"[^\W\d_][\w'’-]+", alias))
        for evs in events.values():
            for ev in evs:
                for p in ev["parties"]:
                    tokens.update(re.findall(r"[^\W\d_][\w'’-]+", p["name"] or ""))
        self.hashes = {t: _stable_hash(t) for t in tokens}
        self.tokens_re = re.compile(
            r"\b(" + "|".join(map(re.escape, sorted(tokens, key=len, reverse=True))) + r")\b"
        )
        self.pool = name_pool()
        from newsevents.entities.cluster import entity_id

        self.entity_id = entity_id

    def renamer(self, group: int) -> Callable[[str | None], str | None]:
        offset = group * 104_729
        pool, hashes, n = self.pool, self.hashes, len(self.pool)

        def sub(m: re.Match[str]) -> str:
            return pool[(hashes[m.group(0)] + offset) % n]

        def rename(text: str | None) -> str | None:
            return self.tokens_re.sub(sub, text) if text else text

        return rename

    def copy(self, k: int) -> Iterator[tuple[str, bytes, list[bytes]]]:
        """(doc_id, documents line, events lines) of every template document, copy `k`."""
        group = k // 2  # pairs of copies: the same calls reported twice
        rename = self.renamer(group)
        days = dt.timedelta(days=(group * 389) % TEN_YEARS)

        def shift(value: str | None) -> str | None:
            if not value or not _ISO_DAY.fullmatch(value):
                return value
            return (dt.date.fromisoformat(value) + days).isoformat()

        for d in self.docs:
            doc_id = f"{k:07d}/{d['doc_id']}"
            doc = {**d, "doc_id": doc_id, "title": rename(d.get("title")),
                   "published": shift(d.get("published")),
                   "sha256": hashlib.sha256(f"{d.get('sha256')}/{k}".encode()).hexdigest()}
            entities = []
            for ent in d.get("entities") or ():
                if ent["label"] == "PERSON":
                    name = rename(ent["name"]) or ent["name"]
                    ent = {**ent, "name": name,
                           "id": self.entity_id(name, "PERSON", ent.get("country")),
                           "aliases": [rename(a) for a in ent.get("aliases") or ()],
                           "mentions": [{**m, "text": rename(m["text"])}
                                        for m in ent.get("mentions") or ()]}
                entities.append(ent)
            doc["entities"] = entities
            lines = []
            for ev in self.events.get(d["doc_id"], ()):
                parties = []
                for p in ev["parties"]:
                    name = rename(p["name"])
                    entity = p["entity_id"]
                    if name and name != p["name"]:
                        entity = self.entity_id(name, "PERSON", p.get("country"))
                    parties.append({**p, "name": name, "mention": rename(p["mention"]),
                                    "entity_id": entity})
                date = {**ev["date"], "value": shift(ev["date"]["value"]),
                        "anchor": shift(ev["date"]["anchor"])}
                lines.append(orjson.dumps({
                    **ev, "id": f"{ev['id']}.{k}", "doc_id": doc_id, "parties": parties,
                    "initiated_by": rename(ev["initiated_by"]), "date": date,
                    "evidence": [{**e, "text": rename(e["text"])} for e in ev["evidence"]],
                }))
            yield doc_id, orjson.dumps(doc), lines


ENTRIES = "entries.bench"  # what the journal would hold: doc_id, byte spans, events


def build_run(template: Template, n_docs: int, out: Path) -> int:
    """Write documents.jsonl and events.jsonl of `n_docs` documents into `out`; bytes written."""
    out.mkdir(parents=True, exist_ok=True)
    written = d_pos = e_pos = 0
    with (out / "documents.jsonl").open("wb") as docs, (out / "events.jsonl").open("wb") as evs, \
            (out / ENTRIES).open("wb") as entries:
        k = 0
        while written < n_docs:
            for doc_id, doc, events in template.copy(k):
                if written >= n_docs:
                    break
                docs.write(doc + b"\n")
                e0 = e_pos
                for line in events:
                    evs.write(line + b"\n")
                    e_pos += len(line) + 1
                entries.write(orjson.dumps([doc_id, d_pos,
                                            d_pos + len(doc) + 1, e0, e_pos, len(events)]))
                entries.write(b"\n")
                d_pos += len(doc) + 1
                written += 1
            k += 1
    (out / "errors.jsonl").write_bytes(b"")
    return sum((out / f).stat().st_size for f in ("documents.jsonl", "events.jsonl"))


def template_run(args: argparse.Namespace, work: Path) -> Path:
    if args.template:
        return Path(args.template)
    out = work / "template"
    exe = Path(sys.executable).parent / "newsevents"
    cmd = [str(exe), "extract", str(DEVSET), "-o", str(out), "-p", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.strip()}")
    return out


# --- the publish step, in a child process ----------------------------------------------------


def _entries(run: Path) -> Iterator[Any]:
    """The journal entries of the run's documents (what `publish` hands on), one at a time."""
    from newsevents.io.journal import Entry

    with (run / ENTRIES).open("rb") as fh:
        for line in fh:
            doc_id, d0, d1, e0, e1, n = orjson.loads(line)
            yield Entry(doc_id, None, (d0, d1, e0, e1, 0, 0), n, n, False, 0)


def publish_child(run: Path) -> None:
    """Publish `run` as `extract` does after `publish`; print times and peak RSS as JSON."""
    from newsevents import runlevel
    from newsevents.merge import write_run_merges

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    c0, t0 = cpu(), time.perf_counter()
    if hasattr(runlevel, "reconciled"):
        collections.deque(runlevel.reconciled(run, _entries(run)), maxlen=0)
    else:  # the code before publishing streamed: it takes a list
        runlevel.reconcile_countries(run, list(_entries(run)))
    t1 = time.perf_counter()
    merged, entities = write_run_merges(run)
    t2 = time.perf_counter()
    print(json.dumps({
        "countries_s": t1 - t0, "merge_s": t2 - t1, "seconds": t2 - t0, "cpu_s": cpu() - c0,
        "merged": merged,
        "entities": entities,
        "maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--template", help="an extract output directory to replicate "
                    "(default: extract ../shared/devset)")
    ap.add_argument("--workdir", type=Path, help="where the run directories go (default: a "
                    "new temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the run directories")
    ap.add_argument("--publish", type=Path, help=argparse.SUPPRESS)  # the child's entry point
    args = ap.parse_args()
    if args.publish:
        publish_child(args.publish)
        return 0
    work = Path(tempfile.mkdtemp(prefix="newsevents-scale-", dir=args.workdir))
    try:
        template = Template(template_run(args, work))
        print(f"template: {len(template.docs)} documents, "
              f"{sum(map(len, template.events.values()))} events; work dir {work}")
        print(f"{'documents':>10} {'MB':>7} {'merged':>8} {'entities':>9} {'countries':>10} "
              f"{'merge':>8} {'total s':>8} {'CPU s':>8} {'peak RSS':>9} {'size x':>7} "
              f"{'time x':>7} {'CPU x':>6} {'RSS x':>6}")
        base: tuple[int, float, float, float] | None = None
        for size in sorted(args.sizes):
            run = work / f"run-{size}"
            size_mb = build_run(template, size, run) / 1e6
            done = subprocess.run([sys.executable, __file__, "--publish", str(run)],
                                  capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"publishing {size} documents failed:\n{done.stderr}")
            r = json.loads(done.stdout.splitlines()[-1])
            base = base or (size, r["seconds"], r["maxrss_mib"], r["cpu_s"])
            print(f"{size:>10,} {size_mb:>7,.0f} {r['merged']:>8,} {r['entities']:>9,} "
                  f"{r['countries_s']:>9.1f}s {r['merge_s']:>7.1f}s {r['seconds']:>8.1f} "
                  f"{r['cpu_s']:>8.1f} {r['maxrss_mib']:>5.0f} MiB {size / base[0]:>7.0f} "
                  f"{r['seconds'] / base[1]:>7.1f} {r['cpu_s'] / base[3]:>6.1f} "
                  f"{r['maxrss_mib'] / base[2]:>6.2f}", flush=True)
            if not args.keep:
                shutil.rmtree(run)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
