"""Country, organisation and title lexicons, built once from countryinfo and package data;
the one loader of the package's word lists (`words`, `word_list`, `word_table`)."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from anyascii import anyascii

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SPACES = re.compile(r"\s+")


# Called for the same few thousand texts (names, titles, places) over and over; kept small,
# so that a long run's memory does not grow with the texts it has seen.
@functools.lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Lowercase ASCII form with possessives, a leading "the" and outer punctuation removed."""
    text = anyascii(text).strip().strip('.,;:!?"()[]')
    text = _POSSESSIVE.sub("", text)
    text = _SPACES.sub(" ", text).lower()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class Lexicon:
    countries: dict[str, str]  # normalised name/demonym/capital/seat -> alpha-3
    orgs: dict[str, str]  # normalised name -> short org name (EU, NATO, UN ...)
    country_names: dict[str, str]  # alpha-3 -> short English name
    titles: frozenset[str]
    leader_titles: frozenset[str]
    honorifics: frozenset[str]
    max_title_words: int
    title_countries: dict[str, str]  # office -> the one country it implies ("taoiseach")
    # title -> every title naming the same office ("premier" -> {"prime minister", "pm", ...})
    title_synonyms: dict[str, frozenset[str]]

    def country(self, text: str) -> str | None:
        """The alpha-3 code a place name, demonym or seat of government stands for."""
        key = norm(text)
        code = self.countries.get(key)
        if code is None and key.endswith("s"):
            code = self.countries.get(key[:-1])  # "Russians", "Syrians"
        return code

    def org(self, text: str) -> str | None:
        return self.orgs.get(norm(text))

    def is_title(self, text: str) -> bool:
        return norm(text) in self.titles


def _read_json(name: str) -> dict:
    return json.loads(resources.files("newsevents.data").joinpath(name).read_text("utf-8"))


@functools.cache
def lexicon() -> Lexicon:
    """The shared lexicon (countryinfo's 250 countries plus the package's alias table)."""
    from countryinfo import all_countries

    countries: dict[str, str] = {}
    names: dict[str, str] = {}
    for info in all_countries():
        data = info.info()
        code = (data.get("ISO") or {}).get("alpha3")
        if not code:
            continue
        names[code] = data.get("name") or code
        for text in [data.get("name"), data.get("demonym"), data.get("capital")]:
            if isinstance(text, str) and text:
                countries.setdefault(norm(text), code)
        for text in data.get("altSpellings") or []:
            # Two-letter codes ("IN", "US") collide with words; keep only longer spellings.
            if isinstance(text, str) and len(text) > 3:
                countries.setdefault(norm(text), code)
    aliases = _read_json("country_aliases.json")
    for code, texts in aliases["countries"].items():
        for text in texts:
            countries[norm(text)] = code  # the curated table wins over countryinfo
    for text in aliases.get("ambiguous_skip", []):
        countries.pop(norm(text), None)
    orgs = {norm(t): org for org, texts in aliases["orgs"].items() for t in texts}
    for key in orgs:
        countries.pop(key, None)
    titles_data = _read_json("titles.json")
    titles = frozenset(norm(t) for t in titles_data["titles"])
    return Lexicon(
        countries=countries,
        orgs=orgs,
        country_names=names,
        titles=titles,
        leader_titles=frozenset(norm(t) for t in titles_data["leader_titles"]),
        honorifics=frozenset(norm(t) for t in titles_data["honorifics"]),
        max_title_words=max(len(t.split()) for t in titles),
        title_countries={norm(t): c for t, c in titles_data.get("title_countries", {}).items()},
        title_synonyms={
            norm(t): frozenset(norm(u) for u in group)
            for group in titles_data.get("title_synonyms", [])
            for t in group
        },
    )


# The package's word-list files: each a JSON object of named lists ("_" keys are comments).
WORD_FILES = ("words.json", "entity_words.json", "name_words.json")


@functools.cache
def _word_lists(file: str) -> dict[str, Any]:
    if file not in WORD_FILES:
        raise KeyError(f"no word-list file {file!r} in newsevents/data")
    data = _read_json(file)
    return {name: texts for name, texts in data.items() if not name.startswith("_")}


def word_list(name: str, file: str = "words.json") -> tuple[str, ...]:
    """The word list `name` of package data `file`, in its file order (for lists searched
    in order). The one loader of every word list the package uses."""
    try:
        return tuple(_word_lists(file)[name])
    except KeyError:
        raise KeyError(f"no word list {name!r} in newsevents/data/{file}") from None


@functools.cache
def words(name: str, file: str = "words.json") -> frozenset[str]:
    """The word list `name` of package data `file` (default: the rules' `words.json`) as a set."""
    return frozenset(word_list(name, file))


def word_table(name: str, file: str) -> dict[str, str]:
    """A table of words (word -> word) in a word-list file: "joe" -> "joseph"."""
    table = _word_lists(file).get(name)
    if not isinstance(table, dict):
        raise KeyError(f"no word table {name!r} in newsevents/data/{file}")
    return dict(table)
