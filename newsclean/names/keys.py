"""One comparison key per name spelling, folding scripts and transliteration schemes
(rules in `rules/transliteration.tsv`), and the test for "same name" built on it."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from newsclean.settings import RULES_DIR


@cache
def _rules() -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    letters: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for line in (RULES_DIR / "transliteration.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        stage, pattern, *rest = line.split("\t")
        replacement = rest[0] if rest else ""
        if stage == "letter":
            letters[pattern] = replacement
        elif stage == "ascii":
            patterns.append((re.compile(pattern), replacement))
        else:
            raise ValueError(f"transliteration.tsv: unknown stage {stage!r}")
    return letters, tuple(patterns)


@cache
def name_key(form: str) -> str:
    """The comparison key of one name word ("Kassym-Jomart" keeps its hyphen)."""
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


def same_name(a: str, b: str) -> bool:
    """Two spellings of one name word (across scripts and schemes)."""
    return name_key(a) == name_key(b)


def likely_misspelling(rare: str, common: str) -> bool:
    """`rare` could be a slip for `common`: keys one edit apart inside the word (an added or
    dropped ending is morphology: Kazakhstan / Kazakhstani), long enough that one edit is a
    slip rather than another name, same first letter, and not a masculine / feminine pair.
    Only corpus support (NameVariants) turns this into a merge."""
    a, b = name_key(rare), name_key(common)
    if a == b or min(len(a), len(b)) < 7 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    if _gender_pair(a, b):
        return False
    return Levenshtein.distance(a, b) == 1


def _gender_pair(a: str, b: str) -> bool:
    """Masculine and feminine forms of one surname are two people (Nazarbayev,
    Nazarbayeva; Tolstoy, Tolstaya): one ends in -a, the other not, past a shared stem."""
    if a.endswith("a") == b.endswith("a"):
        return False
    shorter = min(len(a), len(b))
    stem = next((i for i in range(shorter) if a[i] != b[i]), shorter)
    return stem >= shorter - 3
