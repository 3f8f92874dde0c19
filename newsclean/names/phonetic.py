"""Phonetic keys of a name word (rules in `rules/name_phonetics.tsv`): a Cyrillic spelling
gets one key, a Latin spelling every key it may stand for under the practical-transcription
conventions Russian uses for foreign names, so that two spellings of one name share a key
(Hermann / Герман, Yoshida / Ёсида). A Latin word of a known language is read by that
language's letter values alone (`rules/name_readings.tsv`: Italian Rossi is Росси, not
России), and the Cyrillic word it is compared with is folded the same way. Also the coarse
skeleton keys are bucketed on."""

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
    vowels_written: bool = False  # vowels read as written: no vowel slack


@cache
def phonetic_rules(reading: str | None = None) -> PhoneticRules:
    """The general rules, or those of the language `reading` when it has its own
    (`reading_languages`)."""
    if reading is None or reading not in reading_languages():
        return _general_rules()
    return _language_rules(reading)


@cache
def reading_languages() -> frozenset[str]:
    """The languages rules/name_readings.tsv gives letter values of their own."""
    return frozenset(columns[0] for _, columns in data_lines("name_readings.tsv"))


@cache
def _language_rules(language: str) -> PhoneticRules:
    general = _general_rules()
    letters = dict(general.letters)
    replaced: dict[str, tuple[str, ...]] = {}
    added: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
    unfolded: set[str] = set()
    vowels_written = False
    known = {pattern.pattern for pattern, _ in general.latin}
    folds = {pattern.pattern for pattern, _ in general.fold}
    for number, (code, stage, pattern, *rest) in data_lines("name_readings.tsv"):
        if code != language:
            continue
        alternatives = tuple((rest[0] if rest else "").split("|"))
        if stage == "letter":
            letters[pattern] = alternatives[0]
        elif stage == "latin" and pattern in known:
            replaced[pattern] = alternatives
        elif stage == "latin":
            added.append((re.compile(pattern), alternatives))
        elif stage == "unfolded" and pattern in folds:
            unfolded.add(pattern)
        elif stage == "vowels" and pattern == "written":
            vowels_written = True
        else:
            raise ValueError(f"name_readings.tsv line {number}: cannot read {stage!r} {pattern!r}")
    latin = tuple(
        (pattern, replaced.get(pattern.pattern, alternatives))
        for pattern, alternatives in general.latin
    )
    fold = tuple(rule for rule in general.fold if rule[0].pattern not in unfolded)
    return PhoneticRules(general.cyrillic, letters, latin + tuple(added), fold, vowels_written)


@cache
def _general_rules() -> PhoneticRules:
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
def phonetic_keys(word: str, reading: str | None = None) -> tuple[str, ...]:
    """The keys of one name word (no hyphen: split hyphenated names first), sorted: a Latin
    word read as a word of the language `reading` (every convention when None or a
    language without readings of its own), a Cyrillic word folded as keys of that reading
    are."""
    rules = phonetic_rules(reading)
    text = unicodedata.normalize("NFC", word).lower()
    if is_cyrillic(text):
        spelled = "".join(rules.cyrillic.get(ch, "") for ch in text)
        return (_fold(spelled, rules),) if spelled else ()
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
    keys = {_fold(candidate, rules) for candidate in candidates}
    return tuple(sorted(k for k in keys if k and len(k) >= shortest))


@cache
def reading_keys(word: str, readings: tuple[str | None, ...] = ()) -> frozenset[str]:
    """The keys of `word` under every convention and under each language of `readings`,
    all folded by the general rules: keys that two spellings share whenever they share a key
    under one reading (what candidates are found by)."""
    general = phonetic_rules()
    keys = set(phonetic_keys(word))
    for reading in readings:
        if reading is not None:
            keys.update(_fold(key, general) for key in phonetic_keys(word, reading))
    return frozenset(keys)


def _fold(key: str, rules: PhoneticRules) -> str:
    for pattern, replacement in rules.fold:
        key = pattern.sub(replacement, key)
    return key


def skeleton(key: str) -> str:
    """A key without its vowels: what spellings of one name keep in common even where the
    conventions render vowels differently (Muldoon / Малдун)."""
    return _VOWELS.sub("", key)
