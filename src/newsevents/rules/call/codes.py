"""The call event's codes (CAMEO, PLOVER) and the version in its rule ids."""

from __future__ import annotations

RULE_VERSION = "v1"


CODES = {"cameo": "041", "plover_event": "CONSULT", "plover_mode": "phone"}
