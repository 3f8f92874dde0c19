"""lingua's second opinion where langdetect is weak (newsclean.langid.second_opinion).

The sentences are written here, not taken from the development lines."""

from __future__ import annotations

import dataclasses

import pytest

from newsclean.document import Document, Paragraph, Source
from newsclean.langid import second_opinion as module
from newsclean.langid.identify import identify, no_language
from newsclean.langid.letters import LetterCounts
from newsclean.langid.second_opinion import lingua_confidences, second_opinion, weak_languages
from newsclean.settings import Settings
from newsclean.steps.language import detect_language
from tests.conftest import SEEDS

# Each without the letters or listed words that name its language; the language the letters,
# langdetect and the word rules chose alone is in the comment.
WEAK = [
    ("La urbo havas belan parkon apud la rivero.", "eo"),  # es
    ("Li legis la libron dum la tuta nokto.", "eo"),  # it
    ("Mi volas lerni novan lingvon.", "eo"),  # it
    ("Мама купіла свежага хлеба.", "be"),  # uk
    ("Аав ажилдаа явсан.", "mn"),  # bg
    ("Энэ хот маш сайхан газар.", "mn"),  # be
    ("Пас трчи по ливади.", "sr"),  # bg
    ("Uşaqlar parkda oynayırlar.", "az"),  # tr
]
# Languages the second opinion checks, which it must leave alone.
CHECKED = [
    ("The children are playing in the park.", "en"),
    ("Los niños juegan en el parque.", "es"),
    ("Dnes je pekné počasie.", "sk"),
    ("Vi har købt et nyt hus på landet.", "da"),
    ("Vi har köpt ett nytt hus på landet.", "sv"),
    ("Сегодня мы поедем на дачу к бабушке.", "ru"),
    ("Сьогодні ми поїдемо до бабусі.", "uk"),
]


@pytest.mark.parametrize(("text", "language"), WEAK)
def test_a_language_langdetect_lacks_or_confuses_is_named(
    settings: Settings, text: str, language: str
) -> None:
    guess = identify(text, settings.language)
    assert (guess.language, guess.rule) == (language, "lingua")


def test_turned_off_the_first_choice_stands(settings: Settings) -> None:
    text = WEAK[0][0]
    off = dataclasses.replace(settings.language, second_opinion=False)
    guess = identify(text, off)
    assert guess.rule != "lingua"
    assert guess.language != "eo"


@pytest.mark.parametrize(("text", "language"), CHECKED)
def test_the_languages_it_checks_keep_their_sentences(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


def test_no_language_stays_none(settings: Settings) -> None:
    for text in ("Xxxx (10:29 PM) :", "#Astana2024 #KZ", "ID: 48213-B / 2019", "@kz_news_24"):
        assert identify(text, settings.language).language is None


def test_english_names_in_a_cyrillic_line_do_not_make_it_esperanto(settings: Settings) -> None:
    """The Latin half of a Macedonian line fits Esperanto's alphabet; the whole line does
    not."""
    mixed = "Новиот телефон Samsung Galaxy S24 Ultra with Snapdragon 8 Gen 3 inside се продава."
    assert identify(mixed, settings.language).rule != "lingua"


def test_a_document_in_esperanto_is_esperanto(settings: Settings) -> None:
    texts = [text for text, language in WEAK if language == "eo"]
    source = Source(path="t.txt", sha256="", format="text")
    doc = Document(id="d", source=source, paragraphs=[Paragraph(t) for t in texts])
    doc = detect_language(doc, settings)
    assert doc.language == "eo"
    assert [p.language for p in doc.paragraphs] == ["eo"] * len(texts)


def test_the_same_answer_from_fresh_detectors(settings: Settings) -> None:
    """Deterministic: the detectors rebuilt, the texts in reverse order, the same guesses."""
    texts = [text for text, _ in WEAK + CHECKED]
    first = [identify(t, settings.language) for t in texts]
    module._detector.cache_clear()
    again = [identify(t, settings.language) for t in reversed(texts)]
    assert first == again[::-1]


def test_every_rule_names_languages_lingua_knows() -> None:
    for weak in weak_languages():
        asked = (weak.language, *sorted(weak.checks))
        assert set(lingua_confidences("Text.", asked)) == set(asked)


def test_a_script_or_signature_letters_are_not_second_guessed(settings: Settings) -> None:
    """ "ə" names Azerbaijani by its letters; lingua is not asked."""
    text = "Mən sabah bazara gedəcəyəm."
    counts = LetterCounts.of(text)
    guess = identify(text, settings.language, counts)
    assert guess.rule == "letters"
    assert second_opinion(text, counts, guess) == guess


def test_a_long_text_plainly_in_its_language_is_not_second_guessed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A news article's sample, plainly English by its function words, keeps langdetect's
    choice without asking lingua (whose cost grows with the text); a short English line is
    still checked for Welsh, Tagalog and Korean."""
    asked: list[str] = []

    def counted(text: str, languages: tuple[str, ...]) -> dict[str, float]:
        asked.append(text)
        return lingua_confidences(text, languages)

    monkeypatch.setattr(module, "lingua_confidences", counted)
    article = (SEEDS / "000_2cc8f0044b39433a.txt").read_text(encoding="utf-8")[:4000]
    assert LetterCounts.of(article).total >= 1000
    assert identify(article, settings.language).language == "en"
    assert asked == []
    line = CHECKED[0][0]
    assert identify(line, settings.language).language == "en"
    assert asked == [line]


# Esperanto without its letters, with one listed word ("laux"), where langdetect hesitates
# among languages it knows (es fr it ro)
UNSURE_ESPERANTO = "La tri reprezentantoj donis raporton laux la regulo."


def test_esperanto_is_named_where_langdetect_is_unsure(settings: Settings) -> None:
    alone = dataclasses.replace(settings.language, second_opinion=False)
    unsure = identify(UNSURE_ESPERANTO, alone)
    assert (unsure.language, unsure.rule) == (None, "abstain")
    assert unsure.candidates == ("es", "fr", "it", "ro")
    guess = identify(UNSURE_ESPERANTO, settings.language)
    assert (guess.language, guess.rule) == ("eo", "lingua")


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        # no word of Esperanto's own: lingua, restricted to a few languages, is not asked
        ("La studentoj skribos eseon komunan.", ("da", "es", "et", "hr")),
        # one (kaj), but w and y outside Esperanto's alphabet
        ("Wyatt kaj Twyford Wyndham Yellowby.", ("en", "nl")),
    ],
)
def test_where_unsure_lingua_is_asked_only_with_esperantos_words_and_letters(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, text: str, candidates: tuple[str, ...]
) -> None:
    counts = LetterCounts.of(text)
    abstaining = no_language("Latin", "abstain")
    abstaining = dataclasses.replace(abstaining, candidates=candidates)
    monkeypatch.setattr(module, "lingua_confidences", lambda *_: pytest.fail("lingua asked"))
    assert second_opinion(text, counts, abstaining) == abstaining
