"""Which single-byte Latin code page a text is in, by the letters each reading gives.

charset-normalizer scores these code pages by character frequencies and ties them often: on
Hungarian it finds cp1250 and cp1252 equally good, and cp1252 gives "megfelelõ" for
"megfelelő". A wrong Latin code page rarely yields letters that one language writes
together, so each reading is scored by its stray symbols ("f³r", a C1 control), then by the
share of its non-ASCII letters the best-fitting language of `rules/latin_alphabets.toml`
writes, then by charset-normalizer's coherence, and last by how common the code page is.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import cache

from newsclean.settings import RULES_DIR

# Most common on the web first (the order breaks the last ties). ISO-8859-1 and -9 are
# read as their Windows supersets, as browsers do.
LATIN_ENCODINGS = ("cp1252", "cp1250", "iso8859-2", "cp1254", "cp1257", "iso8859-13")
# Non-letters at home in Latin text besides ASCII, punctuation and spaces.
_COMMON_SYMBOLS = set("€£¥§°©®™±×÷¢¤")
# Punctuation that stands inside words: apostrophes, hyphens, the Catalan "l·l".
_IN_WORD_PUNCTUATION = set("’‘‐‑·")
# A Latin reading needs most of its letters plain ASCII: Greek, Cyrillic or Hebrew bytes
# read as a Latin code page are accented letters almost throughout ("Ïðèâåò").
MIN_ASCII_LETTER_SHARE = 0.5
# ... and a language writing nearly all its other letters (a quoted foreign name aside).
MIN_ALPHABET_SHARE = 0.9


def best_latin_reading(data: bytes, coherence: Mapping[str, float]) -> str | None:
    """The Latin code page under which `data` reads as one language writes, or None.
    `coherence` is charset-normalizer's score per Python codec name, where it has one."""
    scored = []
    for rank, encoding in enumerate(LATIN_ENCODINGS):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        fit = latin_fit(text)
        if fit is not None:
            odd, alphabet_share = fit
            scored.append((odd, -alphabet_share, -coherence.get(encoding, 0.0), rank, encoding))
    return min(scored)[-1] if scored else None


def latin_fit(text: str) -> tuple[int, float] | None:
    """(stray symbols, share of non-ASCII letters the best-fitting language writes) of a
    text that reads as Latin script, or None when it does not (too few ASCII letters, too
    many strays, no language writing its letters)."""
    letters: Counter[str] = Counter()
    ascii_letters = odd = non_ascii = 0
    previous = ""
    for index, char in enumerate(text):
        if char.isascii():
            ascii_letters += char.isalpha()
        else:
            non_ascii += 1
            if char.isalpha():
                letters[char.lower()] += 1
            elif _is_stray(char, previous, text[index + 1 : index + 2]):
                odd += 1
        previous = char
    total_letters = ascii_letters + sum(letters.values())
    if not letters or ascii_letters < MIN_ASCII_LETTER_SHARE * total_letters:
        return None
    if odd > 0.01 * non_ascii:
        return None
    share = max(
        sum(n for letter, n in letters.items() if letter in alphabet)
        for alphabet in latin_alphabets().values()
    ) / sum(letters.values())
    return (odd, share) if share >= MIN_ALPHABET_SHARE else None


def _is_stray(char: str, before: str, after: str) -> bool:
    """A non-letter that is no punctuation, space or common symbol, or one inside a word
    (a wrong code page puts "¹" or "»" where a letter was)."""
    category = unicodedata.category(char)
    if category == "Cf" or char in _IN_WORD_PUNCTUATION:
        return False
    if before.isalpha() and after.isalpha():
        return True
    return not (category[0] in "PZ" or category == "Cf" or char in _COMMON_SYMBOLS)


@cache
def latin_alphabets() -> dict[str, frozenset[str]]:
    with (RULES_DIR / "latin_alphabets.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    return {language: frozenset(letters) for language, letters in raw["alphabets"].items()}
