"""Rebuild src/newsevents/data/offices.tsv from a Wikidata SPARQL result.

    python scripts/offices/refresh.py RESULT.json --as-of 2026-12-01 [-o OUT.tsv]

RESULT.json is what https://query.wikidata.org/ returns for scripts/offices/offices.sparql
(JSON format). Nothing is downloaded here: fetch the result wherever the network allows.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from newsevents.kb.refresh import rows_from_sparql, write_table

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "src" / "newsevents" / "data" / "offices.tsv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("result", type=Path)
    parser.add_argument("--as-of", required=True, help="the day the query was run (YYYY-MM-DD)")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = json.loads(args.result.read_text(encoding="utf-8"))
    n = write_table(rows_from_sparql(result, args.as_of), args.output)
    print(f"{n} rows -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
