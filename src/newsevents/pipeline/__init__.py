"""Wire the stages: read -> clean -> spaCy -> entities and rules -> records -> JSONL.

`run` (`extract`: the run, the journal, publishing), `batching` (documents through
`nlp.pipe`, each failure isolated), `workers` (what each parsing process sets up), the
engines `local` and `dask`, and `units` (tasks, results and what travels between them).
"""

from __future__ import annotations

from newsevents.pipeline.batching import (
    BATCH_CHARS_PER_DOC,
    load_article,
    pipe_results,
    split_parts,
)
from newsevents.pipeline.local import local_engine
from newsevents.pipeline.run import RunSummary, check_output_dir, extract, fingerprint
from newsevents.pipeline.units import DocResult, ResultSource, Task, Unit
from newsevents.pipeline.workers import PLAIN_SPACY_ENV, RECORDS_COMPONENT, load_nlp

__all__ = [
    "BATCH_CHARS_PER_DOC",
    "PLAIN_SPACY_ENV",
    "RECORDS_COMPONENT",
    "DocResult",
    "ResultSource",
    "RunSummary",
    "Task",
    "Unit",
    "check_output_dir",
    "extract",
    "fingerprint",
    "load_article",
    "load_nlp",
    "local_engine",
    "pipe_results",
    "split_parts",
]
