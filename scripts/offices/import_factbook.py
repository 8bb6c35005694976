"""Extract terms of heads of state and government, with the day each began, from the git
history of factbook/factbook.json (the CIA World Factbook as JSON, CC0 1.0).

    python scripts/offices/import_factbook.py FACTBOOK_GIT_DIR [-o OUT.csv] [--since DATE]
        [--table offices.tsv] [--countries GBR,DEU]

FACTBOOK_GIT_DIR is a clone (a bare one will do) of https://github.com/factbook/factbook.json;
nothing is downloaded here. Every state's entry is read (`country_codes`: its ISO alpha-3 code
is what the package's lexicon reads its own conventional names as; dependencies, regions and
oceans are none). Each country's file (`europe/uk.json`, named by its GEC code) has,
under Government -> Executive branch, the texts "chief of state" and "head of government":
"Prime Minister Keir STARMER (since 5 July 2024)", surnames in capitals, often with deputies,
heirs and notes after the holder. Every data commit from --since on (~weekly) is read; the
first holder each field names, with the date after "since", is a claim seen on that commit's
day, and the claims of one office become its terms (`terms_from_claims`). The output
(`snapshots/factbook-executive.csv`, one row per term) is what import_snapshots.py adds to the
table.
"""

from __future__ import annotations

import argparse
import csv
import html
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import orjson
from anyascii import anyascii
from rapidfuzz import fuzz

from newsevents.kb.refresh import FACTBOOK_SOURCE, HEAD_OF_GOVERNMENT, HEAD_OF_STATE, role_of
from newsevents.lexicon import lexicon

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = HERE / "snapshots" / "factbook-executive.csv"
DEFAULT_TABLE = ROOT / "src" / "newsevents" / "data" / "offices.tsv"
COLUMNS = ("iso3", "role", "title", "name_as_written", "name", "also_spelled", "since", "end",
           "first_seen", "last_seen", "commit")

FIELDS = {"chief of state": HEAD_OF_STATE, "head of government": HEAD_OF_GOVERNMENT}

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}
_MONTHS |= {m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9}
_DATE = r"(?:(\d{1,2})\s+)?([A-Z][a-z]{2,8})\.?,?\s+(\d{4})"
_DATE_RE = re.compile(_DATE)
# The words before a date that say when the holder took office, by field where a text gives
# both ("chief of state since 28 August 2014; head of government since 9 July 2018").
_STARTED = re.compile(r"(?:(chief of state|head of government)\s+)?"
                      r"(?:in office\s+)?(since|sworn in(?: on)?|assumed office(?: on)?|"
                      r"inaugurated(?: on)?)\s+" + _DATE)
_NOT_YET = re.compile(r"\belect\b|designate|assumes office", re.I)
_NOT_HOLDER = re.compile(r"\b(vice|deputy|heir|governor)\b", re.I)
_ALSO = re.compile(r"[,;]?\s*also spelled ([^;()]+?)(?=\s*[;(]|$)")
_ALSO_ASIDE = re.compile(r"\s*\(also spelled ([^()]+)\)")
_QUALIFIER = re.compile(r"^(?:(?:acting|interim|caretaker|overall)\s+)+", re.I)

# Ranks and honorifics before a name: the office's words, not the name's ("Col. Mamady
# DOUMBOUYA", "Sr. Gen. MIN AUNG HLAING", "Sir HASSANAL Bolkiah"); not "Sheikh", which is
# at times a name ("Sheikh HASINA").
_RANKS = frozenset("dr sir gen col lt capt maj brig sr adm cdr".split())
# Words of an office, not of a name: where a title ends and a name begins.
_TITLE_WORDS = frozenset("""
president prime minister premier chancellor taoiseach king queen emperor empress amir emir
sultan grand duke supreme leader taliban overall interim caretaker acting crown prince princess
co-vice vice deputy first second executive federal government council ministers monarch
governor general chief state head foreign interior defense defence affairs and of the for
republic presidency confederation chair chairman chairperson co-prince pope transition
transitional
""".split()) | _RANKS
_PARTICLES = frozenset(
    "bin bint ibn ibni al el da de del der van von dos das do di du le la".split())
_ROMAN = re.compile(r"^[IVX]+$")
_TOKEN = re.compile(r'"[^"]*"|\([^()]*\)?|[^\s"()]+')


@dataclass(frozen=True)
class Claim:
    """What one version of one field says: its first holder, and when they took office."""

    title: str  # as written, "" when the text gives none
    name: str  # as written
    since: str  # ISO date at the text's precision, "" when not given
    aliases: tuple[str, ...] = ()  # "also spelled ..."


@dataclass(frozen=True)
class Seen:
    """A claim seen on a commit's day."""

    day: str
    commit: str
    claim: Claim


@dataclass
class FbTerm:
    """One term of office built from the claims of one office."""

    claims: list[Seen]
    start: str
    end: str = ""

    @property
    def first_seen(self) -> str:
        return min(s.day for s in self.claims)

    @property
    def last(self) -> Seen:
        return max(self.claims, key=lambda s: s.day)


@dataclass(frozen=True)
class Row:
    """One row of factbook-executive.csv."""

    iso3: str
    role: str
    title: str
    name_as_written: str
    name: str
    since: str
    end: str
    first_seen: str
    last_seen: str
    commit: str
    aliases: tuple[str, ...] = ()

    @property
    def also_spelled(self) -> str:
        return "|".join(self.aliases)


def clean_text(text: str) -> str:
    """The field's text without HTML markup, entities or runs of spaces."""
    text = re.sub(r"<br\s*/?>|</p>", "; ", text, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\xa0", " ")
    return " ".join(text.split())


def _iso(day: str | None, month: str, year: str) -> str | None:
    m = _MONTHS.get(month.lower())
    if m is None:
        return None
    return f"{year}-{m:02d}-{int(day):02d}" if day else f"{year}-{m:02d}"


def _segments(text: str) -> Iterator[str]:
    """The ';'-separated parts of a field outside parentheses, up to its first note."""
    depth, start = 0, 0
    parts = []
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == ";" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    for part in parts:
        part = part.strip(" ,")
        if re.match(r"note\b|notification statement", part, re.I):
            if part.lower().startswith("note"):
                return
            continue
        if part:
            yield part


def _is_caps(tok: str) -> bool:
    """A word the Factbook writes in capitals, or with a part in capitals ("al-SUDANI")."""
    for part in tok.strip(",.").split("-"):
        letters = [c for c in part if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True
    return False


def _name_token(tok: str) -> bool:
    if tok.startswith('"'):
        return True  # a nickname: Joko "Jokowi" WIDODO
    if tok.startswith("("):
        return False
    word = tok.rstrip(",.")
    low = word.lower()
    if low.endswith(("-designate", "-elect")):
        return False
    if _is_caps(word) or _ROMAN.match(word) or re.fullmatch(r"[A-Z]\.", tok):
        return True
    if low in _PARTICLES or re.fullmatch(r"(al|el|bin)-\w+", low):
        return True
    return word[:1].isupper() and low not in _TITLE_WORDS


def _acronym(tokens: list[str], i: int) -> bool:
    """The word in capitals at `i` names a body before its office, not a holder: "GNU
    Interim Prime Minister Abd-al-Hamid DUBAYBAH"."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    return bool(re.fullmatch(r"[A-Z]{2,5}", tokens[i])) and nxt[:1].isupper() \
        and nxt.lower() in _TITLE_WORDS - {"and", "of", "the", "for"}


def _started(paren: str, role: str) -> tuple[str, str] | None:
    """The start date a parenthesis gives for the field's `role`, with the words before it."""
    found = list(_STARTED.finditer(paren))
    if not found:
        m = re.fullmatch(r"\(\s*" + _DATE + r"\s*\)?", paren)
        return (_iso(*m.groups()) or "", "") if m else None
    want = "chief of state" if role == HEAD_OF_STATE else "head of government"
    m = next((f for f in found if f.group(1) == want), found[0])
    return _iso(*m.groups()[2:]) or "", paren[1:m.start()].strip()


def parse_holder(text: str, role: str) -> Claim | None:
    """The first holder a "chief of state" or "head of government" text names, or None.

    A part that names a deputy, an heir or a president-elect, or that is no holder's entry
    ("on 13 November, President X tasked Y with forming a government"), names nobody.
    """
    text = clean_text(text)
    # "SONEXAY (also spelled SONXAI) Siphandon": one name once the aside is out.
    inside = _ALSO_ASIDE.findall(text)
    text = _ALSO_ASIDE.sub("", text)
    aliases = tuple(a.strip(" ,.") for a in (*inside, *_ALSO.findall(text)))
    for seg in _segments(_ALSO.sub("", text)):
        if re.match(r"\(?\s*(\w+\s+){0,2}\(?vacant\b", seg, re.I):
            got = next((g for g in (_started(p, role) for p in re.findall(r"\([^()]*\)", seg))
                        if g), None)
            return Claim("", "", got[0] if got else "")  # nobody holds the office
        tokens = _TOKEN.findall(seg)
        anchor = next((i for i, t in enumerate(tokens) if _is_caps(t) and _name_token(t)
                       and not t.startswith('"') and not _acronym(tokens, i)), None)
        if anchor is None:
            continue
        lo = anchor
        while lo > 0 and _name_token(tokens[lo - 1]) and not tokens[lo - 1].endswith(","):
            lo -= 1
        hi = anchor + 1
        # Rightwards a name may hold office words: "Sultan IBRAHIM ibni al-Marhum Sultan Iskandar".
        while hi < len(tokens) and (_name_token(tokens[hi]) or tokens[hi][:1].isupper()
                                    and not tokens[hi].startswith("(")) \
                and not tokens[hi - 1].endswith(","):
            hi += 1
        # A body's initials before the office are an aside: "Interim Prime Minister (GNU)".
        title_words = [f"({w})" if _acronym(tokens, i) else w for i, w in enumerate(tokens[:lo])]
        if any(not (w[:1].isupper() or w.lower() in _TITLE_WORDS or w.startswith("("))
               for w in title_words):
            return None
        title = " ".join(w for w in title_words
                         if not w.startswith("(") and w.rstrip(".,").lower() not in _RANKS)
        if _NOT_YET.search(" ".join(title_words)) or _NOT_YET.search(seg[:200]) and not title:
            return None
        name_tokens = [t.rstrip(",") for t in tokens[lo:hi]]
        # The date must follow the name, past asides: "(Labor)", "Jr.", "- previously first
        # vice president", a few small words; "X became Acting President on 14 December
        # 2024 after ... (inaugurated ...)" gives none.
        since, inner = "", ""
        rest = tokens[hi:]
        aside, loose = False, 0
        for tok in rest:
            if tok.startswith("("):
                got = _started(tok, role)
                if got is not None:
                    since, inner = got
                    break
            elif tok in {"-", "–"}:
                aside = True
            elif tok.islower() and loose < 5:
                loose += 1  # "Yair LAPID serving as caretaker (since 1 July 2022)"
            elif not (aside or re.fullmatch(r"[JS]r\.?,?", tok)):
                break
        if _NOT_YET.search(inner):
            return None
        if not title and inner and inner[:1].isupper():
            title = inner  # "LEE Ju Ho (Acting President and Prime Minister since ...)"
        asides = [t[1:].rstrip(")") for t in title_words if t.startswith("(")]
        if _NOT_HOLDER.search(title) and _office_part(title, role, "XXX") is None:
            continue
        name = " ".join(t for t in name_tokens if not t.startswith('"'))
        claim = Claim(" ".join([title, *(f"({a})" for a in asides)]).strip(), name, since,
                      aliases)
        return claim
    return None


def _office_part(title: str, role: str, iso3: str) -> str | None:
    """The part of a holder's title that names the field's office, by role_of:
    "Sultan and Prime Minister" -> "Sultan" (chief of state) or "Prime Minister"."""
    bare = re.sub(r"\([^)]*\)?", " ", title)
    parts = [p.strip() for p in re.split(r"\band\b|,", bare) if p.strip()]
    parts += [p.replace("-equivalent", "").strip()
              for p in re.findall(r"\(([^)]*)\)", title)]
    for part in parts:
        words = part.split()
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k])
            if role_of(iso3, _QUALIFIER.sub("", cand)) == role:
                qual = _QUALIFIER.match(cand)
                office = _QUALIFIER.sub("", cand)
                if office.islower():  # "(prime minister-equivalent)"
                    office = office.title()
                return (qual.group(0).strip().title() + " " + office) if qual else office
    return None


def office_title(claim: Claim, role: str, iso3: str, table_titles: set[str]) -> str | None:
    """The table title of a claim's office, or None when the claim is not of that office.

    A "head of government" field that names the President belongs to the office only where
    the table's own heads of government are presidents (Argentina, not South Korea).
    """
    if not claim.title:
        return ""  # a vacancy, or a holder named without a title
    part = _office_part(claim.title, role, iso3)
    if part is not None:
        return part
    other = HEAD_OF_GOVERNMENT if role == HEAD_OF_STATE else HEAD_OF_STATE
    bare = _QUALIFIER.sub("", re.sub(r"\s*\([^)]*\)?", "", claim.title)).strip()
    if role == HEAD_OF_GOVERNMENT:
        return bare if bare.lower() in table_titles else None
    return None if _office_part(claim.title, other, iso3) is not None else bare


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", anyascii(name).lower())


def same_holder(a: Claim, b: Claim) -> bool:
    """Two claims of one office name one person: nearly the same letters ("Benyamin",
    "Benjamin"), or, with the same start, a looser likeness ("Raman HALOWCHENKA", "Roman
    GOLOVCHENKO"). Surnames alone do not tell ("LI Keqiang", "LI Qiang"; "KHALIFA bin Zayid
    Al Nuhayyan", "MUHAMMAD BIN ZAYID Al Nuhayyan"); a name written shorter is one person
    when its first word is the other's and each of its words is close to one of the other's
    ("Russell DLAMINI", "Russell Mmiso DLAMINI"; "Bola TINBU", "Bola Ahmed Adekunle TINUBU")."""
    for x in (a.name, *a.aliases):
        for y in (b.name, *b.aliases):
            score = fuzz.ratio(_key(x), _key(y))
            if score >= 90 or (a.since and a.since == b.since and score >= 65) \
                    or _shorter_form(x, y):
                return True
    return False


def _shorter_form(x: str, y: str) -> bool:
    short, long = sorted(([w for w in map(_key, x.split()) if len(w) > 1],
                          [w for w in map(_key, y.split()) if len(w) > 1]), key=len)
    return len(short) >= 2 and short[0] == long[0] and all(
        max(fuzz.ratio(w, v) for v in long) >= 85 for w in short[1:])


def _lower(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(*parts[:3])


def _upper(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        nxt = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - timedelta(days=1)
    return date(parts[0], 12, 31)


def _common(lo: str, hi: str) -> str:
    """The most precise partial date both days fall in ("2025-05" for 2025-05-08 and -15)."""
    if lo[:7] == hi[:7]:
        return hi[:7]
    return hi[:4] if lo[:4] == hi[:4] else ""


# A term known to have begun on an earlier date stays that long only where nobody else was
# seen in office more than this long after that date (the Factbook is often weeks late).
LAG = timedelta(days=60)


def terms_from_claims(seen: list[Seen]) -> list[FbTerm]:
    """The terms of one office from its claims, in time order.

    Later versions correct earlier ones: walking back from the newest, a claim of the holder
    already known may move the term's start earlier; another person's claim starts an
    earlier term only if it began before the known one (else the later versions dropped it,
    as a premature "since" on election day). A "since" on or before the start of someone seen
    in office earlier (a typo, a year off) is unknown: the term began between the last day
    the predecessor was seen and the first day it was. A term ends when the next begins.
    """
    seen = sorted(seen, key=lambda s: s.day)
    checked: list[Seen] = []
    for i, s in enumerate(seen):
        c = s.claim
        if c.since:
            # Seen in office before someone else was: a return, or a correction undone.
            known = next(j for j, p in enumerate(seen) if same_holder(p.claim, c))
            too_early = _lower(c.since) > _lower(s.day) or any(
                p.claim.since and _lower(c.since) <= _lower(p.claim.since)
                and not same_holder(p.claim, c) and j < known
                for j, p in enumerate(seen[:i]))
            if too_early:
                c = replace(c, since="")
        checked.append(replace(s, claim=c))
    terms: list[FbTerm] = []  # newest first
    for s in reversed(checked):
        c = s.claim
        if not terms:
            terms.append(FbTerm([s], c.since))
            continue
        e = terms[-1]
        if same_holder(c, e.last.claim):
            if c.since and (not e.start or _upper(c.since) < _lower(e.start)):
                others = [p for p in checked if not same_holder(p.claim, c)
                          and _lower(c.since) + LAG < _lower(p.day) < _lower(e.first_seen)]
                if not others:
                    e.start = c.since
            e.claims.append(s)
            continue
        if c.since and e.start and _lower(c.since) < _lower(e.start):
            terms.append(FbTerm([s], c.since, end=e.start))
        elif not c.since and e.start:
            terms.append(FbTerm([s], "", end=e.start))  # began after the last one was seen
        elif not e.start and not any(same_holder(c, t.last.claim) for t in terms):
            terms.append(FbTerm([s], c.since))
    terms.reverse()
    for prev, t in zip(terms, terms[1:], strict=False):
        if not t.start:
            t.start = _common(prev.last.day, t.first_seen)
        prev.end = prev.end or t.start
    return [t for t in terms if t.start and t.last.claim.name]


def normal_case(name: str) -> str:
    """A name with the Factbook's capitals undone: "Keir STARMER" -> "Keir Starmer"."""
    out = []
    for i, tok in enumerate(name.split()):
        if i and _ROMAN.match(tok) or not _is_caps(tok):
            out.append(tok)
            continue
        low = tok.lower()
        if i and low in _PARTICLES:
            out.append(low)
            continue
        out.append("-".join(p[:1].upper() + p[1:] for p in low.split("-")))
    return " ".join(out)


def rows_of_office(iso3: str, role: str, seen: list[Seen], table_titles: set[str]) -> list[Row]:
    """The CSV rows of one office from what its field said on each data commit."""
    kept = []
    for s in seen:
        if not s.claim.name and role == HEAD_OF_GOVERNMENT:
            continue  # a government "vacant" after a resignation is still run by its head
        title = office_title(s.claim, role, iso3, table_titles)
        if title is not None:
            kept.append(replace(s, claim=replace(s.claim, title=title)))
    rows = []
    for t in terms_from_claims(kept):
        last = t.last
        titled = [s for s in sorted(t.claims, key=lambda s: s.day) if s.claim.title]
        title = titled[-1].claim.title if titled else ""
        name = normal_case(last.claim.name)
        # Other spellings the term was written with ("Gulub DONEV", "also spelled SRETTHA").
        aliases = tuple(sorted({normal_case(a) for s in t.claims
                                for a in (s.claim.name, *s.claim.aliases)} - {name}))
        rows.append(Row(iso3, role, title, last.claim.name, name,
                        t.start, t.end, t.first_seen, last.day, last.commit, aliases))
    # A term without a title takes its office's neighbours' ("Sebastien LECORNU (since ...)").
    titles = [r.title for r in rows if r.title]
    fallback = max(set(titles), key=titles.count) if titles else ""
    return [r if r.title else replace(r, title=fallback) for r in rows]


class Git:
    """Reads a git directory with the git command line (one cat-file process for blobs)."""

    def __init__(self, git_dir: Path) -> None:
        self.git_dir = git_dir
        self._cat = subprocess.Popen(["git", f"--git-dir={git_dir}", "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, *args: str) -> str:
        return subprocess.run(["git", f"--git-dir={self.git_dir}", *args], capture_output=True,
                              text=True, check=True).stdout

    def blob(self, sha: str) -> bytes:
        assert self._cat.stdin and self._cat.stdout
        self._cat.stdin.write(sha.encode() + b"\n")
        self._cat.stdin.flush()
        size = int(self._cat.stdout.readline().split()[2])
        data = self._cat.stdout.read(size)
        self._cat.stdout.read(1)
        return data

    def close(self) -> None:
        if self._cat.stdin:
            self._cat.stdin.close()
        self._cat.wait()


def versions(git: Git, codes: dict[str, str], since: str) -> dict[str, list[tuple[str, str, str]]]:
    """(day, short commit, blob) of each country's file on every data commit from `since`:
    commits that changed no covered file (moves, README edits) are not data."""
    wanted = {g: iso for iso, g in codes.items()}
    out: dict[str, list[tuple[str, str, str]]] = {}
    last: dict[str, str] = {}
    log = git.run("log", "--first-parent", "--reverse", "--format=%H %cs", f"--since={since}")
    for line in log.splitlines():
        sha, day = line.split()
        blobs: dict[str, str] = {}
        for entry in sorted(git.run("ls-tree", "-r", sha).splitlines(), key=lambda e: e[53:]):
            meta, path = entry.split("\t", 1)
            gec = path.rsplit("/", 1)[-1].removesuffix(".json")
            if path.endswith(".json") and gec in wanted:
                blobs.setdefault(wanted[gec], meta.split()[2])
        if blobs == last:
            continue
        last = blobs
        for iso3, blob in blobs.items():
            out.setdefault(iso3, []).append((day, sha[:8], blob))
    return out


def _executive(data: bytes) -> dict[str, str]:
    branch = orjson.loads(data).get("Government", {}).get("Executive branch", {})
    out = {}
    for name in FIELDS:
        v = branch.get(name)
        text = v.get("text") if isinstance(v, dict) else v
        if isinstance(text, str):
            out[name] = text
    return out


def _text(value: object) -> str:
    text = value.get("text") if isinstance(value, dict) else value
    return text if isinstance(text, str) else ""


def _country_name(text: str) -> str:
    """A "Country name" form without markup, notes or asides ("Holy See (Vatican City)" ->
    "Holy See"), "" for "none"."""
    text = re.sub(r"\s*\([^)]*\)", "", clean_text(text).split(";")[0]).strip()
    return "" if text.lower() == "none" else text


def country_code(data: dict) -> str | None:
    """The ISO 3166 alpha-3 code of a Factbook entry that is a state, or None.

    A state's entry has a chief of state and no "Dependency status" (which territories,
    crown dependencies and special administrative regions have); regions, oceans, the EU
    and the world have neither name nor chief. The code is what the project's lexicon
    (countryinfo's names and the package's aliases) reads the entry's conventional names
    as; the long form wins where the two disagree: the short form "The Dominican" reads as
    Dominica, the long "Dominican Republic" as itself.
    """
    gov = data.get("Government")
    if not isinstance(gov, dict) or "Dependency status" in gov:
        return None
    branch = gov.get("Executive branch")
    if not isinstance(branch, dict) or not _text(branch.get("chief of state")).strip():
        return None
    names = gov.get("Country name")
    if not isinstance(names, dict):
        return None
    for form in ("conventional long form", "conventional short form"):
        name = _country_name(_text(names.get(form)))
        code = lexicon().country(name) if name else None
        if code:
            return code
    return None


def country_codes(git: Git, commit: str = "HEAD") -> dict[str, str]:
    """ISO alpha-3 -> GEC code of every state's entry at `commit` (`country_code`).

    A code two entries read as (a name the lexicon takes for another country's) is
    nobody's: their files are left out rather than guessed."""
    found: dict[str, list[str]] = {}
    for entry in git.run("ls-tree", "-r", commit).splitlines():
        meta, path = entry.split("\t", 1)
        if path.count("/") != 1 or not path.endswith(".json"):
            continue
        try:
            data = orjson.loads(git.blob(meta.split()[2]))
        except orjson.JSONDecodeError:
            continue
        code = country_code(data) if isinstance(data, dict) else None
        if code:
            found.setdefault(code, []).append(path.rsplit("/", 1)[-1].removesuffix(".json"))
    for code, gecs in sorted(found.items()):
        if len(gecs) > 1:
            print(f"{code}: {', '.join(sorted(gecs))} all read as it; left out", file=sys.stderr)
    return {code: gecs[0] for code, gecs in sorted(found.items()) if len(gecs) == 1}


def extract(git_dir: Path, codes: dict[str, str], since: str,
            table_titles: dict[str, set[str]]) -> list[Row]:
    """Every term of the covered offices that the history from `since` shows."""
    git = Git(git_dir)
    try:
        found = versions(git, codes, since)
        parsed: dict[tuple[str, str], Claim | None] = {}
        rows: list[Row] = []
        for iso3, vs in sorted(found.items()):
            for fname, role in FIELDS.items():
                seen = []
                for day, sha, blob in vs:
                    if (blob, fname) not in parsed:
                        text = _executive(git.blob(blob)).get(fname, "")
                        parsed[blob, fname] = parse_holder(text, role) if text else None
                    claim = parsed[blob, fname]
                    if claim is not None:
                        seen.append(Seen(day, sha, claim))
                rows += rows_of_office(iso3, role, seen, table_titles.get(iso3, set()))
        return rows
    finally:
        git.close()


def write_rows(rows: Iterable[Row], out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([getattr(r, c) for c in COLUMNS])
            n += 1
    return n


def _hog_titles(table: Path) -> dict[str, set[str]]:
    """Each country of the table, with the titles (lower case) its other sources give the
    head of government there; the Factbook's own rows do not count."""
    out: dict[str, set[str]] = {}
    with table.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            titles = out.setdefault(r["country"], set())
            if r["role"] == HEAD_OF_GOVERNMENT and not r["source"].startswith(FACTBOOK_SOURCE):
                titles.add(re.sub(r"\s+of\s+(the\s+)?[A-Z].*$", "", r["title"]).lower())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--since", default="2022-01-01", help="first commit day (YYYY-MM-DD)")
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE,
                        help="the table whose countries are read (and its own titles)")
    parser.add_argument("--countries", help="comma-separated ISO alpha-3 codes (default: every "
                        "state's entry)")
    args = parser.parse_args(argv)
    titles = _hog_titles(args.table)
    git = Git(args.git_dir)
    try:
        states = country_codes(git)
    finally:
        git.close()
    wanted = set(args.countries.split(",")) if args.countries else set(states)
    codes = {iso: states[iso] for iso in sorted(wanted) if iso in states}
    # The table's own countries the Factbook has no state's entry for (the West Bank's has
    # no executive branch), or none the lexicon reads.
    missing = sorted((wanted if args.countries else set(titles)) - set(states) - {"org"})
    if missing:
        print(f"no Factbook entry read as {', '.join(missing)}", file=sys.stderr)
    rows = extract(args.git_dir, codes, args.since, titles)
    n = write_rows(rows, args.output)
    print(f"{n} terms -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
