"""The event types the rules know, by name: a second type plugs in with one line here."""

from __future__ import annotations

from newsevents.rules.call import find_call_events
from newsevents.rules.ty import EventFinder

FINDERS: dict[str, EventFinder] = {"call": find_call_events}
