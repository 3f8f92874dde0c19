"""Person and place name mentions in Latin and Cyrillic text, without a model.

A mention is a run of capitalised words ("Kassym-Jomart Tokayev", "Дмитрий Медведев");
hyphenated names are one word; a possessive ending is not part of the name. Skipped:
- acronyms written in capitals (CSTO, NSC);
- words the document also writes in lowercase ("President" beside "president");
- sentence-initial words in the stopword lists of `rules/name_stopwords.toml`.
Offsets are into the paragraph's text.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache

from newsclean.document import Document, Mention
from newsclean.settings import RULES_DIR, Settings

_LETTERS = r"[^\W\d_]"
# What may come before a sentence's first word (after spaces and opening quotes).
_SENTENCE_END = ".!?…:;"
_OPENING = "\"'\u00ab\u201c\u201e\u2018([ \t-\u2013\u2014"
# A word: letters, with inner apostrophes and hyphens. It starts a sentence when what stands
# before it, past spaces and opening quotes, is the text's start or a sentence's final stop:
# the optional first group takes that stop, so one scan finds both.
_WORD = re.compile(
    rf"(?:(^|[{re.escape(_SENTENCE_END)}])[{re.escape(_OPENING)}]*)?"
    rf"({_LETTERS}+(?:[-'\u2019]{_LETTERS}+)*)"
)
_POSSESSIVE = ("'s", "\u2019s")


@cache
def name_stopwords() -> frozenset[str]:
    with (RULES_DIR / "name_stopwords.toml").open("rb") as handle:
        lists = tomllib.load(handle)
    return frozenset(word for text in lists.values() for word in text.split())


def find_mentions(doc: Document, settings: Settings) -> Document:
    words = [_words(p.text) for p in doc.paragraphs]
    lowercase: set[str] = set()
    # capitalised away from a sentence start: a name, wherever else it stands
    confirmed: set[str] = set()
    for paragraph_words in words:
        for word, _, _, initial in paragraph_words:
            if word.islower():
                lowercase.add(word.lower())
            elif not initial and _looks_like_name(word):
                confirmed.add(word)
    mentions: list[Mention] = []
    for index, paragraph in enumerate(doc.paragraphs):
        mentions.extend(
            paragraph_mentions(paragraph.text, index, words[index], lowercase, confirmed)
        )
    doc.mentions = mentions
    return doc


def _words(text: str) -> list[tuple[str, int, int, bool]]:
    """(word, start, end, sentence-initial) for each word; a possessive ending is cut."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group(2)
        start, end = match.span(2)
        if word.endswith(_POSSESSIVE):
            word, end = word[:-2], end - 2
        out.append((word, start, end, match.group(1) is not None))
    return out


def paragraph_mentions(
    text: str,
    index: int,
    words: list[tuple[str, int, int, bool]],
    lowercase: set[str],
    confirmed: set[str],
) -> list[Mention]:
    """Runs of name words of one paragraph. A sentence-initial word counts when the document
    also capitalises it elsewhere, or when a name word follows it and it is no stopword."""
    stopwords = name_stopwords()
    names = [
        w[0].isupper() and not w.isupper() and w.lower() not in lowercase  # _looks_like_name
        for w, _, _, _ in words
    ]
    for i, (word, _, end, initial) in enumerate(words):
        if names[i] and initial and word not in confirmed:
            follows = i + 1 < len(words) and names[i + 1] and text[end : words[i + 1][1]] == " "
            names[i] = follows and word.lower() not in stopwords
    out: list[Mention] = []
    run: list[tuple[int, int]] = []
    for i, (_, start, end, _) in enumerate(words):
        joined = bool(run) and text[run[-1][1] : start] == " "
        if not names[i] or not joined:
            if run:
                out.append(Mention(text[run[0][0] : run[-1][1]], index, run[0][0], run[-1][1]))
            run = []
        if names[i]:
            run.append((start, end))
    if run:
        out.append(Mention(text[run[0][0] : run[-1][1]], index, run[0][0], run[-1][1]))
    return out


def _looks_like_name(word: str) -> bool:
    """Capitalised, and not an acronym in capitals (CSTO, NSC)."""
    return word[0].isupper() and not word.isupper()
