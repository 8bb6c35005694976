"""Output files: working files appended by whole batches, published in doc_id order, a lock.

A run writes documents.jsonl, events.jsonl and errors.jsonl into working files under
`<out>/.newsevents/` (appended one batch at a time, synced before the journal records the
batch), then publishes them: each output file is rewritten in doc_id order, without the
lines of documents that were reprocessed or removed, and renamed into place. A reader of
`<out>` never sees a half-written output file, and a killed run leaves the published files
of the previous complete run as they were, or, killed between two renames, a directory without
a manifest, which every reader refuses as mid-publish (`io.published`).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import orjson

from newsevents.errors import OutputLockedError
from newsevents.io.journal import Entry
from newsevents.io.jsonl import atomic_write_bytes
from newsevents.records import Manifest

OUTPUT_FILES = ("documents.jsonl", "events.jsonl", "errors.jsonl")
DERIVED_FILES = ("merged.jsonl", "entities.jsonl")
MANIFEST_FILE = "manifest.json"
STATE_DIR = ".newsevents"
JOURNAL_FILE = "journal.jsonl"
LOCK_FILE = "lock"
PART_SUFFIX = ".part"
_COPY_CHUNK = 1 << 20


def state_dir(out_dir: Path) -> Path:
    """Where a run keeps its journal, lock and working files."""
    return out_dir / STATE_DIR


def read_manifest(out_dir: Path) -> dict | None:
    """The manifest of the run that wrote out_dir, if any."""
    path = out_dir / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        return orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        return None


def write_manifest(out_dir: Path, manifest: Manifest) -> None:
    atomic_write_bytes(
        out_dir / MANIFEST_FILE,
        orjson.dumps(manifest.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n",
    )


def file_sizes(directory: Path, suffix: str = "") -> tuple[int, int, int] | None:
    """The sizes of the three output files in `directory` (None if one is missing)."""
    sizes = []
    for name in OUTPUT_FILES:
        try:
            sizes.append((directory / (name + suffix)).stat().st_size)
        except FileNotFoundError:
            return None
    return sizes[0], sizes[1], sizes[2]


# --- the lock -------------------------------------------------------------------------------

# Every lock this process holds (output directories, spill directories): a forked child
# closes them all.
held_lock_fds: set[int] = set()


def _close_locks_in_child() -> None:
    # A forked worker must not keep the lock alive after its parent is gone.
    for fd in list(held_lock_fds):
        try:
            os.close(fd)
        except OSError:
            pass
    held_lock_fds.clear()


os.register_at_fork(after_in_child=_close_locks_in_child)


class OutputLock:
    """An exclusive lock on an output directory (`flock` on `.newsevents/lock`).

    The kernel drops it when the process ends, however it ends, so a killed run never
    leaves a stale lock.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = state_dir(out_dir) / LOCK_FILE
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputLockedError(
                f"{self.out_dir} is being written by another newsevents run (pid {holder}): "
                "wait for it to finish, or write to another directory with -o"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        held_lock_fds.add(fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            held_lock_fds.discard(self._fd)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


# --- working files --------------------------------------------------------------------------


class WorkingFiles:
    """The output files of a run in progress, appended to by whole batches.

    `add` buffers a document's lines; `commit` writes the batch with one write per file and
    syncs it, after which the journal may record the batch.
    """

    def __init__(
        self, directory: Path, sizes: tuple[int, int, int], lines: tuple[int, int, int]
    ) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.sizes = list(sizes)
        self.lines = list(lines)
        self._fds: list[int] = []
        for name, size in zip(OUTPUT_FILES, sizes, strict=True):
            fd = os.open(directory / (name + PART_SUFFIX), os.O_RDWR | os.O_CREAT, 0o644)
            # Lines past the journal's sizes are from a batch that never finished.
            os.ftruncate(fd, size)
            self._fds.append(fd)
        self._buffers: list[list[bytes]] = [[], [], []]
        self._pending = [0, 0, 0]
        self._pending_lines = [0, 0, 0]

    def add(self, k: int, data: bytes, n_lines: int) -> tuple[int, int]:
        """Buffer lines for output file k; returns the (start, end) they will occupy."""
        start = self.sizes[k] + self._pending[k]
        if data:
            self._buffers[k].append(data)
            self._pending[k] += len(data)
            self._pending_lines[k] += n_lines
        return start, start + len(data)

    def commit(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        """Write and sync the buffered batch; returns the new sizes and line counts."""
        for k, fd in enumerate(self._fds):
            if not self._buffers[k]:
                continue
            data = memoryview(b"".join(self._buffers[k]))
            offset = self.sizes[k]
            while data:
                n = os.pwrite(fd, data, offset)
                data = data[n:]
                offset += n
            os.fdatasync(fd)
            self.sizes[k] += self._pending[k]
            self.lines[k] += self._pending_lines[k]
            self._buffers[k] = []
            self._pending[k] = self._pending_lines[k] = 0
        return (self.sizes[0], self.sizes[1], self.sizes[2]), (
            self.lines[0], self.lines[1], self.lines[2]
        )

    def close(self) -> None:
        for fd in self._fds:
            os.close(fd)
        self._fds = []


def copy_published(out_dir: Path, directory: Path) -> None:
    """Copy the published output files into working files, to extend them."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        part = directory / (name + PART_SUFFIX)
        tmp = directory / (name + ".tmp")
        shutil.copyfile(out_dir / name, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, part)


def remove_working(directory: Path) -> None:
    for name in OUTPUT_FILES:
        (directory / (name + PART_SUFFIX)).unlink(missing_ok=True)
        (directory / (name + ".tmp")).unlink(missing_ok=True)


def publish(out_dir: Path, directory: Path, entries: Iterable[Entry]) -> list[Entry]:
    """Write the output files from the working files, documents in the order given.

    Only the lines of `entries` are copied (a reprocessed document's old lines and a
    removed document's lines are left behind). Returns the entries with their spans in
    the published files.
    """
    entries = list(entries)
    placed: list[list[int]] = [[] for _ in entries]
    for k, name in enumerate(OUTPUT_FILES):
        tmp = out_dir / (name + ".tmp")
        with open(directory / (name + PART_SUFFIX), "rb") as src, open(tmp, "wb") as dst:
            pos = 0
            run_start = run_end = -1
            for i, entry in enumerate(entries):
                start, end = entry.spans[2 * k], entry.spans[2 * k + 1]
                placed[i] += [pos, pos + end - start]
                pos += end - start
                if start == end:
                    continue
                if start == run_end:
                    run_end = end
                    continue
                if run_end > run_start:
                    _copy_range(src.fileno(), dst.fileno(), run_start, run_end - run_start)
                run_start, run_end = start, end
            if run_end > run_start:
                _copy_range(src.fileno(), dst.fileno(), run_start, run_end - run_start)
            dst.flush()
            os.fsync(dst.fileno())
    # From the first replace until a new manifest is written, the files may be of two runs:
    # no manifest tells readers so (`io.published`). Until here (a full disk while copying)
    # the last complete run stays published, manifest included.
    (out_dir / MANIFEST_FILE).unlink(missing_ok=True)
    for name in OUTPUT_FILES:
        os.replace(out_dir / (name + ".tmp"), out_dir / name)
    return [
        replace(entry, spans=tuple(p))  # type: ignore[arg-type]
        for entry, p in zip(entries, placed, strict=True)
    ]


def _copy_range(src: int, dst: int, start: int, length: int) -> None:
    offset = start
    end = start + length
    while offset < end:
        chunk = os.pread(src, min(_COPY_CHUNK, end - offset), offset)
        if not chunk:
            raise OSError(f"working file ends at {offset}, before {end}")
        os.write(dst, chunk)
        offset += len(chunk)
