"""What the stability and sunset families share: reading ``x-stability-level`` and
``x-sunset`` the way oasdiff does, the minimum sunset distance, and a walk over the
properties of the request and response bodies both documents have in common.

Not a rule family itself (no ``RULES``): ``stability`` and ``sunset`` use it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.context import Comparison, OperationPair
from rivya_contract.findings import Finding
from rivya_contract.rules import Direction

STABILITY_KEY = "x-stability-level"
SUNSET_KEY = "x-sunset"
# oasdiff's order (checker/stability_level.go); no x-stability-level means stable.
LEVELS = ("draft", "alpha", "beta", "stable")
RANK = {name: i for i, name in enumerate(LEVELS)}
_MAX_DEPTH = 12  # property nesting walked; deeper is reported by nothing, never a hang


def stability(node: Any) -> tuple[str, str | None]:
    """(label, problem): the node's x-stability-level ("stable" when absent), or a problem
    saying why the value is invalid (oasdiff: api-invalid-stability-level)."""
    if not isinstance(node, dict) or node.get(STABILITY_KEY) is None:
        return "stable", None
    value = node[STABILITY_KEY]
    if not isinstance(value, str):
        return "stable", f"x-stability-level is not a string: {value!r}"
    if value not in RANK:
        return "stable", f"x-stability-level {value!r} is not one of {', '.join(LEVELS)}"
    return value, None


def parse_sunset(value: Any) -> date | None:
    """A sunset date as oasdiff reads it: ``YYYY-MM-DD`` or an RFC 3339 date-time."""
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if "T" in value else None
    except ValueError:
        return None


def min_sunset_days(cmp: Comparison, level: str) -> int:
    """How far away a new sunset must be (oasdiff's getDeprecationDays): 0 for draft and
    alpha, the beta setting for beta, the stable setting otherwise."""
    beta, stable = getattr(cmp, "min_sunset_days", (0, 0))
    if level in ("draft", "alpha"):
        return 0
    return int(beta) if level == "beta" else int(stable)


_Key = tuple[str, ...]  # ("node" | "prop", direction, base pointer, revision pointer)


@dataclass(frozen=True)
class PropertyPair:
    direction: Direction
    operation: str
    name: str  # dotted path from the body: "a/b/c" as oasdiff names nested properties
    base: dict[str, Any]
    revision: dict[str, Any]
    base_pointer: str
    revision_pointer: str
    owner: _Key  # the schema pair whose property this is


@dataclass
class _Walk:
    pairs: list[PropertyPair]
    parents: dict[_Key, set[_Key]]  # node -> nodes above
    roots: dict[_Key, set[str]]  # a body's schema pair -> operations


def body_schemas(cmp: Comparison, pair: OperationPair) -> Iterator[tuple[Direction, Any, str, Any, str]]:
    """(direction, base schema, its pointer, revision schema, its pointer) for every media
    type both request bodies, and both responses of the same status, have."""
    old_body, new_body = pair.base.node.get("requestBody"), pair.revision.node.get("requestBody")
    if old_body is not None and new_body is not None and not cmp.same(old_body, new_body):
        old_body, obp = cmp.base_deref(old_body, pair.base.pointer + "/requestBody")
        new_body, nbp = cmp.rev_deref(new_body, pair.revision.pointer + "/requestBody")
        yield from _media(Direction.REQUEST, old_body, obp, new_body, nbp)
    old_responses = pair.base.node.get("responses")
    new_responses = pair.revision.node.get("responses")
    if isinstance(old_responses, dict) and isinstance(new_responses, dict):
        for status, old in old_responses.items():
            new = new_responses.get(status)
            if new is None or cmp.same(old, new):
                continue
            ob, op = cmp.base_deref(old, f"{pair.base.pointer}/responses/{_escape(status)}")
            nb, np = cmp.rev_deref(new, f"{pair.revision.pointer}/responses/{_escape(status)}")
            yield from _media(Direction.RESPONSE, ob, op, nb, np)


@cache
def _escape(token: str) -> str:
    """Status codes and media types repeat across thousands of operations."""
    return jp.escape(token)


def _media(
    direction: Direction, old: Any, op: str, new: Any, np: str
) -> Iterator[tuple[Direction, Any, str, Any, str]]:
    if not isinstance(old, dict) or not isinstance(new, dict):
        return
    old_content, new_content = old.get("content"), new.get("content")
    if not isinstance(old_content, dict) or not isinstance(new_content, dict):
        return
    for media, item in old_content.items():
        other = new_content.get(media)
        if isinstance(item, dict) and isinstance(other, dict) and "schema" in item and "schema" in other:
            token = _escape(media)
            yield (
                direction,
                item["schema"],
                f"{op}/content/{token}/schema",
                other["schema"],
                f"{np}/content/{token}/schema",
            )


_WALKS: weakref.WeakKeyDictionary[Comparison, _Walk] = weakref.WeakKeyDictionary()


def property_pairs(cmp: Comparison) -> list[PropertyPair]:
    """Every property present in both documents, in the bodies of every operation pair,
    once per (direction, base pointer, revision pointer): a component reached by many
    operations is reported at its first. Walked once per comparison (both families use it);
    an operation equal in both documents (every $ref inside unchanged) is not walked."""
    return _walked(cmp).pairs


def _walked(cmp: Comparison) -> _Walk:
    walk = _WALKS.get(cmp)
    if walk is None:
        walk = _Walk([], {}, {})
        seen: set[_Key] = set()
        for pair in cmp.operation_pairs:
            if cmp.same(pair.base.node, pair.revision.node):
                continue
            for direction, b, bp, r, rp in body_schemas(cmp, pair):
                if not cmp.same(b, r):
                    walk.pairs.extend(_walk(cmp, direction, pair.key, b, bp, r, rp, "", seen, 0, walk, None))
        _WALKS[cmp] = walk
    return walk


def operations_of(cmp: Comparison, prop: PropertyPair) -> list[str]:
    """Every operation whose body reaches the property (found upwards from it, so only for
    the few properties that give a finding)."""
    walk = _walked(cmp)
    found: set[str] = set()
    stack, visited = [prop.owner], {prop.owner}
    while stack:
        node = stack.pop()
        found |= walk.roots.get(node, set())
        for parent in walk.parents.get(node, ()):
            if parent not in visited:
                visited.add(parent)
                stack.append(parent)
    return sorted(found) or [prop.operation]


def spread(cmp: Comparison, prop: PropertyPair, finding: Finding) -> Finding:
    """A property finding names every operation reaching it: one operation stays the
    finding's ``operation``; several make it a component finding (``operation`` None), as
    the schema families report a change inside a shared component."""
    operations = operations_of(cmp, prop)
    finding.operations = operations
    if len(operations) > 1:
        finding.operation = None
    return finding


def _properties(cmp: Comparison, node: Any, pointer: str, in_base: bool, depth: int = 0) -> dict[str, tuple[Any, str]]:
    """name -> (property schema, pointer), own properties and those of allOf members."""
    deref = cmp.base_deref if in_base else cmp.rev_deref
    node, pointer = deref(node, pointer)
    out: dict[str, tuple[Any, str]] = {}
    if not isinstance(node, dict) or depth > _MAX_DEPTH:
        return out
    members = node.get("allOf")
    if isinstance(members, list):
        for i, member in enumerate(members):
            for name, found in _properties(cmp, member, jp.append(pointer, "allOf", i), in_base, depth + 1).items():
                out.setdefault(name, found)
    props = node.get("properties")
    if isinstance(props, dict):
        for name, schema in props.items():
            out[name] = (schema, jp.append(pointer, "properties", name))
    return out


def _walk(
    cmp: Comparison,
    direction: Direction,
    operation: str,
    b: Any,
    bp: str,
    r: Any,
    rp: str,
    prefix: str,
    seen: set[_Key],
    depth: int,
    walk: _Walk,
    parent: _Key | None,
) -> Iterator[PropertyPair]:
    if depth > _MAX_DEPTH:
        return
    b, bp = cmp.base_deref(b, bp)
    r, rp = cmp.rev_deref(r, rp)
    if not isinstance(b, dict) or not isinstance(r, dict):
        return
    # A schema pair is walked once, however many operations and properties reach it: the
    # cost grows with the documents, not with the paths through the $ref graph.
    node_key: _Key = ("node", direction, bp, rp)
    if parent is None:
        walk.roots.setdefault(node_key, set()).add(operation)
    else:
        walk.parents.setdefault(node_key, set()).add(parent)
    if node_key in seen:
        return
    seen.add(node_key)
    if isinstance(b.get("items"), dict) and isinstance(r.get("items"), dict):
        yield from _walk(
            cmp,
            direction,
            operation,
            b["items"],
            bp + "/items",
            r["items"],
            rp + "/items",
            prefix,
            seen,
            depth + 1,
            walk,
            node_key,
        )
    old_props = _properties(cmp, b, bp, True)
    new_props = _properties(cmp, r, rp, False)
    for name, (old, op) in old_props.items():
        if name not in new_props:
            continue
        new, np = new_props[name]
        old_node, op = cmp.base_deref(old, op)
        new_node, np = cmp.rev_deref(new, np)
        if not isinstance(old_node, dict) or not isinstance(new_node, dict):
            continue
        key: _Key = ("prop", direction, op, np)
        if key in seen:
            # reached again through another schema: that schema is above it too
            walk.parents.setdefault(key, set()).add(node_key)
            continue
        seen.add(key)
        full = f"{prefix}/{name}" if prefix else name
        yield PropertyPair(direction, operation, full, old_node, new_node, op, np, key)
        walk.parents.setdefault(key, set()).add(node_key)
        if not cmp.same(old_node, new_node):
            yield from _walk(
                cmp, direction, operation, old_node, op, new_node, np, full, seen, depth + 1, walk, node_key
            )


def deprecation_problem(cmp: Comparison, node: dict[str, Any], level: str) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with a fresh deprecation's sunset, if anything: (problem, args), the
    problem one of sunset-missing, sunset-parse, too-small. The sunset family reports it
    instead of the plain deprecated finding (one finding per logical change)."""
    days = min_sunset_days(cmp, level)
    if SUNSET_KEY not in node:
        return ("sunset-missing", {"days": days}) if days > 0 else None
    when = parse_sunset(node[SUNSET_KEY])
    if when is None:
        return "sunset-parse", {"value": node[SUNSET_KEY]}
    if (when - cmp.today).days < days:
        return "too-small", {"sunset": when.isoformat(), "days": days, "today": cmp.today.isoformat()}
    return None
