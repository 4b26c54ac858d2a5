from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rivya_contract.load import load_bundled
from rivya_contract.proptest import schema_view
from rivya_contract.proptest.seeding import case_seed, draw
from rivya_contract.proptest.strategies import SchemaStrategies, values_for
from tests.proptest.helpers import validator

TRICKY: dict[str, Any] = {
    "$defs": {
        "node": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string", "pattern": "^[a-z]{2,5}$"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}, "maxItems": 2},
            },
        },
        "pet": {
            "oneOf": [{"$ref": "#/$defs/cat"}, {"$ref": "#/$defs/dog"}],
            "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/$defs/cat", "dog": "#/$defs/dog"}},
        },
        "cat": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer", "minimum": 1, "maximum": 9}},
        },
        "dog": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}},
        },
    },
    "type": "object",
    "required": ["id", "when", "ratio", "tree", "pet", "tags"],
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "when": {"type": "string", "format": "date-time"},
        "mail": {"type": "string", "format": "email"},
        "site": {"type": "string", "format": "uri"},
        "ratio": {"type": "number", "exclusiveMinimum": 0, "maximum": 1, "multipleOf": 0.05},
        "count": {"type": "integer", "exclusiveMinimum": 2, "exclusiveMaximum": 40, "multipleOf": 3},
        "maybe": {"type": ["string", "null"], "minLength": 3, "maxLength": 4},
        "tree": {"$ref": "#/$defs/node"},
        "pet": {"$ref": "#/$defs/pet"},
        "tags": {"type": "array", "items": {"enum": ["a", "b", "c", 1]}, "uniqueItems": True, "minItems": 1},
        "both": {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"properties": {"b": {"type": "string", "minLength": 1}}, "required": ["b"]},
            ]
        },
        "any": {"anyOf": [{"type": "integer", "minimum": 100}, {"type": "string", "maxLength": 2}]},
        "one": {"oneOf": [{"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}]},
        "no": {"not": {"type": "string"}},
        "map": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        "secret": {"type": "string", "readOnly": True, "minLength": 500},
    },
}


@settings(max_examples=150, deadline=None)
@given(values_for(TRICKY))
def test_tricky_schema_values_are_valid(value: Any) -> None:
    errors = list(validator(TRICKY, "").iter_errors(value))
    assert not errors, [e.message for e in errors]
    assert "secret" not in value  # readOnly stays out of requests


def test_recursion_is_bounded() -> None:
    strategy = values_for({"$ref": "#/$defs/node", "$defs": TRICKY["$defs"]})
    depths = []
    for index in range(60):
        value = draw(strategy, index)
        depth = 0
        while value.get("children"):
            value, depth = value["children"][0], depth + 1
        depths.append(depth)
    assert max(depths) <= 2


def test_same_seed_same_value_and_seeds_vary() -> None:
    strategy = values_for(TRICKY)
    first = [draw(strategy, case_seed(7, "op", "valid", i)) for i in range(10)]
    again = [draw(strategy, case_seed(7, "op", "valid", i)) for i in range(10)]
    assert first == again
    assert len({repr(v) for v in first}) > 5


def _bundled_request_schemas() -> list[str]:
    doc = load_bundled()
    names = [
        "GenerationRequest",
        "ChatCompletionRequest",
        "WebhookEndpointCreate",
        "WebhookEndpointUpdate",
        "FileUploadRequest",
    ]
    names += [n for n in doc.tree["components"]["schemas"] if n.startswith("ModelParams.")]
    return [n for n in names if n in doc.tree["components"]["schemas"]]


@pytest.mark.parametrize("name", _bundled_request_schemas())
def test_bundled_request_schemas_generate_valid_values(name: str) -> None:
    doc = load_bundled()
    pointer = f"/components/schemas/{name}"
    check = validator(doc.tree, pointer)
    strategy = values_for(pointer, doc)
    for index in range(40):
        value = draw(strategy, case_seed(0, name, "valid", index))
        errors = list(check.iter_errors(value))
        assert not errors, (value, [e.message for e in errors])


def test_every_generation_model_is_generated() -> None:
    doc = load_bundled()
    mapping = doc.tree["components"]["schemas"]["GenerationRequest"]["discriminator"]["mapping"]
    strategy = values_for("/components/schemas/GenerationRequest", doc)
    seen = {draw(strategy, i)["model"] for i in range(300)}
    assert seen == set(mapping)


OPENAPI_30 = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {},
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["n", "s"],
                "properties": {
                    "n": {"type": "integer", "minimum": 0, "maximum": 10, "exclusiveMaximum": True},
                    "s": {"type": "string", "nullable": True, "enum": ["x", "y"]},
                    "r": {"$ref": "#/components/schemas/Other"},
                },
            },
            "Other": {"type": "number", "nullable": True, "minimum": 1.5, "exclusiveMinimum": True},
        }
    },
}


def test_openapi_30_nullable_and_boolean_exclusive_bounds() -> None:
    from rivya_contract.document import Document

    doc = Document(OPENAPI_30, "<3.0>")
    view = schema_view.view(doc)
    strategy = SchemaStrategies(view).valid({"$ref": "#/components/schemas/Thing"})
    seen_null = seen_nine = False
    for index in range(200):
        value = draw(strategy, index)
        assert 0 <= value["n"] < 10
        assert value["s"] in ("x", "y", None)
        if "r" in value and value["r"] is not None:
            assert value["r"] > 1.5
        seen_null |= value["s"] is None
        seen_nine |= value["n"] == 9
        assert not list(validator(view.tree, "/components/schemas/Thing").iter_errors(value))
    assert seen_null


@given(st.data())
@settings(max_examples=30, deadline=None)
def test_values_for_works_inside_given(data: st.DataObject) -> None:
    value = data.draw(values_for({"type": "integer", "minimum": 5, "multipleOf": 5}))
    assert value >= 5 and value % 5 == 0
