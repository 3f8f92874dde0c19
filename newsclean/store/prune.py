"""`newsclean prune --keep N`: removes old versions, safely. Versions share unchanged
shards through hard links, so removing one never breaks another.

Never removed: the newest N versions, the version LATEST names and the one the `latest` link
points to (they differ after a run stopped between writing the two), a version being read
(see reading.py), and a folder that is not wholly a version of ours (a manifest, and no file
it does not name). A version is first renamed out of the way (`.tmp-pruned-vNNNN`), then
deleted: a prune killed midway leaves that temporary folder, which the next prune or run
removes, never a version with half its files. Call only while holding the corpus lock."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from newsclean.store.location import StorePath, is_link, is_local, remove
from newsclean.store.marker import require_corpus
from newsclean.store.reading import lock_for_removal
from newsclean.store.versions import (
    LATEST_LINK,
    MANIFEST,
    PRUNED_PREFIX,
    VersionError,
    folder_files,
    fsync_dir,
    latest_version,
    version_names,
)

_PRUNED_NAME = re.compile(rf"^{re.escape(PRUNED_PREFIX)}v\d{{4,}}$")


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
    require_corpus(cleaned)
    _sweep_pruned(cleaned)
    names = version_names(cleaned)
    pointed = {latest_version(cleaned), _linked_version(cleaned)}
    result = Pruned(kept=[n for n in names if n in names[-keep:] or n in pointed])
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
        doomed = cleaned / f"{PRUNED_PREFIX}{name}"
        try:
            os.rename(cleaned / name, doomed)
            fsync_dir(cleaned)
        finally:
            os.close(descriptor)
        remove(doomed)
        result.removed.append(name)
    return result


def _sweep_pruned(cleaned: StorePath) -> None:
    """Removes what a prune killed midway left: versions renamed out of the way."""
    for path in cleaned.iterdir():
        if _PRUNED_NAME.match(path.name):
            remove(path)


def _linked_version(cleaned: StorePath) -> str | None:
    """The version the `latest` link points to, if it is one."""
    link = cleaned / LATEST_LINK
    if not is_link(link):
        return None
    return os.path.basename(os.readlink(link).rstrip("/")) or None


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
