"""Faults and hostile input on `extract`: bad file names, FIFOs, output inside the input,
`--force` with a bad setting, a journal of the wrong shape (issue 12, part 2)."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.io.write import JOURNAL_FILE, STATE_DIR
from newsevents.validate import validate_path

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
TASS = SAMPLES / "tass-putin-al-sharaa-call.txt"
runner = CliRunner()


def extract(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["extract", *args, "--processes", "1"])
    if isinstance(result.exception, Blocked):
        raise result.exception
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, " ".join(result.output.split())


def lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


class Blocked(BaseException):
    """Raised by the alarm: not an OSError or Exception, which the code under test catches."""


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail a test that blocks instead of hanging the suite."""

    def _timeout(signum: int, frame: object) -> None:
        raise Blocked("the run blocked")

    old = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# --- file names that are not UTF-8 ----------------------------------------------------------


def _bytes_path(base: Path, *names: bytes) -> bytes:
    return os.path.join(os.fsencode(base), *names)


@pytest.mark.slow
def test_a_file_or_directory_name_not_utf8_is_one_error_line_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TASS, src / "good.txt")
    data = TASS.read_bytes()
    with open(_bytes_path(src, b"bad\xff.txt"), "wb") as fh:
        fh.write(data)
    os.mkdir(_bytes_path(src, b"dir\xfe"))
    with open(_bytes_path(src, b"dir\xfe", b"x.txt"), "wb") as fh:
        fh.write(data)
    out = tmp_path / "out"
    for attempt in range(2):  # the rerun does not crash either
        code, output = extract(str(src), "-o", str(out))
        assert code == 1, output
        assert "1 documents" in output and "2 errors" in output, output
        if attempt == 0:
            errors = lines(out / "errors.jsonl")
            assert [e["doc_id"] for e in errors] == ["bad\\xff.txt", "dir\\xfe/x.txt"]
            assert all("not valid UTF-8" in e["reason"] for e in errors)
            assert [d["doc_id"] for d in lines(out / "documents.jsonl")] == ["good.txt"]
    assert "2 unchanged" in output or "3 unchanged" in output, output
    assert (out / "manifest.json").is_file()
    assert validate_path(out, sources=src) == []


@pytest.mark.slow
def test_an_input_root_whose_name_is_not_utf8_is_read(tmp_path: Path) -> None:
    root = _bytes_path(tmp_path, b"in\xff")
    os.mkdir(root)
    shutil.copy(TASS, os.fsdecode(os.path.join(root, b"good.txt")))
    out = tmp_path / "out"
    code, output = extract(os.fsdecode(root), "-o", str(out))
    assert code == 0, output
    assert [d["doc_id"] for d in lines(out / "documents.jsonl")] == ["good.txt"]
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["input_root"].endswith("in\\xff")
    code, output = extract(os.fsdecode(root), "-o", str(out))
    assert code == 0 and "1 unchanged" in output, output


# --- FIFOs and other files that are not regular ---------------------------------------------


@pytest.mark.slow
def test_a_fifo_in_the_input_directory_is_one_error_line(tmp_path: Path, no_hang: None) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TASS, src / "good.txt")
    os.mkfifo(src / "pipe.txt")
    out = tmp_path / "out"
    code, output = extract(str(src), "-o", str(out))
    assert code == 1, output
    (error,) = lines(out / "errors.jsonl")
    assert error["doc_id"] == "pipe.txt" and error["stage"] == "read"
    assert "not a regular file" in error["reason"], error
    assert [d["doc_id"] for d in lines(out / "documents.jsonl")] == ["good.txt"]
    code, output = extract(str(src), "-o", str(out))
    assert code == 1 and "2 unchanged" in output, output


@pytest.mark.parametrize("link", [False, True])
def test_a_fifo_as_the_input_path_is_a_usage_error(
    tmp_path: Path, no_hang: None, link: bool
) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    given = fifo
    if link:
        given = tmp_path / "link.txt"
        given.symlink_to(fifo)
    code, output = extract(str(given), "-o", str(tmp_path / "out"))
    assert code == 2, output
    assert str(given) in output and "not a regular file" in output, output


# --- output inside the input ----------------------------------------------------------------


@pytest.mark.slow
def test_output_inside_the_input_is_not_read_back(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TASS, src / "good.txt")
    out = src / "out"
    # another run's output inside the input: its manifest marks it (its state dir is gone)
    other = src / "sub" / "old-run"
    code, output = extract(str(SAMPLES), "-o", str(other))
    assert code == 0, output
    shutil.rmtree(other / STATE_DIR)
    first = None
    for _ in range(3):
        code, output = extract(str(src), "-o", str(out), "--glob", "*")
        assert code == 0, output
        assert "1 documents" in output and "0 errors" in output, output
        docs = (out / "documents.jsonl").read_bytes()
        first = first or docs
        assert docs == first
    assert [d["doc_id"] for d in lines(out / "documents.jsonl")] == ["good.txt"]
    assert "1 unchanged" in output, output


def test_the_input_directory_as_the_output_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TASS, src / "good.txt")
    code, output = extract(str(src), "-o", str(src))
    assert code == 2, output
    assert "input" in output and str(src) in output, output
    assert sorted(os.listdir(src)) == ["good.txt"]


# --- --force keeps the last good output until the run is done -------------------------------


def _published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


@pytest.mark.slow
def test_force_with_a_mistyped_model_keeps_the_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = extract(str(SAMPLES), "-o", str(out))
    assert code == 0, output
    before = _published(out)
    assert "manifest.json" in before and "documents.jsonl" in before
    code, output = extract(str(SAMPLES), "-o", str(out), "--force", "--model", "en_core_web_typo")
    assert code != 0 and "en_core_web_typo" in output, output
    assert _published(out) == before
    code, output = extract(str(SAMPLES), "-o", str(out))  # and the journal still says done
    assert code == 0 and "2 unchanged" in output, output


class Killed(BaseException):
    """Stands for a kill: nothing after it runs but `finally` blocks."""


@pytest.mark.slow
def test_force_killed_early_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsevents.pipeline import run as run_mod

    out = tmp_path / "out"
    code, output = extract(str(SAMPLES), "-o", str(out))
    assert code == 0, output
    before = _published(out)
    real_engine = run_mod.local_engine

    def dying_engine(*args: object, **kw: object):  # type: ignore[no-untyped-def]
        results = real_engine(*args, **kw)  # type: ignore[arg-type]

        def stream(tasks):  # type: ignore[no-untyped-def]
            for n, result in enumerate(results(tasks)):
                if n == 1:
                    raise Killed  # after the first batch is in the journal
                yield result

        return stream

    monkeypatch.setattr(run_mod, "local_engine", dying_engine)
    with pytest.raises(Killed):
        runner.invoke(app, ["extract", str(SAMPLES), "-o", str(out), "--force",
                            "--batch-size", "1", "-p", "1"], catch_exceptions=False)
    assert _published(out) == before
    monkeypatch.setattr(run_mod, "local_engine", real_engine)
    code, output = extract(str(SAMPLES), "-o", str(out), "--batch-size", "1")
    assert code == 0, output
    assert validate_path(out) == []
    assert {k: v for k, v in _published(out).items() if k != "manifest.json"} == {
        k: v for k, v in before.items() if k != "manifest.json"
    }


# --- a journal of the wrong shape -----------------------------------------------------------

_HEADER = b'{"kind":"header","version":1,"input_root":"x","settings_hash":"y"}\n'
_DOC = b'["a.txt","f",[0,1,0,0,0,0],0,0,false,3,0]'


@pytest.mark.parametrize(
    "journal",
    [
        b"[1, 2]\n",
        b"42\n",
        b'"header"\n',
        b'{"kind": 7}\n',
        b'{"kind": "nonsense"}\n',
        _HEADER + b'{"kind":"batch"}\n',
        _HEADER + b'{"kind":"batch","docs":7,"sizes":[1,0,0],"lines":[1,0,0]}\n',
        _HEADER + b'{"kind":"batch","docs":[[1,2]],"sizes":[1,0,0],"lines":[1,0,0]}\n',
        _HEADER + b'{"kind":"batch","docs":[' + _DOC + b'],"sizes":"abc","lines":[1,0,0]}\n',
        _HEADER + b'{"kind":"batch","docs":[' + _DOC + b'],"sizes":[1,0],"lines":[1,0,0]}\n',
        _HEADER + b'{"kind":"batch","docs":[' + _DOC + b'],"sizes":[1,0,0],"lines":[1,0,null]}\n',
        _HEADER + b'{"kind":"batch","docs":[["a.txt","f",[0,"1",0,0,0,0],0,0,false,3,0]],'
        b'"sizes":[1,0,0],"lines":[1,0,0]}\n',
        _HEADER + b'{"kind":"batch","docs":[[null,"f",[0,1,0,0,0,0],0,0,false,3,0]],'
        b'"sizes":[1,0,0],"lines":[1,0,0]}\n',
        _HEADER + b'{"kind":"batch","docs":[["a.txt","f",[5,1,0,0,0,0],0,0,false,3,0]],'
        b'"sizes":[1,0,0],"lines":[1,0,0]}\n',
    ],
)
def test_a_journal_line_of_the_wrong_shape_asks_for_force(tmp_path: Path, journal: bytes) -> None:
    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    (out / STATE_DIR / JOURNAL_FILE).write_bytes(journal)
    code, output = extract(str(SAMPLES), "-o", str(out))
    assert code == 2, output
    assert "journal" in output and "damaged" in output and "--force" in output, output
    assert "Traceback" not in output


@pytest.mark.parametrize("pattern", ["sub/*.txt", "*/x.txt", "a\\b.txt"])
def test_a_glob_with_a_directory_is_a_usage_error(tmp_path: Path, pattern: str) -> None:
    src = tmp_path / "in" / "sub"
    src.mkdir(parents=True)
    (src / "a.txt").write_text("President A spoke with President B.\n")
    result = CliRunner().invoke(
        app, ["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", pattern]
    )
    assert result.exit_code == 2
    assert "patterns match file names" in result.output
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_merge_refuses_the_same_run_twice(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    result = CliRunner().invoke(
        app, ["merge", str(run), str(tmp_path / "." / "run"), "-o", str(tmp_path / "m")]
    )
    assert result.exit_code == 2
    assert "given twice" in result.output
