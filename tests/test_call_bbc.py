"""Call shapes met in real news that no dev set is drawn from: sentences of the BBC News
corpus (2,225 articles of 2004-2005, in ../shared/corpora/bbc), cited by file name, and
sentences written for these tests beside them.
"""

from __future__ import annotations

import pytest

from test_call_rules import calls, surnames

pytestmark = pytest.mark.slow


def held(nlp, text: str):
    return [e for e in calls(nlp, text, published=None) if e.status == "held"]


def partner_countries(events) -> list[str | None]:
    return sorted(p.country or "" for e in events for p in e.parties if p.country != "GBR")


@pytest.mark.parametrize(
    ("text", "countries"),
    [
        # politics-0295: a named partner, then ", and the presidents of A and B" that the
        # parse hangs on the verb: one call per country's president.
        (
            "Tony Blair took personal charge of the UK's response on Tuesday. He also spoke on "
            "the telephone to US President George Bush, and the presidents of Sri Lanka and "
            "Indonesia.",
            ["IDN", "LKA", "USA"],
        ),
        # Written: a phone verb whose object is the plural office.
        (
            "Prime Minister Tony Blair phoned the presidents of Sri Lanka and Indonesia on "
            "Tuesday.",
            ["IDN", "LKA"],
        ),
        (
            "Prime Minister Tony Blair has telephoned the prime ministers of India and Thailand.",
            ["IND", "THA"],
        ),
        # Written: the countries as demonyms before the office, and a repeated preposition.
        (
            "Prime Minister Tony Blair spoke by phone with the Indian and Thai prime ministers "
            "on Tuesday.",
            ["IND", "THA"],
        ),
        (
            "Prime Minister Tony Blair spoke on the telephone to US President George Bush, and "
            "to the presidents of Sri Lanka and Indonesia.",
            ["IDN", "LKA", "USA"],
        ),
    ],
)
def test_plural_office_partners_are_a_call_each(nlp, text, countries):
    events = held(nlp, text)
    assert all("blair" in surnames(e) and len(e.parties) == 2 for e in events)
    assert partner_countries(events) == countries


@pytest.mark.parametrize(
    "text",
    [
        # Written: a plural office with no list of countries names no one to call.
        "Prime Minister Tony Blair phoned ministers on Tuesday.",
        "Prime Minister Tony Blair phoned voters in marginal seats on Tuesday.",
    ],
)
def test_plural_without_countries_is_no_call(nlp, text):
    assert held(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # business-0365: one of "more than 20 other world leaders" is to address a forum by
        # video link: no call between two of the sentence's leaders, held or planned.
        "Aside from Mr Blair, more than 20 other world leaders are expected to attend "
        "including French President Jacques Chirac - due to speak by video link after bad "
        "weather delayed his helicopter - and South African President Thabo Mbeki, whose "
        "arrival has been delayed by Ivory Coast peace talks.",
        # tech-0182: "they" are customers, and no call was told before: not the two people
        # the article quotes.
        'Icstis spokesman Rob Dwight said: "Phone companies should get in touch with their '
        'customers sooner." Telecoms ombudsman Elizabeth France said: "So I would expect '
        'phone companies to be looking to see if they can have a similar approach." Its '
        "advice to customers is to use call barring if they want to prevent calls to premium "
        "lines because, under the current system, once the call has been made there's "
        "little that can be done.",
    ],
)
def test_no_call_of_any_status(nlp, text):
    assert calls(nlp, text, published=None) == []


def test_demonym_leaders_as_subject_are_the_two_sides(nlp):
    """Written: "the Israeli and Palestinian leaders spoke": one office of each country."""
    events = held(nlp, "The Israeli and Palestinian leaders spoke by phone on Tuesday.")
    assert [sorted(p.country for p in e.parties) for e in events] == [["ISR", "PSE"]]


@pytest.mark.parametrize(
    "text",
    [
        "The Russian and American presidents, Vladimir Putin and George Bush, spoke by phone "
        "on Saturday.",
        "A telephone conversation between Russian and American presidents Vladimir Putin and "
        "George Bush took place on Saturday.",
    ],
)
def test_demonym_office_before_names_is_their_title(nlp, text):
    """Written: the plural office is the named people's, not two more parties."""
    events = held(nlp, text)
    assert [surnames(e) for e in events] == [{"putin", "bush"}]


def test_the_two_leaders_still_the_pair(nlp):
    """Written: "the two leaders" after a meeting is still the pair the text named."""
    events = held(
        nlp,
        "French President Jacques Chirac met German Chancellor Gerhard Schroeder on Monday. "
        "The two leaders spoke by phone again on Friday.",
    )
    assert [surnames(e) for e in events] == [{"chirac", "schroeder"}]
