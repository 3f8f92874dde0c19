"""Phonetic keys of a name word (rules in `rules/name_phonetics.tsv`): a Cyrillic spelling
gets one key, a Latin spelling every key it may stand for under the practical-transcription
conventions Russian uses for foreign names, so that two spellings of one name share a key
(Hermann / Герман, Yoshida / Ёсида). Also the coarse skeleton keys are bucketed on."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from anyascii import anyascii

from newsclean.rule_files import data_lines

# A Latin spelling's alternatives multiply; past this many keys the rest are not generated
# (the first alternatives of each rule are the common readings).
MAX_KEYS = 96
_VOWELS = re.compile(r"[aeiou]")
_NOT_KEY = re.compile(r"[^a-zCQSZ]")


@dataclass(frozen=True)
class PhoneticRules:
    cyrillic: dict[str, str]
    letters: dict[str, str]
    latin: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]
    fold: tuple[tuple[re.Pattern[str], str], ...]


@cache
def phonetic_rules() -> PhoneticRules:
    cyrillic: dict[str, str] = {}
    letters: dict[str, str] = {}
    latin: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
    fold: list[tuple[re.Pattern[str], str]] = []
    for _, (stage, pattern, *rest) in data_lines("name_phonetics.tsv"):
        replacement = rest[0] if rest else ""
        if stage == "cyrillic":
            cyrillic[pattern] = replacement
        elif stage == "letter":
            letters[pattern] = replacement
        elif stage == "latin":
            latin.append((re.compile(pattern), tuple(replacement.split("|"))))
        elif stage == "fold":
            fold.append((re.compile(pattern), replacement))
        else:
            raise ValueError(f"name_phonetics.tsv: unknown stage {stage!r}")
    return PhoneticRules(cyrillic, letters, tuple(latin), tuple(fold))


def is_cyrillic(form: str) -> bool:
    return any("\u0400" <= ch <= "\u052f" for ch in form)


@cache
def phonetic_keys(word: str) -> tuple[str, ...]:
    """The keys of one name word (no hyphen: split hyphenated names first), sorted."""
    rules = phonetic_rules()
    text = unicodedata.normalize("NFC", word).lower()
    if is_cyrillic(text):
        spelled = "".join(rules.cyrillic.get(ch, "") for ch in text)
        return (_fold(spelled),) if spelled else ()
    text = "".join(rules.letters.get(ch, ch) for ch in text)
    # lowercase already, so capitals are the letter stage's placeholders
    text = _NOT_KEY.sub("", anyascii(text))
    candidates = [text]
    for pattern, alternatives in rules.latin:
        grown: dict[str, None] = {}
        for candidate in candidates:
            if pattern.search(candidate) is None:
                grown[candidate] = None
                continue
            for alternative in alternatives:
                grown[pattern.sub(alternative, candidate)] = None
        candidates = list(grown)[:MAX_KEYS]
    # readings that silence half the written letters mix conventions of several languages
    # (Chkhaidze read as French ch, ai, final e and German z is "hes"): not kept
    shortest = len(text) / 2
    return tuple(sorted({k for k in map(_fold, candidates) if k and len(k) >= shortest}))


def _fold(key: str) -> str:
    for pattern, replacement in phonetic_rules().fold:
        key = pattern.sub(replacement, key)
    return key


def skeleton(key: str) -> str:
    """A key without its vowels: what spellings of one name keep in common even where the
    conventions render vowels differently (Muldoon / Малдун)."""
    return _VOWELS.sub("", key)
