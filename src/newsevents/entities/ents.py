"""The Doc's entity spans, read once while `find_entities` works on a Doc."""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import numpy
from spacy.strings import get_string_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# `doc.ents` builds its spans anew on every read, and the finders read it about a dozen
# times a document (some once per name). The spans are kept only while `find_entities`
# runs: nothing changes the Doc's entities meanwhile, and no Doc outlives its call.
_held = threading.local()


def doc_ents(doc: Doc) -> Sequence[Span]:
    """`doc.ents`, the ones read at the start of `find_entities` while it runs on `doc`."""
    if getattr(_held, "doc", None) is doc:
        return _held.ents  # type: ignore[no-any-return]
    return doc.ents


@contextlib.contextmanager
def ents_held(doc: Doc) -> Iterator[None]:
    """Within the block, `doc_ents(doc)` reads the Doc's entities only once."""
    previous = getattr(_held, "doc", None), getattr(_held, "ents", ())
    _held.doc, _held.ents = doc, doc.ents
    try:
        yield
    finally:
        _held.doc, _held.ents = previous


def token_indices(doc: Doc, words: frozenset[str], attr: str = "LOWER") -> list[int]:
    """The indices, in order, of the tokens whose `attr` ("LOWER", "LEMMA", "POS",
    "ENT_TYPE") is one of `words`: a loop that only those tokens can pass need not build
    every Token."""
    column = doc.to_array(attr)
    return numpy.flatnonzero(numpy.isin(column, _string_ids(words))).tolist()


@functools.lru_cache(maxsize=256)
def _string_ids(words: frozenset[str]) -> numpy.ndarray:
    # A string's id is its hash, or its fixed symbol ("GPE"): the same in every vocab.
    return numpy.array([get_string_id(w) for w in words], dtype="uint64")
