"""Person and place name mentions in Latin and Cyrillic text, without a model.

A mention is a run of capitalised words ("Kassym-Jomart Tokayev", "Дмитрий Медведев");
hyphenated names are one word; a possessive ending is not part of the name. Skipped:
- acronyms written in capitals (CSTO, NSC), and the lowercase end of a compound made of a
  name ("AI-powered" is AI's, "Moscow-based" Moscow's);
- months, weekdays, titles and honorifics (`rules/name_words.toml`): a title makes the
  name after it a person's ("President Tokayev");
- words the document also writes in lowercase ("President" beside "president"), unless
  they stand inside a sentence right before a name (the "New" of "New York");
- sentence-initial words in the stopword lists of `rules/name_stopwords.toml`, or frequent
  in the frequency lists of their paragraph's language (`names.common_words`), unless the
  document also capitalises them inside a sentence.
What this document alone cannot tell (a word another document writes in lowercase, a
German noun) the corpus step `newsclean.corpus.variants` decides. A mention is a place's
when a place word stands next to it ("the city of Almaty", "Алматы облысы"), a person's
after a title or with a patronymic; otherwise its kind is left to the corpus.
Offsets are into the paragraph's text.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache

from newsclean.document import Document, Mention, Paragraph
from newsclean.names.common_words import is_common_in
from newsclean.settings import RULES_DIR, Settings

_LETTERS = r"[^\W\d_]"
_JOINERS = "-'\u2019"
# What may come before a sentence's first word (after spaces and opening quotes).
_SENTENCE_END = ".!?…:;"
_OPENING = "\"'\u00ab\u201c\u201e\u2018([ \t-\u2013\u2014"
# A word: letters, with inner apostrophes and hyphens.
_WORD_REST = rf"{_LETTERS}*(?:[{_JOINERS}]{_LETTERS}+)*"
_WORDS = re.compile(rf"{_LETTERS}{_WORD_REST}")
_POSSESSIVE = ("'s", "\u2019s")


@cache
def _capitalised_words(astral: bool) -> re.Pattern[str]:
    """Words whose first letter is a capital: only they can be names, and they are a small
    share of a text's words. The search finds them where a word may also continue: see
    `_capitalised`. The capitals are a class of ranges; with capitals beyond the Basic
    Multilingual Plane in it the class is searched range by range, over ten times slower,
    so those are left out for texts without such characters (`astral` false)."""
    limit = sys.maxunicode if astral else 0xFFFF
    codes = [code for code in range(limit + 1) if _is_capital(chr(code))]
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    capitals = "".join(
        re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        for first, last in runs
    )
    return re.compile(rf"[{capitals}]{_WORD_REST}")


def _is_letter(char: str) -> bool:
    return char.isalnum() and not char.isdecimal()  # _LETTERS


def _is_capital(char: str) -> bool:
    return char.isupper() and _is_letter(char)


@cache
def name_stopwords() -> frozenset[str]:
    with (RULES_DIR / "name_stopwords.toml").open("rb") as handle:
        lists = tomllib.load(handle)
    return frozenset(word for text in lists.values() for word in text.split())


@dataclass(frozen=True)
class NameWordRules:
    never: frozenset[str]  # months, weekdays, titles: never a name
    titles: frozenset[str]  # the name after one is a person's
    place_before: frozenset[str]
    place_preposition: frozenset[str]
    language_endings: tuple[str, ...]  # "in Russian": a language, not a place
    languages: frozenset[str]
    place_after: frozenset[str]
    person_endings: tuple[str, ...]


@cache
def name_word_rules() -> NameWordRules:
    with (RULES_DIR / "name_words.toml").open("rb") as handle:
        rules = tomllib.load(handle)
    never = {word for text in rules["never"].values() for word in text.split()}
    return NameWordRules(
        frozenset(never),
        frozenset(rules["never"]["titles"].split()),
        frozenset(rules["place"]["before"].split()),
        frozenset(rules["place"]["preposition"].split()),
        tuple(rules["place"]["language_endings"].split()),
        frozenset(rules["place"]["languages"].split()),
        frozenset(rules["place"]["after"].split()),
        tuple(rules["person"]["endings"].split()),
    )


def find_mentions(doc: Document, settings: Settings) -> Document:
    words = [[_name_part(w) for w in _capitalised(p.text)] for p in doc.paragraphs]
    lowercase = _lowercase_words(doc.paragraphs)
    # capitalised away from a sentence start: a name, wherever else it stands
    confirmed = {
        word
        for paragraph_words in words
        for word, _, _, initial in paragraph_words
        if not initial and _looks_like_name(word)
    }
    mentions: list[Mention] = []
    for index, paragraph in enumerate(doc.paragraphs):
        found = paragraph_mentions(
            paragraph.text, index, words[index], lowercase, confirmed, paragraph.language
        )
        mentions.extend(found)
    doc.mentions = mentions
    return doc


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at `start` starts a sentence: what stands before it, past spaces and
    opening quotes, is the text's start or a sentence's final stop."""
    stop = start - 1
    while stop >= 0 and text[stop] in _OPENING:
        stop -= 1
    return stop < 0 or text[stop] in _SENTENCE_END


def _name_part(word: tuple[str, int, int, bool]) -> tuple[str, int, int, bool]:
    """The word without the lowercase parts that end it after a hyphen: "AI-powered",
    "Moscow-based" and "COVID-related" are adjectives made of a name or an acronym (AI,
    Moscow, COVID), not names; a name's parts are capitalised (Kassym-Jomart,
    Ile-de-France)."""
    text, start, _, initial = word
    parts = text.split("-")
    kept = len(parts)
    while kept > 1 and parts[kept - 1].islower():
        kept -= 1
    if kept == len(parts):
        return word
    cut = "-".join(parts[:kept])
    return cut, start, start + len(cut), initial


def _cut_possessive(word: str) -> str:
    return word[:-2] if word.endswith(_POSSESSIVE) else word


def _lowercase_words(paragraphs: list[Paragraph]) -> set[str]:
    """The words the document writes in lowercase ("president" beside "President")."""
    distinct = set()
    for paragraph in paragraphs:
        distinct.update(_WORDS.findall(paragraph.text))
    return {cut.lower() for cut in map(_cut_possessive, distinct) if cut.islower()}


def _capitalised(text: str) -> list[tuple[str, int, int, bool]]:
    """(word, start, end, sentence-initial) for each capitalised word; a possessive ending
    is cut. A capital after a letter, or after a letter and a joiner, is inside a word
    ("iPhone", "d'Artagnan"). A word starts a sentence when what stands before it, past
    spaces and opening quotes, is the text's start or a sentence's final stop."""
    out = []
    astral = bool(text) and max(text) > "\uffff"
    for match in _capitalised_words(astral).finditer(text):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before and (
            _is_letter(before) or (before in _JOINERS and start > 1 and _is_letter(text[start - 2]))
        ):
            continue
        word = match.group()
        if word.endswith(_POSSESSIVE):
            word, end = word[:-2], end - 2
        out.append((word, start, end, sentence_initial(text, start)))
    return out


def paragraph_mentions(
    text: str,
    index: int,
    words: list[tuple[str, int, int, bool]],
    lowercase: set[str],
    confirmed: set[str],
    language: str | None = None,
) -> list[Mention]:
    """Runs of name words of one paragraph, from its capitalised words. A sentence-initial
    word counts when the document also capitalises it elsewhere, or when a name word follows
    it and it is neither a stopword nor a frequent word of the paragraph's `language`. Two
    capitalised words one space apart have no word between them: they are neighbours."""
    stopwords = name_stopwords()
    rules = name_word_rules()
    names = [
        not w.isupper() and w.lower() not in lowercase and w.lower() not in rules.never
        for w, _, _, _ in words
    ]
    for i, (word, _, end, initial) in enumerate(words):
        if names[i] and initial and word not in confirmed:
            follows = i + 1 < len(words) and names[i + 1] and text[end : words[i + 1][1]] == " "
            names[i] = (
                follows and word.lower() not in stopwords and not is_common_in(word, language)
            )
    # a word the document writes in lowercase, capitalised inside a sentence right before a
    # name of one word, is part of that name: New York, New South Wales, Las Vegas (York
    # alone is another place); the corpus step keeps such a mention whole. Before a name of
    # two words it ends another name ("... and Development Suma Chakraborty").
    attached = [False] * len(words)
    for i in range(len(words) - 2, -1, -1):
        word, _, _, initial = words[i]
        if names[i] or initial or word.isupper() or word.lower() in rules.never:
            continue
        if not _joined(text, words, i):
            continue
        after = i + 1
        longer = after + 1 < len(words) and names[after + 1] and _joined(text, words, after)
        if attached[after] or (names[after] and not longer):
            names[i] = attached[i] = True
    out: list[Mention] = []
    run: list[int] = []
    for i, (_, start, _, _) in enumerate(words):
        joined = bool(run) and text[words[run[-1]][2] : start] == " "
        if not names[i] or not joined:
            if run:
                out.append(_mention(text, index, words, run, rules))
            run = []
        if names[i]:
            run.append(i)
    if run:
        out.append(_mention(text, index, words, run, rules))
    return out


def _joined(text: str, words: list[tuple[str, int, int, bool]], i: int) -> bool:
    """Words i and i + 1 are neighbours: one space apart, no word between them."""
    return text[words[i][2] : words[i + 1][1]] == " "


def _mention(
    text: str,
    index: int,
    words: list[tuple[str, int, int, bool]],
    run: list[int],
    rules: NameWordRules,
) -> Mention:
    start, end = words[run[0]][1], words[run[-1]][2]
    return Mention(text[start:end], index, start, end, kind=_kind(text, words, run, rules))


# the word before a name, past "of" ("the city of Almaty"; but "President of Russia" names
# no person: a title counts only right before the name)
_BEFORE = re.compile(rf"({_LETTERS}+)[.]?\s+((?:of|de|di|du|des|del|von)\s+)?$")
_AFTER = re.compile(rf"^\s+({_LETTERS}+)")


def _kind(
    text: str, words: list[tuple[str, int, int, bool]], run: list[int], rules: NameWordRules
) -> str | None:
    """ "person" after a title or with a patronymic or a Slavic or Kazakh surname ending in a
    name of two words or more; "place" beside a place word; else unknown."""
    start, end = words[run[0]][1], words[run[-1]][2]
    before = _BEFORE.search(text, max(0, start - 40), start)
    previous = before.group(1).lower() if before else ""
    if previous in rules.titles and not before.group(2):
        return "person"
    after = _AFTER.match(text[end : end + 40])
    if previous in rules.place_before or (after and after.group(1).lower() in rules.place_after):
        return "place"
    possessive = text.startswith(_POSSESSIVE, end)
    last = words[run[-1]][0].lower()
    language = last.endswith(rules.language_endings) or last in rules.languages
    if (
        previous in rules.place_preposition
        and not before.group(2)
        and not possessive
        and not language
    ):
        return "place"
    if len(run) > 1 and any(words[i][0].lower().endswith(rules.person_endings) for i in run):
        return "person"
    return None


def _looks_like_name(word: str) -> bool:
    """Capitalised, and not an acronym in capitals (CSTO, NSC)."""
    return word[0].isupper() and not word.isupper()
