"""Rule family: every example in the contract validates against its schema.

Examples are what SDK docs, the mock server and integrators copy; one that disagrees
with its schema teaches the wrong contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.patterns import pattern_aware
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding
from rivya_contract.validate.loops import loops

RULES = [
    Rule(
        id="example-invalid",
        level=Level.ERROR,
        description="An example does not validate against the schema it illustrates.",
        message="example does not match its schema: {detail}",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
]


def check(doc: Document) -> Iterator[Finding]:
    checker = SchemaChecker(doc)
    cycles = loops(doc)
    for where, schema, value in _examples(doc):
        if cycles.reaches_loop(schema):
            continue  # validating it would never end: schema-ref-loop reports the cycle
        error = checker.first_error(schema, value)
        if error is not None:
            pointer, message = error
            yield finding(doc, "example-invalid", where, detail=f"at {pointer or '/'}: {message}")


class SchemaChecker:
    """JSON Schema 2020-12 validation with the document's components resolvable."""

    def __init__(self, doc: Document) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resource = Resource.from_contents(doc.tree, default_specification=DRAFT202012)
        self._registry = Registry().with_resource("urn:rivya-contract:document", resource)
        self._validator_cls = pattern_aware(Draft202012Validator)
        self._format_checker = Draft202012Validator.FORMAT_CHECKER

    def first_error(self, schema: Any, value: Any) -> tuple[str, str] | None:
        wrapped = {"$id": "urn:rivya-contract:example", **schema} if isinstance(schema, dict) else schema
        if isinstance(wrapped, dict):
            wrapped = _rebase_refs(wrapped)
        from jsonschema.exceptions import UnknownType
        from referencing.exceptions import Unresolvable

        validator = self._validator_cls(wrapped, registry=self._registry, format_checker=self._format_checker)
        try:
            error = next(iter(validator.iter_errors(value)), None)
        except Unresolvable:
            return None  # a $ref to nothing: ref-unresolved reports it, once, at the $ref
        except (UnknownType, TypeError, AttributeError):
            return None  # a broken schema (a $ref into non-schema data)
        if error is None:
            return None
        return jp.from_parts(str(p) for p in error.absolute_path), error.message[:300]


def _rebase_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """Point local refs ('#/components/...') at the registered document."""

    def rebase(node: Any) -> Any:
        if isinstance(node, dict):
            out = {k: rebase(v) for k, v in node.items()}
            ref = out.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/"):
                out["$ref"] = "urn:rivya-contract:document" + ref
            return out
        if isinstance(node, list):
            return [rebase(v) for v in node]
        return node

    result: dict[str, Any] = rebase(schema)
    return result


def _examples(doc: Document) -> Iterator[tuple[str, Any, Any]]:
    """(pointer, schema, example value) for media types, parameters and schemas."""
    stack: list[tuple[Any, str]] = [(doc.tree.get(s), "/" + s) for s in ("paths", "webhooks", "components")]
    while stack:
        node, where = stack.pop()
        if isinstance(node, list):
            stack.extend((v, f"{where}/{i}") for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        schema = node.get("schema")
        if isinstance(schema, dict):
            if "example" in node:
                yield jp.append(where, "example"), schema, node["example"]
            examples = node.get("examples")
            if isinstance(examples, dict):
                for name, example in examples.items():
                    example = doc.resolve(example)
                    if isinstance(example, dict) and "value" in example:
                        yield jp.append(where, "examples", name, "value"), schema, example["value"]
        if where.startswith("/components/schemas/") and where.count("/") == 3:
            for index, value in enumerate(node.get("examples") or [] if isinstance(node.get("examples"), list) else []):
                yield jp.append(where, "examples", index), node, value
        for key, value in node.items():
            if key in ("example", "examples") or not isinstance(value, (dict, list)):
                continue
            stack.append((value, jp.append(where, key)))
