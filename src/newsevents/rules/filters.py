"""Which candidates are calls between officials: not business calls, and not people only
cited as sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.entities import DocEntities, PersonMention, holds_leader_title, resolve_title_ref
from newsevents.lexicon import lexicon, norm, words
from newsevents.rules.ty import CallCandidate, PartyRef

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPOKES_WORDS = words("spokes_words")
BUSINESS_TITLE_WORDS = words("business_title_words")
SOURCE_VERBS = words("source_verbs")


OFFICE_WINDOW = 6
# A person whose country the text states, or whom the office-holder table knows, is an
# office holder of that country.
KNOWN_COUNTRY = frozenset({"stated", "office_table"})


def _business_call(doc: Doc, ents: DocEntities, cand: CallCandidate) -> bool:
    """Every side named by a company's or a team's office and none by a state's: "chief
    executive X spoke by phone with Y's chief Z" is not a call between officials."""
    lex = lexicon()
    business = False
    for p in cand.parties:
        cluster = ents.clusters[p.cluster] if p.cluster is not None else None
        titles = [t for t in [p.title or "", *(cluster.titles if cluster else [])] if t]
        words = {w for t in titles for w in norm(t).replace("-", " ").split()}
        before = [
            doc[j]
            for m in ents.persons
            if p.cluster is not None and m.cluster == p.cluster and m.start > 0
            for j in range(max(0, m.start - 2), m.start)
        ]
        # Words of office the title list does not hold: "coach X", "captain Y".
        words.update(t.lower_ for t in before)
        if p.org or (cluster is not None and cluster.country_basis in KNOWN_COUNTRY):
            return False
        if any(_names_org(t) for t in [*(tok.text for tok in before), *titles]):
            return False  # "IMF chief X", "UN chief Y": an international organisation's head
        state = any(w in lex.titles and w not in BUSINESS_TITLE_WORDS for w in words)
        if state:
            return False  # "army chief General X", "Chief of Staff" with a president
        if words & BUSINESS_TITLE_WORDS:
            business = True
    return business


def _names_org(text: str) -> bool:
    """An international organisation's name, written as a name ("IMF", not "who")."""
    return text[:1].isupper() and any(
        lexicon().org(w) for w in [text, *text.split()] if w[:1].isupper()
    )


def _official_call(doc: Doc, ents: DocEntities, cand: CallCandidate) -> bool:
    """A side is an office holder, or the call's own sentences name someone by office
    ("The Chancellor and the French president then talked ..."). Asked in full of the
    ambiguous shapes, a bare verb "X called/rang Y" or a call of no stated medium: "X spoke
    by phone with Y" and "a telephone conversation" are calls whoever X and Y are (a wire
    story may title neither), unless a side is marked as a private person."""
    if _business_call(doc, ents, cand):
        return False
    if not (cand.trigger_kind == "call_verb" or cand.medium == "unspecified"):
        return not any(_private_person(doc, ents, p) for p in cand.parties)
    if any(_official_party(doc, ents, p) for p in cand.parties):
        return True
    return any(
        m.by_title and s <= m.start < e for m in ents.persons for s, e in cand.sent_token_spans
    )


def _private_person(doc: Doc, ents: DocEntities, p: PartyRef) -> bool:
    """ "Ms X said she received a phone call from ...": a side the document names with an
    honorific only, and never with an office, is no official. (A side with no title at all,
    "Erdogan and Trump spoke by phone", may be a leader the story never titles.)"""
    if p.cluster is None:
        return False
    titles = [norm(t) for t in [p.title or "", *ents.clusters[p.cluster].titles] if t]
    honorifics = lexicon().honorifics
    if not titles or any(t not in honorifics for t in titles):
        return False
    return not _official_party(doc, ents, p)


def _official_party(doc: Doc, ents: DocEntities, p: PartyRef) -> bool:
    """An office holder or a state: named with a title, by office alone, as an organisation,
    with a country the text states for them, near an office word anywhere in the document
    ("presidents X and Y", "the Minister of Foreign Affairs, X"), or what an office
    reference of the document stands for ("the Russian leader")."""
    if p.cluster is None:
        return bool(p.title or p.org or p.country)
    cluster = ents.clusters[p.cluster]
    if p.org or cluster.country_basis in KNOWN_COUNTRY:
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


def _is_reporting_source(doc: Doc, m: PersonMention) -> bool:
    """A person only cited as the source ("..., Peskov said", "according to spokesperson
    X")."""
    tok = doc[m.end - 1]
    if any(a.lower_ == "according" for t in doc[m.start : m.end] for a in t.ancestors):
        return True
    before = {doc[j].lower_ for j in range(max(0, m.start - 2), m.start)}
    if before & SPOKES_WORDS or (m.title and norm(m.title).split()[-1] in SPOKES_WORDS):
        return True
    if tok.dep_ == "nsubj" and tok.head.lemma_ in SOURCE_VERBS:
        return True
    # "..., said the press secretary of the head of state X": inside an inverted source.
    return any(
        a.dep_ == "nsubj" and a.head.lemma_ in SOURCE_VERBS and a.head.i < a.i
        for a in tok.ancestors
    )


def _is_official(ents: DocEntities, m: PersonMention) -> bool:
    if m.by_title:
        return True
    cluster = ents.clusters[m.cluster]
    lex = lexicon()
    titles = {norm(t) for t in cluster.titles}
    # The head of an international body ("Director-General of the WHO X") is of no country.
    return any(any(w in lex.leader_titles for w in [t] + t.split()) for t in titles) or bool(
        (cluster.country or cluster.org) and titles
    )
