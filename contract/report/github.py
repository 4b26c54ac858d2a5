"""GitHub workflow commands: one ``::error``/``::warning``/``::notice`` per finding."""

from __future__ import annotations

from rivya_contract.findings import Finding, Level
from rivya_contract.report import ReportContext, verdict
from rivya_contract.report import where as report_where

_COMMAND = {Level.BREAKING: "error", Level.ERROR: "error", Level.WARNING: "warning"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(findings: list[Finding], context: ReportContext) -> str:
    lines = []
    for f in findings:
        command = "notice" if f.migration else _COMMAND.get(f.level, "notice")
        props = []
        source = f.source or context.source
        if source:
            props.append(f"file={_escape_property(source)}")
        if f.line:
            props.append(f"line={f.line}")
        if f.column:
            props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f.rule)}")
        where = f"{report_where(f)}: " if report_where(f) else ""
        if f.migration:
            where = f"{verdict(f)}: {where}"
        text = where + f.message
        if isinstance(f.args.get("curl"), str):
            text += "\nreproduce: " + f.args["curl"]  # property-test findings replay
        lines.append(f"::{command} {','.join(props)}::{_escape_data(text)}")
    return "".join(line + "\n" for line in lines)
