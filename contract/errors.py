"""The one exception type for input we cannot use (exit code 2 at the command line)."""

from __future__ import annotations


class SourceError(Exception):
    """A source could not be read, fetched or parsed.

    Carries where (the source, and a JSON pointer or a line and column when known) and
    what is wrong, so every command can print one clear line instead of a traceback.
    """

    def __init__(
        self,
        source: str,
        message: str,
        *,
        pointer: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.source = source
        self.message = message
        self.pointer = pointer
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.pointer is not None:
            where += f" (at {self.pointer or '/'})"
        return f"{where}: {self.message}"
