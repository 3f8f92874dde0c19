"""A pass collects each document's facts as soon as its steps are done, while the comparison
keys the steps made of its paragraphs are still cached: the same documents and facts as
running every step over the batch and collecting after, without keying the paragraphs again."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from newsclean.corpus.site_furniture import SiteFurniture
from newsclean.document import Document
from newsclean.pipeline import collect_facts, plan_passes, run_document_steps, run_pass
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.textnorm import comparison_key
from tests.conftest import SEEDS
from tests.large_inputs import jsonl_dump


def seeds_and_dump(tmp_path: Path, settings: Settings) -> list[Document]:
    """The seeds and 120 articles made from them: more paragraphs and sentences than
    comparison_key's cache holds."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    (folder / "dump.jsonl").write_bytes(jsonl_dump(120))
    return [
        doc
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
        for doc in read_path(path, folder, settings.readers).documents
    ]


def test_site_furniture_collects_from_the_keys_the_steps_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    docs = seeds_and_dump(tmp_path, settings)
    first = plan_passes()[0]
    assert isinstance(first.collect, SiteFurniture)
    [clean] = first.stages
    stepwise = run_document_steps(copy.deepcopy(docs), clean, settings)
    expected = collect_facts(stepwise, first.collect, settings)

    keys_made, keys_asked = [], []
    collect = SiteFurniture.collect

    def counted(self: SiteFurniture, doc: Document, settings: Settings) -> Any:
        before = comparison_key.cache_info()
        facts = collect(self, doc, settings)
        after = comparison_key.cache_info()
        keys_made.append(after.misses - before.misses)
        keys_asked.append(after.hits + after.misses - before.hits - before.misses)
        return facts

    monkeypatch.setattr(SiteFurniture, "collect", counted)
    comparison_key.cache_clear()
    out, facts = run_pass(docs, first, None, settings)

    assert out == stepwise
    assert list(facts.items()) == list(expected.items())
    assert len(keys_made) == len(facts) > 120
    # a paragraph whose text a later step shortened is keyed anew
    assert sum(keys_asked) > 500
    assert sum(keys_made) < sum(keys_asked) / 100
