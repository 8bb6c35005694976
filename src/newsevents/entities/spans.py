"""Person-name mention spans of a Doc, with the repairs the small model's mistakes need.

The model makes predictable mistakes around names of officials: a title swallowed into the
name ("President Trump"), a surname tagged ORG ("Cavusoglu"), a name after a title not tagged
at all ("Chancellor Merkel"), a name split in two. They are repaired here from context
(titles, grammar, known surnames of the same document), never from lists of names.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsevents.entities.ents import doc_ents, token_indices
from newsevents.entities.titles import plural_office, title_after
from newsevents.entities.words import entity_words
from newsevents.lexicon import lexicon, norm, words
from newsevents.names import FAMILY_NAME_FIRST, PARTICLES, name_tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# A mention span: token start, end, and the title swallowed into it (if any).
NameSpan = tuple[int, int, str | None]

NAME_PARTICLES = PARTICLES
TITLE_FILLERS = entity_words("title_fillers")
NAME_SUFFIXES = entity_words("name_suffixes")
MONTH_SURNAMES = entity_words("month_surnames")
NOT_PERSON_WORDS = entity_words("not_person_words")
POSSESSIVES = entity_words("possessives")
_PROPN = frozenset({"PROPN"})
_PROPN_OR_NOUN = frozenset({"PROPN", "NOUN"})
TRAILING_POSSESSIVES = entity_words("trailing_possessives")
INSTITUTION_PRECEDERS = entity_words("institution_preceders")
RELATIONAL_TITLES = entity_words("relational_titles")
CONJUNCTIONS = entity_words("conjunctions")
# Why a name repair knows verbs of speaking: the model often tags a name ORG or GPE, or not
# at all ("Modi spoke with Scholz"), and who speaks or is spoken with is a person. That is
# grammar about people, not event detection: no event type is known here.
SPEECH_VERBS = entity_words("speech_verbs")
SPEECH_NOUNS = entity_words("speech_nouns")
SPEECH_PARTNER_PREPS = entity_words("speech_partner_preps")

MISTAGGED_LABELS = frozenset({"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
# Labels under which the model hides a surname the document also names as a person.
SURNAME_HIDING_LABELS = frozenset({"ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
HEADLINE_MAX_TOKENS = 30
AIDE_TITLES = words("aide_titles")
HONORIFIC_HEADS = frozenset(("excellency", "highness", "majesty"))


# --- tests on tokens and spans --------------------------------------------------------------


def _speech_argument(root: Token) -> bool:
    """The token is who speaks, or who is spoken with, in "X spoke by phone with Y"."""
    head = root.head
    if root.dep_ == "conj" and head.i < root.i and head.dep_ != "conj":
        root, head = head, head.head  # "spoke with A and B": B is spoken with too
    if root.dep_ in SUBJECT_DEPS and head.lemma_ in SPEECH_VERBS:
        return True
    if root.dep_ in SUBJECT_DEPS and any(
        c.dep_ == "dobj" and c.lower_ in SPEECH_NOUNS for c in head.children
    ):
        return True  # "X held a telephone conversation with Y"
    if root.dep_ == "pobj" and head.lower_ in SPEECH_PARTNER_PREPS:
        verb = head.head
        return verb.lemma_ in SPEECH_VERBS or verb.lower_ in SPEECH_NOUNS
    return False


def _strip_title(doc: Doc, span: Span) -> NameSpan:
    """Drop title words and honorifics swallowed into a PERSON span."""
    lex = lexicon()
    start, end = span.start, span.end
    title_words: list[str] = []
    # "Prime Minister of Denmark Mette Frederiksen": the office's country, tagged into the
    # name; the title before the name takes it back.
    if start > 0 and doc[start - 1].lower_ == "of":
        n = next(
            (n for n in (3, 2, 1) if end - start > n and lex.country(doc[start : start + n].text)),
            0,
        )
        start += n
    while start < end - 1:
        # Normalised as the lexicon is: "H.E." is listed as "h.e".
        low = norm(doc[start].text)
        two = f"{low} {norm(doc[start + 1].text)}"
        if two in lex.titles or two in lex.honorifics:
            title_words.append(doc[start : start + 2].text)
            start += 2
            continue
        if low in lex.titles or low in lex.honorifics or low in TITLE_FILLERS:
            title_words.append(doc[start].text)
            start += 1
            continue
        # "Thai PM Paetongtarn": a demonym before a title is the title's, not the name's.
        nxt = doc[start + 1].lower_ if start + 2 < end else ""
        if nxt in lex.titles and lex.country(doc[start].text) and not title_words:
            title_words.append(doc[start].text)
            start += 1
            continue
        break
    # "Xavier Becerra’s Meeting": the name ends at its possessive, what it owns is no name.
    owner = next((i for i in range(start + 1, end - 1) if doc[i].tag_ == "POS"), None)
    if owner is not None:
        end = owner
    while end > start + 1 and doc[end - 1].lower_ in TRAILING_POSSESSIVES:
        end -= 1
    if end > start and doc[end - 1].lower_ in POSSESSIVES:
        end -= 1
    title = " ".join(title_words) or None
    return start, end, title


def _looks_like_person(doc: Doc, start: int, end: int) -> bool:
    lex = lexicon()
    text = doc[start:end].text
    if not text or any(ch.isdigit() for ch in text):
        return False
    if not doc[start].text[:1].isupper() and not (
        # "el-Sisi", "al-Sharaa": a particle joined to the name by a hyphen
        doc[start].lower_ in NAME_PARTICLES
        and start + 2 < end
        and _joined_hyphen(doc, start + 1)
        and doc[start + 2].is_title
    ):
        return False
    if sum(ch.isalpha() for ch in text) <= 1:
        return False  # "wrote on X": a letter is no one's name
    if all(sum(ch.isalpha() for ch in t.text) <= 1 for t in doc[start:end]):
        return False  # "H. E." (His Excellency): initials alone are no one's name
    if (
        start >= 2
        and end < len(doc)
        and doc[start - 1].text == "("
        and doc[end].text == ")"
        and doc[start - 2].text.isupper()
    ):
        return False  # "BELGRADE (Sputnik) -": the agency of a dateline
    if end - start == 1 and text.isupper() and len(text) <= 5 and not in_headline(doc, start):
        return False  # an acronym ("TTIP", "NATO") in running text, not a name
    words = {t.lower_ for t in doc[start:end]}
    if words <= NAME_SUFFIXES:
        return False  # "Joseph R. Biden, Jr.": the suffix of the name before
    toks = [t for t in doc[start:end] if not t.is_space]
    if (
        len(toks) >= 2
        and toks[-1].lower_ in lex.titles
        and all(lex.country(t.text) for t in toks[:-1])
    ):
        return False  # "Jordanian King", "Egyptian President": an office, not a name
    if words & NOT_PERSON_WORDS:
        return False
    if (
        end - start == 1
        and end + 1 < len(doc)
        and doc[end].lower_ == "of"
        and f"{doc[start].lower_} of {doc[end + 1].lower_}" in lex.titles
    ):
        return False  # "Kenya's Head of State": an office, not a name
    if lex.country(text) or lex.org(text):
        return False
    if start > 0 and end - start == 1 and lex.country(f"{doc[start - 1].text} {text}"):
        return False  # "Lankan" of "Sri Lankan": the tail of a country's name
    # "His Majesty", "Excellency": a title or an honorific alone names no one.
    return not all(
        t.lower_ in lex.titles or norm(t.text) in lex.honorifics for t in doc[start:end]
    )


def principal_in_title(doc: Doc, start: int) -> bool:
    """The person whose mention starts at `start` only names whom another person serves:
    "Special Assistant to Prime Minister X on Health Y" (Y is the one present)."""
    i = start - 1
    # Back over the principal's own office: "Pakistani Prime Minister", "the President of".
    while i > 0 and start - i <= 5 and (doc[i].text[:1].isupper() or doc[i].lower_ == "the"):
        i -= 1
    return (
        i > 0
        and doc[i].lower_ == "to"
        and doc[i - 1].lower_ in AIDE_TITLES
        and doc[i - 1].text[:1].isupper()
    )


def line_starts(doc: Doc) -> list[int]:
    """Token indices where a line starts (computed once per Doc)."""
    starts = doc.user_data.get("newsevents_line_starts")
    if starts is None:
        starts = [0] + [t.i + 1 for t in doc[:-1] if "\n" in t.whitespace_ or "\n" in t.text]
        doc.user_data["newsevents_line_starts"] = starts
    return starts


def in_headline(doc: Doc, i: int) -> bool:
    """Token i sits on a short line written in title case (a headline)."""
    starts = line_starts(doc)
    k = bisect.bisect_right(starts, i) - 1
    start = starts[k]
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    if end - start > HEADLINE_MAX_TOKENS:
        return False
    last = next((t for t in reversed(doc[start:end]) if not t.is_space), None)
    if last is not None and last.text in (".", "!", "?"):
        return False  # a sentence full of names, not a headline
    words = [t for t in doc[start:end] if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words)


def _surnames(doc: Doc, spans: list[NameSpan]) -> set[str]:
    """The family names of the document's people: the last word, or the first for names
    written family name first ("Xi Jinping")."""
    out = set()
    for s, e, _ in spans:
        toks = name_tokens(doc[s:e].text)
        if toks:
            out.add(toks[-1])
            if len(toks) == 2 and toks[0] in FAMILY_NAME_FIRST:
                out.add(toks[0])
    return out


def _extend_hyphen(doc: Doc, end: int) -> int:
    """ "Kim Dae-jung": the model stops names at a hyphen the tokenizer split off."""
    while end + 1 < len(doc) and _joined_hyphen(doc, end):
        end += 2
    return end


def _surname_elsewhere(doc: Doc, word: str, start: int) -> bool:
    """The word ends another person's name in the document: a surname ("Putin")."""
    return any(
        ent.label_ == "PERSON" and ent.start != start and ent[-1].text == word
        for ent in doc_ents(doc)
    )


def _split_person(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a PERSON span at words that cannot be part of a name: a country or demonym
    ("Putin Israel"), a verb of a headline ("Moon Discuss"); and "Trump Putin" into two
    when a headline runs two surnames together."""
    lex = lexicon()
    pieces: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        tok = doc[i]
        # "Luis Montenegro" in a sentence: a surname that is also a country's name ends the
        # name; in a headline a country after a name is a run-on ("Putin Israel").
        surname_country = (
            i == end - 1
            and doc[i - 1].is_title
            and not in_headline(doc, i)
            and not _surname_elsewhere(doc, doc[i - 1].text, start)
        )
        breaker = (
            i > start
            and (
                (lex.country(tok.text) is not None and not surname_country)
                or tok.pos_ in ("VERB", "AUX", "ADP", "CCONJ")
            )
            and tok.text not in ("-",)
            and not (i > start and doc[i - 1].text == "-")
        )
        if breaker:
            if i > s:
                pieces.append((s, i))
            s = i + 1
    if end > s:
        pieces.append((s, end))
    return [p for p in pieces if p[1] > p[0]]


def _split_on_and(doc: Doc, start: int, end: int) -> Iterable[tuple[int, int]]:
    s = start
    for i in range(start, end):
        if doc[i].lower_ in CONJUNCTIONS:
            if i > s:
                yield s, i
            s = i + 1
    if end > s:
        yield s, end


# --- finding candidate names ----------------------------------------------------------------
# Each finder adds the spans it finds to `taken` so that later finders skip those tokens.


def _tagged_names(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """The model's PERSON spans, titles stripped, cut at words that are no part of a name."""
    spans: list[NameSpan] = []
    for ent in doc_ents(doc):
        if ent.label_ != "PERSON":
            continue
        start, end, title = _strip_title(doc, ent)
        end = _extend_hyphen(doc, end)
        for s, e in _split_person(doc, start, end):
            if _looks_like_person(doc, s, e):
                spans.append((s, e, title if s == start else None))
                taken.update(range(s, e))
    return spans


def _office_holder_in(doc: Doc, ent: Span) -> Span | None:
    """ "President of Kazakhstan Kassym-Jomart Tokayev" tagged as one organisation: the
    holder's name after the office's country."""
    lex = lexicon()
    if not (ent.start >= 2 and doc[ent.start - 1].lower_ == "of"):
        return None
    if doc[ent.start - 2].lower_ not in lex.titles:
        return None
    k = next((k for k in range(len(ent) - 1, 0, -1) if lex.country(ent[:k].text)), None)
    rest = ent[k:] if k else None
    if (
        rest is not None
        and 1 <= len([t for t in rest if t.is_alpha]) <= 4
        and all((t.pos_ == "PROPN" and t.is_title) or t.text == "-" for t in rest)
        and _looks_like_person(doc, rest.start, rest.end)
    ):
        return rest
    return None


def _titled_name_in(doc: Doc, ent: Span) -> Span | None:
    """ "OSCE Minsk Group Co-Chairs Igor Popov" tagged as one organisation: a body, its
    office (singular or plural) and, closing the span, a holder's name of two or three words."""
    lex = lexicon()
    k = next(
        (
            k
            for k in range(len(ent) - 3, 0, -1)
            if ent[k].lower_ in lex.titles or _singular(ent[k].lower_) in lex.titles
        ),
        None,
    )
    if k is None:
        return None
    rest = ent[k + 1 :]
    if 2 <= (_name_words(rest) or 0) <= 3 and _looks_like_person(doc, rest.start, rest.end):
        return rest
    return None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _joined_hyphen(doc: Doc, i: int) -> bool:
    """The token is a hyphen inside one word: "Kassym-Jomart", "Jong-un", "el-Sisi"."""
    tok = doc[i]
    return (
        tok.text == "-"
        and 0 < i < len(doc) - 1
        and not doc[i - 1].whitespace_
        and not tok.whitespace_
        and doc[i - 1].is_alpha
        and doc[i + 1].is_alpha
    )


def _name_words(span: Span) -> int | None:
    """How many words a run of proper nouns has, a hyphenated given name counted as one
    ("Kassym-Jomart Tokayev": two); None if a token of it cannot be part of a name. The
    piece after a hyphen may be lower case ("Kim Jong-un"), a particle before it too
    ("Abdel-Fattah el-Sisi")."""
    doc = span.doc
    lex = lexicon()
    count = 0
    for t in span:
        if _joined_hyphen(doc, t.i):
            continue
        joined_after = t.i > span.start and _joined_hyphen(doc, t.i - 1)
        joined_before = t.i + 1 < span.end and _joined_hyphen(doc, t.i + 1)
        if t.lower_ in lex.titles:
            return None
        joined = joined_after or joined_before
        if not (t.pos_ == "PROPN" and t.is_title) and not (
            joined and t.is_lower and t.pos_ in ("PROPN", "NOUN", "X", "ADJ")
        ):
            return None
        if not joined_after:
            count += 1
    return count


def _titled_by_apposition(doc: Doc, ent: Span) -> bool:
    """ "Giorgia Meloni, Prime Minister of Italy;": a name the model tagged ORG that an
    office stands in apposition to is a person."""
    if not 2 <= len(ent) <= 5 or not all(t.pos_ == "PROPN" for t in ent):
        return False
    if not _looks_like_person(doc, ent.start, ent.end):
        return False
    title, _country = title_after(doc, ent.end)
    if title is None:
        return False
    lex = lexicon()
    first = title.lower().split()
    return bool(first) and (first[0] in lex.titles or " ".join(first[:2]) in lex.titles)


def _named_after_title(doc: Doc, ent: Span) -> bool:
    """ "his Greek counterpart X Y", "Foreign Minister X Y": a full name the model tagged as a
    place or body right after an office word is the holder's."""
    if ent.start == 0 or not 2 <= len(ent) <= 4:
        return False
    if not all(t.pos_ == "PROPN" and t.is_title for t in ent):
        return False
    if doc[ent.start - 1].lower_ not in lexicon().titles:
        return False
    return _looks_like_person(doc, ent.start, ent.end)


def _mistagged_names(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """Names the model tagged ORG, GPE ...: an office holder after "President of X", or who
    speaks or is spoken with ("X spoke by phone with Olaf Scholz") when the lexicon knows the
    text as no country or organisation."""
    lex = lexicon()
    spans: list[NameSpan] = []
    for ent in doc_ents(doc):
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.label_ == "NORP":
            # "the President of Ukraine Volodymyr Zelensky" tagged as one nationality.
            holder = _office_holder_in(doc, ent)
            if holder is not None:
                spans.append((holder.start, holder.end, None))
                taken.update(range(holder.start, holder.end))
            continue
        if ent.label_ not in MISTAGGED_LABELS:
            continue
        holder = _office_holder_in(doc, ent)
        if holder is None and ent.label_ == "ORG":
            holder = _titled_name_in(doc, ent)
        if holder is not None:
            spans.append((holder.start, holder.end, None))
            taken.update(range(holder.start, holder.end))
            continue
        if lex.country(ent.text) or lex.org(ent.text):
            continue
        if _titled_by_apposition(doc, ent) or _named_after_title(doc, ent):
            start, end, title = _strip_title(doc, ent)
            spans.append((start, end, title))
            taken.update(range(ent.start, ent.end))
            continue
        if not (
            _speech_argument(ent.root)
            or (len(ent) == 1 and _first_of_people(ent.root))
            or _first_of_holders(doc, ent)
        ):
            continue
        if ent.start > 0 and doc[ent.start - 1].lower_ in INSTITUTION_PRECEDERS:
            continue  # "the Minister of Foreign Affairs": an institution
        if 0 < (_name_words(ent) or 0) <= 3:
            if _looks_like_person(doc, ent.start, ent.end):
                spans.append((ent.start, ent.end, None))
                taken.update(range(ent.start, ent.end))
    return spans


def _person_conjunct(tok: Token) -> bool:
    """ "Russia's Vladimir Putin, China's Xi Jinping and ...": a conjunct of a tagged name,
    not an office ("Deputy Supreme Commander of ...", "Special Assistant to ..."); or the
    first of the subjects "X and Putin", "X, Putin discuss ..." (the small model often tags
    only the second of two bare surnames)."""
    if not (tok.dep_ == "conj" and tok.head.ent_type_ == "PERSON") and not _first_of_people(tok):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in ("of", "to", "for"):
        return False
    lex = lexicon()
    words = [tok, *(c for c in tok.children if c.dep_ == "compound")]
    return not any(
        norm(w.text) in lex.titles or w.lower_ in TITLE_FILLERS or norm(w.text) in lex.honorifics
        for w in words
    )


def _first_of_people(tok: Token) -> bool:
    """ "Starmer and Macron hold a call": a subject whose conjunct is a person's bare name."""
    if tok.dep_ not in SUBJECT_DEPS or not tok.is_title:
        return False
    return any(
        c.dep_ == "conj" and c.ent_type_ == "PERSON" and c.ent_iob_ == "B"
        and (c.i + 1 >= len(tok.doc) or tok.doc[c.i + 1].ent_type_ != "PERSON")
        for c in tok.children
    )


HOLDERS_LEAD_WORDS = 8  # "the foreign ministers of Egypt and Jordan, A and B"


def _first_of_holders(doc: Doc, ent: Span) -> bool:
    """ "his Egyptian and Jordanian counterparts, A and B": the first of the names coordinated
    after a plural office, whose other name the model tagged a person."""
    if not any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in ent.root.children):
        return False
    j = ent.start - 1
    if j >= 0 and doc[j].text in (",", "(", "-", ":"):
        j -= 1
    for k in range(j, max(j - HOLDERS_LEAD_WORDS, -1), -1):
        if plural_office(doc[k]):
            return True
        if not (doc[k].ent_type_ in ("GPE", "NORP") or doc[k].lower_ in ("and", ",", "of", "from")):
            return False
    return False


def _proper_word(tok: Token) -> bool:
    """A capitalised word the text never writes in lower case: a name, not a common noun
    that opens a line ("Leaders and ...")."""
    if tok.pos_ == "PROPN":
        return True
    low = tok.lower_
    return tok.pos_ == "NOUN" and not any(t.lower_ == low and t.is_lower for t in tok.doc)


def _untagged_speakers(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """ "Modi spoke by phone with Biden": an untagged capitalised name that speaks or is
    spoken with, with the given names compounded to it."""
    lex = lexicon()
    spans: list[NameSpan] = []
    for tok in (doc[i] for i in token_indices(doc, _PROPN_OR_NOUN, "POS")):
        if (
            not (tok.pos_ == "PROPN" or (_first_of_people(tok) and _proper_word(tok)))
            or not tok.is_title
            or tok.ent_type_
            or tok.i in taken
            or tok.lower_ in lex.titles
            or not (_speech_argument(tok) or _person_conjunct(tok))
            or lex.country(tok.text)
            or lex.org(tok.text)
        ):
            continue
        start = tok.i
        while start > 0:
            if (
                doc[start - 1].dep_ == "compound"
                and doc[start - 1].head.i == tok.i
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].is_title
                and doc[start - 1].lower_ not in lex.titles
                and not doc[start - 1].ent_type_
            ):
                start -= 1
            elif (
                start > 1
                and _joined_hyphen(doc, start - 1)
                and not doc[start - 2].ent_type_
                and (doc[start - 2].is_title or doc[start - 2].lower_ in NAME_PARTICLES)
            ):
                start -= 2  # "Jean-Yves Le Drian": the given name's first half
            else:
                break
        if start - 1 not in taken and _looks_like_person(doc, start, tok.i + 1):
            spans.append((start, tok.i + 1, None))
            taken.update(range(start, tok.i + 1))
    return spans


def _month_surname_names(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """ "Theresa May spoke": a surname that is also a month, which the model leaves untagged
    or reads as a date, when it heads a noun phrase after a capitalised given name."""
    lex = lexicon()
    spans: list[NameSpan] = []
    for last in (doc[k] for k in token_indices(doc, MONTH_SURNAMES) if k > 0):
        i = last.i - 1
        given = doc[i]
        if (
            last.lower_ in MONTH_SURNAMES
            and last.text[:1].isupper()
            and given.pos_ == "PROPN"
            and given.is_title
            and given.dep_ == "compound"
            and given.head.i == last.i
            and last.dep_ in ("nsubj", "nsubjpass", "pobj", "dobj", "appos", "conj")
            and given.ent_type_ in ("", "PERSON", "DATE")
            and given.lower_ not in lex.titles
            and not lex.country(given.text)
            and not (last.i + 1 < len(doc) and doc[last.i + 1].like_num)
            and i not in taken
            and i + 1 not in taken
        ):
            spans.append((i, i + 2, None))
            taken.update((i, i + 1))
    return spans


def _names_after_titles(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """A capitalised name right after a title word, untagged or tagged as something else."""
    lex = lexicon()
    spans: list[NameSpan] = []
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ in RELATIONAL_TITLES:
            continue
        # "the President of Ghana, His Excellency X": the honorific stands as the title;
        # "The President of the Republic, X, and": the office phrase before the comma.
        if tok.lower_ not in lex.titles and tok.lower_ not in HONORIFIC_HEADS:
            if not (_office_phrase_comma(doc, i) or _office_place_end(doc, i)):
                continue
        j = i + 1
        while j < len(doc) - 1 and norm(doc[j].text) in lex.honorifics:
            j += 1  # "Prime Minister Shri X", "Emir His Highness Sheikh X"
        if j in taken:
            continue
        if tok.ent_type_ in ("ORG", "EVENT", "FAC") and doc[j].ent_iob_ == "I":
            continue  # "the Premier League": the title word opens a body's name
        k = j
        while (
            k < len(doc)
            and k - j < 4
            and doc[k].pos_ == "PROPN"
            and doc[k].text[:1].isupper()
            and doc[k].ent_type_ not in ("GPE", "NORP", "DATE")
            and doc[k].lower_ not in lex.titles
            and k not in taken
        ):
            k += 1
        if k > j and k < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_:
            k = _extend_hyphen(doc, k)  # "Akufo-Addo"
            # "Kassym-Jomart X": the surname after a hyphenated given name.
            while (
                k < len(doc)
                and k - j < 6
                and doc[k].pos_ == "PROPN"
                and doc[k].is_title
                and not doc[k].ent_type_
                and doc[k].lower_ not in lex.titles
                and k not in taken
            ):
                k += 1
        if k > j and _looks_like_person(doc, j, k):
            spans.append((j, k, tok.text))
            taken.update(range(j, k))
    return spans


def _office_place_end(doc: Doc, i: int) -> bool:
    """The last word of the place of an office phrase ("the President of the Republic of
    X"), before which the holder's name comes untagged."""
    if doc[i].ent_type_ != "GPE" or (i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I"):
        return False
    s = i
    while s > 0 and doc[s].ent_iob_ == "I":
        s -= 1
    if s < 2 or doc[s - 1].lower_ != "of":
        return False
    lex = lexicon()
    for k in range(s - 2, max(-1, s - 7), -1):
        if doc[k].lower_ in lex.titles:
            return True
        if not (doc[k].text[:1].isupper() or doc[k].lower_ in ("of", "the")):
            return False
    return False


def _office_phrase_comma(doc: Doc, i: int) -> bool:
    """A comma closing an office phrase ("The President of the Republic,", "the Foreign
    Minister of Peru,"), before which the apposed name comes."""
    if doc[i].text != "," or i < 3:
        return False
    lex = lexicon()
    for k in range(i - 1, max(0, i - 7), -1):
        if doc[k].lower_ == "of" and k > 0 and doc[k - 1].lower_ in lex.titles:
            return all(t.text[:1].isupper() or t.lower_ == "the" for t in doc[k + 1 : i])
    return False


# --- joining and cutting candidates ---------------------------------------------------------


def _split_known_pairs(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """Two words that are each a name alone elsewhere are two names ("Trump Putin")."""
    alone = {doc[s].lower_ for s, e, _ in spans if e - s == 1}
    split: list[NameSpan] = []
    for s, e, t in spans:
        if e - s == 2 and doc[s].lower_ in alone and doc[s + 1].lower_ in alone:
            split += [(s, s + 1, t), (s + 1, e, None)]
        else:
            split.append((s, e, t))
    return split


def _grow_over_particles(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """A name cut after its particle ("Marine Le" + "Pen", "Ursula von der" + "Leyen")."""
    grown = []
    for s, e, t in spans:
        if e - s >= 2 and doc[e - 1].lower_ in NAME_PARTICLES:
            while e < len(doc) and doc[e].lower_ in NAME_PARTICLES:
                e += 1
            if e < len(doc) and doc[e].is_title and doc[e].pos_ in ("PROPN", "NOUN", "VERB"):
                e += 1
        grown.append((s, e, t))
    kept: list[NameSpan] = []
    for span in sorted(grown):
        if kept and span[0] < kept[-1][1]:
            continue  # inside a name grown over it
        kept.append(span)
    return kept


def _grow_over_head(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """A name cut before its last word, which the model tagged apart ("Bilawal Bhutto" +
    "Zardari" as ORG) or left untagged ("Pham Minh" + "Chinh"): the name's words are
    compounds of the capitalised word after it."""
    lex = lexicon()
    taken = {i for s, e, _ in spans for i in range(s, e)}
    grown = []
    for s, e, t in spans:
        if e - s >= 2 and e < len(doc) and e not in taken:
            last, nxt = doc[e - 1], doc[e]
            if (
                last.dep_ == "compound"
                and last.head.i == nxt.i
                and last.whitespace_
                and nxt.pos_ == "PROPN"
                and nxt.is_title
                and (
                    (nxt.ent_iob_ == "B" and nxt.ent_type_ in SURNAME_HIDING_LABELS)
                    or (nxt.ent_iob_ == "O" and _looks_like_person(doc, s, e + 1))
                )
                and (nxt.i + 1 == len(doc) or doc[nxt.i + 1].ent_iob_ != "I")
                and lex.country(nxt.text) is None
                and norm(nxt.text) not in lex.titles
                and norm(nxt.text) not in lex.orgs
            ):
                e += 1
        grown.append((s, e, t))
    return grown


def _join_nicknames(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """A nickname in quotes inside a name ("Ferdinand “Bongbong” R. Marcos"): one name."""
    out: list[NameSpan] = []
    for span in spans:
        if out:
            ps, pe, pt = out[-1]
            # The model may take the opening quote into the first piece.
            opened = pe - 1 if doc[pe - 1].is_quote else pe
            gap = list(doc[opened : span[0]])
            if (
                opened > ps
                and 3 <= len(gap) <= 4
                and gap[0].is_quote
                and gap[-1].is_quote
                and all(t.is_title for t in gap[1:-1])
            ):
                out[-1] = (ps, span[1], pt or span[2])
                continue
        out.append(span)
    return out


def _join_pieces(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """Adjacent pieces of one name ("Recep Tayyip" + "Erdogan")."""
    merged: list[NameSpan] = []
    for span in spans:
        gap = range(merged[-1][1], span[0]) if merged else range(0)
        # "Ursula von" + "der" + "Leyen": only name particles between two pieces.
        particles = len(gap) <= 2 and all(
            doc[i].is_lower and doc[i].lower_ in NAME_PARTICLES for i in gap
        )
        if merged and (merged[-1][1] == span[0] or particles) and doc[span[0] - 1].whitespace_:
            prev = merged.pop()
            merged.append((prev[0], span[1], prev[2] or span[2]))
        else:
            merged.append(span)
    return merged


def _cut_headline_runs(doc: Doc, spans: list[NameSpan], surnames: set[str]) -> list[NameSpan]:
    """ "Lula, Macron Agree Trade Deal": in a headline's capitalised words, a known surname
    followed by more words is that surname, not a longer name."""
    out = list(spans)
    for k, (s, e, t) in enumerate(out):
        if e - s >= 2 and doc[s].lower_ in surnames and in_headline(doc, s):
            rest = {doc[i].lower_ for i in range(s + 1, e)}
            # Not counting the same run again (a scraped page repeats its headline).
            text = doc[s:e].text
            elsewhere = {
                doc[i].lower_
                for s2, e2, _ in out
                if (s2, e2) != (s, e) and doc[s2:e2].text != text
                for i in range(s2, e2)
            }
            if not rest & elsewhere:
                out[k] = (s, s + 1, t)
    return out


def _split_hyphen_pairs(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """ "Meloni-Zelensky" in a headline is two people: each half of a hyphenated name that
    is the surname of another name in the document is a name alone ("Kim Dae-jung" stays,
    since "Dae" and "jung" are nobody's surname)."""

    def is_pair(s: int, e: int) -> bool:
        return e - s == 3 and doc[s + 1].text == "-" and not doc[s].whitespace_

    others = _surnames(doc, [sp for sp in spans if not is_pair(sp[0], sp[1])])
    out: list[NameSpan] = []
    for s, e, t in spans:
        if is_pair(s, e) and doc[s].lower_ in others and doc[s + 2].lower_ in others:
            out += [(s, s + 1, t), (s + 2, e, None)]
        else:
            out.append((s, e, t))
    return out


def _drop_bare_titles(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """ "King of the Hashemite Kingdom", "Jordan's King": an office the model tagged as a
    person is no name, unless the word is the surname of a named person ("Stephen King")."""
    lex = lexicon()

    def bare(s: int, e: int) -> bool:
        toks = name_tokens(doc[s:e].text)
        return (
            bool(toks)
            and any(t in lex.titles for t in toks)
            and all(t in lex.titles or lex.country(t) for t in toks)
        )

    surnames = _surnames(doc, [sp for sp in spans if not bare(sp[0], sp[1])])
    return [
        (s, e, t)
        for s, e, t in spans
        if not bare(s, e) or name_tokens(doc[s:e].text)[-1] in surnames
    ]


def _add_lowercase_surnames(doc: Doc, spans: list[NameSpan], surnames: set[str]) -> list[NameSpan]:
    """ "Donald trump": a known surname in lower case right after a first name."""
    out = list(spans)
    for k, (s, e, t) in enumerate(out):
        if (
            e < len(doc)
            and doc[e].is_lower
            and doc[e].is_alpha
            and not doc[e].is_stop  # a hyphenated given name makes "in" a name part
            and doc[e].lower_ in surnames
        ):
            if name_tokens(doc[s:e].text)[-1:] != (doc[e].lower_,):
                out[k] = (s, e + 1, t)
    return out


def _known_surnames_elsewhere(
    doc: Doc, spans: list[NameSpan], surnames: set[str]
) -> list[NameSpan]:
    """Surnames known from this document wherever else the model put them: inside an ORG or
    GPE span ("Macron and Scholz" as one ORG), or untagged."""
    out = list(spans)
    covered = {i for s, e, _ in out for i in range(s, e)}
    for ent in doc_ents(doc):
        if ent.label_ not in SURNAME_HIDING_LABELS or ent.start in covered:
            continue
        for part_start, part_end in _split_on_and(doc, ent.start, ent.end):
            toks = name_tokens(doc[part_start:part_end].text)
            if 0 < len(toks) <= 3 and toks[-1] in surnames:
                part_start, part_end, title = _strip_title(doc, doc[part_start:part_end])
                if _looks_like_person(doc, part_start, part_end):
                    out.append((part_start, part_end, title))
                    covered.update(range(part_start, part_end))
    for tok in (doc[i] for i in token_indices(doc, frozenset(surnames))):
        if tok.i in covered or tok.ent_type_ in ("GPE", "NORP", "DATE"):
            continue
        # A known surname the tagger read as a common noun at the start of a sentence
        # ("Trump later spoke ...") is still the name.
        as_name = tok.pos_ == "PROPN" or (
            tok.pos_ == "NOUN" and tok.is_title and tok.dep_ in SUBJECT_DEPS
        )
        if as_name and tok.lower_ in surnames and tok.text[:1].isupper():
            out.append((tok.i, tok.i + 1, None))
            covered.add(tok.i)
    return out


def name_spans(doc: Doc) -> list[NameSpan]:
    """Person name spans (token start, end, swallowed title) after repairs, in order."""
    taken: set[int] = set()
    found = [
        *_tagged_names(doc, taken),
        *_mistagged_names(doc, taken),
        *_untagged_speakers(doc, taken),
        *_month_surname_names(doc, taken),
        *_names_after_titles(doc, taken),
    ]
    spans = _split_known_pairs(doc, sorted(found))
    spans = _join_pieces(doc, _grow_over_head(doc, _grow_over_particles(doc, spans)))
    spans = _join_nicknames(doc, spans)
    spans = _cut_headline_runs(doc, spans, _surnames(doc, spans))
    surnames = _surnames(doc, spans)
    spans = _add_lowercase_surnames(doc, spans, surnames)
    spans = sorted(_known_surnames_elsewhere(doc, spans, surnames))
    return _drop_bare_titles(doc, _split_hyphen_pairs(doc, spans))
