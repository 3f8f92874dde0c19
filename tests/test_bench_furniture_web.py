"""bench/furniture_web.py scores what newsclean publishes: a headline moved from the text to
`title` is kept, not lost; a line removed for any other reason is gone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from newsclean.document import Document, Source
from newsclean.settings import Settings
from newsclean.steps.paragraphs import split_paragraphs
from newsclean.textnorm import comparison_key

BENCH = Path(__file__).resolve().parent.parent / "bench" / "furniture_web.py"

HEADLINE = "Deceased Clarendon crash victims identified"
PROSE = [
    "The police have identified the three people who died in a two-vehicle crash along the "
    "Toll Road in Clarendon on Sunday evening.",
    "They were travelling towards Kingston when the car they were in collided with a truck, "
    "investigators said on Monday.",
    "Residents of the area said the stretch of road has seen several serious crashes this year "
    "and called for more patrols.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{HEADLINE} | Jamaica Gleaner</title></head>
<body><main><article>
  <h1>{HEADLINE}</h1>
  {"".join(f"<p>{p}</p>" for p in PROSE)}
</article></main></body></html>
"""


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("furniture_web", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def folded(text: str) -> str:
    return f" {comparison_key(text)} "


def test_a_headline_moved_to_the_title_counts_as_kept(bench) -> None:
    page = bench.Page(id="p", url="", html=PAGE, with_snippets=(HEADLINE,), without_snippets=())
    doc = bench.newsclean_document((page, Settings()))
    assert HEADLINE not in doc.text  # taken from the text as the title's repeat
    assert [r.rule for r in doc.removals if r.text == HEADLINE] == ["shape:title"]
    output = folded(bench.newsclean_output(doc))
    assert bench.found(HEADLINE, output)
    assert all(bench.found(p, output) for p in PROSE)


def test_a_line_removed_otherwise_or_not_in_the_title_is_lost(bench) -> None:
    doc = Document(id="d", source=Source(path="d.html", sha256="", format="html"))
    doc.title = "Parliament approves the budget"
    doc.body = PROSE[0]
    doc.remove("furniture", "shape:title", "the page title repeated at the head", HEADLINE)
    doc.remove("furniture", "furniture.tsv:447", "related", "Read more: " + doc.title)
    doc = split_paragraphs(doc, Settings())
    output = folded(bench.newsclean_output(doc))
    assert bench.found(PROSE[0], output)
    assert not bench.found(HEADLINE, output)
    assert not bench.found("Read more: " + doc.title, output)
    doc.dropped = True
    assert bench.newsclean_output(doc) == ""


def test_a_snippet_with_soft_hyphens_matches_the_text_without_them(bench) -> None:
    # the fixtures' gold text keeps the page's soft hyphens and zero-width spaces; neither
    # trafilatura's text nor newsclean's holds them
    snippet = "Die Ver\u00adsiche\u00adrungs\u00adwirtschaft rechnet mit Milliarden\u200bschäden."
    text = "Die Versicherungswirtschaft rechnet mit Milliardenschäden. Mehr folgt."
    assert bench.found(snippet, bench.folded(text))
    # a word split by a space is two words
    split = "Die Versicherungs wirtschaft rechnet mit Milliardenschäden."
    assert not bench.found(snippet, bench.folded(split))
    assert not bench.found("\u00ad\u200b", bench.folded(text))
