"""Whether a name word is also an ordinary word of a language, by wordfreq's frequency
lists: two ordinary words one edit apart (Contract / Contact) are two words, not a name
and its slip. The languages and the threshold are in rules/name_misspellings.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache

from newsclean.settings import RULES_DIR


@cache
def _word_frequency() -> tuple[Callable[[str], float], tuple[str, ...], float]:
    """wordfreq's Zipf frequency on its small lists (words from 3 up: a 30th of the time of
    the full lists to load), and the rules. Imported here: only a run that weighs a
    misspelling needs it."""
    from wordfreq import zipf_frequency

    with (RULES_DIR / "name_misspellings.toml").open("rb") as handle:
        rules = tomllib.load(handle)

    def frequency(word: str, language: str) -> float:
        return zipf_frequency(word, language, wordlist="small")

    return frequency, tuple(rules["languages"]), float(rules["min_zipf"])


def is_common_word(form: str) -> bool:
    """`form` is a frequent word (of any case) in one of the rules' languages."""
    frequency, languages, min_zipf = _word_frequency()
    word = form.casefold()
    return any(frequency(word, language) >= min_zipf for language in languages)
