"""The end-of-run summary the flow logs: a short table, whatever the corpus removed."""

from __future__ import annotations

from newsclean.furniture_rules import KINDS as FURNITURE_KINDS
from newsclean.summary import RunSummary

REMOVED = {
    "furniture": dict.fromkeys(sorted(FURNITURE_KINDS), 10),
    "header": {"title": 5, "author": 4, "published": 2, "time-zone": 2, "views": 2},
    "repeats": {"later-copy": 4},
    "duplicates": {"exact-document": 1, "near-document": 2},
}


def _summary(removed: dict) -> RunSummary:
    counts = {
        "inputs": 1200,
        "documents_read": 1250,
        "documents": 1190,
        "dropped": 3,
        "rejected": 57,
        "emptied": 0,
        "removed_by_step_and_kind": removed,
    }
    change = {"added": ["a"] * 12, "removed": ["b"], "changed": ["c"] * 7}
    return RunSummary("cleaned", "v0002", "v0001", counts, change, reused=1100)


def test_the_summary_is_a_short_table():
    lines = _summary(REMOVED).text().splitlines()
    assert lines == [
        "wrote v0002 (parent v0001) in cleaned",
        "  input files         1200 (1100 as before, 100 new or changed)",
        (
            "  documents           1250 read, 1190 out, 3 dropped, 57 rejected, "
            "0 emptied (a bug if not 0)"
        ),
        "  against the parent  12 added, 1 removed, 7 changed",
        "  removed spans       192: furniture 170, header 15, repeats 4, duplicates 3",
    ]


def test_a_run_that_removed_nothing_says_so():
    assert _summary({}).text().splitlines()[-1] == "  removed spans       none"
