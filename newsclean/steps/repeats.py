"""Paragraphs a document repeats: exact repeats, near-repeats with small edits, and teasers
(the start of a paragraph cut off with "..." or "…").

Only prose is a repeat (`newsclean.dedup.paragraphs`). An exact or near copy is removed
inside a repeated run: the paragraph before or after it repeats the one before or after its
original too (a page or a scrape that doubled a passage). A single paragraph of prose is
removed when printed exactly twice within `MAX_SINGLE_COPY_DISTANCE` paragraphs (a standfirst
repeated as the first paragraph, a pull quote printed twice), unless both copies follow a
heading or a field (the blurb of two entries of a listing) or a line ending in a colon
introduces either copy (the author quoting it again on purpose). Said twice apart, or three times
or more, it is the author's (a summary restating the opening, the same blurb under each
entry of a list): it stays. A teaser is removed on its own, unless it or its paragraph is
printed more than once (a listing's recurring blurb, cut or whole, under each entry). A
paragraph among the first few that repeats the document's title is removed (rule "title").

Copies form a group; the group keeps its most complete copy (most words, the earliest on a
tie) at the position of its first occurrence and drops the rest. Every drop is a removal whose
`paragraph` and `duplicate_of.paragraph` are indices into the paragraphs as this step received
them: the removed copy's own index, and the first occurrence's (where the kept copy stands).
When the kept copy comes from later in the document, the first occurrence's text is the one
removed (kind "first-copy") and the move is counted as a change.
"""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass

from newsclean.dedup.paragraphs import (
    TEASER_SLACK,
    ParagraphWords,
    near_similarity,
    teaser_similarity,
)
from newsclean.document import Document, DuplicateRef
from newsclean.settings import DuplicateSettings, Settings
from newsclean.textnorm import comparison_key

STEP = "repeats"
# A single paragraph of prose printed again at most this many paragraphs on (a standfirst
# repeated as the first paragraph, a pull quote printed twice) is a copy too, unless it is
# printed three times or more or under two entries of a listing (bench/repeats.py) ...
MAX_SINGLE_COPY_DISTANCE = 3
# ... and the two are this similar: a doubled passage has a neighbour repeating too for
# evidence, a single copy needs closer wording (at most a tenth of its words edited).
SINGLE_COPY_THRESHOLD = 0.9


@dataclass(frozen=True)
class Match:
    rule: str  # exact | near | teaser
    similarity: float


def drop_repeats(doc: Document, settings: Settings) -> Document:
    config = settings.duplicates
    forms = [ParagraphWords.of(p.text) for p in doc.paragraphs]
    pairs = _Candidates(forms, config)
    key_counts = Counter(form.key for form in forms)
    matches: dict[tuple[int, int], Match] = {}  # (later, earlier) -> how later repeats it
    for later, form in enumerate(forms):
        for earlier in pairs.candidates(later):
            match = repeat_match(forms[earlier], form, config)
            if match:
                matches[later, earlier] = match
    runs = _RepeatedRuns(matches, forms, config)
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
            elif not runs.holds(later, earlier):
                continue
            if best is None or match.similarity > best[1].similarity:
                best = (earlier, match)
                if match.similarity == 1.0:  # none of the later candidates beats it
                    break
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
    titles = _title_repeats(doc, forms, groups, MAX_SINGLE_COPY_DISTANCE)
    for index in titles:
        doc.remove(
            STEP,
            "title",
            "repeats the title",
            paragraphs[index].text,
            kind="title-copy",
            paragraph=index,
        )
    doc.paragraphs = [
        paragraphs[kept_at[index]]
        for index, first in enumerate(first_of)
        if index == first and index not in titles
    ]
    return doc


# A title of one or two words ("Electrical safety", "Restaurant") names a section as much as
# an article: its repeat is a heading of the body. Chinese and Japanese write a headline
# without spaces: as many characters say as much.
_MIN_TITLE_WORDS = 3
_MIN_TITLE_CHARS_UNSPACED = 8


def _names_an_article(form: ParagraphWords) -> bool:
    if len(form.words) >= _MIN_TITLE_WORDS:
        return True
    unspaced = any(unicodedata.east_asian_width(ch) in "WF" for ch in form.key)
    return unspaced and len(form.key.replace(" ", "")) >= _MIN_TITLE_CHARS_UNSPACED


def _title_repeats(
    doc: Document, forms: list[ParagraphWords], groups: dict[int, list[int]], reach: int
) -> list[int]:
    """The paragraphs after the first, up to paragraph `reach`, that repeat the document's
    title (a page printing its headline again under the standfirst; the header step takes
    it from the first lines), each printed once in the document and no label introducing
    what follows (":"). The first paragraph stays: the document keeps its text."""
    if not doc.title:
        return []
    title = comparison_key(doc.title)
    return [
        index
        for index, form in enumerate(forms[1 : reach + 1], start=1)
        if form.key == title
        and _names_an_article(form)
        and groups.get(index) == [index]
        and not form.text.endswith(":")
    ]


class _RepeatedRuns:
    """Whether a copy is removed: a single paragraph printed again close by
    (`_single_copy`), or one of a doubled passage: its neighbour before or after is a copy
    of its original's neighbour (exact or near, so prose: equal headings or list fields
    alone are a list's shape), and the copy of the passage follows the passage, at most
    `max_passage_gap` paragraphs after its end (the same passage printed under entries far
    apart is a listing's)."""

    def __init__(
        self,
        matches: dict[tuple[int, int], Match],
        forms: list[ParagraphWords],
        config: DuplicateSettings,
    ) -> None:
        self.matches = matches
        self.forms = forms
        self.max_gap = config.max_passage_gap
        # how many other paragraphs each one is a prose copy of, or has for a copy
        self.copies: Counter[int] = Counter()
        for (later, earlier), match in matches.items():
            if match.rule != "teaser":
                self.copies.update((later, earlier))
        # offset -> the runs of copies found at that offset, (start, stop) in order: each run
        # is walked once, however many of its copies ask (a document printed twice)
        self.runs: dict[int, list[tuple[int, int]]] = {}

    def holds(self, later: int, earlier: int) -> bool:
        offset = later - earlier
        if not (self._prose_copy(later - 1, offset) or self._prose_copy(later + 1, offset)):
            return self._single_copy(later, earlier)
        start, stop = self._run(later, offset)
        return offset - (stop - max(start, earlier + 1) + 1) <= self.max_gap

    def _single_copy(self, later: int, earlier: int) -> bool:
        """A paragraph of prose printed twice a few paragraphs apart, in no doubled passage,
        with at most a few words edited: a standfirst repeated as the first paragraph, a
        pull quote, a block printed twice. Not when it is printed three times or more, when
        both copies follow a line that is no prose (a heading or a field: the blurb of two
        entries of a listing), or when either copy follows a line ending in a colon: the
        author introduces it ("It adds:", "Let's repeat that:"), a quotation said again on
        purpose."""
        if later - earlier > MAX_SINGLE_COPY_DISTANCE:
            return False
        if self.matches[later, earlier].similarity < SINGLE_COPY_THRESHOLD - _ROUNDING:
            return False
        if not (self.forms[later].prose and self.forms[earlier].prose):
            return False
        if self.copies[later] != 1 or self.copies[earlier] != 1:
            return False
        if self._introduced(earlier) or self._introduced(later):
            return False
        return earlier == 0 or self.forms[earlier - 1].prose or self.forms[later - 1].prose

    def _introduced(self, index: int) -> bool:
        """Whether the paragraph before this one ends in a colon, announcing it."""
        return index > 0 and self.forms[index - 1].text.rstrip().endswith(":")

    def _copied(self, index: int, offset: int) -> bool:
        """Whether paragraph `index` repeats the one `offset` before it."""
        return offset <= index < len(self.forms) and (
            (index, index - offset) in self.matches
            or self.forms[index].key == self.forms[index - offset].key
        )

    def _prose_copy(self, index: int, offset: int) -> bool:
        match = self.matches.get((index, index - offset))
        return match is not None and match.rule != "teaser"

    def _run(self, index: int, offset: int) -> tuple[int, int]:
        """The longest run of copies at `offset` around paragraph `index` (itself a copy)."""
        runs = self.runs.setdefault(offset, [])
        place = bisect.bisect_right(runs, (index, len(self.forms)))
        if place and runs[place - 1][1] >= index:
            return runs[place - 1]
        start = stop = index
        while self._copied(start - 1, offset):
            start -= 1
        while self._copied(stop + 1, offset):
            stop += 1
        runs.insert(place, (start, stop))
        return start, stop


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
    similarity = near_similarity(
        earlier, later, config.max_rewrite_words, config.paragraph_threshold
    )
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


# Candidates any one paragraph is compared with, at most, per kind of repeat (exact, near,
# teaser): the nearest ones. Real documents stay far below it (bench/repeats_scaling.py); a
# document of thousands of near-identical paragraphs (a small vocabulary) would otherwise
# compare every pair.
_MAX_CANDIDATES = 16
# Paragraphs holding a word near their start looked at on either side of a teaser, for the
# nearest `_MAX_CANDIDATES` that hold it early enough.
_TEASER_SCAN = 8 * _MAX_CANDIDATES


class _Candidates:
    """For each paragraph, the earlier paragraphs it may repeat: every pair `repeat_match`
    can accept is among them (on documents short of `_MAX_CANDIDATES` candidates per kind),
    found in time near-linear in the document's words:

    - exact: paragraphs with the same comparison key;
    - near: a near copy at similarity t shares at least t times the longer one's words
      (`_similarity_bound`), so by prefix filtering the two share a word among the
      `n - ceil(t n) + 1` rarest of each one's `n` words (a word's second occurrence counts
      as a word of its own); an index from each of those words to its paragraphs finds them;
    - teaser: a teaser's head of `h` words shares all but `h - ceil(t h)` of its distinct
      words with the start of its full paragraph, so one of its rarest
      `h - ceil(t h) + 1` distinct words stands in the full paragraph's first `h + 2` words.

    Exact keys are a hash map; MinHash LSH (as the corpus step's) would miss a share of the
    near copies, where this filter is exact for the bound repeat_match already applies."""

    def __init__(self, forms: list[ParagraphWords], config: DuplicateSettings) -> None:
        # paragraph -> its candidates (most paragraphs of a long document have none)
        self.earlier: dict[int, set[int]] = {}
        self._exact(forms)
        self._near(forms, config)
        self._teasers(forms, config)

    def candidates(self, later: int) -> list[int]:
        """The earlier paragraphs `later` may match, in order."""
        return sorted(self.earlier.get(later, ()))

    def _exact(self, forms: list[ParagraphWords]) -> None:
        seen: dict[str, list[int]] = {}
        for index, form in enumerate(forms):
            same = seen.setdefault(form.key, [])
            if same:
                self.earlier.setdefault(index, set()).update(same[-_MAX_CANDIDATES:])
            same.append(index)

    def _near(self, forms: list[ParagraphWords], config: DuplicateSettings) -> None:
        threshold = config.paragraph_threshold
        near = [
            index for index, form in enumerate(forms) if len(form.words) >= config.min_near_words
        ]
        # counted first, the tokens of each paragraph made again below: a document's tokens
        # held at once weigh more than the document
        frequency: Counter[tuple[str, int]] = Counter()
        for index in near:
            frequency.update(_occurrences(forms[index].words))
        lengths = [len(form.words) for form in forms]
        posting: dict[tuple[str, int], list[int]] = {}  # the latest paragraphs of each token
        for index in near:
            words = _occurrences(forms[index].words)
            # rarest first, ties by the token: sorted by token, then (stably) by frequency
            rarest = sorted(sorted(words), key=frequency.__getitem__)
            prefix = rarest[: _prefix_length(len(words), threshold)]
            found: set[int] = set()
            for token in prefix:
                found.update(posting.get(token, ())[-_MAX_CANDIDATES:])
            prose = forms[index].prose
            found = {
                earlier
                for earlier in found
                if (prose or forms[earlier].prose)
                and min(lengths[earlier], len(words))
                >= threshold * max(lengths[earlier], len(words))
            }
            if found:
                self.earlier.setdefault(index, set()).update(sorted(found)[-_MAX_CANDIDATES:])
            for token in prefix:
                latest = posting.setdefault(token, [])
                latest.append(index)
                if len(latest) > 2 * _MAX_CANDIDATES:
                    del latest[:_MAX_CANDIDATES]

    def _teasers(self, forms: list[ParagraphWords], config: DuplicateSettings) -> None:
        teasers = [
            index
            for index, form in enumerate(forms)
            if form.teaser and len(form.words) >= config.min_teaser_words
        ]
        if not teasers:
            return
        # word -> the full paragraphs (prose; no teaser is) holding it within the reach of the
        # longest teaser, with its first position there
        reach = max(len(forms[index].words) for index in teasers) + TEASER_SLACK
        starts: dict[str, list[tuple[int, int]]] = {}
        for index, form in enumerate(forms):
            if form.prose:
                for position, word in enumerate(form.words[:reach]):
                    seen = starts.setdefault(word, [])
                    if not seen or seen[-1][0] != index:
                        seen.append((index, position))
        for teaser in teasers:
            words = forms[teaser].words
            head = words[:-1]
            distinct = sorted(set(head), key=lambda word: (len(starts.get(word, ())), word))
            found: set[int] = set()
            for word in distinct[: _prefix_length(len(head), config.paragraph_threshold)]:
                paragraphs = starts.get(word, [])
                middle = bisect.bisect_left(paragraphs, (teaser, 0))
                window = paragraphs[max(0, middle - _TEASER_SCAN) : middle + _TEASER_SCAN]
                fulls = [
                    index
                    for index, position in window
                    if position < len(head) + TEASER_SLACK and len(forms[index].words) > len(words)
                ]
                found.update(sorted(fulls, key=lambda index: abs(index - teaser))[:_MAX_CANDIDATES])
            for full in found:
                self.earlier.setdefault(max(full, teaser), set()).add(min(full, teaser))


def _prefix_length(length: int, threshold: float) -> int:
    """How many of the rarest words of a sequence of `length` words hold one it shares with
    any sequence it has at least `threshold` times its length in common with (that share as
    repeat_match rounds it: a hair under the threshold still counts)."""
    return length - math.ceil((threshold - _ROUNDING) * length - _ROUNDING) + 1


def _occurrences(words: tuple[str, ...]) -> list[tuple[str, int]]:
    """The words as a set: each occurrence of a word numbered apart (in no particular
    order). Most words of a paragraph occur once: those are paired in bulk."""
    counts = Counter(words)
    tokens = list(zip(counts, itertools.repeat(0)))
    if len(counts) < len(words):
        tokens += [(word, n) for word, many in counts.items() if many > 1 for n in range(1, many)]
    return tokens
