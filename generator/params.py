"""Request-side types: ``TypedDict`` params and ``Literal`` enums, as the Stainless SDKs type them.

Responses are pydantic models (``types.py``); what a caller *sends* is typed here instead,
so ``kind="image"`` and ``params={"aspect_ratio": "16:9"}`` type-check while a typo in a
key (``"promt"``) does not. Every component object a request reaches becomes one
``<Name>Param`` TypedDict in ``params.py``; inline objects are named after their place;
enums and constants become ``Literal[...]``.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from typing import Any

from rivya_contract.document import Document
from rivya_contract.generator import text
from rivya_contract.generator.naming import NameAllocator, pascal
from rivya_contract.generator.schemas import COMPONENT_PREFIX, SchemaRegistry, json_content, property_map

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_MAX_DEPTH = 12
# Names params.py imports or defines itself.
_RESERVED = frozenset({"Any", "Literal", "Mapping", "Required", "Sequence", "TypeAlias", "TypedDict", "FileTypes"})


@dataclass
class ParamField:
    wire: str
    hint: str
    required: bool
    docstring: str = ""


@dataclass
class ParamClass:
    name: str
    fields: list[ParamField]
    docstring: str = ""
    alias: str | None = None  # a union of other params: ``X: TypeAlias = A | B``

    @property
    def class_syntax(self) -> bool:
        """Keys that are identifiers can use the class form (with docstrings)."""
        return all(f.wire.isidentifier() and not keyword.iskeyword(f.wire) for f in self.fields)


@dataclass
class ParamTypes:
    """Hands out request-side type hints and collects the TypedDicts they need."""

    doc: Document
    registry: SchemaRegistry
    classes: dict[str, ParamClass] = field(default_factory=dict)
    _by_ref: dict[str, str] = field(default_factory=dict)
    taken: frozenset[str] = frozenset()  # model names: a param class never takes one
    _names: NameAllocator = field(init=False)

    def __post_init__(self) -> None:
        self._names = NameAllocator(_RESERVED | self.taken)

    def hint(self, schema: Any, name_hint: str, *, files: bool = False) -> str:
        return self._hint(schema, name_hint, 0, files)

    def _hint(self, schema: Any, name_hint: str, depth: int, files: bool) -> str:
        if depth > _MAX_DEPTH:
            return "object"
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref.startswith(COMPONENT_PREFIX):
                return self._component(ref, depth, files)
            resolved = self.doc.resolve(schema)
            return self._hint(resolved, name_hint, depth + 1, files) if resolved is not schema else "object"
        if not isinstance(schema, dict):
            return "object" if schema is not False else "None"
        decoded = json_content(schema)
        if decoded is not None:
            return self._hint(decoded, name_hint, depth + 1, files)
        nullable = schema.get("nullable") is True
        hint = self._plain(schema, name_hint, depth, files)
        if nullable and hint not in ("object", "None") and not hint.endswith("| None"):
            hint += " | None"
        return hint

    def _plain(self, schema: dict[str, Any], name_hint: str, depth: int, files: bool) -> str:
        if "const" in schema:
            return _literal([schema["const"]])
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(_literal_value(v) for v in enum):
            return _literal(enum)
        if files and (schema.get("format") == "binary" or "contentMediaType" in schema):
            return "FileTypes"
        for key in ("oneOf", "anyOf"):
            variants = schema.get(key)
            if isinstance(variants, list) and variants:
                hints = [self._hint(v, f"{name_hint}{_ordinal(i)}", depth + 1, files) for i, v in enumerate(variants)]
                return _union(hints)
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            if len(all_of) == 1 and not schema.get("properties"):
                return self._hint(all_of[0], name_hint, depth + 1, files)
            merged = self._merge_all_of(schema, depth)
            if merged is None:
                return "object"
            return self._object(merged, name_hint, depth, files)
        kind = schema.get("type")
        if isinstance(kind, list):
            hints = [self._plain({**schema, "type": k}, name_hint, depth, files) for k in kind if isinstance(k, str)]
            return _union(hints) if hints else "object"
        if kind == "array":
            item = self._hint(schema.get("items", {}), name_hint + "Item", depth + 1, files)
            return f"Sequence[{item}]"
        if kind == "object" or "properties" in schema:
            return self._object(schema, name_hint, depth, files)
        if isinstance(kind, str) and kind in _SCALARS:
            return _SCALARS[kind]
        return "object"

    def _object(self, schema: dict[str, Any], name_hint: str, depth: int, files: bool) -> str:
        props = property_map(self.doc, schema.get("properties"))
        extra = schema.get("additionalProperties")
        if not isinstance(props, dict) or not props:
            if isinstance(extra, dict) and extra:
                return f"Mapping[str, {self._hint(extra, name_hint + 'Value', depth + 1, files)}]"
            return "Mapping[str, object]"
        name = self._names.claim(name_hint, ("Param",))
        self.classes[name] = ParamClass(name, [], text.clean(schema.get("description")))
        self.classes[name].fields = self._fields(schema, name, depth, files)
        return name

    def _fields(self, schema: dict[str, Any], owner: str, depth: int, files: bool) -> list[ParamField]:
        props = property_map(self.doc, schema.get("properties"))
        required = set(schema.get("required") or [])
        fields: list[ParamField] = []
        for wire, sub in props.items():
            if not isinstance(wire, str):
                continue
            resolved = self.doc.resolve(sub)
            if isinstance(resolved, dict) and resolved.get("readOnly") is True:
                continue  # the server sets it; a request never sends it
            hint = self._hint(sub, owner.removesuffix("Param") + pascal(wire, "Field") + "Param", depth + 1, files)
            description = resolved.get("description") if isinstance(resolved, dict) else None
            fields.append(ParamField(wire, hint, wire in required, text.clean(description)))
        return fields

    def _component(self, ref: str, depth: int, files: bool) -> str:
        if ref in self._by_ref:
            return self._by_ref[ref]
        component = ref[len(COMPONENT_PREFIX) :]
        class_name = self.registry.component_names.get(component, pascal(component))
        schema = self.doc.resolve({"$ref": ref})
        if not isinstance(schema, dict):
            return "object"
        if not _is_object(self.doc, schema):
            # enums, scalars, arrays, unions: inline (a union gets an alias of its params)
            variants = schema.get("oneOf") or schema.get("anyOf")
            if isinstance(variants, list) and variants and _is_object_union(self.doc, variants):
                name = self._names.claim(class_name + "Param", ("Params",))
                self._by_ref[ref] = name
                hints = [
                    self._hint(v, f"{class_name}{_ordinal(i)}Param", depth + 1, files) for i, v in enumerate(variants)
                ]
                self.classes[name] = ParamClass(name, [], text.clean(schema.get("description")), _union(hints))
                return name
            hint = self._hint(schema, class_name + "Param", depth + 1, files)
            self._by_ref[ref] = hint
            return hint
        name = self._names.claim(class_name + "Param", ("Params",))
        self._by_ref[ref] = name  # before the fields: a schema may refer to itself
        merged = self._merge_all_of(schema, depth) if "allOf" in schema else schema
        self.classes[name] = ParamClass(name, [], text.clean(schema.get("description")))
        self.classes[name].fields = self._fields(merged or {}, name, depth, files)
        return name

    def _merge_all_of(self, schema: dict[str, Any], depth: int) -> dict[str, Any] | None:
        props: dict[str, Any] = {}
        required: list[Any] = []
        for part in [schema, *(schema.get("allOf") or [])]:
            resolved = self.doc.resolve(part)
            if not isinstance(resolved, dict):
                continue
            if resolved is not schema and "allOf" in resolved and depth < _MAX_DEPTH:
                resolved = self._merge_all_of(resolved, depth + 1) or {}
            props.update(property_map(self.doc, resolved.get("properties")))
            required += [r for r in resolved.get("required") or [] if isinstance(r, str)]
        if not props:
            return None
        return {"type": "object", "properties": props, "required": required, "description": schema.get("description")}

    def ordered(self) -> list[ParamClass]:
        return [self.classes[name] for name in sorted(self.classes)]

    def property_of(self, schema: Any, prop: str) -> Any:
        """The schema of ``prop`` in an object schema, its allOf parts' included."""
        resolved = self.doc.resolve(schema)
        if not isinstance(resolved, dict):
            return None
        merged = self._merge_all_of(resolved, 0) if "allOf" in resolved else resolved
        return property_map(self.doc, (merged or {}).get("properties")).get(prop)

    def object_fields(self, schema: Any) -> tuple[list[ParamField], str] | None:
        """The properties of a request body that is an object: (fields, description)."""
        resolved = self.doc.resolve(schema)
        if not isinstance(resolved, dict) or not _is_object(self.doc, resolved):
            return None
        merged = self._merge_all_of(resolved, 0) if "allOf" in resolved else resolved
        if not merged or not property_map(self.doc, merged.get("properties")):
            return None
        owner = "Body"
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            owner = self.registry.component_names.get(schema["$ref"].removeprefix(COMPONENT_PREFIX), owner)
        return self._fields(merged, owner + "Param", 0, False), text.clean(resolved.get("description"))


def _is_object(doc: Document, schema: dict[str, Any]) -> bool:
    if schema.get("oneOf") or schema.get("anyOf"):
        return False
    if schema.get("type") == "object" or isinstance(schema.get("properties"), dict):
        return True
    parts = schema.get("allOf")
    return isinstance(parts, list) and any(
        isinstance(doc.resolve(p), dict) and _is_object(doc, doc.resolve(p)) for p in parts
    )


def _is_object_union(doc: Document, variants: list[Any]) -> bool:
    return all(isinstance(doc.resolve(v), dict) and _is_object(doc, doc.resolve(v)) for v in variants)


def _literal_value(value: object) -> bool:
    return value is None or (isinstance(value, (str, int, bool)) and not isinstance(value, float))


def _literal(values: list[Any]) -> str:
    concrete = [v for v in values if v is not None and _literal_value(v)]
    if not concrete:
        return "None"
    unique = list(dict.fromkeys(repr(v) for v in concrete))
    hint = f"Literal[{', '.join(unique)}]"
    return hint + " | None" if None in values else hint


def _union(hints: list[str]) -> str:
    parts: list[str] = []
    for hint in hints:
        for part in hint.split(" | ") if "[" not in hint else [hint]:
            if part not in parts:
                parts.append(part)
    if "object" in parts:
        return "object"
    if "None" in parts:
        parts = [p for p in parts if p != "None"] + ["None"]
    return " | ".join(parts) if parts else "object"


def _ordinal(index: int) -> str:
    return "Variant" + chr(ord("A") + index) if index < 26 else f"Variant{index}"


def render_params(classes: list[ParamClass], header: str) -> str:
    """The source of ``params.py``: TypedDicts (class syntax where keys allow it) and aliases."""
    lines = [
        header.rstrip("\n"),
        '"""Request params: TypedDicts of what you send (keys are the wire names) and Literal enums."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping, Sequence",
        "from typing import Literal, Required, TypeAlias, TypedDict",
        "",
        "from ._files import FileTypes",
        "",
        '__all__ = ["FileTypes", "Literal", "Mapping", "Required", "Sequence", "TypeAlias", "TypedDict"]',
    ]
    for cls in classes:
        lines += ["", ""]
        if cls.alias is not None:
            lines.append(f"{cls.name}: TypeAlias = {text.literal(cls.alias)}")
            continue
        if cls.class_syntax:
            lines.append(f"class {cls.name}(TypedDict, total=False):")
            doc = text.docstring(cls.docstring, 4)
            if doc:
                lines.append(f"    {doc}")
            if not cls.fields and not doc:
                lines.append("    pass")
            for f in cls.fields:
                hint = f"Required[{f.hint}]" if f.required else f.hint
                lines.append(f"    {f.wire}: {hint}")
                field_doc = text.docstring(f.docstring, 4)
                if field_doc:
                    lines.append(f"    {field_doc}")
            continue
        entries = ", ".join(
            f"{text.literal(f.wire)}: {text.literal(f'Required[{f.hint}]' if f.required else f.hint)}"
            for f in cls.fields
        )
        lines.append(f"{cls.name} = TypedDict({cls.name!r}, {{{entries}}}, total=False)")
    return "\n".join(lines) + "\n"
