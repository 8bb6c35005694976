"""Scratch tables on disk for the publish step: what it groups and sorts, kept out of memory.

Publishing a run (merged calls, canonical entities, run-level countries) groups and sorts
records of every document. Held as Python objects they need memory in proportion to the
corpus (gigabytes for a hundred thousand documents); a `Spill` keeps them in a temporary
sqlite database beside the output instead, with a small page cache and the sorter's
temporary files in the same directory (not in /tmp, which may be memory), so memory stays
flat and the disk holds the rest.

sqlite compares TEXT and BLOB values bytewise, and for UTF-8 text that is the order of
Python's `str` comparison (by code point): `ORDER BY` on text columns sorts as `sorted()`
does. `strings_key` extends that to lists of strings.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

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
        self._tmp = tempfile.TemporaryDirectory(prefix=".newsevents-spill-", dir=directory)
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

    def __enter__(self) -> Spill:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
