"""Rule family: no schema refers back to itself without going into the value.

``A = {anyOf: [{$ref: C}]}, C = {not: {$ref: A}}`` says "a value is A when it is not
A": validating anything against A applies A again to the same value, forever. JSON
Schema 2020-12 (Core, 9.4.1) leaves such "infinite recursive nesting" undefined and
says schemas SHOULD NOT use it; jsonschema recurses until Python's stack runs out. A
cycle is harmless when one of its steps goes into the value (``properties``,
``items``...: the value is finite, so the walk ends); it loops when every step applies
to the same value: ``$ref``, ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``if``/``then``/
``else``, ``dependentSchemas``.

Each such cycle is one error, at the ``$ref`` met first in document order, and the
checks that validate values against schemas (defaults, examples) skip every schema
from which a cycle can be reached (``Loops.reaches_loop``) instead of recursing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from weakref import WeakKeyDictionary

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.keywords import SUBSCHEMA_ARRAYS, SUBSCHEMA_MAPS, SUBSCHEMA_SINGLE
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding
from rivya_contract.validate.scan import scan

RULES = [
    Rule(
        id="schema-ref-loop",
        level=Level.ERROR,
        description="A schema refers back to itself without going into the value: validating against it never ends.",
        message="$ref {ref!r} leads back to this schema without going into the value ({cycle}): "
        "no value can be validated against it",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
]

# Keywords that apply their schemas to the very value the schema applies to.
IN_PLACE = ("not", "if", "then", "else")
IN_PLACE_ARRAYS = ("allOf", "anyOf", "oneOf")
IN_PLACE_MAPS = ("dependentSchemas",)


def check(doc: Document) -> Iterator[Finding]:
    for where, ref, cycle in loops(doc).cycles():
        yield finding(doc, "schema-ref-loop", where, ref=ref, cycle=" -> ".join(cycle))


_CACHE: WeakKeyDictionary[Document, Loops] = WeakKeyDictionary()


def loops(doc: Document) -> Loops:
    """The document's in-place cycles (computed once per document)."""
    found = _CACHE.get(doc)
    if found is None:
        found = _CACHE[doc] = Loops(doc)
    return found


class Loops:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._targets: dict[str, Any] = {}
        self._in_place: dict[int, list[Any]] = {}
        self._cycles: list[tuple[str, str, list[str]]] = []
        self.looping: set[int] = set()  # ids of the schemas on an in-place cycle
        self._reaches: dict[int, tuple[Any, bool]] = {}  # the schema kept: its id stays its own
        components = self._components()
        if components:
            self._report(components)

    def cycles(self) -> list[tuple[str, str, list[str]]]:
        """(pointer of the $ref, the $ref, the pointers of the cycle's schemas) per cycle."""
        return self._cycles

    def reaches_loop(self, schema: Any) -> bool:
        """Whether validating a value against ``schema`` may enter an in-place cycle."""
        if not self.looping or not isinstance(schema, dict):
            return False
        start = id(schema)
        if start not in self._reaches:
            seen: set[int] = set()
            stack = [schema]
            found = False
            while stack:
                node = stack.pop()
                ident = id(node)
                if ident in seen:
                    continue
                seen.add(ident)
                if ident in self.looping or self._reaches.get(ident, (None, False))[1]:
                    found = True
                    break
                stack.extend(_subschemas(node))
                stack.extend(self._target(node))
            self._reaches[start] = (schema, found)
        return self._reaches[start][1]

    # -- the graph: a schema's in-place subschemas and the target of its $ref ----------
    def _target(self, node: dict[str, Any]) -> list[Any]:
        ref = node.get("$ref")
        if not isinstance(ref, str):
            return []
        if ref not in self._targets:
            self._targets[ref] = self.doc.ref_target(ref)
        target = self._targets[ref]
        return [target] if isinstance(target, dict) else []

    def _children(self, node: dict[str, Any]) -> list[Any]:
        ident = id(node)
        found = self._in_place.get(ident)
        if found is None:
            found = self._in_place[ident] = _in_place(node) + self._target(node)
        return found

    def _components(self) -> list[list[Any]]:
        """The cyclic strongly connected components (Tarjan's, iteratively), from every
        $ref target: an in-place cycle passes through at least one."""
        index: dict[int, int] = {}
        low: dict[int, int] = {}
        on_stack: set[int] = set()
        component_stack: list[Any] = []
        cyclic: list[list[Any]] = []
        for ref in sorted(scan(self.doc).refs):
            root = self.doc.ref_target(ref)
            if not isinstance(root, dict) or id(root) in index:
                continue
            index[id(root)] = low[id(root)] = len(index)
            component_stack.append(root)
            on_stack.add(id(root))
            work: list[tuple[Any, Iterator[Any]]] = [(root, iter(self._children(root)))]
            while work:
                node, children = work[-1]
                ident = id(node)
                for child in children:
                    child_id = id(child)
                    if child_id not in index:
                        index[child_id] = low[child_id] = len(index)
                        component_stack.append(child)
                        on_stack.add(child_id)
                        work.append((child, iter(self._children(child))))
                        break
                    if child_id in on_stack:
                        low[ident] = min(low[ident], index[child_id])
                else:
                    work.pop()
                    if work:
                        parent = id(work[-1][0])
                        low[parent] = min(low[parent], low[ident])
                    if low[ident] == index[ident]:
                        members = []
                        while True:
                            member = component_stack.pop()
                            on_stack.discard(id(member))
                            members.append(member)
                            if member is node:
                                break
                        if len(members) > 1 or any(c is node for c in self._children(node)):
                            cyclic.append(members)
        return cyclic

    def _report(self, components: list[list[Any]]) -> None:
        """Only for a document with cycles: the pointers of their schemas, and one
        finding per cycle at the $ref that comes first in the document."""
        for members in components:
            self.looping.update(id(m) for m in members)
        wanted = set(self.looping)
        pointers = _pointers_of(self.doc.tree, wanted)
        for members in components:
            where = sorted(pointers[id(m)] for m in members if id(m) in pointers)
            holders = [m for m in members if isinstance(m.get("$ref"), str) and id(m) in pointers]
            if not holders:
                continue
            first = min(holders, key=lambda m: self._order(pointers[id(m)]))
            self._cycles.append((jp.append(pointers[id(first)], "$ref"), str(first["$ref"]), where))
        self._cycles.sort(key=lambda c: self._order(c[0]))

    def _order(self, pointer: str) -> tuple[int, int, str]:
        position = self.doc.position(pointer)
        return (position[0], position[1], pointer) if position else (0, 0, pointer)


def _in_place(node: dict[str, Any]) -> list[Any]:
    return _children(node, IN_PLACE, IN_PLACE_ARRAYS, IN_PLACE_MAPS)


def _subschemas(node: dict[str, Any]) -> list[Any]:
    return _children(node, SUBSCHEMA_SINGLE, SUBSCHEMA_ARRAYS, SUBSCHEMA_MAPS)


def _children(
    node: dict[str, Any], single: tuple[str, ...], arrays: tuple[str, ...], maps: tuple[str, ...]
) -> list[Any]:
    """The object subschemas under ``node``'s keywords: one schema, an array, or a map of them."""
    found: list[Any] = []
    for key in single:
        value = node.get(key)
        if isinstance(value, dict):
            found.append(value)
    for key in arrays:
        value = node.get(key)
        if isinstance(value, list):
            found.extend(v for v in value if isinstance(v, dict))
    for key in maps:
        value = node.get(key)
        if isinstance(value, dict):
            found.extend(v for v in value.values() if isinstance(v, dict))
    return found


def _pointers_of(tree: Any, wanted: set[int]) -> dict[int, str]:
    """The first pointer (depth first, in document order) of each node in ``wanted``."""
    found: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(tree, "")]
    seen: set[int] = set()
    while stack and len(found) < len(wanted):
        node, where = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if id(node) in wanted:
            found.setdefault(id(node), where)
        if isinstance(node, dict):
            items = [(jp.append(where, str(k)), v) for k, v in node.items() if isinstance(v, (dict, list))]
        elif isinstance(node, list):
            items = [(f"{where}/{i}", v) for i, v in enumerate(node) if isinstance(v, (dict, list))]
        else:
            continue
        stack.extend((v, p) for p, v in reversed(items))
    return found
