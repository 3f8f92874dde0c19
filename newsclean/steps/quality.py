"""Navigation debris out of the corpus: paragraphs of nothing but separators, and documents
left with no prose at all (only links, labels, separators, numbers).

The line and word measures follow the quality rules of C4 and Gopher as datatrove implements
them (datatrove.pipeline.filters: C4QualityFilter, GopherQualityFilter), applied to decide
whether any prose is left, never to reject a short text:
- C4's line rule: a line of prose ends in terminal punctuation. C4's minimum of words per
  line and of sentences per document would drop every one-sentence record, so neither is
  used: one terminal-punctuated paragraph holding a word keeps the document.
- Gopher's alphabetic-word rule: at least `min_alpha_words_share` of a paragraph's words
  hold a letter (Gopher: 80%); a paragraph of numbers is no prose.
- Gopher's symbol-to-word ratio (at most 0.1, with separators counted as symbols): a long
  paragraph without terminal punctuation (Thai, which has none, or a sentence that lost its
  stop) is prose only when it is not a row of links between separators.
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
_SEPARATOR = re.compile(rf"(?<!\w)[{re.escape(SEPARATOR_CHARS)}]+(?!\w)")
# C4's terminal punctuation, with the stops of scripts that have their own and the quotes
# and brackets that may close a sentence.
_TERMINAL = re.compile(
    r"[.!?\u2026\u3002\uff01\uff1f\u061f\u0964\u037e][\"'\u201d\u2019\u00bb)\]\u203a]*\s*$"
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
    doc.paragraphs = kept
    texts = [p.text for p in kept]
    if any(is_prose_line(t, quality) for t in texts):
        return doc
    worded = [t for t in texts if _alphabetic(t, quality)]
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
    if not _alphabetic(text, quality):
        return False
    if _TERMINAL.search(text):
        return True
    words = len(_WORD.findall(text))
    separators = len(_SEPARATOR.findall(text))
    return len(text) >= quality.long_paragraph_chars and separators <= (
        quality.max_separator_word_ratio * words
    )


def _alphabetic(text: str, quality: QualitySettings) -> bool:
    """Gopher's rule: enough of the words hold a letter."""
    words = _WORD.findall(text)
    if not words:
        return False
    alphabetic = sum(any(c.isalpha() for c in word) for word in words)
    return alphabetic >= quality.min_alpha_words_share * len(words)
