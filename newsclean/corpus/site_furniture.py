"""Furniture learned per site: lines that recur across the documents of one site.

A site's menus, footers and subscription blurbs repeat on every page, in whatever language;
no rule is needed to see them. Documents are grouped by the host of their URL, else by their
site name, else (plain text with neither) by the head and tail lines they share. A line seen
near the ends of enough of a site's documents is learned; it is removed where furniture sits:
in the run of learned lines at the head or the tail of a document. In the middle of an
article a recurring line is more likely the site's own heading ("Pros", "Cons") and stays.
A sentence repeated on different sites is a quotation and stays.

A line is furniture only when it recurs on different pages of the site: copies of one page
(the same article crawled twice, reprinted or updated) count once. Two documents are copies
when their URLs are the same but for scheme, `www.`, a trailing slash, fragment and `utm_`
parameters, or when their texts are mostly the same (MinHash of their word pairs, verified
after LSH, never all pairs); copies are joined transitively. Otherwise a standfirst printed
on two copies of one article would be learned from "two pages" and cut from both, before
the duplicates step keeps one of them.

Given a `KeyedReduction`, the same decision is made partition by partition, by site and by
line (see furniture_partitions.py), with no process holding every document's lines.

What was learned goes into `furniture.json`, and the facts it was learned from (each
document's candidate lines) into `furniture_lines.jsonl`, one row per document, which the
store keeps in shards beside the documents' so that a version rewrites only the rows of the
documents that changed; the next run reads both back, so evidence accumulates across
versions.
"""

from __future__ import annotations

import hashlib
import heapq
import io
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit

import numpy as np

from newsclean.corpus.fact_files import in_id_order
from newsclean.corpus.facts import PickledByFields
from newsclean.corpus.keyed import KeyedReduction
from newsclean.dedup.lsh import band_layout, components, similar_pairs
from newsclean.dedup.minhash import MinHasher
from newsclean.document import Document, Paragraph
from newsclean.furniture_shape import is_prose
from newsclean.settings import FurnitureSettings, Settings
from newsclean.store.previous import PreviousVersion
from newsclean.store.records import stored
from newsclean.textnorm import comparison_key

if TYPE_CHECKING:
    from newsclean.corpus.furniture_partitions import SpilledLines

STEP = "site_furniture"
STATE_FILE = "furniture.json"
LINES_FILE = "furniture_lines.jsonl"
# How copies of one page are recognised by their text: a MinHash of this many values over
# the document's word pairs, and the share of values two copies agree on at least. Distinct
# articles of one site agree on what their furniture shares (a third of a short article's
# words on a site with a long header and footer); copies of one article on nearly all.
COPY_PERMUTATIONS = 32
COPY_SEED = 1
COPY_SHINGLE_WORDS = 2
COPY_MIN_SIMILARITY = 0.7
# The first line of LINES_FILE (and of each of its shards); then one row per document:
# {"id", "lines": [[line id, prose], ...], "signature", "site", "url"}, by id: "url" the id of
# its URL's key, "signature" the MinHash of its text (hex, uint32 little-endian), each null
# when it has none. Rows of version 1 have neither: such a document is a page of its own.
LINES_HEADER = {
    "copies": {
        "permutations": COPY_PERMUTATIONS,
        "seed": COPY_SEED,
        "shingle_words": COPY_SHINGLE_WORDS,
    },
    "format": "newsclean site furniture: candidate lines per document",
    "version": 2,
}
# Query parameters that only say where a reader came from: a URL with or without them is
# the same page.
TRACKING_PARAMETER_PREFIX = "utm_"
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
# The name of a site of documents with neither URL nor site name, grouped by shared lines:
# this, then the smallest document id of the group.
GROUP_PREFIX = "group:"
# A reason quotes a learned line up to this many characters.
QUOTED_CHARS = 100
# A line's id: the first bytes of the SHA-1 of its comparison form (16 hex digits in files).
LINE_ID_BYTES = 8


@dataclass(frozen=True)
class LearnedLine:
    text: str | None  # None for a line longer than MAX_CARRIED_TEXT
    seen: int  # pages of the site holding the line (copies of a page count once)
    pages: int  # pages of the site


@stored
@dataclass(frozen=True, slots=True)
class EdgeLines(PickledByFields):
    """What `collect` reports of one document: its site, its candidate lines in document
    order, and what tells its copies: its URL's key and its text's MinHash. The facts of
    every document are held at once, so ids are packed bytes, not text."""

    site: str | None
    ids: bytes  # LINE_ID_BYTES per line: its id
    prose: bytes  # one byte per line: 1 when the line is a sentence
    texts: tuple[str | None, ...]  # per line, its text when at most MAX_CARRIED_TEXT long
    url: bytes  # LINE_ID_BYTES: the id of the URL's key (see url_key); empty without a URL
    signature: bytes  # COPY_PERMUTATIONS uint32 little-endian; empty for a text without words


@dataclass(frozen=True)
class CandidateLines:
    """The candidate lines of every document the version knows, in columns (no object per
    line): documents sorted by id, each one's lines sorted by id, then sentence or not."""

    documents: list[str]
    sites: list[str | None]  # the site each document was collected with
    starts: np.ndarray  # document i holds rows starts[i]:starts[i + 1]
    ids: np.ndarray  # uint64 line ids
    prose: np.ndarray  # bool: the line is a sentence
    urls: np.ndarray  # per document, the uint64 id of its URL's key
    has_url: np.ndarray  # bool per document: it has a URL key
    signatures: np.ndarray  # (documents, COPY_PERMUTATIONS) uint32: the MinHash of its text
    signed: np.ndarray  # bool per document: it has a signature

    def owners(self) -> np.ndarray:
        """The document (its index) of every row."""
        return np.repeat(np.arange(len(self.documents), dtype=np.int32), np.diff(self.starts))

    def first_in_document(self, owners: np.ndarray) -> np.ndarray:
        """Rows that do not repeat the line of the row before in the same document."""
        first = np.ones(len(self.ids), dtype=bool)
        first[1:] = (self.ids[1:] != self.ids[:-1]) | (owners[1:] != owners[:-1])
        return first


@dataclass(frozen=True)
class SiteDecision:
    sites: dict[str, str]  # document of this run -> its site, where the site learned lines
    learned: dict[str, dict[str, LearnedLine]]  # site -> line id -> evidence
    # for the next version: every known document's site and candidate lines (None in the
    # applied part), and the text of every line two or more documents hold (both in the
    # spill of a keyed decision, whose `texts` is empty)
    state: CandidateLines | SpilledLines | None
    texts: dict[str, str]


class SiteFurniture:
    name = "site_furniture"

    def collect(self, doc: Document, settings: Settings) -> EdgeLines:
        """The document's site, its candidate lines, those near either end (each line's id,
        whether it is a sentence, and its text if short), and what tells its copies: its
        URL's key and the MinHash of the words of its candidate lines (all of a document of
        fewer than twice the edge window; its two ends otherwise, enough to tell a copy)."""
        window = settings.furniture.learn_edge_paragraphs
        count = len(doc.paragraphs)
        ids: list[bytes] = []
        prose = bytearray()
        texts: list[str | None] = []
        text_words: list[str] = []
        edges = [*range(min(window, count)), *range(max(window, count - window), count)]
        for paragraph in map(doc.paragraphs.__getitem__, edges):
            if paragraph.furniture is not None:
                continue
            key = comparison_key(paragraph.text)
            if key:
                text = paragraph.text
                ids.append(_line_digest(key))
                prose.append(is_prose(text))
                texts.append(text if len(text) <= MAX_CARRIED_TEXT else None)
                text_words += key.split()
        page = url_key(doc.source.url)
        return EdgeLines(
            site_of(doc),
            b"".join(ids),
            bytes(prose),
            tuple(texts),
            _line_digest(page) if page else b"",
            _signature(text_words),
        )

    def decide(
        self,
        facts: Mapping[str, EdgeLines],
        previous: PreviousVersion | None,
        settings: Settings,
        reduction: KeyedReduction | None = None,
    ) -> SiteDecision:
        """In memory, or as a keyed reduction by site and by line (see
        furniture_partitions) on `reduction`'s engine: the same decision either way."""
        if reduction is not None:
            # imported here: the keyed decision builds on this module's columns and rules
            from newsclean.corpus.furniture_partitions import decide_keyed

            return decide_keyed(facts, previous, settings.furniture, reduction)
        earlier, earlier_texts = _previous_state(previous)
        lines = _candidate_lines(facts, earlier)
        del earlier
        sites = _group_sites(lines, settings.furniture)
        evidence = _learn(lines, sites, _pages(lines), settings.furniture)
        shared = _shared_lines(lines)
        texts = _line_texts(facts, earlier_texts, shared | {line for _, line, _, _ in evidence})
        learned: dict[str, dict[str, LearnedLine]] = {}
        for site, line, seen, pages in evidence:
            learned.setdefault(site, {})[_hex(line)] = LearnedLine(texts.get(line), seen, pages)
        run_sites = {
            doc_id: site
            for doc_id, site in zip(lines.documents, sites, strict=True)
            if site in learned and doc_id in facts
        }
        shared_texts = {_hex(line): text for line, text in texts.items() if line in shared}
        return SiteDecision(run_sites, learned, lines, shared_texts)

    def applied(self, decision: SiteDecision) -> SiteDecision:
        return replace(decision, state=None, texts={})

    def apply(self, doc: Document, decision: SiteDecision, settings: Settings) -> Document:
        site = decision.sites.get(doc.id)
        learned = decision.learned.get(site, {}) if site else {}
        if not learned:
            return doc
        hits = _furniture_positions(doc.paragraphs, learned)
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
            # The evidence (how many of the site's pages hold the line) is in
            # furniture.json: quoted here, it would change every document of the site with
            # each new one, and an incremental run would have to clean them all again.
            line, where = hits[index]
            doc.remove(
                STEP,
                f"site:{site}",
                f"recurring line {_quoted(paragraph.text)} at the {where} of pages of "
                f"{_site_words(site)}, learned from them (line {line}; its evidence, on how "
                "many of the site's pages, is in furniture.json)",
                paragraph.text,
                kind=KIND,
                paragraph=index,
            )
        doc.paragraphs = kept
        return doc

    def slice_for(self, decision: SiteDecision, doc_id: str, facts: Any) -> Any:
        """The document's site and a digest of the lines learned on it (what `apply` looks
        up; not their evidence): None when nothing was learned on its site."""
        site = decision.sites.get(doc_id)
        learned = decision.learned.get(site, {}) if site else {}
        if not learned:
            return None
        return site, hashlib.sha256(" ".join(sorted(learned)).encode("ascii")).hexdigest()

    def outputs(self, decision: SiteDecision) -> Mapping[str, bytes | Iterable[bytes]]:
        if decision.state is not None and not isinstance(decision.state, CandidateLines):
            from newsclean.corpus.furniture_partitions import keyed_outputs  # see `decide`

            return keyed_outputs(decision)
        if decision.state is None:
            raise ValueError("outputs need the whole decision, not its applied part")
        state = {"learned": learned_json(decision.learned), "texts": decision.texts}
        return {
            STATE_FILE: (
                json.dumps(state, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
            ).encode("utf-8"),
            LINES_FILE: _lines_file(decision.state),
        }


def learned_json(learned: Mapping[str, Mapping[str, LearnedLine]]) -> dict[str, Any]:
    """The lines learned on each site, as furniture.json lists them."""
    return {
        site: [
            {
                "line": line_id,
                "text": line.text,
                "seen": line.seen,
                "pages": line.pages,
                "evidence": f"seen in {line.seen} of {line.pages} pages of site {site}",
            }
            for line_id, line in sorted(lines.items(), key=lambda kv: (kv[1].text or "", kv[0]))
        ]
        for site, lines in sorted(learned.items())
    }


def _quoted(text: str) -> str:
    """The line as a reason quotes it: whole when short, else its start."""
    text = " ".join(text.split())
    return repr(text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…")


def _site_words(site: str) -> str:
    """The site as a person reads it: its host, or what an unnamed group is."""
    if site.startswith(GROUP_PREFIX):
        return (
            "no URL or site name that share their head and tail lines (the group of document "
            f"{site.removeprefix(GROUP_PREFIX)})"
        )
    return site


def site_of(doc: Document) -> str | None:
    """The host of the document's URL (without www.), else its site name, folded."""
    page = _split_url(doc.source.url)
    if page is not None:
        return page[1]
    name = comparison_key(doc.site or "")
    return name or None


def _split_url(url: str | None) -> tuple[SplitResult, str] | None:
    """The URL's parts and its host without www., or None for no URL, a URL without a host
    or one that cannot be read (a record's URL is the user's data: "http://[bad")."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return None
    return (parts, host) if host else None


def _line_digest(key: str) -> bytes:
    return hashlib.sha1(key.encode("utf-8")).digest()[:LINE_ID_BYTES]


def _line_id(key: str) -> str:
    return _line_digest(key).hex()


def _hex(line: int) -> str:
    return f"{line:0{2 * LINE_ID_BYTES}x}"


def url_key(url: str | None) -> str | None:
    """The page a URL names, whatever way it was reached: its host (without www.), path
    (without a trailing slash) and query (sorted, without tracking parameters); the scheme
    and the fragment say nothing of the page."""
    page = _split_url(url)
    if page is None:
        return None
    parts, host = page
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith(TRACKING_PARAMETER_PREFIX)
    )
    return f"{host}{parts.path.rstrip('/')}" + (f"?{urlencode(query)}" if query else "")


def _signature(text_words: list[str]) -> bytes:
    """The MinHash of a text's words, for telling copies; empty for a text without words."""
    if not text_words:
        return b""
    return _copy_hasher().signatures([text_words])[0].astype("<u4").tobytes()


@cache
def _copy_hasher() -> MinHasher:
    return MinHasher(COPY_PERMUTATIONS, COPY_SEED, COPY_SHINGLE_WORDS)


def _previous_state(
    previous: PreviousVersion | None,
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """The previous version's documents (each one's row of LINES_FILE, without its id) and
    the texts of its shared lines. Signatures made with other MinHash parameters than this
    code's are left out: they cannot be compared with this run's."""
    raw = previous.read_bytes(STATE_FILE) if previous is not None else None
    if previous is None or raw is None:
        return {}, {}
    payload = json.loads(raw.decode("utf-8"))
    lines = previous.read_bytes(LINES_FILE)
    if lines is None:  # a version written before the lines had a file of their own
        return dict(payload["documents"]), dict(payload["texts"])
    header, *rows = lines.splitlines() or [b"{}"]
    comparable = json.loads(header).get("copies") == LINES_HEADER["copies"]
    documents = {}
    for row in map(json.loads, rows):
        if not comparable:
            row.pop("signature", None)
        documents[row.pop("id")] = row
    return documents, dict(payload["texts"])


def _candidate_lines(
    facts: Mapping[str, EdgeLines], earlier: Mapping[str, Mapping[str, Any]]
) -> CandidateLines:
    """The lines of this run's documents, and of the previous version's documents this run
    did not see again."""
    run_ids = facts.keys()
    unseen = ((doc_id, None) for doc_id in sorted(earlier.keys() - run_ids))
    # this run's facts and the earlier documents, merged in id order (streamed when spilled)
    merged = heapq.merge(in_id_order(facts), unseen, key=lambda entry: entry[0])
    documents: list[str] = []
    names: dict[str, str] = {}  # one string per site, however many documents name it
    sites: list[str | None] = []
    ids: list[bytes] = []
    prose: list[bytes] = []
    urls: list[bytes] = []
    signatures: list[bytes] = []
    for doc_id, fact in merged:
        documents.append(doc_id)
        if fact is not None:
            site, line_ids, sentences = fact.site, fact.ids, fact.prose
            url, signature = fact.url, fact.signature
        else:
            site, line_ids, sentences, url, signature = _earlier_columns(earlier[doc_id])
        sites.append(None if site is None else names.setdefault(site, site))
        ids.append(line_ids)
        prose.append(sentences)
        urls.append(url)
        signatures.append(signature)
    return candidate_columns(documents, sites, ids, prose, urls, signatures)


def _earlier_columns(row: Mapping[str, Any]) -> tuple[str | None, bytes, bytes, bytes, bytes]:
    """A previous version's row of LINES_FILE as `EdgeLines` holds it: site, line ids, prose,
    URL key and signature."""
    # rows of version 1 have neither URL key nor signature: the document is a page of its own
    return (
        row["site"],
        b"".join(bytes.fromhex(line_id) for line_id, _ in row["lines"]),
        bytes(bool(sentence) for _, sentence in row["lines"]),
        bytes.fromhex(row.get("url") or ""),
        bytes.fromhex(row.get("signature") or ""),
    )


def candidate_columns(
    documents: list[str],
    sites: list[str | None],
    ids: list[bytes],
    prose: list[bytes],
    urls: list[bytes],
    signatures: list[bytes],
) -> CandidateLines:
    """The columns of documents given in id order, each with its site and `EdgeLines`'
    packed line ids, prose flags, URL key and signature (empty when it has none)."""
    no_url = bytes(LINE_ID_BYTES)
    unsigned = bytes(4 * COPY_PERMUTATIONS)
    urls = [url or no_url for url in urls]
    signatures = [signature or unsigned for signature in signatures]
    starts = np.zeros(len(documents) + 1, dtype=np.int64)
    np.cumsum([len(sentences) for sentences in prose], out=starts[1:])
    id_column = np.frombuffer(b"".join(ids), dtype=f">u{LINE_ID_BYTES}").astype(np.uint64)
    del ids
    prose_column = np.frombuffer(b"".join(prose), dtype=np.uint8).astype(bool)
    del prose
    owners = np.repeat(np.arange(len(documents), dtype=np.int32), np.diff(starts))
    order = np.lexsort((prose_column, id_column, owners))
    del owners
    has_url = np.array([url != no_url for url in urls], dtype=bool)
    url_column = np.frombuffer(b"".join(urls), dtype=f">u{LINE_ID_BYTES}").astype(np.uint64)
    signed = np.array([signature != unsigned for signature in signatures], dtype=bool)
    signature_rows = np.frombuffer(b"".join(signatures), dtype="<u4").astype(np.uint32)
    return CandidateLines(
        documents,
        sites,
        starts,
        id_column[order],
        prose_column[order],
        url_column,
        has_url,
        signature_rows.reshape(len(documents), COPY_PERMUTATIONS),
        signed,
    )


def _pages(lines: CandidateLines) -> np.ndarray:
    """Per document, the page it is a copy of: the smallest index of the documents joined
    to it, transitively, by the same URL key or mostly the same text."""
    count = len(lines.documents)
    with_url = np.flatnonzero(lines.has_url)
    order = with_url[np.argsort(lines.urls[with_url], kind="stable")]
    # documents of one URL key lie side by side: each is joined to the next
    same = lines.urls[order[1:]] == lines.urls[order[:-1]]
    by_url = np.stack([order[:-1][same], order[1:][same]], axis=1)
    signed = np.flatnonzero(lines.signed)
    bands, rows_per_band = band_layout(COPY_MIN_SIMILARITY, COPY_PERMUTATIONS)
    similar, _ = similar_pairs(lines.signatures[signed], COPY_MIN_SIMILARITY, bands, rows_per_band)
    pairs = np.concatenate([by_url.astype(np.int64), signed[similar].astype(np.int64)])
    return components(count, pairs.reshape(-1, 2))


def _shared_lines(lines: CandidateLines) -> set[int]:
    """Lines worth keeping the text of: a line one document holds is learned only once
    another document holds it too, and that one brings its text."""
    values, counts = np.unique(lines.ids, return_counts=True)
    return set(values[counts > 1].tolist())


def _line_texts(
    facts: Mapping[str, EdgeLines], earlier: Mapping[str, str], wanted: set[int]
) -> dict[int, str]:
    """The text of each wanted line: the previous version's, else that of the first document
    (by id) carrying one."""
    texts: dict[int, str] = {}
    for line_id, text in earlier.items():
        line = int(line_id, 16)
        if line in wanted:
            texts[line] = text
    for _, fact in in_id_order(facts):
        for index, text in enumerate(fact.texts):
            if text is None:
                continue
            packed = fact.ids[index * LINE_ID_BYTES : (index + 1) * LINE_ID_BYTES]
            line = int.from_bytes(packed, "big")
            if line in wanted:
                texts.setdefault(line, text)
    return texts


def _group_sites(lines: CandidateLines, settings: FurnitureSettings) -> list[str | None]:
    """The site of every document. Documents with no site join one unnamed site when they
    share enough lines; the group is named after its smallest document id."""
    sites = list(lines.sites)
    unnamed = np.array([not site for site in sites], dtype=bool)
    owners = lines.owners()
    rows = unnamed[owners] & lines.first_in_document(owners)
    line_ids, holders = lines.ids[rows], owners[rows]
    del owners, rows
    # rows come by document: a stable sort by line keeps each line's holders in order
    order = np.argsort(line_ids, kind="stable")
    line_ids, holders = line_ids[order], holders[order]
    del order
    bounds = _run_bounds(line_ids)
    del line_ids
    sizes = np.diff(bounds)
    grouping = np.flatnonzero((sizes >= 2) & (sizes <= MAX_GROUPING_LINE_DOCUMENTS))
    shared: Counter[tuple[int, int]] = Counter()
    for start, end in zip(bounds[grouping].tolist(), bounds[grouping + 1].tolist(), strict=True):
        shared.update(itertools.combinations(holders[start:end].tolist(), 2))
    linked = [pair for pair, count in shared.items() if count >= settings.group_min_shared_lines]
    roots = components(len(sites), np.array(linked, dtype=np.int64).reshape(-1, 2))
    members = np.bincount(roots[unnamed], minlength=len(sites))
    names: dict[int, str] = {}
    for index in np.flatnonzero(unnamed & (members[roots] > 1)).tolist():
        root = int(roots[index])
        sites[index] = names.setdefault(root, f"{GROUP_PREFIX}{lines.documents[root]}")
    return sites


def _learn(
    lines: CandidateLines,
    sites: list[str | None],
    pages: np.ndarray,
    settings: FurnitureSettings,
) -> list[tuple[str, int, int, int]]:
    """(site, line, pages of the site holding it, pages of the site) of every line learned,
    by site and line: copies of one page (`pages`, per document) count once."""
    names = sorted({site for site in sites if site})
    number = {name: index for index, name in enumerate(names)}
    document_site = np.array([number.get(site, -1) for site in sites], dtype=np.int32)
    owners = lines.owners()
    row_sites = document_site[owners]
    sentences = np.unique(lines.ids[(row_sites >= 0) & lines.prose])
    rows = (row_sites >= 0) & lines.first_in_document(owners)
    site_column, id_column, page_column = row_sites[rows], lines.ids[rows], pages[owners[rows]]
    del owners, row_sites, rows
    order = np.lexsort((page_column, id_column, site_column))
    site_column, id_column, page_column = (
        site_column[order],
        id_column[order],
        page_column[order],
    )
    del order
    # one row per page of a site holding a line, then a run of rows per line of a site
    first = _run_bounds(site_column, id_column, page_column)[:-1]
    site_column, id_column = site_column[first], id_column[first]
    del page_column, first
    bounds = _run_bounds(site_column, id_column)
    seen = np.diff(bounds)
    site, line = site_column[bounds[:-1]], id_column[bounds[:-1]]
    del site_column, id_column, bounds
    line_values, line_site_counts = np.unique(line, return_counts=True)
    known = document_site >= 0
    site_pages = np.unique(np.stack([document_site[known], pages[known]], axis=1), axis=0)
    total = np.bincount(site_pages[:, 0], minlength=len(names))[site]
    frequent = (seen >= settings.learn_min_documents) & (seen / total >= settings.learn_min_share)
    site, line, seen, total = site[frequent], line[frequent], seen[frequent], total[frequent]
    # a sentence on several sites is a quotation, not furniture
    quotation = np.isin(line, sentences) & (
        line_site_counts[np.searchsorted(line_values, line)] > 1
    )
    return [
        (names[s], n, count, site_total)
        for s, n, count, site_total in zip(
            site[~quotation].tolist(),
            line[~quotation].tolist(),
            seen[~quotation].tolist(),
            total[~quotation].tolist(),
            strict=True,
        )
    ]


def _run_bounds(*columns: np.ndarray) -> np.ndarray:
    """Where each run of equal rows (equal in every column) starts, then the end."""
    size = len(columns[0])
    starts = np.zeros(size, dtype=bool)
    starts[:1] = True
    for column in columns:
        starts[1:] |= column[1:] != column[:-1]
    return np.append(np.flatnonzero(starts), size)


def _lines_file(lines: CandidateLines) -> bytes:
    """furniture_lines.jsonl, each row as `json.dumps(row, ensure_ascii=False,
    separators=(",", ":"))` writes it, built one document at a time: the whole payload as
    objects would be the largest thing the step holds."""
    out = io.BytesIO()
    out.write(_compact(LINES_HEADER).encode() + b"\n")
    starts = lines.starts.tolist()
    for index, doc_id in enumerate(lines.documents):
        start, end = starts[index], starts[index + 1]
        # a document's rows at a time: all of them as Python objects would take 40 bytes a
        # line, some 160 MB at 100,000 documents
        pairs = ",".join(
            f'["{_hex(line)}",{"true" if sentence else "false"}]'
            for line, sentence in zip(
                lines.ids[start:end].tolist(), lines.prose[start:end].tolist(), strict=True
            )
        )
        site = _compact(lines.sites[index])
        signature = (
            f'"{lines.signatures[index].astype("<u4").tobytes().hex()}"'
            if lines.signed[index]
            else "null"
        )
        url = f'"{_hex(int(lines.urls[index]))}"' if lines.has_url[index] else "null"
        out.write(
            f'{{"id":{_compact(doc_id)},"lines":[{pairs}],"signature":{signature},'
            f'"site":{site},"url":{url}}}\n'.encode()
        )
    return out.getvalue()


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _furniture_positions(
    paragraphs: list[Paragraph], learned: Mapping[str, LearnedLine]
) -> dict[int, tuple[str, str]]:
    """Index -> (line id, where): the runs of learned lines at the head and the tail. A
    document that would lose most of its prose is left whole: what it shares with its site's
    other documents is the article itself (a copy or a reprint), which is the duplicates
    step's call, not furniture."""

    def learned_line(paragraph: Paragraph) -> str | None:
        if paragraph.furniture is not None:
            return None
        line = _line_id(comparison_key(paragraph.text))
        return line if line in learned else None

    # Lines are keyed from either end up to the first one not learned: the middle of a long
    # article needs no key.
    hits: dict[int, tuple[str, str]] = {}
    head = 0
    while head < len(paragraphs) and (line := learned_line(paragraphs[head])):
        hits[head] = (line, "head")
        head += 1
    if head == len(paragraphs):  # all of it learned
        return {}
    tail = len(paragraphs) - 1
    while line := learned_line(paragraphs[tail]):
        hits[tail] = (line, "tail")
        tail -= 1
    if not hits:
        return {}
    prose = [len(p.text) if is_prose(p.text) else 0 for p in paragraphs]
    if sum(prose[i] for i in hits) > MAX_LEARNED_SHARE * sum(prose):
        return {}
    return hits
