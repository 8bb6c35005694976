"""What travels through a run: tasks in, one result per document out, and the units of text
that go through `nlp.pipe` in between."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsevents.records import CallEvent, Entity, ErrorRecord

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsevents.article import Article


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


# An engine: results for a stream of tasks (one per task, not necessarily in task order).
ResultSource = Callable[[Iterator[Task]], Iterator[DocResult]]


@dataclass(slots=True)
class Unit:
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


class Pad:
    """The context of an empty text that closes a batch early (see `pipe_results`)."""


# The records of one part of a long document: entities, events, tokens, sentences.
Part = tuple[list[Entity], list[CallEvent], int, int]


def error_result(task: Task, stage: str, reason: str) -> DocResult:
    """The errors.jsonl line of a document that failed at `stage`."""
    from newsevents.io.read import escape_name

    # A path under a directory whose name is not UTF-8 (escaped: no output can hold it raw).
    record = ErrorRecord(
        doc_id=escape_name(task.doc_id), path=escape_name(task.path), stage=stage,  # type: ignore[arg-type]
        reason=escape_name(reason),
    )
    return DocResult(task.doc_id, task.fingerprint, error=record.to_json() + b"\n")


def article_result(
    task: Task,
    article: Article,
    entities: list[Entity],
    events: list[CallEvent],
    n_tokens: int,
    n_sents: int,
) -> DocResult:
    """The documents.jsonl and events.jsonl lines of a document."""
    from newsevents.records.build import document_record

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


def doc_result(task: Task, doc: Doc, article: Article) -> DocResult:
    """A whole document's lines from its Doc; an error of the rules is an error line."""
    from newsevents.records.build import doc_records

    try:
        entities, events, n_sents = doc_records(doc, article, offset=0)
        return article_result(task, article, entities, events, len(doc), n_sents)
    except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
        return error_result(task, "rules", f"{type(exc).__name__}: {exc}")


def part_records(doc: Doc, article: Article, offset: int) -> Part:
    """The records of one part of a long document, its Doc starting at `offset`."""
    from newsevents.records.build import doc_records

    entities, events, n_sents = doc_records(doc, article, offset=offset)
    return entities, events, len(doc), n_sents


def whole_result(task: Task, article: Article, parts: list[Part]) -> DocResult:
    """A long document's lines from its parts' records: entities merged, events deduplicated."""
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
