"""Names spelt two ways in one document (a typo, a machine translation's misspelling, a
nickname) are one person; close names of different people stay apart; a titled holder's
misspelt surname takes the office table's name."""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.kb.offices import misspelt_holder
from newsevents.names import name_tokens, same_person_in_document, spelling_variant


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Marta Kowalczyk", "Marta Kowalczik", True),  # a letter wrong
        ("Marta Kowalczyk", "Marta Kowalcyzk", True),  # two letters swapped
        ("Dan Perrin", "Dan Perrit", True),  # the end misspelt, the given name the same
        ("Bill Clinton", "William Clinton", True),  # a nickname
        ("Bob Marsh", "Robert Marsh", True),
        ("Li Ke-qiang", "Li Keqiang", True),  # one name, spaced otherwise
        ("Moon Jae-in", "Jae-in Moon", True),  # swapped order
        # Different people with close names.
        ("Kim Jong Un", "Kim Yo Jong", False),
        ("Kim Jong Un", "Kim Jong Il", False),
        ("Li Qiang", "Li Keqiang", False),
        ("Lee Jae-myung", "Lee Jae-yong", False),
        ("Raúl Castro", "Fidel Castro", False),
        ("Khalid bin Salman", "Khalid bin Sultan", False),
        ("Ilham Aliyev", "Heydar Aliyev", False),
        ("Marta Kowalczyk", "Anna Kowalczik", False),  # a close surname, another given name
    ],
)
def test_spelling_variants_in_one_document(a: str, b: str, same: bool) -> None:
    ta, tb = name_tokens(a), name_tokens(b)
    assert same_person_in_document(ta, tb) is same
    assert same_person_in_document(tb, ta) is same


@pytest.mark.parametrize(
    ("a", "b", "variant"),
    [
        ("hegseth", "hegsey", True),
        ("kowalczyk", "kowalcyzk", True),
        ("tusk", "tuks", True),
        ("milei", "milay", True),  # one consonant skeleton
        ("perrin", "merrin", False),  # another first letter
        ("un", "il", False),  # too short to tell
        ("salman", "sultan", False),
    ],
)
def test_spelling_variant(a: str, b: str, variant: bool) -> None:
    assert spelling_variant(a, b) is variant
    assert spelling_variant(b, a) is variant


DAY = dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    ("name", "title", "country", "holder"),
    [
        ("Pashinyon", "Prime Minister", "ARM", "Nikol Pashinyan"),
        ("Nikol Pashinyon", "Armenian Prime Minister", "ARM", "Nikol Pashinyan"),
        ("Milay", "President", "ARG", "Javier Milei"),
        ("Alijev", "President", "AZE", "Ilham Aliyev"),
        # No misspelling of that holder, or a name that is someone else's.
        ("John Pashinyon", "Prime Minister", "ARM", None),  # another given name
        ("Pashinyon", "Prime Minister", "AZE", None),  # another country's office
        ("Pashinyon", "former Prime Minister", "ARM", None),  # no office now
        ("Pashinyon", "envoy", "ARM", None),
        ("Aliyev", "Prime Minister", "AZE", None),  # exactly another person's surname
        ("Bardakian", "Prime Minister", "ARM", None),  # not close
    ],
)
def test_misspelt_holder(name: str, title: str, country: str, holder: str | None) -> None:
    person = misspelt_holder(name, titles=(title,), country=country, day=DAY)
    assert (person.name if person else None) == holder


def _people_and_calls(nlp, text: str) -> tuple[list[str], list[tuple[str | None, ...]]]:
    from newsevents.records.build import doc_records
    from test_call_rules import article_for

    article = article_for(text, published=DAY)
    entities, events, _ = doc_records(nlp(text), article)
    people = sorted(e.name for e in entities if e.label == "PERSON")
    calls = [tuple(p.name for p in e.parties) for e in events if e.status == "held"]
    return people, calls


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "US Defense Secretary Mark Vostok held a phone call with his Japanese counterpart "
            "Kenji Harada on Tuesday. US Defense Secretary Vostak said the talks were candid.",
            ["Kenji Harada", "Mark Vostok"],
        ),
        (
            "Polish Foreign Minister Marta Kowalczyk spoke by phone with Irish Foreign Minister "
            "Sean Doyle. Marta Kowalczik told reporters the call had been useful.",
            ["Marta Kowalczyk", "Sean Doyle"],
        ),
        (
            "Kim Jong Un spoke by phone with Russian President Vladimir Putin on Tuesday. Kim Yo "
            "Jong later said the call had been friendly.",
            ["Kim Jong Un", "Kim Yo Jong", "Vladimir Putin"],
        ),
    ],
)
def test_one_person_spelt_two_ways(nlp, text: str, people: list[str]) -> None:
    assert _people_and_calls(nlp, text)[0] == people


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "calls"),
    [
        (
            "Argentine President Milay held a phone call with Armenian Prime Minister Nikol "
            "Pashinyan on Monday.",
            [("Javier Milei", "Nikol Pashinyan")],
        ),
        (
            "Armenian Prime Minister Pashinyam spoke by phone with Argentine President Javier "
            "Milei on Monday.",
            [("Nikol Pashinyan", "Javier Milei")],
        ),
        (
            # A vowel another way is a transliteration: the text's spelling stays.
            "Armenian Prime Minister Pashinyon spoke by phone with Argentine President Javier "
            "Milei on Monday.",
            [("Pashinyon", "Javier Milei")],
        ),
    ],
)
def test_misspelt_holder_takes_the_table_name(
    nlp, text: str, calls: list[tuple[str, ...]]
) -> None:
    assert _people_and_calls(nlp, text)[1] == calls
