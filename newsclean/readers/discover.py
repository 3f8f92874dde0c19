"""The input files of a run: every regular file under the seeds folder, in a fixed order."""

from __future__ import annotations

import os
from pathlib import Path


def discover(seeds: Path) -> list[Path]:
    """Every regular file under `seeds`, recursively, sorted by relative POSIX path. Hidden
    files and folders (name starting with ".") are left out, as are symlinked folders, which
    could loop or lead outside the seeds."""
    if not seeds.exists():
        raise FileNotFoundError(f"seeds folder {seeds} does not exist")
    if not seeds.is_dir():
        raise NotADirectoryError(f"seeds folder {seeds} is not a directory")
    found: list[tuple[str, Path]] = []
    for folder, dirnames, filenames in os.walk(seeds):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(folder, name)
            if not name.startswith(".") and path.is_file():
                found.append((path.relative_to(seeds).as_posix(), path))
    return [path for _, path in sorted(found)]
