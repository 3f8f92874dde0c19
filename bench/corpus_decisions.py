"""What the corpus decisions cost the process that decides them: bytes per document of each
corpus step's facts, and that process's peak memory while it decides, in memory (the
one-process decision) and as a keyed reduction (facts spilled to Parquet, partitions decided
by dask's synchronous scheduler).

A generated corpus (bench/corpus.py, a fifth of it HTML) with a tenth of its documents
copied, half exactly, half with a line added, is read and cleaned in chunks of 2,000
documents; each chunk's facts for the three corpus steps are collected (furniture and
duplicates after the clean stage, name variants after the annotate stage) and kept in a
pickle per step in the work folder, reused by later runs. Each decision is then measured
in a fresh process: its resident memory is sampled every 5 ms from loading the facts to the
end of the step as the ingest flow runs it (decide, drop the facts, the step's files, the
applied part), above a baseline taken after what a process pays once (see `warm_up`).
With `--previous`, each step decides with a previous version: the files the step writes for
the same documents (decided once beforehand), named with their sha256 as a manifest names
them.

    .venv/bin/python bench/corpus_decisions.py --documents 10000 100000 --clone-from 10000
        [--work DIR] [--steps site_furniture duplicates name_variants] [--previous]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

STEPS = ("site_furniture", "duplicates", "name_variants")
MODES = ("memory", "keyed")
CHUNK = 2_000


def page_size_mib() -> float:
    return os.sysconf("SC_PAGE_SIZE") / 2**20


def resident_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * page_size_mib()


class PeakSampler:
    """The largest resident set seen while it runs."""

    def __init__(self) -> None:
        self.peak = resident_mib()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, resident_mib())

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, resident_mib())


def make_corpus(folder: Path, documents: int) -> None:
    from corpus import generate

    copies = documents // 10
    generate(folder, documents - copies, 0.2)
    rng = random.Random(1)
    texts = sorted(folder.rglob("*.txt"))
    for n, path in enumerate(rng.sample(texts, min(len(texts), copies))):
        data = path.read_bytes()
        if n % 2:
            data += f"\nCorrection {n}: an earlier version misspelt a name.\n".encode()
        path.with_name(f"{path.stem}-copy.txt").write_bytes(data)


def cloned(source: Path, target: Path, times: int) -> int:
    """The facts of `times` corpora like the one of `source`: each of its documents again
    under new ids, the k-th copy's signatures and text hashes XORed with a constant of its
    own (so that copies match within one corpus, as the originals do, and not across) and
    its sites renamed. Collecting 100,000 generated documents afresh takes most of an hour
    on a shared machine; what a decision holds depends on the facts' sizes and matches."""
    import numpy as np

    from newsclean.corpus.duplicates import DocumentFacts
    from newsclean.corpus.site_furniture import EdgeLines

    target.mkdir(parents=True, exist_ok=True)
    for name in STEPS:
        with (source / f"{name}.pickle").open("rb") as handle:
            facts = pickle.load(handle)
        out = {}
        for k in range(times):
            mask = np.uint32(0x9E3779B1 * (k + 1) & 0xFFFFFFFF)
            for doc_id, fact in facts.items():
                new_id = f"{doc_id}-{k}" if k else doc_id
                if isinstance(fact, DocumentFacts) and k:
                    fact = DocumentFacts(
                        new_id,
                        fact.published,
                        fact.length,
                        fact.site and f"{fact.site}-{k}",
                        (np.frombuffer(fact.exact, "<u4") ^ mask).tobytes(),
                        (np.frombuffer(fact.signature, "<u4") ^ mask).tobytes(),
                    )
                elif isinstance(fact, EdgeLines) and k:
                    fact = replace(fact, site=fact.site and f"{fact.site}-{k}")
                out[new_id] = fact
        with (target / f"{name}.pickle").open("wb") as handle:
            pickle.dump(out, handle, protocol=pickle.HIGHEST_PROTOCOL)
    count = int((source / "documents").read_text()) * times
    (target / "documents").write_text(str(count))
    return count


def collect(folder: Path, facts_folder: Path) -> int:
    """Writes every step's facts, one pickle per step; returns the number of documents."""
    from newsclean.pipeline import PIPELINE, DocumentStage, collect_facts, run_document_steps
    from newsclean.readers.read import read_path
    from newsclean.settings import Settings

    settings = Settings()
    stages = {s.name: s for s in PIPELINE if isinstance(s, DocumentStage)}
    steps = {s.name: s for s in PIPELINE if not isinstance(s, DocumentStage)}
    facts: dict[str, dict] = {name: {} for name in STEPS}
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    documents = 0
    for start in range(0, len(paths), CHUNK):
        docs = []
        for path in paths[start : start + CHUNK]:
            docs += read_path(path, folder, settings.readers).documents
        documents += len(docs)
        docs = run_document_steps(docs, stages["clean"], settings)
        for name in ("site_furniture", "duplicates"):
            facts[name].update(collect_facts(docs, steps[name], settings))
        docs = run_document_steps(docs, stages["annotate"], settings)
        facts["name_variants"].update(collect_facts(docs, steps["name_variants"], settings))
        print(f"  collected {documents} documents", file=sys.stderr, flush=True)
    for name, step_facts in facts.items():
        with (facts_folder / f"{name}.pickle").open("wb") as handle:
            pickle.dump(step_facts, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return documents


def corpus_step(step_name: str):
    from newsclean.pipeline import PIPELINE, DocumentStage

    return next(s for s in PIPELINE if not isinstance(s, DocumentStage) and s.name == step_name)


def write_previous(step_name: str, facts_file: Path, folder: Path) -> None:
    """The files the step writes for these facts, as a previous version holds them."""
    from newsclean.settings import Settings

    step = corpus_step(step_name)
    with facts_file.open("rb") as handle:
        facts = pickle.load(handle)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in step.outputs(step.decide(facts, None, Settings(), None)).items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else b"".join(data))


def previous_version(folder: Path | None):
    from newsclean.store.previous import PreviousVersion

    if folder is None:
        return None
    outputs = {
        p.name: {"sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
        for p in sorted(folder.iterdir())
    }
    return PreviousVersion("previous", folder, outputs)


def measure(
    step_name: str, mode: str, facts_file: Path, spill: Path, previous_folder: Path | None
) -> dict:
    """Runs in a fresh process: the step decided as the ingest flow's `_decide` does it."""
    from newsclean.corpus.keyed import KeyedReduction
    from newsclean.settings import Settings

    step = corpus_step(step_name)
    settings = Settings()
    previous = previous_version(previous_folder)
    warm_up(spill / "warm-up")
    gc.collect()
    before = resident_mib()
    with facts_file.open("rb") as handle:
        facts = pickle.load(handle)
    gc.collect()
    held = resident_mib() - before
    reduction = KeyedReduction(spill) if mode == "keyed" else None
    start = time.perf_counter()
    with PeakSampler() as sampler:
        full = step.decide(facts, previous, settings, reduction)
        facts.clear()
        outputs = step.outputs(full)
        # written to the work area as the flow does: a file in chunks, one at a time
        written = sum(
            len(data) if isinstance(data, bytes) else sum(map(len, data))
            for data in outputs.values()
        )
        del outputs
        applied = step.applied(full)
        del full, applied
    spilled = sum(p.stat().st_size for p in spill.rglob("*") if p.is_file())
    return {
        "facts_mib": held,
        "peak_mib": sampler.peak - before,
        "seconds": time.perf_counter() - start,
        "output_bytes": written,
        "spilled_bytes": spilled,
    }


def warm_up(folder: Path) -> None:
    """What a process pays once, before the baseline: Arrow's first table and Parquet file
    (the flow's process writes the version's Parquet anyway), and dask's first shuffle."""
    import dask.bag as db
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir()
    pq.write_table(pa.Table.from_pylist([{"id": "a", "value": b"b"}]), folder / "a.parquet")
    db.from_sequence(range(4), npartitions=2).groupby(lambda n: n % 2).compute(
        scheduler="synchronous"
    )
    shutil.rmtree(folder)


def run_measure(step: str, mode: str, facts_file: Path, work: Path, previous: Path | None) -> dict:
    spill = Path(tempfile.mkdtemp(dir=work, prefix=f"spill-{step}-{mode}-"))
    try:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                step,
                mode,
                str(facts_file),
                str(spill),
                str(previous or "-"),
            ],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, help="kept between runs: corpora and their facts")
    parser.add_argument(
        "--clone-from",
        type=int,
        help="sizes above this are made of the facts collected at it, cloned (see `cloned`)",
    )
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument(
        "--previous",
        action="store_true",
        help="decide with a previous version: the step's own files for the same documents",
    )
    parser.add_argument("--measure", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        step, mode, facts_file, spill, previous = args.measure
        previous_folder = None if previous == "-" else Path(previous)
        print(json.dumps(measure(step, mode, Path(facts_file), Path(spill), previous_folder)))
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="corpus-decisions-"))
    print(f"work folder: {work}")
    print(
        "| documents | step | facts, bytes per document (pickled) | facts held, MiB "
        "| peak while deciding, MiB: in memory | keyed | keyed / in memory "
        "| seconds: in memory | keyed | spilled, bytes per document |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for documents in args.documents:
        folder = work / f"corpus-{documents}"
        facts_folder = work / f"facts-{documents}"
        if (
            not (facts_folder / "documents").exists()
            and args.clone_from
            and documents > args.clone_from
        ):
            times = documents // args.clone_from
            cloned(work / f"facts-{args.clone_from}", facts_folder, times)
        if not (facts_folder / "documents").exists():
            shutil.rmtree(folder, ignore_errors=True)
            make_corpus(folder, documents)
            facts_folder.mkdir(parents=True, exist_ok=True)
            count = collect(folder, facts_folder)
            (facts_folder / "documents").write_text(str(count))
        count = int((facts_folder / "documents").read_text())
        for step in args.steps:
            facts_file = facts_folder / f"{step}.pickle"
            previous = work / f"previous-{documents}" / step if args.previous else None
            if previous is not None and not previous.exists():
                write_previous(step, facts_file, previous)
            runs = {mode: run_measure(step, mode, facts_file, work, previous) for mode in MODES}
            memory, keyed = runs["memory"], runs["keyed"]
            print(
                f"| {count:,} | {step} | {facts_file.stat().st_size / count:,.0f} "
                f"| {memory['facts_mib']:,.0f} | {memory['peak_mib']:,.0f} "
                f"| {keyed['peak_mib']:,.0f} | {keyed['peak_mib'] / memory['peak_mib']:.2f}× "
                f"| {memory['seconds']:.1f} | {keyed['seconds']:.1f} "
                f"| {keyed['spilled_bytes'] / count:,.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
