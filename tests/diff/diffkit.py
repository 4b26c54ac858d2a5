"""Small builders for diff tests: minimal OpenAPI documents, loaded like real files."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

from rivya_contract import policy
from rivya_contract.diff import compare
from rivya_contract.document import Document
from rivya_contract.findings import Finding
from rivya_contract.load import document_from_bytes

TODAY = date(2026, 6, 1)


def spec(paths: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    tree: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Test API", "version": "1.0.0"},
        "paths": paths or {},
    }
    tree.update(extra)
    return tree


def as_doc(tree: dict[str, Any], name: str) -> Document:
    raw = json.dumps(tree, indent=2).encode()
    return document_from_bytes(raw, name, hint="json")


def run(base: dict[str, Any], revision: dict[str, Any], profile: str = "strict") -> list[Finding]:
    b, r = as_doc(base, "base.json"), as_doc(revision, "revision.json")
    return policy.apply(compare(b, r, profile=profile, today=TODAY), b, r, profile=profile)


def rules_of(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


def one(findings: list[Finding], rule_id: str) -> Finding:
    matching = [f for f in findings if f.rule == rule_id]
    assert len(matching) == 1, f"expected one {rule_id}, got {[f.rule for f in findings]}"
    return matching[0]


def mutate(tree: dict[str, Any], change: Any) -> dict[str, Any]:
    copied = copy.deepcopy(tree)
    change(copied)
    return copied
