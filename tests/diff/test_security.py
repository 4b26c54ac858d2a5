"""Rule family: security requirements and schemes."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules

OK = {"200": {"description": "ok"}}
SCHEMES = {
    "securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    }
}


def doc(security: Any, schemes: Any = None, **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": OK, **extra}
    if security is not None:
        operation["security"] = security
    return spec({"/a": {"get": operation}}, components=schemes or SCHEMES)


CASES = [
    ("operation-security-added", doc([]), doc([{"bearer": []}]), "/paths/~1a/get/security"),
    ("operation-security-removed", doc([{"bearer": []}]), doc([]), "/paths/~1a/get/security"),
    (
        "operation-security-alternative-added",
        doc([{"bearer": []}]),
        doc([{"bearer": []}, {"key": []}]),
        "/paths/~1a/get/security",
    ),
    (
        "operation-security-alternative-removed",
        doc([{"bearer": []}, {"key": []}]),
        doc([{"bearer": []}]),
        "/paths/~1a/get/security",
    ),
    (
        "operation-security-scope-added",
        doc([{"bearer": ["a"]}]),
        doc([{"bearer": ["a", "b"]}]),
        "/paths/~1a/get/security",
    ),
    (
        "operation-security-scope-removed",
        doc([{"bearer": ["a", "b"]}]),
        doc([{"bearer": ["a"]}]),
        "/paths/~1a/get/security",
    ),
    (
        "security-scheme-added",
        doc([{"bearer": []}], {"securitySchemes": {"bearer": SCHEMES["securitySchemes"]["bearer"]}}),
        doc([{"bearer": []}]),
        "/components/securitySchemes/key",
    ),
    (
        "security-scheme-removed",
        doc([{"bearer": []}]),
        doc([{"bearer": []}], {"securitySchemes": {"bearer": SCHEMES["securitySchemes"]["bearer"]}}),
        "/components/securitySchemes/key",
    ),
    (
        "security-scheme-changed",
        doc([{"key": []}]),
        doc(
            [{"key": []}],
            {
                "securitySchemes": {
                    **SCHEMES["securitySchemes"],
                    "key": {"type": "apiKey", "in": "query", "name": "X-Key"},
                }
            },
        ),
        "/components/securitySchemes/key/in",
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert pointer in (found[0].revision_pointer, found[0].base_pointer)


def test_scope_in_security_and_x_rivya_scopes_is_reported_once() -> None:
    base = doc([{"bearer": ["a"]}], **{"x-rivya-scopes": ["a"]})
    revision = doc([{"bearer": ["a", "b"]}], **{"x-rivya-scopes": ["a", "b"]})
    assert [f.rule for f in run(base, revision)] == ["operation-security-scope-added"]


def test_global_security_applies_when_the_operation_has_none() -> None:
    base = {**doc(None), "security": [{"bearer": ["a"]}]}
    revision = {**doc(None), "security": [{"bearer": ["a", "b"]}]}
    assert [f.args["scope"] for f in run(base, revision)] == ["b"]
