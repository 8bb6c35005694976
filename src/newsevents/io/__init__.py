"""Input and output: `read` walks and decodes documents, `remote` reads fsspec URLs, `jsonl`
reads and atomically writes JSON Lines, `journal` and `write` keep a run's output files."""

from __future__ import annotations

from newsevents.io.read import article_from_text, decode, doc_id_for, read_article, walk

__all__ = ["article_from_text", "decode", "doc_id_for", "read_article", "walk"]
