"""SARIF 2.1.0: one run, the rules that fired as ``tool.driver.rules``, one result per
finding with a physical location (file and region) and its JSON pointer."""

from __future__ import annotations

import json
from typing import Any

from rivya_contract import rules
from rivya_contract.findings import Finding, Level
from rivya_contract.report import ReportContext, verdict, where

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Level.BREAKING: "error", Level.ERROR: "error", Level.WARNING: "warning", Level.COMPATIBLE: "note"}


def render(findings: list[Finding], context: ReportContext) -> str:
    registry = rules.registry()
    fired = sorted({f.rule for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(fired)}
    driver_rules = []
    for rule_id in fired:
        rule = registry.get(rule_id)
        entry: dict[str, Any] = {"id": rule_id}
        if rule is not None:
            entry["shortDescription"] = {"text": rule.description}
            entry["defaultConfiguration"] = {"level": _LEVEL.get(rule.level, "note")}
            entry["properties"] = {"area": rule.area, "direction": rule.direction}
        driver_rules.append(entry)
    results = [_result(f, index[f.rule], context) for f in findings]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "rivya-contract",
                        "version": context.tool_version,
                        "informationUri": "https://rivya.ai/docs/api",
                        "rules": driver_rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _result(f: Finding, rule_index: int, context: ReportContext) -> dict[str, Any]:
    level = "note" if f.migration else _LEVEL.get(f.level, "note")
    location: dict[str, Any] = {}
    source = f.source or context.source
    if source:
        physical: dict[str, Any] = {"artifactLocation": {"uri": source}}
        if f.line:
            region: dict[str, Any] = {"startLine": f.line}
            if f.column:
                region["startColumn"] = f.column
            physical["region"] = region
        location["physicalLocation"] = physical
    location["logicalLocations"] = [{"fullyQualifiedName": f.pointer or "/", "kind": "member"}]
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level,
        "message": {
            "text": (f"{verdict(f)}: " if f.migration else "") + (f"{where(f)}: " if where(f) else "") + f.message
        },
        "locations": [location],
        "properties": {
            "level": f.level,
            "verdict": verdict(f),
            "basePointer": f.base_pointer,
            "revisionPointer": f.revision_pointer,
            "migration": f.migration,
        },
    }
    return result
