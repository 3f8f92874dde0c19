"""Which format a file holds, from its content first and its name second.

The name only decides when the content is ambiguous: a .txt holding a web page is HTML, a
.html holding no markup is plain text, JSON-object lines are JSONL whatever the name, and an
RSS or Atom feed is a feed whether it is named .xml, .rss, .atom or anything else.
"""

from __future__ import annotations

import json
import re
from typing import Literal

from newsclean.readers.decoding import head_encoding
from newsclean.readers.feed import FEED_SUFFIXES, looks_like_feed

Format = Literal["text", "html", "jsonl", "warc", "feed"]

WARC_MAGIC = b"WARC/1."
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc",)

SNIFF_BYTES = 64 * 1024
# JSONL is recognised from this many leading non-blank lines, most of which must be objects.
JSONL_SAMPLE_LINES = 20
# Tags that outside a .html file take several of to make plain text HTML: one stray "<b>"
# in a text article does not.
MIN_TAGS_OUTSIDE_HTML_FILE = 3

_PAGE_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_TAG = re.compile(
    r"</?(?:html|head|body|title|meta|link|script|style|div|span|p|br|hr|a|img|h[1-6]|ul|ol|li"
    r"|table|tr|td|th|article|section|header|footer|nav|main|aside|figure|strong|em|b|i)"
    r"(?:\s[^<>]*)?/?>",
    re.I,
)


def sniff_format(data: bytes, name: str) -> Format:
    """The format of decompressed file content `data` stored under `name`."""
    lower_name = name.lower()
    if data.startswith(WARC_MAGIC) or lower_name.endswith(WARC_SUFFIXES):
        return "warc"
    head = head_text(data)
    if looks_like_jsonl(head, complete=len(data) <= SNIFF_BYTES):
        return "jsonl"
    # before HTML: an item's content is often HTML, escaped or not
    if looks_like_feed(head) or lower_name.endswith(FEED_SUFFIXES):
        return "feed"
    if looks_like_html(head, is_html_name=lower_name.endswith(HTML_SUFFIXES)):
        return "html"
    if lower_name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    return "text"


def looks_like_html(head: str, *, is_html_name: bool) -> bool:
    if _PAGE_START.match(head):
        return True
    tags = len(_TAG.findall(head))
    return tags >= (1 if is_html_name else MIN_TAGS_OUTSIDE_HTML_FILE)


def looks_like_jsonl(head: str, *, complete: bool) -> bool:
    """Whether most leading lines are JSON objects. Unless `head` is the `complete` content,
    its last line is left out, being possibly cut; if that leaves no line (one record longer
    than the sample), a line opening a JSON object decides."""
    # Newlines only: read as latin-1, UTF-8 bytes hold characters splitlines() breaks on
    # (the Cyrillic letter ha is D1 85 in UTF-8, and 0x85 is NEL in latin-1).
    lines = [line for line in head.split("\n") if line.strip()]
    if not complete and lines:
        cut = lines.pop()
        if not lines:
            return cut.lstrip().startswith('{"')
    sample = lines[:JSONL_SAMPLE_LINES]
    objects = sum(1 for line in sample if _is_json_object(line))
    return objects > 0 and 2 * objects > len(sample)


def _is_json_object(line: str) -> bool:
    if not line.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def head_text(data: bytes) -> str:
    """The start of the content as text, for structure only: decoded per its byte order
    mark or the encoding its bytes show (see `head_encoding`), else as latin-1, which keeps
    the ASCII markup of any ASCII-compatible encoding."""
    head = data[:SNIFF_BYTES]
    shown = head_encoding(head)
    if shown is None:
        return head.decode("latin-1")
    encoding, length = shown
    return head[length:].decode(encoding, errors="replace")
