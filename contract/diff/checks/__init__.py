"""Diff rule families: one module per family, each with ``RULES`` and ``check(cmp)``."""

from __future__ import annotations

from collections.abc import Callable

from rivya_contract.findings import Level
from rivya_contract.rules import Direction, Rule


def rule_maker(area: str, direction: Direction = Direction.NONE) -> Callable[..., Rule]:
    """The ``_rule(id, level, description, message, mirror, reason)`` of one family.

    ``reason`` says why a rule has no mirror; it is only kept when ``mirror`` is None.
    """

    def make(
        rid: str, level: Level, description: str, message: str, mirror: str | None = None, reason: str | None = None
    ) -> Rule:
        return Rule(
            rid,
            level,
            description,
            message,
            area=area,
            direction=direction,
            mirror=mirror,
            mirror_reason=reason if mirror is None else None,
        )

    return make
