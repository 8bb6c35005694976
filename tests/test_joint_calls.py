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
