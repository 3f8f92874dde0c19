"""What the extraction libraries log about one page, kept with that page's document.

trafilatura (and htmldate and courlan under it) log their trouble with a page ("empty HTML
tree: None", "discarding data: None") naming no file, so in a run's log they cannot be
traced to an input. While `messages_about` is open, their records are collected for the
document being extracted instead of being printed (warnings and errors; debug and info
records go on as before); elsewhere they go on to the root logger
as before. A context variable keeps the collection of each thread (or task) its own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LIBRARY_LOGGERS = ("trafilatura", "htmldate", "courlan")

_collecting: ContextVar[list[logging.LogRecord] | None] = ContextVar(
    "library_log_collecting", default=None
)


class _PerDocument(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        collected = _collecting.get()
        # debug and info records are no trouble with the page: they go where they went
        if collected is None or record.levelno < logging.WARNING:
            logging.getLogger().handle(record)  # as if the record had propagated
        else:
            collected.append(record)


_HANDLER = _PerDocument()


def _install() -> None:
    # again on every use: a logging configuration (Prefect's) may have reset the loggers
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if _HANDLER not in logger.handlers:
            logger.addHandler(_HANDLER)
        logger.propagate = False


@contextmanager
def messages_about() -> Iterator[list[logging.LogRecord]]:
    """The records the libraries log inside the block, instead of printed."""
    _install()
    collected: list[logging.LogRecord] = []
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)


def summary(records: list[logging.LogRecord]) -> str:
    """The distinct messages, in order, each with its logger ("trafilatura.core: empty HTML
    tree: None; ...")."""
    seen: dict[str, None] = {}
    for record in records:
        seen.setdefault(f"{record.name}: {record.getMessage()}", None)
    return "; ".join(seen)
