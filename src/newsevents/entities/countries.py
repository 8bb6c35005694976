"""The country of each person cluster that no title states: the office-holder table's for a
person it knows, else from the words around them."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from newsevents.entities.ents import doc_ents
from newsevents.entities.words import entity_words
from newsevents.kb.offices import identify, misspelt_holder
from newsevents.lexicon import lexicon, norm
from newsevents.names import same_person

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc, Token

    from newsevents.entities.cluster import Cluster, PersonMention

SEAT_WEIGHT = 2.0
LOCATIVE_PREPS = entity_words("locative_preps")
SEAT_NAMES = entity_words("seat_names")
TOPIC_PREPS = entity_words("topic_preps")
TOPIC_VERBS = entity_words("topic_verbs")
TOPIC_INNER_PREPS = entity_words("topic_inner_preps")
TOPIC_HEAD_VERBS = entity_words("topic_head_verbs")
TOPIC_HEAD_NOUNS = entity_words("topic_head_nouns")


def _in_country_pair(doc: Doc, start: int, end: int) -> bool:
    """ "Ukraine-Russia", "US-China talks": a hyphenated pair of countries names a relation
    between two states, not the nationality of a person named beside it."""
    lex = lexicon()

    def hyphen_country(hyphen: int, other: int) -> bool:
        return (
            0 <= min(hyphen, other)
            and max(hyphen, other) < len(doc)
            and doc[hyphen].text == "-"
            and not doc[hyphen - 1].whitespace_
            and not doc[hyphen].whitespace_
            and lex.country(doc[other].text) is not None
        )

    return hyphen_country(start - 1, start - 2) or hyphen_country(end, end + 1)


def talk_topic(root: Token) -> bool:
    """The place is what was talked about, not where anyone is from: "spoke with X about
    Ukraine", "to discuss Gaza and Israel", "about the war in Sudan"."""
    tok = root
    for _ in range(6):
        if tok.dep_ in ("compound", "amod", "conj", "appos", "poss") and tok.head.i != tok.i:
            tok = tok.head
        elif (
            tok.dep_ == "pobj"
            and tok.head.lower_ in TOPIC_INNER_PREPS
            and tok.head.head.pos_ == "NOUN"
        ):
            tok = tok.head.head
        else:
            break
    if tok.dep_ == "pobj" and tok.head.lower_ in TOPIC_PREPS:
        talk = tok.head.head
        if talk.dep_ == "pobj" and talk.head.lower_ in ("with", "to"):
            talk = talk.head.head  # "spoke with X about Y": the topic hung on the partner
        return (talk.pos_ == "VERB" and talk.lemma_ in TOPIC_HEAD_VERBS) or (
            talk.pos_ == "NOUN" and talk.lower_ in TOPIC_HEAD_NOUNS
        )
    return tok.dep_ == "dobj" and tok.head.lemma_ in TOPIC_VERBS


# How far into a Doc its dateline may stand (the headline and a byline come before it).
DATELINE_TOKENS = 60


def _dateline_ent(doc: Doc, place: str | None) -> int | None:
    """The first token of the dateline's place ("ANKARA, Jan 3 (Reuters) -") in the Doc."""
    if not place:
        return None
    key = norm(place)
    for ent in doc_ents(doc):
        if ent.start >= DATELINE_TOKENS:
            break
        if norm(ent.text) == key:
            return ent.start
    return None


def _country_evidence(
    doc: Doc, persons: list[PersonMention], dateline_place: str | None = None
) -> list[tuple[int, str, float]]:
    """(token, country, weight) for every place word that may tell a person's nationality.

    Demonyms and seats of government ("the Kremlin", "the White House") weigh most; a place
    named as where something happens ("talks in Syria") weighs least; the dateline's place
    says where the report was filed, not who anyone is (the rules' home country is its use).
    """
    lex = lexicon()
    in_person = {i for p in persons for i in range(p.start, p.end)}
    dateline = _dateline_ent(doc, dateline_place)
    out = []
    for ent in doc_ents(doc):
        if ent.label_ not in ("GPE", "NORP", "ORG", "FAC", "LOC") or ent.start in in_person:
            continue
        if ent.start == dateline:
            continue
        text = ent.text[2:] if ent.text.lower().startswith("a ") else ent.text
        code = lex.country(text)
        if code is None or _in_country_pair(doc, ent.start, ent.end):
            continue
        root = ent.root
        if ent.label_ in ("GPE", "LOC") and talk_topic(root):
            continue
        visited = root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS
        if (ent.label_ in ("ORG", "FAC") or norm(text) in SEAT_NAMES) and not visited:
            weight = SEAT_WEIGHT
        elif ent.label_ == "NORP" or root.dep_ in ("poss", "compound", "amod", "nsubj"):
            weight = 1.0
        elif root.dep_ == "pobj" and root.head.lower_ in LOCATIVE_PREPS:
            weight = 0.3
        else:
            weight = 0.6
        out.append((ent.start, code, weight))
    return out


# Words of a noun phrase that may stand between a nationality word and the name it
# qualifies ("Canadian lawyer X", "the Ruritanian X").
QUALIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "DET", "PART"})


def _qualifying_countries(doc: Doc, persons: list[PersonMention], ci: int) -> set[str]:
    """Countries of the nationality words in the noun phrase right before a mention of the
    cluster: "Canadian lawyer X" says where X is from, whatever a namesake's table says."""
    lex = lexicon()
    out = set()
    for m in persons:
        if m.cluster != ci or m.by_title:
            continue
        j = m.start - 1
        while j >= max(0, m.start - 4) and doc[j].pos_ in QUALIFIER_POS:
            if doc[j].ent_type_ in ("NORP", "GPE"):
                code = lex.country(doc[j].text)
                if code:
                    out.add(code)
            j -= 1
    return out


def table_countries(
    doc: Doc, clusters: list[Cluster], persons: list[PersonMention], day: date | None
) -> None:
    """The table's country for each person whose titles give none and whom the office-holder
    table knows by name (`kb.offices.identify`; `day`: the article's date), and the QID of
    each person it knows, where the text states no other country. A titled person of a
    stated country whose surname is the office holder's misspelt is that holder, named as the
    table spells them (`kb.offices.misspelt_holder`)."""
    for ci, cluster in enumerate(clusters):
        if cluster.label != "PERSON" or not cluster.name or cluster.org:
            continue
        person = identify(cluster.name, titles=tuple(cluster.titles), day=day)
        if person is None and cluster.country and cluster.titles and day is not None:
            person = misspelt_holder(
                cluster.name, titles=tuple(cluster.titles), country=cluster.country, day=day
            )
            if person is not None and not same_person(cluster.name, person.name):
                # A misspelling, not a transliteration the text may spell better than the
                # table ("Assad", "Asad"): the table's spelling.
                cluster.name = person.name
        if person is None:
            continue
        if not cluster.countries:
            if _qualifying_countries(doc, persons, ci) - {person.country}:
                continue
            cluster.countries[person.country] += 1
            cluster.table = person.country
        # A country the text states that is not the table's person's: someone else.
        if cluster.country == person.country:
            cluster.wikidata = person.qid


def infer_countries(
    doc: Doc,
    clusters: list[Cluster],
    persons: list[PersonMention],
    day: date | None = None,
    *,
    dateline_place: str | None = None,
) -> None:
    """A country for people whose titles give none: the office-holder table's for a person
    it knows (`table_countries`), else from the nationality words around them.

    A country that a title gives another person is not a candidate (the partner's country
    is usually named right beside the person), unless the two hold different offices and
    are never named in one sentence. The people to infer are settled together, strongest
    evidence first, so that the result does not depend on the order they are named in, and
    a country one of them takes is not given to another named in the same sentence.
    """
    table_countries(doc, clusters, persons, day)
    evidence = _country_evidence(doc, persons, dateline_place)
    if not evidence:
        return
    owned: dict[str, list[int]] = {}
    for ci, c in enumerate(clusters):
        if c.label == "PERSON" and c.country is not None:
            owned.setdefault(c.country, []).append(ci)
    heads = {
        ci: {norm(t).split()[-1] for t in c.titles if norm(t)}
        for ci, c in enumerate(clusters)
        if c.label == "PERSON"
    }

    def _excludes(owner: int, ci: int) -> bool:
        # A country is the owner's alone for people named beside them, and for anyone who
        # could hold the same office; a president may share it with a foreign minister.
        if sents.get(owner, set()) & sents.get(ci, set()):
            return True
        return not heads[ci] or bool(heads[ci] & heads[owner]) or not heads[owner]

    sent_of = {}
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            sent_of[i] = sent.start
    totals = Counter(code for _, code, _ in evidence)
    scores: dict[int, dict[str, float]] = {}
    sents: dict[int, set[int]] = {}
    for m in persons:
        sents.setdefault(m.cluster, set()).add(sent_of.get(m.start, -1))
    for ci, cluster in enumerate(clusters):
        if cluster.label != "PERSON" or cluster.countries or cluster.org:
            continue  # the head of an international body is of no country
        score: dict[str, float] = {}
        for m in persons:
            if m.cluster != ci:
                continue
            for tok, code, weight in evidence:
                dist = abs(tok - m.start)
                same_sent = sent_of.get(tok) == sent_of.get(m.start)
                near = weight * (1.0 if same_sent else 0.25) / (1 + dist / 20)
                score[code] = score.get(code, 0) + near
        for code, weight in totals.items():
            score[code] = score.get(code, 0) + 0.02 * weight
        scores[ci] = score
    while scores:
        options = [
            (score, ci, code)
            for ci, counter in scores.items()
            for code, score in counter.items()
            if score > 0.05 and not any(_excludes(o, ci) for o in owned.get(code, ()))
        ]
        if not options:
            break
        best, ci, code = max(options, key=lambda o: (o[0], -o[1], o[2]))
        rivals = [
            other
            for other, counter in scores.items()
            if other != ci and sents[other] & sents[ci] and counter.get(code, 0) >= 0.8 * best
        ]
        if rivals:
            # Two people named together, one country word as near to both ("Putin and Macron
            # spoke, the Kremlin said"): it tells neither's nationality.
            for other in (ci, *rivals):
                scores[other].pop(code, None)
            continue
        clusters[ci].countries[code] += 1
        clusters[ci].inferred = code
        del scores[ci]
        # Two people named in one sentence are usually the two sides of it.
        for other, counter in scores.items():
            if sents[other] & sents[ci]:
                counter.pop(code, None)
