"""Throughput of newsclean against the libraries' floor and against datatrove, on one
generated corpus.

    .venv/bin/python bench/performance.py [--documents 10000] [--html-share 0.2]
                                          [--duplicates 0.01] [--skip-datatrove]

The corpus comes from bench/corpus.py (distinct news-like documents, a share of them HTML
pages), plus a small share of copies: half exact copies of text files, half near copies
(one distinct sentence appended). Every tool must drop exactly those copies, which checks
that each one did the deduplication it is timed for.

Measured, each in a fresh process on the same files:
1. the floor (bench/perf_floor.py): each library called directly in a tight loop, part by
   part (read, decode, trafilatura, ftfy, langdetect, sha256 + MinHash, JSONL); the sum of
   the parts is the floor. Also the same loop over two processes (a multiprocessing Pool).
2. newsclean: `newsclean ingest`, Prefect included, from the command line; also with
   `--workers 2` when the command has that option.
3. datatrove (bench/perf_datatrove.py): the same work in datatrove's own steps, its
   multi-stage exact and MinHash deduplication included.

Seconds are wall time. Peak memory is ru_maxrss of RUSAGE_CHILDREN taken in a small wrapper
process that runs only the measured command: the largest single process of the command's
tree, not the sum over its worker processes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from corpus import generate

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
NEWSCLEAN = ROOT / ".venv" / "bin" / "newsclean"
# The flow's target: at most this many times the one-core floor at 10,000 documents.
TARGET_RATIO = 1.25

# Runs one command and reports its wall time and the peak memory of its process tree.
MEASURE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "returncode": done.returncode,
    "stdout": done.stdout,
    "stderr": done.stderr[-3000:],
}))
"""


@dataclass
class Run:
    label: str
    seconds: float
    peak_mib: float
    output_documents: int | None
    details: dict


def measure(command: list[str]) -> dict:
    """Wall seconds, peak MiB and output of `command`; exits with its error if it fails."""
    wrapper = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, command)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    result = json.loads(wrapper.stdout)
    if result["returncode"] != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result['stderr']}")
    return result


def add_copies(seeds: Path, share: float, seed: int = 1) -> tuple[int, int]:
    """Adds exact and near copies of text files (half each, `share` of the corpus in all)
    next to their originals; returns (exact, near)."""
    rng = random.Random(seed)
    texts = sorted(seeds.rglob("*.txt"))
    chosen = rng.sample(texts, min(len(texts), round(share * len(texts))))
    exact, near = chosen[: len(chosen) // 2], chosen[len(chosen) // 2 :]
    for path in exact:
        shutil.copyfile(path, path.with_name(f"{path.stem}-copy.txt"))
    for n, path in enumerate(near):
        closing = f"\nCorrection {n}: an earlier version of this article misspelt a name.\n"
        path.with_name(f"{path.stem}-near.txt").write_bytes(path.read_bytes() + closing.encode())
    return len(exact), len(near)


def run_floor(seeds: Path, work: Path, processes: int) -> Run:
    result = measure(
        [
            PYTHON,
            BENCH / "perf_floor.py",
            seeds,
            work / f"floor-{processes}",
            "--processes",
            str(processes),
        ]
    )
    floor = json.loads(result["stdout"])
    seconds = sum(floor["parts"].values()) if processes == 1 else floor["wall"]
    label = "floor, 1 process" if processes == 1 else f"floor, Pool({processes})"
    return Run(label, seconds, result["peak_mib"], floor["written"], floor)


def newsclean_has_workers() -> bool:
    help_text = subprocess.run(
        [NEWSCLEAN, "ingest", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    return "--workers" in help_text


def run_newsclean(seeds: Path, work: Path, workers: int | None) -> Run:
    cleaned = work / f"cleaned-{workers or 'default'}"
    command = [NEWSCLEAN, "ingest", "--seeds", seeds, "--cleaned", cleaned]
    if workers:
        command += ["--workers", str(workers)]
    result = measure(command)
    # the command's closing line; the console may wrap it
    written = re.search(r"wrote .*?(\d+)\s+documents,", result["stdout"], re.S)
    label = "newsclean ingest" + (f" --workers {workers}" if workers else "")
    documents = int(written.group(1)) if written else None
    return Run(label, result["seconds"], result["peak_mib"], documents, {})


def run_datatrove(seeds: Path, work: Path, workers: int) -> Run:
    result = measure(
        [PYTHON, BENCH / "perf_datatrove.py", seeds, work / "datatrove", "--workers", str(workers)]
    )
    figures = json.loads(result["stdout"])
    label = f"datatrove, {workers} workers"
    return Run(label, result["seconds"], result["peak_mib"], figures["output"], figures)


def print_floor_parts(one: Run, documents: int) -> None:
    parts = one.details["parts"]
    total = sum(parts.values())
    print("\nthe floor, part by part (1 process):")
    for part, seconds in parts.items():
        print(
            f"  {part:12}{seconds:8.2f} s{1000 * seconds / documents:8.2f} ms/doc"
            f"{seconds / total:7.0%}"
        )
    print(f"  {'sum':12}{total:8.2f} s{1000 * total / documents:8.2f} ms/doc")
    print(
        f"  library start-up (imports not counted): {one.details['startup']:.2f} s, "
        "not in the floor"
    )


def print_table(runs: list[Run], documents: int, megabytes: float, expected: int) -> None:
    print(f"\n{'':32}{'seconds':>9}{'docs/s':>9}{'MB/s':>8}{'peak MiB':>10}{'out docs':>10}")
    for run in runs:
        out = "?" if run.output_documents is None else str(run.output_documents)
        print(
            f"{run.label:32}{run.seconds:9.1f}{documents / run.seconds:9.0f}"
            f"{megabytes / run.seconds:8.2f}{run.peak_mib:10.0f}{out:>10}"
        )
    print(
        f"(expected out docs after deduplication: {expected}; the floor deduplicates "
        "nothing and writes every document)"
    )


def print_ratios(runs: list[Run]) -> None:
    one, two = runs[0], runs[1]
    print(
        f"\nwall time over the floor (newsclean's target: {TARGET_RATIO}x the 1-process floor "
        "at 10,000 documents):"
    )
    for run in runs[2:]:
        print(
            f"  {run.label:32}{run.seconds / one.seconds:6.2f}x {one.label}"
            f"{run.seconds / two.seconds:8.2f}x {two.label}"
        )


def print_datatrove(run: Run) -> None:
    figures = run.details
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in figures["seconds"].items())
    print(f"\ndatatrove stages: {stages}")
    print(
        f"datatrove documents: {figures['prepared']} prepared, "
        f"{figures['after_exact_dedup']} after exact dedup, {figures['output']} after MinHash "
        f"dedup ({figures['minhash_bucket_files']} MinHash bucket files)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--html-share", type=float, default=0.2)
    parser.add_argument(
        "--duplicates",
        type=float,
        default=0.01,
        help="share of text files copied (half exact, half near copies)",
    )
    parser.add_argument("--skip-datatrove", action="store_true")
    args = parser.parse_args()
    print("$ .venv/bin/python bench/performance.py " + " ".join(sys.argv[1:]))
    print(
        f"{os.cpu_count()} cores, load average before the run: "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
    )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        seeds = work / "seeds"
        seeds.mkdir()
        started = time.perf_counter()
        generate(seeds, args.documents, args.html_share)
        exact, near = add_copies(seeds, args.duplicates)
        files = sorted(p for p in seeds.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in files)
        print(
            f"corpus: {args.documents} documents ({args.html_share:.0%} HTML) + {exact} exact "
            f"and {near} near copies = {len(files)} files, {size / 1e6:.1f} MB, made in "
            f"{time.perf_counter() - started:.1f} s"
        )
        runs = [run_floor(seeds, work, 1), run_floor(seeds, work, 2)]
        runs.append(run_newsclean(seeds, work, None))
        if newsclean_has_workers():
            runs.append(run_newsclean(seeds, work, 2))
        else:
            print("(`newsclean ingest` has no --workers option yet: one run only)")
        if not args.skip_datatrove:
            runs.append(run_datatrove(seeds, work, 2))
    print_floor_parts(runs[0], len(files))
    print_table(runs, len(files), size / 1e6, len(files) - exact - near)
    print_ratios(runs)
    if not args.skip_datatrove:
        print_datatrove(runs[-1])
    print(
        "\npeak MiB: ru_maxrss of RUSAGE_CHILDREN in a wrapper running only that command, "
        "i.e. the largest single process of its tree (worker processes are not summed)"
    )
    print("load average after the run: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
