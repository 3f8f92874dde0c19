"""The learned site furniture decision as a keyed reduction (see keyed.py): the decision of
`SiteFurniture.decide` over every document at once, byte for byte, with no process holding
every document's candidate lines.

1. The documents (this run's facts and the previous version's rows) are spilled in ranges of
   consecutive ids, so a row's number is its index in the one-process decision.
2. Copies of one page: each range's URL keys and the bands of its MinHash are shuffled by
   bucket and paired as duplicate_partitions pairs band keys and text hashes; near pairs are
   verified where their signatures lie. Union-find over the pairs (two numbers a pair) gives
   each copied document its page: the smallest row joined to it.
3. Unnamed sites: the lines of the documents without a site are shuffled by line; a line
   partition pairs the holders of each line and counts the lines each pair shares there.
   The counts, summed, link the pairs sharing enough lines; union-find names the groups.
4. Sites: each document's distinct lines and its page are shuffled by site; a site partition
   counts its sites' pages and the pages holding each line, and returns the lines frequent
   enough to be learned (with their evidence).
5. Lines: every row's line is shuffled to its range of line ids; a line partition writes the
   text of each line two rows hold to Parquet (in line order, for furniture.json), and tells
   which of the frequent lines are quotations (sentences on several sites), with their texts.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from newsclean.corpus.duplicate_partitions import SpilledDocuments, connected_rows, matrix
from newsclean.corpus.fact_files import in_id_order
from newsclean.corpus.keyed import (
    KeyedReduction,
    Spiller,
    read_spilled,
    smallest_connected,
    spill_table,
)
from newsclean.corpus.site_furniture import (
    COPY_MIN_SIMILARITY,
    COPY_PERMUTATIONS,
    GROUP_PREFIX,
    LINE_ID_BYTES,
    LINES_FILE,
    LINES_HEADER,
    MAX_GROUPING_LINE_DOCUMENTS,
    STATE_FILE,
    CandidateLines,
    EdgeLines,
    LearnedLine,
    SiteDecision,
    _earlier_columns,
    _hex,
    _lines_file,
    _run_bounds,
    candidate_columns,
    learned_json,
)
from newsclean.heap import release_freed_memory
from newsclean.settings import FurnitureSettings
from newsclean.store.location import StorePath
from newsclean.store.previous import PreviousVersion

DOCUMENTS = "furniture-documents"
TEXTS = "furniture-texts"
NO_URL = bytes(LINE_ID_BYTES)
UNSIGNED = bytes(4 * COPY_PERMUTATIONS)
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("site", pa.string()),  # as collected: a host, a site name, or null
        ("lines", pa.binary()),  # LINE_ID_BYTES per line, in document order
        ("prose", pa.binary()),  # one byte per line
        ("texts", pa.list_(pa.string())),  # per line, its text (this run's documents only)
        ("url", pa.binary()),  # NO_URL without one
        ("signature", pa.binary()),  # UNSIGNED without one
        ("in_run", pa.bool_()),
    ]
)
TEXTS_SCHEMA = pa.schema([("line", pa.uint64()), ("text", pa.string())])
PAIRS = "furniture-pairs"
PAIRS_SCHEMA = pa.schema([("pair", pa.int64()), ("lines", pa.int64())])


@dataclass(frozen=True)
class SpilledLines:
    """The keyed decision's state for the next version: the documents, and the texts of the
    lines two rows hold, in partitions by range of line id."""

    documents: SpilledDocuments
    texts: StorePath
    text_partitions: int


def decide_keyed(
    facts: Mapping[str, EdgeLines],
    previous: PreviousVersion | None,
    settings: FurnitureSettings,
    reduction: KeyedReduction,
) -> SiteDecision:
    """`SiteFurniture.decide`'s decision, stage by stage as the module's docstring says; its
    state for the next version stays in the spill, which `keyed_outputs` reads back."""
    earlier, earlier_texts = _previous_rows(previous)
    spilled = _spill(facts, earlier, reduction)
    del earlier
    # each stage's pages are given back before the next: their peaks do not add up
    release_freed_memory()
    pages = _pages(spilled, reduction)
    release_freed_memory()
    groups = _groups(spilled, settings, reduction)
    release_freed_memory()
    candidates = sorted(
        found
        for part in reduction.regroup(
            range(spilled.partitions),
            _SiteLines(spilled, pages, groups),
            _Frequent(settings),
            spilled.partitions,
        )
        for found in part
    )
    text_partitions = 1 << max(0, math.ceil(math.log2(max(1, spilled.partitions))))
    texts = reduction.folder / TEXTS
    candidate_lines = np.unique(np.array([line for _, line, _, _ in candidates], np.uint64))
    quotations: set[int] = set()
    candidate_texts: dict[int, str] = {}
    for found_quotations, found_texts in reduction.regroup(
        [("earlier", _by_line_partition(earlier_texts, text_partitions))]
        + [("documents", p) for p in range(spilled.partitions)],
        _LineRows(spilled, groups, candidate_lines, text_partitions),
        _DecideLines(texts, candidate_lines),
        text_partitions,
    ):
        quotations |= found_quotations
        candidate_texts.update(found_texts)
    learned: dict[str, dict[str, LearnedLine]] = {}
    for site, line, seen, pages_of_site in candidates:
        if line not in quotations:
            learned.setdefault(site, {})[_hex(line)] = LearnedLine(
                candidate_texts.get(line), seen, pages_of_site
            )
    run_sites = {
        doc_id: site
        for doc_id, site, in_run in _final_sites(spilled, groups)
        if in_run and site in learned
    }
    return SiteDecision(run_sites, learned, SpilledLines(spilled, texts, text_partitions), {})


def keyed_outputs(decision: SiteDecision) -> dict[str, Iterable[bytes]]:
    """The step's files, written as they are read back from the spill."""
    state = decision.state
    if not isinstance(state, SpilledLines):
        raise ValueError("outputs need the whole decision, not its applied part")
    return {
        STATE_FILE: _state_file(learned_json(decision.learned), state),
        LINES_FILE: _lines_chunks(state.documents),
    }


def _previous_rows(
    previous: PreviousVersion | None,
) -> tuple[dict[str, bytes | dict[str, Any]], dict[str, str]]:
    """The previous version's documents, each as its line of LINES_FILE (parsed when it is
    read), and the texts of its shared lines."""
    raw = previous.read_bytes(STATE_FILE) if previous is not None else None
    if previous is None or raw is None:
        return {}, {}
    payload = json.loads(raw.decode("utf-8"))
    del raw
    lines = previous.read_bytes(LINES_FILE)
    if lines is None:  # a version written before the lines had a file of their own
        return dict(payload["documents"]), dict(payload["texts"])
    header, *rows = lines.splitlines() or [b"{}"]
    del lines
    comparable = json.loads(header).get("copies") == LINES_HEADER["copies"]
    documents: dict[str, bytes | dict[str, Any]] = {}
    for row in rows:
        if comparable:  # kept as it is, parsed again when spilled
            documents[json.loads(row)["id"]] = row
        else:
            parsed = json.loads(row)
            parsed.pop("signature", None)
            documents[parsed.pop("id")] = parsed
    return documents, dict(payload["texts"])


def _spill(
    facts: Mapping[str, EdgeLines],
    earlier: Mapping[str, bytes | dict[str, Any]],
    reduction: KeyedReduction,
) -> SpilledDocuments:
    """Every document's row, in ranges of consecutive ids."""
    run_ids = facts.keys()
    unseen = sorted(earlier.keys() - run_ids)
    count = len(facts) + len(unseen)
    per = reduction.partition_documents
    partitions = max(1, math.ceil(count / per))
    spiller = reduction.spiller(DOCUMENTS, partitions, SCHEMA)
    merged = _merged(in_id_order(facts), iter(unseen))
    for row, (doc_id, fact) in enumerate(merged):
        if fact is not None:
            site, lines, prose, url, signature = (
                fact.site,
                fact.ids,
                fact.prose,
                fact.url,
                fact.signature,
            )
            texts: list[str | None] = list(fact.texts)
        else:
            known = earlier[doc_id]
            parsed = json.loads(known) if isinstance(known, bytes) else known
            site, lines, prose, url, signature = _earlier_columns(parsed)
            texts = [None] * len(prose)
        spiller.add(
            row // per,
            {
                "id": doc_id,
                "site": site,
                "lines": lines,
                "prose": prose,
                "texts": texts,
                "url": url or NO_URL,
                "signature": signature or UNSIGNED,
                "in_run": fact is not None,
            },
        )
    spiller.close()
    offsets = tuple(min(count, p * per) for p in range(partitions + 1))
    return SpilledDocuments(reduction.folder / DOCUMENTS, offsets, SCHEMA)


def _merged(
    run: Iterator[tuple[str, EdgeLines]], unseen: Iterator[str]
) -> Iterator[tuple[str, EdgeLines | None]]:
    """This run's facts and the ids of earlier documents it did not see, merged in id
    order."""
    return heapq.merge(run, ((doc_id, None) for doc_id in unseen), key=lambda entry: entry[0])


def _columns(table: pa.Table) -> CandidateLines:
    """A partition's documents as the one-process decision's columns."""
    return candidate_columns(
        table.column("id").to_pylist(),
        table.column("site").to_pylist(),
        table.column("lines").to_pylist(),
        table.column("prose").to_pylist(),
        table.column("url").to_pylist(),
        table.column("signature").to_pylist(),
    )


@dataclass(frozen=True)
class Pages:
    """The page of every document that has a copy (rows `copied`, sorted); any other
    document is a page of its own."""

    copied: np.ndarray
    page: np.ndarray

    def of(self, rows: np.ndarray) -> np.ndarray:
        at = np.searchsorted(self.copied, rows)
        found = at < len(self.copied)
        found[found] = self.copied[at[found]] == rows[found]
        pages = rows.copy()
        pages[found] = self.page[at[found]]
        return pages


def _pages(spilled: SpilledDocuments, reduction: KeyedReduction) -> Pages:
    copied, roots = connected_rows(
        spilled, _CopyKeys, COPY_MIN_SIMILARITY, COPY_PERMUTATIONS, reduction
    )
    return Pages(copied, copied[roots])


@dataclass(frozen=True)
class _CopyKeys:
    """A partition's band keys (of the documents with a signature) and URL keys, as chunks
    by bucket partition, in the shape `bucket_pairs` reads: (band, key, row) of the bands,
    then (URL key, row)."""

    spilled: SpilledDocuments
    bands: int
    rows_per_band: int
    buckets: int

    def __call__(self, partition: int) -> list[tuple[int, tuple[np.ndarray, ...]]]:
        table = self.spilled.table(partition).select(["url", "signature"])
        if not table.num_rows:
            return []
        rows = self.spilled.offsets[partition] + np.arange(table.num_rows, dtype=np.int64)
        signatures = matrix(table.column("signature").to_pylist(), "<u4")
        urls = matrix(table.column("url").to_pylist(), "<u4")
        del table
        signed = (signatures != 0).any(axis=1)
        has_url = (urls != 0).any(axis=1)
        signatures, signed_rows = signatures[signed], rows[signed]
        urls, url_rows = urls[has_url], rows[has_url]
        keys = (
            signatures[:, : self.bands * self.rows_per_band]
            .reshape(len(signed_rows), self.bands, self.rows_per_band)
            .transpose(1, 0, 2)
            .reshape(-1, self.rows_per_band)
        )
        band = np.repeat(np.arange(self.bands, dtype=np.int16), len(signed_rows))
        band_rows = np.tile(signed_rows, self.bands)
        band_target = (keys[:, 0].astype(np.int64) + band) % self.buckets
        url_target = urls[:, 0].astype(np.int64) % self.buckets
        chunks = []
        for q in np.union1d(band_target, url_target).tolist():
            mine, same_url = band_target == q, url_target == q
            chunks.append(
                (q, (band[mine], keys[mine], band_rows[mine], urls[same_url], url_rows[same_url]))
            )
        return chunks


def _groups(
    spilled: SpilledDocuments, settings: FurnitureSettings, reduction: KeyedReduction
) -> dict[int, str]:
    """The unnamed site of every document without a site that shares enough lines with
    another: by row, the group's name (after its smallest document id)."""
    folder = reduction.folder / PAIRS
    reduction.regroup(
        range(spilled.partitions),
        _UnnamedLines(spilled),
        _PairCounts(folder, spilled.offsets[-1], spilled.partitions),
        spilled.partitions,
    )
    found = reduction.regroup(
        range(spilled.partitions),
        _itself,
        _LinkedPairs(folder, spilled.offsets[-1], settings.group_min_shared_lines),
        spilled.partitions,
    )
    linked = np.concatenate([np.empty((0, 2), np.int64), *found])
    del found
    grouped, compact = np.unique(linked, return_inverse=True)
    roots = grouped[smallest_connected(len(grouped), compact.reshape(-1, 2))]
    names = {root: f"{GROUP_PREFIX}{doc_id}" for root, doc_id in _ids_of(spilled, roots).items()}
    return dict(zip(grouped.tolist(), map(names.__getitem__, roots.tolist()), strict=True))


def _ids_of(spilled: SpilledDocuments, rows: np.ndarray) -> dict[int, str]:
    rows = np.unique(rows)
    partition = spilled.partition_of(rows)
    ids: dict[int, str] = {}
    for p in np.unique(partition).tolist():
        mine = rows[partition == p]
        column = spilled.table(p).column("id").take(mine - spilled.offsets[p])
        ids.update(zip(mine.tolist(), column.to_pylist(), strict=True))
    return ids


class _UnnamedLines:
    """(line, row) of every distinct line of a partition's documents without a site, by the
    partition of the line."""

    def __init__(self, spilled: SpilledDocuments) -> None:
        self.spilled = spilled

    def __call__(self, partition: int) -> list[tuple[int, tuple[np.ndarray, np.ndarray]]]:
        lines = _columns(self.spilled.table(partition))
        unnamed = np.array([not site for site in lines.sites], dtype=bool)
        owners = lines.owners()
        rows = unnamed[owners] & lines.first_in_document(owners)
        line_ids = lines.ids[rows]
        holders = self.spilled.offsets[partition] + owners[rows].astype(np.int64)
        target = (line_ids % np.uint64(self.spilled.partitions)).astype(np.int64)
        return [
            (q, (line_ids[target == q], holders[target == q])) for q in np.unique(target).tolist()
        ]


class _PairCounts:
    """A line partition: every pair of documents (smaller row, larger row) sharing a line
    held by 2 to MAX_GROUPING_LINE_DOCUMENTS documents, and how many such lines of this
    partition they share, spilled by the pair's partition (a pair is row * rows + row)."""

    def __init__(self, folder: StorePath, rows: int, partitions: int) -> None:
        self.folder, self.rows, self.partitions = folder, rows, partitions

    def __call__(self, partition: int, chunks: list[tuple[np.ndarray, np.ndarray]]) -> None:
        line_ids = np.concatenate([c[0] for c in chunks])
        holders = np.concatenate([c[1] for c in chunks])
        order = np.lexsort((holders, line_ids))
        line_ids, holders = line_ids[order], holders[order]
        del order
        bounds = _run_bounds(line_ids)
        del line_ids
        sizes = np.diff(bounds)
        grouping = (sizes >= 2) & (sizes <= MAX_GROUPING_LINE_DOCUMENTS)
        # each holder of a grouping line is paired with the holders after it
        ends = np.repeat(np.where(grouping, bounds[1:], bounds[:-1]), sizes)
        position = np.arange(len(holders))
        later = np.maximum(ends - position - 1, 0)
        first = np.repeat(position, later)
        block = np.repeat(np.cumsum(later) - later, later)
        second = first + 1 + np.arange(len(first)) - block
        del ends, position, later, block
        keys, counts = np.unique(holders[first] * self.rows + holders[second], return_counts=True)
        del first, second
        target = keys % self.partitions
        for q in np.unique(target).tolist():
            mine = target == q
            table = pa.table({"pair": keys[mine], "lines": counts[mine]}, schema=PAIRS_SCHEMA)
            spill_table(self.folder, q, f"from-{partition:05d}", table)


def _itself(partition: int) -> list[tuple[int, int]]:
    return [(partition, partition)]


class _LinkedPairs:
    """A pair partition: the pairs sharing at least `min_shared` lines in all."""

    def __init__(self, folder: StorePath, rows: int, min_shared: int) -> None:
        self.folder, self.rows, self.min_shared = folder, rows, min_shared

    def __call__(self, partition: int, _: list[int]) -> np.ndarray:
        table = read_spilled(self.folder, partition, PAIRS_SCHEMA)
        keys, at = np.unique(table.column("pair").to_numpy(), return_inverse=True)
        shared = np.bincount(at.reshape(-1), weights=table.column("lines").to_numpy())
        linked = keys[shared >= self.min_shared]
        return np.stack([linked // self.rows, linked % self.rows], axis=1)


def _sites(lines: CandidateLines, first_row: int, groups: Mapping[int, str]) -> list[str | None]:
    """Each document's site: its unnamed site's name where it was grouped."""
    return [site or groups.get(first_row + index, site) for index, site in enumerate(lines.sites)]


def _site_partition(site: str, partitions: int) -> int:
    """The same in every process (unlike `hash`)."""
    digest = hashlib.sha1(site.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % partitions


class _SiteLines:
    """Each document with a site: (site, page, its distinct lines), by site partition."""

    def __init__(self, spilled: SpilledDocuments, pages: Pages, groups: Mapping[int, str]) -> None:
        self.spilled, self.pages, self.groups = spilled, pages, groups

    def __call__(self, partition: int) -> list[tuple[int, list[tuple[str, int, np.ndarray]]]]:
        first_row = self.spilled.offsets[partition]
        lines = _columns(self.spilled.table(partition))
        sites = _sites(lines, first_row, self.groups)
        pages = self.pages.of(first_row + np.arange(len(sites), dtype=np.int64)).tolist()
        starts = lines.starts.tolist()
        found: dict[int, list[tuple[str, int, np.ndarray]]] = {}
        for index, site in enumerate(sites):
            if not site:
                continue
            held = np.unique(lines.ids[starts[index] : starts[index + 1]])
            found.setdefault(_site_partition(site, self.spilled.partitions), []).append(
                (site, pages[index], held)
            )
        return sorted(found.items())


class _Frequent:
    """(site, line, pages of the site holding it, pages of the site) of the lines seen on
    enough of a site's pages, as `site_furniture._learn` counts them before quotations."""

    def __init__(self, settings: FurnitureSettings) -> None:
        self.settings = settings

    def __call__(
        self, _: int, chunks: list[list[tuple[str, int, np.ndarray]]]
    ) -> list[tuple[str, int, int, int]]:
        documents = [document for chunk in chunks for document in chunk]
        if not documents:
            return []
        names = sorted({site for site, _, _ in documents})
        number = {name: index for index, name in enumerate(names)}
        document_site = np.array([number[site] for site, _, _ in documents], dtype=np.int64)
        document_page = np.array([page for _, page, _ in documents], dtype=np.int64)
        sizes = [len(held) for _, _, held in documents]
        site_column = np.repeat(document_site, sizes)
        page_column = np.repeat(document_page, sizes)
        id_column = np.concatenate([held for _, _, held in documents])
        order = np.lexsort((page_column, id_column, site_column))
        site_column, id_column, page_column = (
            site_column[order],
            id_column[order],
            page_column[order],
        )
        first = _run_bounds(site_column, id_column, page_column)[:-1]
        site_column, id_column = site_column[first], id_column[first]
        bounds = _run_bounds(site_column, id_column)
        seen = np.diff(bounds)
        site, line = site_column[bounds[:-1]], id_column[bounds[:-1]]
        site_pages = np.unique(np.stack([document_site, document_page], axis=1), axis=0)
        total = np.bincount(site_pages[:, 0], minlength=len(names))[site]
        frequent = (seen >= self.settings.learn_min_documents) & (
            seen / total >= self.settings.learn_min_share
        )
        return [
            (names[s], n, count, pages)
            for s, n, count, pages in zip(
                site[frequent].tolist(),
                line[frequent].tolist(),
                seen[frequent].tolist(),
                total[frequent].tolist(),
                strict=True,
            )
        ]


def _line_partition(lines: np.ndarray, partitions: int) -> np.ndarray:
    """Ranges of line ids: partitions read in turn give the lines in order."""
    shift = 64 - (partitions.bit_length() - 1)
    if shift == 64:
        return np.zeros(len(lines), dtype=np.int64)
    return (lines >> np.uint64(shift)).astype(np.int64)


def _by_line_partition(texts: Mapping[str, str], partitions: int) -> dict[int, dict[int, str]]:
    """The previous version's texts, by line partition."""
    lines = [int(line_id, 16) for line_id in texts]
    targets = _line_partition(np.array(lines, dtype=np.uint64), partitions).tolist()
    found: dict[int, dict[int, str]] = {}
    for line, q, text in zip(lines, targets, texts.values(), strict=True):
        found.setdefault(q, {})[line] = text
    return found


class _LineRows:
    """By line partition: every row's line; the carried texts (the previous version's
    first, then this run's documents' in id order); and (line, site, sentence) of the rows
    of documents with a site that hold a frequent line."""

    def __init__(
        self,
        spilled: SpilledDocuments,
        groups: Mapping[int, str],
        candidates: np.ndarray,
        partitions: int,
    ) -> None:
        self.spilled, self.groups, self.candidates, self.partitions = (
            spilled,
            groups,
            candidates,
            partitions,
        )

    def __call__(self, item: tuple[str, Any]) -> list[tuple[int, tuple[Any, ...]]]:
        kind, value = item
        if kind == "earlier":
            return [
                (q, (no_lines, np.fromiter(texts, np.uint64), list(texts.values()), []))
                for q, texts in sorted(value.items())
                for no_lines in [np.empty(0, np.uint64)]
            ]
        table = self.spilled.table(value)
        first_row = self.spilled.offsets[value]
        lines = _columns(table)
        sites = _sites(lines, first_row, self.groups)
        owners = lines.owners()
        target = _line_partition(lines.ids, self.partitions)
        # the texts, in document order as collected
        text_lines, texts = [], []
        for packed, carried in zip(
            table.column("lines").to_pylist(), table.column("texts").to_pylist(), strict=True
        ):
            ids = np.frombuffer(packed, dtype=f">u{LINE_ID_BYTES}").astype(np.uint64)
            for line, text in zip(ids.tolist(), carried, strict=True):
                if text is not None:
                    text_lines.append(line)
                    texts.append(text)
        text_ids = np.array(text_lines, dtype=np.uint64)
        text_target = _line_partition(text_ids, self.partitions)
        row_sites = np.array([bool(site) for site in sites], dtype=bool)[owners]
        candidate = row_sites & np.isin(lines.ids, self.candidates)
        chunks = []
        for q in np.union1d(target, text_target).tolist():
            mine = np.flatnonzero(target == q)
            mine_texts = np.flatnonzero(text_target == q)
            held = [
                (line, sites[owner], sentence)
                for line, owner, sentence in zip(
                    lines.ids[mine[candidate[mine]]].tolist(),
                    owners[mine[candidate[mine]]].tolist(),
                    lines.prose[mine[candidate[mine]]].tolist(),
                    strict=True,
                )
            ]
            chunks.append(
                (q, (lines.ids[mine], text_ids[mine_texts], [texts[i] for i in mine_texts], held))
            )
        return chunks


class _DecideLines:
    """A line partition: the texts of its lines two rows hold, spilled in line order; and of
    its frequent lines, the quotations (sentences held on several sites) and the texts."""

    def __init__(self, folder: StorePath, candidates: np.ndarray) -> None:
        self.folder, self.candidates = folder, candidates

    def __call__(
        self, partition: int, chunks: list[tuple[Any, ...]]
    ) -> tuple[set[int], dict[int, str]]:
        values, counts = np.unique(np.concatenate([c[0] for c in chunks]), return_counts=True)
        shared = values[counts > 1]
        mine = self.candidates[np.isin(self.candidates, values)]
        wanted = np.union1d(shared, mine)
        texts: dict[int, str] = {}
        for _, text_lines, carried, _ in chunks:
            for index in np.flatnonzero(np.isin(text_lines, wanted)).tolist():
                texts.setdefault(int(text_lines[index]), carried[index])
        spiller = Spiller(self.folder / f"{partition:05d}", 1, TEXTS_SCHEMA)
        shared_set = set(shared.tolist())
        for line in sorted(texts):
            if line in shared_set:
                spiller.add(0, {"line": line, "text": texts[line]})
        spiller.close()
        sites: dict[int, set[str]] = {}
        sentences: set[int] = set()
        for _, _, _, held in chunks:
            for line, site, sentence in held:
                sites.setdefault(line, set()).add(site)
                if sentence:
                    sentences.add(line)
        quotations = {line for line in sentences if len(sites[line]) > 1}
        return quotations, {line: texts[line] for line in mine.tolist() if line in texts}


def _final_sites(
    spilled: SpilledDocuments, groups: Mapping[int, str]
) -> Iterator[tuple[str, str | None, bool]]:
    """(id, site, in this run) of every document, in id order."""
    for partition in range(spilled.partitions):
        table = spilled.table(partition).select(["id", "site", "in_run"])
        first_row = spilled.offsets[partition]
        for index, (doc_id, site, in_run) in enumerate(
            zip(
                table.column("id").to_pylist(),
                table.column("site").to_pylist(),
                table.column("in_run").to_pylist(),
                strict=True,
            )
        ):
            yield doc_id, (site or groups.get(first_row + index, site)), in_run


def _state_file(learned: dict[str, Any], state: SpilledLines) -> Iterator[bytes]:
    """furniture.json as `json.dumps(..., sort_keys=True, ensure_ascii=False, indent=1)`
    writes it, the texts read from their partitions in line order."""
    head = json.dumps(
        {"learned": learned, "texts": {}}, sort_keys=True, ensure_ascii=False, indent=1
    )
    yield head.removesuffix("{}\n}").encode("utf-8")
    written = 0
    for partition in range(state.text_partitions):
        table = read_spilled(state.texts / f"{partition:05d}", 0, TEXTS_SCHEMA).sort_by("line")
        entries = [
            f'{"," if written + n else "{"}\n  "{_hex(line)}": '
            f"{json.dumps(text, ensure_ascii=False)}"
            for n, (line, text) in enumerate(
                zip(
                    table.column("line").to_pylist(),
                    table.column("text").to_pylist(),
                    strict=True,
                )
            )
        ]
        written += len(entries)
        yield "".join(entries).encode("utf-8")
    yield ("\n }\n}\n" if written else "{}\n}\n").encode("utf-8")


def _lines_chunks(spilled: SpilledDocuments) -> Iterator[bytes]:
    """furniture_lines.jsonl, a partition of documents at a time."""
    for partition in range(spilled.partitions):
        chunk = _lines_file(_columns(spilled.table(partition)))
        yield chunk if partition == 0 else chunk[chunk.index(b"\n") + 1 :]
