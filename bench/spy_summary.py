"""Where a run's processes spent their time, from py-spy's samples of the whole process tree.

    py-spy record --subprocesses -r 25 -f raw -o run.txt -- newsclean ingest --workers 2 ...
    .venv/bin/python bench/spy_summary.py run.txt

py-spy (not a dependency of the project: `pip install py-spy` anywhere) samples every
process of the run 25 times a second; a sample is counted where the process was running or
waiting to run, so on a loaded machine the seconds exceed the CPU seconds, and the shares
are what to read. Prints each process's share of the samples (the flow's process, the
temporary Prefect server, the workers), and for the workers: the time in each task's own
function, in imports, and in Prefect's engine around each task.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

TASK_FUNCTIONS = ("first_pass", "later_pass", "cut_file", "keep_cut_trail")
RATE = 25  # samples a second, as recorded above
# the frame py-spy puts above each process's own frames (a function may be called "process")
PROCESS_FRAME = re.compile(r"process \d+:")


def kind_of_process(frame: str) -> str:
    if "uvicorn" in frame:
        return "Prefect server"
    if "spawn_main" in frame:
        return "workers"
    if "resource_tracker" in frame:
        return "multiprocessing's resource tracker"
    return "flow's process"


def part_of_worker(frames: list[str]) -> str:
    names = [frame.split(" (")[0] for frame in frames]
    task = next((name for name in names if name in TASK_FUNCTIONS), None)
    if task is not None:
        return f"task {task}" + ("  (cleaning steps)" if "run_traced_pass" in names else "")
    if "_find_and_load" in names:
        return "imports"
    if "hydrated_context" in names:
        return "Prefect: settings and API client made for each task"
    if "run_task" in names or "run_task_sync" in names:
        return "Prefect: the rest of its task engine"
    return "other"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("samples", type=Path, help="py-spy's raw output (-f raw)")
    args = parser.parse_args()
    processes: Counter[str] = Counter()
    workers: Counter[str] = Counter()
    for line in args.samples.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        # a subprocess's samples sit under its parent's process frame: the last one is its own
        last = max(i for i, frame in enumerate(frames) if PROCESS_FRAME.match(frame))
        kind = kind_of_process(frames[last])
        processes[kind] += int(count)
        if kind == "workers":
            workers[part_of_worker(frames[last + 1 :])] += int(count)
    total = sum(processes.values())
    print(f"{'':<60}{'s':>8}{'share':>8}")
    for kind, count in processes.most_common():
        print(f"{kind:<60}{count / RATE:8.1f}{100 * count / total:7.1f}%")
    print("\nwithin the workers:")
    for part, count in workers.most_common():
        share = 100 * count / processes["workers"]
        print(f"  {part:<58}{count / RATE:8.1f}{share:7.1f}%")


if __name__ == "__main__":
    main()
