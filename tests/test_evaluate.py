"""The scorer, pinned on hand-made gold and prediction files.

Exact counts on a small case hold the matching rules in place: a later change can only raise
a score by making the extractor better, never by making the scorer looser.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import UsageError
from newsevents.evaluation import (
    EvalReport,
    evaluate,
    group_matches,
    max_weight_pairs,
    names_match,
    render_report,
)
from newsevents.io.published import published_sizes
from newsevents.records import (
    CallEvent,
    Codes,
    DocumentCounts,
    DocumentRecord,
    EventDate,
    Manifest,
    ManifestCounts,
    Party,
    TextSpan,
)

# --------------------------------------------------------------------------------------------
# builders

_EVENT_IDS = itertools.count()


def party(
    name: str | None,
    country: str | None = None,
    *,
    org: str | None = None,
    title: str | None = None,
) -> Party:
    return Party(name=name, mention=name, title=title, country=country, org=org, entity_id=None)


def call(
    doc_id: str,
    parties: list[Party],
    *,
    date: str | None = None,
    medium: str = "phone",
    initiated_by: str | None = None,
    evidence: str = "They spoke by phone.",
    confidence: float = 0.9,
    status: str = "held",
    rule: str = "call.test.v1",
) -> CallEvent:
    return CallEvent(
        id=f"ev{next(_EVENT_IDS)}",
        doc_id=doc_id,
        status=status,  # type: ignore[arg-type]
        medium=medium,  # type: ignore[arg-type]
        parties=parties,
        initiated_by=initiated_by,
        date=EventDate(
            value=date,
            text=None,
            basis="explicit" if date else None,
            granularity="day" if date else None,
            anchor=None,
            reason=None if date else "no_date_expression",
        ),
        topics=[],
        evidence=[TextSpan(start=0, end=len(evidence), text=evidence)],
        codes=Codes(cameo="041", plover_event="CONSULT", plover_mode="phone"),
        confidence=confidence,
        rule=rule,
    )


def document(doc_id: str, text: str) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        sha256="0" * 64,
        encoding="utf-8",
        title=None,
        published=None,
        published_basis=None,
        dateline=None,
        counts=DocumentCounts(chars=len(text), tokens=0, sentences=0, entities=0, events=0,
                              calls_held=0),
        warnings=[],
        entities=[],
    )  # fmt: skip


def write_run(root: Path, texts: dict[str, str], events: list[CallEvent]) -> Path:
    """An extract-like output directory over source texts written under root/in."""
    src, out = root / "in", root / "out"
    out.mkdir(parents=True)
    for doc_id, text in texts.items():
        (src / doc_id).parent.mkdir(parents=True, exist_ok=True)
        (src / doc_id).write_text(text, encoding="utf-8")
    (out / "documents.jsonl").write_bytes(
        b"".join(document(d, t).to_json() + b"\n" for d, t in texts.items())
    )
    (out / "events.jsonl").write_bytes(b"".join(e.to_json() + b"\n" for e in events))
    manifest = Manifest(
        version="0",
        model="none",
        input_root=str(src),
        settings={},
        settings_hash="0",
        started="2025-01-01T00:00:00",
        finished="2025-01-01T00:00:01",
        counts=ManifestCounts(documents=len(texts), events=len(events), calls_held=0, errors=0,
                              merged=0),
        publish_id="0" * 32,
        files=published_sizes(out),
    )  # fmt: skip
    (out / "manifest.json").write_bytes(manifest.to_json())
    return out


def gold_call(
    parties: list[str],
    countries: list[str | None],
    *,
    date: str | None = None,
    mode: str = "phone",
    initiated_by: str | None = None,
    evidence: str = "gold evidence",
    **flags: bool,
) -> dict[str, Any]:
    return {
        "type": "call",
        "parties": parties,
        "party_countries": countries,
        "date": date,
        "topics": [],
        "evidence": evidence,
        "mode": mode,
        "initiated_by": initiated_by,
        "initiated_by_evidence": None,
        **flags,
    }


def write_gold(path: Path, docs: dict[str, list[dict[str, Any]]]) -> Path:
    path.write_bytes(
        b"".join(orjson.dumps({"doc_id": d, "events": evs}) + b"\n" for d, evs in docs.items())
    )
    return path


def score(tmp_path: Path, texts: dict[str, str], events: list[CallEvent], gold: dict) -> EvalReport:
    out = write_run(tmp_path, texts, events)
    return evaluate(write_gold(tmp_path / "gold.jsonl", gold), out)


# --------------------------------------------------------------------------------------------
# the hand-made case

TEXT_1 = (
    "date 2021-09-24\nPM call\nThe Prime Minister spoke to President Emmanuel Macron this "
    "morning. Chancellor Olaf Scholz called President Volodymyr Zelenskyy on Tuesday.\n"
)
TEXT_2 = (
    "President Vladimir Putin held a phone call with Syrian leader Ahmed al-Sharaa. Putin also "
    "met Recep Tayyip Erdogan in Ankara. Joe Biden has spoken with Fumio Kishida. Xi Jinping and "
    "Cyril Ramaphosa are to speak by video link, and did so later.\n"
)


@pytest.fixture
def case(tmp_path: Path) -> EvalReport:
    texts = {"a/doc-1.txt": TEXT_1, "doc-2.txt": TEXT_2, "extra.txt": "Nothing here.\n"}
    events = [
        # TP: a party known only by office, and Johnson is nowhere in the text.
        call("a/doc-1.txt",
             [party(None, "GBR", title="Prime Minister"), party("Emmanuel Macron", "FRA")],
             date="2021-09-24", evidence="The Prime Minister spoke to President Emmanuel Macron"),
        # TP: a transliterated name; wrong date; right initiator.
        call("a/doc-1.txt",
             [party("Olaf Scholz", "DEU"), party("Volodymyr Zelensky", "UKR")],
             date="2022-03-02", initiated_by="Olaf Scholz", confidence=0.75),
        # TP: another spelling; wrong country, wrong medium, invented initiator.
        call("doc-2.txt",
             [party("Vladimir Putin", "RUS"), party("Ahmad al-Shaara", "SAU")],
             date="2025-02-12", medium="video", initiated_by="Vladimir Putin", confidence=0.95),
        # An optional (implicit) gold call: neither TP nor FP.
        call("doc-2.txt", [party("Joe Biden", "USA"), party("Fumio Kishida", "JPN")],
             medium="unspecified", confidence=0.3),
        # FP: a meeting.
        call("doc-2.txt", [party("Vladimir Putin", "RUS"), party("Recep Tayyip Erdogan", "TUR")],
             confidence=0.6, evidence="Putin also met Recep Tayyip Erdogan", rule="call.met.v0"),
        # Not held: never scored, so the gold call it names stays a miss.
        call("doc-2.txt", [party("Xi Jinping", "CHN"), party("Cyril Ramaphosa", "ZAF")],
             status="planned"),
        # A document the gold does not annotate: not scored at all.
        call("extra.txt", [party("Ada Lovelace", "GBR"), party("Alan Turing", "GBR")]),
    ]  # fmt: skip
    gold = {
        "doc-1": [
            gold_call(["Boris Johnson", "Emmanuel Macron"], ["GBR", "FRA"], date="2021-09-24"),
            gold_call(["Olaf Scholz", "Volodymyr Zelenskyy"], ["DEU", "UKR"], date="2022-03-01",
                      initiated_by="Olaf Scholz"),
        ],
        "doc-2": [
            gold_call(["Vladimir Putin", "Ahmed al-Sharaa"], ["RUS", "SYR"], date="2025-02-12"),
            gold_call(["Joe Biden", "Fumio Kishida"], ["USA", "JPN"], mode="unspecified",
                      implicit=True),
            gold_call(["Xi Jinping", "Cyril Ramaphosa"], ["CHN", "ZAF"], mode="video",
                      evidence="Xi Jinping and Cyril Ramaphosa spoke"),
        ],
        "doc-3": [gold_call(["Narendra Modi", "Scott Morrison"], ["IND", "AUS"])],
        "doc-4": [],
    }  # fmt: skip
    return score(tmp_path, texts, events, gold)


def test_case_call_counts(case: EvalReport) -> None:
    assert (case.tp, case.fp, case.fn, case.optional_matched) == (3, 1, 2, 1)
    assert (case.gold_required, case.gold_optional) == (5, 1)
    assert case.precision == pytest.approx(3 / 4)
    assert case.recall == pytest.approx(3 / 5)
    assert case.f1 == pytest.approx(6 / 9)


def test_case_documents(case: EvalReport) -> None:
    assert case.missing_documents == ["doc-3", "doc-4"]
    assert (case.documents_gold, case.documents_scored, case.documents_unscored) == (4, 2, 1)


def test_case_field_accuracy(case: EvalReport) -> None:
    assert case.matched_pairs == 4
    assert (case.date_correct, case.date_total) == (2, 3)
    assert (case.country_correct, case.country_total) == (7, 8)
    assert (case.medium_correct, case.medium_total) == (3, 4)
    assert (case.initiator_correct, case.initiator_total) == (1, 1)
    assert (case.invented_initiators, case.invented_initiator_rate) == (1, 0.25)


def test_case_lists(case: EvalReport) -> None:
    assert sorted((m.doc_id, tuple(m.parties)) for m in case.misses) == [
        ("doc-2", ("Xi Jinping", "Cyril Ramaphosa")),
        ("doc-3", ("Narendra Modi", "Scott Morrison")),
    ]
    [alarm] = case.false_alarms
    assert alarm.parties == ["Vladimir Putin", "Recep Tayyip Erdogan"]
    assert (alarm.rule, alarm.evidence) == ("call.met.v0", "Putin also met Recep Tayyip Erdogan")
    errors = {(e.field, e.gold, e.predicted) for e in case.field_errors}
    assert errors == {
        ("date", "2022-03-01", "2022-03-02"),
        ("country (Ahmed al-Sharaa)", "SYR", "SAU"),
        ("medium", "phone", "video"),
        ("initiated_by (invented)", None, "Vladimir Putin"),
        ("name (office holder)", "Boris Johnson", None),
    }
    # Johnson is the one gold party the text names only by office, and he came out unnamed.
    assert (case.office_named, case.office_total) == (0, 1)


@pytest.mark.parametrize(
    ("predicted", "counts"),
    [
        pytest.param("Boris Johnson", (1, 1), id="holder-named"),
        pytest.param("Theresa May", (0, 1), id="wrong-holder"),  # no match: a miss
        pytest.param(None, (0, 1), id="unnamed"),
    ],
)
def test_office_only_parties_named(
    tmp_path: Path, predicted: str | None, counts: tuple[int, int]
) -> None:
    text = "The Prime Minister spoke to Emmanuel Macron.\n"
    events = [
        call("d.txt", [party(predicted, "GBR", title="Prime Minister"),
                       party("Emmanuel Macron", "FRA")]),
    ]  # fmt: skip
    gold = {"d": [gold_call(["Boris Johnson", "Emmanuel Macron"], ["GBR", "FRA"])]}
    report = score(tmp_path, {"d.txt": text}, events, gold)
    assert (report.office_named, report.office_total) == counts
    assert report.scores()["office_named_rate"] == counts[0] / counts[1]


def test_case_confidence_bands(case: EvalReport) -> None:
    bands = {b.label: (b.tp, b.fp) for b in case.bands}
    assert bands == {"[0, 0.5)": (0, 0), "[0.5, 0.7)": (0, 1), "[0.7, 0.85)": (1, 0),
                     "[0.85, 1]": (2, 0)}  # fmt: skip


def test_case_json_and_render(case: EvalReport) -> None:
    data = orjson.loads(case.to_json())
    assert data["scores"]["call_f1"] == pytest.approx(6 / 9)
    assert data["counts"]["date"] == [2, 3]
    assert data["false_alarms"][0]["rule"] == "call.met.v0"
    console = Console(record=True, width=200)
    render_report(case, console)
    shown = console.export_text()
    assert "call F1" in shown and "0.667" in shown
    assert "Xi Jinping and Cyril Ramaphosa spoke" in shown  # the miss's evidence
    console = Console(record=True, width=200)
    render_report(case, console, details=False)
    assert "Cyril Ramaphosa spoke" not in console.export_text()


# --------------------------------------------------------------------------------------------
# what must not match


@pytest.mark.parametrize(
    ("text", "predicted", "gold_parties", "gold_countries"),
    [
        pytest.param(
            "Vladimir Putin spoke with Donald Tusk.",
            [party("Vladimir Putin", "RUS"), party("Donald Tusk", "POL")],
            ["Vladimir Putin", "Donald Trump"], ["RUS", "USA"],
            id="different-surname",
        ),
        pytest.param(
            "A three-way call of Macron, Scholz and Zelensky.",
            [party("Emmanuel Macron", "FRA"), party("Olaf Scholz", "DEU")],
            ["Emmanuel Macron", "Olaf Scholz", "Volodymyr Zelensky"], ["FRA", "DEU", "UKR"],
            id="two-party-vs-three-party",
        ),
        pytest.param(
            "Macron spoke with Scholz.",
            [party("Emmanuel Macron", "FRA"), party("Olaf Scholz", "DEU"),
             party("Volodymyr Zelensky", "UKR")],
            ["Emmanuel Macron", "Olaf Scholz"], ["FRA", "DEU"],
            id="three-party-vs-two-party",
        ),
        pytest.param(
            "Prime Minister Boris Johnson arrived. The Prime Minister spoke to Emmanuel Macron.",
            [party(None, "GBR", title="Prime Minister"), party("Emmanuel Macron", "FRA")],
            ["Boris Johnson", "Emmanuel Macron"], ["GBR", "FRA"],
            id="null-name-but-named-in-text",
        ),
        pytest.param(
            "Theresa May's office said the Prime Minister spoke to Emmanuel Macron.",
            [party(None, "GBR", title="Prime Minister"), party("Emmanuel Macron", "FRA")],
            ["Theresa May", "Emmanuel Macron"], ["GBR", "FRA"],
            id="null-name-but-named-with-possessive",
        ),
        pytest.param(
            "The Prime Minister spoke to Emmanuel Macron.",
            [party(None, "IRL", title="Prime Minister"), party("Emmanuel Macron", "FRA")],
            ["Boris Johnson", "Emmanuel Macron"], ["GBR", "FRA"],
            id="null-name-other-country",
        ),
        pytest.param(
            "President Moon spoke to Joe Biden.",
            [party(None, "KOR", title="President"), party("Joe Biden", "USA")],
            ["Moon Jae-in", "Joe Biden"], ["KOR", "USA"],
            id="null-name-surname-first-named-in-text",
        ),
        pytest.param(
            "Trump joined a video call of G7 leaders.",
            [party("Donald Trump", "USA"), party(None, None, org="G7")],
            ["Donald Trump", "G20 leaders"], ["USA", None],
            id="other-group",
        ),
        pytest.param(
            "Kim Jong Un spoke to Moon.",
            [party("Kim Yo-jong", "PRK"), party("Moon Jae-in", "KOR")],
            ["Kim Jong-un", "Moon Jae-in"], ["PRK", "KOR"],
            id="same-family-name-other-person",
        ),
    ],
)  # fmt: skip
def test_no_match(
    tmp_path: Path, text: str, predicted: list[Party], gold_parties: list[str],
    gold_countries: list[str | None],
) -> None:  # fmt: skip
    report = score(
        tmp_path,
        {"doc.txt": text},
        [call("doc.txt", predicted)],
        {"doc": [gold_call(gold_parties, gold_countries)]},
    )
    assert (report.tp, report.fp, report.fn) == (0, 1, 1)


@pytest.mark.parametrize(
    ("text", "predicted", "gold_parties", "gold_countries"),
    [
        pytest.param(
            "The Prime Minister spoke to Emmanuel Macron.",
            [party(None, "GBR", title="Prime Minister"), party("Emmanuel Macron", "FRA")],
            ["Boris Johnson", "Emmanuel Macron"], ["GBR", "FRA"],
            id="null-name",
        ),
        pytest.param(
            "Talks may resume on 5 May. The Prime Minister spoke to Emmanuel Macron.",
            [party(None, "GBR", title="Prime Minister"), party("Emmanuel Macron", "FRA")],
            ["Theresa May", "Emmanuel Macron"], ["GBR", "FRA"],
            id="null-name-surname-is-also-a-word",
        ),
        pytest.param(
            "Lukashenko spoke to Putin.",
            [party("Lukashenko", "BLR"), party("Putin", "RUS")],
            ["Aleksandr Lukashenko", "Vladimir Putin"], ["BLR", "RUS"],
            id="surname-only",
        ),
        pytest.param(
            "Xi spoke to Moon.",
            [party("Moon", "KOR"), party("Xi", "CHN")],
            ["Xi Jinping", "Moon Jae-in"], ["CHN", "KOR"],
            id="surname-first-any-order",
        ),
        pytest.param(
            "Putin spoke to al-Shaara.",
            [party("Vladimir Putin", "RUS"), party("al-Shaara", "SYR")],
            ["Vladimir Putin", "Ahmed al-Sharaa"], ["RUS", "SYR"],
            id="transliteration",
        ),
        pytest.param(
            "Mr Zelenskiy spoke to Ursula von der Leyen.",
            [party("Volodymyr Zelenskiy", "UKR"), party(None, None, org="EU")],
            ["Volodymyr Zelenskyy", "European Union"], ["UKR", None],
            id="org-acronym",
        ),
    ],
)  # fmt: skip
def test_match(
    tmp_path: Path, text: str, predicted: list[Party], gold_parties: list[str],
    gold_countries: list[str | None],
) -> None:  # fmt: skip
    report = score(
        tmp_path,
        {"doc.txt": text},
        [call("doc.txt", predicted)],
        {"doc": [gold_call(gold_parties, gold_countries)]},
    )
    assert (report.tp, report.fp, report.fn) == (1, 0, 0)


def test_multilateral_is_optional(tmp_path: Path) -> None:
    gold = {"doc": [gold_call(["Donald Trump", "G20 leaders"], ["USA", None], multilateral=True)]}
    found = score(
        tmp_path / "found",
        {"doc.txt": "Trump joined the virtual G20 summit."},
        [call("doc.txt", [party("Donald Trump", "USA"), party(None, None, org="G20")])],
        gold,
    )
    assert (found.tp, found.fp, found.fn, found.optional_matched) == (0, 0, 0, 1)
    missed = score(tmp_path / "missed", {"doc.txt": "Trump joined the G20 summit."}, [], gold)
    assert (missed.tp, missed.fp, missed.fn, missed.misses) == (0, 0, 0, [])


def test_required_gold_is_matched_before_optional(tmp_path: Path) -> None:
    # One prediction, two gold calls with the same parties: it must count for the required one.
    gold = {
        "doc": [
            gold_call(["Joe Biden", "Xi Jinping"], ["USA", "CHN"], implicit=True),
            gold_call(["Joe Biden", "Xi Jinping"], ["USA", "CHN"]),
        ]
    }
    report = score(
        tmp_path,
        {"doc.txt": "Biden spoke with Xi."},
        [call("doc.txt", [party("Joe Biden", "USA"), party("Xi Jinping", "CHN")])],
        gold,
    )
    assert (report.tp, report.fn, report.optional_matched) == (1, 0, 0)


def test_pairs_prefer_agreeing_fields(tmp_path: Path) -> None:
    # Two calls between the same leaders in one document: each prediction pairs with its own.
    parties = [party("Joe Biden", "USA"), party("Xi Jinping", "CHN")]
    report = score(
        tmp_path,
        {"doc.txt": "Biden and Xi spoke twice."},
        [call("doc.txt", parties, date="2021-11-15", evidence="the second call"),
         call("doc.txt", parties, date="2021-09-09", evidence="the first call")],
        {"doc": [gold_call(["Joe Biden", "Xi Jinping"], ["USA", "CHN"], date="2021-09-09"),
                 gold_call(["Joe Biden", "Xi Jinping"], ["USA", "CHN"], date="2021-11-15")]},
    )  # fmt: skip
    assert (report.tp, report.date_correct, report.date_total) == (2, 2, 2)


def test_initiator_by_party_pairing(tmp_path: Path) -> None:
    # The prediction names the wrong one of the two parties as initiator.
    report = score(
        tmp_path,
        {"doc.txt": "Merkel called Putin."},
        [call("doc.txt", [party("Angela Merkel", "DEU"), party("Vladimir Putin", "RUS")],
              initiated_by="Vladimir Putin")],
        {"doc": [gold_call(["Vladimir Putin", "Angela Merkel"], ["RUS", "DEU"],
                           initiated_by="Angela Merkel")]},
    )  # fmt: skip
    assert (report.tp, report.initiator_correct, report.initiator_total) == (1, 0, 1)


def test_sources_override_manifest(tmp_path: Path) -> None:
    out = write_run(tmp_path, {"doc.txt": "The Prime Minister spoke to Emmanuel Macron."}, [
        call("doc.txt", [party(None, "GBR"), party("Emmanuel Macron", "FRA")])
    ])  # fmt: skip
    gold = write_gold(
        tmp_path / "gold.jsonl",
        {"doc": [gold_call(["Boris Johnson", "Emmanuel Macron"], ["GBR", "FRA"])]},
    )
    other = tmp_path / "other"
    other.mkdir()
    (other / "doc.txt").write_text("Boris Johnson: the Prime Minister spoke to Macron.")
    assert evaluate(gold, out).tp == 1
    assert evaluate(gold, out, sources=other).tp == 0
    # Without the texts a party known only by office cannot be checked: no match, a warning.
    assert evaluate(gold, out, sources=tmp_path / "out").tp == 0
    assert evaluate(gold, out, sources=tmp_path / "out").warnings


@pytest.mark.parametrize("missing", ["events.jsonl", "documents.jsonl", "manifest.json", "gold"])
def test_missing_files_are_usage_errors(tmp_path: Path, missing: str) -> None:
    out = write_run(tmp_path, {"doc.txt": "text"}, [])
    gold = write_gold(tmp_path / "gold.jsonl", {"doc": []})
    (gold if missing == "gold" else out / missing).unlink()
    with pytest.raises(UsageError, match="gold file not found" if missing == "gold" else missing):
        evaluate(gold, out)


def test_invalid_event_line_is_a_usage_error(tmp_path: Path) -> None:
    out = write_run(tmp_path, {"doc.txt": "text"}, [])
    (out / "events.jsonl").write_text('{"type": "call", "id": 1}\n')
    with pytest.raises(UsageError, match=r"events.jsonl:1: .*newsevents validate"):
        evaluate(write_gold(tmp_path / "gold.jsonl", {"doc": []}), out)


def test_cli_evaluate_writes_json(tmp_path: Path) -> None:
    out = write_run(tmp_path, {"doc.txt": "Putin spoke to Macron."}, [
        call("doc.txt", [party("Vladimir Putin", "RUS"), party("Emmanuel Macron", "FRA")])
    ])  # fmt: skip
    gold = write_gold(
        tmp_path / "gold.jsonl",
        {"doc": [gold_call(["Emmanuel Macron", "Vladimir Putin"], ["FRA", "RUS"])]},
    )
    result = CliRunner().invoke(
        app, ["evaluate", str(out), "--gold", str(gold), "--json", str(tmp_path / "s.json")]
    )
    assert result.exit_code == 0, result.output
    assert orjson.loads((tmp_path / "s.json").read_bytes())["scores"]["call_f1"] == 1.0


# --------------------------------------------------------------------------------------------
# the pieces


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Ahmad al-Sharaa", "Ahmed al-Sharaa", True),
        ("Ahmed al-Sharaa", "al-Shaara", True),
        ("Zelensky", "Volodymyr Zelenskyy", True),
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky", True),
        ("Lukashenko", "Aleksandr Lukashenko", True),
        ("Moon Jae-in", "Moon", True),
        ("Xi Jinping", "Xi", True),
        ("Jae-in Moon", "Moon Jae-in", True),
        ("Recep Tayyip Erdoğan", "Erdogan", True),
        ("Muammar Gaddafi", "Moammar Qaddafi", True),
        ("Mohammed bin Salman", "Muhammad bin Salman", True),
        ("Mohammed bin Salman", "Mohammed bin Salman bin Abdulaziz", True),
        ("Haitham bin Tariq", "Haitham bin Tarik", True),
        ("Yoon Suk-yeol", "Yoon Suk Yeol", True),
        ("Kim Jong-un", "Kim Jong-il", False),
        ("Mohammed bin Salman", "Mohammed bin Zayed", False),
        ("Donald Trump", "Donald Tusk", False),
        ("Mohammed bin Salman", "Salman bin Abdulaziz", False),
        ("Kim Jong-un", "Kim Yo-jong", False),
        ("Barack Obama", "Osama bin Laden", False),
        ("Li Keqiang", "Xi Jinping", False),
        ("Xi", "Li", False),
        ("Kim", "Kin", False),
        ("Liz Truss", "Donald Trump", False),
        (None, "Donald Trump", False),
    ],
)
def test_names_match(a: str | None, b: str, expected: bool) -> None:
    assert names_match(a, b) is expected
    assert names_match(b, a) is expected


@pytest.mark.parametrize(
    ("label", "gold", "expected"),
    [
        ("G20", "G20 leaders", True),
        ("EU", "European Union", True),
        ("NATO", "North Atlantic Treaty Organization", True),
        ("G7", "G20 leaders", False),
        ("UN", "European Union", False),
        (None, "G20 leaders", False),
    ],
)
def test_group_matches(label: str | None, gold: str, expected: bool) -> None:
    assert group_matches(label, gold) is expected


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda rows: st.integers(1, 5).flatmap(
            lambda cols: st.lists(
                st.lists(st.sampled_from([0.0, 1.0, 2.5, 1000.0, 1001.5]), min_size=cols,
                         max_size=cols),
                min_size=rows, max_size=rows,
            )
        )
    )
)  # fmt: skip
def test_max_weight_pairs_is_optimal(weights: list[list[float]]) -> None:
    rows, cols = len(weights), len(weights[0])
    pairs = max_weight_pairs(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(weights[i][j] > 0 for i, j in pairs)
    best = 0.0
    for perm in itertools.permutations(range(max(rows, cols)), rows):
        best = max(best, sum(weights[i][j] for i, j in enumerate(perm) if j < cols))
    assert sum(weights[i][j] for i, j in pairs) == pytest.approx(best)


# --------------------------------------------------------------------------------------------
# calls that did not happen (the gold's `not_held`)

NOT_HELD_TEXT = (
    "Prime Minister Mark Carney will speak to President Lula on Friday. Carney did not speak to "
    "Javier Milei, his office said. Carney spoke with Claudia Sheinbaum on Monday.\n"
)


def test_not_held_precision_recall_and_status(tmp_path: Path) -> None:
    gold_line = {
        "doc_id": "d1",
        "events": [gold_call(["Mark Carney", "Claudia Sheinbaum"], ["CAN", "MEX"])],
        "not_held": [
            {"parties": ["Mark Carney", "Lula"], "party_countries": ["CAN", "BRA"],
             "status": "planned", "evidence": "will speak"},
            {"parties": ["Mark Carney", "Javier Milei"], "party_countries": ["CAN", "ARG"],
             "status": "denied", "evidence": "did not speak"},
        ],
    }  # fmt: skip
    events = [
        call("d1.txt", [party("Mark Carney", "CAN"), party("Lula", "BRA")], status="planned"),
        # right pair, wrong status: found, but the status is wrong
        call("d1.txt", [party("Mark Carney", "CAN"), party("Javier Milei", "ARG")], status="planned"),
        # the held call came out as planned: no not-held false alarm, counted apart
        call("d1.txt", [party("Carney", "CAN"), party("Sheinbaum", "MEX")], status="planned"),
        # a planned call nobody mentions as one
        call("d1.txt", [party("Carney", "CAN"), party("Joe Biden", "USA")], status="denied"),
    ]
    out = write_run(tmp_path, {"d1.txt": NOT_HELD_TEXT}, events)
    (tmp_path / "gold.jsonl").write_bytes(orjson.dumps(gold_line) + b"\n")
    report = evaluate(tmp_path / "gold.jsonl", out)
    assert (report.not_held_tp, report.not_held_fp, report.not_held_fn) == (2, 1, 0)
    assert report.not_held_status_correct == 1
    assert report.held_as_not_held == 1
    assert report.fn == 1  # the held call is still a miss of the held score
    assert report.scores()["not_held_precision"] == pytest.approx(2 / 3)
    assert report.scores()["status_accuracy"] == pytest.approx(0.5)


@pytest.mark.parametrize("not_held", ['"a string"', '[{"parties": "Carney"}]', "[{}]"])
def test_malformed_not_held_is_a_usage_error(tmp_path: Path, not_held: str) -> None:
    out = write_run(tmp_path, {"d1.txt": NOT_HELD_TEXT}, [])
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc_id": "d1", "events": [], "not_held": ' + not_held + "}\n")
    with pytest.raises(UsageError, match=r"gold.jsonl:1: not_held"):
        evaluate(gold, out)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('["d1"]', r"gold.jsonl:1: not a gold document"),
        ('{"events": []}', r"gold.jsonl:1: doc_id: missing"),
        ('{"doc_id": "d1", "events": "none"}', r"gold.jsonl:1: events: missing or not a list"),
        ('{"doc_id": "d1", "events": ["a call"]}', r"gold.jsonl:1: events.0: not an object"),
        # a string of parties or of countries would otherwise be scored letter by letter
        ('{"doc_id": "d1", "events": [{"parties": "Carney"}]}', r"events.0.parties: not a list"),
        ('{"doc_id": "d1", "events": [{"parties": ["Mark Carney", "Lula"], '
         '"party_countries": "CANBRA"}]}', r"events.0.party_countries: not a list"),
        ('{"doc_id": "d1", "events": [{"parties": ["Mark Carney", "Lula"], '
         '"party_countries": ["CAN"]}]}', r"events.0.party_countries: not as long"),
        ('{"doc_id": "d1", "events": [{"parties": ["Mark Carney", "Lula"], "date": 20250101}]}',
         r"events.0.date: not a string"),
        ("{not json", r"gold.jsonl:1: not JSON"),
    ],
)  # fmt: skip
def test_malformed_gold_lines_name_file_line_and_field(
    tmp_path: Path, line: str, message: str
) -> None:
    out = write_run(tmp_path, {"d1.txt": NOT_HELD_TEXT}, [])
    gold = tmp_path / "gold.jsonl"
    gold.write_text(line + "\n")
    with pytest.raises(UsageError, match=message):
        evaluate(gold, out)
