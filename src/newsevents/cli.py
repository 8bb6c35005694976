"""The command line: thin typer commands over library functions.

This is the only layer that prints or exits. Exit codes: 0 everything processed (or valid),
1 some documents failed (or some lines are invalid), 2 usage error (a bad path or option, a
missing model, an operating-system error such as a read-only or full disk).

Everything printed goes through `newsevents.console`: values from the data (paths, doc_ids,
names, article text) are never read as rich markup and their control characters are escaped;
messages and the summary are one line each, never wrapped.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsevents import __version__
from newsevents.console import message, print_line
from newsevents.errors import (
    ModelNotInstalledError,
    NewsEventsError,
    OutputExistsError,
    OutputLockedError,
    UsageError,
)

app = typer.Typer(
    name="newsevents",
    help="Turn a directory of news articles into typed, validated event records (JSONL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Markup and emoji codes off: a string printed by mistake without `safe` still shows as text.
console = Console(stderr=True, markup=False, emoji=False, highlight=False)
out = Console(markup=False, emoji=False, highlight=False)

# Errors the user fixes (exit 2); any other NewsEventsError is exit 1.
_USAGE_ERRORS = (UsageError, ModelNotInstalledError, OutputExistsError, OutputLockedError)


def _version_callback(value: bool) -> None:
    if value:
        print(f"newsevents {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool | None,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = None,
) -> None:
    """Turn a directory of news articles into typed, validated event records (JSONL)."""


def _error(text: object) -> None:
    print_line(console, message("error", "red", text))


def os_error_text(exc: OSError, path: Path | str | None = None) -> str:
    """`PATH: reason` for an operating-system error; `path` when the error names no file."""
    where = exc.filename if exc.filename is not None else path
    if isinstance(where, bytes):
        where = os.fsdecode(where)
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename2 is not None:
        reason += f" (-> {os.fsdecode(exc.filename2)})"
    return f"{where}: {reason}" if where is not None else reason


@contextlib.contextmanager
def _errors(path: Path | str | None = None) -> Iterator[None]:
    """Turn the errors of a command into one line and its exit code, never a traceback.

    `path` is named when an operating-system error names no file (a full disk).
    """
    try:
        yield
    except _USAGE_ERRORS as exc:
        _error(exc)
        raise typer.Exit(2) from None
    except NewsEventsError as exc:
        _error(exc)
        raise typer.Exit(1) from None
    except OSError as exc:
        _error(os_error_text(exc, path))
        raise typer.Exit(2) from None


@app.command("extract")
def extract_cli(
    input_dir: Annotated[
        str,
        typer.Argument(
            help="Directory (or one file) of articles, or an fsspec URL (s3://bucket/news)."
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output directory.")] = Path("out"),
    glob: Annotated[
        list[str] | None,
        typer.Option("--glob", help="File pattern to read (repeatable). Default: *.txt and *.md."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", envvar="NEWSEVENTS_MODEL", help="spaCy model name or path."),
    ] = None,
    processes: Annotated[
        int | None,
        typer.Option("--processes", "-p", min=1, help="Worker processes (default: all cores)."),
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Documents per batch (and journal entry).")
    ] = 32,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine) or dask (dask.distributed).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://HOST:PORT); default: a local cluster.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite another run's output; reprocess all.")
    ] = False,
    run_countries: Annotated[
        bool,
        typer.Option(
            "--run-countries/--no-run-countries",
            help="A party whose article does not state its country takes the one the run's "
            "other documents state for the same person.",
        ),
    ] = True,
) -> None:
    """Extract entities and call events from every article under INPUT_DIR.

    Rerun into the same -o, it resumes: only new, changed or unfinished documents are processed.

    Exit codes: 0 all processed, 1 some documents failed (errors.jsonl), 2 usage error
    (bad path or option, missing model, output in use) or operating-system error.
    """
    from newsevents.pipeline import extract
    from newsevents.pipeline.run import RunInterrupted
    from newsevents.settings import DEFAULT_GLOBS, Settings

    if engine not in ("local", "dask"):
        raise typer.BadParameter("must be 'local' or 'dask'", param_hint="--engine")
    if scheduler and engine != "dask":
        raise typer.BadParameter("needs --engine dask", param_hint="--scheduler")
    kwargs: dict[str, object] = {
        "batch_size": batch_size,
        "engine": engine,
        "scheduler": scheduler,
        "run_countries": run_countries,
    }
    if model:
        kwargs["model"] = model
    if processes:
        kwargs["processes"] = processes
    kwargs["globs"] = tuple(glob) if glob else DEFAULT_GLOBS
    settings = Settings(**kwargs)  # type: ignore[arg-type]
    source: str | Path = input_dir if "://" in input_dir else Path(input_dir)
    try:
        with _errors(output):
            summary = extract(source, output, settings, force=force, progress=console.is_terminal)
    except typer.Exit:
        _remove_stray_tmp(output)
        raise
    except KeyboardInterrupt as exc:  # Ctrl-C: one line, exit 130 (128 + SIGINT)
        done = f"{exc.done} documents done, " if isinstance(exc, RunInterrupted) else ""
        print_line(console, f"interrupted: {done}rerun the same command to resume")
        raise typer.Exit(130) from None
    print_line(console, summary.line())
    raise typer.Exit(1 if summary.errors else 0)


@app.command("validate")
def validate_cli(
    path: Annotated[Path, typer.Argument(help="A JSONL file or an output directory.")],
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources", help="Input directory: also check every evidence offset against it."
        ),
    ] = None,
) -> None:
    """Check every line against its schema and the directory's integrity; exit 1 on any problem."""
    from newsevents.validate import validate_path

    with _errors(path):
        problems = validate_path(path, sources=sources)
    for problem in problems:
        print_line(out, problem)
    if problems:
        print_line(console, f"{len(problems)} problem(s)")
        raise typer.Exit(1)
    print_line(console, "valid")


@app.command("evaluate")
def evaluate_cli(
    out_dir: Annotated[Path, typer.Argument(help="An extract output directory.")],
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (one object per document).")],
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the scores as JSON here.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Scores only, no misses listed.")
    ] = False,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Input directory (default: the run's input root)."),
    ] = None,
) -> None:
    """Score held calls in OUT_DIR against a gold file (precision, recall, F1, field accuracy)."""
    from newsevents.evaluation import evaluate, render_report
    from newsevents.io.jsonl import atomic_write_bytes

    with _errors(json_out):
        if json_out is not None and json_out.is_dir():
            raise UsageError(f"--json {json_out} is a directory: give a file name")
        report = evaluate(gold, out_dir, sources=sources)
    render_report(report, out, details=not quiet)
    if json_out:
        with _errors(json_out):
            atomic_write_bytes(json_out, report.to_json())


@app.command("schema")
def schema_cli(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory for the JSON Schema files.")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schema of each record (default: ./schemas)."""
    from newsevents.schema import write_schemas

    with _errors(output):
        paths = write_schemas(output)
    for path in paths:
        print_line(out, path)


@app.command("who")
def who_cli(
    query: Annotated[str, typer.Argument(help='An office ("Prime Minister") or a name.')],
    country: Annotated[
        str | None, typer.Option("--country", help="ISO 3166 alpha-3 code, or 'org'.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Only terms holding on this day (YYYY-MM-DD).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per row.")] = False,
) -> None:
    """Look up the office-holder table: who held an office on a date, or a person's terms."""
    from datetime import date

    import orjson

    from newsevents.kb.offices import holder, lookup, role_for_title

    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise typer.BadParameter("must be a date YYYY-MM-DD", param_hint="--date") from None
    code = country.upper() if country and country.lower() != "org" else country
    rows = lookup(query, code, day)
    role = role_for_title(query)
    if as_json:
        for t in rows:
            out.file.write(orjson.dumps(t.as_dict()).decode() + "\n")
    else:
        for t in rows:
            span = f"{t.start or '?'} .. {t.end or '(open, data to ' + t.as_of + ')'}"
            qid = t.qid or "no QID"
            print_line(out, f"{t.name} | {qid} | {t.country} | {t.role} | {t.title} | {span}")
    if role is not None and code and day is not None:
        h = holder(code, role, day)
        print_line(console, h.name and f"holder on {day}: {h.name} ({h.qid or 'no QID'})"
                   or h.reason)
    if not rows:
        raise typer.Exit(1)


@app.command("merge")
def merge_cli(
    out_dirs: Annotated[list[Path], typer.Argument(help="One or more extract output directories.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for merged.jsonl.")],
) -> None:
    """Merge the calls of several runs into one record per real-world call."""
    from newsevents.merge import merge_runs

    with _errors(output):
        n = merge_runs(out_dirs, output)
    print_line(console, f"{n} merged call(s) -> {output / 'merged.jsonl'}")


@app.command("stats")
def stats_cli(
    out_dir: Annotated[Path, typer.Argument(help="An extract output directory.")],
) -> None:
    """Tables of calls by country pair, by month, top parties, topics and errors."""
    from newsevents.stats import render_stats

    with _errors(out_dir):
        render_stats(out_dir, out)


@app.command("report")
def report_cli(
    out_dir: Annotated[Path, typer.Argument(help="An extract output directory.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
        "report.html"
    ),
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Input directory, to show each document's text."),
    ] = None,
) -> None:
    """Write one self-contained HTML page: merged calls, timeline, party network, documents."""
    from newsevents.report import InvalidInputError, write_report

    with _errors(output):
        if output.is_dir():
            raise UsageError(f"report path {output} is a directory: give an HTML file with -o")
        try:
            warnings = write_report(out_dir, output, sources=sources)
        except InvalidInputError as exc:
            # Lines quote data: printed as inert text, one line each.
            for problem in exc.problems:
                print_line(out, str(problem))
            print_line(
                console,
                f"{len(exc.problems)} problem(s) in the input: nothing written; check the "
                "directory with `newsevents validate`",
            )
            raise typer.Exit(1) from None
    for warning in warnings:
        print_line(console, f"warning: {warning}")
    print_line(console, f"report -> {output}")


def _remove_stray_tmp(out_dir: Path) -> None:
    """Remove the temporary files a failed run left in out_dir (a full disk mid-publish).

    Only under the output lock, so another run's files are never touched.
    """
    from newsevents.io.write import OUTPUT_FILES, OutputLock, state_dir

    if not state_dir(out_dir).is_dir():  # not (yet) an output directory: nothing of ours
        return
    with contextlib.suppress(OSError, NewsEventsError), OutputLock(out_dir):
        for directory in (out_dir, state_dir(out_dir)):
            for name in OUTPUT_FILES:
                (directory / f"{name}.tmp").unlink(missing_ok=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
