"""Call rules on real-style sentences: what must be a call, and what must not.

The sentences are written for these tests (not taken from the dev set); each names real
kinds of officials so the small model's entity tagging is exercised as in news.
"""

from __future__ import annotations

import datetime as dt

import pytest

from newsevents.article import Article
from newsevents.records.build import doc_records

pytestmark = pytest.mark.slow


def calls(
    nlp, text: str, *, published: dt.date | None = dt.date(2023, 3, 9), title: str | None = None
):
    full = f"{title}\n{text}" if title else text
    article = Article(
        doc_id="t.txt",
        path="t.txt",
        text=full,
        sha256="0" * 64,
        encoding="utf-8",
        title=title,
        title_span=(0, len(title)) if title else None,
        published=published,
        nlp_text=full,
    )
    _, events, _ = doc_records(nlp(full), article)
    return events


def surnames(event) -> set[str]:
    return {(p.name or p.title or "").split()[-1].lower() for p in event.parties}


@pytest.mark.parametrize(
    ("text", "parties", "medium"),
    [
        (
            "German Chancellor Olaf Scholz held a telephone conversation with Chinese President Xi Jinping on Tuesday.",
            {"scholz", "jinping"},
            "phone",
        ),
        (
            "Canadian Prime Minister Justin Trudeau spoke by phone with Mexican President Andres Manuel Lopez Obrador on Monday.",
            {"trudeau", "obrador"},
            "phone",
        ),
        (
            "French President Emmanuel Macron phoned Iranian President Ebrahim Raisi on Sunday to discuss the nuclear talks.",
            {"macron", "raisi"},
            "phone",
        ),
        (
            "Italian Prime Minister Giorgia Meloni called Ukrainian President Volodymyr Zelenskyy on Wednesday.",
            {"meloni", "zelenskyy"},
            "phone",
        ),
        (
            "Spanish Prime Minister Pedro Sanchez and Polish President Andrzej Duda held a video call on Friday.",
            {"sanchez", "duda"},
            "video",
        ),
        (
            "Brazilian President Luiz Inacio Lula da Silva held talks via video link with Indian Prime Minister Narendra Modi.",
            {"silva", "modi"},
            "video",
        ),
        (
            "Indonesian President Joko Widodo had a phone conversation with Australian Prime Minister Anthony Albanese on Thursday.",
            {"widodo", "albanese"},
            "phone",
        ),
    ],
)
def test_held_calls_are_found(nlp, text, parties, medium):
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(held) == 1, [(e.parties, e.status) for e in held]
    assert surnames(held[0]) == parties
    assert held[0].medium == medium
    assert held[0].codes.cameo == "041"


@pytest.mark.parametrize(
    "text",
    [
        "Chinese President Xi Jinping called for restraint after the border clash on Tuesday.",
        "The European Union called on Russia to withdraw its troops from the region.",
        "Opposition leader Keir Starmer called the Prime Minister a coward during the debate.",
        "The strike by rail workers was called off after the talks on Sunday.",
        "President Joe Biden spoke to reporters at the White House on Monday.",
        "Japanese Prime Minister Fumio Kishida met Korean President Yoon Suk Yeol on the sidelines of the summit.",
        "Kremlin spokesman Dmitry Peskov told AFP by phone that no decision had been taken.",
        "The so-called peace plan was rejected by both governments on Friday.",
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Berlin and spoke with him about energy.",
    ],
)
def test_not_calls(nlp, text):
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert held == [], [(e.parties, e.rule, e.evidence[0].text) for e in held]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "Turkish President Recep Tayyip Erdogan will speak by phone with Russian President Vladimir Putin on Friday.",
            "planned",
        ),
        (
            "The Kremlin denied reports that Russian President Vladimir Putin had a phone call with US President Donald Trump.",
            "denied",
        ),
        (
            "Russian President Vladimir Putin and Chinese President Xi Jinping are expected to hold a video call next week.",
            "planned",
        ),
    ],
)
def test_status(nlp, text, status):
    events = calls(nlp, text)
    assert events, "the call should be recorded with its status"
    assert {e.status for e in events} == {status}


def test_one_speaker_two_partners_is_two_calls(nlp):
    text = "On Tuesday, Russian President Vladimir Putin spoke by phone with French President Emmanuel Macron and with German Chancellor Olaf Scholz."
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert sorted(sorted(surnames(e)) for e in held) == [["macron", "putin"], ["putin", "scholz"]]
    assert len({e.id for e in held}) == 2


def test_repeated_call_is_one_record(nlp):
    text = (
        "Russian President Vladimir Putin held a telephone conversation with Turkish President Recep Tayyip Erdogan.\n"
        "During the phone call, Putin and Erdogan discussed grain exports."
    )
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(held) == 1
    assert len(held[0].evidence) == 2


def test_initiator_and_relative_date(nlp):
    text = "British Prime Minister Rishi Sunak called Indian Prime Minister Narendra Modi on Tuesday to discuss trade."
    (event,) = calls(nlp, text, published=dt.date(2023, 3, 9))  # a Thursday
    assert event.initiated_by == "Rishi Sunak"
    assert event.date.value == "2023-03-07"
    assert event.date.basis == "relative"
    assert {p.country for p in event.parties} == {"GBR", "IND"}


def test_office_only_party_keeps_title_and_country(nlp):
    text = "The Prime Minister spoke to French President Emmanuel Macron this morning about the Channel."
    (event,) = calls(nlp, text, title="PM call with President Macron")
    unnamed = [p for p in event.parties if p.name is None]
    assert len(unnamed) == 1 and unnamed[0].title == "Prime Minister"
    assert event.medium == "phone"  # from the title
    assert event.date.value == "2023-03-09"


def test_topics_have_evidence(nlp):
    text = "US President Joe Biden held a phone call with Japanese Prime Minister Fumio Kishida on trade and the coronavirus pandemic."
    (event,) = calls(nlp, text)
    labels = {t.label for t in event.topics}
    assert {"economy", "health"} <= labels
    for topic in event.topics:
        assert text[topic.evidence.start : topic.evidence.end] == topic.evidence.text
