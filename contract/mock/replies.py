"""What a handler returns, and the one exception that becomes an error response."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    status: int
    body: Any = None  # JSON value; ignored when raw or stream is set
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"
    raw: bytes | None = None
    stream: AsyncIterator[bytes] | None = None


class ApiError(Exception):
    """An error the contract documents: HTTP status, public error code, message."""

    def __init__(
        self,
        status: int,
        code: str | None,
        message: str,
        *,
        param: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status  # 0: the status the contract maps the code to
        self.code = code  # None: the code the contract documents for the status
        self.message = message
        self.param = param
        self.headers = headers or {}
