"""Language identification measured on the dev lines of ../shared/data/langid-dev.

1. lines (sentences and word pairs, 500 per language, 75 languages): accuracy per language,
   abstention rate, and the confusion among Cyrillic languages, for langdetect alone (its top
   language) and for newsclean (`newsclean.langid.identify.decide`), from one langdetect call
   per line;
2. documents built from the dev sentences (long paragraphs), word pairs (short paragraphs of
   the same language) and one foreign paragraph each: paragraph and document accuracy of the
   `detect_language` step, with and without langdetect judging short paragraphs
   (`judge_short_paragraphs`), against langdetect on every paragraph alone.

"no" (Norwegian, the macrolanguage) is counted right for nb and nn; "zh" for zh.

Run: .venv/bin/python bench/language.py
"""

from __future__ import annotations

import multiprocessing
import random
import shlex
import sys
import time
import zlib
from collections import Counter
from dataclasses import replace
from pathlib import Path

from newsclean.document import Document, Paragraph, Source
from newsclean.langid.backend import langdetect_probabilities
from newsclean.langid.identify import decide
from newsclean.langid.letters import LetterCounts, letter_rules
from newsclean.settings import Settings
from newsclean.steps.language import detect_language

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "langid-dev"
GRANULARITIES = ("sentences", "word-pairs")
AIM = ("en", "ru", "uk", "kk", "be", "bg", "it", "de", "fr", "tr")
CYRILLIC = ("ru", "uk", "kk", "be", "bg", "mk")
SETTINGS = Settings()
EQUIVALENT = {"nb": {"nb", "no"}, "nn": {"nn", "no"}}


def is_right(gold: str, predicted: str | None) -> bool:
    return predicted in EQUIVALENT.get(gold, {gold})


def langdetect_top(probabilities: dict[str, float]) -> str | None:
    if not probabilities:
        return None
    best = min(probabilities, key=lambda lang: (-probabilities[lang], lang))
    return letter_rules().langdetect_codes.get(best, best)


def judge_file(item: tuple[str, str]) -> tuple[str, str, list[tuple[str | None, str | None]]]:
    granularity, code = item
    config = SETTINGS.language
    out = []
    for line in (DATA / granularity / f"{code}.txt").read_text(encoding="utf-8").splitlines():
        probabilities = langdetect_probabilities(line, config.seed)
        guess = decide(
            LetterCounts.of(line),
            lambda p=probabilities: p,
            config.min_confidence,
            config.min_words,
        )
        out.append((langdetect_top(probabilities), guess.language, half(line)))
    return granularity, code, out


def half(line: str) -> int:
    """Which half of the dev lines a line is in (the rules must do as well on both)."""
    return zlib.crc32(line.encode("utf-8")) % 2


def line_results(pool: multiprocessing.pool.Pool) -> dict[tuple[str, str], list]:
    items = [(g, path.stem) for g in GRANULARITIES for path in sorted((DATA / g).glob("*.txt"))]
    return {(g, code): rows for g, code, rows in pool.map(judge_file, items, chunksize=1)}


def report_lines(results: dict[tuple[str, str], list]) -> None:
    print("## 1. Lines: accuracy (abstentions count as wrong) and abstention rate")
    print(f"{'lang':5} {'granularity':11} {'langdetect':>10} {'newsclean':>10} {'abstain':>8}")
    totals: dict[str, Counter[str]] = {g: Counter() for g in GRANULARITIES}
    for (g, code), rows in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        n = len(rows)
        base = sum(is_right(code, b) for b, _, _ in rows) / n
        ours = sum(is_right(code, o) for _, o, _ in rows) / n
        abstain = sum(o is None for _, o, _ in rows) / n
        totals[g].update(base=base, ours=ours, abstain=abstain, n=1)
        mark = " *" if code in AIM and g == "sentences" else ""
        print(f"{code:5} {g:11} {base:10.3f} {ours:10.3f} {abstain:8.3f}{mark}")
    for g, t in totals.items():
        print(
            f"mean  {g:11} {t['base'] / t['n']:10.3f} {t['ours'] / t['n']:10.3f} "
            f"{t['abstain'] / t['n']:8.3f}"
        )
    print("\n* aim: >= 0.99 on sentences. Aim languages, sentences (newsclean by half of")
    print("  the lines, split by a hash of the line):")
    for code in AIM:
        rows = results[("sentences", code)]
        base = sum(is_right(code, b) for b, _, _ in rows) / len(rows)
        ours = sum(is_right(code, o) for _, o, _ in rows) / len(rows)
        halves = []
        for part in (0, 1):
            judged = [o for _, o, h in rows if h == part]
            halves.append(sum(is_right(code, o) for o in judged) / len(judged))
        print(
            f"  {code}: langdetect {base:.3f}  newsclean {ours:.3f}  "
            f"(half 0 {halves[0]:.3f}, half 1 {halves[1]:.3f})"
        )
    for g in GRANULARITIES:
        for system, index in (("langdetect", 0), ("newsclean", 1)):
            print(f"\nCyrillic confusion, {g}, {system} (rows gold, columns predicted)")
            print("      " + " ".join(f"{c:>5}" for c in (*CYRILLIC, "other", "none")))
            for gold in CYRILLIC:
                counts = Counter(row[index] for row in results[(g, gold)])
                other = sum(n for lang, n in counts.items() if lang not in (*CYRILLIC, None))
                cells = [counts[c] for c in CYRILLIC] + [other, counts[None]]
                print(f"{gold:5} " + " ".join(f"{n:5d}" for n in cells))


def build_documents(per_language: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """(language, [(gold, paragraph)]): 8 dev sentences and 4 word pairs of the language,
    and one foreign sentence or word pair at a random place."""
    rng = random.Random(0)
    languages = sorted(p.stem for p in (DATA / "sentences").glob("*.txt"))
    lines = {
        (g, lang): (DATA / g / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
        for g in GRANULARITIES
        for lang in languages
    }
    docs = []
    for lang in AIM:
        for _ in range(per_language):
            paragraphs = [(lang, s) for s in rng.sample(lines[("sentences", lang)], 8)]
            paragraphs += [(lang, w) for w in rng.sample(lines[("word-pairs", lang)], 4)]
            rng.shuffle(paragraphs)
            foreign = rng.choice([x for x in languages if x != lang])
            text = rng.choice(lines[(rng.choice(GRANULARITIES), foreign)])
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), (foreign, text))
            docs.append((lang, paragraphs))
    return docs


def paragraph_kind(text: str) -> str:
    short = LetterCounts.of(text).total < SETTINGS.language.min_paragraph_letters
    return "short" if short else "long"


def judge_document(item: tuple[str, list[tuple[str, str]]]) -> dict[str, Counter[str]]:
    lang, paragraphs = item
    source = Source(path="bench", sha256="", format="text")
    out: dict[str, Counter[str]] = {}
    variants = {
        "newsclean": SETTINGS,
        "newsclean, judge short": replace(
            SETTINGS, language=replace(SETTINGS.language, judge_short_paragraphs=True)
        ),
    }
    for name, settings in variants.items():
        doc = Document(id="d", source=source, paragraphs=[Paragraph(t) for _, t in paragraphs])
        doc = detect_language(doc, settings)
        c: Counter[str] = Counter(doc=1, doc_right=doc.language == lang)
        for (gold, text), p in zip(paragraphs, doc.paragraphs, strict=True):
            kind = paragraph_kind(text)
            part = "own" if gold == lang else "foreign"
            c[f"{part} {kind}"] += 1
            c[f"{part} {kind} right"] += is_right(gold, p.language)
        out[name] = c
    c = Counter()
    for gold, text in paragraphs:
        kind = paragraph_kind(text)
        part = "own" if gold == lang else "foreign"
        c[f"{part} {kind}"] += 1
        predicted = langdetect_top(langdetect_probabilities(text, SETTINGS.language.seed))
        c[f"{part} {kind} right"] += is_right(gold, predicted)
    out["langdetect per paragraph"] = c
    return out


def report_documents(pool: multiprocessing.pool.Pool, per_language: int) -> None:
    docs = build_documents(per_language)
    totals: dict[str, Counter[str]] = {}
    for result in pool.map(judge_document, docs, chunksize=4):
        for name, c in result.items():
            totals.setdefault(name, Counter()).update(c)
    print(f"\n## 2. Documents ({len(docs)}: languages {', '.join(AIM)}; 8 sentences, 4 word")
    print("pairs and 1 foreign line each): paragraph accuracy by kind")
    kinds = ("own long", "own short", "foreign long", "foreign short")
    print(f"{'':26}" + "".join(f"{k:>15}" for k in kinds) + f"{'documents':>11}")
    for name, c in totals.items():
        cells = "".join(f"{c[k + ' right'] / c[k]:15.3f}" if c[k] else f"{'-':>15}" for k in kinds)
        docs_cell = f"{c['doc_right'] / c['doc']:11.3f}" if c["doc"] else f"{'-':>11}"
        print(f"{name:26}{cells}{docs_cell}")
    own = totals["newsclean"]
    print("paragraph counts: " + ", ".join(f"{k} {own[k]}" for k in kinds))


def main() -> None:
    print("Command: " + shlex.join([".venv/bin/python", "bench/language.py", *sys.argv[1:]]))
    if not DATA.is_dir():
        print(f"No development data at {DATA}; nothing to measure.")
        return
    started = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        report_lines(line_results(pool))
        report_documents(pool, per_language=20)
    print(f"\nTime: {time.perf_counter() - started:.0f} s with 2 processes")


if __name__ == "__main__":
    main()
