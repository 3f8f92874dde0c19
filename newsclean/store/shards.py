"""How a version's per-document rows are cut into shards, so that a version shares the
shards its change did not touch with its parent.

`documents/part-NNNNN.jsonl` (and `.parquet`) hold the rows of the documents of shard NNNNN,
sorted by id; `removed/part-NNNNN.jsonl` (and `.parquet`) holds what was removed from those
same documents (a dropped document belongs to a shard too, though it has no row), and
`dedup_index/part-NNNNN.jsonl` their entries in the duplicate index (which also keeps
documents no longer in the input: they keep a shard too). Which shard a document is in:

- a first version cuts its documents, in the order of their source paths, into shards of
  `SHARD_DOCUMENTS`, except its newest end: the last `SHARD_DOCUMENTS` documents go into
  shards of a half, a quarter, an eighth and two sixteenths of that. Scrapers name files so
  that path order follows time (dated folders, running numbers), and corrections and
  updates reach the newest articles: editing them rewrites a small shard, not a full one;
- a document the parent had keeps the parent's shard, so a shard whose documents did not
  change is byte for byte the parent's and is hard-linked rather than written;
- new documents, in the order of their source paths, fill the parent's last shard when
  that shard holds no more documents than are new, or fewer than a sixteenth of
  `SHARD_DOCUMENTS` (so rewriting it costs at most as much as the new rows again, or a few
  rows), and then new
  shards of `SHARD_DOCUMENTS`. Without that bound, a nightly run adding a few documents
  would rewrite a shard of thousands every night;
- small shards at the end are compacted: once the shards after the last full one, but the
  newest, hold more documents than a full shard, the oldest of them, as few as hold a full
  shard's documents, are cut anew (in the order of their documents' source paths) into a
  full shard and one with what is left over, under the first two of their numbers; the
  others' numbers are no longer written. So a year of nightly runs adding a few documents
  each leaves full shards and a bounded number of small ones (about 16 at most, each but
  the newest holding at least a sixteenth of a full one), at the cost of writing again,
  once, each full shard's worth of documents that arrived in small ones.

A document whose source is not known (an entry the duplicate index keeps for a document no
longer in the input) comes after those with one, by id.

A shard that lost documents keeps the rest, and a shard that lost them all is no longer
written. The assignment depends only on the documents and the parent's assignment, never on
batching or on what a run reused.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsclean.store.location import StorePath

SHARD_DOCUMENTS = 2000
# A last shard with fewer than this part of SHARD_DOCUMENTS is filled by new documents,
# however few they are: it is no larger than the smallest shard of a first version's cut.
SMALLEST_SHARD_PART = 16
DOCUMENTS_DIR = "documents"
REMOVED_DIR = "removed"
INDEX_DIR = "dedup_index"
FURNITURE_LINES_DIR = "furniture_lines"
# Files corpus steps write that hold one row per document, stored in shards as the
# documents are: a header line, then rows sorted by their `id`. Each shard starts with the
# header; read back, the shards give the file as the step wrote it.
SHARDED_STEP_FILES = {"dedup_index.jsonl": INDEX_DIR, "furniture_lines.jsonl": FURNITURE_LINES_DIR}
INPUTS_DIR = "inputs"
_SHARD_FILE = re.compile(
    rf"^({DOCUMENTS_DIR}|{REMOVED_DIR}|{INPUTS_DIR}|{'|'.join(SHARDED_STEP_FILES.values())})"
    r"/part-(\d{5,})\.(jsonl|parquet)$"
)


def shard_file(folder: str, number: int, suffix: str) -> str:
    """A shard's name in a version (and in its manifest's outputs), e.g.
    `documents/part-00003.parquet`."""
    return f"{folder}/part-{number:05d}{suffix}"


def parse_shard_file(name: str) -> tuple[str, int, str] | None:
    """(folder, shard number, suffix) of a shard's name, or None for any other file."""
    match = _SHARD_FILE.match(name)
    if match is None:
        return None
    return match[1], int(match[2]), f".{match[3]}"


def shard_files(outputs: Iterable[str], folder: str, suffix: str) -> list[str]:
    """The shards of one kind among a version's outputs, in shard order."""
    found = []
    for name in outputs:
        parsed = parse_shard_file(name)
        if parsed is not None and parsed[0] == folder and parsed[2] == suffix:
            found.append((parsed[1], name))
    return [name for _, name in sorted(found)]


def shard_rows(outputs: Mapping[str, Any], folder: str) -> int:
    """The rows of one kind of shard in all, from a manifest's outputs."""
    return sum(outputs[name]["rows"] for name in shard_files(outputs, folder, ".jsonl"))


def assign_shards(
    ids: Iterable[str], parent: Mapping[str, int], sources: Mapping[str, str]
) -> dict[str, int]:
    """Document id -> shard number for a version of the documents `ids` (kept and dropped),
    given the parent version's assignment (empty for a first version) and each document's
    source path."""
    assignment: dict[str, int] = {}
    new = []
    for doc_id in set(ids):
        if doc_id in parent:
            assignment[doc_id] = parent[doc_id]
        else:
            new.append(doc_id)
    new.sort(key=lambda doc_id: _path_order(doc_id, sources))
    if not parent:
        shard = 0
        for size in _first_cut(len(new)):
            assignment.update(dict.fromkeys(new[:size], shard))
            new, shard = new[size:], shard + 1
        return assignment
    sizes = Counter(assignment.values())
    last = max(parent.values())
    shard, room = last + 1, SHARD_DOCUMENTS
    if 0 < sizes[last] < SHARD_DOCUMENTS and (
        sizes[last] <= len(new) or sizes[last] < smallest_shard()
    ):
        shard, room = last, SHARD_DOCUMENTS - sizes[last]
    for doc_id in new:
        if room == 0:
            shard, room = shard + 1, SHARD_DOCUMENTS
        assignment[doc_id] = shard
        room -= 1
    _compact(assignment, sources)
    return assignment


def smallest_shard() -> int:
    """A last shard with fewer documents than this is filled by new documents."""
    return SHARD_DOCUMENTS // SMALLEST_SHARD_PART


def _path_order(doc_id: str, sources: Mapping[str, str]) -> tuple[bool, str, str]:
    """Documents in the order of their source paths; those without one last, by id."""
    return (doc_id not in sources, sources.get(doc_id, ""), doc_id)


def _compact(assignment: dict[str, int], sources: Mapping[str, str]) -> None:
    """Compacts the oldest small shards at the end, once those but the newest hold more than
    a full shard's documents (see the module's description)."""
    sizes = Counter(assignment.values())
    small: list[int] = []
    for number in sorted(sizes, reverse=True):
        if sizes[number] >= SHARD_DOCUMENTS:
            break
        small.insert(0, number)
    older = small[:-1]
    if sum(sizes[number] for number in older) <= SHARD_DOCUMENTS:
        return
    merged, held = [], 0
    for number in older:
        merged.append(number)
        held += sizes[number]
        if held >= SHARD_DOCUMENTS:
            break
    chosen = set(merged)
    moved = sorted(
        (doc_id for doc_id, number in assignment.items() if number in chosen),
        key=lambda doc_id: _path_order(doc_id, sources),
    )
    for position, doc_id in enumerate(moved):
        assignment[doc_id] = merged[position // SHARD_DOCUMENTS]


def _first_cut(count: int) -> list[int]:
    """The sizes of a first version's shards, oldest first: full ones, then the newest
    `SHARD_DOCUMENTS` documents in shards of a half, a quarter, an eighth, a sixteenth and a
    sixteenth of that (the oldest shard holds what is left over)."""
    full = SHARD_DOCUMENTS
    newest = [max(1, full // part) for part in (16, 16, 8, 4, 2)]
    sizes = []
    for size in itertools.chain(newest, itertools.repeat(full)):
        if count <= 0:
            break
        sizes.append(min(size, count))
        count -= size
    return sizes[::-1]


@dataclass(frozen=True)
class ParentShards:
    """What a new version takes from its parent: the folder, the manifest's outputs (to
    share the files that come out the same), the parent's assignment of documents to
    shards, and its documents' row hashes (for those of shards linked unread)."""

    path: StorePath
    outputs: Mapping[str, Any]
    shards: Mapping[str, int]
    rows: Mapping[str, str] = field(default_factory=dict)


# The start of a step file's row as its writers spell it: the id first, or after the hex
# digest of the duplicates index (keys sorted). Reading the id there spares parsing every
# row of every run's step files; a row of another shape is parsed.
_ROW_ID = re.compile(rb'^\{(?:"exact": ?"[0-9a-f]*", ?)?"id": ?"([0-9a-f]+)"[,}]')


def row_id(row: bytes) -> str:
    """The document id of a sharded step file's row."""
    found = _ROW_ID.match(row)
    return found[1].decode() if found else json.loads(row)["id"]


def step_file_ids(data: bytes) -> list[str]:
    """The document ids of a sharded step file's rows."""
    return [row_id(line) for line in data.splitlines()[1:]]


def split_step_file(data: bytes, folder: str, shards: Mapping[str, int]) -> dict[str, bytes]:
    """A sharded step file as its shards, by name: each document's row in its shard, after
    the header."""
    header, *rows = data.splitlines(keepends=True)
    parts: dict[int, list[bytes]] = {}
    for row in rows:
        parts.setdefault(shards[row_id(row)], []).append(row)
    return {
        shard_file(folder, number, ".jsonl"): b"".join([header, *lines])
        for number, lines in sorted(parts.items())
    }


def join_step_file(shards: list[bytes]) -> bytes:
    """The step file its shards were split from: the header, then every row in id order."""
    if not shards:
        return b""
    header = shards[0].splitlines(keepends=True)[0]
    rows = [row for shard in shards for row in shard.splitlines(keepends=True)[1:]]
    rows.sort(key=lambda row: json.loads(row)["id"])
    return b"".join([header, *rows])
