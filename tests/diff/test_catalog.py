"""Rule family (Rivya profile): the model catalog, on copies of the bundled contract."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from diffkit import run

from rivya_contract import rules
from rivya_contract.load import BUNDLED_CONTRACT

pytestmark = pytest.mark.skipif(not BUNDLED_CONTRACT.is_file(), reason="bundled contract missing")
CATALOG = "/components/schemas/GenerationRequest"


def bundled() -> dict[str, Any]:
    tree: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())
    return tree


def models(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        k.split(".", 1)[1]: v for k, v in tree["components"]["schemas"].items() if k.startswith("GenerationRequest.")
    }


def with_status(status: str, wanted: str | None = None) -> tuple[dict[str, Any], str]:
    tree = bundled()
    for model, variant in models(tree).items():
        if variant["x-rivya-model"]["status"] == (wanted or "available") and variant["x-rivya-model"]["kind"] != "chat":
            variant["x-rivya-model"]["status"] = status
            return tree, model
    raise AssertionError("no model")


def remove(tree: dict[str, Any], model: str) -> dict[str, Any]:
    tree = copy.deepcopy(tree)
    catalog = tree["components"]["schemas"]["GenerationRequest"]
    ref = catalog["discriminator"]["mapping"].pop(model)
    catalog["oneOf"] = [v for v in catalog["oneOf"] if v["$ref"] != ref]
    del tree["components"]["schemas"][f"GenerationRequest.{model}"]
    return tree


def add(tree: dict[str, Any], model: str) -> dict[str, Any]:
    tree = copy.deepcopy(tree)
    schemas = tree["components"]["schemas"]
    source = next(iter(models(tree)))
    variant = copy.deepcopy(schemas[f"GenerationRequest.{source}"])
    variant["properties"]["model"] = {"const": model}
    schemas[f"GenerationRequest.{model}"] = variant
    ref = f"#/components/schemas/GenerationRequest.{model}"
    schemas["GenerationRequest"]["oneOf"].append({"$ref": ref})
    schemas["GenerationRequest"]["discriminator"]["mapping"][model] = ref
    return tree


def first_available(tree: dict[str, Any]) -> str:
    return next(m for m, v in models(tree).items() if v["x-rivya-model"]["status"] == "available")


def case_removed() -> tuple[Any, Any]:
    tree = bundled()
    return tree, remove(tree, first_available(tree))


def case_removed_deprecated(sunset_at: str | None = "2026-05-31") -> tuple[Any, Any]:
    """A deprecated model removed; diffkit's today is 2026-06-01."""
    tree, model = with_status("deprecated")
    models(tree)[model]["x-rivya-model"]["sunset_at"] = sunset_at
    return tree, remove(tree, model)


def case_status(old: str, new: str) -> tuple[Any, Any]:
    tree, model = with_status(old)
    revision = copy.deepcopy(tree)
    models(revision)[model]["x-rivya-model"]["status"] = new
    return tree, revision


def case_kind() -> tuple[Any, Any]:
    tree = bundled()
    revision = copy.deepcopy(tree)
    model = first_available(tree)
    models(revision)[model]["x-rivya-model"]["kind"] = "elsewhere"
    return tree, revision


CASES = [
    ("model-added", lambda: (bundled(), add(bundled(), "rivya-new-1"))),
    ("model-removed", case_removed),
    ("model-removed-after-deprecation", case_removed_deprecated),
    ("model-removed-before-sunset", lambda: case_removed_deprecated("2026-08-31")),
    ("model-gated", lambda: case_status("available", "gated")),
    ("model-ungated", lambda: case_status("gated", "available")),
    ("model-deprecated", lambda: case_status("available", "deprecated")),
    ("model-undeprecated", lambda: case_status("deprecated", "available")),
    ("model-kind-changed", case_kind),
]


@pytest.mark.parametrize(("rule_id", "make"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, make: Any) -> None:
    base, revision = make()
    findings = run(base, revision, profile="rivya")
    found = [f for f in findings if f.rule == rule_id]
    assert len(found) == 1, [f.rule for f in findings]
    assert found[0].level == rules.get(rule_id).level
    pointer = found[0].base_pointer if "removed" in rule_id else found[0].revision_pointer
    assert (pointer or "").startswith(CATALOG + ".")
    if "removed" in rule_id:  # the revision line is where the model was listed, not "schemas": {
        assert found[0].revision_pointer == CATALOG + "/discriminator/mapping"
    # a catalog change names the operation that takes the catalog
    assert found[0].operation == "POST /api/v1/generations"
    assert found[0].operations == ["POST /api/v1/generations"]
    # one logical change, one finding: the generic oneOf-variant finding is dropped
    assert not [f for f in findings if "one-of-variant" in f.rule]


def test_strict_profile_reports_the_generic_variant_finding() -> None:
    base, revision = case_removed()
    rules_found = {f.rule for f in run(base, revision, profile="strict")}
    assert "request-property-one-of-variant-removed" in rules_found
    assert "model-removed" not in rules_found


# x-rivya-model lifecycle: (sunset_at, rule, level, exit fails?) with today = 2026-06-01
LIFECYCLE = [
    ("2026-05-31", "model-removed-after-deprecation", "compatible", False),
    ("2026-06-01", "model-removed-after-deprecation", "compatible", False),  # on the day: sunset reached
    ("2026-06-02", "model-removed-before-sunset", "breaking", True),
    (None, "model-removed-before-sunset", "breaking", True),  # deprecated with no end date promised
    ("soon", "model-removed-before-sunset", "breaking", True),  # unparsable: fail closed
]


@pytest.mark.parametrize(("sunset_at", "rule_id", "level", "fails"), LIFECYCLE)
def test_deprecated_model_lifecycle(sunset_at: str | None, rule_id: str, level: str, fails: bool) -> None:
    from rivya_contract import policy

    findings = run(*case_removed_deprecated(sunset_at), profile="rivya")
    assert [(f.rule, f.level) for f in findings] == [(rule_id, level)]
    assert bool(policy.failing(findings)) is fails
