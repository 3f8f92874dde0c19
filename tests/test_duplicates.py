"""Duplicate documents across the corpus and across versions, built from the seed articles."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsclean.corpus.duplicates import CLUSTERS_FILE, INDEX_FILE, DuplicateDocuments
from newsclean.dedup.lsh import band_layout, candidate_pairs
from newsclean.dedup.minhash import MinHasher, shingle_hash
from newsclean.document import Document, Paragraph, Source
from newsclean.settings import Settings
from newsclean.steps.header import parse_header
from newsclean.steps.normalise import normalise
from newsclean.steps.paragraphs import split_paragraphs
from newsclean.store.previous import PreviousVersion

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
STEP = DuplicateDocuments()


def seed_paragraphs(prefix: str) -> list[str]:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    doc = Document(
        id=path.stem, source=Source(path=path.name, sha256="", format="text"), body=path.read_text()
    )
    for step in (normalise, parse_header, split_paragraphs):
        doc = step(doc, Settings())
    return [p.text for p in doc.paragraphs]


def make_doc(
    doc_id: str,
    paragraphs: list[str],
    published: str | None = "2022-11-19T00:19:00+03:00",
    site: str = "example.org",
) -> Document:
    return Document(
        id=doc_id,
        source=Source(
            path=f"{doc_id}.txt", sha256="", format="text", url=f"https://{site}/{doc_id}"
        ),
        published=published,
        site=site,
        paragraphs=[Paragraph(p) for p in paragraphs],
    )


def light_edit(paragraphs: list[str], seed: int) -> list[str]:
    """About 5% of the words substituted, dropped or doubled, as a rewriting reprint does."""
    rng = random.Random(seed)
    out = []
    for paragraph in paragraphs:
        words = []
        for word in paragraph.split():
            roll = rng.random()
            if roll < 0.02:
                words.append("reportedly")
            elif roll < 0.035:
                continue
            elif roll < 0.05:
                words += [word, word]
            else:
                words.append(word)
        out.append(" ".join(words))
    return out


def run(docs: list[Document], settings: Settings, previous: PreviousVersion | None = None):
    facts = {doc.id: STEP.collect(doc, settings) for doc in docs if not doc.dropped}
    decision = STEP.decide(facts, previous, settings)
    out = [STEP.apply(doc, decision, settings) for doc in docs]
    return {doc.id: doc for doc in out}, STEP.outputs(decision)


def with_duplicates(settings: Settings, **changes) -> Settings:
    return replace(settings, duplicates=replace(settings.duplicates, **changes))


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[str]]:
    return {prefix: seed_paragraphs(prefix) for prefix in ("000", "001", "002", "003", "004")}


def corpus(seeds) -> list[Document]:
    """The five seeds, an exact copy of 001 elsewhere (other typography and case), and a
    lightly rewritten reprint of 000 published later on another site."""
    exact_copy = [p.upper().replace("\u2019", "'") for p in seeds["001"]]
    return [
        *(make_doc(f"seed{prefix}", paragraphs) for prefix, paragraphs in seeds.items()),
        make_doc(
            "copy001", exact_copy, published="2022-11-19T08:00:00+03:00", site="mirror.example"
        ),
        make_doc(
            "reprint000",
            light_edit(seeds["000"], 1),
            published="2022-11-20T10:00:00+00:00",
            site="reprints.example",
        ),
    ]


def test_exact_and_near_duplicates_are_dropped_with_one_removal(seeds, settings):
    docs, files = run(corpus(seeds), settings)

    assert sorted(i for i, d in docs.items() if d.dropped) == ["copy001", "reprint000"]
    copy, reprint = docs["copy001"], docs["reprint000"]
    assert (copy.duplicate_of.document, copy.duplicate_of.similarity) == ("seed001", 1.0)
    assert reprint.duplicate_of.document == "seed000"
    assert settings.duplicates.document_threshold <= reprint.duplicate_of.similarity < 1.0
    for doc, rule in ((copy, "exact-document"), (reprint, "near-document")):
        (removal,) = doc.removals
        assert (removal.step, removal.rule, removal.kind) == ("duplicates", rule, "document")
        assert removal.text == doc.text and removal.paragraph is None
        assert removal.duplicate_of == doc.duplicate_of
    # distinct articles on the same topic are left alone
    for prefix in seeds:
        assert not docs[f"seed{prefix}"].dropped and docs[f"seed{prefix}"].duplicate_of is None
    clusters = [json.loads(line) for line in files[CLUSTERS_FILE].decode().splitlines()]
    assert [(c["canonical"], [m["document"] for m in c["members"]]) for c in clusters] == [
        ("seed000", ["reprint000"]),
        ("seed001", ["copy001"]),
    ]


def test_mark_keeps_duplicates_with_a_reference(seeds, settings):
    docs, _ = run(corpus(seeds), with_duplicates(settings, duplicate_documents="mark"))
    assert not any(d.dropped or d.removals for d in docs.values())
    assert docs["copy001"].duplicate_of.document == "seed001"
    assert docs["reprint000"].duplicate_of.document == "seed000"


def test_unknown_mode_is_refused(seeds, settings):
    with pytest.raises(ValueError, match="duplicate_documents"):
        run(corpus(seeds), with_duplicates(settings, duplicate_documents="delete"))


def test_canonical_is_earliest_then_most_complete_then_smallest_id(seeds, settings):
    text = seeds["003"]
    longer = [*text, "An editor's note added to this reprint of the article, at its end."]
    cases = [
        # earliest published wins even when shorter and with the larger id
        (
            [("b", text, "2022-03-06T02:45:00+03:00"), ("a", longer, "2022-03-06T10:00:00+03:00")],
            "b",
        ),
        # the same moment written in two zones is a tie: the longer copy wins
        (
            [("b", longer, "2022-03-05T23:45:00+00:00"), ("a", text, "2022-03-06T02:45:00+03:00")],
            "b",
        ),
        # same date and length: the smallest id
        ([("b", text, "2022-03-06T02:45:00+03:00"), ("a", text, "2022-03-06T02:45:00+03:00")], "a"),
        # an undated copy never wins over a dated one
        ([("a", longer, None), ("b", text, "2022-03-06T02:45:00+03:00")], "b"),
    ]
    for members, canonical in cases:
        docs, _ = run([make_doc(i, t, published=p) for i, t, p in members], settings)
        (duplicate,) = [d for d in docs.values() if d.dropped]
        assert duplicate.id != canonical and duplicate.duplicate_of.document == canonical


def test_output_does_not_depend_on_document_order(seeds, settings):
    def snapshot(docs):
        return [(i, d.dropped, d.duplicate_of, d.removals) for i, d in sorted(docs.items())]

    def documents():
        return [
            *corpus(seeds),
            make_doc("reprint000b", light_edit(seeds["000"], 2), published=None, site="b.example"),
            make_doc("reprint001", light_edit(seeds["001"], 3), site="c.example"),
        ]

    baseline_docs, baseline_files = run(documents(), settings)
    for seed in range(3):
        shuffled = documents()
        random.Random(seed).shuffle(shuffled)
        docs, files = run(shuffled, settings)
        assert files == baseline_files
        assert snapshot(docs) == snapshot(baseline_docs)
    assert baseline_docs["reprint000b"].duplicate_of.document == "seed000"
    assert baseline_docs["reprint001"].duplicate_of.document == "seed001"


def test_previous_version_index_recognises_a_story_that_reappears(seeds, settings, tmp_path):
    first_docs, first_files = run(
        [make_doc(f"seed{prefix}", paragraphs) for prefix, paragraphs in seeds.items()], settings
    )
    assert not any(d.dropped for d in first_docs.values())
    for name, data in first_files.items():
        (tmp_path / name).write_bytes(data)
    previous = PreviousVersion(name="v1", path=tmp_path)

    # the next run sees only new documents: a reprint of 002 and a new article
    new = [
        make_doc("reprint002", light_edit(seeds["002"], 4), site="other.example"),
        make_doc("fresh", seeds["004"][:3], site="other.example"),
    ]
    docs, files = run(new, settings, previous)
    assert docs["reprint002"].dropped
    assert docs["reprint002"].duplicate_of.document == "seed002"
    assert not docs["fresh"].dropped
    cluster = json.loads(files[CLUSTERS_FILE].decode().splitlines()[0])
    assert cluster["canonical"] == "seed002"
    assert cluster["members"][0]["document"] == "reprint002" and cluster["members"][0]["in_run"]
    # the new index still knows the earlier documents, and has learned the new ones
    index_ids = [json.loads(line).get("id") for line in files[INDEX_FILE].decode().splitlines()[1:]]
    assert index_ids == sorted([*(f"seed{p}" for p in seeds), "reprint002", "fresh"])

    # without the previous version the reprint is new
    docs, _ = run([make_doc("reprint002", light_edit(seeds["002"], 4))], settings)
    assert not docs["reprint002"].dropped

    # an index built with other MinHash parameters cannot be compared with, and is ignored
    other = with_duplicates(settings, num_perm=64)
    docs, _ = run([make_doc("reprint002", light_edit(seeds["002"], 4))], other, previous)
    assert not docs["reprint002"].dropped


def test_rerun_with_its_own_index_gives_the_same_bytes(seeds, settings, tmp_path):
    docs = corpus(seeds)
    _, first = run(docs, settings)
    for name, data in first.items():
        (tmp_path / name).write_bytes(data)
    _, second = run(corpus(seeds), settings, PreviousVersion(name="v1", path=tmp_path))
    assert second == first


def test_signatures_are_datasketch_minhashes(seeds):
    hasher = MinHasher(num_perm=128, seed=5, shingle_words=3)
    texts = [p.lower().split() for p in seeds["000"][:6]] + [["one", "two"], []]
    for text, signature in zip(texts, hasher.signatures(texts), strict=True):
        reference = MinHash(num_perm=128, seed=5, scheme="affine32", hashfunc=shingle_hash)
        k = min(3, len(text))
        for start in range(len(text) - k + 1 if text else 0):
            reference.update(tuple(text[start : start + k]))
        assert np.array_equal(reference.hashvalues, signature)


def test_lsh_buckets_are_those_of_datasketch_minhashlsh(seeds):
    rng = random.Random(0)
    texts = [p.lower().split() for paragraphs in seeds.values() for p in paragraphs]
    texts += [[w for w in t if rng.random() > 0.1] for t in texts]
    signatures = MinHasher(128, 1, 2).signatures(texts)
    bands, rows = band_layout(0.5, 128)
    index = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = [LeanMinHash(seed=1, hashvalues=s, scheme="affine32") for s in signatures]
    for i, sketch in enumerate(sketches):
        index.insert(i, sketch)
    expected = {(i, j) for i, s in enumerate(sketches) for j in index.query(s) if i < j}
    found = {tuple(pair) for pair in candidate_pairs(signatures, bands, rows).tolist()}
    assert found == expected and len(found) > len(texts) // 2


def test_documents_without_words_are_not_duplicates(settings):
    docs, files = run([make_doc("empty1", []), make_doc("empty2", ["—"])], settings)
    assert not any(d.dropped or d.duplicate_of for d in docs.values())
    assert files[CLUSTERS_FILE] == b""


def test_a_paragraph_quoted_by_documents_of_other_sites_stays(seeds, settings):
    quotation = seeds["002"][12]
    first = make_doc("quoting1", [*seeds["001"][:6], quotation], site="politnavigator.example")
    second = make_doc("quoting2", [quotation, *seeds["004"][:6]], site="eurasiareview.example")
    docs, files = run([first, second], settings)
    for doc in docs.values():
        assert not doc.dropped and doc.removals == [] and doc.duplicate_of is None
        assert quotation in [p.text for p in doc.paragraphs]
    assert files[CLUSTERS_FILE] == b""
