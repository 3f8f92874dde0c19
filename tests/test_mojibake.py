"""The mojibake check searches only around rare characters; it must answer exactly as ftfy's
own `is_bad` on clean text, mis-decoded text and every stretch of either."""

from __future__ import annotations

import random

import pytest
from ftfy.badness import is_bad

from newsclean.mojibake import _search_plan, looks_bad
from tests.conftest import SEEDS


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]


def mis_decoded(text: str) -> list[str]:
    raw = text.encode("utf-8")
    return [raw.decode("latin-1"), raw.decode("cp1252", "replace"), raw.decode("cp1251", "replace")]


def test_the_check_runs_on_ftfys_pattern_without_falling_back() -> None:
    plan = _search_plan()
    assert plan is not None
    rare, width = plan
    assert 1 < width < 20
    # ordinary letters, digits and spaces never start a search
    assert not rare.search("Kazakhstan 2022 Казахстан elections, Tokayev's power.")


@pytest.mark.parametrize("text", seed_texts())
def test_seed_articles_and_their_mis_decoded_bytes(text: str) -> None:
    for variant in [text, *mis_decoded(text)]:
        assert looks_bad(variant) == is_bad(variant)
    assert not looks_bad(text)
    assert looks_bad(mis_decoded(text)[0])


def test_every_stretch_of_mis_decoded_text() -> None:
    rng = random.Random(11)
    texts = [v for t in seed_texts() for v in [t, *mis_decoded(t)]]
    checked = bad = 0
    for text in texts:
        for _ in range(400):
            start = rng.randrange(len(text))
            stretch = text[start : start + rng.randint(1, 40)]
            assert looks_bad(stretch) == is_bad(stretch), stretch
            checked += 1
            bad += is_bad(stretch)
    assert 0 < bad < checked


@pytest.mark.parametrize(
    "text",
    [
        "Ã at the very start",  # a pattern anchored at the text's start
        "not at the start: Ã ",
        "cafÃ©",
        "â€œquotedâ€\x9d",
        "вЂ”",
        "",
        "€",
        "╔═╗",
    ],
)
def test_short_texts(text: str) -> None:
    assert looks_bad(text) == is_bad(text)
