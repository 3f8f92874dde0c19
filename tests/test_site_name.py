from __future__ import annotations

import pytest

from newsclean.settings import Settings
from newsclean.steps.extract import extract_html
from newsclean.steps.site_name import is_site_name, site_name, url_host
from tests.test_extract import ARTICLE, html_document

BODY = "".join(f"<p>{p}</p>" for p in ARTICLE)


def page(head: str, footer: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{BODY}</article>{footer}</body></html>"


@pytest.mark.parametrize(
    "name",
    [
        "Steppe Daily",
        "The Sydney Morning Herald",
        "Frankfurter Allgemeine Zeitung",
        "Rural Press Ltd.",
        "tengrinews.kz",
        "Российская газета",
        "BBC News",
    ],
)
def test_names_of_sites_are_names(name: str) -> None:
    assert is_site_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "6.0",
        "2023",
        "Apple updates MacPros and Xserves, doubles performance.",
        "© 2000 Rural Press Ltd.",
        "Copyright Steppe Daily",
        "All rights reserved",
        "Who will win the election in Astana this year?",
        "",
    ],
)
def test_sentences_numbers_and_copyright_lines_are_not(name: str) -> None:
    assert not is_site_name(name)


def test_the_title_is_not_the_site_name() -> None:
    assert not is_site_name("Budget approved", "Budget approved")
    assert site_name("Budget approved", "Budget approved", "https://www.example.kz/a") == (
        "example.kz"
    )


def test_hosts() -> None:
    assert url_host("https://www.computerworld.com/article/1") == "computerworld.com"
    assert url_host("computerworld.com") == "computerworld.com"
    assert url_host("not a url") is None
    assert url_host("http://[::1") is None


def test_a_headline_taken_for_the_site_name_gives_way_to_the_host(settings: Settings) -> None:
    # trafilatura guesses the site name from the title's parts around "|"
    head = "<title>Apple updates MacPros and Xserves, doubles performance. | Mac news</title>"
    url = "https://www.computerworld.com/article/2588000/apple-updates.html"
    doc = extract_html(html_document(page(head), url=url), settings)
    assert doc.site == "computerworld.com"


def test_og_site_name_is_the_site(settings: Settings) -> None:
    head = '<title>Budget approved</title><meta property="og:site_name" content="Steppe Daily">'
    doc = extract_html(html_document(page(head), url="https://steppe.example/a"), settings)
    assert doc.site == "Steppe Daily"


@pytest.mark.parametrize("junk", ["6.0", "© 2000 Rural Press Ltd."])
def test_junk_in_og_site_name_gives_way_to_the_host(settings: Settings, junk: str) -> None:
    head = f'<title>Budget approved</title><meta property="og:site_name" content="{junk}">'
    url = "https://www.ruralpress.example/news/1"
    doc = extract_html(html_document(page(head), url=url), settings)
    assert doc.site == "ruralpress.example"


def test_no_name_and_no_url_leaves_the_site_empty(settings: Settings) -> None:
    head = '<title>Budget approved</title><meta property="og:site_name" content="6.0">'
    doc = extract_html(html_document(page(head)), settings)
    assert doc.site is None
