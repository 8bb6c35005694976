"""Cleaning: boilerplate is blanked out of `nlp_text`, the article is kept, offsets hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from boilerplate import TEASERS, wrap_in_boilerplate
from newsevents.article import Article
from newsevents.clean import (
    BYLINE,
    CAPTION,
    FORM,
    LINK,
    NAV,
    PROSE,
    SECTION,
    SHORT,
    WIDGET,
    clean_article,
    line_kind,
    nlp_form,
    split_lines,
)
from newsevents.io.read import article_from_text, read_article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset" / "docs"
BBC = SHARED / "corpora" / "bbc"

# Articles written for these tests, in the shape of the dev documents: a `date` header, the
# title on the next line, then the body (paragraphs with or without blank lines between).
READOUT = """date 2023-06-14
Foreign Minister's call with the Foreign Minister of Norland: 14 June 2023
The Foreign Minister spoke to her Norlandic counterpart, Erik Vatne, this afternoon.

They discussed the situation in the Baltic Sea and agreed that both countries would continue \
to support the fisheries agreement signed last year.

The Foreign Minister raised the case of the two detained journalists and asked for consular \
access to be granted without delay.

Both ministers looked forward to meeting at the ministerial conference in Geneva next month.
"""
WIRE = """date 2022-11-03
Presidents discuss energy supplies in phone call
VALDORA, Nov 2 (Wire) - The presidents of Ardenia and Valdora discussed gas supplies for the \
coming winter in a telephone call on Wednesday, the Ardenian presidency said.
The two leaders agreed to set up a working group on pipeline maintenance, according to the \
statement, which gave no further details.
Energy ministers
The energy ministers of both countries are expected to meet in the capital later this month \
to prepare a new supply contract.
Officials said the call lasted about forty minutes and was held at the request of the \
Valdoran side.
"""
FEATURE = """date 2021-04-20
Chancellor and prime minister hold video conference on vaccine deliveries

The chancellor and the prime minister held a video conference on Tuesday to discuss delays in \
vaccine deliveries, a government spokesperson said.

"We agreed that every dose counts," the chancellor told reporters after the call, adding that \
the two governments would share their surplus doses with neighbouring countries.

The prime minister said his country would open three new vaccination centres next week.

What happens next
The health ministers will meet on Friday to agree on a common schedule for the summer.
"""
ARTICLES = {"readout": READOUT, "wire": WIRE, "feature": FEATURE}


def _clean(text: str) -> Article:
    return clean_article(article_from_text(text, doc_id="x.txt"))


def _kept(article: Article, line_text: str) -> bool:
    start = article.text.index(line_text)
    return article.nlp_text[start : start + len(line_text)] == line_text


def _blanked(article: Article, start: int, end: int) -> bool:
    return not article.nlp_text[start:end].strip()


def _assert_offset_map(article: Article) -> None:
    text, nlp = article.text, article.nlp_text
    assert len(nlp) == len(text)
    for a, b in zip(text, nlp, strict=True):
        assert b == a or (b == " " and a not in "\r\n")


# --- the samples -----------------------------------------------------------------------


def test_kyiv_independent_sample_keeps_the_article_only() -> None:
    a = clean_article(read_article(SAMPLES / "kyiv-independent-putin-al-sharaa-call.txt", SAMPLES))
    _assert_offset_map(a)
    text, nlp = a.text, a.nlp_text
    body_start = text.index(
        "Russian President Vladimir Putin held his first official phone conversation on Feb. 12"
    )
    body_end = text.index("killed hundreds of thousands of Syrians.") + len(
        "killed hundreds of thousands of Syrians."
    )
    assert nlp[body_start:body_end] == text[body_start:body_end]
    assert nlp[slice(*a.title_span)] == a.title
    teaser = text.index("Trump holds call with Putin, says Ukraine peace negotiations")
    assert teaser > body_end
    assert _blanked(a, teaser, len(text))
    assert _blanked(a, 0, a.title_span[0])  # menus, tags, "Edit post"
    # between title and body: byline, photo caption with credit, the audio widget
    assert _blanked(a, a.title_span[1], body_start)


def test_tass_sample() -> None:
    a = clean_article(read_article(SAMPLES / "tass-putin-al-sharaa-call.txt", SAMPLES))
    _assert_offset_map(a)
    assert "date" not in a.nlp_text and "2025-02-13" not in a.nlp_text
    assert a.nlp_text[slice(*a.title_span)] == a.title
    assert "©" not in a.nlp_text
    for kept in [
        'The Russian leader emphasized that Russia remained committed to the principle of "unity,',
        "MOSCOW, February 12. /TASS/. Russian President Vladimir Putin has held",
        "Unity and sovereignty",
        'The Kremlin described the conversation as "constructive, business-like and substantive."',
    ]:
        assert _kept(a, kept), kept


# --- offset map and conservative cleaning ----------------------------------------------


@pytest.mark.parametrize("name", list(ARTICLES))
def test_clean_articles_lose_nothing_but_the_header(name: str) -> None:
    a = _clean(ARTICLES[name])
    _assert_offset_map(a)
    header = re.match(r"date \S+", a.text)
    assert header is not None
    assert _blanked(a, 0, header.end())
    assert a.nlp_text[header.end() :] == nlp_form(a.text[header.end() :])


def test_crlf_text() -> None:
    a = _clean(WIRE.replace("\n", "\r\n"))
    _assert_offset_map(a)
    assert a.nlp_text.count("\r\n") == a.text.count("\r\n")
    assert _kept(a, "The two leaders agreed to set up a working group")


# --- line kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Skip to content", WIDGET),
        ("Shop Now Arrow right", WIDGET),
        ("Share this article", WIDGET),
        ("Video", WIDGET),
        ("4 min read", WIDGET),
        ("This audio is created with AI assistance", CAPTION),
        ("Most popular", SECTION),
        ("Related Articles", SECTION),
        ("Comments (12)", SECTION),
        ("MORE NEWS", SECTION),
        ("More from The Daily Example", SECTION),
        ("Read also: Parliament votes on the budget", LINK),
        ("Sign up", FORM),
        ("* indicates required", FORM),
        ("We use cookies to improve your experience on our site.", FORM),
        ("A view of the harbour at dawn. (Photo: Jan Kowal/Example Press)", CAPTION),
        ("The ministers meet in Oslo. (Pool via Getty Images)", CAPTION),
        ("© Jane Smith/Reuters", CAPTION),
        ("Talks resumed on Monday. Credit: Ola Nord/AP", CAPTION),
        ("by Jane Smith March 2, 2024 5:35 AM", BYLINE),
        ("By Jane Smith", BYLINE),
        ("Author: Jane Smith", BYLINE),
        ("Updated: Nov 4, 2019 09:10 IST", BYLINE),
        ("7:53 PM", BYLINE),
        ("World Politics Business Sport Culture", NAV),
        ("News Feed, Syria, Russia, Putin, Bashar al-Assad", NAV),
        ("Economic cooperation", SHORT),
        ("Leaders discuss the harbour dispute in a phone call", SHORT),
        ("The two leaders spoke by phone on Tuesday.", PROSE),
        ("- The ministers discussed trade and agreed to meet again soon.", PROSE),
        ("By the end of the week, the two sides had agreed on a ceasefire.", PROSE),
        ("He urged people to sign up for the new vaccination scheme before May.", PROSE),
        ("", "blank"),
    ],
)
def test_line_kind(line: str, kind: str) -> None:
    assert line_kind(line) == kind


def test_split_lines_offsets() -> None:
    text = "one\r\ntwo\n\nthree\rfour"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["one", "two", "", "three", "four"]
    assert all(text[ln.start : ln.end] == ln.text for ln in lines)


# --- junk inside and after the body ----------------------------------------------------


def test_junk_inside_the_body_goes_and_the_body_stays() -> None:
    lines = READOUT.split("\n")
    lines.insert(4, "Read also: Storm closes the northern ports for a second day")
    lines.insert(6, "The harbour at dusk. (Photo: Per Holm/Example Press)")
    a = _clean("\n".join(lines))
    assert "Storm closes" not in a.nlp_text and "Per Holm" not in a.nlp_text
    for line in READOUT.split("\n")[1:]:
        if line:
            assert _kept(a, line), line


def test_subhead_glued_to_the_last_paragraph_is_kept() -> None:
    text = WIRE + "\nShare this article\nCopy link\n"
    a = _clean(text)
    assert _kept(a, "Energy ministers")
    assert _kept(a, "Officials said the call lasted about forty minutes")
    assert "Share" not in a.nlp_text


def test_teasers_after_the_body_go_even_without_a_section_header() -> None:
    teasers = "\n".join(line for pair in TEASERS[:2] for line in pair)
    a = _clean(READOUT + "\n" + teasers + "\nShare this article\n")
    assert "Velasquez" not in a.nlp_text and "Harbour strike" not in a.nlp_text
    assert _kept(a, "Both ministers looked forward to meeting at the ministerial conference")


def test_everything_after_a_section_header_goes() -> None:
    tail = (
        "\nMost read\n\nRiver levels fall after a week of rain.\n"
        "The prime minister spoke by phone with the governor about flood relief on Sunday.\n"
    )
    a = _clean(FEATURE + tail)
    assert "flood relief" not in a.nlp_text and "Most read" not in a.nlp_text
    assert _kept(a, "The health ministers will meet on Friday")


# --- wrapped in an invented site's junk ------------------------------------------------


def _check_wrapped(original: str, seed: int) -> None:
    clean = _clean(original)
    wrapped = wrap_in_boilerplate(original, seed=seed)
    a = _clean(wrapped)
    _assert_offset_map(a)
    assert (a.title, a.published) == (clean.title, clean.published)
    assert (a.dateline and a.dateline.text) == (clean.dateline and clean.dateline.text)
    original_lines = {ln.text.strip() for ln in split_lines(original)}
    kept_prose = {
        ln.text.strip()
        for ln in split_lines(clean.text)
        if line_kind(ln.text) == PROSE and clean.nlp_text[ln.start : ln.end] == ln.text
    }
    kept_now = {ln.text.strip() for ln in split_lines(a.nlp_text)}
    assert kept_prose <= kept_now, kept_prose - kept_now
    for ln in split_lines(wrapped):
        if ln.text.strip() and ln.text.strip() not in original_lines:
            assert _blanked(a, ln.start, ln.end), ln.text
    assert "Velasquez" not in a.nlp_text  # the teaser about another leader's phone call


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("name", list(ARTICLES))
def test_wrapped_articles(name: str, seed: int) -> None:
    _check_wrapped(ARTICLES[name], seed)


@pytest.mark.parametrize("seed", range(3))
def test_wrapped_tass_sample(seed: int) -> None:
    _check_wrapped((SAMPLES / "tass-putin-al-sharaa-call.txt").read_text(encoding="utf-8"), seed)


@pytest.mark.parametrize("seed", range(2))
def test_wrapped_devset(seed: int, shared) -> None:
    shared("devset", "docs")
    for f in sorted(DEVSET.glob("*.txt")):
        _check_wrapped(f.read_text(encoding="utf-8"), seed)


# --- real corpora (read-only, when ../shared is there) ---------------------------------


def test_devset_bodies_are_kept(shared) -> None:
    """Every body sentence of the dev documents survives, except image captions."""
    shared("devset", "docs")
    total = kept = 0
    for f in sorted(DEVSET.glob("*.txt")):
        a = clean_article(read_article(f, DEVSET))
        _assert_offset_map(a)
        if a.title is not None:
            assert a.nlp_text[slice(*a.title_span)] == a.title
        lines = split_lines(a.text)
        for ln, nxt in zip(lines, [*lines[1:], None], strict=True):
            # a caption printed twice, the second time with its credit, is a caption too
            repeated = nxt is not None and line_kind(nxt.text) == CAPTION
            repeated = repeated and nxt.text.startswith(ln.text)
            for m in re.finditer(r"[^.!?]+[.!?]", ln.text):
                if len(m.group().split()) < 6:
                    continue
                total += 1
                start, end = ln.start + m.start(), ln.start + m.end()
                if a.nlp_text[start:end] == nlp_form(a.text[start:end]):
                    kept += 1
                else:
                    assert repeated or line_kind(ln.text) in (CAPTION, BYLINE), (f.name, ln.text)
    assert kept / total > 0.98


def test_bbc_articles_are_not_damaged(shared) -> None:
    shared("corpora", "bbc")
    files = sorted(BBC.glob("*.txt"))[::10]
    assert files
    for f in files:
        a = clean_article(read_article(f, BBC))
        assert a.nlp_text == nlp_form(a.text), f.name
