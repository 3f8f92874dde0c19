"""Where seeds and corpora live: a local folder, or a folder on any fsspec filesystem named
by URL (`s3://bucket/cleaned`, `memory://cleaned`), so that the workers of a cluster on
several machines can share them.

Local folders keep the guarantees of a POSIX filesystem (atomic rename, fsync, flock) and
are handled as plain `pathlib.Path`s; other filesystems are reached through `UPath`, which
has the same API, and get the guarantees an object store can give (see versions.py, lock.py).
"""

from __future__ import annotations

import errno
import os
import posixpath
import shutil
import stat
from pathlib import Path
from typing import BinaryIO

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


class PlantedLink(ValueError):
    """A symbolic link in a cleaned folder where newsclean keeps a file or folder of its
    own: following it would write or delete outside the folder."""


def _planted(path: StorePath) -> PlantedLink:
    return PlantedLink(
        f"{path} is a symbolic link where newsclean keeps a file or folder of its own; "
        "refusing to follow it out of the cleaned folder (remove the link and run again)"
    )


def open_for_writing(path: StorePath, *, append: bool = False) -> BinaryIO:
    """Opens a file of the cleaned folder for writing (truncated, or appended to), created
    if missing. On a local disk a symbolic link in its place is never followed: PlantedLink
    is raised."""
    if not is_local(path):
        handle: BinaryIO = path.open("ab" if append else "wb")
        return handle
    flags = os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    flags |= os.O_APPEND if append else os.O_TRUNC
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise _planted(path) from None
        raise
    return os.fdopen(descriptor, "ab" if append else "wb")


def own_folder(path: StorePath) -> None:
    """Makes sure the folder newsclean keeps at `path` (created if missing, with its
    parents) is a folder, not a symbolic link to one elsewhere: PlantedLink otherwise."""
    if not is_local(path):
        path.mkdir(parents=True, exist_ok=True)
        return
    if not os.path.lexists(path):
        path.mkdir(parents=True, exist_ok=True)
    refuse_link(path)


def refuse_link(path: StorePath) -> None:
    """Raises PlantedLink if `path` is a symbolic link (a file or folder of ours is not)."""
    if is_local(path) and is_link(path):
        raise _planted(path)


def is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return False


def is_real_folder(path: StorePath) -> bool:
    """A folder, not a symbolic link to one (on a local disk)."""
    if not is_local(path):
        return bool(path.is_dir())
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def write_whole(path: StorePath, data: bytes) -> None:
    """Writes `data` to `path` so that no reader ever sees part of it: on a local disk
    through a temporary file beside it (named `<name>.<pid>.tmp`: whatever has that name is
    removed, a link too, never followed) and a rename, which replaces a link at `path`
    rather than follow it; an object store makes an object visible only once whole."""
    if not is_local(path):
        path.write_bytes(data)
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)  # ours, left by a run that died, or a link in its place
    with open_for_writing(temporary) as handle:
        handle.write(data)
    os.replace(temporary, path)


def remove(path: StorePath) -> None:
    """Removes a file, or a folder with everything in it."""
    if not is_local(path):
        path.fs.rm(path.path, recursive=True)
    elif path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


class OverlappingFolders(ValueError):
    """The seeds and cleaned folders are the same, or one lies inside the other."""


def refuse_overlap(seeds: StorePath, cleaned: StorePath) -> None:
    """A run must never read its own output as input, nor write (and sweep) among its
    seeds."""
    if overlap(seeds, cleaned):
        raise OverlappingFolders(
            f"the seeds folder {seeds} and the cleaned folder {cleaned} overlap (one is, or "
            "lies inside, the other); give folders apart from each other"
        )


def overlap(first: StorePath, second: StorePath) -> bool:
    """True when the two folders are the same or one lies inside the other: local folders
    compared by their real paths (links resolved), others by their normalised URLs."""
    if is_local(first) != is_local(second):
        return False
    if is_local(first):
        a, b = first.resolve(), second.resolve()
        return a == b or a in b.parents or b in a.parents
    (protocol_a, a), (protocol_b, b) = _normalised(first), _normalised(second)
    return protocol_a == protocol_b and (_within(a, b) or _within(b, a))


def _normalised(path: UPath) -> tuple[str, str]:
    """The URL's protocol and its path, without `.`, `..`, doubled or trailing slashes."""
    return (path.protocol or "").lower(), posixpath.normpath("/" + path.path.strip("/"))


def _within(inner: str, outer: str) -> bool:
    return inner == outer or inner.startswith(outer.rstrip("/") + "/")
