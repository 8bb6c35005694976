"""Build scripts/offices/snapshots/ministers.csv: foreign and defence ministers from open sources.

Every row is copied from one of these sources (none is typed in by hand). The first three are
kept up to date by their publishers, so their rows are as of the snapshot's newest commit:
  * Institute for Government, ifg-ministers-database-public, data/*.csv (CC BY 4.0): the UK
    Foreign Secretary and Defence Secretary, exact dates;
  * Government of Canada, open-data/ckanext-canada, ckanext/canada/tables/choices/minister.json
    (Crown copyright, MIT licence): Canada's Minister of Foreign Affairs and of National Defence;
  * US Department of State, Office of the Historian, HistoryAtState/pocom
    positions-principals/secretary.xml and people/ (public domain, CC0): the Secretary of State;
  * Wikidata (CC0) via every-politician-scrapers/<country> html/holders21.csv: defence
    ministers (and, for countries the office table lacks, foreign ministers) up to each file's
    commit, mid-2022 to early 2023;
  * Wikidata (CC0) via every-politician-scrapers/world sources/foreign/wikidata.csv: the foreign
    minister in office on that file's date (2022-12-10) with the start date, where that term is
    not already in the country's holders21 file.
A QID is filled in for the UK, Canadian and US rows only where the same name (for the US also
first forename + surname) has one QID in that country's holders21 file; otherwise it is empty.
Terms of those three that ended before 2010 are left out. Names are as each source writes them.
import_snapshots.py adds the rows to the table (the UK's only lend their QIDs to the IfG's).

Usage:  python scripts/offices/import_ministers.py MIRRORS OUT.csv
MIRRORS holds bare git directories named owner+name/repo (as the search tool's fetch makes them);
each source is read at the commit named below, or at its newest commit if none is named.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from newsevents.kb.refresh import DEFENCE_MINISTER, FOREIGN_MINISTER, role_of

COLUMNS = ("iso3", "role", "title", "qid", "name", "start", "end", "as_of", "source")

# iso3, every-politician-scrapers repository, commit of html/holders21.csv (the commits the
# office table was built from; empty: the repository's newest commit).
EPS = """
ARG argentina-ministers 40c15a39
AUS australia-cabinet 4c35a6ef
BRA brazil-ministers d18552e3
CAN canada-cabinet 689f3d2e
CHN china-ministers 202317c2
FRA france-cabinet c42ef828
IND india-ministers aeea9df2
IDN indonesia-ministers 2e9b6ffe
ITA italy-ministers bd8b7afb
JPN japan-ministers 10f15aff
KOR south-korea-ministers b4fd71da
MEX mexico-ministers d41448db
RUS russia-cabinet e93819b7
SAU saudi-ministers a72d2fa7
ZAF south-africa-cabinet 5fbdb991
TUR turkey-ministers 65902a9c
GBR united-kingdom-cabinet 3a5ec686
USA us-cabinet bbc02151
AUT austria-cabinet fcf8b30d
BEL belgium-cabinet 42cea07f
BGR bulgaria-cabinet c73f57df
HRV croatia-ministers 0438f575
CYP cyprus-cabinet 5fcbf4d3
CZE czech-ministers ca4ee1ed
DNK denmark-cabinet 020673d5
EST estonia 688b4103
FIN finland-cabinet 3f060791
GRC greece-cabinet c85ed597
HUN hungary-cabinet 2b2dedd5
IRL ireland-ministers 9823aba2
LVA latvia-cabinet 11aa6f92
LTU lithuania 7e0ca64b
LUX luxembourg-cabinet 8e3c1d0a
MLT malta-ministers 6eab53ec
NLD netherlands-cabinet 1cfefeff
POL poland-cabinet c6b228df
PRT portugal-cabinet 49dd0287
ROU romania-cabinet abf88666
SVK slovakia-cabinet 805bef14
SVN slovenia-cabinet ab0dbb24
ESP spain-ministers 66b35bbd
SWE sweden-cabinet 6289025f
UKR ukraine-cabinet df4c5c18
ISR israel-ministers 9cb111a2
IRN iran-ministers 4adcbb7c
QAT qatar-ministers ed4e4ac8
ARE uae-ministers ed57e1ca
EGY egypt-ministers 39042733
JOR jordan-ministers b684d940
PAK pakistan-ministers 065accdb
CRI costa-rica 543f1a52
VEN venezuela d3b0c53f
NOR norway-cabinet
SYR syria
"""
# Countries whose foreign ministers the office table does not have yet: their holders21 foreign
# minister rows are taken too.
NEW_FM_COUNTRIES = {"NOR", "SYR"}
# Countries whose ministers come from an official source below: their holders21 rows are not
# taken (only read for QIDs).
OFFICIAL = {"GBR", "CAN"}
OFFICIAL_FM = {"USA"}  # only the foreign minister: the defence rows stay from holders21

# The English Wikidata labels of the world file's countries, as that file writes them.
WORLD_COUNTRIES = {
    "Argentina": "ARG", "Australia": "AUS", "Austria": "AUT", "Belgium": "BEL", "Brazil": "BRA",
    "Bulgaria": "BGR", "Canada": "CAN", "Costa Rica": "CRI", "Croatia": "HRV", "Cyprus": "CYP",
    "Czech Republic": "CZE", "Denmark": "DNK", "Egypt": "EGY", "Estonia": "EST",
    "Finland": "FIN", "France": "FRA", "Germany": "DEU", "Greece": "GRC", "Hungary": "HUN",
    "India": "IND", "Indonesia": "IDN", "Iran": "IRN", "Israel": "ISR", "Italy": "ITA",
    "Japan": "JPN", "Jordan": "JOR", "Latvia": "LVA", "Lithuania": "LTU", "Luxembourg": "LUX",
    "Malta": "MLT", "Mexico": "MEX", "Netherlands": "NLD", "Norway": "NOR", "Pakistan": "PAK",
    "People's Republic of China": "CHN", "Poland": "POL", "Portugal": "PRT", "Qatar": "QAT",
    "Republic of Ireland": "IRL", "Romania": "ROU", "Russia": "RUS", "Saudi Arabia": "SAU",
    "Slovakia": "SVK", "Slovenia": "SVN", "South Africa": "ZAF", "South Korea": "KOR",
    "Spain": "ESP", "Sweden": "SWE", "Syria": "SYR", "Turkey": "TUR", "Ukraine": "UKR",
    "United Arab Emirates": "ARE", "United Kingdom": "GBR",
    "United States of America": "USA", "Venezuela": "VEN",
}

_DEFENCE = re.compile(
    r"^(federal )?(minister|secretary) (of|for) (national )?defen[cs]e"
    r"( and (military veterans|armed forces logistics))?$"
    r"|^minister of the armed forces$"
    r"|^secretary of state for defence$"
)
IFG_POSTS = {
    "Secretary of State for Defence": DEFENCE_MINISTER,
    "Secretary of State for Foreign and Commonwealth Affairs": FOREIGN_MINISTER,
    "Secretary of State for Foreign, Commonwealth and Development Affairs": FOREIGN_MINISTER,
}
CANADA_POSTS = {"MND": DEFENCE_MINISTER, "MFA": FOREIGN_MINISTER, "MFAID": FOREIGN_MINISTER}
_PEERAGE = re.compile(r"^(Lord|Baroness|Lady|Viscount|Earl) ")
SINCE = "2010"  # the UK and Canadian rows: terms that ended before this are left out


def defence_role(label: str) -> str | None:
    return DEFENCE_MINISTER if _DEFENCE.search(" ".join(label.lower().split())) else None


class Repo:
    """A bare git directory of one fetched repository."""

    def __init__(self, mirrors: Path, name: str, commit: str = "") -> None:
        self.name = name
        self.git = mirrors / name.replace("/", "+", 1) / "repo"
        self.commit = self._run("rev-parse", (commit or "HEAD") + "^{commit}").strip()

    def _run(self, *args: str) -> str:
        return subprocess.run(["git", "--git-dir", str(self.git), *args], check=True,
                              capture_output=True, text=True).stdout

    def show(self, path: str) -> str:
        return self._run("show", f"{self.commit}:{path}")

    def date(self) -> str:
        return self._run("log", "-1", "--format=%cs", self.commit).strip()

    def last_change(self, path: str) -> tuple[str, str]:
        """The commit at or before self.commit that last changed path, and its date."""
        out = self._run("log", "-1", "--format=%H %cs", self.commit, "--", path).split()
        return out[0], out[1]


def eps_rows(mirrors: Path) -> tuple[list[dict[str, str]], dict[str, list[dict[str, str]]]]:
    rows: list[dict[str, str]] = []
    holders: dict[str, list[dict[str, str]]] = {}
    for line in EPS.strip().splitlines():
        iso3, name, *commit = line.split()
        repo = Repo(mirrors, f"every-politician-scrapers/{name}", *commit)
        path = "html/holders21.csv"
        sha, as_of = repo.last_change(path)
        source = f"wikidata via {repo.name} {path}@{sha[:8]} (CC0)"
        holders[iso3] = list(csv.DictReader(io.StringIO(repo.show(path))))
        seen = set()
        for r in holders[iso3] if iso3 not in OFFICIAL else ():
            role = defence_role(r["position"])
            if role is None and iso3 in NEW_FM_COUNTRIES:
                role = role_of(iso3, r["position"])
                role = role if role == FOREIGN_MINISTER else None
            key = (r["personID"], r["position"], r["start"], r["end"])
            if role is None or not r["personID"].startswith("Q") or key in seen:
                continue
            seen.add(key)
            rows.append(dict(iso3=iso3, role=role, title=r["position"], qid=r["personID"],
                             name=r["person"], start=r["start"], end=r["end"], as_of=as_of,
                             source=source))
    return rows, holders


def world_fm_rows(mirrors: Path, holders: dict[str, list[dict[str, str]]]) -> list[dict[str, str]]:
    repo = Repo(mirrors, "every-politician-scrapers/world")
    path = "sources/foreign/wikidata.csv"
    sha, as_of = repo.last_change(path)
    source = f"wikidata via {repo.name} {path}@{sha[:8]} (CC0)"
    rows = []
    for r in csv.DictReader(io.StringIO(repo.show(path))):
        iso3 = WORLD_COUNTRIES.get(r["countryLabel"])
        if iso3 is None or iso3 in OFFICIAL | OFFICIAL_FM:
            continue
        if not r["person"].startswith("Q") or not r["name"]:
            continue
        known = {(h["personID"], h["start"]) for h in holders.get(iso3, [])}
        if (r["person"], r["start"]) in known:
            continue
        rows.append(dict(iso3=iso3, role=FOREIGN_MINISTER, title=r["positionLabel"],
                         qid=r["person"], name=r["name"], start=r["start"], end="",
                         as_of=as_of, source=source))
    return rows


def qid_by_name(holders: list[dict[str, str]]) -> dict[str, str]:
    """Name -> QID where a name stands for one QID in a country's holders21 file."""
    found: dict[str, set[str]] = {}
    for r in holders:
        if r["personID"].startswith("Q") and r["person"]:
            found.setdefault(r["person"], set()).add(r["personID"])
    return {name: next(iter(q)) for name, q in found.items() if len(q) == 1}


def ifg_name(names: list[dict[str, str]], start: str, end: str) -> str:
    """The name the person went by in the term; a commoner's name rather than a peerage."""
    def overlaps(n: dict[str, str]) -> bool:
        return (n["start_date"] or "0") <= (end or "9999") and (n["end_date"] or "9999") >= start
    ranked = sorted(names, key=lambda n: (not overlaps(n), bool(_PEERAGE.match(n["name"]))))
    return ranked[0]["name"]


def ifg_rows(mirrors: Path, qids: dict[str, str]) -> list[dict[str, str]]:
    repo = Repo(mirrors, "instituteforgov/ifg-ministers-database-public")
    sha, as_of = repo.commit, repo.date()  # kept up to date: as of the snapshot
    source = f"{repo.name} data/*.csv@{sha[:8]} (Institute for Government, CC BY 4.0)"

    def table(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(repo.show(f"data/{name}.csv"))))

    posts = {p["id"]: p["name"] for p in table("post") if p["name"] in IFG_POSTS}
    people: dict[str, list[dict[str, str]]] = {}
    for p in table("person"):
        people.setdefault(p["id"], []).append(p)
    rows = []
    for a in table("appointment"):
        title = posts.get(a["post_id"])
        if title is None or (a["end_date"] and a["end_date"] < SINCE):
            continue
        name = ifg_name(people[a["person_id"]], a["start_date"], a["end_date"])
        rows.append(dict(iso3="GBR", role=IFG_POSTS[title], title=title, qid=qids.get(name, ""),
                         name=name, start=a["start_date"], end=a["end_date"], as_of=as_of,
                         source=source))
    return rows


def canada_rows(mirrors: Path, qids: dict[str, str]) -> list[dict[str, str]]:
    repo = Repo(mirrors, "open-data/ckanext-canada")
    path = "ckanext/canada/tables/choices/minister.json"
    sha, as_of = repo.commit, repo.date()  # kept up to date: as of the snapshot
    source = f"{repo.name} {path}@{sha[:8]} (Government of Canada, MIT licence)"
    rows = []
    for code, post in json.loads(repo.show(path)).items():
        if code not in CANADA_POSTS:
            continue
        for m in post["ministers"]:
            start, end = m["start_date"][:10], m["end_date"][:10]
            if end and end < SINCE:
                continue
            rows.append(dict(iso3="CAN", role=CANADA_POSTS[code], title=post["en"],
                             qid=qids.get(m["name"], ""), name=m["name"], start=start, end=end,
                             as_of=as_of, source=source))
    return rows


def us_rows(mirrors: Path, qids: dict[str, str]) -> list[dict[str, str]]:
    repo = Repo(mirrors, "HistoryAtState/pocom")
    path = "positions-principals/secretary.xml"
    sha, as_of = repo.commit, repo.date()  # kept up to date: as of the snapshot
    source = f"{repo.name} {path}@{sha[:8]} (US Department of State, public domain / CC0)"
    position = ET.fromstring(repo.show(path))
    title = position.findtext("names/singular", "")
    rows = []
    for p in position.iter("principal"):
        start = p.findtext("started/date") or p.findtext("appointed/date") or ""
        end = p.findtext("ended/date") or ""
        if not start or (end and end < SINCE):
            continue
        pid = p.findtext("person-id", "")
        person = ET.fromstring(repo.show(f"people/{pid[0]}/{pid}.xml")).find("persName")
        if person is None:
            continue
        forename, surname = person.findtext("forename", ""), person.findtext("surname", "")
        name = f"{forename} {surname}".strip()
        qid = qids.get(name) or qids.get(f"{forename.split(' ')[0]} {surname}", "")
        rows.append(dict(iso3="USA", role=FOREIGN_MINISTER, title=title, qid=qid, name=name,
                         start=start, end=end, as_of=as_of, source=source))
    return rows


def main(mirrors: str, out: str) -> None:
    root = Path(mirrors)
    rows, holders = eps_rows(root)
    rows += world_fm_rows(root, holders)
    rows += ifg_rows(root, qid_by_name(holders["GBR"]))
    rows += canada_rows(root, qid_by_name(holders["CAN"]))
    rows += us_rows(root, qid_by_name(holders["USA"]))
    rows.sort(key=lambda r: (r["iso3"], r["role"], r["start"], r["name"], r["source"]))
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{out}: {len(rows)} rows", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
