"""Shards a version takes whole from its parent, without reading, merging, writing or
hashing their rows again.

A shard's rows are those its documents' input files gave, and each file's rows are kept in
its trail with their digest (see trails.py). The layout a run keeps of the version it
publishes (see row_cache.py) holds, per shard, a digest of the digests of the rows of the
files with a document in it (`shard_sources`). The next run knows the digest of every file
whose trail it kept (bytes, settings, code and each decision's slice unchanged). A parent's
shard that holds the same documents as before, all from such files with the same digests,
comes out byte for byte as the parent's: its four files (documents and removed, JSONL and
Parquet) are hard-linked from the parent before any row is copied, and the rows of files
whose documents all sit in linked shards are not copied at all. Where a link cannot be made
(an object store, another device, a parent file that no longer matches its manifest) the
shard is written from its rows, as any other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from newsclean.store.location import StorePath
from newsclean.store.shards import DOCUMENTS_DIR, REMOVED_DIR, ParentShards, shard_file
from newsclean.store.versions import share_from_parent

# The files of one shard that are linked together, or written together.
_LINKED = [
    (folder, suffix) for folder in (DOCUMENTS_DIR, REMOVED_DIR) for suffix in (".jsonl", ".parquet")
]


def shard_sources(
    assignment: Mapping[str, int], files: Iterable[tuple[Iterable[str], str]]
) -> dict[int, str]:
    """Shard -> a digest of the row digests of the files (each its document ids and its
    rows' digest) with a document in that shard."""
    found: dict[int, set[str]] = {}
    for ids, digest in files:
        for doc_id in ids:
            found.setdefault(assignment[doc_id], set()).add(digest)
    return {
        number: hashlib.blake2b("\n".join(sorted(digests)).encode(), digest_size=16).hexdigest()
        for number, digests in found.items()
    }


def unchanged_shards(
    parent_shards: Mapping[str, int],
    parent_sources: Mapping[int, str],
    assignment: Mapping[str, int],
    known: Iterable[tuple[list[str], str]],
) -> set[int]:
    """The parent's shards that the new `assignment` gives the same documents, and whose
    documents all come from the `known` files (document ids, rows digest) with the rows
    they had when the parent was written."""
    now = shard_sources(assignment, known)
    before_members: dict[int, set[str]] = {}
    for doc_id, number in parent_shards.items():
        before_members.setdefault(number, set()).add(doc_id)
    now_members: dict[int, set[str]] = {}
    for doc_id, number in assignment.items():
        now_members.setdefault(number, set()).add(doc_id)
    return {
        number
        for number, digest in parent_sources.items()
        if now.get(number) == digest
        and before_members.get(number)
        and before_members.get(number) == now_members.get(number)
    }


def link_shards(
    parent: ParentShards, numbers: Iterable[int], target: StorePath
) -> dict[str, dict[str, Any]]:
    """Hard-links the files of each shard of `numbers` from the parent into `target`, all
    four or none; returns the manifest entries of the files linked, by name."""
    for folder in (DOCUMENTS_DIR, REMOVED_DIR):
        (target / folder).mkdir(exist_ok=True)
    linked: dict[str, dict[str, Any]] = {}
    for number in sorted(numbers):
        names = [shard_file(folder, number, suffix) for folder, suffix in _LINKED]
        entries = [parent.outputs.get(name) for name in names]
        done = []
        for name, entry in zip(names, entries, strict=True):
            if entry is None or not share_from_parent(
                parent.path, parent.outputs, name, entry.get("sha256", ""), target
            ):
                break
            done.append(name)
        else:
            linked.update({name: dict(entry) for name, entry in zip(names, entries, strict=True)})
            continue
        for name in done:  # the shard is written whole instead
            (target / name).unlink()
    return linked


def linked_numbers(linked: Iterable[str]) -> set[int]:
    """The shard numbers of the files `link_shards` linked."""
    return {int(name.rsplit("-", 1)[1].split(".")[0]) for name in linked}
