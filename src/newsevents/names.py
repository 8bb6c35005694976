"""The one person-name normaliser and matcher: one tokeniser, one list of particles.

Used by in-document clustering (`entities`), run-level countries (`runlevel`) and merging
(`merge`, `report`); the scorer (`evaluation.scorer`) keeps its own rules on purpose.

Across documents (`same_person`) the same person is written many ways by outlets and
transliteration schemes: two names are the same person when their surnames agree on a
consonant skeleton and are close in spelling, and their given names (where both have one) do
not clearly differ. A surname alone matches a full name. Within one document
(`same_person_in_document`) the writer spells a name one way but shortens it at will, so a
name's first parts or a given name alone name the person too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from newsevents.lexicon import word_table, words


def name_words(name: str) -> frozenset[str]:
    """The names' word list `name` (package data `name_words.json`)."""
    return words(name, "name_words.json")


# Articles and patronymic particles that transliterations keep or drop at will.
PARTICLES = name_words("particles")
HONORIFICS = name_words("honorifics")
SUFFIXES = name_words("suffixes")
_DROPPED = PARTICLES | HONORIFICS | SUFFIXES

# Chinese family names come first; a two-part name starting with one is keyed on it.
FAMILY_NAME_FIRST = name_words("family_name_first")

# Short forms that share no spelling with the full given name.
NICKNAMES: dict[str, str] = word_table("nicknames", "name_words.json")

# Spellings that transliteration schemes swap for one another, folded for the skeleton.
_SKELETON_FOLDS = (
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("g", "k"),
    ("w", "v"),
    ("z", "s"),
    ("x", "ks"),
    ("h", ""),
)
_VOWELS = re.compile(r"[aeiouy]+")
_REPEATS = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_POSSESSIVE = re.compile(r"'s(?=\s|$)")
_DOTTED = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)")

SURNAME_MIN_RATIO = 70.0
GIVEN_MIN_RATIO = 75.0
# A misspelt surname ("a letter or two wrong, swapped or missing"): close, starting alike,
# long enough that a few letters do not make another common name.
VARIANT_MIN_RATIO = 70.0
VARIANT_MIN_LEN = 4


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Normalised tokens of a name, possessives, particles, honorifics and suffixes dropped
    ("Ahmad al-Sharaa's" -> ("ahmad", "sharaa"))."""
    text = _POSSESSIVE.sub("", anyascii(name).lower())
    text = _DOTTED.sub("", text)  # "H.E." is one word ("he"), "R." an initial ("r")
    raw = _NON_ALNUM.sub(" ", text.replace("'", "")).split()
    kept = tuple(t for t in raw if t not in _DROPPED)
    # A name made only of particles ("La", "Al") is still a name.
    return kept or tuple(raw)


def normalize_name(name: str) -> str:
    """ASCII, lowercase, no punctuation, particles and honorifics dropped: "Omar al-Rashid" ->
    "omar rashid"."""
    return " ".join(name_tokens(name))


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
    tokens = name_tokens(name)
    if not tokens:
        return ""
    return _skeleton(_split(tokens)[0])


def _same_token(a: str, b: str, min_ratio: float) -> bool:
    return a == b or (_skeleton(a) == _skeleton(b) and fuzz.ratio(a, b) >= min_ratio)


def same_given(a: str, b: str) -> bool:
    """Whether two given names can be one person's: an initial, a nickname, a short form, a
    transliteration."""
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
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return 0.0
    (sa, ga), (sb, gb) = _split(ta), _split(tb)
    if not _same_token(sa, sb, SURNAME_MIN_RATIO):
        return 0.0
    # Given names clash only when both names have some and none of them agree.
    if ga and gb and not any(same_given(x, y) for x in ga for y in gb):
        return 0.0
    return fuzz.ratio(" ".join(ta), " ".join(tb)) / 2 + fuzz.ratio(sa, sb) / 2


def same_person(a: str, b: str) -> bool:
    """Whether two names can denote the same person, tolerant of transliteration."""
    return name_similarity(a, b) > 0.0


def similar_token(a: str, b: str) -> bool:
    """Equality of two name parts tolerant of one writer's variants (Zelensky = Zelenskyy)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return fuzz.ratio(a, b) >= 80


def spelling_variant(a: str, b: str) -> bool:
    """Whether two surname tokens can be one surname misspelt (machine translation, a typo):
    "Vostok" and "Vostak". Evidence for one person only beside other evidence (the same
    given name, the same office of the same country); alone it is no proof."""
    if a == b:
        return True
    if min(len(a), len(b)) < VARIANT_MIN_LEN or a[0] != b[0]:
        return False
    return fuzz.ratio(a, b) >= VARIANT_MIN_RATIO or _skeleton(a) == _skeleton(b)


def same_given_in_document(a: str, b: str) -> bool:
    """One writer's given name and its short form: equal, a variant, or a nickname."""
    return similar_token(a, b) or NICKNAMES.get(a, a) == NICKNAMES.get(b, b)


def _similar_last(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The last parts of two names are one spelling. A Chinese given name after its family
    name is the one part that tells two people apart ("Li Qiang" and "Li Keqiang"): it must
    start alike too."""
    if not similar_token(a[-1], b[-1]):
        return False
    return a[0] != b[0] or a[0] not in FAMILY_NAME_FIRST or a[-1][0] == b[-1][0]


def same_person_in_document(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two mentions of one document, as `name_tokens`, name the same person.

    Looser than `same_person` about which part is the surname ("Mohamed bin Zayed" and
    "Mohamed bin Zayed Al Nahyan", "Moon Jae-in" and "Jae-in Moon", "Boris" alone), which one
    document's context makes safe; `same_person`'s surname rule here split such mentions
    and cost calls on the evaluation sets.
    """
    if not a or not b:
        return False
    if len(a) >= 2 and len(b) >= 2:
        short, full = (a, b) if len(a) < len(b) else (b, a)
        if len(short) < len(full) and all(
            similar_token(x, y) for x, y in zip(short, full[: len(short)], strict=False)
        ):
            return True  # "Mohamed bin Zayed" and "Mohamed bin Zayed Al Nahyan"
        if "".join(a) == "".join(b):
            return True  # "Li Ke-qiang" and "Li Keqiang"
        if not _similar_last(a, b):
            if (
                len(a) == len(b)
                and all(same_given_in_document(x, y) for x, y in zip(a[:-1], b[:-1], strict=True))
                and spelling_variant(a[-1], b[-1])
            ):
                return True  # "Mark Vostok" and "Mark Vostak": the surname misspelt
            # Swapped order ("Moon Jae-in", "Jae-in Moon"): each last part among the other's
            # first parts.
            return any(similar_token(a[-1], x) for x in b[:-1]) and any(
                similar_token(b[-1], x) for x in a[:-1]
            )
        # Different first names of one surname are different people (Joe vs Hunter Biden);
        # a nickname is the same first name ("Bill" and "William").
        return (
            same_given_in_document(a[0], b[0]) or a[0][:1] == b[0][:1] or len(a) != len(b)
        )
    short, full = (a, b) if len(a) < len(b) else (b, a)
    return any(similar_token(short[0], x) for x in full)
