"""Call events: phone and video calls between leaders and officials.

Every event-type folder has the same shape: `codes` (its event codes and rule version),
`triggers` (the words that report the event), `roles` (who takes part, from one sentence),
`initiator` (who placed the call), and `finder`, whose `find_call_events(doc, ents, ctx)`
generator runs the shared stages of `newsevents.rules` in data-flow order. Pure: nothing is
written to the Doc.
"""

from __future__ import annotations

from newsevents.rules.call.codes import CODES, RULE_VERSION
from newsevents.rules.call.finder import find_call_events
from newsevents.rules.ty import CallCandidate, DocContext, PartyRef, Trigger

__all__ = [
    "CODES",
    "RULE_VERSION",
    "CallCandidate",
    "DocContext",
    "PartyRef",
    "Trigger",
    "find_call_events",
]
