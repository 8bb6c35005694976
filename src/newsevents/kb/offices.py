"""Who held which office, in which country, on which date: lookups in data/offices.tsv.

The table is built offline (newsevents.kb.refresh) from Wikidata-derived public data and read
lazily on first use. A row holds for a date when the date falls inside its term; a term
without an end holds only up to the row's `as_of` date (the source's snapshot), since what
happened after it is unknown. Dates given only to the year or month are uncertain inside that
year or month: there the table answers nothing rather than guess. A row without a QID (a
person no Wikidata-derived source names) is a person by name and country (`person_key`).
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from anyascii import anyascii
from rapidfuzz import fuzz, process

from newsevents.lexicon import lexicon
from newsevents.names import name_tokens, same_given, spelling_variant

HOLDS, MAYBE, NO = "holds", "maybe", "no"

# The words a text uses for an office, to the role they name. Local titles map to the same
# roles ("Taoiseach", "Chancellor"); which country's office is meant comes from the caller.
TITLE_ROLES = {
    "president": "head_of_state",
    "king": "head_of_state",
    "queen": "head_of_state",
    "monarch": "head_of_state",
    "emir": "head_of_state",
    "amir": "head_of_state",
    "sultan": "head_of_state",
    "emperor": "head_of_state",
    "crown prince": None,
    "head of state": "head_of_state",
    "prime minister": "head_of_government",
    "pm": "head_of_government",
    "premier": "head_of_government",
    "chancellor": "head_of_government",
    "federal chancellor": "head_of_government",
    "taoiseach": "head_of_government",
    "head of government": "head_of_government",
    "foreign minister": "foreign_minister",
    "foreign secretary": "foreign_minister",
    "minister of foreign affairs": "foreign_minister",
    "minister for foreign affairs": "foreign_minister",
    "secretary of state": "foreign_minister",
    "external affairs minister": "foreign_minister",
    "top diplomat": "foreign_minister",  # news usage: "the country's top diplomat"
    # A country's defence minister, whatever it calls the office.
    "defence secretary": "defence_minister",
    "defense secretary": "defence_minister",
    "defence minister": "defence_minister",
    "defense minister": "defence_minister",
    "minister of defence": "defence_minister",
    "minister of defense": "defence_minister",
    "minister for defence": "defence_minister",
    "minister for defense": "defence_minister",
    "secretary of state for defence": "defence_minister",
    "secretary of defense": "defence_minister",
    "secretary of defence": "defence_minister",
    "minister of national defence": "defence_minister",
    "minister of national defense": "defence_minister",
    "national defence minister": "defence_minister",
    "national defense minister": "defence_minister",
    # Titles are read without "the" ("Minister of the Armed Forces"); a local title below.
    "minister of armed forces": "defence_minister",
    "secretary-general of the united nations": "un_secretary_general",
    "un secretary-general": "un_secretary_general",
}


@dataclass(frozen=True)
class Term:
    """One term of office, as the table has it."""

    qid: str
    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    title: str
    start: str
    end: str
    as_of: str
    source: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


def person_key(t: Term) -> str:
    """Who a row's holder is: the QID, or for a person without one "COUNTRY:Name"."""
    return t.qid or f"{t.country}:{t.name}"


@dataclass(frozen=True)
class Holder:
    """The answer for one office on one date: a person, or why there is none."""

    name: str | None
    qid: str | None  # None also for a named holder the table has no QID for
    reason: str | None
    terms: tuple[Term, ...]
    person: str | None = None  # `person_key` of the holder


def _bounds(value: str) -> tuple[date, date]:
    """First and last day a partial ISO date ("2019", "2019-07", "2019-07-24") can mean."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    d = date(*parts)
    return d, d


def covers(term: Term, day: date) -> str:
    """Whether the term certainly holds on `day`, may hold (imprecise dates), or does not."""
    if not term.start:
        return NO
    start_lo, start_hi = _bounds(term.start)
    if day < start_lo:
        return NO
    state = MAYBE if day < start_hi or (day == start_hi and start_lo != start_hi) else HOLDS
    if term.end:
        end_lo, end_hi = _bounds(term.end)
        if day > end_hi:
            return NO
        if end_lo != end_hi and day >= end_lo:
            state = MAYBE
    elif day > date.fromisoformat(term.as_of):
        return NO
    return state


@cache
def terms() -> tuple[Term, ...]:
    """Every row of the packaged table (read once, on first use)."""
    text = resources.files("newsevents.data").joinpath("offices.tsv").read_text("utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(
        Term(r["qid"], r["name"], tuple(a for a in r["aliases"].split("|") if a), r["country"],
             r["role"], r["title"], r["start"], r["end"], r["as_of"], r["source"])
        for r in reader
    )


@cache
def _by_office() -> dict[tuple[str, str], tuple[Term, ...]]:
    index: dict[tuple[str, str], list[Term]] = {}
    for t in terms():
        index.setdefault((t.country, t.role), []).append(t)
    return {k: tuple(v) for k, v in index.items()}


def role_for_title(title: str) -> str | None:
    """The role a title names ("Prime Minister" -> head_of_government), or None."""
    key = " ".join(anyascii(title).lower().replace("the ", " ").split())
    if key in TITLE_ROLES:
        return TITLE_ROLES[key]
    return key if key in _roles() else None


@cache
def _roles() -> frozenset[str]:
    return frozenset(t.role for t in terms())


def holder(country: str, role: str, day: date) -> Holder:
    """Who held `role` in `country` (ISO alpha-3, or "org") on `day`, or why nobody is known."""
    office = _by_office().get((country, role))
    if not office:
        return Holder(None, None, f"office not covered: {role} of {country}", ())
    state: dict[str, str] = {}
    hits: dict[str, list[Term]] = {}
    for t in office:
        c = covers(t, day)
        if c == NO:
            continue
        key = person_key(t)
        hits.setdefault(key, []).append(t)
        if c == HOLDS or key not in state:
            state[key] = c if state.get(key) != HOLDS else HOLDS
    sure = [q for q, c in state.items() if c == HOLDS]
    found = tuple(t for q in state for t in hits[q])
    # One office, one holder: a term that certainly holds outweighs terms that only may (a
    # successor known to have started that year, or a predecessor known to have left it).
    if len(sure) == 1:
        best = hits[sure[0]][0]
        return Holder(best.name, best.qid or None, None, found, sure[0])
    if len(sure) > 1:
        return Holder(None, None, f"several holders of {role} of {country} on {day}", found)
    if state:
        return Holder(None, None, f"holder of {role} of {country} on {day} uncertain", found)
    last = max(date.fromisoformat(t.as_of) for t in office)
    if day > last:
        return Holder(None, None, f"{day} is after the table's data for {role} of {country} "
                      f"(to {last})", ())
    return Holder(None, None, f"no holder of {role} of {country} known on {day}", ())


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", anyascii(name).lower()).split())


@cache
def _names() -> dict[str, tuple[str, ...]]:
    """Normalised name or alias -> the people (`person_key`) it belongs to."""
    out: dict[str, set[str]] = {}
    for t in terms():
        for n in (t.name, *t.aliases):
            out.setdefault(_key(n), set()).add(person_key(t))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def find_person(name: str, cutoff: float = 88.0) -> list[str]:
    """People (`person_key`: QIDs, "GBR:Rishi Sunak" for one without) whose name or alias
    matches `name`: exactly after transliteration, else fuzzily.

    "Zelenskiy" and "Zelenskyy", "Erdogan" and "Erdoğan" meet here. A bare surname matches
    a full name only when that surname belongs to one person in the table.
    """
    key = _key(name)
    if not key:
        return []
    names = _names()
    if key in names:
        return list(names[key])
    if " " not in key:
        surnames: dict[str, set[str]] = {}
        for k, qs in names.items():
            surnames.setdefault(k.split()[-1], set()).update(qs)
        if key in surnames:
            return sorted(surnames[key]) if len(surnames[key]) == 1 else []
        close = process.extract(key, list(surnames), scorer=fuzz.ratio, score_cutoff=cutoff)
        owners = {q for k, _, _ in close for q in surnames[k]}
        return sorted(owners) if len(owners) == 1 else []
    best = process.extract(key, list(names), scorer=fuzz.WRatio, score_cutoff=cutoff, limit=5)
    if not best:
        return []
    top = best[0][1]
    return sorted({q for k, score, _ in best if score >= top for q in names[k]})


@cache
def _by_person() -> dict[str, tuple[Term, ...]]:
    out: dict[str, list[Term]] = {}
    for t in terms():
        out.setdefault(person_key(t), []).append(t)
    return {k: tuple(v) for k, v in out.items()}


def terms_of(person: str) -> list[Term]:
    """The rows of one person (a QID, or a `person_key`)."""
    return list(_by_person().get(person, ()))


@dataclass(frozen=True)
class Person:
    """A person of the table that a name in a text is taken to be (`qid` None for one the
    table knows by name only)."""

    qid: str | None
    name: str
    country: str


# A full name matches a person whose terms lie within this many years of the text's date:
# a namesake a generation apart is another person.
NAME_WINDOW_YEARS = 20
FULL_NAME_CUTOFF = 92.0
SURNAME_CUTOFF = 90.0


@cache
def _by_sorted_name() -> dict[str, tuple[str, ...]]:
    """Name keys with their words sorted ("rossi mario" for "Mario Rossi"), and
    monarchs' names without their realm ("abdullah ii" for "Abdullah II of Jordan")."""
    out: dict[str, set[str]] = {}
    for key, qids in _names().items():
        out.setdefault(" ".join(sorted(key.split())), set()).update(qids)
        regnal, of, _realm = key.partition(" of ")
        if of and " " in regnal:
            out.setdefault(" ".join(sorted(regnal.split())), set()).update(qids)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@cache
def _by_surname() -> dict[str, tuple[Term, ...]]:
    """The last word of every name and alias -> the terms of its owners."""
    out: dict[str, list[Term]] = {}
    for t in terms():
        # dict.fromkeys, not a set: the keys' order is the fuzzy match's order of choices,
        # and its `limit` keeps the first of equal scores.
        for n in dict.fromkeys(_key(n).split()[-1] for n in (t.name, *t.aliases) if _key(n)):
            out.setdefault(n, []).append(t)
    return {k: tuple(v) for k, v in out.items()}


ROMAN_NUMERALS = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"})


def _full_name_qids(key: str) -> set[str]:
    return set(_full_name_qids_cached(key))


# The fuzzy search scans every name of the table: a text's people recur across documents.
@lru_cache(maxsize=16384)
def _full_name_qids_cached(key: str) -> frozenset[str]:
    names = _names()
    if key in names:
        return frozenset(names[key])
    words = key.split()
    if len(words) > 2 and words[1] in ROMAN_NUMERALS:
        # A monarch by regnal name and patronymic ("Abdullah II ibn Al Hussein").
        words = words[:2]
    # A middle initial ("Donald J. Trump") is not in every form of a name.
    short = [w for w in words if len(w) > 1 or w in ROMAN_NUMERALS]
    if len(short) >= 2:
        words = short
    sorted_key = " ".join(sorted(words))
    if sorted_key in _by_sorted_name():
        return frozenset(_by_sorted_name()[sorted_key])
    key = " ".join(words)
    # A spelling variant of the whole name ("Zelenskiy", "Mohammad"): as many words, each
    # starting alike.
    close = [
        (k, score)
        for k, score, _ in process.extract(
            key, list(names), scorer=fuzz.ratio, score_cutoff=FULL_NAME_CUTOFF, limit=5
        )
        if len(k.split()) == len(words)
        and all(a[0] == b[0] for a, b in zip(k.split(), words, strict=True))
    ]
    return frozenset(q for k, _ in close for q in names[k])


def _in_window(qid: str, day: date) -> bool:
    spans = []
    for t in terms_of(qid):
        if t.start:
            end = t.end or t.as_of
            spans.append((_bounds(t.start)[0], _bounds(end)[1]))
    if not spans:
        return False
    lo = min(s for s, _ in spans)
    hi = max(e for _, e in spans)
    return lo.year - NAME_WINDOW_YEARS <= day.year <= hi.year + NAME_WINDOW_YEARS


def _holds_around(t: Term, day: date) -> bool:
    """The term covers `day`, or is open at the table's snapshot and `day` is after it."""
    if covers(t, day) != NO:
        return True
    return bool(t.start) and not t.end and day > date.fromisoformat(t.as_of)


def _surname_qids(key: str, roles: frozenset[str], day: date) -> set[str]:
    """Holders of one of `roles` around `day` whose surname is the last word of `key`, and
    whose names hold its other words ("López Obrador"), in an office not titled for another
    role ("Prime Minister Hassan" is not a president who heads a government)."""
    *given, surname = key.split()
    by_surname = _by_surname()
    found = list(by_surname.get(surname, ()))
    if not found:
        close = process.extract(surname, list(by_surname), scorer=fuzz.ratio,
                                score_cutoff=SURNAME_CUTOFF, limit=3)
        found = [t for k, _, _ in close if k[0] == surname[0] for t in by_surname[k]]
    return {
        person_key(t)
        for t in found
        if t.role in roles
        and TITLE_ROLES.get(_title_key(t.title), t.role) in roles
        and _holds_around(t, day)
        and any(set(given) <= set(_key(n).split()) for n in (t.name, *t.aliases))
    }


def identify(
    name: str, *, titles: tuple[str, ...] = (), day: date | None = None
) -> Person | None:
    """The one person of the table that `name` (as a text writes it) is, or None.

    A full name must match a name or alias of one person, exactly after transliteration, in
    another word order, or as a close spelling variant, and that person's terms must lie
    within NAME_WINDOW_YEARS of `day`. A surname is enough only with a title the table
    knows ("President Macron") and a date: the one holder of that office, around that date,
    with that surname (and any other words of `name` in their name). A person the table
    knows in an international office (an `org` row) or in offices of two countries has no
    one country, and is not returned.
    """
    key = _key(name)
    if not key:
        return None
    qids: set[str] = set()
    if " " in key:
        qids = _full_name_qids(key)
        if day is not None:
            qids = {q for q in qids if _in_window(q, day)}
    roles = frozenset(r for r in (role_for_title(t) for t in titles) if r)
    if not qids and roles and day is not None:
        qids = _surname_qids(key, roles, day)
    if len(qids) != 1:
        return None
    (person,) = qids
    rows = terms_of(person)
    countries = {t.country for t in rows}
    if len(countries) != 1 or "org" in countries:
        return None
    return Person(rows[0].qid or None, rows[0].name, rows[0].country)


def lookup(query: str, country: str | None = None, day: date | None = None) -> list[Term]:
    """The rows `newsevents who` prints: an office (with country, optionally a date) or a name."""
    role = role_for_title(query)
    if role is not None:
        rows = [t for t in terms() if t.role == role and country in (None, t.country)]
        if day is not None:
            rows = [t for t in rows if covers(t, day) != NO]
        return sorted(rows, key=lambda t: (t.country, t.start))
    rows = [t for q in find_person(query) for t in terms_of(q)]
    if country:
        rows = [t for t in rows if t.country == country]
    if day is not None:
        rows = [t for t in rows if covers(t, day) != NO]
    return sorted(rows, key=lambda t: (t.country, t.role, t.start))


# Titles that name an office only in some countries ("Chancellor" heads the German
# government, not the British one; the British "Secretary of State" is any minister): the
# table's own title for the office there must be the same.
LOCAL_TITLES = frozenset({
    "chancellor", "federal chancellor", "premier", "taoiseach", "secretary of state", "emir",
    "amir", "sultan", "emperor",
    # France's defence minister; the British one with that name is a junior minister.
    "minister of armed forces",
})


def _title_key(title: str) -> str:
    return " ".join(anyascii(title).lower().replace("the ", " ").split())


def _local_title_fits(key: str, office: tuple[Term, ...]) -> bool:
    for t in office:
        own = _title_key(t.title)
        # "Federal Chancellor of Austria" is written "Chancellor"; "Secretary of State" keeps
        # its "of".
        realmless = own.rpartition(" of ")[0] if own.count(" of ") else own
        if key in {own, realmless, own.removeprefix("federal "),
                   realmless.removeprefix("federal ")}:
            return True
    return False


def _office_title(title: str, country: str) -> tuple[str | None, str]:
    """The role a party's title names and its office words, past a country that qualifies
    it ("Taiwan's president", "Turkish Foreign Minister" -> the president, the foreign
    minister); a word that changes the office ("Vice President") is no country."""
    words = title.replace("’s", "").replace("'s", "").split()
    for k in range(len(words)):
        if k and lexicon().country(" ".join(words[:k])) != country:
            continue
        rest = " ".join(words[k:])
        role = role_for_title(rest)
        if role is not None:
            return _local_role(country, role, _title_key(rest)), _title_key(rest)
    return None, _title_key(title)


def _local_role(country: str, role: str, key: str) -> str:
    """The role the office words `key` name in `country`: `role`, unless the table's titles
    for it there do not fit and exactly one other office there has that title (Iran's
    "President" heads the government; its head of state is the Supreme Leader)."""
    office = _by_office().get((country, role), ())
    if not office or _local_title_fits(key, office):
        return role
    others = [r for (c, r), held in _by_office().items()
              if c == country and r != role and _local_title_fits(key, held)]
    return others[0] if len(others) == 1 else role


# The office an international body's head holds, by the body's short name (the lexicon's),
# for "the UN chief", "the Secretary-General of the United Nations".
ORG_ROLES = {
    "UN": "un_secretary_general",
    "WTO": "wto_director_general",
    "NATO": "nato_secretary_general",
}


def org_office_holder(org: str, first: date, last: date | None = None) -> Holder:
    """Who headed the international body `org` from `first` to `last`, or why nobody is
    known (as `office_holder`)."""
    role = ORG_ROLES.get(org)
    if role is None:
        return Holder(None, None, f"office not covered: head of {org}", ())
    return _holder_over("org", role, first, last)


def _holder_over(country: str, role: str, first: date, last: date | None) -> Holder:
    start = holder(country, role, first)
    if last is None or last == first or start.person is None:
        return start
    end = holder(country, role, last)
    if end.person != start.person:
        reason = end.reason or f"holder of {role} of {country} changed from {first} to {last}"
        return Holder(None, None, reason, start.terms + end.terms)
    return start


def office_holder(title: str, country: str, first: date, last: date | None = None) -> Holder:
    """Who held the office a text's `title` names in `country` from `first` to `last` (one
    day by default; a call dated only to a month or a year spans it), or why nobody is
    known: the one holder over the whole span, else a reason, never a guess."""
    role, key = _office_title(title, country)
    if role is None:
        return Holder(None, None, f"office not covered: {title!r}", ())
    office = _by_office().get((country, role), ())
    if key in LOCAL_TITLES and office and not _local_title_fits(key, office):
        return Holder(None, None, f"office not covered: {title!r} of {country}", ())
    return _holder_over(country, role, first, last)


def _may_hold_within(t: Term, first: date, last: date) -> bool:
    """The term may overlap the days `first` to `last` (imprecise dates read widely; a term
    with no start, or open at its source's date, may always)."""
    if not t.start:
        return True
    if _bounds(t.start)[0] > last:
        return False
    return not t.end or _bounds(t.end)[1] >= first


def title_conflict(
    title: str, qid: str, country: str, first: date, last: date | None = None
) -> str | None:
    """Why the table contradicts a text that gives the person `qid` the office `title` in
    `country` from `first` to `last` ("President" Erdoğan in 2012, when he was Prime
    Minister), or None when it does not.

    Only a sure answer counts: the office must have one certain holder all through the span
    who is someone else, and none of the person's own terms in that office may overlap it
    (not even one dated only to its year). An office or a date the table does not cover, a
    title the table does not map to an office, "former" or "new" before it: no conflict.
    """
    last = last or first
    found = office_holder(title, country, first, last)
    if found.person is None or found.person == qid:
        return None
    role, key = _office_title(title, country)
    own = terms_of(qid)
    then = tuple(t for t in own if t.country == country and _may_hold_within(t, first, last))
    # The office the text names, or one the table calls by the same title (Iran's President
    # heads its government, not its state).
    if any(t.role == role for t in then) or _local_title_fits(key, then):
        return None
    span = str(first) if last == first else f"{first} to {last}"
    held = sorted({f"{t.title} ({t.country})" for t in own
                   if covers(t, first) == HOLDS and covers(t, last) == HOLDS})
    name = own[0].name if own else qid
    then = f"; {name} was {', '.join(held)}" if held else ""
    return (f"title {title!r} contradicts the office table on {span}: {found.name} "
            f"({found.qid or 'no QID'}) held {role} of {country}{then}")


@cache
def _first_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for t in terms():
        out.setdefault(person_key(t), t.name)
    return out


def table_name(qid: str) -> str | None:
    """The table's one name for the person `qid` (its first row's, a monarch's without the
    realm: "Abdullah II of Jordan" -> "Abdullah II"), whatever the spelling a text used, or
    None for a QID the table does not hold."""
    name = _first_names().get(qid)
    return name.partition(" of ")[0] if name else None


def misspelt_holder(
    name: str, *, titles: tuple[str, ...], country: str, day: date
) -> Person | None:
    """The holder of the office `titles` name in `country` on `day` when `name` is that
    holder's name with the surname misspelt ("Defence Secretary Vostak" for a holder
    Vostok: a machine translation, a typo), else None.

    Only a sure holder of an office the table covers, a surname close to theirs and starting
    alike (`names.spelling_variant`), any given name the text adds agreeing with theirs, and
    a name that is no other person's of the table (a name or a surname it holds exactly is
    that person's, not a misspelling).
    """
    tokens = name_tokens(name)
    if not tokens or _key(name) in _names() or tokens[-1] in _by_surname():
        return None
    found = {h.person: h for h in (office_holder(t, country, day) for t in titles) if h.person}
    if len(found) != 1:
        return None
    ((person, held),) = found.items()
    surname, given = tokens[-1], tokens[:-1]
    for t in terms_of(person):
        for n in (t.name, *t.aliases):
            own = name_tokens(n.partition(" of ")[0])
            if len(own) < 2 or not spelling_variant(surname, own[-1]):
                continue
            if all(any(same_given(g, o) for o in own[:-1]) for g in given):
                return Person(held.qid, table_name(person) or held.name or n, country)
    return None


def office_role(title: str, country: str) -> str | None:
    """The role of the table a text's `title` names in `country` ("US Defense Secretary" ->
    defence_minister), or None for a title that names none ("former President", "envoy")."""
    return _office_title(title, country)[0]
