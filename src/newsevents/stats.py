"""Terminal tables (rich) summarising an extract output directory.

Every value from the files (the directory name, parties, countries, topics, error reasons) is
printed through `newsevents.console.safe`: never read as rich markup, control characters
escaped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from newsevents.console import safe
from newsevents.errors import UsageError
from newsevents.io.published import reading_published
from newsevents.records import EVENT_ADAPTER, ErrorRecord, MergedCall, Party

if TYPE_CHECKING:
    from rich.console import Console

TOP_PARTIES = 15
TOP_ERRORS = 20


def _lines(path: Path, model: Any) -> Iterator[Any]:
    """Validated records of a JSONL file; a bad line is a usage error naming the line."""
    validate = model.validate_python if hasattr(model, "validate_python") else model.model_validate
    with path.open("rb") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield validate(orjson.loads(line))
            except (orjson.JSONDecodeError, ValidationError) as exc:
                first = str(exc).splitlines()[0]
                raise UsageError(
                    f"{path}:{n}: invalid line ({first}); check it with `newsevents validate`"
                ) from None


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 0
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def party_label(party: Party) -> str:
    """A party's name, or its office and country when it is known only by office."""
    if party.name:
        return party.name
    where = party.country or party.org or "?"
    return f"{party.title or 'unnamed'} ({where})"


def _side(party: Party) -> str:
    return party.country or party.org or "?"


def _held_calls(out_dir: Path) -> tuple[list[Any], str]:
    """The run's real-world calls (merged.jsonl), else its document-level held calls."""
    merged = out_dir / "merged.jsonl"
    if merged.is_file():
        return list(_lines(merged, MergedCall)), "merged calls"
    events = [e for e in _lines(out_dir / "events.jsonl", EVENT_ADAPTER)
              if e.type == "call" and e.status == "held"]
    return events, "held calls (not merged: merged.jsonl is missing)"


def render_stats(out_dir: Path, console: Console) -> None:
    """Print tables of held calls by country pair, by month, top parties, topics and errors."""
    from rich.table import Table

    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a directory: give an extract output directory")
    if not (out_dir / "events.jsonl").is_file() and not (out_dir / "merged.jsonl").is_file():
        raise UsageError(
            f"{out_dir} holds no events.jsonl or merged.jsonl: run `newsevents extract` first"
        )
    # Everything is read before anything is printed: tables of one run, never of a mix.
    with reading_published(out_dir):
        calls, what = _held_calls(out_dir)
        errors_path = out_dir / "errors.jsonl"
        errors: list[ErrorRecord] = (
            list(_lines(errors_path, ErrorRecord)) if errors_path.is_file() else []
        )
        n_documents = _count_lines(out_dir / "documents.jsonl")
        n_events = _count_lines(out_dir / "events.jsonl")

    summary = Table(title=safe(out_dir), show_header=False)
    summary.add_column("what")
    summary.add_column("n", justify="right")
    summary.add_row("documents", str(n_documents))
    summary.add_row("events", str(n_events))
    summary.add_row(safe(what), str(len(calls)))
    summary.add_row("errors", str(len(errors)))
    console.print(summary)

    pairs = Counter(" - ".join(sorted(_side(p) for p in c.parties)) for c in calls)
    table = Table(title="Calls by country pair")
    table.add_column("countries")
    table.add_column("calls", justify="right")
    for pair, n in sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(safe(pair), str(n))
    console.print(table)

    months = Counter(c.date.value[:7] if c.date.value else "unknown" for c in calls)
    table = Table(title="Calls by month")
    table.add_column("month")
    table.add_column("calls", justify="right")
    table.add_column("", no_wrap=True)
    peak = max(months.values(), default=1)
    for month in sorted(months, key=lambda m: (m == "unknown", m)):
        bar = "#" * max(1, round(20 * months[month] / peak))
        table.add_row(safe(month), str(months[month]), bar)
    console.print(table)

    parties: Counter[tuple[str, str]] = Counter()
    for c in calls:
        for p in c.parties:
            parties[(party_label(p), _side(p))] += 1
    table = Table(title=f"Top parties (of {len(parties)})")
    table.add_column("party")
    table.add_column("country")
    table.add_column("calls", justify="right")
    for (label, side), n in sorted(parties.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_PARTIES]:
        table.add_row(safe(label), safe(side), str(n))
    console.print(table)

    topics = Counter(t.label for c in calls for t in c.topics)
    table = Table(title="Topics")
    table.add_column("topic")
    table.add_column("calls", justify="right")
    for label, n in sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(safe(label), str(n))
    console.print(table)

    if not errors:
        console.print(safe("No errors."))
        return
    by_reason = Counter((e.stage, e.reason) for e in errors)
    table = Table(title=f"Errors ({len(errors)} document(s))")
    table.add_column("stage")
    table.add_column("reason", overflow="fold")
    table.add_column("documents", justify="right")
    ranked = sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0]))
    for (stage, reason), n in ranked[:TOP_ERRORS]:
        table.add_row(safe(stage), safe(reason), str(n))
    console.print(table)
