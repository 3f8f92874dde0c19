from __future__ import annotations

import pytest

from newsclean.document import Document, Paragraph, Source
from newsclean.settings import Settings
from newsclean.steps.quality import NO_PROSE, NO_PROSE_RULE, SEPARATORS_RULE, drop_without_prose

ARTICLE = [
    "The city council approved the new tram line on Wednesday after two years of debate.",
    "Construction is due to start in the spring and to last about three years, officials said.",
]


def doc_of(paragraphs: list[str]) -> Document:
    doc = Document(id="d", source=Source(path="d.html", sha256="", format="html"))
    doc.paragraphs = [Paragraph(p) for p in paragraphs]
    return doc


@pytest.mark.parametrize("separators", ["|", "| | |", " •  • ", "— — —", "» › »", "· | ·", "…"])
def test_a_paragraph_of_separators_goes_with_its_reason(separators: str) -> None:
    doc = drop_without_prose(doc_of([ARTICLE[0], separators, ARTICLE[1]]), Settings())
    assert [p.text for p in doc.paragraphs] == ARTICLE and not doc.dropped
    [removal] = doc.removals
    assert removal.rule == SEPARATORS_RULE and removal.text == separators
    assert removal.paragraph == 1 and "separators" in removal.reason


# A page of navigation debris, as a layout table gives it: links, labels, numbers, bars.
DEBRIS = [
    "Home | World | Business | Sport | Culture",
    "|",
    "Printable version | Send it to a friend | Clip",
    "Most popular",
    "Apple updates MacPros",
    "6.0",
    "12 | 345 | 2007",
]


def test_a_document_of_navigation_debris_is_dropped_as_no_prose_left() -> None:
    doc = drop_without_prose(doc_of(DEBRIS), Settings())
    assert doc.dropped and doc.paragraphs == []
    dropped = [r for r in doc.removals if r.rule == NO_PROSE_RULE]
    assert [r.text for r in dropped] == [t for t in DEBRIS if t != "|"]
    assert all(r.reason.startswith(NO_PROSE) for r in dropped)
    # every paragraph that came in is accounted for
    assert sorted(r.text for r in doc.removals) == sorted(DEBRIS)


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Ainur Kurmanov."],
        # numbers outweigh the words of a short sentence: still a sentence
        ["Funda Izenzo 8:17."],
        # a quotation closed German-style, and a link roundup's items
        ["„Ich weiß, ich bin müde und sollte das nicht sagen…“", "– „Ok.“", "Mehr"],
        [
            "- Presseförderung: Studie zweifelt an Stütze vom Staat via Horizont",
            "- Gewalt im Netz – Schuldzuweisung statt Opferschutz via netzpolitik.org",
            "- Künstliche Intelligenz – EU erwägt Verbot von Gesichtserkennung",
        ],
        ["On 12.03.2024 at 18:00 the vote closed: 1,204 for, 877 against."],
        ["The minister resigned on Tuesday"],
        ["明日は東京で雪が降るでしょう"],
        ["Kazakhstan prepares for early elections", "Voters will choose a new parliament"],
        [*ARTICLE, "| | |", "Share | Tweet | Email"],
        # Thai has no sentence stops: a long paragraph of text is prose without them
        [
            "กรุงเทพมหานคร ประกาศแผนพัฒนาระบบขนส่งสาธารณะ ใหม่ ซึ่งจะเริ่มดำเนินการในปีหน้า "
            "โดยมีเป้าหมายลดปัญหาการจราจรติดขัด และเพิ่มความสะดวกให้กับประชาชน ในเขตเมืองชั้นใน "
            "ผู้ว่าราชการกล่าวว่า โครงการนี้ได้รับงบประมาณจากรัฐบาลกลาง แล้ว",
            "ข่าวล่าสุด",
            "หน้าแรก",
        ],
    ],
)
def test_a_document_with_prose_or_a_headline_is_kept(paragraphs: list[str]) -> None:
    doc = drop_without_prose(doc_of(paragraphs), Settings())
    assert not doc.dropped
    assert [p.text for p in doc.paragraphs] == [p for p in paragraphs if p != "| | |"]


def test_the_thresholds_are_settings() -> None:
    settings = Settings()
    two_titles = ["Kazakhstan prepares for early elections", "Voters choose a parliament"]
    assert not drop_without_prose(doc_of(two_titles), settings).dropped
    strict = Settings(quality=type(settings.quality)(max_unpunctuated_paragraphs=1))
    assert drop_without_prose(doc_of(two_titles), strict).dropped


def test_a_record_of_nothing_but_separators_is_dropped_not_emptied() -> None:
    doc = drop_without_prose(doc_of([".."]), Settings())
    assert doc.dropped and doc.paragraphs == []
    [removal] = doc.removals
    assert removal.text == ".." and removal.reason.endswith(f"{NO_PROSE}, the document is dropped")
