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


def serve(flow: Flow, name: str, cron: str, timezone: str, parameters: dict[str, Any]) -> None:
    """Registers the deployment `name` of `flow`, run at `cron` in `timezone`, and runs its
    scheduled and requested runs until stopped."""
    runner = _Runner(name=name, limit=None)
    runner.add_flow(
        flow, name=name, schedules=[Cron(cron, timezone=timezone)], parameters=parameters
    )
    runner.announcement = (
        f"[green]Deployment '{flow.name}/{name}' is being served: runs at {cron!r} "
        f"({timezone}).[/]\nRun it now with: prefect deployment run '{flow.name}/{name}'"
    )
    with suppress(KeyboardInterrupt):  # Ctrl-C: the runner stopped as its loop closed
        asyncio.run(runner.start())
