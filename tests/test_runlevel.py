"""Run-level countries: a party whose article does not state its country takes the one the
run's other documents state for the same person, and nothing else changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.runlevel import CountryBook, reconcile_event


def doc(doc_id: str, *people: tuple[str, str | None, str | None]) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "entities": [
            {"name": n, "label": "PERSON", "country": c, "country_basis": b} for n, c, b in people
        ],
    }


def event(doc_id: str, *parties: tuple[str | None, str | None, str | None]) -> bytes:
    return orjson.dumps(
        {
            "doc_id": doc_id,
            "parties": [
                {"name": n, "title": None, "country": c, "org": None, "country_basis": b}
                for n, c, b in parties
            ],
        }
    )


def book(*docs: dict[str, Any]) -> CountryBook:
    b = CountryBook()
    for d in docs:
        b.add_document(d)
    return b


def countries(line: bytes) -> list[tuple[str | None, str | None]]:
    return [(p["country"], p["country_basis"]) for p in orjson.loads(line)["parties"]]


def test_stated_elsewhere_replaces_an_inferred_country() -> None:
    own = doc("b", ("Recep Erdogan", "SYR", "inferred"))
    b = book(doc("a", ("Recep Tayyip Erdogan", "TUR", "stated")), own)
    line = event("b", ("Erdogan", "SYR", "inferred"))
    assert countries(reconcile_event(line, b, own)) == [("TUR", "run")]


@pytest.mark.parametrize("basis", ["fallback", None, "run"])
def test_fallback_and_missing_countries_are_replaced_too(basis: str | None) -> None:
    b = book(doc("a", ("Shinzo Abe", "JPN", "stated")))
    line = event("b", ("Shinzo Abe", None if basis is None else "FRA", basis))
    assert countries(reconcile_event(line, b, None)) == [("JPN", "run")]


def test_a_stated_country_is_never_changed() -> None:
    b = book(*(doc(f"d{i}", ("Maria Lopez", "MEX", "stated")) for i in range(5)))
    line = event("x", ("Maria Lopez", "ESP", "stated"))
    assert reconcile_event(line, b, None) == line


def test_own_document_does_not_vote_for_itself() -> None:
    own = doc("b", ("Maria Lopez", "ESP", "stated"))
    b = book(own)
    line = event("b", ("Maria Lopez", "MEX", "inferred"))
    assert reconcile_event(line, b, own) == line


@pytest.mark.parametrize(
    ("others", "expected"),
    [
        ([("USA", "inferred")], None),  # one inferring document is not enough
        ([("USA", "inferred"), ("USA", "inferred")], "USA"),  # two are
        ([("USA", "stated"), ("GBR", "stated")], None),  # disagreement: no answer
        ([("USA", "stated"), ("USA", "stated"), ("GBR", "inferred")], "USA"),
    ],
)
def test_votes_must_agree(others: list[tuple[str, str]], expected: str | None) -> None:
    b = book(*(doc(f"d{i}", ("John Smith", c, basis)) for i, (c, basis) in enumerate(others)))
    got = countries(reconcile_event(event("x", ("John Smith", "CAN", "inferred")), b, None))
    assert got == [(expected or "CAN", "run" if expected else "inferred")]


def test_other_people_with_the_same_surname_do_not_vote() -> None:
    b = book(doc("a", ("Theresa May", "GBR", "stated")), doc("c", ("Theresa May", "GBR", "stated")))
    line = event("x", ("Brian May", "AUS", "inferred"))
    assert reconcile_event(line, b, None) == line


SOURCE = {
    "a.txt": (
        "Turkish leader meets party officials\n\nANKARA, March 3 (Reuters) - Turkish President "
        "Recep Tayyip Erdogan met senior officials of his party on Tuesday to discuss the "
        "economy, the presidency said.\n"
    ),
    "b.txt": (
        "Leaders discuss Idlib by phone\n\nPresident Erdogan and Russian President Vladimir "
        "Putin spoke by phone on Friday about the fighting in Syria's Idlib region, where "
        "Syrian government forces have advanced.\n"
    ),
}


@pytest.mark.slow
def test_extract_takes_the_country_from_the_other_document(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name, text in SOURCE.items():
        (src / name).write_text(text, encoding="utf-8")
    runner = CliRunner()

    def parties(*flags: str) -> dict[str, tuple[str, str]]:
        out = tmp_path / ("out" + "".join(flags))
        result = runner.invoke(app, ["extract", str(src), "-o", str(out), "-p", "1", *flags])
        assert result.exit_code == 0, result.output
        (line,) = (out / "events.jsonl").read_bytes().splitlines()
        found = orjson.loads(line)["parties"]
        return {p["name"]: (p["country"], p["country_basis"]) for p in found}

    with_run = parties()
    assert with_run["Erdogan"] == ("TUR", "run")
    assert with_run["Vladimir Putin"] == ("RUS", "stated")
    alone = parties("--no-run-countries")
    assert alone["Erdogan"][1] == "inferred"
    assert alone["Vladimir Putin"] == ("RUS", "stated")


@pytest.mark.slow
def test_incremental_run_reconciles_with_new_documents(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "b.txt").write_text(SOURCE["b.txt"], encoding="utf-8")
    runner = CliRunner()

    def erdogan() -> tuple[str, str]:
        result = runner.invoke(app, ["extract", str(src), "-o", str(out), "-p", "1"])
        assert result.exit_code == 0, result.output
        (line,) = (out / "events.jsonl").read_bytes().splitlines()
        party = next(p for p in orjson.loads(line)["parties"] if p["name"] == "Erdogan")
        return party["country"], party["country_basis"]

    assert erdogan()[1] == "inferred"
    (src / "a.txt").write_text(SOURCE["a.txt"], encoding="utf-8")
    assert erdogan() == ("TUR", "run")
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output
    # A third run with nothing new leaves the files as they are.
    before = (out / "events.jsonl").read_bytes()
    assert erdogan() == ("TUR", "run")
    assert (out / "events.jsonl").read_bytes() == before


def test_a_bare_surname_shared_by_two_people_of_the_run_takes_no_vote() -> None:
    b = book(
        doc("a", ("Andrew Johnson", "USA", "stated")),
        doc("b", ("Lyndon Johnson", "USA", "stated")),
        doc("c", ("Boris Johnson", "GBR", "stated")),
    )
    line = event("x", ("Johnson", "CAN", "inferred"))
    assert reconcile_event(line, b, None) == line
    # A full name still finds its own votes.
    full = event("x", ("Boris Johnson", "CAN", "inferred"))
    assert countries(reconcile_event(full, b, None)) == [("GBR", "run")]
