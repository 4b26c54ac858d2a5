"""Profiles and migrations: which findings fail the check.

``strict`` is the generic classification of the rule registry, for any OpenAPI document.
``rivya`` applies Rivya's version policy on top (RIVYA.md, "Version policy"):

- a value added to an ``x-extensible-enum`` (the public error codes) is compatible;
- operations marked ``x-stability-level: beta`` or ``alpha`` may change without breaking;
- a new major version (``info.version`` major bump and a new ``/api/vN`` prefix) starts a
  new snapshot lineage: nothing is compared against the old one;
- every other breaking finding fails unless a migration added in this revision (a
  root-level ``x-rivya-migrations`` entry with ``id``, ``date``, ``summary``, ``guide``
  and ``covers``) covers it; a new migration that covers nothing is reported as stale.

Catalog rules (model added, removed, gated) are their own family, run under ``rivya``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract import rules
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule

MIGRATIONS_KEY = "x-rivya-migrations"
LEVELS = ("breaking", "warning", "compatible")
FAIL_ON = ("breaking", "warning", "never")
UNSTABLE = frozenset({"alpha", "beta"})
REQUIRED_FIELDS = ("id", "date", "summary", "guide", "covers")

RULES = [
    Rule(
        "migration-stale",
        Level.WARNING,
        "A migration added in this revision covers no breaking change.",
        "migration {id!r} covers no breaking change",
        area="policy",
        mirror_reason="policy rule: it judges the migrations list, not a change",
    ),
    Rule(
        "migration-invalid",
        Level.WARNING,
        "An x-rivya-migrations entry lacks a field (id, date, summary, guide, covers).",
        "migration entry {index} is invalid: {problem}",
        area="policy",
        mirror_reason="policy rule: it judges the migrations list, not a change",
    ),
]

# Rules the Rivya version policy declares compatible, and why.
RIVYA_EXEMPTIONS: dict[str, str] = {
    "response-property-extensible-enum-value-added": (
        "adding a public error code (an x-extensible-enum value) is compatible"
    ),
    "response-header-extensible-enum-value-added": "adding a value to an x-extensible-enum is compatible",
}

_API_PREFIX = re.compile(r"^/api/v(\d+)(?:/|$)")


@dataclass(frozen=True)
class Migration:
    id: str
    pointer: str
    covers: tuple[Any, ...]

    def covers_finding(self, finding: Finding) -> bool:
        return any(_matches(entry, finding) for entry in self.covers)


def migrations(doc: Document) -> tuple[list[Migration], list[tuple[int, str]]]:
    """The valid migration entries, and (index, problem) for the invalid ones."""
    raw = doc.tree.get(MIGRATIONS_KEY)
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [(0, f"{MIGRATIONS_KEY} must be a list")]
    valid: list[Migration] = []
    problems: list[tuple[int, str]] = []
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict):
            problems.append((index, "not an object"))
            continue
        missing = [name for name in REQUIRED_FIELDS if not entry.get(name)]
        if missing:
            problems.append((index, "missing " + ", ".join(missing)))
            continue
        covers = entry["covers"]
        if not isinstance(covers, list):
            problems.append((index, "covers must be a list of rule IDs and pointers"))
            continue
        valid.append(Migration(str(entry["id"]), jp.join(MIGRATIONS_KEY, index), tuple(covers)))
    return valid, problems


def _pointer_under(pointer: str | None, prefix: str) -> bool:
    if pointer is None:
        return False
    prefix = prefix[1:] if prefix.startswith("#") else prefix
    return pointer == prefix or pointer.startswith(prefix.rstrip("/") + "/")


def _matches(entry: Any, finding: Finding) -> bool:
    if isinstance(entry, str):
        if entry.startswith(("/", "#/")):
            return _pointer_under(finding.base_pointer, entry) or _pointer_under(finding.revision_pointer, entry)
        return entry == finding.rule
    if isinstance(entry, dict) and entry:
        if "rule" in entry and entry["rule"] != finding.rule:
            return False
        if "operation" in entry and entry["operation"] != finding.operation:
            return False
        if "model" in entry and entry["model"] != finding.args.get("model"):
            return False
        if "pointer" in entry:
            ptr = str(entry["pointer"])
            if not (_pointer_under(finding.base_pointer, ptr) or _pointer_under(finding.revision_pointer, ptr)):
                return False
        return True
    return False


def api_prefixes(doc: Document) -> set[int]:
    paths = doc.tree.get("paths")
    found = set()
    for path in paths if isinstance(paths, dict) else ():
        match = _API_PREFIX.match(path)
        if match:
            found.add(int(match.group(1)))
    return found


def is_new_lineage(base: Document, revision: Document, findings: Iterable[Finding]) -> bool:
    """A major version bump with a new /api/vN prefix: a new lineage, not a change."""
    bumped = any(f.rule == "api-major-version-changed" for f in findings)
    return bumped and bool(api_prefixes(revision) - api_prefixes(base))


def apply(
    findings: list[Finding],
    base: Document,
    revision: Document,
    *,
    profile: str = "rivya",
    severity: dict[str, str] | None = None,
) -> list[Finding]:
    """Set each finding's final level and migration; add the policy's own findings."""
    for finding in findings:
        if severity and finding.rule in severity:
            finding.level = Level(severity[finding.rule])
    if profile != "rivya":
        return sorted(findings, key=Finding.sort_key)
    if is_new_lineage(base, revision, findings):
        return [f for f in findings if f.rule == "api-major-version-changed"]
    stability = _stability(base) | _stability(revision)
    for finding in findings:
        reason = RIVYA_EXEMPTIONS.get(finding.rule)
        if reason is None and finding.operation and stability.get(finding.operation) in UNSTABLE:
            reason = f"operation is {stability[finding.operation]}: it may change without breaking"
        if reason and finding.level in (Level.BREAKING, Level.WARNING):
            finding.level = Level.COMPATIBLE
            finding.args["exemption"] = reason
    findings = list(findings)
    findings.extend(_migrate(findings, base, revision))
    return sorted(findings, key=Finding.sort_key)


def _stability(doc: Document) -> dict[str, str]:
    out = {}
    for op in doc.operations():
        level = op.node.get("x-stability-level")
        if isinstance(level, str):
            out[op.key] = level
    return out


def _migrate(findings: list[Finding], base: Document, revision: Document) -> list[Finding]:
    old_ids = {m.id for m in migrations(base)[0]}
    entries, problems = migrations(revision)
    fresh = [m for m in entries if m.id not in old_ids]
    used: set[str] = set()
    for finding in findings:
        if finding.level != Level.BREAKING:
            continue
        for migration in fresh:
            if migration.covers_finding(finding):
                finding.migration = migration.id
                used.add(migration.id)
                break
    extra = []
    for migration in fresh:
        if migration.id not in used:
            extra.append(_policy_finding(revision, "migration-stale", migration.pointer, id=migration.id))
    for index, problem in problems:
        extra.append(
            _policy_finding(revision, "migration-invalid", jp.join(MIGRATIONS_KEY, index), index=index, problem=problem)
        )
    return extra


def _policy_finding(doc: Document, rule_id: str, pointer: str, **args: Any) -> Finding:
    rule = rules.get(rule_id)
    return Finding(
        rule=rule_id,
        level=rule.level,
        message=rule.render(args),
        pointer=pointer,
        line=doc.line(pointer),
        source=doc.source,
        args=args,
        revision_pointer=pointer,
    )


def failing(findings: Iterable[Finding], fail_on: str = "breaking") -> list[Finding]:
    """The findings that fail the check: unmigrated breaking changes and validation errors,
    plus warnings with ``--fail-on warning``."""
    if fail_on == "never":
        return []
    levels = {Level.BREAKING, Level.ERROR} | ({Level.WARNING} if fail_on == "warning" else set())
    return [f for f in findings if f.level in levels and f.migration is None]
