"""The duplicate-documents decision as a keyed reduction (spilled partitions, shuffles by band
bucket) gives the one-process decision byte for byte, on the seeds and near copies of them."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from newsclean.corpus import duplicates
from newsclean.corpus.duplicates import CLUSTERS_FILE, DuplicateDocuments
from newsclean.corpus.keyed import KeyedReduction
from newsclean.dedup.lsh import BUCKET_WINDOW
from newsclean.document import Document
from newsclean.settings import Settings
from newsclean.store.previous import PreviousVersion
from tests.conftest import SEEDS, keyed_run_files
from tests.test_duplicates import light_edit, make_doc, seed_paragraphs

STEP = DuplicateDocuments()


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    return {prefix: seed_paragraphs(prefix) for prefix in ("000", "001", "002", "003", "004")}


def near_copies(seeds: dict[str, list[str]]) -> list[Document]:
    """The seeds, rewritten reprints and exact copies of them on other sites and dates,
    distinct articles cut from them, articles mixing two of them, and one story reprinted
    more often than the bucket window pairs at once."""
    rng = random.Random(7)
    docs = [make_doc(f"seed{prefix}", paragraphs) for prefix, paragraphs in seeds.items()]
    for n in range(40):
        prefix = rng.choice(sorted(seeds))
        docs.append(
            make_doc(
                f"reprint{n:03d}-{prefix}",
                light_edit(seeds[prefix], n),
                published=rng.choice([None, "2022-11-19T00:19:00+03:00", "2021-01-02"]),
                site=f"site{n % 7}.example",
            )
        )
    for n, prefix in enumerate(sorted(seeds)):
        docs.append(make_doc(f"copy{n}", [p.upper() for p in seeds[prefix]], published=None))
        docs.append(make_doc(f"part{n}", seeds[prefix][n : n + 2], site="parts.example"))
    # articles made of part of one seed and part of another: some reach the threshold with
    # one of them, many share a band with one without reaching it
    prefixes = sorted(seeds)
    for n in range(30):
        first, second = seeds[prefixes[n % 5]], seeds[prefixes[(n + 1 + n // 5) % 5]]
        cut = round(len(first) * (0.3 + 0.4 * (n % 6) / 5))
        docs.append(make_doc(f"mixed{n:02d}", first[:cut] + second[cut:], site="mix.example"))
    for n in range(BUCKET_WINDOW + 20):
        docs.append(make_doc(f"wire{n:03d}", light_edit(seeds["003"], 1000 + n)))
    docs.append(make_doc("empty", [""]))
    return docs


def decided(docs: list[Document], reduction: KeyedReduction | None, previous=None):
    settings = Settings()
    facts = {doc.id: STEP.collect(doc, settings) for doc in docs}
    decision = STEP.decide(facts, previous, settings, reduction)
    files = {
        name: data if isinstance(data, bytes) else b"".join(data)
        for name, data in STEP.outputs(decision).items()
    }
    return files, STEP.applied(decision)


def test_keyed_decision_equals_the_one_process_decision(seeds, tmp_path: Path):
    docs = near_copies(seeds)
    files, applied = decided(docs, None)
    assert len(applied.duplicates) > BUCKET_WINDOW + 40  # the corpus holds real clusters
    for partition_documents in (7, 50, 10_000):
        folder = tmp_path / f"spill-{partition_documents}"
        reduction = KeyedReduction(folder, "synchronous", partition_documents)
        keyed_files, keyed_applied = decided(docs, reduction)
        assert keyed_files == files, partition_documents
        assert keyed_applied == applied


def test_keyed_decision_carries_the_previous_index_forward(seeds, tmp_path: Path):
    docs = near_copies(seeds)
    first, _ = decided(docs[: len(docs) // 2], None)
    for name, data in first.items():
        (tmp_path / name).write_bytes(data)
    previous = PreviousVersion(name="v1", path=tmp_path)
    rest = docs[len(docs) // 3 :]  # some documents again, some only in the index
    files, applied = decided(rest, None, previous)
    reduction = KeyedReduction(tmp_path / "spill", "synchronous", 9)
    keyed_files, keyed_applied = decided(rest, reduction, previous)
    assert keyed_files == files
    assert keyed_applied == applied
    # clusters join documents of this run with documents known only from the index
    clusters = [json.loads(line) for line in files[CLUSTERS_FILE].splitlines()]
    assert any(not member["in_run"] for c in clusters for member in c["members"])
    assert applied.duplicates


def test_keyed_decision_on_a_dask_cluster(dask_client, seeds, tmp_path: Path):
    docs = near_copies(seeds)
    files, applied = decided(docs, None)
    keyed_files, keyed_applied = decided(docs, KeyedReduction(tmp_path / "spill", dask_client, 11))
    assert keyed_files == files
    assert keyed_applied == applied


def test_the_flow_decides_keyed_from_its_threshold_with_the_same_bytes(tmp_path: Path, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds / "a")
    shutil.copy(SEEDS / "003_cc2461c9aba41f5a.txt", seeds / "copy-of-003.txt")
    (seeds / "reprint-of-000.txt").write_text(
        "\n\n".join(light_edit(seed_paragraphs("000"), 3)), encoding="utf-8"
    )
    reference = keyed_run_files(seeds, tmp_path, monkeypatch, duplicates, "decide_clusters")
    # the copy and the reprint, each in a cluster with its original
    clusters = [json.loads(line) for line in reference["duplicates.jsonl"].splitlines()]
    rules = sorted(member["rule"] for c in clusters for member in c["members"])
    assert rules == ["exact-document", "near-document"]
