"""Rule family: request bodies."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules

OK = {"200": {"description": "ok"}}
S = {"schema": {"type": "object"}}


def doc(body: Any = None) -> dict[str, Any]:
    operation: dict[str, Any] = {"responses": OK}
    if body is not None:
        operation["requestBody"] = body
    return spec({"/a": {"post": operation}})


RB = "/paths/~1a/post/requestBody"
CASES = [
    ("request-body-added-required", doc(), doc({"required": True, "content": {"application/json": S}}), RB),
    ("request-body-added-optional", doc(), doc({"content": {"application/json": S}}), RB),
    ("request-body-removed", doc({"content": {"application/json": S}}), doc(), RB),
    (
        "request-body-became-required",
        doc({"content": {"application/json": S}}),
        doc({"required": True, "content": {"application/json": S}}),
        RB,
    ),
    (
        "request-body-became-optional",
        doc({"required": True, "content": {"application/json": S}}),
        doc({"content": {"application/json": S}}),
        RB,
    ),
    (
        "request-body-media-type-added",
        doc({"content": {"application/json": S}}),
        doc({"content": {"application/json": S, "text/plain": S}}),
        RB + "/content/text~1plain",
    ),
    (
        "request-body-media-type-removed",
        doc({"content": {"application/json": S, "text/plain": S}}),
        doc({"content": {"application/json": S}}),
        RB + "/content/text~1plain",
    ),
    (
        "request-body-encoding-changed",
        doc({"content": {"multipart/form-data": {**S, "encoding": {"file": {"contentType": "image/png"}}}}}),
        doc({"content": {"multipart/form-data": {**S, "encoding": {"file": {"contentType": "image/jpeg"}}}}}),
        RB + "/content/multipart~1form-data/encoding/file/contentType",
    ),
    (
        "request-body-media-type-schema-added",
        doc({"content": {"application/json": {}}}),
        doc({"content": {"application/json": S}}),
        RB + "/content/application~1json/schema",
    ),
    (
        "request-body-media-type-schema-removed",
        doc({"content": {"application/json": S}}),
        doc({"content": {"application/json": {}}}),
        RB + "/content/application~1json/schema",
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert pointer in (found[0].revision_pointer, found[0].base_pointer)


def test_read_only_properties_are_ignored_in_requests() -> None:
    def body(props: dict[str, Any]) -> Any:
        return {"content": {"application/json": {"schema": {"type": "object", "properties": props}}}}

    base = doc(body({"id": {"type": "string", "readOnly": True}}))
    revision = doc(body({"id": {"type": "integer", "readOnly": True}}))
    assert run(base, revision) == []
