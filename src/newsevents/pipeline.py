"""Wire the stages: read -> clean -> spaCy -> entities and rules -> records -> JSONL."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsevents import __version__
from newsevents.errors import DocumentError, OutputExistsError, UsageError
from newsevents.io.write import RunWriter, read_manifest, write_manifest
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

    from newsevents.article import Article


@dataclass
class RunSummary:
    documents: int = 0
    events: int = 0
    calls_held: int = 0
    errors: int = 0
    merged: int = 0
    words: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        rate = self.documents / self.seconds if self.seconds else 0.0
        return (
            f"{self.documents} documents, {self.events} events ({self.calls_held} held calls, "
            f"{self.merged} merged), {self.errors} errors, {rate:.1f} documents/s"
        )


def check_output_dir(out_dir: Path, input_root: Path, settings: Settings, *, force: bool) -> None:
    """Refuse to overwrite another run's output (other input root or settings) without --force."""
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output path {out_dir} is a file: give a directory with -o")
    manifest = read_manifest(out_dir)
    if manifest is None or force:
        return
    same_root = manifest.get("input_root") == str(input_root)
    same_settings = manifest.get("settings_hash") == settings.hash()
    if not (same_root and same_settings):
        raise OutputExistsError(
            f"{out_dir} holds the output of another run (input {manifest.get('input_root')}, "
            f"settings {manifest.get('settings_hash')}): use --force to overwrite, or another -o"
        )


def read_articles(
    input_root: Path, settings: Settings
) -> Iterator[tuple[Path, Article | DocumentError]]:
    """Each input file read and cleaned, or the error that stopped it."""
    from newsevents.clean import clean_article
    from newsevents.io.read import read_article, walk

    base = input_root if input_root.is_dir() else input_root.parent
    for path in walk(input_root, settings.globs):
        try:
            article = read_article(path, base)
        except DocumentError as exc:
            yield path, exc
            continue
        except OSError as exc:
            yield path, DocumentError("read", f"cannot read file: {exc.strerror or exc}")
            continue
        try:
            yield path, clean_article(article)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
            yield path, DocumentError("clean", f"{type(exc).__name__}: {exc}")


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


def process_texts(
    nlp: Language, articles: Iterator[Article], settings: Settings
) -> Iterator[tuple[Article, DocumentRecord | DocumentError, list[CallEvent]]]:
    """Run spaCy and the rules over the articles (long ones in parts), in input order."""
    from newsevents.records_build import doc_records

    def units() -> Iterator[tuple[str, tuple[Article, int, int]]]:
        for article in articles:
            spans = split_parts(article.nlp_text, settings.max_chars)
            for k, (s, e) in enumerate(spans):
                yield article.nlp_text[s:e], (article, s, len(spans) - 1 - k)

    pending_ents: list[list[Entity]] = []
    pending_events: list[CallEvent] = []
    counts = [0, 0]
    docs = nlp.pipe(
        units(), as_tuples=True, batch_size=settings.batch_size, n_process=settings.processes
    )
    for doc, (article, offset, remaining) in docs:
        try:
            entities, events, n_sents = doc_records(doc, article, offset=offset)
        except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
            pending_ents, pending_events, counts = [], [], [0, 0]
            if remaining == 0:
                yield article, DocumentError("rules", f"{type(exc).__name__}: {exc}"), []
            continue
        pending_ents.append(entities)
        pending_events.extend(events)
        counts[0] += len(doc)
        counts[1] += n_sents
        if remaining:
            continue
        ents = _merge_entities(pending_ents)
        seen: set[str] = set()
        unique = [e for e in pending_events if not (e.id in seen or seen.add(e.id))]  # type: ignore[func-returns-value]
        yield article, document_record(article, ents, unique, counts[0], counts[1]), unique
        pending_ents, pending_events, counts = [], [], [0, 0]


def extract(
    input_dir: Path,
    out_dir: Path,
    settings: Settings | None = None,
    *,
    force: bool = False,
    progress: bool = False,
) -> RunSummary:
    """Extract entities and events from every article under input_dir into out_dir."""
    from newsevents.nlp import load_pipeline

    settings = settings or Settings()
    if not input_dir.exists():
        raise UsageError(f"input path {input_dir} does not exist")
    input_root = input_dir.resolve()
    check_output_dir(out_dir, input_root, settings, force=force)
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    nlp = load_pipeline(settings.model)
    summary = RunSummary()
    writer = RunWriter(out_dir)
    try:
        ok_articles: list[Article] = []

        def good() -> Iterator[Article]:
            for path, item in read_articles(input_dir, settings):
                if isinstance(item, DocumentError):
                    base = input_dir if input_dir.is_dir() else input_dir.parent
                    rel = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
                    writer.write(
                        "errors.jsonl",
                        ErrorRecord(doc_id=rel, path=str(path), stage=item.stage, reason=item.reason),  # type: ignore[arg-type]
                    )
                    summary.errors += 1
                    continue
                ok_articles.append(item)
                yield item

        for article, record, events in process_texts(nlp, good(), settings):
            if isinstance(record, DocumentError):
                writer.write(
                    "errors.jsonl",
                    ErrorRecord(
                        doc_id=article.doc_id, path=article.path, stage=record.stage, reason=record.reason  # type: ignore[arg-type]
                    ),
                )
                summary.errors += 1
                continue
            writer.write("documents.jsonl", record)
            for event in events:
                writer.write("events.jsonl", event)
            summary.documents += 1
            summary.events += len(events)
            summary.calls_held += sum(1 for e in events if e.status == "held")
            summary.words += record.counts.tokens
        writer.finish()
    except BaseException:
        writer.abort()
        raise
    from newsevents.merge import write_run_merges

    summary.merged, _ = write_run_merges(out_dir)
    summary.seconds = time.perf_counter() - t0
    write_manifest(
        out_dir,
        Manifest(
            version=__version__,
            model=settings.model,
            input_root=str(input_root),
            settings=settings.model_dump(mode="json"),
            settings_hash=settings.hash(),
            started=started,
            finished=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            counts=ManifestCounts(
                documents=summary.documents,
                events=summary.events,
                calls_held=summary.calls_held,
                errors=summary.errors,
                merged=summary.merged,
            ),
        ),
    )
    return summary
