from __future__ import annotations

from newsclean.document import Document, Source
from newsclean.steps.paragraphs import split_paragraphs


def _split(body: str, settings) -> Document:
    doc = Document(id="x", source=Source("x.txt", "0" * 64, "text"), body=body)
    return split_paragraphs(doc, settings)


def test_one_paragraph_per_line(settings):
    doc = _split("First paragraph.\nSecond line\n\nThird one.", settings)
    assert [p.text for p in doc.paragraphs] == ["First paragraph.", "Second line", "Third one."]
    assert doc.body == ""


def test_hard_wrapped_prose_is_joined(settings):
    body = (
        "The government meeting on 13 March was held in Astana, and the president\n"
        "insisted that destabilising actions will not be allowed.\n\nNext paragraph."
    )
    doc = _split(body, settings)
    assert [p.text for p in doc.paragraphs] == [
        "The government meeting on 13 March was held in Astana, and the president insisted "
        "that destabilising actions will not be allowed.",
        "Next paragraph.",
    ]
    assert [(c.rule, c.count) for c in doc.changes] == [("unwrap", 1)]


def test_short_lines_and_list_items_stay_apart(settings):
    doc = _split("May 2024\nMon Tues Wed\n12345\nitems here", settings)
    assert len(doc.paragraphs) == 4
