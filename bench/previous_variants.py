"""What reading a previous version's canonical forms (`variants.previous_canonicals`) costs:
the peak of Python's allocations (tracemalloc) while a generated variants.json, written as
the step writes it, is read with its manifest's sha256, and the seconds it takes.

    .venv/bin/python bench/previous_variants.py --groups 40 --documents 4000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from newsclean.corpus.variants import VARIANTS_FILE, previous_canonicals
    from newsclean.store.previous import PreviousVersion

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--documents", type=int, default=4_000, help="of each of two forms")
    args = parser.parse_args()
    rows = [
        {
            "canonical": f"Name{g}",
            "variants": [
                {
                    "form": f"{form}{g}",
                    "documents": [f"doc-{g}-{d:06d}" for d in range(args.documents)],
                }
                for form in ("Name", "Nama")
            ],
        }
        for g in range(args.groups)
    ]
    data = (json.dumps(rows, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode()
    del rows
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / VARIANTS_FILE).write_bytes(data)
        outputs = {VARIANTS_FILE: {"sha256": hashlib.sha256(data).hexdigest()}}
        previous = PreviousVersion("previous", Path(folder), outputs)
        tracemalloc.start()
        start = time.perf_counter()
        forms = previous_canonicals(previous)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(
        f"variants.json {len(data) / 2**20:.1f} MiB, {len(forms)} forms: "
        f"peak {peak / 2**20:.2f} MiB, {seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
