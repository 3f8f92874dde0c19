"""The order of the cleaning steps, and how to run them without any orchestrator.

Two kinds of step:
- a *document step* is a plain function `(Document, Settings) -> Document`;
- a *corpus step* needs every document before it decides, so it is split into `collect`
  (per document), `decide` (once, over the collected facts, whatever their order) and
  `apply` (per document again).

`flows/` runs the same stages in batches under Prefect; `run_pipeline` runs them in one
process, for tests and library use. Both give the same documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from newsclean.corpus.duplicates import DuplicateDocuments
from newsclean.corpus.keyed import KeyedReduction
from newsclean.corpus.site_furniture import SiteFurniture
from newsclean.corpus.variants import NameVariants
from newsclean.document import Document
from newsclean.settings import Settings
from newsclean.steps.extract import extract_html
from newsclean.steps.furniture import strip_furniture
from newsclean.steps.header import parse_header
from newsclean.steps.language import detect_language
from newsclean.steps.names import find_mentions
from newsclean.steps.normalise import normalise
from newsclean.steps.paragraphs import split_paragraphs
from newsclean.steps.quality import drop_without_prose
from newsclean.steps.repeats import drop_repeats
from newsclean.store.previous import PreviousVersion
from newsclean.store.trails import DocumentTrail

DocumentStep = Callable[[Document, Settings], Document]


class CorpusStep(Protocol):
    """A step that must see the whole corpus (and the previous version) before it decides."""

    name: str

    def collect(self, doc: Document, settings: Settings) -> Any:
        """Small, picklable facts about one document."""

    def decide(
        self,
        facts: Mapping[str, Any],
        previous: PreviousVersion | None,
        settings: Settings,
        reduction: KeyedReduction | None = None,
    ) -> Any:
        """One decision from every document's facts (keyed by document id). Must not depend
        on the order of `facts`. Given a `reduction`, a step whose decision is a keyed
        reduction spills its facts into its folder and decides them partition by partition
        on its engine (see corpus.keyed), giving the same decision; a step that decides in
        memory ignores it."""

    def applied(self, decision: Any) -> Any:
        """The part of the decision `apply` needs: what travels to every batch's worker,
        so it leaves out what only `outputs` uses."""

    def apply(self, doc: Document, decision: Any, settings: Settings) -> Document:
        """The decision (its `applied` part) applied to one document."""

    def slice_for(self, decision: Any, doc_id: str, facts: Any) -> Any:
        """All that `apply` reads of the decision (its `applied` part) for the document
        with these facts, as a value that compares equal between runs exactly when `apply`
        would do the same to the document: a later run reuses a document's result while
        its slices stay the same (see store.trails)."""

    def outputs(self, decision: Any) -> dict[str, bytes | Iterable[bytes]]:
        """Files this step adds to the version (e.g. duplicates.jsonl), by name. A file of
        a decision made as a keyed reduction may come as chunks read from its spill (once);
        in memory, every file is bytes."""


@dataclass(frozen=True)
class DocumentStage:
    name: str
    steps: tuple[DocumentStep, ...]


Stage = DocumentStage | CorpusStep

PIPELINE: tuple[Stage, ...] = (
    DocumentStage(
        "clean",
        (
            extract_html,
            normalise,
            parse_header,
            split_paragraphs,
            strip_furniture,
            drop_repeats,
            drop_without_prose,
        ),
    ),
    SiteFurniture(),
    DuplicateDocuments(),
    DocumentStage("annotate", (detect_language, find_mentions)),
    NameVariants(),
)


@dataclass(frozen=True)
class Pass:
    """One sweep over a batch of documents between two corpus decisions: apply the decision
    that ended the previous pass, run the document stages, collect facts for the next
    decision. A pipeline of N corpus steps runs in N + 1 passes."""

    apply: CorpusStep | None
    stages: tuple[DocumentStage, ...]
    collect: CorpusStep | None


def plan_passes(pipeline: tuple[Stage, ...] = PIPELINE) -> tuple[Pass, ...]:
    passes: list[Pass] = []
    pending: CorpusStep | None = None
    stages: list[DocumentStage] = []
    for stage in pipeline:
        if isinstance(stage, DocumentStage):
            stages.append(stage)
        else:
            passes.append(Pass(pending, tuple(stages), stage))
            pending, stages = stage, []
    passes.append(Pass(pending, tuple(stages), None))
    return tuple(passes)


def run_document_steps(
    docs: Iterable[Document], stage: DocumentStage, settings: Settings
) -> list[Document]:
    return [_run_steps(doc, stage, settings) for doc in docs]


def _run_steps(doc: Document, stage: DocumentStage, settings: Settings) -> Document:
    for step in stage.steps:
        if doc.dropped:
            break
        doc = _guarded(step.__name__, doc, lambda d, s=step: s(d, settings))
    return doc


def _guarded(step_name: str, doc: Document, run: Callable[[Document], Document]) -> Document:
    """A step that fails on one document quarantines that document and stops nothing else."""
    try:
        return run(doc)
    except Exception as error:
        doc.dropped = True
        doc.error = f"{doc.source.path}: step {step_name} failed: {type(error).__name__}: {error}"
        return doc


def collect_facts(docs: Iterable[Document], step: CorpusStep, settings: Settings) -> dict[str, Any]:
    return {doc.id: step.collect(doc, settings) for doc in docs if not doc.dropped}


def apply_decision(
    docs: Iterable[Document], step: CorpusStep, decision: Any, settings: Settings
) -> list[Document]:
    return [
        doc
        if doc.dropped
        else _guarded(step.name, doc, lambda d: step.apply(d, decision, settings))
        for doc in docs
    ]


def run_pass(
    docs: list[Document], one_pass: Pass, decision: Any, settings: Settings
) -> tuple[list[Document], dict[str, Any]]:
    """One pass over a batch: the documents after it, and the facts it collected."""
    if one_pass.apply is not None:
        docs = apply_decision(docs, one_pass.apply, decision, settings)
    # Each document's facts are collected as soon as its steps are done, while the comparison
    # keys the steps made of its paragraphs are still in textnorm's cache.
    out, facts = [], {}
    for doc in docs:
        for stage in one_pass.stages:
            doc = _run_steps(doc, stage, settings)
        if one_pass.collect is not None and not doc.dropped:
            facts[doc.id] = one_pass.collect.collect(doc, settings)
        out.append(doc)
    return out, facts


def run_traced_pass(
    docs: list[Document],
    trails: Mapping[str, DocumentTrail],
    one_pass: Pass,
    decision: Any,
    settings: Settings,
) -> tuple[list[Document], dict[str, Any]]:
    """`run_pass`, noting in each document's trail the slice of the decision it was given
    and the facts collected from it."""
    docs, facts = run_pass(docs, one_pass, decision, settings)
    if one_pass.apply is not None:
        step = one_pass.apply
        for doc in docs:
            trail = trails[doc.id]
            if step.name in trail.facts:
                trail.slices[step.name] = step.slice_for(decision, doc.id, trail.facts[step.name])
    if one_pass.collect is not None:
        for doc_id, doc_facts in facts.items():
            trails[doc_id].facts[one_pass.collect.name] = doc_facts
    return docs, facts


def run_pipeline(
    docs: list[Document],
    settings: Settings,
    previous: PreviousVersion | None = None,
    pipeline: tuple[Stage, ...] = PIPELINE,
) -> tuple[list[Document], dict[str, bytes]]:
    """Every pass over every document in one process. Returns the documents sorted by id
    and the extra files the corpus steps add to the version."""
    extra: dict[str, bytes] = {}
    decision = None
    for one_pass in plan_passes(pipeline):
        docs, facts = run_pass(docs, one_pass, decision, settings)
        if one_pass.collect is not None:
            full = one_pass.collect.decide(facts, previous, settings)
            extra.update(one_pass.collect.outputs(full))
            decision = one_pass.collect.applied(full)
    return sorted(docs, key=lambda d: d.id), extra


def run_statistics(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Removals and changes counted per step and rule, for the manifest and the run summary."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        for removal in doc.removals:
            counts.setdefault(removal.step, Counter())[f"removed:{removal.rule}"] += 1
        for change in doc.changes:
            counts.setdefault(change.step, Counter())[f"changed:{change.rule}"] += change.count
    return {step: dict(sorted(c.items())) for step, c in sorted(counts.items())}


def removal_counts(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Removed spans per step and kind."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        for removal in doc.removals:
            counts.setdefault(removal.step, Counter())[removal.kind or removal.rule] += 1
    return {step: dict(sorted(c.items())) for step, c in sorted(counts.items())}


# An example span is cut to this many characters: enough to recognise the rule at work.
EXAMPLE_CHARS = 160
# Examples kept per rule, each from another document: enough for a reviewer to judge it.
EXAMPLES_PER_RULE = 3


def removal_examples(docs: Iterable[Document]) -> dict[str, dict[str, list[Any]]]:
    """A few removed spans per step and rule, `[document, index, text]` each: the first
    span of each of the first documents by id, so the examples are the same whatever the
    batches (see `sum_counts`)."""
    examples: dict[str, dict[str, list[Any]]] = {}
    for doc in docs:
        seen: set[tuple[str, str]] = set()
        for index, removal in enumerate(doc.removals):
            if (removal.step, removal.rule) in seen:
                continue
            seen.add((removal.step, removal.rule))
            rules = examples.setdefault(removal.step, {})
            rules.setdefault(removal.rule, []).append([doc.id, index, removal.text[:EXAMPLE_CHARS]])
    return {
        step: {rule: sorted(found)[:EXAMPLES_PER_RULE] for rule, found in sorted(rules.items())}
        for step, rules in sorted(examples.items())
    }


def removed_characters(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Characters removed per step and rule: a rule that takes whole pages in a few spans
    weighs what it took."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        for removal in doc.removals:
            counts.setdefault(removal.step, Counter())[removal.rule] += len(removal.text)
    return {step: dict(sorted(c.items())) for step, c in sorted(counts.items())}


def dropped_by(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Documents dropped (not quarantined), per step and rule of the removal that dropped
    them: their last, which took what was left."""
    counts: dict[str, Counter[str]] = {}
    for doc in docs:
        if doc.dropped and not doc.error:
            last = doc.removals[-1] if doc.removals else None
            step, rule = (last.step, last.rule) if last else ("(none recorded)", "")
            counts.setdefault(step, Counter())[rule] += 1
    return {step: dict(sorted(c.items())) for step, c in sorted(counts.items())}


def documents_by(docs: Iterable[Document]) -> dict[str, dict[str, int]]:
    """Documents kept, by language (`und` when none was found) and by site (empty when
    unknown)."""
    kept = [d for d in docs if not d.dropped]
    return {
        "language": dict(sorted(Counter(d.language or "und" for d in kept).items())),
        "site": dict(sorted(Counter(d.site or "" for d in kept).items())),
    }


# The columns of the per-language and per-site tables (`profile_by`).
PROFILE_COLUMNS = ("documents", "dropped", "characters", "removed_spans", "removed_characters")


def profile_by(docs: Iterable[Document], key: Callable[[Document], str]) -> dict[str, Any]:
    """Per value of `key` (a language, a site): documents kept and dropped, characters of
    text kept, spans and characters removed (from kept and dropped documents alike)."""
    table: dict[str, Counter[str]] = {}
    for doc in docs:
        if doc.error:
            continue
        row = table.setdefault(key(doc), Counter(dict.fromkeys(PROFILE_COLUMNS, 0)))
        row["dropped" if doc.dropped else "documents"] += 1
        row["characters"] += 0 if doc.dropped else len(doc.text)
        row["removed_spans"] += len(doc.removals)
        row["removed_characters"] += sum(len(r.text) for r in doc.removals)
    return {value: dict(row) for value, row in sorted(table.items())}


def is_emptied(doc: Document) -> bool:
    """Kept, yet left with no text: every document is read with text, and a step may take
    all of it only by dropping the document (with its reason) or quarantining it. Always a
    bug, counted so that it shows."""
    return not doc.dropped and not doc.text.strip()


def batch_counts(docs: list[Document], rejected: int) -> dict[str, Any]:
    """What a run did to a batch, in numbers; `sum_counts` adds batches up."""
    return {
        "documents_read": len(docs),
        "documents": sum(not d.dropped for d in docs),
        "dropped": sum(d.dropped and not d.error for d in docs),
        "rejected": rejected + sum(bool(d.error) for d in docs),
        "emptied": sum(map(is_emptied, docs)),
        "removed_by_step_and_kind": removal_counts(docs),
        "steps": run_statistics(docs),
        "documents_by": documents_by(docs),
        "removal_examples": removal_examples(docs),
        "removed_characters": removed_characters(docs),
        "dropped_by": dropped_by(docs),
        "by_language": profile_by(docs, lambda d: d.language or "und"),
        "by_site": profile_by(docs, lambda d: d.site or ""),
    }


def sum_counts(batches: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The batches' counts added up; every count is there, at zero, when there is none. Of
    two lists of examples, the first few of both are kept."""
    total: dict[str, Any] = {}
    for counts in (batch_counts([], 0), *batches):
        for key, value in counts.items():
            if isinstance(value, dict):
                merged = total.setdefault(key, {})
                for outer, inner in value.items():
                    bucket = merged.setdefault(outer, {})
                    for name, item in inner.items():
                        bucket[name] = _added(bucket.get(name), item)
            else:
                total[key] = total.get(key, 0) + value
    for key, value in total.items():
        if isinstance(value, dict):
            total[key] = {k: dict(sorted(v.items())) for k, v in sorted(value.items())}
    return total


def _added(total: Any, item: Any) -> Any:
    if total is None:
        return item
    return sorted(total + item)[:EXAMPLES_PER_RULE] if isinstance(item, list) else total + item
