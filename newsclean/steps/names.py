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
import sys
import tomllib
from functools import cache

from newsclean.document import Document, Mention, Paragraph
from newsclean.settings import RULES_DIR, Settings

_LETTERS = r"[^\W\d_]"
_JOINERS = "-'\u2019"
# What may come before a sentence's first word (after spaces and opening quotes).
_SENTENCE_END = ".!?…:;"
_OPENING = "\"'\u00ab\u201c\u201e\u2018([ \t-\u2013\u2014"
# A word: letters, with inner apostrophes and hyphens.
_WORD_REST = rf"{_LETTERS}*(?:[{_JOINERS}]{_LETTERS}+)*"
_WORDS = re.compile(rf"{_LETTERS}{_WORD_REST}")
_POSSESSIVE = ("'s", "\u2019s")


@cache
def _capitalised_words(astral: bool) -> re.Pattern[str]:
    """Words whose first letter is a capital: only they can be names, and they are a small
    share of a text's words. The search finds them where a word may also continue: see
    `_capitalised`. The capitals are a class of ranges; with capitals beyond the Basic
    Multilingual Plane in it the class is searched range by range, over ten times slower,
    so those are left out for texts without such characters (`astral` false)."""
    limit = sys.maxunicode if astral else 0xFFFF
    codes = [code for code in range(limit + 1) if _is_capital(chr(code))]
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    capitals = "".join(
        re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        for first, last in runs
    )
    return re.compile(rf"[{capitals}]{_WORD_REST}")


def _is_letter(char: str) -> bool:
    return char.isalnum() and not char.isdecimal()  # _LETTERS


def _is_capital(char: str) -> bool:
    return char.isupper() and _is_letter(char)


@cache
def name_stopwords() -> frozenset[str]:
    with (RULES_DIR / "name_stopwords.toml").open("rb") as handle:
        lists = tomllib.load(handle)
    return frozenset(word for text in lists.values() for word in text.split())


def find_mentions(doc: Document, settings: Settings) -> Document:
    words = [_capitalised(p.text) for p in doc.paragraphs]
    lowercase = _lowercase_words(doc.paragraphs)
    # capitalised away from a sentence start: a name, wherever else it stands
    confirmed = {
        word
        for paragraph_words in words
        for word, _, _, initial in paragraph_words
        if not initial and _looks_like_name(word)
    }
    mentions: list[Mention] = []
    for index, paragraph in enumerate(doc.paragraphs):
        mentions.extend(
            paragraph_mentions(paragraph.text, index, words[index], lowercase, confirmed)
        )
    doc.mentions = mentions
    return doc


def _cut_possessive(word: str) -> str:
    return word[:-2] if word.endswith(_POSSESSIVE) else word


def _lowercase_words(paragraphs: list[Paragraph]) -> set[str]:
    """The words the document writes in lowercase ("president" beside "President")."""
    distinct = set()
    for paragraph in paragraphs:
        distinct.update(_WORDS.findall(paragraph.text))
    return {cut.lower() for cut in map(_cut_possessive, distinct) if cut.islower()}


def _capitalised(text: str) -> list[tuple[str, int, int, bool]]:
    """(word, start, end, sentence-initial) for each capitalised word; a possessive ending
    is cut. A capital after a letter, or after a letter and a joiner, is inside a word
    ("iPhone", "d'Artagnan"). A word starts a sentence when what stands before it, past
    spaces and opening quotes, is the text's start or a sentence's final stop."""
    out = []
    astral = bool(text) and max(text) > "\uffff"
    for match in _capitalised_words(astral).finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before and (
            _is_letter(before) or (before in _JOINERS and start > 1 and _is_letter(text[start - 2]))
        ):
            continue
        word = match.group()
        if word.endswith(_POSSESSIVE):
            word, end = word[:-2], end - 2
        stop = start - 1
        while stop >= 0 and text[stop] in _OPENING:
            stop -= 1
        out.append((word, start, end, stop < 0 or text[stop] in _SENTENCE_END))
    return out


def paragraph_mentions(
    text: str,
    index: int,
    words: list[tuple[str, int, int, bool]],
    lowercase: set[str],
    confirmed: set[str],
) -> list[Mention]:
    """Runs of name words of one paragraph, from its capitalised words. A sentence-initial
    word counts when the document also capitalises it elsewhere, or when a name word follows
    it and it is no stopword. Two capitalised words one space apart have no word between
    them: they are neighbours."""
    stopwords = name_stopwords()
    names = [not w.isupper() and w.lower() not in lowercase for w, _, _, _ in words]
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
