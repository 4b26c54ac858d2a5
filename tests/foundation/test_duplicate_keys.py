"""--duplicate-keys: an error by default; last-wins loads real documents that have one,
with a warning naming each key and line, on validate, diff and check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rivya_contract.cli import main
from rivya_contract.errors import SourceError
from rivya_contract.load import BUNDLED_CONTRACT, load
from rivya_contract.parse import DuplicateKeys, parse
from tests.corpus import corpus_path

DOUBLED_JSON = b"""{
  "openapi": "3.1.0",
  "info": {"title": "Doubled", "version": "1.0.0", "title": "Doubled again"},
  "paths": {
    "/a": {"get": {"responses": {"200": {"description": "first"}}}},
    "/a": {"get": {"responses": {"204": {"description": "second"}}}}
  }
}
"""

DOUBLED_YAML = b"""openapi: 3.1.0
info:
  title: Doubled
  version: 1.0.0
  title: Doubled again
paths:
  /a:
    get:
      responses:
        '200': {description: first}
  /a:
    get:
      responses:
        '204': {description: second}
"""


@pytest.mark.parametrize(("raw", "hint"), [(DOUBLED_JSON, "json"), (DOUBLED_YAML, "yaml")])
def test_error_by_default_last_wins_on_request(raw: bytes, hint: str) -> None:
    with pytest.raises(SourceError, match="duplicate key 'title'") as caught:
        parse(raw, "doc", hint=hint)
    assert caught.value.line == (3 if hint == "json" else 5)
    parsed = parse(raw, "doc", hint=hint, duplicate_keys=DuplicateKeys.LAST_WINS)
    assert parsed.tree["info"]["title"] == "Doubled again"
    assert list(parsed.tree["paths"]["/a"]["get"]["responses"]) == ["204"]
    found = [(d.key, d.line) for d in parsed.duplicates]
    assert found == ([("title", 3), ("/a", 6)] if hint == "json" else [("title", 5), ("/a", 11)])
    if hint == "json":
        assert [d.pointer for d in parsed.duplicates] == ["/info/title", "/paths/~1a"]


@pytest.mark.parametrize("command", ["validate", "diff", "check"])
def test_each_command_takes_the_option(tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    tree = json.loads(BUNDLED_CONTRACT.read_bytes())
    text = json.dumps(tree, indent=1).replace('"info": {', '"info": {\n "x-owner": "a", "x-owner": "b",', 1)
    doubled = tmp_path / "doubled.json"
    doubled.write_text(text, encoding="utf-8")
    snaps = tmp_path / "snaps" / "rivya" / "v1"
    snaps.mkdir(parents=True)
    (snaps / "2026-05-11.json").write_bytes(BUNDLED_CONTRACT.read_bytes())
    args = {
        "validate": ["validate", str(doubled)],
        "diff": ["diff", str(BUNDLED_CONTRACT), str(doubled)],
        "check": ["check", str(doubled), "--snapshots", str(tmp_path / "snaps")],
    }[command]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 2 and "duplicate key 'x-owner'" in refused.output
    accepted = CliRunner().invoke(main, [*args, "--duplicate-keys", "last-wins"])
    assert accepted.exit_code == 0, accepted.output
    assert (
        f"warning: {doubled}:4:18 (at /info/x-owner)" in accepted.output
        and "duplicate key 'x-owner'; the last value wins" in accepted.output
    )


@pytest.mark.corpus
@pytest.mark.slow
def test_github_17_to_23_runs_with_last_wins() -> None:
    old, new = corpus_path("github/octokit-openapi-17.0.0.json"), corpus_path("github/octokit-openapi-23.0.1.json")
    with pytest.raises(SourceError, match="duplicate key"):
        load(old)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rivya_contract",
            "diff",
            str(old),
            str(new),
            "--duplicate-keys",
            "last-wins",
            "--format",
            "json",
            "--profile",
            "strict",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings and all("duplicate key" in line for line in warnings)
    assert any("/paths/~1user~1{account_id}" in line for line in warnings)
    report = json.loads(result.stdout)
    assert report["changes"], "a two-year gap with no change found"
