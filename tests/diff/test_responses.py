"""Rule family: responses (status codes, media types, headers, SSE events)."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules

J = {"application/json": {"schema": {"type": "object"}}}


def doc(responses: dict[str, Any]) -> dict[str, Any]:
    return spec({"/a": {"get": {"responses": responses}}})


def ev(name: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"event": {"const": name}}}


def stream(*names: str) -> dict[str, Any]:
    schema = {
        "oneOf": [{"$ref": f"#/components/schemas/{n}"} for n in names],
        "discriminator": {"propertyName": "event", "mapping": {n: f"#/components/schemas/{n}" for n in names}},
    }
    tree = doc({"200": {"description": "ok", "content": {"text/event-stream": {"schema": schema}}}})
    tree["components"] = {"schemas": {n: ev(n) for n in ("delta", "done", "heartbeat")}}
    return tree


def h(required: bool = False) -> dict[str, Any]:
    return {"schema": {"type": "string"}, "required": required}


R = "/paths/~1a/get/responses"
CASES = [
    (
        "response-success-status-removed",
        doc({"200": {"description": "ok"}, "201": {"description": "c"}}),
        doc({"200": {"description": "ok"}}),
        R + "/201",
    ),
    (
        "response-success-status-added",
        doc({"200": {"description": "ok"}}),
        doc({"200": {"description": "ok"}, "201": {"description": "c"}}),
        R + "/201",
    ),
    (
        "response-status-removed",
        doc({"200": {"description": "ok"}, "404": {"description": "n"}}),
        doc({"200": {"description": "ok"}}),
        R + "/404",
    ),
    (
        "response-status-added",
        doc({"200": {"description": "ok"}}),
        doc({"200": {"description": "ok"}, "404": {"description": "n"}}),
        R + "/404",
    ),
    (
        "response-media-type-removed",
        doc({"200": {"description": "ok", "content": {**J, "text/csv": {}}}}),
        doc({"200": {"description": "ok", "content": J}}),
        R + "/200/content/text~1csv",
    ),
    (
        "response-media-type-added",
        doc({"200": {"description": "ok", "content": J}}),
        doc({"200": {"description": "ok", "content": {**J, "text/csv": {}}}}),
        R + "/200/content/text~1csv",
    ),
    (
        "response-header-removed",
        doc({"200": {"description": "ok", "headers": {"X-A": h(True)}}}),
        doc({"200": {"description": "ok"}}),
        R + "/200/headers/X-A",
    ),
    (
        "optional-response-header-removed",
        doc({"200": {"description": "ok", "headers": {"X-A": h()}}}),
        doc({"200": {"description": "ok"}}),
        R + "/200/headers/X-A",
    ),
    (
        "response-header-added",
        doc({"200": {"description": "ok"}}),
        doc({"200": {"description": "ok", "headers": {"X-A": h()}}}),
        R + "/200/headers/X-A",
    ),
    (
        "response-header-became-optional",
        doc({"200": {"description": "ok", "headers": {"X-A": h(True)}}}),
        doc({"200": {"description": "ok", "headers": {"X-A": h()}}}),
        R + "/200/headers/X-A",
    ),
    (
        "response-header-became-required",
        doc({"200": {"description": "ok", "headers": {"X-A": h()}}}),
        doc({"200": {"description": "ok", "headers": {"X-A": h(True)}}}),
        R + "/200/headers/X-A",
    ),
    (
        "sse-event-removed",
        stream("delta", "done"),
        stream("delta"),
        R + "/200/content/text~1event-stream/schema/oneOf/1",
    ),
    ("sse-event-added", stream("delta"), stream("delta", "heartbeat"), None),
    (
        "response-media-type-schema-added",
        doc({"200": {"description": "ok", "content": {"application/json": {}}}}),
        doc({"200": {"description": "ok", "content": J}}),
        R + "/200/content/application~1json/schema",
    ),
    (
        "response-media-type-schema-removed",
        doc({"200": {"description": "ok", "content": J}}),
        doc({"200": {"description": "ok", "content": {"application/json": {}}}}),
        R + "/200/content/application~1json/schema",
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str | None) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    if pointer:
        assert pointer in (found[0].revision_pointer, found[0].base_pointer) or pointer in (found[0].base_pointer or "")


def test_sse_event_is_reported_as_event_not_as_variant() -> None:
    findings = run(stream("delta", "done"), stream("delta"))
    assert [(f.rule, f.args.get("event")) for f in findings] == [("sse-event-removed", "done")]


def test_write_only_properties_are_ignored_in_responses() -> None:
    def body(props: dict[str, Any]) -> Any:
        return {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"type": "object", "properties": props}}},
            }
        }

    assert run(doc(body({"s": {"type": "string", "writeOnly": True}})), doc(body({}))) == []
