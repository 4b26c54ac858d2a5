"""Validate a contract: the OpenAPI specification first, then Rivya's contract rules.

Every error is reported, not just the first, each as a Finding with its JSON pointer
and its line and column in the source.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from rivya_contract.document import Document
from rivya_contract.findings import Finding

# The rule families, in the order they run. The spec family always runs; the others
# judge Rivya's own contract rules and run under the "rivya" profile.
SPEC_FAMILIES = ("rivya_contract.validate.spec",)
RIVYA_FAMILIES = (
    "rivya_contract.validate.boundary",
    "rivya_contract.validate.operations",
    "rivya_contract.validate.catalog",
    "rivya_contract.validate.surface",
    "rivya_contract.validate.examples",
)
PROFILES = ("auto", "rivya", "generic")


def is_rivya(doc: Document) -> bool:
    """Rivya's own rules apply to Rivya's contract (by title or its extensions)."""
    tree = doc.tree
    return doc.title.lower().startswith("rivya") or "x-rivya-migrations" in tree


def validate(doc: Document, *, profile: str = "auto") -> list[Finding]:
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    families: Iterable[str] = SPEC_FAMILIES
    if profile == "rivya" or (profile == "auto" and is_rivya(doc)):
        families = (*SPEC_FAMILIES, *RIVYA_FAMILIES)
    findings: list[Finding] = []
    for name in families:
        module = importlib.import_module(name)
        findings.extend(module.check(doc))
    return sorted(findings, key=_order)


def _order(finding: Finding) -> tuple[int, int, str, str]:
    return (finding.line or 0, finding.column or 0, finding.pointer, finding.rule)


def is_valid(findings: Iterable[Finding]) -> bool:
    return not any(f.level == "error" for f in findings)
