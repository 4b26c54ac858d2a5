"""Meta-schema checks for the fast spec validator, compiled with jsonschema-rs.

openapi-spec-validator checks a document against meta-schemas in two places: the
whole document against the OpenAPI schema, and each top-level Schema Object against
its JSON Schema dialect (draft-04 for OpenAPI 3.0, the OAS base dialect for 3.1). The
pure-Python jsonschema spends most of a validation run there. jsonschema-rs answers
"valid or not" in Rust; only when it says "not valid" does the exact Python validator
run again, on as little as possible, so that the messages and the first error
reported are byte for byte the reference's.

Formats: the reference checks only the "regex" format in meta-schemas (with Python's
``re``), so the compiled validators check "regex" through the same Python function and
accept every other format the meta-schemas name.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

Parts = tuple[str | int, ...]
SpecError = tuple[Parts, str]

OAS31_BASE_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
DRAFT4 = "http://json-schema.org/draft-04/schema#"

# Formats named in the meta-schemas that the reference's format checkers ignore.
_IGNORED_FORMATS = ("uri", "uri-reference", "iri")


def _always(_: str) -> bool:
    return True


def is_valid_regex(pattern: str) -> bool:
    """openapi_schema_validator._regex.is_valid_regex, without importing that package.

    Importing any part of openapi_schema_validator runs its ``__init__``, which pulls in
    pydantic-settings and costs a small document's ``validate`` about 0.3 s; so the
    ECMA check (``regress`` when installed, else ``re``) is written again here, and
    tests/validate_fast keeps the two in step.
    """
    try:
        from regress import Regex, RegressError
    except ImportError:
        try:
            re.compile(pattern)
        except re.error:
            return False
        return True
    try:
        Regex(pattern)
    except RegressError:
        return False
    return True


@functools.cache
def _formats() -> dict[str, Callable[[str], bool]]:
    formats: dict[str, Callable[[str], bool]] = dict.fromkeys(_IGNORED_FORMATS, _always)
    formats["regex"] = functools.lru_cache(maxsize=None)(is_valid_regex)
    return formats


@functools.cache
def openapi_meta_schemas() -> dict[str, Any]:
    """The OpenAPI dialect and vocabulary schemas openapi-schema-validator ships, by
    ``$id``: its REGISTRY's spec.openapis.org resources, read without importing it."""
    found: dict[str, Any] = {}
    stack = [_package_folder("openapi_schema_validator") / "schemas"]
    while stack:
        folder = stack.pop()
        for child in sorted(folder.iterdir()):
            if child.name.startswith("."):
                continue
            if child.is_dir():
                stack.append(child)
                continue
            contents = json.loads(child.read_bytes())
            found[contents["$id"]] = contents
    return found


def _package_folder(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


# -- the whole document against the OpenAPI schema -----------------------------------


@functools.cache
def _document_schema(version: str) -> dict[str, Any]:
    """The OpenAPI schema openapi-spec-validator ships, read without importing it."""
    path = _package_folder("openapi_spec_validator") / "resources" / "schemas" / f"v{version}" / "schema.json"
    schema: dict[str, Any] = json.loads(path.read_bytes())
    return schema


@functools.cache
def _compiled_document_validator(version: str) -> Any:
    import jsonschema_rs

    # The reference validates the document without any format checker.
    return jsonschema_rs.validator_for(_document_schema(version), validate_formats=False)


def document_errors(tree: dict[str, Any], version: str) -> list[SpecError]:
    """Errors of the whole document against the OpenAPI ``version`` ("3.0"/"3.1") schema."""
    failing = [tuple(error.instance_path) for error in _compiled_document_validator(version).iter_errors(tree)]
    if not failing:
        return []
    from jsonschema.validators import validator_for

    schema = _document_schema(version)
    reference = validator_for(schema)(schema)
    return [(tuple(error.absolute_path), error.message) for error in reference.iter_errors(_pruned(tree, failing))]


def _pruned(tree: dict[str, Any], failing: Iterable[Parts]) -> dict[str, Any]:
    """A copy of ``tree`` whose big maps keep only the entries that hold an error.

    Paths, webhooks and each components section are maps of independent entries that
    no rule of the OpenAPI schema counts or compares, so dropping an entry without
    errors changes no other error. A map is kept whole when an error sits on it or
    above it (such a message may quote the map).
    """
    failing = list(failing)
    maps: list[tuple[str, ...]] = [("paths",), ("webhooks",)]
    components = tree.get("components")
    if isinstance(components, dict):
        maps.extend(("components", str(kind)) for kind in components)
    pruned = dict(tree)
    if isinstance(components, dict):
        pruned["components"] = dict(components)
    for where in maps:
        holder = pruned if len(where) == 1 else pruned["components"]
        name = str(where[-1])
        entries = holder.get(name)
        if not isinstance(entries, dict):
            continue
        if any(where[: len(path)] == path for path in failing if len(path) <= len(where)):
            continue
        keep = {path[len(where)] for path in failing if len(path) > len(where) and path[: len(where)] == where}
        holder[name] = {key: value for key, value in entries.items() if key in keep}
    return pruned


# -- each top-level Schema Object against its dialect ---------------------------------


@functools.cache
def _compiled_dialect_validator(dialect: str) -> Any:
    import jsonschema_rs

    schemas = openapi_meta_schemas()
    resources = sorted(schemas.items())
    if dialect in schemas:
        contents = schemas[dialect]
    else:  # a JSON Schema draft (draft-04 for OpenAPI 3.0)
        from jsonschema_specifications import REGISTRY

        contents = REGISTRY.contents(dialect)
    return jsonschema_rs.validator_for(
        contents,
        registry=jsonschema_rs.Registry(resources),
        validate_formats=True,
        formats=_formats(),
    )


def compiled_dialects() -> tuple[str, ...]:
    """The dialects checked in Rust; any other falls back to the reference's check."""
    return (DRAFT4, OAS31_BASE_DIALECT)


def schema_is_valid(schema: Any, dialect: str) -> bool:
    """Fast yes/no: is ``schema`` valid under ``dialect`` (one of ``compiled_dialects()``)?"""
    return bool(_compiled_dialect_validator(dialect).is_valid(schema))


def first_schema_error(schema: Any, check: Callable[[Any], None]) -> SpecError | None:
    """The reference's own answer: the first error ``check`` (a ``check_schema``) raises."""
    from jsonschema.exceptions import SchemaError, ValidationError

    try:
        check(schema)
    except (SchemaError, ValidationError) as error:
        return tuple(error.path), str(error.message)
    return None


def default_is_surely_valid(schema: Any, value: Any, version: str) -> bool:
    """True when ``value`` is valid against ``schema`` by the core keywords alone and the
    schema has nothing else that could decide (no ``$ref``, no ``format``).

    The reference's OAS validators only add to the core vocabulary (``nullable``
    widens; discriminator, xml and examples are annotations), so what the core says
    valid, they say valid too; anything else goes to the reference.
    """
    if not _self_contained(schema):
        return False
    import jsonschema_rs

    validator = jsonschema_rs.Draft4Validator if version == "3.0" else jsonschema_rs.Draft202012Validator
    try:
        return bool(validator(schema, validate_formats=False).is_valid(value))
    except (ValueError, TypeError):  # a schema the compiler refuses: the reference decides
        return False


def _self_contained(schema: Any) -> bool:
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node or "$dynamicRef" in node or "format" in node or "$schema" in node:
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return True
