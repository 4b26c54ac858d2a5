"""Rule family: ``x-stability-level`` (oasdiff's stability rules, same IDs).

An invalid level (not one of draft, alpha, beta, stable) on an operation the revision
changes or removes, or on a property of its bodies, is ``api-invalid-stability-level``:
the policy cannot tell what may change, so it fails closed. A property whose level went
down (stable to beta, beta to draft) is ``request-``/``response-property-stability-
decreased``. The operation-level change is ``operation-stability-decreased`` (endpoints).
"""

from __future__ import annotations

from collections.abc import Iterator

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.checks.lifecycle import RANK, STABILITY_KEY, property_pairs, spread, stability
from rivya_contract.diff.context import Comparison
from rivya_contract.document import HTTP_METHODS
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction

B, C = Level.BREAKING, Level.COMPATIBLE
_rule = rule_maker("stability")
_request = rule_maker("stability", Direction.REQUEST)
_response = rule_maker("stability", Direction.RESPONSE)

RULES = [
    _rule(
        "api-invalid-stability-level",
        B,
        "An x-stability-level is not one of draft, alpha, beta, stable (on an operation or a body property).",
        "{where}: {problem}",
        reason="a malformed value, not a change with an opposite",
    ),
    _request(
        "request-property-stability-decreased",
        B,
        "A request property's x-stability-level went down (e.g. stable to beta).",
        "request property {name}: stability lowered from {old} to {new}",
        "request-property-stability-increased",
    ),
    _request(
        "request-property-stability-increased",
        C,
        "A request property's x-stability-level went up.",
        "request property {name}: stability raised from {old} to {new}",
        "request-property-stability-decreased",
    ),
    _response(
        "response-property-stability-decreased",
        B,
        "A response property's x-stability-level went down (e.g. stable to beta).",
        "response property {name}: stability lowered from {old} to {new}",
        "response-property-stability-increased",
    ),
    _response(
        "response-property-stability-increased",
        C,
        "A response property's x-stability-level went up.",
        "response property {name}: stability raised from {old} to {new}",
        "response-property-stability-decreased",
    ),
]


def check(cmp: Comparison) -> Iterator[Finding]:
    yield from _operations(cmp)
    for prop in property_pairs(cmp):
        if prop.base.get(STABILITY_KEY) == prop.revision.get(STABILITY_KEY):
            continue
        old, old_problem = stability(prop.base)
        new, new_problem = stability(prop.revision)
        where = f"{prop.direction} property {prop.name}"
        if old_problem or new_problem:
            base_ptr = jp.append(prop.base_pointer, STABILITY_KEY) if old_problem else None
            rev_ptr = jp.append(prop.revision_pointer, STABILITY_KEY) if new_problem else None
            yield spread(
                cmp,
                prop,
                cmp.finding(
                    "api-invalid-stability-level",
                    base_pointer=base_ptr,
                    revision_pointer=rev_ptr,
                    operation=prop.operation,
                    where=where,
                    problem=new_problem or old_problem,
                ),
            )
            continue
        if RANK[old] == RANK[new]:
            continue
        rid = f"{prop.direction}-property-stability-{'decreased' if RANK[new] < RANK[old] else 'increased'}"
        yield spread(
            cmp,
            prop,
            cmp.finding(
                rid,
                base_pointer=prop.base_pointer,
                revision_pointer=jp.append(prop.revision_pointer, STABILITY_KEY)
                if STABILITY_KEY in prop.revision
                else prop.revision_pointer,
                operation=prop.operation,
                name=prop.name,
                old=old,
                new=new,
            ),
        )


def _operations(cmp: Comparison) -> Iterator[Finding]:
    """Invalid levels on operations the revision changes (either side) or removes."""
    for pair in cmp.operation_pairs:
        if cmp.same(pair.base.node, pair.revision.node):
            continue
        for node, ptr, in_base in (
            (pair.base.node, pair.base.pointer, True),
            (pair.revision.node, pair.revision.pointer, False),
        ):
            _, problem = stability(node)
            if problem:
                at = jp.append(ptr, STABILITY_KEY)
                yield cmp.finding(
                    "api-invalid-stability-level",
                    base_pointer=at if in_base else None,
                    revision_pointer=None if in_base else at,
                    operation=pair.key,
                    where=f"operation {pair.key}",
                    problem=problem,
                )
    revision_ops = {(op.method, op.path) for op in cmp.revision.operations()}
    paired = {(p.base.method, p.base.path) for p in cmp.operation_pairs}
    for op in cmp.base.operations():
        if (op.method, op.path) in paired or (op.method, op.path) in revision_ops or op.method not in HTTP_METHODS:
            continue
        _, problem = stability(op.node)
        if problem:
            yield cmp.finding(
                "api-invalid-stability-level",
                base_pointer=jp.append(op.pointer, STABILITY_KEY),
                revision_pointer=None,
                operation=op.key,
                where=f"operation {op.key}",
                problem=problem,
            )
