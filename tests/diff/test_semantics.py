"""The diff compares meaning, not text."""

from __future__ import annotations

from typing import Any

from diffkit import one, run, spec

OK = {"200": {"description": "ok"}}


def body_doc(schema: Any, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    op = {"requestBody": {"content": {"application/json": {"schema": schema}}}, "responses": OK}
    return spec({"/a": {"post": op}}, components={"schemas": schemas or {}})


PET = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 10}}}


def test_ref_replaced_by_identical_inline_schema_is_no_change() -> None:
    assert run(body_doc({"$ref": "#/components/schemas/Pet"}, {"Pet": PET}), body_doc(PET)) == []


def test_renamed_component_with_same_content_is_no_change() -> None:
    base = body_doc({"$ref": "#/components/schemas/Pet"}, {"Pet": PET})
    revision = body_doc({"$ref": "#/components/schemas/Animal"}, {"Animal": PET})
    assert run(base, revision) == []


def test_change_inside_component_points_at_the_component() -> None:
    changed = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}}
    found = one(
        run(
            body_doc({"$ref": "#/components/schemas/Pet"}, {"Pet": PET}),
            body_doc({"$ref": "#/components/schemas/Pet"}, {"Pet": changed}),
        ),
        "request-property-max-length-decreased",
    )
    assert found.revision_pointer == "/components/schemas/Pet/properties/name/maxLength"
    assert found.args["path"] == "Pet.name"  # from the component, whatever reaches it


def test_recursive_schemas_terminate() -> None:
    def tree(max_len: int) -> dict[str, Any]:
        node = {
            "type": "object",
            "properties": {
                "label": {"type": "string", "maxLength": max_len},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            },
        }
        return body_doc({"$ref": "#/components/schemas/Node"}, {"Node": node})

    findings = run(tree(10), tree(5))
    assert [f.rule for f in findings] == ["request-property-max-length-decreased"]


def test_nullable_30_and_type_array_31_are_the_same() -> None:
    base = body_doc({"type": "string", "nullable": True})
    base["openapi"] = "3.0.3"
    assert [f.rule for f in run(base, body_doc({"type": ["string", "null"]}))] == ["openapi-version-changed"]


def test_all_of_is_compared_by_its_merged_meaning() -> None:
    merged = {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    split = {
        "allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"type": "object", "properties": {"b": {"type": "integer"}}},
        ]
    }
    assert run(body_doc(merged), body_doc(split)) == []


def test_one_of_variants_are_matched_by_discriminator_mapping() -> None:
    cat = {"type": "object", "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}}}
    dog = {"type": "object", "properties": {"kind": {"const": "dog"}}}
    mapping = {"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog"}
    base = body_doc(
        {
            "oneOf": [{"$ref": mapping["cat"]}, {"$ref": mapping["dog"]}],
            "discriminator": {"propertyName": "kind", "mapping": mapping},
        },
        {"Cat": cat, "Dog": dog},
    )
    # same variants, other order, one renamed: only the real change is reported
    mapping2 = {"cat": "#/components/schemas/Feline", "dog": "#/components/schemas/Dog"}
    cat2 = {**cat, "properties": {**cat["properties"], "lives": {"type": "integer", "maximum": 9}}}
    revision = body_doc(
        {
            "oneOf": [{"$ref": mapping2["dog"]}, {"$ref": mapping2["cat"]}],
            "discriminator": {"propertyName": "kind", "mapping": mapping2},
        },
        {"Feline": cat2, "Dog": dog},
    )
    [found] = run(base, revision)
    assert found.rule == "request-property-max-decreased"
    assert found.args["path"] == "Feline.lives"  # from the component it lies in


def test_shared_component_change_is_one_finding_listing_its_operations() -> None:
    ref = {"$ref": "#/components/schemas/Pet"}
    changed = {"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}}

    def doc(pet: Any) -> dict[str, Any]:
        twice = {"type": "object", "properties": {"x": ref, "y": ref}}
        op = {
            "requestBody": {"content": {"application/json": {"schema": twice}, "application/xml": {"schema": twice}}},
            "responses": OK,
        }
        return spec({"/a": {"post": op}, "/b": {"put": op}}, components={"schemas": {"Pet": pet}})

    findings = run(doc(PET), doc(changed))
    [found] = findings  # two operations, two media types, two properties: one change
    assert found.rule == "request-property-max-length-decreased"
    assert found.operation is None
    assert found.operations == ["POST /a", "PUT /b"]
    assert found.revision_pointer == "/components/schemas/Pet/properties/name/maxLength"
    assert found.args["path"] == "Pet.name"
