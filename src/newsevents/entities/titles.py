"""Titles and offices attached to person mentions, and mentions by office alone.

"Syria's new leader, Ahmad al-Sharaa", "Macron of France", "Trump, President of the US":
the office and the country that a title phrase beside a name gives its holder; "the Prime
Minister", "his Turkish counterpart": mentions by office only, and the named person they
stand for.
"""

from __future__ import annotations

import bisect
import functools
from typing import TYPE_CHECKING

from newsevents.entities.ents import doc_ents, token_indices
from newsevents.entities.words import entity_word_list, entity_words
from newsevents.kb.offices import role_for_title
from newsevents.lexicon import lexicon, norm

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from newsevents.entities.cluster import Cluster, DocEntities, PersonMention

TITLE_FILLERS = entity_words("title_fillers")
DETERMINERS = entity_words("determiners")
APPOSITION_DETERMINERS = entity_words("apposition_determiners")
TITLE_EDGE_WORDS = entity_words("title_edge_words")
POSSESSIVES = entity_words("possessives")
COUNTRY_ABBREVIATIONS = entity_words("country_abbreviations")
# Words between a determiner and the office in "the new US President".
REF_FILLERS = TITLE_FILLERS - DETERMINERS - {"of", "and"}
TITLE_REF_HEADS = entity_word_list("title_ref_heads")
# Styles of a royal or ruling family's members, no office ("Sheikh X" may be the Emir).
STYLE_TITLES = entity_words("style_titles")
BARE_TITLE_HEADS = entity_words("bare_title_heads")
ORG_TITLE_HEADS = entity_word_list("org_title_heads")
# The heads of two or more words, hyphens as spaces ("secretary general"): offices only an
# international body has, whoever writes them without the body's name.
ORG_OFFICE_ENDINGS = tuple(
    " ".join(h.replace("-", " ").split()) for h in ORG_TITLE_HEADS if " " in h.replace("-", " ")
)
NOT_SITTING = entity_words("not_sitting")
TITLE_SUFFIXES = entity_words("title_suffixes")
PREDICATE_TITLE_VERBS = entity_words("predicate_title_verbs")
NOT_HOLDER = entity_words("not_holder")
OFFICE_OF_PREPS = entity_words("office_of_preps")
NOT_PLURAL_OFFICES = entity_words("not_plural_offices")
PLURAL_OFFICE_HEADS = frozenset(h for h in TITLE_REF_HEADS if " " not in h) - NOT_PLURAL_OFFICES
LEADER_SEATS = entity_words("leader_seats")
SEAT_REF_HEADS = entity_words("seat_ref_heads")
# For the title-only references: the first words of the heads, the beginnings of the heads
# of international bodies.
_GPE = frozenset({"GPE"})
_TITLE_REF_FIRST_WORDS = frozenset(h.split(" ")[0] for h in TITLE_REF_HEADS)
_ORG_TITLE_HEAD_PREFIXES = frozenset(h[:k] for h in ORG_TITLE_HEADS for k in range(1, len(h) + 1))


# --- titles beside a name -------------------------------------------------------------------


def title_before(doc: Doc, start: int, *, limit: int = 8) -> tuple[int, str | None, str | None]:
    """The title phrase right before a name: (its first token, text, country)."""
    lex = lexicon()
    body_office = _body_office_before(doc, start)
    if body_office is not None:
        return body_office[0], body_office[1], None
    # "Syria's new leader, Ahmad al-Sharaa": an office before a comma names the person.
    if (
        start > 1
        and doc[start - 1].text == ","
        and doc[start - 2].lower_ in lex.titles
        and not subject_after_phrase(doc, start - 2, start)
    ):
        before = title_before(doc, start - 1, limit=limit)
        if before[1]:
            return before
    body_head = _office_of_body_before_comma(doc, start)
    if body_head is not None:
        phrase = doc[body_head : start - 1]
        return body_head, phrase.text, phrase_country(phrase)
    i = start
    first = start
    country: str | None = None
    saw_title = False
    while i > 0 and start - i < limit:
        tok = doc[i - 1]
        low = tok.lower_
        if "\n" in tok.text or tok.is_punct and low not in POSSESSIVES and low != "-":
            break
        if tok.is_space:
            i -= 1  # "Secretary of State  X": a blanked bracket between title and name
            continue
        if low in TITLE_SUFFIXES and i >= 2 and doc[i - 2].text == "-":
            i -= 2  # "president-elect X": the title before the suffix
            continue
        if low in POSSESSIVES:
            i -= 1
            continue
        if low == "and" and saw_title and _first_of_two_offices(doc, i - 1):
            i -= 1  # "Chinese State Councilor and Foreign Minister X": both offices are X's
            continue
        # The longest title phrase ending here ("Prime Minister", "Secretary of State"): one
        # whose last word is this token's.
        ends_title = low in _last_words(lex.titles)
        matched = next(
            (
                j
                for j in (range(max(0, i - 4), i) if ends_title else ())
                if " ".join(t.lower_ for t in doc[j:i]) in lex.titles
            ),
            None,
        )
        if matched is not None:
            saw_title = True
            i = matched
            # "Vice-President": a hyphenated prefix belongs to the title.
            while (
                i >= 2
                and doc[i - 1].text == "-"
                and not doc[i - 2].whitespace_
                and not doc[i - 1].whitespace_
            ):
                i -= 2
            first = i
            continue
        if (
            tok.ent_type_ in ("GPE", "NORP")
            or lex.country(tok.text)
            # "Sri Lankan" mistagged as a person's name: still the country word of the title
            or (tok.ent_type_ == "PERSON" and lex.country(_ent_text(doc, tok.i)))
        ):
            code = lex.country(_ent_text(doc, tok.i)) or lex.country(tok.text)
            if code:
                country = country or code
            i -= 1
            first = i
            continue
        if low in TITLE_FILLERS or low in lex.honorifics:
            i -= 1
            if low not in DETERMINERS:
                first = i
            continue
        if (
            saw_title
            and tok.is_title
            and tok.ent_type_ not in ("PERSON", "DATE")
            and tok.pos_ in ("PROPN", "NOUN", "ADJ")
            and doc[i].is_title
            and doc[i].lower_ not in TITLE_FILLERS
        ):
            # The office's portfolio: "Brazilian Home Affairs Minister", "Interior".
            i -= 1
            first = i
            continue
        break
    if not saw_title:
        return start, None, country if first < start else None
    while first < start and doc[first].lower_ in TITLE_EDGE_WORDS:
        first += 1
    text = doc[first:start].text.strip()
    return first, text or None, country


def _office_of_body_before_comma(doc: Doc, start: int, *, limit: int = 10) -> int | None:
    """ "The chair of Ruritania's presidency, X": an office of a body before a comma, the
    body no country itself; the office's token."""
    lex = lexicon()
    if start < 4 or doc[start - 1].text != ",":
        return None
    body = doc[start - 2]
    if body.dep_ != "pobj" or body.head.lower_ != "of" or body.ent_type_ in ("GPE", "NORP"):
        return None
    office = body.head.head
    if office.i < start - limit or norm(office.text) not in lex.titles:
        return None
    if subject_after_phrase(doc, start - 2, start):
        return None
    return office.i


def phrase_country(span: Span) -> str | None:
    """The country a phrase names, the longest name first ("Bosnia and Herzegovina's
    presidency", which the model may tag as two places)."""
    lex = lexicon()
    words = [norm(t.text) for t in span if not t.is_punct and t.tag_ != "POS"]
    for k in range(len(words)):
        for n in (4, 3, 2, 1):
            if k + n <= len(words) and (code := lex.country(" ".join(words[k : k + n]))):
                return code
    return None


def _first_of_two_offices(doc: Doc, and_i: int) -> bool:
    """The words before "and" are an office that a country or its possessive opens: "Chinese
    State Councilor and Foreign Minister X" is one person; "the Prime Minister and President X"
    are two."""
    lex = lexicon()
    for j in range(max(0, and_i - 4), and_i):
        if " ".join(t.lower_ for t in doc[j:and_i]) in lex.titles and j > 0:
            before = doc[j - 1]
            return (
                before.ent_type_ in ("NORP", "GPE")
                or bool(lex.country(before.text))
                or before.tag_ == "POS"
            )
    return False


def subject_after_phrase(doc: Doc, office_end: int, start: int) -> bool:
    """ "In a call with his German counterpart, X said": the office closes a phrase of the
    clause the name is the subject of, so it is someone else's."""
    office = doc[office_end]
    if office.dep_ != "pobj":
        return False
    end = start
    while end < len(doc) and doc[end].pos_ == "PROPN" and end - start < 5:
        end += 1
    subject = next((t for t in doc[start:end] if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    # The office's phrase opens the subject's own clause: "In a call with ..., X said".
    return any(a.dep_ == "prep" and a.head.i == subject.head.i for a in office.ancestors)


def _body_office_before(doc: Doc, start: int) -> tuple[int, str] | None:
    """ "Director-General of the World Health Organization (WHO) Dr. X": the office of an
    international body the lexicon knows, named with the body, before a name (and its
    honorific): (its first token, text)."""
    lex = lexicon()
    i = start
    while i > 0 and norm(doc[i - 1].text).rstrip(".") in lex.honorifics:
        i -= 1
    if i > 2 and doc[i - 1].text == ")":
        # "(WHO)": the body's short name in brackets.
        j = next((k for k in range(i - 2, max(0, i - 5), -1) if doc[k].text == "("), None)
        if j is None:
            return None
        i = j
    if i == 0 or doc[i - 1].ent_type_ != "ORG":
        return None
    ent = next((e for e in doc_ents(doc) if e.start < i <= e.end), None)
    if ent is None or lex.org(doc[ent.start : i].text) is None:
        return None
    k = ent.start
    if k > 0 and doc[k - 1].lower_ in DETERMINERS:
        k -= 1
    if k < 2 or doc[k - 1].lower_ != "of":
        return None
    for n in (3, 2, 1):  # "Director - General", "Secretary General", "chief"
        head = doc[max(0, k - 1 - n) : k - 1]
        if " ".join(head.text.lower().replace(" - ", "-").split()) in ORG_TITLE_HEADS:
            return head.start, doc[head.start : i].text.strip()
    return None


def org_before(doc: Doc, first: int, title: str | None) -> str | None:
    """The international body whose head the title before a name is ("UN Secretary-General
    X", "NATO's Secretary General X", "Director-General of the WHO X"): an organisation the
    lexicon knows, right before an office of a body's head, or named after it."""
    if title is not None and " of " in title:
        head, _, body = title.partition(" of ")
        if " ".join(head.lower().split()) in ORG_TITLE_HEADS:
            return lexicon().org(body.split(" (")[0].strip())
    if title is not None:
        # "Gulf Cooperation Council Secretary-General X": the body read into the title.
        words = title.split()
        for k in range(1, len(words)):
            if " ".join(words[k:]).lower() in ORG_TITLE_HEADS and (
                org := lexicon().org(" ".join(words[:k]))
            ):
                return org
    if title is None or " ".join(title.lower().split()) not in ORG_TITLE_HEADS:
        return None
    i = first - 1
    if i >= 0 and doc[i].lower_ in POSSESSIVES:
        i -= 1
    if i < 0 or doc[i].ent_type_ != "ORG":
        return None
    return lexicon().org(_ent_text(doc, i)) or lexicon().org(doc[i].text)


@functools.cache
def _last_words(titles: frozenset[str]) -> frozenset[str]:
    return frozenset(t.split(" ")[-1] for t in titles)


def _ent_text(doc: Doc, i: int) -> str:
    tok = doc[i]
    if tok.ent_type_:
        for ent in doc_ents(doc):
            if ent.start <= i < ent.end:
                return ent.text
    return tok.text


def title_after(doc: Doc, end: int) -> tuple[str | None, str | None]:
    """A title or country right after a name: "Macron of France", "Trump, President of the US"."""
    lex = lexicon()
    n = len(doc)
    i = end
    if i < n and doc[i].lower_ == "of" and i + 1 < n:
        span = _place_after(doc, i + 1)
        if span is not None:
            return None, lex.country(span.text)
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        code = _title_case_country(doc, j, n)  # "of Niger Republic", untagged by the model
        if code:
            return None, code
    if i + 2 < n and doc[i].text == "(" and doc[i + 2].text == ")":
        code = lex.country(doc[i + 1].text)  # "Igor Popov (Russia)"
        if code:
            return None, code
    if i + 1 < n and doc[i].text == ",":
        j = i + 1
        if j < n and doc[j].lower_ in APPOSITION_DETERMINERS:
            j += 1
        k = j
        while (
            k < n
            and k - j < 8
            and not doc[k].is_punct
            # "X, Emir of Kuwait": a title the model tagged into a name still opens the phrase.
            and (doc[k].ent_type_ != "PERSON" or (k == j and doc[k].lower_ in lex.titles))
            # "the newly elected president": a participle inside the title phrase is fine.
            and (doc[k].pos_ not in ("CCONJ", "VERB", "AUX") or doc[k].tag_ == "VBN")
            and (doc[k].pos_ != "ADP" or doc[k].lower_ == "of")
        ):
            k += 1
        phrase = doc[j:k]
        words = [t.lower_ for t in phrase]
        starts_ok = bool(words) and (
            words[0] in lex.titles
            or phrase[0].ent_type_ in ("GPE", "NORP")
            or phrase[0].pos_ in ("ADJ", "ADV")
            or " ".join(words[:2]) in lex.titles
        )
        # A true apposition ends at punctuation ("Trump, President of the US, said").
        closed = k >= n or doc[k].is_punct or "\n" in doc[k].text or "\n" in doc[k - 1].whitespace_
        if closed and _titles_next_name(doc, k):
            closed = False  # "Kishida, Indonesian President-elect Prabowo": another's title
        if (
            closed
            and starts_ok
            and (any(w in lex.titles for w in words) or " ".join(words[:2]) in lex.titles)
        ):
            country = None
            for t in phrase:
                if t.ent_type_ in ("GPE", "NORP"):
                    country = country or lex.country(_ent_text(doc, t.i))
            return phrase.text, country or _untagged_place_of(phrase)
    return None, None


def _titles_next_name(doc: Doc, k: int) -> bool:
    """At `k`, after a title phrase: "-elect" or the like, then a person's name."""
    if k + 1 < len(doc) and doc[k].text == "-" and doc[k + 1].lower_ in TITLE_SUFFIXES:
        k += 2
    return k < len(doc) and (
        doc[k].ent_type_ == "PERSON" or (doc[k].pos_ == "PROPN" and doc[k].is_title)
    )


def _untagged_place_of(phrase: Span) -> str | None:
    """The country of "President of Cyprus" when the model left the place untagged."""
    lex = lexicon()
    words = [t.lower_ for t in phrase]
    if "of" not in words:
        return None
    j = words.index("of") + 1
    if j < len(phrase) and words[j] == "the":
        j += 1
    rest = phrase[j:]
    if rest and rest[0].is_title and lex.country(rest.text):
        return lex.country(rest.text)  # "of the State of Israel"
    inner = [t.lower_ for t in rest]
    if "of" in inner[:3]:
        # "of the State of Kuwait", "of the Sultanate of Oman": the country after the form.
        tail = rest[inner.index("of") + 1 :]
        if tail and tail[0].is_title and lex.country(tail.text):
            return lex.country(tail.text)
    return _title_case_country(phrase.doc, phrase.start + j, phrase.end)


def _title_case_country(doc: Doc, j: int, end: int) -> str | None:
    """The country named by the longest run of up to three title-case words at `j`, before
    `end`."""
    lex = lexicon()
    for k in (3, 2, 1):
        if j + k <= end and all(t.is_title for t in doc[j : j + k]):
            code = lex.country(doc[j : j + k].text)
            if code:
                return code
    return None


PLACE_LABELS = ("GPE", "NORP", "LOC")


def _place_after(doc: Doc, i: int, labels: tuple[str, ...] = PLACE_LABELS) -> Span | None:
    """The entity with one of `labels` at `i`, after an optional "the"."""
    for ent in doc_ents(doc):
        if ent.start == i or (ent.start == i + 1 and doc[i].lower_ == "the"):
            if ent.label_ in labels:
                return ent
    return None


# --- title-only references -----------------------------------------------------------------


def _phrase_key(span: Span) -> str:
    """A title phrase as one lower-case string, hyphens kept ("Secretary-General")."""
    return " ".join(span.text.lower().split())


@functools.lru_cache(maxsize=4096)
def title_role(title: str) -> str | None:
    """The office a title ends in, as the office table names its roles, whatever the country
    ("top diplomat" and "foreign minister" are one office); None for none, or a bare
    "minister"."""
    words = title.split()
    for k in range(min(4, len(words)), 0, -1):
        role = role_for_title(" ".join(words[-k:]))
        if role is not None and role != "minister":
            return role
    return None


def _ref_head_at(doc: Doc, j: int) -> tuple[int, int, str] | None:
    """The office word(s) of a reference starting at token j ("prime minister", "counterpart")."""
    if j >= len(doc) or doc[j].lower_ not in _TITLE_REF_FIRST_WORDS:
        return None
    for words in (3, 2, 1):
        if j + words <= len(doc):
            phrase = " ".join(t.lower_ for t in doc[j : j + words])
            if phrase in TITLE_REF_HEADS:
                return (j, j + words, phrase)
    return None


def title_refs(doc: Doc, covered: set[int]) -> list[tuple[int, int, str, str | None, str | None]]:
    """Mentions by office only: "the Prime Minister", "his Turkish counterpart", "the US
    President", and the head of an international body ("the UN Secretary-General", "the
    head of NATO"), as (start, end, head, country, org)."""
    lex = lexicon()
    refs: list[tuple[int, int, str, str | None, str | None]] = []
    i = 0
    n = len(doc)
    # A reference starts only at a determiner or a possessor (a GPE): the loop goes from one
    # to the next instead of looking at every token.
    # A country the model tagged otherwise ("Türkiye's" as an ORG) is a possessor too.
    owners = (k - 1 for k in token_indices(doc, POSSESSIVES) if k > 0)
    starts = sorted(
        {*token_indices(doc, DETERMINERS), *token_indices(doc, _GPE, "ENT_TYPE"), *owners}
    )
    while i < n:
        k = bisect.bisect_left(starts, i)
        if k == len(starts):
            break
        i = starts[k]
        tok = doc[i]
        possessor = (
            tok.ent_type_ in ("GPE", "ORG", "")
            and i + 1 < n
            and doc[i + 1].lower_ in POSSESSIVES
            and lex.country(tok.text) is not None
        )
        if tok.i in covered or (tok.lower_ not in DETERMINERS and not possessor):
            i += 1
            continue
        seat = None if possessor else _seat_ref(doc, i)
        if seat is not None and not covered & set(range(i, seat[0])):
            start = i + 1 if tok.lower_ == "the" else i
            refs.append((start, seat[0], "leader", seat[1], None))
            i = seat[0]
            continue
        j = i + 1
        country: str | None = None
        org: str | None = None
        if possessor:
            country = lex.country(tok.text)
            j = i + 2
        if not possessor and j < n and doc[j].ent_type_ == "ORG" and lex.org(doc[j].text):
            org = lex.org(doc[j].text)  # "the UN chief", "NATO's Secretary General"
            j += 1
            if j < n and doc[j].lower_ in POSSESSIVES:
                j += 1
        office = _org_office(doc, j, org) if org else None
        while office is None and (
            j < n
            and j - i < 4
            and _ref_head_at(doc, j) is None  # "top diplomat": a filler word opens the head
            and (
                doc[j].ent_type_ in ("GPE", "NORP")
                or doc[j].lower_ in COUNTRY_ABBREVIATIONS
                or doc[j].lower_ in POSSESSIVES
                or doc[j].lower_ in REF_FILLERS
            )
        ):
            if doc[j].ent_type_ in ("GPE", "NORP") or doc[j].lower_ in COUNTRY_ABBREVIATIONS:
                country = (
                    country or lex.country(_ent_text(doc, j)) or lex.country(doc[j].text.upper())
                )
            j += 1
        office = office or _org_office(doc, j, org)
        if office is not None:
            start = i + 1 if tok.lower_ == "the" else i
            if not covered & set(range(start, office[0])):
                refs.append((start, office[0], office[1], None, office[2]))
            i = office[0]
            continue
        head = _ref_head_at(doc, j)
        if head is None:
            i += 1
            continue
        if head[1] < n and doc[head[1] - 1].ent_type_ == "ORG" and doc[head[1]].ent_iob_ == "I":
            i += 1  # "the Premier League": the title word opens a body's name
            continue
        end = head[1]
        # "president-elect", "prime minister-designate": the office still, about to be held.
        if end + 1 < n and doc[end].text == "-" and doc[end + 1].lower_ in TITLE_SUFFIXES:
            end += 2
        # "the President of France", "the Minister of Foreign Affairs of Armenia".
        if end + 1 < n and doc[end].lower_ == "of":
            place = _place_after(doc, end + 1)
            if place is None:
                k = end + 1
                while k < n and k - end < 4 and doc[k].text[:1].isupper() and not doc[k].ent_type_:
                    k += 1
                if k > end + 1 and k + 1 < n and doc[k].lower_ == "of":
                    place = _place_after(doc, k + 1)
                    if place is None:
                        end = k
            if place is not None and lex.country(place.text):
                country = country or lex.country(place.text)
                end = place.end
            elif place is None and org is None:
                # "the President of the European Council": an office of a body.
                body = _place_after(doc, end + 1, ("ORG",))
                if body is not None and lex.org(body.text) and country is None:
                    org = lex.org(body.text)
                    end = body.end
        # "the President of Ukraine Volodymyr Zelensky": the office of the name after it.
        if (
            end + 2 < n
            and doc[end].lower_ == "of"
            and any(k in covered for k in range(end + 2, min(n, end + 5)))
            and not any(
                doc[k].is_punct for k in range(end + 1, min(n, end + 5)) if k not in covered
            )
        ):
            i = end
            continue
        # A name right after the title means it is not a title-only reference.
        if end < n and (
            end in covered
            or doc[end].pos_ == "PROPN"
            and doc[end].text[:1].isupper()
            and doc[end].ent_type_ not in ("GPE", "NORP", "DATE", "ORG")
        ):
            i = end
            continue
        start = i + 1 if tok.lower_ == "the" else i
        if head[2] in BARE_TITLE_HEADS and country is None and not possessor:
            i = end
            continue
        if _predicate_of_person(doc, start, end):
            i = end
            continue
        refs.append((start, end, head[2], country, org))
        i = end
    return refs


def _org_office(doc: Doc, j: int, org: str | None) -> tuple[int, str, str] | None:
    """The office of an international body's head at `j` ("Secretary-General of the United
    Nations", after "UN" when `org` is given), as (end, head, org); None when no body is
    named or a name follows (that is a titled name, not an office alone)."""
    n = len(doc)
    # A phrase below starts with the first token's word (unless that token is whitespace):
    # when no head starts so, no phrase need be built.
    first = doc[j].lower_ if j < n else ""
    if first and first.split() == [first] and first not in _ORG_TITLE_HEAD_PREFIXES:
        return None
    for words in (3, 2, 1):
        if j + words > n:
            continue
        phrase = _phrase_key(doc[j : j + words])
        if phrase not in ORG_TITLE_HEADS:
            continue
        end = j + words
        if org is None:
            of_body = end + 1 < n and doc[end].lower_ == "of"
            body = _place_after(doc, end + 1, ("ORG",)) if of_body else None
            org = lexicon().org(body.text) if body is not None else None
            if org is not None and body is not None:
                end = body.end
        if org is None:
            return None
        if end < n and doc[end].pos_ == "PROPN" and doc[end].ent_type_ in ("PERSON", ""):
            return None
        return end, phrase, org
    return None


def _predicate_of_person(doc: Doc, start: int, end: int) -> bool:
    """ "X, who also serves as the prime minister, spoke with Y": an office in a relative
    clause on a named person describes that person, not another holder of it."""
    roots = [t for t in doc[start:end] if not start <= t.head.i < end] or [doc[start]]
    for anc in roots[0].ancestors:
        if anc.dep_ == "relcl":
            return anc.lemma_ in PREDICATE_TITLE_VERBS and anc.head.ent_type_ == "PERSON"
    return False


def _seat_at(doc: Doc, i: int) -> tuple[int, str] | None:
    """A leader's seat of government starting at token i ("the Kremlin"): (its end, country)."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    for words in (2, 1):
        if i + words <= len(doc):
            # doc[i : i + words].text, without building the span
            text = doc[i].text_with_ws + doc[i + 1].text if words == 2 else doc[i].text
            if norm(text) in LEADER_SEATS and (code := lexicon().country(text)):
                return i + words, code
    return None


def _seat_ref(doc: Doc, i: int) -> tuple[int, str] | None:
    """ "the (illegitimate) head of the Kremlin", "the Kremlin chief": the seat of government
    standing for its country, so the phrase means that country's leader. (end, country)."""
    j = i + 1
    # Any modifier may come between: "the illegitimate head", "the embattled master".
    while j < len(doc) and j - i < 4 and (
        doc[j].pos_ == "ADJ" or doc[j].dep_ == "amod" or doc[j].lower_ in REF_FILLERS
    ):
        j += 1
    if j + 1 < len(doc) and doc[j].lower_ in SEAT_REF_HEADS and doc[j + 1].lower_ == "of":
        return _seat_at(doc, j + 2)
    seat = _seat_at(doc, i + 1)
    if seat is None:
        return None
    k = seat[0] + (seat[0] < len(doc) and doc[seat[0]].lower_ in POSSESSIVES)
    if k < len(doc) and doc[k].lower_ in SEAT_REF_HEADS:
        return k + 1, seat[1]
    return None


def is_seat_ref(title: str) -> bool:
    """A title that names a leader by the seat of government: "head of the Kremlin"."""
    words = norm(title).split()
    text = " ".join(words)
    return bool(set(words) & SEAT_REF_HEADS) and any(
        f" {seat} " in f" {text} " for seat in LEADER_SEATS
    )


def _seat_holder(ents: DocEntities, mention: PersonMention, exclude: frozenset[int]) -> int | None:
    """The leader a seat-of-government reference stands for: the one person of that country
    named with a leader's office, or, when no one of it is, its only named person."""
    people = [
        ci
        for ci in ents.person_clusters()
        if ents.clusters[ci].name
        and ci not in exclude
        and ents.clusters[ci].country == mention.country
    ]
    leaders = [ci for ci in people if holds_office(ents.clusters[ci])]
    if len(leaders) == 1:
        return leaders[0]
    if not leaders and len(people) == 1:
        return people[0]
    return None


def _of_another_country(
    office: PersonMention, named: PersonMention, persons: list[PersonMention]
) -> bool:
    """ "Ruritania's Emir, X Discuss ...": an office of one country beside a person whom the
    text names elsewhere with another country's title is a list of two, not their office."""
    return bool(office.country) and any(
        p.cluster == named.cluster and not p.by_title and p.country not in (None, office.country)
        for p in persons
    )


def attach_appositive_titles(
    doc: Doc, persons: list[PersonMention], clusters: list[Cluster]
) -> list[PersonMention]:
    """ "the Foreign Minister of Armenia, Zohrab X": the office before a comma names the person;
    so does an office the person is said to hold ("X is Ruritania's foreign minister")."""
    kept: list[PersonMention] = []
    named_at = {i: p for p in persons if not p.by_title for i in range(p.start, p.end)}
    for k, mention in enumerate(persons):
        nxt = persons[k + 1] if k + 1 < len(persons) else None
        holder = _copular_holder(doc, mention, named_at) if mention.by_title else None
        if holder is not None:
            nxt = holder
        gap_ok = nxt is not None and all(
            honorific_at(doc, i) for i in range(mention.end + 1, nxt.start)
        )  # "the Prime Minister of X, H.E. Mr. Y", "the President of X, His Excellency Y"
        if (
            mention.by_title
            and nxt is not None
            and not nxt.by_title
            and (
                nxt is holder
                or (
                    nxt.start >= mention.end + 1
                    and gap_ok
                    and doc[mention.end].text in (",", "-", "–", "—")
                    and not subject_after_phrase(doc, mention.end - 1, nxt.start)
                    and not _of_another_country(mention, nxt, persons)
                )
            )
        ):
            cluster = clusters[nxt.cluster]
            cluster.titles.append(mention.title or "")
            if mention.country:
                cluster.countries[mention.country] += 2
                nxt.country = nxt.country or mention.country
            nxt.title = nxt.title or mention.title
            if mention.org:
                cluster.org = cluster.org or mention.org
                nxt.org = nxt.org or mention.org
            continue
        kept.append(mention)
    return kept


def _copular_holder(
    doc: Doc, mention: PersonMention, named_at: dict[int, PersonMention]
) -> PersonMention | None:
    """The named person an office is said of: "X is Ruritania's foreign minister"."""
    if mention.end > len(doc) or mention.start >= mention.end:
        return None
    head = doc[mention.start : mention.end].root
    if head.dep_ != "attr" or head.head.lemma_ != "be":
        return None
    for child in head.head.children:
        if child.dep_ == "nsubj" and child.i in named_at:
            return named_at[child.i]
    return None


def honorific_at(doc: Doc, i: int) -> bool:
    """Token `i` is an honorific, or the "his"/"her" of one ("H.E.", "His Excellency")."""
    honorifics = lexicon().honorifics
    return norm(doc[i].text) in honorifics or (
        doc[i].lower_ in ("his", "her") and i + 1 < len(doc) and norm(doc[i + 1].text) in honorifics
    )


def holds_leader_title(title: str) -> bool:
    """A head of state's or government's title, not a deputy's or a former holder's."""
    lex = lexicon()
    words = norm(title).replace("-", " ").split()
    if set(words) & NOT_SITTING:
        return False
    return ends_in_office(words, lex.leader_titles)


def ends_in_office(words: list[str], offices: frozenset[str] | set[str]) -> bool:
    """The title's words end in one of `offices`, whole or before "of" ("Prime Minister of
    Denmark": the office before its country)."""
    office = words[: words.index("of")] if "of" in words else []
    return any(" ".join(ws[i:]) in offices for ws in (words, office) for i in range(len(ws)))


def holds_office(cluster: Cluster) -> bool:
    """Named with a sitting leader's title."""
    return any(holds_leader_title(t) for t in cluster.titles)


def resolve_title_ref(
    ents: DocEntities,
    mention: PersonMention,
    *,
    counterpart_of: list[str] | None = None,
    exclude: frozenset[int] = frozenset(),
) -> int | None:
    """The named person a title-only mention stands for, when the document names them.

    `counterpart_of`: the titles of the other side, for "his Turkish counterpart".
    """
    if mention.country is not None and is_seat_ref(mention.title or ""):
        return _seat_holder(ents, mention, exclude)
    if mention.org is not None:
        return _org_head_holder(ents, mention.org, exclude)
    title = norm(mention.title or "")
    head = next((h for h in TITLE_REF_HEADS if title.endswith(h)), None)
    candidates = []
    for ci in ents.person_clusters():
        cluster = ents.clusters[ci]
        if cluster.name is None or ci in exclude:
            continue
        # A deputy or former holder is not "the President".
        titles = {norm(t) for t in cluster.titles if t and not set(norm(t).split()) & NOT_HOLDER}
        if head == "counterpart" or head == "leader":
            # A country only guessed from nearby words does not rule a person out.
            ok = mention.country is not None and (
                cluster.country in (mention.country, None) or cluster.country_basis == "inferred"
            )
            if (
                ok
                and head == "leader"
                and any(
                    holds_leader_title(t)
                    for c in ents.clusters
                    if c.label == "PERSON"
                    for t in c.titles
                )
            ):
                # "the leader of X": someone named with a leader's office, when anyone is.
                ok = any(holds_leader_title(t) for t in cluster.titles)
            if ok and counterpart_of is not None:
                # A counterpart holds the same office as the other side.
                other = {norm(t).split()[-1] for t in counterpart_of if t}
                named = [norm(t) for t in cluster.titles if t]
                # Or someone the text itself names only as the counterpart of a holder of
                # the same office ("Foreign Minister A meets his French counterpart X").
                ok = any(t.split()[-1] in other for t in named) or (
                    bool(named)
                    and all(t.endswith("counterpart") for t in named)
                    and _counterpart_of_same_office(ents, ci, other)
                )
        else:
            # Or one office in other words ("the premier", "Prime Minister X"; "Turkey's
            # top diplomat", "Foreign Minister X"); "the Prime Minister" is no Chancellor.
            same = lexicon().title_synonyms.get(head or "", frozenset())
            ok = any(
                t.endswith(head or "") or (head or "") in t or any(t.endswith(u) for u in same)
                for t in titles
            )
            if (
                ok
                and mention.country
                and cluster.country
                and cluster.country != mention.country
                and cluster.country_basis != "inferred"  # a guess from words nearby
            ):
                ok = False
        if ok:
            candidates.append(ci)
    if not candidates and head not in ("counterpart", "leader") and mention.country is not None:
        # The document names the office holder without the title ("Theresa May" and "the
        # prime minister"): the one named person of that country with no other office.
        # "his Russian counterpart X" names no other office. For one of a list of offices
        # ("the presidents of A and B"), only someone the text itself places there.
        untitled = [
            ci
            for ci in ents.person_clusters()
            if ents.clusters[ci].name
            and all(
                norm(t or "").endswith("counterpart") or norm(t or "") in STYLE_TITLES
                for t in ents.clusters[ci].titles
            )
            and ents.clusters[ci].country == mention.country
            and (not mention.listed or ents.clusters[ci].country_basis == "stated")
        ]
        if len(untitled) == 1:
            return untitled[0]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        # One known to be of the country named wins, then the most mentioned.
        return max(
            candidates,
            key=lambda ci: (
                mention.country is not None and ents.clusters[ci].country == mention.country,
                len(ents.clusters[ci].mentions),
            ),
        )
    return None


def _counterpart_of_same_office(ents: DocEntities, ci: int, heads: set[str]) -> bool:
    """Someone named nearby before a mention of cluster `ci` holds an office of `heads`
    ("Foreign Minister A meets his French counterpart X": X is a foreign minister's)."""
    for m in ents.persons:
        if m.cluster != ci:
            continue
        for o in ents.persons:
            if o.cluster == ci or o.cluster < 0 or not 0 < m.start - o.end <= 12:
                continue
            titles = ents.clusters[o.cluster].titles
            if any(norm(t).split()[-1] in heads for t in titles if norm(t or "")):
                return True
    return False


def _org_head_holder(ents: DocEntities, org: str, exclude: frozenset[int]) -> int | None:
    """The one named person whose title names the international body `org` ("UN
    Secretary-General Antonio Guterres" for "the UN chief")."""
    names = {norm(t) for t, o in lexicon().orgs.items() if o == org}
    found = []
    for ci in ents.person_clusters():
        cluster = ents.clusters[ci]
        if cluster.name is None or ci in exclude:
            continue
        for t in cluster.titles:
            text = " ".join(norm(t or "").replace("-", " ").split())
            padded = f" {text} "
            # Or an international body's office with no country ("Secretary-General").
            placeless = cluster.country is None or cluster.country_basis == "inferred"
            bare_office = placeless and text.endswith(ORG_OFFICE_ENDINGS)
            if bare_office or any(f" {name} " in padded for name in names):
                found.append(ci)
                break
    return found[0] if len(found) == 1 else None


# --- one office, several countries ------------------------------------------------------------


def plural_office_refs(doc: Doc) -> list[tuple[int, int, str, str, tuple[int, int]]]:
    """ "Defence Ministers from A, B and C", "the Indian and Thai prime ministers": one
    office-only mention per country listed, at the country's tokens, with the singular office
    as its title and the span of the office words (which are no one's name). A single country
    or a list of no countries gives none: "ministers from different countries" names no one."""
    lex = lexicon()
    refs: list[tuple[int, int, str, str, tuple[int, int]]] = []
    for tok in (doc[i] for i in token_indices(doc, _PLURAL_OFFICE_WORDS)):
        if not plural_office(tok):
            continue
        singular = _singular(tok.lower_)
        prep = next(
            (c for c in tok.children if c.dep_ == "prep" and c.lower_ in OFFICE_OF_PREPS), None
        )
        first = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        label = "GPE"
        if first is None:
            # "the French, German and Italian foreign ministers": demonyms before the office.
            first = next(
                (c for c in tok.children if c.dep_ == "amod" and c.ent_type_ == "NORP"), None
            )
            label = "NORP"
            if _names_follow(doc, tok):
                # "Russian and American presidents (,) A and B": the office of named people.
                continue
        if first is None:
            continue
        places = [first, *_conjuncts(first)]
        if label == "GPE":
            # "the leaders of A, B, and C": the parse may hang the last country on the office.
            places += [c for c in _conjuncts(tok) if c.i > places[-1].i and c.ent_type_ == "GPE"]
        spans = [_ent_at(doc, p, label) for p in places]
        codes = [lex.country(s.text) if s is not None else None for s in spans]
        # "the leaders of X" of one country: its leadership, one side (not "ministers of X").
        one_side = singular == "leader" and any(
            c.dep_ == "det" and c.lower_ == "the" for c in tok.children
        )
        if len(places) < (1 if one_side else 2) or any(c is None for c in codes):
            continue
        start = tok.i
        # The office's own words: "Defence" in "Defence Ministers".
        while start > 0 and doc[start - 1].dep_ in ("compound", "amod"):
            if doc[start - 1].head.i != tok.i or doc[start - 1].ent_type_ == "NORP":
                break
            start -= 1
        # Written as a title is ("Foreign Minister"), whatever the case of the plural.
        title = " ".join([t.text[:1].upper() + t.text[1:] for t in doc[start : tok.i]])
        title = f"{title} {singular.capitalize()}".strip()
        for span, code in zip(spans, codes, strict=True):
            assert span is not None and code is not None
            refs.append((span.start, span.end, title, code, (start, tok.i + 1)))
    return refs


def _names_follow(doc: Doc, tok: Token) -> bool:
    """The plural office stands before its holders' names, or has them in apposition."""
    nxt = tok.i + 1
    if nxt < len(doc) and doc[nxt].text in (",", "-", "("):
        nxt += 1
    if nxt < len(doc) and doc[nxt].ent_type_ == "PERSON":
        return True
    return any(c.dep_ == "appos" for c in tok.children)


def plural_office(tok: Token) -> bool:
    """ "Ministers", "presidents": the plural of an office that one person per country holds."""
    return tok.lower_ in _PLURAL_OFFICE_WORDS


def _singular(word: str) -> str:
    # `_PLURAL_OFFICE_WORDS` inverts these two rules: change them together.
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


# The words whose `_singular` is another word, one of the plural offices' heads.
_PLURAL_OFFICE_WORDS = frozenset(
    w
    for h in PLURAL_OFFICE_HEADS
    for w in (h + "s", h[:-1] + "ies")
    if _singular(w) == h and w != h
)


def _conjuncts(tok: Token) -> list[Token]:
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ == "conj":
            out.append(c)
            out.extend(_conjuncts(c))
    return out


def _ent_at(doc: Doc, tok: Token, label: str = "GPE") -> Span | None:
    """The entity of `label` (a GPE, or a NORP demonym) the token heads, if any."""
    for ent in doc_ents(doc):
        if ent.start <= tok.i < ent.end and ent.label_ == label:
            return ent
    if label == "GPE":
        # "the presidents of Uzbekistan and Tajikistan": a country the model tagged NORP
        # or left untagged is still one, when the lexicon knows its name.
        for ent in doc_ents(doc):
            if ent.start <= tok.i < ent.end and ent.label_ == "NORP":
                return ent if lexicon().country(ent.text) else None
        if not tok.ent_type_ and tok.is_title and lexicon().country(tok.text):
            return doc[tok.i : tok.i + 1]
    return None
