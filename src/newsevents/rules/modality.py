"""Modality of a call: held, planned or denied, and wordings that are no call between
officials (reports to the media, earnings calls, hotlines)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.lexicon import lexicon, words
from newsevents.rules.clause import _link_below

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MEDIA_WORDS = words("media_words")
PLANNED_HEADS = words("planned_heads")
PROGRESSIVE_PLAN_HEADS = words("progressive_plan_heads")
PLAN_NOUNS = words("plan_nouns")
DENIED_LEMMAS = words("denied_lemmas")
DENIED_PHRASALS = words("denied_phrasals")
DENIAL_LEMMAS = words("denial_lemmas")
CLAIM_NOUNS = words("claim_nouns")
ADJUNCT_PREPS = words("adjunct_preps")
EARLIER_CALL_PREPS = words("earlier_call_preps")
ADJUNCT_PREPS_WITH_BY = words("adjunct_preps_with_by")
ASPECT_VERBS = words("aspect_verbs")
BUSINESS_CALL_WORDS = words("business_call_words")
FUTURE_MODALS = words("future_modals")
MEDIA_LINK_WORDS = words("media_link_words")
MEDIA_VERBS = words("media_verbs")
NOT_CALL_NEXT_WORDS = words("not_call_next_words")
NOT_CALL_PREV_WORDS = words("not_call_prev_words")
PLAN_PREPS = words("plan_preps")
PLANNED_ADJECTIVES = words("planned_adjectives")
PLANNED_ADJECTIVES_WIDE = words("planned_adjectives_wide")
STILL_AHEAD_ADJECTIVES = words("still_ahead_adjectives")
# "will call Y again", "another call": a call after the one told before.
ANOTHER_CALL_WORDS = words("another_call_words")
PLANNED_AUXILIARIES = words("planned_auxiliaries")
REPORTING_LEMMAS = words("reporting_lemmas")
PLANNED_PREDICATE_ADJECTIVES = words("planned_predicate_adjectives")
# How a reported clause hangs on its reporting verb ("announced that X spoke").
REPORTED_DEPS = words("reported_deps")
# "following a call with X": a call before what the clause tells.
TEMPORAL_PREPS = words("temporal_preps")
# "sources who claimed that X spoke with Y": a call told by others, as yet unconfirmed.
HEARSAY_LEMMAS = words("hearsay_lemmas")
# "was free to call", "is at liberty to ask by talking to X": what someone may do.
PERMISSION_WORDS = words("permission_words")
# "X and Y agreed during phone talks to ...": the talks are where they agreed.
AGREEMENT_LEMMAS = words("agreement_lemmas")
# "the second leader to hold a call with X": an infinitive that tells what was done.
ORDINAL_WORDS = words("ordinal_words")
ATTEMPT_LEMMAS = words("attempt_lemmas")
FAILURE_LEMMAS = words("failure_lemmas")
# How a word that leaves a call to come modifies it: "the planned call", "a call expected".
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "advmod", "npadvmod", "acl"})


def _status(doc: Doc, sent: Span, tok: Token, pred: Token) -> str:
    """Held, planned or denied: what the words that govern the call word say of it."""
    chain = _governing_chain(tok, pred)
    if _negated(tok, pred, chain) or _failed_attempt(chain) or _claim_denied_next(doc, sent, chain):
        return "denied"
    on_plan = _plan_status(tok, pred)
    if on_plan is not None:
        return on_plan
    if _looked_ahead_to(tok):
        return "planned"
    if _refused(tok, pred):
        return "denied"
    if _told_as_planned(tok, pred, chain):
        return "planned"
    return "held"


def _looked_ahead_to(tok: Token) -> bool:
    """ "Looking ahead to X's call with Y", "looked forward to the call": a call to come."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.lower_ != "to":
        return False
    verb = prep.head if prep.head.lemma_ == "look" else prep.head.head
    return verb.lemma_ == "look" and any(
        c.dep_ == "advmod" and c.lower_ in ("ahead", "forward") for c in verb.children
    )


def _governing_chain(tok: Token, pred: Token) -> list[Token]:
    """The call word, its predicate and up to three heads above the predicate."""
    chain = [tok, pred]
    cur = pred
    for _ in range(3):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        chain.append(cur)
    return chain


def _negated(tok: Token, pred: Token, chain: list[Token]) -> bool:
    """ "did not call", "denied having spoken", "cancelled the call"."""
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" and t.i in (tok.i, pred.i):
                return True
        if t.lemma_ in DENIED_LEMMAS:
            return True
        if any(c.dep_ == "prt" and f"{t.lemma_} {c.lower_}" in DENIED_PHRASALS for c in t.children):
            return True  # "turned down a call from X"
    return False


def _claim_denied_next(doc: Doc, sent: Span, chain: list[Token]) -> bool:
    """ "A book alleged that X had calls with Y. X and Y have denied the claims": a call only
    others claim, which the next sentence says is denied."""
    if not any(t.lemma_ in HEARSAY_LEMMAS for t in chain[1:]) or sent.end >= len(doc):
        return False
    nxt = doc[sent.end].sent
    return any(
        t.lemma_ in DENIAL_LEMMAS
        and t.pos_ == "VERB"
        and any(c.dep_ == "dobj" and c.lemma_ in CLAIM_NOUNS for c in t.children)
        for t in nxt
    )


def _failed_attempt(chain: list[Token]) -> bool:
    """ "tried to call X but could not reach him", "attempted to phone Y and failed": an
    attempt whose outcome the coordinated verb denies."""
    for below, t in zip(chain, chain[1:], strict=False):
        if t.lemma_ not in ATTEMPT_LEMMAS:
            continue
        # The parse hangs "and failed" on the attempt or on the verb attempted.
        for conj in [*t.children, *below.children]:
            if conj.dep_ != "conj" or conj.pos_ not in ("VERB", "AUX"):
                continue
            if conj.lemma_ in FAILURE_LEMMAS or any(c.dep_ == "neg" for c in conj.children):
                return True
    return False


def _plan_status(tok: Token, pred: Token | None = None) -> str | None:
    """ "no plans for a phone call" (denied), "a request for a call" (planned): the call
    hangs on a plan. So does the verb of a call: "has no plans to call X", "no intention of
    speaking with X" (denied), "a plan to speak with X" (planned)."""
    plan = None
    if tok.dep_ == "pobj" and tok.head.lower_ in PLAN_PREPS and tok.head.head.pos_ == "NOUN":
        plan = tok.head.head
    elif tok.dep_ == "pobj" and tok.head.lower_ in PLAN_PREPS and tok.head.head.pos_ == "VERB":
        # "arrangements are being made for a call", "made preparations for a call": the plan
        # is the subject or the object of the verb the call's phrase hangs on.
        plan = next(
            (
                c
                for c in tok.head.head.children
                if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_ in PLAN_NOUNS
            ),
            None,
        )
    else:
        held_by = tok.head if tok.dep_ == "dobj" else None  # "plans to hold a call"
        for verb in dict.fromkeys(t for t in (tok, held_by, pred) if t is not None):
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
                plan = verb.head
            elif verb.dep_ == "pcomp" and verb.head.lower_ == "of":
                plan = verb.head.head if verb.head.head.pos_ == "NOUN" else None
            if plan is not None:
                break
    if plan is None or plan.lemma_ not in PLAN_NOUNS:
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in plan.children):
        return "denied"
    return "planned"


def _refused(tok: Token, pred: Token) -> bool:
    """ "no call", "a rejected call"."""
    for t in [tok, pred]:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return True
        if any(c.dep_ in ("amod", "compound") and c.lemma_ in DENIED_LEMMAS for c in t.children):
            return True
    return False


def _chance_taken(verb: Token) -> bool:
    """ "took the opportunity to call X": an infinitive on a chance the past verb took is
    done, not planned."""
    noun = verb.head
    return (
        verb.dep_ == "acl"
        and noun.lemma_ in ("chance", "opportunity", "occasion")
        and noun.head.tag_ == "VBD"
    )


ANSWER_LEMMAS = words("answer_lemmas")


def _left_to_answer(verb: Token, call: Token) -> bool:
    """ "X left the room to answer a call from Y": one answers a call that came, after a
    verb in the past."""
    return (
        verb.lemma_ in ANSWER_LEMMAS
        and call.head.i == verb.i
        and call.dep_ == "dobj"
        and verb.head.tag_ == "VBD"
    )


def _told_as_planned(tok: Token, pred: Token, chain: list[Token]) -> bool:
    """ "will call", "plans to speak", "an upcoming call"."""
    if tok.dep_ == "pobj" and tok.head.lower_ in TEMPORAL_PREPS:
        # "Following Tuesday's call, the ministers will meet": what comes after is to come,
        # the call before it was held, unless its own words say it is still ahead.
        return any(
            t.lower_ in PLANNED_ADJECTIVES or t.lower_ in PLANNED_ADJECTIVES_WIDE
            or t.lower_ in ("next", "coming")
            for t in tok.subtree
        )
    # A verb reached from below through a coordination or an adverbial clause does not govern
    # the call: "X prepared to sign orders and spoke with Y", "In addition to speaking with Y,
    # X prepared ...". Its auxiliaries still count ("X will meet Y and speak with Z").
    not_governing = {t.i for t in chain[2:] if _link_below(tok, t) in ("conj", "advcl")}
    if pred.i != tok.i and _link_below(tok, pred) in ("conj", "advcl"):
        not_governing.add(pred.i)
    # The verb the call is the object of, when the predicate lies above it: "X, Y to hold a
    # virtual summit" (a headline's infinitive), "X and Y will hold a call".
    gov = (
        [tok.head]
        if tok.dep_ in ("dobj", "nsubjpass")
        and tok.head.pos_ in ("VERB", "AUX")
        and tok.head.i not in (tok.i, pred.i)
        else []
    )
    # "X and Y agreed in their phone talks to ...": the call is where they agreed, not what;
    # "following a call between X and Y, the ministers agreed to ...": when they agreed.
    adjunct_of = (
        tok.head.head.i
        if tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS_WITH_BY | TEMPORAL_PREPS
        else -1
    )
    # "X announced that he had spoken with Y": the report of a past call, not its plan.
    not_governing |= _past_reports(chain)
    if tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS_WITH_BY:
        # "X and Y agree to improve ties in phone talks": the agreement was reached in the
        # call, wherever the parse hangs the phrase; "will agree ..." is still to come.
        not_governing |= {
            t.i for t in chain[1:] if t.lemma_ in AGREEMENT_LEMMAS and not _future_marked(t)
        }
    for t in chain[:3] + gov:
        for child in t.children:
            if child.dep_ == "aux" and child.lower_ in PLANNED_AUXILIARIES:
                if child.lower_ == "to" and (
                    (t.head.lemma_ in ASPECT_VERBS and not _going_to(t.head))
                    or _ordinal_infinitive(t)
                    or _chance_taken(t)
                    or _left_to_answer(t, tok)
                ):
                    continue
                return True
        if (
            t.lemma_ in PLANNED_HEADS
            and t.i != tok.i
            and t.i not in not_governing
            and t.i != adjunct_of
        ):
            return True
        if t.lower_ in PLANNED_ADJECTIVES:
            return True
        if (
            t.lemma_ in PROGRESSIVE_PLAN_HEADS
            and t.tag_ == "VBG"
            and t.i != tok.i
            and t.i not in not_governing
            and t.i != adjunct_of
            and any(c.dep_ == "aux" and c.lemma_ == "be" for c in t.children)
        ):
            return True  # "is considering a call with X"
    if _predicated_as_planned(tok):
        return True
    # "the planned call", "a call expected next week"; not a conjoined verb ("called X and
    # proposed a meeting"), which tells another act.
    return any(
        child.lower_ in PLANNED_ADJECTIVES_WIDE and child.dep_ in MODIFIER_DEPS
        for child in tok.children
    )


def _going_to(verb: Token) -> bool:
    """ "is going to call X", "I'm going to be talking to him": the future, not a motion or
    an aspect ("went on to call")."""
    return (
        verb.lemma_ == "go"
        and verb.tag_ == "VBG"
        and any(c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children)
    )


def _future_marked(verb: Token) -> bool:
    """ "will agree", "to agree": a verb told as still to come."""
    return any(c.dep_ == "aux" and c.lower_ in PLANNED_AUXILIARIES for c in verb.children)


def _ordinal_infinitive(verb: Token) -> bool:
    """ "the second leader to hold a call", "the first to call": an infinitive on a noun
    ranked by an ordinal tells what someone did, not what is to come."""
    if verb.dep_ not in ("acl", "relcl") or verb.head.i == verb.i:
        return False
    noun = verb.head
    nouns = [noun]
    if noun.lower_ == "one":
        # "one of the first leaders to call": the ranked noun is under "one of".
        nouns += [n for p in noun.children if p.lower_ == "of" for n in p.children]
    return any(
        n.lower_ in ORDINAL_WORDS
        or any(c.dep_ in ("amod", "nummod") and c.lower_ in ORDINAL_WORDS for c in n.children)
        for n in nouns
    )


def _predicated_as_planned(tok: Token) -> bool:
    """ "a call between X and Y is possible / unlikely": the call as subject of a copula whose
    adjective leaves it to come."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return any(
        c.dep_ == "acomp" and c.lower_ in PLANNED_PREDICATE_ADJECTIVES for c in tok.head.children
    )


def _past_reports(chain: list[Token]) -> set[int]:
    """Reporting verbs of the chain ("announce") whose clause below tells a past call."""
    out = set()
    for below, t in zip(chain[1:], chain[2:], strict=False):
        if t.lemma_ in REPORTING_LEMMAS and below.head == t and below.dep_ in REPORTED_DEPS:
            if _past_finite(below):
                out.add(t.i)
    return out


def _past_finite(verb: Token) -> bool:
    """ "spoke", "had spoken", "has held": told as done, with no modal or "to"."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in PLANNED_AUXILIARIES for a in auxes):
        return False
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in auxes)


def _hypothetical(tok: Token, pred: Token) -> bool:
    """ "X was free to call Y", "X was at liberty to check this by talking to Y": an
    infinitive of permission or ability, through any means gerund below it, tells a call
    someone could make, neither held nor planned."""
    cur = tok
    for _ in range(6):
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children):
            return _permits(cur.head)
        if cur.i == pred.i or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _permits(head: Token) -> bool:
    """ "free", "able", "at liberty": the word an infinitive hangs on, or its complement."""
    if head.lemma_ in PERMISSION_WORDS or head.lower_ in PERMISSION_WORDS:
        return True
    for c in head.children:
        if c.dep_ in ("acomp", "attr") and c.lower_ in PERMISSION_WORDS:
            return True
        if c.dep_ == "prep" and any(
            g.dep_ == "pobj" and g.lower_ in PERMISSION_WORDS for g in c.children
        ):
            return True
    return False


def _media_context(doc: Doc, sent: Span, tok: Token, pred: Token) -> bool:
    if pred.lemma_ in MEDIA_VERBS:
        # "X told Y during their phone call": the call is where X told a person.
        told = [c for c in pred.children if c.dep_ in ("dobj", "dative")]
        in_call = tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS
        if not (
            pred.lemma_ == "tell"
            and in_call
            and any(
                t.ent_type_ == "PERSON" or t.lower_ in lexicon().titles
                for c in told
                for t in c.subtree
            )
        ) and not (
            (in_call or _before_statement(tok) or _said_call(tok, pred))
            and _call_with_official(tok)
        ):
            # ('X said: "Spoke with Y"': a call verb of its own with an official partner is
            # what was said, not the way it was said.)
            return True
    # "After a call with X, Y told reporters": the reporters were told later, not by phone.
    earlier = _before_statement(tok) and _call_with_official(tok)
    for head in {tok} if earlier else {tok, pred}:
        for child in head.children:
            if child.dep_ in ("prep", "dative", "dobj") and child.lower_ in MEDIA_LINK_WORDS:
                words = {t.lower_ for t in child.subtree}
                if words & MEDIA_WORDS and not any(t.ent_type_ == "PERSON" for t in child.subtree):
                    return True
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    if nxt in NOT_CALL_NEXT_WORDS or prev in NOT_CALL_PREV_WORDS:
        return True
    words = {t.lower_ for t in sent}
    return bool(words & BUSINESS_CALL_WORDS)


def _said_call(tok: Token, pred: Token) -> bool:
    """ 'X said: "Spoke with Y"': a call verb that is the reporting verb's complement."""
    return tok.pos_ == "VERB" and tok.dep_ in ("xcomp", "ccomp") and tok.head.i == pred.i != tok.i


def _before_statement(tok: Token) -> bool:
    """ "After a phone call with X, Y said ...", "after speaking to X by phone, Y told ...":
    the call is an event before the statement, not the way it was made."""
    return tok.dep_ in ("pobj", "pcomp", "dobj") and tok.head.lower_ in EARLIER_CALL_PREPS


def _call_with_official(tok: Token) -> bool:
    """ "X said in a phone call with his counterpart, Y": the call has a partner of its own,
    so what X said was said to that official, not to the press."""
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("with", "to")
        and any(t.ent_type_ == "PERSON" or t.lower_ in lexicon().titles for t in c.subtree)
        for c in tok.children
    )


def _told_as_done(verb: Token) -> bool:
    """ "X called Y", "the first to call Y": not "will call", "is expected to call", "did not
    call" (a statement of both sides may be used for a call told in another sentence)."""
    chain = [verb]
    if verb.dep_ in ("xcomp", "advcl", "relcl", "acl", "ccomp") and verb.head.i != verb.i:
        chain.append(verb.head)
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in FUTURE_MODALS):
                return False
        if t.i != verb.i and t.lemma_ in PLANNED_HEADS:
            return False
    return True


# How strongly a mention tells its status (see `status_weight`).
TOLD_AS_DONE_WEIGHT = 4.0
DENIED_WEIGHT = 3.0
# A plan for a day still to come ("the upcoming call", "a call set for Friday").
PLANNED_AHEAD_WEIGHT = 2.5
# A call someone confirmed or announced, with no verb that tells it held.
REPORTED_WEIGHT = 2.25
PLANNED_WEIGHT = 2.0
BARE_WEIGHT = 1.0
HEARSAY_WEIGHT = 0.5


def status_weight(tok: Token, status: str, *, ahead: bool = False) -> float:
    """How strongly one mention tells its status, to settle repeats that disagree: a call
    told as done ("X spoke with Y"; a denial of it would be of another call), a denial, a
    plan for a day to come (`ahead`: its day lies after the text's, or "the upcoming call"),
    a call only confirmed ("confirmed the meeting between X and Y": no verb says it was
    held), a plan, and last a bare mention of the call ("a statement on the meeting between
    X and Y") or a claim of others ("sources claimed that X spoke with Y")."""
    if status == "denied":
        return DENIED_WEIGHT
    if status == "planned":
        return PLANNED_AHEAD_WEIGHT if ahead or still_ahead(tok) else PLANNED_WEIGHT
    chain = _governing_chain(tok, _verb_of(tok))
    if any(t.lemma_ in HEARSAY_LEMMAS for t in chain[1:]):
        return HEARSAY_WEIGHT
    verb = _verb_of(tok)
    if verb.pos_ in ("VERB", "AUX") and (_past_finite(verb) or verb.tag_ in ("VBZ", "VBP")):
        if _only_reported(tok, verb):
            return REPORTED_WEIGHT
        return TOLD_AS_DONE_WEIGHT
    return BARE_WEIGHT


def held_by_verb(tok: Token, status: str) -> bool:
    """A held call told by a verb that holds it, in the past or present ("X spoke with Y",
    "held a call"), not only confirmed or mentioned."""
    return status == "held" and status_weight(tok, status) >= TOLD_AS_DONE_WEIGHT


def still_ahead(tok: Token) -> bool:
    """ "the upcoming call": a call word its own modifier puts ahead."""
    return any(c.dep_ in MODIFIER_DEPS and c.lower_ in STILL_AHEAD_ADJECTIVES for c in tok.children)


def another_call(tok: Token) -> bool:
    """ "will call Y again", "another call", "their next call": a call after the one told."""
    verb = _verb_of(tok)
    return any(
        c.lower_ in ANOTHER_CALL_WORDS and c.dep_ in (*MODIFIER_DEPS, "det")
        for t in dict.fromkeys((tok, verb))
        for c in t.children
    )


def _only_reported(tok: Token, verb: Token) -> bool:
    """ "The palace confirmed the meeting between X and Y", "the call was announced": the
    call word is the object of a reporting verb, which tells the report, not the call."""
    return (
        verb.i != tok.i
        and tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ in ("dobj", "nsubjpass")
        and verb.lemma_ in REPORTING_LEMMAS
    )


def _verb_of(tok: Token) -> Token:
    """The verb that tells a call word: itself, the verb of its clause ("held a call",
    "discussed in a call"), else the word itself (a bare noun)."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ in ADJUNCT_PREPS_WITH_BY | TEMPORAL_PREPS:
        # "discussed the talks in a phone call": the verb the call's phrase is an adjunct of.
        cur = tok.head
        for _ in range(4):
            if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
                break
            cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return tok
