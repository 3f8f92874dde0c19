"""Navigation debris out of the corpus: paragraphs of nothing but separators, and documents
left with no prose at all (only links, labels, separators, numbers).

The line and word measures follow the quality rules of C4 and Gopher as datatrove implements
them (datatrove.pipeline.filters: C4QualityFilter, GopherQualityFilter), applied to decide
whether any prose is left, never to reject a short text:
- C4's line rule: a line of prose ends in terminal punctuation. C4's minimum of words per
  line and of sentences per document would drop every one-sentence record, so neither is
  used: one terminal-punctuated paragraph holding a word keeps the document.
- A paragraph of prose holds a letter: one of numbers and signs is none.
- Gopher's symbol-to-word ratio (at most 0.1, with separators counted as symbols) and its
  alphabetic-word rule (at least `min_alpha_words_share` of the words hold a letter; Gopher:
  80%): a paragraph without terminal punctuation of `min_unpunctuated_words` words or
  `long_paragraph_chars` characters (Thai has no stops; a headline or a list item of a link
  roundup has none) is prose only when it is neither a row of links between separators nor
  a run of numbers. Short sentences are not held to the share: "Funda Izenzo 8:17." is one.
So what is dropped is a document of short labels and link titles, separators and numbers.
A document with no prose paragraph is kept when it is a headline and its standfirst (at most
`max_unpunctuated_paragraphs` paragraphs of words): a feed item or a short record.
"""

from __future__ import annotations

import re

from newsclean.document import Document
from newsclean.settings import QualitySettings, Settings

STEP = "quality"
SEPARATORS_RULE = "quality:separators"
NO_PROSE_RULE = "quality:no-prose"
NO_PROSE = "no prose left"
# What navigation rows are built of: bars, bullets, dots, dashes, slashes, arrows, guillemets.
SEPARATOR_CHARS = (
    "|\u00a6\u2022\u00b7\u2027\u2219\u25aa\u25cf*-\u2010\u2013\u2014\u2015_/\\~=+:;,."
    "\u2026\u00bb\u00ab\u203a\u2039><\u2192\u2190#"
)
_ONLY_SEPARATORS = re.compile(rf"[\s{re.escape(SEPARATOR_CHARS)}]+")
# What splits a row of links ("Home | World › Sport"): counted against the words; dashes and
# list markers are not, a title has them too.
ROW_SEPARATORS = (
    "|\u00a6\u2022\u00b7\u2027\u2219\u25aa\u25cf/\u00bb\u00ab\u203a\u2039><\u2192\u2190"
)
_SEPARATOR = re.compile(rf"(?<!\w)[{re.escape(ROW_SEPARATORS)}]+(?!\w)")
# C4's terminal punctuation, with the stops of scripts that have their own and the quotes
# and brackets that may close a sentence.
_TERMINAL = re.compile(
    r"[.!?\u2026\u3002\uff01\uff1f\u061f\u0964\u037e]"
    r"[\"'\u201c\u201d\u201e\u2018\u2019\u00ab\u00bb)\]\u203a\u2039]*\s*$"
)
_WORD = re.compile(r"\w+")


def drop_without_prose(doc: Document, settings: Settings) -> Document:
    """Removes paragraphs of separators only; drops a document with no prose left."""
    quality = settings.quality
    kept = []
    for index, paragraph in enumerate(doc.paragraphs):
        if _ONLY_SEPARATORS.fullmatch(paragraph.text):
            doc.remove(
                STEP,
                SEPARATORS_RULE,
                "a paragraph of nothing but separators (bars, bullets, dashes)",
                paragraph.text,
                kind="separators",
                paragraph=index,
            )
        else:
            kept.append(paragraph)
    if doc.paragraphs and not kept:
        # nothing but separators came in: the document is dropped, not left empty
        for removal in doc.removals:
            if removal.step == STEP and removal.rule == SEPARATORS_RULE:
                removal.reason += f"; {NO_PROSE}, the document is dropped"
        doc.paragraphs = []
        doc.dropped = True
        return doc
    doc.paragraphs = kept
    texts = [p.text for p in kept]
    if any(is_prose_line(t, quality) for t in texts):
        return doc
    worded = [t for t in texts if _has_letters(t)]
    if worded and len(texts) <= quality.max_unpunctuated_paragraphs and len(worded) == len(texts):
        return doc  # a headline, with or without its standfirst
    if not texts:
        return doc  # emptied before this step: counted as emptied, each removal recorded
    for index, text in enumerate(texts):
        doc.remove(
            STEP,
            NO_PROSE_RULE,
            f"{NO_PROSE}: no paragraph ends a sentence or runs as text (only links, labels, "
            "separators, numbers); the document is dropped",
            text,
            kind="no-prose",
            paragraph=index,
        )
    doc.paragraphs = []
    doc.dropped = True
    return doc


def is_prose_line(text: str, quality: QualitySettings) -> bool:
    """A paragraph of prose: it ends in terminal punctuation (C4) or is a long run of text
    with few separators (Gopher's symbol ratio), and its words are words, not numbers."""
    if not _has_letters(text):
        return False
    if _TERMINAL.search(text):
        return True
    words = len(_WORD.findall(text))
    separators = len(_SEPARATOR.findall(text))
    return (
        (words >= quality.min_unpunctuated_words or len(text) >= quality.long_paragraph_chars)
        and separators <= quality.max_separator_word_ratio * words
        and _alphabetic(text, quality)
    )


def _has_letters(text: str) -> bool:
    """A word, not only numbers and signs ("Funda Izenzo 8:17." is a sentence)."""
    return any(c.isalpha() for c in text)


def _alphabetic(text: str, quality: QualitySettings) -> bool:
    """Gopher's rule: enough of the words hold a letter."""
    words = _WORD.findall(text)
    if not words:
        return False
    alphabetic = sum(any(c.isalpha() for c in word) for word in words)
    return alphabetic >= quality.min_alpha_words_share * len(words)
