"""JUnit XML: one test case per finding; breaking changes and errors are failures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rivya_contract.findings import Finding, Level
from rivya_contract.report import ReportContext, verdict, where

_FAILING = {Level.BREAKING, Level.ERROR}


def render(findings: list[Finding], context: ReportContext) -> str:
    failures = [f for f in findings if f.level in _FAILING and not f.migration]
    suites = ET.Element("testsuites", name="rivya-contract")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=context.title,
        tests=str(len(findings) or 1),
        failures=str(len(failures)),
        errors="0",
        skipped="0",
    )
    if not findings:
        ET.SubElement(suite, "testcase", classname="rivya-contract", name="no changes")
    for f in findings:
        case = ET.SubElement(suite, "testcase", classname=where(f) or "document", name=f"{f.rule}: {f.message}")
        detail = f"{f.pointer} (line {f.line})" if f.line else f.pointer
        if isinstance(f.args.get("curl"), str):
            detail += "\nreproduce: " + f.args["curl"]  # property-test findings replay
        if f in failures:
            failure = ET.SubElement(case, "failure", type=f.rule, message=f.message)
            failure.text = detail
        else:
            ET.SubElement(case, "system-out").text = f"{verdict(f)}: {detail}"
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
