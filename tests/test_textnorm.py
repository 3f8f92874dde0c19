"""Comparison keys: where they split, checked over the whole of Unicode."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from newsclean.textnorm import TYPOGRAPHIC_SEPARATORS, comparison_key, words
from tests.conftest import DEV_DATA, SEEDS

ALL_CHARACTERS = [chr(c) for c in range(sys.maxunicode + 1)]
WHITESPACE = [c for c in ALL_CHARACTERS if c.isspace()]
SEPARATORS = re.compile(r"[\W_]+")


def plain_key(text: str) -> str:
    """The key as its definition says, without the bytes path."""
    return SEPARATORS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def real_texts() -> list[str]:
    """Lines of the seeds, and of the development data's texts of 75 languages if present."""
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DEV_DATA.glob("langid-dev/*/*.txt"))
    paths += sorted(DEV_DATA.glob("wcxb-dev-articles/ground-truth/*.json"))[:300]
    return [line for path in paths for line in Path(path).read_text("utf-8").splitlines()]


def test_key_is_the_plain_key_of_every_character_and_real_text():
    assert all(SEPARATORS.fullmatch(s.decode()) for s in TYPOGRAPHIC_SEPARATORS)
    ascii_text = "".join(ALL_CHARACTERS[:128])
    runs = ["".join(ALL_CHARACTERS[i : i + 64]) for i in range(0, len(ALL_CHARACTERS), 64)]
    mixed = [f"Tokaev\u2019s \u201cword\u201d{r}a\u2014b" for r in runs[:40]]
    typographic = "".join(s.decode() for s in TYPOGRAPHIC_SEPARATORS)
    texts = [ascii_text, typographic, *ALL_CHARACTERS[:1024], *runs, *mixed, *real_texts()]
    texts += [f"{t}{typographic}{t.upper()}" for t in texts[:2000]]
    key = comparison_key.__wrapped__
    for text in texts:
        assert key(text) == plain_key(text), repr(text)


def composing_characters() -> set[str]:
    """Every character NFC/NFKC composition can join with a neighbour: the members of the
    canonical decompositions into two characters (single-character ones never compose;
    Hangul syllables compose by rule, from jamo that are not whitespace)."""
    members = set()
    for character in ALL_CHARACTERS:
        decomposition = unicodedata.decomposition(character).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            members.update(chr(int(code, 16)) for code in decomposition)
    return members


def test_whitespace_is_a_boundary_of_normalisation_and_keys():
    """A whitespace character and its NFKC form are starters that never compose, so NFKC of
    a text is NFKC of its pieces between whitespace; casefold maps character by character;
    and the folded whitespace holds no word character. Hence the words of a text are the
    words of its pieces between whitespace, one after another."""
    composing = composing_characters()
    for space in WHITESPACE:
        normalised = unicodedata.normalize("NFKC", space)
        for character in space + normalised:
            assert unicodedata.combining(character) == 0, hex(ord(space))
            assert character not in composing, hex(ord(space))
        assert normalised.casefold() and not comparison_key(normalised), hex(ord(space))


def test_casefold_maps_character_by_character():
    cased = "".join(c for c in ALL_CHARACTERS if c.casefold() != c)
    for text in (cased, "ΟΔΟΣ ΟΔΟΣ. ΣΑΣ", "İSTANBUL ΐ ǰ ŉ ß ﬁ"):
        assert text.casefold() == "".join(c.casefold() for c in text)


def test_words_of_a_text_are_the_words_of_its_pieces():
    pieces = ["Tokaev\u2019s power", "\u0301accent", "A\u0308", "\u00a8x", "\u1161ga", "Σ", "…"]
    for space in WHITESPACE:
        for first in pieces:
            for second in pieces:
                assert words(first + space + second) == words(first) + words(second)
