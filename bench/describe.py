"""What the files that describe a version (datapackage.json, README.md, report.html) cost:
one ingest of a generated corpus, then the description files written again from its
manifest, timed, beside the run's wall time.

    .venv/bin/python bench/describe.py --documents 10000
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import generate
from performance import NEWSCLEAN, add_copies

from newsclean.describe.descriptions import DESCRIPTION_FILES, write_descriptions
from newsclean.describe.resources import resources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="describe-"))
    try:
        seeds, cleaned = work / "seeds", work / "cleaned"
        generate(seeds, args.documents, 0.2)
        add_copies(seeds, 0.01)
        started = time.perf_counter()
        subprocess.run(
            [
                NEWSCLEAN,
                "ingest",
                "--seeds",
                str(seeds),
                "--cleaned",
                str(cleaned),
            ],
            check=True,
            capture_output=True,
        )
        run = time.perf_counter() - started
        version = cleaned / (cleaned / "LATEST").read_text().strip()
        manifest = json.loads((version / "manifest.json").read_text())
        manifest["outputs"] = {
            k: v for k, v in manifest["outputs"].items() if k not in DESCRIPTION_FILES
        }
        staged = work / "staged"
        staged.mkdir()
        read = [
            p
            for r in resources(manifest["outputs"])
            if r.table in ("duplicates", "variants")
            for p in r.paths
        ]
        for path in read:
            shutil.copy(version / path, staged / path)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            write_descriptions(staged, manifest)
            times.append(time.perf_counter() - started)
        times.sort()
        print(f"documents: {manifest['counts']['documents']}, ingest wall: {run:.1f} s")
        print(
            f"description files written in {times[len(times) // 2] * 1000:.0f} ms (median of "
            f"{args.repeat}); read: "
            + ", ".join(f"{p} {(staged / p).stat().st_size / 1e6:.1f} MB" for p in read)
        )
        print(
            "sizes: "
            + ", ".join(
                f"{n} {(staged / n).stat().st_size / 1e3:.0f} kB" for n in DESCRIPTION_FILES
            )
        )
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
