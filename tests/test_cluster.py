"""`newsclean ingest --dask-address` on a real cluster: a Dask scheduler and two workers
started as separate processes from the `dask` command line, as on machines of their own.
The corpus is one large JSON Lines dump, cut into pieces of records, and many small files;
the version is byte for byte the one a single batch in one process writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from distributed import Client

from flows.ingest import ingest_on
from newsclean.batching import INLINE_BYTES, SPLIT_BYTES
from tests.conftest import BIN, ROOT, version_files
from tests.large_inputs import articles, jsonl_dump

# the dump alone is over the size at which a file is cut, and the corpus over the size at
# which a round runs in the flow's process
DUMP_RECORDS = 560
SMALL_FILES = 500


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "seeds"
    (folder / "small").mkdir(parents=True)
    (folder / "dump.jsonl").write_bytes(jsonl_dump(DUMP_RECORDS))
    for n, (_, text) in enumerate(articles(SMALL_FILES, seed=3)):
        (folder / "small" / f"{n:04d}.txt").write_text(text + "\n")
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file()]
    assert (folder / "dump.jsonl").stat().st_size > SPLIT_BYTES
    assert sum(sizes) > INLINE_BYTES
    return folder


def _started(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    """`command` in a session of its own (its children too), output to `log`."""
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _stopped(process: subprocess.Popen) -> None:
    """Ends the process and what it started (its session's group): SIGTERM, then SIGKILL
    to whatever of the group is left after 10 s."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[str]:
    """The address of a scheduler with two single-thread workers, each its own process."""
    folder = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scheduler_file = folder / "scheduler.json"
    started = [
        _started(
            [
                str(BIN / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(scheduler_file),
            ],
            folder / "scheduler.log",
            env,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists():
            assert started[0].poll() is None, (folder / "scheduler.log").read_text()
            assert time.monotonic() < deadline, "the scheduler did not start in 60 s"
            time.sleep(0.2)
        time.sleep(0.2)  # written whole by now
        address = json.loads(scheduler_file.read_text())["address"]
        for n in range(2):
            worker = [str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-dashboard"]
            started.append(_started(worker, folder / f"worker-{n}.log", env))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(started):
            _stopped(process)


def _cleaned_here(client: Client) -> dict[str, bool]:
    """Whether each worker process has run a task of the flow (which imports it)."""
    return client.run(lambda: "flows.ingest" in sys.modules)


def test_ingest_on_a_dask_cluster_of_processes_gives_the_bytes_of_one_batch(
    seeds, cluster, tmp_path
):
    with Client(cluster) as client:
        assert set(_cleaned_here(client).values()) == {False}
    command = [str(BIN / "newsclean"), "ingest", "--seeds", str(seeds), "--cleaned"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PREFECT_API_URL", None)  # the command starts its own server
    ran = subprocess.run(
        [*command, str(tmp_path / "cluster"), "--dask-address", cluster],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
    # both workers cleaned: the dump's pieces and the small files are spread over them
    with Client(cluster) as client:
        assert set(_cleaned_here(client).values()) == {True}

    ingest_on(workers=1)(seeds=str(seeds), cleaned=str(tmp_path / "one"), inline_bytes=sys.maxsize)
    one_batch = version_files(tmp_path / "one" / "v0001")
    assert version_files(tmp_path / "cluster" / "v0001") == one_batch
