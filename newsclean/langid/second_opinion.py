"""A second opinion from lingua-language-detector where langdetect is weak.

langdetect lacks Esperanto, Mongolian, Belarusian and Serbian, and confuses Czech with Slovak,
Azerbaijani with Turkish, Norwegian with Danish and Swedish on short text. For a guess that
`rules/language_second_opinion.toml` lists among a language's checks, lingua (made for short
text; its models ship inside its package) chooses among the guess and those languages, and
replaces the guess only when it names one of them with that language's `min_confidence`.
Everywhere else langdetect's choice stands: lingua restricted to whole families measured
worse on Russian, Ukrainian and Norwegian (bench/language.py). Nor is lingua asked about a
long text plainly in the chosen language by its function words (a news article's sample):
there langdetect is reliable, and lingua's cost grows with the text. Lingua is deterministic, and
only the languages a text needs are loaded, each once per process (lingua keeps one copy of
a language's models for all its detectors).
"""

from __future__ import annotations

import dataclasses
import threading
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from newsclean.langid.letters import LetterCounts, letter_rules, outside_alphabet, tolerance
from newsclean.settings import RULES_DIR

if TYPE_CHECKING:  # identify calls this module
    from newsclean.langid.identify import Guess

SECOND_OPINION_FILE = RULES_DIR / "language_second_opinion.toml"
# the rules that may be second-guessed: not a script, signature letters or no language
OPEN_RULES = frozenset({"langdetect", "word_frequency", "words", "alphabet"})
# langdetect's Norwegian is lingua's Bokmål and Nynorsk
_LINGUA_CODES = {"no": ("nb", "nn")}
_FROM_LINGUA = {"nb": "no", "nn": "no"}
# From this many letters, a text plainly in the chosen language is not second-guessed
PLAIN_TEXT_LETTERS = 1000


@dataclass(frozen=True)
class Weak:
    """A language asked of lingua when one of `checks` is chosen."""

    language: str
    checks: frozenset[str]
    min_confidence: float
    # Latin letters; Cyrillic alphabets come from rules/language_letters.toml
    alphabet: frozenset[str] | None = None
    max_outside: float = 0.0
    # also asked when langdetect is unsure among the languages of `checks` (no language),
    # if the text holds this many of the language's own words (rules/language_words.toml
    # [words_without_list]); 0: not asked then
    unsure_min_words: int = 0

    def fits(self, counts: LetterCounts) -> bool:
        """Whether the text's letters could be this language's."""
        cyrillic = letter_rules().cyrillic_fitting.get(self.language)
        if cyrillic is not None:
            letters = counts.in_script("Cyrillic")
            return outside_alphabet(letters, cyrillic) <= tolerance(sum(letters.values()))
        if self.alphabet is None:
            return True
        latin: Counter[str] = Counter()
        for ch, n in counts.in_script("Latin").items():
            latin[ch.lower()] += n
        # letters of other scripts are outside it too (English names in a Macedonian line)
        outside = outside_alphabet(latin, self.alphabet) + counts.total - latin.total()
        return outside <= self.max_outside * counts.total


@cache
def weak_languages() -> tuple[Weak, ...]:
    with SECOND_OPINION_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    return tuple(
        Weak(
            language,
            frozenset(rule["checks"]),
            rule["min_confidence"],
            frozenset(rule["alphabet"]) if "alphabet" in rule else None,
            rule.get("max_outside", 0.0),
            rule.get("unsure_min_words", 0),
        )
        for language, rule in sorted(raw.items())
    )


_DETECTOR_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    codes = [getattr(IsoCode639_1, code.upper()) for code in languages]
    builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
    return builder.with_preloaded_language_models().build()


def detector(languages: tuple[str, ...]) -> LanguageDetector:
    """Lingua restricted to `languages` (lingua's codes, sorted), with their models loaded."""
    with _DETECTOR_LOCK:  # threads starting together would each load the models
        return _detector(languages)


def lingua_confidences(text: str, languages: tuple[str, ...]) -> dict[str, float]:
    """Lingua's confidence in each of `languages` (langdetect's codes) for `text`."""
    lingua = sorted({code for lang in languages for code in _LINGUA_CODES.get(lang, (lang,))})
    found: Counter[str] = Counter()
    for value in detector(tuple(lingua)).compute_language_confidence_values(text):
        code = value.language.iso_code_639_1.name.lower()
        found[_FROM_LINGUA.get(code, code)] += value.value
    return dict(found)


def second_opinion(text: str, counts: LetterCounts, guess: Guess) -> Guess:
    """`guess`, or the weak language lingua names instead with enough confidence."""
    if guess.language is None:
        return _when_unsure(text, counts, guess) if guess.candidates else guess
    if guess.rule not in OPEN_RULES:
        return guess
    if counts.total >= PLAIN_TEXT_LETTERS and letter_rules().plainly_in(
        guess.language, counts.words
    ):
        return guess
    asked = [
        weak
        for weak in weak_languages()
        if guess.language in weak.checks and weak.language != guess.language and weak.fits(counts)
    ]
    if not asked:
        return guess
    confidences = lingua_confidences(text, (guess.language, *(w.language for w in asked)))
    best = min(asked, key=lambda w: (-confidences.get(w.language, 0.0), w.language))
    confidence = confidences.get(best.language, 0.0)
    if confidence < best.min_confidence or confidence <= confidences.get(guess.language, 0.0):
        return guess
    return dataclasses.replace(
        guess, language=best.language, confidence=round(confidence, 4), rule="lingua"
    )


def _when_unsure(text: str, counts: LetterCounts, guess: Guess) -> Guess:
    """An abstention, or the weak language (`unsure_min_words`) lingua names instead of every
    language langdetect hesitated among, with that language's `min_confidence`."""
    asked = [
        weak
        for weak in weak_languages()
        if weak.unsure_min_words
        and own_words(weak.language, counts) >= weak.unsure_min_words
        and weak.language not in guess.candidates
        and weak.checks.issuperset(guess.candidates)
        and weak.fits(counts)
    ]
    if not asked:
        return guess
    confidences = lingua_confidences(text, (*guess.candidates, *(w.language for w in asked)))
    best = min(asked, key=lambda w: (-confidences.get(w.language, 0.0), w.language))
    confidence = confidences.get(best.language, 0.0)
    rival = max(confidences.get(lang, 0.0) for lang in guess.candidates)
    if confidence < best.min_confidence or confidence <= rival:
        return guess
    return dataclasses.replace(
        guess, language=best.language, confidence=round(confidence, 4), rule="lingua"
    )


def own_words(language: str, counts: LetterCounts) -> int:
    """How many of the language's own words (or cues) the text holds, names aside."""
    return sum(
        rule.hits(counts.words, counts.capitalised_only)
        for rule in letter_rules().words_without_list
        if rule.language == language
    )
