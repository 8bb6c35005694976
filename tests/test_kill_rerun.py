"""A real `kill -9` of a running `newsevents extract`, then the same command again.

The rerun must finish the rest: no document twice, none lost, the files identical to those
of a run that was never interrupted. While the first run is alive, a second run into the
same directory is refused (the lock).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import psutil
import pytest

from newsevents.io.journal import Journal
from newsevents.io.write import JOURNAL_FILE, OUTPUT_FILES, STATE_DIR
from newsevents.pipeline import extract
from newsevents.settings import Settings

pytestmark = pytest.mark.slow
BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"
N_FILES = 200
CLI = [sys.executable, "-m", "newsevents.cli", "extract"]
COMPARED = (*OUTPUT_FILES, "merged.jsonl", "entities.jsonl")


@pytest.fixture
def corpus(tmp_path: Path, shared) -> Path:
    shared("corpora", "bbc")
    src = tmp_path / "in"
    src.mkdir()
    for name in sorted(os.listdir(BBC))[:N_FILES]:
        shutil.copy(BBC / name, src / name)
    (src / "business-0003-broken.txt").write_bytes(bytes(range(256)) * 4)
    return src


def batches_done(journal: Path) -> int:
    if not journal.is_file():
        return 0
    return journal.read_bytes().count(b'"kind":"batch"')


def test_kill_9_mid_run_then_the_same_command_finishes_the_rest(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = [*CLI, str(corpus), "-o", str(out), "--processes", "2", "--batch-size", "4"]
    journal = out / STATE_DIR / JOURNAL_FILE
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while batches_done(journal) < 3:
            assert run.poll() is None, run.stderr.read().decode() if run.stderr else ""
            assert time.monotonic() < deadline, "no batch done in 3 minutes"
            time.sleep(0.05)
        workers = psutil.Process(run.pid).children(recursive=True)

        second = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert second.returncode == 2
        assert "another newsevents run" in " ".join(second.stderr.split())

        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        if run.poll() is None:
            run.kill()
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, "spaCy worker processes outlived the killed run"

    # What the kill left: nothing published, and whole valid lines up to the journal's sizes.
    assert not any((out / name).exists() for name in COMPARED)
    state = Journal.load(journal)
    assert 0 < len(state.entries) <= N_FILES
    for k, name in enumerate(OUTPUT_FILES):
        data = (out / STATE_DIR / f"{name}.part").read_bytes()
        assert len(data) >= state.sizes[k]
        kept = data[: state.sizes[k]]
        assert kept == b"" or kept.endswith(b"\n")
        assert all(orjson.loads(line) for line in kept.splitlines())

    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1, again.stderr  # the broken file
    summary = " ".join(again.stderr.split())
    assert f"{N_FILES} documents" in summary and "1 errors" in summary
    assert f"{len(state.entries)} unchanged" in summary

    clean = tmp_path / "clean"
    extract(corpus, clean, Settings(processes=2, batch_size=16))
    for name in COMPARED:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
    doc_ids = [orjson.loads(line)["doc_id"] for line in (out / "documents.jsonl").open("rb")]
    assert len(doc_ids) == len(set(doc_ids)) == N_FILES


def test_ctrl_c_with_two_workers_ends_the_run_then_the_same_command_resumes(
    tmp_path: Path, shared
) -> None:
    """One SIGINT to the process group (a Ctrl-C) ends an `-p 2` run promptly with exit 130
    and one line; the journal keeps what was done and a rerun finishes it."""
    shared("corpora", "bbc")
    src = tmp_path / "in"
    src.mkdir()
    for name in sorted(os.listdir(BBC))[:40]:
        shutil.copy(BBC / name, src / name)
    out = tmp_path / "out"
    command = [*CLI, str(src), "-o", str(out), "-p", "2", "--batch-size", "4"]
    journal = out / STATE_DIR / JOURNAL_FILE
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while batches_done(journal) < 1 and time.monotonic() < deadline:
            assert run.poll() is None, run.stderr.read().decode() if run.stderr else ""
            time.sleep(0.05)
        os.killpg(run.pid, signal.SIGINT)
        try:
            _, err = run.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("the run did not end within 20 s of one SIGINT")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)
    text = err.decode()
    assert run.returncode == 130, text
    assert "Traceback" not in text
    lines = text.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted: "), text
    assert "rerun the same command to resume" in lines[0]
    assert not (out / "documents.jsonl").exists()
    done = len(Journal.load(journal).entries)

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{done} unchanged" in " ".join(again.stderr.split())
    clean = tmp_path / "clean"
    extract(src, clean, Settings(processes=1, batch_size=16))
    for name in COMPARED:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name
