"""Batch runs: bad inputs, resuming, reprocessing, order, the lock, the journal.

Library-level (`pipeline.extract` in this process): the model loads once for the module.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import fsspec
import orjson
import pytest

from newsevents import pipeline
from newsevents.article import Article
from newsevents.errors import OutputExistsError, OutputLockedError, UsageError
from newsevents.io import remote
from newsevents.io.journal import Entry, Journal
from newsevents.io.write import JOURNAL_FILE, STATE_DIR
from newsevents.pipeline import extract, split_parts
from newsevents.pipeline import local as local_mod
from newsevents.pipeline import run as run_mod
from newsevents.settings import Settings
from newsevents.validate import validate_path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"
TASS = (SAMPLES / "tass-putin-al-sharaa-call.txt").read_text(encoding="utf-8")
BBC = REPO.parent / "shared" / "corpora" / "bbc"
OUTPUTS = ("documents.jsonl", "events.jsonl", "errors.jsonl", "merged.jsonl", "entities.jsonl")
SETTINGS = Settings(processes=1, batch_size=2)
WESTERN = (
    "date 2025-03-04 Café talks\n"
    "PARIS, March 4. President Emmanuel Macron’s aides said the café owners "
    "were “delighted” by the visit – and by the crème brûlée.\n"
)


def lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def run(src: Path, out: Path, settings: Settings = SETTINGS, **kw: object) -> pipeline.RunSummary:
    summary = extract(src, out, settings, **kw)  # type: ignore[arg-type]
    assert validate_path(out, sources=src if src.is_dir() else None) == []
    return summary


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The two samples and four BBC articles (in a subdirectory)."""
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    if BBC.is_dir():
        (src / "bbc").mkdir()
        for name in sorted(os.listdir(BBC))[:4]:
            shutil.copy(BBC / name, src / "bbc" / name)
    return src


# --- bad input ------------------------------------------------------------------------------


def _unreadable(path: Path) -> None:
    if os.geteuid() != 0:
        path.write_text(TASS, encoding="utf-8")
        path.chmod(0)
    else:  # root reads any file: a file whose read fails in the kernel instead
        path.symlink_to("/proc/self/mem")


def _link_loop(path: Path) -> None:
    path.symlink_to(path.with_name("loop-back.md.off"))
    path.with_name("loop-back.md.off").symlink_to(path)


BAD_INPUTS: list[tuple[str, Callable[[Path], None], str, str]] = [
    # (name, make the file, the stage of its error line or "ok", what the line says)
    ("binary.txt", lambda p: p.write_bytes(bytes(range(256)) * 8), "decode", "binary"),
    ("empty.txt", lambda p: p.write_bytes(b""), "read", "empty"),
    ("blank.txt", lambda p: p.write_bytes(b" \n\t\r\n  \n"), "read", "empty"),
    ("unreadable.txt", _unreadable, "read", "cannot read"),
    ("dangling.txt", lambda p: p.symlink_to(p.with_name("gone.txt")), "read",
     "no such file"),
    ("loop.txt", _link_loop, "read", "too many levels of symbolic links"),
    ("cp1252.txt", lambda p: p.write_bytes(WESTERN.encode("cp1252")), "ok", "cp1252"),
    ("latin1.txt", lambda p: p.write_bytes(WESTERN.replace("’", "'").replace("“", '"')
                                           .replace("”", '"').replace("–", "-")
                                           .encode("latin-1")), "ok", "latin-1"),
    ("bom.txt", lambda p: p.write_bytes(codecs.BOM_UTF8 + TASS.encode()), "ok", "utf-8-sig"),
    ("crlf.txt", lambda p: p.write_bytes(TASS.replace("\n", "\r\n").encode()), "ok", "utf-8"),
    ("bad-date.txt", lambda p: p.write_text("date 2025-13-45 " + TASS.split(" ", 2)[2]), "ok",
     "malformed date header"),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make", "stage", "says"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_a_bad_input_is_one_line_and_the_batch_goes_on(
    tmp_path: Path, name: str, make: Callable[[Path], None], stage: str, says: str
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "tass-putin-al-sharaa-call.txt", src / "a-good.txt")
    make(src / name)
    out = tmp_path / "out"
    summary = extract(src, out, SETTINGS)
    assert validate_path(out) == []
    docs = {d["doc_id"]: d for d in lines(out / "documents.jsonl")}
    errors = {e["doc_id"]: e for e in lines(out / "errors.jsonl")}
    assert "a-good.txt" in docs and len(lines(out / "events.jsonl")) >= 1
    if stage == "ok":
        assert name in docs and not errors and summary.errors == 0
        doc = docs[name]
        assert says == doc["encoding"] or any(says in w for w in doc["warnings"])
        text = (src / name).read_bytes().decode(doc["encoding"])
        for ent in doc["entities"]:
            for m in ent["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
    else:
        assert name not in docs and summary.errors == 1
        assert errors[name]["stage"] == stage and says in errors[name]["reason"].lower()
        assert errors[name]["path"] == str(src.resolve() / name)


@contextlib.contextmanager
def fails_instead_of_hanging(seconds: int = 20) -> Iterator[None]:
    """Turn an endless loop into a failure: SIGALRM raises in the main thread."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: the batch hangs")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _reader_failing_for(bad: str, exc: Exception) -> Callable[[str, str], Article]:
    real = remote.read_url_article

    def read(url: str, doc_id: str) -> Article:
        if doc_id == bad:
            raise exc
        return real(url, doc_id)

    return read


READ_FAILURES = [RuntimeError("backend exploded"), OSError(5, "Input/output error"),
                 ValueError("bad URL"), KeyError("etag")]


@pytest.mark.parametrize("exc", READ_FAILURES, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("bad", ["a.txt", "b.txt", "c.txt"])
def test_a_reader_raising_anything_is_one_read_error_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch, bad: str, exc: Exception
) -> None:
    fs = fsspec.filesystem("memory")
    for name in ("a.txt", "b.txt", "c.txt"):
        fs.pipe(f"/batch-in/{name}", WESTERN.encode())
    monkeypatch.setattr(remote, "read_url_article", _reader_failing_for(bad, exc))
    tasks = [pipeline.Task(n, f"memory://batch-in/{n}", None) for n in ("a.txt", "b.txt", "c.txt")]
    with fails_instead_of_hanging():
        results = list(pipeline.pipe_results(_RecordingNlp(), iter(tasks), "memory://batch-in"))  # type: ignore[arg-type]
    assert [r.doc_id for r in results] == ["a.txt", "b.txt", "c.txt"]
    for r in results:
        assert bool(r.error) == (r.doc_id == bad) and bool(r.document) == (r.doc_id != bad)
    error = orjson.loads(next(r.error for r in results if r.error))
    assert error["stage"] == "read" and error["reason"].startswith(type(exc).__name__)


@pytest.mark.slow
def test_a_remote_document_that_cannot_be_read_is_one_line_in_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fs = fsspec.filesystem("memory")
    fs.pipe("/extract-in/a.txt", TASS.encode())
    fs.pipe("/extract-in/b.txt", WESTERN.encode())
    monkeypatch.setattr(remote, "read_url_article", _reader_failing_for("a.txt", OSError(5, "EIO")))
    out = tmp_path / "out"
    with fails_instead_of_hanging(120):
        summary = extract("memory://extract-in", out, SETTINGS)
    assert (summary.documents, summary.errors) == (1, 1)
    (error,) = lines(out / "errors.jsonl")
    assert (error["doc_id"], error["stage"]) == ("a.txt", "read")
    assert [d["doc_id"] for d in lines(out / "documents.jsonl")] == ["b.txt"]


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["paragraphs", "one-long-line"])
def test_a_document_longer_than_max_chars_is_processed_in_parts(tmp_path: Path, shape: str) -> None:
    body = TASS.split("\n", 1)[1]
    text = TASS + "\n\n".join([body] * 4) if shape == "paragraphs" else (
        TASS.split("\n", 1)[0] + "\n" + " ".join([body.replace("\n", " ")] * 4)
    )
    src = tmp_path / "in"
    src.mkdir()
    (src / "long.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    run(src, out, Settings(processes=1, max_chars=1000))  # validates every offset
    (doc,) = lines(out / "documents.jsonl")
    assert doc["counts"]["chars"] == len(text) and len(split_parts(text, 1000)) > 5
    held = [e for e in lines(out / "events.jsonl") if e["status"] == "held"]
    assert held and {p["country"] for p in held[0]["parties"]} == {"RUS", "SYR"}
    mentions = [m["start"] for e in doc["entities"] for m in e["mentions"]]
    assert max(mentions) > 3000  # entities of the later parts, at their offsets in the file


@pytest.mark.parametrize("max_chars", [1000, 1500])
@pytest.mark.parametrize(
    "text",
    ["para one.\n\n" * 300, "line\n" * 700, "A sentence. " * 400, "word " * 900, "x" * 3500],
    ids=["paragraphs", "lines", "sentences", "words", "no-boundary"],
)
def test_split_parts_covers_the_text_in_bounded_parts(text: str, max_chars: int) -> None:
    parts = split_parts(text, max_chars)
    assert parts[0][0] == 0 and parts[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    assert all(0 < e - s <= max_chars for s, e in parts)
    if text[0] != "x":  # cut at a boundary, never inside a word
        assert all(text[e - 1] in " \n" for _, e in parts[:-1])


@pytest.mark.slow
def test_a_symlink_loop_ends_and_each_file_is_read_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "tass-putin-al-sharaa-call.txt", src / "sub" / "a.txt")
    (src / "sub" / "loop").symlink_to(src)
    out = tmp_path / "out"
    run(src, out)
    assert [d["doc_id"] for d in lines(out / "documents.jsonl")] == ["sub/a.txt"]


@pytest.mark.slow
def test_html_is_read_with_trafilatura(tmp_path: Path) -> None:
    pytest.importorskip("trafilatura")
    src = tmp_path / "in"
    src.mkdir()
    paragraphs = "".join(f"<p>{p}</p>" for p in TASS.split("\n")[3:] if p.strip())
    (src / "page.html").write_text(
        "<!doctype html><html><head><title>Putin and al-Sharaa talk</title></head><body>"
        f"<nav>Home | World</nav><article><h1>Putin and al-Sharaa talk</h1>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run(src, out, Settings(processes=1, globs=("*.html",)))
    (doc,) = lines(out / "documents.jsonl")
    assert any("trafilatura" in w for w in doc["warnings"])


@pytest.mark.slow
def test_html_without_the_extra_is_an_error_with_the_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails as if not installed
    src = tmp_path / "in"
    src.mkdir()
    (src / "page.html").write_text("<html><body><p>Text.</p></body></html>", encoding="utf-8")
    shutil.copy(SAMPLES / "tass-putin-al-sharaa-call.txt", src / "b.txt")
    out = tmp_path / "out"
    summary = run(src, out, Settings(processes=1, globs=("*.html", "*.txt")))
    (error,) = lines(out / "errors.jsonl")
    assert summary.errors == 1 and summary.documents == 1
    assert "pip install 'newsevents[html]'" in error["reason"]


@pytest.mark.parametrize("where", ["missing-input", "output-is-a-file"])
def test_usage_errors(tmp_path: Path, where: str) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError):
        if where == "missing-input":
            extract(tmp_path / "nowhere", tmp_path / "out", SETTINGS)
        else:
            extract(SAMPLES, target, SETTINGS)
    assert not (tmp_path / "out").exists()


# --- resuming and rerunning -----------------------------------------------------------------


def _no_model(*args: object, **kwargs: object) -> None:
    raise AssertionError("the model was loaded, though nothing was left to do")


@pytest.mark.slow
def test_a_rerun_over_unchanged_input_does_no_nlp_work(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = run(corpus, out)
    before = outputs(out)
    manifest = (out / "manifest.json").read_bytes()
    monkeypatch.setattr(local_mod, "load_nlp", _no_model)
    again = run(corpus, out)
    assert (again.processed, again.unchanged) == (0, first.processed)
    assert (again.documents, again.events, again.errors) == (first.documents, first.events, 0)
    assert outputs(out) == before and (out / "manifest.json").read_bytes() == manifest


@pytest.mark.slow
@pytest.mark.parametrize("change", ["edit", "add", "remove", "break"])
def test_a_rerun_after_a_change_equals_a_clean_run(
    corpus: Path, tmp_path: Path, change: str
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    target = corpus / "kyiv-independent-putin-al-sharaa-call.txt"
    if change == "edit":
        target.write_text(target.read_text(encoding="utf-8").replace("Putin", "Vladimir Putin", 1))
    elif change == "add":
        shutil.copy(SAMPLES / "tass-putin-al-sharaa-call.txt", corpus / "m-copy.txt")
    elif change == "remove":
        target.unlink()
    else:
        target.write_bytes(b"\x00\x01" * 50)
    summary = run(corpus, out)
    assert summary.processed == (0 if change == "remove" else 1)
    clean = tmp_path / "clean"
    run(corpus, clean)
    assert outputs(out) == outputs(clean)
    doc_ids = [d["doc_id"] for d in lines(out / "documents.jsonl")]
    assert doc_ids == sorted(doc_ids)


@pytest.mark.slow
def test_force_reprocesses_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(corpus, out)
    again = run(corpus, out, force=True)
    assert again.processed == first.processed and again.unchanged == 0


@pytest.mark.slow
@pytest.mark.parametrize("other", ["settings", "input"])
def test_another_runs_output_is_not_overwritten_without_force(
    corpus: Path, tmp_path: Path, other: str
) -> None:
    out = tmp_path / "out"
    run(corpus, out)
    before = outputs(out)
    src, settings = corpus, SETTINGS
    if other == "settings":
        settings = Settings(processes=1, max_chars=5000)
    else:
        src = corpus / "bbc" if (corpus / "bbc").is_dir() else SAMPLES
    with pytest.raises(OutputExistsError, match="--force"):
        extract(src, out, settings)
    assert outputs(out) == before
    run(src, out, settings, force=True)


class Interrupted(Exception):
    pass


@pytest.mark.slow
@pytest.mark.parametrize("after", [1, 3, 5])
def test_a_run_stopped_mid_way_is_finished_by_the_rerun(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    clean = tmp_path / "clean"
    run(corpus, clean)
    out = tmp_path / "out"
    real = run_mod.local_engine

    def dying_engine(root: str, settings: Settings) -> pipeline.ResultSource:
        def results(tasks):  # type: ignore[no-untyped-def]
            for k, result in enumerate(real(root, settings)(tasks)):
                if k == after:
                    raise Interrupted
                yield result

        return results

    monkeypatch.setattr(run_mod, "local_engine", dying_engine)
    with pytest.raises(Interrupted):
        extract(corpus, out, SETTINGS)
    assert not (out / "documents.jsonl").exists()  # nothing published by a run that died
    journal = Journal.load(out / STATE_DIR / JOURNAL_FILE)
    assert len(journal.entries) == after // SETTINGS.batch_size * SETTINGS.batch_size
    monkeypatch.setattr(run_mod, "local_engine", real)
    summary = run(corpus, out)
    assert summary.unchanged == len(journal.entries)
    assert outputs(out) == outputs(clean)


@pytest.mark.slow
def test_a_batch_cut_short_on_disk_is_dropped_and_redone(corpus: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    run(corpus, clean)
    out = tmp_path / "out"
    run(corpus, out)
    state = out / STATE_DIR
    # What a kill in mid-write leaves: working files with a half line, a half journal line.
    journal = Journal.load(state / JOURNAL_FILE)
    kept = sorted(journal.entries.values(), key=lambda e: e.doc_id)[:3]
    for k, name in enumerate(("documents.jsonl", "events.jsonl", "errors.jsonl")):
        end = max([e.spans[2 * k + 1] for e in kept] + [0])
        data = (out / name).read_bytes()
        (state / f"{name}.part").write_bytes(data[:end] + data[end : end + 40])
    fresh = Journal(state / JOURNAL_FILE)
    fresh.begin({"input_root": str(corpus.resolve()), "settings_hash": SETTINGS.hash()})
    fresh.add_batch(
        [Entry(e.doc_id, e.fingerprint, e.spans, e.events, e.calls_held, e.failed, e.tokens)
         for e in kept],
        tuple(max([e.spans[2 * k + 1] for e in kept] + [0]) for k in range(3)),  # type: ignore[arg-type]
        (3, sum(e.events for e in kept), 0),
    )
    with open(state / JOURNAL_FILE, "ab") as fh:
        fh.write(b'{"kind":"batch","docs":[["x.txt"')
    for name in OUTPUTS:
        (out / name).unlink()
    (out / "manifest.json").unlink()
    summary = run(corpus, out)
    assert summary.unchanged == 3
    assert outputs(out) == outputs(clean)


# --- the lock -------------------------------------------------------------------------------


def test_a_second_run_into_the_same_directory_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    with open(out / STATE_DIR / "lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("4242\n")
        held.flush()
        with pytest.raises(OutputLockedError, match="another newsevents run.*4242"):
            extract(SAMPLES, out, SETTINGS)
    assert not (out / "documents.jsonl").exists()


# --- the journal ----------------------------------------------------------------------------


def test_the_journal_ignores_and_cuts_a_last_line_cut_short(tmp_path: Path) -> None:
    path = tmp_path / "journal.jsonl"
    journal = Journal(path)
    journal.begin({"input_root": "/x", "settings_hash": "h"})
    entry = Entry("a.txt", "f" * 64, (0, 10, 0, 0, 0, 0), 0, 0, False, 3)
    journal.add_batch([entry], (10, 0, 0), (1, 0, 0))
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"kind":"batch","docs":[["b.t')
    again = Journal.load(path)
    assert list(again.entries) == ["a.txt"] and again.sizes == (10, 0, 0)
    assert path.read_bytes() == whole


def test_a_damaged_journal_asks_for_force(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / STATE_DIR).mkdir(parents=True)
    (out / STATE_DIR / JOURNAL_FILE).write_bytes(b"not json\n{}\n")
    with pytest.raises(OutputExistsError, match="--force"):
        extract(SAMPLES, out, SETTINGS)


# --- the faster pipeline --------------------------------------------------------------------


@pytest.mark.slow
def test_the_faster_pipeline_annotates_every_token_as_spacy_does() -> None:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    from newsevents.nlp.attribute_ruler import ATTRIBUTE_RULER, FAST_ATTRIBUTE_RULER
    from newsevents.nlp.load import load_pipeline, speed_up

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    if BBC.is_dir():
        texts += [(BBC / n).read_text(encoding="utf-8") for n in sorted(os.listdir(BBC))[::100]]
    texts.append("I ain't gonna do it, y'all. Let's go! There's the Prime Minister, isn't it?")
    plain = load_pipeline(SETTINGS.model)
    fast = load_pipeline(SETTINGS.model)
    speed_up(fast)
    assert FAST_ATTRIBUTE_RULER in fast.pipe_names
    assert ATTRIBUTE_RULER not in fast.pipe_names
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    for a, b in zip(plain.pipe(texts), fast.pipe(texts), strict=True):
        assert (a.to_array(attrs) == b.to_array(attrs)).all(), a.text[:60]


@pytest.mark.slow
def test_the_faster_pipeline_writes_the_same_files(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(corpus, tmp_path / "fast")
    monkeypatch.setenv(pipeline.PLAIN_SPACY_ENV, "1")
    run(corpus, tmp_path / "plain")
    assert outputs(tmp_path / "fast") == outputs(tmp_path / "plain")


class _RecordingNlp:
    """Stands in for spaCy: records the texts of each batch, returns a result per unit."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def pipe(self, stream, *, as_tuples, n_process, batch_size):  # type: ignore[no-untyped-def]
        for text, unit in stream:
            self.texts.append(text)
            if isinstance(unit, pipeline.Unit) and unit.result is None:
                unit.result = pipeline.DocResult(unit.task.doc_id, None, document=b"{}\n")
            yield None, unit


@pytest.mark.parametrize("batch_size", [2, 4, 8])
def test_a_batch_of_long_documents_is_closed_early(tmp_path: Path, batch_size: int) -> None:
    sizes = [100, 5000, 200, 300, 9000, 50, 50, 50, 4000, 4000, 10, 2500, 2500, 2500]
    tasks = []
    for k, size in enumerate(sizes):
        path = tmp_path / f"{k:02d}.txt"
        path.write_text(("word " * size)[: size - 1] + "\n", encoding="utf-8")
        tasks.append(pipeline.Task(path.name, str(path), None))
    nlp = _RecordingNlp()
    results = list(pipeline.pipe_results(nlp, iter(tasks), tmp_path, batch_size=batch_size))  # type: ignore[arg-type]
    assert [r.doc_id for r in results] == [t.doc_id for t in tasks]
    cap = batch_size * pipeline.BATCH_CHARS_PER_DOC
    batches = [nlp.texts[i : i + batch_size] for i in range(0, len(nlp.texts), batch_size)]
    for batch in batches:
        real = [t for t in batch if t]
        assert len(real) == 1 or sum(map(len, real)) <= cap
    assert sum(1 for t in nlp.texts if t) == len(sizes)
