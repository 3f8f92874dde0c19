from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Flow runs in tests use Prefect's embedded server with a database of their own, never the
# user's ~/.prefect; it is removed when the session ends.
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="newsclean-prefect-")
    atexit.register(shutil.rmtree, os.environ["PREFECT_HOME"], ignore_errors=True)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest

from newsclean.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the project's commands, beside the interpreter
SEEDS = ROOT / "seeds"
# Development data lives beside the project, never inside it.
DEV_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def prefect_backend():
    """One temporary Prefect server for the session, stopped while pytest still owns the
    output streams."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session", autouse=True)
def no_document_emptied(tmp_path_factory):
    """Every version any test writes keeps a text for every document it keeps (counts
    `emptied`, see newsclean.pipeline.is_emptied): checked once the session ends."""
    yield
    emptied = []
    for path in tmp_path_factory.getbasetemp().rglob("manifest.json"):
        try:
            counts = json.loads(path.read_text())["counts"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a test's damaged or partial manifest
        if isinstance(counts, dict) and counts.get("emptied"):
            emptied.append(f"{path}: {counts['emptied']}")
    assert not emptied, "documents kept with no text: " + ", ".join(emptied)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


def _session_processes(session: int) -> list[int]:
    """Live processes of a session (an exited, unreaped one is not live)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[3]) == session:
            alive.append(int(entry.name))
    return alive


def processes_left(session: int) -> list[int]:
    """The processes of a session still live once it has had time to end: the resource
    tracker outlives its parent a moment."""
    deadline = time.monotonic() + 10
    while _session_processes(session) and time.monotonic() < deadline:
        time.sleep(0.2)
    return _session_processes(session)


def version_files(version: Path) -> dict[str, bytes]:
    """Every file of a version folder but its manifest (which holds the time it was made),
    by its name relative to the folder (`documents/part-00000.jsonl`)."""
    return {
        path.relative_to(version).as_posix(): path.read_bytes()
        for path in sorted(version.rglob("*"))
        if path.is_file() and path.name != "manifest.json"
    }


def keyed_run_files(seeds: Path, out: Path, monkeypatch, module: Any, decision: str) -> dict:
    """The files of the flow's version of `seeds` run in memory, checked equal to those of a
    run whose corpus decisions are keyed from one document (`decision` of `module`, seen to
    be called)."""
    from flows.ingest import ingest_on

    ingest_on(workers=1)(seeds=str(seeds), cleaned=str(out / "memory"))
    keyed = []
    decide = getattr(module, decision)
    monkeypatch.setattr("flows.ingest.KEYED_DOCUMENTS", 1)
    monkeypatch.setattr(module, decision, lambda *args: keyed.append(args) or decide(*args))
    ingest_on(workers=1)(seeds=str(seeds), cleaned=str(out / "keyed"))
    assert keyed  # the decision was keyed
    reference = version_files(out / "memory" / "v0001")
    assert version_files(out / "keyed" / "v0001") == reference
    return reference


def shard_rows(version: Path, folder: str = "documents") -> list[dict]:
    """The rows of a version's JSONL shards of one kind (documents or removed), shard by
    shard."""
    return [
        json.loads(line)
        for shard in sorted((version / folder).glob("part-*.jsonl"))
        for line in shard.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A corpus of the seeds (v0001), built once per module, to be copied by each test."""
    from flows.ingest import ingest

    cleaned = tmp_path_factory.mktemp("built") / "cleaned"
    assert ingest(seeds=str(SEEDS), cleaned=str(cleaned))["version"] == "v0001"
    return cleaned


@pytest.fixture
def cleaned(built, tmp_path) -> Path:
    """A copy of `built` that a test may change."""
    copy = tmp_path / "cleaned"
    shutil.copytree(built, copy, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def two_versions_built(tmp_path_factory) -> tuple[Path, Path]:
    """Seeds and a corpus of two versions, the second with one more document (the versions
    share their unchanged files through hard links)."""
    from flows.ingest import ingest
    from tests.test_shards import _article

    folder = tmp_path_factory.mktemp("built")
    seeds, cleaned = folder / "seeds", folder / "cleaned"
    shutil.copytree(SEEDS, seeds)
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0001"
    (seeds / "extra-0.txt").write_text(_article(0))
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    return seeds, cleaned


@pytest.fixture
def two_versions(two_versions_built, tmp_path) -> tuple[Path, Path]:
    """A copy of `two_versions_built` that a test may change."""
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(two_versions_built[0], seeds)
    shutil.copytree(two_versions_built[1], cleaned, symlinks=True)
    return seeds, cleaned


@pytest.fixture(scope="session")
def dask_client():
    """A client of a dask cluster of two worker processes, started once for the tests that
    decide keyed on one (starting a cluster costs seconds)."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client
