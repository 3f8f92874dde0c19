"""What earlier runs made of each input file, found again by the file's bytes.

Everything newsclean does to a file is a pure function of its bytes, the settings, the code
and the corpus decisions that reach its documents. So a run keeps, per input file, a *trail*:
each document's facts for every corpus step and the slice of every decision it was given,
then the rows the file gave the version's data files. A later run that meets the same
bytes under the same settings and code takes the facts from the trail instead of reading and
cleaning the file again; once a corpus step has decided, a file whose documents get the same
slices as before keeps its trail, and one whose slices changed (a new copy of an article, a
line newly learned on its site) is cleaned again from its bytes. When every slice matches,
the file's rows are copied as they are: a nightly run that adds 1% of the corpus cleans
1% of it, though it still writes the whole version. Which bytes a file holds is known from
its stat where it has not changed (see fingerprints.py).

Trails live in `cleaned/.cache/`, outside the versions; deleting that folder costs time,
never correctness. After a run, trails of files that are no longer input are swept.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsclean.settings import Settings
from newsclean.store.location import StorePath, write_whole

if TYPE_CHECKING:
    from newsclean.store.publish import InputFile

CACHE_DIR = ".cache"
SUFFIX = ".trail"
# An entry is the length of the pickled trail (these many bytes, big-endian), the pickled
# trail, then the pickled rows: the rows are reached without unpickling the trail again.
_LENGTH_BYTES = 8

# What reading a damaged or foreign cache entry may raise: such an entry is as good as none.
UNREADABLE = (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError)

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


@dataclass
class DocumentTrail:
    """One document's facts for each corpus step that collected from it, and the slice of
    each decision applied to it, by step name."""

    facts: dict[str, Any] = field(default_factory=dict)
    slices: dict[str, Any] = field(default_factory=dict)


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
        return cls(cleaned / CACHE_DIR, f"{settings.hash()}:{code_hash()}")

    def key(self, path: str, sha256: str) -> str:
        return hashlib.sha256(f"{self.settings_hash}\0{path}\0{sha256}".encode()).hexdigest()

    def exists(self) -> bool:
        return self.root.is_dir()

    def find(self, relpath: str, sha256: str) -> FileTrail | None:
        """The trail of the input file at `relpath` with these bytes, if a run has left one."""
        try:
            with self._path(self.key(relpath, sha256)).open("rb") as handle:
                handle.read(_LENGTH_BYTES)
                trail: FileTrail = pickle.load(handle)  # the rows after it stay unread
        except UNREADABLE:
            return None
        return trail

    def rows(self, trail: FileTrail) -> PartRows:
        with self._path(self._key_of(trail)).open("rb") as handle:
            handle.seek(_LENGTH_BYTES + int.from_bytes(handle.read(_LENGTH_BYTES), "big"))
            rows: PartRows = pickle.load(handle)
        return rows

    def store(self, trail: FileTrail, rows: PartRows) -> None:
        """Keeps a file's trail and rows, in one entry. Files that could not be read have no
        fingerprint and no trail: rejecting them again costs nothing."""
        if trail.input.sha256 is None:
            return
        pickled = pickle.dumps(trail, protocol=pickle.HIGHEST_PROTOCOL)
        data = b"".join(
            (
                len(pickled).to_bytes(_LENGTH_BYTES, "big"),
                pickled,
                pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL),
            )
        )
        path = self._path(self._key_of(trail))
        path.parent.mkdir(parents=True, exist_ok=True)
        write_whole(path, data)  # readers never see half an entry

    def sweep(self, inputs: list[InputFile]) -> int:
        """Deletes the trails of files that are not among `inputs`; returns how many."""
        if not self.exists():
            return 0
        keep = {self.key(i.path, i.sha256) for i in inputs if i.sha256 is not None}
        removed = 0
        for entry in self.root.glob("*/*"):
            # also what older code left, and writes a killed run left half done
            if entry.name.split(".", 1)[0] not in keep or entry.name.endswith(".tmp"):
                entry.unlink()
                removed += 1
        return removed

    def _key_of(self, trail: FileTrail) -> str:
        assert trail.input.sha256 is not None
        return self.key(trail.input.path, trail.input.sha256)

    def _path(self, key: str) -> StorePath:
        return self.root / f"{key[:2]}/{key}{SUFFIX}"
