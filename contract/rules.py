"""The rule registry: every rule ID with its level, direction and description.

Rules are data. Each rule family module declares ``RULES: list[Rule]``; the wording of
a finding is the rule's ``message`` template, filled from the finding's arguments, so
checks never build sentences themselves.
"""

from __future__ import annotations

import importlib
import string
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from rivya_contract.findings import Level

# Every module that declares rules. A new family adds one line here.
RULE_MODULES = (
    "rivya_contract.validate.spec",
    "rivya_contract.validate.refs",
    "rivya_contract.validate.loops",
    "rivya_contract.validate.patterns",
    "rivya_contract.validate.boundary",
    "rivya_contract.validate.operations",
    "rivya_contract.validate.catalog",
    "rivya_contract.validate.surface",
    "rivya_contract.validate.examples",
    "rivya_contract.proptest.rules",
    "rivya_contract.diff.checks.info",
    "rivya_contract.diff.checks.endpoints",
    "rivya_contract.diff.checks.security",
    "rivya_contract.diff.checks.parameters",
    "rivya_contract.diff.checks.request_body",
    "rivya_contract.diff.checks.responses",
    "rivya_contract.diff.checks.webhooks",
    "rivya_contract.diff.checks.stability",
    "rivya_contract.diff.checks.sunset",
    "rivya_contract.diff.checks.catalog",
    "rivya_contract.policy",
    "rivya_contract.rivya.rules",
)


class Direction(StrEnum):
    """Whom a change reaches: what clients send, what they receive, or neither."""

    REQUEST = "request"
    RESPONSE = "response"
    NONE = "none"


@dataclass(frozen=True)
class Rule:
    id: str  # stable, kebab-case
    level: Level  # validation: error|warning; diff: breaking|warning|compatible
    description: str  # one line, for the catalogue
    message: str  # template: "operation {operation} has no security requirement"
    area: str  # "validate" or the diff family ("paths", "parameters", ...)
    direction: Direction = Direction.NONE
    mirror: str | None = None  # the opposite rule (added/removed, request/response)
    mirror_reason: str | None = None  # why there is no mirror, when there is none

    def __post_init__(self) -> None:
        # Coerce and check: a typo'd level or direction fails at import, not in a report.
        object.__setattr__(self, "level", Level(self.level))
        object.__setattr__(self, "direction", Direction(self.direction))

    def render(self, args: dict[str, Any]) -> str:
        return string.Formatter().vformat(self.message, (), _Lenient(args))


class _Lenient(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@cache
def registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        for rule in module.RULES:
            if rule.id in rules:
                raise RuntimeError(f"rule {rule.id} declared twice ({name})")
            rules[rule.id] = rule
    return rules


def get(rule_id: str) -> Rule:
    return registry()[rule_id]
