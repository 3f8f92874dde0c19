from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from newsclean.document import Document, Source
from newsclean.settings import Settings
from newsclean.steps.extract import extract_html
from newsclean.steps.link_lines import RULE, edge_link_lines

ARTICLE = [
    "Astana, 14 March. The Central Election Commission of Kazakhstan published the final "
    "list of parties admitted to the early parliamentary elections on Sunday.",
    "Seven parties will compete for the 69 seats of the Mazhilis elected by party lists, "
    "while the remaining seats go to candidates in single-member districts.",
    "Observers from the OSCE said the campaign had been calm, though they noted that "
    "independent candidates found it hard to register and to buy airtime on television.",
    "The commission expects the first preliminary results on Monday morning, its chairman "
    "told reporters at a briefing in the capital.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Seven parties admitted to Kazakhstan's early elections | Steppe Daily</title>
  <meta property="og:site_name" content="Steppe Daily">
  <meta name="author" content="Aigerim Sadykova">
  <meta property="article:published_time" content="2023-03-14T09:30:00+06:00">
  <meta property="article:tag" content="Elections">
  <meta property="article:tag" content="Kazakhstan">
  <link rel="canonical" href="https://steppedaily.example/2023/03/14/parties-admitted">
</head>
<body>
  <header>
    <nav><ul>
      <li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
      <li><a href="/economy">Economy</a></li><li><a href="/sport">Sport</a></li>
    </ul></nav>
  </header>
  <div id="cookie-banner" class="cookie-consent">
    This website uses cookies to improve your experience. <button>Accept</button>
  </div>
  <main>
    <article>
      <h1>Seven parties admitted to Kazakhstan's early elections</h1>
      <p class="byline">By Aigerim Sadykova, 14 March 2023</p>
      {"".join(f"<p>{p}</p>" for p in ARTICLE)}
    </article>
    <aside class="related">
      <h3>Related articles</h3>
      <ul>
        <li><a href="/a">Tokayev signs decree on snap vote</a></li>
        <li><a href="/b">Opposition groups denied registration again</a></li>
      </ul>
    </aside>
  </main>
  <footer>
    <p>© 2023 Steppe Daily. All rights reserved.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul>
  </footer>
</body>
</html>
"""


def html_document(body: str, url: str | None = None) -> Document:
    return Document(
        id="page",
        source=Source(path="page.html", sha256="", format="html", content="html", url=url),
        body=body,
    )


def test_article_text_kept_and_page_furniture_left_out(settings: Settings) -> None:
    doc = extract_html(html_document(PAGE), settings)
    lines = doc.body.split("\n")
    for paragraph in ARTICLE:
        assert paragraph in lines  # one paragraph per line, whole
    for furniture in ("Politics", "Accept", "cookies", "Tokayev signs decree", "About us", "©"):
        assert furniture not in doc.body
    assert not doc.dropped


def test_metadata_taken_from_the_page(settings: Settings) -> None:
    doc = extract_html(html_document(PAGE), settings)
    assert doc.title is not None and doc.title.startswith("Seven parties admitted")
    assert doc.author == "Aigerim Sadykova"
    assert doc.published == "2023-03-14"
    assert doc.site == "Steppe Daily"
    assert doc.tags == ["Elections", "Kazakhstan"]
    assert doc.source.url == "https://steppedaily.example/2023/03/14/parties-admitted"


def test_reader_metadata_is_not_overwritten(settings: Settings) -> None:
    doc = html_document(PAGE, url="https://mirror.example/parties")
    doc.title = "Title from the feed"
    doc = extract_html(doc, settings)
    assert doc.title == "Title from the feed"
    assert doc.source.url == "https://mirror.example/parties"


def test_one_change_summarises_what_was_left_out(settings: Settings) -> None:
    doc = extract_html(html_document(PAGE), settings)
    [change] = [c for c in doc.changes if c.step == "extract"]
    assert change.count == len(PAGE) - len(doc.body)
    assert f"{len(PAGE)} characters of HTML in" in change.reason
    assert doc.removals == []


def test_page_with_no_main_text_is_dropped_with_a_removal(settings: Settings) -> None:
    page = (
        "<html><head><title>Gallery</title><script>var slides = 12;</script></head>"
        "<body><div class='gallery'><img src='a.jpg'><img src='b.jpg'></div></body></html>"
    )
    doc = extract_html(html_document(page), settings)
    assert doc.dropped
    assert doc.body == ""
    [removal] = doc.removals
    assert removal.rule == "no-main-text"
    assert removal.step == "extract"
    assert removal.text == page  # the whole page, kept for audit


def test_plain_text_documents_pass_through_untouched(settings: Settings) -> None:
    doc = Document(
        id="t", source=Source(path="t.txt", sha256="", format="text"), body="<p>Not HTML</p>"
    )
    assert extract_html(doc, settings).body == "<p>Not HTML</p>"
    assert doc.changes == [] and doc.removals == []


def test_extraction_is_deterministic(settings: Settings) -> None:
    first = extract_html(html_document(PAGE), settings)
    second = extract_html(html_document(PAGE), settings)
    assert first.to_dict() == second.to_dict()


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def root_log() -> Iterator[_Kept]:
    """What reaches the root logger's handlers, where a run's log is written."""
    kept = _Kept()
    root = logging.getLogger()
    root.addHandler(kept)
    try:
        yield kept
    finally:
        root.removeHandler(kept)


def test_what_trafilatura_logs_about_a_page_stays_with_its_document(
    settings: Settings, root_log: _Kept
) -> None:
    # trafilatura logged "ERROR | trafilatura.core - empty HTML tree: None", naming no file
    doc = extract_html(html_document("   <!-- an empty page -->"), settings)
    assert doc.dropped
    [removal] = doc.removals
    assert removal.reason.startswith("trafilatura found no main text in the page")
    assert "it logged: trafilatura.utils: lxml parsing failed" in removal.reason
    assert "trafilatura.core: empty HTML tree: None" in removal.reason
    assert not [r for r in root_log.records if r.name.startswith("trafilatura")]


def test_trafilatura_logs_outside_extraction_reach_the_log_as_before(
    settings: Settings, root_log: _Kept
) -> None:
    extract_html(html_document(PAGE), settings)  # the collecting handler is in place
    logging.getLogger("trafilatura.core").warning("a message about no page")
    assert [r.getMessage() for r in root_log.records] == ["a message about no page"]


RAIL = [
    "The government yesterday announced a review of the rail franchise system after a year "
    "of delays and cancellations on the busiest commuter lines.",
    "Ministers said the review would report by the summer and would consider bringing some "
    "lines back into public ownership, a move unions have long demanded.",
    "Passenger groups welcomed the announcement but warned that fares had risen faster than "
    "wages for a decade and that any reform must freeze them.",
]
RESULTS = (
    "<table><tr><th>Operator</th><th>Trains late</th></tr>"
    "<tr><td>Northern</td><td>12%</td></tr><tr><td>Southern</td><td>15%</td></tr></table>"
)
# a page laid out with tables, as news sites were built around 2000
TABLE_LAID_PAGE = f"""<html><head><title>Rail review announced | The Daily Post</title></head>
<body><table width="100%" border="0" cellpadding="0">
<tr><td colspan="2"><a href="/">Home</a> | <a href="/uk">UK</a> | <a href="/world">World</a> |
</td></tr>
<tr><td width="150" valign="top"><a href="/politics">Politics</a><br>
<a href="/business">Business</a><br><a href="/sport">Sport</a></td>
<td valign="top"><table><tr><td><font size="4"><b>Rail review announced</b></font><br>
Printable version | Send it to a friend | Clip |
<p>{RAIL[0]}</p><p>{RAIL[1]}</p>{RESULTS}<p>{RAIL[2]}</p></td></tr></table></td></tr>
<tr><td colspan="2">| | |</td></tr>
<tr><td colspan="2">Daily Post Media Limited 2006</td></tr></table></body></html>"""


def test_a_page_laid_out_with_tables_gives_its_cells_as_paragraphs(settings: Settings) -> None:
    # the whole article came out as one "| … |" cell, with rows of bare "|" around it
    doc = extract_html(html_document(TABLE_LAID_PAGE), settings)
    lines = doc.body.split("\n")
    for paragraph in RAIL:
        assert paragraph in lines
    # the data table inside the article stays a table
    assert "| Operator | Trains late |" in lines
    assert "| Northern | 12% |" in lines
    assert not [line for line in lines if not line.strip("| ")]
    assert "Send it to a friend" not in doc.body
    assert ("layout-tables", 2) in [(c.rule, c.count) for c in doc.changes]


def test_a_page_with_a_data_table_only_is_read_as_it_came(settings: Settings) -> None:
    page = PAGE.replace(f"<p>{ARTICLE[1]}</p>", f"<p>{ARTICLE[1]}</p>{RESULTS}")
    doc = extract_html(html_document(page), settings)
    assert "| Northern | 12% |" in doc.body.split("\n")
    assert "layout-tables" not in {c.rule for c in doc.changes}


def test_rows_of_separators_do_not_come_out_as_paragraphs(settings: Settings) -> None:
    # trafilatura writes a cell's own "|" escaped: "| \\| | \\| |"
    rows = "<tr><td>|</td><td>|</td><td></td></tr><tr><td> | | </td><td></td><td></td></tr>"
    table = f"<table><tr><th>Team</th><th>Won</th><th>Lost</th></tr>{rows}</table>"
    page = PAGE.replace(f"<p>{ARTICLE[1]}</p>", f"<p>{ARTICLE[1]}</p>{table}")
    doc = extract_html(html_document(page), settings)
    lines = doc.body.split("\n")
    assert "| Team | Won | Lost |" in lines
    assert not [line for line in lines if not line.strip("|\\ ")]


LINKED_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Seven parties admitted to Kazakhstan's early elections</title></head>
<body>
  <nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
  <article>
    <h4><a href="/politics/elections">Elections 2023</a></h4>
    <h1><a href="/2023/03/14/p">Seven parties admitted to Kazakhstan's early elections</a></h1>
    <p>{ARTICLE[0]}</p>
    <p>{ARTICLE[1]}</p>
    <h2>What the observers said</h2>
    <p>{ARTICLE[2]}</p>
    <p>The full list is on the <a href="https://election.example/">commission's website</a>.</p>
    <h2><a href="https://election.example/list.pdf">List of registered parties</a></h2>
    <p>{ARTICLE[3]}</p>
  </article>
</body></html>
"""


def test_a_link_opening_the_text_goes_and_links_inside_it_stay(settings: Settings) -> None:
    doc = extract_html(html_document(LINKED_PAGE), settings)
    lines = doc.body.split("\n")
    # the section's link above the headline is navigation; the headline (a link to the page
    # itself) is the furniture step's to judge, a linked heading inside the article stays
    assert "Elections 2023" not in lines
    assert lines[0] == "Seven parties admitted to Kazakhstan's early elections"
    assert "List of registered parties" in lines and "What the observers said" in lines
    assert all(paragraph in lines for paragraph in ARTICLE)
    [removal] = [r for r in doc.removals if r.rule == "shape:link-line"]
    assert removal.text == "Elections 2023" and removal.kind == "navigation"
    assert "head of the article" in removal.reason


def test_link_lines_stay_when_no_line_is_prose() -> None:
    # a page of headlines only: nothing is taken here, the quality step judges the whole
    lines = ["Elections 2023", "Tokayev signs decree on snap vote", "Politics"]
    page = "".join(f"<p><a href='/{n}'>{line}</a></p>" for n, line in enumerate(lines))
    assert edge_link_lines(lines, page, None) == {}
    assert edge_link_lines([*lines, ARTICLE[0]], page, None) == {0: "head", 1: "head", 2: "head"}


# A Spanish news page: a related article's title alone at the tail of the text (a link, not
# a heading), a linked heading and a list of the article's own links inside it.
CRONICA = [
    "La Registraduría confirmó este lunes que los candidatos presidenciales tendrán un "
    "esquema de protección reforzado hasta el día de las elecciones.",
    "El anuncio llegó después de que la campaña denunciara amenazas contra su candidato en "
    "varios municipios del norte del país durante el fin de semana.",
    "Según la Policía, los escoltas adicionales estarán disponibles desde el miércoles y se "
    "coordinarán con las autoridades de cada departamento.",
    "Los partidos de oposición pidieron que la misma protección se extienda a los "
    "candidatos al Congreso que han recibido amenazas en las últimas semanas.",
]
RELATED_PAGE = f"""<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><title>Protección para los candidatos</title></head>
<body>
  <article>
    <h1>Protección reforzada para los candidatos presidenciales</h1>
    <p>{CRONICA[0]}</p>
    <p>{CRONICA[1]}</p>
    <p>{CRONICA[2]}</p>
    <h2><a href="/especiales/elecciones">Elecciones presidenciales de mayo</a></h2>
    <ul>
      <li>Registraduría: <a href="https://registraduria.example/calendario">calendario
        electoral completo de mayo</a></li>
      <li>Policía: <a href="https://policia.example/proteccion">protocolo de protección
        a candidatos</a></li>
    </ul>
    <p>{CRONICA[3]} Más información en <a href="/elecciones">nuestro especial</a>.</p>
    <p><a href="/politica/debate">El debate de los candidatos será el jueves</a></p>
    <p>Publicidad</p>
  </article>
</body></html>
"""


def test_a_related_title_alone_at_the_tail_goes(settings: Settings) -> None:
    doc = extract_html(html_document(RELATED_PAGE), settings)
    lines = doc.body.split("\n")
    assert "El debate de los candidatos será el jueves" not in lines
    [removal] = [r for r in doc.removals if r.rule == RULE]
    assert removal.text == "El debate de los candidatos será el jueves"
    assert "tail of the article" in removal.reason and removal.kind == "navigation"
    # the article's linked heading, its list of labelled links and its prose with a link stay
    assert "Elecciones presidenciales de mayo" in lines
    assert [line for line in lines if "calendario electoral" in line or "protocolo" in line]
    assert all(any(line.startswith(p) for line in lines) for p in CRONICA)
