"""The clause helpers on exact parse trees, built by hand (no model): predicate, subject and
partner tokens of a trigger. A parser update cannot move these; a rule change that breaks
them shows here first."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsevents.rules.clause import _partner_tokens, _predicate, _subject_tokens

VOCAB = spacy.blank("en").vocab  # English lexeme attributes (lower_), no model


def parse(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    """rows: (word, head index, dep, pos, lemma); the head of the root is itself."""
    words, heads, deps, pos, lemmas = (list(x) for x in zip(*rows, strict=True))
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


# "Macron spoke with Scholz ."
SPOKE_WITH = [
    ("Macron", 1, "nsubj", "PROPN", "Macron"),
    ("spoke", 1, "ROOT", "VERB", "speak"),
    ("with", 1, "prep", "ADP", "with"),
    ("Scholz", 2, "pobj", "PROPN", "Scholz"),
    (".", 1, "punct", "PUNCT", "."),
]
# "Macron held a phone call with Scholz ."
HELD_CALL = [
    ("Macron", 1, "nsubj", "PROPN", "Macron"),
    ("held", 1, "ROOT", "VERB", "hold"),
    ("a", 4, "det", "DET", "a"),
    ("phone", 4, "compound", "NOUN", "phone"),
    ("call", 1, "dobj", "NOUN", "call"),
    ("with", 4, "prep", "ADP", "with"),
    ("Scholz", 5, "pobj", "PROPN", "Scholz"),
    (".", 1, "punct", "PUNCT", "."),
]
# "Macron called Scholz ."
CALLED = [
    ("Macron", 1, "nsubj", "PROPN", "Macron"),
    ("called", 1, "ROOT", "VERB", "call"),
    ("Scholz", 1, "dobj", "PROPN", "Scholz"),
    (".", 1, "punct", "PUNCT", "."),
]
# "Macron , who spoke with Scholz , left ."
RELATIVE = [
    ("Macron", 7, "nsubj", "PROPN", "Macron"),
    (",", 0, "punct", "PUNCT", ","),
    ("who", 3, "nsubj", "PRON", "who"),
    ("spoke", 0, "relcl", "VERB", "speak"),
    ("with", 3, "prep", "ADP", "with"),
    ("Scholz", 4, "pobj", "PROPN", "Scholz"),
    (",", 0, "punct", "PUNCT", ","),
    ("left", 7, "ROOT", "VERB", "leave"),
    (".", 7, "punct", "PUNCT", "."),
]
# "Merz said he had spoken with Macron ."
SAID_HE = [
    ("Merz", 1, "nsubj", "PROPN", "Merz"),
    ("said", 1, "ROOT", "VERB", "say"),
    ("he", 4, "nsubj", "PRON", "he"),
    ("had", 4, "aux", "AUX", "have"),
    ("spoken", 1, "ccomp", "VERB", "speak"),
    ("with", 4, "prep", "ADP", "with"),
    ("Macron", 5, "pobj", "PROPN", "Macron"),
    (".", 1, "punct", "PUNCT", "."),
]
# "Macron met Sanchez and spoke with Scholz ."
SHARED_SUBJECT = [
    ("Macron", 1, "nsubj", "PROPN", "Macron"),
    ("met", 1, "ROOT", "VERB", "meet"),
    ("Sanchez", 1, "dobj", "PROPN", "Sanchez"),
    ("and", 1, "cc", "CCONJ", "and"),
    ("spoke", 1, "conj", "VERB", "speak"),
    ("with", 4, "prep", "ADP", "with"),
    ("Scholz", 5, "pobj", "PROPN", "Scholz"),
    (".", 1, "punct", "PUNCT", "."),
]
# "Macron spoke by telephone with Scholz ." (the partner hung on the medium)
BY_PHONE_WITH = [
    ("Macron", 1, "nsubj", "PROPN", "Macron"),
    ("spoke", 1, "ROOT", "VERB", "speak"),
    ("by", 1, "prep", "ADP", "by"),
    ("telephone", 2, "pobj", "NOUN", "telephone"),
    ("with", 3, "prep", "ADP", "with"),
    ("Scholz", 4, "pobj", "PROPN", "Scholz"),
    (".", 1, "punct", "PUNCT", "."),
]


@pytest.mark.parametrize(
    ("rows", "trigger", "predicate", "subject", "partners"),
    [
        (SPOKE_WITH, 1, 1, {"Macron"}, {"with", "Scholz"}),
        # the object of "held" is the call itself: its phrase, with the partner inside
        (HELD_CALL, 4, 1, {"Macron"}, {"a", "phone", "call", "with", "Scholz"}),
        (CALLED, 1, 1, {"Macron"}, {"Scholz"}),
        # the relative pronoun stands for the person the clause is on
        (RELATIVE, 3, 3, {"Macron", ","}, {"with", "Scholz"}),
        # "he" of "X said he had spoken": the sayer
        (SAID_HE, 4, 4, {"Merz"}, {"with", "Macron"}),
        # a subject shared with the conjoined verb
        (SHARED_SUBJECT, 4, 4, {"Macron"}, {"with", "Scholz"}),
        (BY_PHONE_WITH, 1, 1, {"Macron"}, {"with", "Scholz"}),
    ],
)
def test_clause_roles(rows, trigger: int, predicate: int, subject: set, partners: set) -> None:
    doc = parse(rows)
    pred = _predicate(doc[trigger])
    assert pred.i == predicate
    subj = _subject_tokens(pred)
    assert {doc[i].text for i in subj} == subject
    assert {doc[i].text for i in _partner_tokens(doc, doc[trigger], pred, subj)} == partners


@pytest.mark.parametrize(("trigger", "absent"), [(4, "Sanchez"), (4, "Macron")])
def test_the_other_verbs_object_is_no_partner(trigger: int, absent: str) -> None:
    doc = parse(SHARED_SUBJECT)  # "Macron met Sanchez and spoke with Scholz ."
    pred = _predicate(doc[trigger])
    found = _partner_tokens(doc, doc[trigger], pred, _subject_tokens(pred))
    assert absent not in {doc[i].text for i in found}
