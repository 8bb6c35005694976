"""Wire the stages: read -> clean -> spaCy -> entities and rules -> records -> JSONL.

`extract` streams: files are walked in doc_id order, read and cleaned one at a time, run
through `nlp.pipe` in batches (in `processes` worker processes), and each document's lines
are appended to the working files as soon as it comes back; nothing holds all documents.
The rules run inside the worker processes, by the `newsevents_records` component at the
end of the pipeline, so that only the finished JSON lines travel back, not the Docs.

After each batch the journal (`io/journal`) records which documents are done; a rerun of
the same command skips them (and loads no model when nothing is left to do), reprocesses
changed files and drops the lines of removed ones. The published files are always in
doc_id order. One document that fails is one line in errors.jsonl; the batch goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import hashlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsevents import __version__
from newsevents.errors import DocumentError, OutputExistsError, UsageError
from newsevents.io.journal import Entry, Journal, JournalError
from newsevents.io.write import (
    DERIVED_FILES,
    JOURNAL_FILE,
    MANIFEST_FILE,
    PART_SUFFIX,
    OutputLock,
    WorkingFiles,
    copy_published,
    file_sizes,
    publish,
    read_manifest,
    remove_outputs,
    remove_working,
    state_dir,
    write_manifest,
)
from newsevents.records import (
    CallEvent,
    DocumentCounts,
    DocumentRecord,
    Entity,
    ErrorRecord,
    Manifest,
    ManifestCounts,
)
from newsevents.records import Dateline as DatelineRecord
from newsevents.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from newsevents.article import Article

RECORDS_COMPONENT = "newsevents_records"
URL_MARK = "://"


@dataclass
class RunSummary:
    """What a run did. Counts are of the whole output; `processed`/`unchanged` of this run."""

    documents: int = 0
    events: int = 0
    calls_held: int = 0
    errors: int = 0
    merged: int = 0
    processed: int = 0
    unchanged: int = 0
    words: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.processed / self.seconds if self.seconds else 0.0
        text = (
            f"{self.documents} documents, {self.events} events ({self.calls_held} held calls, "
            f"{self.merged} merged), {self.errors} errors, {rate:.1f} documents/s"
        )
        if self.unchanged:
            text += f" ({self.processed} processed, {self.unchanged} unchanged and skipped)"
        return text


@dataclass(frozen=True, slots=True)
class Task:
    """One input document to process: its id, where to read it, its content fingerprint."""

    doc_id: str
    path: str  # a local path, or an fsspec URL
    fingerprint: str | None  # sha256 of the bytes; None if they could not be read


@dataclass(slots=True)
class DocResult:
    """One document's output lines (each ending in a newline), ready to append."""

    doc_id: str
    fingerprint: str | None
    document: bytes = b""
    events: bytes = b""
    error: bytes = b""
    n_events: int = 0
    calls_held: int = 0
    tokens: int = 0


# --- one document ---------------------------------------------------------------------------


def error_result(task: Task, stage: str, reason: str) -> DocResult:
    record = ErrorRecord(doc_id=task.doc_id, path=task.path, stage=stage, reason=reason)  # type: ignore[arg-type]
    return DocResult(task.doc_id, task.fingerprint, error=record.to_json() + b"\n")


def document_record(
    article: Article, entities: list[Entity], events: list[CallEvent], n_tokens: int, n_sents: int
) -> DocumentRecord:
    dl = article.dateline
    return DocumentRecord(
        doc_id=article.doc_id,
        sha256=article.sha256,
        encoding=article.encoding,
        title=article.title,
        published=article.published.isoformat() if article.published else None,
        published_basis=article.published_basis,  # type: ignore[arg-type]
        dateline=DatelineRecord(
            text=dl.text,
            place=dl.place,
            date=dl.date.isoformat() if dl.date else None,
            start=dl.start,
            end=dl.end,
        )
        if dl
        else None,
        counts=DocumentCounts(
            chars=len(article.text),
            tokens=n_tokens,
            sentences=n_sents,
            entities=len(entities),
            events=len(events),
            calls_held=sum(1 for e in events if e.status == "held"),
        ),
        warnings=list(article.warnings),
        entities=entities,
    )


def article_result(
    task: Task,
    article: Article,
    entities: list[Entity],
    events: list[CallEvent],
    n_tokens: int,
    n_sents: int,
) -> DocResult:
    record = document_record(article, entities, events, n_tokens, n_sents)
    return DocResult(
        task.doc_id,
        task.fingerprint,
        document=record.to_json() + b"\n",
        events=b"".join(e.to_json() + b"\n" for e in events),
        n_events=len(events),
        calls_held=record.counts.calls_held,
        tokens=n_tokens,
    )


def split_parts(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Cut a long text into parts of at most max_chars, at paragraph, else line, sentence or
    whitespace boundaries; returns (start, end) offsets."""
    parts = []
    start = 0
    n = len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep, max_chars // 2)
            if cut != -1:
                cut += len(sep)
                break
        if cut <= 0:
            cut = max_chars
        parts.append((start, start + cut))
        start += cut
    parts.append((start, n))
    return parts


def _merge_entities(parts: list[list[Entity]]) -> list[Entity]:
    if len(parts) == 1:
        return parts[0]
    by_id: dict[str, Entity] = {}
    for part in parts:
        for ent in part:
            seen = by_id.get(ent.id)
            if seen is None:
                by_id[ent.id] = ent.model_copy(deep=True)
            else:
                seen.mentions.extend(ent.mentions)
                seen.aliases = sorted(set(seen.aliases) | set(ent.aliases))
                seen.titles = sorted(set(seen.titles) | set(ent.titles))
    return list(by_id.values())


def fingerprint(path: Path) -> str | None:
    """The sha256 of a file's bytes, None if it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


def load_article(task: Task, root: str | Path) -> Article:
    """Read and clean one input (a local path or an fsspec URL).

    Raises:
        DocumentError: the document cannot be read, decoded or cleaned.
    """
    from newsevents.clean import clean_article

    if URL_MARK in task.path:
        from newsevents.engine_dask import read_url_article

        article = read_url_article(task.path, task.doc_id)
    else:
        from newsevents.io.read import read_article

        try:
            article = read_article(Path(task.path), Path(root))
        except DocumentError:
            raise
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
            raise DocumentError("read", f"{type(exc).__name__}: {exc}") from exc
    try:
        return clean_article(article)
    except Exception as exc:  # noqa: BLE001
        raise DocumentError("clean", f"{type(exc).__name__}: {exc}") from exc


# --- spaCy ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    """A text sent through nlp.pipe: a whole document, one part of a long one, or (with an
    error result already set) the empty stand-in of a document that could not be read, which
    keeps its place in the order."""

    n: int
    task: Task
    article: Article | None = None  # None for parts: the main process keeps the article
    offset: int = 0
    part: int = 0
    parts: int = 1
    result: DocResult | None = None


class _Pad:
    """The context of an empty text that closes a batch early (see `pipe_results`)."""


# Characters of text per document of a batch, on average, before the batch is closed early.
BATCH_CHARS_PER_DOC = 1_500
_TRIM_EVERY = 32
_seen = [0]


def _release_memory() -> None:
    # glibc keeps the memory of freed arrays for reuse, so a process's RSS stays at the mark
    # of its largest batch; handing it back keeps the footprint flat over a long run.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def records_component(doc: Doc) -> Doc:
    """Turn a whole document's Doc into its output lines where it was parsed.

    The Doc is then replaced by an empty one, so that nothing but the lines goes back to the
    main process. Parts of long documents go back whole: their rules need the whole article.
    """
    from spacy.tokens import Doc as _Doc

    _seen[0] += 1
    if _seen[0] % _TRIM_EVERY == 0 and sys.platform.startswith("linux"):
        _release_memory()
    unit = doc._context
    if not isinstance(unit, _Unit) or unit.result is not None:
        return doc
    if unit.article is None:
        import numpy

        doc.tensor = numpy.empty((0,), dtype="float32")  # the rules never read it
        return doc
    unit.result = _records(doc, unit.article, unit.task)
    unit.article = None
    light = _Doc(doc.vocab)
    light._context = unit
    return light


def _records(doc: Doc, article: Article, task: Task) -> DocResult:
    from newsevents.records_build import doc_records

    try:
        entities, events, n_sents = doc_records(doc, article, offset=0)
        return article_result(task, article, entities, events, len(doc), n_sents)
    except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
        return error_result(task, "rules", f"{type(exc).__name__}: {exc}")


_last_error: list[str] = [""]


def _keep_going(name: str | None, proc: Any, docs: Any, exc: Exception) -> None:
    """spaCy error handler: remember the error; the lost documents are retried one by one."""
    _last_error[0] = f"{name or 'spaCy'}: {type(exc).__name__}: {exc}"[:500]


_nlp_cache: dict[tuple[str, bool], Language] = {}


def load_nlp(model: str, max_chars: int = 100_000) -> Language:
    """The pipeline with the records component, loaded once per process and model."""
    from spacy.language import Language

    from newsevents.nlp import load_pipeline

    plain = bool(os.environ.get(PLAIN_SPACY_ENV))
    nlp = _nlp_cache.get((model, plain))
    if nlp is None:
        # Registered here, not at import, so that a run with nothing to do never imports spaCy.
        if not Language.has_factory(RECORDS_COMPONENT):
            Language.component(RECORDS_COMPONENT, func=records_component)
        nlp = load_pipeline(model)
        if not plain:
            _speed_up(nlp)
        nlp.add_pipe(RECORDS_COMPONENT, last=True)
        # Report a failing batch instead of raising; its documents are retried one by one.
        nlp.default_error_handler = _keep_going
        for _, proc in nlp.pipeline:
            with contextlib.suppress(AttributeError):  # some Cython pipes cannot take one
                proc.set_error_handler(_keep_going)  # type: ignore[attr-defined]
        _nlp_cache[model, plain] = nlp
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    return nlp


# --- the same annotations, faster -----------------------------------------------------------
# Both changes below leave every token attribute as it was (checked token by token on the BBC
# corpus and the dev set: tag, pos, morph, lemma, dep, head, entities, sentence starts), so the
# output does not change; NEWSEVENTS_PLAIN_SPACY=1 turns them off, for comparison.

PLAIN_SPACY_ENV = "NEWSEVENTS_PLAIN_SPACY"
ATTRIBUTE_RULER = "attribute_ruler"
FAST_ATTRIBUTE_RULER = "newsevents_attribute_ruler"


def _speed_up(nlp: Language) -> None:
    _numpy_matmul(nlp)
    if ATTRIBUTE_RULER in nlp.pipe_names:
        from spacy.language import Language

        if not Language.has_factory(FAST_ATTRIBUTE_RULER):
            Language.factory(FAST_ATTRIBUTE_RULER, func=_make_fast_attribute_ruler)
        try:
            nlp.add_pipe(FAST_ATTRIBUTE_RULER, after=ATTRIBUTE_RULER)
        except _UnsupportedPattern:
            return
        nlp.remove_pipe(ATTRIBUTE_RULER)


def _numpy_matmul(nlp: Language) -> None:
    """Multiply matrices with numpy's BLAS instead of thinc's default (blis), one thread each.

    On the x86-64 machines measured blis runs the pipeline's matrix products about 3x slower
    than OpenBLAS, so the whole pipeline takes about 40% less time. Without threadpoolctl the
    BLAS could not be kept to one thread per process (worker processes would fight over the
    cores), so blis stays.
    """
    try:
        from thinc.api import NumpyOps, get_current_ops
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    if not isinstance(get_current_ops(), NumpyOps):
        return  # a GPU: leave it
    threadpool_limits(1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


class _UnsupportedPattern(Exception):
    pass


def _make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe(ATTRIBUTE_RULER))


class FastAttributeRuler:
    """spaCy's attribute ruler (tag -> pos and morph, exceptions by word and dependency) with
    the outcome of its one-token patterns remembered per kind of token, instead of spaCy's
    Matcher trying all ~180 patterns at every token: the same assignments, ~5x faster.

    A token's kind is what the patterns can tell apart: its tag, dependency label, whether it
    is a space, and its word only where a pattern names that word. Patterns of single tokens
    and fixed-length sequences with equality, IN, NOT_IN and REGEX tests on TAG, LOWER, ORTH,
    DEP, POS and IS_SPACE are supported; the pipeline keeps spaCy's ruler if the model has
    another kind.
    """

    _COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "POS")
    _OTHER = -1  # a value no pattern names (no string hashes to it)

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
        from spacy.strings import get_string_id

        self.vocab = ruler.vocab
        self._attr_ids = [TAG, LOWER, DEP, IS_SPACE, ORTH, POS]
        self._hash = get_string_id
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        # A pattern: (attr number, token tests); a test: (column, kind, value).
        self.patterns: list[tuple[int, list[list[tuple[int, str, Any]]]]] = []
        cached: list[int] = []  # one-token patterns without a regex
        self.searched: list[int] = []  # one-token patterns with a regex: tried at each token
        self.longer: list[int] = []
        for number in range(len(self.attrs)):
            for pattern in ruler.matcher.get(str(number))[1]:
                tests = [self._tests(spec) for spec in pattern]
                pid = len(self.patterns)
                self.patterns.append((number, tests))
                if len(tests) > 1:
                    self.longer.append(pid)
                elif any(kind == "regex" for _, kind, _ in tests[0]):
                    self.searched.append(pid)
                else:
                    cached.append(pid)
        self.cached = cached
        # The words the cached patterns name; any other word behaves the same in every test.
        self.named: list[set[int]] = [set() for _ in self._COLUMNS]
        for pid in cached:
            for col, kind, value in self.patterns[pid][1][0]:
                self.named[col].update([value] if kind == "eq" else value)
        # The other patterns, by the TAG, LOWER or DEP their first token must have.
        self.first: list[dict[int, list[int]]] = [{}, {}, {}]
        self.anywhere: list[int] = []
        for pid in (*self.searched, *self.longer):
            self._index(pid, self.patterns[pid][1][0])
        self._kinds: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    def _index(self, pid: int, first: list[tuple[int, str, Any]]) -> None:
        for column in (0, 1, 2):
            for col, kind, value in first:
                if col == column and kind in ("eq", "in"):
                    for h in [value] if kind == "eq" else value:
                        self.first[column].setdefault(h, []).append(pid)
                    return
        self.anywhere.append(pid)

    def _tests(self, spec: dict[str, Any]) -> list[tuple[int, str, Any]]:
        import re

        tests: list[tuple[int, str, Any]] = []
        for key, value in spec.items():
            if key not in self._COLUMNS:
                raise _UnsupportedPattern(key)
            col = self._COLUMNS.index(key)
            if key == "IS_SPACE":
                if not isinstance(value, bool):
                    raise _UnsupportedPattern(key)
                tests.append((col, "eq", int(value)))
            elif isinstance(value, str):
                tests.append((col, "eq", self._hash(value)))
            elif isinstance(value, dict) and len(value) == 1:
                ((op, arg),) = value.items()
                if op == "IN":
                    tests.append((col, "in", frozenset(self._hash(v) for v in arg)))
                elif op == "NOT_IN":
                    tests.append((col, "not_in", frozenset(self._hash(v) for v in arg)))
                elif op == "REGEX":
                    tests.append((col, "regex", re.compile(arg)))
                else:
                    raise _UnsupportedPattern(op)
            else:
                raise _UnsupportedPattern(key)
        return tests

    def _match(self, rows: list[list[int]], j: int, tests: list[list[tuple[int, str, Any]]]
               ) -> bool:
        if j + len(tests) > len(rows):
            return False
        strings = self.vocab.strings
        for k, token_tests in enumerate(tests):
            row = rows[j + k]
            for col, kind, value in token_tests:
                have = row[col]
                if kind == "eq":
                    if have != value:
                        return False
                elif kind == "in":
                    if have not in value:
                        return False
                elif kind == "not_in":
                    if have in value:
                        return False
                elif not value.search(strings[have] if have else ""):
                    return False
        return True

    def _one_token(self, row: list[int]) -> tuple[int, ...]:
        """The attr numbers of the cached patterns that match a token (by its kind)."""
        lower, orth = row[1], row[4]
        kind = [
            row[0],
            lower if lower in self.named[1] else self._OTHER,
            row[2],
            row[3],
            orth if orth in self.named[4] else self._OTHER,
            row[5],
        ]
        key = tuple(kind)
        numbers = self._kinds.get(key)
        if numbers is None:
            numbers = tuple(
                self.patterns[pid][0] for pid in self.cached
                if self._match([kind], 0, self.patterns[pid][1])
            )
            self._kinds[key] = numbers
        return numbers

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        rows = doc.to_array(self._attr_ids).tolist()
        tags, lowers, deps = self.first
        hits: list[list[int]] = [[] for _ in rows]
        for j, row in enumerate(rows):
            hits[j].extend(self._one_token(row))
            for pid in (*tags.get(row[0], ()), *lowers.get(row[1], ()), *deps.get(row[2], ()),
                        *self.anywhere):
                number, tests = self.patterns[pid]
                if self._match(rows, j, tests):
                    index = self.indices[number]
                    hits[j + (index if index >= 0 else len(tests) + index)].append(number)
        for j, found in enumerate(hits):
            if not found:
                continue
            key = tuple(sorted(found))
            merged = self._merged.get(key)
            if merged is None:
                merged = {}
                for number in key:  # later patterns win, as in spaCy's ruler
                    merged.update(self.attrs[number])
                self._merged[key] = merged
            set_token_attrs(doc[j], merged)
        return doc


def _units(tasks: Iterator[Task], root: str | Path, max_chars: int,
           articles: dict[int, Article]) -> Iterator[tuple[str, _Unit]]:
    """Read and clean each task's document into (text, unit); long documents in parts.

    The article of a long document stays in `articles` (by the number of its first unit)
    and only its parts' texts travel.
    """
    n = 0
    for task in tasks:
        try:
            article = load_article(task, root)
        except DocumentError as exc:
            yield "", _Unit(n, task, result=error_result(task, exc.stage, exc.reason))
            n += 1
            continue
        text = article.nlp_text
        if len(text) <= max_chars:
            yield text, _Unit(n, task, article)
            n += 1
            continue
        spans = split_parts(text, max_chars)
        articles[n] = article
        for k, (start, end) in enumerate(spans):
            yield text[start:end], _Unit(n + k, task, None, offset=start, part=k, parts=len(spans))
        n += len(spans)


_Part = tuple[list[Entity], list[CallEvent], int, int]


def pipe_results(
    nlp: Language,
    tasks: Iterator[Task],
    root: str | Path,
    *,
    n_process: int = 1,
    batch_size: int = 32,
    max_chars: int = 100_000,
) -> Iterator[DocResult]:
    """Run the tasks' documents through `nlp.pipe`; one result per task, in task order.

    A document whose batch a spaCy component failed on is retried alone at the end (so its
    result comes after the others'); if it fails again it is an "nlp" error.
    """
    articles: dict[int, Article] = {}
    inflight: deque[_Unit] = deque()
    done = [False]
    taken = [0]

    def texts() -> Iterator[tuple[str, _Unit | _Pad]]:
        # spaCy batches by number of documents, and a batch's arrays take ~15 KB per token
        # while it is processed: a batch of long documents is closed early with empty texts,
        # so that memory is bounded by the batch's characters, not by the longest documents.
        cap = batch_size * BATCH_CHARS_PER_DOC
        count = chars = 0
        for text, unit in _units(tasks, root, max_chars, articles):
            if count and chars + len(text) > cap:
                for _ in range(batch_size - count):
                    yield "", _Pad()
                count = chars = 0
            inflight.append(unit)
            taken[0] += 1
            yield text, unit
            count, chars = count + 1, chars + len(text)
            if count == batch_size:
                count = chars = 0
        done[0] = True

    def drop(unit: _Unit) -> None:
        lost[unit.task.doc_id] = unit.task
        articles.pop(unit.n - unit.part, None)

    feed = texts()
    lost: dict[str, Task] = {}
    parts: list[_Part] = []
    part_error: DocResult | None = None
    with _children_die_with_parent(n_process > 1):
        while not done[0]:
            before = taken[0]
            try:
                docs = nlp.pipe(feed, as_tuples=True, n_process=n_process, batch_size=batch_size)
                for doc, unit in docs:
                    if not isinstance(unit, _Unit):
                        continue
                    # Units before this one that never came back were dropped with their batch.
                    while inflight and inflight[0].n < unit.n:
                        drop(inflight.popleft())
                    if inflight:
                        inflight.popleft()
                    if unit.task.doc_id in lost:
                        continue
                    if unit.parts == 1:
                        yield unit.result or error_result(unit.task, "nlp", "no result from spaCy")
                        continue
                    article = articles[unit.n - unit.part]
                    if part_error is None:
                        try:
                            parts.append(_part_records(doc, article, unit.offset))
                        except Exception as exc:  # noqa: BLE001 - the batch goes on
                            part_error = error_result(
                                unit.task, "rules", f"{type(exc).__name__}: {exc}"
                            )
                    if unit.part < unit.parts - 1:
                        continue
                    del articles[unit.n - unit.part]
                    yield part_error or _whole(unit.task, article, parts)
                    parts, part_error = [], None
            except Exception as exc:  # noqa: BLE001 - a component raised: go on with the rest
                if taken[0] == before:
                    raise  # not one document's fault: spaCy cannot run at all
                _keep_going(None, None, None, exc)
                while inflight:
                    drop(inflight.popleft())
                parts, part_error = [], None
        while inflight:
            drop(inflight.popleft())
    articles.clear()
    for task in lost.values():
        yield _retry(nlp, task, root, max_chars)


def _part_records(doc: Doc, article: Article, offset: int) -> _Part:
    from newsevents.records_build import doc_records

    entities, events, n_sents = doc_records(doc, article, offset=offset)
    return entities, events, len(doc), n_sents


def _whole(task: Task, article: Article, parts: list[_Part]) -> DocResult:
    entities = _merge_entities([p[0] for p in parts])
    seen: set[str] = set()
    events = []
    for part in parts:
        for event in part[1]:
            if event.id not in seen:
                seen.add(event.id)
                events.append(event)
    return article_result(
        task, article, entities, events, sum(p[2] for p in parts), sum(p[3] for p in parts)
    )


def _retry(nlp: Language, task: Task, root: str | Path, max_chars: int) -> DocResult:
    """One document alone, in this process: its result, or the error that stops it."""
    _last_error[0] = ""
    articles: dict[int, Article] = {}
    parts: list[_Part] = []
    try:
        for text, unit in _units(iter([task]), root, max_chars, articles):
            if unit.result is not None:
                return unit.result
            back = [(d, u) for d, u in nlp.pipe([(text, unit)], as_tuples=True)]
            if not back:
                break
            doc, done = back[0]
            if done.parts == 1:
                return done.result or error_result(task, "nlp", "no result from spaCy")
            try:
                parts.append(_part_records(doc, articles[0], done.offset))
            except Exception as exc:  # noqa: BLE001
                return error_result(task, "rules", f"{type(exc).__name__}: {exc}")
            if done.part == done.parts - 1:
                return _whole(task, articles[0], parts)
    except Exception as exc:  # noqa: BLE001
        return error_result(task, "nlp", f"{type(exc).__name__}: {exc}")
    return error_result(task, "nlp", _last_error[0] or "spaCy returned no document")


# --- worker processes -----------------------------------------------------------------------

_guard_children = [False]


def _set_parent_death_signal() -> None:
    # spaCy's workers block on a queue: if the main process is killed (kill -9), nothing
    # would ever end them. Linux can: the kernel kills them when their parent dies.
    if not _guard_children[0] or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


os.register_at_fork(after_in_child=_set_parent_death_signal)


@contextlib.contextmanager
def _children_die_with_parent(active: bool) -> Iterator[None]:
    _guard_children[0] = active
    try:
        yield
    finally:
        _guard_children[0] = False


# --- the run --------------------------------------------------------------------------------

ResultSource = Callable[[Iterator[Task]], Iterator[DocResult]]


def local_engine(root: str | Path, settings: Settings) -> ResultSource:
    """Process tasks in this machine's processes; the model loads with the first task."""

    def results(tasks: Iterator[Task]) -> Iterator[DocResult]:
        first = next(tasks, None)
        if first is None:
            return
        nlp = load_nlp(settings.model, settings.max_chars)

        def chained() -> Iterator[Task]:
            yield first
            yield from tasks

        yield from pipe_results(
            nlp,
            chained(),
            root,
            n_process=settings.processes,
            batch_size=settings.batch_size,
            max_chars=settings.max_chars,
        )

    return results


def check_output_dir(out_dir: Path, input_root: str, settings: Settings, *, force: bool) -> None:
    """Refuse to overwrite another run's output (other input root or settings) without --force."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output path {out_dir} is a file: give a directory with -o")
    manifest = read_manifest(out_dir)
    if manifest is None or force:
        return
    _same_run(out_dir, manifest.get("input_root"), manifest.get("settings_hash"), input_root,
              settings)


def _same_run(out_dir: Path, root: object, settings_hash: object, input_root: str,
              settings: Settings) -> None:
    if root != input_root or settings_hash != settings.hash():
        raise OutputExistsError(
            f"{out_dir} holds the output of another run (input {root}, settings "
            f"{settings_hash}; this run: input {input_root}, settings {settings.hash()}): "
            "use --force to overwrite, or another -o"
        )


@dataclass
class _Run:
    input_root: str
    out_dir: Path
    settings: Settings
    force: bool
    progress: bool
    summary: RunSummary = field(default_factory=RunSummary)

    def __post_init__(self) -> None:
        self.state = state_dir(self.out_dir)
        self.header = {
            "input_root": self.input_root,
            "settings_hash": self.settings.hash(),
            "model": self.settings.model,
            "newsevents": __version__,
        }
        self.working: WorkingFiles | None = None

    def execute(self) -> RunSummary:
        t0 = time.perf_counter()
        started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        engine = self._engine()
        journal = self._open_journal()
        batch: list[Entry] = []
        with self._progress_bar() as advance:
            try:
                for result in engine(self._tasks(journal, advance)):
                    if self.working is None:
                        self.working = self._open_working(journal)
                    batch.append(self._add(result))
                    advance(1)
                    if len(batch) >= self.settings.batch_size:
                        journal.add_batch(batch, *self.working.commit())
                        batch = []
                if batch:
                    assert self.working is not None
                    journal.add_batch(batch, *self.working.commit())
            finally:
                if self.working is not None:
                    self.working.close()
        live = sorted((e for e in journal.entries.values() if e.seen), key=lambda e: e.doc_id)
        stale = len(live) != len(journal.entries) or journal.garbage
        manifest_path = self.out_dir / MANIFEST_FILE
        if journal.state != "finished" or stale:
            if journal.state == "new":
                self._open_working(journal).close()
            elif journal.state == "finished":
                copy_published(self.out_dir, self.state)
                journal.reopen()
            # No manifest while the published files change: its absence marks an unfinished run.
            manifest_path.unlink(missing_ok=True)
            published = publish(self.out_dir, self.state, live)
            if self.settings.run_countries:
                from newsevents.runlevel import reconcile_countries

                published = reconcile_countries(self.out_dir, published)
            journal.finish(published)
            remove_working(self.state)
        self._totals(live)
        derived_ok = all((self.out_dir / name).is_file() for name in DERIVED_FILES)
        if not manifest_path.is_file() or not derived_ok:
            from newsevents.merge import write_run_merges

            self.summary.merged, _ = write_run_merges(self.out_dir)
            self.summary.seconds = time.perf_counter() - t0
            self._write_manifest(started)
        else:
            manifest = read_manifest(self.out_dir) or {}
            self.summary.merged = int(manifest.get("counts", {}).get("merged", 0))
            self.summary.seconds = time.perf_counter() - t0
        return self.summary

    # --- journal and working files ------------------------------------------------------

    def _open_journal(self) -> Journal:
        path = self.state / JOURNAL_FILE
        if self.force:
            remove_outputs(self.out_dir)
            remove_working(self.state)
            return Journal(path)
        try:
            journal = Journal.load(path)
        except JournalError as exc:
            raise OutputExistsError(
                f"the journal of {self.out_dir} is damaged ({exc}): use --force to reprocess "
                "everything"
            ) from None
        if journal.header is None:
            manifest = read_manifest(self.out_dir)
            if manifest is not None:
                _same_run(self.out_dir, manifest.get("input_root"),
                          manifest.get("settings_hash"), self.input_root, self.settings)
            remove_working(self.state)
            return Journal(path)
        _same_run(self.out_dir, journal.header.get("input_root"),
                  journal.header.get("settings_hash"), self.input_root, self.settings)
        if journal.state == "finished":
            remove_working(self.state)
            if file_sizes(self.out_dir) != journal.sizes:
                # The published files were changed behind the journal's back: start over.
                return Journal(path)
        else:
            sizes = file_sizes(self.state, PART_SUFFIX)
            short = sizes is None or any(
                have < need for have, need in zip(sizes, journal.sizes, strict=True)
            )
            if short:
                remove_working(self.state)
                return Journal(path)
        return journal

    def _open_working(self, journal: Journal) -> WorkingFiles:
        if journal.state == "new":
            journal.begin(self.header)
        elif journal.state == "finished":
            copy_published(self.out_dir, self.state)
            journal.reopen()
        return WorkingFiles(self.state, journal.sizes, journal.lines)

    def _add(self, result: DocResult) -> Entry:
        working = self.working
        assert working is not None
        d = working.add(0, result.document, 1 if result.document else 0)
        e = working.add(1, result.events, result.n_events)
        r = working.add(2, result.error, 1 if result.error else 0)
        self.summary.processed += 1
        self.summary.words += result.tokens
        return Entry(
            doc_id=result.doc_id,
            fingerprint=result.fingerprint,
            spans=(d[0], d[1], e[0], e[1], r[0], r[1]),
            events=result.n_events,
            calls_held=result.calls_held,
            failed=bool(result.error),
            tokens=result.tokens,
        )

    # --- inputs -------------------------------------------------------------------------

    def _paths(self) -> Iterator[tuple[str, str]]:
        """(doc_id, path) of each input in walk (doc_id) order; paths are absolute, so that
        every engine (and every worker) reads and reports the same ones."""
        if URL_MARK in self.input_root:
            from newsevents.engine_dask import walk_url

            yield from walk_url(self.input_root, self.settings.globs)
            return
        from newsevents.io.read import doc_id_for, walk

        root = Path(self.input_root)
        for path in walk(root, self.settings.globs):
            yield doc_id_for(path, root), str(path)

    def _tasks(self, journal: Journal, advance: Callable[[int], None]) -> Iterator[Task]:
        url_input = URL_MARK in self.input_root
        for doc_id, path in self._paths():
            if url_input:
                from newsevents.engine_dask import url_fingerprint

                key = url_fingerprint(path)
            else:
                key = fingerprint(Path(path))
            entry = journal.entries.get(doc_id)
            # Unchanged (an unreadable file still unreadable counts as unchanged too).
            if entry is not None and entry.fingerprint == key and (key is not None or entry.failed):
                entry.seen = True
                self.summary.unchanged += 1
                advance(1)
                continue
            yield Task(doc_id, path, key)

    def _engine(self) -> ResultSource:
        if self.settings.engine == "dask":
            from newsevents.engine_dask import dask_engine

            return dask_engine(self.input_root, self.settings)
        if self.settings.engine != "local":
            raise UsageError(f"unknown engine {self.settings.engine!r}: use 'local' or 'dask'")
        return local_engine(self.input_root, self.settings)

    # --- reporting ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _progress_bar(self) -> Iterator[Callable[[int], None]]:
        if not self.progress:
            yield lambda n: None
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        total = sum(1 for _ in self._paths())
        columns = (TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), TimeRemainingColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("documents", total=total)
            yield lambda n: bar.advance(task, n)

    def _totals(self, live: list[Entry]) -> None:
        s = self.summary
        s.documents = sum(1 for e in live if not e.failed)
        s.errors = sum(1 for e in live if e.failed)
        s.events = sum(e.events for e in live)
        s.calls_held = sum(e.calls_held for e in live)

    def _write_manifest(self, started: str) -> None:
        s = self.summary
        write_manifest(
            self.out_dir,
            Manifest(
                version=__version__,
                model=self.settings.model,
                input_root=self.input_root,
                settings=self.settings.model_dump(mode="json"),
                settings_hash=self.settings.hash(),
                started=started,
                finished=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                counts=ManifestCounts(
                    documents=s.documents,
                    events=s.events,
                    calls_held=s.calls_held,
                    errors=s.errors,
                    merged=s.merged,
                ),
            ),
        )


def extract(
    input_dir: str | Path,
    out_dir: Path,
    settings: Settings | None = None,
    *,
    force: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Extract entities and events from every article under input_dir into out_dir.

    `input_dir` is a directory, one file, or an fsspec URL (read by the workers). Rerun
    into the same out_dir, it does only what is left: documents not done yet (a killed run),
    new and changed files; `force` reprocesses everything.

    Raises:
        UsageError: the input does not exist, or out_dir is a file.
        OutputExistsError: out_dir holds another run's output (use force).
        OutputLockedError: another run is writing into out_dir.
        ModelNotInstalledError: the spaCy model cannot be loaded.
    """
    settings = settings or Settings()
    out_dir = Path(out_dir)
    if isinstance(input_dir, str) and URL_MARK in input_dir:
        from newsevents.engine_dask import check_url

        input_root = check_url(input_dir)
    else:
        input_dir = Path(input_dir)
        if not input_dir.exists():
            raise UsageError(f"input path {input_dir} does not exist: give a directory or a file")
        input_root = str(input_dir.resolve())
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output path {out_dir} is a file: give a directory with -o")
    out_dir.mkdir(parents=True, exist_ok=True)
    with OutputLock(out_dir):
        run = _Run(input_root, out_dir, settings, force, progress)
        return run.execute()
