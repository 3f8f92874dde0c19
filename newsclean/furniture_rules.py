"""The furniture rules of newsclean/rules/furniture.tsv, parsed once, and matching a paragraph
against them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

from newsclean.rule_files import data_lines
from newsclean.textnorm import comparison_key

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
        regexes = self.anywhere_regexes if anywhere_only else self.regexes
        found.extend([r for r in regexes if r.regex is not None and r.regex.search(text)])
        if anywhere_only:
            found = [r for r in found if r.anywhere]
        if len(found) < 2:
            return found
        return sorted(found, key=lambda r: r.order)

    @cached_property
    def anywhere_regexes(self) -> tuple[FurnitureRule, ...]:
        return tuple(r for r in self.regexes if r.anywhere)

    @cached_property
    def prefix_keys(self) -> tuple[str, ...]:
        """Every prefix rule's key: a paragraph's key starting with none of them matches no
        prefix rule."""
        return tuple(r.key for r in self.prefixes)


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
    )
