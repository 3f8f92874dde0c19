"""Versions are never modified once written: their files are published read-only (versions
share unchanged files through hard links), and `open_version` refuses a version whose files
no longer match its manifest."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsclean
from flows.ingest import ingest
from newsclean.cli import app
from newsclean.store.versions import VersionError, load_version, verify, version_names
from tests.test_shards import _article

runner = CliRunner()
SHARD = "documents/part-00000.parquet"


def _modes(version: Path) -> set[int]:
    return {stat.S_IMODE(p.lstat().st_mode) for p in version.rglob("*") if p.is_file()}


def test_every_file_of_a_version_is_published_read_only(two_versions_built):
    _, cleaned = two_versions_built
    for name in version_names(cleaned):
        assert _modes(cleaned / name) == {0o444}
    shared = [p for p in (cleaned / "v0002").rglob("*") if p.is_file() and p.stat().st_nlink > 1]
    assert shared  # the hard links the read-only files protect


def test_the_manifest_gives_every_files_size(two_versions_built):
    _, cleaned = two_versions_built
    version = load_version(cleaned, "v0002")
    for name, entry in version.manifest["outputs"].items():
        assert entry["bytes"] == (cleaned / "v0002" / name).stat().st_size


def test_open_version_refuses_a_version_whose_file_grew(two_versions):
    _, cleaned = two_versions
    newsclean.open_version(cleaned, "v0001")  # whole: opened
    shard = cleaned / "v0001" / SHARD
    shard.chmod(0o644)
    with shard.open("ab") as handle:  # what the read-only mode is there to stop
        handle.write(b"appended")
    with pytest.raises(VersionError, match=f"v0001 does not verify: {SHARD} does not have the"):
        newsclean.open_version(cleaned, "v0001")
    with pytest.raises(VersionError, match=f"{SHARD} does not match its manifest's sha256"):
        verify(load_version(cleaned, "v0001"))


def test_open_version_reads_every_hash_on_request(two_versions):
    _, cleaned = two_versions
    shard = cleaned / "v0002" / SHARD
    data = bytearray(shard.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, other bytes
    shard.unlink()  # the parent shares the inode: a new file, as an editor would write
    shard.write_bytes(bytes(data))
    assert newsclean.open_version(cleaned, "v0002") is not None  # the cheap check passes
    with pytest.raises(VersionError, match=f"{SHARD} does not match its manifest's sha256"):
        newsclean.open_version(cleaned, "v0002", check="hashes")
    with pytest.raises(VersionError, match=f"{SHARD} is missing"):
        (cleaned / "v0001" / SHARD).unlink()
        newsclean.open_version(cleaned, "v0001")


def test_runs_unchanged_runs_and_prune_work_over_read_only_versions(two_versions):
    seeds, cleaned = two_versions
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] is None  # unchanged
    (seeds / "extra-1.txt").write_text(_article(1))
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0003"
    assert _modes(cleaned / "v0003") == {0o444}
    result = runner.invoke(app, ["prune", "--keep", "1", "--cleaned", str(cleaned)])
    assert result.exit_code == 0, result.output
    assert version_names(cleaned) == ["v0003"]
    assert not [p for p in cleaned.iterdir() if p.name.startswith(".tmp-")]
    verify(load_version(cleaned, "v0003"))
    assert os.access(cleaned / "v0003" / "manifest.json", os.R_OK)
