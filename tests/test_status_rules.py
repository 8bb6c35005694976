"""Calls the text mentions but that did not happen (planned, denied), and held calls that
must stay held beside the words of a plan.

The sentences are written for these tests (not taken from any dev set), in the shapes news
uses for calls to come, calls refused and calls not made.
"""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


def statuses(nlp, text: str) -> list[tuple[frozenset[str], str]]:
    return sorted(
        ((frozenset(surnames(e)), e.status) for e in calls(nlp, text)), key=lambda x: sorted(x[0])
    )


ROJAS_QUISPE = frozenset({"rojas", "quispe"})


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # An infinitive on a plan noun is a call to make, not a naming ("a firm called X").
        (
            "Chilean President Diego Rojas has no plans to call Peruvian President Ana Quispe, "
            "his office said.",
            "denied",
        ),
        (
            "Chilean President Diego Rojas has made plans to call Peruvian President Ana Quispe "
            "next week.",
            "planned",
        ),
        # "going to" is the future, not an aspect verb ("went on to call").
        (
            "Chilean President Diego Rojas is going to call Peruvian President Ana Quispe "
            "tomorrow.",
            "planned",
        ),
        # A plan noun that is the subject of the verb the call's phrase hangs on.
        (
            "Arrangements are being made for a phone call between Chilean President Diego Rojas "
            "and Peruvian President Ana Quispe.",
            "planned",
        ),
        # "the possibility of a call": a call that may come.
        (
            "Officials raised the possibility of a phone call between Chilean President Diego "
            "Rojas and Peruvian President Ana Quispe.",
            "planned",
        ),
        # The progressive of a verb of deliberation leaves the call to come.
        (
            "Chilean President Diego Rojas is considering a phone call with Peruvian President "
            "Ana Quispe.",
            "planned",
        ),
        (
            "Chilean President Diego Rojas is mulling a phone call with Peruvian President Ana "
            "Quispe.",
            "planned",
        ),
        # Calls ignored or snubbed were not taken.
        (
            "Chilean President Diego Rojas ignored phone calls from Peruvian President Ana Quispe.",
            "denied",
        ),
        (
            "Chilean President Diego Rojas snubbed a phone call from Peruvian President Ana "
            "Quispe.",
            "denied",
        ),
        # Shapes the rules already read, kept as they are.
        (
            "Chilean President Diego Rojas refused to take a phone call from Peruvian President "
            "Ana Quispe on Monday.",
            "denied",
        ),
        (
            "Chilean President Diego Rojas has not spoken with Peruvian President Ana Quispe "
            "since the election.",
            "denied",
        ),
        (
            "Chilean President Diego Rojas tried to call Peruvian President Ana Quispe but could "
            "not reach her.",
            "denied",
        ),
        (
            "Chilean President Diego Rojas is expected to speak by phone with Peruvian President "
            "Ana Quispe on Friday.",
            "planned",
        ),
        (
            "Chilean President Diego Rojas and Peruvian President Ana Quispe agreed to speak "
            "again by phone next month.",
            "planned",
        ),
        (
            "Chilean President Diego Rojas proposed a phone call with Peruvian President Ana "
            "Quispe.",
            "planned",
        ),
    ],
)
def test_not_held_call(nlp, text, status):
    assert statuses(nlp, text) == [(ROJAS_QUISPE, status)]


@pytest.mark.parametrize(
    "text",
    [
        # A verb of plan conjoined to the call verb tells another act, not the call's.
        "Chilean President Diego Rojas called Peruvian President Ana Quispe and proposed a "
        "meeting.",
        "Chilean President Diego Rojas spoke by phone with Peruvian President Ana Quispe on "
        "Tuesday, and the two agreed to speak again soon.",
        "Chilean President Diego Rojas said he had spoken by phone with Peruvian President Ana "
        "Quispe and would meet her soon.",
        # A deliberation verb in the past is no plan.
        "Chilean President Diego Rojas considered his phone call with Peruvian President Ana "
        "Quispe a success.",
        "Chilean President Diego Rojas was discussing trade in a phone call with Peruvian "
        "President Ana Quispe when the news broke.",
    ],
)
def test_held_call_stays_held(nlp, text):
    assert statuses(nlp, text) == [(ROJAS_QUISPE, "held")]


def test_object_of_instructing_verb_is_the_caller(nlp):
    """ "X instructed Y to call Z": Y is to call Z, not X."""
    text = (
        "Peruvian President Ana Quispe instructed Foreign Minister Luis Paredes to begin talks "
        "by phone with Chilean Foreign Minister Diego Rojas."
    )
    assert statuses(nlp, text) == [(frozenset({"paredes", "rojas"}), "planned")]


def test_call_in_adjunct_of_infinitive_stays_the_tellers(nlp):
    """ "X urged Y to act, during a call": the call is X's with Y, held."""
    text = (
        "Chilean President Diego Rojas urged Peruvian President Ana Quispe to reopen the border "
        "swiftly, during a telephone call on Sunday."
    )
    assert statuses(nlp, text) == [(ROJAS_QUISPE, "held")]


def test_planned_talks_with_a_medium_in_the_story(nlp):
    """A talk noun told as to come is a planned call where the story is about calls."""
    text = (
        "Chilean President Diego Rojas spoke by phone with Peruvian President Ana Quispe on "
        "Monday. He said he will then have talks with Bolivian President Luis Mamani."
    )
    got = statuses(nlp, text)
    assert (ROJAS_QUISPE, "held") in got
    assert (frozenset({"rojas", "mamani"}), "planned") in got


def test_reporting_source_is_no_party(nlp):
    """ "a call between A and B, Chief Secretary C said": C tells of the call."""
    text = (
        "The government is weighing a telephone conversation between Chilean President Diego "
        "Rojas and Peruvian President Ana Quispe, Chief Cabinet Secretary Marta Lopez said "
        "on Thursday."
    )
    assert statuses(nlp, text) == [(ROJAS_QUISPE, "planned")]
