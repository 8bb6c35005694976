"""`validate_path`: schema problems by line and field, directory integrity, evidence offsets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import UsageError
from newsevents.io.published import published_sizes
from newsevents.merge import merge_runs
from newsevents.records import (
    CallEvent,
    Codes,
    DocumentCounts,
    DocumentRecord,
    Entity,
    EventDate,
    Manifest,
    ManifestCounts,
    Mention,
    MergedCall,
    MergedCounts,
    MergedSource,
    Party,
    TextSpan,
)
from newsevents.validate import Problem, validate_path

TEXT = "date 2025-02-12\nPutin call\nVladimir Putin had a phone call with Ahmed al-Sharaa.\n"
SENTENCE = "Vladimir Putin had a phone call with Ahmed al-Sharaa."
START = TEXT.index(SENTENCE)


def span(text: str, start: int | None = None) -> TextSpan:
    start = TEXT.index(text) if start is None else start
    return TextSpan(start=start, end=start + len(text), text=text)


def event(event_id: str = "e1", doc_id: str = "putin.txt", start: int | None = None) -> CallEvent:
    return CallEvent(
        id=event_id,
        doc_id=doc_id,
        status="held",
        medium="phone",
        parties=[
            Party(name="Vladimir Putin", mention="Vladimir Putin", title=None, country="RUS",
                  org=None, entity_id="p1"),
            Party(name="Ahmed al-Sharaa", mention="Ahmed al-Sharaa", title=None, country="SYR",
                  org=None, entity_id="p2"),
        ],
        initiated_by=None,
        date=EventDate(value="2025-02-12", text=None, basis="publication", granularity="day",
                       anchor="2025-02-12", reason=None),
        topics=[],
        evidence=[span(SENTENCE, start)],
        codes=Codes(cameo="041", plover_event="CONSULT", plover_mode="phone"),
        confidence=0.9,
        rule="call.test.v1",
    )  # fmt: skip


def document(doc_id: str = "putin.txt") -> DocumentRecord:
    mention = span("Vladimir Putin")
    return DocumentRecord(
        doc_id=doc_id,
        sha256="0" * 64,
        encoding="utf-8",
        title="Putin call",
        published="2025-02-12",
        published_basis="header",
        dateline=None,
        counts=DocumentCounts(chars=len(TEXT), tokens=12, sentences=2, entities=1, events=1,
                              calls_held=1),
        warnings=[],
        entities=[
            Entity(id="p1", name="Vladimir Putin", label="PERSON", aliases=[],
                   mentions=[Mention(**mention.model_dump(), label="PERSON")], titles=[],
                   country="RUS", org=None),
        ],
    )  # fmt: skip


def merged(event_id: str = "e1") -> MergedCall:
    e = event()
    return MergedCall(
        id="m1",
        status="held",
        medium="phone",
        parties=e.parties,
        initiated_by=None,
        date=e.date,
        topics=[],
        sources=[MergedSource(doc_id="putin.txt", event_id=event_id, title=None, dateline=None,
                              date_text=None, evidence=e.evidence[0], near_duplicate_of=None)],
        counts=MergedCounts(documents=1, mentions=1, independent_sources=1),
        disagreements=[],
        codes=e.codes,
    )  # fmt: skip


def manifest(**files: int) -> Manifest:
    return Manifest(
        version="0.1.0",
        model="none",
        input_root="in",
        settings={},
        settings_hash="0",
        started="2025-01-01T00:00:00",
        finished="2025-01-01T00:00:01",
        counts=ManifestCounts(documents=1, events=1, calls_held=1, errors=0, merged=1),
        publish_id="0" * 32,
        files=files,
    )


def jsonl(*records: Any) -> bytes:
    return b"".join(r.to_json() + b"\n" for r in records)


def write_dir(root: Path, **files: bytes) -> Path:
    out = root / "out"
    out.mkdir()
    defaults = {
        "events.jsonl": jsonl(event()),
        "documents.jsonl": jsonl(document()),
        "merged.jsonl": jsonl(merged()),
        "errors.jsonl": b"",
    }
    given = {k.replace("_", "."): v for k, v in files.items()}
    for name, data in {**defaults, **given}.items():
        (out / name).write_bytes(data)
    if "manifest.json" not in given:  # written last, as extract does, with the sizes
        (out / "manifest.json").write_bytes(manifest(**published_sizes(out)).to_json())
    return out


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "putin.txt").write_text(TEXT, encoding="utf-8")
    return src


def test_valid_directory(tmp_path: Path, sources: Path) -> None:
    out = write_dir(tmp_path)
    assert validate_path(out) == []
    assert validate_path(out, sources=sources) == []


@pytest.mark.parametrize("name", ["events.jsonl", "documents.jsonl", "merged.jsonl", "any.jsonl"])
def test_valid_file(tmp_path: Path, name: str) -> None:
    record = {"documents.jsonl": document(), "merged.jsonl": merged()}.get(name, event())
    path = tmp_path / name
    path.write_bytes(jsonl(record, record))
    assert validate_path(path) == []


def _corrupt(obj: dict[str, Any], how: str) -> bytes:
    if how == "json":
        return orjson.dumps(obj)[:-5]
    if how == "missing":
        del obj["status"]
    elif how == "enum":
        obj["status"] = "maybe"
    elif how == "country":
        obj["parties"][0]["country"] = "usa"
    elif how == "extra":
        obj["parties"][1]["nickname"] = "x"
    elif how == "type":
        del obj["type"]
    elif how == "nested-missing":
        del obj["date"]["basis"]
    return orjson.dumps(obj)


@pytest.mark.parametrize(
    ("how", "field", "message"),
    [
        ("json", "<json>", "unexpected"),
        ("missing", "status", "Field required"),
        ("enum", "status", "'held', 'planned' or 'denied' (got 'maybe')"),
        ("country", "parties.0.country", "should match pattern"),
        ("extra", "parties.1.nickname", "Extra inputs are not permitted"),
        ("type", "type", "discriminator"),
        ("nested-missing", "date.basis", "Field required"),
    ],
)
def test_corrupt_line_is_reported_with_line_and_field(
    tmp_path: Path, how: str, field: str, message: str
) -> None:
    good = event().model_dump(mode="json")
    path = tmp_path / "events.jsonl"
    lines = [orjson.dumps(good), _corrupt(good, how), orjson.dumps(event("e3").model_dump())]
    path.write_bytes(b"\n".join(lines) + b"\n")
    [problem] = validate_path(path)
    assert (problem.file, problem.line, problem.field) == (str(path), 2, field)
    assert message.lower() in problem.message.lower()
    assert str(problem).startswith(f"{path}:2: {field}: ")


def test_every_bad_line_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"not json\n\n" + jsonl(event()) + b'{"type": "call"}\n')
    problems = validate_path(path)
    assert [p.line for p in problems][:2] == [1, 2]
    assert {p.line for p in problems} == {1, 2, 4}
    assert str(problems[1]) == f"{path}:2: <json>: empty line"


def test_document_file_uses_its_model(tmp_path: Path) -> None:
    obj = document().model_dump(mode="json")
    obj["entities"][0]["label"] = "PEOPLE"
    path = tmp_path / "documents.jsonl"
    path.write_bytes(orjson.dumps(obj) + b"\n")
    assert [p.field for p in validate_path(path)] == ["entities.0.label"]


def test_manifest(tmp_path: Path) -> None:
    obj = manifest().model_dump(mode="json")
    del obj["counts"]["errors"]
    out = write_dir(tmp_path, manifest_json=orjson.dumps(obj))
    [problem] = validate_path(out)
    assert str(problem) == f"{out / 'manifest.json'}: counts.errors: Field required"
    (out / "manifest.json").write_bytes(b"{")
    assert [p.field for p in validate_path(out / "manifest.json")] == ["<json>"]


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({"events_jsonl": jsonl(event(), event())}, [("events.jsonl", 2, "id")],
                     id="duplicate-event-id"),
        pytest.param({"documents_jsonl": jsonl(document(), document())},
                     [("documents.jsonl", 2, "doc_id")], id="duplicate-doc-id"),
        pytest.param({"events_jsonl": jsonl(event(), event("e2", doc_id="gone.txt"))},
                     [("events.jsonl", 2, "doc_id")], id="event-of-unknown-document"),
        pytest.param({"merged_jsonl": jsonl(merged(), merged("e9"))},
                     [("merged.jsonl", 2, "id"), ("merged.jsonl", 2, "sources.0.event_id")],
                     id="merged-source-of-unknown-event"),
    ],
)  # fmt: skip
def test_directory_integrity(
    tmp_path: Path, files: dict[str, bytes], expected: list[tuple[str, int, str]]
) -> None:
    out = write_dir(tmp_path, **files)
    problems = validate_path(out)
    assert [(Path(p.file).name, p.line, p.field) for p in problems] == expected


def test_missing_output_file_is_reported(tmp_path: Path) -> None:
    out = write_dir(tmp_path)
    (out / "documents.jsonl").unlink()
    assert [str(p) for p in validate_path(out)] == [
        f"{out / 'documents.jsonl'}: <file>: missing (every extract run writes it)"
    ]


def merge_output(tmp_path: Path) -> Path:
    """What `newsevents merge RUN -o merged` writes for a valid run."""
    out = tmp_path / "merged"
    merge_runs([write_dir(tmp_path)], out)
    return out


def test_a_merge_output_is_valid_with_its_own_manifest(tmp_path: Path) -> None:
    out = merge_output(tmp_path)
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "entities.jsonl", "merge-manifest.json", "merged.jsonl"]
    assert validate_path(out) == []
    assert validate_path(out / "merge-manifest.json") == []
    result = CliRunner().invoke(app, ["validate", str(out)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param({"merge-manifest.json": b"{"}, [("merge-manifest.json", "<json>")],
                     id="not-json"),
        pytest.param({"merge-manifest.json": b'{"publish_id": 7, "files": {}}'},
                     [("merge-manifest.json", "publish_id")], id="wrong-type"),
        pytest.param({"merge-manifest.json": b'{"files": {}}'},
                     [("merge-manifest.json", "publish_id")], id="field-missing"),
        pytest.param({"merge-manifest.json": b'{"publish_id": "a", "files": {}, "counts": 1}'},
                     [("merge-manifest.json", "counts")], id="unknown-field"),
        pytest.param({"merged.jsonl": b""}, [("merged.jsonl", "<file>")],
                     id="changed-after-publishing"),
        pytest.param({"entities.jsonl": None}, [("entities.jsonl", "<file>")], id="missing"),
        pytest.param({"merged.jsonl": lambda line: line.replace(b'"phone"', b'"fax"')},
                     [("merged.jsonl", "medium")], id="invalid-line"),
    ],
)  # fmt: skip
def test_a_merge_output_is_checked_against_its_own_manifest(
    tmp_path: Path,
    change: dict[str, bytes | Callable[[bytes], bytes] | None],
    expected: list[tuple[str, str]],
) -> None:
    out = merge_output(tmp_path)
    for name, data in change.items():
        if data is None:
            (out / name).unlink()
        elif callable(data):  # the same size, another content: only the schema can tell
            before = (out / name).read_bytes()
            (out / name).write_bytes(data(before[:-1]).ljust(len(before) - 1) + b"\n")
        else:
            (out / name).write_bytes(data)
    problems = validate_path(out)
    assert [(Path(p.file).name, p.field) for p in problems] == expected
    if "merge-manifest.json" in change:
        assert validate_path(out / "merge-manifest.json") == problems
    assert CliRunner().invoke(app, ["validate", str(out)]).exit_code == 1


def test_a_merge_output_names_the_command_that_republishes_it(tmp_path: Path) -> None:
    out = merge_output(tmp_path)
    (out / "entities.jsonl").write_bytes(b"")
    [problem] = validate_path(out)
    assert "rerun the same `newsevents merge` command" in problem.message
    (out / "entities.jsonl").unlink()
    [problem] = validate_path(out)
    assert problem.message == "missing (every merge writes it)"


def test_span_length_is_checked_without_sources(tmp_path: Path) -> None:
    obj = event().model_dump(mode="json")
    obj["evidence"][0]["end"] += 3
    path = tmp_path / "events.jsonl"
    path.write_bytes(orjson.dumps(obj) + b"\n")
    [problem] = validate_path(path)
    assert (problem.line, problem.field) == (1, "evidence.0")


@pytest.mark.parametrize(
    ("files", "field"),
    [
        pytest.param({"events_jsonl": jsonl(event(start=START + 1))}, "evidence.0", id="event"),
        pytest.param({"documents_jsonl": jsonl(document().model_copy(update={"entities": [
            document().entities[0].model_copy(update={"mentions": [
                Mention(start=START + 1, end=START + 15, text="Vladimir Putin", label="PERSON")
            ]})]}))}, "entities.0.mentions.0", id="mention"),
    ],
)  # fmt: skip
def test_wrong_offset_is_caught_with_sources(
    tmp_path: Path, sources: Path, files: dict[str, bytes], field: str
) -> None:
    out = write_dir(tmp_path, **files)
    assert validate_path(out) == []  # lengths agree: only the source text shows the error
    problems = validate_path(out, sources=sources)
    assert [(Path(p.file).name, p.field) for p in problems][:1] == [
        ("documents.jsonl" if "mentions" in field else "events.jsonl", field)
    ]
    assert "ladimir Putin " in problems[0].message


def test_missing_source_file_is_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    problems = validate_path(write_dir(tmp_path), sources=empty)
    assert problems and all("source file not found" in p.message for p in problems)


@pytest.mark.parametrize("target", ["nothing-here", "empty-dir"])
def test_bad_path_is_a_usage_error(tmp_path: Path, target: str) -> None:
    path = tmp_path / target
    if target == "empty-dir":
        path.mkdir()
    with pytest.raises(UsageError):
        validate_path(path)


def test_problem_str() -> None:
    assert str(Problem("out/events.jsonl", 3, "parties.0.country", "bad")) == (
        "out/events.jsonl:3: parties.0.country: bad"
    )


def test_cli_validate_exit_codes(tmp_path: Path) -> None:
    out = write_dir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    (out / "events.jsonl").write_bytes(b"{}\n")
    result = runner.invoke(app, ["validate", str(out)])
    assert result.exit_code == 1
    assert f"{out / 'events.jsonl'}:1: type:" in result.output
    assert runner.invoke(app, ["validate", str(tmp_path / "missing")]).exit_code == 2


def test_invalid_event_is_reported_once(tmp_path: Path) -> None:
    # The merged record refers to an invalid event: one problem, not a cascade.
    obj = event().model_dump(mode="json")
    obj["parties"][0]["country"] = "XX"
    out = write_dir(tmp_path, events_jsonl=orjson.dumps(obj) + b"\n")
    assert [(Path(p.file).name, p.field) for p in validate_path(out)] == [
        ("events.jsonl", "parties.0.country")
    ]


# --- doc_ids that climb out of the sources directory --------------------------------------


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink"])
def test_sources_are_never_read_outside_their_directory(
    tmp_path: Path, sources: Path, how: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(TEXT, encoding="utf-8")  # would even match every offset
    if how == "symlink":
        (sources / "link.txt").symlink_to(secret)
    doc_id = {"dotdot": "../secret.txt", "absolute": str(secret), "symlink": "link.txt"}[how]
    out = write_dir(
        tmp_path,
        events_jsonl=jsonl(event(), event("e2", doc_id=doc_id)),
        documents_jsonl=jsonl(document(), document(doc_id)),
    )
    problems = validate_path(out, sources=sources)
    assert problems, "the outside file was read and its offsets checked"
    assert all(doc_id in p.message and "outside the sources directory" in p.message
               for p in problems)
    assert {(Path(p.file).name, p.line) for p in problems} == {
        ("documents.jsonl", 2), ("events.jsonl", 2)
    }  # the documents inside are still checked, and pass
    result = CliRunner().invoke(app, ["validate", str(out), "--sources", str(sources)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "outside the sources directory" in result.output
