"""The property-test checks: rules as data, and one function per response check.

Each check function looks at one exchange (the request sent and the response got) and
returns ``(rule id, args)`` pairs; the wording lives in the rule's message template.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rivya_contract.document import Document, Operation
from rivya_contract.proptest import schema_view
from rivya_contract.proptest.requests import Prepared, Request, coerce
from rivya_contract.proptest.rules import RULES

__all__ = ["CHECKS", "RULES", "Exchange", "OperationChecks"]


SCHEMA_REJECTIONS = frozenset({400, 422})
# Rivya error codes that mean "the request breaks the schema" (others, such as
# unknown_model or file_not_usable, reject a schema-valid request on purpose).
SCHEMA_ERROR_CODES = frozenset({"invalid_request", "missing_parameter", "invalid_parameter", "unknown_parameter"})
# String formats whose values name something the server looks up.
_REFERENCE_FORMATS = frozenset({None, "uri", "uri-reference", "url", "uuid"})


@dataclass
class Exchange:
    request: Request
    prepared: Prepared
    status: int
    headers: list[tuple[str, str]]  # lower-case names, in order
    body: bytes
    kind: str = "valid"  # valid | invalid | auth-none | auth-scope | other-account
    notes: dict[str, Any] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)

    @property
    def media_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def json(self) -> Any:
        return json.loads(self.body)


Result = tuple[str, dict[str, Any]]


class OperationChecks:
    """The checks for one operation of one document."""

    def __init__(self, doc: Document, operation: Operation) -> None:
        self.doc = doc
        self.view = schema_view.view(doc)
        self.operation = operation
        responses = doc.resolve(operation.node.get("responses"))
        self.responses: dict[str, Any] = responses if isinstance(responses, dict) else {}
        schemas = doc.get("/components/schemas") or {}
        self.error_schema: Any = (
            {"$ref": "#/components/schemas/PublicApiError"} if "PublicApiError" in schemas else None
        )

    def documented(self, status: int) -> tuple[str, Any] | None:
        for key in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
            if key in self.responses:
                return key, self.doc.resolve(self.responses[key])
        return None

    def run(self, exchange: Exchange) -> list[Result]:
        found: list[Result] = []
        for check in CHECKS:
            found.extend(check(self, exchange))
        return found

    def args(self, exchange: Exchange, **more: Any) -> dict[str, Any]:
        return {"operation": self.operation.key, "status": exchange.status, "kind": exchange.kind, **more}


def no_5xx(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    return [("no-5xx", ctx.args(ex))] if ex.status >= 500 else []


def status_documented(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    if ex.status >= 500 and "default" not in ctx.responses:
        return []  # reported by no-5xx
    return [] if ctx.documented(ex.status) else [("status-documented", ctx.args(ex))]


def _documented_media(ctx: OperationChecks, ex: Exchange) -> tuple[dict[str, Any], str | None]:
    found = ctx.documented(ex.status)
    if found is None or not isinstance(found[1], dict):
        return {}, None
    content = found[1].get("content")
    if not isinstance(content, dict):
        return {}, None
    for media, _media_object in content.items():
        if _media_matches(ex.media_type, media):
            return content, media
    return content, None


def _media_matches(actual: str, documented: str) -> bool:
    documented = documented.split(";")[0].strip().lower()
    if documented in ("*/*", actual):
        return True
    major, _, minor = documented.partition("/")
    return minor == "*" and actual.startswith(major + "/")


def content_type_documented(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    if ctx.documented(ex.status) is None or not ex.body:
        return []
    content, media = _documented_media(ctx, ex)
    if media is not None:
        return []
    documented = ", ".join(sorted(content)) or "no body"
    return [("content-type-documented", ctx.args(ex, content_type=ex.media_type or "(none)", documented=documented))]


def response_schema(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    content, media = _documented_media(ctx, ex)
    if media is None or "json" not in media:
        return []
    schema = (content.get(media) or {}).get("schema")
    if schema is None:
        return []
    try:
        value = ex.json()
    except ValueError as exc:
        return [("response-schema", ctx.args(ex, error=f"not JSON ({exc})"))]
    errors = ctx.view.errors(schema, value)
    return [("response-schema", ctx.args(ex, error=errors[0], errors=errors))] if errors else []


def response_headers(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    found = ctx.documented(ex.status)
    if found is None or not isinstance(found[1], dict) or not isinstance(found[1].get("headers"), dict):
        return []
    results: list[Result] = []
    for name, raw in found[1]["headers"].items():
        header = ctx.doc.resolve(raw)
        if not isinstance(header, dict) or name.lower() == "content-type":
            continue
        value = ex.header(name)
        if value is None:
            if header.get("required") is True:
                results.append(("response-headers", ctx.args(ex, header=name, error="required but missing")))
            continue
        schema = header.get("schema")
        if schema is None:
            continue
        parsed = coerce(value, ctx.view.resolve(schema))
        if not ctx.view.is_valid(schema, parsed):
            results.append(
                ("response-headers", ctx.args(ex, header=name, error=f"{value!r} does not match its schema"))
            )
    return results


def invalid_request_rejected(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    if ex.kind != "invalid" or ex.request.violation is None or ex.status >= 500:
        return []
    violation = ex.request.violation.describe()
    if not 400 <= ex.status < 500:
        return [("invalid-request-rejected", ctx.args(ex, violation=violation, detail=""))]
    if ctx.error_schema is not None:
        try:
            errors = ctx.view.errors(ctx.error_schema, ex.json())
        except ValueError:
            errors = ["the body is not JSON"]
        if errors:
            detail = f", but the body is not a PublicApiError ({errors[0]})"
            return [("invalid-request-rejected", ctx.args(ex, violation=violation, detail=detail))]
    return []


def valid_request_accepted(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    if ex.kind != "valid" or ex.status not in SCHEMA_REJECTIONS:
        return []
    code = _error_code(ex)
    if (code is not None and code not in SCHEMA_ERROR_CODES) or _blames_reference(ctx, ex):
        return []
    try:
        detail = json.dumps(ex.json(), ensure_ascii=False)[:300]
    except ValueError:
        detail = ex.body[:300].decode("utf-8", "replace")
    return [("valid-request-accepted", ctx.args(ex, detail=detail))]


def _error_code(ex: Exchange) -> str | None:
    try:
        code = ex.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None
    return code if isinstance(code, str) else None


def _blames_reference(ctx: OperationChecks, ex: Exchange) -> bool:
    """The error names a parameter or body field that is a reference (a string with no
    enum or pattern, such as a cursor, an ID or a URL): a schema-valid value may name
    nothing, and rejecting it is right."""
    try:
        param = ex.json()["error"]["param"]
    except (ValueError, KeyError, TypeError):
        return False
    if not isinstance(param, str):
        return False
    schema: Any = None
    for raw in [*ctx.operation.path_item.get("parameters", []), *ctx.operation.node.get("parameters", [])]:
        parameter = ctx.doc.resolve(raw)
        if isinstance(parameter, dict) and parameter.get("name") == param:
            schema = parameter.get("schema")
    if schema is None:
        schema = _body_field(ctx, ex.request.body, param_tokens(param))
    schema = ctx.view.resolve(schema)
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and schema.get("format") in _REFERENCE_FORMATS
        and not any(k in schema for k in ("enum", "const", "pattern"))
    )


def param_tokens(param: str) -> list[str]:
    """The steps of an error's field path, written with dots or brackets:
    ``a.items[0].url`` and ``a.items.0.url`` both give ``["a", "items", "0", "url"]``."""
    return re.findall(r"[^.\[\]]+", param)


def _body_field(ctx: OperationChecks, body: Any, path: list[str]) -> Any:
    """The schema of the body field at ``path`` (through $ref, allOf and the discriminated
    branch the body chose), or None."""
    from rivya_contract.proptest.requests import OperationRequests

    schema = OperationRequests(ctx.doc, ctx.operation).body_schema
    value = body
    for token in path:
        schema = _branch(ctx, ctx.view.resolve(schema), value)
        if not isinstance(schema, dict):
            return None
        if token.isdigit():
            schema = schema.get("items")
            value = value[int(token)] if isinstance(value, list) and int(token) < len(value) else None
        else:
            schema = (schema.get("properties") or {}).get(token)
            value = value.get(token) if isinstance(value, dict) else None
    return _branch(ctx, ctx.view.resolve(schema), value)


def _branch(ctx: OperationChecks, schema: Any, value: Any) -> Any:
    if isinstance(schema, dict) and isinstance(schema.get("oneOf"), list):
        for option in schema["oneOf"]:
            if ctx.view.is_valid(option, value):
                return ctx.view.resolve(option)
        discriminator = schema.get("discriminator") or {}
        mapping = discriminator.get("mapping") or {}
        if isinstance(value, dict) and value.get(discriminator.get("propertyName")) in mapping:
            return ctx.view.ref_target(mapping[value[discriminator["propertyName"]]])
    return schema


def auth_enforced(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    expected = {"auth-none": 401, "auth-scope": 403}.get(ex.kind)
    if expected is None or ex.status == expected:
        return []
    case = "without an API key" if ex.kind == "auth-none" else "with a key that lacks the scope"
    return [("auth-enforced", ctx.args(ex, case=case, expected=expected))]


CHECKS: tuple[Callable[[OperationChecks, Exchange], list[Result]], ...] = (
    no_5xx,
    status_documented,
    content_type_documented,
    response_schema,
    response_headers,
    invalid_request_rejected,
    valid_request_accepted,
    auth_enforced,
)
