"""The run journal: which inputs are done, and where their lines are in the output files.

`extract` appends one line to `<out>/.newsevents/journal.jsonl` after each batch, once the
batch's lines are on disk. A run killed at any point (even `kill -9` in mid-batch) is
resumed from it: the working files are cut back to the sizes the last journal line gives,
so only whole batches survive, and the documents it lists are not processed again.

Lines (JSON objects, one per line):

- `{"kind": "header", ...}`: the run's identity (input root, settings hash) and `fields`,
  the order of the values in each document entry;
- `{"kind": "batch", "docs": [[...], ...], "sizes": [...], "lines": [...]}`: documents
  done, and the byte size and line count of each output file after them;
- `{"kind": "open"}`: a finished run's output was copied into working files to be extended;
- `{"kind": "finished"}`: the entries before it describe the published output files.

A trailing line cut short by a kill is ignored; any other line that is not JSON, or not of
one of these shapes, makes the journal damaged (`JournalError`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from newsevents.io.jsonl import atomic_write_bytes

JOURNAL_VERSION = 1
ENTRY_FIELDS = (
    "doc_id", "fingerprint", "spans", "events", "calls_held", "failed", "tokens", "order",
)
# How many entries go on one line of a rewritten (finished) journal.
_SNAPSHOT_CHUNK = 500


class JournalError(Exception):
    """The journal cannot be read (not a kill's cut-short last line: a damaged file)."""


@dataclass(slots=True)
class Entry:
    """One input document done: where its lines are, and what they hold.

    `fingerprint` is the sha256 of the file's bytes (for fsspec URLs: of its size and
    modification stamp), None when the file could not be read. `spans` gives (start, end)
    byte offsets of the document's lines in documents.jsonl, events.jsonl and errors.jsonl.
    `order` is the position at which it was written, to tell whether the files are in
    doc_id order.
    """

    doc_id: str
    fingerprint: str | None
    spans: tuple[int, int, int, int, int, int]
    events: int
    calls_held: int
    failed: bool
    tokens: int
    order: int = 0
    seen: bool = False  # found in this run's walk (not written)

    def to_list(self) -> list[Any]:
        return [
            self.doc_id, self.fingerprint, list(self.spans), self.events, self.calls_held,
            self.failed, self.tokens, self.order,
        ]

    @classmethod
    def from_list(cls, values: list[Any]) -> Entry:
        """An entry from its journal list.

        Raises:
            ValueError: the list is not of an entry's shape.
        """
        if not isinstance(values, list) or len(values) != len(ENTRY_FIELDS):
            raise ValueError(f"a document entry is a list of {len(ENTRY_FIELDS)} values")
        doc_id, fingerprint, spans, events, calls_held, failed, tokens, order = values
        if not isinstance(doc_id, str) or not doc_id:
            raise ValueError("doc_id: not a non-empty string")
        if fingerprint is not None and not isinstance(fingerprint, str):
            raise ValueError(f"{doc_id}: fingerprint: not a string or null")
        if not (isinstance(spans, list) and len(spans) == 6 and all(map(_count, spans))):
            raise ValueError(f"{doc_id}: spans: not a list of 6 offsets")
        if any(spans[k] > spans[k + 1] for k in (0, 2, 4)):
            raise ValueError(f"{doc_id}: spans: a span ends before it starts")
        for name, value in (("events", events), ("calls_held", calls_held),
                            ("tokens", tokens), ("order", order)):
            if not _count(value):
                raise ValueError(f"{doc_id}: {name}: not a count")
        if not isinstance(failed, bool):
            raise ValueError(f"{doc_id}: failed: not true or false")
        return cls(doc_id, fingerprint, tuple(spans), events, calls_held, failed, tokens, order)  # type: ignore[arg-type]

    @property
    def lines(self) -> tuple[int, int, int]:
        """Lines in documents.jsonl, events.jsonl, errors.jsonl."""
        return (0 if self.failed else 1, self.events, 1 if self.failed else 0)


class Journal:
    """The journal of one output directory, read once and then appended to."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header: dict[str, Any] | None = None
        self.entries: dict[str, Entry] = {}
        self.sizes: tuple[int, int, int] = (0, 0, 0)
        self.lines: tuple[int, int, int] = (0, 0, 0)
        self.state = "new"  # new | open | finished
        self.garbage = False  # some lines in the files belong to no current entry
        self.next_order = 0

    @classmethod
    def load(cls, path: Path) -> Journal:
        """Read the journal at `path` (an empty journal if there is none).

        A last line without its newline was being written when the run died: it never
        counted, and is cut off so that the next line starts clean.
        """
        journal = cls(path)
        if not path.is_file():
            return journal
        data = path.read_bytes()
        *complete, tail = data.split(b"\n")
        if tail:
            with open(path, "r+b") as fh:
                fh.truncate(len(data) - len(tail))
        for lineno, line in enumerate(complete, 1):
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise JournalError(f"{path}, line {lineno}: {exc}") from exc
            try:
                journal._apply(obj)
            except ValueError as exc:
                raise JournalError(f"{path}, line {lineno}: {exc}") from None
        return journal

    def _apply(self, obj: object) -> None:
        """Apply one journal line.

        Raises:
            ValueError: the line is not of a journal line's shape.
        """
        if not isinstance(obj, dict):
            raise ValueError("not a JSON object")
        kind = obj.get("kind")
        if kind == "header":
            self.header = obj
            self.state = "open"
        elif kind == "batch":
            docs = obj.get("docs")
            if not isinstance(docs, list):
                raise ValueError("docs: not a list")
            entries = [Entry.from_list(values) for values in docs]
            sizes, lines = _triple(obj, "sizes"), _triple(obj, "lines")
            for entry in entries:
                self._put(entry)
            self.sizes, self.lines = sizes, lines
        elif kind == "open":
            self.state = "open"
        elif kind == "finished":
            self.state = "finished"
            self.garbage = False
        else:
            raise ValueError(f"kind: unknown journal line kind {kind!r}")

    def _put(self, entry: Entry) -> None:
        if entry.doc_id in self.entries:
            self.garbage = True  # the old lines of a reprocessed document are still there
        self.entries[entry.doc_id] = entry
        self.next_order = max(self.next_order, entry.order + 1)

    # --- writing ------------------------------------------------------------------------

    def begin(self, header: dict[str, Any]) -> None:
        """Start a new journal (replacing any old one) with the run's header."""
        self.header = {"kind": "header", "version": JOURNAL_VERSION, "fields": ENTRY_FIELDS,
                       **header}
        self.entries = {}
        self.sizes = self.lines = (0, 0, 0)
        self.garbage = False
        self.next_order = 0
        atomic_write_bytes(self.path, _line(self.header))
        self.state = "open"

    def reopen(self) -> None:
        """Mark that the published files were copied into working files to be extended."""
        self._append([{"kind": "open"}])
        self.state = "open"

    def add_batch(
        self, entries: Iterable[Entry], sizes: tuple[int, int, int], lines: tuple[int, int, int]
    ) -> None:
        """Record a batch whose lines are on disk (call after the working files are synced)."""
        entries = list(entries)
        for entry in entries:
            entry.order = self.next_order
            entry.seen = True
            self._put(entry)
        self._append([{"kind": "batch", "docs": [e.to_list() for e in entries],
                       "sizes": list(sizes), "lines": list(lines)}])
        self.sizes, self.lines = sizes, lines

    def finish(self, entries: list[Entry]) -> None:
        """Rewrite the journal as a description of the published files (entries in order)."""
        assert self.header is not None
        self.entries = {}
        body = _line(self.header)
        sizes = [0, 0, 0]
        lines = [0, 0, 0]
        for start in range(0, max(len(entries), 1), _SNAPSHOT_CHUNK):
            chunk = entries[start : start + _SNAPSHOT_CHUNK]
            for order, entry in enumerate(chunk, start):
                entry.order = order
                self.entries[entry.doc_id] = entry
                sizes = [max(sizes[k], entry.spans[2 * k + 1]) for k in range(3)]
                lines = [a + b for a, b in zip(lines, entry.lines, strict=True)]
            body += _line({"kind": "batch", "docs": [e.to_list() for e in chunk],
                           "sizes": sizes, "lines": lines})
        body += _line({"kind": "finished"})
        atomic_write_bytes(self.path, body)
        self.next_order = len(entries)
        self.sizes, self.lines = tuple(sizes), tuple(lines)  # type: ignore[assignment]
        self.state = "finished"
        self.garbage = False

    def _append(self, objs: list[dict[str, Any]]) -> None:
        data = b"".join(_line(o) for o in objs)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def _triple(obj: dict[str, Any], name: str) -> tuple[int, int, int]:
    value = obj.get(name)
    if not (isinstance(value, list) and len(value) == 3 and all(map(_count, value))):
        raise ValueError(f"{name}: not a list of 3 counts")
    return value[0], value[1], value[2]


def _line(obj: dict[str, Any]) -> bytes:
    return orjson.dumps(obj) + b"\n"
