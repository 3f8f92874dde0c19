from __future__ import annotations

from dataclasses import replace

from newsclean.document import Document, Source
from newsclean.settings import Settings
from newsclean.steps.extract import extract_html
from newsclean.steps.second_opinion import RULE, left_out_lines
from tests.test_extract import CRONICA  # the same story's paragraphs

PREFIX_WORDS = Settings().furniture.max_prefix_words
HEADLINE = "Protección reforzada para los candidatos presidenciales"
# Shaped as a news site's story page is: a hidden anchor that skip links point to, inside the
# article's container (trafilatura keeps its text, a hidden element is no content to
# resiliparse), and a subscription dialog after the page.
PAGE = f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<title>{HEADLINE} - El Diario</title></head>
<body id="storyPage">
<div id="mainWrapper"><div id="content" class="clearfix"><div id="mainContent">
  <div class="article clearfix">
    <a name="site-content" id="site-content" class="hidden">Contenido principal</a>
    <h1>{HEADLINE}</h1>
    {"".join(f"<p>{p}</p>" for p in CRONICA)}
  </div>
</div></div></div>
<div class="modal fade show" id="subscribe-modal"><div class="modal-dialog">
  <div class="modal-content">
  <p>Reciba las noticias del día en su correo.</p>
  <button type="button" class="btn btn-close" data-dismiss="modal">No deseo recibir correos</button>
</div></div></div>
</body></html>"""


def html_document(html: str) -> Document:
    source = Source(path="story.html", sha256="0" * 64, format="html", content="html")
    return Document(id="story", source=source, body=html)


def test_a_line_the_second_extractor_leaves_out_goes_with_its_reason(settings: Settings) -> None:
    doc = extract_html(html_document(PAGE), settings)
    lines = doc.body.split("\n")
    assert "Contenido principal" not in lines
    assert lines[0] == HEADLINE and lines[1:] == CRONICA
    [removal] = [r for r in doc.removals if r.rule == RULE]
    assert removal.text == "Contenido principal" and removal.step == "extract"
    assert "head of the article" in removal.reason and "resiliparse" in removal.reason


def test_the_second_opinion_can_be_turned_off(settings: Settings) -> None:
    off = replace(settings, extraction=replace(settings.extraction, second_opinion=False))
    doc = extract_html(html_document(PAGE), off)
    assert doc.body.split("\n")[0] == "Contenido principal"
    assert not [r for r in doc.removals if r.rule == RULE]


def test_only_short_lines_at_the_edges_that_are_no_prose_list_or_table_row_go() -> None:
    lines = [
        "Contenido principal",  # left out by resiliparse: goes
        "- Contenido principal",  # a list item
        "| Contenido principal | 2023 |",  # a table row
        HEADLINE,  # the headline is the furniture step's to judge
        "Contenido principal de la sección",  # five words: may be a subheading
        CRONICA[0],
        "Contenido principal",  # between two paragraphs of prose: inside the article
        *CRONICA[1:],
        "Reciba las noticias",  # in resiliparse's text of the page: stays
        "Contenido principal",
    ]
    page = PAGE.replace("</h1>", "</h1><p>Reciba las noticias</p>")
    found = left_out_lines(lines, page, HEADLINE + " - El Diario", PREFIX_WORDS)
    assert found == {0: "head", 11: "tail"}


def test_no_opinion_without_prose_or_without_a_second_text() -> None:
    # a page of labels only is the quality step's to judge; a page resiliparse finds no main
    # text in gives no opinion, and nothing is taken on its word
    assert left_out_lines(["Contenido principal", "Política"], PAGE, None, PREFIX_WORDS) == {}
    empty = "<html><body><div class='hidden'>Contenido principal</div></body></html>"
    assert left_out_lines(["Contenido principal", CRONICA[0]], empty, None, PREFIX_WORDS) == {}


def test_a_line_a_furniture_rule_names_is_left_to_the_furniture_step() -> None:
    # "Noticias relacionadas" heads a section of link titles that the furniture step takes
    # with it; taken here alone, the titles after it would stay
    lines = [*CRONICA, "Noticias relacionadas", "Contenido principal"]
    assert left_out_lines(lines, PAGE, None, PREFIX_WORDS) == {5: "tail"}
