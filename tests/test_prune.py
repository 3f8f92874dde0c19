"""`newsclean prune` that is killed midway, pointed at a folder that is no corpus, or run after
a crash between writing LATEST and the `latest` link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.ingest import ingest
from newsclean.cli import app
from newsclean.store.marker import MARKER
from newsclean.store.versions import version_names
from tests.test_shards import _article

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


class Killed(BaseException):
    """The process ending where it stands (nothing after it runs)."""


def test_a_prune_killed_while_deleting_a_version_leaves_every_version_whole(
    two_versions, monkeypatch
):
    seeds, cleaned = two_versions

    def killed_midway(path: Path) -> None:
        (path / "manifest.json").unlink()  # the deletion had got this far
        raise Killed

    monkeypatch.setattr("newsclean.store.prune.remove", killed_midway)
    with pytest.raises(Killed):
        _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    monkeypatch.undo()

    listed = _invoke("versions", "--cleaned", str(cleaned))
    assert listed.exit_code == 0, listed.output
    assert version_names(cleaned) == ["v0002"]
    pruned = _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    assert pruned.exit_code == 0, pruned.output
    assert sorted(p.name for p in cleaned.iterdir() if p.name.startswith(".tmp-")) == []
    (seeds / "extra-1.txt").write_text(_article(1))
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0003"
    assert _invoke("verify", "--cleaned", str(cleaned)).exit_code == 0


def test_a_run_sweeps_what_a_killed_prune_left(two_versions, monkeypatch):
    seeds, cleaned = two_versions
    monkeypatch.setattr("newsclean.store.prune.remove", lambda path: (_ for _ in ()).throw(Killed))
    with pytest.raises(Killed):
        _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    monkeypatch.undo()
    assert (cleaned / ".tmp-pruned-v0001").is_dir()
    (seeds / "extra-1.txt").write_text(_article(1))
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0003"
    assert not (cleaned / ".tmp-pruned-v0001").exists()


@pytest.mark.parametrize("folder", ["missing", "missing/deeper", "empty", "foreign"])
def test_prune_writes_nothing_in_a_folder_that_is_not_a_corpus(tmp_path, folder):
    cleaned = tmp_path / folder
    if folder == "empty":
        cleaned.mkdir()
    if folder == "foreign":
        cleaned.mkdir()
        (cleaned / "notes.txt").write_text("mine")
        (cleaned / "v0001").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    assert result.exit_code == 1
    assert str(cleaned) in result.output and "corpus" in result.output
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_prune_refuses_a_folder_with_a_marker_not_ours(tmp_path):
    cleaned = tmp_path / "cleaned"
    cleaned.mkdir()
    (cleaned / MARKER).write_text("someone else's")
    result = _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    assert result.exit_code == 1 and "is not the marker newsclean writes" in result.output
    assert sorted(p.name for p in cleaned.iterdir()) == [MARKER]


def test_prune_keeps_the_version_latest_links_to_when_latest_names_another(two_versions):
    """A run stopped between writing LATEST and moving the `latest` link leaves them apart:
    both versions are kept, and the link is never left dangling."""
    _, cleaned = two_versions
    (cleaned / "latest").unlink()
    os.symlink("v0001", cleaned / "latest", target_is_directory=True)
    result = _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    assert result.exit_code == 0, result.output
    assert "kept v0001, v0002" in result.output
    assert version_names(cleaned) == ["v0001", "v0002"]
    assert (cleaned / "latest" / "manifest.json").is_file()


def test_a_link_planted_at_the_name_prune_renames_to_is_removed_not_followed(
    two_versions, tmp_path
):
    _, cleaned = two_versions
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "manifest.json").write_text("theirs")
    (cleaned / ".tmp-pruned-v0001").symlink_to(elsewhere, target_is_directory=True)
    result = _invoke("prune", "--keep", "1", "--cleaned", str(cleaned))
    assert result.exit_code == 0, result.output
    assert version_names(cleaned) == ["v0002"]
    assert [p.name for p in elsewhere.iterdir()] == ["manifest.json"]
    assert (elsewhere / "manifest.json").read_text() == "theirs"
