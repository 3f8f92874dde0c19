"""The same corpus, byte for byte, whatever runs the batches: threads, a process pool, or a
Dask cluster started by the test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from flows.ingest import ingest_on
from tests.conftest import SEEDS, version_files


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
    ingest_on(workers=2)(seeds=str(seeds), cleaned=str(tmp_path), batch_size=2, inline_files=0)
    _same(reference, tmp_path / "v0001")


def test_dask_cluster_gives_the_same_bytes(seeds, reference, tmp_path):
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        ingest_on(dask_address=cluster.scheduler_address)(
            seeds=str(seeds), cleaned=str(tmp_path), batch_size=3, inline_files=0
        )
    _same(reference, tmp_path / "v0001")
