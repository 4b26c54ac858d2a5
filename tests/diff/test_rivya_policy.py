"""Rivya's version policy as its documents write it (``--profile rivya``), and the strict
profile's levels, line by line, on copies of the bundled contract.

Compatible: adding a model, an optional response field, an optional request parameter of
a model, an error code; additions that narrow nothing (a new operation, a widened request
constraint); what no client can observe (descriptions, examples, summaries). Every removal
or narrowing a client can observe is breaking unless migrated or in a new major.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from diffkit import run, spec
from test_catalog import add, bundled, models, remove

from rivya_contract import policy, rules
from rivya_contract.load import BUNDLED_CONTRACT
from rivya_contract.report import summary, verdict

pytestmark = pytest.mark.skipif(not BUNDLED_CONTRACT.is_file(), reason="bundled contract missing")
Tree = dict[str, Any]
BASE = bundled() if BUNDLED_CONTRACT.is_file() else {}


def schemas(tree: Tree) -> dict[str, Any]:
    found: dict[str, Any] = tree["components"]["schemas"]
    return found


def image_params(tree: Tree) -> dict[str, Any]:
    found: dict[str, Any] = schemas(tree)["ModelParams.rivya-image-1"]
    return found


def drop_model_param(tree: Tree) -> None:
    assert image_params(tree)["additionalProperties"] is False
    assert "num_outputs" not in image_params(tree).get("required", [])
    del image_params(tree)["properties"]["num_outputs"]


def drop_required_prompt(tree: Tree) -> None:
    variant = schemas(tree)["GenerationRequest.rivya-image-1"]
    assert variant["additionalProperties"] is False and "prompt" in variant["required"]
    variant["required"].remove("prompt")
    del variant["properties"]["prompt"]


def add_model_param(tree: Tree) -> None:
    assert "watermark" not in image_params(tree)["properties"]
    image_params(tree)["properties"]["watermark"] = {"type": "boolean", "description": "Add a watermark."}


def drop_response_field(tree: Tree) -> None:
    credits = schemas(tree)["ModelCredits"]
    assert "amount" not in credits["required"]
    del credits["properties"]["amount"]


def add_response_field(tree: Tree) -> None:
    schemas(tree)["ModelCredits"]["properties"]["currency"] = {"type": "string"}


def drop_error_code(tree: Tree) -> None:
    schemas(tree)["ErrorCode"]["enum"].remove("unknown_parameter")


def add_error_code(tree: Tree) -> None:
    schemas(tree)["ErrorCode"]["enum"].append("quota_exceeded")


def deprecated_model(tree: Tree, sunset_at: str) -> str:
    model = next(m for m, v in models(tree).items() if v["x-rivya-model"]["status"] == "deprecated")
    models(tree)[model]["x-rivya-model"]["sunset_at"] = sunset_at
    return model


def new_operation(tree: Tree) -> None:
    tree["paths"]["/api/v1/ping"] = {
        "get": {"operationId": "ping", "responses": {"200": {"description": "pong"}}},
    }


def widen_prompt(tree: Tree) -> None:
    prompt = schemas(tree)["GenerationPrompt"]
    prompt["maxLength"] = prompt["maxLength"] * 2


def narrow_prompt(tree: Tree) -> None:
    prompt = schemas(tree)["GenerationPrompt"]
    prompt["maxLength"] = prompt["maxLength"] // 2


def reword(tree: Tree) -> None:
    for item in tree["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and "summary" in op:
                op["summary"] += " (reworded)"
                op["description"] = "Rewritten."
    schemas(tree)["ModelCredits"]["description"] = "Reworded."
    for schema in schemas(tree).values():
        schema.pop("examples", None)
        schema.pop("example", None)


def rename_file_id(tree: Tree) -> None:
    paths = tree["paths"]
    paths["/api/v1/files/{file_id}"] = paths.pop("/api/v1/files/{fileId}")
    param = tree["components"]["parameters"]["FileId"]
    assert param["in"] == "path" and param["name"] == "fileId"
    param["name"] = "file_id"


def revision(change: Callable[[Tree], Any]) -> Tree:
    tree = copy.deepcopy(BASE)
    change(tree)
    return tree


# (what, revision, rule expected, its level under rivya, exit fails?)
RIVYA = [
    ("model added", lambda: add(BASE, "rivya-new-1"), "model-added", "compatible", False),
    (
        "optional model parameter added",
        lambda: revision(add_model_param),
        "request-property-property-added-optional",
        "compatible",
        False,
    ),
    (
        "optional response field added",
        lambda: revision(add_response_field),
        "response-property-property-added-optional",
        "compatible",
        False,
    ),
    (
        "error code added",
        lambda: revision(add_error_code),
        "response-property-extensible-enum-value-added",
        "compatible",
        False,
    ),
    ("new operation", lambda: revision(new_operation), "path-added", "compatible", False),
    (
        "widened request constraint",
        lambda: revision(widen_prompt),
        "request-property-max-length-increased",
        "compatible",
        False,
    ),
    # the false passes issue 14 names: each exited 0
    (
        "optional model parameter removed (closed schema)",
        lambda: revision(drop_model_param),
        "request-property-property-removed-optional",
        "breaking",
        True,
    ),
    (
        "optional response field removed",
        lambda: revision(drop_response_field),
        "response-property-property-removed-optional",
        "breaking",
        True,
    ),
    ("error code removed", lambda: revision(drop_error_code), "response-property-enum-value-removed", "breaking", True),
    (
        "deprecated model removed before sunset_at",
        lambda: remove(
            revision(lambda t: deprecated_model(t, "2026-08-31")), deprecated_model(copy.deepcopy(BASE), "2026-08-31")
        ),
        "model-removed-before-sunset",
        "breaking",
        True,
    ),
    (
        "required request property removed (closed schema)",
        lambda: revision(drop_required_prompt),
        "request-property-property-removed-required",
        "breaking",
        True,
    ),
    (
        "narrowed request constraint",
        lambda: revision(narrow_prompt),
        "request-property-max-length-decreased",
        "breaking",
        True,
    ),
    ("path parameter renamed", lambda: revision(rename_file_id), "request-path-parameter-renamed", "warning", False),
]


@pytest.mark.parametrize(("what", "make", "rule_id", "level", "fails"), RIVYA, ids=[r[0] for r in RIVYA])
def test_rivya_policy_line(what: str, make: Callable[[], Tree], rule_id: str, level: str, fails: bool) -> None:
    base = BASE
    if rule_id == "model-removed-before-sunset":
        base = revision(lambda t: deprecated_model(t, "2026-08-31"))
    findings = run(base, make(), profile="rivya")
    found = [f for f in findings if f.rule == rule_id]
    assert found, [(f.rule, f.level) for f in findings]
    assert {f.level for f in found} == {level}, what
    assert bool(policy.failing(findings)) is fails, [(f.rule, f.level) for f in policy.failing(findings)]


def inline_credits(tree: Tree) -> None:
    """An equivalent refactor: a $ref replaced by a copy of what it points to."""
    model = schemas(tree)["PublicApiModel"]["properties"]
    assert model["credits"] == {"$ref": "#/components/schemas/ModelCredits"}
    model["credits"] = copy.deepcopy(schemas(tree)["ModelCredits"])


@pytest.mark.parametrize("change", [reword, inline_credits], ids=["descriptions, summaries, examples", "inlined $ref"])
def test_what_no_client_can_observe_is_no_finding(change: Callable[[Tree], None]) -> None:
    assert run(BASE, revision(change), profile="rivya") == []


def test_open_schema_optional_request_property_removed_stays_a_warning() -> None:
    """Only a closed schema refuses what it no longer lists."""
    base = spec(
        {
            "/a": {
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}
                        }
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )
    rev = copy.deepcopy(base)
    del rev["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["x"]
    [found] = run(base, rev, profile="rivya")
    assert (found.rule, found.level) == ("request-property-property-removed-optional", "warning")
    closed = copy.deepcopy(base)
    closed["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["additionalProperties"] = (
        False
    )
    rev_closed = copy.deepcopy(closed)
    del rev_closed["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["x"]
    [found] = run(closed, rev_closed, profile="rivya")
    assert (found.rule, found.level) == ("request-property-property-removed-optional", "breaking")
    assert "refused" in found.args["policy"]


def test_a_migration_covers_a_removal_and_reads_migrated() -> None:
    rev = revision(drop_response_field)
    rev["x-rivya-migrations"] = [
        {
            "id": "credits-amount",
            "date": "2026-06-01",
            "summary": "ModelCredits.amount is gone",
            "guide": "https://rivya.ai/docs/api/migrations#credits-amount",
            "covers": ["/components/schemas/ModelCredits/properties/amount"],
        }
    ]
    findings = run(BASE, rev, profile="rivya")
    [found] = [f for f in findings if f.rule == "response-property-property-removed-optional"]
    assert found.migration == "credits-amount"
    assert verdict(found) == "migrated (credits-amount)"
    assert policy.failing(findings) == []
    counts = summary(findings)
    assert counts["breaking"] == 0 and counts["migrated"] == 1


# The strict profile: (what, base, revision, rule, level) where it follows oasdiff.
def _enum_doc(values: list[str]) -> Tree:
    schema = {"type": "string", "enum": values}
    return spec(
        {
            "/a": {
                "get": {
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
                }
            }
        }
    )


STRICT = [
    (
        "response enum value added",
        _enum_doc(["a"]),
        _enum_doc(["a", "b"]),
        "response-property-enum-value-added",
        "warning",
    ),
]


@pytest.mark.parametrize(("what", "base", "rev", "rule_id", "level"), STRICT, ids=[s[0] for s in STRICT])
def test_strict_level(what: str, base: Tree, rev: Tree, rule_id: str, level: str) -> None:
    [found] = [f for f in run(base, rev, profile="strict") if f.rule == rule_id]
    assert found.level == level == rules.get(rule_id).level


def test_rivya_keeps_a_closed_response_enum_closed() -> None:
    """Rivya marks its open lists x-extensible-enum; a closed enum promises the whole list."""
    [found] = run(_enum_doc(["a"]), _enum_doc(["a", "b"]), profile="rivya")
    assert (found.rule, found.level) == ("response-property-enum-value-added", "breaking")


def test_profile_names_are_the_same_on_every_command() -> None:
    from click.testing import CliRunner

    from rivya_contract.cli import main
    from rivya_contract.profiles import NAMES

    for command in ("validate", "diff", "check", "changelog", "snapshot accept"):
        result = CliRunner().invoke(main, [*command.split(), "--help"])
        assert result.exit_code == 0, (command, result.output)
        assert "--profile" in result.output, command
        assert "[auto|rivya|strict]" in result.output.replace("\n", " ").replace(" ", "") or all(
            name in result.output for name in NAMES
        ), command


CASES = [(row[2],) for row in RIVYA]  # for test_meta: each rule above has its fixture test


def test_a_server_removed_is_breaking_under_rivya() -> None:
    base = spec(servers=[{"url": "https://a.example"}, {"url": "https://b.example"}])
    rev = spec(servers=[{"url": "https://a.example"}])
    assert [(f.rule, f.level) for f in run(base, rev, profile="strict")] == [("server-removed", "warning")]
    assert [(f.rule, f.level) for f in run(base, rev, profile="rivya")] == [("server-removed", "breaking")]


def test_optional_response_header_removed_is_a_warning_in_strict_and_breaking_under_rivya() -> None:
    header = {"schema": {"type": "string"}}

    def doc(headers: dict[str, Any]) -> Tree:
        return spec({"/a": {"get": {"responses": {"200": {"description": "ok", "headers": headers}}}}})

    [strict] = run(doc({"X-Trace": header}), doc({}), profile="strict")
    assert (strict.rule, strict.level) == ("optional-response-header-removed", "warning")
    [rivya] = run(doc({"X-Trace": header}), doc({}), profile="rivya")
    assert (rivya.rule, rivya.level) == ("optional-response-header-removed", "breaking")
    [required] = run(doc({"X-Trace": {**header, "required": True}}), doc({}), profile="strict")
    assert (required.rule, required.level) == ("response-header-removed", "breaking")
