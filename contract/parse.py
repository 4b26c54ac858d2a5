"""Bytes to a tree, strictly: JSON through orjson, YAML through the C loader, safely.

Strict means: duplicate keys are an error (not a silent overwrite), YAML alias bombs
are refused, and YAML's implicit timestamps and integer keys are kept as the strings
a JSON reader would see (response codes stay "200").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

import orjson
import yaml

from rivya_contract import pointer as jp
from rivya_contract.errors import SourceError
from rivya_contract.positions import JsonLocator, Locator, YamlLocator

# A YAML document may share nodes through aliases, but not so many that walking the
# expanded tree explodes (the "billion laughs" attack).
# Both are counted on the expanded tree, only when the document uses aliases: a
# document whose aliases expand 1.2 KB of text to megabytes is refused in milliseconds
# instead of costing every command seconds and hundreds of megabytes.
MAX_YAML_EXPANDED_NODES = 1_000_000
MAX_YAML_EXPANDED_BYTES = 16 * 1024 * 1024
# And relative to the text: aliases may grow a document to 20 times its size (at least
# 1 MB). Reuse in real contracts stays far below; 1 KB of eight-way aliases grows to
# megabytes of schemas, and generate pays for every inline object (0.9 KB growing to
# 3.6 MB cost it over 5 minutes).
MAX_YAML_ALIAS_GROWTH = 20
MIN_YAML_EXPANSION_ALLOWED = 1024 * 1024

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeys(StrEnum):
    """What a repeated key in one object means: an error (the default, since JSON and
    YAML readers disagree about which value wins), or the last one wins with a warning —
    for real documents that have one (GitHub's 17.0.0 does)."""

    ERROR = "error"
    LAST_WINS = "last-wins"


@dataclass(frozen=True)
class DuplicateKey:
    """A key repeated in one object, where its later occurrence stands."""

    key: str
    line: int
    column: int
    pointer: str | None = None  # known for JSON; YAML gives the line only

    def describe(self, source: str) -> str:
        where = f"{source}:{self.line}:{self.column}"
        if self.pointer is not None:
            where += f" (at {self.pointer or '/'})"
        return f"{where}: duplicate key {self.key!r}; the last value wins"


class _StrictLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader with JSON-compatible scalars and duplicate-key detection."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    alias_seen = False

    def __init__(self, stream: Any, duplicates: list[DuplicateKey] | None = None) -> None:
        super().__init__(stream)
        self._scalar_tags: dict[tuple[str, Any], str] = {}
        self.duplicates = duplicates  # None: a repeated key is an error; a list collects them

    def repeated_key(self, key: str, mark: Any) -> None:
        if self.duplicates is None:
            raise _DuplicateKey(key, mark)
        self.duplicates.append(DuplicateKey(key, mark.line + 1, mark.column + 1))

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # The C composer asks this Python resolver for every scalar's tag (a regex
        # match per call); OpenAPI documents repeat the same few thousand scalars.
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._scalar_tags.get(key)
        if tag is None:
            tag = self._scalar_tags[key] = super().resolve(kind, value, implicit)
        return tag

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            self.alias_seen = True
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        has_merge = any(k.tag == "tag:yaml.org,2002:merge" for k, _ in node.value)
        if not has_merge and len(mapping) != len(node.value):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node)
                if key in seen:
                    self.repeated_key(str(key), key_node.start_mark)
                seen.add(key)
        if any(not isinstance(k, str) for k in mapping):
            return {_key_text(k): v for k, v in mapping.items()}
        return mapping


class _NotJson(Exception):
    """A YAML value with no JSON form (bytes, a set, an infinite float, ...)."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


# JSON readers (orjson among them) hold integers in 64 bits.
_INT_RANGE = (-(2**63), 2**64 - 1)


def _construct_json_int(loader: Any, node: Any) -> int | float:
    try:
        value: int = loader.construct_yaml_int(node)
    except ValueError:  # more digits than Python converts: far beyond a double too
        raise _NotJson("an integer too large for any JSON reader (beyond a double)", node.start_mark) from None
    if _INT_RANGE[0] <= value <= _INT_RANGE[1]:
        return value
    try:
        return float(value)  # as a JSON reader reads it (orjson: a double)
    except OverflowError:
        raise _NotJson("an integer too large for any JSON reader (beyond a double)", node.start_mark) from None


def _construct_json_float(loader: Any, node: Any) -> float:
    value: float = loader.construct_yaml_float(node)
    if value != value or value in (float("inf"), float("-inf")):
        raise _NotJson(f"{node.value!r} (infinity or NaN) has no JSON form", node.start_mark)
    return value


def _refuse(what: str) -> Any:
    def construct(loader: Any, node: Any) -> Any:
        raise _NotJson(f"{node.tag.replace('tag:yaml.org,2002:', '!!')} ({what}) has no JSON form", node.start_mark)

    return construct


def _timestamp_text(loader: Any, node: Any) -> str:
    return str(node.value)  # an explicit !!timestamp stays the text a JSON reader sees


_StrictLoader.construct_json_int = _construct_json_int
_StrictLoader.construct_json_float = _construct_json_float
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_json_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _construct_json_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_text)
for _tag, _what in (("binary", "bytes"), ("set", "a set"), ("omap", "an ordered map"), ("pairs", "a list of pairs")):
    _StrictLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse(_what))


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


class _DuplicateKey(Exception):
    def __init__(self, key: str, mark: Any) -> None:
        super().__init__(key)
        self.key = key
        self.mark = mark


@dataclass
class Parsed:
    tree: Any
    locator: Locator
    text_format: str  # "json" or "yaml"
    duplicates: list[DuplicateKey] = field(default_factory=list)  # with DuplicateKeys.LAST_WINS


def looks_like_json(raw: bytes) -> bool:
    return raw.lstrip()[:1] in (b"{", b"[")


def parse(
    raw: bytes, source: str, *, hint: str | None = None, duplicate_keys: DuplicateKeys = DuplicateKeys.ERROR
) -> Parsed:
    """Parse ``raw``; ``hint`` ("json"/"yaml") comes from a file extension or content type."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(source, f"not UTF-8 text (byte {exc.start})") from None
    collect = duplicate_keys is DuplicateKeys.LAST_WINS
    duplicates: list[DuplicateKey] = []
    if hint == "json" or (hint is None and looks_like_json(raw)):
        tree = _parse_json(raw, text, source, duplicates if collect else None)
        return Parsed(tree, JsonLocator(text), "json", duplicates)
    tree, root = _parse_yaml(text, source, duplicates if collect else None)
    return Parsed(tree, YamlLocator(root), "yaml", duplicates)


def _parse_json(raw: bytes, text: str, source: str, duplicates: list[DuplicateKey] | None) -> Any:
    try:
        tree = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise SourceError(source, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    if _surely_no_duplicate_keys(raw, tree) or not _has_duplicate_key(text):
        return tree
    found = _locate_duplicates(text)
    if duplicates is None:
        first = found[0]
        raise SourceError(
            source, f"duplicate key {first.key!r}", pointer=first.pointer, line=first.line, column=first.column
        )
    duplicates.extend(found)  # orjson kept the last value of each, as last-wins asks
    return tree


# A quote, then white space, then a colon: a key written as `"name" : value`.
_SPACED_KEY_END = re.compile(rb'"[ \t\r\n]+:')


def _surely_no_duplicate_keys(raw: bytes, tree: Any) -> bool:
    """A quick proof that no object repeats a key, without re-parsing the text.

    Each object of ``tree`` holds its distinct keys, so the members of the tree
    number the keys in the text exactly when no key repeats. Counting the places
    where a string is followed by a colon gives an upper bound on the number of keys
    in the text (it also counts string values that begin with a colon, and escaped
    quotes followed by white space and a colon). So if that bound equals the tree's
    member count, there is no duplicate; otherwise the exact check decides.
    """
    bound = raw.count(b'":') + len(_SPACED_KEY_END.findall(raw))
    # Drop `\":` where the quote is escaped: an odd run of backslashes before it
    # (counted by inclusion-exclusion over runs of at least k backslashes).
    run, sign = 1, 1
    while count := raw.count(b"\\" * run + b'":'):
        bound -= sign * count
        sign, run = -sign, run + 1
    return bound == _member_count(tree)


def _member_count(tree: Any) -> int:
    """How many members all the objects in ``tree`` hold (orjson gives plain dicts/lists)."""
    total = 0
    stack = [tree]
    while stack:
        node = stack.pop()
        if type(node) is dict:
            total += len(node)
            node = node.values()
        elif type(node) is not list:
            continue
        for value in node:
            kind = type(value)
            if kind is dict or kind is list:
                stack.append(value)
    return total


def _has_duplicate_key(text: str) -> bool:
    """Whether any JSON object repeats a key (orjson keeps the last silently).

    The stdlib decoder's pairs hook sees each object's pairs before they become a
    dict; only when it reports a repeat do we pay for locating them exactly.
    """
    found = False

    def check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        result = dict(pairs)
        found = found or len(result) != len(pairs)
        return result

    json.loads(text, object_pairs_hook=check)
    return found


def _locate_duplicates(text: str) -> list[DuplicateKey]:
    """Walk the text and list every key repeated within one object, in document order."""
    decoder = json.JSONDecoder()
    locator = JsonLocator(text)
    result: list[DuplicateKey] = []

    def walk(pos: int, path: list[str]) -> int:
        pos = _skip_ws(text, pos)
        char = text[pos]
        if char == "{":
            pos = _skip_ws(text, pos + 1)
            seen: set[str] = set()
            while text[pos] != "}":
                name, end = decoder.raw_decode(text, pos)
                if name in seen:
                    line, column = locator._line_col(pos)
                    result.append(DuplicateKey(name, line, column, jp.join(*path, name)))
                seen.add(name)
                pos = _skip_ws(text, end)
                pos = walk(pos + 1, [*path, name])
                pos = _skip_ws(text, pos)
                if text[pos] == ",":
                    pos = _skip_ws(text, pos + 1)
            return pos + 1
        if char == "[":
            pos = _skip_ws(text, pos + 1)
            index = 0
            while text[pos] != "]":
                pos = _skip_ws(text, walk(pos, [*path, str(index)]))
                index += 1
                if text[pos] == ",":
                    pos = _skip_ws(text, pos + 1)
            return pos + 1
        _, end = decoder.raw_decode(text, pos)
        return int(end)

    walk(0, [])
    return result


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _parse_yaml(text: str, source: str, duplicates: list[DuplicateKey] | None) -> tuple[Any, Any]:
    loader = _StrictLoader(text, duplicates)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        try:
            tree = _construct_plain(root, loader)
        except _NotPlain:
            _check_alias_expansion(root, source, len(text))  # before building: a cycle never gets built
            tree = loader.construct_document(root)
    except _DuplicateKey as exc:
        raise SourceError(
            source,
            f"duplicate key {exc.key!r}",
            line=exc.mark.line + 1,
            column=exc.mark.column + 1,
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "malformed YAML"
        raise SourceError(
            source,
            f"invalid YAML: {problem}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(source, f"invalid YAML: {exc}") from None
    except _NotJson as exc:
        raise SourceError(source, exc.message, line=exc.mark.line + 1, column=exc.mark.column + 1) from None
    except (RecursionError, ValueError, TypeError) as exc:
        raise SourceError(source, f"YAML cannot be represented as JSON: {exc}") from None
    finally:
        loader.dispose()
    return tree, root


class _NotPlain(Exception):
    """The node tree needs PyYAML's general constructor (aliases, merges, other tags)."""


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"


def _construct_plain(root: Any, loader: Any) -> Any:
    """Build the tree of a plain document (no aliases, merges or custom tags) directly.

    PyYAML constructs in Python even with the C loader, through generic machinery
    (generators, a state per node); a plain walk over the composed nodes is about 3x
    faster and is what every OpenAPI document needs. Anything else raises _NotPlain and
    takes the general path, which has the same results and errors.
    """
    scalars = {
        "tag:yaml.org,2002:int": loader.construct_json_int,
        "tag:yaml.org,2002:float": loader.construct_json_float,
        "tag:yaml.org,2002:bool": loader.construct_yaml_bool,
        "tag:yaml.org,2002:null": loader.construct_yaml_null,
    }
    seen: set[int] = set()

    def build(node: Any) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag in scalars:
            return scalars[tag](node)
        if id(node) in seen:
            raise _NotPlain  # an alias: the general path also checks its expansion
        seen.add(id(node))
        if tag == _MAP:
            mapping = {}
            for key_node, value_node in node.value:
                if key_node.tag not in (_STR, *scalars):
                    raise _NotPlain  # a merge key, a complex or tagged key
                key = build(key_node)
                mapping[key if type(key) is str else _key_text(key)] = build(value_node)
            if len(mapping) != len(node.value):
                _report_duplicates(node, build, loader)
            return mapping
        if tag == _SEQ:
            return [build(item) for item in node.value]
        raise _NotPlain

    try:
        return build(root)
    except RecursionError:
        raise _NotPlain from None


def _report_duplicates(node: Any, build: Any, loader: Any) -> None:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = build(key_node)
        key = key if type(key) is str else _key_text(key)
        if key in seen:
            loader.repeated_key(str(key), key_node.start_mark)
        seen.add(key)


def _check_alias_expansion(root: Any, source: str, text_size: int = 0) -> None:
    """Refuse a document whose aliases form a cycle, or expand to too much.

    A cycle (an anchor whose own content aliases it) has no JSON form at all. The
    expansion is measured both in nodes and in bytes (the JSON text the tree would
    make): a few aliases of long strings cost little in nodes and a great deal in
    every walk that follows, and every command walks the expanded tree.
    """
    byte_cap = min(MAX_YAML_EXPANDED_BYTES, max(MIN_YAML_EXPANSION_ALLOWED, MAX_YAML_ALIAS_GROWTH * text_size))
    nodes: dict[int, int] = {}
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    shared = False
    stack: list[tuple[Any, Any, bool]] = [(root, None, False)]
    # Iterative post-order so deep documents cannot exhaust the Python stack.
    while stack:
        node, parent, children_done = stack.pop()
        ident = id(node)
        if not children_done:
            if ident in on_path:
                mark = parent.start_mark if parent is not None else node.start_mark
                raise SourceError(
                    source,
                    "a YAML alias refers to the node that contains it (a cycle JSON cannot represent)",
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
            if ident in nodes:
                shared = True
                continue
            on_path.add(ident)
            stack.append((node, parent, True))
            for key_or_value, holder in _children_with_holder(node):
                stack.append((key_or_value, holder, False))
            continue
        on_path.discard(ident)
        children = _children(node)
        count = 1 + sum(nodes[id(child)] for child in children)
        size = (len(node.value) + 3) if isinstance(node, yaml.ScalarNode) else 2 + sum(sizes[id(c)] for c in children)
        nodes[ident], sizes[ident] = count, size
        if shared and (count > MAX_YAML_EXPANDED_NODES or size > byte_cap):
            raise SourceError(
                source,
                f"YAML aliases expand to more than {MAX_YAML_EXPANDED_NODES:,} nodes or "
                f"{byte_cap:,} bytes (refusing a possible alias bomb)",
                line=node.start_mark.line + 1,
            )


def _children_with_holder(node: Any) -> list[tuple[Any, Any]]:
    """Each child with the node whose mark points at it: a mapping's value is
    located by its key (the line where an alias is used), anything else by itself."""
    if isinstance(node, yaml.MappingNode):
        return [pair for key, value in node.value for pair in ((key, key), (value, key))]
    if isinstance(node, yaml.SequenceNode):
        return [(item, item) for item in node.value]
    return []


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
