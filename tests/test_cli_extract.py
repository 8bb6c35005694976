"""`newsevents extract` on the command line: exit codes, messages, the summary line."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.io.write import STATE_DIR

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
runner = CliRunner()


def extract(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["extract", *args, "--processes", "1"])
    return result.exit_code, " ".join(result.output.split())  # rich wraps long lines


@pytest.mark.slow
def test_all_processed_is_exit_0_with_a_summary_line(tmp_path: Path) -> None:
    code, output = extract(str(SAMPLES), "-o", str(tmp_path / "out"))
    assert code == 0, output
    assert "2 documents, 2 events" in output and "0 errors" in output
    assert "documents/s" in output
    code, output = extract(str(SAMPLES), "-o", str(tmp_path / "out"))
    assert code == 0 and "2 unchanged" in output


@pytest.mark.slow
def test_some_documents_failed_is_exit_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    (src / "broken.txt").write_bytes(bytes(range(256)) * 4)
    code, output = extract(str(src), "-o", str(tmp_path / "out"))
    assert code == 1, output
    assert "2 documents" in output and "1 errors" in output
    assert (tmp_path / "out" / "errors.jsonl").read_text().count("\n") == 1
    # Still failing on a rerun with nothing to do: the output still has the error line.
    code, _ = extract(str(src), "-o", str(tmp_path / "out"))
    assert code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/nowhere", "-o", "{tmp}/out"], "does not exist"),
        ([str(SAMPLES), "-o", "{tmp}/a-file"], "is a file"),
        ([str(SAMPLES), "-o", "{tmp}/out", "--engine", "spark"], "--engine"),
        ([str(SAMPLES), "-o", "{tmp}/out", "--batch-size", "0"], "--batch-size"),
        ([str(SAMPLES), "-o", "{tmp}/out", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
        ([str(SAMPLES), "-o", "{tmp}/out", "--no-such-option"], "no-such-option"),
    ],
    ids=["missing-input", "output-is-a-file", "bad-engine", "bad-batch-size",
         "scheduler-without-dask", "unknown-option"],
)
def test_usage_errors_are_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "a-file").write_text("x")
    code, output = extract(*(a.format(tmp=tmp_path) for a in args))
    assert code == 2, output
    assert message in output
    assert not (tmp_path / "out" / "documents.jsonl").exists()


def test_a_locked_output_directory_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    with open(out / STATE_DIR / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, output = extract(str(SAMPLES), "-o", str(out))
    assert code == 2
    assert "another newsevents run" in output and "-o" in output


@pytest.mark.slow
def test_another_runs_output_is_exit_2_until_force(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    assert extract(str(SAMPLES), "-o", out)[0] == 0
    code, output = extract(str(SAMPLES), "-o", out, "--glob", "*.md")
    assert code == 2 and "--force" in output
    code, output = extract(str(SAMPLES), "-o", out, "--glob", "*.md", "--force")
    assert code == 0 and "0 documents" in output
