"""The day of a call where the text gives it away from the call's own words: a quotation's
"today" said on another day, a page dated only by the social-media post it embeds, a post that
tells the call again with the day it was written, the lead's reported clause under a headline.

The sentences are written for these tests; the fast tests call `call_date` and the patterns
directly, the slow ones run the whole rule layer on a small article.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.dates import call_date
from newsevents.text.patterns import POST_SIGNATURE_RE
from test_call_rules import calls

D = dt.date
TUE = D(2023, 10, 3)
WED = D(2023, 10, 4)


# --- call_date: fast -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "quote_said", "value"),
    [
        # the quote's own days count from the day it was said
        (["Today"], ["on Monday"], "2023-10-02"),
        (["this evening"], ["Monday"], "2023-10-02"),
        (["yesterday"], ["on Monday"], "2023-10-01"),
        # a weekday or a month-day does not depend on the day of speaking
        (["on Sunday"], ["on Monday"], "2023-10-01"),
        (["October 1"], ["on Monday"], "2023-10-01"),
        # no dated saying: the anchor's day
        (["Today"], [], "2023-10-04"),
        # a saying dated after the anchor dates nothing
        (["Today"], ["tomorrow"], "2023-10-04"),
    ],
)
def test_a_quotations_today_is_the_day_it_was_said(
    sentence: list[str], quote_said: list[str], value: str
) -> None:
    date = call_date(sentence=sentence, quote_said=quote_said, published=WED)
    assert date["value"] == value
    assert date["text"] == sentence[0]


@pytest.mark.parametrize(
    ("sentence", "value", "basis", "reason"),
    [
        (["on Tuesday"], "2023-10-03", "relative", None),
        (["this evening"], "2023-10-04", "relative", None),
        # the post's day is no publication date for a call the text does not date
        ([], None, None, "no_date_expression"),
    ],
)
def test_an_embedded_posts_day_anchors_a_page_without_a_date(
    sentence: list[str], value: str | None, basis: str | None, reason: str | None
) -> None:
    date = call_date(sentence=sentence, posted=WED)
    assert (date["value"], date["basis"], date["reason"]) == (value, basis, reason)


def test_the_pages_own_date_comes_before_an_embedded_posts() -> None:
    date = call_date(sentence=["on Tuesday"], published=D(2023, 10, 12), posted=WED)
    assert date["value"] == "2023-10-10"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        (
            "Good talks with the minister today. pic.twitter.com/x1— Jane Roe (@janeroe) "
            "October 4, 2023",
            "October 4, 2023",
        ),
        ("— Ministry of Trade (@TradeMin_01) Oct. 4, 2023", "Oct. 4, 2023"),
        # a handle without a date, a date without a handle
        ("Follow us (@newsdesk) for more", None),
        ("The talks were held on October 4, 2023 (local time).", None),
    ],
)  # fmt: skip
def test_the_signature_line_of_an_embedded_post(line: str, found: str | None) -> None:
    m = POST_SIGNATURE_RE.search(line)
    assert (m["date"] if m else None) == found


# --- the rule layer on whole articles: slow ---------------------------------------------------


def held(nlp, body: str, *, published: dt.date | None, title: str | None = None):
    return [e for e in calls(nlp, body, published=published, title=title) if e.status == "held"]


def surnames(event) -> set[str]:
    return {(p.name or p.title or "").split()[-1].lower() for p in event.parties}


@pytest.mark.slow
def test_a_quoted_today_said_the_day_before_publication(nlp) -> None:
    body = (
        '"Today, Prime Minister Mark Carney of Canada and President Emmanuel Macron of France '
        'held a call," the office said in a statement on Tuesday.\n\n'
        "The two leaders discussed trade and support for Ukraine."
    )
    (call,) = held(nlp, body, published=WED)
    assert (call.date.value, call.date.text) == ("2023-10-03", "Today")


@pytest.mark.slow
def test_a_page_without_a_date_is_dated_by_the_post_it_embeds(nlp) -> None:
    body = (
        "Prime Minister Mark Carney received a telephone call on Tuesday from French "
        "President Emmanuel Macron, who discussed trade and energy.\n\n"
        "Spoke with my friend President Macron this evening about trade. "
        "pic.twitter.com/Ab12Cd— Mark Carney (@MarkJCarney) October 3, 2023\n\n"
        "The leaders agreed to stay in close contact."
    )
    calls_ = held(nlp, body, published=None)
    assert calls_
    assert calls_[0].date.value == "2023-10-03"


@pytest.mark.slow
def test_a_post_that_tells_the_call_again_gives_its_day(nlp) -> None:
    body = (
        "After weeks of delay, Chancellor Olaf Scholz has finally had his phone call with "
        "Brazilian President Luiz Inacio Lula da Silva.\n\n"
        "“Had a long phone conversation with @LulaOficial. We talked about climate finance. "
        "We agreed to meet soon,” wrote Scholz on Tuesday evening.\n\n"
        "The German government confirmed the call on Wednesday."
    )
    (call,) = held(nlp, body, published=WED)
    assert call.date.value == "2023-10-03"


@pytest.mark.slow
@pytest.mark.parametrize(
    "lead",
    [
        # the call is the clause a spokesman's saying reports
        "President Emmanuel Macron, attending a summit of European leaders, spoke by "
        "telephone with Israeli Prime Minister Benjamin Netanyahu on Tuesday and urged him to "
        "protect civilians, his office said Wednesday.",
        # the headline's verb is the lead's second one
        "President Emmanuel Macron spoke by telephone with Israeli Prime Minister Benjamin "
        "Netanyahu on Tuesday and urged him to protect civilians.",
    ],
)
def test_the_lead_dates_the_headlines_call(nlp, lead: str) -> None:
    from newsevents.entities import find_entities
    from newsevents.rules.dating import _lede_dates
    from newsevents.rules.ty import CallCandidate, PartyRef

    title = "Macron urges restraint in call with Netanyahu"
    doc = nlp(f"{title}\n{lead}\nThe two also discussed the fate of the hostages.")
    ents = find_entities(doc, dateline_place=None, title_span=(0, len(title)), day=WED)
    clusters = [
        ents.person_at[t.i].cluster for t in doc[:10] if t.text in ("Macron", "Netanyahu")
    ]
    parties = [PartyRef(c, None, None, None) for c in clusters]
    cand = CallCandidate(parties, "held", "phone", None, [(0, len(title))], [], [], 0.9, "t", 0)
    title_sent = doc.char_span(0, len(title), alignment_mode="expand")
    assert _lede_dates(doc, ents, cand, title_sent) == ["Tuesday"]


@pytest.mark.slow
def test_a_newspapers_name_is_no_day(nlp) -> None:
    body = (
        "President Cyril Ramaphosa spoke by phone with Kenyan President William Ruto, his "
        "office said.\n\n"
        "The call comes after a Sunday Times report that a quarrel between their diplomats "
        "was behind the delay in the phone call between the two leaders."
    )
    (call,) = held(nlp, body, published=WED)
    assert call.date.text is None or "sunday" not in call.date.text.lower()
    assert call.date.value == WED.isoformat()


@pytest.mark.slow
def test_calls_told_as_earlier_do_not_take_the_story_calls_day(nlp) -> None:
    body = (
        "President Cyril Ramaphosa spoke by phone with Kenyan President William Ruto on "
        "Tuesday.\n\n"
        "Ramaphosa, who has previously said that he had telephone conversations with "
        "Nigerian President Bola Tinubu, thanked Ruto for his support."
    )
    found = {frozenset(surnames(c)): c.date for c in held(nlp, body, published=WED)}
    assert found[frozenset({"ramaphosa", "ruto"})].value == "2023-10-03"
    earlier = found.get(frozenset({"ramaphosa", "tinubu"}))
    assert earlier is None or earlier.basis != "relative"
