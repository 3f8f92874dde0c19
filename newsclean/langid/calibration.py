"""Confidence that means something: a guess's chance of being right, read from a table.

What decides a language (a script, letters, langdetect, function words) reports a number of
its own (langdetect's probability, a share of letters) that says little about how often it
is right: langdetect is sure of Somali for "Xxxx (10:29 PM) :". `rules/language_confidence.toml`
holds, for each rule, length of text (letters) and reported number, how often such guesses
were right on held-out lines; a guess's confidence is its cell's figure.
"""

from __future__ import annotations

import bisect
import tomllib
from dataclasses import dataclass
from functools import cache

from newsclean.langid.identify import Guess
from newsclean.settings import RULES_DIR

CONFIDENCE_FILE = RULES_DIR / "language_confidence.toml"


@dataclass(frozen=True)
class CalibrationTable:
    letter_bounds: tuple[int, ...]  # a text of n letters is in the first bin whose bound > n
    raw_bounds: tuple[float, ...]  # likewise for the number the rule reported
    cells: dict[str, tuple[tuple[float, ...], ...]]  # rule -> [letter bin][raw bin]
    default: float  # for a rule the table lacks

    def cell(self, letters: int, raw: float) -> tuple[int, int]:
        return (
            bisect.bisect_right(self.letter_bounds, letters),
            bisect.bisect_right(self.raw_bounds, raw),
        )

    def confidence(self, rule: str, letters: int, raw: float) -> float:
        rows = self.cells.get(rule)
        if rows is None:
            return self.default
        row, column = self.cell(letters, raw)
        return rows[row][column]


@cache
def calibration_table() -> CalibrationTable:
    with CONFIDENCE_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    return CalibrationTable(
        letter_bounds=tuple(raw["bins"]["letters"]),
        raw_bounds=tuple(raw["bins"]["reported"]),
        cells={rule: tuple(map(tuple, rows)) for rule, rows in raw["confidence"].items()},
        default=raw["default"],
    )


def calibrated(guess: Guess, letters: int) -> float:
    """The chance that `guess` is right (0 for no language), for a text of `letters` letters."""
    if guess.language is None:
        return 0.0
    return calibration_table().confidence(guess.rule, letters, guess.confidence or 0.0)
