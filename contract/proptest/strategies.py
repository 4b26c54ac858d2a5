"""Compile JSON Schema (2020-12, as OpenAPI 3.1 uses it) into hypothesis strategies that
generate only valid values.

Every keyword the compiler understands is built into the strategy; the few it cannot
build (``not``, ``if``, ``contains``, ``patternProperties``...) become a filter through
the real validator, so a generated value is valid by construction or by check, never
by hope. ``$ref`` recursion is bounded: past ``max_recursion`` expansions of one
reference the branch is empty, so optional properties and array items drop out.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from rivya_contract.document import Document
from rivya_contract.patterns import python_pattern
from rivya_contract.proptest import schema_view
from rivya_contract.proptest.formats import FORMATS
from rivya_contract.proptest.schema_view import CHECKED_FORMATS, SchemaView

JSONStrategy = st.SearchStrategy[Any]

# Keywords built as a filter through the validator rather than into the strategy.
_FILTERED = frozenset(
    {
        "not",
        "if",
        "contains",
        "propertyNames",
        "patternProperties",
        "dependentRequired",
        "dependentSchemas",
        "minProperties",
        "maxProperties",
    }
)
_TYPE_HINTS = {
    "object": ("properties", "required", "additionalProperties", "patternProperties"),
    "array": ("items", "prefixItems", "minItems", "maxItems", "uniqueItems"),
    "string": ("minLength", "maxLength", "pattern", "format"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
}
_LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
# A property with these in its resolved schema is left out of one direction's values.
_HIDDEN = {"request": "readOnly", "response": "writeOnly"}

JSON_TEXT = st.characters(codec="utf-8")


def canonical_key(value: Any) -> str:
    """Equality as JSON Schema sees it (1 == 1.0, True != 1), for ``uniqueItems``."""
    return json.dumps(_normalise(value), sort_keys=True)


def _normalise(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_normalise(item) for item in value]
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items()}
    return value


def is_multiple(value: float, divisor: float) -> bool:
    """``multipleOf`` exactly as jsonschema decides it (floats divide, ints take %)."""
    if isinstance(divisor, float):
        quotient = value / divisor
        try:
            return bool(int(quotient) == quotient)
        except OverflowError:
            return False
    if isinstance(value, float):
        return bool((value / divisor).is_integer()) if math.isfinite(value) else False
    return value % divisor == 0


class SchemaStrategies:
    """Builds valid-value strategies for the schemas of one document."""

    def __init__(
        self,
        view: SchemaView,
        *,
        direction: str = "request",
        max_recursion: int = 2,
        max_extra_items: int = 3,
        alphabet: st.SearchStrategy[str] = JSON_TEXT,
        max_string: int = 24,
    ) -> None:
        self.view = view
        self.direction = direction
        self.max_recursion = max_recursion
        self.max_extra_items = max_extra_items
        self.alphabet = alphabet
        self.max_string = max_string
        self._refs: dict[tuple[str, tuple[str, ...]], JSONStrategy] = {}

    def valid(self, schema: Any) -> JSONStrategy:
        return self._compile(schema, ())

    # -- dispatch ----------------------------------------------------------------
    def _compile(self, schema: Any, stack: tuple[str, ...]) -> JSONStrategy:
        if schema is True:
            return self._any_json()
        if schema is False:
            return st.nothing()
        if not isinstance(schema, dict):
            return self._any_json()
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._compile_ref(schema, ref, stack)
        if "allOf" in schema:
            merged, leftovers, stack = self._merge_all_of(schema, stack)
            strategy = self._compile(merged, stack)
            return self._filtered(strategy, leftovers)
        if "oneOf" in schema or "anyOf" in schema:
            strategy = self._compile_choice(schema, stack)
        else:
            strategy = self._compile_plain(schema, stack)
        needs_filter = [key for key in _FILTERED if key in schema]
        if needs_filter:
            return self._filtered(strategy, [schema])
        return strategy

    def _compile_ref(self, schema: dict[str, Any], ref: str, stack: tuple[str, ...]) -> JSONStrategy:
        if stack.count(ref) >= self.max_recursion:
            return st.nothing()
        siblings = {k: v for k, v in schema.items() if k != "$ref" and k in _SCHEMA_KEYWORDS}
        if siblings:
            return self._compile({"allOf": [{"$ref": ref}, siblings]}, stack)
        key = (ref, stack)
        found = self._refs.get(key)
        if found is None:
            target = self.view.ref_target(ref)
            if not isinstance(target, (dict, bool)):  # to nothing, or to data that is no schema
                found = self._any_json()
            else:
                inner = (*stack, ref)
                found = st.deferred(lambda: self._compile(target, inner))
            self._refs[key] = found
        return found

    def _filtered(self, strategy: JSONStrategy, schemas: list[Any]) -> JSONStrategy:
        if not schemas:
            return strategy
        validators = [self.view.validator(schema) for schema in schemas]
        # ``accepts``: a schema that cannot judge a value (a $ref to data that is no schema;
        # load refuses such documents, a tree built in memory may have one) lets it pass.
        return strategy.filter(lambda value: all(self.view.accepts(v, value) for v in validators))

    # -- composition -------------------------------------------------------------
    def _merge_all_of(
        self, schema: dict[str, Any], stack: tuple[str, ...]
    ) -> tuple[dict[str, Any], list[Any], tuple[str, ...]]:
        """allOf members merged into one schema; what cannot merge is returned as filters."""
        merged = {k: v for k, v in schema.items() if k != "allOf"}
        leftovers: list[Any] = []
        pending = list(schema["allOf"])
        while pending:
            member = pending.pop(0)
            while isinstance(member, dict) and isinstance(member.get("$ref"), str):
                ref = member["$ref"]
                if stack.count(ref) >= self.max_recursion:
                    return {"not": {}}, [], stack
                stack = (*stack, ref)
                rest = {k: v for k, v in member.items() if k != "$ref"}
                target = self.view.ref_target(ref)
                if rest:
                    pending.append(rest)
                member = target if target is not None else True
            if member is False:
                return {"not": {}}, [], stack
            if not isinstance(member, dict):
                continue
            if isinstance(member.get("allOf"), list):
                pending.extend(member["allOf"])
                member = {k: v for k, v in member.items() if k != "allOf"}
            if member.get("additionalProperties") is False:
                leftovers.append(member)
                member = {k: v for k, v in member.items() if k != "additionalProperties"}
            leftovers.extend(_merge_into(merged, member))
        return merged, leftovers, stack

    def _compile_choice(self, schema: dict[str, Any], stack: tuple[str, ...]) -> JSONStrategy:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        base = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
        if key == "oneOf" and "anyOf" in base:
            # Both present: build from oneOf, keep anyOf as a check.
            base_filter: list[Any] = [{"anyOf": base.pop("anyOf")}]
        else:
            base_filter = []
        branches = schema[key] if isinstance(schema[key], list) else []
        discriminator = schema.get("discriminator")
        disjoint = isinstance(discriminator, dict) and self._const_tagged(branches, discriminator)
        strategies = []
        for index, branch in enumerate(branches):
            member: Any = {"allOf": [base, branch]} if _has_keywords(base) else branch
            strategy = self._compile(member, stack)
            if isinstance(discriminator, dict):
                strategy = self._force_discriminator(strategy, branch, discriminator)
            if key == "oneOf" and len(branches) > 1 and not disjoint:
                others = [b for i, b in enumerate(branches) if i != index]
                strategy = self._filtered(strategy, [{"not": {"anyOf": others}}])
            strategies.append(strategy)
        return self._filtered(st.one_of(strategies), base_filter)

    def _const_tagged(self, branches: list[Any], discriminator: dict[str, Any]) -> bool:
        """Every branch pins the discriminator to its own const: branches cannot overlap."""
        name = discriminator.get("propertyName")
        tags = []
        for branch in branches:
            target = self.view.resolve(branch)
            prop = self.view.resolve((target.get("properties") or {}).get(name)) if isinstance(target, dict) else None
            if not isinstance(prop, dict) or "const" not in prop or name not in target.get("required", []):
                return False
            tags.append(json.dumps(prop["const"]))
        return len(tags) == len(set(tags))

    def _force_discriminator(self, strategy: JSONStrategy, branch: Any, discriminator: dict[str, Any]) -> JSONStrategy:
        name = discriminator.get("propertyName")
        ref = branch.get("$ref") if isinstance(branch, dict) else None
        if not isinstance(name, str) or not isinstance(ref, str):
            return strategy
        mapping = discriminator.get("mapping") or {}
        keys = [key for key, target in mapping.items() if target == ref]
        if not keys and ref not in mapping.values():
            keys = [ref.rsplit("/", 1)[-1]]
        target = self.view.resolve(branch)
        prop = target.get("properties", {}).get(name, True) if isinstance(target, dict) else True
        keys = [key for key in keys if self.view.is_valid(prop, key)]
        if not keys:
            return strategy
        return st.tuples(strategy, st.sampled_from(keys)).map(
            lambda pair: {**pair[0], name: pair[1]} if isinstance(pair[0], dict) else pair[0]
        )

    # -- one schema, no composition ------------------------------------------------
    def _compile_plain(self, schema: dict[str, Any], stack: tuple[str, ...]) -> JSONStrategy:
        types = _types(schema)
        if "const" in schema:
            return st.just(schema["const"]).map(_copy_json)
        if isinstance(schema.get("enum"), list):
            values = [v for v in schema["enum"] if types is None or _json_type_in(v, types)]
            return st.sampled_from(values).map(_copy_json) if values else st.nothing()
        if types is None:
            return self._any_json()
        return st.one_of([self._for_type(kind, schema, stack) for kind in types])

    def _for_type(self, kind: str, schema: dict[str, Any], stack: tuple[str, ...]) -> JSONStrategy:
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind == "integer":
            return self._integers(schema)
        if kind == "number":
            return self._numbers(schema)
        if kind == "string":
            return self._strings(schema)
        if kind == "array":
            return self._arrays(schema, stack)
        if kind == "object":
            return self._objects(schema, stack)
        return st.nothing()

    def _integers(self, schema: dict[str, Any]) -> JSONStrategy:
        low, high = _integer_bounds(schema)
        divisor = schema.get("multipleOf")
        if isinstance(divisor, (int, float)) and divisor > 0:
            if float(divisor).is_integer():
                step = int(divisor)
                k_low = None if low is None else -(-low // step)
                k_high = None if high is None else high // step
                if k_low is not None and k_high is not None and k_low > k_high:
                    return st.nothing()
                return st.integers(k_low, k_high).map(lambda k: k * step)
            return st.integers(low, high).filter(lambda v: is_multiple(v, divisor))
        if low is not None and high is not None and low > high:
            return st.nothing()
        return st.integers(low, high)

    def _numbers(self, schema: dict[str, Any]) -> JSONStrategy:
        low, high, exclude_low, exclude_high = _number_bounds(schema)
        divisor = schema.get("multipleOf")

        def in_range(value: float) -> bool:
            if low is not None and (value < low or (exclude_low and value == low)):
                return False
            return not (high is not None and (value > high or (exclude_high and value == high)))

        if isinstance(divisor, (int, float)) and divisor > 0:
            k_low = None if low is None else math.floor(low / divisor)
            k_high = None if high is None else math.ceil(high / divisor)
            exact = Decimal(str(divisor))
            values = st.integers(k_low, k_high).map(
                lambda k: k * divisor if isinstance(divisor, int) else float(Decimal(k) * exact)
            )
            return values.filter(lambda v: in_range(v) and is_multiple(v, divisor))
        int_low = None if low is None else math.floor(low) + 1 if exclude_low else math.ceil(low)
        int_high = None if high is None else math.ceil(high) - 1 if exclude_high else math.floor(high)
        floats = st.floats(
            min_value=low,
            max_value=high,
            exclude_min=exclude_low and low is not None,
            exclude_max=exclude_high and high is not None,
            allow_nan=False,
            allow_infinity=False,
        )
        if int_low is not None and int_high is not None and int_low > int_high:
            return floats
        return st.one_of(st.integers(int_low, int_high), floats)

    def _strings(self, schema: dict[str, Any]) -> JSONStrategy:
        min_len = int(schema.get("minLength", 0))
        max_len = schema.get("maxLength")
        max_len = int(max_len) if isinstance(max_len, (int, float)) else None
        pattern = schema.get("pattern")
        fmt = schema.get("format")

        def length_ok(value: str) -> bool:
            return len(value) >= min_len and (max_len is None or len(value) <= max_len)

        if isinstance(pattern, str):
            translated = python_pattern(pattern)  # None: a pattern Python cannot read (validate reports it)
            try:
                if translated is None:
                    raise ValueError(pattern)
                strategy: JSONStrategy = st.from_regex(translated, fullmatch=True, alphabet=self.alphabet)
            except Exception:
                strategy = st.text(self.alphabet, max_size=self.max_string)
            strategy = strategy.filter(length_ok)
            if fmt in CHECKED_FORMATS:
                strategy = self._filtered(strategy, [{"format": fmt}])
            return strategy
        if isinstance(fmt, str) and fmt in FORMATS:
            return FORMATS[fmt].filter(length_ok)
        upper = max_len if max_len is not None else max(min_len, 0) + self.max_string
        return st.text(self.alphabet, min_size=min_len, max_size=upper)

    def _arrays(self, schema: dict[str, Any], stack: tuple[str, ...]) -> JSONStrategy:
        min_items = int(schema.get("minItems", 0))
        max_items = schema.get("maxItems")
        upper = int(max_items) if isinstance(max_items, (int, float)) else None
        raw_prefix = schema.get("prefixItems")
        prefix: list[Any] = raw_prefix if isinstance(raw_prefix, list) else []
        items = schema.get("items", True)
        unique = schema.get("uniqueItems") is True
        head = [self._compile(item, stack) for item in prefix]
        tail_strategy = self._compile(items, stack)
        cap = min_items + self.max_extra_items if upper is None else upper
        if tail_strategy.is_empty:
            # Past the recursion bound (or items: false): only the prefix, if anything.
            if min_items > len(head):
                return st.nothing()
            return st.tuples(*head).map(list) if head else st.just([])
        if head:
            head_len = len(head) if upper is None else min(len(head), upper)
            tail_min = max(0, min_items - head_len)
            tail_max = max(tail_min, cap - head_len) if items is not False else 0
            tail = st.lists(tail_strategy, min_size=tail_min, max_size=tail_max)
            strategy: JSONStrategy = st.builds(lambda h, t: [*h, *t], st.tuples(*head[:head_len]), tail)
            return strategy.filter(_unique) if unique else strategy
        if unique:
            return st.lists(tail_strategy, min_size=min_items, max_size=cap, unique_by=canonical_key)
        return st.lists(tail_strategy, min_size=min_items, max_size=cap)

    def _objects(self, schema: dict[str, Any], stack: tuple[str, ...]) -> JSONStrategy:
        raw_properties = schema.get("properties")
        properties: dict[str, Any] = raw_properties if isinstance(raw_properties, dict) else {}
        raw_required = schema.get("required")
        required = [r for r in raw_required if isinstance(r, str)] if isinstance(raw_required, list) else []
        additional = schema.get("additionalProperties", True)
        hidden = _HIDDEN.get(self.direction)
        needed: dict[str, JSONStrategy] = {}
        optional: dict[str, JSONStrategy] = {}
        for name, sub in properties.items():
            resolved = self.view.resolve(sub)
            if hidden and isinstance(resolved, dict) and resolved.get(hidden) is True:
                continue
            strategy = self._compile(sub, stack)
            if name in required:
                needed[name] = strategy
            elif not strategy.is_empty:
                optional[name] = strategy
        for name in required:
            if name not in properties and name not in needed:
                needed[name] = self._compile(additional if additional is not False else True, stack)
        result: JSONStrategy = st.fixed_dictionaries(needed, optional=optional)
        if isinstance(additional, dict) and additional:
            keys: st.SearchStrategy[str] = st.text(
                st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=8
            ).filter(lambda key: key not in properties)
            extras = st.dictionaries(keys, self._compile(additional, stack), max_size=2)
            result = st.builds(lambda known, extra: {**extra, **known}, result, extras)
        return result

    def _any_json(self) -> JSONStrategy:
        scalars = (
            st.none()
            | st.booleans()
            | st.integers(-1000, 1000)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(self.alphabet, max_size=8)
        )
        return st.recursive(
            scalars,
            lambda inner: (
                st.lists(inner, max_size=3) | st.dictionaries(st.text(self.alphabet, max_size=6), inner, max_size=3)
            ),
            max_leaves=6,
        )


_SCHEMA_KEYWORDS = frozenset(
    {
        "type", "enum", "const", "properties", "required", "additionalProperties", "items",
        "prefixItems", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength",
        "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
        "multipleOf", "allOf", "oneOf", "anyOf", "not", "if", "then", "else", "contains",
        "propertyNames", "patternProperties", "dependentRequired", "dependentSchemas",
        "minProperties", "maxProperties",
    }
)  # fmt: skip


def _has_keywords(schema: dict[str, Any]) -> bool:
    return any(key in _SCHEMA_KEYWORDS for key in schema)


def _merge_into(merged: dict[str, Any], member: dict[str, Any]) -> list[Any]:
    """Merge ``member`` into ``merged``; return what could not merge (kept as filters)."""
    leftovers: list[Any] = []
    for key, value in member.items():
        if key not in merged:
            merged[key] = value
            continue
        current = merged[key]
        if key == "properties" and isinstance(current, dict) and isinstance(value, dict):
            combined = dict(current)
            for name, sub in value.items():
                combined[name] = {"allOf": [combined[name], sub]} if name in combined else sub
            merged[key] = combined
        elif key == "required" and isinstance(current, list) and isinstance(value, list):
            merged[key] = [*current, *(name for name in value if name not in current)]
        elif key in _LOWER and isinstance(value, (int, float)):
            merged[key] = max(current, value)
        elif key in _UPPER and isinstance(value, (int, float)):
            merged[key] = min(current, value)
        elif key == "type":
            mine = set(current) if isinstance(current, list) else {current}
            theirs = set(value) if isinstance(value, list) else {value}
            if "number" in mine and "integer" in theirs:
                mine.add("integer")
            if "number" in theirs and "integer" in mine:
                theirs.add("integer")
            merged[key] = sorted(mine & theirs)
        elif key == "enum" and isinstance(current, list) and isinstance(value, list):
            merged[key] = [item for item in current if item in value]
        elif current != value and key in _SCHEMA_KEYWORDS:
            leftovers.append({key: value})
    return leftovers


def _types(schema: dict[str, Any]) -> list[str] | None:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [k for k in kind if isinstance(k, str)]
    for name, hints in _TYPE_HINTS.items():
        if any(hint in schema for hint in hints):
            return [name]
    return None


def _json_type_in(value: Any, types: list[str]) -> bool:
    if value is None:
        return "null" in types
    if isinstance(value, bool):
        return "boolean" in types
    if isinstance(value, int):
        return "integer" in types or "number" in types
    if isinstance(value, float):
        return "number" in types or ("integer" in types and value.is_integer())
    if isinstance(value, str):
        return "string" in types
    if isinstance(value, list):
        return "array" in types
    return isinstance(value, dict) and "object" in types


def _integer_bounds(schema: dict[str, Any]) -> tuple[int | None, int | None]:
    low: int | None = None
    high: int | None = None
    if isinstance(schema.get("minimum"), (int, float)):
        low = math.ceil(schema["minimum"])
    if isinstance(schema.get("exclusiveMinimum"), (int, float)):
        bound = math.floor(schema["exclusiveMinimum"]) + 1
        low = bound if low is None else max(low, bound)
    if isinstance(schema.get("maximum"), (int, float)):
        high = math.floor(schema["maximum"])
    if isinstance(schema.get("exclusiveMaximum"), (int, float)):
        bound = math.ceil(schema["exclusiveMaximum"]) - 1
        high = bound if high is None else min(high, bound)
    return low, high


def _number_bounds(schema: dict[str, Any]) -> tuple[float | None, float | None, bool, bool]:
    low = schema.get("minimum") if isinstance(schema.get("minimum"), (int, float)) else None
    high = schema.get("maximum") if isinstance(schema.get("maximum"), (int, float)) else None
    exclude_low = exclude_high = False
    exclusive_min = schema.get("exclusiveMinimum")
    if isinstance(exclusive_min, (int, float)) and (low is None or exclusive_min >= low):
        low, exclude_low = exclusive_min, True
    exclusive_max = schema.get("exclusiveMaximum")
    if isinstance(exclusive_max, (int, float)) and (high is None or exclusive_max <= high):
        high, exclude_high = exclusive_max, True
    return low, high, exclude_low, exclude_high


def _unique(values: list[Any]) -> bool:
    keys = [canonical_key(v) for v in values]
    return len(keys) == len(set(keys))


def _copy_json(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value))
    return value


def values_for(
    schema: Any,
    doc: Document | None = None,
    *,
    direction: str = "request",
) -> JSONStrategy:
    """Valid values for ``schema``: a schema dict, or a JSON pointer / ``$ref`` into ``doc``
    (the bundled Rivya contract when ``doc`` is None and a pointer is given)."""
    if isinstance(schema, str):
        if doc is None:
            from rivya_contract.load import load_bundled

            doc = load_bundled()
        ref = schema if schema.startswith("#") else "#" + schema
        return SchemaStrategies(schema_view.view(doc), direction=direction).valid({"$ref": ref})
    if doc is None:
        space, schema = schema_view.for_schema(schema)
    else:
        space = schema_view.view(doc)
    return SchemaStrategies(space, direction=direction).valid(schema)
