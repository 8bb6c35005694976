"""Check output files against their schemas, a directory's integrity, and evidence offsets.

`validate_path` never stops at the first problem: it reports every invalid line as
"file:line: field: message", so CI logs point straight at what to fix.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError

from newsevents.errors import NewsEventsError, UsageError
from newsevents.io.published import (
    MERGE_MANIFEST,
    IncompleteOutputError,
    changed_files,
    check_published,
    is_merge_output,
    published_problem,
    recheck_published,
)
from newsevents.records import EVENT_ADAPTER, RECORD_FILES, Manifest, Record

MANIFEST = "manifest.json"
# Files every extract run writes; missing from an output directory they are a problem.
REQUIRED_FILES = ("events.jsonl", "documents.jsonl", MANIFEST)
# ... and every `merge -o`.
MERGE_REQUIRED_FILES = ("merged.jsonl", "entities.jsonl", MERGE_MANIFEST)
_MAX_SHOWN = 60  # characters of an offending value quoted in a message


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in one file: `file:line: field: message`."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}"


class MergeManifest(Record):
    """`merge-manifest.json`, what `merge -o` publishes last (`io.published.merge_publishing`):
    a new id for each publish and the byte size of each file it published."""

    publish_id: str
    files: dict[str, int]


@dataclass(frozen=True, slots=True)
class _Span:
    field: str
    doc_id: str
    start: int
    end: int
    text: str


def validate_path(path: Path, *, sources: Path | None = None) -> list[Problem]:
    """Every problem in a JSONL file or an extract output directory.

    Args:
        path: a JSONL file (its model chosen by file name; unknown names are read as events),
            `manifest.json` or `merge-manifest.json`, or an output directory of `extract` or
            `merge -o` (every known file in it, plus integrity: unique ids, events pointing
            at known documents, merged sources at known events).
        sources: the input directory; also check that every evidence and mention offset
            slices the decoded source text to exactly the recorded text.
    """
    if not path.exists():
        raise UsageError(f"not found: {path} (give a JSONL file or an output directory)")
    if sources is not None and not sources.is_dir():
        raise UsageError(f"--sources must be the input directory of the run: {sources}")
    checker = _OffsetChecker(sources) if sources is not None else None
    if path.is_dir():
        return _validate_dir(path, checker)
    if path.name == MANIFEST:
        return _validate_manifest(path)
    if path.name == MERGE_MANIFEST:
        return _validate_manifest(path, MergeManifest)
    problems: list[Problem] = []
    for _ in _validate_jsonl(path, problems, checker):
        pass
    return problems


def adapter_for(name: str) -> TypeAdapter[Any]:
    model = RECORD_FILES.get(name, EVENT_ADAPTER)
    if isinstance(model, TypeAdapter):
        return model
    return _model_adapter(model)


@functools.cache
def _model_adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def _validate_jsonl(
    path: Path, problems: list[Problem], checker: _OffsetChecker | None
) -> Iterator[tuple[int, dict[str, Any], bool]]:
    """Check each line of `path`; yield (line number, object, valid) for each JSON object.

    Invalid objects are yielded too, so their ids still count in the integrity checks and
    one bad line is reported once, not again by every record that refers to it.
    """
    adapter = adapter_for(path.name)
    is_union = adapter is EVENT_ADAPTER
    file = str(path)
    with path.open("rb") as lines:
        for lineno, raw in enumerate(lines, 1):
            line = raw.rstrip(b"\r\n")
            if not line.strip():
                problems.append(Problem(file, lineno, "<json>", "empty line"))
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                problems.append(Problem(file, lineno, "<json>", str(exc)))
                continue
            try:
                adapter.validate_python(obj)
            except ValidationError as exc:
                tag = obj.get("type") if is_union and isinstance(obj, dict) else None
                problems.extend(problems_of(exc, file, lineno, tag))
                if isinstance(obj, dict):
                    yield lineno, obj, False
                continue
            spans = list(_spans(path.name, obj))
            problems.extend(_span_problems(spans, file, lineno))
            if checker is not None:
                problems.extend(checker.check(spans, file, lineno))
            yield lineno, obj, True


def problems_of(exc: ValidationError, file: str, line: int | None, tag: Any) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = list(error["loc"])
        if tag is not None and loc and loc[0] == tag:
            loc = loc[1:]  # the discriminated union prefixes each location with the tag
        if error["type"].startswith("union_tag"):
            loc = ["type"]
        field = ".".join(str(part) for part in loc) or "<record>"
        message = error["msg"]
        value = error.get("input")
        if error["type"] != "missing" and isinstance(value, str | int | float | bool):
            shown = repr(value)
            message += f" (got {shown[:_MAX_SHOWN]}{'...' if len(shown) > _MAX_SHOWN else ''})"
        problems.append(Problem(file, line, field, message))
    return problems


def _spans(file_name: str, obj: dict[str, Any]) -> Iterator[_Span]:
    """Every (start, end, text) a valid record holds, with its field path and document."""
    if file_name == "documents.jsonl":
        doc_id = obj["doc_id"]
        for i, entity in enumerate(obj["entities"]):
            for k, m in enumerate(entity["mentions"]):
                yield _Span(f"entities.{i}.mentions.{k}", doc_id, m["start"], m["end"], m["text"])
        if obj["dateline"] is not None:
            d = obj["dateline"]
            yield _Span("dateline", doc_id, d["start"], d["end"], d["text"])
    elif file_name == "merged.jsonl":
        for i, source in enumerate(obj["sources"]):
            e = source["evidence"]
            yield _Span(f"sources.{i}.evidence", source["doc_id"], e["start"], e["end"], e["text"])
    elif file_name in ("errors.jsonl", "entities.jsonl"):
        return
    elif "evidence" in obj:  # an event
        doc_id = obj["doc_id"]
        for i, e in enumerate(obj["evidence"]):
            yield _Span(f"evidence.{i}", doc_id, e["start"], e["end"], e["text"])
        for i, topic in enumerate(obj.get("topics", [])):
            e = topic["evidence"]
            yield _Span(f"topics.{i}.evidence", doc_id, e["start"], e["end"], e["text"])


def _span_problems(spans: list[_Span], file: str, line: int) -> Iterator[Problem]:
    for span in spans:
        if span.end - span.start != len(span.text):
            yield Problem(
                file,
                line,
                span.field,
                f"offsets {span.start}:{span.end} span {span.end - span.start} characters "
                f"but text has {len(span.text)}",
            )


def source_path(root: Path, doc_id: str) -> Path | None:
    """The file of `doc_id` under the sources directory `root`, or None when it resolves
    outside `root` (an absolute id, `..`, or a symlink out; symlinks resolved) or cannot
    be resolved at all (a NUL byte, a link loop)."""
    if not doc_id or PurePath(doc_id).is_absolute():
        return None
    try:
        base = root.resolve(strict=True)
        path = (base / doc_id).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if path == base or not path.is_relative_to(base):
        return None
    return path


def outside_message(doc_id: str, root: Path) -> str:
    """The one-line reason a doc_id is refused."""
    return f"doc_id {doc_id!r} resolves outside the sources directory {str(root)!r}: refused"


class _OffsetChecker:
    """Compares recorded spans with the source texts, decoded the way extract decodes them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._text = functools.lru_cache(maxsize=256)(self._read)

    def _read(self, doc_id: str) -> str | Exception:
        path = source_path(self.root, doc_id)
        if path is None:
            return PermissionError(outside_message(doc_id, self.root))
        if not path.is_file():
            return FileNotFoundError(f"source file not found: {self.root / doc_id}")
        from newsevents.io.read import article_from_bytes

        try:
            # The resolved path is read; the record's own id and the given path name it.
            return article_from_bytes(path.read_bytes(), doc_id=doc_id,
                                      path=str(self.root / doc_id)).text
        except (NewsEventsError, OSError) as exc:
            return exc

    def check(self, spans: list[_Span], file: str, line: int) -> Iterator[Problem]:
        for span in spans:
            text = self._text(span.doc_id)
            if isinstance(text, Exception):
                yield Problem(file, line, span.field, f"cannot check offsets: {text}")
                continue
            found = text[span.start : span.end]
            if found != span.text:
                yield Problem(
                    file,
                    line,
                    span.field,
                    f"text[{span.start}:{span.end}] of {span.doc_id} is {_quote(found)}, "
                    f"not {_quote(span.text)}",
                )


def _quote(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 3] + "..."


def _validate_manifest(path: Path, model: type[Record] = Manifest) -> list[Problem]:
    file = str(path)
    try:
        obj = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        return [Problem(file, None, "<json>", str(exc))]
    try:
        model.model_validate(obj)
    except ValidationError as exc:
        return problems_of(exc, file, None, None)
    return []


def _validate_dir(path: Path, checker: _OffsetChecker | None) -> list[Problem]:
    # A merge output (its marker, and no extract manifest: `io.published` reads it so too)
    # has a manifest of its own and none of a run's documents or events.
    merge_output = is_merge_output(path) and not (path / MANIFEST).is_file()
    manifest, required, writer = (
        (MERGE_MANIFEST, MERGE_REQUIRED_FILES, "merge")
        if merge_output
        else (MANIFEST, REQUIRED_FILES, "extract run")
    )
    known = (*RECORD_FILES, MANIFEST, MERGE_MANIFEST)
    present = [name for name in (*RECORD_FILES, manifest) if (path / name).is_file()]
    if not present:
        raise UsageError(
            f"{path} holds none of {', '.join(known)}: "
            "is it the output directory of `newsevents extract` or `newsevents merge`?"
        )
    incomplete = published_problem(path)
    if incomplete is not None:
        # Mid-publish: its files are not one run's, whatever each of them holds.
        return [Problem(str(path), None, "<directory>", incomplete)]
    state = check_published(path)
    problems = [
        Problem(str(path / name), None, "<file>", f"missing (every {writer} writes it)")
        for name in required
        if name not in present
    ]
    if manifest in present:
        problems.extend(
            _validate_manifest(path / manifest, MergeManifest if merge_output else Manifest)
        )
        problems.extend(
            Problem(str(path / name), None, "<file>", why)
            for name, why in changed_files(path)
            if name in present or name not in required  # else reported missing above
        )

    doc_ids: set[str] | None = None
    if "documents.jsonl" in present:
        doc_ids = set()
        first: dict[str, int] = {}
        file = path / "documents.jsonl"
        for lineno, obj, _valid in _validate_jsonl(file, problems, checker):
            doc_id = obj.get("doc_id")
            if not isinstance(doc_id, str):
                continue
            if doc_id in first:
                problems.append(_duplicate(file, lineno, "doc_id", doc_id, first))
            else:
                first[doc_id] = lineno
        doc_ids = set(first)

    event_docs: dict[str, Any] | None = None
    if "events.jsonl" in present:
        event_docs = {}
        first = {}
        file = path / "events.jsonl"
        for lineno, obj, valid in _validate_jsonl(file, problems, checker):
            event_id = obj.get("id")
            if not isinstance(event_id, str):
                continue
            if event_id in first:
                problems.append(_duplicate(file, lineno, "id", event_id, first))
                continue
            first[event_id] = lineno
            event_docs[event_id] = obj.get("doc_id")
            if valid and doc_ids is not None and obj["doc_id"] not in doc_ids:
                problems.append(
                    Problem(
                        str(file), lineno, "doc_id", f"{obj['doc_id']!r} is not in documents.jsonl"
                    )
                )

    for name in ("errors.jsonl", "entities.jsonl"):
        if name in present:
            for _ in _validate_jsonl(path / name, problems, checker):
                pass

    if "merged.jsonl" in present:
        first = {}
        file = path / "merged.jsonl"
        for lineno, obj, valid in _validate_jsonl(file, problems, checker):
            if not valid:
                continue
            if obj["id"] in first:
                problems.append(_duplicate(file, lineno, "id", obj["id"], first))
            else:
                first[obj["id"]] = lineno
            if event_docs is None:
                continue
            for i, source in enumerate(obj["sources"]):
                if source["event_id"] not in event_docs:
                    message = f"{source['event_id']!r} is not in events.jsonl"
                    problems.append(Problem(str(file), lineno, f"sources.{i}.event_id", message))
                elif (event_doc := event_docs[source["event_id"]]) not in (None, source["doc_id"]):
                    message = (
                        f"{source['doc_id']!r}, but event {source['event_id']!r} "
                        f"is of {event_doc!r}"
                    )
                    problems.append(Problem(str(file), lineno, f"sources.{i}.doc_id", message))
    try:
        recheck_published(path, state)
    except IncompleteOutputError as exc:
        problems.append(Problem(str(path), None, "<directory>", str(exc)))
    return problems


def _duplicate(file: Path, line: int, field: str, value: str, first: dict[str, int]) -> Problem:
    return Problem(str(file), line, field, f"duplicate {value!r} (first on line {first[value]})")
