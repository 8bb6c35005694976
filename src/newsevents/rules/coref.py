"""References to people already named: pronoun and group subjects ("the two leaders"), the
subject of an earlier sentence, the parties of the last call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsevents.entities import DocEntities, PersonMention, holds_office
from newsevents.lexicon import words
from newsevents.rules.parties import _heads_state, _party_from_mention
from newsevents.rules.ty import CallCandidate, PartyRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

GROUP_REFS = words("group_refs")
PAIR_WORDS = words("pair_words")
PAIR_WORDS_WITH_THE = words("pair_words_with_the")
PLURAL_SUBJECTS = words("plural_subjects")
REPORTING_LEMMAS = words("reporting_lemmas")
OPENING_QUOTES = words("opening_quotes")
CLOSING_QUOTES = words("closing_quotes")
LEADER_GROUP_REFS = words("leader_group_refs")
SINGULAR_PRONOUNS = words("singular_pronouns")


def _group_ref(doc: Doc, sent: Span, *, pronouns: bool = True) -> bool:
    """ "the two leaders", "both presidents", "the heads of state", "they" (only with
    `pronouns`: with no call told before, a "they" may be anyone)."""
    for tok in sent:
        if tok.lower_ in GROUP_REFS and tok.dep_ in ("nsubj", "nsubjpass", "pobj", "poss", "conj"):
            prev = {doc[j].lower_ for j in range(max(sent.start, tok.i - 3), tok.i)}
            if prev & PAIR_WORDS_WITH_THE:
                return True
        if pronouns and tok.lower_ in PLURAL_SUBJECTS and tok.dep_ in ("nsubj", "nsubjpass"):
            return True
    return False


def _group_ref_in(doc: Doc, toks: set[int]) -> bool:
    for i in toks:
        if doc[i].lower_ in GROUP_REFS or (
            doc[i].lower_ == "state" and i > 0 and doc[i - 1].lower_ == "of"
        ):
            window = {doc[j].lower_ for j in range(max(0, i - 4), i)}
            if window & PAIR_WORDS:
                return True
    return False


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


def _leaders_of(
    doc: Doc, ents: DocEntities, subj: set[int], group: list[PartyRef]
) -> list[PartyRef]:
    """ "the two heads of state held a call" said in an article about two ministers' call:
    the leaders of the two countries, not the ministers. Each is the person of that country
    the text names with a leader's office, else an office of that country with no name."""
    words_ = {doc[i].lower_ for i in subj}
    heads_of_state = "heads" not in words_ or "state" in words_ or "government" in words_
    if not words_ & LEADER_GROUP_REFS or not heads_of_state:
        return group
    countries = [p.country for p in group]
    if None in countries or len(set(countries)) != len(countries):
        return group
    # Only people named with a lower office ("Foreign Minister") are not the heads; a
    # leader named without a title may well be one.
    if any(
        p.cluster is None
        or not ents.clusters[p.cluster].titles
        or _heads_state(ents.clusters[p.cluster].titles)
        for p in group
    ):
        return group
    leaders = []
    for code in countries:
        named = [
            ci
            for ci in ents.person_clusters()
            if ents.clusters[ci].name
            and ents.clusters[ci].country == code
            and _heads_state(ents.clusters[ci].titles)
        ]
        if len(named) == 1:
            c = ents.clusters[named[0]]
            leaders.append(PartyRef(named[0], c.name, c.title, code))
        else:
            leaders.append(PartyRef(None, "head of state", "Head of State", code))
    return leaders


def _sentence_subject(doc: Doc, ents: DocEntities, sent: Span) -> PartyRef | None:
    """The person the sentence is about: its first subject that is a person, not one of a
    relative clause ("..., where X stood by his side"); or a person the parse made the
    root, with the verb hung on it ("the president called the holiday a festival")."""
    for i in range(sent.start, sent.end):
        if i not in ents.person_at:
            continue
        tok = doc[i]
        if tok.dep_ == "nsubj" and not _in_relative_clause(tok.head):
            return _party_from_mention(doc, ents, ents.person_at[i])
        if tok.dep_ == "ROOT" and tok.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ == "acl" and c.pos_ == "VERB" and c.i == i + 1 for c in tok.children
        ):
            return _party_from_mention(doc, ents, ents.person_at[i])
    return None


def _in_relative_clause(verb: Token) -> bool:
    return verb.dep_ == "relcl" or any(
        c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children
    )


def _nearest_subject_before(
    doc: Doc, ents: DocEntities, sent: Span, i: int
) -> PersonMention | None:
    best = None
    for m in ents.persons:
        if sent.start <= m.start < i:
            best = m
    return best


def _quote_speaker(
    doc: Doc, ents: DocEntities, sent: Span, last_agent: PartyRef | None = None
) -> PartyRef | None:
    """The named speaker of a quoted sentence, for its "I": the subject of the reporting
    verb after the quote closes, in this sentence or the next two ("... this morning." /
    "... tonight," X told the radio); "..., he added": the person the text is about
    (`last_agent`). None when the sentence is not a quote."""
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.text not in OPENING_QUOTES:
        return None
    later = [s for s in doc.sents if s.start >= sent.start][:3]
    closed = False
    for s in later:
        for tok in s:
            # A quote mark after the opening one closes it (scraped pages mix “ and ”).
            if tok.i > first.i and (tok.text in CLOSING_QUOTES or tok.text in OPENING_QUOTES):
                closed = True
            if not closed or tok.lemma_ not in REPORTING_LEMMAS or tok.pos_ != "VERB":
                continue
            for c in tok.children:
                m = ents.person_at.get(c.i)
                if c.dep_ == "nsubj" and m is not None and not m.by_title:
                    return _party_from_mention(doc, ents, m)
                if c.dep_ == "nsubj" and c.lower_ in SINGULAR_PRONOUNS:
                    return last_agent
            return None
    return None


def _colon_quote_speaker(doc: Doc, ents: DocEntities, pred: Token) -> PartyRef | None:
    """ 'X wrote on X: "Had a call with Y today."': a clause with no subject opening a quote
    after a colon is the words of the reporting verb's subject."""
    i = pred.i - 1
    while i > 0 and doc[i].dep_ in ("aux", "advmod", "neg") and doc[i].head.i == pred.i:
        i -= 1  # "Just spoke with ...", "Also had a call ..."
    if i > 0 and doc[i].text in OPENING_QUOTES:
        i -= 1
    if i <= 0 or doc[i].text != ":":
        return None
    for j in range(i - 1, max(-1, i - 9), -1):
        verb = doc[j]
        if verb.lemma_ not in REPORTING_LEMMAS or verb.pos_ != "VERB":
            continue
        for c in verb.children:
            m = ents.person_at.get(c.i) if c.dep_ == "nsubj" else None
            if m is not None and not m.by_title:
                return _party_from_mention(doc, ents, m)
        return None
    return None



def _story_subject(
    doc: Doc, ents: DocEntities, sent: Span, last_agent: PartyRef | None
) -> PartyRef | None:
    """The person the story is about before `sent`: the one person named most often before
    it, when the sentences before do not make another their subject. None when that is not
    clear (a tie, no one named, a last subject who is someone else)."""
    counts: dict[int, int] = {}
    first: dict[int, PersonMention] = {}
    for m in ents.persons:
        if m.start >= sent.start or m.by_title or m.cluster < 0:
            continue
        counts[m.cluster] = counts.get(m.cluster, 0) + 1
        first.setdefault(m.cluster, m)
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
        return None
    top = max(counts, key=lambda c: counts[c])
    if last_agent is not None:
        return last_agent if last_agent.cluster == top else None
    return _party_from_mention(doc, ents, first[top])
