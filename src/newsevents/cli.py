"""The command line: thin typer commands over library functions.

This is the only layer that prints or exits. Exit codes: 0 everything processed (or valid),
1 some documents failed (or some lines are invalid), 2 usage error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsevents import __version__
from newsevents.errors import NewsEventsError, UsageError

app = typer.Typer(
    name="newsevents",
    help="Turn a directory of news articles into typed, validated event records (JSONL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
out = Console()


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


def _fail(exc: NewsEventsError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc}", highlight=False)
    return typer.Exit(2 if isinstance(exc, UsageError) else 1)


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

    Exit codes: 0 all processed, 1 some documents failed (errors.jsonl), 2 usage error.
    """
    from newsevents.errors import OutputExistsError, OutputLockedError
    from newsevents.pipeline import extract
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
        summary = extract(source, output, settings, force=force, progress=console.is_terminal)
    except (OutputExistsError, OutputLockedError) as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None
    except NewsEventsError as exc:
        raise _fail(exc) from None
    console.print(summary.line(), highlight=False)
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

    try:
        problems = validate_path(path, sources=sources)
    except NewsEventsError as exc:
        raise _fail(exc) from None
    for problem in problems:
        out.print(str(problem), highlight=False, soft_wrap=True)
    if problems:
        console.print(f"{len(problems)} problem(s)", highlight=False)
        raise typer.Exit(1)
    console.print("valid", highlight=False)


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

    try:
        report = evaluate(gold, out_dir, sources=sources)
    except NewsEventsError as exc:
        raise _fail(exc) from None
    render_report(report, out, details=not quiet)
    if json_out:
        json_out.write_bytes(report.to_json())


@app.command("schema")
def schema_cli(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory for the JSON Schema files.")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schema of each record (default: ./schemas)."""
    from newsevents.schema import write_schemas

    for path in write_schemas(output):
        out.print(str(path), highlight=False)


@app.command("merge")
def merge_cli(
    out_dirs: Annotated[list[Path], typer.Argument(help="One or more extract output directories.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for merged.jsonl.")],
) -> None:
    """Merge the calls of several runs into one record per real-world call."""
    from newsevents.merge import merge_runs

    try:
        n = merge_runs(out_dirs, output)
    except NewsEventsError as exc:
        raise _fail(exc) from None
    console.print(f"{n} merged call(s) -> {output / 'merged.jsonl'}", highlight=False)


@app.command("stats")
def stats_cli(
    out_dir: Annotated[Path, typer.Argument(help="An extract output directory.")],
) -> None:
    """Tables of calls by country pair, by month, top parties, topics and errors."""
    from newsevents.stats import render_stats

    try:
        render_stats(out_dir, out)
    except NewsEventsError as exc:
        raise _fail(exc) from None


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
    from newsevents.report import write_report

    try:
        write_report(out_dir, output, sources=sources)
    except NewsEventsError as exc:
        raise _fail(exc) from None
    console.print(f"report -> {output}", highlight=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
