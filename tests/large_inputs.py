"""Large input files made from the seed articles, for the tests that cut files into pieces
of records: a JSON Lines dump and a multi-record `.warc.gz`, as news dumps come.

Each record is an article of its own (the seeds' paragraphs, drawn and reworded per record),
ending with the same subscription line, which the site's furniture learning finds across
pieces; some records repeat an earlier one word for word (a duplicate across pieces), one
line is not JSON and one reuses an earlier record's id (rejected by the file-wide check).
"""

from __future__ import annotations

import html
import io
import json
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import SEEDS

SITE = "https://news.example.org"
FURNITURE = "Subscribe to our newsletter for the day's top stories, delivered every morning."


def _paragraphs() -> list[str]:
    found = []
    for path in sorted(SEEDS.iterdir()):
        found += [p.strip() for p in path.read_text().split("\n\n") if len(p.strip()) > 200]
    return found


def articles(count: int, seed: int = 0) -> list[tuple[str, str]]:
    """`count` (title, text) articles; every seventh repeats the one five before it."""
    rng = random.Random(seed)
    pool = _paragraphs()
    made: list[tuple[str, str]] = []
    for n in range(count):
        if n % 7 == 6:
            made.append(made[n - 5])
            continue
        paragraphs = []
        for paragraph in rng.sample(pool, 4):
            words = paragraph.split()
            rng.shuffle(words)
            paragraphs.append(" ".join(words).capitalize() + ".")
        title = f"Report {n} from the region"
        made.append((title, "\n\n".join([title, *paragraphs, FURNITURE])))
    return made


def jsonl_dump(count: int, seed: int = 0) -> bytes:
    """A JSON Lines dump of `count` articles, with a line that is not JSON and a record
    whose id an earlier record holds."""
    lines = []
    for n, (title, text) in enumerate(articles(count, seed)):
        record = {"id": f"story-{n}", "url": f"{SITE}/story/{n}", "title": title, "text": text}
        lines.append(json.dumps(record, ensure_ascii=False))
    lines.insert(count // 3, "{not json")
    lines.append(json.dumps({"id": "story-1", "text": "A late record under a taken id."}))
    return ("\n".join(lines) + "\n").encode()


def warc_archive(count: int, seed: int = 1) -> bytes:
    """A `.warc.gz` (one gzip member per record) of `count` HTML responses, each after its
    request, and one response for a target URI already in the archive."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    pages = [(f"{SITE}/archive/{n}", article) for n, article in enumerate(articles(count, seed))]
    pages.append(pages[2])
    for uri, (title, text) in pages:
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request)
        )
        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n")[1:])
        page = (
            f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>{body}</article></body></html>"
        )
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(page.encode()), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


def large_corpus(folder: Path, records: int = 120, small: int = 0) -> Path:
    """The seeds, a JSON Lines dump and a WARC archive of `records` articles each, and
    `small` more articles one per text file."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    for path in sorted(SEEDS.iterdir()):
        (seeds / path.name).write_bytes(path.read_bytes())
    (seeds / "dump.jsonl").write_bytes(jsonl_dump(records))
    (seeds / "crawl.warc.gz").write_bytes(warc_archive(records))
    for n, (_, text) in enumerate(articles(small, seed=2)):
        (seeds / "small" / f"{n:04d}.txt").parent.mkdir(exist_ok=True)
        (seeds / "small" / f"{n:04d}.txt").write_text(text + "\n")
    return seeds
