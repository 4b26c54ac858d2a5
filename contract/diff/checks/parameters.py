"""Rule family: request parameters (path, query, header, cookie).

Parameters are matched by location and name, after merging path-level parameters with
operation-level ones (the operation's win), so moving a parameter between the two levels
is no change. Path parameters are matched by their position in the template, so
``/a/{id}`` and ``/a/{taskId}`` have the same parameter. Header names are compared
case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.checks.lifecycle import deprecation_problem, parse_sunset, stability
from rivya_contract.diff.context import Comparison, path_params
from rivya_contract.diff.kinds import rules_for
from rivya_contract.document import Document, Operation
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction

B, W, C = Level.BREAKING, Level.WARNING, Level.COMPATIBLE
_CHANGE = "a change in place: it is its own opposite"


_rule = rule_maker("parameters", Direction.REQUEST)

RULES = [
    _rule(
        "request-parameter-added-required",
        B,
        "A required parameter was added.",
        "required {location} parameter {name!r} added",
        "request-parameter-removed-without-deprecation",
    ),
    _rule(
        "request-parameter-added-optional",
        C,
        "An optional parameter was added.",
        "optional {location} parameter {name!r} added",
        "request-parameter-removed-after-deprecation",
    ),
    _rule(
        "request-parameter-removed-without-deprecation",
        B,
        "A parameter was removed without being deprecated first.",
        "{location} parameter {name!r} removed without prior deprecation",
        "request-parameter-added-required",
    ),
    _rule(
        "request-parameter-removed-after-deprecation",
        W,
        "A deprecated parameter was removed.",
        "deprecated {location} parameter {name!r} removed",
        "request-parameter-added-optional",
    ),
    _rule(
        "request-parameter-removed-before-sunset",
        B,
        "A deprecated parameter was removed before its x-sunset date.",
        "deprecated {location} parameter {name!r} removed before its sunset date {sunset}",
        "request-parameter-added-optional",
    ),
    _rule(
        "request-parameter-became-required",
        B,
        "An optional parameter became required.",
        "{location} parameter {name!r} became required",
        "request-parameter-became-optional",
    ),
    _rule(
        "request-parameter-became-optional",
        C,
        "A required parameter became optional.",
        "{location} parameter {name!r} became optional",
        "request-parameter-became-required",
    ),
    _rule(
        "request-parameter-style-changed",
        B,
        "A parameter's serialization style changed.",
        "{location} parameter {name!r}: style changed from {old!r} to {new!r}",
        reason=_CHANGE,
    ),
    _rule(
        "request-parameter-explode-changed",
        B,
        "A parameter's explode flag changed.",
        "{location} parameter {name!r}: explode changed from {old} to {new}",
        reason=_CHANGE,
    ),
    _rule(
        "request-parameter-deprecated",
        C,
        "A parameter was marked deprecated.",
        "{location} parameter {name!r} deprecated",
        "request-parameter-reactivated",
    ),
    _rule(
        "request-parameter-reactivated",
        C,
        "A parameter is no longer deprecated.",
        "{location} parameter {name!r} is no longer deprecated",
        "request-parameter-deprecated",
    ),
    _rule(
        "request-parameter-empty-value-disallowed",
        B,
        "A parameter no longer allows an empty value.",
        "{location} parameter {name!r} no longer allows an empty value",
        "request-parameter-empty-value-allowed",
    ),
    _rule(
        "request-parameter-empty-value-allowed",
        C,
        "A parameter now allows an empty value.",
        "{location} parameter {name!r} now allows an empty value",
        "request-parameter-empty-value-disallowed",
    ),
    _rule(
        "request-path-parameter-renamed",
        W,
        "A path parameter was renamed: the wire is the same, but a generated SDK's keyword argument is renamed.",
        "path parameter {old!r} renamed to {new!r}",
        reason=_CHANGE,
    ),
    *rules_for("request-parameter"),
]

_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def effective_parameters(doc: Document, op: Operation, deref: Any) -> dict[tuple[str, str], tuple[dict[str, Any], str]]:
    """(location, key) -> (parameter, pointer); path parameters keyed by position."""
    positions = {name: str(i) for i, name in enumerate(path_params(op.path))}
    path_ptr = jp.join("paths", op.path)
    found: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    for owner, base in ((op.path_item, path_ptr + "/parameters"), (op.node, op.pointer + "/parameters")):
        params = owner.get("parameters")
        if not isinstance(params, list):
            continue
        for index, raw in enumerate(params):
            param, ptr = deref(raw, jp.append(base, index))
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            location, name = str(param.get("in")), param["name"]
            if location == "path":
                name = positions.get(name, name)
            elif location == "header":
                name = name.lower()
            found[(location, name)] = (param, ptr)
    return found


def parameter_schema(param: dict[str, Any], ptr: str) -> tuple[Any, str] | None:
    if isinstance(param.get("schema"), dict):
        return param["schema"], ptr + "/schema"
    content = param.get("content")
    if isinstance(content, dict):
        for media, item in content.items():
            if isinstance(item, dict) and isinstance(item.get("schema"), dict):
                return item["schema"], jp.append(ptr, "content", media, "schema")
    return None


def check(cmp: Comparison) -> Iterator[Finding]:
    for pair in cmp.operation_pairs:
        if cmp.same(pair.base.node, pair.revision.node) and cmp.same(
            pair.base.path_item.get("parameters"), pair.revision.path_item.get("parameters")
        ):
            continue
        old = effective_parameters(cmp.base, pair.base, cmp.base_deref)
        new = effective_parameters(cmp.revision, pair.revision, cmp.rev_deref)
        level = stability(pair.revision.node)[0]
        yield from _compare(cmp, pair.key, pair.base.pointer, pair.revision.pointer, old, new, level)


def _compare(
    cmp: Comparison,
    key: str,
    op_bp: str,
    op_rp: str,
    old: dict[tuple[str, str], tuple[dict[str, Any], str]],
    new: dict[tuple[str, str], tuple[dict[str, Any], str]],
    level: str = "stable",
) -> Iterator[Finding]:
    for ident, (param, rp) in new.items():
        if ident not in old:
            required = param.get("required") is True
            rid = "request-parameter-added-required" if required else "request-parameter-added-optional"
            yield cmp.finding(
                rid, base_pointer=None, revision_pointer=rp, operation=key, location=ident[0], name=param["name"]
            )
    for ident, (param, bp) in old.items():
        if ident not in new:
            rid, extra = _removal(param, cmp.today)
            yield cmp.finding(
                rid,
                base_pointer=bp,
                revision_pointer=None,
                operation=key,
                location=ident[0],
                name=param["name"],
                **extra,
            )
            continue
        rev, rp = new[ident]
        if cmp.same(param, rev):
            continue
        yield from _one(cmp, key, ident[0], param, rev, bp, rp, level)


def _removal(param: dict[str, Any], today: date) -> tuple[str, dict[str, Any]]:
    """Removed without deprecation; deprecated with an unparsable sunset; before its
    sunset; or after deprecation (no sunset, or a sunset that has passed)."""
    if param.get("deprecated") is not True:
        return "request-parameter-removed-without-deprecation", {}
    if "x-sunset" in param:
        when = parse_sunset(param["x-sunset"])
        if when is None:
            return "request-parameter-sunset-parse", {"value": param["x-sunset"]}
        if today < when:
            return "request-parameter-removed-before-sunset", {"sunset": when.isoformat()}
    return "request-parameter-removed-after-deprecation", {}


def _one(
    cmp: Comparison,
    key: str,
    location: str,
    old: dict[str, Any],
    new: dict[str, Any],
    bp: str,
    rp: str,
    level: str = "stable",
) -> Iterator[Finding]:
    name = new["name"]
    common = {"operation": key, "location": location, "name": name}
    if location == "path" and old.get("name") != name:
        yield cmp.finding(
            "request-path-parameter-renamed",
            base_pointer=bp,
            revision_pointer=rp,
            old=old.get("name"),
            new=name,
            **common,
        )
    was, now = old.get("required") is True, new.get("required") is True
    if was != now:
        rid = "request-parameter-became-required" if now else "request-parameter-became-optional"
        yield cmp.finding(rid, base_pointer=bp, revision_pointer=rp, **common)
    default_style = _DEFAULT_STYLE.get(location, "form")
    old_style, new_style = old.get("style", default_style), new.get("style", default_style)
    if old_style != new_style:
        yield cmp.finding(
            "request-parameter-style-changed",
            base_pointer=bp,
            revision_pointer=rp,
            old=old_style,
            new=new_style,
            **common,
        )
    old_explode = old.get("explode", old_style == "form")
    new_explode = new.get("explode", new_style == "form")
    if old_explode != new_explode:
        yield cmp.finding(
            "request-parameter-explode-changed",
            base_pointer=bp,
            revision_pointer=rp,
            old=old_explode,
            new=new_explode,
            **common,
        )
    was, now = old.get("deprecated") is True, new.get("deprecated") is True
    if was != now and not (now and deprecation_problem(cmp, new, level)):
        rid = "request-parameter-deprecated" if now else "request-parameter-reactivated"
        yield cmp.finding(rid, base_pointer=bp, revision_pointer=rp, **common)
    was, now = old.get("allowEmptyValue") is True, new.get("allowEmptyValue") is True
    if was != now:
        rid = "request-parameter-empty-value-allowed" if now else "request-parameter-empty-value-disallowed"
        yield cmp.finding(rid, base_pointer=bp, revision_pointer=rp, **common)
    old_schema, new_schema = parameter_schema(old, bp), parameter_schema(new, rp)
    if old_schema and new_schema:
        changes = cmp.schemas.compare(old_schema[0], new_schema[0], old_schema[1], new_schema[1], "request")
        yield from cmp.schema_findings("request-parameter", changes, operation=key, name=repr(name), location=location)
