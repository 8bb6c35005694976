"""One call told several times in a document: the repeats are merged, and the mention that
tells the call's own time most strongly decides its status and its day. A plan for a day
still to come outweighs a call only confirmed; a past act during the call outweighs a plan
told before it; a call told as held and another planned are two events.

The sentences are written for these tests, in the shapes news uses for calls reported ahead,
reported after, and reported again.
"""

from __future__ import annotations

import datetime as dt

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow

# A Thursday, three days before the Sunday a call is set for.
THURSDAY = dt.date(2025, 1, 9)
# A Wednesday, two days after a Monday call.
WEDNESDAY = dt.date(2024, 3, 13)


def outcome(nlp, text: str, published: dt.date) -> list[tuple[tuple[str, ...], str, str | None]]:
    return sorted(
        (tuple(sorted(surnames(e))), e.status, e.date.value if e.date else None)
        for e in calls(nlp, text, published=published)
    )


ALVES_QUISPE_ROJAS = ("alves", "quispe", "rojas")
QUISPE_ROJAS = ("quispe", "rojas")


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A confirmed meeting, then the same call "upcoming" and set for a day ahead: planned,
        # one joint event of the three, on the day it is set for.
        (
            "The presidential palace on Thursday confirmed the reported virtual meeting among "
            "Brazilian President Marco Alves, Chilean President Diego Rojas and Peruvian Prime "
            "Minister Ana Quispe. The leaders will discuss regional trade, officials said. The "
            "upcoming trilateral phone call is scheduled for Jan. 12, the spokesman said.",
            THURSDAY,
            [(ALVES_QUISPE_ROJAS, "planned", "2025-01-12")],
        ),
        (
            "The presidential palace on Thursday confirmed the reported phone call between "
            "Chilean President Diego Rojas and Peruvian President Ana Quispe. The upcoming call "
            "is scheduled for Jan. 12, the spokesman said.",
            THURSDAY,
            [(QUISPE_ROJAS, "planned", "2025-01-12")],
        ),
        # The plan's own sentence names the sides.
        (
            "The presidential palace on Thursday confirmed the reported phone call between "
            "Chilean President Diego Rojas and Peruvian President Ana Quispe. Rojas and Quispe "
            "will hold the call on Jan. 12, the spokesman said.",
            THURSDAY,
            [(QUISPE_ROJAS, "planned", "2025-01-12")],
        ),
        # A call still being arranged is planned, whatever confirmed it.
        (
            "The foreign ministry confirmed a phone call between Chilean President Diego Rojas "
            "and Peruvian President Ana Quispe. Dates for the call are still being discussed "
            "and it is not expected this week, an aide said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "planned", "2024-03-13")],
        ),
        (
            "Chilean President Diego Rojas wants a phone call with Peruvian President Ana "
            "Quispe. Dates for the call are still being discussed and it is not expected this "
            "week, an aide said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "planned", "2024-03-13")],
        ),
        # Told ahead, then told after the day: "During Monday's call, X told Y" is held.
        (
            "Chilean President Diego Rojas and Peruvian President Ana Quispe will hold a phone "
            "call on Monday, the foreign ministry said. During Monday's call, Rojas told Quispe "
            "that Chile would back the trade deal.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-11")],
        ),
        (
            "Chilean President Diego Rojas and Peruvian President Ana Quispe will hold a phone "
            "call on Monday, the foreign ministry said. Rojas held the call with Quispe on "
            "Monday from his office in the capital.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-11")],
        ),
        # A call held, and another to come: two events.
        (
            "Chilean President Diego Rojas held a phone call with Peruvian President Ana Quispe "
            "on Monday. Rojas will call Quispe again next week, his office said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-11"), (QUISPE_ROJAS, "planned", None)],
        ),
        (
            "Chilean President Diego Rojas held a phone call with Peruvian President Ana "
            "Quispe. Rojas will call Quispe again next week, his office said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-13"), (QUISPE_ROJAS, "planned", None)],
        ),
    ],
)
def test_repeats_take_the_strongest_evidence_of_the_calls_time(nlp, text, published, expected):
    assert outcome(nlp, text, published) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A call told as held stays held beside a later word of its schedule or of a plan.
        (
            "Chilean President Diego Rojas held a phone call with Peruvian President Ana Quispe "
            "on Monday. The call had been scheduled for Monday, the spokesman said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-11")],
        ),
        (
            "Chilean President Diego Rojas spoke by phone with Peruvian President Ana Quispe on "
            "Monday. The call is scheduled to be followed by a visit on March 20, the spokesman "
            "said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-11")],
        ),
        # "The next call" is another one: the call told stays held.
        (
            "Chilean President Diego Rojas held a phone call with Peruvian President Ana Quispe "
            "on Monday. The next call is scheduled for March 20, the spokesman said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-11")],
        ),
        # A confirmed call with a plan of no day ahead stays held.
        (
            "The foreign ministry confirmed the phone call between Chilean President Diego "
            "Rojas and Peruvian President Ana Quispe. The call was requested by the Peruvian "
            "side.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "held", "2024-03-13")],
        ),
        # A call of another day, told after a plan, does not make the plan held.
        (
            "Chilean President Diego Rojas and Peruvian President Ana Quispe will hold a phone "
            "call on Friday, the foreign ministry said. During Monday's call, Rojas told Quispe "
            "that Chile would back the trade deal.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "planned", "2024-03-15")],
        ),
        # What a planned call will mean, in the present tense, does not hold it.
        (
            "Chilean President Diego Rojas and Peruvian President Ana Quispe will hold a phone "
            "call on Friday. This phone call signifies a thaw in relations, the ministry said.",
            WEDNESDAY,
            [(QUISPE_ROJAS, "planned", "2024-03-15")],
        ),
    ],
)
def test_repeats_that_keep_their_status(nlp, text, published, expected):
    assert outcome(nlp, text, published) == expected
