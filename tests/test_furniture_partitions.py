"""The learned site furniture decision as a keyed reduction (documents spilled by id range,
shuffles by bucket, by site and by line) gives the one-process decision byte for byte: its
files, the decision the documents get, and the documents."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import newsclean.corpus.furniture_partitions as furniture_partitions
from newsclean.corpus.fact_files import SpilledFacts, write_facts
from newsclean.corpus.keyed import KeyedReduction, smallest_connected
from newsclean.corpus.site_furniture import STATE_FILE, SiteFurniture
from newsclean.dedup.lsh import components
from newsclean.document import Document
from newsclean.pipeline import PIPELINE, DocumentStage, run_document_steps
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.store.previous import PreviousVersion
from tests.conftest import SEEDS, keyed_run_files
from tests.large_inputs import jsonl_dump
from tests.test_site_furniture import (
    FI_ARTICLES,
    FI_HEAD,
    FI_TAIL,
    QUOTE,
    finnish_site,
    german_site,
    long_site,
    make_doc,
)

STEP = SiteFurniture()
KAZAKH_FOOTER = [
    "Жаңалықтарды Telegram арнамыздан оқыңыз",
    "Материалдарды көшіріп басу үшін редакцияның рұқсаты қажет",
]

KAZAKH_NEWS = [
    "Астанада жаңа мектеп ашылды, онда мың бала оқиды.",
    "Алматыда қар жауып, жолдарда кептеліс болды.",
    "Қарағандыда шахтерлер жалақыны көтеруді талап етті.",
    "Ақтөбеде жаңа аурухана салу жұмыстары басталды.",
]


def corpus(tmp_path: Path) -> list[Document]:
    """The seeds and a dump of articles made from them (a site's furniture line, repeated
    articles), a site of 40 pages, copies of one page under one URL and under others, a
    site whose pages are longer than both edge windows, documents without a site grouped
    by their shared lines (and one sharing too little), a sentence quoted on two sites,
    and documents without a line."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "dump.jsonl").write_bytes(jsonl_dump(120))
    settings = Settings()
    read = [
        doc
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
        for doc in read_path(path, folder, settings.readers).documents
    ]
    clean = next(s for s in PIPELINE if isinstance(s, DocumentStage) and s.name == "clean")
    docs = run_document_steps(read, clean, settings)
    # a site of 40 pages, each a different article: paragraphs of the articles above
    pool = list(dict.fromkeys(p.text for doc in docs for p in doc.paragraphs if len(p.text) > 80))
    assert len(pool) >= 80
    docs += [
        make_doc(
            f"fi{n:02d}",
            [*FI_HEAD, *pool[2 * n : 2 * n + 2], *FI_TAIL],
            url=f"https://www.pohjolansanomat.example/uutiset/{n}",
        )
        for n in range(40)
    ]
    docs += german_site()
    tracked = german_site((None, "http://www.taz.de/!5928990?utm_source=rss"))
    for doc in tracked:
        doc.id = f"{doc.id}-again"
    docs += tracked
    docs += long_site()
    docs += [make_doc(f"kz{n}", [news, *KAZAKH_FOOTER]) for n, news in enumerate(KAZAKH_NEWS)]
    docs.append(make_doc("kz-alone", ["Шымкентте жаңа саябақ салынады.", KAZAKH_FOOTER[0]]))
    for site in ("a", "b"):
        docs += [
            make_doc(
                f"q{site}{n}",
                [*FI_ARTICLES[n], QUOTE, FI_TAIL[0], f"© {site}.ex"],
                f"https://{site}.ex/{n}",
            )
            for n in range(3)
        ]
    docs.append(make_doc("nothing", ["", "—"], url="https://pohjolansanomat.example/tyhja"))
    return docs


def decided(
    docs: list[Document],
    facts: Any,
    reduction: KeyedReduction | None,
    previous: PreviousVersion | None = None,
) -> tuple[dict[str, bytes], Any, list[dict]]:
    settings = Settings()
    decision = STEP.decide(facts, previous, settings, reduction)
    files = {
        name: data if isinstance(data, bytes) else b"".join(data)
        for name, data in STEP.outputs(decision).items()
    }
    applied = STEP.applied(decision)
    applied_docs = [STEP.apply(copy.deepcopy(doc), applied, settings).to_dict() for doc in docs]
    return files, applied, applied_docs


def facts_of(docs: list[Document]) -> dict[str, Any]:
    return {doc.id: STEP.collect(doc, Settings()) for doc in docs}


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> list[Document]:
    return corpus(tmp_path_factory.mktemp("corpus"))


def test_keyed_decision_equals_the_one_process_decision(docs, tmp_path: Path):
    facts = facts_of(docs)
    files, applied, applied_docs = decided(docs, facts, None)
    learned = json.loads(files[STATE_FILE])["learned"]
    # the corpus holds what the decision is about: sites of many pages, copies counted
    # once, a group of documents without a site, a quotation kept
    # the subscription line is also on the two sites that quote: a sentence on several
    # sites is a quotation
    assert sorted(line["text"] for line in learned["pohjolansanomat.example"]) == sorted(
        [*FI_HEAD, FI_TAIL[1]]
    )
    assert learned["pohjolansanomat.example"][0]["evidence"].startswith("seen in 40 of 41 pages")
    assert {line["evidence"] for line in learned["taz.de"]} == {
        "seen in 3 of 3 pages of site taz.de"
    }
    assert any(site.startswith("group:kz") for site in learned)
    assert QUOTE not in {line["text"] for lines in learned.values() for line in lines}
    assert sorted(learned) == [
        "a.ex",
        "b.ex",
        "group:kz0",
        "l.example",
        "pohjolansanomat.example",
        "taz.de",
    ]
    for partition_documents in (3, 7, 10_000):
        folder = tmp_path / f"spill-{partition_documents}"
        reduction = KeyedReduction(folder, "synchronous", partition_documents)
        keyed = decided(docs, facts, reduction)
        assert (folder / furniture_partitions.DOCUMENTS).is_dir()  # decided keyed
        assert keyed[0] == files, partition_documents
        assert keyed[1] == applied
        assert keyed[2] == applied_docs


def test_keyed_decision_of_no_documents_and_of_documents_without_lines(tmp_path: Path):
    lineless = [make_doc("empty", []), make_doc("dash", ["—"], url="https://x.example/1")]
    for docs in ([], lineless):
        expected = decided(docs, facts_of(docs), None)
        reduction = KeyedReduction(tmp_path / f"spill-{len(docs)}", "synchronous", 1)
        assert decided(docs, facts_of(docs), reduction) == expected


def test_keyed_decision_from_facts_in_several_files(docs, tmp_path: Path):
    facts = facts_of(docs)
    ids = list(facts)
    spilled = SpilledFacts(
        [
            write_facts(tmp_path / f"{n:06d}.parquet", {i: facts[i] for i in ids[n::3]})
            for n in range(3)
        ]
    )
    expected = decided(docs, facts, None)
    assert decided(docs, spilled, KeyedReduction(tmp_path / "spill", "synchronous", 11)) == expected


def test_keyed_decision_carries_the_previous_version_forward(docs, tmp_path: Path):
    first, _, _ = decided(docs, facts_of(docs[::2]), None)
    for name, data in first.items():
        (tmp_path / name).write_bytes(data)
    previous = PreviousVersion(name="v1", path=tmp_path)
    rest = docs[1::2] + docs[::6]  # some documents again, most only in the previous version
    expected = decided(rest, facts_of(rest), None, previous)
    reduction = KeyedReduction(tmp_path / "spill", "synchronous", 9)
    assert decided(rest, facts_of(rest), reduction, previous) == expected
    # the pages of the previous version count for their site
    learned = json.loads(expected[0][STATE_FILE])["learned"]
    assert learned["pohjolansanomat.example"][0]["evidence"].startswith("seen in 40 of 41 pages")


def test_keyed_decision_on_a_dask_cluster(dask_client, docs, tmp_path: Path):
    facts = facts_of(docs)
    expected = decided(docs, facts, None)
    keyed = decided(docs, facts, KeyedReduction(tmp_path / "spill", dask_client, 13))
    assert keyed == expected


def test_the_flow_decides_furniture_keyed_from_its_threshold_with_the_same_bytes(
    tmp_path: Path, monkeypatch
):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds / "a")
    for doc in finnish_site(count=5):
        text = "\n\n".join(p.text for p in doc.paragraphs)
        (seeds / f"{doc.id}.txt").write_text(text, encoding="utf-8")
    reference = keyed_run_files(seeds, tmp_path, monkeypatch, furniture_partitions, "decide_keyed")
    learned = json.loads(reference[STATE_FILE])["learned"]
    assert [line["text"] for lines in learned.values() for line in lines] != []


def test_connected_rows_in_arrays_are_those_of_union_find():
    rng = np.random.default_rng(5)
    for count, edges in ((1, 0), (50, 0), (50, 30), (400, 350), (400, 2_000), (3_000, 2_900)):
        pairs = rng.integers(0, count, size=(edges, 2), dtype=np.int64)
        pairs = np.sort(pairs, axis=1)
        assert smallest_connected(count, pairs).tolist() == components(count, pairs).tolist()
    chain = np.stack([np.arange(999, 0, -1), np.arange(1000, 1, -1)], axis=1)  # a long path
    assert smallest_connected(1001, chain).tolist() == components(1001, chain).tolist()
