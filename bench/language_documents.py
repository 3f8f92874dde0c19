"""Documents built from the langid-dev sentences, and the cost of the language step on them.

Each document: 8 to 12 dev sentences of one language (one paragraph each), one line without
language (a chat timestamp, a handle, hashtags, an address, a code, a version: made up here
from random letters and digits), and in half of them one or two sentences of another language
(one newsclean can name, or any of the 75) at random places. Shared by bench/language.py;
run alone it times the language step, so that it can time another checkout's step on the
same documents:

    PYTHONPATH=. .venv/bin/python bench/language_documents.py
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/language_documents.py
"""

from __future__ import annotations

import random
import resource
import shlex
import string
import sys
import time
from pathlib import Path

from newsclean.document import Document, Paragraph, Source
from newsclean.langid.letters import letter_rules
from newsclean.settings import Settings
from newsclean.steps.language import detect_language

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "langid-dev"
AIM = ("en", "ru", "uk", "kk", "be", "bg", "mk", "it", "de", "fr", "tr")
NO_LANGUAGE = "-"  # the gold label of a line without language


def made_up_word(rng: random.Random, capital: bool = True) -> str:
    word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9)))
    return word.title() if capital else word


def no_language_line(rng: random.Random) -> str:
    """A line with no language in it, of a kind news pages and chat logs carry."""
    hour, minute = rng.randint(1, 12), rng.randint(0, 59)
    number = rng.randint(100, 99999)
    shapes = [
        lambda: f"{made_up_word(rng)} ({hour}:{minute:02d} {rng.choice(['AM', 'PM'])}) :",
        lambda: f"{made_up_word(rng)}_{made_up_word(rng)} ({hour}:{minute:02d} PM) :",
        lambda: f"#{made_up_word(rng)}{rng.randint(2000, 2030)} #{made_up_word(rng)[:2].upper()}",
        lambda: f"@{made_up_word(rng, False)}_{made_up_word(rng, False)}_{rng.randint(1, 99)}",
        lambda: f"ID: {number}-{rng.choice(string.ascii_uppercase)} / {rng.randint(1990, 2030)}",
        lambda: (
            f"{made_up_word(rng)}'s {made_up_word(rng)} v{rng.randint(1, 9)}.{rng.randint(0, 9)}"
        ),
        lambda: f"https://{made_up_word(rng, False)}.kz/{made_up_word(rng, False)}/{number}",
        lambda: (
            f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.{rng.randint(2000, 2030)} "
            f"{hour:02d}:{minute:02d}"
        ),
        lambda: f"{made_up_word(rng)}: {number}",
    ]
    return rng.choice(shapes)()


def sentences() -> dict[str, list[str]]:
    return {
        path.stem: path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        for path in sorted((DATA / "sentences").glob("*.txt"))
    }


def nameable() -> frozenset[str]:
    """The languages newsclean can name ("no" stands for nb and nn)."""
    rules = letter_rules()
    codes = {
        rules.langdetect_codes.get(x, x) for xs in rules.langdetect_scripts.values() for x in xs
    }
    codes |= set(rules.unique_scripts.values()) | {rules.han_with_kana, rules.han_without_kana}
    codes |= set(rules.cyrillic) | set(rules.latin_signatures)
    return frozenset(codes | {"nb", "nn"})


def build_documents(
    per_language: int, foreign_any: bool = False, seed: int = 0
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(language, [(gold, paragraph)]) for each document (see the module docstring). Foreign
    sentences are of languages newsclean can name, or of any when `foreign_any`."""
    rng = random.Random(seed)
    lines = sentences()
    languages = sorted(lines) if foreign_any else sorted(set(lines) & nameable())
    docs = []
    for lang in AIM:
        for n in range(per_language):
            paragraphs = [(lang, s) for s in rng.sample(lines[lang], rng.randint(8, 12))]
            paragraphs.insert(
                rng.randrange(len(paragraphs) + 1), (NO_LANGUAGE, no_language_line(rng))
            )
            if n % 2:
                for _ in range(rng.randint(1, 2)):
                    foreign = rng.choice([x for x in languages if x != lang])
                    text = rng.choice(lines[foreign])
                    paragraphs.insert(rng.randrange(len(paragraphs) + 1), (foreign, text))
            docs.append((lang, paragraphs))
    return docs


def as_document(paragraphs: list[tuple[str, str]]) -> Document:
    source = Source(path="bench", sha256="", format="text")
    return Document(id="d", source=source, paragraphs=[Paragraph(t) for _, t in paragraphs])


def time_step(docs: list[tuple[str, list[tuple[str, str]]]], settings: Settings) -> float:
    """Seconds of the language step per 1,000 paragraphs (after one warm-up document)."""
    detect_language(as_document(docs[0][1]), settings)
    started = time.process_time()
    for _, paragraphs in docs:
        detect_language(as_document(paragraphs), settings)
    return (time.process_time() - started) / sum(len(p) for _, p in docs) * 1000


def main() -> None:
    print("Command: " + shlex.join(["bench/language_documents.py", *sys.argv[1:]]))
    if not DATA.is_dir():
        print(f"No development data at {DATA}; nothing to measure.")
        return
    docs = build_documents(per_language=30)
    paragraphs = sum(len(p) for _, p in docs)
    print(f"{len(docs)} documents, {paragraphs} paragraphs")
    first = time_step(docs, Settings())
    again = time_step(docs, Settings())
    print(
        f"language step: {first:.3f} s of CPU per 1,000 paragraphs (first pass, models loading "
        f"as needed), {again:.3f} s (second pass)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
