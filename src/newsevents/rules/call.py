"""Call events: phone and video calls between leaders and officials.

Shape (every rules module looks alike): constants and trigger patterns at the top, argument
finders (parties, status, medium, initiator, date, topics) in the middle, and one generator,
`find_call_events(doc, ents, context)`, at the bottom. Pure: nothing is written to the Doc.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher, PhraseMatcher

from newsevents.dates import call_date, month_number, resolve_expression
from newsevents.entities import (
    SEAT_NAMES,
    Cluster,
    DocEntities,
    PersonMention,
    holds_leader_title,
    holds_office,
    resolve_title_ref,
)
from newsevents.lexicon import lexicon, norm

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

RULE_VERSION = "v1"
CODES = {"cameo": "041", "plover_event": "CONSULT", "plover_mode": "phone"}

PHONE_WORDS = frozenset(
    {"phone", "telephone", "telephonic", "phone-call", "telephonically", "phoned"}
)
VIDEO_WORDS = frozenset(
    {
        "video",
        "videoconference",
        "video-conference",
        "videoconferencing",
        "videolink",
        "video-link",
        "virtual",
        "virtually",
        "teleconference",
        "video-call",
        "webinar",
        "zoom",
    }
)
CALL_VERBS = frozenset({"call", "phone", "telephone", "ring", "dial"})
# "called for", "called on", "called off", "call out", "call up": not calls.
CALL_PARTICLES = frozenset({"for", "on", "upon", "off", "out", "up", "in", "back", "into", "forth"})
MEDIA_WORDS = frozenset(
    {
        "reporter",
        "reporters",
        "journalist",
        "journalists",
        "press",
        "media",
        "television",
        "tv",
        "radio",
        "newspaper",
        "agency",
        "afp",
        "reuters",
        "ap",
        "interviewer",
        "broadcaster",
        "audience",
        "crowd",
        "supporters",
        "students",
        "analysts",
        "investors",
        "shareholders",
        "customers",
        "voters",
        "helpline",
        "hotline",
        "centre",
        "center",
        "caller",
        "callers",
    }
)
IN_PERSON_LEMMAS = frozenset(
    {
        "meet",
        "meeting",
        "visit",
        "sideline",
        "host",
        "summit",
        "dinner",
        "lunch",
        "arrive",
        "welcome",
        "hand",
        "embrace",
        "tour",
        "event",
        "ceremony",
        "reception",
        "banquet",
        "breakfast",
        "gala",
        "rally",
        "handshake",
    }
)
PLANNED_HEADS = frozenset(
    {
        "expect",
        "plan",
        "schedule",
        "propose",
        "request",
        "offer",
        "suggest",
        "agree",
        "want",
        "hope",
        "intend",
        "prepare",
        "seek",
        "ask",
        "arrange",
        "set",
        "due",
        "will",
        "upcoming",
        "forthcoming",
        "possible",
        "potential",
        "future",
        "next",
        "announce",
        "invite",
        "try",
    }
)
# Nouns a date may own when it dates the call ("Friday's call", "Monday's phone conversation").
CALL_NOUNS = frozenset(
    {"call", "phone", "phone-call", "telephone", "conversation", "talk", "talks", "discussion"}
    | {"chat"}
)
PLAN_NOUNS = frozenset(
    {"plan", "request", "proposal", "offer", "invitation", "idea", "demand"}
)
DENIED_LEMMAS = frozenset({"deny", "refute", "dismiss", "reject", "miss", "cancel", "decline"})
GROUP_REFS = frozenset(
    {
        "leaders",
        "presidents",
        "heads",
        "sides",
        "ministers",
        "premiers",
        "counterparts",
        "officials",
        "men",
        "parties",
        "chancellors",
        "secretaries",
    }
)
INITIATIVE_WORDS = frozenset({"initiative", "request", "invitation", "behest", "suggestion"})
INITIATIVE_PREPS = frozenset({"at", "on", "upon", "by", "under"})
REPORTING_LEMMAS = frozenset(
    {"say", "tell", "announce", "report", "confirm", "write", "tweet", "state", "add"}
)
# "their previous call": an earlier call than the one the article reports.
RECALL_WORDS = frozenset({"previous", "prior", "earlier", "last"})
# Prepositions of a call named as the occasion of what the clause says ("during a call").
ADJUNCT_PREPS = frozenset({"during", "in", "over", "on"})
DATE_BLOCKERS = frozenset(
    {"since", "until", "till", "before", "after", "from", "by", "ahead", "last"}
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports a call, with what it says about the medium."""

    token: int
    medium: str  # phone | video | unspecified
    kind: str  # noun | call_verb | speak | discuss | virtual
    strength: float


@dataclass(slots=True)
class PartyRef:
    """One side of a call: a named cluster, or an office without a name."""

    cluster: int | None
    mention: str | None
    title: str | None
    country: str | None
    org: str | None = None
    name_override: str | None = None
    country_fallback: bool = False  # the country is the document's, not the person's

    def key(self, ents: DocEntities) -> str:
        if self.cluster is not None:
            return f"c{self.cluster}"
        return f"t:{norm(self.title or '')}:{self.country}"


@dataclass(slots=True)
class CallCandidate:
    parties: list[PartyRef]
    status: str
    medium: str
    initiator: int | None  # index into parties
    sentences: list[tuple[int, int]]  # char spans of evidence sentences
    sent_token_spans: list[tuple[int, int]]
    date_texts: list[str]
    confidence: float
    rule: str
    trigger_char: int
    date: dict[str, Any] | None = None
    topics: list[dict[str, Any]] = field(default_factory=list)
    recalled: bool = False  # "their previous call": not the call the article reports
    date_at: int = 0  # where the sentence that gave `date_texts` starts (a char offset)


@dataclass(frozen=True, slots=True)
class DocContext:
    """What the rules need to know about the article beyond its Doc."""

    doc_id: str
    title_span: tuple[int, int] | None
    published: dt.date | None
    dateline_date: dt.date | None
    dateline_place: str | None


# --- triggers -------------------------------------------------------------------------------


@functools.cache
def _matcher(vocab_id: int, vocab: Any) -> Matcher:
    """Adverbial medium phrases ("by phone", "via video link", "met virtually"), built once per vocab."""
    m = Matcher(vocab)
    m.add(
        "MEDIUM_ADV",
        [
            [
                {"LOWER": {"IN": ["by", "via", "over", "on"]}},
                {"LOWER": {"IN": ["the", "a"]}, "OP": "?"},
                {
                    "LOWER": {
                        "IN": [
                            "phone",
                            "telephone",
                            "video",
                            "videolink",
                            "videoconference",
                            "teleconference",
                        ]
                    }
                },
                {"LOWER": {"IN": ["link", "call"]}, "OP": "?"},
            ]
        ],
    )
    m.add(
        "VIRTUALLY",
        [[{"LEMMA": "meet"}, {"LOWER": "virtually"}], [{"LOWER": "virtually"}, {"LEMMA": "meet"}]],
    )
    return m


def _medium_of(doc: Doc, sent: Span) -> str | None:
    """The medium a sentence names, if any (video wins over phone: "video call")."""
    words = {t.lower_ for t in sent}
    if words & VIDEO_WORDS:
        if (
            "virtual" in words
            or "virtually" in words
            or words
            & {
                "video",
                "videoconference",
                "video-conference",
                "teleconference",
                "videoconferencing",
                "videolink",
            }
        ):
            return "video"
    if words & PHONE_WORDS or any(t.lower_.startswith("telephon") for t in sent):
        return "phone"
    return None


def _is_call_noun(tok: Token) -> bool:
    """ "call" as a noun meaning a phone call, not "calls for", "a call to action"."""
    if tok.lemma_ != "call" or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    doc = tok.doc
    prev_words = {doc[j].lower_ for j in range(max(0, tok.i - 2), tok.i)}
    if prev_words & (PHONE_WORDS | {"video", "telephone", "phone"}):
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if (
        nxt is not None
        and nxt.lower_ in ("on", "to")
        and any(t.ent_type_ in ("DATE", "TIME") for t in doc[nxt.i + 1 : nxt.i + 3])
    ):
        return True
    # "received a call of congratulation": "call of" is a phone call after such verbs.
    if (
        nxt is not None
        and nxt.lower_ == "of"
        and tok.head.lemma_ in ("receive", "make", "place", "hold", "have", "return")
    ):
        return True
    if nxt is not None and nxt.lower_ in (
        "for",
        "to",
        "on",
        "of",
        "centre",
        "center",
        "centres",
        "centers",
        "sign",
        "option",
        "options",
        "log",
        "logs",
    ):
        # "a call to X" is a call when X is a person ("a call to the Prime Minister").
        if not (nxt.lower_ == "to" and any(t.ent_type_ == "PERSON" for t in nxt.subtree)):
            return False
    prev = tok.nbor(-1) if tok.i > 0 else None
    if prev is not None and prev.lower_ in (
        "wake",
        "wake-up",
        "roll",
        "conference",
        "earnings",
        "so",
        "close",
        "judgment",
        "judgement",
        "curtain",
        "casting",
        "margin",
        "robo",
        "cold",
    ):
        return False
    return True


def _triggers(doc: Doc, sent: Span, context_medium: str | None = None) -> list[Trigger]:
    """Call words of a sentence. `context_medium`: the medium of the calls the article is
    about (its title's), which makes a bare "conversation" a call word."""
    found: dict[int, Trigger] = {}
    sent_medium = _medium_of(doc, sent)
    for tok in sent:
        low, lemma = tok.lower_, tok.lemma_
        if lemma in CALL_VERBS and tok.pos_ == "VERB" and low not in ("so-called",):
            if _is_phone_verb(tok):
                medium = "video" if sent_medium == "video" else "phone"
                found[tok.i] = Trigger(tok.i, medium, "call_verb", 0.9)
        elif _is_call_noun(tok):
            medium = "video" if sent_medium == "video" else "phone"
            found[tok.i] = Trigger(tok.i, medium, "noun", 0.85)
        elif (
            low
            in (
                "conversation",
                "conversations",
                "talks",
                "talk",
                "discussion",
                "chat",
                "conference",
                "summit",
                "meeting",
                "link",
                "exchange",
            )
            and tok.pos_ == "NOUN"
        ):
            mods = {c.lower_ for c in tok.children} | {
                doc[j].lower_ for j in range(max(sent.start, tok.i - 3), tok.i)
            }
            if mods & PHONE_WORDS or any(m.startswith("telephon") for m in mods):
                found[tok.i] = Trigger(tok.i, "phone", "noun", 0.95)
            elif mods & VIDEO_WORDS:
                found[tok.i] = Trigger(tok.i, "video", "noun", 0.95)
            elif (
                context_medium
                and low in ("conversation", "conversations")
                and mods & RECALL_WORDS
                and any(e.label_ == "DATE" for e in sent.ents)
            ):
                # In an article about a call, "Their previous conversation was held on
                # <date>": an earlier call of the same kind, when the parse names both sides.
                # (A bare "his recent conversation with X" may have been face to face.)
                found[tok.i] = Trigger(tok.i, context_medium, "context", 0.75)
        elif low in (
            "videoconference",
            "video-conference",
            "teleconference",
            "videoconferencing",
            "videolink",
            "video-call",
        ):
            found[tok.i] = Trigger(tok.i, "video", "noun", 0.9)
        elif lemma in (
            "speak",
            "talk",
            "discuss",
            "converse",
            "confer",
            "hold",
            "have",
            "meet",
            "conduct",
            "exchange",
        ) and tok.pos_ in ("VERB", "AUX"):
            adv = _medium_adjunct(tok)
            if (
                adv is None
                and lemma in ("speak", "talk", "discuss")
                and _has_medium_phrase(doc, sent)
            ):
                adv = sent_medium
            if adv:
                found[tok.i] = Trigger(tok.i, adv, "speak", 0.9)
            elif lemma in ("speak", "talk") and tok.pos_ == "VERB":
                found[tok.i] = Trigger(tok.i, "unspecified", "speak", 0.7)
    return sorted(found.values(), key=lambda t: t.token)


def sent_medium_phrase(doc: Doc, sent: Span) -> str | None:
    """The medium of an adverbial phrase in the sentence ("by phone", "via video link")."""
    if not _has_medium_phrase(doc, sent):
        return None
    return _medium_of(doc, sent)


def _has_medium_phrase(doc: Doc, sent: Span) -> bool:
    """ "by phone", "on the phone", "over the telephone", "via video link" anywhere in the sentence."""
    matcher = _matcher(id(doc.vocab), doc.vocab)
    return any(doc.vocab.strings[mid] in ("MEDIUM_ADV", "VIRTUALLY") for mid, _, _ in matcher(sent))


def _medium_adjunct(verb: Token) -> str | None:
    """ "spoke by phone", "discussed over the telephone", "met virtually", "talks via video link"."""
    for child in verb.children:
        low = child.lower_
        if low == "virtually" and verb.lemma_ in ("meet", "speak", "talk", "hold"):
            return "video"
        if low in ("by", "via", "over", "on", "through") and child.dep_ in ("prep", "agent"):
            words = {t.lower_ for t in child.subtree}
            if words & VIDEO_WORDS - {"virtual"} or "video" in words:
                return "video"
            if words & PHONE_WORDS or any(w.startswith("telephon") for w in words):
                return "phone"
        if low in ("telephonically",):
            return "phone"
    return None


def _is_phone_verb(tok: Token) -> bool:
    """ "X called/phoned Y" (a person), not "called for", "called him a liar", "so-called"."""
    if tok.lemma_ == "call":
        if tok.i > 0 and tok.nbor(-1).lower_ in ("so", "-", "so-"):
            return False
        if tok.dep_ == "acl" or (
            tok.tag_ == "VBN"
            and tok.head.pos_ in ("NOUN", "PROPN")
            and tok.head.i < tok.i
            and tok.dep_ not in ("ROOT", "conj")
        ):
            return False  # "a woman called X", "a firm called Y": naming, not calling
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        for child in tok.children:
            if child.dep_ in ("prt",) and child.lower_ in CALL_PARTICLES:
                return False
            if child.dep_ == "oprd" and not objs and child.ent_type_ == "PERSON":
                # "called Prime Minister X on Thursday": the parser took the person for a
                # naming complement, but there is nothing to name.
                objs = [child]
                continue
            if child.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp"):
                return False
            if child.dep_ == "prep" and child.lower_ in CALL_PARTICLES and child.i == tok.i + 1:
                return False
            if child.dep_ == "auxpass":
                return False
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in CALL_PARTICLES:
            return False
        if not objs:
            return False
        obj = objs[0]
        # "called him/them a liar": a second noun phrase after the object names, not calls.
        after = obj.right_edge.i + 1
        if (
            after < len(tok.doc)
            and tok.doc[after].lower_ in ("a", "an", "the")
            and tok.doc[after].head.i in (tok.i, obj.i)
        ):
            return False
        if after < len(tok.doc) and tok.doc[after].pos_ in ("ADJ",) and tok.doc[after].head == tok:
            return False
        return (
            obj.ent_type_ == "PERSON"
            or obj.pos_ in ("PROPN", "PRON")
            or obj.lower_ in lexicon().titles
            or any(t.lower_ in lexicon().titles or t.ent_type_ == "PERSON" for t in obj.subtree)
        )
    # phone / telephone / ring as verbs.
    if tok.lemma_ == "ring" and not any(c.dep_ in ("dobj",) for c in tok.children):
        return False
    lex = lexicon()
    for obj in (c for c in tok.children if c.dep_ in ("dobj", "obj")):
        # "telephoning people", "phoned voters", "rang the alarm bell": not a call to someone.
        if obj.pos_ == "NOUN" and obj.ent_type_ != "PERSON" and obj.lower_ not in lex.titles:
            if not any(t.ent_type_ == "PERSON" or t.lower_ in lex.titles for t in obj.subtree):
                return False
    return True


# --- parties --------------------------------------------------------------------------------


def _mentions_in(ents: DocEntities, start: int, end: int) -> list[PersonMention]:
    seen: list[PersonMention] = []
    for p in ents.persons:
        if start <= p.start < end and p not in seen:
            seen.append(p)
    return seen


RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


def _subject_tokens(pred: Token) -> set[int]:
    toks: set[int] = set()
    for child in pred.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
            if child.lower_ in RELATIVE_PRONOUNS and pred.dep_ == "relcl":
                # "X, who spoke with Y": the relative pronoun stands for X.
                toks.update(t.i for t in pred.head.subtree if t.i < child.i)
                continue
            if child.lower_ in ("he", "she") and pred.dep_ == "ccomp":
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
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in (
                "with",
                "to",
                "between",
                "from",
                "among",
                "and",
            ):
                toks.update(t.i for t in child.subtree)
            elif child.dep_ in (
                "dobj",
                "obj",
                "dative",
                "pobj",
                "oprd",
            ) and trig.lemma_ in CALL_VERBS | {"telephone"}:
                toks.update(t.i for t in child.subtree)
            elif child.dep_ in ("dobj", "obj") and head.i == pred.i and trig.i != pred.i:
                # "held phone talks with X": the object is the trigger itself; look inside.
                for grand in child.children:
                    if grand.dep_ == "prep" and grand.lower_ in ("with", "between", "to"):
                        toks.update(t.i for t in grand.subtree)
            elif child.dep_ == "prep" and child.lower_ in ("by", "on", "over"):
                # "spoke by telephone with X": the parse hangs the partner on the medium.
                for medium in child.children:
                    if medium.dep_ == "pobj" and medium.lower_ in PHONE_WORDS | VIDEO_WORDS:
                        for grand in medium.children:
                            if grand.dep_ == "prep" and grand.lower_ in ("with", "to"):
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
        if t.dep_ != "pobj" or t.head.lower_ not in ("with", "to", "between") or t.tag_ != "NNS":
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
        if j >= sent.end or doc[j].lower_ not in ("and", "&"):
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
        if root.dep_ == "poss" or (nxt.end < sent.end and doc[nxt.end].lower_ in ("'s", "’s")):
            break  # "..., and Y's spokesman said": Y only owns the next subject
        out.append(nxt)
        end = nxt.end
    return out


def _drop_appositive_titles(
    doc: Doc, mentions: list[PersonMention]
) -> tuple[list[PersonMention], dict[int, str]]:
    """ "the Estonian Minister of Foreign Affairs, Kaja X": an office and the name set beside
    it are one party. Keeps the name; returns the office's country by the name's cluster."""
    dropped: set[int] = set()
    countries: dict[int, str] = {}
    for office in mentions:
        if not office.by_title:
            continue
        span = set(range(office.start, office.end))
        for named in mentions:
            if named.by_title:
                continue
            n_root, o_root = doc[named.end - 1], doc[office.end - 1]
            # The name hangs on the office or on a word of its phrase ("Minister of X, Name").
            linked = (
                n_root.dep_ == "appos"
                and 0 <= named.start - office.end <= 8
                and (n_root.head.i in span or any(a.i in span for a in n_root.head.ancestors))
            ) or (o_root.dep_ == "appos" and named.start <= o_root.head.i < named.end)
            if linked:
                dropped.add(id(office))
                if office.country:
                    countries.setdefault(named.cluster, office.country)
                break
    # "the Minister of Foreign Affairs of <country>, <Name>": an office phrase the entity
    # finder did not take for a person still gives the name beside it its country.
    lex = lexicon()
    for named in mentions:
        if named.by_title or named.country or named.cluster in countries:
            continue
        if named.start < 3 or doc[named.start - 1].lower_ != ",":
            continue
        j = named.start - 2
        place = None
        words: list[str] = []
        while j >= max(0, named.start - 10) and doc[j].lower_ not in (",", "and", "with", "to"):
            if doc[j].pos_ in ("ADP", "VERB", "AUX", "SCONJ") and doc[j].lower_ != "of":
                place = None  # "With the Polish president at his side, Biden": no apposition
                break
            if place is None and (doc[j].ent_type_ in ("GPE", "NORP") or doc[j].pos_ == "PROPN"):
                place = lex.country(doc[j].text)
            words.append(doc[j].lower_)
            j -= 1
        if place and any(w in lex.titles for w in words):
            countries[named.cluster] = place
    return [m for m in mentions if id(m) not in dropped], countries


def _give_countries(refs: list[PartyRef], countries: dict[int, str], ents: DocEntities) -> None:
    """The country of the office beside the name: local evidence, over the cluster's guess
    (never over a country the text states for the person)."""
    for ref in refs:
        if ref.cluster in countries:
            if ents.clusters[ref.cluster].country_basis == "stated" and ref.country:
                continue
            ref.country = countries[ref.cluster]


def _group_ref(doc: Doc, sent: Span) -> bool:
    """ "the two leaders", "both presidents", "the heads of state", "they"."""
    for tok in sent:
        if tok.lower_ in GROUP_REFS and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "poss", "conj"):
            prev = {doc[j].lower_ for j in range(max(sent.start, tok.i - 3), tok.i)}
            if prev & {"two", "both", "the"}:
                return True
        if tok.lower_ in ("they", "both") and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def _resolve_counterparts(
    doc: Doc,
    ents: DocEntities,
    refs: list[PartyRef],
    others: list[PartyRef],
    mentions: list[PersonMention],
) -> list[PartyRef]:
    """ "his Turkish counterpart": the named person of that country holding the other side's
    office, else an office-only party."""
    out = []
    for ref, m in zip(refs, [m for m in mentions], strict=False):
        if m.by_title and norm(m.title or "").endswith("counterpart"):
            titles = [o.title or "" for o in others if o is not ref]
            sides = frozenset(o.cluster for o in others if o.cluster is not None)
            ci = resolve_title_ref(ents, m, counterpart_of=titles, exclude=sides)
            if ci is not None:
                out.append(
                    PartyRef(
                        ci,
                        ref.mention,
                        ents.clusters[ci].title,
                        m.country or ents.clusters[ci].country,
                    )
                )
                continue
            out.append(PartyRef(None, ref.mention, ref.title, m.country))
            continue
        out.append(ref)
    out.extend(refs[len(out) :])
    return out


def _unresolve_same(
    doc: Doc,
    ents: DocEntities,
    refs: list[PartyRef],
    mentions: list[PersonMention],
    others: list[PartyRef],
) -> list[PartyRef]:
    """ "The Prime Minister spoke to Australian Prime Minister X": an office resolved to the
    person on the other side of the call is someone else, known only by the office."""
    taken = {o.cluster for o in others if o.cluster is not None}
    by_title = {m.start: m for m in mentions if m.by_title}
    out = []
    for ref in refs:
        m = next((m for m in by_title.values() if doc[m.start : m.end].text == ref.mention), None)
        if m is not None and ref.cluster in taken:
            out.append(
                PartyRef(None, ref.mention, _title_case(m.title or ref.mention or ""), m.country)
            )
        else:
            out.append(ref)
    return out


def _party_from_mention(doc: Doc, ents: DocEntities, m: PersonMention) -> PartyRef:
    mention_text = doc[m.start : m.end].text
    if m.by_title:
        # "his Turkish counterpart" is resolved against the other side's office, later.
        counterpart = norm(m.title or "").endswith("counterpart")
        ci = None if counterpart else resolve_title_ref(ents, m)
        if ci is not None:
            return PartyRef(
                ci, mention_text, ents.clusters[ci].title, m.country or ents.clusters[ci].country
            )
        title = _title_case(m.title or mention_text)
        return PartyRef(None, mention_text, title, m.country)
    cluster = ents.clusters[m.cluster]
    # The full mention with its title, when the title sits right before the name.
    return PartyRef(
        m.cluster,
        _mention_with_title(doc, m),
        cluster.title or m.title,
        m.country or cluster.country,
    )


def _mention_with_title(doc: Doc, m: PersonMention) -> str:
    text = doc[m.start : m.end].text
    if m.title and not m.by_title:
        start = m.start
        # Walk left over the title words recorded for this mention.
        words = m.title.split()
        j = start - 1
        k = len(words) - 1
        while j >= 0 and k >= 0 and doc[j].text == words[k]:
            j -= 1
            k -= 1
        while j >= 0 and doc[j].lower_ in ("'s", "’s") and j - 1 >= 0:
            j -= 2
        if k < 0 or j < start - 1:
            # Include a preceding possessive country ("Syria's new leader").
            first = j + 1
            while first > 0 and (
                doc[first - 1].ent_type_ in ("GPE", "NORP") or doc[first - 1].lower_ in ("'s", "’s")
            ):
                first -= 1
            text = doc[first : m.end].text
    return text


def _title_case(title: str) -> str:
    words = title.split()
    while words and words[0].lower() in ("the", "his", "her", "their", "its"):
        words = words[1:]
    return " ".join(words) or title


# --- the generator --------------------------------------------------------------------------


def find_call_events(doc: Doc, ents: DocEntities, ctx: DocContext) -> Iterator[CallCandidate]:
    """Yield one candidate per call per document (repeats merged), in document order."""
    candidates: list[CallCandidate] = []
    title_medium = None
    title_sent = None
    if ctx.title_span is not None:
        tspan = doc.char_span(*ctx.title_span, alignment_mode="expand")
        if tspan is not None:
            title_sent = tspan
            title_medium = _medium_of(doc, tspan)
            title_words = {t.lemma_.lower() for t in tspan} | {t.lower_ for t in tspan}
            if title_medium is None and "call" in title_words:
                title_medium = "phone"
    # The medium of a bare "spoke with": the title's, else the document's when it names only one.
    doc_words = {t.lower_ for t in doc if not t.is_space}
    doc_medium = None
    if doc_words & PHONE_WORDS or any(w.startswith("telephon") for w in doc_words):
        if not doc_words & {
            "video",
            "videoconference",
            "video-conference",
            "videolink",
            "virtual",
            "virtually",
        }:
            doc_medium = "phone"
    title_medium = title_medium or doc_medium
    last_agent: PartyRef | None = None
    for sent in doc.sents:
        if not sent.text.strip():
            continue
        if sent.text.strip() and all(t.is_space for t in sent):
            continue
        triggers = _triggers(doc, sent, context_medium=title_medium)
        if not triggers:
            agent = _sentence_subject(doc, ents, sent)
            if agent is not None:
                last_agent = agent
            continue
        # Appended one at a time: a later call of the sentence may refer to an earlier one.
        for cand in _calls_in_sentence(
            doc, ents, ctx, sent, triggers, candidates, last_agent, title_medium
        ):
            candidates.append(cand)
        agent = _sentence_subject(doc, ents, sent)
        if agent is not None:
            last_agent = agent
    anchor = ctx.dateline_date or ctx.published
    _name_offices(doc, ents, candidates)
    merged = _merge_repeats(doc, ents, candidates, anchor)
    # Calls between leaders or officials: at least one side must be known as one.
    merged = [c for c in merged if _official_call(doc, ents, c)]
    _fill_countries(doc, ents, merged, ctx)
    _initiators_from_text(doc, ents, merged)
    story_days = _story_days(doc, anchor) if merged else []
    for cand in merged:
        if not cand.date_texts and cand.status == "held":
            cand.date_texts = _follow_up_dates(doc, ents, cand)
    for i, cand in enumerate(merged):
        in_title = title_sent is not None and any(
            title_sent.start_char <= s < title_sent.end_char for s, _ in cand.sentences
        )
        main = i == 0 or in_title
        previous = _previous_call(ents, merged[:i], cand)
        cand.date = _date_for(
            doc,
            ents,
            ctx,
            cand,
            title_sent,
            main_event=main,
            story_days=story_days,
            previous=previous.date if previous is not None else None,
        )
        cand.topics = _topics(doc, cand, main_event=main)
        yield cand


def _sentence_subject(doc: Doc, ents: DocEntities, sent: Span) -> PartyRef | None:
    for tok in sent:
        if tok.dep_ in ("nsubj",) and tok.i in ents.person_at:
            m = ents.person_at[tok.i]
            return _party_from_mention(doc, ents, m)
    return None


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
    words = {t.lower_ for t in sent}
    lemmas = {t.lemma_ for t in sent}
    if "sideline" in lemmas or "sidelines" in words:
        return
    done_tokens: set[int] = set()
    for trig in triggers:
        if trig.token in done_tokens:
            continue
        tok = doc[trig.token]
        pred = _predicate(tok)
        # Reports to the media by phone are not calls between officials.
        if _media_context(doc, sent, tok, pred):
            continue
        subj = _subject_tokens(pred)
        if tok.i in subj:
            # "X, in phone calls with A and B, expressed ...": the call's phrase inside the
            # subject holds the partners, not the callers.
            subj -= _phrase_in_subject(tok, subj)
        partners_t = _partner_tokens(doc, tok, pred, subj)
        if _generic_partner(doc, ents, partners_t):
            # "transcripts of the chancellor's calls with world leaders": no one call.
            continue
        agents = [m for m in _mentions_in(ents, sent.start, sent.end) if m.start in subj]
        partners = [m for m in _mentions_in(ents, sent.start, sent.end) if m.start in partners_t]
        partners += _trailing_partners(doc, ents, sent, partners_t, partners)
        agents, agent_countries = _drop_appositive_titles(doc, agents)
        partners, partner_countries = _drop_appositive_titles(doc, partners)
        speak_only = trig.kind == "speak" and trig.medium == "unspecified"
        if trig.kind == "context" and lemmas & IN_PERSON_LEMMAS:
            continue
        if speak_only:
            # "X spoke to Y": a call only between officials, and only when nothing puts
            # them in one room.
            if lemmas & IN_PERSON_LEMMAS:
                continue
            if not partners:
                # "The two presidents spoke on Tuesday": a call already reported, said again.
                # "X and Y spoke on Wednesday" in an article about a call: that call.
                subj_words = {doc[i].lower_ for i in subj}
                reciprocal = (
                    title_medium is not None
                    and len({m.cluster for m in agents}) >= 2
                    and all(_is_official(ents, m) for m in agents)
                )
                if not (previous and subj_words & (GROUP_REFS | {"they"})) and not reciprocal:
                    continue
            if not all(_is_official(ents, m) for m in partners):
                continue
        # Possessive "his phone talks with Y" inside "X said ...": the owner is X.
        if not agents:
            poss = [c for c in tok.children if c.dep_ == "poss"]
            if poss and poss[0].pos_ == "PRON":
                if poss[0].lower_ in ("their",):
                    pass
                else:
                    owner = _nearest_subject_before(doc, ents, sent, tok.i)
                    if owner is not None:
                        agents = [owner]
        rule = f"call.{trig.kind}.{RULE_VERSION}"
        conf = trig.strength
        parties: list[PartyRef] = []
        party_sets: list[list[PartyRef]] = []
        agent_refs = _dedupe([_party_from_mention(doc, ents, m) for m in agents], ents)
        partner_refs = _dedupe([_party_from_mention(doc, ents, m) for m in partners], ents)
        agent_refs = _resolve_counterparts(
            doc, ents, agent_refs, partners and partner_refs or agent_refs, agents
        )
        partner_refs = _resolve_counterparts(doc, ents, partner_refs, agent_refs, partners)
        agent_refs = _unresolve_same(doc, ents, agent_refs, agents, partner_refs)
        partner_refs = _unresolve_same(doc, ents, partner_refs, partners, agent_refs)
        _give_countries(agent_refs, agent_countries, ents)
        _give_countries(partner_refs, partner_countries, ents)
        if not agent_refs and subj:
            # "He spoke with X", "The two leaders ...": pronoun or group subject.
            subj_words = {doc[i].lower_ for i in subj}
            # "His Highness also received a call": an honorific alone stands for the person
            # the text is about, like a pronoun.
            honorific_only = subj_words <= {"his", "her"} | {
                norm(doc[i].text) for i in subj if norm(doc[i].text) in lexicon().honorifics
            }
            if (subj_words & {"he", "she"} or honorific_only) and last_agent is not None:
                agent_refs = [last_agent]
                conf -= 0.1
            elif (subj_words & GROUP_REFS or subj_words & {"they"}) and not partner_refs:
                group = _group_parties(doc, ents, previous)
                if group:
                    party_sets.append(group)
                    conf -= 0.1
        if (
            not agent_refs
            and not subj
            and not party_sets
            and partner_refs
            and last_agent is not None
        ):
            # Fragments such as "Also spoke to Prime Minister X of Japan".
            if tok.i == sent.start or doc[sent.start].lower_ in ("also", "and", "then", "later"):
                agent_refs = [last_agent]
                conf -= 0.15
        between_group = any(
            c.dep_ == "prep"
            and c.lower_ == "between"
            and _group_ref_in(doc, {t.i for t in c.subtree})
            for c in tok.children
        )
        if between_group:
            # "the July call between the two heads of state"
            group = _group_parties(doc, ents, previous)
            if group:
                party_sets.append(group)
        elif agent_refs and partner_refs:
            if len(agent_refs) == 1:
                for p in partner_refs:
                    if p.key(ents) != agent_refs[0].key(ents):
                        party_sets.append([agent_refs[0], p])
            else:
                party_sets.append(_dedupe(agent_refs + partner_refs, ents))
        elif not partner_refs and partners_t and _group_ref_in(doc, partners_t) and not party_sets:
            # "a call between the two heads of state"
            group = _group_parties(doc, ents, previous)
            if group:
                party_sets.append(group)
                conf -= 0.1
        elif len(agent_refs) >= 2 and not partner_refs:
            party_sets.append(agent_refs)
        elif (
            len(partner_refs) >= 2
            and not agent_refs
            and any(doc[i].lower_ in ("between", "among") for i in partners_t)
        ):
            # "a call between A and B"; not "talks with A and B", whose caller is unnamed.
            party_sets.append(partner_refs)
        elif not party_sets:
            if (
                speak_only
                or trig.kind == "context"
                or (
                    trig.kind == "noun"
                    and trig.strength < 0.9
                    and tok.lemma_ == "call"
                    and not _has_call_structure(tok, pred)
                )
            ):
                continue
            # Parse gave too little: fall back to the people the sentence names.
            present = [
                m
                for m in _mentions_in(ents, sent.start, sent.end)
                if not _is_reporting_source(doc, m)
            ]
            refs = [_party_from_mention(doc, ents, m) for m in present]
            everyone = _dedupe(_resolve_counterparts(doc, ents, refs, refs, present), ents)
            if len(everyone) == 1 and (agent_refs or partner_refs):
                one = everyone[0]
                other = None
                if _group_ref(doc, sent):
                    group = _group_parties(doc, ents, previous)
                    if group and any(g.key(ents) == one.key(ents) for g in group):
                        party_sets.append(group)
                if (
                    not party_sets
                    and last_agent is not None
                    and last_agent.key(ents) != one.key(ents)
                ):
                    other = last_agent
                if other is not None:
                    party_sets.append([other, one])
                    conf -= 0.2
            elif len(everyone) == 2 and not (
                not agents
                and len(partner_refs) == 2
                and not any(doc[i].lower_ in ("between", "among") for i in partners_t)
            ):
                # Not "(someone) holds talks with A and B": those two did not call each other.
                party_sets.append(everyone)
                conf -= 0.15
            elif len(everyone) == 0 and _group_ref(doc, sent):
                group = _group_parties(doc, ents, previous)
                if group:
                    party_sets.append(group)
                    conf -= 0.15
        if not party_sets:
            continue
        status = _status(doc, sent, tok, pred)
        medium = trig.medium
        if medium == "unspecified":
            medium = sent_medium_phrase(doc, sent) or title_medium or "unspecified"
        initiator = _initiator(doc, ents, sent, tok, pred, trig)
        if initiator is not None and initiator.mention in ("latter", "former"):
            named = agent_refs + partner_refs
            initiator = (
                (named[-1] if initiator.mention == "latter" else named[0]) if named else None
            )
        for parties in party_sets:
            if len({p.key(ents) for p in parties}) < 2:
                continue
            init_idx = _party_index(parties, initiator, ents)
            c = conf
            if any(p.cluster is None for p in parties):
                c -= 0.05
            yield CallCandidate(
                parties=list(parties),
                status=status,
                medium=medium,
                initiator=init_idx,
                sentences=[(sent.start_char, sent.end_char)],
                sent_token_spans=[(sent.start, sent.end)],
                date_texts=_sentence_dates(doc, sent, tok, ents.person_at),
                confidence=max(0.05, min(0.99, c)),
                rule=rule,
                trigger_char=tok.idx,
                recalled=any(
                    c.dep_ == "amod" and c.lower_ in RECALL_WORDS - {"last"} for c in tok.children
                ),
                date_at=sent.start_char,
            )
        done_tokens.update(t.token for t in triggers)


def _group_ref_in(doc: Doc, toks: set[int]) -> bool:
    for i in toks:
        if doc[i].lower_ in GROUP_REFS or (
            doc[i].lower_ == "state" and i > 0 and doc[i - 1].lower_ == "of"
        ):
            window = {doc[j].lower_ for j in range(max(0, i - 4), i)}
            if window & {"two", "both"}:
                return True
    return False


def _has_call_structure(tok: Token, pred: Token) -> bool:
    """A bare "call" is a phone call when it is held, made or received, or is with someone."""
    if pred.lemma_ in (
        "hold",
        "have",
        "make",
        "receive",
        "place",
        "take",
        "return",
        "end",
        "begin",
    ):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ in ("with", "between", "from", "to") for c in tok.children
    )


def _dedupe(refs: list[PartyRef], ents: DocEntities) -> list[PartyRef]:
    out: list[PartyRef] = []
    keys: set[str] = set()
    for r in refs:
        k = r.key(ents)
        if k not in keys:
            keys.add(k)
            out.append(r)
    return out


def _party_index(parties: list[PartyRef], who: PartyRef | None, ents: DocEntities) -> int | None:
    """Which party `who` is: the same person first, else the one party that may hold
    its office ("the president" is not a named party who merely has no title)."""
    if who is None:
        return None
    key = who.key(ents)
    exact = [k for k, p in enumerate(parties) if p.key(ents) == key]
    if exact:
        return exact[0]
    loose = [k for k, p in enumerate(parties) if _same_party(p, who, ents)]
    return loose[0] if len(loose) == 1 else None


def _same_party(a: PartyRef, b: PartyRef, ents: DocEntities) -> bool:
    """Same key, or an office-only party and a named one that may hold that office."""
    if a.key(ents) == b.key(ents):
        return True
    if a.cluster is None and b.cluster is None:
        return False
    if a.cluster is not None and b.cluster is not None:
        return False  # two named people of different clusters
    ref, named = (a, b) if a.cluster is None else (b, a)
    cluster = ents.clusters[named.cluster]  # type: ignore[index]
    if ref.country is None:
        # An office without a country may be held by a person of no other office.
        return _may_hold(ref, cluster)
    named_country = named.country or cluster.country
    if named_country is None or named_country == ref.country:
        return True
    # A country only guessed from nearby words gives way to an office's stated one, when
    # the person holds no other office ("the American president" and an untitled "Trump").
    return cluster.country_basis == "inferred" and _may_hold(ref, cluster)


def _may_hold(office: PartyRef, cluster: Cluster) -> bool:
    """The named person has no office, or one of the same kind as `office`'s title."""
    if not office.title:
        return False
    head = norm(office.title).split()[-1]
    return not cluster.titles or any(norm(t).endswith(head) for t in cluster.titles if t)


def _is_official(ents: DocEntities, m: PersonMention) -> bool:
    if m.by_title:
        return True
    cluster = ents.clusters[m.cluster]
    lex = lexicon()
    titles = {norm(t) for t in cluster.titles}
    return any(any(w in lex.leader_titles for w in [t] + t.split()) for t in titles) or bool(
        cluster.country and titles
    )


SPOKES_WORDS = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople"})


def _is_reporting_source(doc: Doc, m: PersonMention) -> bool:
    """A person only cited as the source ("..., Peskov said", "according to spokesperson
    X")."""
    tok = doc[m.end - 1]
    if any(a.lower_ == "according" for t in doc[m.start : m.end] for a in t.ancestors):
        return True
    before = {doc[j].lower_ for j in range(max(0, m.start - 2), m.start)}
    if before & SPOKES_WORDS or (m.title and norm(m.title).split()[-1] in SPOKES_WORDS):
        return True
    return tok.dep_ == "nsubj" and tok.head.lemma_ in (
        "say",
        "tell",
        "report",
        "add",
        "note",
        "write",
        "confirm",
    )


def _nearest_subject_before(
    doc: Doc, ents: DocEntities, sent: Span, i: int
) -> PersonMention | None:
    best = None
    for m in ents.persons:
        if sent.start <= m.start < i:
            best = m
    return best


def _media_context(doc: Doc, sent: Span, tok: Token, pred: Token) -> bool:
    if pred.lemma_ in ("tell", "say", "interview", "report", "write", "post", "tweet"):
        # "X told Y during their phone call": the call is where X told a person.
        told = [c for c in pred.children if c.dep_ in ("dobj", "dative")]
        in_call = tok.dep_ == "pobj" and tok.head.lower_ in ("during", "in", "on", "over")
        if not (
            pred.lemma_ == "tell"
            and in_call
            and any(
                t.ent_type_ == "PERSON" or t.lower_ in lexicon().titles
                for c in told
                for t in c.subtree
            )
        ):
            return True
    for head in {tok, pred}:
        for child in head.children:
            if child.dep_ in ("prep", "dative", "dobj") and child.lower_ in (
                "to",
                "with",
                "reporters",
                "journalists",
            ):
                words = {t.lower_ for t in child.subtree}
                if words & MEDIA_WORDS and not any(t.ent_type_ == "PERSON" for t in child.subtree):
                    return True
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else ""
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    if nxt in (
        "interview",
        "interviews",
        "poll",
        "survey",
        "scam",
        "scams",
        "number",
        "numbers",
    ) or prev in ("earnings", "conference"):
        return True
    words = {t.lower_ for t in sent}
    return bool(
        words
        & {"earnings", "analysts", "investors", "shareholders", "helpline", "robocalls", "robocall"}
    )


def _status(doc: Doc, sent: Span, tok: Token, pred: Token) -> str:
    chain = [tok, pred]
    cur = pred
    for _ in range(3):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        chain.append(cur)
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
    # "X and Y agreed in their phone talks to ...": the call is where they agreed, not what.
    adjunct_of = (
        tok.head.head.i
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during", "over", "on", "by")
        else -1
    )
    for t in chain:
        for child in t.children:
            if child.dep_ == "neg" and t.i in (tok.i, pred.i):
                return "denied"
        if t.lemma_ in DENIED_LEMMAS:
            return "denied"
    # "no plans for a phone call", "a request for a call": the call hangs on a plan.
    if tok.dep_ == "pobj" and tok.head.lower_ in ("for", "of") and tok.head.head.pos_ == "NOUN":
        plan = tok.head.head
        if plan.lemma_ in PLAN_NOUNS:
            if any(c.dep_ == "det" and c.lower_ == "no" for c in plan.children):
                return "denied"
            return "planned"
    for t in [tok, pred]:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return "denied"
        if any(c.dep_ in ("amod", "compound") and c.lemma_ in DENIED_LEMMAS for c in t.children):
            return "denied"
    for t in chain[:3] + gov:
        for child in t.children:
            if child.dep_ == "aux" and child.lower_ in (
                "will",
                "would",
                "shall",
                "'ll",
                "to",
                "could",
                "may",
                "might",
            ):
                if not (
                    child.lower_ == "to"
                    and t.head.lemma_ in ("begin", "start", "continue", "go", "use")
                ):
                    return "planned"
        if (
            t.lemma_ in PLANNED_HEADS
            and t.i != tok.i
            and t.i not in not_governing
            and t.i != adjunct_of
        ):
            return "planned"
        if t.lower_ in (
            "upcoming",
            "forthcoming",
            "planned",
            "proposed",
            "requested",
            "scheduled",
            "expected",
            "possible",
        ):
            return "planned"
    for child in tok.children:
        if child.lower_ in (
            "upcoming",
            "forthcoming",
            "planned",
            "proposed",
            "requested",
            "scheduled",
            "expected",
            "possible",
            "potential",
            "future",
            "next",
        ):
            return "planned"
    return "held"


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


def _initiator(
    doc: Doc, ents: DocEntities, sent: Span, tok: Token, pred: Token, trig: Trigger
) -> PartyRef | None:
    # "at the request / initiative of X", "at X's initiative",
    # "at the initiative of the Chilean side"
    for t in sent:
        if _is_initiative(t):
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
                if code:
                    return PartyRef(None, None, None, code)
            for word in ("latter", "former"):
                if any(x.lower_ == word for x in window):
                    return PartyRef(None, word, None, None)
    # "..., Y, who called to brief him": the relative clause's antecedent called.
    for t in sent:
        if (
            t.dep_ == "relcl"
            and t.lemma_ in ("call", "phone", "telephone", "ring")
            and not any(c.dep_ in ("dobj", "obj", "oprd") for c in t.children)
            and any(c.lower_ in ("who",) for c in t.children)
            and t.head.i in ents.person_at
        ):
            return _party_from_mention(doc, ents, ents.person_at[t.head.i])
    # "received a call from X", "a call from X"; the parse may hang "from X" on the verb
    froms = list(tok.children)
    if pred.i != tok.i and pred.lemma_ in ("receive", "get", "take", "accept", "answer"):
        froms += list(pred.children)
    for child in froms:
        if child.dep_ == "prep" and child.lower_ == "from":
            persons = [ents.person_at[x.i] for x in child.subtree if x.i in ents.person_at]
            if persons:
                return _party_from_mention(doc, ents, persons[0])
    # "X called / phoned Y", "X made a call to Y"; not "X did not call Y"
    placed = tok.lemma_ == "call" and pred.lemma_ in ("make", "place", "initiate")
    if (trig.kind == "call_verb" or placed) and not any(
        c.dep_ == "neg" for v in {tok, pred} for c in v.children
    ):
        subj = _subject_tokens(pred if trig.kind != "call_verb" else tok)
        persons = [m for m in _mentions_in(ents, sent.start, sent.end) if m.start in subj]
        if persons:
            return _party_from_mention(doc, ents, persons[0])
    return None


# --- initiator evidence anywhere in the document ------------------------------------------
# A call's initiator is often told in another sentence than the one that reports the call:
# "The call was initiated by X." after the report, "the leaders ahead of X to call Y", or
# "held at the initiative of the Peruvian side" with the side named only by its country.

# Verbs whose agent placed or asked for a call: "the call was initiated / requested by X".
INITIATE_VERBS = frozenset({"initiate", "request", "place", "make", "arrange", "seek"})
# Nouns that can refer back to a call already reported ("the call", "the conversation").
CALL_REF_NOUNS = frozenset(
    {
        "call",
        "conversation",
        "talk",
        "talks",
        "discussion",
        "contact",
        "exchange",
        "chat",
        "videoconference",
        "video-conference",
        "teleconference",
        "phone-call",
    }
)
CALL_REF_DETS = frozenset({"the", "this", "that", "these", "those", "their", "his", "her", "its"})
# "the leaders ahead of X to call Y", "the first after X to call Y", "like X, Z called Y":
# words that compare one caller with others who did the same.
ALSO_CALLED_WORDS = frozenset(
    {"ahead", "after", "before", "behind", "like", "besides", "following"}
)


@dataclass(frozen=True, slots=True)
class _InitEvidence:
    """Who placed or asked for a call, as one sentence tells it."""

    sent: tuple[int, int]  # char span of the sentence
    caller: PartyRef
    callee: PartyRef | None  # the other side, when the sentence names it ("X called Y")
    attached: bool  # the wording is tied to the call word, not only in the same sentence
    plural: bool  # "the calls were initiated by X": may refer to several calls


def _ref_in(doc: Doc, ents: DocEntities, toks: list[Token]) -> PartyRef | None:
    """The party a phrase names: a person, else a country ("the United States", "the
    Peruvian side", "the Elysee")."""
    ids = {t.i for t in toks}
    for t in sorted(toks, key=lambda x: x.i):
        if t.i in ents.person_at:
            return _party_from_mention(doc, ents, ents.person_at[t.i])
    lex = lexicon()
    for ent in doc.ents:
        if ent.start in ids and ent.label_ in ("GPE", "NORP", "ORG", "FAC", "LOC"):
            code = lex.country(ent.text)
            if code:
                return PartyRef(None, None, None, code)
    for t in sorted(toks, key=lambda x: x.i):
        if t.text[:1].isupper() and t.pos_ in ("PROPN", "ADJ", "NOUN"):
            code = lex.country(t.text)
            if code:
                return PartyRef(None, None, None, code)
    return None


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
            (c.dep_ == "prep" and c.lower_ in ("for", "to", "about")) or c.dep_ in ("acl", "relcl")
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
            objs = [t for t in child.subtree if t.i != child.i and t.dep_ == "pobj"]
            for obj in objs:
                found.extend(
                    ents.person_at[t.i] for t in [obj, *obj.conjuncts] if t.i in ents.person_at
                )
    out: list[PersonMention] = []
    for m in found:
        if m not in out:
            out.append(m)
    return out


def _initiator_evidence(doc: Doc, ents: DocEntities) -> list[_InitEvidence]:
    """Every statement in the document of who placed or asked for a call."""
    out: list[_InitEvidence] = []
    for sent in doc.sents:
        span = (sent.start_char, sent.end_char)

        def add(
            caller: PartyRef | None,
            callee: PartyRef | None = None,
            *,
            attached: bool = True,
            plural: bool = False,
            span: tuple[int, int] = span,
        ) -> None:
            if caller is not None and (callee is None or caller.key(ents) != callee.key(ents)):
                out.append(_InitEvidence(span, caller, callee, attached, plural))

        for tok in sent:
            # "the call was initiated by X", "a call requested by X"
            if tok.lemma_ in INITIATE_VERBS and tok.tag_ == "VBN":
                agents = [c for c in tok.children if c.dep_ == "agent"]
                calls = [c for c in tok.children if c.dep_ == "nsubjpass" and _refers_to_call(c)]
                if tok.dep_ == "acl" and _refers_to_call(tok.head):
                    calls.append(tok.head)
                if agents and calls:
                    add(
                        _ref_in(doc, ents, [t for t in agents[0].subtree if t.i != agents[0].i]),
                        plural=_is_plural(calls[0]),
                    )
            # "X initiated / requested the call"
            elif tok.lemma_ in INITIATE_VERBS and tok.pos_ == "VERB":
                calls = [
                    c for c in tok.children if c.dep_ in ("dobj", "obj") and _refers_to_call(c)
                ]
                if calls:
                    subj = _subject_tokens(tok)
                    callers = [m for m in ents.persons if m.start in subj]
                    if callers:
                        add(_party_from_mention(doc, ents, callers[0]), plural=_is_plural(calls[0]))
            # "at the request of X", "on the initiative of the Peruvian side"
            if _is_initiative(tok):
                owner = tok.head.head if tok.head.dep_ == "prep" else None
                attached = owner is not None and (
                    _refers_to_call(owner)
                    or any(
                        c.dep_ in ("nsubj", "nsubjpass") and _refers_to_call(c)
                        for c in owner.children
                    )
                    or (owner.dep_ == "acl" and _refers_to_call(owner.head))
                )
                add(_initiative_phrase(doc, ents, tok), attached=attached)
            # "received a call from X", "a phone call from X" (a person; in "a summary of
            # the call from the Kremlin" the place is where the summary comes from)
            if (_is_call_noun(tok) or tok.lower_ in ("conversation", "phone-call")) and not (
                tok.dep_ == "pobj" and tok.head.lower_ == "of"
            ):
                for child in tok.children:
                    if child.dep_ == "prep" and child.lower_ == "from":
                        by = [m for m in ents.persons if m.start in {t.i for t in child.subtree}]
                        caller = _party_from_mention(doc, ents, by[0]) if by else None
                        # "a call from X to Y" (the parser may hang "to Y" on X)
                        got = [
                            m
                            for c in tok.subtree
                            if c.dep_ == "prep" and c.lower_ == "to"
                            for m in ents.persons
                            if m.start in {t.i for t in c.subtree}
                        ]
                        if tok.head.lemma_ in ("receive", "get", "take", "accept", "answer"):
                            subj = _subject_tokens(tok.head)
                            got += [m for m in ents.persons if m.start in subj]
                        callee = _party_from_mention(doc, ents, got[0]) if got else None
                        # "the call from X" refers back to a call; "a call from X" is new.
                        add(caller, callee, attached=callee is None and _refers_to_call(tok))
            # "X called / phoned Y", and those who did the same ("ahead of X to call Y")
            if tok.lemma_ in CALL_VERBS and tok.pos_ == "VERB" and _is_phone_verb(tok):
                # "called Y" (the parser sometimes takes the person Y for a complement)
                objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")] or [
                    c for c in tok.children if c.dep_ == "oprd" and c.i in ents.person_at
                ]
                callee_m = [
                    m for m in ents.persons if objs and m.start in {t.i for t in objs[0].subtree}
                ]
                callee = _party_from_mention(doc, ents, callee_m[0]) if callee_m else None
                if callee is not None and _told_as_done(tok):
                    for m in _callers_of(doc, ents, tok):
                        add(_party_from_mention(doc, ents, m), callee)
            # "Y was called by X"
            if (
                tok.lemma_ in CALL_VERBS
                and tok.tag_ == "VBN"
                and any(c.dep_ == "auxpass" for c in tok.children)
                and not any(c.dep_ in ("oprd", "attr", "xcomp", "prt") for c in tok.children)
            ):
                agents = [c for c in tok.children if c.dep_ == "agent"]
                subj = _subject_tokens(tok)
                got = [m for m in ents.persons if m.start in subj]
                if agents and got and _told_as_done(tok):
                    by = [m for m in ents.persons if m.start in {t.i for t in agents[0].subtree}]
                    if by:
                        add(
                            _party_from_mention(doc, ents, by[0]),
                            _party_from_mention(doc, ents, got[0]),
                        )
    return out


def _told_as_done(verb: Token) -> bool:
    """ "X called Y", "the first to call Y": not "will call", "is expected to call", "did not
    call" (a statement of both sides may be used for a call told in another sentence)."""
    chain = [verb]
    if verb.dep_ in ("xcomp", "advcl", "relcl", "acl", "ccomp") and verb.head.i != verb.i:
        chain.append(verb.head)
    for t in chain:
        for c in t.children:
            if c.dep_ == "neg" or (
                c.dep_ == "aux" and c.lower_ in ("will", "would", "shall", "'ll", "may", "might")
            ):
                return False
        if t.i != verb.i and t.lemma_ in PLANNED_HEADS:
            return False
    return True


def _stated_country(p: PartyRef, ents: DocEntities) -> str | None:
    """The country a party's own title or mention names ("Russian President" -> RUS)."""
    texts = [p.mention or "", p.title or ""]
    if p.cluster is not None:
        texts += [t for t in ents.clusters[p.cluster].titles if t]
    lex = lexicon()
    for text in texts:
        words = text.replace("’s", "").replace("'s", "").split()
        for k in range(len(words)):
            for n in (3, 2, 1):
                code = lex.country(" ".join(words[k : k + n])) if k + n <= len(words) else None
                if code:
                    return code
    return None


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


def _initiators_from_text(doc: Doc, ents: DocEntities, cands: list[CallCandidate]) -> None:
    """Give calls without an initiator the one another sentence states: a statement naming
    both sides ("X called Y") goes to the one call between them; one naming only the caller
    ("the call was initiated by X") to the call of its own sentence, else the last call told
    before it."""
    if not cands:
        return
    evidence = _initiator_evidence(doc, ents)
    for ev in evidence:
        own = [c for c in cands if _span_in(ev.sent, c.sentences)]
        if ev.callee is not None:
            pairs = [
                (c, k)
                for c in cands
                if (k := _side_of(c.parties, ev.caller, ents)) is not None
                and (j := _side_of(c.parties, ev.callee, ents)) is not None
                and j != k
            ]
            mine = [(c, k) for c, k in pairs if any(c is o for o in own)]
            chosen = mine or pairs
            if len(chosen) == 1 and chosen[0][0].initiator is None:
                chosen[0][0].initiator = chosen[0][1]
            continue
        targets = own
        if not targets and ev.attached:
            before = [c for c in cands if min(s for s, _ in c.sentences) < ev.sent[0]]
            if before:
                last = max(max(s for s, _ in c.sentences if s < ev.sent[0]) for c in before)
                targets = [c for c in before if any(s == last for s, _ in c.sentences)]
        found = [(c, k) for c in targets if (k := _side_of(c.parties, ev.caller, ents)) is not None]
        if len(found) > 1 and not (ev.plural or own):
            continue
        for c, k in found:
            if c.initiator is None:
                c.initiator = k


def _span_in(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _group_parties(
    doc: Doc, ents: DocEntities, previous: list[CallCandidate]
) -> list[PartyRef] | None:
    # "the two leaders" are the parties of the last call reported as held, not of one planned.
    held = [c for c in previous if c.status == "held"]
    if held:
        return list(held[-1].parties)
    if previous:
        return None
    # Sitting leaders first ("the two heads of state"), then people of a known country, then
    # the most mentioned.
    counts = sorted(
        ents.person_clusters(),
        key=lambda ci: (
            not holds_office(ents.clusters[ci]),
            ents.clusters[ci].country is None,
            -len(ents.clusters[ci].mentions),
        ),
    )
    picked: list[int] = []
    for ci in counts:
        c = ents.clusters[ci]
        if c.name is None:
            continue
        if (
            picked
            and ents.clusters[picked[0]].country
            and c.country == ents.clusters[picked[0]].country
        ):
            continue
        picked.append(ci)
        if len(picked) == 2:
            break
    if len(picked) < 2:
        return None
    return [
        PartyRef(ci, ents.clusters[ci].name, ents.clusters[ci].title, ents.clusters[ci].country)
        for ci in picked
    ]


def _other_events_date(ent: Span) -> bool:
    """ "ahead of next week's summit", "before Sunday's election": the date of that event;
    "Friday's phone call" is the call's own."""
    owner = ent.root.head
    return (
        ent.root.dep_ == "poss"
        and owner.lemma_.lower() not in CALL_NOUNS
        and owner.lower_ not in VIDEO_WORDS
    )


FOLLOW_UP_SENTENCES = 2


def _follow_up_dates(doc: Doc, ents: DocEntities, cand: CallCandidate) -> list[str]:
    """A call whose own sentences give no date, dated by the next sentences that refer back
    to it: "During Sunday's call, ...", "The conversation took place on 28 December"."""
    if not cand.sent_token_spans:
        return []
    end = max(e for _, e in cand.sent_token_spans)
    own = {p.cluster for p in cand.parties if p.cluster is not None}
    seen = 0
    for sent in doc.sents:
        if sent.start < end or not sent.text.strip():
            continue
        seen += 1
        if seen > FOLLOW_UP_SENTENCES:
            break
        others = {
            m.cluster
            for m in ents.persons
            if sent.start <= m.start < sent.end and not m.by_title and m.cluster not in own
        }
        if others:
            break  # someone else comes in: no longer this call
        for tok in sent:
            if tok.lemma_ not in CALL_NOUNS or tok.pos_ != "NOUN":
                continue
            definite = any(
                c.lower_ in ("the", "this", "that", "their") or c.ent_type_ in ("DATE", "TIME")
                for c in tok.children
            )
            if not definite:
                continue
            # Only a date of the call itself: "Sunday's call", "the call on Sunday", "the
            # conversation took place on 28 December".
            for ent in sent.ents:
                if ent.label_ not in ("DATE", "TIME"):
                    continue
                head = ent.root.head
                via = head.head if head.dep_ == "prep" else head
                if head.i == tok.i or via.i == tok.i or (
                    tok.dep_ in ("nsubj", "nsubjpass") and via.i == tok.head.i
                ):
                    return [_date_text(doc, ent)]
    return []


def _sentence_dates(
    doc: Doc, sent: Span, trig: Token, people: dict[int, PersonMention] | None = None
) -> list[str]:
    """DATE/TIME texts of the sentence, nearest to the trigger first; "since June" is not the call's."""
    found = []
    # Dates between a reporting verb and the subject of the clause it reports belong to the
    # reporting, however the parse attaches them.
    said_end = -1
    clause = _predicate(trig)
    if clause.dep_ == "ccomp" and clause.head.lemma_ in REPORTING_LEMMAS:
        subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and clause.head.i < subj[0].i:
            said_end = subj[0].left_edge.i
            said_start = clause.head.i
            said_end = said_end if said_start < said_end else -1
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if people and any(i in people for i in range(ent.start, ent.end)):
            continue  # "Theresa May": a name, not a month
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if before in DATE_BLOCKERS and before != "last":
            continue
        if ent.text.lower().startswith(("since", "until")):
            continue
        if ent.root.head.i != trig.i and _other_events_date(ent):
            continue
        if said_end > 0 and clause.head.i < ent.start < said_end:
            continue  # "X said on Monday he had spoken ...": the saying's day
        # "X said on Wednesday that their call ...": the date of the saying, not of the call.
        head = ent.root.head
        if head.dep_ == "prep":
            head = head.head
        if (
            head.lemma_ in REPORTING_LEMMAS
            and head.i != trig.i
            and trig.i not in {t.i for t in head.children if t.dep_ in ("dobj", "nsubj")}
        ):
            continue
        found.append((abs(ent.start - trig.i), _date_text(doc, ent)))
    found.sort()
    return [t for _, t in found]


def _date_text(doc: Doc, ent: Span) -> str:
    """The entity's text, with the day number the model left out of it ("14 | March 2021",
    "October | 3"): without it the date is only a month. "Later in | the day" is kept whole
    for the reader."""
    start, end = ent.start, ent.end
    if month_number(doc[start].text) is not None and start > 0 and _is_day(doc[start - 1]):
        start -= 1
    elif ent.text.lower() in ("the day", "that day"):
        while start > 0 and doc[start - 1].lower_ in ("in", "later", "earlier"):
            start -= 1
    elif (
        end - start == 1
        and month_number(doc[start].text) is not None
        and end < len(doc)
        and _is_day(doc[end])
    ):
        end += 1
    return doc[start:end].text if (start, end) != (ent.start, ent.end) else ent.text


def _day_month_texts(span: Span) -> list[str]:
    """Day-and-month dates the model tagged as no DATE at all, as in headlines ("PM call with
    X: 3 May", where "May" reads as a name): a day number next to a month name, and a year
    after them if there is one."""
    found = []
    for tok in span:
        if month_number(tok.text) is None or tok.ent_type_ == "DATE":
            continue
        start, end = tok.i, tok.i + 1
        if start > span.start and _is_day(tok.doc[start - 1]):
            start -= 1
        elif end < span.end and _is_day(tok.doc[end]):
            end += 1
        else:
            continue
        year = end + 1 if end < span.end and tok.doc[end].text == "," else end
        if year < span.end and tok.doc[year].like_num and len(tok.doc[year].text) == 4:
            end = year + 1
        found.append(tok.doc[start:end].text)
    return found


def _is_day(tok: Token) -> bool:
    digits = tok.lower_.removesuffix("st").removesuffix("nd").removesuffix("rd")
    digits = digits.removesuffix("th")
    # The model often tags such a day as a CARDINAL of its own.
    plain = tok.ent_type_ in ("", "DATE", "CARDINAL")
    return plain and digits.isdigit() and 1 <= int(digits) <= 31


def _story_days(doc: Doc, anchor: dt.date | None) -> list[tuple[int, dt.date]]:
    """Every day the text names, in order (char offset, day): "later that day" is the last
    one before it."""
    days = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        resolved = resolve_expression(_date_text(doc, ent), anchor)
        if resolved is not None and resolved.value is not None:
            days.append((ent.start_char, resolved.value))
    return days


def _previous_call(
    ents: DocEntities, earlier: list[CallCandidate], cand: CallCandidate
) -> CallCandidate | None:
    """The held call reported last before `cand` with a party in common."""
    keys = {p.key(ents) for p in cand.parties}
    for prev in reversed(earlier):
        if prev.status == "held" and keys & {p.key(ents) for p in prev.parties}:
            return prev
    return None


def _lede_dates(
    doc: Doc, ents: DocEntities, cand: CallCandidate, title_sent: Span | None
) -> list[str]:
    """DATE texts of the lead sentence when it restates the title's call: the first sentence
    after the title that names the call's parties, with one of the title's verbs as its own
    ("X, Y discuss oil over phone" / "X and Y discussed oil on Monday"). A caption that names
    them ("X and Y shake hands in Lima, May 3") has a verb of its own."""
    if title_sent is None:
        return []
    clusters = {p.cluster for p in cand.parties if p.cluster is not None}
    if len(clusters) < 2:
        return []
    verbs = {t.lemma_.lower() for t in title_sent if t.pos_ == "VERB"}
    for sent in doc.sents:
        if sent.start_char < title_sent.end_char or not sent.text.strip():
            continue
        at = ents.person_at
        named = {at[i].cluster for i in range(sent.start, sent.end) if i in at}
        if not clusters <= named:
            continue
        root = sent.root
        if root.lemma_.lower() not in verbs or root.lemma_.lower() in IN_PERSON_LEMMAS:
            return []
        return _sentence_dates(doc, sent, root, at)
    return []


def _merge_repeats(
    doc: Doc, ents: DocEntities, cands: list[CallCandidate], anchor: dt.date | None = None
) -> list[CallCandidate]:
    """One record per call: the same parties again are the same call unless dates differ."""
    out: list[CallCandidate] = []
    for cand in cands:
        keys = frozenset(p.key(ents) for p in cand.parties)
        target = None
        for prev in out:
            pkeys = frozenset(p.key(ents) for p in prev.parties)
            if not _compatible_parties(prev, cand, ents, pkeys, keys):
                continue
            if prev.recalled != cand.recalled:
                continue
            if (
                prev.status != cand.status
                and "held" in (prev.status, cand.status)
                and prev.date_texts
                and cand.date_texts
            ):
                continue
            if _distinct_dates(prev.date_texts, cand.date_texts, anchor):
                continue
            target = prev
            break
        if target is None:
            out.append(cand)
            continue
        # Prefer named parties over office-only ones; a name takes the office's country.
        target.parties = _best_parties(target.parties, cand.parties, ents)
        target.sentences.extend(s for s in cand.sentences if s not in target.sentences)
        target.sent_token_spans.extend(
            s for s in cand.sent_token_spans if s not in target.sent_token_spans
        )
        if not target.date_texts and cand.date_texts:
            target.date_texts = cand.date_texts
            target.date_at = cand.date_at
        if target.status != "held" and cand.status == "held":
            target.status = "held"
        if target.medium == "unspecified" and cand.medium != "unspecified":
            target.medium = cand.medium
        if target.initiator is None and cand.initiator is not None:
            target.initiator = _party_index(target.parties, cand.parties[cand.initiator], ents)
        target.confidence = min(0.99, max(target.confidence, cand.confidence) + 0.03)
    return out


def _best_parties(a: list[PartyRef], b: list[PartyRef], ents: DocEntities) -> list[PartyRef]:
    # One to one, same people first: an office-only party may only stand for someone who is
    # not already the other side of the call.
    match: dict[int, int] = {}
    for i, p in enumerate(a):
        j = next((j for j, x in enumerate(b) if x.key(ents) == p.key(ents)), None)
        if j is not None and j not in match.values():
            match[i] = j
    for i, p in enumerate(a):
        if i not in match:
            j = next(
                (j for j, x in enumerate(b) if j not in match.values() and _same_party(p, x, ents)),
                None,
            )
            if j is not None:
                match[i] = j
    out = []
    for i, p in enumerate(a):
        q = b[match[i]] if i in match else None
        if q is None:
            out.append(p)
            continue
        named, other = (p, q) if p.cluster is not None else (q, p)
        country = named.country or other.country
        if (
            other.cluster is None
            and other.country
            and named.cluster is not None
            and ents.clusters[named.cluster].country_basis == "inferred"
        ):
            country = other.country  # the office's stated country over a guess
        out.append(
            PartyRef(
                named.cluster,
                named.mention,
                named.title or other.title,
                country,
                named.org or other.org,
            )
        )
    return out


def _compatible_parties(
    prev: CallCandidate,
    cand: CallCandidate,
    ents: DocEntities,
    pkeys: frozenset[str],
    keys: frozenset[str],
) -> bool:
    if pkeys == keys:
        return True
    if len(pkeys) != len(keys):
        return False
    # An office-only party matches a named one of the same country.
    unmatched = [p for p in cand.parties if p.key(ents) not in pkeys]
    others = [p for p in prev.parties if p.key(ents) not in keys]
    if len(unmatched) != len(others):
        return False
    return all(any(_same_party(u, o, ents) for o in others) for u in unmatched)


def _distinct_dates(a: list[str], b: list[str], anchor: dt.date | None = None) -> bool:
    """Two mentions of calls between the same people are different calls when their own
    sentences give different days (or months)."""
    ra, rb = _first_date(a, anchor), _first_date(b, anchor)
    if ra is None or rb is None:
        return False
    if ra.value is not None and rb.value is not None:
        return ra.value != rb.value
    return norm(ra.text) != norm(rb.text)


def _first_date(texts: list[str], anchor: dt.date | None) -> Any:
    for text in texts:
        resolved = resolve_expression(text, anchor)
        if resolved is not None and resolved.granularity in ("day", "month"):
            return resolved
    return None


LEDE_TOKENS = 100


def _name_offices(doc: Doc, ents: DocEntities, cands: list[CallCandidate]) -> None:
    """An office named without a country ("the Prime Minister" of an official readout) is
    the one person the top of the article names without any office, before the call's
    sentence, when that person is not already the call's other side."""
    first: dict[int, int] = {}
    for m in ents.persons:
        if not m.by_title:
            first.setdefault(m.cluster, m.start)
    untitled = [
        ci
        for ci in ents.person_clusters()
        if first.get(ci, LEDE_TOKENS) < LEDE_TOKENS
        and ents.clusters[ci].name
        and not ents.clusters[ci].titles
    ]
    # Further down, only someone plainly a person: "Mr Brown will travel ...".
    lex = lexicon()
    anywhere = [
        ci
        for ci in ents.person_clusters()
        if ci in first
        and ents.clusters[ci].name
        and all(norm(t) in lex.honorifics for t in ents.clusters[ci].titles)
        and any(
            m.start > 0 and norm(doc[m.start - 1].text) in lex.honorifics
            for m in ents.persons
            if m.cluster == ci
        )
    ]
    for cand in cands:
        taken = {p.cluster for p in cand.parties if p.cluster is not None}
        start = min((s for s, _ in cand.sent_token_spans), default=0)
        for k, p in enumerate(cand.parties):
            if p.cluster is not None or p.country is not None or not p.title or p.org:
                continue
            free = [ci for ci in untitled if ci not in taken and first[ci] < start]
            if not free:
                # Named only further down ("Mr X will travel to ..."), when the only one.
                later = [ci for ci in anywhere if ci not in taken]
                free = later if len(later) == 1 else []
            if len(free) == 1:
                ci = free[0]
                cand.parties[k] = PartyRef(ci, p.mention, p.title, ents.clusters[ci].country)
                taken.add(ci)


OFFICE_WINDOW = 6


BUSINESS_TITLE_WORDS = frozenset(
    {
        "ceo", "executive", "chief", "founder", "cofounder", "co-founder", "coach", "captain",
        "manager", "owner", "director", "striker", "midfielder", "goalkeeper", "boss",
        "chairman", "chairwoman", "investor", "banker", "analyst",
    }
)


def _business_call(doc: Doc, ents: DocEntities, cand: CallCandidate) -> bool:
    """Every side named by a company's or a team's office and none by a state's: "chief
    executive X spoke by phone with Y's chief Z" is not a call between officials."""
    lex = lexicon()
    business = False
    for p in cand.parties:
        cluster = ents.clusters[p.cluster] if p.cluster is not None else None
        titles = [t for t in [p.title or "", *(cluster.titles if cluster else [])] if t]
        words = {w for t in titles for w in norm(t).replace("-", " ").split()}
        # Words of office the title list does not hold: "coach X", "captain Y".
        for m in ents.persons:
            if p.cluster is not None and m.cluster == p.cluster and m.start > 0:
                words.update(doc[j].lower_ for j in range(max(0, m.start - 2), m.start))
        if p.org or (cluster is not None and cluster.country_basis == "stated"):
            return False
        state = any(w in lex.titles and w not in BUSINESS_TITLE_WORDS for w in words)
        if state:
            return False  # "army chief General X", "Chief of Staff" with a president
        if words & BUSINESS_TITLE_WORDS:
            business = True
    return business


def _official_call(doc: Doc, ents: DocEntities, cand: CallCandidate) -> bool:
    """A side is an office holder, or the call's own sentences name someone by office
    ("The Chancellor and the French president then talked ..."). Only asked of the
    ambiguous shapes, a bare verb "X called/rang Y" or a call of no stated medium: "X spoke
    by phone with Y" and "a telephone conversation" are calls whoever X and Y are."""
    if _business_call(doc, ents, cand):
        return False
    if not (cand.rule.startswith("call.call_verb") or cand.medium == "unspecified"):
        return True
    if any(_official_party(doc, ents, p) for p in cand.parties):
        return True
    return any(
        m.by_title and s <= m.start < e for m in ents.persons for s, e in cand.sent_token_spans
    )


def _official_party(doc: Doc, ents: DocEntities, p: PartyRef) -> bool:
    """An office holder or a state: named with a title, by office alone, as an organisation,
    with a country the text states for them, near an office word anywhere in the document
    ("presidents X and Y", "the Minister of Foreign Affairs, X"), or what an office
    reference of the document stands for ("the Russian leader")."""
    if p.cluster is None:
        return bool(p.title or p.org or p.country)
    cluster = ents.clusters[p.cluster]
    if p.org or cluster.country_basis == "stated":
        return True
    lex = lexicon()
    if any(norm(t) not in lex.honorifics for t in [p.title or "", *cluster.titles] if t):
        return True
    for m in ents.persons:
        if m.cluster != p.cluster:
            continue
        for j in range(max(0, m.start - OFFICE_WINDOW), m.start):
            word = doc[j].lower_
            if word in lex.titles or (word.endswith("s") and word[:-1] in lex.titles):
                return True
    # An office the document never pairs with a name ("The Prime Minister" of a readout
    # that names her only once, untitled) may be this person's.
    return any(
        m.by_title
        and holds_leader_title(m.title or "")  # the cheap test first
        and resolve_title_ref(ents, m) in (p.cluster, None)
        for m in ents.persons
    )


def _writer_countries(doc: Doc, ents: DocEntities) -> list[str]:
    """Countries by how likely the text is written from them: a seat of government that
    speaks ("Downing Street said") or the first of a pair ("UK-India ties") counts more than
    a country merely named."""
    lex = lexicon()
    score: Counter[str] = Counter()
    for code, n in ents.country_counts.items():
        score[code] += n
    for ent in doc.ents:
        code = lex.country(ent.text)
        if code and norm(ent.text) in SEAT_NAMES and ent.root.dep_ in ("nsubj", "compound"):
            score[code] += 3
    for tok in doc[1:-1]:
        if tok.text in ("-", "–") and not tok.whitespace_ and not doc[tok.i - 1].whitespace_:
            first, second = lex.country(doc[tok.i - 1].text), lex.country(doc[tok.i + 1].text)
            if first and second and first != second:
                score[first] += 2
    return [code for code, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))]


def _fill_countries(
    doc: Doc, ents: DocEntities, cands: list[CallCandidate], ctx: DocContext
) -> None:
    """Give a country to parties without one: the document's home country, when it is not the
    other side's (official readouts name only the foreign side's country)."""
    lex = lexicon()
    home = lex.country(ctx.dateline_place) if ctx.dateline_place else None
    writers = _writer_countries(doc, ents) if cands else []
    for cand in cands:
        for p in cand.parties:
            if p.country is None and p.cluster is not None:
                p.country = ents.clusters[p.cluster].country
        for p in cand.parties:
            if p.country is not None or p.org is not None:
                continue
            used = {q.country for q in cand.parties if q.country}
            p.country_fallback = True
            if home and home not in used:
                p.country = home
                continue
            for code in writers:
                if code not in used:
                    p.country = code
                    break


def _date_for(
    doc: Doc,
    ents: DocEntities,
    ctx: DocContext,
    cand: CallCandidate,
    title_sent: Span | None,
    *,
    main_event: bool,
    story_days: Sequence[tuple[int, dt.date]] = (),
    previous: dict[str, Any] | None = None,
) -> dict[str, Any]:
    title_dates: list[str] = []
    title_names_call = False
    if title_sent is not None:
        title_dates = [
            _date_text(doc, e)
            for e in title_sent.ents
            if e.label_ in ("DATE",) and not _other_events_date(e)
        ]
        title_dates += _day_month_texts(title_sent)
        tl = {t.lemma_ for t in title_sent} | {t.lower_ for t in title_sent}
        title_names_call = bool(
            tl
            & {
                "call",
                "phone",
                "telephone",
                "conversation",
                "talk",
                "speak",
                "video",
                "videoconference",
            }
        )
    reference = None
    for at, day in story_days:
        if at >= cand.date_at:
            break
        reference = day
    return call_date(
        sentence=cand.date_texts,
        title=title_dates,
        title_names_call=title_names_call and main_event,
        lede=_lede_dates(doc, ents, cand, title_sent) if main_event else (),
        main_event=main_event,
        dateline=ctx.dateline_date,
        published=ctx.published,
        status=cand.status,
        reference=reference,
        previous=previous,
    )


# --- topics ---------------------------------------------------------------------------------


@functools.cache
def _topic_table() -> dict[str, dict[str, Any]]:
    data = json.loads(resources.files("newsevents.data").joinpath("topics.json").read_text("utf-8"))
    return data["topics"]


_TOPIC_MATCHERS: dict[int, PhraseMatcher] = {}


def _topic_matcher(nlp_vocab: Any, make_doc: Any) -> PhraseMatcher:
    key = id(nlp_vocab)
    matcher = _TOPIC_MATCHERS.get(key)
    if matcher is None:
        matcher = PhraseMatcher(nlp_vocab, attr="LOWER")
        for label, spec in _topic_table().items():
            patterns = []
            for term in spec["terms"]:
                patterns.append(make_doc(term.lower()))
            matcher.add(label, patterns)
        _TOPIC_MATCHERS[key] = matcher
    return matcher


def _topics(doc: Doc, cand: CallCandidate, *, main_event: bool) -> list[dict[str, Any]]:
    """Topics in the sentences that report the call (and, for the main call, the readout after it)."""
    from spacy.tokens import Doc as _Doc

    vocab = doc.vocab

    def make_doc(text: str) -> _Doc:
        return _Doc(vocab, words=text.split())

    matcher = _topic_matcher(vocab, make_doc)
    spans = list(cand.sent_token_spans)
    if main_event and spans:
        # A readout's topics follow the sentence that reports the call.
        last_end = max(end for _, end in spans)
        following = [s for s in doc.sents if s.start >= last_end and not s.text.isspace()][:15]
        spans += [(s.start, s.end) for s in following if (s.start, s.end) not in spans]
    table = _topic_table()
    seen: dict[str, dict[str, Any]] = {}
    lemma_doc = _lemma_view(doc)
    for start, end in spans:
        for match_id, s, e in matcher(lemma_doc[start:end]):
            label = vocab.strings[match_id]
            if label in seen:
                continue
            span = doc[s:e]  # the matcher gives Doc-level token offsets
            seen[label] = {
                "label": label,
                "iptc": table[label]["iptc"],
                "evidence": {"start": span.start_char, "end": span.end_char, "text": span.text},
            }
    return list(seen.values())


def _lemma_view(doc: Doc) -> Doc:
    """A Doc of lowercase lemmas, token-aligned with `doc`, for lemma-level phrase matching."""
    from spacy.tokens import Doc as _Doc

    words = [(t.lemma_ or t.text).lower() or t.lower_ for t in doc]
    return _Doc(doc.vocab, words=words)


class CallRulesComponent:
    """Pipeline component form: stores the document's calls as dicts in doc.user_data."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        from newsevents.entities import find_entities

        ents = find_entities(doc)
        ctx = DocContext(
            doc_id="", title_span=None, published=None, dateline_date=None, dateline_place=None
        )
        doc.user_data["newsevents_calls"] = [
            {"parties": [p.mention for p in c.parties], "status": c.status, "medium": c.medium}
            for c in find_call_events(doc, ents, ctx)
        ]
        return doc
