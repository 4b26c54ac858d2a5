"""What every validation rule family shares: how a finding is made."""

from __future__ import annotations

from typing import Any

from rivya_contract import rules
from rivya_contract.document import Document
from rivya_contract.findings import Finding


def finding(
    doc: Document,
    rule_id: str,
    pointer: str,
    *,
    operation: str | None = None,
    **args: Any,
) -> Finding:
    rule = rules.get(rule_id)
    position = doc.position(pointer)
    if operation is not None:
        args.setdefault("operation", operation)
    return Finding(
        rule=rule_id,
        level=rule.level,
        message=rule.render(args),
        pointer=pointer,
        line=position[0] if position else None,
        column=position[1] if position else None,
        operation=operation,
        source=doc.source,
        args=args,
    )
