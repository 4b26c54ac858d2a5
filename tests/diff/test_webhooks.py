"""Rule family: 3.1 webhooks."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules


def hook(props: dict[str, Any]) -> dict[str, Any]:
    schema = {"type": "object", "properties": props}
    return {
        "post": {
            "requestBody": {"content": {"application/json": {"schema": schema}}},
            "responses": {"200": {"description": "ok"}},
        }
    }


def doc(**hooks: Any) -> dict[str, Any]:
    return spec(webhooks=hooks)


CASES = [
    ("webhook-added", doc(a=hook({})), doc(a=hook({}), b=hook({})), "/webhooks/b"),
    ("webhook-removed", doc(a=hook({}), b=hook({})), doc(a=hook({})), "/webhooks/b"),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert pointer in (found[0].revision_pointer, found[0].base_pointer)


def test_webhook_payload_is_compared_like_a_response() -> None:
    """Subscribers receive the payload: a widened enum is a response change (a warning in
    the strict profile, as oasdiff says; breaking under Rivya's, where a closed enum is a
    promise)."""
    base = doc(a=hook({"type": {"type": "string", "enum": ["x"]}}))
    revision = doc(a=hook({"type": {"type": "string", "enum": ["x", "y"]}}))
    [found] = run(base, revision)
    assert (found.rule, found.level, found.operation) == ("response-property-enum-value-added", "warning", "WEBHOOK a")
    [found] = run(base, revision, profile="rivya")
    assert (found.rule, found.level, found.operation) == ("response-property-enum-value-added", "breaking", "WEBHOOK a")
