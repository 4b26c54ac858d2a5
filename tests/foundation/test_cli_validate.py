"""The validate command's contract with its users: formats and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from rivya_contract.cli import main


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_valid_generic_document_exits_0(write, minimal):
    result = run("validate", str(write("a.json", minimal)))
    assert result.exit_code == 0
    assert "valid (0 error(s)" in result.output


def test_every_error_is_reported_with_pointer_and_line(write, minimal):
    minimal["paths"]["/pets/{id}"]["get"]["responses"] = {"2xx": {"description": "bad code"}}
    minimal["paths"]["/pets/{id}"]["get"]["parameters"][0]["in"] = "body"
    path = write("bad.json", minimal)
    result = run("validate", str(path), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["valid"] is False
    pointers = {f["pointer"] for f in report["findings"]}
    assert "/paths/~1pets~1{id}/get/responses" in pointers
    assert any(p.startswith("/paths/~1pets~1{id}/get/parameters/0") for p in pointers)
    assert all(f["line"] for f in report["findings"])


def test_text_format_names_file_line_and_rule(write, minimal):
    minimal["paths"]["/pets/{id}"]["get"]["responses"] = {"2xx": {"description": "bad code"}}
    path = write("bad.json", minimal)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "[openapi-spec]" in result.output
    assert "invalid (2 error(s)" in result.output  # the bad code, and the now empty 2xx set


def test_unreadable_input_exits_2_without_traceback(tmp_path):
    for args in (["validate", str(tmp_path / "missing.json")], ["validate", "--format", "xml"]):
        result = subprocess.run([sys.executable, "-m", "rivya_contract", *args], capture_output=True, text=True)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr


def test_bad_json_reports_line_and_column(write):
    path = write("broken.json", '{\n  "openapi": "3.1.0",\n  "info": }\n')
    result = subprocess.run(
        [sys.executable, "-m", "rivya_contract", "validate", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert f"{path}:3:" in result.stderr and "invalid JSON" in result.stderr


def test_unknown_validator_engine_is_bad_usage_not_a_traceback():
    env = {**os.environ, "RIVYA_CONTRACT_VALIDATOR": "bogus"}
    result = subprocess.run(
        [sys.executable, "-m", "rivya_contract", "validate"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "RIVYA_CONTRACT_VALIDATOR" in result.stderr and "'bogus'" in result.stderr
