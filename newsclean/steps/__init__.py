"""Document steps: plain functions `(Document, Settings) -> Document`, one per module, free
of I/O and of Prefect."""
