"""Partners listed after a group word, or in a copular list, are one call each with the
caller; a given name alone joins the person spelt that way.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


def held(nlp, text, **kw):
    return [e for e in calls(nlp, text, **kw) if e.status == "held"]


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        (
            "President Luis Arce Romero spoke by phone with South American leaders, including "
            "President Gabriel Boric of Chile; President Santiago Pena of Paraguay; and "
            "President Gustavo Petro of Colombia.",
            {"boric", "pena", "petro"},
        ),
        (
            "Prime Minister Keir Starmer also held phone calls with European counterparts such "
            "as Donald Tusk, Prime Minister of Poland; Mette Frederiksen, Prime Minister of "
            "Denmark; and Petteri Orpo, Prime Minister of Finland.",
            {"tusk", "frederiksen", "orpo"},
        ),
    ],
)
def test_each_listed_partner_is_a_call_with_the_caller(nlp, text, partners):
    events = held(nlp, text)
    pairs = [surnames(e) for e in events]
    assert all(len(p) == 2 for p in pairs)  # never one call of all the listed people
    callers = set.intersection(*pairs) if pairs else set()
    assert len(callers) == 1
    assert {n for p in pairs for n in p} - callers == partners


def test_a_listed_item_takes_the_country_of_its_own_office(nlp):
    text = (
        "President Luis Arce Romero spoke by phone with regional leaders, including "
        "Gabriel Boric, President of Chile; and Mette Frederiksen, Prime Minister of Denmark."
    )
    events = held(nlp, text)
    countries = {p.name.split()[-1].lower(): p.country for e in events for p in e.parties if p.name}
    assert countries.get("boric") == "CHL"
    assert countries.get("frederiksen") == "DNK"


def test_a_given_name_joins_the_person_spelt_the_same(nlp):
    text = (
        "Crown Prince Mohammed bin Salman welcomed the talks. Earlier, Sheikh Mohamed bin "
        "Zayed Al Nahyan held phone calls with Gulf leaders.\n\nSheikh Mohamed spoke by phone "
        "with regional leaders, including King Abdullah II of Jordan."
    )
    events = held(nlp, text)
    assert any(surnames(e) == {"nahyan", "ii"} for e in events), [surnames(e) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "Secretary of State Antony Blinken has held a series of phone calls this week. Among "
        "those he has spoken with are the Egyptian Foreign Minister and the Qatari Prime "
        "Minister.",
        "Secretary of State Antony Blinken has held a series of phone calls this week. Those "
        "he has spoken with include the Egyptian Foreign Minister and the Qatari Prime Minister.",
    ],
)
def test_a_copular_list_of_those_spoken_with_gives_office_parties(nlp, text):
    events = held(nlp, text)
    offices = {p.country for e in events for p in e.parties
               if not p.name or p.name_basis == "office_holder"}
    assert {"EGY", "QAT"} <= offices
    assert all("blinken" in surnames(e) for e in events)


def test_a_list_of_people_in_a_meeting_is_no_call(nlp):
    text = (
        "President Luis Arce Romero met regional leaders in La Paz, including President "
        "Gabriel Boric of Chile and President Santiago Pena of Paraguay."
    )
    assert held(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "Prime Minister Keir Starmer called President Emmanuel Macron on Monday and also "
            "spoke to Chancellor Olaf Scholz.",
            {"starmer", "scholz"},
        ),
        (
            "President Emmanuel Macron had phone calls with Gulf leaders such as Emir Tamim bin "
            "Hamad Al Thani of Qatar, and spoke with Chancellor Olaf Scholz.",
            {"macron", "scholz"},
        ),
    ],
)
def test_a_conjoined_call_verb_is_a_call_of_its_own(nlp, text, second):
    assert second in [surnames(e) for e in held(nlp, text)]
