"""What changed between two versions: documents added, removed and changed, by id; and
where each document's rows are in a version (its shard)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from newsclean.store.location import StorePath
from newsclean.store.shards import (
    DOCUMENTS_DIR,
    INPUTS_DIR,
    REMOVED_DIR,
    parse_shard_file,
    shard_files,
)
from newsclean.store.versions import Version


@dataclass(frozen=True)
class CorpusChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return {"added": self.added, "removed": self.removed, "changed": self.changed}


@dataclass(frozen=True)
class VersionLayout:
    """A version's documents: the hash of each kept document's row, and the shard of every
    document, kept or dropped (see shards.py)."""

    rows: dict[str, str]  # document id -> row hash
    shards: dict[str, int]  # document id -> shard number
    # shard number -> the digest of the trails' rows it was written from (see reuse.py);
    # empty when read from the shards themselves
    sources: dict[int, str] = field(default_factory=dict)


# Rows start with the document's id (Document.to_dict), which is hex: reading it from the
# line spares parsing every row of two versions at each run.
_ID_FIRST = b'{"id":"'


def row_hashes(path: StorePath) -> dict[str, str]:
    """Document id -> hash of its whole row in a documents JSONL file, read as a stream."""
    hashes: dict[str, str] = {}
    with path.open("rb") as handle:
        for line in handle:
            add_row_hash(hashes, line)
    return hashes


def add_row_hash(hashes: dict[str, str], line: bytes) -> None:
    """Adds one documents JSONL line (newline included) to a map of `row_hashes`."""
    hashes[_row_id(line)] = hashlib.sha256(line).hexdigest()


def _row_id(line: bytes) -> str:
    if line.startswith(_ID_FIRST):
        return line[len(_ID_FIRST) : line.index(b'"', len(_ID_FIRST))].decode("ascii")
    return str(json.loads(line)["id"])


# The one file a version held its documents (and their removals) in before shards.
_UNSHARDED = {DOCUMENTS_DIR: "documents.jsonl", REMOVED_DIR: "removed.jsonl"}


def document_shards(version: Version) -> list[StorePath]:
    """The version's documents JSONL shards, in shard order."""
    return _shards(version, DOCUMENTS_DIR)


def removed_shards(version: Version) -> list[StorePath]:
    """The version's removed-span shards, in shard order."""
    return _shards(version, REMOVED_DIR)


def _shards(version: Version, folder: str) -> list[StorePath]:
    """A version's JSONL shards of one kind; for a version written before shards, its one
    file of that kind."""
    outputs = version.manifest.get("outputs", {})
    names = shard_files(outputs, folder, ".jsonl")
    if not names and _UNSHARDED[folder] in outputs:
        names = [_UNSHARDED[folder]]
    return [version.path / name for name in names]


def read_layout(folder: StorePath, names: Iterable[str]) -> VersionLayout:
    """The layout of the version in `folder` whose files are `names`, read from its shards.
    A version written before shards has its rows read, and no shards: its documents are
    sharded anew, as a first version's are."""
    layout = VersionLayout({}, {})
    names = sorted(names)
    if _UNSHARDED[DOCUMENTS_DIR] in names:  # a version from before shards: rows, no shards
        layout.rows.update(row_hashes(folder / _UNSHARDED[DOCUMENTS_DIR]))
    for name in names:
        parsed = parse_shard_file(name)
        if parsed is None or parsed[2] != ".jsonl" or parsed[0] == INPUTS_DIR:
            continue
        kind, number, _ = parsed
        with (folder / name).open("rb") as handle:
            for line in handle:
                if kind == DOCUMENTS_DIR:
                    add_row_hash(layout.rows, line)
                    layout.shards[_row_id(line)] = number
                elif kind == REMOVED_DIR:
                    layout.shards[json.loads(line)["document"]] = number
                elif (row := json.loads(line)).get("id") is not None:  # not the header
                    layout.shards[row["id"]] = number
    return layout


def document_labels(version: Version, ids: set[str]) -> dict[str, tuple[str, str | None]]:
    """The source path and title of the documents `ids` of a version: only their rows are
    parsed."""
    return {
        row["id"]: (row["source"]["path"], row["title"]) for row in _matching_rows(version, ids)
    }


def compare(old: dict[str, str], new: dict[str, str]) -> CorpusChange:
    return CorpusChange(
        added=sorted(new.keys() - old.keys()),
        removed=sorted(old.keys() - new.keys()),
        changed=sorted(k for k in old.keys() & new.keys() if old[k] != new[k]),
    )


def version_rows(version: Version) -> dict[str, str]:
    hashes: dict[str, str] = {}
    for shard in document_shards(version):
        hashes.update(row_hashes(shard))
    return hashes


def diff_versions(old: Version, new: Version) -> CorpusChange:
    return compare(version_rows(old), version_rows(new))


# What a row's fields say, by the step whose output they are, for `change_reasons`.
_ASPECTS = {
    "text": ("text",),
    "metadata": (
        "title",
        "author",
        "published",
        "site",
        "place",
        "views",
        "tags",
        "breadcrumb",
        "captions",
    ),
    "language": ("language", "language_confidence", "languages", "script"),
    "names": ("mentions", "text_normalised"),
    "duplicate mark": ("duplicate_of",),
    "in-place rewrites": ("changes",),
}
_PARAGRAPH_LANGUAGE = ("language", "language_confidence", "script")


def change_reasons(old: Version, new: Version, ids: set[str]) -> dict[str, list[str]]:
    """Why each document of `ids` (changed between the versions) changed: whether its file
    did, which parts of its row differ (text, metadata, language, names, ...) and which
    steps removed other spans from it, e.g. `removed by site_furniture: 0 -> 1 spans` for a
    document that took newly learned furniture though its file is the same."""
    rows = [_rows_of(version, ids) for version in (old, new)]
    removed = [_removals_of(version, ids) for version in (old, new)]
    reasons = {}
    for doc_id in sorted(ids):
        before, after = rows[0].get(doc_id), rows[1].get(doc_id)
        if before is None or after is None:
            continue
        said = [
            "its file changed"
            if before["source"]["sha256"] != after["source"]["sha256"]
            else "its file is the same"
        ]
        said += [
            aspect
            for aspect, names in _ASPECTS.items()
            if any(before.get(n) != after.get(n) for n in names)
            or (
                aspect == "language" and _paragraph_languages(before) != _paragraph_languages(after)
            )
        ]
        spans = [removed[0].get(doc_id, {}), removed[1].get(doc_id, {})]
        for step in sorted(spans[0].keys() | spans[1].keys()):
            was, now = spans[0].get(step, []), spans[1].get(step, [])
            if was != now:
                said.append(f"removed by {step}: {len(was)} -> {len(now)} spans")
        reasons[doc_id] = said
    return reasons


def _paragraph_languages(row: dict) -> list[tuple]:
    return [tuple(p.get(n) for n in _PARAGRAPH_LANGUAGE) for p in row.get("paragraphs", [])]


def _rows_of(version: Version, ids: set[str]) -> dict[str, dict]:
    return {row["id"]: row for row in _matching_rows(version, ids)}


def _matching_rows(version: Version, ids: set[str]) -> Iterator[dict]:
    """The rows of the documents `ids`, one at a time: only their lines are parsed."""
    for shard in document_shards(version):
        with shard.open("rb") as handle:
            for line in handle:
                if _row_id(line) in ids:
                    yield json.loads(line)


def _removals_of(version: Version, ids: set[str]) -> dict[str, dict[str, list[tuple]]]:
    """Document -> step -> the spans it removed (rule and text), in order."""
    found: dict[str, dict[str, list[tuple]]] = {}
    for shard in removed_shards(version):
        with shard.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                if row["document"] in ids:
                    steps = found.setdefault(row["document"], {})
                    steps.setdefault(row["step"], []).append((row["rule"], row["text"]))
    return found
