"""An HTML page reduced to its article text and metadata with trafilatura.

The body becomes the main text, one paragraph per line. What trafilatura leaves out of the
page (menus, sidebars, footers) is too large to log span by span: one Change counts it. What
trafilatura keeps of the navigation at the head or the tail of the text (a line that is the
whole text of a link on the page, `link_lines`) is taken out line by line, each a Removal, and
so are the short lines there that a second extractor leaves out of the page (`second_opinion`).
A page with no main text at all is dropped with a Removal holding the whole page, never lost.
"""

from __future__ import annotations

from typing import Any

import trafilatura

from newsclean.document import Document
from newsclean.readers.checks import html5_rebuilt, parser_limit
from newsclean.settings import ExtractionSettings, Settings
from newsclean.steps import link_lines, second_opinion
from newsclean.steps.layout_tables import unwrap_layout_tables
from newsclean.steps.library_log import messages_about, summary
from newsclean.steps.link_lines import edge_link_lines
from newsclean.steps.site_name import site_name

STEP = "extract"


def extract_html(doc: Document, settings: Settings) -> Document:
    if doc.source.content != "html":
        return doc
    html = doc.body
    # what trafilatura logs about this page stays with its document, not in the run's log
    with messages_about() as messages:
        result, text, limit = _extract(doc, html, settings.extraction)
    if messages:
        doc.change(STEP, "library-messages", f"trafilatura logged: {summary(messages)}")
    if result is not None:
        _take_metadata(doc, result)
    if limit and text:
        # the page's text below the limit is lost to the parser: the page is kept whole here
        doc.remove(
            STEP,
            "parser-limit",
            f"{limit}: the text above it is kept, the rest of the page is not read",
            html,
            kind="page",
        )
    if not text:
        doc.remove(
            STEP,
            "no-main-text",
            f"no main text above where {limit}"
            if limit
            else "trafilatura found no main text in the page (parsed by libxml2, and as "
            "lexbor rebuilds it)" + (f"; it logged: {summary(messages)}" if messages else ""),
            html,
            kind="page",
        )
        doc.body = ""
        doc.dropped = True
        return doc
    if not settings.furniture.mark_only:
        text = _drop_link_lines(doc, text, html)
        if settings.extraction.second_opinion:
            text = _drop_left_out_lines(doc, text, html, settings.furniture.max_prefix_words)
    doc.body = text
    doc.change(
        STEP,
        "boilerplate",
        f"page markup and boilerplate left out by trafilatura: {len(html)} characters of HTML "
        f"in, {len(text)} characters of main text out",
        len(html) - len(text),
    )
    return doc


def _extract(doc: Document, html: str, options: ExtractionSettings) -> tuple[Any, str, str | None]:
    """trafilatura's result for the page, its main text, and where libxml2 hit its limit."""
    page, layout_tables = unwrap_layout_tables(html)
    if layout_tables:
        doc.change(
            STEP,
            "layout-tables",
            "tables that lay out the page made plain blocks, so that their cells' text comes "
            "out as paragraphs, not as table rows",
            layout_tables,
        )
    result = extract_page(page, doc.source.url, options)
    text = _paragraph_lines(_main_text(result, options))
    limit = parser_limit(html)
    if not text and not limit:
        # libxml2 loses the body of some pages (text after an early </html>, ...): the page
        # as an HTML5 parser builds it, written out again, is read in its place
        rebuilt = extract_page(html5_rebuilt(html), doc.source.url, options)
        text = _paragraph_lines(_main_text(rebuilt, options))
        if text:
            result = rebuilt
            doc.change(
                STEP,
                "html5-rebuilt",
                "trafilatura found no main text in the page as libxml2 parses it; the page "
                "as lexbor (an HTML5 parser) builds it was read instead",
            )
    return result, text, limit


def _drop_link_lines(doc: Document, text: str, html: str) -> str:
    """The text without the navigation links left at its head and tail, each recorded."""
    lines = text.split("\n")
    return _drop_edge_lines(
        doc,
        lines,
        edge_link_lines(lines, html, doc.title),
        (link_lines.RULE, link_lines.KIND, "navigation"),
        "all the text of a link on the page, and opens or closes the text, stands beside "
        "another such line or is a link's title",
    )


def _drop_left_out_lines(doc: Document, text: str, html: str, max_prefix_words: int) -> str:
    """The text without the short lines at its edges that a second extractor leaves out."""
    lines = text.split("\n")
    return _drop_edge_lines(
        doc,
        lines,
        second_opinion.left_out_lines(lines, html, doc.title, max_prefix_words),
        (second_opinion.RULE, second_opinion.KIND, "furniture"),
        "a short line, no prose, that resiliparse's main-content extractor leaves out of the page",
    )


def _drop_edge_lines(
    doc: Document,
    lines: list[str],
    dropped: dict[int, str],
    named: tuple[str, str, str],
    why: str,
) -> str:
    """The lines without `dropped` (index: "head" or "tail"), each recorded under `named`
    (rule, kind, and what it is called in the reason) with `why` it is taken."""
    rule, kind, called = named
    for index, where in dropped.items():
        doc.remove(
            STEP,
            rule,
            f"{called} at the {where} of the article: line {index + 1} of the main text is {why}",
            lines[index],
            kind=kind,
        )
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped)


def extract_page(html: str, url: str | None, options: ExtractionSettings) -> Any:
    """trafilatura's document (text and metadata) for one page, or None."""
    return trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=options.favor_precision,
        favor_recall=options.favor_recall,
        include_tables=options.include_tables,
        include_comments=options.include_comments,
        with_metadata=True,
        # The duplicate filter keeps state across calls: output would depend on run order.
        deduplicate=False,
    )


def _main_text(result: Any, options: ExtractionSettings) -> str:
    if result is None:
        return ""
    if options.include_comments and result.comments:
        return f"{result.text or ''}\n{result.comments}"
    return result.text or ""


def _paragraph_lines(text: str | None) -> str:
    """One paragraph a line; lines of nothing but table cell separators (rows of empty
    cells, as trafilatura writes them) are markup, and go with the rest of it."""
    lines = (line.strip() for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line.strip("|\\ "))


def _take_metadata(doc: Document, result: Any) -> None:
    """Fields the reader did not already fill come from the page's metadata."""
    doc.title = doc.title or result.title or None
    doc.author = doc.author or result.author or None
    doc.published = doc.published or result.date or None
    doc.site = doc.site or site_name(
        result.sitename, result.title, doc.source.url, result.url, result.hostname
    )
    doc.source.url = doc.source.url or result.url or None
    for tag in [*(result.categories or []), *(result.tags or [])]:
        tag = tag.strip()
        if tag and tag not in doc.tags:
            doc.tags.append(tag)
