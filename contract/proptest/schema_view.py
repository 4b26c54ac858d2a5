"""One JSON Schema dialect for everything proptest does: 2020-12.

OpenAPI 3.1 schemas are 2020-12 already. OpenAPI 3.0 schemas are rewritten once per
document (``nullable``, boolean ``exclusiveMinimum``/``exclusiveMaximum``, tuple
``items``), so the strategy compiler and the validator both see one dialect.
"""

from __future__ import annotations

import copy
import json
import weakref
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from rivya_contract import pointer as jp
from rivya_contract.document import Document, follow_refs
from rivya_contract.patterns import pattern_aware

_FORMAT_CHECKER = FormatChecker()
CHECKED_FORMATS = frozenset(_FORMAT_CHECKER.checkers)

_views: weakref.WeakKeyDictionary[Document, SchemaView] = weakref.WeakKeyDictionary()
_directed: weakref.WeakKeyDictionary[Document, dict[str, SchemaView]] = weakref.WeakKeyDictionary()
# The flag that takes a property out of one direction's ``required``: a read-only field
# is never required in a request, a write-only one never in a response.
HIDDEN = {"request": "readOnly", "response": "writeOnly"}


class SchemaView:
    """A document's schemas in 2020-12 form, with $ref resolution and validators."""

    def __init__(self, doc: Document, direction: str | None = None) -> None:
        self.doc = doc
        self.direction = direction
        self.openapi30 = not doc.is_31 and isinstance(doc.tree, dict) and "openapi" in doc.tree
        tree: Any = upgrade_30(copy.deepcopy(doc.tree)) if self.openapi30 else doc.tree
        if direction is not None:
            tree = without_hidden_required(self, copy.deepcopy(tree) if tree is doc.tree else tree, HIDDEN[direction])
        self.tree = tree
        self._registry: Registry[Any] | None = None
        self._validators: dict[str, Draft202012Validator] = {}

    def ref_target(self, ref: str) -> Any:
        uri, _, fragment = ref.partition("#")
        if uri:
            return self.doc.ref_target(ref)
        return jp.lookup(self.tree, fragment)

    def resolve(self, node: Any) -> Any:
        return follow_refs(node, self.ref_target)

    @property
    def registry(self) -> Registry[Any]:
        if self._registry is None:
            resources = [("", Resource.from_contents(self.tree, default_specification=DRAFT202012))]
            for uri, tree in self.doc.externals.items():
                if tree is not None:
                    resources.append((uri, Resource.from_contents(tree, default_specification=DRAFT202012)))
            self._registry = Registry().with_resources(resources)
        return self._registry

    def validator(self, schema: Any) -> Draft202012Validator:
        """A 2020-12 validator with format checks, resolving $refs inside the document."""
        key = json.dumps(schema, sort_keys=True, default=str)
        found = self._validators.get(key)
        if found is None:
            # The resolver's root is the whole document, so "#/components/..." inside
            # an inline schema resolves as it does in the document.
            found = pattern_aware(Draft202012Validator)(
                schema,
                registry=self.registry,
                format_checker=_FORMAT_CHECKER,
                _resolver=self.registry.resolver(base_uri=""),
            )
            self._validators[key] = found
        return found

    # A schema with a $ref to nothing cannot judge a value: it neither passes nor fails
    # one here (validate reports the reference itself, as ref-unresolved).

    def is_valid(self, schema: Any, value: Any) -> bool:
        return self.accepts(self.validator(schema), value)

    @staticmethod
    def accepts(validator: Draft202012Validator, value: Any) -> bool:
        """``validator.is_valid(value)``; True when the schema cannot judge a value."""
        from jsonschema.exceptions import UnknownType
        from referencing.exceptions import Unresolvable

        try:
            return bool(validator.is_valid(value))
        except (Unresolvable, RecursionError, UnknownType, TypeError, AttributeError):
            return True

    def error_details(self, schema: Any, value: Any) -> list[tuple[str, str]]:
        """``(line, signature)`` per validation error; the signature names the keyword
        and where the schema declares it, not the value (the same bug, the same one)."""
        found = []
        for error in sorted(self.validator(schema).iter_errors(value), key=lambda e: e.path):
            where = "".join(f"/{part}" for part in error.absolute_path)
            steps = "/".join(str(part) for part in error.absolute_schema_path)
            shape = "/".join("#" if isinstance(part, int) else str(part) for part in error.absolute_path)
            found.append((f"{where or '/'}: {error.message}", f"{error.validator} {steps} at /{shape}"))
        return found

    def errors(self, schema: Any, value: Any) -> list[str]:
        """One line per validation error: ``/instance/path: message``."""
        from jsonschema.exceptions import UnknownType
        from referencing.exceptions import Unresolvable

        lines = []
        try:
            found = sorted(self.validator(schema).iter_errors(value), key=lambda e: e.path)
        except (Unresolvable, RecursionError, UnknownType, TypeError, AttributeError):
            return []  # a broken schema ($ref to nothing, a cycle, a $ref into non-schema data)
        for error in found:
            where = "".join(f"/{part}" for part in error.absolute_path)
            lines.append(f"{where or '/'}: {error.message}")
        return lines


def view(doc: Document, direction: str | None = None) -> SchemaView:
    """The document's schemas; with ``direction`` ("request" or "response"), as that
    direction sees them: a read-only property is not required in a request, a
    write-only one not in a response (OpenAPI's readOnly/writeOnly)."""
    if direction is not None:
        views = _directed.setdefault(doc, {})
        if direction not in views:
            views[direction] = SchemaView(doc, direction)
        return views[direction]
    found = _views.get(doc)
    if found is None:
        found = SchemaView(doc)
        _views[doc] = found
    return found


def without_hidden_required(space: SchemaView, tree: Any, flag: str) -> Any:
    """``tree`` with every property whose schema sets ``flag`` taken out of ``required``."""
    space.tree = tree  # resolve against the copy while rewriting it
    stack = [tree]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(item for item in current if isinstance(item, (dict, list)))
            continue
        if not isinstance(current, dict):
            continue
        required, properties = current.get("required"), current.get("properties")
        if isinstance(required, list) and isinstance(properties, dict):
            hidden = {
                name
                for name, sub in properties.items()
                if isinstance(space.resolve(sub), dict) and space.resolve(sub).get(flag) is True
            }
            if hidden & set(required):
                current["required"] = [name for name in required if name not in hidden]
        for key, value in current.items():
            if key in ("example", "examples", "default", "enum", "const"):
                continue
            if isinstance(value, (dict, list)):
                stack.append(value)
    return tree


def for_schema(schema: Any) -> tuple[SchemaView, Any]:
    """A view over a stand-alone JSON Schema (its local refs resolve inside it)."""
    doc = Document({"openapi": "3.1.0", **schema} if isinstance(schema, dict) else schema, "<schema>")
    return view(doc), schema


def upgrade_30(node: Any) -> Any:
    """Rewrite OpenAPI 3.0 schema keywords in place into their 2020-12 meaning."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(item for item in current if isinstance(item, (dict, list)))
            continue
        if not isinstance(current, dict):
            continue
        _upgrade_bounds(current)
        if isinstance(current.get("items"), list):
            current["prefixItems"] = current.pop("items")
        if current.get("nullable") is True:
            _make_nullable(current)
        for key, value in current.items():
            if key in ("example", "examples", "default", "enum", "const"):
                continue
            if isinstance(value, (dict, list)):
                stack.append(value)
    return node


def _upgrade_bounds(schema: dict[str, Any]) -> None:
    for flag, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(flag)
        if isinstance(value, bool):
            del schema[flag]
            if value and bound in schema:
                schema[flag] = schema.pop(bound)


def _make_nullable(schema: dict[str, Any]) -> None:
    del schema["nullable"]
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            schema["enum"] = [*schema["enum"], None]
    elif kind is None:
        inner = dict(schema)
        schema.clear()
        schema["anyOf"] = [inner, {"type": "null"}]
