"""Parties of a call: `PartyRef`s built from mentions, matched, deduplicated, offices resolved
to names (counterparts, appositions, readouts) and countries filled in."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from newsevents.entities import SEAT_NAMES, Cluster, DocEntities, PersonMention, resolve_title_ref
from newsevents.entities.titles import ends_in_office, subject_after_phrase, title_role
from newsevents.lexicon import lexicon, norm, words
from newsevents.rules.ty import CallCandidate, DocContext, PartyRef

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


APPOSITION_STOPS = words("apposition_stops")
POSSESSIVE_CLITICS = words("possessive_clitics")
TITLE_DETERMINERS = words("title_determiners")
HEAD_OF_STATE_TITLES = words("head_of_state_titles")
FIRST_PERSON_PLURAL = words("first_person_plural")
NOT_HEAD_WORDS = frozenset({"vice", "deputy", "former", "ex", "late", "then", "counterpart"})


def _mentions_in(ents: DocEntities, start: int, end: int) -> list[PersonMention]:
    seen: list[PersonMention] = []
    for p in ents.persons:
        if start <= p.start < end and p not in seen:
            seen.append(p)
    return seen


def _mentions_under(ents: DocEntities, head: Token) -> list[PersonMention]:
    """The person mentions inside a token's subtree."""
    inside = {t.i for t in head.subtree}
    found = _mentions_in(ents, head.left_edge.i, head.right_edge.i + 1)
    return [m for m in found if m.start in inside]


def _party_from_mention(doc: Doc, ents: DocEntities, m: PersonMention) -> PartyRef:
    mention_text = doc[m.start : m.end].text
    if m.by_title:
        # "his Turkish counterpart" is resolved against the other side's office, later.
        counterpart = norm(m.title or "").endswith("counterpart")
        ci = None if counterpart else resolve_title_ref(ents, m)
        if ci is not None and m.listed and ents.clusters[ci].country != m.country:
            # "the leaders of A and B": each is A's or B's, never a person of no known country.
            ci = None
        if ci is not None:
            return PartyRef(
                ci,
                mention_text,
                ents.clusters[ci].title,
                m.country or ents.clusters[ci].country,
                org=ents.clusters[ci].org,
            )
        title = _title_case(m.title or mention_text)
        return PartyRef(None, mention_text, title, m.country, org=m.org)
    cluster = ents.clusters[m.cluster]
    # The full mention with its title, when the title sits right before the name.
    return PartyRef(
        m.cluster,
        _mention_with_title(doc, m),
        cluster.title or m.title,
        m.country or cluster.country,
        org=cluster.org,  # the head of an international body ("UN Secretary-General X")
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
        while j >= 0 and doc[j].lower_ in POSSESSIVE_CLITICS and j - 1 >= 0:
            j -= 2
        if k < 0 or j < start - 1:
            # Include a preceding possessive country ("Syria's new leader").
            first = j + 1
            while first > 0 and (
                doc[first - 1].ent_type_ in ("GPE", "NORP")
                or doc[first - 1].lower_ in POSSESSIVE_CLITICS
            ):
                first -= 1
            text = doc[first : m.end].text
    return text


def _title_case(title: str) -> str:
    words = title.split()
    while words and words[0].lower() in TITLE_DETERMINERS:
        words = words[1:]
    return " ".join(words) or title


def _dedupe(refs: list[PartyRef], ents: DocEntities) -> list[PartyRef]:
    out: list[PartyRef] = []
    keys: set[str] = set()
    for r in refs:
        k = r.key(ents)
        if k not in keys:
            keys.add(k)
            out.append(r)
    return out


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
    if named_country == ref.country and norm(ref.title or "") in HEAD_OF_STATE_TITLES:
        # "the head of state" of a country is not its foreign minister.
        return not cluster.titles or _heads_state(cluster.titles)
    if named_country is None or named_country == ref.country:
        return True
    # A country only guessed from nearby words gives way to an office's stated one, when
    # the person holds no other office ("the American president" and an untitled "Trump").
    return cluster.country_basis == "inferred" and _may_hold(ref, cluster)


def _heads_state(titles: list[str]) -> bool:
    """A president's or prime minister's title; not a minister's, a deputy's or "counterpart"."""
    for title in titles:
        words_ = norm(title).replace("-", " ").split()
        if not set(words_) & NOT_HEAD_WORDS and ends_in_office(words_, HEAD_OF_STATE_TITLES):
            return True
    return False


def _may_hold(office: PartyRef, cluster: Cluster) -> bool:
    """The named person has no office, or one of the same kind as `office`'s title."""
    if not office.title:
        return False
    head = norm(office.title).split()[-1]
    return not cluster.titles or any(norm(t).endswith(head) for t in cluster.titles if t)


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
                PartyRef(
                    None,
                    ref.mention,
                    _title_case(m.title or ref.mention or ""),
                    m.country,
                    org=m.org,
                )
            )
        else:
            out.append(ref)
    return out


def _set_off_after(doc: Doc, named: PersonMention, office: PersonMention) -> bool:
    """ "Y — currently Z's defence minister —", "Y (Z's defence minister)": an office set off
    right after the name, whatever the parse hung it on."""
    gap = doc[named.end : office.start]
    return (
        0 < len(gap) <= 3
        and gap[0].text in ("—", "–", "-", ",", "(")
        and all(t.is_punct or t.pos_ == "ADV" or t.lower_ in ("the", "a") for t in gap)
    )


def _other_offices(a: str | None, b: str | None) -> bool:
    """Two titles of offices the table tells apart (a head of government, a head of state)."""
    ra, rb = title_role(norm(a or "")), title_role(norm(b or ""))
    return ra is not None and rb is not None and ra != rb


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
            ) or (
                o_root.dep_ == "appos"
                and named.start <= o_root.head.i < named.end
                # "X spoke with Y — currently Z's minister —": the parse may hang the
                # office on X past the name it follows.
                and not any(doc[k].pos_ == "VERB" for k in range(named.end, office.start))
            ) or _set_off_after(doc, named, office)
            if linked and _other_offices(office.title, named.title):
                continue  # "The Prime Minister, US President X and ...": a list of people
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
        if subject_after_phrase(doc, named.start - 2, named.start):
            continue  # "in a call with his German counterpart, X said"
        j = named.start - 2
        place = None
        words: list[str] = []
        while j >= max(0, named.start - 10) and doc[j].lower_ not in APPOSITION_STOPS:
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


def _give_countries(
    refs: list[PartyRef], countries: dict[int, str], ents: DocEntities
) -> list[PartyRef]:
    """The country of the office beside the name: local evidence, over the cluster's guess
    (never over a country the text states for the person)."""
    out = []
    for ref in refs:
        if ref.cluster is not None and ref.cluster in countries:
            stated = ents.clusters[ref.cluster].country_basis == "stated" and ref.country
            if not stated:
                ref = replace(ref, country=countries[ref.cluster])
        out.append(ref)
    return out


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


HEADER_LINE_MAX_WORDS = 8


def header_seats(text: str) -> frozenset[str]:
    """Countries of the seats of government that a line of the page names on its own, as a
    header or footer does ("Prime Minister's Office, 10 Downing Street"): who wrote it."""
    lex = lexicon()
    out = set()
    for line in text.splitlines():
        words = line.split()
        if not words or len(words) > HEADER_LINE_MAX_WORDS or line.rstrip().endswith("."):
            continue
        padded = " " + " ".join(norm(w.strip(",.;:()")) for w in words) + " "
        for seat in SEAT_NAMES:
            if f" {seat} " in padded:
                code = lex.country(seat)
                if code:
                    out.add(code)
    return frozenset(out)


def _speaking_seats(doc: Doc) -> set[str]:
    """Countries whose seat of government the text cites: "the State Department said",
    "the Kremlin press service"."""
    lex = lexicon()
    out = set()
    for ent in doc.ents:
        seat = lex.country(ent.text)
        if seat and norm(ent.text) in SEAT_NAMES and ent.root.dep_ in ("nsubj", "compound"):
            out.add(seat)
    return out


def _writer_countries(
    doc: Doc, ents: DocEntities, seats: frozenset[str] = frozenset()
) -> list[tuple[str, bool]]:
    """Countries by how likely the text is written from them, each with whether anything
    says so: a seat of government that speaks ("Downing Street said") or the first of a pair
    ("UK-India ties") counts more than a country merely named, and in a text with a voice of
    its own ("our shores", "we agreed") a country it names may be the writer's. A country
    only named, in a text without one, may as well be a topic ("Iran's attack on Israel")."""
    lex = lexicon()
    score: Counter[str] = Counter()
    said: set[str] = set()
    for code, n in ents.country_counts.items():
        score[code] += n
    for ent in doc.ents:
        seat = lex.country(ent.text)
        if seat and norm(ent.text) in SEAT_NAMES and ent.root.dep_ in ("nsubj", "compound"):
            score[seat] += 3
            said.add(seat)
    for tok in doc[1:-1]:
        if tok.text in ("-", "–") and not tok.whitespace_ and not doc[tok.i - 1].whitespace_:
            first, second = lex.country(doc[tok.i - 1].text), lex.country(doc[tok.i + 1].text)
            if first and second and first != second:
                score[first] += 2
                said.add(first)
    for seat in seats:
        score[seat] += 3
        said.add(seat)
    # "we", "our"; not "US" the country ("US President X").
    voiced = any(
        t.lower_ in FIRST_PERSON_PLURAL and not t.text.isupper() and not t.ent_type_
        for t in doc
    )
    return [
        (code, voiced or code in said)
        for code, _ in sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _fill_countries(
    doc: Doc, ents: DocEntities, cands: list[CallCandidate], ctx: DocContext
) -> None:
    """Give a country to parties without one: the document's home country, when it is not the
    other side's (official readouts name only the foreign side's country).

    In place on purpose: one `PartyRef` may stand in several calls ("He also spoke with
    ..."), and a country given in one call is seen as taken by the next."""
    lex = lexicon()
    home = lex.country(ctx.dateline_place) if ctx.dateline_place else None
    if home is not None and (_speaking_seats(doc) | ctx.writer_seats) - {home}:
        # "ANKARA (Reuters) - ..., the State Department said": the report is another
        # government's, the dateline only where it was filed.
        home = None
    writers = _writer_countries(doc, ents, ctx.writer_seats) if cands else []
    # "spoke with the leaders of A and B": a country the trigger's other calls give a
    # partner is no caller's fallback.
    by_trigger: dict[int, set[str]] = {}
    for cand in cands:
        by_trigger.setdefault(cand.trigger_char, set()).update(
            q.country for q in cand.parties if q.country and q.cluster is None
        )
    for cand in cands:
        for p in cand.parties:
            if p.country is None and p.cluster is not None:
                p.country = ents.clusters[p.cluster].country
        for p in cand.parties:
            if p.country is not None or p.org is not None:
                continue
            used = {q.country for q in cand.parties if q.country}
            used |= by_trigger.get(cand.trigger_char, set())
            p.country_fallback = True
            if home and home not in used:
                p.country = home
                continue
            for code, evidenced in writers:
                if code not in used:
                    if evidenced or p.cluster is not None:
                        p.country = code
                        p.country_guess = not evidenced
                    else:
                        # An office, in the country the text names most with nothing saying
                        # the text is written from it: likely a topic's ("Iran's attack on
                        # Israel"), so none.
                        p.country_guess = True
                    break


LEDE_TOKENS = 100


def _name_offices(doc: Doc, ents: DocEntities, cands: list[CallCandidate]) -> list[CallCandidate]:
    """An office named without a country ("the Prime Minister" of an official readout) is
    the one person the top of the article names without any office, before the call's
    sentence, when that person is not already the call's other side."""
    first: dict[int, int] = {}
    for m in ents.persons:
        if not m.by_title:
            first.setdefault(m.cluster, m.start)
    # "under the X government": a name only modifying a noun is no one the text reports on.
    argument = {
        m.cluster
        for m in ents.persons
        if not m.by_title
        and not (doc[m.end - 1].dep_ in ("compound", "amod") and doc[m.end - 1].head.pos_ == "NOUN")
    }
    untitled = [
        ci
        for ci in ents.person_clusters()
        if first.get(ci, LEDE_TOKENS) < LEDE_TOKENS
        and ents.clusters[ci].name
        and not ents.clusters[ci].titles
        and ci in argument
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
    out = []
    for cand in cands:
        taken = {p.cluster for p in cand.parties if p.cluster is not None}
        start = min((s for s, _ in cand.sent_token_spans), default=0)
        parties = list(cand.parties)
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
                parties[k] = PartyRef(ci, p.mention, p.title, ents.clusters[ci].country)
                taken.add(ci)
        out.append(replace(cand, parties=parties))
    return out
