"""From cleaned documents to a published version: the files, the manifest, and the decision
to write nothing when the result equals the parent version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from newsclean import __version__
from newsclean.document import Document
from newsclean.readers.read import Rejection
from newsclean.settings import Settings
from newsclean.store.arrow_schema import schema_files
from newsclean.store.describe import DESCRIPTION_FILES, write_descriptions
from newsclean.store.diff import CorpusChange, compare, row_hashes
from newsclean.store.location import StorePath, remove
from newsclean.store.parquet import parquet_bytes
from newsclean.store.records import stored
from newsclean.store.row_cache import keep_row_hashes, parent_row_hashes
from newsclean.store.versions import (
    DOCUMENTS_JSONL,
    DOCUMENTS_PARQUET,
    VersionError,
    commit_version,
    file_rows,
    file_sha256,
    load_version,
    next_version_name,
    stage_version,
    verify,
)
from newsclean.store.work import PARTS, Assembly, part_rows


@stored
@dataclass(frozen=True)
class InputFile:
    path: str
    sha256: str | None
    bytes: int
    documents: int
    rejected: int


@dataclass(frozen=True)
class PublishResult:
    version: str | None  # None: the result equals the parent, nothing was written
    parent: str | None
    change: CorpusChange
    manifest: dict[str, Any] | None
    # why the parent, whose manifest equals the result's, was not taken as unchanged
    parent_corrupt: str | None = None


def corpus_files(
    docs: Iterable[Document], rejections: Iterable[Rejection], extra: Mapping[str, bytes]
) -> dict[str, bytes]:
    """Every data file of a version, as deterministic bytes, for a corpus held in memory."""
    rows = part_rows(list(docs), list(rejections))
    files = {
        filename: "".join(f"{line}\n" for _, line in rows[part]).encode()
        for filename, part in PARTS.items()
    }
    files[DOCUMENTS_PARQUET] = parquet_bytes(files[DOCUMENTS_JSONL])
    check_step_files(extra)
    return {**files, **extra}


def check_step_files(extra: Mapping[str, bytes]) -> None:
    """Corpus steps add files to a version; none may replace one of its data files."""
    clash = extra.keys() & {*PARTS, DOCUMENTS_PARQUET, *schema_files(), *DESCRIPTION_FILES}
    if clash:
        raise ValueError(f"corpus steps may not overwrite {sorted(clash)}")


def publish(
    cleaned: StorePath,
    files: Mapping[str, bytes],
    *,
    inputs: list[InputFile],
    settings: Settings,
    counts: dict[str, Any],
    parent: str | None,
) -> PublishResult:
    """Publishes files held in memory (see `publish_staged`)."""
    staged = stage_version(cleaned)
    for filename, data in files.items():
        (staged / filename).write_bytes(data)
    return publish_staged(
        cleaned, staged, inputs=inputs, settings=settings, counts=counts, parent=parent
    )


def publish_staged(
    cleaned: StorePath,
    staged: StorePath,
    *,
    inputs: list[InputFile],
    settings: Settings,
    counts: dict[str, Any],
    parent: str | None,
    assembly: Assembly | None = None,
) -> PublishResult:
    """Makes the files written into `staged` the next version, unless they equal the parent
    version's (and the parent's files still match its manifest), in which case they are
    discarded. `assembly` describes the data files as they
    were written (their hashes are not read again), and Parquet may still be being written:
    the rows are compared meanwhile. Call while holding the lock."""
    written = assembly.outputs if assembly else {}
    new_rows = assembly.rows if assembly else row_hashes(staged / DOCUMENTS_JSONL)
    parent_version = load_version(cleaned, parent) if parent else None
    change = compare(parent_row_hashes(cleaned, parent_version) if parent_version else {}, new_rows)
    for filename, data in schema_files().items():
        (staged / filename).write_bytes(data)
    if assembly is not None:
        assembly.wait()
    outputs = {
        path.name: written.get(path.name) or {"sha256": file_sha256(path), "rows": file_rows(path)}
        for path in sorted(staged.iterdir(), key=lambda p: p.name)
    }
    keep_row_hashes(cleaned, outputs[DOCUMENTS_JSONL]["sha256"], new_rows)
    parent_corrupt = None
    if parent_version is not None and _data_files(parent_version.manifest) == outputs:
        # "unchanged" promises the parent's files are the result: they are read to be sure
        try:
            verify(parent_version)
        except VersionError as error:
            parent_corrupt = str(error)
        else:
            remove(staged)
            return PublishResult(None, parent, change, None)
    name = next_version_name(cleaned)
    manifest = {
        "version": name,
        "parent": parent,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "newsclean_version": __version__,
        "settings": settings.output_dict(),
        "settings_hash": settings.hash(),
        "inputs": [vars(i) for i in sorted(inputs, key=lambda i: i.path)],
        "outputs": outputs,
        "counts": counts,
        "change": change.to_dict(),
    }
    manifest["outputs"] = outputs | write_descriptions(staged, manifest)
    commit_version(cleaned, staged, name, manifest)
    return PublishResult(name, parent, change, manifest, parent_corrupt)


def _data_files(manifest: dict[str, Any]) -> dict[str, Any]:
    """A version's outputs but the files that describe it, which name its parent and its
    change: a result equal to the parent's data is no new version."""
    outputs: dict[str, Any] = manifest.get("outputs", {})
    return {name: entry for name, entry in outputs.items() if name not in DESCRIPTION_FILES}
