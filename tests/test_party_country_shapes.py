"""Parties' names and countries in shapes the small model gets wrong: hyphenated given names
it tags as organisations or splits, countries named as a call's topic, multi-word country
names, an office stated of a person after the call, and a dateline's place.

The sentences and names are written for these tests (not taken from any dev set).
"""

from __future__ import annotations

import pytest

from newsevents.clean import clean_article
from newsevents.io.read import article_from_text
from newsevents.records.build import doc_records
from test_call_rules import calls

pytestmark = pytest.mark.slow


def _held(events):
    return [e for e in events if e.status == "held"]


def _by_surname(event) -> dict[str, str | None]:
    return {(p.name or p.title or "").split()[-1].lower(): p.country for p in event.parties}


@pytest.mark.parametrize(
    ("text", "title", "names"),
    [
        # the model tags "Kazakh President A-B C" as one organisation
        (
            "Russian President Vladimir Putin spoke by phone with Kazakh President Arman-Bek "
            "Sultanov on Tuesday, the Kremlin press service said.",
            None,
            {"Vladimir Putin", "Arman-Bek Sultanov"},
        ),
        # a hyphenated name as the partner of a talk verb, tagged ORG
        (
            "Prime Minister Mark Rutte spoke with Jean-Marc Dufresne by phone on Tuesday.",
            None,
            {"Mark Rutte", "Jean-Marc Dufresne"},
        ),
        # the subject of "held a telephone conversation with", tagged ORG
        (
            "Chancellor Hans-Dieter Kolbe held a telephone conversation with Jean-Marc "
            "Dufresne on Tuesday.",
            None,
            {"Hans-Dieter Kolbe", "Jean-Marc Dufresne"},
        ),
        # a name that opens with a particle joined by a hyphen
        (
            "The Egyptian presidency said el-Masri spoke by phone with Saudi Crown Prince "
            "Faisal bin Turki on Tuesday.",
            None,
            {"el-Masri", "Faisal bin Turki"},
        ),
        # right after a headline the model leaves the name untagged: all of it is the name
        (
            "Jean-Luc Moreau held a phone call with Egyptian Foreign Minister Sameh Fawzy on "
            "Tuesday, the French foreign ministry said.",
            "Call",
            {"Jean-Luc Moreau", "Sameh Fawzy"},
        ),
    ],
)
def test_hyphenated_given_names_stay_people(nlp, text, title, names) -> None:
    held = _held(calls(nlp, text, title=title))
    assert held, "no held call"
    got = {p.name for e in held for p in e.parties}
    assert names <= got, got
    assert all(p.org is None for e in held for p in e.parties)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the place talked about is not the partner's; the office stated after the call is
        (
            "Foreign Minister Sergei Lavranov spoke by phone with Mauricio Albareda on Tuesday "
            "to discuss Ukraine. Albareda is Argentina's foreign minister.",
            {"albareda": "ARG", "lavranov": None},
        ),
        (
            "Japanese Prime Minister Kenji Morota held a phone call with Wekesa Otieno on "
            "Tuesday on the war in Ukraine.",
            {"morota": "JPN", "otieno": None},
        ),
        # the parse hangs the topic on the partner's name
        (
            "President Emmanuel Macron spoke by phone with Prime Minister Tardo Relvani about "
            "Israel and Gaza on Tuesday, the Elysee said.",
            {"macron": "FRA", "relvani": None},
        ),
        (
            "Secretary of State Marlo Trenton spoke by phone with Foreign Minister Tardo "
            "Relvani regarding Iran's nuclear programme.",
            {"trenton": "USA", "relvani": None},
        ),
        (
            "Prime Minister Keir Starmer spoke with Volker Halmstad about Ukraine on Tuesday, "
            "Downing Street said. Halmstad is the Norwegian prime minister.",
            {"starmer": "GBR", "halmstad": "NOR"},
        ),
        # multi-word countries, read whole
        (
            "Democratic Republic of Congo President Felix Mbuyi spoke by phone with Rwandan "
            "President Jean Habimana on Tuesday.",
            {"mbuyi": "COD", "habimana": "RWA"},
        ),
        (
            "The chair of Bosnia and Herzegovina's presidency, Zeljan Obradovac, spoke by "
            "phone with Austrian Chancellor Karl Nehammer.",
            {"obradovac": "BIH", "nehammer": "AUT"},
        ),
        (
            "North Macedonian Prime Minister Dren Kovalevski held a phone call with Greek "
            "Prime Minister Stavros Melidakis on Tuesday.",
            {"kovalevski": "MKD", "melidakis": "GRC"},
        ),
    ],
)
def test_party_country_shapes(nlp, text, expected) -> None:
    (event,) = _held(calls(nlp, text))
    assert _by_surname(event) == expected


def _file_calls(nlp, text: str):
    article = clean_article(article_from_text(text, doc_id="t.txt"))
    _, events, _ = doc_records(nlp(article.nlp_text), article)
    return events


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # another government's readout: the dateline is only where the report was filed
        (
            "ANKARA, Jan 3 (Reuters) - Foreign Minister Tardo Relvani spoke by phone with U.S. "
            "Secretary of State Marlo Trenton on Tuesday, the State Department said.",
            {"relvani": None, "trenton": "USA"},
        ),
        # a readout from the dateline's capital: the unnamed side is the home country's
        (
            "ANKARA, Jan 3 (Reuters) - Foreign Minister Tardo Relvani spoke by phone with "
            "Russian Foreign Minister Sergei Lavranov on Tuesday, the ministry said.",
            {"relvani": "TUR", "lavranov": "RUS"},
        ),
    ],
)
def test_dateline_country(nlp, body, expected) -> None:
    text = f"date 2023-01-04\nMinisters talk by phone\n{body}\nThey discussed grain exports.\n"
    (event,) = _held(_file_calls(nlp, text))
    assert _by_surname(event) == expected


@pytest.mark.parametrize(
    ("text", "surname", "org"),
    [
        # a regional body's head is of no country, even beside a demonym
        (
            "Foreign Minister Li Wen spoke by phone with Saudi Foreign Minister Faisal bin "
            "Turki and the Gulf Cooperation Council Secretary-General Jasem Alkandari.",
            "alkandari",
            "GCC",
        ),
        (
            "Foreign Minister Sergei Lavranov held a phone call with OSCE Secretary General "
            "Feridun Aksoylu on Tuesday.",
            "aksoylu",
            "OSCE",
        ),
    ],
)
def test_head_of_a_regional_body(nlp, text, surname, org) -> None:
    parties = {
        (p.name or "").split()[-1].lower(): p for e in _held(calls(nlp, text)) for p in e.parties
    }
    assert parties[surname].org == org
    assert parties[surname].country is None
