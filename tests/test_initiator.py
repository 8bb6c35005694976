"""Who initiated a call (`initiated_by`): only where the text says so, in the call's own
sentence or in another one that clearly refers to the same call.

The sentences are written for these tests (not taken from the dev set).
"""

from __future__ import annotations

from collections import Counter

import pytest

from newsevents.entities import Cluster, DocEntities
from newsevents.rules.call import PartyRef
from newsevents.rules.call.initiator import _side_of
from test_call_rules import calls


def initiators(events) -> dict[frozenset[str], str | None]:
    return {frozenset(p.name for p in e.parties if p.name): e.initiated_by for e in events}


MACRON_XI = (
    "French President Emmanuel Macron held a telephone conversation with Chinese President "
    "Xi Jinping on Tuesday."
)
SUNAK_ERDOGAN = (
    "British Prime Minister Rishi Sunak spoke by phone with Turkish President Recep Tayyip "
    "Erdogan on Monday."
)
BIDEN_KISHIDA = (
    "US President Joe Biden held a phone call with Japanese Prime Minister Fumio Kishida on Monday."
)


# --- the initiator is stated ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A later sentence refers back to the call: by name, or by the side's country.
        (MACRON_XI + " The call was initiated by Macron, the Elysee said.", "Emmanuel Macron"),
        (
            MACRON_XI + " The call was initiated by the French side, Chinese state media said.",
            "Emmanuel Macron",
        ),
        (MACRON_XI + " The call was initiated by China.", "Xi Jinping"),
        (
            SUNAK_ERDOGAN + " The conversation took place at the request of the Turkish side.",
            "Recep Tayyip Erdogan",
        ),
        # In the call's own sentence.
        (
            "British Prime Minister Rishi Sunak spoke by phone with Turkish President Recep "
            "Tayyip Erdogan on Monday at the request of the Turkish side.",
            "Recep Tayyip Erdogan",
        ),
        (
            "Indian Prime Minister Narendra Modi received a phone call from Ukrainian President "
            "Volodymyr Zelensky on Friday.",
            "Volodymyr Zelensky",
        ),
        # "Y had been called by X" after the report.
        (
            "Indian Prime Minister Narendra Modi held a phone conversation with Ukrainian "
            "President Volodymyr Zelensky on Friday. Modi had been called by Zelensky earlier "
            "in the day.",
            "Volodymyr Zelensky",
        ),
    ],
)
def test_initiator_stated(nlp, text, expected):
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(held) == 1
    assert held[0].initiated_by == expected


@pytest.mark.slow
def test_also_called_goes_to_the_call_between_them(nlp):
    # "Z was the only leader ahead of X to call Y": X called Y as well.
    text = (
        "Japanese Prime Minister Fumio Kishida held a phone call with Australian Prime Minister "
        "Anthony Albanese on Monday. German Chancellor Olaf Scholz was the only leader ahead of "
        "Kishida to call Albanese."
    )
    found = initiators(calls(nlp, text))
    assert found[frozenset({"Fumio Kishida", "Anthony Albanese"})] == "Fumio Kishida"


@pytest.mark.slow
def test_the_call_is_the_last_one_told(nlp):
    text = (
        "German Chancellor Olaf Scholz spoke by phone with Italian Prime Minister Giorgia Meloni "
        "on Monday. Scholz later spoke by phone with Spanish Prime Minister Pedro Sanchez on "
        "Tuesday. The call was initiated by Sanchez."
    )
    found = initiators(calls(nlp, text))
    assert found[frozenset({"Olaf Scholz", "Pedro Sanchez"})] == "Pedro Sanchez"
    assert found[frozenset({"Olaf Scholz", "Giorgia Meloni"})] is None


# --- nothing says who initiated: no initiator --------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # Sentence order (who is named first) is not evidence.
        BIDEN_KISHIDA,
        # An invitation to something else.
        BIDEN_KISHIDA + " Biden also welcomed Kishida's invitation to visit Tokyo.",
        "Chinese President Xi Jinping held a phone call with French President Emmanuel Macron "
        "on Thursday. Xi also told Macron that China's request for closer ties stood.",
        # Where a summary comes from is not who called.
        BIDEN_KISHIDA + " A summary of the call from the White House said they discussed trade.",
        # The one named as initiator is neither party, nor of either side's country.
        "Canadian Prime Minister Justin Trudeau spoke by phone with Turkish President Recep "
        "Tayyip Erdogan on Monday. The call was initiated by Emmanuel Macron.",
        "Canadian Prime Minister Justin Trudeau spoke by phone with Turkish President Recep "
        "Tayyip Erdogan on Monday. The call was initiated by Germany.",
        # "an invitation from X" to visit: not the call's.
        "Canadian Prime Minister Justin Trudeau spoke by phone with Turkish President Recep "
        "Tayyip Erdogan on Monday. Trudeau later accepted an invitation from Erdogan to visit "
        "Ankara.",
    ],
)
def test_no_initiator_without_evidence(nlp, text):
    events = calls(nlp, text)
    assert events
    assert all(e.initiated_by is None for e in events)


KISHIDA_ALBANESE = (
    "Japanese Prime Minister Fumio Kishida held a phone call with Australian Prime Minister "
    "Anthony Albanese on Monday."
)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # A call not made, or only expected, says nothing of who placed the held one.
        KISHIDA_ALBANESE + " Kishida did not call Albanese after the vote.",
        KISHIDA_ALBANESE + " Kishida is expected to call Albanese again next week.",
        # "after X's speech": X is not one who called too.
        KISHIDA_ALBANESE + " German Chancellor Olaf Scholz called Albanese after Kishida's speech.",
    ],
)
def test_held_call_keeps_no_initiator(nlp, text):
    found = initiators([e for e in calls(nlp, text) if e.status == "held"])
    assert found[frozenset({"Fumio Kishida", "Anthony Albanese"})] is None


@pytest.mark.slow
def test_a_new_call_from_someone_is_not_the_earlier_call(nlp):
    # "a call from X" (indefinite) is another call, not the one told before.
    text = BIDEN_KISHIDA + " Kishida's aides said a call from Xi Jinping was expected next week."
    found = initiators(calls(nlp, text))
    assert found[frozenset({"Joe Biden", "Fumio Kishida"})] is None


# --- the side by country, without the model ---------------------------------------------------


def _ents(*clusters: Cluster) -> DocEntities:
    return DocEntities(
        clusters=list(clusters),
        persons=[],
        person_at={},
        home_country=None,
        country_counts=Counter(),
    )


def _person(name: str, title: str | None, country: str | None) -> Cluster:
    return Cluster(
        label="PERSON",
        name=name,
        titles=[title] if title else [],
        countries=Counter([country] if country else []),
    )


def _party(ents: DocEntities, ci: int, mention: str) -> PartyRef:
    c = ents.clusters[ci]
    return PartyRef(ci, mention, c.title, c.country)


def test_side_by_country():
    ents = _ents(
        _person("A", "Russian President", "RUS"), _person("B", "Israeli Prime Minister", "ISR")
    )
    parties = [_party(ents, 0, "Russian President A"), _party(ents, 1, "Israeli Prime Minister B")]
    assert _side_of(parties, PartyRef(None, None, None, "ISR"), ents) == 1
    assert _side_of(parties, PartyRef(None, None, None, "RUS"), ents) == 0
    assert _side_of(parties, PartyRef(None, None, None, "FRA"), ents) is None


def test_side_by_elimination_when_a_party_country_is_unsure():
    # B's title names no country (and B's country was guessed wrong from context); A's title
    # says Russian: "the Israeli side" can only be B.
    ents = _ents(_person("A", "Russian President", "RUS"), _person("B", "Prime Minister", "IRN"))
    parties = [_party(ents, 0, "Russian President A"), _party(ents, 1, "Prime Minister B")]
    assert _side_of(parties, PartyRef(None, None, None, "ISR"), ents) == 1


def test_no_elimination_when_someone_else_is_of_that_country():
    ents = _ents(
        _person("A", "Russian President", "RUS"),
        _person("B", "Prime Minister", "IRN"),
        _person("C", "Israeli Defence Minister", "ISR"),
    )
    parties = [_party(ents, 0, "Russian President A"), _party(ents, 1, "Prime Minister B")]
    assert _side_of(parties, PartyRef(None, None, None, "ISR"), ents) is None


def test_no_elimination_when_both_titles_name_other_countries():
    ents = _ents(_person("A", "Russian President", "RUS"), _person("B", "French President", "FRA"))
    parties = [_party(ents, 0, "Russian President A"), _party(ents, 1, "French President B")]
    assert _side_of(parties, PartyRef(None, None, None, "ISR"), ents) is None


def test_same_country_on_both_sides_is_no_answer():
    ents = _ents(_person("A", "President", "TUR"), _person("B", "Prime Minister", "TUR"))
    parties = [_party(ents, 0, "President A"), _party(ents, 1, "Prime Minister B")]
    assert _side_of(parties, PartyRef(None, None, None, "TUR"), ents) is None


# --- several callers, and a caller told in a relative clause ------------------------------


@pytest.mark.slow
def test_each_listed_caller_placed_their_own_call(nlp):
    text = (
        "Japanese Prime Minister Fumio Kishida said that this month he received calls from "
        "French President Emmanuel Macron, German Chancellor Olaf Scholz and US President "
        "Joe Biden, who briefed him on the summit."
    )
    got = initiators(calls(nlp, text))
    assert got == {
        frozenset({"Fumio Kishida", "Emmanuel Macron"}): "Emmanuel Macron",
        frozenset({"Fumio Kishida", "Olaf Scholz"}): "Olaf Scholz",
        frozenset({"Fumio Kishida", "Joe Biden"}): "Joe Biden",
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Indian Prime Minister Narendra Modi broadcast to the nation a phone call he "
            "received from Turkish President Recep Tayyip Erdogan to thank him for the aid.",
            "Recep Tayyip Erdogan",
        ),
        (
            "Chancellor Olaf Scholz described a telephone call he received from President "
            "Joe Biden on Sunday as warm.",
            "Joe Biden",
        ),
    ],
)
def test_call_received_in_a_relative_clause(nlp, text, expected):
    (event,) = calls(nlp, text)
    assert event.initiated_by == expected


# --- more wordings of who placed the call -----------------------------------------------------

SCHOLZ_SANCHEZ = (
    "German Chancellor Olaf Scholz held a phone call with Spanish Prime Minister Pedro Sanchez "
    "on Tuesday"
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A participle with its agent on the call's clause.
        (SCHOLZ_SANCHEZ + ", as requested by Sanchez.", "Pedro Sanchez"),
        (SCHOLZ_SANCHEZ + ", as requested by the Spanish side.", "Pedro Sanchez"),
        (
            "German Chancellor Olaf Scholz and Spanish Prime Minister Pedro Sanchez held a phone "
            "call on Tuesday, initiated by Scholz.",
            "Olaf Scholz",
        ),
        # A relative clause on the call told before.
        (SCHOLZ_SANCHEZ + ". The call, which Sanchez initiated, lasted an hour.", "Pedro Sanchez"),
        (
            SCHOLZ_SANCHEZ + ". The call, which was requested by Berlin, lasted an hour.",
            "Olaf Scholz",
        ),
        # Returning a call: the one who returns it places this call.
        (
            "German Chancellor Olaf Scholz returned Spanish Prime Minister Pedro Sanchez's call "
            "on Tuesday.",
            "Olaf Scholz",
        ),
        (
            "German Chancellor Olaf Scholz returned a call from Spanish Prime Minister Pedro "
            "Sanchez on Tuesday.",
            "Olaf Scholz",
        ),
        # The possessor of a call to someone.
        (
            "In German Chancellor Olaf Scholz's phone call to Spanish Prime Minister Pedro "
            "Sanchez on Tuesday, the two discussed energy prices.",
            "Olaf Scholz",
        ),
        # Answering the caller's call.
        (
            "German Chancellor Olaf Scholz spoke by phone with Spanish Prime Minister Pedro "
            "Sanchez on Tuesday in response to Sanchez's call.",
            "Pedro Sanchez",
        ),
        # "the latter", "the former" in the next sentence: the last or first one named.
        (SCHOLZ_SANCHEZ + ". The latter initiated the call.", "Pedro Sanchez"),
        (SCHOLZ_SANCHEZ + ". The call was initiated by the former.", "Olaf Scholz"),
        (SCHOLZ_SANCHEZ + ". The call was made at the latter's request.", "Pedro Sanchez"),
        (SCHOLZ_SANCHEZ + ". The call was made at the request of the latter.", "Pedro Sanchez"),
    ],
)
def test_initiator_in_other_words(nlp, text, expected):
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert len(held) == 1
    assert held[0].initiated_by == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        # A body of the country that is no side of the call.
        SCHOLZ_SANCHEZ + " at the request of the Spanish parliament.",
        SCHOLZ_SANCHEZ + ". The call was requested by the German opposition.",
        # A request, a call for something, or a response to another call.
        SCHOLZ_SANCHEZ + ", responding to calls for a ceasefire.",
        SCHOLZ_SANCHEZ + ". Sanchez responded to a call from farmers for more aid.",
        SCHOLZ_SANCHEZ + " in response to Sanchez's call for lower energy prices.",
        # "the latter" when the last one named is neither side.
        "German Chancellor Olaf Scholz held a phone call with Spanish Prime Minister Pedro "
        "Sanchez on Tuesday after meeting French President Emmanuel Macron. The latter had "
        "requested the call.",
        # "the request" names no one.
        SCHOLZ_SANCHEZ + " at the request.",
    ],
)
def test_no_initiator_from_other_words(nlp, text):
    held = [e for e in calls(nlp, text) if e.status == "held"]
    assert held
    assert all(e.initiated_by is None for e in held)
