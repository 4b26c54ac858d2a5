"""Rule family: paths and operations added, removed, renamed, deprecated, sunset.

A removed path is one finding (not one per operation under it); a removed operation
is one finding (not one per property under it).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.checks.lifecycle import deprecation_problem, stability
from rivya_contract.diff.context import Comparison, path_shape
from rivya_contract.document import HTTP_METHODS
from rivya_contract.findings import Finding, Level

B, W, C = Level.BREAKING, Level.WARNING, Level.COMPATIBLE
_CHANGE = "a change in place: it is its own opposite"


_rule = rule_maker("endpoints")

RULES = [
    _rule("path-added", C, "A path was added.", "path {path} added", "path-removed-without-deprecation"),
    _rule(
        "path-removed-without-deprecation",
        B,
        "A path was removed while some of its operations were not deprecated.",
        "path {path} removed without prior deprecation",
        "path-added",
    ),
    _rule(
        "path-removed-after-deprecation",
        W,
        "A path whose operations were all deprecated (and past any sunset) was removed.",
        "path {path} removed after deprecation",
        "path-added",
    ),
    _rule(
        "path-removed-before-sunset",
        B,
        "A deprecated path was removed before its sunset date.",
        "path {path} removed before its sunset date {sunset}",
        "path-added",
    ),
    _rule(
        "operation-added",
        C,
        "An operation was added to an existing path.",
        "operation {operation} added",
        "operation-removed-without-deprecation",
    ),
    _rule(
        "operation-removed-without-deprecation",
        B,
        "An operation was removed without being deprecated first.",
        "operation {operation} removed without prior deprecation",
        "operation-added",
    ),
    _rule(
        "operation-removed-after-deprecation",
        W,
        "A deprecated operation (past any sunset date) was removed.",
        "operation {operation} removed after deprecation",
        "operation-added",
    ),
    _rule(
        "operation-removed-before-sunset",
        B,
        "A deprecated operation was removed before its sunset date.",
        "operation {operation} removed before its sunset date {sunset}",
        "operation-added",
    ),
    _rule(
        "operation-id-changed",
        B,
        "An operationId changed (generated SDK methods are renamed).",
        "operationId changed from {old!r} to {new!r}",
        reason=_CHANGE,
    ),
    _rule(
        "operation-id-removed", B, "An operationId was removed.", "operationId {old!r} removed", "operation-id-added"
    ),
    _rule("operation-id-added", C, "An operationId was added.", "operationId {new!r} added", "operation-id-removed"),
    _rule(
        "operation-deprecated",
        C,
        "An operation was marked deprecated.",
        "operation {operation} deprecated",
        "operation-reactivated",
    ),
    _rule(
        "operation-reactivated",
        C,
        "An operation is no longer deprecated.",
        "operation {operation} is no longer deprecated",
        "operation-deprecated",
    ),
    _rule(
        "operation-sunset-earlier",
        B,
        "An operation's sunset date moved earlier.",
        "sunset date moved earlier from {old} to {new}",
        "operation-sunset-later",
    ),
    _rule(
        "operation-sunset-later",
        C,
        "An operation's sunset date moved later or was removed.",
        "sunset date moved from {old} to {new}",
        "operation-sunset-earlier",
    ),
    _rule(
        "operation-stability-decreased",
        B,
        "An operation's x-stability-level went down (e.g. stable to beta).",
        "stability level lowered from {old} to {new}",
        "operation-stability-increased",
    ),
    _rule(
        "operation-stability-increased",
        C,
        "An operation's x-stability-level went up (e.g. beta to stable).",
        "stability level raised from {old} to {new}",
        "operation-stability-decreased",
    ),
]

STABILITY = {"draft": 0, "alpha": 1, "beta": 2, "stable": 3}  # oasdiff's order


def sunset(operation: dict[str, Any]) -> str | None:
    """The sunset date: ``x-sunset``, or the example of a documented ``Sunset`` header."""
    value = operation.get("x-sunset")
    if isinstance(value, str):
        return value
    for response in (operation.get("responses") or {}).values():
        headers = response.get("headers") if isinstance(response, dict) else None
        for name, header in (headers or {}).items():
            if name.lower() == "sunset" and isinstance(header, dict):
                example = header.get("example") or (header.get("schema") or {}).get("example")
                if isinstance(example, str):
                    return example
    return None


def sunset_date(text: str | None) -> date | None:
    """ISO dates and HTTP dates (RFC 9745 uses the HTTP date format)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None


def removal_rule(prefix: str, node: dict[str, Any], today: date) -> tuple[str, dict[str, Any]]:
    if node.get("deprecated") is not True:
        return f"{prefix}-removed-without-deprecation", {}
    when = sunset_date(sunset(node))
    if when is not None and when > today:
        return f"{prefix}-removed-before-sunset", {"sunset": when.isoformat()}
    return f"{prefix}-removed-after-deprecation", {}


def check(cmp: Comparison) -> Iterator[Finding]:
    base_shapes, rev_shapes = cmp.paths
    base_paths = cmp.base.tree.get("paths") or {}
    rev_paths = cmp.revision.tree.get("paths") or {}
    for shape, path in rev_shapes.items():
        if shape not in base_shapes:
            yield cmp.finding("path-added", base_pointer=None, revision_pointer=jp.join("paths", path), path=path)
    for shape, path in base_shapes.items():
        item = cmp.base_deref(base_paths[path], jp.join("paths", path))[0]
        if not isinstance(item, dict):
            continue
        if shape not in rev_shapes:
            yield _path_removed(cmp, path, item)
            continue
        rev_path = rev_shapes[shape]
        rev_item = cmp.rev_deref(rev_paths[rev_path], jp.join("paths", rev_path))[0]
        rev_item = rev_item if isinstance(rev_item, dict) else {}
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict) and not isinstance(rev_item.get(method), dict):
                rule_id, args = removal_rule("operation", op, cmp.today)
                yield cmp.finding(
                    rule_id,
                    base_pointer=jp.join("paths", path, method),
                    revision_pointer=None,
                    operation=f"{method.upper()} {path}",
                    **args,
                )
        for method in HTTP_METHODS:
            if isinstance(rev_item.get(method), dict) and not isinstance(item.get(method), dict):
                yield cmp.finding(
                    "operation-added",
                    base_pointer=None,
                    revision_pointer=jp.join("paths", rev_path, method),
                    operation=f"{method.upper()} {rev_path}",
                )
    for pair in cmp.operation_pairs:
        yield from _operation(
            cmp, pair.key, pair.base.pointer, pair.revision.pointer, pair.base.node, pair.revision.node
        )


def _path_removed(cmp: Comparison, path: str, item: dict[str, Any]) -> Finding:
    ops = [item[m] for m in HTTP_METHODS if isinstance(item.get(m), dict)]
    rule_id, args = "path-removed-after-deprecation", {}
    for op in ops:
        rid, found = removal_rule("path", op, cmp.today)
        if rid != "path-removed-after-deprecation":
            rule_id, args = rid, found
            if rid == "path-removed-without-deprecation":
                break
    return cmp.finding(
        rule_id, base_pointer=jp.join("paths", path), revision_pointer=None, path=path, shape=path_shape(path), **args
    )


def _operation(
    cmp: Comparison, key: str, bp: str, rp: str, old: dict[str, Any], new: dict[str, Any]
) -> Iterator[Finding]:
    old_id, new_id = old.get("operationId"), new.get("operationId")
    if old_id != new_id:
        if old_id and new_id:
            yield cmp.finding(
                "operation-id-changed",
                base_pointer=bp + "/operationId",
                revision_pointer=rp + "/operationId",
                operation=key,
                old=old_id,
                new=new_id,
            )
        elif old_id:
            yield cmp.finding(
                "operation-id-removed", base_pointer=bp + "/operationId", revision_pointer=rp, operation=key, old=old_id
            )
        else:
            yield cmp.finding(
                "operation-id-added", base_pointer=bp, revision_pointer=rp + "/operationId", operation=key, new=new_id
            )
    was, now = old.get("deprecated") is True, new.get("deprecated") is True
    if was != now and not (now and deprecation_problem(cmp, new, stability(new)[0])):
        rid = "operation-deprecated" if now else "operation-reactivated"
        yield cmp.finding(rid, base_pointer=bp, revision_pointer=rp, operation=key)
    old_sun, new_sun = sunset_date(sunset(old)), sunset_date(sunset(new))
    # A deprecated operation losing its sunset, or one that no longer parses: the sunset
    # family (sunset-deleted, api-path-sunset-parse).
    owned = now and (new_sun is None or (sunset(old) is not None and old_sun is None))
    if old_sun != new_sun and old_sun is not None and not owned:
        earlier = new_sun is not None and new_sun < old_sun
        yield cmp.finding(
            "operation-sunset-earlier" if earlier else "operation-sunset-later",
            base_pointer=bp,
            revision_pointer=rp,
            operation=key,
            old=old_sun.isoformat(),
            new=new_sun.isoformat() if new_sun else "none",
        )
    old_level = STABILITY.get(str(old.get("x-stability-level", "stable")))
    new_level = STABILITY.get(str(new.get("x-stability-level", "stable")))
    if old_level is not None and new_level is not None and old_level != new_level:
        rid = "operation-stability-decreased" if new_level < old_level else "operation-stability-increased"
        yield cmp.finding(
            rid,
            base_pointer=bp,
            revision_pointer=rp + "/x-stability-level" if "x-stability-level" in new else rp,
            operation=key,
            old=old.get("x-stability-level", "stable"),
            new=new.get("x-stability-level", "stable"),
        )
