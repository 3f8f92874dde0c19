"""The ingestion flow end to end, under Prefect's embedded server."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from flows.ingest import ingest
from newsclean.store.inputs import input_rows
from newsclean.store.versions import version_names
from tests.conftest import ROOT, SEEDS, shard_rows, version_files

# Furniture the seeds carry, none of which may reach the output.
FURNITURE = (
    "May 2024",
    "Mon Tues Wed",
    "Dear Readers, At the request of Roskomnadzor",
    "Prohibited from publication comments",
    "The Site Administration has the right",
    "Placing links to third-party resources prohibited",
    "See also",
    "You may also like",
    "Leave a Comment",
    "Akismet",
    "This website uses cookies",
    "Subscribe to",
    "If you find an error",
    "Tags:",
    "Check Also",
    "Thank you!",
    "Now the editors are aware.",
)


def _rows(version_dir: Path) -> list[dict]:
    return shard_rows(version_dir)


@pytest.fixture(scope="module")
def seeds_corpus(tmp_path_factory) -> Path:
    cleaned = tmp_path_factory.mktemp("cleaned")
    summary = ingest(seeds=str(SEEDS), cleaned=str(cleaned))
    assert summary["version"] == "v0001"
    assert summary["counts"]["emptied"] == 0
    return cleaned


def test_seeds_become_one_clean_version(seeds_corpus):
    rows = _rows(seeds_corpus / "v0001")
    assert len(rows) == 5
    assert sorted(r["source"]["path"] for r in rows) == sorted(p.name for p in SEEDS.iterdir())
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    by_path = {r["source"]["path"]: r for r in rows}
    politnavigator = by_path["001_9ab1999b316cd6ca.txt"]
    assert politnavigator["author"] == "Ainur Kurmanov"
    assert politnavigator["published"] == "2022-11-19T00:19:00+03:00"
    assert by_path["002_c52e6ff163ec470b.txt"]["title"] == "Kazakhstan Russian Roulette"
    for row in rows:
        assert row["language"] == "en"
        assert row["text"] == "\n\n".join(p["text"] for p in row["paragraphs"])
        for furniture in FURNITURE:
            assert furniture not in row["text"], (row["source"]["path"], furniture)


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir()))
def test_every_article_paragraph_survives(seeds_corpus, seed):
    """The first and last paragraphs of each article body, as the seeds print them."""
    row = next(r for r in _rows(seeds_corpus / "v0001") if r["source"]["path"] == seed)
    raw = (SEEDS / seed).read_text(encoding="utf-8")
    first_and_last = {
        "000_2cc8f0044b39433a.txt": (
            "Russia and the United States are the main movers.",
            "At the government meeting on 13 March, Tokaev insisted",
        ),
        "001_9ab1999b316cd6ca.txt": (
            "On Sunday, November 20, early presidential elections",
            "Based on this bleak prospect, it is necessary now",
        ),
        "002_c52e6ff163ec470b.txt": (
            "FROM THE REPORT IN ASTANA.",
            "For the moment it seems that the cards are still",
        ),
        "003_cc2461c9aba41f5a.txt": (
            "Kazakh police officers, who fled during the January",
            "This is a big question that is now haunting the heads",
        ),
        "004_5bc39d07cea0893f.txt": (
            "Russia may have lost most, or nearly all",
            "Well, we’ll continue this conversation another time",
        ),
    }[seed]
    for start in first_and_last:
        assert start in raw
        assert any(p["text"].startswith(start) for p in row["paragraphs"]), start
    assert row["paragraphs"][0]["text"].startswith(first_and_last[0])
    assert row["paragraphs"][-1]["text"].startswith(first_and_last[1])


def test_a_second_run_writes_nothing(seeds_corpus):
    summary = ingest(seeds=str(SEEDS), cleaned=str(seeds_corpus))
    assert summary["version"] is None and summary["parent"] == "v0001"
    assert version_names(seeds_corpus) == ["v0001"]


def test_rebuild_is_byte_identical_whatever_the_batching(seeds_corpus, tmp_path):
    ingest(seeds=str(SEEDS), cleaned=str(tmp_path), batch_size=1)
    assert version_files(tmp_path / "v0001") == version_files(seeds_corpus / "v0001")


def test_the_repository_corpus_is_what_the_code_builds(seeds_corpus):
    """cleaned/ in the repository holds exactly what the current code makes of seeds/."""
    committed = ROOT / "cleaned"
    latest = (committed / "LATEST").read_text().strip()
    assert version_files(committed / latest) == version_files(seeds_corpus / "v0001"), (
        f"cleaned/{latest} is stale: run `rm -rf cleaned && newsclean ingest`"
    )
    ours = json.loads((seeds_corpus / "v0001" / "manifest.json").read_text())
    theirs = json.loads((committed / latest / "manifest.json").read_text())
    assert ours["outputs"] == theirs["outputs"]
    assert ours["settings_hash"] == theirs["settings_hash"]


def test_an_edited_seed_gives_a_new_version_that_names_it(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    cleaned = tmp_path / "cleaned"
    first = ingest(seeds=str(seeds), cleaned=str(cleaned))
    target = seeds / "000_2cc8f0044b39433a.txt"
    target.write_text(target.read_text() + "\n\nA new closing paragraph was added later on.")
    (seeds / "002_c52e6ff163ec470b.txt").unlink()
    second = ingest(seeds=str(seeds), cleaned=str(cleaned))
    assert (first["version"], second["version"]) == ("v0001", "v0002")
    rows = {r["source"]["path"]: r["id"] for r in _rows(cleaned / "v0001")}
    assert second["change"]["changed"] == [rows["000_2cc8f0044b39433a.txt"]]
    assert second["change"]["removed"] == [rows["002_c52e6ff163ec470b.txt"]]
    manifest = json.loads((cleaned / "v0002" / "manifest.json").read_text())
    assert manifest["parent"] == "v0001"
    assert manifest["change"] == second["change"]
    assert len(input_rows(cleaned / "v0002", manifest["outputs"])) == 4


def test_bad_inputs_are_quarantined_and_stop_nothing(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "000_2cc8f0044b39433a.txt", seeds / "good.txt")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (seeds / "cut.txt.gz").write_bytes(gzip.compress(b"Some article text. " * 200)[:60])
    russian = "Президент Казахстана провёл совещание в Астане и заявил, что выборы пройдут честно."
    (seeds / "ru.txt").write_bytes(russian.encode("cp1251"))
    # names may hold what separates lines and fields
    (seeds / "line\nbreak.bin").write_bytes(b"\x00\x01binary")
    shutil.copy(SEEDS / "001_9ab1999b316cd6ca.txt", seeds / "tab\t{brace\\.txt")
    cleaned = tmp_path / "cleaned"
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    rows = {r["source"]["path"]: r for r in _rows(cleaned / "v0001")}
    assert set(rows) == {"good.txt", "ru.txt", "tab\t{brace\\.txt"}
    assert rows["ru.txt"]["text"].startswith("Президент Казахстана провёл совещание")
    rejected = [
        json.loads(line) for line in (cleaned / "v0001" / "rejected.jsonl").read_text().splitlines()
    ]
    assert [r["path"] for r in rejected] == [
        "cut.txt.gz",
        "empty.txt",
        "image.png",
        "line\nbreak.bin",
    ]
    for row in rejected:
        assert row["path"] in row["error"]
    assert summary["counts"]["rejected"] == 4


def test_short_records_are_none_of_them_emptied(tmp_path):
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    seeds.mkdir()
    shutil.copy(ROOT / "tests" / "data" / "short_records.jsonl", seeds)
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    manifest = json.loads((cleaned / "v0001" / "manifest.json").read_text())
    assert manifest["counts"]["emptied"] == summary["counts"]["emptied"] == 0
    assert manifest["counts"]["documents_read"] == 49
    assert manifest["counts"]["dropped"] == 5  # the records that are nothing but furniture
    assert all(row["text"] for row in _rows(cleaned / "v0001"))


def test_hostile_names_links_and_surrogates_stop_nothing(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEEDS / "000_2cc8f0044b39433a.txt", seeds / "good.txt")
    shutil.copy(SEEDS / "001_9ab1999b316cd6ca.txt", seeds / os.fsdecode(b"caf\xe9.txt"))
    (tmp_path / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    (seeds / "passwd.txt").symlink_to(tmp_path / "secret.txt")
    (seeds / "dangling.txt").symlink_to("nowhere")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "s.jsonl").write_text(
        r'{"id": "1", "text": "Tokayev \ud800 won the vote.", "title": "\udfff"}' + "\n"
    )
    cleaned = tmp_path / "cleaned"
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    rows = {r["source"]["path"]: r for r in _rows(cleaned / "v0001")}
    assert set(rows) == {"good.txt", "caf\\xe9.txt", "s.jsonl"}
    assert rows["s.jsonl"]["title"] == "\ufffd"
    assert rows["s.jsonl"]["text"] == "Tokayev \ufffd won the vote."
    [repair] = [c for c in rows["s.jsonl"]["changes"] if c["rule"] == "lone-surrogate"]
    assert (repair["step"], repair["count"]) == ("read", 2)
    rejected = {
        r["path"]: r["error"]
        for r in map(json.loads, (cleaned / "v0001" / "rejected.jsonl").read_text().splitlines())
    }
    assert sorted(rejected) == ["dangling.txt", "passwd.txt", "pipe.txt"]
    assert "outside the seeds folder: not followed" in rejected["passwd.txt"]
    assert "root:x" not in json.dumps(shard_rows(cleaned / "v0001"))
    assert summary["counts"]["rejected"] == 3
    # the second run finds every file again by its escaped name
    assert ingest(seeds=str(seeds), cleaned=str(cleaned))["version"] is None


def test_an_empty_seeds_folder_gives_an_empty_version(tmp_path):
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    seeds.mkdir()
    summary = ingest(seeds=str(seeds), cleaned=str(cleaned))
    manifest = json.loads((cleaned / "v0001" / "manifest.json").read_text())
    assert summary["version"] == "v0001"
    assert manifest["counts"]["documents"] == manifest["counts"]["inputs"] == 0
    assert manifest["counts"]["removed_by_step_and_kind"] == {}
    assert not [name for name in manifest["outputs"] if name.startswith("documents/")]
    assert "This version holds no documents." in (cleaned / "v0001" / "README.md").read_text()
