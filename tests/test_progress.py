"""The progress line of a long run: files done of all, the time spent and the time left."""

from __future__ import annotations

import io
import re

from rich.console import Console

from newsclean.progress import progress_line


def _drawn(files: int, batches: int, done: list[int]) -> str:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, no_color=True, width=120)
    with progress_line("read and clean", files, batches, console=console) as advance:
        for size in done:
            advance(size)
    return screen.getvalue()


def test_the_line_counts_files_and_tells_the_time_left():
    drawn = _drawn(10, 4, [3, 3])
    times = r"\d:\d\d:\d\d elapsed, \d:\d\d:\d\d left"
    assert re.search(rf"read and clean [━╸╺ ]+ 6/10 files {times}", drawn)


def test_a_single_batch_draws_nothing():
    assert _drawn(10, 1, [10]) == ""
