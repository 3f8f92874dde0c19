"""langdetect, made deterministic, order-independent and quicker.

The profiles are loaded once into a private factory (in sorted order, so the language list
is the same on every file system); every call makes a fresh detector seeded with the given
seed, so a text's result never depends on what was detected before it.

The detector is langdetect's own, with its per-character and per-language loops replaced
by equivalents that give the same n-grams in the same order and the same floating-point
products (tests check both against langdetect's own detector): they took three quarters of
its time. Its trial loop draws the same random numbers in the same order, but multiplies in
the updates between two convergence checks together.
"""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

_SPACE_RUN = re.compile(" {2,}")
# NGram.normalize_vi only rewrites a vowel followed by one of these combining marks
_VIETNAMESE_MARK = re.compile(f"[{NGram.DMARK_CLASS}]")
# Detector.cleaning_text's two classes: 'A' <= ch <= 'z', and ch >= U+0300 (its test for the
# Latin Extended Additional block compares a block number with a name, so never holds).
# Counted by runs: far fewer match objects than one per character.
_ASCII_LATIN = re.compile("[A-z]+")
_ABOVE_COMBINING = re.compile("[\u0300-\U0010ffff]+")


class _NormalisedChars(dict[int, str]):
    """A `str.translate` table computing NGram.normalize once per character."""

    def __missing__(self, code: int) -> str:
        self[code] = NGram.normalize(chr(code))
        return self[code]


_NORMALISED = _NormalisedChars()


class _ProfileRows(dict[str, np.ndarray]):
    """A known n-gram's per-language frequencies from the profiles, as an array, made once."""

    def __missing__(self, gram: str) -> np.ndarray:
        self[gram] = np.array(_factory().word_lang_prob_map[gram], dtype=np.float64)
        return self[gram]


_PROFILE_ROWS = _ProfileRows()
# langdetect normalises the probabilities and checks for convergence every this many updates
_CHECK_EVERY = 5


class QuickDetector(Detector):
    def append(self, text: str) -> None:
        # as Detector.append: URLs and mail addresses out, runs of spaces made one (the
        # slower patterns are skipped on texts without the character every match needs)
        text = self.URL_RE.sub(" ", text)
        if "@" in text:
            text = self.MAIL_RE.sub(" ", text)
        if _VIETNAMESE_MARK.search(text):
            text = NGram.normalize_vi(text)
        self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        # as Detector.cleaning_text: ASCII letters out of a text mostly in other letters
        latin = sum(map(len, _ASCII_LATIN.findall(self.text)))
        if latin * 2 < sum(map(len, _ABOVE_COMBINING.findall(self.text))):
            self.text = _ASCII_LATIN.sub("", self.text)

    def _detect_block(self) -> None:
        # as Detector._detect_block, drawing the same random numbers in the same order
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        self.random.seed(self.seed)
        langprob = np.zeros(len(self.langlist))
        for _ in range(self.n_trial):
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            langprob += self._trial(ngrams, alpha / self.BASE_FREQ) / self.n_trial
        self.langprob = langprob.tolist()

    # The probability vector is a numpy array: the same float64 products and quotients as
    # langdetect's loops over a list, and its sum still taken left to right.
    def _init_probability(self) -> np.ndarray:
        return np.array(super()._init_probability(), dtype=np.float64)

    def _trial(self, ngrams: list[str], weight: float) -> np.ndarray:
        """One trial's probabilities. langdetect checks for convergence after the first
        update and then after every fifth; the updates between two checks are multiplied in
        by one reduction, which still takes the products in order, element by element."""
        choice = self.random.choice
        factors = np.empty((_CHECK_EVERY + 1, len(self.langlist)))
        prob = self._init_probability()
        prob *= weight + _PROFILE_ROWS[choice(ngrams)]
        last_update = 0
        while (
            self._normalize_prob(prob) <= self.CONV_THRESHOLD and last_update < self.ITERATION_LIMIT
        ):
            factors[0] = prob
            factors[1:] = [_PROFILE_ROWS[choice(ngrams)] for _ in range(_CHECK_EVERY)]
            factors[1:] += weight
            np.multiply.reduce(factors, axis=0, out=prob)
            last_update += _CHECK_EVERY
        return prob

    def _normalize_prob(self, prob: np.ndarray) -> float:
        prob /= sum(prob.tolist())
        return float(prob.max())

    def _extract_ngrams(self) -> list[str]:
        # A space resets NGram's buffer, so a word's n-grams depend on the word alone (and
        # on whether a space follows it): they are computed once per distinct word.
        words = self.text.translate(_NORMALISED).split(" ")
        last = len(words) - 1
        result: list[str] = []
        for i, word in enumerate(words):
            if word:
                result.extend(_word_ngrams(word, i < last))
        return result


@lru_cache(maxsize=1 << 16)
def _word_ngrams(word: str, spaced: bool) -> tuple[str, ...]:
    """The known n-grams NGram.add_char yields over a word (after a space, and followed by
    one when `spaced`): none while inside a run of capitals."""
    known = _factory().word_lang_prob_map
    chars = f" {word} " if spaced else f" {word}"
    found: list[str] = []
    for j in range(1, len(chars)):
        ch = chars[j]
        if ch.isupper() and chars[j - 1].isupper():
            continue
        if ch != " " and ch in known:
            found.append(ch)
        for gram in (chars[j - 1 : j + 1], chars[j - 2 : j + 1] if j >= 2 else ""):
            if gram in known:
                found.append(gram)
    return tuple(found)


_FACTORY_LOCK = threading.Lock()


def _factory() -> DetectorFactory:
    with _FACTORY_LOCK:  # threads starting together would each load the profiles
        return _load_factory()


@cache
def _load_factory() -> DetectorFactory:
    factory = DetectorFactory()
    profiles = sorted(Path(PROFILES_DIRECTORY).iterdir())
    factory.load_json_profile([p.read_text(encoding="utf-8") for p in profiles])
    return factory


def langdetect_languages() -> frozenset[str]:
    return frozenset(_factory().get_lang_list())


def langdetect_probabilities(text: str, seed: int) -> dict[str, float]:
    """Every langdetect language's probability for `text` (empty if it finds no features).

    The full vector, not langdetect's list cut at 0.1: letter rules may set the top
    languages aside and need the order of the rest.
    """
    factory = _factory()
    detector = QuickDetector(factory)
    detector.seed = seed
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException:
        return {}
    return {
        lang: float(p) for lang, p in zip(factory.get_lang_list(), detector.langprob, strict=True)
    }
