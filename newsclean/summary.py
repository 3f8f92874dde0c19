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

    @classmethod
    def from_result(
        cls, result: PublishResult, counts: dict[str, Any], cleaned: Path, reused: int
    ) -> RunSummary:
        return cls(
            str(cleaned), result.version, result.parent, counts, result.change.to_dict(), reused
        )

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

    def text(self) -> str:
        c = self.counts
        change = self.change
        return (
            f"{self.outcome} in {self.cleaned}: {c['inputs']} input files "
            f"({self.reused} as before), "
            f"{c['documents_read']} documents read, {c['documents']} out, "
            f"{c['dropped']} dropped, {c['rejected']} rejected, "
            f"{c['emptied']} emptied (kept with no text: a bug if not 0); "
            f"{len(change['added'])} added, {len(change['removed'])} removed, "
            f"{len(change['changed'])} changed; removed spans: "
            + (", ".join(f"{label}: {n}" for label, n in self.removals()) or "none")
        )

    def markdown(self) -> str:
        c = self.counts
        rows = "\n".join(f"| {label} | {n} |" for label, n in self.removals())
        return (
            f"# newsclean ingest\n\n**{self.outcome}** in `{self.cleaned}`\n\n"
            f"| documents | count |\n|---|---|\n| input files | {c['inputs']} |\n"
            f"| input files as before | {self.reused} |\n"
            f"| read | {c['documents_read']} |\n| out | {c['documents']} |\n"
            f"| dropped | {c['dropped']} |\n| rejected | {c['rejected']} |\n"
            f"| emptied (kept with no text: a bug if not 0) | {c['emptied']} |\n"
            f"| added / removed / changed | {len(self.change['added'])} / "
            f"{len(self.change['removed'])} / {len(self.change['changed'])} |\n\n"
            f"| removed (step/kind) | spans |\n|---|---|\n{rows}\n"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
