"""Who the parties are: hyphenated headline pairs, offices with appositive names, officials.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

import pytest

from test_call_rules import calls

pytestmark = pytest.mark.slow


def held(nlp, text, **kw):
    return [e for e in calls(nlp, text, **kw) if e.status == "held"]


@pytest.mark.parametrize(
    ("title", "text", "names"),
    [
        (
            "Spain-Morocco, Sanchez-Akhannouch: ties on track",
            "Prime Minister Pedro Sanchez had a telephone conversation with Moroccan "
            "Prime Minister Aziz Akhannouch on Tuesday.",
            {"Pedro Sanchez", "Aziz Akhannouch"},
        ),
        (
            "Scholz-Fiala call: gas and migration",
            "Chancellor Olaf Scholz spoke by phone with Czech Prime Minister Petr Fiala.",
            {"Olaf Scholz", "Petr Fiala"},
        ),
    ],
)
def test_hyphenated_headline_pair_is_two_people(nlp, title, text, names):
    (event,) = held(nlp, text, title=title)
    assert {p.name for p in event.parties} == names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Spain-Morocco, Sanchez-Akhannouch: ties on track\nPrime Minister Pedro Sanchez "
            "had a telephone conversation with the Prime Minister of Morocco Aziz Akhannouch.",
            ["Sanchez", "Akhannouch"],
        ),
        (
            "Kim Dae-jung met Kim Jong-il in Pyongyang.",
            ["Kim Dae-jung", "Kim Jong-il"],
        ),
    ],
)
def test_hyphen_pair_of_known_surnames_is_split(nlp, text, expected):
    from newsevents.entities.spans import name_spans

    doc = nlp(text)
    names = [doc[s:e].text for s, e, _ in name_spans(doc)]
    assert names[: len(expected)] == expected


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Israel-Iran, Sanchez-Herzog: calls for restraint", set()),
        ("US-China talks resume as Chinese envoy meets Yellen", {"CHN"}),
        ("Israel and Iran traded strikes, Sanchez said", {"ISR", "IRN"}),
    ],
)
def test_hyphenated_country_pair_tells_no_nationality(nlp, text, evidence):
    from newsevents.entities.countries import _country_evidence

    assert {code for _, code, _ in _country_evidence(nlp(text), [])} == evidence


@pytest.mark.parametrize(
    "text",
    [
        "Zambia's president-elect John Banda and IMF chief Clara Osei held a first meeting "
        "via video call on Monday, in which they discussed the debt talks.",
        "WHO chief Tomas Gebre spoke by phone with Kenyan president-elect Paul Mwangi about "
        "the outbreak on Monday.",
    ],
)
def test_head_of_an_international_organisation_is_an_official(nlp, text):
    (event,) = held(nlp, text)
    assert len(event.parties) == 2


def test_company_chiefs_remain_a_business_call(nlp):
    text = (
        "Volvo chief executive Anders Berg spoke by phone with Ford chief Jim Carter on Monday "
        "about the battery plant."
    )
    assert held(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Lars Holm met the king on Monday.\n\n"
        "Later, Foreign Minister Anna Berg, who also serves as the deputy prime minister, "
        "spoke by phone with US Secretary of State Mark Ellis.",
        "Prime Minister Lars Holm met the king on Monday.\n\n"
        "Later, Foreign Minister Anna Berg, who is also the prime minister-designate, "
        "spoke by phone with US Secretary of State Mark Ellis.",
    ],
)
def test_office_in_a_relative_clause_describes_its_person(nlp, text):
    (event,) = held(nlp, text)
    assert {p.name for p in event.parties} == {"Anna Berg", "Mark Ellis"}


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        (
            "Today, President Ali Hassan received a phone call from King of the Kingdom of "
            "Bahrain, His Majesty King Hamad bin Isa Al Khalifa.\n\nJordan’s King thanked "
            "Egypt for its efforts. King Hamad said the talks went well.",
            {"Ali Hassan", "Hamad bin Isa Al Khalifa"},
            {"King", "Jordan’s King"},
        ),
        (
            "Stephen King spoke to reporters. King said the novel was finished.",
            {"Stephen King", "King"},
            set(),
        ),
    ],
)
def test_office_tagged_as_a_person_is_no_name(nlp, text, kept, dropped):
    from newsevents.entities.spans import name_spans

    doc = nlp(text)
    names = {doc[s:e].text for s, e, _ in name_spans(doc)}
    assert kept <= names
    assert not names & dropped


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        (
            "During today's productive call with Foreign Minister Lena Varga, Minister Paul "
            "Brandt discussed the implementation of the trade pact between President Tom "
            "Weller and President Ivo Kask.",
            {"Tom Weller", "Ivo Kask"},
            {"Lena Varga", "Paul Brandt"},
        ),
        (
            "Prime Minister Paul Brandt congratulated President Ivo Kask on his re-election in "
            "a phone call on Monday.",
            set(),
            {"Paul Brandt", "Ivo Kask"},
        ),
    ],
)
def test_people_in_a_phrase_of_another_verbs_object_are_no_partners(nlp, text, absent, present):
    names = {p.name for e in held(nlp, text) for p in e.parties}
    assert present <= names
    assert not names & absent


def test_names_in_a_list_of_appositive_offices_are_people(nlp):
    """A long list "Name, Office of Country; ..." where the model tags some names ORG or FAC:
    each listed leader is a party, with the country of its office even when the model leaves
    the place untagged."""
    text = (
        "The Emir of Kuwait held discussions by phone with European leaders such as "
        "Giorgia Meloni, Prime Minister of Italy; Kyriakos Mitsotakis, Prime Minister of "
        "Greece; Aleksandar Vucic, President of Serbia; Pedro Sanchez, Prime Minister of "
        "Spain; and Nikos Christodoulides, President of Cyprus."
    )
    events = held(nlp, text)
    partners = {p.name: p.country for e in events for p in e.parties if p.country != "KWT"}
    assert partners == {
        "Giorgia Meloni": "ITA",
        "Kyriakos Mitsotakis": "GRC",
        "Aleksandar Vucic": "SRB",
        "Pedro Sanchez": "ESP",
        "Nikos Christodoulides": "CYP",
    }


@pytest.mark.parametrize("honorific", ["H.E.", "His Excellency", "H.H."])
def test_honorific_is_not_part_of_the_name(nlp, honorific):
    text = (
        f"Malaysian Prime Minister Anwar Hashim received a phone call from {honorific} Rashid "
        "Kamal, the President of "
        "the Republic of Maldives, about the storm."
    )
    names = {p.name for e in held(nlp, text) for p in e.parties}
    assert "Rashid Kamal" in names


def test_person_is_named_by_the_form_that_introduces_them(nlp):
    """A second surname written out once, in a quote, does not rename the person; nor does a
    headline's short form."""
    text = (
        "Brazilian President Luiz Inacio Lula da Silva held a telephone conversation with "
        "Chilean President Gabriel Boric on Monday. \"We spoke with Gabriel Boric Font about "
        "lithium,\" Lula's office said."
    )
    (event,) = held(nlp, text, title="Lula da Silva speaks with Boric")
    assert {p.name for p in event.parties} == {"Luiz Inacio Lula da Silva", "Gabriel Boric"}


@pytest.mark.parametrize("surname", ["Montenegro", "Jordan", "Chad"])
def test_surname_that_is_a_country_stays_in_the_name(nlp, surname):
    text = (
        f"Spanish Prime Minister Pedro Sanchez spoke by phone with Portuguese Prime Minister "
        f"Luis {surname} on Thursday."
    )
    names = {p.name for e in held(nlp, text) for p in e.parties}
    assert f"Luis {surname}" in names
