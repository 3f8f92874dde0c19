"""Finding every input file's trail, as an incremental run does first: the time of
`known_files` (each file's stat, then its trail looked up) over SEEDS and the cleaned folder
CLEANED a run left, `--repeat` times in one process; for comparing two checkouts on one
corpus (PYTHONPATH picks the code), alternately, under the same load.

    PYTHONPATH=CHECKOUT .venv/bin/python bench/find_trails.py SEEDS CLEANED [--repeat 5]

Prints each repetition's wall and CPU seconds, then the median and the fastest. Nothing is
written: the fingerprints are read, not saved.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsclean.readers.discover import discover
from newsclean.settings import Settings
from newsclean.store.fingerprints import Fingerprints
from newsclean.store.known import known_files
from newsclean.store.trails import TrailCache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("cleaned", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    settings = Settings()
    paths = discover(args.seeds)
    walls, cpus = [], []
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        trails = TrailCache.for_corpus(args.cleaned, settings)
        fingerprints = Fingerprints.load(trails.root, args.seeds)
        known, _ = known_files(paths, args.seeds, trails, fingerprints, settings)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
        print(f"{len(known)} of {len(paths)} files known: {walls[-1]:.2f} s, {cpus[-1]:.2f} s CPU")
    print(
        f"median {statistics.median(walls):.2f} s ({statistics.median(cpus):.2f} s CPU), "
        f"fastest {min(walls):.2f} s ({min(cpus):.2f} s CPU)"
    )


if __name__ == "__main__":
    main()
