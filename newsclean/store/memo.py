"""Results of document stages from earlier runs, found again by what went into them.

A document stage is a pure function of the document it is given and the settings, so its
result can be reused whenever the same document (byte for byte, in every field) meets the
same settings and newsclean version again: a nightly run then re-does only the documents
whose input changed, or that a corpus decision changed. Entries live in `cleaned/.cache/`,
outside the versions; deleting that folder costs time, never correctness. Entries a run did
not use are swept after it, so the cache follows the corpus instead of growing forever.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from newsclean.document import Document
from newsclean.pipeline import DocumentStage, run_document_steps
from newsclean.settings import Settings
from newsclean.store.location import StorePath, is_local

CACHE_DIR = ".cache"


@cache
def code_hash() -> str:
    """The hash of newsclean's own code: an edited step must not reuse results of the old
    one, even before the version number changes."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class StageMemo:
    root: StorePath
    settings_hash: str

    @classmethod
    def for_corpus(cls, cleaned: StorePath, settings: Settings) -> StageMemo:
        return cls(cleaned / CACHE_DIR, f"{settings.hash()}:{code_hash()}")

    def run_stage(
        self, docs: list[Document], stage: DocumentStage, settings: Settings
    ) -> list[Document]:
        """The stage's output for each document, from the cache where it has been computed
        before, else computed and cached. Documents keep their order."""
        keys = [self._key(stage, doc) for doc in docs]
        results: list[Document | None] = [self._load(key) for key in keys]
        misses = [i for i, result in enumerate(results) if result is None]
        computed = run_document_steps([docs[i] for i in misses], stage, settings)
        for i, doc in zip(misses, computed, strict=True):
            self._store(keys[i], doc)
            results[i] = doc
        return results  # type: ignore[return-value]

    def sweep(self, started: float) -> int:
        """Deletes the entries no run has used since `started`; returns how many."""
        removed = 0
        if not self.root.is_dir():
            return removed
        for entry in self.root.glob("*/*.pickle"):
            if self._last_used(entry) < started:
                entry.unlink()
                removed += 1
        return removed

    @staticmethod
    def _last_used(entry: StorePath) -> float:
        if is_local(entry):
            return entry.stat().st_mtime
        return entry.fs.modified(entry.path).timestamp()

    def _key(self, stage: DocumentStage, doc: Document) -> str:
        state = json.dumps(asdict(doc), sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha256(f"{self.settings_hash}\0{stage.name}\0".encode())
        digest.update(state.encode())
        return digest.hexdigest()

    def _path(self, key: str) -> StorePath:
        return self.root / key[:2] / f"{key}.pickle"

    def _load(self, key: str) -> Document | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
            doc = pickle.loads(data)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None
        # marks the entry as used by this run, for `sweep`; object stores cannot change a
        # modification time but by writing the object again
        if is_local(path):
            now = time.time()
            os.utime(path, (now, now))
        else:
            path.write_bytes(data)
        return doc

    def _store(self, key: str, doc: Document) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not is_local(path):  # an object store makes an object visible only once whole
            path.write_bytes(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL))
            return
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(doc, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # readers never see half an entry
