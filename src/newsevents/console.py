"""Printing untrusted text on a terminal: the one helper every printer uses.

File names, doc_ids, article text, gold files and output files are data from outside. Printed
as they are, rich markup inside them (`[/red]`, `[bold]`) crashes rich or restyles the
message, and escape sequences (`ESC [31m`, an OSC 8 hyperlink, a screen clear) act on the
user's terminal. `safe` escapes every control character the way Python spells it in a
string (`\\x1b`, `\\n`, `\\u202e`; a byte of a non-UTF-8 file name as `\\xff`) and returns a
rich `Text`, which rich never parses as markup or emoji codes.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console

# C0 controls, DEL and C1 controls; the invisible and direction-changing format characters
# (zero-width, bidi embeddings, overrides and isolates, line and paragraph separators, BOM);
# lone surrogates (a non-UTF-8 byte of a file name decoded with surrogateescape).
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str) -> str:
    """`text` with every control and invisible format character escaped; one line."""
    return _CONTROL.sub(_escape, text)


def safe(value: object, style: str = "") -> Text:
    """`value` as inert rich text: no markup, no emoji codes, control characters escaped."""
    return Text(escape_control(str(value)), style=style)


def message(label: str, style: str, text: object) -> Text:
    """`label: text` with the label styled and the text inert (`error: ...`, `warning: ...`)."""
    return Text.assemble((f"{label}:", style), " ", safe(text))


def print_line(console: Console, text: object) -> None:
    """Print one log line, never wrapped (log scrapers read one line per message)."""
    line = text if isinstance(text, Text) else safe(text)
    console.print(line, soft_wrap=True, highlight=False, markup=False, emoji=False)
