"""The incremental runs of bench/performance.py alone, on a cleaned folder a full run left:
for comparing two checkouts on one corpus under the same load (PYTHONPATH picks the code).

    PYTHONPATH=CHECKOUT .venv/bin/python bench/incremental_again.py SEEDS CLEANED \
        [--repeat 1] [--change] [--changed 0.01] [--edits recent]

`newsclean ingest --workers 2` runs again over a copy of CLEANED (put back before each run),
one-off and against a Prefect server that is already running (each from CLEANED),
`--repeat` times each; each run's wall and CPU seconds are printed as it ends. With
`--change`, the seeds are first changed as bench/performance.py changes them (`--changed` of
the corpus, half edited, half new; the same change for the same seeds): run it once per
checkout without `--change`, then once with it (the change is made only if SEEDS holds no
`added` folder yet), then again per checkout without. SEEDS must be the folder the full run
read, so that the fingerprints the full run kept hold.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from performance import again_runs, change_corpus, running_server, version_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", type=Path)
    parser.add_argument("cleaned", type=Path, help="the cleaned folder a full run left")
    parser.add_argument("--label", default="")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--change", action="store_true", help="only change the seeds")
    parser.add_argument("--changed", type=float, default=0.01)
    parser.add_argument("--html-share", type=float, default=0.2)
    parser.add_argument("--edits", choices=("recent", "random"), default="recent")
    args = parser.parse_args()
    if args.change:
        if (args.seeds / "added").exists():
            print(f"{args.seeds} is changed already")
        else:
            edited, added = change_corpus(args.seeds, args.changed, args.html_share, args.edits)
            print(f"{edited} documents edited and {added} added in {args.seeds}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        cleaned = Path(tmp) / "cleaned"
        shutil.copytree(args.cleaned, cleaned, symlinks=True)
        one_off = again_runs(args.seeds, cleaned, args.repeat, env=None)
        # the runs against a server start from CLEANED as well, not from the version the
        # last one-off run wrote (they would change nothing)
        served_cleaned = Path(tmp) / "cleaned-served"
        shutil.copytree(args.cleaned, served_cleaned, symlinks=True)
        for run in one_off:
            print(
                f"{args.label} one-off: {run.seconds:.1f} s wall, {run.cpu:.1f} s CPU", flush=True
            )
        new, linked = version_bytes(cleaned / "v0002", cleaned / "v0001")
        if new:
            print(f"{args.label} v0002: {new / 1e6:.1f} MB new, {linked / 1e6:.1f} MB linked")
        with running_server(Path(tmp) / "prefect-home") as env:
            served = again_runs(args.seeds, served_cleaned, args.repeat, env=env)
        for run in served:
            print(
                f"{args.label} against a running server: {run.seconds:.1f} s wall, "
                f"{run.cpu:.1f} s CPU",
                flush=True,
            )


if __name__ == "__main__":
    main()
