"""No development text in src/: rules must generalise, not remember the dev documents.

Fails when any run of 8 consecutive words of a dev document (both dev sets, lower-cased, split
at whitespace and hyphens, punctuation stripped) appears in a file under src/ or in the README.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
SHARED = REPO.parent / "shared"
DEV_DIRS = (
    SHARED / "devset" / "docs",
    SHARED / "devset2" / "docs",
    REPO / "data" / "devset-open" / "docs",
)
RUN = 8
_PUNCT = re.compile(r"[^\w]+")
_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013\u2014]")


def words(text: str) -> list[str]:
    """Whitespace tokens, lower-cased, punctuation stripped, tokens of punctuation dropped; a
    hyphen or dash separates words ("co-operation" is two, as a reader counts them)."""
    spaced = _HYPHENS.sub(" ", text.lower())
    return [w for w in (_PUNCT.sub("", t) for t in spaced.split()) if w]


def runs(tokens: list[str], n: int = RUN) -> Iterator[tuple[str, ...]]:
    return (tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def dev_runs(dirs: Iterable[Path]) -> dict[tuple[str, ...], str]:
    """Every 8-word run of the dev documents, with the document it comes from."""
    found: dict[tuple[str, ...], str] = {}
    for directory in dirs:
        for path in sorted(directory.glob("*.txt")):
            for run in runs(words(path.read_text(encoding="utf-8", errors="replace"))):
                found.setdefault(run, path.name)
    return found


def leaks(src: Path, dev: dict[tuple[str, ...], str]) -> list[str]:
    out = []
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if b"\0" in data[:4096]:  # compiled or binary files
            continue
        for run in runs(words(data.decode("utf-8", errors="replace"))):
            if run in dev:
                out.append(f"{path.relative_to(src.parent)}: {' '.join(run)!r} (from {dev[run]})")
                break
    return out


@pytest.mark.parametrize(
    ("src_text", "leaked"),
    [
        ('RULE = "The Prime Minister spoke to French President, Emmanuel Macron today"', True),
        ("# the prime minister spoke to french president emmanuel\nmacron: TODAY!", True),
        ("The Prime Minister spoke to the French President today.", False),
        # A hyphen separates words: the run is there in other spelling.
        ('NAME = "the prime-minister spoke to french president emmanuel macron"', True),
    ],
)
def test_detector(tmp_path: Path, src_text: str, leaked: bool) -> None:
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "d.txt").write_text("The Prime Minister spoke to French President Emmanuel Macron today")
    src = tmp_path / "src"
    src.mkdir()
    (src / "rules.py").write_text(src_text)
    assert bool(leaks(src, dev_runs([dev]))) is leaked


@pytest.fixture(scope="module")
def dev() -> dict[tuple[str, ...], str]:
    for d in DEV_DIRS[:2]:
        if not d.is_dir() and os.environ.get("CI") == "true":
            pytest.fail(f"{d} not found: CI needs ../shared beside the repository")
    return dev_runs(d for d in DEV_DIRS if d.is_dir())


def test_no_dev_text_in_src(dev: dict[tuple[str, ...], str]) -> None:
    assert dev, "no dev documents found"
    found = leaks(SRC, dev)
    assert not found, "dev text in src/ (write rules that generalise):\n" + "\n".join(found)


def test_no_dev_text_in_the_readme(dev: dict[tuple[str, ...], str], shared) -> None:
    # The README is the package's long description: it ends up in the installed metadata
    # (src/newsevents.egg-info/PKG-INFO in an editable install).
    shared("devset", "docs")
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = [" ".join(run) for run in runs(words(text)) if run in dev]
    assert not found, f"dev text in README.md: {found}"
