"""The contract diff: two Documents in, classified Findings out.

``compare(base, revision)`` runs every rule family of the profile over one shared
:class:`~contract.diff.context.Comparison` and returns one finding per logical change
per operation: a schema change inside a component used by several operations is
reported once for each operation it reaches (same pointers, same rule), never once per
route inside the same operation.
"""

from __future__ import annotations

import importlib
from datetime import date

from rivya_contract.diff.context import Comparison
from rivya_contract.document import Document
from rivya_contract.findings import Finding
from rivya_contract.profiles import NAMES, Profile, resolve

STRICT_FAMILIES = (
    "rivya_contract.diff.checks.info",
    "rivya_contract.diff.checks.endpoints",
    "rivya_contract.diff.checks.security",
    "rivya_contract.diff.checks.parameters",
    "rivya_contract.diff.checks.request_body",
    "rivya_contract.diff.checks.responses",
    "rivya_contract.diff.checks.webhooks",
    "rivya_contract.diff.checks.stability",
    "rivya_contract.diff.checks.sunset",
)
RIVYA_FAMILIES = (*STRICT_FAMILIES, "rivya_contract.diff.checks.catalog")
PROFILES = NAMES


def compare(
    base: Document,
    revision: Document,
    *,
    profile: str = "rivya",
    today: date | None = None,
    min_sunset_days: tuple[int, int] = (0, 0),
) -> list[Finding]:
    """``min_sunset_days``: (beta, stable) days a new sunset must lie ahead (oasdiff's
    --deprecation-days-beta/-stable; 0, 0 by default as there)."""
    chosen = resolve(profile, revision)  # ValueError on an unknown name
    cmp = Comparison(base, revision, today=today, min_sunset_days=min_sunset_days)
    families = RIVYA_FAMILIES if chosen is Profile.RIVYA else STRICT_FAMILIES
    findings: list[Finding] = []
    for name in families:
        findings.extend(importlib.import_module(name).check(cmp))
    return deduplicate(findings)


def deduplicate(findings: list[Finding]) -> list[Finding]:
    """One finding per logical change: the same change reached twice in one operation
    (two media types, two status codes sharing a schema) is kept once, and a catalog
    finding replaces the generic oneOf-variant finding for the same model."""
    models = {str(f.args.get("model")) for f in findings if f.rule.startswith("model-")}
    seen: set[tuple[str, str | None, str | None, str | None, str]] = set()
    out: list[Finding] = []
    for finding in findings:
        if (
            models
            and "one-of-variant-" in finding.rule
            and str(finding.args.get("variant")) in models
            and (finding.base_pointer or "").startswith("/components/schemas/GenerationRequest")
        ):
            continue
        key = (finding.rule, finding.operation, finding.base_pointer, finding.revision_pointer, _args_key(finding))
        if key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return sorted(out, key=Finding.sort_key)


def _args_key(finding: Finding) -> str:
    """The change's own arguments: not where it was reached from (path, subject)."""
    return repr(sorted((k, repr(v)) for k, v in finding.args.items() if k not in ("path", "subject")))
