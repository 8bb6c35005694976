"""Topics of a call: the package topic table matched on lemmas of the call's sentences."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.matcher import PhraseMatcher

from newsevents.rules.ty import CallCandidate

if TYPE_CHECKING:
    from spacy.tokens import Doc


@functools.cache
def _topic_table() -> dict[str, dict[str, Any]]:
    data = json.loads(resources.files("newsevents.data").joinpath("topics.json").read_text("utf-8"))
    return data["topics"]


_TOPIC_MATCHERS: dict[int, PhraseMatcher] = {}


def _topic_matcher(nlp_vocab: Any, make_doc: Any) -> PhraseMatcher:
    key = id(nlp_vocab)
    matcher = _TOPIC_MATCHERS.get(key)
    if matcher is None:
        matcher = PhraseMatcher(nlp_vocab, attr="LOWER")
        for label, spec in _topic_table().items():
            patterns = []
            for term in spec["terms"]:
                patterns.append(make_doc(term.lower()))
            matcher.add(label, patterns)
        _TOPIC_MATCHERS[key] = matcher
    return matcher


def _topics(doc: Doc, cand: CallCandidate, *, main_event: bool) -> list[dict[str, Any]]:
    """Topics in the sentences that report the call (and, for the main call, the readout after
    it)."""
    from spacy.tokens import Doc as _Doc

    vocab = doc.vocab

    def make_doc(text: str) -> _Doc:
        return _Doc(vocab, words=text.split())

    matcher = _topic_matcher(vocab, make_doc)
    spans = list(cand.sent_token_spans)
    if main_event and spans:
        # A readout's topics follow the sentence that reports the call.
        last_end = max(end for _, end in spans)
        following = [s for s in doc.sents if s.start >= last_end and not s.text.isspace()][:15]
        spans += [(s.start, s.end) for s in following if (s.start, s.end) not in spans]
    table = _topic_table()
    seen: dict[str, dict[str, Any]] = {}
    lemma_doc = _lemma_view(doc)
    for start, end in spans:
        for match_id, s, e in matcher(lemma_doc[start:end]):
            label = vocab.strings[match_id]
            if label in seen:
                continue
            span = doc[s:e]  # the matcher gives Doc-level token offsets
            seen[label] = {
                "label": label,
                "iptc": table[label]["iptc"],
                "evidence": {"start": span.start_char, "end": span.end_char, "text": span.text},
            }
    return list(seen.values())


def _lemma_view(doc: Doc) -> Doc:
    """A Doc of lowercase lemmas, token-aligned with `doc`, for lemma-level phrase matching."""
    from spacy.tokens import Doc as _Doc

    words = [(t.lemma_ or t.text).lower() or t.lower_ for t in doc]
    return _Doc(doc.vocab, words=words)
