"""JSON Schema files generated from the pydantic models."""

from __future__ import annotations

from pathlib import Path

import orjson

from newsevents.errors import UsageError
from newsevents.io.jsonl import atomic_write_bytes
from newsevents.records import json_schemas


def write_schemas(out_dir: Path) -> list[Path]:
    """Write `<name>.schema.json` for each record into out_dir; return the paths.

    Each file is replaced atomically (no half-written schema, no temporary file left).

    Raises:
        UsageError: out_dir is a file.
        OSError: out_dir cannot be created or written.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output path {out_dir} is a file: give a directory with -o")
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, schema in json_schemas().items():
        path = out_dir / f"{name}.schema.json"
        atomic_write_bytes(
            path, orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
        )
        paths.append(path)
    return paths
