"""Person-name normalisation and transliteration-tolerant matching.

Shared by `merge` (party sets across documents) and entity merging. The same person is
written many ways across outlets and transliteration schemes; two names are the same person
when their surnames agree on a consonant skeleton and are close in spelling, and their given
names (where both have one) do not clearly differ. A surname alone matches a full name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

# Articles and patronymic particles that transliterations keep or drop at will.
PARTICLES = frozenset(
    {"al", "el", "ad", "ash", "bin", "ibn", "bint", "de", "da", "di", "del", "van", "von",
     "der", "den", "du", "le", "la"}
)
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "dame"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_DROPPED = PARTICLES | HONORIFICS | SUFFIXES

# Chinese family names come first; a two-part name starting with one is keyed on it.
FAMILY_NAME_FIRST = frozenset(
    {"xi", "li", "wang", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "hu",
     "wen", "jiang", "guo", "han", "ma"}
)

# Short forms that share no spelling with the full given name.
NICKNAMES: dict[str, str] = {
    "joe": "joseph", "bill": "william", "bob": "robert", "bobby": "robert", "jim": "james",
    "jimmy": "james", "mike": "michael", "tony": "anthony", "dick": "richard",
    "ted": "edward", "ned": "edward", "peggy": "margaret", "liz": "elizabeth",
    "beth": "elizabeth", "kate": "katherine", "chuck": "charles", "hank": "henry",
}

# Spellings that transliteration schemes swap for one another, folded for the skeleton.
_SKELETON_FOLDS = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("g", "k"), ("w", "v"),
                   ("z", "s"), ("x", "ks"), ("h", ""))
_VOWELS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

SURNAME_MIN_RATIO = 70.0
GIVEN_MIN_RATIO = 75.0


@lru_cache(maxsize=65536)
def _tokens(name: str) -> tuple[str, ...]:
    """Normalised tokens of a name, particles, honorifics and suffixes dropped."""
    raw = _NON_ALNUM.sub(" ", anyascii(name).lower().replace("'", "")).split()
    kept = tuple(t for t in raw if t not in _DROPPED)
    # A name made only of particles ("La", "Al") is still a name.
    return kept or tuple(raw)


def normalize_name(name: str) -> str:
    """ASCII, lowercase, no punctuation, particles and honorifics dropped: "Omar al-Rashid" ->
    "omar rashid"."""
    return " ".join(_tokens(name))


def _split(tokens: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """(surname, given names) of normalised tokens."""
    if len(tokens) >= 2 and tokens[0] in FAMILY_NAME_FIRST:
        return tokens[0], tokens[1:]
    return tokens[-1], tokens[:-1]


@lru_cache(maxsize=65536)
def _skeleton(token: str) -> str:
    s = token
    for old, new in _SKELETON_FOLDS:
        s = s.replace(old, new)
    s = _REPEATS.sub(r"\1", _VOWELS.sub("", s))
    return s or token


def surname_key(name: str) -> str:
    """A blocking key for a name: the consonant skeleton of its surname ("Kowalenko" -> "kvlnk").

    Names that `same_person` matches always share this key, so it can block comparisons.
    """
    tokens = _tokens(name)
    if not tokens:
        return ""
    return _skeleton(_split(tokens)[0])


def _same_token(a: str, b: str, min_ratio: float) -> bool:
    return a == b or (_skeleton(a) == _skeleton(b) and fuzz.ratio(a, b) >= min_ratio)


def _same_given(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    if NICKNAMES.get(a, a) == NICKNAMES.get(b, b):
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 3 and long.startswith(short):  # "Alex" / "Alexander"
        return True
    # Given names vary more across transliterations (vowels above all) than surnames do, and
    # the surnames already agree: a shared skeleton of three consonants is enough.
    skeleton = _skeleton(a)
    return _same_token(a, b, GIVEN_MIN_RATIO) or (len(skeleton) >= 3 and skeleton == _skeleton(b))


@lru_cache(maxsize=262144)
def name_similarity(a: str, b: str) -> float:
    """0 when `a` and `b` cannot be the same person, else a score in (0, 100]."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    (sa, ga), (sb, gb) = _split(ta), _split(tb)
    if not _same_token(sa, sb, SURNAME_MIN_RATIO):
        return 0.0
    # Given names clash only when both names have some and none of them agree.
    if ga and gb and not any(_same_given(x, y) for x in ga for y in gb):
        return 0.0
    return fuzz.ratio(" ".join(ta), " ".join(tb)) / 2 + fuzz.ratio(sa, sb) / 2


def same_person(a: str, b: str) -> bool:
    """Whether two names can denote the same person, tolerant of transliteration."""
    return name_similarity(a, b) > 0.0
