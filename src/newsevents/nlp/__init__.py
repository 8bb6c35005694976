"""spaCy: load the model (`load`), newsevents' components (`components`, `attribute_ruler`),
and the speed-ups (`blas`, `attribute_ruler`). Knows nothing of files or output."""

from __future__ import annotations

from newsevents.nlp.components import CALL_RULES, LINE_SENTENCES, make_call_rules
from newsevents.nlp.load import load_pipeline, speed_up

__all__ = ["CALL_RULES", "LINE_SENTENCES", "load_pipeline", "make_call_rules", "speed_up"]
