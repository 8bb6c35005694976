"""Entities: cluster a Doc's mentions into canonical entities with titles and countries.

The small model makes predictable mistakes around names of officials: a title swallowed into
the name ("President Trump"), a surname tagged ORG ("Cavusoglu"), a name after a title not
tagged at all ("Chancellor Merkel"), a name split in two. They are repaired here from
context (titles, known surnames of the same document), never from lists of names.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from anyascii import anyascii
from rapidfuzz import fuzz

from newsevents.lexicon import lexicon, norm
from newsevents.names import FAMILY_NAME_FIRST

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE")
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})
NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le"})
# Words that may sit between a title and the name or inside a title ("the new Syrian leader").
TITLE_FILLERS = frozenset(
    {
        "new",
        "former",
        "acting",
        "interim",
        "transitional",
        "outgoing",
        "incoming",
        "then",
        "newly",
        "elected",
        "named",
        "de",
        "facto",
        "of",
        "the",
        "federal",
        "s",
        "'s",
        "’s",
        "state",
        "his",
        "her",
        "their",
        "its",
        "deputy",
        "first",
        "top",
        "current",
        "chief",
    }
)
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
MONTH_SURNAMES = frozenset({"may", "june", "april", "august"})
MISTAGGED_LABELS = frozenset({"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
TALK_LEMMAS = frozenset({"speak", "talk", "phone", "telephone", "call", "converse", "chat"})


def _talk_argument(root: Token) -> bool:
    """The token is who speaks, or who is spoken with, in "X spoke by phone with Y"."""
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in TALK_LEMMAS:
        return True
    if root.dep_ == "pobj" and head.lower_ in ("with", "to"):
        verb = head.head
        return verb.lemma_ in TALK_LEMMAS or verb.lower_ in ("conversation", "call", "talks")
    return False


NOT_PERSON_WORDS = frozenset(
    {
        "images",
        "press",
        "news",
        "agency",
        "service",
        "office",
        "photo",
        "reuters",
        "afp",
        "ap",
        "getty",
        "ministry",
        "house",
        "twitter",
        "facebook",
        "telegram",
        "covid",
        "coronavirus",
        # After "General", "Secretary", "Assembly" ...: institutions and events, not names.
        "election",
        "elections",
        "assembly",
        "staff",
        "council",
        "committee",
        "secretariat",
        "debate",
        "strike",
        "summit",
    }
)


def entity_id(name: str, label: str, country: str | None = None) -> str:
    """A stable id for an entity: the same person gets the same id in every document."""
    key = f"{label}|{name_key(name)}|{country or ''}"
    return "ent_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def name_tokens(name: str) -> list[str]:
    """Lowercase ASCII name parts without particles ("Ahmad al-Sharaa" -> ["ahmad", "sharaa"])."""
    text = anyascii(name).lower().replace("-", " ").replace("’", "'")
    parts = [p.strip(".,'\"()") for p in text.split()]
    parts = [p[:-2] if p.endswith("'s") else p for p in parts]
    return [p for p in parts if p and p not in NAME_PARTICLES]


def name_key(name: str) -> str:
    return " ".join(name_tokens(name))


def similar_token(a: str, b: str) -> bool:
    """Transliteration-tolerant equality of two name parts (Zelensky = Zelenskyy)."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return fuzz.ratio(a, b) >= 80


@dataclass
class Cluster:
    """A canonical entity of one document."""

    label: str
    name: str | None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str, str]] = field(
        default_factory=list
    )  # char start, end, text, label
    titles: list[str] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)
    org: str | None = None
    title_only: bool = False  # known only by office ("the Prime Minister")
    inferred: str | None = None  # the country _infer_countries gave (no title states one)

    @property
    def country_basis(self) -> str | None:
        if self.country is None:
            return None
        return "inferred" if self.country == self.inferred else "stated"

    @property
    def country(self) -> str | None:
        if not self.countries:
            return None
        return self.countries.most_common(1)[0][0]

    @property
    def title(self) -> str | None:
        if not self.titles:
            return None
        counts = Counter(self.titles)
        # The most frequent title; among equals the most specific (longest).
        return max(counts, key=lambda t: (counts[t], len(t)))

    @property
    def id(self) -> str:
        if self.name is None:
            return entity_id(f"{self.title or ''}", self.label, self.country)
        return entity_id(self.name, self.label, self.country if self.label == "PERSON" else None)

    def surname(self) -> str | None:
        if not self.name:
            return None
        parts = name_tokens(self.name)
        return parts[-1] if parts else None


@dataclass
class PersonMention:
    """A person mentioned by name or only by office, at token positions [start, end)."""

    start: int
    end: int
    cluster: int
    title: str | None
    country: str | None
    by_title: bool = False


@dataclass
class DocEntities:
    clusters: list[Cluster]
    persons: list[PersonMention]  # in document order
    person_at: dict[int, PersonMention]  # token index -> mention
    home_country: str | None  # the country the document is written from, when clear
    country_counts: Counter[str]

    def person_clusters(self) -> list[int]:
        return [i for i, c in enumerate(self.clusters) if c.label == "PERSON"]


# --- finding person names -------------------------------------------------------------------


def _title_before(doc: Doc, start: int, *, limit: int = 8) -> tuple[int, str | None, str | None]:
    """The title phrase right before a name: (its first token, text, country)."""
    lex = lexicon()
    # "Syria's new leader, Ahmad al-Sharaa": an office before a comma names the person.
    if start > 1 and doc[start - 1].text == "," and doc[start - 2].lower_ in lex.titles:
        first, text, country = _title_before(doc, start - 1, limit=limit)
        if text:
            return first, text, country
    i = start
    first = start
    country: str | None = None
    saw_title = False
    while i > 0 and start - i < limit:
        tok = doc[i - 1]
        low = tok.lower_
        if "\n" in tok.text or tok.is_punct and low not in ("'s", "’s", "-"):
            break
        if low in ("'s", "’s"):
            i -= 1
            continue
        # The longest title phrase ending here ("Prime Minister", "Secretary of State").
        matched = next(
            (
                j
                for j in range(max(0, i - 4), i)
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
        if tok.ent_type_ in ("GPE", "NORP") or lex.country(tok.text):
            code = lex.country(_ent_text(doc, tok.i)) or lex.country(tok.text)
            if code:
                country = country or code
            i -= 1
            first = i
            continue
        if low in TITLE_FILLERS or low in lex.honorifics:
            i -= 1
            if low not in ("the", "his", "her", "their", "its"):
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
    while first < start and doc[first].lower_ in ("of", "the", "and", ","):
        first += 1
    text = doc[first:start].text.strip()
    return first, text or None, country


def _ent_text(doc: Doc, i: int) -> str:
    tok = doc[i]
    if tok.ent_type_:
        for ent in doc.ents:
            if ent.start <= i < ent.end:
                return ent.text
    return tok.text


def _title_after(doc: Doc, end: int) -> tuple[str | None, str | None]:
    """A title or country right after a name: "Macron of France", "Trump, President of the US"."""
    lex = lexicon()
    n = len(doc)
    i = end
    if i < n and doc[i].lower_ == "of" and i + 1 < n:
        span = _place_after(doc, i + 1)
        if span is not None:
            return None, lex.country(span.text)
        j = i + 2 if doc[i + 1].lower_ == "the" else i + 1
        for k in (3, 2, 1):  # "of Niger Republic", untagged by the model
            if j + k <= n and all(t.is_title for t in doc[j : j + k]):
                code = lex.country(doc[j : j + k].text)
                if code:
                    return None, code
    if i + 1 < n and doc[i].text == ",":
        j = i + 1
        if j < n and doc[j].lower_ in ("the", "his", "her"):
            j += 1
        k = j
        while (
            k < n
            and k - j < 8
            and not doc[k].is_punct
            and doc[k].ent_type_ != "PERSON"
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
        if (
            closed
            and starts_ok
            and (any(w in lex.titles for w in words) or " ".join(words[:2]) in lex.titles)
        ):
            country = None
            for t in phrase:
                if t.ent_type_ in ("GPE", "NORP"):
                    country = country or lex.country(_ent_text(doc, t.i))
            return phrase.text, country
    return None, None


def _place_after(doc: Doc, i: int) -> Span | None:
    for ent in doc.ents:
        if ent.start == i or (ent.start == i + 1 and doc[i].lower_ == "the"):
            if ent.label_ in ("GPE", "NORP", "LOC"):
                return ent
    return None


def _strip_title(doc: Doc, span: Span) -> tuple[int, int, str | None]:
    """Drop title words and honorifics swallowed into a PERSON span."""
    lex = lexicon()
    start, end = span.start, span.end
    title_words: list[str] = []
    while start < end - 1:
        low = doc[start].lower_
        two = f"{low} {doc[start + 1].lower_}"
        if two in lex.titles or two in lex.honorifics:
            title_words.append(doc[start : start + 2].text)
            start += 2
            continue
        if low in lex.titles or low in lex.honorifics or low in TITLE_FILLERS:
            title_words.append(doc[start].text)
            start += 1
            continue
        break
    while end > start + 1 and doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    if end > start and doc[end - 1].lower_ in ("'s", "’s"):
        end -= 1
    title = " ".join(title_words) or None
    return start, end, title


def _looks_like_person(doc: Doc, start: int, end: int) -> bool:
    lex = lexicon()
    text = doc[start:end].text
    if not text or any(ch.isdigit() for ch in text):
        return False
    if not doc[start].text[:1].isupper():
        return False
    if end - start == 1 and text.isupper() and len(text) <= 5 and not _in_headline(doc, start):
        return False  # an acronym ("TTIP", "NATO") in running text, not a name
    words = {t.lower_ for t in doc[start:end]}
    if words <= NAME_SUFFIXES:
        return False  # "Joseph R. Biden, Jr.": the suffix of the name before
    toks = [t for t in doc[start:end] if not t.is_space]
    if len(toks) >= 2 and toks[-1].lower_ in lex.titles and all(
        lex.country(t.text) for t in toks[:-1]
    ):
        return False  # "Jordanian King", "Egyptian President": an office, not a name
    if words & NOT_PERSON_WORDS:
        return False
    if lex.country(text) or lex.org(text):
        return False
    return not all(t.lower_ in lex.titles for t in doc[start:end])


def _name_spans(doc: Doc) -> list[tuple[int, int, str | None]]:
    """Person name spans (token start, end, swallowed title) after repairs."""
    lex = lexicon()
    spans: list[tuple[int, int, str | None]] = []
    taken: set[int] = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end, title = _strip_title(doc, ent)
        end = _extend_hyphen(doc, end)
        for s, e in _split_person(doc, start, end):
            if _looks_like_person(doc, s, e):
                spans.append((s, e, title if s == start else None))
                taken.update(range(s, e))
    # "X spoke by phone with Olaf Scholz", where the model tagged the name ORG or GPE: a
    # capitalised name that is the subject or the partner of a conversation verb and no
    # country or organisation the lexicon knows is a person.
    for ent in doc.ents:
        if ent.label_ not in MISTAGGED_LABELS or any(i in taken for i in range(ent.start, ent.end)):
            continue
        # "President of Kazakhstan Kassym-Jomart Tokayev" tagged as one organisation: the
        # office's country, then the holder's name.
        if (
            ent.start >= 2
            and doc[ent.start - 1].lower_ == "of"
            and (doc[ent.start - 2].lower_ in lex.titles)
        ):
            k = next((k for k in range(len(ent) - 1, 0, -1) if lex.country(ent[:k].text)), None)
            rest = ent[k:] if k else None
            if (
                rest is not None
                and 1 <= len([t for t in rest if t.is_alpha]) <= 4
                and all((t.pos_ == "PROPN" and t.is_title) or t.text == "-" for t in rest)
            ):
                if _looks_like_person(doc, rest.start, rest.end):
                    spans.append((rest.start, rest.end, None))
                    taken.update(range(rest.start, rest.end))
                    continue
        if not _talk_argument(ent.root) or lex.country(ent.text) or lex.org(ent.text):
            continue
        if ent.start > 0 and doc[ent.start - 1].lower_ in ("of", "the", "a", "an", "for"):
            continue  # "the Minister of Foreign Affairs": an institution
        if 0 < len(ent) <= 3 and all(
            t.pos_ == "PROPN" and t.is_title and t.lower_ not in lex.titles for t in ent
        ):
            if _looks_like_person(doc, ent.start, ent.end):
                spans.append((ent.start, ent.end, None))
                taken.update(range(ent.start, ent.end))
    # "Modi spoke by phone with Biden": an untagged capitalised name that speaks or is
    # spoken with.
    for tok in doc:
        if (
            tok.pos_ != "PROPN"
            or not tok.is_title
            or tok.ent_type_
            or tok.i in taken
            or tok.lower_ in lex.titles
            or not _talk_argument(tok)
            or lex.country(tok.text)
            or lex.org(tok.text)
        ):
            continue
        start = tok.i
        while (
            start > 0
            and doc[start - 1].dep_ == "compound"
            and doc[start - 1].head.i == tok.i
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].is_title
            and doc[start - 1].lower_ not in lex.titles
            and not doc[start - 1].ent_type_
        ):
            start -= 1
        if start - 1 not in taken and _looks_like_person(doc, start, tok.i + 1):
            spans.append((start, tok.i + 1, None))
            taken.update(range(start, tok.i + 1))
    # "Theresa May spoke": a surname that is also a month, which the model leaves untagged
    # or reads as a date, when it heads a noun phrase after a capitalised given name.
    for i in range(len(doc) - 1):
        given, last = doc[i], doc[i + 1]
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
    # A capitalised name right after a title word, untagged or tagged as something else.
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ not in lex.titles or tok.lower_ in ("counterpart", "colleague", "leader"):
            continue
        j = i + 1
        while j < len(doc) - 1 and norm(doc[j].text) in lex.honorifics:
            j += 1  # "Prime Minister Shri X", "Emir His Highness Sheikh X"
        if j in taken:
            continue
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
        if k > j and _looks_like_person(doc, j, k):
            spans.append((j, k, tok.text))
            taken.update(range(j, k))
    spans.sort()
    alone = {doc[s].lower_ for s, e, _ in spans if e - s == 1}
    split: list[tuple[int, int, str | None]] = []
    for s, e, t in spans:
        if e - s == 2 and doc[s].lower_ in alone and doc[s + 1].lower_ in alone:
            split += [(s, s + 1, t), (s + 1, e, None)]
        else:
            split.append((s, e, t))
    spans = split
    # A name cut after its particle ("Marine Le" + "Pen", "Ursula von der" + "Leyen").
    grown = []
    for s_, e_, t_ in spans:
        if e_ - s_ >= 2 and doc[e_ - 1].lower_ in NAME_PARTICLES:
            while e_ < len(doc) and doc[e_].lower_ in NAME_PARTICLES:
                e_ += 1
            if e_ < len(doc) and doc[e_].is_title and doc[e_].pos_ in ("PROPN", "NOUN", "VERB"):
                e_ += 1
        grown.append((s_, e_, t_))
    spans = []
    for span in sorted(grown):
        if spans and span[0] < spans[-1][1]:
            continue  # inside a name grown over it
        spans.append(span)
    # Adjacent pieces of one name ("Recep Tayyip" + "Erdogan").
    merged: list[tuple[int, int, str | None]] = []
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
    # Surnames known from this document, wherever else the model tagged them.
    surnames = _surnames(doc, merged)
    # "Lula, Macron Agree Trade Deal": in a headline's capitalised words, a known surname
    # followed by more words is that surname, not a longer name.
    for k, (s, e, t) in enumerate(merged):
        if e - s >= 2 and doc[s].lower_ in surnames and _in_headline(doc, s):
            rest = {doc[i].lower_ for i in range(s + 1, e)}
            elsewhere = {
                doc[i].lower_ for s2, e2, _ in merged if (s2, e2) != (s, e) for i in range(s2, e2)
            }
            if not rest & elsewhere:
                merged[k] = (s, s + 1, t)
    surnames = _surnames(doc, merged)
    # "Donald trump": a known surname in lower case right after a first name.
    for k, (s, e, t) in enumerate(merged):
        if (
            e < len(doc)
            and doc[e].is_lower
            and doc[e].is_alpha
            and not doc[e].is_stop  # a hyphenated given name makes "in" a name part
            and doc[e].lower_ in surnames
        ):
            if not name_tokens(doc[s:e].text)[-1:] == [doc[e].lower_]:
                merged[k] = (s, e + 1, t)
    covered = {i for s, e, _ in merged for i in range(s, e)}
    for ent in doc.ents:
        if (
            ent.label_ not in ("ORG", "GPE", "NORP", "PRODUCT", "WORK_OF_ART", "FAC")
            or ent.start in covered
        ):
            continue
        for part_start, part_end in _split_on_and(doc, ent.start, ent.end):
            toks = name_tokens(doc[part_start:part_end].text)
            if 0 < len(toks) <= 3 and toks[-1] in surnames:
                part_start, part_end, title = _strip_title(doc, doc[part_start:part_end])
                if _looks_like_person(doc, part_start, part_end):
                    merged.append((part_start, part_end, title))
                    covered.update(range(part_start, part_end))
    for tok in doc:
        if tok.i in covered or tok.ent_type_ in ("GPE", "NORP", "DATE"):
            continue
        # A known surname the tagger read as a common noun at the start of a sentence
        # ("Trump later spoke ...") is still the name.
        as_name = tok.pos_ == "PROPN" or (
            tok.pos_ == "NOUN" and tok.is_title and tok.dep_ in ("nsubj", "nsubjpass")
        )
        if as_name and tok.lower_ in surnames and tok.text[:1].isupper():
            merged.append((tok.i, tok.i + 1, None))
            covered.add(tok.i)
    merged.sort()
    return merged


HEADLINE_MAX_TOKENS = 30


def _line_starts(doc: Doc) -> list[int]:
    """Token indices where a line starts (computed once per Doc)."""
    starts = doc.user_data.get("newsevents_line_starts")
    if starts is None:
        starts = [0] + [t.i + 1 for t in doc[:-1] if "\n" in t.whitespace_ or "\n" in t.text]
        doc.user_data["newsevents_line_starts"] = starts
    return starts


def _surnames(doc: Doc, spans: list[tuple[int, int, str | None]]) -> set[str]:
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


def _in_headline(doc: Doc, i: int) -> bool:
    """Token i sits on a short line written in title case (a headline)."""
    starts = _line_starts(doc)
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


def _extend_hyphen(doc: Doc, end: int) -> int:
    """ "Kim Dae-jung": the model stops names at a hyphen the tokenizer split off."""
    n = len(doc)
    while (
        end + 1 < n
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        end += 2
    return end


def _split_person(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a PERSON span at words that cannot be part of a name: a country or demonym
    ("Putin Israel"), a verb of a headline ("Moon Discuss"); and "Trump Putin" into two
    when a headline runs two surnames together."""
    lex = lexicon()
    pieces: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        tok = doc[i]
        breaker = (
            i > start
            and (lex.country(tok.text) is not None or tok.pos_ in ("VERB", "AUX", "ADP", "CCONJ"))
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
        if doc[i].lower_ in ("&", "and"):
            if i > s:
                yield s, i
            s = i + 1
    if end > s:
        yield s, end


# --- title-only references -------------------------------------------------------------------

TITLE_REF_HEADS = (
    "prime minister",
    "president",
    "chancellor",
    "secretary of state",
    "secretary",
    "foreign minister",
    "foreign secretary",
    "king",
    "premier",
    "leader",
    "pm",
    "counterpart",
    "emir",
    "crown prince",
    "president-elect",
    "minister",
)


def _title_refs(doc: Doc, covered: set[int]) -> list[tuple[int, int, str, str | None]]:
    """Mentions by office only: "the Prime Minister", "his Turkish counterpart", "the US President"."""
    lex = lexicon()
    refs: list[tuple[int, int, str, str | None]] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        possessor = (
            tok.ent_type_ == "GPE"
            and i + 1 < n
            and doc[i + 1].lower_ in ("'s", "’s")
            and lex.country(tok.text) is not None
        )
        if tok.i in covered or (
            tok.lower_ not in ("the", "his", "her", "their", "its") and not possessor
        ):
            i += 1
            continue
        j = i + 1
        country: str | None = None
        if possessor:
            country = lex.country(tok.text)
            j = i + 2
        while (
            j < n
            and j - i < 4
            and (
                doc[j].ent_type_ in ("GPE", "NORP")
                or doc[j].lower_ in ("us", "u.s.", "uk", "u.k.")
                or doc[j].lower_ in ("'s", "’s")
                or doc[j].lower_
                in TITLE_FILLERS - {"of", "the", "and", "his", "her", "their", "its"}
            )
        ):
            if doc[j].ent_type_ in ("GPE", "NORP") or doc[j].lower_ in ("us", "u.s.", "uk", "u.k."):
                country = (
                    country or lex.country(_ent_text(doc, j)) or lex.country(doc[j].text.upper())
                )
            j += 1
        head = None
        for words in (3, 2, 1):
            if j + words <= n:
                phrase = " ".join(t.lower_ for t in doc[j : j + words])
                if phrase in TITLE_REF_HEADS:
                    head = (j, j + words, phrase)
                    break
        if head is None:
            i += 1
            continue
        end = head[1]
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
        if head[2] in ("minister",) and country is None and not possessor:
            i = end
            continue
        refs.append((start, end, head[2], country))
        i = end
    return refs


# --- clustering ------------------------------------------------------------------------------


def _same_person(a: list[str], b: list[str]) -> bool:
    """Name parts of two mentions denote the same person (surname-level, tolerant)."""
    if not a or not b:
        return False
    if len(a) >= 2 and len(b) >= 2:
        short, full = (a, b) if len(a) < len(b) else (b, a)
        if len(short) < len(full) and all(
            similar_token(x, y) for x, y in zip(short, full[: len(short)], strict=False)
        ):
            return True  # "Mohamed bin Zayed" and "Mohamed bin Zayed Al Nahyan"
        if not similar_token(a[-1], b[-1]):
            return any(similar_token(a[-1], x) for x in b) and any(
                similar_token(b[-1], x) for x in a
            )
        # Different first names of one surname are different people (Joe vs Hunter Biden).
        return similar_token(a[0], b[0]) or a[0][:1] == b[0][:1] or len(a) != len(b)
    short, full = (a, b) if len(a) < len(b) else (b, a)
    return any(similar_token(short[0], x) for x in full)


def find_entities(doc: Doc, *, dateline_place: str | None = None) -> DocEntities:
    """Cluster the Doc's mentions into canonical entities (no side effects on the Doc)."""
    lex = lexicon()
    clusters: list[Cluster] = []
    persons: list[PersonMention] = []

    spans = _name_spans(doc)
    # Longest names first so that short mentions attach to full names.
    order = sorted(range(len(spans)), key=lambda k: (-(spans[k][1] - spans[k][0]), spans[k][0]))
    span_cluster: dict[int, int] = {}
    keys: list[list[str]] = []
    for k in order:
        s, e, _ = spans[k]
        toks = name_tokens(doc[s:e].text)
        best = None
        for ci, ckey in enumerate(keys):
            if _same_person(toks, ckey):
                best = ci
                break
        if best is None:
            clusters.append(Cluster(label="PERSON", name=_clean_name(doc[s:e].text)))
            keys.append(toks)
            best = len(clusters) - 1
        span_cluster[k] = best
    for k, (s, e, swallowed) in enumerate(spans):
        ci = span_cluster[k]
        cluster = clusters[ci]
        t_first, title, country = _title_before(doc, s)
        if title is None and swallowed:
            title = swallowed
        after_title, after_country = _title_after(doc, e)
        title = title or after_title
        country = (
            country or after_country or (lex.title_countries.get(norm(title)) if title else None)
        )
        text = doc[s:e].text
        if text not in cluster.aliases:
            cluster.aliases.append(text)
        cluster.mentions.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), text, "PERSON"))
        if title:
            cluster.titles.append(title)
        if country:
            cluster.countries[country] += 1
        mention = PersonMention(start=s, end=e, cluster=ci, title=title, country=country)
        persons.append(mention)

    covered = {i for p in persons for i in range(p.start, p.end)}
    for s, e, _head, country in _title_refs(doc, covered):
        persons.append(
            PersonMention(
                start=s, end=e, cluster=-1, title=doc[s:e].text, country=country, by_title=True
            )
        )
    persons.sort(key=lambda p: p.start)
    persons = _attach_appositive_titles(doc, persons, clusters)

    # Other entity types: one cluster per normalised text and label.
    country_counts: Counter[str] = Counter()
    by_key: dict[tuple[str, str], int] = {}
    person_tokens = {i for p in persons if not p.by_title for i in range(p.start, p.end)}
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS or ent.label_ == "PERSON":
            continue
        if any(i in person_tokens for i in range(ent.start, ent.end)):
            continue
        text = ent.text.strip()
        if not text:
            continue
        code = lex.country(text) if ent.label_ in PLACE_LABELS or ent.label_ == "ORG" else None
        if code:
            country_counts[code] += 1
        key = (ent.label_, norm(text))
        ci = by_key.get(key)
        if ci is None:
            clusters.append(Cluster(label=ent.label_, name=text, org=lex.org(text)))
            ci = by_key[key] = len(clusters) - 1
            if code:
                clusters[ci].countries[code] += 1
        cluster = clusters[ci]
        if text not in cluster.aliases:
            cluster.aliases.append(text)
        cluster.mentions.append((ent.start_char, ent.end_char, ent.text, ent.label_))

    home = lex.country(dateline_place) if dateline_place else None
    person_at = {i: p for p in persons for i in range(p.start, p.end)}
    ents = DocEntities(
        clusters=clusters,
        persons=persons,
        person_at=person_at,
        home_country=home,
        country_counts=country_counts,
    )
    _infer_countries(doc, clusters, persons)
    return ents


def _attach_appositive_titles(
    doc: Doc, persons: list[PersonMention], clusters: list[Cluster]
) -> list[PersonMention]:
    """ "the Foreign Minister of Armenia, Zohrab X": the office before a comma names the person."""
    kept: list[PersonMention] = []
    for k, mention in enumerate(persons):
        nxt = persons[k + 1] if k + 1 < len(persons) else None
        gap_ok = nxt is not None and all(
            norm(doc[i].text) in lexicon().honorifics for i in range(mention.end + 1, nxt.start)
        )  # "the Prime Minister of X, H.E. Mr. Y"
        if (
            mention.by_title
            and nxt is not None
            and not nxt.by_title
            and nxt.start >= mention.end + 1
            and gap_ok
            and doc[mention.end].text in (",", "-", "–", "—")
        ):
            cluster = clusters[nxt.cluster]
            cluster.titles.append(mention.title or "")
            if mention.country:
                cluster.countries[mention.country] += 2
                nxt.country = nxt.country or mention.country
            nxt.title = nxt.title or mention.title
            continue
        kept.append(mention)
    return kept


SEAT_WEIGHT = 2.0
LOCATIVE_PREPS = frozenset({"in", "at", "into", "to", "from", "across", "over", "near", "inside"})


def _country_evidence(doc: Doc, persons: list[PersonMention]) -> list[tuple[int, str, float]]:
    """(token, country, weight) for every place word that may tell a person's nationality.

    Demonyms and seats of government ("the Kremlin", "the White House") weigh most; a place
    named as where something happens ("talks in Syria") weighs least.
    """
    lex = lexicon()
    in_person = {i for p in persons for i in range(p.start, p.end)}
    out = []
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP", "ORG", "FAC", "LOC") or ent.start in in_person:
            continue
        text = ent.text[2:] if ent.text.lower().startswith("a ") else ent.text
        code = lex.country(text)
        if code is None:
            continue
        root = ent.root
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


SEAT_NAMES = frozenset(
    {
        "kremlin",
        "white house",
        "downing street",
        "elysee",
        "elysee palace",
        "cheong wa dae",
        "blue house",
        "zhongnanhai",
        "number 10",
        "no 10",
        "whitehall",
        "pentagon",
        "state department",
    }
)


def _infer_countries(doc: Doc, clusters: list[Cluster], persons: list[PersonMention]) -> None:
    """A country for people whose titles give none, from the nationality words around them.

    A country that a title gives another person is not a candidate (the partner's country
    is usually named right beside the person), unless the two hold different offices and
    are never named in one sentence. The people to infer are settled together, strongest
    evidence first, so that the result does not depend on the order they are named in, and
    a country one of them takes is not given to another named in the same sentence.
    """
    evidence = _country_evidence(doc, persons)
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
    scores: dict[int, Counter[str]] = {}
    sents: dict[int, set[int]] = {}
    for m in persons:
        sents.setdefault(m.cluster, set()).add(sent_of.get(m.start, -1))
    for ci, cluster in enumerate(clusters):
        if cluster.label != "PERSON" or cluster.countries:
            continue
        score: Counter[str] = Counter()
        for m in persons:
            if m.cluster != ci:
                continue
            for tok, code, weight in evidence:
                dist = abs(tok - m.start)
                same_sent = sent_of.get(tok) == sent_of.get(m.start)
                score[code] += weight * (1.0 if same_sent else 0.25) / (1 + dist / 20)
        for code, weight in totals.items():
            score[code] += 0.02 * weight
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


def _clean_name(text: str) -> str:
    text = text.strip().strip(",.;:")
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return " ".join(text.split())


NOT_SITTING = frozenset(
    {"vice", "deputy", "former", "ex", "late", "then", "acting", "opposition", "party"}
)


def holds_leader_title(title: str) -> bool:
    """A head of state's or government's title, not a deputy's or a former holder's."""
    lex = lexicon()
    words = norm(title).replace("-", " ").split()
    if set(words) & NOT_SITTING:
        return False
    return any(" ".join(words[i:]) in lex.leader_titles for i in range(len(words)))


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
    title = norm(mention.title or "")
    head = next((h for h in TITLE_REF_HEADS if title.endswith(h)), None)
    candidates = []
    for ci in ents.person_clusters():
        cluster = ents.clusters[ci]
        if cluster.name is None or ci in exclude:
            continue
        # A deputy or former holder is not "the President".
        titles = {
            norm(t)
            for t in cluster.titles
            if t and not set(norm(t).split()) & {"vice", "deputy", "former", "ex-", "late", "then"}
        }
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
                ok = any(norm(t).split()[-1] in other for t in cluster.titles if t)
        else:
            ok = any(t.endswith(head or "") or (head or "") in t for t in titles)
            if ok and mention.country and cluster.country and cluster.country != mention.country:
                ok = False
        if ok:
            candidates.append(ci)
    if not candidates and head not in ("counterpart", "leader") and mention.country is not None:
        # The document names the office holder without the title ("Theresa May" and "the
        # prime minister"): the one named person of that country with no other office.
        untitled = [
            ci
            for ci in ents.person_clusters()
            if ents.clusters[ci].name
            and not ents.clusters[ci].titles
            and ents.clusters[ci].country == mention.country
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
