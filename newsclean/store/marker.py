"""Which folders are newsclean corpora: a cleaned folder carries a marker file, written when
newsclean creates it. A run writes, locks and sweeps only a folder with the marker (or an
empty one, which it marks), so that `--cleaned` pointed at a folder of other files never
touches them."""

from __future__ import annotations

import json

from newsclean.store.location import StorePath, refuse_link, write_whole
from newsclean.store.versions import LATEST, MANIFEST, version_names

MARKER = ".newsclean"
_BODY = {"corpus": "newsclean", "format": 1}


class ForeignFolder(RuntimeError):
    """A cleaned folder that holds files and is not a newsclean corpus."""


def claim_corpus(cleaned: StorePath) -> bool:
    """Makes sure `cleaned` is a corpus newsclean may write: an existing corpus, or a new or
    empty folder, which gets the marker. A corpus from before the marker (LATEST naming a
    version with a manifest) is adopted: it gets the marker, and True is returned. Raises
    ForeignFolder for any other folder that holds files."""
    marker = cleaned / MARKER
    refuse_link(marker)
    if marker.is_file():
        if not _is_ours(marker):
            raise ForeignFolder(
                f"{marker} is not the marker newsclean writes; refusing to write to {cleaned}"
            )
        return False
    adopted = False
    if cleaned.is_dir() and any(cleaned.iterdir()):
        if not _is_unmarked_corpus(cleaned):
            raise ForeignFolder(
                f"{cleaned} holds files and is not a newsclean corpus (it has no {MARKER} "
                "file); refusing to write there: give a new or empty folder for --cleaned"
            )
        adopted = True
    cleaned.mkdir(parents=True, exist_ok=True)
    write_whole(marker, marker_bytes())
    return adopted


def require_corpus(cleaned: StorePath) -> None:
    """Raises ForeignFolder unless `cleaned` is an existing corpus (marked, or from before
    the marker), writing nothing: for commands that change a corpus but never start one
    (`prune`), which must not leave a lock in, or create, any other folder."""
    marker = cleaned / MARKER
    refuse_link(marker)
    if not cleaned.is_dir():
        raise ForeignFolder(f"{cleaned} does not exist or is not a folder: no corpus there")
    if marker.is_file():
        if not _is_ours(marker):
            raise ForeignFolder(
                f"{marker} is not the marker newsclean writes; refusing to change {cleaned}"
            )
        return
    if not _is_unmarked_corpus(cleaned):
        raise ForeignFolder(
            f"{cleaned} is not a newsclean corpus (it has no {MARKER} file); refusing to "
            "change anything there"
        )


def marker_bytes() -> bytes:
    return (json.dumps(_BODY, sort_keys=True) + "\n").encode()


def _is_ours(marker: StorePath) -> bool:
    try:
        body = json.loads(marker.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(body, dict) and body.get("corpus") == _BODY["corpus"]


def _is_unmarked_corpus(cleaned: StorePath) -> bool:
    """A corpus written before the marker existed: LATEST names a version with a manifest."""
    pointer = cleaned / LATEST
    if not pointer.is_file():
        return False
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return False
    return name in version_names(cleaned) and (cleaned / name / MANIFEST).is_file()
