"""The ingestion flow: a seeds folder in, a new version of the cleaned corpus out.

Prefect sees batches and stages, never single documents: a task costs about 10 ms, so one
task per document would cost more than the cleaning. The cleaning itself lives in
`newsclean.pipeline`, free of Prefect; this module only batches, orchestrates and persists.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# The embedded server can take over 20 s to start on a busy machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, wait
from rich.progress import Progress

from newsclean.document import Document
from newsclean.pipeline import (
    PIPELINE,
    CorpusStep,
    DocumentStage,
    apply_decision,
    collect_facts,
    run_document_steps,
    run_statistics,
)
from newsclean.readers.discover import discover
from newsclean.readers.read import Rejection, read_path
from newsclean.settings import Settings
from newsclean.store.lock import corpus_lock
from newsclean.store.previous import PreviousVersion
from newsclean.store.publish import InputFile, corpus_files, publish, removal_counts
from newsclean.store.versions import latest_version, remove_stale_temporaries
from newsclean.summary import RunSummary

# Tasks hand documents to each other in memory: no result persistence, no input hashing.
_TASK_OPTIONS: dict[str, Any] = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="read", **_TASK_OPTIONS)
def read_batch(
    paths: list[Path], seeds: Path, settings: Settings
) -> tuple[list[Document], list[Rejection], list[InputFile]]:
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
    return docs, rejections, inputs


@task(name="document-steps", **_TASK_OPTIONS)
def document_stage(
    docs: list[Document], stage: DocumentStage, settings: Settings
) -> list[Document]:
    return run_document_steps(docs, stage, settings)


@task(name="collect", **_TASK_OPTIONS)
def collect(docs: list[Document], step: CorpusStep, settings: Settings) -> dict[str, Any]:
    return collect_facts(docs, step, settings)


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


@task(name="apply", **_TASK_OPTIONS)
def apply(
    docs: list[Document], step: CorpusStep, decision: Any, settings: Settings
) -> list[Document]:
    return apply_decision(docs, step, decision, settings)


@flow(name="ingest")
def ingest(
    seeds: str = "seeds",
    cleaned: str = "cleaned",
    settings_file: str | None = None,
    batch_size: int | None = None,
) -> dict[str, Any]:
    """Cleans every document under `seeds` and writes a new version to `cleaned` (or none,
    when the result equals the latest version)."""
    logger = get_run_logger()
    settings = Settings.from_toml(Path(settings_file)) if settings_file else Settings()
    size = batch_size or settings.batch_size
    seeds_path, cleaned_path = Path(seeds), Path(cleaned)
    paths = discover(seeds_path)
    with corpus_lock(cleaned_path):
        stale = remove_stale_temporaries(cleaned_path)
        if stale:
            logger.warning("removed temporary files of an interrupted run: %s", ", ".join(stale))
        parent = latest_version(cleaned_path)
        previous = PreviousVersion(parent, cleaned_path / parent) if parent else None
        batches = [paths[i : i + size] for i in range(0, len(paths), size)]
        logger.info("%d input files from %s in %d batches", len(paths), seeds_path, len(batches))

        reads = _run_batches(read_batch, [(b, seeds_path, settings) for b in batches], "read")
        doc_batches = [docs for docs, _, _ in reads]
        rejections = [r for _, batch_rejections, _ in reads for r in batch_rejections]
        inputs = [i for _, _, batch_inputs in reads for i in batch_inputs]
        extra: dict[str, bytes] = {}
        for stage in PIPELINE:
            if isinstance(stage, DocumentStage):
                names = ", ".join(step.__name__ for step in stage.steps)
                doc_batches = _run_batches(
                    document_stage, [(b, stage, settings) for b in doc_batches], names
                )
                continue
            facts = _run_batches(collect, [(b, stage, settings) for b in doc_batches], stage.name)
            decision = decide(facts, stage, previous, settings)
            doc_batches = _run_batches(
                apply, [(b, stage, decision, settings) for b in doc_batches], stage.name
            )
            extra.update(stage.outputs(decision))

        docs = [doc for batch in doc_batches for doc in batch]
        files = corpus_files(docs, rejections, extra)
        summary_counts = {
            "inputs": len(inputs),
            "documents_read": len(docs),
            "documents": sum(not d.dropped for d in docs),
            "dropped": sum(d.dropped and not d.error for d in docs),
            "rejected": len(rejections) + sum(bool(d.error) for d in docs),
            "removed_by_step_and_kind": removal_counts(docs),
            "steps": run_statistics(docs),
        }
        result = publish(
            cleaned_path,
            files,
            inputs=inputs,
            settings=settings,
            counts=summary_counts,
            parent=parent,
        )
    summary = RunSummary.from_result(result, summary_counts, cleaned_path)
    logger.info(summary.text())
    create_markdown_artifact(
        key="ingest-summary", markdown=summary.markdown(), description="newsclean ingest"
    )
    return summary.to_dict()


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
