"""Navigation links left at the edges of the extracted text: short lines that are the whole
text of a link on the page ("Pressemitteilungen", a related article's title), in a run of
such lines before the article's first sentence or after its last.

Whatever its language, a menu entry or a related link is a link; a heading of the article is
not, and a paragraph of prose is never taken (trafilatura and jusText weigh a block's link
density the same way). A link line alone between other lines stays (a list of the article
whose items link somewhere); it goes when it opens or closes the text, or beside another.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsclean.furniture_shape import is_prose
from newsclean.steps.furniture import title_keys
from newsclean.textnorm import comparison_key

RULE = "shape:link-line"
KIND = "navigation"


def edge_link_lines(lines: list[str], html: str, title: str | None) -> dict[int, str]:
    """The lines to take out, by index, with where they stand ("head" or "tail"): before the
    first line of prose or after the last, no prose, the whole text of a link of the page,
    first or last of the text or beside another such line. None when no line is prose (the
    text is left whole to the later steps)."""
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
    links = _link_texts(html)
    linked = {i for i, key in keys.items() if key and key in links and key not in titles}
    return {
        i: "head" if i < first else "tail"
        for i in sorted(linked)
        if i in (0, len(lines) - 1) or i - 1 in linked or i + 1 in linked
    }


def _link_texts(html: str) -> set[str]:
    """The folded text of every link of the page."""
    tree = LexborHTMLParser(html)
    return {comparison_key(a.text(deep=True)) for a in tree.css("a[href]")} - {""}
