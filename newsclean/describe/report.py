"""report.html: a version's counts, removals, languages, sites, duplicates, name variants and
changes, as one self-contained page with inline SVG charts (no script, no fetch: a Content
Security Policy forbids both). Every text that comes from the data is escaped: a title that
holds `<script>` shows as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from html import escape
from typing import Any

from newsclean.describe.resources import resources
from newsclean.pipeline import EXAMPLE_CHARS, EXAMPLES_PER_RULE, PROFILE_COLUMNS
from newsclean.store.location import StorePath

# Rows listed in a table or chart; what is past them is counted in a line below.
TOP = 20
LABEL_CHARS = 42

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
h3{font-size:1em;margin:1em 0 .2em}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.2em .6em;text-align:left;
vertical-align:top;border-bottom:1px solid #eee}td.n,th.n{text-align:right}
.example{font-family:ui-monospace,monospace;font-size:.9em;color:#555;white-space:pre-wrap;
margin-top:.4em}
.note{color:#666}svg{display:block;margin:.5em 0}svg text{font:12px system-ui,sans-serif}
"""


def report_html(manifest: Mapping[str, Any], version: StorePath) -> str:
    """The report of the version whose files are in `version` (staged or committed)."""
    name, counts = manifest["version"], manifest["counts"]
    by = counts.get("documents_by", {})
    body = [
        f"<h1>newsclean corpus {_e(name)}</h1>",
        f'<p class="note">parent {_e(manifest["parent"] or "none")} · newsclean '
        f"{_e(manifest['newsclean_version'])} · settings {_e(manifest['settings_hash'])}</p>",
        *_section("Documents", _documents(counts)),
        *_section("Removals by step and kind", _removals_by_kind(counts)),
        *_section("Removals by rule", _removals_by_rule(counts)),
        *_section("Dropped documents by reason", _dropped(counts)),
        *_section(
            "Languages", _profile(counts.get("by_language"), by.get("language", {}), "language")
        ),
        *_section("Sites", _profile(counts.get("by_site"), by.get("site", {}), "site")),
        *_section("Duplicate clusters", _duplicates(manifest, version)),
        *_section("Name-variant groups", _variants(manifest, version)),
        *_section(
            f"Changes against the parent ({manifest['parent'] or 'none'})", _changes(manifest)
        ),
        *_section("Files", _files(manifest)),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>newsclean corpus {_e(name)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _section(title: str, parts: list[str]) -> list[str]:
    return [f"<section>\n<h2>{_e(title)}</h2>", *parts, "</section>"]


def _documents(counts: Mapping[str, Any]) -> list[str]:
    rows = [
        ("input files", counts["inputs"]),
        ("documents read", counts["documents_read"]),
        ("documents kept", counts["documents"]),
        ("dropped (duplicates, nothing but furniture)", counts["dropped"]),
        ("rejected (rejected.jsonl)", counts["rejected"]),
        ("kept with no text (a bug if not 0)", counts["emptied"]),
    ]
    return [_table(("", "documents"), rows)]


def _removals_by_kind(counts: Mapping[str, Any]) -> list[str]:
    kinds = counts.get("removed_by_step_and_kind", {})
    if not kinds:
        return ["<p>No span was removed.</p>"]
    totals = {step: sum(by_kind.values()) for step, by_kind in kinds.items()}
    rows = [(step, kind, n) for step, by_kind in kinds.items() for kind, n in by_kind.items()]
    table = "".join(
        f'<tr><td>{_e(step)}</td><td>{_e(kind)}</td><td class="n">{n}</td></tr>'
        for step, kind, n in sorted(rows, key=lambda r: (-r[2], r[0], r[1]))
    )
    return [
        f"<p>{sum(totals.values())} spans removed, each in removed/ with its reason.</p>",
        _bars(_ranked(totals), "removed spans by step"),
        '<table><tr><th>step</th><th>kind</th><th class="n">spans</th></tr>' + table + "</table>",
    ]


def _removals_by_rule(counts: Mapping[str, Any]) -> list[str]:
    examples = counts.get("removal_examples", {})
    characters = counts.get("removed_characters", {})
    rules = [
        (step, key.removeprefix("removed:"), n, characters.get(step, {}).get(key[8:], 0))
        for step, by_rule in counts.get("steps", {}).items()
        for key, n in by_rule.items()
        if key.startswith("removed:")
    ]
    if not rules:
        return ["<p>No span was removed.</p>"]
    by_spans = sorted(rules, key=lambda r: (-r[2], r[0], r[1]))[:TOP]
    by_characters = sorted(rules, key=lambda r: (-r[3], r[0], r[1]))[:TOP]
    rows = []
    for step, rule, n, chars in by_characters:
        found = examples.get(step, {}).get(rule, [])
        # examples of an older version's counts are one [document, index, text]
        found = [found] if found and not isinstance(found[0], list) else found
        shown = "".join(
            f'<div class="example">{_e(_clip(text, EXAMPLE_CHARS))}</div>'
            f'<div class="note">document {_e(doc)}, removal {index}</div>'
            for doc, index, text in found
        )
        rows.append(
            f'<tr><td>{_e(step)}</td><td>{_e(rule)}</td><td class="n">{n}</td>'
            f'<td class="n">{chars}</td><td>{shown}</td></tr>'
        )
    return [
        f"<p>{len(rules)} rules removed spans. A rule that takes whole pages in a few spans "
        "weighs more in characters than in spans, so both are ranked; the table lists the "
        f"{len(by_characters)} that removed most characters, each with up to "
        f"{EXAMPLES_PER_RULE} spans it removed (the first of each of the first documents by "
        "id).</p>",
        "<h3>Characters removed, by rule</h3>",
        _bars([(f"{s} {r}", c) for s, r, _, c in by_characters], "characters removed"),
        "<h3>Spans removed, by rule</h3>",
        _bars([(f"{s} {r}", n) for s, r, n, _ in by_spans], "spans removed"),
        '<table><tr><th>step</th><th>rule</th><th class="n">spans</th>'
        '<th class="n">characters</th><th>examples</th></tr>' + "".join(rows) + "</table>",
    ]


def _dropped(counts: Mapping[str, Any]) -> list[str]:
    reasons = [
        (f"{step} {rule}".strip(), n)
        for step, rules in counts.get("dropped_by", {}).items()
        for rule, n in rules.items()
    ]
    if not reasons:
        return [f"<p>{_n(counts.get('dropped', 0), 'document')} dropped.</p>"]
    ranked = _ranked(dict(reasons))
    return [
        f"<p>{_n(counts['dropped'], 'document')} dropped, by the step and rule of the removal "
        "that dropped each (its last in removed/; <code>newsclean show ID</code> traces one "
        "to its file).</p>",
        _bars(ranked[:TOP], "documents dropped"),
        _table(("step and rule", "documents"), ranked[:TOP]),
    ]


def _profile(
    table: Mapping[str, Mapping[str, int]] | None, kept: Mapping[str, int], what: str
) -> list[str]:
    """Documents kept per language or site, charted, and a table of what each holds and
    lost: documents kept and dropped, characters kept, spans and characters removed.
    (Counts of an older version have only the documents kept.)"""
    if not kept and not table:
        return ["<p>No document was kept.</p>"]
    label = {"": "(unknown)"}
    ranked = _ranked({label.get(k, k): n for k, n in kept.items()})
    parts = [_bars(ranked[:TOP], f"documents kept by {what}")]
    if table is None:
        parts.append(_table((what, "documents"), ranked[:TOP]))
    else:
        rows = sorted(
            table.items(), key=lambda item: (-item[1]["documents"], -item[1]["dropped"], item[0])
        )
        parts.append(
            f'<table><tr><th>{_e(what)}</th><th class="n">kept</th><th class="n">dropped</th>'
            '<th class="n">characters kept</th><th class="n">spans removed</th>'
            '<th class="n">characters removed</th></tr>'
            + "".join(
                f"<tr><td>{_e(label.get(k, k))}</td>"
                + "".join(f'<td class="n">{row[c]}</td>' for c in PROFILE_COLUMNS)
                + "</tr>"
                for k, row in rows[:TOP]
            )
            + "</table>"
        )
    if len(ranked) > TOP:
        rest = ranked[TOP:]
        parts.append(f"<p>and {len(rest)} more with {sum(n for _, n in rest)} documents.</p>")
    return parts


def _duplicates(manifest: Mapping[str, Any], version: StorePath) -> list[str]:
    clusters = [json.loads(line) for line in _lines(manifest, version, "duplicates")]
    if not clusters:
        return ["<p>No duplicate documents: every document is kept as it is.</p>"]
    clusters.sort(key=lambda c: (-len(c["members"]), c["canonical"]))
    members = sum(len(c["members"]) for c in clusters)
    rows = [
        (
            c["canonical"],
            len(c["members"]),
            ", ".join(
                f"{m['document']} ({m['rule']}, {m['similarity']:.2f})" for m in c["members"]
            ),
        )
        for c in clusters[:TOP]
    ]
    return [
        f"<p>{_n(len(clusters), 'cluster')} with {_n(members, 'duplicate')} of a canonical "
        "document (duplicates.jsonl). The largest:</p>",
        _bars([(c["canonical"], len(c["members"])) for c in clusters[:TOP]], "duplicates"),
        '<table><tr><th>canonical</th><th class="n">duplicates</th><th>members</th></tr>'
        + "".join(
            f'<tr><td>{_e(c)}</td><td class="n">{n}</td><td>{_e(m)}</td></tr>' for c, n, m in rows
        )
        + "</table>",
    ]


def _variants(manifest: Mapping[str, Any], version: StorePath) -> list[str]:
    groups = [g for path in _paths(manifest, "variants") for g in _json(version / path)]
    if not groups:
        return ["<p>No names were found.</p>"]
    several = [g for g in groups if len(g["variants"]) > 1]
    several.sort(key=lambda g: (-len(g["variants"]), g["canonical"]))
    parts = [
        f"<p>{_n(len(groups), 'name word')}, {len(several)} of them spelt in more than one "
        "way (variants.json).</p>"
    ]
    if several:
        parts += [
            _bars([(g["canonical"], len(g["variants"])) for g in several[:TOP]], "spellings"),
            '<table><tr><th>canonical</th><th class="n">spellings</th><th>forms (count)</th></tr>'
            + "".join(
                f'<tr><td>{_e(g["canonical"])}</td><td class="n">{len(g["variants"])}</td><td>'
                + _e(", ".join(f"{v['form']} ({v['count']})" for v in g["variants"]))
                + "</td></tr>"
                for g in several[:TOP]
            )
            + "</table>",
        ]
    return parts


def _changes(manifest: Mapping[str, Any]) -> list[str]:
    change = manifest["change"]
    parts = [
        _bars([(what, len(change[what])) for what in ("added", "removed", "changed")], "documents")
    ]
    for what in ("added", "removed", "changed"):
        ids = change[what]
        if ids:
            more = f" and {len(ids) - TOP} more" if len(ids) > TOP else ""
            parts.append(f"<p>{what}: {_e(', '.join(ids[:TOP]))}{more}</p>")
    return parts


def _files(manifest: Mapping[str, Any]) -> list[str]:
    rows = "".join(
        f"<tr><td>{_e(', '.join(r.paths))}</td><td>{_e(r.title)}</td>"
        f'<td class="n">{"" if r.rows is None else r.rows}</td></tr>'
        for r in resources(manifest["outputs"])
    )
    return ['<table><tr><th>file</th><th>what</th><th class="n">rows</th></tr>' + rows + "</table>"]


def _bars(items: list[tuple[str, int]], unit: str) -> str:
    """A horizontal bar chart as inline SVG, captioned with what its bars count, one bar per
    item, labelled and counted."""
    label_width, bar_width, row = 300, 360, 22
    largest = max((n for _, n in items), default=0) or 1
    height = row * (len(items) + 1) + 4
    bars = [f'<text x="{label_width}" y="15" font-weight="bold">{_e(unit)}</text>']
    for i, (label, n) in enumerate(items, start=1):
        y = i * row + 2
        width = round(bar_width * n / largest)
        bars.append(
            f"<g><title>{_e(label)}: {n} {_e(unit)}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">'
            f"{_e(_clip(label, LABEL_CHARS))}</text>"
            f'<rect x="{label_width}" y="{y + 2}" width="{width}" height="{row - 6}" '
            'fill="#4a7ab7"/>'
            f'<text x="{label_width + width + 4}" y="{y + 15}">{n}</text></g>'
        )
    total_width = label_width + bar_width + 60
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{total_width}" '
        f'height="{height}" viewBox="0 0 {total_width} {height}">'
        f"<title>{_e(unit)}</title>" + "".join(bars) + "</svg>"
    )


def _table(header: tuple[str, str], rows: list[tuple[str, int]]) -> str:
    return (
        f'<table><tr><th>{_e(header[0])}</th><th class="n">{_e(header[1])}</th></tr>'
        + "".join(f'<tr><td>{_e(str(k))}</td><td class="n">{n}</td></tr>' for k, n in rows)
        + "</table>"
    )


def _ranked(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _paths(manifest: Mapping[str, Any], table: str) -> list[str]:
    return [p for r in resources(manifest["outputs"]) if r.table == table for p in r.paths]


def _lines(manifest: Mapping[str, Any], version: StorePath, table: str) -> Iterator[str]:
    for path in _paths(manifest, table):
        with (version / path).open("r", encoding="utf-8") as handle:
            yield from (line for line in handle if line.strip())


def _json(path: StorePath) -> Any:
    with path.open("r", encoding="utf-8") as handle:
        return json.load(handle)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _clip(text: str, chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _e(text: str) -> str:
    return escape(text, quote=True)
