"""RSS and Atom feeds: one document per item, read with feedparser.

The feed's bytes are decoded as every other input is (byte order mark, UTF-16, the XML
declaration's encoding unless it reads as mojibake, detection), and feedparser is handed the
text as UTF-8, so that a feed reads the same as a page in the same encoding would. An item
gives its title, link (the document's url), date, author and tags; its body is the item's
full content, else its summary: HTML (read by the extraction step like a page) or text. An
item with neither, or whose body is too short, is rejected alone; a feed feedparser cannot
read an item from is a problem of the file.
"""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsclean.document import Document
from newsclean.readers.checks import document_problem, html_problem, without_nuls
from newsclean.readers.decoding import Decoded, DecodingError, decode
from newsclean.readers.records import FileInfo, RecordProblem, Records, new_document
from newsclean.settings import ReaderSettings
from newsclean.steps.site_name import site_name

FEED_SUFFIXES = (".rss", ".atom")
# The root element of an RSS 2.0 / 0.9x (rss), RSS 1.0 (rdf:RDF) or Atom (feed) document,
# after the XML declaration, comments, processing instructions and a doctype.
_FEED_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?[^>]*\?>|<!DOCTYPE[^>]*>)\s*)*"
    r"<(?:rss|feed|rdf:RDF)[\s>]",
    re.I | re.S,
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
# feedparser reads bytes in the encoding of the HTTP header when there is one (RFC 3023),
# over the XML declaration: the text it is handed is UTF-8, whatever the file declares.
_AS_UTF8 = {"content-type": "application/xml; charset=utf-8"}


def looks_like_feed(head: str) -> bool:
    """Whether the start of the content is the root element of an RSS or Atom feed."""
    return bool(_FEED_START.match(head))


def read_feed(data: bytes, file: FileInfo, settings: ReaderSettings) -> Records:
    try:
        decoded = without_nuls(decode(data, xml=True))
    except DecodingError as error:
        return Records(problems=[RecordProblem(f"undecodable ({error})")])
    parsed = feedparser.parse(
        io.BytesIO(decoded.text.encode("utf-8")),
        response_headers=_AS_UTF8,
        sanitize_html=True,
        resolve_relative_uris=False,
    )
    if not parsed.entries:
        if parsed.bozo:
            error = parsed.get("bozo_exception")
            return Records(problems=[RecordProblem(f"malformed feed ({error})")])
        return Records(problems=[RecordProblem("feed with no items")])
    records = Records()
    channel = parsed.feed
    seen: dict[str, str] = {}
    for number, entry in enumerate(parsed.entries, start=1):
        label = f"item {number}"
        result = _read_item(entry, label, channel, file, decoded, seen, settings)
        if isinstance(result, RecordProblem):
            records.problems.append(result)
        else:
            records.documents.append(result)
    return records


def _read_item(
    entry: Any,
    label: str,
    channel: Any,
    file: FileInfo,
    decoded: Decoded,
    seen: dict[str, str],
    settings: ReaderSettings,
) -> Document | RecordProblem:
    link = (entry.get("link") or "").strip() or None
    key = (entry.get("id") or "").strip() or link or label
    if key in seen:
        return RecordProblem(f"duplicate item id or link {key} (first as {seen[key]})", label)
    seen[key] = label
    body, content = _body(entry)
    if body is None:
        return RecordProblem("no content or summary", label)
    problem = document_problem(body, settings)
    if problem is None and content == "html":
        # a page of the item alone; text with no markup is one paragraph, its line breaks
        # mere wrapping (as in an HTML <p>, where the extraction folds them)
        inner = body if "<" in body else f"<p>{body}</p>"
        body = f"<html><body><article>{inner}</article></body></html>"
        problem = html_problem(body)
    if problem:
        return RecordProblem(problem, label)
    doc = new_document(
        file, body, content, decoded, record_key=key, record_id=entry.get("id"), url=link
    )
    doc.title = _plain(entry.get("title"))
    doc.author = _plain(entry.get("author"))
    doc.published = _date(entry)
    doc.site = site_name(_plain(channel.get("title")), None, link, channel.get("link"))
    for tag in entry.get("tags") or []:
        term = _plain(tag.get("term"))
        if term and term not in doc.tags:
            doc.tags.append(term)
    return doc


def _body(entry: Any) -> tuple[str | None, str]:
    """The item's full content, else its summary, and whether it is HTML or text."""
    details = [*(entry.get("content") or []), entry.get("summary_detail")]
    for detail in details:
        if detail and (detail.get("value") or "").strip():
            is_html = (detail.get("type") or "").lower() in _HTML_TYPES
            return detail["value"], "html" if is_html else "text"
    return None, "text"


def _plain(value: str | None) -> str | None:
    """A title or name as text: feedparser leaves entities in some of them."""
    text = html.unescape(value or "").strip()
    return text or None


def _date(entry: Any) -> str | None:
    """The item's date in ISO 8601, in UTC as feedparser gives it."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return datetime(*parsed[:6], tzinfo=UTC).isoformat()
