"""The progress line of a long run on a terminal: the step, a bar, files done of all, the
time spent and the time left."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

Advance = Callable[[int], None]


@contextmanager
def progress_line(
    label: str, files: int, batches: int, console: Console | None = None
) -> Iterator[Advance]:
    """Yields `advance(files)`, to call as each batch ends. Shown only on a terminal (or
    the console given), and only for more than one batch: a single one has no time left to
    tell until it is done."""
    if batches < 2 or (console is None and not sys.stderr.isatty()):
        yield lambda done: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("elapsed,"),
        TimeRemainingColumn(),
        TextColumn("left"),
        console=console or Console(stderr=True),
        transient=True,
    ) as progress:
        bar = progress.add_task(label, total=files)
        yield lambda done: progress.advance(bar, done)
