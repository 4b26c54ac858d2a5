"""A Markdown entry in the style of Rivya's API Changelog page, built from the findings:
date; what was added, changed, deprecated and removed; the endpoint surface; model
catalog changes; compatibility notes."""

from __future__ import annotations

from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.report import where

_ADDED = ("path-added", "operation-added", "webhook-added", "sse-event-added", "security-scheme-added", "server-added")
_DEPRECATED = ("operation-deprecated", "request-parameter-deprecated", "model-deprecated")
_REMOVED_PREFIXES = (
    "path-removed",
    "operation-removed",
    "webhook-removed",
    "model-removed",
    "request-parameter-removed",
)


def render(findings: list[Finding], base: Document, revision: Document, day: str) -> str:
    out = [f"## {day}", ""]
    title = revision.title or "API"
    version = (revision.tree.get("info") or {}).get("version", "")
    out += [f"{title} {version}".strip() + ".", ""]
    catalog = [f for f in findings if f.rule.startswith("model-")]
    added = [f for f in findings if f.rule in _ADDED]
    deprecated = [f for f in findings if f.rule in _DEPRECATED and f not in catalog]
    removed = [f for f in findings if f.rule.startswith(_REMOVED_PREFIXES) and f not in catalog]
    listed = {id(f) for f in (*catalog, *added, *deprecated, *removed)}
    changed = [
        f
        for f in findings
        if id(f) not in listed and f.rule.startswith(("request-", "response-", "operation-", "sse-", "security-"))
    ]
    out += _section("Added", added)
    out += _section("Changed", changed)
    out += _section("Deprecated", deprecated)
    out += _section("Removed", removed)
    out += _section("Model catalog", catalog)
    out += ["### Endpoint surface", "", "```"]
    new_ops = {f.operation for f in findings if f.rule == "operation-added"}
    new_paths = {f.args.get("path") for f in findings if f.rule == "path-added"}
    for op in sorted(revision.operations(), key=lambda o: (o.path, o.method)):
        mark = "  (new)" if op.key in new_ops or op.path in new_paths else ""
        out.append(f"{op.method.upper():<7}{op.path}{mark}")
    out += ["```", ""]
    out += ["### Compatibility notes", ""]
    breaking = [f for f in findings if f.level == Level.BREAKING]
    if not breaking:
        out.append("All changes are backward compatible.")
    for f in breaking:
        if f.migration:
            out.append(f"- **Migrated** (`{f.migration}`): {_line(f)}.")
        else:
            out.append(f"- **Breaking**: {_line(f)} (no documented migration path).")
    for f in findings:
        if "exemption" in f.args:
            out.append(f"- {_line(f)}: {f.args['exemption']}.")
    return "\n".join(out).rstrip() + "\n"


def _line(f: Finding) -> str:
    place = where(f)
    return f"`{place}`: {f.message}" if place else f.message


def _section(heading: str, group: list[Finding]) -> list[str]:
    if not group:
        return []
    return [f"### {heading}", "", *(f"- {_line(f)}" for f in group), ""]
