"""The HTML report: its content, its escaping, and how it renders in headless Chromium."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import UsageError
from newsevents.merge import write_run_merges
from newsevents.report import render_report, write_report
from test_merge import call, read_jsonl, write_run

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
    # Through the manifest's input_root only the files the run read are shown...
    html = render_report(run_dir)
    assert "changed since extraction" not in html
    assert "not the one the run read (give --sources to show it)" in html
    # ...a directory the user gives is shown as it is now.
    html = render_report(run_dir, sources=run_dir.parent / "input")
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


# --- untrusted output directories ---------------------------------------------------------

SECRET = "TOP-SECRET-CONTENT of a file outside the sources\n"


def _add_document(run: Path, doc: dict[str, Any]) -> None:
    with (run / "documents.jsonl").open("ab") as fh:
        fh.write(orjson.dumps(doc) + b"\n")


@pytest.mark.parametrize("how", ["dotdot", "absolute", "symlink", "dotdot-via-subdir"])
@pytest.mark.parametrize("root", ["manifest", "sources"])
def test_report_never_reads_outside_the_sources(
    run_dir: Path, tmp_path: Path, how: str, root: str
) -> None:
    src = tmp_path / "input"
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    if how == "symlink":
        (src / "link.txt").symlink_to(secret)
    doc_id = {"dotdot": "../secret.txt", "absolute": str(secret), "symlink": "link.txt",
              "dotdot-via-subdir": "sub/../../secret.txt"}[how]
    doc = _document("other.txt", None, [])
    # Even its sha256 matches: the path alone is refused.
    doc.update(doc_id=doc_id, sha256=hashlib.sha256(SECRET.encode()).hexdigest(), title="x")
    _add_document(run_dir, doc)
    html_path = tmp_path / "r.html"
    args = ["report", str(run_dir), "-o", str(html_path)]
    result = CliRunner().invoke(app, args + (["--sources", str(src)] if root == "sources" else []))
    assert result.exit_code == 0, result.output
    html = html_path.read_text(encoding="utf-8")
    assert "TOP-SECRET" not in html
    assert "resolves outside the sources directory" in html
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and repr(doc_id) in warnings[0]
    assert "outside the sources directory" in warnings[0]
    # The rest of the report goes on: the documents inside still show their text.
    assert html.count('class="evidence"') == 3 and 'class="entity"' in html


def test_report_manifest_root_shows_only_the_files_the_run_read(
    run_dir: Path, tmp_path: Path
) -> None:
    # A hostile manifest points input_root at "/" and a doc_id at a file it cannot hash.
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (run_dir / "manifest.json").write_bytes(orjson.dumps({"input_root": "/"}))
    doc = _document("other.txt", None, [])
    doc.update(doc_id=str(secret).lstrip("/"), sha256="0" * 64)
    _add_document(run_dir, doc)
    html = render_report(run_dir)
    assert "TOP-SECRET" not in html
    assert "not the one the run read" in html


@pytest.mark.parametrize("manifest", [b"[1, 2]", b'{"input_root": 7}', b'"x"', b"{"])
def test_report_survives_a_manifest_of_the_wrong_shape(run_dir: Path, manifest: bytes) -> None:
    (run_dir / "manifest.json").write_bytes(manifest)
    assert "give --sources" in render_report(run_dir)


PAYLOAD = ('<script>document.documentElement.dataset.pwned="script"</script>'
           '"><img src=x onerror="document.documentElement.dataset.pwned=1">'
           "'><svg onload=alert(2)></script><script>alert(3)</script>")


def _injected_records(records: list[dict[str, Any]], model: Any,
                      skip: frozenset[str]) -> tuple[list[dict[str, Any]], int]:
    """Each record with PAYLOAD appended to every string leaf (and dict key) the model
    accepts with it: literal and patterned fields keep their value. Returns the records and
    how many fields were injected."""
    import copy

    from pydantic import ValidationError

    def ok(rec: dict[str, Any]) -> bool:
        try:
            model.validate_python(rec)
        except ValidationError:
            return False
        return True

    def leaves(node: Any, at: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        if isinstance(node, dict):
            for k, v in node.items():
                out.append((*at, ("key", k)))
                out.extend(leaves(v, (*at, k)))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                out.extend(leaves(v, (*at, i)))
        elif isinstance(node, str):
            out.append(at)
        return out

    injected, n = [], 0
    for rec in records:
        rec = copy.deepcopy(rec)
        # Values first: renaming a key (Disagreement.values) would move the values under it.
        for leaf in sorted(leaves(rec, ()), key=lambda at: isinstance(at[-1], tuple)):
            names = [p for p in leaf if isinstance(p, str)]
            if names and names[-1] in skip:
                continue
            trial = copy.deepcopy(rec)
            parent = trial
            for p in leaf[:-1]:
                parent = parent[p]
            last = leaf[-1]
            if isinstance(last, tuple):  # a dict key
                if not isinstance(parent, dict) or last[1] not in parent:
                    continue
                parent[last[1] + PAYLOAD] = parent.pop(last[1])
            else:
                parent[last] = parent[last] + PAYLOAD
            if ok(trial):
                rec, n = trial, n + 1
        injected.append(rec)
    return injected, n


def _inject_run(run: Path, skip: frozenset[str]) -> None:
    from pydantic import TypeAdapter

    from newsevents.records import EVENT_ADAPTER, DocumentRecord, MergedCall

    merged = read_jsonl(run / "merged.jsonl")
    # A disagreement and a near-duplicate, so that those fields are there to inject into.
    merged[0]["disagreements"] = [{"field": "medium", "values": {"phone": ["a"], "video": ["b"]}}]
    merged[0]["sources"][0]["near_duplicate_of"] = "kyiv.txt"
    models = {"documents.jsonl": TypeAdapter(DocumentRecord), "events.jsonl": EVENT_ADAPTER,
              "merged.jsonl": TypeAdapter(MergedCall)}
    for name, model in models.items():
        records = merged if name == "merged.jsonl" else read_jsonl(run / name)
        records, n = _injected_records(records, model, skip)
        assert n >= 10, (name, n)
        (run / name).write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


class _Tags(HTMLParser):
    """Every start tag of a page with its attributes, as a browser tokenizes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _assert_nothing_unescaped(html: str) -> None:
    assert html.count("<script") == 1 and html.count("</script") == 1  # the page's own
    assert "<img" not in html and "<svg onload" not in html
    parser = _Tags()
    parser.feed(html)
    assert [t for t, _ in parser.tags].count("script") == 1
    assert not {t for t, _ in parser.tags} & {"img", "iframe", "object", "embed", "base"}
    handlers = [(t, a) for t, attrs in parser.tags for a, _ in attrs if a.startswith("on")]
    assert handlers == []  # no event handler attribute on any element
    assert "&lt;script&gt;document.documentElement" in html  # the values are on the page
    assert "&quot;&gt;&lt;img src=x onerror=" in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert csp and "unsafe-inline" not in csp.group(1).split("script-src", 1)[1].split(";")[0]
    assert "'sha256-" in csp.group(1)


@pytest.mark.parametrize("skip", [
    pytest.param(frozenset(), id="every-field"),
    # doc_ids and mention texts kept, so that texts, entities and evidence render too
    pytest.param(frozenset({"doc_id", "text", "sha256"}), id="with-texts"),
])
def test_report_escapes_injected_values_in_every_field(
    run_dir: Path, tmp_path: Path, skip: frozenset[str]
) -> None:
    _inject_run(run_dir, skip)
    html = render_report(run_dir, sources=tmp_path / "input")
    _assert_nothing_unescaped(html)
    if skip:
        assert html.count('class="entity"') >= 8 and html.count('class="evidence"') == 3


def test_entity_labels_are_escaped_even_past_validation() -> None:
    from newsevents.report import _document_html

    label = '"><img src=x onerror=alert(1)>'
    doc = {"entities": [{"mentions": [{"start": 0, "end": 5, "text": "Putin", "label": label}]}]}
    html = _document_html("Putin spoke", doc, [])
    assert "<img" not in html and "&lt;img" in html


def test_report_script_hash_matches_its_script(run_dir: Path) -> None:
    html = render_report(run_dir)
    script = html[html.index("<script>") + len("<script>"):html.index("</script>")]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in html


@pytest.mark.parametrize(
    ("name", "line", "field"),
    [
        pytest.param("documents.jsonl", b'{"doc_id": "a.txt"}', "sha256", id="doc-missing"),
        pytest.param("documents.jsonl", "label", "entities.0.mentions.0.label",
                     id="mention-label-markup"),
        pytest.param("documents.jsonl", b"[1, 2]", "<record>", id="doc-not-object"),
        pytest.param("events.jsonl", "parties", "parties", id="parties-a-string"),
        pytest.param("events.jsonl", b'"just a string"', "<record>", id="event-not-object"),
        pytest.param("events.jsonl", b'{"type": "call", "doc_id": 5}', "doc_id",
                     id="event-doc-id-int"),
        pytest.param("merged.jsonl", b'{"id": "m"}', "status", id="merged-missing"),
        pytest.param("merged.jsonl", b"not json", "<json>", id="merged-not-json"),
    ],
)
def test_report_rejects_schema_invalid_lines(
    run_dir: Path, tmp_path: Path, name: str, line: Any, field: str
) -> None:
    path = run_dir / name
    lines = path.read_bytes().splitlines()
    if line == "label":
        doc = orjson.loads(lines[0])
        doc["entities"][0]["mentions"][0]["label"] = '"><img src=x onerror=alert(1)>[/red]'
        line = orjson.dumps(doc)
    elif line == "parties":
        ev = orjson.loads(lines[0])
        ev["parties"] = "Putin and al-Sharaa"
        line = orjson.dumps(ev)
    path.write_bytes(b"\n".join([*lines[:1], line, *lines[1:]]) + b"\n")
    html_path = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", str(run_dir), "-o", str(html_path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{path}:2: {field}:" in result.output
    assert not html_path.exists()


# --- headless Chromium --------------------------------------------------------------------

PROBE_SCRIPT = (
    "(function(){var root=document.documentElement;"
    "function note(m){root.setAttribute('data-errors',(root.getAttribute('data-errors')||'')"
    "+m+'|');}"
    "window.addEventListener('error',function(e){note(e.message);});"
    "document.addEventListener('securitypolicyviolation',function(e){"
    "note('CSP blocked '+e.violatedDirective+' '+e.blockedURI);});"
    "var ce=console.error;console.error=function(){note([].join.call(arguments,' '));"
    "return ce.apply(console,arguments);};})();"
)
ERROR_PROBE = f"<script>{PROBE_SCRIPT}</script>"
PROBE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(PROBE_SCRIPT.encode()).digest()).decode()


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
    # The probe runs under the page's own CSP: its hash is added, nothing else changes.
    html = html.replace("script-src ", f"script-src '{PROBE_HASH}' ", 1)
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


@pytest.mark.slow
def test_injected_values_do_not_run_in_chromium(run_dir: Path, tmp_path: Path) -> None:
    _inject_run(run_dir, frozenset({"doc_id", "text", "sha256"}))
    html_path = tmp_path / "injected.html"
    write_report(run_dir, html_path, sources=tmp_path / "input")
    dom, errors = load_in_chromium(html_path, tmp_path)
    assert errors == []  # no page error and no CSP violation: the page's own script runs
    html_tag = dom[dom.index("<html"):dom.index(">", dom.index("<html"))]
    assert "data-pwned" not in html_tag  # no injected script or handler ran
    assert "<img" not in dom
