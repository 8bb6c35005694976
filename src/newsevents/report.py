"""One self-contained HTML page for a run: merged calls, timeline, party network, documents.

Everything is inline (CSS, a few lines of JS, SVG) and a Content-Security-Policy forbids any
other load, so the page opens offline and from CI artifacts. Every value from the data is
escaped; document text goes through displaCy (which escapes it) with entities from
documents.jsonl and the call evidence from events.jsonl highlighted.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from newsevents.errors import NewsEventsError, UsageError
from newsevents.io.published import reading_published
from newsevents.names import normalize_name, same_person, surname_key
from newsevents.records import EVENT_ADAPTER, MergedCall, Party
from newsevents.validate import Problem, adapter_for, outside_message, problems_of, source_path

MAX_DOCUMENTS = 200  # documents whose text the page shows (those behind calls first)
MAX_DOC_CHARS = 20_000
MAX_NODES = 60
MAX_TIMELINE_MONTHS = 120  # beyond this the timeline counts years


CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;
background:#fafafa}
header,section{max-width:1200px;margin:0 auto;padding:12px 24px}
header{border-bottom:1px solid #ddd;background:#fff}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px}
nav a{margin-right:16px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f0f0f0}
td.n{text-align:right;white-space:nowrap}td.date{white-space:nowrap}
.sources{margin:0;padding-left:18px}.sources li{margin-bottom:4px}
.dup{color:#888}.basis,.meta{color:#666;font-size:13px}
.disagree{color:#a15c00;font-size:13px}
blockquote{margin:2px 0 0;padding-left:8px;border-left:3px solid #c7d7f0;color:#444;
font-size:13px}
svg{background:#fff;border:1px solid #ddd;max-width:100%;height:auto}
article{background:#fff;border:1px solid #ddd;margin:12px 0;padding:8px 16px}
.doc-text{line-height:2.3;white-space:normal}
.evidence{background:#fff3a8;outline:1px solid #e0c200}
.evidence.other{background:#eee;outline:1px dashed #999}
#filter{width:320px;padding:4px;margin-bottom:8px}
.note{color:#666;font-style:italic}
"""

SCRIPT = """
(function () {
  var box = document.getElementById("filter");
  var rows = document.querySelectorAll("#calls-table tbody tr");
  if (!box) { return; }
  box.addEventListener("input", function () {
    var q = box.value.toLowerCase();
    rows.forEach(function (row) {
      row.style.display = row.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
    });
  });
})();
"""

# Only the page's own script runs: the CSP names its hash, so no inline handler or injected
# <script> would, even if a value escaped the escaping.
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; "
       "img-src data:; base-uri 'none'; form-action 'none'")

_DISPLACY_WRAPPER = re.compile(r"^\s*<div class=\"entities\"[^>]*>(.*)</div>\s*$", re.DOTALL)


# --- inputs -------------------------------------------------------------------------------


class InvalidInputError(NewsEventsError):
    """Input lines that are not valid records; `problems` says which (exit code 1)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _records(path: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    """The schema-valid records of a JSONL file; every other line is added to `problems`.

    Lines are checked against the pydantic models before anything renders them, as
    `newsevents validate` does (offsets are not compared: the page drops spans that do not
    fit the text).
    """
    if not path.is_file():
        return []
    adapter = adapter_for(path.name)
    records = []
    try:
        with path.open("rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = orjson.loads(line)
                except orjson.JSONDecodeError as exc:
                    problems.append(Problem(str(path), n, "<json>", str(exc)))
                    continue
                try:
                    adapter.validate_python(obj)
                except ValidationError as exc:
                    tag = (obj.get("type") if adapter is EVENT_ADAPTER and isinstance(obj, dict)
                           else None)
                    problems.extend(problems_of(exc, str(path), n, tag))
                    continue
                records.append(obj)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return records


def _load(out_dir: Path) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]],
                                  list[MergedCall] | None]:
    problems: list[Problem] = []
    documents = {d["doc_id"]: d for d in _records(out_dir / "documents.jsonl", problems)}
    events = _records(out_dir / "events.jsonl", problems)
    merged = _records(out_dir / "merged.jsonl", problems)
    if problems:
        raise InvalidInputError(problems)
    calls = ([MergedCall.model_validate(m) for m in merged]
             if (out_dir / "merged.jsonl").is_file() else None)
    return documents, events, calls


def _load_calls(events: list[dict[str, Any]], documents: Mapping[str, dict[str, Any]],
                calls: list[MergedCall] | None) -> list[MergedCall]:
    if calls is not None:
        return calls
    from newsevents.merge import merge_calls

    return merge_calls(events, documents)


def _source_root(out_dir: Path, sources: Path | None) -> tuple[Path | None, bool]:
    """(the input directory or file, whether the user gave it) or (None, False).

    The manifest's `input_root` is data like any other: a text read through it is shown
    only when it is the file the run read (its sha256), see `_doc_text`.
    """
    if sources is not None:
        if not sources.exists():
            raise UsageError(f"{sources} does not exist: give the extract input directory")
        return sources, True
    manifest = out_dir / "manifest.json"
    if manifest.is_file():
        try:
            obj = orjson.loads(manifest.read_bytes())
        except (orjson.JSONDecodeError, OSError):
            return None, False
        root = obj.get("input_root") if isinstance(obj, dict) else None
        try:
            if isinstance(root, str) and root and Path(root).exists():
                return Path(root), False
        except (OSError, ValueError):
            pass
    return None, False


def _doc_text(root: Path | None, doc: Mapping[str, Any], *, given: bool,
              warnings: list[str]) -> tuple[str | None, str]:
    """(the document's text decoded as extract decoded it, or None; why not).

    Only a file inside `root` (symlinks resolved) is read. A root from the manifest (not
    `given`) shows only the file the run read, checked by its sha256.
    """
    if root is None:
        return None, ""
    doc_id = doc["doc_id"]
    if root.is_file():
        if doc_id != root.name:
            return None, "text not available"
        path: Path | None = root
    else:
        path = source_path(root, doc_id)
    if path is None:
        warnings.append(outside_message(doc_id, root))
        return None, "text not shown: its doc_id resolves outside the sources directory"
    try:
        if not path.is_file():
            return None, "text not available"
        data = path.read_bytes()
    except OSError:
        return None, "text not available"
    if not given and hashlib.sha256(data).hexdigest() != doc.get("sha256"):
        return None, ("text not shown: the file is not the one the run read "
                      "(give --sources to show it)")
    try:
        return data.decode(doc.get("encoding") or "utf-8"), ""
    except (LookupError, UnicodeDecodeError):
        return data.decode("utf-8", errors="replace"), ""


# --- pieces -------------------------------------------------------------------------------


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def party_label(party: Party | Mapping[str, Any]) -> str:
    p = party if isinstance(party, Mapping) else party.model_dump()
    if p.get("name"):
        return str(p["name"])
    return f"{p.get('title') or 'unnamed'} ({p.get('country') or p.get('org') or '?'})"


def _party_html(party: Party) -> str:
    where = party.country or party.org
    extra = f' <span class="meta">{_e(party.title)}{", " if party.title and where else ""}' \
            f'{_e(where)}</span>' if (party.title or where) else ""
    return f"<b>{_e(party_label(party))}</b>{extra}"


def _calls_table(calls: Sequence[MergedCall], anchors: Mapping[str, str]) -> str:
    rows = []
    for i, call in enumerate(calls, 1):
        date = call.date.value or (f"{call.date.text} (no day)" if call.date.text else "unknown")
        sources = []
        for s in call.sources:
            link = (f'<a href="#{anchors[s.doc_id]}">{_e(s.doc_id)}</a>' if s.doc_id in anchors
                    else _e(s.doc_id))
            dup = (f' <span class="dup">(copy of {_e(s.near_duplicate_of)})</span>'
                   if s.near_duplicate_of else "")
            title = f" - {_e(s.title)}" if s.title else ""
            sources.append(f"<li>{link}{title}{dup}<blockquote>{_e(s.evidence.text)}"
                           f"</blockquote></li>")
        disagreements = "".join(
            f'<div class="disagree">{_e(d.field)}: '
            + "; ".join(f"{_e(v)} ({len(ds)})" for v, ds in d.values.items()) + "</div>"
            for d in call.disagreements
        )
        initiator = (f'<div class="meta">initiated by {_e(call.initiated_by)}</div>'
                     if call.initiated_by else "")
        rows.append(
            "<tr>"
            f'<td class="n">{i}</td>'
            f"<td>{' &amp; '.join(_party_html(p) for p in call.parties)}{initiator}</td>"
            f'<td class="date">{_e(date)}<div class="basis">{_e(call.date.basis or "")}</div></td>'
            f"<td>{_e(call.medium)}</td>"
            f'<td class="n">{call.counts.documents}'
            f'<div class="basis">{call.counts.independent_sources} independent</div></td>'
            f'<td><ol class="sources">{"".join(sources)}</ol>{disagreements}</td>'
            "</tr>"
        )
    head = ("<thead><tr><th>#</th><th>parties</th><th>date</th><th>medium</th>"
            "<th>sources</th><th>reported by</th></tr></thead>")
    body = "".join(rows) or '<tr><td colspan="6" class="note">no held calls</td></tr>'
    return f'<table id="calls-table">{head}<tbody>{body}</tbody></table>'


def _timeline_svg(calls: Sequence[MergedCall]) -> str:
    months = Counter(c.date.value[:7] for c in calls if c.date.value)
    undated = sum(1 for c in calls if not c.date.value)
    if not months:
        return f'<p class="note">No dated calls ({undated} without a date).</p>'
    first, last = min(months), max(months)
    y0, m0, y1, m1 = int(first[:4]), int(first[5:]), int(last[:4]), int(last[5:])
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > MAX_TIMELINE_MONTHS:
        years: Counter[str] = Counter()
        for month, n in months.items():
            years[month[:4]] += n
        keys = [str(y) for y in range(y0, y1 + 1)]
        counts = [years[k] for k in keys]
    else:
        keys = [f"{y0 + (m0 - 1 + i) // 12:04d}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(span)]
        counts = [months[k] for k in keys]
    width, height, pad = max(400, 28 * len(keys) + 60), 240, 40
    bar = (width - 2 * pad) / len(keys)
    peak = max(counts)
    parts = [f'<svg id="timeline-svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="calls per period">']
    parts.append(f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
                 'stroke="#999"/>')
    for i, (key, n) in enumerate(zip(keys, counts, strict=True)):
        h = (height - 2 * pad) * n / peak
        x = pad + i * bar
        parts.append(f'<rect x="{x + 2:.1f}" y="{height - pad - h:.1f}" width="{bar - 4:.1f}" '
                     f'height="{h:.1f}" fill="#4a78c2"><title>{_e(key)}: {n}</title></rect>')
        if n:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - pad - h - 4:.1f}" '
                         f'font-size="11" text-anchor="middle">{n}</text>')
        if len(keys) <= 24 or i % math.ceil(len(keys) / 24) == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - pad + 14}" font-size="10" '
                         f'text-anchor="middle">{_e(key)}</text>')
    parts.append("</svg>")
    note = f'<p class="note">{undated} call(s) without a date are not shown.</p>' if undated else ""
    return "".join(parts) + note


def _node_key(party: Party, nodes: dict[str, list[tuple[str, str | None]]]) -> str:
    """The network node of a party: one node per person across spellings."""
    label = party_label(party)
    if not party.name:
        return label
    bucket = nodes.setdefault(surname_key(party.name), [])
    for name, country in bucket:
        if same_person(name, party.name) and (country is None or party.country in (None, country)):
            return name
    bucket.append((party.name, party.country))
    return party.name


def _network_svg(calls: Sequence[MergedCall]) -> str:
    nodes: dict[str, list[tuple[str, str | None]]] = {}
    # Full names first, so a surname alone joins its person's node.
    order = sorted((p for c in calls for p in c.parties),
                   key=lambda p: (-len(normalize_name(p.name or "")), party_label(p)))
    key_of: dict[str, str] = {}
    for p in order:
        key_of.setdefault(party_label(p), _node_key(p, nodes))
    edges: Counter[tuple[str, str]] = Counter()
    degree: Counter[str] = Counter()
    for c in calls:
        keys = sorted({key_of[party_label(p)] for p in c.parties})
        for a_i, a in enumerate(keys):
            degree[a] += 1
            for b in keys[a_i + 1:]:
                edges[(a, b)] += 1
    if not degree:
        return '<p class="note">No calls.</p>'
    shown = sorted(degree, key=lambda k: (-degree[k], k))[:MAX_NODES]
    shown.sort()
    size, radius = 900, 330
    centre = size / 2
    pos = {
        k: (centre + radius * math.cos(2 * math.pi * i / len(shown) - math.pi / 2),
            centre + radius * math.sin(2 * math.pi * i / len(shown) - math.pi / 2))
        for i, k in enumerate(shown)
    }
    parts = [f'<svg id="network-svg" width="{size}" '
             f'height="{size}" viewBox="0 0 {size} {size}" role="img" '
             f'aria-label="who called whom">']
    for (a, b), n in sorted(edges.items()):
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                         f'stroke="#7a9bd1" stroke-width="{min(1 + n, 8)}" opacity="0.7">'
                         f"<title>{_e(a)} - {_e(b)}: {n} call(s)</title></line>")
    for k in shown:
        x, y = pos[k]
        angle = math.atan2(y - centre, x - centre)
        lx, ly = x + 14 * math.cos(angle), y + 14 * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.1 else "end" if math.cos(angle) < -0.1 else "middle"
        r = 4 + min(degree[k], 12)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#c2544a">'
                     f"<title>{_e(k)}: {degree[k]} call(s)</title></circle>")
        parts.append(f'<text x="{lx:.1f}" y="{ly + 4:.1f}" font-size="12" '
                     f'text-anchor="{anchor}">{_e(k)}</text>')
    parts.append("</svg>")
    hidden = len(degree) - len(shown)
    note = f'<p class="note">{hidden} less connected parties not shown.</p>' if hidden else ""
    return "".join(parts) + note


def _displacy(text: str, ents: list[dict[str, Any]]) -> str:
    """displaCy's entity markup for `text` (escaped by displaCy), without its outer div."""
    from spacy import displacy

    html = displacy.render({"text": text, "ents": ents, "title": None}, style="ent",
                           manual=True, page=False)
    match = _DISPLACY_WRAPPER.match(html)
    return match.group(1) if match else html


def _spans(text: str, items: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans whose offsets hold their text (others are dropped), without overlaps."""
    out: list[tuple[int, int, str]] = []
    for start, end, payload in sorted(items):
        if 0 <= start < end <= len(text) and (not out or start >= out[-1][1]):
            out.append((start, end, payload))
    return out


def _document_html(text: str, doc: Mapping[str, Any],
                   evidence: list[tuple[int, int, str, str]]) -> str:
    """The text with entity mentions (displaCy) and call evidence highlighted."""
    mentions = _spans(text, (
        (m["start"], m["end"], _e(m["label"]))  # displaCy does not escape labels
        for ent in doc.get("entities") or ()
        for m in ent.get("mentions") or ()
        if text[m["start"]:m["end"]] == m["text"]
    ))
    marks = _spans(text, ((s, e, f"{cls}\t{title}") for s, e, cls, title in evidence))
    cuts = sorted({0, len(text)} | {x for s, e, _ in marks for x in (s, e)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        ents = [{"start": max(s, a) - a, "end": min(e, b) - a, "label": label}
                for s, e, label in mentions if s < b and e > a]
        html = _displacy(text[a:b], ents)
        mark = next((p for s, e, p in marks if s <= a and b <= e), None)
        if mark:
            cls, title = mark.split("\t", 1)
            html = f'<span class="{_e(cls)}" title="{_e(title)}">{html}</span>'
        out.append(html)
    return "".join(out)


def _documents_section(documents: Mapping[str, dict[str, Any]], order: list[str],
                       anchors: Mapping[str, str], events: list[dict[str, Any]],
                       root: Path | None, given: bool, warnings: list[str]) -> str:
    evidence: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    for ev in events:
        if ev.get("type") != "call":
            continue
        names = " - ".join(party_label(p) for p in ev.get("parties") or ())
        cls = "evidence" if ev.get("status") == "held" else "evidence other"
        for span in ev.get("evidence") or ():
            evidence[ev["doc_id"]].append(
                (span["start"], span["end"], cls, f"{ev.get('status')} call: {names}"))
    parts = []
    if root is None:
        parts.append('<p class="note">Document texts are not shown: the input directory is '
                     "unknown (give --sources).</p>")
    for doc_id in order:
        doc = documents[doc_id]
        text, why = _doc_text(root, doc, given=given, warnings=warnings)
        meta = [f"published {_e(doc.get('published'))}" if doc.get("published") else "",
                f"dateline {_e((doc.get('dateline') or {}).get('text'))}"
                if doc.get("dateline") else ""]
        body: str
        if text is None:
            quotes = "".join(f"<blockquote>{_e(t)}</blockquote>" for _, _, _, t in
                             evidence.get(doc_id, ()))
            body = f'<p class="note">{_e(why)}</p>{quotes}' if why else quotes
        else:
            cut = ""
            if len(text) > MAX_DOC_CHARS:
                text, cut = text[:MAX_DOC_CHARS], '<p class="note">(text cut here)</p>'
            body = (f'<div class="entities doc-text">'
                    f"{_document_html(text, doc, evidence.get(doc_id, []))}</div>{cut}")
        parts.append(
            f'<article id="{anchors[doc_id]}"><h3>{_e(doc_id)}'
            f'{" - " + _e(doc.get("title")) if doc.get("title") else ""}</h3>'
            f'<p class="meta">{" · ".join(m for m in meta if m)}</p>{body}</article>'
        )
    hidden = len(documents) - len(order)
    if hidden > 0:
        parts.append(f'<p class="note">{hidden} more document(s) not shown.</p>')
    return "".join(parts)


def render_report(out_dir: Path, *, sources: Path | None = None,
                  warnings: list[str] | None = None) -> str:
    """The report page for an extract output directory, as an HTML string.

    Raises:
        InvalidInputError: lines of documents.jsonl, events.jsonl or merged.jsonl are not
            valid records (nothing is rendered).
    """
    warnings = [] if warnings is None else warnings
    if not out_dir.is_dir():
        raise UsageError(f"{out_dir} is not a directory: give an extract output directory")
    if not (out_dir / "documents.jsonl").is_file():
        raise UsageError(f"{out_dir} holds no documents.jsonl: run `newsevents extract` first")
    with reading_published(out_dir):
        documents, events, merged = _load(out_dir)
        root, given = _source_root(out_dir, sources)
    calls = _load_calls(events, documents, merged)

    behind_calls = sorted({s.doc_id for c in calls for s in c.sources} & documents.keys())
    rest = sorted(documents.keys() - set(behind_calls))
    order = (behind_calls + rest)[:MAX_DOCUMENTS]
    anchors = {doc_id: f"doc-{i}" for i, doc_id in enumerate(order, 1)}
    n_sources = sum(c.counts.documents for c in calls)
    summary = (f"{len(documents)} document(s), {len(events)} event(s), {len(calls)} held "
               f"call(s) from {n_sources} source report(s).")
    return "".join([
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>newsevents report: {_e(out_dir.name)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>newsevents report: {_e(out_dir.name)}</h1><p>{_e(summary)}</p>",
        '<nav><a href="#calls">Calls</a><a href="#timeline">Timeline</a>'
        '<a href="#network">Party network</a><a href="#documents">Documents</a></nav></header>',
        f'<section id="calls"><h2>Calls ({len(calls)})</h2>',
        '<input id="filter" type="search" placeholder="Filter calls" aria-label="Filter calls">',
        _calls_table(calls, anchors), "</section>",
        '<section id="timeline"><h2>Timeline</h2>', _timeline_svg(calls), "</section>",
        '<section id="network"><h2>Party network</h2>', _network_svg(calls), "</section>",
        f'<section id="documents"><h2>Documents ({len(documents)})</h2>',
        _documents_section(documents, order, anchors, events, root, given, warnings), "</section>",
        f"<script>{SCRIPT}</script></body></html>\n",  # SCRIPT_HASH in the CSP
    ])


def write_report(out_dir: Path, html_path: Path, *, sources: Path | None = None) -> list[str]:
    """Write one self-contained HTML page for an extract output directory.

    Args:
        sources: the input directory, to show each document's text; default: the
            manifest's `input_root`.

    Returns:
        One-line warnings (documents whose text was refused).
    """
    warnings: list[str] = []
    html = render_report(out_dir, sources=sources, warnings=warnings)
    if html_path.parent and not html_path.parent.exists():
        html_path.parent.mkdir(parents=True)
    html_path.write_text(html, encoding="utf-8")
    return warnings
