"""Rule family: endpoints (paths and operations)."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules

OK = {"200": {"description": "ok"}}


def op(**extra: Any) -> dict[str, Any]:
    return {"responses": OK, **extra}


CASES = [
    ("path-added", spec({"/a": {"get": op()}}), spec({"/a": {"get": op()}, "/b": {"get": op()}}), "/paths/~1b"),
    (
        "path-removed-without-deprecation",
        spec({"/a": {"get": op()}, "/b": {"get": op()}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1b",
    ),
    (
        "path-removed-after-deprecation",
        spec({"/a": {"get": op()}, "/b": {"get": op(deprecated=True)}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1b",
    ),
    (
        "path-removed-before-sunset",
        spec({"/a": {"get": op()}, "/b": {"get": op(deprecated=True, **{"x-sunset": "2027-01-01"})}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1b",
    ),
    ("operation-added", spec({"/a": {"get": op()}}), spec({"/a": {"get": op(), "post": op()}}), "/paths/~1a/post"),
    (
        "operation-removed-without-deprecation",
        spec({"/a": {"get": op(), "post": op()}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1a/post",
    ),
    (
        "operation-removed-after-deprecation",
        spec({"/a": {"get": op(), "post": op(deprecated=True)}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1a/post",
    ),
    (
        "operation-removed-before-sunset",
        spec({"/a": {"get": op(), "post": op(deprecated=True, **{"x-sunset": "2027-01-01"})}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1a/post",
    ),
    (
        "operation-id-changed",
        spec({"/a": {"get": op(operationId="x")}}),
        spec({"/a": {"get": op(operationId="y")}}),
        "/paths/~1a/get/operationId",
    ),
    ("operation-id-removed", spec({"/a": {"get": op(operationId="x")}}), spec({"/a": {"get": op()}}), "/paths/~1a/get"),
    (
        "operation-id-added",
        spec({"/a": {"get": op()}}),
        spec({"/a": {"get": op(operationId="y")}}),
        "/paths/~1a/get/operationId",
    ),
    ("operation-deprecated", spec({"/a": {"get": op()}}), spec({"/a": {"get": op(deprecated=True)}}), "/paths/~1a/get"),
    (
        "operation-reactivated",
        spec({"/a": {"get": op(deprecated=True)}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1a/get",
    ),
    (
        "operation-sunset-earlier",
        spec({"/a": {"get": op(**{"x-sunset": "2027-06-01"})}}),
        spec({"/a": {"get": op(**{"x-sunset": "2027-01-01"})}}),
        "/paths/~1a/get",
    ),
    (
        "operation-sunset-later",
        spec({"/a": {"get": op(**{"x-sunset": "2027-01-01"})}}),
        spec({"/a": {"get": op(**{"x-sunset": "2027-06-01"})}}),
        "/paths/~1a/get",
    ),
    (
        "operation-stability-decreased",
        spec({"/a": {"get": op()}}),
        spec({"/a": {"get": op(**{"x-stability-level": "beta"})}}),
        "/paths/~1a/get",
    ),
    (
        "operation-stability-increased",
        spec({"/a": {"get": op(**{"x-stability-level": "beta"})}}),
        spec({"/a": {"get": op()}}),
        "/paths/~1a/get",
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert pointer in (found[0].revision_pointer, found[0].base_pointer)


def test_removed_path_is_one_finding_not_one_per_operation_or_property() -> None:
    body = {
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(20)}}
            }
        }
    }
    base = spec({"/a": {"get": op()}, "/b": {"get": op(), "post": op(requestBody=body)}})
    findings = run(base, spec({"/a": {"get": op()}}))
    assert [f.rule for f in findings] == ["path-removed-without-deprecation"]


def test_path_parameter_names_do_not_matter() -> None:
    p = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    base = spec({"/a/{id}": {"get": op(parameters=[p])}})
    revision = spec({"/a/{taskId}": {"get": op(parameters=[{**p, "name": "taskId"}])}})
    # the same operation, the same wire; only the generated SDK's keyword argument changes
    [renamed] = run(base, revision)
    assert (renamed.rule, renamed.level, renamed.operation) == (
        "request-path-parameter-renamed",
        "warning",
        "GET /a/{taskId}",
    )
