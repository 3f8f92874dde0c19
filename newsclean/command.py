"""The `newsclean` console command: the command-line app, ended without the interpreter's
teardown.

After a run, freeing every module and object of Prefect and the pipeline one by one takes
the process about 1 s. Nothing needs it: the process ends as usual (threads joined, every
exit handler run, output flushed), then leaves at once with its exit status.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys

_status = 0


def main() -> None:
    # Registered before anything else is imported: exit handlers run last-in first-out,
    # so this one runs after all the others.
    atexit.register(_leave_now)
    global _status
    try:
        from newsclean.cli import app

        app()
    except SystemExit as end:
        _status = _exit_status(end.code)
        raise
    except KeyboardInterrupt:
        _status = 130  # as a shell reports a process stopped by Ctrl-C
        raise
    except BaseException:
        _status = 1  # as Python ends on an uncaught exception
        raise


def _exit_status(code: object) -> int:
    """The status `sys.exit(code)` gives: None is success, a message is failure."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _leave_now() -> None:
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):  # a pipe's output is buffered
        stream.flush()
    os._exit(_status)
