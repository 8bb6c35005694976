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


@pytest.mark.parametrize(
    "seat_ref",
    [
        "the head of the Kremlin",
        "the embattled master of the Kremlin",
        "the Kremlin chief",
        "the Kremlin's boss",
    ],
)
def test_the_head_of_a_seat_of_government_is_the_leader_the_text_names(nlp, seat_ref):
    text = (
        "German Chancellor Olaf Scholz warned Russian leader Vladimir Putin about grain last "
        "month.\n\n"
        f"On Thursday evening the German chancellor held a telephone conversation with "
        f"{seat_ref} about a ceasefire."
    )
    events = held(nlp, text)
    assert any({p.name for p in e.parties} == {"Olaf Scholz", "Vladimir Putin"} for e in events)


def test_the_head_of_a_seat_of_government_stays_an_office_of_its_country_when_unnamed(nlp):
    text = (
        "Finnish President Alexander Stubb held a phone call with the head of the White House "
        "on Tuesday about Arctic security."
    )
    (event,) = held(nlp, text)
    unnamed = [p for p in event.parties if p.name is None]
    assert [p.country for p in unnamed] == ["USA"]


@pytest.mark.parametrize("text", ["the head of the delegation", "the chief of staff"])
def test_a_head_of_something_else_is_no_seat_reference(text):
    from newsevents.entities.titles import is_seat_ref

    assert not is_seat_ref(text)
    assert is_seat_ref("illegitimate head of the Kremlin")


def test_said_in_a_call_with_a_counterpart_is_a_call(nlp):
    text = (
        "Trade between the two neighbours must grow, Chinese Foreign Minister Liu Bowen said "
        "on Monday in a phone call with his Vietnamese counterpart, Tran Van Minh."
    )
    (event,) = held(nlp, text)
    assert {p.name for p in event.parties} == {"Liu Bowen", "Tran Van Minh"}


def test_said_in_a_statement_is_still_no_call(nlp):
    text = "Chinese Foreign Minister Liu Bowen said on Monday in a phone interview that trade grew."
    assert held(nlp, text) == []


def _heads_text(group: str) -> str:
    return (
        "Chinese Foreign Minister Liu Bowen said on Monday in a phone call with his Vietnamese "
        "counterpart, Tran Van Minh, that ties were improving.\n\n"
        f"Since the new government took office, {group} held a phone call that set the course "
        "for closer ties, Liu said."
    )


@pytest.mark.parametrize("group", ["the two heads of state", "the two presidents"])
def test_the_two_heads_of_state_are_not_the_ministers(nlp, group):
    events = held(nlp, _heads_text(group))
    sides = sorted(sorted((p.name or "", p.country or "") for p in e.parties) for e in events)
    # The heads of state are named by the office-holder table on the date (Viet Nam's took
    # office a week before the article).
    assert [("Vo Van Thuong", "VNM"), ("Xi Jinping", "CHN")] in sides
    assert [("Liu Bowen", "CHN"), ("Tran Van Minh", "VNM")] in sides


def test_the_two_ministers_stay_the_ministers(nlp):
    events = held(nlp, _heads_text("the two ministers"))
    assert all(None not in {p.name for p in e.parties} for e in events)


def test_the_two_leaders_are_the_named_presidents(nlp):
    text = (
        "French President Emmanuel Macron spoke by phone with Brazilian President Lula da "
        "Silva on Tuesday.\n\nThe two leaders held a phone call in March as well, the Elysee said."
    )
    events = held(nlp, text)
    assert all(None not in {p.name for p in e.parties} for e in events)


def test_a_request_said_beside_the_heads_call_is_the_ministers_call(nlp):
    text = (
        "Chinese Foreign Minister Liu Bowen said on Monday in a phone call with his Vietnamese "
        "counterpart, Tran Van Minh, that ties were improving.\n\n"
        "Since the new government took office, the two heads of state held a phone call that "
        "set the course for closer ties, Liu said in the call made at the request of the "
        "Vietnamese side."
    )
    events = held(nlp, text)
    heads = [e for e in events if "office_holder" in {p.name_basis for p in e.parties}]
    ministers = [e for e in events if "Liu Bowen" in {p.name for p in e.parties}]
    assert heads and heads[0].initiated_by is None
    assert ministers and ministers[0].initiated_by == "Tran Van Minh"


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        ("Greek PM Nikos Andreou spoke", "Nikos Andreou", "Greek PM"),
        ("Thai Premier Somsak spoke", "Somsak", "Thai Premier"),
        ("President Ana Lopes spoke", "Ana Lopes", "President"),
        ("Greek Andreou spoke", "Greek Andreou", None),  # no title: nothing to split off
    ],
)
def test_a_demonym_and_title_swallowed_into_a_name_are_the_title(text, name, title):
    import spacy

    from newsevents.entities.spans import _strip_title

    doc = spacy.blank("en")(text)
    start, end, got = _strip_title(doc, doc[0 : len(doc) - 1])
    assert (doc[start:end].text, got) == (name, title)
