"""The entities' word lists (package data `newsevents/data/entity_words.json`), read through
the package's one word-list loader, `newsevents.lexicon.word_list`."""

from __future__ import annotations

from newsevents.lexicon import word_list, words

FILE = "entity_words.json"


def entity_word_list(name: str) -> tuple[str, ...]:
    """The list `name` in its file order (for lists searched in order)."""
    return word_list(name, FILE)


def entity_words(name: str) -> frozenset[str]:
    """The list `name` as a set."""
    return words(name, FILE)
