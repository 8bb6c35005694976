"""The values the rule stages pass along: triggers, parties, candidates, document context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from newsevents.lexicon import norm

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newsevents.entities import DocEntities


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports a call, with what it says about the medium."""

    token: int
    medium: str  # phone | video | unspecified
    kind: str  # noun | call_verb | speak | discuss | virtual
    strength: float


@dataclass(slots=True)
class PartyRef:
    """One side of a call: a named cluster, or an office without a name."""

    cluster: int | None
    mention: str | None
    title: str | None
    country: str | None
    org: str | None = None
    name_override: str | None = None
    country_fallback: bool = False  # the country is the document's, not the person's
    # The fallback is a guess: the country the text names most, with nothing in the text
    # written from it. The office table names no holder from such a country.
    country_guess: bool = False

    def key(self, ents: DocEntities) -> str:
        if self.cluster is not None:
            return f"c{self.cluster}"
        return f"t:{norm(self.title or '')}:{self.country}"


@dataclass(slots=True)
class CallCandidate:
    parties: list[PartyRef]
    status: str
    medium: str
    initiator: int | None  # index into parties
    sentences: list[tuple[int, int]]  # char spans of evidence sentences
    sent_token_spans: list[tuple[int, int]]
    date_texts: list[str]
    confidence: float
    rule: str
    trigger_char: int
    date: dict[str, Any] | None = None
    topics: list[dict[str, Any]] = field(default_factory=list)
    recalled: bool = False  # "their previous call": not the call the article reports
    date_at: int = 0  # where the sentence that gave `date_texts` starts (a char offset)
    trigger_kind: str = ""  # the Trigger.kind that reported it (noun, speak, call_verb ...)
    # "held two phone calls": which of the counted calls this is (0: the first, or uncounted).
    ordinal: int = 0
    # "B and C also took part in the call": the call the text continues, with more on it.
    joined: bool = False


@dataclass(frozen=True, slots=True)
class DocContext:
    """What the rules need to know about the article beyond its Doc."""

    doc_id: str
    title_span: tuple[int, int] | None
    published: dt.date | None
    dateline_date: dt.date | None
    dateline_place: str | None
    # Countries of the seats of government the page's own header or footer lines name (the
    # office that wrote it), read from the text before boilerplate was blanked.
    writer_seats: frozenset[str] = frozenset()
    # Full dates (with a year) on the page's lines that tell of a call, captions and junk lines
    # included: a page with no date of its own may write a call's year-less day in full there.
    page_dates: tuple[dt.date, ...] = ()


class EventFinder(Protocol):
    """What an event type gives the registry: a generator of candidates over one document."""

    def __call__(self, doc: Doc, ents: DocEntities, ctx: DocContext) -> Iterator[CallCandidate]: ...
