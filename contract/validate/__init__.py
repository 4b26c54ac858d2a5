"""Validate a contract: the OpenAPI specification first, then Rivya's contract rules.

Every error is reported, not just the first, each as a Finding with its JSON pointer
and its line and column in the source.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.profiles import NAMES, Profile, resolve
from rivya_contract.rivya import detect

# The rule families, in the order they run. The spec family always runs; the others
# judge Rivya's own contract rules and run under the "rivya" profile.
SPEC_FAMILIES = (
    "rivya_contract.validate.spec",
    "rivya_contract.validate.refs",
    "rivya_contract.validate.loops",
    "rivya_contract.validate.patterns",
)
RIVYA_FAMILIES = (
    "rivya_contract.validate.boundary",
    "rivya_contract.validate.operations",
    "rivya_contract.validate.catalog",
    "rivya_contract.validate.surface",
    "rivya_contract.validate.examples",
)
PROFILES = NAMES
__all__ = ["PROFILES", "detect", "is_valid", "validate"]


def validate(doc: Document, *, profile: str = "auto") -> list[Finding]:
    families: Iterable[str] = SPEC_FAMILIES
    if resolve(profile, doc) is Profile.RIVYA:
        families = (*SPEC_FAMILIES, *RIVYA_FAMILIES)
    findings: list[Finding] = []
    for name in families:
        module = importlib.import_module(name)
        findings.extend(module.check(doc))
    return sorted(findings, key=_order)


def _order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.line or 0, finding.column or 0, finding.pointer, finding.rule)


def is_valid(findings: Iterable[Finding]) -> bool:
    return not any(f.level == Level.ERROR for f in findings)
