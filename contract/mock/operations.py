"""What the mock needs to know about each operation, read once from the contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document, Operation


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # path | query | header | cookie
    required: bool
    schema_pointer: str | None  # None when the parameter has no schema
    schema: dict[str, Any]  # resolved, for coercion from text


@dataclass
class OperationInfo:
    op: Operation
    params: list[Param]
    # alternatives of scopes; any one satisfied is enough
    security: list[frozenset[str]]
    public: bool  # no requirement, or an empty one ({}): no key needed
    body_required: bool
    body_media: dict[str, str]  # media type -> pointer of its media type object
    statuses: frozenset[str]  # documented response status codes ("200", "4XX", "default")
    starlette_path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.op.key

    def documents(self, status: int) -> bool:
        code = str(status)
        return code in self.statuses or f"{code[0]}XX" in self.statuses


def read_operations(doc: Document) -> list[OperationInfo]:
    global_security = doc.tree.get("security")
    found = []
    for op in doc.operations():
        requirements = op.node.get("security", global_security)
        found.append(
            OperationInfo(
                op=op,
                params=_params(doc, op),
                security=_security(requirements, op.node),
                public=_public(requirements),
                body_required=bool(_body(doc, op).get("required")),
                body_media=_media(doc, op),
                statuses=frozenset(str(k) for k in (op.node.get("responses") or {})),
                starlette_path=op.path,
            )
        )
    return found


def _params(doc: Document, op: Operation) -> list[Param]:
    merged: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    sources = [
        (jp.join(*jp.split(op.pointer)[:-1], "parameters"), op.path_item.get("parameters")),
        (jp.join(*jp.split(op.pointer), "parameters"), op.node.get("parameters")),
    ]
    for base, listed in sources:
        for index, raw in enumerate(listed or []):
            pointer = jp.join(*jp.split(base), str(index))
            if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
                pointer = raw["$ref"].partition("#")[2] or pointer
            node = doc.resolve(raw)
            if isinstance(node, dict) and "name" in node and "in" in node:
                merged[(str(node["in"]), str(node["name"]))] = (pointer, node)
    params = []
    for (where, name), (pointer, node) in merged.items():
        schema = node.get("schema")
        params.append(
            Param(
                name=name,
                where=where,
                required=bool(node.get("required")) or where == "path",
                schema_pointer=jp.join(*jp.split(pointer), "schema") if schema is not None else None,
                schema=doc.resolve(schema) if isinstance(schema, dict) else {},
            )
        )
    return params


def _security(requirements: Any, node: dict[str, Any]) -> list[frozenset[str]]:
    if not isinstance(requirements, list):
        return []
    extra = node.get("x-rivya-scopes")
    alternatives = []
    for requirement in requirements:
        if not isinstance(requirement, dict):
            continue
        scopes: set[str] = set()
        for listed in requirement.values():
            scopes.update(str(s) for s in listed or [])
        if requirement and isinstance(extra, list):
            scopes.update(str(s) for s in extra)
        alternatives.append(frozenset(scopes))
    return alternatives


def _public(requirements: Any) -> bool:
    if not isinstance(requirements, list) or not requirements:
        return True
    return any(isinstance(r, dict) and not r for r in requirements)


def _body(doc: Document, op: Operation) -> dict[str, Any]:
    body = doc.resolve(op.node.get("requestBody"))
    return body if isinstance(body, dict) else {}


def _media(doc: Document, op: Operation) -> dict[str, str]:
    raw = op.node.get("requestBody")
    base = jp.join(*jp.split(op.pointer), "requestBody")
    if isinstance(raw, dict) and isinstance(raw.get("$ref"), str):
        base = raw["$ref"].partition("#")[2]
    content = _body(doc, op).get("content")
    if not isinstance(content, dict):
        return {}
    return {str(media): jp.join(*jp.split(base), "content", str(media)) for media in content}
