"""One text's language: script and letter evidence first, then langdetect among the
languages the letters leave open.

- A script only one language writes (Armenian, Georgian, Greek, ...) decides alone.
- Cyrillic: a language is possible only if the text's letters fit its alphabet; letters that
  only languages langdetect lacks use (Kazakh ә ғ қ ң ө ұ, Belarusian ў, ...) decide for
  them; otherwise langdetect chooses among the possible ones it knows (ru, uk, bg, mk).
- Latin: signature letters of languages langdetect lacks (Azerbaijani ə, ...), then
  langdetect among its Latin-script languages.
Among the languages langdetect may choose, a text under `WORD_FREQUENCY_LETTERS` letters is
given the one its words are most frequent in (newsclean.langid.word_frequencies), when
langdetect's choice has a word list.
A short text of a to z only that the lists give to Czech, Slovak, Slovene or Croatian is
compared with their lists without diacritics (`rules/language_words.toml`
[typed_without_diacritics]: Czech typed plain read as Slovak).
When both Serbian's and Macedonian's alphabets fit, word frequencies choose between them at
any length (langdetect lacks Serbian). Words of a language the word lists cannot name
(Norwegian in Nynorsk, Marathi, Welsh, Tagalog, `rules/language_words.toml`
[words_without_list]) name it instead of the close language chosen.
Last, where langdetect is weak (a language it lacks or a close pair), lingua-language-
detector checks the choice (newsclean.langid.second_opinion).
A text with fewer than `min_words` words of language (one fewer with a lowercase one:
newsclean.langid.letters.LetterCounts.has_language) has no language, and neither has a
guess below `min_confidence`: both are language None with confidence 0.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from newsclean.langid.backend import langdetect_probabilities
from newsclean.langid.letters import (
    LetterCounts,
    LetterRules,
    letter_rules,
    outside_alphabet,
    tolerance,
)
from newsclean.langid.second_opinion import second_opinion
from newsclean.langid.word_frequencies import has_word_list, word_frequency_shares
from newsclean.settings import LanguageSettings

Probabilities = Callable[[], Mapping[str, float]]

_KANA = ("Hiragana", "Katakana")
# Below this many letters langdetect is often wrong even when sure (bench/language.py).
SHORT_TEXT_LETTERS = 60
# Below this many letters word frequencies choose among the languages langdetect leaves open
# that have a word list (newsclean.langid.word_frequencies); above it langdetect is right
# 99% of the time and more.
WORD_FREQUENCY_LETTERS = 200
# An unsure langdetect hesitates among the languages it gives at least this probability
# (renormalised over the allowed ones; langdetect's own list cuts there too).
UNSURE_AMONG = 0.1


@dataclass(frozen=True)
class Guess:
    language: str | None  # ISO 639-1, None when abstaining
    confidence: float | None
    script: str | None
    # what decided: script | letters (signature letters) | alphabet (the only alphabet that
    # fits, no letter of the language's own) | langdetect | word_frequency | words | abstain
    # | no language
    rule: str
    # when abstaining because langdetect is unsure: the languages it hesitated among
    # (for the second opinion, newsclean.langid.second_opinion)
    candidates: tuple[str, ...] = field(default=(), compare=False)


def no_language(script: str | None, rule: str = "no language") -> Guess:
    return Guess(None, 0.0, script, rule)


def identify(text: str, settings: LanguageSettings, letters: LetterCounts | None = None) -> Guess:
    """The language of `text`; `letters` are its letter counts, when already made."""
    counts = LetterCounts.of(text) if letters is None else letters
    guess = decide(
        counts,
        lambda: langdetect_probabilities(text, settings.seed),
        settings.min_confidence,
        settings.min_words,
    )
    return second_opinion(text, counts, guess) if settings.second_opinion else guess


def decide(
    counts: LetterCounts, probabilities: Probabilities, min_confidence: float, min_words: int
) -> Guess:
    """The language of a text from its letter counts; `probabilities` (langdetect's) is only
    called when the letters leave a choice among languages langdetect knows."""
    script = counts.script
    if script is None or not counts.has_language(min_words):
        return no_language(script)
    rules = letter_rules()
    share = counts.by_script[script] / counts.total
    if script in rules.unique_scripts:
        return Guess(rules.unique_scripts[script], round(share, 4), script, "script")
    if script in ("Han", *_KANA):
        kana = sum(counts.by_script[k] for k in _KANA)
        language = rules.han_with_kana if kana > tolerance(counts.total) else rules.han_without_kana
        han_share = (counts.by_script["Han"] + kana) / counts.total
        return Guess(language, round(han_share, 4), script, "script")
    if script == "Cyrillic":
        return _cyrillic(counts, probabilities, rules, min_confidence)
    if script == "Latin":
        signed = _latin_signature(counts.in_script(script), rules)
        if signed is not None:
            return signed
    allowed = rules.langdetect_scripts.get(script)
    if allowed is None:
        return no_language(script, "abstain")
    if script == "Latin":
        allowed -= rules.latin_excluded(counts)
    return _langdetect_choice(probabilities(), allowed, script, counts, min_confidence)


def excluded_by_letters(counts: LetterCounts, language: str) -> bool:
    """Strong letter evidence against `language`: at least two letters (and more than the
    tolerance) its alphabet lacks. Known only for languages with an alphabet in the rules."""
    alphabet = letter_rules().cyrillic_fitting.get(language)
    if alphabet is None:
        return False
    letters = counts.in_script("Cyrillic")
    outside = outside_alphabet(letters, alphabet)
    return outside >= max(2, tolerance(sum(letters.values())) + 1)


def _cyrillic(
    counts: LetterCounts, probabilities: Probabilities, rules: LetterRules, min_confidence: float
) -> Guess:
    letters = counts.in_script("Cyrillic")
    total = sum(letters.values())
    tol = tolerance(total)
    outside = {lang: outside_alphabet(letters, abc) for lang, abc in rules.cyrillic_fitting.items()}
    fitting = [lang for lang, n in outside.items() if n <= tol]
    if not fitting:
        least = min(outside.values())
        fitting = [lang for lang, n in outside.items() if n == least]
    known = rules.langdetect_scripts["Cyrillic"]

    def by_letters(langs: list[str], rule: str = "letters") -> Guess:
        # With no letter to tell them apart, the smallest alphabet explains the text best.
        lang = min(langs, key=lambda x: (len(rules.cyrillic[x]), rules.cyrillic_order.index(x)))
        return Guess(lang, round(1 - outside[lang] / total, 4), "Cyrillic", rule)

    signed = [
        lang
        for lang in fitting
        if lang not in known and sum(letters[ch] for ch in rules.cyrillic_signature(lang)) > tol
    ]
    known_fitting = frozenset(lang for lang in fitting if lang in known)
    if signed:
        guess, pool = by_letters(signed), signed
    elif known_fitting:
        guess = _langdetect_choice(
            probabilities(), known_fitting, "Cyrillic", counts, min_confidence
        )
        pool = fitting
    elif unsigned := [lang for lang in fitting if lang in rules.words_without_signature]:
        guess, pool = by_letters(unsigned, "alphabet"), unsigned
    else:
        # only languages whose own letters are absent fit (Kazakh for Russian with a
        # Ukrainian quote): the closest language langdetect knows, by langdetect
        least = min(outside[lang] for lang in known)
        closest = frozenset(lang for lang in known if outside[lang] == least)
        guess = _langdetect_choice(probabilities(), closest, "Cyrillic", counts, min_confidence)
        pool = sorted(closest)
    if total >= SHORT_TEXT_LETTERS:
        # langdetect is reliable here: words may only bring in a language it lacks
        pool = [lang for lang in pool if lang not in known or lang == guess.language]
    # nor may they bring in a language langdetect lacks without its signature letters
    # ("бул" makes no Kyrgyz of a Bulgarian text without Kyrgyz letters)
    pool = [
        lang
        for lang in pool
        if lang in known or lang in signed or lang in rules.words_without_signature
    ]
    guess = _by_words(guess, pool, counts.words, rules, outside, total)
    return _serbian_or_macedonian(guess, counts.words, fitting)


# Serbian and Macedonian share their alphabet but for ђ ћ and ѓ ќ ѕ, and langdetect lacks
# Serbian: when both alphabets fit, the words' frequencies in each language choose, at any
# length (bench/language.py).
SERBIAN_MACEDONIAN = ("mk", "sr")


def _serbian_or_macedonian(guess: Guess, words: tuple[str, ...], fitting: list[str]) -> Guess:
    if guess.language not in SERBIAN_MACEDONIAN or not set(SERBIAN_MACEDONIAN) <= set(fitting):
        return guess
    shares = word_frequency_shares(words, SERBIAN_MACEDONIAN)
    best = min(SERBIAN_MACEDONIAN, key=lambda lang: (-shares[lang], lang != guess.language))
    return Guess(best, round(shares[best], 4), "Cyrillic", "word_frequency")


def _by_words(
    guess: Guess,
    pool: list[str],
    text_words: tuple[str, ...],
    rules: LetterRules,
    outside: dict[str, int],
    total: int,
) -> Guess:
    """Another language of `pool` when the guess shows none of its function words or
    spelling cues and that one shows the most."""
    hits = {lang: rules.word_evidence(lang, text_words) for lang in pool}
    if hits.get(guess.language):
        return guess
    best = min(pool, key=lambda lang: (-hits[lang], rules.cyrillic_order.index(lang)), default=None)
    if best is None or not hits[best] or best == guess.language:
        return guess
    return Guess(best, round(1 - outside[best] / total, 4), "Cyrillic", "words")


def _latin_signature(letters: Counter[str], rules: LetterRules) -> Guess | None:
    total = sum(letters.values())
    hits = {
        lang: sum(letters[ch] for ch in signature)
        for lang, signature in rules.latin_signatures.items()
    }
    best = min(hits, key=lambda lang: (-hits[lang], lang), default=None)
    if best is None or hits[best] <= tolerance(total):
        return None
    return Guess(best, 1.0, "Latin", "letters")


def _langdetect_choice(
    probabilities: Mapping[str, float],
    allowed: frozenset[str],
    script: str,
    counts: LetterCounts,
    min_confidence: float,
) -> Guess:
    """langdetect's best among `allowed`, its probability renormalised over them; for a short
    text whose best has a word list, the best of the listed `allowed` by word frequencies."""
    rules = letter_rules()
    candidates = {lang: p for lang, p in probabilities.items() if lang in allowed and p > 0}
    mass = sum(candidates.values())
    if not mass:
        return no_language(script, "abstain")
    best = min(candidates, key=lambda lang: (-candidates[lang], lang))
    confidence = round(candidates[best] / mass, 4)
    if confidence < min_confidence:
        # unsure among the languages it knows: a language it lacks may still show its words
        found = _without_list(Guess(best, confidence, script, "abstain"), counts, rules)
        if found.rule == "words":
            return found
        unsure = sorted(lang for lang, p in candidates.items() if p / mass >= UNSURE_AMONG)
        return Guess(None, 0.0, script, "abstain", tuple(unsure))
    listed = sorted(lang for lang in allowed if has_word_list(lang))
    if counts.total < WORD_FREQUENCY_LETTERS and best in listed and len(listed) > 1:
        shares = word_frequency_shares(counts.words, listed)
        # equal shares (no word listed anywhere) leave langdetect's order
        best = min(listed, key=lambda lang: (-shares[lang], -candidates.get(lang, 0.0), lang))
        bare = sorted(rules.typed_without_diacritics & set(listed))
        if best in bare and _ascii_letters(counts):
            # typed without diacritics: such a text misses the words of its own list
            shares = word_frequency_shares(counts.words, bare, bare=True)
            best = min(bare, key=lambda lang: (-shares[lang], lang != best, lang))
        guess = Guess(
            rules.langdetect_codes.get(best, best), round(shares[best], 4), script, "word_frequency"
        )
    else:
        guess = Guess(rules.langdetect_codes.get(best, best), confidence, script, "langdetect")
    return _without_list(guess, counts, rules)


def _ascii_letters(counts: LetterCounts) -> bool:
    """Whether all the text's letters are a to z (no letter with a diacritic)."""
    return all("a" <= ch <= "z" for ch in counts.letters)


def _without_list(guess: Guess, counts: LetterCounts, rules: LetterRules) -> Guess:
    """A language the word lists cannot name (Norwegian written in Nynorsk) instead of the
    close one named, when the text shows enough of its own words, and more of them than of
    the named language's own (Afrikaans and Dutch each against the other)."""
    own = sum(
        r.hits(counts.words, counts.capitalised_only)
        for r in rules.words_without_list
        if r.language == guess.language
    )
    for other in rules.words_without_list:
        if guess.language in other.close:
            hits = other.hits(counts.words, counts.capitalised_only)
            if hits >= other.min_words and hits > own:
                return Guess(other.language, float(hits), guess.script, "words")
    return guess
