from __future__ import annotations

import hashlib

import pytest

from newsclean.document import Document, Source
from newsclean.settings import Settings
from newsclean.steps.header import parse_header
from newsclean.steps.normalise import normalise
from tests.conftest import SEEDS


def _seed(name: str, settings) -> Document:
    data = (SEEDS / name).read_bytes()
    doc = Document(
        id=name, source=Source(name, hashlib.sha256(data).hexdigest(), "text"), body=data.decode()
    )
    return parse_header(normalise(doc, settings), settings)


def test_politnavigator_header_becomes_metadata(settings):
    doc = _seed("001_9ab1999b316cd6ca.txt", settings)
    assert doc.title == (
        "Kazakhstan is expecting a rapid tilt towards the West immediately after the "
        "presidential elections"
    )
    assert doc.author == "Ainur Kurmanov"
    assert doc.published == "2022-11-19T00:19:00+03:00"
    assert doc.place == "Almaty"
    assert doc.views == 2562
    assert doc.tags[0] == "Author column" and doc.tags[-1] == "Скандал" and len(doc.tags) == 10
    assert doc.body.startswith("On Sunday, November 20, early presidential elections")
    assert [r.kind for r in doc.removals] == [
        "title",
        "author",
        "published",
        "time-zone",
        "views",
        "tags",
    ]
    assert all(r.step == "header" and r.text for r in doc.removals)


def test_breadcrumb_byline_and_repeated_title(settings):
    doc = _seed("002_c52e6ff163ec470b.txt", settings)
    assert doc.breadcrumb == ["Home", "Kazakhstan Russian Roulette"]
    assert doc.title == "Kazakhstan Russian Roulette"
    assert doc.author == "admin"
    assert doc.body.startswith("FROM THE REPORT IN ASTANA.")
    assert [r.kind for r in doc.removals] == ["breadcrumb", "title", "author", "title-repeat"]


@pytest.mark.parametrize(
    ("name", "title", "author", "first"),
    [
        (
            "000_2cc8f0044b39433a.txt",
            "External pressure grows on Kazakhstani elections",
            "Vladimir Rozanskij",
            "Russia and the United States are the main movers.",
        ),
        (
            "004_5bc39d07cea0893f.txt",
            "The Untold Truth About Russia-Kazakhstan Relations And Kazakh Politics – Analysis",
            None,
            "Russia may have lost most",
        ),
    ],
)
def test_header_stops_at_the_first_prose(settings, name, title, author, first):
    doc = _seed(name, settings)
    assert (doc.title, doc.author) == (title, author)
    assert doc.body.startswith(first)


def test_moscow_offset_follows_the_date(settings):
    body = "A title of some words\nby Someone Here\n12.03.2012 10:00 (Moscow time), Moscow\n\n" + (
        "Body prose that is long enough to be a paragraph of the article and not a header."
    )
    doc = Document(id="x", source=Source("x.txt", "0" * 64, "text"), body=body)
    doc = parse_header(doc, settings)
    # Moscow kept UTC+4 from 2011 to 2014.
    assert doc.published == "2012-03-12T10:00:00+04:00"
    assert doc.place == "Moscow"


def test_written_out_dates_in_russian_and_english(settings):
    for line, expected in (
        ("19 ноября 2022, 14:05", "2022-11-19T14:05:00"),
        ("November 19, 2022", "2022-11-19T00:00:00"),
        ("2024-05-02 08:30", "2024-05-02T08:30:00"),
    ):
        doc = Document(
            id="x",
            source=Source("x.txt", "0" * 64, "text"),
            body=f"Headline of the story here\n{line}\n\nThe article starts with a sentence here.",
        )
        assert parse_header(doc, settings).published == expected, line


def test_prose_is_never_taken_for_a_header(settings):
    body = (
        "On 19.11.2022 the president said that nothing would change, and he repeated it.\n\n"
        "Second paragraph."
    )
    doc = Document(id="x", source=Source("x.txt", "0" * 64, "text"), body=body)
    doc = parse_header(doc, settings)
    assert doc.body == body and doc.title is None and doc.published is None


def test_html_documents_are_left_to_extraction(settings):
    doc = Document(
        id="x",
        source=Source("x.html", "0" * 64, "html", content="html"),
        body="Title line here\nby Someone",
    )
    assert parse_header(doc, settings).body == "Title line here\nby Someone"


def _record(body: str, title: str | None = None) -> Document:
    """A short record as a JSONL feed gives it: its text, perhaps a title of its own."""
    doc = Document(id="r", source=Source("r.jsonl", "0" * 64, "jsonl"), body=body, title=title)
    return parse_header(doc, Settings())


@pytest.mark.parametrize(
    "line",
    [
        "Where is the nearest train station?",
        "The minister resigned on Tuesday",
        "Ертең Алматыда жаңбыр жауады",
        "Home » the markets closed higher on Friday",
        "Apples, pears, plums and cherries grow here",
        "Views: 2562",
        "19 November 2022",
    ],
)
def test_a_one_line_record_keeps_its_line_as_text(line):
    doc = _record(line)
    assert doc.body == line
    assert doc.removals == [] and doc.title is None


def test_header_lines_with_no_text_below_leave_the_last_one():
    doc = _record("Kazakhstan prepares for early elections\nby Vladimir Rozanskij")
    assert doc.title == "Kazakhstan prepares for early elections"
    assert doc.body == "by Vladimir Rozanskij" and doc.author is None


@pytest.mark.parametrize(
    "first",
    [
        "Is the new bridge safe?",
        "What a wonderful day it was!",
        "She said she would come back tomorrow…",
        "He shouted: “Stop the car!”",
        # more words than a headline holds
        "The committee that met in the old town hall on Tuesday morning discussed the budget "
        "for the coming year and agreed on most of its points after a long debate",
        # a line the next one carries on: hard-wrapped prose
        "The committee met on Tuesday morning to discuss the budget for the coming\n"
        "year and agreed on most of its points.",
    ],
)
def test_a_line_that_reads_as_a_sentence_is_no_title(first):
    body = f"{first}\nEngineers inspected the bridge for three days and found no cracks."
    doc = _record(body)
    assert doc.title is None and doc.removals == []
    assert doc.body == body


def test_a_record_with_a_title_keeps_it_and_its_first_line():
    body = "Heavy snow closed the pass\nThe road reopens on Monday, the police said."
    doc = _record(body, title="Snow in the mountains")
    assert doc.title == "Snow in the mountains"
    assert doc.body == body
