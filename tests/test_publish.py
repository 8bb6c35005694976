"""Publishing a run's files as one step: a reader sees the last complete run or the new one.

A kill between two of the published files (here: after the new events.jsonl, before the new
merged.jsonl) must leave a directory every reader refuses as incomplete, and a rerun completes.
A `merge -o` into an extract output directory, and an extract into a merge output, are refused.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from newsevents import merge as merge_mod
from newsevents.cli import app
from newsevents.io.published import (
    IncompleteOutputError,
    published_sizes,
    reading_published,
)
from newsevents.io.write import STATE_DIR
from newsevents.pipeline import extract
from newsevents.settings import Settings
from newsevents.validate import validate_path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
FILES = ("documents.jsonl", "events.jsonl", "errors.jsonl", "merged.jsonl", "entities.jsonl")
SETTINGS = Settings(processes=1, batch_size=1)
runner = CliRunner()


class Killed(BaseException):
    """Stands for the kill: not an Exception, so no handler of the run's catches it."""


def _run_of_one_sample(tmp_path: Path) -> tuple[Path, Path]:
    """An input of one sample article and its published run (the other sample is added by
    the tests, to publish again)."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    shutil.copy(SAMPLES / "tass-putin-al-sharaa-call.txt", src)
    extract(src, out, SETTINGS)
    return src, out


def _files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def _readers(out: Path, tmp: Path) -> dict[str, list[str]]:
    gold = tmp / "gold.jsonl"
    gold.write_text("")
    return {
        "stats": ["stats", str(out)],
        "report": ["report", str(out), "-o", str(tmp / "report.html")],
        "validate": ["validate", str(out)],
        "merge": ["merge", str(out), "-o", str(tmp / "merged")],
        "evaluate": ["evaluate", str(out), "--gold", str(gold)],
    }


@pytest.mark.slow
def test_a_kill_between_published_files_is_refused_by_every_reader_and_a_rerun_completes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out = _run_of_one_sample(tmp_path)
    before = _files(out)
    shutil.copy(SAMPLES / "kyiv-independent-putin-al-sharaa-call.txt", src)

    def killed(out_dir: Path) -> tuple[int, int]:
        raise Killed

    monkeypatch.setattr(merge_mod, "write_run_merges", killed)
    with pytest.raises(Killed):
        extract(src, out, SETTINGS)
    monkeypatch.undo()
    mixed = _files(out)
    # The mix the readers must not take for a run: new events, the last run's merged calls.
    assert mixed["events.jsonl"] != before["events.jsonl"]
    assert mixed["merged.jsonl"] == before["merged.jsonl"]
    assert not (out / "manifest.json").exists()

    for name, args in _readers(out, tmp_path).items():
        result = runner.invoke(app, args)
        assert result.exit_code == (1 if name == "validate" else 2), (name, result.output)
        assert "is incomplete: it has no manifest.json" in result.output, name
        assert "rerun the same `newsevents extract` command" in result.output, name
    assert not (tmp_path / "report.html").exists() and not (tmp_path / "merged").exists()

    extract(src, out, SETTINGS)  # the rerun publishes the whole run
    clean = tmp_path / "clean"
    extract(src, clean, SETTINGS)
    assert _files(out) == _files(clean)
    assert validate_path(out, sources=src) == []
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["files"] == published_sizes(out)
    for name, args in _readers(out, tmp_path).items():
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (name, result.output)


def _published_dir(root: Path) -> Path:
    """An extract-like output directory with a manifest (publish id, sizes) and a journal."""
    out = root / "out"
    (out / STATE_DIR).mkdir(parents=True)
    (out / STATE_DIR / "journal.jsonl").write_bytes(b"")
    for name in FILES:
        (out / name).write_bytes(b"")
    _write_manifest(out, "a" * 32)
    return out


def _write_manifest(out: Path, publish_id: str) -> None:
    manifest = {"publish_id": publish_id, "files": published_sizes(out), "input_root": "in"}
    (out / "manifest.json").write_bytes(orjson.dumps(manifest))


def _republish(out: Path) -> None:
    (out / "manifest.json").unlink()
    (out / "events.jsonl").write_bytes(b"{}\n")
    _write_manifest(out, "b" * 32)


def _begin_publish(out: Path) -> None:
    (out / "manifest.json").unlink()


@pytest.mark.parametrize("during", [_republish, _begin_publish])
def test_a_publish_while_a_reader_reads_is_refused(tmp_path: Path, during: object) -> None:
    out = _published_dir(tmp_path)
    with pytest.raises(IncompleteOutputError, match="changed while it was being read"):
        with reading_published(out):
            during(out)  # type: ignore[operator]


def test_a_complete_directory_and_a_merge_output_read_as_they_are(tmp_path: Path) -> None:
    out = _published_dir(tmp_path)
    with reading_published(out):
        pass
    merged = tmp_path / "merged"
    merged.mkdir()
    (merged / "merged.jsonl").write_bytes(b"")  # no manifest, no journal: not an extract's
    with reading_published(merged):
        pass


def test_a_file_changed_after_publishing_is_a_validate_problem(tmp_path: Path) -> None:
    out = _published_dir(tmp_path)
    (out / "merged.jsonl").write_bytes(b"\n")
    problems = [str(p) for p in validate_path(out)]
    assert any(
        p.startswith(f"{out / 'merged.jsonl'}: <file>: 1 bytes, but the run that published it "
                     "wrote 0 bytes") for p in problems
    ), problems


def test_merge_into_an_extract_output_directory_is_refused(tmp_path: Path) -> None:
    out = _published_dir(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    for name in ("documents.jsonl", "events.jsonl"):
        (other / name).write_bytes(b"")
    before = _files(out)
    result = runner.invoke(app, ["merge", str(other), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{out} is an extract output directory: merge into another -o" in result.output
    assert _files(out) == before


def test_extract_into_a_merge_output_directory_is_refused(tmp_path: Path) -> None:
    src, merged = tmp_path / "in", tmp_path / "merged"
    src.mkdir()
    shutil.copy(SAMPLES / "tass-putin-al-sharaa-call.txt", src)
    merged.mkdir()
    (merged / "merged.jsonl").write_bytes(b"{}\n")
    (merged / "entities.jsonl").write_bytes(b"{}\n")
    # Refused before the model loads: a bad model name shows nothing was loaded.
    result = runner.invoke(app, ["extract", str(src), "-o", str(merged), "--model", "nope"])
    assert result.exit_code == 2
    assert (f"{merged} holds merged.jsonl and entities.jsonl but is not an extract output "
            "directory") in result.output
    assert "use --force to overwrite" in result.output
    assert (merged / "merged.jsonl").read_bytes() == b"{}\n"
    assert sorted(p.name for p in merged.iterdir()) == ["entities.jsonl", "merged.jsonl"]


@pytest.mark.slow
def test_a_full_disk_while_publishing_keeps_the_last_complete_run_readable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsevents.io.write as write

    src, out = _run_of_one_sample(tmp_path)
    before = {**_files(out), "manifest.json": (out / "manifest.json").read_bytes()}
    shutil.copy(SAMPLES / "kyiv-independent-putin-al-sharaa-call.txt", src)

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write, "_copy_range", full)
    with pytest.raises(OSError, match="No space left"):
        extract(src, out, SETTINGS)
    monkeypatch.undo()
    assert {**_files(out), "manifest.json": (out / "manifest.json").read_bytes()} == before
    assert validate_path(out) == []
    assert runner.invoke(app, ["stats", str(out)]).exit_code == 0


@pytest.mark.slow
def test_a_merged_file_changed_after_publishing_is_repaired_by_the_next_run(
    tmp_path: Path
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SAMPLES, src)
    extract(src, out, SETTINGS)
    before = _files(out)
    (out / "merged.jsonl").write_bytes(b"")  # what another command writing here would do
    assert [p.file for p in validate_path(out)] == [str(out / "merged.jsonl")]
    again = extract(src, out, SETTINGS)
    assert again.processed == 0 and _files(out) == before
    assert validate_path(out) == []
