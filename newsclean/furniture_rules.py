"""The furniture rules of newsclean/rules/furniture.tsv, parsed once, and matching a paragraph
against them.

Searching a long paragraph for a pattern that may match anywhere in it is most of what
matching costs, and nearly every such search fails. So such a regex rule knows its needles:
literal text one piece of which every match holds (its literal runs, the words of each
alternative). A paragraph whose case fold holds none of them is not searched; one
Aho-Corasick pass over the fold finds every rule's needles at once. A rule anchored
at the paragraph's start ("Read more" alone, "We use cookies ...") knows the letters its
match can start with, and is searched only in a paragraph opening with one of them. Both are
read from the regex engine's own parse of the pattern, and compared as its case-insensitive
matching compares."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property

import ahocorasick

from newsclean.rule_files import data_lines
from newsclean.textnorm import comparison_key

try:  # needles are read from the regex engine's own parse tree and case equivalences, which
    # are private: without them, every regex rule is searched
    from re import _casefix, _parser  # type: ignore[attr-defined]
    from re import _constants as sre  # type: ignore[attr-defined]

    _EXTRA_CASES: dict[int, tuple[int, ...]] = _casefix._EXTRA_CASES
except ImportError:
    _parser = None
    _EXTRA_CASES = {}

RULES_FILE = "furniture.tsv"
CALENDAR_FILE = "furniture_calendar.tsv"

KINDS = frozenset(
    {
        "navigation",
        "related",
        "comments",
        "subscription",
        "promo",
        "cookie",
        "share",
        "calendar",
        "caption",
        "teaser",
        "byline",
        "tags",
        "counter",
        "feedback",
        "advert",
        "copyright",
        "title",
    }
)
MATCHES = frozenset({"line", "prefix", "regex"})
FLAGS = frozenset({"anywhere", "edge", "paired", "section"})


@dataclass(frozen=True)
class FurnitureRule:
    id: str  # file:line, the rule's name in the audit trail
    kind: str
    match: str
    pattern: str
    anywhere: bool  # may fire in the middle of the article
    paired: bool  # fires only next to other furniture
    section: bool  # a heading that takes the link titles after it
    key: str  # the folded phrase (line and prefix rules)
    regex: re.Pattern[str] | None
    # case-folded literal text one piece of which the paragraph holds wherever the regex
    # matches, for a regex whose failing search is costly; empty: always searched
    needles: frozenset[str] = frozenset()
    # case-folded characters one of which starts every match, after the non-word characters
    # that open the paragraph, for a regex anchored at the paragraph's start
    first_chars: frozenset[str] = frozenset()

    @cached_property
    def order(self) -> int:
        return int(self.id.rsplit(":", 1)[1])


@dataclass(frozen=True)
class FurnitureRules:
    by_line: dict[str, tuple[FurnitureRule, ...]]
    prefixes: tuple[FurnitureRule, ...]
    regexes: tuple[FurnitureRule, ...]

    def matching(
        self, text: str, key: str, max_prefix_words: int, anywhere_only: bool = False
    ) -> list[FurnitureRule]:
        """Every rule that matches the paragraph, in file order; only those that may fire in
        the middle of an article with `anywhere_only`."""
        found = list(self.by_line.get(key, ()))
        # a key's words are joined by single spaces
        if key and key.count(" ") < max_prefix_words and key.startswith(self.prefix_keys):
            found.extend(r for r in self.prefixes if key == r.key or key.startswith(r.key + " "))
        scan = self.anywhere_scan if anywhere_only else self.scan
        found.extend(scan.matching(text))
        if anywhere_only:
            found = [r for r in found if r.anywhere]
        if len(found) < 2:
            return found
        return sorted(found, key=lambda r: r.order)

    @cached_property
    def scan(self) -> RegexScan:
        return RegexScan.of(self.regexes)

    @cached_property
    def anywhere_scan(self) -> RegexScan:
        return RegexScan.of(r for r in self.regexes if r.anywhere)

    @cached_property
    def prefix_keys(self) -> tuple[str, ...]:
        """Every prefix rule's key: a paragraph's key starting with none of them matches no
        prefix rule."""
        return tuple(r.key for r in self.prefixes)


@dataclass(frozen=True)
class RegexScan:
    """Regex rules to search a paragraph with, each only where its gate lets the paragraph
    through."""

    searched: tuple[FurnitureRule, ...]  # no gate: always searched
    by_first_char: dict[str, tuple[FurnitureRule, ...]]
    gated: tuple[FurnitureRule, ...]  # by needles
    needles: tuple[str, ...]  # every needle of the gated rules, once

    @cached_property
    def needle_finder(self) -> ahocorasick.Automaton:
        """Every needle, each found as itself wherever it occurs (overlaps included)."""
        finder = ahocorasick.Automaton()
        for needle in self.needles:
            finder.add_word(needle, needle)
        finder.make_automaton()
        return finder

    def held_needles(self, folded: str) -> set[str]:
        """The needles the case-folded paragraph holds."""
        return {needle for _, needle in self.needle_finder.iter(folded)}

    @classmethod
    def of(cls, rules: Iterable[FurnitureRule]) -> RegexScan:
        rules = [r for r in rules if r.regex is not None]
        by_first_char: dict[str, list[FurnitureRule]] = {}
        for rule in rules:
            for char in rule.first_chars:
                by_first_char.setdefault(char, []).append(rule)
        gated = tuple(r for r in rules if r.needles)
        return cls(
            tuple(r for r in rules if not (r.needles or r.first_chars)),
            {char: tuple(group) for char, group in by_first_char.items()},
            gated,
            tuple(sorted(set().union(*(r.needles for r in gated)))),
        )

    def matching(self, text: str) -> list[FurnitureRule]:
        """The rules whose regex the paragraph matches, in no particular order."""
        candidates = list(self.searched)
        # the match of an anchored rule starts at or before the paragraph's first letter
        start = _NON_WORD_RUN.match(text).end()  # type: ignore[union-attr]
        opening = set(case_fold(text[: start + 1]))
        for char in opening:
            candidates.extend(self.by_first_char.get(char, ()))
        if len(opening) > 1:  # a rule may start with more than one of them
            candidates = list({id(rule): rule for rule in candidates}.values())
        if self.gated:
            held = self.held_needles(case_fold(text))
            candidates.extend(r for r in self.gated if not held.isdisjoint(r.needles))
        return [r for r in candidates if r.regex.search(text)]  # type: ignore[union-attr]


@dataclass(frozen=True)
class CalendarWords:
    weekdays: frozenset[str]
    months: frozenset[str]


@cache
def furniture_rules() -> FurnitureRules:
    by_line: dict[str, list[FurnitureRule]] = {}
    prefixes: list[FurnitureRule] = []
    regexes: list[FurnitureRule] = []
    for number, columns in data_lines(RULES_FILE):
        rule = _parse_rule(f"{RULES_FILE}:{number}", columns)
        if rule.match == "line":
            by_line.setdefault(rule.key, []).append(rule)
        elif rule.match == "prefix":
            prefixes.append(rule)
        else:
            regexes.append(rule)
    return FurnitureRules(
        {key: tuple(rules) for key, rules in by_line.items()}, tuple(prefixes), tuple(regexes)
    )


@cache
def calendar_words() -> CalendarWords:
    words: dict[str, set[str]] = {"weekday": set(), "month": set()}
    for number, columns in data_lines(CALENDAR_FILE):
        if len(columns) != 2 or columns[0] not in words:
            raise ValueError(f"{CALENDAR_FILE}:{number}: expected weekday|month<TAB>words")
        words[columns[0]].update(comparison_key(columns[1]).split())
    return CalendarWords(frozenset(words["weekday"]), frozenset(words["month"]))


def _parse_rule(rule_id: str, columns: list[str]) -> FurnitureRule:
    if len(columns) not in (3, 4):
        raise ValueError(f"{rule_id}: expected kind<TAB>match<TAB>pattern[<TAB>flags]")
    kind, match, pattern = (c.strip() for c in columns[:3])
    flags = {f.strip() for f in columns[3].split(",") if f.strip()} if len(columns) == 4 else set()
    if kind not in KINDS:
        raise ValueError(f"{rule_id}: unknown kind {kind!r}")
    if match not in MATCHES:
        raise ValueError(f"{rule_id}: unknown match {match!r}")
    if flags - FLAGS:
        raise ValueError(f"{rule_id}: unknown flags {sorted(flags - FLAGS)}")
    if "section" in flags and match != "line":
        raise ValueError(f"{rule_id}: only a line rule can head a section")
    anywhere = "anywhere" in flags or (match == "line" and "edge" not in flags)
    try:
        regex = re.compile(pattern, re.IGNORECASE) if match == "regex" else None
    except re.error as error:
        raise ValueError(f"{rule_id}: bad regex: {error}") from error
    return FurnitureRule(
        id=rule_id,
        kind=kind,
        match=match,
        pattern=pattern,
        anywhere=anywhere,
        paired="paired" in flags,
        section="section" in flags,
        key=comparison_key(pattern) if match != "regex" else "",
        regex=regex,
        **(_regex_gates(regex) if regex is not None else {}),
    )


# Case-insensitive matching equates characters whose simple lower case is the same, or falls
# in one class of the engine's extra equivalences ("i" and dotless "ı", "s" and long "ſ",
# Cyrillic "в" and its old form). The fold spells each class as its first member.
_CASE_CLASSES = [{lower, *others} for lower, others in _EXTRA_CASES.items()]
_CLASS_FIRST = {chr(c): chr(min(group)) for group in _CASE_CLASSES for c in group}
# str.lower() gives the simple lower case of every character but "İ", which it spells "i" and a
# combining dot: the fold drops the dot, which only lets more paragraphs through.
_DOT = "\u0307"
_FOLD_TABLE = str.maketrans({**_CLASS_FIRST, _DOT: None})
_UNFOLDED = re.compile(
    "[" + re.escape("".join(c for c, first in _CLASS_FIRST.items() if c != first) + _DOT) + "]"
)
# `\W*`, which anchored rules open with: the run it takes at a paragraph's start
_NON_WORD_RUN = re.compile(r"\W*")


def case_fold(text: str) -> str:
    """The text as case-insensitive matching compares it: wherever a regex rule matches, the
    fold holds the fold of the literal text the match spans."""
    lowered = text.lower()
    if lowered.isascii() or not _UNFOLDED.search(lowered):
        return lowered
    return lowered.translate(_FOLD_TABLE)


def _regex_gates(regex: re.Pattern[str]) -> dict[str, frozenset[str]]:
    """The needles of a regex whose failing search is costly, else the first characters of an
    anchored one; none where the engine's parse tree is not to be had."""
    if _parser is None:
        return {}
    items = list(_parser.parse(regex.pattern, regex.flags))
    if _searches_far(items):
        usable = [needles for needles in map(_fold_chars, _required(items)) if needles]
        return {"needles": max(usable, key=_selectivity, default=frozenset())}
    # `^` of a multi-line pattern, or the `\W` of an ASCII one, is not the paragraph's
    if regex.flags & (re.MULTILINE | re.ASCII):
        return {}
    first = _first_chars(items[2:] if _is_non_word_run(items[1:2]) else items[1:])
    if first is None or first[1]:
        return {}
    return {"first_chars": _fold_chars(first[0])}


def _searches_far(items: list[tuple[object, object]]) -> bool:
    """Whether a search tries the pattern at every place in the paragraph, or, anchored at
    its start, runs a `.{m,n}` over it before any literal text. An anchored pattern that
    opens with its words fails at once."""
    if not items or items[0] != (sre.AT, sre.AT_BEGINNING):
        return True
    for op, arg in items[1:]:
        if op in (sre.LITERAL, sre.SUBPATTERN, sre.BRANCH):
            return False
        if op is sre.MAX_REPEAT and arg[2][0][0] is sre.ANY:  # type: ignore[index]
            return True
    return False


def _is_non_word_run(items: list[tuple[object, object]]) -> bool:
    """Whether the items are `\\W*`."""
    if len(items) != 1 or items[0][0] is not sre.MAX_REPEAT:
        return False
    low, high, repeated = items[0][1]  # type: ignore[misc]
    not_word = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_NOT_WORD)])]
    return low == 0 and high is sre.MAXREPEAT and list(repeated) == not_word


def _first_chars(items: Iterable[tuple[object, object]]) -> tuple[frozenset[str], bool] | None:
    """The characters a match of the items can start with, and whether it can be empty; None
    where something other than literal text, groups, branches, repeats and zero-width
    assertions comes first."""
    chars: set[str] = set()
    for op, arg in items:
        if op is sre.LITERAL:
            return frozenset(chars | {chr(arg)}), False  # type: ignore[arg-type]
        if op is sre.AT:
            continue
        if op is sre.SUBPATTERN:
            inner = _first_chars(arg[-1])  # type: ignore[index]
        elif op is sre.BRANCH:
            branches = [_first_chars(branch) for branch in arg[1]]  # type: ignore[index]
            inner = None
            if None not in branches:
                inner = frozenset().union(*(b[0] for b in branches)), any(b[1] for b in branches)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            inner = _first_chars(arg[2])  # type: ignore[index]
            if inner is not None:
                inner = inner[0], inner[1] or arg[0] == 0  # type: ignore[index]
        else:
            return None
        if inner is None:
            return None
        chars |= inner[0]
        if not inner[1]:
            return frozenset(chars), False
    return frozenset(chars), True


def _required(items: Iterable[tuple[object, object]]) -> list[frozenset[str]]:
    """Options of needles: every match of the items holds one string of each option. The
    runs of literal characters, and what a group, a repeat of at least one, or each
    alternative of a branch requires."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))  # type: ignore[arg-type]
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN:
            options.extend(_required(arg[-1]))  # type: ignore[index]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:  # type: ignore[index]
            options.extend(_required(arg[2]))  # type: ignore[index]
        elif op is sre.BRANCH:
            branches = arg[1]  # type: ignore[index]
            each = [max(_required(b), key=_selectivity, default=None) for b in branches]
            if all(each):
                options.append(frozenset().union(*each))
    if run:
        options.append(frozenset({"".join(run)}))
    return options


def _selectivity(needles: frozenset[str]) -> tuple[int, int]:
    """Longer needles, then fewer of them, let fewer paragraphs through."""
    return min(map(len, needles)), -len(needles)


def _fold_chars(literals: frozenset[str]) -> frozenset[str]:
    """Literal text as `case_fold` spells it, character for character; nothing if a piece
    has no such spelling."""
    lowered = [literal.lower() for literal in literals]
    if any(len(low) != len(literal) for low, literal in zip(lowered, literals, strict=True)):
        return frozenset()
    return frozenset(low.translate(_FOLD_TABLE) for low in lowered)
