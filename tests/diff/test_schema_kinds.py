"""Every schema change kind in every context (request body, response body, parameter,
response header): one minimal base/revision pair per kind, placed in each context."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules
from rivya_contract.diff.kinds import CONTEXTS, rules_for

S = {"type": "string"}
OBJ_A = {"type": "object", "properties": {"a": S}}
ARR = {"type": "array", "items": S}
JSON_TEXT = {"type": "string", "contentMediaType": "application/json"}

# kind -> (base schema, revision schema)
KIND_CASES: dict[str, tuple[Any, Any]] = {
    "type-changed": (S, {"type": "integer"}),
    "type-widened": ({"type": "integer"}, {"type": "number"}),
    "type-narrowed": ({"type": "number"}, {"type": "integer"}),
    "format-added": (S, {"type": "string", "format": "date-time"}),
    "format-removed": ({"type": "string", "format": "date-time"}, S),
    "format-changed": ({"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}),
    "nullable-added": (S, {"type": ["string", "null"]}),
    "nullable-removed": ({"type": ["string", "null"]}, S),
    "enum-value-added": ({"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["a", "b"]}),
    "enum-value-removed": ({"type": "string", "enum": ["a", "b"]}, {"type": "string", "enum": ["a"]}),
    "extensible-enum-value-added": (
        {"type": "string", "enum": ["a"], "x-extensible-enum": True},
        {"type": "string", "enum": ["a", "b"], "x-extensible-enum": True},
    ),
    "enum-added": (S, {"type": "string", "enum": ["a"]}),
    "enum-removed": ({"type": "string", "enum": ["a"]}, S),
    "const-changed": ({"const": "a"}, {"const": "b"}),
    "pattern-added": (S, {"type": "string", "pattern": "^a"}),
    "pattern-removed": ({"type": "string", "pattern": "^a"}, S),
    "pattern-changed": ({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}),
    "max-length-decreased": ({"type": "string", "maxLength": 10}, {"type": "string", "maxLength": 5}),
    "max-length-increased": ({"type": "string", "maxLength": 5}, {"type": "string", "maxLength": 10}),
    "min-length-increased": ({"type": "string", "minLength": 1}, {"type": "string", "minLength": 2}),
    "min-length-decreased": ({"type": "string", "minLength": 2}, {"type": "string", "minLength": 1}),
    "max-decreased": ({"type": "integer", "maximum": 10}, {"type": "integer", "maximum": 5}),
    "max-increased": ({"type": "integer", "maximum": 5}, {"type": "integer", "maximum": 10}),
    "min-increased": ({"type": "integer", "minimum": 1}, {"type": "integer", "minimum": 2}),
    "min-decreased": ({"type": "integer", "minimum": 2}, {"type": "integer", "minimum": 1}),
    "multiple-of-changed": ({"type": "integer", "multipleOf": 2}, {"type": "integer", "multipleOf": 3}),
    "max-items-decreased": (
        {"type": "array", "items": S, "maxItems": 10},
        {"type": "array", "items": S, "maxItems": 5},
    ),
    "max-items-increased": (
        {"type": "array", "items": S, "maxItems": 5},
        {"type": "array", "items": S, "maxItems": 10},
    ),
    "min-items-increased": (
        {"type": "array", "items": S, "minItems": 1},
        {"type": "array", "items": S, "minItems": 2},
    ),
    "min-items-decreased": (
        {"type": "array", "items": S, "minItems": 2},
        {"type": "array", "items": S, "minItems": 1},
    ),
    "unique-items-added": ({"type": "array", "items": S}, {"type": "array", "items": S, "uniqueItems": True}),
    "unique-items-removed": ({"type": "array", "items": S, "uniqueItems": True}, {"type": "array", "items": S}),
    "default-changed": ({"type": "string", "default": "a"}, {"type": "string", "default": "b"}),
    "one-of-variant-added": ({"oneOf": [S]}, {"oneOf": [S, {"type": "integer"}]}),
    "one-of-variant-removed": ({"oneOf": [S, {"type": "integer"}]}, {"oneOf": [S]}),
    "discriminator-property-changed": (
        {"oneOf": [OBJ_A], "discriminator": {"propertyName": "a"}},
        {"oneOf": [OBJ_A], "discriminator": {"propertyName": "b"}},
    ),
    "property-added-required": (OBJ_A, {**OBJ_A, "properties": {"a": S, "b": S}, "required": ["b"]}),
    "property-added-optional": (OBJ_A, {**OBJ_A, "properties": {"a": S, "b": S}}),
    "property-removed-required": ({**OBJ_A, "properties": {"a": S, "b": S}, "required": ["b"]}, OBJ_A),
    "property-removed-optional": ({**OBJ_A, "properties": {"a": S, "b": S}}, OBJ_A),
    "property-became-required": (OBJ_A, {**OBJ_A, "required": ["a"]}),
    "property-became-optional": ({**OBJ_A, "required": ["a"]}, OBJ_A),
    "property-became-read-only": (OBJ_A, {**OBJ_A, "properties": {"a": {**S, "readOnly": True}}}),
    "property-became-write-only": (OBJ_A, {**OBJ_A, "properties": {"a": {**S, "writeOnly": True}}}),
    "additional-properties-closed": (OBJ_A, {**OBJ_A, "additionalProperties": False}),
    "additional-properties-opened": ({**OBJ_A, "additionalProperties": False}, OBJ_A),
    "max-properties-decreased": ({**OBJ_A, "maxProperties": 5}, {**OBJ_A, "maxProperties": 2}),
    "max-properties-increased": ({**OBJ_A, "maxProperties": 2}, {**OBJ_A, "maxProperties": 5}),
    "min-properties-increased": ({**OBJ_A, "minProperties": 1}, {**OBJ_A, "minProperties": 2}),
    "min-properties-decreased": ({**OBJ_A, "minProperties": 2}, {**OBJ_A, "minProperties": 1}),
    "x-extensible-enum-value-removed": (
        {"type": "string", "x-extensible-enum": ["a", "b"]},
        {"type": "string", "x-extensible-enum": ["a"]},
    ),
    "wrapped-in-one-of": (OBJ_A, {"oneOf": [OBJ_A, {"type": "object", "properties": {"b": S}}]}),
    "prefix-items-added": (ARR, {**ARR, "prefixItems": [S]}),
    "prefix-items-removed": ({**ARR, "prefixItems": [S]}, ARR),
    "contains-added": (ARR, {**ARR, "contains": S}),
    "contains-removed": ({**ARR, "contains": S}, ARR),
    "min-contains-increased": ({**ARR, "contains": S, "minContains": 1}, {**ARR, "contains": S, "minContains": 2}),
    "min-contains-decreased": ({**ARR, "contains": S, "minContains": 2}, {**ARR, "contains": S, "minContains": 1}),
    "max-contains-decreased": ({**ARR, "contains": S, "maxContains": 5}, {**ARR, "contains": S, "maxContains": 2}),
    "max-contains-increased": ({**ARR, "contains": S, "maxContains": 2}, {**ARR, "contains": S, "maxContains": 5}),
    "dependent-required-added": (OBJ_A, {**OBJ_A, "dependentRequired": {"a": ["b"]}}),
    "dependent-required-removed": ({**OBJ_A, "dependentRequired": {"a": ["b"]}}, OBJ_A),
    "dependent-required-changed": (
        {**OBJ_A, "dependentRequired": {"a": ["b"]}},
        {**OBJ_A, "dependentRequired": {"a": ["c"]}},
    ),
    "dependent-schema-added": (OBJ_A, {**OBJ_A, "dependentSchemas": {"a": {"required": ["b"]}}}),
    "dependent-schema-removed": ({**OBJ_A, "dependentSchemas": {"a": {"required": ["b"]}}}, OBJ_A),
    "pattern-property-added": (OBJ_A, {**OBJ_A, "patternProperties": {"^x-": S}}),
    "pattern-property-removed": ({**OBJ_A, "patternProperties": {"^x-": S}}, OBJ_A),
    "property-names-added": (OBJ_A, {**OBJ_A, "propertyNames": {"pattern": "^[a-z]+$"}}),
    "property-names-removed": ({**OBJ_A, "propertyNames": {"pattern": "^[a-z]+$"}}, OBJ_A),
    "unevaluated-items-added": (ARR, {**ARR, "unevaluatedItems": False}),
    "unevaluated-items-removed": ({**ARR, "unevaluatedItems": False}, ARR),
    "unevaluated-properties-added": (OBJ_A, {**OBJ_A, "unevaluatedProperties": False}),
    "unevaluated-properties-removed": ({**OBJ_A, "unevaluatedProperties": False}, OBJ_A),
    "if-added": (OBJ_A, {**OBJ_A, "if": {"required": ["a"]}}),
    "if-removed": ({**OBJ_A, "if": {"required": ["a"]}}, OBJ_A),
    "then-added": (OBJ_A, {**OBJ_A, "then": {"required": ["b"]}}),
    "then-removed": ({**OBJ_A, "then": {"required": ["b"]}}, OBJ_A),
    "else-added": (OBJ_A, {**OBJ_A, "else": {"required": ["b"]}}),
    "else-removed": ({**OBJ_A, "else": {"required": ["b"]}}, OBJ_A),
    "not-added": (S, {**S, "not": {"const": "x"}}),
    "not-removed": ({**S, "not": {"const": "x"}}, S),
    "not-widened": ({**S, "not": {**S, "maxLength": 2}}, {**S, "not": {**S, "maxLength": 4}}),
    "not-narrowed": ({**S, "not": {**S, "maxLength": 4}}, {**S, "not": {**S, "maxLength": 2}}),
    "content-schema-added": (JSON_TEXT, {**JSON_TEXT, "contentSchema": OBJ_A}),
    "content-schema-removed": ({**JSON_TEXT, "contentSchema": OBJ_A}, JSON_TEXT),
    "content-media-type-changed": (JSON_TEXT, {**JSON_TEXT, "contentMediaType": "application/xml"}),
    "content-encoding-changed": (
        {**S, "contentEncoding": "base64"},
        {**S, "contentEncoding": "base32"},
    ),
}

JSON = "application/json"


def place(prefix: str, schema: Any) -> tuple[dict[str, Any], str]:
    """A one-operation document with ``schema`` in the context, and the schema's pointer."""
    ok = {"200": {"description": "ok"}}
    if prefix == "request-property":
        op = {"requestBody": {"content": {JSON: {"schema": schema}}}, "responses": ok}
        return spec({"/x": {"post": op}}), "/paths/~1x/post/requestBody/content/application~1json/schema"
    if prefix == "response-property":
        op = {"responses": {"200": {"description": "ok", "content": {JSON: {"schema": schema}}}}}
        return spec({"/x": {"post": op}}), "/paths/~1x/post/responses/200/content/application~1json/schema"
    if prefix == "request-parameter":
        op = {"parameters": [{"name": "q", "in": "query", "schema": schema}], "responses": ok}
        return spec({"/x": {"post": op}}), "/paths/~1x/post/parameters/0/schema"
    op = {"responses": {"200": {"description": "ok", "headers": {"X-H": {"schema": schema}}}}}
    return spec({"/x": {"post": op}}), "/paths/~1x/post/responses/200/headers/X-H/schema"


CASES = [(r.id, context.prefix) for context in CONTEXTS for r in rules_for(context.prefix)]


@pytest.mark.parametrize(("rule_id", "prefix"), CASES, ids=[c[0] for c in CASES])
def test_schema_kind(rule_id: str, prefix: str) -> None:
    kind = rule_id[len(prefix) + 1 :]
    base_schema, rev_schema = KIND_CASES[kind]
    base, where = place(prefix, base_schema)
    revision, _ = place(prefix, rev_schema)
    findings = run(base, revision)
    matching = [f for f in findings if f.rule == rule_id]
    assert len(matching) == 1, [f.rule for f in findings]
    found = matching[0]
    assert found.level == rules.get(rule_id).level
    assert found.operation == "POST /x"
    assert (found.revision_pointer or "").startswith(where) or (found.base_pointer or "").startswith(where)
    assert found.line is not None
    # the reverse change never reports the same rule
    assert rule_id not in [f.rule for f in run(revision, base)] or kind.endswith("-changed")


def test_direction_decides_the_level() -> None:
    narrow = rules.get("request-property-max-length-decreased").level
    same_in_response = rules.get("response-property-max-length-decreased").level
    assert (narrow, same_in_response) == ("breaking", "compatible")
    # a response enum value added: oasdiff's warning in the registry (strict); Rivya's
    # profile keeps a closed enum closed (tests/diff/test_rivya_policy.py)
    assert rules.get("response-property-enum-value-added").level == "warning"
    assert rules.get("response-property-enum-value-removed").level == "compatible"
    assert rules.get("request-property-enum-value-added").level == "compatible"
