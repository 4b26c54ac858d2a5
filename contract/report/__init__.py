"""Reports: one module per output format, all generic over Finding.

Every format module has ``render(findings, context) -> str``; validation findings
(error/warning) and diff findings (breaking/warning/compatible) share them.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rivya_contract.findings import DIFF_LEVELS, Finding
from rivya_contract.version import package_version

FORMATS = ("text", "markdown", "json", "github", "junit", "sarif")
_MODULES = {
    "text": "rivya_contract.report.text",
    "markdown": "rivya_contract.report.markdown",
    "json": "rivya_contract.report.machine",
    "github": "rivya_contract.report.github",
    "junit": "rivya_contract.report.junit",
    "sarif": "rivya_contract.report.sarif",
}


@dataclass(frozen=True)
class ReportContext:
    title: str = "rivya-contract"  # what was checked, e.g. "diff a.json → b.json"
    source: str | None = None  # the file annotations point to (the revision)
    color: bool = False
    tool_version: str = field(default_factory=lambda: package_version())


def render(findings: Iterable[Finding], fmt: str, context: ReportContext | None = None) -> str:
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}")
    module = importlib.import_module(_MODULES[fmt])
    ordered = sorted(findings, key=Finding.sort_key)
    text: str = module.render(ordered, context or ReportContext())
    return text


MIGRATED = "migrated"


def summary(findings: Iterable[Finding]) -> dict[str, int]:
    """Counts per verdict: the three diff levels always, ``migrated`` (breaking changes a
    migration covers, not counted as breaking) when there are any, validation levels when
    present."""
    counts = Counter(MIGRATED if f.migration else f.level for f in findings)
    out: dict[str, int] = {level: counts.pop(level, 0) for level in DIFF_LEVELS}
    out.update(sorted(counts.items()))
    return out


def where(finding: Finding, *, limit: int = 5) -> str:
    """Where a change is: its operation, or for a change inside a shared component the
    component and the operations it reaches; "" for a document-level finding."""
    if finding.operation:
        return finding.operation
    if not finding.operations:
        return ""
    pointer = finding.revision_pointer or finding.base_pointer or ""
    component = "/".join(pointer.split("/")[:4]) or pointer
    shown = ", ".join(finding.operations[:limit])
    more = f", … {len(finding.operations) - limit} more" if len(finding.operations) > limit else ""
    return f"{component} (used by {len(finding.operations)}: {shown}{more})"


def group_by_operation(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by operation; a change inside a shared component under the component."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(where(finding) or "(document)", []).append(finding)
    return sorted(groups.items(), key=lambda item: (item[0] == "(document)", item[0].startswith("/"), item[0]))


def verdict(finding: Finding) -> str:
    """The level as shown: a breaking change a migration covers reads ``migrated (id)``."""
    if finding.migration:
        return f"{MIGRATED} ({finding.migration})"
    return str(finding.level)
