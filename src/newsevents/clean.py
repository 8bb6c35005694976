"""Blank out what is not the article: site menus, forms, captions, bylines, teasers.

`clean_article` returns the article with `nlp_text`: the text with every boilerplate line
replaced by spaces (line breaks kept), so an offset in `nlp_text` is the same offset in
`text`. The work is done line by line with shape heuristics (length, final punctuation,
capitalisation, known widget and section words) and by position relative to the body,
which is the longest run of prose lines. Inside the body only lines with strong markers
(captions, share widgets, "Read also: ..." links) go; after it, everything from a section
header such as "Most popular" or "Related" onwards, and teaser pairs of other stories.

The line helpers here are also used by `io.read` to find titles and bylines.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import NamedTuple

from newsevents.article import Article

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

# Line kinds. The "strong" kinds are boilerplate wherever they stand; NAV and SHORT lines are
# judged by position (a capitalised short line is a menu item above the title, a subhead
# inside the body).
BLANK = "blank"
PROSE = "prose"
SECTION = "section"  # "Most popular", "Related", "Comments": a block of other content follows
LINK = "link"  # "Read also: <headline>"
CAPTION = "caption"  # image captions and credits
FORM = "form"  # newsletter and cookie forms
WIDGET = "widget"  # share buttons, "Skip to content", "1 min read"
BYLINE = "byline"  # author and timestamp lines
NAV = "nav"  # short lines of capitalised words: menus, tag lists
SHORT = "short"  # other short lines: headlines, subheads
STRONG_KINDS = frozenset({SECTION, LINK, CAPTION, FORM, WIDGET, BYLINE})

# Consecutive non-prose lines a run of body paragraphs may bridge (subheads, a caption).
_MAX_GAP = 3
# Words of a line that starts a teaser pair (a headline of another story plus its blurb).
_TEASER_MIN_WORDS = 5

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
_WORD_RE = re.compile(r"[^\W\d_][\w'’.\-]*")
_TOKEN_RE = re.compile(r"\S+")
_BULLET_RE = re.compile(r"^\s*(?:[-–—•*·▪►]|\d{1,2}[.)])\s+")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")

_FUNCTION_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with vs via de la del der von van"
    " s".split()
)

_SECTION_HEADERS = frozenset(
    {
        "most popular", "most read", "most viewed", "most shared", "most commented",
        "popular", "popular now", "popular stories", "trending", "trending now",
        "trending stories", "related", "related articles", "related stories", "related news",
        "related content", "related posts", "related topics", "related coverage",
        "read more", "read also", "see also", "also read", "read next", "more news",
        "more stories", "more on this story", "more on this topic", "more to read",
        "recommended", "recommended for you", "recommended stories", "recommended reading",
        "you may also like", "you might also like", "you may be interested in",
        "you might be interested in", "don't miss", "do not miss", "latest", "latest news",
        "latest stories", "latest articles", "news feed", "editors' picks", "editor's picks",
        "editors picks", "top stories", "top news", "comments", "comment",
        "join the conversation", "leave a comment", "leave a reply", "what to read next",
        "up next", "in other news",
        "around the web", "from the web", "sponsored stories", "promoted stories",
        "further reading", "also on", "elsewhere",
    }
)
_SECTION_PREFIX_RE = re.compile(
    r"^(?:more (?:from|on|in|about|by)|related to|latest from|also from|stories from)\b", re.I
)
_LINK_RE = re.compile(
    r"^\s*(?:read (?:also|more|next)|see also|also read|related(?: article| story)?|more on this|"
    r"watch|listen|recommended|don't miss)\s*[:|–—>»]+\s*\S",
    re.I,
)
_AGENCY = (
    r"(?:AFP|AP|Reuters|EPA(?:-EFE)?|TASS|Sputnik|Xinhua|Getty Images|Getty|Anadolu(?: Agency)?|"
    r"Yonhap|Bloomberg|UPI|RIA Novosti|Shutterstock|Kyodo|ANI|PTI|IANS|Pool|Handout|"
    r"Alamy|NurPhoto|SOPA Images|ZUMA(?: Wire)?|Kremlin|Getty Images News)"
)
_CAPTION_RES = (
    re.compile(r"^\s*(?:©|\(c\)\s|copyright\b)", re.I),
    re.compile(r"\b(?:photo|photograph|picture|image|video)\s*(?:credit|courtesy)?\s*:\s*\S", re.I),
    re.compile(r"\b(?:credit|courtesy|source\s+image)\s*:\s*\S.*/", re.I),
    re.compile(r"\bvia Getty Images\b|\bGetty Images\s*\)?\s*$", re.I),
    re.compile(rf"(?:\w/\s?{_AGENCY}\b|\b{_AGENCY}\s?/\s?[A-Z])"),
    re.compile(rf"(?:^|[\s.|])/\s?{_AGENCY}\s*$|\|\s*{_AGENCY}\s*$"),
    # a parenthesised credit ending the line: "(Foreign Desk/Handout/Anadolu via Getty Images)"
    re.compile(
        r"\((?=[^()]*(?:/|\b(?:photo|photograph|image|images|handout|courtesy|file|pool)\b))"
        r"[^()]{2,120}\)\s*$",
        re.I,
    ),
    re.compile(r"\b(?:this )?audio (?:is|was) (?:created|generated)\b", re.I),
)
_FORM_RE = re.compile(
    r"\bindicates required\b|\benter (?:your |a )?(?:e-?mail|email address)\b|"
    r"\bsuccess\w* subscribed\b|\bthank you for (?:signing up|subscribing)\b|"
    r"\bconfirmation e-?mail\b|\bsign up (?:for|to) (?:our|the|this)\b.*\bnewsletter|"
    r"\bsubscribe (?:to|for) (?:our|the)\b|\bwe use cookies\b|\buse of cookies\b|"
    r"\bcookie (?:policy|settings|preferences|notice)\b|\baccept (?:all )?cookies\b|"
    r"\bmanage (?:cookies|consent|preferences)\b|\bby (?:clicking|signing up|subscribing)\b|"
    r"\bprivacy policy\b|\bterms (?:of|and) (?:use|service|conditions)\b|\ball rights reserved\b|"
    r"\bunsubscribe at any time\b|\bplease,? enter (?:a |your )?(?:valid |correct )?e-?mail\b|"
    r"\bin your inbox\b",
    re.I,
)
_FORM_SHORT_RE = re.compile(
    r"\b(?:sign up|subscribe|subscribed|newsletters?|e-?mail address|your e-?mail|"
    r"log ?in|sign ?in|register|create (?:an|your) account|my account)\b",
    re.I,
)
_WIDGET_RE = re.compile(
    r"\bskip to (?:main )?(?:content|navigation)\b|\barrow (?:right|left|down|up)\b|"
    r"\blearn more\b|\bshop now\b|\bedit post\b|\bback to top\b|\bcopy (?:link|url)\b|"
    r"\bshare (?:on|this|via|article|story)\b|\b\d+\s*min(?:ute)?s? read\b|"
    r"\blisten to (?:this )?(?:article|story)\b|\bai assistance\b|\bclick here\b|"
    r"\bdownload (?:the|our) app\b|\bfollow us\b|\bopen in app\b|\bprint this\b|"
    r"\bshow comments\b|\bview comments\b|\bload more\b|\bsee more\b|\bview all\b",
    re.I,
)
# Lines made only of these words are widgets ("Video", "Share", "Menu Search").
_UI_WORDS = frozenset(
    "video videos image images photo photos gallery watch play menu search close open share "
    "print email home sections featured store advertisement advertising sponsored jobs about "
    "contacts contact team listen more next previous prev toggle navigation subscribe login "
    "logout podcast podcasts live newsletter newsletters".split()
)
_BYLINE_START_RE = re.compile(
    r"^\s*(?i:by|written by|reporting by|reported by|posted by|words by|authors?)\s*:?\s+[A-Z]",
)
_STAMP_START_RE = re.compile(
    r"^\s*(?:published|updated|last updated|last modified|first published|posted|issued|"
    r"dated?)\b(?:\s*(?:by|on|at))?\s*[:|\-–]?\s*\S",
    re.I,
)

# Dates as they appear in bylines and datelines; `io.read` uses these too.
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
DATE_EXPR = (
    rf"(?:\b{MONTH}\.?\s+{_DAY}\b(?:,?\s+\d{{4}}\b)?"
    rf"|\b{_DAY}\s+{MONTH}\b\.?(?:,?\s+\d{{4}}\b)?"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{4}\b)"
)
DATE_RE = re.compile(DATE_EXPR)
YEAR_RE = re.compile(r"\b(?:1[89]|20)\d\d\b")
_TIME_RE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2}){1,2}\s*(?:[ap]\.?\s?m\.?)?(?=\W|$)|\b\d{1,2}\s*[ap]\.?m\.?(?=\W|$)",
    re.I,
)
_STAMP_NOISE_RE = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?|"
    r"(?-i:\b[A-Z]{2,4}\b)|\bin \d+ min(?:ute)?s?\b|\b\d+ min(?:ute)?s? read\b|"
    r"\b(?:published|updated|last|posted|issued|on|at|by|source|date|dated|read)\b",
    re.I,
)


# The publication-date header: `date 2025-02-13`, possibly malformed (`date 2025-13-45`).
HEADER_RE = re.compile(r"\s*date:?[ \t]+(?P<value>\d[\d\-/.]*\d)(?=\s|$)", re.I)


class Line(NamedTuple):
    """One line of a text: `text[start:end]`, without its line break."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Split on \\n, \\r\\n and \\r, keeping offsets into `text`."""
    lines: list[Line] = []
    for m in _LINE_RE.finditer(text):
        raw = m.group()
        if not raw:
            break
        body = raw.rstrip("\r\n")
        lines.append(Line(m.start(), m.start() + len(body), body))
    return lines


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def _strip_bullet(s: str) -> str:
    return _BULLET_RE.sub("", s, count=1)


def _normalized(s: str) -> str:
    s = s.lower().replace("’", "'").replace("‘", "'")
    s = re.sub(r"\(\d+\)|\d+", " ", s)
    s = re.sub(r"[^\w' ]+", " ", s)
    return " ".join(s.split())


def is_section_header(s: str) -> bool:
    """A header that opens a block of other content: "Most popular", "Related", "Comments"."""
    if len(s) > 60:
        return False
    norm = _normalized(s)
    if norm in _SECTION_HEADERS:
        return True
    return bool(_SECTION_PREFIX_RE.match(norm)) and len(norm.split()) <= 6


def is_prose(s: str) -> bool:
    """A sentence-like line: long enough and closed by sentence punctuation, or long."""
    n = len(_TOKEN_RE.findall(_strip_bullet(s)))
    return n >= 20 or (n >= 8 and bool(_SENTENCE_END_RE.search(s.rstrip())))


def _capitalised_share(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper()) / len(content)


def _is_tag_list(s: str) -> bool:
    items = [i.strip() for i in s.split(",")]
    if len(items) < 3 or any(not i for i in items):
        return False
    return all(len(i.split()) <= 3 and i[0].isupper() for i in items)


def _is_nav(s: str, words: list[str]) -> bool:
    if _is_tag_list(s):
        return True
    if len(words) > 12 or not words or s.rstrip()[-1:] in ".!?:;,\"”":
        return False
    return _capitalised_share(words) >= 0.75


def is_stamp(s: str) -> bool:
    """A line that is mostly a date or time: "April 11, 2018 / 6:04 PM", "Xinhua, July 8, 2015"."""
    if len(s) > 120:
        return False
    dates = list(DATE_RE.finditer(s))
    has_time = bool(_TIME_RE.search(s))
    if not dates:
        # a bare time: "7:53 PM", "09:30pm EDT"
        return has_time and len(_words(_STAMP_NOISE_RE.sub(" ", _TIME_RE.sub(" ", s)))) == 0
    full = any(YEAR_RE.search(m.group()) or "-" in m.group() for m in dates)
    if not (full or has_time):
        return False
    rest = DATE_RE.sub(" ", s)
    rest = _TIME_RE.sub(" ", rest)
    rest = _STAMP_NOISE_RE.sub(" ", rest)
    return len(_words(rest)) <= 4


def is_byline(s: str) -> bool:
    """An author or timestamp line ("By Jane Doe", "Updated: May 2, 2020 10:15 IST")."""
    words = _TOKEN_RE.findall(s)
    if not words or len(words) > 25:
        return False
    if _BYLINE_START_RE.match(s) and len(words) <= 15 and not _SENTENCE_END_RE.search(s):
        return True
    if _STAMP_START_RE.match(s) and (DATE_RE.search(s) or _TIME_RE.search(s)):
        return True
    return is_stamp(s)


def is_caption(s: str) -> bool:
    """An image caption or credit line."""
    if len(s) > 600:
        return False
    return any(r.search(s) for r in _CAPTION_RES)


def line_kind(s: str) -> str:
    """Classify one line (without its line break) by its shape alone."""
    s = s.strip()
    if not s:
        return BLANK
    tokens = _TOKEN_RE.findall(s)
    n = len(tokens)
    if is_section_header(s):
        return SECTION
    if n <= 30 and _LINK_RE.match(s):
        return LINK
    if is_caption(s):
        return CAPTION
    if n <= 40 and _FORM_RE.search(s):
        return FORM
    if n <= 6 and _FORM_SHORT_RE.search(s):
        return FORM
    if n <= 10 and _WIDGET_RE.search(s):
        return WIDGET
    words = _words(s)
    if n <= 4 and words and all(w.lower().strip(".") in _UI_WORDS for w in words):
        return WIDGET
    if is_byline(s):
        return BYLINE
    if is_prose(s):
        return PROSE
    if _is_nav(s, words):
        return NAV
    return SHORT


def is_headline_like(s: str) -> bool:
    """A possible headline: 3 to 30 words, no final full stop or comma, mostly letters."""
    s = s.strip()
    tokens = _TOKEN_RE.findall(s)
    if not 3 <= len(tokens) <= 30 or len(s) > 250:
        return False
    if s[-1] in ".,;:" and not s.endswith("..."):
        return False
    letters = sum(1 for c in s if c.isalpha())
    return letters >= 0.6 * len(s.replace(" ", ""))


def is_placeholder(s: str) -> bool:
    """An editorial placeholder line such as \"[no title]\"."""
    s = s.strip()
    return s.startswith("[") and s.endswith("]") and len(s.split()) <= 8


class _Page:
    """Lines of one article with their kinds and the lines that must be kept."""

    def __init__(
        self, lines: list[Line], kinds: list[str], keep: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.lines = lines
        self.kinds = list(kinds)
        self.keep: set[int] = set()
        for start, end in keep:
            for i, line in enumerate(self.lines):
                if line.start <= start <= line.end or start <= line.start < end:
                    self.keep.add(i)
                    if self.kinds[i] != PROSE:
                        self.kinds[i] = SHORT
        self._mark_repeated_captions()

    @classmethod
    def of(cls, article: Article) -> _Page:
        lines = split_lines(article.text)
        keep = [article.title_span] if article.title_span is not None else []
        if article.dateline is not None:
            keep.append((article.dateline.start, article.dateline.end))
        return cls(lines, [line_kind(line.text) for line in lines], keep)

    def _mark_repeated_captions(self) -> None:
        # An uncredited caption is often repeated just below with its credit appended.
        for i in range(len(self.lines) - 1):
            a, b = self.lines[i].text.strip(), self.lines[i + 1].text.strip()
            if a and self.kinds[i + 1] == CAPTION and b.startswith(a) and b != a:
                self.kinds[i] = CAPTION

    def prev_nonblank(self, i: int) -> int | None:
        for j in range(i - 1, -1, -1):
            if self.kinds[j] != BLANK:
                return j
        return None

    def next_nonblank(self, i: int) -> int | None:
        for j in range(i + 1, len(self.lines)):
            if self.kinds[j] != BLANK:
                return j
        return None

    def is_teaser_head(self, i: int) -> bool:
        """Line i is a headline directly followed (no blank line) by a one-line blurb."""
        if i in self.keep or i + 1 >= len(self.lines):
            return False
        s = self.lines[i].text
        return (
            self.kinds[i] in (NAV, SHORT)
            and len(_TOKEN_RE.findall(s)) >= _TEASER_MIN_WORDS
            and is_headline_like(s)
            and self.kinds[i + 1] == PROSE
            and (i + 2 >= len(self.lines) or self.kinds[i + 2] != PROSE)
        )


def _runs(page: _Page, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """Runs of prose lines in [lo, hi) as (first, last, prose chars)."""
    runs: list[tuple[int, int, int]] = []
    first = last = -1
    chars = gap = 0
    for i in range(lo, hi):
        kind = page.kinds[i]
        if kind == PROSE:
            if first < 0:
                first, chars = i, 0
            last, gap = i, 0
            chars += len(page.lines[i].text.strip())
        elif kind == BLANK:
            continue
        else:
            gap += 1
            if first >= 0 and (kind == SECTION or gap > _MAX_GAP):
                runs.append((first, last, chars))
                first = -1
    if first >= 0:
        runs.append((first, last, chars))
    return runs


def _teaser_pairs_after(page: _Page, start: int, stop: int) -> set[int]:
    """Lines of the teaser pairs from `start` on, if they lead into junk, not article text."""
    pairs: list[int] = []
    i: int | None = start
    while i is not None and i < stop and page.is_teaser_head(i):
        pairs.append(i)
        i = page.next_nonblank(i + 1)
    while i is not None and i < stop and page.kinds[i] == NAV:
        i = page.next_nonblank(i)
    if i is None or i >= stop:
        # The end of the text (or the start of the body) is evidence only for a list of teasers.
        into_junk = len(pairs) >= 2
    else:
        into_junk = page.kinds[i] in STRONG_KINDS
    if not pairs or not into_junk:
        return set()
    return {j for h in pairs for j in (h, h + 1)}


def _body(page: _Page, lo: int) -> tuple[int, int] | None:
    """The first and last line of the body: the longest run of prose, minus trailing teasers."""
    runs = _runs(page, lo, len(page.lines))
    if not runs:
        return None
    first, last, _ = max(runs, key=lambda r: (r[2], -r[0]))
    # A run can start with a rail of teasers (bridged over a byline or caption) ...
    if first > 0 and page.is_teaser_head(first - 1):
        teasers = _teaser_pairs_after(page, first - 1, len(page.lines))
        if teasers:
            after = [j for j in range(max(teasers) + 1, last + 1) if page.kinds[j] == PROSE]
            if after:
                first = after[0]
    # ... and end with teasers of other stories: headline lines each glued to a one-line
    # blurb, set off from the body by a blank line or junk, with junk after them. A subhead
    # glued to the body's last paragraph is the article's own.
    head = last - 1
    chain: list[int] = []
    while head > first and page.is_teaser_head(head):
        chain.append(head)
        if head - 2 > first and page.is_teaser_head(head - 2):
            head -= 2
            continue
        break
    if chain:
        lead = chain[-1]
        before = page.kinds[lead - 1]
        if (before == BLANK or before in STRONG_KINDS) and _teaser_pairs_after(
            page, lead, len(page.lines)
        ):
            prose = [j for j in range(first, lead) if page.kinds[j] == PROSE]
            if prose:
                last = prose[-1]
    return first, last


_MENU_NEIGHBOURS = frozenset({NAV, SECTION, FORM, WIDGET, LINK})


def find_body(lines: list[Line], kinds: list[str], *, start: int = 0) -> tuple[int, int] | None:
    """Indexes of the first and last line of the body: the longest run of prose from `start`."""
    return _body(_Page(lines, kinds), start)


def _is_menu(page: _Page, i: int, neighbours: frozenset[str] = _MENU_NEIGHBOURS) -> bool:
    """A NAV line that is part of a menu: a tag list, a word or three, or next to other junk.

    A lone capitalised line next to article lines (or a byline) is more likely a heading.
    """
    if page.kinds[i] != NAV:
        return False
    s = page.lines[i].text
    if _is_tag_list(s) or len(_TOKEN_RE.findall(s)) <= 3:
        return True
    for j in (page.prev_nonblank(i), page.next_nonblank(i)):
        if j is not None and j not in page.keep and page.kinds[j] in neighbours:
            return True
    return False


def _blank_lines(page: _Page, article: Article) -> set[int]:
    lines, kinds = page.lines, page.kinds
    n = len(lines)
    title_idx = _title_index(page, article)
    lo = title_idx + 1 if title_idx is not None else 0
    body = _body(page, lo)
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
            pairs = _teaser_pairs_after(page, i, body_first)
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
            pairs = _teaser_pairs_after(page, i, n)
            if pairs:
                blank |= pairs
                i = max(pairs) + 1
                continue
        if junk(i) or _is_menu(page, i, _MENU_NEIGHBOURS | STRONG_KINDS):
            blank.add(i)
        i += 1
    blank -= page.keep
    return {i for i in blank if kinds[i] != BLANK}


def _title_index(page: _Page, article: Article) -> int | None:
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


def header_match(lines: list[Line]) -> tuple[Line, re.Match[str]] | None:
    """The `date YYYY-MM-DD` header on the first non-blank line, well-formed or not."""
    for line in lines:
        if line.text.strip():
            m = HEADER_RE.match(line.text)
            return (line, m) if m else None
    return None


def clean_article(article: Article) -> Article:
    """Return a copy of `article` whose `nlp_text` has the boilerplate blanked out."""
    page = _Page.of(article)
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
    return dataclasses.replace(article, nlp_text="".join(out), warnings=list(article.warnings))
