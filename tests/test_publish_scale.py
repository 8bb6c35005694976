"""The publish step in bounded memory: merged.jsonl, entities.jsonl and the run-level countries
streamed through scratch tables on disk, byte for byte what the in-memory functions give."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents import merge, names, spill
from newsevents.io.journal import Entry
from newsevents.merge import (
    InvalidInputError,
    build_entities,
    merge_calls,
    merge_runs,
    write_run_merges,
)
from newsevents.runlevel import (
    CountryBook,
    SpilledCountryBook,
    reconcile_countries,
    reconcile_event,
)
from test_merge import (
    PS,
    QID_SPELLINGS,
    _mixed_events,
    call,
    doc,
    ent,
    qid_events,
    read_jsonl,
    write_run,
)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flush the scratch tables every few rows, as a large run does every few thousand."""
    monkeypatch.setattr(spill, "BATCH_ROWS", 3)
    monkeypatch.setattr(spill, "BATCH_BYTES", 2_000)
    # Entity document lists in chunks of two or three doc_ids, read back chunk by chunk.
    monkeypatch.setattr(merge, "DOC_CHUNK_BYTES", 20)
    # Entity lines summed in parts of a few documents, the parts summed when written.
    monkeypatch.setattr(merge, "ENTITY_BATCH", 4)


def expected_files(events: list[dict[str, Any]], documents: list[dict[str, Any]]
                   ) -> tuple[bytes, bytes]:
    """merged.jsonl and entities.jsonl as the in-memory functions write them."""
    by_id = {d["doc_id"]: d for d in documents}
    calls = merge_calls(events, by_id)
    entities = build_entities(by_id.values())
    return (b"".join(c.to_json() + b"\n" for c in calls),
            b"".join(e.to_json() + b"\n" for e in entities))


def assert_published_like_in_memory(run: Path, events: list[dict[str, Any]],
                                    documents: list[dict[str, Any]]) -> None:
    assert_published_like_in_memory_with(run, events, documents, set())


def assert_published_like_in_memory_with(run: Path, events: list[dict[str, Any]],
                                         documents: list[dict[str, Any]], others: set[str]
                                         ) -> None:
    """Published as in memory, and nothing left in `run` but the four files and `others`."""
    merged, entities = expected_files(events, documents)
    n_calls, n_entities = write_run_merges(run)
    assert (run / "merged.jsonl").read_bytes() == merged
    assert (run / "entities.jsonl").read_bytes() == entities
    assert (n_calls, n_entities) == (merged.count(b"\n"), entities.count(b"\n"))
    assert sorted(p.name for p in run.iterdir()) == sorted({
        "documents.jsonl", "entities.jsonl", "events.jsonl", "merged.jsonl", *others
    }), "scratch files left behind"


def people_documents() -> list[dict[str, Any]]:
    """Documents whose entities merge across documents (and some that must not)."""
    people = [
        [ent("Vladimir Putin", country="RUS", aliases=("Putin",), n=3),
         ent("Ahmed al-Sharaa", country="SYR", n=2), ent("Kremlin", "ORG", n=1)],
        [ent("Vladimir Putin", country="RUS"), ent("Ahmad al-Sharaa", aliases=("al-Shaara",)),
         ent("Joe Biden", country="USA"), ent("Hunter Biden", country="USA"),
         ent("Biden", country="USA"), ent("Kremlin", "ORG", n=2)],
        [ent("Putin", country="BLR"), ent("Olaf Scholz", country="DEU"), ent("Scholz")],
    ]
    doc_ids = sorted({e["doc_id"] for e in _mixed_events()})
    return [doc(d, entities=people[i % len(people)], published=f"2025-02-{10 + i % 5:02d}")
            for i, d in enumerate(doc_ids)]


@pytest.mark.parametrize("seed", range(6))
def test_publish_matches_in_memory_merge_in_any_order(
    tmp_path: Path, seed: int, small_batches: None
) -> None:
    events, documents = _mixed_events(), people_documents()
    rng = random.Random(seed)
    rng.shuffle(events)
    rng.shuffle(documents)
    run = write_run(tmp_path / "run", events, documents)
    assert_published_like_in_memory(run, events, documents)
    # Order-independent as merge_calls is: the same merged.jsonl from the sorted input.
    sorted_run = write_run(tmp_path / "sorted", sorted(events, key=lambda e: e["id"]),
                           sorted(documents, key=lambda d: d["doc_id"]))
    write_run_merges(sorted_run)
    for name in ("merged.jsonl", "entities.jsonl"):
        assert (sorted_run / name).read_bytes() == (run / name).read_bytes()
    lines = read_jsonl(run / "merged.jsonl")
    assert any(len(line["sources"]) > 2 for line in lines), "nothing merged across documents"


def test_publish_joins_one_qid_under_every_spelling_as_in_memory(
    tmp_path: Path, small_batches: None
) -> None:
    events = []
    for i, spellings in enumerate(QID_SPELLINGS):
        events += [{**e, "doc_id": f"{i}{e['doc_id']}"} for e in qid_events(*spellings)]
    documents = [doc(d) for d in sorted({e["doc_id"] for e in events})]
    run = write_run(tmp_path / "run", events, documents)
    assert_published_like_in_memory(run, events, documents)
    assert len(read_jsonl(run / "merged.jsonl")) == len(QID_SPELLINGS)


def calls_on_many_days(seed: int) -> list[dict[str, Any]]:
    """Calls between the same two surnames on runs of adjacent days, many dated only by
    publication, some by two people of one surname (not the same call), some documents
    reporting two of them: every case of the one-day join, over more days than the
    publish step holds at a time."""
    rng = random.Random(seed)
    pairs = [PS, ["Putin", "al-Sharaa"], ["Lyudmila Putin", "Ahmed al-Sharaa"]]
    days = [d for d in range(40) if rng.random() < 0.8]
    events = []
    for n in range(rng.randint(60, 120)):
        day = rng.choice(days)
        value = None if rng.random() < 0.05 else f"2025-01-{1 + day % 28:02d}" if day < 28 \
            else f"2025-02-{day - 27:02d}"
        basis = rng.choice(["publication", "publication", "explicit", "dateline"])
        events.append(call(f"d{rng.randrange(50):02d}.txt", rng.choice(pairs), value, basis,
                           start=n))
    return events


# Two publication-dated calls join the explicit one between them; the second one only
# because the neighbours are found before the first has joined (its Lyudmila clashes with
# Vladimir): found after, the second would stay alone.
CHAIN = [call("a.txt", ["Lyudmila Putin", "Ahmed al-Sharaa"], "2025-01-01", "publication"),
         call("b.txt", ["Putin", "al-Sharaa"], "2025-01-02"),
         call("c.txt", PS, "2025-01-03", "publication")]


@pytest.mark.parametrize("seed", [None, *range(12)])
def test_publish_joins_adjacent_days_as_in_memory(tmp_path: Path, seed: int | None) -> None:
    events = CHAIN if seed is None else calls_on_many_days(seed)
    documents = [doc(d) for d in sorted({e["doc_id"] for e in events})]
    run = write_run(tmp_path / "run", events, documents)
    assert_published_like_in_memory(run, events, documents)
    joined = [line for line in read_jsonl(run / "merged.jsonl")
              if len({s["date_text"] for s in line["sources"]}) > 1]
    assert joined, "no call joined across adjacent days"
    if seed is None:
        assert [len(line["sources"]) for line in joined] == [3]


def test_publish_holds_a_few_days_of_calls_between_the_same_parties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two leaders' calls on each of 60 days, every one reported twice: the publish step
    # holds five days of them at a time, not the 60.
    events = [call(f"{day:02d}{k}.txt", PS if k else ["Putin", "al-Sharaa"],
                   f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}", "publication" if day % 3 else
                   "explicit") for day in range(60) for k in range(2)]
    documents = [doc(e["doc_id"]) for e in events]
    held: list[int] = []
    add = merge._AdjacentDays.add

    def counted_add(self: Any, day: Any, clusters: Any) -> Any:
        held.append(len(self._by_day) + 1)
        return add(self, day, clusters)

    monkeypatch.setattr(merge._AdjacentDays, "add", counted_add)
    run = write_run(tmp_path / "run", events, documents)
    assert_published_like_in_memory(run, events, documents)
    assert len(held) == 60 and max(held) == 5


def test_a_document_listed_twice_is_refused(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", [call("a.txt", ["Joe Biden", "Modi"], "2021-02-08")],
                    [doc("a.txt"), doc("b.txt"), doc("a.txt", title="Another")])
    with pytest.raises(InvalidInputError, match=r"documents\.jsonl:3: doc_id: 'a\.txt' .*"
                                                r"documents\.jsonl:1\)"):
        write_run_merges(run)
    assert not (run / "merged.jsonl").exists()
    assert sorted(p.name for p in run.iterdir()) == ["documents.jsonl", "events.jsonl"]


def test_merge_runs_streams_three_runs_with_colliding_ids(tmp_path: Path,
                                                          small_batches: None) -> None:
    events, documents = _mixed_events(), people_documents()
    runs = [write_run(tmp_path / name, events, documents) for name in ("r1", "r2")]
    runs.append(write_run(tmp_path / "r3", [call("z.txt", ["Joe Biden", "Modi"], "2021-02-08")],
                          [doc("z.txt", entities=[ent("Joe Biden", country="USA")])]))
    merge_runs(runs, tmp_path / "out")

    def renamed(obj: dict[str, Any], prefix: str) -> dict[str, Any]:
        return {**obj, "doc_id": f"{prefix}/{obj['doc_id']}"}

    all_events = [renamed(e, p) for p in ("r1", "r2") for e in events]
    all_docs = [renamed(d, p) for p in ("r1", "r2") for d in documents]
    all_events += read_jsonl(runs[2] / "events.jsonl")
    all_docs += read_jsonl(runs[2] / "documents.jsonl")
    merged, entities = expected_files(all_events, all_docs)
    assert (tmp_path / "out" / "merged.jsonl").read_bytes() == merged
    assert (tmp_path / "out" / "entities.jsonl").read_bytes() == entities


def test_a_killed_publish_leaves_no_scratch_directory_behind(tmp_path: Path) -> None:
    events, documents = _mixed_events(), people_documents()
    run = write_run(tmp_path / "run", events, documents)
    # A publish killed with SIGKILL while its scratch tables were open: no cleanup ran.
    killed = subprocess.run([sys.executable, "-c", (
        "import os, signal, sys; from pathlib import Path; from newsevents.spill import Spill; "
        "s = Spill(Path(sys.argv[1])); s.db.execute('CREATE TABLE t (x)'); s.db.commit(); "
        "os.kill(os.getpid(), signal.SIGKILL)"
    ), str(run)], env=os.environ, capture_output=True)
    assert killed.returncode == -9, killed.stderr
    (stale,) = run.glob(".newsevents-spill-*")
    assert (stale / "spill.db").exists()
    # Not a spill of ours (no lock file): left alone.
    (run / ".newsevents-spill-other").mkdir()
    with spill.Spill(run) as in_use:  # another publish's, open: left alone too
        assert not stale.exists(), "the killed publish's scratch directory was kept"
        live = Path(in_use.db.execute("PRAGMA database_list").fetchone()[2]).parent
        assert_published_like_in_memory_with(
            run, events, documents, {live.name, ".newsevents-spill-other"}
        )
        assert (live / "spill.db").exists()
    assert not live.exists()


@given(st.lists(st.lists(st.text(alphabet="ab\x00\x01é\U0001f600", max_size=3), max_size=3),
                min_size=2, max_size=8))
def test_strings_key_sorts_as_python_lists(lists: list[list[str]]) -> None:
    assert sorted(lists, key=spill.strings_key) == sorted(lists)


def test_trim_name_caches_keeps_them_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "NAME_CACHE_ENTRIES", 10)
    for i in range(30):
        names.name_similarity(f"Anna Maria{i}", f"Anna Mario{i}")
    assert names.name_similarity.cache_info().currsize >= 30
    spill.trim_name_caches()
    assert names.name_similarity.cache_info().currsize == 0
    assert names.name_similarity("Joe Biden", "Joseph Biden") > 0  # still answers


def _book_docs(rng: random.Random) -> list[dict[str, Any]]:
    people = {"Recep Tayyip Erdogan": "TUR", "Erdogan": "TUR", "Tayyip Erdogan": "TUR",
              "Joe Biden": "USA", "Hunter Biden": "USA", "Biden": "USA", "Olaf Scholz": "DEU",
              "Scholz": "DEU", "Mark Rutte": "NLD"}
    docs = []
    for i in range(40):
        # Mostly the right country, sometimes another or none: votes that agree and that don't.
        ents = [{"name": p, "label": "PERSON",
                 "country": rng.choice([people[p]] * 4 + ["TUR", "USA", None]),
                 "country_basis": rng.choice(["stated", "inferred", "fallback", None])}
                for p in rng.sample(sorted(people), 3)]
        docs.append({"doc_id": f"d{i}.txt", "entities": ents})
    return docs


@pytest.mark.parametrize("seed", range(4))
def test_spilled_country_book_answers_as_the_in_memory_one(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    docs = _book_docs(rng)
    memory = CountryBook()
    with spill.Spill(tmp_path) as scratch:
        disk = SpilledCountryBook(scratch, batch=7)
        for d in docs:
            memory.add_document(d)
            disk.add_document(d)
        answers = 0
        for d in [None, *docs]:
            for name in ("Erdogan", "Tayyip Erdogan", "Biden", "Joe Biden", "Scholz", "Rutte"):
                assert disk.country_for(name, d) == memory.country_for(name, d), (name, d)
                answers += memory.country_for(name, d) is not None
        assert answers, "no vote ever decided: the comparison says nothing"


# --- on a real run's output (the dev set) ---------------------------------------------------


def _replicated(documents: list[dict[str, Any]], events: list[dict[str, Any]]
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Three copies of a run: "a/" and "b/" the same articles (every call reported twice, near
    duplicates), "c/" with every date a day later and dated by publication only."""
    docs_out, events_out = [], []
    for prefix in ("a", "b", "c"):
        for d in documents:
            docs_out.append({**d, "doc_id": f"{prefix}/{d['doc_id']}",
                             "sha256": f"{prefix}{d['sha256']}"})
        for e in events:
            e = {**e, "doc_id": f"{prefix}/{e['doc_id']}", "id": f"{e['id']}{prefix}"}
            value = e["date"]["value"]
            if prefix == "c" and value and len(value) == 10:
                day = int(value[8:]) % 28 + 1
                e["date"] = {**e["date"], "value": f"{value[:8]}{day:02d}",
                             "basis": "publication"}
            events_out.append(e)
    return docs_out, events_out


@pytest.mark.slow
def test_publish_is_byte_identical_on_devset_output(
    devset_output: Path, tmp_path: Path, small_batches: None
) -> None:
    documents = read_jsonl(devset_output / "documents.jsonl")
    events = read_jsonl(devset_output / "events.jsonl")
    # The run itself: what extract published is what the in-memory functions give.
    merged, entities = expected_files(events, documents)
    assert (devset_output / "merged.jsonl").read_bytes() == merged
    assert (devset_output / "entities.jsonl").read_bytes() == entities
    # Replicated and shuffled, with calls that merge across copies.
    docs3, events3 = _replicated(documents, events)
    rng = random.Random(3)
    rng.shuffle(docs3)
    rng.shuffle(events3)
    run = write_run(tmp_path / "run", events3, docs3)
    assert_published_like_in_memory(run, events3, docs3)
    lines = read_jsonl(run / "merged.jsonl")
    assert sum(len(line["sources"]) >= 3 for line in lines) > len(lines) // 3
    assert any(line["sources"][1]["near_duplicate_of"] for line in lines)


@pytest.mark.slow
def test_run_countries_are_byte_identical_on_devset_output(
    devset_output: Path, tmp_path: Path
) -> None:
    documents = sorted(read_jsonl(devset_output / "documents.jsonl"), key=lambda d: d["doc_id"])
    events = read_jsonl(devset_output / "events.jsonl")
    # Undo what the run-level step did, so that it has to do it again (and the office table's
    # countries, which leave the dev set little else to do).
    undone = 0
    for e in events:
        for p in e["parties"]:
            if p["country_basis"] in ("run", "office_table"):
                p["country"], p["country_basis"] = None, None
                undone += 1
    assert undone, "the dev set gives no run-level country: the comparison says nothing"
    run = tmp_path / "run"
    run.mkdir()
    book = CountryBook()
    for d in documents:
        book.add_document(d)
    expected = b""
    entries = []
    d_pos = e_pos = 0
    with (run / "documents.jsonl").open("wb") as fd, (run / "events.jsonl").open("wb") as fe:
        for d in documents:
            line = orjson.dumps(d) + b"\n"
            own = [orjson.dumps(e) for e in events if e["doc_id"] == d["doc_id"]]
            fd.write(line)
            fe.write(b"".join(e + b"\n" for e in own))
            expected += b"".join(reconcile_event(e, book, d) + b"\n" for e in own)
            size = sum(len(e) + 1 for e in own)
            entries.append(Entry(d["doc_id"], None, (d_pos, d_pos + len(line), e_pos,
                                                     e_pos + size, 0, 0), len(own), 0, False, 0))
            d_pos, e_pos = d_pos + len(line), e_pos + size
    published = reconcile_countries(run, entries)
    new = (run / "events.jsonl").read_bytes()
    assert new == expected
    assert new.count(b'"country_basis":"run"') > 0  # the step did work to compare
    # Each entry's span is its document's events in the rewritten file.
    for entry, d in zip(published, documents, strict=True):
        chunk = new[entry.spans[2]:entry.spans[3]]
        assert all(orjson.loads(x)["doc_id"] == d["doc_id"] for x in chunk.splitlines())
    assert sorted(p.name for p in run.iterdir()) == ["documents.jsonl", "events.jsonl"]
    shutil.rmtree(run)
