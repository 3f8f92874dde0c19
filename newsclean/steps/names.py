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
# A word: letters, with inner apostrophes and hyphens; a run of words joined by one space.
_WORD = re.compile(rf"{_LETTERS}+(?:[-'\u2019]{_LETTERS}+)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# What may come before a sentence's first word (after spaces and opening quotes).
_SENTENCE_END = frozenset(".!?…:;")
_OPENING = frozenset("\"'\u00ab\u201c\u201e\u2018([ \t-\u2013\u2014")


@cache
def name_stopwords() -> frozenset[str]:
    with (RULES_DIR / "name_stopwords.toml").open("rb") as handle:
        lists = tomllib.load(handle)
    return frozenset(word for text in lists.values() for word in text.split())


def find_mentions(doc: Document, settings: Settings) -> Document:
    words = [list(_words(p.text)) for p in doc.paragraphs]
    lowercase = {w.lower() for ws in words for w, _, _, _ in ws if w.islower()}
    # capitalised away from a sentence start: a name, wherever else it stands
    confirmed = {
        w for ws in words for w, _, _, initial in ws if not initial and _looks_like_name(w)
    }
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
        word, start, end = match.group(), match.start(), match.end()
        possessive = _POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        out.append((word, start, end, _starts_sentence(text, start)))
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
    names = [_looks_like_name(w) and w.lower() not in lowercase for w, _, _, _ in words]
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


def _starts_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in _OPENING:
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def _looks_like_name(word: str) -> bool:
    """Capitalised, and not an acronym in capitals (CSTO, NSC)."""
    return word[0].isupper() and not word.isupper()
