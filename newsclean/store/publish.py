"""From cleaned documents to a published version: the files, the manifest, and the decision
to write nothing when the result equals the parent version."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclean import __version__
from newsclean.document import Document
from newsclean.readers.read import Rejection
from newsclean.settings import Settings
from newsclean.store.diff import CorpusChange, compare, row_hashes, version_rows
from newsclean.store.versions import (
    DOCUMENTS_JSONL,
    DOCUMENTS_PARQUET,
    REJECTED,
    REMOVED,
    count_rows,
    jsonl_bytes,
    load_version,
    next_version_name,
    parquet_bytes,
    sha256,
    write_version,
)


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


def corpus_files(
    docs: Iterable[Document], rejections: Iterable[Rejection], extra: Mapping[str, bytes]
) -> dict[str, bytes]:
    """Every data file of a version, as deterministic bytes."""
    ordered = sorted(docs, key=lambda d: d.id)
    kept = [d.to_dict() for d in ordered if not d.dropped]
    quarantined = [*rejections, *(failed_rejection(d) for d in ordered if d.error)]
    files = {
        DOCUMENTS_JSONL: jsonl_bytes(kept),
        DOCUMENTS_PARQUET: parquet_bytes(kept),
        REMOVED: jsonl_bytes(row for d in ordered for row in d.removal_rows()),
        REJECTED: jsonl_bytes(
            r.to_dict() for r in sorted(quarantined, key=lambda r: (r.path, r.record or ""))
        ),
    }
    clash = files.keys() & extra.keys()
    if clash:
        raise ValueError(f"corpus steps may not overwrite {sorted(clash)}")
    return {**files, **extra}


def failed_rejection(doc: Document) -> Rejection:
    """A document a step failed on, quarantined like an unreadable input."""
    return Rejection(doc.source.path, doc.source.sha256, doc.error or "", doc.source.record_id)


def removal_counts(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Removed spans per step and kind."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        for removal in doc.removals:
            counts.setdefault(removal.step, Counter())[removal.kind or removal.rule] += 1
    return {step: dict(sorted(c.items())) for step, c in sorted(counts.items())}


def publish(
    cleaned: Path,
    files: Mapping[str, bytes],
    *,
    inputs: list[InputFile],
    settings: Settings,
    counts: dict[str, Any],
    parent: str | None,
) -> PublishResult:
    """Writes a new version unless the files equal the parent's. Call while holding the lock."""
    outputs = {
        name: {"sha256": sha256(data), "rows": count_rows(name, data)}
        for name, data in sorted(files.items())
    }
    new_rows = row_hashes(files[DOCUMENTS_JSONL])
    if parent is None:
        change = compare({}, new_rows)
    else:
        parent_version = load_version(cleaned, parent)
        change = compare(version_rows(parent_version.path), new_rows)
        if parent_version.manifest.get("outputs") == outputs:
            return PublishResult(None, parent, change, None)
    name = next_version_name(cleaned)
    output_settings = settings.output_dict()
    manifest = {
        "version": name,
        "parent": parent,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "newsclean_version": __version__,
        "settings": output_settings,
        "settings_hash": settings.hash(),
        "inputs": [vars(i) for i in sorted(inputs, key=lambda i: i.path)],
        "outputs": outputs,
        "counts": counts,
        "change": change.to_dict(),
    }
    write_version(cleaned, name, files, manifest)
    return PublishResult(name, parent, change, manifest)
