"""Call detection by sentence shape: coordinated partners, calls named inside a subject or an
adjunct phrase, generic mentions, planned summits and recalled earlier calls.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


def held(events) -> list[frozenset[str]]:
    return sorted((frozenset(surnames(e)) for e in events if e.status == "held"), key=sorted)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # "in telephone calls with A and B" inside the subject: one call per partner, and the
        # office beside the caller's name is not a third party.
        (
            None,
            "On 3 May 2022, the Finnish Minister of Foreign Affairs, Pekka Haavisto, in "
            "telephone calls with the Minister of Foreign Affairs of Georgia, Ilia "
            "Darchiashvili and the Minister of Foreign Affairs of Moldova, Nicu Popescu, "
            "expressed concern at the situation in the region.",
            [{"haavisto", "darchiashvili"}, {"haavisto", "popescu"}],
        ),
        # A second partner coordinated after "to A," that the parse hangs elsewhere.
        (
            None,
            "Wrapping up a long Monday, in addition to speaking on the phone to Italy's prime "
            "minister Meloni, and France's president Macron calling for closer coordination "
            "on energy, Biden also signed two executive orders.",
            [{"biden", "macron"}, {"biden", "meloni"}],
        ),
        # "talked with A and B" in an article about calls: two calls, kept apart from the
        # main one.
        (
            "Macron holds phone call with Biden",
            "French President Emmanuel Macron spoke by phone with US President Joe Biden on "
            "Tuesday. Before the conversation with Biden, the French President talked with "
            "Prime Minister Fumio Kishida and German Chancellor Olaf Scholz.",
            [{"biden", "macron"}, {"kishida", "macron"}, {"macron", "scholz"}],
        ),
        # The subject of the clause is the caller of a call in a "during a call with" phrase,
        # past coordinated infinitives ("to protect ... and halt ...").
        (
            None,
            "Spanish Prime Minister Pedro Sanchez stressed the need to protect civilians and "
            "halt the fighting in the region during a phone call with Ukraine's Volodymyr "
            "Zelenskyy, his office said on Friday.",
            [{"sanchez", "zelenskyy"}],
        ),
    ],
)
def test_held_calls_by_shape(nlp, title, text, expected):
    assert held(calls(nlp, text, title=title)) == sorted(map(frozenset, expected), key=sorted)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # A class of calls with a non-specific partner is no call.
        (
            None,
            "A spokesman, John Kirby, said it is normal practice for the National Security "
            "Council to publish summaries of the president's phone calls with foreign leaders.",
        ),
        # A headline's "to hold" and "will be" make a virtual summit planned.
        (
            "PM Sanchez, Giorgia Meloni to hold Spain-Italy bilateral virtual summit",
            '"The virtual summit will be an opportunity for the two leaders to review the '
            "framework of their relationship.",
        ),
        # A bare "recent conversation" may have been face to face.
        (
            "Scholz and Macron hold phone call",
            "German Chancellor Olaf Scholz spoke by phone with French President Emmanuel "
            "Macron on Monday. He told reporters about his recent conversation with Turkish "
            "President Recep Tayyip Erdogan on Sunday.",
        ),
    ],
)
def test_no_extra_held_call(nlp, title, text):
    found = held(calls(nlp, text, title=title))
    assert all(parties <= {"scholz", "macron"} for parties in found), found


def test_recalled_earlier_call_is_its_own_event(nlp):
    events = calls(
        nlp,
        "German Chancellor Olaf Scholz began a telephone conversation with French President "
        "Emmanuel Macron. Previous conversation Scholz and Macron was held on 14 November "
        "last year.",
        title="Began a telephone conversation between Scholz and Macron",
    )
    dates = sorted(e.date.value for e in events if e.status == "held" and e.date)
    assert dates == ["2022-11-14", "2023-03-09"]
    assert all(surnames(e) == {"scholz", "macron"} for e in events)


def test_planned_summit_in_headline_is_not_held(nlp):
    events = calls(
        nlp,
        "The two prime ministers will discuss trade and defence.",
        title="PM Sanchez, Giorgia Meloni to hold Spain-Italy bilateral virtual summit",
    )
    assert events and all(e.status == "planned" for e in events)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("President Emmanuel Macron held a phone call with Chancellor Olaf Scholz on Monday.",
         "call.noun.v1"),
        ("President Emmanuel Macron spoke by phone with Chancellor Olaf Scholz on Monday.",
         "call.speak.v1"),
        ("President Joe Biden met Chancellor Olaf Scholz in Berlin. Later he spoke by phone "
         "with Prime Minister Rishi Sunak.", "call.implied.v1"),
        ("Prime Minister Anthony Albanese spoke by phone with Pacific leaders, including "
         "Prime Minister James Marape of Papua New Guinea; Prime Minister Sitiveni Rabuka of "
         "Fiji; and Prime Minister Mark Brown of the Cook Islands.", "call.listed.v1"),
    ],
)  # fmt: skip
def test_rule_id_names_the_branch(nlp, text: str, rule: str) -> None:
    found = calls(nlp, text)
    assert found and {c.rule for c in found} == {rule}, [(c.rule, c.parties) for c in found]
