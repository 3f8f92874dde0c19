"""The quicker langdetect detector must give exactly what langdetect's own gives: the same
n-grams in the same order and the same probabilities, float for float. Texts run one after
another, so n-grams cached from earlier words are checked too."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from langdetect.detector import Detector
from langdetect.lang_detect_exception import LangDetectException

from newsclean.langid.backend import QuickDetector, _factory

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SAMPLES = [
    "В воскресенье в Казахстане пройдут досрочные президентские выборы.",
    "Қазақстан Республикасының Президенті бүгін Астанада инвесторлармен кездесті.",
    "Президент України заявив, що переговори тривають; NATO та ЄС мовчать.",
    "Die Wahl in Kasachstan findet am Sonntag statt, sagte der Sprecher der OSZE.",
    "L'élection présidentielle anticipée aura lieu dimanche au Kazakhstan.",
    "Cumhurbaşkanı Tokayev, pazar günü yapılacak seçimlerden önce konuştu.",
    "カザフスタンで日曜日に大統領選挙が行われる。东京 서울 선거",
    "Trường hợp này xảy ra khi bầu cử tổng thống diễn ra vào Chủ nhật.",  # Vietnamese marks
    unicodedata.normalize("NFD", "Trường hợp này xảy ra khi bầu cử diễn ra vào Chủ nhật."),
    "SHOUTED HEADLINE With Capitals and CamelCase NATO-OSCE words",
    "see https://example.com/path?q=1 or write to press@example.org   now",
    "digits 2024 and punctuation — «quotes» … ‘single’ ø æ ß ș ț",
    "",
    "   ",
]


def texts() -> list[str]:
    rng = random.Random(7)
    alphabet = "aAbZ ÉéŞșț\u1ea0\u1ec3ÄÖ12.,!  ДЖжщЩ ひカ漢字한\u06cc\u2019\u2003\u0300"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(300)]
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]
    return SAMPLES + seeds + noise


def run(detector: Detector, text: str) -> tuple[str, list[str], list[float] | None]:
    detector.seed = 0
    detector.append(text)
    detector.cleaning_text()
    ngrams = detector._extract_ngrams()
    try:
        detector.get_probabilities()
    except LangDetectException:
        return detector.text, ngrams, None
    return detector.text, ngrams, [float(p) for p in detector.langprob]


@pytest.mark.parametrize("text", texts())
def test_quick_detector_equals_langdetect(text: str) -> None:
    factory = _factory()
    assert run(QuickDetector(factory), text) == run(Detector(factory), text)
