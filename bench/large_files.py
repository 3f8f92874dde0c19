"""Large files: N articles in a few large JSON Lines files, the most common shape of a news
dump, cleaned by `newsclean ingest` with its defaults.

For each size, a fresh corpus of `--documents` articles (generated from the seeds' sentences
as bench/corpus.py makes them, as JSON Lines records) in `--files` files, and one run of
`newsclean ingest` on it. Printed per size: wall and CPU seconds, milliseconds of wall time
per document, the largest single process's peak memory and that of all processes together
(see bench/performance.py, whose wrapper measures them), the documents written, and the bytes
per document of each corpus step's facts as the batches leave them in the work area (Parquet,
zstd), where the flow's log gives them.

`--datatrove` also runs bench/perf_datatrove.py on the same files, with as many workers
(`--workers`, 2 by default then): the same work, as in bench/performance.py, and each one's
documents per second.

`--code DIR` runs the newsclean of another checkout (a worktree of an older commit, say)
with this interpreter, to compare before and after. Files over the readers' 50 MiB limit
(above about 30,000 documents in 4 files) are read with `readers.max_bytes` raised to fit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path

from corpus import sentence_pool
from performance import BENCH, PYTHON, ROOT, measure

NEWSCLEAN = Path(sys.executable).parent / "newsclean"
FACTS_LOGGED = re.compile(r"(\w+): facts of (\d+) documents, (\d+) bytes on disk")


def article(rng: random.Random, pool: list[str]) -> tuple[str, str]:
    """A title and a text, drawn as bench/corpus.py draws its text files."""
    paragraphs = []
    for _ in range(rng.randint(6, 16)):
        words = " ".join(rng.sample(pool, rng.randint(2, 4))).split()
        rng.shuffle(words)
        paragraphs.append(" ".join(words).capitalize() + ".")
    title = " ".join(rng.sample(pool, 1)[0].split()[:8])
    return title, title + "\nby Bench Writer\n\n" + "\n\n".join(paragraphs) + "\n"


def generate(folder: Path, documents: int, files: int, seed: int = 0) -> int:
    """`documents` articles in `files` JSON Lines files of (nearly) equal counts; returns
    the largest file's size in bytes."""
    rng = random.Random(seed)
    pool = sentence_pool()
    largest = 0
    for number in range(files):
        path = folder / f"dump-{number:02d}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(number, documents, files):
                title, text = article(rng, pool)
                record = {"id": n, "url": f"https://news{n % 50}.example.org/{n}", "text": text}
                out.write(json.dumps({**record, "title": title}, ensure_ascii=False) + "\n")
        largest = max(largest, path.stat().st_size)
    return largest


def run(
    documents: int, files: int, code: Path, workers: int | None, tmp: Path, datatrove: bool
) -> dict:
    seeds, cleaned = tmp / f"seeds-{documents}", tmp / f"cleaned-{documents}"
    seeds.mkdir()
    largest = generate(seeds, documents, files)
    compared = {}
    if datatrove:
        folder = tmp / f"datatrove-{documents}"
        script = BENCH / "perf_datatrove.py"
        found = measure([PYTHON, script, seeds, folder, "--workers", workers or 2, "--jsonl"])
        figures = json.loads(found["stdout"])
        compared = {
            "datatrove_seconds": found["seconds"],
            "datatrove_cpu": found["cpu"],
            "datatrove_written": figures["output"],
        }
    command = [NEWSCLEAN, "ingest", "--seeds", seeds, "--cleaned", cleaned]
    if largest > 50 * 1024 * 1024:
        settings = tmp / f"settings-{documents}.toml"
        settings.write_text(f"[readers]\nmax_bytes = {largest + 1}\n")
        command += ["--settings", settings]
    if workers:
        command += ["--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": str(code)}
    result = measure(command, env)
    written = re.search(r"wrote .*?(\d+)\s+documents,", result["stdout"], re.S)
    # each corpus step's facts as the batches left them on disk (logged by the flow)
    facts = {
        step: int(size) / int(count)
        for step, count, size in FACTS_LOGGED.findall(result["stdout"] + result["stderr"])
        if int(count)
    }
    return {
        "documents": documents,
        "megabytes": sum(p.stat().st_size for p in seeds.iterdir()) / 1e6,
        "seconds": result["seconds"],
        "cpu": result["cpu"],
        "peak_mib": result["peak_mib"],
        "tree_peak_mib": result["tree_peak_mib"],
        "written": int(written.group(1)) if written else None,
        "facts": facts,
        **compared,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", default="10000,40000", help="corpus sizes, comma-separated")
    parser.add_argument("--files", type=int, default=4, help="JSON Lines files per corpus")
    parser.add_argument("--workers", type=int, help="`--workers` of newsclean ingest")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose newsclean runs")
    parser.add_argument("--datatrove", action="store_true", help="datatrove on the same files")
    args = parser.parse_args()
    if args.datatrove and not args.workers:
        args.workers = 2
    print("$ python bench/large_files.py " + " ".join(sys.argv[1:]), flush=True)
    print(
        f"{os.cpu_count()} cores, load average before the run: "
        + " ".join(f"{load:.2f}" for load in os.getloadavg())
    )
    print(
        f"\n{'documents':>10}{'MB':>8}{'wall s':>9}{'CPU s':>9}{'ms/doc':>8}"
        f"{'largest MiB':>13}{'all MiB':>9}{'written':>9}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.documents.split(",") if s.strip()):
            row = run(
                size, args.files, args.code.resolve(), args.workers, Path(tmp), args.datatrove
            )
            print(
                f"{row['documents']:>10,}{row['megabytes']:8.0f}{row['seconds']:9.1f}"
                f"{row['cpu']:9.1f}{1000 * row['seconds'] / size:8.2f}{row['peak_mib']:13.0f}"
                f"{row['tree_peak_mib']:9.0f}{row['written'] or 0:>9,}",
                flush=True,
            )
            for step, per_document in row["facts"].items():
                print(f"{'':>10}  {step} facts: {per_document:,.0f} bytes per document on disk")
            if args.datatrove:
                seconds = row["datatrove_seconds"]
                print(
                    f"{'datatrove':>10}{'':8}{seconds:9.1f}{row['datatrove_cpu']:9.1f}"
                    f"{1000 * seconds / size:8.2f}{'':22}{row['datatrove_written']:>9,}\n"
                    f"  newsclean: {size / row['seconds']:.0f} documents/s, datatrove: "
                    f"{size / seconds:.0f} ({seconds / row['seconds']:.2f}x)",
                    flush=True,
                )
    print(
        "\nlargest MiB: ru_maxrss of the largest single process of the command's tree; all "
        "MiB: the largest sum of the resident sets of its processes, sampled every 0.2 s"
    )
    print("load average after the run: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
