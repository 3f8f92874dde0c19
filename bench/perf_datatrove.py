"""The same cleaning in datatrove: a folder of txt and HTML files to deduplicated JSONL.

    .venv/bin/python bench/perf_datatrove.py SEEDS WORK [--workers 2] [--jsonl]

Six LocalPipelineExecutor stages, run one after the other (datatrove's dedup is multi-stage:
signatures, then finding duplicates, then filtering on a second read of the data):

1. prepare: a reader of the folder (one document a file, decoded as the floor decodes),
   datatrove's Trafilatura extractor on HTML pages only, its FTFYFormatter, a langdetect
   annotation (datatrove's own language filter needs a fastText model download), a
   JsonlWriter, and ExactDedupSignature of the text;
2. exact-find: ExactFindDedups;
3. exact-filter: JsonlReader, ExactDedupFilter, JsonlWriter, MinhashDedupSignature
   (word 2-shingles, 16 buckets x 8 hashes = 128 permutations);
4. minhash-buckets: MinhashDedupBuckets (one task per bucket);
5. minhash-cluster: MinhashDedupCluster;
6. minhash-filter: JsonlReader, MinhashDedupFilter, JsonlWriter (the output).

Per-document stages run `--workers` tasks on as many processes. Prints one JSON line: the
seconds of every stage and the document counts after each step.

With `--jsonl`, SEEDS holds JSON Lines files of articles (as bench/large_files.py makes
them): the first stage reads them with datatrove's JsonlReader (its tasks share the files)
and has no extractor, as the records are plain text.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from pathlib import Path

from datatrove.data import Document, DocumentsPipeline
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.exact_dedup import (
    ExactDedupConfig,
    ExactDedupFilter,
    ExactDedupSignature,
    ExactFindDedups,
)
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
)
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.formatters import FTFYFormatter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.readers.base import BaseDiskReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.word_tokenizers import WordTokenizer
from perf_floor import decode, detect_language

# 16 x 8 = 128 hashes, the floor's permutation count; word 2-shingles like the floor.
MINHASH = MinhashConfig(n_grams=2, num_buckets=16, hashes_per_bucket=8)
# Per-page extraction timeout: generous, so that a loaded machine drops no page.
EXTRACTION_TIMEOUT_SECONDS = 30


class FolderReader(BaseDiskReader):
    """One document per .txt or .html file; the format goes into the metadata."""

    name = "folder of txt and html files"

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "rb") as f:
            text = decode(f.read())
        document = self.get_document_from_dict(
            {"text": text, "id": filepath, "format": Path(filepath).suffix[1:]}, filepath, 0
        )
        if document:
            yield document


class HtmlTrafilatura(Trafilatura):
    """datatrove's Trafilatura extractor, applied to HTML pages only; plain text passes."""

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        plain: list[Document] = []

        def pages() -> Iterator[Document]:
            for doc in data:
                if doc.metadata["format"] == "html":
                    yield doc
                else:
                    plain.append(doc)

        for page in super().run(pages(), rank, world_size):
            yield from plain
            plain.clear()
            yield page
        yield from plain


class LangdetectAnnotator(BaseFilter):
    """Annotates the language with langdetect (the floor's call); keeps every document."""

    name = "langdetect"

    def filter(self, doc: Document) -> bool:
        doc.metadata["language"] = detect_language(doc.text)
        return True


class WhitespaceTokenizer(WordTokenizer):
    """Words split on whitespace, as the floor's shingles; datatrove's English tokenizer
    (NLTK punkt) needs a model download."""

    def word_tokenize(self, text: str) -> list[str]:
        return text.split()

    def sent_tokenize(self, text: str) -> list[str]:
        return [text]

    def span_tokenize(self, text: str) -> list[tuple[int, int]]:
        return [(0, len(text))]


def document_text(doc: Document) -> str:
    return doc.text


def stages(
    seeds: Path, work: Path, workers: int, jsonl_seeds: bool = False
) -> list[tuple[str, LocalPipelineExecutor]]:
    """The six executors, in the order they must run."""
    exact = ExactDedupConfig(content_getter=document_text)

    def executor(name: str, pipeline: list, tasks: int) -> tuple[str, LocalPipelineExecutor]:
        return name, LocalPipelineExecutor(
            pipeline=pipeline,
            tasks=tasks,
            workers=min(workers, tasks),
            logging_dir=str(work / "logs" / name),
            # fork: the workers import the classes above from this module as loaded
            start_method="fork",
        )

    def jsonl(folder: str) -> JsonlWriter:
        return JsonlWriter(str(work / folder), compression=None)

    reading = (
        [JsonlReader(str(seeds), glob_pattern="*.jsonl")]
        if jsonl_seeds
        else [
            FolderReader(str(seeds)),
            HtmlTrafilatura(
                favour_precision=False,
                deduplicate=False,
                include_tables=True,
                timeout=EXTRACTION_TIMEOUT_SECONDS,
            ),
        ]
    )
    return [
        executor(
            "prepare",
            [
                *reading,
                FTFYFormatter(),
                LangdetectAnnotator(),
                jsonl("prepared"),
                ExactDedupSignature(str(work / "exact" / "signatures"), config=exact),
            ],
            workers,
        ),
        executor(
            "exact-find",
            [
                ExactFindDedups(
                    str(work / "exact" / "signatures"), str(work / "exact" / "dups"), config=exact
                )
            ],
            1,
        ),
        executor(
            "exact-filter",
            [
                JsonlReader(str(work / "prepared")),
                ExactDedupFilter(str(work / "exact" / "dups"), config=exact),
                jsonl("unique"),
                MinhashDedupSignature(
                    str(work / "minhash" / "signatures"),
                    config=MINHASH,
                    language=WhitespaceTokenizer(),
                ),
            ],
            workers,
        ),
        executor(
            "minhash-buckets",
            [
                MinhashDedupBuckets(
                    str(work / "minhash" / "signatures"),
                    str(work / "minhash" / "buckets"),
                    config=MINHASH,
                )
            ],
            MINHASH.num_buckets,
        ),
        executor(
            "minhash-cluster",
            [
                MinhashDedupCluster(
                    str(work / "minhash" / "buckets"),
                    str(work / "minhash" / "remove_ids"),
                    config=MINHASH,
                )
            ],
            1,
        ),
        executor(
            "minhash-filter",
            [
                JsonlReader(str(work / "unique")),
                MinhashDedupFilter(str(work / "minhash" / "remove_ids")),
                jsonl("output"),
            ],
            workers,
        ),
    ]


def count_lines(folder: Path) -> int:
    return sum(sum(1 for _ in path.open(encoding="utf-8")) for path in folder.glob("*.jsonl"))


def run_datatrove(seeds: Path, work: Path, workers: int, jsonl_seeds: bool = False) -> dict:
    seconds: dict[str, float] = {}
    for name, executor in stages(seeds, work, workers, jsonl_seeds):
        started = time.perf_counter()
        executor.run()
        seconds[name] = time.perf_counter() - started
    return {
        "workers": workers,
        "seconds": seconds,
        "prepared": count_lines(work / "prepared"),
        "after_exact_dedup": count_lines(work / "unique"),
        "output": count_lines(work / "output"),
        "minhash_bucket_files": len(list((work / "minhash" / "buckets").rglob("*.dups"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--jsonl", action="store_true", help="SEEDS holds JSON Lines files")
    args = parser.parse_args()
    print(json.dumps(run_datatrove(args.seeds, args.work, args.workers, args.jsonl)))


if __name__ == "__main__":
    main()
