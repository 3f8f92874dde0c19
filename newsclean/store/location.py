"""Where seeds and corpora live: a local folder, or a folder on any fsspec filesystem named
by URL (`s3://bucket/cleaned`, `memory://cleaned`), so that the workers of a cluster on
several machines can share them.

Local folders keep the guarantees of a POSIX filesystem (atomic rename, fsync, flock) and
are handled as plain `pathlib.Path`s; other filesystems are reached through `UPath`, which
has the same API, and get the guarantees an object store can give (see versions.py, lock.py).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from fsspec.core import split_protocol
from upath import UPath

# A local folder, or a folder on another filesystem.
StorePath = Path | UPath

_LOCAL_PROTOCOLS = {None, "file", "local"}


def store_path(location: str | os.PathLike[str]) -> StorePath:
    """The folder at `location`: a plain path or a file:// URL gives a local `Path`, any
    other URL a `UPath` on that URL's filesystem."""
    text = os.fspath(location)
    protocol, _ = split_protocol(text)
    if protocol is None:
        return Path(text)
    upath = UPath(text)
    return Path(upath.path) if protocol in _LOCAL_PROTOCOLS else upath


def is_local(path: StorePath) -> bool:
    """True for a folder of the local filesystem, where os-level guarantees apply."""
    return isinstance(path, Path)


def absolute(path: StorePath) -> str:
    """The location as a run elsewhere (a scheduled deployment) must be given it."""
    return str(path.resolve()) if is_local(path) else str(path)


def write_whole(path: StorePath, data: bytes) -> None:
    """Writes `data` to `path` so that no reader ever sees part of it: on a local disk
    through a temporary file beside it (named `<name>.<pid>.tmp`) and a rename; an object
    store makes an object visible only once whole."""
    if not is_local(path):
        path.write_bytes(data)
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def remove(path: StorePath) -> None:
    """Removes a file, or a folder with everything in it."""
    if not is_local(path):
        path.fs.rm(path.path, recursive=True)
    elif path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
