"""The installed distribution's version: one source, pyproject.toml, read through its metadata."""

from __future__ import annotations

from functools import cache
from importlib import metadata

DISTRIBUTION = "rivya-contract"


@cache
def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"
