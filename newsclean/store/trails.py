"""What earlier runs made of each input file, found again by the file's bytes.

Everything newsclean does to a file is a pure function of its bytes, the settings, the code
and the corpus decisions that reach its documents. So a run keeps, per input file, a *trail*:
each document's facts for every corpus step and the slice of every decision it was given,
then the rows the file gave the version's data files. A later run that meets the same
bytes under the same settings and code takes the facts from the trail instead of reading and
cleaning the file again; once a corpus step has decided, a file whose documents get the same
slices as before keeps its trail, and one whose slices changed (a new copy of an article, a
line newly learned on its site) is cleaned again from its bytes. When every slice matches,
the file's rows are copied as they are (or not at all, where every shard its documents
fill is linked from the parent: see reuse.py): a nightly run that adds 1% of the corpus
cleans 1% of it and writes the shards that change. Which bytes a file holds is known from
its stat where it has not changed (see fingerprints.py).

Trails live in `cleaned/.cache/`, outside the versions; deleting that folder costs time,
never correctness. After a run, trails of files that are no longer input are swept.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclean.settings import Settings
from newsclean.store.location import (
    StorePath,
    is_local,
    is_real_folder,
    own_folder,
    refuse_link,
    write_whole,
)
from newsclean.store.records import UNREADABLE, packed, stored, unpacked

if TYPE_CHECKING:
    from newsclean.store.inputs import InputFile

CACHE_DIR = ".cache"
SUFFIX = ".trail"
# An entry is a format mark, the length of the packed trail (these many bytes, big-endian),
# a digest of the packed rows, the trail, then the rows, both as msgpack (see records.py):
# the rows are reached without reading the trail again, and a damaged entry is known when
# its trail is looked up, not once its rows are needed. Entries of older formats lack the
# mark and are written again.
_MARK = b"newsclean-trail-3\n"
_LENGTH_BYTES = 8
_DIGEST_BYTES = 16
_HEADER = len(_MARK) + _LENGTH_BYTES + _DIGEST_BYTES
# Exactly the names `store` writes (an entry, or a temporary one): the sweep removes nothing else.
_FOLDER_NAME = re.compile(r"^[0-9a-f]{2}$")
_ENTRY_NAME = re.compile(r"^([0-9a-f]{64})\.trail(\.\d+\.tmp)?$")

# The rows one file adds to each line file of a version, with their sort keys.
PartRows = dict[str, list[tuple[str, str]]]


@cache
def code_hash() -> str:
    """The hash of newsclean's own code: an edited step must not reuse results of the old
    one, even before the version number changes."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@stored
@dataclass
class DocumentTrail:
    """One document's facts for each corpus step that collected from it, and the slice of
    each decision applied to it, by step name."""

    facts: dict[str, Any] = field(default_factory=dict)
    slices: dict[str, Any] = field(default_factory=dict)


@stored
@dataclass(frozen=True)
class FileTrail:
    input: InputFile
    documents: dict[str, DocumentTrail]  # by document id
    counts: dict[str, Any]  # the file's share of the run's counts (pipeline.batch_counts)


@dataclass(frozen=True)
class TrailCache:
    root: StorePath
    settings_hash: str

    @classmethod
    def for_corpus(cls, cleaned: StorePath, settings: Settings) -> TrailCache:
        """The cache of the corpus in `cleaned`. Raises PlantedLink, before the run writes
        anything there, if the cache folder or one of its folders is a symbolic link: the
        run would read, write and sweep files elsewhere."""
        cache = cls(cleaned / CACHE_DIR, f"{settings.hash()}:{code_hash()}")
        if is_local(cache.root):
            refuse_link(cache.root)
            if cache.root.is_dir():
                for entry in cache.root.iterdir():
                    if _FOLDER_NAME.match(entry.name):
                        refuse_link(entry)
        return cache

    def key(self, path: str, sha256: str) -> str:
        return hashlib.sha256(f"{self.settings_hash}\0{path}\0{sha256}".encode()).hexdigest()

    def exists(self) -> bool:
        return is_real_folder(self.root)

    def find(self, relpath: str, sha256: str) -> FileTrail | None:
        """The trail of the input file at `relpath` with these bytes, if a run has left one."""
        found = self.find_entry(relpath, sha256)
        return found[0] if found else None

    def find_entry(self, relpath: str, sha256: str) -> tuple[FileTrail, str] | None:
        """The trail of the input file at `relpath` with these bytes, if a run has left one,
        and the digest of its rows (what `store` returned)."""
        try:
            data = self._path(self.key(relpath, sha256)).read_bytes()
            if not data.startswith(_MARK):
                return None
            length = int.from_bytes(data[len(_MARK) : len(_MARK) + _LENGTH_BYTES], "big")
            digest = data[_HEADER - _DIGEST_BYTES : _HEADER]
            if digest != _digest(memoryview(data)[_HEADER + length :]):
                return None
            trail = unpacked(data[_HEADER : _HEADER + length])  # the rows stay packed
        except UNREADABLE:
            return None
        return (trail, digest.hex()) if _is_trail_of(trail, relpath) else None

    def rows(self, trail: FileTrail) -> PartRows:
        """The rows kept with a trail that `find` gave."""
        with self._path(self._key_of(trail)).open("rb") as handle:
            handle.seek(len(_MARK))
            handle.seek(int.from_bytes(handle.read(_LENGTH_BYTES), "big") + _DIGEST_BYTES, 1)
            rows: dict[str, list[list[str]]] = unpacked(handle.read())
        return {part: [(key, line) for key, line in lines] for part, lines in rows.items()}

    def store(self, trail: FileTrail, rows: PartRows) -> str | None:
        """Keeps a file's trail and rows, in one entry; returns the digest of the rows, which
        tells the shards they fill whether they came out as before (see reuse.py). Files
        that could not be read have no fingerprint and no trail: rejecting them again costs
        nothing."""
        if trail.input.sha256 is None:
            return None
        packed_trail = packed(trail)
        # the rows' tuples are kept as lists: packed by msgpack itself, much faster
        packed_rows = packed({part: [list(row) for row in lines] for part, lines in rows.items()})
        digest = _digest(packed_rows)
        data = b"".join(
            (
                _MARK,
                len(packed_trail).to_bytes(_LENGTH_BYTES, "big"),
                digest,
                packed_trail,
                packed_rows,
            )
        )
        path = self._path(self._key_of(trail))
        own_folder(path.parent)
        write_whole(path, data)  # readers never see half an entry
        return digest.hex()

    def sweep(self, inputs: list[InputFile]) -> int:
        """Deletes the trails of files that are not among `inputs`; returns how many."""
        if not self.exists():
            return 0
        keep = {self.key(i.path, i.sha256) for i in inputs if i.sha256 is not None}
        removed = 0
        for folder in self.root.iterdir():
            if not (_FOLDER_NAME.match(folder.name) and is_real_folder(folder)):
                continue
            for entry in folder.iterdir():
                named = _ENTRY_NAME.match(entry.name)
                # also writes a killed run left half done
                if named and (named[1] not in keep or named[2]):
                    entry.unlink()
                    removed += 1
        return removed

    def _key_of(self, trail: FileTrail) -> str:
        assert trail.input.sha256 is not None
        return self.key(trail.input.path, trail.input.sha256)

    def _path(self, key: str) -> StorePath:
        return self.root / f"{key[:2]}/{key}{SUFFIX}"


def _is_trail_of(trail: object, relpath: str) -> bool:
    """The entry holds a trail of that file, in the shape a run reads."""
    return (
        isinstance(trail, FileTrail)
        and getattr(trail.input, "path", None) == relpath
        and isinstance(trail.counts, dict)
        and isinstance(trail.documents, dict)
        and all(
            isinstance(document, DocumentTrail)
            and isinstance(document.facts, dict)
            and isinstance(document.slices, dict)
            for document in trail.documents.values()
        )
    )


def _digest(data: bytes | memoryview) -> bytes:
    """The first bytes of the rows' sha256: hashing every known file's rows is most of
    finding the trails, and sha256 ran twice as fast as blake2b on this project's machine
    (processors with SHA instructions, most made since 2017)."""
    return hashlib.sha256(data).digest()[:_DIGEST_BYTES]
