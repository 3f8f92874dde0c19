"""Symbolic links planted in a cleaned folder (a corpus unpacked from someone else's archive
keeps them): no run writes, truncates or deletes anything through one. A link where a file or
folder of ours should be is refused, naming it, or replaced where the name is ours to
replace; either way what it points to is left byte for byte as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsclean.cli import app
from newsclean.settings import Settings
from newsclean.store.diff import VersionLayout
from newsclean.store.location import PlantedLink, write_whole
from newsclean.store.marker import MARKER
from newsclean.store.row_cache import keep_layout
from newsclean.store.trails import CACHE_DIR, PACKS_DIR, TrailCache
from tests.conftest import SEEDS

runner = CliRunner()
EDITED = "004_5bc39d07cea0893f.txt"
PID = os.getpid()  # runs invoked here write their temporary names with this process's id


def _edited_seeds(tmp_path: Path) -> Path:
    """The seeds with one file edited: the next run writes a version, trails, fingerprints."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    edited = seeds / EDITED
    edited.write_text(edited.read_text() + "\n\nOne more closing paragraph of the article.")
    return seeds


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file under `folder` by name, with its bytes (a link: where it points)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = f"-> {os.readlink(path)}"
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


def _trail_name(cleaned: Path, seeds: Path) -> str:
    """The cache entry the run writes for the edited file."""
    sha256 = hashlib.sha256((seeds / EDITED).read_bytes()).hexdigest()
    key = TrailCache.for_corpus(cleaned, Settings()).key(EDITED, sha256)
    return f"{CACHE_DIR}/{key[:2]}/{key}.trail"


def _a_pack(cleaned: Path) -> str:
    """The pack holding the trails of the run that built the corpus."""
    [pack] = (cleaned / CACHE_DIR / PACKS_DIR).glob("*.pack")
    return pack.relative_to(cleaned).as_posix()


def _an_existing_trail_folder(cleaned: Path) -> str:
    return f"{CACHE_DIR}/" + next(p.name for p in (cleaned / CACHE_DIR).iterdir() if p.is_dir())


# Every name a run writes, truncates or deletes in a cleaned folder, and what is planted
# there: a link to a file, or to a folder, elsewhere.
PLANTED = [
    (".lock", "file"),
    (".write-test", "file"),
    (MARKER, "file"),
    (f"{MARKER}.{PID}.tmp", "file"),  # written when a corpus from before the marker is marked
    ("LATEST", "file"),
    (".tmp-LATEST", "file"),
    ("latest", "folder"),
    (".tmp-latest", "folder"),
    ("v0002", "folder"),
    (f".tmp-stage-{PID}", "folder"),
    (f".tmp-work-{PID}", "folder"),
    (CACHE_DIR, "folder"),
    ("<trail folder>", "folder"),
    ("<trail>", "file"),
    ("<trail>.tmp", "file"),
    (f"{CACHE_DIR}/{PACKS_DIR}", "folder"),
    ("<pack>", "file"),
    (f"{CACHE_DIR}/fingerprints.bin", "file"),
    (f"{CACHE_DIR}/fingerprints.bin.{PID}.tmp", "file"),
    ("v0001/documents/part-00000.jsonl", "file"),
    ("v0001/documents", "folder"),
]


@pytest.mark.parametrize(("name", "kind"), PLANTED)
def test_ingest_writes_and_deletes_nothing_through_a_planted_link(built, tmp_path, name, kind):
    seeds = _edited_seeds(tmp_path)
    cleaned = tmp_path / "cleaned"
    shutil.copytree(built, cleaned, symlinks=True)
    if name == f"{MARKER}.{PID}.tmp":
        (cleaned / MARKER).unlink()
    name = name.replace("<trail folder>", _an_existing_trail_folder(cleaned))
    name = name.replace("<trail>.tmp", f"{_trail_name(cleaned, seeds)}.{PID}.tmp")
    name = name.replace("<trail>", _trail_name(cleaned, seeds))
    name = name.replace("<pack>", _a_pack(cleaned))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    planted = cleaned / name
    planted.parent.mkdir(parents=True, exist_ok=True)
    if kind == "file":
        target = outside / "victim"
        # a copy of what the name holds, where it holds anything: a run that reads it
        # through the link finds what it expects
        target.write_bytes(planted.read_bytes() if planted.is_file() else b"precious\n")
        target.chmod(0o644)
        if os.path.lexists(planted):
            planted.unlink()
    else:
        target = outside / "victims"
        if planted.is_symlink():
            target.mkdir()
            planted.unlink()
        elif planted.is_dir():
            shutil.copytree(planted, target)
            shutil.rmtree(planted)
        else:
            target.mkdir()
        # names a sweep of the cache or of temporaries would take for its own
        (target / "fingerprints.bin").write_bytes(b"theirs")
        (target / f"fingerprints.bin.{PID}.tmp").write_bytes(b"theirs")
        (target / ("0" * 64 + ".trail")).write_bytes(b"theirs")
        (target / ("0" * 64 + ".pack")).write_bytes(b"theirs")
        (target / ("documents-rows." + "0" * 64 + ".msgpack")).write_bytes(b"theirs")
    planted.symlink_to(target, target_is_directory=kind == "folder")
    before = _snapshot(outside)

    result = runner.invoke(app, ["ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)])

    assert _snapshot(outside) == before
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code:
        assert result.exit_code == 1
        assert f"{planted} is a symbolic link" in result.output
        assert "Traceback" not in result.output
    else:
        assert "wrote" in result.output
        verified = runner.invoke(app, ["verify", "--cleaned", str(cleaned), "--version", "v0002"])
        assert verified.exit_code == 0, verified.output


@pytest.mark.parametrize("name", [".lock", MARKER, "LATEST"])
def test_prune_writes_nothing_through_a_planted_link(built, tmp_path, name):
    cleaned = tmp_path / "cleaned"
    shutil.copytree(built, cleaned, symlinks=True)
    target = tmp_path / "victim"
    target.write_bytes((cleaned / name).read_bytes() if (cleaned / name).is_file() else b"x\n")
    before = target.read_bytes()
    (cleaned / name).unlink(missing_ok=True)
    (cleaned / name).symlink_to(target)
    result = runner.invoke(app, ["prune", "--keep", "1", "--cleaned", str(cleaned)])
    assert result.exit_code == 1
    assert f"{cleaned / name} is a symbolic link" in result.output
    assert target.read_bytes() == before
    assert os.readlink(cleaned / name) == str(target)


def test_the_row_cache_writes_through_no_planted_link(tmp_path):
    """The row cache's names depend on the version's shards: written here directly."""
    cleaned = tmp_path / "cleaned"
    (cleaned / CACHE_DIR).mkdir(parents=True)
    key = "a" * 64
    entry = cleaned / CACHE_DIR / f"documents-rows.{key}.msgpack"
    victims = {}
    for name in (entry.name, f"{entry.name}.{PID}.tmp", f"documents-rows.{'b' * 64}.msgpack"):
        victims[name] = tmp_path / f"victim-{name}"
        victims[name].write_bytes(b"precious\n")
        (cleaned / CACHE_DIR / name).symlink_to(victims[name])
    keep_layout(cleaned, key, VersionLayout({"d": "h"}, {"d": 0}))
    assert all(victim.read_bytes() == b"precious\n" for victim in victims.values())
    assert not entry.is_symlink() and entry.read_bytes()


def test_a_planted_cache_folder_is_refused_before_anything_is_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cleaned = tmp_path / "cleaned"
    cleaned.mkdir()
    (cleaned / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(PlantedLink, match=f"{cleaned / CACHE_DIR} is a symbolic link"):
        TrailCache.for_corpus(cleaned, Settings())


def test_a_whole_file_write_replaces_a_link_it_may_replace_and_follows_none(tmp_path):
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    path = tmp_path / "ours"
    path.symlink_to(victim)
    path.with_name(f"ours.{PID}.tmp").symlink_to(victim)
    write_whole(path, b"new")
    assert victim.read_bytes() == b"precious\n"
    assert not path.is_symlink() and path.read_bytes() == b"new"
