"""Whether decoded content is worth a document: not binary, not empty, HTML with text.

Each check returns None when the content passes, else what is wrong, phrased for a rejection.
"""

from __future__ import annotations

import re
from dataclasses import replace

import lxml.html
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from newsclean.readers.decoding import Decoded
from newsclean.settings import ReaderSettings
from newsclean.steps.normalise import CONTROL, INVISIBLE

# Text has next to no control characters; binary data decoded as text is full of them.
MAX_CONTROL_SHARE = 0.1
# A page saved with a few stray NUL bytes is text all the same (one Spanish news page of
# 194 KB holds 22): NULs this rare, in text otherwise this free of control characters, are
# removed and counted. Binary data has NULs far more often (random bytes one in 256,
# executables and images in runs) and a tenth of its other bytes are control characters.
MAX_STRAY_NUL_SHARE = 0.01
MAX_CONTROL_SHARE_WITH_NULS = 0.01
# C0 controls and DEL, less tab, newline, vertical tab, form feed and carriage return
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# Elements whose text is never article text.
_NON_TEXT_ELEMENTS = ("head", "script", "style", "noscript", "template", "svg")
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")


def binary_problem(text: str) -> str | None:
    """`text` is decoded content, or raw bytes read as latin-1."""
    controls = len(_CONTROL.findall(text))
    if nuls := text.count("\0"):
        stray = nuls <= MAX_STRAY_NUL_SHARE * len(text)
        if not (stray and controls - nuls <= MAX_CONTROL_SHARE_WITH_NULS * len(text)):
            return "binary content (NUL bytes)"
    if controls > MAX_CONTROL_SHARE * len(text):
        return f"binary content ({controls} of {len(text)} characters are control characters)"
    return None


def without_nuls(decoded: Decoded) -> Decoded:
    """The decoded text with its stray NUL bytes removed (and counted): no parser or
    later step takes them, and `binary_problem` has let them through as stray."""
    nuls = decoded.text.count("\0")
    if not nuls:
        return decoded
    return replace(decoded, text=decoded.text.replace("\0", ""), nuls=nuls)


def document_problem(text: str, settings: ReaderSettings) -> str | None:
    """Whether decoded `text` is worth one document, and small enough to clean."""
    if len(text) > settings.max_document_chars:
        return (
            f"too big for one document ({len(text)} characters; max_document_chars is "
            f"{settings.max_document_chars})"
        )
    return text_problem(text, settings.min_text_chars)


def text_problem(text: str, min_chars: int) -> str | None:
    stripped = text.strip()
    if not stripped:
        return "empty (whitespace only)" if text else "empty"
    if len(stripped) < min_chars:
        return f"too short ({len(stripped)} characters, min_text_chars is {min_chars})"
    if binary := binary_problem(text):
        return binary
    if not shows_text(stripped):
        return "empty (only invisible and control characters)"
    return None


def html_problem(html: str) -> str | None:
    """Whether an HTML document has any text outside head, scripts and styles, as libxml2
    (which trafilatura reads pages with) or else lexbor, an HTML5 parser, builds its tree:
    libxml2 loses the body of some pages browsers show (one whose text follows an early
    `</html>`, for one), which lexbor parses as the HTML5 standard says browsers do."""
    try:
        root, limit = parse_html(html)
    except (etree.LxmlError, ValueError) as error:
        libxml2 = f"libxml2: {error}"
    else:
        for element in list(root.iter(*_NON_TEXT_ELEMENTS)):
            element.drop_tree()
        if shows_text(root.text_content()):
            return None
        if limit:  # trafilatura reads with libxml2: a page rebuilt would hit the same limit
            return f"malformed HTML (no text above where {limit})"
        libxml2 = "libxml2"
    if shows_text(html5_text(html)):
        return None
    return f"malformed HTML (no text outside head, scripts and styles; read by {libxml2}, lexbor)"


def html5_text(html: str) -> str:
    """The text of the page's body as lexbor builds its tree, less scripts and styles."""
    tree = LexborHTMLParser(html)
    if tree.body is None:
        return ""
    tree.strip_tags(list(_NON_TEXT_ELEMENTS))
    return tree.body.text(separator=" ")


def html5_rebuilt(html: str) -> str:
    """The page as lexbor parses it, written out again: well-formed HTML that libxml2 reads
    into the same tree."""
    return LexborHTMLParser(html).html or ""


def shows_text(text: str) -> bool:
    """Whether anything is left once normalising has removed the invisible and control
    characters (a document of nothing else would be left with no text)."""
    return bool(CONTROL.sub("", INVISIBLE.sub("", text)).strip())


def parser_limit(html: str) -> str | None:
    """Where the HTML parser gave up on a page, if it did: libxml2 stops at 256 levels of
    nesting and at 10 MB in one attribute or text node, and keeps only what came before."""
    try:
        return parse_html(html)[1]
    except (etree.LxmlError, ValueError):
        return None


def parse_html(html: str) -> tuple[lxml.html.HtmlElement, str | None]:
    """The page's tree, and where the parser hit its limit (None when it did not)."""
    parser = lxml.html.HTMLParser()
    # lxml refuses str input that declares its own encoding; the text is decoded already.
    root = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html), parser=parser)
    for entry in parser.error_log:
        if entry.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
            return root, f"the HTML parser hit its limit ({entry.message.strip()})"
    return root, None
