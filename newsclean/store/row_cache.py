"""The layout of the latest version (each document's row hash and shard), kept beside the
trails.

Each run compares its rows with its parent version's to report what changed, and puts each
document back in the shard it had in the parent. Reading that from the parent would read
all of its documents (143 MB at 10,000 documents) at every run, so a run keeps the layout of
the version it publishes, named by a hash of the shards it describes (`layout_key`); the
next run finds that name from its parent's manifest. A missing or unreadable entry only
means the parent's shards are read again. Entries are msgpack (see records.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from newsclean.store.diff import VersionLayout, read_layout
from newsclean.store.location import StorePath, is_link, is_local, own_folder, write_whole
from newsclean.store.records import UNREADABLE, packed, unpacked
from newsclean.store.shards import INPUTS_DIR, parse_shard_file
from newsclean.store.trails import CACHE_DIR
from newsclean.store.versions import Version

_PREFIX = "documents-rows."
_SUFFIX = ".msgpack"
# Exactly the names entries had, now and before (pickles, never read), and their temporary
# names: no other file is removed.
_ENTRY_NAME = re.compile(r"^documents-rows\.[0-9a-f]{64}\.(msgpack|pickle)(\.\d+\.tmp)?$")


def layout_key(outputs: Mapping[str, Any]) -> str:
    """A hash of the names and hashes of a version's JSONL shards: what its layout is read
    from."""
    shards = {
        name: entry.get("sha256")
        for name, entry in outputs.items()
        if (parsed := parse_shard_file(name)) is not None
        and parsed[2] == ".jsonl"
        and parsed[0] != INPUTS_DIR
    }
    return hashlib.sha256(json.dumps(shards, sort_keys=True).encode()).hexdigest()


def parent_layout(cleaned: StorePath, parent: Version) -> VersionLayout:
    """The parent version's layout, from the cache or else from its shards."""
    outputs = parent.manifest.get("outputs", {})
    entry = _entry(cleaned, layout_key(outputs))
    try:
        if is_local(entry) and is_link(entry):  # not ours: never read
            raise FileNotFoundError(entry)
        kept = unpacked(entry.read_bytes())
    except UNREADABLE:
        kept = None
    if (
        isinstance(kept, dict)
        and isinstance(kept.get("rows"), dict)
        and isinstance(kept.get("shards"), dict)
    ):
        return VersionLayout(kept["rows"], kept["shards"], _sources(kept.get("sources")))
    return read_layout(parent.path, outputs)


def _sources(kept: Any) -> dict[int, str]:
    """The shards' sources of a kept layout (see reuse.py); none from an entry of another
    shape, which only means no shard is linked unread."""
    if not isinstance(kept, dict):
        return {}
    try:
        return {int(number): str(digest) for number, digest in kept.items()}
    except ValueError:
        return {}


def keep_layout(cleaned: StorePath, key: str, layout: VersionLayout) -> None:
    """Keeps the layout of the version whose `layout_key` is `key`, in place of the one kept
    before."""
    entry = _entry(cleaned, key)
    own_folder(entry.parent)
    # msgpack maps keyed by numbers are refused when read: the shard numbers are spelled out
    sources = {str(number): digest for number, digest in layout.sources.items()}
    write_whole(entry, packed({"rows": layout.rows, "shards": layout.shards, "sources": sources}))
    for other in entry.parent.iterdir():
        if other.name != entry.name and _ENTRY_NAME.match(other.name):
            other.unlink()


def _entry(cleaned: StorePath, key: str) -> StorePath:
    return cleaned / CACHE_DIR / f"{_PREFIX}{key}{_SUFFIX}"
