"""Whether a name word is also an ordinary word of a language, by wordfreq's frequency
lists: two ordinary words one edit apart (Contract / Contact) are two words, not a name
and its slip. The languages and the threshold are in rules/name_misspellings.toml."""

from __future__ import annotations

import tomllib
from functools import cache

from wordfreq import zipf_frequency

from newsclean.settings import RULES_DIR


@cache
def _rules() -> tuple[tuple[str, ...], float]:
    with (RULES_DIR / "name_misspellings.toml").open("rb") as handle:
        rules = tomllib.load(handle)
    return tuple(rules["languages"]), float(rules["min_zipf"])


def is_common_word(form: str) -> bool:
    """`form` is a frequent word (of any case) in one of the rules' languages."""
    languages, min_zipf = _rules()
    word = form.casefold()
    return any(zipf_frequency(word, language) >= min_zipf for language in languages)
