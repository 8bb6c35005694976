"""Parties known only by office: "<Office>s from A, B and C" gives one office-only party per
country, and a hard-wrapped sentence stays one sentence.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from newsevents.text.lines import NAV, line_kind
from test_call_rules import calls


def offices(events) -> set[tuple[str | None, str | None]]:
    """The parties the text names only by office (the table may name their holders)."""
    return {(p.title, p.country) for e in events for p in e.parties
            if p.name is None or p.name_basis == "office_holder"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "British Foreign Secretary Jane Holloway spoke by phone on Monday with Foreign "
            "Ministers from Kenya, Ghana and Nigeria about the drought.",
            {("Foreign Minister", "KEN"), ("Foreign Minister", "GHA"), ("Foreign Minister", "NGA")},
        ),
        (
            "Foreign Minister Ana Ruiz held phone calls with her counterparts from Kenya, Ghana "
            "and Nigeria on Friday.",
            {("Counterpart", "KEN"), ("Counterpart", "GHA"), ("Counterpart", "NGA")},
        ),
        (
            "Prime Minister Ana Ruiz spoke by phone with the leaders of Kenya and Ghana.",
            {("Leader", "KEN"), ("Leader", "GHA")},
        ),
        (
            "Chancellor Peter Brandt held phone calls on Tuesday with the presidents of Chile "
            "and Peru to discuss copper exports.",
            {("President", "CHL"), ("President", "PER")},
        ),
    ],
)
def test_plural_office_with_countries_is_one_call_per_country(nlp, text, expected):
    events = [e for e in calls(nlp, text) if e.status == "held"]
    assert offices(events) == expected
    assert len(events) == len(expected)
    assert all(len(e.parties) == 2 for e in events)


@pytest.mark.slow
def test_plural_office_without_countries_names_no_one(nlp):
    text = (
        "British Foreign Secretary Jane Holloway spoke by phone on Monday with several foreign "
        "ministers from different countries about the drought."
    )
    assert offices(calls(nlp, text)) == set()


@pytest.mark.slow
def test_hard_wrapped_sentence_is_one_sentence(nlp):
    text = (
        "Foreign Secretary Jane Holloway spoke by phone today with\n\n"
        " Foreign Ministers from Kenya, Ghana, and\n\n"
        " Nigeria about the drought."
    )
    events = [e for e in calls(nlp, text) if e.status == "held"]
    assert {p.country for e in events for p in e.parties if p.name is None} == {
        "KEN",
        "GHA",
        "NGA",
    }


@pytest.mark.parametrize(
    ("line", "is_nav"),
    [
        ("Foreign Secretary Jane Holloway spoke by phone today with", False),
        ("Foreign Ministers from Kenya, Ghana, Nigeria, and", False),
        ("Home World Business Sport Culture", True),
    ],
)
def test_wrapped_line_is_not_a_menu(line, is_nav):
    assert (line_kind(line) == NAV) is is_nav


@pytest.mark.slow
def test_first_person_of_a_quote_is_its_named_speaker(nlp):
    text = (
        "Chancellor Peter Brandt said he would speak with Chilean President Ana Ruiz later on "
        'Friday. "I have already talked to her (Ruiz) this morning," Brandt told reporters '
        "in Hamburg."
    )
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert any({p.name for p in e.parties} == {"Peter Brandt", "Ana Ruiz"} for e in held)
