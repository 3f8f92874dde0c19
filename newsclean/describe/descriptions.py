"""The files that describe a version to people and tools: `datapackage.json` (a Frictionless
Data Package descriptor), the dataset card `README.md` and `report.html`.

All three are built from the manifest (counts, change, the list of data files) and the small
files the corpus steps wrote, never from the documents' rows, so they cost the same in an
incremental run as the manifest does. They hold no timestamp: the same version gives the same
bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from newsclean.describe.report import report_html
from newsclean.describe.resources import MEDIA_TYPES, Resource, resources
from newsclean.pipeline import PIPELINE, DocumentStage
from newsclean.store.location import StorePath
from newsclean.store.shards import DOCUMENTS_DIR, REMOVED_DIR

DATAPACKAGE = "datapackage.json"
CARD = "README.md"
REPORT = "report.html"
DESCRIPTION_FILES = (CARD, DATAPACKAGE, REPORT)

# Sites and languages listed by name in the card; the rest are counted together.
CARD_TOP = 20

LICENCE_NOTE = (
    "newsclean does not know the terms of the sources: the licence of this corpus is for "
    "whoever publishes it to set (add a `licenses` entry to datapackage.json)."
)


def write_descriptions(staged: StorePath, manifest: Mapping[str, Any]) -> dict[str, Any]:
    """Writes the description files of the version about to be committed into `staged`, from
    its manifest (whose `outputs` list the data files); returns their `outputs` entries."""
    files = {
        DATAPACKAGE: (json.dumps(datapackage(manifest), indent=2, ensure_ascii=False) + "\n"),
        CARD: dataset_card(manifest),
        REPORT: report_html(manifest, staged),
    }
    written = {}
    for filename, text in sorted(files.items()):
        data = text.encode("utf-8")
        (staged / filename).write_bytes(data)
        written[filename] = {"sha256": hashlib.sha256(data).hexdigest(), "rows": None}
    return written


def datapackage(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of a version."""
    name = manifest["version"]
    return {
        "profile": "data-package",
        "name": f"newsclean-{name}",
        "title": f"newsclean corpus {name}",
        "description": (
            f"Cleaned, deduplicated news documents, version {name} "
            f"(parent {manifest['parent'] or 'none'}), made by newsclean "
            f"{manifest['newsclean_version']} with settings {manifest['settings_hash']}. "
            "manifest.json says how it was made; README.md and report.html describe it. "
            + LICENCE_NOTE
        ),
        "version": name,
        "resources": [_resource_descriptor(r) for r in resources(manifest["outputs"])],
    }


def _resource_descriptor(resource: Resource) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "name": resource.name,
        "path": resource.paths[0] if len(resource.paths) == 1 else list(resource.paths),
        "title": resource.title,
        "description": resource.description,
        "format": resource.format,
        "mediatype": MEDIA_TYPES.get(resource.format, "application/octet-stream"),
    }
    if resource.format in ("jsonl", "json"):
        descriptor["encoding"] = "utf-8"
    if resource.sha256 is not None:
        descriptor["hash"] = f"sha256:{resource.sha256}"
    schema = resource.schema()
    if schema is None:
        descriptor |= {"profile": "data-resource", "type": "file"}
        return descriptor
    if resource.format == "jsonl" and resource.rows:
        descriptor |= {"profile": "tabular-data-resource", "type": "table"}
    else:
        # Its fields are described, but it is no table a validator reads: frictionless misreads
        # Parquet's nulls and lists, and fails on a JSONL file of no lines.
        descriptor |= {"profile": "data-resource", "type": "file"}
        descriptor["description"] += (
            f" The same rows as {resource.table}.jsonl, in Parquet; that JSONL copy is the "
            "validated table."
            if resource.format == "parquet"
            else " No rows in this version."
        )
    meanings = resource.field_descriptions()
    descriptor["schema"] = {
        "fields": [
            {"name": f.name, "type": _field_type(f.type), "description": meanings[f.name]}
            for f in schema
        ],
        **({"primaryKey": ["id"]} if resource.table == "documents" else {}),
    }
    return descriptor


# Table Schema's type of each kind of Arrow type the documents' schema uses.
_FIELD_TYPES = (
    (pa.types.is_string, "string"),
    (pa.types.is_integer, "integer"),
    (pa.types.is_floating, "number"),
    (pa.types.is_boolean, "boolean"),
    (pa.types.is_timestamp, "datetime"),
    (pa.types.is_struct, "object"),
    (pa.types.is_list, "array"),
)


def _field_type(arrow: pa.DataType) -> str:
    """The Table Schema type of an Arrow type."""
    for is_kind, field_type in _FIELD_TYPES:
        if is_kind(arrow):
            return field_type
    raise ValueError(f"no Table Schema type for {arrow}")


def dataset_card(manifest: Mapping[str, Any]) -> str:
    """The dataset card (Markdown) of a version."""
    name, parent = manifest["version"], manifest["parent"]
    counts, change = manifest["counts"], manifest["change"]
    by = counts.get("documents_by", {})
    found = resources(manifest["outputs"])
    files = "\n".join(
        f"| `{', '.join(r.paths)}` | {r.format} | {_md(r.title)} | "
        f"{'' if r.rows is None else r.rows} |"
        for r in found
    )
    sections = [
        f"# newsclean corpus {name}\n\n"
        f"{counts['documents']} news documents, cleaned and deduplicated by newsclean "
        f"{manifest['newsclean_version']} from {counts['inputs']} input files: text decoded "
        "and normalised, articles extracted from HTML, headers parsed into metadata, site "
        "furniture, repeated paragraphs and duplicate documents removed (every removed span "
        "is in removed/ with its reason), languages detected and name spellings grouped. "
        "`report.html` shows the same in charts; `manifest.json` lists every input and output "
        f"file with its hash.\n\nLicence: {LICENCE_NOTE}",
        "## Documents\n\n"
        + _md_table(
            ("", "documents"),
            [
                ("read", counts["documents_read"]),
                ("kept", counts["documents"]),
                ("dropped (duplicates, nothing but furniture)", counts["dropped"]),
                ("rejected (see rejected.jsonl)", counts["rejected"]),
            ],
        ),
        "## By language\n\n"
        + _md_table(("language", "documents"), _top(by.get("language", {}), "languages")),
        "## By site\n\n"
        + _md_table(
            ("site", "documents"),
            _top({k or "(unknown)": n for k, n in by.get("site", {}).items()}, "sites"),
        ),
        "## How it was made\n\n"
        + "\n".join(f"- {_md(step)}" for step in pipeline_steps())
        + f"\n\n- newsclean version: {manifest['newsclean_version']}\n"
        f"- settings hash: `{manifest['settings_hash']}` (the settings, in manifest.json)\n"
        f"- parent version: {parent or 'none'}",
        f"## Changes against the parent ({parent or 'none'})\n\n"
        f"{len(change['added'])} documents added, {len(change['removed'])} removed, "
        f"{len(change['changed'])} changed (their ids are in manifest.json's `change`"
        + (f"; `newsclean diff {parent} {name}` lists them with titles)." if parent else ")."),
        "## Files\n\n" + "| file | format | what | rows |\n|---|---|---|---|\n" + files,
        "## Loading\n\n"
        + (_loading(name) if counts["documents"] else "This version holds no documents."),
    ]
    return "\n\n".join(sections) + "\n"


def pipeline_steps() -> list[str]:
    """The stages in order, each with its steps."""
    return [
        f"{stage.name}: {', '.join(step.__name__ for step in stage.steps)}"
        if isinstance(stage, DocumentStage)
        else f"{stage.name} (corpus step)"
        for stage in PIPELINE
    ]


def _loading(name: str) -> str:
    """How to read the documents, from the folder that holds the cleaned versions: the
    Parquet shards by a glob (their folder holds the JSONL shards too), never by number."""
    files = f"cleaned/{name}/{DOCUMENTS_DIR}/*.parquet"
    return (
        "```python\n"
        "import glob\n\n"
        f'files = sorted(glob.glob("{files}"))\n\n'
        "import pandas as pd\n"
        "documents = pd.read_parquet(files)\n\n"
        "import pyarrow.dataset as ds\n"
        'table = ds.dataset(files, format="parquet").to_table()\n\n'
        "import duckdb\n"
        f"duckdb.sql(\"select language, count(*) from read_parquet('{files}') group by 1\")\n\n"
        "import polars as pl\n"
        f'frame = pl.read_parquet("{files}")\n\n'
        "from datasets import load_dataset\n"
        f'corpus = load_dataset("parquet", data_files="{files}", split="train")\n\n'
        "# every span removed, with its step, rule and reason\n"
        f'removed = pd.read_parquet(sorted(glob.glob("cleaned/{name}/{REMOVED_DIR}/*.parquet")))\n'
        "```\n\n"
        "The folder `documents/` holds each shard twice, as Parquet and as JSONL: name the "
        "suffix when reading it. The JSONL files hold the same rows with `published` as "
        "written in the source; read them with the schema in documents.schema.arrow (see the "
        "newsclean README)."
    )


def _top(counts: Mapping[str, int], what: str) -> list[tuple[str, int]]:
    """The largest counts (ties by name), and the rest counted together."""
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    rows = ranked[:CARD_TOP]
    rest = ranked[CARD_TOP:]
    if rest:
        rows.append((f"{len(rest)} other {what}", sum(n for _, n in rest)))
    return rows


def _md_table(header: tuple[str, str], rows: list[tuple[str, int]]) -> str:
    if not rows:
        return "none"
    lines = [f"| {header[0]} | {header[1]} |", "|---|---:|"]
    lines += [f"| {_md(str(label))} | {n} |" for label, n in rows]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text from the data, inert in Markdown: no markup, no HTML, one line."""
    text = " ".join(text.split())
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text
