"""The evaluation gate: extraction scores on annotated corpora against pinned floors.

Each corpus is extracted once per test session (module-scoped fixtures, one process) and
scored with `newsevents.evaluation`; the scores must reach the floors (and stay under the
ceilings) in eval/baseline.json, which only ever rise (fall). See eval/README.md.
"""

from __future__ import annotations

import os
import subprocess
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest

from conftest import shared_path
from newsevents.evaluation import EvalReport, doc_stem, evaluate

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
OPEN_SET = REPO / "data" / "devset-open"
WRITTEN_SET = REPO / "data" / "written"
BASELINE = REPO / "eval" / "baseline.json"
BASELINE_GIT_PATH = "eval/baseline.json"
PLOVER_CALL = "PLOVER-GSR01-CONSULT-0002"
# Limits that must stay at or below their pinned value; every other number is a floor.
CEILINGS = frozenset({"invented_initiator_rate", "plover_false_calls", "max_f1_drop"})
LOWER_FLOORS_ENV = "NEWSEVENTS_LOWER_FLOORS"
LOWER_FLOORS_TAG = "[lower-floors]"


def extract_and_evaluate(input_dir: Path, gold: Path, out_dir: Path) -> EvalReport:
    from newsevents.pipeline import extract
    from newsevents.settings import Settings

    extract(input_dir, out_dir, Settings(processes=1), force=True)
    return evaluate(gold, out_dir)


def gate_scores(report: EvalReport) -> dict[str, float]:
    """The report's scores under their baseline names; nothing scorable counts as 0."""
    values = {
        "call_f1": report.f1,
        "precision": report.precision,
        "recall": report.recall,
        "date_accuracy": report.date_accuracy,
        "country_accuracy": report.country_accuracy,
        "medium_accuracy": report.medium_accuracy,
        "initiator_accuracy": report.initiator_accuracy,
        "invented_initiator_rate": report.invented_initiator_rate,
    }
    return {name: 0.0 if value is None else value for name, value in values.items()}


def baseline_failures(limits: dict[str, float], scores: dict[str, float]) -> list[str]:
    failures = []
    for name, limit in limits.items():
        value = scores[name]
        if name in CEILINGS and value > limit + 1e-9:
            failures.append(f"{name} = {value:.4f} is above its ceiling {limit}")
        elif name not in CEILINGS and value < limit - 1e-9:
            failures.append(f"{name} = {value:.4f} is below its floor {limit}")
    return failures


def load_baseline() -> dict[str, dict[str, float]]:
    return orjson.loads(BASELINE.read_bytes())


def _summary(report: EvalReport) -> str:
    return orjson.dumps(report.scores(), option=orjson.OPT_SORT_KEYS).decode()


# --------------------------------------------------------------------------------------------
# corpora, each extracted once


@pytest.fixture(scope="module")
def devset_report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    docs, gold = shared_path("devset", "docs"), shared_path("devset", "gold.jsonl")
    return extract_and_evaluate(docs, gold, tmp_path_factory.mktemp("devset") / "out")


@pytest.fixture(scope="module")
def devset2_report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    docs, gold = shared_path("devset2", "docs"), shared_path("devset2", "gold.jsonl")
    return extract_and_evaluate(docs, gold, tmp_path_factory.mktemp("devset2") / "out")


@pytest.fixture(scope="module")
def devset_open_report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    out = tmp_path_factory.mktemp("devset-open") / "out"
    return extract_and_evaluate(OPEN_SET / "docs", OPEN_SET / "gold.jsonl", out)


@pytest.fixture(scope="module")
def written_report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    out = tmp_path_factory.mktemp("written") / "out"
    return extract_and_evaluate(WRITTEN_SET / "docs", WRITTEN_SET / "gold.jsonl", out)


@pytest.fixture(scope="module")
def plover_report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    from newsevents.evaluation import plover_to_corpus

    source = shared_path("peer-data", "PLOVER_GSR_CAMEO.json")
    corpus = tmp_path_factory.mktemp("plover")
    gold = plover_to_corpus(source, corpus)
    return extract_and_evaluate(corpus / "docs", gold, corpus / "out")


def wrapped_copy(docs: Path, out: Path) -> Path:
    """Each document wrapped in another site's boilerplate (header and title stay first)."""
    from boilerplate import wrap_in_boilerplate  # tests/boilerplate.py

    out.mkdir(parents=True)
    for path in sorted(docs.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        seed = zlib.crc32(path.stem.encode())  # varies the layout from document to document
        (out / path.name).write_text(wrap_in_boilerplate(text, seed=seed), encoding="utf-8")
    return out


# --------------------------------------------------------------------------------------------
# the gate


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["devset", "devset2", "devset-open", "written"])
def test_scores_reach_floors(corpus: str, request: pytest.FixtureRequest) -> None:
    report: EvalReport = request.getfixturevalue(corpus.replace("-", "_") + "_report")
    print(f"{corpus}: {_summary(report)}")
    failures = baseline_failures(load_baseline()[corpus], gate_scores(report))
    assert not failures, f"{corpus}: " + "; ".join(failures) + f"\nscores: {_summary(report)}"


@pytest.mark.slow
def test_plover_call_found_and_no_false_calls(plover_report: EvalReport) -> None:
    scores = {"plover_found": float(plover_report.tp), "plover_false_calls": plover_report.fp}
    print(f"plover: {scores}")
    failures = baseline_failures(load_baseline()["plover"], scores)
    assert not failures, "; ".join(failures) + "\nfalse calls:\n" + "\n".join(
        f"  {f.doc_id}: {' / '.join(f.parties)}: {f.evidence}" for f in plover_report.false_alarms
    )


@pytest.mark.slow
@pytest.mark.parametrize("corpus", ["devset", "devset-open"])
def test_boilerplate_does_not_change_f1(
    corpus: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    clean: EvalReport = request.getfixturevalue(corpus.replace("-", "_") + "_report")
    if corpus == "devset":
        docs, gold = shared_path("devset", "docs"), shared_path("devset", "gold.jsonl")
    else:
        docs, gold = OPEN_SET / "docs", OPEN_SET / "gold.jsonl"
    wrapped = extract_and_evaluate(wrapped_copy(docs, tmp_path / "in"), gold, tmp_path / "out")
    clean_f1, wrapped_f1 = clean.f1 or 0.0, wrapped.f1 or 0.0
    max_drop = load_baseline()["boilerplate"]["max_f1_drop"]
    print(f"{corpus}: clean F1 {clean_f1:.4f}, wrapped F1 {wrapped_f1:.4f}")
    new_alarms = {(f.doc_id, tuple(f.parties)) for f in wrapped.false_alarms} - {
        (f.doc_id, tuple(f.parties)) for f in clean.false_alarms
    }
    assert wrapped_f1 >= clean_f1 - max_drop, (
        f"F1 {wrapped_f1:.4f} with boilerplate vs {clean_f1:.4f} clean; "
        f"new false alarms: {sorted(new_alarms)}"
    )


# --------------------------------------------------------------------------------------------
# the gate's own data


def test_plover_corpus(tmp_path: Path) -> None:
    from newsevents.evaluation import plover_to_corpus

    gold = plover_to_corpus(shared_path("peer-data", "PLOVER_GSR_CAMEO.json"), tmp_path)
    docs = [orjson.loads(line) for line in gold.read_bytes().splitlines()]
    assert len(docs) == len({d["doc_id"] for d in docs}) == 322
    assert len(list((tmp_path / "docs").glob("*.txt"))) == 322
    calls = [(d["doc_id"], e) for d in docs for e in d["events"]]
    assert [(doc_id, e["party_countries"], e["mode"]) for doc_id, e in calls] == [
        (PLOVER_CALL, ["USA", "RUS"], "phone")
    ]
    text = (tmp_path / "docs" / f"{PLOVER_CALL}.txt").read_text()
    assert text.startswith("U.S. Secretary of State Warren Christopher telephoned")
    assert all(name in text for name in calls[0][1]["parties"])


def test_devset_open_holds_only_open_documents() -> None:
    gold = [orjson.loads(line) for line in (OPEN_SET / "gold.jsonl").read_bytes().splitlines()]
    open_licences = ("Open Government Licence", "CC BY 4.0", "public domain")
    assert gold and all(d["license"].startswith(open_licences) for d in gold)
    stems = sorted(p.stem for p in (OPEN_SET / "docs").glob("*"))
    assert stems == sorted(doc_stem(d["doc_id"]) for d in gold)
    readme = (OPEN_SET / "README.md").read_text()
    assert all(d["doc_id"] in readme and d["source"] in readme for d in gold)


def test_devset_open_is_a_verbatim_subset() -> None:
    shared = shared_path("devset")
    full = {
        orjson.loads(line)["doc_id"]: line
        for line in (shared / "gold.jsonl").read_bytes().splitlines()
    }
    for line in (OPEN_SET / "gold.jsonl").read_bytes().splitlines():
        doc_id = orjson.loads(line)["doc_id"]
        assert line == full[doc_id]
        copy = (OPEN_SET / "docs" / f"{doc_id}.txt").read_bytes()
        assert copy == (shared / "docs" / f"{doc_id}.txt").read_bytes()


def test_baseline_names_every_gate_score() -> None:
    baseline = load_baseline()
    assert set(baseline) == {"devset", "devset2", "devset-open", "written", "plover", "boilerplate"}
    for corpus in ("devset", "devset2", "devset-open", "written"):
        assert set(baseline[corpus]) == set(gate_scores(EvalReport("", "")))
    assert set(baseline["plover"]) == {"plover_found", "plover_false_calls"}


# --------------------------------------------------------------------------------------------
# floors only rise


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=30
    )


def dropped_limits(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every floor of `old` that `new` lowers (or drops), every ceiling it raises."""
    drops = []
    for corpus, limits in old.items():
        for name, before in limits.items():
            after = new.get(corpus, {}).get(name)
            if after is None:
                drops.append(f"{corpus}.{name} was removed (was {before})")
            elif name in CEILINGS and after > before:
                drops.append(f"ceiling {corpus}.{name} rose from {before} to {after}")
            elif name not in CEILINGS and after < before:
                drops.append(f"floor {corpus}.{name} fell from {before} to {after}")
    return drops


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"a": {"call_f1": 0.5}}, {"a": {"call_f1": 0.6}}, []),
        ({"a": {"call_f1": 0.5}}, {"a": {"call_f1": 0.4}},
         ["floor a.call_f1 fell from 0.5 to 0.4"]),
        ({"a": {"call_f1": 0.5}}, {"a": {}}, ["a.call_f1 was removed (was 0.5)"]),
        ({"p": {"plover_false_calls": 2}}, {"p": {"plover_false_calls": 1}}, []),
        ({"p": {"plover_false_calls": 2}}, {"p": {"plover_false_calls": 3}},
         ["ceiling p.plover_false_calls rose from 2 to 3"]),
    ],
)  # fmt: skip
def test_dropped_limits(old: dict, new: dict, expected: list[str]) -> None:
    assert dropped_limits(old, new) == expected


def test_floors_only_rise() -> None:
    """eval/baseline.json may raise floors (lower ceilings), never the reverse.

    The working tree is compared with HEAD; when they are equal (a clean CI checkout), HEAD is
    compared with its parent, so the commit that lowered a floor is caught too. Lowering one
    on purpose: set NEWSEVENTS_LOWER_FLOORS=1, or put [lower-floors] in the commit message.
    """
    if _git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        pytest.skip("not a git checkout")
    head = _git("show", f"HEAD:{BASELINE_GIT_PATH}")
    if head.returncode != 0:
        pytest.skip(f"{BASELINE_GIT_PATH} is not committed yet")
    current = BASELINE.read_bytes()
    if orjson.loads(head.stdout) != orjson.loads(current):
        old, new, where = orjson.loads(head.stdout), orjson.loads(current), "working tree vs HEAD"
    else:
        parent = _git("show", f"HEAD~1:{BASELINE_GIT_PATH}")
        if parent.returncode != 0:
            pytest.skip(f"{BASELINE_GIT_PATH} is new in HEAD")
        old, new, where = orjson.loads(parent.stdout), orjson.loads(current), "HEAD vs HEAD~1"
    drops = dropped_limits(old, new)
    if not drops:
        return
    message = _git("log", "-1", "--format=%B").stdout
    if os.environ.get(LOWER_FLOORS_ENV) == "1" or LOWER_FLOORS_TAG in message:
        pytest.skip(f"floors lowered on purpose ({where}): {'; '.join(drops)}")
    pytest.fail(
        f"{BASELINE_GIT_PATH} lowers the gate ({where}): {'; '.join(drops)}. Floors only rise; "
        f"to lower one on purpose set {LOWER_FLOORS_ENV}=1 or put {LOWER_FLOORS_TAG} in the "
        "commit message (see eval/README.md)."
    )
