"""Read input: walk a directory, decode each file, parse its header, byline and dateline."""

from __future__ import annotations

import codecs
import datetime as dt
import fnmatch
import functools
import hashlib
import itertools
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath

from newsevents.article import Article, DatelineInfo
from newsevents.errors import DocumentError, UsageError
from newsevents.settings import DEFAULT_GLOBS
from newsevents.text.lines import (
    NAV,
    PROSE,
    STRONG_KINDS,
    Line,
    find_body,
    header_match,
    is_byline,
    is_headline_like,
    is_placeholder,
    line_kind,
    split_lines,
)
from newsevents.text.patterns import DATE_EXPR, DATE_RE, MONTH, MONTH_NUMBERS, YEAR_RE

__all__ = [
    "article_from_bytes", "article_from_text", "check_input_path", "decode", "doc_id_for",
    "escape_name", "open_regular", "read_article", "valid_name", "walk",
]

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
HTML_EXTRA_HINT = "HTML input needs the html extra: pip install 'newsevents[html]'"

# How far down the page bylines and datelines are looked for.
_TOP_LINES = 40
_TOP_CHARS = 5000
_DATELINE_LINES = 6
_BODY_SEARCH_CHARS = 20_000
# A dateline may be dated a day after the publication date (time zones, late edits).
_DATELINE_GRACE = dt.timedelta(days=1)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Typographic characters a Western single-byte (cp1252) text may hold besides Latin letters.
_WESTERN_SYMBOLS = frozenset("‘’‚“”„–—…•€™†‡‰‹›ˆ˜¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷\xa0\xad")
# Control characters (Unicode Cc) other than whitespace and ESC: many of them mean binary data.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_HTML_START_RE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)

# Datelines: "MOSCOW, February 12. /TASS/.", "WASHINGTON (AP) —", "Moscow, 5 January 2021 -".
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]*){0,3}"
_TITLE_PLACE = (
    r"[A-Z][a-z'’.]+(?:[ /-](?:[A-Z][a-z'’.]+|de|da|do|of|upon|au|on|sur|am))*"
    r"(?:,\s[A-Z]{2}\b|,\s[A-Z][a-z]+(?=,\s|\s*\())?"  # "Washington, DC", "Paris, France,"
)
_AGENCY = r"(?:\(\s*[^()\n]{1,80}?\)|/\s?[A-Z][A-Za-z.\- ]{1,25}?/\.?)"
_DASH = r"(?:—|–|--|-|:)"
_DATELINE_CAPS_RE = re.compile(
    rf"^\s*(?P<place>{_CAPS_PLACE}(?:,\s+[A-Z][A-Za-z.]{{1,14}}(?=\s*[(—–-]|,\s))?)"
    rf"(?:,\s+(?P<date>{DATE_EXPR}))?\.?\s*(?P<agency>{_AGENCY})?\s*(?P<dash>{_DASH})?"
    r"(?=\s|$)"
)
_DATELINE_TITLE_RE = re.compile(
    rf"^\s*(?P<place>{_TITLE_PLACE})(?:,\s+(?P<date>{DATE_EXPR}))?\.?\s*"
    rf"(?P<agency>{_AGENCY})?\s*(?P<dash>{_DASH})?(?=\s|$)"
)
_NOT_PLACES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs "
    "fri sat sun today yesterday tonight news alert "
    "published updated posted issued source date by last breaking update updates exclusive "
    "watch live analysis opinion editorial photos video note editor's editors the a an "
    "this that it he she they we i in on at "
    # news agencies open lines the way places do: "Xinhua, July 8, 2015"
    "xinhua reuters ap afp tass sputnik interfax ria ani pti ians yonhap kyodo bloomberg "
    "upi efe ansa dpa anadolu".split()
)
_MONTH_NAMES = frozenset(MONTH_NUMBERS)


# --- walking -------------------------------------------------------------------------------


def walk(
    root: Path,
    globs: Sequence[str] = DEFAULT_GLOBS,
    *,
    on_error: Callable[[Path, OSError], None] | None = None,
    exclude: Sequence[Path] = (),
) -> Iterator[Path]:
    """Yield the input files under `root` in a deterministic order.

    A file `root` is yielded itself. A directory is walked recursively and its files whose
    name matches one of `globs` are yielded sorted by their POSIX path relative to `root`.
    Symbolic links are followed, but a directory is entered once only (by its real path), so
    link loops end; a matching link that leads nowhere (dangling, or a loop) is yielded, so
    that `read_article` reports it. Hidden files and directories (".name") are skipped.

    A directory that cannot be listed is passed to `on_error`; without `on_error` it is
    yielded, so that `read_article` reports it as a failed document rather than dropping it.
    A matching entry that is neither a directory nor a regular file (a FIFO, a socket, a
    device) is yielded too, so that `read_article` reports it without reading it.

    The directories in `exclude` (a run's output directory) are not entered, nor is any
    directory below `root` that holds a newsevents output (a `.newsevents/` state directory
    or a manifest written by newsevents): a run never reads output files back as input.

    Raises:
        UsageError: `root` does not exist, or is neither a directory nor a regular file.
    """
    root = Path(root)
    if not check_input_path(root):
        return iter((root,))
    return _walk_dir(root, tuple(globs), on_error, exclude)


def check_input_path(root: Path) -> bool:
    """Check an input path given by the user: True for a directory, False for a file.

    Raises:
        UsageError: it does not exist, or is a FIFO, socket or device (reading one could
            block forever or never end).
    """
    try:
        mode = os.stat(root).st_mode
    except FileNotFoundError:
        raise UsageError(f"input path {root} does not exist: give a directory or a file") from None
    except OSError as exc:
        raise UsageError(f"input path {root}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        return True
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"input path {root} is not a regular file ({_file_kind(mode)}): give a directory "
            "or a file"
        )
    return False


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return kind
    return "a special file"


def open_regular(path: Path) -> int:
    """Open a file for reading without blocking on a FIFO; returns the descriptor.

    Raises:
        OSError: it cannot be opened.
        DocumentError: it is not a regular file ("read"); it is not read.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise DocumentError(
                "read", f"{escape_name(str(path))} is not a regular file ({_file_kind(mode)}): "
                "not read"
            )
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _walk_dir(
    root: Path,
    globs: tuple[str, ...],
    on_error: Callable[[Path, OSError], None] | None,
    exclude: Sequence[Path] = (),
) -> Iterator[Path]:
    seen = {os.path.realpath(root), *(os.path.realpath(p) for p in exclude)}
    listed = _entries(root, on_error)
    if listed is None:
        yield root
        return
    stack: list[Iterator[tuple[Path, bool]]] = [iter(listed)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path, is_dir = entry
        if is_dir:
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            listed = _entries(path, on_error, skip_outputs=True)
            if listed is None:
                yield path
                continue
            stack.append(iter(listed))
        elif any(fnmatch.fnmatch(path.name, g) for g in globs):
            yield path


def _entries(
    directory: Path,
    on_error: Callable[[Path, OSError], None] | None,
    *,
    skip_outputs: bool = False,
) -> list[tuple[Path, bool]] | None:
    """A directory's visible entries, sorted so the walk's order is that of relative paths;
    none if `skip_outputs` and it holds a newsevents output."""
    try:
        with os.scandir(directory) as it:
            raw = list(it)
    except OSError as exc:
        if on_error is None:
            return None
        on_error(directory, exc)
        return []
    if skip_outputs and _holds_output(directory, {e.name for e in raw}):
        return []
    keyed: list[tuple[str, Path, bool]] = []
    for e in raw:
        if e.name.startswith("."):
            continue
        try:
            is_dir = e.is_dir()
            is_file = not is_dir
            if is_file and not e.is_file():
                # a FIFO, socket or device: the reader reports it (and does not open it)
                e.stat()  # a dangling link raises
        except OSError:
            if not e.is_symlink():  # an entry gone since it was listed
                continue
            # A link loop or a dangling link: yielded (if it matches) so that the reader
            # reports it as one failed document instead of dropping it unseen.
            is_dir, is_file = False, True
        if is_dir or is_file:
            # "a/" sorts where every "a/..." path sorts among its siblings' names.
            keyed.append((e.name + "/" if is_dir else e.name, directory / e.name, is_dir))
    keyed.sort(key=lambda k: k[0])
    return [(p, d) for _, p, d in keyed]


_STATE_DIR = ".newsevents"  # io.write.STATE_DIR
_MANIFEST_FILE = "manifest.json"  # io.write.MANIFEST_FILE
_MANIFEST_KEYS = frozenset({"version", "input_root", "settings_hash", "counts"})
_MANIFEST_MAX_BYTES = 1 << 20


def _holds_output(directory: Path, names: set[str]) -> bool:
    """Whether `directory` (with entries `names`) holds a newsevents output: its state
    directory, or a manifest written by newsevents."""
    if _STATE_DIR in names and os.path.isdir(directory / _STATE_DIR):
        return True
    if _MANIFEST_FILE not in names:
        return False
    try:
        fd = open_regular(directory / _MANIFEST_FILE)
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(_MANIFEST_MAX_BYTES + 1)
    except (OSError, DocumentError):
        return False
    if len(data) > _MANIFEST_MAX_BYTES:
        return False
    import orjson

    try:
        manifest = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return isinstance(manifest, dict) and _MANIFEST_KEYS <= manifest.keys()


def doc_id_for(path: Path, root: Path) -> str:
    """The document id: `path` relative to `root`, POSIX style; the file name if `root` is one."""
    path, root = Path(path), Path(root)
    if path == root or not root.is_dir():
        return path.name
    return path.relative_to(root).as_posix()


def valid_name(name: str) -> bool:
    """Whether a path or name from the file system is valid UTF-8 (Python keeps the bytes of
    one that is not as lone surrogates, which no output file can hold)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def escape_name(name: str) -> str:
    """A path or name as text any output can hold: each byte that is not UTF-8 as `\\xNN`."""
    if valid_name(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


# --- decoding ------------------------------------------------------------------------------


def decode(data: bytes, *, warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode file bytes as (text, encoding): BOM, else UTF-8, else a legacy encoding.

    UTF-8 with a few stray invalid bytes among many valid multi-byte sequences (a byte pasted
    in from a legacy file) is decoded as UTF-8, each invalid sequence replaced by U+FFFD, and
    a warning saying so is appended to `warnings`: read as a legacy encoding, every name and
    quote of the file would turn to mojibake.

    Raises:
        DocumentError: the bytes are not text ("decode" stage).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError("decode", f"invalid {encoding} text: {exc.reason}") from exc
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise DocumentError("decode", "binary file: it contains NUL bytes")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        text, message = mostly_utf8
        checked = _checked(text, "utf-8")
        if warnings is not None:
            warnings.append(message)
        return checked
    western = _western(data)
    if western is not None:
        return western
    return _detected(data)


# At most this many invalid sequences in a UTF-8 file, each outnumbered this many times by
# valid multi-byte sequences, for it to be read as UTF-8 with replacement characters.
_MAX_STRAY_BYTES = 3
_MULTIBYTE_PER_STRAY = 3


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """(text, warning) if `data` is valid UTF-8 but for a few stray invalid sequences."""
    parts: list[str] = []
    stray: list[int] = []
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            if len(stray) >= _MAX_STRAY_BYTES:
                return None
            parts.append(data[pos : pos + exc.start].decode("utf-8"))
            parts.append("\ufffd")
            stray.append(pos + exc.start)
            pos += exc.end
    # Legacy single-byte text almost never holds a valid UTF-8 multi-byte sequence.
    text = "".join(parts)
    multibyte = sum(1 for c in text if c > "\x7f") - len(stray)
    if multibyte < max(2, _MULTIBYTE_PER_STRAY * len(stray)):
        return None
    n = len(stray)
    offsets = ", ".join(str(o) for o in stray)
    message = (
        f"{n} invalid byte sequence{'s' if n > 1 else ''} in otherwise valid UTF-8 text "
        f"(at byte offset{'s' if n > 1 else ''} {offsets}) replaced with U+FFFD"
    )
    return text, message


def _checked(text: str, encoding: str) -> tuple[str, str]:
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(2, len(text) // 100):
        raise DocumentError("decode", f"binary file: {controls} control characters")
    return text, encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    # Only text in a Latin script is told from binary this way: nearly every high byte is 0.
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros >= 0.9 * half:
            try:
                return _checked(data.decode(encoding), encoding)
            except (UnicodeDecodeError, DocumentError):
                return None
    return None


def _western(data: bytes) -> tuple[str, str] | None:
    """cp1252 or Latin-1, if the text reads as a Western European language."""
    # Bytes 0x80-0x9F are C1 controls in Latin-1 but typographic characters in cp1252.
    encoding = "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    letters = non_ascii_letters = 0
    for c in text:
        if c.isascii():
            letters += c.isalpha()
        elif c.isalpha():
            if not unicodedata.name(c, "").startswith("LATIN"):
                return None
            letters += 1
            non_ascii_letters += 1
        elif c not in _WESTERN_SYMBOLS:
            return None
    # Text in another script read as Latin-1 is nearly all accented letters.
    if letters == 0 or non_ascii_letters > 0.4 * letters:
        return None
    return _checked(text, encoding)


def _detected(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("decode", "binary file: no text encoding fits its bytes")
    return _checked(str(best), best.encoding)


# --- reading -------------------------------------------------------------------------------


def read_article(path: Path, root: Path, *, max_bytes: int | None = None) -> Article:
    """Read, decode and parse one document.

    HTML files (by suffix or content) are reduced to their article text with trafilatura;
    `text` is then the extracted text and every offset indexes it.

    Raises:
        DocumentError: the file cannot be read ("read"), is not text ("decode"), is empty,
            or is HTML without the html extra installed.
    """
    path = Path(path)
    return article_from_bytes(
        _read_bytes(path, max_bytes), doc_id=doc_id_for(path, root), path=str(path)
    )


def article_from_bytes(data: bytes, *, doc_id: str, path: str) -> Article:
    """Decode and parse one document's bytes; `path` (a local path or a URL) tells HTML by
    its suffix.

    Raises:
        DocumentError: the bytes are not text ("decode"), are empty, or are HTML without
            the html extra installed.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    if PurePosixPath(path).suffix.lower() in HTML_SUFFIXES or _HTML_START_RE.match(data[:2048]):
        return _read_html(data, doc_id=doc_id, path=path, sha256=sha256)
    warnings: list[str] = []
    text, encoding = decode(data, warnings=warnings)
    article = article_from_text(text, doc_id=doc_id, path=path, sha256=sha256, encoding=encoding)
    article.warnings[:0] = warnings
    return article


def _read_bytes(path: Path, max_bytes: int | None) -> bytes:
    try:
        if path.is_dir():
            os.listdir(path)  # raises the reason the walk could not list it
            raise DocumentError("read", f"{path} is a directory, not a file")
        fd = open_regular(path)
        with os.fdopen(fd, "rb") as fh:
            if max_bytes is not None:
                size = os.fstat(fd).st_size
                if size > max_bytes:
                    raise DocumentError(
                        "read", f"file is {size} bytes, over the limit of {max_bytes} bytes"
                    )
            return fh.read()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        what = "directory" if path.is_dir() else "file"
        raise DocumentError("read", f"cannot read {what} {path}: {reason}") from exc


def _read_html(data: bytes, *, doc_id: str, path: str, sha256: str) -> Article:
    try:
        import trafilatura
    except ImportError as exc:
        raise DocumentError("read", HTML_EXTRA_HINT) from exc
    warnings: list[str] = []
    html, encoding = decode(data, warnings=warnings)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise DocumentError("read", "no article text found in the HTML")
    title = (getattr(doc, "title", None) or "").strip()
    text = body if not title or body.startswith(title) else f"{title}\n{body}"
    published = _iso_date(getattr(doc, "date", None))
    article = article_from_text(
        text,
        doc_id=doc_id,
        path=path,
        sha256=sha256,
        encoding=encoding,
        title_first=bool(title),
        published=published,
    )
    article.warnings[:0] = warnings
    article.warnings.append("html: text extracted with trafilatura; offsets index that text")
    return article


def _iso_date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# --- header, title, byline, dateline -------------------------------------------------------


def article_from_text(
    text: str,
    *,
    doc_id: str,
    path: str = "",
    sha256: str | None = None,
    encoding: str = "utf-8",
    title_first: bool = False,
    published: dt.date | None = None,
) -> Article:
    """Build an `Article` from decoded text: header, title, publication date, dateline.

    Args:
        title_first: the first non-empty line is the title whatever its shape.
        published: a publication date known from elsewhere (HTML metadata); it counts as
            the header.

    Raises:
        DocumentError: the text is empty or whitespace only.
    """
    if not text.strip():
        raise DocumentError("read", "empty document")
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    article = Article(doc_id=doc_id, path=path, text=text, sha256=sha256, encoding=encoding)
    lines = split_lines(text)
    nonblank = [i for i, line in enumerate(lines) if line.text.strip()]
    top = [i for i in nonblank[:_TOP_LINES] if lines[i].start < _TOP_CHARS]
    kinds = {i: line_kind(lines[i].text) for i in top}

    title_line: int | None = None
    body_from = 0
    header = header_match(lines)
    if published is not None:
        article.published, article.published_basis = published, "header"
    if header is not None:
        line, m = header
        title_line, body_from = _header(article, lines, nonblank, line, m)
    elif title_first and nonblank:
        title_line = nonblank[0]
        _set_title(article, lines[title_line])
        body_from = title_line + 1

    byline = _byline(lines, top, kinds, after=body_from if header is not None else 0)
    if article.published is None and byline is not None:
        date = _first_full_date(lines[byline].text)
        if date is not None:
            article.published, article.published_basis = date, "byline"
    if header is None and title_line is None and top:
        title_line = _title_without_header(lines, top, kinds, byline)
        if title_line is not None:
            _set_title(article, lines[title_line])
            body_from = title_line + 1
        elif is_placeholder(lines[top[0]].text):
            body_from = top[0] + 1

    if body_from < len(lines):
        article.body_start = lines[body_from].start
    elif lines:
        article.body_start = len(text)
    article.dateline = _dateline(article, lines, nonblank, kinds, body_from)
    if article.published is None and article.dateline is not None and article.dateline.date:
        article.published, article.published_basis = article.dateline.date, "dateline"
    return article


def _header(
    article: Article, lines: list[Line], nonblank: list[int], line: Line, m: re.Match[str]
) -> tuple[int | None, int]:
    """Apply a `date` header; return the title's line index and the first body line."""
    value = m.group("value")
    header_idx = next(i for i, ln in enumerate(lines) if ln.start == line.start)
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("not YYYY-MM-DD")
        published = dt.date.fromisoformat(value)
        if article.published is None:
            article.published, article.published_basis = published, "header"
    except ValueError:
        article.warnings.append(
            f"malformed date header {value!r}: expected 'date YYYY-MM-DD'; date ignored"
        )
    rest_start = line.start + m.end()
    rest = article.text[rest_start : line.end]
    if rest.strip():
        lead = len(rest) - len(rest.lstrip())
        end = rest_start + len(rest.rstrip())
        article.title = article.text[rest_start + lead : end]
        article.title_span = (rest_start + lead, end)
        return header_idx, header_idx + 1
    following = [i for i in nonblank if i > header_idx]
    if not following:
        return None, header_idx + 1
    title_idx = following[0]
    s = lines[title_idx].text.strip()
    if is_placeholder(s):
        return None, title_idx + 1
    if len(s.split()) > 60:
        return None, title_idx  # the body starts right after the header
    _set_title(article, lines[title_idx])
    return title_idx, title_idx + 1


def _set_title(article: Article, line: Line) -> None:
    s = line.text
    lead = len(s) - len(s.lstrip())
    start, end = line.start + lead, line.start + len(s.rstrip())
    if start < end:
        article.title = article.text[start:end]
        article.title_span = (start, end)


def _byline(lines: list[Line], top: list[int], kinds: dict[int, str], *, after: int) -> int | None:
    """The first byline or timestamp line near the top that carries a full date."""
    prose_seen = 0
    for i in top:
        if i < after:
            continue
        if kinds[i] == PROSE:
            prose_seen += 1
            if prose_seen >= 3:
                return None
            continue
        if is_byline(lines[i].text) and _first_full_date(lines[i].text) is not None:
            return i
    return None


def _title_without_header(
    lines: list[Line], top: list[int], kinds: dict[int, str], byline: int | None
) -> int | None:
    """The headline: just above the byline, else the first line, else the last above the body."""
    if byline is not None:
        steps = 0
        for i in reversed([j for j in top if j < byline]):
            if is_headline_like(lines[i].text) and kinds[i] not in STRONG_KINDS:
                return i
            steps += 1
            if steps >= 4 or kinds[i] == PROSE:
                break
    first = top[0]
    if is_placeholder(lines[first].text):
        return None
    if kinds[first] not in STRONG_KINDS and is_headline_like(lines[first].text):
        if kinds[first] != NAV or len(lines[first].text.split()) >= 4:
            return first
    candidate = None
    for i in top:
        if kinds[i] == PROSE:
            break
        if kinds[i] not in STRONG_KINDS and kinds[i] != NAV and is_headline_like(lines[i].text):
            candidate = i
    return candidate


def _first_full_date(s: str) -> dt.date | None:
    for m in DATE_RE.finditer(s):
        if YEAR_RE.search(m.group()):
            date = _parse_date(m.group(), None)
            if date is not None:
                return date
    return None


def _dateline(
    article: Article,
    lines: list[Line],
    nonblank: list[int],
    kinds: dict[int, str],
    body_from: int,
) -> DatelineInfo | None:
    """A dateline at the start of one of the first lines after the title or of the body."""
    candidates = _dateline_candidates(lines, nonblank, kinds, body_from)
    # A date line may stand below a headline repeated by the page, past the dateline lines.
    date_lines = set(candidates) | {i for i in nonblank if i >= body_from}
    date_lines = set(sorted(date_lines)[: 2 * _DATELINE_LINES]) | set(candidates)
    for i in candidates:
        line = lines[i]
        found = _match_dateline(line.text)
        if found is None:
            continue
        m, place = found
        text = line.text[m.start("place") : m.end()].rstrip()
        date = _dateline_date(article, m)
        start = line.start + m.start("place")
        if date is None and (own := _date_line(lines, date_lines)) is not None:
            date = own.date  # "WASHINGTON -" over a page whose own date stands on a line
        return DatelineInfo(text=text, place=place, date=date, start=start, end=start + len(text))
    return _date_line(lines, date_lines)


# A line that is nothing but a full date (a readout's "JUNE 24, 2023" under its title), with
# perhaps a weekday before it and a time after it.
_DATE_LINE_RE = re.compile(
    rf"^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?P<date>{DATE_EXPR})"
    r"\s*(?:[,|-]?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)


def _date_line(lines: list[Line], candidates: set[int]) -> DatelineInfo | None:
    """The page's own date standing alone on one of the first lines after the title or of the
    body: the day the text's "today" and "on Monday" count from, like a dateline's date (no
    place). Of several, the last before the story begins: a site's date bar comes first."""
    found = None
    for i in sorted(candidates):
        line = lines[i]
        if _is_sentence(line.text):
            if found is not None:
                break  # the story has begun (a repeated headline is no sentence)
            continue
        m = _DATE_LINE_RE.match(line.text)
        if m is None or not YEAR_RE.search(m.group("date")):
            continue
        date = _parse_date(m.group("date"), None)
        if date is None:
            continue
        lead = len(line.text) - len(line.text.lstrip())
        text = line.text.strip()
        start = line.start + lead
        found = DatelineInfo(text=text, place=None, date=date, start=start, end=start + len(text))
    return found


def _is_sentence(text: str) -> bool:
    text = text.strip()
    return len(text.split()) >= 6 and text[-1:] in ".!?:\"”"


def _dateline_candidates(
    lines: list[Line], nonblank: list[int], kinds: dict[int, str], body_from: int
) -> list[int]:
    """The first lines after the title, and (past site junk) the first lines of the body."""
    after = [i for i in nonblank if i >= body_from]
    candidates: list[int] = []
    n_prose = 0
    for i in after[:_DATELINE_LINES]:
        candidates.append(i)
        n_prose += kinds.get(i) == PROSE
        if n_prose >= 2:
            break
    # The body of a long document starts near its top: classify only the first lines.
    head = list(itertools.takewhile(lambda ln: ln.start < _BODY_SEARCH_CHARS, lines))
    all_kinds = [kinds[i] if i in kinds else line_kind(ln.text) for i, ln in enumerate(head)]
    body = find_body(head, all_kinds, start=body_from)
    if body is not None:
        near = [i for i in after if i < len(head)]
        k = near.index(body[0])
        first_prose = [i for i in near[k:] if all_kinds[i] == PROSE][:2]
        # a standalone dateline line may stand just above the first paragraph
        window = near[max(0, k - 2) : near.index(first_prose[-1]) + 1]
        candidates += [i for i in window if i not in candidates]
    return candidates


def _match_dateline(s: str) -> tuple[re.Match[str], str] | None:
    for regex, needs_marker in ((_DATELINE_CAPS_RE, False), (_DATELINE_TITLE_RE, True)):
        m = regex.match(s)
        if m is None:
            continue
        place = m.group("place").strip(" ,")
        words = [w.strip(",.").lower() for w in re.split(r"[\s/]+", place)]
        if any(w in _NOT_PLACES for w in words) or words[0] in _MONTH_NAMES:
            continue
        date, agency, dash = m.group("date"), m.group("agency"), m.group("dash")
        if needs_marker and not (date or agency):
            continue
        if not (date or agency or dash):
            continue
        if not date and not agency and dash == ":" and regex is _DATELINE_TITLE_RE:
            continue
        rest = s[m.end() :].lstrip()
        # The line goes on with a sentence (capitalised or quoted) or ends: "LONDON, May 2".
        if rest and not (rest[0].isupper() or rest[0] in "\"“‘'(" or rest[0].isdigit()):
            continue
        if regex is _DATELINE_CAPS_RE and len(place) < 3:
            continue
        return m, place
    return None


def _dateline_date(article: Article, m: re.Match[str]) -> dt.date | None:
    expr = m.group("date")
    if not expr:
        agency = m.group("agency") or ""
        inner = DATE_RE.search(agency)
        if inner is None:
            return None
        expr = inner.group()
    if re.search(r"\b\d{4}\b", expr):
        return _parse_date(expr, None)
    if article.published is None:
        article.warnings.append(
            f"dateline date {expr!r} has no year and the publication date is unknown"
        )
        return None
    return _parse_date(expr, article.published + _DATELINE_GRACE)


_ISO_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MDY_RE = re.compile(
    rf"(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
)
_DMY_RE = re.compile(
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH})\.?(?:,?\s+(?P<year>\d{{4}}))?"
)


@functools.lru_cache(maxsize=4096)
def _parse_date(expr: str, base: dt.date | None) -> dt.date | None:
    """Parse a date expression; a date without a year is the latest one not after `base`."""
    expr = expr.strip()
    try:
        if m := _ISO_RE.fullmatch(expr):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        # the common shapes directly: dateparser costs a millisecond or more per call
        if m := _MDY_RE.fullmatch(expr) or _DMY_RE.fullmatch(expr):
            month, day = MONTH_NUMBERS[m["month"][:3].lower()], int(m["day"])
            if m["year"]:
                return dt.date(int(m["year"]), month, day)
            if base is not None:
                date = dt.date(base.year, month, day)
                return date if date <= base else dt.date(base.year - 1, month, day)
    except ValueError:  # "February 30", or "February 29" in the wrong year
        pass
    return _dateparser_date(expr, base)


def _dateparser_date(expr: str, base: dt.date | None) -> dt.date | None:
    import dateparser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "past",
        "REQUIRE_PARTS": ["day", "month"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", expr)
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)
    return parsed.date() if parsed is not None else None
