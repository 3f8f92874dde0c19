from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import newsclean.store.row_cache as row_cache
import newsclean.store.work as work_module
from newsclean.document import Document, Paragraph, Source
from newsclean.pipeline import batch_counts
from newsclean.readers.read import Rejection
from newsclean.store.diff import row_hashes
from newsclean.store.inputs import InputFile, input_rows
from newsclean.store.lock import CorpusLocked, corpus_lock
from newsclean.store.publish import corpus_files, publish
from newsclean.store.row_cache import layout_key
from newsclean.store.versions import (
    VersionError,
    file_rows,
    file_sha256,
    latest_version,
    load_version,
    remove_stale_temporaries,
    verify,
    version_names,
)
from newsclean.store.work import WorkArea, part_rows
from tests.conftest import shard_rows, version_files


def _writable(path: Path) -> Path:
    """A version file made writable, to be damaged: versions are published read-only."""
    if path.exists():
        path.chmod(0o644)
    return path


def _docs(*texts: str) -> list[Document]:
    docs = []
    for i, text in enumerate(texts):
        doc = Document(id=f"doc{i}", source=Source(f"{i}.txt", f"{i:064d}", "text"))
        doc.paragraphs = [Paragraph(p, language="en") for p in text.split("\n\n")]
        doc.remove("furniture", "rule", "a reason", "See also something", kind="related")
        docs.append(doc)
    return docs


def _publish(cleaned: Path, docs: list[Document], settings, rejections=()):
    files = corpus_files(docs, list(rejections), {})
    parent = latest_version(cleaned)
    inputs = [InputFile(d.source.path, d.source.sha256, 10, 1, 0) for d in docs]
    return publish(
        cleaned,
        files,
        inputs=inputs,
        settings=settings,
        counts={"inputs": len(inputs), **batch_counts(docs, len(rejections))},
        parent=parent,
    )


def test_versions_are_numbered_and_latest_moves(tmp_path, settings):
    first = _publish(tmp_path, _docs("one\n\ntwo", "three"), settings)
    assert first.version == "v0001" and first.parent is None
    assert first.change.added == ["doc0", "doc1"]
    second = _publish(tmp_path, _docs("one\n\ntwo", "three changed", "four"), settings)
    assert second.version == "v0002" and second.parent == "v0001"
    assert (second.change.added, second.change.removed, second.change.changed) == (
        ["doc2"],
        [],
        ["doc1"],
    )
    assert version_names(tmp_path) == ["v0001", "v0002"]
    assert (tmp_path / "LATEST").read_text() == "v0002\n"


def test_same_documents_write_no_version(tmp_path, settings):
    _publish(tmp_path, _docs("one", "two"), settings)
    again = _publish(tmp_path, _docs("one", "two"), settings)
    assert again.version is None and again.parent == "v0001"
    assert version_names(tmp_path) == ["v0001"]


def test_a_versions_row_hashes_are_kept_for_the_next_run(tmp_path, settings, monkeypatch):
    first = _publish(tmp_path, _docs("one", "two"), settings)
    documents = layout_key(first.manifest["outputs"])
    kept = [p.name for p in (tmp_path / ".cache").iterdir()]
    assert kept == [f"documents-rows.{documents}.msgpack"]

    def hashed_again(path, names):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(row_cache, "read_layout", hashed_again)
    second = _publish(tmp_path, _docs("one", "two changed", "three"), settings)
    assert (second.change.added, second.change.removed, second.change.changed) == (
        ["doc2"],
        [],
        ["doc1"],
    )
    documents = layout_key(second.manifest["outputs"])
    assert [p.name for p in (tmp_path / ".cache").iterdir()] == [
        f"documents-rows.{documents}.msgpack"
    ]


def test_row_hashes_missing_or_unreadable_are_taken_from_the_version(tmp_path, settings):
    _publish(tmp_path, _docs("one", "two"), settings)
    [entry] = (tmp_path / ".cache").iterdir()
    entry.write_bytes(b"not msgpack")
    second = _publish(tmp_path, _docs("one", "two changed"), settings)
    assert (second.change.added, second.change.removed, second.change.changed) == (
        [],
        [],
        ["doc1"],
    )
    shutil.rmtree(tmp_path / ".cache")
    third = _publish(tmp_path, _docs("one"), settings)
    assert (third.change.added, third.change.removed, third.change.changed) == (
        [],
        ["doc1"],
        [],
    )


def test_files_and_manifest_contract(tmp_path, settings):
    rejection = Rejection("bad.bin", "f" * 64, "bad.bin: binary file (NUL bytes)")
    result = _publish(tmp_path, _docs("alpha\n\nbeta"), settings, [rejection])
    path = tmp_path / result.version
    rows = shard_rows(path)
    assert rows[0]["text"] == "alpha\n\nbeta"
    assert rows[0]["paragraphs"][1]["text"] == "beta"
    assert rows[0]["paragraphs"][1]["language"] == "en"
    table = pq.read_table(path / "documents" / "part-00000.parquet")
    assert table.column("id").to_pylist() == ["doc0"]
    assert table.column("text").to_pylist() == ["alpha\n\nbeta"]
    [removed] = shard_rows(path, "removed")
    assert removed["document"] == "doc0" and removed["text"] == "See also something"
    assert removed["kind"] == "related" and removed["reason"] == "a reason"
    rejected = json.loads((path / "rejected.jsonl").read_text())
    assert rejected["path"] == "bad.bin" and "binary" in rejected["error"]
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["version"] == "v0001" and manifest["parent"] is None
    assert manifest["settings_hash"] == settings.hash()
    assert manifest["outputs"]["documents/part-00000.jsonl"]["rows"] == 1
    assert manifest["outputs"]["documents/part-00000.parquet"]["rows"] == 1
    assert manifest["outputs"]["removed/part-00000.jsonl"]["rows"] == 1
    assert manifest["outputs"]["rejected.jsonl"]["rows"] == 1
    assert "inputs" not in manifest  # in shards: a version rewrites only the changed ones
    assert manifest["outputs"]["inputs/part-00000.jsonl"]["rows"] == 1
    assert input_rows(path, manifest["outputs"])[0]["path"] == "0.txt"
    verify(load_version(tmp_path))


def test_corrupt_and_unknown_versions_are_named(tmp_path, settings):
    _publish(tmp_path, _docs("one"), settings)
    with pytest.raises(VersionError, match=r"no version v0009"):
        load_version(tmp_path, "v0009")
    with pytest.raises(VersionError, match="not a version name"):
        load_version(tmp_path, "latest!")
    _writable(tmp_path / "v0001" / "documents" / "part-00000.jsonl").write_text("tampered\n")
    with pytest.raises(VersionError, match=r"v0001 is corrupt: documents/part-00000\.jsonl"):
        verify(load_version(tmp_path, "v0001"))
    _writable(tmp_path / "v0001" / "manifest.json").write_text("{")
    with pytest.raises(VersionError, match=r"cannot read manifest\.json"):
        load_version(tmp_path, "v0001")


def test_a_run_killed_mid_write_leaves_the_previous_version(tmp_path, settings):
    _publish(tmp_path, _docs("one"), settings)
    before = version_files(tmp_path / "v0001")
    # A second process that dies abruptly (no cleanup at all) after its first file.
    script = textwrap.dedent(
        f"""
        import os
        from pathlib import Path
        from newsclean.store import versions
        real = versions._write_durably
        def dying(path, data):
            real(path, data)
            os._exit(9)
        versions._write_durably = dying
        versions.write_version(Path({str(tmp_path)!r}), "v0002", {{"documents.jsonl": b"x"}}, {{}})
        """
    )
    process = subprocess.run([sys.executable, "-c", script], check=False)
    assert process.returncode == 9
    assert [p.name for p in tmp_path.glob(".tmp-*")]  # the half-written version
    assert version_names(tmp_path) == ["v0001"]
    assert latest_version(tmp_path) == "v0001"
    assert version_files(tmp_path / "v0001") == before
    with corpus_lock(tmp_path):
        assert remove_stale_temporaries(tmp_path)
    assert not list(tmp_path.glob(".tmp-*"))
    assert _publish(tmp_path, _docs("two"), settings).version == "v0002"


def test_a_second_writer_is_told_clearly(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from pathlib import Path; from newsclean.store.lock import corpus_lock\n"
            f"with corpus_lock(Path({str(tmp_path)!r})):\n"
            "    print('locked', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with (
            pytest.raises(CorpusLocked, match=r"being written by another newsclean run \(pid"),
            corpus_lock(tmp_path),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
    with corpus_lock(tmp_path):  # released when its holder died
        pass


def _work_area_with_parts(cleaned: Path, batches: list[list[Document]]) -> WorkArea:
    work = WorkArea.create(cleaned)
    for index, docs in enumerate(batches):
        work.write_parts(index, [part_rows(docs, [])])
    return work


def test_assembled_files_equal_those_of_the_corpus_in_memory(tmp_path):
    docs = _docs("Alpha one.\n\nAlpha two.", "Beta.", "Gamma one.\n\nGamma two.")
    work = _work_area_with_parts(tmp_path, [docs[:1], docs[1:]])
    target = tmp_path / "staged"
    target.mkdir()
    with work.assembled(2, target) as assembly:
        pass
    assert assembly.parquet and all(write.done() for write in assembly.parquet)
    expected = corpus_files(docs, [], {})
    assert version_files(target) == expected
    # hashed and counted as written, as reading the files back gives them
    for name, measured in assembly.outputs.items():
        assert measured == {"sha256": file_sha256(target / name), "rows": file_rows(target / name)}
    assert set(assembly.outputs) == {
        "documents/part-00000.jsonl",
        "removed/part-00000.jsonl",
        "rejected.jsonl",
    }
    assert assembly.layout.rows == row_hashes(target / "documents" / "part-00000.jsonl")


def test_paths_with_newlines_tabs_and_backslashes_keep_their_order_in_parts(tmp_path):
    # a file's path may hold any character but NUL; rejections are sorted by path, then record
    paths = ["a\nb", "a\tb", "a\t{b", "a b", "a\\b", "a\\nb", "a", "a\x01", "ä", "a\n"]
    rejections = [Rejection(p, None, f"{p}: not read", record) for p in paths for record in "12"]
    work = WorkArea.create(tmp_path)
    for index in range(3):
        work.write_parts(index, [part_rows([], rejections[index::3])])
    target = tmp_path / "staged"
    target.mkdir()
    with work.assembled(3, target):
        pass
    expected = corpus_files([], rejections, {})["rejected.jsonl"]
    assert (target / "rejected.jsonl").read_bytes() == expected
    # keys join path and record with a tab, which sorts after \x01
    assert [json.loads(line)["path"] for line in expected.splitlines()][:4] == [
        "a\x01",
        "a\x01",
        "a",
        "a",
    ]


def test_a_failed_parquet_write_fails_the_block(tmp_path, monkeypatch):
    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(work_module, "write_parquet", refuse)
    work = _work_area_with_parts(tmp_path, [_docs("Alpha.")])
    target = tmp_path / "staged"
    target.mkdir()
    with pytest.raises(OSError, match="disk full"), work.assembled(1, target):
        pass
