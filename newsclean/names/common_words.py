"""Whether a word is an ordinary word of a language, by wordfreq's frequency lists (shipped
with the package). The lists hold names too (Berlin, Кипр), so a frequent word is taken for
a word only where nothing else says it is a name: see `newsclean.corpus.variants`. The
languages, their stand-ins and the threshold are in rules/name_misspellings.toml."""

from __future__ import annotations

import math
import tomllib
from functools import cache

from newsclean.settings import RULES_DIR


@cache
def _rules() -> dict:
    with (RULES_DIR / "name_misspellings.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's small list of one language (words from Zipf 3 up: a 30th of the time of
    the full lists to load). Imported here: only a run that weighs words needs it."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language, wordlist="small")


def min_zipf() -> float:
    return float(_rules()["min_zipf"])


def frequency_languages(language: str | None) -> tuple[str, ...]:
    """The frequency lists that speak for a detected language: its own, a stand-in where
    wordfreq has none (Kazakh, Luxembourgish), or every listed language when unknown."""
    rules = _rules()
    if language is None:
        return tuple(rules["languages"])
    return tuple(rules["stand_ins"].get(language, [language]))


def zipf(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of `word` (any case) in `language`; 0 when unlisted."""
    if language not in _available():
        return 0.0
    frequency = _frequencies(language).get(word.casefold(), 0.0)
    return math.log10(frequency) + 9 if frequency else 0.0


@cache
def _available() -> frozenset[str]:
    from wordfreq import available_languages

    return frozenset(available_languages("small"))


@cache
def is_common_in(word: str, language: str | None) -> bool:
    """`word` is frequent in the frequency lists that speak for `language`."""
    threshold = min_zipf()
    return any(zipf(word, code) >= threshold for code in frequency_languages(language))


def is_common_word(form: str) -> bool:
    """`form` is a frequent word (of any case) in one of the rules' languages."""
    return is_common_in(form, None)
