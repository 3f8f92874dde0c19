"""`newsclean.open_version`: a version's documents as a pyarrow dataset."""

from __future__ import annotations

import os
import weakref
from typing import Literal

import pyarrow.dataset as ds

from newsclean.store.arrow_schema import document_schema
from newsclean.store.location import is_local, store_path
from newsclean.store.reading import hold_for_reading
from newsclean.store.shards import DOCUMENTS_DIR, shard_files
from newsclean.store.versions import (
    Version,
    VersionError,
    load_version,
    mismatches,
    size_mismatches,
)


def open_version(
    cleaned: str | os.PathLike[str],
    version: str | None = None,
    *,
    check: Literal["sizes", "hashes"] = "sizes",
) -> ds.Dataset:
    """The documents of a version (LATEST by default) of the corpus in `cleaned` (a folder
    or an fsspec URL): a dataset over its Parquet shards, with the version's schema. In a
    local folder the version cannot be pruned while the dataset lives. A version that does
    not verify is refused (VersionError): by default every file must be there with the size
    its manifest gives; `check="hashes"` reads every file against its sha256 as well."""
    if check not in ("sizes", "hashes"):
        raise ValueError(f"check must be 'sizes' or 'hashes', not {check!r}")
    loaded = load_version(store_path(cleaned), version)
    names = shard_files(loaded.manifest.get("outputs", {}), DOCUMENTS_DIR, ".parquet")
    if not is_local(loaded.path):
        _refuse_unverified(loaded, check)
        files = [(loaded.path / name).path for name in names]
        return ds.dataset(
            files, schema=document_schema(), format="parquet", filesystem=loaded.path.fs
        )
    descriptor = hold_for_reading(loaded)
    try:
        _refuse_unverified(loaded, check)  # checked once no prune can remove it
        dataset = ds.dataset(
            [str(loaded.path / name) for name in names], schema=document_schema(), format="parquet"
        )
    except BaseException:
        os.close(descriptor)
        raise
    weakref.finalize(dataset, os.close, descriptor)
    return dataset


def _refuse_unverified(version: Version, check: str) -> None:
    found = mismatches(version) if check == "hashes" else size_mismatches(version)
    if found:
        raise VersionError(
            f"version {version.name} does not verify: {'; '.join(found)} "
            "(`newsclean verify` names every fault)"
        )
