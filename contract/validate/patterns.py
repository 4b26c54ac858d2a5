"""Rule family: every ``pattern`` is a regular expression the toolchain can check.

A contract's patterns are ECMA-262; rivya-contract checks them with Python's ``re``
after translating ECMA's named groups (``rivya_contract.patterns``). A pattern that
still does not compile — ``[a-z`` unterminated, ``\\p{L}``, an unknown ``(?`` group —
would be skipped by every consumer (the validator's example checks, the mock, proptest,
the SDK), so it is reported here, once, at its pointer: an error, because nothing can
tell a value that matches it from one that does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.patterns import compiled, why_not
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding
from rivya_contract.validate.refs import DATA_MEMBERS, NAME_MAPS
from rivya_contract.validate.scan import scan

RULES = [
    Rule(
        id="pattern-invalid",
        level=Level.ERROR,
        description="A pattern is not a regular expression Python can compile (ECMA named groups translated).",
        message="pattern {pattern!r} cannot be compiled ({reason}); no value can be checked against it",
        area="validate",
        mirror_reason="validation rule: it judges one document, not a change",
    ),
]


def check(doc: Document) -> Iterator[Finding]:
    if all(compiled(pattern) is not None for pattern in scan(doc).patterns):
        return  # the common case: no walk with pointers
    for where, pattern in _patterns(doc.tree):
        if compiled(pattern) is None:
            yield finding(doc, "pattern-invalid", where, pattern=pattern[:200], reason=why_not(pattern))


def _patterns(tree: Any) -> Iterator[tuple[str, str]]:
    """(pointer, pattern) for every ``pattern`` and ``patternProperties`` key of a schema."""
    stack: list[tuple[Any, str, bool]] = [(tree, "", False)]
    while stack:
        node, where, names = stack.pop()
        if isinstance(node, dict):
            if not names:
                pattern = node.get("pattern")
                if isinstance(pattern, str):
                    yield where + "/pattern", pattern
                by_pattern = node.get("patternProperties")
                if isinstance(by_pattern, dict):
                    for key in by_pattern:
                        yield jp.append(where, "patternProperties", str(key)), str(key)
            children = [
                (value, jp.append(where, str(key)), key in NAME_MAPS and not names)
                for key, value in node.items()
                if isinstance(value, (dict, list))
                and (names or (key not in DATA_MEMBERS and not str(key).startswith("x-")))
            ]
        elif isinstance(node, list):
            children = [(item, f"{where}/{i}", False) for i, item in enumerate(node) if isinstance(item, (dict, list))]
        else:
            continue
        stack.extend(reversed(children))
