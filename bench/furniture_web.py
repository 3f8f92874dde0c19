"""Furniture on the open web: boilerplate snippets left and article snippets lost, per
language, newsclean's cleaning stage (then site furniture learned over the set) against
trafilatura alone (comments left out on both sides), on real pages in many languages.

The pages are the test fixtures of three extraction libraries, read from bare git clones of
their repositories when present (nothing is copied into the project: the pages belong to
their publishers, whatever the licence of the code around them):
  trafilatura (github adbar/trafilatura): tests/evaldata.json, about a thousand pages (German,
      English, Polish, French, Spanish, Italian, ...) in tests/cache/ and tests/eval/, each
      with `with` snippets (article text) and `without` snippets (boilerplate);
  newspaper4k (github AndyTheFactory/newspaper4k): tests/data/html/NAME.html with the
      article text in tests/data/txt/NAME.txt; its sentences are `with` snippets;
  goose3 (github goose3/goose3): tests/data/content/test_NAME.html with the expected text
      (often its first sentences only) in test_NAME.json, as `with` snippets;
  fundus (github flairNLP/fundus), scored alone with `--split fundus`, a third set no rule
      was written from: tests/resources/parser/test_data/COUNTRY/PUBLISHER_DATE.html.gz,
      news pages of some 40 countries, with the article text each version of the
      publisher's parser expects in PUBLISHER.json (versions and pages paired in date
      order), its sentences as `with` snippets.
A snippet is found when its folded form occurs in the folded output on word boundaries: the
comparison key newsclean compares text on (newsclean.textnorm.comparison_key) of the text
without the soft hyphens and zero-width characters newsclean's normalisation removes (the
key of text with them splits a word where one sits: the fixtures' snippets hold them,
trafilatura's text and newsclean's do not). newsclean's output is its text and the lines
it took from the text as repeats of the document's title (the headline printed again at the
head), which the document keeps in `title`: moved, not lost, they count for both kinds of
snippet, as they do in trafilatura's text. A page's language is langdetect's (seeded) on
trafilatura's output.

Also counted: pages trafilatura extracts text from that newsclean rejects, drops or empties,
and removals of a whole paragraph that reads as prose (a sentence of six words or more with its
stop) by the furniture and quality steps whose rule does not match all of it (a learned line
is the paragraph; a pattern's own sentences must cover it, else only they are taken).

`--cost N` times, on the first N pages of the dev half, trafilatura's extraction of each page,
the second opinion on its lines (newsclean.steps.second_opinion: resiliparse is run only on
a page with a line it may judge) and resiliparse's extraction of the page, and prints the
medians.

Pages are split in two by a hash of their name: rules are written from the `dev` half
(`--show` prints its boilerplate left and its article snippets lost), the `held-out` half is
scored and never printed. `--split dev` scores the dev half alone (site furniture is then
learned over that half only); `--split fundus` scores the fundus pages alone (their misses
are not printed either).

    .venv/bin/python bench/furniture_web.py [--mirrors DIR] [--workers 2] [--show]
        [--split dev|held-out|fundus] [--cost N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shlex
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import trafilatura
from langdetect import DetectorFactory, LangDetectException, detect
from resiliparse.extract.html2text import extract_plain_text
from trafilatura.utils import decode_file

from newsclean.corpus.site_furniture import SiteFurniture
from newsclean.document import Document, Source
from newsclean.furniture_rules import furniture_rules
from newsclean.furniture_shape import is_prose, sentence_bounds, word_count
from newsclean.pipeline import PIPELINE, DocumentStage
from newsclean.settings import ExtractionSettings, FurnitureSettings, Settings
from newsclean.steps.extract import extract_page
from newsclean.steps.furniture import MIN_SENTENCE_WORDS, SPAN_ONLY, TITLE_RULE, prose_span
from newsclean.steps.normalise import INVISIBLE
from newsclean.steps.second_opinion import left_out_lines
from newsclean.textnorm import comparison_key

ROOT = Path(__file__).resolve().parent.parent
MIRRORS = ROOT.parent / ".mirror"
TRAFILATURA = "adbar+trafilatura/repo"
NEWSPAPER4K = "AndyTheFactory+newspaper4k/repo"
GOOSE3 = "goose3+goose3/repo"
FUNDUS = "flairNLP+fundus/repo"
FUNDUS_DATA = "tests/resources/parser/test_data"
MIN_SNIPPET_WORDS = 5
FURNITURE_STEPS = ("furniture", "site_furniture", "quality")
# removals (step, rule) of a line of an HTML page's text repeating its title
TITLE_MOVES = {("furniture", TITLE_RULE), ("repeats", "title")}
OUTPUTS = ("trafilatura", "newsclean")


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    html: str
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]
    fixed_split: str | None = None  # a set scored alone, not split in halves

    @property
    def split(self) -> str:
        if self.fixed_split:
            return self.fixed_split
        digest = hashlib.sha1(self.id.encode()).digest()
        return "dev" if digest[0] % 2 else "held-out"


@dataclass
class Tally:
    pages: int = 0
    without: int = 0
    absent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    with_: int = 0
    kept: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lost_pages: int = 0  # pages trafilatura gives text for, newsclean rejects, drops or empties
    only_trafilatura: int = 0  # article snippets trafilatura keeps and newsclean loses
    only_newsclean: int = 0  # and the other way


def git_show(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout


def git_files(repo: Path, folder: str) -> set[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", "--name-only", "HEAD", folder],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return set(out.split())


def trafilatura_pages(repo: Path) -> Iterator[Page]:
    files = git_files(repo, "tests/cache") | git_files(repo, "tests/eval")
    cases = json.loads(git_show(repo, "tests/evaldata.json"))
    for url, case in sorted(cases.items()):
        path = next(
            (
                f"tests/{d}/{case['file']}"
                for d in ("cache", "eval")
                if f"tests/{d}/{case['file']}" in files
            ),
            None,
        )
        if path is None:
            continue
        yield Page(
            id=f"trafilatura/{case['file']}",
            url=url,
            html=decode_file(git_show(repo, path)),
            with_snippets=tuple(case.get("with") or ()),
            without_snippets=tuple(case.get("without") or ()),
        )


def newspaper4k_pages(repo: Path) -> Iterator[Page]:
    files = git_files(repo, "tests/data")
    for path in sorted(files):
        if not (path.startswith("tests/data/html/") and path.endswith(".html")):
            continue
        name = path.removeprefix("tests/data/html/").removesuffix(".html")
        if f"tests/data/txt/{name}.txt" not in files:
            continue
        meta: dict = {}
        if f"tests/data/metadata/{name}.json" in files:
            meta = json.loads(git_show(repo, f"tests/data/metadata/{name}.json"))
        gold = git_show(repo, f"tests/data/txt/{name}.txt").decode("utf-8", errors="replace")
        yield Page(
            id=f"newspaper4k/{name}",
            url=str(meta.get("url") or meta.get("canonical_link") or ""),
            html=git_show(repo, path).decode("utf-8", errors="replace"),
            with_snippets=tuple(sentences(gold)),
            without_snippets=(),
        )


def goose3_pages(repo: Path) -> Iterator[Page]:
    files = git_files(repo, "tests/data/content")
    for path in sorted(files):
        if not path.endswith(".json") or path.replace(".json", ".html") not in files:
            continue
        case = json.loads(git_show(repo, path))
        url = str(case.get("url") or "")
        if "example.com" in url or "exemple.com" in url:  # made-up pages, not news
            continue
        gold = str((case.get("expected") or {}).get("cleaned_text") or "")
        wanted = sentences(gold) or (
            [gold.strip()] if word_count(gold) >= MIN_SNIPPET_WORDS else []
        )
        yield Page(
            id="goose3/" + Path(path).stem,
            url=url,
            html=git_show(repo, path.replace(".json", ".html")).decode("utf-8", errors="replace"),
            with_snippets=tuple(wanted),
            without_snippets=(),
        )


def fundus_pages(repo: Path) -> Iterator[Page]:
    files = git_files(repo, FUNDUS_DATA)
    for meta_path in sorted(f for f in files if f.endswith("/meta.info")):
        folder = meta_path.removesuffix("/meta.info")
        meta = json.loads(git_show(repo, meta_path))
        by_publisher: dict[str, list[str]] = defaultdict(list)
        for name in sorted(meta, key=lambda n: meta[n].get("crawl_date") or ""):
            if f"{folder}/{name}" in files:
                by_publisher[name.rsplit("_", 3)[0]].append(name)
        for publisher, names in sorted(by_publisher.items()):
            if f"{folder}/{publisher}.json" not in files:
                continue
            expected = json.loads(git_show(repo, f"{folder}/{publisher}.json"))
            versions = sorted(expected, key=lambda v: int(v.lstrip("V") or 0))
            if len(versions) != len(names):  # which page goes with which version is unsure
                continue
            for name, version in zip(names, versions, strict=True):
                body = expected[version].get("body") or {}
                paragraphs = list(body.get("summary") or [])
                for section in body.get("sections") or []:
                    paragraphs += [
                        *(section.get("headline") or []),
                        *(section.get("paragraphs") or []),
                    ]
                html = gzip.decompress(git_show(repo, f"{folder}/{name}"))
                yield Page(
                    id=f"fundus/{folder.rsplit('/', 1)[1]}/{name.removesuffix('.html.gz')}",
                    url=str(meta[name].get("url") or ""),
                    html=decode_file(html),
                    with_snippets=tuple(sentences("\n".join(paragraphs))),
                    without_snippets=(),
                    fixed_split="fundus",
                )


def sentences(gold: str) -> list[str]:
    found = []
    for paragraph in gold.split("\n"):
        for start, end in sentence_bounds(paragraph):
            sentence = paragraph[start:end].strip()
            if word_count(sentence) >= MIN_SNIPPET_WORDS:
                found.append(sentence)
    return found


def folded(text: str) -> str:
    """The text's comparison key without invisible characters, between spaces."""
    return f" {comparison_key(INVISIBLE.sub('', text))} "


def found(snippet: str, folded_output: str) -> bool:
    key = folded(snippet)
    return key != "  " and key in folded_output


def trafilatura_alone(page: Page) -> str:
    return trafilatura.extract(page.html, include_comments=False) or ""


def language_of(text: str) -> str:
    DetectorFactory.seed = 0
    try:
        return detect(text[:2000]) if text.strip() else "?"
    except LangDetectException:
        return "?"


def newsclean_document(job: tuple[Page, Settings]) -> Document:
    page, settings = job
    return cleaned_page(page, settings)


def cleaned_page(
    page: Page,
    settings: Settings,
    after_step: Callable[[Callable[..., Document], Document], None] | None = None,
) -> Document:
    """The page through newsclean's cleaning stage; `after_step(step, document)` sees the
    document after each step."""
    [clean] = [stage for stage in PIPELINE if isinstance(stage, DocumentStage)][:1]
    doc = Document(
        id=page.id,
        source=Source(
            path=f"{page.id}.html", sha256="", format="html", content="html", url=page.url
        ),
        body=page.html,
    )
    for step in clean.steps:
        if doc.dropped or doc.error:
            break
        try:
            doc = step(doc, settings)
        except Exception as error:  # a step's failure is the page's, as in the pipeline
            doc.dropped, doc.error = True, f"{step.__name__}: {error}"
        if after_step is not None:
            after_step(step, doc)
    return doc


def run_newsclean(pool: Pool, pages: list[Page], settings: Settings) -> list[Document]:
    docs = pool.map(newsclean_document, [(page, settings) for page in pages], chunksize=8)
    step = SiteFurniture()
    live = [doc for doc in docs if not (doc.dropped or doc.error)]
    decision = step.decide({d.id: step.collect(d, settings) for d in live}, None, settings)
    return [d if (d.dropped or d.error) else step.apply(d, decision, settings) for d in docs]


def newsclean_output(doc: Document) -> str:
    """The document's text and the lines taken from it as repeats of its title, which
    `title` holds (a line is counted only when the title holds it)."""
    if doc.dropped or doc.error:
        return ""
    title = folded(doc.title or "")
    moved = [
        r.text for r in doc.removals if (r.step, r.rule) in TITLE_MOVES and folded(r.text) in title
    ]
    return "\n".join([*moved, doc.text])


def second_opinion_cost(page: Page) -> tuple[float, float, float]:
    """Seconds of trafilatura's extraction of the page, of the second opinion on its lines,
    and of resiliparse's extraction of the page (what the opinion costs where it is asked)."""
    start = time.perf_counter()
    result = extract_page(page.html, page.url, ExtractionSettings())
    extracted = time.perf_counter()
    lines = (result.text or "").split("\n") if result is not None else []
    title = result.title if result is not None else None
    left_out_lines(lines, page.html, title, FurnitureSettings().max_prefix_words)
    judged = time.perf_counter()
    extract_plain_text(page.html, main_content=True)
    return extracted - start, judged - extracted, time.perf_counter() - judged


def print_cost(pages: list[Page], count: int) -> None:
    timed = [second_opinion_cost(page) for page in pages if page.split == "dev"][:count]
    extraction, opinion, second = (statistics.median(t[i] for t in timed) * 1000 for i in range(3))
    print(
        f"cost, median of {len(timed)} dev pages: trafilatura {extraction:.1f} ms a page, "
        f"second opinion {opinion:.2f} ms ({opinion / extraction:.1%} of it); resiliparse "
        f"run on every page {second:.1f} ms ({second / extraction:.1%})"
    )


def prose_removals_not_whole(doc: Document) -> list[str]:
    """Removals of a paragraph reading as prose by a rule that does not match all of it."""
    rules = {r.id: r for r in furniture_rules().regexes}
    wrong = []
    for removal in doc.removals:
        if removal.step not in FURNITURE_STEPS or not reads_as_prose(removal.text):
            continue
        if removal.reason.endswith(SPAN_ONLY):  # a span of the paragraph, not all of it
            continue
        rule = rules.get(removal.rule)
        if rule is not None and prose_span(rule, removal.text) is not None:
            wrong.append(f"{removal.rule}: {removal.text[:120]!r}")
    return wrong


def reads_as_prose(text: str) -> bool:
    return any(
        is_prose(text[s:e]) and word_count(text[s:e]) >= MIN_SENTENCE_WORDS
        for s, e in sentence_bounds(text)
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print the dev half's misses")
    parser.add_argument(
        "--split", choices=("dev", "held-out", "fundus"), help="score this half or set alone"
    )
    parser.add_argument("--cost", type=int, metavar="N", help="time the second opinion only")
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/furniture_web.py", *sys.argv[1:]]))
    pages: list[Page] = []
    readers = (
        ((FUNDUS, fundus_pages),)
        if args.split == "fundus"
        else (
            (TRAFILATURA, trafilatura_pages),
            (NEWSPAPER4K, newspaper4k_pages),
            (GOOSE3, goose3_pages),
        )
    )
    for name, reader in readers:
        repo = args.mirrors / name
        if repo.is_dir():
            pages.extend(reader(repo))
        else:
            print(f"no clone at {repo}: its pages are left out")
    if args.cost:
        print_cost(pages, args.cost)
        return 0
    pages = [page for page in pages if args.split in (None, page.split)]
    if not pages:
        print("no pages to score")
        return 0
    settings = Settings()
    with Pool(args.workers) as pool:
        baselines = pool.map(trafilatura_alone, pages, chunksize=8)
        languages = pool.map(language_of, baselines, chunksize=8)
        docs = run_newsclean(pool, pages, settings)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    wrong: list[str] = []
    # snippets of newsclean's output in the lines it moved to `title` alone, by split and kind
    in_title: dict[tuple[str, str], int] = defaultdict(int)
    for page, baseline, language, doc in zip(pages, baselines, languages, docs, strict=True):
        outputs = {
            "trafilatura": baseline,
            "newsclean": newsclean_output(doc),
        }
        keys = {name: folded(text) for name, text in outputs.items()}
        text_alone = folded(doc.text if outputs["newsclean"] else "")
        for kind, snippets in (
            ("article", page.with_snippets),
            ("boilerplate", page.without_snippets),
        ):
            in_title[page.split, kind] += sum(
                found(s, keys["newsclean"]) and not found(s, text_alone) for s in snippets
            )
        kept = [
            (found(s, keys["trafilatura"]), found(s, keys["newsclean"])) for s in page.with_snippets
        ]
        for key in ((page.split, language), (page.split, "all")):
            tally = tallies[key]
            tally.pages += 1
            tally.without += len(page.without_snippets)
            tally.with_ += len(page.with_snippets)
            for name in OUTPUTS:
                tally.absent[name] += sum(not found(s, keys[name]) for s in page.without_snippets)
                tally.kept[name] += sum(found(s, keys[name]) for s in page.with_snippets)
            tally.only_trafilatura += sum(t and not n for t, n in kept)
            tally.only_newsclean += sum(n and not t for t, n in kept)
            tally.lost_pages += bool(baseline.strip()) and not outputs["newsclean"].strip()
        wrong.extend(f"{page.id} {w}" for w in prose_removals_not_whole(doc))
        if args.show and page.split == "dev":
            for snippet in page.without_snippets:
                if found(snippet, keys["newsclean"]):
                    print(f"  left  {page.id} [{language}] {snippet[:140]!r}")
            for snippet in page.with_snippets:
                if found(snippet, keys["trafilatura"]) and not found(snippet, keys["newsclean"]):
                    print(f"  lost  {page.id} [{language}] {snippet[:140]!r}")
    print(f"pages: {len(pages)}")
    print(
        f"{'split':<9} {'lang':<4} {'pages':>5} {'boilerplate':>11} {'absent traf':>11} "
        f"{'absent nc':>9} {'article':>7} {'kept traf':>9} {'kept nc':>7} {'lost pages':>10}"
    )
    order = sorted(tallies.items(), key=lambda kv: (kv[0][0], kv[0][1] == "all", -kv[1].pages))
    for (split, language), t in order:
        if language != "all" and t.pages < 5:
            continue
        absent = {name: _share(t.absent[name], t.without) for name in OUTPUTS}
        kept = {name: _share(t.kept[name], t.with_) for name in OUTPUTS}
        print(
            f"{split:<9} {language:<4} {t.pages:5d} {t.without:11d} {absent['trafilatura']:>11} "
            f"{absent['newsclean']:>9} {t.with_:7d} {kept['trafilatura']:>9} "
            f"{kept['newsclean']:>7} {t.lost_pages:10d}"
        )
    print("(languages of fewer than 5 pages are counted in `all` only)")
    for split in sorted({split for split, _ in tallies}):
        t = tallies[split, "all"]
        print(
            f"{split}: article snippets kept by trafilatura alone {t.only_trafilatura}, "
            f"by newsclean alone {t.only_newsclean}"
        )
        print(
            f"{split}: snippets found only in lines moved from newsclean's text to `title`: "
            f"{in_title[split, 'article']} article, {in_title[split, 'boilerplate']} boilerplate"
        )
    print(f"\nremovals of a prose paragraph by a rule not matching all of it: {len(wrong)}")
    for line in wrong[:20]:
        print("  " + line)
    return 0


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


if __name__ == "__main__":
    raise SystemExit(main())
