"""A second opinion on the short lines at the edges of the extracted text: a line that is no
prose, before the article's first sentence or after its last, that another main-content
extractor (resiliparse's, which weighs a page's blocks by other rules than trafilatura's)
leaves out of the same page is page furniture ("Meist gelesen", "Más leídas", "Main
Content").

Ensembles of extractors beat single ones (Bevendorff et al. 2023, "An Empirical Comparison
of Web Content Extraction Algorithms"); here the second extractor only takes lines away,
never adds any, and only short non-prose lines at the edges, which is where it was measured
to take boilerplate and no article text (bench/furniture_web.py). List items and table rows
stay: extractors render and keep lists and tables differently, so their absence from the
second text says nothing. Whether a line is in the second text is asked with spaces folded
away, as extractors join inline elements and table cells differently ("16. AuflageLernfeld").
A line a furniture rule matches is left to the furniture step: its rule names it better, and
a heading such as "Empfohlene Beiträge" takes the link titles after it there.
"""

from __future__ import annotations

from resiliparse.extract.html2text import extract_plain_text

from newsclean.furniture_rules import furniture_rules
from newsclean.furniture_shape import is_list_item, is_prose, word_count
from newsclean.steps.furniture import title_keys
from newsclean.textnorm import comparison_key

RULE = "extract:second-opinion"
KIND = "navigation"
# a longer line at the edge may be a standfirst or a subheading the second extractor drops
MAX_WORDS = 4


def left_out_lines(
    lines: list[str], html: str, title: str | None, max_prefix_words: int
) -> dict[int, str]:
    """The lines to take out, by index, with where they stand ("head" or "tail"): no prose,
    at most MAX_WORDS words, no list item or table row, not the headline, no furniture rule's
    (`max_prefix_words` as the furniture step matches them), before the first line of prose
    or after the last, and absent from resiliparse's main text of the page.
    Empty when no line is prose or when resiliparse finds no main text (no opinion)."""
    first = next((i for i, line in enumerate(lines) if is_prose(line)), None)
    if first is None:
        return {}
    last = next(i for i in range(len(lines) - 1, -1, -1) if is_prose(lines[i]))
    titles = title_keys(title)
    candidates = {
        i: comparison_key(lines[i])
        for i in [*range(first), *range(last + 1, len(lines))]
        if _is_candidate(lines[i])
    }
    rules = furniture_rules()
    candidates = {
        i: key
        for i, key in candidates.items()
        if key and key not in titles and not rules.matching(lines[i], key, max_prefix_words)
    }
    if not candidates:  # most pages: the second extractor is not run at all
        return {}
    second = comparison_key(extract_plain_text(html, main_content=True)).replace(" ", "")
    if not second:
        return {}
    return {
        i: "head" if i < first else "tail"
        for i, key in candidates.items()
        if key.replace(" ", "") not in second
    }


def _is_candidate(line: str) -> bool:
    return (
        0 < word_count(line) <= MAX_WORDS
        and not is_prose(line)
        and not is_list_item(line)
        and "|" not in line  # a table row
    )
