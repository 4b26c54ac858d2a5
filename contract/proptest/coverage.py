"""The two deterministic phases before random generation: the contract's own examples,
then boundary values (coverage).

Boundary values, per parameter and per body field (to a small depth): every enum value;
minimum, maximum and one past each; the empty and the longest string, one past
``maxLength`` (patterned fields too: a value that still matches the pattern), one short of
``minLength``; each format's edge cases (date-times with non-UTC offsets and leap days,
unicode text); null where nullable and where not; every required field missing
(read-only ones are not required in a request). Each value goes into one base request
(a seeded draw); the result is judged valid or invalid by the validator, not by hope.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import replace
from typing import Any

from rivya_contract import patterns
from rivya_contract.proptest.mutations import Violation
from rivya_contract.proptest.requests import OperationRequests, Request, request_is_valid, to_text, with_slot
from rivya_contract.proptest.schema_view import SchemaView
from rivya_contract.proptest.seeding import CannotGenerate, case_seed, draw
from rivya_contract.proptest.strategies import _types

# Edge cases per format: each valid, each a place servers get wrong.
FORMAT_EDGES: dict[str, tuple[str, ...]] = {
    "date-time": (
        "2024-02-29T23:59:59+05:30",  # a leap day, an offset east of UTC
        "2026-03-01T00:00:00-08:00",  # west of UTC
        "2026-01-01T00:00:00.123456+14:00",  # fractions, the largest offset
        "1970-01-01T00:00:00Z",
    ),
    "date": ("2024-02-29", "2000-01-01", "9999-12-31"),
    "time": ("23:59:59+05:30", "00:00:00Z"),
    "email": ("first.last+tag@example.com", "a@b.co"),
    "uuid": ("00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF"),
    "uri": ("https://example.com/a%20b?q=1&r=%C3%A9#frag", "http://127.0.0.1:8080/"),
    "ipv4": ("0.0.0.0", "255.255.255.255"),
    "ipv6": ("::1", "2001:db8::ff00:42:8329"),
    "hostname": ("localhost", "a-b.example"),
}
UNICODE = "é日本🎉"
_MAX_STRING = 10_000
_DEPTH = 2


class Edge:
    """One boundary value for one place, with what it is meant to be."""

    __slots__ = ("detail", "holder", "keyword", "path", "pointer", "value")

    def __init__(self, path: tuple[str, ...], value: Any, keyword: str, detail: str, pointer: str) -> None:
        self.path, self.value, self.keyword, self.detail, self.pointer = path, value, keyword, detail, pointer
        # The innermost object (its path, and its schema's pointer) that holds the value:
        # where a request lacks that object, or holds another oneOf branch, one is made.
        self.holder: tuple[tuple[str, ...], str] | None = None


_MISSING = object()


def values(view: SchemaView, schema: Any, pointer: str, path: tuple[str, ...] = (), depth: int = 0) -> list[Edge]:
    """The boundary values of ``schema`` (and, for objects, of its fields)."""
    resolved = view.resolve(schema)
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#"):
        pointer = schema["$ref"][1:]
    if not isinstance(resolved, dict):
        return []
    for key in ("anyOf", "oneOf"):
        branches = resolved.get(key)
        if isinstance(branches, list) and key not in ("allOf",):
            found: list[Edge] = []
            for index, branch in enumerate(branches):
                found.extend(values(view, branch, f"{pointer}/{key}/{index}", path, depth))
            return found
    if isinstance(resolved.get("allOf"), list) and len(resolved["allOf"]) == 1 and len(resolved) == 1:
        return values(view, resolved["allOf"][0], pointer + "/allOf/0", path, depth)
    out: list[Edge] = []

    def add(value: Any, keyword: str, detail: str) -> None:
        out.append(Edge(path, value, keyword, detail, f"{pointer}/{keyword}" if keyword else pointer))

    if "const" in resolved:
        add(resolved["const"], "const", "the const value")
        return out
    if isinstance(resolved.get("enum"), list):
        for item in resolved["enum"]:
            add(item, "enum", f"enum value {json.dumps(item, ensure_ascii=False)}")
        return out
    kinds = _types(resolved) or []
    if "null" in kinds:
        add(None, "type", "null (nullable)")
    elif kinds:
        add(None, "type", "null, where the schema does not allow it")
    if "integer" in kinds or "number" in kinds:
        out.extend(_number_edges(resolved, pointer, path, integer="number" not in kinds))
    if "string" in kinds:
        out.extend(_string_edges(view, resolved, pointer, path))
    if "boolean" in kinds:
        add(True, "type", "true")
        add(False, "type", "false")
    if "array" in kinds:
        out.extend(_array_edges(view, resolved, pointer, path, depth))
    if "object" in kinds and depth < _DEPTH:
        raw = resolved.get("properties")
        properties: dict[str, Any] = raw if isinstance(raw, dict) else {}
        required = [name for name in resolved.get("required", []) if isinstance(name, str)]
        for name in required:
            add(_MISSING, "required", f"required {name!r} missing")
            out[-1].path = (*path, name)
        for name, sub in properties.items():
            target = view.resolve(sub)
            if isinstance(target, dict) and target.get("readOnly") is True:
                continue
            out.extend(values(view, sub, f"{pointer}/properties/{name}", (*path, name), depth + 1))
        for edge in out:
            if edge.holder is None and len(edge.path) > len(path):
                edge.holder = (path, pointer)
    return out


def _number_edges(schema: dict[str, Any], pointer: str, path: tuple[str, ...], integer: bool) -> Iterator[Edge]:
    step: float = 1
    for keyword, sign in (("minimum", 0), ("maximum", 0), ("exclusiveMinimum", 1), ("exclusiveMaximum", -1)):
        bound = schema.get(keyword)
        if not isinstance(bound, (int, float)) or isinstance(bound, bool):
            continue
        inside = bound + sign * step if integer or sign == 0 else bound + sign * 0.5
        outside = bound - step if keyword == "minimum" else bound + step if keyword == "maximum" else bound
        where = f"{pointer}/{keyword}"
        yield Edge(path, _number(inside, integer), keyword, f"{inside}, at {keyword} {bound}", where)
        yield Edge(path, _number(outside, integer), keyword, f"{outside}, past {keyword} {bound}", where)
    if not any(k in schema for k in ("minimum", "exclusiveMinimum")):
        yield Edge(path, 0, "type", "zero", pointer)
        yield Edge(path, -1, "type", "a negative number", pointer)


def _number(value: float, integer: bool) -> Any:
    if integer or (isinstance(value, float) and value.is_integer() and abs(value) < 2**53):
        return int(value)
    return value


def _string_edges(view: SchemaView, schema: dict[str, Any], pointer: str, path: tuple[str, ...]) -> Iterator[Edge]:
    min_len = int(schema.get("minLength", 0))
    max_len = schema.get("maxLength")
    max_len = int(max_len) if isinstance(max_len, (int, float)) and max_len <= _MAX_STRING else None
    pattern = schema.get("pattern")
    fmt = schema.get("format")
    for edge in FORMAT_EDGES.get(str(fmt), ()):
        yield Edge(path, edge, "format", f"{fmt} edge case {edge!r}", f"{pointer}/format")
    if isinstance(pattern, str):
        compiled = _compile(pattern)
        for sample in _pattern_samples(schema, compiled, min_len, max_len):
            yield Edge(path, sample, "maxLength", f"{len(sample)} characters matching the pattern", pointer)
        return
    if fmt in FORMAT_EDGES:
        return
    yield Edge(path, "a" * min_len, "minLength", f"{min_len} characters, the shortest allowed", f"{pointer}/minLength")
    if min_len > 0:
        shorter = "a" * (min_len - 1)
        yield Edge(path, shorter, "minLength", f"{min_len - 1} characters, minLength is {min_len}", pointer)
    if max_len is not None:
        yield Edge(path, "a" * max_len, "maxLength", f"{max_len} characters, the longest allowed", pointer)
        yield Edge(path, "a" * (max_len + 1), "maxLength", f"{max_len + 1} characters, maxLength is {max_len}", pointer)
    text = (UNICODE * (1 + min_len // len(UNICODE)))[: max(min_len, min(len(UNICODE), max_len or len(UNICODE)))]
    if text:
        yield Edge(path, text, "type", f"unicode text {text!r}", pointer)
    yield Edge(path, " padded ", "type", "leading and trailing spaces", pointer)


def _compile(pattern: str) -> re.Pattern[str] | None:
    return patterns.compiled(pattern)


def _pattern_samples(
    schema: dict[str, Any], compiled: re.Pattern[str] | None, min_len: int, max_len: int | None
) -> Iterator[str]:
    """Strings that match the pattern at the length bounds, and one past maxLength."""
    if compiled is None:
        return
    seeds = [s for s in _examples(schema) if isinstance(s, str) and compiled.search(s)]
    seeds += _simple_matches(compiled)
    for seed in seeds[:3]:
        if max_len is None:
            continue
        for length in (max_len, max_len + 1):
            grown = _grow(seed, length, compiled)
            if grown is not None:
                yield grown


def _examples(schema: dict[str, Any]) -> list[Any]:
    found = list(schema.get("examples") or []) if isinstance(schema.get("examples"), list) else []
    if "example" in schema:
        found.append(schema["example"])
    return found


def _simple_matches(compiled: re.Pattern[str]) -> list[str]:
    from hypothesis import strategies as st

    from rivya_contract.proptest.seeding import CannotGenerate, draw

    try:
        sample = draw(st.from_regex(compiled, fullmatch=True), 0)
    except (CannotGenerate, Exception):  # a pattern hypothesis cannot build
        return []
    return [sample]


def _grow(seed: str, length: int, compiled: re.Pattern[str]) -> str | None:
    """``seed`` made ``length`` long by repeating or cutting one of its characters, so
    that it still matches; None when no such change keeps it matching."""
    if len(seed) == length:
        return seed if compiled.fullmatch(seed) else None
    if len(seed) > length:
        for index in range(len(seed)):
            cut = seed[:index] + seed[index + len(seed) - length :]
            if len(cut) == length and compiled.fullmatch(cut):
                return cut
        return None
    for index in range(len(seed) - 1, -1, -1):
        grown = seed[:index] + seed[index] * (length - len(seed) + 1) + seed[index + 1 :]
        if compiled.fullmatch(grown):
            return grown
    return None


def _array_edges(
    view: SchemaView, schema: dict[str, Any], pointer: str, path: tuple[str, ...], depth: int
) -> Iterator[Edge]:
    min_items = int(schema.get("minItems", 0))
    max_items = schema.get("maxItems")
    items = view.resolve(schema.get("items", True))
    pool = list(items["enum"]) if isinstance(items, dict) and isinstance(items.get("enum"), list) else []
    if min_items == 0:
        yield Edge(path, [], "minItems", "an empty array", f"{pointer}/minItems")
    if isinstance(max_items, int) and pool and max_items <= len(pool):
        yield Edge(path, pool[:max_items], "maxItems", f"{max_items} items, the most allowed", f"{pointer}/maxItems")
        if max_items < len(pool):
            more = pool[: max_items + 1]
            yield Edge(path, more, "maxItems", f"{max_items + 1} items, maxItems is {max_items}", f"{pointer}/maxItems")
    for edge in values(view, schema.get("items", True), pointer + "/items", (*path, "0"), depth + 1):
        if edge.value is not _MISSING and edge.keyword not in ("required",):
            yield Edge(edge.path[:-1], [edge.value], edge.keyword, f"[{edge.detail}]", edge.pointer)


# -- requests ------------------------------------------------------------------------
def example_requests(builder: OperationRequests, base: Request) -> list[Request]:
    """``base`` with the contract's examples in: every parameter example at once, then
    each body example (media ``example`` / ``examples``, schema ``example(s)``)."""
    found: list[Request] = []
    with_params = base
    changed = False
    for parameter in builder.parameters:
        raw = builder.doc.resolve(_parameter_node(builder, parameter.pointer))
        sample = _first_example(builder.view, raw, parameter.schema)
        if sample is _MISSING:
            continue
        slot = {"path": "path_params", "query": "query", "header": "headers"}[parameter.location]
        text_value = to_text(sample) if slot == "headers" else sample
        with_params = with_slot(with_params, slot, {**getattr(with_params, slot), parameter.name: text_value})
        changed = True
    if changed:
        found.append(with_params)
    for sample in _body_examples(builder):
        found.append(replace(with_params, body=sample))
    return found


def _parameter_node(builder: OperationRequests, pointer: str) -> Any:
    from rivya_contract import pointer as jp

    return jp.lookup(builder.doc.tree, pointer)


def _first_example(view: SchemaView, node: Any, schema: Any) -> Any:
    if isinstance(node, dict):
        if "example" in node:
            return node["example"]
        examples = node.get("examples")
        if isinstance(examples, dict):
            for item in examples.values():
                item = view.doc.resolve(item)
                if isinstance(item, dict) and "value" in item:
                    return item["value"]
    resolved = view.resolve(schema)
    if isinstance(resolved, dict):
        if "example" in resolved:
            return resolved["example"]
        if isinstance(resolved.get("examples"), list) and resolved["examples"]:
            return resolved["examples"][0]
    return _MISSING


def _body_examples(builder: OperationRequests) -> list[Any]:
    body = builder.doc.resolve(builder.operation.node.get("requestBody"))
    if not isinstance(body, dict) or builder.body_media is None:
        return []
    media = (body.get("content") or {}).get(builder.body_media)
    if not isinstance(media, dict) or builder.body_media.startswith("multipart/"):
        return []
    found: list[Any] = []
    if "example" in media:
        found.append(media["example"])
    if isinstance(media.get("examples"), dict):
        for item in media["examples"].values():
            item = builder.doc.resolve(item)
            if isinstance(item, dict) and "value" in item:
                found.append(item["value"])
    if not found:
        sample = _first_example(builder.view, None, media.get("schema"))
        if sample is not _MISSING:
            found.append(sample)
    return found


def smallest(builder: OperationRequests, request: Request) -> Request:
    """``request`` with only what is required: so that each boundary request differs from
    it in one place, and an optional value the server dislikes cannot hide the rest.
    Optional body fields that hold objects or arrays stay (their fields have boundaries)."""
    required = {(p.location, p.name) for p in builder.parameters if p.required}
    smaller = replace(
        request,
        query={k: v for k, v in request.query.items() if ("query", k) in required},
        headers={k: v for k, v in request.headers.items() if ("header", k) in required},
    )
    schema = builder.view.resolve(builder.body_schema)
    if isinstance(smaller.body, dict) and isinstance(schema, dict) and isinstance(schema.get("required"), list):
        keep = set(schema["required"])
        body = {k: v for k, v in smaller.body.items() if k in keep or isinstance(v, (dict, list))}
        candidate = replace(smaller, body=body)
        if request_is_valid(builder, candidate):
            smaller = candidate
    return smaller


def boundary_requests(builder: OperationRequests, base: Request) -> list[Request]:
    """``base`` with one boundary value in, for every boundary of every parameter and
    body field; each with ``violation`` set when the value is meant to break the schema."""
    found: list[Request] = []
    for parameter in builder.parameters:
        slot = {"path": "path_params", "query": "query", "header": "headers"}[parameter.location]
        for edge in values(builder.view, parameter.schema, parameter.pointer + "/schema"):
            if edge.path:
                continue  # an object parameter's fields: not sent one by one
            current = dict(getattr(base, slot))
            if edge.value is None or edge.value is _MISSING or isinstance(edge.value, (dict, list)):
                continue  # a parameter cannot carry null; arrays are sent as their text
            text = to_text(edge.value)
            if parameter.location == "path" and text in ("", ".", ".."):
                continue
            if parameter.location == "header" and (text != text.strip() or not text or not text.isascii()):
                continue
            current[parameter.name] = text if slot == "headers" else edge.value
            found.append(_marked(with_slot(base, slot, current), edge, f"{parameter.location}:{parameter.name}"))
        if parameter.required and parameter.location != "path":
            current = {k: v for k, v in getattr(base, slot).items() if k != parameter.name}
            missing = Edge(
                (), _MISSING, "required", f"required {parameter.location} parameter missing", parameter.pointer
            )
            found.append(_marked(with_slot(base, slot, current), missing, f"{parameter.location}:{parameter.name}"))
    if builder.body_schema is not None and base.has_body and isinstance(base.body, dict):
        multipart = bool(builder.body_media and builder.body_media.startswith("multipart/"))
        fillers: dict[str, Any] = {}
        for edge in values(builder.view, builder.body_schema, builder.operation.pointer + "/requestBody"):
            if not edge.path or (multipart and (len(edge.path) > 1 or edge.value is None)):
                continue
            body = _put(_holding(builder, base.body, edge, fillers), edge.path, edge.value)
            if body is not None:
                found.append(_marked(replace(base, body=body), edge, "/" + "/".join(edge.path)))
    return found


def _holding(builder: OperationRequests, body: Any, edge: Edge, fillers: dict[str, Any]) -> Any:
    """``body`` with an object of the edge's holder schema where the edge goes, when
    ``body`` has none there or one of another branch (a oneOf's other alternative, null):
    so that a nested field's boundary is sent even when the drawn request lacks its object."""
    if edge.holder is None or not edge.holder[0]:
        return body
    where, pointer = edge.holder
    schema = {"$ref": "#" + pointer}
    current = _get(body, where)
    if current is not _MISSING and builder.view.is_valid(schema, current):
        return body
    if pointer not in fillers:
        strategy = builder.compiler("body").valid(schema)
        try:
            fillers[pointer] = draw(strategy, case_seed(0, pointer, "holder", 0))
        except CannotGenerate:
            fillers[pointer] = _MISSING
    if fillers[pointer] is _MISSING:
        return body
    placed = _put(body, where, fillers[pointer])
    return body if placed is None else placed


def _get(body: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if not isinstance(body, dict) or step not in body:
            return _MISSING
        body = body[step]
    return body


def _marked(request: Request, edge: Edge, where: str) -> Request:
    return replace(request, violation=Violation(edge.keyword, edge.pointer, where, edge.detail), origin=where)


def _put(body: Any, path: tuple[str, ...], value: Any) -> Any:
    """A copy of ``body`` with ``value`` at ``path`` (removed when it is _MISSING); None
    when the path does not exist in it (beyond the last step)."""
    copy = deepcopy(body)
    holder = copy
    for step in path[:-1]:
        if isinstance(holder, dict) and isinstance(holder.get(step), (dict, list)):
            holder = holder[step]
        elif isinstance(holder, list) and step.isdigit() and int(step) < len(holder):
            holder = holder[int(step)]
        else:
            return None
    last = path[-1]
    if not isinstance(holder, dict):
        return None
    if value is _MISSING:
        if last not in holder:
            return None
        del holder[last]
    else:
        holder[last] = deepcopy(value)
    return copy
