"""A Finding is one shape everywhere: validation, diff and property tests all report
through it, so the same reporters serve every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LEVEL_ORDER = {"error": 0, "breaking": 0, "warning": 1, "info": 2, "compatible": 2}


@dataclass
class Finding:
    rule: str
    level: str  # validation: error|warning; diff: breaking|warning|compatible
    message: str
    pointer: str = ""  # where, in the document checked (the revision for a diff)
    line: int | None = None
    column: int | None = None
    operation: str | None = None  # "GET /api/v1/models"
    source: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    base_pointer: str | None = None
    revision_pointer: str | None = None
    migration: str | None = None  # the migration entry that covers a breaking change

    def sort_key(self) -> tuple[Any, ...]:
        return (
            LEVEL_ORDER.get(self.level, 9),
            self.operation or "",
            self.pointer,
            self.rule,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level,
            "operation": self.operation,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "base_pointer": self.base_pointer,
            "revision_pointer": self.revision_pointer,
            "migration": self.migration,
            "args": self.args,
        }
