"""Who a call word's clause says took part: subject, partners, implied sides, fallbacks.

`_calls_in_sentence` turns each trigger of a sentence into candidates: the clause's named
sides first, then the sides a pronoun, a group word or a fragment implies, then, when the
parse gives too little, the people the sentence names."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from newsevents.dates import month_number, number_value
from newsevents.entities import DocEntities, PersonMention, holds_leader_title, plural_office
from newsevents.entities.spans import line_starts, principal_in_title
from newsevents.entities.titles import honorific_at
from newsevents.entities.words import entity_words
from newsevents.lexicon import lexicon, norm, words
from newsevents.rules.call.codes import RULE_VERSION
from newsevents.rules.call.initiator import _from_callers, _initiator
from newsevents.rules.call.triggers import is_call_like, joins_call, sent_medium_phrase
from newsevents.rules.clause import (
    _copular_list,
    _generic_partner,
    _listed_partners,
    _partner_tokens,
    _phrase_in_subject,
    _predicate,
    _respective_pairs,
    _subject_tokens,
    _trailing_partners,
)
from newsevents.rules.coref import (
    _colon_quote_speaker,
    _group_parties,
    _group_ref,
    _group_ref_in,
    _leaders_of,
    _nearest_subject_before,
    _quote_speaker,
    _sentence_subject,
    _story_subject,
)
from newsevents.rules.dating import _sentence_dates
from newsevents.rules.dedupe import WEEKDAY_NAMES as WEEKDAYS
from newsevents.rules.filters import _is_official, _is_reporting_source
from newsevents.rules.modality import _hypothetical, _media_context, _status
from newsevents.rules.parties import (
    _dedupe,
    _drop_appositive_titles,
    _give_countries,
    _mentions_in,
    _mentions_under,
    _party_from_mention,
    _party_index,
    _resolve_counterparts,
    _set_off_after,
    _unresolve_same,
)
from newsevents.rules.ty import CallCandidate, DocContext, PartyRef, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

IN_PERSON_LEMMAS = words("in_person_lemmas")
ADJUNCT_PREPS = words("adjunct_preps")
GROUP_REFS = words("group_refs")
COORDINATORS = words("coordinators")
# "their previous call": an earlier call than the one the article reports.
RECALL_WORDS = words("recall_words")
BETWEEN_PREPS = words("between_preps")
CALL_HOLDING_VERBS = words("call_holding_verbs")
FRAGMENT_OPENERS = words("fragment_openers")
PARTNER_OR_CALLER_PREPS = words("partner_or_caller_preps")
POSSESSIVE_PRONOUNS = words("possessive_pronouns")
SINGULAR_PRONOUNS = words("singular_pronouns")
EARLIER_CALL_PREPS = words("earlier_call_preps")
CONDITION_MARKS = frozenset(("if", "whenever", "unless"))
SEPARATE_WORDS = frozenset(("separate", "individual", "respective"))
REPORTING_LEMMAS = words("reporting_lemmas")
HABIT_ADVERBS = frozenset(("anytime", "whenever"))
# Words of a remote medium: a document with none of them tells of no call.
CONVERSATION_WORDS = words("conversation_words")
REMOTE_WORDS = words("phone_words") | words("video_words")
SPEAK_VERBS = words("speak_verbs")
# "Participants included A, B and C": the people on the call the text continues.
PARTICIPANT_NOUNS = words("participant_nouns")
PARTICIPANT_LIST_VERBS = words("participant_list_verbs")
# A list of participants tells of a call this many sentences before it, at most.
PARTICIPANTS_AFTER = 2
CALLER_NOUNS = words("caller_nouns")
LIST_PRONOUNS = frozenset({"they", "these", "those"})
ALSO_WORDS = words("also_words")
PARTICIPATION_VERBS = words("participation_verbs")
# "a joint call", "a trilateral video conference", "a three-way call": one call of all.
JOINT_CALL_WORDS = words("joint_call_words")
JOINT_CALL_MIN = 3  # "three-way": a call of three or more
JOINT_CALL_PREPS = words("joint_call_preps")
FIRST_PERSON_PRONOUNS = words("first_person_pronouns")
FIRST_PERSON_OBJECTS = words("first_person_objects")
OPENING_QUOTES = words("opening_quotes")
# "which follows the call in March": what is followed came before.
FOLLOWING_VERBS = frozenset({"follow"})
# Possessives that own a call of both sides ("their call", "our call" of a side's own text).
SHARED_POSSESSIVES = frozenset({"their", "our"})
CLOSING_QUOTES = words("closing_quotes")
PAIR_WORDS = words("pair_words")
NOT_PAIR_MODS = words("not_pair_mods")
RECEIVE_VERBS = words("receive_verbs")
IMPOSTOR_LEMMAS = words("impostor_lemmas")
# The clauses a later call verb with a subject of its own heads beside the earlier one's.
OWN_CLAUSE_DEPS = frozenset({"ccomp", "conj", "parataxis", "ROOT"})
# Officials of one country on one side of a call ("spoke with A and B").
MAX_DELEGATION = 3
# "held two phone calls": more than this many counted calls is a class of calls, not events.
MAX_COUNTED_CALLS = 6


@dataclass(frozen=True, slots=True)
class _Clause:
    """The people a trigger's clause names, by side."""

    subj: set[int]  # tokens of the subject
    partners_t: set[int]  # tokens of the partner phrases
    agents: list[PersonMention]
    partners: list[PersonMention]
    agent_countries: dict[int, str]  # by cluster: the country of an office beside the name
    partner_countries: dict[int, str]
    # Partners listed under a group word of officials ("leaders, including A"): the
    # group word says what they are, though the list gives them no title.
    listed: bool = False
    # "his Egyptian and Jordanian counterparts, A and B": the country each name is paired
    # with, by cluster, over any other guess.
    paired_countries: dict[int, str] = field(default_factory=dict)


def _calls_in_sentence(
    doc: Doc,
    ents: DocEntities,
    ctx: DocContext,
    sent: Span,
    triggers: list[Trigger],
    previous: list[CallCandidate],
    last_agent: PartyRef | None,
    title_medium: str | None,
) -> Iterator[CallCandidate]:
    """The calls a sentence reports: those of its first trigger that reports any."""
    lemmas = {t.lemma_ for t in sent}
    if "sideline" in lemmas or any(t.lower_ == "sidelines" for t in sent):
        return
    if lemmas & IMPOSTOR_LEMMAS:
        return  # "an impostor who posed as the President ... was put in telephone contact
    done_tokens: set[int] = set(_side_talks(doc, triggers))
    for trig in triggers:
        if trig.token in done_tokens:
            continue
        # A list per trigger: the caller appends each candidate before the next trigger is
        # read, so that a later call of the sentence may refer to an earlier one.
        calls = _calls_of_trigger(doc, ents, sent, trig, lemmas, previous, last_agent, title_medium)
        if calls is None:
            continue
        yield from calls
        # Later words of the sentence repeat this call, except a verb conjoined to this
        # one ("called A ..., and spoke with B"): a call of its own.
        # Nor a call noun in a temporal phrase ("spoke in May, following a call in February").
        pred = _predicate(doc[trig.token])
        done_tokens.update(
            t.token
            for t in triggers
            if t is trig
            or not (
                (
                    t.token > trig.token
                    and (_conjoined_verb(doc[t.token], pred) or _own_clause(doc[t.token], pred))
                )
                or _earlier_call(doc[t.token], doc[trig.token])
            )
        )


DEFINITE_DETS = words("definite_determiners")


def _in_the_call(tok: Token) -> bool:
    """ "During the call, ...": a call noun already told of, in an adjunct of its own, with
    no side ("with Y") and no day of its own."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ADJUNCT_PREPS or tok.pos_ != "NOUN":
        return False
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE_DETS for c in tok.children):
        return False
    return not any(
        (c.dep_ == "prep" and c.lower_ in BETWEEN_PREPS | {"with", "to", "from"})
        or c.ent_type_ in ("DATE", "TIME")
        for c in tok.subtree
        if c.i != tok.i
    )


def _side_talks(doc: Doc, triggers: list[Trigger]) -> Iterator[int]:
    """ "X called Y after talks with Z": beside a call word, a bare talk noun in a temporal
    phrase (or held in one) is another event, of no known medium, not a call of the sentence."""
    if all(t.kind == "talk" for t in triggers):
        return
    for t in triggers:
        tok = doc[t.token]
        if t.kind != "talk":
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in EARLIER_CALL_PREPS:
            yield t.token
        elif (
            tok.dep_ == "dobj"
            and tok.head.dep_ == "pcomp"
            and tok.head.head.lower_ in EARLIER_CALL_PREPS
        ):
            yield t.token  # "days after holding talks with Z, X called Y"


def _earlier_call(other: Token, tok: Token) -> bool:
    """ "X and Y spoke in May, following a call in February": a call noun in a temporal
    phrase is a call of its own, read as the sentence's next trigger."""
    return (
        other.i != tok.i
        and other.pos_ == "NOUN"
        and other.dep_ == "pobj"
        and other.head.lower_ in EARLIER_CALL_PREPS
        and tok.i not in {t.i for t in other.subtree}
    )


def _own_clause(tok: Token, pred: Token) -> bool:
    """ "I will call A, I will call B": a later call verb with a subject of its own, in a
    clause beside the earlier call's (not a relative clause on one of its sides)."""
    return (
        tok.pos_ == "VERB"
        and tok.i != pred.i
        and tok.dep_ in OWN_CLAUSE_DEPS
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in tok.children)
    )


def _conjoined_verb(tok: Token, pred: Token) -> bool:
    """A call verb that is a conjunct of the earlier call's verb, as its own predicate."""
    return tok.pos_ == "VERB" and tok.dep_ == "conj" and tok.head.i == pred.i


def _calls_of_trigger(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    trig: Trigger,
    lemmas: set[str],
    previous: list[CallCandidate],
    last_agent: PartyRef | None,
    title_medium: str | None,
) -> list[CallCandidate] | None:
    """The calls one trigger reports; None when it reports none (another trigger may)."""
    tok = doc[trig.token]
    pred = _predicate(tok)
    # Reports to the media by phone are not calls between officials.
    if _media_context(doc, sent, tok, pred):
        return None
    # "was free to call X": a call one could make, not one made or arranged.
    if _hypothetical(tok, pred) or _generic_call(tok) or _conditional(tok, pred):
        return None
    if _address_by_link(tok):
        return None
    clause = _clause_of(doc, ents, sent, tok, pred)
    if clause is None:
        return None
    joined = _joined_call(doc, ents, sent, tok, pred, trig, clause, previous)
    if joined is not None:
        return [joined]
    # A bare talk noun ("a conversation with X") is checked like a bare "spoke with".
    speak_only = (trig.kind == "speak" and trig.medium == "unspecified") or trig.kind == "talk"
    if trig.kind == "context" and lemmas & IN_PERSON_LEMMAS:
        return None
    if speak_only and not _talk_is_call(doc, ents, sent, clause, lemmas, previous, title_medium):
        return None
    if trig.kind == "talk" and not _talk_noun_is_call(doc, ents, tok, clause, previous):
        return None
    agents = clause.agents or _possessive_owner(doc, ents, sent, tok)
    conf = trig.strength
    owner = _owner_of_object_call(doc, ents, sent, tok, pred, clause)
    if owner is not None:
        clause = replace(clause, partners=[owner])
    agent_refs, partner_refs = _side_refs(doc, ents, clause, agents)
    if not partner_refs and any(doc[i].lower_ in FIRST_PERSON_OBJECTS for i in clause.partners_t):
        # '"X called me," Y said': the speaker is the partner.
        speaker = _quote_speaker(doc, ents, sent, last_agent)
        if speaker is not None:
            partner_refs = [speaker]
    if not partner_refs and agent_refs and trig.kind == "call_verb" and not clause.partners_t:
        # "X told reporters that Y had called to apologise": the one called is the teller.
        teller = _teller(doc, ents, pred)
        if teller is not None and teller.key(ents) not in {a.key(ents) for a in agent_refs}:
            partner_refs = [teller]
    party_sets: list[list[PartyRef]] = []
    shape = "listed" if clause.listed else trig.kind
    substituted = False  # "the two heads of state" told in a report of two ministers' call
    if not agent_refs:
        agent_refs, group, cost = _implied_side(
            doc, ents, sent, tok, clause.subj, partner_refs, previous, last_agent
        )
        if group:
            leaders = _leaders_of(doc, ents, clause.subj, group)
            substituted = leaders is not group
            party_sets.append(leaders)
        if cost:
            conf -= cost
        if cost and not clause.listed:
            # The caller is a pronoun, a group or a fragment's subject resolved from context.
            shape = "group" if group else "implied"
        if substituted:
            shape = "heads"  # the leaders of the two sides, not the parties of the call
    if not agent_refs and not party_sets and partner_refs and _passive(pred):
        # "X said the message was conveyed to Y during a phone call": X conveyed it.
        teller = _teller(doc, ents, pred)
        if teller is not None and teller.key(ents) not in {p.key(ents) for p in partner_refs}:
            agent_refs = [teller]
            conf -= 0.1
            shape = "implied"
    if not party_sets and (agent_refs or partner_refs):
        received = _calls_received(
            doc, ents, sent, tok, pred, trig, agent_refs + partner_refs, last_agent,
            title_medium, conf,
        )
        if received is not None:
            return received
    found = _party_sets(
        doc, ents, tok, clause, agent_refs, partner_refs, party_sets, conf, previous
    )
    if found is None:
        if (
            _needs_stated_sides(tok, pred, trig, speak_only)
            or _joint_subject(doc, clause)
            or _more_than_a_pair(doc, clause.subj)
        ):
            return None
        found = _sentence_party_sets(
            doc, ents, sent, clause, agents, agent_refs, partner_refs, conf, previous, last_agent
        )
        shape = "sentence" if not clause.listed else shape  # sides from the whole sentence
    party_sets, conf = found
    held = [c for c in previous if c.status == "held"]
    if held and _in_the_call(tok):
        # "During the call, X conveyed his wishes to Y": the call told before; someone else
        # named is whom a message was sent to, not a side of a call of its own.
        told = {p.key(ents) for p in held[-1].parties}
        party_sets = [ps for ps in party_sets if {p.key(ents) for p in ps} <= told]
    if not party_sets:
        return None
    status = _status(doc, sent, tok, pred)
    medium = trig.medium
    if medium == "unspecified":
        # A recalled earlier conversation does not take the article's medium, nor a bare
        # talk noun (its trigger carries the medium of a series of calls, if any).
        context = title_medium if trig.kind not in ("context", "talk") else None
        medium = sent_medium_phrase(doc, sent) or context or "unspecified"
    initiator = _named_back(_initiator(doc, ents, sent, tok, pred, trig), agent_refs + partner_refs)
    if substituted:
        # "the heads of state held a call, X said in the call made at his request": the
        # request words are about the ministers' call the sentence is said in.
        initiator = None
    if _earlier_call(tok, pred) or _recalled(tok):
        shape = "recalled"  # "following a call in February", "their previous call"
    if any(m.listed for m in clause.partners):
        shape = "offices"  # "spoke with defence ministers from A and B": one office per country
    rule = f"call.{shape}.{RULE_VERSION}"
    if shape == "offices" and len(party_sets) >= 2 and _leaders_act_next(doc, sent):
        # "X spoke to the leaders of A, B and C. The leaders discussed ...": all of them on
        # one call, which the next sentence tells as theirs together.
        party_sets = [_dedupe([p for ps in party_sets for p in ps], ents)]
    found_calls = [
        _candidate(doc, ents, sent, tok, trig, parties, status, medium, initiator, conf, rule)
        for parties in party_sets
        if len({p.key(ents) for p in parties}) >= 2
    ]
    return _again(doc, sent, tok, _counted(tok, found_calls))


def _calls_received(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    tok: Token,
    pred: Token,
    trig: Trigger,
    named: list[PartyRef],
    last_agent: PartyRef | None,
    title_medium: str | None,
    conf: float,
) -> list[CallCandidate] | None:
    """ "They included phone calls from A, B and C": calls from callers only, whose clause
    names no one who took them, were received by the person the story is about; each
    caller placed a call of its own. None when the clause is of another shape; no call
    when the story's person is not clear (the callers did not call each other)."""
    if tok.pos_ != "NOUN" or any(
        c.dep_ == "prep" and c.lower_ in ("with", "to", "between") for c in tok.children
    ):
        return None
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"), None)
    if prep is None or any(t.lower_ == "for" for t in tok.subtree):
        return None  # "calls from A for a ceasefire": demands, not phone calls
    # Only a list of what the story's person got ("They included calls from A and B"), or
    # the calls as the subject: "The meeting included calls ...", "They heard calls ..."
    # name others who may have taken them.
    subj = [c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")]
    listing = pred.lemma_ in PARTICIPANT_LIST_VERBS and all(
        c.pos_ == "PRON" and c.lower_ in LIST_PRONOUNS for c in subj
    )
    if not (listing or tok.i == pred.i or tok in subj):
        return None
    under_from = _from_callers(ents, prep)
    callers = [m for m in under_from if not _under_other_noun(doc, m, prep)]
    keys = {_party_from_mention(doc, ents, m).key(ents) for m in callers}
    caller_refs = [r for r in named if r.key(ents) in keys]
    elsewhere = {_party_from_mention(doc, ents, m).key(ents) for m in under_from} - keys
    if not caller_refs or any(r.key(ents) not in keys | elsewhere for r in named):
        return None  # someone else the clause names may have taken the calls
    receiver = _story_subject(doc, ents, sent, last_agent)
    if receiver is None or receiver.key(ents) in keys:
        return [] if len(caller_refs) >= 2 else None
    status = _status(doc, sent, tok, pred)
    medium = trig.medium
    if medium == "unspecified":
        medium = sent_medium_phrase(doc, sent) or title_medium or "unspecified"
    rule = f"call.implied.{RULE_VERSION}"
    return [
        _candidate(doc, ents, sent, tok, trig, [receiver, c], status, medium, c, conf - 0.2, rule)
        for c in caller_refs
    ]


def _under_other_noun(doc: Doc, m: PersonMention, prep: Token) -> bool:
    """ "calls from A, as well as a visit from B": B hangs on a noun of another event,
    not an office ("the leaders of X"), between the name and the callers' "from"."""
    lex = lexicon()
    for anc in doc[m.end - 1].ancestors:
        if anc.i == prep.i:
            return False
        if m.start <= anc.i < m.end:
            continue
        if anc.pos_ == "NOUN" and not (plural_office(anc) or lex.is_title(anc.lemma_)):
            return True
    return False


def _joined_call(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    tok: Token,
    pred: Token,
    trig: Trigger,
    clause: _Clause,
    previous: list[CallCandidate],
) -> CallCandidate | None:
    """ "X spoke with A. B and C also took part in the call": the people of a participation
    clause are more parties of the call the text continues, which becomes one joint call
    (all the calls of its trigger, when the text told it as calls with each)."""
    verb = joins_call(tok)
    if verb is None:
        return None
    people = clause.agents
    if tok.dep_ == "nsubjpass":
        people = [m for c in verb.children if c.dep_ == "agent" for m in _mentions_under(ents, c)]
    if not people:
        return None
    pieces = _last_told(previous)
    if not pieces:
        return None
    status = _status(doc, sent, tok, pred)
    if status != pieces[0].status:
        return None  # "C did not take part in the call": no one more on it
    before = _dedupe([p for c in pieces for p in c.parties], ents)
    agent_refs, _ = _side_refs(doc, ents, clause, people)
    parties = _dedupe(before + agent_refs, ents)
    if len(parties) <= len(before) and len(pieces) < 2:
        return None  # the call's own parties told again: a repeat, read as one
    cand = _candidate(
        doc, ents, sent, tok, trig, parties, status, pieces[0].medium, None,
        min(trig.strength, max(c.confidence for c in pieces)), f"call.group.{RULE_VERSION}",
    )
    return replace(cand, joined=True)


def _last_told(previous: list[CallCandidate]) -> list[CallCandidate]:
    """The call the text told last (not one recalled), as the candidates of its trigger: one
    for each partner when it was told as calls with each."""
    told = [c for c in previous if not c.recalled]
    return [c for c in told if c.trigger_char == told[-1].trigger_char] if told else []


def _participants_call(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    previous: list[CallCandidate],
    pending: tuple[Span, Trigger] | None,
) -> CallCandidate | None:
    """ "X held a call with regional leaders. Participants included A, B and C": the people
    listed are on the call the sentences before told of: the last call found, or the call
    word whose partners only the list names (`pending`, with its subject as the caller)."""
    subj = next(
        (
            t
            for t in sent
            if t.lower_ in PARTICIPANT_NOUNS
            and t.dep_ == "nsubj"
            and _participant_list_verb(t.head) is not None
        ),
        None,
    )
    if subj is not None:
        verb = _participant_list_verb(subj.head) or subj.head
        subj_span = {t.i for t in subj.subtree}
        listed = [
            m
            for m in _mentions_in(ents, verb.i + 1, sent.end)
            if m.start not in subj_span and not _is_reporting_source(doc, m)
        ] or _listed_lines(doc, ents, sent)
    else:
        # "C and D also took part.": the object left out is the call just told.
        verb = sent.root
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), verb)
        if not _elliptical_participation(verb) or subj is verb:
            return None
        listed = _mentions_under(ents, subj)
    refs = _dedupe([_party_from_mention(doc, ents, m) for m in listed], ents)
    if not refs:
        return None
    near = _sentences_before(doc, sent, PARTICIPANTS_AFTER)
    pieces = _last_told(previous)
    if pieces and any(near[0] <= a < sent.start for a, _ in pieces[-1].sent_token_spans):
        parties = _dedupe([p for c in pieces for p in c.parties] + refs, ents)
        psent, tok, status = sent, subj, pieces[0].status
        trig = Trigger(subj.i, pieces[0].medium, "noun", 0.75)
    elif pending is not None and pending[0].start >= near[0]:
        psent, trig = pending
        tok = doc[trig.token]
        agent = _sentence_subject(doc, ents, psent)
        if agent is None:
            return None
        parties = _dedupe([agent, *refs], ents)
        status = _status(doc, psent, tok, _predicate(tok))
    else:
        return None
    if len({p.key(ents) for p in parties}) < 2:
        return None
    cand = _candidate(
        doc, ents, psent, tok, trig, parties, status, trig.medium, None, 0.7,
        f"call.group.{RULE_VERSION}",
    )
    if psent is not sent:
        cand.sentences.append((sent.start_char, sent.end_char))
        cand.sent_token_spans.append((sent.start, sent.end))
    return replace(cand, joined=True)


def _callers_listed(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    last_agent: PartyRef | None,
    title_medium: str | None,
) -> list[CallCandidate]:
    """ "Among the callers were A and B", "The callers included A and B": each one listed
    called the person the story is about (the text names no one else who took the calls)."""
    noun = next((t for t in sent if t.lower_ in CALLER_NOUNS and t.pos_ == "NOUN"), None)
    if noun is None or any(c.dep_ == "prep" for c in noun.children):
        return []  # "the callers to the show", "callers from abroad": not the story's person
    among = noun.dep_ == "pobj" and noun.head.lower_ == "among"
    verb = noun.head.head if among else noun.head
    if verb.lemma_ not in PARTICIPANT_LIST_VERBS or not (among or noun.dep_ == "nsubj"):
        return []
    skip = {t.i for t in (noun.head if among else noun).subtree}
    listed = [
        m
        for c in verb.children
        if c.dep_ in ("nsubj", "attr", "dobj") and c.i not in skip
        for m in _mentions_under(ents, c)
    ]
    refs = _dedupe([_party_from_mention(doc, ents, m) for m in listed], ents)
    receiver = _story_subject(doc, ents, sent, last_agent)
    keys = {r.key(ents) for r in refs}
    if not refs or receiver is None or receiver.key(ents) in keys:
        return []
    medium = sent_medium_phrase(doc, sent) or title_medium or "phone"
    trig = Trigger(noun.i, medium, "noun", 0.7)
    status = _status(doc, sent, noun, verb)
    rule = f"call.implied.{RULE_VERSION}"
    return [
        _candidate(doc, ents, sent, noun, trig, [receiver, r], status, medium, r, 0.6, rule)
        for r in refs
    ]


def _participant_list_verb(head: Token) -> Token | None:
    """ "Participants included", or "Participants, the White House said, included" (the
    parse makes the reporting verb theirs)."""
    if head.lemma_ in PARTICIPANT_LIST_VERBS:
        return head
    if head.lemma_ in REPORTING_LEMMAS:
        return next(
            (c for c in head.children if c.dep_ == "ccomp" and c.lemma_ in PARTICIPANT_LIST_VERBS),
            None,
        )
    return None


LIST_LINE_MAX_TOKENS = 14


def _listed_lines(doc: Doc, ents: DocEntities, sent: Span) -> list[PersonMention]:
    """ "Participants included:" and a list below it, a person a line ("- Prime Minister X")."""
    last = next((t for t in reversed(sent) if not t.is_space), None)
    if last is None or last.text != ":":
        return []
    out: list[PersonMention] = []
    starts = line_starts(doc)
    k = bisect.bisect_right(starts, sent.end - 1)
    for start, end in zip(starts[k:], [*starts[k + 1 :], len(doc)], strict=True):
        line = doc[start:end]  # a line of the page, whatever the sentences
        words = [t for t in line if not t.is_space]
        if not words:
            continue  # a blank line between the items
        found = _mentions_in(ents, line.start, line.end)
        # "- European Commission President X": the named person, not the office alone.
        people = [m for m in found if not m.by_title] or found
        if not words or len(words) > LIST_LINE_MAX_TOKENS or len(people) != 1:
            break
        if any(t.pos_ == "VERB" for t in words):
            break
        out.extend(people)
    return out


def _elliptical_participation(verb: Token) -> bool:
    """ "also took part", "joined too", "also participated": a participation verb with no
    object, told as one more (an "also" or "too")."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "prep", "ccomp", "xcomp")]
    took_part = verb.lemma_ == "take" and [c.lower_ for c in objects] == ["part"]
    if not (took_part or (verb.lemma_ in PARTICIPATION_VERBS and not objects)):
        return False
    return any(c.dep_ == "advmod" and c.lower_ in ALSO_WORDS for c in verb.children)


def _sentences_before(doc: Doc, sent: Span, n: int) -> tuple[int, int]:
    """The token span of the `n` sentences before `sent` (fewer at the start)."""
    start = sent.start
    for _ in range(n):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start, sent.start


def _leaders_act_next(doc: Doc, sent: Span) -> bool:
    """The next sentence's subject is the group as a whole ("The leaders discussed ..."),
    not a pair of them ("the two leaders")."""
    nxt = sent
    while nxt.end < len(doc):
        nxt = doc[nxt.end].sent
        if sum(t.is_alpha for t in nxt) >= 3:  # past a bracketed date, a blank line
            break
    else:
        return False
    return any(
        t.dep_ == "nsubj"
        and t.lower_ in GROUP_REFS
        and t.tag_ == "NNS"
        and t.head.pos_ == "VERB"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
        and not any(c.dep_ == "nummod" for c in t.children)
        for t in nxt
        if t.i - nxt.start < 4
    )


def _again(doc: Doc, sent: Span, tok: Token, found: list[CallCandidate]) -> list[CallCandidate]:
    """ "talked to X on Tuesday and again on Thursday": a second call of the pair, with its
    own date."""
    if len(found) != 1:
        return found
    dates = [e for e in sent.ents if e.label_ == "DATE" and e.start > tok.i]
    again = next((t for t in sent if t.lower_ == "again" and t.i > tok.i), None)
    if again is None:
        return _two_days(doc, dates, found)
    before = [e for e in dates if e.end <= again.i]
    after = [e for e in dates if again.i < e.start <= again.i + 3]
    if not before or not after:
        return found
    first = replace(found[0], date_texts=[before[-1].text])
    second = replace(found[0], date_texts=[after[0].text], ordinal=1)
    return [first, second]


def _two_days(doc: Doc, dates: list[Span], found: list[CallCandidate]) -> list[CallCandidate]:
    """ "spoke with X on Friday and Sunday": two days, a call on each (not "between Friday
    and Sunday", a span of days)."""
    if found[0].status != "held":
        return found
    for a, b in zip(dates, dates[1:], strict=False):
        if not (b.start == a.end + 1 and doc[a.end].lower_ == "and"):
            continue
        if a.start > 0 and doc[a.start - 1].lower_ in ("between", "from"):
            continue
        if not (_names_a_day(a) and _names_a_day(b)):
            continue
        first = replace(found[0], date_texts=[a.text])
        second = replace(found[0], date_texts=[b.text], ordinal=1)
        return [first, second]
    return found


def _names_a_day(ent: Span) -> bool:
    """A weekday ("Friday") or a day of a month ("May 3", "3 May")."""
    words_ = [t.lower_ for t in ent]
    if len(words_) == 1:
        return words_[0] in WEEKDAYS
    return len(words_) == 2 and any(t.like_num for t in ent) and any(
        month_number(t.text) is not None for t in ent
    )


def _counted(tok: Token, found: list[CallCandidate]) -> list[CallCandidate]:
    """ "The presidents held two phone calls": one call of one pair, told as that many."""
    count = _call_count(tok)
    if count < 2 or len(found) != 1:
        return found
    rule = f"call.counted.{RULE_VERSION}"
    return [replace(found[0], ordinal=i, rule=rule) for i in range(count)]


def _call_count(tok: Token) -> int:
    """The number word of a plural call noun ("two phone calls", "3 calls"); 1 otherwise."""
    if tok.tag_ != "NNS":
        return 1
    for child in tok.children:
        if child.dep_ == "nummod":
            value = number_value(child.text)
            if value is not None and value <= MAX_COUNTED_CALLS:
                return value
    return 1


def _clause_of(doc: Doc, ents: DocEntities, sent: Span, tok: Token, pred: Token) -> _Clause | None:
    """The subject and partners of the trigger's clause; None for a class of calls ("calls
    with world leaders")."""
    subj = _subject_tokens(pred)
    received = _received_by(tok)
    if received is not None:
        # "a phone call received by X from Y": the receiver and the caller, whatever
        # clause the call noun sits in.
        subj, partners_from = received
        return _clause_from_tokens(doc, ents, sent, subj, partners_from)
    if tok.i in subj:
        # "X, in phone calls with A and B, expressed ...": the call's phrase inside the
        # subject holds the partners, not the callers.
        subj -= _phrase_in_subject(tok, subj)
    partners_t = _partner_tokens(doc, tok, pred, subj)
    copular = _copular_list(pred)
    partners_t |= copular
    if _generic_partner(doc, ents, partners_t):
        # "transcripts of the chancellor's calls with world leaders": no one call.
        return None
    present = [
        m for m in _mentions_in(ents, sent.start, sent.end) if not principal_in_title(doc, m.start)
    ]
    agents = [m for m in present if m.start in subj]
    partners = [m for m in present if m.start in partners_t]
    # "a call from the President of the European Council, Charles Michel": the name set
    # beside the partner's office, wherever the parse hung it.
    partners += [
        m
        for m in present
        if m.title and m not in partners and m not in agents and _set_beside(doc, m, partners_t)
    ]
    # "spoke with Mr. Macron's staff": the owner of the partner is not the partner.
    partners = [m for m in partners if not _owner_of_partner(doc, m)]
    # "..., a spokesman Y said": the source of the report, parsed into the partners' list.
    partners = [m for m in partners if not _reporting_source(doc, m)]
    partners += _trailing_partners(doc, ents, sent, partners_t, partners)
    broken = _broken_titled_name(doc, ents, sent, partners_t, agents + partners)
    partners += broken
    if broken:
        # "..., Timor-Leste Prime Minister X and Thai Prime Minister Y": the list goes on
        # after a name the parse had cut from its title.
        more = _trailing_partners(doc, ents, sent, partners_t, partners)
        partners += [m for m in more if m not in partners]
    start, listed, listed_countries = _listed_partners(doc, ents, sent, partners_t)
    if start is not None:
        # Each listed person is a partner, never a caller, wherever the parse put them.
        agents = [m for m in agents if m.start < start and m not in listed]
        partners = [m for m in partners if m not in listed] + listed
    if copular:
        # An office the list names without its country ("the leader of the opposition")
        # is no one the text lets us place.
        partners = [m for m in partners if not m.by_title or m.country or m.org]
    # "X spoke with Y — currently Z's minister —": an office set off after one side's name
    # is that name's, wherever the parse hung it.
    agents = [
        a for a in agents if not (a.by_title and any(_set_off_after(doc, p, a) for p in partners))
    ]
    partners = [
        p for p in partners if not (p.by_title and any(_set_off_after(doc, a, p) for a in agents))
    ]
    agents, partners, paired = _paired_sides(doc, ents, sent, subj, agents, partners)
    agents, agent_countries = _drop_appositive_titles(doc, agents)
    partners, partner_countries = _drop_appositive_titles(doc, partners)
    partner_countries = {**listed_countries, **partner_countries}
    return _Clause(
        subj,
        partners_t,
        agents,
        partners,
        agent_countries,
        partner_countries,
        bool(listed or copular),
        paired,
    )


def _paired_sides(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    subj: set[int],
    agents: list[PersonMention],
    partners: list[PersonMention],
) -> tuple[list[PersonMention], list[PersonMention], dict[int, str]]:
    """ "spoke with his Egyptian and Jordanian counterparts, A and B": the names paired with
    the listed countries stand for the office-only mentions of those countries, on the side
    those were (or the names were) on, each with the country of its pair."""
    pairs, countries_t = _respective_pairs(doc, ents, sent)
    if not pairs:
        return agents, partners, {}
    names = [m for m, _ in pairs]
    offices = [m for m in agents + partners if m.by_title and m.start in countries_t]
    side = partners
    if any(m in agents for m in names + offices) and not any(
        m in partners for m in names + offices
    ):
        side = agents
    elif not any(m in side for m in names + offices):
        # The parse hung the names on the verb: the countries' office says whose side.
        if countries_t & subj:
            side = agents
        elif not any(m in agents for m in names) and names[0].start > max(subj, default=-1):
            side = partners
        else:
            return agents, partners, {}
    rest = [m for m in side if m not in offices and m not in names]
    side_out = sorted(rest + names, key=lambda m: m.start)
    others = [m for m in (partners if side is agents else agents) if m not in names]
    paired = {m.cluster: code for m, code in pairs}
    if side is agents:
        return side_out, others, paired
    return others, side_out, paired


def _reporting_source(doc: Doc, m: PersonMention) -> bool:
    """ "a call between A and B, Chief Secretary C said": C, after a comma (and a title)
    and right before a reporting verb, is who tells of the call."""
    if m.end >= len(doc):
        return False
    verb = doc[m.end]
    if verb.lemma_ not in REPORTING_LEMMAS or verb.tag_ not in ("VBD", "VBZ"):
        return False
    i = m.start - 1
    while i >= 0 and doc[i].dep_ in ("compound", "amod", "det", "poss") and m.start - i <= 6:
        i -= 1
    return i >= 0 and doc[i].lower_ == ","


def _received_by(tok: Token) -> tuple[set[int], set[int]] | None:
    """The "by X" and "from Y" tokens of a call noun's participle ("a call received by X
    from Y")."""
    if tok.pos_ != "NOUN":
        return None
    for acl in tok.children:
        if acl.dep_ != "acl" or acl.lemma_ not in RECEIVE_VERBS:
            continue
        by = {t.i for c in acl.children if c.dep_ == "agent" for t in c.subtree}
        frm = {
            t.i for c in acl.children if c.dep_ == "prep" and c.lower_ == "from" for t in c.subtree
        }
        if by and frm:
            return by, frm
    return None


def _clause_from_tokens(
    doc: Doc, ents: DocEntities, sent: Span, subj: set[int], partners_t: set[int]
) -> _Clause:
    present = [m for m in _mentions_in(ents, sent.start, sent.end)]
    agents, agent_countries = _drop_appositive_titles(doc, [m for m in present if m.start in subj])
    partners, partner_countries = _drop_appositive_titles(
        doc, [m for m in present if m.start in partners_t]
    )
    return _Clause(subj, partners_t, agents, partners, agent_countries, partner_countries)


def _owner_of_partner(doc: Doc, m: PersonMention) -> bool:
    """A named person only owning the noun of the partner phrase ("X's staff", "X's office");
    not a title-only mention, and not a name before a clitic that ends the sentence."""
    if m.by_title:
        return False
    last = doc[m.end - 1]
    clitic = m.end < len(doc) and doc[m.end].tag_ == "POS"
    owned = last.head if last.dep_ == "poss" else None
    if owned is None and clitic and m.end + 1 < len(doc):
        owned = doc[m.end].head if doc[m.end].head.i > m.end else None
    return owned is not None and owned.pos_ == "NOUN" and owned.ent_type_ != "PERSON"


def _broken_titled_name(
    doc: Doc, ents: DocEntities, sent: Span, partners_t: set[int], taken: list[PersonMention]
) -> list[PersonMention]:
    """ "spoke to Indian Prime Minister Modi": the name right after a partner phrase that
    ends in a title, which the parse cut off from it (tagged as a verb, say)."""
    if not partners_t:
        return []
    lex = lexicon()
    end = max(partners_t) + 1
    # "with Director-General of the World Health Organization (WHO) Dr. X": an office of a
    # body and an honorific before the name; the phrase names no one itself.
    at = end
    while at < sent.end and norm(doc[at].text).rstrip(".") in lex.honorifics:
        at += 1
    m = ents.person_at.get(at)
    if m is None or m.start != at or m.end > sent.end or m in taken or m.by_title:
        return []
    if at == end and norm(doc[end - 1].text) in lex.titles and doc[end - 1].whitespace_ == " ":
        return [m]
    phrase = [doc[i] for i in sorted(partners_t)]
    office = any(t.dep_ == "pobj" and norm(t.text) in lex.titles for t in phrase)
    if office and not any(ents.person_at.get(t.i) is not None for t in phrase):
        return [m]
    return []


def _talk_is_call(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    clause: _Clause,
    lemmas: set[str],
    previous: list[CallCandidate],
    title_medium: str | None,
) -> bool:
    """ "X spoke to Y" with no medium: a call only between officials, and only when nothing
    puts them in one room."""
    if lemmas & IN_PERSON_LEMMAS and _in_person_here(sent):
        return False
    if not clause.partners:
        # "The two presidents spoke on Tuesday": a call already reported, said again.
        # "X and Y spoke on Wednesday" in an article about a call: that call.
        subj_words = {doc[i].lower_ for i in clause.subj}
        reciprocal = (
            title_medium is not None
            and len({m.cluster for m in clause.agents}) >= 2
            and all(_is_official(ents, m) for m in clause.agents)
        )
        if not (previous and subj_words & (GROUP_REFS | {"they"})) and not reciprocal:
            return False
    # Names paired with a plural office's countries hold that office.
    return clause.listed or all(
        _is_official(ents, m) or m.cluster in clause.paired_countries for m in clause.partners
    )


# Not "on": "spoke on Monday", "spoke on the phone".
TOPIC_PREPS = entity_words("topic_preps") - {"on"}


def _in_person_here(sent: Span) -> bool:
    """A meeting word of the sentence that may put the sides in one room: not one they spoke
    about ("spoke to X to remind him about the upcoming summit")."""
    about = {
        t.i for p in sent if p.lower_ in TOPIC_PREPS and p.dep_ == "prep" for t in p.subtree
    }
    return any(t.lemma_ in IN_PERSON_LEMMAS and t.i not in about for t in sent)


def _talk_noun_is_call(
    doc: Doc, ents: DocEntities, tok: Token, clause: _Clause, previous: list[CallCandidate]
) -> bool:
    """ "a conversation with X" names X, X is in no call told before (the talk would be that
    call, recalled), and no sentence of the document that names X puts X in the same room
    ("this meeting with X", "X arrived"): talks held face to face."""
    if not clause.partners:
        return False
    if not _remote_in_document(doc) and tok.lower_ not in CONVERSATION_WORDS:
        # "held talks with X" in a story that never says phone, video or call: face to face;
        # "a conversation with X" where nothing in the story is in person: a call.
        return False
    clusters = {m.cluster for m in clause.partners if m.cluster is not None}
    told = {p.cluster for c in previous for p in c.parties}
    if clusters & told:
        return False
    for sent in doc.sents:
        if not {t.lemma_ for t in sent} & IN_PERSON_LEMMAS:
            continue
        if any(m.cluster in clusters for m in _mentions_in(ents, sent.start, sent.end)):
            return False
    return True


def _remote_in_document(doc: Doc) -> bool:
    """The document speaks of a phone, a video link or a call somewhere."""
    return any(
        t.lower_ in REMOTE_WORDS
        or t.lower_.startswith("telephon")
        or (t.lemma_ == "call" and t.pos_ == "NOUN")
        for t in doc
    )


def _possessive_owner(doc: Doc, ents: DocEntities, sent: Span, tok: Token) -> list[PersonMention]:
    """Possessive "his phone talks with Y" inside "X said ...": the owner is X ("their" is
    both sides)."""
    poss = [c for c in tok.children if c.dep_ == "poss"]
    if poss and poss[0].pos_ == "PRON" and poss[0].lower_ != "their":
        owner = _nearest_subject_before(doc, ents, sent, tok.i)
        if owner is not None:
            return [owner]
    return []


def _owner_of_object_call(
    doc: Doc, ents: DocEntities, sent: Span, tok: Token, pred: Token, clause: _Clause
) -> PersonMention | None:
    """ "Y did not take his call", "Y returned X's call": the owner of a call noun that is the
    object of the subject's verb is the other side, the one who placed it."""
    if tok.pos_ != "NOUN" or tok.dep_ != "dobj" or tok.head.i != pred.i:
        return None
    if not clause.agents or clause.partners:
        return None
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    if poss is None:
        return None
    agents = {m.cluster for m in clause.agents}
    if poss.lower_ in POSSESSIVE_PRONOUNS:
        # "his": the nearest person named before who is not the one taking the call.
        before = [m for m in _mentions_in(ents, sent.start, poss.i) if m.cluster not in agents]
        return before[-1] if before else None
    m = ents.person_at.get(poss.i)
    return m if m is not None and m.cluster not in agents else None


def _side_refs(
    doc: Doc, ents: DocEntities, clause: _Clause, agents: list[PersonMention]
) -> tuple[list[PartyRef], list[PartyRef]]:
    """The parties of both sides: counterparts resolved against the other side, an office
    resolved to the other side's person undone, offices' countries given to names."""
    partners = clause.partners
    agent_refs = _dedupe([_party_from_mention(doc, ents, m) for m in agents], ents)
    partner_refs = _dedupe([_party_from_mention(doc, ents, m) for m in partners], ents)
    agent_refs = _resolve_counterparts(
        doc, ents, agent_refs, partners and partner_refs or agent_refs, agents
    )
    partner_refs = _resolve_counterparts(doc, ents, partner_refs, agent_refs, partners)
    agent_refs = _unresolve_same(doc, ents, agent_refs, agents, partner_refs)
    partner_refs = _unresolve_same(doc, ents, partner_refs, partners, agent_refs)
    agent_refs = _give_countries(agent_refs, clause.agent_countries, ents)
    partner_refs = _give_countries(partner_refs, clause.partner_countries, ents)
    paired = clause.paired_countries
    agent_refs, partner_refs = (
        [replace(r, country=paired.get(r.cluster, r.country)) if r.cluster is not None else r
         for r in refs]
        for refs in (agent_refs, partner_refs)
    )
    return agent_refs, partner_refs


def _quote_after_its_speaker(
    doc: Doc, ents: DocEntities, sent: Span, agent: PartyRef
) -> bool:
    """ 'X emphasised that ... / "I spoke to Y ..."': a quote with no speaker named, right
    after a sentence whose subject is X, is X's."""
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.text not in OPENING_QUOTES or sent.start == 0:
        return False
    before = doc[sent.start - 1].sent
    subject = _sentence_subject(doc, ents, before)
    return subject is not None and subject.key(ents) == agent.key(ents)


def _implied_side(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    tok: Token,
    subj: set[int],
    partner_refs: list[PartyRef],
    previous: list[CallCandidate],
    last_agent: PartyRef | None,
) -> tuple[list[PartyRef], list[PartyRef] | None, float]:
    """A caller the clause names by no name: the agent, the group of sides, and what the
    guess costs in confidence."""
    if (
        previous
        and not partner_refs
        and tok.tag_ == "NN"
        and any(c.dep_ == "poss" and c.lower_ in SHARED_POSSESSIVES for c in tok.children)
    ):
        # "Their previous call was in March", "after our last conversation": a call of the
        # two sides the text has told of.
        group = _group_parties(doc, ents, previous)
        if group:
            return [], group, 0.1
    if subj:
        # "He spoke with X", "The two leaders ...": pronoun or group subject.
        subj_words = {doc[i].lower_ for i in subj}
        # "His Highness also received a call": an honorific alone stands for the person
        # the text is about, like a pronoun.
        honorific_only = subj_words <= POSSESSIVE_PRONOUNS | {
            norm(doc[i].text) for i in subj if norm(doc[i].text) in lexicon().honorifics
        }
        # "His conversation with X focused on ...": the trigger heads the subject and its
        # owner is a pronoun.
        owned = tok.i in subj and any(
            c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in tok.children
        )
        if (subj_words & SINGULAR_PRONOUNS or honorific_only or owned) and last_agent is not None:
            third = subj_words & {"he", "she"}
            speaker = _quote_speaker(doc, ents, sent, last_agent) if third else None
            if speaker is not None and speaker.key(ents) == last_agent.key(ents):
                # '"He has no plans to call X," Y said': "he" in Y's quote is not Y.
                return [], None, 0.0
            return [last_agent], None, 0.1
        if subj_words & FIRST_PERSON_PRONOUNS:
            # "I talked to him this morning," X said: the quote's speaker.
            speaker = _quote_speaker(doc, ents, sent, last_agent)
            if speaker is not None:
                return [speaker], None, 0.15
            author = _first_person_author(doc, ents, sent, partner_refs)
            if author is not None:
                return [author], None, 0.2
            if last_agent is not None and _quote_after_its_speaker(doc, ents, sent, last_agent):
                return [last_agent], None, 0.25
        if subj_words == {"we"} and partner_refs and any(doc[i].head.i == tok.i for i in subj):
            # '"We will speak with A and B today," X said': X's side, X on the call.
            speaker = _quote_speaker(doc, ents, sent, last_agent)
            if speaker is not None:
                return [speaker], None, 0.2
        if (
            (subj_words & GROUP_REFS or subj_words & {"they"})
            and not partner_refs
            and not _more_than_a_pair(doc, subj)
        ):
            # "Officials of A and B held a video call on Friday. X spoke with Y and Z ...":
            # a lead told of the officials that the next sentence names.
            group = (None if previous else _named_next(doc, ents, sent)) or _group_parties(
                doc, ents, previous
            )
            if group:
                return [], group, 0.1
        return [], None, 0.0
    # 'X wrote: "Had a call with Y today."'
    speaker = _colon_quote_speaker(doc, ents, _predicate(tok)) if partner_refs else None
    if speaker is not None:
        return [speaker], None, 0.1
    # Fragments such as "Also spoke to Prime Minister X of Japan".
    if (
        partner_refs
        and last_agent is not None
        and (tok.i == sent.start or doc[sent.start].lower_ in FRAGMENT_OPENERS)
    ):
        return [last_agent], None, 0.15
    return [], None, 0.0


def _named_next(doc: Doc, ents: DocEntities, sent: Span) -> list[PartyRef] | None:
    """The officials the sentence after a lead names, when they are of two countries or
    more: the lead's group. Only for a lead that comes before anyone is named ("the
    presidents" after a sentence naming two of them refers back to them)."""
    if sent.end >= len(doc) or any(m.start < sent.start for m in ents.persons if not m.by_title):
        return None
    nxt = doc[sent.end].sent
    seen: dict[int, PersonMention] = {}
    for m in ents.persons:
        if nxt.start <= m.start < nxt.end and not m.by_title and m.cluster not in seen:
            seen[m.cluster] = m
    people = [m for m in seen.values() if _is_official(ents, m)]
    if len(people) != len(seen) or not 2 <= len(people) <= MAX_DELEGATION + 1:
        return None
    refs = [_party_from_mention(doc, ents, m) for m in people]
    if len({r.country for r in refs}) < 2 or None in {r.country for r in refs}:
        return None
    return refs


def _first_person_author(
    doc: Doc, ents: DocEntities, sent: Span, partner_refs: list[PartyRef]
) -> PartyRef | None:
    """The "I" of a text written in the first person outside quotes (a leader's statement or
    press conference): the first official the text names, from its title on, who is not the
    other side."""
    if any(t.text in OPENING_QUOTES or t.text in CLOSING_QUOTES for t in doc[: sent.end]):
        return None  # quotes about: an "I" may be anyone's
    others = {p.cluster for p in partner_refs if p.cluster is not None}
    for m in ents.persons:
        if m.start >= sent.start:
            break
        if m.by_title or m.cluster in others:
            continue
        cluster = ents.clusters[m.cluster]
        if any(holds_leader_title(t) for t in cluster.titles):
            return _party_from_mention(doc, ents, m)
        return None
    return None


def _more_than_a_pair(doc: Doc, subj: set[int]) -> bool:
    """ "more than 20 other world leaders", "several ministers": a group subject counted or
    qualified as more than the two sides of one call."""
    for i in subj:
        tok = doc[i]
        if tok.lower_ not in GROUP_REFS:
            continue
        for c in tok.children:
            if c.dep_ == "nummod" and c.lower_ not in PAIR_WORDS:
                return True
            if c.dep_ in ("amod", "det") and c.lower_ in NOT_PAIR_MODS:
                return True
    return False


def _party_sets(
    doc: Doc,
    ents: DocEntities,
    tok: Token,
    clause: _Clause,
    agent_refs: list[PartyRef],
    partner_refs: list[PartyRef],
    party_sets: list[list[PartyRef]],
    conf: float,
    previous: list[CallCandidate],
) -> tuple[list[list[PartyRef]], float] | None:
    """The sides the clause's parse gives, with the confidence left; None when it gives
    none and the sentence's people must be asked."""
    sets = list(party_sets)
    partners_t = clause.partners_t
    between_group = any(
        c.dep_ == "prep" and c.lower_ == "between" and _group_ref_in(doc, {t.i for t in c.subtree})
        for c in tok.children
    )
    between_named = _between_parties(doc, ents, tok, partner_refs)
    if between_group:
        # "the July call between the two heads of state"
        group = _group_parties(doc, ents, previous)
        if group:
            sets.append(group)
    elif between_named and tok.tag_ == "NNS" and len(between_named) > 2 and not _joint_cue(tok):
        # "the calls between X and A and B": a call of the first with each of the others.
        sets.extend([between_named[0], p] for p in between_named[1:])
    elif between_named:
        # "X asked about a call between A and B": the phrase names the sides, not X.
        sets.append(between_named)
    elif agent_refs and partner_refs:
        if len(agent_refs) == 1 and len(partner_refs) >= 2 and (
            _one_call_of_many(tok, clause)
            or _joint_cue(tok)
            or _one_delegation(agent_refs[0], partner_refs)
        ):
            # "held a video call with A, B and C": one call, all of them on it. So is "spoke
            # with A and B" of two officials of one other country: one side's delegation.
            sets.append(_dedupe(agent_refs + partner_refs, ents))
        elif len(agent_refs) == 1:
            for p in partner_refs:
                if p.key(ents) != agent_refs[0].key(ents):
                    sets.append([agent_refs[0], p])
        elif any(c.dep_ == "amod" and c.lower_ in SEPARATE_WORDS for c in tok.children):
            # "A and B held separate phone talks with C": a call each.
            for a in agent_refs:
                for p in partner_refs:
                    if p.key(ents) != a.key(ents):
                        sets.append([a, p])
        else:
            sets.append(_dedupe(agent_refs + partner_refs, ents))
    elif not partner_refs and partners_t and _group_ref_in(doc, partners_t) and not sets:
        # "a call between the two heads of state"
        group = _group_parties(doc, ents, previous)
        if group:
            sets.append(group)
            conf -= 0.1
    elif len(agent_refs) >= 2 and not partner_refs:
        sets.append(agent_refs)
    elif len(partner_refs) >= 2 and not agent_refs and _says_between(doc, partners_t):
        # "a call between A and B"; not "talks with A and B", whose caller is unnamed.
        sets.append(partner_refs)
    elif not sets:
        return None
    return sets, conf


def _between_parties(
    doc: Doc, ents: DocEntities, tok: Token, partner_refs: list[PartyRef]
) -> list[PartyRef]:
    """The parties a call noun's own "between A and B" phrase names (two or more)."""
    if tok.pos_ != "NOUN":
        return []
    inside: set[int] = set()
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            inside |= {t.i for t in c.subtree}
    if not inside:
        return []
    texts = {doc[m.start : m.end].text for m in ents.persons if m.start in inside}
    clusters = {m.cluster for m in ents.persons if m.start in inside and m.cluster >= 0}
    named = [
        p
        for p in partner_refs
        if (p.cluster is not None and p.cluster in clusters) or p.mention in texts
    ]
    return named if len({p.key(ents) for p in named}) >= 2 else []


def _one_delegation(agent: PartyRef, partners: list[PartyRef]) -> bool:
    """Two or three named officials of one country, not the caller's: one side of one call
    ("X spoke with Finance Minister A and Trade Minister B of one other country")."""
    countries = {p.country for p in partners}
    return (
        len(partners) <= MAX_DELEGATION
        and all(p.cluster is not None and p.title for p in partners)
        and len(countries) == 1
        and None not in countries
        and agent.country not in countries
    )


def _one_call_of_many(tok: Token, clause: _Clause) -> bool:
    """The trigger is one call noun ("a call", "a video conference") whose partners are one
    coordinated phrase: a joint call. "Calls with A and B", "spoke with A and B" and a list
    of offices by country are a call each."""
    if tok.pos_ != "NOUN" or tok.tag_ != "NN" or clause.listed:
        return False
    # A headline's bare "holds call with A, B and C" (no article at all) is one call too.
    dets = [c for c in tok.children if c.dep_ in ("det", "poss")]
    if dets and not any(c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in dets):
        return False
    doc = tok.doc
    if len(clause.partners) < 2:
        return False
    return any(
        doc[i].dep_ == "conj" or m.listed for m in clause.partners for i in range(m.start, m.end)
    ) or _coordinated_in_text(doc, clause.partners)


def _joint_cue(tok: Token) -> bool:
    """ "spoke with A and B in a joint phone call", "on a three-way call", "jointly": the
    trigger, or the call noun its verb is told in, is one call of all of them."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else None
    nouns = [tok] if tok.pos_ == "NOUN" else []
    if verb is not None:
        if any(c.dep_ == "advmod" and c.lower_ in JOINT_CALL_WORDS for c in verb.children):
            return True
        if verb.lemma_ == "meet":
            return True  # "met virtually with A and B": one meeting of them all
        nouns += [
            n
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ in JOINT_CALL_PREPS
            for n in prep.children
            if n.dep_ == "pobj" and is_call_like(n)
        ]
    # "held conference calls with A and B": calls, a call each.
    return any(_joint_modifier(c) for n in nouns if n.tag_ != "NNS" for c in n.children)


def _joint_modifier(c: Token) -> bool:
    """ "joint", "trilateral", "conference" (call), "three-way" on a call noun."""
    if c.dep_ not in ("amod", "compound", "nmod", "nummod"):
        return False
    if c.lower_ in JOINT_CALL_WORDS:
        return True
    return c.lower_ == "way" and any(
        g.dep_ == "nummod" and (number_value(g.lower_) or 0) >= JOINT_CALL_MIN for g in c.children
    )


def _coordinated_in_text(doc: Doc, partners: list[PersonMention]) -> bool:
    """ "A, B and C" read along the text when the parse tore the list apart: between one
    partner and the next only commas, titles and modifiers, and "and" before the last."""
    ms = sorted(partners, key=lambda m: m.start)
    gaps = [doc[a.end : b.start] for a, b in zip(ms, ms[1:], strict=False)]
    if not gaps or not any(t.lower_ in COORDINATORS for t in gaps[-1]):
        return False
    return all(
        t.pos_ not in ("VERB", "AUX", "ADP", "SCONJ") and t.lower_ not in (";", "(", ")")
        for gap in gaps
        for t in gap
    )


def _joint_subject(doc: Doc, clause: _Clause) -> bool:
    """ "X and the leaders of eight nations spoke": a call of many, whose sides no pair of
    the sentence's names stands for."""
    return any(
        doc[i].lower_ in GROUP_REFS
        and doc[i].tag_ == "NNS"
        and (doc[i].dep_ == "conj" or any(c.dep_ == "conj" for c in doc[i].children))
        and not any(c.dep_ == "nummod" and c.lower_ == "two" for c in doc[i].children)
        for i in clause.subj
    )


def _needs_stated_sides(tok: Token, pred: Token, trig: Trigger, speak_only: bool) -> bool:
    """A trigger too weak to be a call between whoever the sentence names: a bare "spoke",
    a conversation known only from context, a "call" that is not held, made or with anyone."""
    return (
        speak_only
        or trig.kind == "context"
        or (
            trig.kind == "noun"
            and trig.strength < 0.9
            and tok.lemma_ == "call"
            and not _has_call_structure(tok, pred)
        )
    )


def _sentence_party_sets(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    clause: _Clause,
    agents: list[PersonMention],
    agent_refs: list[PartyRef],
    partner_refs: list[PartyRef],
    conf: float,
    previous: list[CallCandidate],
    last_agent: PartyRef | None,
) -> tuple[list[list[PartyRef]], float]:
    """The parse gave too little: the sides are the people the sentence names (not those
    only cited as sources), with the confidence left."""
    present = [
        m
        for m in _mentions_in(ents, sent.start, sent.end)
        if not _is_reporting_source(doc, m) and not principal_in_title(doc, m.start)
    ]
    refs = [_party_from_mention(doc, ents, m) for m in present]
    everyone = _dedupe(_resolve_counterparts(doc, ents, refs, refs, present), ents)
    sets: list[list[PartyRef]] = []
    if len(everyone) == 1 and (agent_refs or partner_refs):
        one = everyone[0]
        if _group_ref(doc, sent):
            group = _group_parties(doc, ents, previous)
            if group and any(g.key(ents) == one.key(ents) for g in group):
                sets.append(group)
        if not sets and last_agent is not None and last_agent.key(ents) != one.key(ents):
            sets.append([last_agent, one])
            conf -= 0.2
    elif len(everyone) == 2 and not (
        not agents and len(partner_refs) == 2 and not _says_between(doc, clause.partners_t)
    ):
        # Not "(someone) holds talks with A and B": those two did not call each other.
        sets.append(everyone)
        conf -= 0.15
    elif len(everyone) == 0 and _group_ref(doc, sent, pronouns=bool(previous)):
        # "once the call has been made, they ...": with no call told before, the sentence's
        # "they" need not be two officials the document names.
        group = _group_parties(doc, ents, previous)
        if group:
            sets.append(group)
            conf -= 0.15
    return sets, conf


def _says_between(doc: Doc, partners_t: set[int]) -> bool:
    """ "between A and B", "among them": the partner phrase names both sides."""
    return any(doc[i].lower_ in BETWEEN_PREPS for i in partners_t)


def _named_back(initiator: PartyRef | None, named: list[PartyRef]) -> PartyRef | None:
    """ "the latter", "the former": the last or first party the clause names."""
    if initiator is None or initiator.mention not in ("latter", "former"):
        return initiator
    if not named:
        return None
    return named[-1] if initiator.mention == "latter" else named[0]


def _candidate(
    doc: Doc,
    ents: DocEntities,
    sent: Span,
    tok: Token,
    trig: Trigger,
    parties: list[PartyRef],
    status: str,
    medium: str,
    initiator: PartyRef | None,
    conf: float,
    rule: str,
) -> CallCandidate:
    """One call between `parties`, as the sentence reports it."""
    if any(p.cluster is None for p in parties):
        conf -= 0.05
    return CallCandidate(
        parties=list(parties),
        status=status,
        medium=medium,
        initiator=_party_index(parties, initiator, ents),
        sentences=[(sent.start_char, sent.end_char)],
        sent_token_spans=[(sent.start, sent.end)],
        date_texts=_sentence_dates(doc, sent, tok, ents.person_at),
        confidence=max(0.05, min(0.99, conf)),
        rule=rule,
        trigger_char=tok.idx,
        recalled=_recalled(tok),
        date_at=sent.start_char,
        trigger_kind=trig.kind,
    )


def _recalled(tok: Token) -> bool:
    """ "their previous call", "an earlier conversation", "(this call,) which follows the one
    in March": not the call the article reports."""
    if tok.dep_ == "dobj" and tok.head.lemma_ in FOLLOWING_VERBS:
        return True
    return any(c.dep_ == "amod" and c.lower_ in RECALL_WORDS - {"last"} for c in tok.children)


def _set_beside(doc: Doc, m: PersonMention, partners_t: set[int]) -> bool:
    """The name follows a comma that closes the partner phrase, past honorifics ("the
    President of Ghana, His Excellency X")."""
    titles = lexicon().titles
    i = m.start - 1
    while i > 0 and (
        honorific_at(doc, i) or (i >= m.start - 3 and doc[i].lower_ in titles)
    ):
        i -= 1  # "..., His Majesty King X"
    return i >= 1 and doc[i].text == "," and i - 1 in partners_t


def _passive(pred: Token) -> bool:
    """A passive clause whose subject is no person ("the message was conveyed to Y")."""
    subj = next((c for c in pred.children if c.dep_ == "nsubjpass"), None)
    return subj is not None and subj.ent_type_ != "PERSON" and subj.pos_ == "NOUN"


def _teller(doc: Doc, ents: DocEntities, pred: Token) -> PartyRef | None:
    """The named subject of the reporting verb a clause is the complement of."""
    if pred.dep_ != "ccomp" or pred.head.lemma_ not in REPORTING_LEMMAS:
        return None
    subj = next((c for c in pred.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return None
    m = ents.person_at.get(subj.i)
    if m is None or m.by_title:
        return None
    return _party_from_mention(doc, ents, m)


def _address_by_link(tok: Token) -> bool:
    """ "addressing the parliament through a video conference", "addressed the summit by
    phone": the medium of a speech to a body, not a call with a person."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("through", "via", "by", "over"):
        return False
    verb = tok.head.head
    if verb.lemma_ != "address":
        return False
    return not any(
        c.dep_ in ("dobj", "obj") and c.ent_type_ == "PERSON" for c in verb.children
    )


def _conditional(tok: Token, pred: Token) -> bool:
    """ "if you call X, it goes to him directly", "anytime he calls him, no one answers": a
    call of a condition or a habit, no one call."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") and any(
            (c.dep_ == "mark" and c.lower_ in CONDITION_MARKS)
            or (c.dep_ in ("advmod", "npadvmod") and c.lower_ in HABIT_ADVERBS)
            for c in cur.children
        ):
            return True
        if cur.i == pred.i or cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def _generic_call(tok: Token) -> bool:
    """ "the easiest way of making a call", "a chance to make a call": a call noun with no
    partner, the object of a verb with no subject that qualifies a noun. A kind of act, not
    one call; the clause above it ("..., X said") names who speaks of it, not who called."""
    if tok.lemma_ != "call" or tok.pos_ != "NOUN" or tok.dep_ not in ("dobj", "obj"):
        return False
    if any(c.dep_ == "prep" and c.lower_ in PARTNER_OR_CALLER_PREPS for c in tok.children):
        return False
    if any(c.dep_ in ("poss", "nummod") for c in tok.children):
        return False  # "their call", "two calls": calls of someone
    verb = tok.head
    if verb.tag_ not in ("VBG", "VB"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    if verb.dep_ == "acl":
        return verb.head.pos_ == "NOUN"
    return verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "NOUN"


def _has_call_structure(tok: Token, pred: Token) -> bool:
    """A bare "call" is a phone call when it is held, made or received, or is with someone."""
    if pred.lemma_ in CALL_HOLDING_VERBS:
        return True
    if _earlier_call(tok, pred) and tok.head.head.i == pred.i and pred.lemma_ in SPEAK_VERBS:
        # "they spoke in May, following a call in February": a call like the one told.
        return True
    return any(c.dep_ == "prep" and c.lower_ in PARTNER_OR_CALLER_PREPS for c in tok.children)
