"""The day of a call as news reports it: the story's own day ("later that day"), the headline's
date ("PM call with X: 3 May"), the lead that dates the headline's call, a later call of the
same story, and dates of other events in the call's sentence ("ahead of next week's summit").

The sentences are written for these tests; the fast tests call `call_date` directly, the slow
ones run the whole rule layer on a small article.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import shared_path
from newsevents.dates import call_date, month_number
from test_call_rules import calls

D = dt.date
FRI = D(2022, 3, 25)  # the publication day of most cases below
THU = D(2022, 3, 24)


# --- call_date: fast -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "value"),
    [
        ("Later in the day", THU, THU),
        ("later that day", THU, THU),
        ("earlier that day", THU, THU),
        ("the same day", THU, THU),
        ("on that same day", THU, THU),
        ("the following day", D(2022, 3, 22), D(2022, 3, 23)),
        ("a day later", D(2022, 3, 22), D(2022, 3, 23)),
        ("the day before", THU, D(2022, 3, 23)),
        ("the previous day", THU, D(2022, 3, 23)),
        # no day named before: the anchor's day
        ("later that day", None, FRI),
        ("the day before", None, THU),
        # the reference changes nothing for the other expressions
        ("earlier today", D(2022, 3, 20), FRI),
        ("on Wednesday", D(2022, 3, 20), D(2022, 3, 23)),
    ],
)
def test_story_days_count_from_the_day_named_before(
    text: str, reference: dt.date | None, value: dt.date
) -> None:
    date = call_date(sentence=[text], published=FRI, reference=reference)
    assert date["value"] == value.isoformat()
    assert date["basis"] == "relative"
    assert date["text"] == text


def test_a_bare_the_day_is_no_story_day() -> None:
    # "on the day the truce began": which day is not said; the publication date stands.
    date = call_date(sentence=["the day"], published=FRI, reference=D(2022, 3, 1))
    assert (date["value"], date["basis"]) == (FRI.isoformat(), "publication")


@pytest.mark.parametrize("text", ["next week's", "next week", "the coming week", "tomorrow"])
def test_a_held_call_skips_expressions_after_the_anchor(text: str) -> None:
    date = call_date(sentence=[text, "earlier today"], published=FRI)
    assert (date["value"], date["text"]) == (FRI.isoformat(), "earlier today")
    # ... and falls back past them when nothing else dates it
    alone = call_date(sentence=[text], published=FRI)
    assert (alone["value"], alone["basis"]) == (FRI.isoformat(), "publication")


def test_a_planned_call_keeps_a_future_date() -> None:
    assert call_date(sentence=["tomorrow"], published=FRI, status="planned")["value"] == (
        "2022-03-26"
    )
    planned = call_date(sentence=["next week"], published=FRI, status="planned")
    assert planned["reason"] == "week_only"


def test_a_past_week_still_stops_the_search() -> None:
    assert call_date(sentence=["last week"], published=FRI)["reason"] == "week_only"


def test_title_date_then_lede_date_then_dateline() -> None:
    kwargs = {"sentence": [], "main_event": True, "published": FRI, "dateline": THU}
    # the lead's day when the title names none
    lede = call_date(**kwargs, title=["Monday"], title_names_call=False, lede=["on Monday"])
    assert (lede["value"], lede["text"]) == ("2022-03-21", "on Monday")
    # a title that names the call and its day comes first
    title = call_date(**kwargs, title=["22 March"], title_names_call=True, lede=["on Monday"])
    assert (title["value"], title["text"]) == ("2022-03-22", "22 March")
    # a lead with no day of its own leaves the dateline's
    assert call_date(**kwargs, lede=["decades"])["basis"] == "dateline"
    # only the main event takes the lead's day
    other = call_date(sentence=[], published=FRI, lede=["on Monday"])
    assert other["basis"] == "publication"


PREVIOUS = {
    "value": "2022-03-24",
    "text": "Thursday",
    "basis": "relative",
    "granularity": "day",
    "anchor": "2022-03-25",
    "reason": None,
}


def test_a_later_call_without_a_date_takes_the_previous_calls_day() -> None:
    date = call_date(sentence=[], published=FRI, previous=PREVIOUS)
    assert date == PREVIOUS


@pytest.mark.parametrize(
    ("kwargs", "value", "basis"),
    [
        # its own day first
        ({"sentence": ["Wednesday"]}, "2022-03-23", "relative"),
        # the main event goes by the title, the dateline, the publication date
        ({"sentence": [], "main_event": True}, "2022-03-25", "publication"),
        # a planned call is not on the day of the held one
        ({"sentence": [], "status": "planned"}, "2022-03-25", "publication"),
        # "recently" is not that day
        ({"sentence": ["recently"]}, "2022-03-25", "publication"),
    ],
)
def test_when_the_previous_calls_day_is_not_taken(
    kwargs: dict[str, object], value: str, basis: str
) -> None:
    date = call_date(published=FRI, previous=PREVIOUS, **kwargs)  # type: ignore[arg-type]
    assert (date["value"], date["basis"]) == (value, basis)


def test_only_a_day_read_from_the_text_is_passed_on() -> None:
    published = {**PREVIOUS, "text": None, "basis": "publication", "value": "2022-03-20"}
    date = call_date(sentence=[], published=FRI, previous=published)
    assert (date["value"], date["basis"]) == ("2022-03-25", "publication")


@pytest.mark.parametrize(
    ("word", "month"), [("July", 7), ("Sept.", 9), ("dec", 12), ("Monday", None), ("13", None)]
)
def test_month_number(word: str, month: int | None) -> None:
    assert month_number(word) == month


# --- the rule layer on whole articles: slow ---------------------------------------------------


def held_calls(nlp, body: str, *, title: str, published: dt.date | None):
    return [e for e in calls(nlp, body, title=title, published=published) if e.status == "held"]


def surnames(event) -> set[str]:
    return {(p.name or p.title or "").split()[-1].lower() for p in event.parties}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("title", "body", "published", "value"),
    [
        # the day number the model leaves out of the title's date
        (
            "PM call with Chancellor Olaf Scholz: 9 August 2022",
            "The Prime Minister received a call from German Chancellor Olaf Scholz.\n\n"
            "They agreed on the need to keep up the pressure on the Kremlin.",
            None,
            "2022-08-09",
        ),
        (
            "PM call with Chancellor Olaf Scholz: 3 May",
            "Prime Minister Boris Johnson spoke with German Chancellor Olaf Scholz.\n\n"
            "The leaders discussed energy security and support for Ukraine.",
            D(2022, 5, 6),
            "2022-05-03",
        ),
    ],
)
def test_the_titles_date_of_a_readout(nlp, title, body, published, value) -> None:
    (call,) = held_calls(nlp, body, title=title, published=published)
    assert call.date.value == value


@pytest.mark.slow
def test_the_date_of_another_event_in_the_call_sentence_is_not_the_calls(nlp) -> None:
    body = (
        "Boris Johnson spoke to President Joe Biden ahead of next week's climate conference "
        "in Glasgow.\n\nThe Prime Minister spoke to President Biden earlier today about the "
        "conference and support for Ukraine."
    )
    (call,) = held_calls(nlp, body, title="PM call with President Biden", published=FRI)
    assert (call.date.value, call.date.text) == (FRI.isoformat(), "earlier today")


@pytest.mark.slow
def test_later_in_the_day_is_the_day_the_story_named(nlp) -> None:
    body = (
        "President Joe Biden said on Thursday that the allies would stand together after an "
        "emergency meeting of NATO leaders in Brussels.\n\n"
        "Later in the day, Biden spoke with French President Emmanuel Macron by phone about "
        "the war in Ukraine."
    )
    calls = held_calls(nlp, body, title="Biden rallies allies", published=FRI)
    (call,) = [c for c in calls if "macron" in surnames(c)]
    assert call.date.value == THU.isoformat()


@pytest.mark.slow
def test_the_lead_dates_the_headlines_call(nlp) -> None:
    body = (
        "U.S. President Joe Biden and his Chinese counterpart Xi Jinping discussed Taiwan and "
        "trade tariffs on Monday.\n\n"
        "The two leaders spoke for more than two hours, according to a White House statement "
        "on what it described as a candid phone call."
    )
    title = "Biden, Xi discuss Taiwan and tariffs over phone"
    (call,) = held_calls(nlp, body, title=title, published=D(2022, 3, 22))
    assert surnames(call) >= {"biden"}
    assert call.date.value == "2022-03-21"


@pytest.mark.slow
def test_a_photo_caption_does_not_date_the_headlines_call(nlp) -> None:
    body = (
        "U.S. President Joe Biden and Chinese President Xi Jinping shake hands at the G20 "
        "summit in Bali, Indonesia, November 14, 2022.\n\n"
        "Biden has discussed Taiwan with Xi by phone, according to the White House."
    )
    title = "Biden, Xi discuss Taiwan over phone"
    calls = held_calls(nlp, body, title=title, published=D(2023, 3, 22))
    assert calls, "the call was not found"
    assert all(c.date.value == "2023-03-22" for c in calls)


@pytest.mark.slow
def test_a_call_mentioned_after_another_takes_its_day(nlp) -> None:
    body = (
        "Japanese Prime Minister Fumio Kishida and US President Joe Biden held a telephone "
        "conversation on Saturday, the Japanese government said.\n\n"
        "Kishida also spoke to Australian Prime Minister Anthony Albanese to inform him of the "
        "talks."
    )
    calls = held_calls(nlp, body, title="Kishida, Biden discuss security", published=D(2022, 6, 5))
    by_party = {frozenset(surnames(c)): c for c in calls}
    assert by_party[frozenset({"kishida", "biden"})].date.value == "2022-06-04"
    assert by_party[frozenset({"kishida", "albanese"})].date.value == "2022-06-04"


# --- the call's date, not the statement's: a neighbouring sentence dates the call -------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "value"),
    [
        # the saying is on Thursday; the next sentence puts the call the day before
        (
            "Chilean President Gabriel Boric said on Thursday that he had spoken by telephone "
            "with Argentine President Javier Milei. The conversation took place the day before "
            "and covered trade and the border.",
            "2024-04-10",
        ),
        # a lead line before the report dates the call
        (
            "The call to the Argentine leader was made on Tuesday, officials said.\n\n"
            "Chilean President Gabriel Boric said on Thursday that he had spoken by telephone "
            "with Argentine President Javier Milei.",
            "2024-04-09",
        ),
    ],
)
def test_a_neighbouring_sentence_dates_the_call_not_the_saying(nlp, body, value) -> None:
    calls = held_calls(nlp, body, title="Boric and Milei talk trade", published=D(2024, 4, 12))
    (call,) = [c for c in calls if "milei" in surnames(c)]
    assert call.date.value == value


@pytest.mark.slow
@pytest.mark.parametrize(
    ("later", "value"),
    [
        # the month tagged as no date at all, in front of the call noun
        ("Rutte later regretted the leaked Feb. 6 phone call, aides said.", "2024-02-06"),
        ("Rutte later regretted the leaked 6 February phone call, aides said.", "2024-02-06"),
        # two dated mentions: two calls, the publication date stands
        (
            "Rutte compared the leaked Feb. 6 phone call with the Feb. 2 phone call.",
            "2024-02-20",
        ),
    ],
)
def test_a_dated_mention_elsewhere_dates_the_call(nlp, later, value) -> None:
    body = (
        "Dutch Prime Minister Mark Rutte faces criticism over a leaked phone call with "
        "Hungarian Prime Minister Viktor Orban.\n\n"
        "Opposition parties demanded an inquiry into the affair on Monday.\n\n"
        "Farmers protested in The Hague over new nitrogen rules.\n\n"
        f"{later}"
    )
    calls = held_calls(nlp, body, title="Rutte under fire", published=D(2024, 2, 20))
    (call,) = [c for c in calls if "orban" in surnames(c)]
    assert call.date.value == value


# --- the saying's day, a part of a day, dates of other clauses -------------------------------


def test_the_sayings_day_comes_before_the_publication_date() -> None:
    date = call_date(sentence=[], said=["Tuesday evening"], published=D(2024, 3, 6))
    assert (date["value"], date["basis"]) == ("2024-03-05", "relative")
    # a date of the call's own wins over it
    own = call_date(sentence=["Monday"], said=["Tuesday"], published=D(2024, 3, 6))
    assert own["value"] == "2024-03-04"
    # a saying's day after the anchor ("will say tomorrow") is none
    later = call_date(sentence=[], said=["tomorrow"], published=D(2024, 3, 6))
    assert later["basis"] == "publication"


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "Kenyan President William Ruto said on Tuesday evening that he had talked with "
        "Tanzanian President Samia Suluhu Hassan about the border.",
        "The Kenyan presidency announced on Tuesday that William Ruto had spoken with "
        "Tanzanian President Samia Suluhu Hassan about the border.",
    ],
)
def test_a_call_reported_as_past_takes_the_sayings_day(nlp, body) -> None:
    (call,) = held_calls(nlp, body, title="Ruto and Hassan discuss border", published=D(2024, 3, 6))
    assert call.date.value == "2024-03-05"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("when", "value"),
    [
        ("on the night of March 3", "2024-03-03"),
        ("on the evening of 2 March", "2024-03-02"),
        ("in the early hours of Monday", "2024-03-04"),
    ],
)
def test_a_part_of_a_day_dates_the_call_with_its_day(nlp, when, value) -> None:
    # The model tags "the night of" apart from "March 3"; the next sentence dates the call.
    body = (
        "Kenyan President William Ruto said on Wednesday that he had spoken with Tanzanian "
        f"President Samia Suluhu Hassan. The conversation took place {when}, his office said."
    )
    (call,) = held_calls(nlp, body, title="Ruto and Hassan talk", published=D(2024, 3, 6))
    assert call.date.value == value


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "It was the first phone conversation between Kenyan President William Ruto and "
        "Tanzanian President Samia Suluhu Hassan since the Tanzanian president took office "
        "in March.",
        "Kenyan President William Ruto spoke by phone with Tanzanian President Samia Suluhu "
        "Hassan, who was sworn in on Sunday.",
    ],
)
def test_the_date_of_another_clause_is_not_the_calls(nlp, body) -> None:
    calls = held_calls(nlp, body, title="Ruto and Hassan talk", published=D(2024, 3, 20))
    assert calls, "the call was not found"
    assert all(c.date.value == "2024-03-20" and c.date.basis == "publication" for c in calls)


def file_events(nlp, docs: Path, name: str):
    from newsevents.clean import clean_article
    from newsevents.io.read import read_article
    from newsevents.records.build import doc_records

    article = clean_article(read_article(docs / name, docs))
    return doc_records(nlp(article.nlp_text), article)[1]


@pytest.mark.slow
def test_a_written_readout_dated_by_the_day_of_its_agreement(nlp) -> None:
    # data/written/h17: "agreed on Thursday ... during telephone talks", with the first call
    # "since ... took office in May" further on: one held call, on the Thursday.
    docs = Path(__file__).resolve().parents[1] / "data" / "written" / "docs"
    events = file_events(nlp, docs, "h17.txt")
    assert [(e.status, e.date.value) for e in events] == [("held", "2022-09-29")]


@pytest.mark.slow
def test_dev_set_dates_of_other_clauses(nlp) -> None:
    docs = shared_path("devset", "docs")
    # dev-062: the day a leader "returned to office last Friday", in a clause of its own
    # after "since", is not the day of the call the sentence compares.
    assert all(
        e.date.text is None or "friday" not in e.date.text.lower()
        for e in file_events(nlp, docs, "dev-062.txt")
    )
    # dev-022: "the videoconference they held last June": a clause on the call noun dates it.
    recalled = [e for e in file_events(nlp, docs, "dev-022.txt") if e.date.granularity == "month"]
    assert recalled, "the recalled videoconference lost its month"


@pytest.mark.slow
def test_a_relative_clause_on_the_call_noun_dates_it(nlp) -> None:
    body = (
        "Kenyan President William Ruto recalled the phone call he held with Tanzanian "
        "President Samia Suluhu Hassan last June."
    )
    calls = held_calls(nlp, body, title="Ruto looks back", published=D(2024, 3, 20))
    assert [c.date.granularity for c in calls] == ["month"]
