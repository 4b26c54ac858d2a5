"""Shared helpers for the catalog tests: a temporary copy of the catalog data, the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from rivya_contract.rivya import data

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "snapshots" / "rivya" / "v1" / "2026-05-11.json"
DOCS = REPO / "docs" / "contract.md"


def copy_catalog(tmp: Path) -> Path:
    folder = tmp / "catalog"
    shutil.copytree(data.CATALOG_DIR, folder)
    return folder


def read_yaml(path: Path) -> dict:  # type: ignore[type-arg]
    tree = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(tree, dict)
    return tree


def write_yaml(path: Path, tree: object) -> None:
    path.write_text(yaml.safe_dump(tree, sort_keys=False, allow_unicode=True), encoding="utf-8")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``rivya-contract ARGS`` as a user runs it (a child process)."""
    return subprocess.run(
        [sys.executable, "-m", "rivya_contract", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=120,
    )
