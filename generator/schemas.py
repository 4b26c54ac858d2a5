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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.generator import text
from rivya_contract.generator.naming import NameAllocator, pascal
from rivya_contract.patterns import python_pattern

COMPONENT_PREFIX = "#/components/schemas/"
# A reference to a class the registry named itself (a hoisted part), inside a schema that
# is prepared later; it becomes a COMPONENT_PREFIX reference once prepared.
HOISTED_PREFIX = "#/x-rivya-classes/"

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
        "SdkRootModel",
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
        "AsyncPaginator",
        "NotGiven",
        "Unlisted",
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

# Copies of schemas reached through a $ref to something other than a component schema
# (``#/components/schemas/A/properties/b``, ``#/components/parameters/P/schema``) one
# document may cost; past it such a $ref is typed as Any, with a note. The real documents
# of ../shared/corpus need none (GitHub, Stripe, OpenAI, Cloudflare: 0 on 2026-12-01).
MAX_FOREIGN_INLINES = 2_000

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
_COMBINATORS = ("oneOf", "anyOf")


@dataclass(frozen=True)
class UnionInfo:
    """A discriminated union and the class that catches variants added later."""

    property: str
    fallback: str
    tagged: bool = True  # False: the tags are no literals, a plain union with the fallback


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
    # The foreign $refs (not to a component schema) being inlined on the current path, and
    # how many inlinings the document has cost so far (see MAX_FOREIGN_INLINES).
    _inlining: set[str] = field(default_factory=set)
    _inlined: int = 0
    _external: dict[str, str] = field(default_factory=dict)  # a $ref into another file -> class
    _mapped_tags: dict[str, str] | None = None  # a component a discriminator maps -> its tag

    # -- building ------------------------------------------------------------------
    @classmethod
    def from_document(cls, doc: Document) -> SchemaRegistry:
        registry = cls(doc)
        components = doc.get("/components/schemas") or {}
        if not isinstance(components, dict):
            components = {}
        for name in components:
            registry.component_names[name] = registry._names.claim(pascal(name), ("Model",))
            registry.origins[registry.component_names[name]] = jp.join("components", "schemas", name)
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
        prepared: dict[str, Any] = self._inlined_then(
            schema, pointer, 0, lambda inlined: self._prepare_root_inlined(class_name, inlined, pointer)
        )
        return prepared

    def _prepare_root_inlined(self, class_name: str, schema: Any, pointer: str) -> dict[str, Any]:
        if not isinstance(schema, dict):
            return {}
        if self._inherits_its_tag(schema, pointer):
            # a mapped variant that derives its tag from a base (PagerDuty's ScriptAction:
            # allOf [AbstractAction (action_type: enum), ...]): dmcg writes the tag as a Literal
            # in the subclass, which mypy rejects as an override of the base's enum; flat, not
            schema = self._merge_conflicting_all_of(schema, always=True)
        schema = self._normalized(schema, class_name, pointer)
        nullable = _nullable_enum(schema)
        if nullable is not schema:
            # ``enum: [null, a, b]`` as a component: the values get a class of their own
            # (which dmcg would otherwise name itself), the component is ``Values | None``.
            values = self._hoist(class_name + "Enum", nullable["anyOf"][0], pointer)
            schema = {**nullable, "anyOf": [{"$ref": HOISTED_PREFIX + values}, {"type": "null"}]}
        prepared: dict[str, Any] = self._prepare_body(class_name, schema, pointer, depth=0)
        union = self._discriminated(prepared)
        if union is not None:
            # The fallback class is written by the RootModel template right before the
            # union, so that it is defined before the union's generic base uses it.
            fallback = self._names.claim(class_name + "Unknown", ("Variant",))
            tagged = self._tags_are_literal(prepared, union)
            if not tagged:
                # pydantic needs the tag to be one literal per variant; OpenAI's
                # ComparisonFilter has an enum of eight. A plain union parses the same.
                prepared.pop("discriminator", None)
            self.unions[class_name] = UnionInfo(union, fallback, tagged)
        return prepared

    def _inherits_its_tag(self, schema: dict[str, Any], pointer: str) -> bool:
        if self._mapped_tags is None:
            self._mapped_tags = _mapped_variant_tags(self.doc.tree)
        tag = self._mapped_tags.get(pointer)
        parts = schema.get("allOf")
        if tag is None or not isinstance(parts, list) or len(parts) < 2:
            return False
        flat = self._object_parts(parts, 0)
        return flat is not None and any(tag in properties for properties, _ in flat)

    def _tags_are_literal(self, prepared: dict[str, Any], prop: str) -> bool:
        """Does every variant carry ``prop`` as a const, a one-value enum, or a mapping key?"""
        mapping = (prepared.get("discriminator") or {}).get("mapping") or {}
        mapped = set(mapping.values()) if isinstance(mapping, dict) else set()
        variants = prepared.get("oneOf") or prepared.get("anyOf") or []
        seen: set[str] = set()
        for variant in variants:
            ref = variant.get("$ref") if isinstance(variant, dict) else None
            if not isinstance(ref, str):
                return False
            origin = self.origins.get(ref[len(COMPONENT_PREFIX) :])
            target = self.doc.resolve(self.doc.get(origin)) if origin else None
            if not isinstance(target, dict) or not ("properties" in target or "allOf" in target):
                return False  # a list or a scalar cannot carry a tag (GitHub)
            if self._constrained_property(target, prop, 0):
                return False  # dmcg keeps a ``pattern`` on the tag: no plain Literal (Cloudflare)
            if ref in mapped:
                continue
            tag = self._literal_property(self.doc.get(origin), prop, 0) if origin else None
            if tag is None or tag in seen:  # pydantic also needs one variant per tag
                return False
            seen.add(tag)
        return True

    def _literal_property(self, schema: Any, prop: str, depth: int) -> str | None:
        schema = self.doc.resolve(schema)
        if not isinstance(schema, dict) or depth > 10:
            return None
        props = schema.get("properties")
        sub = props.get(prop) if isinstance(props, dict) else None
        if isinstance(sub, dict) and "$ref" in sub:
            return None  # an enum class of its own is no Literal (Cloudflare's rule actions)
        if isinstance(sub, dict):
            enum = sub.get("enum")
            if "const" in sub:
                return repr(sub["const"])
            return repr(enum[0]) if isinstance(enum, list) and len(enum) == 1 else None
        parts = schema.get("allOf") or []
        if any(self._constrained_property(part, prop, depth + 1) for part in parts):
            return None  # dmcg merges a base's ``pattern`` into the tag: no plain Literal (Cloudflare)
        for part in parts:
            found = self._literal_property(part, prop, depth + 1)
            if found is not None:
                return found
        return None

    def _constrained_property(self, schema: Any, prop: str, depth: int) -> bool:
        schema = self.doc.resolve(schema)
        if not isinstance(schema, dict) or depth > 10:
            return False
        props = schema.get("properties")
        sub = self.doc.resolve(props.get(prop)) if isinstance(props, dict) else None
        if isinstance(sub, dict) and any(k in sub for k in ("pattern", "minLength", "maxLength")):
            return True
        return any(self._constrained_property(part, prop, depth + 1) for part in schema.get("allOf") or [])

    def _prepare(self, schema: Any, name_hint: str, pointer: str, depth: int) -> Any:
        """Rewrite one (possibly inline) schema; named things become $refs."""
        return self._inlined_then(
            schema, pointer, depth, lambda inlined: self._prepare_inlined(inlined, name_hint, pointer, depth)
        )

    def _inlined_then(self, schema: Any, pointer: str, depth: int, prepare: Callable[[Any], Any]) -> Any:
        """``prepare`` of ``schema`` with a foreign $ref copied in (``_inline_foreign_ref``).

        One inside its own copy would be copied again at every level (a self-reference
        through ``items`` and ``oneOf`` doubles per level: 2^40 copies by the depth
        limit), so it is typed as Any; and a document may not make the inlining cost
        more than MAX_FOREIGN_INLINES copies in all.
        """
        followed: list[str] = []
        schema = self._inline_foreign_ref(schema, pointer, depth, followed)
        if not followed:
            return prepare(schema)
        if any(ref in self._inlining for ref in followed):
            self.notes.append(f"{pointer}: $ref {followed[-1]!r} refers back into itself; typed as Any")
            return prepare({})
        if self._inlined >= MAX_FOREIGN_INLINES:
            self.notes.append(
                f"{pointer}: $ref {followed[-1]!r} past {MAX_FOREIGN_INLINES} inlined copies; typed as Any"
            )
            return prepare({})
        self._inlined += 1
        self._inlining.update(followed)
        try:
            return prepare(schema)
        finally:
            self._inlining.difference_update(followed)

    def _prepare_inlined(self, schema: Any, name_hint: str, pointer: str, depth: int) -> Any:
        if not isinstance(schema, dict):
            return schema
        decoded = json_content(schema)
        if decoded is not None and depth < 40:
            # An SSE event's ``data`` in the wire form (a JSON string with a contentSchema):
            # the SDK decodes it, so the field is typed as the decoded schema.
            return self._prepare(decoded, name_hint, pointer, depth + 1)
        alias = self._scalar_alias(schema)
        if alias is not None and depth < 40:
            # A named scalar (``GenerationPrompt: {type: string, maxLength: 4000}``) is used
            # inline, so fields are plain ``str`` with its constraints, not a wrapper class.
            return self._prepare_body(name_hint, alias, pointer, depth + 1)
        schema = self._normalized(schema, name_hint, pointer)
        schema = _single_value(_nullable_enum(_nullable_union(_object_with_items(schema))))
        if self._needs_class(schema):
            return {"$ref": COMPONENT_PREFIX + self._hoist(name_hint, schema, pointer)}
        return self._prepare_body(name_hint, schema, pointer, depth)

    def _prepare_body(self, owner: str, schema: dict[str, Any], pointer: str, depth: int) -> Any:
        out: dict[str, Any] = {}
        for key, value in schema.items():
            where = jp.append(pointer, key)
            if key == "$ref" and isinstance(value, str) and value.startswith(HOISTED_PREFIX):
                out[key] = COMPONENT_PREFIX + value[len(HOISTED_PREFIX) :]
            elif key == "$ref" and isinstance(value, str):
                out[key] = self._component_ref(value)
            elif key in ("$recursiveRef", "$dynamicRef") and isinstance(value, str):
                out["$ref"] = self._recursive_ref(value, pointer)
            elif key == "properties" and isinstance(value, dict):
                out[key] = {
                    prop: self._prepare(sub, owner + pascal(prop, "Field"), jp.append(where, prop), depth + 1)
                    for prop, sub in self._property_map(value, where).items()
                }
            elif key == "items" and isinstance(value, dict):
                # dmcg can only check constraints on a list's items through a class of its
                # own per list (``CurrentlyDueItem``): the items stay plain ``str``/``int``.
                out[key] = _unconstrained(self._prepare(value, owner + "Item", where, depth + 1))
            elif key == "additionalProperties" and isinstance(value, dict):
                # As for items: a constrained map value would need a class dmcg names itself.
                out[key] = _unconstrained(self._prepare(value, owner + "Value", where, depth + 1))
            elif key in ("oneOf", "anyOf") and value and all(_only_required(v) for v in value):
                continue  # "one of these fields is required": a check for the server, not a type
            elif key in ("oneOf", "anyOf", "allOf") and isinstance(value, list):
                out[key] = self._prepare_variants(owner, value, where, depth)
            elif key in ("not", "if", "then", "else", "prefixItems", "patternProperties"):
                continue  # constraints a typed model cannot express; the server checks them
            elif key == "discriminator" and isinstance(value, dict):
                out[key] = self._discriminator(value)
            elif key == "enum" and isinstance(value, list):
                out.update(_enum_or_plain(value, schema))
            elif key in ("pattern", "minLength", "maxLength") and _constant(schema):
                continue  # a constant needs no checks; pydantic rejects a constrained Literal tag
            elif key == "pattern":
                pattern = usable_pattern(value)
                if pattern is None:
                    # look-around or an invalid pattern: the model would fail when built
                    self.notes.append(f"dropped a pattern the SDK cannot check at {where} (the server checks it)")
                    continue
                out[key] = pattern
            elif key == "nullable" and value is not True:
                continue  # ``nullable: false`` is the default; dmcg read it as ``str = None`` (Box)
            elif key == "default" and value is None and not _admits_null(schema):
                continue  # ``default: null`` on a non-nullable schema only means "may be absent"
            elif key == "default" and not _default_fits(value, schema):
                # Cloudflare writes ``"true"`` for a boolean, ``"[]"`` for a list: as a
                # default it would be a wrong value at run time and a mypy error.
                self.notes.append(f"dropped a default that does not fit its schema at {where}")
                continue
            elif key == "format" and (value in _PLAIN_FORMATS or self._string_enum(schema)):
                continue  # kept plain ``str`` (see _PLAIN_FORMATS); an enum's format made dmcg drop ``str``
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
        return _lone_part_merged(out)

    def _property_map(self, value: dict[str, Any], pointer: str) -> dict[str, Any]:
        """``properties`` as schemas (see ``property_map``); a property whose schema is no
        schema (a string, a number) is Any, noted."""
        found = property_map(self.doc, value)
        ref = value.get("$ref")
        if isinstance(ref, str) and not isinstance(self.doc.ref_target(ref), dict):
            self.notes.append(f"{pointer}: $ref {ref!r} is no map of properties; ignored")
        kept: dict[str, Any] = {}
        for prop, sub in found.items():
            if isinstance(sub, dict | bool):
                kept[prop] = sub
            else:
                self.notes.append(f"{jp.append(pointer, prop)}: not a schema ({type(sub).__name__}); typed as Any")
                kept[prop] = {}
        return kept

    def _merge_conflicting_all_of(self, schema: Any, depth: int = 0, *, always: bool = False) -> Any:
        """An ``allOf`` whose parts declare one property differently, as one plain object.

        dmcg makes ``class C(A, B)``. When A says ``result: dict | list | str`` and B
        narrows it to ``result: Lan`` (Cloudflare's response envelope, hundreds of times),
        no class can derive from both (mypy: incompatible definitions in the bases).
        Merged, C declares each property once, the narrowest, and derives from SdkModel.
        With ``always``, the parts are merged even when inheritance would be sound.
        """
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list) or not parts:
            return schema
        own = {k: v for k, v in schema.items() if k in ("properties", "required")}
        if len(parts) < 2 and not own:
            return schema  # PagerDuty's ``allOf: [part], required: [...]`` goes on: one part and its own
        flat = self._object_parts([*parts, own], 0)
        if flat is None:
            return self._distribute_over_union(schema, depth)
        merged: dict[str, Any] = {}
        required: list[str] = []
        conflict = False
        for properties, names in flat:
            for name, sub in properties.items():
                if name in merged and merged[name] != sub:
                    conflict = True
                    if _narrows(merged[name]) and not _narrows(sub):
                        continue  # ``type: {enum: [ssh]}`` then ``type: {type: string}``: keep the enum
                merged[name] = sub
            required.extend(n for n in names if n not in required)
        if any(n in required and n not in names for properties, names in flat for n in properties):
            # another part requires what a part declares optional (SendGrid's ``allOf: [Sender,
            # {required: [nickname]}]``): dmcg redeclares the field in the subclass without the
            # base's default, an error for pyright (reportGeneralTypeIssues); one merged class is not
            conflict = True
        if not conflict and not always:
            return schema  # inheritance is sound: keep ``class C(A, B)``
        out = {k: v for k, v in schema.items() if k not in ("allOf", "properties", "required")}
        out.update({"type": "object", "properties": merged})
        if all(isinstance(p, dict) and self.doc.resolve(p).get("nullable") is True for p in parts):
            out["nullable"] = True  # null passes every part (GitHub's nullable-integration)
        if required:
            out["required"] = required
        return out

    def _normalized(self, schema: Any, owner: str, pointer: str) -> Any:
        """``schema`` rewritten so that dmcg's classes type-check and carry our names."""
        schema = self._distribute_all_of(_union_of_enums(schema), owner, pointer)
        return _collapse_all_of(self._merge_conflicting_all_of(self._lift_union_beside_properties(schema)))

    def _distribute_all_of(self, schema: Any, owner: str, pointer: str) -> Any:
        """``allOf: [anyOf: [A, B], C]`` as ``anyOf: [OwnerA, OwnerB]``, with ``OwnerA`` =
        ``allOf: [A, OwnerCommon]`` (or A and C merged into one class when they declare a
        property differently).

        dmcg distributes such an allOf itself, but names the classes ``Owner1``,
        ``Owner2``... (OpenAI's ResponsesWebSocketStreamEvent: 58 of them). Left alone when
        a variant or another part is more than a plain object, when the other parts only
        annotate (``allOf: [X, {nullable: true}]`` is ``X | None``, see _collapse_all_of) or
        make it nullable, or when the union has a discriminator (whose mapping names the
        variants as they are)."""
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list) or len(parts) < 2:
            return schema
        if not any(_plain_union(self.doc.resolve(part)) for part in parts):
            return self._distribute_discriminated(schema, owner, pointer)
        split = self._union_part(schema, _plain_union)
        if split is None:
            return schema
        rest = split.rest
        flat = self._object_parts(rest, 0)
        if not flat or not any(properties or names for properties, names in flat):
            return schema
        if any(isinstance(self.doc.resolve(part), dict) and self.doc.resolve(part).get("nullable") for part in rest):
            return schema
        if any(self._object_parts([variant], 0) is None for variant in split.variants):
            return schema
        where = jp.append(pointer, "allOf")
        common: dict[str, Any] | None = None
        branches = []
        for number, variant in enumerate(split.variants):
            combined = split.branch(variant)
            merged = self._merge_conflicting_all_of(combined)
            if merged is combined:  # sound inheritance: the variant and the shared part
                if common is None:
                    common = self._shared_part(rest, owner + "Common", where)
                merged = {"allOf": [variant, common]}
            name = self._hoist(owner + self._variant_name(variant, number), merged, jp.append(where, str(split.index)))
            branches.append({"$ref": HOISTED_PREFIX + name})
        return split.replaced(branches)

    def _distribute_discriminated(self, schema: dict[str, Any], owner: str, pointer: str) -> Any:
        """``allOf: [U, {required: [...]}]`` where U is a discriminated union of component
        refs (Cloudflare's rulesets rules), as a union of one merged class per variant,
        named after it, with the discriminator's mapping pointing at the new classes.

        dmcg names these ``Owner1``...``Owner19``. The other parts must be plain objects;
        each branch is merged (a part that only lists ``required`` cannot be a base class)."""
        split = self._union_part(schema, _discriminated_union)
        if split is None:
            return schema
        discriminator = split.union["discriminator"]
        mapping = discriminator.get("mapping")
        refs = [v.get("$ref") if isinstance(v, dict) and set(v) == {"$ref"} else None for v in split.variants]
        if not isinstance(mapping, dict) or not all(
            isinstance(r, str) and r.startswith(COMPONENT_PREFIX) for r in refs
        ):
            return schema
        if set(mapping.values()) - set(refs):  # mapping targets outside the union: keep dmcg's view
            return schema
        if self._object_parts(split.rest, 0) is None:
            return schema
        named: dict[str, str] = {}
        branches = []
        for number, (variant, ref) in enumerate(zip(split.variants, refs, strict=True)):
            combined = split.branch(variant)
            merged = self._merge_conflicting_all_of(combined, always=True)
            if merged is combined:
                return schema  # a part that is more than a plain object: nothing merged
            assert isinstance(ref, str)
            # The branch's origin is the variant's component, so that its tag is read there.
            name = self._hoist(owner + self._variant_name(variant, number), merged, ref[1:])
            named[ref] = name
            branches.append({"$ref": HOISTED_PREFIX + name})
        out = split.replaced(branches)
        out["discriminator"] = {**discriminator, "mapping": {k: HOISTED_PREFIX + named[v] for k, v in mapping.items()}}
        return out

    def _union_part(self, schema: Any, is_union: Callable[[Any], bool]) -> _UnionPart | None:
        """``schema`` split around its one ``allOf`` part that ``is_union`` (resolved);
        None when it is no allOf of two or more parts, or has no such part or several."""
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        if not isinstance(parts, list) or len(parts) < 2:
            return None
        found = [i for i, part in enumerate(parts) if is_union(self.doc.resolve(part))]
        if len(found) != 1:
            return None
        union = self.doc.resolve(parts[found[0]])
        key = "oneOf" if "oneOf" in union else "anyOf"
        return _UnionPart(schema, found[0], key, union[key], union)

    def _shared_part(self, rest: list[Any], wanted: str, pointer: str) -> dict[str, Any]:
        """The parts every distributed branch shares: a component as it is, else one class."""
        if len(rest) == 1 and isinstance(rest[0], dict) and set(rest[0]) == {"$ref"}:
            return dict(rest[0])
        schema = rest[0] if len(rest) == 1 else {"allOf": rest}
        return {"$ref": HOISTED_PREFIX + self._hoist(wanted, schema, pointer)}

    def _variant_name(self, variant: Any, index: int) -> str:
        """The suffix naming one branch of a union: its component's name, else its title,
        else its position."""
        ref = variant.get("$ref") if isinstance(variant, dict) else None
        if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
            return pascal(jp.split(ref[1:])[-1])
        title = variant.get("title") if isinstance(variant, dict) else None
        if isinstance(title, str) and pascal(title, ""):
            return pascal(title)
        return "Variant" + _ordinal(index)

    def _lift_union_beside_properties(self, schema: Any) -> Any:
        """``{properties: P, anyOf: [V1, V2]}``, whose variants narrow P's properties, as
        ``anyOf: [P and V1, P and V2]``, each merged into one class.

        dmcg makes ``class C1(V1)`` redeclaring every property of P, so GitHub's check-run
        update body, whose V1 narrows ``status`` to ``completed``, widened it again in the
        subclass (mypy: incompatible override). Left alone when nothing conflicts."""
        if not isinstance(schema, dict) or "allOf" in schema or "discriminator" in schema:
            return schema
        if not isinstance(schema.get("properties"), dict) or ("oneOf" in schema and "anyOf" in schema):
            return schema
        key = "oneOf" if "oneOf" in schema else "anyOf"
        variants = schema.get(key)
        if not isinstance(variants, list) or len(variants) < 2 or all(_only_required(v) for v in variants):
            return schema
        base = {k: v for k, v in schema.items() if k != key and k not in _ANNOTATIONS}
        annotations = {k: v for k, v in schema.items() if k in _ANNOTATIONS}
        lifted = {**annotations, "allOf": [base, {key: variants}]}
        merged = self._merge_conflicting_all_of(lifted)
        return merged if merged is not lifted else schema

    def _distribute_over_union(self, schema: dict[str, Any], depth: int = 0) -> Any:
        """``allOf: [oneOf: [A, B], N]`` as ``oneOf: [allOf: [A, N], allOf: [B, N]]``, each
        branch merged when its parts conflict.

        dmcg distributes such an allOf itself, into ``class C1(A, N)`` and ``class C2(B, N)``;
        when N narrows a property A declares (Cloudflare's WAF package response narrows
        ``result``), no class can derive from both. Left alone when nothing conflicts, when
        there is more than one union part, when the union has a discriminator (whose
        mapping names the variants as they are), or past a few nested unions (a union whose
        variant refers back to it would otherwise never end)."""
        split = self._union_part(schema, _plain_union)
        if split is None or depth > _MAX_UNION_NESTING:
            return schema
        branches = []
        changed = False
        for variant in split.variants:
            combined = split.branch(variant)
            merged = self._merge_conflicting_all_of(combined, depth + 1)
            changed = changed or merged is not combined
            branches.append(merged)
        return split.replaced(branches) if changed else schema

    def _object_parts(self, parts: list[Any], depth: int) -> list[tuple[dict[str, Any], list[str]]] | None:
        """Each part's (properties, required), through $refs and nested allOf; None when a
        part is more than a plain object (a union, a map, a $ref that does not resolve)."""
        found: list[tuple[dict[str, Any], list[str]]] = []
        for part in parts:
            if not isinstance(part, dict) or depth > 10:
                return None
            ref = part.get("$ref")
            if ref is not None and not isinstance(ref, str):
                return None
            target = self.doc.resolve(part)  # a part in another file too (DigitalOcean's app specs)
            if not isinstance(target, dict) or "$ref" in target:
                return None
            single = _single_variant(target)
            if single is not None:  # ``oneOf: [X]`` is X (Cloudflare's deployments)
                nested = self._object_parts([single], depth + 1)
                if nested is None:
                    return None
                found.extend(nested)
                continue
            if any(k not in _OBJECT_PART_KEYS and not k.startswith("x-") for k in target):
                return None
            if target.get("additionalProperties", True) is not True:
                return None  # a closed or typed map is more than a plain object
            if target.get("type", "object") != "object":
                return None
            if "allOf" in target:
                nested = self._object_parts(target["allOf"], depth + 1) if isinstance(target["allOf"], list) else None
                if nested is None:
                    return None
                found.extend(nested)
            properties = target.get("properties", {})
            names = target.get("required", [])
            if not isinstance(properties, dict) or not isinstance(names, list):
                return None
            found.append((properties, [n for n in names if isinstance(n, str)]))
        return found

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
            prepared = self._prepare(variant, hint, jp.append(where, str(index)), depth + 1)
            # A constrained member of a union (``maxLength: 5000`` beside a ``$ref``) would
            # need a class of its own in dmcg: it is typed by its plain type instead.
            result.append(_unconstrained(prepared) if len(non_null) > 1 else prepared)
        return result

    def _needs_class(self, schema: dict[str, Any]) -> bool:
        if "$ref" in schema:
            return False
        if isinstance(schema.get("properties"), dict) and schema["properties"]:
            return True
        if self._string_enum(schema):
            return True
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and len(all_of) > 1:
            return True  # dmcg would merge it into a class it names itself
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

    def _mapped_ref(self, ref: str) -> str:
        if ref.startswith(HOISTED_PREFIX):  # a branch class named by _distribute_discriminated
            return COMPONENT_PREFIX + ref[len(HOISTED_PREFIX) :]
        if not ref.startswith("#"):  # a variant in another file: the class it is (DigitalOcean)
            external = self._external_class(ref, self.doc.ref_target(ref), ref)
            if external is not None:
                return COMPONENT_PREFIX + external
        return self._component_ref(ref)

    def _discriminator(self, value: dict[str, Any]) -> dict[str, Any]:
        result = dict(value)
        mapping = value.get("mapping")
        if isinstance(mapping, dict):
            result["mapping"] = {k: self._mapped_ref(v) for k, v in mapping.items() if isinstance(v, str)}
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

    def _recursive_ref(self, ref: str, pointer: str) -> str:
        """``$recursiveRef: "#"`` (OpenAI's CompoundFilter): the component it sits in."""
        tokens = jp.split(pointer) if pointer.startswith("/") else []
        if ref == "#" and len(tokens) >= 3 and tokens[:2] == ["components", "schemas"]:
            name = tokens[2]
            if name in self.component_names:
                return COMPONENT_PREFIX + self.component_names[name]
        if ref.startswith("#/"):
            return self._component_ref(ref)
        self.notes.append(f"{pointer}: {ref!r} (a dynamic reference) cannot be followed; typed as Any")
        return COMPONENT_PREFIX + self._any_class()

    def _inline_foreign_ref(self, schema: Any, pointer: str, depth: int, followed: list[str]) -> Any:
        """A $ref to anything but a component schema is copied in (bounded depth); the
        references followed are appended to ``followed``."""
        seen = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if (ref.startswith(COMPONENT_PREFIX) and len(jp.split(ref[1:])) == 3) or ref.startswith(HOISTED_PREFIX):
                return schema
            target = self.doc.ref_target(ref)
            external = self._external_class(ref, target, pointer)
            if external is not None:
                return {"$ref": HOISTED_PREFIX + external}
            seen += 1
            followed.append(ref)
            if target is None or seen > 20 or depth > 40:
                self.notes.append(f"{pointer}: $ref {ref!r} cannot be followed; typed as Any")
                return {}
            schema = copy.deepcopy(target)
        return schema

    def _external_class(self, ref: str, target: Any, pointer: str) -> str | None:
        """The class of an object, enum or union schema in another file, named after it.

        Multi-file specs (DigitalOcean: every model a file, no components) keep their
        models there; a bundler would make each one a component. One class per file
        schema (``models/app_spec.yml#`` -> ``AppSpec``, ``attributes.yml#/droplet_ids``
        -> ``DropletIds``), not a copy named after every place that uses it.
        """
        uri, _, fragment = ref.partition("#")
        if not uri or not isinstance(target, dict) or not _names_a_class(target):
            return None
        known = self._external.get(ref)
        if known is None:
            tokens = [t for t in jp.split(fragment) if t] if fragment.startswith("/") else []
            stem = tokens[-1] if tokens else PurePosixPath(urlsplit(uri).path).stem
            known = self._names.claim(pascal(stem), ("Model", "Object"))
            self._external[ref] = known  # before _add: a self-reference finds the name
            self._add(known, copy.deepcopy(target), pointer)
        return known

    def _any_class(self) -> str:
        name = "UnresolvedSchema"
        if name not in self.schemas:
            name = self._names.claim(name)
            self.schemas[name] = {"description": "A schema the contract does not define."}
        return name


def _mapped_variant_tags(tree: Any) -> dict[str, str]:
    """Every component schema a discriminator names (its mapping, or its variants' $refs),
    by pointer, with the tag property: dmcg writes the tag as a Literal in that class."""
    found: dict[str, str] = {}
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            discriminator = node.get("discriminator")
            tag = discriminator.get("propertyName") if isinstance(discriminator, dict) else None
            if isinstance(tag, str):
                mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
                refs = list(mapping.values()) if isinstance(mapping, dict) else []
                for key in ("oneOf", "anyOf"):
                    variants = node.get(key)
                    refs += (
                        [v.get("$ref") for v in variants if isinstance(v, dict)] if isinstance(variants, list) else []
                    )
                for ref in refs:
                    if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
                        found.setdefault(ref[1:], tag)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def property_map(doc: Document, value: Any) -> dict[str, Any]:
    """A schema's ``properties``; a map that is itself a JSON Reference (DigitalOcean's
    ``properties: {$ref: attributes.yml#/action}``, which bundlers inline) is the map it
    points to (with the properties beside the $ref), without it when that is no map."""
    if not isinstance(value, dict):
        return {}
    ref = value.get("$ref")
    if isinstance(ref, str):  # a string is no property schema: a reference to a map, merged
        rest = {k: v for k, v in value.items() if k != "$ref"}  # beside it (DigitalOcean's load balancers)
        target = doc.ref_target(ref)
        if isinstance(target, dict) and all(isinstance(v, dict | bool) for v in target.values()):
            return {**target, **rest}
        return rest
    return value


def _names_a_class(schema: dict[str, Any]) -> bool:
    """An object with properties, a string enum or a union: what deserves its own class."""
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        return True
    if any(isinstance(schema.get(k), list) and len(schema[k]) > 1 for k in ("oneOf", "anyOf", "allOf")):
        return True
    values = schema.get("enum")
    return isinstance(values, list) and len(values) > 1 and all(isinstance(v, str) for v in values)


def usable_pattern(pattern: Any) -> str | None:
    """A pattern pydantic can check (its Rust engine, no look-around), translated where possible.

    ECMA's ``(?<name>...)`` becomes ``(?P<name>...)`` (``rivya_contract.patterns``, the one
    policy every consumer follows); a pattern neither engine accepts, or one that needs
    look-around or backreferences, is None (dropped with a note).
    """
    candidate = python_pattern(pattern)
    return candidate if candidate is not None and _rust_regex_accepts(candidate) else None


def _rust_regex_accepts(pattern: str) -> bool:
    from pydantic_core import SchemaError, SchemaValidator, core_schema

    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except SchemaError:
        return False
    return True


def json_content(schema: Any) -> Any:
    """The ``contentSchema`` of a string that carries JSON (``contentMediaType: application/json``)."""
    if not isinstance(schema, dict) or "contentSchema" not in schema:
        return None
    media = schema.get("contentMediaType")
    if not isinstance(media, str) or not (media.split(";")[0].strip().lower().endswith(("/json", "+json"))):
        return None
    return schema["contentSchema"]


_ENUM_PROPERTIES = frozenset({"name", "value"})


def _enum_or_plain(values: list[Any], schema: dict[str, Any]) -> dict[str, Any]:
    """String enums stay enums (forward-compatible classes); other enums become the type."""
    if any(isinstance(v, str) for v in values) and all(isinstance(v, str) or v is None for v in values):
        unique = list(dict.fromkeys(values))
        # without ``type`` dmcg writes a plain ``Enum``: the ``_missing_`` hook needs ``str``
        out: dict[str, Any] = {"enum": unique} if "type" in schema else {"type": "string", "enum": unique}
        if any(v in _ENUM_PROPERTIES for v in unique):
            # a member ``name = "name"`` would replace Enum.name (Box; pyright: incompatible
            # override): ``name_``; the other members keep dmcg's names (None)
            out["x-enum-varnames"] = [f"{v}_" if v in _ENUM_PROPERTIES else None for v in unique]
        return out
    return {}


_CONSTRAINTS = frozenset(
    {
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "title",
        "default",
    }
)
# Formats left as plain ``str`` (as the Stainless SDKs do). EmailStr needs the
# email-validator package; AnyUrl rewrites the value (``https://cdn.rivya.ai`` comes back
# as ``https://cdn.rivya.ai/``, query strings re-encoded), so a signed URL the API sent
# would not be the URL the SDK hands on, and a ``uri`` default written as a string is a
# mypy error (Cloudflare has 78 of them).
_PLAIN_FORMATS = frozenset({"email", "idn-email", "uri", "uri-reference", "iri", "iri-reference"})


def _object_with_items(schema: dict[str, Any]) -> dict[str, Any]:
    """``{type: object, items: X}`` (Cloudflare's Logpush fields) as an object or a list of X.

    ``items`` only applies to lists, so the schema strictly says "an object"; the server
    sends the list its author meant. dmcg types it as an empty class of its own or the
    list; this keeps both readings, with no class.
    """
    if schema.get("type") != "object" or "items" not in schema:
        return schema
    if any(key in schema for key in ("properties", "additionalProperties", "allOf", "oneOf", "anyOf")):
        return schema
    around = {k: v for k, v in schema.items() if k in _ANNOTATIONS}
    as_list = {"type": "array", "items": schema["items"]}
    return {**around, "anyOf": [{"type": "object", "additionalProperties": True}, as_list]}


def _lone_part_merged(schema: dict[str, Any]) -> dict[str, Any]:
    """``{description, allOf: [{type: string, format: date-time}]}`` as one plain schema.

    A combinator with one inline part is that part (plus the annotations around it). It is
    left after a named scalar is used inline (Cloudflare's ``allOf: [$ref rulesets_Enabled]``)
    or written so (OpenAI's ``oneOf: [{const: wandb}]``); dmcg would wrap it in a class it
    names itself (``EnabledInline47(RootModel[bool])``). A part whose keys contradict the
    schema around it is left alone.
    """
    keys = [key for key in ("allOf", "oneOf", "anyOf") if key in schema]
    if len(keys) != 1 or "properties" in schema:
        return schema
    parts = schema[keys[0]]
    if not isinstance(parts, list) or len(parts) != 1 or not isinstance(parts[0], dict):
        return schema
    part = parts[0]
    if "$ref" in part or any(k in part for k in ("allOf", "oneOf", "anyOf", "properties", "discriminator")):
        return schema
    around = {k: v for k, v in schema.items() if k != keys[0]}
    if any(k in part and part[k] != v for k, v in around.items() if k not in _ANNOTATIONS):
        return schema
    return {**part, **around}


def _unconstrained(schema: Any) -> Any:
    """A scalar or list schema without its value constraints (classes are left alone)."""
    if not isinstance(schema, dict) or "$ref" in schema or "properties" in schema or "enum" in schema:
        return schema
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if any(k not in ("string", "integer", "number", "boolean", "null", "array") for k in kinds):
        return schema
    result = {k: v for k, v in schema.items() if k not in _CONSTRAINTS}
    if isinstance(result.get("items"), dict):
        result["items"] = _unconstrained(result["items"])
    return result


_ANNOTATIONS = frozenset(
    {"nullable", "description", "title", "default", "readOnly", "writeOnly", "deprecated", "example", "examples"}
)


# What an ``allOf`` part may hold to be merged as a plain object.
_OBJECT_PART_KEYS = frozenset(
    {"type", "properties", "required", "allOf", "additionalProperties", "nullable", "deprecated", "externalDocs"}
    | {"description", "title", "example", "examples"}
    # a base's ``discriminator`` (allOf polymorphism, PagerDuty's ContactMethod) types nothing here
    | {"discriminator"}
)


def _single_variant(schema: dict[str, Any]) -> Any:
    """X, for ``{oneOf: [X]}`` or ``{anyOf: [X]}`` with nothing but annotations beside it."""
    for key in ("oneOf", "anyOf"):
        variants = schema.get(key)
        if isinstance(variants, list) and len(variants) == 1 and set(schema) - {key} <= _ANNOTATIONS:
            return variants[0]
    return None


_MAX_UNION_NESTING = 4


@dataclass(frozen=True)
class _UnionPart:
    """An ``allOf`` with exactly one union part: what distributing it over the union needs."""

    schema: dict[str, Any]  # the allOf schema itself
    index: int  # where the union sits among the parts
    key: str  # "oneOf" or "anyOf"
    variants: list[Any]
    union: dict[str, Any]  # the union part, resolved

    @property
    def parts(self) -> list[Any]:
        parts: list[Any] = self.schema["allOf"]
        return parts

    @property
    def own(self) -> list[dict[str, Any]]:
        """``properties``/``required`` written beside the allOf, as one more part (or none)."""
        own = {k: v for k, v in self.schema.items() if k in ("properties", "required")}
        return [own] if own else []

    @property
    def rest(self) -> list[Any]:
        """Every part but the union."""
        return [*self.parts[: self.index], *self.parts[self.index + 1 :], *self.own]

    def branch(self, variant: Any) -> dict[str, Any]:
        """The allOf with ``variant`` in the union's place."""
        return {"allOf": [*self.parts[: self.index], variant, *self.parts[self.index + 1 :], *self.own]}

    def replaced(self, branches: list[Any]) -> dict[str, Any]:
        """The schema as a union of ``branches``, its annotations kept."""
        out = {k: v for k, v in self.schema.items() if k not in ("allOf", "properties", "required")}
        out[self.key] = branches
        return out


def _union_of_enums(schema: Any) -> Any:
    """``oneOf: [{enum: [a]}, {enum: [b]}]`` of plain string enums (GitHub's budget_type)
    as one ``enum: [a, b]``: one class of our naming instead of a union of enum classes
    that dmcg names itself (``BudgetTypeInline1``)."""
    if not isinstance(schema, dict):
        return schema
    for key in ("oneOf", "anyOf"):
        variants = schema.get(key)
        if not isinstance(variants, list) or len(variants) < 2 or set(schema) - {key} - _ANNOTATIONS:
            continue
        if not all(_plain_string_enum(variant) for variant in variants):
            continue
        values: list[str] = []
        for variant in variants:
            values.extend(value for value in variant["enum"] if value not in values)
        out = {k: v for k, v in schema.items() if k != key}
        out.update({"type": "string", "enum": values})
        return out
    return schema


def _plain_string_enum(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and set(schema) <= {"type", "enum", "description", "title"}
        and schema.get("type", "string") == "string"
        and isinstance(schema.get("enum"), list)
        and bool(schema["enum"])
        and all(isinstance(value, str) for value in schema["enum"])
    )


def _discriminated_union(schema: Any) -> bool:
    """``{oneOf: [...], discriminator: {...}}`` with nothing else but annotations."""
    if not isinstance(schema, dict) or not isinstance(schema.get("discriminator"), dict):
        return False
    return any(
        isinstance(schema.get(key), list)
        and len(schema[key]) > 1
        and set(schema) - {key, "discriminator"} <= _ANNOTATIONS
        for key in ("oneOf", "anyOf")
    )


def _plain_union(schema: Any) -> bool:
    """``{oneOf: [...]}`` or ``{anyOf: [...]}`` of two or more variants, with nothing but
    annotations beside it (no discriminator, no properties of its own)."""
    if not isinstance(schema, dict):
        return False
    for key in ("oneOf", "anyOf"):
        variants = schema.get(key)
        if isinstance(variants, list) and len(variants) > 1 and set(schema) - {key} <= _ANNOTATIONS:
            return True
    return False


def _narrows(schema: Any) -> bool:
    """A property schema that pins its values (an enum or a const)."""
    return isinstance(schema, dict) and ("enum" in schema or "const" in schema)


def _collapse_all_of(schema: Any) -> Any:
    """``allOf: [{$ref: X}, {nullable: true}]`` (the OpenAPI 3.0 idiom) -> ``X | None``.

    An ``allOf`` whose other parts only annotate is not a new type; dmcg would merge it
    into an empty class of its own (``CreateRunRequestToolChoice1``).
    """
    parts = schema.get("allOf") if isinstance(schema, dict) else None
    if not isinstance(parts, list) or not parts or "properties" in schema:
        return schema
    real = [p for p in parts if not (isinstance(p, dict) and set(p) <= _ANNOTATIONS)]
    if len(real) != 1 or not isinstance(real[0], dict) or len(parts) == 1:
        return schema
    merged: dict[str, Any] = {}
    for part in parts:
        if part is not real[0]:
            merged.update(part)
    merged.update({k: v for k, v in schema.items() if k != "allOf"})
    nullable = merged.pop("nullable", False) is True
    target = real[0]
    if "$ref" in target:
        if nullable:
            return {**merged, "anyOf": [target, {"type": "null"}]}
        return {**merged, "allOf": [target]}
    return {**target, **merged, **({"nullable": True} if nullable else {})}


def _single_value(schema: dict[str, Any]) -> dict[str, Any]:
    """An inline ``enum: [message]`` is a constant (``Literal["message"]``), not a class.

    dmcg makes it a Literal anyway when it tags a union with it, and a subclass (``allOf``)
    that redeclares the field as the enum class would then conflict with its base.
    """
    values = schema.get("enum")
    if not isinstance(values, list) or len(values) != 1 or not isinstance(values[0], str):
        return schema
    if any(key in schema for key in (*_COMBINATORS, "allOf", "properties", "nullable")):
        return schema
    result = {k: v for k, v in schema.items() if k not in ("enum", "default")}
    return {**result, "type": "string", "const": values[0]}


def _constant(schema: dict[str, Any]) -> bool:
    values = schema.get("enum")
    return "const" in schema or (isinstance(values, list) and len(values) == 1)


def _only_required(schema: Any) -> bool:
    return isinstance(schema, dict) and set(schema) <= {"required", "not", "description", "title"}


def _is_null(schema: Any) -> bool:
    return isinstance(schema, dict) and (schema.get("type") == "null" or schema.get("enum") == [None])


# The Python types a JSON type allows (bool is an int in Python, not in JSON).
_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}
# Formats pydantic types as something other than ``str``: a string default would stay a
# string at run time (pydantic does not validate defaults) and mypy rejects it.
_TYPED_FORMATS = frozenset({"date-time", "date", "time", "duration", "uuid", "ipv4", "ipv6"})


def _default_fits(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a default has the schema's own type and is one of its enum values."""
    kinds = schema.get("type", "array" if "items" in schema else None)
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if schema.get("nullable") is True and isinstance(kinds, list):
        kinds = [*kinds, "null"]
    if isinstance(kinds, list) and not any(_JSON_TYPES.get(k, lambda v: True)(value) for k in kinds):
        return False
    values = schema.get("enum")
    if isinstance(values, list) and value not in values and not (value is None and _admits_null(schema)):
        return False
    return not (isinstance(value, str) and schema.get("format") in _TYPED_FORMATS)


def _admits_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if schema.get("nullable") is True or kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if isinstance(schema.get("enum"), list) and None in schema["enum"]:
        return True
    return any(isinstance(schema.get(key), list) and any(_is_null(v) for v in schema[key]) for key in _COMBINATORS)


def _nullable_union(schema: dict[str, Any]) -> dict[str, Any]:
    """``anyOf: [{type: integer, minimum: 1}, {type: null}]`` -> ``{type: integer, minimum: 1, nullable}``.

    dmcg types the union's inline member by a class it names itself (``N``); merged, the
    field is ``Annotated[int | None, Field(ge=1)]``. A ``$ref`` member stays a union.
    """
    for key in _COMBINATORS:
        variants = schema.get(key)
        if not isinstance(variants, list) or len(variants) != 2 or not any(_is_null(v) for v in variants):
            continue
        other = next(v for v in variants if not _is_null(v))
        if (
            not isinstance(other, dict)
            or "$ref" in other
            or "type" not in other
            or any(k in schema for k in ("discriminator", "properties", "allOf"))
        ):
            return schema
        if any(k in other for k in _COMBINATORS) or (key == "oneOf" and "anyOf" in schema):
            return schema
        outer = {k: v for k, v in schema.items() if k != key}
        return {**other, **outer, "nullable": True}
    return schema


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
