"""Batching: documents through `nlp.pipe` in batches, every per-document failure isolated.

Each task's document is read and cleaned here, one at a time, and sent through `nlp.pipe`
(in `n_process` worker processes); the records component at the end of the pipeline turns
each Doc into its output lines where it was parsed. Whatever goes wrong with one document —
reading, cleaning, a spaCy component, the rules — is one error line for that document, and
the batch goes on: a document whose batch a component failed on is retried alone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newsevents.errors import DocumentError
from newsevents.io.remote import is_url
from newsevents.pipeline.units import (
    DocResult,
    Pad,
    Part,
    Task,
    Unit,
    error_result,
    part_records,
    whole_result,
)
from newsevents.pipeline.workers import (
    children_die_with_parent,
    interrupt_ends_workers,
    keep_going,
    last_error,
)

if TYPE_CHECKING:
    from spacy.language import Language

    from newsevents.article import Article

# Characters of text per document of a batch, on average, before the batch is closed early.
BATCH_CHARS_PER_DOC = 1_500


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


def load_article(task: Task, root: str | Path) -> Article:
    """Read and clean one input (a local path or an fsspec URL).

    Raises:
        DocumentError: the document cannot be read, decoded or cleaned.
    """
    from newsevents.clean import clean_article

    try:
        if is_url(task.path):
            from newsevents.io.remote import read_url_article

            article = read_url_article(task.path, task.doc_id)
        else:
            from newsevents.io.read import read_article

            article = read_article(Path(task.path), Path(root))
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
        raise DocumentError("read", f"{type(exc).__name__}: {exc}") from exc
    try:
        return clean_article(article)
    except Exception as exc:  # noqa: BLE001
        raise DocumentError("clean", f"{type(exc).__name__}: {exc}") from exc


def _units(tasks: Iterator[Task], root: str | Path, max_chars: int,
           articles: dict[int, Article]) -> Iterator[tuple[str, Unit]]:
    """Read and clean each task's document into (text, unit); long documents in parts.

    The article of a long document stays in `articles` (by the number of its first unit)
    and only its parts' texts travel.
    """
    n = 0
    for task in tasks:
        try:
            article = load_article(task, root)
        except DocumentError as exc:
            yield "", Unit(n, task, result=error_result(task, exc.stage, exc.reason))
            n += 1
            continue
        text = article.nlp_text
        if len(text) <= max_chars:
            yield text, Unit(n, task, article)
            n += 1
            continue
        spans = split_parts(text, max_chars)
        articles[n] = article
        for k, (start, end) in enumerate(spans):
            yield text[start:end], Unit(n + k, task, None, offset=start, part=k, parts=len(spans))
        n += len(spans)


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
    inflight: deque[Unit] = deque()
    done = [False]
    taken = [0]

    def texts() -> Iterator[tuple[str, Unit | Pad]]:
        # spaCy batches by number of documents, and a batch's arrays take ~15 KB per token
        # while it is processed: a batch of long documents is closed early with empty texts,
        # so that memory is bounded by the batch's characters, not by the longest documents.
        cap = batch_size * BATCH_CHARS_PER_DOC
        count = chars = 0
        try:
            for text, unit in _units(tasks, root, max_chars, articles):
                if count and chars + len(text) > cap:
                    for _ in range(batch_size - count):
                        yield "", Pad()
                    count = chars = 0
                inflight.append(unit)
                taken[0] += 1
                yield text, unit
                count, chars = count + 1, chars + len(text)
                if count == batch_size:
                    count = chars = 0
        except Exception:
            # A feed that died must end the loop below, which would otherwise pipe it again,
            # empty, forever.
            done[0] = True
            raise
        done[0] = True

    def drop(unit: Unit) -> None:
        lost[unit.task.doc_id] = unit.task
        articles.pop(unit.n - unit.part, None)

    feed = texts()
    lost: dict[str, Task] = {}
    parts: list[Part] = []
    part_error: DocResult | None = None
    with interrupt_ends_workers(n_process > 1), children_die_with_parent(n_process > 1):
        while not done[0]:
            before = taken[0]
            try:
                docs = nlp.pipe(feed, as_tuples=True, n_process=n_process, batch_size=batch_size)
                for doc, unit in docs:
                    if not isinstance(unit, Unit):
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
                            parts.append(part_records(doc, article, unit.offset))
                        except Exception as exc:  # noqa: BLE001 - the batch goes on
                            part_error = error_result(
                                unit.task, "rules", f"{type(exc).__name__}: {exc}"
                            )
                    if unit.part < unit.parts - 1:
                        continue
                    del articles[unit.n - unit.part]
                    yield part_error or whole_result(unit.task, article, parts)
                    parts, part_error = [], None
            except Exception as exc:  # noqa: BLE001 - a component raised: go on with the rest
                if taken[0] == before:
                    raise  # not one document's fault: spaCy cannot run at all
                keep_going(None, None, None, exc)
                while inflight:
                    drop(inflight.popleft())
                parts, part_error = [], None
        while inflight:
            drop(inflight.popleft())
    articles.clear()
    for task in lost.values():
        yield _retry(nlp, task, root, max_chars)


def _retry(nlp: Language, task: Task, root: str | Path, max_chars: int) -> DocResult:
    """One document alone, in this process: its result, or the error that stops it."""
    last_error[0] = ""
    articles: dict[int, Article] = {}
    parts: list[Part] = []
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
                parts.append(part_records(doc, articles[0], done.offset))
            except Exception as exc:  # noqa: BLE001
                return error_result(task, "rules", f"{type(exc).__name__}: {exc}")
            if done.part == done.parts - 1:
                return whole_result(task, articles[0], parts)
    except Exception as exc:  # noqa: BLE001
        return error_result(task, "nlp", f"{type(exc).__name__}: {exc}")
    return error_result(task, "nlp", last_error[0] or "spaCy returned no document")
