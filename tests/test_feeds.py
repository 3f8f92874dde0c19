"""RSS and Atom feeds: each item a document with its own title, link, date and author."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsclean.readers.read import read_path
from newsclean.settings import ReaderSettings, Settings
from newsclean.steps.extract import extract_html

from .test_readers import only_rejection, write

RUSSIAN_RSS = """<?xml version="1.0" encoding="windows-1251"?>
<rss version="2.0">
<channel>
  <title>Новости Казахстана</title>
  <link>https://news.example.kz/</link>
  <language>ru</language>
  <lastBuildDate>Thu, 18 Dec 2003 17:40:29 +0300</lastBuildDate>
  <item>
    <title>Парламент одобрил бюджет</title>
    <link>https://news.example.kz/2003/12/18/budget</link>
    <guid>https://news.example.kz/2003/12/18/budget</guid>
    <author>Айгерим Садыкова</author>
    <category>Политика</category>
    <pubDate>Thu, 18 Dec 2003 17:40:29 +0300</pubDate>
    <description><![CDATA[<p>Депутаты мажилиса одобрили проект республиканского бюджета
      на три года.</p><p>Расходы на образование вырастут на десять процентов, сообщил
      министр финансов.</p>]]></description>
  </item>
  <item>
    <title>Погода в Астане</title>
    <link>https://news.example.kz/2003/12/18/weather</link>
    <pubDate>Thu, 18 Dec 2003 18:05:00 +0300</pubDate>
    <description>Завтра в Астане ожидается снег и сильный ветер, до минус двадцати
      градусов.</description>
  </item>
  <item>
    <title>Только заголовок</title>
    <link>https://news.example.kz/2003/12/18/title-only</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Steppe Daily</title>
  <link href="https://steppedaily.example/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2023-03-14T09:30:00Z</updated>
  <entry>
    <title>Sieben Parteien zur Wahl zugelassen</title>
    <link href="https://steppedaily.example/2023/03/14/parteien"/>
    <id>tag:steppedaily.example,2023:1</id>
    <updated>2023-03-14T09:30:00+06:00</updated>
    <author><name>Aigerim Sadykova</name></author>
    <summary>Die Wahlkommission hat sieben Parteien zugelassen.</summary>
    <content type="html">&lt;p&gt;Die Zentrale Wahlkommission Kasachstans hat am Dienstag
      die Liste der zur Parlamentswahl zugelassenen Parteien veröffentlicht.&lt;/p&gt;
      &lt;p&gt;Sieben Parteien bewerben sich um die 69 Sitze der Mazhilis.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Kurzmeldung</title>
    <link href="https://steppedaily.example/2023/03/14/kurz"/>
    <id>tag:steppedaily.example,2023:2</id>
    <updated>2023-03-14T10:00:00Z</updated>
    <content type="text">Die Sitzung des Parlaments wurde auf Donnerstag verschoben.</content>
  </entry>
</feed>
"""


def read(root: Path, relpath: str, data: bytes):
    return read_path(write(root, relpath, data), root, ReaderSettings())


def test_each_rss_item_is_a_document_with_its_fields(tmp_path: Path) -> None:
    # the feed was read as one page before: its fields glued into one line of text
    result = read(tmp_path, "feeds/news.xml", RUSSIAN_RSS.encode("cp1251"))
    budget, weather = result.documents
    assert budget.source.format == "feed"
    assert (budget.source.encoding, budget.source.encoding_reason) == (
        "cp1251",
        "xml-declaration",
    )
    assert budget.title == "Парламент одобрил бюджет"
    assert budget.source.url == "https://news.example.kz/2003/12/18/budget"
    assert budget.source.record_id == "https://news.example.kz/2003/12/18/budget"
    assert budget.author == "Айгерим Садыкова"
    assert budget.published == "2003-12-18T14:40:29+00:00"
    assert budget.tags == ["Политика"]
    assert budget.site == "Новости Казахстана"
    assert weather.title == "Погода в Астане"
    assert budget.id != weather.id
    # the item with nothing but a title is rejected alone
    [rejection] = result.rejections
    assert rejection.error == "feeds/news.xml: item 3: no content or summary"


def test_rss_items_extract_to_their_own_text(tmp_path: Path) -> None:
    budget, weather = read(tmp_path, "news.rss", RUSSIAN_RSS.encode("cp1251")).documents
    budget = extract_html(budget, Settings())
    assert budget.body.split("\n") == [
        "Депутаты мажилиса одобрили проект республиканского бюджета на три года.",
        "Расходы на образование вырастут на десять процентов, сообщил министр финансов.",
    ]
    weather = extract_html(weather, Settings())
    assert weather.body == (
        "Завтра в Астане ожидается снег и сильный ветер, до минус двадцати градусов."
    )
    for doc in (budget, weather):
        assert "2003" not in doc.body and "Новости Казахстана" not in doc.body


def test_atom_entries_take_their_content_over_their_summary(tmp_path: Path) -> None:
    full, short = read(tmp_path, "feeds/steppe.atom", ATOM.encode()).documents
    assert (full.source.content, short.source.content) == ("html", "text")
    assert full.author == "Aigerim Sadykova"
    assert full.published == "2023-03-14T03:30:00+00:00"
    assert full.source.url == "https://steppedaily.example/2023/03/14/parteien"
    full = extract_html(full, Settings())
    assert (
        full.body.split("\n")[-1] == "Sieben Parteien bewerben sich um die 69 Sitze der Mazhilis."
    )
    assert short.body == "Die Sitzung des Parlaments wurde auf Donnerstag verschoben."


@pytest.mark.parametrize("name", ["feed.txt", "feed.xml", "feed"])
def test_a_feed_is_known_by_its_content_whatever_its_name(tmp_path: Path, name: str) -> None:
    result = read(tmp_path, name, ATOM.encode("utf-16"))
    assert [d.source.format for d in result.documents] == ["feed", "feed"]


def test_a_malformed_feed_is_a_rejected_row_naming_the_file(tmp_path: Path) -> None:
    rejection = only_rejection(read(tmp_path, "feeds/broken.rss", b"<rss><channel><title>x"))
    assert rejection.error.startswith("feeds/broken.rss: malformed feed (")


def test_a_feed_cut_short_keeps_its_whole_items(tmp_path: Path) -> None:
    cut = RUSSIAN_RSS.encode("cp1251")[: RUSSIAN_RSS.index("<title>Погода")]
    result = read(tmp_path, "feeds/cut.xml", cut)
    assert [d.title for d in result.documents] == ["Парламент одобрил бюджет"]
    assert [r.error for r in result.rejections] == ["feeds/cut.xml: item 2: no content or summary"]


def test_a_feed_name_over_content_that_is_no_feed(tmp_path: Path) -> None:
    rejection = only_rejection(read(tmp_path, "feeds/error.rss", b"Service unavailable, sorry."))
    assert rejection.error.startswith("feeds/error.rss: malformed feed (")
