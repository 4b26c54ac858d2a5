"""The gate as the API team meets it: the installed `rivya-contract` console script, the
pre-commit hook as pre-commit runs it, the GitHub Action's script, and the snapshot store
under concurrent writers. Each fails closed."""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from rivya_contract.load import BUNDLED_CONTRACT

ROOT = Path(__file__).resolve().parent.parent
CLI = Path(sys.executable).parent / "rivya-contract"

pytestmark = pytest.mark.skipif(not CLI.is_file(), reason="the console script is not installed")


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})}
    )


def contract_without_a_model() -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())
    variants = tree["components"]["schemas"]["GenerationRequest"]["oneOf"]
    removed = variants.pop()["$ref"].rsplit("/", 1)[-1]
    mapping = tree["components"]["schemas"]["GenerationRequest"]["discriminator"]["mapping"]
    for key in [k for k, v in mapping.items() if v.endswith("/" + removed)]:
        del mapping[key]
    return tree


def repo_with_snapshot(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "snapshots" / "rivya" / "v1").mkdir(parents=True)
    (repo / "snapshots" / "rivya" / "v1" / "2026-05-11.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    (repo / "api").mkdir()
    (repo / "api" / "openapi.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    return repo


def test_missing_snapshot_folder_fails_closed(tmp_path: Path) -> None:
    result = run("check", str(BUNDLED_CONTRACT), "--snapshots", "snapshot", cwd=tmp_path)  # a typo'd folder
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "does not exist" in result.stderr and "rivya-contract snapshot accept" in result.stderr
    assert result.stdout == ""  # no report that could be read as a pass


def test_pre_commit_hook_checks_the_files_it_matched(tmp_path: Path) -> None:
    repo = repo_with_snapshot(tmp_path)
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    hook = hooks["rivya-contract-check"]
    assert hook["pass_filenames"] is True
    changed = ["api/openapi.json", "snapshots/rivya/v1/2026-05-11.json", "README.md"]
    matched = [name for name in changed if re.search(hook["files"], name)]
    assert matched == ["api/openapi.json"]

    def commit_hook() -> subprocess.CompletedProcess[str]:  # what pre-commit runs: entry + args + files
        entry = shlex.split(hook["entry"])
        assert entry[0] == "rivya-contract"
        return run(*entry[1:], *hook.get("args", []), *matched, cwd=repo)

    passed = commit_hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "check api/openapi.json against rivya/v1/2026-05-11" in passed.stdout
    (repo / "api" / "openapi.json").write_text(json.dumps(contract_without_a_model()), encoding="utf-8")
    failed = commit_hook()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "model-removed" in failed.stdout and "api/openapi.json" in failed.stdout


def action_step(name: str) -> dict[str, Any]:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    steps = [s for s in action["runs"]["steps"] if s.get("name") == name]
    assert len(steps) == 1
    step: dict[str, Any] = steps[0]
    return step


def test_action_passes_inputs_through_env_only() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"expression spliced into the script of {step.get('name')}"
    upload = action_step("Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")


def action_env(repo: Path, tmp_path: Path, source: str) -> dict[str, str]:
    return {
        "SOURCE": source,
        "SNAPSHOTS": "snapshots",
        "PROFILE": "rivya",
        "FAIL_ON": "breaking",
        "FORMAT": "github",
        "SARIF": "out.sarif",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "PATH": f"{CLI.parent}{os.pathsep}{os.environ['PATH']}",
    }


def test_action_check_step_reports_sarif_summary_and_exit_code(tmp_path: Path) -> None:
    repo = repo_with_snapshot(tmp_path)
    (repo / "api" / "openapi.json").write_text(json.dumps(contract_without_a_model()), encoding="utf-8")
    script = action_step("Check the contract")["run"]
    env = {**os.environ, **action_env(repo, tmp_path, "api/openapi.json")}
    result = subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("::error file=")
    assert "exit-code=1" in (tmp_path / "output.txt").read_text()
    assert "model-removed" in (tmp_path / "summary.md").read_text()
    sarif = json.loads((repo / "out.sarif").read_text())
    assert any(r["ruleId"] == "model-removed" for r in sarif["runs"][0]["results"])
    # A hostile input value stays one argument: nothing runs, the source is just not found.
    env = {**os.environ, **action_env(repo, tmp_path, 'x"; touch pwned; echo "')}
    result = subprocess.run(
        ["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and not (repo / "pwned").exists()


def accept(root: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run("snapshot", "accept", *args, "--snapshots", str(root), cwd=cwd)


def test_snapshot_store_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "snaps"
    first = accept(root, "--date", "2026-05-11", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    target = root / "rivya" / "v1" / "2026-05-11.json"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    original = target.read_bytes()
    # Never replaced without --replace; never back in time; never outside the folder.
    again = accept(root, "--date", "2026-05-11", cwd=tmp_path)
    assert again.returncode == 2 and "--replace" in again.stderr
    older = accept(root, "--date", "2026-05-01", cwd=tmp_path)
    assert older.returncode == 2 and "older than the latest snapshot" in older.stderr
    for api in ("../escape", "a/b", ".", "..", "/abs"):
        escaped = accept(root, "--api", api, "--date", "2026-06-01", cwd=tmp_path)
        assert escaped.returncode == 2, (api, escaped.stderr)
    for day in ("../../x", "2026-06-01/../..", "20260601"):
        escaped = accept(root, "--date", day, cwd=tmp_path)
        assert escaped.returncode == 2 and "not a date" in escaped.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "snaps/rivya/v1/2026-05-11.json"
    ]
    assert target.read_bytes() == original
    replaced = accept(root, "--date", "2026-05-11", "--replace", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stderr


def test_concurrent_accepts_cannot_both_succeed(tmp_path: Path) -> None:
    root = tmp_path / "snaps"
    assert accept(root, "--date", "2026-05-11", cwd=tmp_path).returncode == 0
    command = [str(CLI), "snapshot", "accept", "--snapshots", str(root), "--date", "2026-06-01"]
    racers = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    codes = sorted(p.wait(timeout=120) for p in racers)
    for p in racers:
        assert p.stderr is not None and "Traceback" not in p.stderr.read()
        p.stdout and p.stdout.close()
        p.stderr and p.stderr.close()
    assert codes == [0, 2, 2, 2]
    assert sorted(p.name for p in (root / "rivya" / "v1").iterdir()) == ["2026-05-11.json", "2026-06-01.json"]
