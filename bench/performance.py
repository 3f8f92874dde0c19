"""Throughput of newsclean against the libraries' floor and against datatrove on one
generated corpus, then an incremental run and the scaling of newsclean with corpus size.

    .venv/bin/python bench/performance.py [--documents 10000] [--html-share 0.2]
        [--duplicates 0.01] [--changed 0.01] [--edits recent|random] [--repeat 3]
        [--scaling 1000,10000,100000] [--skip-datatrove]

The corpus comes from bench/corpus.py (distinct news-like documents, a share of them HTML
pages), plus a small share of copies: half exact copies of text files, half near copies
(one distinct sentence appended). Every tool must drop exactly those copies, which checks
that each one did the deduplication it is timed for.

Measured, each in a fresh process on the same files and `--repeat` times, in rounds that take
every measurement in turn (each one's run of median wall time is reported):
1. the floor (bench/perf_floor.py): each library called directly in a tight loop, part by
   part (read, decode, trafilatura, ftfy, langdetect, sha256 + MinHash, JSONL); the sum of
   the parts is the floor. Also the same loop over two processes (a multiprocessing Pool).
2. newsclean: `newsclean ingest`, Prefect included, from the command line; with
   `--workers 1` and `--workers 2`.
3. datatrove (bench/perf_datatrove.py): the same work in datatrove's own steps, its
   multi-stage exact and MinHash deduplication included.
4. incremental: `newsclean ingest --workers 2` again on the cleaned folder of the full
   2-worker run, first with nothing changed, then with `--changed` of the corpus edited (a
   paragraph added) or new. The edits fall on the newest text files (`--edits recent`, the
   nightly case: corrections of the latest articles, which the newest shards hold) or on
   any (`--edits random`, which touches every shard of a version). The runs are measured
   twice: as one-off commands, each starting and stopping Prefect's embedded server, and
   against a Prefect server already running, as the runs of the nightly deployment are.
5. scaling: `newsclean ingest --workers 2` on fresh corpora of each `--scaling` size.

Seconds are wall time; CPU seconds (user + system over every process of the run) are shown
too, as they suffer less when other work loads the machine. The floor's seconds leave out
start-up (imports, warm-up); newsclean's and datatrove's include it. Peak memory is taken in
a small wrapper process that runs only the measured command: ru_maxrss of RUSAGE_CHILDREN
(the largest single process of the command's tree) and the largest sum of the resident sets
of every process of the tree, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from corpus import generate, sentence_pool

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
NEWSCLEAN = ROOT / ".venv" / "bin" / "newsclean"
# The flow's target: at most this many times the one-core floor at 10,000 documents.
TARGET_RATIO = 1.25
# datatrove's tasks and worker processes for its per-document stages: one per core.
DATATROVE_WORKERS = 2

# Runs one command in its own process group and reports its wall time, and the CPU time and
# peak memory of its process tree. Output goes to files, not pipes: a process the command
# leaves running would hold a pipe open and stretch the wall time. Processes still running
# 2 s after the command exited are counted as leftovers and ended with their group. The
# tree's memory (the sum of its processes' resident sets) is sampled every 0.2 s.
MEASURE = """
import json, os, resource, signal, subprocess, sys, tempfile, threading, time

PAGE = os.sysconf("SC_PAGE_SIZE")

# live processes of the group: an exited child not yet reaped (a zombie) is not one
def group_members(group):
    members = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as handle:
                state = handle.read().rsplit(")", 1)[1].split()[0]
            members += [pid] if state != "Z" and os.getpgid(int(pid)) == group else []
        except (OSError, IndexError):
            pass
    return members

def resident(pid):
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0

tree_peak = 0

def sample(group, done):
    global tree_peak
    while not done.wait(0.2):
        tree_peak = max(tree_peak, sum(resident(pid) for pid in group_members(group)))

with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
    started = time.perf_counter()
    command = subprocess.Popen(sys.argv[1:], stdout=out, stderr=err, start_new_session=True)
    done = threading.Event()
    sampler = threading.Thread(target=sample, args=(command.pid, done))
    sampler.start()
    returncode = command.wait()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    # multiprocessing's resource tracker outlives its parent by a moment: wait that long
    deadline = time.perf_counter() + 2
    while (leftovers := group_members(command.pid)) and time.perf_counter() < deadline:
        time.sleep(0.1)
    if leftovers:
        os.killpg(command.pid, signal.SIGKILL)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.seek(0)
    err.seek(0)
    print(json.dumps({
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mib": usage.ru_maxrss / 1024,
        "tree_peak_mib": tree_peak / 2**20,
        "returncode": returncode,
        "leftovers": len(leftovers),
        "stdout": out.read(),
        "stderr": err.read()[-3000:],
    }))
"""


@dataclass
class Run:
    label: str
    seconds: float  # wall
    cpu: float  # user + system, all processes
    peak_mib: float  # the largest single process
    output_documents: int | None
    details: dict
    tree_peak_mib: float = 0.0  # every process of the command together, sampled


def measure(command: list[str], env: dict[str, str] | None = None) -> dict:
    """Wall seconds, peak MiB and output of `command`; exits with its error if it fails."""
    wrapper = subprocess.run(
        [sys.executable, "-c", MEASURE, *map(str, command)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env=env,
    )
    result = json.loads(wrapper.stdout)
    if result["returncode"] != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{result['stderr']}")
    if result["leftovers"]:
        print(
            f"  note: {Path(command[0]).name} left {result['leftovers']} process(es) running "
            "after it exited; the bench ended them"
        )
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
    # start-up (imports, warm-up) is left out of the floor's seconds
    seconds = sum(floor["wall_parts"].values()) if processes == 1 else floor["wall"]
    label = "floor, 1 process" if processes == 1 else f"floor, Pool({processes})"
    return Run(
        label,
        seconds,
        floor["cpu"],
        result["peak_mib"],
        floor["written"],
        floor,
        result["tree_peak_mib"],
    )


def newsclean_has_workers() -> bool:
    help_text = subprocess.run(
        [NEWSCLEAN, "ingest", "--help"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    return "--workers" in help_text


def run_newsclean(
    seeds: Path,
    cleaned: Path,
    workers: int | None,
    label: str = "",
    env: dict[str, str] | None = None,
) -> Run:
    command = [NEWSCLEAN, "ingest", "--seeds", seeds, "--cleaned", cleaned]
    if workers:
        command += ["--workers", str(workers)]
    result = measure(command, env)
    # the command's closing line; the console may wrap it
    written = re.search(r"wrote .*?(\d+)\s+documents,", result["stdout"], re.S)
    label = label or "newsclean ingest" + (f" --workers {workers}" if workers else "")
    documents = int(written.group(1)) if written else None
    return Run(
        label,
        result["seconds"],
        result["cpu"],
        result["peak_mib"],
        documents,
        {},
        result["tree_peak_mib"],
    )


def run_datatrove(seeds: Path, folder: Path, workers: int) -> Run:
    result = measure(
        [PYTHON, BENCH / "perf_datatrove.py", seeds, folder, "--workers", str(workers)]
    )
    figures = json.loads(result["stdout"])
    label = f"datatrove, {workers} workers"
    return Run(
        label,
        result["seconds"],
        result["cpu"],
        result["peak_mib"],
        figures["output"],
        figures,
        result["tree_peak_mib"],
    )


def print_floor_parts(one: Run, documents: int) -> None:
    wall, cpu = one.details["wall_parts"], one.details["cpu_parts"]
    total = sum(wall.values())
    print(f"\nthe floor, part by part (1 process):{'wall s':>10}{'CPU s':>8}{'ms/doc':>8}")
    for part, seconds in wall.items():
        print(
            f"  {part:36}{seconds:8.2f}{cpu[part]:8.2f}{1000 * seconds / documents:8.2f}"
            f"{seconds / total:6.0%}"
        )
    print(f"  {'sum = the floor':36}{total:8.2f}{one.cpu:8.2f}{1000 * total / documents:8.2f}")
    print(
        f"  library start-up (warm-up after imports): {one.details['startup']:.2f} s, "
        "not in the floor"
    )


def print_table(runs: list[Run], documents: int, megabytes: float, expected: int) -> None:
    print(
        f"\n{'':32}{'wall s':>8}{'CPU s':>8}{'docs/s':>8}{'MB/s':>7}{'peak MiB':>10}"
        f"{'all MiB':>9}{'out docs':>10}"
    )
    for run in runs:
        out = "?" if run.output_documents is None else str(run.output_documents)
        print(
            f"{run.label:32}{run.seconds:8.1f}{run.cpu:8.1f}{documents / run.seconds:8.0f}"
            f"{megabytes / run.seconds:7.2f}{run.peak_mib:10.0f}{run.tree_peak_mib:9.0f}{out:>10}"
        )
    print(
        f"(expected out docs after deduplication: {expected}; the floor deduplicates "
        "nothing and writes every document)"
    )
    for run in runs[2:]:
        if run.output_documents != expected:
            print(f"MISMATCH: {run.label} wrote {run.output_documents} documents, not {expected}")


def print_ratios(runs: list[Run]) -> None:
    one, two = runs[0], runs[1]
    print(
        f"\nover the floor (newsclean's target: {TARGET_RATIO}x the 1-process floor's wall time "
        "at 10,000 documents);\nCPU time is the fairer figure on a machine that others load:"
    )
    print(f"{'':32}{'wall / 1 process':>18}{'wall / Pool(2)':>16}{'CPU / floor CPU':>17}")
    for run in runs[2:]:
        print(
            f"{run.label:32}{run.seconds / one.seconds:17.2f}x{run.seconds / two.seconds:15.2f}x"
            f"{run.cpu / one.cpu:16.2f}x"
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


@dataclass
class Corpus:
    files: int
    megabytes: float
    expected_output: int


def make_corpus(seeds: Path, args: argparse.Namespace) -> Corpus:
    started = time.perf_counter()
    generate(seeds, args.documents, args.html_share)
    exact, near = add_copies(seeds, args.duplicates)
    files = [p for p in seeds.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(
        f"corpus: {args.documents} documents ({args.html_share:.0%} HTML) + {exact} exact "
        f"and {near} near copies = {len(files)} files, {size / 1e6:.1f} MB, made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return Corpus(len(files), size / 1e6, len(files) - exact - near)


def measure_all(seeds: Path, work: Path, skip_datatrove: bool, repeat: int) -> list[Run]:
    """The floor on one and two processes, newsclean, datatrove; in that order. Each is run
    `repeat` times, in rounds that take every one in turn, so that a slow spell of the
    machine weighs on all of them alike; each one's run of median wall time is kept."""
    jobs = [lambda: run_floor(seeds, work, 1), lambda: run_floor(seeds, work, 2)]
    if newsclean_has_workers():
        jobs.append(lambda: run_newsclean(seeds, fresh(work / "cleaned-1"), 1))
        jobs.append(lambda: run_newsclean(seeds, fresh(work / "cleaned-2"), 2))
    else:
        print("(`newsclean ingest` has no --workers option: one run, as it comes)")
        jobs.append(lambda: run_newsclean(seeds, fresh(work / "cleaned-2"), None))
    if not skip_datatrove:
        jobs.append(lambda: run_datatrove(seeds, fresh(work / "datatrove"), DATATROVE_WORKERS))
    rounds: list[list[Run]] = [[] for _ in jobs]
    for rep in range(repeat):
        for job, runs in zip(jobs, rounds, strict=True):
            runs.append(job())
            print(f"  round {rep + 1}: {runs[-1].label}: {runs[-1].seconds:.1f} s", flush=True)
    return [median_run(runs) for runs in rounds]


def fresh(folder: Path) -> Path:
    """`folder`, emptied: every repetition starts from nothing, as the first did."""
    shutil.rmtree(folder, ignore_errors=True)
    return folder


def median_run(runs: list[Run]) -> Run:
    """The run of median wall time (the lower middle one of an even number)."""
    return sorted(runs, key=lambda run: run.seconds)[(len(runs) - 1) // 2]


def median_seconds(runs: list[Run]) -> str:
    each = ", ".join(f"{run.seconds:.1f}" for run in runs)
    return f"{each} s; median {median_run(runs).seconds:.1f} s"


def change_corpus(
    seeds: Path, share: float, html_share: float, edits: str, seed: int = 2
) -> tuple[int, int]:
    """Edits half of `share` of the corpus (a new paragraph at the end of text files) and
    adds the other half as new documents; returns (edited, added). With `edits` "recent" the
    edited files are drawn from the newest text files (the last twice as many in path order,
    as a site corrects its latest articles); with "random", from all of them."""
    rng = random.Random(seed)
    files = sorted(p for p in seeds.rglob("*") if p.is_file())
    count = max(1, round(share * len(files) / 2))
    pool = sentence_pool()
    texts = [p for p in files if p.suffix == ".txt"]
    for path in rng.sample(texts[-2 * count :] if edits == "recent" else texts, count):
        words = " ".join(rng.sample(pool, 3)).split()
        rng.shuffle(words)
        path.write_bytes(path.read_bytes() + f"\n{' '.join(words).capitalize()}.\n".encode())
    generate(seeds / "added", count, html_share, seed=seed)
    return count, count


def run_incremental(seeds: Path, work: Path, full: Run, args: argparse.Namespace) -> None:
    """newsclean again on the corpus of the 2-worker run, first as it was (what any run costs
    that changes nothing), then with `args.changed` of it edited or new; then the same runs
    against a Prefect server that is already running, as a nightly deployment's runs are, so
    that none starts and stops an embedded server. Each run is repeated `args.repeat` times,
    the cleaned folder put back as the full run left it before each run again; medians are
    compared."""
    served_seeds = work / "seeds-served"
    shutil.copytree(seeds, served_seeds)
    unchanged = again_runs(seeds, work / "cleaned-2", args.repeat, env=None)
    edited, added = change_corpus(seeds, args.changed, args.html_share, args.edits)
    one_off = again_runs(seeds, work / "cleaned-2", args.repeat, env=None)
    with running_server(work / "prefect-home") as env:
        served_full = [
            run_newsclean(served_seeds, fresh(work / "cleaned-served"), 2, env=env)
            for _ in range(args.repeat)
        ]
        served_unchanged = again_runs(served_seeds, work / "cleaned-served", args.repeat, env)
        change_corpus(served_seeds, args.changed, args.html_share, args.edits)
        served = again_runs(served_seeds, work / "cleaned-served", args.repeat, env=env)
    new, linked = version_bytes(work / "cleaned-2" / "v0002", work / "cleaned-2" / "v0001")
    print(
        f"  the 1%-changed version: {new / 1e6:.1f} MB of new files, {linked / 1e6:.1f} MB "
        f"hard-linked from its parent ({new / (new + linked):.1%} new)"
    )
    print(f"  nothing changed, one-off: {median_seconds(unchanged)}")
    print(f"  incremental, one-off: {median_seconds(one_off)}")
    print(f"  full, against a running server: {median_seconds(served_full)}")
    print(f"  nothing changed, against a running server: {median_seconds(served_unchanged)}")
    print(f"  incremental, against a running server: {median_seconds(served)}")
    print(
        f"\nincremental: {edited} documents edited and {added} added ({args.changed:.0%} of "
        f"the corpus), newsclean ingest --workers 2 again on the same cleaned folder "
        f"(target: at most 10% of a full run; medians of {args.repeat}); 'nothing changed' "
        f"is the same run before the change:\n"
        f"{'':36}{'':17}{'full s':>8}{'again s':>9}{'wall':>7}{'CPU':>7}{'docs out':>10}"
    )
    served_before = median_run(served_full)
    changed = f"{args.changed:.0%} changed"
    rows = (
        ("one-off (embedded Prefect server)", full, "nothing changed", unchanged),
        ("", full, changed, one_off),
        ("against a running Prefect server", served_before, "nothing changed", served_unchanged),
        ("", served_before, changed, served),
    )
    for label, before, change, runs in rows:
        again = median_run(runs)
        print(
            f"{label:36}{change:17}{before.seconds:8.1f}{again.seconds:9.1f}"
            f"{again.seconds / before.seconds:7.0%}{again.cpu / before.cpu:7.0%}"
            f"{again.output_documents or 0:10}"
        )


def version_bytes(version: Path, parent: Path | None) -> tuple[int, int]:
    """(bytes of files new in `version`, bytes of files it shares with `parent`)."""
    shared_inodes = set()
    if parent is not None:
        shared_inodes = {p.stat().st_ino for p in parent.rglob("*") if p.is_file()}
    new = linked = 0
    for path in version.rglob("*"):
        if path.is_file():
            status = path.stat()
            if status.st_ino in shared_inodes:
                linked += status.st_size
            else:
                new += status.st_size
    return new, linked


def again_runs(seeds: Path, cleaned: Path, repeat: int, env: dict[str, str] | None) -> list[Run]:
    """newsclean on `seeds` over `cleaned` `repeat` times, each from `cleaned` as it is now."""
    before = cleaned.with_name(f"{cleaned.name}-before")
    shutil.copytree(cleaned, before)
    runs = []
    for _ in range(repeat):
        shutil.rmtree(cleaned)
        shutil.copytree(before, cleaned)
        runs.append(run_newsclean(seeds, cleaned, 2, label="newsclean, incremental", env=env))
    shutil.rmtree(before)
    return runs


@contextmanager
def running_server(home: Path) -> Iterator[dict[str, str]]:
    """A local Prefect server for the runs given the environment this yields."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    home.mkdir()
    api = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": api,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    with (home / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [ROOT / ".venv" / "bin" / "prefect", "server", "start", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 180
            while not _healthy(api):
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"the Prefect server did not start; see {home / 'server.log'}")
                time.sleep(0.5)
            yield env
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def _healthy(api: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def run_scaling(sizes: list[int], html_share: float, work: Path) -> None:
    """newsclean on 2 workers over generated corpora of growing size, each in a fresh
    folder: time per document, peak memory and the size of the deduplication index."""
    rows = []
    for size in sizes:
        folder = work / f"scale-{size}"
        generate(folder / "seeds", size, html_share)
        run = run_newsclean(folder / "seeds", folder / "cleaned", 2, label=f"{size} documents")
        latest = (folder / "cleaned" / "LATEST").read_text().strip()
        index = sum(p.stat().st_size for p in (folder / "cleaned" / latest).glob("dedup_index/*"))
        rows.append((size, run, index))
        print(f"  measured scaling at {size} documents: {run.seconds:.1f} s", flush=True)
        shutil.rmtree(folder)
    print(
        f"\nscaling, newsclean ingest --workers 2:\n{'documents':>10}{'wall s':>9}{'CPU s':>9}"
        f"{'ms/doc':>8}{'vs prev':>9}{'peak MiB':>10}{'all MiB':>9}{'index B/doc':>13}"
    )
    previous = None
    for size, run, index in rows:
        per_doc = run.seconds / size
        growth = f"{per_doc / previous:8.2f}x" if previous else f"{'':9}"
        print(
            f"{size:>10}{run.seconds:9.1f}{run.cpu:9.1f}{1000 * per_doc:8.2f}{growth}"
            f"{run.peak_mib:10.0f}{run.tree_peak_mib:9.0f}{index / size:13.0f}"
        )
        previous = per_doc
    print(
        "vs prev: wall time per document over that of the size before (1.00x is linear; "
        "start-up weighs on the smallest size)"
    )


def report(runs: list[Run], corpus: Corpus) -> None:
    print_floor_parts(runs[0], corpus.files)
    print_table(runs, corpus.files, corpus.megabytes, corpus.expected_output)
    print_ratios(runs)
    if runs[-1].label.startswith("datatrove"):
        print_datatrove(runs[-1])
    print(
        "\npeak MiB: ru_maxrss of RUSAGE_CHILDREN in a wrapper running only that command, "
        "i.e. the largest single process of its tree; all MiB: the largest sum of the "
        "resident sets of every process of the tree, sampled every 0.2 s"
    )
    print("load average after the run: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


def parse_arguments() -> argparse.Namespace:
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
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="only newsclean on 2 workers and the incremental runs (no floor, no one-worker "
        "run, no datatrove)",
    )
    parser.add_argument(
        "--changed",
        type=float,
        default=0.01,
        help="share of the corpus edited or new for the incremental run",
    )
    parser.add_argument(
        "--edits",
        choices=("recent", "random"),
        default="recent",
        help="which text files the incremental run's edits fall on: the newest (in path "
        "order), as a site corrects its latest articles, or any",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each 10,000-document measurement and incremental run; medians are kept",
    )
    parser.add_argument(
        "--scaling",
        default="1000,10000,100000",
        help="corpus sizes for the scaling runs, comma-separated; empty for none",
    )
    return parser.parse_args()


def main() -> None:
    args = parse_arguments()
    print(
        f"$ .venv/bin/python bench/performance.py --documents {args.documents} "
        f"--html-share {args.html_share} --duplicates {args.duplicates} "
        f"--changed {args.changed} --edits {args.edits} --repeat {args.repeat} "
        f"--scaling {args.scaling}"
        + (" --skip-datatrove" if args.skip_datatrove else "")
        + (" --incremental-only" if args.incremental_only else ""),
        flush=True,
    )
    if not args.skip_datatrove and importlib.util.find_spec("datatrove") is None:
        print("datatrove is not installed (.venv/bin/pip install -e '.[bench]'): skipping it")
        args.skip_datatrove = True
    print(
        f"{os.cpu_count()} cores, load average before the run: "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
    )
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        corpus = make_corpus(seeds, args)
        if args.incremental_only:
            runs = [run_newsclean(seeds, Path(tmp) / "cleaned-2", 2)]
            print(f"  full run: {runs[0].seconds:.1f} s", flush=True)
        else:
            runs = measure_all(seeds, Path(tmp), args.skip_datatrove, args.repeat)
            report(runs, corpus)
        full = next(run for run in runs if run.label.endswith("--workers 2"))
        run_incremental(seeds, Path(tmp), full, args)
        sizes = [int(size) for size in args.scaling.split(",") if size.strip()]
        if sizes:
            run_scaling(sizes, args.html_share, Path(tmp))


if __name__ == "__main__":
    main()
