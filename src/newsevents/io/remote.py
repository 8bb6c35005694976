"""Inputs by fsspec URL (`s3://bucket/news/`, `memory://...`): check, walk, fingerprint, read.

The client walks and fingerprints (from metadata, without downloading); each worker reads
its own documents. Needs fsspec, part of the dask extra.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from newsevents.errors import DocumentError, UsageError

if TYPE_CHECKING:
    from newsevents.article import Article

DASK_EXTRA_HINT = "the dask engine needs the dask extra: pip install 'newsevents[dask]'"
URL_MARK = "://"


def is_url(path: str | object) -> bool:
    """Whether an input is an fsspec URL rather than a local path."""
    return isinstance(path, str) and URL_MARK in path


def _fsspec() -> Any:
    try:
        import fsspec
    except ImportError as exc:
        raise UsageError(f"fsspec URLs need fsspec: {DASK_EXTRA_HINT}") from exc
    return fsspec


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
    """Read and decode one document from an fsspec URL (the remote side of `read_article`).

    Raises:
        DocumentError: the document cannot be read or decoded.
    """
    from newsevents.io.read import article_from_bytes

    try:
        with _fsspec().open(url, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DocumentError("read", f"cannot read {url}: {exc}") from exc
    return article_from_bytes(data, doc_id=doc_id, path=url)
