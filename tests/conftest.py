from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Flow runs in tests use Prefect's embedded server with a database of their own, never the
# user's ~/.prefect.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsclean-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest  # noqa: E402

from newsclean.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Development data lives beside the project, never inside it.
DEV_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS
