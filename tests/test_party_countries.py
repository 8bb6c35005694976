"""Parties' countries and office references on real-style sentences.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls

pytestmark = pytest.mark.slow


def countries(event) -> dict[str, str | None]:
    return {(p.name or p.title or "").split()[-1].lower(): p.country for p in event.parties}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare "Secretary" before a surname is American usage.
        (
            "Secretary Rubio spoke by phone with Indian External Affairs Minister Subrahmanyam "
            "Jaishankar on Monday to discuss trade and security in the region.",
            {"rubio": "USA", "jaishankar": "IND"},
        ),
        (
            "Secretary of State Hillary Clinton held a telephone call with Pakistani Foreign "
            "Minister Hina Rabbani Khar on Sunday.",
            {"clinton": "USA", "khar": "PAK"},
        ),
        (
            "Taoiseach Leo Varadkar spoke by phone with British Prime Minister Boris Johnson "
            "on Friday about the border.",
            {"varadkar": "IRL", "johnson": "GBR"},
        ),
    ],
)
def test_office_names_the_country(nlp, text, expected):
    (event,) = [e for e in calls(nlp, text) if e.status == "held"]
    assert countries(event) == expected


def test_both_parties_of_a_sentence_do_not_share_an_inferred_country(nlp):
    # Neither name carries a nationality word; the countries named around them decide, and
    # the one taken by the first is not given to the second.
    text = (
        "Recep Tayyip Erdogan and Donald Trump discussed Syria by phone on Friday, the Turkish "
        "presidency said. Erdogan told Trump that Turkey would press on. The White House said "
        "Trump raised the fate of Syrian Kurds."
    )
    (event,) = [e for e in calls(nlp, text) if e.status == "held"]
    got = countries(event)
    assert got["erdogan"] == "TUR"
    assert got["trump"] == "USA"


def test_appositive_office_after_a_name_resolves_the_leader_reference(nlp):
    # "the leader of Georgia" is the person named with a leader's office, not the most
    # mentioned one; "X, the newly elected Georgian president," gives X that office.
    text = (
        "President George Bush pressed the leader of Georgia to open an inquiry into Hunter "
        "Biden, according to a memo released on Wednesday recounting the July 25 telephone "
        "call between the two heads of state. Bush urged Mikheil Saakashvili, the newly "
        "elected Georgian president, to talk to his lawyer. Biden denied wrongdoing."
    )
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(held) == 1
    named = {p.name: p.country for p in held[0].parties}
    assert named.get("Mikheil Saakashvili") == "GEO"
    assert "Hunter Biden" not in named


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "surname", "country"),
    [
        # the small model tags "Sri Lankan" as a name: it is still the title's country word
        ("Sri Lankan President Ranil Wickremesinghe spoke by phone with Prime Minister "
         "Narendra Modi on Monday.", "wickremesinghe", "LKA"),
        ("Maldivian President Mohamed Muizzu held a phone call with Chinese President "
         "Xi Jinping on Tuesday.", "muizzu", "MDV"),
    ],
)  # fmt: skip
def test_country_of_a_demonym_title(nlp, text: str, surname: str, country: str) -> None:
    (event,) = calls(nlp, text)
    found = {p.name.split()[-1].lower(): p.country for p in event.parties if p.name}
    assert found[surname] == country, found
