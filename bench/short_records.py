"""Short records: every dev sentence of ../shared/data/langid-dev (75 languages, 500 lines
each) as a one-sentence JSONL record (`id`, `text`), one file per language, ingested by the
flow into a fresh cleaned folder. Prints what the run's manifest counts: documents read, out,
dropped, rejected and emptied (kept with no text, which must be 0), and which removals
touched the records.

Run: .venv/bin/python bench/short_records.py [--granularity sentences|word-pairs] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "langid-dev"
LINES_PER_LANGUAGE = 500


def write_records(source: Path, seeds: Path) -> int:
    """One JSONL file of records per language; the number of records."""
    records = 0
    for path in sorted(source.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()[:LINES_PER_LANGUAGE]
        rows = [
            json.dumps({"id": f"{path.stem}-{n}", "text": text}, ensure_ascii=False)
            for n, text in enumerate(lines)
        ]
        (seeds / f"{path.stem}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        records += len(rows)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--granularity", default="sentences", choices=["sentences", "word-pairs"])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    source = DATA / args.granularity
    if not source.is_dir():
        sys.exit(f"{source} is absent: see ../shared/data/README.md")
    from flows.ingest import ingest_on

    with tempfile.TemporaryDirectory(prefix="newsclean-short-") as work:
        seeds, cleaned = Path(work) / "seeds", Path(work) / "cleaned"
        seeds.mkdir()
        records = write_records(source, seeds)
        start = time.perf_counter()
        summary = ingest_on(args.workers)(seeds=str(seeds), cleaned=str(cleaned))
        seconds = time.perf_counter() - start
        manifest = json.loads((cleaned / summary["version"] / "manifest.json").read_text())
    counts = manifest["counts"]
    print(f"{records} one-line records of {args.granularity} ({source}), {seconds:.1f} s")
    for key in ("documents_read", "documents", "dropped", "rejected", "emptied"):
        print(f"  {key:15} {counts[key]}")
    for step, kinds in counts["removed_by_step_and_kind"].items():
        print(f"  removed by {step}: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))


if __name__ == "__main__":
    main()
