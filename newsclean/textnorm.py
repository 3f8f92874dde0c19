"""The normalised form text is compared and deduplicated on. Output text keeps the author's
typography; only comparison keys are folded.

Whitespace is a boundary of the key: NFKC never joins a whitespace character with its
neighbours, casefold maps character by character and whitespace folds to no word, so the words
of `a + " " + b` are the words of `a`, then those of `b` (tests/test_textnorm.py checks this
over all of Unicode)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)
# The regex costs far more per character than bytes methods: ASCII text is split into words
# as bytes, every separator byte made a space (other bytes stay: they take the regex).
_SEPARATOR_TO_SPACE = bytes(32 if _PUNCT_OR_SPACE.match(chr(b)) else b for b in range(128))
_SEPARATOR_TO_SPACE += bytes(range(128, 256))
# Separators that often make news text non-ASCII, in UTF-8: made spaces before the bytes path.
TYPOGRAPHIC_SEPARATORS = tuple(c.encode() for c in "\u2019\u2018\u201c\u201d\u2013\u2014«»")


# Document steps key a document's paragraphs one after another (furniture, then repeats);
# a small cache catches that, and larger ones would mostly hold whole documents' texts.
@lru_cache(maxsize=1 << 10)
def comparison_key(text: str) -> str:
    """Case, quotes, dashes, whitespace and punctuation folded away: 'Tokaev’s power.' and
    "tokaev's  power" compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isascii():
        data = folded.encode("ascii")
    else:
        data = folded.encode("utf-8", "surrogatepass")
        for separator in TYPOGRAPHIC_SEPARATORS:
            data = data.replace(separator, b" ")
        if not data.isascii():
            return _PUNCT_OR_SPACE.sub(" ", folded).strip()
    return b" ".join(data.translate(_SEPARATOR_TO_SPACE).split()).decode("ascii")


def words(text: str) -> list[str]:
    """The words of the comparison form."""
    key = comparison_key(text)
    return key.split() if key else []
