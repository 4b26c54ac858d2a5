"""Validate request values against the contract's schemas (JSON Schema 2020-12).

The whole document is one registry resource, so every ``$ref`` inside a schema resolves
exactly as the contract says. Each schema pointer gets two validators, compiled once:
a Rust one (``jsonschema_rs``, formats enforced as declared: ``uri``, ``date-time``,
``email``...) that decides, and, only for a value it refuses, the pure-Python one that
explains: the OpenAPI ``discriminator`` narrows a ``oneOf`` to the mapped branch, so an
invalid model parameter is reported against that model's schema, naming the field,
instead of as "is not valid under any of the given schemas".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import jsonschema_rs
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.patterns import pattern_aware

ROOT_URI = "urn:rivya-contract:mock"
_MAX_SHOWN = 120  # characters of an offending value quoted in a message


@dataclass(frozen=True)
class Problem:
    """One reason a request value is invalid: the field (dotted) and what is wrong."""

    field: str
    message: str
    kind: str = "invalid"  # missing | unknown | unknown-value | invalid

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


def _discriminated_one_of(
    validator: Any, one_of: list[Any], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    disc = schema.get("discriminator")
    prop = disc.get("propertyName") if isinstance(disc, dict) else None
    if isinstance(prop, str) and isinstance(instance, dict):
        if prop not in instance:
            yield ValidationError(
                f"{prop!r} is a required property",
                validator="required",
                validator_value=[prop],
                instance=instance,
            )
            return
        if not isinstance(instance[prop], str):
            yield ValidationError(f"{_shown(instance[prop])} is not of type 'string'", path=[prop], validator="type")
            return
    branch = _discriminator_branch(schema, instance)
    if branch is None:
        yield from _PLAIN_ONE_OF(validator, one_of, instance, schema)
        return
    if branch == "":
        prop = schema["discriminator"]["propertyName"]
        allowed = ", ".join(sorted(schema["discriminator"]["mapping"]))
        yield ValidationError(
            f"unknown value {_shown(instance.get(prop))} (expected one of: {allowed})",
            path=[prop],
            validator="discriminator",
        )
        return
    yield from validator.descend(instance, {"$ref": branch})


def _discriminator_branch(schema: dict[str, Any], instance: Any) -> str | None:
    """The $ref of the mapped branch, "" for an unknown value, None when not applicable."""
    disc = schema.get("discriminator")
    if not isinstance(disc, dict) or not isinstance(instance, dict):
        return None
    prop, mapping = disc.get("propertyName"), disc.get("mapping")
    if not isinstance(prop, str) or not isinstance(mapping, dict) or prop not in instance:
        return None
    value = instance[prop]
    if not isinstance(value, str):
        return None
    target = mapping.get(value)
    if isinstance(target, str):
        return ROOT_URI + target if target.startswith("#") else target
    return ""


_PLAIN_ONE_OF = Draft202012Validator.VALIDATORS["oneOf"]
# Patterns by the contract-wide policy (an ECMA pattern Python cannot compile is unknown,
# never an re.error); oneOf by discriminator.
_ContractValidator = validators.extend(pattern_aware(Draft202012Validator), {"oneOf": _discriminated_one_of})


class SchemaValidator:
    """Validate instances against schemas found by JSON pointer in one Document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        resources = [(ROOT_URI, DRAFT202012.create_resource(doc.tree))]
        for uri, tree in doc.externals.items():
            if tree is not None:
                resources.append((uri, DRAFT202012.create_resource(tree)))
        self._registry: Registry[Any] = Registry().with_resources(resources)
        self._compiled: dict[str, Any] = {}
        self._fast_registry = _fast_registry(doc)
        self._fast: dict[str, Any] = {}

    def _decider(self, schema_pointer: str) -> Any:
        """The compiled Rust validator of the schema, or None when it cannot compile one
        (then the Python validator decides alone)."""
        if schema_pointer in self._fast:
            return self._fast[schema_pointer]
        found = None
        if self._fast_registry is not None:
            try:
                found = jsonschema_rs.validator_for(
                    {"$ref": f"{ROOT_URI}#{quote(schema_pointer, safe='/~')}"},
                    registry=self._fast_registry,
                    validate_formats=True,
                )
            except (ValueError, jsonschema_rs.ReferencingError):
                found = None
        self._fast[schema_pointer] = found
        return found

    def _validator(self, schema_pointer: str) -> Any:
        found = self._compiled.get(schema_pointer)
        if found is None:
            found = _ContractValidator(
                {"$ref": f"{ROOT_URI}#{schema_pointer}"},
                registry=self._registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
            self._compiled[schema_pointer] = found
        return found

    def problems(self, schema_pointer: str, instance: Any, prefix: str = "") -> list[Problem]:
        """Every problem of ``instance`` against the schema at ``schema_pointer``, sorted."""
        decider = self._decider(schema_pointer)
        if decider is not None:
            try:
                if decider.is_valid(instance):
                    return []
            except (ValueError, OverflowError, RecursionError):
                pass  # a value Rust cannot take (an integer past 64 bits): Python decides
        from referencing.exceptions import Unresolvable

        errors = self._validator(schema_pointer).iter_errors(instance)
        try:
            found = {_problem(error, prefix) for error in _leaves(errors)}
        except Unresolvable:
            return []  # a $ref to nothing cannot judge a request (validate reports it)
        if not found and decider is not None:
            # Only the Rust validator objects: a format Python does not check (``uri``).
            found = {_fast_problem(error, prefix) for error in _fast_errors(decider, instance)}
        # An unknown field explains the rest (a raw `messages` array, a top-level `files`).
        return sorted(found, key=lambda p: (p.kind != "unknown", p.field, p.message))

    def first_problem(self, schema_pointer: str, instance: Any, prefix: str = "") -> Problem | None:
        found = self.problems(schema_pointer, instance, prefix)
        return found[0] if found else None


def _fast_registry(doc: Document) -> Any:
    resources = [(ROOT_URI, doc.tree)]
    resources += [(uri, tree) for uri, tree in doc.externals.items() if tree is not None]
    try:
        return jsonschema_rs.Registry(resources)
    except (ValueError, TypeError, jsonschema_rs.ReferencingError):
        return None


def _fast_errors(decider: Any, instance: Any) -> list[Any]:
    try:
        return list(decider.iter_errors(instance))
    except (ValueError, OverflowError, RecursionError):
        return []


def _fast_problem(error: Any, prefix: str) -> Problem:
    parts: list[str | int] = [prefix] if prefix else []
    parts += list(error.instance_path)
    message = str(error.message)
    if len(message) > 300:
        message = message[:300] + "…"
    return Problem(param_path(parts), message)


def schema_pointer(container_pointer: str) -> str:
    """The pointer of the ``schema`` inside a parameter or media type object."""
    return jp.join(*jp.split(container_pointer), "schema")


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """The most specific errors: descend into anyOf/oneOf contexts where they help."""
    for error in errors:
        if error.context and error.validator in ("anyOf", "oneOf"):
            # Several branches failed: report the branch that got furthest.
            deepest = max(error.context, key=lambda e: (len(e.absolute_path), -len(str(e))))
            if len(deepest.absolute_path) > len(error.absolute_path):
                yield from _leaves(iter([deepest]))
                continue
        yield error


def param_path(parts: list[str | int]) -> str:
    """The ``param`` of a PublicApiError, as the contract writes it: names joined by dots,
    array indices in brackets (``params.referenceMediaItems[0].url``)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _problem(error: ValidationError, prefix: str) -> Problem:
    parts: list[str | int] = [prefix] if prefix else []
    parts += list(error.absolute_path)
    message = error.message
    if len(message) > 300:
        message = message[:300] + "…"
    instance, schema = error.instance, error.schema
    if error.validator == "required" and isinstance(instance, dict):
        missing = [name for name in error.validator_value if name not in instance]
        return Problem(param_path([*parts, str(missing[0])]), message, "missing")
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = set((schema.get("properties") or {}) if isinstance(schema, dict) else ())
        extra = sorted(name for name in instance if name not in known)
        if extra:
            return Problem(param_path([*parts, extra[0]]), message, "unknown")
    if error.validator == "discriminator" or (error.validator == "enum" and parts and parts[-1] == "model"):
        # A model id outside the catalog (a discriminator mapping, or an enum of ids).
        return Problem(param_path(parts), message, "unknown-value")
    return Problem(param_path(parts), message)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _MAX_SHOWN else text[:_MAX_SHOWN] + "…"
