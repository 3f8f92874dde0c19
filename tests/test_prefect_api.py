"""The Prefect API of a command-line run: the configured one, else a temporary server of the
run's own, started before the flow's modules import and stopped when the run ends."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from prefect.settings import get_current_settings

from newsclean import prefect_api as module
from newsclean.prefect_api import TemporaryServer, prefect_api
from tests.conftest import BIN, SEEDS, processes_left


def _run_without_api(tmp_path: Path, **extra_env: str) -> tuple[subprocess.CompletedProcess, int]:
    """`newsclean ingest` on the seeds with no Prefect API configured, in a session of its own;
    returns the finished run and its session id."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(tmp_path / "prefect"), **extra_env}
    # A run of several seconds on two workers: Prefect's background threads and the worker
    # processes report to the server too.
    for n in range(60):
        shutil.copytree(SEEDS, tmp_path / "seeds" / f"{n:02d}")
    options = ["--workers", "2", "--seeds", "seeds", "--cleaned", "cleaned"]
    run = subprocess.Popen(
        [BIN / "newsclean", "ingest", *options],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output, _ = run.communicate(timeout=300)
    return subprocess.CompletedProcess(run.args, run.returncode, output), run.pid


class RecordedServer(TemporaryServer):
    started: ClassVar[list[TemporaryServer]] = []

    def __init__(self) -> None:
        super().__init__()
        self.started.append(self)


@pytest.fixture
def recorded(monkeypatch) -> list[TemporaryServer]:
    monkeypatch.setattr(module, "TemporaryServer", RecordedServer)
    RecordedServer.started = []
    return RecordedServer.started


def test_an_api_named_in_the_environment_is_used_and_no_server_started(recorded, monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", get_current_settings().api.url)
    with prefect_api() as api:
        api.connect()
        assert api.server is None
    assert recorded == []


def test_a_server_started_before_the_settings_named_an_api_is_stopped_unused(recorded, monkeypatch):
    # The session's test harness names the API in Prefect's settings, not in the environment:
    # as a profile would, which only Prefect's settings read.
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with prefect_api() as api:
        api.connect()
        assert api.server is None
    [server] = recorded
    assert server.process.poll() is not None


def test_a_run_without_an_api_reports_to_its_own_server_and_stops_it(tmp_path):
    run, session = _run_without_api(tmp_path)
    assert run.returncode == 0, run.stdout
    assert "wrote cleaned/v0001: 5 documents" in run.stdout  # the copies are duplicates
    # Prefect did not start a server of its own, and names no page of a UI that is not served
    assert "Starting temporary server" not in run.stdout
    assert "View at" not in run.stdout
    assert "Error logging to API" not in run.stdout
    assert processes_left(session) == []
    # the flow run, its task runs and its logs reached the server before it stopped
    with sqlite3.connect(tmp_path / "prefect" / "prefect.db") as db:
        flow_runs = db.execute("select state_type from flow_run").fetchall()
        tasks = db.execute("select count(*) from task_run where state_type = 'COMPLETED'")
        logs = db.execute("select message from log").fetchall()
        events = db.execute("select event from events").fetchall()
    assert flow_runs == [("COMPLETED",)]
    # no heartbeats: the server that would watch for them stops with the run
    assert ("prefect.flow-run.Completed",) in events
    assert ("prefect.flow-run.heartbeat",) not in events
    assert tasks.fetchone()[0] > 0
    assert any("wrote v0001" in message for (message,) in logs)


def test_a_server_that_does_not_answer_in_time_is_a_clear_error(tmp_path):
    run, session = _run_without_api(tmp_path, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="0")
    assert run.returncode == 1
    assert "error: the temporary Prefect server did not answer within 0 s" in run.stdout
    assert not (tmp_path / "cleaned" / "LATEST").exists()
    assert processes_left(session) == []


def test_a_port_taken_before_the_server_binds_it_is_replaced(monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        ports = iter([taken.getsockname()[1]])
        free_port = module._free_port
        monkeypatch.setattr(module, "_free_port", lambda: next(ports, None) or free_port())
        server = TemporaryServer()
        try:
            server.wait_until_ready(timeout=180)
            assert server.port != taken.getsockname()[1]
            assert httpx.get(f"{server.api_url}/health").json() is True
        finally:
            server.stop()
    assert server.process.poll() is not None
