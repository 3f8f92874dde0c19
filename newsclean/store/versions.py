"""The versioned corpus on disk: `cleaned/v0001/`, `cleaned/v0002/`, … and `cleaned/LATEST`.

In a local folder a version is written into a temporary folder beside the others and
renamed into place only when complete, then LATEST is replaced atomically: a crash at any
point leaves the earlier versions and LATEST as they were. Object stores have no atomic
rename, so there a version is written in place and is complete only once its manifest is
written, which comes after every other file; LATEST is written last. Readers ignore a version
folder without a manifest, and the next run removes it. Versions are never modified once
written: on a local disk their files are published read-only (0444), since versions share
unchanged files through hard links and a write to one would change every version holding it.
The manifest gives each file's size too (`bytes`), for a check cheaper than hashing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Collection, Mapping
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from newsclean.store.location import (
    StorePath,
    is_link,
    is_local,
    is_real_folder,
    open_for_writing,
    refuse_link,
    remove,
)

LATEST = "LATEST"
MANIFEST = "manifest.json"
LATEST_LINK = "latest"  # a symbolic link to the folder LATEST names, where links exist
REJECTED = "rejected.jsonl"
_VERSION_NAME = re.compile(r"^v(\d{4,})$")
TEMP_PREFIX = ".tmp-"
# Exactly the temporary names runs write in a cleaned folder (see stage_version,
# WorkArea.create, commit_version, location.write_whole, prune): nothing else is ever swept.
_TEMPORARY_NAME = re.compile(
    r"^(\.tmp-(stage-\d+|work-\d+|LATEST|latest|pruned-v\d{4,})|\.newsclean\.\d+\.tmp)$"
)
PRUNED_PREFIX = f"{TEMP_PREFIX}pruned-"  # a version being removed, renamed out of the way


class VersionError(RuntimeError):
    """A version that does not exist, or whose files do not match its manifest."""


def version_names(cleaned: StorePath) -> list[str]:
    """Complete versions, oldest first."""
    if is_local(cleaned):
        if not cleaned.is_dir():
            return []
        # a link to a folder elsewhere is no version of this corpus, whatever it holds
        names = [p.name for p in cleaned.iterdir() if _VERSION_NAME.match(p.name)]
        names = [name for name in names if is_real_folder(cleaned / name)]
    else:
        # one listing; a folder whose manifest is not written yet is not a version
        names = [p.parent.name for p in cleaned.glob(f"v*/{MANIFEST}")]
        names = [name for name in names if _VERSION_NAME.match(name)]
    return sorted(names, key=lambda n: int(n[1:]))


def _is_version(cleaned: StorePath, name: str) -> bool:
    if is_local(cleaned):
        return is_real_folder(cleaned / name)
    return (cleaned / name / MANIFEST).is_file()


def latest_version(cleaned: StorePath) -> str | None:
    pointer = cleaned / LATEST
    refuse_link(pointer)
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    if not _VERSION_NAME.match(name) or not _is_version(cleaned, name):
        raise VersionError(f"{pointer} names {name!r}, which is not a version in {cleaned}")
    return name


def next_version_name(cleaned: StorePath) -> str:
    names = version_names(cleaned)
    name = f"v{int(names[-1][1:]) + 1 if names else 1:04d}"
    refuse_link(cleaned / name)  # a link under a version's name is no version of ours
    return name


@dataclass(frozen=True)
class Version:
    name: str
    path: StorePath
    manifest: dict[str, Any]


def load_version(cleaned: StorePath, name: str | None = None) -> Version:
    """A version (LATEST by default), with its manifest read and checked."""
    if name is None:
        name = latest_version(cleaned)
        if name is None:
            if version_names(cleaned):
                raise VersionError(
                    f"{cleaned / LATEST} is missing; the next `newsclean ingest` takes the "
                    "newest version that verifies as the latest, or name a version"
                )
            raise VersionError(f"{cleaned} holds no version yet; run `newsclean ingest` first")
    if not _VERSION_NAME.match(name):
        raise VersionError(f"{name!r} is not a version name (expected v0001, v0002, …)")
    path = cleaned / name
    if not _is_version(cleaned, name):
        known = ", ".join(version_names(cleaned)) or "none"
        raise VersionError(f"no version {name} in {cleaned} (versions: {known})")
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise VersionError(f"version {name} is corrupt: cannot read {MANIFEST}: {error}") from None
    return Version(name, path, manifest)


def size_mismatches(version: Version) -> list[str]:
    """The cheap check of a version, without reading its files: every file its manifest
    names is there, a file and not a link, with the size the manifest gives (versions
    written before sizes were kept: only there)."""
    outputs = version.manifest.get("outputs")
    if not isinstance(outputs, dict):
        return [f"{MANIFEST} names no outputs"]
    found = []
    for filename, expected in sorted(outputs.items()):
        target = version.path / filename
        if fault := _absence(target, filename) or _size_fault(target, filename, expected):
            found.append(fault)
    return found


def _absence(target: StorePath, filename: str) -> str | None:
    """Why a file the manifest names is not there as a file of the version, if it is not."""
    if is_local(target) and is_link(target):
        return f"{filename} is a symbolic link, not a file of the version"
    if not target.is_file():
        return f"{filename} is missing"
    return None


def _size_fault(target: StorePath, filename: str, expected: dict) -> str | None:
    """Why the file does not have the size the manifest gives, if it does not (versions
    written before sizes were kept give none)."""
    if "bytes" in expected and target.stat().st_size != expected["bytes"]:
        return f"{filename} does not have the {expected['bytes']} bytes of its manifest"
    return None


def verify(version: Version, hashed: Collection[str] = ()) -> None:
    """Raises VersionError unless every file matches the manifest (see `mismatches`)."""
    found = mismatches(version, hashed)
    if found:
        raise VersionError(f"version {version.name} is corrupt: {'; '.join(found)}")


def mismatches(version: Version, hashed: Collection[str] = ()) -> list[str]:
    """Every way the version's files differ from its manifest, one line per file: a file
    missing, a hash or a row count that differs, a file the manifest does not name. Files
    named in `hashed` were found to match just before (by `share_from_parent`) and are not
    read again."""
    outputs = version.manifest.get("outputs")
    if not isinstance(outputs, dict):
        return [f"{MANIFEST} names no outputs"]
    found = []
    for filename, expected in sorted(outputs.items()):
        target = version.path / filename
        if fault := _absence(target, filename):
            found.append(fault)
            continue
        if filename in hashed:
            continue
        sha256, lines = _sha256_and_lines(target)
        if sha256 != expected.get("sha256"):
            found.append(f"{filename} does not match its manifest's sha256")
        elif fault := _size_fault(target, filename, expected):
            found.append(fault)
        elif _rows(target, lines) != expected.get("rows"):
            found.append(
                f"{filename} does not have the {expected.get('rows')} rows of its manifest"
            )
    named = {*outputs, MANIFEST}
    unnamed = [name for name in folder_files(version.path) if name not in named]
    found += [f"{name} is not named in {MANIFEST}" for name in unnamed]
    return found


def folder_files(folder: StorePath) -> list[str]:
    """The files in a version folder and its subfolders, by their names relative to it
    (`documents/part-00000.jsonl`), sorted. A symbolic link is named as a file, never
    followed."""
    names = []
    pending = [(folder, "")]
    while pending:
        directory, prefix = pending.pop()
        for path in directory.iterdir():
            if is_real_folder(path):
                pending.append((path, f"{prefix}{path.name}/"))
            else:
                names.append(f"{prefix}{path.name}")
    return sorted(names)


def _sha256_and_lines(path: StorePath) -> tuple[str, int]:
    """The file's sha256 and its newlines, in one read."""
    digest = hashlib.sha256()
    lines = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
            lines += block.count(b"\n")
    return digest.hexdigest(), lines


def _rows(path: StorePath, lines: int) -> int | str | None:
    """The rows of a file whose bytes match its manifest's hash, to be compared with the
    manifest's count (a manifest edited by hand, or written by a faulty run)."""
    if path.suffix == ".jsonl":
        return lines
    try:
        return file_rows(path)
    except (OSError, ValueError) as error:
        return f"unreadable: {error}"


def adopt_parent(cleaned: StorePath) -> tuple[str | None, list[str]]:
    """The version a run builds on, and warnings to give. That is LATEST's, except:
    a version newer than LATEST that verifies (a run stopped between renaming it into place
    and naming it in LATEST) is adopted; without LATEST, the newest version that verifies
    is adopted rather than a new lineage started over the existing ones. LATEST is moved to
    an adopted version. A newer version that does not verify is left as it is, named in a
    warning. Raises VersionError when versions exist, LATEST does not and none verifies.
    Call only while holding the lock."""
    latest = latest_version(cleaned)
    newer = [
        name for name in version_names(cleaned) if latest is None or int(name[1:]) > int(latest[1:])
    ]
    warnings = []
    for name in reversed(newer):
        try:
            verify(load_version(cleaned, name))
        except VersionError as error:
            warnings.append(f"{error}; it is newer than LATEST and left as it is")
            continue
        if latest is None:
            warnings.append(
                f"{cleaned / LATEST} is missing though versions exist: {name}, the newest "
                "version that verifies, is taken as the latest"
            )
        else:
            warnings.append(
                f"{name} is complete but {cleaned / LATEST} names {latest} (a run stopped "
                f"before naming it): {name} is taken as the latest"
            )
        point_latest(cleaned, name)
        return name, warnings
    if latest is None and newer:
        raise VersionError(
            f"{cleaned / LATEST} is missing and no version in {cleaned} verifies "
            f"({'; '.join(warnings)}); write the name of the version to build on into "
            f"{cleaned / LATEST}, or move the versions away"
        )
    return latest, warnings


def remove_stale_temporaries(cleaned: StorePath) -> list[str]:
    """Temporary files left by runs that died mid-write, and on an object store the version
    folders they left without a manifest. Call only while holding the lock."""
    stale = [p for p in cleaned.iterdir() if _TEMPORARY_NAME.match(p.name)]
    if not is_local(cleaned):
        complete = set(version_names(cleaned))
        unfinished = (p for p in cleaned.glob("v*") if _VERSION_NAME.match(p.name))
        stale += [p for p in unfinished if p.name not in complete]
    stale.sort(key=lambda p: p.name)
    for path in stale:
        remove(path)
    return [p.name for p in stale]


def stage_version(cleaned: StorePath) -> StorePath:
    """A folder to write a version's files into: a temporary one beside the versions, or on
    an object store the next version's own folder, which counts only once it has a manifest
    (moving the files there would copy every byte again)."""
    if is_local(cleaned):
        staged = cleaned / f"{TEMP_PREFIX}stage-{os.getpid()}"
    else:
        staged = cleaned / next_version_name(cleaned)
        if staged.exists():  # left without a manifest by a run that died
            remove(staged)
    staged.mkdir(parents=True)
    return staged


def commit_version(cleaned: StorePath, staged: StorePath, name: str, manifest: dict) -> StorePath:
    """Adds the manifest to the staged files, makes them version `name` and points LATEST at
    it, its files read-only, their sizes added to the manifest. Call only while holding the
    corpus lock."""
    final = cleaned / name
    outputs = manifest.get("outputs", {})
    for filename in folder_files(staged):
        path = staged / filename
        size = _seal(path) if is_local(path) else path.fs.size(path.path)
        if filename in outputs:
            outputs[filename] = {**outputs[filename], "bytes": size}
    data = (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    if not is_local(cleaned):
        if staged.name != name:
            for path in staged.iterdir():
                staged.fs.mv(path.path, (final / path.name).path)
            remove(staged)
        (final / MANIFEST).write_bytes(data)
        point_latest(cleaned, name)
        return final
    for path in staged.iterdir():
        if path.is_dir():
            fsync_dir(path)
    _write_durably(staged / MANIFEST, data)
    with suppress(OSError):
        os.chmod(staged / MANIFEST, 0o444)
    os.rename(staged, final)
    fsync_dir(cleaned)
    point_latest(cleaned, name)
    return final


def point_latest(cleaned: StorePath, name: str) -> None:
    """Names version `name` in LATEST, atomically."""
    if not is_local(cleaned):
        (cleaned / LATEST).write_bytes(f"{name}\n".encode())  # an object is replaced whole
        return
    pointer = cleaned / f"{TEMP_PREFIX}{LATEST}"
    _write_durably(pointer, f"{name}\n".encode())
    os.replace(pointer, cleaned / LATEST)
    _point_latest_link(cleaned, name)
    fsync_dir(cleaned)


def _point_latest_link(cleaned: Path, name: str) -> None:
    """Points the `latest` link at version `name`, atomically (a new link renamed over the
    old one). Where the filesystem has no symbolic links, LATEST alone names it."""
    final = cleaned / LATEST_LINK
    if os.path.lexists(final) and not final.is_symlink():
        return  # a file or folder of someone else's: never replaced
    link = cleaned / f"{TEMP_PREFIX}{LATEST_LINK}"
    try:
        link.unlink(missing_ok=True)
        os.symlink(name, link, target_is_directory=True)
        os.replace(link, final)
    except OSError:
        link.unlink(missing_ok=True)


def write_version(
    cleaned: StorePath, name: str, files: Mapping[str, bytes], manifest: dict
) -> StorePath:
    """Writes the files and the manifest as version `name`, atomically."""
    staged = stage_version(cleaned)
    for filename, data in sorted(files.items()):
        _write_durably(staged / filename, data)
    return commit_version(cleaned, staged, name, manifest)


def file_sha256(path: StorePath) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_rows(path: StorePath) -> int | None:
    """Rows of a data file: lines of JSONL, items of a JSON list, rows of Parquet."""
    if path.suffix == ".jsonl":
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    if path.suffix == ".json":
        with path.open("rb") as handle:
            is_list = handle.read(64).lstrip().startswith(b"[")
        # only a list has rows; an object (furniture.json) is not parsed just to learn that
        return len(json.loads(path.read_bytes())) if is_list else None
    if path.suffix == ".parquet":
        with path.open("rb") as handle:
            return pq.ParquetFile(handle).metadata.num_rows
    return None


def _seal(path: Path) -> int:
    """Makes a staged file durable and read-only; returns its size. A link is refused: a
    version holds only its own files."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
        with suppress(OSError):  # a filesystem without modes (FAT, some mounts) keeps its own
            os.fchmod(descriptor, 0o444)
        return os.fstat(descriptor).st_size
    finally:
        os.close(descriptor)


def _write_durably(path: StorePath, data: bytes) -> None:
    if not is_local(path):
        path.write_bytes(data)  # an object store's write is complete when it returns
        return
    with open_for_writing(path) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def share_from_parent(
    parent: StorePath, parent_outputs: Mapping[str, Any], name: str, sha256: str, target: StorePath
) -> bool:
    """Replaces the file `name` written in `target` (whose sha256 is `sha256`) by a hard link
    to the parent version's file of that name, when the parent's manifest gives that hash
    and the parent's file, hashed again, still holds it: a damaged file is never shared.
    On an object store, or where no link can be made (another device), the written file
    stays. Returns True when the file is shared."""
    expected = parent_outputs.get(name, {}).get("sha256")
    source, sink = parent / name, target / name
    if expected != sha256 or not (is_local(source) and is_local(sink)):
        return False
    try:
        found = os.lstat(source)
        if not stat.S_ISREG(found.st_mode):
            return False  # a link planted in the parent is never shared into a version
        inode = found.st_ino
        with suppress(FileNotFoundError):  # a file not written yet, to be linked alone
            if os.stat(sink).st_ino == inode:
                return True
        if file_sha256(source) != expected:
            return False
        link = sink.with_name(f"{sink.name}.link")
        os.link(source, link)
        os.replace(link, sink)
    except OSError:
        return False
    return True
