"""Clause roles of a trigger: the predicate it belongs to, its subject and partner tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.entities import DocEntities, PersonMention, plural_office
from newsevents.lexicon import lexicon, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PHONE_WORDS = words("phone_words")
VIDEO_WORDS = words("video_words")
CALL_VERBS = words("call_verbs")
CALL_HOLDING_VERBS = words("call_holding_verbs")
REPORTING_LEMMAS = words("reporting_lemmas")
GROUP_REFS = words("group_refs")
# Prepositions of a call named as the occasion of what the clause says ("during a call").
ADJUNCT_PREPS = words("adjunct_preps")
RELATIVE_PRONOUNS = words("relative_pronouns")
OBJECT_CONTROL_LEMMAS = words("object_control_lemmas")
COORDINATORS = words("coordinators")
MEDIUM_PREPS_OF_PARTNER = words("medium_preps_of_partner")
PARTNER_PREPS = words("partner_preps")
PARTNER_PREPS_AFTER_MEDIUM = words("partner_preps_after_medium")
# How many conjoined or subordinate verbs a shared subject is looked for through.
SHARED_SUBJECT_DEPTH = 4
PARTNER_PREPS_WIDE = words("partner_preps_wide")
POSSESSIVE_CLITICS = words("possessive_clitics")
SINGULAR_PRONOUNS = words("singular_pronouns")
EARLIER_PREPS = words("earlier_call_preps")
# "leaders, including A, B and C", "leaders such as A; B": the partners a group word lists.
LIST_MARKERS = words("list_markers")
LIST_END_TAGS = words("list_end_tags")
# "Among those he spoke with are A and B", "Those she called include A": the people a
# relative clause on "those" describes, listed by the main verb.
LIST_HEADS = words("list_heads")
LIST_VERBS = words("list_verbs")
OFFICE_OF_PREPS = words("office_of_preps", "entity_words.json")
FINITE_TAGS = frozenset(("VBD", "VBZ", "VBP"))


def _subject_tokens(pred: Token, _depth: int = 0) -> set[int]:
    toks: set[int] = set()
    for child in pred.children:
        if child.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
            if child.lower_ in RELATIVE_PRONOUNS and pred.dep_ == "relcl":
                # "X, who spoke with Y": the relative pronoun stands for X.
                toks.update(t.i for t in pred.head.subtree if t.i < child.i)
                continue
            if child.lower_ == "they" and pred.dep_ == "ccomp":
                # "A and B said they held separate talks with C": they, that is A and B.
                said = [c for c in pred.head.children if c.dep_ == "nsubj" and c.i < child.i]
                if said and said[-1].pos_ == "PROPN" and any(
                    c.dep_ == "conj" for c in said[-1].children
                ):
                    toks.update(t.i for t in said[-1].subtree)
                    continue
            if child.lower_ in SINGULAR_PRONOUNS and pred.dep_ == "ccomp":
                # "X said (on Monday) he had spoken with Y": he is the one who said it.
                said = [c for c in pred.head.children if c.dep_ == "nsubj" and c.i < child.i]
                if said and said[-1].pos_ in ("PROPN", "NOUN"):
                    # The nearest subject: a dateline before it may be parsed as one too.
                    toks.update(t.i for t in said[-1].subtree if t.ent_type_ != "GPE")
                    continue
                if said and said[-1].lower_ in RELATIVE_PRONOUNS and pred.head.dep_ == "relcl":
                    # "X, who confirmed that he had spoken with Y": he is X.
                    owner = pred.head.head
                    toks.update(t.i for t in owner.subtree if t.i < said[-1].i)
                    continue
            # "X, who met Y last week, spoke with Z": a relative clause on the subject does
            # not make its people subjects.
            inner = {
                t.i for r in child.subtree if r.dep_ == "relcl" for t in r.subtree
            }
            # Nor a temporal phrase the parse hung on it ("Days after talks with Y, X
            # called Z"), up to its comma: a name after that is the subject misattached.
            for r in child.subtree:
                if r.dep_ == "prep" and r.lower_ in EARLIER_PREPS:
                    end = r.right_edge.i + 1
                    comma = min((t.i for t in r.subtree if t.text == ","), default=end)
                    inner.update(t.i for t in r.subtree if t.i < comma)
            toks.update(t.i for t in child.subtree if t.i not in inner)
    # "X instructed Y to begin talks with Z", "X asked Y to call Z": the one told to act is
    # the object of the verb that tells them to.
    controller = _controlling_object(pred)
    if not toks and controller is not None:
        return {t.i for t in controller.subtree}
    if not toks:
        toks = _stranded_subject(pred)
    taken = pred.dep_ == "acl" and pred.head.dep_ == "dobj"
    if not toks and taken and _depth < SHARED_SUBJECT_DEPTH:
        # "X took the chance to call Y", "X made the decision to phone Y": the taker's.
        toks = _subject_tokens(pred.head.head, _depth + 1)
    # A subject shared with a conjoined verb ("Putin met X and spoke with Y"), read as the
    # head verb's own ("X said he phoned A and later called B": he, that is X).
    if not toks and pred.dep_ in ("conj", "xcomp", "advcl", "relcl") and pred.head.i != pred.i:
        head = pred.head
        if pred.dep_ == "relcl" and head.dep_ == "attr" and head.head.lemma_ == "be":
            # "X was one of the first leaders to call Y": the leaders are X's kind; X called.
            toks = _subject_tokens(head.head, _depth + 1)
        elif pred.dep_ == "relcl":
            toks.update(t.i for t in head.subtree if t.i < pred.i)
        elif _depth < SHARED_SUBJECT_DEPTH:
            toks = _subject_tokens(head, _depth + 1)
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


def _misparsed_holder(tok: Token) -> Token | None:
    """ "X made a phone call to Y, the ministry said": a call noun parsed as the subject of
    the reporting verb after it is the object of the verb that holds it ("made")."""
    head = tok.head
    if tok.dep_ != "nsubj" or head.i < tok.i or head.lemma_ not in REPORTING_LEMMAS:
        return None
    left = tok.left_edge.i - 1
    if left < 0:
        return None
    verb = tok.doc[left]
    if verb.pos_ == "VERB" and verb.lemma_ in CALL_HOLDING_VERBS:
        return verb
    return None


def _stranded_subject(pred: Token) -> set[int]:
    """ "X sent an envoy to the region and President Y spoke with Z": a finite verb the parse
    left with no subject, right after a name it hung on the clause before (after "and" or a
    comma): that name is the verb's subject."""
    if pred.tag_ not in FINITE_TAGS:
        return set()
    doc = pred.doc
    i = pred.i - 1
    while i >= 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i < 1 or doc[i].pos_ != "PROPN" or doc[i].dep_ not in ("conj", "pobj", "dobj", "appos"):
        return set()
    if doc[i].head.i > pred.i or doc[i] in pred.subtree:
        return set()
    left = i
    while left > 0 and doc[left - 1].dep_ in ("compound", "amod", "det", "poss", "case"):
        if not i >= doc[left - 1].head.i >= left - 1:
            break
        left -= 1
    if left < 1 or doc[left - 1].lower_ not in ("and", ","):
        return set()
    return set(range(left, i + 1))


def _controlling_object(verb: Token) -> Token | None:
    """ "X instructed Y to call Z": the object of the telling verb, who is to do the act."""
    if verb.dep_ != "xcomp" or verb.head.lemma_ not in OBJECT_CONTROL_LEMMAS:
        return None
    objs = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    return objs[0] if objs and objs[0].pos_ in ("PROPN", "NOUN") else None


def _predicate(tok: Token) -> Token:
    """The verb a trigger belongs to ("held a conversation" -> held), climbing to a verb
    with a subject ("emphasized the need to halt X during a call" -> emphasized)."""
    held = _misparsed_holder(tok)
    if held is not None:
        return held
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
        if _stranded_subject(verb):
            return verb
        if not in_adjunct and _controlling_object(verb) is not None:
            # "told Y to call Z": its subject is the object above it. Not a call in an
            # adjunct ("urged Y to act, during a call"), the telling verb's own.
            return verb
        if verb.dep_ not in climb and not (in_adjunct and verb.dep_ == "conj"):
            return cur
        nxt = verb.head
        while nxt.pos_ not in ("VERB", "AUX") and nxt.dep_ != "ROOT":
            nxt = nxt.head
        verb = nxt
    return cur


def _in_adjunct(trig: Token) -> bool:
    """A call noun in an adjunct phrase ("during the call with X", "in a call")."""
    return (
        trig.pos_ not in ("VERB", "AUX")
        and trig.dep_ == "pobj"
        and (trig.head.lower_ in ADJUNCT_PREPS)
    )


def _partner_tokens(doc: Doc, trig: Token, pred: Token, subj: set[int]) -> set[int]:
    toks: set[int] = set()
    # The predicate first, then the trigger, never a set of the two (a Token's hash follows
    # its Doc's address, so a set's order changes from run to run): when the trigger is the
    # predicate's object, the object rule takes away the trigger's phrases, and only the
    # trigger's own partner phrases, added after, come back.
    for head in (pred, trig) if pred.i != trig.i else (trig,):
        for child in head.children:
            if child.dep_ in ("prep", "agent", "dative") and child.lower_ in PARTNER_PREPS_WIDE:
                toks.update(t.i for t in child.subtree)
            elif child.dep_ == "prep" and head.i == trig.i and trig.pos_ == "NOUN":
                # "a summit for the X Organisation with A, B and C": the parse hangs the
                # call's partners on the body or topic the call is for.
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and obj.ent_type_ != "PERSON":
                        for grand in obj.children:
                            if grand.dep_ == "prep" and grand.lower_ == "with":
                                toks.update(t.i for t in grand.subtree)
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
                and not _holds_trigger(child, trig)
            ):
                toks.update(t.i for t in child.subtree)
                if head.i != trig.i and _in_adjunct(trig):
                    # "In a call with X, A and I discussed the deal between B and C": the
                    # other verb's object may be the partner ("congratulated Y in a call"),
                    # but not the people its own phrases name.
                    for grand in child.children:
                        if grand.dep_ in ("prep", "acl", "relcl"):
                            toks.difference_update(t.i for t in grand.subtree)
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
    # "spoke with B, who had just talked to C": a relative clause tells about the partner;
    # the people it names are not partners of this call.
    for i in list(toks):
        rel = doc[i]
        if (
            rel.dep_ == "relcl"
            and rel.head.i in toks
            and rel.head.pos_ in ("PROPN", "NOUN")
            and rel.head.i != trig.i
            and trig.i not in {t.i for t in rel.subtree}
        ):
            toks.difference_update(t.i for t in rel.subtree)
    # "a call from Y, in which he congratulated X": a relative clause on the call tells what
    # was said in it; whom it names are the call's sides told again, not more partners.
    # ("a call he received from Y" is the call itself, told with its partner.)
    for rel in trig.children:
        if rel.dep_ == "relcl" and _in_which(rel):
            toks.difference_update(t.i for t in rel.subtree)
    return toks - subj


def _in_which(rel: Token) -> bool:
    """A relative clause opened by a preposition and "which" ("in which", "during which")."""
    return any(
        c.dep_ == "prep" and any(g.lower_ == "which" for g in c.children)
        for c in rel.children
        if c.i < rel.i
    )


def _holds_trigger(child: Token, trig: Token) -> bool:
    """ "raised worries about the parties' calls": an object of the clause's verb that holds
    the call noun is what the call is said of, and its words are the call's owners or
    topic, not its partner ("gave the minister a call": the object beside it is)."""
    if child.ent_type_ == "PERSON" and _in_adjunct(trig):
        # "assured X of support in a phone call": the parse hung the call on the object's
        # phrase; the person is still the one spoken to.
        return False
    return child.i != trig.i and trig.i in {t.i for t in child.subtree}


def _phrase_in_subject(tok: Token, subj: set[int]) -> set[int]:
    """The tokens of the phrase that carries the trigger inside the subject ("the minister,
    in calls with A and B, ..."); when the trigger heads the subject itself ("his
    conversation with X focused on ..."), its own partner phrases."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return {
            t.i
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ in PARTNER_PREPS
            for t in c.subtree
        }
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
    # "with A, B and C": items after a comma alone count once an "and" item ends the list.
    pending: list[PersonMention] = []
    end = max(m.end for m in found)
    end = max(end, max((i + 1 for i in taken if i < sent.end), default=end))
    while True:
        j = end
        comma = j < sent.end and doc[j].lower_ == ","
        if comma:
            j += 1
        comma = comma or doc[j - 1].lower_ == ","  # the partner phrase took the comma
        if j >= sent.end:
            break
        if doc[j].lower_ in COORDINATORS:
            j += 1
        elif not comma:
            break
        else:
            nxt = next((p for p in ents.persons if j <= p.start < min(j + 6, sent.end)), None)
            if nxt is None or nxt in found or nxt in out or nxt in pending or nxt.by_title:
                break
            if any(t.pos_ not in ("ADJ", "PROPN", "NOUN", "DET") for t in doc[j : nxt.start]):
                break
            pending.append(nxt)
            end = nxt.end
            continue
        nxt = next((p for p in ents.persons if j <= p.start < min(j + 6, sent.end)), None)
        if nxt is None or nxt in found or nxt in out:
            break
        between = doc[j : nxt.start]
        if not (nxt.listed and _plural_office_lead(between)) and any(
            t.pos_ in ("VERB", "AUX", "ADP", "CCONJ") or t.lower_ == "," for t in between
        ):
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
        out += [*pending, nxt]
        pending = []
        end = nxt.end
    return out


def _plural_office_lead(between: Span) -> bool:
    """ "(to) the presidents of" before the first country of "the presidents of A and B",
    "the" before "French and German ministers": the plural office whose holders the list
    names, one per country."""
    toks = list(between)
    if toks and toks[0].lower_ in PARTNER_PREPS:
        toks = toks[1:]  # "..., and to the presidents of A and B"
    office = next((t for t in toks if plural_office(t)), None)
    if office is None:
        office = next((t for t in toks[-1:] if t.dep_ == "det"), None)
        return office is not None and plural_office(office.head)
    return all(
        t.i == office.i or (t.head.i == office.i and t.dep_ in ("det", "amod", "compound", "prep"))
        for t in toks
    )


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


def _list_marker(doc: Doc, partners_t: set[int]) -> int | None:
    """Where a group partner word's list of people starts: "leaders, including ...",
    "counterparts such as ..."; None when the partner phrase has no such list."""
    for i in sorted(partners_t):
        t = doc[i]
        if t.tag_ != "NNS" or not (t.lower_ in GROUP_REFS or t.lemma_ in lexicon().titles):
            continue
        for j in range(i + 1, min(i + 4, len(doc))):
            w = doc[j]
            if w.lower_ in LIST_MARKERS or (w.lower_ == "as" and doc[j - 1].lower_ == "such"):
                return j
            if w.lower_ not in (",", "such") and w.dep_ != "amod":
                break
    return None


def _listed_partners(
    doc: Doc, ents: DocEntities, sent: Span, partners_t: set[int]
) -> tuple[int | None, list[PersonMention], dict[int, str]]:
    """The people listed after a group partner word, read along the text: the parse of a
    long ";"-separated list hangs its items anywhere (even on the subject). Returns where
    the list starts, the people in it up to the next finite verb, and the country each
    item's own office gives ("B, President of X; C of Y") by cluster."""
    start = _list_marker(doc, partners_t)
    if start is None:
        return None, [], {}
    persons = {m.start: m for m in ents.persons}
    out: list[PersonMention] = []
    countries: dict[int, str] = {}
    j = start + 1
    while j < sent.end:
        m = persons.get(j)
        if m is not None:
            # Not a demonym or place torn off as a name ("Saudi Arabia" -> "Arabia").
            if any(doc[k].ent_type_ not in ("GPE", "NORP", "LOC") for k in range(m.start, m.end)):
                out.append(m)
                place = _item_country(doc, sent, m.end, persons)
                if place:
                    countries.setdefault(m.cluster, place)
            j = m.end
            continue
        if doc[j].tag_ in LIST_END_TAGS and doc[j].pos_ in ("VERB", "AUX"):
            break
        j += 1
    return start, out, countries


def _item_country(doc: Doc, sent: Span, j: int, persons: dict[int, PersonMention]) -> str | None:
    """The country named in a list item after its person ("of Oman", ", Prime Minister of
    Italy"), up to the item's end (";", the next person)."""
    lex = lexicon()
    while j < sent.end and doc[j].lower_ != ";":
        if j in persons and doc[j].ent_type_ not in ("GPE", "NORP", "LOC"):
            break  # the next item's person
        if doc[j].ent_type_ in ("GPE", "NORP"):
            ent_end = j
            while ent_end + 1 < sent.end and doc[ent_end + 1].ent_type_ == doc[j].ent_type_:
                ent_end += 1
            code = lex.country(doc[j : ent_end + 1].text)
            if code:
                return code
            j = ent_end
        j += 1
    return None


def _copular_list(pred: Token) -> set[int]:
    """The tokens of the list a relative-clause call verb is said of: "Among those he has
    spoken with are A, B and C" (subject and attribute of "are"), "Those he called
    include A and B" (object of "include"); empty for any other shape."""
    if pred.dep_ != "relcl" or pred.head.lower_ not in LIST_HEADS:
        return set()
    head = pred.head
    among = head.dep_ == "pobj" and head.head.lower_ == "among"
    verb = head.head.head if among else head.head
    if verb.lemma_ not in LIST_VERBS or not (among or head.dep_ in ("nsubj", "nsubjpass")):
        return set()
    toks: set[int] = set()
    for c in verb.children:
        if c.dep_ in ("nsubj", "attr", "dobj") and c.i != head.i:
            toks.update(t.i for t in c.subtree)
    return toks


# --- one office, several countries, the holders named in the same order ----------------------

RESPECTIVE_SEPARATORS = frozenset({",", "and", "&"})
RESPECTIVE_LEADS = frozenset({",", "-", "–", "—", "(", ":"})
RESPECTIVE_OFFICE_WORDS = 3  # "foreign" in "the Egyptian and Jordanian foreign ministers"
RESPECTIVE_TITLE_WORDS = 3  # "Foreign Minister" before each holder's name


def _respective_pairs(
    doc: Doc, ents: DocEntities, sent: Span
) -> tuple[list[tuple[PersonMention, str]], set[int]]:
    """ "his Chilean and Peruvian counterparts A and B", "the foreign ministers of Egypt and
    Jordan, A and B": the countries listed with a plural office and the names right after it,
    paired in order when their counts agree (A is the Malaysian, B the Lao). Read along the
    tokens and entity tags, not one parse, which often takes the office for a verb. Returns the
    pairs and the tokens of the countries, whose office-only mentions the names replace."""
    for tok in sent:
        if not plural_office(tok):
            continue
        countries, span, after = _countries_after(doc, sent, tok)
        if not countries:
            countries, span = _countries_before(doc, sent, tok)
            after = tok.i + 1
        if len(countries) < 2:
            continue
        names = _names_run(doc, ents, sent, after, len(countries))
        if len(names) == len(countries):
            return list(zip(names, countries, strict=True)), span
    return [], set()


def _country_at(doc: Doc, sent: Span, i: int) -> tuple[str, int] | None:
    """The country a place name or demonym starting at token `i` stands for, and its end."""
    lex = lexicon()
    for n in (3, 2, 1):
        if i + n > sent.end:
            continue
        toks = doc[i : i + n]
        if n > 1 and not all(t.ent_type_ in ("GPE", "NORP") for t in toks):
            continue
        code = lex.country(toks.text)
        if code and (n > 1 or toks[0].pos_ in ("PROPN", "ADJ", "NOUN")):
            return code, i + n
    return None


def _country_list(doc: Doc, sent: Span, i: int) -> tuple[list[str], int]:
    """ "Egypt, Jordan and Qatar" from token `i` on: the countries and where the list ends."""
    codes: list[str] = []
    end = i
    while i < sent.end:
        found = _country_at(doc, sent, i)
        if found is None:
            break
        codes.append(found[0])
        end = i = found[1]
        while i < sent.end and doc[i].lower_ in RESPECTIVE_SEPARATORS:
            i += 1
    return codes, end


def _countries_after(doc: Doc, sent: Span, office: Token) -> tuple[list[str], set[int], int]:
    """ "ministers of Egypt and Jordan": the countries after the office's "of" or "from"."""
    j = office.i + 1
    if j >= sent.end or doc[j].lower_ not in OFFICE_OF_PREPS:
        return [], set(), j
    codes, end = _country_list(doc, sent, j + 1)
    return codes, set(range(j + 1, end)), end


def _countries_before(doc: Doc, sent: Span, office: Token) -> tuple[list[str], set[int]]:
    """ "the Egyptian and Jordanian (foreign) ministers": the demonyms before the office."""
    j = office.i
    for _ in range(RESPECTIVE_OFFICE_WORDS):
        prev = doc[j - 1] if j - 1 >= sent.start else None
        if prev is None or prev.ent_type_ or prev.pos_ not in ("ADJ", "NOUN", "PROPN"):
            break
        if lexicon().country(prev.text) or prev.lower_ in RESPECTIVE_SEPARATORS:
            break
        j -= 1
    end = j
    start = end
    while start - 1 >= sent.start and (
        doc[start - 1].lower_ in RESPECTIVE_SEPARATORS
        or doc[start - 1].ent_type_ in ("GPE", "NORP")
        or lexicon().country(doc[start - 1].text)
    ):
        start -= 1
    while start < end and doc[start].lower_ in RESPECTIVE_SEPARATORS:
        start += 1
    codes, list_end = _country_list(doc, sent, start)
    if list_end != end:
        return [], set()
    return codes, set(range(start, end))


def _names_run(doc: Doc, ents: DocEntities, sent: Span, i: int, n: int) -> list[PersonMention]:
    """The `n` named people coordinated from token `i` on ("A, B and C"), each perhaps behind
    a title; fewer when the run breaks or goes on past `n`."""
    if i < sent.end and doc[i].text in RESPECTIVE_LEADS:
        i += 1
    named = {m.start: m for m in ents.persons if not m.by_title and sent.start <= m.start}
    out: list[PersonMention] = []
    while i < sent.end and len(out) <= n:
        m = next((named[k] for k in range(i, i + RESPECTIVE_TITLE_WORDS + 1) if k in named), None)
        if m is None or any(
            t.lower_ in RESPECTIVE_SEPARATORS or t.pos_ in ("VERB", "AUX", "ADP", "PRON")
            for t in doc[i : m.start]
        ):
            break
        out.append(m)
        i = m.end
        sep = i
        while i < sent.end and doc[i].lower_ in RESPECTIVE_SEPARATORS:
            i += 1
        if i == sep:
            break
    return out
