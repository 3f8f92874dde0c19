"""The row hashes of the latest version's documents.jsonl, kept beside the trails.

Each run compares its rows with its parent version's to report what changed. Hashing the
parent's rows again would read its whole documents.jsonl (143 MB at 10,000 documents) at
every run, so a run keeps the hashes of the rows it publishes, named by the sha256 of the
file they describe; the next run finds that name in its parent's manifest. A missing or
unreadable entry only means the file is hashed again. Entries are msgpack (see records.py).
"""

from __future__ import annotations

import re

from newsclean.store.diff import version_rows
from newsclean.store.location import StorePath, write_whole
from newsclean.store.records import UNREADABLE, packed, unpacked
from newsclean.store.trails import CACHE_DIR
from newsclean.store.versions import DOCUMENTS_JSONL, Version

_PREFIX = "documents-rows."
_SUFFIX = ".msgpack"
# Exactly the names entries had, now and before (pickles, never read), and their temporary
# names: no other file is removed.
_ENTRY_NAME = re.compile(r"^documents-rows\.[0-9a-f]{64}\.(msgpack|pickle)(\.\d+\.tmp)?$")


def parent_row_hashes(cleaned: StorePath, parent: Version) -> dict[str, str]:
    """Document id -> row hash of the parent version's documents.jsonl."""
    sha256 = parent.manifest.get("outputs", {}).get(DOCUMENTS_JSONL, {}).get("sha256")
    if sha256:
        try:
            hashes = unpacked(_entry(cleaned, sha256).read_bytes())
        except UNREADABLE:
            hashes = None
        if isinstance(hashes, dict):
            return hashes
    return version_rows(parent.path)


def keep_row_hashes(cleaned: StorePath, sha256: str, hashes: dict[str, str]) -> None:
    """Keeps the row hashes of the documents.jsonl whose sha256 is `sha256`, in place of
    those kept before."""
    entry = _entry(cleaned, sha256)
    entry.parent.mkdir(parents=True, exist_ok=True)
    write_whole(entry, packed(hashes))
    for other in entry.parent.iterdir():
        if other.name != entry.name and _ENTRY_NAME.match(other.name):
            other.unlink()


def _entry(cleaned: StorePath, sha256: str) -> StorePath:
    return cleaned / CACHE_DIR / f"{_PREFIX}{sha256}{_SUFFIX}"
