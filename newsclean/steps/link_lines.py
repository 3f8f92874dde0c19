"""Navigation links left in the extracted text, found by the page's own markup whatever its
language (trafilatura and jusText weigh a block's link density the same way):

- at the edges: short lines that are the whole text of a link on the page ("Pressemitteilungen",
  a related article's title), in a run of such lines before the article's first sentence or
  after its last. A link line alone between other lines stays (a list of the article whose
  items link somewhere); it goes when it opens or closes the text, stands beside another, or
  is a link's title of three words or more that is not a heading.
- anywhere: a pointer to another page, a short label then a link ("Lea más: <link>", "VEA
  TAMBIÉN: <link>", "Sehen Sie auch: <link>", "(También puede leer: <link>)"), the line's
  letters mostly link text and nothing after the link.

A heading of the article is not taken, nor a paragraph of prose, nor an item of a list (a list
of the article's sources, dates and links is the article's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from newsclean.furniture_shape import is_list_item, is_prose, word_count
from newsclean.page_links import BlockLinks, page_links
from newsclean.steps.furniture import title_keys
from newsclean.textnorm import comparison_key

RULE = "shape:link-line"
POINTER_RULE = "shape:link-pointer"
KIND = "navigation"
# A link's title this long is navigation at the edge even alone (a related article's title).
MIN_TITLE_WORDS = 3
# A pointer: a label of one to MAX_LABEL_WORDS words closed by one of LABEL_ENDS, then a link
# of MIN_TITLE_WORDS words or more that holds at least MIN_POINTER_SHARE of the line's letters,
# and at most MAX_LETTERS_AFTER letters after the link (a closing bracket's word, none).
MAX_LABEL_WORDS = 4
LABEL_ENDS = (":", "\u00bb", ">", "\u2192")
MIN_POINTER_SHARE = 0.5
MAX_LETTERS_AFTER = 2
# where a label of MAX_LABEL_WORDS words ends, at the most, in characters
_LABEL_REACH = 80


@dataclass(frozen=True)
class LinkLine:
    rule: str
    where: str  # "head", "tail" or "inside"


def navigation_lines(lines: list[str], html: str, title: str | None) -> dict[int, LinkLine]:
    """The lines to take out, by index, with the rule and where they stand. Nothing when no
    line is prose (the text is left whole to the later steps)."""
    first = next((i for i, line in enumerate(lines) if is_prose(line)), None)
    if first is None:
        return {}
    last = next(i for i in range(len(lines) - 1, -1, -1) if is_prose(lines[i]))
    tree = LexborHTMLParser(html)
    # the walk over the page's blocks costs several times the links' lookup: it is made only
    # for a page with a line it may judge
    blocks: dict[str, BlockLinks] | None = None

    def block(line: str) -> BlockLinks | None:
        nonlocal blocks
        if blocks is None:
            blocks = page_links(tree)
        return blocks.get(comparison_key(line))

    links = _link_texts(tree)
    found = {
        i: LinkLine(RULE, where)
        for i, where in _edge_lines(lines, first, last, links, block, title).items()
    }
    for i, line in enumerate(lines):
        if i not in found and _may_point(line, links) and _is_pointer(line, block(line)):
            found[i] = LinkLine(POINTER_RULE, "inside")
    return dict(sorted(found.items()))


def _edge_lines(
    lines: list[str],
    first: int,
    last: int,
    links: set[str],
    block: Callable[[str], BlockLinks | None],
    title: str | None,
) -> dict[int, str]:
    """Before the first line of prose or after the last, no prose, the whole text of a link
    of the page, first or last of the text, beside another such line, or a link's title."""
    edges = [*range(first), *range(last + 1, len(lines))]
    keys = {i: comparison_key(lines[i]) for i in edges}
    # the headline repeated at the head is the furniture step's to judge (its title rule
    # spares the headline of an item with no body)
    titles = title_keys(title)
    linked = {i for i, key in keys.items() if key and key in links and key not in titles}
    return {
        i: "head" if i < first else "tail"
        for i in sorted(linked)
        if i in (0, len(lines) - 1)
        or i - 1 in linked
        or i + 1 in linked
        or _is_link_title(lines[i], block)
    }


def _is_link_title(line: str, block: Callable[[str], BlockLinks | None]) -> bool:
    if word_count(line) < MIN_TITLE_WORDS:
        return False
    found = block(line)
    return found is not None and not found.heading and found.share == 1.0


def _may_point(line: str, links: set[str]) -> bool:
    """A line whose words after its first few are the whole text of a link of the page, with
    a label's end among its first characters."""
    opening = line[:_LABEL_REACH]
    if not any(end in opening for end in LABEL_ENDS):
        return False
    words = comparison_key(line).split()
    return any(" ".join(words[k:]) in links for k in range(1, min(MAX_LABEL_WORDS, len(words)) + 1))


def _is_pointer(line: str, block: BlockLinks | None) -> bool:
    if block is None or block.heading or block.share < MIN_POINTER_SHARE:
        return False
    if block.after > MAX_LETTERS_AFTER or is_prose(line) or is_list_item(line):
        return False
    label_words = word_count(block.label)
    label = block.label.rstrip().rstrip("(").rstrip()
    return (
        1 <= label_words <= MAX_LABEL_WORDS
        and label.endswith(LABEL_ENDS)
        and word_count(line) - label_words >= MIN_TITLE_WORDS
    )


def _link_texts(tree: LexborHTMLParser) -> set[str]:
    """The folded text of every link of the page."""
    return {comparison_key(a.text(deep=True)) for a in tree.css("a[href]")} - {""}
