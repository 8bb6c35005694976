"""Score held calls in an extract output directory against a gold file (the pinned scorer).

Gold files hold one object per document (`doc_id`, `events[]` with `parties`,
`party_countries`, `date`, `mode`, `initiated_by`, `evidence`, and optionally `implicit` or
`multilateral`). Documents are matched by file stem, calls one to one by their party sets.

The matching rules are deliberately strict and pinned by tests/test_evaluate.py, so a score
can only rise because the extractor got better, not because the scorer got looser:

- two names match at surname level, tolerant of transliteration ("Zelensky" = "Zelenskyy",
  "al-Sharaa" = "Ahmad al-Sharaa"), never across different surnames;
- a party without a name matches a gold party of the same country only when the gold
  person's surname occurs nowhere in the document (the text really gives only an office);
- a party with only an `org` matches a gold group or body whose name contains it ("G20");
- calls match only when every party matches one to one (a two-party call never matches a
  three-party gold call).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import orjson
from anyascii import anyascii
from pydantic import ValidationError
from rapidfuzz import fuzz

from newsevents.errors import NewsEventsError, UsageError
from newsevents.io.published import reading_published
from newsevents.records import EVENT_ADAPTER, CallEvent, Party

if TYPE_CHECKING:
    from rich.console import Console

# Lower-case particles and prefixes that are not a surname on their own.
NAME_PARTICLES = frozenset(
    {
        "al", "el", "ad", "ar", "as", "an", "ash", "at", "az",
        "bin", "ibn", "bint", "ben",
        "de", "da", "di", "del", "della", "der", "den", "des", "do", "dos", "das", "du",
        "la", "le", "van", "von", "ter", "ten",
        "jr", "sr", "ii", "iii",
    }
)  # fmt: skip
# Arabic article glued to the name by a hyphen: "al-Sharaa", "el-Sisi", "ash-Shara".
_ARTICLE_PREFIX = re.compile(r"\b(?:al|el|ad|ar|as|an|ash|at|az)-(?=[a-z])")
_APOSTROPHES = re.compile(r"['`\u2018\u2019\u02bc]")
_TOKEN = re.compile(r"[a-z0-9]+")
_VOWELS = re.compile(r"[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")
_EDGE_PUNCT = "\"'()[]{}<>,.;:!?*_"
_POSSESSIVE = re.compile(r"'s$", re.IGNORECASE)
# Words of an organisation's full name left out of its acronym.
_ACRONYM_STOP = frozenset({"of", "the", "and", "for", "on", "de", "des", "du", "la", "le"})

FUZZY_MIN_RATIO = 85.0  # rapidfuzz ratio for two surname tokens to count as one spelling
FUZZY_MIN_LEN = 4  # shorter tokens ("Xi", "Kim", "Li") must be equal
CONFIDENCE_BANDS: tuple[tuple[float, float], ...] = (
    (0.0, 0.5),
    (0.5, 0.7),
    (0.7, 0.85),
    (0.85, 1.0),
)
# Pairing weights: any real match outweighs every tie-break, so the matching has maximum
# cardinality first and, among those, the pairs that agree best.
_MATCH_WEIGHT = 1000.0


# --------------------------------------------------------------------------------------------
# names
#
# The scorer has its own name matcher on purpose, separate from `newsevents.names` (the one
# the extractor clusters, reconciles and merges with): a score must not move because the
# extractor's matcher changed. These rules are pinned by tests/test_evaluate.py; change them
# only with the gold files' owners, never to raise a score.


def name_tokens(name: str) -> list[str]:
    """ASCII, lower-case tokens of a name without particles ("Ahmed al-Sharaa" -> ahmed, sharaa).

    Hyphens inside a name join its parts ("Jae-in" -> "jaein") so that the given name of a
    Korean name stays one token.
    """
    text = _APOSTROPHES.sub("", anyascii(name).lower())
    text = _ARTICLE_PREFIX.sub("", text).replace("-", "")
    tokens = _TOKEN.findall(text)
    kept = [t for t in tokens if t not in NAME_PARTICLES]
    return kept or tokens


def _skeleton(token: str) -> str:
    # Qaf is written q or k: Tariq/Tarik, Qassem/Kassem.
    return _REPEATS.sub(r"\1", _VOWELS.sub("", token.replace("q", "k")))


def tokens_match(a: str, b: str) -> bool:
    """Two name tokens are one spelling: equal, or close (ratio, or same consonants)."""
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LEN:
        return False
    if fuzz.ratio(a, b) >= FUZZY_MIN_RATIO:
        return True
    # Transliterations differ mostly in vowels: Sharaa/Shaara, Shoigu/Shoygu, Mohammed/Muhammad.
    skel_a, skel_b = _skeleton(a), _skeleton(b)
    return skel_a == skel_b and len(skel_a) >= 3 and a[0] == b[0]


def names_match(a: str | None, b: str | None) -> bool:
    """Whether two person names name the same person, at surname level.

    A one-token name matches any token of the other ("Lukashenko", "Xi", "Moon"); two longer
    names match when their surnames (last tokens) match, or when they are the same tokens in
    swapped order ("Jae-in Moon").
    """
    if not a or not b:
        return False
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if len(ta) == 1 or len(tb) == 1:
        short, other = (ta, tb) if len(ta) == 1 else (tb, ta)
        return any(tokens_match(short[0], t) for t in other)
    if tokens_match(ta[-1], tb[-1]):
        return True
    if "".join(ta) == "".join(tb):
        return True  # "Yoon Suk-yeol" and "Yoon Suk Yeol": one name, spaced otherwise
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if all(tokens_match(x, y) for x, y in zip(short, long_, strict=False)):
        # "Mohammed bin Salman" and "Mohammed bin Salman bin Abdulaziz": a patronymic chain
        # written out further.
        return True
    return tokens_match(ta[-1], tb[0]) and tokens_match(ta[0], tb[-1])


def _group_tokens(name: str) -> list[str]:
    return _TOKEN.findall(anyascii(name).lower())


def group_matches(label: str | None, gold_name: str) -> bool:
    """Whether an org or group label ("G20", "EU") names the gold group or body."""
    if not label:
        return False
    tokens, gold = _group_tokens(label), _group_tokens(gold_name)
    if not tokens or not gold:
        return False
    if set(tokens) <= set(gold) or set(gold) <= set(tokens):
        return True
    acronym = "".join(t[0] for t in gold if t not in _ACRONYM_STOP)
    return len(tokens) == 1 and len(acronym) >= 2 and tokens[0] == acronym


def text_tokens(text: str) -> frozenset[str]:
    """The tokens of a document text that can be part of a name, normalised like names.

    Only words with a capital count, and not those next to a number: "may" the verb and "May"
    in "May 2019" do not name Theresa May.
    """
    words = anyascii(text).split()
    tokens: set[str] = set()
    for i, word in enumerate(words):
        core = _POSSESSIVE.sub("", word.strip(_EDGE_PUNCT))
        if not any(c.isupper() for c in core):  # "al-Sharaa" counts, "may" does not
            continue
        neighbours = (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else "")
        if any(n.strip(_EDGE_PUNCT).isdigit() for n in neighbours):
            continue
        tokens.update(name_tokens(core))
    return frozenset(tokens)


def surname_in_text(name: str, tokens: frozenset[str]) -> bool:
    """Whether the text, given as its `text_tokens`, names the person `name`.

    The surname (last token, in any close spelling) counts, and so does the first token of a
    longer name, which is the surname in Chinese and Korean order ("Moon Jae-in").
    """
    parts = name_tokens(name)
    if not parts:
        return False
    surname = parts[-1]
    if surname in tokens or (len(parts) > 1 and parts[0] in tokens):
        return True
    return any(tokens_match(surname, t) for t in tokens if abs(len(t) - len(surname)) <= 3)


# --------------------------------------------------------------------------------------------
# gold and predictions


@dataclass(frozen=True, slots=True)
class GoldCall:
    """One gold call of one document."""

    doc: str
    parties: tuple[str, ...]
    countries: tuple[str | None, ...]
    date: str | None
    mode: str | None
    initiated_by: str | None
    evidence: str
    optional: bool
    status: str = "held"


@dataclass(slots=True)
class _DocText:
    """A document's text as name tokens; None when the source file could not be read."""

    tokens: frozenset[str] | None


def party_label(party: Party) -> str:
    """A short display form of a predicted party."""
    if party.name:
        return party.name
    if party.org:
        return party.org
    return f"({party.title or 'unnamed'}, {party.country or '?'})"


def _party_matches(pred: Party, gold_name: str, gold_country: str | None, doc: _DocText) -> bool:
    if gold_country is None:  # a group or international body: "G20 leaders", "European Union"
        if group_matches(pred.org, gold_name) or group_matches(pred.name, gold_name):
            return True
        # or a person of no country (the head of a body): named as the gold names them
        return bool(pred.name) and names_match(pred.name, gold_name)
    if pred.name:
        return names_match(pred.name, gold_name)
    if pred.org or pred.country != gold_country or doc.tokens is None:
        return False
    # Known only by office: right only when the text itself never names the person.
    return not surname_in_text(gold_name, doc.tokens)


def party_assignment(pred: CallEvent, gold: GoldCall, doc: _DocText) -> tuple[int, ...] | None:
    """The gold party index of each predicted party, or None when the sets do not match."""
    n = len(pred.parties)
    if n != len(gold.parties):
        return None
    ok = [
        [_party_matches(p, gold.parties[j], gold.countries[j], doc) for j in range(n)]
        for p in pred.parties
    ]
    if not all(any(row) for row in ok):
        return None
    # Among the one-to-one pairings, prefer the one that agrees on countries.
    weights = [
        [
            _MATCH_WEIGHT + (pred.parties[i].country == gold.countries[j]) if ok[i][j] else 0.0
            for j in range(n)
        ]
        for i in range(n)
    ]
    pairs = max_weight_pairs(weights)
    if len(pairs) != n:
        return None
    return tuple(j for _, j in pairs)


def max_weight_pairs(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Rows paired with columns to maximise the summed weight (Hungarian method).

    Pairs of weight <= 0 are left out: they are "no match".
    """
    n_rows = len(weights)
    n_cols = len(weights[0]) if n_rows else 0
    if not n_rows or not n_cols:
        return []
    n = max(n_rows, n_cols)
    top = max(max(row) for row in weights)
    cost = [
        [top - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)]
        for i in range(n)
    ]
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (n + 1)
    owner = [0] * (n + 1)  # owner[j]: the row (1-based) paired with column j
    way = [0] * (n + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, n + 1):
                if used[j]:
                    continue
                cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                if cur < minv[j]:
                    minv[j], way[j] = cur, j0
                if minv[j] < delta:
                    delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while True:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
            if j0 == 0:
                break
    pairs = []
    for j in range(1, n + 1):
        i = owner[j] - 1
        if i < n_rows and j - 1 < n_cols and weights[i][j - 1] > 0:
            pairs.append((i, j - 1))
    return sorted(pairs)


# --------------------------------------------------------------------------------------------
# the report


@dataclass(slots=True)
class Band:
    """Precision of the predicted held calls whose confidence lies in [low, high)."""

    low: float
    high: float
    tp: int = 0
    fp: int = 0

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.predicted)

    @property
    def label(self) -> str:
        close = "]" if self.high >= 1.0 else ")"
        return f"[{self.low:g}, {self.high:g}{close}"


@dataclass(slots=True)
class Miss:
    doc_id: str
    parties: list[str]
    date: str | None
    evidence: str


@dataclass(slots=True)
class FalseAlarm:
    doc_id: str
    event_id: str
    parties: list[str]
    evidence: str
    rule: str
    confidence: float


@dataclass(slots=True)
class FieldError:
    doc_id: str
    event_id: str
    field: str
    gold: str | None
    predicted: str | None
    evidence: str


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass(slots=True)
class EvalReport:
    """Scores of one output directory against one gold file."""

    gold_path: str
    out_dir: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    optional_matched: int = 0
    gold_required: int = 0
    gold_optional: int = 0
    documents_gold: int = 0
    documents_scored: int = 0
    documents_unscored: int = 0
    date_correct: int = 0
    date_total: int = 0
    country_correct: int = 0
    country_total: int = 0
    medium_correct: int = 0
    medium_total: int = 0
    initiator_correct: int = 0
    initiator_total: int = 0
    invented_initiators: int = 0
    matched_pairs: int = 0
    # Calls the text mentions that did not happen (the gold's `not_held`): planned or denied.
    not_held_tp: int = 0
    not_held_fp: int = 0
    not_held_fn: int = 0
    not_held_status_correct: int = 0
    held_as_not_held: int = 0
    # Gold parties known only by office in their text (the gold names the holder; the surname
    # is nowhere in the document): named right by the output, over all of them (missed calls
    # included). A party the gold keeps as an office ("Leader of X") is not counted.
    office_named: int = 0
    office_total: int = 0
    bands: list[Band] = field(default_factory=lambda: [Band(lo, hi) for lo, hi in CONFIDENCE_BANDS])
    missing_documents: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    false_alarms: list[FalseAlarm] = field(default_factory=list)
    field_errors: list[FieldError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def date_accuracy(self) -> float | None:
        return _ratio(self.date_correct, self.date_total)

    @property
    def country_accuracy(self) -> float | None:
        return _ratio(self.country_correct, self.country_total)

    @property
    def medium_accuracy(self) -> float | None:
        return _ratio(self.medium_correct, self.medium_total)

    @property
    def initiator_accuracy(self) -> float | None:
        return _ratio(self.initiator_correct, self.initiator_total)

    @property
    def invented_initiator_rate(self) -> float | None:
        return _ratio(self.invented_initiators, self.matched_pairs)

    @property
    def office_named_rate(self) -> float | None:
        return _ratio(self.office_named, self.office_total)

    @property
    def not_held_precision(self) -> float | None:
        return _ratio(self.not_held_tp, self.not_held_tp + self.not_held_fp)

    @property
    def not_held_recall(self) -> float | None:
        return _ratio(self.not_held_tp, self.not_held_tp + self.not_held_fn)

    @property
    def status_accuracy(self) -> float | None:
        """Planned vs denied right, over the not-held calls found."""
        return _ratio(self.not_held_status_correct, self.not_held_tp)

    def scores(self) -> dict[str, float | None]:
        """The headline scores by name (None where nothing could be scored)."""
        return {
            "call_precision": self.precision,
            "call_recall": self.recall,
            "call_f1": self.f1,
            "date_accuracy": self.date_accuracy,
            "country_accuracy": self.country_accuracy,
            "medium_accuracy": self.medium_accuracy,
            "initiator_accuracy": self.initiator_accuracy,
            "invented_initiator_rate": self.invented_initiator_rate,
            "not_held_precision": self.not_held_precision,
            "not_held_recall": self.not_held_recall,
            "status_accuracy": self.status_accuracy,
            "office_named_rate": self.office_named_rate,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold_path,
            "output": self.out_dir,
            "scores": self.scores(),
            "counts": {
                "tp": self.tp,
                "fp": self.fp,
                "fn": self.fn,
                "optional_matched": self.optional_matched,
                "gold_required": self.gold_required,
                "gold_optional": self.gold_optional,
                "documents_gold": self.documents_gold,
                "documents_scored": self.documents_scored,
                "documents_unscored": self.documents_unscored,
                "date": [self.date_correct, self.date_total],
                "country": [self.country_correct, self.country_total],
                "medium": [self.medium_correct, self.medium_total],
                "initiator": [self.initiator_correct, self.initiator_total],
                "invented_initiator": [self.invented_initiators, self.matched_pairs],
                "office_named": [self.office_named, self.office_total],
                "not_held": {
                    "tp": self.not_held_tp,
                    "fp": self.not_held_fp,
                    "fn": self.not_held_fn,
                    "status_correct": self.not_held_status_correct,
                    "held_as_not_held": self.held_as_not_held,
                },
            },
            "bands": [
                {
                    "band": b.label,
                    "low": b.low,
                    "high": b.high,
                    "predicted": b.predicted,
                    "tp": b.tp,
                    "fp": b.fp,
                    "precision": b.precision,
                }
                for b in self.bands
            ],  # fmt: skip
            "missing_documents": list(self.missing_documents),
            "misses": [asdict(m) for m in self.misses],
            "false_alarms": [asdict(f) for f in self.false_alarms],
            "field_errors": [asdict(e) for e in self.field_errors],
            "warnings": list(self.warnings),
        }

    def to_json(self) -> bytes:
        return orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2)


# --------------------------------------------------------------------------------------------
# reading


def doc_stem(doc_id: str) -> str:
    """The key gold and output documents are matched on: "sub/dev-001.txt" -> "dev-001"."""
    return PurePosixPath(doc_id.replace("\\", "/")).stem


def read_gold(path: Path) -> dict[str, list[GoldCall]]:
    """Gold calls by document stem."""
    return _read_gold_file(path)[0]


def _read_gold_file(
    path: Path,
) -> tuple[dict[str, list[GoldCall]], dict[str, list[GoldCall]]]:
    """The gold's held calls and its `not_held` calls (mentioned, not happened), by document
    stem, from one reading of the file."""
    if not path.is_file():
        raise UsageError(f"gold file not found: {path} (give a JSONL file with --gold)")
    gold: dict[str, list[GoldCall]] = {}
    not_held: dict[str, list[GoldCall]] = {}
    for lineno, line in enumerate(path.read_bytes().splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise UsageError(f"{path}:{lineno}: not JSON ({exc})") from None
        stem, calls = _gold_document(path, lineno, obj)
        if stem in gold:
            raise UsageError(f"{path}:{lineno}: document {stem!r} appears twice in the gold file")
        gold[stem] = calls
        not_held[stem] = _gold_not_held(f"{path}:{lineno}", stem, obj.get("not_held"))
    return gold, not_held


def _gold_not_held(where: str, stem: str, items: Any) -> list[GoldCall]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise UsageError(f"{where}: not_held: not a list of calls")
    calls = []
    for k, item in enumerate(items):
        if not isinstance(item, dict):
            raise UsageError(f"{where}: not_held.{k}: not an object")
        try:
            calls.append(_gold_call(stem, item, status=str(item.get("status") or "planned")))
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{where}: not_held.{k}.{exc.args[0] if exc.args else exc}") from None
    return calls


def _gold_document(path: Path, lineno: int, obj: Any) -> tuple[str, list[GoldCall]]:
    """One gold line checked field by field: `file:line: field: message` for the first fault."""
    where = f"{path}:{lineno}"
    if not isinstance(obj, dict):
        raise UsageError(f"{where}: not a gold document (a JSON object with doc_id and events)")
    if not isinstance(obj.get("doc_id"), str) or not obj["doc_id"]:
        raise UsageError(f"{where}: doc_id: missing or not a string")
    events = obj.get("events")
    if not isinstance(events, list):
        raise UsageError(f"{where}: events: missing or not a list")
    stem = doc_stem(obj["doc_id"])
    calls = []
    for k, event in enumerate(events):
        if not isinstance(event, dict):
            raise UsageError(f"{where}: events.{k}: not an object")
        if event.get("type", "call") != "call":
            continue
        try:
            calls.append(_gold_call(stem, event))
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{where}: events.{k}.{exc.args[0] if exc.args else exc}") from None
    return stem, calls


_GOLD_TEXT_FIELDS = ("date", "mode", "initiated_by", "evidence")


def _gold_call(stem: str, event: dict[str, Any], *, status: str = "held") -> GoldCall:
    parties = event.get("parties")
    if not isinstance(parties, list) or not parties or not all(isinstance(p, str) for p in parties):
        raise TypeError("parties: not a list of names")
    parties = tuple(parties)
    raw = event.get("party_countries")
    if raw is not None and (
        not isinstance(raw, list) or not all(c is None or isinstance(c, str) for c in raw)
    ):
        # A string here would be scored letter by letter.
        raise TypeError("party_countries: not a list of country codes (or nulls)")
    countries = tuple(raw or [None] * len(parties))
    if len(countries) != len(parties):
        raise ValueError("party_countries: not as long as parties")
    for name in _GOLD_TEXT_FIELDS:
        if event.get(name) is not None and not isinstance(event[name], str):
            raise TypeError(f"{name}: not a string")
    return GoldCall(
        doc=stem,
        parties=parties,
        countries=countries,
        date=event.get("date"),
        mode=event.get("mode"),
        initiated_by=event.get("initiated_by"),
        evidence=event.get("evidence") or "",
        optional=bool(event.get("implicit") or event.get("multilateral")),
        status=status,
    )


def _read_jsonl(path: Path) -> Iterable[tuple[int, bytes]]:
    for lineno, line in enumerate(path.read_bytes().splitlines(), 1):
        if line.strip():
            yield lineno, line


def _read_calls(path: Path) -> list[CallEvent]:
    calls = []
    for lineno, line in _read_jsonl(path):
        try:
            event = EVENT_ADAPTER.validate_json(line)
        except ValidationError as exc:
            raise UsageError(
                f"{path}:{lineno}: not a valid event ({exc.error_count()} error(s)); "
                f"run `newsevents validate {path}` for details"
            ) from None
        if isinstance(event, CallEvent):
            calls.append(event)
    return calls


def _read_doc_ids(path: Path) -> list[str]:
    ids = []
    for lineno, line in _read_jsonl(path):
        try:
            ids.append(str(orjson.loads(line)["doc_id"]))
        except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{lineno}: not a document record ({exc})") from None
    return ids


def _source_root(out_dir: Path, sources: Path | None) -> Path:
    if sources is not None:
        if not sources.exists():
            raise UsageError(f"sources not found: {sources}")
        return sources
    manifest = out_dir / "manifest.json"
    if not manifest.is_file():
        raise UsageError(
            f"no manifest.json in {out_dir}: is it the output of `newsevents extract`? "
            "(it locates the source texts)"
        )
    try:
        root = Path(orjson.loads(manifest.read_bytes())["input_root"])
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise UsageError(f"{manifest}: unreadable manifest ({exc}); rerun extract") from None
    return root.parent if root.is_file() else root


# --------------------------------------------------------------------------------------------
# scoring


def evaluate(gold_path: Path, out_dir: Path, *, sources: Path | None = None) -> EvalReport:
    """Score the held calls in `out_dir` against `gold_path`.

    Args:
        gold_path: gold JSONL, one object per document.
        out_dir: an extract output directory (events.jsonl, documents.jsonl, manifest.json).
        sources: the input directory; default: the manifest's `input_root`. The texts are
            needed to tell whether a party known only by office is named in its document.
    """
    gold, not_held_gold = _read_gold_file(gold_path)
    if not out_dir.is_dir():
        raise UsageError(f"output directory not found: {out_dir} (run `newsevents extract`)")
    for name in ("events.jsonl", "documents.jsonl"):
        if not (out_dir / name).is_file():
            raise UsageError(f"no {name} in {out_dir}: is it the output of `newsevents extract`?")
    with reading_published(out_dir):
        root = _source_root(out_dir, sources)
        calls = _read_calls(out_dir / "events.jsonl")
        doc_ids = _read_doc_ids(out_dir / "documents.jsonl")
    doc_ids_by_stem: dict[str, list[str]] = defaultdict(list)
    for doc_id in doc_ids:
        doc_ids_by_stem[doc_stem(doc_id)].append(doc_id)
    held_by_stem: dict[str, list[CallEvent]] = defaultdict(list)
    other_by_stem: dict[str, list[CallEvent]] = defaultdict(list)
    for call in calls:
        if call.status != "held":
            other_by_stem[doc_stem(call.doc_id)].append(call)
        if call.status == "held":
            held_by_stem[doc_stem(call.doc_id)].append(call)
            if doc_stem(call.doc_id) not in doc_ids_by_stem:
                doc_ids_by_stem[doc_stem(call.doc_id)].append(call.doc_id)

    report = EvalReport(gold_path=str(gold_path), out_dir=str(out_dir))
    report.documents_gold = len(gold)
    report.documents_unscored = sum(1 for stem in doc_ids_by_stem if stem not in gold)
    for stem, doc_ids in sorted(doc_ids_by_stem.items()):
        if stem in gold and len(set(doc_ids)) > 1:
            report.warnings.append(f"several output documents share the stem {stem!r}: {doc_ids}")
    unreadable: list[str] = []
    for stem, gold_calls in gold.items():
        required = [g for g in gold_calls if not g.optional]
        report.gold_required += len(required)
        report.gold_optional += len(gold_calls) - len(required)
        if stem not in doc_ids_by_stem:
            report.missing_documents.append(stem)
            report.fn += len(required)
            report.misses.extend(_miss(g) for g in required)
            continue
        report.documents_scored += 1
        doc = _DocText(tokens=None)
        if required or any(
            p.name is None for c in held_by_stem[stem] + other_by_stem[stem] for p in c.parties
        ):
            doc = _doc_text(root, sorted(set(doc_ids_by_stem[stem])), unreadable)
        missed = _score_document(report, held_by_stem[stem], gold_calls, doc)
        _score_not_held(report, other_by_stem[stem], not_held_gold.get(stem, []), missed, doc)
    if unreadable:
        report.warnings.append(
            f"{len(unreadable)} source text(s) not found under {root} (e.g. {unreadable[0]}): "
            "parties known only by office could not be matched there"
        )
    return report


def _doc_text(root: Path, doc_ids: list[str], unreadable: list[str]) -> _DocText:
    from newsevents.io.read import decode

    texts = []
    for doc_id in doc_ids:
        try:
            texts.append(decode((root / doc_id).read_bytes())[0])
        except (OSError, NewsEventsError):
            unreadable.append(doc_id)
    if not texts:
        return _DocText(tokens=None)
    return _DocText(tokens=text_tokens("\n".join(texts)))


def _miss(g: GoldCall) -> Miss:
    return Miss(doc_id=g.doc, parties=list(g.parties), date=g.date, evidence=g.evidence)


def _evidence_similarity(pred: CallEvent, gold: GoldCall) -> float:
    a = set(_TOKEN.findall(" ".join(e.text for e in pred.evidence).lower()))
    b = set(_TOKEN.findall(gold.evidence.lower()))
    return len(a & b) / len(a | b) if a | b else 0.0


def _pair(
    preds: Sequence[CallEvent],
    golds: Sequence[GoldCall],
    assign: Callable[[CallEvent, GoldCall], tuple[int, ...] | None],
) -> list[tuple[int, int, tuple[int, ...]]]:
    """Maximum matching of predictions to gold calls, ties broken by evidence, date, medium."""
    if not preds or not golds:
        return []
    assignments = [[assign(p, g) for g in golds] for p in preds]
    weights = [
        [
            0.0
            if assignments[i][j] is None
            else _MATCH_WEIGHT
            + 2.0 * _evidence_similarity(p, g)
            + (p.date.value is not None and p.date.value == g.date)
            + 0.5 * (p.medium == g.mode)
            for j, g in enumerate(golds)
        ]
        for i, p in enumerate(preds)
    ]
    result = []
    for i, j in max_weight_pairs(weights):
        parties = assignments[i][j]
        if parties is not None:
            result.append((i, j, parties))
    return result


def _score_document(
    report: EvalReport, preds: list[CallEvent], golds: list[GoldCall], doc: _DocText
) -> list[GoldCall]:
    """Score one document's held calls; returns the required gold calls left unmatched."""
    required = [g for g in golds if not g.optional]
    optional = [g for g in golds if g.optional]

    def assign(p: CallEvent, g: GoldCall) -> tuple[int, ...] | None:
        return party_assignment(p, g, doc)

    matched_pred: set[int] = set()
    matched_req: set[int] = set()
    for i, j, parties in _pair(preds, required, assign):
        matched_pred.add(i)
        matched_req.add(j)
        _score_office_names(report, preds[i], required[j], parties, doc)
        report.tp += 1
        _band(report, preds[i].confidence).tp += 1
        _score_fields(report, preds[i], required[j], parties)
    rest = [i for i in range(len(preds)) if i not in matched_pred]
    for k, j, parties in _pair([preds[i] for i in rest], optional, assign):
        matched_pred.add(rest[k])
        report.optional_matched += 1
        _score_fields(report, preds[rest[k]], optional[j], parties)
    for i, pred in enumerate(preds):
        if i in matched_pred:
            continue
        report.fp += 1
        _band(report, pred.confidence).fp += 1
        report.false_alarms.append(
            FalseAlarm(
                doc_id=pred.doc_id,
                event_id=pred.id,
                parties=[party_label(p) for p in pred.parties],
                evidence=" ".join(e.text for e in pred.evidence),
                rule=pred.rule,
                confidence=pred.confidence,
            )
        )
    missed = []
    for j, g in enumerate(required):
        if j not in matched_req:
            _score_office_names(report, None, g, (), doc)
            report.fn += 1
            report.misses.append(_miss(g))
            missed.append(g)
    return missed


# A gold party written as an office rather than a person: "Leader of the opposition of X".
_OFFICE_KEPT = re.compile(r"^(?:the\s+)?[A-Z][\w'-]*(?:\s+[\w'-]+)*?\s+of\s+", re.IGNORECASE)


def _score_office_names(
    report: EvalReport,
    pred: CallEvent | None,
    gold: GoldCall,
    parties: tuple[int, ...],
    doc: _DocText,
) -> None:
    """Count the gold's office-only parties (a person the text names only by office) and
    whether the prediction paired with the call (None: missed) names each of them right."""
    if doc.tokens is None:
        return
    for j, (name, country) in enumerate(zip(gold.parties, gold.countries, strict=True)):
        if country is None:
            continue
        paired = None
        if pred is not None:
            paired = next((pred.parties[i] for i, k in enumerate(parties) if k == j), None)
        if _OFFICE_KEPT.match(name) or surname_in_text(name, doc.tokens):
            continue
        report.office_total += 1
        if paired is not None and paired.name and names_match(paired.name, name):
            report.office_named += 1
        elif pred is not None:
            report.field_errors.append(
                FieldError(doc_id=pred.doc_id, event_id=pred.id, field="name (office holder)",
                           gold=name, predicted=paired.name if paired else None,
                           evidence=gold.evidence)
            )


def _score_not_held(
    report: EvalReport,
    preds: list[CallEvent],
    golds: list[GoldCall],
    missed_held: list[GoldCall],
    doc: _DocText,
) -> None:
    """Planned and denied records against the gold's `not_held`; a missed held call that came
    out as planned or denied is counted apart (`held_as_not_held`), not as a not-held error."""

    def assign(p: CallEvent, g: GoldCall) -> tuple[int, ...] | None:
        return party_assignment(p, g, doc)

    pairs = _pair(preds, golds, assign)
    used = {i for i, _, _ in pairs}
    report.not_held_tp += len(pairs)
    report.not_held_fn += len(golds) - len(pairs)
    report.not_held_status_correct += sum(preds[i].status == golds[j].status for i, j, _ in pairs)
    rest = [preds[i] for i in range(len(preds)) if i not in used]
    confused = _pair(rest, missed_held, assign)
    report.held_as_not_held += len(confused)
    report.not_held_fp += len(rest) - len(confused)


def _band(report: EvalReport, confidence: float) -> Band:
    for band in report.bands:
        if band.low <= confidence < band.high:
            return band
    return report.bands[-1]


def _score_fields(
    report: EvalReport, pred: CallEvent, gold: GoldCall, parties: tuple[int, ...]
) -> None:
    def error(name: str, gold_value: str | None, pred_value: str | None) -> None:
        report.field_errors.append(
            FieldError(
                doc_id=pred.doc_id,
                event_id=pred.id,
                field=name,
                gold=gold_value,
                predicted=pred_value,
                evidence=gold.evidence,
            )
        )

    report.matched_pairs += 1
    if gold.date is not None:
        report.date_total += 1
        if pred.date.value == gold.date:
            report.date_correct += 1
        else:
            error("date", gold.date, pred.date.value)
    for i, j in enumerate(parties):
        gold_country = gold.countries[j]
        if gold_country is None:
            continue
        report.country_total += 1
        party = pred.parties[i]
        if party.country == gold_country:
            report.country_correct += 1
        else:
            error(f"country ({gold.parties[j]})", gold_country, party.country)
    if gold.mode is not None:
        report.medium_total += 1
        if pred.medium == gold.mode:
            report.medium_correct += 1
        else:
            error("medium", gold.mode, pred.medium)
    if gold.initiated_by is not None:
        report.initiator_total += 1
        if _initiator_correct(pred, gold, parties):
            report.initiator_correct += 1
        else:
            error("initiated_by", gold.initiated_by, pred.initiated_by)
    elif pred.initiated_by is not None:
        report.invented_initiators += 1
        error("initiated_by (invented)", None, pred.initiated_by)


def _initiator_correct(pred: CallEvent, gold: GoldCall, parties: tuple[int, ...]) -> bool:
    if pred.initiated_by is None or gold.initiated_by is None:
        return False
    # The gold names its initiator exactly as in `parties`; a near spelling is tolerated.
    gold_index = next((j for j, name in enumerate(gold.parties) if name == gold.initiated_by), None)
    if gold_index is None:
        gold_index = next(
            (j for j, name in enumerate(gold.parties) if names_match(name, gold.initiated_by)),
            None,
        )
    # The prediction names a party; resolve it to that party, then compare the pairing.
    for i, party in enumerate(pred.parties):
        if pred.initiated_by in (party.name, party.mention, party.title):
            return gold_index is not None and parties[i] == gold_index
    return names_match(pred.initiated_by, gold.initiated_by)


# --------------------------------------------------------------------------------------------
# rendering


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render_report(report: EvalReport, console: Console, *, details: bool = True) -> None:
    """Print the scores as a table, then (with details) misses, false alarms, field errors."""
    from rich.table import Table
    from rich.text import Text

    from newsevents.console import message, safe

    # Paths, doc_ids, names and evidence come from the data: printed through `safe` (no
    # markup, control characters escaped), each message on one line.
    table = Table(title=safe(f"Held calls: {report.out_dir} vs {report.gold_path}"),
                  title_justify="left")
    table.add_column("metric")
    table.add_column("score", justify="right")
    table.add_column("counts", justify="right")
    rows = [
        ("call precision", report.precision, f"{report.tp}/{report.tp + report.fp}"),
        ("call recall", report.recall, f"{report.tp}/{report.tp + report.fn}"),
        ("call F1", report.f1, f"tp {report.tp} fp {report.fp} fn {report.fn}"),
        ("date accuracy", report.date_accuracy, f"{report.date_correct}/{report.date_total}"),
        ("party-country accuracy", report.country_accuracy,
         f"{report.country_correct}/{report.country_total}"),
        ("medium accuracy", report.medium_accuracy,
         f"{report.medium_correct}/{report.medium_total}"),
        ("initiator accuracy", report.initiator_accuracy,
         f"{report.initiator_correct}/{report.initiator_total}"),
        ("invented-initiator rate", report.invented_initiator_rate,
         f"{report.invented_initiators}/{report.matched_pairs}"),
        ("not-held precision", report.not_held_precision,
         f"{report.not_held_tp}/{report.not_held_tp + report.not_held_fp}"),
        ("not-held recall", report.not_held_recall,
         f"{report.not_held_tp}/{report.not_held_tp + report.not_held_fn}"),
        ("not-held status accuracy", report.status_accuracy,
         f"{report.not_held_status_correct}/{report.not_held_tp}"),
        ("held calls output as not held", None, f"{report.held_as_not_held}"),
        ("office-only parties named", report.office_named_rate,
         f"{report.office_named}/{report.office_total}"),
    ]  # fmt: skip
    for name, value, counts in rows:
        table.add_row(name, _fmt(value), counts)
    console.print(table)
    console.print(
        safe(f"documents: {report.documents_scored}/{report.documents_gold} gold documents "
             f"scored, {report.documents_unscored} output document(s) not in the gold file; "
             f"optional gold calls matched: {report.optional_matched}/{report.gold_optional}"),
        soft_wrap=True,
    )
    bands = Table(title="Precision by confidence", title_justify="left")
    for column in ("confidence", "predicted", "tp", "fp", "precision"):
        bands.add_column(column, justify="right")
    for band in report.bands:
        bands.add_row(
            safe(band.label), str(band.predicted), str(band.tp), str(band.fp), _fmt(band.precision)
        )
    console.print(bands)
    for warning in report.warnings:
        console.print(message("warning", "yellow", warning), soft_wrap=True)
    if not details:
        return
    if report.missing_documents:
        console.print(
            Text.assemble(
                (f"Gold documents absent from the output ({len(report.missing_documents)}):",
                 "bold"),
                " ",
                safe(", ".join(report.missing_documents)),
            ),
            soft_wrap=True,
        )
    _print_list(
        console,
        f"Misses ({len(report.misses)})",
        [f"{m.doc_id}: {' / '.join(m.parties)} ({m.date or 'no date'}): {m.evidence}"
         for m in report.misses],
    )  # fmt: skip
    _print_list(
        console,
        f"False alarms ({len(report.false_alarms)})",
        [f"{f.doc_id}: {' / '.join(f.parties)} [{f.rule}, {f.confidence:.2f}]: {f.evidence}"
         for f in report.false_alarms],
    )  # fmt: skip
    _print_list(
        console,
        f"Field errors ({len(report.field_errors)})",
        [f"{e.doc_id}: {e.field}: gold {e.gold!r}, predicted {e.predicted!r}"
         for e in report.field_errors],
    )  # fmt: skip


def _print_list(console: Console, title: str, lines: list[str]) -> None:
    from newsevents.console import safe

    if not lines:
        return
    console.print()
    console.print(safe(title, "bold"))
    for line in lines:
        console.print(safe(f"  {line}"), soft_wrap=True)
