"""Navigation links left at the edges of the extracted text: short lines that are the whole
text of a link on the page ("Pressemitteilungen", a related article's title), in a run of
such lines before the article's first sentence or after its last.

Whatever its language, a menu entry or a related link is a link; a heading of the article is
not, and a paragraph of prose is never taken (trafilatura and jusText weigh a block's link
density the same way). A link line alone between other lines stays (a list of the article
whose items link somewhere); it goes when it opens or closes the text, stands beside another,
or is a link's title of MIN_TITLE_WORDS words or more that is all link text where the page
shows it and is no heading (newsclean.page_links reads that from the page's markup).
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsclean.furniture_shape import is_prose, word_count
from newsclean.page_links import BlockLinks, page_links
from newsclean.steps.furniture import title_keys
from newsclean.textnorm import comparison_key

RULE = "shape:link-line"
KIND = "navigation"
# A link's title this long is navigation at the edge even alone (a related article's title).
MIN_TITLE_WORDS = 3


def edge_link_lines(lines: list[str], html: str, title: str | None) -> dict[int, str]:
    """The lines to take out, by index, with where they stand ("head" or "tail"): before the
    first line of prose or after the last, no prose, the whole text of a link of the page,
    first or last of the text, beside another such line, or a link's title. None when no
    line is prose (the text is left whole to the later steps)."""
    first = next((i for i, line in enumerate(lines) if is_prose(line)), None)
    if first is None:
        return {}
    last = next(i for i in range(len(lines) - 1, -1, -1) if is_prose(lines[i]))
    edges = [*range(first), *range(last + 1, len(lines))]
    if not edges:
        return {}
    keys = {i: comparison_key(lines[i]) for i in edges}
    # the headline repeated at the head is the furniture step's to judge (its title rule
    # spares the headline of an item with no body)
    titles = title_keys(title)
    tree = LexborHTMLParser(html)
    links = _link_texts(tree)
    linked = {i for i, key in keys.items() if key and key in links and key not in titles}
    # the walk over the page's blocks costs several times the links' lookup: it is made only
    # for a page with a lone link line it may judge
    blocks: dict[str, BlockLinks] | None = None

    def is_link_title(i: int) -> bool:
        nonlocal blocks
        if word_count(lines[i]) < MIN_TITLE_WORDS:
            return False
        if blocks is None:
            blocks = page_links(tree)
        block = blocks.get(keys[i])
        return block is not None and not block.heading and block.share == 1.0

    return {
        i: "head" if i < first else "tail"
        for i in sorted(linked)
        if i in (0, len(lines) - 1) or i - 1 in linked or i + 1 in linked or is_link_title(i)
    }


def _link_texts(tree: LexborHTMLParser) -> set[str]:
    """The folded text of every link of the page."""
    return {comparison_key(a.text(deep=True)) for a in tree.css("a[href]")} - {""}
