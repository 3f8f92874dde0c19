"""newsclean: clean, deduplicated, versioned news corpora."""

from importlib.metadata import version

__version__ = version("newsclean")
