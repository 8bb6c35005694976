"""A dask worker process killed (SIGKILL) in mid-run: the run completes, nothing is lost or
doubled, and the output is byte for byte the local engine's.

The scheduler reschedules the killed worker's batch on another worker (its nanny starts a new
process); the client takes each batch's result once, in input order.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import orjson
import pytest

from conftest import shared_path
from newsevents.io.write import JOURNAL_FILE, OUTPUT_FILES, STATE_DIR
from newsevents.pipeline import extract
from newsevents.settings import Settings

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow
COMPARED = (*OUTPUT_FILES, "merged.jsonl", "entities.jsonl")
N_DOCS = 24
BATCH = 2


def _kill_a_busy_worker(client: object, journal: Path, killed: list[tuple[str, int]],
                        stop: threading.Event) -> None:
    """Once the first batch is in the journal, SIGKILL a worker that is processing a batch."""
    while not stop.is_set():
        if journal.is_file() and b'"batch"' in journal.read_bytes():
            busy = [addr for addr, keys in client.processing().items()  # type: ignore[attr-defined]
                    if any("process_batch" in str(k) for k in keys)]
            if busy:
                pids = client.run(os.getpid, workers=busy[:1])  # type: ignore[attr-defined]
                (addr, pid), = pids.items()
                os.kill(pid, signal.SIGKILL)
                killed.append((addr, pid))
                return
        time.sleep(0.02)


def test_a_killed_worker_loses_and_doubles_nothing(tmp_path: Path) -> None:
    bbc = shared_path("corpora", "bbc")
    src = tmp_path / "in"
    src.mkdir()
    for name in sorted(os.listdir(bbc))[:N_DOCS]:
        shutil.copy(bbc / name, src / name)
    local = tmp_path / "local"
    extract(src, local, Settings(processes=1, batch_size=BATCH))

    out = tmp_path / "dask"
    killed: list[tuple[str, int]] = []
    stop = threading.Event()
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, protocol="tcp", host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster, distributed.Client(cluster) as client:
        killer = threading.Thread(
            target=_kill_a_busy_worker,
            args=(client, out / STATE_DIR / JOURNAL_FILE, killed, stop), daemon=True,
        )
        killer.start()
        try:
            summary = extract(src, out, Settings(engine="dask", scheduler=cluster.scheduler_address,
                                                 batch_size=BATCH))
        finally:
            stop.set()
            killer.join()
    assert killed, "the run ended before a worker could be killed in mid-run"
    (_, pid), = killed
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # the worker really is gone
    assert summary.documents + summary.errors == N_DOCS and summary.processed == N_DOCS
    doc_ids = [orjson.loads(line)["doc_id"] for line in (out / "documents.jsonl").open("rb")]
    assert len(doc_ids) == len(set(doc_ids)) == summary.documents  # none lost, none twice
    for name in COMPARED:
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
