"""Text patterns shared by `io.read`, `clean` and `dates`: month names, date shapes, the
publication-date header."""

from __future__ import annotations

import re

__all__ = [
    "DATE_EXPR", "DATE_RE", "HEADER_RE", "MONTH", "MONTH_NUMBERS", "POST_SIGNATURE_RE", "YEAR_RE",
]  # fmt: skip

# Month names and their accepted abbreviations, with their numbers.
MONTH_NUMBERS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip

# Dates as they appear in bylines and datelines.
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

# The publication-date header: `date 2025-02-13`, possibly malformed (`date 2025-13-45`).
HEADER_RE = re.compile(r"\s*date:?[ \t]+(?P<value>\d[\d\-/.]*\d)(?=\s|$)", re.I)

# The signature line of an embedded social-media post: "— Name (@handle) June 3, 2024".
POST_SIGNATURE_RE = re.compile(
    rf"\(@\w{{1,30}}\)\s*(?P<date>{MONTH}\.?\s+{_DAY},?\s+\d{{4}})\b"
)
