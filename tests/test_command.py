"""The `newsclean` console command keeps its exit status through its fast exit; it and the
flow's script answer --version and --help."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from newsclean.command import _exit_status
from tests.conftest import BIN, ROOT


def _newsclean(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "newsclean", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_a_failing_command_exits_with_its_status_and_its_message(tmp_path):
    run = _newsclean("versions", "--cleaned", "nowhere", cwd=tmp_path)
    assert run.returncode == 1
    assert "nowhere holds no version" in run.stderr


def test_usage_errors_keep_their_status(tmp_path):
    run = _newsclean("ingest", "--workers", "0", cwd=tmp_path)
    assert run.returncode == 2
    assert "--workers" in run.stderr


@pytest.mark.parametrize(
    ("code", "status"), [(None, 0), (0, 0), (3, 3), (143, 143), ("a message", 1)]
)
def test_exit_status_is_that_of_sys_exit(code, status):
    assert _exit_status(code) == status


def test_the_flow_script_prints_help_and_runs_nothing(tmp_path):
    run = subprocess.run(
        [sys.executable, ROOT / "flows" / "ingest.py", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage: python flows/ingest.py [-h] [seeds] [cleaned]")
    assert list(tmp_path.iterdir()) == []  # no flow ran: no cleaned folder


def test_version_prints_the_installed_version():
    run = subprocess.run(
        [BIN / "newsclean", "--version"], capture_output=True, text=True, timeout=120, check=False
    )
    assert (run.returncode, run.stdout) == (0, f"newsclean {version('newsclean')}\n")
