"""An independent validator for the tests: jsonschema + referencing, built here, not
through contract.proptest.schema_view."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = "urn:test-root"


def validator(tree: Any, pointer: str) -> Draft202012Validator:
    """A validator for the schema at ``pointer`` inside ``tree``."""
    registry: Registry[Any] = Registry().with_resource(
        ROOT, Resource.from_contents(tree, default_specification=DRAFT202012)
    )
    return Draft202012Validator({"$ref": f"{ROOT}#{pointer}"}, registry=registry, format_checker=FormatChecker())
