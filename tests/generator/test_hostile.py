"""Hostile specs: nasty names, descriptions, enum values and paths must give valid, inert code."""

from __future__ import annotations

import importlib
import itertools
import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.render import generate_files
from rivya_contract.generator.write import write_tree
from rivya_contract.load import document_from_bytes

NASTY = [
    "class",
    "def",
    "import",
    "self",
    "None",
    "True",
    "type",
    "model_config",
    "__init__",
    "BaseModel",
    "Field",
    "_",
    "__",
    "1abc",
    "a-b",
    "a.b",
    "a b",
    "ünï",
    "日本",
    "🚀",
    "'",
    '"',
    '"""',
    "'''",
    "\\",
    "\\n",
    "\n",
    "\r\n",
    "\t",
    "\x00",
    "{x}",
    "{{",
    "}}",
    "#",
    "--",
    "$ref",
    "os.system('x')",
    '"""; import os; os._exit(3); """',
    "'); raise SystemExit(4); ('",
    "\u2028",
    "a" * 40,
]
names = st.one_of(st.sampled_from(NASTY), st.text(min_size=1, max_size=12))
counter = itertools.count()


@st.composite
def hostile_specs(draw: st.DrawFn) -> dict[str, Any]:
    schema_names = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    schemas: dict[str, Any] = {}
    for name in schema_names:
        props = draw(st.lists(names, min_size=0, max_size=4, unique=True))
        schemas[name] = {
            "type": "object",
            "description": draw(names),
            "required": props[:1],
            "properties": {
                prop: draw(
                    st.sampled_from(
                        [
                            {"type": "string", "description": draw(names)},
                            {"type": "string", "enum": draw(st.lists(names, min_size=1, max_size=3, unique=True))},
                            {"type": "integer", "default": 3},
                            {"type": "array", "items": {"$ref": f"#/components/schemas/{_escape(schema_names[0])}"}},
                            {"type": "object", "properties": {draw(names): {"type": "boolean"}}},
                        ]
                    )
                )
                for prop in props
            },
        }
    first = _escape(schema_names[0])
    segment = draw(names).replace("/", "_").replace("{", "(").replace("}", ")")
    param = draw(names)
    paths = {
        f"/{segment}/{{{param.replace('}', '').replace('{', '') or 'p'}}}": {
            "get": {
                "operationId": draw(names),
                "summary": draw(names),
                "parameters": [
                    {
                        "name": param.replace("}", "").replace("{", "") or "p",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {"name": draw(names), "in": "query", "schema": {"type": "string", "enum": [draw(names)]}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{first}"}}},
                    }
                },
            },
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{first}"}}}},
                "responses": {"201": {"description": draw(names)}},
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(names), "version": draw(names), "description": draw(names)},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _titled(title: str) -> dict[str, Any]:
    """A small spec of the strategy's shape with the given ``info.title``."""
    thing = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    ok = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1", "description": title},
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {"200": ok},
                },
                "post": {"requestBody": body, "responses": {"201": {"description": "made"}}},
            }
        },
        "components": {"schemas": {"Thing": thing}},
    }


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=hostile_specs())
@example(spec=_titled("True"))  # the client class would be the keyword True (found by the hypothesis DB)
def test_hostile_specs_generate_code_that_imports_and_does_nothing_else(
    spec: dict[str, Any], tmp_path_factory: Any
) -> None:
    raw = json.dumps(spec).encode()
    doc = document_from_bytes(raw, "hostile.json")
    package = f"hostile_sdk_{next(counter)}"
    generated = generate_files(doc, GenerateOptions(package_name=package, source_label="hostile.json"))
    out: Path = tmp_path_factory.mktemp("hostile") / "sdk"
    write_tree(generated.files, out)
    for path, content in generated.files.items():
        if path.endswith(".py"):
            compile(content, path, "exec")  # valid syntax whatever the spec says
    sys.path.insert(0, str(out))
    try:
        module = importlib.import_module(package)
        importlib.import_module(f"{package}.types")
        client_class = getattr(module, generated.sdk.client_class)
        client = client_class(api_key="k", base_url="http://127.0.0.1:9")
        methods = [
            name
            for resource in generated.sdk.resources
            for name in dir(getattr(client, resource.attr))
            if not name.startswith("_")
        ]
        assert methods  # both operations kept
        assert sum(len(r.operations) for r in generated.sdk.resources) == 2
        # every enum keeps the nasty values it was given, and accepts new ones
        for value in _enum_values(spec):
            for name in generated.sdk.model_names:
                cls = getattr(module.types, name)
                if hasattr(cls, "_missing_") and hasattr(cls, "__members__"):
                    assert cls(value).value == value
        client.close()
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def _enum_values(spec: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for schema in spec["components"]["schemas"].values():
        for prop in schema["properties"].values():
            found += [v for v in prop.get("enum", []) if isinstance(v, str)]
    return found
