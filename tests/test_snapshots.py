"""snapshot list|show|accept: canonical bytes, atomic, refusing what fails the policy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rivya_contract import canonical
from rivya_contract.cli import main
from rivya_contract.load import BUNDLED_CONTRACT
from rivya_contract.snapshots import all_snapshots, latest

pytestmark = pytest.mark.skipif(not BUNDLED_CONTRACT.is_file(), reason="bundled contract missing")


@pytest.fixture(autouse=True)
def _no_project_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def accept(root: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["snapshot", "accept", *args, "--snapshots", str(root)])


def bundled() -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())
    return tree


def test_accept_writes_canonical_snapshot_then_lists_and_shows_it(tmp_path: Path) -> None:
    root = tmp_path / "snaps"
    result = accept(root, "--date", "2026-05-11")
    assert result.exit_code == 0, result.output
    target = root / "rivya" / "v1" / "2026-05-11.json"
    assert target.read_bytes() == canonical.dumps(bundled())
    assert [p.name for p in target.parent.iterdir()] == ["2026-05-11.json"]  # no temp file left
    listed = CliRunner().invoke(main, ["snapshot", "list", "--snapshots", str(root), "--format", "json"])
    assert json.loads(listed.output)[0] == {"api": "rivya", "major": "v1", "date": "2026-05-11", "path": str(target)}
    shown = CliRunner().invoke(main, ["snapshot", "show", "rivya", "v1", "--snapshots", str(root)])
    assert shown.output.encode() == target.read_bytes()


def test_accept_refuses_unmigrated_breaking_change(tmp_path: Path) -> None:
    root = tmp_path / "snaps"
    assert accept(root, "--date", "2026-05-11").exit_code == 0
    tree = bundled()
    first = next(iter(tree["paths"]))
    del tree["paths"][first]
    revision = tmp_path / "rev.json"
    revision.write_text(json.dumps(tree), encoding="utf-8")
    result = accept(root, str(revision), "--date", "2026-06-01")
    assert result.exit_code == 1
    assert "path-removed-without-deprecation" in result.output
    assert not (root / "rivya" / "v1" / "2026-06-01.json").exists()
    assert latest(root, "rivya", "v1") is not None and latest(root, "rivya", "v1").date == "2026-05-11"  # type: ignore[union-attr]


def test_accept_refuses_invalid_document(tmp_path: Path) -> None:
    tree = bundled()
    tree["paths"]["/api/v1/models"]["get"]["responses"]["2XX0"] = {"description": "not a status code"}
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(tree), encoding="utf-8")
    result = accept(tmp_path / "snaps", str(source), "--date", "2026-06-01")
    assert result.exit_code == 1
    assert all_snapshots(tmp_path / "snaps") == []


def test_accept_unreadable_input_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text("{", encoding="utf-8")
    result = accept(tmp_path / "snaps", str(source))
    assert result.exit_code == 2 and "bad.json" in result.output
    result = accept(tmp_path / "snaps", "--date", "not-a-date")
    assert result.exit_code == 2 and "not-a-date" in result.output
    assert not (tmp_path / "snaps").exists()


def test_latest_picks_newest_of_the_same_major(tmp_path: Path) -> None:
    for rel in (
        "rivya/v1/2026-05-11.json",
        "rivya/v1/2026-07-01.json",
        "rivya/v2/2027-01-01.json",
        "rivya/v1/notes.txt",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}", encoding="utf-8")
    found = latest(tmp_path, "rivya", "v1")
    assert found is not None and found.date == "2026-07-01"
    assert len(all_snapshots(tmp_path)) == 3
