"""Paragraphs a document repeats: exact repeats, near-repeats with small edits, and teasers
(the start of a paragraph cut off with "..." or "…").

Copies form a group; the group keeps its most complete copy (most words, the earliest on a
tie) at the position of its first occurrence and drops the rest. Every drop is a removal whose
`paragraph` and `duplicate_of.paragraph` are indices into the paragraphs as this step received
them: the removed copy's own index, and the first occurrence's (where the kept copy stands).
When the kept copy comes from later in the document, the first occurrence's text is the one
removed (kind "first-copy") and the move is counted as a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from newsclean.dedup.paragraphs import ParagraphWords, near_similarity, teaser_similarity
from newsclean.document import Document, DuplicateRef
from newsclean.settings import DuplicateSettings, Settings

STEP = "repeats"


@dataclass(frozen=True)
class Match:
    rule: str  # exact | near | teaser
    similarity: float


def drop_repeats(doc: Document, settings: Settings) -> Document:
    config = settings.duplicates
    forms = [ParagraphWords.of(p.text) for p in doc.paragraphs]
    first_of: list[int] = []  # the first occurrence of each paragraph's group
    joined_by: dict[int, Match] = {}
    for later, form in enumerate(forms):
        best: tuple[int, Match] | None = None
        for earlier in range(later):
            match = repeat_match(forms[earlier], form, config)
            if match and (best is None or match.similarity > best[1].similarity):
                best = (earlier, match)
        if best is None:
            first_of.append(later)
        else:
            first_of.append(first_of[best[0]])
            joined_by[later] = best[1]

    groups: dict[int, list[int]] = {}
    for index, first in enumerate(first_of):
        groups.setdefault(first, []).append(index)
    kept_at: dict[int, int] = {}  # first occurrence -> index of the copy kept there
    for first, members in groups.items():
        kept_at[first] = max(members, key=lambda i: (len(forms[i].words), -i))

    paragraphs = list(doc.paragraphs)
    for index, first in enumerate(first_of):
        kept = kept_at[first]
        if index == kept:
            continue
        match = repeat_match(forms[kept], forms[index], config) or repeat_match(
            forms[index], forms[kept], config
        )
        match = match or joined_by[index]
        ref = DuplicateRef(document=doc.id, paragraph=first, similarity=round(match.similarity, 4))
        if index == first:
            reason = (
                f"{match.rule} copy of paragraph {kept}, which is more complete and takes its place"
            )
            kind = "first-copy"
        else:
            reason = f"{match.rule} repeat of paragraph {first}"
            kind = "later-copy"
        doc.remove(
            STEP,
            match.rule,
            reason,
            paragraphs[index].text,
            kind=kind,
            paragraph=index,
            duplicate_of=ref,
        )
    moved = sum(1 for first, kept in kept_at.items() if kept != first)
    doc.change(STEP, "complete-copy-moved", "a later, more complete copy moved up", moved)
    doc.paragraphs = [
        paragraphs[kept_at[index]] for index, first in enumerate(first_of) if index == first
    ]
    return doc


def repeat_match(
    earlier: ParagraphWords, later: ParagraphWords, config: DuplicateSettings
) -> Match | None:
    """Whether `later` repeats `earlier` (or the other way round), and how."""
    shorter, longer = sorted((len(earlier.words), len(later.words)))
    if earlier.key == later.key:
        return Match("exact", 1.0) if shorter >= config.min_exact_words else None
    for teaser, full in ((later, earlier), (earlier, later)):
        if len(teaser.words) >= config.min_teaser_words and teaser.teaser:
            similarity = teaser_similarity(teaser, full)
            if similarity >= config.paragraph_threshold:
                return Match("teaser", similarity)
    # the word-level similarity can never exceed the ratio of the lengths
    if shorter < config.min_near_words or shorter < config.paragraph_threshold * longer:
        return None
    # most pairs of an article's paragraphs share too few words to be near copies
    if all(
        _similarity_bound(first, second) < config.paragraph_threshold - _ROUNDING
        for first, second in (
            (earlier.words, later.words),
            (earlier.sorted_sentence_words, later.sorted_sentence_words),
        )
    ):
        return None
    similarity = near_similarity(earlier, later, config.max_rewrite_words)
    return Match("near", similarity) if similarity >= config.paragraph_threshold else None


# Leaves room for the rounding of the similarity computed, so that the bound never rules out
# a pair that the computed similarity would have let through.
_ROUNDING = 1e-9


def _similarity_bound(first: tuple[str, ...], second: tuple[str, ...]) -> float:
    """An upper bound of the word-level Levenshtein similarity of two word sequences
    (1 - edits / longer length). Edits cover every position of the longer sequence but the
    words both share; and each distinct word of one side the other lacks is a word they do
    not share."""
    longer = max(len(first), len(second))
    if not longer:
        return 1.0
    a, b = _distinct(first), _distinct(second)
    both = len(a & b)  # a word of one side missing on the other is len(a) - both words
    shared = min(len(first) - (len(a) - both), len(second) - (len(b) - both))
    return shared / longer


# The same paragraph's words are compared with every other paragraph of its document.
@lru_cache(maxsize=1 << 10)
def _distinct(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words)
