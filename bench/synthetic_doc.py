"""Write a large synthetic OpenAPI pair: many operations over deep, diamond-shaped $ref chains.

    .venv/bin/python bench/synthetic_doc.py OUT_DIR [--operations 10000] [--depth 12] [--resources 50]

Writes ``OUT_DIR/base.json`` and ``OUT_DIR/revision.json``. Every operation's request and
response reach one of ``--resources`` resource schemas; each resource reaches a chain of
``--depth`` levels in which every level refers to the next one twice (``left`` and
``right``), so there are 2**depth routes from an operation to the bottom of the chain.
The revision makes a handful of logical changes at the bottom and in the middle of the
chain (an enum value added, a maxLength lowered, a property removed, a required property
added) and one per-operation change (an optional query parameter added to one operation).
A diff whose cost grows with the number of routes takes exponential time here; one that
grows with the document and the number of changes does not.
"""

from __future__ import annotations

import argparse
import copy
import json
from pathlib import Path
from typing import Any

JSON = "application/json"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def build(operations: int, depth: int, resources: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for level in range(depth):
        nxt = ref(f"Level{level + 1}") if level + 1 < depth else ref("Leaf")
        schemas[f"Level{level}"] = {
            "type": "object",
            "properties": {
                "id": {"type": "string", "maxLength": 64},
                "left": nxt,
                "right": nxt,
                "note": {"type": "string", "description": f"level {level}"},
            },
            "required": ["id"],
        }
    schemas["Leaf"] = {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": ["active", "paused", "closed"]},
            "label": {"type": "string", "maxLength": 200},
            "legacy": {"type": "string"},
        },
        "required": ["status"],
    }
    for index in range(resources):
        schemas[f"Resource{index}"] = {
            "type": "object",
            "properties": {"name": {"type": "string"}, "tree": ref("Level0"), "kind": {"const": f"r{index}"}},
            "required": ["name"],
        }
    schemas["Error"] = {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}
    paths: dict[str, Any] = {}
    for index in range(operations // 2):
        resource = ref(f"Resource{index % resources}")
        body = {"content": {JSON: {"schema": resource}}}
        ok = {"description": "ok", "content": {JSON: {"schema": resource}}}
        error = {"description": "error", "content": {JSON: {"schema": ref("Error")}}}
        paths[f"/items{index}/{{id}}"] = {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": f"get{index}", "responses": {"200": ok, "404": error}},
            "put": {"operationId": f"put{index}", "requestBody": body, "responses": {"200": ok, "400": error}},
        }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Synthetic API", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def revise(base: dict[str, Any], depth: int) -> dict[str, Any]:
    revision = copy.deepcopy(base)
    schemas = revision["components"]["schemas"]
    leaf = schemas["Leaf"]
    leaf["properties"]["status"]["enum"].append("archived")
    leaf["properties"]["label"]["maxLength"] = 100
    del leaf["properties"]["legacy"]
    middle = schemas[f"Level{depth // 2}"]
    middle["properties"]["owner"] = {"type": "string"}
    middle["required"] = [*middle["required"], "owner"]
    first = next(iter(revision["paths"].values()))["get"]
    first["parameters"] = [{"name": "expand", "in": "query", "schema": {"type": "boolean"}}]
    return revision


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--depth", type=int, default=12)
    parser.add_argument("--resources", type=int, default=50)
    args = parser.parse_args(argv)
    base = build(args.operations, args.depth, args.resources)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "base.json").write_text(json.dumps(base, indent=1), encoding="utf-8")
    (args.out / "revision.json").write_text(json.dumps(revise(base, args.depth), indent=1), encoding="utf-8")
    print(args.out / "base.json", args.out / "revision.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
