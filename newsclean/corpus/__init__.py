"""Corpus steps: collect facts per document, decide once over all of them, apply per
document. See `newsclean.pipeline.CorpusStep`."""
