"""Names on open text: how many "names" are common words, and how many groups of spellings
join a common word, on real sentences of many languages rather than on lists of names.

Documents:
- the Leipzig news sentences of ../shared/data/langid-dev/sentences (measurement only),
  five sentences (one paragraph each) to a document, for the languages in LANGUAGES;
- the expected texts of newspaper4k's test pages (English, Spanish, Latvian news) when a
  copy of that repository is at NEWSPAPER4K (a git directory; `--newspaper4k PATH`);
- the seeds (Kazakh deputies' names in Latin, Russian and Kazakh spellings).
Each goes through the language step, find_mentions and NameVariants (collect, decide,
apply), as in the pipeline.

A mention word is judged a common word (the judge reads every sentence file of langid-dev,
75 languages, 37,500 sentences, about 25 times what the method sees, and counts case there)
when
- it is a month, weekday, title or contraction (rules/name_words.toml), or
- the reference writes it in lowercase at least as often as it capitalises it inside a
  sentence, or
- in German text, it is frequent (Zipf 3.5 or more) in the German wordfreq list and listed
  by fewer than two lists of en, fr, es, it, pl, ru (a German noun: the same test as the
  method's, there being no other).
The judge counts case in every language at once, so a name in its own language that is a
word of another (Francia, "French" in Hungarian) counts as a common word; the groups are
also judged counting case only in the sentences of the language each spelling stood in.
The judge misses ordinary words the reference never writes in lowercase (University, Act):
the 50 most frequent names are printed for reading.
Printed: the share of distinct name words and of mentions that are common words, the 50
most frequent names with the common words among them marked, and the groups of two or
more spellings: how many join a common word (per 1,000 documents, with examples), each
listed for reading.

Run: PYTHONPATH=. .venv/bin/python bench/names_open_text.py [--newspaper4k GIT_DIR]
     [--sentences N] [--list-groups]
It runs the code on PYTHONPATH, so pointing PYTHONPATH at an older checkout measures that.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

from newsclean.corpus.variants import VARIANTS_FILE, NameVariants, name_words
from newsclean.document import Document, Paragraph, Source
from newsclean.readers.read import read_path
from newsclean.settings import Settings
from newsclean.steps.language import detect_language
from newsclean.steps.names import find_mentions

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT.parent / "shared" / "data" / "langid-dev" / "sentences"
NEWSPAPER4K = Path("/work/.mirror/AndyTheFactory+newspaper4k/repo")
NEWSPAPER4K_TEXTS = "tests/data/txt"
NEWSPAPER4K_FILES = [
    "article_with_br",
    "cleveland.com1",
    "cnn_001",
    "cnn_002",
    "cnn_article",
    "cnn_test_nlp",
    "fox13now_001",
    "latvian_article",
    "spanish_article",
    "time_001",
    "video_article_01",
    "video_article_02",
    "wired_001",
]
LANGUAGES = ["en", "de", "fr", "es", "it", "pl", "pt", "nl", "ru", "uk", "kk", "be", "bg", "lv"]
PER_DOCUMENT = 5
# how the corpus step joins the words of a name of several words (a unit: New York); code
# from before units never has one among its forms
UNIT_JOINER = "\u00a0"
NOUNS_CAPITALISED = {"de", "lb"}
MIN_ZIPF = 3.5
INTERNATIONAL = ["en", "fr", "es", "it", "pl", "ru"]
_WORD = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*")
_OPENING = "\"'«“„‘([ \t-–—"
_SENTENCE_END = ".!?…:;"


def option(name: str, default: str | None) -> str | None:
    args = sys.argv[1:]
    return args[args.index(name) + 1] if name in args else default


def source(path: str) -> Source:
    return Source(path=path, sha256="", format="text")


def sentence_documents(limit: int) -> list[Document]:
    docs = []
    for language in LANGUAGES:
        path = SENTENCES / f"{language}.txt"
        if not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()[:limit]
        for start in range(0, len(lines), PER_DOCUMENT):
            name = f"sentences/{language}/{start // PER_DOCUMENT:03d}"
            paragraphs = [Paragraph(t) for t in lines[start : start + PER_DOCUMENT] if t]
            docs.append(Document(id=name, source=source(name), paragraphs=paragraphs))
    return docs


def newspaper_documents(git_dir: Path) -> list[Document]:
    docs = []
    for name in NEWSPAPER4K_FILES:
        shown = subprocess.run(
            ["git", "-C", str(git_dir), "show", f"HEAD:{NEWSPAPER4K_TEXTS}/{name}.txt"],
            capture_output=True,
            check=False,
        )
        if shown.returncode:
            continue
        text = shown.stdout.decode("utf-8", "replace")
        paragraphs = [Paragraph(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
        doc_id = f"newspaper4k/{name}"
        docs.append(Document(id=doc_id, source=source(doc_id), paragraphs=paragraphs))
    return docs


def seed_documents(settings: Settings) -> list[Document]:
    seeds = ROOT / "seeds"
    return [
        doc
        for path in sorted(seeds.glob("*.txt"))
        for doc in read_path(path, seeds, settings.readers).documents
    ]


class Judge:
    """Whether a word is a common word, by case in every langid-dev sentence file."""

    def __init__(self) -> None:
        self.lower: Counter[str] = Counter()
        self.inside: Counter[str] = Counter()  # capitalised inside a sentence
        self.inside_nouns_lowercase: Counter[str] = Counter()  # ... of such a language
        # the same counts by the language of the sentence file: (language, word)
        self.lower_in: Counter[tuple[str, str]] = Counter()
        self.inside_in: Counter[tuple[str, str]] = Counter()
        for path in sorted(SENTENCES.glob("*.txt")):
            nouns_capitalised = path.stem in NOUNS_CAPITALISED
            for line in path.read_text(encoding="utf-8").splitlines():
                for match in _WORD.finditer(line):
                    word = match.group()
                    if word.islower():
                        self.lower[word] += 1
                        self.lower_in[path.stem, word] += 1
                    elif word[0].isupper() and not word.isupper():
                        before = line[: match.start()].rstrip(_OPENING)
                        if before and before[-1] not in _SENTENCE_END:
                            key = word.casefold()
                            self.inside[key] += 1
                            self.inside_in[path.stem, key] += 1
                            if not nouns_capitalised:
                                self.inside_nouns_lowercase[key] += 1
        with (ROOT / "newsclean" / "rules" / "name_words.toml").open("rb") as handle:
            rules = tomllib.load(handle)
        self.never = {w for text in rules["never"].values() for w in text.split()}

    def common(self, word: str, language: str | None) -> bool:
        from wordfreq import zipf_frequency

        key = word.casefold()
        if key in self.never:
            return True
        if self.lower[key] and self.lower[key] >= self.inside[key]:
            return True
        if language not in NOUNS_CAPITALISED:
            return False
        if zipf_frequency(key, "de", wordlist="small") < MIN_ZIPF:
            return False
        listed = sum(zipf_frequency(key, code, wordlist="small") > 0 for code in INTERNATIONAL)
        return listed < 2

    def common_in_own_language(self, word: str, language: str | None) -> bool:
        """`common`, counting case only in the sentences of the language the word stood in
        ("a common word in its own language": Francia, a name in Spanish, is
        "French" in Hungarian)."""
        key = word.casefold()
        if language is None:
            return self.common(word, language)
        lower = self.lower_in[language, key]
        if key in self.never or (lower and lower >= self.inside_in[language, key]):
            return True
        return language in NOUNS_CAPITALISED and self.common(word, language)


def main() -> None:
    print("Command: " + shlex.join(["python", "bench/names_open_text.py", *sys.argv[1:]]))
    if not SENTENCES.is_dir():
        print(f"No sentences at {SENTENCES}; nothing to measure.")
        return
    settings = Settings()
    limit = int(option("--sentences", "500") or 500)
    docs = sentence_documents(limit)
    git_dir = Path(option("--newspaper4k", str(NEWSPAPER4K)) or NEWSPAPER4K)
    if (git_dir / "HEAD").is_file():
        docs += newspaper_documents(git_dir)
    docs += seed_documents(settings)
    started = time.perf_counter()
    docs = [find_mentions(detect_language(doc, settings), settings) for doc in docs]
    found = time.perf_counter() - started
    step = NameVariants()
    started = time.perf_counter()
    facts = {doc.id: step.collect(doc, settings) for doc in docs}
    decision = step.decide(facts, None, settings)
    applied = step.applied(decision)
    docs = [step.apply(doc, applied, settings) for doc in docs]
    corpus = time.perf_counter() - started
    print(
        f"{len(docs)} documents ({len(LANGUAGES)} languages of sentences, newspaper4k pages, "
        f"seeds); find_mentions {1000 * found / len(docs):.2f} ms a document (with language), "
        f"the corpus step {1000 * corpus / len(docs):.2f} ms"
    )
    judge = Judge()
    language_of: dict[str, str | None] = {}
    counts: Counter[str] = Counter()
    for doc in docs:
        for mention in doc.mentions:
            paragraph = doc.paragraphs[mention.paragraph]
            # a mention that is one name of several words (New York) counts as one
            unit = UNIT_JOINER.join(name_words(mention.form))
            words = [unit] if unit in decision.canonical else name_words(mention.form)
            for word in words:
                if word in decision.canonical or not hasattr(decision, "names"):
                    counts[word] += 1
                    language_of.setdefault(word, paragraph.language)
    common = {w for w in counts if judge.common(w, language_of[w])}
    mentions = sum(counts.values())
    print(
        f"Name words: {len(counts)} distinct, {len(common)} common words "
        f"({100 * len(common) / max(1, len(counts)):.1f}%); of {mentions} name-word mentions "
        f"{100 * sum(counts[w] for w in common) / max(1, mentions):.1f}% are common words"
    )
    top = counts.most_common(50)
    shown = {word: word.replace(UNIT_JOINER, " ") for word, _ in top}
    print(
        f"50 most frequent names ({sum(w in common for w, _ in top)} common words, marked *):",
        " | ".join(f"{shown[w]}{'*' if w in common else ''}:{n}" for w, n in top),
    )
    kinds = Counter(m.kind for doc in docs for m in doc.mentions if hasattr(m, "kind"))
    print("Mentions by kind:", dict(sorted(kinds.items(), key=lambda kv: str(kv[0]))))
    groups = [
        (canonical, [v.form for v in variants])
        for canonical, variants in decision.groups
        if len(variants) > 1
    ]
    joined = [(c, forms) for c, forms in groups if any(f in common for f in forms)]
    examples = str(joined[:15]).replace(UNIT_JOINER, " ")
    print(
        f"Groups of two or more spellings: {len(groups)}; joining a common word: {len(joined)} "
        f"({100 * len(joined) / max(1, len(groups)):.1f}%), "
        f"{1000 * len(joined) / len(docs):.1f} per 1,000 documents; examples: {examples}"
    )
    own = [
        (c, forms)
        for c, forms in groups
        if any(f in counts and judge.common_in_own_language(f, language_of[f]) for f in forms)
    ]
    print(
        f"... joining a common word of the language it stood in: {len(own)} "
        f"({100 * len(own) / max(1, len(groups)):.1f}%); " + str(own[:15]).replace(UNIT_JOINER, " ")
    )
    if "--list-groups" in sys.argv[1:]:
        for canonical, forms in groups:
            print(f"  {canonical}: {' / '.join(forms)}".replace(UNIT_JOINER, " "))
    print(f"variants.json: {len(step.outputs(decision)[VARIANTS_FILE])} bytes")


if __name__ == "__main__":
    main()
