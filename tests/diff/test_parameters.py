"""Rule family: request parameters."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules

OK = {"200": {"description": "ok"}}


def q(**extra: Any) -> dict[str, Any]:
    return {"name": "q", "in": "query", "schema": {"type": "string"}, **extra}


def doc(*params: Any) -> dict[str, Any]:
    return spec({"/a": {"get": {"parameters": list(params), "responses": OK}}})


P0 = "/paths/~1a/get/parameters/0"
CASES = [
    ("request-parameter-added-required", doc(), doc(q(required=True)), P0),
    ("request-parameter-added-optional", doc(), doc(q()), P0),
    ("request-parameter-removed-without-deprecation", doc(q()), doc(), P0),
    ("request-parameter-removed-after-deprecation", doc(q(deprecated=True)), doc(), P0),
    ("request-parameter-became-required", doc(q()), doc(q(required=True)), P0),
    ("request-parameter-became-optional", doc(q(required=True)), doc(q()), P0),
    ("request-parameter-style-changed", doc(q()), doc(q(style="spaceDelimited")), P0),
    ("request-parameter-explode-changed", doc(q()), doc(q(explode=False)), P0),
    ("request-parameter-deprecated", doc(q()), doc(q(deprecated=True)), P0),
    ("request-parameter-reactivated", doc(q(deprecated=True)), doc(q()), P0),
    ("request-parameter-empty-value-disallowed", doc(q(allowEmptyValue=True)), doc(q()), P0),
    ("request-parameter-empty-value-allowed", doc(q()), doc(q(allowEmptyValue=True)), P0),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert pointer in (found[0].revision_pointer, found[0].base_pointer)
    assert found[0].operation == "GET /a"


def test_parameter_moved_to_path_level_is_no_change() -> None:
    base = doc(q(required=True))
    revision = spec({"/a": {"parameters": [q(required=True)], "get": {"responses": OK}}})
    assert run(base, revision) == []


def test_header_names_are_case_insensitive() -> None:
    h = {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
    assert run(doc(h), doc({**h, "name": "x-trace"})) == []


def test_parameter_location_matters() -> None:
    found = {f.rule for f in run(doc(q()), doc({**q(), "in": "header"}))}
    assert found == {"request-parameter-removed-without-deprecation", "request-parameter-added-optional"}
