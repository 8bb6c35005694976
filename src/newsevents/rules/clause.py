"""Clause roles of a trigger: the predicate it belongs to, its subject and partner tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.entities import DocEntities, PersonMention
from newsevents.lexicon import lexicon, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PHONE_WORDS = words("phone_words")
VIDEO_WORDS = words("video_words")
CALL_VERBS = words("call_verbs")
GROUP_REFS = words("group_refs")
# Prepositions of a call named as the occasion of what the clause says ("during a call").
ADJUNCT_PREPS = words("adjunct_preps")
RELATIVE_PRONOUNS = words("relative_pronouns")
COORDINATORS = words("coordinators")
MEDIUM_PREPS_OF_PARTNER = words("medium_preps_of_partner")
PARTNER_PREPS = words("partner_preps")
PARTNER_PREPS_AFTER_MEDIUM = words("partner_preps_after_medium")
PARTNER_PREPS_WIDE = words("partner_preps_wide")
POSSESSIVE_CLITICS = words("possessive_clitics")
SINGULAR_PRONOUNS = words("singular_pronouns")


def _subject_tokens(pred: Token) -> set[int]:
    toks: set[int] = set()
    for child in pred.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
            if child.lower_ in RELATIVE_PRONOUNS and pred.dep_ == "relcl":
                # "X, who spoke with Y": the relative pronoun stands for X.
                toks.update(t.i for t in pred.head.subtree if t.i < child.i)
                continue
            if child.lower_ in SINGULAR_PRONOUNS and pred.dep_ == "ccomp":
                # "X said (on Monday) he had spoken with Y": he is the one who said it.
                said = [c for c in pred.head.children if c.dep_ == "nsubj" and c.i < child.i]
                if said and said[-1].pos_ in ("PROPN", "NOUN"):
                    # The nearest subject: a dateline before it may be parsed as one too.
                    toks.update(t.i for t in said[-1].subtree if t.ent_type_ != "GPE")
                    continue
            toks.update(t.i for t in child.subtree)
    # A subject shared with a conjoined verb ("Putin met X and spoke with Y").
    if not toks and pred.dep_ in ("conj", "xcomp", "advcl", "relcl") and pred.head.i != pred.i:
        head = pred.head
        if pred.dep_ == "relcl":
            toks.update(t.i for t in head.subtree if t.i < pred.i)
        else:
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    toks.update(t.i for t in child.subtree)
    # A gerund with no subject of its own ("besides phoning X, the minister ..."): the
    # subject of the clause it modifies.
    if not toks and pred.tag_ == "VBG" and pred.dep_ in ("pcomp", "advcl", "pobj"):
        cur = pred.head
        for _ in range(4):
            subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and cur.pos_ in ("VERB", "AUX"):
                toks.update(t.i for t in subj[0].subtree)
                for conj in subj[0].conjuncts:
                    toks.update(t.i for t in conj.subtree)
                break
            if cur.head.i == cur.i:
                break
            cur = cur.head
    return toks


def _predicate(tok: Token) -> Token:
    """The verb a trigger belongs to ("held a conversation" -> held), climbing to a verb
    with a subject ("emphasized the need to halt X during a call" -> emphasized)."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            break
        cur = cur.head
    verb = cur
    # "X stressed the need to curb A and halt B during a phone call with Y": a call in an
    # adjunct phrase belongs to the clause with a subject, past the coordinated infinitives.
    in_adjunct = tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS
    climb = ("xcomp", "acl", "advcl", "pcomp", "prep", "pobj", "dobj", "relcl")
    for _ in range(4 if in_adjunct else 3):
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or verb.dep_ == "ROOT":
            return verb
        if verb.dep_ not in climb and not (in_adjunct and verb.dep_ == "conj"):
            return cur
        nxt = verb.head
        while nxt.pos_ not in ("VERB", "AUX") and nxt.dep_ != "ROOT":
            nxt = nxt.head
        verb = nxt
    return cur


def _partner_tokens(doc: Doc, trig: Token, pred: Token, subj: set[int]) -> set[int]:
    toks: set[int] = set()
    for head in {trig, pred}:
        for child in head.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in PARTNER_PREPS_WIDE:
                toks.update(t.i for t in child.subtree)
            elif (
                child.dep_
                in (
                    "dobj",
                    "obj",
                    "dative",
                    "pobj",
                    "oprd",
                )
                and trig.lemma_ in CALL_VERBS
            ):
                toks.update(t.i for t in child.subtree)
            elif child.dep_ in ("dobj", "obj") and head.i == pred.i and trig.i != pred.i:
                # "held phone talks with X": the object is the trigger itself; look inside.
                for grand in child.children:
                    if grand.dep_ == "prep" and grand.lower_ in PARTNER_PREPS:
                        toks.update(t.i for t in grand.subtree)
            elif child.dep_ == "prep" and child.lower_ in MEDIUM_PREPS_OF_PARTNER:
                # "spoke by telephone with X": the parse hangs the partner on the medium.
                for medium in child.children:
                    if medium.dep_ == "pobj" and medium.lower_ in PHONE_WORDS | VIDEO_WORDS:
                        for grand in medium.children:
                            if grand.dep_ == "prep" and grand.lower_ in PARTNER_PREPS_AFTER_MEDIUM:
                                toks.update(t.i for t in grand.subtree)
    return toks - subj


def _phrase_in_subject(tok: Token, subj: set[int]) -> set[int]:
    """The tokens of the phrase that carries the trigger inside the subject ("the minister,
    in calls with A and B, ..."), or nothing when the trigger heads the subject itself."""
    cur = tok
    while cur.head.i != cur.i and cur.head.i in subj and cur.dep_ not in ("nsubj", "nsubjpass"):
        if cur.dep_ in ("prep", "acl") and cur.head.dep_ in ("nsubj", "nsubjpass", "appos"):
            phrase = {t.i for t in cur.subtree}
            return phrase if subj - phrase else set()
        cur = cur.head
    return set()


def _generic_partner(doc: Doc, ents: DocEntities, partners_t: set[int]) -> bool:
    """The other side is a bare plural of people ("calls with world leaders", "talks with
    world leaders"): a habit or a class of calls, not one call between named sides."""
    if not partners_t or any(i in ents.person_at for i in partners_t):
        return False
    for i in partners_t:
        t = doc[i]
        if t.dep_ != "pobj" or t.head.lower_ not in PARTNER_PREPS or t.tag_ != "NNS":
            continue
        if t.lower_ not in GROUP_REFS and t.lower_ not in lexicon().titles:
            continue
        if not any(c.dep_ in ("det", "nummod", "poss") for c in t.children):
            return True
    return False


def _trailing_partners(
    doc: Doc, ents: DocEntities, sent: Span, taken: set[int], found: list[PersonMention]
) -> list[PersonMention]:
    """ "spoke to A, and B ...": people coordinated right after the partner phrase whom the
    parse attached elsewhere (often as the subject of a following participle)."""
    if not found:
        return []
    out: list[PersonMention] = []
    end = max(m.end for m in found)
    end = max(end, max((i + 1 for i in taken if i < sent.end), default=end))
    while True:
        j = end
        if j < sent.end and doc[j].lower_ == ",":
            j += 1
        if j >= sent.end or doc[j].lower_ not in COORDINATORS:
            break
        j += 1
        nxt = next((p for p in ents.persons if j <= p.start < min(j + 6, sent.end)), None)
        if nxt is None or nxt in found or nxt in out:
            break
        between = doc[j : nxt.start]
        if any(t.pos_ in ("VERB", "AUX", "ADP", "CCONJ") or t.lower_ == "," for t in between):
            break
        # "..., and Y said": Y is the subject of a finite verb of its own.
        root = doc[nxt.end - 1]
        head = root.head if root.dep_ != "appos" else root.head.head
        subj_of = root if root.dep_ != "appos" else root.head
        if subj_of.dep_ in ("nsubj", "nsubjpass") and head.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            break
        if root.dep_ == "poss" or (
            nxt.end < sent.end and doc[nxt.end].lower_ in POSSESSIVE_CLITICS
        ):
            break  # "..., and Y's spokesman said": Y only owns the next subject
        out.append(nxt)
        end = nxt.end
    return out


def _link_below(tok: Token, anc: Token) -> str | None:
    """The dependency by which `anc` is reached from `tok` (the label of its child on the
    path), or None when `anc` is not an ancestor of `tok`."""
    cur = tok
    for _ in range(12):
        if cur.head.i == cur.i:
            return None
        if cur.head.i == anc.i:
            return cur.dep_
        cur = cur.head
    return None
