"""The `newsclean` command: ingest, inspect versions, serve the nightly schedule."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsclean.batching import INLINE_BYTES, input_bytes, to_cut
from newsclean.heap import settled_heap
from newsclean.prefect_api import ServerNotStarted, prefect_api
from newsclean.readers.discover import discover
from newsclean.settings import Settings, SettingsError
from newsclean.store.diff import (
    change_reasons,
    diff_versions,
    document_labels,
    document_shards,
    removed_shards,
)
from newsclean.store.inputs import input_rows
from newsclean.store.location import (
    OverlappingFolders,
    PlantedLink,
    StorePath,
    absolute,
    open_for_writing,
    refuse_overlap,
    store_path,
)
from newsclean.store.lock import CorpusLocked, corpus_lock
from newsclean.store.marker import MARKER, ForeignFolder, claim_corpus, require_corpus
from newsclean.store.prune import prune_versions
from newsclean.store.shards import DOCUMENTS_DIR, REMOVED_DIR, shard_rows
from newsclean.store.versions import (
    REJECTED,
    Version,
    VersionError,
    latest_version,
    load_version,
    mismatches,
    verify,
    version_names,
)

# The embedded server can take over 20 s to start on a busy machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

NIGHTLY_CRON = "0 3 * * *"  # the same schedule as the `nightly` deployment in prefect.yaml

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

# Folders are taken as text: a URL (s3://bucket/cleaned) must not be collapsed like a path.
SeedsOption = Annotated[
    str, typer.Option("--seeds", help="Folder of raw documents (a path or an fsspec URL).")
]
CleanedOption = Annotated[
    str, typer.Option("--cleaned", help="Folder of corpus versions (a path or an fsspec URL).")
]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", min=1, help="Processes (default: one per core).")
]
DaskOption = Annotated[
    str | None, typer.Option("--dask-address", help="Run batches on this Dask scheduler.")
]


def _print_version(asked: bool) -> None:
    if asked:
        from newsclean import __version__

        out.print(f"newsclean {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Clean, deduplicated, versioned news corpora from scraped text, HTML and WARC."""


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


class Terminated(Exception):
    """The run was asked to stop (SIGTERM)."""


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """Turns SIGTERM into an exception that ends the command normally. Prefect stops the
    flow on SIGTERM and then sends it again to the handler it found; left to the default
    action, that second signal would kill the process before the embedded Prefect server it
    started is stopped. Prefect stops the flow by raising TerminationSignal wherever the
    flow is; code that catches it on its way (pydantic, serialising Prefect's settings as a
    task is submitted) raises an error of its own instead, and Prefect then sends nothing.
    So the signal's arrival is also noted through a wakeup file descriptor, which Python
    writes to whichever handler is in place, and an error after it ends the run as stopped."""

    def stop(signum: int, frame: object) -> None:
        raise Terminated

    arrived, noted = os.pipe()
    for end in (arrived, noted):
        os.set_blocking(end, False)
    previous = signal.signal(signal.SIGTERM, stop)
    previous_wakeup = signal.set_wakeup_fd(noted, warn_on_full_buffer=False)
    try:
        yield
    except Exception as error:
        if _sigterm_arrived(arrived):
            raise Terminated from error
        raise
    finally:
        signal.set_wakeup_fd(previous_wakeup)
        signal.signal(signal.SIGTERM, previous)
        os.close(arrived)
        os.close(noted)


def _sigterm_arrived(arrived: int) -> bool:
    try:
        return signal.SIGTERM in os.read(arrived, 1024)
    except BlockingIOError:  # no signal at all
        return False


def check_folders(seeds: StorePath, cleaned: StorePath) -> None:
    if not seeds.exists():
        raise fail(f"seeds folder {seeds} does not exist")
    if not seeds.is_dir():
        raise fail(f"seeds folder {seeds} is not a folder")
    try:
        refuse_overlap(seeds, cleaned)
        if claim_corpus(cleaned):  # before anything is written there
            err.print(f"note: {cleaned} is a corpus from before the {MARKER} marker; marked")
    except (OverlappingFolders, ForeignFolder, PlantedLink) as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(f"cannot write to cleaned folder {cleaned}: {error.strerror or error}") from None
    try:
        probe = cleaned / ".write-test"
        with open_for_writing(probe):
            pass
        probe.unlink()
    except PlantedLink as error:
        raise fail(str(error)) from None
    except OSError as error:
        raise fail(f"cannot write to cleaned folder {cleaned}: {error.strerror or error}") from None


def check_unlocked(cleaned: StorePath) -> None:
    """Stops at once, in one line, when another run holds the folder; the flow takes the
    lock itself for the run (and a run that takes it in between still stops, with the
    flow's failure logged first)."""
    try:
        with corpus_lock(cleaned):
            pass
    except CorpusLocked as error:
        raise fail(str(error), code=3) from None
    except PlantedLink as error:
        raise fail(str(error)) from None


@app.command()
def ingest(
    seeds: SeedsOption = "seeds",
    cleaned: CleanedOption = "cleaned",
    settings: Annotated[
        Path | None, typer.Option("--settings", help="TOML file of settings.")
    ] = None,
    batch_size: Annotated[
        int | None,
        typer.Option(
            "--batch-size",
            min=1,
            help="Records per task (a file not cut into pieces counts as one).",
        ),
    ] = None,
    workers: WorkersOption = None,
    dask_address: DaskOption = None,
) -> None:
    """Clean every document under SEEDS into a new version in CLEANED."""
    # settings first: a bad settings file stops the command before it touches any folder
    if settings is not None and settings.is_dir():
        raise fail(f"settings file {settings} is a folder; give a TOML file")
    if settings is not None and not settings.is_file():
        raise fail(f"settings file {settings} does not exist")
    try:
        loaded = Settings.from_toml(settings) if settings else Settings()
    except SettingsError as error:
        raise fail(str(error)) from None
    seeds_path, cleaned_path = store_path(seeds), store_path(cleaned)
    check_folders(seeds_path, cleaned_path)
    check_unlocked(cleaned_path)
    try:
        with _stopped_by_sigterm(), prefect_api() as api:
            if workers is None:
                # A pool of processes pays for itself only when there is more than one batch.
                sizes = input_bytes(discover(seeds_path))
                asked = batch_size or loaded.batch_size
                several = sum(sizes.values()) >= INLINE_BYTES or bool(
                    asked and (len(sizes) > asked or to_cut(sizes))
                )
                workers = (os.cpu_count() or 1) if several else 1
            from flows.ingest import ingest_on
            from newsclean.langid.backend import langdetect_languages

            # langdetect's profiles load while the server may still be starting (0.2 s);
            # every module is loaded by now, and the heap is settled with them
            langdetect_languages()
            with settled_heap():
                api.connect()
                summary = ingest_on(workers, dask_address)(
                    seeds=seeds,
                    cleaned=cleaned,
                    settings_file=str(settings) if settings else None,
                    batch_size=batch_size,
                )
    except ServerNotStarted as error:
        raise fail(str(error)) from None
    except CorpusLocked as error:
        raise fail(str(error), code=3) from None
    except (VersionError, ForeignFolder, ValueError, OSError) as error:
        raise fail(str(error)) from None
    except Terminated:
        raise fail("stopped by SIGTERM: no version written", code=143) from None
    version = summary["version"]
    counts = summary["counts"]
    if version is None:
        out.print(f"unchanged: the result equals {summary['parent']}; no version written")
    else:
        out.print(
            f"wrote {cleaned}/{version}: {counts['documents']} documents, "
            f"{counts['rejected']} rejected, {counts['dropped']} dropped"
        )


@app.command()
def versions(cleaned: CleanedOption = "cleaned") -> None:
    """List the versions with their counts."""
    corpus = store_path(cleaned)
    names = version_names(corpus)
    if not names:
        raise fail(f"{cleaned} holds no version")
    table = Table("version", "created", "documents", "removed", "rejected", "change", "status")
    faults = []  # printed in full below the table, whose cells a narrow or piped output cuts
    for name in names:
        try:
            version = load_version(corpus, name)
            verify(version)
        except VersionError as error:
            table.add_row(name, "", "", "", "", "", "[red]corrupt[/]")
            faults.append(str(error))
            continue
        manifest = version.manifest
        outputs = manifest["outputs"]
        change = manifest["change"]
        table.add_row(
            name,
            manifest["created"][:16].replace("T", " "),
            str(shard_rows(outputs, DOCUMENTS_DIR)),
            str(shard_rows(outputs, REMOVED_DIR)),
            str(outputs[REJECTED]["rows"]),
            f"+{len(change['added'])} -{len(change['removed'])} ~{len(change['changed'])}",
            "ok",
        )
    out.print(table)
    for fault in faults:
        err.print(f"[red]corrupt:[/] {escape(fault)}", highlight=False, soft_wrap=True)
    try:
        latest_version(corpus)
    except (VersionError, PlantedLink) as error:
        raise fail(f"LATEST: {error}") from None
    if faults:
        raise fail(f"{len(faults)} of {len(names)} versions are corrupt")


@app.command(name="verify")
def verify_command(
    version: Annotated[
        str | None, typer.Option("--version", help="Default: every version.")
    ] = None,
    cleaned: CleanedOption = "cleaned",
) -> None:
    """Check every file of a version against its manifest: hashes, row counts, no file
    missing or added. Exits 1 naming each file that does not match."""
    corpus = store_path(cleaned)
    names = [version] if version else version_names(corpus)
    if not names:
        raise fail(f"{cleaned} holds no version")
    bad = 0
    for name in names:
        try:
            found = mismatches(load_version(corpus, name))
        except VersionError as error:
            found = [str(error)]
        bad += bool(found)
        for problem in found:
            err.print(f"[red]{name}[/]: {problem}", highlight=False)
        if not found:
            out.print(f"{name}: ok")
    if version is None:
        try:
            latest_version(corpus)
        except VersionError as error:
            err.print(f"[red]LATEST[/]: {error}", highlight=False)
            bad += 1
    if bad:
        raise fail(f"{bad} of {len(names)} versions do not match their manifests")


@app.command()
def prune(
    keep: Annotated[int, typer.Option("--keep", min=1, help="Versions to keep, newest first.")],
    cleaned: CleanedOption = "cleaned",
) -> None:
    """Remove all but the newest KEEP versions: never LATEST's nor the one `latest` points
    to, never one being read (`newsclean.open_version`), never a folder with files its
    manifest does not name. CLEANED must be a corpus: nothing is written anywhere else."""
    corpus = store_path(cleaned)
    try:
        require_corpus(corpus)  # before the lock, which would write .lock in any folder
        with corpus_lock(corpus):
            pruned = prune_versions(corpus, keep)
    except CorpusLocked as error:
        raise fail(str(error), code=3) from None
    except (VersionError, PlantedLink, ForeignFolder) as error:
        raise fail(str(error)) from None
    for line in pruned.lines():
        out.print(line, highlight=False)


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="The older version, e.g. v0001.")],
    new: Annotated[str, typer.Argument(help="The newer version, e.g. v0002.")],
    cleaned: CleanedOption = "cleaned",
) -> None:
    """List the documents added, removed and changed between two versions."""
    corpus = store_path(cleaned)
    try:
        before, after = load_version(corpus, old), load_version(corpus, new)
        verify(before)
        verify(after)
    except VersionError as error:
        raise fail(str(error)) from None
    change = diff_versions(before, after)
    # a removed document is described by the version it was in, the others by the new one
    described = {
        **document_labels(before, set(change.removed)),
        **document_labels(after, {*change.added, *change.changed}),
    }
    reasons = change_reasons(before, after, set(change.changed))
    for label, ids in (
        ("added", change.added),
        ("removed", change.removed),
        ("changed", change.changed),
    ):
        out.print(f"[bold]{label}[/] ({len(ids)})")
        for doc_id in ids:
            path, title = described[doc_id]
            out.print(f"  {doc_id}  {path}  [dim]{title or '(no title)'}[/]", highlight=False)
            if doc_id in reasons:
                out.print(f"      why: {'; '.join(reasons[doc_id])}", highlight=False)


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="A document id, or a unique prefix of one.")],
    version: Annotated[str | None, typer.Option("--version", help="Default: LATEST.")] = None,
    cleaned: CleanedOption = "cleaned",
) -> None:
    """Print a cleaned document and everything removed from it, with reasons."""
    try:
        loaded = load_version(store_path(cleaned), version)
        verify(loaded)
    except VersionError as error:
        raise fail(str(error)) from None
    document = _find_document(document_shards(loaded), doc_id)
    removed = [r for r in _jsonl(removed_shards(loaded)) if r["document"].startswith(doc_id)]
    if document is None and not removed:
        raise fail(f"no document {doc_id!r} in {loaded.name}")
    if document is not None:
        removed = [r for r in removed if r["document"] == document["id"]]
        _print_document(document)
    else:
        dropped = sorted({r["document"] for r in removed})
        if len(dropped) > 1:
            raise fail(f"{doc_id!r} matches {len(dropped)} documents; give more of the id")
        _print_dropped(dropped[0], removed, loaded)
    out.rule(f"removed ({len(removed)})")
    for row in removed:
        where = f"¶{row['paragraph']}" if row["paragraph"] is not None else "-"
        dup = row.get("duplicate_of")
        duplicated = (
            f" [dim](duplicates {dup['document']}"
            + (f" ¶{dup['paragraph']}" if dup["paragraph"] is not None else "")
            + f", similarity {dup['similarity']:.2f})[/]"
            if dup
            else ""
        )
        out.print(
            f"[yellow]{row['step']}[/]/{row['kind'] or row['rule']} {where}: {row['reason']}"
            f"{duplicated}",
            highlight=False,
        )
        out.print(f"    [dim]{_clip(row['text'])}[/]", highlight=False)


@app.command()
def serve(
    seeds: SeedsOption = "seeds",
    cleaned: CleanedOption = "cleaned",
    cron: Annotated[str, typer.Option("--cron", help="When to run.")] = NIGHTLY_CRON,
    timezone: Annotated[
        str, typer.Option("--timezone", help="The time zone of --cron (an IANA name).")
    ] = "UTC",
    name: Annotated[str, typer.Option("--name", help="Deployment name.")] = "nightly",
    workers: WorkersOption = None,
    dask_address: DaskOption = None,
) -> None:
    """Serve the scheduled ingestion deployment (needs a Prefect server: see the README)."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail(f"unknown time zone {timezone!r}: give an IANA name, e.g. Asia/Almaty") from None
    from prefect.settings import get_current_settings

    from flows.ingest import ingest_on
    from newsclean.serving import serve as serve_deployment

    serve_deployment(
        ingest_on(workers or os.cpu_count() or 1, dask_address),
        name=name,
        cron=cron,
        timezone=timezone,
        parameters={
            "seeds": absolute(store_path(seeds)),
            "cleaned": absolute(store_path(cleaned)),
        },
        api_url=get_current_settings().api.url,
    )


def _jsonl(paths: list[StorePath]) -> list[dict[str, Any]]:
    rows = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            rows += [json.loads(line) for line in handle]
    return rows


def _find_document(paths: list[StorePath], doc_id: str) -> dict[str, Any] | None:
    matches = [row for row in _jsonl(paths) if row["id"].startswith(doc_id)]
    if len(matches) > 1:
        raise fail(f"{doc_id!r} matches {len(matches)} documents; give more of the id")
    return matches[0] if matches else None


def _print_document(doc: dict[str, Any]) -> None:
    out.rule(f"[bold]{doc['id']}[/]")
    source = doc["source"]
    for label, value in (
        ("title", doc["title"]),
        ("author", doc["author"]),
        ("published", doc["published"]),
        ("site", doc["site"]),
        ("place", doc["place"]),
        ("tags", ", ".join(doc["tags"])),
        ("language", doc["language"]),
        ("source", f"{source['path']} ({source['format']}, sha256 {source['sha256'][:12]}…)"),
        ("duplicate of", doc["duplicate_of"] and doc["duplicate_of"]["document"]),
    ):
        if value:
            out.print(f"[bold]{label}:[/] {value}", highlight=False)
    out.print()
    for paragraph in doc["paragraphs"]:
        out.print(paragraph["text"], highlight=False)
        out.print()


def _print_dropped(doc_id: str, removed: list[dict[str, Any]], loaded: Version) -> None:
    """Where a dropped document came from and what dropped it: the file that gave it (from
    the version's input rows), and the step, rule and reason of its last removal, the one
    that took what was left (for a duplicate, the document it duplicates)."""
    out.rule(f"[bold]{doc_id}[/]")
    out.print(f"[bold]dropped[/] from {loaded.name}", highlight=False)
    files = [
        row["path"]
        for row in input_rows(loaded.path, loaded.manifest.get("outputs", {}))
        if doc_id in row.get("document_ids", ())
    ]
    out.print(
        f"[bold]file:[/] {files[0] if files else '(not recorded in this version)'}",
        highlight=False,
    )
    last = removed[-1]
    out.print(
        f"[bold]dropped by:[/] step {last['step']}, rule {last['rule']}: {last['reason']}",
        highlight=False,
    )
    if last.get("duplicate_of"):
        dup = last["duplicate_of"]
        out.print(
            f"[bold]duplicate of:[/] {dup['document']} (similarity {dup['similarity']:.2f})",
            highlight=False,
        )


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


if __name__ == "__main__":
    app()
