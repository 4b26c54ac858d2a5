"""Rule families: stability and sunset (oasdiff's rules, same IDs), table-driven.

Each row: the rule, the base, the revision, the minimum sunset distance (beta, stable) in
days. The check's day is diffkit's TODAY (2026-06-01).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from diffkit import TODAY, as_doc, spec

from rivya_contract import policy, rules
from rivya_contract.diff import compare
from rivya_contract.findings import Finding

OK = {"200": {"description": "ok"}}
Tree = dict[str, Any]


def run_days(base: Tree, revision: Tree, days: tuple[int, int] = (0, 0), profile: str = "strict") -> list[Finding]:
    b, r = as_doc(base, "base.json"), as_doc(revision, "revision.json")
    found = compare(b, r, profile=profile, today=TODAY, min_sunset_days=days)
    return policy.apply(found, b, r, profile=profile)


def op_doc(**op: Any) -> Tree:
    return spec({"/a": {"get": {"responses": OK, **op}}})


def q(**extra: Any) -> Tree:
    return {"name": "q", "in": "query", "schema": {"type": "string"}, **extra}


def body_doc(direction: str, **prop: Any) -> Tree:
    schema = {"type": "object", "properties": {"p": {"type": "string", **prop}, "keep": {"type": "string"}}}
    content = {"application/json": {"schema": schema}}
    if direction == "request":
        return spec({"/a": {"post": {"requestBody": {"content": content}, "responses": OK}}})
    return spec({"/a": {"post": {"responses": {"200": {"description": "ok", "content": content}}}}})


FAR, NEAR, PAST = "2026-12-01", "2026-06-05", "2026-05-01"
POLICY = (10, 30)  # oasdiff's tests use WithDeprecation(0, 10), (30, 100)...

CASES: list[tuple[str, Tree, Tree, tuple[int, int]]] = [
    # stability
    ("api-invalid-stability-level", op_doc(), op_doc(**{"x-stability-level": "invalid"}), (0, 0)),
    (
        "request-property-stability-decreased",
        body_doc("request"),
        body_doc("request", **{"x-stability-level": "beta"}),
        (0, 0),
    ),
    (
        "request-property-stability-increased",
        body_doc("request", **{"x-stability-level": "alpha"}),
        body_doc("request", **{"x-stability-level": "beta"}),
        (0, 0),
    ),
    (
        "response-property-stability-decreased",
        body_doc("response"),
        body_doc("response", **{"x-stability-level": "draft"}),
        (0, 0),
    ),
    (
        "response-property-stability-increased",
        body_doc("response", **{"x-stability-level": "beta"}),
        body_doc("response"),
        (0, 0),
    ),
    # operations
    ("api-deprecated-sunset-missing", op_doc(), op_doc(deprecated=True), POLICY),
    ("api-deprecated-sunset-parse", op_doc(), op_doc(deprecated=True, **{"x-sunset": "invalid"}), (0, 0)),
    ("api-sunset-date-too-small", op_doc(), op_doc(deprecated=True, **{"x-sunset": NEAR}), POLICY),
    ("sunset-deleted", op_doc(deprecated=True, **{"x-sunset": FAR}), op_doc(deprecated=True), (0, 0)),
    (
        "api-path-sunset-parse",
        op_doc(deprecated=True, **{"x-sunset": FAR}),
        op_doc(deprecated=True, **{"x-sunset": "later"}),
        (0, 0),
    ),
    # parameters
    (
        "request-parameter-deprecated-sunset-missing",
        op_doc(parameters=[q()]),
        op_doc(parameters=[q(deprecated=True)]),
        POLICY,
    ),
    (
        "request-parameter-sunset-parse",
        op_doc(parameters=[q()]),
        op_doc(parameters=[q(deprecated=True, **{"x-sunset": "x"})]),
        (0, 0),
    ),
    (
        "request-parameter-sunset-date-too-small",
        op_doc(parameters=[q()]),
        op_doc(parameters=[q(deprecated=True, **{"x-sunset": NEAR})]),
        POLICY,
    ),
    (
        "request-parameter-sunset-deleted",
        op_doc(parameters=[q(deprecated=True, **{"x-sunset": FAR})]),
        op_doc(parameters=[q(deprecated=True)]),
        (0, 0),
    ),
    (
        "request-parameter-sunset-date-changed-too-small",
        op_doc(parameters=[q(deprecated=True, **{"x-sunset": FAR})]),
        op_doc(parameters=[q(deprecated=True, **{"x-sunset": NEAR})]),
        POLICY,
    ),
    (
        "request-parameter-removed-before-sunset",
        op_doc(parameters=[q(deprecated=True, **{"x-sunset": FAR})]),
        op_doc(),
        (0, 0),
    ),
    # body properties
    *(
        case
        for d in ("request", "response")
        for case in (
            (f"{d}-property-deprecated", body_doc(d), body_doc(d, deprecated=True, **{"x-sunset": FAR}), POLICY),
            (f"{d}-property-reactivated", body_doc(d, deprecated=True), body_doc(d), (0, 0)),
            (f"{d}-property-deprecated-sunset-missing", body_doc(d), body_doc(d, deprecated=True), POLICY),
            (
                f"{d}-property-deprecated-sunset-invalid",
                body_doc(d),
                body_doc(d, deprecated=True, **{"x-sunset": "?"}),
                (0, 0),
            ),
            (
                f"{d}-property-sunset-date-too-small",
                body_doc(d),
                body_doc(d, deprecated=True, **{"x-sunset": NEAR}),
                POLICY,
            ),
        )
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision", "days"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, base: Tree, revision: Tree, days: tuple[int, int]) -> None:
    findings = run_days(base, revision, days)
    found = [f for f in findings if f.rule == rule_id]
    assert len(found) == 1, [(f.rule, f.level) for f in findings]
    assert found[0].level == rules.get(rule_id).level
    assert found[0].operation in ("GET /a", "POST /a")
    assert found[0].line is not None  # points into the revision
    failing = bool(policy.failing(findings))
    assert failing is (rules.get(rule_id).level == "breaking")


# oasdiff's defaults: no minimum distance, so a deprecation without a sunset is compatible
def test_deprecation_without_sunset_passes_without_a_configured_distance() -> None:
    findings = run_days(op_doc(), op_doc(deprecated=True))
    assert [(f.rule, f.level) for f in findings] == [("operation-deprecated", "compatible")]
    findings = run_days(body_doc("request"), body_doc("request", deprecated=True))
    assert [(f.rule, f.level) for f in findings] == [("request-property-deprecated", "compatible")]


def test_distance_depends_on_the_operations_stability() -> None:
    near = {"deprecated": True, "x-sunset": NEAR}
    assert [f.rule for f in run_days(op_doc(), op_doc(**near), (0, 30))] == ["api-sunset-date-too-small"]
    beta = {"x-stability-level": "beta"}
    assert "api-sunset-date-too-small" not in {
        f.rule for f in run_days(op_doc(**beta), op_doc(**beta, **near), (0, 30))
    }
    alpha = {"x-stability-level": "alpha"}
    assert "api-sunset-date-too-small" not in {
        f.rule for f in run_days(op_doc(**alpha), op_doc(**alpha, **near), (30, 30))
    }


@pytest.mark.parametrize(
    ("sunset", "rule_id"),
    [
        (FAR, "request-parameter-removed-before-sunset"),
        ("invalid", "request-parameter-sunset-parse"),
        (PAST, "request-parameter-removed-after-deprecation"),
        (None, "request-parameter-removed-after-deprecation"),
    ],
)
def test_parameter_removal_follows_its_sunset(sunset: str | None, rule_id: str) -> None:
    param = q(deprecated=True, **({"x-sunset": sunset} if sunset else {}))
    [found] = run_days(op_doc(parameters=[param]), op_doc())
    assert found.rule == rule_id


def test_an_unchanged_invalid_level_is_not_reported_again() -> None:
    tree = op_doc(**{"x-stability-level": "someday"})
    assert run_days(tree, copy.deepcopy(tree)) == []


def test_draft_is_the_lowest_level() -> None:
    [found] = run_days(op_doc(), op_doc(**{"x-stability-level": "draft"}))
    assert (found.rule, found.level, found.args["new"]) == ("operation-stability-decreased", "breaking", "draft")


def test_a_property_reached_by_a_shared_component_is_reported_once() -> None:
    component = {"type": "object", "properties": {"p": {"type": "string"}}}
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/C"}}}}

    def doc(prop: Tree) -> Tree:
        tree = spec(
            {
                "/a": {"post": {"requestBody": ref, "responses": OK}},
                "/b": {"post": {"requestBody": ref, "responses": OK}},
            }
        )
        tree["components"] = {"schemas": {"C": {**component, "properties": {"p": {"type": "string", **prop}}}}}
        return tree

    findings = run_days(doc({}), doc({"x-stability-level": "beta"}))
    assert [f.rule for f in findings] == ["request-property-stability-decreased"]
    assert findings[0].revision_pointer == "/components/schemas/C/properties/p/x-stability-level"
    # one finding naming every operation it reaches
    assert (findings[0].operation, findings[0].operations) == (None, ["POST /a", "POST /b"])


def test_a_shared_property_change_is_not_exempted_by_one_beta_operation() -> None:
    """The first operation reaching a component may be beta; the other is stable: the
    lowered property stability still breaks (issue 14: exemptions judged over all)."""
    component = {"type": "object", "properties": {"p": {"type": "string"}}}
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/C"}}}}

    def doc(prop: Tree) -> Tree:
        tree = spec(
            {
                "/a": {"post": {"requestBody": ref, "responses": OK, "x-stability-level": "beta"}},
                "/b": {"post": {"requestBody": ref, "responses": OK}},
            }
        )
        tree["components"] = {"schemas": {"C": {**component, "properties": {"p": {"type": "string", **prop}}}}}
        return tree

    findings = run_days(doc({}), doc({"x-stability-level": "beta"}), profile="rivya")
    [found] = [f for f in findings if f.rule == "request-property-stability-decreased"]
    assert found.level == "breaking" and "exemption" not in found.args
    assert policy.failing(findings) == [found]


def test_the_minimum_sunset_distance_is_configured_in_pyproject(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the CLI: oasdiff's default (0) passes a deprecation without a sunset; a
    configured distance fails it; a malformed setting is bad input (exit 2)."""
    import json

    from click.testing import CliRunner

    from rivya_contract.cli import main

    monkeypatch.chdir(tmp_path)
    (tmp_path / "base.json").write_text(json.dumps(op_doc()), encoding="utf-8")
    (tmp_path / "rev.json").write_text(json.dumps(op_doc(deprecated=True)), encoding="utf-8")
    args = ["diff", "base.json", "rev.json", "--profile", "strict", "--date", TODAY.isoformat()]
    assert CliRunner().invoke(main, args).exit_code == 0
    (tmp_path / "pyproject.toml").write_text("[tool.rivya-contract]\ndeprecation-days-stable = 30\n", encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "api-deprecated-sunset-missing" in result.output, result.output
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rivya-contract]\ndeprecation-days-beta = "soon"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "deprecation-days-beta" in result.output and "Traceback" not in result.output
