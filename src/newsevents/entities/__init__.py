"""Entities: cluster a Doc's mentions into canonical entities with titles and countries.

The stages, in data-flow order: `spans` (person-name mention spans, with the repairs the small
model's mistakes need), `titles` (offices beside a name, and mentions by office alone),
`cluster` (mentions into canonical people and other entities), `countries` (the country of a
person that no title states). Entities know nothing of events; names are compared with
`newsevents.names`.
"""

from __future__ import annotations

from newsevents.entities.cluster import (
    KEPT_LABELS,
    PLACE_LABELS,
    Cluster,
    DocEntities,
    PersonMention,
    entity_id,
    find_entities,
)
from newsevents.entities.countries import SEAT_NAMES
from newsevents.entities.titles import (
    TITLE_REF_HEADS,
    holds_leader_title,
    holds_office,
    plural_office,
    resolve_title_ref,
)

__all__ = [
    "KEPT_LABELS",
    "PLACE_LABELS",
    "SEAT_NAMES",
    "TITLE_REF_HEADS",
    "Cluster",
    "DocEntities",
    "PersonMention",
    "entity_id",
    "find_entities",
    "holds_leader_title",
    "holds_office",
    "plural_office",
    "resolve_title_ref",
]
