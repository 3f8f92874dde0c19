"""Repeated paragraphs inside one document, on the real seed articles."""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from newsclean.dedup.paragraphs import ParagraphWords
from newsclean.document import Document, Paragraph, Source
from newsclean.settings import Settings
from newsclean.steps import repeats
from newsclean.steps.header import parse_header
from newsclean.steps.normalise import normalise
from newsclean.steps.paragraphs import split_paragraphs
from newsclean.steps.repeats import _Candidates, _similarity_bound, drop_repeats, repeat_match
from tests.conftest import DEV_DATA

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Sentence ends and spaces of many scripts, where keys of sentences and of paragraphs meet.
TYPOGRAPHY = [
    "Le prix\u00a0? 12\u202f000\u00a0\u20ac. C\u2019est tout\u2026 Vraiment\u00a0!",
    "First.\u3000\uff34he second\u2026\u2028Third!\u2029Fourth?\u0085fifth.\u2003sixth",
    "Caf\u00e9. \u0301accent after a space. A\u0308. \u00a8Dieresis. \u1100\u1161. \u11a8jamo.",
    "\u0130stanbul. STRASSE? \ufb01ne\u2026 \u2160\u2161. \u00bd? \u2024 ok. \u2047 \u2049 x.",
    "One.\t\nTwo.\x1cThree.\x1fFour.\x0bFive.\x0cSix. \u1680Seven. \u205f\u200aeight.",
]


def gold_paragraphs(limit: int) -> list[str]:
    """Paragraphs of the gold main texts of the dev article pages (none without the data)."""
    folder = DEV_DATA / "wcxb-dev-articles" / "ground-truth"
    paragraphs: list[str] = []
    for path in sorted(folder.glob("*.json"))[:limit]:
        gold = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        text = gold.get("main_content") or ""
        paragraphs += [p for p in text.split("\n") if p.strip()]
    return paragraphs


def language_lines() -> list[str]:
    """Sentences of 75 languages, four to a line (none without the development data)."""
    folder = DEV_DATA / "langid-dev" / "sentences"
    lines = []
    for path in sorted(folder.glob("*.txt")):
        sentences = path.read_text(encoding="utf-8").splitlines()
        lines += [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return lines


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


OTHER = "Something else entirely was said here by the opposition on the same day."


def test_exact_repeat_ignores_case_quotes_and_spacing(settings):
    original = 'Tokaev\'s power, he said, "will not change" before the vote.'
    variant = "TOKAEV\u2019S power,  he said, \u201cwill not change\u201d before the vote"
    doc = drop_repeats(document_of([original, OTHER, variant, OTHER]), settings)
    assert [p.text for p in doc.paragraphs] == [original, OTHER]
    assert [r.rule for r in repeat_removals(doc)] == ["exact", "exact"]


def test_reordered_sentences_are_a_near_repeat(settings):
    seed = seed_document("000", settings)
    paragraph = next(p.text for p in seed.paragraphs if p.text.startswith("The internet is"))
    sentences = [
        "The internet is restricted and blocked mainly in regions where protests take place.",
        "It happened in Zhanaozen in 2011 and in the 2014 anti-devaluation marches.",
        "The 2020 pogroms in the Kordajsk region were another such case, officials said.",
    ]
    reordered = " ".join([sentences[2], sentences[0], sentences[1]])
    doc = drop_repeats(
        document_of([" ".join(sentences), paragraph, reordered, paragraph]), settings
    )
    near, exact = repeat_removals(doc)
    assert (near.rule, near.paragraph, near.duplicate_of.paragraph) == ("near", 2, 0)
    assert (exact.rule, exact.paragraph, exact.duplicate_of.paragraph) == ("exact", 3, 1)


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


def test_repeated_fields_and_headings_of_a_list_stay(settings):
    # a list of agencies, a deals page and a listicle: each entry repeats the labels, fields
    # and section headings of the others; none of them is a copy
    entries = []
    for name, city in (("Clay", "San Francisco, California"), ("Fuzzy Math", "Atlanta, Georgia")):
        entries += [
            f"{name} is a design agency known for its product work for large brands.",
            f"Office Location: {city}",
            "Team Size: 51 \u2013 200 employees",
            "Key Features and User Experience",
            "$200 in instant savings",
            "BOOK: By Dec 31, 2025",
            "- Meal kit with fresh ingredients",
            "| Layout | Switch Type | Price (USD) |",
            "How much does it cost?",
        ]
    doc = drop_repeats(document_of(entries), settings)
    assert repeat_removals(doc) == []
    assert [p.text for p in doc.paragraphs] == entries


def test_sentences_that_differ_in_a_number_or_a_place_are_not_near_repeats(settings):
    north = (
        "The north region has 9 seats in the new parliament, and the last of them was won by "
        "fewer than 450 votes after a recount in Aktobe."
    )
    south = (
        "The south region has 11 seats in the new parliament, and the last of them was won by "
        "fewer than 600 votes after a recount in Aktobe."
    )
    west = north.replace("Aktobe", "Atyrau")
    forms = [ParagraphWords.of(t) for t in (north, south, west)]
    config = settings.duplicates
    assert Levenshtein.normalized_similarity(forms[0].words, forms[1].words) > 0.8
    assert repeat_match(forms[0], forms[1], config) is None
    assert repeat_match(forms[0], forms[2], config) is None
    # nor in what would otherwise be a doubled passage
    paragraphs = [north, OTHER, south, OTHER, west, OTHER]
    doc = drop_repeats(document_of(paragraphs), settings)
    assert [p.text for p in doc.paragraphs] == paragraphs


def test_a_teaser_must_keep_the_numbers_and_names_of_its_paragraph(settings):
    full = (
        "April 28, 2026 Official Cybersecurity Summit Baltimore, United States: the summit "
        "gathers security leaders for a day of talks."
    )
    teaser = "May 5, 2026 Official Cybersecurity Summit Denver, United States: the summit\u2026"
    same = "April 28, 2026 Official Cybersecurity Summit Baltimore, United States: the summit\u2026"
    config = settings.duplicates
    assert repeat_match(ParagraphWords.of(full), ParagraphWords.of(teaser), config) is None
    assert repeat_match(ParagraphWords.of(full), ParagraphWords.of(same), config).rule == "teaser"


def test_a_paragraph_said_twice_apart_is_the_authors(settings):
    # a summary restating the opening, a blurb under each entry of a listing (and its cut
    # form, a teaser printed several times): not a doubled passage
    opening = "The global cleaning software market is expected to hit USD 2.65 billion in 2028."
    blurb = "Hear from our esteemed speakers while gaining up to 10 CPE credits at each stop."
    cut = "Immerse yourself in the latest developments and learn how to manage risk\u2026"
    whole = "Immerse yourself in the latest developments and learn how to manage risk today."
    body = [f"Paragraph {n} of the body says something of its own about the market." for n in "ABC"]
    paragraphs = [opening, *body, opening]
    paragraphs += ["May 21 Pittsburgh", blurb, whole, "June 11 Overland Park", blurb, cut]
    paragraphs += ["July 23 Anaheim", blurb, cut]
    doc = drop_repeats(document_of(paragraphs), settings)
    assert repeat_removals(doc) == []


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
    must hold for every pair, copies with edits included, in either order of the sentences."""
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
                assert _similarity_bound(a, b) >= exact - 1e-12


def seed_paragraphs(settings: Settings) -> list[str]:
    return [
        p.text
        for prefix in ("000", "001", "002", "003", "004")
        for p in seed_document(prefix, settings).paragraphs
    ]


def test_sentences_in_sorted_order_have_the_paragraphs_words(settings):
    """The bound counts on it (textnorm: keys split where the sentences do): on the seeds,
    odd typography and, with the development data, 800 gold texts and 75 languages."""
    for text in seed_paragraphs(settings) + TYPOGRAPHY + gold_paragraphs(800) + language_lines():
        form = ParagraphWords.of(text)
        assert sorted(form.sorted_sentence_words) == sorted(form.words), text


def gold_pages(limit: int) -> list[list[str]]:
    """The paragraphs of each gold main text of the dev article pages (none without the data)."""
    folder = DEV_DATA / "wcxb-dev-articles" / "ground-truth"
    pages = []
    for path in sorted(folder.glob("*.json"))[:limit]:
        text = json.loads(path.read_text(encoding="utf-8"))["ground_truth"].get("main_content")
        pages.append([p for p in (text or "").split("\n") if p.strip()])
    return pages


def with_copies(paragraphs: list[str]) -> list[str]:
    """The paragraphs, then copies of the long ones with words dropped or replaced, sentences
    reordered, and teasers cut at many lengths."""
    long = [t for t in paragraphs if len(t.split()) >= 12]
    copies = [" ".join(t.split()[1:]) for t in long[::3]]
    copies += [t.replace(" the ", " a ", 2) for t in long[1::3]]
    copies += [" ".join(t.split(". ")[::-1]) for t in long[2::3]]
    copies += [" ".join(t.split()[: 5 + n % 9]) + "\u2026" for n, t in enumerate(long[::2])]
    return paragraphs + copies


def test_pairs_left_out_of_the_candidates_never_match(settings):
    """drop_repeats only tries the pairs `_Candidates` proposes: no other pair of paragraphs
    of a real document (short lines, teasers and edited copies among them) is a repeat."""
    config = settings.duplicates
    documents = [
        [p.text for p in seed_document(prefix, settings).paragraphs]
        for prefix in ("000", "001", "002", "003", "004")
    ]
    documents += [TYPOGRAPHY, *gold_pages(40)]
    documents.append(["Photo: Reuters", "Photo: Reuters", "Read more...", "Read more about it..."])
    matched = 0
    for paragraphs in documents:
        forms = [ParagraphWords.of(t) for t in with_copies(paragraphs)]
        pairs = _Candidates(forms, config)
        for later, form in enumerate(forms):
            candidates = pairs.candidates(later)
            for earlier in candidates:
                matched += repeat_match(forms[earlier], form, config) is not None
            for earlier in set(range(later)) - set(candidates):
                assert repeat_match(forms[earlier], form, config) is None
    assert matched > 10


def test_candidates_per_paragraph_are_bounded_on_a_small_vocabulary(settings):
    """Thousands of paragraphs of a dozen words all share most of their words: each one is
    still compared with a bounded number of others, not with every earlier one."""
    rng = random.Random(7)
    vocabulary = ["the", "a", "of", "to", "and", "in", "on", "rate", "bank", "price", "rose"]
    texts = [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 40))).capitalize() + "."
        for _ in range(2000)
    ]
    texts += [" ".join(t.split()[:6]) + "\u2026" for t in texts[:500]]
    forms = [ParagraphWords.of(t) for t in texts]
    pairs = _Candidates(forms, settings.duplicates)
    counts = [len(pairs.candidates(later)) for later in range(len(forms))]
    assert max(counts) <= 3 * repeats._MAX_CANDIDATES
    assert sum(counts) > 10 * len(forms)  # they are alike: the bound is what holds them


def test_a_first_paragraph_reached_only_through_another_copy_is_recorded(settings):
    """Each copy is near the one before it, the longest is not near the first: the first is
    still removed, with the match that joined its group."""
    first = (
        "The central bank raised its key rate last week and said inflation would slow "
        "down only gradually over the next few years."
    )
    second = first.replace("last week", "this week").replace("gradually", "slowly")
    third = second.replace("inflation", "prices").replace("few", "many")[:-1] + " analysts said."
    config = settings.duplicates
    forms = [ParagraphWords.of(t) for t in (first, second, third)]
    assert repeat_match(forms[0], forms[1], config) and repeat_match(forms[1], forms[2], config)
    assert repeat_match(forms[0], forms[2], config) is None
    assert repeat_match(forms[2], forms[0], config) is None

    # the passage (a paragraph and OTHER) doubled, then doubled again
    doc = drop_repeats(document_of([first, OTHER, second, OTHER, third, OTHER]), settings)

    assert [p.text for p in doc.paragraphs] == [third, OTHER]
    removals = [(r.kind, r.paragraph, r.rule) for r in repeat_removals(doc)]
    assert removals == [
        ("first-copy", 0, "near"),
        ("later-copy", 2, "near"),
        ("later-copy", 3, "exact"),
        ("later-copy", 5, "exact"),
    ]


def seed_text_document(text: str, settings: Settings) -> Document:
    doc = Document(
        id="edited", source=Source(path="edited.txt", sha256="", format="text"), body=text
    )
    for step in (normalise, parse_header, split_paragraphs):
        doc = step(doc, settings)
    return doc


def seed_blocks() -> list[str]:
    return next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8").split("\n\n")


def test_a_standfirst_repeated_with_other_quotes_is_dropped(settings):
    # the standfirst printed again as the first paragraph, its quotes straight
    doc = seed_document("000", settings)
    paragraphs = [p.text for p in doc.paragraphs]
    standfirst = next(p for p in paragraphs if "'fuelling hatred" in p)
    start = paragraphs.index(standfirst)
    typographic = standfirst.replace("'fuelling", "\u2018fuelling").replace(
        "population'", "population\u2019"
    )
    edited = [*paragraphs[:start], typographic, *paragraphs[start:]]
    doc = drop_repeats(document_of(edited), settings)
    (removal,) = [r for r in repeat_removals(doc) if r.paragraph in (start, start + 1)]
    assert (removal.rule, removal.paragraph, removal.duplicate_of.paragraph) == (
        "exact",
        start + 1,
        start,
    )
    assert [p.text for p in doc.paragraphs].count(typographic) == 1


def test_the_title_repeated_as_the_second_paragraph_is_dropped(settings):
    blocks = seed_blocks()
    title = blocks[0].splitlines()[0]
    # the headline printed again under the standfirst
    text = "\n\n".join([*blocks[:2], title, *blocks[2:]])
    doc = drop_repeats(seed_text_document(text, settings), settings)
    assert doc.title == title
    (removal,) = [r for r in repeat_removals(doc) if r.rule == "title"]
    assert (removal.text, removal.paragraph) == (title, 1)
    assert title not in [p.text for p in doc.paragraphs]
    # a title that only heads a section (two words), or stands alone, is kept
    for paragraphs, heading in (
        ([OTHER, "Electrical safety"], "Electrical safety"),
        ([title], title),
    ):
        alone = document_of(paragraphs)
        alone.title = heading
        assert [p.text for p in drop_repeats(alone, settings).paragraphs] == paragraphs


@pytest.mark.parametrize("distance", [1, 2, 3])
def test_a_paragraph_copied_a_few_paragraphs_on_with_a_word_changed_is_dropped(settings, distance):
    doc = seed_document("002", settings)
    paragraphs = [p.text for p in doc.paragraphs]
    index, original = next(
        (i, p) for i, p in enumerate(paragraphs) if len(p.split()) >= 35 and p.endswith(".")
    )
    words = original.split()
    # one word of 35 or more changed (3%), no number or name
    facts = ParagraphWords.of(original).facts
    position = next(
        i for i, w in enumerate(words) if i > 3 and w.isalpha() and w.lower() not in facts
    )
    copy = " ".join([*words[:position], "however", *words[position + 1 :]])
    edited = [*paragraphs[: index + distance], copy, *paragraphs[index + distance :]]
    result = drop_repeats(document_of(edited), settings)
    (removal,) = repeat_removals(result)
    assert (removal.rule, removal.paragraph) == ("near", index + distance)
    assert [p.text for p in result.paragraphs] == paragraphs


def test_a_paragraph_said_twice_close_by_stays_when_a_listing_prints_it(settings):
    blurb = "Hear from our esteemed speakers while gaining up to 10 CPE credits at each stop."
    lede = "The tour returns this spring with new cities and a longer programme of talks."
    # the blurb under each of two entries (a heading before each), and three times
    entries = [lede, "May 21 Pittsburgh", blurb, "June 11 Overland Park", blurb]
    body = [f"Paragraph {n} of the body says something of its own about the tour." for n in "ABC"]
    thrice = [lede, blurb, body[0], blurb, body[1], blurb]
    far = [blurb, *body, blurb]  # four paragraphs on
    for paragraphs in (entries, thrice, far):
        doc = drop_repeats(document_of(paragraphs), settings)
        assert repeat_removals(doc) == []


def test_a_paragraph_introduced_by_a_colon_and_said_again_close_by_stays(settings):
    doc = seed_document("000", settings)
    paragraphs = [p.text for p in doc.paragraphs]
    index, quoted = next(
        (i, p) for i, p in enumerate(paragraphs) if len(p.split()) >= 20 and p.endswith(".")
    )
    after = paragraphs[index + 1]
    # the author quotes a paragraph after a line announcing it, and discusses it bare two
    # paragraphs on; or says it once, then again after "Let us repeat it:"
    quoted_first = [*paragraphs[:index], "The report adds:", quoted, after, quoted]
    repeated_after = [*paragraphs[:index], quoted, after, "Let us repeat it:", quoted]
    for edited in (quoted_first, repeated_after):
        result = drop_repeats(document_of(edited), settings)
        assert repeat_removals(result) == []
        assert [p.text for p in result.paragraphs] == edited
    # the same copy with no line announcing it is a copy printed twice
    printed_twice = [*paragraphs[:index], quoted, after, quoted]
    (removal,) = repeat_removals(drop_repeats(document_of(printed_twice), settings))
    assert removal.paragraph == index + 2


@pytest.mark.parametrize(
    "paragraph",
    [
        # Hindi ends its sentences with a danda, German closes its quotes with “
        "प्रधानमंत्री ने आज संसद में कहा कि सरकार किसानों की आय दोगुनी करने के लिए नई योजना "
        "लाएगी और इसके लिए बजट में अलग से प्रावधान किया जाएगा।",
        "Der Minister sagte am Montag in Berlin, die Regierung werde „die Hilfen für die "
        "Landwirte noch in diesem Jahr deutlich erhöhen.“",
    ],
)
def test_prose_of_other_scripts_and_quotes_is_prose(settings, paragraph):
    assert ParagraphWords.of(paragraph).prose
    doc = drop_repeats(document_of([paragraph, paragraph, OTHER]), settings)
    assert [p.text for p in doc.paragraphs] == [paragraph, OTHER]


def test_occurrences_number_each_occurrence_of_a_word_apart():
    """The near-copy filter's tokens: the n-th occurrence of a word is (word, n - 1), as a
    plain walk through the words numbers them, whatever order they come in."""

    def walked(words: tuple[str, ...]) -> list[tuple[str, int]]:
        seen: Counter[str] = Counter()
        tokens = []
        for word in words:
            tokens.append((word, seen[word]))
            seen[word] += 1
        return tokens

    texts = [
        "the bank said the rate of the bank would rise, the bank said",
        "Every word here differs from the next one.",
        "",
        *TYPOGRAPHY,
    ]
    for text in texts:
        words = ParagraphWords.of(text).words
        tokens = repeats._occurrences(words)
        assert sorted(tokens) == sorted(walked(words))
        assert len(tokens) == len(set(tokens)) == len(words)
