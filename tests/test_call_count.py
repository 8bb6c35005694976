"""How many calls a passage reports: an earlier call named in a temporal phrase, a call told
in another month than the story's.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.rules.dedupe import _distinct_dates

MAIN = (
    "Chinese President Xi Jinping held a phone call with French President Emmanuel Macron, "
    "state media said. "
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "months"),
    [
        (
            MAIN + "The two leaders also spoke in May, following a call in February just "
            "after the election.",
            {None, "May", "February"},
        ),
        (
            MAIN + "The two sides last talked in April, after a call in January of this year.",
            {None, "April", "January of this year"},
        ),
    ],
)
def test_earlier_call_in_a_temporal_phrase_is_its_own_event(nlp, text, months):
    from test_call_rules import calls

    events = [e for e in calls(nlp, text, published=dt.date(2023, 9, 20)) if e.status == "held"]
    assert {e.date.text for e in events} == months
    assert all({p.name for p in e.parties} == {"Xi Jinping", "Emmanuel Macron"} for e in events)


@pytest.mark.slow
def test_same_call_said_again_stays_one(nlp):
    from test_call_rules import calls

    text = MAIN + "The two leaders spoke in September, the ministry said."
    events = [e for e in calls(nlp, text, published=dt.date(2023, 9, 20)) if e.status == "held"]
    assert len(events) == 1


@pytest.mark.parametrize(
    ("a", "b", "distinct"),
    [
        ([], ["May"], True),  # told in September: another call
        ([], ["in September"], False),  # the story's month: the same call
        ([], ["last month"], False),  # no month named
        ([], [], False),
    ],
)
def test_undated_mention_against_another_month(a, b, distinct):
    assert _distinct_dates(a, b, dt.date(2023, 9, 20)) is distinct


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "count"),
    [
        (
            "Portuguese Prime Minister Luis Montenegro met Spanish Prime Minister Pedro "
            "Sanchez in Lisbon on Monday. The two leaders held three phone calls in the "
            "weeks before the visit.",
            3,
        ),
        (
            "German Chancellor Olaf Scholz and French President Emmanuel Macron held two "
            "phone calls over the past month.",
            2,
        ),
        (
            "German Chancellor Olaf Scholz and French President Emmanuel Macron held a phone "
            "call over the past month.",
            1,
        ),
    ],
)
def test_counted_calls_are_that_many_events(nlp, text, count):
    from test_call_rules import calls

    events = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(events) == count
    assert len({e.id for e in events}) == count


@pytest.mark.slow
def test_again_on_another_day_is_a_second_call(nlp):
    from test_call_rules import calls

    text = (
        "German Chancellor Olaf Scholz talked to French President Emmanuel Macron by phone on "
        "Tuesday and again on Thursday about aid."
    )
    events = [e for e in calls(nlp, text) if e.status == "held"]
    # published 2023-03-09, a Thursday
    assert sorted(str(e.date.value) for e in events) == ["2023-03-07", "2023-03-09"]


@pytest.mark.slow
def test_again_without_a_date_is_no_second_call(nlp):
    from test_call_rules import calls

    text = (
        "German Chancellor Olaf Scholz talked to French President Emmanuel Macron by phone on "
        "Tuesday and thanked him again for the aid."
    )
    assert len([e for e in calls(nlp, text) if e.status == "held"]) == 1
