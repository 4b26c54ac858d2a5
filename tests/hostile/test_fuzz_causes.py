"""The causes behind the crashes `make fuzz` found, each fixed where it starts.

Each has a document in tests/hostile/corpus/ (fuzz-*.json, run through every command by
test_corpus_cli.py); these tests pin the mechanism: which cycles loop, how patterns are
read, what a schema $ref may point at, how many copies generate makes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rivya_contract import patterns
from rivya_contract.document import Document
from rivya_contract.errors import SourceError
from rivya_contract.load import document_from_bytes
from rivya_contract.validate import validate
from rivya_contract.validate.loops import loops

CORPUS = Path(__file__).resolve().parent / "corpus"


def load_tree(tree: dict[str, Any], name: str = "t.json") -> Document:
    return document_from_bytes(json.dumps(tree, indent=1).encode(), name, hint="json")


def with_schemas(schemas: dict[str, Any], **components: Any) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas, **components},
    }


# -- a $ref cycle that never goes into the value ----------------------------------------


@pytest.mark.parametrize("keyword", ["allOf", "anyOf", "oneOf", "not", "then"])
def test_a_cycle_through_keywords_that_keep_the_value_is_a_loop(keyword: str) -> None:
    doc = load_tree(json.loads((CORPUS / f"ref-cycle-{keyword}.json").read_bytes()))
    [(where, ref, members)] = loops(doc).cycles()
    assert ref == "#/components/schemas/Node"
    assert where.startswith("/components/schemas/Node/") and where.endswith("/$ref")
    assert "/components/schemas/Node" in members


@pytest.mark.parametrize("keyword", ["items", "properties", "additionalProperties", "patternProperties", "prefixItems"])
def test_a_cycle_that_goes_into_the_value_ends_and_is_no_loop(keyword: str) -> None:
    doc = load_tree(json.loads((CORPUS / f"ref-cycle-{keyword}.json").read_bytes()))
    assert loops(doc).cycles() == []
    assert [f.rule for f in validate(doc, profile="generic")] == []


def test_a_loop_is_one_error_and_its_defaults_and_examples_are_not_checked() -> None:
    # crash-004: A = anyOf C, C = not A; A's default sent jsonschema into A forever
    loop = {"anyOf": [{"$ref": "#/components/schemas/C"}], "default": [], "examples": [1]}
    doc = load_tree(with_schemas({"A": loop, "C": {"not": {"$ref": "#/components/schemas/A"}}}))
    findings = validate(doc, profile="rivya")
    looped = [f for f in findings if f.rule == "schema-ref-loop"]
    assert [(f.pointer, f.line) for f in looped] == [("/components/schemas/A/anyOf/0/$ref", 13)]
    assert not [f for f in findings if f.rule in ("example-invalid", "openapi-spec")]
    assert "/components/schemas/A -> /components/schemas/A/anyOf/0 -> /components/schemas/C" in looped[0].message
    assert loops(doc).reaches_loop(doc.get("/components/schemas/A"))
    # a schema that only holds the loop somewhere inside is not checked either
    assert loops(doc).reaches_loop({"properties": {"a": {"$ref": "#/components/schemas/C"}}})
    assert not loops(doc).reaches_loop({"type": "string"})


def test_a_chain_of_bare_refs_back_to_its_start_is_a_loop() -> None:
    doc = load_tree(json.loads((CORPUS / "ref-self.json").read_bytes()))
    assert [f.rule for f in validate(doc, profile="generic")] == ["schema-ref-loop"]


def test_a_30_schema_with_31_type_list_gets_its_spec_error_not_a_type_error() -> None:
    # found by this session's third 10-minute run: OAS30Validator looked ["string", ...] up
    # as one type name while checking a default
    doc = load_tree(json.loads((CORPUS / "fuzz-openapi30-type-list-default.json").read_bytes()))
    findings = validate(doc, profile="strict")
    assert any(f.rule == "openapi-spec" and f.pointer.startswith("/paths/~1/post/responses/default") for f in findings)


# -- patterns: one policy ---------------------------------------------------------------


def test_ecma_named_groups_are_translated_and_what_python_cannot_read_is_unknown() -> None:
    assert patterns.python_pattern("^(?<year>[0-9]{4})$") == "^(?P<year>[0-9]{4})$"
    assert patterns.python_pattern("(?<=a)b(?<!c)") == "(?<=a)b(?<!c)"  # look-behind stays
    for unreadable in ("[", "[a-z", "\\p{L}+", "(?<n>x)(?<n>y)"):
        assert patterns.python_pattern(unreadable) is None
        assert patterns.search(unreadable, "anything") is None
    assert patterns.search("(?<n>x)", "axb") is True
    assert "unterminated character set" in patterns.why_not("[")


def test_validators_skip_an_unknown_pattern_and_check_a_translated_one() -> None:
    from jsonschema import Draft202012Validator

    aware = patterns.pattern_aware(Draft202012Validator)
    assert aware({"pattern": "["}).is_valid("anything")
    assert not aware({"pattern": "^(?<y>[0-9]{4})$"}).is_valid("abcd")
    assert aware({"pattern": "^(?<y>[0-9]{4})$"}).is_valid("2026")
    closed = {"patternProperties": {"[": {"type": "integer"}, "^x-": {"type": "string"}}}
    closed["additionalProperties"] = False
    assert aware(closed).is_valid({"x-a": "s", "other": 1})  # "other" might match "[": not judged
    assert not aware(closed).is_valid({"x-a": 1})
    strict = {"patternProperties": {"^x-": {}}, "additionalProperties": False}
    errors = [e.message for e in aware(strict).iter_errors({"y": 1})]
    assert errors == ["'y' does not match any of the regexes: '^x-'"]  # jsonschema's own words


def test_an_unreadable_pattern_is_one_error_at_its_pointer() -> None:
    schema = {"type": "string", "pattern": "[a-z", "default": "abc", "examples": ["x"]}
    doc = load_tree(with_schemas({"A": schema, "B": {"patternProperties": {"(?<n>": {}}}}))
    found = [(f.rule, f.pointer) for f in validate(doc, profile="rivya") if f.rule.startswith(("pattern", "ex"))]
    assert found == [
        ("pattern-invalid", "/components/schemas/A/pattern"),
        ("pattern-invalid", "/components/schemas/B/patternProperties/(?<n>"),
    ]


def test_the_generator_uses_the_same_translation() -> None:
    from rivya_contract.generator.schemas import usable_pattern

    assert usable_pattern("^(?<y>[0-9]{4})$") == "^(?P<y>[0-9]{4})$"
    assert usable_pattern("[") is None
    assert usable_pattern("(?=a)a") is None  # Python reads it, pydantic's Rust engine does not


# -- what a schema $ref points at is a schema -------------------------------------------


def test_a_schema_ref_to_something_that_is_not_a_schema_is_refused_at_load() -> None:
    parameter = {"name": "kind", "in": "query", "required": False}
    tree = with_schemas({"A": {"items": {"$ref": "#/components/parameters/Kind"}}}, parameters={"Kind": parameter})
    with pytest.raises(SourceError) as refused:
        load_tree(tree)
    assert refused.value.pointer == "/components/parameters/Kind/required"
    assert "must be an array, not the boolean false (a schema: the $ref at /components/schemas/A/items/$ref" in str(
        refused.value
    )
    tree = with_schemas({"A": {"$ref": "#/x-data/list"}})
    tree["x-data"] = {"list": [1, 2], "fine": {"type": "string"}}
    with pytest.raises(SourceError, match="'#/x-data/list' points at an array, not a schema"):
        load_tree(tree)
    tree["components"]["schemas"]["A"] = {"$ref": "#/x-data/fine"}
    assert load_tree(tree).get("/x-data/fine") == {"type": "string"}  # a schema is a schema anywhere


def test_a_reference_object_points_at_an_object_of_its_kind() -> None:
    tree = with_schemas({}, responses={"R": {"description": "ok"}})
    tree["paths"] = {"/x": {"get": {"responses": {"200": {"$ref": "#/paths/~1x/get/tags"}}, "tags": ["a"]}}}
    with pytest.raises(SourceError, match="'#/paths/~1x/get/tags' points at an array, not an object \\(a response\\)"):
        load_tree(tree)
    tree["x-p"] = {"name": "p", "in": "query", "required": "yes"}
    tree["paths"]["/x"]["get"] = {
        "parameters": [{"$ref": "#/x-p"}],
        "responses": {"200": {"$ref": "#/components/responses/R"}},
    }
    with pytest.raises(SourceError) as refused:
        load_tree(tree)
    assert refused.value.pointer == "/x-p/required"
    assert "(a parameter: the $ref at /paths/~1x/get/parameters/0/$ref points here)" in str(refused.value)
    tree["x-p"]["required"] = True
    assert load_tree(tree).get("/x-p/required") is True


def test_strategies_take_what_the_load_check_refuses_without_crashing() -> None:
    # crash-006/007 on a tree built in memory (no load check): a schema $ref to a
    # parameter (``required`` a boolean) and to an array.
    from rivya_contract.proptest import offline

    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}
    operation = {"operationId": "make", "requestBody": body, "responses": {"204": {"description": "ok"}}}
    tree = with_schemas(
        {
            "A": {
                "type": "object",
                "properties": {"p": {"$ref": "#/components/parameters/P"}, "t": {"$ref": "#/tags"}},
                "required": ["p"],
                "oneOf": [{"$ref": "#/tags"}],
            }
        },
        parameters={"P": {"name": "p", "in": "query", "required": True, "type": "object"}},
    )
    tree["paths"] = {"/x": {"post": operation}}
    tree["tags"] = [{"name": "a"}]
    assert offline.strategy_findings(Document(tree, "memory.json"), seed=0) == []


# -- generate: a foreign $ref inside its own copy ---------------------------------------


def test_a_foreign_ref_inside_its_own_copy_is_copied_once() -> None:
    from rivya_contract.generator.schemas import SchemaRegistry

    doc = load_tree(json.loads((CORPUS / "fuzz-foreign-ref-self-items-oneOf.json").read_bytes()))
    registry = SchemaRegistry.from_document(doc)
    # one copy under items, one under oneOf; each stops at the $ref inside it (2^40 before:
    # every copy held both again, to the depth limit of 40)
    assert registry._inlined == 2
    assert any("refers back into itself; typed as Any" in note for note in registry.notes)


def test_foreign_ref_copies_are_bounded_per_document(monkeypatch: pytest.MonkeyPatch) -> None:
    from rivya_contract.generator import schemas as generator_schemas

    # S0 holds S1 twice, S1 holds S2 twice...: 2^12 copies without a bound, no cycle at all
    levels = {f"s{i}": {"anyOf": [{"$ref": f"#/components/schemas/H/properties/s{i + 1}"}] * 2} for i in range(12)}
    levels["s12"] = {"type": "string"}
    doc = load_tree(with_schemas({"H": {"properties": levels}}))
    monkeypatch.setattr(generator_schemas, "MAX_FOREIGN_INLINES", 100)
    registry = generator_schemas.SchemaRegistry.from_document(doc)
    assert registry._inlined == 100
    assert any("past 100 inlined copies; typed as Any" in note for note in registry.notes)
