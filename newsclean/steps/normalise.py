"""Decoded text to clean Unicode: mojibake repaired, NFC, whitespace folded, stray artefacts
removed. Typographic quotes and dashes are the author's and stay."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

import ftfy
from ftfy import fixes

from newsclean.document import Document
from newsclean.mojibake import looks_bad
from newsclean.settings import Settings

STEP = "normalise"

# Spaces that render as a space but defeat matching and tokenising.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Invisible characters with no meaning in running text. Zero-width joiners (U+200C/D) are
# left alone: Persian and Indic scripts need them.
INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
# Control characters other than newline (tab is folded into a space above).
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
# A backslash left at the end of a paragraph by a scraper's line continuation.
_TRAILING_BACKSLASH = re.compile(r"(?<=\S)\s*\\$", re.MULTILINE)


_CHEAP_FIXES = (
    (fixes.unescape_html, re.compile("&"), "html-entities", "HTML entities decoded (ftfy)"),
    (
        fixes.fix_latin_ligatures,
        re.compile("[" + "".join(map(chr, fixes.LIGATURES)) + "]"),
        "ligatures",
        "Latin ligatures spelled out (ftfy)",
    ),
    (
        fixes.fix_c1_controls,
        fixes.C1_CONTROL_RE,
        "c1-controls",
        "C1 controls read as cp1252 (ftfy)",
    ),
)


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    # Keep curly quotes and the author's characters; NFC is applied for every text below.
    return ftfy.TextFixerConfig(uncurl_quotes=False, normalization=None, fix_character_width=False)


def normalise_text(text: str, doc: Document | None = None) -> str:
    """The normalised text; when `doc` is given, what changed is counted in its log (one
    count per rule that changed the text, for ftfy's fixes)."""

    def count(rule: str, reason: str, n: int) -> None:
        if doc is not None:
            doc.change(STEP, rule, reason, n)

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # ftfy's cheap fixes run on every text where their characters occur, in the order
    # `fix_text` runs them: entities before the mojibake repair, ligatures and C1 controls
    # after it (a C1 control is often a byte of the mojibake itself: read as cp1252 first,
    # it would leave the text around it beyond repair). An entity is left alone in text
    # with markup, where it may be meant (as ftfy does).
    before, after = _CHEAP_FIXES[:1], _CHEAP_FIXES[1:]
    text = _cheap_fixes(text, before, count)
    # ftfy's badness check (searched only around the rare characters mojibake is made of)
    # decides; the full repair runs only where it finds mojibake.
    if looks_bad(text):
        fixed = ftfy.fix_text(text, _ftfy_config())
        count("mojibake", "repaired mis-decoded text (ftfy)", int(fixed != text))
        text = fixed
    text = _cheap_fixes(text, after, count)
    nfc = unicodedata.normalize("NFC", text)
    count("nfc", "normalised Unicode to NFC", int(nfc != text))
    text = nfc
    for pattern, replacement, rule, reason in (
        (_ODD_SPACES, " ", "odd-spaces", "no-break and other odd spaces made plain spaces"),
        (INVISIBLE, "", "invisible", "zero-width characters and soft hyphens removed"),
        (CONTROL, "", "control", "control characters removed"),
        (_TRAILING_BACKSLASH, "", "trailing-backslash", "stray backslash ending a line"),
    ):
        text, n = pattern.subn(replacement, text)
        count(rule, reason, n)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    text, n = _BLANK_RUN.subn("\n\n", text)
    count("blank-lines", "runs of blank lines folded", n)
    return text


def _cheap_fixes(text: str, cheap: tuple, count: Callable[[str, str, int], None]) -> str:
    for fix, needed, rule, reason in cheap:
        if needed.search(text) and (fix is not fixes.unescape_html or "<" not in text):
            fixed = fix(text)
            count(rule, reason, int(fixed != text))
            text = fixed
    return text


def normalise(doc: Document, settings: Settings) -> Document:
    doc.body = normalise_text(doc.body, doc)
    for field_name in ("title", "author"):
        value = getattr(doc, field_name)
        if value:
            setattr(doc, field_name, normalise_text(value).replace("\n", " ") or None)
    return doc
