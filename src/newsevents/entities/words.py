"""The entities' word lists, read from package data (`newsevents/data/entity_words.json`)."""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.cache
def _lists() -> dict[str, list[str]]:
    text = resources.files("newsevents.data").joinpath("entity_words.json").read_text("utf-8")
    data = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def entity_word_list(name: str) -> tuple[str, ...]:
    """The list `name` in its file order (for lists searched in order)."""
    try:
        return tuple(_lists()[name])
    except KeyError:
        raise KeyError(f"no word list {name!r} in entity_words.json") from None


def entity_words(name: str) -> frozenset[str]:
    """The list `name` as a set."""
    return frozenset(entity_word_list(name))
