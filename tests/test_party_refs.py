"""Parties named by office, month-surnames, acronyms and the initiator among them.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls

pytestmark = pytest.mark.slow


def held(nlp, text, **kw):
    return [e for e in calls(nlp, text, **kw) if e.status == "held"]


def test_office_of_a_readout_is_the_person_the_summary_names(nlp):
    text = (
        "Anna June spoke with German Chancellor Olaf Scholz about trade and NATO.\n\n"
        "A spokesperson said:\n\n"
        "Chancellor Scholz called the Prime Minister earlier today to discuss the summit in "
        "Brussels. The Prime Minister welcomed the talks on trade."
    )
    (event,) = held(nlp, text, title="PM call with Chancellor Scholz")
    names = {p.name for p in event.parties}
    assert names == {"Anna June", "Olaf Scholz"}
    assert event.initiated_by == "Olaf Scholz"


def test_office_stays_unnamed_when_the_top_names_two_candidates(nlp):
    text = (
        "Anna June and John Smith arrived in Brussels on Monday.\n\n"
        "Chancellor Olaf Scholz called the Prime Minister earlier today to discuss the summit."
    )
    (event,) = held(nlp, text)
    assert {p.name for p in event.parties} == {"Olaf Scholz", None}


@pytest.mark.parametrize("name", ["Theresa May", "Anna June"])
def test_a_month_surname_after_a_given_name_is_a_person(nlp, name):
    text = f"{name} spoke by phone with French President Emmanuel Macron on Tuesday."
    (event,) = held(nlp, text)
    assert name in {p.name for p in event.parties}


def test_a_month_is_still_a_month(nlp):
    text = "In early May, French President Emmanuel Macron spoke by phone with Olaf Scholz."
    (event,) = held(nlp, text)
    assert {p.name for p in event.parties} == {"Emmanuel Macron", "Olaf Scholz"}


def test_an_office_caller_is_the_initiator_not_the_untitled_partner(nlp):
    (event,) = held(nlp, "The president phoned Macron on Friday to discuss Ukraine.")
    assert event.initiated_by is not None
    assert event.initiated_by.lower() == "president"


def test_an_acronym_in_running_text_is_not_a_person(nlp):
    text = (
        "German Chancellor Olaf Scholz spoke by phone with French President Emmanuel Macron "
        "on Monday. They discussed trade, including TTIP, and the war in Ukraine."
    )
    (event,) = held(nlp, text)
    assert "TTIP" not in {p.name for p in event.parties}


def test_a_partner_the_model_tags_as_an_organisation_is_a_person(nlp):
    (event,) = held(nlp, "Emmanuel Macron spoke by phone with Olaf Scholz on Monday.")
    assert {p.name for p in event.parties} == {"Emmanuel Macron", "Olaf Scholz"}


@pytest.mark.parametrize(
    "text",
    [
        "The Prime Minister, Tony Blair, said he had once met a woman called Sacheen "
        "Littlefeather at a dinner with President Bush.",
        "The threat back then was a scruffy little Austrian called Adolf Hitler, the Home "
        "Secretary, Charles Clarke, said on Monday.",
    ],
)
def test_called_as_naming_is_not_a_call(nlp, text):
    assert held(nlp, text) == []


def test_a_walk_back_office_does_not_replace_a_stated_country(nlp):
    text = (
        "US President Joe Biden arrived in Warsaw on Sunday. With the Polish president at his "
        "side, Biden called Zelensky on Monday."
    )
    (event,) = held(nlp, text)
    assert {p.name: p.country for p in event.parties}["Joe Biden"] == "USA"


@pytest.mark.parametrize(
    "text",
    [
        "The Lib Dems say Labour is telephoning people who have signed up to a register.",
        "Jones rang Smith back the next morning to complain about the noise.",
        "Gavin Roberts called Kylie Parker on Tuesday to ask about the bill.",
    ],
)
def test_calls_between_people_known_as_no_officials_are_not_calls(nlp, text):
    assert held(nlp, text) == []


def test_a_phone_conversation_needs_no_titles(nlp):
    (event,) = held(nlp, "Putin and Macron spoke by phone on Tuesday, the Kremlin said.")
    got = {p.name: p.country for p in event.parties}
    assert set(got) == {"Putin", "Macron"}
    # One seat of government as near to both names tells neither's nationality apart.
    assert got["Macron"] != "RUS"


def test_a_relative_clause_call_has_the_antecedent_as_caller(nlp):
    text = (
        "President Biden, who spoke with Japanese Prime Minister Fumio Kishida by phone on "
        "Thursday, said the alliance was strong."
    )
    (event,) = held(nlp, text)
    assert {p.name for p in event.parties} == {"Biden", "Fumio Kishida"}


def test_untagged_surnames_that_speak_are_people(nlp):
    text = (
        "Trump spoke by phone with Macron, and Merkel's spokesman said the call had not been "
        "coordinated with Berlin."
    )
    (event,) = held(nlp, text)
    assert {p.name for p in event.parties} == {"Trump", "Macron"}


def test_a_short_form_of_a_long_name_is_the_same_person(nlp):
    text = (
        "His Highness Sheikh Mohamed bin Zayed Al Nahyan received a phone call from King "
        "Abdullah II of Jordan on Wednesday. Mohamed bin Zayed thanked the king for his "
        "greetings."
    )
    (event,) = held(nlp, text)
    assert "Mohamed bin Zayed Al Nahyan" in {p.name for p in event.parties}
