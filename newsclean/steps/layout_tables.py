"""Tables that lay out a page rather than hold data, turned into plain blocks before
extraction.

Pages built in the 1990s and 2000s put the whole page in a table: navigation in one cell,
the article in another. trafilatura writes every table as `| cell | cell |` rows, so such a
page came out as one "paragraph" holding the whole article and its menus, and rows of bare
`|`. Here each layout table's rows and cells become `div`s, so that their text comes out as
the paragraphs it holds and extraction tells article from menus as on any page; data tables
stay tables.

Which tables are for layout follows Mozilla Readability's `_markDataTables` (the rules
Firefox's reader view uses): a table marked `role="presentation"` or `datatable="0"` is for
layout; one with a summary, caption, header cells, column groups or a header or footer row
group holds data; one holding another table is for layout; one of a single row or column is
for layout; 10 rows or more than 4 columns hold data. For the small tables left, where
Readability counts cells, a table is for layout when a cell holds blocks of text (paragraphs,
lists, headings, divs) or a long run of text, as a page's cells do and a data table's cells
do not.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

from newsclean.readers.checks import parse_html

DATA_MIN_ROWS = 10
DATA_MAX_COLUMNS = 4
# a cell with more text than this is a column of a page, not a datum
LAYOUT_CELL_CHARACTERS = 200
# the table's own (not those of a table inside it)
_DATA_MARKS = "./caption | ./tr/th | ./tbody/tr/th | ./col | ./colgroup | ./thead | ./tfoot"
_BLOCKS = ("p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table")


def unwrap_layout_tables(html: str) -> tuple[str, int]:
    """The page with its layout tables made blocks, and how many there were; the page as it
    came (not written out again) when it has none."""
    if "<table" not in html.lower():
        return html, 0
    try:
        root, _ = parse_html(html)
    except (etree.LxmlError, ValueError):
        return html, 0
    # every table is judged before any is unwrapped: an outer one by the tables it holds
    layout = [table for table in root.iter("table") if is_layout_table(table)]
    if not layout:
        return html, 0
    for table in layout:
        _unwrap(table)
    return lxml.html.tostring(root, encoding="unicode"), len(layout)


def is_layout_table(table: lxml.html.HtmlElement) -> bool:
    if table.get("role") == "presentation" or table.get("datatable") == "0":
        return True
    if table.get("summary") or table.xpath(_DATA_MARKS):
        return False
    if table.xpath(".//table"):
        return True
    rows = _rows(table)
    columns = max((_width(row) for row in rows), default=0)
    if len(rows) <= 1 or columns <= 1:
        return True
    if len(rows) >= DATA_MIN_ROWS or columns > DATA_MAX_COLUMNS:
        return False
    return any(_is_page_cell(cell) for row in rows for cell in row.xpath("./td"))


def _rows(table: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return table.xpath("./tr | ./tbody/tr | ./thead/tr | ./tfoot/tr")


def _width(row: lxml.html.HtmlElement) -> int:
    width = 0
    for cell in row.xpath("./td | ./th"):
        span = cell.get("colspan", "1")
        width += int(span) if span.isdigit() and 0 < int(span) < 1000 else 1
    return width


def _is_page_cell(cell: lxml.html.HtmlElement) -> bool:
    if any(child.tag in _BLOCKS for child in cell.iterdescendants()):
        return True
    return len(" ".join(cell.text_content().split())) > LAYOUT_CELL_CHARACTERS


def _unwrap(table: lxml.html.HtmlElement) -> None:
    """The table, its row groups, rows and cells become divs (their own, not those of a
    table nested inside)."""
    for row in _rows(table):
        for cell in row.xpath("./td | ./th"):
            _as_div(cell)
        _as_div(row)
    for group in table.xpath("./tbody | ./thead | ./tfoot"):
        _as_div(group)
    _as_div(table)


def _as_div(element: lxml.html.HtmlElement) -> None:
    element.tag = "div"
    for name in ("colspan", "rowspan", "width", "height", "valign", "align", "bgcolor"):
        element.attrib.pop(name, None)
