"""The Prefect API a command-line run reports to: the one configured (PREFECT_API_URL, in
the environment or the active profile), else a temporary server of the run's own.

Prefect starts the same temporary server by itself, but only when the flow is first
called, once every module has imported; the server's start-up (about 3.5 s, mostly its own
imports) then comes on top of the main process's. Started here, before Prefect itself is
imported, it boots on another core meanwhile; Prefect's settings are read afterwards, and
when they name an API after all (in a profile), the server is stopped unused. So this
module imports Prefect only inside its functions. The command, its environment and the
health check are those of Prefect's `SubprocessASGIServer`, whose module cannot be imported
without the server's own heavy imports.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager, suppress
from importlib.util import find_spec
from pathlib import Path

import httpx

# uvicorn's exit code when it cannot bind its port: another process took it first
PORT_TAKEN = 3
PORT_ATTEMPTS = 5
HEALTH_POLL_SECONDS = 0.1
STOP_TIMEOUT_SECONDS = 5


class ServerNotStarted(RuntimeError):
    """The temporary server exited or did not answer in time."""


class TemporaryServer:
    """Prefect's server app in a process of its own, on a free local port."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process = self._launch()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _launch(self) -> subprocess.Popen[bytes]:
        environment = {
            # nothing may reach the network at run time: the server's telemetry would try
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            # the run uses no blocks: registering them imports every Prefect collection
            "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
            "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        }
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            _site_packages_of_prefect(),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ]
        return subprocess.Popen(command, env=environment)

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        attempts = 1
        with httpx.Client() as client:
            while time.monotonic() < deadline:
                code = self.process.poll()
                if code == PORT_TAKEN and attempts < PORT_ATTEMPTS:
                    self.port, attempts = _free_port(), attempts + 1
                    self.process = self._launch()
                elif code is not None:
                    raise ServerNotStarted(
                        f"the temporary Prefect server exited with code {code} while starting"
                    )
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass  # not listening yet
                time.sleep(HEALTH_POLL_SECONDS)
        raise ServerNotStarted(f"the temporary Prefect server did not answer within {timeout:g} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class PrefectApi:
    """Where the run's flow reports; `connect` must be called before the flow runs."""

    def __init__(self, server: TemporaryServer | None) -> None:
        self.server = server
        self.connected = False
        self._previous: dict[str, str | None] = {}
        self._settings = ExitStack()

    def connect(self) -> None:
        """Waits until a temporary server answers, then points Prefect at it, through the
        environment: every thread of this process and every process it starts see it."""
        from prefect.context import refresh_global_settings_context
        from prefect.settings import (
            PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
            get_current_settings,
            temporary_settings,
        )

        if self.server is None:
            return  # a configured API is the user's own: Prefect's client reports if it is down
        self.server.wait_until_ready(
            get_current_settings().server.ephemeral.startup_timeout_seconds
        )
        # the temporary server serves no UI: no "View at" link to a page that never exists
        pointing = {"PREFECT_API_URL": self.server.api_url, "PREFECT_UI_URL": ""}
        self._previous = {name: os.environ.get(name) for name in pointing}
        os.environ.update(pointing)
        refresh_global_settings_context()
        # Flow heartbeats let a lasting server tell that a run's process died; this server
        # dies with the run. The flow also waits up to 1 s at its end for the heartbeat
        # thread, which sleeps in 1-s steps. Only the flow's thread reads this setting.
        self._settings.enter_context(
            temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
        )
        self.connected = True

    def disconnect(self) -> None:
        """Sends what Prefect still holds to the server and points Prefect back at the
        configuration it had."""
        if not self.connected:
            return
        from prefect.context import refresh_global_settings_context

        _send_pending_logs_and_events()
        self._settings.close()
        for name, value in self._previous.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
        refresh_global_settings_context()
        self.connected = False


@contextmanager
def prefect_api() -> Iterator[PrefectApi]:
    """The run's Prefect API; a temporary server is started at once and stopped on exit."""
    server = None if os.environ.get("PREFECT_API_URL") else TemporaryServer()
    try:
        from prefect.settings import get_current_settings

        if server is not None and get_current_settings().api.url:
            server.stop()  # a profile names the API: the server was not needed
            server = None
        api = PrefectApi(server)
        try:
            yield api
        finally:
            api.disconnect()
    finally:
        if server is not None:
            server.stop()


# The API client a worker process of the run's pool shares between its tasks, open for the
# process's life (it ends with the pool).
_worker_client = ExitStack()


def share_one_client() -> None:
    """Makes the tasks a worker process runs share one API client. Prefect's process pool
    otherwise makes a client for each task, with a TLS context loaded from certifi's
    bundle each time (about a third of what Prefect spends around a task in a worker); it
    takes the client of an open `SyncClientContext`, Prefect's own context for sharing one,
    when there is one. Without an API named in the settings, Prefect is left to its own
    way (a client made here would start a server of its own)."""
    from prefect.context import SyncClientContext
    from prefect.settings import get_current_settings

    if get_current_settings().api.url and SyncClientContext.get() is None:
        _worker_client.enter_context(SyncClientContext())


def _send_pending_logs_and_events() -> None:
    """Prefect sends logs and events from background workers; they must reach the server
    before it stops (as in Prefect's own test harness)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    with suppress(RuntimeError):  # no log worker was started
        APILogWorker.instance().drain()
    EventsWorker.drain_all()


def _free_port() -> int:
    """A local port free now (the system's choice); the server may still lose it to a race,
    which `wait_until_ready` survives."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _site_packages_of_prefect() -> str:
    """The folder Prefect is installed in, found without importing it."""
    spec = find_spec("prefect")
    assert spec is not None and spec.submodule_search_locations, "Prefect is not installed"
    return str(Path(next(iter(spec.submodule_search_locations))).parent)
