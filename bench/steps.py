"""What each step of the pipeline costs per document, on a generated corpus.

    .venv/bin/python bench/steps.py [--documents 2000] [--html-share 0.2]

Runs the plain pipeline (`newsclean.pipeline.run_pipeline`, one process, no Prefect) over a
corpus from bench/corpus.py and prints, per document step and per corpus step's collect,
decide and apply, the seconds spent and the milliseconds per document, largest first. The
flow runs the same steps; what it adds (Prefect, passes, the store) is in
bench/performance.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corpus import generate

import newsclean.pipeline as pipeline
from newsclean.readers.discover import discover
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.store.publish import corpus_files

spent: dict[str, float] = defaultdict(float)


@contextmanager
def timed(part: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    spent[part] += time.perf_counter() - started


def timing_guarded_steps() -> None:
    """Times every document step, and every corpus step's apply, where the pipeline guards
    them."""
    guarded = pipeline._guarded
    corpus_steps = {s.name for s in pipeline.PIPELINE if not isinstance(s, pipeline.DocumentStage)}

    def timed_guard(step_name: str, doc: Any, run: Callable) -> Any:
        with timed(f"{step_name}.apply" if step_name in corpus_steps else step_name):
            return guarded(step_name, doc, run)

    pipeline._guarded = timed_guard


def timing_corpus_steps() -> None:
    """Times collect and decide of every corpus step."""
    for step in pipeline.PIPELINE:
        if isinstance(step, pipeline.DocumentStage):
            continue
        for method in ("collect", "decide"):
            original = getattr(step, method)

            def timed_method(*args: Any, _original=original, _part=f"{step.name}.{method}"):
                with timed(_part):
                    return _original(*args)

            setattr(step, method, timed_method)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--html-share", type=float, default=0.2)
    args = parser.parse_args()
    print(f"$ .venv/bin/python bench/steps.py --documents {args.documents}")
    timing_guarded_steps()
    timing_corpus_steps()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp)
        generate(seeds, args.documents, args.html_share)
        started = time.perf_counter()
        docs, rejections = [], []
        with timed("read"):
            for path in discover(seeds):
                result = read_path(path, seeds, settings.readers)
                docs += result.documents
                rejections += result.rejections
        docs, extra = pipeline.run_pipeline(docs, settings)
        with timed("write (JSONL, Parquet)"):
            corpus_files(docs, rejections, extra)
        total = time.perf_counter() - started
    print(f"{'':34}{'seconds':>9}{'ms/doc':>9}{'share':>7}")
    for part, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        if seconds >= 0.005:
            print(
                f"{part:34}{seconds:9.2f}{1000 * seconds / args.documents:9.2f}"
                f"{seconds / total:7.1%}"
            )
    print(f"{'total':34}{total:9.2f}{1000 * total / args.documents:9.2f}")


if __name__ == "__main__":
    sys.exit(main())
