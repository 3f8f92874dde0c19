"""ftfy's mojibake check, run only where mojibake could be.

`ftfy.badness.is_bad` searches the whole text for any of a few dozen short character
sequences, which costs a millisecond on an ordinary article. Every one of those sequences
holds at least one character from a small set of rare ones (box drawing, "Ã", "€", "Ђ",
...), and none is longer than a few characters; so the search only needs the stretches of
text around those characters. The set and the longest sequence are read from ftfy's own
pattern, and when the pattern holds anything that would make that unsound (anchors,
lookarounds, case folding, an alternative with no rare character), the whole text is
searched as before: the answer is always `is_bad`'s.
"""

from __future__ import annotations

import re
from functools import cache

from ftfy.badness import BADNESS_RE, is_bad

try:  # the parser of `re` is private: without it, `looks_bad` is the full `is_bad`
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:
    _parser = None

# A set of characters this large is no filter: such an alternative needs a smaller one.
_MAX_CLASS = 4096


def looks_bad(text: str) -> bool:
    """Exactly `ftfy.badness.is_bad(text)`."""
    plan = _search_plan()
    if plan is None:
        return is_bad(text)
    rare, width = plan
    # stretches of `width` characters either side of rare ones, merged where they overlap
    start = end = -1
    for match in rare.finditer(text):
        if match.start() - width > end:
            if end > 0 and BADNESS_RE.search(text, start, end):
                return True
            start = max(0, match.start() - width)
        end = match.end() + width
    return end > 0 and bool(BADNESS_RE.search(text, start, end))


@cache
def _search_plan() -> tuple[re.Pattern[str], int] | None:
    """A pattern finding the rare characters every alternative of ftfy's pattern needs, and
    how far a match may reach from one (its longest width), or None when the pattern's
    shape does not allow searching around them."""
    if _parser is None or BADNESS_RE.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL):
        return None
    tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    if _has_context(tree):
        return None
    items = list(tree)
    branches = items[0][1][1] if len(items) == 1 and items[0][0] is sre.BRANCH else [tree]
    rare: set[int] = set()
    for branch in branches:
        needed = [chars for chars in map(_required_chars, branch) if chars is not None]
        if not needed:
            return None
        # ASCII is everywhere in text: a class of it filters nothing
        rare |= min(needed, key=lambda chars: (min(chars) < 128, len(chars)))
    _, widest = tree.getwidth()
    if not rare or widest >= sre.MAXREPEAT:
        return None
    ranges = "".join(re.escape(chr(code)) for code in sorted(rare))
    return re.compile(f"[{ranges}]+"), widest


def _required_chars(item: tuple) -> set[int] | None:
    """The characters one element of a sequence must match, when it must match one of a
    small known set (a literal, a character class, or such repeated at least once)."""
    op, arg = item
    if op is sre.LITERAL:
        return {arg}
    if op is sre.IN:
        chars: set[int] = set()
        for member, value in arg:
            if member is sre.LITERAL:
                chars.add(value)
            elif member is sre.RANGE and value[1] - value[0] < _MAX_CLASS:
                chars.update(range(value[0], value[1] + 1))
            else:
                return None  # negated, a category (\w, \s) or a huge range
        return chars
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1 and len(arg[2]) == 1:
        return _required_chars(arg[2][0])
    return None


def _has_context(tree: object) -> bool:
    """Whether any part of the pattern looks beyond its own match: anchors other than the
    text's start, lookarounds, backreferences."""
    for op, arg in tree:  # type: ignore[attr-defined]
        # "^" is kept: searching from a position, it still matches at the text's start only
        if op is sre.AT and arg not in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
            return True
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF, sre.GROUPREF_EXISTS):
            return True
        children = []
        if op is sre.BRANCH:
            children = arg[1]
        elif op is sre.SUBPATTERN:
            children = [arg[-1]]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            children = [arg[2]]
        elif op is sre.ATOMIC_GROUP:
            children = [arg]
        if any(_has_context(child) for child in children):
            return True
    return False
