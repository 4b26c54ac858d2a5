"""Rivya's policy end to end through the installed console script (``rivya-contract
check`` and ``diff`` in a subprocess, as CI runs them).

Stability is judged from the base: a stable operation marked ``x-stability-level: beta``
in the same revision that breaks it does not exempt itself; one that was already beta in
the base may change. And the false passes issue 14 names exit 1, not 0."""

from __future__ import annotations

import copy
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


def _drop_model_param(tree: dict[str, Any]) -> None:
    del tree["components"]["schemas"]["ModelParams.rivya-image-1"]["properties"]["num_outputs"]


def _drop_response_field(tree: dict[str, Any]) -> None:
    del tree["components"]["schemas"]["ModelCredits"]["properties"]["amount"]


def _drop_error_code(tree: dict[str, Any]) -> None:
    tree["components"]["schemas"]["ErrorCode"]["enum"].remove("unknown_parameter")


def _drop_deprecated_model(tree: dict[str, Any]) -> None:
    catalog = tree["components"]["schemas"]["GenerationRequest"]
    ref = catalog["discriminator"]["mapping"].pop("rivya-image-0")
    catalog["oneOf"] = [v for v in catalog["oneOf"] if v["$ref"] != ref]
    del tree["components"]["schemas"]["GenerationRequest.rivya-image-0"]


FALSE_PASSES = [
    ("optional model parameter removed", _drop_model_param, "request-property-property-removed-optional"),
    ("optional response field removed", _drop_response_field, "response-property-property-removed-optional"),
    ("error code removed", _drop_error_code, "response-property-enum-value-removed"),
    ("deprecated model removed before sunset_at", _drop_deprecated_model, "model-removed-before-sunset"),
]


@pytest.mark.parametrize(("what", "change", "rule_id"), FALSE_PASSES, ids=[f[0] for f in FALSE_PASSES])
def test_issue_14_false_passes_now_fail_the_diff(tmp_path: Path, what: str, change: Any, rule_id: str) -> None:
    from click.testing import CliRunner

    from rivya_contract.cli import main

    base = contract()
    sunset = base["components"]["schemas"]["GenerationRequest.rivya-image-0"]["x-rivya-model"]["sunset_at"]
    revision = copy.deepcopy(base)
    change(revision)
    args = ["diff", write(tmp_path, "base.json", base), write(tmp_path, "rev.json", revision), "--format", "json"]
    result = CliRunner().invoke(main, [*args, "--date", "2026-06-01"])
    assert result.exit_code == 1, (what, result.output)
    assert changes(result.output)[rule_id]["level"] == "breaking"
    if rule_id == "model-removed-before-sunset":  # after its sunset_at: compatible
        result = CliRunner().invoke(main, [*args, "--date", sunset])
        assert result.exit_code == 0, result.output
        assert changes(result.output)["model-removed-after-deprecation"]["level"] == "compatible"
