"""schemathesis (from PyPI, default checks, bounded examples) against a real
`rivya-contract mock` process on 127.0.0.1.

Every failure schemathesis reports must be one of ``DOCUMENTED`` below: each names the
operation, the check, the status and the error code, and says why it is not a mock
bug. Anything else (a response that breaks its schema, an undocumented status, a
missing header, a 5xx, an invalid request accepted, a valid one refused for a reason
the contract does not document) fails the test.
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
LISTS = (
    "GET /api/v1/chat/sessions",
    "GET /api/v1/webhooks",
    "GET /api/v1/webhook-events",
    "GET /api/v1/webhooks/{endpointId}/deliveries",
)
CHAT = ("POST /api/v1/chat/completions", "POST /api/v1/chat/completions/stream")

# (operation, check, HTTP status, error code) -> why it is not the mock's fault.
DOCUMENTED: dict[tuple[str, str, int | None, str | None], str] = {}
for _op in LISTS:
    DOCUMENTED[(_op, "ST202", 400, "invalid_parameter")] = (
        "a random `after` is a cursor the mock never issued: the contract documents 400 invalid_parameter "
        "for it (schemathesis cannot know a cursor is opaque; its own example cursor is accepted)"
    )
for _op in CHAT:
    DOCUMENTED[(_op, "ST202", 422, "file_not_usable")] = (
        "a random attachment file_id names no file of the account: documented 422 file_not_usable"
    )
    DOCUMENTED[(_op, "ST202", 402, "insufficient_credits")] = "credits run out: documented 402"
DOCUMENTED[("POST /api/v1/generations", "ST202", 422, "file_not_usable")] = (
    "a random referenceMediaItems url is no file the Files API returned: documented 422 file_not_usable"
)
DOCUMENTED[("POST /api/v1/generations", "ST202", 402, "insufficient_credits")] = "credits run out: documented 402"
DOCUMENTED[("POST /api/v1/files", "ST202", 415, "unsupported_media_type")] = (
    "the part's media type is not one of its `kind`'s (image/png with kind audio): documented 415; "
    "the encoding lists every kind's types for the one part"
)
DOCUMENTED[("POST /api/v1/files", "ST202", 422, "invalid_file")] = "an empty or undecodable file: documented 422"
DOCUMENTED[("POST /api/v1/files", "ST202", 422, "file_not_usable")] = (
    "the file's kind is not one the named `model` accepts: documented 422 file_not_usable"
)
DOCUMENTED[("POST /api/v1/webhooks", "ST202", 400, "invalid_request")] = (
    "the account's webhook endpoint limit is reached (x-rivya-limits max_webhook_endpoints)"
)


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
def test_schemathesis_finds_nothing_the_contract_does_not_document(mock_process: str, tmp_path: Path) -> None:
    junit = tmp_path / "schemathesis.xml"
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{mock_process}/api/v1/openapi.json",
        "-H",
        f"Authorization: Bearer {DEMO_KEY}",
        "--max-examples",
        "5",
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
    assert "19 selected / 19 total" in run.stdout  # every operation was tested
    unexplained = [
        f"{op} {check} {status} {code}:\n{text[:1500]}"
        for op, check, status, code, text in _failures(junit)
        if (op, check, status, code) not in DOCUMENTED
    ]
    assert not unexplained, "\n\n".join(unexplained)
