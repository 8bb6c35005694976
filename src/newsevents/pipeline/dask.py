"""`--engine dask`: the same pipeline on a dask.distributed cluster.

The client (the `extract` process) walks the inputs, skips what the journal says is done,
and submits batches of documents; each worker reads its documents itself (paths on a
shared filesystem, or fsspec URLs such as `s3://bucket/news/`), runs the pipeline and
returns the finished JSON lines. The client writes them in input order, with the same
journal as the local engine, so the output is the same line for line.

The model loads once per worker process (a cached loader) and one batch runs at a time in
each process (a spaCy pipeline is not shared between threads): start workers with one
thread each (`dask worker --nthreads 1 --nworkers N`).

Needs the `dask` extra: `pip install 'newsevents[dask]'`.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any

from newsevents.errors import UsageError
from newsevents.io.remote import DASK_EXTRA_HINT
from newsevents.pipeline.batching import pipe_results
from newsevents.pipeline.units import DocResult, ResultSource, Task
from newsevents.pipeline.workers import load_nlp
from newsevents.settings import Settings

# One batch at a time per worker process: a spaCy pipeline is not shared between threads.
_worker_lock = threading.Lock()


# --- the workers' side ----------------------------------------------------------------------


def process_batch(
    tasks: list[Task], root: str, model: str, max_chars: int
) -> list[DocResult]:
    """Run one batch of documents on a worker; results in the tasks' order."""
    with _worker_lock:
        nlp = load_nlp(model, max_chars)
        results = list(
            pipe_results(nlp, iter(tasks), root, n_process=1, batch_size=len(tasks),
                         max_chars=max_chars)
        )
    order = {t.doc_id: i for i, t in enumerate(tasks)}
    results.sort(key=lambda r: order[r.doc_id])
    return results


# --- the client's side ----------------------------------------------------------------------


def dask_engine(root: str | Path, settings: Settings) -> ResultSource:
    """Process tasks on a dask cluster: `settings.scheduler`, else a new local cluster."""

    def results(tasks: Iterator[Task]) -> Iterator[DocResult]:
        first = next(tasks, None)
        if first is None:
            return
        client, cluster = _connect(settings)
        try:
            threads = sum(client.nthreads().values()) or 1
            window: deque[Any] = deque()
            stream = chain([first], tasks)
            while batch := list(islice(stream, settings.batch_size)):
                window.append(
                    client.submit(process_batch, batch, str(root), settings.model,
                                  settings.max_chars, pure=False)
                )
                while len(window) > 2 * threads:
                    yield from window.popleft().result()
            while window:
                yield from window.popleft().result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return results


def _connect(settings: Settings) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise UsageError(DASK_EXTRA_HINT) from exc
    if settings.scheduler:
        try:
            return Client(settings.scheduler, timeout="30s"), None
        except OSError as exc:
            raise UsageError(
                f"cannot reach the dask scheduler at {settings.scheduler}: {exc}"
            ) from exc
    cluster = LocalCluster(
        n_workers=settings.processes,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
    )
    return Client(cluster), cluster
