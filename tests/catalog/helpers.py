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


def compile_to(folder: Path, out: Path) -> Path:
    """Compile the catalog ``folder`` into the contract file ``out`` (as `catalog build` does)."""
    from rivya_contract.rivya import build

    out.write_bytes(build.build(folder))
    return out


def edit_model(folder: Path, model_id: str, edit) -> None:  # type: ignore[no-untyped-def]
    path = folder / "models" / f"{model_id}.yaml"
    tree = read_yaml(path)
    edit(tree)
    write_yaml(path, tree)


NEW_MODEL = {
    "id": "rivya-image-2",
    "name": "Rivya Image 2",
    "kind": "image",
    "status": "available",
    "description": "Second-generation Rivya image model with sharper typography.",
    "prompt_required": True,
    "credits": {"unit": "output", "amount": 6},
    "lifecycle": {"deprecated_at": None, "sunset_at": None, "replaced_by": None},
    "params": [
        {
            "name": "aspect_ratio",
            "type": "string",
            "required": False,
            "description": "Output aspect ratio, width:height.",
            "default": "1:1",
            "enum": ["1:1", "16:9", "9:16"],
        },
        {
            "name": "num_outputs",
            "type": "integer",
            "required": False,
            "description": "Number of outputs to generate in this task (1-4). Credits are reserved per output.",
            "default": 1,
            "minimum": 1,
            "maximum": 4,
        },
    ],
    "example": {"prompt": "A street sign that reads 'RIVYA 2'", "params": {"aspect_ratio": "16:9"}},
}


def run(*args: str) -> tuple[int, str, str]:
    """``rivya-contract ARGS`` in this process (click's runner): exit code, stdout, stderr."""
    from click.testing import CliRunner

    from rivya_contract.cli import main

    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr
