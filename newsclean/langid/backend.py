"""langdetect, made deterministic and order-independent.

The profiles are loaded once into a private factory (in sorted order, so the language list
is the same on every file system); every call makes a fresh detector seeded with the given
seed, so a text's result never depends on what was detected before it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException


@cache
def _factory() -> DetectorFactory:
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
    detector = factory.create()
    detector.seed = seed
    detector.append(text)
    try:
        detector.get_probabilities()
    except LangDetectException:
        return {}
    return dict(zip(factory.get_lang_list(), detector.langprob, strict=True))
