"""Rule family: OpenAPI 3.1 top-level ``webhooks``.

A webhook is a request the API sends to the client, so its payload is compared with
direction "response" (what widens what subscribers receive breaks them) and reported
with the ``response-property-*`` rules, the operation named ``WEBHOOK <name>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from rivya_contract import pointer as jp
from rivya_contract.diff.checks.request_body import compare_bodies
from rivya_contract.diff.context import Comparison
from rivya_contract.document import HTTP_METHODS
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction, Rule

RULES = [
    Rule(
        "webhook-added",
        Level.COMPATIBLE,
        "A webhook (3.1 top-level webhooks) was added.",
        "webhook {name!r} added",
        area="webhooks",
        direction=Direction.RESPONSE,
        mirror="webhook-removed",
    ),
    Rule(
        "webhook-removed",
        Level.BREAKING,
        "A webhook was removed: subscribers stop receiving it.",
        "webhook {name!r} removed",
        area="webhooks",
        direction=Direction.RESPONSE,
        mirror="webhook-added",
    ),
]


def check(cmp: Comparison) -> Iterator[Finding]:
    old = cmp.base.tree.get("webhooks")
    new = cmp.revision.tree.get("webhooks")
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    if cmp.same(old, new):
        return
    for name in new:
        if name not in old:
            yield cmp.finding("webhook-added", base_pointer=None, revision_pointer=jp.join("webhooks", name), name=name)
    for name, item in old.items():
        ptr = jp.join("webhooks", name)
        if name not in new:
            yield cmp.finding("webhook-removed", base_pointer=ptr, revision_pointer=None, name=name)
            continue
        a = cmp.base_deref(item, ptr)[0]
        b = cmp.rev_deref(new[name], ptr)[0]
        if not isinstance(a, dict) or not isinstance(b, dict):
            continue
        for method in HTTP_METHODS:
            op_a, op_b = a.get(method), b.get(method)
            if not isinstance(op_a, dict) or not isinstance(op_b, dict):
                continue
            key = f"WEBHOOK {name}"
            bp, rp = jp.append(ptr, method, "requestBody"), jp.append(ptr, method, "requestBody")
            body_a, bp = cmp.base_deref(op_a.get("requestBody"), bp)
            body_b, rp = cmp.rev_deref(op_b.get("requestBody"), rp)
            yield from compare_bodies(cmp, key, body_a, body_b, bp, rp, "response")
