from __future__ import annotations

from typing import Any

import pytest

from rivya_contract import pointer as jp
from rivya_contract.load import load_bundled
from rivya_contract.proptest.mutations import invalid_values_for
from rivya_contract.proptest.seeding import case_seed, draw
from tests.proptest.helpers import validator
from tests.proptest.test_strategies import TRICKY

SIMPLE: dict[str, Any] = {
    "type": "object",
    "required": ["name", "size"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 5},
        "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "size": {"type": "integer", "minimum": 1, "maximum": 10},
        "step": {"type": "number", "multipleOf": 0.5, "exclusiveMinimum": 0},
        "color": {"enum": ["red", "blue"]},
        "when": {"type": "string", "format": "date"},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2, "uniqueItems": True},
    },
}


def _leaf_errors(check: Any, value: Any) -> list[Any]:
    return list(check.iter_errors(value))


@pytest.mark.parametrize("schema", [SIMPLE, TRICKY], ids=["simple", "tricky"])
def test_each_mutation_breaks_exactly_its_keyword(schema: dict[str, Any]) -> None:
    check = validator(schema, "")
    strategy = invalid_values_for(schema)
    keywords = set()
    for index in range(400):
        value, violation = draw(strategy, case_seed(1, "m", "invalid", index))
        errors = _leaf_errors(check, value)
        assert errors, (value, violation)
        keywords.add(violation.keyword)
        if violation.keyword not in ("oneOf",) and "/pet" not in violation.instance_path:
            assert len(errors) == 1, (violation, [e.message for e in errors])
            error = errors[0]
            assert error.validator == violation.keyword, (violation, error.message)
            assert jp.join(*error.absolute_path) == violation.instance_path
    if schema is SIMPLE:
        assert {
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "multipleOf",
            "enum",
            "format",
            "required",
            "additionalProperties",
            "minItems",
            "maxItems",
            "uniqueItems",
            "type",
            "exclusiveMinimum",
        } <= keywords


def test_generation_request_mutations_break_their_branch() -> None:
    doc = load_bundled()
    schemas = doc.tree["components"]["schemas"]
    mapping = schemas["GenerationRequest"]["discriminator"]["mapping"]
    top = validator(doc.tree, "/components/schemas/GenerationRequest")
    strategy = invalid_values_for("/components/schemas/GenerationRequest", doc)
    for index in range(120):
        value, violation = draw(strategy, case_seed(2, "gen", "invalid", index))
        assert not top.is_valid(value), violation
        model = value.get("model") if isinstance(value, dict) else None
        if model in mapping and violation.keyword != "oneOf":
            branch = validator(doc.tree, mapping[model][1:])
            errors = list(branch.iter_errors(value))
            assert len(errors) == 1 and errors[0].validator == violation.keyword, (
                violation,
                [e.message for e in errors],
            )
