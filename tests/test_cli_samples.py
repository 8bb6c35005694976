"""End to end: the CLI on the two sample articles, asserting on the files it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app

pytestmark = pytest.mark.slow
SAMPLES = Path(__file__).parents[1] / "data" / "samples"
runner = CliRunner()


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples-out")
    result = runner.invoke(
        app, ["extract", str(SAMPLES), "-o", str(out), "--processes", "1", "--force"]
    )
    assert result.exit_code == 0, result.output
    return out


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("doc_id", "basis"),
    [
        ("tass-putin-al-sharaa-call.txt", "dateline"),
        ("kyiv-independent-putin-al-sharaa-call.txt", "relative"),
    ],
)
def test_each_sample_yields_the_call(out: Path, doc_id: str, basis: str) -> None:
    held = [
        e for e in lines(out / "events.jsonl") if e["doc_id"] == doc_id and e["status"] == "held"
    ]
    assert len(held) == 1
    call = held[0]
    assert call["medium"] == "phone"
    assert {p["country"] for p in call["parties"]} == {"RUS", "SYR"}
    assert {p["name"].split()[-1] for p in call["parties"]} <= {"Putin", "al-Sharaa"}
    assert call["date"]["value"] == "2025-02-12" and call["date"]["basis"] == basis
    text = (SAMPLES / doc_id).read_text(encoding="utf-8")
    for ev in call["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_samples_merge_into_one_call(out: Path) -> None:
    merged = lines(out / "merged.jsonl")
    assert len(merged) == 1
    assert sorted(s["doc_id"] for s in merged[0]["sources"]) == [
        "kyiv-independent-putin-al-sharaa-call.txt",
        "tass-putin-al-sharaa-call.txt",
    ]


def test_documents_and_manifest(out: Path) -> None:
    docs = {d["doc_id"]: d for d in lines(out / "documents.jsonl")}
    assert docs["tass-putin-al-sharaa-call.txt"]["dateline"]["date"] == "2025-02-12"
    assert docs["kyiv-independent-putin-al-sharaa-call.txt"]["published"] == "2025-02-13"
    people = {e["name"] for d in docs.values() for e in d["entities"] if e["label"] == "PERSON"}
    assert "Vladimir Putin" in people
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["documents"] == 2 and manifest["counts"]["errors"] == 0


def test_validate_accepts_output_and_names_a_corrupt_line(out: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", str(out), "--sources", str(SAMPLES)]).exit_code == 0
    events = (out / "events.jsonl").read_text().splitlines()
    bad = json.loads(events[-1])
    bad["medium"] = "carrier pigeon"
    corrupt = tmp_path / "events.jsonl"
    corrupt.write_text("\n".join(events[:-1] + [json.dumps(bad)]) + "\n")
    result = runner.invoke(app, ["validate", str(corrupt)])
    assert result.exit_code == 1
    assert f"events.jsonl:{len(events)}: medium" in result.output


def test_other_runs_output_is_not_overwritten(out: Path) -> None:
    result = runner.invoke(
        app, ["extract", str(SAMPLES / "tass-putin-al-sharaa-call.txt"), "-o", str(out)]
    )
    assert result.exit_code != 0
    assert "--force" in result.output


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2


def _commands() -> list[str]:
    """The CLI's own command list, so a new command without help or README entry fails."""
    import typer.main

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_the_cli_has_commands() -> None:
    assert {"extract", "validate", "evaluate"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text()
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    help_text = " ".join(result.output.split())
    assert len(help_text) > 80, f"{command} --help says too little"
    assert f"newsevents {command}" in readme, f"{command} is not documented in README.md"
