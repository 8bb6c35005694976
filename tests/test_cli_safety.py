"""What the commands print and how they fail: data printed inert, one-line messages, OS errors.

Output files, gold files and directory names are untrusted input like articles: rich markup
inside them must not be rendered (or crash rich), terminal escape sequences must not reach
the terminal, and an operating-system error is one line naming the path, exit 2.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner, Result

from newsevents.cli import app
from newsevents.merge import write_run_merges
from test_merge import call, doc, write_run

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
# Rich markup that crashes (an unmatched closing tag) or restyles, a CSI colour, an OSC 8
# hyperlink, a screen clear and a carriage return that would overwrite the line.
HOSTILE = "[/red][bold]\x1b[31mX\x1b]8;;http://evil.example\x07link\x1b]8;;\x07\x1b[2J\rZ"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80"})


def assert_inert(output: str) -> None:
    """No escape sequence or other control character (but newlines) reaches the terminal."""
    assert "\x1b" not in output and "\x07" not in output and "\r" not in output
    assert not [c for c in output if ord(c) < 32 and c != "\n"], repr(output)
    assert "[/red][bold]" in output  # markup shown as text, not rendered
    assert "\\x1b[31m" in output  # escapes shown escaped


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    """An output directory whose name, doc_ids, names, topics and errors hold HOSTILE."""
    name = f"P{HOSTILE}utin"
    events = [
        call(f"a{HOSTILE}.txt", [name, "Joe Biden"], "2025-02-12", topics=(f"t{HOSTILE}",),
             evidence=f"They spoke {HOSTILE}."),
        call("b.txt", ["Joe Biden", "Narendra Modi"], "2021-02-08"),
    ]
    run = write_run(tmp_path / f"run{HOSTILE}", events, [doc(e["doc_id"]) for e in events])
    errors = [{"schema_version": "1", "doc_id": f"x{HOSTILE}.bin", "path": f"x{HOSTILE}.bin",
               "stage": "decode", "reason": f"not a text file {HOSTILE}"}]
    (run / "errors.jsonl").write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in errors))
    write_run_merges(run)
    return run


def test_stats_prints_hostile_values_inert(hostile_run: Path) -> None:
    result = invoke("stats", str(hostile_run))
    assert result.exit_code == 0, (result.output, result.exception)
    assert_inert(result.output)
    assert "Joe Biden" in result.output


def test_stats_error_message_prints_hostile_path_inert(tmp_path: Path) -> None:
    result = invoke("stats", str(tmp_path / f"nope{HOSTILE}"))
    assert result.exit_code == 2, (result.output, result.exception)
    assert_inert(result.output)
    assert "is not a directory" in result.output


def test_validate_prints_hostile_values_inert(hostile_run: Path) -> None:
    with (hostile_run / "documents.jsonl").open("ab") as fh:
        fh.write(orjson.dumps({"doc_id": f"z{HOSTILE}"}) + b"\n")
    result = invoke("validate", str(hostile_run))
    assert result.exit_code == 1, (result.output, result.exception)
    assert_inert(result.output)
    assert "problem(s)" in result.output


def test_evaluate_prints_hostile_values_inert(hostile_run: Path, tmp_path: Path) -> None:
    gold = tmp_path / f"gold{HOSTILE}" / "gold.jsonl"  # HOSTILE holds slashes
    gold.parent.mkdir(parents=True)
    lines = [
        {"doc_id": f"a{HOSTILE}.txt", "events": [
            {"type": "call", "parties": [f"Q{HOSTILE}", "Joe Biden"], "date": "2025-02-12",
             "evidence": f"gold {HOSTILE}"}]},
        {"doc_id": f"m{HOSTILE}-2.txt", "events": [
            {"type": "call", "parties": ["A B", "C D"], "evidence": "x"}]},
    ]
    gold.write_bytes(b"".join(orjson.dumps(g) + b"\n" for g in lines))
    result = invoke("evaluate", str(hostile_run), "--gold", str(gold), "--sources", str(tmp_path))
    assert result.exit_code == 0, (result.output, result.exception)
    assert_inert(result.output)
    assert "Misses" in result.output and "False alarms" in result.output


def one_line(result: Result) -> str:
    """The output of a failed command: one line, no traceback."""
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_error_messages_are_never_wrapped(tmp_path: Path) -> None:
    long = tmp_path / ("a-long-directory-name-" * 6) / "out"
    line = one_line(invoke("stats", str(long)))
    assert str(long) in line


@pytest.mark.slow
def test_the_summary_is_one_line_with_a_long_path(tmp_path: Path) -> None:
    out = tmp_path / ("a-long-directory-name-" * 6) / "out"
    for _ in range(2):  # the rerun's summary ("... unchanged and skipped") is over 80 columns
        result = invoke("extract", str(SAMPLES), "-o", str(out), "--processes", "1")
        assert result.exit_code == 0, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "documents/s" in lines[0], result.output
    assert "unchanged" in lines[0] and len(lines[0]) > 80


@pytest.fixture
def plain_run(tmp_path: Path) -> Path:
    events = [call("a.txt", ["Vladimir Putin", "Joe Biden"], "2025-02-12")]
    run = write_run(tmp_path / "run", events, [doc("a.txt")])
    write_run_merges(run)
    return run


@pytest.mark.parametrize(
    ("args", "path", "reason"),
    [
        (["extract", str(SAMPLES), "-o", "{tmp}/a-file/out"], "{tmp}/a-file/out",
         "Not a directory"),
        (["report", "{run}", "-o", "{tmp}/a-dir"], "{tmp}/a-dir", "is a directory"),
        (["schema", "-o", "{tmp}/a-file"], "{tmp}/a-file", "is a file"),
        (["schema", "-o", "{tmp}/a-file/schemas"], "{tmp}/a-file/schemas", "Not a directory"),
        (["evaluate", "{run}", "--gold", "{tmp}/gold.jsonl", "--sources", "{tmp}",
          "--json", "{tmp}/a-dir"], "{tmp}/a-dir", "is a directory"),
        (["merge", "{run}", "-o", "{tmp}/a-file/merged"], "{tmp}/a-file/merged",
         "Not a directory"),
    ],
    ids=["extract-under-a-file", "report-to-a-directory", "schema-to-a-file",
         "schema-under-a-file", "evaluate-json-to-a-directory", "merge-under-a-file"],
)
def test_os_errors_are_one_line_and_exit_2(
    tmp_path: Path, plain_run: Path, args: list[str], path: str, reason: str
) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-dir").mkdir()
    (tmp_path / "gold.jsonl").write_bytes(orjson.dumps(
        {"doc_id": "a.txt", "events": [{"parties": ["Vladimir Putin", "Joe Biden"]}]}) + b"\n")
    result = invoke(*(a.format(tmp=tmp_path, run=plain_run) for a in args))
    assert result.exit_code == 2, (result.output, result.exception)
    line = one_line(result)
    assert path.format(tmp=tmp_path) in line and reason in line, line
    assert (tmp_path / "a-file").read_text() == "x"


def test_a_missing_model_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = invoke("extract", str(SAMPLES), "-o", str(tmp_path / "out"), "--processes", "1",
                    "--model", "nosuchmodel")
    assert result.exit_code == 2, (result.output, result.exception)
    assert "nosuchmodel" in one_line(result)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_output_directory_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = invoke("extract", str(SAMPLES), "-o", str(out), "--processes", "1")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 2, (result.output, result.exception)
    line = one_line(result)
    assert str(out) in line and "Permission denied" in line


def stray_tmp(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.name.endswith(".tmp"))


@pytest.mark.slow
def test_disk_full_while_publishing_is_one_line_exit_2_and_no_tmp_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents.io.write as write

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write, "_copy_range", full)
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    out = tmp_path / "out"
    result = invoke("extract", str(src), "-o", str(out), "--processes", "1")
    assert result.exit_code == 2, (result.output, result.exception)
    line = one_line(result)
    assert str(out) in line and "No space left on device" in line
    assert stray_tmp(out) == []


def test_escape_control_spells_every_control_character() -> None:
    from newsevents.console import escape_control, safe

    assert escape_control("a\x1b[31mb\x07\n\t\x9b") == "a\\x1b[31mb\\x07\\n\\t\\x9b"
    assert escape_control("evil\u202egpj.txt\u200b") == "evil\\u202egpj.txt\\u200b"
    name = os.fsdecode(b"caf\xe9.txt")  # a Latin-1 file name, as os.listdir gives it
    assert escape_control(name) == "caf\\xe9.txt"
    assert escape_control("Ça [/red] :smile: \\") == "Ça [/red] :smile: \\"
    assert safe("[bold]x[/bold] :smile:").plain == "[bold]x[/bold] :smile:"
