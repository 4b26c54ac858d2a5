"""Stability is judged from the base, end to end through the installed console script
(``rivya-contract check`` and ``diff`` in a subprocess, as CI runs them): a stable
operation marked ``x-stability-level: beta`` in the same revision that breaks it does not
exempt itself; one that was already beta in the base may change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.load import BUNDLED_CONTRACT

pytestmark = pytest.mark.skipif(not BUNDLED_CONTRACT.is_file(), reason="bundled contract missing")
CLI = Path(sys.executable).parent / "rivya-contract"
PATH = "/api/v1/files/{fileId}"
REQUIRED_QUERY = {"name": "brand_new_filter", "in": "query", "required": True, "schema": {"type": "string"}}


def contract(*, beta: bool = False, broken: bool = False) -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())
    op = tree["paths"][PATH]["get"]
    assert "x-stability-level" not in op  # stable in the bundled contract
    if beta:
        op["x-stability-level"] = "beta"
    if broken:
        op.setdefault("parameters", []).append(REQUIRED_QUERY)
    return tree


def cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RIVYA")}
    return subprocess.run([str(CLI), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def snapshot_of(tmp: Path, tree: dict[str, Any]) -> Path:
    folder = tmp / "snapshots" / "rivya" / "v1"
    folder.mkdir(parents=True)
    (folder / "2026-05-11.json").write_text(json.dumps(tree), encoding="utf-8")
    return tmp / "snapshots"


def write(tmp: Path, name: str, tree: dict[str, Any]) -> str:
    path = tmp / name
    path.write_text(json.dumps(tree, indent=2), encoding="utf-8")
    return str(path)


def changes(output: str) -> dict[str, dict[str, Any]]:
    return {c["rule"]: c for c in json.loads(output)["changes"]}


def test_a_stable_operation_turned_beta_in_the_breaking_revision_does_not_exempt_itself(tmp_path: Path) -> None:
    snapshots = snapshot_of(tmp_path, contract())
    revision = write(tmp_path, "openapi.json", contract(beta=True, broken=True))
    result = cli(tmp_path, "check", revision, "--snapshots", str(snapshots), "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    found = changes(result.stdout)
    assert found["request-parameter-added-required"]["level"] == "breaking"
    assert found["operation-stability-decreased"]["level"] == "breaking"  # lowering it is itself breaking
    result = cli(tmp_path, "diff", write(tmp_path, "base.json", contract()), revision, "--format", "json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert changes(result.stdout)["request-parameter-added-required"]["level"] == "breaking"


def test_lowering_stability_alone_fails_the_check(tmp_path: Path) -> None:
    snapshots = snapshot_of(tmp_path, contract())
    revision = write(tmp_path, "openapi.json", contract(beta=True))
    result = cli(tmp_path, "check", revision, "--snapshots", str(snapshots), "--format", "text")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "breaking: stability level lowered from stable to beta [operation-stability-decreased]" in result.stdout


def test_an_operation_already_beta_in_the_base_may_change(tmp_path: Path) -> None:
    snapshots = snapshot_of(tmp_path, contract(beta=True))
    revision = write(tmp_path, "openapi.json", contract(beta=True, broken=True))
    result = cli(tmp_path, "check", revision, "--snapshots", str(snapshots), "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    found = changes(result.stdout)["request-parameter-added-required"]
    assert found["level"] == "compatible"
    # strict: oasdiff's default threshold judges beta operations too
    result = cli(tmp_path, "diff", write(tmp_path, "base.json", contract(beta=True)), revision, "--profile", "strict")
    assert result.returncode == 1, result.stdout + result.stderr
