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
never correctness. A batch's trails are kept together in one *pack* (`packs/`), so that a run
finds the trails of 10,000 files in one read of each of a few packs, not one file per input;
a file's rows sit apart in its pack, read only when they are copied into a version. After a
run, trails of files that are no longer input are swept; a pack left mostly swept, or one of
many small packs, is packed again with the others' survivors. Trails kept one file per input
(by earlier code) are still read, and packed by the next sweep.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclean.settings import Settings
from newsclean.store.location import (
    StorePath,
    is_link,
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
# Exactly the names earlier code wrote (an entry, or a temporary one): the sweep removes
# nothing else.
_FOLDER_NAME = re.compile(r"^[0-9a-f]{2}$")
_ENTRY_NAME = re.compile(r"^([0-9a-f]{64})\.trail(\.\d+\.tmp)?$")

PACKS_DIR = "packs"
# A pack is a format mark; the run's stamp (nanoseconds since the epoch: where two packs hold
# a trail of the same file, the later run's wins), the lengths of its index and of its
# trails, and a digest of both (8, 8, 8 and 16 bytes); the index, the trails, then the rows.
# The index is msgpack: per file, its key, where its trail and its rows sit (offsets from
# the start of the trails and of the rows) and the digest of its rows. A damaged index or
# trail is known when the pack's trails are read; damaged rows, when they are read.
_PACK_MARK = b"newsclean-trail-pack-1\n"
_PACK_HEADER = len(_PACK_MARK) + 3 * _LENGTH_BYTES + _DIGEST_BYTES
_PACK_NAME = re.compile(r"^([0-9a-f]{64})\.pack(\.\d+\.tmp)?$")
# Past this many packs, the smallest are packed together at the sweep (a year of nightly
# runs leaves one or two small packs a night).
_MAX_PACKS = 32

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
class _Packed:
    """Where one file's trail and rows sit in a pack."""

    pack: str  # the pack's file name
    stamp: int
    trail_start: int  # from the start of the pack's trails
    trail_length: int
    rows_start: int  # from the start of the pack
    rows_length: int
    digest: bytes  # of the rows


@dataclass(frozen=True)
class _Entry:
    """One file's trail and rows, packed, as a pack holds them."""

    key: str
    trail: bytes
    rows: bytes
    digest: bytes


class _PacksRead:
    """The packs' index (where each key's trail sits), once read, and each pack's trails,
    held while `find_entries` looks trails up. A plain object, not a dataclass: Prefect
    does not walk into it."""

    def __init__(self) -> None:
        self.index: dict[str, _Packed] = {}
        self.done = False
        self.trails: dict[str, bytes | None] = {}


@dataclass(frozen=True)
class TrailCache:
    root: StorePath
    settings_hash: str
    # when the run started: the stamp of the packs it writes
    stamp: int = field(default_factory=time.time_ns)
    # what this process read of the packs; never sent to a worker, nor walked by Prefect
    # (which walks a task's arguments, dataclasses included)
    _read: _PacksRead = field(default_factory=_PacksRead, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"root": self.root, "settings_hash": self.settings_hash, "stamp": self.stamp}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_read", _PacksRead())

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
                    if _FOLDER_NAME.match(entry.name) or entry.name == PACKS_DIR:
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

    def find_entries(self, files: Iterable[tuple[str, str]]) -> list[tuple[FileTrail, str] | None]:
        """`find_entry` for each of `files` (relative path, sha256), each pack's trails read
        once for all of them."""
        try:
            return [self.find_entry(relpath, sha256) for relpath, sha256 in files]
        finally:
            self._read.trails.clear()

    def find_entry(self, relpath: str, sha256: str) -> tuple[FileTrail, str] | None:
        """The trail of the input file at `relpath` with these bytes, if a run has left one,
        and the digest of its rows (what `store` returned)."""
        key = self.key(relpath, sha256)
        located = self._packs().get(key)
        if located is not None:
            return self._find_packed(located, relpath)
        entry = self._single_entry(self._path(key), key)
        if entry is None:
            return None
        try:
            trail = unpacked(entry.trail)  # the rows stay packed
        except UNREADABLE:
            return None
        return (trail, entry.digest.hex()) if _is_trail_of(trail, relpath) else None

    def rows(self, trail: FileTrail) -> PartRows:
        """The rows kept with a trail that `find` gave. Raises DamagedTrail if they are not
        the rows whose digest `find` gave (they changed on disk since)."""
        key = self._key_of(trail)
        located = self._packs().get(key)
        if located is not None:
            with (self._packs_folder() / located.pack).open("rb") as handle:
                handle.seek(located.rows_start)
                data = handle.read(located.rows_length)
            if _digest(data) != located.digest:
                raise DamagedTrail(
                    f"{self._packs_folder() / located.pack}: the rows of {trail.input.path} "
                    "changed since the run began; delete the cache folder and run again"
                )
        else:
            with self._path(key).open("rb") as handle:
                handle.seek(len(_MARK))
                handle.seek(int.from_bytes(handle.read(_LENGTH_BYTES), "big") + _DIGEST_BYTES, 1)
                data = handle.read()
        rows: dict[str, list[list[str]]] = unpacked(data)
        return {part: [(key, line) for key, line in lines] for part, lines in rows.items()}

    def store(self, trail: FileTrail, rows: PartRows) -> str | None:
        """Keeps a file's trail and rows; returns the digest of the rows, which tells the
        shards they fill whether they came out as before (see reuse.py). Files that could
        not be read have no fingerprint and no trail: rejecting them again costs nothing."""
        return self.store_all([(trail, rows)])[0]

    def store_all(self, files: list[tuple[FileTrail, PartRows]]) -> list[str | None]:
        """Keeps the trails and rows of `files` (a batch's) in one pack; returns each file's
        rows digest, as `store` does."""
        entries: list[_Entry] = []
        digests: list[str | None] = []
        for trail, rows in files:
            if trail.input.sha256 is None:
                digests.append(None)
                continue
            # the rows' tuples are kept as lists: packed by msgpack itself, much faster
            packed_rows = packed(
                {part: [list(row) for row in lines] for part, lines in rows.items()}
            )
            digest = _digest(packed_rows)
            entries.append(_Entry(self._key_of(trail), packed(trail), packed_rows, digest))
            digests.append(digest.hex())
        if entries:
            self._write_pack(entries)
        return digests

    def stored_keys(self) -> set[str]:
        """The keys of every trail kept, packed or one file per input (swept trails stay in
        their pack until it is packed again)."""
        keys = set(self._packs(again=True))
        if self.exists():
            for folder in self.root.iterdir():
                if _FOLDER_NAME.match(folder.name) and is_real_folder(folder):
                    keys |= {m[1] for e in folder.iterdir() if (m := _ENTRY_NAME.match(e.name))}
        return keys

    def sweep(self, inputs: list[InputFile]) -> int:
        """Deletes the trails of files that are not among `inputs`; returns how many. Packs
        the survivors of packs mostly swept, of the smallest packs when there are many, and
        of trails kept one file per input, anew."""
        if not self.exists():
            return 0
        keep = {self.key(i.path, i.sha256) for i in inputs if i.sha256 is not None}
        removed = 0
        repacked: list[_Entry] = []
        single: list[StorePath] = []
        for folder in self.root.iterdir():
            if not (_FOLDER_NAME.match(folder.name) and is_real_folder(folder)):
                continue
            for entry in folder.iterdir():
                named = _ENTRY_NAME.match(entry.name)
                if not named:
                    continue
                # also writes a killed run left half done
                if named[1] not in keep or named[2]:
                    entry.unlink()
                    removed += 1
                elif is_local(entry) and is_link(entry):
                    continue  # not ours: never read
                elif (found := self._single_entry(entry, named[1])) is not None:
                    repacked.append(found)
                    single.append(entry)
        index = self._packs(again=True)
        live: dict[str, list[str]] = {}
        for key, located in index.items():
            if key in keep:
                live.setdefault(located.pack, []).append(key)
        packs = self._pack_sizes()
        gone = [name for name in packs if name not in live]
        sparse = [
            name
            for name, keys in live.items()
            if 2 * sum(index[k].trail_length + index[k].rows_length for k in keys) < packs[name]
        ]
        whole = sorted((packs[name], name) for name in live if name not in sparse)
        if len(whole) > _MAX_PACKS:  # the smallest go together
            sparse += [name for _, name in whole[: len(whole) - _MAX_PACKS // 2]]
        for name in sparse:
            repacked += self._read_entries(name, live[name])
        removed += sum(
            1 for key, located in index.items() if key not in keep and located.pack in packs
        )
        if repacked:
            self._write_pack(repacked)
        for name in [*gone, *sparse]:
            (self._packs_folder() / name).unlink()
        for entry in single:
            entry.unlink()
        # also packs a killed run left half written
        if is_real_folder(self._packs_folder()):
            for entry in self._packs_folder().iterdir():
                named = _PACK_NAME.match(entry.name)
                if named and named[2]:
                    entry.unlink()
        self._read.done = False
        return removed

    def _packs_folder(self) -> StorePath:
        return self.root / PACKS_DIR

    def _packs(self, again: bool = False) -> dict[str, _Packed]:
        """Where each key's trail sits among the packs, the latest run's where two hold it;
        read once (again with `again`)."""
        if self._read.done and not again:
            return self._read.index
        self._read.index = {}
        self._read.done = True
        folder = self._packs_folder()
        if not is_real_folder(folder):
            return self._read.index
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            named = _PACK_NAME.match(entry.name)
            if not named or named[2] or (is_local(entry) and is_link(entry)):
                continue  # a link is not ours: never read
            try:
                with entry.open("rb") as handle:
                    header = handle.read(_PACK_HEADER)
                    if not header.startswith(_PACK_MARK):
                        continue
                    stamp, index_length, trails_length = _pack_lengths(header)
                    listed = unpacked(handle.read(index_length))
                first_row = _PACK_HEADER + index_length + trails_length
                for key, start, length, rows_start, rows_length, digest in listed:
                    located = _Packed(
                        entry.name,
                        stamp,
                        start,
                        length,
                        first_row + rows_start,
                        rows_length,
                        digest,
                    )
                    before = self._read.index.get(key)
                    if before is None or before.stamp < stamp:
                        self._read.index[key] = located
            except (*UNREADABLE, AttributeError):
                continue
        return self._read.index

    def _pack_sizes(self) -> dict[str, int]:
        folder = self._packs_folder()
        if not is_real_folder(folder):
            return {}
        return {
            entry.name: entry.stat().st_size
            for entry in folder.iterdir()
            if (named := _PACK_NAME.match(entry.name)) and not named[2]
        }

    def _pack_trails(self, name: str) -> bytes | None:
        """A pack's trails, once its index and trails match their digest; None otherwise."""
        if name not in self._read.trails:
            found = None
            try:
                with (self._packs_folder() / name).open("rb") as handle:
                    header = handle.read(_PACK_HEADER)
                    _, index_length, trails_length = _pack_lengths(header)
                    data = handle.read(index_length + trails_length)
                if header.startswith(_PACK_MARK) and _digest(data) == header[-_DIGEST_BYTES:]:
                    found = data[index_length:]
            except OSError:
                pass
            self._read.trails[name] = found
        return self._read.trails[name]

    def _find_packed(self, located: _Packed, relpath: str) -> tuple[FileTrail, str] | None:
        trails = self._pack_trails(located.pack)
        if trails is None:
            return None
        try:
            trail = unpacked(
                trails[located.trail_start : located.trail_start + located.trail_length]
            )
        except UNREADABLE:
            return None
        return (trail, located.digest.hex()) if _is_trail_of(trail, relpath) else None

    def _read_entries(self, name: str, keys: list[str]) -> list[_Entry]:
        """The entries of `keys` in pack `name`, as they are packed; those that do not match
        their digests are left out."""
        try:
            data = (self._packs_folder() / name).read_bytes()
        except OSError:
            return []
        _, index_length, trails_length = _pack_lengths(data[:_PACK_HEADER])
        start = _PACK_HEADER + index_length
        if (
            _digest(data[_PACK_HEADER : start + trails_length])
            != data[_PACK_HEADER - _DIGEST_BYTES : _PACK_HEADER]
        ):
            return []
        entries = []
        for key in keys:
            located = self._read.index[key]
            trail = data[
                start + located.trail_start : start + located.trail_start + located.trail_length
            ]
            rows = data[located.rows_start : located.rows_start + located.rows_length]
            if _digest(rows) == located.digest:
                entries.append(_Entry(key, trail, rows, located.digest))
        return entries

    def _single_entry(self, path: StorePath, key: str) -> _Entry | None:
        """A trail kept one file per input, as a pack holds it; None if it is damaged or of
        an older format."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if not data.startswith(_MARK):
            return None
        length = int.from_bytes(data[len(_MARK) : len(_MARK) + _LENGTH_BYTES], "big")
        digest = data[_HEADER - _DIGEST_BYTES : _HEADER]
        rows = data[_HEADER + length :]
        if _digest(rows) != digest:
            return None
        return _Entry(key, data[_HEADER : _HEADER + length], rows, digest)

    def _write_pack(self, entries: list[_Entry]) -> None:
        """Writes `entries` as one pack, named by the stamp and their keys."""
        index, trails_length = [], 0
        for entry in entries:
            index.append([entry.key, trails_length, len(entry.trail)])
            trails_length += len(entry.trail)
        rows_start = 0  # from the start of the rows
        for listed, entry in zip(index, entries, strict=True):
            listed += [rows_start, len(entry.rows), entry.digest]
            rows_start += len(entry.rows)
        packed_index = packed(index)
        trails = b"".join(entry.trail for entry in entries)
        header = b"".join(
            (
                _PACK_MARK,
                self.stamp.to_bytes(_LENGTH_BYTES, "big"),
                len(packed_index).to_bytes(_LENGTH_BYTES, "big"),
                trails_length.to_bytes(_LENGTH_BYTES, "big"),
                _digest(packed_index + trails),
            )
        )
        keys = hashlib.sha256(
            f"{self.stamp}\0".encode() + "\0".join(e.key for e in entries).encode()
        )
        folder = self._packs_folder()
        own_folder(folder)
        data = b"".join((header, packed_index, trails, *(entry.rows for entry in entries)))
        write_whole(folder / f"{keys.hexdigest()}.pack", data)  # never seen half written
        self._read.done = False  # read again when next looked up
        self._read.trails.clear()

    def _key_of(self, trail: FileTrail) -> str:
        assert trail.input.sha256 is not None
        return self.key(trail.input.path, trail.input.sha256)

    def _path(self, key: str) -> StorePath:
        return self.root / f"{key[:2]}/{key}{SUFFIX}"


class DamagedTrail(RuntimeError):
    """Rows kept in the cache changed on disk while a run used them."""


def _pack_lengths(header: bytes) -> tuple[int, int, int]:
    """A pack's stamp and the lengths of its index and of its trails, from its header."""
    at = len(_PACK_MARK)
    return tuple(  # type: ignore[return-value]
        int.from_bytes(header[at + n * _LENGTH_BYTES : at + (n + 1) * _LENGTH_BYTES], "big")
        for n in range(3)
    )


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
