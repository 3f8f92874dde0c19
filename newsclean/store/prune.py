"""`newsclean prune --keep N`: removes old versions, safely. Versions share unchanged
shards through hard links, so removing one never breaks another.

Never removed: the newest N versions, the version LATEST names, a version being read (see
reading.py), and a folder that is not wholly a version of ours (a manifest, and no file it
does not name). Call only while holding the corpus lock."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from newsclean.store.location import StorePath, is_local, remove
from newsclean.store.reading import lock_for_removal
from newsclean.store.versions import (
    MANIFEST,
    VersionError,
    folder_files,
    latest_version,
    version_names,
)


@dataclass
class Pruned:
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "v0003: why", one per version

    def lines(self) -> list[str]:
        lines = [f"pruned {', '.join(self.removed) or 'no version'}; kept {', '.join(self.kept)}"]
        return lines + [f"not pruned: {reason}" for reason in self.skipped]


def prune_versions(cleaned: StorePath, keep: int) -> Pruned:
    """Removes every version but the newest `keep` and LATEST's, each only if it is ours and
    no reader holds it."""
    if keep < 1:
        raise ValueError("prune keeps at least one version")
    if not is_local(cleaned):
        raise VersionError(
            f"{cleaned} is not a local folder: readers there hold no lock, so versions are "
            "not pruned (remove old version folders yourself when none is read)"
        )
    names = version_names(cleaned)
    latest = latest_version(cleaned)
    result = Pruned(kept=[n for n in names if n in names[-keep:] or n == latest])
    for name in names:
        if name in result.kept:
            continue
        why = _not_ours(cleaned / name)
        if why:
            result.skipped.append(f"{name}: {why}")
            continue
        descriptor = lock_for_removal(cleaned / name)
        if descriptor is None:
            result.skipped.append(f"{name}: it is being read")
            continue
        try:
            remove(cleaned / name)
        finally:
            os.close(descriptor)
        result.removed.append(name)
    return result


def _not_ours(path: StorePath) -> str | None:
    """Why the folder is not wholly a version a run wrote, or None."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        named = {*manifest["outputs"], MANIFEST}
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"its {MANIFEST} cannot be read ({error}), so it is left as it is"
    others = [name for name in folder_files(path) if name not in named]
    if others:
        return f"it holds files its {MANIFEST} does not name ({', '.join(others[:3])})"
    return None
