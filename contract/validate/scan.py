"""One lean pass over a document for what several rule families look up: the distinct
``$ref`` strings and ``pattern`` strings of its OpenAPI objects and schemas.

No pointers are built (most documents have nothing to report; a family that does
report walks again, with pointers, only then), and the pass is made once per
Document. Example data and ``x-`` extensions are skipped, as ``refs.references`` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from rivya_contract.document import Document
from rivya_contract.validate.refs import DATA_MEMBERS, NAME_MAPS


@dataclass(frozen=True)
class Scan:
    refs: frozenset[str]
    patterns: frozenset[str]  # ``pattern`` values and ``patternProperties`` keys


_CACHE: WeakKeyDictionary[Document, Scan] = WeakKeyDictionary()


def scan(doc: Document) -> Scan:
    found = _CACHE.get(doc)
    if found is None:
        found = _CACHE[doc] = _scan(doc.tree)
    return found


def _scan(tree: Any) -> Scan:
    refs: set[str] = set()
    patterns: set[str] = set()
    # (node, whether its keys are names an author chose: properties, schemas...)
    stack: list[tuple[Any, bool]] = [(tree, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, names = pop()
        if type(node) is list:
            for item in node:
                if type(item) is dict or type(item) is list:
                    push((item, False))
            continue
        if names:
            for value in node.values():
                if type(value) is dict or type(value) is list:
                    push((value, False))
            continue
        ref = node.get("$ref")
        if type(ref) is str:
            refs.add(ref)
        pattern = node.get("pattern")
        if type(pattern) is str:
            patterns.add(pattern)
        by_pattern = node.get("patternProperties")
        if type(by_pattern) is dict:
            patterns.update(str(key) for key in by_pattern)
        for key, value in node.items():
            kind = type(value)
            if (kind is dict or kind is list) and key not in DATA_MEMBERS and not str(key).startswith("x-"):
                push((value, key in NAME_MAPS and kind is dict))
    return Scan(frozenset(refs), frozenset(patterns))
