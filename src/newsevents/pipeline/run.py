"""The run: `extract` walks the inputs, skips what the journal says is done, hands the rest to
an engine, appends each document's lines as soon as it comes back, and publishes.

Files are walked in doc_id order; nothing holds all documents. After each batch the journal
(`io/journal`) records which documents are done; a rerun of the same command skips them
(and loads no model when nothing is left to do), reprocesses changed files and drops the
lines of removed ones. The published files are always in doc_id order.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsevents import __version__
from newsevents.errors import OutputExistsError, UsageError
from newsevents.io.journal import Entry, Journal, JournalError
from newsevents.io.published import changed_files, is_extract_output, published_sizes
from newsevents.io.remote import is_url
from newsevents.io.write import (
    DERIVED_FILES,
    JOURNAL_FILE,
    MANIFEST_FILE,
    OUTPUT_FILES,
    PART_SUFFIX,
    OutputLock,
    WorkingFiles,
    copy_published,
    file_sizes,
    publish,
    read_manifest,
    remove_working,
    state_dir,
    write_manifest,
)
from newsevents.pipeline.local import local_engine
from newsevents.pipeline.units import DocResult, ResultSource, Task
from newsevents.records import ErrorRecord, Manifest, ManifestCounts
from newsevents.settings import Settings


class RunInterrupted(KeyboardInterrupt):
    """A run ended by SIGINT (Ctrl-C); the journal keeps the `done` documents for a rerun."""

    def __init__(self, done: int) -> None:
        super().__init__(f"interrupted: {done} documents done")
        self.done = done


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


def fingerprint(path: Path) -> str | None:
    """The sha256 of a file's bytes, None if it cannot be read."""
    from newsevents.errors import DocumentError
    from newsevents.io.read import open_regular

    try:
        fd = open_regular(path)  # a FIFO must not block the run
        with open(fd, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except (OSError, DocumentError):
        return None


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
    input_root: str  # as recorded: a name that is not UTF-8 escaped (`escape_name`)
    out_dir: Path
    settings: Settings
    force: bool
    progress: bool
    source: str = ""  # the input root as given to the file system (default: input_root)
    summary: RunSummary = field(default_factory=RunSummary)

    def __post_init__(self) -> None:
        self.source = self.source or self.input_root
        # Results made here, not by the engine (a file name no output can hold).
        self._ready: deque[DocResult] = deque()
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
        committed = 0
        with self._progress_bar() as advance:
            try:
                for result in self._results(engine, journal, advance):
                    if self.working is None:
                        self.working = self._open_working(journal)
                    batch.append(self._add(result))
                    advance(1)
                    if len(batch) >= self.settings.batch_size:
                        journal.add_batch(batch, *self.working.commit())
                        committed += len(batch)
                        batch = []
                if batch:
                    assert self.working is not None
                    journal.add_batch(batch, *self.working.commit())
            except KeyboardInterrupt:
                # What the journal holds stays done; the batch under way is redone on a rerun.
                raise RunInterrupted(self.summary.unchanged + committed) from None
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
            # `publish` removes the manifest before it replaces the first file: from then until
            # the new manifest, its absence marks the directory as mid-publish.
            published = publish(self.out_dir, self.state, live)
            if self.settings.run_countries:
                from newsevents.runlevel import reconcile_countries

                published = reconcile_countries(self.out_dir, published)
            journal.finish(published)
            remove_working(self.state)
        self._totals(live)
        derived_ok = all((self.out_dir / name).is_file() for name in DERIVED_FILES)
        if not manifest_path.is_file() or not derived_ok or changed_files(self.out_dir):
            from newsevents.merge import write_run_merges

            # Readers take a directory without a manifest for one mid-publish.
            manifest_path.unlink(missing_ok=True)
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
            # A new journal, begun with the first result (so after the model loaded: a model
            # that cannot be loaded touches nothing); the published files of the last run
            # stay until this one publishes, as without --force.
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

    def _results(
        self, engine: ResultSource, journal: Journal, advance: Callable[[int], None]
    ) -> Iterator[DocResult]:
        for result in engine(self._tasks(journal, advance)):
            while self._ready:
                yield self._ready.popleft()
            yield result
        while self._ready:
            yield self._ready.popleft()

    def _paths(self) -> Iterator[tuple[str, str]]:
        """(doc_id, path) of each input in walk (doc_id) order; paths are absolute, so that
        every engine (and every worker) reads and reports the same ones."""
        if is_url(self.source):
            from newsevents.io.remote import walk_url

            yield from walk_url(self.source, self.settings.globs)
            return
        from newsevents.io.read import doc_id_for, walk

        root = Path(self.source)
        for path in walk(root, self.settings.globs, exclude=(self.out_dir,)):
            yield doc_id_for(path, root), str(path)

    def _tasks(self, journal: Journal, advance: Callable[[int], None]) -> Iterator[Task]:
        from newsevents.io.read import escape_name, valid_name

        url_input = is_url(self.source)
        for doc_id, path in self._paths():
            bad_name = not valid_name(doc_id)
            if bad_name:
                doc_id = escape_name(doc_id)
            if url_input:
                from newsevents.io.remote import url_fingerprint

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
            if bad_name:
                # No output file can hold the name: one error line (the id escaped), not read.
                record = ErrorRecord(
                    doc_id=doc_id, path=escape_name(path), stage="read",
                    reason="file name is not valid UTF-8 (shown with \\xNN escapes): rename "
                    "the file or its directory to read it",
                )
                self._ready.append(DocResult(doc_id, key, error=record.to_json() + b"\n"))
                continue
            yield Task(doc_id, path, key)

    def _engine(self) -> ResultSource:
        if self.settings.engine == "dask":
            from newsevents.pipeline.dask import dask_engine

            return dask_engine(self.source, self.settings)
        if self.settings.engine != "local":
            raise UsageError(f"unknown engine {self.settings.engine!r}: use 'local' or 'dask'")
        return local_engine(self.source, self.settings)

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
                publish_id=uuid.uuid4().hex,
                files=published_sizes(self.out_dir),
            ),
        )


def _check_not_own_output(input_root: Path, out_dir: Path) -> None:
    """Refuse an input that is the output directory, or one of the files a run writes."""
    out = out_dir.resolve()
    own = {*OUTPUT_FILES, *DERIVED_FILES, MANIFEST_FILE}
    if input_root == out or (input_root.parent == out and input_root.name in own):
        raise UsageError(
            f"input path {input_root} is the output directory {out_dir} or one of its files: "
            "give another -o"
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
        UsageError: the input does not exist or is not a regular file or directory (a FIFO),
            or out_dir is a file.
        OutputExistsError: out_dir holds another run's output, or a `merge -o` output
            (use force).
        OutputLockedError: another run is writing into out_dir.
        ModelNotInstalledError: the spaCy model cannot be loaded.
    """
    settings = settings or Settings()
    out_dir = Path(out_dir)
    if isinstance(input_dir, str) and is_url(input_dir):
        from newsevents.io.remote import check_url

        input_root = check_url(input_dir)
    else:
        from newsevents.io.read import check_input_path

        input_dir = Path(input_dir)
        check_input_path(input_dir)
        input_root = str(input_dir.resolve())
    for pattern in settings.globs:
        if "/" in pattern or "\\" in pattern:
            # Patterns match file names: one with a directory in it would match nothing.
            raise UsageError(
                f"--glob {pattern!r} has a directory in it: patterns match file names "
                "(every directory under the input is walked); give e.g. --glob '*.txt'"
            )
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"output path {out_dir} is a file: give a directory with -o")
    if not is_url(input_root):
        _check_not_own_output(Path(input_root), out_dir)
    if not force and not is_extract_output(out_dir):
        theirs = [name for name in DERIVED_FILES if (out_dir / name).exists()]
        if theirs:
            # A `merge -o` directory: the run would replace its merge of several runs.
            raise OutputExistsError(
                f"{out_dir} holds {' and '.join(theirs)} but is not an extract output "
                "directory (a `newsevents merge` output?): give another -o, or use --force to "
                "overwrite"
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    from newsevents.io.read import escape_name

    with OutputLock(out_dir):
        run = _Run(escape_name(input_root), out_dir, settings, force, progress, input_root)
        return run.execute()
