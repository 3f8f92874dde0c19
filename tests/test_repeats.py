"""Repeated paragraphs inside one document, on the real seed articles."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from newsclean.dedup.paragraphs import ParagraphWords
from newsclean.document import Document, Paragraph, Source
from newsclean.settings import Settings
from newsclean.steps.header import parse_header
from newsclean.steps.normalise import normalise
from newsclean.steps.paragraphs import split_paragraphs
from newsclean.steps.repeats import _similarity_bound, drop_repeats

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_document(prefix: str, settings: Settings) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    raw = path.read_bytes()
    doc = Document(
        id=path.stem,
        source=Source(path=path.name, sha256=hashlib.sha256(raw).hexdigest(), format="text"),
        body=raw.decode("utf-8"),
    )
    for step in (normalise, parse_header, split_paragraphs):
        doc = step(doc, settings)
    return doc


def document_of(paragraphs: list[str]) -> Document:
    return Document(
        id="constructed",
        source=Source(path="constructed.txt", sha256="", format="text"),
        paragraphs=[Paragraph(p) for p in paragraphs],
    )


def repeat_removals(doc: Document):
    return [r for r in doc.removals if r.step == "repeats"]


def test_seed_000_keeps_each_repeated_paragraph_once(settings):
    doc = seed_document("000", settings)
    before = [p.text for p in doc.paragraphs]
    doc = drop_repeats(doc, settings)
    removals = repeat_removals(doc)

    assert [(r.rule, r.kind) for r in removals] == [("near", "later-copy"), ("exact", "later-copy")]
    assert len(doc.paragraphs) == len(before) - 2
    near, exact = removals
    assert "leaving no room" in near.text
    assert exact.text.startswith("Humanitarian activist Sergej Duvanov")
    texts = [p.text for p in doc.paragraphs]
    assert sum("favour the stability of Tokaev" in t for t in texts) == 1
    assert sum(t.startswith("Humanitarian activist Sergej Duvanov") for t in texts) == 1
    # the two near copies have as many words: the first one stays where it was
    assert "to leave no room" in texts[near.duplicate_of.paragraph]
    assert texts.index(before[near.duplicate_of.paragraph]) == near.duplicate_of.paragraph
    # audit: each removal names the document, the kept copy's index and the removed index
    for removal in removals:
        assert removal.duplicate_of.document == doc.id
        assert before[removal.paragraph] == removal.text
        assert removal.paragraph > removal.duplicate_of.paragraph
    assert exact.duplicate_of.similarity == 1.0
    assert 0.9 < near.duplicate_of.similarity < 1.0


@pytest.mark.parametrize(
    ("prefix", "start", "changed_word"),
    [
        ("001", "On Sunday, November 20, early presidential elections", False),
        # the teaser of 003 says "raise their..." where the paragraph says "improve their image"
        ("003", "Kazakh police officers, who fled during the January events", True),
    ],
)
def test_teaser_of_the_opening_paragraph_is_dropped(settings, prefix, start, changed_word):
    doc = seed_document(prefix, settings)
    before = [p.text for p in doc.paragraphs]
    doc = drop_repeats(doc, settings)

    (removal,) = repeat_removals(doc)
    assert removal.rule == "teaser"
    assert removal.text.startswith(start) and removal.text.endswith("...")
    assert removal.paragraph == 2 and removal.duplicate_of.paragraph == 0
    assert (removal.duplicate_of.similarity < 1.0) == changed_word
    assert doc.paragraphs[0].text == before[0]
    assert [p.text for p in doc.paragraphs] == before[:2] + before[3:]


@pytest.mark.parametrize("prefix", ["002", "004"])
def test_seeds_without_repeats_keep_every_paragraph(settings, prefix):
    # 002 repeats nothing; 004 ends with "Check Also" and the "…" teaser of another article,
    # which repeats no paragraph of this one.
    doc = seed_document(prefix, settings)
    before = [p.text for p in doc.paragraphs]
    doc = drop_repeats(doc, settings)
    assert repeat_removals(doc) == []
    assert [p.text for p in doc.paragraphs] == before


def test_more_complete_later_copy_takes_the_first_position(settings):
    seed = seed_document("001", settings)
    full, other, teaser = (p.text for p in seed.paragraphs[:3])
    doc = drop_repeats(
        document_of([teaser, other, full, "Closing remark of the article here."]), settings
    )

    assert [p.text for p in doc.paragraphs] == [full, other, "Closing remark of the article here."]
    (removal,) = repeat_removals(doc)
    assert (removal.rule, removal.kind, removal.paragraph) == ("teaser", "first-copy", 0)
    assert removal.text == teaser
    assert removal.duplicate_of.paragraph == 0
    assert [(c.rule, c.count) for c in doc.changes if c.step == "repeats"] == [
        ("complete-copy-moved", 1)
    ]


def test_exact_repeat_ignores_case_quotes_and_spacing(settings):
    original = 'Tokaev\'s power, he said, "will not change" before the vote.'
    variant = "TOKAEV\u2019S power,  he said, \u201cwill not change\u201d before the vote"
    doc = drop_repeats(document_of([original, "Something else entirely here.", variant]), settings)
    assert [p.text for p in doc.paragraphs] == [original, "Something else entirely here."]
    assert repeat_removals(doc)[0].rule == "exact"


def test_reordered_sentences_are_a_near_repeat(settings):
    seed = seed_document("000", settings)
    paragraph = next(p.text for p in seed.paragraphs if p.text.startswith("The internet is"))
    sentences = [
        "The internet is restricted and blocked mainly in regions where protests take place.",
        "It happened in Zhanaozen in 2011 and in the 2014 anti-devaluation marches.",
        "The 2020 pogroms in the Kordajsk region were another such case, officials said.",
    ]
    reordered = " ".join([sentences[2], sentences[0], sentences[1]])
    doc = drop_repeats(document_of([" ".join(sentences), paragraph, reordered]), settings)
    (removal,) = repeat_removals(doc)
    assert (removal.rule, removal.paragraph, removal.duplicate_of.paragraph) == ("near", 2, 0)


def test_distinct_paragraphs_sharing_a_long_quotation_stay(settings):
    quotation = (
        "“This is the right decision - we are too closely tied to the global economy to go "
        "against it and get a bunch of sanctions, although there is a lot of pressure on us "
        "to radicalize, and on the other hand, we are allies with Russia.”"
    )
    first = f"{quotation} Shibutov posted this in his Telegram channel on Thursday evening."
    second = f"{quotation} Critics in Almaty answered that neutrality had already failed twice."
    doc = drop_repeats(document_of([first, second]), settings)
    assert repeat_removals(doc) == []
    assert len(doc.paragraphs) == 2


def test_distinct_paragraphs_on_the_same_topic_stay(settings):
    # every paragraph of the five seeds against every other: none is a repeat of another
    paragraphs = []
    for prefix in ("000", "001", "002", "003", "004"):
        doc = drop_repeats(seed_document(prefix, settings), settings)
        paragraphs += [p.text for p in doc.paragraphs]
    unique = list(dict.fromkeys(paragraphs))  # furniture shared by sites is not this step's
    doc = drop_repeats(document_of(unique), settings)
    assert repeat_removals(doc) == []


def test_short_lines_are_not_merged(settings):
    lines = [
        "With Chakraborty",
        "With Borrell",
        "Photo: Reuters",
        "Photo: Reuters",
        "1. Open the app",
        "2. Open the menu",
        "Step one: open the settings page now.",
        "Step two: open the settings panel now.",
    ]
    doc = drop_repeats(document_of(lines), settings)
    assert [p.text for p in doc.paragraphs] == lines


def test_exact_repeat_of_a_line_of_a_few_words_is_dropped(settings):
    doc = drop_repeats(
        document_of(
            ["Kazakhstan Russian Roulette today", "Body text.", "Kazakhstan Russian Roulette today"]
        ),
        settings,
    )
    assert [p.text for p in doc.paragraphs] == ["Kazakhstan Russian Roulette today", "Body text."]


def test_every_paragraph_is_kept_or_recorded(settings):
    for prefix in ("000", "001", "003"):
        doc = seed_document(prefix, settings)
        before = [p.text for p in doc.paragraphs]
        doc = drop_repeats(doc, settings)
        kept = [p.text for p in doc.paragraphs]
        removed = [r.text for r in repeat_removals(doc)]
        assert sorted(kept + removed) == sorted(before)


def test_similarity_bound_never_falls_below_the_similarity(settings):
    """The bound lets repeat_match skip the alignment of paragraphs sharing few words; it
    must hold for every pair, copies with edits included."""
    doc = seed_document("000", settings)
    texts = [p.text for p in doc.paragraphs if len(p.text.split()) >= 5]
    edited = [" ".join(t.split()[1:]) + " and more words" for t in texts[:20]]
    forms = [ParagraphWords.of(t) for t in texts + edited]
    for a in forms:
        for b in forms:
            for first, second in (
                (a.words, b.words),
                (a.sorted_sentence_words, b.sorted_sentence_words),
            ):
                exact = Levenshtein.normalized_similarity(first, second)
                assert _similarity_bound(first, second) >= exact - 1e-12
