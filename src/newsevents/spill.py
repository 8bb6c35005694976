"""Scratch tables on disk for the publish step: what it groups and sorts, kept out of memory.

Publishing a run (merged calls, canonical entities, run-level countries) groups and sorts
records of every document. Held as Python objects they need memory in proportion to the
corpus (gigabytes for a hundred thousand documents); a `Spill` keeps them in a temporary
sqlite database beside the output instead, with a small page cache and the sorter's
temporary files in the same directory (not in /tmp, which may be memory), so memory stays
flat and the disk holds the rest.

A spill's directory (`.newsevents-spill-*`) holds an flock while it is open; one that a killed
process left behind (its lock free) is removed by the next `Spill` in the same directory.

sqlite compares TEXT and BLOB values bytewise, and for UTF-8 text that is the order of
Python's `str` comparison (by code point): `ORDER BY` on text columns sorts as `sorted()`
does. `strings_key` extends that to lists of strings.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from newsevents.io.write import held_lock_fds

PREFIX = ".newsevents-spill-"
# A spill holds an flock on this file inside its directory while it is open; the kernel drops
# it however the process ends, so a directory whose lock can be taken is a killed one's.
LOCK_FILE = "lock"
# Page cache (and so the sorter's in-memory run size) in KiB: beyond it sqlite spills to disk.
CACHE_KIB = 8 * 1024
# Rows (and bytes of text and blobs) buffered in Python before one executemany.
BATCH_ROWS = 5_000
BATCH_BYTES = 4 << 20


class Spill:
    """A temporary sqlite database in `directory`, removed on close.

    Use as a context manager. Rows are added with `add` (buffered; a row's large value, if
    any, goes last) and must be flushed with `flush` before a query reads their table.
    """

    def __init__(self, directory: Path) -> None:
        remove_stale_spills(directory)
        self._tmp = tempfile.TemporaryDirectory(prefix=PREFIX, dir=directory)
        self._lock = _lock_spill(Path(self._tmp.name))
        self.db = sqlite3.connect(Path(self._tmp.name) / "spill.db", isolation_level=None)
        for pragma in (
            "journal_mode = OFF",  # scratch data: nothing to recover after a crash
            "synchronous = OFF",
            "locking_mode = EXCLUSIVE",
            "temp_store = FILE",
            f"cache_size = -{CACHE_KIB}",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        try:
            # Deprecated but still built in; without it the sorter writes to $TMPDIR.
            self.db.execute(f"PRAGMA temp_store_directory = '{_quoted(self._tmp.name)}'")
        except sqlite3.DatabaseError:
            pass
        self.db.execute("BEGIN")
        self._pending: dict[str, list[Sequence[Any]]] = {}
        self._bytes = 0

    def add(self, sql: str, row: Sequence[Any]) -> None:
        """Buffer one row for the statement `sql` (an INSERT with `?` placeholders)."""
        rows = self._pending.setdefault(sql, [])
        rows.append(row)
        # One row may be large (an entity's list of documents): count the bytes of its
        # payload, by convention its last value.
        payload = row[-1]
        if isinstance(payload, bytes):
            self._bytes += len(payload)
        if len(rows) >= BATCH_ROWS or self._bytes >= BATCH_BYTES:
            self.flush()

    def add_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.add(sql, row)

    def flush(self) -> None:
        for sql, rows in self._pending.items():
            if rows:
                self.db.executemany(sql, rows)
                rows.clear()
        self._bytes = 0

    def close(self) -> None:
        self._pending.clear()
        self.db.close()
        self._tmp.cleanup()
        held_lock_fds.discard(self._lock)
        os.close(self._lock)

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()




def _lock_spill(path: Path) -> int:
    """Lock the new spill directory `path`; the lock's file descriptor.

    The lock file is locked under another name and then renamed into place, so another
    process never finds a `LOCK_FILE` that is not yet locked (and takes the directory for a
    killed one's).
    """
    tmp = path / (LOCK_FILE + ".new")
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.rename(tmp, path / LOCK_FILE)
    held_lock_fds.add(fd)
    return fd


def remove_stale_spills(directory: Path) -> list[Path]:
    """Remove the spill directories that killed processes left in `directory`.

    Only a directory named like a spill whose `LOCK_FILE` can be locked is removed: one in use
    (by this process or another) holds its lock, and one without a lock file (being created,
    or not a spill) is left alone. Returns the directories removed.
    """
    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(PREFIX)]
    except OSError:
        return removed
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        path = Path(entry.path)
        try:
            fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # in use
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)
        removed.append(path)
    return removed


# Entries the name caches keep during a publish step (see `trim_name_caches`).
NAME_CACHE_ENTRIES = 32_768


def trim_name_caches() -> None:
    """Empty the name caches of `newsevents.names` once they are past NAME_CACHE_ENTRIES.

    They are sized for extraction (a few hundred thousand pairs of names, ~90 MB when full);
    the publish step works one block of records at a time, and names rarely meet again across
    blocks, so keeping its cached names few keeps its memory flat at little cost.
    """
    from newsevents import names

    for cached in (names.name_similarity, names.name_tokens, names._skeleton):
        if cached.cache_info().currsize > NAME_CACHE_ENTRIES:
            cached.cache_clear()


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def strings_key(values: Iterable[str]) -> bytes:
    """A BLOB that sorts bytewise as the list `values` sorts in Python.

    Each string is UTF-8 with NUL written as NUL 0xFF and ends with NUL 0x01: a string ends
    before any longer one that starts with it, and a shorter list before a longer one.
    """
    return b"".join(v.encode().replace(b"\x00", b"\x00\xff") + b"\x00\x01" for v in values)
