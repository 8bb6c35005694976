"""Evaluation: the pinned scorer (`scorer`) and converters of outside gold data (`plover`).

The scorer matches names with its own rules, not `newsevents.names`, on purpose: the ruler
must not move with the extractor.
"""

from __future__ import annotations

from newsevents.evaluation.plover import plover_to_corpus
from newsevents.evaluation.scorer import (
    EvalReport,
    doc_stem,
    evaluate,
    group_matches,
    max_weight_pairs,
    names_match,
    read_gold,
    render_report,
)

__all__ = [
    "EvalReport",
    "doc_stem",
    "evaluate",
    "group_matches",
    "max_weight_pairs",
    "names_match",
    "plover_to_corpus",
    "read_gold",
    "render_report",
]
