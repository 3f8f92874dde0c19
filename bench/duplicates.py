"""Duplicate detection measured on real paragraphs with controlled edits.

Paragraphs are the gold main text of the dev article pages (../shared/data/wcxb-dev-articles).
Copies carry small edits (up to ~10% of words: substitutions, deletions, insertions, a mix;
reordered sentences; a truncated tail); negatives are distinct paragraphs of the same article
(same topic) and pairs sharing a long quotation but adding different sentences.

1. paragraphs in one document: the decision of `drop_repeats` (`repeat_match`), pair by pair;
2. paragraphs at corpus scale: the MinHash / LSH / union-find functions of the corpus step;
3. documents: the `DuplicateDocuments` step itself on articles and edited reprints;
4. cost of (2) for 10k, 100k and 1M paragraphs (1M built from the real vocabulary), each
   measured in a fresh process for its peak memory.

Run: .venv/bin/python bench/duplicates.py [--max 100000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import random
import re
import shlex
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from newsclean.corpus.duplicates import DuplicateDocuments
from newsclean.dedup.lsh import band_layout, components, similar_pairs
from newsclean.dedup.minhash import MinHasher
from newsclean.dedup.paragraphs import ParagraphWords
from newsclean.document import Document, Paragraph, Source
from newsclean.settings import Settings
from newsclean.steps.repeats import repeat_match
from newsclean.textnorm import words

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "wcxb-dev-articles"
# Paragraph-scale MinHash parameters: paragraphs are short, so word pairs (not the documents'
# word triples) and a lower threshold keep small edits above it (see the figures).
PARAGRAPH_SHINGLES = 2
PARAGRAPH_THRESHOLD = 0.5
MAX_EDIT_SHARE = 0.10
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load_articles() -> list[list[str]]:
    articles = []
    for path in sorted((DATA / "ground-truth").glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        lines = [line.strip() for line in (truth.get("main_content") or "").split("\n")]
        articles.append([line for line in lines if words(line)])
    return articles


# --- edits ---------------------------------------------------------------------------------


def edit_words(text: str, rng: random.Random, vocabulary: list[str], kind: str) -> str:
    tokens = text.split()
    count = max(1, int(len(tokens) * MAX_EDIT_SHARE * rng.uniform(0.3, 1.0)))
    for _ in range(count):
        op = rng.choice("sdi") if kind == "mixed" else kind[0]
        i = rng.randrange(len(tokens))
        if op == "s":
            tokens[i] = rng.choice(vocabulary)
        elif op == "d" and len(tokens) > 2:
            del tokens[i]
        else:
            tokens.insert(i, rng.choice(vocabulary))
    return " ".join(tokens)


def reorder_sentences(text: str, rng: random.Random) -> str | None:
    sentences = SENTENCE.split(text)
    if len(sentences) < 2:
        return None
    shuffled = sentences[:]
    while shuffled == sentences:
        rng.shuffle(shuffled)
    return " ".join(shuffled)


def truncate(text: str, rng: random.Random) -> str:
    tokens = text.split()
    cut = max(1, int(len(tokens) * MAX_EDIT_SHARE * rng.uniform(0.3, 1.0)))
    return " ".join(tokens[:-cut])


EDITS = ("substitution", "deletion", "insertion", "mixed", "reorder", "truncation")


def edited_copy(text: str, kind: str, rng: random.Random, vocabulary: list[str]) -> str | None:
    if kind == "reorder":
        return reorder_sentences(text, rng)
    if kind == "truncation":
        return truncate(text, rng)
    return edit_words(text, rng, vocabulary, kind)


# --- 1. paragraphs in one document ---------------------------------------------------------


def bench_in_document(articles, vocabulary, settings, rng, sample: int) -> None:
    config = settings.duplicates
    pool = [
        (a, p)
        for a, paragraphs in enumerate(articles)
        for p in dict.fromkeys(paragraphs)
        if len(words(p)) * (1 - MAX_EDIT_SHARE) >= config.min_near_words
    ]
    originals = rng.sample(pool, min(sample, len(pool)))
    print(
        f"\n1. paragraphs in one document (repeat_match), {len(originals)} originals of at "
        f"least {config.min_near_words / (1 - MAX_EDIT_SHARE):.0f} words (shorter lines are "
        "only ever exact repeats)"
    )
    print(f"   {'edit':<14}{'pairs':>7}{'recall':>9}")
    found_all = total_all = found_kept = total_kept = 0
    for kind in EDITS:
        found = total = 0
        for _, text in originals:
            copy = edited_copy(text, kind, rng, vocabulary)
            if copy is None:
                continue
            original, edited = ParagraphWords.of(text), ParagraphWords.of(copy)
            match = repeat_match(original, edited, config) is not None
            total += 1
            found += match
            # what a repeat is by design: a copy of prose with the same numbers and names
            if original.facts == edited.facts and (original.prose or edited.prose):
                total_kept += 1
                found_kept += match
        found_all += found
        total_all += total
        print(f"   {kind:<14}{total:>7}{found / total:>9.4f}")
    print(f"   {'all edits':<14}{total_all:>7}{found_all / total_all:>9.4f}")
    print(
        f"   copies of prose keeping their numbers and names: {total_kept}, recall "
        f"{found_kept / total_kept:.4f}"
    )

    # same-topic negatives: every pair of distinct paragraphs within an article
    forms = [[ParagraphWords.of(p) for p in dict.fromkeys(ps)] for ps in articles]
    negatives = merged = 0
    examples = []
    for article in forms:
        for a, b in itertools.combinations(article, 2):
            negatives += 1
            if a.key != b.key and repeat_match(a, b, config):
                merged += 1
                examples.append((" ".join(a.words)[:70], " ".join(b.words)[:70]))
    quoted = quoted_merged = 0
    for article in articles:
        long_ones = [p for p in dict.fromkeys(article) if len(words(p)) >= 30]
        others = [s for p in article for s in SENTENCE.split(p) if 8 <= len(words(s)) <= 20]
        for quotation in long_ones[:3]:
            if len(others) < 2:
                break
            first, second = rng.sample(others, 2)
            quoted += 1
            a = ParagraphWords.of(f"{quotation} {first}")
            b = ParagraphWords.of(f"{quotation} {second}")
            quoted_merged += repeat_match(a, b, config) is not None
    fp_rate = merged / negatives
    print(
        f"   same-topic pairs (distinct paragraphs of one article): {negatives}, "
        f"merged {merged} (rate {fp_rate:.2e})"
    )
    print(f"   shared quotation + different sentence: {quoted}, merged {quoted_merged}")
    print(
        f"   precision (one edited copy per original against all same-article pairs): "
        f"{found_all / (found_all + merged):.4f}"
    )
    for a, b in examples[:5]:
        print(f"     merged: {a!r}\n          ~ {b!r}")


# --- 2. paragraphs at corpus scale ---------------------------------------------------------


def detect(texts: list[list[str]], num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The corpus step's machinery on paragraphs: signatures, LSH pairs, components."""
    signatures = MinHasher(num_perm, seed, PARAGRAPH_SHINGLES).signatures(texts)
    bands, rows = band_layout(PARAGRAPH_THRESHOLD, num_perm)
    pairs, _ = similar_pairs(signatures, PARAGRAPH_THRESHOLD, bands, rows)
    return pairs, components(len(texts), pairs)


def bench_corpus_paragraphs(articles, vocabulary, settings, rng) -> None:
    config = settings.duplicates
    seen: set[str] = set()
    originals: list[tuple[int, str]] = []
    for a, paragraphs in enumerate(articles):
        for p in paragraphs:
            key = " ".join(words(p))
            if len(key.split()) >= config.min_near_words and key not in seen:
                seen.add(key)
                originals.append((a, p))
    texts = [words(p) for _, p in originals]
    copy_of: dict[int, tuple[int, str]] = {}
    for i in rng.sample(range(len(originals)), len(originals) // 2):
        kind = rng.choice(EDITS)
        copy = edited_copy(originals[i][1], kind, rng, vocabulary)
        if copy is not None:
            copy_of[len(texts)] = (i, kind)
            texts.append(words(copy))
    pairs, _ = detect(texts, config.num_perm, config.minhash_seed)
    found = {tuple(p) for p in pairs.tolist()}
    true = {(orig, c) for c, (orig, _) in copy_of.items()}
    hits = found & true
    article = [a for a, _ in originals]
    same_topic = sum(
        1
        for i, j in found - true
        if i < len(originals) and j < len(originals) and article[i] == article[j]
    )
    other = len(found - true) - same_topic
    natural = sum(_jaccard(texts[i], texts[j]) >= PARAGRAPH_THRESHOLD for i, j in found - true)
    print(
        f"\n2. paragraphs at corpus scale (MinHash {config.num_perm} perms, "
        f"{PARAGRAPH_SHINGLES}-word shingles, LSH threshold {PARAGRAPH_THRESHOLD}):"
        f" {len(originals)} distinct paragraphs + {len(copy_of)} edited copies"
    )
    print(f"   {'edit':<14}{'copies':>7}{'recall':>9}")
    for kind in EDITS:
        members = [(o, c) for c, (o, k) in copy_of.items() if k == kind]
        recall = sum(m in found for m in members) / len(members)
        print(f"   {kind:<14}{len(members):>7}{recall:>9.4f}")
    print(f"   {'all edits':<14}{len(true):>7}{len(hits) / len(true):>9.4f}")
    print(
        f"   pairs reported {len(found)}: precision {len(hits) / len(found):.4f} against the "
        f"planted copies; other pairs: {same_topic} within one article, {other} across articles,"
        f" of which {natural} are near-duplicates in the source text itself (exact shingle "
        f"Jaccard >= {PARAGRAPH_THRESHOLD}); precision counting those as right: "
        f"{(len(hits) + natural) / len(found):.4f}"
    )


def _jaccard(first: list[str], second: list[str]) -> float:
    def shingles(text: list[str]) -> set[tuple[str, ...]]:
        k = min(PARAGRAPH_SHINGLES, len(text))
        return {tuple(text[i : i + k]) for i in range(len(text) - k + 1)}

    a, b = shingles(first), shingles(second)
    return len(a & b) / len(a | b)


# --- 3. documents --------------------------------------------------------------------------


def bench_documents(articles, vocabulary, settings, rng) -> None:
    step = DuplicateDocuments()
    docs: list[Document] = []
    truth: dict[str, str] = {}

    def document(doc_id: str, paragraphs: list[str]) -> Document:
        return Document(
            id=doc_id,
            source=Source(path=doc_id, sha256="", format="text"),
            published="2024-01-01T00:00:00+00:00" if doc_id.startswith("a") else None,
            paragraphs=[Paragraph(p) for p in paragraphs],
        )

    usable = [(i, a) for i, a in enumerate(articles) if len(words(" ".join(a))) >= 100]
    for i, paragraphs in usable:
        docs.append(document(f"a{i:04d}", paragraphs))
    kinds = ("words", "reorder", "truncation", "exact")
    for n, (i, paragraphs) in enumerate(rng.sample(usable, len(usable) // 2)):
        kind = kinds[n % len(kinds)]
        if kind == "words":
            copy = [edit_words(p, rng, vocabulary, "mixed") for p in paragraphs]
        elif kind == "reorder":
            copy = [reorder_sentences(p, rng) or p for p in paragraphs]
        elif kind == "truncation":
            copy = paragraphs[: max(1, int(len(paragraphs) * (1 - MAX_EDIT_SHARE)))]
        else:
            copy = [p.upper() for p in paragraphs]
        copy_id = f"c{i:04d}"
        docs.append(document(copy_id, copy))
        truth[copy_id] = f"a{i:04d}"
    facts = {doc.id: step.collect(doc, settings) for doc in docs}
    decision = step.decide(facts, None, settings)
    found = {m: decision.canonical_of[m] for m in decision.duplicates}
    hits = sum(found.get(c) == a for c, a in truth.items())
    print(
        f"\n3. documents (DuplicateDocuments, {settings.duplicates.shingle_words}-word shingles, "
        f"threshold {settings.duplicates.document_threshold}): {len(usable)} articles + "
        f"{len(truth)} copies"
    )
    for kind in kinds:
        members = [c for n, c in enumerate(truth) if kinds[n % len(kinds)] == kind]
        recall = sum(found.get(c) == truth[c] for c in members) / len(members)
        print(f"   {kind:<14}{len(members):>7} recall {recall:.4f}")
    print(
        f"   duplicates reported {len(found)}: precision {hits / max(len(found), 1):.4f}, "
        f"recall {hits / len(truth):.4f}"
    )
    for member, canonical in sorted(found.items()):
        if truth.get(member) != canonical:
            print(f"   reported but not planted: {member} ~ {canonical}")
    sims = [m.similarity for m in decision.duplicates.values() if m.rule == "near-document"]
    if sims:
        print(
            f"   estimated Jaccard of near copies: min {min(sims):.3f}, "
            f"median {np.median(sims):.3f}"
        )


# --- 4. cost -------------------------------------------------------------------------------


def synthetic_paragraphs(count: int, real: list[list[str]], seed: int) -> list[list[str]]:
    """Real paragraphs first, then paragraphs of real lengths drawn from the real vocabulary
    (word frequencies kept), 10% of them edited copies of earlier ones."""
    rng = np.random.default_rng(seed)
    out = [list(p) for p in real[:count]]
    vocabulary, counts = np.unique(np.concatenate([np.array(p) for p in real]), return_counts=True)
    cumulative = np.cumsum(counts) / counts.sum()
    lengths = np.array([len(p) for p in real])
    while len(out) < count:
        if out and rng.random() < 0.1:
            source = list(out[rng.integers(len(out))])
            source[rng.integers(len(source))] = str(vocabulary[rng.integers(len(vocabulary))])
            out.append(source)
        else:
            drawn = np.searchsorted(cumulative, rng.random(int(rng.choice(lengths))))
            out.append(vocabulary[drawn].tolist())
    return out


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure_cost(count: int, real: list[list[str]], queue) -> None:
    texts = synthetic_paragraphs(count, real, seed=count)
    settings = Settings().duplicates
    before = _rss_mb()
    peak = [before]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample)
    sampler.start()
    start = time.perf_counter()
    pairs, _ = detect(texts, settings.num_perm, settings.minhash_seed)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    input_mb = sum(sys.getsizeof(t) + sum(map(sys.getsizeof, t)) for t in texts) / 2**20
    queue.put((count, elapsed, max(peak[0], _rss_mb()) - before, input_mb, len(pairs)))


def bench_cost(articles, sizes: list[int]) -> None:
    real = [w for a in articles for p in a if len(w := words(p)) >= 1]
    print(
        f"\n4. cost of signatures + LSH + clusters (synthetic beyond {len(real)} real paragraphs)"
    )
    print("   (peak MB: resident memory the detection adds on top of the loaded paragraphs)")
    print(
        f"   {'paragraphs':>10}{'seconds':>9}{'us/para':>9}{'peak MB':>9}"
        f"{'input MB':>9}{'pairs':>9}"
    )
    context = multiprocessing.get_context("fork")
    for size in sizes:
        queue = context.Queue()
        process = context.Process(target=measure_cost, args=(size, real, queue))
        process.start()
        count, elapsed, grown, input_mb, pairs = queue.get()
        process.join()
        print(
            f"   {count:>10}{elapsed:>9.1f}{elapsed / count * 1e6:>9.1f}{grown:>9.0f}"
            f"{input_mb:>9.0f}{pairs:>9}"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=1_000_000, help="largest cost size")
    parser.add_argument("--sample", type=int, default=3000, help="originals in part 1")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print("command: .venv/bin/python bench/duplicates.py " + shlex.join(argv))
    if not (DATA / "ground-truth").is_dir():
        print(f"no development data at {DATA}: nothing to measure")
        return 0
    articles = load_articles()
    vocabulary = [w for a in articles for p in a for w in p.split()]
    print(f"{len(articles)} articles, {sum(map(len, articles))} paragraphs")
    settings = Settings()
    stages: list[Callable[[], None]] = [
        lambda: bench_in_document(
            articles, vocabulary, settings, random.Random(args.seed), args.sample
        ),
        lambda: bench_corpus_paragraphs(articles, vocabulary, settings, random.Random(args.seed)),
        lambda: bench_documents(articles, vocabulary, settings, random.Random(args.seed)),
        lambda: bench_cost(articles, [s for s in (10_000, 100_000, 1_000_000) if s <= args.max]),
    ]
    for stage in stages:
        start = time.perf_counter()
        stage()
        print(f"   ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
