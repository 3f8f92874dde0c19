"""The normalised form text is compared and deduplicated on. Output text keeps the author's
typography; only comparison keys are folded."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)


# Document steps key a document's paragraphs one after another (furniture, then repeats);
# a small cache catches that, and larger ones would mostly hold whole documents' texts.
@lru_cache(maxsize=1 << 10)
def comparison_key(text: str) -> str:
    """Case, quotes, dashes, whitespace and punctuation folded away: 'Tokaev’s power.' and
    "tokaev's  power" compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _PUNCT_OR_SPACE.sub(" ", folded).strip()


def words(text: str) -> list[str]:
    """The words of the comparison form."""
    key = comparison_key(text)
    return key.split() if key else []
