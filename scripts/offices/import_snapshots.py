"""Build src/newsevents/data/offices.tsv from public Wikidata-derived snapshots.

This is how the shipped table was made (see README, "Office holders"). It reads
  * every-politician-scrapers/<repo> html/holders21.csv: Wikidata P39 statements (CC0) with
    exact start/end dates, one file per country, each as of its last commit date;
  * every-politician-scrapers/world-leaders-2021 data/wikidata.csv: current heads of state and
    government by year (Wikidata, CC0), as of its last commit;
  * snapshots/world-leaders-2026.csv: the rows of a 2026 version of that same file for the
    covered countries, transcribed as published (years only).
Usage:  python scripts/offices/import_snapshots.py MANIFEST.tsv OUT.tsv
MANIFEST columns: iso3, path to holders21-shaped CSV, source label, as_of (YYYY-MM-DD).
Once a network is available, scripts/offices/refresh.py rebuilds the table from Wikidata itself.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from newsevents.kb.offices import Term
from newsevents.kb.refresh import role_of, write_table

WL_2022 = (
    "wikidata via every-politician-scrapers/world-leaders-2021 data/wikidata.csv",
    "2022-10-09",
)
WL_2026 = (
    "wikidata via every-politician-scrapers/world-leaders-2021 data/wikidata.csv@05e3baa2",
    "2026-01-01",
)


def holders21_rows(iso3: str, path: Path, source: str, as_of: str) -> list[Term]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            role = role_of(iso3, r["position"])
            if role is None or not r["personID"].startswith("Q") or not r["person"]:
                continue
            aliases = (r["enwiki"].split(" (")[0],) if r.get("enwiki") else ()
            rows.append(Term(r["personID"], r["person"], aliases, iso3, role, r["position"],
                             r["start"], r["end"], as_of, source))
    return rows


def year_rows(path: Path, source: str, as_of: str, names: dict[str, str]) -> list[Term]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            role = role_of(r["iso3"], r["position"], named_with_country=True)
            name = r["name"] or names.get(r["qid"], "")
            if role is None or not name:  # an unlabelled item cannot be named from this source
                continue
            rows.append(Term(r["qid"], name, (), r["iso3"], role, r["position"],
                             r["start_year"], r["end_year"], as_of, source))
    return rows


def main(manifest: str, out: str) -> None:
    rows: list[Term] = []
    with open(manifest, encoding="utf-8") as fh:
        for iso3, path, source, as_of in csv.reader(fh, delimiter="\t"):
            rows += holders21_rows(iso3, Path(path), source, as_of)
    names = {r.qid: r.name for r in rows}
    here = Path(__file__).parent / "snapshots"
    for name, (source, as_of) in (("world-leaders-2022.csv", WL_2022),
                                  ("world-leaders-2026.csv", WL_2026)):
        if (here / name).exists():
            rows += year_rows(here / name, source, as_of, names)
    write_table(rows, Path(out))


if __name__ == "__main__":
    main(*sys.argv[1:3])
