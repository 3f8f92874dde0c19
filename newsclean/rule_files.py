"""Reading the commented, tab-separated rules files in newsclean/rules/."""

from __future__ import annotations

from newsclean.settings import RULES_DIR


def data_lines(name: str) -> list[tuple[int, list[str]]]:
    """(line number, tab-separated columns) of every line that is neither blank nor a
    comment."""
    lines = (RULES_DIR / name).read_text(encoding="utf-8").splitlines()
    return [
        (number, line.split("\t"))
        for number, line in enumerate(lines, start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
