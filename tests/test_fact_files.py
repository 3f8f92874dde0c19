"""A corpus step's facts spilled by the batches to Parquet files: the decisions read them in
id order from disk, never all at once, and decide as they do over the facts in memory, byte
for byte; the flow hands its decisions the files, not the facts."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

import flows.ingest
import newsclean.batching
from newsclean.corpus.fact_files import SpilledFacts, in_id_order, write_facts
from newsclean.pipeline import PIPELINE, DocumentStage, plan_passes, run_pass
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from tests.conftest import SEEDS, version_files
from tests.large_inputs import jsonl_dump


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds and a dump of articles made from them, with a site's furniture line and
    repeated articles."""
    folder = tmp_path_factory.mktemp("corpus") / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "dump.jsonl").write_bytes(jsonl_dump(120))
    return folder


@pytest.fixture(scope="module")
def collected(corpus) -> list[tuple[Any, dict[str, Any]]]:
    """Every corpus step with the facts it collected from the corpus."""
    settings = Settings()
    docs = [
        doc
        for path in sorted(p for p in corpus.rglob("*") if p.is_file())
        for doc in read_path(path, corpus, settings.readers).documents
    ]
    steps = []
    decision = None
    for one_pass in plan_passes():
        docs, facts = run_pass(docs, one_pass, decision, settings)
        if one_pass.collect is None:
            continue
        steps.append((one_pass.collect, facts))
        decision = one_pass.collect.applied(one_pass.collect.decide(facts, None, settings))
    return steps


def spilled(facts: dict[str, Any], folder, batches: int) -> SpilledFacts:
    """`facts` in `batches` files, dealt out as batches of files would hold them (not in id
    order)."""
    ids = list(facts)
    return SpilledFacts(
        [
            write_facts(folder / f"{n:06d}.parquet", {i: facts[i] for i in ids[n::batches]})
            for n in range(batches)
        ]
    )


def outputs(step, decision) -> dict[str, bytes]:
    return {
        name: data if isinstance(data, bytes) else b"".join(data)
        for name, data in step.outputs(decision).items()
    }


def test_every_step_decides_spilled_facts_as_in_memory_without_loading_them(
    collected, settings, tmp_path
):
    assert {step.name for step, _ in collected} == {
        s.name for s in PIPELINE if not isinstance(s, DocumentStage)
    }
    for step, facts in collected:
        assert len(facts) > 100
        expected = step.decide(facts, None, settings)
        for batches in (1, 3, 7):
            on_disk = spilled(facts, tmp_path / f"{step.name}-{batches}", batches)
            decision = step.decide(on_disk, None, settings)
            assert outputs(step, decision) == outputs(step, expected), (step.name, batches)
            assert pickle.dumps(step.applied(decision)) == pickle.dumps(step.applied(expected))
            # the decision streamed the facts: it never looked documents up one by one
            assert on_disk._loaded is None, step.name


def test_spilled_facts_stream_in_id_order_and_the_last_file_wins(tmp_path):
    first = write_facts(tmp_path / "a.parquet", {"d3": ("a", 3), "d1": ("a", 1)})
    second = write_facts(tmp_path / "b.parquet", {"d2": ("b", 2), "d3": ("b", 3)})
    empty = write_facts(tmp_path / "c.parquet", {})
    facts = SpilledFacts([first, empty, second])
    assert (first.documents, second.documents, empty.documents) == (2, 2, 0)
    assert list(facts.items()) == [("d1", ("a", 1)), ("d2", ("b", 2)), ("d3", ("b", 3))]
    assert list(facts) == ["d1", "d2", "d3"] and len(facts) == 3
    assert "d2" in facts and "d4" not in facts
    assert list(in_id_order(facts)) == list(in_id_order(dict(facts.items())))
    assert facts["d3"] == ("b", 3)


def test_the_flow_hands_its_decisions_files_of_facts_not_facts(corpus, tmp_path, monkeypatch):
    got: list[SpilledFacts] = []
    decide = flows.ingest.decide

    def recording(merged, *args):
        got.append(merged.unquote())  # as the flow quotes it
        return decide(merged, *args)

    monkeypatch.setattr(flows.ingest, "decide", recording)
    # the dump is cut into pieces, in several batches
    monkeypatch.setattr(newsclean.batching, "SPLIT_BYTES", 10_000)
    flows.ingest.ingest(str(corpus), str(tmp_path / "spilled"), batch_size=16)
    corpus_steps = [s.name for s in PIPELINE if not isinstance(s, DocumentStage)]
    assert len(got) == len(corpus_steps)
    for merged, name in zip(got, corpus_steps, strict=True):
        assert isinstance(merged, SpilledFacts)
        # one file per batch, and one of the (no) known files' facts
        assert len(merged.files) > 5
        assert all(f.path.name.endswith(".parquet") for f in merged.files), name
        assert sum(f.documents for f in merged.files) > 20
    monkeypatch.setattr(flows.ingest, "decide", decide)
    flows.ingest.ingest(str(corpus), str(tmp_path / "whole"))
    spilled_version = sorted((tmp_path / "spilled").glob("v*"))[-1]
    whole_version = sorted((tmp_path / "whole").glob("v*"))[-1]
    assert version_files(spilled_version) == version_files(whole_version)
