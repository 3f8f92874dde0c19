"""A later run reuses what earlier runs made of unchanged files, and its version is byte for
byte the one a run without any reuse writes from the same inputs and the same parent."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import newsclean.batching as batching
import newsclean.store.fingerprints as fingerprints
from flows.ingest import ingest
from newsclean.document import document_id
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.store.trails import CACHE_DIR, PACKS_DIR, TrailCache
from newsclean.summary import RunSummary
from tests.conftest import SEEDS, shard_rows, version_files
from tests.large_inputs import articles, large_corpus

COPIED = "003_cc2461c9aba41f5a.txt"
EDITED = "000_2cc8f0044b39433a.txt"


def _version_files(version: Path) -> dict[str, object]:
    manifest = json.loads((version / "manifest.json").read_text())
    del manifest["created"]  # the time of the run
    return version_files(version) | {"manifest.json": manifest}


def _rebuilt_without_trails(cleaned: Path, seeds: Path, tmp_path: Path) -> Path:
    """The next version as a run that reuses nothing writes it, from the same parent."""
    fresh = tmp_path / "fresh"
    shutil.copytree(cleaned, fresh)
    shutil.rmtree(fresh / CACHE_DIR)
    summary = ingest(seeds=str(seeds), cleaned=str(fresh))
    assert summary["reused"] == 0
    return fresh / summary["version"]


def _snapshot(cleaned: Path, tmp_path: Path) -> Path:
    kept = tmp_path / "before"
    shutil.copytree(cleaned, kept)
    return kept


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    cleaned = tmp_path / "cleaned"
    first = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (first["version"], first["reused"]) == ("v0001", 0)
    return seeds, cleaned


def test_an_edit_cleans_only_its_file_and_equals_a_run_without_reuse(corpus, tmp_path):
    seeds, cleaned = corpus
    again = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (again["version"], again["reused"]) == (None, 5)

    target = seeds / EDITED
    target.write_text(target.read_text() + "\n\nA closing paragraph the site added later on.")
    before = _snapshot(cleaned, tmp_path)
    edited = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (edited["version"], edited["reused"]) == ("v0002", 4)
    assert len(edited["change"]["changed"]) == 1
    expected = _rebuilt_without_trails(before, seeds, tmp_path)
    assert _version_files(cleaned / "v0002") == _version_files(expected)


def test_an_edit_that_keeps_size_and_modification_time_is_cleaned_again(
    corpus, tmp_path, monkeypatch
):
    monkeypatch.setattr(fingerprints, "SETTLE_NS", 0)  # as for files untouched for a while
    seeds, cleaned = corpus
    again = ingest(seeds=str(seeds), cleaned=str(cleaned))  # keeps every file's stat
    assert (again["version"], again["reused"]) == (None, 5)
    target = seeds / EDITED
    before = os.stat(target)
    text = target.read_text()
    target.write_text(text.replace("a", "e", 1) if "a" in text else text.replace("e", "a", 1))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(target)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    edited = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (edited["version"], edited["reused"]) == ("v0002", 4)
    assert len(edited["change"]["changed"]) == 1


def test_damaged_trails_are_cleaned_again(corpus):
    seeds, cleaned = corpus
    packs = list((cleaned / CACHE_DIR).glob(f"{PACKS_DIR}/*.pack"))
    assert packs
    for entry in packs:
        entry.write_bytes(entry.read_bytes()[:20])
    again = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (again["version"], again["reused"]) == (None, 0)


def _copy_name_outranking(original: Path, seeds: Path) -> str:
    """A file name under which a copy of `original` gets a smaller document id, so that the
    copy becomes the canonical one of the pair and the original its duplicate."""
    settings = Settings()
    [own] = read_path(original, seeds, settings.readers).documents
    for n in range(100):
        candidate = seeds / f"copy-{n}.txt"
        shutil.copy(original, candidate)
        [copy] = read_path(candidate, seeds, settings.readers).documents
        candidate.unlink()
        if copy.id < own.id:
            return candidate.name
    raise AssertionError("no name among 100 gives a smaller id")


def test_a_new_copy_that_outranks_a_known_document_cleans_that_one_again(corpus, tmp_path):
    seeds, cleaned = corpus
    name = _copy_name_outranking(seeds / COPIED, seeds)
    shutil.copy(seeds / COPIED, seeds / name)
    before = _snapshot(cleaned, tmp_path)
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    # the original is now the duplicate: its trail is stale, the other four stand
    assert (summary["version"], summary["reused"]) == ("v0002", 4)
    [cluster] = [json.loads(line) for line in (cleaned / "v0002" / "duplicates.jsonl").open()]
    assert len(cluster["members"]) == 1
    kept = [row["source"]["path"] for row in shard_rows(cleaned / "v0002")]
    assert name in kept and COPIED not in kept
    expected = _rebuilt_without_trails(before, seeds, tmp_path)
    assert _version_files(cleaned / "v0002") == _version_files(expected)


ARTICLES = [
    "The regional council approved the new budget for schools and roads on Tuesday.",
    "Farmers in the north reported the earliest harvest of barley in twenty years.",
    "The city museum reopened its hall of maps after two years of careful repairs.",
    "A new ferry line will link the two islands from the first week of June.",
    "The old bridge over the river will close for repairs until the end of summer.",
]


def _site_page(folder: Path, n: int, host: str, tail: str) -> None:
    record = {
        "url": f"https://{host}/news/{n}",
        "title": f"Story {n}",
        "text": f"{ARTICLES[n]}\n\n{ARTICLES[n]} Officials said more details follow.\n\n{tail}",
    }
    (folder / f"{host}-{n}.jsonl").write_text(json.dumps(record) + "\n")


FOLLOW = "Follow The Daily Example on every social network for more local news."


def test_a_page_that_changes_what_its_site_learned_cleans_the_site_again(tmp_path):
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    seeds.mkdir()
    _site_page(seeds, 0, "daily.example", FOLLOW)
    _site_page(seeds, 1, "daily.example", "Read the print edition every morning at home.")
    _site_page(seeds, 4, "other.example", "Follow other.example for more local news.")
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] == "v0001"
    assert not shard_rows(cleaned / "v0001", "removed")

    # a second page ends with the first one's line: the site learns it
    _site_page(seeds, 2, "daily.example", FOLLOW)
    before = _snapshot(cleaned, tmp_path)
    learned = ingest(seeds=str(seeds), cleaned=str(cleaned))
    # both earlier pages of the site are cleaned again; the other site's page is not
    assert (learned["version"], learned["reused"]) == ("v0002", 1)
    # the summary splits the inputs as the run's first log line did (3 known, 1 new)
    assert learned["cleaned_again"] == 2
    assert "4 (1 as before, 2 cleaned again for a new corpus decision, 1 new or changed)" in (
        RunSummary(**learned).text()
    )
    assert [row["text"] for row in shard_rows(cleaned / "v0002", "removed")].count(FOLLOW) == 2
    expected = _rebuilt_without_trails(before, seeds, tmp_path)
    assert _version_files(cleaned / "v0002") == _version_files(expected)

    # one more page with the line changes its evidence (3 of 4 pages), not what is learned
    _site_page(seeds, 3, "daily.example", FOLLOW)
    before = _snapshot(cleaned, tmp_path / "again")
    more = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (more["version"], more["reused"]) == ("v0003", 4)
    furniture = json.loads((cleaned / "v0003" / "furniture.json").read_text())
    [line] = furniture["learned"]["daily.example"]
    assert line["evidence"].startswith("seen in 3 of 4 pages")
    expected = _rebuilt_without_trails(before, seeds, tmp_path / "again")
    assert _version_files(cleaned / "v0003") == _version_files(expected)


def test_a_file_cut_into_pieces_keeps_one_trail_and_is_cleaned_again_whole(tmp_path, monkeypatch):
    """The dump and the archive are cut into pieces of 10 records, cleaned by several
    batches; each still leaves one trail, found again by the next run. A new copy that
    outranks one of the dump's articles makes the whole dump stale: it is read, cut and
    cleaned again, and the version is the one a run without reuse (one batch, nothing cut)
    writes."""
    monkeypatch.setattr(batching, "SPLIT_BYTES", 20_000)
    seeds = large_corpus(tmp_path / "corpus", records=60)
    cleaned = tmp_path / "cleaned"
    assert ingest(seeds=str(seeds), cleaned=str(cleaned), batch_size=10)["version"] == "v0001"
    assert len(TrailCache.for_corpus(cleaned, Settings()).stored_keys()) == 7
    again = ingest(seeds=str(seeds), cleaned=str(cleaned), batch_size=10)
    assert (again["version"], again["reused"]) == (None, 7)

    # a copy of the dump's article 40 under a name whose document id comes first
    _, text = articles(60)[40]
    original = document_id("dump.jsonl", "story-40")
    name = next(
        f"copy-{n}.txt" for n in range(100) if document_id(f"copy-{n}.txt", None) < original
    )
    (seeds / name).write_text(text + "\n")
    before = _snapshot(cleaned, tmp_path)
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned), batch_size=10)
    assert (summary["version"], summary["reused"], summary["cleaned_again"]) == ("v0002", 6, 1)
    kept = {row["id"] for row in shard_rows(cleaned / "v0002")}
    assert original not in kept
    expected = _rebuilt_without_trails(before, seeds, tmp_path)
    assert _version_files(cleaned / "v0002") == _version_files(expected)
