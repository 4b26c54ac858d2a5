"""Offline properties (no server): every example in the contract conforms to its
schema, and generated pydantic models agree with the schemas they come from."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from rivya_contract import pointer as jp
from rivya_contract import rules
from rivya_contract.document import Document
from rivya_contract.findings import Finding
from rivya_contract.proptest import schema_view
from rivya_contract.proptest.mutations import Mutator
from rivya_contract.proptest.seeding import CannotGenerate, case_seed, draw
from rivya_contract.proptest.strategies import SchemaStrategies

_EXAMPLE_HOLDERS = ("parameters", "headers", "content")


def _finding(doc: Document, rule_id: str, pointer: str, **args: Any) -> Finding:
    rule = rules.get(rule_id)
    position = doc.position(pointer)
    return Finding(
        rule_id,
        rule.level,
        rule.render(args),
        pointer,
        position[0] if position else None,
        position[1] if position else None,
        None,
        doc.source,
        args,
    )


# -- examples -------------------------------------------------------------------------
def _examples(doc: Document) -> Iterator[tuple[str, Any, Any]]:
    """(pointer of the example value, the value, the schema it must match)."""
    stack: list[tuple[Any, str]] = [
        (doc.tree.get("paths"), "/paths"),
        (doc.tree.get("components"), "/components"),
        (doc.tree.get("webhooks"), "/webhooks"),
    ]
    while stack:
        node, where = stack.pop()
        if isinstance(node, list):
            stack.extend((item, f"{where}/{i}") for i, item in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        schema = node.get("schema")
        if schema is not None and where.split("/")[-2:-1] != ["properties"]:
            if "example" in node:
                yield where + "/example", node["example"], schema
            for name, example in (node.get("examples") or {}).items() if isinstance(node.get("examples"), dict) else []:
                example = doc.resolve(example)
                if isinstance(example, dict) and "value" in example:
                    yield jp.append(where, "examples", name, "value"), example["value"], schema
        if where.startswith("/components/schemas/") and where.count("/") == 3:
            for index, example in enumerate(node.get("examples", []) if isinstance(node.get("examples"), list) else []):
                yield f"{where}/examples/{index}", example, {"$ref": "#" + where}
            if "example" in node:
                yield where + "/example", node["example"], {"$ref": "#" + where}
        for key, value in node.items():
            if key in ("example", "examples", "default", "enum", "const", "x-examples"):
                continue
            if isinstance(value, (dict, list)):
                stack.append((value, jp.append(where, key)))


def check_examples(doc: Document) -> list[Finding]:
    view = schema_view.view(doc)
    findings = []
    for where, value, schema in sorted(_examples(doc), key=lambda e: e[0]):
        if isinstance(value, str) and value.startswith("<binary"):
            continue  # a placeholder for a file part
        errors = view.errors(schema, value)
        if errors:
            findings.append(_finding(doc, "example-conforms", where, where=where, error=errors[0]))
    return findings


# -- model agreement ------------------------------------------------------------------
@dataclass
class Disagreement:
    rule: str
    example: Any
    detail: str


def model_agreement(
    model: Any,
    schema: Any,
    doc: Document | None = None,
    *,
    max_examples: int = 50,
    seed: int = 0,
) -> list[Disagreement]:
    """Where pydantic ``model`` (a BaseModel class or a TypeAdapter) and ``schema`` disagree:
    valid values it rejects, invalid values it accepts, dumps that do not round-trip.
    Each disagreement carries the smallest example found (shortest JSON)."""
    from pydantic import TypeAdapter, ValidationError

    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    if doc is None:
        view, schema = schema_view.for_schema(schema)
    else:
        view = schema_view.view(doc)
    strategies = SchemaStrategies(view)
    valid = strategies.valid(schema)
    invalid = Mutator(strategies).invalid(schema)
    name = getattr(model, "__name__", repr(model))
    found: dict[str, Disagreement] = {}

    def keep(rule: str, example: Any, detail: str) -> None:
        size = len(json.dumps(example, default=str))
        current = found.get(rule)
        if current is None or size < len(json.dumps(current.example, default=str)):
            found[rule] = Disagreement(rule, example, detail)

    for index in range(max_examples):
        try:
            value = draw(valid, case_seed(seed, name, "valid", index))
        except CannotGenerate:
            break
        try:
            parsed = adapter.validate_python(value)
        except ValidationError as exc:
            keep("model-accepts-valid", value, exc.errors()[0]["msg"])
            continue
        dumped = adapter.dump_python(parsed, mode="json", by_alias=True, exclude_unset=True)
        if not view.is_valid(schema, dumped) or _differs(dumped, value):
            keep("model-round-trip", value, json.dumps(dumped, default=str))
    if not invalid.is_empty:
        for index in range(max_examples):
            try:
                value, violation = draw(invalid, case_seed(seed, name, "invalid", index))
            except CannotGenerate:
                break
            try:
                adapter.validate_python(value)
            except ValidationError:
                continue
            keep("model-rejects-invalid", value, violation.describe())
    return [found[rule] for rule in sorted(found)]


def _differs(dumped: Any, value: Any) -> bool:
    return json.dumps(dumped, sort_keys=True, default=str) != json.dumps(value, sort_keys=True, default=str)


def agreement_findings(
    doc: Document, pairs: list[tuple[str, Any]], *, max_examples: int = 50, seed: int = 0
) -> list[Finding]:
    """Findings for (component schema name, model) pairs of ``doc``."""
    findings = []
    for name, model in pairs:
        pointer = jp.join("components", "schemas", name)
        for item in model_agreement(model, {"$ref": "#" + pointer}, doc, max_examples=max_examples, seed=seed):
            example = json.dumps(item.example, ensure_ascii=False, default=str)[:200]
            args = {
                "model": name,
                "example": example,
                "error": item.detail,
                "violation": item.detail,
                "dumped": item.detail,
            }
            findings.append(_finding(doc, item.rule, pointer, **args))
    return findings


def strategy_findings(doc: Document, *, seed: int = 0) -> list[str]:
    """Request schemas the compiler cannot generate any value for (notes, not findings)."""
    from referencing.exceptions import Unresolvable

    notes = []
    from rivya_contract.proptest.requests import OperationRequests

    for op in sorted(doc.operations(), key=lambda o: o.key):
        strategy: st.SearchStrategy[Any] = OperationRequests(doc, op).valid()
        try:
            draw(strategy, case_seed(seed, op.key, "offline", 0))
        except CannotGenerate:
            notes.append(f"{op.key}: no valid request could be generated")
        except (Unresolvable, RecursionError):  # validate reports the $ref (ref-unresolved) or the cycle
            notes.append(f"{op.key}: no valid request could be generated (a $ref to nothing, or a cycle of $refs)")
    return notes
