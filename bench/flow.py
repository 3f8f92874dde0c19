"""Times the ingestion flow on a generated corpus and prints documents/s, the share of wall
time Prefect adds, and peak memory.

    .venv/bin/python bench/flow.py [--documents 10000] [--html-share 0.2] [--workers N]

The corpus is generated from the seed articles: every document draws its own sentences from
the seeds' sentence pool with words reshuffled, so documents are distinct (no duplicate
clusters to skew the timing), and a share of them is wrapped as HTML pages so trafilatura
runs too. The same corpus is then cleaned twice, each in a fresh process: once by the plain
pipeline (`newsclean.pipeline.run_pipeline`, no Prefect, one process) and once by the
Prefect flow on `--workers` processes (default: one per core, as `newsclean ingest`). With
`--workers 1` the difference between the two is what Prefect, the passes and the versioned
store add. Peak memory is that of the largest single process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402

PLAIN = """
import json, resource, sys, time
from pathlib import Path
from newsclean.pipeline import run_pipeline
from newsclean.readers.discover import discover
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.store.publish import corpus_files
seeds, settings = Path(sys.argv[1]), Settings()
start = time.perf_counter()
docs, rejections = [], []
for path in discover(seeds):
    result = read_path(path, seeds, settings.readers)
    docs += result.documents
    rejections += result.rejections
docs, extra = run_pipeline(docs, settings)
corpus_files(docs, rejections, extra)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLOW = """
import json, os, resource, sys, time
start = time.perf_counter()
from flows.ingest import ingest_on
ingest_on(workers=int(sys.argv[3]))(seeds=sys.argv[1], cleaned=sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mib": max(resource.getrusage(who).ru_maxrss for who in
                                  (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024}))
"""


def run(script: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--html-share", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    print(
        f"$ .venv/bin/python bench/flow.py --documents {args.documents} "
        f"--html-share {args.html_share} --workers {args.workers}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        seeds, cleaned = Path(tmp) / "seeds", Path(tmp) / "cleaned"
        seeds.mkdir()
        started = time.perf_counter()
        size = generate(seeds, args.documents, args.html_share)
        print(
            f"generated {args.documents} documents, {size / 2**20:.1f} MiB, "
            f"in {time.perf_counter() - started:.1f} s"
        )
        plain = run(PLAIN, str(seeds))
        flow = run(FLOW, str(seeds), str(cleaned), str(args.workers))
    print(f"{'':24}{'seconds':>10}{'docs/s':>10}{'MB/s':>8}{'peak MiB':>10}")
    flow_label = f"Prefect flow, {args.workers} worker{'s' if args.workers > 1 else ''}"
    for label, figures in (("pipeline, 1 process", plain), (flow_label, flow)):
        print(
            f"{label:24}{figures['seconds']:>10.1f}"
            f"{args.documents / figures['seconds']:>10.0f}"
            f"{size / 1e6 / figures['seconds']:>8.2f}{figures['peak_mib']:>10.0f}"
        )
    if args.workers == 1:
        # Same work on one core: what the flow adds is Prefect, the passes and the store.
        share = max(0.0, flow["seconds"] - plain["seconds"]) / flow["seconds"]
        print(f"share of the flow's wall time outside the cleaning itself: {share:.1%}")
    else:
        print(
            f"flow on {args.workers} workers / pipeline on 1 process: "
            f"{flow['seconds'] / plain['seconds']:.2f}x the time"
        )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this driver's own peak: {own:.0f} MiB)")


if __name__ == "__main__":
    main()
