"""Run both engines of the spec rule family on one document and compare them."""

from __future__ import annotations

import json
from typing import Any

from rivya_contract.document import Document
from rivya_contract.load import document_from_bytes
from rivya_contract.positions import JsonLocator
from rivya_contract.validate import spec
from rivya_contract.validate.fast_spec import comparable

Errors = set[tuple[str, str]]


def document(tree: dict[str, Any], name: str = "hand-made.json") -> Document:
    return document_from_bytes(json.dumps(tree, indent=1).encode(), name, hint="json")


def unchecked_document(tree: dict[str, Any], name: str = "hand-made.json") -> Document:
    """A Document of ``tree`` without load's shape check (contract/shape.py): load
    refuses a schema that is a string, or ``openapi: 3.1`` as a number, before any
    validator sees it; the engines must still agree on such trees."""
    text = json.dumps(tree, indent=1)
    return Document(tree, name, locator=JsonLocator(text), text_format="json", raw=text.encode())


def errors(doc: Document, engine: str) -> Errors:
    """(pointer, message) of every spec finding, with the one documented normalisation."""
    return {(f.pointer, comparable(f.message)) for f in spec.check(doc, engine=engine)}


def same_errors(doc: Document) -> Errors:
    """The errors both engines report; fails when they differ, showing the difference."""
    reference = errors(doc, "reference")
    fast = errors(doc, "fast")
    assert fast == reference, {"only reference": sorted(reference - fast), "only fast": sorted(fast - reference)}
    return fast
