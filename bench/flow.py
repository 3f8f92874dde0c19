"""Times the ingestion flow on a generated corpus and prints documents/s, the share of wall
time Prefect adds, and peak memory.

    .venv/bin/python bench/flow.py [--documents 10000] [--html-share 0.2]

The corpus is generated from the seed articles: every document draws its own sentences from
the seeds' sentence pool with words reshuffled, so documents are distinct (no duplicate
clusters to skew the timing), and a share of them is wrapped as HTML pages so trafilatura
runs too. The same corpus is then cleaned twice, each in a fresh process: once by the plain
pipeline (`newsclean.pipeline.run_pipeline`, no Prefect) and once by the Prefect flow.
"""

from __future__ import annotations

import argparse
import json
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
import json, resource, sys, time
start = time.perf_counter()
from flows.ingest import ingest
ingest(seeds=sys.argv[1], cleaned=sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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
    args = parser.parse_args()
    print(
        f"$ .venv/bin/python bench/flow.py --documents {args.documents} "
        f"--html-share {args.html_share}"
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
        flow = run(FLOW, str(seeds), str(cleaned))
    prefect_share = max(0.0, flow["seconds"] - plain["seconds"]) / flow["seconds"]
    print(f"{'':24}{'seconds':>10}{'docs/s':>10}{'MB/s':>8}{'peak MiB':>10}")
    for label, figures in (("pipeline (no Prefect)", plain), ("Prefect flow", flow)):
        print(
            f"{label:24}{figures['seconds']:>10.1f}"
            f"{args.documents / figures['seconds']:>10.0f}"
            f"{size / 1e6 / figures['seconds']:>8.2f}{figures['peak_mib']:>10.0f}"
        )
    print(
        f"share of the flow's wall time spent outside the pipeline (Prefect, writing the "
        f"version): {prefect_share:.1%}"
    )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this driver's own peak: {own:.0f} MiB)")


if __name__ == "__main__":
    main()
