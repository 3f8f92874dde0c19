"""The newsclean command on the seeds: ingest, versions, diff, show, and its errors."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsclean.cli import app
from newsclean.store.lock import corpus_lock
from newsclean.store.marker import claim_corpus
from tests.conftest import BIN, SEEDS, processes_left, shard_rows

runner = CliRunner()


def _invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    seeds, cleaned = root / "seeds", root / "cleaned"
    shutil.copytree(SEEDS, seeds)
    assert _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)).exit_code == 0
    edited = seeds / "004_5bc39d07cea0893f.txt"
    edited.write_text(edited.read_text() + "\n\nOne more closing paragraph of the article.")
    result = _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned))
    assert result.exit_code == 0 and "wrote" in result.output and "v0002" in result.output
    return seeds, cleaned


def _doc_id(cleaned: Path, path: str) -> str:
    for row in shard_rows(cleaned / "v0001"):
        if row["source"]["path"] == path:
            return row["id"]
    raise AssertionError(path)


def test_rerun_says_unchanged(corpus):
    seeds, cleaned = corpus
    result = _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned))
    assert result.exit_code == 0
    assert "unchanged" in result.output and "v0002" in result.output


def test_versions_lists_counts(corpus):
    _, cleaned = corpus
    result = _invoke("versions", "--cleaned", str(cleaned))
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "v000" in line]
    assert len(lines) == 2 and all("ok" in line for line in lines)


def test_diff_names_the_changed_document(corpus):
    _, cleaned = corpus
    result = _invoke("diff", "v0001", "v0002", "--cleaned", str(cleaned))
    assert result.exit_code == 0
    changed = result.output.split("changed (1)")[1].strip().splitlines()
    assert changed == [
        f"{_doc_id(cleaned, '004_5bc39d07cea0893f.txt')}  004_5bc39d07cea0893f.txt  "
        "The Untold Truth About Russia-Kazakhstan Relations And Kazakh Politics – Analysis",
        # the added paragraph is prose where a furniture line used to end the text
        "      why: its file changed; text; language; names; removed by furniture: 3 -> 2 spans",
    ]
    assert "added (0)" in result.output and "removed (0)" in result.output


FOLLOW = "Follow The Daily Example on every social network for more local news."


STORIES = [
    "The regional council approved the new budget for schools and roads on Tuesday.",
    "Farmers in the north reported the earliest harvest of barley in twenty years.",
    "The city museum reopened its hall of maps after two years of careful repairs.",
]


def _site_page(seeds: Path, n: int, tail: str) -> None:
    text = STORIES[n]
    record = {"url": f"https://daily.example/news/{n}", "title": f"Story {n}"}
    record["text"] = f"{text}\n\n{text} Officials said more details follow.\n\n{tail}"
    (seeds / f"page-{n}.jsonl").write_text(json.dumps(record) + "\n")


def test_diff_says_why_a_document_whose_file_did_not_change_changed(tmp_path):
    """A second page ends with the first one's line: the site learns it, and the first page,
    its file untouched, loses that line to the learned furniture."""
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    seeds.mkdir()
    _site_page(seeds, 0, FOLLOW)
    _site_page(seeds, 1, "Read the print edition every morning at home.")
    assert _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)).exit_code == 0
    _site_page(seeds, 2, FOLLOW)
    assert _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)).exit_code == 0
    result = _invoke("diff", "v0001", "v0002", "--cleaned", str(cleaned))
    assert "changed (1)" in result.output, result.output
    changed = result.output.split("changed (1)")[1].strip().splitlines()
    assert "page-0.jsonl" in changed[0]
    assert changed[1] == (
        "      why: its file is the same; text; language; names; "
        "removed by site_furniture: 0 -> 1 spans"
    )


def test_diff_describes_added_and_removed_documents_from_their_own_version(tmp_path):
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    assert _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)).exit_code == 0
    (seeds / "000_2cc8f0044b39433a.txt").rename(seeds / "000_moved.txt")
    assert _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)).exit_code == 0
    result = _invoke("diff", "v0001", "v0002", "--cleaned", str(cleaned))
    title = "External pressure grows on Kazakhstani elections"
    added = result.output.split("added (1)")[1].split("removed")[0]
    removed = result.output.split("removed (1)")[1].split("changed")[0]
    assert f"000_moved.txt  {title}" in added
    assert f"000_2cc8f0044b39433a.txt  {title}" in removed


def test_show_prints_the_document_and_its_removals(corpus):
    _, cleaned = corpus
    doc_id = _doc_id(cleaned, "001_9ab1999b316cd6ca.txt")
    result = _invoke("show", doc_id[:8], "--cleaned", str(cleaned), "--version", "v0001")
    assert result.exit_code == 0
    assert "Kazakhstan is expecting a rapid tilt" in result.output
    assert "Ainur Kurmanov" in result.output
    removed = result.output.split("removed (")[1]
    assert "header line moved to metadata field views" in removed
    assert "Views: 2562" in removed
    assert "If you find an error" in removed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff", "v0001", "v0009"), "no version v0009"),
        (("show", "abc", "--version", "v12x"), "not a version name"),
        (("show", "ffffffffffff"), "no document 'ffffffffffff'"),
    ],
)
def test_unknown_versions_and_documents_fail_clearly(corpus, args, message):
    _, cleaned = corpus
    result = _invoke(*args, "--cleaned", str(cleaned))
    assert result.exit_code == 1
    assert message in result.output


def test_a_corrupt_version_fails_clearly(tmp_path, corpus):
    _, cleaned = corpus
    copy = tmp_path / "cleaned"
    shutil.copytree(cleaned, copy)
    with (copy / "v0001" / "removed" / "part-00000.jsonl").open("a") as handle:
        handle.write("{}\n")
    result = _invoke("diff", "v0001", "v0002", "--cleaned", str(copy))
    assert result.exit_code == 1
    assert "v0001 is corrupt: removed/part-00000.jsonl does not match its manifest" in (
        result.output
    )


def test_missing_seeds_folder(tmp_path):
    result = _invoke("ingest", "--seeds", str(tmp_path / "nope"), "--cleaned", str(tmp_path / "c"))
    assert result.exit_code == 1
    assert f"seeds folder {tmp_path / 'nope'} does not exist" in result.output


def test_unwritable_cleaned_folder(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cleaned folder should be")
    result = _invoke("ingest", "--seeds", str(SEEDS), "--cleaned", str(blocker / "cleaned"))
    assert result.exit_code == 1
    assert f"cannot write to cleaned folder {blocker / 'cleaned'}" in result.output


def test_a_second_run_at_once_is_told_and_changes_nothing(tmp_path):
    cleaned = tmp_path / "cleaned"
    claim_corpus(cleaned)  # as a run does before it locks
    with corpus_lock(cleaned):
        result = _invoke("ingest", "--seeds", str(SEEDS), "--cleaned", str(cleaned))
    assert result.exit_code == 3
    assert "being written by another newsclean run" in result.output
    assert not any(p.name.startswith("v") for p in cleaned.iterdir())


def test_serve_refuses_an_unknown_time_zone():
    result = _invoke("serve", "--timezone", "Mars/Olympus_Mons")
    assert result.exit_code == 1
    assert "unknown time zone 'Mars/Olympus_Mons'" in result.output


def test_show_of_a_dropped_duplicate_names_its_file_step_rule_and_original(tmp_path):
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    shutil.copytree(SEEDS, seeds)
    shutil.copy(seeds / "000_2cc8f0044b39433a.txt", seeds / "copy_of_000.txt")
    assert _invoke("ingest", "--seeds", str(seeds), "--cleaned", str(cleaned)).exit_code == 0
    version = cleaned / "v0001"
    # every document read, kept or dropped, traces to the one file that gave it
    files = {i: row["path"] for row in shard_rows(version, "inputs") for i in row["document_ids"]}
    kept = {row["id"] for row in shard_rows(version)}
    assert kept < set(files) and len(files) == sum(
        row["documents"] for row in shard_rows(version, "inputs")
    )
    (dropped,) = set(files) - kept
    (original,) = {i for i, path in files.items() if "000" in path} - {dropped}
    result = _invoke("show", dropped[:10], "--cleaned", str(cleaned))
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert f"file: {files[dropped]}" in text
    assert "dropped by: step duplicates, rule exact-document" in text
    assert f"duplicate of: {original}" in text


def _served(monkeypatch, api_url: str | None, *args: str) -> str:
    """What `serve` prints once serving, with the runner's start reduced to its announcement."""
    from prefect.settings import PREFECT_API_URL, temporary_settings
    from rich.console import Console

    async def announce_only(runner) -> None:
        Console().print(runner.announcement, soft_wrap=True)

    monkeypatch.setattr("newsclean.serving._Runner.start", announce_only)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    with temporary_settings(updates={PREFECT_API_URL: api_url}):
        result = _invoke("serve", *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_serve_without_an_api_says_what_works_instead_of_a_command_that_cannot_reach_it(
    monkeypatch, tmp_path
):
    output = _served(monkeypatch, None, "--seeds", "in", "--cleaned", str(tmp_path / "out"))
    assert "prefect deployment run" not in output
    assert "temporary server" in output
    assert f"newsclean ingest --seeds {Path('in').absolute()} --cleaned {tmp_path / 'out'}" in (
        " ".join(output.split())
    )
    assert "PREFECT_API_URL=http://127.0.0.1:4200/api" in output


def test_serve_with_an_api_says_how_to_run_the_deployment_now(monkeypatch):
    from prefect.settings import get_current_settings

    output = _served(monkeypatch, get_current_settings().api.url)  # the session's server
    assert "Run it now with: prefect deployment run 'ingest/nightly'" in output
    assert "temporary server" not in output


def test_a_locked_folder_is_one_line_without_a_traceback(tmp_path):
    cleaned = tmp_path / "cleaned"
    claim_corpus(cleaned)  # as a run does before it locks
    with corpus_lock(cleaned):
        run = subprocess.run(
            [BIN / "newsclean", "ingest", "--seeds", SEEDS, "--cleaned", cleaned],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert run.returncode == 3
    assert run.stdout == ""
    assert run.stderr.startswith(f"error: {cleaned} is being written by another newsclean run")
    assert run.stderr.count("\n") == 1, run.stderr


def test_sigterm_stops_a_run_and_everything_it_started(tmp_path):
    """SIGTERM ends a run with exit code 143 and no version, and leaves no process behind:
    not the worker processes, not Prefect's embedded server."""
    seeds, cleaned = tmp_path / "seeds", tmp_path / "cleaned"
    for n in range(60):  # enough work to be stopped halfway
        shutil.copytree(SEEDS, seeds / f"{n:02d}")
    log = tmp_path / "log.txt"
    with log.open("w") as out:
        run = subprocess.Popen(
            [BIN / "newsclean", "ingest", "--workers", "2", "--seeds", seeds, "--cleaned", cleaned],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while "Beginning flow run" not in log.read_text() and time.monotonic() < deadline:
            assert run.poll() is None, log.read_text()
            time.sleep(0.2)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=120) == 143, log.read_text()
    assert "stopped by SIGTERM: no version written" in log.read_text()
    assert not (cleaned / "LATEST").exists()
    assert processes_left(run.pid) == []


def test_sigterm_caught_and_replaced_on_its_way_still_stops_the_run():
    """Prefect turns SIGTERM into TerminationSignal raised wherever the flow is. Where it
    lands in pydantic (serialising Prefect's settings as a task is submitted), pydantic
    raises its own error instead, and Prefect gets that error back without the signal:
    the run must still end as stopped, not as failed."""
    from prefect.exceptions import TerminationSignal

    from newsclean.cli import Terminated, _stopped_by_sigterm

    def like_prefect(signum: int, frame: object) -> None:
        raise TerminationSignal(signum)

    with pytest.raises(Terminated), _stopped_by_sigterm():
        previous = signal.signal(signal.SIGTERM, like_prefect)
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except TerminationSignal:
            # raised apart from the signal, as Prefect raises a failed run's error
            replaced = ValueError("Error calling function `_ser_model`")
        finally:
            signal.signal(signal.SIGTERM, previous)
        raise replaced
    with pytest.raises(ValueError, match="no signal"), _stopped_by_sigterm():
        raise ValueError("no signal")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[furniture]\nmark_only = "false"\n',
            '[furniture] mark_only = "false" must be true or false',
        ),
        ("batch_size = -5\n", "batch_size = -5 must be a whole number ≥ 1 and ≤ 1000000000 or"),
        ("[furniture\n", "not a TOML file"),
    ],
)
def test_a_bad_settings_file_stops_the_command_before_anything_runs(tmp_path, toml, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml)
    cleaned = tmp_path / "cleaned"
    result = _invoke(
        "ingest", "--seeds", str(SEEDS), "--cleaned", str(cleaned), "--settings", str(path)
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"error: settings file {path}: ")
    assert message in result.output and result.output.count("\n") == 1
    assert "Traceback" not in result.output and not cleaned.exists()
