"""Read a request the way the contract describes it: parameters converted from text to
their schema types, the body read under a size cap and parsed by its media type."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from rivya_contract.mock.operations import OperationInfo, Param


class BodyTooLarge(Exception):
    pass


class BadBody(Exception):
    pass


@dataclass
class Upload:
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class Incoming:
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # where -> name -> value
    media_type: str | None = None
    body: Any = None  # JSON value or form dict (strings and Uploads); None when absent
    raw_body: bytes = b""


def media_type_of(request: Request) -> str | None:
    value = request.headers.get("content-type")
    if not value:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def matches(media: str, documented: str) -> bool:
    documented = documented.split(";", 1)[0].strip().lower()
    if documented in ("*/*", media):
        return True
    major, _, minor = documented.partition("/")
    return minor == "*" and media.startswith(major + "/")


def raw_params(request: Request, info: OperationInfo) -> dict[str, dict[str, Any]]:
    """Parameter values as text (lists for repeated query parameters)."""
    values: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}, "cookie": {}}
    for param in info.params:
        if param.where == "path" and param.name in request.path_params:
            values["path"][param.name] = str(request.path_params[param.name])
        elif param.where == "query" and param.name in request.query_params:
            listed = request.query_params.getlist(param.name)
            values["query"][param.name] = listed if _is_array(param) else listed[-1]
        elif param.where == "header" and param.name in request.headers:
            values["header"][param.name] = request.headers[param.name]
        elif param.where == "cookie" and param.name in request.cookies:
            values["cookie"][param.name] = request.cookies[param.name]
    return values


def _is_array(param: Param) -> bool:
    kind = param.schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def expects_number(param: Param) -> bool:
    kinds = param.schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return bool({"integer", "number"} & set(kinds)) and "string" not in kinds


def form_view(form: Any) -> Any:
    """A form as JSON Schema sees it: an uploaded file counts as a (binary) string."""
    if not isinstance(form, dict):
        return form
    return {name: "<binary>" if isinstance(v, Upload) else v for name, v in form.items()}


def convert(param: Param, text: Any) -> Any:
    """Text to the schema's type when it reads as one; otherwise unchanged (the schema
    check then names the parameter and the expected type)."""
    if isinstance(text, list):
        items = param.schema.get("items")
        inner = Param(param.name, param.where, False, None, items if isinstance(items, dict) else {})
        flat = [part for value in text for part in str(value).split(",")] if len(text) == 1 else text
        return [convert(inner, value) for value in flat]
    kinds = param.schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    for kind in kinds:
        if kind == "integer":
            try:
                return int(text)
            except ValueError:
                continue
        if kind == "number":
            try:
                return float(text)
            except ValueError:
                continue
        if kind == "boolean" and text in ("true", "false"):
            return text == "true"
    return text


async def read_body(request: Request, cap: int) -> bytes:
    """The whole body, or BodyTooLarge as soon as it passes ``cap`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise BodyTooLarge()
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise BodyTooLarge()
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> Any:
    """The body as JSON, or BadBody (a 400) — also for what the parser or the checks
    after it cannot take: nesting deeper than a contract's (shape.MAX_DEPTH) and
    integers longer than Python converts."""
    from rivya_contract.shape import MAX_DEPTH, deeper_than

    try:
        value = json.loads(raw)
    except UnicodeDecodeError:
        raise BadBody("the body is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise BadBody(f"the body is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise BadBody("the body nests JSON arrays or objects too deeply") from None
    except ValueError as exc:  # an integer past Python's digit limit (int_max_str_digits)
        raise BadBody(f"the body holds a value that cannot be read ({exc})") from None
    if deeper_than(value, MAX_DEPTH):  # parsed, but deeper than the checks after it take
        raise BadBody("the body nests JSON arrays or objects too deeply")
    return value


async def parse_form(request: Request, raw: bytes) -> dict[str, Any]:
    """A multipart or urlencoded body as name -> text or Upload (the last value wins)."""

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": raw, "more_body": False}

    replayed = Request(request.scope, receive=replay)
    try:
        form = await replayed.form(max_files=16, max_fields=256)
    except Exception as exc:  # python-multipart raises several types on broken input
        detail = getattr(exc, "detail", None) or getattr(exc, "message", None) or str(exc)
        raise BadBody(f"the form body cannot be parsed ({detail or type(exc).__name__})") from None
    values: dict[str, Any] = {}
    for name, value in form.multi_items():
        if isinstance(value, UploadFile):
            data = await value.read()
            content_type = value.headers.get("content-type")
            values[name] = Upload(value.filename, content_type or None, data)
        else:
            values[name] = value
    await form.close()
    return values
