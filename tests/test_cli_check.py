"""Rivya's version policy end to end through the CLI, on mutated copies of the bundled
contract (``diff``, ``check``, ``changelog``), with exit codes 0 / 1 / 2."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rivya_contract.cli import main
from rivya_contract.load import BUNDLED_CONTRACT

pytestmark = pytest.mark.skipif(not BUNDLED_CONTRACT.is_file(), reason="bundled contract missing")


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml here: built-in defaults


def bundled() -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())
    return tree


def write(tmp: Path, name: str, tree: dict[str, Any]) -> str:
    path = tmp / name
    path.write_text(json.dumps(tree, indent=2), encoding="utf-8")
    return str(path)


def schemas(tree: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = tree["components"]["schemas"]
    return result


def available_model(tree: dict[str, Any]) -> str:
    return next(
        k.split(".", 1)[1]
        for k, v in schemas(tree).items()
        if k.startswith("GenerationRequest.") and v["x-rivya-model"]["status"] == "available"
    )


def remove_model(tree: dict[str, Any], model: str) -> None:
    catalog = schemas(tree)["GenerationRequest"]
    ref = catalog["discriminator"]["mapping"].pop(model)
    catalog["oneOf"] = [v for v in catalog["oneOf"] if v["$ref"] != ref]
    del schemas(tree)[f"GenerationRequest.{model}"]


def add_model(tree: dict[str, Any], model: str) -> None:
    source = available_model(tree)
    variant = copy.deepcopy(schemas(tree)[f"GenerationRequest.{source}"])
    variant["properties"]["model"] = {"const": model}
    ref = f"#/components/schemas/GenerationRequest.{model}"
    schemas(tree)[f"GenerationRequest.{model}"] = variant
    schemas(tree)["GenerationRequest"]["oneOf"].append({"$ref": ref})
    schemas(tree)["GenerationRequest"]["discriminator"]["mapping"][model] = ref


def add_param(tree: dict[str, Any], required: bool) -> None:
    params = schemas(tree)[f"ModelParams.{available_model(tree)}"]
    params.setdefault("properties", {})["brand_new_knob"] = {"type": "integer", "minimum": 0}
    if required:
        params.setdefault("required", []).append("brand_new_knob")


def run_diff(tmp: Path, revision: dict[str, Any], *args: str) -> Any:
    base = write(tmp, "base.json", bundled())
    rev = write(tmp, "revision.json", revision)
    return CliRunner().invoke(main, ["diff", base, rev, "--format", "json", *args])


def mutated(change: Any) -> dict[str, Any]:
    tree = bundled()
    change(tree)
    return tree


def migration(tree: dict[str, Any], model: str) -> None:
    tree["x-rivya-migrations"] = [
        {
            "id": "retire-model",
            "date": "2026-06-01",
            "summary": f"{model} is retired",
            "guide": "https://rivya.ai/docs/api/models",
            "covers": [{"rule": "model-removed", "model": model}],
        }
    ]


SCENARIOS = [
    ("model added", lambda t: add_model(t, "rivya-image-9"), 0, "model-added"),
    ("model removed without deprecation", lambda t: remove_model(t, available_model(t)), 1, "model-removed"),
    (
        "model removed with migration",
        lambda t: (migration(t, available_model(t)), remove_model(t, available_model(t))),
        0,
        "model-removed",
    ),
    (
        "new error code",
        lambda t: schemas(t)["ErrorCode"]["enum"].append("brand_new_code"),
        0,
        "response-property-extensible-enum-value-added",
    ),
    ("optional model parameter", lambda t: add_param(t, required=False), 0, "request-property-property-added-optional"),
    ("required model parameter", lambda t: add_param(t, required=True), 1, "request-property-property-added-required"),
]


@pytest.mark.parametrize(("name", "change", "exit_code", "rule_id"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_rivya_policy(tmp_path: Path, name: str, change: Any, exit_code: int, rule_id: str) -> None:
    result = run_diff(tmp_path, mutated(change))
    assert result.exit_code == exit_code, result.output
    report = json.loads(result.output)
    assert report["schema_version"] == 1
    assert rule_id in {c["rule"] for c in report["changes"]}
    for change_entry in report["changes"]:
        assert set(change_entry) == {
            "rule",
            "level",
            "operation",
            "operations",
            "base_line",
            "base_pointer",
            "revision_pointer",
            "line",
            "message",
            "migration",
            "verdict",
        } | ({"operations"} if "operations" in change_entry else set())


def test_migration_is_named_on_the_covered_change(tmp_path: Path) -> None:
    def change(t: dict[str, Any]) -> None:
        model = available_model(t)
        migration(t, model)
        remove_model(t, model)

    report = json.loads(run_diff(tmp_path, mutated(change)).output)
    [removed] = [c for c in report["changes"] if c["rule"] == "model-removed"]
    assert removed["migration"] == "retire-model" and removed["level"] == "breaking"


def test_strict_profile_has_no_rivya_exemptions(tmp_path: Path) -> None:
    result = run_diff(
        tmp_path,
        mutated(lambda t: schemas(t)["ErrorCode"]["enum"].append("x_code")),
        "--profile",
        "strict",
        "--fail-on",
        "warning",
    )
    assert result.exit_code == 1


def test_fail_on_never(tmp_path: Path) -> None:
    result = run_diff(tmp_path, mutated(lambda t: remove_model(t, available_model(t))), "--fail-on", "never")
    assert result.exit_code == 0


def test_unreadable_input_exits_2_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(BUNDLED_CONTRACT), str(tmp_path / "broken.json")])
    assert result.exit_code == 2
    assert "broken.json" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["diff", str(BUNDLED_CONTRACT), str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_check_against_snapshot_folder(tmp_path: Path) -> None:
    snaps = tmp_path / "snaps" / "rivya" / "v1"
    snaps.mkdir(parents=True)
    (snaps / "2026-05-11.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    result = CliRunner().invoke(main, ["check", "--snapshots", str(tmp_path / "snaps")])
    assert result.exit_code == 0, result.output
    assert "against rivya/v1/2026-05-11" in result.output
    revision = write(tmp_path, "rev.json", mutated(lambda t: remove_model(t, available_model(t))))
    result = CliRunner().invoke(main, ["check", revision, "--snapshots", str(tmp_path / "snaps"), "--format", "github"])
    assert result.exit_code == 1
    assert result.output.startswith("::error file=") and "model-removed" in result.output


def test_check_without_snapshot_fails_closed(tmp_path: Path) -> None:
    # A missing folder (a typo, a CI checkout without it) is bad input, never a pass.
    result = CliRunner().invoke(main, ["check", "--snapshots", str(tmp_path / "none")])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output and "snapshot accept" in result.output
    # So is a folder that holds other lineages only: it says which, and what to do.
    other = tmp_path / "snaps" / "acme" / "v1"
    other.mkdir(parents=True)
    (other / "2026-01-01.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    result = CliRunner().invoke(main, ["check", "--snapshots", str(tmp_path / "snaps")])
    assert result.exit_code == 2, result.output
    assert "no snapshot of rivya/v1" in result.output and "acme/v1" in result.output
    # Pointing --api at the lineage that exists compares against it.
    result = CliRunner().invoke(main, ["check", "--snapshots", str(tmp_path / "snaps"), "--api", "acme"])
    assert result.exit_code == 0, result.output
    assert "against acme/v1/2026-01-01" in result.output


def test_check_writes_extra_reports(tmp_path: Path) -> None:
    snaps = tmp_path / "snaps" / "rivya" / "v1"
    snaps.mkdir(parents=True)
    (snaps / "2026-05-11.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    revision = write(tmp_path, "rev.json", mutated(lambda t: remove_model(t, available_model(t))))
    sarif, summary = tmp_path / "out" / "check.sarif", tmp_path / "summary.md"
    args = ["check", revision, "--snapshots", str(tmp_path / "snaps")]
    result = CliRunner().invoke(
        main, [*args, "--report-file", f"sarif={sarif}", "--report-file", f"markdown={summary}"]
    )
    assert result.exit_code == 1, result.output
    assert "model-removed" in {r["ruleId"] for r in json.loads(sarif.read_text())["runs"][0]["results"]}
    assert "model-removed" in summary.read_text()
    bad = CliRunner().invoke(main, [*args, "--report-file", "pdf=x.pdf"])
    assert bad.exit_code == 2 and "FORMAT=PATH" in bad.output


def test_check_takes_several_sources(tmp_path: Path) -> None:
    snaps = tmp_path / "snaps" / "rivya" / "v1"
    snaps.mkdir(parents=True)
    (snaps / "2026-05-11.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    good = write(tmp_path, "good.json", bundled())
    broken = write(tmp_path, "broken.json", mutated(lambda t: remove_model(t, available_model(t))))
    result = CliRunner().invoke(main, ["check", good, broken, "--snapshots", str(tmp_path / "snaps")])
    assert result.exit_code == 1, result.output
    assert f"check {good} against" in result.output and f"check {broken} against" in result.output
    result = CliRunner().invoke(main, ["check", good, good, "--snapshots", str(tmp_path / "snaps"), "--format", "json"])
    assert result.exit_code == 2 and "one SOURCE per run" in result.output


def test_config_severity_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rivya-contract]\nprofile = "rivya"\n[tool.rivya-contract.severity]\nmodel-removed = "warning"\n',
        encoding="utf-8",
    )
    result = run_diff(tmp_path, mutated(lambda t: remove_model(t, available_model(t))))
    assert result.exit_code == 0
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rivya-contract.severity]\nno-such-rule = "warning"\n', encoding="utf-8"
    )
    result = run_diff(tmp_path, bundled())
    assert result.exit_code == 2 and "no-such-rule" in result.output


def test_changelog_entry(tmp_path: Path) -> None:
    def change(t: dict[str, Any]) -> None:
        add_model(t, "rivya-image-9")
        schemas(t)["ErrorCode"]["enum"].append("brand_new_code")

    base = write(tmp_path, "base.json", bundled())
    rev = write(tmp_path, "rev.json", mutated(change))
    result = CliRunner().invoke(main, ["changelog", base, rev, "--date", "2026-06-01"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("## 2026-06-01\n")
    assert "### Model catalog" in text and "'rivya-image-9' added" in text
    assert "### Endpoint surface" in text and "POST   /api/v1/generations" in text
    assert "All changes are backward compatible." in text
