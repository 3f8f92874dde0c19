"""The language and script of a document and of each of its paragraphs.

A paragraph with fewer than `min_words` words of language (one fewer with a lowercase one;
timestamps, handles, hashtags, addresses and codes are none: newsclean.langid.letters.
LetterCounts.has_language) has no language: None, with confidence 0. The document's
language is judged on a bounded sample of its longest paragraphs that have language. Each
other paragraph then gets its own language only with evidence against its document's:
- a paragraph in another script than the document is judged on its own, but keeps the
  document's language when a third or more of its letters are in the document's script and
  only langdetect (or lingua's second opinion) named another (a Macedonian sentence
  around English product names);
- letters the document's language never uses (a Kazakh or Ukrainian paragraph in a Russian
  document) are judged on their own, but the paragraph keeps its document's language when
  its letters rule its own guess out too (a Ukrainian name quoted in a Macedonian sentence)
  or when only an alphabet names the guess, with none of that language's own words;
- a long paragraph that plainly shares its document's language by function words keeps it
  (langdetect costs about 1 ms a call); any other long paragraph is judged by langdetect
  and keeps another language only at `strong_evidence` confidence;
- a short paragraph takes another language only when its function words and langdetect
  agree on it ("Merci pour tout, et à bientôt." in an English article); anything else
  ("Tags: Tokayev, Nazarbayev, Astana") inherits the document's language and confidence.
Confidences are calibrated (newsclean.langid.calibration): a paragraph that inherits its
document's language has the document's; a paragraph with a third or more of its letters in a
second script has its guess's confidence times its main script's share. A document whose
paragraphs end up in several languages is mixed: `doc.languages` holds each language's share
of the words of the paragraphs that have a language, for the languages above `share_floor`
whose paragraphs were labelled with at least `listed_min_confidence`, and `doc.language`
is the largest. `doc.languages` stays empty when fewer than two languages are listed.
"""

from __future__ import annotations

from collections import Counter

from newsclean.document import Document, LanguageShare, Paragraph
from newsclean.langid.calibration import calibrated
from newsclean.langid.identify import Guess, excluded_by_letters, identify, no_language
from newsclean.langid.letters import LetterCounts, letter_rules
from newsclean.settings import LanguageSettings, Settings


def detect_language(doc: Document, settings: Settings) -> Document:
    config = settings.language
    counts = [LetterCounts.of(p.text) for p in doc.paragraphs]
    by_script: Counter[str] = Counter()
    for c in counts:
        by_script.update(c.by_script)
    doc.script = LetterCounts(by_script, Counter()).script
    with_language = [c.has_language(config.min_words) for c in counts]
    spans = sample_spans(doc.paragraphs, config.sample_chars, with_language)
    sample = spanned_text(doc.paragraphs, spans)
    sampled = sample_letters(doc.paragraphs, counts, spans)
    document = identify(sample, config, sampled)
    document_confidence = calibrated(document, sampled.total)
    inherited = []
    for paragraph, letters in zip(doc.paragraphs, counts, strict=True):
        paragraph.script = letters.script
        guess = paragraph_language(paragraph.text, letters, document, doc.script, config)
        paragraph.language = guess.language
        inherited.append(guess.rule == "inherited" and guess.language is not None)
        paragraph.language_confidence = (
            document_confidence if guess.rule == "inherited" else own_confidence(guess, letters)
        )
    doc.language, doc.language_confidence = document.language, document_confidence
    listed = listed_shares(doc.paragraphs, counts, config)
    if len(listed) > 1 or (doc.language is None and listed):
        majority = min(listed, key=lambda lang: (-listed[lang], lang))
        if majority != doc.language:
            doc.language, doc.language_confidence = majority, listed[majority]
            # the paragraphs that only took the sample's language take the document's
            for paragraph, took in zip(doc.paragraphs, inherited, strict=True):
                if took:
                    paragraph.language = majority
                    paragraph.language_confidence = doc.language_confidence
            listed = listed_shares(doc.paragraphs, counts, config)
    doc.languages = []
    if len(listed) > 1:
        doc.languages = [LanguageShare(language, share) for language, share in listed.items()]
    return doc


def listed_shares(
    paragraphs: list[Paragraph], counts: list[LetterCounts], config: LanguageSettings
) -> dict[str, float]:
    """The shares of the languages above `share_floor` whose paragraphs were labelled with a
    confidence of at least `listed_min_confidence` (weighed by their words): a language only
    guessed at is not listed, though its paragraphs keep their labels."""
    shares = language_shares(paragraphs, counts)
    confidence: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for p, letters in zip(paragraphs, counts, strict=True):
        if p.language is not None:
            confidence[p.language] += (p.language_confidence or 0.0) * letters.language_words
            words[p.language] += letters.language_words
    return {
        lang: share
        for lang, share in shares.items()
        if share > config.share_floor
        and confidence[lang] >= config.listed_min_confidence * words[lang]
    }


def sample_spans(
    paragraphs: list[Paragraph], sample_chars: int, eligible: list[bool] | None = None
) -> list[tuple[int, int]]:
    """The language sample: the longest paragraphs (the prose, not the furniture) up to
    `sample_chars`, in document order, each with how many of its characters the sample keeps
    (all of them, but for the last, which the bound may cut). Only `eligible` paragraphs (the
    ones with language) are taken, when given."""
    chosen: list[int] = []
    size = 0
    indexes = range(len(paragraphs))
    if eligible is not None:
        indexes = [i for i in indexes if eligible[i]]
    for index in sorted(indexes, key=lambda i: (-len(paragraphs[i].text), i)):
        if size >= sample_chars:
            break
        chosen.append(index)
        size += len(paragraphs[index].text) + 1
    chosen.sort()
    texts = [paragraphs[i].text for i in chosen]
    end = _sample_end("\n".join(texts), sample_chars)
    spans: list[tuple[int, int]] = []
    start = 0
    for index, text in zip(chosen, texts, strict=True):
        if start > end:
            break
        spans.append((index, min(len(text), end - start)))
        start += len(text) + 1
    return spans


def _sample_end(sample: str, sample_chars: int) -> int:
    """Where a sample of at most `sample_chars` ends: after a whole word if it can."""
    if len(sample) <= sample_chars:
        return len(sample)
    cut = sample.rfind(" ", 0, sample_chars)
    return cut if cut > 0 else sample_chars


def spanned_text(paragraphs: list[Paragraph], spans: list[tuple[int, int]]) -> str:
    """The sample's text, one paragraph a line."""
    return "\n".join(paragraphs[i].text[:kept] for i, kept in spans)


def sample_letters(
    paragraphs: list[Paragraph], counts: list[LetterCounts], spans: list[tuple[int, int]]
) -> LetterCounts:
    """The language sample's letter counts from its paragraphs' counts: only the paragraph
    the sample cuts is counted again."""
    return LetterCounts.joined(
        counts[i] if kept == len(paragraphs[i].text) else LetterCounts.of(paragraphs[i].text[:kept])
        for i, kept in spans
    )


def paragraph_language(
    text: str,
    letters: LetterCounts,
    document: Guess,
    document_script: str | None,
    config: LanguageSettings,
) -> Guess:
    """A paragraph's language given its document's (see the module docstring)."""
    if not letters.has_language(config.min_words):
        return no_language(letters.script)
    inherited = Guess(document.language, document.confidence, letters.script, "inherited")
    if document.language is None or letters.script != document_script:
        own = identify(text, config, letters)
        if own.language is None:
            return inherited
        if own.rule in ("langdetect", "lingua") and in_part_in(letters, document_script):
            return inherited
        return own
    if excluded_by_letters(letters, document.language):
        own = identify(text, config, letters)
        if own.language in (None, document.language):
            return inherited
        if excluded_by_letters(letters, own.language):
            return inherited  # letters of both: a quotation inside the document's language
        if own.rule == "alphabet" and not letter_rules().word_evidence(own.language, letters.words):
            return inherited  # only an alphabet fits, with no word or letter of its own
        return own
    if letters.total < config.min_paragraph_letters and not config.judge_short_paragraphs:
        return short_paragraph_language(text, letters, document.language, inherited, config)
    if letter_rules().plainly_in(document.language, letters.words):
        return inherited  # langdetect could only agree, or disagree without strong evidence
    own = identify(text, config, letters)
    if own.language == document.language:
        return own
    if own.language is not None and (own.confidence or 0.0) >= config.strong_evidence:
        return own
    return inherited


# A paragraph with at least this share of its letters in its document's script is written
# partly in the document's language (a Macedonian sentence around English product names).
DOCUMENT_SCRIPT_PART = 1 / 3
# A paragraph with at least this share of its letters outside its main script mixes scripts.
SECOND_SCRIPT_PART = 1 / 3
JAPANESE_WRITING = frozenset({"Han", "Hiragana", "Katakana"})
# Function words of another language that, with langdetect agreeing, make a short paragraph
# that language rather than its document's.
SHORT_FOREIGN_FUNCTION_WORDS = 2


def in_part_in(letters: LetterCounts, document_script: str | None) -> bool:
    """Whether a paragraph's letters are in part (`DOCUMENT_SCRIPT_PART`) in the document's
    script."""
    return document_script is not None and letters.by_script[document_script] >= (
        DOCUMENT_SCRIPT_PART * letters.total
    )


def short_paragraph_language(
    text: str,
    letters: LetterCounts,
    document_language: str,
    inherited: Guess,
    config: LanguageSettings,
) -> Guess:
    """A short paragraph in its document's script takes its document's language unless two
    signs agree on another: its function words and langdetect ("Merci pour tout, et à
    bientôt." in an English article)."""
    foreign = letter_rules().plain_language(letters.words, SHORT_FOREIGN_FUNCTION_WORDS)
    if foreign is None or foreign == document_language:
        return inherited
    own = identify(text, config, letters)
    return own if own.language == foreign else inherited


def own_confidence(guess: Guess, letters: LetterCounts) -> float:
    """A paragraph's own guess's calibrated confidence. A paragraph with a third or more of
    its letters in a second script (a comment in Latin letters and Gurmukhi) is judged on
    its main script's letters alone, so the guess speaks only for their share. Latin names
    inside another script ("Дали и това е случаят със Supreme Commander?") and Japanese
    kana among Han do not count as a second script."""
    confidence = calibrated(guess, letters.total)
    main = letters.script
    if main is None:
        return confidence
    writing = JAPANESE_WRITING if main in JAPANESE_WRITING else {main}
    second = sum(n for s, n in letters.by_script.items() if s not in writing and s != "Latin")
    if second < SECOND_SCRIPT_PART * letters.total:
        return confidence
    return round(confidence * letters.by_script[main] / letters.total, 4)


def language_shares(paragraphs: list[Paragraph], counts: list[LetterCounts]) -> dict[str, float]:
    """Each language's share of the words of language in the paragraphs that have one."""
    words: Counter[str] = Counter()
    for p, letters in zip(paragraphs, counts, strict=True):
        if p.language is not None:
            words[p.language] += letters.language_words
    total = sum(words.values())
    return {lang: round(n / total, 4) for lang, n in sorted(words.items())} if total else {}
