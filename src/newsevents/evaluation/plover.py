"""Outside gold data: the PLOVER gold standard records as a corpus and gold file.

PLOVER (github.com/openeventdata/PLOVER, CC BY-SA 4.0, Open Event Data Alliance) codes real
wire sentences with an event (CONSULT, AGREE, ...) and a mode (phone, visit, ...). A phone
CONSULT is a call; every other record must yield none, which makes the set a good check of
false alarms ("called for sanctions", "told AFP by phone").
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson

PLOVER_SOURCE = "https://github.com/openeventdata/PLOVER (gold_standard_records)"
PLOVER_LICENSE = "CC BY-SA 4.0, Open Event Data Alliance"
# PLOVER codes that are calls: "041: CONSULT, phone  # Discuss by telephone".
CALL_EVENTS = frozenset({("CONSULT", "phone")})
# CAMEO country codes that differ from ISO 3166 alpha-3.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# CAMEO actor codes that are not states (international and non-governmental bodies, ...).
CAMEO_NON_STATE = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC", "UIS"})


def plover_country(code: str | None) -> str | None:
    """The ISO 3166 alpha-3 code of a PLOVER/CAMEO actor code, or None for a non-state actor."""
    if not code or code in CAMEO_NON_STATE:
        return None
    return CAMEO_TO_ISO.get(code, code)


def _actors(record: dict[str, Any]) -> list[dict[str, Any]]:
    actors: list[dict[str, Any]] = []
    for key in ("source", "target"):
        value = record.get(key)
        if isinstance(value, list):
            actors.extend(a for a in value if isinstance(a, dict) and a.get("actorText"))
    return actors


def plover_to_corpus(json_path: Path, out_dir: Path) -> Path:
    """Write each PLOVER record as a document and a gold file in the devset shape.

    One document per sentence, `out_dir/docs/<record id>.txt`, the sentence alone (no header);
    a record id used twice gets a suffix ("-2") so every record has its own file. The gold
    file, `out_dir/gold.jsonl`, gives each phone CONSULT record one call between its actors
    (names as PLOVER's `actorText`, countries from their codes, no date: PLOVER's dates are
    placeholders) and every other record no event. PLOVER codes the actors of a call as
    reciprocal (both SRC/TAR), so `initiated_by` is null.

    Returns:
        the gold file's path.
    """
    records = orjson.loads(json_path.read_bytes())
    docs = out_dir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    seen: Counter[str] = Counter()
    lines = []
    for record in records:
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():  # the DOCUMENT header record
            continue
        seen[record["id"]] += 1
        doc_id = record["id"] if seen[record["id"]] == 1 else f"{record['id']}-{seen[record['id']]}"
        (docs / f"{doc_id}.txt").write_text(text.strip() + "\n", encoding="utf-8")
        events = []
        if (record.get("event"), record.get("mode")) in CALL_EVENTS:
            actors = _actors(record)
            events.append(
                {
                    "type": "call",
                    "parties": [a["actorText"] for a in actors],
                    "party_countries": [plover_country(a.get("code")) for a in actors],
                    "date": None,
                    "topics": [],
                    "evidence": text.strip(),
                    "mode": record["mode"],
                    "initiated_by": None,
                    "initiated_by_evidence": None,
                }
            )
        lines.append(
            {
                "doc_id": doc_id,
                "source": PLOVER_SOURCE,
                "publisher": record.get("publication"),
                "license": PLOVER_LICENSE,
                "events": events,
                "notes": f"PLOVER {record.get('event')} / {record.get('mode')}",
            }
        )
    gold = out_dir / "gold.jsonl"
    gold.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return gold
