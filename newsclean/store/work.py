"""Where a run's batches wait between passes, and how their parts become a version's files.

A run never holds the corpus in memory: each pass loads one batch, works on it and saves it
back, and the last pass writes the batch's rows as sorted part files that are merged into
the version's files as a stream. The work area lives in the cleaned folder so that every
worker of a cluster that shares that folder (a network mount, or a URL such as s3://) sees it;
it is removed after the run, and a run that dies leaves it to the next run's clean-up (its
name starts with the temporary prefix).

Batches and decisions go to the work area as pickles: they are this run's transport between
its processes, never read by another run. The area is created new by the run that holds the
corpus lock (creating it fails if it exists), readable only by its owner on a local disk,
and removed at the end; a left-over area is removed unread by the next run.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
import os
import pickle
import re
import shutil
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, BinaryIO

from newsclean.document import Document
from newsclean.readers.read import Rejection
from newsclean.store.diff import VersionLayout, add_row_hash
from newsclean.store.location import StorePath, is_local, remove
from newsclean.store.parquet import PARQUET_FOLDERS, write_parquet
from newsclean.store.reuse import linked_numbers
from newsclean.store.shards import (
    DOCUMENTS_DIR,
    REMOVED_DIR,
    SHARDED_STEP_FILES,
    ParentShards,
    assign_shards,
    shard_file,
    split_step_file,
    step_file_ids,
)
from newsclean.store.trails import DocumentTrail, PartRows
from newsclean.store.versions import REJECTED, TEMP_PREFIX, share_from_parent

if TYPE_CHECKING:
    from newsclean.store.inputs import InputFile

# The parts of a batch a version's line files are merged from: documents and removed go
# into shards (see shards.py), rejected into rejected.jsonl; sources (each document's source
# path, dropped ones too) orders new documents into shards.
PARTS = ("documents", "removed", "rejected", "sources")


def part_rows(docs: list[Document], rejections: list[Rejection]) -> PartRows:
    """The lines documents and rejections contribute to each line file, with the key each
    file is sorted by: documents by id, removals by document and index, rejections by path
    and record; sources by document. Documents a step failed on are quarantined with the
    rejections."""
    failed = [
        Rejection(d.source.path, d.source.sha256, d.error, d.source.record_id)
        for d in docs
        if d.error
    ]
    return {
        "documents": sorted((d.id, _line(d.to_dict())) for d in docs if not d.dropped),
        "removed": sorted(
            (f"{row['document']}\t{row['index']:09d}", _line(row))
            for d in docs
            for row in d.removal_rows()
        ),
        "rejected": sorted(
            (f"{r.path}\t{r.record or ''}", _line(r.to_dict())) for r in [*rejections, *failed]
        ),
        "sources": sorted((d.id, _line(d.source.path)) for d in docs),
    }


def _line(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Assembly:
    """A version's data files as `WorkArea.assembled` wrote them: the sha256 and row count
    of each file known without reading it again, the row hash and shard of each document
    (see `diff.VersionLayout`), and the Parquet writes, which may still be running."""

    outputs: dict[str, dict[str, Any]]  # by file name: {"sha256": …, "rows": …}
    layout: VersionLayout
    parquet: list[Future[None]] = field(default_factory=list)

    def wait(self) -> None:
        """Returns once every Parquet shard is written; raises what a write raised."""
        for write in self.parquet:
            write.result()


@dataclass
class Batch:
    """A batch between passes: its documents, its files' rejections and descriptions, and
    the trail each document leaves for later runs (see store.trails)."""

    docs: list[Document]
    rejections: list[Rejection]
    inputs: list[InputFile]  # of the files the batch read whole
    trails: dict[str, DocumentTrail]  # by document id
    # the cut (see batching.py) of each file the batch holds pieces of, by its path
    cuts: dict[str, int] = field(default_factory=dict)

    def by_file(self) -> dict[str, tuple[list[Document], list[Rejection]]]:
        """The documents and rejections of each input file, by its path."""
        files: dict[str, tuple[list[Document], list[Rejection]]] = defaultdict(lambda: ([], []))
        for doc in self.docs:
            files[doc.source.path][0].append(doc)
        for rejection in self.rejections:
            files[rejection.path][1].append(rejection)
        return files


@dataclass(frozen=True)
class Fragment:
    """What one batch made of its pieces of a cut file: the documents' trails, their rows
    and counts. A cut file's trail is put together from its fragments (see `trails`)."""

    documents: dict[str, DocumentTrail]
    rows: PartRows
    counts: dict[str, Any]


@dataclass(frozen=True)
class WorkArea:
    path: StorePath

    @classmethod
    def create(cls, cleaned: StorePath) -> WorkArea:
        path = cleaned / f"{TEMP_PREFIX}work-{os.getpid()}"
        if is_local(path):
            path.mkdir(mode=0o700)
        else:
            path.mkdir(parents=True)
        return cls(path)

    def remove(self) -> None:
        with suppress(OSError):  # gone already; the next run's clean-up takes any rest
            remove(self.path)

    def save(self, index: int, batch: Batch) -> None:
        with (self.path / f"batch-{index:06d}.pickle").open("wb") as handle:
            pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load(self, index: int) -> Batch:
        with (self.path / f"batch-{index:06d}.pickle").open("rb") as handle:
            batch: Batch = pickle.load(handle)
        return batch

    def save_piece(
        self, cut: int, number: int, docs: list[Document], rejections: list[Rejection]
    ) -> None:
        """Records of a cut file (see batching.py), read and waiting for their batch."""
        with (self.path / f"piece-{cut:06d}-{number:06d}.pickle").open("wb") as handle:
            pickle.dump((docs, rejections), handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_piece(self, cut: int, number: int) -> tuple[list[Document], list[Rejection]]:
        with (self.path / f"piece-{cut:06d}-{number:06d}.pickle").open("rb") as handle:
            piece: tuple[list[Document], list[Rejection]] = pickle.load(handle)
        return piece

    def save_fragment(self, cut: int, index: int, fragment: Fragment) -> None:
        with (self.path / f"fragment-{cut:06d}-{index:06d}.pickle").open("wb") as handle:
            pickle.dump(fragment, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_fragment(self, cut: int, index: int) -> Fragment:
        with (self.path / f"fragment-{cut:06d}-{index:06d}.pickle").open("rb") as handle:
            fragment: Fragment = pickle.load(handle)
        return fragment

    def save_decision(self, step: str, decision: Any) -> None:
        """What a corpus step's apply needs, written once for every batch's task to read: a
        task parameter would be pickled for, and walked by Prefect in, every task."""
        with (self.path / f"decision-{step}.pickle").open("wb") as handle:
            pickle.dump(decision, handle, protocol=pickle.HIGHEST_PROTOCOL)

    def load_decision(self, step: str) -> Any:
        with (self.path / f"decision-{step}.pickle").open("rb") as handle:
            return pickle.load(handle)

    def save_step_files(self, files: Mapping[str, bytes | Iterable[bytes]]) -> None:
        """Files a corpus step adds to the version, kept here until the version is staged;
        a file given in chunks is written as they come."""
        for filename, data in files.items():
            with (self.path / f"step-{filename}").open("wb") as handle:
                if isinstance(data, bytes):
                    handle.write(data)
                else:
                    handle.writelines(data)

    def step_file_ids(self, filenames: list[str]) -> list[str]:
        """The document ids of the rows of the sharded step files among `filenames`."""
        return [
            doc_id
            for filename in filenames
            if filename in SHARDED_STEP_FILES
            for doc_id in step_file_ids((self.path / f"step-{filename}").read_bytes())
        ]

    def move_step_files(
        self, filenames: list[str], target: StorePath, shards: Mapping[str, int]
    ) -> None:
        """Puts the step files into the staged version, a sharded one in its shards."""
        for filename in filenames:
            folder = SHARDED_STEP_FILES.get(filename)
            if folder is not None:
                data = (self.path / f"step-{filename}").read_bytes()
                (target / folder).mkdir()
                for name, shard in split_step_file(data, folder, shards).items():
                    (target / name).write_bytes(shard)
                continue
            with (
                (self.path / f"step-{filename}").open("rb") as source,
                (target / filename).open("wb") as sink,
            ):
                shutil.copyfileobj(source, sink)

    def write_parts(self, index: int, files: Iterable[PartRows]) -> None:
        """The rows several files give every data file, as one sorted part per data file,
        each line prefixed by its sort key."""
        merged: dict[str, list[tuple[str, str]]] = {part: [] for part in PARTS}
        for rows in files:
            for part, lines in rows.items():
                merged[part].extend(lines)
        for part, lines in merged.items():
            lines.sort()
            with (self.path / f"part-{index:06d}.{part}").open("w", encoding="utf-8") as handle:
                for key, line in lines:
                    handle.write(f"{_escaped(key)}\t{line}\n")

    @contextmanager
    def assembled(
        self,
        batches: int,
        target: StorePath,
        parent: ParentShards | None = None,
        known: Iterable[str] = (),
        assignment: Mapping[str, int] | None = None,
        linked: Mapping[str, dict[str, Any]] | None = None,
    ) -> Iterator[Assembly]:
        """Merges every batch's parts into the data files of a version in `target`: the
        documents and their removals in shards (see shards.py), each document in the shard it
        had in `parent`, and rejected.jsonl. `known` are the ids of documents the version
        holds rows of elsewhere (the duplicate index): they get a shard too. Each file is
        hashed and counted as it is written; a shard that came out byte for byte as the
        parent's is replaced by a hard link to the parent's file (`share_from_parent`), and
        so is its Parquet shard, which is not written again. On a local disk, Parquet shards
        are written from the JSONL shards on a thread as the block runs: Arrow parses and
        compresses outside the GIL while the caller compares rows with the parent's. The
        block gets the assembly with those writes' futures, which are awaited when it ends.

        `assignment`, when given, is the shard of every document (else it is made from the
        parts), and `linked` the files of the shards already linked from the parent (see
        reuse.py): their rows, if any part holds them, are not written again, and their
        documents' row hashes are the parent's."""
        # leaving the pool waits for the thread, also when the block fails
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parquet") as pool:
            linked = linked or {}
            skipped = linked_numbers(linked)
            rows: dict[str, str] = {}
            if assignment is None:
                for _, line in self._merged(batches, "documents"):
                    add_row_hash(rows, line)
                removed = {_document(key) for key, _ in self._merged(batches, "removed")}
                sources = {
                    _document(key): json.loads(line)
                    for key, line in self._merged(batches, "sources")
                }
                shards = assign_shards(
                    [*rows, *removed, *known], parent.shards if parent else {}, sources
                )
            else:
                shards = dict(assignment)
                for key, line in self._merged(batches, "documents"):
                    if shards[_document(key)] not in skipped:
                        add_row_hash(rows, line)
                if parent is not None:
                    rows.update(
                        (doc_id, parent.rows[doc_id])
                        for doc_id, number in parent.shards.items()
                        if number in skipped and doc_id in parent.rows
                    )
            assembly = Assembly(dict(linked), VersionLayout(rows, shards))
            numbers = sorted(set(shards.values()) - skipped)
            shared = set()
            for part, folder in (("documents", DOCUMENTS_DIR), ("removed", REMOVED_DIR)):
                (target / folder).mkdir(exist_ok=True)
                written = self._write_shards(batches, part, target, folder, numbers, shards)
                for name, entry in written.items():
                    assembly.outputs[name] = entry
                    if parent is not None and share_from_parent(
                        parent.path, parent.outputs, name, entry["sha256"], target
                    ):
                        shared.add(name)
            for folder, number in itertools.product(PARQUET_FOLDERS, numbers):
                jsonl = shard_file(folder, number, ".jsonl")
                parquet = shard_file(folder, number, ".parquet")
                if jsonl in shared and parent is not None:
                    entry = parent.outputs.get(parquet)
                    if entry is not None and share_from_parent(
                        parent.path, parent.outputs, parquet, entry["sha256"], target
                    ):
                        assembly.outputs[parquet] = dict(entry)
                        continue
                write = pool.submit(
                    write_parquet, partial((target / jsonl).open, "rb"), target / parquet, folder
                )
                assembly.parquet.append(write)
                if not is_local(target):
                    # some fsspec filesystems (memory) share one handle among a file's
                    # readers, so the file is not read twice at once there
                    write.result()
            assembly.outputs[REJECTED] = self._write_merged(batches, "rejected", target / REJECTED)
            yield assembly
            assembly.wait()

    def _write_shards(
        self,
        batches: int,
        part: str,
        target: StorePath,
        folder: str,
        numbers: list[int],
        shards: dict[str, int],
    ) -> dict[str, dict[str, Any]]:
        """Writes one part's merged lines into its shards, every shard of `numbers` (empty
        ones too, so that the documents and their removals stay aligned); returns each file's
        sha256 and row count."""
        names = {number: shard_file(folder, number, ".jsonl") for number in numbers}
        digests = {number: hashlib.sha256() for number in numbers}
        counts = dict.fromkeys(numbers, 0)
        with _ShardWriters(target, names.values()) as writers:
            for key, line in self._merged(batches, part):
                number = shards[_document(key)]
                if number not in names:
                    continue  # a shard linked from the parent
                writers.append(names[number], line)
                digests[number].update(line)
                counts[number] += 1
        return {names[n]: {"sha256": digests[n].hexdigest(), "rows": counts[n]} for n in numbers}

    def _write_merged(self, batches: int, part: str, sink: StorePath) -> dict[str, Any]:
        """Writes one part's merged lines to `sink`; returns the file's sha256 and row count."""
        digest = hashlib.sha256()
        count = 0
        with sink.open("wb") as out:
            for _, line in self._merged(batches, part):
                out.write(line)
                digest.update(line)
                count += 1
        return {"sha256": digest.hexdigest(), "rows": count}

    def _merged(self, batches: int, part: str) -> Iterator[tuple[bytes, bytes]]:
        """The lines of one part across batches, in key order: (key, line without its key).
        Lines stay UTF-8 bytes, whose order is that of the text's code points."""
        with ExitStack() as stack:
            files = [
                stack.enter_context((self.path / f"part-{b:06d}.{part}").open("rb"))
                for b in range(batches)
            ]
            for line in heapq.merge(*files, key=_sort_key):
                yield _sort_key(line), _strip_key(line)


class _ShardWriters:
    """Handles to a version's shard files: the merged lines come in id order, which
    interleaves the shards of later versions. On a local disk at most `OPEN` are open at
    once, a file closed early being appended to when its turn comes again; an object store
    has no appending, so there every shard stays open until the end. Leaving the block
    creates the shards no line went to, empty."""

    OPEN = 64

    def __init__(self, target: StorePath, names: Iterable[str]) -> None:
        self.target = target
        self.names = list(names)
        self.handles: OrderedDict[str, BinaryIO] = OrderedDict()
        self.started: set[str] = set()

    def __enter__(self) -> _ShardWriters:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self.handles.values():
            handle.close()
        for name in self.names:
            if name not in self.started:
                with (self.target / name).open("wb"):
                    pass

    def append(self, name: str, line: bytes) -> None:
        handle = self.handles.get(name)
        if handle is None:
            if len(self.handles) >= self.OPEN and is_local(self.target):
                self.handles.popitem(last=False)[1].close()
            mode = "ab" if name in self.started else "wb"
            handle = self.handles[name] = (self.target / name).open(mode)
            self.started.add(name)
        else:
            self.handles.move_to_end(name)
        handle.write(line)


def _document(key: bytes) -> str:
    """The document id a documents or removed part line's key starts with."""
    return key.split(b"\t", 1)[0].decode()


# A part line is its sort key, a tab, then its JSON row, which holds no raw tab or newline:
# the last tab ends the key. Keys may hold tabs (between their fields) and a file's path,
# which keys rejections, may hold anything but NUL: a key's newlines are escaped, and so the
# backslashes.
_KEY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n"})
_KEY_UNESCAPED = re.compile(rb"\\(.)", re.DOTALL)
_UNESCAPES = {b"\\": b"\\", b"n": b"\n"}


def _escaped(key: str) -> str:
    return key.translate(_KEY_ESCAPES) if "\\" in key or "\n" in key else key


def _sort_key(line: bytes) -> bytes:
    """The line's key as the row's fields spell it: UTF-8 bytes sort as the text's code
    points, as the keys were sorted in their part."""
    key = line[: line.rindex(b"\t")]
    if b"\\" in key:
        key = _KEY_UNESCAPED.sub(lambda escape: _UNESCAPES[escape[1]], key)
    return key


def _strip_key(line: bytes) -> bytes:
    return line[line.rindex(b"\t") + 1 :]
