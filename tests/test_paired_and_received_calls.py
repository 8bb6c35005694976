"""Two call shapes of real news the rules had missed: partners named in the order of a list of
countries ("his Malaysian and Lao counterparts A and B": A is the Malaysian), and calls whose
only named side is the callers ("They included phone calls from A and B"), taken by the person
the story is about.

The sentences are written for these tests, in the shapes of news pages, not copied from them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from test_call_rules import calls

pytestmark = pytest.mark.slow

DAY = dt.date(2024, 12, 14)


def sides(events) -> list[tuple[tuple[str, str | None], ...]]:
    """Each held call as its parties' (surname, country), sorted."""
    return sorted(
        tuple(sorted(((p.name or p.title or "").split()[-1].lower(), p.country) for p in e.parties))
        for e in events
        if e.status == "held"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Demonyms before the plural office, the names right after it (the model often
        # takes "counterparts" for a verb here).
        (
            "Vietnamese Foreign Minister Bui Thanh Son held separate phone conversations with "
            "his Malaysian and Lao counterparts Mohamad Hasan and Thongsavanh Phomvihane on "
            "December 12.",
            [
                (("hasan", "MYS"), ("son", "VNM")),
                (("phomvihane", "LAO"), ("son", "VNM")),
            ],
        ),
        # Set off by commas, "respectively" after; the model tags the first name ORG.
        (
            "Turkish Foreign Minister Hakan Fidan spoke by phone with his Egyptian and Jordanian "
            "counterparts, Badr Abdelatty and Ayman Safadi, respectively.",
            [
                (("abdelatty", "EGY"), ("fidan", "TUR")),
                (("fidan", "TUR"), ("safadi", "JOR")),
            ],
        ),
        # The countries after the office ("of Egypt and Jordan"), the names after them.
        (
            "Japanese Foreign Minister Takeshi Iwaya held phone talks with the foreign ministers "
            "of Egypt and Jordan, Badr Abdelatty and Ayman Safadi, on Tuesday.",
            [
                (("abdelatty", "EGY"), ("iwaya", "JPN")),
                (("iwaya", "JPN"), ("safadi", "JOR")),
            ],
        ),
        # Three of each, the office's own word ("foreign") between demonyms and office.
        (
            "Saudi Foreign Minister Prince Faisal bin Farhan held phone calls with the Egyptian, "
            "Jordanian and Qatari foreign ministers, Badr Abdelatty, Ayman Safadi and Mohammed "
            "bin Abdulrahman Al Thani, on Sunday.",
            [
                (("abdelatty", "EGY"), ("farhan", "SAU")),
                (("farhan", "SAU"), ("safadi", "JOR")),
                (("farhan", "SAU"), ("thani", "QAT")),
            ],
        ),
        (
            "Indian Prime Minister Narendra Modi spoke by phone with his British and Canadian "
            "counterparts, Keir Starmer and Justin Trudeau.",
            [
                (("modi", "IND"), ("starmer", "GBR")),
                (("modi", "IND"), ("trudeau", "CAN")),
            ],
        ),
    ],
)
def test_names_after_a_list_of_countries_are_paired_in_order(nlp, text, expected):
    assert sides(calls(nlp, text, published=DAY)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # No names after the office: one office-only party per country, as before.
        (
            "Australian Prime Minister Anthony Albanese spoke by phone with the leaders of Japan "
            "and South Korea on Tuesday.",
            [
                (("albanese", "AUS"), ("leader", "JPN")),
                (("albanese", "AUS"), ("leader", "KOR")),
            ],
        ),
    ],
)
def test_a_list_of_countries_with_no_names_is_not_paired(nlp, text, expected):
    assert sides(calls(nlp, text, published=DAY)) == expected


def test_more_countries_than_names_pairs_none(nlp):
    # Two countries, one name: no order to pair by, so no name takes the first country.
    events = calls(
        nlp,
        "Chinese Foreign Minister Wang Yi held phone talks with his Egyptian and Jordanian "
        "counterparts, Badr Abdelatty, on Sunday.",
        published=DAY,
    )
    parties = [p for e in events for p in e.parties]
    assert not any(p.country == "EGY" and (p.name or "").endswith("Abdelatty") for p in parties)


@pytest.mark.parametrize(
    ("text", "receiver", "callers"),
    [
        (
            "Since Mark Carney was named prime minister, he has received congratulations from "
            "world leaders. They included personal phone calls from President Emmanuel Macron, "
            "President Volodymyr Zelensky and Prime Minister Keir Starmer, as well as a visit "
            "from Ursula von der Leyen.",
            "carney",
            ["macron", "starmer", "zelensky"],
        ),
        (
            "Canadian Prime Minister Mark Carney took office on Friday. Carney has been busy "
            "since then. Among the callers were Australian Prime Minister Anthony Albanese and "
            "British Prime Minister Keir Starmer.",
            "carney",
            ["albanese", "starmer"],
        ),
        (
            "New Zealand Prime Minister Christopher Luxon won the vote on Monday. The callers "
            "included Japanese Prime Minister Shigeru Ishiba and Indian Prime Minister Narendra "
            "Modi.",
            "luxon",
            ["ishiba", "modi"],
        ),
        # The calls are the subject; the sentences before are about one person.
        (
            "Ukrainian President Volodymyr Zelensky thanked his allies on Friday. Zelensky said "
            "the talks were useful. The calls from President Emmanuel Macron and Chancellor "
            "Olaf Scholz came later.",
            "zelensky",
            ["macron", "scholz"],
        ),
    ],
)
def test_calls_from_callers_alone_were_taken_by_the_storys_person(
    nlp, text, receiver, callers
):
    events = [e for e in calls(nlp, text, published=DAY) if e.status == "held"]
    got = []
    for e in events:
        names = sorted((p.name or "").split()[-1].lower() for p in e.parties)
        assert receiver in names and len(names) == 2
        (caller,) = [n for n in names if n != receiver]
        assert (e.initiated_by or "").split()[-1].lower() == caller  # each caller placed it
        got.append(caller)
    assert sorted(got) == callers


@pytest.mark.parametrize(
    "text",
    [
        # Calls from no one named: no call.
        "Prime Minister Mark Carney faced pressure on Friday. He received calls from the "
        "opposition demanding an early election.",
        # Demands, not phone calls.
        "There were renewed calls from President Emmanuel Macron and Chancellor Olaf Scholz "
        "for a ceasefire in Gaza.",
        # Who took the calls is not clear: the two leaders of the meeting.
        "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin. The "
        "meeting included phone calls from President Volodymyr Zelensky and President Andrzej "
        "Duda.",
        # The last subject is not the person named most: who took the calls is not clear,
        # and the callers did not call each other.
        "Ukrainian President Volodymyr Zelensky thanked his allies on Friday. US President Joe "
        "Biden announced new aid. The calls from President Emmanuel Macron and Chancellor Olaf "
        "Scholz came later.",
        # Callers of a radio show are no officials.
        "The radio station opened its lines on Friday. Among the callers were farmers and "
        "teachers.",
    ],
)
def test_calls_from_callers_with_no_clear_receiver_are_none(nlp, text):
    assert not [e for e in calls(nlp, text, published=DAY) if e.status == "held"]
