"""`--engine local`: the documents in this machine's processes (spaCy's `n_process`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsevents.pipeline.batching import pipe_results
from newsevents.pipeline.units import DocResult, ResultSource, Task
from newsevents.pipeline.workers import load_nlp
from newsevents.settings import Settings


def local_engine(root: str | Path, settings: Settings) -> ResultSource:
    """Process tasks in this machine's processes; the model loads with the first task."""

    def results(tasks: Iterator[Task]) -> Iterator[DocResult]:
        first = next(tasks, None)
        if first is None:
            return
        nlp = load_nlp(settings.model, settings.max_chars)

        def chained() -> Iterator[Task]:
            yield first
            yield from tasks

        yield from pipe_results(
            nlp,
            chained(),
            root,
            n_process=settings.processes,
            batch_size=settings.batch_size,
            max_chars=settings.max_chars,
        )

    return results
