"""The one record that flows through every step, and the log of what the steps did to it.

Steps never delete text silently: whatever leaves `paragraphs` (or never reaches them) is
recorded as a `Removal`; whatever is rewritten in place is counted as a `Change`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any


@dataclass
class Source:
    """Where a document came from. `path` is relative to the seeds folder."""

    path: str
    sha256: str
    format: str  # text | html | jsonl | warc | feed: the container
    content: str = "text"  # what the body holds before extraction: text | html
    record_id: str | None = None  # the JSONL `id` or the WARC-Record-ID
    url: str | None = None
    encoding: str | None = None  # how the raw bytes were decoded, and why
    encoding_reason: str | None = None


@dataclass
class Mention:
    """A name mention: `form` as written, at [start, end) of its paragraph's text."""

    form: str
    paragraph: int
    start: int
    end: int
    canonical: str | None = None
    kind: str | None = None  # "person" or "place" when the text or the corpus tells


@dataclass
class LanguageShare:
    """One language's share of the words of a mixed document's paragraphs that have one."""

    language: str
    share: float


@dataclass
class Paragraph:
    text: str
    language: str | None = None
    language_confidence: float | None = None
    script: str | None = None
    furniture: str | None = None  # the furniture kind, when furniture is marked, not removed


@dataclass
class DuplicateRef:
    """What a removed span or document duplicated, and how closely."""

    document: str
    paragraph: int | None = None
    similarity: float = 1.0


@dataclass
class Removal:
    """A span a step took out of the document, with enough context to audit or undo it.

    `paragraph` is the index the span had in the document's paragraphs when it was removed
    (None for header lines and whole documents).
    """

    step: str
    rule: str
    reason: str
    text: str
    kind: str | None = None  # furniture kind, duplicate kind, header field, ...
    paragraph: int | None = None
    duplicate_of: DuplicateRef | None = None


@dataclass
class Change:
    """An in-place rewrite a step made, counted rather than copied (e.g. mojibake repaired)."""

    step: str
    rule: str
    reason: str
    count: int = 1


# Fields that carry work in progress or live in removed.jsonl, not in documents.jsonl.
WORKING_FIELDS = frozenset({"body", "dropped", "error", "removals"})


@dataclass
class Document:
    id: str
    source: Source
    # The working body: HTML before extraction, then plain text until split into paragraphs.
    body: str = ""
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601
    site: str | None = None
    place: str | None = None
    views: int | None = None
    tags: list[str] = field(default_factory=list)
    breadcrumb: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    language: str | None = None
    language_confidence: float | None = None
    # share per language if mixed, by language: a list of records, not a map, so that every
    # reader of JSON and Parquet takes it (Hugging Face datasets has no map type)
    languages: list[LanguageShare] = field(default_factory=list)
    script: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    text_normalised: str | None = None  # names in canonical spelling, when asked for
    duplicate_of: DuplicateRef | None = None
    dropped: bool = False  # the whole document went to removed.jsonl (e.g. a duplicate)
    error: str | None = None  # a step failed on it: quarantined into rejected.jsonl
    removals: list[Removal] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def remove(
        self,
        step: str,
        rule: str,
        reason: str,
        text: str,
        *,
        kind: str | None = None,
        paragraph: int | None = None,
        duplicate_of: DuplicateRef | None = None,
    ) -> None:
        self.removals.append(Removal(step, rule, reason, text, kind, paragraph, duplicate_of))

    def change(self, step: str, rule: str, reason: str, count: int = 1) -> None:
        if count:
            self.changes.append(Change(step, rule, reason, count))

    def to_dict(self) -> dict[str, Any]:
        """The row written to documents.jsonl / documents.parquet: every field but the
        working ones, and the text."""
        row = {
            f.name: _plain(getattr(self, f.name))
            for f in fields(self)
            if f.name not in WORKING_FIELDS
        }
        row["text"] = self.text
        return row

    def removal_rows(self) -> list[dict[str, Any]]:
        """The rows this document contributes to removed.jsonl."""
        return [{"document": self.id, "index": i, **_plain(r)} for i, r in enumerate(self.removals)]


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def document_id(path: str, record_key: str | None = None) -> str:
    """A stable id from where the document lives, never from run order or content.

    Editing a file keeps its id (so a version diff reports it as changed); the record key
    tells apart the documents of one JSONL or WARC file.
    """
    key = path if record_key is None else f"{path}#{record_key}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """`value` in JSON's terms. As dataclasses.asdict, without its deep copies: the rows are
    serialised at once, and copying every string was most of their cost."""
    if is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return dict(value)
    return value
