"""The normalised form text is compared and deduplicated on. Output text keeps the author's
typography; only comparison keys are folded."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)


# Steps key the same paragraphs one after another (furniture, repeats, site furniture).
@lru_cache(maxsize=1 << 14)
def comparison_key(text: str) -> str:
    """Case, quotes, dashes, whitespace and punctuation folded away: 'Tokaev’s power.' and
    "tokaev's  power" compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCT_OR_SPACE.sub(" ", folded).strip()


def words(text: str) -> list[str]:
    """The words of the comparison form."""
    key = comparison_key(text)
    return key.split() if key else []
