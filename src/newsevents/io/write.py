"""JSONL output: one writer per run, files replaced atomically when the run finishes."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import orjson

from newsevents.records import Manifest, Record

OUTPUT_FILES = ("documents.jsonl", "events.jsonl", "errors.jsonl")


def read_manifest(out_dir: Path) -> dict | None:
    """The manifest of the run that wrote out_dir, if any."""
    path = out_dir / "manifest.json"
    if not path.is_file():
        return None
    try:
        return orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        return None


def write_manifest(out_dir: Path, manifest: Manifest) -> None:
    atomic_write_bytes(
        out_dir / "manifest.json",
        orjson.dumps(manifest.model_dump(mode="json"), option=orjson.OPT_INDENT_2) + b"\n",
    )


def atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class RunWriter:
    """Writes documents.jsonl, events.jsonl and errors.jsonl of one run.

    Lines go to `<name>.part` files, flushed after each batch; `finish()` renames them into
    place, so a reader never sees a half-written output file.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[bytes]] = {
            name: open(out_dir / f"{name}.part", "wb") for name in OUTPUT_FILES
        }

    def write(self, name: str, record: Record) -> None:
        self._files[name].write(record.to_json() + b"\n")

    def flush(self) -> None:
        for fh in self._files.values():
            fh.flush()

    def finish(self) -> None:
        for name, fh in self._files.items():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
            os.replace(self.out_dir / f"{name}.part", self.out_dir / name)

    def abort(self) -> None:
        for fh in self._files.values():
            fh.close()
