"""Furniture on the open web: boilerplate lines left and article sentences lost, per
language, newsclean's cleaning stage (then site furniture learned over the set) against
trafilatura alone, on real news pages in many languages with known article text.

The pages are the test fixtures of two extraction libraries, read from bare git clones of
their repositories when present (nothing is copied into the project; the pages belong to
their publishers):
  newspaper4k (github AndyTheFactory/newspaper4k): tests/data/html/NAME.html with the
      article text in tests/data/txt/NAME.txt, the language in tests/data/metadata/NAME.json
  goose3 (github goose3/goose3): tests/data/content/test_NAME.html with the expected text
      (often its first sentences only) in test_NAME.json

What is scored, per page:
- article snippets: each sentence of the expected text of five words or more (the text
  itself when it is one truncated sentence); kept when its folded form
  (newsclean.textnorm.comparison_key) occurs in the folded output on word boundaries;
- boilerplate lines, on pages whose expected text is the whole article (it holds most of
  trafilatura's output): each paragraph of trafilatura's favor_recall extraction (comments
  left out) of two words or more that the expected text does not hold (not found in it,
  and less than half of its words in it); absent when not found in the output;
- removals of a paragraph that reads as prose (a sentence of six words or more with its
  stop) by the furniture steps: each must name a rule matching the whole paragraph (a
  learned line is the paragraph; a pattern's own sentences cover it).

Pages are split in two by a hash of their name: rules are written from the `dev` half
(`--show` prints its boilerplate left and its snippets lost), the `held-out` half is scored
and never printed.

    .venv/bin/python bench/furniture_web.py [--mirrors DIR] [--show]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from newsclean.corpus.site_furniture import SiteFurniture
from newsclean.document import Document, Source
from newsclean.furniture_rules import furniture_rules
from newsclean.furniture_shape import is_prose, sentence_bounds, word_count
from newsclean.pipeline import PIPELINE, DocumentStage
from newsclean.settings import Settings
from newsclean.steps.furniture import MIN_SENTENCE_WORDS, prose_span
from newsclean.textnorm import comparison_key

ROOT = Path(__file__).resolve().parent.parent
MIRRORS = ROOT.parent / ".mirror"
NEWSPAPER4K = "AndyTheFactory+newspaper4k/repo"
GOOSE3 = "goose3+goose3/repo"
MIN_SNIPPET_WORDS = 5
# the expected text is the whole article when it holds this share of trafilatura's words
COMPLETE_GOLD = 0.7
# a line of the recall extraction is the article's when this share of its words is in it
ARTICLE_LINE = 0.5
FURNITURE_STEPS = ("furniture", "site_furniture", "quality")


@dataclass
class Page:
    id: str
    language: str
    url: str
    html: str
    gold: str

    @property
    def split(self) -> str:
        digest = hashlib.sha1(self.id.encode()).digest()
        return "dev" if digest[0] % 2 else "held-out"


@dataclass
class Tally:
    pages: int = 0
    lines: int = 0
    absent: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    snippets: int = 0
    kept: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    emptied: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def git_show(repo: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout


def git_files(repo: Path, folder: str) -> list[str]:
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", "--name-only", "HEAD", folder],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return out.split()


def newspaper4k_pages(repo: Path) -> Iterator[Page]:
    files = set(git_files(repo, "tests/data"))
    for path in sorted(files):
        if not (path.startswith("tests/data/html/") and path.endswith(".html")):
            continue
        name = path.removeprefix("tests/data/html/").removesuffix(".html")
        if f"tests/data/txt/{name}.txt" not in files:
            continue
        meta: dict = {}
        if f"tests/data/metadata/{name}.json" in files:
            meta = json.loads(git_show(repo, f"tests/data/metadata/{name}.json"))
        yield Page(
            id=f"newspaper4k/{name}",
            language=str(meta.get("meta_lang") or meta.get("language") or "?")[:2] or "?",
            url=str(meta.get("url") or meta.get("canonical_link") or ""),
            html=git_show(repo, path).decode("utf-8", errors="replace"),
            gold=git_show(repo, f"tests/data/txt/{name}.txt").decode("utf-8", errors="replace"),
        )


def goose3_pages(repo: Path) -> Iterator[Page]:
    files = set(git_files(repo, "tests/data/content"))
    for path in sorted(files):
        if not path.endswith(".json") or path.replace(".json", ".html") not in files:
            continue
        case = json.loads(git_show(repo, path))
        expected = case.get("expected") or {}
        url = str(case.get("url") or "")
        if "example.com" in url or "exemple.com" in url:  # made-up pages, not news
            continue
        yield Page(
            id="goose3/" + Path(path).stem,
            language=str(expected.get("meta_lang") or "?")[:2],
            url=url,
            html=git_show(repo, path.replace(".json", ".html")).decode("utf-8", errors="replace"),
            gold=str(expected.get("cleaned_text") or ""),
        )


def snippets(gold: str) -> list[str]:
    found = []
    for paragraph in gold.split("\n"):
        for start, end in sentence_bounds(paragraph):
            sentence = paragraph[start:end].strip()
            if word_count(sentence) >= MIN_SNIPPET_WORDS:
                found.append(sentence)
    return found


def found(text: str, folded: str) -> bool:
    key = comparison_key(text)
    return bool(key) and f" {key} " in folded


def boilerplate_lines(page: Page, baseline: str) -> list[str]:
    """The lines of a recall-oriented extraction the article does not hold, or none where the
    expected text is not the whole article."""
    gold_words = set(comparison_key(page.gold).split())
    words = comparison_key(baseline).split()
    if not words or sum(w in gold_words for w in words) < COMPLETE_GOLD * len(words):
        return []
    recall = trafilatura.extract(page.html, favor_recall=True, include_comments=False) or ""
    folded_gold = f" {comparison_key(page.gold)} "
    lines = []
    for line in recall.split("\n"):
        key = comparison_key(line).split()
        if len(key) < 2 or found(line, folded_gold):
            continue
        if sum(w in gold_words for w in key) >= ARTICLE_LINE * len(key):
            continue
        lines.append(line.strip())
    return list(dict.fromkeys(lines))


def run_newsclean(pages: list[Page], settings: Settings) -> list[Document]:
    [clean] = [stage for stage in PIPELINE if isinstance(stage, DocumentStage)][:1]
    docs = []
    for page in pages:
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
            doc = step(doc, settings)
        docs.append(doc)
    step = SiteFurniture()
    live = [doc for doc in docs if not (doc.dropped or doc.error)]
    decision = step.decide({d.id: step.collect(d, settings) for d in live}, None, settings)
    return [d if (d.dropped or d.error) else step.apply(d, decision, settings) for d in docs]


def prose_removals_not_whole(doc: Document) -> list[str]:
    """Removals of a paragraph reading as prose by a rule that does not match all of it."""
    rules = {r.id: r for r in furniture_rules().regexes}
    wrong = []
    for removal in doc.removals:
        if removal.step not in FURNITURE_STEPS or not reads_as_prose(removal.text):
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
    parser.add_argument("--show", action="store_true", help="print the dev half's misses")
    args = parser.parse_args()
    print("command:", shlex.join([".venv/bin/python", "bench/furniture_web.py", *sys.argv[1:]]))
    pages: list[Page] = []
    for name, reader in ((NEWSPAPER4K, newspaper4k_pages), (GOOSE3, goose3_pages)):
        repo = args.mirrors / name
        if repo.is_dir():
            pages.extend(reader(repo))
        else:
            print(f"no clone at {repo}: its pages are left out")
    if not pages:
        print("no pages to score")
        return 0
    settings = Settings()
    docs = run_newsclean(pages, settings)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    wrong: list[str] = []
    for page, doc in zip(pages, docs, strict=True):
        baseline = trafilatura.extract(page.html) or ""
        outputs = {
            "trafilatura": baseline,
            "newsclean": "" if (doc.dropped or doc.error) else doc.text,
        }
        lines = boilerplate_lines(page, baseline)
        wanted = snippets(page.gold) or (
            [page.gold.strip()] if word_count(page.gold) >= MIN_SNIPPET_WORDS else []
        )
        for key in ((page.split, page.language), (page.split, "all")):
            tally = tallies[key]
            tally.pages += 1
            tally.lines += len(lines)
            tally.snippets += len(wanted)
            for name, output in outputs.items():
                folded = f" {comparison_key(output)} "
                tally.absent[name] += sum(not found(line, folded) for line in lines)
                tally.kept[name] += sum(found(s, folded) for s in wanted)
                tally.emptied[name] += not output.strip() and bool(baseline.strip())
        wrong.extend(f"{page.id} {w}" for w in prose_removals_not_whole(doc))
        if args.show and page.split == "dev":
            folded = f" {comparison_key(outputs['newsclean'])} "
            for line in lines:
                if found(line, folded):
                    print(f"  left  {page.id} [{page.language}] {line[:140]!r}")
            for sentence in wanted:
                if not found(sentence, folded):
                    print(f"  lost  {page.id} [{page.language}] {sentence[:140]!r}")
    print(f"pages: {len(pages)}")
    print(
        f"{'split':<9} {'lang':<4} {'pages':>5} {'lines':>5} {'absent traf':>11} "
        f"{'absent nc':>9} {'snips':>5} {'kept traf':>9} {'kept nc':>7} {'emptied nc':>10}"
    )
    for (split, language), t in sorted(
        tallies.items(), key=lambda kv: (kv[0][0], kv[0][1] == "all", kv[0][1])
    ):
        absent = {name: _share(count, t.lines) for name, count in t.absent.items()}
        print(
            f"{split:<9} {language:<4} {t.pages:5d} {t.lines:5d} "
            f"{absent['trafilatura']:>11} {absent['newsclean']:>9} "
            f"{t.snippets:5d} {_share(t.kept['trafilatura'], t.snippets):>9} "
            f"{_share(t.kept['newsclean'], t.snippets):>7} {t.emptied['newsclean']:10d}"
        )
    print(f"\nremovals of a prose paragraph by a rule not matching all of it: {len(wrong)}")
    for line in wrong[:20]:
        print("  " + line)
    return 0


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"


if __name__ == "__main__":
    raise SystemExit(main())
