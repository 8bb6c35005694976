"""`--engine dask` gives the local engine's output, line for line.

A LocalCluster on loopback (TCP, one in-process worker thread) stands in for a real cluster;
the client connects to it by its address, as `--scheduler tcp://HOST:PORT` would.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from newsevents.io.write import OUTPUT_FILES
from newsevents.pipeline import extract
from newsevents.settings import Settings

distributed = pytest.importorskip("distributed")
pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "corpora" / "bbc"
COMPARED = (*OUTPUT_FILES, "merged.jsonl", "entities.jsonl")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("in")
    shutil.copytree(REPO / "data" / "samples", src / "samples")
    if BBC.is_dir():
        for name in sorted(os.listdir(BBC))[:6]:
            shutil.copy(BBC / name, src / name)
    (src / "broken.txt").write_bytes(bytes(range(256)) * 4)
    return src


@pytest.fixture(scope="module")
def local_out(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    extract(corpus, out, Settings(processes=1, batch_size=3))
    return out


def sorted_lines(path: Path) -> list[bytes]:
    return sorted(path.read_bytes().splitlines())


def test_on_a_cluster_the_output_is_the_local_engines(
    scheduler: str, corpus: Path, local_out: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dask"
    summary = extract(
        corpus, out, Settings(engine="dask", scheduler=scheduler, processes=1, batch_size=3)
    )
    assert summary.documents == 8 and summary.errors == 1
    for name in COMPARED:
        assert sorted_lines(out / name) == sorted_lines(local_out / name), name
        # Not only the same lines: the same order, as the client writes in input order.
        assert (out / name).read_bytes() == (local_out / name).read_bytes(), name


def test_a_rerun_on_the_cluster_does_only_what_changed(
    scheduler: str, corpus: Path, tmp_path: Path
) -> None:
    settings = Settings(engine="dask", scheduler=scheduler, processes=1, batch_size=3)
    out = tmp_path / "dask"
    extract(corpus, out, settings)
    again = extract(corpus, out, settings)
    assert again.processed == 0 and again.unchanged == 9


def test_workers_read_fsspec_urls(scheduler: str, corpus: Path, local_out: Path,
                                  tmp_path: Path) -> None:
    out = tmp_path / "url"
    url = corpus.resolve().as_uri()  # file:///...: the same code path as s3://, gs://, ...
    extract(url, out, Settings(engine="dask", scheduler=scheduler, processes=1, batch_size=3))
    for name in ("documents.jsonl", "events.jsonl", "merged.jsonl", "entities.jsonl"):
        assert (out / name).read_bytes() == (local_out / name).read_bytes(), name
    (error,) = [orjson.loads(line) for line in (out / "errors.jsonl").open("rb")]
    assert error["doc_id"] == "broken.txt" and error["path"] == f"{url}/broken.txt"


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = extract(REPO / "data" / "samples", out, Settings(engine="dask", processes=1))
    assert summary.documents == 2 and summary.calls_held == 2
