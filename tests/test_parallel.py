"""The same corpus, byte for byte, whatever runs the batches (threads, a process pool, or a
Dask cluster started by the test) and however large files are cut into pieces of records."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import LocalCluster

import flows.ingest
import newsclean.batching as batching
from flows.ingest import ingest_on
from tests.conftest import SEEDS, version_files
from tests.large_inputs import large_corpus


@pytest.fixture(scope="module", autouse=True)
def small_shards() -> Iterator[None]:
    """Shards of a sixteenth of 16 documents at the newest end: the seven documents fill
    four shards, so the cut into shards is compared too (it is made in the flow's
    process)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 16)
        yield


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    """The seeds, an exact copy under another name and a bad file, so that every corpus step
    has something to decide across batches."""
    folder = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, folder / "a")
    shutil.copy(SEEDS / "003_cc2461c9aba41f5a.txt", folder / "copy-of-003.txt")
    (folder / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00broken")
    return folder


@pytest.fixture(scope="module")
def reference(seeds, tmp_path_factory) -> Path:
    cleaned = tmp_path_factory.mktemp("threads")
    ingest_on(workers=1)(seeds=str(seeds), cleaned=str(cleaned), batch_size=7)
    return cleaned / "v0001"


def _same(reference: Path, other: Path) -> None:
    assert len(list((reference / "documents").glob("*.jsonl"))) == 4
    assert version_files(other) == version_files(reference)


def test_process_pool_gives_the_same_bytes(seeds, reference, tmp_path):
    ingest_on(workers=2)(seeds=str(seeds), cleaned=str(tmp_path), batch_size=2, inline_bytes=0)
    _same(reference, tmp_path / "v0001")


def test_dask_cluster_gives_the_same_bytes(seeds, reference, tmp_path):
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        ingest_on(dask_address=cluster.scheduler_address)(
            seeds=str(seeds), cleaned=str(tmp_path), batch_size=3, inline_bytes=0
        )
    _same(reference, tmp_path / "v0001")


# The dump and the archive of `large_corpus` hold 120 articles each, about 290 and 220 KB.
CUT_ABOVE = 20_000


@pytest.fixture(scope="module")
def large_seeds(tmp_path_factory) -> Path:
    return large_corpus(tmp_path_factory.mktemp("large"), records=120)


@pytest.fixture(scope="module")
def one_batch(large_seeds, tmp_path_factory) -> Path:
    """The large corpus as one batch in this process, no file cut (it is under a round's
    inline size)."""
    cleaned = tmp_path_factory.mktemp("one-batch")
    ingest_on(workers=1)(seeds=str(large_seeds), cleaned=str(cleaned))
    return cleaned / "v0001"


@pytest.fixture
def spied(monkeypatch) -> dict[str, Any]:
    """Files above `CUT_ABOVE` bytes cut into pieces; records how each round of tasks ran
    and how many pieces of each file the batches cleaned."""
    monkeypatch.setattr(batching, "SPLIT_BYTES", CUT_ABOVE)
    seen: dict[str, Any] = {"pieces": Counter(), "rounds": []}
    run_batches = flows.ingest._run_batches

    def watched_run(task_fn, argument_lists, files, label, inline):
        seen["rounds"].append((task_fn.name, len(argument_lists), inline))
        if task_fn.name == "read-and-clean":
            for arguments in argument_lists:
                units = arguments[1]
                seen["pieces"].update(u.path for u in units if isinstance(u, batching.Piece))
        return run_batches(task_fn, argument_lists, files, label, inline)

    monkeypatch.setattr(flows.ingest, "_run_batches", watched_run)
    return seen


def _cleaned_in(rounds: list, name: str) -> tuple[int, bool]:
    return next((count, inline) for task, count, inline in rounds if task == name)


def test_large_files_cut_into_pieces_give_the_same_bytes(large_seeds, one_batch, spied, tmp_path):
    summary = ingest_on(workers=1)(seeds=str(large_seeds), cleaned=str(tmp_path), batch_size=10)
    # the dump's and the archive's 120 documents each in pieces of 10 records
    assert spied["pieces"] == {"dump.jsonl": 12, "crawl.warc.gz": 12}
    assert _cleaned_in(spied["rounds"], "read-and-clean")[0] >= 24
    assert summary["counts"]["dropped"] > 0  # copies found across pieces
    assert version_files(tmp_path / "v0001") == version_files(one_batch)


def test_a_few_large_files_are_cleaned_on_the_pool(large_seeds, one_batch, spied, tmp_path):
    """Seven files, two of them large: more than one batch of records, so the pool cleans
    them (a round of few files used to run in the flow's own process, whatever it held)."""
    ingest_on(workers=2)(seeds=str(large_seeds), cleaned=str(tmp_path), inline_bytes=100_000)
    assert spied["pieces"] == {"dump.jsonl": 4, "crawl.warc.gz": 4}  # of 32 records
    batches, inline = _cleaned_in(spied["rounds"], "read-and-clean")
    assert (batches > 1, inline) == (True, False)
    assert version_files(tmp_path / "v0001") == version_files(one_batch)


def test_large_files_on_a_dask_cluster_give_the_same_bytes(large_seeds, one_batch, spied, tmp_path):
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        ingest_on(dask_address=cluster.scheduler_address)(
            seeds=str(large_seeds), cleaned=str(tmp_path), batch_size=25, inline_bytes=0
        )
    assert spied["pieces"] == {"dump.jsonl": 5, "crawl.warc.gz": 5}  # of 25 records
    assert version_files(tmp_path / "v0001") == version_files(one_batch)
