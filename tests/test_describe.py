"""The files that describe a version: datapackage.json, the dataset card README.md and
report.html, on a real run of the seeds plus a copy, an unreadable file and a page whose site
name is a script."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from frictionless import Package, Resource

from flows.ingest import ingest
from newsclean.describe.descriptions import CARD, DATAPACKAGE, REPORT, datapackage, dataset_card
from newsclean.describe.resources import resources
from newsclean.pipeline import sum_counts
from newsclean.store.publish import check_step_files
from newsclean.store.versions import file_sha256, load_version, verify
from tests.conftest import SEEDS

# Short enough to pass for a site name (steps/site_name.py), so that it reaches the card
# and the report.
HOSTILE_SITE = "<script>document.body.innerHTML+='<b id=pwned>'</script>"
_PARAGRAPH = (
    "The council met on Tuesday to discuss the new budget for the river bridge, which "
    "residents have asked for since the flood of last spring. "
) * 3


def _hostile_page() -> str:
    site = HOSTILE_SITE.replace("<", "&lt;").replace(">", "&gt;")
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bridge budget</title>'
        f'<meta property="og:site_name" content="{site}"></head><body><article>'
        f"<h1>Bridge budget</h1><p>{_PARAGRAPH}</p><p>{_PARAGRAPH.replace('Tue', 'Fri')}</p>"
        "</article></body></html>"
    )


@pytest.fixture(scope="module")
def version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("describe")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    shutil.copy(seeds / "000_2cc8f0044b39433a.txt", seeds / "copy_of_000.txt")
    (seeds / "hostile.html").write_text(_hostile_page(), encoding="utf-8")
    (seeds / "broken.bin").write_bytes(b"\x00\x01\x02\xff" * 50)
    summary = ingest(seeds=str(seeds), cleaned=str(root / "cleaned"))
    return root / "cleaned" / summary["version"]


def _manifest(version: Path) -> dict:
    return json.loads((version / "manifest.json").read_text())


def _rows(version: Path) -> list[dict]:
    return [
        json.loads(line)
        for shard in sorted((version / "documents").glob("part-*.jsonl"))
        for line in shard.open()
    ]


def _card_table(card: str, heading: str) -> dict[str, int]:
    """The label -> count rows of the Markdown table under `## heading`."""
    section = card.split(f"## {heading}\n\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (.*?) \| (\d+) \|$", section, re.MULTILINE)
    return {label.replace("\\", ""): int(n) for label, n in rows}


def test_the_description_files_are_in_the_version_with_their_hashes(version):
    outputs = _manifest(version)["outputs"]
    for name in (CARD, DATAPACKAGE, REPORT):
        assert outputs[name]["sha256"] == file_sha256(version / name)
    verify(load_version(version.parent))  # every listed file matches its hash


def test_the_card_carries_the_counts_of_the_run(version):
    manifest = _manifest(version)
    counts, rows = manifest["counts"], _rows(version)
    card = (version / CARD).read_text()
    assert len(rows) == counts["documents"] == 6
    assert _card_table(card, "Documents") == {
        "read": counts["documents_read"],
        "kept": len(rows),
        "dropped (duplicates, nothing but furniture)": 1,
        "rejected (see rejected.jsonl)": 1,
    }
    assert _card_table(card, "By language") == Counter(r["language"] for r in rows)
    sites = Counter(r["site"] or "(unknown)" for r in rows)
    assert _card_table(card, "By site") == sites
    assert sites[HOSTILE_SITE] == 1
    assert f"settings hash: `{manifest['settings_hash']}`" in card
    assert "parent version: none" in card
    assert f"{len(rows)} documents added, 0 removed, 0 changed" in card
    assert "<script>" not in card  # Markdown renderers pass HTML through
    assert "timestamp" not in card and manifest["created"][:10] not in card


def test_the_datapackage_validates_with_frictionless(version):
    descriptor = json.loads((version / DATAPACKAGE).read_text())
    report = Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    assert descriptor["profile"] == "data-package"
    assert "licence" in descriptor["description"]
    listed = {p for r in descriptor["resources"] for p in [r["path"]]}
    assert listed == set(_manifest(version)["outputs"]) - {CARD, DATAPACKAGE, REPORT}
    tabular = [r for r in descriptor["resources"] if r["profile"] == "tabular-data-resource"]
    # the JSONL copies with rows are the validated tables; Parquet is a described copy
    assert {r["name"] for r in tabular} == {
        "documents.jsonl",
        "removed.jsonl",
        "rejected.jsonl",
        "duplicates.jsonl",
        "inputs.jsonl",
    }
    for resource in tabular:
        assert all(field["description"] for field in resource["schema"]["fields"])
        checked = Resource(resource, basepath=str(version)).validate()
        assert checked.valid, checked.flatten(["rowNumber", "fieldName", "note"])
        assert checked.task.stats["rows"] > 0
    parquet = next(r for r in descriptor["resources"] if r["name"] == "documents.parquet")
    assert (parquet["profile"], parquet["type"]) == ("data-resource", "file")
    assert "same rows as documents.jsonl" in parquet["description"]
    (first_shard, *_) = parquet["path"] if isinstance(parquet["path"], list) else [parquet["path"]]
    schema = pq.read_schema(version / first_shard)
    assert [f["name"] for f in parquet["schema"]["fields"]] == schema.names
    types = {f["name"]: f["type"] for f in parquet["schema"]["fields"]}
    assert (types["published"], types["views"], types["paragraphs"]) == (
        "datetime",
        "integer",
        "array",
    )


def test_the_frictionless_command_validates_the_version(version):
    """The standard validator, run as a user would, on the whole version."""
    checked = subprocess.run(
        [str(Path(sys.executable).with_name("frictionless")), "validate", DATAPACKAGE],
        cwd=version,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout[-3000:]


def _chromium() -> str:
    found = shutil.which("chromium")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def test_the_report_renders_in_chromium_with_the_data_as_text(version, tmp_path):
    dom = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            (version / REPORT).as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    headings = re.findall(r"<h2>(.*?)</h2>", dom)
    assert headings == [
        "Documents",
        "Removals by step and kind",
        "Removals by rule",
        "Dropped documents by reason",
        "Languages",
        "Sites",
        "Duplicate clusters",
        "Name-variant groups",
        "Changes against the parent (none)",
        "Files",
    ]
    # a chart in every section but Documents and Files, two for the rules
    assert dom.count("<svg") == 9 and dom.count("<rect") >= 20
    assert re.findall(r"<h3>(.*?)</h3>", dom) == [
        "Characters removed, by rule",
        "Spans removed, by rule",
    ]
    assert '<td>duplicates exact-document</td><td class="n">1</td>' in dom
    # every chart says, visibly, what its bars count
    captions = re.findall(r'<svg[^>]*><title>[^<]*</title><text[^>]*font-weight="bold">', dom)
    assert len(captions) == 9
    assert ">documents kept by language</text>" in dom
    # the site name is shown as text, and its script did not run
    assert "&lt;script&gt;document.body.innerHTML" in dom
    assert 'id="pwned"' not in dom and "<b id" not in dom
    counts = _manifest(version)["counts"]
    kept = re.search(r"<td>documents kept</td><td class=\"n\">(\d+)</td>", dom)
    assert kept and int(kept[1]) == counts["documents"]
    removed = sum(
        n for kinds in counts["removed_by_step_and_kind"].values() for n in kinds.values()
    )
    assert f"{removed} spans removed" in dom
    assert "1 cluster with 1 duplicate" in dom


def test_the_examples_of_removals_do_not_depend_on_the_batches():
    first = {"removal_examples": {"header": {"title": [["b", 0, "Later"], ["d", 0, "Last"]]}}}
    second = {"removal_examples": {"header": {"title": [["a", 3, "Earlier"], ["c", 1, "On"]]}}}
    orders = ([first, second], [second, first])
    examples = [sum_counts(order)["removal_examples"] for order in orders]
    expected = [["a", 3, "Earlier"], ["b", 0, "Later"], ["c", 1, "On"]]  # the first three
    assert examples == [{"header": {"title": expected}}] * 2


def test_shards_make_one_resource_and_the_card_reads_them_by_glob(version):
    manifest = _manifest(version)
    outputs = {
        name: entry
        for name, entry in manifest["outputs"].items()
        if name not in ("documents.parquet", CARD, DATAPACKAGE, REPORT)
    }
    outputs["documents/part-00000.parquet"] = {"sha256": "a" * 64, "rows": 4}
    outputs["documents/part-00001.parquet"] = {"sha256": "b" * 64, "rows": 2}
    sharded = {**manifest, "outputs": outputs}
    (parquet,) = [r for r in resources(outputs) if r.name == "documents.parquet"]
    assert parquet.rows == 6 and parquet.sha256 is None
    described = next(r for r in datapackage(sharded)["resources"] if r["name"] == parquet.name)
    assert described["path"] == ["documents/part-00000.parquet", "documents/part-00001.parquet"]
    assert "hash" not in described
    card = dataset_card(sharded)
    assert f"read_parquet('cleaned/{manifest['version']}/documents/*.parquet')" in card
    assert "documents.parquet" not in card


def test_corpus_steps_may_not_write_the_description_files():
    with pytest.raises(ValueError, match=r"README\.md"):
        check_step_files({CARD: b"# not the card"})


def test_the_readme_table_names_every_column_the_descriptor_describes():
    """The column meanings live in resources.toml; the README's table must not lose one."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    table = readme.split("Rows of the `documents/` shards (JSONL lines and Parquet columns", 1)[1]
    table = table.split("\n\n", 2)[1]
    (documents,) = resources({"documents.jsonl": {"sha256": "", "rows": 0}})
    assert [c for c in documents.field_descriptions() if f"`{c}`" not in table] == []


def test_removed_rows_have_parquet_shards_and_a_schema_beside_the_jsonl(version):
    """As documents/ has: DuckDB and every other reader get `duplicate_of` typed, though
    most rows hold null there."""
    import duckdb
    import pyarrow as pa

    jsonl = sorted((version / "removed").glob("*.jsonl"))
    parquet = sorted((version / "removed").glob("*.parquet"))
    assert [p.stem for p in parquet] == [p.stem for p in jsonl]
    rows = [json.loads(line) for shard in jsonl for line in shard.open()]
    assert any(r["duplicate_of"] for r in rows) and any(not r["duplicate_of"] for r in rows)
    assert pq.read_table(parquet).to_pylist() == rows
    schema = pa.ipc.read_schema(pa.OSFile(str(version / "removed.schema.arrow")))
    assert pq.read_schema(parquet[0]) == schema
    json_schema = json.loads((version / "removed.schema.json").read_text())
    assert list(json_schema["properties"]) == schema.names
    described = duckdb.sql(f"describe select * from read_parquet('{version}/removed/*.parquet')")
    columns = {name: kind.replace('"', "") for name, kind, *_ in described.fetchall()}
    assert (
        columns["duplicate_of"] == "STRUCT(document VARCHAR, paragraph BIGINT, similarity DOUBLE)"
    )
    outputs = _manifest(version)["outputs"]
    assert {p.name for p in parquet} == {
        name.split("/")[1] for name in outputs if name.startswith("removed/")
    } - {p.name for p in jsonl}


def test_the_counts_rank_rules_by_characters_and_drops_by_reason(version):
    counts = _manifest(version)["counts"]
    removed = [json.loads(line) for p in (version / "removed").glob("*.jsonl") for line in p.open()]
    characters: Counter = Counter()
    for row in removed:
        characters[(row["step"], row["rule"])] += len(row["text"])
    assert {
        (step, rule): n
        for step, rules in counts["removed_characters"].items()
        for rule, n in rules.items()
    } == dict(characters)
    # the copy of a seed is the one document dropped, by the duplicates step
    assert counts["dropped_by"] == {"duplicates": {"exact-document": 1}}
    assert counts["dropped"] == 1
    # every language's row adds up to the documents kept and dropped
    by_language = counts["by_language"]
    assert sum(row["documents"] for row in by_language.values()) == counts["documents"]
    assert sum(row["dropped"] for row in by_language.values()) == counts["dropped"]
    assert sum(row["removed_spans"] for row in by_language.values()) == len(removed)
    # a few examples per rule, each from another document
    for rules in counts["removal_examples"].values():
        for examples in rules.values():
            assert 1 <= len(examples) <= 3
            assert len({doc for doc, _, _ in examples}) == len(examples)
    assert any(len(e) > 1 for rules in counts["removal_examples"].values() for e in rules.values())
