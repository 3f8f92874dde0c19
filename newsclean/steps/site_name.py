"""The name of the site a page comes from: the name the page gives itself when it reads as a
name, else the host of its URL.

trafilatura takes the site name from `og:site_name` and similar tags, and else guesses it
from the title or the copyright line; on real pages those guesses give a headline ("Apple
updates MacPros and Xserves, doubles performance."), a version number ("6.0") or a
copyright notice ("© 2000 Rural Press Ltd."). A name is short, has letters, is not the
page's title, and is neither a sentence nor a copyright line.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsclean.textnorm import comparison_key

# The longest site names of news sites run to five or six words ("The Sydney Morning
# Herald", "Frankfurter Allgemeine Zeitung"); a headline runs longer.
MAX_WORDS = 6
MAX_CHARACTERS = 60
# A name with this many words that ends like a sentence is one.
SENTENCE_MIN_WORDS = 4
_SENTENCE_END = re.compile(r"[.!?…]$")
# Company suffixes that end a name with a full stop.
_ABBREVIATION = re.compile(r"\b(?:ltd|inc|co|corp|plc|llc|bros|s\.a|gmbh|ag)\.$", re.I)
_COPYRIGHT = re.compile(r"©|\(c\)|\bcopyright\b|\ball rights reserved\b", re.I)


def site_name(name: str | None, title: str | None, *urls: str | None) -> str | None:
    """`name` (the page's own) when it reads as a site name, else the host of the first of
    `urls` that has one (without "www."), else None."""
    if name and is_site_name(name, title):
        return name.strip()
    for url in urls:
        if host := url_host(url):
            return host
    return None


def is_site_name(name: str, title: str | None = None) -> bool:
    name = name.strip()
    words = name.split()
    if not words or len(words) > MAX_WORDS or len(name) > MAX_CHARACTERS:
        return False
    if not any(character.isalpha() for character in name):  # "6.0", "2023"
        return False
    if _COPYRIGHT.search(name):
        return False
    if title and comparison_key(name) == comparison_key(title):
        return False
    ends_sentence = _SENTENCE_END.search(name) and not _ABBREVIATION.search(name)
    return not (ends_sentence and len(words) >= SENTENCE_MIN_WORDS)


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    url = url.strip()
    try:  # a bare host ("example.com", as trafilatura gives it) has no "//" before it
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")
