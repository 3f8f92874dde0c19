"""Versions in shards: which shard a document is in, shards shared with the parent through
hard links, `latest`, `prune` and `open_version`."""

from __future__ import annotations

import gc
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsclean
import newsclean.store.work as work_module
from flows.ingest import ingest
from newsclean.cli import app
from newsclean.store.inputs import input_rows
from newsclean.store.location import store_path
from newsclean.store.prune import prune_versions
from newsclean.store.reuse import shard_sources, unchanged_shards
from newsclean.store.shards import ParentShards, assign_shards, row_id
from newsclean.store.trails import TrailCache
from newsclean.store.versions import VersionError, load_version, verify, version_names
from newsclean.store.work import WorkArea, part_rows
from tests.conftest import ROOT, SEEDS, shard_rows, version_files
from tests.test_store import _docs

runner = CliRunner()
EDITED = "004_5bc39d07cea0893f.txt"


def _ids(n: int, prefix: str = "") -> list[str]:
    return [f"{prefix}{i:04d}" for i in range(n)]


# --- which shard a document is in ---


def test_a_first_version_cuts_by_source_path_with_the_newest_in_smaller_shards(monkeypatch):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 16)
    # ids sort against their paths' order: the shards follow the paths
    sources = {f"{99 - n:04d}": f"2024/{n:04d}.html" for n in range(40)}
    assigned = assign_shards(sources, {}, sources)
    by_path = [assigned[i] for i in sorted(sources, key=sources.get)]
    # the newest 16 in shards of 8, 4, 2, 1 and 1; the 24 before them in 16s, oldest first
    assert by_path == [0] * 8 + [1] * 16 + [2] * 8 + [3] * 4 + [4] * 2 + [5] + [6]


def test_a_small_first_version_is_one_shard_and_unknown_sources_come_last(monkeypatch):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 2000)
    assert set(assign_shards(_ids(100), {}, {}).values()) == {0}
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 4)  # newest shards of one
    sources = {"z1": "a.txt", "a1": "b.txt"}
    assigned = assign_shards(["z1", "a1", "m1", "b1"], {}, sources)
    assert assigned == {"z1": 0, "a1": 1, "b1": 2, "m1": 3}


def test_documents_keep_their_shard_and_new_ones_go_to_new_shards(monkeypatch):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 3)
    parent = assign_shards(_ids(7, "b"), {}, {})  # the newest five in shards of one
    assert sorted(parent.values()) == [0, 0, 1, 2, 3, 4, 5]
    # one removed, seven new (their paths in the reverse order of their ids): the old keep
    # their shard; the last shard (one document, fewer than the new ones) is filled, then
    # new shards follow, in path order
    new = {f"a{i:04d}": f"{9 - i}.txt" for i in range(7)}
    ids = [i for i in parent if i != "b0004"] + list(new)
    assigned = assign_shards(ids, parent, new)
    assert {i: assigned[i] for i in parent if i != "b0004"} == {
        i: s for i, s in parent.items() if i != "b0004"
    }
    assert [assigned[i] for i in sorted(new, key=new.get)] == [5, 5, 6, 6, 6, 7, 7]


def test_a_last_shard_larger_than_the_new_documents_is_not_rewritten(monkeypatch):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 32)
    parent = assign_shards(_ids(96, "b"), {}, {})  # 32, 32, 16, 8, 4, 2, 2
    last = max(parent.values())
    assigned = assign_shards([*parent, "a1"], parent, {})
    assert assigned["a1"] == last + 1
    assert {i: assigned[i] for i in parent} == parent


def _nightly(first: int, nightly: int, nights: int) -> tuple[dict[str, int], dict[str, str]]:
    """The assignment after a first version of `first` documents and `nights` versions each
    adding `nightly`, their paths in the order they came; and the documents' paths."""
    sources = {f"{n:06x}": f"{n:06d}.txt" for n in range(first)}
    assigned = assign_shards(sources, {}, sources)
    for night in range(nights):
        start = first + night * nightly
        new = {f"{n:06x}": f"{n:06d}.txt" for n in range(start, start + nightly)}
        sources |= new
        assigned = assign_shards([*assigned, *new], assigned, sources)
    return assigned, sources


@pytest.mark.parametrize(("nightly", "nights"), [(1, 365), (5, 365), (70, 100)])
def test_a_year_of_nightly_versions_leaves_full_shards_and_few_small_ones(
    nightly, nights, monkeypatch
):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 200)
    assigned, sources = _nightly(1000, nightly, nights)
    sizes = Counter(assigned.values())
    small = [sizes[n] for n in sorted(sizes) if sizes[n] < 200]
    # the rule before compaction (fill the last shard only when it holds no more than are
    # new) left 189 small shards, most of one or two documents, after a year of one a night
    assert len(small) <= 17
    assert len(sizes) <= (1000 + nights * nightly) // 200 + 17
    # documents stay in path order: no shard's paths reach into another's
    paths: dict[int, list[str]] = {}
    for doc_id, number in assigned.items():
        paths.setdefault(number, []).append(sources[doc_id])
    spans = sorted((min(found), max(found)) for found in paths.values())
    assert all(before[1] < after[0] for before, after in itertools.pairwise(spans))


def test_small_shards_at_the_end_are_compacted_once_they_hold_more_than_a_full_one(
    monkeypatch,
):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 32)
    sources = {f"a{n:03d}": f"{n:03d}.txt" for n in range(96)}
    parent = assign_shards(sources, {}, sources)  # 32, 32, then 16, 8, 4, 2, 2
    assert sorted(Counter(parent.values()).items()) == [
        (0, 32),
        (1, 32),
        (2, 16),
        (3, 8),
        (4, 4),
        (5, 2),
        (6, 2),
    ]
    # three new documents: the last shard (2, fewer than are new) is filled; the small ones
    # but the newest hold 30 documents, no more than a full shard: nothing is compacted
    new = {f"b{n}": f"{96 + n:03d}.txt" for n in range(3)}
    sources |= new
    second = assign_shards([*parent, *new], parent, sources)
    assert {i: second[i] for i in parent} == parent
    assert Counter(second.values())[6] == 5
    # now the small shards but the newest hold 35: the oldest that hold a full shard's
    # documents (16, 8, 4, 2 and 5) become one full shard, under the first one's number;
    # the newest (one document) is left as it is
    later = {"c0": "200.txt"}
    sources |= later
    third = assign_shards([*second, *later], second, sources)
    assert sorted(Counter(third.values()).items()) == [(0, 32), (1, 32), (2, 32), (3, 3), (7, 1)]
    assert {i for i, s in third.items() if s == 3} == {"b0", "b1", "b2"}
    assert {i: third[i] for i in second if second[i] < 2} == {
        i: s for i, s in second.items() if s < 2
    }
    # the same documents and parent always give the same shards
    assert assign_shards([*later, *reversed(second)], second, sources) == third


def test_a_shard_is_taken_unread_only_with_its_documents_and_their_rows_as_before():
    parent = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 2}
    files = [(["a", "b"], "rows-ab"), (["c"], "rows-c"), (["d"], "rows-d"), (["e"], "rows-e")]
    sources = shard_sources(parent, files)
    assert unchanged_shards(parent, sources, parent, files) == {0, 1, 2}
    # d's file was edited (cleaned again: not among the known files), a new document joins
    # shard 2, and a document known only to the duplicate index has no file
    known = [(["a", "b"], "rows-ab"), (["c"], "rows-c"), (["e"], "rows-e")]
    assert unchanged_shards(parent, sources, {**parent, "f": 2}, known) == {0}
    # a known file whose rows differ (a decision reached it otherwise) leaves its shard out
    assert unchanged_shards(parent, sources, parent, [(["a", "b"], "other"), *files[1:]]) == {
        1,
        2,
    }
    # a shard that compaction moved documents into or out of is written again
    assert unchanged_shards(parent, sources, {**parent, "e": 1}, files) == {0}
    # no sources kept (the layout was read from the parent's shards): nothing unread
    assert unchanged_shards(parent, {}, parent, files) == set()


# --- shards shared with the parent ---


@pytest.fixture
def sharded(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """The seeds in shards of 1, 2, 1 and 1 documents (in path order: the newest in shards
    of a sixteenth of 16), then the last seed edited: v0001 and v0002."""
    seeds, cleaned = _first_version_then_an_edit(tmp_path, monkeypatch)
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    return seeds, cleaned


def _first_version_then_an_edit(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """v0001 of the seeds in shards of 1, 2, 1 and 1 documents, then the last seed edited."""
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 16)
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0001"
    edited = seeds / EDITED
    edited.write_text(edited.read_text() + "\n\nOne more closing paragraph of the article.")
    return seeds, cleaned


def _shard_of(version: Path, path: str) -> str:
    for shard in sorted((version / "documents").glob("*.jsonl")):
        if any(json.loads(line)["source"]["path"] == path for line in shard.open()):
            return shard.stem
    raise AssertionError(path)


def test_only_the_changed_documents_shard_is_written_again(sharded):
    _, cleaned = sharded
    old, new = cleaned / "v0001", cleaned / "v0002"
    assert sorted(p.name for p in (new / "documents").iterdir()) == [
        f"part-0000{n}.{suffix}" for n in range(4) for suffix in ("jsonl", "parquet")
    ]
    changed = _shard_of(new, EDITED)
    assert changed == "part-00003"  # the last path, the newest shard
    for folder, suffixes in (
        ("documents", ("jsonl", "parquet")),
        ("removed", ("jsonl", "parquet")),
        ("dedup_index", ("jsonl",)),
        ("furniture_lines", ("jsonl",)),
        ("inputs", ("jsonl",)),  # one file per document here: the same cut
    ):
        for shard in sorted((new / folder).iterdir()):
            same_file = shard.stat().st_ino == (old / folder / shard.name).stat().st_ino
            assert same_file == (shard.stem != changed), shard
            assert shard.suffix[1:] in suffixes
    assert _shard_of(old, EDITED) == changed


def test_an_unchanged_shards_parquet_is_linked_without_being_written(tmp_path, monkeypatch):
    seeds, cleaned = _first_version_then_an_edit(tmp_path, monkeypatch)
    written = []
    write = work_module.write_parquet
    monkeypatch.setattr(
        work_module,
        "write_parquet",
        lambda source, sink, folder: (
            written.append(f"{folder}/{sink.name}") or write(source, sink, folder)
        ),
    )
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    # the edited document's shard alone, its documents and its removals
    assert written == ["documents/part-00003.parquet", "removed/part-00003.parquet"]
    for folder in ("documents", "removed"):
        for shard in (cleaned / "v0002" / folder).glob("*.parquet"):
            same_file = (
                shard.stat().st_ino == (cleaned / "v0001" / folder / shard.name).stat().st_ino
            )
            assert same_file == (shard.name != "part-00003.parquet")


def test_an_unchanged_shard_is_linked_without_its_rows_being_copied_or_written(
    tmp_path, monkeypatch
):
    seeds, cleaned = _first_version_then_an_edit(tmp_path, monkeypatch)
    read, written = [], []
    rows, append = TrailCache.rows, work_module._ShardWriters.append
    monkeypatch.setattr(
        TrailCache, "rows", lambda self, trail: read.append(trail.input.path) or rows(self, trail)
    )
    monkeypatch.setattr(
        work_module._ShardWriters,
        "append",
        lambda self, name, line: written.append(name) or append(self, name, line),
    )
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0002"
    # the edited file is cleaned again; every other file's documents sit in shards that
    # are the parent's, linked: their rows are neither copied from the trails nor written
    assert read == []
    assert set(written) == {"documents/part-00003.jsonl", "removed/part-00003.jsonl"}
    old, new = cleaned / "v0001", cleaned / "v0002"
    for folder in ("documents", "removed"):
        for shard in sorted((new / folder).iterdir()):
            same_file = shard.stat().st_ino == (old / folder / shard.name).stat().st_ino
            assert same_file == (shard.stem != "part-00003"), shard
    verify(load_version(cleaned, "v0002"))
    # the same version as a run that reuses nothing writes
    fresh = tmp_path / "fresh"
    shutil.copytree(cleaned, fresh, symlinks=True)
    shutil.rmtree(fresh / "v0002")
    shutil.rmtree(fresh / ".cache")
    (fresh / "LATEST").write_text("v0001\n")
    assert ingest(seeds=str(seeds), cleaned=str(fresh))["version"] == "v0002"
    assert version_files(fresh / "v0002") == version_files(new)


def test_small_shards_compacted_over_versions_hold_the_rows_of_a_fresh_run(tmp_path, monkeypatch):
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 4)
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    _versions(cleaned, seeds, 3)  # the five seeds and one new document, then one a version
    shards = {
        name: [p.name for p in sorted((cleaned / name / "documents").glob("*.jsonl"))]
        for name in ("v0001", "v0002", "v0003")
    }
    # v0001: six documents in shards of 2, 1, 1, 1 and 1
    assert shards["v0001"] == [f"part-0000{n}.jsonl" for n in range(5)]
    # v0002: the new document fills the last shard; the small shards before it then hold
    # five documents, more than a full shard: the oldest that hold four (2, 1 and 1) become
    # one full shard under the first number, and the one after them is left as it was
    assert shards["v0002"] == ["part-00000.jsonl", "part-00003.jsonl", "part-00004.jsonl"]
    # v0003: a new shard; the small ones before it hold three: nothing is compacted
    assert shards["v0003"] == shards["v0002"] + ["part-00005.jsonl"]
    documents = [cleaned / name / "documents" for name in ("v0001", "v0002", "v0003")]
    assert len((documents[1] / "part-00000.jsonl").read_text().splitlines()) == 4
    for older, newer, same in (
        (0, 1, ["part-00003.jsonl"]),
        (1, 2, ["part-00000.jsonl", "part-00003.jsonl", "part-00004.jsonl"]),
    ):
        for name in shards[f"v000{newer + 1}"]:
            before = documents[older] / name
            linked = (
                before.exists() and before.stat().st_ino == (documents[newer] / name).stat().st_ino
            )
            assert linked == (name in same), (newer, name)
    verify(load_version(cleaned, "v0003"))
    fresh = tmp_path / "fresh"
    assert ingest(seeds=str(seeds), cleaned=str(fresh))["version"] == "v0001"
    for folder, key in (("documents", "id"), ("removed", "document")):
        compacted = sorted(shard_rows(cleaned / "v0003", folder), key=lambda row: row[key])
        assert compacted == sorted(shard_rows(fresh / "v0001", folder), key=lambda row: row[key])


def test_the_inputs_are_listed_in_shards_with_what_each_gave(sharded):
    seeds, cleaned = sharded
    version = load_version(cleaned, "v0002")
    rows = input_rows(version.path, version.manifest["outputs"])
    assert [row["path"] for row in rows] == sorted(p.name for p in seeds.iterdir())
    edited = next(row for row in rows if row["path"] == EDITED)
    assert edited["sha256"] == hashlib.sha256((seeds / EDITED).read_bytes()).hexdigest()
    assert edited["bytes"] == (seeds / EDITED).stat().st_size
    assert (edited["documents"], edited["rejected"]) == (1, 0)
    assert "inputs" not in version.manifest


def test_a_version_stays_whole_when_its_parent_is_deleted(sharded):
    _, cleaned = sharded
    before = version_files(cleaned / "v0002")
    shutil.rmtree(cleaned / "v0001")
    verify(load_version(cleaned, "v0002"))
    assert version_files(cleaned / "v0002") == before


def test_the_layout_read_from_the_parent_equals_the_one_kept_in_the_cache(sharded, tmp_path):
    seeds, cleaned = sharded
    (seeds / "009_new.txt").write_text("A new article.\n\n" + "Its body has a sentence. " * 20)
    (seeds / "000_2cc8f0044b39433a.txt").unlink()
    fresh = tmp_path / "fresh"
    shutil.copytree(cleaned, fresh, symlinks=True)
    shutil.rmtree(fresh / ".cache")  # no layout kept: read from v0002's shards
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0003"
    assert ingest(seeds=str(seeds), cleaned=str(fresh))["version"] == "v0003"
    assert version_files(fresh / "v0003") == version_files(cleaned / "v0003")
    # the new document fills the last shard, which held one (no more than are new)
    assert _shard_of(cleaned / "v0003", "009_new.txt") == "part-00003"
    assert _shard_of(cleaned / "v0003", EDITED) == "part-00003"
    assert len(shard_rows(cleaned / "v0003")) == 5


# --- latest ---


def test_latest_links_to_the_version_latest_names(sharded):
    _, cleaned = sharded
    assert os.readlink(cleaned / "latest") == "v0002"
    assert (cleaned / "latest" / "manifest.json").is_file()
    result = runner.invoke(app, ["verify", "--cleaned", str(cleaned)])
    assert result.exit_code == 0, result.output


def test_a_latest_that_is_not_our_link_is_left_as_it_is(tmp_path):
    cleaned = tmp_path / "cleaned"
    assert ingest(seeds=str(SEEDS), cleaned=str(cleaned))["version"] == "v0001"
    (cleaned / "latest").unlink()
    (cleaned / "latest").write_text("someone's notes")
    shutil.rmtree(cleaned / "v0001")
    (cleaned / "LATEST").unlink()
    assert ingest(seeds=str(SEEDS), cleaned=str(cleaned))["version"] == "v0001"
    assert (cleaned / "latest").read_text() == "someone's notes"


# --- prune ---


TOPICS = ["harvest", "ferry", "museum", "bridge", "council", "school", "market"]


def _article(n: int) -> str:
    """An article of its own: no other shares enough of its words to be its duplicate."""
    words = [f"{TOPICS[n]}{k}" for k in range(60)]
    return f"The {TOPICS[n]} story.\n\n" + " ".join(words).capitalize() + ".\n"


def _versions(cleaned: Path, seeds: Path, count: int) -> None:
    """Versions v0001 to v{count}, each with one more document."""
    for n in range(count):
        (seeds / f"extra-{n}.txt").write_text(_article(n))
        assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == f"v{n + 1:04d}"


@pytest.fixture
def four_versions(tmp_path) -> tuple[Path, Path]:
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    _versions(cleaned, seeds, 4)
    return seeds, cleaned


def test_prune_keeps_the_newest_and_latest_and_the_rest_still_verify(four_versions):
    _, cleaned = four_versions
    (cleaned / "LATEST").write_text("v0002\n")  # LATEST is never pruned, newest or not
    result = runner.invoke(app, ["prune", "--keep", "1", "--cleaned", str(cleaned)])
    assert result.exit_code == 0, result.output
    assert "pruned v0001, v0003; kept v0002, v0004" in result.output
    assert version_names(cleaned) == ["v0002", "v0004"]
    for name in version_names(cleaned):
        verify(load_version(cleaned, name))


def test_prune_skips_a_version_being_read_and_one_holding_files_not_ours(four_versions):
    _, cleaned = four_versions
    dataset = newsclean.open_version(str(cleaned), "v0001")
    (cleaned / "v0002" / "notes.txt").write_text("mine")
    pruned = prune_versions(cleaned, keep=1)
    assert pruned.removed == ["v0003"]
    assert pruned.skipped == [
        "v0001: it is being read",
        "v0002: it holds files its manifest.json does not name (notes.txt)",
    ]
    assert dataset.to_table().num_rows == 6  # still whole
    del dataset
    gc.collect()
    assert prune_versions(cleaned, keep=1).removed == ["v0001"]


def test_a_version_being_pruned_is_not_opened(four_versions):
    _, cleaned = four_versions
    script = (
        "import sys, time; from pathlib import Path\n"
        "from newsclean.store.reading import lock_for_removal\n"
        f"lock_for_removal(Path({str(cleaned / 'v0001')!r}))\n"
        "print('locked', flush=True); time.sleep(30)"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(VersionError, match="v0001 is being pruned"):
            newsclean.open_version(cleaned, "v0001")
    finally:
        holder.kill()
        holder.wait()


def test_the_scheduled_flow_prunes_after_a_run_that_succeeds(four_versions, tmp_path):
    seeds, cleaned = four_versions
    settings = tmp_path / "keep.toml"
    settings.write_text("keep_versions = 2\n")
    (seeds / "extra-last.txt").write_text(_article(len(TOPICS) - 1))
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned), settings_file=str(settings))
    assert summary["version"] == "v0005"
    assert version_names(cleaned) == ["v0004", "v0005"]


def test_prune_refuses_an_object_store():
    with pytest.raises(VersionError, match="not a local folder"):
        prune_versions(store_path("memory://nothing-here"), keep=1)


# --- open_version ---


def test_open_version_reads_latest_with_the_versions_schema(four_versions):
    _, cleaned = four_versions
    dataset = newsclean.open_version(cleaned)
    table = dataset.to_table()
    assert table.num_rows == 9
    assert sorted(table.column("id").to_pylist()) == sorted(
        row["id"] for row in shard_rows(cleaned / "v0004")
    )
    schema = json.loads((cleaned / "v0004" / "documents.schema.json").read_text())
    assert dataset.schema.names == list(schema["properties"])
    with pytest.raises(VersionError, match="no version v0009"):
        newsclean.open_version(cleaned, "v0009")


def test_interleaved_shards_are_written_whole_with_few_files_open(tmp_path, monkeypatch):
    monkeypatch.setattr(work_module._ShardWriters, "OPEN", 1)
    monkeypatch.setattr("newsclean.store.shards.SHARD_DOCUMENTS", 2)  # the parent's are full
    docs = _docs("One.", "Two.", "Three.", "Four.", "Five.")
    work = WorkArea.create(tmp_path)
    work.write_parts(0, [part_rows(docs, [])])
    # the parent's shards take every other id; the new doc4 goes to a new shard
    parent = ParentShards(tmp_path / "v0001", {}, {"doc0": 1, "doc1": 0, "doc2": 1, "doc3": 0})
    target = tmp_path / "staged"
    target.mkdir()
    with work.assembled(1, target, parent):
        pass
    for folder, key in (("documents", "id"), ("removed", "document")):
        ids = {
            shard.stem: [json.loads(line)[key] for line in shard.read_text().splitlines()]
            for shard in sorted((target / folder).glob("*.jsonl"))
        }
        assert ids == {
            "part-00000": ["doc1", "doc3"],
            "part-00001": ["doc0", "doc2"],
            "part-00002": ["doc4"],
        }


# --- versions written before shards ---

UNSHARDED_COMMIT = "01617fd"  # the last commit whose cleaned/ holds one-file versions


def test_a_version_from_before_shards_is_read_and_built_on(tmp_path):
    archive = subprocess.run(
        ["git", "archive", UNSHARDED_COMMIT, "cleaned"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp_path)], input=archive, check=True)
    cleaned, seeds = tmp_path / "cleaned", tmp_path / "seeds"
    assert (cleaned / "v0001" / "documents.jsonl").is_file()
    shutil.copytree(SEEDS, seeds)
    edited = seeds / EDITED
    edited.write_text(edited.read_text() + "\n\nOne more closing paragraph of the article.")
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    # the change is told against the old version's rows, not as five new documents
    assert (summary["version"], summary["change"]["added"]) == ("v0002", [])
    rows = shard_rows(cleaned / "v0002")
    assert len(rows) == 5 and summary["change"]["removed"] == []
    # the cleaning itself may have moved on since that commit: the edited file's document is
    # one of the changed, the one this test follows
    [changed] = [row["id"] for row in rows if row["source"]["path"] == EDITED]
    assert changed in summary["change"]["changed"]
    shown = runner.invoke(app, ["show", changed, "--version", "v0001", "--cleaned", str(cleaned)])
    assert shown.exit_code == 0 and "removed (" in shown.output, shown.output
    diff = runner.invoke(app, ["diff", "v0001", "v0002", "--cleaned", str(cleaned)])
    assert diff.exit_code == 0 and f"{changed}  {EDITED}" in diff.output, diff.output


@pytest.mark.parametrize(
    "row",
    [
        b'{"exact": "cfea73", "id": "00e37c0be299ec57", "length": 939}',
        b'{"id":"00e37c0be299ec57","lines":[["08ca84a2a78012fc",true]]}',
        b'{"id": "00e37c0be299ec57"}',
        # shapes the writers do not write are parsed
        b'{"lines": [["a", true]], "id": "00e37c0be299ec57"}',
        b'{"exact": "x\\"id\\": \\"ff", "id": "00e37c0be299ec57"}',
        b'{"id": "00e37c0be299ec57\\u0041"}',
    ],
)
def test_a_step_file_rows_id_is_the_one_json_reads(row):
    assert row_id(row) == json.loads(row)["id"]
