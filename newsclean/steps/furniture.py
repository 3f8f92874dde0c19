"""Site furniture taken out of the article: menus, "Read also" links, comment rules, cookie
banners, share buttons, calendars, counters, captions.

Rules come from newsclean/rules/furniture.tsv. Furniture clusters at the head and the tail
of a page, so most rules fire only inside the run of furniture-shaped paragraphs at either
end; in the middle of the article only rules flagged `anywhere` (and whole-line phrases)
fire. A full sentence is taken at the ends only when a neighbouring paragraph is furniture
too, so an article's first or last sentence is never lost to a loose pattern. Image captions
are moved to `doc.captions` rather than dropped.

A pattern never takes article prose: where it matches in a paragraph that holds a sentence of
prose besides the match ("... said Tuesday. (Copyright 2007 by The Associated Press. All
Rights Reserved.)"), only the sentences it matched in are taken out, recorded as a removal of
that span; the paragraph goes whole only when nothing but furniture is left of it. At the
head and the tail (and in the few paragraphs of prose next to them) a paragraph is also read
sentence by sentence, so that notices glued together ("Follow X on Twitter. Send us a message
on WhatsApp ...") meet the rules written for each on its own line.

Furniture never empties a document that holds a sentence: when every paragraph would go, the
ones that read as a sentence (six words or more, or four with a final stop) and were taken on
loose evidence (a prefix, a pattern, a shape) stay as its text, and so does the title repeated
as the whole text of a headline-only item. A document
of nothing but furniture ("Subscribe to our newsletter" or "Read more" on its own) is dropped
whole, each paragraph recorded as removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsclean.document import Document, Paragraph
from newsclean.furniture_rules import CALENDAR_FILE, FurnitureRule, furniture_rules
from newsclean.furniture_shape import (
    calendar_rows,
    is_list_item,
    is_prose,
    is_teaser,
    is_title_like,
    looks_like_caption,
    sentence_bounds,
    sentences_around,
    word_count,
)
from newsclean.settings import FurnitureSettings, Settings
from newsclean.textnorm import comparison_key

STEP = "furniture"
ALL_FURNITURE = "; the document held nothing else and is dropped"
# A paragraph of prose gives up at most this many more sentences of furniture after the first.
MAX_SENTENCES_TAKEN = 4
SPAN_ONLY = "; only this sentence is taken out of a paragraph of prose, the rest stays"
# A paragraph of this many words is a sentence, even without its final stop.
MIN_SENTENCE_WORDS = 6
# Paragraphs at the head or the tail, and those of prose this close to them, are read sentence
# by sentence: a notice's sentence glued to another ("Follow X on Twitter. Send us a message on
# WhatsApp ...") matches a rule written for a line on its own.
SENTENCE_REACH = 3
CAPTION_RULE = "shape:caption"
TITLE_RULE = "shape:title"
# "Headline | Site name", "Headline - Site name": the headline alone is repeated too.
_TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014-]\s+")
_TAG_SEPARATORS = re.compile(r"\s*[,;|#]\s*")


@dataclass(frozen=True)
class Verdict:
    kind: str
    rule: str
    reason: str
    # the paragraph is nothing but a furniture phrase (a `line` rule, a calendar row), not a
    # text that opens with one or matches a pattern
    whole: bool = False
    # [start, end) of the sentences a pattern matched in a paragraph of prose: only they go,
    # the rest of the paragraph stays; None: the whole paragraph is furniture
    span: tuple[int, int] | None = None


def strip_furniture(doc: Document, settings: Settings) -> Document:
    texts = [p.text for p in doc.paragraphs]
    verdicts = find_furniture(texts, settings.furniture, doc.title)
    if settings.furniture.mark_only:
        return _mark(doc, verdicts)
    furniture_only = _keep_some_text(verdicts, texts)
    kept: list[Paragraph] = []
    for index, paragraph in enumerate(doc.paragraphs):
        verdict = verdicts.get(index)
        if verdict is None:
            kept.append(paragraph)
            continue
        if verdict.span is not None:
            start, end = verdict.span
            doc.remove(
                STEP,
                verdict.rule,
                verdict.reason + SPAN_ONLY,
                paragraph.text[start:end].strip(),
                kind=verdict.kind,
                paragraph=index,
            )
            paragraph.text = _join(paragraph.text[:start], paragraph.text[end:])
            _take_more_sentences(doc, paragraph, index, settings)
            kept.append(paragraph)
            continue
        doc.remove(
            STEP,
            verdict.rule,
            verdict.reason + (ALL_FURNITURE if furniture_only else ""),
            paragraph.text,
            kind=verdict.kind,
            paragraph=index,
        )
        if verdict.kind == "caption":
            doc.captions.append(paragraph.text)
        elif verdict.kind == "tags":
            _add_tags(doc, paragraph.text)
    doc.paragraphs = kept
    doc.dropped = furniture_only
    return doc


def _take_more_sentences(
    doc: Document, paragraph: Paragraph, index: int, settings: Settings
) -> None:
    """After a sentence of furniture, the rest of the paragraph may hold another ("Did you
    make this recipe? ... Follow us on Facebook ..."): each pattern that may fire anywhere
    takes its own sentences from what is left, while a sentence of prose stays."""
    for _ in range(MAX_SENTENCES_TAKEN):
        text = paragraph.text
        taken = _sentence_taken(text, settings.furniture.max_prefix_words)
        if taken is None or taken[1] is None:
            return
        rule, (start, end) = taken
        doc.remove(
            STEP,
            rule.id,
            _reason(rule, "in a paragraph of prose") + SPAN_ONLY,
            text[start:end].strip(),
            kind=rule.kind,
            paragraph=index,
        )
        paragraph.text = _join(text[:start], text[end:])


def _keep_some_text(verdicts: dict[int, Verdict], texts: list[str]) -> bool:
    """When every paragraph would go, spares the sentences taken on loose evidence; True
    when there is none (the document is nothing but furniture)."""
    if not texts or sum(v.span is None for v in verdicts.values()) < len(texts):
        return False
    # a repeated title spared is the headline of a feed item with no body
    spared = [
        i
        for i, v in verdicts.items()
        if not v.whole and (v.kind == "title" or _reads_as_sentence(texts[i]))
    ]
    for i in spared:
        del verdicts[i]
    return not spared


def _reads_as_sentence(text: str) -> bool:
    return is_prose(text) or word_count(text) >= MIN_SENTENCE_WORDS


def find_furniture(
    texts: list[str], settings: FurnitureSettings, title: str | None = None
) -> dict[int, Verdict]:
    """Which paragraphs are furniture, by index, and why. `title` is the page title, which
    pages often repeat above the article."""
    rules = furniture_rules()
    keys = [comparison_key(t) for t in texts]
    calendar = calendar_rows(texts)
    # Rules are matched lazily: in the middle of an article only rules that may fire
    # anywhere count, unless a neighbour's verdict needs the paragraph's own.
    matched: dict[int, list[FurnitureRule]] = {}

    def candidates(i: int) -> list[FurnitureRule]:
        if i not in matched:
            matched[i] = rules.matching(texts[i], keys[i], settings.max_prefix_words)
        return matched[i]

    def flagged(i: int) -> bool:
        return i in calendar or bool(candidates(i))

    head_end, tail_start = _edge_runs(texts, flagged)

    def at_edge(i: int) -> bool:
        return i < head_end or i >= tail_start

    def has_furniture_beside(i: int) -> bool:
        return (i > 0 and flagged(i - 1)) or (i + 1 < len(texts) and flagged(i + 1))

    def may_fire(i: int) -> list[FurnitureRule]:
        if at_edge(i) or i in matched:
            return candidates(i)
        return rules.matching(texts[i], keys[i], settings.max_prefix_words, anywhere_only=True)

    verdicts: dict[int, Verdict] = {}
    sections: dict[int, FurnitureRule] = {}  # headings whose verdict takes the lines below
    titles = title_keys(title)
    for i, text in enumerate(texts):
        if i < head_end and keys[i] in titles:
            verdicts[i] = Verdict("title", TITLE_RULE, "the page title repeated at the head")
            continue
        if i in calendar and at_edge(i):
            verdicts[i] = Verdict(
                "calendar",
                CALENDAR_FILE,
                "a row of an archive calendar widget " + _where(i, head_end),
                whole=True,
            )
            continue
        for rule in may_fire(i):
            if not (rule.anywhere or at_edge(i)):
                continue
            needs_company = rule.paired or (not rule.anywhere and is_prose(text))
            if needs_company and not has_furniture_beside(i):
                continue
            where = _where(i, head_end) if at_edge(i) else "in the article"
            verdicts[i] = Verdict(
                rule.kind,
                rule.id,
                _reason(rule, where),
                rule.match == "line",
                prose_span(rule, text),
            )
            if rule.section:
                sections[i] = rule
            break
    near_edges = {
        *range(min(head_end + SENTENCE_REACH, len(texts))),
        *range(max(tail_start - SENTENCE_REACH, head_end), len(texts)),
    }
    for i in sorted(near_edges - verdicts.keys()):
        taken = _sentence_taken(texts[i], settings.max_prefix_words)
        if taken is not None:
            rule, span = taken
            verdicts[i] = Verdict(
                rule.kind, rule.id, _reason(rule, "in a sentence near the furniture"), span=span
            )
    for i, rule in sorted(sections.items()):
        _take_section(texts, i, rule, at_edge(i), verdicts, settings)
    for i in range(1, len(texts) - 1):
        if i not in verdicts and looks_like_caption(
            texts[i], texts[i - 1], texts[i + 1], settings.caption_max_words
        ):
            verdicts[i] = Verdict(
                "caption",
                CAPTION_RULE,
                "a lone short line between paragraphs naming what the paragraph before it "
                "speaks of: the caption of an image",
            )
    return verdicts


def title_keys(title: str | None) -> set[str]:
    if not title:
        return set()
    parts = [title, *_TITLE_PARTS.split(title)]
    return {key for key in map(comparison_key, parts) if len(key.split()) >= 3}


def _edge_runs(texts: list[str], flagged: Callable[[int], bool]) -> tuple[int, int]:
    """The head run [0, head_end) and the tail run [tail_start, n): paragraphs from either end
    up to the first one that is prose no rule matches."""

    def inside(i: int) -> bool:
        return not is_prose(texts[i]) or flagged(i)

    head_end = next((i for i in range(len(texts)) if not inside(i)), len(texts))
    if head_end == len(texts):
        return head_end, 0
    tail_start = next(i + 1 for i in range(len(texts) - 1, head_end - 1, -1) if not inside(i))
    return head_end, tail_start


def prose_span(rule: FurnitureRule, text: str) -> tuple[int, int] | None:
    """The sentences a pattern matched, when the rest of the paragraph holds a sentence of
    prose (MIN_SENTENCE_WORDS words or more, with its stop); None when the paragraph is
    furniture whole (a line or prefix rule matches the paragraph, not a part of it)."""
    if rule.regex is None:
        return None
    match = rule.regex.search(text)
    if match is None:
        return None
    start, end = sentences_around(text, match.start(), max(match.end(), match.start() + 1))
    if match.end() - match.start() == len(text):
        # a pattern of a short line (".{0,160}follow us on twitter.{0,120}$") spans the whole
        # paragraph: the sentence that matches it on its own is the furniture
        alone = (
            (s, e)
            for s, e in sentence_bounds(text)
            if e - s < len(text) and rule.regex.search(text[s:e].strip())
        )
        first = next(alone, None)
        if first is None:
            return None
        start, end = sentences_around(text, *first)
    rest = _join(text[:start], text[end:])
    if not any(_is_article_sentence(rest[s:e]) for s, e in sentence_bounds(rest)):
        return None
    return start, end


def _sentence_taken(
    text: str, max_prefix_words: int
) -> tuple[FurnitureRule, tuple[int, int] | None] | None:
    """The first rule that may fire anywhere and matches the paragraph or one of its
    sentences on its own, with the sentences it takes: their span when the rest holds a
    sentence of prose, None when nothing but furniture is left (the paragraph goes whole)."""
    rules = furniture_rules()
    found = rules.matching(text, comparison_key(text), max_prefix_words, anywhere_only=True)
    for rule in found:
        span = prose_span(rule, text)
        if span is not None:
            return rule, span
    bounds = sentence_bounds(text)
    if len(bounds) < 2:
        return None
    for start, end in bounds:
        sentence = text[start:end].strip()
        key = comparison_key(sentence)
        matched = rules.matching(sentence, key, max_prefix_words, anywhere_only=True)
        if not matched:
            continue
        start, end = sentences_around(text, start, end)
        rest = _join(text[:start], text[end:])
        if any(_is_article_sentence(rest[s:e]) for s, e in sentence_bounds(rest)):
            return matched[0], (start, end)
        return matched[0], None
    return None


def _is_article_sentence(sentence: str) -> bool:
    """A sentence of prose that no furniture rule takes on its own: a notice's second sentence
    ("This site uses Akismet to reduce spam. Learn how your comment data is processed.") is
    furniture like its first, so the paragraph goes whole."""
    if not _is_sentence_of_prose(sentence):
        return False
    sentence = sentence.strip()
    rules = furniture_rules()
    return not rules.matching(
        sentence, comparison_key(sentence), word_count(sentence) + 1, anywhere_only=True
    )


def _is_sentence_of_prose(text: str) -> bool:
    """A sentence of running text, not a "Thank you for understanding!" closing a notice."""
    return is_prose(text) and word_count(text) >= MIN_SENTENCE_WORDS


def _join(before: str, after: str) -> str:
    before, after = before.rstrip(), after.lstrip()
    return f"{before} {after}" if before and after else before or after


def _where(i: int, head_end: int) -> str:
    return "at the head of the page" if i < head_end else "at the tail of the page"


def _reason(rule: FurnitureRule, where: str) -> str:
    how = {"line": "is the phrase", "prefix": "starts with", "regex": "matches"}[rule.match]
    return f"{rule.kind} furniture {where}: {how} {rule.pattern!r} ({rule.id})"


def _take_section(
    texts: list[str],
    heading: int,
    rule: FurnitureRule,
    at_tail: bool,
    verdicts: dict[int, Verdict],
    settings: FurnitureSettings,
) -> None:
    """The link titles (and, at the tail, their "…" teasers) under a section heading. A table
    of contents takes list items only: where the extractor dropped its links, the line after
    the heading is the article's own first subheading."""
    limit = settings.section_max_items if at_tail else 1
    items_only = rule.kind == "navigation"
    taken = 0
    j = heading + 1
    while j < len(texts) and taken < limit:
        if j in verdicts:
            j += 1
            continue
        text = texts[j]
        if not (is_title_like(text, settings.title_max_words) or (at_tail and is_teaser(text))):
            break
        if items_only and not is_list_item(text):
            break
        what = "teaser" if is_teaser(text) else "link title"
        verdicts[j] = Verdict(
            "teaser" if what == "teaser" else rule.kind,
            f"{rule.id}:section",
            f"{what} under the heading {rule.pattern!r}",
        )
        taken += 1
        j += 1


def _mark(doc: Document, verdicts: dict[int, Verdict]) -> Document:
    counts: dict[str, int] = {}
    for index, verdict in sorted(verdicts.items()):
        if verdict.span is not None:  # a sentence of prose: the paragraph is not furniture
            continue
        doc.paragraphs[index].furniture = verdict.kind
        counts[verdict.kind] = counts.get(verdict.kind, 0) + 1
    for kind, count in sorted(counts.items()):
        doc.change(STEP, f"mark:{kind}", f"{kind} furniture marked, kept in the text", count)
    return doc


def _add_tags(doc: Document, line: str) -> None:
    """A filled tag line's tags join the document's tags."""
    _, _, values = line.partition(":")
    for tag in _TAG_SEPARATORS.split(values.strip()):
        tag = tag.strip(" .")
        if tag and tag not in doc.tags:
            doc.tags.append(tag)
