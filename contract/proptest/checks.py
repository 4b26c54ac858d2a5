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
from rivya_contract.proptest import media, schema_view
from rivya_contract.proptest.requests import Prepared, Request, coerce
from rivya_contract.proptest.rules import RULES
from rivya_contract.rivya import detect

__all__ = ["CHECKS", "RULES", "Exchange", "OperationChecks"]


SCHEMA_REJECTIONS = frozenset({400, 422})
# Rivya error codes that mean "the request breaks the schema" (others, such as
# unknown_model or file_not_usable, reject a schema-valid request on purpose).
SCHEMA_ERROR_CODES = frozenset({"invalid_request", "missing_parameter", "invalid_parameter", "unknown_parameter"})
# String formats whose values name something the server looks up.
_REFERENCE_FORMATS = frozenset({None, "uri", "uri-reference", "url", "uuid"})
# Names of parameters and fields that hold a reference (an ID, a cursor, a token): a
# schema-valid value of one may name nothing the server knows.
_REFERENCE_NAME = re.compile(
    r"(?:^|[_\-.])(?:id|ids|uuid|cursor|token|key|ref|after|before|next|prev|previous|page|offset_token|url|uri"
    r"|file|handle|slug|etag|continuation)$|[a-z](?:Id|Ids|Cursor|Token|Key|Ref|Url|Uri)$",
    re.IGNORECASE,
)
_MAX_SCHEMA_ERRORS = 5
_VOLATILE = re.compile(r"[0-9a-f]{8,}|\d+", re.IGNORECASE)


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
        self.view = schema_view.view(doc, "response")
        self.request_view = schema_view.view(doc, "request")
        self.operation = operation
        responses = doc.resolve(operation.node.get("responses"))
        self.responses: dict[str, Any] = responses if isinstance(responses, dict) else {}
        schemas = doc.get("/components/schemas") or {}
        self.error_schema: Any = (
            {"$ref": "#/components/schemas/PublicApiError"} if "PublicApiError" in schemas and detect(doc) else None
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
    if ex.status < 500:
        return []
    # A boundary case says where its value was: two crashes with one generic body at two
    # places are two failures (the runner folds them when many places crash alike).
    origin = ex.request.origin
    where = {"place": origin} if origin else {}
    signature = f"{ex.status} {body_signature(ex.body)}" + (f" @{origin}" if origin else "")
    return [("no-5xx", ctx.args(ex, signature=signature, **where))]


def body_signature(body: bytes) -> str:
    """A body's first words with numbers and hex runs blanked: two answers of one bug
    share it though their IDs and timestamps differ."""
    return _VOLATILE.sub("#", body[:160].decode("utf-8", "replace"))


def status_documented(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    if ex.status >= 500 and "default" not in ctx.responses:
        return []  # reported by no-5xx
    return [] if ctx.documented(ex.status) else [("status-documented", ctx.args(ex, signature=str(ex.status)))]


def _documented_media(ctx: OperationChecks, ex: Exchange) -> tuple[dict[str, Any], str | None]:
    found = ctx.documented(ex.status)
    if found is None or not isinstance(found[1], dict):
        return {}, None
    content = found[1].get("content")
    if not isinstance(content, dict):
        return {}, None
    for documented in content:
        if _media_matches(ex.media_type, documented):
            return content, documented
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
    content, found = _documented_media(ctx, ex)
    if found is not None:
        return []
    documented = ", ".join(sorted(content)) or "no body"
    actual = ex.media_type or "(none)"
    return [("content-type-documented", ctx.args(ex, content_type=actual, documented=documented, signature=actual))]


def response_schema(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    content, documented = _documented_media(ctx, ex)
    if documented is None:
        return []
    schema = (content.get(documented) or {}).get("schema")
    # Judged by the kind the server said it sent (a documented */* may hide any kind).
    body_kind = media.kind(ex.media_type if documented.endswith("/*") else documented)
    if body_kind is media.MediaKind.JSON and schema is None:
        return []
    try:
        values = media.documents(body_kind, ex.body)
    except media.BodyError as exc:
        return [("response-schema", ctx.args(ex, error=str(exc), signature=f"{body_kind.value}-unreadable"))]
    if schema is None:
        return []
    if body_kind is media.MediaKind.NDJSON and _array_schema(ctx, schema):
        values = [values]
    found: dict[str, Result] = {}  # one per distinct way the body breaks its schema
    for value in values:
        errors = ctx.view.error_details(schema, value)
        lines = [line for line, _ in errors]
        for line, signature in errors:
            if signature not in found and len(found) < _MAX_SCHEMA_ERRORS:
                found[signature] = ("response-schema", ctx.args(ex, error=line, errors=lines, signature=signature))
    return list(found.values())


def _array_schema(ctx: OperationChecks, schema: Any) -> bool:
    resolved = ctx.view.resolve(schema)
    return isinstance(resolved, dict) and resolved.get("type") == "array"


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
                results.append(
                    ("response-headers", ctx.args(ex, header=name, error="required but missing", signature=name))
                )
            continue
        schema = header.get("schema")
        if schema is None:
            continue
        parsed = coerce(value, ctx.view.resolve(schema))
        if not ctx.view.is_valid(schema, parsed):
            results.append(
                (
                    "response-headers",
                    ctx.args(ex, header=name, error=f"{value!r} does not match its schema", signature=name + " value"),
                )
            )
    return results


def invalid_request_rejected(ctx: OperationChecks, ex: Exchange) -> list[Result]:
    if ex.kind != "invalid" or ex.request.violation is None or ex.status >= 500:
        return []
    violation = ex.request.violation.describe()
    broken = ex.request.violation
    signature = f"{broken.keyword} {broken.instance_path}"
    if not 400 <= ex.status < 500:
        return [("invalid-request-rejected", ctx.args(ex, violation=violation, detail="", signature=signature))]
    if ctx.error_schema is not None:
        try:
            errors = ctx.view.errors(ctx.error_schema, ex.json())
        except ValueError:
            errors = ["the body is not JSON"]
        if errors:
            detail = f", but the body is not a PublicApiError ({errors[0]})"
            return [("invalid-request-rejected", ctx.args(ex, violation=violation, detail=detail, signature=signature))]
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
    values_text = _error_text(ex, keys=False)
    names = sorted({name for name, _value, _schema in _inputs(ctx, ex.request)})
    blamed = [name for name in names if _named_in(name, values_text)] or [
        name for name in names if name.lower() not in _ENVELOPE and _named_in(name, _error_text(ex))
    ]
    signature = f"{ex.status} {blamed[0]}" if blamed else f"{ex.status} {body_signature(ex.body)}"
    return [("valid-request-accepted", ctx.args(ex, detail=detail, signature=signature))]


def _error_code(ex: Exchange) -> str | None:
    try:
        code = ex.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return None
    return code if isinstance(code, str) else None


# Keys of error envelopes (RFC 7807, FastAPI, Rivya...): naming them is not blaming a field.
_ENVELOPE = frozenset(
    {"type", "title", "status", "detail", "instance", "name", "reason", "message", "msg", "code", "error",
     "errors", "field", "param", "loc", "ctx", "input", "url", "description"}
)  # fmt: skip


def _error_text(ex: Exchange, *, keys: bool = True) -> str:
    """Every string of an error body (its keys and values, any shape: RFC 7807, a
    ``{"error": {...}}`` envelope, a list of field errors, plain text), one per line."""
    try:
        value = ex.json()
    except ValueError:
        return ex.body[:4000].decode("utf-8", "replace")
    words: list[str] = []
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if keys:
                words.extend(str(k) for k in current)
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
        elif current is not None:
            words.append(str(current))
    return "\n".join(words)


def _named_in(name: str, text: str) -> bool:
    """``name`` appears in ``text`` as a word or as a field path's last step."""
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])", text) is not None


def _inputs(ctx: OperationChecks, request: Request) -> list[tuple[str, Any, Any]]:
    """(name, value, schema) of each parameter sent and each body field (any depth)."""
    found: list[tuple[str, Any, Any]] = []
    slots = {"path": request.path_params, "query": request.query, "header": request.headers}
    for raw in [*ctx.operation.path_item.get("parameters", []), *ctx.operation.node.get("parameters", [])]:
        parameter = ctx.doc.resolve(raw)
        if not isinstance(parameter, dict) or parameter.get("in") not in slots:
            continue
        values = slots[parameter["in"]]
        if parameter.get("name") in values:
            found.append((parameter["name"], values[parameter["name"]], parameter.get("schema")))
    body = request.body if request.has_body else None
    stack: list[tuple[list[str], Any]] = [([], body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    stack.append(([*path, key], item))
                    found.append((key, item, _body_field(ctx, body, [*path, key])))
        elif isinstance(value, list):
            stack.extend(([*path, str(index)], item) for index, item in enumerate(value))
    return found


def _blames_reference(ctx: OperationChecks, ex: Exchange) -> bool:
    """The error names, or echoes, an input that is a reference (a string with no enum
    such as a cursor, an ID or a URL) which the server did not issue: a schema-valid
    value may name nothing, and rejecting it is right. The error may have any shape."""
    if _blames_param(ctx, ex):
        return True
    text = _error_text(ex)
    for name, value, schema in _inputs(ctx, ex.request):
        if name in ex.request.linked or not isinstance(value, str) or not _is_reference(ctx, name, schema):
            continue
        if _named_in(name, text) or (len(value) >= 3 and value in text):
            return True
    return False


def _blames_param(ctx: OperationChecks, ex: Exchange) -> bool:
    """An ``{"error": {"param": ...}}`` body (Rivya's shape) names a plain string input
    (no enum, pattern or strict format): a value the server looked up and did not find."""
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
    schema = ctx.request_view.resolve(schema)
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and schema.get("format") in _REFERENCE_FORMATS
        and not any(k in schema for k in ("enum", "const", "pattern"))
    )


def _is_reference(ctx: OperationChecks, name: str, schema: Any) -> bool:
    resolved = ctx.request_view.resolve(schema)
    if not isinstance(resolved, dict) or any(k in resolved for k in ("enum", "const")):
        return False
    kinds = resolved.get("type")
    if kinds != "string" and not (isinstance(kinds, list) and "string" in kinds):
        return False
    if resolved.get("format") in ("uuid", "uri", "uri-reference", "url"):
        return True
    return resolved.get("format") is None and _REFERENCE_NAME.search(name) is not None


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
        schema = _branch(ctx, ctx.request_view.resolve(schema), value)
        if not isinstance(schema, dict):
            return None
        if token.isdigit():
            schema = schema.get("items")
            value = value[int(token)] if isinstance(value, list) and int(token) < len(value) else None
        else:
            schema = (schema.get("properties") or {}).get(token)
            value = value.get(token) if isinstance(value, dict) else None
    return _branch(ctx, ctx.request_view.resolve(schema), value)


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
    return [("auth-enforced", ctx.args(ex, case=case, expected=expected, signature=ex.kind))]


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
