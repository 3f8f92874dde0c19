"""One settings object for a run. Its hash goes into the manifest: a change of settings, of the
rules files or of newsclean's version is a reason to rebuild every document."""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import asdict, dataclass, field, is_dataclass
from importlib.metadata import version
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from annotated_types import Ge, Gt, Le, Lt
from pydantic import ConfigDict, Strict, TypeAdapter, ValidationError, with_config

RULES_DIR = Path(__file__).parent / "rules"

# Every setting has a type and a range, checked as a settings file is read: TOML's `"false"`
# is no boolean and `"10"` no number (nothing is coerced), and a table may name only the
# settings it has. Every number is bounded above too: a huge one would end a run in an
# OverflowError (a read of that many bytes) or in hours of work, not in this check.
MAX_COUNT = 1_000_000_000
Flag = Annotated[bool, Strict()]
Count = Annotated[int, Strict(), Ge(1), Le(MAX_COUNT)]  # a size or a number of words, ...
Allowance = Annotated[int, Strict(), Ge(0), Le(MAX_COUNT)]  # a number that may be none at all
Share = Annotated[float, Strict(), Gt(0), Le(1)]  # a share or a similarity above zero
Probability = Annotated[float, Strict(), Ge(0), Le(1)]
Seed = Annotated[int, Strict(), Ge(0), Lt(2**32)]  # numpy's random generators take these
STRICT = ConfigDict(extra="forbid")


class SettingsError(ValueError):
    """A settings file that cannot be used, with a one-line message naming the file and
    every key at fault."""


@with_config(STRICT)
@dataclass(frozen=True)
class ReaderSettings:
    # a larger file is rejected as too big, not read; a file is read whole into memory
    max_bytes: Annotated[int, Strict(), Ge(1), Le(4 * 1024**3)] = 50 * 1024 * 1024
    min_text_chars: Count = 1  # a decoded document shorter than this is rejected as empty
    # A document (a text or HTML file, a JSONL or WARC record) longer than this many
    # characters once decoded is rejected as too big to clean. Cleaning holds some 30 to 40
    # bytes per character at once (bench/document_memory.py: 4 MB of text peak at 293 MB,
    # 8 MB at 477 MB, in a process that starts at 177 MB); news articles are a few thousand.
    max_document_chars: Count = 4_000_000
    # Symbolic links under the seeds folder are read when true, if they lead to a file inside
    # it; off, each is rejected unread. A link out of the seeds folder is never followed.
    follow_links: Flag = False


@with_config(STRICT)
@dataclass(frozen=True)
class ExtractionSettings:
    # trafilatura options, chosen on the dev pages (bench/extraction.py)
    favor_precision: Flag = False
    favor_recall: Flag = False
    include_tables: Flag = True
    include_comments: Flag = False
    # short lines at the edges of the main text, no prose, that resiliparse's main-content
    # extractor leaves out of the page are taken out as furniture (steps/second_opinion.py)
    second_opinion: Flag = True


@with_config(STRICT)
@dataclass(frozen=True)
class FurnitureSettings:
    # keep furniture in the output, marked (Paragraph.furniture = kind), instead of removing it
    mark_only: Flag = False
    # a `prefix` rule matches only paragraphs up to this many words: a longer one is prose
    # that happens to open with the phrase
    max_prefix_words: Count = 30
    # a link title under a "Read also" heading is a line up to this many words with no stop
    title_max_words: Count = 20
    # at the tail, a section heading takes at most this many titles and teasers after it; in
    # the middle of an article, one title only
    section_max_items: Allowance = 12
    # a lone line between prose paragraphs of at most this many words may be an image caption
    caption_max_words: Allowance = 4
    # a line is learned as furniture of a site when it recurs on at least this many of the
    # site's pages and on at least this share of them (two pages suffice for a site known
    # by only two or three); copies of one page (same URL or mostly the same text) count once
    learn_min_documents: Annotated[int, Strict(), Ge(2), Le(MAX_COUNT)] = 2
    learn_min_share: Share = 0.5
    # lines this many paragraphs or fewer from either end of a document are candidates for
    # learned head and tail furniture; only short labels are learned from the middle
    learn_edge_paragraphs: Count = 25
    # documents with neither URL nor site name are grouped as one site when their head or
    # tail share at least this many distinct lines
    group_min_shared_lines: Count = 2


@with_config(STRICT)
@dataclass(frozen=True)
class QualitySettings:
    # Whether any prose is left (steps/quality.py; the measures of datatrove's
    # GopherQualityFilter). A paragraph without terminal punctuation is prose from this many
    # words or characters, when this share of its words hold a letter (Gopher: 0.8) and it
    # has at most this many separators per word (Gopher's symbol-to-word ratio: 0.1)
    min_unpunctuated_words: Count = 6
    long_paragraph_chars: Count = 200
    min_alpha_words_share: Share = 0.8
    max_separator_word_ratio: Probability = 0.1
    # a document of words with no prose paragraph is kept up to this many paragraphs (a
    # headline and its standfirst); more is a list of links or labels, and is dropped
    max_unpunctuated_paragraphs: Count = 2


@with_config(STRICT)
@dataclass(frozen=True)
class DuplicateSettings:
    # Repeated paragraphs inside one document (bench/duplicates.py):
    # two paragraphs are near-repeats at this word-level edit similarity or more
    paragraph_threshold: Share = 0.8
    # ... unless a run of this many consecutive words is rewritten on both sides (two
    # paragraphs sharing a long quotation, each with its own sentence, are not repeats)
    max_rewrite_words: Allowance = 4
    # shorter paragraphs (in words) are only ever removed as exact repeats, never as near ones
    min_near_words: Count = 12
    # only prose is removed as a repeat: a paragraph of this many words or more that ends a
    # sentence (list items, labels, headings, table rows repeat legitimately; recurring short
    # furniture is the furniture steps' job; bench/repeats.py)
    min_prose_words: Count = 8
    # an exact or near copy is removed only in a doubled passage: a run of copies that
    # starts at most this many paragraphs after the end of the passage it copies (a "Read
    # also" line or an advert between them); a paragraph said twice apart stays
    max_passage_gap: Allowance = 3
    # a paragraph ending in "..." repeating the start of another is a teaser from this length
    min_teaser_words: Count = 5
    # Duplicate documents (MinHash LSH over word shingles, bench/duplicates.py): with word
    # pairs, reprints with up to 10% of words edited estimate 0.52 or more (median 0.87) while
    # distinct articles stay far below; word triples lose more light rewrites at any threshold
    document_threshold: Share = 0.5
    shingle_words: Count = 2
    # the time to sign a document grows with it: 8 times the default at most
    num_perm: Annotated[int, Strict(), Ge(2), Le(1024)] = 128
    # seed of the MinHash permutations: signatures in the persisted index depend on it
    minhash_seed: Seed = 1
    # what happens to a duplicate document: "drop" (into removed.jsonl) or "mark"
    # (kept, with duplicate_of set)
    duplicate_documents: Literal["drop", "mark"] = "drop"

    def bands_problem(self) -> str | None:
        """datasketch's LSH needs two bands or more at the threshold and permutation count."""
        from newsclean.dedup.lsh import band_layout  # datasketch: loaded only when needed

        try:
            band_layout(self.document_threshold, self.num_perm)
        except ValueError as error:
            return (
                f"[duplicates] document_threshold = {self.document_threshold} with num_perm = "
                f"{self.num_perm}: {error} (lower the threshold or raise num_perm)"
            )
        return None


@with_config(STRICT)
@dataclass(frozen=True)
class LanguageSettings:
    seed: Seed = 0  # langdetect is random; a fixed seed makes it deterministic
    # a paragraph shorter than this (in letters) in its document's script inherits the
    # document's language unless its letters rule that language out (langdetect is wrong
    # too often on short text, even when sure: see bench/language.py)
    min_paragraph_letters: Allowance = 60
    # a longer paragraph takes another language than its document's only when detected
    # with at least this confidence
    strong_evidence: Probability = 0.99
    sample_chars: Count = 4000  # language of a long text is judged on a bounded sample
    # below this confidence no language is given (a text in a language langdetect lacks
    # spreads its guesses; bench/language.py reports the abstention rate)
    min_confidence: Probability = 0.5
    # also let langdetect judge short paragraphs (at `strong_evidence`); off because the
    # bench shows it only adds wrong switches
    judge_short_paragraphs: Flag = False
    # a text with fewer words than this (one fewer with a lowercase one; not counting handles,
    # hashtags, addresses, codes, times, short capitals) has no language: "#Astana2024 #KZ"
    min_words: Count = 3
    # `languages` lists a language only when its share of the words is above this
    share_floor: Probability = 0.05
    # and only when its paragraphs' confidence (weighed by their words) is at least this: a
    # language merely guessed at (a sentence of a language newsclean cannot name) is not listed
    listed_min_confidence: Probability = 0.9
    # lingua-language-detector checks langdetect's choice where it is weak
    # (rules/language_second_opinion.toml); off saves about 40 MB a worker for each
    # language it loads, at the accuracy bench/language.py gives "without lingua"
    second_opinion: Flag = True


@with_config(STRICT)
@dataclass(frozen=True)
class NameSettings:
    # add `text_normalised` with canonical spellings of names
    text_normalised: Flag = False
    # a likely misspelling joins a group only with this many documents of support
    misspelling_min_documents: Count = 3


# A Prefect task on a process pool costs about 130 ms of CPU (bench/performance.py), so a
# run wants few batches: enough for two workers to share the load evenly, and no more
# records each than a worker holds comfortably in memory (see newsclean/batching.py).
MIN_BATCH = 32
MAX_BATCH = 2000
BATCHES_PER_RUN = 8
# On a process pool, about this many batches per worker instead: each task costs about half
# a second of CPU all told, Prefect's server and engine included (bench/spy_summary.py), and
# two each still let a worker take over from one that runs late.
BATCHES_PER_WORKER = 2


def batch_size_for(files: int, requested: int | None, batches: int = BATCHES_PER_RUN) -> int:
    """Records per batch (a file not cut into pieces counts as one): about `batches`
    batches, of `MIN_BATCH` to `MAX_BATCH` records each, unless a size is requested."""
    return requested or min(MAX_BATCH, max(MIN_BATCH, -(-files // batches)))


@with_config(STRICT)
@dataclass(frozen=True)
class Settings:
    # Records per batch (a Prefect task; a file not cut into pieces counts as one). Unset:
    # about `BATCHES_PER_RUN` batches (`BATCHES_PER_WORKER` per worker of a process pool) of
    # `MIN_BATCH` to `MAX_BATCH` records (see batch_size_for); a cluster of many workers
    # wants smaller batches, so that each worker gets several. The output never depends on
    # it.
    batch_size: Count | None = None
    # After a run that succeeds, keep this many versions (the newest, LATEST always among
    # them) and prune the older ones (see `newsclean prune`). Unset: every version is kept.
    keep_versions: Count | None = None
    # A run whose result lacks more than this share of its parent version's documents (seeds
    # from elsewhere pointed at this cleaned folder, a seeds folder half unmounted) is warned
    # about; with `refuse_mass_removal`, refused: no version is written.
    max_removed_share: Share = 0.5
    refuse_mass_removal: Flag = False
    readers: ReaderSettings = field(default_factory=ReaderSettings)
    extraction: ExtractionSettings = field(default_factory=ExtractionSettings)
    furniture: FurnitureSettings = field(default_factory=FurnitureSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    duplicates: DuplicateSettings = field(default_factory=DuplicateSettings)
    language: LanguageSettings = field(default_factory=LanguageSettings)
    names: NameSettings = field(default_factory=NameSettings)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def output_dict(self) -> dict[str, Any]:
        """What the output depends on: the settings (less run-shape knobs such as the batch
        size, which must not change a byte, how many versions to keep, and when to warn of
        removed documents), the rules files and the library versions."""
        settings = self.to_dict()
        settings.pop("batch_size")
        settings.pop("keep_versions")
        settings.pop("max_removed_share")
        settings.pop("refuse_mass_removal")
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
        """Settings from a TOML file whose tables mirror the dataclasses ([furniture], ...),
        checked whole before anything runs: a SettingsError names every key at fault."""
        if path.is_dir():
            raise SettingsError(f"settings file {path} is a folder; give a TOML file")
        try:
            with path.open("rb") as handle:
                values = tomllib.load(handle)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise SettingsError(f"settings file {path}: not a TOML file: {error}") from None
        try:
            settings = TypeAdapter(cls).validate_python(values)
        except ValidationError as error:
            problems = [_problem(cls, values, e) for e in error.errors(include_url=False)]
            raise SettingsError(f"settings file {path}: " + "; ".join(problems)) from None
        problem = settings.duplicates.bands_problem()
        if problem:
            raise SettingsError(f"settings file {path}: {problem}")
        return settings


# Libraries whose version can change a byte of the output.
OUTPUT_LIBRARIES = (
    "newsclean",
    "trafilatura",
    "ftfy",
    "charset-normalizer",
    "langdetect",
    # the second opinion on paragraph languages where langdetect is weak
    "lingua-language-detector",
    "datasketch",
    "pyarrow",
    "wordfreq",
    # transliteration tables behind the name keys
    "anyascii",
    # lexbor's tree of a page libxml2 finds no text in, and the items of feeds
    "selectolax",
    "feedparser",
    # the second main-content extractor's opinion on the lines at the edges of a page's text
    "resiliparse",
)


def _problem(cls: type, values: Any, error: Any) -> str:
    """One key at fault, as `[table] key = value must be what it may be`."""
    *tables, key = error["loc"]
    where = "".join(f"[{t}] " for t in tables)
    if error["type"] == "unexpected_keyword_argument":
        return f"{where}unknown setting {key!r}"
    for table in tables:
        cls = get_type_hints(cls, include_extras=True)[table]
        values = values[table]
    hint = get_type_hints(cls, include_extras=True)[key]
    if is_dataclass(hint):
        return f"{where}{key} must be a table ([{key}])"
    value = json.dumps(values[key], default=str, ensure_ascii=False)
    return f"{where}{key} = {value} must be {_allowed(hint)}"


def _allowed(hint: Any) -> str:
    """What a setting's type and range allow, in words."""
    if get_origin(hint) in (Union, UnionType):
        [hint] = [h for h in get_args(hint) if h is not NoneType]
        return f"{_allowed(hint)} or left out"
    if get_origin(hint) is Literal:
        return " or ".join(json.dumps(v) for v in get_args(hint))
    base, *constraints = get_args(hint)
    bounds = [
        f"{symbol} {getattr(c, name)}"
        for c in constraints
        for kind, name, symbol in _BOUNDS
        if isinstance(c, kind)
    ]
    kind = {bool: "true or false", int: "a whole number", float: "a number"}[base]
    return " ".join([kind, " and ".join(bounds)]) if bounds else kind


_BOUNDS = ((Ge, "ge", "≥"), (Gt, "gt", ">"), (Le, "le", "≤"), (Lt, "lt", "<"))


def _sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
