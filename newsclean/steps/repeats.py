"""Paragraphs a document repeats: exact repeats, near-repeats with small edits, and teasers
(the start of a paragraph cut off with "..." or "…").

Only prose is a repeat (`newsclean.dedup.paragraphs`). An exact or near copy is removed only
inside a repeated run: the paragraph before or after it repeats the one before or after its
original too (a page or a scrape that doubled a passage). A single paragraph of prose said
twice, apart, is the author's (a summary restating the opening, the same blurb under each
entry of a list): it stays. A teaser is removed on its own, unless it or its paragraph is
printed more than once (a listing's recurring blurb, cut or whole, under each entry).

Copies form a group; the group keeps its most complete copy (most words, the earliest on a
tie) at the position of its first occurrence and drops the rest. Every drop is a removal whose
`paragraph` and `duplicate_of.paragraph` are indices into the paragraphs as this step received
them: the removed copy's own index, and the first occurrence's (where the kept copy stands).
When the kept copy comes from later in the document, the first occurrence's text is the one
removed (kind "first-copy") and the move is counted as a change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

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
    pairs = _PairMask(forms, config)
    key_counts = Counter(form.key for form in forms)
    matches: dict[tuple[int, int], Match] = {}  # (later, earlier) -> how later repeats it
    for later, form in enumerate(forms):
        for earlier in pairs.candidates(later):
            match = repeat_match(forms[earlier], form, config)
            if match:
                matches[later, earlier] = match
    first_of: list[int] = []  # the first occurrence of each paragraph's group
    joined_by: dict[int, tuple[int, Match]] = {}  # the earlier paragraph each one joined
    for later in range(len(forms)):
        best: tuple[int, Match] | None = None
        for earlier in pairs.candidates(later):
            match = matches.get((later, earlier))
            if match is None:
                continue
            if match.rule == "teaser":
                if key_counts[forms[later].key] > 1 or key_counts[forms[earlier].key] > 1:
                    continue
            elif not _in_repeated_run(later, earlier, matches, forms, config.max_passage_gap):
                continue
            if best is None or match.similarity > best[1].similarity:
                best = (earlier, match)
        if best is None:
            first_of.append(later)
        else:
            first_of.append(first_of[best[0]])
            joined_by[later] = best

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
        match = match or joined_by[_joining(index, kept, joined_by)][1]
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


def _in_repeated_run(
    later: int,
    earlier: int,
    matches: dict[tuple[int, int], Match],
    forms: list[ParagraphWords],
    max_gap: int,
) -> bool:
    """Whether the copy belongs to a doubled passage: its neighbour before or after is a
    copy of its original's neighbour (exact or near, so prose: equal headings or list fields
    alone are a list's shape), and the copy of the passage follows the passage, at most
    `max_passage_gap` paragraphs after its end (the same passage printed under entries far
    apart is a listing's)."""
    offset = later - earlier

    def copied(index: int) -> bool:  # paragraph `index` repeats the one `offset` before it
        return offset <= index < len(forms) and (
            (index, index - offset) in matches or forms[index].key == forms[index - offset].key
        )

    def prose_copy(index: int) -> bool:
        match = matches.get((index, index - offset))
        return match is not None and match.rule != "teaser"

    if not (prose_copy(later - 1) or prose_copy(later + 1)):
        return False
    start = stop = later
    while start - 1 > earlier and copied(start - 1):
        start -= 1
    while copied(stop + 1):
        stop += 1
    return offset - (stop - start + 1) <= max_gap


def repeat_match(
    earlier: ParagraphWords, later: ParagraphWords, config: DuplicateSettings
) -> Match | None:
    """Whether `later` repeats `earlier` (or the other way round), and how: a copy of prose
    (either of them is; the other may be cut short), or a teaser of prose."""
    shorter, longer = sorted((len(earlier.words), len(later.words)))
    if earlier.key == later.key:
        prose = (earlier.prose or later.prose) and shorter >= config.min_prose_words
        return Match("exact", 1.0) if prose else None
    for teaser, full in ((later, earlier), (earlier, later)):
        if len(teaser.words) >= config.min_teaser_words and teaser.teaser and full.prose:
            similarity = teaser_similarity(teaser, full)
            if similarity >= config.paragraph_threshold:
                return Match("teaser", similarity)
    # the word-level similarity can never exceed the ratio of the lengths
    if not (earlier.prose or later.prose) or shorter < config.min_near_words:
        return None
    if shorter < config.paragraph_threshold * longer:
        return None
    # most pairs of an article's paragraphs share too few words to be near copies (in either
    # order of the sentences: they are the same words)
    if _similarity_bound(earlier, later) < config.paragraph_threshold - _ROUNDING:
        return None
    similarity = near_similarity(earlier, later, config.max_rewrite_words)
    return Match("near", similarity) if similarity >= config.paragraph_threshold else None


# Leaves room for the rounding of the similarity computed, so that the bound never rules out
# a pair that the computed similarity would have let through.
_ROUNDING = 1e-9


def _similarity_bound(first: ParagraphWords, second: ParagraphWords) -> float:
    """An upper bound of the word-level Levenshtein similarity of two paragraphs' words
    (1 - edits / longer length), with their sentences in either order. Edits cover every
    position of the longer sequence but the words both share; and each distinct word of one
    side the other lacks is a word they do not share."""
    longer = max(len(first.words), len(second.words))
    if not longer:
        return 1.0
    a, b = first.distinct_words, second.distinct_words
    both = len(a & b)  # a word of one side missing on the other is len(a) - both words
    shared = min(len(first.words) - (len(a) - both), len(second.words) - (len(b) - both))
    return shared / longer


def _joining(index: int, kept: int, joined_by: dict[int, tuple[int, Match]]) -> int:
    """The paragraph whose match tells how `index` belongs to its group: its own, or for the
    group's first paragraph, that of the member on the way from the kept copy that joined it
    (the kept copy may match the first only through the members between them)."""
    if index in joined_by:
        return index
    member = kept
    while joined_by[member][0] != index:
        member = joined_by[member][0]
    return member


# Rows of the pair mask made at once: bounds its memory on documents of thousands of lines.
_MASK_ROWS = 256


class _PairMask:
    """For every pair of paragraphs (later, earlier), False where `repeat_match` finds nothing
    for certain: different keys, neither a teaser, lengths too far apart for a near copy.
    Documents of hundreds of lines would otherwise try every pair in Python."""

    def __init__(self, forms: list[ParagraphWords], config: DuplicateSettings) -> None:
        self.config = config
        self.lengths = np.array([len(form.words) for form in forms], dtype=np.int64)
        key_ids: dict[str, int] = {}
        self.keys = np.array([key_ids.setdefault(f.key, len(key_ids)) for f in forms])
        self.teasers = np.array([form.teaser for form in forms], dtype=bool) & (
            self.lengths >= config.min_teaser_words
        )
        self.start = -1
        self.rows = np.zeros((0, 0), dtype=bool)

    def candidates(self, later: int) -> list[int]:
        """The earlier paragraphs `later` may match, in order."""
        if not self.start <= later < self.start + len(self.rows):
            self.start = later - later % _MASK_ROWS
            self.rows = self._rows(self.start, min(self.start + _MASK_ROWS, len(self.lengths)))
        return np.flatnonzero(self.rows[later - self.start, :later]).tolist()

    def _rows(self, start: int, stop: int) -> np.ndarray:
        """Rows start to stop of the mask, over the paragraphs before `stop`."""
        config = self.config
        lengths, earlier = self.lengths[start:stop, None], self.lengths[None, :stop]
        shorter = np.minimum(lengths, earlier)
        # the same comparisons as repeat_match's, in the same float arithmetic
        too_far = (shorter < config.min_near_words) | (
            shorter < config.paragraph_threshold * np.maximum(lengths, earlier)
        )
        teasers = self.teasers[start:stop, None] | self.teasers[None, :stop]
        return ~too_far | teasers | (self.keys[start:stop, None] == self.keys[None, :stop])
