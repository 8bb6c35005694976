"""Blank out what is not the article: site menus, forms, captions, bylines, teasers.

`clean_article` returns the article with `nlp_text`: the text with every boilerplate line
replaced by spaces (line breaks kept), so an offset in `nlp_text` is the same offset in
`text`. The work is done line by line with shape heuristics (length, final punctuation,
capitalisation, known widget and section words) and by position relative to the body,
which is the longest run of prose lines. Inside the body only lines with strong markers
(captions, share widgets, "Read also: ..." links) go; after it, everything from a section
header such as "Most popular" or "Related" onwards, and teaser pairs of other stories.

The line shapes and the body finder are in `newsevents.text`, shared with `io.read`; this
module re-exports them.
"""

from __future__ import annotations

import dataclasses

from newsevents.article import Article
from newsevents.lexicon import words
from newsevents.text.lines import (
    BLANK,
    BYLINE,
    CAPTION,
    FORM,
    LINK,
    NAV,
    PROSE,
    SECTION,
    SHORT,
    STRONG_KINDS,
    TOKEN_RE,
    WIDGET,
    Line,
    Page,
    body_span,
    find_body,
    header_match,
    is_byline,
    is_caption,
    is_headline_like,
    is_placeholder,
    is_prose,
    is_section_header,
    is_stamp,
    is_tag_list,
    line_kind,
    split_lines,
    teaser_pairs_after,
)
from newsevents.text.patterns import DATE_EXPR, DATE_RE, HEADER_RE, YEAR_RE

__all__ = [
    "BLANK",
    "BYLINE",
    "CAPTION",
    "DATE_EXPR",
    "DATE_RE",
    "FORM",
    "HEADER_RE",
    "LINK",
    "NAV",
    "PROSE",
    "SECTION",
    "SHORT",
    "STRONG_KINDS",
    "WIDGET",
    "YEAR_RE",
    "Line",
    "clean_article",
    "find_body",
    "header_match",
    "is_byline",
    "is_caption",
    "is_headline_like",
    "is_placeholder",
    "is_prose",
    "is_section_header",
    "is_stamp",
    "line_kind",
    "split_lines",
]

_MENU_NEIGHBOURS = frozenset({NAV, SECTION, FORM, WIDGET, LINK})


def _page_of(article: Article) -> Page:
    lines = split_lines(article.text)
    keep = [article.title_span] if article.title_span is not None else []
    if article.dateline is not None:
        keep.append((article.dateline.start, article.dateline.end))
    return Page(lines, [line_kind(line.text) for line in lines], keep)


def _is_menu(page: Page, i: int, neighbours: frozenset[str] = _MENU_NEIGHBOURS) -> bool:
    """A NAV line that is part of a menu: a tag list, a word or three, or next to other junk.

    A lone capitalised line next to article lines (or a byline) is more likely a heading.
    """
    if page.kinds[i] != NAV:
        return False
    s = page.lines[i].text
    if is_tag_list(s) or len(TOKEN_RE.findall(s)) <= 3:
        return True
    for j in (page.prev_nonblank(i), page.next_nonblank(i)):
        if j is not None and j not in page.keep and page.kinds[j] in neighbours:
            return True
    return False


def _blank_lines(page: Page, article: Article) -> set[int]:
    lines, kinds = page.lines, page.kinds
    n = len(lines)
    title_idx = _title_index(page, article)
    lo = title_idx + 1 if title_idx is not None else 0
    body = body_span(page, lo)
    blank: set[int] = set()

    def junk(i: int) -> bool:
        return kinds[i] in STRONG_KINDS

    # Above the title: the site header. Keep only prose.
    if title_idx is not None:
        for i in range(title_idx):
            if kinds[i] not in (BLANK, PROSE):
                blank.add(i)
    body_first, body_last = body if body is not None else (n, n - 1)

    # Between title and body: bylines, captions, forms, menus, teaser rails.
    i = lo
    while i < min(body_first, n):
        kind = kinds[i]
        if kind == SECTION:
            # a rail of other stories ("Trending"): its block runs to the next blank line
            while i < body_first and kinds[i] != BLANK:
                blank.add(i)
                i += 1
            continue
        if page.is_teaser_head(i):
            pairs = teaser_pairs_after(page, i, body_first)
            if pairs:
                blank |= pairs
                i = max(pairs) + 1
                continue
        if junk(i) or _is_menu(page, i) or (kind == SHORT and is_placeholder(lines[i].text)):
            blank.add(i)
        i += 1

    # Inside the body: only lines with strong markers.
    for i in range(body_first, body_last + 1):
        if junk(i):
            blank.add(i)

    # After the body: everything from a section header on; junk and teasers before it.
    i = body_last + 1
    while i < n:
        kind = kinds[i]
        if kind == SECTION:
            blank.update(range(i, n))
            break
        if page.is_teaser_head(i):
            pairs = teaser_pairs_after(page, i, n)
            if pairs:
                blank |= pairs
                i = max(pairs) + 1
                continue
        if junk(i) or _is_menu(page, i, _MENU_NEIGHBOURS | STRONG_KINDS):
            blank.add(i)
        i += 1
    blank -= page.keep
    blank -= _enumerated(page)
    return {i for i in blank if kinds[i] != BLANK}


ENUMERATION_CUES = words("enumeration_cues")
ENUMERATION_ITEM_WORDS = 12


def _enumerated(page: Page) -> set[int]:
    """The items of a list a sentence of the article introduces ("Participants included:"
    and one line a person below it): the article's own words, not a menu."""
    out: set[int] = set()
    lines = page.lines
    for i, line in enumerate(lines):
        text = line.text.rstrip()
        words = TOKEN_RE.findall(text)
        last = words[-1].rstrip(":").lower() if words else ""
        if not text.endswith(":") or len(words) < 2 or last not in ENUMERATION_CUES:
            continue
        j = i + 1
        while j < len(lines):
            item = lines[j].text.strip()
            if not item:
                break
            if item[:1] not in "-•*–" or len(TOKEN_RE.findall(item)) > ENUMERATION_ITEM_WORDS:
                break
            out.add(j)
            j += 1
    return out


def _title_index(page: Page, article: Article) -> int | None:
    if article.title_span is not None:
        start = article.title_span[0]
        for i, line in enumerate(page.lines):
            if line.start <= start <= line.end:
                return i
    if article.body_start > 0:
        # No title (or a placeholder): everything before the body start is the header.
        for i, line in enumerate(page.lines):
            if line.start >= article.body_start:
                return i - 1 if i > 0 else None
    return None


def clean_article(article: Article) -> Article:
    """Return a copy of `article` whose `nlp_text` has the boilerplate blanked out, and square
    brackets read as spaces (an editor's insertion stays part of its sentence)."""
    page = _page_of(article)
    text = article.text
    spans: list[tuple[int, int]] = []
    header = header_match(page.lines)
    if header is not None:
        line, m = header
        spans.append((line.start, line.start + m.end()))
    for i in sorted(_blank_lines(page, article)):
        spans.append((page.lines[i].start, page.lines[i].end))
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)
        if end > start:
            # spans lie within one line, so blanking them keeps every line break
            out += (text[pos:start], " " * (end - start))
            pos = end
    out.append(text[pos:])
    # An editor's insertion in a quote ('"I spoke with [Secretary of State] X"') reads as part
    # of the sentence: its brackets, not its words, break the parse.
    nlp_text = nlp_form("".join(out))
    return dataclasses.replace(article, nlp_text=nlp_text, warnings=list(article.warnings))


_BRACKETS = str.maketrans("[]", "  ")


def nlp_form(text: str) -> str:
    """The text as the NLP stage reads it: square brackets as spaces (same length)."""
    return text.translate(_BRACKETS)
