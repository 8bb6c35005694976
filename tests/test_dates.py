"""Date expressions and the call-date precedence of DESIGN.md."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents import dates
from newsevents.dates import ResolvedDate, call_date, resolve_expression
from newsevents.records import EventDate

D = datetime.date
THU = D(2025, 2, 13)  # a Thursday: the anchor of most cases below


@pytest.mark.parametrize(
    ("text", "anchor", "prefer", "value", "granularity", "kind"),
    [
        # full dates: explicit, whatever the anchor
        ("February 12, 2025", THU, "past", D(2025, 2, 12), "day", "explicit"),
        ("12 February 2025", THU, "past", D(2025, 2, 12), "day", "explicit"),
        ("2025-02-12", None, "past", D(2025, 2, 12), "day", "explicit"),
        ("July 25, 2019", THU, "past", D(2019, 7, 25), "day", "explicit"),
        ("On 29 September 2020", None, "past", D(2020, 9, 29), "day", "explicit"),
        ("Wed., Feb. 12, 2025", THU, "past", D(2025, 2, 12), "day", "explicit"),
        ("the 3rd of March 2021", THU, "past", D(2021, 3, 3), "day", "explicit"),
        ("Sept. 11, 2001", THU, "future", D(2001, 9, 11), "day", "explicit"),
        # month and day: the nearest such day not after the anchor
        ("Feb. 12", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("February 12", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("12 February", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("Feb 13th", THU, "past", D(2025, 2, 13), "day", "relative"),
        ("May 3", THU, "past", D(2024, 5, 3), "day", "relative"),
        ("May 3", THU, "future", D(2025, 5, 3), "day", "relative"),
        ("December 30", D(2025, 1, 3), "past", D(2024, 12, 30), "day", "relative"),
        ("January 2", D(2024, 12, 30), "future", D(2025, 1, 2), "day", "relative"),
        ("Tuesday, Feb. 11", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("the morning of 10 February", THU, "past", D(2025, 2, 10), "day", "relative"),
        ("14 November last year", THU, "past", D(2024, 11, 14), "day", "relative"),
        ("February 29", D(2025, 3, 1), "past", D(2024, 2, 29), "day", "relative"),
        ("the 12th", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("the 20th", THU, "past", D(2025, 1, 20), "day", "relative"),
        # weekdays: the anchor's own weekday is the anchor day
        ("on Wednesday", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("Thursday", THU, "past", THU, "day", "relative"),
        ("Thursday", THU, "future", THU, "day", "relative"),
        ("Tuesday", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("Tuesday", THU, "future", D(2025, 2, 18), "day", "relative"),
        ("Sunday", THU, "past", D(2025, 2, 9), "day", "relative"),
        ("Tuesday afternoon", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("Friday night", THU, "past", D(2025, 2, 7), "day", "relative"),
        ("Monday night", THU, "past", D(2025, 2, 10), "day", "relative"),
        ("Friday night (Tokyo time)", THU, "past", D(2025, 2, 7), "day", "relative"),
        ("earlier on Tuesday", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("late Wednesday", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("Wednesday at 3 p.m. local time", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("at 10:00 GMT on Monday", THU, "past", D(2025, 2, 10), "day", "relative"),
        ("Tuesday's", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("last Tuesday", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("last Thursday", THU, "past", D(2025, 2, 6), "day", "relative"),
        ("next Thursday", THU, "past", D(2025, 2, 20), "day", "relative"),
        ("Tuesday last week", THU, "past", D(2025, 2, 4), "day", "relative"),
        ("Saturday", D(2025, 1, 2), "past", D(2024, 12, 28), "day", "relative"),
        # days named from the anchor
        ("yesterday", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("yesterday evening", D(2025, 1, 1), "past", D(2024, 12, 31), "day", "relative"),
        ("today", THU, "past", THU, "day", "relative"),
        ("this morning", THU, "past", THU, "day", "relative"),
        ("earlier today", THU, "past", THU, "day", "relative"),
        ("this afternoon", THU, "past", THU, "day", "relative"),
        ("this evening", THU, "past", THU, "day", "relative"),
        ("tonight", THU, "future", THU, "day", "relative"),
        ("last night", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("the day before", THU, "past", D(2025, 2, 12), "day", "relative"),
        ("two days ago", THU, "past", D(2025, 2, 11), "day", "relative"),
        ("tomorrow", THU, "future", D(2025, 2, 14), "day", "relative"),
        # no anchor: a relative day stays unresolved
        ("Feb. 12", None, "past", None, "day", "relative"),
        ("on Wednesday", None, "past", None, "day", "relative"),
        ("yesterday", None, "past", None, "day", "relative"),
        # month or year only
        ("in February", THU, "past", None, "month", "relative"),
        ("last June", THU, "past", None, "month", "relative"),
        ("June 2015", THU, "past", None, "month", "explicit"),
        ("April", THU, "past", None, "month", "relative"),
        ("an April", THU, "past", None, "month", "relative"),
        ("December", None, "past", None, "month", "relative"),
        ("mid-February", THU, "past", None, "month", "relative"),
        ("last month", THU, "past", None, "month", "relative"),
        ("2019", THU, "past", None, "year", "explicit"),
        ("in 2019", None, "past", None, "year", "explicit"),
        ("the summer of 2019", THU, "past", None, "year", "explicit"),
        ("earlier this year", THU, "past", None, "year", "relative"),
        ("last year", THU, "past", None, "year", "relative"),
        # coarser than a day but no month or year either
        ("last week", THU, "past", None, None, "relative"),
        ("next week", THU, "future", None, None, "relative"),
        ("over the weekend", THU, "past", None, None, "relative"),
        ("recently", THU, "past", None, None, "relative"),
        ("February 12-13", THU, "past", None, None, "relative"),
        # page timestamps with junk around the date
        ("April 29, 2018 -", THU, "past", D(2018, 4, 29), "day", "explicit"),
        ("Updated 3 March 2021, 10:15", THU, "past", D(2021, 3, 3), "day", "explicit"),
        ("2020-02", THU, "past", None, "month", "explicit"),
        # shapes only dateparser knows
        ("12-Feb-2025", THU, "past", D(2025, 2, 12), "day", "explicit"),
        ("12.02.2025", THU, "past", D(2025, 2, 12), "day", "explicit"),
    ],
)
def test_resolve_expression(
    text: str,
    anchor: datetime.date | None,
    prefer: str,
    value: datetime.date | None,
    granularity: str | None,
    kind: str,
) -> None:
    assert resolve_expression(text, anchor, prefer=prefer) == ResolvedDate(
        value, granularity, kind, text
    )


@pytest.mark.parametrize(
    "text",
    [
        "30 minutes",
        "two-hour",
        "an hour",
        "decades",
        "the 75th anniversary",
        "four-day",
        "years",
        "weekly",
        "the past few days",
        "recent weeks",
        "48 hours",
        "the past 24 hours",
        "eight years",
        "the 1990s",
        "3 p.m.",
        "later that day",
        "February 30",
        "2020-13",
        "May-June",
        "",
    ],
)
def test_non_dates_are_none(text: str) -> None:
    assert resolve_expression(text, THU) is None


@pytest.mark.parametrize(
    "text", ["on Wednesday", "Feb. 12", "12 February 2025", "yesterday", "last June", "2019"]
)
def test_common_shapes_never_call_dateparser(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError(f"dateparser called for {text!r}")

    monkeypatch.setattr(dates, "_dateparser_parse", refuse)
    dates._resolve.cache_clear()
    assert resolve_expression(text, D(2021, 6, 30)) is not None


@pytest.mark.parametrize("prefer", ["backwards", ""])
def test_prefer_is_checked(prefer: str) -> None:
    with pytest.raises(ValueError, match="prefer"):
        resolve_expression("Tuesday", THU, prefer=prefer)


@given(
    anchor=st.dates(D(1990, 1, 1), D(2090, 12, 31)),
    weekday=st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
    prefer=st.sampled_from(["past", "future"]),
)
def test_weekday_is_within_a_week_on_the_preferred_side(
    anchor: datetime.date, weekday: str, prefer: str
) -> None:
    resolved = resolve_expression(weekday, anchor, prefer=prefer)
    assert resolved is not None and resolved.value is not None
    assert resolved.value.strftime("%A") == weekday
    delta = (resolved.value - anchor).days
    assert (-6 <= delta <= 0) if prefer == "past" else (0 <= delta <= 6)


@given(
    day=st.dates(D(1990, 1, 1), D(2090, 12, 31)), anchor=st.dates(D(1990, 1, 1), D(2090, 12, 31))
)
def test_month_day_is_within_a_year_before_the_anchor(
    day: datetime.date, anchor: datetime.date
) -> None:
    resolved = resolve_expression(f"{day:%B} {day.day}", anchor)
    assert resolved is not None and resolved.value is not None
    assert (resolved.value.month, resolved.value.day) == (day.month, day.day)
    limit = 4 * 366 if (day.month, day.day) == (2, 29) else 366
    assert 0 <= (anchor - resolved.value).days < limit


def _date(*values: str | None) -> dict[str, str | None]:
    """An expected EventDate dict from its values in field order."""
    return dict(zip(EventDate.model_fields, values, strict=True))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # 1. a full date in the call's sentence
        (
            {"sentence": ["March 3, 2021"], "published": D(2021, 3, 5)},
            _date("2021-03-03", "March 3, 2021", "explicit", "day", "2021-03-05", None),
        ),
        # 2. a relative one, against the publication date (a byline)
        (
            {"sentence": ["Feb. 12"], "published": THU},
            _date("2025-02-12", "Feb. 12", "relative", "day", "2025-02-13", None),
        ),
        # the dateline's date is the anchor when there is one
        (
            {"sentence": ["on Wednesday"], "dateline": D(2025, 2, 12), "published": THU},
            _date("2025-02-12", "on Wednesday", "relative", "day", "2025-02-12", None),
        ),
        (
            {"sentence": ["this morning"], "published": D(2021, 9, 24)},
            _date("2021-09-24", "this morning", "relative", "day", "2021-09-24", None),
        ),
        # durations are skipped, the next candidate counts
        (
            {"sentence": ["30 minutes", "Tuesday"], "published": THU},
            _date("2025-02-11", "Tuesday", "relative", "day", "2025-02-13", None),
        ),
        # "recently" says nothing the publication date does not
        (
            {"sentence": ["recently"], "published": THU},
            _date("2025-02-13", None, "publication", "day", "2025-02-13", None),
        ),
        # a planned call looks forward
        (
            {"sentence": ["Tuesday"], "published": THU, "status": "planned"},
            _date("2025-02-18", "Tuesday", "relative", "day", "2025-02-13", None),
        ),
        # a month- or year-level date in the sentence stops the search
        (
            {"sentence": ["last June", "Monday"], "published": THU, "main_event": True},
            _date(None, "last June", None, "month", "2025-02-13", "month_only"),
        ),
        (
            {"sentence": ["April"], "dateline": THU, "main_event": True},
            _date(None, "April", None, "month", "2025-02-13", "month_only"),
        ),
        (
            {"sentence": ["in 2019"], "published": THU},
            _date(None, "in 2019", None, "year", "2025-02-13", "year_only"),
        ),
        (
            {"sentence": ["last week"], "published": THU},
            _date(None, "last week", None, None, "2025-02-13", "week_only"),
        ),
        # without an anchor a relative day is passed over for a later explicit one
        (
            {"sentence": ["Tuesday", "July 25, 2019"]},
            _date("2019-07-25", "July 25, 2019", "explicit", "day", None, None),
        ),
        (
            {"sentence": ["on Tuesday"]},
            _date(None, "on Tuesday", None, "day", None, "no_anchor"),
        ),
        # 3. a date in a title that names the call
        (
            {
                "sentence": [],
                "title": ["26 July 2019"],
                "title_names_call": True,
                "published": D(2019, 7, 27),
            },
            _date("2019-07-26", "26 July 2019", "explicit", "day", "2019-07-27", None),
        ),
        (
            {
                "sentence": ["decades"],
                "title": ["Monday"],
                "title_names_call": True,
                "published": THU,
            },
            _date("2025-02-10", "Monday", "relative", "day", "2025-02-13", None),
        ),
        # ... but not a title that is about something else
        (
            {"sentence": [], "title": ["26 July 2019"], "published": D(2019, 7, 27)},
            _date("2019-07-27", None, "publication", "day", "2019-07-27", None),
        ),
        # 4. the main event takes the dateline's date
        (
            {"sentence": [], "main_event": True, "dateline": D(2025, 2, 12)},
            _date("2025-02-12", None, "dateline", "day", "2025-02-12", None),
        ),
        (
            {
                "sentence": ["two-hour"],
                "main_event": True,
                "dateline": D(2025, 2, 12),
                "published": THU,
            },
            _date("2025-02-12", None, "dateline", "day", "2025-02-12", None),
        ),
        # 5. otherwise the publication date
        (
            {"sentence": [], "dateline": D(2025, 2, 12), "published": THU},
            _date("2025-02-13", None, "publication", "day", "2025-02-12", None),
        ),
        # 6. nothing at all
        (
            {"sentence": ["an hour"], "main_event": True},
            _date(None, None, None, None, None, "no_date_expression"),
        ),
        (
            {"sentence": [], "dateline": D(2025, 2, 12)},
            _date(None, None, None, None, "2025-02-12", "no_date_expression"),
        ),
    ],
)
def test_call_date(kwargs: dict[str, object], expected: dict[str, str | None]) -> None:
    result = call_date(**kwargs)  # type: ignore[arg-type]
    assert result == expected
    assert EventDate(**result).model_dump() == result
