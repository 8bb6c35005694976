"""Who placed a call: in the sentence that reports it ("received a call from X", "at the
request of X"), or told in another sentence ("The call was initiated by X.", "the leaders
ahead of X to call Y", "held at the initiative of the Peruvian side", a side named only by
its country)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from newsevents.entities import DocEntities, PersonMention
from newsevents.lexicon import lexicon, norm, words
from newsevents.rules.call.triggers import _is_call_noun, _is_phone_verb
from newsevents.rules.clause import _subject_tokens
from newsevents.rules.modality import _told_as_done
from newsevents.rules.parties import (
    _mentions_in,
    _mentions_under,
    _party_from_mention,
    _same_party,
    _stated_country,
)
from newsevents.rules.ty import CallCandidate, PartyRef, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CALL_VERBS = words("call_verbs")
INITIATIVE_WORDS = words("initiative_words")
INITIATIVE_PREPS = words("initiative_preps")
# Verbs whose agent placed or asked for a call: "the call was initiated / requested by X".
INITIATE_VERBS = words("initiate_verbs")
# Nouns that can refer back to a call already reported ("the call", "the conversation").
CALL_REF_NOUNS = words("call_ref_nouns")
CALL_REF_DETS = words("call_ref_dets")
# "the leaders ahead of X to call Y", "the first after X to call Y", "like X, Z called Y":
# words that compare one caller with others who did the same.
ALSO_CALLED_WORDS = words("also_called_words")
CALL_FROM_NOUNS = words("call_from_nouns")
CALL_VERBS_BUT_DIAL = words("call_verbs_but_dial")
OTHER_PURPOSE_PREPS = words("other_purpose_preps")
PLACE_VERBS = words("place_verbs")
RECEIVE_VERBS = words("receive_verbs")
# "Y returned X's call": the one who returns a call places this one.
RETURN_VERBS = words("return_verbs")
# "in response to X's call", "responding to a call from X"
RESPONSE_WORDS = words("response_words")
# "at the request of the Canadian side / government": nouns a country's adjective makes a
# side of the call; "the Canadian parliament" is not one.
SIDE_NOUNS = words("side_nouns")
FORMER_LATTER = words("former_latter_words")


def _initiator(
    doc: Doc, ents: DocEntities, sent: Span, tok: Token, pred: Token, trig: Trigger
) -> PartyRef | None:
    """Who placed the call, as the sentence that reports it says."""
    returned = _returned_call(doc, ents, sent, tok, pred)
    if returned is not None:
        return returned
    return (
        _initiative_in(doc, ents, sent)
        or _requested_by(doc, ents, tok, pred)
        or _thanked_for_call(doc, ents, tok)
        or _relative_caller(doc, ents, sent)
        or _caller_from(doc, ents, tok, pred)
        or _possessor_caller(doc, ents, tok)
        or _answering(doc, ents, tok, pred)
        or _subject_caller(doc, ents, sent, tok, pred, trig)
    )


def _returned_call(
    doc: Doc, ents: DocEntities, sent: Span, tok: Token, pred: Token
) -> PartyRef | None:
    """ "Y returned X's call", "Y returned a call from X": Y places the call now."""
    if pred.i == tok.i or pred.lemma_ not in RETURN_VERBS or tok.dep_ not in ("dobj", "obj"):
        return None
    if tok.head.i != pred.i or any(c.dep_ == "neg" for c in pred.children):
        return None
    subj = _subject_tokens(pred)
    persons = [m for m in _mentions_in(ents, sent.start, sent.end) if m.start in subj]
    return _party_from_mention(doc, ents, persons[0]) if persons else None


def _requested_by(doc: Doc, ents: DocEntities, tok: Token, pred: Token) -> PartyRef | None:
    """ "held a call with Y, as requested by Y", "held a phone call, initiated by X": a
    participle with an agent on the call's predicate or its call noun."""
    for head in dict.fromkeys((tok, pred)):
        for c in head.children:
            if (
                c.dep_ in ("advcl", "acl")
                and c.lemma_ in INITIATE_VERBS
                and c.tag_ == "VBN"
                and not any(x.dep_ == "neg" for x in c.children)
            ):
                agents = [a for a in c.children if a.dep_ == "agent"]
                if agents:
                    ref = _ref_in(doc, ents, [t for t in agents[0].subtree if t.i != agents[0].i])
                    if ref is not None:
                        return ref
    return None


def _answering(doc: Doc, ents: DocEntities, tok: Token, pred: Token) -> PartyRef | None:
    """ "spoke with Y in response to Y's call", "..., responding to a call from Y": the call
    answered is the one reported, placed by Y."""
    for head in dict.fromkeys((tok, pred)):
        for c in head.children:
            word = c
            if c.dep_ == "prep" and c.lower_ in ("in", "on"):
                word = next((x for x in c.children if x.dep_ == "pobj"), c)
            if word.lemma_ not in RESPONSE_WORDS or word.i == tok.i:
                continue
            nouns = [
                n
                for to in word.children
                if to.dep_ == "prep" and to.lower_ == "to"
                for n in to.children
                if n.dep_ == "pobj"
            ]
            for noun in nouns:
                caller = _caller_of_answered(doc, ents, noun)
                if caller is not None:
                    return caller
    return None


def _caller_of_answered(doc: Doc, ents: DocEntities, noun: Token) -> PartyRef | None:
    """The caller of "Y's call", "a call from Y" (not "Y's call for a ceasefire")."""
    if noun.lemma_ != "call" or not _is_call_noun(noun):
        return None
    if any(x.dep_ == "prep" and x.lower_ in ("for", "about") for x in noun.children):
        return None
    owners = [x for x in noun.children if x.dep_ == "poss" and x.i in ents.person_at]
    if owners:
        return _party_from_mention(doc, ents, ents.person_at[owners[0].i])
    for x in noun.children:
        if x.dep_ == "prep" and x.lower_ == "from":
            by = _from_callers(ents, x)
            if by:
                return _party_from_mention(doc, ents, by[0])
    return None


def _possessor_caller(doc: Doc, ents: DocEntities, tok: Token) -> PartyRef | None:
    """ "in X's phone call to Y", "in response to X's call": the possessor placed the call;
    not "X's call with Y", nor "X's call for a ceasefire"."""
    if not _is_call_noun(tok) or tok.lemma_ != "call" or tok.pos_ != "NOUN":
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("for", "about", "with") for c in tok.children):
        return None
    owners = [c for c in tok.children if c.dep_ == "poss" and c.i in ents.person_at]
    if not owners:
        return None
    to_someone = any(
        c.dep_ == "prep"
        and c.lower_ == "to"
        and _ref_in(doc, ents, [t for t in c.subtree if t.i != c.i]) is not None
        for c in tok.children
    )
    answered = (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "to"
        and tok.head.head.lemma_ in RESPONSE_WORDS
    )
    if not (to_someone or answered):
        return None
    return _party_from_mention(doc, ents, ents.person_at[owners[0].i])


def _thanked_for_call(doc: Doc, ents: DocEntities, tok: Token) -> PartyRef | None:
    """ "X thanked Y for his call": the one thanked for the call placed it."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "for" or tok.head.head.lemma_ != "thank":
        return None
    if not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return None
    thank = tok.head.head
    obj = next((c for c in thank.children if c.dep_ in ("dobj", "obj")), None)
    if obj is not None and obj.lower_ == "you":
        # "Thank you, President X, for your call": the one addressed.
        obj = next((c for c in thank.children if c.dep_ in ("npadvmod", "appos", "dep")
                    and c.i in ents.person_at), None)
    m = ents.person_at.get(obj.i) if obj is not None else None
    return _party_from_mention(doc, ents, m) if m is not None else None


def _initiative_in(doc: Doc, ents: DocEntities, sent: Span) -> PartyRef | None:
    """ "at the request / initiative of X", "at X's initiative", "at the initiative of the
    Chilean side", "at the latter's request"."""
    for t in sent:
        if not _is_initiative(t):
            continue
        window = list(t.subtree)
        for child in t.children:
            if child.dep_ == "poss":
                window = list(child.subtree)
        persons = [ents.person_at[x.i] for x in window if x.i in ents.person_at]
        if persons:
            return _party_from_mention(doc, ents, persons[0])
        for x in window:
            code = (
                lexicon().country(x.text)
                if x.ent_type_ in ("GPE", "NORP") or x.text[:1].isupper()
                else None
            )
            if code and _names_side(x, window):
                return PartyRef(None, None, None, code)
        # Resolved against the clause's named parties by the caller.
        for word in ("latter", "former"):
            if any(x.lower_ == word for x in window):
                return PartyRef(None, word, None, None)
    return None


def _relative_caller(doc: Doc, ents: DocEntities, sent: Span) -> PartyRef | None:
    """ "..., Y, who called to brief him": the relative clause's antecedent called."""
    for t in sent:
        if (
            t.dep_ == "relcl"
            and t.lemma_ in CALL_VERBS_BUT_DIAL
            and not any(c.dep_ in ("dobj", "obj", "oprd") for c in t.children)
            and any(c.lower_ == "who" for c in t.children)
            and t.head.i in ents.person_at
        ):
            return _party_from_mention(doc, ents, ents.person_at[t.head.i])
    return None


def _caller_from(doc: Doc, ents: DocEntities, tok: Token, pred: Token) -> PartyRef | None:
    """ "received a call from X", "a call from X"; the parse may hang "from X" on the verb."""
    froms = list(tok.children)
    if pred.i != tok.i and pred.lemma_ in RECEIVE_VERBS:
        froms += list(pred.children)
    froms += _received_relcl_children(tok)
    for child in froms:
        if child.dep_ == "prep" and child.lower_ == "from":
            persons = [ents.person_at[x.i] for x in child.subtree if x.i in ents.person_at]
            if persons:
                return _party_from_mention(doc, ents, persons[0])
            # "a call from the U.S. Secretary of State, X": the parse may hang the office's
            # name elsewhere; it follows the phrase.
            after = child.right_edge.i + 1
            if after < len(doc) and doc[after].text == ",":
                after += 1
            lex = lexicon()
            start = after
            while after < min(len(doc), start + 4) and (
                norm(doc[after].text) in lex.honorifics
                or doc[after].lower_ in ("his", "her")
                or doc[after].lower_ in lex.titles
            ):
                after += 1  # "..., His Majesty King X"
            m = ents.person_at.get(after)
            named_office = len(list(child.subtree)) > 1
            if m is not None and m.start == after and not m.by_title and named_office:
                return _party_from_mention(doc, ents, m)
    return None


def _received_relcl_children(tok: Token) -> list[Token]:
    """ "a phone call he received from X", "a call received by Y from X": the clause's
    "from X" is the call's."""
    return [
        c
        for rel in tok.children
        if rel.dep_ in ("relcl", "acl") and rel.lemma_ in RECEIVE_VERBS
        for c in rel.children
    ]


def _from_callers(ents: DocEntities, prep: Token) -> list[PersonMention]:
    """The people of "from X, Y and Z", each one a caller; not those of a relative clause
    on one of them ("Z, who briefed him")."""
    inner = {
        t.i for x in prep.subtree if x.dep_ in ("relcl", "acl") and x.i != prep.i for t in x.subtree
    }
    return [m for m in ents.persons if m.start in {t.i for t in prep.subtree} - inner]


def _subject_caller(
    doc: Doc, ents: DocEntities, sent: Span, tok: Token, pred: Token, trig: Trigger
) -> PartyRef | None:
    """ "X called / phoned Y", "X made a call to Y"; not "X did not call Y"."""
    placed = tok.lemma_ == "call" and pred.lemma_ in PLACE_VERBS
    if placed and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        placed = False  # "made calls with A and B": held with them, placed by no one said
    # "followed up with a call to Y": a call to someone is the subject's.
    to_callee = (
        tok.lemma_ == "call"
        and tok.pos_ == "NOUN"
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children)
    )
    if not (trig.kind == "call_verb" or placed or to_callee):
        return None
    if any(c.dep_ == "neg" for v in {tok, pred} for c in v.children):
        return None
    subj = _subject_tokens(pred if trig.kind != "call_verb" else tok)
    persons = [m for m in _mentions_in(ents, sent.start, sent.end) if m.start in subj]
    if persons:
        return _party_from_mention(doc, ents, persons[0])
    return None


@dataclass(frozen=True, slots=True)
class _InitEvidence:
    """Who placed or asked for a call, as one sentence tells it."""

    sent: tuple[int, int]  # char span of the sentence
    caller: PartyRef
    callee: PartyRef | None  # the other side, when the sentence names it ("X called Y")
    attached: bool  # the wording is tied to the call word, not only in the same sentence
    plural: bool  # "the calls were initiated by X": may refer to several calls


def _ref_in(doc: Doc, ents: DocEntities, toks: list[Token]) -> PartyRef | None:
    """The party a phrase names: a person, "the latter" / "the former" (resolved against
    the call's parties later), else a country ("the United States", "the Peruvian side",
    "the Elysee"; not "the Canadian parliament")."""
    ids = {t.i for t in toks}
    for t in sorted(toks, key=lambda x: x.i):
        if t.i in ents.person_at:
            return _party_from_mention(doc, ents, ents.person_at[t.i])
    for t in sorted(toks, key=lambda x: x.i):
        if _is_former_latter(t):
            return PartyRef(None, t.lower_, None, None)
    lex = lexicon()
    for ent in doc.ents:
        if ent.start in ids and ent.label_ in ("GPE", "NORP", "ORG", "FAC", "LOC"):
            code = lex.country(ent.text)
            if code and _names_side(ent.root, toks):
                return PartyRef(None, None, None, code)
    for t in sorted(toks, key=lambda x: x.i):
        if t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN"):
            code = lex.country(t.text)
            if code and _names_side(t, toks):
                return PartyRef(None, None, None, code)
    return None


def _is_former_latter(tok: Token) -> bool:
    """ "the latter", "the former's request": a word for one of two sides just named."""
    return tok.lower_ in FORMER_LATTER and any(
        c.dep_ == "det" and c.lower_ == "the" for c in tok.children
    )


def _names_side(word: Token, phrase: list[Token]) -> bool:
    """A country word stands for a side of the call: it heads the phrase ("Canada",
    "Ottawa's request") or qualifies a side or an office ("the Canadian side", "the Canadian
    government", "the Canadian leader"), not another body ("the Canadian parliament")."""
    ids = {t.i for t in phrase}
    while word.dep_ == "compound" and word.head.i in ids and word.head.ent_iob_ == "I":
        word = word.head  # "United" of "the United States"
    if word.dep_ not in ("amod", "compound", "nmod", "poss") or word.head.i not in ids:
        return True
    head = word.head
    if head.lemma_ in INITIATIVE_WORDS or head.lemma_ in INITIATE_VERBS:
        return True  # "at Canada's request" with the request word in the phrase
    return head.lemma_ in SIDE_NOUNS or head.lower_ in SIDE_NOUNS or lexicon().is_title(head.text)


def _refers_to_call(tok: Token) -> bool:
    """ "the call", "this conversation", "their phone talks": a word for a call already told."""
    if tok.lemma_ not in CALL_REF_NOUNS and tok.lower_ not in CALL_REF_NOUNS:
        return False
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.lemma_ == "call" and not _is_call_noun(tok):
        return False
    return any(c.dep_ in ("det", "poss") and c.lower_ in CALL_REF_DETS for c in tok.children)


def _is_plural(tok: Token) -> bool:
    return tok.tag_ in ("NNS", "NNPS") and tok.lower_ != "talks"


def _is_initiative(tok: Token) -> bool:
    """ "at the request of", "at X's initiative", "on the initiative of", "upon invitation of";
    not "extended an invitation to X", "welcomed X's initiative to ...", nor "briefed Y on
    X's request for more aid" (a request for something else)."""
    return (
        tok.lemma_ in INITIATIVE_WORDS
        and tok.pos_ == "NOUN"
        and tok.dep_ == "pobj"
        and tok.head.lower_ in INITIATIVE_PREPS
        and not any(
            (c.dep_ == "prep" and c.lower_ in OTHER_PURPOSE_PREPS) or c.dep_ in ("acl", "relcl")
            for c in tok.children
        )
    )


def _initiative_phrase(doc: Doc, ents: DocEntities, noun: Token) -> PartyRef | None:
    """ "at the request of X", "at X's initiative", "on the initiative of the Chilean side"."""
    window = list(noun.subtree)
    for child in noun.children:
        if child.dep_ == "poss":
            window = list(child.subtree)
    window = [t for t in window if t.i != noun.i]
    return _ref_in(doc, ents, window)


def _callers_of(doc: Doc, ents: DocEntities, verb: Token) -> list[PersonMention]:
    """Who does the calling of "X called Y": the subject, and those the sentence says did
    the same ("were the leaders ahead of X to call Y")."""
    subj = _subject_tokens(verb)
    found = [m for m in ents.persons if m.start in subj]
    heads = [verb]
    if verb.dep_ in ("advcl", "relcl", "acl", "xcomp") and verb.head.i != verb.i:
        heads.append(verb.head)
        heads.extend(c for c in verb.head.children if c.dep_ in ("attr", "acomp"))
    for head in heads:
        for child in head.children:
            if child.lower_ not in ALSO_CALLED_WORDS or child.dep_ not in ("advmod", "prep"):
                continue
            # The compared one must be a person ("ahead of X"), not a thing of theirs
            # ("after X's speech").
            # "ahead of X": the object of the word or of its "of"; not a person deeper in a
            # thing's phrase ("following the clash between X and Y").
            objs = [
                t
                for t in child.subtree
                if t.i != child.i
                and t.dep_ == "pobj"
                and (t.head == child or (t.head.head == child and t.head.dep_ == "prep"))
            ]
            for obj in objs:
                found.extend(
                    ents.person_at[t.i] for t in [obj, *obj.conjuncts] if t.i in ents.person_at
                )
    out: list[PersonMention] = []
    for m in found:
        if m not in out:
            out.append(m)
    return out


class _Said(NamedTuple):
    """Who placed a call, as one wording of a sentence tells it (before it is checked)."""

    caller: PartyRef | None
    callee: PartyRef | None = None
    attached: bool = True
    plural: bool = False


def _initiator_evidence(doc: Doc, ents: DocEntities) -> list[_InitEvidence]:
    """Every statement in the document of who placed or asked for a call."""
    out: list[_InitEvidence] = []
    for sent in doc.sents:
        span = (sent.start_char, sent.end_char)
        for tok in sent:
            for wording in _WORDINGS:
                for said in wording(doc, ents, tok):
                    caller, callee = said.caller, said.callee
                    if caller is None:
                        continue
                    if callee is None or caller.key(ents) != callee.key(ents):
                        out.append(_InitEvidence(span, caller, callee, said.attached, said.plural))
    return out


def _initiated(doc: Doc, ents: DocEntities, tok: Token) -> Iterator[_Said]:
    """ "the call was initiated by X", "a call requested by X", "X initiated the call"."""
    if tok.lemma_ not in INITIATE_VERBS:
        return
    if any(c.dep_ == "neg" for c in tok.children):
        return
    # "the call, which X initiated / which was requested by X"
    relative = (
        tok.dep_ == "relcl"
        and (_refers_to_call(tok.head) or _is_call_noun(tok.head))
        and any(c.lower_ in ("which", "that") for c in tok.children)
    )
    if tok.tag_ == "VBN" and any(c.dep_ == "agent" for c in tok.children):
        agents = [c for c in tok.children if c.dep_ == "agent"]
        calls = [c for c in tok.children if c.dep_ == "nsubjpass" and _refers_to_call(c)]
        if (tok.dep_ == "acl" and _refers_to_call(tok.head)) or relative:
            calls.append(tok.head)
        if agents and calls:
            by = [t for t in agents[0].subtree if t.i != agents[0].i]
            yield _Said(
                _ref_in(doc, ents, by),
                plural=_is_plural(calls[0]),
                attached=_refers_to_call(calls[0]),
            )
    elif tok.pos_ == "VERB":
        calls = [c for c in tok.children if c.dep_ in ("dobj", "obj") and _refers_to_call(c)]
        if relative and any(
            c.dep_ in ("dobj", "obj") and c.lower_ in ("which", "that") for c in tok.children
        ):
            calls.append(tok.head)
        if calls:
            subj = _subject_tokens(tok)
            callers = [m for m in ents.persons if m.start in subj]
            if callers:
                caller = _party_from_mention(doc, ents, callers[0])
                yield _Said(caller, plural=_is_plural(calls[0]), attached=_refers_to_call(calls[0]))
            elif any(_is_former_latter(doc[i]) for i in subj):
                word = next(doc[i].lower_ for i in sorted(subj) if _is_former_latter(doc[i]))
                yield _Said(
                    PartyRef(None, word, None, None),
                    plural=_is_plural(calls[0]),
                    attached=_refers_to_call(calls[0]),
                )


def _at_initiative(doc: Doc, ents: DocEntities, tok: Token) -> Iterator[_Said]:
    """ "at the request of X", "on the initiative of the Peruvian side"."""
    if not _is_initiative(tok):
        return
    owner = tok.head.head if tok.head.dep_ == "prep" else None
    attached = owner is not None and (
        _refers_to_call(owner)
        or any(c.dep_ in ("nsubj", "nsubjpass") and _refers_to_call(c) for c in owner.children)
        or (owner.dep_ == "acl" and _refers_to_call(owner.head))
    )
    yield _Said(_initiative_phrase(doc, ents, tok), attached=attached)


def _call_from(doc: Doc, ents: DocEntities, tok: Token) -> Iterator[_Said]:
    """ "received a call from X", "a phone call from X" (a person; in "a summary of the call
    from the Kremlin" the place is where the summary comes from)."""
    if not (_is_call_noun(tok) or tok.lower_ in CALL_FROM_NOUNS):
        return
    if tok.dep_ == "pobj" and tok.head.lower_ == "of":
        return
    for child in [*tok.children, *_received_relcl_children(tok)]:
        if child.dep_ != "prep" or child.lower_ != "from":
            continue
        by = _from_callers(ents, child)
        caller = _party_from_mention(doc, ents, by[0]) if by else None
        # "a call from X to Y" (the parser may hang "to Y" on X)
        got = [
            m
            for c in tok.subtree
            if c.dep_ == "prep" and c.lower_ == "to"
            for m in _mentions_under(ents, c)
        ]
        if tok.head.lemma_ in RECEIVE_VERBS:
            subj = _subject_tokens(tok.head)
            got += [m for m in ents.persons if m.start in subj]
        callee = _party_from_mention(doc, ents, got[0]) if got else None
        # "the call from X" refers back to a call; "a call from X" is new.
        yield _Said(caller, callee, attached=callee is None and _refers_to_call(tok))
        if _is_plural(tok):
            # "received calls from A, B and C": each one placed their own call.
            for m in by[1:]:
                yield _Said(_party_from_mention(doc, ents, m), callee, attached=False)


def _called(doc: Doc, ents: DocEntities, tok: Token) -> Iterator[_Said]:
    """ "X called / phoned Y", and those who did the same ("ahead of X to call Y")."""
    if not (tok.lemma_ in CALL_VERBS and tok.pos_ == "VERB" and _is_phone_verb(tok)):
        return
    # "called Y" (the parser sometimes takes the person Y for a complement)
    objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")] or [
        c for c in tok.children if c.dep_ == "oprd" and c.i in ents.person_at
    ]
    callee_m = _mentions_under(ents, objs[0]) if objs else []
    callee = _party_from_mention(doc, ents, callee_m[0]) if callee_m else None
    if callee is not None and _told_as_done(tok):
        for m in _callers_of(doc, ents, tok):
            yield _Said(_party_from_mention(doc, ents, m), callee)


def _was_called(doc: Doc, ents: DocEntities, tok: Token) -> Iterator[_Said]:
    """ "Y was called by X"."""
    if not (
        tok.lemma_ in CALL_VERBS
        and tok.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in tok.children)
        and not any(c.dep_ in ("oprd", "attr", "xcomp", "prt") for c in tok.children)
    ):
        return
    agents = [c for c in tok.children if c.dep_ == "agent"]
    subj = _subject_tokens(tok)
    got = [m for m in ents.persons if m.start in subj]
    if agents and got and _told_as_done(tok):
        by = _mentions_under(ents, agents[0])
        if by:
            yield _Said(
                _party_from_mention(doc, ents, by[0]), _party_from_mention(doc, ents, got[0])
            )


# The wordings of who placed a call, in the order their statements are collected.
_WORDINGS: tuple[Callable[[Doc, DocEntities, Token], Iterator[_Said]], ...] = (
    _initiated,
    _at_initiative,
    _call_from,
    _called,
    _was_called,
)


def _side_of(parties: list[PartyRef], ref: PartyRef, ents: DocEntities) -> int | None:
    """Which of a call's parties a reference stands for: a person, or a side by country."""
    if ref.cluster is not None or ref.title:
        hits = [k for k, p in enumerate(parties) if _same_party(p, ref, ents)]
        return hits[0] if len(hits) == 1 else None
    code = ref.country
    if code is None:
        return None
    hits = [k for k, p in enumerate(parties) if p.country == code]
    if hits:
        return hits[0] if len(hits) == 1 else None
    # No party has that country: in a call between two, the side is the party whose own
    # title leaves its country open, when the other's title names another country and no
    # one else of that country is named in the document.
    if len(parties) != 2:
        return None
    if any(
        ents.clusters[ci].country == code and ents.clusters[ci].name
        for ci in ents.person_clusters()
        if all(p.cluster != ci for p in parties)
    ):
        return None
    stated = [_stated_country(p, ents) for p in parties]
    open_ = [k for k, s in enumerate(stated) if s is None]
    closed = [k for k, s in enumerate(stated) if s is not None and s != code]
    if len(open_) == 1 and len(closed) == 1:
        return open_[0]
    return None


def _initiators_from_text(
    doc: Doc, ents: DocEntities, cands: list[CallCandidate]
) -> list[CallCandidate]:
    """Give calls without an initiator the one another sentence states: a statement naming
    both sides ("X called Y") goes to the one call between them; one naming only the caller
    ("the call was initiated by X") to the call of its own sentence, else the last call told
    before it."""
    if not cands:
        return cands
    initiators = [c.initiator for c in cands]
    for ev in _initiator_evidence(doc, ents):
        # "the two heads of state held a call, X said in the call made at Y's request": the
        # request is of the call the sentence is said in, not of the leaders' call it recalls.
        own = [
            i
            for i, c in enumerate(cands)
            if _span_in(ev.sent, c.sentences) and not c.rule.startswith("call.heads.")
        ]
        if ev.caller.cluster is None and ev.caller.mention in FORMER_LATTER:
            _resolve_named_back(doc, ents, cands, ev, own, initiators)
            continue
        if ev.callee is not None:
            pairs = [
                (i, k)
                for i, c in enumerate(cands)
                if (k := _side_of(c.parties, ev.caller, ents)) is not None
                and (j := _side_of(c.parties, ev.callee, ents)) is not None
                and j != k
            ]
            chosen = [(i, k) for i, k in pairs if i in own] or pairs
            if len(chosen) == 1 and initiators[chosen[0][0]] is None:
                initiators[chosen[0][0]] = chosen[0][1]
            continue
        targets = own
        if not targets and ev.attached:
            before = [i for i, c in enumerate(cands) if min(s for s, _ in c.sentences) < ev.sent[0]]
            if before:
                last = max(max(s for s, _ in cands[i].sentences if s < ev.sent[0]) for i in before)
                targets = [i for i in before if any(s == last for s, _ in cands[i].sentences)]
        found = [
            (i, k)
            for i in targets
            if (k := _side_of(cands[i].parties, ev.caller, ents)) is not None
        ]
        if len(found) > 1 and not (ev.plural or own):
            continue
        for i, k in found:
            if initiators[i] is None:
                initiators[i] = k
    return [replace(c, initiator=k) for c, k in zip(cands, initiators, strict=True)]


def _resolve_named_back(
    doc: Doc,
    ents: DocEntities,
    cands: list[CallCandidate],
    ev: _InitEvidence,
    own: list[int],
    initiators: list[int | None],
) -> None:
    """ "The latter initiated the call": the last (or first) person named in the sentence
    of the call told just before, when that person is one of its sides."""
    if own:
        return  # in the call's own sentence, the clause resolved it
    before = [(s, e) for c in cands for s, e in c.sentences if e <= ev.sent[0]]
    if not before:
        return
    span = max(before)
    targets = [i for i, c in enumerate(cands) if span in c.sentences]
    named: list[int] = []
    for m in sorted(_mentions_in(ents, 0, len(doc)), key=lambda m: m.start):
        if span[0] <= doc[m.start].idx < span[1] and m.cluster not in named:
            named.append(m.cluster)
    if len(named) < 2 or len(targets) != 1:
        return
    cluster = named[-1] if ev.caller.mention == "latter" else named[0]
    parties = cands[targets[0]].parties
    hits = [k for k, p in enumerate(parties) if p.cluster == cluster]
    if len(hits) == 1 and initiators[targets[0]] is None:
        initiators[targets[0]] = hits[0]


def _span_in(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)
