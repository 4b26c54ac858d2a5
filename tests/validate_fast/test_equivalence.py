"""The fast engine reports exactly what openapi-spec-validator reports, error by error.

Each hand-made document triggers one kind of error the reference knows; each test
runs both engines, requires the same (pointer, message) set, and requires the
expected error in it (so an engine that reports nothing cannot pass).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from rivya_contract.errors import SourceError
from rivya_contract.validate import spec
from tests.validate_fast.engines import document, errors, same_errors, unchecked_document

INFO = {"title": "t", "version": "1"}
OK = {"200": {"description": "ok"}}


def v30(**parts: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": INFO, "paths": {}, **parts}


def v31(**parts: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": INFO, "paths": {}, **parts}


def with_schema(make: Any, schema: Any, name: str = "S") -> dict[str, Any]:
    return make(components={"schemas": {name: schema}})


def json_response(schema: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def test_a_valid_document_has_no_errors_in_either_engine():
    tree = v30(
        paths={
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "default": "a"}}
                    ],
                    "responses": json_response({"$ref": "#/components/schemas/Pet"}),
                }
            }
        },
        components={"schemas": {"Pet": {"allOf": [{"properties": {"id": {}}}], "required": ["id"]}}},
    )
    assert same_errors(document(tree)) == set()


# -- the whole document against the OpenAPI schema ----------------------------------


@pytest.mark.parametrize("make", [v30, v31])
def test_lower_case_response_code_is_reported_on_the_responses(make):
    tree = make(paths={"/a": {"get": {"responses": {"4xx": {"description": "x"}, **OK}}}})
    found = same_errors(document(tree))
    assert any(p == "/paths/~1a/get/responses" and "'4xx'" in m for p, m in found)


@pytest.mark.parametrize("make", [v30, v31])
def test_missing_info_title_and_bad_parameter_location(make):
    tree = make(paths={"/a": {"get": {"parameters": [{"name": "q", "in": "body"}], "responses": OK}}})
    tree["info"] = {"version": "1"}
    found = same_errors(document(tree))
    assert ("/info", "'title' is a required property") in found
    assert any(p == "/paths/~1a/get/parameters/0" for p, _ in found)


def test_errors_in_many_paths_and_components_are_all_reported():
    # Entries without errors are dropped before the exact Python re-run: the others
    # must keep their errors and their pointers.
    paths = {f"/ok{i}": {"get": {"responses": OK}} for i in range(20)}
    paths["/bad"] = {"get": {"responses": {"2xx": {"description": "x"}}}}
    paths["nope"] = {"get": {"responses": OK}}
    tree = v30(paths=paths, components={"responses": {"R": {"content": {}}}, "schemas": {"S": {"type": "object"}}})
    found = same_errors(document(tree))
    pointers = {p for p, _ in found}
    assert {"/paths", "/paths/~1bad/get/responses", "/components/responses/R"} <= pointers


def test_webhooks_are_checked_in_31():
    tree = v31(webhooks={"ping": {"post": {"responses": {"5xx": {"description": "x"}}}}})
    found = same_errors(document(tree))
    assert any(p == "/webhooks/ping/post/responses" for p, _ in found)


# -- tags, operations, parameters -----------------------------------------------------


@pytest.mark.parametrize("make", [v30, v31])
def test_duplicate_tag_names(make):
    tree = make(tags=[{"name": "a"}, {"name": "b"}, {"name": "a"}])
    assert ("/tags", "Duplicate tag name 'a'") in same_errors(document(tree))


@pytest.mark.parametrize("make", [v30, v31])
def test_duplicate_operation_ids(make):
    tree = make(
        paths={
            "/a": {"get": {"operationId": "x", "responses": OK}},
            "/b": {"post": {"operationId": "x", "responses": OK}, "put": {"operationId": "y", "responses": OK}},
        }
    )
    found = same_errors(document(tree))
    assert ("/paths/~1b/post", "Operation ID 'x' for 'post' in '/b' is not unique") in found
    assert not any(p == "/paths/~1b/put" for p, _ in found)


@pytest.mark.parametrize("make", [v30, v31])
def test_duplicate_parameters_on_the_path_item_and_the_operation(make):
    query = {"name": "q", "in": "query", "schema": {"type": "string"}}
    tree = make(
        paths={
            "/a": {
                "parameters": [query, {"$ref": "#/components/parameters/Q"}],
                "get": {"parameters": [query, {"name": "q", "in": "header"}, query], "responses": OK},
            }
        },
        components={"parameters": {"Q": query}},
    )
    found = same_errors(document(tree))
    assert ("/paths/~1a/parameters", "Duplicate parameter 'q'") in found
    assert ("/paths/~1a/get/parameters", "Duplicate parameter 'q'") in found


@pytest.mark.parametrize("make", [v30, v31])
def test_path_parameters_must_match_the_template(make):
    tree = make(
        paths={
            "/a/{id}/{other}": {
                "parameters": [{"name": "other", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"parameters": [{"name": "extra", "in": "path", "required": True}], "responses": OK},
                "post": {"parameters": [{"name": "id", "in": "path", "required": True}], "responses": OK},
            }
        }
    )
    found = same_errors(document(tree))
    where = "/paths/~1a~1{id}~1{other}"
    assert (f"{where}/get", "Path parameter 'id' for 'get' operation in '/a/{id}/{other}' was not resolved") in found
    assert (f"{where}/get", "Path parameter 'extra' for 'get' operation in '/a/{id}/{other}' was not resolved") in found
    assert not any(p == f"{where}/post" for p, _ in found)


# -- schemas: the dialect meta-check ----------------------------------------------------


@pytest.mark.parametrize(
    ("make", "schema", "expected"),
    [
        (v30, {"type": "strin"}, "/components/schemas/S"),
        (v30, {"required": ["a", "a"]}, "/components/schemas/S/required"),
        (v30, {"pattern": "(?<n>a)"}, "/components/schemas/S/pattern"),
        (v30, {"properties": {"a": {"minLength": -1}}}, "/components/schemas/S/properties/a/minLength"),
        (v30, True, "/components/schemas/S"),
        (v31, {"type": "strin"}, "/components/schemas/S/type"),
        (v31, {"required": ["a", "a"]}, "/components/schemas/S/required"),
        (v31, {"pattern": "(?<n>a)"}, "/components/schemas/S/pattern"),
        (v31, {"patternProperties": {"(?<n>a)": {}}}, "/components/schemas/S/patternProperties"),
        (v31, {"discriminator": {"mapping": {}}}, "/components/schemas/S/discriminator"),
    ],
)
def test_schema_meta_errors(make, schema, expected):
    # Unchecked: load's shape check now refuses an unknown type name before any engine
    # sees it (tests/hostile); the two engines must still agree on such a tree.
    found = same_errors(unchecked_document(with_schema(make, schema)))
    assert any(p == expected for p, _ in found), found


def test_schema_that_is_not_an_object():
    tree = v30(components={"schemas": {"S": {"items": [{"type": "string"}]}, "T": {"properties": {"a": "text"}}}})
    found = same_errors(unchecked_document(tree))
    assert any(p == "/components/schemas/S" for p, _ in found)


def test_31_dialects():
    tree = v31(
        components={
            "schemas": {
                "Unknown": {"$schema": "https://example.com/my-dialect", "type": "string"},
                "NotText": {"$schema": 3},
                "Draft7": {"$schema": "http://json-schema.org/draft-07/schema#", "type": "strin"},
                "Fine": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
            }
        }
    )
    found = same_errors(unchecked_document(tree))  # "strin": refused at load, see above
    assert ("/components/schemas/Unknown", "Unknown JSON Schema dialect: 'https://example.com/my-dialect'") in found
    assert ("/components/schemas/NotText", "Unknown JSON Schema dialect: 3") in found
    assert any(p.startswith("/components/schemas/Draft7") for p, _ in found)
    assert not any(p.startswith("/components/schemas/Fine") for p, _ in found)


def test_31_document_dialect_applies_to_every_schema():
    tree = with_schema(v31, {"type": "strin"})
    tree["jsonSchemaDialect"] = "http://json-schema.org/draft-07/schema#"
    found = same_errors(unchecked_document(tree))  # "strin": refused at load, see above
    assert any(p.startswith("/components/schemas/S") for p, _ in found)


# -- schemas: required properties no allOf branch defines ------------------------------


@pytest.mark.parametrize("make", [v30, v31])
def test_required_properties_that_no_branch_defines(make):
    tree = make(
        components={
            "schemas": {
                "Base": {"properties": {"id": {"type": "string"}}},
                "S": {
                    "allOf": [{"$ref": "#/components/schemas/Base"}, {"oneOf": [{"properties": {"kind": {}}}]}],
                    "required": ["id", "kind", "zeta", "alpha"],
                    "properties": {"own": {}},
                },
                "Nested": {"properties": {"inner": {"allOf": [{}], "required": ["ghost"]}}},
            }
        }
    )
    found = same_errors(document(tree))
    assert ("/components/schemas/S", "Required list has not defined properties: ['alpha', 'zeta']") in found
    # only top-level schemas are held to it, as in the reference
    assert not any("ghost" in m for _, m in found)


# -- schemas: defaults -------------------------------------------------------------------


def test_defaults_against_their_schema_in_30():
    tree = v30(
        paths={
            "/a": {
                "get": {
                    "parameters": [
                        {"name": "n", "in": "query", "schema": {"type": "integer", "format": "int32", "default": 2**40}}
                    ],
                    "responses": json_response({"properties": {"when": {"$ref": "#/components/schemas/Kind"}}}),
                }
            }
        },
        components={
            "schemas": {
                "Kind": {"type": "string", "enum": ["a", "b"], "default": "c"},
                "Nullable": {"type": "string", "nullable": True, "default": None},
                "NotNullable": {"type": "string", "default": None},
                "Object": {"type": "object", "properties": {"x": {"type": "integer"}}, "default": {"x": "no"}},
                "Ref": {"allOf": [{"$ref": "#/components/schemas/Kind"}], "default": "z"},
            }
        },
    )
    found = same_errors(document(tree))
    # a component first reached from an operation is reported where it was reached
    assert (
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/when",
        "'c' is not one of ['a', 'b']",
    ) in found
    assert ("/paths/~1a/get/parameters/0/schema", "1099511627776 is not a 'int32'") in found
    assert ("/components/schemas/NotNullable", "None for not nullable") in found
    assert ("/components/schemas/Object/x", "'no' is not of type 'integer'") in found
    assert any(p == "/components/schemas/Ref" for p, _ in found)
    assert not any(p == "/components/schemas/Nullable" for p, _ in found)


def test_defaults_against_their_schema_in_31():
    tree = v31(
        components={
            "schemas": {
                "Either": {"type": ["string", "null"], "default": 3},
                "Fine": {"type": ["string", "null"], "default": None},
                "Limited": {"type": "string", "maxLength": 2, "default": "long"},
            }
        }
    )
    found = same_errors(document(tree))
    assert ("/components/schemas/Either", "3 is not of type 'string', 'null'") in found
    assert ("/components/schemas/Limited", "'long' is too long") in found
    assert not any(p == "/components/schemas/Fine" for p, _ in found)


# -- engines, versions ----------------------------------------------------------------


def test_recursive_schemas_terminate():
    tree = v30(
        components={
            "schemas": {
                "Node": {
                    "allOf": [{"$ref": "#/components/schemas/Node"}],
                    "properties": {"next": {"$ref": "#/components/schemas/Node"}},
                    "items": {"$ref": "#/components/schemas/Node"},
                    "required": ["next", "missing"],
                },
            }
        }
    )
    found = errors(document(tree), "fast")
    assert ("/components/schemas/Node", "Required list has not defined properties: ['missing']") in found


def test_the_environment_picks_the_engine(monkeypatch):
    doc = document(v30(tags=[{"name": "a"}, {"name": "a"}]))
    calls: list[str] = []
    from rivya_contract.validate import fast_spec

    original = fast_spec.spec_errors
    monkeypatch.setattr(fast_spec, "spec_errors", lambda *a: calls.append("fast") or original(*a))
    monkeypatch.setenv(spec.ENGINE_VARIABLE, "reference")
    assert ("/tags", "Duplicate tag name 'a'") in errors(doc, None)
    assert calls == []
    monkeypatch.delenv(spec.ENGINE_VARIABLE)
    assert ("/tags", "Duplicate tag name 'a'") in errors(doc, None)
    assert calls == ["fast"]


def test_versions_the_fast_path_does_not_cover_go_to_the_reference():
    swagger = {
        "swagger": "2.0",
        "info": INFO,
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
        "tags": [{"name": "a"}, {"name": "a"}],
    }
    doc = document(swagger)
    assert ("/tags", "Duplicate tag name 'a'") in same_errors(doc)
    unknown = document({"openapi": "4.0.0", "info": INFO, "paths": {}})
    assert [f.rule for f in spec.check(unknown, engine="fast")] == ["openapi-version-unsupported"]


def test_an_unknown_engine_is_refused():
    with pytest.raises(SourceError, match="unknown validator engine 'turbo'"):
        list(spec.check(document(v30()), engine="turbo"))


def test_the_fast_engine_leaves_the_tree_untouched():
    tree = v30(
        paths={"/a": {"get": {"responses": {"4xx": {"description": "x"}}}}},
        components={"schemas": {"S": {"allOf": [{}], "required": ["z"], "default": 1, "type": "string"}}},
    )
    before = copy.deepcopy(tree)
    doc = document(tree)
    errors(doc, "fast")
    assert doc.tree == before


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ({"openapi": "3.0.3"}, "3.0"),
        ({"openapi": "3.1"}, "3.1"),
        ({"openapi": "3.2.0"}, None),
        ({"openapi": 3.1}, None),
        ({"swagger": "2.0"}, None),
        ({"swagger": "2.0", "openapi": "3.1.0"}, None),
        ({"swagger": "1.2", "openapi": "3.1.0"}, "3.1"),
    ],
)
def test_the_fast_path_reads_the_version_as_the_reference_does(declared, expected):
    from rivya_contract.validate.fast_spec import version_of

    assert version_of(unchecked_document({"info": INFO, "paths": {}, **declared})) == expected


def test_load_refuses_an_unknown_type_name_with_its_pointer():
    from rivya_contract.errors import SourceError

    with pytest.raises(SourceError, match="'strin' is not a type") as refused:
        document(with_schema(v31, {"type": "strin"}))
    assert refused.value.pointer == "/components/schemas/S/type"
