"""Where the CPU time goes per document on large JSON Lines files, task by task and step by
step, as the workers of `newsclean ingest` spend it.

    .venv/bin/python bench/large_files_profile.py [--documents 2000] [--files 4] [--top 25]
        [--without-lingua]

Generates the corpus of bench/large_files.py, then runs the flow's own tasks (their
functions, without Prefect) in this one process, in the flow's order and with its batches:
reading (and cutting) the files, the first pass of every batch, each corpus decision and
the pass after it, and the cut files' trails. Prints the CPU seconds and milliseconds per
document of each task kind and, within them, of each cleaning step, each corpus step's
collect and apply, the work area's pickles, the output rows and the trails; `--top N` adds
cProfile's N functions of most own time over the whole run (cProfile slows the run: read
the shares then). What Prefect and the worker processes add is in bench/spy_summary.py.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import itertools
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from large_files import generate

import flows.ingest as ingest
import newsclean.pipeline as pipeline
from newsclean.batching import input_bytes, piece_records, plan_batches, to_cut
from newsclean.corpus.fact_files import SpilledFacts
from newsclean.readers.discover import discover
from newsclean.settings import Settings
from newsclean.store.location import store_path
from newsclean.store.trails import TrailCache
from newsclean.store.work import WorkArea

spent: dict[str, float] = defaultdict(float)


@contextmanager
def timed(part: str) -> Iterator[None]:
    started = time.process_time()
    try:
        yield
    finally:
        spent[part] += time.process_time() - started


def wrapped(owner: Any, name: str, part: str) -> None:
    """Times every call of `owner.name` as `part`."""
    original = getattr(owner, name)

    def timed_call(*args: Any, **kwargs: Any) -> Any:
        with timed(part):
            return original(*args, **kwargs)

    setattr(owner, name, timed_call)


def instrument() -> None:
    """Times the cleaning steps, corpus steps' collect and apply, and what the tasks do
    around them."""
    guarded = pipeline._guarded
    corpus = {s.name for s in pipeline.PIPELINE if not isinstance(s, pipeline.DocumentStage)}

    def timed_guard(step_name: str, doc: Any, run: Callable) -> Any:
        with timed(f"  step {step_name}.apply" if step_name in corpus else f"  step {step_name}"):
            return guarded(step_name, doc, run)

    pipeline._guarded = timed_guard
    for step in pipeline.PIPELINE:
        if not isinstance(step, pipeline.DocumentStage):
            wrapped(step, "collect", f"  step {step.name}.collect")
    for name in ("save", "load", "save_piece", "load_piece", "save_fragment", "load_fragment"):
        wrapped(WorkArea, name, f"  work area {name} (pickle)")
    wrapped(WorkArea, "write_parts", "  work area write_parts")
    wrapped(ingest, "read_path", "  read_path (reader)")
    wrapped(ingest, "cut_records", "  cut_records")
    wrapped(ingest, "part_rows", "  part_rows (output rows)")
    wrapped(ingest, "_save_facts", "  facts to Parquet")
    wrapped(ingest, "run_traced_pass", "  run_traced_pass")
    wrapped(TrailCache, "store_all", "  trails store_all")
    wrapped(TrailCache, "store", "  trails store")


def run_tasks(seeds_dir: Path, cleaned_dir: Path, settings: Settings) -> int:
    """The flow's tasks over the corpus in `seeds_dir`, as `ingest` runs them on a fresh
    corpus without a batch size asked for; returns the documents read."""
    seeds, cleaned = store_path(str(seeds_dir)), store_path(str(cleaned_dir))
    cleaned.mkdir()
    paths = discover(seeds)
    work = WorkArea.create(cleaned)
    trails = TrailCache.for_corpus(cleaned, settings)
    passes = pipeline.plan_passes()
    sizes = input_bytes(paths)
    cut_paths = to_cut(sizes)
    cut_inputs, pieces_of = {}, {}
    with timed("task read-and-cut"):
        for number, path in enumerate(cut_paths):
            cut_inputs[number], pieces_of[path] = ingest.cut_file.fn(
                path, number, seeds, work, piece_records(None), settings
            )
    units = [(path, 1, sizes[path]) for path in paths if path not in pieces_of]
    for pieces in pieces_of.values():
        units += [(piece, piece.records, piece.bytes) for piece in pieces]
    units.sort(key=lambda unit: ingest._unit_order(unit[0], seeds))
    batches = plan_batches(units, None)
    cut_batches: dict[int, list[int]] = {}
    for index, chunk in enumerate(batches):
        for cut in sorted({u.cut for u in chunk if hasattr(u, "cut")}):
            cut_batches.setdefault(cut, []).append(index)
    facts = []
    documents = 0
    with timed("task read-and-clean (pass 1)"):
        for index, chunk in enumerate(batches):
            found, described = ingest.first_pass.fn(index, chunk, seeds, work, passes[:1], settings)
            facts.append(found)
            documents += sum(i.documents for i in described)
    documents += sum(i.documents for i in cut_inputs.values())
    for before, one_pass in itertools.pairwise(passes):
        step = before.collect
        with timed(f"decide {step.name} (flow's process)"):
            full = step.decide(SpilledFacts([f for f in facts if f]), None, settings, None)
            work.save_decision(step.name, step.applied(full))
        with timed(f"task pass after {step.name}"):
            facts = [
                ingest.later_pass.fn(index, work, trails, one_pass, settings)
                for index in range(len(batches))
            ]
    with timed("task keep-trail"):
        for cut, indices in cut_batches.items():
            ingest.keep_cut_trail.fn(cut_inputs[cut], cut, indices, work, trails)
    pieces = sum(map(len, pieces_of.values()))
    print(f"{len(paths)} files ({len(cut_paths)} cut into {pieces} pieces), {len(batches)} batches")
    return documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--top", type=int, default=0, help="cProfile's top functions")
    parser.add_argument(
        "--without-lingua",
        action="store_true",
        help="the language step without its second opinion (language.second_opinion off)",
    )
    args = parser.parse_args()
    print("$ python bench/large_files_profile.py " + " ".join(sys.argv[1:]))
    instrument()
    settings = Settings()
    if args.without_lingua:
        language = dataclasses.replace(settings.language, second_opinion=False)
        settings = dataclasses.replace(settings, language=language)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        generate(seeds, args.documents, args.files)
        profile = cProfile.Profile() if args.top else None
        started = time.process_time()
        if profile:
            profile.enable()
        documents = run_tasks(seeds, Path(tmp) / "cleaned", settings)
        if profile:
            profile.disable()
        total = time.process_time() - started
    print(f"{documents:,} documents, {total:.1f} CPU s, {1000 * total / documents:.2f} ms/doc")
    print(f"\n{'':<44}{'CPU s':>8}{'ms/doc':>8}{'share':>7}")
    tasks = [part for part in spent if not part.startswith(" ")]
    within = sorted((part for part in spent if part.startswith(" ")), key=spent.get, reverse=True)
    for part in [*tasks, "within them:", *within]:
        if part not in spent:
            print(part)
            continue
        seconds = spent[part]
        share = f"{100 * seconds / total:6.1f}%"
        print(f"{part:<44}{seconds:8.2f}{1000 * seconds / documents:8.2f}{share:>7}")
    if profile:
        print()
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
