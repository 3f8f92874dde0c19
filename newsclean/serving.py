"""Serving the scheduled ingestion deployment until SIGTERM or Ctrl-C, as Prefect's
`flow.serve` does, but stopped cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from prefect import Flow
from prefect.runner import Runner
from prefect.schedules import Cron
from rich.console import Console


class _Runner(Runner):
    """Prefect's runner calls its `stop` from its SIGTERM handler. With the runner's loop
    running in this thread, `stop` only makes a coroutine, never awaited (Python warns), and
    the handler then leaves by SystemExit from wherever the loop was. Here the stop is
    scheduled on the loop instead, and `start` returns once it has run."""

    _stopping: asyncio.Task[None] | None = None
    announcement = ""  # printed once the runner has started, its SIGTERM handler in place

    async def __aenter__(self) -> _Runner:
        await super().__aenter__()
        Console().print(self.announcement, soft_wrap=True)
        return self

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        self._logger.info("SIGTERM received, shutting down")
        loop = asyncio.get_running_loop()
        loop.call_soon_threadsafe(self._stop_on, loop)

    def _stop_on(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._stopping is not None:
            return
        if not self.started:  # still starting: nothing runs yet but the loop
            raise SystemExit(0)
        self._stopping = loop.create_task(self.astop())


def serve(
    flow: Flow,
    name: str,
    cron: str,
    timezone: str,
    parameters: dict[str, Any],
    api_url: str | None,
) -> None:
    """Registers the deployment `name` of `flow`, run at `cron` in `timezone`, and runs its
    scheduled and requested runs until stopped. `api_url` is the configured Prefect API, if
    any: without one, Prefect serves on a temporary server of its own."""
    runner = _Runner(name=name, limit=None)
    runner.add_flow(
        flow, name=name, schedules=[Cron(cron, timezone=timezone)], parameters=parameters
    )
    runner.announcement = announcement(f"{flow.name}/{name}", cron, timezone, parameters, api_url)
    with suppress(KeyboardInterrupt):  # Ctrl-C: the runner stopped as its loop closed
        asyncio.run(runner.start())


def announcement(
    deployment: str, cron: str, timezone: str, parameters: dict[str, Any], api_url: str | None
) -> str:
    """What `serve` prints once serving: how to run the deployment now, by a way that reaches
    it. A temporary server is reached by no other command and fires no schedule."""
    served = f"[green]Deployment '{deployment}' is being served: runs at {cron!r} ({timezone}).[/]"
    if api_url:
        return f"{served}\nRun it now with: prefect deployment run '{deployment}'"
    return (
        f"{served}\n[yellow]No Prefect API is configured (PREFECT_API_URL): it is served on a "
        "temporary server of this process, which no other command reaches and which fires no "
        "schedule.[/]\nRun the ingestion now with: newsclean ingest "
        f"--seeds {parameters['seeds']} --cleaned {parameters['cleaned']}\n"
        "For the schedule: start a server (prefect server start), export "
        "PREFECT_API_URL=http://127.0.0.1:4200/api and serve again."
    )
