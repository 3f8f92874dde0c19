"""Name matching measured on aligned Wikidata person-name tokens
(../shared/data/names-dev/wikidata_en_ru_train.tsv: latin, Cyrillic letters separated by
spaces, frequency).

Each Cyrillic token and its Latin spellings are one name. Positive pairs: the Cyrillic
token with each of its Latin spellings, and every two Latin spellings of it. Negative pairs,
one of each kind per positive: the first form with a form of a random other name, and with
a similar-looking form of another name (same first three letters, length within 2, same
script). Names sharing a Latin spelling are never drawn as each other's negatives.

Pairs are judged by `newsclean.names.keys.same_name` (what NameVariants groups names the
corpus supports on: one transliteration key, else shared phonetic keys under the
transcription conventions of `rules/name_phonetics.tsv`), by `joinable` without support (two
spellings seen in one document each: no vowel slack, no short key), against the
transliteration key alone (`name_key`, the matcher before the phonetic keys) and plain
transliteration (anyascii, lowercase) with exact match.
The rules hold only general conventions; to show they do not fit this file, figures are
given for each half of the names (split by a hash of the Cyrillic token), each pair with
its negatives in the half of its name. Pairs of ordinary words, acronyms and brands that
look or sound alike (FAQs / Facts, Qlik / Click, ...) must never match: their count is
printed too.

Then false merges on general pages (the WCXB dev pages, ../shared/data/wcxb-dev-articles,
through the document steps, find_mentions and NameVariants over them all): name words whose
canonical form differs from their spelling, per 1,000 mentions, by kind: another script,
linked by the transliteration rules (one `name_key`), the same spelling but for accents, a
one-edit slip of a word frequent in the corpus (`likely_misspelling`: misspelling merges),
or none of these (no plausible transliteration: a false merge), with the most frequent of
the last two.

Run: .venv/bin/python bench/names.py [--no-pages]
"""

from __future__ import annotations

import random
import shlex
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

from anyascii import anyascii
from extraction import DATA as PAGES
from extraction import Page, load_pages, newsclean_document

from newsclean.corpus.variants import NameVariants, joinable, key_groups, name_words
from newsclean.document import Document
from newsclean.names.keys import likely_misspelling, name_key, plain_spelling, same_name
from newsclean.names.phonetic import is_cyrillic
from newsclean.settings import Settings
from newsclean.steps.names import find_mentions
from newsclean.steps.repeats import drop_repeats

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "names-dev" / "wikidata_en_ru_train.tsv"
# Words of general pages that sound or look alike and are no transliterations of each other.
UNRELATED_WORDS = [
    ("FAQs", "Facts"),
    ("CPAs", "Space"),
    ("Mark", "March"),
    ("Cigna", "China"),
    ("Zion", "John"),
    ("Qlik", "Click"),
    ("OpenAI", "Open"),
    ("Worth", "Fort"),
]


def load() -> dict[str, list[str]]:
    """Cyrillic token -> its Latin spellings."""
    names: dict[str, set[str]] = defaultdict(set)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        latin, cyrillic, _ = line.split("\t")
        names[cyrillic.replace(" ", "")].add(latin)
    return {c: sorted(ls) for c, ls in sorted(names.items())}


def half(cyrillic: str) -> int:
    return zlib.crc32(cyrillic.encode("utf-8")) % 2


def build_pairs(names: dict[str, list[str]]) -> tuple[list, list, list]:
    """Positive, random negative and similar negative pairs, each pair as (a, b, half)."""
    rng = random.Random(0)
    owner: dict[str, set[str]] = defaultdict(set)  # form -> names it spells
    for cyrillic, latins in names.items():
        owner[cyrillic].add(cyrillic)
        for latin in latins:
            owner[latin].add(cyrillic)
    forms = sorted(owner)
    by_prefix: dict[tuple[bool, str], list[str]] = defaultdict(list)
    for form in forms:
        by_prefix[(form.isascii(), form[:3])].append(form)
    positives, random_negatives, similar_negatives = [], [], []

    def unrelated(a: str, b: str) -> bool:
        # b spells no name that a spells, and no name sharing a Latin spelling with a's
        related = {n for x in owner[a] for lat in names[x] for n in owner[lat]} | owner[a]
        return not (owner[b] & related)

    for cyrillic, latins in names.items():
        pairs = [(cyrillic, latin) for latin in latins]
        pairs += [(a, b) for i, a in enumerate(latins) for b in latins[i + 1 :]]
        for a, b in pairs:
            positives.append((a, b, half(cyrillic)))
            for _ in range(20):
                c = rng.choice(forms)
                if c.isascii() == b.isascii() and unrelated(a, c):
                    random_negatives.append((a, c, half(cyrillic)))
                    break
            pool = [
                c
                for c in by_prefix[(b.isascii(), b[:3])]
                if abs(len(c) - len(b)) <= 2 and unrelated(a, c)
            ]
            if pool:
                similar_negatives.append((a, rng.choice(pool), half(cyrillic)))
    return positives, random_negatives, similar_negatives


def plain(a: str, b: str) -> bool:
    return anyascii(a).lower() == anyascii(b).lower()


def exact_key(a: str, b: str) -> bool:
    return name_key(a) == name_key(b)


def shared_keys_only(a: str, b: str) -> bool:
    """How a spelling that is a frequent word of its language is matched (NameVariants)."""
    return same_name(a, b, vowel_slack=False)


def report(
    name: str, match: Callable[[str, str], bool], pairs: tuple[list, list, list], part: int
) -> None:
    positives, random_negatives, similar_negatives = (
        [(a, b) for a, b, h in kind if h == part] for kind in pairs
    )
    tp = sum(match(a, b) for a, b in positives)
    fp_random = sum(match(a, b) for a, b in random_negatives)
    fp_similar = sum(match(a, b) for a, b in similar_negatives)
    fp = fp_random + fp_similar
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(positives)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{name:40} half {part}  precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  "
        f"false matches: random {fp_random}/{len(random_negatives)}, "
        f"similar {fp_similar}/{len(similar_negatives)}"
    )


def unsupported(a: str, b: str) -> bool:
    """How the corpus step joins two spellings of rare words (no frequent word) that stand
    in one document each: no vowel slack, no key of `short_key` letters or fewer."""
    return joinable(a, b, frozenset(), supported=False)


def grouping(names: dict[str, list[str]]) -> None:
    """NameVariants' grouping over the whole vocabulary (every spelling, each weighted 1):
    its time shows it scales (buckets, no all-pairs), its largest groups what chains of
    lookalike spellings it lets through."""
    started = time.perf_counter()
    by_key: dict[str, list[str]] = defaultdict(list)
    for form in sorted({f for cyrillic, latins in names.items() for f in (cyrillic, *latins)}):
        by_key[name_key(form)].append(form)
    groups = key_groups(by_key, {}, {key: len(forms) for key, forms in by_key.items()})
    sizes = sorted((sum(len(by_key[k]) for k in keys) for keys in groups.values()), reverse=True)
    print(
        f"Grouping {sum(map(len, by_key.values()))} spellings ({len(by_key)} transliteration "
        f"keys): {len(groups)} groups in {time.perf_counter() - started:.0f} s; "
        f"largest groups {sizes[:5]}"
    )


KINDS = (
    "another script",
    "linked by the transliteration rules",
    "the same spelling but for accents",
    "one-edit slip of a frequent word",
    "false merge (no plausible transliteration)",
)


def page_mentions(job: tuple[Page, Settings]) -> Document:
    """One page through the document steps and find_mentions."""
    doc = newsclean_document(job)
    if doc.dropped:
        return doc
    settings = job[1]
    return find_mentions(drop_repeats(doc, settings), settings)


def general_pages() -> None:
    """Canonical forms NameVariants gives the name words of the dev pages, by kind."""
    settings = Settings()
    pages = load_pages(None)
    with Pool(2) as pool:
        docs = pool.map(page_mentions, [(page, settings) for page in pages], chunksize=8)
    docs = [doc for doc in docs if not doc.dropped]
    step = NameVariants()
    facts = {doc.id: step.collect(doc, settings) for doc in docs}
    canonical = step.decide(facts, None, settings).canonical
    kinds: Counter[str] = Counter()
    false_merges: Counter[tuple[str, str]] = Counter()
    slips: Counter[tuple[str, str]] = Counter()
    total = 0
    for doc in docs:
        for mention in doc.mentions:
            total += 1
            for word in name_words(mention.form):
                to = canonical.get(word, word)
                if to == word:
                    continue
                if is_cyrillic(word) != is_cyrillic(to):
                    kinds[KINDS[0]] += 1
                elif name_key(word) == name_key(to):
                    kinds[KINDS[1]] += 1
                elif plain_spelling(word) == plain_spelling(to):
                    kinds[KINDS[2]] += 1
                elif likely_misspelling(word, to):
                    kinds[KINDS[3]] += 1
                    slips[word, to] += 1
                else:
                    kinds[KINDS[4]] += 1
                    false_merges[word, to] += 1
    print(f"General pages: {len(docs)} pages, {total} mentions; words given another form:")
    for kind in KINDS:
        print(f"  {kind:<44} {kinds[kind]:5d}  {1000 * kinds[kind] / total:6.2f} per 1,000")
    print("  most frequent false merges:", false_merges.most_common(15))
    print("  most frequent slips:", slips.most_common(15))


def main() -> None:
    print("Command: " + shlex.join([".venv/bin/python", "bench/names.py", *sys.argv[1:]]))
    merged = [pair for pair in UNRELATED_WORDS if same_name(*pair)]
    print(f"Unrelated words matched: {len(merged)} of {len(UNRELATED_WORDS)} {merged}")
    if PAGES.is_dir() and "--no-pages" not in sys.argv[1:]:
        general_pages()
    if not DATA.is_file():
        print(f"No development data at {DATA}; nothing to measure.")
        return
    started = time.perf_counter()
    names = load()
    pairs = build_pairs(names)
    print(
        f"{len(names)} names; pairs: {len(pairs[0])} positive, {len(pairs[1])} random "
        f"negative, {len(pairs[2])} similar-looking negative"
    )
    for part in (0, 1):
        report("anyascii + exact match", plain, pairs, part)
        report("before: name_key exact match", exact_key, pairs, part)
        report("newsclean same_name (phonetic keys)", same_name, pairs, part)
        report("same_name, no vowel slack (frequent)", shared_keys_only, pairs, part)
        report("joinable, spellings seen once each", unsupported, pairs, part)
    grouping(names)
    print(f"Time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
