"""Cross-document merging of calls, entity merging, name matching, and the merge files."""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import UsageError
from newsevents.merge import build_entities, merge_calls, merge_runs, write_run_merges
from newsevents.names import (
    name_tokens,
    normalize_name,
    same_person,
    same_person_in_document,
    surname_key,
)
from newsevents.records import CallEvent, EntityRecord, MergedCall

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "devset"

COUNTRIES = {"Putin": "RUS", "Sharaa": "SYR", "Biden": "USA", "Modi": "IND", "Macron": "FRA",
             "Scholz": "DEU", "Zelensky": "UKR", "Erdogan": "TUR"}


def _country(name: str) -> str | None:
    return next((c for key, c in COUNTRIES.items() if key.lower() in name.lower()), None)


def call(
    doc_id: str,
    parties: list[str | tuple[None, str, str]],
    value: str | None,
    basis: str | None = "explicit",
    *,
    medium: str = "phone",
    status: str = "held",
    initiated_by: str | None = None,
    topics: tuple[str, ...] = (),
    evidence: str = "The two leaders held a phone call.",
    n_evidence: int = 1,
    start: int = 0,
) -> dict[str, Any]:
    """A valid events.jsonl line (built through CallEvent); a party is a name or
    (None, title, country) for one known only by office."""
    plist = []
    for p in parties:
        if isinstance(p, tuple):
            plist.append({"name": None, "mention": p[1], "title": p[1], "country": p[2],
                          "org": None, "entity_id": None})
        else:
            plist.append({"name": p, "mention": p, "title": None, "country": _country(p),
                          "org": None, "entity_id": hashlib.sha1(p.encode()).hexdigest()[:16]})
    span = {"start": start, "end": start + len(evidence), "text": evidence}
    ev_id = hashlib.sha1(f"{doc_id}|{start}|{parties}".encode()).hexdigest()[:16]
    event = CallEvent(
        id=ev_id,
        doc_id=doc_id,
        status=status,
        medium=medium,
        parties=plist,
        initiated_by=initiated_by,
        date={"value": value, "text": value, "basis": basis if value else None,
              "granularity": "day" if value else None, "anchor": None,
              "reason": None if value else "no_date_expression"},
        topics=[{"label": t, "iptc": None, "evidence": span} for t in topics],
        evidence=[span] * n_evidence,
        codes={"cameo": "041", "plover_event": "CONSULT", "plover_mode": "phone"},
        confidence=0.9,
        rule="call.test.v1",
    )
    return event.model_dump(mode="json")


def doc(doc_id: str, title: str = "", sha: str | None = None, published: str | None = None,
        entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"schema_version": "1", "doc_id": doc_id,
            "sha256": sha or hashlib.sha256(doc_id.encode()).hexdigest(), "encoding": "utf-8",
            "title": title or f"Story {doc_id}", "published": published,
            "published_basis": "header" if published else None,
            "counts": {"chars": 100, "tokens": 20, "sentences": 2, "entities": 0, "events": 0,
                       "calls_held": 0},
            "warnings": [],
            "dateline": {"text": "MOSCOW, Feb 12", "place": "Moscow", "date": None,
                         "start": 0, "end": 14},
            "entities": entities or []}


def docs_for(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["doc_id"]: doc(e["doc_id"]) for e in events}


def merged(events: list[dict[str, Any]], documents: dict[str, Any] | None = None
           ) -> list[MergedCall]:
    return merge_calls(events, documents if documents is not None else docs_for(events))


def source_sets(calls: list[MergedCall]) -> list[set[str]]:
    return sorted(({s.doc_id for s in c.sources} for c in calls), key=sorted)


PS = ["Vladimir Putin", "Ahmed al-Sharaa"]


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Ahmed al-Sharaa", "Ahmad al-Sharaa", True),
        ("Ahmed al-Sharaa", "al-Shaara", True),
        ("Ahmad al-Sharaa", "Sharaa", True),
        ("Zelensky", "Zelenskyy", True),
        ("Zelenskiy", "Volodymyr Zelensky", True),
        ("Volodymyr Zelenskyy", "Vladimir Zelensky", True),
        ("Erdogan", "Erdoğan", True),
        ("Recep Tayyip Erdoğan", "Tayyip Erdogan", True),
        ("Lukashenko", "Aleksandr Lukashenko", True),
        ("Joseph R. Biden Jr.", "Joe Biden", True),
        ("Mohammed bin Salman", "Mohammad bin Salman", True),
        ("Muammar Gaddafi", "Qaddafi", True),
        ("Xi Jinping", "Xi", True),
        ("Emmanuel Macron", "Macron", True),
        ("Joe Biden", "Hunter Biden", False),
        ("Boris Johnson", "Lyndon Johnson", False),
        ("Marine Le Pen", "Jean-Marie Le Pen", False),
        ("Vladimir Putin", "Volodymyr Zelensky", False),
        ("Sisi", "Sasa", False),
        ("Narendra Modi", "Emmanuel Macron", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same
    if same:  # matching names must share the blocking key
        assert surname_key(a) == surname_key(b)


@pytest.mark.parametrize(
    ("name", "normal"),
    [
        ("Ahmed al-Sharaa", "ahmed sharaa"),
        ("Abdel Fattah el-Sisi", "abdel fattah sisi"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Mr. Joseph R. Biden Jr.", "joseph r biden"),
        ("Володимир Зеленський", "volodimir zelenskiy"),
        ("Al", "al"),
    ],
)
def test_normalize_name(name: str, normal: str) -> None:
    assert normalize_name(name) == normal


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Putin's", ("putin",)),  # a possessive is no part of the name
        ("Ahmad al-Sharaa’s", ("ahmad", "sharaa")),
        ("H.E. Bennett", ("he", "bennett")),  # a dotted abbreviation is one word
        ("Joseph R. Biden, Jr.", ("joseph", "r", "biden")),
        ("Ursula von der Leyen", ("ursula", "leyen")),
    ],
)
def test_name_tokens(name: str, tokens: tuple[str, ...]) -> None:
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mohamed bin Zayed", "Mohamed bin Zayed Al Nahyan", True),  # the first parts
        ("Moon Jae-in", "Jae-in Moon", True),  # swapped order
        ("Boris", "Boris Johnson", True),  # a given name alone, in one document
        ("Zelensky", "Volodymyr Zelenskyy", True),
        ("Joe Biden", "Hunter Biden", False),
        ("Emmanuel Macron", "Olaf Scholz", False),
    ],
)
def test_same_person_in_document(a: str, b: str, same: bool) -> None:
    ta, tb = name_tokens(a), name_tokens(b)
    assert same_person_in_document(ta, tb) is same
    assert same_person_in_document(tb, ta) is same


# --- clustering ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a_parties", "b_parties"),
    [
        (PS, ["Putin", "Ahmad al-Sharaa"]),
        (PS, ["al-Shaara", "Putin"]),  # order-free
        (["Volodymyr Zelenskyy", "Emmanuel Macron"], ["Macron", "Zelenskiy"]),
        (
            [(None, "Prime Minister", "IND"), "Putin"],
            ["Vladimir Putin", (None, "prime minister", "IND")],
        ),
    ],
)
def test_exact_date_merges(a_parties: list[Any], b_parties: list[Any]) -> None:
    events = [call("a.txt", a_parties, "2025-02-12", "dateline"),
              call("b.txt", b_parties, "2025-02-12", "relative")]
    calls = merged(events)
    assert len(calls) == 1
    (c,) = calls
    assert {s.doc_id for s in c.sources} == {"a.txt", "b.txt"}
    assert c.counts.documents == 2
    assert c.date.basis == "relative"  # relative is more specific than dateline
    names = {p.name for p in c.parties}
    # The most complete spelling of each person wins.
    assert names & {"Vladimir Putin", "Volodymyr Zelenskyy", "Emmanuel Macron"}


def with_qids(event: dict[str, Any], qids: dict[str, str]) -> dict[str, Any]:
    """`event` with the office table's QID on the parties `qids` names, as extract gives it."""
    for p in event["parties"]:
        p["wikidata"] = qids.get(p["name"])
    return event


# Spellings of one person that their surnames do not join: a dev-set gold name and the table's
# (Wikidata's) name of the same person; and two that already met by surname.
QID_SPELLINGS = [
    ("Abiy Ahmed", "Abiy Ahmed Ali", "Q50365049"),
    ("Hamad bin Isa Al Khalifa", "Hamad II of Bahrain", "Q57352"),
    ("Salman bin Abdulaziz Al Saud", "Salman of Saudi Arabia", "Q367825"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "Q3874799"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "Q39259"),
]


def qid_events(a: str, b: str, qid: str) -> list[dict[str, Any]]:
    return [with_qids(call("a.txt", [a, "Vladimir Putin"], "2024-05-02"), {a: qid}),
            with_qids(call("b.txt", ["Putin", b], "2024-05-02"), {b: qid})]


@pytest.mark.parametrize(("a", "b", "qid"), QID_SPELLINGS)
def test_one_qid_under_two_spellings_is_one_call(a: str, b: str, qid: str) -> None:
    (c,) = merged(qid_events(a, b, qid))
    assert {s.doc_id for s in c.sources} == {"a.txt", "b.txt"}
    assert qid in {p.wikidata for p in c.parties}


def test_two_qids_are_two_people_whatever_their_names() -> None:
    # King Salman and his son: one surname, and given names that share "Salman".
    assert same_person("Salman bin Abdulaziz Al Saud", "Mohammed bin Salman Al Saud")
    events = [
        with_qids(call("a.txt", ["Salman bin Abdulaziz Al Saud", "Joe Biden"], "2022-07-15"),
                  {"Salman bin Abdulaziz Al Saud": "Q367825"}),
        with_qids(call("b.txt", ["Mohammed bin Salman Al Saud", "Joe Biden"], "2022-07-15"),
                  {"Mohammed bin Salman Al Saud": "Q6892571"}),
    ]
    assert source_sets(merged(events)) == [{"a.txt"}, {"b.txt"}]


def test_merged_parties_take_longest_names() -> None:
    events = [call("a.txt", ["Putin", "al-Sharaa"], "2025-02-12"),
              call("b.txt", ["Vladimir Putin", "Sharaa"], "2025-02-12"),
              call("c.txt", ["Putin", "Ahmed al-Sharaa"], "2025-02-12")]
    (c,) = merged(events)
    assert [p.name for p in c.parties] == ["Ahmed al-Sharaa", "Vladimir Putin"]
    assert {p.country for p in c.parties} == {"RUS", "SYR"}


@pytest.mark.parametrize(
    ("a", "b", "n_calls"),
    [
        (("2025-02-12", "relative"), ("2025-02-13", "publication"), 1),
        (("2025-02-12", "explicit"), ("2025-02-11", "publication"), 1),
        (("2025-02-12", "publication"), ("2025-02-13", "publication"), 1),
        (("2025-02-12", "explicit"), ("2025-02-13", "dateline"), 2),
        (("2025-02-12", "explicit"), ("2025-02-13", "relative"), 2),
        (("2025-02-12", "explicit"), ("2025-02-14", "publication"), 2),
    ],
)
def test_one_day_tolerance_needs_publication_basis(
    a: tuple[str, str], b: tuple[str, str], n_calls: int
) -> None:
    events = [call("a.txt", PS, *a), call("b.txt", PS, *b)]
    calls = merged(events)
    assert len(calls) == n_calls
    if n_calls == 1 and a[1] != "publication":
        assert calls[0].date.value == a[0]  # the specific date wins over publication


@pytest.mark.parametrize(
    "bases",
    [
        ("explicit", "publication", "explicit"),
        ("publication", "publication", "publication"),
        ("dateline", "publication", "relative"),
    ],
)
def test_tolerance_never_chains(bases: tuple[str, str, str]) -> None:
    days = ["2025-02-12", "2025-02-13", "2025-02-14"]
    events = [call(f"d{i}.txt", PS, day, basis)
              for i, (day, basis) in enumerate(zip(days, bases, strict=True))]
    calls = merged(events)
    assert len(calls) == 3
    assert sorted(c.date.value for c in calls) == days


def test_publication_record_joins_the_only_adjacent_cluster() -> None:
    # The 13th (publication) sits between a call on the 12th and nothing on the 14th.
    events = [call("a.txt", PS, "2025-02-12", "explicit"),
              call("b.txt", PS, "2025-02-12", "dateline"),
              call("c.txt", PS, "2025-02-13", "publication"),
              call("d.txt", PS, "2025-02-13", "publication")]
    (c,) = merged(events)
    assert c.counts.documents == 4
    assert c.date.value == "2025-02-12"


@pytest.mark.parametrize("days", [("2025-02-12", "2025-02-20"), ("2025-02-12", "2025-03-12")])
def test_same_people_different_days_stay_two(days: tuple[str, str]) -> None:
    events = [call("a.txt", PS, days[0]), call("b.txt", PS, days[1])]
    assert source_sets(merged(events)) == [{"a.txt"}, {"b.txt"}]


def test_different_people_same_day_stay_apart() -> None:
    events = [call("a.txt", ["Joe Biden", "Narendra Modi"], "2021-02-08"),
              call("b.txt", ["Hunter Biden", "Narendra Modi"], "2021-02-08"),
              call("c.txt", ["Biden", "Modi"], "2021-02-08"),
              call("d.txt", ["Emmanuel Macron", "Narendra Modi"], "2021-02-08"),
              call("e.txt", [(None, "Prime Minister", "IND"), "Joe Biden"], "2021-02-08")]
    calls = merged(events)
    assert len(calls) == 4  # c joins one of the Bidens, never both
    assert {"a.txt", "b.txt"} not in [{s.doc_id for s in c.sources} for c in calls]


def test_null_date_stays_alone() -> None:
    events = [call("a.txt", PS, None), call("b.txt", PS, None),
              call("c.txt", PS, "2025-02-12")]
    calls = merged(events)
    assert source_sets(calls) == [{"a.txt"}, {"b.txt"}, {"c.txt"}]
    assert [c.date.value for c in calls].count(None) == 2


def test_same_document_never_merged() -> None:
    events = [call("a.txt", PS, "2025-02-12", start=0),
              call("a.txt", ["Putin", "Sharaa"], "2025-02-12", start=500),
              call("b.txt", PS, "2025-02-12")]
    calls = merged(events)
    assert len(calls) == 2
    assert sorted(c.counts.documents for c in calls) == [1, 2]
    # A publication record may not join a cluster that already holds its document.
    events = [call("a.txt", PS, "2025-02-12", "explicit", start=0),
              call("a.txt", PS, "2025-02-13", "publication", start=500)]
    assert len(merged(events)) == 2


def test_only_held_calls_are_merged() -> None:
    events = [call("a.txt", PS, "2025-02-12"),
              call("b.txt", PS, "2025-02-12", status="planned"),
              call("c.txt", ["Joe Biden", "Narendra Modi"], "2021-02-08", status="denied")]
    assert source_sets(merged(events)) == [{"a.txt"}]


def _mixed_events() -> list[dict[str, Any]]:
    return [
        call("a.txt", PS, "2025-02-12", "dateline", topics=("economy",)),
        call("b.txt", ["Putin", "Ahmad al-Sharaa"], "2025-02-12", "relative", medium="unspecified"),
        call("c.txt", ["al-Shaara", "Putin"], "2025-02-13", "publication", initiated_by="Putin"),
        call("d.txt", PS, "2025-02-20"),
        call("e.txt", ["Joe Biden", "Narendra Modi"], "2021-02-08", topics=("climate",)),
        call("f.txt", ["Biden", "Modi"], "2021-02-09", "publication", topics=("security",)),
        call("g.txt", ["Hunter Biden", "Modi"], "2021-02-08"),
        call("h.txt", PS, None),
        call("i.txt", PS, "2025-02-12", "publication"),
        call("i.txt", ["Zelensky", "Erdogan"], "2022-03-01", start=300),
        call("j.txt", ["Volodymyr Zelenskyy", "Recep Tayyip Erdoğan"], "2022-03-02", "publication"),
        call("k.txt", ["Zelenskiy", "Erdogan"], "2022-03-03", "explicit"),
        call("l.txt", ["Scholz", "Macron"], "2022-03-03", medium="video"),
        call("m.txt", ["Olaf Scholz", "Emmanuel Macron"], "2022-03-03", medium="video"),
    ]


@pytest.mark.parametrize("seed", range(8))
def test_result_independent_of_input_order(seed: int) -> None:
    events = _mixed_events()
    documents = docs_for(events)
    expected = [c.to_json() for c in merge_calls(events, documents)]
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    items = sorted(documents.items())
    docs_shuffled = dict(random.Random(seed + 100).sample(items, len(items)))
    assert [c.to_json() for c in merge_calls(shuffled, docs_shuffled)] == expected


def test_mixed_events_cluster_as_expected() -> None:
    calls = merged(_mixed_events())
    groups = source_sets(calls)
    assert {"a.txt", "b.txt", "c.txt", "i.txt"} in groups
    assert {"d.txt"} in groups and {"h.txt"} in groups
    assert {"l.txt", "m.txt"} in groups
    # j (publication, 2 March) sits between 1 and 3 March: it joins neither.
    assert {"j.txt"} in groups and {"k.txt"} in groups and {"i.txt"} in groups
    # f (publication, the day after) fits two different Bidens: it joins neither.
    assert {"e.txt"} in groups and {"f.txt"} in groups and {"g.txt"} in groups
    assert all(len(g) == len({d for d in g}) for g in groups)
    assert sum(len(g) for g in groups) == len(_mixed_events())


def test_merged_ids_are_stable_and_distinct() -> None:
    first = merged(_mixed_events())
    again = merged(_mixed_events())
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    other = merged(_mixed_events()[:3])
    assert other[0].id != first[0].id or other[0].sources == first[0].sources


# --- sources, counts, disagreements -------------------------------------------------------


def test_near_duplicates_are_flagged() -> None:
    wire = "Russian President Vladimir Putin held a phone call with Syrian leader Ahmed al-Sharaa."
    events = [call("orig.txt", PS, "2025-02-12", evidence=wire, n_evidence=2),
              call("copy.txt", PS, "2025-02-12", evidence=wire),
              call("same-bytes.txt", PS, "2025-02-12", evidence="Putin and al-Sharaa spoke."),
              call("own.txt", PS, "2025-02-12", evidence="The Kremlin said the leaders talked.")]
    title = "Putin calls Syria's leader"
    documents = {
        "orig.txt": doc("orig.txt", title, sha="1" * 64, published="2025-02-12"),
        "copy.txt": doc("copy.txt", title, sha="2" * 64, published="2025-02-13"),
        "same-bytes.txt": doc("same-bytes.txt", "Other", sha="1" * 64, published="2025-02-14"),
        "own.txt": doc("own.txt", "A different story", sha="3" * 64, published="2025-02-12"),
    }
    (c,) = merge_calls(events, documents)
    dup = {s.doc_id: s.near_duplicate_of for s in c.sources}
    assert dup == {"orig.txt": None, "own.txt": None, "copy.txt": "orig.txt",
                   "same-bytes.txt": "orig.txt"}
    assert c.counts.documents == 4
    assert c.counts.mentions == 5
    assert c.counts.independent_sources == 2
    src = next(s for s in c.sources if s.doc_id == "orig.txt")
    assert src.title == title
    assert src.dateline == "MOSCOW, Feb 12"
    assert src.evidence.text == wire
    # Earlier publications come first.
    assert [s.doc_id for s in c.sources][:2] == ["orig.txt", "own.txt"]


def test_disagreements_and_majorities() -> None:
    events = [
        call("a.txt", PS, "2025-02-12", "explicit", medium="phone", initiated_by="Putin",
             topics=("economy", "security")),
        call("b.txt", PS, "2025-02-12", "dateline", medium="phone",
             initiated_by="Vladimir Putin", topics=("economy",)),
        call("c.txt", PS, "2025-02-13", "publication", medium="video",
             initiated_by="al-Sharaa"),
    ]
    (c,) = merged(events)
    by_field = {d.field: d.values for d in c.disagreements}
    assert by_field["date"] == {"2025-02-12": ["a.txt", "b.txt"], "2025-02-13": ["c.txt"]}
    assert by_field["initiated_by"] == {"Ahmed al-Sharaa": ["c.txt"],
                                        "Vladimir Putin": ["a.txt", "b.txt"]}
    assert by_field["medium"] == {"phone": ["a.txt", "b.txt"], "video": ["c.txt"]}
    assert by_field["topics"] == {"economy": ["a.txt", "b.txt"], "security": ["a.txt"]}
    assert c.medium == "phone"
    assert c.initiated_by == "Vladimir Putin"
    assert c.date.value == "2025-02-12" and c.date.basis == "explicit"
    assert [(t.label, t.sources) for t in c.topics] == [("economy", ["a.txt", "b.txt"]),
                                                        ("security", ["a.txt"])]


@pytest.mark.parametrize(
    ("media", "expected", "disagree"),
    [
        (("phone", "unspecified"), "phone", False),
        (("unspecified", "video"), "video", False),
        (("unspecified", "unspecified", "phone"), "unspecified", False),
        (("video", "phone"), "phone", True),
    ],
)
def test_medium_majority(media: tuple[str, ...], expected: str, disagree: bool) -> None:
    events = [call(f"{i}.txt", PS, "2025-02-12", medium=m) for i, m in enumerate(media)]
    (c,) = merged(events)
    assert c.medium == expected
    assert any(d.field == "medium" for d in c.disagreements) is disagree


def test_single_source_record_has_no_disagreements() -> None:
    (c,) = merged([call("a.txt", PS, "2025-02-12", initiated_by="Putin", topics=("economy",))])
    assert c.disagreements == []
    assert c.initiated_by == "Vladimir Putin"
    assert c.counts.independent_sources == 1
    assert c.status == "held" and c.codes.cameo == "041"


# --- entities -----------------------------------------------------------------------------


def ent(name: str, label: str = "PERSON", country: str | None = None,
        aliases: tuple[str, ...] = (), n: int = 1) -> dict[str, Any]:
    eid = hashlib.sha256(f"{name}|{label}|{country}".encode()).hexdigest()[:16]
    mentions = [{"start": i, "end": i + 1, "text": name, "label": label} for i in range(n)]
    return {"id": eid, "name": name, "label": label, "aliases": list(aliases),
            "mentions": mentions, "titles": [], "country": country, "org": None}


def test_build_entities() -> None:
    documents = [
        doc("a.txt", entities=[ent("Vladimir Putin", country="RUS", aliases=("Putin",), n=3),
                               ent("Ahmed al-Sharaa", country="SYR", n=2),
                               ent("Kremlin", "ORG", n=1)]),
        doc("b.txt", entities=[ent("Vladimir Putin", country="RUS", n=1),
                               ent("Ahmad al-Sharaa", country=None, aliases=("al-Shaara",)),
                               ent("Joe Biden", country="USA"), ent("Hunter Biden", country="USA"),
                               ent("Biden", country="USA"),
                               ent("Kremlin", "ORG", n=2)]),
        doc("c.txt", entities=[ent("Putin", country="BLR")]),
    ]
    records = build_entities(documents)
    by_name = {r.name: r for r in records}
    putin = by_name["Vladimir Putin"]
    assert putin.id == ent("Vladimir Putin", country="RUS")["id"]
    assert putin.documents == ["a.txt", "b.txt"] and putin.mentions == 4
    assert "Putin" in by_name  # a different country keeps it apart
    sharaa = [r for r in records if "Sharaa" in r.name]
    assert len(sharaa) == 1
    assert sharaa[0].name == "Ahmad al-Sharaa" or sharaa[0].name == "Ahmed al-Sharaa"
    assert {"al-Shaara"} <= set(sharaa[0].aliases)
    assert sharaa[0].country == "SYR" and sharaa[0].documents == ["a.txt", "b.txt"]
    # "Biden" alone fits two people: it joins neither.
    assert {"Joe Biden", "Hunter Biden", "Biden"} <= set(by_name)
    assert by_name["Kremlin"].mentions == 3 and by_name["Kremlin"].label == "ORG"
    for r in records:
        EntityRecord.model_validate_json(r.to_json())


# --- files and CLI ------------------------------------------------------------------------


def write_run(path: Path, events: list[dict[str, Any]], documents: list[dict[str, Any]]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "events.jsonl").write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in events))
    (path / "documents.jsonl").write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in documents))
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def test_write_run_merges(tmp_path: Path) -> None:
    events = _mixed_events()
    documents = [doc(d, entities=[ent("Vladimir Putin", country="RUS")])
                 for d in sorted({e["doc_id"] for e in events})]
    run = write_run(tmp_path / "run", events, documents)
    n_merged, n_entities = write_run_merges(run)
    lines = read_jsonl(run / "merged.jsonl")
    assert len(lines) == n_merged == len(merged(events))
    assert n_entities == 1 and len(read_jsonl(run / "entities.jsonl")) == 1
    for line in lines:
        MergedCall.model_validate(line)
    assert not [p for p in os.listdir(run) if p.endswith(".tmp")]


def test_merge_runs_prefixes_colliding_doc_ids(tmp_path: Path) -> None:
    r1 = write_run(tmp_path / "r1", [call("a.txt", PS, "2025-02-12"),
                                     call("x.txt", PS, "2025-02-12")],
                   [doc("a.txt"), doc("x.txt")])
    r2 = write_run(tmp_path / "r2", [call("a.txt", PS, "2025-02-12", "relative"),
                                     call("y.txt", ["Joe Biden", "Modi"], "2021-02-08")],
                   [doc("a.txt"), doc("y.txt")])
    n = merge_runs([r1, r2], tmp_path / "out")
    assert n == 2
    lines = read_jsonl(tmp_path / "out" / "merged.jsonl")
    docs = sorted(sorted(s["doc_id"] for s in line["sources"]) for line in lines)
    assert docs == [["r1/a.txt", "r2/a.txt", "x.txt"], ["y.txt"]]
    assert (tmp_path / "out" / "entities.jsonl").exists()


# A merge whose process dies (SIGKILL) once its merged.jsonl is in place, before entities.jsonl.
_KILLED_MERGE = """
import os, signal, sys
from pathlib import Path
from newsevents import merge
real = os.replace
def replace(src, dst):
    real(src, dst)
    if Path(dst).name == "merged.jsonl":
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
merge.merge_runs([Path(p) for p in sys.argv[2:]], Path(sys.argv[1]))
"""


def test_a_merge_killed_between_its_two_files_is_refused_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    r1 = write_run(tmp_path / "r1", [call("a.txt", PS, "2025-02-12")],
                   [doc("a.txt", entities=[ent("Vladimir Putin", country="RUS")])])
    r2 = write_run(tmp_path / "r2", [call("b.txt", PS, "2025-02-13", "publication")],
                   [doc("b.txt", entities=[ent("Ahmed al-Sharaa", country="SYR")])])
    out = tmp_path / "m"
    merge_runs([r1], out)
    assert CliRunner().invoke(app, ["stats", str(out)]).exit_code == 0
    first = {n: (out / n).read_bytes() for n in ("merged.jsonl", "entities.jsonl")}
    killed = subprocess.run([sys.executable, "-c", _KILLED_MERGE, str(out), str(r1), str(r2)],
                            env=os.environ, capture_output=True)
    assert killed.returncode == -9, killed.stderr
    # The mix a reader must not take for one merge: the new merged calls, the old entities.
    assert (out / "merged.jsonl").read_bytes() != first["merged.jsonl"]
    assert (out / "entities.jsonl").read_bytes() == first["entities.jsonl"]
    assert not (out / "merge-manifest.json").exists()
    for args, code in ((["stats", str(out)], 2), (["validate", str(out)], 1)):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == code, result.output
        assert "is incomplete: it has no merge-manifest.json" in " ".join(result.output.split())

    merge_runs([r1, r2], out)  # the rerun publishes both files, and clears what the kill left
    merge_runs([r1, r2], tmp_path / "clean")
    for name in ("merged.jsonl", "entities.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [
        ".newsevents", "entities.jsonl", "merge-manifest.json", "merged.jsonl"
    ]
    assert CliRunner().invoke(app, ["stats", str(out)]).exit_code == 0


@pytest.mark.parametrize("missing", ["dir", "events", "documents"])
def test_merge_runs_missing_input(tmp_path: Path, missing: str) -> None:
    run = write_run(tmp_path / "run", [call("a.txt", PS, "2025-02-12")], [doc("a.txt")])
    if missing == "dir":
        run = tmp_path / "nope"
    else:
        (run / f"{missing}.jsonl").unlink()
    with pytest.raises(UsageError):
        merge_runs([run], tmp_path / "out")


def test_merge_cli(tmp_path: Path) -> None:
    r1 = write_run(tmp_path / "r1", [call("a.txt", PS, "2025-02-12")], [doc("a.txt")])
    r2 = write_run(tmp_path / "r2", [call("b.txt", PS, "2025-02-13", "publication")],
                   [doc("b.txt")])
    result = CliRunner().invoke(app, ["merge", str(r1), str(r2), "-o", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    (line,) = read_jsonl(tmp_path / "m" / "merged.jsonl")
    assert line["counts"]["documents"] == 2
    result = CliRunner().invoke(app, ["merge", str(tmp_path / "nope"), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2


# --- end to end (needs the extract pipeline) ----------------------------------------------


def _extract(input_dir: Path, out: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(input_dir), "-o", str(out),
                                      "--processes", "1", "--force"])
    assert result.exit_code in (0, 1), result.output
    assert (out / "merged.jsonl").is_file(), "extract did not write merged.jsonl"


@pytest.mark.slow
def test_samples_merge_into_one_call(tmp_path: Path) -> None:
    _extract(ROOT / "data" / "samples", tmp_path / "out")
    lines = read_jsonl(tmp_path / "out" / "merged.jsonl")
    assert len(lines) == 1, lines
    (c,) = lines
    assert c["date"]["value"] == "2025-02-12"
    assert len(c["sources"]) == 2
    names = [p["name"] for p in c["parties"]]
    assert any(same_person(n, "Putin") for n in names)
    assert any(same_person(n, "al-Sharaa") for n in names)


@pytest.mark.slow
def test_devset_merge_gold(devset_output: Path, shared) -> None:
    shared("devset", "merge_gold.jsonl")
    lines = read_jsonl(devset_output / "merged.jsonl")
    gold = read_jsonl(DEVSET / "merge_gold.jsonl")

    def stems(line: dict[str, Any]) -> set[str]:
        return {Path(s["doc_id"]).stem for s in line["sources"]}

    def is_call(line: dict[str, Any], g: dict[str, Any]) -> bool:
        names = [p["name"] for p in line["parties"] if p["name"]]
        return (line["date"]["value"] == g["date"] and len(names) == len(g["parties"])
                and all(any(same_person(n, gp) for n in names) for gp in g["parties"]))

    events = read_jsonl(devset_output / "events.jsonl")

    def extracted(g: dict[str, Any]) -> bool:
        """Every document of the group yielded the call (else the miss is extraction's)."""
        for stem in g["doc_ids"]:
            docs = [e for e in events if Path(e["doc_id"]).stem == stem and e["status"] == "held"]
            if not any(is_call(e, g) for e in docs):
                return False
        return True

    merged, missed = [], []
    for g in gold:
        hits = [line for line in lines if is_call(line, g) and set(g["doc_ids"]) <= stems(line)]
        (merged if hits else missed).append(g)
    assert not [g for g in missed if extracted(g)], f"extracted but not merged: {missed}"
    # Every gold group is one merged record with all its documents as sources.
    assert not missed, f"only {len(merged)} of {len(gold)} gold groups merged: {missed}"
    # No record matches two gold calls, or joins documents that gold gives to another call.
    for line in lines:
        matching = [g for g in gold if is_call(line, g)]
        assert len(matching) <= 1, line
        if matching:
            own = set(matching[0]["doc_ids"])
            others = {d for g in gold if g is not matching[0] for d in g["doc_ids"]} - own
            assert not stems(line) & others, f"{line['id']} joins documents of different calls"


@pytest.mark.parametrize(
    ("file", "bad", "field"),
    [
        ("events.jsonl", {"parties": "Putin"}, "parties"),
        ("events.jsonl", {"date": 7}, "date"),
        ("events.jsonl", {"doc_id": None}, "doc_id"),
        ("documents.jsonl", {"doc_id": ["a.txt"]}, "doc_id"),
        ("documents.jsonl", {"entities": "x"}, "entities"),
    ],
    ids=["parties-str", "date-int", "doc_id-null", "doc-id-list", "entities-str"],
)
def test_merge_cli_rejects_schema_invalid_lines(
    tmp_path: Path, file: str, bad: dict[str, Any], field: str
) -> None:
    events = [call("a.txt", PS, "2025-02-12"), call("b.txt", PS, "2025-02-12")]
    documents = [doc("a.txt"), doc("b.txt")]
    records = events if file == "events.jsonl" else documents
    records[1] = {**records[1], **bad}
    run = write_run(tmp_path / "run", events, documents)
    out = tmp_path / "m"
    result = CliRunner().invoke(app, ["merge", str(run), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    text = " ".join(result.output.split())
    assert f"{run / file}:2: {field}" in text
    assert not (out / "merged.jsonl").exists()
