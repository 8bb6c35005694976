"""Extract the terms of the UK Foreign Secretary and Defence Secretary from the Institute for
Government's Ministers Database (github.com/instituteforgov/ifg-ministers-database-public,
CC BY 4.0: "IfG Ministers Database, Institute for Government").

    python scripts/offices/import_ifg.py IFG_GIT_DIR [-o OUT.csv]

IFG_GIT_DIR is a clone (a bare one will do) of that repository; nothing is downloaded here.
Its data/post.csv names the posts, data/appointment.csv dates each appointment to the day,
data/person.csv names each person (a peer's title from the day of the peerage). The output
(`snapshots/ifg-uk-ministers.csv`, one row per appointment) is what import_snapshots.py adds
to the table.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "snapshots" / "ifg-uk-ministers.csv"
COLUMNS = ("role", "title", "name", "aliases", "start", "end", "as_of", "commit")
# The posts, by their names in post.csv, and the table's role for each.
POSTS = {
    "Secretary of State for Foreign Affairs": "foreign_minister",
    "Secretary of State for Foreign and Commonwealth Affairs": "foreign_minister",
    "Secretary of State for Foreign, Commonwealth and Development Affairs": "foreign_minister",
    "Secretary of State for Defence": "defence_minister",
}
# Peers are known by the name they had before ("David Cameron", not "Lord Cameron of
# Chipping Norton"); the title is an alias.
_PEERAGE = ("Lord ", "Baroness ", "Lady ", "Viscount ", "Earl ")


def _read(git_dir: Path, path: str) -> list[dict[str, str]]:
    text = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
                          capture_output=True, text=True, check=True).stdout
    return list(csv.DictReader(io.StringIO(text)))


def _names(rows: list[dict[str, str]]) -> tuple[str, tuple[str, ...]]:
    """A person's name and other names, from their rows of person.csv."""
    names = list(dict.fromkeys(r["display_name"] for r in rows if r["display_name"]))
    plain = [n for n in names if not n.startswith(_PEERAGE)] or names
    return plain[0], tuple(n for n in names if n != plain[0])


def extract(git_dir: Path) -> list[dict[str, str]]:
    """One row per appointment to a post of POSTS, in post and start order."""
    log = subprocess.run(["git", f"--git-dir={git_dir}", "log", "-1", "--format=%h %cs"],
                         capture_output=True, text=True, check=True).stdout.split()
    commit, as_of = log[0][:7], log[1]
    posts = {r["id"]: r["name"] for r in _read(git_dir, "data/post.csv") if r["name"] in POSTS}
    people: dict[str, list[dict[str, str]]] = {}
    for r in _read(git_dir, "data/person.csv"):
        people.setdefault(r["id"], []).append(r)
    out = []
    for r in _read(git_dir, "data/appointment.csv"):
        post = posts.get(r["post_id"])
        if post is None or not r["start_date"]:
            continue
        name, aliases = _names(people.get(r["person_id"], []))
        out.append({"role": POSTS[post], "title": post, "name": name,
                    "aliases": "|".join(aliases), "start": r["start_date"],
                    "end": r["end_date"], "as_of": as_of, "commit": commit})
    return sorted(out, key=lambda r: (r["role"], r["start"], r["name"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = extract(args.git_dir)
    with args.output.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} appointments -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
