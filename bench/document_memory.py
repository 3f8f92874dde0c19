"""Peak memory of one large document through the readers and the whole pipeline.

Each size runs in a fresh process, which builds one article of that many MB from the seeds'
paragraphs (numbered, so that no paragraph repeats another; plain text, or an HTML page of
<p> elements with --html; with --short, paragraphs of four words, "Short line N here.",
some 110,000 to 2 MB), reads it with `read_bytes` and cleans it with `run_pipeline`; the
process's peak resident set is printed with the outcome (documents out, or the rejection)
and the peak of the process before the document was built.

    .venv/bin/python bench/document_memory.py [--html] [--short] [MB ...]   (default: 1 2 4 8)
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def article(megabytes: float, html: bool, short: bool = False) -> bytes:
    if short:
        lines = []
        size = 0
        while size < megabytes * 1_000_000:
            lines.append(f"Short line {len(lines)} here.")
            size += len(lines[-1]) + 2
        return "\n\n".join(lines).encode()
    paragraphs = [
        line.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text().splitlines()
        if len(line.split()) > 12
    ]
    out: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        paragraph = f"{paragraphs[len(out) % len(paragraphs)]} (part {len(out)})"
        paragraph = f"<p>{paragraph}</p>" if html else paragraph
        out.append(paragraph)
        size += len(paragraph.encode()) + 2
    body = "\n\n".join(out)
    return (
        f"<html><body><article>{body}</article></body></html>".encode() if html else body.encode()
    )


def measure(megabytes: float, html: bool, short: bool) -> None:
    from newsclean.pipeline import run_pipeline
    from newsclean.readers.read import read_bytes
    from newsclean.settings import Settings

    start_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data = article(megabytes, html, short)
    settings = Settings()
    start = time.perf_counter()
    result = read_bytes(data, "big.html" if html else "big.txt", settings.readers)
    docs, _ = run_pipeline(result.documents, settings)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    outcome = (
        f"{sum(not d.dropped for d in docs)} document(s) out"
        if result.documents
        else f"rejected: {result.rejections[0].error}"
    )
    print(
        f"{len(data) / 1e6:6.1f} MB  peak {peak_mb:7.0f} MB (from {start_mb:.0f} MB)  "
        f"{seconds:6.1f} s  {outcome}"
    )


if __name__ == "__main__":
    args = sys.argv[1:]
    html = "--html" in args
    short = "--short" in args
    args = [a for a in args if a not in ("--html", "--short")]
    if args and args[0] == "--one":
        measure(float(args[1]), html, short)
    else:
        for size in args or ["1", "2", "4", "8"]:
            flags = ["--html"] * html + ["--short"] * short
            subprocess.run([sys.executable, __file__, *flags, "--one", size], check=True)
