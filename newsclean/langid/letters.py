"""Letters counted per script, and the letter rules of `rules/language_letters.toml`."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from newsclean.settings import RULES_DIR

# Unicode names whose first word is not the script's usual name.
_SCRIPT_ALIASES = {"Cjk": "Han"}


@cache
def script_of(char: str) -> str:
    """The script of a letter, from its Unicode name ("Latin", "Cyrillic", "Han", ...)."""
    name = unicodedata.name(char, "")
    first = re.split(r"[ -]", name, maxsplit=1)[0].title() if name else "Unknown"
    return _SCRIPT_ALIASES.get(first, first)


@dataclass(frozen=True)
class LetterCounts:
    """How many letters of each script a text has, each letter's count and the words
    (lowercase, homoglyphs folded)."""

    by_script: Counter[str]
    letters: Counter[str]
    words: tuple[str, ...] = ()
    # how many words of language the text holds, and whether one is in lowercase (see
    # `language_word_count`)
    language_words: int = 0
    lowercase_word: bool = False
    # words the text writes capitalised only (lowercase, folded): names as often as words
    # ("Ang Lee", "Ito", "Mae West"), so no evidence of a language by its own words
    capitalised_only: frozenset[str] = frozenset()

    @classmethod
    def of(cls, text: str) -> LetterCounts:
        folded = fold_homoglyphs(text.lower())
        letters = Counter({ch: n for ch, n in Counter(folded).items() if ch.isalpha()})
        by_script: Counter[str] = Counter()
        for ch, n in letters.items():
            by_script[script_of(ch)] += n
        words = _words(folded)
        return cls(by_script, letters, words, *language_word_count(text), _capitalised_only(text))

    @classmethod
    def joined(cls, parts: Iterable[LetterCounts]) -> LetterCounts:
        """The counts of texts joined by line breaks, from each text's: no word, letter or
        lowercasing context (Greek final sigma) reaches across a line break."""
        by_script: Counter[str] = Counter()
        letters: Counter[str] = Counter()
        words: list[str] = []
        language_words = 0
        lowercase_word = False
        capitalised: set[str] = set()
        uncapitalised: set[str] = set()
        for part in parts:
            by_script.update(part.by_script)
            letters.update(part.letters)
            words.extend(part.words)
            language_words += part.language_words
            lowercase_word = lowercase_word or part.lowercase_word
            capitalised |= part.capitalised_only
            uncapitalised.update(w for w in part.words if w not in part.capitalised_only)
        return cls(
            by_script,
            letters,
            tuple(words),
            language_words,
            lowercase_word,
            frozenset(capitalised - uncapitalised),
        )

    def has_language(self, min_words: int) -> bool:
        """Whether the text holds enough words to have a language: `min_words`, or one fewer
        when one is in lowercase (two words with one in lowercase are a sentence, "Солнце
        высоко."; two capitalised ones more likely a name or a title, "Kappa's Lair")."""
        return self.language_words + self.lowercase_word >= min_words

    @property
    def total(self) -> int:
        return sum(self.by_script.values())

    @property
    def script(self) -> str | None:
        """The script most letters are in (ties broken by name, for determinism)."""
        if not self.by_script:
            return None
        return min(self.by_script.items(), key=lambda kv: (-kv[1], kv[0]))[0]

    def in_script(self, script: str) -> Counter[str]:
        return Counter({ch: n for ch, n in self.letters.items() if script_of(ch) == script})


def _combining_marks() -> str:
    """The combining marks (Unicode categories Mn, Mc, Me) of the first two planes as ranges
    of a character class: the vowel signs and viramas inside words of Indic scripts, which
    \\w leaves out ("नमस्ते" would be two words, "नमस" and "त")."""
    marks = sorted(map(ord, _MARKS))
    ranges = []
    start = previous = marks[0]
    for code in marks[1:]:
        if code != previous + 1:
            ranges.append((start, previous))
            start = code
        previous = code
    ranges.append((start, previous))
    return "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in ranges)


_MARKS = frozenset(
    chr(c) for c in range(0x300, 0x20000) if unicodedata.category(chr(c)).startswith("M")
)
_LETTER_OR_MARK = rf"(?:[^\W\d_]|[{_combining_marks()}])"
_WORD = re.compile(rf"{_LETTER_OR_MARK}+")
# _WORD where a text holds no combining mark: the regex engine tests a character against the
# marks' hundreds of ranges one by one, which took most of the language step's word split.
_LETTERS_ONLY_WORD = re.compile(r"[^\W\d_]+")


def _capitalised_only(text: str) -> frozenset[str]:
    """The words (lowercase, homoglyphs folded) `text` writes with a capital first letter
    and never without one; the first word of a sentence counts as written without (its
    capital is the grammar's, not a name's)."""
    capitalised: set[str] = set()
    uncapitalised: set[str] = set()
    word = _LETTERS_ONLY_WORD if _MARKS.isdisjoint(text) else _WORD
    end = None
    for match in word.finditer(text):
        sentence_start = end is None or _SENTENCE_STOP.search(text, end, match.start())
        end = match.end()
        folded = fold_homoglyphs(match.group().lower())
        if sentence_start or not match.group()[0].isupper():
            uncapitalised.add(folded)
        else:
            capitalised.add(folded)
    return frozenset(capitalised - uncapitalised)


_SENTENCE_STOP = re.compile(r"[.!?…:;\n]")


def _words(text: str) -> tuple[str, ...]:
    """_WORD's words of `text`."""
    if _MARKS.isdisjoint(text):
        return tuple(_LETTERS_ONLY_WORD.findall(text))
    return tuple(_WORD.findall(text))


# Tokens (split at white space) that are no words of a language, whatever letters they hold:
# addresses, mail addresses, handles, hashtags and anything with a digit or an underscore
# (user names, codes, versions, times: "Fallen_Angel", "48213-B", "v2.0", "10:29").
_NOT_LANGUAGE_TOKEN = re.compile(r"^\W*[@#]|://|^\W*www\.|@|[\d_]")
# a token holding letters of a script without spaces is a run of text, digits or not
_UNSPACED_TOKEN_OK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f"
    "\u1780-\u17ff\u0f00-\u0fff]"
)
_APOSTROPHE_WORD = re.compile(rf"{_LETTER_OR_MARK}+(?:['’]{_LETTER_OR_MARK}+)*")
# Scripts written without spaces between words: every this many letters count as a word.
_UNSPACED_SCRIPTS = frozenset(
    {"Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan"}
)
UNSPACED_LETTERS_PER_WORD = 2


def language_word_count(text: str) -> tuple[int, bool]:
    """How many words of a language `text` holds: runs of letters (with inner apostrophes)
    outside the tokens above, less capitals-only runs of up to three letters (PM, ID, KZ, B:
    abbreviations, initials and codes, the same in every language); in scripts without
    spaces, letter pairs (digits among them do not matter there). And whether one of them is
    a lowercase word of two letters or more: a word of a script without case (Arabic,
    Hebrew, Devanagari, Hangul, Han, ...) counts as one, since no capital marks it a name."""
    count = unspaced = 0
    lowercase = False
    for token in text.split():
        words, letters, lowercase_word = _token_words(token)
        count += words
        unspaced += letters
        lowercase = lowercase or lowercase_word
    return count + unspaced // UNSPACED_LETTERS_PER_WORD, lowercase


# Words of running text repeat (Zipf): each distinct token is weighed once per process,
# which takes most of the language step's cost off long documents.
@lru_cache(maxsize=1 << 16)
def _token_words(token: str) -> tuple[int, int, bool]:
    """What one token (split at white space) adds to `language_word_count`: its words of a
    language, its letters of scripts without spaces, and whether it holds a lowercase word."""
    count = unspaced = 0
    lowercase = False
    if _NOT_LANGUAGE_TOKEN.search(token) and not _UNSPACED_TOKEN_OK.search(token):
        return 0, 0, False
    for word in _APOSTROPHE_WORD.findall(token):
        scripts = {_WORD_CHAR_SCRIPTS[ch] for ch in word}
        uncased = word.lower() == word.upper()
        if scripts & _UNSPACED_SCRIPTS:
            letters = sum(_WORD_CHAR_SCRIPTS[ch] in _UNSPACED_SCRIPTS for ch in word)
            unspaced += letters
            lowercase = lowercase or (uncased and letters >= UNSPACED_LETTERS_PER_WORD)
        elif _NOT_LANGUAGE_TOKEN.search(token):
            continue  # a code or a handle next to words of a script without spaces
        elif word.islower() or (len(word) > 1 and not (word.isupper() and len(word) <= 3)):
            count += 1
            lowercase = lowercase or ((word.islower() or uncased) and len(word) > 1)
    return count, unspaced, lowercase


class _ScriptTable(dict[str, "str | None"]):
    """The script of each character _WORD takes into words (None for the others), looked up
    once per character."""

    def __missing__(self, ch: str) -> str | None:
        self[ch] = script_of(ch) if ch.isalnum() and not ch.isdecimal() else None
        return self[ch]


_WORD_CHAR_SCRIPTS = _ScriptTable()


def fold_homoglyphs(text: str) -> str:
    """Latin look-alikes inside Cyrillic words read as the Cyrillic letters they stand for."""
    rules = letter_rules()
    scripts = set(map(_WORD_CHAR_SCRIPTS.__getitem__, set(text)))
    scripts.discard(None)
    if "Latin" not in scripts or len(scripts) == 1:
        return text  # only words mixing Latin with another script can change

    def fold(match: re.Match[str]) -> str:
        word = match.group()
        latin = [ch for ch in word if script_of(ch) == "Latin"]
        if (
            latin
            and len(latin) < len(word) / 2
            and all(ord(ch) in rules.homoglyphs for ch in latin)
        ):
            return word.translate(rules.homoglyphs)
        return word

    return _WORD.sub(fold, text)


# A paragraph plainly shares a language when at least this many and this share of its words
# are that language's own function words, and this many times more than any other's.
PLAIN_MIN_WORDS = 3
PLAIN_SHARE = 0.1
PLAIN_MARGIN = 3


def tolerance(letters: int) -> int:
    """Letters a text may have outside a language's alphabet (quoted names, loanwords)."""
    return letters // 100


def outside_alphabet(letters: Counter[str], alphabet: frozenset[str]) -> int:
    return sum(n for ch, n in letters.items() if ch not in alphabet)


@dataclass(frozen=True)
class WordsWithoutList:
    """A language found by its own words (or words showing its spelling cues) when a close
    one is named: one with no word list, or one the close language's list takes words of."""

    language: str
    close: frozenset[str]
    min_words: int
    words: frozenset[str]
    cues: tuple[re.Pattern[str], ...] = ()

    def hits(self, words: tuple[str, ...], capitalised_only: frozenset[str]) -> int:
        """How many different words of the text are the language's own or show its cues
        (a word said twice, Slovene "kaj ... kaj", is one); a word the text writes only
        capitalised may be a name and does not count."""
        distinct = set(words) - capitalised_only
        own = len(distinct & self.words)
        if not self.cues:
            return own
        return own + sum(1 for _ in filter(self._any_cue.search, distinct - self.words))

    @cached_property
    def _any_cue(self) -> re.Pattern[str]:
        """One search for all the cues: a word shows one exactly when this finds a match
        (a text's words are searched once each, not once per cue)."""
        return re.compile("|".join(f"(?:{cue.pattern})" for cue in self.cues))


@dataclass(frozen=True)
class LetterRules:
    unique_scripts: dict[str, str]
    han_with_kana: str
    han_without_kana: str
    langdetect_codes: dict[str, str]
    cyrillic: dict[str, frozenset[str]]
    latin_signatures: dict[str, frozenset[str]]
    langdetect_scripts: dict[str, frozenset[str]]
    cyrillic_order: tuple[str, ...]
    words_without_signature: frozenset[str]
    homoglyphs: dict[int, str]
    cyrillic_words: dict[str, frozenset[str]]  # words listed for one language only
    # spelling patterns inside a word that only one Cyrillic language writes
    cyrillic_cues: dict[str, tuple[re.Pattern[str], ...]]
    # function words listed for one language only, Latin and Cyrillic
    function_words: dict[str, frozenset[str]]
    # languages found by their words among close languages that have a word list
    words_without_list: tuple[WordsWithoutList, ...] = ()
    # letters a language's texts hold for letters of its own (legacy fonts): they fit its
    # alphabet without being in it (no signature, no part of its size)
    cyrillic_variants: dict[str, frozenset[str]] = field(default_factory=dict)
    # close languages often typed without their diacritics: a text of them that has none
    # is compared with their word lists written without diacritics
    typed_without_diacritics: frozenset[str] = frozenset()
    # every letter beyond a to z some Latin-script languages write (no other may be theirs)
    latin_beyond_ascii: dict[str, frozenset[str]] = field(default_factory=dict)

    def latin_excluded(self, counts: LetterCounts) -> frozenset[str]:
        """The languages of `latin_beyond_ascii` the text cannot be in: a word of it, not
        written only capitalised, holds a Latin letter beyond a to z they do not write."""
        beyond = {
            ch
            for word in counts.words
            if word not in counts.capitalised_only
            for ch in word
            if not ch.isascii() and ch.isalpha() and script_of(ch) == "Latin"
        }
        return frozenset(
            lang for lang, letters in self.latin_beyond_ascii.items() if beyond - letters
        )

    @cached_property
    def cyrillic_fitting(self) -> dict[str, frozenset[str]]:
        """The letters a text in each Cyrillic language may hold: its alphabet and their
        variants."""
        return {
            lang: alphabet | self.cyrillic_variants.get(lang, frozenset())
            for lang, alphabet in self.cyrillic.items()
        }

    def word_evidence(self, language: str, words: tuple[str, ...]) -> int:
        """How many of the words are the language's own function words or show its own
        spelling patterns."""
        own = self.cyrillic_words.get(language, frozenset())
        cues = self.cyrillic_cues.get(language, ())
        return sum(w in own or any(c.search(w) for c in cues) for w in words)

    def plainly_in(self, language: str, words: tuple[str, ...]) -> bool:
        """Whether the words plainly belong to `language`: many of its own function words,
        and far more than of any other language's."""
        owners = self.function_word_owner
        hits = Counter(map(owners.get, words))
        hits.pop(None, None)  # words no language owns
        mine = hits.pop(language, 0)
        return mine >= max(PLAIN_MIN_WORDS, PLAIN_SHARE * len(words)) and mine >= (
            PLAIN_MARGIN * max(hits.values(), default=0)
        )

    def plain_language(self, words: tuple[str, ...], min_hits: int) -> str | None:
        """The language whose own function words the words show at least `min_hits` times,
        and `PLAIN_MARGIN` times more than any other's; None when none does."""
        hits = Counter(map(self.function_word_owner.get, words))
        hits.pop(None, None)
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        if not ranked or ranked[0][1] < min_hits:
            return None
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        return ranked[0][0] if ranked[0][1] >= PLAIN_MARGIN * runner_up else None

    @cached_property
    def function_word_owner(self) -> dict[str, str]:
        """The language of each function word (each is listed for one language only)."""
        return {w: lang for lang, own in self.function_words.items() for w in own}

    def cyrillic_signature(self, language: str) -> frozenset[str]:
        """Letters of a Cyrillic language that none of langdetect's Cyrillic languages use."""
        known = self.langdetect_scripts.get("Cyrillic", frozenset())
        used = set().union(*(self.cyrillic[k] for k in known if k in self.cyrillic))
        return self.cyrillic[language] - used


@cache
def letter_rules() -> LetterRules:
    with (RULES_DIR / "language_letters.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    with (RULES_DIR / "language_words.toml").open("rb") as handle:
        words = tomllib.load(handle)
    listed = {lang: set(text.split()) for lang, text in words["cyrillic"].items()}
    seen = Counter(word for words in listed.values() for word in words)
    latin = {lang: set(text.split()) for lang, text in words["latin"].items()}
    seen_anywhere = seen + Counter(word for words in latin.values() for word in words)
    homoglyphs = raw["cyrillic_homoglyphs"]
    return LetterRules(
        unique_scripts=dict(raw["unique_scripts"]),
        han_with_kana=raw["han"]["with_kana"],
        han_without_kana=raw["han"]["without_kana"],
        langdetect_codes=dict(raw["langdetect_codes"]),
        cyrillic={lang: frozenset(letters) for lang, letters in raw["cyrillic"].items()},
        cyrillic_variants={
            lang: frozenset(letters) for lang, letters in raw["cyrillic_variants"].items()
        },
        latin_signatures={
            lang: frozenset(letters) for lang, letters in raw["latin_signatures"].items()
        },
        latin_beyond_ascii={
            lang: frozenset(letters) for lang, letters in raw["latin_beyond_ascii"].items()
        },
        langdetect_scripts={
            script: frozenset(langs) for script, langs in raw["langdetect_scripts"].items()
        },
        cyrillic_order=tuple(raw["cyrillic_preference"]["order"]),
        words_without_signature=frozenset(raw["cyrillic_preference"]["words_without_signature"]),
        homoglyphs=str.maketrans(homoglyphs["latin"], homoglyphs["cyrillic"]),
        cyrillic_words={
            lang: frozenset(w for w in ws if seen[w] == 1) for lang, ws in listed.items()
        },
        cyrillic_cues={
            lang: tuple(re.compile(cue) for cue in text.split())
            for lang, text in words["cyrillic_cues"].items()
        },
        words_without_list=tuple(
            WordsWithoutList(
                lang,
                frozenset(rule["close"]),
                rule["min_words"],
                frozenset(rule["words"].split()),
                tuple(re.compile(cue) for cue in rule.get("cues", "").split()),
            )
            for lang, rule in sorted(words["words_without_list"].items())
        ),
        typed_without_diacritics=frozenset(words["typed_without_diacritics"]["languages"]),
        function_words={
            lang: frozenset(w for w in ws if seen_anywhere[w] == 1)
            for lang, ws in {**listed, **latin}.items()
        },
    )
