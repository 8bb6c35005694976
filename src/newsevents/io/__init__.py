"""Input and output: `read` walks and decodes documents; `write` writes the JSONL records."""

from __future__ import annotations

from newsevents.io.read import article_from_text, decode, doc_id_for, read_article, walk

__all__ = ["article_from_text", "decode", "doc_id_for", "read_article", "walk"]
