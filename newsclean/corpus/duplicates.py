"""Duplicate documents across the corpus: exact copies (same comparison form of the text) and
near copies (reprints, light rewrites) found by MinHash LSH, never by comparing all pairs.

- collect: per document, its MinHash signature and the hash of its comparison form, with what
  the canonical rule needs (published, length in words, id, site).
- decide: exact groups and verified LSH pairs (estimated Jaccard >= the threshold) are joined
  into clusters by union-find over documents sorted by id, so neither the order of the facts
  nor of LSH queries changes a cluster. Given a `KeyedReduction`, the same clusters are found
  partition by partition, by band bucket (see duplicate_partitions.py). Each cluster's
  canonical is the earliest published (documents without a date come last), then the
  longest, then the smallest id.
- apply: every other member gets `duplicate_of`, and is dropped (one removal holding its whole
  text) or only marked, as `DuplicateSettings.duplicate_documents` says.

Across versions: `outputs` writes `dedup_index.jsonl` (the facts of every document this
version knows) and `decide` reads the previous version's. Documents of the current input are
always collected afresh and replace their old entries; entries of documents no longer in the
input are carried forward, so a story the corpus has seen is recognised when it reappears: a
new copy of it is a duplicate whose `duplicate_of` names the earlier version's document. An
index written with other MinHash parameters cannot be compared with and is ignored.
Paragraphs shared by documents are left alone here (quotations across sites, furniture within
one site, which the furniture step handles).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

import numpy as np

from newsclean.corpus.duplicate_partitions import (
    ClusterFacts,
    decide_clusters,
    index_ids,
    spill_documents,
)
from newsclean.corpus.facts import PickledByFields
from newsclean.corpus.keyed import KeyedReduction
from newsclean.dedup.lsh import band_layout, components, similar_pairs
from newsclean.dedup.minhash import MinHasher, estimated_jaccard
from newsclean.document import Document, DuplicateRef
from newsclean.settings import DuplicateSettings, Settings
from newsclean.store.previous import PreviousVersion
from newsclean.store.records import stored
from newsclean.textnorm import words

STEP = "duplicates"
INDEX_FILE = "dedup_index.jsonl"
CLUSTERS_FILE = "duplicates.jsonl"
MODES = ("drop", "mark")


@stored
@dataclass(frozen=True, slots=True)
class DocumentFacts(PickledByFields):
    """One document's entry in the index. The facts of every document are held at once, so
    the hashes are raw bytes; the index file spells them in hex."""

    id: str
    published: str | None
    length: int  # words in the comparison form of the text
    site: str | None
    exact: bytes  # sha256 of the comparison form of the text
    signature: bytes  # MinHash values, uint32 little-endian

    def row(self) -> dict[str, object]:
        """The document's line in the index file."""
        return {
            "exact": self.exact.hex(),
            "id": self.id,
            "length": self.length,
            "published": self.published,
            "signature": self.signature.hex(),
            "site": self.site,
        }

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> DocumentFacts:
        return cls(
            id=row["id"],
            published=row["published"],
            length=row["length"],
            site=row["site"],
            exact=bytes.fromhex(row["exact"]),
            signature=bytes.fromhex(row["signature"]),
        )


@stored
@dataclass(frozen=True)
class Member:
    document: str
    rule: str  # exact-document | near-document
    similarity: float  # to the canonical: 1.0 when exact, else the MinHash estimate
    in_run: bool  # the document was in this run's input (else known from the index only)


@dataclass(frozen=True)
class Cluster:
    canonical: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class DuplicateDecision:
    duplicates: dict[str, Member]  # duplicate document of this run -> how it copies...
    canonical_of: dict[str, str]  # ... which canonical document
    clusters: tuple[Cluster, ...]  # every cluster with a document of this run, by canonical
    index_header: dict[str, object]
    # every document the version knows, by id: read once, by `outputs` (from the spilled
    # partitions when decided as a keyed reduction)
    index: Iterable[DocumentFacts]


class DuplicateDocuments:
    name = STEP

    def collect(self, doc: Document, settings: Settings) -> DocumentFacts:
        config = settings.duplicates
        text_words = words(doc.text)
        signature = _hasher(config.num_perm, config.minhash_seed, config.shingle_words).signatures(
            [text_words]
        )[0]
        return DocumentFacts(
            id=doc.id,
            published=doc.published,
            length=len(text_words),
            site=doc.site,
            exact=hashlib.sha256(" ".join(text_words).encode("utf-8")).digest(),
            signature=signature.astype("<u4").tobytes(),
        )

    def decide(
        self,
        facts: Mapping[str, DocumentFacts],
        previous: PreviousVersion | None,
        settings: Settings,
        reduction: KeyedReduction | None = None,
    ) -> DuplicateDecision:
        """In memory, or as a keyed reduction by band bucket (see duplicate_partitions) on
        `reduction`'s engine: the same decision either way."""
        config = settings.duplicates
        if config.duplicate_documents not in MODES:
            raise ValueError(f"duplicate_documents must be one of {MODES}")
        header = _index_header(config)
        if reduction is not None:
            return _decide_keyed(facts, _index_lines(previous, header), config, reduction)
        known = {f.id: f for f in map(_parsed, _index_lines(previous, header))}
        known.update(facts.items())  # streamed when spilled
        rows = sorted((f for f in known.values() if f.length), key=lambda f: f.id)
        clusters = _clusters(rows, config, in_run=facts.keys())
        return _decision(clusters, header, tuple(rows))

    def applied(self, decision: DuplicateDecision) -> DuplicateDecision:
        return replace(decision, clusters=(), index=())

    def apply(self, doc: Document, decision: DuplicateDecision, settings: Settings) -> Document:
        member = decision.duplicates.get(doc.id)
        if member is None:
            return doc
        canonical = decision.canonical_of[doc.id]
        doc.duplicate_of = DuplicateRef(document=canonical, similarity=member.similarity)
        if settings.duplicates.duplicate_documents == "drop":
            doc.remove(
                STEP,
                member.rule,
                f"{'exact' if member.rule == 'exact-document' else 'near'} duplicate of "
                f"document {canonical}",
                doc.text,
                kind="document",
                duplicate_of=doc.duplicate_of,
            )
            doc.dropped = True
        return doc

    def slice_for(self, decision: DuplicateDecision, doc_id: str, facts: object) -> object:
        member = decision.duplicates.get(doc_id)
        return None if member is None else (decision.canonical_of[doc_id], member)

    def outputs(self, decision: DuplicateDecision) -> dict[str, bytes | Iterable[bytes]]:
        clusters = (
            {"canonical": c.canonical, "members": [asdict(m) for m in c.members]}
            for c in decision.clusters
        )
        rows = itertools.chain([decision.index_header], (f.row() for f in decision.index))
        return {
            CLUSTERS_FILE: _jsonl(clusters),
            # a spilled index is written as it is read, never whole in memory
            INDEX_FILE: _jsonl(rows) if isinstance(decision.index, tuple) else _jsonl_chunks(rows),
        }


def _decision(
    clusters: list[Cluster], header: dict[str, object], index: Iterable[DocumentFacts]
) -> DuplicateDecision:
    duplicates: dict[str, Member] = {}
    canonical_of: dict[str, str] = {}
    for cluster in clusters:
        for member in cluster.members:
            if member.in_run and member.document != cluster.canonical:
                duplicates[member.document] = member
                canonical_of[member.document] = cluster.canonical
    return DuplicateDecision(
        duplicates=duplicates,
        canonical_of=canonical_of,
        clusters=tuple(clusters),
        index_header=header,
        index=index,
    )


def _decide_keyed(
    facts: Mapping[str, DocumentFacts],
    index_lines: list[bytes],
    config: DuplicateSettings,
    reduction: KeyedReduction,
) -> DuplicateDecision:
    """The decision of `decide` with the documents' facts spilled by id range and their
    clusters found by band bucket; the index is read back from the spill by `outputs`."""

    def documents() -> Iterator[tuple[DocumentFacts, bool]]:
        for line in index_lines:
            row = json.loads(line)
            if row["id"] not in facts and row["length"]:
                yield DocumentFacts.from_row(row), False
        for fact in facts.values():
            if fact.length:
                yield fact, True

    ids = sorted([*(i for i, f in facts.items() if f.length), *index_ids(facts, index_lines)])
    spilled = spill_documents(documents(), ids, reduction)
    del ids
    clusters = [
        Cluster(
            canonical=found.canonical.id,
            members=tuple(
                _member(member, found.canonical, similarity, member.in_run)
                for member, similarity in found.members
            ),
        )
        for found in decide_clusters(spilled, config, _canonical_rank, reduction)
    ]
    index = (
        DocumentFacts(
            id=row["id"],
            published=row["published"],
            length=row["length"],
            site=row["site"],
            exact=row["exact"],
            signature=row["signature"],
        )
        for row in spilled.rows()
    )
    return _decision(clusters, _index_header(config), index)


@cache
def _hasher(num_perm: int, seed: int, shingle_words: int) -> MinHasher:
    return MinHasher(num_perm, seed, shingle_words)


def _clusters(
    rows: list[DocumentFacts], config: DuplicateSettings, in_run: Container[str]
) -> list[Cluster]:
    if not rows:
        return []
    signatures = np.frombuffer(b"".join(f.signature for f in rows), dtype="<u4").reshape(
        len(rows), -1
    )
    bands, rows_per_band = band_layout(config.document_threshold, config.num_perm)
    near, _ = similar_pairs(signatures, config.document_threshold, bands, rows_per_band)
    roots = components(len(rows), np.concatenate([near, _exact_pairs(rows)]))
    clusters = []
    for members in _groups(roots):
        if not any(rows[i].id in in_run for i in members):
            continue
        canonical = min(members, key=lambda i: _canonical_rank(rows[i]))
        similarity = estimated_jaccard(signatures[members], signatures[canonical])
        clusters.append(
            Cluster(
                canonical=rows[canonical].id,
                members=tuple(
                    _member(rows[i], rows[canonical], float(s), rows[i].id in in_run)
                    for i, s in zip(members, similarity.tolist(), strict=True)
                    if i != canonical
                ),
            )
        )
    return sorted(clusters, key=lambda c: c.canonical)


def _exact_pairs(rows: list[DocumentFacts]) -> np.ndarray:
    """(i, j) joining the rows of each text into one chain."""
    hashes = np.frombuffer(b"".join(f.exact for f in rows), dtype=">u8").reshape(len(rows), -1)
    order = np.lexsort(hashes.T)
    ordered = hashes[order]
    repeats = np.flatnonzero((ordered[1:] == ordered[:-1]).all(axis=1)) + 1
    return np.stack([order[repeats - 1], order[repeats]], axis=1)


def _groups(roots: np.ndarray) -> list[list[int]]:
    """The rows of every component of two or more rows, each in row order."""
    order = np.argsort(roots, kind="stable")
    ordered = roots[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.append(starts[1:], len(roots))
    return [
        order[start:end].tolist()
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True)
        if end - start > 1
    ]


def _member(
    row: DocumentFacts | ClusterFacts,
    canonical: DocumentFacts | ClusterFacts,
    similarity: float,
    in_run: bool,
) -> Member:
    exact = row.exact == canonical.exact
    return Member(
        document=row.id,
        rule="exact-document" if exact else "near-document",
        similarity=1.0 if exact else similarity,
        in_run=in_run,
    )


def _canonical_rank(facts: DocumentFacts | ClusterFacts) -> tuple[int, str, int, str]:
    """Earliest published first (undated last), then the most complete, then the smallest id."""
    published = _utc(facts.published)
    return (published is None, published or "", -facts.length, facts.id)


def _utc(published: str | None) -> str | None:
    """An ISO 8601 timestamp as comparable UTC text; a date without a zone is taken as UTC."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def _index_header(config: DuplicateSettings) -> dict[str, object]:
    """What the signatures in an index depend on: an index with another header is unusable."""
    return {
        "format": "newsclean dedup index",
        "minhash_scheme": "affine32",
        "minhash_seed": config.minhash_seed,
        "num_perm": config.num_perm,
        "shingle_words": config.shingle_words,
    }


def _index_lines(previous: PreviousVersion | None, header: dict[str, object]) -> list[bytes]:
    """The rows of the previous version's index, one JSON line each; none when it was
    written with another header."""
    raw = previous.read_bytes(INDEX_FILE) if previous else None
    if not raw:
        return []
    lines = raw.splitlines()
    del raw
    if json.loads(lines[0]) != header:
        return []
    return lines[1:]


def _parsed(line: bytes) -> DocumentFacts:
    return DocumentFacts.from_row(json.loads(line))


def _jsonl_chunks(rows: Iterable[object], per_chunk: int = 4_096) -> Iterator[bytes]:
    """The lines `_jsonl` writes, a few thousand at a time."""
    rows = iter(rows)
    while chunk := _jsonl(itertools.islice(rows, per_chunk)):
        yield chunk


def _jsonl(rows: Iterable[object]) -> bytes:
    # Written into one buffer: joining a list of lines would hold the file twice.
    out = io.BytesIO()
    for row in rows:
        out.write((json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8"))
    return out.getvalue()
