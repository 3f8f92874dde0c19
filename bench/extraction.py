"""Main-text extraction scored on the WCXB development pages: trafilatura alone against
newsclean (extract_html, normalise, split_paragraphs, strip_furniture, drop_without_prose,
then SiteFurniture learned over the whole set grouped by domain), side by side.

Scoring (see ../shared/data/README.md): per page, precision and recall of the bag of
lowercased `\\w+` tokens of the output against the gold main content, averaged over pages, F1
from the averages (an empty output scores 0 and 0); the share of the `without` snippets
(boilerplate) found in the output, and of the `with` snippets (article) kept. A snippet is
found when its folded form (newsclean.textnorm.comparison_key) occurs in the folded output
on word boundaries.

    .venv/bin/python bench/extraction.py [--limit N] [--workers 2] [--options] [--leaks]

Every row is printed for all pages and for the pages with odd and even ids apart: rules are
tuned on the odd half, the even half shows whether they hold on pages not looked at.
`--options` also scores newsclean with the other trafilatura presets (favor_precision,
favor_recall, no tables) to show why the defaults in ExtractionSettings were chosen.
`--leaks` prints, per page, the boilerplate snippets newsclean's output still holds and the
paragraph each sits in (its index, and whether it is in the first or last three).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shlex
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from multiprocessing import Pool
from pathlib import Path

import trafilatura

from newsclean.corpus.site_furniture import SiteFurniture
from newsclean.document import Document, Source
from newsclean.settings import ExtractionSettings, Settings
from newsclean.steps.extract import extract_html
from newsclean.steps.furniture import strip_furniture
from newsclean.steps.normalise import normalise
from newsclean.steps.paragraphs import split_paragraphs
from newsclean.steps.quality import drop_without_prose
from newsclean.textnorm import comparison_key

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "wcxb-dev-articles"
TOKEN = re.compile(r"\w+")
STEPS = (extract_html, normalise, split_paragraphs, strip_furniture, drop_without_prose)


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    gold: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]


@dataclass
class Score:
    precision: list[float]
    recall: list[float]
    leaked: int = 0
    without: int = 0
    kept: int = 0
    with_: int = 0

    def add(self, page: Page, output: str) -> None:
        p, r = bag_of_words(output, page.gold)
        self.precision.append(p)
        self.recall.append(r)
        folded = f" {comparison_key(output)} "
        self.leaked += sum(_found(s, folded) for s in page.without_snippets)
        self.without += len(page.without_snippets)
        self.kept += sum(_found(s, folded) for s in page.with_snippets)
        self.with_ += len(page.with_snippets)

    def row(self, name: str) -> str:
        p = sum(self.precision) / len(self.precision)
        r = sum(self.recall) / len(self.recall)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        leak = self.leaked / self.without if self.without else 0.0
        kept = self.kept / self.with_ if self.with_ else 0.0
        return (
            f"{name:<44} {p:9.4f} {r:9.4f} {f1:9.4f} "
            f"{leak:8.2%} ({self.leaked}/{self.without}) {kept:8.2%} ({self.kept}/{self.with_})"
        )


HALVES = (
    ("", lambda page: True),
    (" [odd ids]", lambda page: int(page.id) % 2 == 1),
    (" [even ids]", lambda page: int(page.id) % 2 == 0),
)


def score_rows(name: str, pages: list[Page], outputs: list[str]) -> list[str]:
    """The row of all pages, then of the odd and the even half."""
    rows = []
    for suffix, chosen in HALVES:
        score = Score([], [])
        for page, output in zip(pages, outputs, strict=True):
            if chosen(page):
                score.add(page, output)
        rows.append(score.row(name + suffix))
    return rows


def print_leaks(pages: list[Page], docs: list[Document]) -> None:
    print("\nboilerplate left in newsclean's output (page [paragraph/count, H|M|T]):")
    for page, doc in zip(pages, docs, strict=True):
        texts = [] if doc.dropped else [p.text for p in doc.paragraphs]
        folded = [f" {comparison_key(t)} " for t in texts]
        for snippet in page.without_snippets:
            key = comparison_key(snippet)
            if not key or not _found(snippet, f" {comparison_key(doc.text)} "):
                continue
            index = next((i for i, f in enumerate(folded) if f" {key} " in f), -1)
            where = "H" if index < 3 else "T" if index >= len(texts) - 3 else "M"
            paragraph = texts[index] if index >= 0 else "(across paragraphs)"
            print(f"  {page.id} [{index}/{len(texts)} {where}] {snippet[:80]!r}")
            print(f"      in: {paragraph[:160]!r}")


def bag_of_words(output: str, gold: str) -> tuple[float, float]:
    out = Counter(TOKEN.findall(output.lower()))
    ref = Counter(TOKEN.findall(gold.lower()))
    overlap = sum((out & ref).values())
    precision = overlap / sum(out.values()) if out else 0.0
    recall = overlap / sum(ref.values()) if ref else 0.0
    return precision, recall


def _found(snippet: str, folded_output: str) -> bool:
    key = comparison_key(snippet)
    return bool(key) and f" {key} " in folded_output


def load_pages(limit: int | None) -> list[Page]:
    pages = []
    for truth_path in sorted((DATA / "ground-truth").glob("*.json"))[:limit]:
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        gold = truth["ground_truth"]
        raw = gzip.decompress((DATA / "html" / f"{truth_path.stem}.html.gz").read_bytes())
        pages.append(
            Page(
                id=truth_path.stem,
                url=truth.get("url") or "",
                html=raw.decode("utf-8", errors="replace"),
                gold=gold.get("main_content") or "",
                with_snippets=tuple(gold.get("with") or ()),
                without_snippets=tuple(gold.get("without") or ()),
            )
        )
    return pages


def trafilatura_alone(page: Page) -> str:
    return trafilatura.extract(page.html) or ""


def newsclean_document(job: tuple[Page, Settings]) -> Document:
    page, settings = job
    doc = Document(
        id=page.id,
        source=Source(
            path=f"{page.id}.html", sha256="", format="html", content="html", url=page.url
        ),
        body=page.html,
    )
    for step in STEPS:
        if doc.dropped:
            break
        doc = step(doc, settings)
    return doc


def newsclean_corpus(docs: list[Document], settings: Settings) -> list[Document]:
    step = SiteFurniture()
    facts = {doc.id: step.collect(doc, settings) for doc in docs if not doc.dropped}
    decision = step.decide(facts, None, settings)
    return [doc if doc.dropped else step.apply(doc, decision, settings) for doc in docs]


def run_newsclean(pool: Pool, pages: list[Page], settings: Settings) -> list[Document]:
    docs = pool.map(newsclean_document, [(page, settings) for page in pages], chunksize=8)
    return newsclean_corpus(docs, settings)


def removed_kinds(docs: Iterable[Document]) -> Counter[str]:
    return Counter(
        f"{r.step}:{r.kind}"
        for doc in docs
        for r in doc.removals
        if r.step in ("extract", "furniture", "site_furniture", "quality")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="score the first N pages only")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--options", action="store_true", help="score other trafilatura presets")
    parser.add_argument("--leaks", action="store_true", help="print the boilerplate left in")
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/extraction.py", *sys.argv[1:]]))
    if not DATA.is_dir():
        print(f"no development data at {DATA}: nothing to score")
        return 0
    pages = load_pages(args.limit)
    settings = Settings()
    variants = {"newsclean": settings}
    if args.options:
        base = settings.extraction
        for name, extraction in (
            ("favor_precision", replace(base, favor_precision=True, favor_recall=False)),
            ("favor_recall", replace(base, favor_recall=True, favor_precision=False)),
            ("no tables", replace(base, include_tables=False)),
            ("with comments", replace(base, include_comments=True)),
        ):
            if extraction != base:
                variants[f"newsclean, {name}"] = replace(settings, extraction=extraction)
    print(f"pages: {len(pages)}; default ExtractionSettings: {ExtractionSettings()}")
    header = f"{'':<44} {'precision':>9} {'recall':>9} {'F1':>9} {'leak':>8}{'':>13}{'kept':>8}"
    rows = []
    with Pool(args.workers) as pool:
        started = time.perf_counter()
        outputs = pool.map(trafilatura_alone, pages, chunksize=8)
        rows.extend(score_rows("trafilatura.extract (defaults)", pages, outputs))
        print(f"trafilatura alone: {time.perf_counter() - started:.1f} s")
        kinds: Counter[str] = Counter()
        for name, variant in variants.items():
            started = time.perf_counter()
            docs = run_newsclean(pool, pages, variant)
            outputs = ["" if doc.dropped else doc.text for doc in docs]
            rows.extend(score_rows(name, pages, outputs))
            print(f"{name}: {time.perf_counter() - started:.1f} s")
            if name == "newsclean":
                kinds = removed_kinds(docs)
                if args.leaks:
                    print_leaks(pages, docs)
    print()
    print(header)
    print("\n".join(rows))
    print("\nwhat newsclean removed (step:kind, paragraphs):")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<32} {count:6d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
