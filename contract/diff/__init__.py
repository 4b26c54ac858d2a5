"""The contract diff: two Documents in, classified Findings out.

``compare(base, revision)`` runs every rule family of the profile over one shared
:class:`~contract.diff.context.Comparison` and returns one finding per logical change: a
change inside a component used by several operations is one finding at the changed node,
with every operation (and webhook) it reaches in ``Finding.operations``.
"""

from __future__ import annotations

import importlib
from datetime import date

from rivya_contract.diff.context import Comparison
from rivya_contract.document import Document
from rivya_contract.findings import Finding
from rivya_contract.profiles import NAMES, Profile, resolve
from rivya_contract.rules import RULE_MODULES

# The check modules, in the registry's order (contract/rules.py lists each module once);
# Rivya's profile adds the catalog checks.
_CATALOG = "rivya_contract.diff.checks.catalog"
RIVYA_FAMILIES = tuple(m for m in RULE_MODULES if m.startswith("rivya_contract.diff.checks."))
STRICT_FAMILIES = tuple(m for m in RIVYA_FAMILIES if m != _CATALOG)
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
    return deduplicate(findings, cmp)


def deduplicate(findings: list[Finding], cmp: Comparison | None = None) -> list[Finding]:
    """One finding per logical change.

    The same change reached twice in one operation (two media types, two status codes
    sharing a schema) is kept once; a change inside a component (both pointers under
    ``/components/``) reached from several operations is one finding listing them all in
    ``operations``; a catalog finding replaces the generic oneOf-variant finding for the
    same model and names the operations that reach the catalog."""
    models = {str(f.args.get("model")) for f in findings if f.rule.startswith("model-")}
    groups: dict[tuple[str, ...], Finding] = {}
    out: list[Finding] = []
    for finding in findings:
        if (
            models
            and "one-of-variant-" in finding.rule
            and str(finding.args.get("variant")) in models
            and (finding.base_pointer or "").startswith("/components/schemas/GenerationRequest")
        ):
            continue
        shared = _in_components(finding)
        operation = "" if shared else (finding.operation or "")
        key = (finding.rule, operation, finding.base_pointer or "", finding.revision_pointer or "", _args_key(finding))
        kept = groups.get(key)
        if kept is None:
            groups[key] = finding
            out.append(finding)
        elif finding.operation is not None and finding.operation not in kept.operations:
            kept.operations.append(finding.operation)
    for finding in out:
        if not finding.operations and cmp is not None and _in_components(finding):
            finding.operations = cmp.operations_reaching(finding.revision_pointer or finding.base_pointer or "")
        finding.operations = sorted(set(finding.operations))
        if len(finding.operations) > 1:
            finding.operation = None
            finding.args.pop("operation", None)
        elif finding.operations and finding.operation is None:
            finding.operation = finding.operations[0]
    return sorted(out, key=Finding.sort_key)


def _in_components(finding: Finding) -> bool:
    pointers = [p for p in (finding.base_pointer, finding.revision_pointer) if p is not None]
    return bool(pointers) and all(p.startswith("/components/") for p in pointers)


def _args_key(finding: Finding) -> str:
    """The change's own arguments: not where it was reached from (path, subject)."""
    skip = ("path", "subject", "operation")
    return repr(sorted((k, repr(v)) for k, v in finding.args.items() if k not in skip))
