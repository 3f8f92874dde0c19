"""The input files of a run: every entry under the seeds folder that is not a folder, in a
fixed order. What cannot be read (a FIFO, a link, a folder that could not be listed) is
listed too, so that reading it turns it into a rejection instead of a silent gap."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from newsclean.store.location import StorePath, is_local


def discover(seeds: StorePath) -> list[StorePath]:
    """Every entry under `seeds` that is not a real folder, recursively, sorted by relative
    POSIX path: regular files, but also symbolic links, FIFOs and devices, and the folders
    that could not be listed, for `read_path` to reject with their reason. Hidden files and
    folders (name starting with ".") are left out; folders behind symbolic links are not
    walked (they could loop or lead outside the seeds). `seeds` may be a folder on any
    fsspec filesystem; the order depends only on the relative paths, so it is the same
    wherever the files are."""
    if not seeds.exists():
        raise FileNotFoundError(f"seeds folder {seeds} does not exist")
    if not seeds.is_dir():
        raise NotADirectoryError(f"seeds folder {seeds} is not a directory")
    found = _local_files(seeds) if is_local(seeds) else _remote_files(seeds)
    return [seeds / relpath for relpath in sorted(found)]


def relative_path(path: StorePath, seeds: StorePath) -> str:
    """`path` relative to the seeds folder, POSIX, as it appears in the output. A name that
    is not UTF-8 comes from os.walk with its bad bytes as lone surrogates, which no UTF-8
    output can hold: those bytes are written backslash-escaped (`caf\\xe9.txt`)."""
    return printable(path.relative_to(seeds).as_posix())


def printable(name: str) -> str:
    """A local file name as UTF-8 can hold it: bytes that are not UTF-8 backslash-escaped."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _local_files(seeds: Path) -> list[str]:
    found: list[str] = []
    unlisted: list[OSError] = []
    for folder, dirnames, filenames in os.walk(seeds, onerror=unlisted.append):
        kept = []
        for name in dirnames:
            if name.startswith("."):
                continue
            if Path(folder, name).is_symlink():  # walked into, it could loop or leave
                filenames.append(name)
            else:
                kept.append(name)
        dirnames[:] = kept
        found += [
            Path(folder, name).relative_to(seeds).as_posix()
            for name in filenames
            if not name.startswith(".")
        ]
    # os.walk passes over a folder it cannot list; the folder stands for its lost files
    for error in unlisted:
        folder = Path(error.filename)
        if folder == Path(seeds):
            raise OSError(f"seeds folder {seeds} cannot be listed ({error.strerror})")
        found.append(folder.relative_to(seeds).as_posix())
    return found


def _remote_files(seeds: StorePath) -> list[str]:
    """One recursive listing; object stores have neither symlinks nor special files."""
    root = PurePosixPath(seeds.path)
    found: list[str] = []
    for name, info in seeds.fs.find(seeds.path, detail=True).items():
        relpath = PurePosixPath(name).relative_to(root)
        if info["type"] == "file" and not any(part.startswith(".") for part in relpath.parts):
            found.append(relpath.as_posix())
    return found
