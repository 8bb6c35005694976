"""`newsevents stats` on a small hand-built output directory."""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.merge import write_run_merges
from test_merge import call, doc, write_run

PS = ["Vladimir Putin", "Ahmed al-Sharaa"]
BM = ["Joe Biden", "Narendra Modi"]


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    events = [
        call("a.txt", PS, "2025-02-12", "dateline", topics=("economy",)),
        call("b.txt", ["Putin", "Ahmad al-Sharaa"], "2025-02-12", topics=("economy", "security")),
        call("c.txt", BM, "2021-02-08", topics=("climate",)),
        call("d.txt", BM, "2021-03-01"),
        call("e.txt", BM, "2021-03-05", status="planned"),
        call("f.txt", [(None, "Prime Minister", "GBR"), "Joe Biden"], None),
    ]
    run = write_run(tmp_path / "run", events, [doc(e["doc_id"]) for e in events])
    errors = [
        {"schema_version": "1", "doc_id": "x.bin", "path": "x.bin", "stage": "decode",
         "reason": "not a text file"},
        {"schema_version": "1", "doc_id": "y.bin", "path": "y.bin", "stage": "decode",
         "reason": "not a text file"},
        {"schema_version": "1", "doc_id": None, "path": "z.txt", "stage": "nlp",
         "reason": "model crashed"},
    ]
    (run / "errors.jsonl").write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in errors))
    write_run_merges(run)
    return run


def stats(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["stats", str(path)], env={"COLUMNS": "100"})
    return result.exit_code, result.output


def row(*cells: str) -> str:
    """A regex for one table row holding these cells, in order."""
    return r"[│|]\s*" + r"\s*[│|]\s*".join(re.escape(c) for c in cells) + r"\s*[│|]"


def section(output: str, title: str) -> str:
    """The printed table under `title`, up to the next table's title."""
    start = output.index(title)
    end = min((output.find(t, start + 1) for t in
               ("Calls by", "Top parties", "Topics", "Errors", "No errors") if
               output.find(t, start + 1) > 0), default=len(output))
    return output[start:end]


def test_stats_tables(out_dir: Path) -> None:
    code, output = stats(out_dir)
    assert code == 0, output
    assert re.search(row("documents", "6"), output)
    assert re.search(row("merged calls", "4"), output)  # a+b are one call; e is only planned
    assert re.search(row("errors", "3"), output)

    pairs = section(output, "Calls by country pair")
    assert re.search(row("IND - USA", "2"), pairs)
    assert re.search(row("RUS - SYR", "1"), pairs)
    assert re.search(row("GBR - USA", "1"), pairs)

    months = section(output, "Calls by month")
    assert [m for m in re.findall(r"(\d{4}-\d{2}|unknown)", months)] == [
        "2021-02", "2021-03", "2025-02", "unknown"]

    parties = section(output, "Top parties")
    assert re.search(row("Joe Biden", "USA", "3"), parties)
    assert re.search(row("Narendra Modi", "IND", "2"), parties)
    assert re.search(row("Vladimir Putin", "RUS", "1"), parties)
    assert re.search(row("Prime Minister (GBR)", "GBR", "1"), parties)

    topics = section(output, "Topics")
    assert re.search(row("economy", "1"), topics)  # one call, two sources
    assert re.search(row("climate", "1"), topics)

    errors = section(output, "Errors")
    assert re.search(row("decode", "not a text file", "2"), errors)
    assert re.search(row("nlp", "model crashed", "1"), errors)


def test_stats_without_merged_counts_document_calls(out_dir: Path) -> None:
    (out_dir / "merged.jsonl").unlink()
    (out_dir / "errors.jsonl").unlink()
    code, output = stats(out_dir)
    assert code == 0, output
    assert "not merged" in output
    assert re.search(row("RUS - SYR", "2"), section(output, "Calls by country pair"))
    assert "No errors." in output


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "is not a directory"),
        ("empty", "run `newsevents extract`"),
        ("bad-json", "merged.jsonl:2"),
        ("bad-record", "newsevents validate"),
    ],
)
def test_stats_usage_errors(out_dir: Path, tmp_path: Path, setup: str, message: str) -> None:
    path = out_dir
    if setup == "missing":
        path = tmp_path / "nope"
    elif setup == "empty":
        path = tmp_path / "empty"
        path.mkdir()
    elif setup == "bad-json":
        with (out_dir / "merged.jsonl").open("ab") as fh:
            fh.write(b"{not json\n")
        lines = (out_dir / "merged.jsonl").read_bytes().splitlines()
        (out_dir / "merged.jsonl").write_bytes(lines[0] + b"\n" + lines[-1] + b"\n")
    else:
        (out_dir / "merged.jsonl").write_bytes(b'{"id": "x"}\n')
    code, output = stats(path)
    assert code == 2
    assert message in " ".join(output.split())
