"""Seeds and corpora named by fsspec URLs. The memory filesystem stands in for an object
store such as s3: no rename, no flock, objects written whole. It lives in this process, so
flows here run in-process with the default task runner."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner
from upath import UPath

from flows.ingest import ingest
from newsclean.cli import app
from newsclean.pipeline import batch_counts
from newsclean.readers.discover import discover
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.store.inputs import InputFile
from newsclean.store.location import store_path
from newsclean.store.lock import CorpusLocked, corpus_lock
from newsclean.store.marker import MARKER, claim_corpus
from newsclean.store.publish import corpus_files, publish
from newsclean.store.trails import CACHE_DIR, TrailCache
from newsclean.store.versions import (
    VersionError,
    folder_files,
    latest_version,
    load_version,
    remove_stale_temporaries,
    version_names,
)
from tests.conftest import SEEDS
from tests.test_store import _docs

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _memory(name: str) -> UPath:
    """A folder of its own on the process-wide memory filesystem."""
    return UPath(f"memory://{name}-{uuid.uuid4().hex[:12]}")


def _copy_seeds(target: UPath) -> None:
    for path in sorted(SEEDS.iterdir()):
        (target / path.name).write_bytes(path.read_bytes())


def _files(version: Path | UPath) -> dict[str, bytes]:
    return {name: (version / name).read_bytes() for name in folder_files(version)}


def _without_created(manifest: bytes) -> dict:
    loaded = json.loads(manifest)
    del loaded["created"]
    return loaded


@pytest.fixture(scope="module")
def local_version(tmp_path_factory) -> dict[str, bytes]:
    cleaned = tmp_path_factory.mktemp("local")
    assert ingest(seeds=str(SEEDS), cleaned=str(cleaned))["version"] == "v0001"
    return _files(cleaned / "v0001")


@pytest.fixture(scope="module")
def memory_corpus() -> tuple[UPath, UPath]:
    seeds, cleaned = _memory("seeds"), _memory("cleaned")
    _copy_seeds(seeds)
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert summary["version"] == "v0001"
    assert summary["cleaned"] == str(cleaned)
    return seeds, cleaned


def _assert_same_version(ours: dict[str, bytes], theirs: dict[str, bytes]) -> None:
    assert sorted(ours) == sorted(theirs)
    shard = {
        "documents/part-00000.jsonl",
        "documents/part-00000.parquet",
        "removed/part-00000.jsonl",
    }
    assert {*shard, "rejected.jsonl"} <= set(ours)
    for name in ours:
        if name == "manifest.json":
            assert _without_created(ours[name]) == _without_created(theirs[name])
        else:
            assert ours[name] == theirs[name], name


def test_a_memory_corpus_is_byte_identical_to_a_local_one(memory_corpus, local_version):
    _, cleaned = memory_corpus
    _assert_same_version(_files(cleaned / "v0001"), local_version)
    assert (cleaned / "LATEST").read_text() == "v0001\n"
    left = {path.name for path in cleaned.iterdir()}
    # the lock object and the work area are gone; the files' trails stay for the next run
    assert left == {MARKER, "LATEST", "v0001", CACHE_DIR}
    assert len(TrailCache.for_corpus(cleaned, Settings()).stored_keys()) == 5


def test_versions_and_show_read_a_memory_corpus(memory_corpus):
    _, cleaned = memory_corpus
    listed = _invoke("versions", "--cleaned", str(cleaned))
    assert listed.exit_code == 0
    [line] = [line for line in listed.output.splitlines() if "v000" in line]
    assert "v0001" in line and "ok" in line
    rows = [
        json.loads(line) for line in (cleaned / "v0001" / "documents" / "part-00000.jsonl").open()
    ]
    doc_id = next(r["id"] for r in rows if r["source"]["path"] == "002_c52e6ff163ec470b.txt")
    shown = _invoke("show", doc_id[:10], "--cleaned", str(cleaned))
    assert shown.exit_code == 0
    assert "Kazakhstan Russian Roulette" in shown.output
    assert "removed (" in shown.output


def test_a_second_run_on_a_memory_store_writes_nothing_then_an_edit_does(memory_corpus):
    seeds, cleaned = memory_corpus
    cache = cleaned / CACHE_DIR
    entries = sorted(p.name for p in cache.glob("*/*"))
    again = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert again["version"] is None and again["reused"] == 5
    assert version_names(cleaned) == ["v0001"]
    # every file's trail was used again, so the sweep after the run kept them all
    assert sorted(p.name for p in cache.glob("*/*")) == entries

    edited = seeds / "004_5bc39d07cea0893f.txt"
    edited.write_text(edited.read_text() + "\n\nOne more closing paragraph of the article.")
    third = _invoke("ingest", "--workers", "1", "--seeds", str(seeds), "--cleaned", str(cleaned))
    assert third.exit_code == 0, third.output
    assert f"wrote {cleaned}/v0002" in third.output
    assert version_names(cleaned) == ["v0001", "v0002"]
    assert latest_version(cleaned) == "v0002"
    change = _invoke("diff", "v0001", "v0002", "--cleaned", str(cleaned))
    assert change.exit_code == 0
    assert "changed (1)" in change.output and "added (0)" in change.output
    # the edited file's new trail is kept in a pack of its own; its old one stays in the
    # first run's pack, whose other four trails are still used, until most of it is swept
    assert len(list(cache.glob("packs/*.pack"))) == 2
    assert len(TrailCache.for_corpus(cleaned, Settings()).stored_keys()) == 6
    assert sorted(p.name for p in cache.glob("*/*")) != entries


def test_discover_and_read_give_the_same_paths_on_any_filesystem(tmp_path, settings):
    tree = {
        "b.txt": b"second",
        "a/z.txt": b"nested",
        "a/b/c.html": b"<p>deeper</p>",
        ".hidden.txt": b"left out",
        ".git/config": b"left out",
        "a/.cache/x.txt": b"left out",
    }
    remote = _memory("tree")
    for relpath, data in tree.items():
        (tmp_path / relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relpath).write_bytes(data)
        (remote / relpath).write_bytes(data)
    local_found = discover(tmp_path)
    remote_found = discover(remote)
    expected = ["a/b/c.html", "a/z.txt", "b.txt"]
    assert [p.relative_to(tmp_path).as_posix() for p in local_found] == expected
    assert [p.relative_to(remote).as_posix() for p in remote_found] == expected
    for local, there in zip(local_found, remote_found, strict=True):
        assert read_path(there, remote, settings.readers) == read_path(
            local, tmp_path, settings.readers
        )
    with pytest.raises(FileNotFoundError):
        discover(_memory("absent"))
    with pytest.raises(NotADirectoryError):
        discover(remote / "b.txt")


def test_a_remote_lock_refuses_a_second_holder_and_names_itself():
    cleaned = _memory("locked")
    claim_corpus(cleaned)  # as a run does before it locks
    with corpus_lock(cleaned):
        holder = (cleaned / ".lock").read_text()
        assert holder.startswith("host ") and " pid " in holder
        with (
            pytest.raises(CorpusLocked, match="being written by another newsclean run") as error,
            corpus_lock(cleaned),
        ):
            pass
        message = str(error.value)
        assert holder in message
        assert f"remove its lock object {cleaned / '.lock'}" in message
        result = _invoke("ingest", "--seeds", str(SEEDS), "--cleaned", str(cleaned))
        assert result.exit_code == 3
        assert f"{cleaned / '.lock'}" in result.output
    assert not (cleaned / ".lock").exists()
    assert version_names(cleaned) == []
    with corpus_lock(cleaned):  # free again once its holder let go
        pass


def _publish(cleaned: UPath, texts: tuple[str, ...], settings):
    docs = _docs(*texts)
    inputs = [InputFile(d.source.path, d.source.sha256, 10, 1, 0) for d in docs]
    return publish(
        cleaned,
        corpus_files(docs, [], {}),
        inputs=inputs,
        settings=settings,
        counts={"inputs": len(inputs), **batch_counts(docs, 0)},
        parent=latest_version(cleaned),
    )


def test_a_remote_version_without_manifest_is_not_a_version(settings):
    cleaned = _memory("crashed")
    assert _publish(cleaned, ("one", "two"), settings).version == "v0001"
    # what a run that died before writing the manifest leaves behind
    (cleaned / "v0002" / "documents" / "part-00000.jsonl").write_text("half written\n")
    (cleaned / ".tmp-work-1" / "batch-000000.pickle").write_bytes(b"x")
    assert version_names(cleaned) == ["v0001"]
    assert latest_version(cleaned) == "v0001"
    with pytest.raises(VersionError, match="no version v0002"):
        load_version(cleaned, "v0002")
    with corpus_lock(cleaned):
        assert remove_stale_temporaries(cleaned) == [".tmp-work-1", "v0002"]
    assert not (cleaned / "v0002").exists()

    (cleaned / "v0002" / "stray.json").write_text("{}")
    second = _publish(cleaned, ("one", "three"), settings)
    assert second.version == "v0002" and second.parent == "v0001"
    assert folder_files(cleaned / "v0002") == folder_files(cleaned / "v0001")
    assert latest_version(cleaned) == "v0002"
    (cleaned / "LATEST").write_text("v0003\n")
    (cleaned / "v0003" / "documents" / "part-00000.jsonl").write_text("half written\n")
    with pytest.raises(VersionError, match="names 'v0003', which is not a version"):
        latest_version(cleaned)


def test_file_urls_are_local_paths(tmp_path, local_version):
    assert store_path(f"file://{tmp_path}") == tmp_path
    assert type(store_path(f"file://{tmp_path}")) is type(tmp_path)
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    cleaned = tmp_path / "cleaned"
    result = _invoke(
        "ingest", "--workers", "1", "--seeds", f"file://{seeds}", "--cleaned", f"file://{cleaned}"
    )
    assert result.exit_code == 0, result.output
    _assert_same_version(_files(cleaned / "v0001"), local_version)
    assert (cleaned / ".lock").is_file()  # the flock file of a local folder
    listed = _invoke("versions", "--cleaned", f"file://{cleaned}")
    assert listed.exit_code == 0 and "v0001" in listed.output
