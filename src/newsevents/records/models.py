"""Output records: pydantic models for every JSONL line newsevents writes.

Every model forbids extra keys and every key is always written (null where empty), so
DuckDB, polars and pandas read the files as they are. `schemas/` holds the JSON Schema of
each top-level record, generated from these models (`newsevents schema`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

# The version written; records of every listed version are read (version 1 lacks the
# office-holder fields, which then take their defaults).
SCHEMA_VERSION: Literal["2"] = "2"
SchemaVersion = Literal["1", "2"]

Status = Literal["held", "planned", "denied"]
Medium = Literal["phone", "video", "unspecified"]
DateBasis = Literal["explicit", "relative", "dateline", "publication"]
Granularity = Literal["day", "month", "year"]
EntityLabel = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE"]
# Where a person's country comes from: "stated" by the text (a title, a nationality word
# on the name), "office_table" (the packaged office-holder table knows the person by name,
# `kb.offices.identify`), "inferred" from the country words around the name, "fallback"
# (the document's home country or most named one), "run" (other documents of the run that
# state it, for a person whose own document does not).
CountryBasis = Literal["stated", "office_table", "inferred", "fallback", "run"]
COUNTRY_BASES: tuple[str, ...] = ("stated", "office_table", "inferred", "fallback", "run")
# Where a party's name comes from: the "text", or the "office_holder" table (a party the
# text names only by office, named by who held that office in that country on the call's
# date, else the publication date).
NameBasis = Literal["text", "office_holder"]
NAME_BASES: tuple[str, ...] = ("text", "office_holder")
QID = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]

STATUSES: tuple[str, ...] = ("held", "planned", "denied")
MEDIA: tuple[str, ...] = ("phone", "video", "unspecified")
DATE_BASES: tuple[str, ...] = ("explicit", "relative", "dateline", "publication")

ISODate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$")]
Alpha3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def to_json(self) -> bytes:
        """One JSONL line (without the newline): every key, null where empty."""
        return orjson.dumps(self.model_dump(mode="json"))


class TextSpan(Record):
    """Character offsets into the document's decoded text: text[start:end] == text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Party(Record):
    name: str | None
    mention: str | None
    title: str | None
    country: Alpha3 | None
    org: str | None
    entity_id: str | None
    country_basis: CountryBasis | None = None
    name_basis: NameBasis | None = None
    wikidata: QID | None = None  # the office-holder table's person


class EventDate(Record):
    value: ISODate | None
    text: str | None
    basis: DateBasis | None
    granularity: Granularity | None
    anchor: ISODate | None
    reason: str | None


class Topic(Record):
    label: str
    iptc: str | None
    evidence: TextSpan


class Codes(Record):
    cameo: str
    plover_event: str
    plover_mode: str


class CallEvent(Record):
    schema_version: SchemaVersion = SCHEMA_VERSION
    id: str
    type: Literal["call"] = "call"
    doc_id: str
    status: Status
    medium: Medium
    parties: list[Party] = Field(min_length=2)
    initiated_by: str | None
    date: EventDate
    topics: list[Topic]
    evidence: list[TextSpan] = Field(min_length=1)
    codes: Codes
    confidence: float = Field(ge=0.0, le=1.0)
    rule: str
    # Why a party known only by office stays unnamed ("office not covered: ...").
    warnings: list[str] = Field(default_factory=list)


# The union of event types, tagged by `type`. New event types join it here.
Event = Annotated[Union[CallEvent], Field(discriminator="type")]  # noqa: UP007
EVENT_ADAPTER: TypeAdapter[Any] = TypeAdapter(Event)


class Mention(Record):
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    label: EntityLabel


class Entity(Record):
    id: str
    name: str
    label: EntityLabel
    aliases: list[str]
    mentions: list[Mention]
    titles: list[str]
    country: Alpha3 | None
    org: str | None
    country_basis: CountryBasis | None = None
    wikidata: QID | None = None  # the office-holder table's person


class Dateline(Record):
    text: str
    place: str | None
    date: ISODate | None
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class DocumentCounts(Record):
    chars: int
    tokens: int
    sentences: int
    entities: int
    events: int
    calls_held: int


class DocumentRecord(Record):
    schema_version: SchemaVersion = SCHEMA_VERSION
    doc_id: str
    sha256: str
    encoding: str
    title: str | None
    published: ISODate | None
    published_basis: Literal["header", "byline", "dateline"] | None
    dateline: Dateline | None
    counts: DocumentCounts
    warnings: list[str]
    entities: list[Entity]


class ErrorRecord(Record):
    schema_version: SchemaVersion = SCHEMA_VERSION
    doc_id: str | None
    path: str
    stage: Literal["read", "decode", "clean", "nlp", "rules", "write"]
    reason: str


class ManifestCounts(Record):
    documents: int
    events: int
    calls_held: int
    errors: int
    merged: int


class Manifest(Record):
    schema_version: SchemaVersion = SCHEMA_VERSION
    version: str
    model: str
    input_root: str
    settings: dict[str, Any]
    settings_hash: str
    started: str
    finished: str | None
    counts: ManifestCounts
    # A new id for each publish and the byte size of each file it published: readers check
    # both, so that they never read files of two runs as one (`io.published`).
    publish_id: str
    files: dict[str, int]


class MergedSource(Record):
    doc_id: str
    event_id: str
    title: str | None
    dateline: str | None
    date_text: str | None
    evidence: TextSpan
    near_duplicate_of: str | None


class MergedTopic(Record):
    label: str
    iptc: str | None
    sources: list[str]


class MergedCounts(Record):
    documents: int
    mentions: int
    independent_sources: int


class Disagreement(Record):
    field: Literal["date", "initiated_by", "medium", "topics", "status"]
    values: dict[str, list[str]]


class MergedCall(Record):
    schema_version: SchemaVersion = SCHEMA_VERSION
    id: str
    type: Literal["call"] = "call"
    status: Status
    medium: Medium
    parties: list[Party] = Field(min_length=2)
    initiated_by: str | None
    date: EventDate
    topics: list[MergedTopic]
    sources: list[MergedSource] = Field(min_length=1)
    counts: MergedCounts
    disagreements: list[Disagreement]
    codes: Codes


class EntityRecord(Record):
    """One canonical entity across a run (entities.jsonl)."""

    schema_version: SchemaVersion = SCHEMA_VERSION
    id: str
    name: str
    label: EntityLabel
    aliases: list[str]
    country: Alpha3 | None
    org: str | None
    documents: list[str]
    mentions: int
    wikidata: QID | None = None  # the office-holder table's person


# File name -> the model of each of its lines; used by `validate` and `schema`.
RECORD_FILES: dict[str, Any] = {
    "events.jsonl": EVENT_ADAPTER,
    "documents.jsonl": DocumentRecord,
    "errors.jsonl": ErrorRecord,
    "merged.jsonl": MergedCall,
    "entities.jsonl": EntityRecord,
}

SCHEMA_MODELS: dict[str, Any] = {
    "call_event": CallEvent,
    "document": DocumentRecord,
    "error": ErrorRecord,
    "merged_call": MergedCall,
    "entity": EntityRecord,
    "manifest": Manifest,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of each top-level record, keyed by schema file stem."""
    return {name: model.model_json_schema() for name, model in SCHEMA_MODELS.items()}
