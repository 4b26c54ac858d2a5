"""Every output format on the same findings: text, markdown, json, github, junit, sarif."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from rivya_contract.findings import Finding
from rivya_contract.report import FORMATS, ReportContext, render, summary


def findings() -> list[Finding]:
    return [
        Finding(
            rule="operation-removed-without-deprecation",
            level="breaking",
            message="operation GET /a removed without prior deprecation",
            pointer="/paths/~1a/get",
            line=None,
            operation="GET /a",
            source="rev.json",
            base_pointer="/paths/~1a/get",
        ),
        Finding(
            rule="response-property-enum-value-added",
            level="breaking",
            message="x, y: 100%",
            pointer="/components/schemas/S/enum",
            line=12,
            column=7,
            operation="GET /b",
            source="rev.json",
            base_pointer="/components/schemas/S/enum",
            revision_pointer="/components/schemas/S/enum",
            migration="m-1",
        ),
        Finding(
            rule="path-added",
            level="compatible",
            message="path /c added",
            pointer="/paths/~1c",
            line=30,
            source="rev.json",
            revision_pointer="/paths/~1c",
        ),
        Finding(rule="openapi-spec", level="error", message="bad | thing", pointer="/info", line=2, source="rev.json"),
    ]


CTX = ReportContext(title="diff base.json → rev.json", source="rev.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic_and_names_every_rule(fmt: str) -> None:
    first = render(findings(), fmt, CTX)
    assert first == render(list(reversed(findings())), fmt, CTX)
    for f in findings():
        assert f.rule in first


def test_json_shape() -> None:
    data = json.loads(render(findings(), "json", CTX))
    assert data["schema_version"] == 1
    assert data["summary"] == {"breaking": 1, "warning": 0, "compatible": 1, "error": 1, "migrated": 1}
    assert [c["rule"] for c in data["changes"]][:2] == ["openapi-spec", "operation-removed-without-deprecation"]
    migrated = next(c for c in data["changes"] if c["migration"])
    assert migrated == {
        "rule": "response-property-enum-value-added",
        "level": "breaking",
        "operation": "GET /b",
        "operations": ["GET /b"],
        "base_line": None,
        "base_pointer": "/components/schemas/S/enum",
        "revision_pointer": "/components/schemas/S/enum",
        "line": 12,
        "message": "x, y: 100%",
        "migration": "m-1",
        "verdict": "migrated (m-1)",
    }


def test_github_annotations_escape_and_locate() -> None:
    lines = render(findings(), "github", CTX).splitlines()
    assert lines[0] == "::error file=rev.json,line=2,title=openapi-spec::bad | thing"
    assert (
        "::notice file=rev.json,line=12,col=7,title=response-property-enum-value-added::migrated (m-1): GET /b: x, y: 100%25"
        in lines
    )
    assert any(line.startswith("::notice file=rev.json,line=30,") for line in lines)


def test_junit_failures_are_unmigrated_breaking_and_errors() -> None:
    root = ET.fromstring(render(findings(), "junit", CTX).split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None and suite.get("tests") == "4" and suite.get("failures") == "2"
    failed = [
        case.find("failure").get("type")
        for case in suite.iter("testcase")  # type: ignore[union-attr]
        if case.find("failure") is not None
    ]
    assert sorted(failed) == ["openapi-spec", "operation-removed-without-deprecation"]


def test_sarif_structure() -> None:
    log = json.loads(render(findings(), "sarif", CTX))
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "rivya-contract"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(set(ids))
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note", "none")
        assert result["message"]["text"]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "rev.json"
        if "region" in physical:
            assert physical["region"]["startLine"] >= 1
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["response-property-enum-value-added"] == "note"  # migrated
    assert levels["operation-removed-without-deprecation"] == "error"


def test_text_groups_by_operation_without_colour_off_terminal() -> None:
    text = render(findings(), "text", CTX)
    assert "\x1b[" not in text
    assert text.index("GET /a") < text.index("GET /b") < text.index("(document)")
    assert "migrated (m-1)" in text and "breaking (migration" not in text
    assert "\x1b[" in render(findings(), "text", ReportContext(color=True))


def test_markdown_tables_escape_pipes() -> None:
    text = render(findings(), "markdown", CTX)
    assert "#### Breaking changes" in text and "bad \\| thing" in text
    assert summary([]) == {"breaking": 0, "warning": 0, "compatible": 0}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_migrated_break_reads_migrated_in_every_format(fmt: str) -> None:
    """Issue 14: a break a migration covers reads "migrated (id)", never "breaking"."""
    text = render(findings(), fmt, CTX)
    assert "migrated" in text and "m-1" in text, fmt
    migrated_lines = [line for line in text.splitlines() if "x, y" in line or "m-1" in line]
    assert migrated_lines, fmt
    for line in migrated_lines:
        assert "breaking" not in line.lower() or fmt in ("json", "sarif"), (fmt, line)
    if fmt == "json":
        data = json.loads(text)
        [change] = [c for c in data["changes"] if c["migration"]]
        assert change["verdict"] == "migrated (m-1)"
        assert data["summary"] == {"breaking": 1, "warning": 0, "compatible": 1, "error": 1, "migrated": 1}


def test_changelog_lists_a_migrated_break_as_migrated() -> None:
    from rivya_contract.load import document_from_bytes
    from rivya_contract.report import changelog

    doc = document_from_bytes(b'{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}', "t.json")
    text = changelog.render(findings(), doc, doc, "2026-06-01")
    assert "- **Migrated** (`m-1`): `GET /b`: x, y: 100%." in text
    assert "- **Breaking**: `GET /a`" in text
