"""The header block of a scraped plain-text article, parsed into metadata and out of the body.

Scrapers flatten the page head into short lines before the article: breadcrumb, title, byline,
date and time with its zone and place, view counter, tag line. Each recognised line moves into
its metadata field and is logged as a removal (so it can be undone); the first line that is
not recognised ends the header, so prose is never taken for a header.

A header stands above an article: the last line of text is never taken, so a short record (one
sentence from an API or a social feed) keeps its text whatever it looks like. A line that
reads as a sentence (a final `!`, `?` or `…`, more words than a headline, or a line the next
one continues) is never a title.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from newsclean.document import Document
from newsclean.furniture_shape import CLOSERS
from newsclean.settings import RULES_DIR, Settings
from newsclean.steps.paragraphs import continues
from newsclean.textnorm import comparison_key

STEP = "header"
MAX_HEADER_LINES = 12
MAX_TITLE_CHARS = 250
# A headline holds at most this many words; a longer line is a sentence of prose.
MAX_TITLE_WORDS = 25
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐӘҒҚҢӨҰҮҺ][\w'’-]+"
# "Ainur Kurmanov." on a line of its own: two to four capitalised words and a full stop
# (the stop tells a byline from a subtitle).
_BARE_NAME = re.compile(rf"^{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}\.$")
_NUMERIC_DATE = re.compile(
    r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?:,?\s+(?P<H>\d{1,2}):(?P<M>\d{2}))?"
)
_ISO_DATE = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ T](?P<H>\d{2}):(?P<M>\d{2}))?")
_WORD_DATE = re.compile(
    r"(?:(?P<d1>\d{1,2})\.?\s+(?P<mon1>[^\W\d_]{3,})\.?,?\s+(?P<y1>\d{4})"
    r"|(?P<mon2>[^\W\d_]{3,})\.?\s+(?P<d2>\d{1,2}),?\s+(?P<y2>\d{4}))"
    r"(?:,?\s+(?:at\s+|в\s+)?(?P<H>\d{1,2}):(?P<M>\d{2}))?",
)
_SENTENCE_END = re.compile(r"[.!?…]$")


@dataclass(frozen=True)
class HeaderRules:
    byline_prefixes: tuple[str, ...]
    breadcrumb: re.Pattern[str]
    views: re.Pattern[str]
    months: dict[str, int]
    time_zones: dict[str, str]
    time_zone_pattern: re.Pattern[str]


@cache
def header_rules() -> HeaderRules:
    with (RULES_DIR / "header.toml").open("rb") as handle:
        data = tomllib.load(handle)
    homes = "|".join(re.escape(h) for h in sorted(data["breadcrumb_home"], key=len, reverse=True))
    seps = "".join(re.escape(s) for s in data["breadcrumb_separators"])
    labels = "|".join(re.escape(v) for v in sorted(data["view_labels"], key=len, reverse=True))
    zones = {k.lower(): v for k, v in data["time_zones"].items()}
    zone_words = "|".join(re.escape(z) for z in sorted(zones, key=len, reverse=True))
    return HeaderRules(
        byline_prefixes=tuple(sorted(data["byline_prefixes"], key=len, reverse=True)),
        breadcrumb=re.compile(rf"^(?:{homes})\s*[{seps}]", re.IGNORECASE),
        views=re.compile(rf"^(?:{labels})\s*:?\s*(?P<n>\d[\d\s,.]*)$", re.IGNORECASE),
        months={
            prefix.lower(): int(month)
            for month, prefixes in data["months"].items()
            for prefix in prefixes
        },
        time_zones=zones,
        time_zone_pattern=re.compile(rf"\(?\b(?:{zone_words})\b\)?", re.IGNORECASE),
    )


def parse_header(doc: Document, settings: Settings) -> Document:
    if doc.source.content != "text":
        return doc
    rules = header_rules()
    lines = doc.body.split("\n")
    parser = _HeaderParser(doc, rules)
    # The header stands above the text: the last line of text is never part of it.
    last = max((i for i, line in enumerate(lines) if line), default=0)
    consumed = 0
    seen = 0
    for index, line in enumerate(lines[:last]):
        if not line:
            consumed = index + 1
            continue
        seen += 1
        if seen > MAX_HEADER_LINES or not parser.take(line, lines[index + 1]):
            break
        consumed = index + 1
    parser.finish()
    doc.body = "\n".join(lines[consumed:]).strip("\n")
    return doc


class _HeaderParser:
    """Takes header lines one at a time while they are recognised."""

    def __init__(self, doc: Document, rules: HeaderRules) -> None:
        self.doc = doc
        self.rules = rules
        self.date: datetime | None = None
        self.zone: str | None = None
        self.title_key = comparison_key(doc.title) if doc.title else None

    def take(self, line: str, following: str) -> bool:
        """Takes `line` when it is a header line; `following` is the line after it."""
        if continues(line, following):  # a hard-wrapped line of prose
            return False
        for handler in (
            self._breadcrumb,
            self._title_repeat,
            self._byline,
            self._date,
            self._zone_and_place,
            self._views,
            self._title,
            self._tags,
        ):
            field = handler(line)
            if field:
                self.doc.remove(
                    STEP, field, f"header line moved to metadata field {field}", line, kind=field
                )
                return True
        return False

    def finish(self) -> None:
        if self.date is None:
            return
        stamp = self.date
        if self.zone:
            stamp = stamp.replace(tzinfo=ZoneInfo(self.zone))
        self.doc.published = stamp.isoformat()

    def _breadcrumb(self, line: str) -> str | None:
        if self.doc.breadcrumb or not self.rules.breadcrumb.match(line):
            return None
        parts = re.split(r"\s*[»›>/|→]\s*", line)
        self.doc.breadcrumb = [p for p in parts if p]
        return "breadcrumb"

    def _title(self, line: str) -> str | None:
        if self.doc.title or len(line) > MAX_TITLE_CHARS or line.endswith((".", ",", ":")):
            return None
        if not 2 <= len(line.split()) <= MAX_TITLE_WORDS or _reads_as_sentence(line):
            return None
        self.doc.title = line
        self.title_key = comparison_key(line)
        return "title"

    def _title_repeat(self, line: str) -> str | None:
        return "title-repeat" if self.title_key and comparison_key(line) == self.title_key else None

    def _byline(self, line: str) -> str | None:
        if self.doc.author or self.doc.title is None:
            return None
        if _reads_as_sentence(line):
            return None
        lowered = line.lower()
        for prefix in self.rules.byline_prefixes:
            if lowered.startswith(prefix + " ") or (
                prefix.endswith(":") and lowered.startswith(prefix)
            ):
                name = line[len(prefix) :].strip(" .")
                if name and len(name.split()) <= 6:
                    self.doc.author = name
                    return "author"
        # A bare name right under the title, as some sites print their bylines.
        if _BARE_NAME.match(line):
            self.doc.author = line.rstrip(".")
            return "author"
        return None

    def _date(self, line: str) -> str | None:
        if self.date is not None:
            return None
        date = _parse_date(line, self.rules.months)
        if date is None:
            return None
        found, rest = date
        self.date = found
        leftover = self._strip_zone_and_place(rest)
        # A date line holds nothing but the date (and its zone and place).
        if leftover:
            self.date = None
            return None
        return "published"

    def _zone_and_place(self, line: str) -> str | None:
        if self.date is None or self.zone or not self.rules.time_zone_pattern.search(line):
            return None
        if self._strip_zone_and_place(line):
            return None
        return "time-zone"

    def _strip_zone_and_place(self, text: str) -> str:
        """Records a zone and a place found in `text`; returns what is left unexplained."""
        match = self.rules.time_zone_pattern.search(text)
        if match:
            phrase = match.group(0).strip("()").lower()
            self.zone = self.rules.time_zones[phrase]
            text = (text[: match.start()] + text[match.end() :]).strip()
        if text.startswith(","):
            place = text.strip(" ,")
            if place and len(place.split()) <= 4 and not _SENTENCE_END.search(place):
                self.doc.place = place
                return ""
        return text.strip(" ,")

    def _views(self, line: str) -> str | None:
        match = self.rules.views.match(line)
        if not match or self.doc.views is not None:
            return None
        self.doc.views = int(re.sub(r"\D", "", match.group("n")))
        return "views"

    def _tags(self, line: str) -> str | None:
        """A line of three or more short comma-separated items, with no sentence in it."""
        if self.doc.tags or self.doc.title is None or _SENTENCE_END.search(line):
            return None
        items = [item.strip() for item in line.split(",")]
        if len(items) < 3 or not all(0 < len(item.split()) <= 4 for item in items):
            return None
        self.doc.tags = items
        return "tags"


def _reads_as_sentence(line: str) -> bool:
    """Ends as an exclamation, a question or a sentence trailing off does (a closing quote
    may follow): a line of the text, not a headline or a byline."""
    return line.rstrip(CLOSERS).endswith(("!", "?", "…"))


def _parse_date(line: str, months: dict[str, int]) -> tuple[datetime, str] | None:
    """The first date (and time) in the line, and the line without it."""
    for pattern in (_NUMERIC_DATE, _ISO_DATE, _WORD_DATE):
        match = pattern.search(line)
        if not match:
            continue
        parts = match.groupdict()
        day = parts.get("d") or parts.get("d1") or parts.get("d2")
        year = parts.get("y") or parts.get("y1") or parts.get("y2")
        if pattern is _WORD_DATE:
            month = _month_number(parts.get("mon1") or parts.get("mon2") or "", months)
        else:
            month = int(parts["m"])
        if month is None:
            continue
        try:
            found = datetime(
                int(year), month, int(day), int(parts.get("H") or 0), int(parts.get("M") or 0)
            )
        except ValueError:
            continue
        return found, (line[: match.start()] + line[match.end() :]).strip()
    return None


def _month_number(word: str, months: dict[str, int]) -> int | None:
    word = word.lower()
    # The longest listed prefix wins: "mar" is March, "мар" is March, "мая" is May.
    for length in range(len(word), 2, -1):
        if word[:length] in months:
            return months[word[:length]]
    return None
