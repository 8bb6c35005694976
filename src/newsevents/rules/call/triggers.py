"""Call triggers: the words that report a call ("phoned", "a phone call", "spoke by
video link") and the medium they name."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from spacy.matcher import Matcher

from newsevents.entities import plural_office
from newsevents.entities.ents import token_indices
from newsevents.lexicon import lexicon, words
from newsevents.rules.ty import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PHONE_WORDS = words("phone_words")
VIDEO_WORDS = words("video_words")
CALL_VERBS = words("call_verbs")
# "called for", "called on", "called off", "call out", "call up": not calls.
CALL_PARTICLES = words("call_particles")
# "called X back to Downing Street", "called X into talks": summoning someone somewhere.
SUMMON_PREPS = words("summon_preps")
# "their previous call": an earlier call than the one the article reports.
RECALL_WORDS = words("recall_words")
ARTICLES = words("articles")
CALL_DATE_PREPS = words("call_date_preps")
CALL_OF_VERBS = words("call_of_verbs")
CONVERSATION_WORDS = words("conversation_words")
MEDIUM_ADJUNCT_PREPS = words("medium_adjunct_preps")
MEDIUM_PHRASE_ARTICLES = words("medium_phrase_articles")
MEDIUM_PHRASE_NOUNS = words("medium_phrase_nouns")
MEDIUM_PHRASE_PREPS = words("medium_phrase_preps")
MEDIUM_PHRASE_TAILS = words("medium_phrase_tails")
NOT_CALL_NOUN_NEXT = words("not_call_noun_next")
NOT_CALL_NOUN_PREV = words("not_call_noun_prev")
# "a courtesy call on the minister": a diplomat's visit, unless a medium is named.
VISIT_CALL_PREV = words("visit_call_prev")
ENVOY_CALL_PREV = words("envoy_call_prev")
ENVOY_WORDS = words("envoy_words")
SO_CALLED_PREFIXES = words("so_called_prefixes")
SPEAK_VERBS = words("speak_verbs")
TALK_NOUNS = words("talk_nouns")
TALK_VERBS = words("talk_verbs")
TALK_VERBS_CORE = words("talk_verbs_core")
VIDEO_NOUNS = words("video_nouns")
VIDEO_WORDS_STRONG = words("video_words_strong")
VIRTUALLY_VERBS = words("virtually_verbs")
# "called X to congratulate him": verbs of a call's purpose clause.
CALL_PURPOSE_VERBS = words("call_purpose_verbs")
# "called his counterpart X": nouns that stand before the callee's name.
CALLEE_TITLE_NOUNS = words("callee_title_nouns")
# "had a conversation with X": talk nouns that are a call when X is an official.
BARE_TALK_NOUNS = words("bare_talk_nouns")
# "updated them on his conversation with X": a talk being reported on, not told.
TALK_REPORTED_PREPS = words("talk_reported_preps")
TALK_RECALL_WORDS = words("talk_recall_words")
GROUP_REFS = words("group_refs")
ANAPHORIC_DETS = words("anaphoric_dets")
# "took part in", "participated in", "joined", "was on" the call: one more person on it.
PARTICIPATION_VERBS = words("participation_verbs")
PARTICIPATION_OBJECTS = words("participation_objects")
PARTICIPATION_PREPS = words("participation_preps")
# The lemmas and words `_trigger_at` can return a trigger for: `_triggers` gives it no other
# token. A new kind of trigger adds its words here.
_TRIGGER_LEMMAS = CALL_VERBS | TALK_VERBS | {"call"}
# "on the phone with X" (`_on_the_phone_with`), "a telephone interview".
_PHONE_AND_INTERVIEW = frozenset({"phone", "telephone", "interview", "interviews"})
_TRIGGER_WORDS = TALK_NOUNS | BARE_TALK_NOUNS | VIDEO_NOUNS | _PHONE_AND_INTERVIEW


@functools.cache
def _matcher(vocab_id: int, vocab: Any) -> Matcher:
    """Adverbial medium phrases ("by phone", "via video link", "met virtually"), built once per
    vocab."""
    m = Matcher(vocab)
    m.add(
        "MEDIUM_ADV",
        [
            [
                {"LOWER": {"IN": sorted(MEDIUM_PHRASE_PREPS)}},
                {"LOWER": {"IN": sorted(MEDIUM_PHRASE_ARTICLES)}, "OP": "?"},
                {"LOWER": {"IN": sorted(MEDIUM_PHRASE_NOUNS)}},
                {"LOWER": {"IN": sorted(MEDIUM_PHRASE_TAILS)}, "OP": "?"},
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
        if "virtual" in words or "virtually" in words or words & VIDEO_WORDS_STRONG:
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
    if prev_words & PHONE_WORDS or "video" in prev_words:
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if (
        nxt is not None
        and nxt.lower_ in CALL_DATE_PREPS
        and any(t.ent_type_ in ("DATE", "TIME") for t in doc[nxt.i + 1 : nxt.i + 3])
    ):
        return True
    # "received a call of congratulation": "call of" is a phone call after such verbs.
    if nxt is not None and nxt.lower_ == "of" and tok.head.lemma_ in CALL_OF_VERBS:
        return True
    if nxt is not None and nxt.lower_ in NOT_CALL_NOUN_NEXT:
        # "a call to X" is a call when X is a person ("a call to the Prime Minister"), and
        # so is "his call to congratulate him" (its purpose); "held a call on X" (its topic).
        to_person = nxt.lower_ == "to" and (
            any(t.ent_type_ == "PERSON" for t in nxt.subtree) or _titled_name_after(nxt)
        )
        purpose = nxt.tag_ == "TO" and nxt.head.lemma_ in CALL_PURPOSE_VERBS
        held_on = (
            nxt.lower_ == "on"
            and tok.dep_ == "dobj"
            and tok.head.lemma_ in CALL_OF_VERBS - {"make"}
        )
        if not (to_person or purpose or held_on):
            return False
    prev = tok.nbor(-1) if tok.i > 0 else None
    if prev is not None and prev.lower_ in NOT_CALL_NOUN_PREV:
        return False
    if prev is not None and prev.lower_ in VISIT_CALL_PREV:
        return _medium_of(doc, tok.sent) is not None
    if prev is not None and prev.lower_ in ENVOY_CALL_PREV and _names_envoy(tok.sent):
        return _medium_of(doc, tok.sent) is not None
    return True


def _titled_name_after(prep: Token) -> bool:
    """ "to Chancellor Olaf Scholz" with the name tagged as something else: a title word
    right before capitalised words."""
    titles = lexicon().titles
    doc = prep.doc
    j = prep.i + 1
    while j < len(doc) and doc[j].lower_ in ("the", "his", "her", "their"):
        j += 1
    while j < len(doc) and doc[j].lower_ in titles:
        j += 1
    return j > prep.i + 1 and doc[j - 1].lower_ in titles and j < len(doc) and (
        doc[j].pos_ == "PROPN" and doc[j].is_title
    )


def _on_the_phone_with(tok: Token) -> bool:
    """ "X was on the phone with Y", "spent the day on the phone with leaders": the phone
    itself, with an official on the other end. After a verb of speaking, that verb reports it."""
    if tok.lower_ not in ("phone", "telephone") or tok.dep_ != "pobj":
        return False
    if tok.head.lower_ not in ("on", "over") or tok.head.head.lemma_ in TALK_VERBS:
        return False
    return _official_with_phrase(tok)


def _names_envoy(sent: Span) -> bool:
    """The sentence names a mission's diplomat ("Chargé d'affaires", "High Commissioner")."""
    text = " ".join(t.lower_ for t in sent)
    return any(w in ENVOY_WORDS for w in text.split()) or any(
        " " in w and w in text for w in ENVOY_WORDS
    )


def trigger_word_indices(doc: Doc) -> list[int]:
    """The indices of the tokens `_triggers` looks at, in order (no other can be a trigger)."""
    lemmas = token_indices(doc, _TRIGGER_LEMMAS, "LEMMA")
    return sorted({*token_indices(doc, _TRIGGER_WORDS), *lemmas})


def _triggers(
    doc: Doc, sent: Span, context_medium: str | None = None, series_medium: str | None = None
) -> list[Trigger]:
    """Call words of a sentence, in order. `context_medium`: the medium of the calls the
    article is about (its title's), which makes a bare "conversation" a call word.
    `series_medium`: the medium of a series of calls the article reports, which a bare
    "discussions with X" then takes."""
    # Most sentences have no word a trigger can be: they need no medium.
    cands = [t for t in sent if t.lemma_ in _TRIGGER_LEMMAS or t.lower_ in _TRIGGER_WORDS]
    if not cands:
        return []
    sent_medium = _medium_of(doc, sent)
    found = (
        _trigger_at(doc, sent, tok, sent_medium, context_medium, series_medium) for tok in cands
    )
    return [trig for trig in found if trig is not None]


def _trigger_at(
    doc: Doc,
    sent: Span,
    tok: Token,
    sent_medium: str | None,
    context_medium: str | None,
    series_medium: str | None = None,
) -> Trigger | None:
    """The trigger a token is, if any: a call verb, a call noun, a talk noun or verb with a
    medium. Only tokens of `_TRIGGER_LEMMAS` or `_TRIGGER_WORDS` are asked."""
    low, lemma = tok.lower_, tok.lemma_
    if lemma in CALL_VERBS and tok.pos_ == "VERB" and low != "so-called":
        if _is_phone_verb(tok):
            medium = "video" if sent_medium == "video" else "phone"
            return Trigger(tok.i, medium, "call_verb", 0.9)
        return None
    if _is_call_noun(tok):
        medium = "video" if sent_medium == "video" else "phone"
        return Trigger(tok.i, medium, "noun", 0.85)
    if _on_the_phone_with(tok):
        return Trigger(tok.i, "phone", "noun", 0.85)
    if low in ("interview", "interviews") and tok.pos_ == "NOUN":
        # "had a telephone interview" (a translated "entretien"): a call only with its medium;
        # one given to a journalist is told to the media, and no official is its other side.
        return _talk_noun_trigger(doc, sent, tok, None)
    if (low in TALK_NOUNS or low in BARE_TALK_NOUNS) and tok.pos_ == "NOUN":
        if context_medium and low in CONVERSATION_WORDS and joins_call(tok) is not None:
            # In an article about a call, "C also took part in the conversation": that call.
            return Trigger(tok.i, context_medium, "noun", 0.8)
        return _talk_noun_trigger(doc, sent, tok, context_medium) or _bare_talk_trigger(
            tok, series_medium
        )
    if low in VIDEO_NOUNS:
        return Trigger(tok.i, "video", "noun", 0.9)
    if lemma in TALK_VERBS and tok.pos_ in ("VERB", "AUX"):
        return _talk_verb_trigger(doc, sent, tok, sent_medium)
    return None


def _talk_noun_trigger(
    doc: Doc, sent: Span, tok: Token, context_medium: str | None
) -> Trigger | None:
    """ "phone conversation", "video talks"; in an article about a call, "their previous
    conversation"."""
    mods = {c.lower_ for c in tok.children} | {
        doc[j].lower_ for j in range(max(sent.start, tok.i - 3), tok.i)
    }
    if mods & PHONE_WORDS or any(m.startswith("telephon") for m in mods):
        return Trigger(tok.i, "phone", "noun", 0.95)
    if mods & VIDEO_WORDS:
        return Trigger(tok.i, "video", "noun", 0.95)
    if (
        context_medium
        and tok.lower_ in CONVERSATION_WORDS
        and mods & RECALL_WORDS
        and any(e.label_ == "DATE" for e in sent.ents)
    ):
        # In an article about a call, "Their previous conversation was held on
        # <date>": an earlier call of the same kind, when the parse names both sides.
        # (A bare "his recent conversation with X" may have been face to face.) Its medium
        # is unknown: the earlier call need not have been of the article's kind.
        return Trigger(tok.i, "unspecified", "context", 0.75)
    return None


def _bare_talk_trigger(tok: Token, series_medium: str | None) -> Trigger | None:
    """ "had a conversation with his counterpart X", "held discussions with leaders such as
    A": a talk with an official, of no stated medium (the roles decide whether nothing puts
    the two in one room). In an article about a series of calls, one of them."""
    if tok.lower_ not in BARE_TALK_NOUNS or not _official_with_phrase(tok):
        return None
    if _reported_talk(tok) or _anaphoric(tok):
        return None
    return Trigger(tok.i, series_medium or "unspecified", "talk", 0.7)


def joins_call(tok: Token) -> Token | None:
    """The verb of "took part in the call", "participated in the conversation", "joined the
    call", "was on the call": a call told before, that the verb's subject was one of the
    people on; None for any other use of the noun."""
    if tok.pos_ != "NOUN" or not is_call_like(tok) or not _told_before(tok):
        return None
    if tok.dep_ in ("dobj", "nsubjpass"):
        # "joined the call"; "the call was also attended by C"
        return tok.head if tok.head.lemma_ in PARTICIPATION_VERBS else None
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in PARTICIPATION_PREPS:
        return None
    verb = prep.head
    if verb.dep_ == "dobj" and verb.lower_ in PARTICIPATION_OBJECTS:
        verb = verb.head  # "took part in": the preposition hung on the noun
    part = any(c.dep_ == "dobj" and c.lower_ in PARTICIPATION_OBJECTS for c in verb.children)
    if (
        part
        or (verb.lemma_ in PARTICIPATION_VERBS and prep.lower_ == "in")
        or (verb.lemma_ == "be" and prep.lower_ == "on")
    ):
        return verb
    return None


def is_call_like(tok: Token) -> bool:
    """A noun for the call itself: "call", "conversation", "videoconference", "video
    conference" (not "the summit" or "the talks", which may be held in person)."""
    if tok.lemma_ == "call" or tok.lower_ in CONVERSATION_WORDS | VIDEO_NOUNS:
        return True
    return tok.lemma_ == "conference" and any(
        c.dep_ in ("compound", "amod") and (c.lower_ in PHONE_WORDS or c.lower_ in VIDEO_WORDS)
        for c in tok.children
    )


def _told_before(tok: Token) -> bool:
    """ "the call", "this conversation", "Monday's call": a call the text has told of."""
    return any(
        (c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS)
        or (c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME"))
        for c in tok.children
    )


def _anaphoric(tok: Token) -> bool:
    """ "the conversation with X took place on ...": a talk the article has already told of."""
    return any(c.dep_ == "det" and c.lower_ in ANAPHORIC_DETS for c in tok.children)


def _official_with_phrase(tok: Token) -> bool:
    """The talk noun's "with" phrase names a person or an office ("with his counterpart",
    "with regional leaders")."""
    titles = lexicon().titles
    for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "with"):
        sub = list(prep.subtree)
        if any(t.ent_type_ == "PERSON" for t in sub):
            return True
        if any(t.lower_ in titles or t.lower_ in GROUP_REFS for t in sub):
            return True
    return False


def _reported_talk(tok: Token) -> bool:
    """ "his recent conversation with X", "updated them on the conversation": a talk recalled
    or reported on, told as news of another event, not a call of its own."""
    if any(c.dep_ in ("amod", "compound") and c.lower_ in TALK_RECALL_WORDS for c in tok.children):
        return True
    head = tok.head
    return tok.dep_ == "pobj" and head.lower_ in TALK_REPORTED_PREPS


def _talk_verb_trigger(doc: Doc, sent: Span, tok: Token, sent_medium: str | None) -> Trigger | None:
    """ "spoke by phone", "held talks via video link"; a bare "spoke with" (medium unknown)."""
    lemma = tok.lemma_
    adv = _medium_adjunct(tok)
    if adv is None and lemma in TALK_VERBS_CORE and _has_medium_phrase(doc, sent):
        adv = sent_medium
    if adv:
        return Trigger(tok.i, adv, "speak", 0.9)
    if lemma in SPEAK_VERBS and tok.pos_ == "VERB":
        return Trigger(tok.i, "unspecified", "speak", 0.7)
    return None


def sent_medium_phrase(doc: Doc, sent: Span) -> str | None:
    """The medium of an adverbial phrase in the sentence ("by phone", "via video link")."""
    if not _has_medium_phrase(doc, sent):
        return None
    return _medium_of(doc, sent)


def _has_medium_phrase(doc: Doc, sent: Span) -> bool:
    """ "by phone", "on the phone", "over the telephone", "via video link" anywhere in the
    sentence."""
    matcher = _matcher(id(doc.vocab), doc.vocab)
    return any(doc.vocab.strings[mid] in ("MEDIUM_ADV", "VIRTUALLY") for mid, _, _ in matcher(sent))


def _medium_adjunct(verb: Token) -> str | None:
    """ "spoke by phone", "discussed over the telephone", "met virtually", "talks via video
    link"."""
    for child in verb.children:
        low = child.lower_
        if low == "virtually" and verb.lemma_ in VIRTUALLY_VERBS:
            return "video"
        if low in MEDIUM_ADJUNCT_PREPS and child.dep_ in ("prep", "agent"):
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
        if tok.i > 0 and tok.nbor(-1).lower_ in SO_CALLED_PREFIXES:
            return False
        # An infinitive on a noun is a call to make ("no plans to call X"), not a naming.
        if (tok.dep_ == "acl" and tok.tag_ != "VB") or (
            tok.tag_ == "VBN"
            and tok.head.pos_ in ("NOUN", "PROPN")
            and tok.head.i < tok.i
            and tok.dep_ not in ("ROOT", "conj")
        ):
            return False  # "a woman called X", "a firm called Y": naming, not calling
        objs = [c for c in tok.children if c.dep_ in ("dobj", "obj")]
        purpose_only = False
        for child in tok.children:
            if child.dep_ == "prt" and child.lower_ == "up" and objs and _is_person_word(objs[0]):
                continue  # "called up the Chancellor": phoned (not "called up reservists")
            if child.dep_ in ("prt",) and child.lower_ in CALL_PARTICLES:
                return False
            if child.dep_ == "oprd" and not objs and _names_person(child):
                # "called Prime Minister X on Thursday": the parser took the person for a
                # naming complement, but there is nothing to name.
                objs = [child]
                continue
            if child.dep_ == "oprd" and objs and _title_then_name(objs[0], child):
                # "called his counterpart X": the name belongs to the title, as an apposition.
                continue
            if child.dep_ == "xcomp" and objs and _purpose_clause(child, objs[0]):
                continue  # "called X to congratulate him": why X was called, not what X is
            if child.dep_ == "xcomp" and not objs and _purpose_clause(child, tok):
                # "Y had called to apologise": a call whose other side the text tells apart.
                purpose_only = _has_person_subject(tok)
                continue
            if child.dep_ == "ccomp" and child.i < tok.i:
                continue  # "I will call A, I will call B": the clause before, mis-attached
            if child.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp"):
                return False
            if child.dep_ == "prep" and child.lower_ in CALL_PARTICLES and child.i == tok.i + 1:
                return False
            if child.dep_ == "auxpass":
                return False
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ in CALL_PARTICLES:
            if not (nxt.lower_ == "up" and objs and _is_person_word(objs[0])):
                return False
        if not objs:
            return purpose_only
        obj = objs[0]
        if _quoted_epithet(obj) or _summoned(tok, obj):
            return False
        # "called him/them a liar": a second noun phrase after the object names, not calls.
        after = obj.right_edge.i + 1
        if (
            after < len(tok.doc)
            and tok.doc[after].lower_ in ARTICLES
            and tok.doc[after].head.i in (tok.i, obj.i)
        ):
            return False
        if after < len(tok.doc) and tok.doc[after].pos_ in ("ADJ",) and tok.doc[after].head == tok:
            return False
        return (
            obj.ent_type_ == "PERSON"
            or obj.pos_ in ("PROPN", "PRON")
            or obj.lower_ in lexicon().titles
            or any(
                t.lower_ in lexicon().titles or t.ent_type_ == "PERSON" or plural_office(t)
                for t in obj.subtree
            )
        )
    # phone / telephone / ring as verbs.
    if tok.lemma_ == "ring" and not any(c.dep_ in ("dobj",) for c in tok.children):
        return False
    lex = lexicon()
    for obj in (c for c in tok.children if c.dep_ in ("dobj", "obj")):
        # "telephoning people", "phoned voters", "rang the alarm bell": not a call to someone.
        # "phoned the presidents of A and B" is: the holders of an office.
        if obj.pos_ == "NOUN" and obj.ent_type_ != "PERSON" and obj.lower_ not in lex.titles:
            if not any(
                t.ent_type_ == "PERSON" or t.lower_ in lex.titles or plural_office(t)
                for t in obj.subtree
            ):
                return False
    return True


def _has_person_subject(verb: Token) -> bool:
    return any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.ent_type_ == "PERSON" or c.pos_ == "PRON")
        for c in verb.children
    )


def _summoned(verb: Token, obj: Token) -> bool:
    """ "called the minister back to the palace", "called X to a meeting": the object is
    sent for, to a place or an occasion, not phoned. A person after "to" is a call's
    partner ("a call to the Prime Minister") and keeps it a call."""
    # "called X back to Y": the parse may hang the place on the adverb.
    heads = [verb, *(c for c in verb.children if c.dep_ in ("advmod", "prt"))]
    for prep in (c for h in heads for c in h.children):
        if prep.dep_ != "prep" or prep.lower_ not in SUMMON_PREPS or prep.i < obj.i:
            continue
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if not _is_person_word(pobj):
                return True
    return False


def _is_person_word(tok: Token) -> bool:
    """A person, a pronoun or an office, or a phrase that names one."""
    titles = lexicon().titles
    return any(
        t.ent_type_ == "PERSON" or t.pos_ == "PRON" or t.lower_ in titles for t in tok.subtree
    )


def _names_person(tok: Token) -> bool:
    """A naming complement that is a person's name ("called Merz on Friday"): a PERSON, or a
    proper noun the tagger left untyped."""
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and not tok.ent_type_)


def _title_then_name(obj: Token, oprd: Token) -> bool:
    """ "his counterpart" + "X" right after it: one phrase, a title and its holder's name."""
    return (
        obj.lower_ in lexicon().titles | CALLEE_TITLE_NOUNS
        and oprd.left_edge.i == obj.right_edge.i + 1
        and _names_person(oprd)
    )


def _purpose_clause(xcomp: Token, obj: Token) -> bool:
    """ "to congratulate him", "to discuss ties" after the callee: the reason for a call."""
    return (
        xcomp.i > obj.i
        and xcomp.lemma_ in CALL_PURPOSE_VERBS
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children)
    )


def _quoted_epithet(obj: Token) -> bool:
    """ "calls X 'butcher of Y'": a quoted noun phrase in or right after the object names X."""
    doc = obj.doc
    quotes = [t for t in obj.subtree if t.tag_ == "``" and t.i > obj.left_edge.i]
    after = obj.right_edge.i + 1
    if after < len(doc) and doc[after].tag_ == "``":
        quotes.append(doc[after])
    return any(
        q.i + 1 < len(doc) and doc[q.i + 1].pos_ in ("NOUN", "PROPN", "ADJ", "DET") for q in quotes
    )
