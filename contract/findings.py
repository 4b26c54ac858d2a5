"""A Finding is one shape everywhere: validation, diff and property tests all report
through it, so the same reporters serve every command."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """How much a finding matters. Validation uses ERROR/WARNING, a diff
    BREAKING/WARNING/COMPATIBLE; a StrEnum, so reports serialise the plain value."""

    ERROR = "error"
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"
    COMPATIBLE = "compatible"


DIFF_LEVELS = (Level.BREAKING, Level.WARNING, Level.COMPATIBLE)
LEVEL_ORDER = {Level.ERROR: 0, Level.BREAKING: 0, Level.WARNING: 1, Level.INFO: 2, Level.COMPATIBLE: 2}


@dataclass
class Finding:
    rule: str
    level: Level
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
    # Every operation (and "WEBHOOK name") the change reaches. A change inside a shared
    # component is one finding with operation None and all of them here.
    operations: list[str] = field(default_factory=list)
    base_line: int | None = None  # for a diff: the line of base_pointer in the base document

    def __post_init__(self) -> None:
        self.level = Level(self.level)  # fail early on a level that does not exist

    def sort_key(self) -> tuple[Any, ...]:
        return (
            LEVEL_ORDER.get(self.level, 9),
            self.operation or (self.operations[0] if self.operations else ""),
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
            "operations": self.operations,
            "base_line": self.base_line,
            "args": self.args,
        }
