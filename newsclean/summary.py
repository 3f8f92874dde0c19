"""What one ingestion run did, for the log, the Prefect artifact and the command line."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsclean.store.publish import PublishResult


@dataclass(frozen=True)
class RunSummary:
    cleaned: str
    version: str | None
    parent: str | None
    counts: dict[str, Any]
    change: dict[str, list[str]]
    reused: int  # input files whose result an earlier run left was taken as it was
    # input files an earlier run left a result for, cleaned again because a corpus decision
    # reached their documents otherwise (the run's first log line counts them as known)
    cleaned_again: int = 0

    @classmethod
    def from_result(
        cls,
        result: PublishResult,
        counts: dict[str, Any],
        cleaned: Path,
        reused: int,
        cleaned_again: int,
    ) -> RunSummary:
        return cls(
            str(cleaned),
            result.version,
            result.parent,
            counts,
            result.change.to_dict(),
            reused,
            cleaned_again,
        )

    def inputs(self) -> str:
        """The input files, as the run's first log line splits them: known from an earlier
        run (as before, or cleaned again), new or changed."""
        inputs = self.counts["inputs"]
        again = (
            f", {self.cleaned_again} cleaned again for a new corpus decision"
            if self.cleaned_again
            else ""
        )
        fresh = inputs - self.reused - self.cleaned_again
        return f"{inputs} ({self.reused} as before{again}, {fresh} new or changed)"

    @property
    def outcome(self) -> str:
        if self.version is None:
            return f"unchanged: the result equals {self.parent}; no version written"
        return f"wrote {self.version} (parent {self.parent or 'none'})"

    def removals(self) -> list[tuple[str, int]]:
        """("step/kind", spans removed) for every step and kind."""
        return [
            (f"{step}/{kind}", n)
            for step, kinds in self.counts["removed_by_step_and_kind"].items()
            for kind, n in kinds.items()
        ]

    def removed_by_step(self) -> list[tuple[str, int]]:
        """(step, spans removed) for every step."""
        return [
            (step, sum(kinds.values()))
            for step, kinds in self.counts["removed_by_step_and_kind"].items()
        ]

    def text(self) -> str:
        """A short table for the log, one line per topic: the removals by kind are in the
        artifact and the manifest."""
        c = self.counts
        change = self.change
        by_step = self.removed_by_step()
        removed = (
            f"{sum(n for _, n in by_step)}: " + ", ".join(f"{step} {n}" for step, n in by_step)
            if by_step
            else "none"
        )
        rows = [
            ("input files", self.inputs()),
            (
                "documents",
                f"{c['documents_read']} read, {c['documents']} out, {c['dropped']} dropped, "
                f"{c['rejected']} rejected, {c['emptied']} emptied (a bug if not 0)",
            ),
            (
                "against the parent",
                f"{len(change['added'])} added, {len(change['removed'])} removed, "
                f"{len(change['changed'])} changed",
            ),
            ("removed spans", removed),
        ]
        width = max(len(label) for label, _ in rows)
        lines = [f"{label:<{width}}  {value}" for label, value in rows]
        return "\n".join([f"{self.outcome} in {self.cleaned}", *(f"  {line}" for line in lines)])

    def markdown(self) -> str:
        c = self.counts
        rows = "\n".join(f"| {label} | {n} |" for label, n in self.removals())
        return (
            f"# newsclean ingest\n\n**{self.outcome}** in `{self.cleaned}`\n\n"
            f"| documents | count |\n|---|---|\n| input files | {c['inputs']} |\n"
            f"| input files as before | {self.reused} |\n"
            f"| input files cleaned again for a new corpus decision | {self.cleaned_again} |\n"
            f"| read | {c['documents_read']} |\n| out | {c['documents']} |\n"
            f"| dropped | {c['dropped']} |\n| rejected | {c['rejected']} |\n"
            f"| emptied (kept with no text: a bug if not 0) | {c['emptied']} |\n"
            f"| added / removed / changed | {len(self.change['added'])} / "
            f"{len(self.change['removed'])} / {len(self.change['changed'])} |\n\n"
            f"| removed (step/kind) | spans |\n|---|---|\n{rows}\n"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
