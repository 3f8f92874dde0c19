"""The name-variants decision as a keyed reduction (see keyed.py): the groups of
`NameVariants.decide` over every document at once, byte for byte, with no process holding
every document's words, the corpus's lowercase vocabulary or the documents of each form.

1. The documents' facts are spilled in partitions of consecutive ids.
2. By word: each partition's evidence of its capitalised words and counts of its lowercase
   words (counted over its documents) are shuffled by the word (a capitalised word by its
   lowercase spelling, which `is_name` looks up); a word partition adds them up over the
   corpus and decides which words are names. Only the names come back; the evidence of the
   names, of the units (mentions of several words) and of the previous version's forms is
   written to a file a word partition.
3. By name key: each document's name forms (`document_forms`, which needs the names: they
   travel with the tasks, as the applied decision does) and that evidence are shuffled by
   their transliteration key (`name_key`); a key partition counts the forms, lists their
   documents (spilled) and gives every form its grouping key (which reads only forms of one
   name key: those written in another script, `grouping_key`, `unread_words`). Only each
   form's counts, kinds and readings and each grouping key's forms come back.
4. The groups are decided from those in this process (`grouped_names`: they join keys
   across buckets and near spellings), as the one-process decision does.
5. By group: the forms' documents are shuffled to the range of groups holding them, and each
   range writes its groups' text of variants.json, which `outputs` reads back in order.
"""

from __future__ import annotations

import pickle
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from newsclean.corpus.fact_files import in_id_order
from newsclean.corpus.keyed import KeyedReduction, Spiller, read_spilled, read_table, write_table
from newsclean.corpus.variants import (
    GROUP_SEPARATOR,
    UNIT_JOINER,
    NameGroups,
    NameWords,
    Spelling,
    Variant,
    WordEvidence,
    accented_words,
    add_group,
    anchored_keys,
    document_forms,
    form_readings,
    form_script,
    forms_by_key,
    group_text,
    grouped_names,
    is_name,
)
from newsclean.names.keys import name_key
from newsclean.settings import Settings
from newsclean.store.location import StorePath

DOCUMENTS = "names-documents"
FORMS = "names-forms"  # the evidence of names, units and earlier forms, by word partition
POSTINGS = "names-postings"  # each counted form's documents, by name key
VARIANTS_TEXT = "names-variants"  # variants.json's groups, by range of groups
# A document's facts as NameWords holds them; its words as UTF-8 bytes: pickle and Arrow
# encode a str through CPython's cached UTF-8 copy, which would double every fact the
# caller still holds.
DOCUMENT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.binary()),
        ("counts", pa.list_(pa.int64())),
        ("languages", pa.string()),
        ("inside", pa.string()),
        ("kinds", pa.string()),
        ("lowercase", pa.binary()),
    ]
)
FORM_SCHEMA = pa.schema([("form", pa.binary()), ("name", pa.bool_()), ("evidence", pa.binary())])
POSTING_SCHEMA = pa.schema([("form", pa.string()), ("documents", pa.list_(pa.string()))])
# Documents of a partition: a name fact is some 3.6 KB, six times a duplicate's, and what a
# partition derives from them (its words' evidence, its forms' documents) about as much again.
PARTITION_DOCUMENTS = 1_000


def bucket(text: str, buckets: int) -> int:
    """A partition by a stable hash (Python's own `hash` differs between processes)."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % buckets


@dataclass(frozen=True)
class SpilledNames:
    """The documents' facts in partitions of consecutive ids."""

    folder: StorePath
    partitions: int
    documents: int

    def facts(self, partition: int) -> Iterator[tuple[str, NameWords]]:
        table = read_spilled(self.folder, partition, DOCUMENT_SCHEMA).sort_by("id")
        for batch in table.to_batches(max_chunksize=1_024):
            for row in batch.to_pylist():
                yield (
                    row["id"],
                    NameWords(
                        row["text"].decode("utf-8"),
                        tuple(row["counts"]),
                        row["languages"],
                        row["inside"],
                        row["kinds"],
                        row["lowercase"].decode("utf-8"),
                    ),
                )


def spill_names(
    facts: Mapping[str, NameWords], per_partition: int, folder: StorePath
) -> SpilledNames:
    """Spills the facts as they stream in id order, `per_partition` documents a partition,
    written out a partition at a time."""
    spiller = Spiller(folder, 1, DOCUMENT_SCHEMA)
    rows = 0
    for doc_id, fact in in_id_order(facts):
        spiller.add(
            rows // per_partition,
            {
                "id": doc_id,
                "text": fact.text.encode("utf-8"),
                "counts": fact.counts,
                "languages": fact.languages,
                "inside": fact.inside,
                "kinds": fact.kinds,
                "lowercase": fact.lowercase.encode("utf-8"),
            },
        )
        rows += 1
        if rows % per_partition == 0:
            spiller.close()
    spiller.close()
    return SpilledNames(folder, -(-rows // per_partition), rows)


def decide_keyed(
    facts: Mapping[str, NameWords],
    earlier: Mapping[str, str],
    settings: Settings,
    reduction: KeyedReduction,
) -> NameGroups:
    """The decision of `NameVariants.decide` (`earlier`: the previous version's canonical
    forms); variants.json waits in the reduction's folder for `outputs`."""
    spilled = spill_names(
        facts,
        min(PARTITION_DOCUMENTS, reduction.partition_documents),
        reduction.folder / DOCUMENTS,
    )
    # the words (and forms) of `partition_documents` documents a partition
    buckets = max(1, -(-spilled.documents // reduction.partition_documents))
    # the earlier forms travel in slices, with the documents' partitions
    earlier_forms = sorted(earlier)
    slices = [earlier_forms[i : i + 10_000] for i in range(0, len(earlier_forms), 10_000)]
    items = [
        *(("documents", p) for p in range(spilled.partitions)),
        *(("earlier", s) for s in slices),
    ]
    found = reduction.regroup(
        items,
        _WordFacts(spilled, buckets),
        _DecideNames(reduction.folder / FORMS),
        buckets,
    )
    names = {form for words, _, _ in found for form in words}
    accented = accented_words(
        frozenset(form for _, frequent, _ in found for form, _ in frequent),
        {
            form: WordEvidence(set(languages))
            for _, frequent, _ in found
            for form, languages in frequent
        },
    )
    # the word partitions' evidence of their names travels by name key with the forms
    items += [("evidence", path) for _, _, path in found]
    del found
    keyed = reduction.regroup(
        items,
        _NameForms(spilled, buckets, frozenset(names)),
        _DecideForms(reduction.folder, accented),
        buckets,
    )
    by_key: dict[str, list[str]] = {}
    key_documents: dict[str, int] = {}
    spellings: dict[str, Spelling] = {}
    frequent: set[str] = set()
    readings: dict[str, tuple[str | None, ...]] = {}
    where: dict[str, int] = {}  # form -> its name key's partition
    for decided in keyed:
        for key, forms, documents in decided.keys:
            by_key[key], key_documents[key] = forms, documents
        for form, spelling, is_frequent, reading in decided.forms:
            spellings[form], readings[form], where[form] = spelling, reading, decided.partition
            if is_frequent:
                frequent.add(form)
        names.update(decided.units)
    del keyed
    groups = grouped_names(
        by_key, key_documents, spellings, frozenset(frequent), readings, accented, earlier, settings
    )
    result = NameGroups(names=frozenset(names))
    for canonical, present in groups:
        add_group(
            result, canonical, [f for f, _ in present], [spellings[f].kinds for f, _ in present]
        )
    ranges = max(1, min(len(groups), buckets))
    placed: dict[int, dict[str, tuple[Any, ...]]] = defaultdict(dict)
    for position, (canonical, present) in enumerate(groups):
        for form, misspelling in present:
            placed[where[form]][form] = (
                position * ranges // len(groups),
                position,
                canonical,
                result.kinds.get(canonical),
                spellings[form].script,
                spellings[form].count,
                misspelling,
            )
    del groups
    parts = reduction.regroup(
        sorted(placed.items()),
        _PlacedDocuments(reduction.folder / POSTINGS),
        _WriteGroups(reduction.folder / VARIANTS_TEXT),
        ranges,
    )
    result.variants_parts = tuple(parts)
    return result


class _WordFacts:
    """A partition's evidence of its capitalised words (and units) and counts of its
    lowercase words, added up over its documents, by word partition; or a slice of the
    earlier forms, by word partition."""

    def __init__(self, spilled: SpilledNames, buckets: int) -> None:
        self.spilled, self.buckets = spilled, buckets

    def __call__(self, item: tuple[str, Any]) -> list[tuple[int, tuple[list, list, list]]]:
        kind, value = item
        chunks: dict[int, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
        if kind == "earlier":
            for form in value:
                chunks[bucket(form.casefold(), self.buckets)][2].append(form)
            return sorted(chunks.items())
        evidence: dict[str, WordEvidence] = defaultdict(WordEvidence)
        lowercase: Counter[str] = Counter()
        for _, fact in self.spilled.facts(value):
            lowercase.update(fact.lowercase.split())
            for word, _, language, inside, word_kind in fact.evidence():
                evidence[word].add(language, inside, word_kind)
        # a capitalised word meets its lowercase spelling (`is_name` looks up the casefold)
        for word, seen in evidence.items():
            chunks[bucket(word.casefold(), self.buckets)][0].append((word, seen))
        for word, n in lowercase.items():
            chunks[bucket(word, self.buckets)][1].append((word, n))
        return sorted(chunks.items())


class _DecideNames:
    """A word partition's names, from the corpus's evidence of its words; the evidence of its
    names, units and earlier forms written to a file of its own. Returns the names, the
    frequent Latin ones with their languages (for `accented_words`) and the file."""

    def __init__(self, folder: StorePath) -> None:
        self.folder = folder

    def __call__(
        self, partition: int, chunks: list[tuple[list, list, list]]
    ) -> tuple[list[str], list[tuple[str, tuple[str | None, ...]]], StorePath]:
        evidence: dict[str, WordEvidence] = {}
        lowercase: Counter[str] = Counter()
        earlier: set[str] = set()
        for words, lower, forms in chunks:
            for word, seen in words:
                if word in evidence:
                    evidence[word].merge(seen)
                else:
                    evidence[word] = seen
            for word, n in lower:
                lowercase[word] += n
            earlier.update(forms)
        names = sorted(
            word
            for word in evidence
            if UNIT_JOINER not in word and is_name(word, evidence[word], lowercase)
        )
        del lowercase
        named = set(names)
        kept = [w for w in sorted(evidence) if w in named or UNIT_JOINER in w or w in earlier]
        table = pa.table(
            {
                "form": pa.array([w.encode("utf-8") for w in kept], pa.binary()),
                "name": pa.array([w in named for w in kept], pa.bool_()),
                "evidence": pa.array(
                    [pickle.dumps(evidence[w], protocol=pickle.HIGHEST_PROTOCOL) for w in kept],
                    pa.binary(),
                ),
            },
            schema=FORM_SCHEMA,
        )
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{partition:05d}.parquet"
        write_table(path, table)
        # a unit (words joined by a no-break space) is in no frequency list: only words
        frequent = [
            (word, tuple(sorted(evidence[word].languages, key=str)))
            for word in names
            if form_script(word) == "Latin" and evidence[word].frequent(word)
        ]
        return names, frequent, path


class _NameForms:
    """By name key partition: a partition's name forms, each with how often its documents
    write it and which; a slice of the earlier forms; a word partition's evidence of its
    names, units and earlier forms."""

    def __init__(self, spilled: SpilledNames, buckets: int, names: frozenset[str]) -> None:
        self.spilled, self.buckets, self.names = spilled, buckets, names

    def __call__(self, item: tuple[str, Any]) -> list[tuple[int, tuple[list, list, list]]]:
        kind, value = item
        chunks: dict[int, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
        if kind == "earlier":
            for form in value:
                chunks[bucket(name_key(form), self.buckets)][1].append(form)
        elif kind == "evidence":
            for row in read_table(value).to_pylist():
                form = row["form"].decode("utf-8")
                chunks[bucket(name_key(form), self.buckets)][2].append(
                    (form, row["name"], row["evidence"])
                )
        else:
            counts: Counter[str] = Counter()
            documents: dict[str, list[str]] = defaultdict(list)
            for doc_id, fact in self.spilled.facts(value):
                for form, n in document_forms(fact, self.names):
                    counts[form] += n
                    documents[form].append(doc_id)
            for form, n in counts.items():
                chunks[bucket(name_key(form), self.buckets)][0].append((form, n, documents[form]))
        return sorted(chunks.items())


@dataclass(frozen=True)
class KeyForms:
    """What a name key partition decided: its grouping keys, each with its forms (the most
    frequent first) and in how many documents they stand; its forms' spellings, whether
    each is frequent in its language and its readings; its units that are names."""

    partition: int
    keys: list[tuple[str, list[str], int]]
    forms: list[tuple[str, Spelling, bool, tuple[str | None, ...]]]
    units: list[str]


class _DecideForms:
    """A name key partition: its forms counted, their documents spilled, their grouping
    keys."""

    def __init__(self, folder: StorePath, accented: frozenset[str]) -> None:
        self.folder, self.accented = folder, accented

    def __call__(self, partition: int, chunks: list[tuple[list, list, list]]) -> KeyForms:
        counts: Counter[str] = Counter()
        documents: dict[str, list[str]] = defaultdict(list)
        earlier: set[str] = set()
        evidence: dict[str, WordEvidence] = defaultdict(WordEvidence)
        words: set[str] = set()
        for postings, forms, seen in chunks:
            for form, n, ids in postings:
                counts[form] += n
                documents[form].extend(ids)
            earlier.update(forms)
            for form, is_name_word, pickled in seen:
                evidence[form] = pickle.loads(pickled)
                if is_name_word:
                    words.add(form)
        units = sorted(form for form in counts if UNIT_JOINER in form)
        names = words | set(units)
        frequent = frozenset(form for form in names if evidence[form].frequent(form))
        name_forms = {form for form in names if counts[form]} | earlier
        readings = {form: form_readings(evidence[form]) for form in name_forms}
        # every form of a name key is here: those written in another script among them
        by_key = forms_by_key(
            name_forms, counts, frequent, anchored_keys(names), self.accented, readings
        )
        spiller = Spiller(self.folder / POSTINGS, partition + 1, POSTING_SCHEMA)
        for form in sorted(documents):
            documents[form].sort()  # in id order, as the one-process decision lists them
            spiller.add(partition, {"form": form, "documents": documents[form]})
        spiller.close()
        return KeyForms(
            partition,
            [
                (key, forms, len(set().union(*(documents.get(f, ()) for f in forms))))
                for key, forms in by_key.items()
            ],
            [
                (
                    form,
                    Spelling(
                        form_script(form),
                        counts[form],
                        len(documents.get(form, ())),
                        evidence[form].kinds,
                    ),
                    form in frequent,
                    readings[form],
                )
                for form in sorted(name_forms)
            ],
            units,
        )


class _PlacedDocuments:
    """A name key partition's forms with their documents, by the range of groups holding
    them."""

    def __init__(self, folder: StorePath) -> None:
        self.folder = folder

    def __call__(
        self, item: tuple[int, dict[str, tuple[Any, ...]]]
    ) -> list[tuple[int, list[tuple[Any, ...]]]]:
        partition, placed = item
        chunks: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for row in read_spilled(self.folder, partition, POSTING_SCHEMA).to_pylist():
            if row["form"] in placed:
                target, *place = placed[row["form"]]
                chunks[target].append((*place, row["form"], row["documents"]))
        return sorted(chunks.items())


class _WriteGroups:
    """A range of groups' text of variants.json, written to a file of its own."""

    def __init__(self, folder: StorePath) -> None:
        self.folder = folder

    def __call__(self, part: int, chunks: list[list[tuple[Any, ...]]]) -> StorePath:
        groups: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for chunk in chunks:
            for position, *row in chunk:
                groups[position].append(row)
        texts = []
        for position in sorted(groups):
            rows = sorted(groups[position], key=lambda r: r[5])  # by form
            canonical, kind = rows[0][0], rows[0][1]
            variants = [
                Variant(form, script, count, documents, misspelling)
                for _, _, script, count, misspelling, form, documents in rows
            ]
            texts.append(group_text(canonical, variants, kind))
        path = self.folder / f"{part:05d}.json"
        self.folder.mkdir(parents=True, exist_ok=True)
        path.write_bytes(GROUP_SEPARATOR.join(texts))
        return path
