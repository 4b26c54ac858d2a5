"""Make a response body for an operation the mock has no state for.

The contract's own example wins (media type ``example``, the first of ``examples``, the
schema's ``example``/``examples``); otherwise a value is built from the schema, the
same one for the same seed.
"""

from __future__ import annotations

import random
from typing import Any

from rivya_contract.document import Document

_MAX_DEPTH = 8
_FORMATS = {
    "date-time": "2026-05-11T00:00:00Z",
    "date": "2026-05-11",
    "time": "00:00:00Z",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "email": "user@example.com",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "ipv4": "127.0.0.1",
    "hostname": "example.com",
}


def media_example(doc: Document, media: dict[str, Any], rng: random.Random) -> Any:
    if "example" in media:
        return media["example"]
    examples = media.get("examples")
    if isinstance(examples, dict):
        for value in examples.values():
            value = doc.resolve(value)
            if isinstance(value, dict) and "value" in value:
                return value["value"]
    return instance(doc, media.get("schema", {}), rng)


def instance(doc: Document, schema: Any, rng: random.Random, depth: int = 0) -> Any:
    """A value valid for ``schema`` where the schema allows it to be simple."""
    schema = doc.resolve(schema)
    if not isinstance(schema, dict) or depth > _MAX_DEPTH:
        return None
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    if "example" in schema:
        return schema["example"]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            return instance(doc, schema[key][0], rng, depth + 1)
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {}
        for part in schema["allOf"]:
            value = instance(doc, part, rng, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        own = {k: v for k, v in schema.items() if k != "allOf"}
        if own.get("properties"):
            merged.update(instance(doc, own, rng, depth + 1) or {})
        return merged
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    return _typed(doc, schema, kind, rng, depth)


def _typed(doc: Document, schema: dict[str, Any], kind: str, rng: random.Random, depth: int) -> Any:
    if kind == "object":
        required = schema.get("required") or []
        props = schema.get("properties") or {}
        return {
            name: instance(doc, props.get(name, {}), rng, depth + 1) for name in props if name in required or depth < 2
        }
    if kind == "array":
        count = max(int(schema.get("minItems", 1)), 1)
        return [instance(doc, schema.get("items", {}), rng, depth + 1) for _ in range(count)]
    if kind == "integer":
        low = int(schema.get("minimum", 0))
        high = int(schema.get("maximum", low + 100))
        return rng.randint(low, max(low, high))
    if kind == "number":
        floor = float(schema.get("minimum", 0))
        return round(floor + rng.random(), 3)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "null":
        return None
    text = _FORMATS.get(str(schema.get("format")), "")
    if not text:
        text = f"str_{rng.randrange(16**6):06x}"
    min_length = int(schema.get("minLength", 0))
    if len(text) < min_length:
        text += "x" * (min_length - len(text))
    if "maxLength" in schema:
        text = text[: int(schema["maxLength"])]
    return text
