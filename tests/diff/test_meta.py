"""Every diff rule is tested, described, mirrored (or says why not), and docs/rules.md is
generated from the registry."""

from __future__ import annotations

import importlib
from pathlib import Path

from rivya_contract import rules
from rivya_contract.commands.rules import as_markdown, rows

TEST_MODULES = (
    "test_endpoints",
    "test_security",
    "test_parameters",
    "test_request_body",
    "test_responses",
    "test_webhooks",
    "test_info",
    "test_catalog",
    "test_policy",
    "test_schema_kinds",
    "test_rivya_policy",
    "test_lifecycle",
    "tests.catalog.test_drift",
)
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def collect_tested_rules() -> set[str]:
    found: set[str] = set()
    for name in TEST_MODULES:
        for case in importlib.import_module(name).CASES:
            found.add(case[0])
    return found


DIFF_MODULES = (
    *(
        f"rivya_contract.diff.checks.{n}"
        for n in (
            "info",
            "endpoints",
            "security",
            "parameters",
            "request_body",
            "responses",
            "webhooks",
            "catalog",
            "stability",
            "sunset",
        )
    ),
    "rivya_contract.policy",
    "rivya_contract.rivya.rules",
)


def diff_rules() -> list[rules.Rule]:
    return [r for name in DIFF_MODULES for r in importlib.import_module(name).RULES]


def test_diff_rule_modules_are_registered() -> None:
    assert set(DIFF_MODULES) <= set(rules.RULE_MODULES)


def test_every_diff_rule_has_a_fixture_test() -> None:
    missing = sorted(r.id for r in diff_rules() if r.id not in collect_tested_rules())
    assert missing == []


def test_every_rule_has_description_level_and_mirror() -> None:
    registry = rules.registry()
    for rule in diff_rules():
        assert rule.description.strip(), rule.id
        assert rule.level in ("breaking", "warning", "compatible"), rule.id
        assert rule.id == rule.id.lower() and " " not in rule.id, rule.id
        if rule.mirror is None:
            assert rule.mirror_reason, f"{rule.id}: no mirror and no reason"
        else:
            assert rule.mirror in registry, f"{rule.id}: mirror {rule.mirror} is not a rule"


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == as_markdown(rows()), (
        "regenerate: rivya-contract rules --format markdown > docs/rules.md"
    )


def test_levels_and_directions_are_enums_that_serialise_as_plain_strings() -> None:
    import json

    import pytest

    from rivya_contract.findings import Finding, Level
    from rivya_contract.report import render
    from rivya_contract.rules import Direction, Rule

    for rule in rules.registry().values():
        assert type(rule.level) is Level, rule.id
        assert type(rule.direction) is Direction, rule.id
    with pytest.raises(ValueError):
        Rule("x", "fatal", "d", "m", area="t")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Rule("x", Level.BREAKING, "d", "m", area="t", direction="sideways")  # type: ignore[arg-type]
    finding = Finding("request-body-removed", Level.BREAKING, "gone", operation="GET /a")
    data = json.loads(render([finding], "json"))
    assert data["changes"][0]["level"] == "breaking"
    assert data["summary"] == {"breaking": 1, "warning": 0, "compatible": 0}
    assert type(Finding("r", "warning", "m").level) is Level  # type: ignore[arg-type]


def test_every_profile_divergence_names_a_registered_rule_and_a_reason() -> None:
    from rivya_contract import policy

    registry = rules.registry()
    for rule_id, (level, reason, _) in policy.RIVYA_LEVELS.items():
        assert rule_id in registry, rule_id
        assert level != registry[rule_id].level and reason.strip(), rule_id
    for rule_id, (theirs, their_level, reason) in policy.OASDIFF_DIVERGENCES.items():
        assert rule_id in registry, rule_id
        assert theirs and their_level in ("ERR", "WARN", "INFO") and reason.strip(), rule_id
    for rule_id in policy.RIVYA_EXEMPTIONS:
        assert rule_id in registry, rule_id
