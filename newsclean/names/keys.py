"""The test for "same name" across scripts, transliteration schemes and transcription
conventions: one comparison key per spelling folding scripts and romanisation schemes
(`name_key`, rules in `rules/transliteration.tsv`), else, between a Cyrillic spelling and
another, shared phonetic keys under the conventions Russian renders foreign names by
(`newsclean.names.phonetic`; a Latin spelling of a known language read by that language's
letter values), with a little vowel slack for long names. Two Latin spellings
are one name only when the transliteration rules link them (Tokaev / Tokayev): the many
readings of a Latin word make ordinary words sound alike (Mark / March, Worth / Fort).
Acronyms and camel-case names (FAQs, OpenAI) are one name only with their own spelling;
masculine and feminine surnames always stay apart."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from functools import cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from newsclean.names.phonetic import (
    is_cyrillic,
    phonetic_keys,
    phonetic_rules,
    reading_keys,
    skeleton,
)
from newsclean.rule_files import data_lines

_VOWELS = frozenset("aeiou")
# Shorter phonetic keys (Chai, Hay, Che) fit too many names: such names match only by
# their transliteration key.
MIN_PHONETIC_LETTERS = 4


@cache
def _rules() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    letters: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for _, (stage, pattern, *rest) in data_lines("transliteration.tsv"):
        replacement = rest[0] if rest else ""
        if stage == "letter":
            letters[pattern] = replacement
        elif stage == "ascii":
            patterns.append((re.compile(pattern), replacement))
        else:
            raise ValueError(f"transliteration.tsv: unknown stage {stage!r}")
    return letters, tuple(patterns)


_PART_SEPARATORS = re.compile(r"[-'\u2019]")
# Starts the key of a spelling that only matches itself (no transliteration key has it).
_OWN_KEY = "="


def spelled_as_brand(form: str) -> bool:
    """An acronym or camel-case name: a capital past the first letter of a part of the word
    (not after a hyphen or an apostrophe: Kassym-Jomart, O'Brien)."""
    return any(
        any(ch.isupper() for ch in part[1:]) for part in _PART_SEPARATORS.split(form) if part
    )


@cache
def name_key(form: str) -> str:
    """The comparison key of one name word ("Kassym-Jomart" keeps its hyphen). An acronym or
    camel-case name is its own key: only its own spelling shares it."""
    if spelled_as_brand(form):
        return _OWN_KEY + unicodedata.normalize("NFC", form)
    letters, patterns = _rules()
    text = unicodedata.normalize("NFC", form).lower()
    text = "".join(letters.get(ch, ch) for ch in text)
    parts = []
    for part in anyascii(text).lower().split("-"):
        part = re.sub(r"[^a-z'`\"]", "", part)
        for pattern, replacement in patterns:
            part = pattern.sub(replacement, part)
        parts.append(part)
    return "-".join(p for p in parts if p)


def same_name(a: str, b: str, vowel_slack: bool = True, reading: str | None = None) -> bool:
    """Two spellings of one name word (across scripts, schemes and transcription
    conventions); a masculine and a feminine surname are two names. Without `vowel_slack`
    the phonetic keys must be shared outright (see `same_word`); `reading` is the language
    the Latin spelling is read as (None: every convention)."""
    return name_key(a) == name_key(b) or sound_alike(a, b, vowel_slack, reading)


def sound_alike(a: str, b: str, vowel_slack: bool = True, reading: str | None = None) -> bool:
    """`same_name` by the phonetic keys alone, word by word: the Latin spelling read as a
    word of the language `reading` (None: every convention) and another script's spelling
    sound alike, whether or not the transliteration key links them."""
    if spelled_as_brand(a) or spelled_as_brand(b) or gender_pair(name_key(a), name_key(b)):
        return False
    words_a, words_b = _words(a), _words(b)
    return len(words_a) == len(words_b) and all(
        same_word(x, y, vowel_slack, reading) for x, y in zip(words_a, words_b, strict=True)
    )


def read_as(latin: str, other: str, reading: str | None) -> bool:
    """Each word of the Latin spelling `latin`, read as a word of the language `reading`,
    shares a phonetic key with the same word of `other` (another script's spelling), however
    short: what confirms a link the transliteration key makes (Bush / Буш, not Rossi /
    России for Italian Rossi)."""
    words_a, words_b = _words(latin), _words(other)
    return len(words_a) == len(words_b) and all(
        not set(phonetic_keys(x, reading)).isdisjoint(phonetic_keys(y, reading))
        for x, y in zip(words_a, words_b, strict=True)
    )


def same_word(a: str, b: str, vowel_slack: bool = True, reading: str | None = None) -> bool:
    """A Cyrillic spelling and another of one unhyphenated name word share a phonetic key,
    or have keys with the same consonants whose vowels differ a little (conventions render
    foreign vowels differently: Muldoon / Малдун), ending alike. Two Latin spellings'
    many readings share keys by chance (Cigna / China, Zion / John): never. The Latin
    spelling is read as a word of the language `reading`, the Cyrillic one folded alike;
    a language that writes its vowels as they sound has no vowel slack (Rossi / России)."""
    if not (is_cyrillic(a) or is_cyrillic(b)):
        return False
    keys_a = [k for k in phonetic_keys(a, reading) if len(k) >= MIN_PHONETIC_LETTERS]
    keys_b = [k for k in phonetic_keys(b, reading) if len(k) >= MIN_PHONETIC_LETTERS]
    if not set(keys_a).isdisjoint(keys_b):
        return True
    if not vowel_slack or phonetic_rules(reading).vowels_written:
        return False
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for key in keys_b:
        by_skeleton[skeleton(key)].append(key)
    return any(close_vowels(x, y) for x in keys_a for y in by_skeleton.get(skeleton(x), ()))


def close_vowels(a: str, b: str) -> bool:
    """Keys with one consonant skeleton: few vowel edits for their length, the same last
    letter when a vowel ends either (Marino / Marina are two names), same first letter."""
    if a[0] != b[0] or (a[-1] != b[-1] and (a[-1] in _VOWELS or b[-1] in _VOWELS)):
        return False
    return Levenshtein.distance(a, b) <= 1 + min(len(a), len(b)) // 7


def plain_spelling(form: str) -> str:
    """The spelling without its diacritics, in lowercase: García and Garcia, Polícia and
    Policia are one spelling; Motto and Moto, Steele and Stelle two."""
    decomposed = unicodedata.normalize("NFKD", form.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _words(form: str) -> list[str]:
    return [w for w in form.split("-") if w]


def bucket_keys(form: str, readings: tuple[str | None, ...] = ()) -> frozenset[str]:
    """Coarse keys two spellings share whenever `same_name` holds through phonetic keys:
    the first letter and consonant skeleton of each phonetic key of the first word, under
    every convention and under each of the languages in `readings`."""
    words = _words(form)
    if not words or spelled_as_brand(form):
        return frozenset()
    return frozenset(
        key[0] + skeleton(key[1:])
        for key in reading_keys(words[0], readings)
        if len(key) >= MIN_PHONETIC_LETTERS
    )


def likely_misspelling(rare: str, common: str) -> bool:
    """`rare` could be a slip for `common`: keys one edit apart inside the word (an added or
    dropped ending is morphology: Kazakhstan / Kazakhstani), long enough that one edit is a
    slip rather than another name, same first letter, and not a masculine / feminine pair.
    Only corpus support (NameVariants) turns this into a merge."""
    return keys_one_slip_apart(name_key(rare), name_key(common))


def keys_one_slip_apart(a: str, b: str) -> bool:
    """`likely_misspelling` on the spellings' keys (an acronym's or brand's key, its own
    spelling, is no slip of anything)."""
    if a.startswith(_OWN_KEY) or b.startswith(_OWN_KEY):
        return False
    if a == b or min(len(a), len(b)) < 7 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    if gender_pair(a, b):
        return False
    return Levenshtein.distance(a, b) == 1


def gender_pair(a: str, b: str) -> bool:
    """Masculine and feminine forms of one surname are two people (Nazarbayev,
    Nazarbayeva; Tolstoy, Tolstaya): one ends in -a, the other not, past a shared stem."""
    if a.endswith("a") == b.endswith("a"):
        return False
    shorter = min(len(a), len(b))
    stem = next((i for i in range(shorter) if a[i] != b[i]), shorter)
    return stem >= shorter - 3
