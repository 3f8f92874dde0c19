"""What the caches' msgpack records cost against pickles, on the trails of a cleaned folder.

    .venv/bin/python bench/cache_formats.py CLEANED

Reads every trail a run left in CLEANED/.cache, then times writing and reading them back as
msgpack records (what newsclean keeps, see newsclean/store/records.py) and as pickles (what
it kept before; pickles can run code when read). Median of three rounds.
"""

from __future__ import annotations

import json
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsclean.pipeline import plan_passes
from newsclean.settings import Settings
from newsclean.store.inputs import input_rows
from newsclean.store.records import packed, unpacked
from newsclean.store.trails import CACHE_DIR, FileTrail, TrailCache


def trails_of(cleaned: Path) -> list[FileTrail]:
    """Every trail left for the default settings, found by the inputs of LATEST."""
    latest = (cleaned / "LATEST").read_text().strip()
    manifest = json.loads((cleaned / latest / "manifest.json").read_text())
    cache = TrailCache.for_corpus(cleaned, Settings())
    inputs = input_rows(cleaned / latest, manifest["outputs"])
    found = [cache.find(i["path"], i["sha256"]) for i in inputs if i["sha256"]]
    return [trail for trail in found if trail is not None]


def timed(action: Callable[[], Any]) -> float:
    rounds = []
    for _ in range(3):
        started = time.perf_counter()
        action()
        rounds.append(time.perf_counter() - started)
    return statistics.median(rounds)


def main() -> None:
    cleaned = Path(sys.argv[1])
    plan_passes()  # the corpus steps' fact classes, as a run has them
    trails = trails_of(cleaned)
    if not trails:
        raise SystemExit(f"no trails in {cleaned / CACHE_DIR} for the default settings")
    print(f"{len(trails)} trails of {cleaned}")
    print(f"{'format':10} {'write ms':>9} {'read ms':>8} {'MB':>6}")
    for name, dump, load in (
        ("msgpack", packed, unpacked),
        ("pickle", lambda v: pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL), pickle.loads),
    ):
        blobs = [dump(trail) for trail in trails]
        write = timed(lambda dump=dump: [dump(trail) for trail in trails])
        read = timed(lambda load=load, blobs=blobs: [load(blob) for blob in blobs])
        size = sum(map(len, blobs)) / 1e6
        print(f"{name:10} {write * 1000:9.0f} {read * 1000:8.0f} {size:6.1f}")


if __name__ == "__main__":
    main()
