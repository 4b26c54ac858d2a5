"""Prepare the contract's schemas for datamodel-code-generator, and name every type.

datamodel-code-generator invents names for inline schemas (``Result1``, ``Type749``)
and turns dotted schema names into modules. So before it runs, every schema that
becomes a class is given its final name here: component schemas by their own name,
inline objects, enums and discriminated unions by where they sit (``PublicGeneration``
+ ``error`` -> ``PublicGenerationError``). The generator then only ever sees named
``$ref``s, and the IR can refer to every class by its final name.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from contract import pointer as jp
from contract.document import Document
from generator import text
from generator.naming import NameAllocator, pascal

COMPONENT_PREFIX = "#/components/schemas/"

# Names the models module imports or defines itself; a schema may not take them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "AnyUrl",
        "AwareDatetime",
        "BaseModel",
        "ClassVar",
        "ConfigDict",
        "Enum",
        "Field",
        "Literal",
        "NaiveDatetime",
        "Optional",
        "RootModel",
        "SdkModel",
        "StrEnum",
        "Union",
        "date",
        "datetime",
        "time",
        "timedelta",
        "UUID",
        "Decimal",
        "Mapping",
        "Sequence",
        "TypeAdapter",
        "FileTypes",
        "RequestOptions",
        "SyncPage",
        "AsyncPage",
        "Stream",
        "AsyncStream",
        "SyncAPIClient",
        "AsyncAPIClient",
        "WaitTimeoutError",
        "APIResponse",
        "SerializationInfo",
        "SerializerFunctionWrapHandler",
    }
)

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_COMBINATORS = ("oneOf", "anyOf")


@dataclass(frozen=True)
class UnionInfo:
    """A discriminated union and the class that catches variants added later."""

    property: str
    fallback: str


@dataclass
class SchemaRegistry:
    """Every named schema of the models module, keyed by its final class name."""

    doc: Document
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    component_names: dict[str, str] = field(default_factory=dict)  # spec name -> class
    origins: dict[str, str] = field(default_factory=dict)  # class -> JSON pointer
    read_only: dict[str, list[str]] = field(default_factory=dict)  # class -> wire names
    unions: dict[str, UnionInfo] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what could not be represented exactly
    _names: NameAllocator = field(default_factory=lambda: NameAllocator(RESERVED_CLASS_NAMES))

    # -- building ------------------------------------------------------------------
    @classmethod
    def from_document(cls, doc: Document) -> SchemaRegistry:
        registry = cls(doc)
        components = doc.get("/components/schemas") or {}
        if not isinstance(components, dict):
            components = {}
        for name in components:
            registry.component_names[name] = registry._names.claim(pascal(name), ("Model",))
        for name, schema in components.items():
            class_name = registry.component_names[name]
            pointer = jp.join("components", "schemas", name)
            registry._add(class_name, schema, pointer)
        return registry

    def _add(self, class_name: str, schema: Any, pointer: str) -> None:
        self.origins[class_name] = pointer
        self.schemas[class_name] = {}  # placeholder: a self-reference finds the name
        self.schemas[class_name] = self._prepare_root(class_name, schema, pointer)

    def _hoist(self, wanted: str, schema: Any, pointer: str) -> str:
        class_name = self._names.claim(wanted, ("Model", "Object"))
        self._add(class_name, schema, pointer)
        return class_name

    # -- the type hint of any schema (used by the client IR) ----------------------------
    def hint(self, schema: Any, name_hint: str, pointer: str) -> str:
        """The Python type of ``schema``; a schema that needs a class gets one."""
        prepared = self._prepare(schema, name_hint, pointer, depth=0)
        return self._hint_of(prepared)

    def _hint_of(self, schema: Any) -> str:
        if not isinstance(schema, dict) or not schema:
            return "Any"
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            return ref[len(COMPONENT_PREFIX) :]
        for key in _COMBINATORS:
            variants = schema.get(key)
            if isinstance(variants, list) and variants:
                return _union([self._hint_of(variant) for variant in variants])
        if "const" in schema:
            return "Any" if schema["const"] is None else _scalar_of(schema["const"])
        kind = schema.get("type")
        if isinstance(kind, list):
            return _union([self._hint_of({**schema, "type": item}) for item in kind])
        if kind == "array":
            return f"list[{self._hint_of(schema.get('items'))}]"
        if kind == "object":
            extra = schema.get("additionalProperties")
            value = self._hint_of(extra) if isinstance(extra, dict) else "Any"
            return f"dict[str, {value}]"
        if kind == "string" and schema.get("format") == "binary":
            return "bytes"
        if isinstance(kind, str) and kind in _SCALARS:
            hint = _SCALARS[kind]
            return f"{hint} | None" if schema.get("nullable") is True and hint != "None" else hint
        return "Any"

    # -- preparing a schema for datamodel-code-generator --------------------------------
    def _prepare_root(self, class_name: str, schema: Any, pointer: str) -> dict[str, Any]:
        schema = self._inline_foreign_ref(schema, pointer, 0)
        if not isinstance(schema, dict):
            return {}
        prepared: dict[str, Any] = self._prepare_body(class_name, schema, pointer, depth=0)
        union = self._discriminated(prepared)
        if union is not None:
            # The fallback class is written by the RootModel template right before the
            # union, so that it is defined before the union's generic base uses it.
            fallback = self._names.claim(class_name + "Unknown", ("Variant",))
            self.unions[class_name] = UnionInfo(union, fallback)
        return prepared

    def _prepare(self, schema: Any, name_hint: str, pointer: str, depth: int) -> Any:
        """Rewrite one (possibly inline) schema; named things become $refs."""
        schema = self._inline_foreign_ref(schema, pointer, depth)
        if not isinstance(schema, dict):
            return schema
        alias = self._scalar_alias(schema)
        if alias is not None and depth < 40:
            # A named scalar (``GenerationPrompt: {type: string, maxLength: 4000}``) is used
            # inline, so fields are plain ``str`` with its constraints, not a wrapper class.
            return self._prepare_body(name_hint, alias, pointer, depth + 1)
        schema = _nullable_enum(schema)
        if self._needs_class(schema):
            return {"$ref": COMPONENT_PREFIX + self._hoist(name_hint, schema, pointer)}
        return self._prepare_body(name_hint, schema, pointer, depth)

    def _prepare_body(self, owner: str, schema: dict[str, Any], pointer: str, depth: int) -> Any:
        out: dict[str, Any] = {}
        for key, value in schema.items():
            where = jp.join(pointer, key) if pointer else key
            if key == "$ref" and isinstance(value, str):
                out[key] = self._component_ref(value)
            elif key == "properties" and isinstance(value, dict):
                out[key] = {
                    prop: self._prepare(sub, owner + pascal(prop, "Field"), jp.join(where, prop), depth + 1)
                    for prop, sub in value.items()
                }
            elif key == "items" and isinstance(value, dict):
                out[key] = self._prepare(value, owner + "Item", where, depth + 1)
            elif key == "additionalProperties" and isinstance(value, dict):
                out[key] = self._prepare(value, owner + "Value", where, depth + 1)
            elif key in ("oneOf", "anyOf", "allOf") and isinstance(value, list):
                out[key] = self._prepare_variants(owner, value, where, depth)
            elif key in ("not", "if", "then", "else", "prefixItems", "patternProperties"):
                continue  # constraints a typed model cannot express; the server checks them
            elif key == "discriminator" and isinstance(value, dict):
                out[key] = self._discriminator(value)
            elif key == "enum" and isinstance(value, list):
                out.update(_enum_or_plain(value, schema))
            elif key == "required" and isinstance(value, list):
                out[key] = self._required(schema, value)
            elif key == "description":
                # dmcg writes descriptions as docstrings; text dmcg's formatter reads as
                # blank (U+2028 only, say) would leave a class with an empty body.
                if text.clean(value):
                    out[key] = text.clean(value)
            elif key.startswith("x-") or key in ("example", "examples", "externalDocs", "xml"):
                continue  # not part of the model; keeps dmcg from echoing odd values
            else:
                out[key] = value
        self._record_read_only(owner, schema)
        return out

    def _prepare_variants(self, owner: str, variants: list[Any], where: str, depth: int) -> list[Any]:
        non_null = [v for v in variants if not (isinstance(v, dict) and v.get("type") == "null")]
        result = []
        for index, variant in enumerate(variants):
            title = variant.get("title") if isinstance(variant, dict) else None
            if len(non_null) == 1:
                hint = owner
            elif isinstance(title, str) and pascal(title, ""):
                hint = owner + pascal(title)
            else:
                hint = owner + "Variant" + _ordinal(index)
            result.append(self._prepare(variant, hint, jp.join(where, str(index)), depth + 1))
        return result

    def _needs_class(self, schema: dict[str, Any]) -> bool:
        if "$ref" in schema:
            return False
        if isinstance(schema.get("properties"), dict) and schema["properties"]:
            return True
        if self._string_enum(schema):
            return True
        return self._discriminated(schema) is not None

    def _scalar_alias(self, schema: dict[str, Any]) -> dict[str, Any] | None:
        """The component a bare ``$ref`` names, when it is a plain scalar schema."""
        ref = schema.get("$ref")
        if not isinstance(ref, str) or len(schema) != 1 or not ref.startswith(COMPONENT_PREFIX):
            return None
        target = self.doc.ref_target(ref)
        if not isinstance(target, dict) or any(
            key in target for key in ("$ref", "properties", "enum", "oneOf", "anyOf", "allOf", "items")
        ):
            return None
        kinds = target.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not kinds or not all(k in ("string", "integer", "number", "boolean", "null") for k in kinds):
            return None
        return target

    @staticmethod
    def _string_enum(schema: dict[str, Any]) -> bool:
        values = schema.get("enum")
        return (
            isinstance(values, list)
            and any(isinstance(v, str) for v in values)
            and all(isinstance(v, str) or v is None for v in values)
        )

    @staticmethod
    def _discriminated(schema: dict[str, Any]) -> str | None:
        disc = schema.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            return None
        if not isinstance(schema.get("oneOf") or schema.get("anyOf"), list):
            return None
        name: str = disc["propertyName"]
        return name

    def _discriminator(self, value: dict[str, Any]) -> dict[str, Any]:
        result = dict(value)
        mapping = value.get("mapping")
        if isinstance(mapping, dict):
            result["mapping"] = {k: self._component_ref(v) for k, v in mapping.items() if isinstance(v, str)}
        return result

    def _required(self, schema: dict[str, Any], required: list[Any]) -> list[str]:
        """A readOnly field is never sent, a writeOnly one never returned: both optional."""
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        kept: list[str] = []
        for name in required:
            if not isinstance(name, str) or name in kept:
                continue  # duplicates happen in real specs (OpenAI)
            sub = self.doc.resolve(props.get(name)) if isinstance(props, dict) else None
            if isinstance(sub, dict) and (sub.get("readOnly") is True or sub.get("writeOnly") is True):
                continue
            kept.append(name)
        return kept

    def _record_read_only(self, owner: str, schema: dict[str, Any]) -> None:
        props = schema.get("properties")
        if not isinstance(props, dict) or owner not in self.schemas:
            return
        names = [n for n, s in props.items() if isinstance(s, dict) and s.get("readOnly") is True]
        if names:
            self.read_only[owner] = sorted(names)

    # -- references ---------------------------------------------------------------
    def _component_ref(self, ref: str) -> str:
        if ref.startswith(COMPONENT_PREFIX):
            tokens = jp.split(ref[1:])
            if len(tokens) == 3 and tokens[2] in self.component_names:
                return COMPONENT_PREFIX + self.component_names[tokens[2]]
        self.notes.append(f"$ref {ref!r} does not name a component schema; typed as Any")
        return COMPONENT_PREFIX + self._any_class()

    def _inline_foreign_ref(self, schema: Any, pointer: str, depth: int) -> Any:
        """A $ref to anything but a component schema is copied in (bounded depth)."""
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref.startswith(COMPONENT_PREFIX) and len(jp.split(ref[1:])) == 3:
                return schema
            target = self.doc.ref_target(ref)
            seen += 1
            if target is None or seen > 20 or depth > 40:
                self.notes.append(f"{pointer}: $ref {ref!r} cannot be followed; typed as Any")
                return {}
            schema = copy.deepcopy(target)
        return schema

    def _any_class(self) -> str:
        name = "UnresolvedSchema"
        if name not in self.schemas:
            name = self._names.claim(name)
            self.schemas[name] = {"description": "A schema the contract does not define."}
        return name


def _enum_or_plain(values: list[Any], schema: dict[str, Any]) -> dict[str, Any]:
    """String enums stay enums (forward-compatible classes); other enums become the type."""
    if any(isinstance(v, str) for v in values) and all(isinstance(v, str) or v is None for v in values):
        unique = list(dict.fromkeys(values))
        return {"enum": unique}
    return {}


def _nullable_enum(schema: dict[str, Any]) -> dict[str, Any]:
    """``enum: [a, b, null]`` -> ``anyOf: [enum a|b, null]``: the enum class holds strings only."""
    values = schema.get("enum")
    if not isinstance(values, list) or None not in values:
        return schema
    strings = [v for v in values if v is not None]
    if not strings or not all(isinstance(v, str) for v in strings):
        return schema
    base = {k: v for k, v in schema.items() if k not in ("enum", "type", "nullable", "description")}
    variant = {**base, "type": "string", "enum": strings}
    result: dict[str, Any] = {"anyOf": [variant, {"type": "null"}]}
    if "description" in schema:
        result["description"] = schema["description"]
    return result


def _scalar_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return "Any"


def _union(hints: list[str]) -> str:
    unique = list(dict.fromkeys(hints))
    if "Any" in unique:
        return "Any"
    if "None" in unique:
        unique = [h for h in unique if h != "None"] + ["None"]
    return " | ".join(unique)


_ORDINALS = ("A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M")


def _ordinal(index: int) -> str:
    return _ORDINALS[index] if index < len(_ORDINALS) else f"N{index}"
