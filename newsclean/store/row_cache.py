"""The row hashes of the latest version's documents.jsonl, kept beside the trails.

Each run compares its rows with its parent version's to report what changed. Hashing the
parent's rows again would read its whole documents.jsonl (143 MB at 10,000 documents) at
every run, so a run keeps the hashes of the rows it publishes, named by the sha256 of the
file they describe; the next run finds that name in its parent's manifest. A missing or
unreadable entry only means the file is hashed again.
"""

from __future__ import annotations

import pickle

from newsclean.store.diff import version_rows
from newsclean.store.location import StorePath, write_whole
from newsclean.store.trails import CACHE_DIR, UNREADABLE
from newsclean.store.versions import DOCUMENTS_JSONL, Version

_PREFIX = "documents-rows."
_SUFFIX = ".pickle"


def parent_row_hashes(cleaned: StorePath, parent: Version) -> dict[str, str]:
    """Document id -> row hash of the parent version's documents.jsonl."""
    sha256 = parent.manifest.get("outputs", {}).get(DOCUMENTS_JSONL, {}).get("sha256")
    if sha256:
        try:
            with _entry(cleaned, sha256).open("rb") as handle:
                hashes: dict[str, str] = pickle.load(handle)
            return hashes
        except UNREADABLE:
            pass
    return version_rows(parent.path)


def keep_row_hashes(cleaned: StorePath, sha256: str, hashes: dict[str, str]) -> None:
    """Keeps the row hashes of the documents.jsonl whose sha256 is `sha256`, in place of
    those kept before."""
    entry = _entry(cleaned, sha256)
    entry.parent.mkdir(parents=True, exist_ok=True)
    write_whole(entry, pickle.dumps(hashes, protocol=pickle.HIGHEST_PROTOCOL))
    for other in entry.parent.glob(f"{_PREFIX}*"):
        if other.name != entry.name:
            other.unlink()


def _entry(cleaned: StorePath, sha256: str) -> StorePath:
    return cleaned / CACHE_DIR / f"{_PREFIX}{sha256}{_SUFFIX}"
