"""The office-holder table in the pipeline: a named person's country, an office-only party's
name, one entity id per person under every spelling.

The sentences are written for these tests (not taken from the dev sets).
"""

from __future__ import annotations

import datetime as dt

import orjson
import pytest

from newsevents.kb.offices import identify, office_holder, title_conflict
from newsevents.merge import build_entities, merge_calls
from newsevents.records import EVENT_ADAPTER, DocumentRecord
from newsevents.runlevel import CountryBook, reconcile_event
from test_call_rules import calls

D = dt.date


@pytest.mark.parametrize(
    ("name", "titles", "day", "qid", "country"),
    [
        ("Theresa May", (), D(2017, 9, 5), "Q264766", "GBR"),
        ("Donald J. Trump", (), D(2019, 1, 10), "Q22686", "USA"),  # a middle initial
        ("Volodymyr Zelenskiy", (), D(2022, 3, 7), "Q3874799", "UKR"),  # a spelling variant
        ("Kamala Harris", (), D(2022, 1, 1), None, None),  # not in the table
        ("Abdullah II ibn Al Hussein", ("King",), D(2020, 1, 1), "Q57464", "JOR"),
        ("Trump", ("President",), D(2019, 1, 10), "Q22686", "USA"),  # surname and office
        ("Trump", (), D(2019, 1, 10), None, None),  # a surname alone is anybody's
        ("Obama", ("President",), D(2019, 1, 10), None, None),  # not president then
        ("López Obrador", ("President",), D(2020, 6, 1), "Q318508", "MEX"),
        ("Theresa May", (), D(1950, 1, 1), None, None),  # a namesake of another time
        ("Antonio Guterres", (), D(2020, 1, 1), None, None),  # an international office
        ("King Abdullah II", (), D(2020, 1, 1), None, None),  # no fuzzy guess
    ],
)
def test_identify_a_person_by_name(name, titles, day, qid, country):
    person = identify(name, titles=titles, day=day)
    assert (person.qid, person.country) == (qid, country) if qid else person is None


@pytest.mark.parametrize(
    ("title", "country", "first", "last", "name"),
    [
        ("Prime Minister", "GBR", D(2021, 9, 24), None, "Boris Johnson"),
        ("Taiwan's president", "TWN", D(2016, 12, 2), None, "Tsai Ing-wen"),
        ("German Chancellor", "DEU", D(2019, 5, 1), None, "Angela Merkel"),
        ("Secretary of State", "USA", D(2019, 5, 1), None, "Mike Pompeo"),
        ("Chancellor", "GBR", D(2019, 5, 1), None, None),  # not the head of government there
        ("Secretary of State", "GBR", D(2019, 5, 1), None, None),  # any British minister
        ("Vice President", "USA", D(2019, 5, 1), None, None),
        ("Defense Minister", "DEU", D(2019, 5, 1), None, None),  # an office not covered
        ("Defense Minister", "FRA", D(2019, 5, 1), None, "Florence Parly"),
        ("Chancellor", "DEU", D(2021, 1, 1), D(2021, 12, 31), None),  # changed that year
        ("Chancellor", "DEU", D(2019, 1, 1), D(2019, 12, 31), "Angela Merkel"),
        ("Foreign Minister", "RUS", D(2024, 1, 1), None, None),  # after the table's data
        # Iran's President heads its government; its head of state is the Supreme Leader.
        ("Iranian President", "IRN", D(2014, 5, 1), None, "Hassan Rouhani"),
        ("President", "USA", D(2014, 5, 1), None, "Barack Obama"),
    ],
)
def test_office_holder_for_a_title(title, country, first, last, name):
    found = office_holder(title, country, first, last)
    assert found.name == name
    assert (found.reason is None) == (name is not None)


@pytest.mark.parametrize(
    ("title", "qid", "country", "day", "holder"),
    [
        ("President", "Q39259", "TUR", D(2012, 5, 1), "Abdullah Gül"),  # Erdoğan was PM
        ("Turkish President", "Q39259", "TUR", D(2012, 5, 1), "Abdullah Gül"),
        ("Prime Minister", "Q39259", "TUR", D(2012, 5, 1), None),
        ("President", "Q39259", "TUR", D(2016, 5, 1), None),
        ("Russian President", "Q7747", "RUS", D(2010, 3, 1), "Dmitry Medvedev"),
        ("Prime Minister", "Q23530", "RUS", D(2010, 3, 1), "Vladimir Putin"),
        ("Iranian President", "Q348144", "IRN", D(2014, 5, 1), None),  # the table's own title
        ("Iranian President", "Q348144", "IRN", D(2022, 5, 1), "Ebrahim Raisi"),
        ("former President", "Q76", "USA", D(2019, 5, 1), None),  # no office the table knows
        ("Vice President", "Q6279", "USA", D(2014, 5, 1), None),
        ("Foreign Minister", "Q58217", "RUS", D(2024, 1, 1), None),  # after the table's data
        # A term known only to the year: not sure enough to contradict.
        ("Prime Minister", "Q269909", "GBR", D(2026, 1, 1), None),
        # A holder the table knows without a QID (from the Factbook) contradicts too.
        ("Prime Minister", "Q264766", "GBR", D(2023, 6, 1), "Rishi Sunak"),
        ("President", "Q12612463", "KOR", D(2025, 3, 1), "Yoon Suk-yeol"),
    ],
)
def test_a_title_the_table_contradicts(title, qid, country, day, holder):
    conflict = title_conflict(title, qid, country, day)
    if holder is None:
        assert conflict is None
    else:
        assert conflict is not None and holder in conflict and repr(title) in conflict


def test_version_1_records_are_still_read():
    event = {
        "schema_version": "1", "id": "evt_1", "type": "call", "doc_id": "a.txt",
        "status": "held", "medium": "phone", "initiated_by": None, "topics": [],
        "parties": [
            {"name": n, "mention": n, "title": None, "country": c, "org": None,
             "entity_id": None, "country_basis": "stated"}
            for n, c in (("Vladimir Putin", "RUS"), ("Emmanuel Macron", "FRA"))
        ],
        "date": {"value": None, "text": None, "basis": None, "granularity": None,
                 "anchor": None, "reason": None},
        "evidence": [{"start": 0, "end": 4, "text": "call"}],
        "codes": {"cameo": "041", "plover_event": "CONSULT", "plover_mode": "phone"},
        "confidence": 0.9, "rule": "call.noun.v1",
    }
    read = EVENT_ADAPTER.validate_python(event)
    assert read.warnings == [] and read.parties[0].name_basis is None
    with pytest.raises(ValueError, match="schema_version"):
        EVENT_ADAPTER.validate_python({**event, "schema_version": "9"})
    assert DocumentRecord.model_fields["schema_version"].default == "2"


def test_run_countries_leave_an_office_holder_alone():
    book = CountryBook()
    book.add_document({"doc_id": "a", "entities": [
        {"name": "Boris Johnson", "label": "PERSON", "country": "USA", "country_basis": "stated"}
    ]})
    line = orjson.dumps({"doc_id": "b", "parties": [
        {"name": "Boris Johnson", "title": "Prime Minister", "country": "GBR", "org": None,
         "country_basis": "fallback", "name_basis": "office_holder"},
    ]})
    assert reconcile_event(line, book, None) == line


def _party(event, surname):
    (party,) = [p for p in event.parties if (p.name or "").endswith(surname)]
    return party


@pytest.mark.slow
def test_a_person_the_article_gives_no_country_takes_the_tables(nlp):
    # The only country word is the topic's: inferred, it gave May North Korea.
    text = ("Theresa May spoke by phone with Moon Jae-in on Tuesday about North Korea's "
            "latest missile launch.")
    (event,) = [e for e in calls(nlp, text, published=D(2017, 9, 5)) if e.status == "held"]
    may = _party(event, "May")
    assert (may.country, may.country_basis, may.wikidata) == ("GBR", "office_table", "Q264766")
    assert _party(event, "Jae-in").country == "KOR"


@pytest.mark.slow
def test_a_country_the_text_states_wins_over_the_table(nlp):
    # A namesake the text places elsewhere is not the table's person.
    text = "Canadian lawyer Theresa May spoke by phone with Justin Trudeau on Tuesday."
    (event,) = [e for e in calls(nlp, text, published=D(2017, 9, 5)) if e.status == "held"]
    may = _party(event, "May")
    assert may.country != "GBR" and may.country_basis != "office_table"
    assert may.wikidata is None


@pytest.mark.slow
@pytest.mark.parametrize(
    ("published", "name", "warned"),
    [
        (D(2021, 9, 24), "Boris Johnson", False),
        (D(2025, 3, 3), "Keir Starmer", False),  # a holder without a QID (the Factbook's)
        (D(2026, 3, 3), None, True),  # after the table's data
    ],
)
def test_an_office_only_party_is_named_by_its_holder(nlp, published, name, warned):
    text = ("The Prime Minister spoke to President Emmanuel Macron of France this morning, "
            "Downing Street said.")
    (event,) = [e for e in calls(nlp, text, published=published) if e.status == "held"]
    (pm,) = [p for p in event.parties if p.title == "Prime Minister"]
    assert (pm.name, pm.country) == (name, "GBR")
    assert pm.name_basis == ("office_holder" if name else None)
    assert _party(event, "Macron").name_basis == "text"
    assert bool(event.warnings) == warned
    assert all("Prime Minister" in w and "not named" in w for w in event.warnings)


@pytest.mark.slow
@pytest.mark.parametrize(("published", "warned"), [(D(2012, 5, 3), True), (D(2016, 5, 3), False)])
def test_a_title_that_contradicts_the_table_is_kept_and_warned(nlp, published, warned):
    text = ("Turkish President Recep Tayyip Erdoğan spoke by phone with German Chancellor "
            "Angela Merkel on Tuesday.")
    (event,) = [e for e in calls(nlp, text, published=published) if e.status == "held"]
    erdogan = _party(event, "Erdoğan")
    assert (erdogan.title, erdogan.wikidata) == ("Turkish President", "Q39259")
    conflicts = [w for w in event.warnings if "contradicts" in w]
    assert bool(conflicts) == warned
    assert all("Turkish President" in w and "Abdullah Gül" in w for w in conflicts)


@pytest.mark.slow
def test_two_spellings_of_one_person_are_one_entity_and_one_call(nlp):
    from newsevents.article import Article
    from newsevents.records.build import doc_records, document_record

    texts = {
        "a.txt": "Volodymyr Zelenskiy spoke by phone with Olaf Scholz on Monday.",
        "b.txt": "German Chancellor Olaf Scholz spoke by phone with Volodymyr Zelenskyy on Monday.",
    }
    events, documents = [], {}
    for doc_id, text in texts.items():
        article = Article(doc_id=doc_id, path=doc_id, text=text, sha256="0" * 64,
                          encoding="utf-8", title=None, title_span=None,
                          published=D(2022, 3, 7), nlp_text=text)
        doc = nlp(text)
        entities, evs, n_sents = doc_records(doc, article)
        record = document_record(article, entities, evs, len(doc), n_sents)
        documents[doc_id] = record.model_dump(mode="json")
        events += [e.model_dump(mode="json") for e in evs if e.status == "held"]
    ids = {p["entity_id"] for e in events for p in e["parties"] if "Zelensk" in p["name"]}
    assert len(ids) == 1
    people = [r for r in build_entities(documents.values()) if r.wikidata == "Q3874799"]
    assert len(people) == 1
    assert {"Volodymyr Zelenskiy", "Volodymyr Zelenskyy"} <= {people[0].name, *people[0].aliases}
    assert people[0].documents == ["a.txt", "b.txt"]
    (merged,) = merge_calls(events, documents)
    assert {s.doc_id for s in merged.sources} == {"a.txt", "b.txt"}
