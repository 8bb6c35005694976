"""Ordinary news that is no call between officials: summoning someone somewhere, a call
one was free to make, a call noun said of parties or of a kind of act, and calls between
private persons. Each shape has a positive beside it that must stay a call."""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


def held(nlp, text: str):
    return [e for e in calls(nlp, text) if e.status == "held"]


@pytest.mark.parametrize(
    "text",
    [
        # Summoned to a place or an occasion, not phoned.
        "Late that night Prime Minister Harold Wilson called Liberal leader Jeremy Thorpe back to Downing Street.",
        "President Joe Biden called Chancellor Olaf Scholz to the White House for talks on the budget.",
        "King Charles called the prime minister into the palace on Tuesday evening.",
        # A call someone was free or able to make, not one made.
        "Senator John Kerry was at liberty to verify this by talking to Prime Minister Tony Blair.",
        "Senator John Kerry was at liberty to check the figures by talking to one or two of Prime Minister Tony Blair's aides.",
        "Foreign Minister Annalena Baerbock said she was free to call the Iranian foreign minister at any time.",
        # The call noun is what the clause speaks about; its modifiers own it.
        "Senator Ann Lee raised worries about Kerry campaign calls in March.",
        "The Greens raised concerns about Labour and Conservative calls in March, Prime Minister Tony Blair said.",
        # A kind of act, with no partner: the sayers are not its callers.
        '"Ministers travelling abroad have found it by far the safest way of making a call," said Foreign Minister Ian Fogg and his deputy Anna Burke.',
        # Private persons: a call, but not between officials.
        "Ms Carter said she received a phone call on 3 May from a family friend, Tom Reed, who said the boy was safe.",
        "The singer said she had a long phone conversation with her manager, David Roe, on Tuesday.",
        # A diplomat's visit, not a phone call.
        "German Ambassador Karl Weber paid a courtesy call on Prime Minister Mark Rutte on Monday.",
        "Prime Minister Anwar Hashim received a farewell call from Ambassador Li Wen on Friday.",
    ],
)
def test_not_calls_between_officials(nlp, text):
    found = held(nlp, text)
    assert found == [], [(e.parties, e.rule, e.evidence[0].text) for e in found]


@pytest.mark.parametrize(
    ("text", "parties"),
    [
        # A person after "to" is a partner; "back" alone is a returned call.
        ("President Joe Biden called Chancellor Olaf Scholz back on Friday.", {"biden", "scholz"}),
        ("President Joe Biden called Chancellor Olaf Scholz back to thank him.", {"biden", "scholz"}),
        (
            "French President Emmanuel Macron phoned German Chancellor Olaf Scholz to discuss the war.",
            {"macron", "scholz"},
        ),
        # A call told as done by a gerund with a partner.
        (
            "US President Joe Biden took the opportunity of making a phone call to German Chancellor Olaf Scholz on Friday.",
            {"biden", "scholz"},
        ),
        # Sides known as leaders elsewhere in the article: the wire shape keeps working.
        (
            "Russian President Vladimir Putin met troops on Sunday. Putin and Macron spoke by phone on Monday.",
            {"putin", "macron"},
        ),
        (
            "French President Emmanuel Macron flew home. Later Putin and Macron spoke by phone about the grain deal.",
            {"putin", "macron"},
        ),
        # Neither side titled anywhere: a stated medium keeps it a call.
        (
            "Recep Tayyip Erdogan and Joe Biden spoke by phone on Friday, the Turkish presidency said.",
            {"erdogan", "biden"},
        ),
        (
            "Prime Minister Tony Blair spoke on the telephone to US President George Bush on Monday.",
            {"blair", "bush"},
        ),
    ],
)
def test_calls_that_stay(nlp, text, parties):
    found = held(nlp, text)
    assert len(found) == 1, [(e.parties, e.rule) for e in found]
    assert surnames(found[0]) == parties


def test_call_one_is_free_to_make_is_no_plan_either(nlp):
    text = "Foreign Minister Annalena Baerbock was free to call Iranian Foreign Minister Hossein Amirabdollahian at any time."
    found = calls(nlp, text)
    assert found == [], [(e.parties, e.status, e.rule) for e in found]


def test_courtesy_call_by_phone_stays_a_call(nlp):
    text = "Prime Minister Anwar Hashim made a courtesy phone call to President Joko Widodo."
    (event,) = held(nlp, text)
    assert surnames(event) == {"hashim", "widodo"}


def test_relative_clause_on_a_partner_names_no_partner(nlp):
    """ "A spoke with B, who had just talked to C": C is B's, not A's partner."""
    text = (
        "Italian Prime Minister Giorgia Meloni spoke by phone with Indian Prime Minister "
        "Narendra Modi, who had just talked to Japanese Prime Minister Fumio Kishida."
    )
    pairs = [surnames(e) for e in held(nlp, text)]
    assert {"meloni", "modi"} in pairs
    assert {"meloni", "kishida"} not in pairs
