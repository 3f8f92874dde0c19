"""Versions of the cleaned corpus: atomic writes, a lock, manifests, diffs."""
