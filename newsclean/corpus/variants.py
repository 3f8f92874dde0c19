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
word) is a form; so is a mention of several words whose first word is no name and a later
one is ("New York": a unit, whose words are not counted alone there). Forms whose
comparison keys (`newsclean.names.keys.name_key`) are equal are one group: Tokaev /
Tokayev / Токаев; groups that are the same name under the transcription conventions
(`same_name`: Hermann / Герман, Giuseppe / Джузеппе) are joined, comparing only forms that
share a coarse bucket key (never all pairs of the vocabulary), and never so that a
masculine and a feminine surname end up together. A Latin form is read by the letter values
of the languages it stood in, where they have their own (`form_readings`; Italian Rossi is
Росси, not России), and a Cyrillic form frequent in its language joins it only when that
reading confirms the transliteration key (`unread_words`). A form frequent in its own language's
list is an ordinary word too (`grouping_key`, `joinable`): it joins another Latin spelling
only when accents alone set them apart or the corpus writes their key in another script,
and another script's spelling by a shared key or phonetic key (Schmidt / Шмидт), never with
the vowel slack (Cooper / Кипр, Sony / Синий, Master / Мистер sound alike only so). The
vowel slack and keys of `short_key` letters or fewer join only spellings standing in
`loose_match_documents` documents together: between spellings seen once each they mostly
find chance lookalikes (Canaan / Заңның, Beta / Бета). A
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

import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

import ijson
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from newsclean.corpus.fact_files import in_id_order
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
    plain_spelling,
    read_as,
    same_name,
)
from newsclean.names.phonetic import reading_languages
from newsclean.settings import RULES_DIR, Settings
from newsclean.steps.names import sentence_initial
from newsclean.store.location import StorePath
from newsclean.store.previous import PreviousVersion
from newsclean.store.records import stored

VARIANTS_FILE = "variants.json"
_NAME_WORD = re.compile(r"[^\s\u00a0]+")
# joins the words of a unit in the facts (a no-break space: no name word holds one)
UNIT_JOINER = "\u00a0"
# Letters with inner apostrophes and hyphens, as a name word is cut (steps.names).
_LOWERCASE_WORD = re.compile(r"[^\W\d_]{2,}(?:[-'\u2019][^\W\d_]+)*")


@stored
@dataclass(frozen=True, slots=True)
class NameWords(PickledByFields):
    """What `collect` reports of one document: how often each mention word occurs in its
    mentions, with its evidence, and the words the document writes in lowercase. The facts
    of every document are held at once, so the words are strings."""

    text: str  # the mention words and units, sorted, separated by spaces (a name word
    # holds none; a unit, a mention of several words, joins them with UNIT_JOINER)
    counts: tuple[int, ...]  # how often each word occurs
    languages: str = ""  # each word's paragraph language (the first), "-" for none
    inside: str = ""  # per word "1" when capitalised inside a sentence of a language
    # that does not capitalise its nouns, else "0"
    kinds: str = ""  # per word: "p" a person's, "l" a place's, "-" unknown (by its text)
    lowercase: str = ""  # the distinct words the document writes in lowercase, sorted

    def __iter__(self) -> Iterator[str]:
        return iter(self.text.split(" ") if self.text else ())

    def items(self) -> Iterator[tuple[str, int]]:
        return zip(self, self.counts, strict=True)

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
            "form": self.form.replace(UNIT_JOINER, " "),
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
    # decided as a keyed reduction: variants.json's groups are not held (`groups` is empty)
    # but written in these parts, in order, each its groups' text joined by GROUP_SEPARATOR
    variants_parts: tuple[StorePath, ...] | None = None


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
            # a line too short to tell its language is in the document's (a German page's
            # captions and list items capitalise their nouns too)
            paragraph_language = paragraph.language or doc.language
            nouns = paragraph_language in rules.nouns_capitalised
            words = name_words(mention.form)
            for position, word in enumerate(words):
                counts[word] += 1
                language.setdefault(word, paragraph_language or "-")
                if not nouns and (position or not initial):
                    inside.add(word)
                if mention.kind:
                    kinds[word][mention.kind] += 1
            if len(words) > 1:
                unit = UNIT_JOINER.join(words)
                counts[unit] += 1
                language.setdefault(unit, paragraph_language or "-")
                if mention.kind:
                    kinds[unit][mention.kind] += 1
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
        """In memory, or as a keyed reduction by word and by name key (see
        variant_partitions) on `reduction`'s engine: the same decision either way."""
        if reduction is not None:
            from newsclean.corpus.variant_partitions import decide_keyed

            return decide_keyed(facts, previous_canonicals(previous), settings, reduction)
        evidence: dict[str, WordEvidence] = defaultdict(WordEvidence)
        lowercase: Counter[str] = Counter()
        for _, doc_facts in in_id_order(facts):
            lowercase.update(doc_facts.lowercase.split())
            for word, _, language, inside, kind in doc_facts.evidence():
                evidence[word].add(language, inside, kind)
        names = {
            word
            for word in evidence
            if UNIT_JOINER not in word and is_name(word, evidence[word], lowercase)
        }
        counts, documents = name_counts(facts, names)
        names.update(form for form in counts if UNIT_JOINER in form)
        earlier = previous_canonicals(previous)
        # a form frequent in its own language is an ordinary word as well as a name
        frequent = frozenset(form for form in names if evidence[form].frequent(form))
        # the name forms (a word seen only inside units is none) and the earlier canonicals
        name_forms = {form for form in names if counts[form]} | set(earlier)
        readings = {form: form_readings(evidence[form]) for form in name_forms}
        accented = accented_words(frequent, evidence)
        by_key = forms_by_key(
            name_forms, counts, frequent, anchored_keys(names), accented, readings
        )
        key_documents = {
            key: len(set().union(*(documents[f] for f in forms))) for key, forms in by_key.items()
        }
        spellings = {
            form: Spelling(
                form_script(form), counts[form], len(documents[form]), evidence[form].kinds
            )
            for form in name_forms
        }
        result = NameGroups(names=frozenset(names))
        for canonical, present in grouped_names(
            by_key, key_documents, spellings, frequent, readings, accented, earlier, settings
        ):
            variants = [
                Variant(form, spellings[form].script, counts[form], documents[form], misspelling)
                for form, misspelling in present
            ]
            result.groups.append((canonical, variants))
            add_group(
                result,
                canonical,
                [form for form, _ in present],
                [spellings[form].kinds for form, _ in present],
            )
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
        # a mention that is a whole name holds a name word too
        doc.mentions = [
            m for m in doc.mentions if any(w in decision.names for w in name_words(m.form))
        ]
        for mention in doc.mentions:
            unit = unit_of(mention.form)
            if unit in decision.names:
                canonical = decision.canonical.get(unit, unit)
                mention.canonical = canonical.replace(UNIT_JOINER, " ")
                if mention.kind is None:
                    mention.kind = decision.kinds.get(unit)
                continue
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

    def outputs(self, decision: NameGroups) -> dict[str, bytes | Iterable[bytes]]:
        # As json.dumps(rows, sort_keys=True, ensure_ascii=False, indent=1) writes the list of
        # every group, one group at a time: all rows at once would be the largest thing the
        # step holds.
        if decision.variants_parts is not None:
            return {VARIANTS_FILE: _joined_groups(p.read_bytes() for p in decision.variants_parts)}
        texts = (
            group_text(canonical, variants, decision.kinds.get(canonical))
            for canonical, variants in decision.groups
        )
        return {VARIANTS_FILE: b"".join(_joined_groups(texts))}


GROUP_SEPARATOR = b",\n "


def group_text(canonical: str, variants: list[Variant], kind: str | None) -> bytes:
    """One group of variants.json, as json.dumps(rows, indent=1) writes a row of the list."""
    row: dict[str, object] = {
        "canonical": canonical.replace(UNIT_JOINER, " "),
        "documents": len({d for v in variants for d in v.documents}),
        "scripts": sorted({v.script for v in variants}),
        "variants": [v.row() for v in variants],
    }
    if kind is not None:
        row["kind"] = kind
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n ").encode("utf-8")


def _joined_groups(texts: Iterable[bytes]) -> Iterator[bytes]:
    """The list of groups (or of parts, each groups joined by GROUP_SEPARATOR)."""
    first = True
    for text in texts:
        yield (GROUP_SEPARATOR if not first else b"[\n ") + text
        first = False
    yield b"[]\n" if first else b"\n]\n"


def unit_of(form: str) -> str:
    """A mention's words as one unit (as the facts hold it)."""
    return UNIT_JOINER.join(name_words(form))


def whole(unit: str, names: set[str]) -> bool:
    """A mention of several words is one name when its first word is no name and a later
    one is (New York, Las Vegas, Новая Зеландия): York alone is another place."""
    words = unit.split(UNIT_JOINER)
    return words[0] not in names and any(word in names for word in words[1:])


def name_counts(
    facts: Mapping[str, NameWords], names: set[str]
) -> tuple[Counter[str], dict[str, list[str]]]:
    """How often each name form occurs, and in which documents (by id, each once): the name
    words, and the units that are `whole` names, whose words are not counted there."""
    counts: Counter[str] = Counter()
    documents: dict[str, list[str]] = defaultdict(list)
    for doc_id, doc_facts in in_id_order(facts):
        for form, n in document_forms(doc_facts, names):
            counts[form] += n
            documents[form].append(doc_id)
    return counts, documents


def document_forms(doc_facts: NameWords, names: Container[str]) -> Iterator[tuple[str, int]]:
    """The name forms one document counts (`name_counts`), with how often."""
    own: Counter[str] = Counter()
    for word, n in doc_facts.items():
        if UNIT_JOINER not in word:
            own[word] += n
        elif whole(word, names):
            own[word] += n
            own.subtract({part: n for part in word.split(UNIT_JOINER)})
    for form, n in own.items():
        if n > 0 and (form in names or UNIT_JOINER in form):
            yield form, n


class Spelling(NamedTuple):
    """What the grouping reads of one name form."""

    script: str
    count: int  # how often the corpus writes it
    documents: int  # in how many documents
    kinds: Counter[str]  # the kinds its mentions' texts gave


def anchored_keys(names: Iterable[str]) -> frozenset[str]:
    """The transliteration keys the corpus also writes in another script than Latin."""
    return frozenset(name_key(f) for f in names if form_script(f) != "Latin")


def forms_by_key(
    name_forms: Iterable[str],
    counts: Mapping[str, int],
    frequent: frozenset[str],
    anchored: frozenset[str],
    accented: frozenset[str],
    readings: Mapping[str, tuple[str | None, ...]],
) -> dict[str, list[str]]:
    """grouping key -> its forms, the most frequent first (then alphabetical)."""
    keys = {
        form: grouping_key(form, form in frequent, anchored, form in accented)
        for form in name_forms
    }
    keys.update(unread_words(keys, frequent, readings))
    by_key: dict[str, list[str]] = defaultdict(list)
    for form in sorted(keys, key=lambda f: (-counts.get(f, 0), f)):
        by_key[keys[form]].append(form)
    return by_key


def grouped_names(
    by_key: Mapping[str, list[str]],
    key_documents: Mapping[str, int],
    spellings: Mapping[str, Spelling],
    frequent: frozenset[str],
    readings: Mapping[str, tuple[str | None, ...]],
    accented: frozenset[str],
    earlier: Mapping[str, str],
    settings: Settings,
) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Every group with a form in this corpus, as (canonical, its present forms sorted, each
    with whether it is a misspelling), in the order of variants.json."""
    merged = {
        rare: common
        for rare, common in misspelling_merges(
            key_documents, settings.names.misspelling_min_documents
        ).items()
        if not any(
            is_common_word(form) or form in frequent for form in by_key[rare] + by_key[common]
        )
    }
    members = key_groups(
        by_key,
        merged,
        key_documents,
        frequent,
        corpus_rules().loose_match_documents,
        readings,
        accented,
    )
    groups = []
    for head in sorted(members):
        forms = [
            (form, merged.get(key) in members[head])
            for key in members[head]
            for form in by_key[key]
        ]
        canonical = choose_canonical(forms, spellings, earlier)
        present = sorted((f for f in forms if spellings[f[0]].count), key=lambda f: f[0])
        if present:
            groups.append((canonical, present))
    groups.sort(key=lambda g: (g[0].replace(UNIT_JOINER, " "), g[1][0][0]))
    return groups


def add_group(
    result: NameGroups, canonical: str, forms: list[str], kinds: list[Counter[str]]
) -> None:
    """A group's forms and kind, into the decision."""
    for form in forms:
        result.canonical[form] = canonical
    total: Counter[str] = Counter()
    for counted in kinds:
        total.update(counted)
    if total:
        result.kinds[canonical] = _majority(total)


def previous_canonicals(previous: PreviousVersion | None) -> dict[str, str]:
    """form -> canonical, as the previous version's variants.json had them (a form of
    several words is a unit: the facts join its words with UNIT_JOINER). The file is
    parsed as it is read (ijson), keeping only each group's canonical and forms: its
    document lists, most of it, are never held."""
    reader = previous.open_checked(VARIANTS_FILE) if previous else None
    if reader is None:
        return {}
    canonicals: dict[str, str] = {}
    canonical, forms = "", []
    with reader:
        for prefix, event, value in ijson.parse(reader):
            if prefix == "item.canonical":
                canonical = value
            elif prefix == "item.variants.item.form":
                forms.append(value)
            elif prefix == "item" and event == "end_map":
                for form in forms:
                    canonicals[form.replace(" ", UNIT_JOINER)] = canonical.replace(" ", UNIT_JOINER)
                canonical, forms = "", []
    return canonicals


def accented_words(
    frequent: frozenset[str], evidence: Mapping[str, WordEvidence]
) -> frozenset[str]:
    """The frequent Latin words whose accents make them a word apart from another frequent
    spelling of the corpus without those accents, both standing in one language whose
    accents mark stress (`accents_mark_stress`: Portuguese Polícia, the police, and
    Policia, polices): neither joins the other (`grouping_key`, `joinable`)."""
    stress = corpus_rules().accents_mark_stress
    by_plain: dict[str, list[str]] = defaultdict(list)
    for form in sorted(frequent):
        if form_script(form) == "Latin":
            by_plain[plain_spelling(form)].append(form)
    accented: set[str] = set()
    for forms in by_plain.values():
        for a, b in ((a, b) for a in forms for b in forms if a < b):
            shared = evidence[a].languages & evidence[b].languages & stress
            if any(is_common_in(a, lang) and is_common_in(b, lang) for lang in sorted(shared)):
                accented.update((a, b))
    return frozenset(accented)


def grouping_key(
    form: str, frequent: bool, anchored: frozenset[str], accented: bool = False
) -> str:
    """The key a form is first grouped by: its transliteration key (`name_key`). A form
    frequent in its own language is also an ordinary word, and some other language's word
    folds onto its key by chance: its key holds its plain spelling as well, so that only its
    own spelling (accents aside) shares it, and other spellings reach it through `joinable`.
    Two Latin spellings of a frequent word share a key still when it is long and the corpus
    writes it in another script too (Putin, Путин): they are transliterations of one name.
    A frequent word whose accents make it a word apart (`accented_words`) keeps them in
    its key."""
    key = name_key(form)
    if accented:
        return f"{key}|{form.casefold()}"
    if len(key) <= corpus_rules().short_key:
        return f"{key}|{plain_spelling(form)}"
    if frequent and key not in anchored and form_script(form) == "Latin":
        return f"{key}|{plain_spelling(form)}"
    return key


def unread_words(
    keys: Mapping[str, str],
    frequent: frozenset[str],
    readings: Mapping[str, tuple[str | None, ...]],
) -> dict[str, str]:
    """form -> its own grouping key, for the spellings in another script than Latin that
    are frequent words of their language (a common word, or a name in any case form: России
    is "of Russia", Корея "Korea") and that a Latin spelling of a known language shares a
    transliteration key with but does not sound like by its own language's reading (Italian
    Rossi, Spanish Correa): only its own spelling shares that key. `joinable` joins it to
    another spelling only when that one's reading confirms it (Putin / Путин)."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for form, key in keys.items():
        by_key[key].append(form)
    own: dict[str, str] = {}
    for key, forms in by_key.items():
        latin = [f for f in forms if form_script(f) == "Latin"]
        for form in sorted(f for f in forms if f in frequent and form_script(f) != "Latin"):
            if any(not read_alike(word, form, readings) for word in latin):
                own[form] = f"{key}|{plain_spelling(form)}"
    return own


def read_alike(latin: str, other: str, readings: Mapping[str, tuple[str | None, ...]]) -> bool:
    """Whether the Latin spelling `latin` sounds like `other` (another script's) by one of
    the readings of its language (`form_readings`); always, for a spelling of no known
    language (the transliteration key alone decides)."""
    languages = readings.get(latin, (None,))
    return None in languages or any(read_as(latin, other, language) for language in languages)


def form_readings(evidence: WordEvidence) -> tuple[str | None, ...]:
    """The languages a Latin form is read as (`phonetic_keys`): those of the paragraphs it
    stood in that have readings of their own; None (every convention) for the others."""
    own = reading_languages()
    return tuple(
        sorted({lang if lang in own else None for lang in evidence.languages} or {None}, key=str)
    )


def joinable(
    a: str,
    b: str,
    frequent: frozenset[str],
    supported: bool,
    readings: Mapping[str, tuple[str | None, ...]] | None = None,
    accented: frozenset[str] = frozenset(),
) -> bool:
    """Whether spellings `a` and `b` are one name (`same_name`), given which forms are
    `frequent` words of their language and whether the corpus `supported` the name (the
    two stand in `loose_match_documents` documents or more).
    - Two Latin spellings of which one is a frequent word are two words unless only accents
      set them apart (Chateau / Château; not Moto / Motto, Tod / Todd, Stelle / Steele): a
      second Latin spelling of an ordinary word is another language's word; nor when the
      accents make a word apart (`accented`: Policia / Polícia).
    - A frequent word of `short_key` letters or fewer joins another spelling only with
      support: short words of two languages share a transliteration by chance (Beta /
      Бета, Eko / Еко, Deli / Дели), a name seen in a few documents rarely does (Bush / Буш).
    - The vowel slack is a loose match: between spellings seen once each it finds chance
      lookalikes (Canaan / Заңның, Chrome / Гором), so it needs support; a frequent word
      never has it (Cooper / Кипр, Sony / Синий, Master / Мистер).
    A Latin spelling compared with another script's is read as a word of each language in
    its `readings` (none given: every convention), and joins when one reading links them:
    Italian Rossi is not России, Spanish Torres not Торез. Another script's spelling that
    is a frequent word joins a Latin one of a known language only when that language's
    reading confirms it, whatever the transliteration key (`unread_words`)."""
    common = a in frequent or b in frequent
    if common and form_script(a) == form_script(b) == "Latin":
        return plain_spelling(a) == plain_spelling(b) and not {a, b} & accented
    if not supported and min(len(name_key(a)), len(name_key(b))) <= corpus_rules().short_key:
        return False
    latin = [f for f in (a, b) if form_script(f) == "Latin"]
    languages = (readings or {}).get(latin[0], (None,)) if len(latin) == 1 else (None,)
    other = b if latin == [a] else a
    if len(latin) == 1 and other in frequent and not read_alike(latin[0], other, readings or {}):
        return False
    return any(
        same_name(a, b, vowel_slack=supported and not common, reading=language)
        for language in languages
    )


def key_groups(
    by_key: Mapping[str, list[str]],
    merged: Mapping[str, str],
    weight: Mapping[str, int],
    frequent: frozenset[str] = frozenset(),
    loose_match_weight: int = 0,
    readings: Mapping[str, tuple[str | None, ...]] | None = None,
    accented: frozenset[str] = frozenset(),
) -> dict[str, list[str]]:
    """leader key -> the keys of one name. Keys are taken from the best attested (by
    `weight`, then alphabetically); each joins the first leader whose first form (the most
    frequent: `by_key` lists forms so) one of its forms is the same name as (`joinable`),
    or leads a group of its own. Every key is compared with its leader's form only, so a
    spelling that fits two names links no chain of them; and only with leaders sharing one
    of its coarse `bucket_keys` or its transliteration key, never with the whole
    vocabulary. A likely misspelling joins the group of the key it is a slip for. No group
    holds a masculine and a feminine surname. A key and a leader of `loose_match_weight`
    or more together are supported: matches chance makes likely need it (`joinable`).
    `readings`: the languages each Latin form is read as (`form_readings`); `accented`:
    the frequent words whose accents make them words apart (`accented_words`)."""
    readings = readings or {}
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
        buckets = sorted(
            {b for form in by_key[key] for b in bucket_keys(form, readings.get(form, ()))}
            | {"=" + name_key(form) for form in by_key[key]}
        )
        candidates = sorted({lead for b in buckets for lead in bucket_leaders[b]}, key=rank.get)
        leader = next(
            (
                lead
                for lead in candidates
                if fits(key, lead)
                and any(
                    joinable(
                        form,
                        by_key[lead][0],
                        frequent,
                        weight[lead] + weight[key] >= loose_match_weight,
                        readings,
                        accented,
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
    loose_match_documents: int  # the documents a name needs before a loose match joins it
    short_key: int  # a frequent word this short matches another language's by chance
    accents_mark_stress: frozenset[str]  # languages whose accents tell words apart
    # language -> {"suffixes": [...], "inflections": [...]}: how its nouns end
    noun_endings: dict[str, dict[str, tuple[str, ...]]]


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
        int(rules["loose_match_documents"]),
        int(rules["short_key"]),
        frozenset(rules["accents_mark_stress"]),
        {
            language: {part: tuple(text.split()) for part, text in endings.items()}
            for language, endings in rules["noun_endings"].items()
        },
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

    def merge(self, other: WordEvidence) -> None:
        """Adds what `other` saw (of other documents)."""
        self.languages |= other.languages
        self.inside_documents += other.inside_documents
        self.kinds.update(other.kinds)

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
        language in rules.nouns_capitalised
        and (compound_of_frequent_noun(form, language) or shaped_as_noun(form, language))
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


def shaped_as_noun(form: str, language: str) -> bool:
    """A noun by its shape in a language that capitalises nouns (`noun_endings`): a noun
    suffix after a stem of three letters or more (Beharrlichkeit, Abmahnungen), or a case
    or plural ending on a frequent noun of the language that travels to no other list
    (Produktes, Kredits; not Merkels: Merkel is listed elsewhere too)."""
    endings = corpus_rules().noun_endings.get(language)
    if not endings:
        return False
    lower = form.casefold()
    if any(lower.endswith(s) and len(lower) - len(s) >= 3 for s in endings["suffixes"]):
        return True
    return any(
        lower.endswith(e)
        and is_common_in(form[: -len(e)], language)
        and not international(form[: -len(e)])
        for e in endings["inflections"]
    )


def lowercase_words(doc: Document) -> list[str]:
    """The distinct words of two letters or more the document writes in lowercase, sorted."""
    words = {w for p in doc.paragraphs for w in _LOWERCASE_WORD.findall(p.text)}
    return sorted(w for w in words if w.islower())


def _majority(kinds: Counter[str]) -> str:
    return min(kinds, key=lambda kind: (-kinds[kind], kind))


def choose_canonical(
    forms: list[tuple[str, bool]], spellings: Mapping[str, Spelling], earlier: Mapping[str, str]
) -> str:
    """The canonical spelling of a group of (form, misspelling)."""
    spelled = {form for form, _ in forms}
    kept = sorted({earlier[f] for f in spelled if f in earlier and earlier[f] in spelled})
    candidates = (
        [(f, slip) for f, slip in forms if not slip and f in kept]
        or [(f, slip) for f, slip in forms if not slip and spellings[f].count]
        or forms
    )
    latin = [c for c in candidates if spellings[c[0]].script == "Latin"] or candidates
    return min(latin, key=lambda c: (-spellings[c[0]].count, -spellings[c[0]].documents, c[0]))[0]


def _canonical_text(form: str, canonical: Mapping[str, str]) -> str:
    return _NAME_WORD.sub(lambda m: canonical.get(m.group(), m.group()), form)
