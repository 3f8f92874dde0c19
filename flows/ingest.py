"""The ingestion flow: a seeds folder in, a new version of the cleaned corpus out.

Prefect sees batches and stages, never single documents: a task costs about 10 ms, so one
task per document would cost more than the cleaning. The cleaning itself lives in
`newsclean.pipeline`, free of Prefect; this module only batches, orchestrates and persists.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# The embedded server can take over 20 s to start on a busy machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.futures import PrefectFuture, wait
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from rich.progress import Progress

from newsclean.document import Document
from newsclean.pipeline import CorpusStep, Pass, batch_counts, plan_passes, run_pass, sum_counts
from newsclean.readers.discover import discover
from newsclean.readers.read import Rejection, read_path
from newsclean.settings import Settings, batch_size_for
from newsclean.store.location import StorePath, store_path
from newsclean.store.lock import corpus_lock
from newsclean.store.memo import StageMemo
from newsclean.store.previous import PreviousVersion
from newsclean.store.publish import InputFile, check_step_files, publish_staged
from newsclean.store.versions import latest_version, remove_stale_temporaries, stage_version
from newsclean.store.work import WorkArea
from newsclean.summary import RunSummary

# Tasks exchange file paths and small facts; documents wait in the work area between passes.
_TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="read-and-clean", **_TASK_OPTIONS)
def first_pass(
    batch: int,
    paths: list[StorePath],
    seeds: StorePath,
    work: WorkArea,
    memo: StageMemo,
    one_pass: Pass,
    settings: Settings,
) -> tuple[dict[str, Any], list[InputFile]]:
    """Reads a batch of input files and runs the first pass over their documents."""
    docs: list[Document] = []
    rejections: list[Rejection] = []
    inputs: list[InputFile] = []
    for path in paths:
        result = read_path(path, seeds, settings.readers)
        docs.extend(result.documents)
        rejections.extend(result.rejections)
        inputs.append(
            InputFile(
                result.path,
                result.sha256,
                result.size,
                len(result.documents),
                len(result.rejections),
            )
        )
    docs, facts = run_pass(docs, one_pass, None, settings, memo.run_stage)
    work.save(batch, docs, rejections)
    return facts, inputs


@task(name="pass", **_TASK_OPTIONS)
def later_pass(
    batch: int,
    work: WorkArea,
    memo: StageMemo,
    one_pass: Pass,
    settings: Settings,
) -> dict[str, Any]:
    """Runs a later pass over a saved batch, applying the decision saved in the work area.
    The last pass writes the batch's output parts and returns its counts instead of facts."""
    if one_pass.apply is None:
        raise ValueError("a later pass starts by applying a corpus step's decision")
    decision = work.load_decision(one_pass.apply.name)
    docs, rejections = work.load(batch)
    docs, facts = run_pass(docs, one_pass, decision, settings, memo.run_stage)
    if one_pass.collect is not None:
        work.save(batch, docs, rejections)
        return facts
    work.write_parts(batch, docs, rejections)
    return batch_counts(docs, len(rejections))


@task(name="decide", **_TASK_OPTIONS)
def decide(
    facts: list[dict[str, Any]],
    step: CorpusStep,
    previous: PreviousVersion | None,
    settings: Settings,
) -> Any:
    merged: dict[str, Any] = {}
    for batch_facts in facts:
        merged.update(batch_facts)
    return step.decide(merged, previous, settings)


@flow(name="ingest")
def ingest(
    seeds: str = "seeds",
    cleaned: str = "cleaned",
    settings_file: str | None = None,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Cleans every document under `seeds` and writes a new version to `cleaned` (or none,
    when the result equals the latest version). Either may be a local folder or an fsspec
    URL (s3://bucket/cleaned), which every worker of a cluster can reach."""
    logger = get_run_logger()
    settings = Settings.from_toml(Path(settings_file)) if settings_file else Settings()
    seeds_path, cleaned_path = store_path(seeds), store_path(cleaned)
    paths = discover(seeds_path)
    size = batch_size_for(len(paths), batch_size or settings.batch_size)
    with corpus_lock(cleaned_path), _workers_share_this_api():
        stale = remove_stale_temporaries(cleaned_path)
        if stale:
            logger.warning("removed temporary files of an interrupted run: %s", ", ".join(stale))
        parent = latest_version(cleaned_path)
        previous = PreviousVersion(parent, cleaned_path / parent) if parent else None
        batches = [paths[i : i + size] for i in range(0, len(paths), size)]
        logger.info("%d input files from %s in %d batches", len(paths), seeds_path, len(batches))
        work = WorkArea.create(cleaned_path)
        memo = StageMemo.for_corpus(cleaned_path, settings)
        started = time.time()
        try:
            passes = plan_passes()
            first = _run_batches(
                first_pass,
                [
                    (i, b, seeds_path, work, memo, passes[0], settings)
                    for i, b in enumerate(batches)
                ],
                "read and clean",
            )
            facts = [f for f, _ in first]
            inputs = [i for _, batch_inputs in first for i in batch_inputs]
            # Facts and full decisions grow with the corpus: each is dropped as soon as it has
            # served, so that the run holds one step's worth at a time.
            del first
            extra: dict[str, bytes] = {}
            results: list[Any] = []
            for before, one_pass in itertools.pairwise(passes):
                step = before.collect
                full = decide(facts, step, previous, settings)
                facts.clear()
                extra.update(step.outputs(full))
                work.save_decision(step.name, step.applied(full))
                del full
                results = _run_batches(
                    later_pass,
                    [(i, work, memo, one_pass, settings) for i in range(len(batches))],
                    step.name,
                )
                facts = results
            counts = {"inputs": len(inputs), **sum_counts(results)}
            check_step_files(extra)
            staged = stage_version(cleaned_path)
            work.assemble(len(batches), staged)
            for filename, data in sorted(extra.items()):
                (staged / filename).write_bytes(data)
            result = publish_staged(
                cleaned_path,
                staged,
                inputs=inputs,
                settings=settings,
                counts=counts,
                parent=parent,
            )
            memo.sweep(started)
        finally:
            work.remove()
    summary = RunSummary.from_result(result, counts, cleaned_path)
    logger.info(summary.text())
    create_markdown_artifact(
        key="ingest-summary", markdown=summary.markdown(), description="newsclean ingest"
    )
    return summary.to_dict()


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


def ingest_on(workers: int = 1, dask_address: str | None = None) -> Any:
    """The ingest flow with its batches run by `workers` processes, or by the workers of the
    Dask cluster at `dask_address`. The output is the same byte for byte either way."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return ingest.with_options(task_runner=DaskTaskRunner(address=dask_address))
    if workers > 1:
        return ingest.with_options(task_runner=ProcessPoolTaskRunner(max_workers=workers))
    # One thread: the cleaning holds the GIL, so more threads would only hold more batches
    # in memory at once.
    return ingest.with_options(task_runner=ThreadPoolTaskRunner(max_workers=1))


def _run_batches(task_fn: Any, argument_lists: list[tuple], label: str) -> list[Any]:
    """Submits one task per batch and returns their results in batch order."""
    futures: list[PrefectFuture] = [task_fn.submit(*args) for args in argument_lists]
    with _progress(label, len(futures)) as advance:
        for future in futures:
            future.wait()
            advance()
    wait(futures)
    return [future.result() for future in futures]


@contextmanager
def _progress(label: str, total: int) -> Iterator[Any]:
    """A progress bar on a terminal for runs long enough to need one."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    with Progress(transient=True) as progress:
        bar = progress.add_task(label, total=total)
        yield lambda: progress.advance(bar)


if __name__ == "__main__":
    ingest(*sys.argv[1:3])
