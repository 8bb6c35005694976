"""Byte-for-byte output comparison across versions of the pipeline.

A refactor must not change what `extract` writes. Run this once on the old code with
`--save REF` (it extracts every corpus into REF), then on the new code with `--against REF`:
it extracts the same corpora again and compares every published file byte for byte
(`manifest.json` without its run times). Exit 1 on any difference, naming the first differing
line of each file.

    python benchmarks/compare_outputs.py --save /tmp/ref            # on the old code
    python benchmarks/compare_outputs.py --against /tmp/ref         # on the new code
    python benchmarks/compare_outputs.py --against /tmp/ref --bbc   # and the 2,225 BBC articles
    python benchmarks/compare_outputs.py --against /tmp/ref --ignore-key rule   # rule ids renamed

`--ignore-key K` drops key K from every JSON line before comparing (for a change that renames
one field on purpose; say so in the commit).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = {
    "devset": SHARED / "devset" / "docs",
    "devset2": SHARED / "devset2" / "docs",
    "written": ROOT / "data" / "written" / "docs",
    "open": ROOT / "data" / "devset-open" / "docs",
    "samples": ROOT / "data" / "samples",
}
BBC = SHARED / "corpora" / "bbc"
FILES = (
    "documents.jsonl",
    "events.jsonl",
    "errors.jsonl",
    "merged.jsonl",
    "entities.jsonl",
    "manifest.json",
)
VOLATILE_MANIFEST_KEYS = ("started", "finished", "publish_id")  # publish_id: new each run


def extract(src: Path, out: Path, processes: int) -> None:
    exe = Path(sys.executable).parent / "newsevents"
    cmd = [str(exe), "extract", str(src), "-o", str(out), "--force", "-p", str(processes)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    print(f"{src.name}: {done.stdout.strip() or done.stderr.strip().splitlines()[-1]}")


def _drop(obj: object, keys: frozenset[str]) -> object:
    if isinstance(obj, dict):
        return {k: _drop(v, keys) for k, v in obj.items() if k not in keys}
    if isinstance(obj, list):
        return [_drop(v, keys) for v in obj]
    return obj


def _lines(path: Path, ignore: frozenset[str]) -> list[bytes]:
    if not path.exists():
        return []
    data = path.read_bytes()
    if path.name == "manifest.json":
        obj = orjson.loads(data)
        for k in VOLATILE_MANIFEST_KEYS:
            obj.pop(k, None)
        obj.pop("input_root", None)
        return [orjson.dumps(_drop(obj, ignore), option=orjson.OPT_SORT_KEYS)]
    lines = data.splitlines()
    if not ignore:
        return lines
    return [orjson.dumps(_drop(orjson.loads(line), ignore)) for line in lines]


def compare(ref: Path, new: Path, ignore: frozenset[str]) -> list[str]:
    problems = []
    for name in FILES:
        a, b = _lines(ref / name, ignore), _lines(new / name, ignore)
        if a == b:
            continue
        first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), None)
        if first is None:
            problems.append(f"{new / name}: {len(b)} lines, reference {len(a)}")
        else:
            problems.append(
                f"{new / name}:{first + 1}: differs\n"
                f"  ref: {a[first][:300]!r}\n  new: {b[first][:300]!r}"
            )
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="extract every corpus into this directory")
    group.add_argument("--against", type=Path, help="compare a fresh extraction with this one")
    ap.add_argument("--bbc", action="store_true", help="include the 2,225 BBC articles")
    ap.add_argument("-p", "--processes", type=int, default=2)
    ap.add_argument("--ignore-key", action="append", default=[], help="JSON key to leave out")
    args = ap.parse_args()
    corpora = {k: v for k, v in CORPORA.items() if v.is_dir()}
    if args.bbc:
        corpora["bbc"] = BBC
    if args.save:
        for name, src in corpora.items():
            extract(src, args.save / name, args.processes)
        return 0
    ignore = frozenset(args.ignore_key)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="newsevents-compare-") as tmp:
        for name, src in corpora.items():
            if not (args.against / name).is_dir():
                print(f"{name}: no reference in {args.against / name}; skipped")
                continue
            extract(src, Path(tmp) / name, args.processes)
            problems = compare(args.against / name, Path(tmp) / name, ignore)
            print(f"{name}: {'identical' if not problems else 'DIFFERENT'}")
            for p in problems:
                print("  " + p)
            failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
