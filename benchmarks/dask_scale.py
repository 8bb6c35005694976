"""`extract --engine dask` on a LocalCluster over loopback with 1, 2 and 4 workers.

Each cluster's workers (one process, one thread each, TCP on 127.0.0.1) load the model on a
warm-up document first, so the timed run is steady state; the local engine (one process) is
timed the same way for reference. Prints documents/s and the speedup against one dask worker
and against the local engine, and checks every dask output is byte for byte the local one's.

    python benchmarks/dask_scale.py [--corpus DIR] [--limit N] [--workers 1 2 4]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from newsevents.pipeline import extract
from newsevents.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
COMPARED = ("documents.jsonl", "events.jsonl", "errors.jsonl", "merged.jsonl", "entities.jsonl")
BATCH = 8


def _timed(src: Path, out: Path, settings: Settings) -> float:
    t0 = time.perf_counter()
    extract(src, out, settings, force=True)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    names = sorted(n for n in os.listdir(args.corpus) if n.endswith(".txt"))[: args.limit]
    with tempfile.TemporaryDirectory(prefix="dask-scale-") as tmp_name:
        tmp = Path(tmp_name)
        src, warm = tmp / "in", tmp / "warm"
        src.mkdir()
        warm.mkdir()
        for name in names:
            os.symlink(args.corpus / name, src / name)
        os.symlink(args.corpus / names[0], warm / names[0])
        print(f"{len(names)} documents of {args.corpus}, batches of {BATCH}, "
              f"{os.cpu_count()} cores")

        local_settings = Settings(processes=1, batch_size=BATCH)
        _timed(warm, tmp / "warm-local", local_settings)  # the model loads in this process
        local = _timed(src, tmp / "local", local_settings)
        rows = [("local engine, 1 process", local)]
        for n in args.workers:
            with LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                              protocol="tcp", host="127.0.0.1",
                              dashboard_address=":0") as cluster:
                settings = Settings(engine="dask", scheduler=cluster.scheduler_address,
                                    batch_size=BATCH)
                with Client(cluster) as client:  # every worker loads the model first
                    client.run(_load_model, settings.model, settings.max_chars)
                out = tmp / f"dask-{n}"
                seconds = _timed(src, out, settings)
            for name in COMPARED:
                if (out / name).read_bytes() != (tmp / "local" / name).read_bytes():
                    raise SystemExit(f"{n} workers: {name} differs from the local engine's")
            rows.append((f"dask, {n} worker(s)", seconds))

    one = dict(rows).get("dask, 1 worker(s)")
    print(f"{'engine':<26} {'seconds':>8} {'docs/s':>8} {'vs 1 worker':>12} {'vs local':>9}")
    for label, seconds in rows:
        vs_one = f"{one / seconds:.2f}x" if one else "-"
        print(f"{label:<26} {seconds:8.1f} {len(names) / seconds:8.1f} {vs_one:>12} "
              f"{local / seconds:8.2f}x")
    print("outputs: every dask run byte-identical to the local engine's")


def _load_model(model: str, max_chars: int) -> None:
    from newsevents.pipeline.workers import load_nlp

    load_nlp(model, max_chars)


if __name__ == "__main__":
    main()
