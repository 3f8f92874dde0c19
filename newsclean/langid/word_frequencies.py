"""How often words are written in each language, from wordfreq's lists (they ship inside its
package): on a short text the words tell close languages apart (ru/bg, ca/es, da/nb/sv,
cs/sk) far more often than langdetect's letter n-grams do (bench/language.py).

A text's score in a language is the sum of its words' log frequencies there, a word outside
the language's `WORDS_PER_LANGUAGE` most frequent ones counting as rarer than all of them:
the naive Bayes choice among the languages, with equal priors.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from functools import cache

import wordfreq
from wordfreq.transliterate import SR_LATN_TABLE

# wordfreq's list of each language, cut to its most frequent words: enough for short texts
# (bench/language.py), a few MB of memory per language
WORDS_PER_LANGUAGE = 20_000
WORDLIST = "small"
# langdetect's codes whose wordfreq list has another name; Serbian's list is Serbo-Croatian
# in Latin letters ("sh"), which Serbian Cyrillic maps onto letter for letter
WORDFREQ_CODES = {"no": "nb", "hr": "sh", "sr": "sh"}
# how a language's words are spelt in its list, when the list is in another script
LIST_SPELLING = {"sr": SR_LATN_TABLE}
# wordfreq's buckets are centibels: a word in bucket b has the frequency 10 ** (-b / 100).
# A word outside a language's list counts as this bucket in every language (a frequency of
# 1e-8, rarer than the last word of every cut list): one for all, or a language whose list
# ends at more frequent words would win every text of unknown words.
UNLISTED_BUCKET = 800


@cache
def _available() -> frozenset[str]:
    return frozenset(wordfreq.available_languages(WORDLIST))


def has_word_list(language: str) -> bool:
    return WORDFREQ_CODES.get(language, language) in _available()


@cache
def _buckets(language: str) -> dict[str, int]:
    """The bucket of each of the language's most frequent words."""
    table: dict[str, int] = {}
    for bucket, words in enumerate(
        wordfreq.get_frequency_list(WORDFREQ_CODES.get(language, language), WORDLIST)
    ):
        for word in words[: WORDS_PER_LANGUAGE - len(table)]:
            table[word] = bucket
    return table


def without_diacritics(word: str) -> str:
    """The word with its letters' diacritics taken off ("příklad" → "priklad")."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _bare_buckets(language: str) -> dict[str, int]:
    """`_buckets` of the language's words written without diacritics: a bare form takes
    the bucket of its most frequent spelling ("je" for "je" and "jé")."""
    table: dict[str, int] = {}
    for word, bucket in _buckets(language).items():
        bare = without_diacritics(word)
        table[bare] = min(bucket, table.get(bare, bucket))
    return table


def word_frequency_shares(
    words: Iterable[str], languages: Iterable[str], bare: bool = False
) -> dict[str, float]:
    """Each language's posterior share for the words (naive Bayes, equal priors), in the
    order the languages were given; with `bare`, the words and the lists are compared
    without diacritics (for a text typed without them)."""
    words = tuple(words)
    if bare:
        words = tuple(map(without_diacritics, words))
    scores = {}
    for language in languages:
        table = _bare_buckets(language) if bare else _buckets(language)
        spelling = LIST_SPELLING.get(language)
        spelt = words if spelling is None else [w.translate(spelling) for w in words]
        scores[language] = -sum(table.get(w, UNLISTED_BUCKET) for w in spelt) / 100 * math.log(10)
    top = max(scores.values(), default=0.0)
    weights = {lang: math.exp(s - top) for lang, s in scores.items()}
    mass = sum(weights.values())
    return {lang: w / mass for lang, w in weights.items()}
