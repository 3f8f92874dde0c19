"""A learned judge of the lines newsclean leaves in its text, measured: can a classifier of
a line's shape, place and link markup, fitted on pages that are no evaluation set, take the
boilerplate lines the furniture rules miss without taking article lines?

Training lines come from pages no figure of the README is scored on: the dev half of
bench/furniture_web.py (trafilatura's fixtures label a line holding a `without` snippet as
boilerplate and one holding a `with` snippet as article; newspaper4k's expected text labels
each line; goose3's, often the first sentences only, labels article lines only) and the
test pages of mozilla/readability (github mozilla/readability, test/test-pages/NAME/
source.html with expected.html: a line of newsclean's text in the expected text is article,
one sharing no word trigram with it boilerplate), read from bare clones when present
(nothing is copied into the project). Lines a furniture rule of a later step takes are
boilerplate too: the furniture the rules know teaches the model its shape. The held-out
half, fundus's pages and WCXB are never trained on, and never printed.

A line is one of trafilatura's lines after the extract step, no prose and not the headline.
The model may take a line that the rest of the cleaning leaves in the text and that no
furniture rule matches: never a paragraph of prose. Features, language-independent: words
and characters, letter, digit, punctuation and capital shares, capitalised words, the share
of the line's words among the page's own most common prose words (its function words,
whatever the language), the stop it ends with, list, table and separator marks, where it
stands (head, tail, lines to the nearest prose, prose paragraphs before and after), the
page's link share of its block, heading, whole-link and the neighbours' link share
(newsclean.page_links). Models: a ridge logistic regression (Newton's method) and small
gradient-boosted trees (depth 2, 100 rounds, 16 quantile bins), numpy only, each weighing
every page alike or every line alike.

The figures are those of bench/furniture_web.py (boilerplate snippets absent, article
snippets kept) with the lines scoring over a threshold taken out of newsclean's output
(site furniture learned over the set, as there). On the dev half, every page is scored by a
model fitted without its fold (5 folds by page): the honest dev figures. The threshold is
the lowest at which no article snippet of the dev half is lost in the folds.
`--measure held-out` (or `fundus`) then fits each model on every training line and scores
that set once, printing its totals only.

`--container` adds where the line's element sits against the innermost element holding most
of the article's prose lines (inside it or not, steps up to it).

    .venv/bin/python bench/furniture_line_model.py [--workers 2] [--container]
        [--measure held-out|fundus]
"""

from __future__ import annotations

import argparse
import hashlib
import math
import pickle
import re
import shlex
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from selectolax.lexbor import LexborHTMLParser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from furniture_web import (  # noqa: E402
    FUNDUS,
    GOOSE3,
    MIRRORS,
    NEWSPAPER4K,
    TRAFILATURA,
    Page,
    cleaned_page,
    folded,
    found,
    fundus_pages,
    goose3_pages,
    newsclean_output,
    newspaper4k_pages,
    trafilatura_pages,
)

from newsclean.corpus.site_furniture import SiteFurniture  # noqa: E402
from newsclean.document import Document  # noqa: E402
from newsclean.furniture_rules import furniture_rules  # noqa: E402
from newsclean.furniture_shape import (  # noqa: E402
    ends_sentence,
    is_list_item,
    is_prose,
    is_teaser,
    paragraph_words,
)
from newsclean.page_links import page_links  # noqa: E402
from newsclean.settings import Settings  # noqa: E402
from newsclean.steps.extract import extract_html  # noqa: E402
from newsclean.steps.furniture import TITLE_RULE, title_keys  # noqa: E402
from newsclean.textnorm import comparison_key  # noqa: E402

READABILITY = "mozilla+readability/repo"
CACHE = Path("/tmp/newsclean-line-model")  # the cleaned pages' lines, to refit without cleaning
FOLDS = 5
TITLE_RULES = {TITLE_RULE, "title"}
FURNITURE_STEPS = ("furniture", "site_furniture")
COMMON_WORDS = 30  # the page's most common prose words stand for its function words
MAX_DISTANCE = 10
FEATURES = (
    "bias", "log_words", "log_chars", "letter_share", "digit_share", "punct_share",
    "upper_share", "capitalised_words", "common_words", "ends_sentence", "ends_colon",
    "is_teaser", "is_list_item", "is_table_row", "has_separator", "in_head", "in_tail",
    "lines_to_prose", "prose_before", "prose_after", "relative_position", "previous_prose",
    "next_prose", "link_share", "link_unknown", "is_heading", "whole_link",
    "neighbour_link_share",
)  # fmt: skip
# with --container: where the line's element sits against the element holding the prose
CONTAINER_FEATURES = ("node_found", "inside_prose_container", "steps_to_container")
_SEPARATORS = re.compile(r"[|»›>•·/]")


@dataclass
class Lines:
    """One page's judged lines: features, labels (1 boilerplate, 0 article, -1 unknown),
    whether the model may take each, and newsclean's output to score."""

    page: Page
    lines: list[str]
    indexes: list[int]
    features: np.ndarray
    labels: np.ndarray
    removable: np.ndarray
    output: str


# --- pages ----------------------------------------------------------------------------


def readability_pages(repo: Path) -> list[tuple[Page, str]]:
    git = ["git", "--git-dir", str(repo)]
    names = subprocess.run(
        [*git, "ls-tree", "-r", "--name-only", "HEAD", "test/test-pages"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split()
    pages = []
    for path in sorted(p for p in names if p.endswith("/source.html")):
        folder = path.removesuffix("/source.html")
        if f"{folder}/expected.html" not in names:
            continue
        source, expected = (
            subprocess.run([*git, "show", f"HEAD:{p}"], capture_output=True, check=True).stdout
            for p in (path, f"{folder}/expected.html")
        )
        body = LexborHTMLParser(expected.decode("utf-8", "replace")).body
        page = Page(
            id="readability/" + folder.rsplit("/", 1)[1],
            url="http://fakehost/",
            html=source.decode("utf-8", "replace"),
            with_snippets=(),
            without_snippets=(),
            fixed_split="readability",
        )
        pages.append((page, folded(body.text(separator="\n") if body is not None else "")))
    return pages


def bench_pages(mirrors: Path, split: str) -> list[tuple[Page, str | None]]:
    readers: tuple[tuple[str, Callable], ...] = (
        ((FUNDUS, fundus_pages),)
        if split == "fundus"
        else (
            (TRAFILATURA, trafilatura_pages),
            (NEWSPAPER4K, newspaper4k_pages),
            (GOOSE3, goose3_pages),
        )
    )
    pages = []
    for name, reader in readers:
        if not (mirrors / name).is_dir():
            print(f"no clone at {mirrors / name}: its pages are left out")
            continue
        for page in reader(mirrors / name):
            if page.split == split:
                # newspaper4k's expected text is the whole article: it labels every line
                full = split == "dev" and page.id.startswith("newspaper4k/")
                pages.append((page, folded("\n".join(page.with_snippets)) if full else None))
    return pages


# --- lines and their features -----------------------------------------------------------


def clean(job: tuple[Page, Settings]) -> tuple[Document, list[str]]:
    """The page through the cleaning stage, and its lines after the extract step."""
    page, settings = job
    extracted: list[str] = []

    def keep_extracted(step: Callable[..., Document], doc: Document) -> None:
        if step is extract_html and not doc.dropped:
            extracted[:] = doc.body.split("\n")

    return cleaned_page(page, settings, keep_extracted), extracted


def page_lines(
    page: Page, gold: str | None, doc: Document, lines: list[str], container: bool = False
) -> Lines:
    output = newsclean_output(doc)
    left = {comparison_key(line) for line in output.split("\n")}
    taken = {
        comparison_key(r.text)
        for r in doc.removals
        if r.step in FURNITURE_STEPS and r.rule not in TITLE_RULES
    }
    titles = title_keys(doc.title)
    rules = furniture_rules()
    max_prefix_words = Settings().furniture.max_prefix_words
    keys = [comparison_key(line) for line in lines]
    indexes = []
    if output and any(map(is_prose, lines)):
        indexes = [
            i
            for i, line in enumerate(lines)
            if keys[i] and keys[i] not in titles and not is_prose(line)
        ]
    labels, removable = [], []
    for i in indexes:
        kept = keys[i] in left
        removable.append(kept and not rules.matching(lines[i], keys[i], max_prefix_words))
        labels.append(line_label(keys[i], page, gold) if kept else 1 if keys[i] in taken else -1)
    return Lines(
        page,
        lines,
        indexes,
        line_features(lines, page.html, indexes, container),
        np.array(labels, dtype=int),
        np.array(removable, dtype=bool),
        output,
    )


def line_label(key: str, page: Page, gold: str | None) -> int:
    padded = f" {key} "
    if gold is not None:
        if padded in gold:
            return 0
        # an expected text may write a line otherwise (references, spaces): a line sharing
        # a word trigram with it is not known to be boilerplate
        words = key.split()
        grams = {" ".join(words[i : i + 3]) for i in range(max(len(words) - 2, 1))}
        return -1 if any(f" {g} " in gold for g in grams) else 1
    boilerplate = any(_overlaps(padded, folded(s)) for s in page.without_snippets)
    article = any(_overlaps(padded, folded(s)) for s in page.with_snippets)
    return -1 if boilerplate == article else int(boilerplate)


def _overlaps(line: str, snippet: str) -> bool:
    return snippet != "  " and (snippet in line or (len(line) > 4 and line in snippet))


def line_features(
    lines: list[str], html: str, indexes: list[int], container: bool = False
) -> np.ndarray:
    """One row of FEATURES (and CONTAINER_FEATURES) for each line of `indexes`."""
    if not indexes:
        return np.zeros((0, len(FEATURES) + len(CONTAINER_FEATURES) * container))
    prose = [is_prose(line) for line in lines]
    prose_at = [i for i, p in enumerate(prose) if p]
    before = np.cumsum([0, *prose])  # before[i]: prose lines above line i
    counts = Counter(
        w.casefold() for line in lines if is_prose(line) for w in paragraph_words(line)
    )
    common = {w for w, _ in counts.most_common(COMMON_WORDS)}
    tree = LexborHTMLParser(html)
    blocks = page_links(tree)
    link_texts = {comparison_key(a.text(deep=True)) for a in tree.css("a[href]")} - {""}
    keys = [comparison_key(line) for line in lines]
    n = len(lines)
    placed = _prose_container(tree, keys, prose) if container else {}
    rows = []
    for i in indexes:
        line = lines[i]
        chars = max(len(line), 1)
        letters = sum(c.isalpha() for c in line)
        words = paragraph_words(line)
        alphabetic = [w for w in words if w[:1].isalpha()]
        block = blocks.get(keys[i])
        neighbours = [blocks.get(keys[j]) for j in (i - 1, i + 1) if 0 <= j < n]
        distance = min(abs(i - j) for j in prose_at)
        rows.append(
            [
                1.0,
                math.log1p(len(words)),
                math.log1p(len(line)),
                letters / chars,
                sum(c.isdigit() for c in line) / chars,
                sum(not c.isalnum() and not c.isspace() for c in line) / chars,
                sum(c.isupper() for c in line) / max(letters, 1),
                sum(w[:1].isupper() for w in alphabetic) / max(len(alphabetic), 1),
                sum(w.casefold() in common for w in words) / max(len(words), 1),
                float(ends_sentence(line)),
                float(line.rstrip().endswith(":")),
                float(is_teaser(line)),
                float(is_list_item(line)),
                float("|" in line),
                float(bool(_SEPARATORS.search(line))),
                float(i < prose_at[0]),
                float(i > prose_at[-1]),
                min(distance, MAX_DISTANCE) / MAX_DISTANCE,
                math.log1p(before[i]),
                math.log1p(before[n] - before[i + 1]),
                i / max(n - 1, 1),
                float(i > 0 and prose[i - 1]),
                float(i + 1 < n and prose[i + 1]),
                block.share if block is not None else 0.0,
                float(block is None),
                float(block is not None and block.heading),
                float(keys[i] in link_texts),
                max((b.share for b in neighbours if b is not None), default=0.0),
                *(placed.get(keys[i], (0.0, 0.0, 1.0)) if container else ()),
            ]
        )
    return np.array(rows, dtype=float)


# elements whose text may be one extracted line
_LINE_TAGS = frozenset(
    {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption",
     "blockquote", "a", "span", "strong", "b", "em", "div", "section", "label", "time",
     "small", "pre", "header", "footer", "aside", "nav", "article", "main"}
)  # fmt: skip
MAX_LINE_CHARS = 3000


def _prose_container(
    tree: LexborHTMLParser, keys: list[str], prose: list[bool]
) -> dict[str, tuple[float, float, float]]:
    """For each line found as an element's whole text: found, whether it sits inside the
    innermost element holding most of the article's prose lines, and the steps from it up
    to that element (capped, a share of MAX_DISTANCE)."""
    wanted = set(keys)
    nodes: dict[str, list[int]] = {}  # key: the element's ancestors' ids, itself first
    if tree.body is None:
        return {}
    for node in tree.body.traverse():
        if node.tag not in _LINE_TAGS:
            continue
        text = node.text(deep=True)
        if len(text) > MAX_LINE_CHARS:
            continue
        key = comparison_key(text)
        if key in wanted and key not in nodes:
            chain, up = [], node
            while up is not None:
                chain.append(up.mem_id)
                up = up.parent
            nodes[key] = chain
    prose_chains = [nodes[k] for k, p in zip(keys, prose, strict=True) if p and k in nodes]
    if not prose_chains:
        return {k: (1.0, 0.0, 1.0) for k in nodes}
    counts = Counter(a for chain in prose_chains for a in set(chain))
    need = 0.6 * len(prose_chains)
    # the innermost ancestor holding enough prose: the first of a prose chain's ancestors
    container = next(
        (a for chain in prose_chains for a in chain if counts[a] >= need), prose_chains[0][-1]
    )
    placed = {}
    for key, chain in nodes.items():
        inside = container in chain
        steps = chain.index(container) if inside else MAX_DISTANCE
        placed[key] = (1.0, float(inside), min(steps, MAX_DISTANCE) / MAX_DISTANCE)
    return placed


def gather(
    pool: Pool, pages: list[tuple[Page, str | None]], name: str, container: bool
) -> list[Lines]:
    """The pages' lines, cleaned once (cached under CACHE by the pages' ids)."""
    digest = hashlib.sha1("".join(p.id for p, _ in pages).encode()).hexdigest()[:12]
    cache = CACHE / f"{name}{'-container' * container}-{digest}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    settings = Settings()
    docs = pool.map(clean, [(p, settings) for p, _ in pages], chunksize=4)
    furniture = SiteFurniture()
    live = [d for d, _ in docs if not (d.dropped or d.error)]
    decision = furniture.decide(
        {d.id: furniture.collect(d, settings) for d in live}, None, settings
    )
    found_lines = []
    for (page, gold), (doc, lines) in zip(pages, docs, strict=True):
        if not (doc.dropped or doc.error):
            doc = furniture.apply(doc, decision, settings)
        found_lines.append(page_lines(page, gold, doc, lines, container))
    CACHE.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps(found_lines))
    return found_lines


# --- models -------------------------------------------------------------------------------

Model = Callable[[np.ndarray], np.ndarray]


def fit_logistic(x: np.ndarray, y: np.ndarray, weights: np.ndarray, l2: float = 10.0) -> Model:
    """Ridge logistic regression by Newton's method, on standardised features."""
    means, scales = x.mean(axis=0), x.std(axis=0)
    means[0], scales[0] = 0.0, 1.0  # the bias column
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    beta = np.zeros(z.shape[1])
    penalty = np.diag(np.r_[0.0, np.full(z.shape[1] - 1, l2)])
    for _ in range(50):
        p = 1 / (1 + np.exp(-(z @ beta)))
        gradient = z.T @ (weights * (p - y)) + penalty @ beta
        hessian = (z * (weights * p * (1 - p))[:, None]).T @ z + penalty + 1e-9 * np.eye(len(beta))
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return lambda rows: 1 / (1 + np.exp(-(((rows - means) / scales) @ beta)))


def fit_trees(
    x: np.ndarray, y: np.ndarray, weights: np.ndarray, rounds: int = 100, rate: float = 0.1
) -> Model:
    """Gradient-boosted trees of depth 2 on 16 quantile bins a feature (logistic loss)."""
    edges = [np.unique(np.quantile(col, np.linspace(0, 1, 17)[1:-1])) for col in x.T]

    def binned(rows: np.ndarray) -> np.ndarray:
        return np.stack(
            [np.searchsorted(e, rows[:, j], side="right") for j, e in enumerate(edges)], 1
        )

    bins = binned(x)
    base = math.log((weights * y).sum() / (weights * (1 - y)).sum())
    score = np.full(len(y), base)
    trees = []
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-score))
        g, h = weights * (p - y), weights * p * (1 - p)
        leaves = [(np.arange(len(y)), ())]
        for _depth in range(2):
            leaves = [part for leaf in leaves for part in _split(bins, g, h, *leaf)]
        tree = []
        for rows, path in leaves:
            value = -rate * g[rows].sum() / (h[rows].sum() + 5.0)
            score[rows] += value
            tree.append((path, value))
        trees.append(tree)

    def predict(rows: np.ndarray) -> np.ndarray:
        b = binned(rows)
        out = np.full(len(rows), base)
        for tree in trees:
            for path, value in tree:
                inside = np.ones(len(rows), dtype=bool)
                for j, k, left in path:
                    inside &= (b[:, j] <= k) if left else (b[:, j] > k)
                out[inside] += value
        return 1 / (1 + np.exp(-out))

    return predict


def _split(bins: np.ndarray, g: np.ndarray, h: np.ndarray, rows: np.ndarray, path: tuple):
    total_g, total_h, best = g[rows].sum(), h[rows].sum(), (0.0, -1, -1)
    for j in range(bins.shape[1]):
        left_g = np.cumsum(np.bincount(bins[rows, j], g[rows], 17))[:-1]
        left_h = np.cumsum(np.bincount(bins[rows, j], h[rows], 17))[:-1]
        right_g, right_h = total_g - left_g, total_h - left_h
        gain = left_g**2 / (left_h + 5) + right_g**2 / (right_h + 5) - total_g**2 / (total_h + 5)
        gain[(left_h < 1) | (right_h < 1)] = -1
        k = int(np.argmax(gain))
        if gain[k] > best[0]:
            best = (gain[k], j, k)
    if best[1] < 0:
        return [(rows, path)]
    _, j, k = best
    left = bins[rows, j] <= k
    return [(rows[left], (*path, (j, k, True))), (rows[~left], (*path, (j, k, False)))]


MODELS: dict[str, Callable[..., Model]] = {"logistic": fit_logistic, "trees": fit_trees}


def training_rows(pages: list[Lines], per_page: bool) -> tuple[np.ndarray, ...]:
    """Labelled rows, their labels and weights (each page alike, or each line)."""
    xs, ys, ws = [], [], []
    for p in pages:
        known = p.labels >= 0
        if known.any():
            xs.append(p.features[known])
            ys.append(p.labels[known].astype(float))
            ws.append(np.full(known.sum(), 1 / known.sum() if per_page else 1.0))
    w = np.concatenate(ws)
    return np.vstack(xs), np.concatenate(ys), w / w.mean()


def fold_of(page: Page) -> int:
    return hashlib.sha1(page.id.encode()).digest()[1] % FOLDS


def out_of_fold(train: list[Lines], fit: Callable[..., Model], per_page: bool) -> list[np.ndarray]:
    scores = [np.zeros(len(p.indexes)) for p in train]
    for fold in range(FOLDS):
        model = fit(*training_rows([p for p in train if fold_of(p.page) != fold], per_page))
        for k, p in enumerate(train):
            if fold_of(p.page) == fold and p.indexes:
                scores[k] = model(p.features)
    return scores


# --- figures ------------------------------------------------------------------------------


def tally(pages: list[Lines], scores: list[np.ndarray], threshold: float) -> tuple[int, int, int]:
    """Boilerplate snippets absent, article snippets kept and lines taken, with the lines
    the model may take that score over the threshold taken out of newsclean's output."""
    absent = kept = taken = 0
    for p, s in zip(pages, scores, strict=True):
        removed = {
            comparison_key(p.lines[i])
            for i, score, ok in zip(p.indexes, s, p.removable, strict=True)
            if ok and score > threshold
        }
        taken += len(removed)
        text = "\n".join(
            line for line in p.output.split("\n") if comparison_key(line) not in removed
        )
        key = folded(text)
        absent += sum(not found(s, key) for s in p.page.without_snippets)
        kept += sum(found(s, key) for s in p.page.with_snippets)
    return absent, kept, taken


def reachable(pages: list[Lines]) -> tuple[int, int]:
    """Boilerplate snippets left in newsclean's output, and of them those inside a line the
    model may take: all a line judge could gain."""
    left = inside = 0
    for p in pages:
        key = folded(p.output)
        lines = [folded(p.lines[i]) for i, ok in zip(p.indexes, p.removable, strict=True) if ok]
        for snippet in p.page.without_snippets:
            if found(snippet, key):
                left += 1
                inside += any(_overlaps(line, folded(snippet)) for line in lines)
    return left, inside


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    ranks = np.empty(len(scores))
    ranks[np.argsort(scores, kind="stable")] = np.arange(len(scores))
    positive = labels == 1
    n, m = positive.sum(), (~positive).sum()
    return float((ranks[positive].sum() - n * (n - 1) / 2) / (n * m)) if n and m else float("nan")


def no_loss_threshold(dev: list[Lines], scores: list[np.ndarray]) -> float:
    """The lowest threshold (in steps of 0.02 from 0.98 down) at which, and above which, no
    article snippet of the dev half is lost."""
    kept = tally(dev, scores, 2.0)[1]
    best = 1.0
    for threshold in np.arange(0.98, 0.0, -0.02):
        if tally(dev, scores, threshold)[1] < kept:
            break
        best = float(threshold)
    return best


def print_figures(
    label: str, pages: list[Lines], scores: list[np.ndarray], threshold: float
) -> None:
    without = sum(len(p.page.without_snippets) for p in pages)
    with_ = sum(len(p.page.with_snippets) for p in pages)
    (a0, k0, _), (a1, k1, taken) = tally(pages, scores, 2.0), tally(pages, scores, threshold)
    print(
        f"  {label}: threshold {threshold:.2f}, boilerplate absent {a0 / max(without, 1):.1%} → "
        f"{a1 / max(without, 1):.1%} ({a1 - a0:+d} of {without}), article kept "
        f"{k0 / max(with_, 1):.1%} → {k1 / max(with_, 1):.1%} ({k1 - k0:+d} of {with_}), "
        f"lines taken {taken}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirrors", type=Path, default=MIRRORS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--measure", choices=("held-out", "fundus"))
    parser.add_argument(
        "--container", action="store_true", help="add where each line sits against the prose"
    )
    args = parser.parse_args()
    print(
        "command:", shlex.join([".venv/bin/python", "bench/furniture_line_model.py", *sys.argv[1:]])
    )
    with Pool(args.workers) as pool:
        dev = gather(pool, bench_pages(args.mirrors, "dev"), "dev", args.container)
        other: list[Lines] = []
        if (args.mirrors / READABILITY).is_dir():
            other = gather(
                pool, readability_pages(args.mirrors / READABILITY), "readability", args.container
            )
        else:
            print(f"no clone at {args.mirrors / READABILITY}: its pages are left out")
        measured = (
            gather(pool, bench_pages(args.mirrors, args.measure), args.measure, args.container)
            if args.measure
            else []
        )
    train = dev + other
    y = np.concatenate([p.labels[p.labels >= 0] for p in train])
    removable = np.concatenate([p.labels[(p.labels >= 0) & p.removable] for p in train])
    print(
        f"training lines: {len(y)} labelled ({int(y.sum())} boilerplate) of {len(train)} pages; "
        f"of them the model may take {len(removable)} ({int(removable.sum())} boilerplate)"
    )
    for label, pages in (("dev half", dev), (args.measure, measured)):
        if pages:
            left, inside = reachable(pages)
            print(
                f"{label}: boilerplate snippets left {left}, of them in a line the model may "
                f"take {inside}"
            )
    for name, fit in MODELS.items():
        for per_page in (False, True):
            label = f"{name}, {'each page alike' if per_page else 'each line alike'}"
            scores = out_of_fold(train, fit, per_page)
            known = [(p.labels >= 0) & p.removable for p in train]
            all_auc = auc(
                np.concatenate([s[k] for s, k in zip(scores, known, strict=True)]), removable
            )
            dev_known = known[: len(dev)]
            dev_auc = auc(
                np.concatenate([s[k] for s, k in zip(scores[: len(dev)], dev_known, strict=True)]),
                np.concatenate([p.labels[k] for p, k in zip(dev, dev_known, strict=True)]),
            )
            print(
                f"{label}: cross-validated AUC on the lines it may take {all_auc:.3f} "
                f"(dev half {dev_auc:.3f})"
            )
            threshold = no_loss_threshold(dev, scores[: len(dev)])
            print_figures("dev half, cross-validated", dev, scores[: len(dev)], threshold)
            print_figures("dev half, cross-validated, threshold 0.5", dev, scores[: len(dev)], 0.5)
            if measured:
                model = fit(*training_rows(train, per_page))
                measured_scores = [
                    model(p.features) if p.indexes else np.zeros(0) for p in measured
                ]
                print_figures(args.measure, measured, measured_scores, threshold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
