"""The name-variants decision as a keyed reduction (spilled partitions, shuffles by word, by
name key and by range of groups) gives the one-process decision byte for byte: variants.json
and the documents it is applied to, on the seeds and on names in many languages and scripts."""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import asdict, replace
from pathlib import Path

import pytest

from newsclean.corpus import variant_partitions
from newsclean.corpus.fact_files import SpilledFacts, write_facts
from newsclean.corpus.keyed import KeyedReduction
from newsclean.corpus.variants import VARIANTS_FILE, NameVariants
from newsclean.document import Document
from newsclean.pipeline import collect_facts, plan_passes, run_pass
from newsclean.settings import Settings
from newsclean.steps.language import detect_language
from newsclean.steps.names import find_mentions
from newsclean.store.previous import PreviousVersion
from tests.conftest import SEEDS, keyed_run_files
from tests.test_variants import document, in_language, seed_documents

STEP = NameVariants()


def many_languages() -> list[Document]:
    """Names across scripts and transcriptions, ordinary words that are no names (one the
    corpus writes in lowercase in other documents), units, German nouns, stress accents."""
    marked = [
        in_language("en", document("en-court", "The case went to the Court on appeal.")),
        in_language("en", document("en-court2", "The court heard it; the court ruled.")),
        in_language("en", document("en-ny", "He flew to New York on a new route; York waited.")),
        in_language("en", document("en-ny2", "New York's mayor met Kurt Weill's heirs.")),
        in_language(
            "de",
            document(
                "de-a",
                "Nach zwei Abmahnungen lobte der Verband die Beharrlichkeit des Produktes, "
                "sagten Frau Müller und Herr Brenninger in Berlin; Kanzlerin Angela Merkel kam.",
            ),
        ),
        in_language("ru", document("ru-kipr", "Самолёт летел на Кипр, где Синий Дом. Был Токаев.")),
        in_language("uk", document("uk-berlin", "Делегація прибула до міста Берлін з Алмати.")),
        in_language("kk", document("kk-almaty", "Делегация Алматы қаласы мен Берлинге барды.")),
        in_language("bg", document("bg-bush", "Президентът Буш пристигна в София.")),
        in_language("bg", document("bg-bush2", "Според Буш войната е приключила.")),
        in_language("en", document("en-bush", "The speech by George Bush was long.")),
    ]
    for doc in marked:
        doc.language = doc.paragraphs[0].language
    detected = [
        document("kz-a", "Президент Токаев встретился с Айгерим Құрмановой. Токаев уехал."),
        document("kz-b", "Астанада Тоқаев және Құрманова болды."),
        document("kz-c", "President Tokayev met Aigerim Kurmanova and Kurmanov in Astana."),
        document("kz-d", "Вчера Курманова выступила; Kurmanova spoke."),
        document("fx-a", "Канцлер Герман Шмидт встретился с Джузеппе Ёсидой."),
        document("fx-b", "Chancellor Hermann Schmidt met Giuseppe Yoshida and Anna Schmidtova."),
        document("it", "Il pilota Valentino Rossi ha vinto la gara di Misano davanti ai tifosi."),
        document("ru", "Президент России выступил. Гонщик Валентино Росси выиграл гонку."),
        document("pt-a", "Os agentes da Polícia Judiciária chegaram ao local do crime."),
        document("pt-b", "Um agente da Policia Nacional ficou ferido durante a operação."),
        document("es", "El entrenador José Mourinho dijo que su equipo había jugado muy bien."),
        document("en-jose", "The coach Jose Mourinho said his team had played well."),
    ]
    return marked + detected


@pytest.fixture(scope="module")
def annotated() -> list[Document]:
    """The seeds as the pipeline's passes leave them for the names step, and documents in many
    languages (those without a language of their own, detected)."""
    settings = Settings()
    docs = seed_documents(settings)
    decision = None
    for one_pass in plan_passes():
        docs, facts = run_pass(docs, one_pass, decision, settings)
        if one_pass.collect is None:
            continue
        if one_pass.collect.name == STEP.name:
            break
        decision = one_pass.collect.applied(one_pass.collect.decide(facts, None, settings))
    others = [doc if doc.language else detect_language(doc, settings) for doc in many_languages()]
    return docs + [find_mentions(doc, settings) for doc in others]


def decided(docs: list[Document], facts, reduction: KeyedReduction | None, previous=None):
    """variants.json, the applied decision (its names sorted: a set's order is no part of
    it) and the documents it is applied to."""
    settings = Settings()
    settings = replace(settings, names=replace(settings.names, text_normalised=True))
    decision = STEP.decide(facts, previous, settings, reduction)
    files = {
        name: data if isinstance(data, bytes) else b"".join(data)
        for name, data in STEP.outputs(decision).items()
    }
    if reduction is not None:
        # keyed: variants.json waited on disk, not in the decision
        assert decision.groups == [] and decision.variants_parts is not None
    applied = STEP.applied(decision)
    documents = [STEP.apply(copy.deepcopy(doc), applied, settings) for doc in docs]
    held = (list(applied.canonical.items()), list(applied.kinds.items()), sorted(applied.names))
    return files, held, [asdict(doc) for doc in documents]


def groups_of(files: dict[str, bytes]) -> dict[str, set[str]]:
    return {
        g["canonical"]: {v["form"] for v in g["variants"]} for g in json.loads(files[VARIANTS_FILE])
    }


def test_keyed_decision_equals_the_one_process_decision(annotated, tmp_path: Path):
    facts = collect_facts(annotated, STEP, Settings())
    expected = decided(annotated, facts, None)
    groups = groups_of(expected[0])
    # the corpus holds what the decision is about
    assert groups["Tokayev"] == {"Tokayev", "Tokaev", "Токаев", "Тоқаев"}
    assert "Nazabayev" in groups["Nazarbayev"]
    assert {"Policia"} in groups.values() and {"Polícia"} in groups.values()
    assert "Court" not in groups and "Abmahnungen" not in groups and "New York" in groups
    for partition_documents in (1, 4, 10_000):
        folder = tmp_path / f"spill-{partition_documents}"
        reduction = KeyedReduction(folder, "synchronous", partition_documents)
        assert decided(annotated, facts, reduction) == expected, partition_documents
    # one document a partition: the words met their lowercase spellings across partitions
    assert len(list((tmp_path / "spill-1" / variant_partitions.DOCUMENTS).iterdir())) == len(facts)


def test_keyed_decision_reads_facts_in_several_files_as_a_stream(annotated, tmp_path: Path):
    facts = collect_facts(annotated, STEP, Settings())
    expected = decided(annotated, facts, None)
    ids = list(facts)
    on_disk = SpilledFacts(
        [
            write_facts(tmp_path / f"{n:06d}.parquet", {i: facts[i] for i in ids[n::3]})
            for n in range(3)
        ]
    )
    reduction = KeyedReduction(tmp_path / "spill", "synchronous", 5)
    assert decided(annotated, on_disk, reduction) == expected
    assert on_disk._loaded is None  # never looked documents up one by one


def test_keyed_decision_keeps_the_previous_versions_canonical_forms(annotated, tmp_path: Path):
    earlier = [
        {
            "canonical": "Tokaev",
            "variants": [
                {"form": "Tokaev", "script": "Latin", "count": 3, "documents": ["a"]},
                # forms this run writes as no name, or not at all
                {"form": "Court", "script": "Latin", "count": 1, "documents": ["a"]},
                {"form": "Tokajev", "script": "Latin", "count": 1, "documents": ["a"]},
            ],
        },
        {
            "canonical": "New York",
            "variants": [{"form": "New York", "script": "Latin", "count": 1, "documents": ["a"]}],
        },
    ]
    (tmp_path / VARIANTS_FILE).write_text(json.dumps(earlier), encoding="utf-8")
    previous = PreviousVersion("v1", tmp_path)
    facts = collect_facts(annotated, STEP, Settings())
    expected = decided(annotated, facts, None, previous)
    assert "Tokaev" in groups_of(expected[0])  # the earlier canonical form held
    reduction = KeyedReduction(tmp_path / "spill", "synchronous", 3)
    assert decided(annotated, facts, reduction, previous) == expected


def test_keyed_decision_of_no_names(tmp_path: Path):
    docs = [document("a", "nothing here is capitalised at all.")]
    facts = collect_facts(docs, STEP, Settings())
    expected = decided(docs, facts, None)
    assert expected[0][VARIANTS_FILE] == b"[]\n"
    assert decided(docs, facts, KeyedReduction(tmp_path / "spill")) == expected
    assert decided([], {}, KeyedReduction(tmp_path / "empty")) == decided([], {}, None)


def test_keyed_decision_on_a_dask_cluster(dask_client, annotated, tmp_path: Path):
    facts = collect_facts(annotated, STEP, Settings())
    expected = decided(annotated, facts, None)
    keyed = decided(annotated, facts, KeyedReduction(tmp_path / "spill", dask_client, 6))
    assert keyed == expected


def test_the_flow_decides_names_keyed_from_its_threshold_with_the_same_bytes(
    tmp_path: Path, monkeypatch
):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds / "a")
    (seeds / "kz.txt").write_text(
        "Президент Токаев встретился с Айгерим Құрмановой в Астане.\n\n"
        "President Tokayev met Aigerim Kurmanova and Kurmanov in Astana on Monday.",
        encoding="utf-8",
    )
    reference = keyed_run_files(seeds, tmp_path, monkeypatch, variant_partitions, "decide_keyed")
    groups = groups_of(reference)
    assert groups["Tokayev"] >= {"Tokayev", "Токаев"}
