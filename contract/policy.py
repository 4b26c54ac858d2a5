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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract import rules
from rivya_contract.diff.context import path_shape
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.profiles import Profile, resolve
from rivya_contract.rules import Rule

MIGRATIONS_KEY = "x-rivya-migrations"
LEVELS = ("breaking", "warning", "compatible")
FAIL_ON = ("breaking", "warning", "never")
UNSTABLE = frozenset({"draft", "alpha", "beta"})  # Rivya: beta and below may change
STRICT_UNSTABLE = frozenset({"draft", "alpha"})  # oasdiff's default threshold: beta and up are judged
# Findings about stability itself are never exempted by it.
NEVER_EXEMPT = frozenset({"operation-stability-decreased", "api-invalid-stability-level"})
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
        if "operation" in entry and entry["operation"] not in finding_operations(finding):
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


def finding_operations(finding: Finding) -> list[str]:
    """Every operation a finding reaches (one, or all of a component's users)."""
    listed = getattr(finding, "operations", None)
    if listed:
        return list(listed)
    return [finding.operation] if finding.operation else []


def apply(
    findings: list[Finding],
    base: Document,
    revision: Document,
    *,
    profile: str = "rivya",
    severity: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Set each finding's final level and migration; add the policy's own findings.

    Order: the profile's levels, then the project's severity overrides, then the
    stability exemption (judged from the base), then migrations.
    """
    chosen = resolve(profile, revision)
    if chosen is Profile.RIVYA and is_new_lineage(base, revision, findings):
        return [f for f in findings if f.rule == "api-major-version-changed"]
    if chosen is Profile.RIVYA:
        for finding in findings:
            _rivya_level(finding, base)
    for finding in findings:
        if severity and finding.rule in severity:
            finding.level = Level(severity[finding.rule])
    unstable = UNSTABLE if chosen is Profile.RIVYA else STRICT_UNSTABLE
    stability = base_stability(base)
    for finding in findings:
        reason = RIVYA_EXEMPTIONS.get(finding.rule) if chosen is Profile.RIVYA else None
        if reason is None and finding.rule not in NEVER_EXEMPT:
            reason = _stability_exemption(finding, stability, unstable)
        if reason and finding.level in (Level.BREAKING, Level.WARNING):
            finding.level = Level.COMPATIBLE
            finding.args["exemption"] = reason
    if chosen is not Profile.RIVYA:
        return sorted(findings, key=Finding.sort_key)
    findings = list(findings)
    findings.extend(_migrate(findings, base, revision))
    return sorted(findings, key=Finding.sort_key)


def base_stability(doc: Document) -> dict[str, str]:
    """Operation key -> its x-stability-level, as the base document declares it.

    Only the base counts: a revision cannot lower an operation's stability and, in the same
    change, claim the exemption for what it breaks (that lowering is itself a finding,
    ``operation-stability-decreased``)."""
    out = {}
    for op in doc.operations():
        level = op.node.get("x-stability-level")
        if isinstance(level, str):
            out[op.key] = level
            out[_shape_key(op.key)] = level
    return out


def _shape_key(key: str) -> str:
    method, _, path = key.partition(" ")
    return f"{method} {path_shape(path)}"


def _stability_exemption(finding: Finding, stability: dict[str, str], unstable: frozenset[str]) -> str | None:
    operations = finding_operations(finding)
    if not operations:
        return None
    levels = [stability.get(op) or stability.get(_shape_key(op)) for op in operations]
    if all(level in unstable for level in levels):
        named = ", ".join(sorted({str(level) for level in levels}))
        return f"operation was {named} before this revision: it may change without breaking"
    return None


def _rivya_level(finding: Finding, base: Document) -> None:
    """Rivya's policy as written: only additions are on its compatible list, so a removal
    or narrowing a client can observe is breaking (unless migrated or in a new major)."""
    rule = RIVYA_LEVELS.get(finding.rule)
    if rule is None:
        return
    level, reason, condition = rule
    if condition is not None and not condition(finding, base):
        return
    if LEVEL_RANK[level] < LEVEL_RANK[finding.level]:
        finding.level = level
        finding.args["policy"] = reason


def _parent_schema(finding: Finding, base: Document) -> Any:
    """The schema that held a removed property: the base pointer minus ``/properties/<name>``."""
    pointer = finding.base_pointer or ""
    head, sep, _ = pointer.rpartition("/properties/")
    return base.get(head) if sep else None


def _closed_schema(finding: Finding, base: Document) -> bool:
    parent = _parent_schema(finding, base)
    return isinstance(parent, dict) and (
        parent.get("additionalProperties") is False or parent.get("unevaluatedProperties") is False
    )


def _extensible_enum(finding: Finding, base: Document) -> bool:
    pointer = finding.base_pointer or ""
    if not pointer.endswith("/enum") and "/enum/" not in pointer:
        return False
    schema = base.get(pointer.split("/enum", 1)[0])
    return isinstance(schema, dict) and bool(schema.get("x-extensible-enum"))


_Condition = Callable[[Finding, Document], bool]
LEVEL_RANK = {Level.ERROR: 0, Level.BREAKING: 0, Level.WARNING: 1, Level.INFO: 2, Level.COMPATIBLE: 2}

# Rule -> (level under Rivya's policy, why, when). The strict level stays the registry's.
_CLOSED_ENUM = (
    "Rivya marks the lists that may grow x-extensible-enum; a closed enum promises the whole "
    "list, so a new value breaks client code that handles every case"
)
RIVYA_LEVELS: dict[str, tuple[Level, str, _Condition | None]] = {
    "response-property-enum-value-added": (Level.BREAKING, _CLOSED_ENUM, None),
    "response-header-enum-value-added": (Level.BREAKING, _CLOSED_ENUM, None),
    "response-property-property-removed-optional": (
        Level.BREAKING,
        "an optional response field was removed: clients that read it get nothing "
        "(Rivya's policy lists adding one as compatible, not removing one)",
        None,
    ),
    "optional-response-header-removed": (
        Level.BREAKING,
        "an optional response header was removed: like an optional response field, clients that read it get nothing",
        None,
    ),
    "request-property-property-removed-required": (
        Level.BREAKING,
        "the schema is closed (additionalProperties: false): a client still sending the property is now refused",
        _closed_schema,
    ),
    "server-removed": (
        Level.BREAKING,
        "a documented server URL was removed: clients configured with it can no longer reach the API",
        None,
    ),
    "request-property-property-removed-optional": (
        Level.BREAKING,
        "the schema is closed (additionalProperties: false): a client still sending the parameter is now refused",
        _closed_schema,
    ),
    "response-property-enum-value-removed": (
        Level.BREAKING,
        "a value of a public list (x-extensible-enum: error codes, statuses, event types) was "
        "removed: clients that branch on it lose it",
        _extensible_enum,
    ),
    "response-header-enum-value-removed": (
        Level.BREAKING,
        "a value of a public list (x-extensible-enum) was removed",
        _extensible_enum,
    ),
}


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


# Where the strict profile keeps a level that differs from oasdiff's for the same change,
# and why (rendered into docs/rules.md). Rule -> (oasdiff's rule, oasdiff's level, reason).
OASDIFF_DIVERGENCES: dict[str, tuple[str, str, str]] = {
    "request-property-max-length-decreased": (
        "request-property-max-length-set / request-body-max-length-set",
        "WARN",
        "a new upper bound refuses requests that were valid; oasdiff warns because it cannot know "
        "whether clients send such values, a gate cannot know either, so it fails closed",
    ),
    "request-parameter-max-length-decreased": (
        "request-parameter-max-length-set",
        "WARN",
        "as for request properties: a new bound refuses requests that were valid",
    ),
    "request-property-max-decreased": (
        "request-property-max-set / -exclusive-max-set / request-body-max-set",
        "WARN",
        "a new maximum refuses requests that were valid",
    ),
    "request-parameter-max-decreased": (
        "request-parameter-max-set / -exclusive-max-set",
        "WARN",
        "a new maximum refuses requests that were valid",
    ),
    "request-property-min-increased": (
        "request-property-min-set / -exclusive-min-set / request-body-min-set",
        "WARN",
        "a new minimum refuses requests that were valid",
    ),
    "request-parameter-min-increased": (
        "request-parameter-min-set / -exclusive-min-set",
        "WARN",
        "a new minimum refuses requests that were valid",
    ),
    "request-property-min-items-increased": (
        "request-property-min-items-set / request-body-min-items-set",
        "WARN",
        "a new minItems refuses requests that were valid",
    ),
    "request-parameter-min-items-increased": (
        "request-parameter-min-items-set",
        "WARN",
        "a new minItems refuses requests that were valid",
    ),
    "request-parameter-removed-without-deprecation": (
        "request-parameter-removed",
        "WARN",
        "oasdiff warns because servers usually ignore an unknown parameter; the request then "
        "succeeds with a different meaning (a filter that no longer filters), which clients "
        "cannot detect, so it breaks",
    ),
    "request-parameter-type-changed": (
        "request-parameter-property-type-changed",
        "WARN",
        "a value of the old type is refused or read differently",
    ),
    "response-property-property-added-required": (
        "response-required-property-became-not-write-only",
        "WARN",
        "a property that now appears in responses adds data; clients that ignore unknown fields are unaffected",
    ),
    "operation-sunset-earlier": (
        "api-sunset-date-changed-too-small",
        "ERR",
        "oasdiff breaks only when the new date falls within the minimum distance; clients planned "
        "their migration on the old date, so any earlier sunset breaks that plan",
    ),
    "operation-removed-after-deprecation": (
        "api-removed-with-deprecation",
        "INFO",
        "a warning, not information: clients still calling it now fail, even if they were told",
    ),
    "path-removed-after-deprecation": (
        "api-path-removed-with-deprecation",
        "INFO",
        "a warning, not information: clients still calling it now fail, even if they were told",
    ),
    "request-parameter-removed-after-deprecation": (
        "request-parameter-removed-with-deprecation",
        "INFO",
        "a warning, not information: a client still sending it has it ignored or refused",
    ),
    "operation-sunset-later": (
        "sunset-deleted",
        "ERR",
        "only a sunset moved later is compatible here; a deprecated operation losing its sunset "
        "is `sunset-deleted`, breaking as in oasdiff",
    ),
}
