"""Call verbs' argument shapes, the status of a call (held, planned, denied) and its medium.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

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
    ],
)
def test_call_not_yet_held(nlp, text, status):
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
