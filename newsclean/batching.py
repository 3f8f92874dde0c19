"""How a run's input becomes batches: ranges of records, not files.

A news dump is often a few large files (JSON Lines, `.warc.gz` archives) holding tens of
thousands of records. A file larger than `SPLIT_BYTES` is read by a task of its own, which
cuts its records into pieces of at most `PIECE_RECORDS` records and `PIECE_BYTES` characters
of body, in the file's order, and leaves them in the work area; smaller files are read by
the batch that holds them. A batch is then a run of whole files and pieces, closed once it
holds the asked number of records or `MAX_BATCH_BYTES` of input, so one large file is
cleaned by many workers and no worker cleans more than one batch of records at a time.

Reading is left whole to the readers: a file's encoding is decided over all its bytes, and
a JSON Lines id or a WARC target URI must be unique in its file, so the records of a file
are those reading the whole file gives, whatever the cut. Only the cleaning is spread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsclean.settings import BATCHES_PER_RUN, MIN_BATCH, batch_size_for
from newsclean.store.location import StorePath

if TYPE_CHECKING:
    from newsclean.document import Document
    from newsclean.readers.read import Rejection

# A file larger than this (on disk) is cut into pieces: about a second of cleaning.
SPLIT_BYTES = 1024 * 1024
# At most this many records, and about this many characters of body, per piece; batches
# take several pieces.
PIECE_RECORDS = MIN_BATCH
PIECE_BYTES = 4 * 1024 * 1024
# A batch closes at this many bytes of input, whatever its records.
MAX_BATCH_BYTES = 64 * 1024 * 1024
# Starting worker processes (spawn, imports) costs about 3 s, the cleaning of some 2 MB of
# articles: a round of less input runs in the flow's own process, as one batch.
INLINE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Piece:
    """Records of a file that a cut task read, waiting in the work area: the `number`-th
    piece of cut `cut`, from the input file at `path` (relative to the seeds)."""

    path: str
    cut: int
    number: int
    records: int
    bytes: int


# What a batch holds: whole input files, read by the batch itself, and pieces of cut files.
Unit = StorePath | Piece


def input_bytes(paths: Iterable[StorePath]) -> dict[StorePath, int]:
    """Each file's size on disk, as far as its stat tells (0 when it cannot be had: reading
    the file reports why)."""
    sizes = {}
    for path in paths:
        try:
            sizes[path] = path.stat().st_size
        except OSError:
            sizes[path] = 0
    return sizes


def to_cut(sizes: dict[StorePath, int]) -> list[StorePath]:
    """The files read by a task of their own and cut into pieces."""
    return [path for path, size in sizes.items() if size > SPLIT_BYTES]


def piece_records(requested: int | None) -> int:
    """Records per piece: no more than a batch asked for holds."""
    return min(PIECE_RECORDS, requested) if requested else PIECE_RECORDS


def cut_records(
    docs: list[Document], rejections: list[Rejection], records: int
) -> list[tuple[list[Document], list[Rejection]]]:
    """A file's documents in pieces of at most `records` documents and about `PIECE_BYTES`
    characters of body, in order; the file's rejections go with the first piece. A file
    with no document is one piece, of its rejections."""
    pieces: list[tuple[list[Document], list[Rejection]]] = [([], list(rejections))]
    held = 0
    for doc in docs:
        current = pieces[-1][0]
        if current and (len(current) >= records or held + len(doc.body) > PIECE_BYTES):
            pieces.append(([], []))
            held = 0
        pieces[-1][0].append(doc)
        held += len(doc.body)
    return pieces


def plan_batches(
    units: list[tuple[Unit, int, int]], requested: int | None, batches: int = BATCHES_PER_RUN
) -> list[list[Unit]]:
    """`units` (each with its records and bytes; a whole file counts as one record) in about
    `batches` batches (of `batch_size_for` records), in order, each closed early at
    `MAX_BATCH_BYTES` bytes."""
    size = batch_size_for(sum(records for _, records, _ in units), requested, batches)
    batches: list[list[Unit]] = []
    current: list[Unit] = []
    records = held = 0
    for unit, unit_records, unit_bytes in units:
        if current and (records + unit_records > size or held + unit_bytes > MAX_BATCH_BYTES):
            batches.append(current)
            current, records, held = [], 0, 0
        current.append(unit)
        records += unit_records
        held += unit_bytes
    if current:
        batches.append(current)
    return batches
