"""Bare talk nouns ("a conversation with X", "held discussions with leaders such as A")
as calls between officials, and when they are not.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        # In a story that speaks of calls elsewhere.
        (
            "Finnish Foreign Minister Elina Valtonen also had a conversation with her "
            "Estonian counterpart, Margus Tsahkna. Valtonen made several calls on Friday.",
            {"valtonen", "tsahkna"},
        ),
        (
            "Chilean President Gabriel Boric voiced hope for closer trade ties after a "
            "constructive conversation with Canadian Prime Minister Justin Trudeau. Aides said "
            "the call had been requested weeks ago.",
            {"boric", "trudeau"},
        ),
    ],
)
def test_bare_talk_noun_with_an_official_is_an_unspecified_call(nlp, text, pair):
    events = [e for e in calls(nlp, text) if e.status == "held"]
    assert [surnames(e) for e in events] == [pair]
    assert events[0].medium == "unspecified"


@pytest.mark.parametrize(
    "text",
    [
        # Face to face: the sentence puts them in one room.
        "Finnish Foreign Minister Elina Valtonen had a conversation with her Estonian "
        "counterpart, Margus Tsahkna, on the sidelines of the summit in Vilnius.",
        "Chilean President Gabriel Boric had a conversation with Canadian Prime Minister "
        "Justin Trudeau when they met in Ottawa.",
        # An interview, not a call between officials.
        "Chilean President Gabriel Boric had a long conversation with reporters on Monday.",
        # A talk reported on, not told as news.
        "Chilean President Gabriel Boric briefed ministers on his recent conversation with "
        "Canadian Prime Minister Justin Trudeau.",
        # A story with no phone, video or call in it: talks held face to face.
        "Chilean President Gabriel Boric held talks with Canadian Prime Minister Justin "
        "Trudeau. Boric later laid a wreath at the national war memorial.",
        # Future talks.
        "Chilean President Gabriel Boric asked his foreign minister to begin talks with "
        "Canadian Prime Minister Justin Trudeau.",
    ],
)
def test_talk_nouns_that_are_no_call(nlp, text):
    assert [e for e in calls(nlp, text) if e.status == "held"] == []


def test_talk_noun_in_a_series_of_calls_takes_its_medium(nlp):
    text = (
        "Kenyan President William Ruto held a series of phone calls with African leaders on "
        "Sunday to discuss the crisis in the region. He also held discussions with Nigerian "
        "President Bola Tinubu and Ghanaian President John Mahama."
    )
    events = [e for e in calls(nlp, text) if e.status == "held"]
    pairs = {frozenset(surnames(e)): e.medium for e in events}
    assert pairs.get(frozenset({"ruto", "tinubu"})) == "phone"


def test_talk_noun_without_a_series_keeps_no_medium(nlp):
    text = (
        "Kenyan President William Ruto spoke by phone with Ugandan President Yoweri Museveni. "
        "Ruto also had a conversation with Nigerian President Bola Tinubu."
    )
    events = [e for e in calls(nlp, text) if e.status == "held"]
    pairs = {frozenset(surnames(e)): e.medium for e in events}
    assert pairs.get(frozenset({"ruto", "tinubu"})) == "unspecified"
    assert pairs.get(frozenset({"ruto", "museveni"})) == "phone"


def test_talk_noun_about_a_call_already_told_adds_none(nlp):
    text = (
        "Kenyan President William Ruto spoke by phone with Ugandan President Yoweri Museveni "
        "on Friday. Ruto said the conversation with Museveni lasted an hour."
    )
    events = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(events) == 1
