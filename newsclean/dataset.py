"""`newsclean.open_version`: a version's documents as a pyarrow dataset."""

from __future__ import annotations

import os
import weakref

import pyarrow.dataset as ds

from newsclean.store.arrow_schema import document_schema
from newsclean.store.location import is_local, store_path
from newsclean.store.reading import hold_for_reading
from newsclean.store.shards import DOCUMENTS_DIR, shard_files
from newsclean.store.versions import load_version


def open_version(cleaned: str | os.PathLike[str], version: str | None = None) -> ds.Dataset:
    """The documents of a version (LATEST by default) of the corpus in `cleaned` (a folder
    or an fsspec URL): a dataset over its Parquet shards, with the version's schema. In a
    local folder the version cannot be pruned while the dataset lives."""
    loaded = load_version(store_path(cleaned), version)
    names = shard_files(loaded.manifest.get("outputs", {}), DOCUMENTS_DIR, ".parquet")
    if not is_local(loaded.path):
        files = [(loaded.path / name).path for name in names]
        return ds.dataset(
            files, schema=document_schema(), format="parquet", filesystem=loaded.path.fs
        )
    descriptor = hold_for_reading(loaded)
    try:
        dataset = ds.dataset(
            [str(loaded.path / name) for name in names], schema=document_schema(), format="parquet"
        )
    except BaseException:
        os.close(descriptor)
        raise
    weakref.finalize(dataset, os.close, descriptor)
    return dataset
