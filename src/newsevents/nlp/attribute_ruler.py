"""An indexed attribute ruler: spaCy's `attribute_ruler` with the same assignments, ~5x faster.

`newsevents_attribute_ruler_v1` takes the patterns of the pipeline's attribute ruler (the
`source` pipe) and is added in its place; a model whose ruler has patterns of another kind
raises `UnsupportedPatternError` at `add_pipe`, and the caller keeps spaCy's ruler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.language import Language

if TYPE_CHECKING:
    from spacy.tokens import Doc

ATTRIBUTE_RULER = "attribute_ruler"
FAST_ATTRIBUTE_RULER = "newsevents_attribute_ruler_v1"


class UnsupportedPatternError(Exception):
    """The source ruler has a pattern the indexed ruler cannot take."""


@Language.factory(
    FAST_ATTRIBUTE_RULER,
    default_config={"source": ATTRIBUTE_RULER},
    assigns=["token.pos", "token.morph", "token.lemma", "token.tag"],
)
def make_fast_attribute_ruler(nlp: Language, name: str, *, source: str) -> FastAttributeRuler:
    """The indexed ruler, with the patterns of the pipeline's `source` attribute ruler."""
    return FastAttributeRuler(nlp.get_pipe(source))


class FastAttributeRuler:
    """spaCy's attribute ruler (tag -> pos and morph, exceptions by word and dependency) with
    the outcome of its one-token patterns remembered per kind of token, instead of spaCy's
    Matcher trying all ~180 patterns at every token: the same assignments, ~5x faster.

    A token's kind is what the patterns can tell apart: its tag, dependency label, whether it
    is a space, and its word only where a pattern names that word. Patterns of single tokens
    and fixed-length sequences with equality, IN, NOT_IN and REGEX tests on TAG, LOWER, ORTH,
    DEP, POS and IS_SPACE are supported; the pipeline keeps spaCy's ruler if the model has
    another kind.
    """

    _COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "POS")
    _OTHER = -1  # a value no pattern names (no string hashes to it)

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
        from spacy.strings import get_string_id

        self.vocab = ruler.vocab
        self._attr_ids = [TAG, LOWER, DEP, IS_SPACE, ORTH, POS]
        self._hash = get_string_id
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        # A pattern: (attr number, token tests); a test: (column, kind, value).
        self.patterns: list[tuple[int, list[list[tuple[int, str, Any]]]]] = []
        cached: list[int] = []  # one-token patterns without a regex
        self.searched: list[int] = []  # one-token patterns with a regex: tried at each token
        self.longer: list[int] = []
        for number in range(len(self.attrs)):
            for pattern in ruler.matcher.get(str(number))[1]:
                tests = [self._tests(spec) for spec in pattern]
                pid = len(self.patterns)
                self.patterns.append((number, tests))
                if len(tests) > 1:
                    self.longer.append(pid)
                elif any(kind == "regex" for _, kind, _ in tests[0]):
                    self.searched.append(pid)
                else:
                    cached.append(pid)
        self.cached = cached
        # The words the cached patterns name; any other word behaves the same in every test.
        self.named: list[set[int]] = [set() for _ in self._COLUMNS]
        for pid in cached:
            for col, kind, value in self.patterns[pid][1][0]:
                self.named[col].update([value] if kind == "eq" else value)
        # The other patterns, by the TAG, LOWER or DEP their first token must have.
        self.first: list[dict[int, list[int]]] = [{}, {}, {}]
        self.anywhere: list[int] = []
        for pid in (*self.searched, *self.longer):
            self._index(pid, self.patterns[pid][1][0])
        self._kinds: dict[tuple[int, ...], tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    def _index(self, pid: int, first: list[tuple[int, str, Any]]) -> None:
        for column in (0, 1, 2):
            for col, kind, value in first:
                if col == column and kind in ("eq", "in"):
                    for h in [value] if kind == "eq" else value:
                        self.first[column].setdefault(h, []).append(pid)
                    return
        self.anywhere.append(pid)

    def _tests(self, spec: dict[str, Any]) -> list[tuple[int, str, Any]]:
        import re

        tests: list[tuple[int, str, Any]] = []
        for key, value in spec.items():
            if key not in self._COLUMNS:
                raise UnsupportedPatternError(key)
            col = self._COLUMNS.index(key)
            if key == "IS_SPACE":
                if not isinstance(value, bool):
                    raise UnsupportedPatternError(key)
                tests.append((col, "eq", int(value)))
            elif isinstance(value, str):
                tests.append((col, "eq", self._hash(value)))
            elif isinstance(value, dict) and len(value) == 1:
                ((op, arg),) = value.items()
                if op == "IN":
                    tests.append((col, "in", frozenset(self._hash(v) for v in arg)))
                elif op == "NOT_IN":
                    tests.append((col, "not_in", frozenset(self._hash(v) for v in arg)))
                elif op == "REGEX":
                    tests.append((col, "regex", re.compile(arg)))
                else:
                    raise UnsupportedPatternError(op)
            else:
                raise UnsupportedPatternError(key)
        return tests

    def _match(self, rows: list[list[int]], j: int, tests: list[list[tuple[int, str, Any]]]
               ) -> bool:
        if j + len(tests) > len(rows):
            return False
        strings = self.vocab.strings
        for k, token_tests in enumerate(tests):
            row = rows[j + k]
            for col, kind, value in token_tests:
                have = row[col]
                if kind == "eq":
                    if have != value:
                        return False
                elif kind == "in":
                    if have not in value:
                        return False
                elif kind == "not_in":
                    if have in value:
                        return False
                elif not value.search(strings[have] if have else ""):
                    return False
        return True

    def _one_token(self, row: list[int]) -> tuple[int, ...]:
        """The attr numbers of the cached patterns that match a token (by its kind)."""
        lower, orth = row[1], row[4]
        kind = [
            row[0],
            lower if lower in self.named[1] else self._OTHER,
            row[2],
            row[3],
            orth if orth in self.named[4] else self._OTHER,
            row[5],
        ]
        key = tuple(kind)
        numbers = self._kinds.get(key)
        if numbers is None:
            numbers = tuple(
                self.patterns[pid][0] for pid in self.cached
                if self._match([kind], 0, self.patterns[pid][1])
            )
            self._kinds[key] = numbers
        return numbers

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens._retokenize import set_token_attrs

        rows = doc.to_array(self._attr_ids).tolist()
        tags, lowers, deps = self.first
        hits: list[list[int]] = [[] for _ in rows]
        for j, row in enumerate(rows):
            hits[j].extend(self._one_token(row))
            for pid in (*tags.get(row[0], ()), *lowers.get(row[1], ()), *deps.get(row[2], ()),
                        *self.anywhere):
                number, tests = self.patterns[pid]
                if self._match(rows, j, tests):
                    index = self.indices[number]
                    hits[j + (index if index >= 0 else len(tests) + index)].append(number)
        for j, found in enumerate(hits):
            if not found:
                continue
            key = tuple(sorted(found))
            merged = self._merged.get(key)
            if merged is None:
                merged = {}
                for number in key:  # later patterns win, as in spaCy's ruler
                    merged.update(self.attrs[number])
                self._merged[key] = merged
            set_token_attrs(doc[j], merged)
        return doc
