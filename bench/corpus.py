"""A generated news corpus for benchmarks, made from the seed articles.

Every document draws its own sentences from the seeds' sentence pool with words reshuffled,
so documents are distinct (no duplicate clusters to skew timings), and a share of them is
wrapped as HTML pages so that extraction runs too. Deterministic: the same arguments give
the same files.
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sentence_pool() -> list[str]:
    sentences = []
    for path in sorted((ROOT / "seeds").iterdir()):
        for paragraph in path.read_text(encoding="utf-8").split("\n\n"):
            if len(paragraph) > 200:
                sentences += [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s) > 40]
    return sentences


def generate(folder: Path, documents: int, html_share: float, seed: int = 0) -> int:
    """Writes the corpus into `folder` (100 subfolders) and returns its size in bytes."""
    rng = random.Random(seed)
    pool = sentence_pool()
    total = 0
    for n in range(documents):
        paragraphs = []
        for _ in range(rng.randint(6, 16)):
            sentences = rng.sample(pool, rng.randint(2, 4))
            words = " ".join(sentences).split()
            rng.shuffle(words)
            paragraphs.append(" ".join(words).capitalize() + ".")
        title = " ".join(rng.sample(pool, 1)[0].split()[:8])
        shard = folder / f"{n % 100:02d}"
        shard.mkdir(parents=True, exist_ok=True)
        if rng.random() < html_share:
            body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
            page = (
                f"<html><head><title>{html.escape(title)}</title></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
                f"<article><h1>{html.escape(title)}</h1>{body}</article>"
                f"<footer>© Example News. All rights reserved.</footer></body></html>"
            )
            data = page.encode()
            (shard / f"doc{n:06d}.html").write_bytes(data)
        else:
            data = (title + "\nby Bench Writer\n\n" + "\n\n".join(paragraphs) + "\n").encode()
            (shard / f"doc{n:06d}.txt").write_bytes(data)
        total += len(data)
    return total
