"""The office table's ministers.csv rows (scripts/offices/import_ministers.py): defence
ministers, Canada's foreign and defence ministers, the US Secretaries of State; how
import_snapshots.py adds them, and the answers of the shipped table they make."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsevents.kb import offices
from newsevents.kb.offices import Term
from office_scripts import office_script

ROOT = Path(__file__).parent.parent
DEF, FM = "defence_minister", "foreign_minister"


snapshots = office_script("import_snapshots")


def _term(name: str, start: str, end: str, qid: str = "", as_of: str = "2022-07-01") -> Term:
    return Term(qid, name, (), "XYZ", DEF, "Minister of Defence", start, end, as_of,
                "wikidata via a test (CC0)")


@pytest.mark.parametrize(
    "title",
    ["Defence Minister", "Defense Minister", "Minister of Defence", "Secretary of Defense",
     "Minister of National Defence", "Minister of the Armed Forces", "Minister for Defence",
     "the Defence Secretary"],
)
def test_defence_titles_name_the_defence_minister(title):
    assert offices.role_for_title(title) == DEF


@pytest.mark.parametrize(
    ("title", "country", "day", "name"),
    [
        ("Defence Minister", "CAN", date(2023, 6, 1), "Anita Anand"),
        ("Minister of National Defence", "CAN", date(2024, 6, 1), "Bill Blair"),
        ("Foreign Minister", "CAN", date(2025, 6, 1), "Anita Anand"),
        ("Secretary of State", "USA", date(2025, 3, 1), "Marco Rubio"),
        ("Secretary of State", "USA", date(2023, 6, 1), "Antony Blinken"),
        ("Secretary of Defense", "USA", date(2021, 6, 1), "Lloyd Austin"),
        ("Minister of the Armed Forces", "FRA", date(2022, 6, 1), "Sébastien Lecornu"),
        ("Japanese Defense Minister", "JPN", date(2021, 6, 1), "Nobuo Kishi"),
        ("Foreign Minister", "NOR", date(2022, 1, 1), "Anniken Huitfeldt"),
        # The UK's from the IfG still, with the QID Wikidata's UK cabinet file gives.
        ("Defence Secretary", "GBR", date(2023, 6, 1), "Ben Wallace"),
    ],
)
def test_the_shipped_table_names_ministers(title, country, day, name):
    assert offices.office_holder(title, country, day).name == name


def test_secretary_of_state_stays_the_us_foreign_minister():
    assert offices.role_for_title("Secretary of State") == FM
    # Any British minister is a "Secretary of State"; a junior one is "for the Armed Forces".
    for title in ("Secretary of State", "Minister of the Armed Forces"):
        uk = offices.office_holder(title, "GBR", date(2022, 6, 1))
        assert uk.name is None and "not covered" in (uk.reason or "")


@pytest.mark.parametrize(
    ("country", "role", "day", "to"),
    [
        ("USA", DEF, date(2024, 3, 1), "2022-08-02"),  # Wikidata's file of mid-2022
        ("CAN", DEF, date(2026, 9, 1), "2026-08-21"),  # Canada's open data
        ("USA", FM, date(2026, 7, 1), "2026-06-20"),  # the Office of the Historian
    ],
)
def test_no_holder_after_the_source_date(country, role, day, to):
    late = offices.holder(country, role, day)
    assert late.name is None
    assert f"after the table's data for {role} of {country} (to {to})" in (late.reason or "")


def test_a_row_without_a_qid_takes_the_qid_the_table_knows():
    # POCOM writes "Michael R. Pompeo" and gives no QID; Wikidata's row is "Mike Pompeo".
    mine = [t for t in offices.terms() if t.source.startswith("HistoryAtState/pocom")
            and "Michael R. Pompeo" in t.aliases]
    assert mine and {t.qid for t in mine} == {"Q473239"}
    assert {t.name for t in mine} == {"Mike Pompeo"}
    assert offices.find_person("Michael R. Pompeo") == ["Q473239"]
    # A Prime Minister who was a defence minister is one person, with the QID.
    assert offices.holder("JPN", "head_of_government", date(2025, 1, 1)).qid == "Q1335527"


def test_every_row_names_its_source_and_licence():
    rows = [t for t in offices.terms() if snapshots._from_ministers(t.source)]
    assert len(rows) > 400
    licences = ("(CC0)", "MIT licence)", "public domain / CC0)")
    assert all(t.source.split(";")[0].endswith(licences) for t in rows)
    assert not [t for t in rows if t.country == "GBR"]  # the IfG's


def test_days_a_source_gives_two_people_are_nobodys():
    a = _term("Ann Arbor", "2001-01-30", "2001-11-26", "Q1")
    b = _term("Bo Brandt", "2001-11-12", "2006-01-27", "Q2")
    log: list[str] = []
    got = snapshots.settle([a, b], log)
    assert sorted((t.name, t.start, t.end) for t in got) == [
        ("Ann Arbor", "2001-01-30", "2001-11-12"), ("Bo Brandt", "2001-11-26", "2006-01-27")]
    assert len(log) == 1
    # A handover day is both holders'; one person's two rows are no clash.
    c = _term("Cy Cole", "2006-01-27", "", "Q3")
    again = _term("Cy Cole", "2006-01-27", "2009-05-01", "Q3")
    assert snapshots.settle([b, c, again]) == [b, c, again]
    # The same term given to two people: neither holds it.
    assert snapshots.settle([_term("Di Dee", "2016-05-24", "2017-07-19", "Q4"),
                             _term("Ed Ek", "2016-05-24", "2017-07-19", "Q5")]) == []


def test_no_two_certain_holders_where_ministers_rows_are():
    """No two people certainly hold one office past a handover day where a row of
    ministers.csv is one of them (every defence minister but the UK's)."""
    by_office: dict[tuple[str, str], list[Term]] = {}
    for t in offices.terms():
        by_office.setdefault((t.country, t.role), []).append(t)
    clashes = [(a.name, b.name) for rows in by_office.values()
               for i, a in enumerate(rows) for b in rows[i + 1:]
               if snapshots._from_ministers(a.source) or snapshots._from_ministers(b.source)
               if offices.person_key(a) != offices.person_key(b) and snapshots._conflict(a, b)]
    assert clashes == []


def test_a_rebuild_gives_the_shipped_table_again(tmp_path, capsys):
    shipped = ROOT / "src" / "newsevents" / "data" / "offices.tsv"
    once, twice = tmp_path / "once.tsv", tmp_path / "twice.tsv"
    snapshots.main(["--base", str(shipped), str(once)])
    snapshots.main(["--base", str(once), str(twice)])
    capsys.readouterr()
    assert once.read_bytes() == shipped.read_bytes()
    assert twice.read_bytes() == once.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("office", "country", "on", "name"),
    [("Defence Minister", "CAN", "2023-06-01", "Anita Anand (Q67442310)"),
     ("Secretary of State", "USA", "2025-03-01", "Marco Rubio (no QID)")],
)
def test_who_names_the_minister(office, country, on, name):
    from typer.testing import CliRunner

    from newsevents.cli import app

    res = CliRunner().invoke(app, ["who", office, "--country", country, "--date", on])
    assert res.exit_code == 0
    assert f"holder on {on}: {name}" in res.stderr
