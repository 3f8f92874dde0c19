"""From cleaned documents to a published version: the files, the manifest, and the decision
to write nothing when the result equals the parent version."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from newsclean import __version__
from newsclean.describe.descriptions import DESCRIPTION_FILES, write_descriptions
from newsclean.document import Document
from newsclean.readers.read import Rejection
from newsclean.settings import Settings
from newsclean.store.arrow_schema import schema_files
from newsclean.store.diff import CorpusChange, compare, read_layout
from newsclean.store.inputs import InputFile, input_assignment, input_shards
from newsclean.store.location import StorePath, remove
from newsclean.store.parquet import parquet_bytes
from newsclean.store.row_cache import keep_layout, layout_key, parent_layout
from newsclean.store.shards import (
    DOCUMENTS_DIR,
    INPUTS_DIR,
    REMOVED_DIR,
    SHARDED_STEP_FILES,
    assign_shards,
    shard_file,
    split_step_file,
    step_file_ids,
)
from newsclean.store.versions import (
    REJECTED,
    VersionError,
    commit_version,
    file_rows,
    file_sha256,
    folder_files,
    load_version,
    next_version_name,
    share_from_parent,
    stage_version,
    verify,
)
from newsclean.store.work import Assembly, part_rows


@dataclass(frozen=True)
class PublishResult:
    version: str | None  # None: the result equals the parent, nothing was written
    parent: str | None
    change: CorpusChange
    manifest: dict[str, Any] | None
    # why the parent, whose manifest equals the result's, was not taken as unchanged
    parent_corrupt: str | None = None
    # the warning for a result that lacks most of the parent's documents
    mass_removal: str | None = None


class MassRemoval(VersionError):
    """A result that would remove more of the parent's documents than the settings let a run
    remove (`max_removed_share`, with `refuse_mass_removal`)."""


def corpus_files(
    docs: Iterable[Document], rejections: Iterable[Rejection], extra: Mapping[str, bytes]
) -> dict[str, bytes]:
    """Every data file of a version, as deterministic bytes, for a corpus held in memory,
    sharded as a first version is (see shards.py)."""
    rows = part_rows(list(docs), list(rejections))
    indexed = [
        i for name, data in extra.items() if name in SHARDED_STEP_FILES for i in step_file_ids(data)
    ]
    shards = assign_shards(
        [key for key, _ in rows["documents"]]
        + [key.split("\t")[0] for key, _ in rows["removed"]]
        + indexed,
        {},
        {key: json.loads(line) for key, line in rows["sources"]},
    )
    files: dict[str, bytes] = {}
    for part, folder in (("documents", DOCUMENTS_DIR), ("removed", REMOVED_DIR)):
        lines: dict[int, list[str]] = {number: [] for number in sorted(set(shards.values()))}
        for key, line in rows[part]:
            lines[shards[key.split("\t")[0]]].append(f"{line}\n")
        for number, shard in lines.items():
            files[shard_file(folder, number, ".jsonl")] = "".join(shard).encode()
            files[shard_file(folder, number, ".parquet")] = parquet_bytes(
                files[shard_file(folder, number, ".jsonl")], folder
            )
    files[REJECTED] = "".join(f"{line}\n" for _, line in rows["rejected"]).encode()
    check_step_files(extra)
    for name, data in extra.items():
        folder = SHARDED_STEP_FILES.get(name)
        files.update(split_step_file(data, folder, shards) if folder else {name: data})
    return files


def check_step_files(extra: Mapping[str, bytes]) -> None:
    """Corpus steps add files to a version; none may replace one of its data files."""
    clash = sorted(
        name
        for name in extra
        if name in {REJECTED, *schema_files(), *DESCRIPTION_FILES}
        or name.split("/")[0]
        in {DOCUMENTS_DIR, REMOVED_DIR, INPUTS_DIR, *SHARDED_STEP_FILES.values()}
    )
    if clash:
        raise ValueError(f"corpus steps may not overwrite {clash}")


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
        (staged / filename).parent.mkdir(exist_ok=True)
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
    parent_rows: dict[str, str] | None = None,
) -> PublishResult:
    """Makes the files written into `staged` the next version, unless they equal the parent
    version's (and the parent's files still match its manifest), in which case they are
    discarded. `assembly` describes the data files as they
    were written (their hashes are not read again), and Parquet may still be being written:
    the rows are compared meanwhile with `parent_rows` (the parent's row hashes, read from
    the cache or the parent when not given). Call while holding the lock."""
    written = assembly.outputs if assembly else {}
    layout = assembly.layout if assembly else read_layout(staged, folder_files(staged))
    parent_version = load_version(cleaned, parent) if parent else None
    if parent_version is not None and parent_rows is None:
        parent_rows = parent_layout(cleaned, parent_version).rows
    change = compare(parent_rows or {}, layout.rows)
    mass_removal = _mass_removal(change, len(parent_rows or {}), parent, settings)
    if mass_removal and settings.refuse_mass_removal:
        remove(staged)
        raise MassRemoval(
            f"{mass_removal}; no version written (refuse_mass_removal is set: unset it to "
            "publish such a result)"
        )
    for filename, data in schema_files().items():
        (staged / filename).write_bytes(data)
    parent_inputs = (
        input_assignment(parent_version.path, parent_version.manifest.get("outputs", {}))
        if parent_version is not None
        else {}
    )
    shards = input_shards(inputs, parent_inputs)
    if shards:
        (staged / INPUTS_DIR).mkdir()
    for filename, data in shards.items():
        (staged / filename).write_bytes(data)
    if assembly is not None:
        assembly.wait()
    outputs = {
        name: written.get(name)
        or {"sha256": file_sha256(staged / name), "rows": file_rows(staged / name)}
        for name in folder_files(staged)
    }
    shared = set()
    if parent_version is not None:
        # what the assembly did not share already (step files, schemas) and came out the same
        parent_outputs = parent_version.manifest.get("outputs", {})
        shared = {
            name
            for name, entry in outputs.items()
            if share_from_parent(parent_version.path, parent_outputs, name, entry["sha256"], staged)
        }
    keep_layout(cleaned, layout_key(outputs), layout)
    parent_corrupt = None
    if parent_version is not None and _data_files(parent_version.manifest) == _data_files(
        {"outputs": outputs}
    ):
        # "unchanged" promises the parent's files are the result: they are read to be sure,
        # once (a shared file's was hashed before it was linked)
        try:
            verify(parent_version, hashed=shared)
        except VersionError as error:
            parent_corrupt = str(error)
        else:
            remove(staged)
            return PublishResult(None, parent, change, None, mass_removal=mass_removal)
    name = next_version_name(cleaned)
    manifest = {
        "version": name,
        "parent": parent,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "newsclean_version": __version__,
        "settings": settings.output_dict(),
        "settings_hash": settings.hash(),
        "outputs": outputs,
        "counts": counts,
        "change": change.to_dict(),
    }
    manifest["outputs"] = outputs | write_descriptions(staged, manifest)
    commit_version(cleaned, staged, name, manifest)
    return PublishResult(name, parent, change, manifest, parent_corrupt, mass_removal)


def _mass_removal(
    change: CorpusChange, parent_documents: int, parent: str | None, settings: Settings
) -> str | None:
    """The warning for a result that lacks more than `max_removed_share` of the parent's
    documents, or None."""
    removed = len(change.removed)
    if not parent_documents or removed / parent_documents <= settings.max_removed_share:
        return None
    return (
        f"the result lacks {removed} of the {parent_documents} documents of {parent} "
        f"({removed / parent_documents:.0%}, more than max_removed_share = "
        f"{settings.max_removed_share}): are these the seeds {parent} was made from?"
    )


def _data_files(manifest: dict[str, Any]) -> dict[str, Any]:
    """A version's outputs but the files that describe it, which name its parent and its
    change: a result equal to the parent's data is no new version. Sizes are left out: a
    version adds them as it is committed, and versions before them have none."""
    outputs: dict[str, Any] = manifest.get("outputs", {})
    return {
        name: {key: value for key, value in entry.items() if key != "bytes"}
        for name, entry in outputs.items()
        if name not in DESCRIPTION_FILES
    }
