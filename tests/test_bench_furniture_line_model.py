"""bench/furniture_line_model.py judges only what the cleaning leaves and may never take:
no paragraph of prose, no line a furniture rule names; its labels come from a page's snippets
or expected text; its figures count snippets as bench/furniture_web.py does."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from newsclean.settings import Settings
from newsclean.textnorm import comparison_key

BENCH = Path(__file__).resolve().parent.parent / "bench" / "furniture_line_model.py"

PROSE = [
    "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr mit großer Mehrheit "
    "beschlossen.",
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Bibliotheken und "
    "den Schwimmbädern.",
    "Der Bürgermeister kündigte an, die Ausgaben im Herbst noch einmal prüfen zu lassen.",
]
LABEL = "Lokales aus der Region"
TEASERS = ["Neues Radwegenetz für die Innenstadt geplant", "Feuerwehr feiert ihr Jubiläum"]
PAGE = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Haushalt beschlossen</title></head>
<body><main><article>
  <h1>Haushalt beschlossen</h1>
  {"".join(f"<p>{p}</p>" for p in PROSE)}
  <p>Zum Newsletter anmelden</p>
  <h2>{LABEL}</h2>
  <p><a href="/a">{TEASERS[0]}</a> und mehr</p>
  <p><a href="/b">{TEASERS[1]}</a> am Wochenende</p>
</article></main></body></html>
"""


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("furniture_line_model", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lines(bench):
    page = bench.Page(
        id="p",
        url="",
        html=PAGE,
        with_snippets=tuple(PROSE),
        without_snippets=(LABEL, "Zum Newsletter anmelden"),
    )
    doc, extracted = bench.clean((page, Settings()))
    return bench.page_lines(page, None, doc, extracted)


def test_prose_is_never_judged_and_a_rules_line_never_taken(bench, lines) -> None:
    judged = [lines.lines[i] for i in lines.indexes]
    assert judged and not set(judged) & set(PROSE)
    assert lines.features.shape == (len(judged), len(bench.FEATURES))
    by_line = dict(zip(judged, lines.removable, strict=True))
    # the newsletter prompt is the furniture rules': taken by them, a boilerplate example
    newsletter = judged.index("Zum Newsletter anmelden")
    assert not by_line["Zum Newsletter anmelden"]
    assert lines.labels[newsletter] == 1
    assert by_line[LABEL] and lines.labels[judged.index(LABEL)] == 1


def test_taking_every_line_it_may_take_keeps_every_prose_snippet(bench, lines) -> None:
    every = [np.ones(len(lines.indexes))]
    absent, kept, taken = bench.tally([lines], every, 0.5)
    assert kept == len(PROSE)
    assert absent == 2 and taken >= 1
    assert bench.tally([lines], every, 2.0)[:2] == (1, len(PROSE))  # the label left


def test_expected_text_labels_a_line_by_its_words(bench) -> None:
    page = bench.Page(id="g", url="", html="", with_snippets=(), without_snippets=())
    gold = bench.folded("Die Opposition kritisierte vor allem die Kürzungen [12] bei den Bädern.")
    # in the expected text: article; written otherwise there (no reference mark): unknown
    assert bench.line_label(comparison_key("Die Opposition kritisierte vor allem"), page, gold) == 0
    otherwise = comparison_key("kritisierte vor allem die Kürzungen bei den Bädern")
    assert bench.line_label(otherwise, page, gold) == -1
    assert bench.line_label(comparison_key("Mehr aus dem Ressort"), page, gold) == 1
