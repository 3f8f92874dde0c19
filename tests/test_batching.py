"""How records are cut into pieces and pieces and files packed into batches."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

import newsclean.batching as batching
from flows.ingest import _batches_per_run
from newsclean.batching import Piece, cut_records, plan_batches, to_cut
from newsclean.document import Document, Source
from newsclean.readers.read import Rejection
from newsclean.settings import BATCHES_PER_RUN, BATCHES_PER_WORKER


def _doc(n: int, body: str = "A line of text.") -> Document:
    source = Source(path="dump.jsonl", sha256="0" * 64, format="jsonl", record_id=str(n))
    return Document(id=f"{n:04d}", source=source, body=body)


def test_records_are_cut_in_order_with_the_rejections_in_the_first_piece():
    docs = [_doc(n) for n in range(70)]
    bad = Rejection("dump.jsonl", "0" * 64, "dump.jsonl: line 3: not valid JSON", "line 3")
    pieces = cut_records(docs, [bad], 32)
    assert [len(d) for d, _ in pieces] == [32, 32, 6]
    assert [doc for d, _ in pieces for doc in d] == docs
    assert [r for _, r in pieces] == [[bad], [], []]


def test_a_file_without_documents_is_one_piece_of_its_rejections():
    bad = Rejection("dump.jsonl", None, "dump.jsonl: empty file")
    assert cut_records([], [bad], 32) == [([], [bad])]


def test_a_piece_closes_at_its_bytes_whatever_its_records(monkeypatch):
    monkeypatch.setattr(batching, "PIECE_BYTES", 100)
    docs = [_doc(n, "x" * 60) for n in range(5)]
    assert [len(d) for d, _ in cut_records(docs, [], 32)] == [1, 1, 1, 1, 1]


def test_batches_take_pieces_by_records_and_close_at_their_bytes(monkeypatch):
    small = [(Path(f"s{n}.txt"), 1, 1_000) for n in range(3)]
    pieces = [(Piece("dump.jsonl", 0, n, 32, 100_000), 32, 100_000) for n in range(4)]
    # 131 records asked 40 at a time: the small files with the first piece, then a piece
    # at a time
    batches = plan_batches([*small, *pieces], 40)
    assert [len(b) for b in batches] == [4, 1, 1, 1]
    monkeypatch.setattr(batching, "MAX_BATCH_BYTES", 150_000)
    assert [len(b) for b in plan_batches(pieces, 1000)] == [1, 1, 1, 1]


def test_unasked_batches_are_about_as_many_as_planned():
    pieces = [(Piece("dump.jsonl", 0, n, 25, 100_000), 25, 100_000) for n in range(160)]
    assert len(plan_batches(pieces, None)) == BATCHES_PER_RUN  # 4,000 records
    assert len(plan_batches(pieces, None, batches=4)) == 4
    # a size asked for wins over the number planned
    assert len(plan_batches(pieces, 1000, batches=16)) == 4


def test_a_process_pool_plans_a_few_batches_per_worker():
    """Each task costs Prefect about half a second of CPU: a pool of two workers gets 4
    batches a pass, not 8; a run whose workers are not known keeps BATCHES_PER_RUN."""

    @flow
    def planned() -> int:
        return _batches_per_run()

    pool = ProcessPoolTaskRunner(max_workers=3)
    assert planned.with_options(task_runner=pool)() == 3 * BATCHES_PER_WORKER
    threads = ThreadPoolTaskRunner(max_workers=1)
    assert planned.with_options(task_runner=threads)() == BATCHES_PER_RUN


def test_only_files_over_the_split_size_are_cut():
    sizes = {Path("big.jsonl"): batching.SPLIT_BYTES + 1, Path("page.html"): 50_000}
    assert to_cut(sizes) == [Path("big.jsonl")]
