"""How closely two paragraphs of one document repeat each other, on their word sequences.

- near: word-level Levenshtein similarity (1 - edits / longer length), also taken on the
  sentences put in sorted order so that reordered sentences still match; rejected when each
  of the two has a run of words the other lacks (two paragraphs that share a long quotation
  but each add their own sentence are not repeats; a copy that only adds or drops a
  sentence is one).
- teaser: a paragraph cut short with "..." / "…" against the start of a longer paragraph
  that is no teaser itself.

Only copies of prose repeat: a paragraph of a few words, one that does not end a sentence
(headings, labels, "Price: $10" fields) or a list item or table row is structure that a list
or a page repeats on purpose. And two paragraphs that differ in a number or a name (a
capitalised word past a sentence's start) are different facts, never near copies or teasers
of each other ("The south region has 11 seats" / "The north region has 9 seats").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz.distance import Levenshtein, Opcodes

from newsclean.textnorm import comparison_key

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
# Prose ends a sentence (closing quotes and brackets may follow the stop): the stops of Latin,
# Cyrillic and Greek text, the danda of Devanagari and Bengali, the Arabic and Urdu question
# mark and full stop, the ideographic full stop; German closes its quotes with “ and ‘.
_PROSE_END = re.compile(r"[.!?…।॥؟۔。！？][\"'”’»«“‘)\]）」』]*$")
# List items and table rows start so.
_LIST_MARKS = ("-", "|", "*", "•", "–", "—", "+")
# A word after one of these starts a sentence, so its capital says nothing of a name.
_SENTENCE_STOPS = tuple(".!?…:;")
_QUOTES_AND_BRACKETS = "\"'“”‘’«»()[]"
# A teaser may be cut inside a word, and it may stop a word or two before or after the
# point it matches at: prefixes this many words around its length are tried.
TEASER_SLACK = 2
# Words in common that do not interrupt a rewritten run (a different sentence still shares
# its articles and prepositions with the one it replaces).
_REWRITE_GAP = 2
_ASCII_DIGIT = re.compile(r"[0-9]")
# Leaves room for the rounding of a similarity right at the threshold.
_CUTOFF_ROUNDING = 1e-9


@dataclass(frozen=True)
class ParagraphWords:
    """A paragraph reduced to what repeats are judged on."""

    text: str
    key: str  # comparison_key of the whole text
    words: tuple[str, ...]
    teaser: bool  # ends in an ellipsis
    prose: bool  # ends a sentence, is no teaser, no list item, no table row

    @classmethod
    def of(cls, text: str) -> ParagraphWords:
        key = comparison_key(text)
        stripped = text.strip()
        teaser = bool(_ELLIPSIS.search(text))
        return cls(
            text=text,
            key=key,
            words=tuple(key.split()),
            teaser=teaser,
            # a cut paragraph ends no sentence
            prose=bool(_PROSE_END.search(stripped))
            and not (teaser or stripped.startswith(_LIST_MARKS)),
        )

    @cached_property
    def facts(self) -> frozenset[str]:
        """The words of its numbers and names (fact_words): only likely pairs read them."""
        return fact_words(self.text)

    @cached_property
    def distinct_words(self) -> frozenset[str]:
        return frozenset(self.words)

    @cached_property
    def sorted_sentence_words(self) -> tuple[str, ...]:
        """The words with the sentences in sorted order. Sentences end at whitespace, where
        comparison keys split (textnorm), so these are `words` reordered; only the alignment
        of a likely pair reads them, hence worked out on first use."""
        sentences = sorted(comparison_key(s) for s in _SENTENCE_END.split(self.text.strip()))
        return tuple(" ".join(s for s in sentences if s).split())


def fact_words(text: str) -> frozenset[str]:
    """The comparison words of the numbers (any word with a digit) and names (a capitalised
    word that does not start a sentence) of a text."""
    facts: set[str] = set()
    initial = True
    for token in text.split():
        letters = token.lstrip(_QUOTES_AND_BRACKETS)
        if _has_digit(token) or (not initial and letters[:1].isupper()):
            facts.update(comparison_key(token).split())
        initial = token.rstrip(_QUOTES_AND_BRACKETS).endswith(_SENTENCE_STOPS)
    return frozenset(facts)


def _has_digit(token: str) -> bool:
    if token.isascii():  # the common case, without a loop in Python
        return bool(_ASCII_DIGIT.search(token))
    return any(ch.isdigit() for ch in token)


def near_similarity(
    a: ParagraphWords, b: ParagraphWords, max_rewrite_words: int, threshold: float = 0.0
) -> float:
    """Similarity in [0, 1] of two paragraphs as copies with small edits, in their own order
    or with their sentences sorted; an alignment where each side has a run of at least
    `max_rewrite_words` words the other lacks (different content, not edits), or where a
    word either side lacks is one of its numbers or names, does not count; nor does one
    under `threshold` (0 then)."""
    # a number or a name of one side's words the other lacks altogether is a word no
    # alignment matches
    if (a.facts & a.distinct_words) - b.distinct_words or (
        b.facts & b.distinct_words
    ) - a.distinct_words:
        return 0.0
    best = 0.0
    for first, second in (
        (a.words, b.words),
        (a.sorted_sentence_words, b.sorted_sentence_words),
    ):
        similarity = Levenshtein.normalized_similarity(
            first, second, score_cutoff=max(0.0, threshold - _CUTOFF_ROUNDING)
        )
        if similarity <= best or not similarity:
            continue
        opcodes = Levenshtein.opcodes(first, second)
        if min(_longest_unmatched(opcodes)) < max_rewrite_words and not _facts_differ(
            opcodes, first, second, a.facts, b.facts
        ):
            best = similarity
    return best


def teaser_similarity(teaser: ParagraphWords, full: ParagraphWords) -> float:
    """How closely a teaser matches the start of a longer paragraph, in [0, 1]. Its last word
    is left out (it may be cut), so is whatever the ellipsis followed."""
    head = teaser.words[:-1]
    # a cut of a cut is two blurbs of one listing, not an article's teaser
    if not teaser.teaser or full.teaser or not head or len(full.words) <= len(teaser.words):
        return 0.0
    # the teaser's numbers and names must be the full paragraph's
    if any(word in teaser.facts and word not in full.facts for word in head):
        return 0.0
    lengths = range(max(1, len(head) - TEASER_SLACK), len(head) + TEASER_SLACK + 1)
    return max(Levenshtein.normalized_similarity(head, full.words[:n]) for n in lengths)


def _facts_differ(
    opcodes: Opcodes,
    first: tuple[str, ...],
    second: tuple[str, ...],
    first_facts: frozenset[str],
    second_facts: frozenset[str],
) -> bool:
    """Whether a word one side has and the other lacks is a number or a name."""
    for tag, a_start, a_end, b_start, b_end in opcodes:
        if tag == "equal":
            continue
        if not first_facts.isdisjoint(first[a_start:a_end]):
            return True
        if not second_facts.isdisjoint(second[b_start:b_end]):
            return True
    return False


def _longest_unmatched(opcodes: Opcodes) -> tuple[int, int]:
    """The longest runs of words of each side that the other lacks, bridging up to
    `_REWRITE_GAP` words they happen to share ("the", "of") inside a run."""
    longest_first = longest_second = run_first = run_second = 0
    for tag, a_start, a_end, b_start, b_end in opcodes:
        if tag == "equal":
            if a_end - a_start > _REWRITE_GAP:
                run_first = run_second = 0
            continue
        run_first += a_end - a_start
        run_second += b_end - b_start
        longest_first = max(longest_first, run_first)
        longest_second = max(longest_second, run_second)
    return longest_first, longest_second
