"""Markdown for a pull-request comment: a summary line, then one table per level."""

from __future__ import annotations

from rivya_contract.findings import Finding, Level
from rivya_contract.report import MIGRATED, ReportContext, summary, where

_HEADINGS = {
    Level.ERROR: "Errors",
    Level.BREAKING: "Breaking changes",
    MIGRATED: "Migrated changes",
    Level.WARNING: "Warnings",
    Level.COMPATIBLE: "Compatible changes",
}


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(findings: list[Finding], context: ReportContext) -> str:
    counts = summary(findings)
    out = [f"### {cell(context.title)}", "", " · ".join(f"**{n}** {level}" for level, n in counts.items()), ""]
    if not findings:
        out.append("No changes found.")
    for level, heading in _HEADINGS.items():
        group = [f for f in findings if (MIGRATED if f.migration else f.level) == level]
        if not group:
            continue
        out += [f"#### {heading}", "", "| Operation | Change | Rule | Line |", "|---|---|---|---|"]
        for f in group:
            change = cell(f.message) + (f" — {MIGRATED} (`{f.migration}`)" if f.migration else "")
            out.append(f"| {cell(where(f))} | {change} | `{f.rule}` | {f.line or ''} |")
        out.append("")
    replays = [f for f in findings if isinstance(f.args.get("curl"), str)]
    if replays:  # property-test findings: how to replay each
        out += ["#### Reproductions", ""]
        for f in replays:
            out += [f"`{f.rule}` {cell(f.operation or '')}:", "", "```sh", f.args["curl"], "```", ""]
    return "\n".join(out).rstrip("\n") + "\n"
