"""How much broken text normalisation repairs, next to ftfy's full `fix_text`, and its cost.

    .venv/bin/python bench/mojibake.py [--repeat 20] [--misses]

ftfy's own test cases live in its repository, not in the installed package, so the cases are
made here: clean sentences in several languages and scripts, broken the ways text arrives
broken (UTF-8 read as cp1252, latin-1 or cp1251, twice; HTML entities left in text, alone and
inside mojibake; Latin ligatures and "ŉ"; C1 controls for cp1252 punctuation) and clean text
that must come through unchanged (typographic quotes and dashes, text with markup and an
entity). A case is repaired when `normalise_text` gives the clean sentence exactly; ftfy's
`fix_text` runs with newsclean's configuration (quotes kept, no NFKC), on every text.
The cost is the time of `normalise_text` on each seed article, against ftfy on the same.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ftfy

from newsclean.steps.normalise import _ftfy_config, normalise_text

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

CLEAN = [
    "The café served crème brûlée — “twice”, they said.",
    "Größere Städte müssen ihre Straßen früher räumen.",
    "Le président a déclaré qu’il restera à l’Élysée.",
    "Szerdán megfelelő időben érkezett a vonat.",
    "Zażółć gęślą jaźń, powiedział dziennikarz.",
    "Выборы пройдут в воскресенье — «досрочно».",
    "Η κυβέρνηση ανακοίνωσε νέα μέτρα.",
    "Latency fell to 10μs on the new chip.",
    "Tokayev’s party won 81% of the vote – again.",
]


def cases() -> list[tuple[str, str, str]]:
    """(kind, broken text, clean text)."""
    made = []
    for text in CLEAN:
        made.append(("clean text stays", text, text))
        raw = text.encode("utf-8")
        for wrong in ("cp1252", "latin-1", "cp1251"):
            try:
                made.append((f"UTF-8 read as {wrong}", raw.decode(wrong), text))
            except UnicodeDecodeError:
                continue  # cp1252 leaves five bytes undefined
        try:
            twice = raw.decode("cp1252").encode("utf-8").decode("cp1252")
            made.append(("UTF-8 read as cp1252 twice", twice, text))
        except UnicodeDecodeError:
            pass
    made += [
        (
            "HTML entity",
            "Fish &amp; chips cost &pound;5 &ndash; cheap.",
            "Fish & chips cost £5 – cheap.",
        ),
        ("HTML entity", "10&micro;s and 5&deg;C", "10µs and 5°C"),
        ("entity inside mojibake", "Latency fell to 10Î&frac14;s.", "Latency fell to 10μs."),
        ("Latin ligature", "the \ufb01rst \ufb02oor o\ufb00ers", "the first floor offers"),
        ("Latin ligature", "pri korište\u01ccem mreže", "pri korištenjem mreže"),
        ("Latin ligature", "\u0149 Afrikaans article", "\u02bcn Afrikaans article"),
        ("C1 controls", "He said \x93no\x94 \x96 twice.", "He said “no” – twice."),
        ("clean text stays", "Write <b> as &lt;b&gt; in HTML.", "Write <b> as &lt;b&gt; in HTML."),
    ]
    # from ftfy's own test cases (rspeer/python-ftfy, tests/test-cases, Apache 2.0): mix-ups
    # with a C1 control byte inside, and text that looks odd but must stay as it is
    made += [
        (
            "ftfy case, C1 byte inside",
            "РґРѕСЂРѕРіРµ Р\u0098Р·-РїРѕРґ #С„СѓС‚Р±РѕР»",
            "дороге Из-под #футбол",
        ),
        (
            "ftfy case, C1 byte inside",
            "MĂĄm dost tĹ\u0099etĂ\u00adho tisĂ\u00adciletĂ\u00ad",
            "Mám dost třetího tisíciletí",
        ),
        ("ftfy case, C1 byte inside", "vedere Ă®nceĹŁoĹźatÄ\u0083", "vedere înceţoşată"),
    ]
    made += [
        ("ftfy negative case", text, text)
        for text in (
            "Bremer/Mccoy – DrÃ¥ber",
            "RETWEET SE VOCÊ…",
            "SENSЕ - Oleg Tsedryk",
            "Connect with Āø on Facebook",
            "C O N C L U S Ã O",
            "├┤a┼┐a┼┐a┼┐a┼┐a",
        )
    ]
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="timing rounds over the seeds")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    config = _ftfy_config()
    made = cases()
    right = {"newsclean": 0, "ftfy.fix_text": 0}
    by_kind: dict[str, list[int]] = {}
    for kind, broken, clean in made:
        ours = normalise_text(broken) == clean
        theirs = ftfy.fix_text(broken, config) == clean
        right["newsclean"] += ours
        right["ftfy.fix_text"] += theirs
        tally = by_kind.setdefault(kind, [0, 0, 0])
        tally[0] += 1
        tally[1] += ours
        tally[2] += theirs
        if args.misses and not ours:
            print(f"miss: {kind}: {normalise_text(broken)!r} for {clean!r}")
    print("| case | texts | normalise_text | ftfy.fix_text |")
    print("|---|---|---|---|")
    for kind, (n, ours, theirs) in by_kind.items():
        print(f"| {kind} | {n} | {ours} | {theirs} |")
    print(f"| all | {len(made)} | **{right['newsclean']}** | {right['ftfy.fix_text']} |")
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir())]
    chars = sum(map(len, texts))
    for name, fix in (
        ("normalise_text", normalise_text),
        ("ftfy.fix_text", lambda text: ftfy.fix_text(text, config)),
    ):
        started = time.perf_counter()
        for _ in range(args.repeat):
            for text in texts:
                fix(text)
        spent = time.perf_counter() - started
        per_text = 1e3 * spent / (args.repeat * len(texts))
        print(f"{name}: {per_text:.3f} ms per seed article ({chars / len(texts):.0f} characters)")


if __name__ == "__main__":
    main()
