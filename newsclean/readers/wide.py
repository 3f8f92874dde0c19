"""UTF-16 and UTF-32 without a byte order mark, told from binary data.

Text in these forms has NUL bytes in fixed places: every ASCII character of UTF-16-LE is
followed by one, and UTF-32 keeps two of every four bytes NUL. Binary data has NULs too, so a
reading is accepted only when it is text throughout: no NUL or other control character but
line breaks and tabs, and no unassigned, private-use or surrogate code point. Images,
archives and executables fail that within their first bytes (headers full of NUL runs and
small integers).
"""

from __future__ import annotations

import unicodedata

# Bytes looked at to choose the form; the whole content must then decode strictly.
SAMPLE_BYTES = 64 * 1024
_ALLOWED_CONTROLS = set("\t\n\r\f")


def unmarked_wide_encoding(data: bytes) -> str | None:
    """ "utf-16-le", "utf-16-be", "utf-32-le" or "utf-32-be" when `data` (or its start) is
    text in that form without a byte order mark; else None."""
    sample = data[:SAMPLE_BYTES]
    if b"\0" not in sample or len(sample) < 4:
        return None
    units = len(sample) // 4
    nuls = [sample[offset : units * 4 : 4].count(0) for offset in range(4)]
    if nuls[2] >= units and nuls[3] >= units:
        candidate = "utf-32-le"
    elif nuls[0] >= units and nuls[1] >= units:
        candidate = "utf-32-be"
    elif nuls[1] + nuls[3] > nuls[0] + nuls[2]:
        candidate = "utf-16-le"
    else:
        candidate = "utf-16-be"
    text = _decoded_start(sample, candidate)
    return candidate if text is not None and _is_text(text) else None


def _decoded_start(sample: bytes, encoding: str) -> str | None:
    """The sample decoded strictly, but for a character cut at its end."""
    unit = 4 if encoding.startswith("utf-32") else 2
    whole = sample[: len(sample) - len(sample) % unit]
    try:
        return whole.decode(encoding)
    except UnicodeDecodeError as error:
        if error.start < len(whole) - 4:
            return None
        return whole[: error.start].decode(encoding)


def _is_text(text: str) -> bool:
    for char in text:
        if char in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"):
            return False
    return bool(text.strip())
