"""Furniture learned per site: lines that recur across the documents of one site.

A site's menus, footers and subscription blurbs repeat on every page, in whatever language;
no rule is needed to see them. Documents are grouped by the host of their URL, else by their
site name, else (plain text with neither) by the head and tail lines they share. A line seen
near the ends of enough of a site's documents is learned; it is removed where furniture sits:
in the run of learned lines at the head or the tail of a document. In the middle of an
article a recurring line is more likely the site's own heading ("Pros", "Cons") and stays.
A sentence repeated on different sites is a quotation and stays.

What was learned, and the facts it was learned from, go into `furniture.json`; the next run
reads them back, so evidence accumulates across versions.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from newsclean.document import Document, Paragraph
from newsclean.furniture_shape import is_prose
from newsclean.settings import FurnitureSettings, Settings
from newsclean.store.previous import PreviousVersion
from newsclean.textnorm import comparison_key

STEP = "site_furniture"
STATE_FILE = "furniture.json"
KIND = "site"
# A line shared by more documents than this links no two of them into one unnamed site: it
# is generic furniture, not the signature of a site.
MAX_GROUPING_LINE_DOCUMENTS = 200
# Learned furniture never takes more than this share of a document's prose (characters in
# sentences): beyond it, what the documents share is the article, not the site around it.
MAX_LEARNED_SHARE = 0.5
# Facts carry the text of a candidate line only up to this length: furniture lines are short,
# and carrying every edge paragraph's text held most of a 100,000-document corpus in the
# deciding process. A longer learned line is named by its id alone in furniture.json; the
# removal log keeps its text.
MAX_CARRIED_TEXT = 200


@dataclass(frozen=True)
class LearnedLine:
    text: str | None  # None for a line longer than MAX_CARRIED_TEXT
    seen: int  # documents of the site holding the line
    documents: int  # documents of the site


@dataclass(frozen=True)
class SiteDecision:
    sites: dict[str, str]  # document id -> site
    learned: dict[str, dict[str, LearnedLine]]  # site -> line key -> evidence
    # for the next version: document id -> site and line ids (with whether the line is a
    # sentence), and the text of every line two or more documents hold
    state: dict[str, dict[str, Any]]
    texts: dict[str, str]


class SiteFurniture:
    name = "site_furniture"

    def collect(self, doc: Document, settings: Settings) -> dict[str, Any]:
        """The document's site and its candidate lines, those near either end: each line's
        id, whether it is a sentence, and its text if short."""
        window = settings.furniture.learn_edge_paragraphs
        count = len(doc.paragraphs)
        lines = []
        for index, paragraph in enumerate(doc.paragraphs):
            key = comparison_key(paragraph.text)
            if not key or paragraph.furniture is not None:
                continue
            if index < window or count - 1 - index < window:
                text = paragraph.text
                carried = text if len(text) <= MAX_CARRIED_TEXT else None
                lines.append([_line_id(key), is_prose(text), carried])
        return {"site": site_of(doc), "lines": lines}

    def decide(
        self,
        facts: Mapping[str, Any],
        previous: PreviousVersion | None,
        settings: Settings,
    ) -> SiteDecision:
        state, texts = _previous_state(previous)
        for doc_id in sorted(facts):
            lines = facts[doc_id]["lines"]
            for line_id, _, text in lines:
                if text is not None:
                    texts.setdefault(line_id, text)
            state[doc_id] = {
                "site": facts[doc_id]["site"],
                "lines": sorted([line_id, prose] for line_id, prose, _ in lines),
            }
        sites = _group_sites(state, settings.furniture)
        learned = _learn(state, sites, texts, settings.furniture)
        return SiteDecision(sites, learned, state, _shared_texts(state, texts))

    def applied(self, decision: SiteDecision) -> SiteDecision:
        return replace(decision, state={}, texts={})

    def apply(self, doc: Document, decision: SiteDecision, settings: Settings) -> Document:
        site = decision.sites.get(doc.id)
        learned = decision.learned.get(site, {}) if site else {}
        if not learned:
            return doc
        keys = [_line_id(comparison_key(p.text)) for p in doc.paragraphs]
        hits = _furniture_positions(doc.paragraphs, keys, learned)
        if not hits:
            return doc
        if settings.furniture.mark_only:
            for index in hits:
                doc.paragraphs[index].furniture = KIND
            doc.change(STEP, f"site:{site}", f"furniture learned on site {site} marked", len(hits))
            return doc
        kept = []
        for index, paragraph in enumerate(doc.paragraphs):
            if index not in hits:
                kept.append(paragraph)
                continue
            line = learned[keys[index]]
            doc.remove(
                STEP,
                f"site:{site}",
                f"recurring line of site {site} ({hits[index]}): seen in {line.seen} of "
                f"{line.documents} documents of the site",
                paragraph.text,
                kind=KIND,
                paragraph=index,
            )
        doc.paragraphs = kept
        return doc

    def outputs(self, decision: SiteDecision) -> dict[str, bytes]:
        sites: dict[str, Any] = {}
        for site, lines in sorted(decision.learned.items()):
            sites[site] = [
                {
                    "line": line_id,
                    "text": line.text,
                    "seen": line.seen,
                    "documents": line.documents,
                    "evidence": f"seen in {line.seen} of {line.documents} documents of site {site}",
                }
                for line_id, line in sorted(lines.items(), key=lambda kv: (kv[1].text or "", kv[0]))
            ]
        payload = {"learned": sites, "documents": decision.state, "texts": decision.texts}
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, indent=1)
        return {STATE_FILE: (text + "\n").encode("utf-8")}


def site_of(doc: Document) -> str | None:
    """The host of the document's URL (without www.), else its site name, folded."""
    if doc.source.url:
        host = (urlsplit(doc.source.url).hostname or "").removeprefix("www.")
        if host:
            return host
    name = comparison_key(doc.site or "")
    return name or None


def _line_id(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _previous_state(
    previous: PreviousVersion | None,
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    raw = previous.read_bytes(STATE_FILE) if previous is not None else None
    if raw is None:
        return {}, {}
    payload = json.loads(raw.decode("utf-8"))
    return dict(payload["documents"]), dict(payload["texts"])


def _shared_texts(
    state: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str]
) -> dict[str, str]:
    """Texts worth keeping: a line one document holds is learned only once another document
    holds it too, and that one brings its text."""
    holders: dict[str, int] = defaultdict(int)
    for facts in state.values():
        for line_id, _ in facts["lines"]:
            holders[line_id] += 1
    return {
        line_id: texts[line_id]
        for line_id, count in holders.items()
        if count > 1 and line_id in texts
    }


def _group_sites(
    state: Mapping[str, Mapping[str, Any]], settings: FurnitureSettings
) -> dict[str, str]:
    """Document id -> site. Documents with no site join one unnamed site when they share
    enough lines; the group is named after its smallest document id."""
    sites = {doc_id: facts["site"] for doc_id, facts in state.items() if facts["site"]}
    unnamed = sorted(doc_id for doc_id, facts in state.items() if not facts["site"])
    holders: dict[str, list[str]] = defaultdict(list)
    for doc_id in unnamed:
        for line_id in sorted({line[0] for line in state[doc_id]["lines"]}):
            holders[line_id].append(doc_id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for docs in holders.values():
        if 2 <= len(docs) <= MAX_GROUPING_LINE_DOCUMENTS:
            for a, b in _pairs(docs):
                shared[(a, b)] += 1
    parent = {doc_id: doc_id for doc_id in unnamed}

    def root(doc_id: str) -> str:
        while parent[doc_id] != doc_id:
            doc_id = parent[doc_id]
        return doc_id

    for (a, b), count in sorted(shared.items()):
        if count >= settings.group_min_shared_lines:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id in unnamed:
        members[root(doc_id)].append(doc_id)
    for group_root, docs in members.items():
        if len(docs) > 1:
            sites.update({doc_id: f"group:{group_root}" for doc_id in docs})
    return sites


def _pairs(items: list[str]) -> Iterable[tuple[str, str]]:
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            yield a, b


def _learn(
    state: Mapping[str, Mapping[str, Any]],
    sites: Mapping[str, str],
    texts: Mapping[str, str],
    settings: FurnitureSettings,
) -> dict[str, dict[str, LearnedLine]]:
    site_documents: dict[str, int] = defaultdict(int)
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    line_sites: dict[str, set[str]] = defaultdict(set)
    sentences: set[str] = set()
    for doc_id in sorted(sites):
        site = sites[doc_id]
        site_documents[site] += 1
        for line_id, prose in state[doc_id]["lines"]:
            holders[(site, line_id)].add(doc_id)
            line_sites[line_id].add(site)
            if prose:
                sentences.add(line_id)
    learned: dict[str, dict[str, LearnedLine]] = defaultdict(dict)
    for (site, line_id), docs in sorted(holders.items()):
        total = site_documents[site]
        seen = len(docs)
        if seen < settings.learn_min_documents or seen / total < settings.learn_min_share:
            continue
        if line_id in sentences and len(line_sites[line_id]) > 1:
            continue  # a sentence on several sites: a quotation, not furniture
        learned[site][line_id] = LearnedLine(texts.get(line_id), seen, total)
    return dict(learned)


def _furniture_positions(
    paragraphs: list[Paragraph], keys: list[str], learned: Mapping[str, LearnedLine]
) -> dict[int, str]:
    """Index -> where: the runs of learned lines at the head and the tail. A document that
    would lose most of its prose is left whole: what it shares with its site's other
    documents is the article itself (a copy or a reprint), which is the duplicates step's
    call, not furniture."""
    known = [k in learned and p.furniture is None for k, p in zip(keys, paragraphs, strict=True)]
    if all(known):
        return {}
    hits: dict[int, str] = {}
    head = 0
    while known[head]:
        hits[head] = "head"
        head += 1
    tail = len(paragraphs) - 1
    while known[tail]:
        hits[tail] = "tail"
        tail -= 1
    prose = [len(p.text) if is_prose(p.text) else 0 for p in paragraphs]
    if sum(prose[i] for i in hits) > MAX_LEARNED_SHARE * sum(prose):
        return {}
    return hits
