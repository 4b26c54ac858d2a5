"""schemathesis (from PyPI, default checks and phases, bounded examples) against a real
`rivya-contract mock` process on 127.0.0.1: any failure fails the test.

There is no list of tolerated failures. Each rule that used to refuse a schema-valid
request is now stated in the contract's schema (the cursor form, a non-empty upload, the
models a file can be meant for), answered with a status that says what happened (404 for
a referenced file the account does not have, 409 for the webhook endpoint quota), or
checked where it applies (a file's kind against its media type and the model, when the
file is used); the demo account's credits are ample (docs/mock.md).
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from rivya_contract.mock import DEMO_KEY

BIN = Path(sys.executable).parent


@pytest.fixture
def mock_process() -> Iterator[str]:
    command = [str(BIN / "rivya-contract"), "mock", "--port", "0", "--seed", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
        assert found, f"rivya-contract mock printed {line!r}"
        yield found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _failures(junit: Path) -> list[tuple[str, str, int | None, str | None, str]]:
    """(operation, check, status, error code, text) of every failure in a junit report."""
    found = []
    for case in ET.parse(junit).iter("testcase"):
        for failure in case:
            text = failure.text or ""
            for block in re.split(r"\n(?=\d+\. Test Case ID)", text):
                checks = re.findall(r"^- (ST\d+)", block, re.MULTILINE)
                status = re.search(r"^\[(\d{3})\]", block, re.MULTILINE)
                code = re.search(r'"code": "([a-z_]+)"', block)
                for check in checks or ["?"]:
                    found.append(
                        (
                            str(case.get("name")),
                            check,
                            int(status.group(1)) if status and check != "ST108" else None,
                            code.group(1) if code and check != "ST108" else None,
                            block,
                        )
                    )
    return found


@pytest.mark.slow
def test_schemathesis_finds_nothing(mock_process: str, tmp_path: Path) -> None:
    junit = tmp_path / "schemathesis.xml"
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{mock_process}/api/v1/openapi.json",
        "-H",
        f"Authorization: Bearer {DEMO_KEY}",
        "--max-examples",
        "3",  # the coverage phase (boundaries of every operation, ~2,900 cases) costs the most
        "--seed",
        "1",
        "--report",
        "junit",
        "--report-junit-path",
        str(junit),
        "--no-color",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert junit.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    assert "19 selected / 19 total" in run.stdout and re.search(r"Tested: 19\b", run.stdout), run.stdout[-3000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):  # schemathesis' default phases, each run
        assert f"✅ {phase}" in run.stdout, run.stdout[-3000:]
    failures = [f"{op} {check} {status} {code}:\n{text[:1500]}" for op, check, status, code, text in _failures(junit)]
    assert not failures, "\n\n".join(failures)
    assert run.returncode == 0 and "No issues found" in run.stdout, run.stdout[-3000:]
