"""The language step's letter counts split words as the plain word regex does, whichever way
they take: combining marks or none, repeated tokens or new ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean.langid import letters
from newsclean.langid.letters import LetterCounts, fold_homoglyphs, language_word_count

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

TEXTS = [
    "The Minister said on Tuesday that the talks would resume.",
    "नमस्ते दुनिया, यह एक परीक्षण है।",  # Devanagari: vowel signs and viramas inside words
    "ক্ষেত্রে এবং বাংলা ভাষা",
    "Cafe\u0301 nai\u0308ve and re\u0301sume\u0301, decomposed",  # marks after Latin letters
    "Москва и Санкт-Петербург, 2024 год",
    "東京都の人口は約1400万人です。",
    "x\u0301\u0302y 1a_b __init__ v2.0 10:29 @handle #tag www.example.org",
    "Kassym-Jomart Tokayev met ΟΔΥΣΣΕΑΣ in Ḥaḍramawt, l'homme d’État",
]


def seed_paragraphs() -> list[str]:
    return [
        paragraph
        for path in sorted(SEEDS.iterdir())
        for paragraph in path.read_text(encoding="utf-8").split("\n\n")
    ]


@pytest.mark.parametrize("text", [*TEXTS, *seed_paragraphs()])
def test_words_are_those_of_the_word_regex(text: str) -> None:
    folded = fold_homoglyphs(text.lower())
    assert LetterCounts.of(text).words == tuple(letters._WORD.findall(folded))


def test_a_text_with_combining_marks_keeps_them_inside_its_words() -> None:
    words = LetterCounts.of("नमस्ते दुनिया").words
    assert words == ("नमस्ते", "दुनिया")  # not "नमस" and "त"


def test_word_counts_do_not_depend_on_what_was_counted_before() -> None:
    texts = [*TEXTS, *seed_paragraphs()]
    letters._token_words.cache_clear()
    first = [language_word_count(text) for text in texts]
    again = [language_word_count(text) for text in reversed(texts)][::-1]
    letters._token_words.cache_clear()
    fresh = [language_word_count(text) for text in reversed(texts)][::-1]
    assert first == again == fresh
    assert language_word_count(TEXTS[0]) == (10, True)
    assert language_word_count("PM ID KZ B") == (0, False)  # capitals of up to three letters


def test_words_without_list_count_each_word_showing_a_cue_once() -> None:
    """A language found by its own words counts the different words that are its own or in
    which any of its cues is found, as searching each word with each cue does."""
    rules = letters.letter_rules().words_without_list
    with_cues = [rule for rule in rules if rule.cues]
    assert with_cues  # Esperanto's x-system and accusative plural
    texts = [
        *TEXTS,
        *seed_paragraphs(),
        "Mi sxatas la domojn kaj la urbojn, kaj cxiuj amikojn estas tie kaj tie.",
        "La knabinoj vidas la hundojn kaj la katojn; kiel bela tago!",
        "Ikkje eit ord om det, sa ho, men dei kjem heim frå byen i morgon.",
    ]
    found = 0
    for rule in rules:
        for text in texts:
            counts = LetterCounts.of(text)
            plain = sum(
                w in rule.words or any(cue.search(w) for cue in rule.cues)
                for w in set(counts.words) - counts.capitalised_only
            )
            assert rule.hits(counts.words, counts.capitalised_only) == plain
            found += plain
    assert found > 10
