"""Reading input: walking, decoding, header, title, byline and dateline parsing."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from pathlib import Path

import pytest

from newsevents.errors import DocumentError, UsageError
from newsevents.io import read as read_mod
from newsevents.io.read import article_from_text, decode, doc_id_for, read_article, walk

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"
TASS = "tass-putin-al-sharaa-call.txt"
KYIV = "kyiv-independent-putin-al-sharaa-call.txt"

BODY = (
    "The foreign minister said the two governments had agreed to reopen the border crossing "
    "next month, after talks that lasted most of the afternoon.\n"
)


def _sample(name: str) -> Path:
    path = SAMPLES / name
    assert path.is_file(), f"missing sample {path}"
    return path


def _read(path: Path) -> object:
    return read_article(path, path.parent)


# --- the two samples -------------------------------------------------------------------


@pytest.mark.parametrize("name", [TASS, KYIV])
def test_samples_are_byte_identical_to_shared(name: str) -> None:
    shared = SHARED_SAMPLES / name
    if not shared.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{shared} is missing on CI")
        pytest.skip("../shared is not available")
    ours = read_article(_sample(name), SAMPLES)
    assert ours.sha256 == hashlib.sha256(shared.read_bytes()).hexdigest()


def test_tass_sample() -> None:
    a = read_article(_sample(TASS), SAMPLES)
    assert a.doc_id == TASS
    assert a.encoding == "utf-8"
    assert a.published == dt.date(2025, 2, 13)
    assert a.published_basis == "header"
    assert a.title == "Putin, New Syrian Leader Hold First Telephone Conversation"
    assert a.text[a.title_span[0] : a.title_span[1]] == a.title
    assert a.dateline is not None
    assert a.dateline.text == "MOSCOW, February 12. /TASS/."
    assert a.dateline.place == "MOSCOW"
    assert a.dateline.date == dt.date(2025, 2, 12)
    assert a.text[a.dateline.start : a.dateline.end] == a.dateline.text
    assert a.anchor == dt.date(2025, 2, 12)
    assert a.text.startswith(" date 2025-02-13 ")  # nothing stripped
    assert a.warnings == []


def test_kyiv_independent_sample() -> None:
    a = read_article(_sample(KYIV), SAMPLES)
    assert a.published == dt.date(2025, 2, 13)
    assert a.published_basis == "byline"
    assert a.title == (
        "Putin holds first call with Syria's transitional president, pledges support and "
        "future cooperation"
    )
    assert a.text[a.title_span[0] : a.title_span[1]] == a.title
    assert a.dateline is None
    assert a.body_start > a.title_span[1]
    assert a.sha256 == hashlib.sha256(_sample(KYIV).read_bytes()).hexdigest()


# --- walking ---------------------------------------------------------------------------


def _touch(path: Path, text: str = "Talks on the border\n" + BODY) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_walk_sorts_by_relative_posix_path(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.txt", "a-b.txt", "a/b/c.md", "A.txt", "a/skip.json", ".hidden.txt"]:
        _touch(tmp_path / rel)
    got = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    assert got == ["A.txt", "a-b.txt", "a/b/c.md", "a/z.txt", "b.txt"]
    assert got == sorted(got)


@pytest.mark.parametrize(
    ("globs", "expected"),
    [(("*.txt",), ["x.txt"]), (("*.md",), ["y.md"]), (("*.txt", "*.html"), ["x.txt", "z.html"])],
)
def test_walk_globs(tmp_path: Path, globs: tuple[str, ...], expected: list[str]) -> None:
    for name in ["x.txt", "y.md", "z.html"]:
        _touch(tmp_path / name)
    assert [p.name for p in walk(tmp_path, globs)] == expected


def test_walk_single_file_and_doc_ids(tmp_path: Path) -> None:
    f = _touch(tmp_path / "sub" / "deep" / "story.txt")
    assert list(walk(f)) == [f]
    assert doc_id_for(f, f) == "story.txt"
    assert doc_id_for(f, tmp_path) == "sub/deep/story.txt"
    assert read_article(f, tmp_path).doc_id == "sub/deep/story.txt"


def test_walk_missing_root_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(UsageError, match=r"input path .*nope does not exist"):
        walk(missing)


def test_walk_survives_symlink_loops(tmp_path: Path) -> None:
    _touch(tmp_path / "news" / "one.txt")
    (tmp_path / "news" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "news" / "self").symlink_to(tmp_path / "news", target_is_directory=True)
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")  # a file link loop
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    _touch(tmp_path / "real.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    got = [p.relative_to(tmp_path).as_posix() for p in walk(tmp_path)]
    # A link that leads nowhere is yielded, so that the run reports it (one error line).
    assert got == ["a.txt", "b.txt", "dangling.txt", "link.txt", "news/one.txt", "real.txt"]


def test_walk_reports_unreadable_directories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _touch(tmp_path / "ok" / "a.txt")
    _touch(tmp_path / "locked" / "b.txt")
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(read_mod.os, "scandir", scandir)
    errors: list[tuple[Path, OSError]] = []
    got = list(walk(tmp_path, on_error=lambda p, e: errors.append((p, e))))
    assert [p.name for p in got] == ["a.txt"]
    assert [(p.name, type(e)) for p, e in errors] == [("locked", PermissionError)]

    # without a callback the directory is yielded, and reading it is a per-document error
    got = list(walk(tmp_path))
    assert [p.name for p in got] == ["locked", "a.txt"]
    with pytest.raises(DocumentError) as exc:
        read_article(got[0], tmp_path)
    assert exc.value.stage == "read"


# --- decoding and bad input ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("café – naïve".encode("cp1252"), "café – naïve", "cp1252"),
        ("Le président a parlé, déjà.".encode("latin-1"), "Le président a parlé, déjà.", "latin-1"),
        ("\ufeffdate 2020-01-02 Tïtle".encode(), "date 2020-01-02 Tïtle", "utf-8-sig"),
        ("date 2020-01-02 Tïtle\r\n".encode("utf-16"), "date 2020-01-02 Tïtle\r\n", "utf-16"),
        ("Zürich “quoted”".encode(), "Zürich “quoted”", "utf-8"),
        (
            ("Президент провёл телефонный разговор с премьер-министром. " * 4).encode("cp1251"),
            "Президент провёл телефонный разговор с премьер-министром. " * 4,
            "cp1251",
        ),
    ],
    ids=["cp1252", "latin-1", "utf-8-bom", "utf-16-bom", "utf-8", "cp1251"],
)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize(
    ("data", "stage", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "decode", "binary file"),
        (bytes(range(1, 32)) * 20 + b"some text", "decode", "binary file"),
        (b"", "read", "empty document"),
        (b"  \n\t\r\n  \n", "read", "empty document"),
        ("\ufeff \n".encode(), "read", "empty document"),
    ],
    ids=["nul-bytes", "control-chars", "empty", "whitespace", "bom-only"],
)
def test_bad_input_is_a_document_error(
    tmp_path: Path, data: bytes, stage: str, reason: str
) -> None:
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(DocumentError) as exc:
        read_article(f, tmp_path)
    assert exc.value.stage == stage
    assert reason in exc.value.reason


def test_legacy_encoded_article_parses(tmp_path: Path) -> None:
    text = "date 2019-04-02\r\nMinister’s café talks – a “frank” exchange\r\n" + BODY
    f = tmp_path / "legacy.txt"
    f.write_bytes(text.encode("cp1252"))
    a = read_article(f, tmp_path)
    assert (a.encoding, a.text) == ("cp1252", text)
    assert a.title == "Minister’s café talks – a “frank” exchange"
    assert a.published == dt.date(2019, 4, 2)
    assert a.sha256 == hashlib.sha256(text.encode("cp1252")).hexdigest()


def test_crlf_is_kept_and_offsets_slice(tmp_path: Path) -> None:
    text = (
        "date 2024-03-08\r\n"
        "Leaders hold call on grain exports\r\n"
        "\r\n"
        "ROME, March 7 (Reuters) - The two prime ministers spoke by phone on Thursday about "
        "grain exports, their offices said.\r\n"
        "\r\n"
        "They agreed to meet again in the spring, a spokesperson added after the call.\r\n"
    )
    f = tmp_path / "crlf.txt"
    f.write_bytes(text.encode())
    a = read_article(f, tmp_path)
    assert a.text == text
    assert a.text[slice(*a.title_span)] == "Leaders hold call on grain exports"
    assert a.dateline is not None
    assert a.text[a.dateline.start : a.dateline.end] == "ROME, March 7 (Reuters) -"
    assert a.dateline.date == dt.date(2024, 3, 7)
    assert a.text[a.body_start :].startswith("\r\nROME")


@pytest.mark.parametrize("header", ["date 2025-13-45", "date 2025-02-30", "date 13/02/2025"])
def test_malformed_header_is_a_warning(header: str) -> None:
    a = article_from_text(f"{header}\nTalks on the border crossing\n{BODY}", doc_id="x.txt")
    assert a.published is None
    assert a.title == "Talks on the border crossing"
    assert len(a.warnings) == 1 and "malformed date header" in a.warnings[0]


def test_malformed_header_falls_back_to_byline() -> None:
    text = f"date 2025-13-45\nTalks on the border crossing\nPublished: 12 March 2020\n\n{BODY}"
    a = article_from_text(text, doc_id="x.txt")
    assert (a.published, a.published_basis) == (dt.date(2020, 3, 12), "byline")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file(tmp_path: Path) -> None:
    f = _touch(tmp_path / "secret.txt")
    f.chmod(0)
    try:
        with pytest.raises(DocumentError) as exc:
            read_article(f, tmp_path)
        assert exc.value.stage == "read"
        assert "Permission denied" in exc.value.reason
    finally:
        f.chmod(0o644)


def test_max_bytes(tmp_path: Path) -> None:
    f = _touch(tmp_path / "long.txt", "Talks on the border\n" + BODY * 10)
    with pytest.raises(DocumentError, match="over the limit") as exc:
        read_article(f, tmp_path, max_bytes=100)
    assert exc.value.stage == "read"
    assert read_article(f, tmp_path, max_bytes=10_000).title == "Talks on the border"


def test_huge_file_reads(tmp_path: Path) -> None:
    text = "date 2022-05-05\nA very long report\n" + BODY * 40_000  # about 5 MB
    f = tmp_path / "huge.txt"
    f.write_text(text, encoding="utf-8")
    a = read_article(f, tmp_path)
    assert len(a.text) == len(text)
    assert (a.title, a.published) == ("A very long report", dt.date(2022, 5, 5))


# --- HTML ------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html><head><title>Leaders speak by phone | The Daily Example</title>
<meta property="article:published_time" content="2023-03-04T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Leaders speak by phone about the harbour dispute</h1>
<p>The president of Examplestan held a phone call on Friday with her counterpart, officials
said in a statement released late in the evening.</p>
<p>The two leaders discussed trade, energy and regional security, and agreed to stay in touch
over the coming weeks, the statement said.</p>
<p>It was their first conversation since the election in January, which was followed by weeks
of protests in the capital.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>
"""


@pytest.mark.parametrize("name", ["story.html", "story.htm", "story.txt"])
def test_html_with_trafilatura(tmp_path: Path, name: str) -> None:
    pytest.importorskip("trafilatura")
    f = tmp_path / name
    f.write_text(HTML, encoding="utf-8")
    a = read_article(f, tmp_path)
    assert a.title == "Leaders speak by phone about the harbour dispute"
    assert a.text[slice(*a.title_span)] == a.title
    assert "held a phone call on Friday" in a.text
    assert "<p>" not in a.text and "Subscribe" not in a.text
    assert (a.published, a.published_basis) == (dt.date(2023, 3, 4), "header")
    assert any(w.startswith("html:") for w in a.warnings)
    assert a.sha256 == hashlib.sha256(HTML.encode()).hexdigest()


def test_html_without_trafilatura(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    f = tmp_path / "story.html"
    f.write_text(HTML, encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        read_article(f, tmp_path)
    assert exc.value.stage == "read"
    assert "pip install 'newsevents[html]'" in exc.value.reason


# --- datelines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "published", "place", "date"),
    [
        ("MOSCOW, February 12. /TASS/.", "2025-02-13", "MOSCOW", "2025-02-12"),
        ("WASHINGTON (AP) —", "2025-02-13", "WASHINGTON", None),
        ("NEW DELHI, June 2 (Reuters) -", "2025-06-03", "NEW DELHI", "2025-06-02"),
        ("LONDON, Feb 3 (Reuters) -", "2025-02-03", "LONDON", "2025-02-03"),
        ("Moscow, 5 January 2021 -", "2021-01-06", "Moscow", "2021-01-05"),
        ("BEIJING, Dec. 30 (Xinhua) --", "2025-01-02", "BEIJING", "2024-12-30"),
        ("TOKYO, Sept. 2 (Kyodo) -", "2025-09-01", "TOKYO", "2025-09-02"),  # a day ahead
        ("SEOUL, March 3 (Yonhap) --", "2025-02-27", "SEOUL", "2024-03-03"),
        ("KYIV, Ukraine (AP) —", "2025-02-13", "KYIV, Ukraine", None),
        ("UNITED NATIONS (AP) —", "2025-02-13", "UNITED NATIONS", None),
        ("Paris, France, May 3 (AFP) -", "2025-05-04", "Paris, France", "2025-05-03"),
        ("ANKARA (Wire Service - 05th February, 2020)", "2020-02-05", "ANKARA", "2020-02-05"),
        ("NAIROBI —", "2025-02-13", "NAIROBI", None),
        ("Lima, Peru, 14 August 2019:", "2019-08-15", "Lima, Peru", "2019-08-14"),
        ("The president said on Monday -", "2025-02-13", None, None),
        ("BREAKING: markets fall -", "2025-02-13", None, None),
        ("Friday, 3 March 2023 10:15 AM EST", "2023-03-03", None, None),
        ("Xinhua, July 8, 2015", "2015-07-08", None, None),
        ("NATO allies agreed on Friday to", "2025-02-13", None, None),
    ],
)
def test_dateline(line: str, published: str, place: str | None, date: str | None) -> None:
    text = f"date {published}\nA headline for the story\n{line} {BODY}"
    a = article_from_text(text, doc_id="x.txt")
    assert a.published == dt.date.fromisoformat(published)
    if place is None:
        assert a.dateline is None
        return
    assert a.dateline is not None
    assert (a.dateline.place, a.dateline.date) == (
        place,
        dt.date.fromisoformat(date) if date else None,
    )
    assert a.text[a.dateline.start : a.dateline.end] == a.dateline.text
    assert line.startswith(a.dateline.text)


def test_dateline_without_year_or_publication_date() -> None:
    a = article_from_text(f"Story headline here\nLONDON, May 2 (Reuters) - {BODY}", doc_id="x")
    assert a.dateline is not None and a.dateline.place == "LONDON"
    assert a.dateline.date is None
    assert a.published is None
    assert any("no year" in w for w in a.warnings)


def test_dateline_with_year_gives_publication_date() -> None:
    a = article_from_text(f"Story headline here\nPARIS, 5 January 2021 - {BODY}", doc_id="x")
    assert (a.published, a.published_basis) == (dt.date(2021, 1, 5), "dateline")


# --- publication date and title without a header ---------------------------------------


@pytest.mark.parametrize(
    ("top", "published"),
    [
        ("by Ana Ruiz February 13, 2025 5:35 AM 1 min read", "2025-02-13"),
        ("Published: 12 March 2020", "2020-03-12"),
        ("March 5, 2019 / 2:10 PM", "2019-03-05"),
        ("Updated: Nov 4, 2019 09:10 IST", "2019-11-04"),
        ("PUBLISHED : Sunday, 7 July, 2024, 8:05pm", "2024-07-07"),
        ("Posted on 2018-06-30", "2018-06-30"),
        ("By Ana Ruiz", None),
        ("On 29 September 2020, the minister told reporters that the talks had failed.", None),
    ],
)
def test_publication_date_from_byline(top: str, published: str | None) -> None:
    a = article_from_text(f"Ministers agree on border deal\n{top}\n\n{BODY}", doc_id="x")
    assert a.title == "Ministers agree on border deal"
    expected = dt.date.fromisoformat(published) if published else None
    assert a.published == expected
    assert a.published_basis == ("byline" if published else None)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # a scraped page: menus above the headline, a byline below it
        (
            "Skip to content\nWorld Politics Business Sport\nNewsletters\nEdit post\n\n"
            "Prime ministers pledge closer ties in first call\n\n"
            f"by Ana Ruiz May 2, 2024 7:00 AM\n\n{BODY}",
            "Prime ministers pledge closer ties in first call",
        ),
        # no byline: the last headline before the body
        (
            "Skip to content\nMenu\nSearch\n\nPrime ministers pledge closer ties in first call\n\n"
            f"{BODY}",
            "Prime ministers pledge closer ties in first call",
        ),
        (
            f"Prime Ministers Pledge Closer Ties In First Call\n{BODY}",
            "Prime Ministers Pledge Closer Ties In First Call",
        ),
        (f"{BODY}{BODY}", None),
        (f"[no headline]\n{BODY}", None),
        (f"date 2020-01-01\n[no headline]\n{BODY}", None),
        (f"date 2020-01-01\n\nTitle On Its Own Line\n\n{BODY}", "Title On Its Own Line"),
    ],
    ids=["scraped", "no-byline", "title-case", "no-title", "placeholder", "header-placeholder",
         "header-blank-lines"],
)
def test_title(text: str, title: str | None) -> None:
    a = article_from_text(text, doc_id="x")
    assert a.title == title
    if title is not None:
        assert a.text[slice(*a.title_span)] == title
        assert a.body_start >= a.title_span[1]


def test_placeholder_title_moves_body_start() -> None:
    text = f"date 2020-01-01\n[no headline]\n{BODY}"
    a = article_from_text(text, doc_id="x")
    assert a.text[a.body_start :] == BODY


# --- the dev set (read-only, when ../shared is there) ----------------------------------

DEVSET = ROOT.parent / "shared" / "devset" / "docs"


@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is not available")
def test_devset_reads() -> None:
    files = sorted(DEVSET.glob("*.txt"))
    assert files
    with_header = 0
    for f in files:
        a = read_article(f, DEVSET)
        first = a.text.lstrip().split("\n", 1)[0]
        if first.startswith("date "):
            with_header += 1
            assert a.published == dt.date.fromisoformat(first.split()[1]), f.name
            assert a.published_basis == "header"
        if a.title is not None:
            assert a.text[slice(*a.title_span)] == a.title
            assert "\n" not in a.title
        if a.dateline is not None:
            assert a.text[a.dateline.start : a.dateline.end] == a.dateline.text
    assert with_header >= len(files) - 10


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # a readout's own date on a line of its own under the title, below a site's date bar
        ("date 2023-06-25\nReadout of the Minister's Call\nSunday, June 25, 2023\n\n"
         "Readout of the Minister's Call\n\nJUNE 24, 2023\n\nThe Minister spoke today with "
         "his counterpart.\n", dt.date(2023, 6, 24)),
        ("Leaders discuss trade\nMonday, March 3, 2025 10:15 AM EST\nThe Prime Minister spoke "
         "today with the President.\n", dt.date(2025, 3, 3)),
        # a date inside the first sentence is no date line
        ("date 2023-06-25\nA call\nThe Minister spoke on June 24, 2023 with his counterpart.\n",
         None),
    ],
)  # fmt: skip
def test_a_date_alone_on_a_line_dates_the_page(text: str, date: dt.date | None) -> None:
    article = article_from_text(text, doc_id="d.txt")
    assert (article.dateline.date if article.dateline else None) == date


# --- one stray invalid byte in a UTF-8 file (issue 12, part 2) -----------------------------

_STRAY_TITLE = "Zürich talks: “frank” exchange on Kraków’s grain – Ministers agree"


def _stray_byte_article() -> bytes:
    text = (
        f"date 2024-03-08\n{_STRAY_TITLE}\n\n"
        "ZÜRICH, March 7 (Reuters) - Ministers from Poland’s and Switzerland’s governments "
        "spoke by phone on Thursday about grain exports, their offices said.\n\n"
        "The call lasted an hour, Łukasz Nowak’s spokesperson said.\n"
    )
    data = text.encode()
    cut = data.index(b"an hour")
    return data[:cut] + b"\x92" + data[cut:]  # a lone cp1252 apostrophe pasted in


def test_decode_stray_byte_in_utf8_is_replaced_with_a_warning() -> None:
    warnings: list[str] = []
    text, encoding = decode(_stray_byte_article(), warnings=warnings)
    assert encoding == "utf-8"
    assert _STRAY_TITLE in text and "Łukasz Nowak’s" in text
    assert text.count("\ufffd") == 1
    assert len(warnings) == 1 and "1 invalid byte" in warnings[0] and "U+FFFD" in warnings[0]
    # real legacy text is still decoded as before, without a warning
    warnings.clear()
    assert decode("café – naïve".encode("cp1252"), warnings=warnings) == (
        "café – naïve", "cp1252"
    )
    assert decode("Le président, déjà.".encode("latin-1"), warnings=warnings)[1] == "latin-1"
    assert warnings == []


def test_extract_stray_byte_in_utf8_keeps_names_and_title(tmp_path: Path) -> None:
    import orjson
    from typer.testing import CliRunner

    from newsevents.cli import app

    src = tmp_path / "in"
    src.mkdir()
    (src / "stray.txt").write_bytes(_stray_byte_article())
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(src), "-o", str(out), "--processes", "1"])
    assert result.exit_code == 0, result.output
    [doc] = [orjson.loads(x) for x in (out / "documents.jsonl").read_bytes().splitlines()]
    assert doc["encoding"] == "utf-8"
    assert doc["title"] == _STRAY_TITLE
    assert any("invalid byte" in w and "U+FFFD" in w for w in doc["warnings"])
    assert "Ã" not in (out / "documents.jsonl").read_text(encoding="utf-8")
