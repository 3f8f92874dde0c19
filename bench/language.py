"""Language identification measured on the dev lines of ../shared/data/langid-dev.

1. lines (sentences and word pairs, 500 per language, 75 languages): accuracy per language
   and abstention rate for langdetect alone (its top language) and for newsclean
   (`newsclean.langid.identify.decide`), the languages newsclean can name that stay under
   0.99 on sentences, and the confusion among Cyrillic languages;
2. confidence: the calibration table (`rules/language_confidence.toml`) is fitted on half 0
   of the lines (split by a hash of the line) with `--fit`, and checked on half 1: lines
   reported at a confidence should be right that often;
3. documents built from the dev sentences (bench/language_documents.py: one line without
   language each, a foreign sentence or two in half of them) through the `detect_language`
   step: paragraph accuracy, confident labels on lines without language, documents whose
   `languages` list a language absent from them, the calibration of paragraph confidences,
   and the step's cost per 1,000 paragraphs;
4. lingua-language-detector, restricted to the languages of the documents: its accuracy on
   the same sentences and its load time, memory and cost;
5. the second opinion (newsclean.langid.second_opinion): each sentence language's accuracy
   with and without it, and lingua's load time and memory for the languages it asks.

The gold audit: a dev file's lines are not all in its language (Leipzig's crawls hold
English page furniture, Spanish lines in the Catalan file, ...). A sentence's gold is
contradicted when a check that does not use newsclean's detector says so:
- most of its letters are in a script its language is not written in (`WRITTEN_IN`, from
  the languages' orthographies; Latin for the rest), counted from Unicode character names;
- or, in its own script, langdetect alone (its raw top language) and lingua over all 75
  languages (not restricted, unlike the second opinion) both name the same other language,
  each with at least `AUDIT_CONFIDENCE`.
Section 1 prints each language's accuracy on all its sentences (the headline figure) and on
the lines the audit leaves, with how many lines it set aside; no line is dropped elsewhere.

"no" (Norwegian, the macrolanguage) is counted right for nb and nn.

Run: .venv/bin/python bench/language.py [--fit]
     .venv/bin/python bench/language.py --misses ca,cs  (only: each sentence of those
     languages newsclean gets wrong, what it was taken for, by which rule, and the language
     before the second opinion)
"""

from __future__ import annotations

import multiprocessing
import resource
import shlex
import sys
import time
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from itertools import pairwise

from language_documents import (
    AIM,
    DATA,
    NO_LANGUAGE,
    as_document,
    build_documents,
    nameable,
    time_step,
)
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from newsclean.langid.backend import langdetect_probabilities
from newsclean.langid.calibration import CONFIDENCE_FILE, calibration_table
from newsclean.langid.identify import decide, identify
from newsclean.langid.letters import LetterCounts, letter_rules
from newsclean.langid.second_opinion import detector, second_opinion, weak_languages
from newsclean.settings import Settings
from newsclean.steps.language import detect_language

GRANULARITIES = ("sentences", "word-pairs")
CYRILLIC = ("ru", "uk", "kk", "be", "bg", "mk")
SETTINGS = Settings()
EQUIVALENT = {"nb": {"nb", "no"}, "nn": {"nn", "no"}}
# the calibration table's bins: letters of the text, and the number the rule reported
LETTER_BOUNDS = (20, 40, 60, 100, 200)
REPORTED_BOUNDS = (0.9, 0.99, 0.999)
MIN_CELL = 30  # lines a cell needs to stand alone; fewer take the rule's row, then its whole
# bins of the calibrated confidence in the calibration tables
CONFIDENCE_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99, 1.01)
# The gold audit: the scripts each dev language is written in (by its orthography; Latin for
# the languages not listed), and the confidence both detectors need to contradict a gold.
WRITTEN_IN = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "kk", "mn"), frozenset({"Cyrillic"})),
    "sr": frozenset({"Cyrillic", "Latin"}),
    **dict.fromkeys(("ar", "fa", "ur"), frozenset({"Arabic"})),
    **dict.fromkeys(("hi", "mr"), frozenset({"Devanagari"})),
    "he": frozenset({"Hebrew"}),
    "bn": frozenset({"Bengali"}),
    "pa": frozenset({"Gurmukhi"}),
    "gu": frozenset({"Gujarati"}),
    "ta": frozenset({"Tamil"}),
    "te": frozenset({"Telugu"}),
    "th": frozenset({"Thai"}),
    "ka": frozenset({"Georgian"}),
    "hy": frozenset({"Armenian"}),
    "el": frozenset({"Greek"}),
    "ko": frozenset({"Hangul", "Cjk"}),
    "zh": frozenset({"Cjk"}),
    "ja": frozenset({"Cjk", "Hiragana", "Katakana", "Katakana-Hiragana"}),
}
LATIN = frozenset({"Latin"})
AUDIT_CONFIDENCE = 0.9


def is_right(gold: str, predicted: str | None) -> bool:
    return predicted in EQUIVALENT.get(gold, {gold})


def langdetect_top(probabilities: dict[str, float]) -> str | None:
    if not probabilities:
        return None
    best = min(probabilities, key=lambda lang: (-probabilities[lang], lang))
    return letter_rules().langdetect_codes.get(best, best)


def half(line: str) -> int:
    """Which half of the dev lines a line is in: 0 fits the confidence table, 1 checks it."""
    return zlib.crc32(line.encode("utf-8")) % 2


def main_script(line: str) -> tuple[str | None, float]:
    """The script most of the line's letters are in (the first word of their Unicode names),
    and its share of the letters."""
    scripts = Counter(
        unicodedata.name(ch, "? ").split(" ")[0].title() for ch in line if ch.isalpha()
    )
    if not scripts:
        return None, 0.0
    script, n = min(scripts.items(), key=lambda kv: (-kv[1], kv[0]))
    return script, n / scripts.total()


def contradiction(code: str, line: str, probabilities: dict[str, float]) -> str | None:
    """Why the line's gold `code` is wrong, by the audit in the module docstring, or None."""
    script, share = main_script(line)
    if script is not None and share > 0.5 and script not in WRITTEN_IN.get(code, LATIN):
        return f"script {script}"
    top = langdetect_top(probabilities)
    if top is None or is_right(code, top) or max(probabilities.values()) < AUDIT_CONFIDENCE:
        return None
    lingua = all_languages().compute_language_confidence_values(line)[0]
    other = lingua.language.iso_code_639_1.name.lower()
    other = "no" if other in ("nb", "nn") else other
    if other == top and lingua.value >= AUDIT_CONFIDENCE:
        return f"both {top}"
    return None


@cache
def all_languages() -> LanguageDetector:
    """lingua over all its languages (for the audit only), its models loaded as needed."""
    return LanguageDetectorBuilder.from_all_languages().build()


# a line's result: langdetect's top language, newsclean's, the half, what decided, letters,
# the number the rule reported, newsclean's language without the second opinion, and why
# the audit contradicts the line's gold (None when it does not; sentences only)
Row = tuple[str | None, str | None, int, str, int, float, str | None, str | None]


def judge_file(item: tuple[str, str]) -> tuple[str, str, list[Row]]:
    granularity, code = item
    config = SETTINGS.language
    out = []
    for line in (
        (DATA / granularity / f"{code}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
    ):
        probabilities = langdetect_probabilities(line, config.seed)
        counts = LetterCounts.of(line)
        alone = decide(counts, lambda p=probabilities: p, config.min_confidence, config.min_words)
        guess = second_opinion(line, counts, alone)
        row = (langdetect_top(probabilities), guess.language, half(line), guess.rule)
        audit = contradiction(code, line, probabilities) if granularity == "sentences" else None
        out.append((*row, counts.total, guess.confidence or 0.0, alone.language, audit))
    return granularity, code, out


def line_results(pool: multiprocessing.pool.Pool) -> dict[tuple[str, str], list[Row]]:
    items = [(g, path.stem) for g in GRANULARITIES for path in sorted((DATA / g).glob("*.txt"))]
    return {(g, code): rows for g, code, rows in pool.map(judge_file, items, chunksize=1)}


def report_lines(results: dict[tuple[str, str], list[Row]]) -> None:
    print("## 1. Lines: accuracy (abstentions count as wrong) and abstention rate; for the")
    print("sentences also newsclean without the second opinion, the lines the gold audit sets")
    print("aside and newsclean's accuracy on the others")
    print(
        f"{'lang':5} {'granularity':11} {'langdetect':>10} {'newsclean':>10} {'abstain':>8} "
        f"{'no lingua':>9} {'set aside':>9} {'audited':>8}"
    )
    totals: dict[str, Counter[str]] = {g: Counter() for g in GRANULARITIES}
    for (g, code), rows in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        n = len(rows)
        base = sum(is_right(code, r[0]) for r in rows) / n
        ours = sum(is_right(code, r[1]) for r in rows) / n
        abstain = sum(r[1] is None for r in rows) / n
        totals[g].update(base=base, ours=ours, abstain=abstain, n=1)
        mark = "" if code in nameable() else "  (newsclean cannot name it)"
        audit = ""
        if g == "sentences":
            alone = sum(is_right(code, r[6]) for r in rows) / n
            kept = [r for r in rows if r[7] is None]
            audited = sum(is_right(code, r[1]) for r in kept) / len(kept)
            audit = f" {alone:9.3f} {n - len(kept):9d} {audited:8.3f}"
        print(f"{code:5} {g:11} {base:10.3f} {ours:10.3f} {abstain:8.3f}{audit}{mark}")
    for g, t in totals.items():
        print(
            f"mean  {g:11} {t['base'] / t['n']:10.3f} {t['ours'] / t['n']:10.3f} "
            f"{t['abstain'] / t['n']:8.3f}"
        )
    for part in (None, 1):
        below = []
        for code in sorted(nameable()):
            rows = results.get(("sentences", code))
            if rows:
                rows = [r for r in rows if part is None or r[2] == part]
                ours = sum(is_right(code, r[1]) for r in rows) / len(rows)
                if ours < 0.99:
                    below.append(f"{code} {ours:.3f}")
        named = sum(("sentences", c) in results for c in nameable())
        lines = "all the sentences" if part is None else f"half {part} of the sentences"
        print(f"\nOn {lines}: {named - len(below)} of the {named} dev languages newsclean can")
        print(f"name are at 0.99 or better; under it: {', '.join(below)}")
    report_audit(results)
    print("\nHalf 1 of the sentences (the calibration and word lists' cut are chosen on half 0):")
    print("  " + "  ".join(f"{c} {half_accuracy(results, c, 1):.3f}" for c in HALF_REPORT))
    for g in GRANULARITIES:
        for system, index in (("langdetect", 0), ("newsclean", 1)):
            print(f"\nCyrillic confusion, {g}, {system} (rows gold, columns predicted)")
            print("      " + " ".join(f"{c:>5}" for c in (*CYRILLIC, "other", "none")))
            for gold in CYRILLIC:
                counts = Counter(row[index] for row in results[(g, gold)])
                other = sum(n for lang, n in counts.items() if lang not in (*CYRILLIC, None))
                cells = [counts[c] for c in CYRILLIC] + [other, counts[None]]
                print(f"{gold:5} " + " ".join(f"{n:5d}" for n in cells))


def report_audit(results: dict[tuple[str, str], list[Row]]) -> None:
    """The languages newsclean can name, on the sentences the gold audit leaves."""
    below = []
    set_aside: Counter[str] = Counter()
    for code in sorted(nameable()):
        rows = results.get(("sentences", code))
        if rows:
            kept = [r for r in rows if r[7] is None]
            set_aside.update(r[7].split(" ")[0] for r in rows if r[7] is not None)
            audited = sum(is_right(code, r[1]) for r in kept) / len(kept)
            if audited < 0.99:
                below.append(f"{code} {audited:.3f} ({len(rows) - len(kept)} set aside)")
    named = sum(("sentences", c) in results for c in nameable())
    print(f"\nOn the sentences the gold audit leaves: {named - len(below)} of the {named} are at")
    print(f"0.99 or better; under it: {', '.join(below) or 'none'}")
    print(
        f"Set aside in those languages: {set_aside['script']} lines mostly in another script, "
        f"{set_aside['both']} that langdetect and lingua both give to one other language"
    )


# the languages whose half-1 sentence accuracy is printed: the six Cyrillic languages and the
# close pairs
HALF_REPORT = (*CYRILLIC, "sr", "ca", "es", "cs", "sk", "da", "nb", "nn", "sv", "hr", "sl")


def half_accuracy(results: dict[tuple[str, str], list[Row]], code: str, part: int) -> float:
    rows = [r for r in results[("sentences", code)] if r[2] == part]
    return sum(is_right(code, r[1]) for r in rows) / len(rows)


def labelled(results: dict[tuple[str, str], list[Row]], part: int) -> Iterable[tuple[str, Row]]:
    """Lines of languages newsclean can name, in one half, that got a language."""
    for (_, code), rows in results.items():
        if code in nameable():
            yield from ((code, r) for r in rows if r[2] == part and r[1] is not None)


def cell_of(letters: int, reported: float) -> tuple[int, int]:
    return (
        sum(letters >= b for b in LETTER_BOUNDS),
        sum(reported >= b for b in REPORTED_BOUNDS),
    )


def fit(results: dict[tuple[str, str], list[Row]]) -> None:
    """Writes the calibration table from half 0 of the lines."""
    cells: dict[str, dict[tuple[int, int], list[int]]] = defaultdict(lambda: defaultdict(list))
    for code, row in labelled(results, 0):
        cells[row[3]][cell_of(row[4], row[5])].append(is_right(code, row[1]))
    everything = [x for by_cell in cells.values() for xs in by_cell.values() for x in xs]
    lines = [
        "# Calibrated confidence of a language guess (newsclean.langid.calibration): how often",
        "# guesses of each rule were right, by the text's letters (rows: fewer than "
        + ", ".join(map(str, LETTER_BOUNDS))
        + ", more)",
        "# and the number the rule reported (columns: under "
        + ", ".join(map(str, REPORTED_BOUNDS))
        + ", more).",
        "# Fitted by `bench/language.py --fit` on half 0 of the langid-dev lines (sentences and",
        "# word pairs split by a hash of the line; half 1 checks it), languages newsclean can",
        f"# name only. A cell of fewer than {MIN_CELL} lines takes its row's figure, a row of",
        "# too few the rule's.",
        f"default = {sum(everything) / len(everything):.3f}",
        "",
        "[bins]",
        f"letters = {list(LETTER_BOUNDS)}",
        f"reported = {list(REPORTED_BOUNDS)}",
        "",
        "[confidence]",
    ]
    for rule in sorted(cells):
        by_cell = cells[rule]
        whole = [x for xs in by_cell.values() for x in xs]
        rows = []
        for r in range(len(LETTER_BOUNDS) + 1):
            row_lines = [x for (rr, _), xs in by_cell.items() if rr == r for x in xs]
            fallback = row_lines if len(row_lines) >= MIN_CELL else whole
            figures = []
            for c in range(len(REPORTED_BOUNDS) + 1):
                xs = by_cell.get((r, c), [])
                chosen = xs if len(xs) >= MIN_CELL else fallback
                figures.append(f"{sum(chosen) / len(chosen):.3f}")
            rows.append("  [" + ", ".join(figures) + "],")
        lines += [f"{rule} = [", *rows, "]"]
    CONFIDENCE_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    calibration_table.cache_clear()
    print(f"Wrote {CONFIDENCE_FILE} from {len(everything)} lines of half 0")


def calibration_report(title: str, pairs: list[tuple[float, bool]]) -> None:
    print(f"\nCalibration, {title}: labels by reported confidence")
    print(f"{'confidence':>12} {'labels':>7} {'mean confidence':>16} {'right':>7}")
    for low, high in pairwise(CONFIDENCE_BINS):
        chosen = [(c, r) for c, r in pairs if low <= c < high]
        if chosen:
            mean = sum(c for c, _ in chosen) / len(chosen)
            right = sum(r for _, r in chosen) / len(chosen)
            print(f"{low:5.2f}-{min(high, 1):5.2f} {len(chosen):7d} {mean:16.3f} {right:7.3f}")


def report_confidence(results: dict[tuple[str, str], list[Row]]) -> None:
    print("\n## 2. Confidence on half 1 of the lines (the table is fitted on half 0)")
    table = calibration_table()
    pairs = [
        (table.confidence(row[3], row[4], row[5]), is_right(code, row[1]))
        for code, row in labelled(results, 1)
    ]
    calibration_report("lines of half 1", pairs)


def judge_document(
    item: tuple[str, list[tuple[str, str]]],
) -> tuple[Counter[str], list[tuple[float, bool]]]:
    lang, paragraphs = item
    doc = detect_language(as_document(paragraphs), SETTINGS)
    c: Counter[str] = Counter(doc=1, doc_right=doc.language == lang)
    present = {gold for gold, _ in paragraphs}
    listed = {s.language for s in doc.languages}
    c["doc_absent_listed"] += any(not any(is_right(g, x) for g in present) for x in listed)
    c["doc_listed"] += bool(listed)
    foreign = {g for g in present if g not in (lang, NO_LANGUAGE) and g in nameable()}
    c["doc_foreign"] += bool(foreign)
    c["doc_foreign_listed"] += bool(foreign) and all(
        any(is_right(g, x) for x in listed) for g in foreign
    )
    pairs = []
    for (gold, text), p in zip(paragraphs, doc.paragraphs, strict=True):
        if gold == NO_LANGUAGE:
            c["none"] += 1
            c["none labelled"] += p.language is not None
            c["none confident"] += (p.language_confidence or 0) >= 0.5
            continue
        words = LetterCounts.of(text).language_words
        kind = ("own" if gold == lang else "foreign") + (" short" if words < 8 else " long")
        c[kind] += 1
        c[kind + " right"] += is_right(gold, p.language)
        c[kind + " none"] += p.language is None
        if p.language is not None:
            pairs.append((p.language_confidence or 0.0, is_right(gold, p.language)))
    return c, pairs


def report_documents(pool: multiprocessing.pool.Pool, foreign_any: bool) -> None:
    docs = build_documents(per_language=30, foreign_any=foreign_any)
    totals: Counter[str] = Counter()
    pairs: list[tuple[float, bool]] = []
    for c, p in pool.map(judge_document, docs, chunksize=4):
        totals.update(c)
        pairs += p
    foreign = "of any of the 75 languages" if foreign_any else "of languages newsclean names"
    print(f"\n## 3. Documents ({len(docs)}: {', '.join(AIM)}; 8 to 12 sentences, one line without")
    print(f"language each, one or two foreign sentences {foreign} in half of them)")
    for kind in ("own long", "own short", "foreign long", "foreign short"):
        n = totals[kind]
        if n:
            print(
                f"  {kind:14} paragraphs {n:5d}  right {totals[kind + ' right'] / n:.3f}  "
                f"no language {totals[kind + ' none'] / n:.3f}"
            )
    print("  (short: fewer than 8 words)")
    print(
        f"  lines without language: {totals['none']}, labelled {totals['none labelled']}, "
        f"at confidence 0.5 or more {totals['none confident']}"
    )
    print(
        f"  documents: language right {totals['doc_right'] / totals['doc']:.3f}; `languages` "
        f"listed in {totals['doc_listed']}, listing an absent language in "
        f"{totals['doc_absent_listed']} ({totals['doc_absent_listed'] / totals['doc']:.1%})"
    )
    print(
        f"  documents with a foreign sentence of a language newsclean names: "
        f"{totals['doc_foreign']}, `languages` listing it in {totals['doc_foreign_listed']}"
    )
    calibration_report("paragraphs of the documents", pairs)
    if foreign_any:
        return
    seconds = time_step(docs, SETTINGS)
    print(f"\n  language step: {seconds:.3f} s of CPU per 1,000 paragraphs (one process); the same")
    print("  documents through another checkout: PYTHONPATH=<it> bench/language_documents.py")


def peak_memory_mb() -> float:
    """This process's peak resident memory: the kernel's high-water mark of its own memory
    (ru_maxrss would carry over the forking parent's peak into a fresh process)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report_lingua() -> None:
    print(
        f"\n## 4. lingua-language-detector on the sentences of {', '.join(AIM)}, restricted to them"
    )
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in AIM]
    lines = {
        c: (DATA / "sentences" / f"{c}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
        for c in AIM
    }
    for mode in ("high accuracy", "low accuracy"):
        before = peak_memory_mb()
        started = time.perf_counter()
        builder = LanguageDetectorBuilder.from_languages(
            *languages
        ).with_preloaded_language_models()
        if mode == "low accuracy":
            builder = builder.with_low_accuracy_mode()
        lingua = builder.build()
        load = time.perf_counter() - started
        grown = peak_memory_mb() - before
        started = time.process_time()
        right = {}
        for code, texts in lines.items():
            found = [lingua.detect_language_of(t) for t in texts]
            right[code] = sum(
                f is not None and f.iso_code_639_1.name.lower() == code for f in found
            ) / len(texts)
        cost = (time.process_time() - started) / sum(map(len, lines.values())) * 1000
        print(
            f"  {mode}: load {load:.1f} s, peak memory +{grown:.0f} MB, "
            f"{cost:.3f} s per 1,000 sentences"
        )
        print("   " + "  ".join(f"{c} {r:.3f}" for c, r in right.items()))
        del lingua
    print("  newsclean, same sentences (its second opinion's lingua models loading as needed):")
    config = SETTINGS.language
    started = time.process_time()
    ours = {}
    for code, texts in lines.items():
        found = [identify(t, config).language for t in texts]
        ours[code] = sum(f == code for f in found) / len(texts)
    cost = (time.process_time() - started) / sum(map(len, lines.values())) * 1000
    print(f"   {cost:.3f} s per 1,000 sentences")
    print("   " + "  ".join(f"{c} {r:.3f}" for c, r in ours.items()))


def report_second_opinion() -> None:
    """Lingua's load time and memory for every language the second opinion may ask."""
    languages = sorted(
        {w.language for w in weak_languages()} | {c for w in weak_languages() for c in w.checks}
    )
    lingua = sorted({x for lang in languages for x in (("nb", "nn") if lang == "no" else (lang,))})
    before = peak_memory_mb()
    started = time.perf_counter()
    detector(tuple(lingua))
    load = time.perf_counter() - started
    grown = peak_memory_mb() - before
    print(f"\n## 5. The second opinion (rules/language_second_opinion.toml): {len(lingua)} lingua")
    print(f"languages at most ({' '.join(lingua)}): load {load:.1f} s, peak memory +{grown:.0f} MB")
    print("(a process loads only the ones its texts need; per-language accuracy with and")
    print("without it: section 1, columns newsclean and no lingua)")


def report_misses(codes: list[str]) -> None:
    """Each sentence of `codes` newsclean gets wrong, with what it was taken for."""
    config = SETTINGS.language
    for code in codes:
        lines = (DATA / "sentences" / f"{code}.txt").read_text(encoding="utf-8")
        lines = lines.rstrip("\n").split("\n")
        misses = []
        for line in lines:
            probabilities = langdetect_probabilities(line, config.seed)
            counts = LetterCounts.of(line)
            alone = decide(
                counts, lambda p=probabilities: p, config.min_confidence, config.min_words
            )
            guess = second_opinion(line, counts, alone)
            if not is_right(code, guess.language):
                misses.append((guess, alone, line))
        right = len(lines) - len(misses)
        print(f"\n{code}: {right} of {len(lines)} right ({right / len(lines):.3f}); the misses:")
        print(f"  {'taken for':9} {'rule':14} {'no lingua':9} line")
        for guess, alone, line in misses:
            print(f"  {guess.language!s:9} {guess.rule:14} {alone.language!s:9} {line[:140]}")


def main() -> None:
    print("Command: " + shlex.join([".venv/bin/python", "bench/language.py", *sys.argv[1:]]))
    if not DATA.is_dir():
        print(f"No development data at {DATA}; nothing to measure.")
        return
    if "--misses" in sys.argv[1:]:
        report_misses(sys.argv[sys.argv.index("--misses") + 1].split(","))
        return
    started = time.perf_counter()
    with multiprocessing.Pool(2) as pool:
        results = line_results(pool)
        if "--fit" in sys.argv[1:]:
            fit(results)
        report_lines(results)
        report_confidence(results)
    with multiprocessing.Pool(2) as pool:
        report_documents(pool, foreign_any=False)
        report_documents(pool, foreign_any=True)
    # in fresh processes: the models the documents loaded would hide the load and memory
    fresh = multiprocessing.get_context("spawn")
    for report in (report_lingua, report_second_opinion):
        with fresh.Pool(1) as pool:
            pool.apply(report)
    print(f"\nTime: {time.perf_counter() - started:.0f} s with 2 processes")


if __name__ == "__main__":
    main()
