"""Build src/newsevents/data/offices.tsv from public Wikidata-derived snapshots.

This is how the shipped table was made (see README, "Office holders"). It reads
  * every-politician-scrapers/<repo> html/holders21.csv: Wikidata P39 statements (CC0) with
    exact start/end dates, one file per country, each as of its last commit date;
  * every-politician-scrapers/world-leaders-2021 data/wikidata.csv: current heads of state and
    government by year (Wikidata, CC0), as of its last commit;
  * snapshots/world-leaders-2026.csv: the rows of a 2026 version of that same file for the
    covered countries, transcribed as published (years only);
  * snapshots/factbook-executive.csv: heads of state and government with the day they took
    office, 2022-2026, from the history of the CIA World Factbook (factbook/factbook.json,
    CC0), made by import_factbook.py;
  * snapshots/ifg-uk-ministers.csv: the UK Foreign and Defence Secretaries from the
    Institute for Government's Ministers Database (CC BY 4.0), made by import_ifg.py;
  * snapshots/ministers.csv: defence ministers (Wikidata, CC0, to mid-2022), Canada's
    foreign and defence ministers (Government of Canada open data, MIT licence) and the US
    Secretaries of State (the State Department's Office of the Historian, public domain), each
    row naming its source and licence, made by import_ministers.py. Its UK rows are the IfG's
    again: only their QIDs are taken (the IfG snapshot gives the UK's terms).
Usage:  python scripts/offices/import_snapshots.py MANIFEST.tsv OUT.tsv
        python scripts/offices/import_snapshots.py --base offices.tsv OUT.tsv
MANIFEST columns: iso3, path to holders21-shaped CSV, source label, as_of (YYYY-MM-DD).
--base starts from a table already built (without its Factbook, IfG and ministers.csv rows)
instead of the manifest's files, and adds those three snapshots again: how their rows were
added. Running it on its own output gives the same table.
Once a network is available, scripts/offices/refresh.py rebuilds the table from Wikidata itself.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from anyascii import anyascii
from rapidfuzz import fuzz

from newsevents.kb.offices import HOLDS, Term, covers
from newsevents.kb.refresh import FACTBOOK_SOURCE, role_of, write_table

WL_2022 = (
    "wikidata via every-politician-scrapers/world-leaders-2021 data/wikidata.csv",
    "2022-10-09",
)
WL_2026 = (
    "wikidata via every-politician-scrapers/world-leaders-2021 data/wikidata.csv@05e3baa2",
    "2026-01-01",
)
HERE = Path(__file__).parent / "snapshots"
FACTBOOK = HERE / "factbook-executive.csv"
IFG = HERE / "ifg-uk-ministers.csv"
IFG_SOURCE = "ifg-ministers-database-public"
MINISTERS = HERE / "ministers.csv"
# The sources of ministers.csv that are not the manifest's: its Wikidata rows are told apart
# by the licence they name (the manifest's labels name none).
_MINISTERS_SOURCES = ("open-data/ckanext-canada", "HistoryAtState/pocom")


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


def _from_ministers(source: str) -> bool:
    first = source.split(";")[0]
    return first.startswith(_MINISTERS_SOURCES) or first.endswith("(CC0)")


def table_rows(path: Path) -> list[Term]:
    """The rows of a built table, less those from the Factbook, the IfG and ministers.csv
    (added again). Aliases split on "/" too: the first build joined them so."""
    with path.open(encoding="utf-8") as fh:
        return [
            Term(r["qid"], r["name"], tuple(a for a in re.split(r"[|/]", r["aliases"]) if a),
                 r["country"], r["role"], r["title"], r["start"], r["end"], r["as_of"],
                 r["source"])
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if not r["source"].startswith((FACTBOOK_SOURCE, IFG_SOURCE))
            and not _from_ministers(r["source"])
        ]


# -- Factbook rows ------------------------------------------------------------------------

_PARTICLES = frozenset("bin bint ibn ibni al el da de del der van von dos das do di du".split())


def _words(name: str) -> list[str]:
    return re.sub(r"[^a-z0-9 ]", " ", anyascii(name).lower().replace("-", " ")).split()


def _capitals(written: str) -> list[str]:
    """The words the Factbook writes in capitals ("Mary Elizabeth TRUSS" -> ["truss"]): the
    part of a name every source shares."""
    out = []
    for tok in re.split(r"[\s-]+", written):
        letters = [c for c in tok if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            out += [w for w in _words(tok) if w not in _PARTICLES]
    return out


def _lo(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(*parts[:3])


def _hi(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1) - timedelta(days=1)
    return date(parts[0], 12, 31)


def _span(t: Term) -> tuple[date, date] | None:
    if not t.start:
        return None
    return _lo(t.start), _hi(t.end) if t.end else date.fromisoformat(t.as_of)


def _agrees(fb: Term, t: Term) -> bool:
    """Another source's term of the same office that began the same year or overlaps it by
    more than its first or last day."""
    if t.role != fb.role or not t.start:
        return False
    if t.start[:4] == fb.start[:4]:
        return True
    a, b = _span(fb), _span(t)
    return bool(a and b) and min(a[1], b[1]) - max(a[0], b[0]) > timedelta(days=1)


def match_qid(fb: Term, written: str, rows: list[Term]) -> str:
    """The QID of the person of `rows` (same country) that the Factbook row `fb` names, or "".

    The person must have held the same office then (a term begun the same year or
    overlapping) with a name close enough, or have a nearly equal name; either way the
    Factbook's first word in capitals must be close to a word of their names, unless the
    office agrees and the whole name is alike ("Michel AWN", "Michel Aoun"). Among several,
    the one who held the office then, then the one whose name has the word in capitals, then
    the closest name; a tie matches nobody.
    """
    people: dict[str, list[Term]] = defaultdict(list)
    for t in rows:
        if t.country == fb.country and t.qid:
            people[t.qid].append(t)
    caps = _capitals(written) or _words(fb.name)[-1:]
    mine = [" ".join(_words(n)) for n in (fb.name, *fb.aliases)]
    ranked = []
    for qid, terms in people.items():
        names = {n for t in terms for n in (t.name, *t.aliases) if n}
        words = {w for n in names for w in _words(n)}
        # The first word in capitals is the name every source writes ("SANCHEZ
        # PEREZ-CASTEJON" is "Pedro Sánchez"); a spelling too far for it ("AWN", "Aoun")
        # passes only with the same office held then.
        caps_ok = max((fuzz.ratio(caps[0], w) for w in words), default=0) >= 75
        score = max(fuzz.token_set_ratio(m, " ".join(_words(n))) for m in mine for n in names)
        held = any(_agrees(fb, t) for t in terms)
        # A shared family name with the same office that year is not enough ("LEE Ju Ho",
        # acting, and Lee Jae-myung): the names must be alike, or the terms begin that day.
        same_day = any(t.role == fb.role and _exact(t.start) and t.start == fb.start
                       for t in terms)
        if (held and caps_ok and (score >= 60 or same_day)) or (held and score >= 70) \
                or (caps_ok and score >= 90):
            ranked.append((held, caps_ok, score, qid))
    ranked.sort(reverse=True)
    if not ranked or len(ranked) > 1 and ranked[0][:3] == ranked[1][:3]:
        return ""
    return ranked[0][3]


def factbook_rows(path: Path, rows: list[Term]) -> list[Term]:
    """The Factbook snapshot's terms as table rows, each person under the QID and name the
    other rows know them by (one person, one entity), or with no QID and the Factbook's name.
    """
    out = []
    written: list[tuple[str, ...]] = []  # each row's names as the Factbook writes them
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            aliases = tuple(a for a in r["also_spelled"].split("|") if a)
            fb = Term("", r["name"], aliases, r["iso3"], r["role"], r["title"], r["since"],
                      r["end"], r["last_seen"], f"{FACTBOOK_SOURCE}@{r['commit']}")
            written.append((fb.name, *aliases))
            qid = match_qid(fb, r["name_as_written"], rows)
            if not qid:
                fb = replace(fb, aliases=(*aliases, *_short_forms(fb.name, r["name_as_written"])))
            if qid:
                # The name of the newest source (Wikidata's label as of 2026).
                known = max((t for t in rows if t.qid == qid), key=lambda t: t.as_of)
                name = fb.name if _hyphen_only(known.name, fb.name) else known.name
                fb = replace(fb, qid=qid, name=name, aliases=())
                # "since April 2018": the day Wikidata gives, if it falls then.
                day = next((t.start for t in rows if (t.qid, t.role) == (qid, fb.role)
                            and _exact(t.start) and t.start.startswith(fb.start)), None)
                if day and not _exact(fb.start):
                    fb = replace(fb, start=day)
            out.append(fb)
    return _without_holders_of_elsewhere(out, written, rows)


def _without_holders_of_elsewhere(fb: list[Term], written: list[tuple[str, ...]],
                                  rows: list[Term]) -> list[Term]:
    """`fb` less the terms of people no other source knows in that country who, by the same
    name, hold another country's office then: the French President as Andorra's co-prince,
    the British King as Jamaica's. A person of two countries has no one country to give a
    name in a text (`offices.identify`); they stay their own country's."""
    known: dict[str, list[Term]] = defaultdict(list)
    for t, names in [*((t, (t.name, *t.aliases)) for t in rows),
                     *zip(fb, written, strict=True)]:
        if t.qid:
            for n in names:
                known[" ".join(_words(n))].append(t)
    out = []
    for t, names in zip(fb, written, strict=True):
        if not t.qid and any(_overlap(t, k) for n in names for k in known[" ".join(_words(n))]
                             if k.country != t.country):
            continue
        out.append(t)
    return out


def _overlap(a: Term, b: Term) -> bool:
    x, y = _span(a), _span(b)
    return bool(x and y) and max(x[0], y[0]) < min(x[1], y[1])


def _short_forms(name: str, written: str) -> tuple[str, ...]:
    """The shorter forms the press writes of a name the Factbook gives with given names before
    its capitals and a second family name after them: "Gustavo Francisco PETRO Urrego" ->
    "Gustavo Francisco Petro", "Gustavo Petro". A name that begins in capitals ("KIM Jong
    Un", "LEO XIV") has its given names after them, and no shorter form."""
    words = name.split()
    caps = [bool(_capitals(w)) for w in written.split()]
    if len(words) != len(caps) or not any(caps) or caps[0]:
        return ()
    first, last = caps.index(True), len(caps) - 1 - caps[::-1].index(True)
    forms = {" ".join(words[:last + 1]), " ".join([words[0], *words[first:last + 1]])}
    return tuple(sorted(forms - {name}))


def _hyphen_only(theirs: str, ours: str) -> bool:
    """The Factbook's spelling differs only by a hyphen that joins a given name ("Lee
    Jae-myung", "Lee Jae Myung"): the way the press writes it, one word for the given name."""
    return "-" in ours and theirs != ours and theirs.lower() == ours.replace("-", " ").lower()


def _renamed(rows: list[Term], fb: list[Term]) -> list[Term]:
    """The other rows of a person the Factbook spells with a hyphen (`_hyphen_only`) under
    that name, their own kept as an alias."""
    names = {f.qid: f.name for f in fb if f.qid}
    return [replace(t, name=names[t.qid], aliases=(*t.aliases, t.name))
            if t.qid in names and _hyphen_only(t.name, names[t.qid]) else t for t in rows]


def ifg_rows(path: Path, rows: list[Term]) -> list[Term]:
    """The IfG snapshot's appointments as table rows of GBR, each person under the QID the
    other rows know them by (`match_qid`), else by name."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            aliases = tuple(a for a in r["aliases"].split("|") if a)
            source = f"{IFG_SOURCE}@{r['commit']} (Institute for Government, CC BY 4.0)"
            t = Term("", r["name"], aliases, "GBR", r["role"], r["title"], r["start"], r["end"],
                     r["as_of"], source)
            qid = match_qid(t, r["name"], rows)
            if qid:
                known = max((k for k in rows if k.qid == qid), key=lambda k: k.as_of)
                t = replace(t, qid=qid, name=known.name, aliases=())
            out.append(t)
    return out


def ministers_rows(path: Path, rows: list[Term]) -> list[Term]:
    """ministers.csv's terms as table rows, each with the source and licence the file gives.

    A row without a QID takes that of the same person in `rows` (same country, `match_qid`);
    a person `rows` know goes by the name they have there (the source's own spelling, "John
    Forbes Kerry", an alias), so one person stays one entity."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            t = Term(r["qid"], r["name"], (), r["iso3"], r["role"], r["title"], r["start"],
                     r["end"], r["as_of"], r["source"])
            qid = t.qid or match_qid(t, t.name, rows)
            known = [k for k in rows if qid and k.qid == qid]
            name = max(known, key=lambda k: k.as_of).name if known else t.name
            out.append(replace(t, qid=qid, name=name,
                               aliases=(t.name,) if name != t.name else ()))
    return out


def _without(t: Term, lo: date, hi: date, other: Term) -> list[Term]:
    """`t` less the days after `lo` and before `hi`: it ends on `lo` if it certainly held
    before, and begins again on `hi` if it certainly held after."""
    first, last = _sure_days(t, date.min, date.max) or (lo, hi)
    note = f"{t.source}; {lo}..{hi} dropped: also {other.name}'s"
    out = []
    if first < lo:
        out.append(replace(t, end=lo.isoformat(), source=note))
    if last > hi:
        out.append(replace(t, start=hi.isoformat(), source=note))
    return out


def settle(rows: list[Term], log: list[str] | None = None) -> list[Term]:
    """`rows` (of one snapshot) with no two people certainly holding one office past a
    handover day. Where a source contradicts itself (a successor's start a month before the
    predecessor's end, a term given twice with two ends, a typo in a year) it does not say which
    is right: the days both claim become nobody's, and each term keeps the rest."""
    by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for t in rows:
        by_office[t.country, t.role].append(t)
    out = []
    for office in by_office.values():
        pair = _clash(office)
        while pair is not None:
            a, b, (lo, hi) = pair
            pieces = _without(a, lo, hi, b) + _without(b, lo, hi, a)
            if log is not None:
                log.append(f"{a.country} {a.role}: {a.name} {a.start}..{a.end} and {b.name} "
                           f"{b.start}..{b.end} both on {lo}..{hi} -> "
                           f"{[(p.name, p.start, p.end) for p in pieces]}")
            office = [t for t in office if t is not a and t is not b] + pieces
            pair = _clash(office)
        out += office
    return out


def _clash(office: list[Term]) -> tuple[Term, Term, tuple[date, date]] | None:
    """Two terms of `office`, of two people, both certainly held past a handover day, and the
    first and last day of that; None if there are none."""
    for i, a in enumerate(office):
        for b in office[i + 1:]:
            if _person(a) != _person(b) and _conflict(a, b):
                span = _sure_days(b, date.min, date.max)
                both = span and _sure_days(a, *span)
                if both:
                    return a, b, both
    return None


def _person(t: Term) -> str:
    return t.qid or f"{t.country}:{t.name}"


def _exact(value: str) -> bool:
    return len(value) == 10


def _clip_to_known_ends(fb: list[Term], rows: list[Term]) -> list[Term]:
    """A Factbook term that runs past the day Wikidata gives its holder's term an end, with no
    later term of theirs there, ends on that day: the Factbook is often weeks (once months)
    late to drop a holder (Lebanon's President in 2022)."""
    out = []
    for f in fb:
        ends = [t.end for t in rows if t.qid and t.qid == f.qid and t.role == f.role
                and _exact(t.end) and _lo(f.start) < _lo(t.end)
                and (not f.end or _lo(t.end) < _lo(f.end))]
        later = [t for t in rows if t.qid == f.qid and t.role == f.role and t.start
                 and ends and _lo(t.start) >= _lo(min(ends))]
        if ends and not later:
            end = min(ends)
            out.append(replace(f, end=end, source=f"{f.source}; end: wikidata"))
        else:
            out.append(f)
    return out


def _sure_days(t: Term, first: date, last: date) -> tuple[date, date] | None:
    """The days between `first` and `last` on which `t` certainly holds (covers() says so)."""
    span = _span(t)
    if span is None:
        return None
    lo, hi = max(span[0], first), min(span[1], last)
    while lo <= hi and covers(t, lo) != HOLDS:
        lo += timedelta(days=1)
    while hi >= lo and covers(t, hi) != HOLDS:
        hi -= timedelta(days=1)
    return (lo, hi) if lo <= hi else None


def _conflict(t: Term, f: Term) -> bool:
    """`t` (someone else's row) certainly holds the office on days the Factbook term `f`
    does, past a handover day (one's last day the other's first), which both hold."""
    span = _sure_days(f, date.min, date.max)
    sure = span and _sure_days(t, *span)
    if not sure:
        return False
    lo, hi = sure
    return not (lo == hi and (t.end == f.start or f.end == t.start))


def _dated(t: Term) -> bool:
    return _exact(t.start) and _exact(t.end)


def _trim(t: Term, f: Term) -> Term | None:
    """`t` without the days of the Factbook term `f`: it ends the day `f` begins; begun
    inside `f`, it begins the day `f` ends, or is dropped."""
    note = f"; dates: {f.source}"
    if _lo(t.start) < _lo(f.start):
        return replace(t, end=f.start, source=t.source + note)
    if f.end and (not t.end or _hi(t.end) > _hi(f.end)) and (
            t.end or _lo(f.end) <= date.fromisoformat(t.as_of)):
        return replace(t, start=f.end, source=t.source + note)
    return None


def _around(f: Term, t: Term) -> list[Term]:
    """The Factbook term `f` without the days of `t`, a term Wikidata dates to the day (an
    acting holder, an inauguration after the election day the Factbook gives)."""
    note = f"{f.source}; dates: {t.source}"
    out = []
    if _lo(f.start) < _lo(t.start):
        out.append(replace(f, end=t.start, source=note))
    if not f.end or _lo(f.end) > _lo(t.end):
        out.append(replace(f, start=t.end, source=note))
    return out


def resolve(rows: list[Term], fb: list[Term], log: list[str] | None = None) -> list[Term]:
    """`rows` and the Factbook rows `fb`, with no two people certainly holding one office on
    one day past a handover. A term Wikidata dates to the day at both ends wins over the
    Factbook's (whose "since" is at times an election day, and which skips short acting
    terms); elsewhere (a year-only start read as the whole year, a snapshot's open term) the
    Factbook's exact dates win and the other row gives way (`_trim`)."""
    rows = _renamed(rows, fb)
    fb = _clip_to_known_ends(fb, rows)
    # Terms Wikidata dates to the day, start and end, are kept as they are.
    for t in rows:
        if not _dated(t):
            continue
        kept = []
        for f in fb:
            if (f.country, f.role) == (t.country, t.role) and _person(t) != _person(f) \
                    and _conflict(t, f):
                pieces = _around(f, t)
                if log is not None:
                    log.append(f"{f.country} {f.role}: {f.name} {f.start}..{f.end} around "
                               f"{t.name} {t.start}..{t.end} -> "
                               f"{[(p.start, p.end) for p in pieces]}")
                kept += pieces
            else:
                kept.append(f)
        fb = kept
    by_office: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for f in fb:
        by_office[f.country, f.role].append(f)
    out = []
    for t in rows:
        kept_t: Term | None = t
        for f in by_office.get((t.country, t.role), []):
            if kept_t is not None and _person(kept_t) != _person(f) and _conflict(kept_t, f):
                new = _trim(kept_t, f)
                if log is not None:
                    log.append(f"{t.country} {t.role}: {t.name} {t.start}..{t.end} "
                               f"(as of {t.as_of}, {t.source[:40]}) vs {f.name} "
                               f"{f.start}..{f.end} -> {new and (new.start, new.end)}")
                kept_t = new
        if kept_t is not None:
            out.append(kept_t)
    return out + fb


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest", nargs="?", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--base", type=Path, help="a built table to start from")
    args = parser.parse_args(argv)
    rows: list[Term] = []
    if args.base is not None:
        rows = table_rows(args.base)
    else:
        with args.manifest.open(encoding="utf-8") as fh:
            for iso3, path, source, as_of in csv.reader(fh, delimiter="\t"):
                rows += holders21_rows(iso3, Path(path), source, as_of)
        names = {r.qid: r.name for r in rows}
        for name, (source, as_of) in (("world-leaders-2022.csv", WL_2022),
                                      ("world-leaders-2026.csv", WL_2026)):
            if (HERE / name).exists():
                rows += year_rows(HERE / name, source, as_of, names)
    ministers = ministers_rows(MINISTERS, rows) if MINISTERS.exists() else []
    # The Factbook and the IfG name people the others know by QID: ministers.csv's too (a
    # Prime Minister who was a defence minister, a UK Secretary in Wikidata's cabinet file).
    known = rows + [m for m in ministers if m.qid]
    added = factbook_rows(FACTBOOK, known) if FACTBOOK.exists() else []
    ifg = ifg_rows(IFG, known) if IFG.exists() else []
    # The IfG gives the UK's offices; ministers.csv has the same appointments again.
    ifg_offices = {(t.country, t.role) for t in ifg}
    log: list[str] = []
    ministers = _renamed([m for m in ministers if (m.country, m.role) not in ifg_offices], added)
    added += ifg + settle(ministers, log)
    if added:
        rows = resolve(rows, added, log)
        print("\n".join(log))
    n = write_table(rows, args.out)
    print(f"{n} rows -> {args.out}")


if __name__ == "__main__":
    main()
