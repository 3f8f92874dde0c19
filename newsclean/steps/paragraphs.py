"""The body split into paragraphs: one per line, with hard-wrapped prose joined back."""

from __future__ import annotations

import re

from newsclean.document import Document, Paragraph
from newsclean.settings import Settings

STEP = "paragraphs"
# A line this long that stops mid-sentence, followed in the same block by a line starting in
# lower case, was wrapped by a fixed-width scraper rather than ended by the author.
MIN_WRAPPED_LINE = 50
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"'”»)\]]$")


def split_paragraphs(doc: Document, settings: Settings) -> Document:
    paragraphs: list[str] = []
    joined = 0
    for block in doc.body.split("\n\n"):
        block_paragraphs: list[str] = []
        for line in block.split("\n"):
            if not line:
                continue
            if block_paragraphs and continues(block_paragraphs[-1], line):
                block_paragraphs[-1] = f"{block_paragraphs[-1]} {line}"
                joined += 1
            else:
                block_paragraphs.append(line)
        paragraphs.extend(block_paragraphs)
    doc.paragraphs = [Paragraph(text) for text in paragraphs]
    doc.change(STEP, "unwrap", "hard-wrapped lines joined into their paragraph", joined)
    doc.body = ""
    return doc


def continues(previous: str, line: str) -> bool:
    """`line` carries on the sentence `previous` broke off: a hard wrap, not a new paragraph."""
    return (
        len(previous) >= MIN_WRAPPED_LINE
        and not _ENDS_SENTENCE.search(previous)
        and line[:1].islower()
    )
