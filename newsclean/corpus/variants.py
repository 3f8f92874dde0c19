"""Which capitalised words of the corpus are names, and spellings of the same name word
grouped across transliteration schemes and scripts.

Names first. A document alone cannot tell a name from a capitalised word; the corpus can.
`collect` reports each document's mention words with their evidence (the language of their
paragraph, whether one stood inside a sentence of a language that does not capitalise its
nouns, the person / place kind its text gave) and the words it writes in lowercase.
`decide` keeps as names (`is_name`) the words that
- the corpus does not write in lowercase (in any language), in at least
  `lowercase_share` as many documents as it capitalises them inside a sentence;
- are not frequent in the frequency lists of their own language (`names.common_words`),
  unless the corpus capitalises them inside sentences of a language that does not
  capitalise nouns ("Bush", "Berlin", "Кипр" are frequent and names);
- in a language that capitalises nouns (German), are no compound of a frequent noun, and
  when frequent in its list are frequent in the lists of other languages too (Merkel and
  Berlin are, Staaten is not).
`apply` drops the mentions holding no name word; the others keep their form.

Every name word of every mention (given names and surnames alike; "Kassym-Jomart" is one
word) is a form. Forms whose comparison keys (`newsclean.names.keys.name_key`) are equal
are one group: Tokaev / Tokayev / Токаев; groups that are the same name under the
transcription conventions (`same_name`: Hermann / Герман, Giuseppe / Джузеппе) are joined,
comparing only forms that share a coarse bucket key (never all pairs of the vocabulary),
and never so that a masculine and a feminine surname end up together. A form frequent in its
own language's list joins another by the conventions only when they share a phonetic key
(Schmidt / Шмидт), never with the vowel slack (Cooper / Кипр, Sony / Синий, Master /
Мистер sound alike only so). A
rare form one edit away from a well-attested group (`likely_misspelling`) joins it only
when that group appears in at least `misspelling_min_documents` documents and the rare form
in fewer, and neither is a common word of a language (`names.common_words`: Contract /
Contact are two words); it is marked `"misspelling": true`. Different people with close
names stay apart: a masculine and a feminine surname never merge, nor do short or
differently starting names.

The canonical spelling of a group is the one the previous version chose, when the group
still holds it (so canonical forms do not flip between versions); otherwise its most
frequent Latin spelling (then: in most documents, then alphabetical), or its most frequent
form when it has no Latin one. Misspellings are never canonical. A group's kind is the
kind most of its mentions' texts gave ("person", "place"), when they gave one; a mention
whose text gave none takes its last name word's group kind.

`variants.json` lists every group, single spellings included (so it also counts names),
sorted by canonical form; variants sorted by form; with each group its evidence: in how
many documents it stands and in which scripts.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from newsclean.corpus.facts import PickledByFields
from newsclean.corpus.keyed import KeyedReduction
from newsclean.document import Document
from newsclean.langid.letters import script_of
from newsclean.names.common_words import is_common_in, is_common_word, zipf
from newsclean.names.keys import (
    bucket_keys,
    gender_pair,
    keys_one_slip_apart,
    name_key,
    same_name,
)
from newsclean.settings import RULES_DIR, Settings
from newsclean.steps.names import sentence_initial
from newsclean.store.previous import PreviousVersion
from newsclean.store.records import stored

VARIANTS_FILE = "variants.json"
_NAME_WORD = re.compile(r"\S+")
# Letters with inner apostrophes and hyphens, as a name word is cut (steps.names).
_LOWERCASE_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'\u2019][^\W\d_]+)*")


@stored
@dataclass(frozen=True, slots=True)
class NameWords(PickledByFields):
    """What `collect` reports of one document: how often each mention word occurs in its
    mentions, with its evidence, and the words the document writes in lowercase. The facts
    of every document are held at once, so the words are strings."""

    text: str  # the mention words, sorted, separated by spaces (a name word holds none)
    counts: tuple[int, ...]  # how often each word occurs
    languages: str = ""  # each word's paragraph language (the first), "-" for none
    inside: str = ""  # per word "1" when capitalised inside a sentence of a language
    # that does not capitalise its nouns, else "0"
    kinds: str = ""  # per word: "p" a person's, "l" a place's, "-" unknown (by its text)
    lowercase: str = ""  # the distinct words the document writes in lowercase, sorted

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.split())

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self.text.split(), self.counts, strict=True)

    def evidence(self) -> Iterator[tuple[str, int, str | None, bool, str | None]]:
        """(word, count, language, capitalised inside a sentence, kind) per word."""
        languages = self.languages.split()
        for (word, count), language, inside, kind in zip(
            self.items(), languages, self.inside, self.kinds, strict=True
        ):
            yield (
                word,
                count,
                None if language == "-" else language,
                inside == "1",
                _KIND_NAMES.get(kind),
            )


_KIND_CODES = {"person": "p", "place": "l"}
_KIND_NAMES = {code: kind for kind, code in _KIND_CODES.items()}


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
    kinds: dict[str, str] = field(default_factory=dict)  # canonical form -> its kind
    # the mention words that are names (every form of `canonical`); apply drops a mention
    # none of whose words is one
    names: frozenset[str] = frozenset()


def name_words(form: str) -> list[str]:
    return _NAME_WORD.findall(form)


def form_script(form: str) -> str:
    return next((script_of(ch) for ch in form if ch.isalpha()), "Unknown")


class NameVariants:
    name = "name_variants"

    def collect(self, doc: Document, settings: Settings) -> NameWords:
        """How often each mention word occurs in the document's mentions, with its evidence,
        and the document's lowercase words."""
        rules = corpus_rules()
        counts: Counter[str] = Counter()
        language: dict[str, str] = {}
        inside: set[str] = set()
        kinds: dict[str, Counter[str]] = defaultdict(Counter)
        for mention in doc.mentions:
            paragraph = doc.paragraphs[mention.paragraph]
            initial = sentence_initial(paragraph.text, mention.start)
            nouns = paragraph.language in rules.nouns_capitalised
            for position, word in enumerate(name_words(mention.form)):
                counts[word] += 1
                language.setdefault(word, paragraph.language or "-")
                if not nouns and (position or not initial):
                    inside.add(word)
                if mention.kind:
                    kinds[word][mention.kind] += 1
        words = sorted(counts)
        return NameWords(
            " ".join(words),
            tuple(counts[word] for word in words),
            " ".join(language[word] for word in words),
            "".join("1" if word in inside else "0" for word in words),
            "".join(_KIND_CODES[_majority(kinds[word])] if kinds[word] else "-" for word in words),
            " ".join(lowercase_words(doc)),
        )

    def decide(
        self,
        facts: Mapping[str, NameWords],
        previous: PreviousVersion | None,
        settings: Settings,
        reduction: KeyedReduction | None = None,
    ) -> NameGroups:
        """Decided in memory, whatever the `reduction` (see `CorpusStep.decide`)."""
        counts: Counter[str] = Counter()
        # word -> the documents holding it, by id: each document adds itself once
        documents: dict[str, list[str]] = defaultdict(list)
        evidence: dict[str, WordEvidence] = defaultdict(WordEvidence)
        lowercase: Counter[str] = Counter()
        for doc_id in sorted(facts):
            doc_facts = facts[doc_id]
            lowercase.update(doc_facts.lowercase.split())
            for word, n, language, inside, kind in doc_facts.evidence():
                counts[word] += n
                documents[word].append(doc_id)
                evidence[word].add(language, inside, kind)
        names = {form for form in counts if is_name(form, evidence[form], lowercase)}
        earlier = previous_canonicals(previous)
        by_key: dict[str, list[str]] = defaultdict(list)
        for form in sorted(names | set(earlier), key=lambda f: (-counts[f], f)):
            by_key[name_key(form)].append(form)
        # a form frequent in its own language joins others only by its key
        frequent = {form for form in names if evidence[form].frequent(form)}
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
        members = key_groups(by_key, merged, key_documents, frozenset(frequent))
        result = NameGroups(names=frozenset(names))
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
            kinds: Counter[str] = Counter()
            for v in present:
                result.canonical[v.form] = canonical
                kinds.update(evidence[v.form].kinds)
            if kinds:
                result.kinds[canonical] = _majority(kinds)
        result.groups.sort(key=lambda g: (g[0], g[1][0].form))
        return result

    def applied(self, decision: NameGroups) -> NameGroups:
        # apply leaves a spelling missing from `canonical` as it is: forms that are their own
        # canonical spelling (most of them) need no entry
        canonical = {form: to for form, to in decision.canonical.items() if form != to}
        # a form's kind, for the forms whose group has one
        kinds = {
            form: decision.kinds[to]
            for form, to in decision.canonical.items()
            if to in decision.kinds
        }
        return NameGroups(canonical=canonical, kinds=kinds, names=decision.names)

    def apply(self, doc: Document, decision: NameGroups, settings: Settings) -> Document:
        doc.mentions = [
            m for m in doc.mentions if any(w in decision.names for w in name_words(m.form))
        ]
        for mention in doc.mentions:
            mention.canonical = _canonical_text(mention.form, decision.canonical)
            if mention.kind is None:
                last = [w for w in name_words(mention.form) if w in decision.names][-1]
                mention.kind = decision.kinds.get(last)
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
        """Whether each mention word of the document (its facts) is a name, its canonical
        spelling and its kind."""
        return tuple(
            (word, word in decision.names, decision.canonical.get(word), decision.kinds.get(word))
            for word in sorted(facts)
        )

    def outputs(self, decision: NameGroups) -> dict[str, bytes]:
        # As json.dumps(rows, sort_keys=True, ensure_ascii=False, indent=1) writes the list of
        # every group, one group at a time: all rows at once would be the largest thing the
        # step holds.
        out = io.BytesIO()
        for index, (canonical, variants) in enumerate(decision.groups):
            row: dict[str, object] = {
                "canonical": canonical,
                "documents": len({d for v in variants for d in v.documents}),
                "scripts": sorted({v.script for v in variants}),
                "variants": [v.row() for v in variants],
            }
            if canonical in decision.kinds:
                row["kind"] = decision.kinds[canonical]
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
    by_key: Mapping[str, list[str]],
    merged: Mapping[str, str],
    weight: Mapping[str, int],
    frequent: frozenset[str] = frozenset(),
) -> dict[str, list[str]]:
    """leader key -> the keys of one name. Keys are taken from the best attested (by
    `weight`, then alphabetically); each joins the first leader whose first form (the most
    frequent: `by_key` lists forms so) one of its forms is the same name as (`same_name`),
    or leads a group of its own. Every key is compared with its leader's form only, so a
    spelling that fits two names links no chain of them; and only with leaders
    sharing one of its coarse `bucket_keys`, never with the whole vocabulary. A likely
    misspelling joins the group of the key it is a slip for. No group holds a masculine and
    a feminine surname. A `frequent` form (a frequent word of its own language) is the same
    name as another without vowel slack (`same_name`)."""
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
                if fits(key, lead)
                and any(
                    same_name(
                        form,
                        by_key[lead][0],
                        vowel_slack=form not in frequent and by_key[lead][0] not in frequent,
                    )
                    for form in by_key[key]
                )
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


@dataclass(frozen=True)
class CorpusRules:
    nouns_capitalised: frozenset[str]  # languages that capitalise their nouns
    lowercase_share: float
    compound_tail: int  # the shortest frequent noun that ends a compound
    international: tuple[str, ...]
    international_lists: int


@cache
def corpus_rules() -> CorpusRules:
    with (RULES_DIR / "name_words.toml").open("rb") as handle:
        rules = tomllib.load(handle)["corpus"]
    return CorpusRules(
        frozenset(rules["nouns_capitalised"]),
        float(rules["lowercase_share"]),
        int(rules["compound_tail"]),
        tuple(rules["international"]),
        int(rules["international_lists"]),
    )


@dataclass(slots=True)
class WordEvidence:
    """What the corpus shows of one capitalised word."""

    languages: set[str | None] = field(default_factory=set)
    inside_documents: int = 0  # capitalised inside a sentence of a language
    # that does not capitalise nouns
    kinds: Counter[str] = field(default_factory=Counter)

    def add(self, language: str | None, inside: bool, kind: str | None) -> None:
        self.languages.add(language)
        self.inside_documents += inside
        if kind:
            self.kinds[kind] += 1

    def frequent(self, form: str) -> bool:
        """Frequent in the frequency lists of a language it stood in."""
        return any(is_common_in(form, language) for language in sorted(self.languages, key=str))


def is_name(form: str, evidence: WordEvidence, lowercase: Mapping[str, int]) -> bool:
    """A capitalised word is a name unless the corpus writes it in lowercase (in at least
    `lowercase_share` as many documents as it capitalises it inside a sentence), it is a
    frequent word of its own language the corpus never capitalises inside a sentence of a
    language that leaves nouns in lowercase (unless, seen only in languages that capitalise
    nouns, it is frequent in other languages too: `international`), or a compound of a
    frequent noun of a language that capitalises them."""
    rules = corpus_rules()
    written_lower = lowercase.get(form.casefold(), 0)
    if written_lower and written_lower >= rules.lowercase_share * evidence.inside_documents:
        return False
    if evidence.inside_documents:
        return True
    if evidence.frequent(form):
        # only a language that capitalises nouns shows it: a name when frequent in the lists
        # of languages that do not (Merkel, Berlin), a noun when not (Staaten, Übersicht)
        capitalising = evidence.languages <= rules.nouns_capitalised
        return capitalising and international(form)
    return not any(
        language in rules.nouns_capitalised and compound_of_frequent_noun(form, language)
        for language in evidence.languages
    )


def international(form: str) -> bool:
    """Listed (wordfreq's small lists hold words from Zipf 3) by `international_lists` or
    more of the `international` languages: names travel, a language's own nouns do not."""
    rules = corpus_rules()
    found = sum(zipf(form, language) > 0 for language in rules.international)
    return found >= rules.international_lists


def compound_of_frequent_noun(form: str, language: str) -> bool:
    """Ends with a frequent word of the language, after a head of three letters or more
    (Bundesverfassungsgericht: Gericht)."""
    shortest = corpus_rules().compound_tail
    return any(is_common_in(form[cut:], language) for cut in range(3, len(form) - shortest + 1))


def lowercase_words(doc: Document) -> list[str]:
    """The distinct words of two letters or more the document writes in lowercase, sorted."""
    words = {w for p in doc.paragraphs for w in _LOWERCASE_WORD.findall(p.text)}
    return sorted(w for w in words if w.islower())


def _majority(kinds: Counter[str]) -> str:
    return min(kinds, key=lambda kind: (-kinds[kind], kind))


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
