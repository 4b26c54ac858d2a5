"""Rule family: the document as a whole."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import rules


def doc(version: str = "1.0.0", openapi: str = "3.1.0", servers: Any = None) -> dict[str, Any]:
    tree = spec(servers=servers or [{"url": "https://a.example"}])
    tree["info"]["version"] = version
    tree["openapi"] = openapi
    return tree


CASES = [
    ("api-major-version-changed", doc("1.2.0"), doc("2.0.0"), "/info/version"),
    ("openapi-version-changed", doc(openapi="3.0.3"), doc(openapi="3.1.0"), "/openapi"),
    ("server-removed", doc(servers=[{"url": "https://a.example"}, {"url": "https://b.example"}]), doc(), "/servers/1"),
    ("server-added", doc(), doc(servers=[{"url": "https://a.example"}, {"url": "https://b.example"}]), "/servers/1"),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "pointer"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any, pointer: str) -> None:
    found = [f for f in run(base, revision) if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert pointer in (found[0].revision_pointer, found[0].base_pointer)
