"""What a series of versions costs: time, bytes written and disk, with shards shared between a
version and its parent through hard links.

    .venv/bin/python bench/versions.py [--documents 10000] [--versions 10] [--changed 0.01]
        [--html-share 0.2] [--edits both|random|recent]

A generated corpus (bench/corpus.py) is ingested by `newsclean ingest --workers 2`, then
`--versions` - 1 more times, each after `--changed` of the corpus changed: half of it new
documents, half edits (a paragraph appended to a text file). Twice, with the edits falling on:

- random documents of the whole corpus (bench/performance.py's change);
- the documents of the latest additions: a news site corrects its recent articles, rarely
  the old ones. The first round has no additions yet, so its edits fall on the newest
  documents of the generated corpus (the last in path order), which a first version keeps
  in its smallest shards (see newsclean/store/shards.py).

For each version it prints the wall time of the run, the bytes of files new in the version
and the bytes of files hard-linked from its parent (the same inode), and its documents
shards (full ones, of SHARD_DOCUMENTS, and smaller ones); at the end the disk all versions
take (every inode counted once, as `du` counts them) against one version alone.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from pathlib import Path

from corpus import generate, sentence_pool
from performance import run_newsclean, version_bytes

from newsclean.store.shards import SHARD_DOCUMENTS

# The disk target: all versions together at most this many times one version.
DISK_TARGET = 1.3


def disk_bytes(*folders: Path) -> int:
    """Bytes on disk of every file under `folders`, each inode once (as du counts)."""
    seen: set[int] = set()
    total = 0
    for root, _, files in (step for folder in folders for step in os.walk(folder)):
        for name in files:
            status = os.lstat(os.path.join(root, name))
            if status.st_ino not in seen:
                seen.add(status.st_ino)
                total += status.st_blocks * 512
    return total


def shard_counts(version: Path) -> tuple[int, int]:
    """The version's documents shards, and how many of them hold fewer than a full shard."""
    sizes = [
        len(shard.read_bytes().splitlines())
        for shard in (version / "documents").glob("part-*.jsonl")
    ]
    return len(sizes), sum(size < SHARD_DOCUMENTS for size in sizes)


def edit(paths: list[Path], rng: random.Random, pool: list[str]) -> None:
    for path in paths:
        words = " ".join(rng.sample(pool, 3)).split()
        rng.shuffle(words)
        path.write_bytes(path.read_bytes() + f"\n{' '.join(words).capitalize()}.\n".encode())


def run_series(work: Path, args: argparse.Namespace, recent: bool) -> None:
    seeds, cleaned = work / "seeds", work / "cleaned"
    generate(seeds / "base", args.documents, args.html_share)
    rng = random.Random(3)
    pool = sentence_pool()
    count = max(1, round(args.changed * args.documents / 2))
    label = "edits among the latest additions" if recent else "edits of random documents"
    print(f"\n{label}: {count} documents edited and {count} added per version")
    print(
        f"{'version':>8}{'wall s':>9}{'new MB':>9}{'linked MB':>11}{'new share':>11}"
        f"{'shards (small)':>16}"
    )
    added: list[Path] = []
    full_seconds = 0.0
    for number in range(1, args.versions + 1):
        if number > 1:
            texts = sorted(p for p in seeds.rglob("*.txt"))
            if recent:
                latest = [p for p in added if p.suffix == ".txt"] or texts[-2 * count :]
                chosen = rng.sample(latest, min(count, len(latest)))
            else:
                chosen = rng.sample(texts, count)
            edit(chosen, rng, pool)
            folder = seeds / f"added-{number:02d}"
            generate(folder, count, args.html_share, seed=100 + number)
            added = sorted(p for p in folder.rglob("*") if p.is_file())
        run = run_newsclean(seeds, cleaned, 2)
        name = f"v{number:04d}"
        parent = cleaned / f"v{number - 1:04d}" if number > 1 else None
        new, linked = version_bytes(cleaned / name, parent)
        if number == 1:
            full_seconds = run.seconds
        shards, small = shard_counts(cleaned / name)
        print(
            f"{name:>8}{run.seconds:9.1f}{new / 1e6:9.1f}{linked / 1e6:11.1f}"
            f"{new / (new + linked):11.1%}{f'{shards} ({small})':>16}",
            flush=True,
        )
    one = disk_bytes(cleaned / f"v{args.versions:04d}")
    versions = disk_bytes(*sorted(cleaned.glob("v*")))
    print(
        f"disk: {args.versions} versions {versions / 1e6:.1f} MB, one version {one / 1e6:.1f} MB: "
        f"{versions / one:.2f}x (target: at most {DISK_TARGET}x); the first run took "
        f"{full_seconds:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=10)
    parser.add_argument("--changed", type=float, default=0.01)
    parser.add_argument("--html-share", type=float, default=0.2)
    parser.add_argument(
        "--edits",
        choices=("both", "random", "recent"),
        default="both",
        help="the series to run: edits of random documents, among the latest additions, or both",
    )
    args = parser.parse_args()
    print(
        f"$ .venv/bin/python bench/versions.py --documents {args.documents} --versions "
        f"{args.versions} --changed {args.changed} --html-share {args.html_share} "
        f"--edits {args.edits}"
    )
    print(f"{os.cpu_count()} cores, load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    series = {"both": (False, True), "random": (False,), "recent": (True,)}[args.edits]
    for recent in series:
        with tempfile.TemporaryDirectory() as tmp:
            run_series(Path(tmp), args, recent)


if __name__ == "__main__":
    main()
