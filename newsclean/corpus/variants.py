"""Spellings of the same name word grouped across transliteration schemes and scripts.

Every name word of every mention (given names and surnames alike; "Kassym-Jomart" is one
word) is a form. Forms whose comparison keys (`newsclean.names.keys.name_key`) are equal
are one group: Tokaev / Tokayev / Токаев; groups that are the same name under the
transcription conventions (`same_name`: Hermann / Герман, Giuseppe / Джузеппе) are joined,
comparing only forms that share a coarse bucket key (never all pairs of the vocabulary),
and never so that a masculine and a feminine surname end up together. A rare form one
edit away from a well-attested group (`likely_misspelling`) joins it only when that group
appears in at least `misspelling_min_documents` documents and the rare form in fewer, and
neither is a common word of a language (`names.common_words`: Contract / Contact are two
words); it is marked `"misspelling": true`. Different people with close names stay apart:
a masculine and a feminine surname never merge, nor do short or differently starting names.

The canonical spelling of a group is the one the previous version chose, when the group
still holds it (so canonical forms do not flip between versions); otherwise its most
frequent Latin spelling (then: in most documents, then alphabetical), or its most frequent
form when it has no Latin one. Misspellings are never canonical.

`variants.json` lists every group, single spellings included (so it also counts names),
sorted by canonical form; variants sorted by form.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from newsclean.corpus.facts import PickledByFields
from newsclean.document import Document
from newsclean.langid.letters import script_of
from newsclean.names.common_words import is_common_word
from newsclean.names.keys import (
    bucket_keys,
    gender_pair,
    keys_one_slip_apart,
    name_key,
    same_name,
)
from newsclean.settings import Settings
from newsclean.store.previous import PreviousVersion
from newsclean.store.records import stored

VARIANTS_FILE = "variants.json"
_NAME_WORD = re.compile(r"\S+")


@stored
@dataclass(frozen=True, slots=True)
class NameWords(PickledByFields):
    """What `collect` reports of one document: how often each name word occurs in its
    mentions. The facts of every document are held at once, so the words are one string."""

    text: str  # the name words, sorted, separated by spaces (a name word holds none)
    counts: tuple[int, ...]  # how often each word occurs

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.split())

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self.text.split(), self.counts, strict=True)


@dataclass(slots=True)
class Variant:
    form: str
    script: str
    count: int
    documents: list[str]
    misspelling: bool = False

    def row(self) -> dict[str, object]:
        row: dict[str, object] = {
            "form": self.form,
            "script": self.script,
            "count": self.count,
            "documents": self.documents,
        }
        if self.misspelling:
            row["misspelling"] = True
        return row


@dataclass
class NameGroups:
    groups: list[tuple[str, list[Variant]]] = field(default_factory=list)
    canonical: dict[str, str] = field(default_factory=dict)  # form -> canonical form


def name_words(form: str) -> list[str]:
    return _NAME_WORD.findall(form)


def form_script(form: str) -> str:
    return next((script_of(ch) for ch in form if ch.isalpha()), "Unknown")


class NameVariants:
    name = "name_variants"

    def collect(self, doc: Document, settings: Settings) -> NameWords:
        """How often each name word occurs in the document's mentions."""
        counts = Counter(word for m in doc.mentions for word in name_words(m.form))
        words = sorted(counts)
        return NameWords(" ".join(words), tuple(counts[word] for word in words))

    def decide(
        self,
        facts: Mapping[str, NameWords],
        previous: PreviousVersion | None,
        settings: Settings,
    ) -> NameGroups:
        counts: Counter[str] = Counter()
        # word -> the documents holding it, by id: each document adds itself once
        documents: dict[str, list[str]] = defaultdict(list)
        for doc_id in sorted(facts):
            for word, n in facts[doc_id].items():
                counts[word] += n
                documents[word].append(doc_id)
        earlier = previous_canonicals(previous)
        by_key: dict[str, list[str]] = defaultdict(list)
        for form in sorted(set(counts) | set(earlier), key=lambda f: (-counts[f], f)):
            by_key[name_key(form)].append(form)
        key_documents = {
            key: len(set().union(*(documents[f] for f in forms))) for key, forms in by_key.items()
        }
        merged = {
            rare: common
            for rare, common in misspelling_merges(
                key_documents, settings.names.misspelling_min_documents
            ).items()
            if not any(map(is_common_word, by_key[rare] + by_key[common]))
        }
        members = key_groups(by_key, merged, key_documents)
        result = NameGroups()
        for head in sorted(members):
            variants = [
                Variant(
                    form,
                    form_script(form),
                    counts[form],
                    documents[form],
                    misspelling=merged.get(key) in members[head],
                )
                for key in members[head]
                for form in by_key[key]
            ]
            canonical = choose_canonical(variants, earlier)
            present = sorted((v for v in variants if v.count), key=lambda v: v.form)
            if not present:
                continue
            result.groups.append((canonical, present))
            for v in present:
                result.canonical[v.form] = canonical
        result.groups.sort(key=lambda g: (g[0], g[1][0].form))
        return result

    def applied(self, decision: NameGroups) -> NameGroups:
        # apply leaves a spelling missing from `canonical` as it is: forms that are their own
        # canonical spelling (most of them) need no entry
        canonical = {form: to for form, to in decision.canonical.items() if form != to}
        return NameGroups(canonical=canonical)

    def apply(self, doc: Document, decision: NameGroups, settings: Settings) -> Document:
        for mention in doc.mentions:
            mention.canonical = _canonical_text(mention.form, decision.canonical)
        if settings.names.text_normalised:
            texts = [p.text for p in doc.paragraphs]
            for mention in sorted(doc.mentions, key=lambda m: (m.paragraph, -m.start)):
                text = texts[mention.paragraph]
                texts[mention.paragraph] = (
                    text[: mention.start]
                    + (mention.canonical or mention.form)
                    + text[mention.end :]
                )
            doc.text_normalised = "\n\n".join(texts)
        return doc

    def slice_for(self, decision: NameGroups, doc_id: str, facts: NameWords) -> object:
        """The canonical spelling of each name word of the document (its facts)."""
        return tuple((word, decision.canonical.get(word)) for word in sorted(facts))

    def outputs(self, decision: NameGroups) -> dict[str, bytes]:
        # As json.dumps(rows, sort_keys=True, ensure_ascii=False, indent=1) writes the list of
        # every group, one group at a time: all rows at once would be the largest thing the
        # step holds.
        out = io.BytesIO()
        for index, (canonical, variants) in enumerate(decision.groups):
            row = {"canonical": canonical, "variants": [v.row() for v in variants]}
            text = json.dumps(row, sort_keys=True, ensure_ascii=False, indent=1)
            out.write((",\n " if index else "[\n ").encode())
            out.write(text.replace("\n", "\n ").encode("utf-8"))
        out.write(b"\n]\n" if decision.groups else b"[]\n")
        return {VARIANTS_FILE: out.getvalue()}


def previous_canonicals(previous: PreviousVersion | None) -> dict[str, str]:
    """form -> canonical, as the previous version's variants.json had them."""
    raw = previous.read_bytes(VARIANTS_FILE) if previous else None
    if raw is None:
        return {}
    return {
        variant["form"]: group["canonical"]
        for group in json.loads(raw)
        for variant in group["variants"]
    }


def key_groups(
    by_key: Mapping[str, list[str]], merged: Mapping[str, str], weight: Mapping[str, int]
) -> dict[str, list[str]]:
    """leader key -> the keys of one name. Keys are taken from the best attested (by
    `weight`, then alphabetically); each joins the first leader whose first form (the most
    frequent: `by_key` lists forms so) one of its forms is the same name as (`same_name`),
    or leads a group of its own. Every key is compared with its leader's form only, so a
    spelling that fits two names links no chain of them; and only with leaders
    sharing one of its coarse `bucket_keys`, never with the whole vocabulary. A likely
    misspelling joins the group of the key it is a slip for. No group holds a masculine and
    a feminine surname."""
    groups: dict[str, list[str]] = {}
    leader_of: dict[str, str] = {}
    rank: dict[str, int] = {}
    bucket_leaders: dict[str, list[str]] = defaultdict(list)

    def fits(key: str, leader: str) -> bool:
        return not any(gender_pair(key, other) for other in groups[leader])

    def lead(key: str, buckets: list[str]) -> None:
        groups[key], leader_of[key], rank[key] = [key], key, len(rank)
        for bucket in buckets:
            bucket_leaders[bucket].append(key)

    for key in sorted(by_key, key=lambda k: (-weight[k], k)):
        if key in merged:
            continue
        buckets = sorted({b for form in by_key[key] for b in bucket_keys(form)})
        candidates = sorted({lead for b in buckets for lead in bucket_leaders[b]}, key=rank.get)
        leader = next(
            (
                lead
                for lead in candidates
                if fits(key, lead) and any(same_name(form, by_key[lead][0]) for form in by_key[key])
            ),
            None,
        )
        if leader is None:
            lead(key, buckets)
        else:
            groups[leader].append(key)
            leader_of[key] = leader
    for rare in sorted(merged):
        leader = leader_of[merged[rare]]
        if fits(rare, leader):
            groups[leader].append(rare)
        else:
            groups[rare] = [rare]
    return {leader: sorted(keys) for leader, keys in groups.items()}


def misspelling_merges(key_documents: Mapping[str, int], min_documents: int) -> dict[str, str]:
    """rare key -> the well-attested key it is a likely slip for (only when exactly one
    such key is in reach)."""
    attested = sorted(k for k, n in key_documents.items() if n >= min_documents)
    merges: dict[str, str] = {}
    for key in sorted(k for k, n in key_documents.items() if n < min_documents):
        near = process.extract(
            key, attested, scorer=Levenshtein.distance, score_cutoff=1, limit=None
        )
        targets = [target for target, _, _ in near if keys_one_slip_apart(key, target)]
        if len(targets) == 1:
            merges[key] = targets[0]
    return merges


def choose_canonical(variants: list[Variant], earlier: Mapping[str, str]) -> str:
    forms = {v.form for v in variants}
    kept = sorted({earlier[f] for f in forms if f in earlier and earlier[f] in forms})
    candidates = (
        [v for v in variants if not v.misspelling and v.form in kept]
        or [v for v in variants if not v.misspelling and v.count]
        or variants
    )
    latin = [v for v in candidates if v.script == "Latin"] or candidates
    return min(latin, key=lambda v: (-v.count, -len(v.documents), v.form)).form


def _canonical_text(form: str, canonical: Mapping[str, str]) -> str:
    return _NAME_WORD.sub(lambda m: canonical.get(m.group(), m.group()), form)
