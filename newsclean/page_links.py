"""How much of each block of text on a page is link text, read from the page's own markup.

A block is the text between two block boundaries (the start or end of a paragraph, list item,
heading, cell, division, ... or a line break), as an extractor writes it out as one line. The
page is walked once, each node visited once (linear in the page's size); blocks are found
again by their folded text (newsclean.textnorm.comparison_key), the form the extracted lines
are compared in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsclean.textnorm import comparison_key

# Elements whose text is not shown, and so never an extracted line.
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head", "-comment", "svg"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements that start and end a line of text (HTML's block-level elements, and `br`).
_BLOCKS = _HEADINGS | frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li",
        "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
        "tfoot", "th", "thead", "tr", "ul", "body", "html",
    }
)  # fmt: skip


@dataclass(frozen=True)
class BlockLinks:
    """What of a block's letters is link text."""

    share: float  # of its letters, the part inside links
    heading: bool  # the block is a heading (h1 to h6)


@dataclass
class _Block:
    heading: bool
    parts: list[str] = field(default_factory=list)
    letters: int = 0
    linked: int = 0


def page_links(tree: LexborHTMLParser) -> dict[str, BlockLinks]:
    """Every block of text on the parsed page, by its folded text. A text found in several
    blocks keeps the one with the least link text (a title that is a link in a list of
    related articles and the article's own heading is not a link line)."""
    root = tree.body or tree.root
    blocks = [_Block(heading=False)]
    if root is not None:
        _walk(root, blocks)
    found: dict[str, BlockLinks] = {}
    for block in blocks:
        if not block.letters:
            continue
        links = BlockLinks(block.linked / block.letters, block.heading)
        key = comparison_key("".join(block.parts))
        if key not in found or links.share < found[key].share:
            found[key] = links
    return found


def _walk(root: LexborNode, blocks: list[_Block]) -> None:
    """Depth first over the page, without recursion (pages nest deeper than Python's stack
    allows at times). A stack entry is a node with whether it sits in a link and in a
    heading, or None with the heading state to restore when a block ends."""
    stack: list[tuple[LexborNode | None, bool, bool, bool]] = [(root.child, False, False, False)]
    while stack:
        node, in_link, in_heading, closes_block = stack.pop()
        if node is None:
            if closes_block:  # text after a block in its parent is a line of its own
                blocks.append(_Block(heading=in_heading))
            continue
        stack.append((node.next, in_link, in_heading, False))
        tag = node.tag
        if tag == "-text":
            _add_text(blocks[-1], node.text_content or "", in_link)
            continue
        if tag in _HIDDEN:
            continue
        if tag in _BLOCKS:
            blocks.append(_Block(heading=in_heading or tag in _HEADINGS))
            stack.append((None, in_link, in_heading, True))
        link = in_link or (tag == "a" and node.attributes.get("href") is not None)
        stack.append((node.child, link, in_heading or tag in _HEADINGS, False))


def _add_text(block: _Block, text: str, in_link: bool) -> None:
    letters = sum(c.isalnum() for c in text)
    block.parts.append(text)
    block.letters += letters
    if in_link:
        block.linked += letters
