"""Compare by meaning: each wrong behaviour issue 14 names, as a regression test, plus the
shapes of real documents it came from (Cloudflare's envelope, OpenAI's open enums)."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

OK = {"200": {"description": "ok"}}
S = {"type": "string"}


def body(schema: Any, **schemas: Any) -> dict[str, Any]:
    """POST /a takes ``schema``; GET /a returns it."""
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    post = {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": OK}
    return spec({"/a": {"post": post, "get": {"responses": ok}}}, components={"schemas": schemas})


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


ENVELOPE = {"type": "object", "properties": {"success": {"type": "boolean"}, "result": {}}}
ZONE = {"type": "object", "properties": {"id": S, "name": S, "paused": {"type": "boolean"}}, "required": ["id"]}


def test_allof_later_member_property_is_intersected_not_dropped() -> None:
    """Cloudflare: allOf: [common, {properties: {result: {$ref: X}}}] compares X."""
    single = {"allOf": [ref("Common"), {"properties": {"result": ref("Zone")}}]}
    zone = {**ZONE, "properties": {k: v for k, v in ZONE["properties"].items() if k != "name"}}
    base = body(ref("Single"), Single=single, Common=ENVELOPE, Zone=ZONE)
    revision = body(ref("Single"), Single=single, Common=ENVELOPE, Zone=zone)
    found = [f for f in run(base, revision) if f.rule == "response-property-property-removed-optional"]
    assert len(found) == 1
    assert found[0].args["name"] == "name"
    assert found[0].base_pointer == "/components/schemas/Zone/properties/name"
    assert found[0].revision_pointer == "/components/schemas/Zone"  # where it is missing now


def test_allof_bounds_take_the_tighter_value() -> None:
    both = {"allOf": [{"type": "string", "maxLength": 10}, {"maxLength": 20}]}
    looser = {"allOf": [{"type": "string", "maxLength": 15}, {"maxLength": 20}]}
    rules_found = [f.rule for f in run(body(both), body(looser))]
    assert "request-property-max-length-increased" in rules_found  # 10 -> 15, not 20 -> 20


@pytest.mark.parametrize("word", ["oneOf", "anyOf"])
def test_inline_variants_reordered_is_no_change(word: str) -> None:
    a = {"type": "object", "properties": {"kind": {"const": "a"}, "x": S}}
    b = {"type": "object", "properties": {"kind": {"const": "b"}, "y": {"type": "integer"}}}
    assert run(body({word: [a, b]}), body({word: [b, a]})) == []


def test_variant_component_renamed_with_the_same_content_is_no_change() -> None:
    base = body({"oneOf": [ref("Cat"), ref("Dog")]}, Cat=ZONE, Dog={"type": "integer"})
    revision = body({"oneOf": [ref("Feline"), ref("Dog")]}, Feline=ZONE, Dog={"type": "integer"})
    assert run(base, revision) == []


def test_variants_are_matched_by_content_not_position() -> None:
    a = {"type": "object", "properties": {"x": S}, "required": ["x"]}
    b = {"type": "object", "properties": {"y": {"type": "integer", "maximum": 10}}}
    b2 = {"type": "object", "properties": {"y": {"type": "integer", "maximum": 5}}}
    rules_found = [f.rule for f in run(body({"oneOf": [a, b]}), body({"oneOf": [b2, a]}))]
    assert sorted(rules_found) == ["request-property-max-decreased", "response-property-max-decreased"]


def test_open_enum_union_absorbs_enum_changes() -> None:
    """OpenAI: anyOf: [{type: string}, {type: string, enum: [...]}] accepts any string."""
    old = {"anyOf": [S, {"type": "string", "enum": ["gpt-4o", "gpt-4"]}]}
    new = {"anyOf": [S, {"type": "string", "enum": ["gpt-4o", "gpt-5"]}]}
    assert run(body(old), body(new)) == []
    # without the open branch the same change is reported
    closed = {f.rule for f in run(body(old["anyOf"][1]), body(new["anyOf"][1]))}
    assert {"request-property-enum-value-removed", "response-property-enum-value-added"} <= closed


def test_open_branch_does_not_absorb_other_types() -> None:
    old = {"anyOf": [S, {"type": "integer", "maximum": 10}]}
    new = {"anyOf": [S, {"type": "integer", "maximum": 5}]}
    assert "request-property-max-decreased" in [f.rule for f in run(body(old), body(new))]


def test_min_length_on_an_array_is_not_judged() -> None:
    """Cloudflare writes minLength on arrays (18 false findings on its pair)."""
    old = {"type": "array", "items": S, "minLength": 1}
    new = {"type": "array", "items": S, "minLength": 3}
    assert run(body(old), body(new)) == []
    # on a string it is
    assert run(body({**S, "minLength": 1}), body({**S, "minLength": 3}))


def test_a_null_branch_is_nullability() -> None:
    found = run(body(ref("Zone"), Zone=ZONE), body({"anyOf": [ref("Zone"), {"type": "null"}]}, Zone=ZONE))
    assert sorted(f.rule for f in found) == ["request-property-nullable-added", "response-property-nullable-added"]


def test_a_schema_becoming_a_union_of_itself_and_another_adds_a_variant() -> None:
    found = run(body(ref("Zone"), Zone=ZONE), body({"anyOf": [ref("Zone"), {"type": "integer"}]}, Zone=ZONE))
    assert sorted(f.rule for f in found) == [
        "request-property-one-of-variant-added",
        "response-property-one-of-variant-added",
    ]


def test_request_body_wrapped_in_one_of_is_one_breaking_finding() -> None:
    """oasdiff #702: required foo+bar become oneOf [{required foo}, {required bar}]."""
    props = {"foo": S, "bar": S, "baz": S}
    old = {"type": "object", "required": ["foo", "bar"], "properties": props}
    new = {"oneOf": [{"type": "object", "required": [n], "properties": props} for n in ("foo", "bar")]}
    found = [f for f in run(body(old), body(new)) if f.rule.startswith("request-")]
    assert [(f.rule, f.level) for f in found] == [("request-property-wrapped-in-one-of", "breaking")]


def test_not_is_judged_with_the_direction_reversed() -> None:
    old = {**S, "not": {**S, "maxLength": 2}}
    new = {**S, "not": {**S, "maxLength": 4}}  # excludes more strings: the request narrowed
    found = {f.rule: f.level for f in run(body(old), body(new))}
    assert found == {"request-property-not-widened": "breaking", "response-property-not-widened": "compatible"}


def test_object_query_parameter_properties_are_compared() -> None:
    """A deepObject parameter gaining a required property breaks callers."""

    def doc(schema: Any) -> dict[str, Any]:
        param = {"name": "filter", "in": "query", "style": "deepObject", "explode": True, "schema": schema}
        return spec({"/a": {"get": {"parameters": [param], "responses": OK}}})

    old = {"type": "object", "properties": {"status": S}}
    new = {"type": "object", "properties": {"status": S, "owner": S}, "required": ["owner"]}
    [found] = run(doc(old), doc(new))
    assert (found.rule, found.level) == ("request-parameter-property-added-required", "breaking")
    assert found.message == "query parameter 'filter': required property 'owner' added"


def test_x_extensible_enum_list_value_removed_breaks_requests() -> None:
    old = {**S, "x-extensible-enum": ["a", "b"]}
    new = {**S, "x-extensible-enum": ["a", "c"]}
    found = {(f.rule, f.level) for f in run(body(old), body(new))}
    assert ("request-property-x-extensible-enum-value-removed", "breaking") in found
    assert ("response-property-extensible-enum-value-added", "warning") in found
