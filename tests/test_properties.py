"""Property-based tests over the readers and the document path: whatever the bytes, the
text, the HTML or the JSON Lines, reading and cleaning never raise, every row can be
written as UTF-8, no step fails on a document, and no output word is absent from the input.

Example counts are bounded (and deadlines off: the first examples load the language
models), so the suite stays fast; hypothesis shrinks any failure to a small input."""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from pathlib import Path

import ftfy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsclean.document import Document
from newsclean.pipeline import run_pipeline
from newsclean.readers.discover import discover
from newsclean.readers.read import ReadResult, read_bytes, read_path
from newsclean.settings import Settings
from newsclean.store.work import part_rows

from .conftest import SEEDS

# reprs of large generated pages are only for failure reports
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
SETTINGS = Settings()
# derandomized, without an example database: the same examples on every run and machine
EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
NAMES = ("a.txt", "a.html", "a.jsonl", "a.warc", "a.txt.gz", "a.dat")

# words of the seeds, so that some examples look like news and reach every step
WORDS = sorted({w for p in SEEDS.glob("*.txt") for w in re.findall(r"\w+", p.read_text())})
word = st.sampled_from(WORDS)
# any code point: lone surrogates, C0 and C1 controls, private use, unassigned
odd_character = st.one_of(
    st.characters(exclude_categories=()),  # by default hypothesis leaves surrogates out
    st.characters(categories=["Cs", "Cc"]),
)
odd_text = st.lists(
    st.one_of(word, odd_character, st.sampled_from([" ", "\n", "\n\n", ". ", "\t", "\r\n"])),
    max_size=120,
).map("".join)


def cleaned(result: ReadResult) -> list[Document]:
    """The documents of one read file through the whole pipeline; every row it gives the
    version's line files is written as UTF-8, as the store writes them."""
    docs, _ = run_pipeline(result.documents, SETTINGS)
    for lines in part_rows(docs, result.rejections).values():
        for _, line in lines:
            line.encode("utf-8")
    assert [d.error for d in docs if d.error] == []
    for rejection in result.rejections:
        assert rejection.error.startswith(result.path)
    return docs


def decoded(result: ReadResult) -> str:
    """The input as the reader decoded it (invalid UTF-8 may be read in another charset),
    taken before the steps rewrite the documents' bodies."""
    return "\n".join(d.body for d in result.documents)


def compact(text: str) -> str:
    """The word characters of `text`, folded as normalisation may fold them."""
    return "".join(re.findall(r"\w", unicodedata.normalize("NFKC", text).casefold()))


def assert_nothing_invented(docs: list[Document], source: str) -> None:
    """Every word of the output is in the input, up to NFKC, case, mojibake repair (ftfy),
    HTML tags and entities, and line joins."""
    text = html.unescape(re.sub(r"<[^>]*>", "", source))
    known = "\0".join(compact(t) for t in (source, text, ftfy.fix_text(text)))
    for doc in docs:
        for paragraph in doc.paragraphs:
            for found in re.findall(r"\w+", paragraph.text):
                assert compact(found) in known, (found, paragraph.text, source)


@EXAMPLES
@given(data=st.binary(max_size=2000), name=st.sampled_from(NAMES))
def test_random_bytes_never_raise(data: bytes, name: str) -> None:
    result = read_bytes(data, name, SETTINGS.readers)
    source = decoded(result)
    assert_nothing_invented(cleaned(result), source)


@EXAMPLES
@given(text=odd_text, name=st.sampled_from(("a.txt", "a.html")))
def test_text_with_surrogates_and_controls(text: str, name: str) -> None:
    # a lone surrogate cannot be UTF-8: written as CESU-like bytes, which decoding must survive
    data = text.encode("utf-8", "surrogatepass")
    result = read_bytes(data, name, SETTINGS.readers)
    source = decoded(result)
    assert_nothing_invented(cleaned(result), source)


@EXAMPLES
@given(
    records=st.lists(
        st.fixed_dictionaries(
            {"text": odd_text},
            optional={
                "title": odd_text,
                "author": odd_text,
                "url": odd_text,
                "published": odd_text,
                "id": st.one_of(odd_text, st.integers()),
                "html": odd_text,
            },
        ),
        min_size=1,
        max_size=4,
    )
)
def test_jsonl_with_surrogates_and_controls(records: list[dict]) -> None:
    data = "\n".join(json.dumps(record) for record in records).encode()
    result = read_bytes(data, "a.jsonl", SETTINGS.readers)
    source = "\n".join(str(value) for record in records for value in record.values())
    assert_nothing_invented(cleaned(result), source)


tag = st.sampled_from(["p", "div", "b", "h1", "li", "article", "span", "script", "title"])
html_fragment = st.recursive(
    odd_text.map(html.escape),
    lambda inner: st.tuples(tag, st.lists(inner, max_size=4)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=12,
)


@settings(EXAMPLES, max_examples=25)
@given(body=html_fragment)
def test_random_html(body: str) -> None:
    page = f"<html><head><title>t</title></head><body>{body}</body></html>"
    data = page.encode("utf-8", "surrogatepass")
    result = read_bytes(data, "a.html", SETTINGS.readers)
    source = decoded(result)
    assert_nothing_invented(cleaned(result), source)


@settings(EXAMPLES, max_examples=25)
@given(name=st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_any_file_name_reads_under_a_utf8_path(tmp_path_factory, name: bytes) -> None:
    seeds = tmp_path_factory.mktemp("seeds")
    if name in (b".", b".."):
        return
    (seeds / os.fsdecode(name)).write_bytes(b"Tokayev won the election.\n")
    for path in discover(seeds):
        result = read_path(path, seeds, SETTINGS.readers)
        result.path.encode("utf-8")
        cleaned(result)
    assert Path(seeds).is_dir()
