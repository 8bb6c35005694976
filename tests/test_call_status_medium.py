"""Call verbs' argument shapes, the status of a call (held, planned, denied) and its medium.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


def pairs(events) -> list[tuple[frozenset[str], str]]:
    return sorted(((frozenset(surnames(e)), e.status) for e in events), key=lambda x: sorted(x[0]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The callee right after a title noun ("his counterpart X"), parsed as a complement.
        (
            "Italian President Sergio Mattarella called his Austrian counterpart Alexander Van "
            "der Bellen after talks with German Chancellor Olaf Scholz on Monday.",
            {"mattarella", "bellen"},
        ),
        # A purpose clause after the callee is why the call was made.
        (
            "Canadian Prime Minister Mark Carney called Britain's new Prime Minister Keir "
            "Starmer to congratulate him on the election result.",
            {"carney", "starmer"},
        ),
    ],
)
def test_call_verb_callee_shapes(nlp, text, expected):
    assert [frozenset(surnames(e)) for e in calls(nlp, text)] == [frozenset(expected)]


@pytest.mark.parametrize(
    "text",
    [
        "Erdogan calls Macron “a disgrace”",
        "Opposition leader Jan Novak called Prime Minister Petr Svoboda “a traitor” on Sunday.",
        'Trump calls Canadian Prime Minister Mark Carney "Governor Carney" again.',
    ],
)
def test_call_verb_naming_with_quoted_epithet(nlp, text):
    assert calls(nlp, text) == []


def _parsed(nlp, words, heads, deps, pos, ents):
    """A parse given by hand: the shapes the parser makes on some inputs, made reliable."""
    from spacy.tokens import Doc

    tags = ["``" if w == "\u201c" else "''" if w == "\u201d" else "" for w in words]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, ents=ents)
    for tok in doc:
        tok.lemma_ = "call" if tok.lower_.startswith("call") else tok.lower_
    return doc


@pytest.mark.parametrize(
    ("words", "heads", "deps", "pos", "ents", "is_call"),
    [
        # "X called Y on Monday", Y an untyped proper noun taken for a naming complement.
        (
            ["Schoof", "called", "Frederiksen", "on", "Monday"],
            [1, 1, 1, 1, 3],
            ["nsubj", "ROOT", "oprd", "prep", "pobj"],
            ["PROPN", "VERB", "PROPN", "ADP", "PROPN"],
            ["B-PERSON", "O", "O", "O", "B-DATE"],
            True,
        ),
        # Headline "X calls Y 'butcher of Z'": Y hangs on the quoted noun.
        (
            ["Lopez", "calls", "Ramos", "\u201c", "butcher", "of", "Lima", "\u201d"],
            [1, 1, 4, 4, 1, 4, 5, 4],
            ["nsubj", "ROOT", "nmod", "punct", "dobj", "prep", "pobj", "punct"],
            ["PROPN", "VERB", "PROPN", "PUNCT", "NOUN", "ADP", "PROPN", "PUNCT"],
            ["B-PERSON", "O", "B-PERSON", "O", "O", "O", "B-GPE", "O"],
            False,
        ),
    ],
)
def test_call_verb_parse_shapes(nlp, words, heads, deps, pos, ents, is_call):
    from newsevents.rules.call.triggers import _is_phone_verb

    doc = _parsed(nlp, words, heads, deps, pos, ents)
    assert _is_phone_verb(doc[1]) is is_call


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A reporting verb over a past clause tells a call that was held.
        (
            "Chilean President Gabriel Boric announced on Sunday that he had spoken with "
            "Argentine President Javier Milei about the border crossings.",
            [({"boric", "milei"}, "held")],
        ),
        (
            "The two foreign ministers spoke by telephone on Tuesday, the Peruvian ministry "
            "announced in a statement.",
            [],
        ),
        # The call in a temporal adjunct came before what the clause tells ("agreed").
        (
            "Following a phone call between Indian Prime Minister Narendra Modi and Japanese "
            "Prime Minister Shigeru Ishiba on Monday, the two governments agreed to resume "
            "talks on trade.",
            [({"ishiba", "modi"}, "held")],
        ),
        # ... whatever the tense of what comes after it; unless the call too is ahead.
        (
            "Following Tuesday's telephone conversation between the two foreign ministers, "
            "Greek Foreign Minister Eleni Pappas and her Turkish counterpart Ali Demir will "
            "meet in Ankara next month.",
            [({"pappas", "demir"}, "held")],
        ),
        (
            "After next week's phone call between the two presidents, Greek President Nikos "
            "Andreou and Turkish President Ali Demir will meet in Ankara.",
            [({"andreou", "demir"}, "planned")],
        ),
        # A reported future call stays planned.
        (
            "Mexican President Claudia Sheinbaum confirmed that she will speak with Canadian "
            "Prime Minister Mark Carney on Friday.",
            [({"carney", "sheinbaum"}, "planned")],
        ),
        # Repeats of one call: a denial outweighs what others claimed.
        (
            "Two officials claimed that Hungarian Prime Minister Viktor Orban spoke with "
            'Russian President Vladimir Putin on Tuesday. "Prime Minister Viktor Orban did '
            'not speak with President Vladimir Putin on Tuesday," his spokesman said.',
            [({"orban", "putin"}, "denied")],
        ),
        # A plan outweighs a bare mention of the planned call.
        (
            "The presidency issued a statement about the video call between Brazilian "
            "President Luiz Inacio Lula da Silva and Chinese President Xi Jinping, in which "
            "they intend to discuss trade. Lula will speak with Xi on Friday, officials said.",
            [({"jinping", "silva"}, "planned")],
        ),
    ],
)
def test_status_of_call(nlp, text, expected):
    got = pairs(calls(nlp, text))
    assert got == [(frozenset(p), st) for p, st in expected]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Officials are negotiating a phone call between French President Emmanuel Macron "
            "and Chinese President Xi Jinping.",
            "planned",
        ),
        (
            "A phone call between German Chancellor Friedrich Merz and Russian President "
            "Vladimir Putin is possible next week, an aide said.",
            "planned",
        ),
        (
            "A phone call between Indian Prime Minister Narendra Modi and Pakistani Prime "
            "Minister Shehbaz Sharif is unlikely, officials said.",
            "planned",
        ),
        (
            "Argentine President Javier Milei refused to take a phone call from Brazilian "
            "President Luiz Inacio Lula da Silva.",
            "denied",
        ),
        (
            "Dates for the call between Canadian Prime Minister Mark Carney and US President "
            "Donald Trump are still being discussed.",
            "planned",
        ),
        (
            "The phone call between Spanish Prime Minister Pedro Sanchez and Moroccan King "
            "Mohammed VI was productive, officials said.",
            "held",
        ),
        # The agreement was reached in the call, wherever the parse hangs the phrase.
        (
            "Kenyan President William Ruto and Tanzanian President Samia Suluhu Hassan agreed "
            "on Thursday to work toward reopening the border during telephone talks, the "
            "Kenyan government said.",
            "held",
        ),
        # "the second leader to hold a call": a ranked infinitive tells what was done.
        (
            "Kenyan President William Ruto was the second leader to hold a phone call with "
            "Tanzanian President Samia Suluhu Hassan this month.",
            "held",
        ),
        # a call verb on a plan noun
        (
            "Kenyan President William Ruto has no plans to speak with Tanzanian President "
            "Samia Suluhu Hassan.",
            "denied",
        ),
        (
            "Kenyan President William Ruto has no intention of calling Tanzanian President "
            "Samia Suluhu Hassan.",
            "denied",
        ),
        (
            "Kenyan President William Ruto has no plans to hold a phone call with Tanzanian "
            "President Samia Suluhu Hassan.",
            "denied",
        ),
        # an attempt whose failure the text tells
        (
            "Kenyan President William Ruto tried to call Tanzanian President Samia Suluhu "
            "Hassan but could not reach her.",
            "denied",
        ),
        (
            "Kenyan President William Ruto attempted to phone Tanzanian President Samia "
            "Suluhu Hassan on Monday and failed.",
            "denied",
        ),
        # ... and one the text leaves open is still to come
        (
            "Kenyan President William Ruto tried to call Tanzanian President Samia Suluhu "
            "Hassan and then flew to Kampala.",
            "planned",
        ),
        # "will agree ... in a call" is still to come
        (
            "Kenyan President William Ruto and Tanzanian President Samia Suluhu Hassan will "
            "agree on the border during a phone call next week.",
            "planned",
        ),
    ],
)
def test_status_from_the_clause(nlp, text, status):
    assert [e.status for e in calls(nlp, text)] == [status]


def test_recalled_conversation_has_no_medium_of_its_own(nlp):
    # An earlier conversation recalled in an article about a phone call: its medium is unknown.
    events = calls(
        nlp,
        "Austrian Chancellor Christian Stocker spoke by phone with Serbian President "
        "Aleksandar Vucic on Tuesday. Stocker's last conversation with Vucic took place on "
        "4 May 2023.",
        title="Stocker holds phone call with Vucic",
    )
    media = {e.date.value if e.date else None: e.medium for e in events}
    assert media.get("2023-05-04") == "unspecified"


def test_two_mentions_of_a_planned_call_on_its_day_are_one(nlp):
    text = (
        "Kenyan President William Ruto said on Saturday he plans to hold a phone call with "
        'Tanzanian President Samia Suluhu Hassan on March 11. "I will be speaking by '
        'telephone to President Samia Suluhu Hassan on Monday," Ruto said.'
    )
    got = [(e.status, e.date.value) for e in calls(nlp, text, published=dt.date(2024, 3, 9))]
    assert got == [("planned", "2024-03-11")]
