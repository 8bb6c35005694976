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

import fnmatch
import hashlib
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import chain, islice
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from newsevents.errors import DocumentError, UsageError

if TYPE_CHECKING:
    from newsevents.article import Article
    from newsevents.pipeline import DocResult, ResultSource, Task
    from newsevents.settings import Settings

DASK_EXTRA_HINT = "the dask engine needs the dask extra: pip install 'newsevents[dask]'"
_worker_lock = threading.Lock()


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError as exc:
        raise UsageError(f"fsspec URLs need fsspec: {DASK_EXTRA_HINT}") from exc
    return fsspec


# --- inputs by URL --------------------------------------------------------------------------


def check_url(url: str) -> str:
    """The canonical form of an input URL.

    Raises:
        UsageError: fsspec is missing, the protocol is unknown, or nothing is there.
    """
    fsspec = _fsspec()
    try:
        fs, path = fsspec.core.url_to_fs(url)
        exists = fs.exists(path)
    except (ImportError, ValueError) as exc:
        raise UsageError(f"cannot open input URL {url}: {exc}") from exc
    if not exists:
        raise UsageError(f"input path {url} does not exist: give a directory or a file")
    return fs.unstrip_protocol(path.rstrip("/"))


def walk_url(url: str, globs: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(doc_id, URL) of each file under `url`, in the local walk's order (by doc_id)."""
    fs, root = _fsspec().core.url_to_fs(url)
    root = root.rstrip("/")
    if fs.isfile(root):
        yield PurePosixPath(root).name, fs.unstrip_protocol(root)
        return
    found = []
    for path in fs.find(root):
        rel = PurePosixPath(path).relative_to(root).as_posix()
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts):
            continue
        if any(fnmatch.fnmatch(parts[-1], g) for g in globs):
            found.append((rel, fs.unstrip_protocol(path)))
    found.sort()
    yield from found


def url_fingerprint(url: str) -> str | None:
    """A change key for a remote file from its metadata (size, modification stamp, ETag),
    so that the client need not download every file to tell what changed."""
    try:
        fs, path = _fsspec().core.url_to_fs(url)
        return "ukey:" + str(fs.ukey(path))
    except (OSError, ValueError):
        return None


def read_url_article(url: str, doc_id: str) -> Article:
    """Read and decode one document from an fsspec URL (a worker's side of `read_article`).

    Raises:
        DocumentError: the document cannot be read or decoded.
    """
    from newsevents.io import read

    try:
        with _fsspec().open(url, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DocumentError("read", f"cannot read {url}: {exc}") from exc
    builder = getattr(read, "article_from_bytes", None)
    if builder is not None:
        return builder(data, doc_id=doc_id, path=url)
    sha256 = hashlib.sha256(data).hexdigest()
    if PurePosixPath(url).suffix.lower() in read.HTML_SUFFIXES or read._HTML_START_RE.match(
        data[:2048]
    ):
        return read._read_html(data, doc_id=doc_id, path=url, sha256=sha256)
    text, encoding = read.decode(data)
    return read.article_from_text(text, doc_id=doc_id, path=url, sha256=sha256, encoding=encoding)


# --- the workers' side ----------------------------------------------------------------------


def process_batch(
    tasks: list[Task], root: str, model: str, max_chars: int
) -> list[DocResult]:
    """Run one batch of documents on a worker; results in the tasks' order."""
    from newsevents.pipeline import load_nlp, pipe_results

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
