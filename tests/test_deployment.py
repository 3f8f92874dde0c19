"""The nightly deployment against a real local Prefect server: registered by `newsclean
serve`, scheduled by the server, and run once on demand with `prefect deployment run`."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import BIN, SEEDS, shard_rows

SERVER_START_TIMEOUT = 180
RUN_TIMEOUT = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str, process: subprocess.Popen | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{what}: process exited with {process.returncode}")
        time.sleep(1)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, dict[str, str]]]:
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        # The scheduler normally wakes once a minute; sooner keeps the test short.
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
    }
    log = (home / "server.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def healthy() -> bool:
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        _wait_for(healthy, SERVER_START_TIMEOUT, "the Prefect server", process)
        yield api, env
    finally:
        _stop(process)
        log.close()


def test_nightly_deployment_is_scheduled_and_runs_on_demand(server, tmp_path):
    api, env = server
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    serve_log = (tmp_path / "serve.log").open("wb")
    serving = subprocess.Popen(
        [str(BIN / "newsclean"), "serve", "--seeds", str(seeds), "--cleaned", str(cleaned)],
        env=env,
        stdout=serve_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deployment = _wait_for(
            lambda: _get(f"{api}/deployments/name/ingest/nightly"), 120, "the deployment", serving
        )
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 3 * * *"
        assert deployment["schedules"][0]["schedule"]["timezone"] == "UTC"

        def scheduled_runs() -> list[dict]:
            runs = _runs(api, deployment["id"])
            return [r for r in runs if r["state_type"] == "SCHEDULED"]

        upcoming = _wait_for(scheduled_runs, 90, "the server to schedule nightly runs", serving)
        assert all(r["expected_start_time"][11:16] == "03:00" for r in upcoming)

        trigger = subprocess.run(
            [str(BIN / "prefect"), "deployment", "run", "ingest/nightly"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert trigger.returncode == 0, trigger.stdout + trigger.stderr
        scheduled_ids = {r["id"] for r in upcoming}

        def finished_on_demand_run() -> dict | None:
            for run in _runs(api, deployment["id"]):
                if run["id"] not in scheduled_ids and run["state_type"] in {
                    "COMPLETED",
                    "FAILED",
                    "CRASHED",
                    "CANCELLED",
                }:
                    return run
            return None

        run = _wait_for(finished_on_demand_run, RUN_TIMEOUT, "the triggered run", serving)
        assert run["state_type"] == "COMPLETED", (tmp_path / "serve.log").read_text()[-3000:]
        assert (cleaned / "LATEST").read_text().strip() == "v0001"
        assert len(shard_rows(cleaned / "v0001")) == 5
    finally:
        _stop(serving)
        serve_log.close()


def test_serve_keeps_its_time_zone_and_stops_cleanly_on_sigterm(server, tmp_path):
    api, env = server
    log = tmp_path / "serve.log"
    with log.open("wb") as serve_log:
        serving = subprocess.Popen(
            [
                *(str(BIN / "newsclean"), "serve", "--name", "almaty"),
                *("--timezone", "Asia/Almaty", "--cron", "0 4 * * *"),
            ],
            env={**env, "PYTHONWARNINGS": "default"},  # every warning printed
            stdout=serve_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deployment = _wait_for(
                lambda: _get(f"{api}/deployments/name/ingest/almaty"),
                120,
                "the deployment",
                serving,
            )
            schedule = deployment["schedules"][0]["schedule"]
            assert (schedule["cron"], schedule["timezone"]) == ("0 4 * * *", "Asia/Almaty")
            _wait_for(lambda: "is being served" in log.read_text(), 60, "serving")
            serving.send_signal(signal.SIGTERM)
            assert serving.wait(timeout=60) == 0, log.read_text()
        finally:
            _stop(serving)
    output = log.read_text()
    assert "never awaited" not in output and "Traceback" not in output, output


def _get(url: str) -> dict | None:
    try:
        response = httpx.get(url, timeout=5)
    except httpx.HTTPError:
        return None
    return response.json() if response.status_code == 200 else None


def _runs(api: str, deployment_id: str) -> list[dict]:
    response = httpx.post(
        f"{api}/flow_runs/filter",
        json={"deployments": {"id": {"any_": [deployment_id]}}, "limit": 50},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()
