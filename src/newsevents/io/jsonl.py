"""JSON Lines files: the one reader and the one atomic writer.

Every file newsevents replaces as a whole (the journal's snapshot, the manifest,
merged.jsonl, entities.jsonl) goes through `atomic_file`: a reader sees the old file or the
whole new one, never a half-written one, even if the process is killed mid-write.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from newsevents.errors import UsageError


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A binary file that replaces `path` when the block ends without an exception.

    The data is synced before the rename, so after a crash `path` holds the old or the whole
    new content. On an exception the temporary file is removed and `path` is left as it was.
    """
    # The pid keeps two processes that write the same path from sharing a temporary file.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: a reader sees the old file or the whole new one."""
    with atomic_file(path) as fh:
        fh.write(data)


def atomic_write_lines(path: Path, lines: Iterable[bytes]) -> None:
    """Replace `path` with one line per item of `lines` (each without its newline)."""
    with atomic_file(path) as fh:
        for line in lines:
            fh.write(line)
            fh.write(b"\n")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL output file, one per non-empty line.

    Raises:
        UsageError: the file is missing, or a line is not JSON.
    """
    return (obj for _, obj in numbered_jsonl(path))


def numbered_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, JSON value) for every non-empty line, for messages that name the line."""
    if not path.is_file():
        raise UsageError(f"{path} not found: run `newsevents extract` into {path.parent} first")
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield n, orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise UsageError(
                    f"{path}:{n}: not JSON ({exc}); check it with `newsevents validate`"
                ) from None
