"""Find every schema object in a document, with its pointer.

Schemas live under ``components/schemas`` and under every ``schema`` key of a
parameter, header or media type. Walking never follows a ``$ref`` (the target is
walked where it is defined) and never enters example values, which may look like
schemas but are data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.keywords import SUBSCHEMA_ARRAYS, SUBSCHEMA_MAPS, SUBSCHEMA_SINGLE

_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum", "x-examples"})


def schema_roots(doc: Document) -> Iterator[tuple[str, Any]]:
    """Every top-level schema: component schemas and inline ``schema`` values."""
    tree = doc.tree
    components = tree.get("components")
    if isinstance(components, dict) and isinstance(components.get("schemas"), dict):
        for name, schema in components["schemas"].items():
            yield jp.join("components", "schemas", name), schema
    stack: list[tuple[Any, str]] = [
        (tree.get(section), "/" + section) for section in ("paths", "webhooks", "components") if section in tree
    ]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _DATA_KEYS or (where == "/components" and key == "schemas"):
                    continue
                child = where + "/" + jp.escape(key)
                if key == "schema" and isinstance(value, (dict, bool)):
                    yield child, value
                elif isinstance(value, (dict, list)):
                    stack.append((value, child))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    stack.append((value, f"{where}/{index}"))


def walk_schema(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """``schema`` and every subschema inside it (not across $refs), with pointers."""
    stack = [(schema, where)]
    while stack:
        node, here = stack.pop()
        if not isinstance(node, dict):
            continue
        yield here, node
        for key in SUBSCHEMA_MAPS:
            children = node.get(key)
            if isinstance(children, dict):
                for name, child in children.items():
                    stack.append((child, jp.append(here, key, name)))
        for key in SUBSCHEMA_ARRAYS:
            children = node.get(key)
            if isinstance(children, list):
                for index, child in enumerate(children):
                    stack.append((child, jp.append(here, key, index)))
        for key in SUBSCHEMA_SINGLE:
            child = node.get(key)
            if isinstance(child, dict):
                stack.append((child, jp.append(here, key)))
            elif isinstance(child, list):  # 3.0 tuple-style items
                for index, item in enumerate(child):
                    stack.append((item, jp.append(here, key, index)))


def all_schemas(doc: Document) -> Iterator[tuple[str, dict[str, Any]]]:
    for where, root in schema_roots(doc):
        yield from walk_schema(root, where)


def object_properties(doc: Document, schema: Any, where: str) -> dict[str, str]:
    """Top-level property names of ``schema`` (through $ref, allOf, oneOf, anyOf),
    each with the pointer where it is declared."""
    found: dict[str, str] = {}
    seen: set[int] = set()
    stack = [(schema, where)]
    while stack:
        node, here = stack.pop()
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            target = doc.resolve(node)
            if ref.startswith("#"):
                here = ref[1:]
            node = target
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name in properties:
                found.setdefault(name, jp.append(here, "properties", name))
        for key in ("allOf", "oneOf", "anyOf"):
            variants = node.get(key)
            if isinstance(variants, list):
                for index, variant in enumerate(variants):
                    stack.append((variant, jp.append(here, key, index)))
    return found


def json_body_schema(operation: dict[str, Any], doc: Document) -> tuple[Any, str] | None:
    """The request body schema of ``operation`` for a JSON or form media type."""
    body = doc.resolve(operation.get("requestBody"))
    if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
        return None
    for media, media_object in body["content"].items():
        if isinstance(media_object, dict) and "schema" in media_object and ("json" in media or "form" in media):
            return media_object["schema"], media
    return None
