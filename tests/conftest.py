from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Flow runs in tests use Prefect's embedded server with a database of their own, never the
# user's ~/.prefect.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsclean-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest

from newsclean.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Development data lives beside the project, never inside it.
DEV_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session", autouse=True)
def prefect_backend():
    """One temporary Prefect server for the session, stopped while pytest still owns the
    output streams."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
