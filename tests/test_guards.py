"""A run that would remove most of the corpus is warned about (or refused, when asked), and
`versions` tells the whole truth: a LATEST naming no version fails it, and a fault is named
in full however narrow or piped the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.ingest import ingest
from newsclean.cli import app
from newsclean.store.publish import MassRemoval
from newsclean.store.versions import version_names
from tests.conftest import SEEDS
from tests.test_shards import _article

runner = CliRunner()


def _other_seeds(tmp_path: Path) -> Path:
    """Another seeds folder: one article, none of the corpus's."""
    seeds = tmp_path / "other-seeds"
    seeds.mkdir()
    (seeds / "other.txt").write_text(_article(2))
    return seeds


def test_a_run_that_removes_most_documents_is_warned_about(cleaned, tmp_path, caplog):
    summary = ingest(seeds=str(_other_seeds(tmp_path)), cleaned=str(cleaned))
    assert summary["version"] == "v0002"
    assert "the result lacks 5 of the 5 documents of v0001 (100%" in caplog.text


def test_a_run_that_removes_most_documents_is_refused_when_asked(cleaned, tmp_path):
    settings = tmp_path / "s.toml"
    settings.write_text("refuse_mass_removal = true\n")
    seeds = _other_seeds(tmp_path)
    with pytest.raises(MassRemoval, match="lacks 5 of the 5 documents of v0001"):
        ingest(seeds=str(seeds), cleaned=str(cleaned), settings_file=str(settings))
    assert version_names(cleaned) == ["v0001"]
    assert (cleaned / "LATEST").read_text() == "v0001\n"
    assert not [p for p in cleaned.iterdir() if p.name.startswith(".tmp-")]
    result = runner.invoke(
        app,
        [
            "ingest",
            "--seeds",
            str(seeds),
            "--cleaned",
            str(cleaned),
            "--settings",
            str(settings),
        ],
    )
    assert result.exit_code == 1
    assert "no version written (refuse_mass_removal is set" in result.output


def test_a_run_that_removes_a_few_documents_is_not_warned_about(cleaned, tmp_path, caplog):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    (seeds / sorted(p.name for p in seeds.iterdir())[0]).unlink()  # 1 of 5
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    assert "the result lacks" not in caplog.text


def test_versions_fails_when_latest_names_a_missing_version(cleaned):
    (cleaned / "LATEST").write_text("v0007\n")
    result = runner.invoke(app, ["versions", "--cleaned", str(cleaned)])
    assert result.exit_code == 1
    assert "names 'v0007', which is not a version" in result.output


def test_versions_names_a_fault_in_full_when_piped(cleaned):
    shard = cleaned / "v0001" / "removed" / "part-00000.jsonl"
    shard.chmod(0o644)
    shard.write_text("{}\n")
    result = runner.invoke(app, ["versions", "--cleaned", str(cleaned)])  # not a terminal
    assert result.exit_code == 1
    assert "removed/part-00000.jsonl does not match its manifest's sha256" in result.output
