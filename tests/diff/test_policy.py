"""The Rivya policy: exemptions, beta operations, migrations, new major lineage."""

from __future__ import annotations

from typing import Any

import pytest
from diffkit import run, spec

from rivya_contract import policy, rules

OK = {"200": {"description": "ok"}}


def doc(
    migrations: Any = None,
    stability: str | None = None,
    version: str = "1.0.0",
    prefix: str = "/api/v1",
    extra_op: bool = True,
) -> dict[str, Any]:
    op: dict[str, Any] = {"responses": OK}
    if stability:
        op["x-stability-level"] = stability
    paths = {f"{prefix}/a": {"get": {"responses": OK}}}
    if extra_op:
        paths[f"{prefix}/b"] = {"get": op}
    tree = spec(paths)
    tree["info"]["version"] = version
    if migrations is not None:
        tree["x-rivya-migrations"] = migrations
    return tree


MIGRATION = {
    "id": "drop-b",
    "date": "2026-06-01",
    "summary": "b is gone",
    "guide": "use a",
    "covers": [{"rule": "path-removed-without-deprecation", "pointer": "/paths/~1api~1v1~1b"}],
}

CASES = [
    ("migration-stale", doc(), doc(migrations=[MIGRATION])),
    ("migration-invalid", doc(), doc(migrations=[{"id": "x"}])),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Any, revision: Any) -> None:
    found = [f for f in run(base, revision, profile="rivya") if f.rule == rule_id]
    assert len(found) == 1
    assert found[0].level == rules.get(rule_id).level
    assert (found[0].revision_pointer or "").startswith("/x-rivya-migrations/0")


def test_unmigrated_breaking_change_fails() -> None:
    findings = run(doc(), doc(extra_op=False), profile="rivya")
    assert [f.rule for f in policy.failing(findings)] == ["path-removed-without-deprecation"]


def test_new_migration_covers_the_breaking_change() -> None:
    findings = run(doc(), doc(extra_op=False, migrations=[MIGRATION]), profile="rivya")
    [found] = findings
    assert found.migration == "drop-b" and found.level == "breaking"
    assert policy.failing(findings) == []


def test_migration_already_in_base_covers_nothing_new() -> None:
    findings = run(doc(migrations=[MIGRATION]), doc(extra_op=False, migrations=[MIGRATION]), profile="rivya")
    assert [f.rule for f in policy.failing(findings)] == ["path-removed-without-deprecation"]


def test_beta_operations_may_change() -> None:
    base = doc(stability="beta")
    revision = doc(stability="beta")
    revision["paths"]["/api/v1/b"]["get"]["responses"] = {"201": {"description": "c"}}
    findings = run(base, revision, profile="rivya")
    assert {f.level for f in findings} == {"compatible"}
    assert any("exemption" in f.args for f in findings)
    strict = run(base, revision, profile="strict")
    assert "breaking" in {f.level for f in strict}


def test_new_major_version_starts_a_new_lineage() -> None:
    findings = run(doc(), doc(version="2.0.0", prefix="/api/v2"), profile="rivya")
    assert [f.rule for f in findings] == ["api-major-version-changed"]
    assert policy.failing(findings) == []


def test_fail_on_levels() -> None:
    findings = run(doc(), doc(migrations=[MIGRATION]), profile="rivya")  # a stale warning
    assert policy.failing(findings, "breaking") == []
    assert len(policy.failing(findings, "warning")) == 1
    assert policy.failing(run(doc(), doc(extra_op=False)), "never") == []


def _shared(levels: dict[str, str | None], max_length: int) -> dict[str, Any]:
    """Two operations whose response is the same component; each with a stability."""
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Name"}}}
    paths = {}
    for path, level in levels.items():
        op: dict[str, Any] = {"responses": {"200": {"description": "ok", "content": content}}}
        if level:
            op["x-stability-level"] = level
        paths[path] = {"post": {**op, "requestBody": {"content": content}}}
    tree = spec(paths)
    tree["components"] = {"schemas": {"Name": {"type": "string", "maxLength": max_length}}}
    return tree


def test_a_shared_change_is_exempt_only_when_every_operation_was_unstable() -> None:
    """One change inside a component reaches both operations: the stable one still breaks
    (whether it is reported per operation or once with ``operations``)."""
    mixed = run(_shared({"/a": "beta", "/b": None}, 10), _shared({"/a": "beta", "/b": None}, 5), profile="rivya")
    assert policy.failing(mixed), [(f.rule, f.operation, f.level) for f in mixed]
    assert all("exemption" not in f.args for f in policy.failing(mixed))
    both = run(_shared({"/a": "beta", "/b": "alpha"}, 10), _shared({"/a": "beta", "/b": "alpha"}, 5), profile="rivya")
    assert policy.failing(both) == []
    narrowed = [f for f in both if f.rule == "request-property-max-length-decreased"]
    assert narrowed and all(f.level == "compatible" and "before this revision" in f.args["exemption"] for f in narrowed)
