"""JSON Lines: one document per line, `text` or `html` plus optional metadata.

A bad line is a problem of that line only; the other lines still make documents.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from newsclean.readers.checks import document_problem, html_problem
from newsclean.readers.decoding import Decoded
from newsclean.readers.records import FileInfo, RecordProblem, Records, new_document
from newsclean.settings import ReaderSettings

METADATA_FIELDS = ("url", "title", "author", "published")
# JSON may escape a lone surrogate ("\ud800"), which no UTF-8 output can hold. A paired one
# is decoded into its one code point, so any surrogate left in a string is a lone one.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
STEP = "read"


class _BadRecord(ValueError):
    pass


def read_jsonl(decoded: Decoded, file: FileInfo, settings: ReaderSettings) -> Records:
    records = Records()
    first_line_of_key: dict[str, int] = {}
    # Split on newlines only: JSON strings may hold U+2028 and other line separators raw.
    for number, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        label = f"line {number}"
        try:
            record, surrogates = _without_lone_surrogates(_parse(line))
            key = _record_id(record) or label
            if key in first_line_of_key:
                raise _BadRecord(f"duplicate id {key!r} (first on line {first_line_of_key[key]})")
            body, content = _body(record, settings)
        except _BadRecord as problem:
            records.problems.append(RecordProblem(str(problem), label))
            continue
        first_line_of_key[key] = number
        doc = new_document(
            file, body, content, decoded, record_key=key, record_id=key, url=record.get("url")
        )
        doc.title = record.get("title")
        doc.author = record.get("author")
        doc.published = normalise_published(record.get("published"))
        doc.change(
            STEP,
            "lone-surrogate",
            "lone surrogates escaped in the JSON, which no text can hold, replaced by U+FFFD",
            surrogates,
        )
        records.documents.append(doc)
    return records


def normalise_published(value: str | None) -> str | None:
    """ISO 8601 when Python can read the date as such, else the value as given."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return value


def _parse(line: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise _BadRecord(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise _BadRecord(f"not a JSON object (a JSON {type(record).__name__})")
    for name in METADATA_FIELDS:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise _BadRecord(f"{name} is not a string")
    return record


def _without_lone_surrogates(record: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The record with every lone surrogate in the fields read replaced, and how many."""
    replaced = 0
    for name in ("id", "text", "html", *METADATA_FIELDS):
        value = record.get(name)
        if isinstance(value, str):
            record[name], count = _LONE_SURROGATE.subn(REPLACEMENT, value)
            replaced += count
    return record, replaced


def _record_id(record: dict[str, Any]) -> str | None:
    value = record.get("id")
    if value is None:
        return None
    # bool is an int to Python, but `"id": true` is no identifier
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise _BadRecord(f"id {json.dumps(value)} is not a non-empty string or an integer")
    return str(value)


def _body(record: dict[str, Any], settings: ReaderSettings) -> tuple[str, str]:
    """The record's body and what it holds ("text" or "html"). A record's own non-blank
    `text` is preferred over its `html`: whoever wrote the record already chose the text."""
    text, html = record.get("text"), record.get("html")
    if text is None and html is None:
        raise _BadRecord("has neither text nor html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise _BadRecord(f"{name} is not a string")
    if text is not None and (text.strip() or html is None):
        body, content = text, "text"
    else:
        body, content = html, "html"
    problem = document_problem(body, settings) or (
        html_problem(body) if content == "html" else None
    )
    if problem:
        raise _BadRecord(f"{content}: {problem}")
    return body, content
