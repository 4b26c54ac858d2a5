"""Plain text for people: grouped by operation, colour only on a terminal."""

from __future__ import annotations

import click

from rivya_contract.findings import Finding, Level
from rivya_contract.report import ReportContext, group_by_operation, summary, verdict

_COLOURS = {Level.BREAKING: "red", Level.ERROR: "red", Level.WARNING: "yellow", Level.COMPATIBLE: "green"}


def render(findings: list[Finding], context: ReportContext) -> str:
    lines = [context.title]
    for operation, group in group_by_operation(findings):
        lines.append(click.style(operation, bold=True) if context.color else operation)
        for finding in group:
            level = verdict(finding)
            if context.color:
                level = click.style(level, fg=_COLOURS.get(finding.level))
            where = f" (line {finding.line})" if finding.line else ""
            lines.append(f"  {level}: {finding.message} [{finding.rule}]{where}")
    counts = summary(findings)
    lines.append(", ".join(f"{n} {level}" for level, n in counts.items()))
    return "\n".join(lines) + "\n"
