"""Example calls for the README and the docstrings, taken from the contract's own examples.

Each is the source of a call's arguments (``model="rivya-image-1", prompt="…"``): values
from the request body's ``example``/``examples``, a parameter's ``example``, else a value
of the right type. ``required_only`` keeps what the call cannot do without (the README's
runnable sections use it: a full example may reference objects that do not exist).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from rivya_contract.document import Document
from rivya_contract.document import Operation as SpecOperation
from rivya_contract.generator.ir import Operation, Param

_BINARY = re.compile(r"<binary ([^<>]+)>")


def example_args(doc: Document, spec_op: SpecOperation, op: Operation, *, required_only: bool) -> str:
    body = _body_example(doc, spec_op)
    params = _param_examples(doc, spec_op)
    parts: list[str] = []
    for p in op.path_params:
        parts.append(_literal(params.get(("path", p.wire), f"{p.wire}_123")))
    keyword: list[Param] = [*op.body_params, *op.form_params, *op.query_params]
    needed = {p.wire for p in keyword if p.required}
    for form in op.overloads:  # a union body: what the variant the example picks requires
        tags = {p.wire for p in form.params if p.hint == f"Literal[{form.tag!r}]"}
        if form.tag and any(body.get(wire) == form.tag for wire in tags):
            needed = {p.wire for p in form.params if p.required}
            break
    for p in keyword:
        source = body if p.location in ("body", "form") else params
        key: Any = p.wire if p.location in ("body", "form") else (p.location, p.wire)
        if p.is_file:
            name = body.get(p.wire) if isinstance(body.get(p.wire), str) else ""
            found = _BINARY.search(name or "")
            parts.append(f'{p.name}=Path("{_file_name(found.group(1) if found else "file.bin")}")')
            continue
        if p.wire not in needed and (required_only or key not in source):
            continue
        if p.location == "query" and p.wire in ("after", "before", "starting_after", "ending_before", "page_token"):
            continue  # a cursor from the example would point nowhere
        value = source.get(key, _placeholder(p.hint))
        parts.append(f"{p.name}={_literal(value)}")
    return ", ".join(parts)


def _file_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "-", name.strip())
    return cleaned or "file.bin"


def _body_example(doc: Document, spec_op: SpecOperation) -> dict[str, Any]:
    body = doc.resolve(spec_op.node.get("requestBody"))
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, dict):
        return {}
    for node in content.values():
        node = doc.resolve(node)
        if not isinstance(node, dict):
            continue
        value = node.get("example")
        examples = node.get("examples")
        if value is None and isinstance(examples, dict) and examples:
            first = doc.resolve(next(iter(examples.values())))
            value = first.get("value") if isinstance(first, dict) else None
        if value is None:
            schema = doc.resolve(node.get("schema"))
            value = schema.get("example") if isinstance(schema, dict) else None
        if isinstance(value, dict):
            return value
    return {}


def _param_examples(doc: Document, spec_op: SpecOperation) -> dict[tuple[str, str], Any]:
    found: dict[tuple[str, str], Any] = {}
    for source in (spec_op.path_item, spec_op.node):
        for raw in source.get("parameters") or []:
            param = doc.resolve(raw)
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            value = param.get("example")
            schema = doc.resolve(param.get("schema"))
            if value is None and isinstance(schema, dict):
                value = schema.get("example", schema.get("default"))
            if value is not None:
                found[(str(param.get("in")), param["name"])] = value
    return found


def _placeholder(hint: str) -> Any:
    literal = re.match(r"Literal\[('[^']*'|\"[^\"]*\"|[^,\]]+)", hint)
    if literal:
        return ast.literal_eval(literal.group(1))
    if hint.startswith(("int", "float")):
        return 1
    if hint.startswith("bool"):
        return True
    if hint.startswith(("Sequence", "list")):
        return []
    if hint.startswith(("Mapping", "dict")) or hint.endswith("Param"):
        return {}
    return "string"


def _literal(value: Any) -> str:
    """Python source for a JSON value (repr of the decoded value is valid source)."""
    return repr(value)
