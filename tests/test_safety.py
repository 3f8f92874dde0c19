"""What a run will and will not touch: only a folder that is a newsclean corpus (or a new,
empty one), never folders that overlap its seeds, only names it writes itself; caches that
cannot run code; versions checked against their manifests."""

from __future__ import annotations

import json
import pickle
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import msgpack
import pytest
from typer.testing import CliRunner

from flows.ingest import ingest
from newsclean.cli import app
from newsclean.describe.descriptions import DESCRIPTION_FILES
from newsclean.settings import Settings
from newsclean.store.inputs import input_rows
from newsclean.store.location import overlap, store_path
from newsclean.store.marker import MARKER, marker_bytes
from newsclean.store.records import UNREADABLE, packed, unpacked
from newsclean.store.row_cache import layout_key
from newsclean.store.trails import CACHE_DIR, TrailCache
from newsclean.store.versions import load_version, verify
from tests.conftest import SEEDS

runner = CliRunner()
EDITED = "004_5bc39d07cea0893f.txt"


def _writable(path: Path) -> Path:
    """A version file made writable, to be damaged: versions are published read-only."""
    if path.exists():
        path.chmod(0o644)
    return path


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _copies(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    shutil.copytree(built, cleaned)
    return seeds, cleaned


def _edit(seeds: Path) -> None:
    edited = seeds / EDITED
    edited.write_text(edited.read_text() + "\n\nOne more closing paragraph of the article.")


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# --- the cleaned folder is ours, or refused ---


def test_a_folder_that_is_not_a_corpus_is_refused_and_left_as_it_was(tmp_path):
    home = tmp_path / "home"
    (home / ".cache" / "hf").mkdir(parents=True)
    (home / ".cache" / "hf" / "token").write_text("t")
    (home / ".tmp-notes").write_text("mine")
    (home / ".write-test").write_text("mine too")
    (home / ".lock").write_text("my lock")
    before = _files(home)
    result = _invoke("ingest", "--seeds", str(SEEDS), "--cleaned", str(home))
    assert result.exit_code == 1
    assert f"{home} holds files and is not a newsclean corpus" in result.output
    assert _files(home) == before
    # the flow, as a deployment runs it, refuses too
    with pytest.raises(RuntimeError, match="is not a newsclean corpus"):
        ingest(seeds=str(SEEDS), cleaned=str(home))
    assert _files(home) == before


def test_a_new_folder_is_marked_as_a_corpus(built):
    assert json.loads((built / MARKER).read_text()) == {"corpus": "newsclean", "format": 1}


def test_the_repository_corpus_carries_the_marker():
    assert (SEEDS.parent / "cleaned" / MARKER).read_bytes() == marker_bytes()


def test_a_corpus_from_before_the_marker_is_adopted(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    (cleaned / MARKER).unlink()
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (summary["version"], summary["parent"]) == (None, "v0001")
    assert (cleaned / MARKER).is_file()


def test_sweeps_remove_only_the_names_runs_write(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    planted = {
        ".tmp-mine": "a user's file",
        ".tmp-stage-notes": "a user's file",
        ".cache/ab/readme.txt": "a user's file",
        ".cache/packs/readme.txt": "a user's file",
        ".cache/packs/0.pack": "a user's file",
        ".cache/hf/token": "a user's file",
        ".cache/documents-rows.mine": "a user's file",
        ".cache/fingerprints.bin.mine.tmp": "a user's file",
    }
    for name, text in planted.items():
        (cleaned / name).parent.mkdir(parents=True, exist_ok=True)
        (cleaned / name).write_text(text)
    left_by_a_killed_run = [cleaned / ".tmp-stage-999999", cleaned / ".tmp-work-999999"]
    for folder in left_by_a_killed_run:
        folder.mkdir()
    _edit(seeds)
    (seeds / "001_9ab1999b316cd6ca.txt").unlink()  # its trail is swept
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    for name, text in planted.items():
        assert (cleaned / name).read_text() == text, name
    assert not any(folder.exists() for folder in left_by_a_killed_run)
    assert len(TrailCache.for_corpus(cleaned, Settings()).stored_keys()) == 4


# --- seeds and cleaned apart ---


@pytest.mark.parametrize(
    ("seeds", "cleaned"),
    [("s", "s"), ("c/.tmp-incoming", "c"), ("s", "s/cleaned"), ("link", "s/cleaned")],
)
def test_overlapping_seeds_and_cleaned_folders_are_refused(tmp_path, seeds, cleaned):
    if seeds == "link":
        shutil.copytree(SEEDS, tmp_path / "s")
        (tmp_path / "link").symlink_to(tmp_path / "s")
    else:
        shutil.copytree(SEEDS, tmp_path / seeds)
    before = _files(tmp_path)
    result = _invoke(
        "ingest", "--seeds", str(tmp_path / seeds), "--cleaned", str(tmp_path / cleaned)
    )
    assert result.exit_code == 1
    assert "overlap" in result.output
    assert _files(tmp_path) == before


@pytest.mark.parametrize(
    ("first", "second", "overlapping"),
    [
        ("memory://a/b", "memory://a/b/", True),
        ("memory://a/b", "memory://a/b/c", True),
        ("memory://a//b/c/..", "memory://a/b", True),
        ("memory://a/b", "memory://a/bc", False),
        ("memory://a/b", "memory://a/c", False),
    ],
)
def test_overlap_of_urls(first, second, overlapping):
    assert overlap(store_path(first), store_path(second)) is overlapping
    assert overlap(store_path(second), store_path(first)) is overlapping


# --- caches cannot run code ---


class _Canary:
    """Unpickling it creates a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return open, (str(self.path), "w")


def test_planted_pickles_in_the_cache_run_no_code_and_the_run_goes_on(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    canary = tmp_path / "code-ran"
    payload = pickle.dumps(_Canary(canary))
    sha256 = layout_key(load_version(cleaned, "v0001").manifest["outputs"])
    cache = cleaned / CACHE_DIR
    trails = sorted(cache.glob("packs/*.pack"))
    assert len(trails) == 1
    for entry in [
        *trails,
        cache / f"documents-rows.{sha256}.pickle",
        cache / f"documents-rows.{sha256}.msgpack",
    ]:
        # a trail as older code kept it: the pickle's length, then the pickle
        entry.write_bytes(len(payload).to_bytes(8, "big") + payload + payload)
    _edit(seeds)
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert not canary.exists()
    assert (summary["version"], summary["reused"]) == ("v0002", 0)
    assert summary["change"]["changed"] and not summary["change"]["added"]
    # the damaged entries were written again, and serve the next run
    again = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (again["version"], again["reused"]) == (None, 5)
    assert not canary.exists()


# --- integrity ---


def test_verify_names_every_file_that_does_not_match(built, tmp_path):
    _, cleaned = _copies(built, tmp_path)
    result = _invoke("verify", "--cleaned", str(cleaned))
    assert result.exit_code == 0 and "v0001: ok" in result.output
    with _writable(cleaned / "v0001" / "removed" / "part-00000.jsonl").open("a") as handle:
        handle.write("{}\n")
    (cleaned / "v0001" / "documents" / "part-00000.parquet").unlink()
    (cleaned / "v0001" / "variants.json").unlink()
    _writable(cleaned / "v0001" / "documents" / "part-00001.jsonl").write_text("")
    (cleaned / "v0001" / "stray.txt").write_text("?")
    result = _invoke("verify", "--version", "v0001", "--cleaned", str(cleaned))
    assert result.exit_code == 1
    for problem in (
        "removed/part-00000.jsonl does not match its manifest's sha256",
        "documents/part-00000.parquet is missing",
        "variants.json is missing",
        "stray.txt is not named in manifest.json",
        "documents/part-00001.jsonl is not named in manifest.json",
    ):
        assert problem in result.output
    result = _invoke("versions", "--cleaned", str(cleaned))
    assert result.exit_code == 1
    assert "1 of 1 versions are corrupt" in result.output


def test_verify_checks_row_counts(built, tmp_path):
    _, cleaned = _copies(built, tmp_path)
    manifest_path = cleaned / "v0001" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    for shard in ("documents/part-00000.jsonl", "documents/part-00000.parquet"):
        manifest["outputs"][shard]["rows"] += 1
    manifest_path.write_text(json.dumps(manifest))
    rows = manifest["outputs"]["documents/part-00000.jsonl"]["rows"]
    result = _invoke("verify", "--cleaned", str(cleaned))
    assert result.exit_code == 1
    for shard in ("documents/part-00000.jsonl", "documents/part-00000.parquet"):
        assert f"{shard} does not have the {rows} rows of its manifest" in result.output


def test_ingest_over_a_corrupt_latest_writes_a_good_version(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    good = _files(cleaned / "v0001")
    with _writable(cleaned / "v0001" / "documents" / "part-00000.jsonl").open("a") as handle:
        handle.write("{}\n")
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (summary["version"], summary["parent"]) == ("v0002", "v0001")
    assert (cleaned / "LATEST").read_text() == "v0002\n"
    verify(load_version(cleaned, "v0002"))
    written = _files(cleaned / "v0002")
    # the same data; the manifest and the files describing the version name its parent
    described = {"manifest.json", *DESCRIPTION_FILES}
    assert {k: v for k, v in written.items() if k not in described} == {
        k: v for k, v in good.items() if k not in described
    }


def test_without_latest_the_newest_version_that_verifies_is_the_parent(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    _edit(seeds)
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    shutil.copytree(cleaned / "v0002", cleaned / "v0003")
    _writable(cleaned / "v0003" / "documents" / "part-00000.jsonl").write_text("")  # damaged, newer
    (cleaned / "LATEST").unlink()
    result = _invoke("show", "x", "--cleaned", str(cleaned))
    assert result.exit_code == 1 and "LATEST is missing" in result.output
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (summary["version"], summary["parent"]) == (None, "v0002")
    assert (cleaned / "LATEST").read_text() == "v0002\n"
    assert sorted(p.name for p in cleaned.glob("v*")) == ["v0001", "v0002", "v0003"]


def test_without_latest_and_no_version_that_verifies_the_run_is_refused(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    _writable(cleaned / "v0001" / "documents" / "part-00000.jsonl").write_text("")
    (cleaned / "LATEST").unlink()
    result = _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned))
    assert result.exit_code == 1
    assert "LATEST is missing and no version" in result.output
    assert sorted(p.name for p in cleaned.glob("v*")) == ["v0001"]


def test_a_version_not_yet_named_in_latest_is_adopted(built, tmp_path):
    seeds, cleaned = _copies(built, tmp_path)
    _edit(seeds)
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    # as a run killed between renaming v0002 into place and naming it in LATEST leaves it
    (cleaned / "LATEST").write_text("v0001\n")
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (summary["version"], summary["parent"]) == (None, "v0002")
    assert (cleaned / "LATEST").read_text() == "v0002\n"
    assert sorted(p.name for p in cleaned.glob("v*")) == ["v0001", "v0002"]


@pytest.mark.parametrize(
    "damaged", ["furniture.json", "dedup_index/part-00000.jsonl", "variants.json"]
)
def test_damaged_learned_state_is_named_and_not_used(built, tmp_path, damaged, caplog):
    seeds, cleaned = _copies(built, tmp_path)
    _writable(cleaned / "v0001" / damaged).write_text("{broken")
    _edit(seeds)
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (summary["version"], summary["parent"]) == ("v0002", "v0001")
    assert f"{cleaned / 'v0001' / damaged} does not match the manifest of v0001" in caplog.text
    # what v0001 learned is left out, as in a run that has no parent
    fresh = tmp_path / "fresh"
    alone = ingest(seeds=str(seeds), cleaned=str(fresh))
    step_file = _files(fresh / alone["version"])[damaged]
    assert _files(cleaned / "v0002")[damaged] == step_file


def test_cache_records_build_only_the_classes_marked_stored(tmp_path):
    from newsclean.store.inputs import InputFile

    value = {"a": (1, "x", b"\0", None), "b": [InputFile("p.txt", "0" * 64, 3, 1, 0)]}
    assert unpacked(packed(value)) == value
    assert type(unpacked(packed(value))["a"]) is tuple

    @dataclass(frozen=True)
    class Unmarked:
        path: str

    with pytest.raises(TypeError, match="a cache cannot hold"):
        packed(Unmarked("x"))
    # an entry naming any other callable, as a planted file would, is refused unbuilt
    called = tmp_path / "called"
    planted = msgpack.packb(msgpack.ExtType(2, msgpack.packb(["builtins:open", str(called), "w"])))
    with pytest.raises(UNREADABLE):
        unpacked(planted)
    assert not called.exists()


def test_a_trail_of_another_shape_is_not_found(built, tmp_path, settings):
    _, cleaned = _copies(built, tmp_path)
    trails = TrailCache.for_corpus(cleaned, settings)
    version = load_version(cleaned, "v0001")
    [first, *_] = input_rows(version.path, version.manifest["outputs"])
    trail = trails.find(first["path"], first["sha256"])
    assert trail is not None
    rows = trails.rows(trail)
    # well-formed records, digest and all, that a run could not use
    for documents in ({"doc": "not a document trail"}, ["not", "a", "dict"]):
        trails.store(replace(trail, documents=documents), rows)
        assert trails.find(first["path"], first["sha256"]) is None
