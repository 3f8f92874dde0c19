"""One settings object for a run. Its hash goes into the manifest: a change of settings, of the
rules files or of newsclean's version is a reason to rebuild every document."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).parent / "rules"


@dataclass(frozen=True)
class ReaderSettings:
    max_bytes: int = 50 * 1024 * 1024  # a larger file is rejected as too big, not read
    min_text_chars: int = 1  # a decoded document shorter than this is rejected as empty


@dataclass(frozen=True)
class ExtractionSettings:
    # trafilatura options, chosen on the dev pages (bench/extraction.py)
    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False


@dataclass(frozen=True)
class FurnitureSettings:
    # keep furniture in the output, marked (Paragraph.furniture = kind), instead of removing it
    mark_only: bool = False
    # a `prefix` rule matches only paragraphs up to this many words: a longer one is prose
    # that happens to open with the phrase
    max_prefix_words: int = 30
    # a link title under a "Read also" heading is a line up to this many words with no stop
    title_max_words: int = 20
    # at the tail, a section heading takes at most this many titles and teasers after it; in
    # the middle of an article, one title only
    section_max_items: int = 12
    # a lone line between prose paragraphs of at most this many words may be an image caption
    caption_max_words: int = 4
    # a line is learned as furniture of a site when it recurs in at least this many of the
    # site's documents and in at least this share of them (two documents suffice for a site
    # known by only two or three)
    learn_min_documents: int = 2
    learn_min_share: float = 0.5
    # lines this many paragraphs or fewer from either end of a document are candidates for
    # learned head and tail furniture; only short labels are learned from the middle
    learn_edge_paragraphs: int = 25
    # documents with neither URL nor site name are grouped as one site when their head or
    # tail share at least this many distinct lines
    group_min_shared_lines: int = 2


@dataclass(frozen=True)
class DuplicateSettings:
    # Repeated paragraphs inside one document (bench/duplicates.py):
    # two paragraphs are near-repeats at this word-level edit similarity or more
    paragraph_threshold: float = 0.8
    # ... unless a run of this many consecutive words is rewritten on both sides (two
    # paragraphs sharing a long quotation, each with its own sentence, are not repeats)
    max_rewrite_words: int = 4
    # shorter paragraphs (in words) are only ever removed as exact repeats, never as near ones
    min_near_words: int = 12
    # only prose is removed as a repeat: a paragraph of this many words or more that ends a
    # sentence (list items, labels, headings, table rows repeat legitimately; recurring short
    # furniture is the furniture steps' job; bench/repeats.py)
    min_prose_words: int = 8
    # an exact or near copy is removed only in a doubled passage: a run of copies that
    # starts at most this many paragraphs after the end of the passage it copies (a "Read
    # also" line or an advert between them); a paragraph said twice apart stays
    max_passage_gap: int = 3
    # a paragraph ending in "..." repeating the start of another is a teaser from this length
    min_teaser_words: int = 5
    # Duplicate documents (MinHash LSH over word shingles, bench/duplicates.py): with word
    # pairs, reprints with up to 10% of words edited estimate 0.52 or more (median 0.87) while
    # distinct articles stay far below; word triples lose more light rewrites at any threshold
    document_threshold: float = 0.5
    shingle_words: int = 2
    num_perm: int = 128
    # seed of the MinHash permutations: signatures in the persisted index depend on it
    minhash_seed: int = 1
    # what happens to a duplicate document: "drop" (into removed.jsonl) or "mark"
    # (kept, with duplicate_of set)
    duplicate_documents: str = "drop"


@dataclass(frozen=True)
class LanguageSettings:
    seed: int = 0  # langdetect is random; a fixed seed makes it deterministic
    # a paragraph shorter than this (in letters) in its document's script inherits the
    # document's language unless its letters rule that language out (langdetect is wrong
    # too often on short text, even when sure: see bench/language.py)
    min_paragraph_letters: int = 60
    # a longer paragraph takes another language than its document's only when detected
    # with at least this confidence
    strong_evidence: float = 0.99
    sample_chars: int = 4000  # language of a long text is judged on a bounded sample
    # below this confidence no language is given (a text in a language langdetect lacks
    # spreads its guesses; bench/language.py reports the abstention rate)
    min_confidence: float = 0.5
    # also let langdetect judge short paragraphs (at `strong_evidence`); off because the
    # bench shows it only adds wrong switches
    judge_short_paragraphs: bool = False


@dataclass(frozen=True)
class NameSettings:
    # add `text_normalised` with canonical spellings of names
    text_normalised: bool = False
    # a likely misspelling joins a group only with this many documents of support
    misspelling_min_documents: int = 3


# A Prefect task on a process pool costs about 130 ms of CPU (bench/performance.py), so a
# run wants few batches: enough for two workers to share the load evenly, and no more files
# each than a worker holds comfortably in memory.
MIN_BATCH = 32
MAX_BATCH = 2000
BATCHES_PER_RUN = 8


def batch_size_for(files: int, requested: int | None) -> int:
    """Files per batch: about `BATCHES_PER_RUN` batches, of `MIN_BATCH` to `MAX_BATCH`
    files each, unless a size is requested."""
    return requested or min(MAX_BATCH, max(MIN_BATCH, -(-files // BATCHES_PER_RUN)))


@dataclass(frozen=True)
class Settings:
    # Input files per batch (a Prefect task). Unset: about `BATCHES_PER_RUN` batches of
    # `MIN_BATCH` to `MAX_BATCH` files (see batch_size_for); a cluster of many workers wants
    # smaller batches, so that each worker gets several. The output never depends on it.
    batch_size: int | None = None
    readers: ReaderSettings = field(default_factory=ReaderSettings)
    extraction: ExtractionSettings = field(default_factory=ExtractionSettings)
    furniture: FurnitureSettings = field(default_factory=FurnitureSettings)
    duplicates: DuplicateSettings = field(default_factory=DuplicateSettings)
    language: LanguageSettings = field(default_factory=LanguageSettings)
    names: NameSettings = field(default_factory=NameSettings)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def output_dict(self) -> dict[str, Any]:
        """What the output depends on: the settings (less run-shape knobs such as the batch
        size, which must not change a byte), the rules files and the library versions."""
        settings = self.to_dict()
        settings.pop("batch_size")
        return {
            "settings": settings,
            "rules": {p.name: _sha256_file(p) for p in sorted(RULES_DIR.iterdir()) if p.is_file()},
            "versions": {name: version(name) for name in OUTPUT_LIBRARIES},
        }

    def hash(self) -> str:
        canonical = json.dumps(self.output_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    @classmethod
    def from_toml(cls, path: Path) -> Settings:
        """Settings from a TOML file whose tables mirror the dataclasses ([furniture], ...)."""
        with path.open("rb") as handle:
            return _merge(cls(), tomllib.load(handle), path.name)


# Libraries whose version can change a byte of the output.
OUTPUT_LIBRARIES = (
    "newsclean",
    "trafilatura",
    "ftfy",
    "charset-normalizer",
    "langdetect",
    "datasketch",
    "pyarrow",
)


def _merge(obj: Any, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    updates: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ValueError(f"{where}: unknown setting {key!r}")
        current = getattr(obj, key)
        if current is None:
            updates[key] = value
        elif is_dataclass(current):
            if not isinstance(value, dict):
                raise ValueError(f"{where}: [{key}] must be a table")
            updates[key] = _merge(current, value, f"{where} [{key}]")
        else:
            updates[key] = type(current)(value)
    return replace(obj, **updates)


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
