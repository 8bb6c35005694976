"""Reading an extract output directory as one run: the last complete one, never a mix of two.

A run replaces its published files one at a time (documents, events and errors, then merged
and entities); a kill between two of them would leave files of two runs side by side. So the
manifest is the commit record: `extract` removes it before it replaces the first file and
writes it after the last, with a new `publish_id` and the size of every file it published.
A reader (`stats`, `report`, `validate`, `merge`, `evaluate`) checks the directory before it
reads and again after (`reading_published`): no manifest where a run's journal is means a
publish under way or cut short (refused); another `publish_id` or other file sizes afterwards
mean a run published meanwhile (refused: what was read may mix two runs). A file whose size is
not the one the manifest records was changed after publishing: `validate` reports it
(`changed_files`), `extract` republishes.

`merge -o` publishes the same way: it writes merged.jsonl and entities.jsonl beside the
old ones, marks the directory as a merge output (`.newsevents/merge`), removes its
`merge-manifest.json`, renames both files into place and writes a new one (`merge_publishing`).
A merge output whose marker is there but not its manifest is mid-publish (refused), and its
manifest's `publish_id` and sizes are checked as an extract's are.

A directory with neither (files made by hand, a merge output of an older version) is read as
it is.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

from newsevents.errors import UsageError
from newsevents.io.jsonl import atomic_write_bytes

# io.write's names (not imported: io.write imports the journal and the records).
_MANIFEST = "manifest.json"
_JOURNAL = Path(".newsevents") / "journal.jsonl"
MERGE_MANIFEST = "merge-manifest.json"
_MERGE_MARKER = Path(".newsevents") / "merge"
PUBLISHED_FILES = (
    "documents.jsonl", "events.jsonl", "errors.jsonl", "merged.jsonl", "entities.jsonl",
)


class IncompleteOutputError(UsageError):
    """An output directory that does not hold one complete run (mid-publish, or changed)."""


@dataclass(frozen=True, slots=True)
class PublishedState:
    """What a reader compares before and after reading: the publish and the file sizes."""

    publish_id: str | None
    sizes: tuple[tuple[str, int | None], ...]


def published_sizes(out_dir: Path) -> dict[str, int]:
    """The size of each published file present in out_dir (what the manifest records)."""
    sizes = {}
    for name in PUBLISHED_FILES:
        with contextlib.suppress(FileNotFoundError):
            sizes[name] = (out_dir / name).stat().st_size
    return sizes


def is_extract_output(out_dir: Path) -> bool:
    """Whether out_dir was written by `extract` (a manifest, or a run's journal)."""
    return (out_dir / _MANIFEST).is_file() or (out_dir / _JOURNAL).is_file()


def is_merge_output(out_dir: Path) -> bool:
    """Whether `merge -o` publishes into out_dir (its marker)."""
    return (out_dir / _MERGE_MARKER).is_file()


def _manifest(out_dir: Path) -> dict | None:
    name = _MANIFEST
    if not (out_dir / _MANIFEST).is_file() and is_merge_output(out_dir):
        name = MERGE_MANIFEST
    try:
        manifest = orjson.loads((out_dir / name).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None  # a damaged manifest is `validate`'s to report
    return manifest if isinstance(manifest, dict) else None


def published_problem(out_dir: Path) -> str | None:
    """Why out_dir is not one complete run (a publish under way or cut short), or None."""
    if (out_dir / _MANIFEST).is_file():
        return None
    if not (out_dir / _JOURNAL).is_file():
        if is_merge_output(out_dir) and not (out_dir / MERGE_MANIFEST).is_file():
            return (
                f"{out_dir} is incomplete: it has no {MERGE_MANIFEST}, so a `newsevents "
                "merge` is publishing into it now or was stopped before it finished, and its "
                "files may mix two merges; rerun the same `newsevents merge` command (or wait "
                "for the one running) to complete it"
            )
        return None
    return (
        f"{out_dir} is incomplete: it has no manifest.json, so a run is publishing into it "
        "now or was stopped before it finished, and its files may mix two runs; rerun the "
        "same `newsevents extract` command (or wait for the one running) to complete it"
    )


def changed_files(out_dir: Path) -> list[tuple[str, str]]:
    """(file name, why) for each published file whose size is not the one the manifest
    records: changed after the run published it (by hand, or by another command)."""
    manifest = _manifest(out_dir)
    recorded = manifest.get("files") if manifest is not None else None
    if not isinstance(recorded, dict):  # no manifest, or one of an older version
        return []
    now = published_sizes(out_dir)
    command = "extract"
    if not (out_dir / _MANIFEST).is_file():  # `_manifest` read a merge output's
        command = "merge"
    changed = []
    for name, size in sorted(recorded.items()):
        if now.get(name) != size:
            found = "missing" if name not in now else f"{now[name]} bytes"
            changed.append((name, (
                f"{found}, but the run that published it wrote {size} bytes: changed after "
                f"that run; rerun the same `newsevents {command}` command to republish it"
            )))
    return changed


def _state(out_dir: Path) -> PublishedState:
    manifest = _manifest(out_dir)
    publish_id = manifest.get("publish_id") if manifest is not None else None
    sizes = published_sizes(out_dir)
    return PublishedState(
        publish_id if isinstance(publish_id, str) else None,
        tuple((name, sizes.get(name)) for name in PUBLISHED_FILES),
    )


def check_published(out_dir: Path) -> PublishedState | None:
    """The directory's state, for `recheck_published` (None: not an extract output).

    Raises:
        IncompleteOutputError: a publish is under way or was cut short.
    """
    if not is_extract_output(out_dir) and not is_merge_output(out_dir):
        return None
    if (problem := published_problem(out_dir)) is not None:
        raise IncompleteOutputError(problem)
    return _state(out_dir)


def recheck_published(out_dir: Path, before: PublishedState | None) -> None:
    """After reading: the directory is still the publish read at the start.

    Raises:
        IncompleteOutputError: a run (re)published, or began to, while it was being read.
    """
    if before is None and not is_extract_output(out_dir) and not is_merge_output(out_dir):
        return
    problem = published_problem(out_dir)
    if problem is not None or _state(out_dir) != before:
        raise IncompleteOutputError(
            f"{out_dir} changed while it was being read (a run published into it): "
            + (problem or "run the command again")
        )


@contextlib.contextmanager
def reading_published(*out_dirs: Path) -> Iterator[None]:
    """Check the directories before and after the body reads them.

    Raises:
        IncompleteOutputError: one of them is mid-publish, changed after publishing, or
            was republished while the body read it.
    """
    before = [check_published(d) for d in out_dirs]
    yield
    for d, state in zip(out_dirs, before, strict=True):
        recheck_published(d, state)


@contextlib.contextmanager
def merge_publishing(out_dir: Path) -> Iterator[None]:
    """Publish a merge output: inside the block the new files are renamed into place; on
    leaving it a new `merge-manifest.json` records them. Killed or failed in between, the
    directory has no manifest and readers refuse it until a merge completes it."""
    marker = out_dir / _MERGE_MARKER
    if not marker.is_file():
        marker.parent.mkdir(exist_ok=True)
        marker.write_bytes(b"")
    (out_dir / MERGE_MANIFEST).unlink(missing_ok=True)
    yield
    sizes = published_sizes(out_dir)
    files = {name: sizes[name] for name in ("merged.jsonl", "entities.jsonl") if name in sizes}
    manifest = {"publish_id": uuid.uuid4().hex, "files": files}
    atomic_write_bytes(out_dir / MERGE_MANIFEST,
                       orjson.dumps(manifest, option=orjson.OPT_INDENT_2) + b"\n")

