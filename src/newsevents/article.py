"""The `Article`: one input document after reading and cleaning, before NLP."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DatelineInfo:
    """A dateline such as "MOSCOW, February 12. /TASS/." or "WASHINGTON (AP) —"."""

    text: str
    place: str | None
    date: dt.date | None
    start: int
    end: int


@dataclass(slots=True)
class Article:
    """A decoded document.

    `text` is the file's text exactly as decoded: every offset newsevents writes indexes it.
    `nlp_text` has the same length, with boilerplate (site menus, teasers, captions, the
    `date` header) blanked out by spaces, so offsets in it are offsets in `text`.
    """

    doc_id: str
    path: str
    text: str
    sha256: str
    encoding: str
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: dt.date | None = None
    published_basis: str | None = None  # "header" | "byline" | "dateline"
    dateline: DatelineInfo | None = None
    body_start: int = 0
    nlp_text: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> dt.date | None:
        """The date relative expressions resolve against: the dateline's, else publication."""
        if self.dateline is not None and self.dateline.date is not None:
            return self.dateline.date
        return self.published
