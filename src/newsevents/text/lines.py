"""Line shapes: split a text into lines with offsets, classify each line by its shape
(prose, menu, caption, byline ...), and find the body, the longest run of prose lines.

`io.read` uses them to find titles, bylines and datelines; `clean` to blank boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from newsevents.text.patterns import DATE_RE, HEADER_RE, YEAR_RE

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
TOKEN_RE = re.compile(r"\S+")
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
    n = len(TOKEN_RE.findall(_strip_bullet(s)))
    return n >= 20 or (n >= 8 and bool(_SENTENCE_END_RE.search(s.rstrip())))


def _capitalised_share(words: list[str]) -> float:
    content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
    if not content:
        return 0.0
    return sum(1 for w in content if w[0].isupper()) / len(content)


def is_tag_list(s: str) -> bool:
    items = [i.strip() for i in s.split(",")]
    if len(items) < 3 or any(not i for i in items):
        return False
    return all(len(i.split()) <= 3 and i[0].isupper() for i in items)


def _is_nav(s: str, words: list[str]) -> bool:
    if is_tag_list(s):
        return True
    if len(words) > 12 or not words or s.rstrip()[-1:] in ".!?:;,\"”":
        return False
    if len(words) >= 5 and words[-1].lower() in _continuation_words():
        # "... spoke today with": a hard-wrapped sentence; no menu ends on "with" or "and".
        return False
    return _capitalised_share(words) >= 0.75


def _continuation_words() -> frozenset[str]:
    from newsevents.lexicon import words

    return words("line_continuation_words")


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
    words = TOKEN_RE.findall(s)
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
    tokens = TOKEN_RE.findall(s)
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
    tokens = TOKEN_RE.findall(s)
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


class Page:
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
            and len(TOKEN_RE.findall(s)) >= _TEASER_MIN_WORDS
            and is_headline_like(s)
            and self.kinds[i + 1] == PROSE
            and (i + 2 >= len(self.lines) or self.kinds[i + 2] != PROSE)
        )


def _runs(page: Page, lo: int, hi: int) -> list[tuple[int, int, int]]:
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


def teaser_pairs_after(page: Page, start: int, stop: int) -> set[int]:
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


def body_span(page: Page, lo: int) -> tuple[int, int] | None:
    """The first and last line of the body: the longest run of prose, minus trailing teasers."""
    runs = _runs(page, lo, len(page.lines))
    if not runs:
        return None
    first, last, _ = max(runs, key=lambda r: (r[2], -r[0]))
    # A run can start with a rail of teasers (bridged over a byline or caption) ...
    if first > 0 and page.is_teaser_head(first - 1):
        teasers = teaser_pairs_after(page, first - 1, len(page.lines))
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
        if (before == BLANK or before in STRONG_KINDS) and teaser_pairs_after(
            page, lead, len(page.lines)
        ):
            prose = [j for j in range(first, lead) if page.kinds[j] == PROSE]
            if prose:
                last = prose[-1]
    return first, last


def find_body(lines: list[Line], kinds: list[str], *, start: int = 0) -> tuple[int, int] | None:
    """Indexes of the first and last line of the body: the longest run of prose from `start`."""
    return body_span(Page(lines, kinds), start)


def header_match(lines: list[Line]) -> tuple[Line, re.Match[str]] | None:
    """The `date YYYY-MM-DD` header on the first non-blank line, well-formed or not."""
    for line in lines:
        if line.text.strip():
            m = HEADER_RE.match(line.text)
            return (line, m) if m else None
    return None
