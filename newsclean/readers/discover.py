"""The input files of a run: every regular file under the seeds folder, in a fixed order."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from newsclean.store.location import StorePath, is_local


def discover(seeds: StorePath) -> list[StorePath]:
    """Every regular file under `seeds`, recursively, sorted by relative POSIX path. Hidden
    files and folders (name starting with ".") are left out, as are symlinked folders, which
    could loop or lead outside the seeds. `seeds` may be a folder on any fsspec filesystem;
    the order depends only on the relative paths, so it is the same wherever the files are."""
    if not seeds.exists():
        raise FileNotFoundError(f"seeds folder {seeds} does not exist")
    if not seeds.is_dir():
        raise NotADirectoryError(f"seeds folder {seeds} is not a directory")
    found = _local_files(seeds) if is_local(seeds) else _remote_files(seeds)
    return [seeds / relpath for relpath in sorted(found)]


def _local_files(seeds: Path) -> list[str]:
    found: list[str] = []
    for folder, dirnames, filenames in os.walk(seeds):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(folder, name)
            if not name.startswith(".") and path.is_file():
                found.append(path.relative_to(seeds).as_posix())
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
