"""Which input files an earlier run already cleaned, and which of them a new decision makes
stale: the incremental bookkeeping over the trails (see trails.py) that the ingest flow asks
for at each step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsclean.readers.discover import relative_path
from newsclean.settings import Settings
from newsclean.store.fingerprints import Fingerprints
from newsclean.store.location import StorePath
from newsclean.store.trails import FileTrail, TrailCache

if TYPE_CHECKING:
    from newsclean.pipeline import CorpusStep


def known_files(
    paths: list[StorePath],
    seeds: StorePath,
    trails: TrailCache,
    fingerprints: Fingerprints,
    settings: Settings,
) -> tuple[dict[StorePath, FileTrail], dict[str, str]]:
    """The input files an earlier run left a trail for, bytes unchanged; and the digest of
    each one's rows in its trail, by its relative path."""
    if not trails.exists():
        return {}, {}
    known, digests = {}, {}
    wanted = []
    for path in paths:
        relpath = relative_path(path, seeds)
        sha256 = fingerprints.sha256(path, relpath, settings.readers)
        if sha256 is not None:
            wanted.append((path, relpath, sha256))
    found = trails.find_entries((relpath, sha256) for _, relpath, sha256 in wanted)
    for (path, relpath, _), entry in zip(wanted, found, strict=True):
        if entry is not None:
            known[path], digests[relpath] = entry
    return known, digests


def known_facts(known: dict[StorePath, FileTrail], step: str) -> dict[str, Any]:
    """The facts the known files' documents gave `step` in the runs that left their trails."""
    return {
        doc_id: trail.facts[step]
        for file in known.values()
        for doc_id, trail in file.documents.items()
        if step in trail.facts
    }


def stale_files(
    known: dict[StorePath, FileTrail], step: CorpusStep, applied: Any
) -> list[StorePath]:
    """Removes from `known`, and returns, the files with a document the decision reaches
    otherwise than in the run that left its trail."""
    stale = [
        path
        for path, file in known.items()
        if any(
            trail.slices.get(step.name) != step.slice_for(applied, doc_id, trail.facts[step.name])
            for doc_id, trail in file.documents.items()
            if step.name in trail.facts
        )
    ]
    for path in stale:
        del known[path]
    return stale
