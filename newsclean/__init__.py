"""newsclean: clean, deduplicated, versioned news corpora."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

__version__ = version("newsclean")


def __getattr__(name: str) -> Any:
    # `newsclean.open_version` imports pyarrow.dataset only when it is asked for: every
    # worker process imports this package
    if name == "open_version":
        from newsclean.dataset import open_version

        return open_version
    raise AttributeError(f"module 'newsclean' has no attribute {name!r}")
