"""Rule family: what every Rivya operation must declare.

An operationId, a summary, a description and tags; bearer security with scopes
(except the public contract route); documented error responses whose body is
PublicApiError, including 401/403 when secured and 429 with its rate-limit headers;
an Idempotency-Key on the creating POSTs; text/event-stream on the chat stream.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract import rivya
from rivya_contract.document import Document, Operation
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding

_REASON = "validation rule: it judges one document, not a change"


def _rule(rule_id: str, level: Level, description: str, message: str) -> Rule:
    return Rule(rule_id, level, description, message, area="validate", mirror_reason=_REASON)


RULES = [
    _rule(
        "operation-id-missing",
        Level.ERROR,
        "An operation has no operationId.",
        "{operation} has no operationId",
    ),
    _rule(
        "operation-summary-missing",
        Level.WARNING,
        "An operation has no summary.",
        "{operation} has no summary",
    ),
    _rule(
        "operation-description-missing",
        Level.WARNING,
        "An operation has no description.",
        "{operation} has no description",
    ),
    _rule("operation-tags-missing", Level.WARNING, "An operation has no tags.", "{operation} has no tags"),
    _rule(
        "operation-security-missing",
        Level.ERROR,
        "An operation other than the public contract route declares no security.",
        "{operation} declares no security requirement",
    ),
    _rule(
        "operation-scopes-missing",
        Level.ERROR,
        "An operation's security requirement names no scope.",
        "{operation} requires a key but names no scope",
    ),
    _rule(
        "operation-public-has-security",
        Level.ERROR,
        "The public contract route requires a key (it must be readable without one).",
        "{operation} is public contract output and must not require a key",
    ),
    _rule(
        "operation-error-responses-missing",
        Level.ERROR,
        "An operation documents no error (4xx/5xx) response.",
        "{operation} documents no error response",
    ),
    _rule(
        "operation-auth-errors-missing",
        Level.ERROR,
        "A secured operation does not document 401 and 403.",
        "{operation} is secured but does not document {missing}",
    ),
    _rule(
        "error-response-not-public-api-error",
        Level.ERROR,
        "An error response's body is not PublicApiError.",
        "{operation} response {status} does not return PublicApiError",
    ),
    _rule(
        "rate-limit-response-missing",
        Level.WARNING,
        "A secured operation does not document 429.",
        "{operation} does not document 429 Too Many Requests",
    ),
    _rule(
        "rate-limit-headers-missing",
        Level.ERROR,
        "A 429 response lacks Retry-After or the X-RateLimit-* headers.",
        "{operation} 429 response lacks the header(s) {missing}",
    ),
    _rule(
        "idempotency-key-missing",
        Level.ERROR,
        "A creating POST does not accept an Idempotency-Key header.",
        "{operation} creates a resource but takes no Idempotency-Key header",
    ),
    _rule(
        "stream-media-type-missing",
        Level.ERROR,
        "The chat stream operation does not return text/event-stream.",
        "{operation} does not return text/event-stream",
    ),
]


def check(doc: Document) -> Iterator[Finding]:
    root_security = doc.tree.get("security")
    for op in doc.operations():
        yield from _documentation(doc, op)
        secured = yield from _security(doc, op, root_security)
        yield from _errors(doc, op, secured)
        if op.key in rivya.CREATING_POSTS and not _has_header_param(doc, op, "Idempotency-Key"):
            yield finding(doc, "idempotency-key-missing", op.pointer, operation=op.key)
        if op.key == rivya.CHAT_STREAM and not _returns_media(doc, op, "text/event-stream"):
            yield finding(doc, "stream-media-type-missing", op.pointer, operation=op.key)


def _documentation(doc: Document, op: Operation) -> Iterator[Finding]:
    for field, rule_id in (
        ("operationId", "operation-id-missing"),
        ("summary", "operation-summary-missing"),
        ("description", "operation-description-missing"),
        ("tags", "operation-tags-missing"),
    ):
        if not op.node.get(field):
            yield finding(doc, rule_id, op.pointer, operation=op.key)


def _security(doc: Document, op: Operation, root_security: Any) -> Generator[Finding, None, bool]:
    """Check security; return (through StopIteration) whether a key is required."""
    security = op.node.get("security", root_security)
    requirements = [r for r in security or [] if isinstance(r, dict) and r]
    pointer = jp.append(op.pointer, "security") if "security" in op.node else op.pointer
    if op.key in rivya.PUBLIC_OPERATIONS:
        if requirements and {} not in (security or []):
            yield finding(doc, "operation-public-has-security", pointer, operation=op.key)
        return False
    if not requirements:
        yield finding(doc, "operation-security-missing", pointer, operation=op.key)
        return False
    scoped = all(any(scopes for scopes in r.values()) for r in requirements)
    if not scoped and not op.node.get("x-rivya-scopes"):
        yield finding(doc, "operation-scopes-missing", pointer, operation=op.key)
    return True


def _errors(doc: Document, op: Operation, secured: bool) -> Iterator[Finding]:
    responses = op.node.get("responses")
    if not isinstance(responses, dict):
        return
    errors = {str(code): doc.resolve(r) for code, r in responses.items() if _is_error(str(code))}
    where = jp.append(op.pointer, "responses")
    if not errors:
        yield finding(doc, "operation-error-responses-missing", where, operation=op.key)
        return
    for code, response in sorted(errors.items()):
        if not _returns_public_error(doc, response):
            yield finding(
                doc,
                "error-response-not-public-api-error",
                jp.append(where, code),
                operation=op.key,
                status=code,
            )
    if secured:
        missing = [code for code in ("401", "403") if code not in errors]
        if missing:
            yield finding(
                doc,
                "operation-auth-errors-missing",
                where,
                operation=op.key,
                missing=" and ".join(missing),
            )
        if "429" not in errors:
            yield finding(doc, "rate-limit-response-missing", where, operation=op.key)
    if "429" in errors:
        headers = errors["429"].get("headers") if isinstance(errors["429"], dict) else None
        names = {name.lower() for name in headers or {}}
        missing = [h for h in ("Retry-After", *rivya.RATE_LIMIT_HEADERS) if h.lower() not in names]
        if missing:
            yield finding(
                doc,
                "rate-limit-headers-missing",
                jp.append(where, "429"),
                operation=op.key,
                missing=", ".join(missing),
            )


def _is_error(code: str) -> bool:
    return code[:1] in ("4", "5") or code == "default"


def _returns_public_error(doc: Document, response: Any) -> bool:
    if not isinstance(response, dict):
        return False
    content = response.get("content")
    if not isinstance(content, dict) or not content:
        return False
    target = "#/components/schemas/" + rivya.ERROR_SCHEMA
    for media in content.values():
        schema = media.get("schema") if isinstance(media, dict) else None
        if not (isinstance(schema, dict) and schema.get("$ref") == target):
            return False
    return True


def _has_header_param(doc: Document, op: Operation, name: str) -> bool:
    for params in (op.path_item.get("parameters"), op.node.get("parameters")):
        for param in params or []:
            param = doc.resolve(param)
            if (
                isinstance(param, dict)
                and param.get("in") == "header"
                and str(param.get("name", "")).lower() == name.lower()
            ):
                return True
    return False


def _returns_media(doc: Document, op: Operation, media_type: str) -> bool:
    for code, response in (op.node.get("responses") or {}).items():
        response = doc.resolve(response)
        if str(code).startswith("2") and isinstance(response, dict) and media_type in (response.get("content") or {}):
            return True
    return False
