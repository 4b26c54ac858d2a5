"""JSON for machines, with a versioned shape:

{"schema_version": 1,
 "changes": [{"rule", "level", "operation", "base_pointer", "revision_pointer",
              "line", "message", "migration", "verdict"}],
 "summary": {"breaking", "warning", "compatible", ["migrated"]}}

``verdict`` is the level as shown: ``migrated (id)`` for a breaking change a migration
covers (its ``level`` stays ``breaking``); ``summary`` counts those as ``migrated``.
"""

from __future__ import annotations

import json

from rivya_contract.findings import Finding
from rivya_contract.report import ReportContext, summary, verdict

SCHEMA_VERSION = 1


def change(finding: Finding) -> dict[str, object]:
    revision_pointer = finding.revision_pointer
    if revision_pointer is None and finding.base_pointer is None:
        revision_pointer = finding.pointer  # a validation finding: one document
    return {
        "rule": finding.rule,
        "level": finding.level,
        "operation": finding.operation,
        "operations": finding.operations or ([finding.operation] if finding.operation else []),
        "base_pointer": finding.base_pointer,
        "revision_pointer": revision_pointer,
        "line": finding.line,
        "base_line": finding.base_line,
        "message": finding.message,
        "migration": finding.migration,
        "verdict": verdict(finding),
    }


def render(findings: list[Finding], context: ReportContext) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "changes": [change(f) for f in findings],
        "summary": summary(findings),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
