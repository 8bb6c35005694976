"""Dates: resolve DATE/TIME expressions and pick a call's date by the documented precedence.

`resolve_expression` turns one entity text ("on Wednesday", "Feb. 12", "last June") into a
`ResolvedDate` against an anchor day; `call_date` applies the precedence of DESIGN.md
("Dates: precedence") and returns the keys of `records.EventDate`.

It runs on every DATE entity of large corpora, so the shapes news actually uses are handled by
regular expressions and dateparser (`languages=["en"]`, imported lazily: the import alone
takes about a second) is called only for the rest. Both levels are memoised.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from newsevents.text.patterns import MONTH_NUMBERS

__all__ = ["ResolvedDate", "call_date", "month_number", "resolve_expression"]

Prefer = Literal["past", "future"]


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """One date expression, resolved as far as its text and the anchor allow."""

    value: datetime.date | None  # only at day granularity
    granularity: str | None  # "day" | "month" | "year" | None
    kind: str  # "explicit" (the text alone fixes the date) | "relative" (needs the anchor)
    text: str  # the expression as given


# Internal precision of a resolved expression. "week", "span" (a range of days) and "vague"
# all map to granularity None but `call_date` treats them differently: a week or a span is the
# call's date, only too coarse; "recently" says no more than the publication date does.
_Level = Literal["day", "week", "span", "month", "year", "vague"]

_MONTHS = MONTH_NUMBERS
_WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
# Abbreviations are accepted only in front of a full date ("Tue, Feb. 11"), where they are safe.
_WEEKDAY_ABBR = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def number_value(text: str) -> int | None:
    """The value of a small number written as a word or digits ("two", "3")."""
    low = text.lower()
    return int(low) if low.isdigit() else _NUMBERS.get(low)


_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = f"(?P<month>{_MONTH_NAMES})"
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
_ANY_WEEKDAY = f"(?:{_WEEKDAY}|{_WEEKDAY_ABBR})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_REL = r"(?P<rel>this past|this coming|last|this|next|previous|past|coming)"
_TOD = r"(?:morning|afternoon|evening|night|overnight)"
_NUM = r"(?P<n>\d{1,3}|" + "|".join(_NUMBERS) + ")"

# Applied to the raw text, before punctuation is dropped.
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[t ][\d:.+z-]*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_NUMERIC_DATE = re.compile(r"^\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})$")
_TIME_ZONE = r"(?:gmt|utc|cet|cest|bst|msk|kst|jst|est|edt|pst|pdt|et|pt|ist)"
_CLOCK = re.compile(
    r"\b(?:at\s+|around\s+|about\s+|shortly\s+(?:before|after)\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\b\.?|p\.?\s?m\b\.?)|\d{1,2}:\d{2}\b(?:\s*(?:hrs|h)\b)?"
    r"|noon|midday|midnight)"
    rf"(?:\s*{_TIME_ZONE}\b(?:\s*[+-]\s*\d{{1,2}})?)?(?:\s+(?:local|[a-z]+)\s+time\b)?"
)
# A zone left without its clock: "Monday evening Paris time".
_ZONE = re.compile(r"\b(?:local|[a-z]+)\s+time$")
_PUNCT = re.compile(r"[.,;:!?\"“”‘]|'(?!s\b)|’(?!s\b)")
_POSSESSIVE = re.compile(r"['’]s\b")
_SPACES = re.compile(r"\s+")
# Words in front of the date proper: "on", "earlier on", "late", "the morning of", "mid-".
_LEAD = re.compile(
    r"^(?:on|in|at|during|over|by|since|until|till|from|of|around|about|as of|as early as|"
    r"sometime|some time|early|earlier|late|later|mid|middle|the (?:morning|afternoon|evening|"
    r"night|end|start|beginning|middle|close|turn) of|the (?:first|second) half of|"
    r"the (?:early|late) (?:hours|morning|evening) of|"
    r"the (?:first|second|third|fourth|last|final) (?:week|weekend|days|half) of)\s+"
    # An article only in front of a month: "an April conversation", "the February call".
    rf"|^(?:an?|the)\s+(?=(?:{_MONTH_NAMES})\b)"
)

_DAY_WORDS: dict[str, int] = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "last evening": -1, "the day before": -1,
    "the previous day": -1, "the day prior": -1, "a day earlier": -1, "one day earlier": -1,
    "the day before yesterday": -2, "tomorrow": 1, "the day after tomorrow": 2,
    "the next day": 1, "the following day": 1, "the day after": 1, "a day later": 1,
}  # fmt: skip
# Days counted from the day the story is telling, not from the anchor: "later that day", "the
# following day" (from the anchor when the text named no day before). Matched on the whole
# expression: a bare "the day" ("on the day the truce began") is no such reference.
_STORY_SAME_DAY = re.compile(
    r"^(?:on\s+)?(?:(?:later|earlier)\s+(?:in\s+the|that|on\s+that)\s+day|"
    r"(?:the|that)\s+same\s+day|that\s+day)$"
)
_STORY_NEXT_DAY = re.compile(
    r"^(?:on\s+)?(?:the\s+(?:next|following)\s+day|the\s+day\s+after|(?:a|one)\s+day\s+later)$"
)
_STORY_DAY_BEFORE = re.compile(
    r"^(?:on\s+)?(?:the\s+(?:previous|preceding)\s+day|the\s+day\s+(?:before|prior)|"
    r"(?:a|one)\s+day\s+earlier)$"
)
# A period that can only lie after the anchor ("next week's summit"): not when a held call was.
_FUTURE_PERIOD = re.compile(
    r"^(?:next|the next|coming|the coming|this coming)\s+(?:week|weekend|month|year)$"
)
_DAY_WORD_TOD = re.compile(rf"^(?P<word>yesterday|today|tomorrow)\s+{_TOD}$")
_DAYS_AGO = re.compile(rf"^{_NUM}\s+days?\s+ago$")
_WEEKDAY_RE = re.compile(
    rf"^(?:{_REL}\s+)?(?P<wd>{_WEEKDAY})(?:\s+{_TOD})?(?:\s+(?P<wrel>last|this|next)\s+week)?$"
)
_FULL_MDY = re.compile(rf"^(?:{_ANY_WEEKDAY}\s+)?{_MONTH}\s+{_DAY}\s+(?:of\s+)?{_YEAR}$")
_FULL_DMY = re.compile(rf"^(?:{_ANY_WEEKDAY}\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\s+{_YEAR}$")
_PART_MD = re.compile(
    rf"^(?:{_ANY_WEEKDAY}\s+)?{_MONTH}\s+(?:the\s+)?{_DAY}(?:\s+(?P<yrel>last|this|next)\s+year)?$"
)
_PART_DM = re.compile(
    rf"^(?:{_ANY_WEEKDAY}\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}"
    r"(?:\s+(?P<yrel>last|this|next)\s+year)?$"
)
# "February 12-13", "12 and 13 February", "Feb. 11 to 13, 2025": a span, not one day.
_RANGE = re.compile(
    rf"^(?:{_MONTH}\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|and|to|through|or)\s*"
    rf"(?:{_MONTH_NAMES}\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?:{_MONTH_NAMES}))?"
    rf"(?:\s+{_YEAR})?$"
)
# A full date inside other words ("September 20 2016 update", from a page's timestamp line).
_FULL_INSIDE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY}\s+{_YEAR}|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<month2>{_MONTH_NAMES})\s+(?P<year2>(?:19|20)\d{{2}}))\b"
)
_DAY_OF_MONTH = re.compile(r"^(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}\s+(?:of\s+)?{_YEAR}$")
_MONTH_REL = re.compile(rf"^(?:{_REL}\s+)?{_MONTH}(?:\s+(?P<yrel>last|this|next)\s+year)?$")
_YEAR_ONLY = re.compile(
    r"^(?:(?:the\s+)?year\s+)?(?:(?:the\s+)?(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?"
    rf"{_YEAR}$"
)
_UNIT_REL = re.compile(
    r"^(?:last|this|next|previous|the previous|the following|the coming|the current)\s+"
    r"(?P<unit>week|weekend|month|year)$"
)
_UNIT_AGO = re.compile(rf"^{_NUM}\s+(?P<unit>week|month|year)s?\s+ago$")
_SEASON_REL = re.compile(r"^(?:last|this|next|past)\s+(?:spring|summer|autumn|fall|winter)$")
_VAGUE = re.compile(
    r"^(?:(?:just |very |only )?recently|lately|the other day|"
    r"(?:several|a few|a couple of|a couple|few) (?:days|weeks) ago)$"
)
_WEEKEND = frozenset({"the weekend", "weekend"})

# Fallback gate: dateparser only sees text that names a month, weekday or year or is numeric,
# and never a duration, an age or a frequency (which it would happily turn into dates).
_CALENDARISH = re.compile(
    rf"\b(?:{_MONTH_NAMES}|{_WEEKDAY}|(?:19|20)\d{{2}})\b|^\d{{1,2}}[./]\d{{1,2}}[./]\d{{2,4}}$"
)
_NOT_A_DATE = re.compile(
    r"\b(?:seconds?|minutes?|hours?|decades?|century|centuries|anniversary|old|age|aged|"
    r"weekly|daily|monthly|yearly|annual|annually|hourly|biweekly|fortnightly|"
    r"period|season|term|era|times)\b|\d+s\b|\b(?:days|weeks|months|years)\b(?!\s+ago)"
)


def resolve_expression(
    text: str, anchor: datetime.date | None, *, prefer: str = "past"
) -> ResolvedDate | None:
    """Resolve one DATE/TIME entity text against `anchor`; None if it is no calendar reference.

    Args:
        text: the entity text, possibly with a preposition ("on Wednesday").
        anchor: the day relative expressions count from (dateline date, else publication).
        prefer: "past" (a held call: a bare weekday or month-day is the latest one not after
            the anchor) or "future" (a planned call: the earliest one not before it).
    """
    if prefer not in ("past", "future"):
        raise ValueError(f"prefer must be 'past' or 'future', not {prefer!r}")
    resolved = _resolve(text.strip(), anchor, prefer)
    return resolved[0] if resolved is not None else None


def call_date(
    *,
    sentence: Sequence[str],
    title: Sequence[str] = (),
    title_names_call: bool = False,
    lede: Sequence[str] = (),
    main_event: bool = False,
    said: Sequence[str] = (),
    quote_said: Sequence[str] = (),
    dateline: datetime.date | None = None,
    published: datetime.date | None = None,
    status: str = "held",
    reference: datetime.date | None = None,
    previous: dict[str, Any] | None = None,
    posted: datetime.date | None = None,
) -> dict[str, Any]:
    """The date of one call by the precedence of DESIGN.md, as the keys of `EventDate`.

    Args:
        sentence: DATE/TIME texts of the call's sentence or clause, best candidate first.
        title: DATE texts of the title, used only when `title_names_call`.
        lede: DATE texts of the lead sentence when it restates the title's call (the headline
            names the call, the lead gives its day): used after the title, for the main event.
        main_event: the call is the article's main event (lets the dateline date apply).
        said: DATE texts of the saying that reports the call as past ("said on Tuesday that
            he had spoken with X"): the call's date when nothing above gives one, before the
            previous call's day, the dateline and the publication date.
        quote_said: DATE texts of the saying a call told in direct speech is reported with
            ('"Today we held a call," X said on Monday'): the quote's today, yesterday and
            the like count from that day, not from the anchor.
        status: "planned" resolves bare weekdays and month-days forward.
        reference: the last day the text named before the call's sentence; "later that day",
            "the following day" count from it (from the anchor when it is None).
        previous: the date (as returned here) of the call reported just before this one with
            a party in common; a later call with no date of its own took place that day, when
            that date was read from the text. Not used for the main event.
        posted: the day of a social-media post the page embeds, for a page with no dateline
            or publication date: relative expressions count from it, but it is no
            publication date for an undated call.

    Returns:
        value, text, basis, granularity, anchor, reason. For the dateline and publication
        bases `text` is None: no expression of the text gave the date.
        A sentence candidate that is only month-, year- or week-level or a range of days
        stops the search (reason "month_only", "year_only", "week_only", "span_only"): the
        call has a date, only a coarse one, so a fallback day would be wrong. "recently" and
        the like are skipped: they say no more than the publication date. So is, for a held
        call, an expression that can only lie after the anchor ("next week's summit",
        "tomorrow"): it dates something else. A relative day with no anchor at all ends as
        value None, granularity "day", reason "no_anchor".
    """
    anchor = dateline or published or posted
    prefer: Prefer = "future" if status == "planned" else "past"
    unanchored: ResolvedDate | None = None
    vague = False
    speech_day = _said_day(quote_said, anchor)
    for text in sentence:
        if speech_day is not None and _counts_from_speech(text):
            resolved = _resolve(text.strip(), speech_day, prefer)
        else:
            resolved = _resolve_in_story(text.strip(), anchor, prefer, reference)
        if resolved is None:
            continue
        date, level = resolved
        if level == "vague":
            vague = True
            continue
        if status == "held" and _after_anchor(date, level, anchor):
            continue
        if level == "day":
            if date.value is None:
                # A relative day without an anchor: a later candidate may still be explicit.
                unanchored = unanchored or date
                continue
            return _event_date(date.value, date.text, date.kind, anchor)
        return _coarse(date, level, anchor)
    for texts, applies in ((title, title_names_call), (lede, main_event)):
        if applies:
            for text in texts:
                resolved = _resolve(text.strip(), anchor, prefer)
                if resolved is None or resolved[0].value is None:
                    continue
                date = resolved[0]
                if status == "held" and _after_anchor(date, resolved[1], anchor):
                    continue
                return _event_date(date.value, date.text, date.kind, anchor)
    for text in said:
        resolved = _resolve(text.strip(), anchor, "past")
        if resolved is None or resolved[1] != "day" or resolved[0].value is None:
            continue
        if _after_anchor(resolved[0], resolved[1], anchor):
            continue
        return _event_date(resolved[0].value, resolved[0].text, resolved[0].kind, anchor)
    if (
        not main_event
        and status == "held"
        and previous is not None
        and not vague
        and unanchored is None
        and previous.get("value") is not None
        and previous.get("basis") in ("explicit", "relative")
    ):
        return {**previous, "anchor": _iso(anchor), "reason": None}
    if main_event and dateline is not None:
        return _event_date(dateline, None, "dateline", anchor)
    if published is not None:
        return _event_date(published, None, "publication", anchor)
    if unanchored is not None:
        return {
            "value": None,
            "text": unanchored.text,
            "basis": None,
            "granularity": "day",
            "anchor": None,
            "reason": "no_anchor",
        }
    return {
        "value": None,
        "text": None,
        "basis": None,
        "granularity": None,
        "anchor": _iso(anchor),
        "reason": "no_date_expression",
    }


def month_number(word: str) -> int | None:
    """The month a month name or its abbreviation names ("Sept." -> 9), else None."""
    return _MONTHS.get(word.lower().rstrip("."))


def _resolve_in_story(
    text: str, anchor: datetime.date | None, prefer: str, reference: datetime.date | None
) -> tuple[ResolvedDate, _Level] | None:
    """`_resolve`, with the days that count from the story's own day ("later that day")."""
    s = _SPACES.sub(" ", _PUNCT.sub(" ", _PARENS.sub(" ", text).lower())).strip()
    if _STORY_SAME_DAY.match(s):
        offset = 0
    elif _STORY_NEXT_DAY.match(s):
        offset = 1
    elif _STORY_DAY_BEFORE.match(s):
        offset = -1
    else:
        return _resolve(text, anchor, prefer)
    base = reference or anchor
    value = base + datetime.timedelta(days=offset) if base is not None else None
    return ResolvedDate(value, "day", "relative", text), "day"


def _said_day(texts: Sequence[str], anchor: datetime.date | None) -> datetime.date | None:
    """The first day the texts name, at or before the anchor."""
    for text in texts:
        resolved = _resolve(text.strip(), anchor, "past")
        if resolved is None or resolved[1] != "day" or resolved[0].value is None:
            continue
        if not _after_anchor(resolved[0], resolved[1], anchor):
            return resolved[0].value
    return None


def _counts_from_speech(text: str) -> bool:
    """ "today", "this evening", "yesterday", "two days ago": days the speaker counts from
    the day of speaking."""
    s = _normalise(_PARENS.sub(" ", text).strip().lower())
    return s in _DAY_WORDS or bool(_DAY_WORD_TOD.match(s) or _DAYS_AGO.match(s))


def _after_anchor(date: ResolvedDate, level: str, anchor: datetime.date | None) -> bool:
    """A relative expression that lies wholly after the anchor ("tomorrow", "next week")."""
    if date.kind != "relative":
        return False
    if level == "day":
        return anchor is not None and date.value is not None and date.value > anchor
    return bool(_FUTURE_PERIOD.match(_normalise(_PARENS.sub(" ", date.text).strip().lower())))


def _event_date(
    value: datetime.date | None,
    text: str | None,
    basis: str,
    anchor: datetime.date | None,
) -> dict[str, Any]:
    return {
        "value": _iso(value),
        "text": text,
        "basis": basis,
        "granularity": "day",
        "anchor": _iso(anchor),
        "reason": None,
    }


def _coarse(date: ResolvedDate, level: str, anchor: datetime.date | None) -> dict[str, Any]:
    return {
        "value": None,
        "text": date.text,
        "basis": None,
        "granularity": date.granularity,
        "anchor": _iso(anchor),
        "reason": f"{level}_only",
    }


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


@lru_cache(maxsize=65536)
def _resolve(
    text: str, anchor: datetime.date | None, prefer: str
) -> tuple[ResolvedDate, _Level] | None:
    """Resolve `text`; the level tells week-level and vague expressions apart."""
    raw = _PARENS.sub(" ", text).strip().lower()
    iso = _ISO.match(raw)
    if iso:
        day = _make_date(int(iso[1]), int(iso[2]), int(iso[3]))
        return (ResolvedDate(day, "day", "explicit", text), "day") if day else None
    if _ISO_MONTH.match(raw):
        return ResolvedDate(None, "month", "explicit", text), "month"
    if _NUMERIC_DATE.match(raw):
        return _dateparser_resolve(raw, text, anchor, prefer)
    s = _normalise(raw)
    if not s:
        return None
    found = _match_shapes(s, text, anchor, prefer)
    if found is not None:
        return found if found is not _NO_DATE else None
    inside = list(_FULL_INSIDE.finditer(s))
    if len(inside) == 1:
        m = inside[0]
        day = _make_date(
            int(m["year"] or m["year2"]),
            _MONTHS[m["month"] or m["month2"]],
            int(m["day"] or m["day2"]),
        )
        return (ResolvedDate(day, "day", "explicit", text), "day") if day else None
    if _NOT_A_DATE.search(s) or not _CALENDARISH.search(s):
        return None
    return _dateparser_resolve(s, text, anchor, prefer)


def _normalise(raw: str) -> str:
    """Lower-cased text without clock times, zones, punctuation and leading prepositions."""
    s = _CLOCK.sub(" ", raw)
    s = _ZONE.sub(" ", s)
    s = _POSSESSIVE.sub("", s)
    s = s.replace("mid-", "mid ").replace("–", "-").replace("—", "-")
    s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip(" -/|")
    # "January of this year" is "January this year".
    s = s.replace(" of this year", " this year").replace(" of last year", " last year")
    # Strip leading words one at a time but keep a lone "earlier"/"late" etc.
    while True:
        stripped = _LEAD.sub("", s, count=1)
        if stripped == s or not stripped:
            return s
        s = stripped


# Sentinel: the text matched a shape that is known not to be a date (an invalid day).
_NO_DATE: Any = object()


def _match_shapes(
    s: str, text: str, anchor: datetime.date | None, prefer: str
) -> tuple[ResolvedDate, _Level] | Any | None:
    """The cheap path: the shapes news writes dates in. None if no shape matched."""
    if s in _DAY_WORDS:
        return _relative_day(text, anchor, _DAY_WORDS[s])
    m = _DAY_WORD_TOD.match(s)
    if m:
        return _relative_day(text, anchor, {"yesterday": -1, "today": 0, "tomorrow": 1}[m["word"]])
    m = _DAYS_AGO.match(s)
    if m:
        return _relative_day(text, anchor, -_number(m["n"]))
    m = _WEEKDAY_RE.match(s)
    if m:
        return _weekday(text, anchor, prefer, _WEEKDAYS[m["wd"]], m["rel"], m["wrel"])
    m = _FULL_MDY.match(s) or _FULL_DMY.match(s)
    if m:
        day = _make_date(int(m["year"]), _MONTHS[m["month"]], int(m["day"]))
        return (ResolvedDate(day, "day", "explicit", text), "day") if day else _NO_DATE
    m = _PART_MD.match(s) or _PART_DM.match(s)
    if m:
        return _month_day(text, anchor, prefer, _MONTHS[m["month"]], int(m["day"]), m["yrel"])
    m = _MONTH_YEAR.match(s)
    if m:
        return ResolvedDate(None, "month", "explicit", text), "month"
    m = _MONTH_REL.match(s)
    if m:
        return ResolvedDate(None, "month", "relative", text), "month"
    m = _YEAR_ONLY.match(s)
    if m:
        return ResolvedDate(None, "year", "explicit", text), "year"
    m = _UNIT_REL.match(s) or _UNIT_AGO.match(s)
    if m:
        unit = m["unit"]
        if unit == "month":
            return ResolvedDate(None, "month", "relative", text), "month"
        if unit == "year":
            return ResolvedDate(None, "year", "relative", text), "year"
        return ResolvedDate(None, None, "relative", text), "week"
    if s in _WEEKEND:
        return ResolvedDate(None, None, "relative", text), "week"
    if _SEASON_REL.match(s):
        return ResolvedDate(None, "year", "relative", text), "year"
    if _VAGUE.match(s):
        return ResolvedDate(None, None, "relative", text), "vague"
    m = _RANGE.match(s)
    if m and re.search(rf"\b(?:{_MONTH_NAMES})\b", s):
        kind = "explicit" if m["year"] else "relative"
        return ResolvedDate(None, None, kind, text), "span"
    m = _DAY_OF_MONTH.match(s)
    if m:
        return _day_of_month(text, anchor, prefer, int(m["day"]))
    return None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _relative_day(
    text: str, anchor: datetime.date | None, offset: int
) -> tuple[ResolvedDate, _Level]:
    value = anchor + datetime.timedelta(days=offset) if anchor is not None else None
    return ResolvedDate(value, "day", "relative", text), "day"


def _weekday(
    text: str,
    anchor: datetime.date | None,
    prefer: str,
    weekday: int,
    rel: str | None,
    week_rel: str | None,
) -> tuple[ResolvedDate, _Level]:
    """A weekday, by the rules of DESIGN.md: the anchor's own weekday is the anchor day."""
    if anchor is None:
        return ResolvedDate(None, "day", "relative", text), "day"
    if week_rel is not None:
        # "Tuesday last week": that weekday of the calendar week (Monday first) named.
        monday = anchor - datetime.timedelta(days=anchor.weekday())
        shift = {"last": -7, "this": 0, "next": 7}[week_rel]
        value = monday + datetime.timedelta(days=shift + weekday)
        return ResolvedDate(value, "day", "relative", text), "day"
    back = (anchor.weekday() - weekday) % 7
    forward = (weekday - anchor.weekday()) % 7
    if rel in ("last", "previous", "past", "this past"):
        value = anchor - datetime.timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming"):
        value = anchor + datetime.timedelta(days=forward or 7)
    elif prefer == "future":
        value = anchor + datetime.timedelta(days=forward)
    else:
        value = anchor - datetime.timedelta(days=back)
    return ResolvedDate(value, "day", "relative", text), "day"


def _month_day(
    text: str,
    anchor: datetime.date | None,
    prefer: str,
    month: int,
    day: int,
    year_rel: str | None,
) -> tuple[ResolvedDate, _Level] | Any:
    """A month and day without a year: the year nearest the anchor on the preferred side."""
    if not 1 <= day <= 31 or _make_date(2000, month, day) is None:  # 2000: Feb 29 exists
        return _NO_DATE
    if anchor is None:
        return ResolvedDate(None, "day", "relative", text), "day"
    if year_rel is not None:
        year = anchor.year + {"last": -1, "this": 0, "next": 1}[year_rel]
        value = _make_date(year, month, day)
        return (ResolvedDate(value, "day", "relative", text), "day") if value else _NO_DATE
    # Eight years either side so that February 29 always has a leap year on each side.
    candidates = [
        d for y in range(anchor.year - 8, anchor.year + 9)
        if (d := _make_date(y, month, day)) is not None
    ]  # fmt: skip
    return ResolvedDate(_nearest(candidates, anchor, prefer), "day", "relative", text), "day"


def _day_of_month(
    text: str, anchor: datetime.date | None, prefer: str, day: int
) -> tuple[ResolvedDate, _Level] | Any:
    """A bare day of the month ("the 12th"), nearest the anchor on the preferred side."""
    if not 1 <= day <= 31:
        return _NO_DATE
    if anchor is None:
        return ResolvedDate(None, "day", "relative", text), "day"
    candidates = []
    for shift in (-2, -1, 0, 1, 2):
        index = anchor.year * 12 + anchor.month - 1 + shift
        if (d := _make_date(index // 12, index % 12 + 1, day)) is not None:
            candidates.append(d)
    return ResolvedDate(_nearest(candidates, anchor, prefer), "day", "relative", text), "day"


def _nearest(
    candidates: list[datetime.date], anchor: datetime.date, prefer: str
) -> datetime.date | None:
    if prefer == "future":
        after = [d for d in candidates if d >= anchor]
        return min(after) if after else None
    before = [d for d in candidates if d <= anchor]
    return max(before) if before else None


def _dateparser_resolve(
    s: str, text: str, anchor: datetime.date | None, prefer: str
) -> tuple[ResolvedDate, _Level] | None:
    """The slow path for shapes the regular expressions do not know."""
    # Without an anchor a fixed base still gives the period; the value is dropped below.
    base = anchor or datetime.date(2000, 1, 1)
    date_obj, period = _dateparser_parse(s, base, prefer)
    if date_obj is None:
        return None
    has_year = re.search(r"\b(?:19|20)\d{2}\b", s) or _NUMERIC_DATE.match(s)
    kind = "explicit" if has_year else "relative"
    year = re.search(r"\b((?:19|20)\d{2})\b", s)
    if year and int(year[1]) != date_obj.year:
        return None  # dateparser read a day or a range end as the year ("February 12-13")
    if not has_year and abs((date_obj.date() - base).days) > 400:
        return None
    named = _NUMERIC_DATE.match(s) or re.search(rf"\b(?:{_MONTH_NAMES}|{_WEEKDAY})", s)
    if period in ("day", "time") and not named:
        return None  # month and day filled in from the base, not read from the text
    if period in ("day", "time"):
        value = date_obj.date() if kind == "explicit" or anchor is not None else None
        return ResolvedDate(value, "day", kind, text), "day"
    if period == "month":
        return ResolvedDate(None, "month", kind, text), "month"
    if period == "year":
        return ResolvedDate(None, "year", kind, text), "year"
    if period == "week":
        return ResolvedDate(None, None, kind, text), "week"
    return None


@lru_cache(maxsize=8192)
def _dateparser_parse(
    s: str, base: datetime.date, prefer: str
) -> tuple[datetime.datetime | None, str | None]:
    from dateparser.date import DateDataParser  # about 1 s to import: only when needed

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime.datetime.combine(base, datetime.time()),
            "PREFER_DATES_FROM": prefer,
            "RETURN_TIME_AS_PERIOD": True,
            "DATE_ORDER": "DMY" if re.match(r"^\d{1,2}\.\d", s) else "MDY",
        },
    )
    data = parser.get_date_data(s)
    return data.date_obj, data.period
