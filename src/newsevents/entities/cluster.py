"""Clustering a Doc's mentions into canonical entities: people by name, other types by text."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsevents.entities.countries import infer_countries, talk_topic
from newsevents.entities.ents import doc_ents, ents_held
from newsevents.entities.spans import NameSpan, name_spans
from newsevents.entities.titles import (
    attach_appositive_titles,
    org_before,
    plural_office,
    plural_office_refs,
    title_after,
    title_before,
    title_refs,
)
from newsevents.kb.offices import office_role
from newsevents.lexicon import lexicon, norm
from newsevents.names import (
    name_tokens,
    normalize_name,
    same_given_in_document,
    same_person_in_document,
    spelling_variant,
)

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc

KEPT_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE")
PLACE_LABELS = frozenset({"GPE", "NORP", "LOC"})


def entity_id(
    name: str, label: str, country: str | None = None, wikidata: str | None = None
) -> str:
    """A stable id for an entity: the same person gets the same id in every document, and
    under every spelling when the office-holder table knows them (`wikidata`: the QID)."""
    key = f"{label}|{wikidata}" if wikidata else f"{label}|{normalize_name(name)}|{country or ''}"
    return "ent_" + hashlib.sha256(key.encode()).hexdigest()[:16]


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
    inferred: str | None = None  # the country infer_countries gave (no title states one)
    table: str | None = None  # the office-holder table's country (no title states one)
    wikidata: str | None = None  # the QID of the table's person this cluster is

    @property
    def country_basis(self) -> str | None:
        if self.country is None:
            return None
        if self.country == self.table:
            return "office_table"
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
        if self.label != "PERSON":
            return entity_id(self.name, self.label)
        return entity_id(self.name, self.label, self.country, self.wikidata)

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
    # One of several holders of an office listed by country ("ministers from A and B").
    listed: bool = False
    org: str | None = None  # the international body an office alone is of ("the UN chief")


@dataclass
class DocEntities:
    clusters: list[Cluster]
    persons: list[PersonMention]  # in document order
    person_at: dict[int, PersonMention]  # token index -> mention
    home_country: str | None  # the country the document is written from, when clear
    country_counts: Counter[str]

    def person_clusters(self) -> list[int]:
        return [i for i, c in enumerate(self.clusters) if c.label == "PERSON"]


def _cluster_names(
    doc: Doc, spans: list[NameSpan], title_span: tuple[int, int] | None = None
) -> tuple[list[Cluster], list[int]]:
    """One PERSON cluster per person named, and the cluster of each span."""
    # Longest names first so that short mentions attach to full names.
    order = sorted(range(len(spans)), key=lambda k: (-(spans[k][1] - spans[k][0]), spans[k][0]))
    clusters: list[Cluster] = []
    keys: list[tuple[str, ...]] = []
    span_cluster = [0] * len(spans)
    for k in order:
        s, e, _ = spans[k]
        toks = name_tokens(doc[s:e].text)
        matches = [ci for ci, ckey in enumerate(keys) if same_person_in_document(toks, ckey)]
        # "Sheikh Mohamed" beside "Mohammed bin Salman" and "Mohamed bin Zayed": the cluster
        # spelt as the mention is, before one only similar.
        exact = [ci for ci in matches if set(toks) <= set(keys[ci])]
        best = (exact or matches)[0] if matches else None
        if best is None:
            clusters.append(Cluster(label="PERSON", name=_clean_name(doc[s:e].text)))
            keys.append(toks)
            best = len(clusters) - 1
        span_cluster[k] = best
    _name_by_first_form(doc, spans, clusters, span_cluster, title_span)
    return clusters, span_cluster


def _name_by_first_form(
    doc: Doc,
    spans: list[NameSpan],
    clusters: list[Cluster],
    span_cluster: list[int],
    title_span: tuple[int, int] | None,
) -> None:
    """A cluster is named by the full form that introduces the person: "Nicolas Maduro" in
    the lead and "Nicolas Maduro Moros" in a quoted statement (a second surname, a
    patronymic chain, a middle name written out once) is "Nicolas Maduro"."""
    forms: list[Counter[str]] = [Counter() for _ in clusters]
    first: list[dict[str, int]] = [{} for _ in clusters]
    for k, (s, e, _) in enumerate(spans):
        text = _clean_name(doc[s:e].text)
        if len(name_tokens(text)) < 2:
            continue
        ci = span_cluster[k]
        forms[ci][text] += 1
        first[ci][text] = min(first[ci].get(text, s), s)
    title_end = title_span[1] if title_span is not None else -1
    for ci, counts in enumerate(forms):
        if len(counts) > 1:
            # A headline shortens names: the body's first form introduces the person.
            at = first[ci]
            clusters[ci].name = min(counts, key=lambda t: (doc[at[t]].idx < title_end, at[t]))


def _named_mentions(
    doc: Doc, spans: list[NameSpan], clusters: list[Cluster], span_cluster: list[int]
) -> list[PersonMention]:
    """A mention per name span, with the title and country beside it (added to its cluster)."""
    lex = lexicon()
    persons: list[PersonMention] = []
    befores = [title_before(doc, s) for s, _, _ in spans]
    # The countries each person's offices name right before their name ("US President X").
    beside: dict[int, set[str]] = {}
    for k, (s, _, _) in enumerate(spans):
        stated = befores[k][2]
        if stated and not (s > 0 and doc[s - 1].text == ","):
            beside.setdefault(span_cluster[k], set()).add(stated)
    for k, (s, e, swallowed) in enumerate(spans):
        ci = span_cluster[k]
        cluster = clusters[ci]
        first, title, country = befores[k]
        if s > 0 and doc[s - 1].text == "," and country and beside.get(ci, {country}) - {country}:
            # "Ruritania's Emir, X Discuss ...": an office of another country than the one
            # the person's own title names is a list of two, not their office.
            first, title, country = s, None, None
        org = org_before(doc, first, title)
        if title is None and swallowed:
            title = swallowed
        after_title, after_country = title_after(doc, e)
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
        if org:
            # The head of an international body is of no country ("UN Secretary-General X").
            cluster.org = cluster.org or org
        persons.append(
            PersonMention(start=s, end=e, cluster=ci, title=title, country=country, org=org)
        )
    return persons


def _other_clusters(
    doc: Doc, persons: list[PersonMention], clusters: list[Cluster]
) -> Counter[str]:
    """Add one cluster per normalised text and label of the other entity types; returns how
    often each country is named."""
    lex = lexicon()
    country_counts: Counter[str] = Counter()
    by_key: dict[tuple[str, str], int] = {}
    person_tokens = {i for p in persons if not p.by_title for i in range(p.start, p.end)}
    for ent in doc_ents(doc):
        if ent.label_ not in KEPT_LABELS or ent.label_ == "PERSON":
            continue
        if any(i in person_tokens for i in range(ent.start, ent.end)):
            continue
        text = ent.text.strip()
        if not text:
            continue
        code = lex.country(text) if ent.label_ in PLACE_LABELS or ent.label_ == "ORG" else None
        if code and not (ent.label_ in ("GPE", "LOC") and talk_topic(ent.root)):
            country_counts[code] += 1  # a place talked about is no sign of the writer's
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
    return country_counts


def _bracketed_surnames(
    doc: Doc, persons: list[PersonMention], clusters: list[Cluster]
) -> list[PersonMention]:
    """ "talked to him (Zelenskyy)": a surname in brackets the model left untagged, when it is
    the surname of exactly one person named elsewhere in the document."""
    covered = {i for p in persons for i in range(p.start, p.end)}
    by_surname: dict[str, list[int]] = {}
    for ci, c in enumerate(clusters):
        if c.label == "PERSON" and c.name and c.mentions:
            by_surname.setdefault(c.name.split()[-1], []).append(ci)
    found: list[PersonMention] = []
    for tok in doc[1:-1] if by_surname else ():
        if tok.text not in by_surname or tok.i in covered or tok.ent_type_:
            continue  # the cheapest test first
        if not tok.text[:1].isupper():
            continue
        if doc[tok.i - 1].text != "(" or doc[tok.i + 1].text != ")":
            continue
        owners = by_surname.get(tok.text, [])
        if len(owners) == 1:
            found.append(
                PersonMention(
                    start=tok.i, end=tok.i + 1, cluster=owners[0], title=None, country=None
                )
            )
    return found


def find_entities(
    doc: Doc,
    *,
    dateline_place: str | None = None,
    title_span: tuple[int, int] | None = None,
    day: date | None = None,
) -> DocEntities:
    """Cluster the Doc's mentions into canonical entities (no side effects on the Doc).

    `title_span`: the headline's character span in the Doc, whose short forms of names do
    not name a person where the body has a fuller one. `day`: the article's date, for the
    office-holder table.
    """
    with ents_held(doc):
        return _find_entities(doc, dateline_place=dateline_place, title_span=title_span, day=day)


def _find_entities(
    doc: Doc, *, dateline_place: str | None, title_span: tuple[int, int] | None, day: date | None
) -> DocEntities:
    plural = plural_office_refs(doc)
    # "Defence Ministers from A and B": the office words are no one's name.
    office_words = {i for *_, (s, e) in plural for i in range(s, e)}
    spans = [
        sp
        for sp in name_spans(doc)
        if not office_words & set(range(sp[0], sp[1])) and not plural_office(doc[sp[1] - 1])
    ]
    clusters, span_cluster = _cluster_names(doc, spans, title_span)
    persons = _named_mentions(doc, spans, clusters, span_cluster)
    persons += _bracketed_surnames(doc, persons, clusters)
    covered = {i for p in persons for i in range(p.start, p.end)}
    for s, e, title, office_country, _office in plural:
        if not covered & set(range(s, e)):
            persons.append(
                PersonMention(
                    start=s,
                    end=e,
                    cluster=-1,
                    title=title,
                    country=office_country,
                    by_title=True,
                    listed=True,
                )
            )
            covered.update(range(s, e))
    for s, e, _head, country, org in title_refs(doc, covered):
        persons.append(
            PersonMention(
                start=s,
                end=e,
                cluster=-1,
                title=doc[s:e].text,
                country=country,
                by_title=True,
                org=org,
            )
        )
    persons.sort(key=lambda p: p.start)
    persons = attach_appositive_titles(doc, persons, clusters)
    country_counts = _other_clusters(doc, persons, clusters)
    home = lexicon().country(dateline_place) if dateline_place else None
    infer_countries(doc, clusters, persons, day, dateline_place=dateline_place)
    clusters, persons = _merge_misspelt(clusters, persons)
    person_at = {i: p for p in persons for i in range(p.start, p.end)}
    return DocEntities(
        clusters=clusters,
        persons=persons,
        person_at=person_at,
        home_country=home,
        country_counts=country_counts,
    )


def _offices(c: Cluster) -> set[tuple[str, str]]:
    """(role, country) of the offices a person's titles name in the country the text states."""
    if c.country is None or c.country_basis != "stated":
        return set()
    return {(role, c.country) for t in set(c.titles) if (role := office_role(t, c.country))}


def _one_misspelt_person(a: Cluster, b: Cluster) -> bool:
    """Two people of one document that are one person spelt two ways: the table knows both
    as one (the same QID), or they hold the same office of the same country and their
    surnames are a misspelling of each other ("Defence Secretary Vostak" beside "Defence
    Secretary Mark Vostok"), with no given names that differ."""
    if a.label != "PERSON" or b.label != "PERSON" or not a.name or not b.name:
        return False
    if a.org or b.org or a.country != b.country:
        return False
    if a.wikidata and b.wikidata:
        return a.wikidata == b.wikidata
    ta, tb = name_tokens(a.name), name_tokens(b.name)
    if not ta or not tb or ta[-1] == tb[-1]:
        return False  # one surname: the clustering's given names told them apart
    if len(ta) > 1 and len(tb) > 1 and not same_given_in_document(ta[0], tb[0]):
        return False
    return spelling_variant(ta[-1], tb[-1]) and bool(_offices(a) & _offices(b))


def _name_rank(c: Cluster) -> tuple[bool, int]:
    return bool(c.wikidata), len(name_tokens(c.name or ""))


def _merge_misspelt(
    clusters: list[Cluster], persons: list[PersonMention]
) -> tuple[list[Cluster], list[PersonMention]]:
    """Clusters that are one person spelt two ways (`_one_misspelt_person`) merged into the
    one the table knows, else the one with the fuller name, else the one named first."""
    people = [ci for ci, c in enumerate(clusters) if c.label == "PERSON" and c.name]
    into: dict[int, int] = {}
    for x, i in enumerate(people):
        for j in people[x + 1 :]:
            if j in into or not _one_misspelt_person(clusters[into.get(i, i)], clusters[j]):
                continue
            into[j] = into.get(i, i)
    if not into:
        return clusters, persons
    for j, i in into.items():
        keep, gone = clusters[i], clusters[j]
        if _name_rank(gone) > _name_rank(keep):
            keep.name, keep.table = gone.name, gone.table or keep.table
        keep.wikidata = keep.wikidata or gone.wikidata
        keep.aliases += [a for a in gone.aliases if a not in keep.aliases]
        keep.mentions = sorted(keep.mentions + gone.mentions)
        keep.titles += gone.titles
        keep.countries += gone.countries
    new_index: dict[int, int] = {}
    kept: list[Cluster] = []
    for ci, c in enumerate(clusters):
        if ci not in into:
            new_index[ci] = len(kept)
            kept.append(c)
    for j, i in into.items():
        new_index[j] = new_index[i]
    for p in persons:
        if p.cluster >= 0:
            p.cluster = new_index[p.cluster]
    return kept, persons


def _clean_name(text: str) -> str:
    text = text.strip().strip(",.;:")
    for suffix in ("'s", "’s"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return " ".join(text.split())
