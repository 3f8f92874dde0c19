"""Name matching measured on aligned Wikidata person-name tokens
(../shared/data/names-dev/wikidata_en_ru_train.tsv: latin, Cyrillic letters separated by
spaces, frequency).

Each Cyrillic token and its Latin spellings are one name. Positive pairs: the Cyrillic
token with each of its Latin spellings, and every two Latin spellings of it. Negative pairs,
one of each kind per positive: the first form with a form of a random other name, and with
a similar-looking form of another name (same first three letters, length within 2, same
script). Names sharing a Latin spelling are never drawn as each other's negatives.

Pairs are judged by `newsclean.names.keys.same_name` (what NameVariants groups on), against
plain transliteration (anyascii, lowercase) and exact match.

Run: .venv/bin/python bench/names.py
"""

from __future__ import annotations

import random
import shlex
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from anyascii import anyascii

from newsclean.names.keys import same_name

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "names-dev" / "wikidata_en_ru_train.tsv"


def load() -> dict[str, list[str]]:
    """Cyrillic token -> its Latin spellings."""
    names: dict[str, set[str]] = defaultdict(set)
    for line in DATA.read_text(encoding="utf-8").splitlines():
        latin, cyrillic, _ = line.split("\t")
        names[cyrillic.replace(" ", "")].add(latin)
    return {c: sorted(ls) for c, ls in sorted(names.items())}


def build_pairs(names: dict[str, list[str]]) -> tuple[list, list, list]:
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
            positives.append((a, b))
            for _ in range(20):
                c = rng.choice(forms)
                if c.isascii() == b.isascii() and unrelated(a, c):
                    random_negatives.append((a, c))
                    break
            pool = [
                c
                for c in by_prefix[(b.isascii(), b[:3])]
                if abs(len(c) - len(b)) <= 2 and unrelated(a, c)
            ]
            if pool:
                similar_negatives.append((a, rng.choice(pool)))
    return positives, random_negatives, similar_negatives


def plain(a: str, b: str) -> bool:
    return anyascii(a).lower() == anyascii(b).lower()


def report(name: str, match: Callable[[str, str], bool], pairs: tuple[list, list, list]) -> None:
    positives, random_negatives, similar_negatives = pairs
    tp = sum(match(a, b) for a, b in positives)
    fp_random = sum(match(a, b) for a, b in random_negatives)
    fp_similar = sum(match(a, b) for a, b in similar_negatives)
    fp = fp_random + fp_similar
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / len(positives)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"{name:34} precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  "
        f"false matches: random {fp_random}/{len(random_negatives)}, "
        f"similar {fp_similar}/{len(similar_negatives)}"
    )


def main() -> None:
    print("Command: " + shlex.join([".venv/bin/python", "bench/names.py", *sys.argv[1:]]))
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
    report("anyascii + exact match", plain, pairs)
    report("newsclean same_name (name_key)", same_name, pairs)
    print(f"Time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
