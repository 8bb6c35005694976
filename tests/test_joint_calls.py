"""A call of many: no pair guessed from "X and the leaders of N nations", no junk participant
(a principal inside an aide's title, the tail of a two-word country name).

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls

pytestmark = pytest.mark.slow

JOINT = (
    "Japanese Prime Minister Fumio Kishida and the leaders of six Pacific nations spoke to "
    "each other by video conference on Monday to plan a joint response to the storm. "
)
PARTICIPANTS = (
    "Apart from Kishida, Sri Lankan President Ranil Wickremesinghe, Fijian Prime Minister "
    "Sitiveni Rabuka and Special Assistant to Australian Prime Minister Anthony Albanese on "
    "Health Mark Butler took part in the video conference."
)


def test_group_subject_gives_no_pair(nlp):
    events = calls(nlp, JOINT + "The leaders pledged aid.")
    assert [e for e in events if len(e.parties) == 2] == []


def test_joint_call_has_only_its_participants(nlp):
    events = [e for e in calls(nlp, JOINT + PARTICIPANTS) if len(e.parties) > 2]
    assert len(events) == 1
    names = {p.name for p in events[0].parties}
    assert {"Ranil Wickremesinghe", "Sitiveni Rabuka", "Mark Butler"} <= names
    assert "Anthony Albanese" not in names
    assert "Lankan" not in names


def test_bilateral_call_with_an_aide_title_elsewhere_still_found(nlp):
    text = (
        "Prime Minister Fumio Kishida spoke to Australian Prime Minister Anthony Albanese by "
        "phone on Monday."
    )
    (event,) = calls(nlp, text)
    assert {p.name for p in event.parties} == {"Fumio Kishida", "Anthony Albanese"}


@pytest.mark.parametrize(
    ("text", "joint"),
    [
        # One call noun, its partners coordinated: one call, all of them on it.
        (
            "Spanish Prime Minister Pedro Sanchez held a video call with Italian Prime Minister "
            "Giorgia Meloni and Greek Prime Minister Kyriakos Mitsotakis on Thursday.",
            True,
        ),
        (
            "Canadian Prime Minister Justin Trudeau held a video call with the leaders of "
            "Mexico, Chile and Peru on Friday.",
            True,
        ),
        # Calls, or "spoke with A and B": a call each.
        (
            "Spanish Prime Minister Pedro Sanchez held phone calls with Italian Prime Minister "
            "Giorgia Meloni and Greek Prime Minister Kyriakos Mitsotakis on Thursday.",
            False,
        ),
        (
            "Spanish Prime Minister Pedro Sanchez spoke by phone with Italian Prime Minister "
            "Giorgia Meloni and Greek Prime Minister Kyriakos Mitsotakis on Thursday.",
            False,
        ),
    ],
)
def test_one_call_with_many_partners_is_one_joint_call(nlp, text, joint):
    events = [e for e in calls(nlp, text) if e.status == "held"]
    if joint:
        assert len(events) == 1 and len(events[0].parties) >= 3, events
    else:
        assert len(events) >= 2 and all(len(e.parties) == 2 for e in events), events
