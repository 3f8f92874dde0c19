"""The ingestion flow: a seeds folder in, a new version of the cleaned corpus out.

Prefect sees batches and stages, never single documents: a task costs about 10 ms, so one
task per document would cost more than the cleaning. The cleaning itself lives in
`newsclean.pipeline`, free of Prefect; this module only batches, orchestrates and persists.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

# The embedded server can take over 20 s to start on a busy machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

import pyarrow as pa
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.context import FlowRunContext
from prefect.futures import PrefectFuture, wait
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from newsclean.batching import (
    INLINE_BYTES,
    Piece,
    Unit,
    cut_records,
    input_bytes,
    piece_records,
    plan_batches,
    to_cut,
)
from newsclean.corpus.fact_files import FactsFile, SpilledFacts, write_facts
from newsclean.corpus.keyed import KeyedReduction
from newsclean.heap import release_freed_memory, settle_heap
from newsclean.pipeline import (
    CorpusStep,
    Pass,
    batch_counts,
    plan_passes,
    run_traced_pass,
    sum_counts,
)
from newsclean.prefect_api import share_one_client
from newsclean.progress import progress_line
from newsclean.readers.discover import discover, relative_path
from newsclean.readers.read import ReadResult, read_path
from newsclean.settings import BATCHES_PER_RUN, BATCHES_PER_WORKER, MAX_BATCH, Settings
from newsclean.store.fingerprints import Fingerprints
from newsclean.store.inputs import InputFile
from newsclean.store.known import known_facts, known_files, stale_files
from newsclean.store.location import StorePath, refuse_overlap, store_path
from newsclean.store.lock import corpus_lock
from newsclean.store.marker import MARKER, claim_corpus
from newsclean.store.previous import LearnedStateError, PreviousVersion
from newsclean.store.prune import prune_versions
from newsclean.store.publish import check_step_files, publish_staged
from newsclean.store.reuse import link_shards, linked_numbers, shard_sources, unchanged_shards
from newsclean.store.row_cache import parent_layout
from newsclean.store.shards import ParentShards, assign_shards
from newsclean.store.trails import DocumentTrail, FileTrail, TrailCache
from newsclean.store.versions import (
    adopt_parent,
    load_version,
    remove_stale_temporaries,
    stage_version,
)
from newsclean.store.work import PARTS, Batch, Fragment, WorkArea, part_rows
from newsclean.summary import RunSummary

# From this many documents' facts, a corpus decision in the flow's own process runs as a
# keyed reduction (on a Dask cluster it always does): below it, deciding in memory holds at
# most some 130 MB above the facts and is about five times faster (bench/corpus_decisions.py).
KEYED_DOCUMENTS = 100_000

# Tasks exchange file paths and small facts; documents wait in the work area between passes.
_TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="read-and-cut", **_TASK_OPTIONS)
def cut_file(
    path: StorePath,
    cut: int,
    seeds: StorePath,
    work: WorkArea,
    records: int,
    settings: Settings,
) -> tuple[InputFile, list[Piece]]:
    """Reads a large input file and leaves its records in the work area in pieces of at
    most `records`, for batches to clean (see batching.py)."""
    result = read_path(path, seeds, settings.readers)
    pieces = []
    for number, (docs, rejections) in enumerate(
        cut_records(result.documents, result.rejections, records)
    ):
        work.save_piece(cut, number, docs, rejections)
        size = sum(len(doc.body) for doc in docs)
        pieces.append(Piece(result.path, cut, number, len(docs), size))
    return _described(result), pieces


@task(name="read-and-clean", **_TASK_OPTIONS)
def first_pass(
    index: int,
    units: list[Unit],
    seeds: StorePath,
    work: WorkArea,
    passes: tuple[Pass, ...],
    settings: Settings,
) -> tuple[FactsFile | None, list[InputFile]]:
    """Reads a batch of input files, and takes the pieces of cut files it holds from the
    work area, and runs the first pass over their documents (its facts left in the work
    area, see `_save_facts`). A batch that joins late (files
    whose trail a decision made stale) also runs the later passes up to the current one,
    with the decisions saved in the work area."""
    batch = Batch([], [], [], {})
    for unit in units:
        if isinstance(unit, Piece):
            docs, rejections = work.load_piece(unit.cut, unit.number)
            batch.cuts[unit.path] = unit.cut
        else:
            result = read_path(unit, seeds, settings.readers)
            docs, rejections = result.documents, result.rejections
            batch.inputs.append(_described(result))
        batch.docs.extend(docs)
        batch.rejections.extend(rejections)
    batch.trails = {doc.id: DocumentTrail() for doc in batch.docs}
    facts: dict[str, Any] = {}
    for one_pass in passes:
        decision = work.load_decision(one_pass.apply.name) if one_pass.apply else None
        batch.docs, facts = run_traced_pass(batch.docs, batch.trails, one_pass, decision, settings)
    work.save(index, batch)
    return _save_facts(work, passes[-1], index, facts), batch.inputs


@task(name="pass", **_TASK_OPTIONS)
def later_pass(
    index: int,
    work: WorkArea,
    trails: TrailCache,
    one_pass: Pass,
    settings: Settings,
) -> Any:
    """Runs a later pass over a saved batch, applying the decision saved in the work area,
    and leaves the facts it collected in the work area (see `_save_facts`), returning
    their file. The last pass writes the batch's output parts, leaves each file's trail for
    later runs and returns the batch's counts, and each file's rows digest, instead."""
    if one_pass.apply is None:
        raise ValueError("a later pass starts by applying a corpus step's decision")
    decision = work.load_decision(one_pass.apply.name)
    batch = work.load(index)
    batch.docs, facts = run_traced_pass(batch.docs, batch.trails, one_pass, decision, settings)
    if one_pass.collect is not None:
        work.save(index, batch)
        return _save_facts(work, one_pass, index, facts)
    files = batch.by_file()
    rows, counts, kept = [], [], []
    for described in batch.inputs:
        docs, rejections = files.get(described.path, ([], []))
        rows.append(part_rows(docs, rejections))
        counts.append(batch_counts(docs, len(rejections)))
        trail = FileTrail(described, {doc.id: batch.trails[doc.id] for doc in docs}, counts[-1])
        kept.append((trail, rows[-1]))
    digests = {
        trail.input.path: digest
        for (trail, _), digest in zip(kept, trails.store_all(kept), strict=True)
        if digest is not None
    }
    for path, cut in batch.cuts.items():
        # the file's trail is put together from every batch's fragment (keep_cut_trail)
        docs, rejections = files.get(path, ([], []))
        rows.append(part_rows(docs, rejections))
        counts.append(batch_counts(docs, len(rejections)))
        documents = {doc.id: batch.trails[doc.id] for doc in docs}
        work.save_fragment(cut, index, Fragment(documents, rows[-1], counts[-1]))
    work.write_parts(index, rows)
    return sum_counts(counts), digests


@task(name="keep-trail", **_TASK_OPTIONS)
def keep_cut_trail(
    described: InputFile, cut: int, batches: list[int], work: WorkArea, trails: TrailCache
) -> tuple[StorePath, str | None]:
    """Keeps the trail of a cut file, one trail per file as for any other: the fragments
    the `batches` holding its pieces left, in the file's order, put together. Returns the
    file's path and rows digest, as `later_pass` does for the files it holds whole."""
    documents: dict[str, DocumentTrail] = {}
    rows: dict[str, list[tuple[str, str]]] = {part: [] for part in PARTS}
    counts = []
    for index in batches:
        fragment = work.load_fragment(cut, index)
        documents.update(fragment.documents)
        for part, lines in fragment.rows.items():
            rows[part].extend(lines)
        counts.append(fragment.counts)
    for lines in rows.values():
        lines.sort()  # as part_rows sorts a whole file's
    return described.path, trails.store(FileTrail(described, documents, sum_counts(counts)), rows)


@task(name="decide", **_TASK_OPTIONS)
def decide(
    merged: SpilledFacts,
    step: CorpusStep,
    previous: PreviousVersion | None,
    settings: Settings,
    reduction: KeyedReduction | None,
) -> Any:
    try:
        return step.decide(merged, previous, settings, reduction)
    except LearnedStateError as error:
        assert previous is not None
        # the version's files are as they were written, or they are not used at all
        get_run_logger().warning(
            "%s; %s decides without what %s learned", error, step.name, previous.name
        )
        again = reduction and replace(reduction, folder=reduction.folder / "without-previous")
        return step.decide(merged, None, settings, again)


@flow(name="ingest")
def ingest(
    seeds: str = "seeds",
    cleaned: str = "cleaned",
    settings_file: str | None = None,
    batch_size: int | None = None,
    inline_bytes: int = INLINE_BYTES,
) -> dict[str, Any]:
    """Cleans every document under `seeds` and writes a new version to `cleaned` (or none,
    when the result equals the latest version). Either may be a local folder or an fsspec
    URL (s3://bucket/cleaned), which every worker of a cluster can reach. A round of input
    files of fewer than `inline_bytes` bytes runs in this process, as one batch, not on the
    task runner."""
    logger = get_run_logger()
    settings = Settings.from_toml(Path(settings_file)) if settings_file else Settings()
    seeds_path, cleaned_path = store_path(seeds), store_path(cleaned)
    refuse_overlap(seeds_path, cleaned_path)
    if claim_corpus(cleaned_path):
        logger.warning("%s: a corpus from before the %s marker, now marked", cleaned_path, MARKER)
    paths = discover(seeds_path)
    requested = batch_size or settings.batch_size
    with corpus_lock(cleaned_path), _workers_share_this_api():
        stale = remove_stale_temporaries(cleaned_path)
        if stale:
            logger.warning("removed temporary files of an interrupted run: %s", ", ".join(stale))
        parent, warnings = adopt_parent(cleaned_path)
        for warning in warnings:
            logger.warning(warning)
        previous = (
            PreviousVersion(
                parent,
                cleaned_path / parent,
                load_version(cleaned_path, parent).manifest.get("outputs", {}),
            )
            if parent
            else None
        )
        trails = TrailCache.for_corpus(cleaned_path, settings)
        fingerprints = Fingerprints.load(trails.root, seeds_path)
        known, known_digests = known_files(paths, seeds_path, trails, fingerprints, settings)
        fingerprints.forget_known()
        fresh = [path for path in paths if path not in known]
        for path in fresh:  # the next run knows their bytes from their stat
            fingerprints.watch(path, relative_path(path, seeds_path))
        with_trail = len(known)
        logger.info(
            "%d input files from %s: %d known from an earlier run, %d new or changed",
            len(paths),
            seeds_path,
            len(known),
            len(fresh),
        )
        work = WorkArea.create(cleaned_path)
        try:
            passes = plan_passes()
            batches: list[list[Unit]] = []
            # the batches holding pieces of each cut file, and the file, by cut
            cut_batches: dict[int, list[int]] = {}
            cut_inputs: dict[int, InputFile] = {}
            inline_input = 0  # bytes read by rounds run in this process

            def read_and_clean(
                round_paths: list[StorePath], done: int, label: str
            ) -> tuple[list[FactsFile | None], list[InputFile]]:
                """New batches of `round_paths` (large files cut into pieces of records),
                read and taken through the first `done` passes: their facts, and the
                files' descriptions in the order of `round_paths`."""
                nonlocal inline_input
                sizes = input_bytes(round_paths)
                inline = sum(sizes.values()) < inline_bytes
                inline_input += sum(sizes.values()) if inline else inline_bytes
                new_cuts = _cut(
                    to_cut(sizes) if requested or not inline else [],
                    len(cut_inputs),
                    seeds_path,
                    work,
                    piece_records(requested),
                    settings,
                    f"{label}: cut",
                    inline,
                )
                units = [(path, 1, sizes[path]) for path in round_paths if path not in new_cuts]
                for described, pieces in new_cuts.values():
                    cut_inputs[pieces[0].cut] = described
                    units += [(piece, piece.records, piece.bytes) for piece in pieces]
                units.sort(key=lambda unit: _unit_order(unit[0], seeds_path))
                planned = (
                    plan_batches(units, requested, _batches_per_run())
                    if requested or not inline
                    else []
                )
                if not planned and units:
                    planned = [[unit for unit, _, _ in units]]
                new = list(enumerate(planned, start=len(batches)))
                batches.extend(planned)
                for index, chunk in new:
                    for cut in sorted({u.cut for u in chunk if isinstance(u, Piece)}):
                        cut_batches.setdefault(cut, []).append(index)
                first = _run_batches(
                    first_pass,
                    [
                        (index, chunk, seeds_path, work, passes[:done], settings)
                        for index, chunk in new
                    ],
                    [_records(chunk) for _, chunk in new],
                    label,
                    inline=inline,
                )
                described = {i.path: i for _, batch_inputs in first for i in batch_inputs}
                described |= {i.path: i for i, _ in new_cuts.values()}
                ordered = [described[relative_path(path, seeds_path)] for path in round_paths]
                return [f for f, _ in first], ordered

            facts, inputs = read_and_clean(fresh, 1, "read and clean")
            # every file is fingerprinted by now (files cleaned again later were known), and
            # the first round's inputs come in the order of `fresh`
            for described in inputs:
                fingerprints.learn(described.path, described.sha256)
            fingerprints.save()
            del fingerprints  # not needed from here on
            # Facts and full decisions grow with the corpus: each is dropped as soon as it has
            # served, so that the run holds one step's worth at a time.
            step_files: list[str] = []
            results: list[Any] = []
            for done, (before, one_pass) in enumerate(itertools.pairwise(passes), start=1):
                step = before.collect
                facts.append(_known_facts_file(work, known, step.name))
                files, changed = _decide(step, facts, known, previous, settings, work)
                step_files += files
                if changed:
                    logger.info(
                        "%s: %d known files reached otherwise than before, cleaned again",
                        step.name,
                        len(changed),
                    )
                # files whose documents now get another slice are cleaned again from their
                # bytes, through every pass so far, and go on with the others
                inputs += read_and_clean(changed, done, f"{step.name}: catch up")[1]
                results = _run_batches(
                    later_pass,
                    [(i, work, trails, one_pass, settings) for i in range(len(batches))],
                    [_records(batch) for batch in batches],
                    step.name,
                    inline=inline_input < inline_bytes,
                )
                facts = results
            kept_cuts = _run_batches(
                keep_cut_trail,
                [
                    (cut_inputs[cut], cut, indices, work, trails)
                    for cut, indices in cut_batches.items()
                ],
                [1] * len(cut_batches),
                "keep trails",
                inline=inline_input < inline_bytes,
            )
            # each file's rows digest: a known file's from its trail, a cleaned one's as stored
            digests = {t.input.path: known_digests[t.input.path] for t in known.values()}
            digests |= {path: digest for _, found in results for path, digest in found.items()}
            digests |= {path: digest for path, digest in kept_cuts if digest is not None}
            results = [counted for counted, _ in results]
            results += [trail.counts for trail in known.values()]
            inputs += [trail.input for trail in known.values()]
            counts = {"inputs": len(inputs), **sum_counts(results)}
            layout = (
                parent_layout(cleaned_path, load_version(cleaned_path, parent)) if parent else None
            )
            shards = (
                ParentShards(previous.path, previous.outputs, layout.shards, layout.rows)
                if previous and layout
                else None
            )
            staged = stage_version(cleaned_path)
            indexed = work.step_file_ids(step_files)
            sources = {doc_id: i.path for i in inputs for doc_id in i.document_ids}
            assignment = assign_shards(
                [*sources, *indexed], shards.shards if shards else {}, sources
            )
            linked = {}
            if shards is not None and layout is not None:
                unchanged = unchanged_shards(
                    shards.shards,
                    layout.sources,
                    assignment,
                    [(t.input.document_ids, digests[t.input.path]) for t in known.values()],
                )
                linked = link_shards(shards, unchanged, staged)
            # rows kept from earlier runs are copied in this process (no cleaning to share),
            # but for files whose documents are all in shards linked from the parent
            skipped = linked_numbers(linked)
            copied = [
                path for path in sorted(known) if _rows_needed(known[path], assignment, skipped)
            ]
            for start in range(0, len(copied), MAX_BATCH):
                chunk = copied[start : start + MAX_BATCH]
                batches.append(chunk)
                work.write_parts(len(batches) - 1, (trails.rows(known[path]) for path in chunk))
            with work.assembled(
                len(batches), staged, shards, indexed, assignment, linked
            ) as assembly:
                assembly.layout.sources.update(
                    shard_sources(
                        assignment,
                        ((i.document_ids, digests[i.path]) for i in inputs if i.path in digests),
                    )
                )
                work.move_step_files(step_files, staged, assembly.layout.shards)
                result = publish_staged(
                    cleaned_path,
                    staged,
                    inputs=inputs,
                    settings=settings,
                    counts=counts,
                    parent=parent,
                    assembly=assembly,
                    parent_rows=layout.rows if layout else None,
                )
            if result.parent_corrupt:
                logger.warning(
                    "%s; the result equals it, so it is written again as %s",
                    result.parent_corrupt,
                    result.version,
                )
            if result.mass_removal:
                logger.warning(result.mass_removal)
            trails.sweep(inputs)
            if settings.keep_versions:
                pruned = prune_versions(cleaned_path, settings.keep_versions)
                for line in pruned.lines():
                    logger.info(line)
        finally:
            work.remove()
    summary = RunSummary.from_result(
        result, counts, cleaned_path, len(known), with_trail - len(known)
    )
    logger.info(summary.text())
    if counts["emptied"]:
        logger.error(
            "%d documents were left with no text though neither dropped nor rejected: a bug "
            "in a cleaning step, please report it",
            counts["emptied"],
        )
    create_markdown_artifact(
        key="ingest-summary", markdown=summary.markdown(), description="newsclean ingest"
    )
    return summary.to_dict()


def _rows_needed(trail: FileTrail, assignment: dict[str, int], linked: set[int]) -> bool:
    """Whether a known file's rows go into the version's files: it was rejected in part (the
    rejections are listed whole), or one of its documents is in a shard not linked."""
    return bool(trail.counts.get("rejected")) or any(
        assignment[doc_id] not in linked for doc_id in trail.input.document_ids
    )


def _decide(
    step: CorpusStep,
    facts: list[FactsFile | None],
    known: dict[StorePath, FileTrail],
    previous: PreviousVersion | None,
    settings: Settings,
    work: WorkArea,
) -> tuple[list[str], list[StorePath]]:
    """Decides a corpus step over every document's facts (the files the batches left,
    emptying `facts`), keeps the step's files and its applied decision in the work area, and
    returns the names of those files and the known files that the decision reaches
    otherwise than before."""
    scheduler = _decision_scheduler()
    spilled = SpilledFacts([f for f in facts if f is not None])
    documents = sum(f.documents for f in spilled.files)
    get_run_logger().info(
        "%s: facts of %d documents, %d bytes on disk",
        step.name,
        documents,
        spilled.bytes,
    )
    reduction = (
        KeyedReduction(work.path / f"keyed-{step.name}", scheduler)
        if scheduler != "synchronous" or documents >= KEYED_DOCUMENTS
        else None
    )
    # quoted, or Prefect walks every document's facts twice; safe only because decide runs
    # in this process (prefect-dask hands a submitted task the wrapper itself)
    full = decide(quote(spilled), step, previous, settings, quote(reduction))
    facts.clear()
    del spilled  # what a decision loaded of the facts grows with the corpus: dropped once used
    outputs = step.outputs(full)
    check_step_files(outputs)
    work.save_step_files(outputs)  # not held in memory until the end
    applied = step.applied(full)
    del full
    work.save_decision(step.name, applied)
    _release_decision_memory()
    return list(outputs), stale_files(known, step, applied)


def _release_decision_memory() -> None:
    """What a decision built is freed once it has served; its pages are given back, so that
    the next step's decision does not stack its peak on this one's."""
    release_freed_memory()
    pa.default_memory_pool().release_unused()


def _save_facts(
    work: WorkArea, one_pass: Pass, index: int, facts: dict[str, Any]
) -> FactsFile | None:
    """The facts a batch's pass collected, written to the work area: a task hands back
    their path and counts, never the facts, so the flow's process holds none of them."""
    if one_pass.collect is None:
        return None
    return write_facts(_facts_path(work, one_pass.collect.name, f"{index:06d}"), facts)


def _known_facts_file(work: WorkArea, known: dict[StorePath, FileTrail], step: str) -> FactsFile:
    """The facts of the known files' documents (from their trails) in the work area, beside
    the batches'."""
    return write_facts(_facts_path(work, step, "known"), known_facts(known, step))


def _facts_path(work: WorkArea, step: str, name: str) -> StorePath:
    return work.path / "facts" / step / f"{name}.parquet"


def _decision_scheduler() -> Any:
    """Where a keyed corpus decision runs: on the run's Dask cluster when it has one, else
    in this process (dask's synchronous scheduler, whose shuffles spill to disk)."""
    context = FlowRunContext.get()
    prefect_dask = sys.modules.get("prefect_dask")  # imported by `ingest_on` for Dask only
    if context and prefect_dask and isinstance(context.task_runner, prefect_dask.DaskTaskRunner):
        return context.task_runner.client
    return "synchronous"


def _batches_per_run() -> int:
    """How many batches a run's records are planned in: a few per worker of this run's
    process pool, else `BATCHES_PER_RUN` (its workers are not known here)."""
    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    # the pool's size is kept only in a private attribute (prefect pinned in constraints.txt)
    workers = getattr(runner, "_max_workers", None)
    if isinstance(runner, ProcessPoolTaskRunner) and isinstance(workers, int) and workers > 0:
        return BATCHES_PER_WORKER * workers
    return BATCHES_PER_RUN


@contextmanager
def _workers_share_this_api() -> Iterator[None]:
    """Worker processes are spawned fresh: without the API's address in their environment
    each would start an embedded server of its own. Point them at this run's."""
    previous = os.environ.get("PREFECT_API_URL")
    if previous is None:
        with get_client(sync_client=True) as client:
            os.environ["PREFECT_API_URL"] = str(client.api_url)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)


def _described(result: ReadResult) -> InputFile:
    return InputFile(
        result.path,
        result.sha256,
        result.size,
        len(result.documents),
        len(result.rejections),
        [doc.id for doc in result.documents],
    )


def _cut(
    paths: list[StorePath],
    first: int,
    seeds: StorePath,
    work: WorkArea,
    records: int,
    settings: Settings,
    label: str,
    inline: bool,
) -> dict[StorePath, tuple[InputFile, list[Piece]]]:
    """The large files `paths` read and cut into pieces of `records`, numbered from
    `first`: each file's description and pieces."""
    if not paths:
        return {}
    results = _run_batches(
        cut_file,
        [(path, first + n, seeds, work, records, settings) for n, path in enumerate(paths)],
        [1] * len(paths),
        label,
        inline=inline,
    )
    return dict(zip(paths, results, strict=True))


def _unit_order(unit: Unit, seeds: StorePath) -> tuple[str, int]:
    """Batches follow the files' order, a cut file's pieces in the file's order."""
    if isinstance(unit, Piece):
        return unit.path, unit.number
    return relative_path(unit, seeds), 0


def _records(units: list[Any]) -> int:
    """A batch's records, for the progress line: a file read whole counts as one."""
    return sum(unit.records if isinstance(unit, Piece) else 1 for unit in units)


def ingest_on(workers: int = 1, dask_address: str | None = None) -> Any:
    """The ingest flow with its batches run by `workers` processes, or by the workers of the
    Dask cluster at `dask_address`. The output is the same byte for byte either way."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return ingest.with_options(task_runner=DaskTaskRunner(address=dask_address))
    if workers > 1:
        return ingest.with_options(
            task_runner=ProcessPoolTaskRunner(max_workers=workers, initializer=_settled_worker)
        )
    # One thread: the cleaning holds the GIL, so more threads would only hold more batches
    # in memory at once.
    return ingest.with_options(task_runner=ThreadPoolTaskRunner(max_workers=1))


def _settled_worker() -> None:
    """A worker process's start. Unpickling this function imported this module, and with it
    every cleaning step, so the heap is settled with them in it; the worker's tasks share
    one API client."""
    share_one_client()
    settle_heap()


def _run_batches(
    task_fn: Any, argument_lists: list[tuple], files: list[int], label: str, inline: bool
) -> list[Any]:
    """Runs one task per batch (of `files[i]` input files), on the task runner or else in
    this process, and returns their results in batch order."""
    progress = progress_line(label, sum(files), len(argument_lists))
    if inline:
        with progress as advance:
            results = []
            for args, size in zip(argument_lists, files, strict=True):
                results.append(task_fn(*args))
                advance(size)
        return results
    futures: list[PrefectFuture] = [task_fn.submit(*args) for args in argument_lists]
    with progress as advance:
        for future, size in zip(futures, files, strict=True):
            future.wait()
            advance(size)
    wait(futures)
    return [future.result() for future in futures]


def _main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python flows/ingest.py",
        description="Runs the ingest flow once, as `newsclean ingest` does with its defaults.",
    )
    parser.add_argument("seeds", nargs="?", default="seeds", help="folder of raw documents")
    parser.add_argument("cleaned", nargs="?", default="cleaned", help="folder of versions")
    arguments = parser.parse_args(argv)
    ingest(arguments.seeds, arguments.cleaned)


if __name__ == "__main__":
    _main(sys.argv[1:])
