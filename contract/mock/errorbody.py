"""Error bodies shaped like the contract's error schema, with its documented codes.

The code for an HTTP status is the one the contract's own examples give for that status
(operation response first, then any response component); failing that, the first
``ErrorCode`` value whose name matches the status' meaning.
"""

from __future__ import annotations

import random
import re
from typing import Any

from rivya_contract.document import Document, Operation
from rivya_contract.mock import synth

ERROR_SCHEMA_NAMES = ("PublicApiError", "Error", "ErrorResponse", "ApiError")
ERROR_CODE_SCHEMA_NAMES = ("ErrorCode", "PublicErrorCode")

# Words that name a status' meaning inside an error code, most specific first.
_STATUS_WORDS: dict[int, tuple[str, ...]] = {
    400: ("invalid_request", "bad_request", "invalid", "validation"),
    401: ("unauthenticated", "unauthorized", "invalid_api_key", "auth"),
    402: ("insufficient_credits", "insufficient", "credit", "payment"),
    403: ("insufficient_scope", "forbidden", "scope", "permission"),
    404: ("not_found",),
    405: ("method_not_allowed", "method"),
    409: ("idempotency", "conflict"),
    413: ("too_large", "payload", "size"),
    415: ("unsupported_media", "media_type", "content_type"),
    422: ("validation", "invalid_param", "invalid"),
    429: ("rate_limit", "rate", "too_many"),
    500: ("internal", "server"),
    503: ("unavailable", "overloaded"),
}


class ErrorBodies:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        schemas = doc.get("/components/schemas") or {}
        name = next((n for n in ERROR_SCHEMA_NAMES if n in schemas), None)
        self.schema: dict[str, Any] = doc.resolve(schemas[name]) if name else {}
        code_name = next((n for n in ERROR_CODE_SCHEMA_NAMES if n in schemas), None)
        enum = doc.resolve(schemas[code_name]).get("enum") if code_name else None
        self.codes: list[str] = [str(c) for c in enum or []]
        statuses = doc.resolve(schemas[code_name]).get("x-rivya-http-status") if code_name else None
        self.statuses: dict[str, int] = dict(statuses) if isinstance(statuses, dict) else {}
        self._by_status: dict[tuple[str, int], str] = {}

    def resolve(self, status: int, code: str | None, op: Operation | None) -> tuple[int, str]:
        """The (status, code) to send: a wanted code the contract lists keeps its
        documented status; otherwise the contract's code for the status is used."""
        if code is not None and (code in self.codes or not self.codes):
            return (status or self.statuses.get(code, 400)), code
        status = status or 400
        return status, self.code_for(status, op)

    def code_for(self, status: int, op: Operation | None) -> str:
        key = (op.key if op else "", status)
        if key not in self._by_status:
            self._by_status[key] = self._find_code(status, op)
        return self._by_status[key]

    def _find_code(self, status: int, op: Operation | None) -> str:
        if op is not None:
            found = self._example_code(op.node.get("responses", {}).get(str(status)))
            if found:
                return found
        for response in (self.doc.get("/components/responses") or {}).values():
            found = self._example_code(response, status)
            if found:
                return found
        for word in _STATUS_WORDS.get(status, ()):
            for code in self.codes:
                if word in code:
                    return code
        return self.codes[0] if self.codes else _generic_code(status)

    def _example_code(self, response: Any, status: int | None = None) -> str | None:
        response = self.doc.resolve(response)
        if not isinstance(response, dict):
            return None
        for media in (response.get("content") or {}).values():
            examples = [media.get("example")]
            examples += [
                self.doc.resolve(e).get("value")
                for e in (media.get("examples") or {}).values()
                if isinstance(self.doc.resolve(e), dict)
            ]
            for example in examples:
                code, example_status = _code_in(example)
                if code and (status is None or example_status == status):
                    return code
        return None

    def body(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> Any:
        props = self.schema.get("properties") or {}
        inner_schema = self.doc.resolve(props.get("error")) if "error" in props else None
        if isinstance(inner_schema, dict) and inner_schema.get("type", "object") == "object":
            inner = self._fill(inner_schema, status, code, message, details)
            outer = self._fill(self.schema, status, code, message, details)
            outer["error"] = inner
            return outer
        if self.schema:
            return self._fill(self.schema, status, code, message, details)
        return {"error": {"code": code, "message": message}}

    def _fill(
        self,
        schema: dict[str, Any],
        status: int,
        code: str,
        message: str,
        details: dict[str, Any] | None,
    ) -> dict[str, Any]:
        props = schema.get("properties") or {}
        known: dict[str, Any] = {"code": code, "message": message, "status": status}
        if details:
            known.update(details)
        filled: dict[str, Any] = {}
        for name in props:
            if name in known:
                filled[name] = known[name]
            elif name in (schema.get("required") or []) and name != "error":
                filled[name] = synth.instance(self.doc, props[name], random.Random(0))
        return filled


def _code_in(example: Any) -> tuple[str | None, int | None]:
    if not isinstance(example, dict):
        return None, None
    inner: dict[str, Any] = example["error"] if isinstance(example.get("error"), dict) else example
    code = inner.get("code")
    status = inner.get("status", example.get("status"))
    return (code if isinstance(code, str) else None), (status if isinstance(status, int) else None)


def _generic_code(status: int) -> str:
    words = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}
    return words.get(status, re.sub(r"\W", "_", f"http_{status}"))
