from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from newsclean.document import Document, Paragraph, Source
from newsclean.langid.identify import identify
from newsclean.langid.letters import LetterCounts
from newsclean.pipeline import PIPELINE, DocumentStage, run_document_steps
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.steps.language import (
    detect_language,
    sample_letters,
    sample_spans,
    spanned_text,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ENGLISH = (
    "Kazakhstan is expecting a rapid tilt towards the West immediately after the "
    "presidential elections, which will certainly lead to the current head of state "
    "sitting in the presidential chair for the next seven years."
)
RUSSIAN = (
    "В воскресенье в Казахстане пройдут досрочные президентские выборы, которые, "
    "несомненно, приведут к тому, что нынешний глава государства снова займёт кресло "
    "президента на следующие семь лет."
)
SUBSCRIBE = "Подписывайтесь на наши новости."
KAZAKH = (
    "Қазақстан Республикасының Президенті бүгін Астанада шетелдік инвесторлармен "
    "кездесіп, елдің экономикалық саясаты туралы айтты."
)


def document(*texts: str) -> Document:
    source = Source(path="test.txt", sha256="", format="text")
    return Document(id="t", source=source, paragraphs=[Paragraph(t) for t in texts])


def seed_documents(settings: Settings) -> list[Document]:
    docs = [
        doc
        for path in sorted(SEEDS.glob("*.txt"))
        for doc in read_path(path, SEEDS, settings.readers).documents
    ]
    stage = PIPELINE[0]
    assert isinstance(stage, DocumentStage)
    return run_document_steps(docs, stage, settings)


def test_every_seed_document_and_paragraph_is_english(settings: Settings) -> None:
    docs = [detect_language(doc, settings) for doc in seed_documents(settings)]
    assert len(docs) == 5
    for doc in docs:
        assert (doc.language, doc.script, doc.languages) == ("en", "Latin", [])
        assert doc.language_confidence is not None and doc.language_confidence > 0.9
        for p in doc.paragraphs:
            has_language = LetterCounts.of(p.text).has_language(settings.language.min_words)
            assert p.language == ("en" if has_language else None), p.text
        assert sum(p.language == "en" for p in doc.paragraphs) > len(doc.paragraphs) / 2
        assert all(p.script in ("Latin", None) for p in doc.paragraphs)


def test_short_paragraphs_inherit_their_documents_language(settings: Settings) -> None:
    # judged alone, these are Tagalog (no word of it is in any word list) and Danish
    tags, photo = "Tags: Tokayev, Nazarbayev, Astana", "Photo: Kazakh Steppe Sunset Panorama"
    assert identify(tags, settings.language).language == "tl"
    assert identify(photo, settings.language).language == "da"
    doc = detect_language(document(tags, ENGLISH, photo, "Read the full story here"), settings)
    assert [p.language for p in doc.paragraphs] == ["en", "en", "en", "en"]
    assert doc.languages == []


# Lines with letters but no language: langdetect alone is sure of Somali, German, Tagalog,
# Polish, English and Latvian for them.
NO_LANGUAGE = [
    "Xxxx (10:29 PM) :",
    "Fallen_Angel (10:32 PM) :",
    "#Astana2024 #KZ",
    "@kz_news_24",
    "ID: 48213-B / 2019",
    "Kappa's Lair v2.0",
    "Tags:",
    "https://t.me/kz_news_24/48213",
    "19.11.2022 00:19",
]


@pytest.mark.parametrize("line", NO_LANGUAGE)
def test_lines_without_language_get_none_in_any_document(settings: Settings, line: str) -> None:
    guess = identify(line, settings.language)
    assert (guess.language, guess.confidence) == (None, 0.0)
    for prose in (ENGLISH, RUSSIAN):
        doc = detect_language(document(prose, line, prose), settings)
        assert (doc.paragraphs[1].language, doc.paragraphs[1].language_confidence) == (None, 0.0)
        assert doc.languages == []


def test_a_document_of_lines_without_language_has_none(settings: Settings) -> None:
    doc = detect_language(document(*NO_LANGUAGE), settings)
    assert (doc.language, doc.language_confidence, doc.languages) == (None, 0.0, [])
    assert {p.language_confidence for p in doc.paragraphs} == {0.0}


def test_language_is_judged_on_words_not_on_handles_and_addresses(settings: Settings) -> None:
    # the same handles and timestamps around a sentence leave it its language
    chat = "Fallen_Angel (10:32 PM) : Вчера в Москве прошла встреча министров @kz_news_24"
    assert identify(chat, settings.language).language == "ru"
    assert LetterCounts.of(chat).language_words == 6


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (KAZAKH, "kk"),
        ("Алматы қаласында жаңа мектеп ашылды, оған мыңнан астам оқушы барады.", "kk"),
        ("Мінск — сталіца Рэспублікі Беларусь і найбуйнейшы горад краіны.", "be"),
        ("Учора ў Мінску адбылася сустрэча кіраўнікоў дзвюх краін.", "be"),
        ("Гэта вельмі добрая кніга, якую варта прачытаць кожнаму.", "be"),
        ("Сьогодні в Києві відбулася зустріч міністрів закордонних справ.", "uk"),
        ("Вчера в Москве прошла встреча министров иностранных дел.", "ru"),
        ("Вчера в София се проведе среща на външните министри.", "bg"),
        ("Скопје е главен град на Македонија и најголем град во државата.", "mk"),
        ("Београд је главни град Србије, а ћирилица је службено писмо.", "sr"),
        ("Бишкек шаары Кыргызстандын борбору жана эң чоң шаары болуп саналат.", "ky"),
        ("Улаанбаатар хот нь Монгол улсын нийслэл бөгөөд хамгийн том хот юм.", "mn"),
        ("Հայաստանի մայրաքաղաքը Երևանն է։", "hy"),
        ("საქართველოს დედაქალაქი თბილისია.", "ka"),
        ("Bakı Azərbaycanın paytaxtı və ən böyük şəhəridir.", "az"),
    ],
)
def test_languages_langdetect_lacks_or_confuses(text: str, language: str) -> None:
    assert identify(text, Settings().language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Belarusian without і or ў: шч, ць and ы after ч, which Russian never writes
        ("Шчыра дзякуем вам за працу.", "be"),
        # Bulgarian and Russian function words against langdetect's first choice
        ("Кой знае защо никой не дойде?", "bg"),
        ("Вроде одно и то же.", "ru"),
    ],
)
def test_spelling_cues_and_function_words_correct_langdetect(text: str, language: str) -> None:
    assert identify(text, Settings().language).language == language


def test_latin_look_alikes_in_cyrillic_words_count_as_cyrillic(settings: Settings) -> None:
    # a Latin i typed for the Ukrainian і: "вiн", "скiнчив"
    text = "Але тут вiн в трьох роках не скiнчив ще й другого класу."
    assert identify(text, settings.language).language == "uk"


def test_text_without_letters_has_no_language(settings: Settings) -> None:
    doc = detect_language(document("19.11.2022 00:19", "***"), settings)
    assert (doc.language, doc.script) == (None, None)
    assert [p.language for p in doc.paragraphs] == [None, None]


def words(text: str) -> int:
    return LetterCounts.of(text).language_words


def test_mixed_document_records_shares_by_words(settings: Settings) -> None:
    doc = detect_language(
        document(ENGLISH, RUSSIAN, "#Astana2024 #KZ", KAZAKH, ENGLISH, SUBSCRIBE), settings
    )
    assert [p.language for p in doc.paragraphs] == ["en", "ru", None, "kk", "en", "ru"]
    assert [p.script for p in doc.paragraphs] == [
        "Latin",
        "Cyrillic",
        "Latin",
        "Cyrillic",
        "Latin",
        "Cyrillic",
    ]
    assert doc.language == "en"
    shares = {s.language: s.share for s in doc.languages}
    assert [s.language for s in doc.languages] == ["en", "kk", "ru"]  # by language
    english = 2 * words(ENGLISH)
    total = english + words(RUSSIAN) + words(KAZAKH) + words(SUBSCRIBE)
    assert shares["en"] == round(english / total, 4)
    assert abs(sum(shares.values()) - 1) < 1e-3


def test_languages_lists_only_languages_above_the_floor(settings: Settings) -> None:
    # one English sentence among 30 Russian ones: its share of the words is under 5%
    doc = detect_language(document(*[RUSSIAN] * 30, ENGLISH), settings)
    assert doc.paragraphs[-1].language == "en"  # still found
    assert words(ENGLISH) / (words(ENGLISH) + 30 * words(RUSSIAN)) < 0.05
    assert (doc.language, doc.languages) == ("ru", [])
    lower = replace(settings, language=replace(settings.language, share_floor=0.01))
    listed = [
        s.language for s in detect_language(document(*[RUSSIAN] * 30, ENGLISH), lower).languages
    ]
    assert listed == ["en", "ru"]


def test_letters_outweigh_shortness_within_one_script(settings: Settings) -> None:
    ukrainian = "Їхні діти теж є тут."  # short, but ї and є are never Russian
    doc = detect_language(document(RUSSIAN, ukrainian, "Так ему и надо!", RUSSIAN), settings)
    assert [p.language for p in doc.paragraphs] == ["ru", "uk", "ru", "ru"]


def test_results_do_not_depend_on_what_was_detected_before(settings: Settings) -> None:
    texts = [ENGLISH, RUSSIAN, KAZAKH, "Вроде везет.", "Check Also", "Leave a Comment"]
    forwards = [identify(t, settings.language) for t in texts]
    backwards = [identify(t, settings.language) for t in reversed(texts)]
    assert forwards == list(reversed(backwards))


def language_sample(paragraphs: list[Paragraph], sample_chars: int) -> str:
    return spanned_text(paragraphs, sample_spans(paragraphs, sample_chars))


def test_language_sample_is_bounded_and_takes_the_longest_paragraphs() -> None:
    paragraphs = [Paragraph("Tags: a, b"), Paragraph(ENGLISH), Paragraph(RUSSIAN * 40)]
    sample = language_sample(paragraphs, 1000)
    assert len(sample) <= 1000
    assert sample.startswith(RUSSIAN[:50])
    assert language_sample(paragraphs[:2], 4000) == "Tags: a, b\n" + ENGLISH


# Greek capitals (final sigma), a Latin look-alike in a Cyrillic word, paragraphs without a
# space to cut at, no letters, an empty paragraph
MIXED = [
    "ΟΔΟΣ",
    "Σ ΚΑΙ ΑΛΛΑ ΠΟΛΛΑ ΟΔΟΣ",
    RUSSIAN,
    "Вот Kазахстан тoже.",
    "ΑΒΓΔΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣΣ",
    KAZAKH,
    "",
    "19.11.2022",
    ENGLISH,
    "Tags: a, b",
]


def plain_language_sample(paragraphs: list[Paragraph], sample_chars: int) -> str:
    """The sample made as a whole text: the longest paragraphs joined, then cut."""
    by_length = sorted(range(len(paragraphs)), key=lambda i: (-len(paragraphs[i].text), i))
    chosen: list[int] = []
    for index in by_length:
        if sum(len(paragraphs[i].text) + 1 for i in chosen) >= sample_chars:
            break
        chosen.append(index)
    sample = "\n".join(paragraphs[i].text for i in sorted(chosen))
    if len(sample) <= sample_chars:
        return sample
    cut = sample.rfind(" ", 0, sample_chars)
    return sample[: cut if cut > 0 else sample_chars]


@pytest.mark.parametrize("sample_chars", [0, 1, 3, 5, 12, 30, 60, 150, 400, 1000, 4000])
def test_sample_letters_are_those_of_the_sample_text(settings: Settings, sample_chars: int) -> None:
    """The sample's letters are added up from its paragraphs' counts: they must be those of
    the sample text itself, wherever the sample is cut (a cut Greek word may end in a final
    sigma its paragraph does not have)."""
    greek = [t for t in MIXED if t.isupper()]
    documents = [doc.paragraphs for doc in seed_documents(settings)]
    for paragraphs in [
        *documents,
        [Paragraph(t) for t in MIXED],
        [Paragraph(t) for t in MIXED[::-1]],
        [Paragraph(t) for t in greek],
    ]:
        sample = language_sample(paragraphs, sample_chars)
        assert sample == plain_language_sample(paragraphs, sample_chars)
        counts = [LetterCounts.of(p.text) for p in paragraphs]
        spans = sample_spans(paragraphs, sample_chars)
        assert sample_letters(paragraphs, counts, spans) == LetterCounts.of(sample)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # two words, one in lowercase: a sentence, not a name or a title
        ("Солнце высоко.", "ru"),
        # a script without spaces: letters count, digits among them do not matter
        ("2011年高等学校专升本招生全国统一考试高等数学（一）试题?", "zh"),
        ("クロノたちが13年ぶりに再会！", "ja"),
    ],
)
def test_short_sentences_still_have_a_language(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # two words in a script without case: no capital marks them a name or a title
        ("أخبار العالم", "ar"),
        ("חדשות היום", "he"),
        ("오늘의 뉴스", "ko"),
        ("খেলার খবর", "bn"),
        ("ताज़ा ख़बरें", "hi"),
        # vowel signs and viramas are inside words: three words, not six pieces of them
        ("आज का मौसम", "hi"),
    ],
)
def test_short_headlines_in_scripts_without_case_have_a_language(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language
    doc = detect_language(document(text, ENGLISH), settings)
    assert doc.paragraphs[0].language == language


def test_words_of_indic_scripts_keep_their_vowel_signs() -> None:
    assert LetterCounts.of("आज का मौसम").words == ("आज", "का", "मौसम")
    assert LetterCounts.of("ताज़ा ख़बरें").language_words == 2


def test_confidence_is_lower_for_a_short_langdetect_guess(settings: Settings) -> None:
    """Confidence is the calibrated chance of being right: langdetect reports near 1.0 for a
    four-word sentence and for a long paragraph alike, but is wrong far more often on the
    short one."""
    short = "Il treno parte domani."
    doc = detect_language(document(short, "#Astana2024 #KZ"), settings)
    assert identify(short, settings.language).confidence > 0.99  # the rule's own number
    assert doc.paragraphs[0].language == "it"
    assert 0.5 < doc.paragraphs[0].language_confidence < 0.99
    assert doc.paragraphs[1].language_confidence == 0.0
    long = detect_language(document(ENGLISH), settings)
    assert long.paragraphs[0].language_confidence > doc.paragraphs[0].language_confidence
    assert long.language_confidence == long.paragraphs[0].language_confidence


def test_a_foreign_sentence_in_a_russian_article_is_found(settings: Settings) -> None:
    doc = detect_language(document(RUSSIAN, RUSSIAN, ENGLISH, RUSSIAN, SUBSCRIBE), settings)
    assert [p.language for p in doc.paragraphs] == ["ru", "ru", "en", "ru", "ru"]
    assert [s.language for s in doc.languages] == ["en", "ru"]


BULGARIAN = (
    "Министрите на външните работи на двете страни се срещнаха вчера в София, за да "
    "обсъдят сътрудничеството в енергетиката, транспорта и културата, както и подготовката "
    "на следващата среща на правителствата през есента."
)


def test_paragraphs_that_took_the_samples_language_follow_the_documents(
    settings: Settings,
) -> None:
    """The sample (the longest paragraphs) is Russian, most words are Bulgarian: the short
    Bulgarian paragraphs, which only took the sample's language, end up Bulgarian too."""
    short = "Това е много важно за нас."
    doc = detect_language(document(*[RUSSIAN * 3] * 7, *[BULGARIAN] * 20, short, short), settings)
    assert doc.language == "bg"
    assert [p.language for p in doc.paragraphs[7:]] == ["bg"] * 22
    assert [s.language for s in doc.languages] == ["bg", "ru"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # langdetect's n-grams say Macedonian and Slovak; the words are Bulgarian and
        # Portuguese (wordfreq's lists)
        ("Цените на горивата отново се повишиха.", "bg"),
        ("O governo aprovou hoje o novo orçamento.", "pt"),
    ],
)
def test_word_frequencies_tell_close_languages_apart(
    settings: Settings, text: str, language: str
) -> None:
    guess = identify(text, settings.language)
    assert (guess.language, guess.rule) == (language, "word_frequency")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Merci pour tout, et à bientôt.", "fr"),
        ("Vielen Dank für die Hilfe und bis bald.", "de"),
    ],
)
def test_a_short_foreign_sentence_is_found_by_its_function_words(
    settings: Settings, text: str, language: str
) -> None:
    """Short, so langdetect alone is not trusted; its function words and langdetect agree."""
    doc = detect_language(document(ENGLISH, ENGLISH, text, ENGLISH), settings)
    assert [p.language for p in doc.paragraphs] == ["en", "en", language, "en"]


def test_a_paragraph_partly_in_its_documents_script_keeps_its_language(
    settings: Settings,
) -> None:
    """A Macedonian sentence around English product names: more Latin letters than
    Cyrillic, but langdetect's Latin guess for it (Estonian) is no language of it."""
    macedonian = (
        "Владата на Северна Македонија денеска ја усвои новата програма за поддршка на "
        "малите и средните претпријатија во земјата."
    )
    mixed = (
        "Новиот телефон Samsung Galaxy S24 Ultra with Snapdragon 8 Gen 3 inside се продава "
        "од денеска."
    )
    counts = LetterCounts.of(mixed)
    assert counts.script == "Latin" and counts.by_script["Cyrillic"] > counts.total / 3
    doc = detect_language(document(macedonian, macedonian, mixed, macedonian), settings)
    assert [p.language for p in doc.paragraphs] == ["mk"] * 4
    assert doc.languages == []


def test_a_language_only_guessed_at_is_not_listed(settings: Settings) -> None:
    """A line of names in Latin letters inside a Russian article: langdetect's guess for it
    (Tagalog) is right about half the time at that length, so the paragraph keeps the label
    at that confidence but `languages` does not list it."""
    tags = "Tags: Tokayev, Nazarbayev, Astana"
    doc = detect_language(document(RUSSIAN, tags, RUSSIAN), settings)
    assert doc.paragraphs[1].language == "tl"
    assert doc.paragraphs[1].language_confidence < settings.language.listed_min_confidence
    assert words(tags) / (words(tags) + 2 * words(RUSSIAN)) > settings.language.share_floor
    assert (doc.language, doc.languages) == ("ru", [])


def test_a_short_belarusian_sentence_without_its_own_letters_is_found(settings: Settings) -> None:
    """No ў and no Belarusian spelling cue: і rules Russian out and ы Ukrainian; of the
    alphabets that fit, Belarusian's is the one without letters of its own to miss."""
    text = "Ці людзі былі тут?"
    assert identify(text, settings.language).rule == "alphabet"
    doc = detect_language(document(RUSSIAN, text, RUSSIAN), settings)
    assert doc.paragraphs[1].language == "be"


UKRAINIAN = (
    "Верховна Рада України сьогодні ухвалила закон про державний бюджет на наступний рік, "
    "який передбачає збільшення видатків на освіту та охорону здоров'я."
)
MACEDONIAN = (
    "Владата на Северна Македонија денеска ја усвои новата програма за поддршка на "
    "малите и средните претпријатија во земјата."
)


def test_a_quotation_in_another_alphabet_keeps_its_paragraphs_language(
    settings: Settings,
) -> None:
    """A Macedonian sentence quoting a Ukrainian name: і ї rule Macedonian out, but ј rules
    Ukrainian out too; the paragraph is the document's language and `languages` lists no
    Ukrainian."""
    quoting = (
        "Националниот музеј на историјата на Украина (украински: Національний музей історії "
        "України) е еден од најголемите музеи во Киев."
    )
    doc = detect_language(document(MACEDONIAN, MACEDONIAN, quoting, MACEDONIAN), settings)
    assert [p.language for p in doc.paragraphs] == ["mk"] * 4
    assert doc.languages == []


def test_a_line_only_an_alphabet_names_keeps_its_documents_language(settings: Settings) -> None:
    """Ukrainian law terms with Russian endings: ы rules Ukrainian out and only Belarusian's
    alphabet fits, but no Belarusian word or letter of its own is there."""
    line = "Нов-ые і стар-ые галузі права."
    assert identify(line, settings.language).rule == "alphabet"
    doc = detect_language(document(UKRAINIAN, UKRAINIAN, line, UKRAINIAN), settings)
    assert [p.language for p in doc.paragraphs] == ["uk"] * 4
    assert doc.languages == []


def test_a_guess_on_half_the_letters_of_a_paragraph_is_not_listed(settings: Settings) -> None:
    """A Punjabi comment in Latin letters and Gurmukhi: the guess from its Latin letters
    (Estonian) speaks for about half of them, so the paragraph keeps it at about half the
    confidence and `languages` does not list it."""
    comment = "Veer ji bahut vadhiya gall kahi tusi ਬਹੁਤ ਵਧੀਆ ਲਿਖਿਆ ਜੀ ਤੁਹਾਡੀ ਟਿੱਪਣੀ ਬਹੁਤ ਸਮਝਦਾਰੀ ਵਾਲੀ।"
    doc = detect_language(document(UKRAINIAN, UKRAINIAN, comment, UKRAINIAN), settings)
    assert doc.paragraphs[2].language_confidence < 0.6
    assert doc.languages == []
    japanese = "ナッツを加える事で香ばしい食感プラス！"  # kana among Han are one writing
    mixed = detect_language(document(UKRAINIAN, japanese, UKRAINIAN), settings)
    assert mixed.paragraphs[1].language == "ja"
    assert mixed.paragraphs[1].language_confidence > 0.9


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # no ђ or ћ, no Serbian function word of its own: langdetect, which lacks Serbian,
        # says Macedonian; the words are Serbian (wordfreq's Serbo-Croatian list, in Latin
        # letters, which Serbian Cyrillic maps onto letter for letter)
        ("Према подацима завода, број становника се смањио у последњих десет година.", "sr"),
        ("Снажна киша изазвала је поплаве широм земље прошле недеље.", "sr"),
        ("Скопје е главен и најголем град во Македонија.", "mk"),
        ("Министерот рече дека новата болница ќе биде отворена напролет.", "mk"),
    ],
)
def test_serbian_and_macedonian_are_told_apart_by_their_words(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Nynorsk: wordfreq has no list of it, and its words lead Bokmål's list to Danish;
        # "fleire" is Nynorsk's own (rules/language_words.toml, [words_without_list])
        ("Det er fleire store byar i Danmark.", "no"),
        ("Regeringen vil bruge flere penge på skoler og sygehuse næste år.", "da"),
        ("Regeringen vill satsa mer pengar på skolan och vården nästa år.", "sv"),
    ],
)
def test_nynorsk_is_norwegian_not_danish(settings: Settings, text: str, language: str) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Mongolian typed without ө ү: its words and doubled long vowels name it
        # (rules/language_words.toml), not the Russian langdetect says
        ("Тэр маргааш Улаанбаатар хотод ирэх гэж байна.", "mn"),
        ("Энэ бол манай хамгийн сайн тоглолт байсан юм.", "mn"),
        # a Latin v for ү, ї for ү as the legacy Mongolian fonts type them
        ("Энэ зvйл их сонин байна.", "mn"),
        ("Бид бїгдээрээ маргааш ирнэ.", "mn"),
        ("Он сказал, что завтра приедет в Москву.", "ru"),
        ("Замешкав у нас полковник чи то з дружиною.", "uk"),
    ],
)
def test_mongolian_without_its_letters_is_found(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Esperanto without ĉ ĝ ĥ ĵ ŝ ŭ, or in the x-system: its own words and cues
        ("La urbo estas granda kaj tre bela.", "eo"),
        ("Mi ne scias, cxu li venos; gxi estas malfacila demando.", "eo"),
        ("Li havas multajn amikojn en la urbo.", "eo"),
        ("Kaj je to, kar smo videli včeraj?", "sl"),
        ("Kaj je pomembno in kaj ne, ve vsak sam.", "sl"),
        ("Estas casas son muy bonitas y caras.", "es"),
        # Dutch and Afrikaans, each against the other's words
        ("Die man werd in 1920 geboren.", "nl"),
        ("De struik kan hoog worden.", "nl"),
        ("Ek sal more nie by die huis wees nie.", "af"),
        # Azerbaijani without ə: words Turkish spells otherwise
        ("Bu gün hava çox soyuqdur, heç kim bayıra çıxmır.", "az"),
        ("Burada çoxlu sayda adalar var.", "az"),
        ("Bugün hava çok soğuk, kimse dışarı çıkmıyor.", "tr"),
    ],
)
def test_languages_found_by_their_words_among_close_ones(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # News names people and places in their own spelling: a Swedish ö or a Russian ь in a
        # name is no evidence against the language of the sentence around it
        ("Malmö FF vandt søndag over IFK Göteborg med to mål mod ét på hjemmebane.", "da"),
        (
            "Den svenske statsminister Ulf Kristersson besøgte Malmö og Göteborg i sidste uge, "
            "hvor han talte med borgmestrene om økonomien.",
            "da",
        ),
        ("Malmö FF vant søndag over IFK Göteborg på hjemmebane, og treneren var fornøyd.", "no"),
        ("Министър-председателят се срещна с Игорь Иванов в София.", "bg"),
        ("Руският министър Сергей Лавров и Игорь Шувалов пристигнаха в България вчера.", "bg"),
        # names that are function words of a language found by its words (Tagalog "ang",
        # "ng", "ito"; Welsh "mae"): written capitalised only, they are no evidence
        ("Director Ang Lee met Ito in Tokyo.", "en"),
        ("Singapore minister Ng Eng Hen met Ang Mo Kio residents.", "en"),
        ("Der Regisseur Ang Lee traf Ito in Berlin.", "de"),
        ("Le cinéaste Ang Lee a rencontré Ito Hiroshi à Paris.", "fr"),
        # Czech letters Estonian does not write, in a name: no evidence against Estonian
        # (nor against English or German)
        ("Eile kuulasime Dvořáki sümfooniat.", "et"),
        ("Ma lugesin Hašeki raamatut.", "et"),
        ("Yesterday we listened to a symphony by Dvořák.", "en"),
        ("Gestern hörten wir eine Sinfonie von Dvořák.", "de"),
    ],
)
def test_a_foreign_name_does_not_change_the_language_around_it(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Mongolian typed with legacy fonts, Ukrainian ї for ү: a variant letter of its
        # alphabet (rules/language_letters.toml), not Ukrainian, Russian or Belarusian
        ("Їйлдвэрийн газрын дарга хэвлэлийнхэнд мэдэгдэл хийв.", "mn"),
        ("Бїх хїн ирсэн її?", "mn"),
        ("Їнэ нь хэд вэ?", "mn"),
        ("Хїний эрх чухал.", "mn"),
        # Ukrainian's і keeps a Ukrainian ї from Mongolian
        ("Їхні діти вчаться в школі.", "uk"),
    ],
)
def test_mongolian_typed_with_legacy_fonts_is_found(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Czech typed without its diacritics: compared with the word lists written without
        # them, it is not Slovak (rules/language_words.toml [typed_without_diacritics])
        ("Navod k pouziti najdete na zadni strane obalu.", "cs"),
        ("Kde je nejblizsi lekarna?", "cs"),
        ("Mam rad pivo a knedliky.", "cs"),
        ("Prakticky kazdy pocitac dnes obsahuje nejaky zpusob sifrovani dat.", "cs"),
        # and Slovak, Slovene and Croatian so typed stay themselves
        ("Navod na pouzitie najdete na zadnej strane obalu.", "sk"),
        ("Zajtra rano pojdeme vlakom do Kosic a vecer sa vratime domov.", "sk"),
        ("Danes je lepo vreme, zato gremo na izlet v hribe.", "sl"),
        ("Sutra cemo ici na izlet u planine ako bude lijepo vrijeme.", "hr"),
    ],
)
def test_czech_typed_without_diacritics_is_not_slovak(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # short Marathi sentences langdetect names Hindi: Marathi's own words and ळ
        ("खूप लवकर परत ये.", "mr"),
        ("तिथे खूप गर्दी होती.", "mr"),
        ("आज सकाळी मुंबईत जोरदार पाऊस पडला.", "mr"),
        # Hindi naming a Marathi person in his own spelling stays Hindi (its own words)
        ("शिवसेना प्रमुख बाळासाहेब ठाकरे ने कहा कि चुनाव जल्दी होंगे।", "hi"),
        ("मुंबई में बाळासाहेब ठाकरे की सभा के लिए भारी भीड़ जमा हुई।", "hi"),
        ("वह कल सुबह दिल्ली जाएगा।", "hi"),
        # Esperanto without its letters, by its own function words
        ("Tamen la vetero estis pli bona ol hieraux.", "eo"),
        ("La libro estas pli interesa ol la filmo.", "eo"),
        # Welsh and Tagalog around English names: two of their own function words
        ("Mae Manchester United wedi colli.", "cy"),
        ("Ito ang Best Picture winner ng Oscars.", "tl"),
        # one such word in an English sentence (a name) is not enough
        ("Ang Lee and Mae West never met in Cardiff, the director said.", "en"),
    ],
)
def test_close_languages_found_by_their_own_words(
    settings: Settings, text: str, language: str
) -> None:
    assert identify(text, settings.language).language == language


@pytest.mark.parametrize(
    "text",
    # short Czech lines with Estonian-looking names, which langdetect gave to Estonian (or
    # hesitated over): Estonian writes no ě, ř, í (rules/language_letters.toml,
    # [latin_beyond_ascii])
    ["Těšili jste Kalevi?", "Viděli jste Kalevi?", "Říkali jste Tiiu?"],
)
def test_letters_estonian_does_not_write_keep_czech_from_estonian(
    settings: Settings, text: str
) -> None:
    assert identify(text, settings.language).language == "cs"
