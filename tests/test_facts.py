"""The facts of every corpus step survive pickling whole, as they must between passes and in
every file's trail."""

from __future__ import annotations

import pickle

import pytest

from newsclean.corpus.facts import PickledByFields
from newsclean.pipeline import PIPELINE, DocumentStage, plan_passes, run_pass
from newsclean.readers.read import read_path
from tests.conftest import SEEDS


def test_every_corpus_steps_facts_round_trip(settings):
    docs = [
        doc
        for path in sorted(p for p in SEEDS.rglob("*") if p.is_file())
        for doc in read_path(path, SEEDS, settings.readers).documents
    ]
    decision = None
    checked = set()
    for one_pass in plan_passes():
        docs, facts = run_pass(docs, one_pass, decision, settings)
        if one_pass.collect is None:
            continue
        assert facts
        for value in facts.values():
            assert isinstance(value, PickledByFields)
            again = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            assert again == value and type(again) is type(value)
        checked.add(one_pass.collect.name)
        decision = one_pass.collect.applied(one_pass.collect.decide(facts, None, settings))
    assert checked == {s.name for s in PIPELINE if not isinstance(s, DocumentStage)}


def test_a_class_of_one_field_is_refused():
    from dataclasses import dataclass

    @dataclass(frozen=True, slots=True)
    class Lonely(PickledByFields):
        only: int

    with pytest.raises(TypeError, match="two fields"):
        pickle.dumps(Lonely(1))
