"""Values that violate exactly one constraint of a schema, each saying which.

A mutation starts from a valid value (built by the strategy compiler) and breaks one
keyword at one place: a property too short, a required property dropped, a number past
its bound, an unknown discriminator value. The ``Violation`` names the keyword, where
it is declared (a JSON pointer into the document) and where in the value it broke.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from rivya_contract import patterns
from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.proptest import schema_view
from rivya_contract.proptest.formats import INVALID
from rivya_contract.proptest.schema_view import CHECKED_FORMATS
from rivya_contract.proptest.strategies import SchemaStrategies, _types, canonical_key, is_multiple

_TYPE_SAMPLES: tuple[tuple[str, Any], ...] = (
    ("string", "mutated"),
    ("integer", 12345),
    ("number", 1.5),
    ("boolean", True),
    ("object", {}),
    ("array", []),
    ("null", None),
)
_UNKNOWN_PROPERTY = "x_unexpected_property"


@dataclass(frozen=True)
class Violation:
    keyword: str  # the JSON Schema keyword broken: "minLength", "required", "type"...
    schema_pointer: str  # where that keyword is declared
    instance_path: str  # where in the value it broke ("" for the value itself)
    detail: str  # a short phrase: "1 character, minLength is 2"

    def describe(self) -> str:
        where = self.instance_path or "/"
        return f"{where}: {self.detail} ({self.keyword} at {self.schema_pointer or '/'})"


Mutated = tuple[Any, Violation]

# The strategies ``_one`` builds always give one value: callers can test it once, when
# the strategy is built, instead of filtering every draw (a filter that can never pass
# costs a hundred rejected attempts per case).
_CONSTANTS: weakref.WeakKeyDictionary[st.SearchStrategy[Mutated], Mutated] = weakref.WeakKeyDictionary()


def constant(strategy: st.SearchStrategy[Mutated]) -> Mutated | None:
    """The one value ``strategy`` gives, when it is a fixed mutation; else None."""
    return _CONSTANTS.get(strategy)


def keep_if(strategy: st.SearchStrategy[Mutated], predicate: Callable[[Mutated], bool]) -> st.SearchStrategy[Mutated]:
    """``strategy.filter(predicate)``, decided once for a fixed mutation (then it is the
    strategy itself or ``nothing()``, which callers drop as empty)."""
    fixed = constant(strategy)
    if fixed is not None:
        return strategy if predicate(fixed) else st.nothing()
    return strategy.filter(predicate)


class Mutator:
    def __init__(self, strategies: SchemaStrategies, *, max_depth: int = 4) -> None:
        self.strategies = strategies
        self.view = strategies.view
        self.max_depth = max_depth
        self._frozen: frozenset[str] = frozenset()  # instance paths left intact (discriminators)

    def invalid(self, schema: Any, where: str = "") -> st.SearchStrategy[Mutated]:
        options = self.options(schema, where)
        return st.one_of(options) if options else st.nothing()

    def options(self, schema: Any, where: str = "") -> list[st.SearchStrategy[Mutated]]:
        """One strategy per constraint that can be broken (a coverage list, in order)."""
        return self._mutations(schema, where, "", 0)

    def _mutations(self, schema: Any, where: str, path: str, depth: int) -> list[st.SearchStrategy[Mutated]]:
        seen: set[str] = set()
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref in seen or len(schema) > 1:
                break
            seen.add(ref)
            where = ref.partition("#")[2]
            schema = self.view.ref_target(ref)
        if not isinstance(schema, dict) or depth > self.max_depth:
            return []
        if "allOf" in schema:
            merged, leftovers, _ = self.strategies._merge_all_of(schema, ())
            return [] if leftovers else self._mutations(merged, where, path, depth)
        if "oneOf" in schema or "anyOf" in schema:
            return self._choice_mutations(schema, where, path, depth)
        if "const" in schema:
            return [_one(_other_value(schema["const"]), "const", where, path, "not the const value")]
        if isinstance(schema.get("enum"), list):
            return [_one(_not_in(schema["enum"]), "enum", where, path, "not one of the enum values")]
        found: list[st.SearchStrategy[Mutated]] = []
        types = _types(schema)
        if types is not None and isinstance(schema.get("type"), (str, list)):
            found.extend(self._type_mutation(types, where, path))
        kinds = set(types or ())
        if "string" in kinds:
            found.extend(_string_mutations(schema, where, path))
        if kinds & {"integer", "number"}:
            found.extend(_number_mutations(schema, where, path, "integer" in kinds))
        if "object" in kinds:
            found.extend(self._object_mutations(schema, where, path, depth))
        if "array" in kinds:
            found.extend(self._array_mutations(schema, where, path, depth))
        return found

    def _type_mutation(self, types: list[str], where: str, path: str) -> list[st.SearchStrategy[Mutated]]:
        allowed = set(types)
        if "number" in allowed:
            allowed.add("integer")
        for kind, sample in _TYPE_SAMPLES:
            if kind not in allowed and not (False):
                detail = f"a {kind}, expected {' or '.join(types)}"
                return [_one(sample, "type", where + "/type", path, detail, pointer_given=True)]
        return []

    def _choice_mutations(
        self, schema: dict[str, Any], where: str, path: str, depth: int
    ) -> list[st.SearchStrategy[Mutated]]:
        discriminator = schema.get("discriminator")
        key = "oneOf" if "oneOf" in schema else "anyOf"
        branches = schema.get(key)
        if not isinstance(discriminator, dict) or not isinstance(branches, list):
            return []
        name = discriminator.get("propertyName")
        if not isinstance(name, str):
            return []
        found: list[st.SearchStrategy[Mutated]] = []
        whole = self.view.validator(schema)
        # Branches that pin the discriminator to distinct consts cannot overlap, so a
        # broken value cannot slip into another branch: no need to re-check it.
        disjoint = self.strategies._const_tagged(branches, discriminator)

        def outside(pair: Mutated) -> bool:
            return disjoint or not whole.is_valid(pair[0])

        # An unknown discriminator value: every branch rejects it.
        found.append(
            self.strategies.valid(schema)
            .map(
                lambda value: (
                    (
                        {**value, name: "x-unknown-" + str(value.get(name, ""))},
                        Violation(key, jp.append(where, key), jp.append(path, name), f"unknown {name}"),
                    )
                    if isinstance(value, dict)
                    else (value, Violation(key, where, path, "unchanged"))
                )
            )
            .filter(outside)
        )
        tag = jp.append(path, name)
        saved = self._frozen
        self._frozen = saved | {tag}
        try:
            for index, branch in enumerate(branches):
                inner = self._mutations(branch, jp.append(where, key, index), path, depth)
                # Keep the discriminator itself intact: the mutation must stay in this branch
                # (its own mutations are not even built, see _object_mutations)...
                # ...and must not slip into another branch that accepts it.
                found.extend(keep_if(s, lambda pair: pair[1].instance_path != tag and outside(pair)) for s in inner)
        finally:
            self._frozen = saved
        return found

    def _object_mutations(
        self, schema: dict[str, Any], where: str, path: str, depth: int
    ) -> list[st.SearchStrategy[Mutated]]:
        found: list[st.SearchStrategy[Mutated]] = []
        raw_properties = schema.get("properties")
        properties: dict[str, Any] = raw_properties if isinstance(raw_properties, dict) else {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)]
        valid = self.strategies.valid(_object_only(schema))
        for name in required:
            found.append(
                valid.map(
                    lambda value, name=name: (  # type: ignore[misc]
                        {k: v for k, v in value.items() if k != name},
                        Violation("required", jp.append(where, "required"), path, f"{name!r} missing"),
                    )
                )
            )
        if schema.get("additionalProperties") is False and _UNKNOWN_PROPERTY not in properties:
            found.append(
                valid.map(
                    lambda value: (
                        {**value, _UNKNOWN_PROPERTY: 1},
                        Violation(
                            "additionalProperties",
                            jp.append(where, "additionalProperties"),
                            path,
                            f"{_UNKNOWN_PROPERTY!r}, a property the schema does not declare",
                        ),
                    )
                )
            )
        for name, sub in properties.items():
            resolved = self.view.resolve(sub)
            if isinstance(resolved, dict) and resolved.get("readOnly") is True:
                continue
            if jp.append(path, name) in self._frozen:
                continue
            inner = self._mutations(sub, jp.append(where, "properties", name), jp.append(path, name), depth + 1)
            if not inner:
                continue
            holder = self.strategies.valid(_object_only({**schema, "required": [*required, name]}))
            found.extend(
                st.tuples(holder, option).map(
                    lambda pair, name=name: ({**pair[0], name: pair[1][0]}, pair[1][1])  # type: ignore[misc]
                )
                for option in inner
            )
        return found

    def _array_mutations(
        self, schema: dict[str, Any], where: str, path: str, depth: int
    ) -> list[st.SearchStrategy[Mutated]]:
        found: list[st.SearchStrategy[Mutated]] = []
        items = schema.get("items", True)
        element = self.strategies.valid(items)
        min_items = int(schema.get("minItems", 0))
        max_items = schema.get("maxItems")
        if schema.get("prefixItems"):
            return found
        if min_items > 0:
            found.append(
                st.lists(element, min_size=min_items - 1, max_size=min_items - 1).map(
                    lambda v: (
                        v,
                        Violation(
                            "minItems", jp.append(where, "minItems"), path, f"{len(v)} items, minItems is {min_items}"
                        ),
                    )
                )
            )
        if isinstance(max_items, int) and max_items < 50:
            unique_by = canonical_key if schema.get("uniqueItems") is True else None
            found.append(
                st.lists(element, min_size=max_items + 1, max_size=max_items + 1, unique_by=unique_by).map(
                    lambda v: (
                        v,
                        Violation(
                            "maxItems", jp.append(where, "maxItems"), path, f"{len(v)} items, maxItems is {max_items}"
                        ),
                    )
                )
            )
        if schema.get("uniqueItems") is True and (max_items is None or max_items >= 2) and min_items <= 2:
            found.append(
                element.map(
                    lambda v: (
                        [v, v],
                        Violation("uniqueItems", jp.append(where, "uniqueItems"), path, "the same item twice"),
                    )
                )
            )
        inner = self._mutations(items, jp.append(where, "items"), jp.append(path, 0), depth + 1)
        if inner and (max_items is None or max_items >= 1):
            rest = max(0, min_items - 1)
            found.extend(
                st.tuples(option, st.lists(element, min_size=rest, max_size=rest)).map(
                    lambda pair: ([pair[0][0], *pair[1]], pair[0][1])
                )
                for option in inner
            )
        return found


def _object_only(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": "object"}


def _one(
    value: Any, keyword: str, where: str, path: str, detail: str, *, pointer_given: bool = False
) -> st.SearchStrategy[Mutated]:
    pointer = where if pointer_given else jp.append(where, keyword)
    pair = (value, Violation(keyword, pointer, path, detail))
    strategy = st.just(pair)
    _CONSTANTS[strategy] = pair
    return strategy


def _other_value(value: Any) -> Any:
    if isinstance(value, str):
        return value + "-x"
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return "x-other"


def _not_in(values: list[Any]) -> Any:
    strings = [v for v in values if isinstance(v, str)]
    if strings:
        candidate = strings[0] + "-x"
        while candidate in values:
            candidate += "x"
        return candidate
    numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if numbers:
        return max(numbers) + 1
    return "x-not-in-enum"


def _string_mutations(schema: dict[str, Any], where: str, path: str) -> list[st.SearchStrategy[Mutated]]:
    found: list[st.SearchStrategy[Mutated]] = []
    min_len = int(schema.get("minLength", 0))
    max_len = schema.get("maxLength")
    pattern = schema.get("pattern")
    fmt = schema.get("format")
    checked_format = isinstance(fmt, str) and fmt in CHECKED_FORMATS
    plain = pattern is None and not checked_format
    if plain and min_len > 0:
        found.append(
            _one("a" * (min_len - 1), "minLength", where, path, f"{min_len - 1} characters, minLength is {min_len}")
        )
    if plain and isinstance(max_len, int) and max_len < 10_000:
        found.append(
            _one("a" * (max_len + 1), "maxLength", where, path, f"{max_len + 1} characters, maxLength is {max_len}")
        )
    if isinstance(pattern, str) and not checked_format:
        candidate = _not_matching(pattern, min_len, max_len if isinstance(max_len, int) else None)
        if candidate is not None:
            found.append(_one(candidate, "pattern", where, path, f"{candidate!r} does not match {pattern}"))
    if checked_format and pattern is None and fmt in INVALID:
        bad = INVALID[str(fmt)]
        if len(bad) >= min_len and (not isinstance(max_len, int) or len(bad) <= max_len):
            found.append(_one(bad, "format", where, path, f"not a valid {fmt}"))
    return found


def _not_matching(pattern: str, min_len: int, max_len: int | None) -> str | None:
    compiled = patterns.compiled(pattern)
    if compiled is None:
        return None
    for char in ("!", " ", "~", "-", "0", "a", "Z", "."):
        size = max(min_len, 1)
        if max_len is not None and size > max_len:
            size = max_len
        candidate = char * size
        if not compiled.search(candidate):
            return candidate
    return None


def _number_mutations(schema: dict[str, Any], where: str, path: str, integer: bool) -> list[st.SearchStrategy[Mutated]]:
    found: list[st.SearchStrategy[Mutated]] = []
    divisor = schema.get("multipleOf")
    step: float = divisor if isinstance(divisor, (int, float)) and divisor > 0 else 1

    def ok_except(value: float, keyword: str) -> bool:
        """``value`` satisfies every numeric keyword but ``keyword``."""
        checks: dict[str, Callable[[], bool]] = {
            "minimum": lambda: value >= schema["minimum"],
            "maximum": lambda: value <= schema["maximum"],
            "exclusiveMinimum": lambda: value > schema["exclusiveMinimum"],
            "exclusiveMaximum": lambda: value < schema["exclusiveMaximum"],
            "multipleOf": lambda: is_multiple(value, step),
        }
        return all(check() for name, check in checks.items() if name != keyword and name in schema)

    def add(keyword: str, value: float, detail: str) -> None:
        if integer and isinstance(value, float):
            if not value.is_integer():
                return
            value = int(value)
        if ok_except(value, keyword):
            found.append(_one(value, keyword, where, path, detail))

    for keyword, sign in (("minimum", -1), ("exclusiveMinimum", 0), ("maximum", 1), ("exclusiveMaximum", 0)):
        bound = schema.get(keyword)
        if not isinstance(bound, (int, float)) or isinstance(bound, bool):
            continue
        if sign == 0:
            value: float = bound
        else:
            value = bound + sign * step
            if isinstance(divisor, (int, float)):
                value = (math.floor(bound / step) - 1) * step if sign < 0 else (math.ceil(bound / step) + 1) * step
        add(keyword, value, f"{value}, {keyword} is {bound}")
    if isinstance(divisor, (int, float)) and divisor > 0:
        base = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        start = math.ceil(base / divisor) * divisor
        for offset in ((1 if integer else divisor / 2), divisor / 3, 1):
            value = start + offset
            if not is_multiple(value, divisor):
                add("multipleOf", value, f"{value} is not a multiple of {divisor}")
                break
    return found


def invalid_values_for(
    schema: Any, doc: Document | None = None, *, direction: str = "request"
) -> st.SearchStrategy[Mutated]:
    """``(value, Violation)`` pairs: each value breaks exactly one constraint of ``schema``."""
    if isinstance(schema, str):
        if doc is None:
            from rivya_contract.load import load_bundled

            doc = load_bundled()
        where = schema.lstrip("#")
        space = schema_view.view(doc)
        strategies = SchemaStrategies(space, direction=direction)
        return Mutator(strategies).invalid({"$ref": "#" + where}, where)
    if doc is None:
        space, schema = schema_view.for_schema(schema)
    else:
        space = schema_view.view(doc)
    return Mutator(SchemaStrategies(space, direction=direction)).invalid(schema)
