"""Rule family: every ``$ref`` resolves.

A reference to nothing (a typo, a removed component, a fragment that is not a JSON
pointer) makes every consumer guess: the validator skipped it, the generator fell back
to ``Any``, the mock answered with nothing. It is an error of the document, reported
with the pointer of the ``$ref`` itself. References into other files are resolved in
the files the loader read; a file it refused to read never gets this far (load stops
with exit 2 and says why).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding

RULES = [
    Rule(
        id="ref-unresolved",
        level=Level.ERROR,
        description="A $ref points at nothing: no such component, file member or JSON pointer.",
        message="$ref {ref!r} resolves to nothing{why}",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
]

# Members whose values are data, not OpenAPI objects: a "$ref" inside is just a key.
DATA_MEMBERS = frozenset({"example", "examples", "default", "const", "enum", "value"})
# Members whose keys are names chosen by the author (a property may be called "example").
NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "schemas", "dependentSchemas"})


def check(doc: Document) -> Iterator[Finding]:
    from rivya_contract.validate.scan import scan

    if all(_unresolved(doc, ref) is None for ref in scan(doc).refs):
        return  # the common case: no walk with pointers
    for where, ref in references(doc.tree):
        why = _unresolved(doc, ref)
        if why is not None:
            yield finding(doc, "ref-unresolved", where, ref=ref, why=why)


def references(tree: Any) -> Iterator[tuple[str, str]]:
    """(pointer of the $ref member, the reference) for every $ref string, in document order."""
    stack: list[tuple[Any, str, bool]] = [(tree, "", False)]
    while stack:
        node, where, names = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not names:
                yield where + "/$ref", ref
            children = [
                (value, f"{where}/{jp.escape(key)}", key in NAME_MAPS and not names)
                for key, value in node.items()
                if isinstance(value, (dict, list))
                and (names or (key not in DATA_MEMBERS and not str(key).startswith("x-")))
            ]
        elif isinstance(node, list):
            children = [(item, f"{where}/{i}", False) for i, item in enumerate(node) if isinstance(item, (dict, list))]
        else:
            continue
        stack.extend(reversed(children))


def _unresolved(doc: Document, ref: str) -> str | None:
    """None when ``ref`` resolves, else a short reason (appended to the message)."""
    uri, _, fragment = ref.partition("#")
    if uri and uri not in doc.externals:
        return " (the file was not loaded)"
    root = doc.externals.get(uri) if uri else doc.tree
    if root is None:
        return " (the file could not be read)"
    if fragment and not fragment.startswith("/"):
        return f" ({'#' + fragment!r} is not a JSON pointer)"
    found = jp.lookup(root, fragment, _MISSING)
    if found is _MISSING:
        found = jp.lookup(root, unquote(fragment), _MISSING)  # "%7Bid%7D" in a fragment
    return None if found is not _MISSING else ""


_MISSING: Any = object()
