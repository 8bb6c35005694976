"""JSON Schema files generated from the pydantic models."""

from __future__ import annotations

from pathlib import Path

import orjson

from newsevents.records import json_schemas


def write_schemas(out_dir: Path) -> list[Path]:
    """Write `<name>.schema.json` for each record into out_dir; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, schema in json_schemas().items():
        path = out_dir / f"{name}.schema.json"
        path.write_bytes(
            orjson.dumps(schema, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
        )
        paths.append(path)
    return paths
