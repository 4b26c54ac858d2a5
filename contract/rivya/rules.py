"""Rules of `catalog drift` beyond the diff's own (registered in rivya_contract.rules).

Drift speaks the version policy's rule IDs wherever the change is one the contract diff
judges (model-added, model-gated, request-property-max-increased, ...). The lifecycle of a
model is not judged by the diff, so it has its own rule here.
"""

from __future__ import annotations

from rivya_contract.diff.checks import rule_maker
from rivya_contract.findings import Level
from rivya_contract.rules import Direction

_rule = rule_maker("catalog", Direction.REQUEST)

RULES = [
    _rule(
        "model-lifecycle-changed",
        Level.WARNING,
        "A model's lifecycle (deprecated_at, sunset_at, replaced_by) differs between two catalogs.",
        "model {model!r}: {field} is {old} in the base, {new} in the revision",
        reason="a change in place: it is its own opposite",
    ),
]
