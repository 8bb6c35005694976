"""The HTML report: its content, its escaping, and how it renders in headless Chromium."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import UsageError
from newsevents.merge import write_run_merges
from newsevents.report import render_report, write_report
from test_merge import call, write_run

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--hide-scrollbars"]

TEXTS = {
    "tass.txt": (
        "date 2025-02-13 Putin, Syrian leader hold first phone conversation\n"
        "MOSCOW, February 12. /TASS/. Russian President Vladimir Putin has held his first "
        "telephone conversation with Syria's new leader Ahmed al-Sharaa.\n"
        "The two discussed trade & <script>alert('x')</script> \"cooperation\".\n"
    ),
    "kyiv.txt": (
        "Putin holds first call with Syria's president <b>bold</b>\n"
        "Russian President Vladimir Putin held his first phone conversation on Feb. 12 with "
        "Syria's new leader, Ahmad al-Sharaa.\n"
    ),
    "other.txt": (
        "Biden and Modi spoke\n"
        "US President Joe Biden spoke by phone with Indian Prime Minister Narendra Modi on "
        "Monday, the White House said.\n"
    ),
}


def _sentence(text: str, needle: str) -> tuple[int, int, str]:
    start = text.index(needle)
    end = text.index("\n", start)
    return start, end, text[start:end]


def _entity(text: str, name: str, label: str, country: str | None) -> dict[str, Any]:
    mentions = [{"start": m.start(), "end": m.end(), "text": name, "label": label}
                for m in re.finditer(re.escape(name), text)]
    eid = hashlib.sha256(f"{name}|{label}|{country}".encode()).hexdigest()[:16]
    return {"id": eid, "name": name, "label": label, "aliases": [], "mentions": mentions,
            "titles": [], "country": country, "org": None}


def _document(doc_id: str, published: str | None, entities: list[tuple[str, str, str | None]]
              ) -> dict[str, Any]:
    text = TEXTS[doc_id]
    return {
        "schema_version": "1", "doc_id": doc_id,
        "sha256": hashlib.sha256(text.encode()).hexdigest(), "encoding": "utf-8",
        "title": text.splitlines()[0][-60:], "published": published, "published_basis": None,
        "dateline": None,
        "counts": {"chars": len(text), "tokens": 0, "sentences": 0, "entities": len(entities),
                   "events": 1, "calls_held": 1},
        "warnings": [], "entities": [_entity(text, *e) for e in entities],
    }


def _event(doc_id: str, parties: list[str], value: str, basis: str, needle: str,
           **kw: Any) -> dict[str, Any]:
    start, end, sentence = _sentence(TEXTS[doc_id], needle)
    ev = call(doc_id, parties, value, basis, evidence=sentence, start=start, **kw)
    assert ev["evidence"][0]["end"] == end
    return ev


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    src = tmp_path / "input"
    src.mkdir()
    for name, text in TEXTS.items():
        (src / name).write_text(text, encoding="utf-8")
    events = [
        _event("tass.txt", ["Vladimir Putin", "Ahmed al-Sharaa"], "2025-02-12", "dateline",
               "Russian President", topics=("economy",)),
        _event("kyiv.txt", ["Putin", "Ahmad al-Sharaa"], "2025-02-12", "relative",
               "Russian President"),
        _event("other.txt", ["Joe Biden", "Narendra Modi"], "2021-02-08", "relative", "US Pres"),
    ]
    documents = [
        _document("tass.txt", "2025-02-13", [("Vladimir Putin", "PERSON", "RUS"),
                                             ("Ahmed al-Sharaa", "PERSON", "SYR"),
                                             ("MOSCOW", "GPE", "RUS")]),
        _document("kyiv.txt", None, [("Vladimir Putin", "PERSON", "RUS"),
                                     ("Ahmad al-Sharaa", "PERSON", "SYR")]),
        _document("other.txt", "2021-02-09", [("Joe Biden", "PERSON", "USA"),
                                              ("Narendra Modi", "PERSON", "IND"),
                                              ("the White House", "ORG", "USA")]),
    ]
    run = write_run(tmp_path / "out", events, documents)
    manifest = {"input_root": str(src)}
    (run / "manifest.json").write_bytes(orjson.dumps(manifest))
    write_run_merges(run)
    return run


def test_report_content(run_dir: Path) -> None:
    html = render_report(run_dir)
    assert html.startswith("<!DOCTYPE html>")
    calls = html[html.index('<table id="calls-table">'):html.index("</table>")]
    assert calls.count("<tr>") == 3  # header + two merged calls
    assert "Vladimir Putin" in calls and "Narendra Modi" in calls
    assert calls.index("2021-02-08") < calls.index("2025-02-12")
    assert 'href="#doc-' in calls  # sources link to their document's text
    # Entities come from displaCy, evidence is highlighted in the text.
    assert html.count('class="entity"') >= 8
    assert html.count('class="evidence"') == 3
    assert "Content-Security-Policy" in html
    assert "<svg" in html and "<circle" in html and "<rect" in html


def test_report_escapes_everything(run_dir: Path) -> None:
    html = render_report(run_dir)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    # Self-contained: nothing to fetch.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert "@import" not in html and "url(" not in html


def test_report_without_texts(run_dir: Path) -> None:
    (run_dir / "manifest.json").unlink()
    html = render_report(run_dir)
    assert "give --sources" in html
    assert 'class="entity"' not in html
    assert html.count("<blockquote>") >= 6  # evidence still quoted in the table and per document
    # --sources gives them back.
    assert 'class="entity"' in render_report(run_dir, sources=run_dir.parent / "input")


def test_report_skips_spans_that_do_not_match_the_text(run_dir: Path) -> None:
    (run_dir.parent / "input" / "kyiv.txt").write_text("changed since extraction\n")
    html = render_report(run_dir)
    assert html.count('class="evidence"') == 2
    assert "changed since extraction" in html


@pytest.mark.parametrize("what", ["missing", "no-documents"])
def test_report_usage_errors(tmp_path: Path, what: str) -> None:
    path = tmp_path / "nope"
    if what == "no-documents":
        path.mkdir()
    with pytest.raises(UsageError):
        write_report(path, tmp_path / "r.html")
    result = CliRunner().invoke(app, ["report", str(path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2


def test_report_cli(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "site" / "report.html"
    result = CliRunner().invoke(app, ["report", str(run_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render_report(run_dir)


# --- headless Chromium --------------------------------------------------------------------

ERROR_PROBE = (
    "<script>(function(){var root=document.documentElement;"
    "function note(m){root.setAttribute('data-errors',(root.getAttribute('data-errors')||'')"
    "+m+'|');}"
    "window.addEventListener('error',function(e){note(e.message);});"
    "var ce=console.error;console.error=function(){note([].join.call(arguments,' '));"
    "return ce.apply(console,arguments);};})();</script>"
)


def _chromium() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} missing: run `make browser` (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} missing: run `make browser`")


def _run_chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    cmd = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def load_in_chromium(html_path: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """(the rendered DOM, the page's errors) of an HTML file in headless Chromium."""
    probe = tmp_path / f"probe-{html_path.name}"
    html = html_path.read_text(encoding="utf-8")
    probe.write_text(html.replace("<head>", "<head>" + ERROR_PROBE, 1), encoding="utf-8")
    proc = _run_chromium(["--dump-dom", probe.as_uri()], tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    errors = [line for line in proc.stderr.splitlines()
              if "CONSOLE" in line and re.search(r"Uncaught|error", line, re.I)]
    recorded = re.search(r'data-errors="([^"]*)"', dom)
    if recorded:
        errors.append(recorded.group(1))
    return dom, errors


def screenshot(html_path: Path, png: Path, tmp_path: Path) -> tuple[int, int]:
    proc = _run_chromium([f"--screenshot={png}", "--window-size=1280,2000", html_path.as_uri()],
                         tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.slow
def test_error_probe_catches_page_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head></head><body><p>x</p>"
                   "<script>undefinedFunction();</script></body></html>")
    _, errors = load_in_chromium(bad, tmp_path)
    assert errors and any("undefinedFunction" in e for e in errors)


def _check_rendered(html_path: Path, tmp_path: Path, n_calls: int) -> Path:
    dom, errors = load_in_chromium(html_path, tmp_path)
    assert errors == []
    body = dom[dom.index('<table id="calls-table">'):]
    body = body[:body.index("</table>")]
    assert body.count("<tr>") == n_calls + 1
    assert 'id="network-svg"' in dom and 'id="timeline-svg"' in dom
    png = tmp_path / f"{html_path.stem}.png"
    assert screenshot(html_path, png, tmp_path) == (1280, 2000)
    assert png.stat().st_size > 30_000  # a blank page compresses to a few kB
    return png


@pytest.mark.slow
def test_report_renders_in_chromium(run_dir: Path, tmp_path: Path) -> None:
    html_path = tmp_path / "report.html"
    write_report(run_dir, html_path)
    png = _check_rendered(html_path, tmp_path, n_calls=2)
    keep = os.environ.get("NEWSEVENTS_REPORT_SCREENSHOT")
    if keep:  # for a human look at the page
        shutil.copy(png, keep)


@pytest.mark.slow
def test_samples_report_renders_in_chromium(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(ROOT / "data" / "samples"), "-o", str(out),
                                      "--processes", "1", "--force"])
    assert result.exit_code == 0, result.output
    html_path = tmp_path / "samples.html"
    result = CliRunner().invoke(app, ["report", str(out), "-o", str(html_path),
                                      "--sources", str(ROOT / "data" / "samples")])
    assert result.exit_code == 0, result.output
    html = html_path.read_text(encoding="utf-8")
    assert html.count('class="evidence"') >= 2
    _check_rendered(html_path, tmp_path, n_calls=1)
