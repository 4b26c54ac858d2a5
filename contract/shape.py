"""The shape of a document, checked once at load before any command walks it.

Every consumer (validate, diff, generate, mock, proptest, snapshots) reads the same
fields — ``info`` as an object, ``paths`` as an object of path items, operations as
objects, schemas as objects or booleans, ``format`` as a string — and would crash or
answer nonsense on a document where one of them has another type. This module checks
those types, and two limits, so that a consumer can trust them:

- ``MAX_DEPTH``: objects and arrays nest at most this deep anywhere in the document
  (the real documents of ../shared/corpus stay under 30; the bundled one is 18). The
  consumer that needs most stack per level, generate, first fails at about 400 levels
  (200 nested object properties); every other command passes 600.
- ``MAX_SCHEMA_DEPTH``: schemas nest in schemas at most this deep, counted through
  ``$ref`` (a chain of references is nesting too; a cycle is not, every consumer stops
  at a schema it is already inside; a ``{"$ref"}`` and its target count one level
  each). Stripe's contract reaches 104; validate, which follows references
  recursively, passes 1,200 and fails by 2,000 (600 and 1,000 objects each holding
  the next through a property).

Both leave a margin of three or more below what the recursive consumers need of
Python's stack, so none of them meets a RecursionError. A document that breaks a rule gets
one :class:`SourceError` naming the JSON pointer (and the line when the text is known).
Only types are checked, never presence: a missing ``info`` is a specification error,
reported by ``validate`` with all the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import HTTP_METHODS
from rivya_contract.errors import SourceError
from rivya_contract.keywords import SUBSCHEMA_ARRAYS, SUBSCHEMA_MAPS, SUBSCHEMA_SINGLE

MAX_DEPTH = 128
MAX_SCHEMA_DEPTH = 400

Locate = Callable[[list[str]], "tuple[int, int] | None"]

# Kinds of value. A field maps to ("type", kind-of-children) where type is one of the
# names in _TYPES and the child kind says how the value (or its members) is checked.
_TYPES: dict[str, tuple[tuple[type, ...], str]] = {
    "object": ((dict,), "an object"),
    "array": ((list,), "an array"),
    "string": ((str,), "a string"),
    "boolean": ((bool,), "a boolean"),
    "number": ((int, float), "a number"),
    "schema": ((dict, bool), "a schema (an object or a boolean)"),
}

# field -> (expected type, how to check the value: a kind name, "map:KIND" for an object
# of KIND, "list:KIND" for an array of KIND, or "" for nothing more).
_Spec = dict[str, tuple[str, str]]

_INFO: _Spec = {
    "title": ("string", ""),
    "version": ("string", ""),
    "summary": ("string", ""),
    "description": ("string", ""),
    "termsOfService": ("string", ""),
    "contact": ("object", ""),
    "license": ("object", ""),
}
_SERVER: _Spec = {"url": ("string", ""), "description": ("string", ""), "variables": ("object", "map:object")}
_TAG: _Spec = {"name": ("string", ""), "description": ("string", ""), "externalDocs": ("object", "")}
_ROOT: _Spec = {
    "openapi": ("string", ""),
    "swagger": ("string", ""),
    "info": ("object", "info"),
    "jsonSchemaDialect": ("string", ""),
    "servers": ("array", "list:server"),
    "paths": ("object", "map:path_item"),
    "webhooks": ("object", "map:path_item"),
    "components": ("object", "components"),
    "security": ("array", "list:security_requirement"),
    "tags": ("array", "list:tag"),
    "externalDocs": ("object", ""),
}
_PATH_ITEM: _Spec = {
    "$ref": ("string", ""),
    "summary": ("string", ""),
    "description": ("string", ""),
    "servers": ("array", "list:server"),
    "parameters": ("array", "list:parameter"),
    **{method: ("object", "operation") for method in HTTP_METHODS},
}
_OPERATION: _Spec = {
    "tags": ("array", "list:string"),
    "summary": ("string", ""),
    "description": ("string", ""),
    "operationId": ("string", ""),
    "parameters": ("array", "list:parameter"),
    "requestBody": ("object", "request_body"),
    "responses": ("object", "map:response"),
    "callbacks": ("object", "map:callback"),
    "deprecated": ("boolean", ""),
    "security": ("array", "list:security_requirement"),
    "servers": ("array", "list:server"),
    "externalDocs": ("object", ""),
}
_PARAMETER: _Spec = {
    "name": ("string", ""),
    "in": ("string", ""),
    "description": ("string", ""),
    "required": ("boolean", ""),
    "deprecated": ("boolean", ""),
    "style": ("string", ""),
    "explode": ("boolean", ""),
    "schema": ("schema", "schema"),
    "content": ("object", "map:media_type"),
    "examples": ("object", "map:example"),
}
_HEADER: _Spec = {k: v for k, v in _PARAMETER.items() if k not in ("name", "in")}
_REQUEST_BODY: _Spec = {
    "description": ("string", ""),
    "content": ("object", "map:media_type"),
    "required": ("boolean", ""),
}
_RESPONSE: _Spec = {
    "description": ("string", ""),
    "headers": ("object", "map:header"),
    "content": ("object", "map:media_type"),
    "links": ("object", "map:object"),
    # Swagger 2.0
    "schema": ("schema", "schema"),
}
_MEDIA_TYPE: _Spec = {
    "schema": ("schema", "schema"),
    "examples": ("object", "map:example"),
    "encoding": ("object", "map:encoding"),
}
_ENCODING: _Spec = {"contentType": ("string", ""), "headers": ("object", "map:header"), "style": ("string", "")}
_EXAMPLE: _Spec = {"summary": ("string", ""), "description": ("string", ""), "externalValue": ("string", "")}
_SECURITY_SCHEME: _Spec = {
    "type": ("string", ""),
    "name": ("string", ""),
    "in": ("string", ""),
    "scheme": ("string", ""),
    "bearerFormat": ("string", ""),
    "flows": ("object", "map:object"),
    "openIdConnectUrl": ("string", ""),
}
_COMPONENTS: _Spec = {
    "schemas": ("object", "map:schema"),
    "responses": ("object", "map:response"),
    "parameters": ("object", "map:parameter"),
    "examples": ("object", "map:example"),
    "requestBodies": ("object", "map:request_body"),
    "headers": ("object", "map:header"),
    "securitySchemes": ("object", "map:security_scheme"),
    "links": ("object", "map:object"),
    "callbacks": ("object", "map:callback"),
    "pathItems": ("object", "map:path_item"),
}
# The names a schema's ``type`` may hold (JSON Schema's, and Swagger 2.0's "file").
TYPE_NAMES = frozenset({"string", "number", "integer", "boolean", "object", "array", "null", "file"})
_SCHEMA: _Spec = {
    "$ref": ("string", ""),
    "$id": ("string", ""),
    "$anchor": ("string", ""),
    "$dynamicRef": ("string", ""),
    "format": ("string", ""),
    "title": ("string", ""),
    "description": ("string", ""),
    "pattern": ("string", ""),
    "required": ("array", "list:string"),
    "enum": ("array", ""),
    "examples": ("array", ""),
    "nullable": ("boolean", ""),
    "readOnly": ("boolean", ""),
    "writeOnly": ("boolean", ""),
    "deprecated": ("boolean", ""),
    "uniqueItems": ("boolean", ""),
    "discriminator": ("object", "discriminator"),
    **{k: ("number", "") for k in ("multipleOf", "maximum", "minimum", "maxLength", "minLength")},
    **{k: ("number", "") for k in ("maxItems", "minItems", "maxProperties", "minProperties")},
    **{k: ("schema", "schema") for k in SUBSCHEMA_SINGLE},
    **{k: ("array", "list:schema") for k in SUBSCHEMA_ARRAYS},
    **{k: ("object", "map:schema") for k in SUBSCHEMA_MAPS},
}
_DISCRIMINATOR: _Spec = {"propertyName": ("string", ""), "mapping": ("object", "map:string")}
_CALLBACK: _Spec = {}  # an object of path items (checked as map:path_item below)

_KINDS: dict[str, _Spec] = {
    "root": _ROOT,
    "info": _INFO,
    "server": _SERVER,
    "tag": _TAG,
    "path_item": _PATH_ITEM,
    "operation": _OPERATION,
    "parameter": _PARAMETER,
    "header": _HEADER,
    "request_body": _REQUEST_BODY,
    "response": _RESPONSE,
    "media_type": _MEDIA_TYPE,
    "encoding": _ENCODING,
    "example": _EXAMPLE,
    "security_scheme": _SECURITY_SCHEME,
    "components": _COMPONENTS,
    "schema": _SCHEMA,
    "discriminator": _DISCRIMINATOR,
}
# Kinds a Reference Object ({"$ref": ...}) may stand for: its other members are not checked.
_REFERABLE = frozenset(_KINDS) - {"root", "info", "server", "tag", "components", "schema", "discriminator"}
# What a member of each "list:"/"map:" kind must be.
_MEMBER_TYPE = {
    "string": "string",
    "schema": "schema",
    "object": "object",
    "security_requirement": "object",
    "callback": "object",
}


def check(tree: Any, source: str, *, locate: Locate | None = None, externals: dict[str, Any] | None = None) -> None:
    """Raise SourceError at the first misplaced type or exceeded limit in ``tree``."""
    checker = _Checker(source, locate)
    checker.depth(tree)
    for uri, external in (externals or {}).items():
        if isinstance(external, (dict, list)):
            _Checker(uri, None).depth(external)
    checker.walk(tree, "root")
    checker.ref_targets(tree, externals or {})
    checker.schema_depths(tree, externals or {})


class _Checker:
    def __init__(self, source: str, locate: Locate | None) -> None:
        self.source = source
        self.locate = locate
        self.schema_roots: list[tuple[Any, list[str]]] = []
        self.schema_ids: set[int] = set()  # the nodes walked as schemas
        self.schema_refs: dict[str, list[str]] = {}  # a schema's $ref -> where it is first met
        # (a Reference Object's $ref, the kind it stands for) -> where it is first met
        self.kind_refs: dict[tuple[str, str], list[str]] = {}
        self.walked: set[tuple[int, str]] = set()  # (id, kind) of the referable objects walked
        self.via = ""  # what fail() adds: how a $ref's target came to be checked as a schema

    def fail(self, tokens: list[str], message: str) -> None:
        position = self.locate(tokens) if self.locate is not None else None
        line, column = position if position else (None, None)
        raise SourceError(self.source, message + self.via, pointer=jp.from_parts(tokens), line=line, column=column)

    def depth(self, tree: Any) -> None:
        """Objects and arrays nest at most MAX_DEPTH deep (iteratively: any depth is safe)."""
        stack: list[tuple[Any, int]] = [(tree, 1)]
        pop, push = stack.pop, stack.append
        while stack:
            node, level = pop()
            if level > MAX_DEPTH:
                self.fail(self._path_to(tree, node), f"nested more than {MAX_DEPTH} levels deep (the limit at load)")
            members = node.values() if type(node) is dict else node
            for value in members:
                kind = type(value)
                if kind is dict or kind is list:
                    push((value, level + 1))

    def _path_to(self, tree: Any, target: Any) -> list[str]:
        # Only on failure: find the tokens of ``target`` (the first MAX_DEPTH of them).
        stack: list[tuple[Any, list[str]]] = [(tree, [])]
        while stack:
            node, tokens = stack.pop()
            if node is target:
                return tokens
            if len(tokens) > MAX_DEPTH:
                continue
            items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
            for key, value in items:
                if isinstance(value, (dict, list)):
                    stack.append((value, [*tokens, str(key)]))
        return []

    def walk(self, tree: Any, kind: str, tokens: list[str] | None = None) -> None:
        stack: list[tuple[Any, str, list[str]]] = [(tree, kind, tokens or [])]
        while stack:
            node, kind, tokens = stack.pop()
            if kind.startswith(("map:", "list:")):
                container, _, member = kind.partition(":")
                items = node.items() if container == "map" else ((str(i), v) for i, v in enumerate(node))
                expected = _MEMBER_TYPE.get(member, "object")
                for key, value in items:
                    where = [*tokens, str(key)]
                    if container == "map" and member in ("path_item", "response") and str(key).startswith("x-"):
                        continue  # an extension among paths or responses: any value
                    self.expect(value, expected, where)
                    if member == "callback":
                        stack.append((value, "map:path_item", where))
                    elif member == "security_requirement":
                        for name, scopes in value.items():
                            self.expect(scopes, "array", [*where, name])
                            for index, scope in enumerate(scopes):
                                self.expect(scope, "string", [*where, name, str(index)])
                    elif member in _KINDS:
                        stack.append((value, member, where))
                continue
            if kind == "schema":
                if not isinstance(node, dict):
                    continue
                self.schema_ids.add(id(node))
                ref = node.get("$ref")
                if isinstance(ref, str) and ref not in self.schema_refs:
                    self.schema_refs[ref] = [*tokens, "$ref"]
                if not tokens or not self._inside_schema(tokens):
                    self.schema_roots.append((node, tokens))
                if "type" in node:
                    self._check_type_keyword(node["type"], [*tokens, "type"])
                if node.get("$ref") == "#":  # the document itself: no schema, and a loop for validators
                    self.fail([*tokens, "$ref"], "a schema $ref to '#' (the whole document) is not a schema")
            elif "$ref" in node and kind in _REFERABLE:
                self.expect(node["$ref"], "string", [*tokens, "$ref"])
                self.kind_refs.setdefault((node["$ref"], kind), [*tokens, "$ref"])
                continue
            elif kind in _REFERABLE:
                self.walked.add((id(node), kind))
            spec = _KINDS[kind]
            for field, value in node.items():  # a node holds few of its spec's many fields
                entry = spec.get(field)
                if entry is None:
                    continue
                expected, child = entry
                types = _TYPES[expected][0]
                if not isinstance(value, types) or (type(value) is bool and bool not in types):
                    self.expect(value, expected, [*tokens, field])  # raises
                if child and isinstance(value, (dict, list)):
                    stack.append((value, child, [*tokens, field]))

    @staticmethod
    def _inside_schema(tokens: list[str]) -> bool:
        parent = tokens[-2] if len(tokens) >= 2 else ""
        return parent in SUBSCHEMA_MAPS or parent in SUBSCHEMA_ARRAYS or tokens[-1] in SUBSCHEMA_SINGLE

    def _check_type_keyword(self, value: Any, where: list[str]) -> None:
        names: list[Any] = [value] if isinstance(value, str) else value if isinstance(value, list) else [None]
        if not all(isinstance(item, str) for item in names):
            self.fail(where, f"must be a string or an array of strings, not {_describe(value)}")
        unknown = [name for name in names if name not in TYPE_NAMES]
        if unknown:
            self.fail(where, f"{unknown[0]!r} is not a type (expected one of {', '.join(sorted(TYPE_NAMES))})")

    def expect(self, value: Any, expected: str, where: list[str]) -> None:
        types, wording = _TYPES[expected]
        if isinstance(value, types) and not (isinstance(value, bool) and bool not in types):
            return
        hint = ""
        if where == ["openapi"] and isinstance(value, (int, float)) and not isinstance(value, bool):
            quoted = f"{value}.0" if str(value).count(".") == 1 else "3.1.0"
            hint = f' (quote it: openapi: "{quoted}")'
        self.fail(where, f"must be {wording}, not {_describe(value)}{hint}")

    def ref_targets(self, tree: Any, externals: dict[str, Any]) -> None:
        """What a schema's $ref points at is a schema too, wherever it is in the document
        (``#/components/parameters/P`` or an ``x-`` extension as well as a component):
        every consumer reads it as one. Checked once per target; a target that does not
        exist is validate's finding (ref-unresolved), not a shape error."""
        self._reference_targets(tree, externals)
        done = set(self.schema_ids)
        pending = dict(self.schema_refs)
        while pending:
            ref, where = pending.popitem()
            uri, _, fragment = ref.partition("#")
            root = externals.get(uri) if uri else tree
            if root is None or (fragment and not fragment.startswith("/")):
                continue
            try:
                target = jp.lookup(root, fragment, _ABSENT)
            except (ValueError, TypeError):
                continue
            if target is _ABSENT or id(target) in done:
                continue
            if not isinstance(target, (dict, bool)):
                self.fail(where, f"$ref {ref!r} points at {_describe(target)}, not a schema (an object or a boolean)")
            if not isinstance(target, dict):
                continue
            checker = self if not uri else _Checker(uri, None)
            checker.via = f" (a schema: the $ref at {jp.from_parts(where)} points here)"
            before = set(checker.schema_ids)
            checker.schema_refs = {}
            checker.walk(target, "schema", jp.split(fragment))
            checker.via = ""
            done.add(id(target))
            done |= checker.schema_ids - before
            for inner, inner_where in checker.schema_refs.items():
                if not uri and inner not in self.schema_refs:
                    self.schema_refs[inner] = inner_where
                    pending[inner] = inner_where

    def _reference_targets(self, tree: Any, externals: dict[str, Any]) -> None:
        """The same for a Reference Object (a parameter's, a response's...): its target is
        an object of the kind it stands for, checked as one (local targets; a file's
        objects are checked where they are)."""
        done: set[tuple[str, str]] = set()
        while len(done) < len(self.kind_refs):
            for (ref, kind), where in list(self.kind_refs.items()):
                if (ref, kind) in done:
                    continue
                done.add((ref, kind))
                uri, _, fragment = ref.partition("#")
                if uri or (fragment and not fragment.startswith("/")):
                    continue
                target = jp.lookup(tree, fragment, _ABSENT)
                if target is _ABSENT or (id(target), kind) in self.walked:
                    continue
                wording = kind.replace("_", " ")
                if not isinstance(target, dict):
                    self.fail(where, f"$ref {ref!r} points at {_describe(target)}, not an object (a {wording})")
                self.via = f" (a {wording}: the $ref at {jp.from_parts(where)} points here)"
                self.walk(target, kind, jp.split(fragment))
                self.via = ""

    def schema_depths(self, tree: Any, externals: dict[str, Any]) -> None:
        """Schemas nest at most MAX_SCHEMA_DEPTH deep, through $refs (cycles end a path)."""
        depth_of: dict[int, int] = {}
        children_of: dict[int, list[Any]] = {}
        targets: dict[str, Any] = {}
        for root, _ in self.schema_roots:
            # Iterative post-order: (node, children visited?)
            stack: list[tuple[Any, bool]] = [(root, False)]
            while stack:
                node, done = stack.pop()
                ident = id(node)
                if not done:
                    if ident in depth_of:
                        continue
                    depth_of[ident] = 0  # in progress: a cycle back here adds nothing
                    stack.append((node, True))
                    children = children_of[ident] = _subschemas(node, tree, externals, targets)
                    stack.extend((child, False) for child in children if id(child) not in depth_of)
                    continue
                deepest = max((depth_of[id(child)] for child in children_of.pop(ident)), default=0)
                depth_of[ident] = deepest + 1
                if deepest + 1 > MAX_SCHEMA_DEPTH:
                    self.fail(
                        self._path_to(tree, node),
                        f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep, counting $refs (the limit at load)",
                    )


_ABSENT: Any = object()


def deeper_than(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and arrays in ``value`` nest more than ``limit`` deep (iteratively)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, level = stack.pop()
        if level > limit:
            return True
        members = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((member, level + 1) for member in members if isinstance(member, (dict, list)))
    return False


_SUBSCHEMA = frozenset(SUBSCHEMA_SINGLE)
_SUBSCHEMA_ARRAYS = frozenset(SUBSCHEMA_ARRAYS)
_SUBSCHEMA_MAPS = frozenset(SUBSCHEMA_MAPS)


def _subschemas(node: Any, tree: Any, externals: dict[str, Any], targets: dict[str, Any]) -> list[Any]:
    """The schemas directly inside ``node``, and the target of its $ref."""
    if not isinstance(node, dict):
        return []
    found: list[Any] = []
    for key, value in node.items():
        if key in _SUBSCHEMA:
            if isinstance(value, dict):
                found.append(value)
        elif key in _SUBSCHEMA_ARRAYS:
            if isinstance(value, list):
                found.extend(item for item in value if isinstance(item, dict))
        elif key in _SUBSCHEMA_MAPS:
            if isinstance(value, dict):
                found.extend(item for item in value.values() if isinstance(item, dict))
        elif key == "$ref" and isinstance(value, str):
            if value not in targets:
                uri, _, fragment = value.partition("#")
                root = externals.get(uri) if uri else tree
                targets[value] = jp.lookup(root, fragment) if root is not None else None
            if isinstance(targets[value], dict):
                found.append(targets[value])
    return found


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int) and value.bit_length() > 64:
        return "a number of more than 19 digits"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        text = value if len(value) < 40 else value[:37] + "..."
        return f"the string {text!r}"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
