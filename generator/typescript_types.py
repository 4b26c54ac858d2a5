"""JSON Schema -> TypeScript types, for the TypeScript SDK.

Every component schema becomes one exported type under the name the Python SDK gives its
class (``GenerationRequest.rivya-image-1`` -> ``GenerationRequestRivyaImage1``). A type is
written for the side of the wire it is used on:

- **input** (request bodies, parameters): enums are closed string-literal unions,
  ``readOnly`` properties are left out, binary strings in a multipart form are ``Uploadable``;
- **output** (responses, stream events, webhook events): string enums are open
  (``'a' | 'b' | (string & {})``), a discriminated union gains an explicit unknown variant
  (``{ tag: string & {} }``), ``writeOnly`` properties are left out, and ``readOnly`` ones are ``readonly``.

A component used on both sides whose two renderings differ is written twice: ``X`` (output)
and ``XInput``. Nothing is ever ``any``: a schema that says nothing is ``unknown``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from rivya_contract.document import Document
from rivya_contract.generator import text
from rivya_contract.generator.naming import NameAllocator, pascal

COMPONENTS = "#/components/schemas/"
_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# Names our runtime modules export into types.ts, and TypeScript's own type names.
_RESERVED = frozenset(
    {"Uploadable", "OpenEnum", "Array", "Record", "Partial", "Promise", "Object", "String", "Number", "Boolean"}
    | {"Symbol", "Function", "Date", "Error", "Blob", "File", "Response", "Request", "Headers", "FormData"}
)
_SUBSCHEMA_KEYS = frozenset(
    {"items", "additionalProperties", "not", "contains", "if", "then", "else", "prefixItems", "oneOf", "anyOf", "allOf"}
)
_MAX_DEPTH = 40  # inline (non-component) nesting; deeper is ``unknown``


class Side(Enum):
    INPUT = "input"
    OUTPUT = "output"


@dataclass
class TypeWriter:
    """Lowers schemas of one document; collects the component types it needed."""

    doc: Document
    names: dict[str, str] = field(default_factory=dict)  # component -> TS name (output / only side)
    input_names: dict[str, str] = field(default_factory=dict)  # component -> TS name of the input twin
    wanted: set[tuple[str, Side]] = field(default_factory=set)
    differs: set[str] = field(default_factory=set)
    allocator: NameAllocator = field(default_factory=lambda: NameAllocator(_RESERVED))

    @classmethod
    def for_document(cls, doc: Document, twins: set[str] | None = None) -> TypeWriter:
        """``twins``: components written twice (``X`` and ``XInput``); None: every one that
        differs per side (the first pass, which finds out which are used on both sides)."""
        writer = cls(doc)
        schemas = doc.get("/components/schemas")
        if isinstance(schemas, dict):
            for name in schemas:
                writer.names[str(name)] = writer.allocator.claim(pascal(str(name)), ("Model",))
        writer.differs = writer._sides_that_differ()
        for name in writer.names:
            if name in (writer.differs if twins is None else twins & writer.differs):
                writer.input_names[name] = writer.allocator.claim(writer.names[name] + "Input", ("Params",))
        return writer

    def used_on_both_sides(self) -> set[str]:
        inputs = {name for name, side in self.wanted if side is Side.INPUT}
        return {name for name, side in self.wanted if side is Side.OUTPUT} & inputs

    def claim(self, wanted: str, suffixes: tuple[str, ...] = ("Params",)) -> str:
        return self.allocator.claim(wanted, suffixes)

    # -- one type expression ------------------------------------------------------------
    def ts(self, schema: Any, side: Side) -> str:
        return self._type(schema, side, 0)

    def _type(self, schema: Any, side: Side, depth: int) -> str:
        if schema is True or schema is None:
            return "unknown"
        if schema is False:
            return "never"
        if not isinstance(schema, dict):
            return "unknown"
        if depth > _MAX_DEPTH:
            return "unknown"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            named = self._ref(ref, side, depth)
            return self._nullable(named, schema)
        content = schema.get("contentSchema")
        if isinstance(content, dict) and str(schema.get("contentMediaType", "")).endswith("json"):
            # a JSON document inside a string (SSE ``data``): the SDK decodes it
            return self._nullable(self._type(content, side, depth + 1), schema)
        if "const" in schema:
            return self._nullable(_literal(schema["const"]), schema)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return self._nullable(self._enum(enum, side), schema)
        parts: list[str] = []
        union = schema.get("oneOf") or schema.get("anyOf")
        if isinstance(union, list) and union:
            parts.append(self._union(schema, union, side, depth))
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            parts.extend(_paren(self._type(part, side, depth + 1)) for part in all_of)
        own = self._own(schema, side, depth, bool(parts))
        if own is not None:
            parts.insert(0, own)
        parts = [p for p in parts if p != "unknown"] or ["unknown"]
        result = parts[0] if len(parts) == 1 else " & ".join(_paren(p) for p in parts)
        return self._nullable(result, schema)

    def _ref(self, ref: str, side: Side, depth: int) -> str:
        if ref.startswith(COMPONENTS):
            name = _unescape(ref[len(COMPONENTS) :])
            if name in self.names:
                self.wanted.add((name, side))
                if side is Side.INPUT and name in self.input_names:
                    return self.input_names[name]
                target = self.doc.get(f"/components/schemas/{ref[len(COMPONENTS) :]}")
                if side is Side.OUTPUT and _is_string_enum(target):
                    return f"{self.names[name]} | (string & {{}})"
                return self.names[name]
        target = self.doc.resolve({"$ref": ref})
        if isinstance(target, dict) and "$ref" in target:
            return "unknown"  # a reference that does not resolve, or a cycle of references
        return self._type(target, side, depth + 1)

    def _enum(self, values: list[Any], side: Side) -> str:
        result = " | ".join(dict.fromkeys(_literal(v) for v in values))
        if side is Side.OUTPUT and all(isinstance(v, str) for v in values if v is not None):
            result += " | (string & {})"
        return result

    def _union(self, schema: dict[str, Any], variants: list[Any], side: Side, depth: int) -> str:
        members = [_paren(self._type(v, side, depth + 1)) for v in variants]
        unique = list(dict.fromkeys(members))
        disc = schema.get("discriminator")
        tag = disc.get("propertyName") if isinstance(disc, dict) else None
        if side is Side.OUTPUT and isinstance(tag, str):
            # the unknown variant declares only its tag, so `"field" in x` still narrows to a known one
            unique.append(f"{{ {_key(tag)}: string & {{}} }}")
        return " | ".join(unique) if unique else "unknown"

    def _own(self, schema: dict[str, Any], side: Side, depth: int, combined: bool) -> str | None:
        kinds = schema.get("type")
        if isinstance(kinds, str):
            kinds = [kinds]
        if not isinstance(kinds, list):
            kinds = []
            if "properties" in schema or "additionalProperties" in schema:
                kinds = ["object"]
            elif "items" in schema:
                kinds = ["array"]
        rendered: list[str] = []
        for kind in kinds:
            if kind == "null":
                rendered.append("null")
            elif kind in ("integer", "number"):
                rendered.append("number")
            elif kind == "boolean":
                rendered.append("boolean")
            elif kind == "string":
                binary = schema.get("format") == "binary" or (
                    "contentMediaType" in schema and "contentSchema" not in schema
                )
                rendered.append("Uploadable" if binary and side is Side.INPUT else "string")
            elif kind == "array":
                items = schema.get("items")
                if isinstance(schema.get("prefixItems"), list) and items is None:
                    items = {"anyOf": schema["prefixItems"]}
                rendered.append(f"Array<{self._type(items, side, depth + 1)}>")
            elif kind == "object":
                obj = self._object(schema, side, depth)
                if obj is not None or not combined:
                    rendered.append(obj or "{ [key: string]: unknown }")
        if not rendered:
            return None
        return " | ".join(dict.fromkeys(rendered))

    def _object(self, schema: dict[str, Any], side: Side, depth: int) -> str | None:
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        if not isinstance(props, dict) or not props:
            if isinstance(extra, dict) and extra:
                return f"{{ [key: string]: {self._type(extra, side, depth + 1)} }}"
            if extra is False:
                return "{ [key: string]: never }"
            return None
        required = set(schema.get("required") or []) if isinstance(schema.get("required"), list) else set()
        lines: list[str] = []
        for wire, sub in props.items():
            resolved = self.doc.resolve(sub)
            read_only = isinstance(resolved, dict) and resolved.get("readOnly") is True
            write_only = isinstance(resolved, dict) and resolved.get("writeOnly") is True
            if (side is Side.INPUT and read_only) or (side is Side.OUTPUT and write_only):
                continue
            optional = wire not in required  # each side is its own type: required stays required
            prefix = "readonly " if read_only else ""
            doc = _jsdoc(sub.get("description") if isinstance(sub, dict) else None)
            value = self._type(sub, side, depth + 1)
            lines.append(f"{doc}{prefix}{_key(str(wire))}{'?' if optional else ''}: {value};")
        if extra not in (None, False, True) and isinstance(extra, dict) and extra:
            lines.append("[key: string]: unknown;")
        return "{\n" + "\n".join(lines) + "\n}"

    @staticmethod
    def _nullable(result: str, schema: dict[str, Any]) -> str:
        if schema.get("nullable") is True and result not in ("unknown", "null") and not result.endswith("| null"):
            return f"{_paren(result)} | null"
        return result

    # -- the components ---------------------------------------------------------------------
    def declarations(self) -> list[str]:
        """``export type`` for every component needed (and what they need), in document order."""
        done: set[tuple[str, Side]] = set()
        while self.wanted - done:
            for name, side in sorted(self.wanted - done, key=lambda item: (item[0], item[1].value)):
                done.add((name, side))
                self._declaration(name, side)  # renders once to find what it refers to
        out: list[str] = []
        for name in self.names:
            sides = {side for side in Side if (name, side) in self.wanted}
            if name in self.input_names:
                if Side.OUTPUT in sides:
                    out.append(self._declaration(name, Side.OUTPUT))
                if Side.INPUT in sides:
                    out.append(self._declaration(name, Side.INPUT))
            elif sides:
                out.append(self._declaration(name, Side.OUTPUT if Side.OUTPUT in sides else Side.INPUT))
        return out

    def _declaration(self, name: str, side: Side) -> str:
        schema = self.doc.get("/components/schemas/" + _escape(name))
        ts_name = self.input_names.get(name, self.names[name]) if side is Side.INPUT else self.names[name]
        # a component's enum is closed; output references add `| (string & {})` themselves
        body = self._type(schema, Side.INPUT if _is_string_enum(schema) else side, 0)
        doc = _jsdoc(schema.get("description") if isinstance(schema, dict) else None, deprecated=_deprecated(schema))
        return f"{doc}export type {ts_name} = {body};"

    # -- which components read differently on the two sides -----------------------------------
    def _sides_that_differ(self) -> set[str]:
        """Components whose input and output types differ, directly or through a reference."""
        refs: dict[str, set[str]] = {}
        differs: set[str] = set()
        for name in self.names:
            schema = self.doc.get("/components/schemas/" + _escape(name))
            found: set[str] = set()
            if _differs_locally(schema, found, 0):
                differs.add(name)
            refs[name] = found
        changed = True
        while changed:
            changed = False
            for name, targets in refs.items():
                if name not in differs and targets & differs:
                    differs.add(name)
                    changed = True
        string_enums = {n for n in self.names if _is_string_enum(self.doc.get("/components/schemas/" + _escape(n)))}
        return differs - string_enums


def _differs_locally(schema: Any, refs: set[str], depth: int) -> bool:
    """Whether a schema itself reads differently per side; collects the components it names."""
    if depth > _MAX_DEPTH:
        return False
    if isinstance(schema, list):
        return any([_differs_locally(item, refs, depth + 1) for item in schema])
    if not isinstance(schema, dict):
        return False
    found = False
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(COMPONENTS):
        refs.add(_unescape(ref[len(COMPONENTS) :]))
    if schema.get("readOnly") is True or schema.get("writeOnly") is True:
        found = True
    enum = schema.get("enum")
    if isinstance(enum, list) and any(isinstance(v, str) for v in enum):
        found = True
    if isinstance(schema.get("discriminator"), dict):
        found = True
    if schema.get("format") == "binary" or "contentMediaType" in schema:
        found = True
    for key, value in schema.items():
        if key in ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas"):
            if isinstance(value, dict):
                for sub in value.values():
                    found = _differs_locally(sub, refs, depth + 1) or found
        elif key in _SUBSCHEMA_KEYS:
            found = _differs_locally(value, refs, depth + 1) or found
    return found


def _is_string_enum(schema: Any) -> bool:
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    enum = schema.get("enum")
    return isinstance(enum, list) and bool(enum) and all(isinstance(v, str) for v in enum if v is not None)


def _deprecated(schema: Any) -> bool:
    return isinstance(schema, dict) and schema.get("deprecated") is True


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return json.dumps(value) if abs(value) < 2**53 else "number"
    if isinstance(value, str):
        return js_string(value)
    return "unknown"


def js_string(value: str) -> str:
    """A TypeScript string literal for any text (JSON escapes; U+2028/9 escaped too)."""
    return json.dumps(value).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _key(name: str) -> str:
    return name if _IDENT.match(name) else js_string(name)


def _paren(expr: str) -> str:
    if expr.startswith("{") and expr.endswith("}") and _balanced_outer(expr, "{", "}"):
        return expr
    if expr.startswith("Array<") and expr.endswith(">") and _balanced_outer(expr[5:], "<", ">"):
        return expr
    if (" | " in expr or " & " in expr) and not (expr.startswith("(") and _balanced_outer(expr, "(", ")")):
        return f"({expr})"
    return expr


def _balanced_outer(expr: str, left: str, right: str) -> bool:
    """Whether the first ``left`` closes at the very last character."""
    level = 0
    for index, char in enumerate(expr):
        if char == left:
            level += 1
        elif char == right:
            level -= 1
            if level == 0 and index != len(expr) - 1:
                return False
    return level == 0


def jsdoc(description: object, *, deprecated: bool = False, extra: tuple[str, ...] = ()) -> str:
    """A ``/** ... */`` comment for spec text ('*/' cannot end it early), or ''."""
    body = text.clean(description).replace("*/", "*\\/")
    lines = body.split("\n") if body else []
    if deprecated:
        lines.append("@deprecated")
    lines.extend(extra)
    if not lines:
        return ""
    if len(lines) == 1:
        return f"/** {lines[0]} */\n"
    return "/**\n" + "\n".join(f" * {line}".rstrip() for line in lines) + "\n */\n"


_jsdoc = jsdoc


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    from urllib.parse import unquote

    return unquote(token).replace("~1", "/").replace("~0", "~")
