"""What a paragraph looks like, whatever its language: a sentence of prose, a link title, a
"…" teaser, a row of an archive calendar, an image caption. Furniture removal uses shape to
find where the article ends and the page furniture begins."""

from __future__ import annotations

import re
from functools import lru_cache

from newsclean.furniture_rules import CalendarWords, calendar_words

# Closing quotes and brackets that may follow the full stop of a sentence.
CLOSERS = "\"'\u201d\u2019\u00bb)]\u203a"
_WORD = re.compile(r"\w+")
# "- ", "• ", "* ", "1. ", "2) ": the marker a list item is rendered with
_LIST_MARKER = re.compile(r"^\s*([-\u2022*\u2013]|\d{1,3}[.)])\s")
MIN_PROSE_WORDS = 4
# MIN_PROSE_WORDS words: found without listing every word of a long paragraph
_PROSE_WORDS = re.compile(rf"\b\w++(?:\W++\w++){{{MIN_PROSE_WORDS - 1}}}")
# "With", "Mit", "Avec", "Con": the short word a caption opens with
SHORT_WORD = 4
# A calendar's weekday row holds at most this many words; a whole calendar flattened into
# one paragraph (a grid) holds at least GRID_WEEKDAYS weekday names.
MAX_ROW_WORDS = 12
GRID_WEEKDAYS = 5


# Furniture asks several questions of each paragraph and of its neighbours: its words are
# found once (the cache holds a few documents' paragraphs).
@lru_cache(maxsize=1 << 10)
def paragraph_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))


def word_count(text: str) -> int:
    return len(paragraph_words(text))


def is_teaser(text: str) -> bool:
    """Cut short with an ellipsis, as the excerpt under a link title is."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return stripped.endswith(("…", "..."))


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSERS)
    return stripped.endswith((".", "!", "?")) and not is_teaser(text)


def is_prose(text: str) -> bool:
    """A sentence or more of running text: enough words and a sentence's final stop."""
    return ends_sentence(text) and _PROSE_WORDS.search(text) is not None


def is_title_like(text: str, max_words: int) -> bool:
    """A short line with no sentence stop: a link title, a label, a heading."""
    stripped = text.rstrip().rstrip(CLOSERS)
    return (
        0 < word_count(text) <= max_words
        and not stripped.endswith((".", "!", ";", ":", ","))
        and not is_teaser(text)
    )


def is_list_item(text: str) -> bool:
    """A line rendered from a list item, marker first."""
    return bool(_LIST_MARKER.match(text))


def calendar_rows(texts: list[str]) -> set[int]:
    """Indexes of paragraphs that belong to an archive calendar widget.

    A calendar is a run of month lines ("May 2024"), weekday rows ("Mon Tues Wed ...") and
    day rows ("6789101112"), holding a weekday row or a month line with two day rows. A
    whole calendar flattened into one paragraph counts when nearly all of its words are
    weekday, month and day tokens.
    """
    words = calendar_words()
    shapes = [_calendar_shape(text, words) for text in texts]
    rows: set[int] = set()
    start = 0
    while start < len(texts):
        if shapes[start] is None:
            start += 1
            continue
        end = start
        while end < len(texts) and shapes[end] is not None:
            end += 1
        run = shapes[start:end]
        if "grid" in run or "weekday" in run or ("month" in run and run.count("days") >= 2):
            rows.update(range(start, end))
        start = end
    return rows


def _calendar_shape(text: str, words: CalendarWords) -> str | None:
    tokens = list(map(str.casefold, paragraph_words(text)))
    if not tokens or "|" in text:  # a table row: a timetable is content
        return None
    weekdays = sum(map(words.weekdays.__contains__, tokens))
    # A row is at most MAX_ROW_WORDS long; a longer paragraph is a grid or nothing, and most
    # (prose) fail the grid's weekdays at once.
    if len(tokens) > MAX_ROW_WORDS and weekdays < GRID_WEEKDAYS:
        return None
    months = sum(map(words.months.__contains__, tokens))
    digits = sum(map(str.isdecimal, tokens))  # \d+: decimal digits only
    other = len(tokens) - weekdays - months - digits
    if weekdays >= GRID_WEEKDAYS and digits >= 2 and other <= len(tokens) // 10:
        return "grid"
    if weekdays >= 3 and other <= 1 and len(tokens) <= MAX_ROW_WORDS:
        return "weekday"
    if months == 1 and other == 0 and len(tokens) <= 2:
        return "month"
    if digits == len(tokens) and len(tokens) <= 7:
        return "days"
    return None


def looks_like_caption(text: str, previous: str, following: str, max_words: int) -> bool:
    """A lone short label between two paragraphs of prose that names again someone the
    paragraph before it spoke of ("With Borrell" after a paragraph on Josep Borrell): the
    caption of an image that stood there. A heading looks the same, so the evidence must be
    strict: a short word (or one the paragraph before uses in lower case), then only
    capitalised names found in that paragraph."""
    if not (is_title_like(text, max_words) and is_prose(previous) and is_prose(following)):
        return False
    tokens = paragraph_words(text)
    before = set(paragraph_words(previous))
    first, names = tokens[0], tokens[1:]
    return (
        bool(names)
        and first[:1].isupper()
        and (len(first) <= SHORT_WORD or first.lower() in before)
        and all(n[:1].isupper() and not n.isupper() and n in before for n in names)
    )


# Where one sentence ends and the next begins: a stop (and the quotes or brackets closing
# it), space, then what opens a sentence. Only the sentence a furniture rule matched in is
# cut out with it, so a plain pattern suffices (a missed boundary takes a longer span, never
# another paragraph).
_SENTENCE_END = re.compile(r"[.!?\u2026]+[" + re.escape(CLOSERS) + r"]*\s+(?=[\W\d_]*[^\W\d_])")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of the text, in order, covering all of it."""
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(text))]
    return [(start, end) for start, end in zip(starts, [*starts[1:], len(text)], strict=True)]


def sentences_around(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentences that hold text[start:end], taking in the sentences
    before while a bracket or parenthesis closed in the span opened before it ("(Copyright
    2007 by The Associated Press. All Rights Reserved.)")."""
    bounds = sentence_bounds(text)
    first = next(i for i, (_, e) in enumerate(bounds) if e > start or e == len(text))
    last = next(i for i in range(first, len(bounds)) if bounds[i][1] >= end)
    while first > 0 and _unopened(text[bounds[first][0] : bounds[last][1]]):
        first -= 1
    return bounds[first][0], bounds[last][1]


def _unopened(span: str) -> bool:
    return span.count(")") > span.count("(") or span.count("]") > span.count("[")


def has_words(text: str) -> bool:
    return _WORD.search(text) is not None
