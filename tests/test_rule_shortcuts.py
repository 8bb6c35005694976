"""The rules' shortcuts (entities read once, loops over only the tokens that can pass, sets
derived from the rules' own tests) give what the plain loops give."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsevents.entities import titles
from newsevents.entities.ents import doc_ents, ents_held, token_indices
from newsevents.rules.call import triggers

VOCAB = spacy.blank("en").vocab


def _doc(words: list[str], ents: list[str] | None = None) -> Doc:
    return Doc(VOCAB, words=words, ents=ents)


@pytest.mark.parametrize(
    "heads",
    [
        sorted(titles.PLURAL_OFFICE_HEADS),
        ["minister", "secretary", "premier", "president", "boss", "y"],
    ],
)
def test_plural_office_words_are_the_words_singular_maps_to_a_head(heads: list[str]) -> None:
    words = {w for h in heads for w in (h, h + "s", h + "es", h[:-1] + "ies", h + "ies")}
    words |= {"ministers", "presidents", "secretaries", "ss", "s", "ies", "news"}
    heads_set = frozenset(heads)
    derived = frozenset(
        w
        for h in heads_set
        for w in (h + "s", h[:-1] + "ies")
        if titles._singular(w) == h and w != h
    )
    for word in sorted(words):
        singular = titles._singular(word)
        assert (word in derived) == (singular != word and singular in heads_set), word
    if heads == sorted(titles.PLURAL_OFFICE_HEADS):
        assert derived == titles._PLURAL_OFFICE_WORDS


@pytest.mark.parametrize(
    ("words", "wanted", "attr", "expected"),
    [
        (["The", "president", "and", "the", "Ministers"], {"the"}, "LOWER", [0, 3]),
        (["Ministers", "of", "France"], {"ministers", "france"}, "LOWER", [0, 2]),
        (["no", "match"], {"the"}, "LOWER", []),
    ],
)
def test_token_indices_are_the_tokens_with_the_words(
    words: list[str], wanted: set[str], attr: str, expected: list[int]
) -> None:
    doc = _doc(words)
    assert token_indices(doc, frozenset(wanted), attr) == expected
    assert expected == [t.i for t in doc if t.lower_ in wanted]


@pytest.mark.parametrize(
    ("words", "ents", "expected"),
    [
        (["Paris", "and", "Rome", "called"], ["B-GPE", "O", "B-GPE", "O"], [0, 2]),
        (["Emmanuel", "Macron", "in", "Paris"], ["B-PERSON", "I-PERSON", "O", "B-GPE"], [3]),
    ],
)
def test_token_indices_by_entity_type(
    words: list[str], ents: list[str], expected: list[int]
) -> None:
    doc = _doc(words, ents)
    assert token_indices(doc, frozenset({"GPE"}), "ENT_TYPE") == expected
    assert expected == [t.i for t in doc if t.ent_type_ == "GPE"]


@pytest.mark.parametrize("held", [True, False])
def test_doc_ents_are_the_docs_entities_and_only_while_held(held: bool) -> None:
    doc = _doc(["Olaf", "Scholz", "in", "Berlin"], ["B-PERSON", "I-PERSON", "O", "B-GPE"])
    other = _doc(["Rome"], ["B-GPE"])
    if held:
        with ents_held(doc):
            assert doc_ents(doc) == doc.ents
            assert doc_ents(other) == other.ents  # another Doc reads its own
            with ents_held(other):
                assert doc_ents(other) == other.ents
            assert doc_ents(doc) == doc.ents
    doc.ents = []
    assert doc_ents(doc) == ()  # once the block is left, the Doc's entities as they are now


# (word, lemma, pos, head, dep) of hand-made sentences with each kind of trigger.
SENTENCES = [
    [("Macron", "Macron", "PROPN", 1, "nsubj"), ("phoned", "phone", "VERB", 1, "ROOT"),
     ("Scholz", "Scholz", "PROPN", 1, "dobj"), ("on", "on", "ADP", 1, "prep"),
     ("Monday", "Monday", "PROPN", 3, "pobj")],
    [("The", "the", "DET", 1, "det"), ("leaders", "leader", "NOUN", 2, "nsubj"),
     ("held", "hold", "VERB", 2, "ROOT"), ("a", "a", "DET", 5, "det"),
     ("video", "video", "NOUN", 5, "compound"), ("call", "call", "NOUN", 2, "dobj")],
    [("Biden", "Biden", "PROPN", 1, "nsubj"), ("spoke", "speak", "VERB", 1, "ROOT"),
     ("by", "by", "ADP", 1, "prep"), ("phone", "phone", "NOUN", 2, "pobj"),
     ("with", "with", "ADP", 1, "prep"), ("Xi", "Xi", "PROPN", 4, "pobj")],
    [("They", "they", "PRON", 1, "nsubj"), ("had", "have", "VERB", 1, "ROOT"),
     ("a", "a", "DET", 3, "det"), ("conversation", "conversation", "NOUN", 1, "dobj"),
     ("with", "with", "ADP", 3, "prep"), ("the", "the", "DET", 6, "det"),
     ("minister", "minister", "NOUN", 4, "pobj")],
    [("Modi", "Modi", "PROPN", 1, "nsubj"), ("was", "be", "AUX", 1, "ROOT"),
     ("on", "on", "ADP", 1, "prep"), ("the", "the", "DET", 4, "det"),
     ("phone", "phone", "NOUN", 2, "pobj"), ("with", "with", "ADP", 4, "prep"),
     ("the", "the", "DET", 7, "det"), ("minister", "minister", "NOUN", 5, "pobj")],
    [("They", "they", "PRON", 1, "nsubj"), ("had", "have", "VERB", 1, "ROOT"),
     ("a", "a", "DET", 4, "det"), ("telephone", "telephone", "NOUN", 4, "compound"),
     ("interview", "interview", "NOUN", 1, "dobj")],
    [("Prices", "price", "NOUN", 1, "nsubj"), ("rose", "rise", "VERB", 1, "ROOT"),
     ("sharply", "sharply", "ADV", 1, "advmod")],
]


@pytest.mark.parametrize("rows", SENTENCES)
@pytest.mark.parametrize("context_medium", [None, "phone"])
def test_triggers_are_those_of_every_token(rows: list[tuple], context_medium: str | None) -> None:
    doc = Doc(
        VOCAB,
        words=[r[0] for r in rows],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        heads=[r[3] for r in rows],
        deps=[r[4] for r in rows],
    )
    sent = doc[:]
    medium = triggers._medium_of(doc, sent)
    every = (triggers._trigger_at(doc, sent, t, medium, context_medium, None) for t in sent)
    plain = [t for t in every if t is not None]
    assert triggers._triggers(doc, sent, context_medium=context_medium) == plain
    if rows is not SENTENCES[-1]:
        assert plain  # each sentence but the last has a trigger: the comparison means something


@pytest.mark.parametrize(
    ("pos", "expected"),
    [(["PROPN", "VERB", "PROPN"], [0, 2]), (["NOUN", "VERB", "ADV"], [])],
)
def test_token_indices_by_part_of_speech(pos: list[str], expected: list[int]) -> None:
    doc = Doc(VOCAB, words=["Modi", "spoke", "Biden"], pos=pos)
    assert token_indices(doc, frozenset({"PROPN"}), "POS") == expected
    assert expected == [t.i for t in doc if t.pos_ == "PROPN"]
