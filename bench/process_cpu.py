"""The CPU seconds of each process of a command, read from /proc as it runs.

    .venv/bin/python bench/process_cpu.py newsclean ingest --seeds S --cleaned C --workers 2

Runs the command in a session of its own and reads every process of that session (the flow's
process, the temporary Prefect server, the workers) every half second; prints each one's
CPU seconds as last read (a process's last half second may be missed) and the wall time.
The command's own output goes to a temporary file, not shown. Linux only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def read_session(session: int, seen: dict[int, tuple[str, float]]) -> None:
    """Each live process of `session`: its command line and CPU seconds so far."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        try:
            if os.getsid(pid) != session:
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ProcessLookupError):
            continue
        # utime and stime, the 14th and 15th fields of stat (11th and 12th after the name)
        seen[pid] = (command, (int(fields[11]) + int(fields[12])) / TICKS)


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    seen: dict[int, tuple[str, float]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryFile() as output:
        command = subprocess.Popen(
            sys.argv[1:], stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        while command.poll() is None:
            read_session(command.pid, seen)
            time.sleep(0.5)
    print(f"wall {time.perf_counter() - started:.1f} s, exit code {command.returncode}")
    for pid, (line, cpu) in sorted(seen.items()):
        print(f"{pid:>8}{cpu:8.1f} s CPU  {line[:100]}")
    print(f"{'all':>8}{sum(cpu for _, cpu in seen.values()):8.1f} s CPU")


if __name__ == "__main__":
    main()
