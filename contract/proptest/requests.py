"""Request strategies per operation: path, query and header parameters, a JSON or
multipart body; valid ones, and invalid ones that break exactly one constraint.

A ``Request`` is plain data and serialises byte-exactly (``prepare``): the same case
always produces the same method, URL, headers and body bytes, which is what the
reproduction snippets replay.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from rivya_contract.document import Document, Operation
from rivya_contract.errors import SourceError
from rivya_contract.proptest import schema_view
from rivya_contract.proptest.mutations import Mutator, Violation, keep_if
from rivya_contract.proptest.schema_view import SchemaView
from rivya_contract.proptest.strategies import JSON_TEXT, SchemaStrategies

USER_AGENT = "rivya-contract-proptest"
_HEADER_TEXT = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
_PATH_TEXT = st.characters(codec="utf-8", exclude_characters="/?#%")
_BODY_PREFERENCE = ("application/json", "multipart/form-data", "application/x-www-form-urlencoded")


@dataclass(frozen=True)
class Prepared:
    """Exactly what goes on the wire (besides the client's transport headers)."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None


@dataclass
class Request:
    operation: str  # "POST /api/v1/generations"
    method: str  # upper case
    path_template: str
    path_params: dict[str, Any] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    media_type: str | None = None  # the documented media type of the body
    content_type: str | None = None  # the Content-Type sent, when it differs on purpose
    has_body: bool = False
    violation: Violation | None = None  # set on invalid requests: what was broken
    origin: str | None = None  # a boundary case: where its boundary value is (``query:limit``, ``/a/b``)
    linked: frozenset[str] = frozenset()  # parameters filled with values the server issued

    def path(self) -> str:
        path = self.path_template
        for name, value in self.path_params.items():
            path = path.replace("{" + name + "}", quote(to_text(value), safe=""))
        return path

    def query_string(self) -> str:
        pairs: list[str] = []
        for name, value in self.query.items():
            items = value if isinstance(value, list) else [value]
            if isinstance(value, dict):
                items = []
                pairs.extend(f"{quote(k, safe='')}={quote(to_text(v), safe='')}" for k, v in value.items())
            pairs.extend(f"{quote(name, safe='')}={quote(to_text(v), safe='')}" for v in items)
        return "&".join(pairs)

    def content(self) -> tuple[bytes | None, str | None]:
        """The body bytes and the Content-Type header that goes with them."""
        if not self.has_body:
            return None, None
        media = self.media_type or "application/json"
        if media.startswith("multipart/form-data"):
            body, boundary = multipart(self.body if isinstance(self.body, dict) else {})
            return body, self.content_type or f"multipart/form-data; boundary={boundary}"
        if media == "application/x-www-form-urlencoded" and isinstance(self.body, dict):
            encoded = "&".join(f"{quote(k, safe='')}={quote(to_text(v), safe='')}" for k, v in self.body.items())
            return encoded.encode(), self.content_type or media
        if isinstance(self.body, bytes):
            return self.body, self.content_type or media
        text = json.dumps(self.body, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8"), self.content_type or media

    def prepare(self, base_url: str, extra_headers: dict[str, str] | None = None) -> Prepared:
        url = base_url.rstrip("/") + self.path()
        query = self.query_string()
        if query:
            url += "?" + query
        body, content_type = self.content()
        headers: dict[str, str] = {"User-Agent": USER_AGENT, "Accept": "*/*"}
        if content_type:
            headers["Content-Type"] = content_type
        headers.update(self.headers)
        headers.update(extra_headers or {})
        return Prepared(self.method, url, tuple(headers.items()), body)

    def to_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "path_params": self.path_params,
            "query": self.query,
            "headers": self.headers,
            "body": self.body.hex() if isinstance(self.body, bytes) else _jsonable(self.body),
            "media_type": self.media_type,
            "violation": self.violation.describe() if self.violation else None,
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$bytes": value.hex()}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def to_text(value: Any) -> str:
    """How a parameter or form value is written in a URL, header or form field."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (int, float, str)):
        return value if isinstance(value, str) else json.dumps(value)
    if isinstance(value, list):
        return ",".join(to_text(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k},{to_text(v)}" for k, v in value.items())
    return str(value)


def multipart(fields: dict[str, Any]) -> tuple[bytes, str]:
    """A multipart/form-data body with a boundary derived from its content (deterministic)."""
    digest = hashlib.sha256(repr(sorted(fields.items(), key=lambda kv: kv[0])).encode()).hexdigest()
    boundary = "rivya" + digest[:24]
    parts: list[bytes] = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
        if isinstance(value, FilePart):
            head += f'; filename="{value.filename}"\r\nContent-Type: {value.media_type}'
            data = value.data
        elif isinstance(value, (dict, list)):
            head += "\r\nContent-Type: application/json"
            data = json.dumps(value, separators=(",", ":")).encode()
        else:
            data = to_text(value).encode("utf-8")
        parts.append(head.encode("utf-8") + b"\r\n\r\n" + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


@dataclass(frozen=True)
class FilePart:
    data: bytes
    filename: str = "upload.bin"
    media_type: str = "application/octet-stream"

    def __repr__(self) -> str:
        return f"FilePart({self.data!r}, {self.filename!r}, {self.media_type!r})"


# -- building strategies ----------------------------------------------------------
@dataclass
class _Parameter:
    name: str
    location: str
    required: bool
    schema: Any
    pointer: str


class OperationRequests:
    """Strategies for one operation's requests."""

    def __init__(self, doc: Document, operation: Operation) -> None:
        self.doc = doc
        self.operation = operation
        self.view: SchemaView = schema_view.view(doc, "request")
        self.parameters = _parameters(doc, operation)
        self.body_media, self.body_schema, self.body_required, self.encoding = _body(doc, operation)

    def compiler(self, location: str) -> SchemaStrategies:
        """The schema compiler for values sent in ``location`` (path, query, header, body)."""
        return self._compiler(location)

    def _compiler(self, location: str) -> SchemaStrategies:
        alphabet = {"header": _HEADER_TEXT, "path": _PATH_TEXT}.get(location, JSON_TEXT)
        return SchemaStrategies(self.view, alphabet=alphabet)

    def _param_value(self, parameter: _Parameter) -> st.SearchStrategy[Any]:
        strategy = self._compiler(parameter.location).valid(parameter.schema)
        strategy = strategy.filter(lambda v: v is not None)
        if parameter.location == "path":
            strategy = strategy.filter(lambda v: to_text(v) not in ("", ".", ".."))
        if parameter.location == "header":
            strategy = strategy.filter(lambda v: to_text(v) == to_text(v).strip() and to_text(v) != "")
        return strategy

    def valid(self) -> st.SearchStrategy[Request]:
        groups: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
        for location in ("path", "query", "header"):
            needed = {p.name: self._param_value(p) for p in self.parameters if p.location == location and p.required}
            optional = {
                p.name: self._param_value(p) for p in self.parameters if p.location == location and not p.required
            }
            groups[location] = (needed, optional)
        parts = {
            location: st.fixed_dictionaries(needed, optional=optional)
            for location, (needed, optional) in groups.items()
        }
        return st.builds(
            self._request,
            parts["path"],
            parts["query"],
            parts["header"],
            self._valid_body(),
        )

    def _valid_body(self) -> st.SearchStrategy[Any]:
        if self.body_schema is None:
            return st.just(None)
        if self.body_media and self.body_media.startswith("multipart/"):
            return self._multipart_fields(self.body_schema)
        return self._compiler("body").valid(self.body_schema)

    def _multipart_fields(self, schema: Any) -> st.SearchStrategy[Any]:
        resolved = self.view.resolve(schema)
        compiler = self._compiler("body")
        if not isinstance(resolved, dict) or not isinstance(resolved.get("properties"), dict):
            return compiler.valid(schema)
        required = resolved.get("required", [])
        needed: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for name, sub in resolved["properties"].items():
            target = needed if name in required else optional
            target[name] = self._form_value(name, sub, compiler)
        return st.fixed_dictionaries(needed, optional=optional)

    def _form_value(self, name: str, sub: Any, compiler: SchemaStrategies) -> st.SearchStrategy[Any]:
        resolved = self.view.resolve(sub)
        if isinstance(resolved, dict) and (
            resolved.get("format") == "binary" or "contentMediaType" in resolved or "contentEncoding" in resolved
        ):
            declared = (self.encoding.get(name) or {}).get("contentType", "application/octet-stream")
            media = str(declared).split(",")[0].strip() or "application/octet-stream"
            return st.binary(min_size=1, max_size=64).map(lambda data: FilePart(data, "upload.bin", media))
        return compiler.valid(sub).filter(lambda v: v is not None)

    def _request(self, path: dict[str, Any], query: dict[str, Any], headers: dict[str, Any], body: Any) -> Request:
        op = self.operation
        return Request(
            operation=op.key,
            method=op.method.upper(),
            path_template=op.path,
            path_params=path,
            query=query,
            headers={name: to_text(value) for name, value in headers.items()},
            body=body,
            media_type=self.body_media,
            has_body=self.body_schema is not None,
        )

    # -- invalid requests ----------------------------------------------------------
    def invalid(self) -> st.SearchStrategy[Request]:
        """Requests that break exactly one constraint, with the ``violation`` set."""
        options = self.invalid_options()
        return st.one_of(options) if options else st.nothing()

    def invalid_options(self) -> list[st.SearchStrategy[Request]]:
        """One strategy per constraint that can be broken; the runner goes through them
        in turn, so every constraint is tried before any is tried twice."""
        valid = self.valid()
        options: list[st.SearchStrategy[Request]] = []
        for parameter in self.parameters:
            options.extend(self._parameter_violations(valid, parameter))
        if self.body_schema is not None:
            options.extend(self._body_violations(valid))
        return [option for option in options if not option.is_empty]

    def _parameter_violations(
        self, valid: st.SearchStrategy[Request], parameter: _Parameter
    ) -> list[st.SearchStrategy[Request]]:
        found: list[st.SearchStrategy[Request]] = []
        slot = {"path": "path_params", "query": "query", "header": "headers"}.get(parameter.location)
        if slot is None:
            return found
        if parameter.required and parameter.location != "path":
            violation = Violation(
                "required",
                parameter.pointer + "/required",
                f"{parameter.location}:{parameter.name}",
                f"required {parameter.location} parameter {parameter.name!r} missing",
            )
            found.append(valid.map(lambda r: _without(r, slot, parameter.name, violation)))
        mutator = Mutator(self._compiler(parameter.location), max_depth=1)

        def still_invalid(pair: tuple[Any, Violation]) -> bool:
            value = pair[0]
            if value is None or isinstance(value, (dict, list)):
                return False
            text = to_text(value)
            if parameter.location in ("path", "header") and (text != text.strip() or text in ("", ".", "..")):
                return False
            if parameter.location == "header" and not all(0x20 < ord(c) < 0x7F for c in text):
                return False
            return not self.view.is_valid(parameter.schema, coerce(text, self.view.resolve(parameter.schema)))

        for option in mutator.options(parameter.schema, parameter.pointer + "/schema"):
            found.append(
                st.tuples(valid, keep_if(option, still_invalid)).map(
                    lambda pair: _with(pair[0], slot, parameter.name, pair[1], parameter.location)
                )
            )
        return found

    def _body_violations(self, valid: st.SearchStrategy[Request]) -> list[st.SearchStrategy[Request]]:
        found: list[st.SearchStrategy[Request]] = []
        pointer = self.operation.pointer + "/requestBody"
        if self.body_required:
            missing = Violation("required", pointer + "/required", "body", "required request body missing")
            found.append(valid.map(lambda r: replace(r, has_body=False, body=None, violation=missing)))
        if self.body_media == "application/json":
            wrong = Violation("content", pointer + "/content", "body", "sent as text/plain, an undocumented media type")
            found.append(valid.map(lambda r: replace(r, content_type="text/plain", violation=wrong)))
            mutator = Mutator(self._compiler("body"))
            found.extend(
                st.tuples(valid, option).map(lambda pair: replace(pair[0], body=pair[1][0], violation=pair[1][1]))
                for option in mutator.options(self.body_schema, _schema_pointer(self.body_schema, pointer))
            )
        elif self.body_media and self.body_media.startswith("multipart/"):
            found.extend(self._multipart_violations(valid, pointer))
        return found

    def _field_breaks(self, sub: Any) -> Callable[[tuple[Any, Violation]], bool]:
        """Whether a mutated form field, sent as text, still breaks its schema."""
        resolved = self.view.resolve(sub)

        def breaks(pair: tuple[Any, Violation]) -> bool:
            value = pair[0]
            return _text_value(value) and not self.view.is_valid(sub, coerce(to_text(value), resolved))

        return breaks

    def _multipart_violations(
        self, valid: st.SearchStrategy[Request], pointer: str
    ) -> list[st.SearchStrategy[Request]]:
        resolved = self.view.resolve(self.body_schema)
        if not isinstance(resolved, dict):
            return []
        found: list[st.SearchStrategy[Request]] = []
        where = _schema_pointer(self.body_schema, pointer)
        for name in resolved.get("required", []):
            violation = Violation("required", where + "/required", "body", f"form field {name!r} missing")
            found.append(
                valid.map(
                    lambda r, name=name, violation=violation: replace(  # type: ignore[misc]
                        r, body={k: v for k, v in r.body.items() if k != name}, violation=violation
                    )
                )
            )
        mutator = Mutator(self._compiler("body"), max_depth=1)
        for name, sub in (resolved.get("properties") or {}).items():
            target = self.view.resolve(sub)
            if isinstance(target, dict) and ("contentMediaType" in target or target.get("format") == "binary"):
                continue
            field_breaks = self._field_breaks(sub)
            for option in mutator.options(sub, _schema_pointer(sub, where + "/properties/" + name)):
                mutated = keep_if(option, field_breaks)
                found.append(
                    st.tuples(valid, mutated).map(
                        lambda pair, name=name: replace(  # type: ignore[misc]
                            pair[0],
                            body={**pair[0].body, name: pair[1][0]},
                            violation=replace(pair[1][1], instance_path=f"body:{name}"),
                        )
                    )
                )
        return found


def _text_value(value: Any) -> bool:
    return value is not None and not isinstance(value, (dict, list))


def _schema_pointer(schema: Any, fallback: str) -> str:
    if isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#"):
        return str(schema["$ref"][1:])
    return fallback + "/schema"


def with_slot(request: Request, slot: str, values: dict[str, Any]) -> Request:
    """A copy of ``request`` with one of its parameter maps replaced."""
    changed = replace(request)
    setattr(changed, slot, values)
    return changed


def _without(request: Request, slot: str, name: str, violation: Violation) -> Request:
    values = {k: v for k, v in getattr(request, slot).items() if k != name}
    return replace(with_slot(request, slot, values), violation=violation)


def _with(request: Request, slot: str, name: str, mutated: tuple[Any, Violation], location: str) -> Request:
    value, violation = mutated
    values = dict(getattr(request, slot))
    values[name] = to_text(value) if slot == "headers" else value
    located = replace(violation, instance_path=f"{location}:{name}")
    return replace(with_slot(request, slot, values), violation=located)


def coerce(text: str, schema: Any) -> Any:
    """Read a parameter's text the way a server would for ``schema``'s type."""
    types = schema.get("type") if isinstance(schema, dict) else None
    kinds = [types] if isinstance(types, str) else list(types or [])
    for kind in kinds:
        try:
            if kind == "integer":
                return int(text)
            if kind == "number":
                return float(text)
        except ValueError:
            continue
        if kind == "boolean" and text in ("true", "false"):
            return text == "true"
        if kind == "string":
            return text
    return text


def _parameters(doc: Document, operation: Operation) -> list[_Parameter]:
    found: dict[tuple[str, str], _Parameter] = {}
    sources = [
        (operation.path_item.get("parameters"), operation.pointer.rsplit("/", 1)[0] + "/parameters"),
        (operation.node.get("parameters"), operation.pointer + "/parameters"),
    ]
    for params, where in sources:
        if not isinstance(params, list):
            continue
        for index, raw in enumerate(params):
            pointer = f"{where}/{index}"
            if isinstance(raw, dict) and isinstance(raw.get("$ref"), str) and raw["$ref"].startswith("#"):
                pointer = raw["$ref"][1:]
            param = doc.resolve(raw)
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            location = param.get("in")
            if location not in ("path", "query", "header"):
                continue
            if location == "header" and param["name"].lower() in ("accept", "content-type", "authorization"):
                continue
            schema = param.get("schema", True)
            if "schema" not in param and isinstance(param.get("content"), dict):
                first: Any = next(iter(param["content"].values()), {})
                schema = first.get("schema", True) if isinstance(first, dict) else True
            found[(location, param["name"])] = _Parameter(
                param["name"], location, location == "path" or bool(param.get("required")), schema, pointer
            )
    return list(found.values())


def _body(doc: Document, operation: Operation) -> tuple[str | None, Any, bool, dict[str, Any]]:
    body = doc.resolve(operation.node.get("requestBody"))
    if not isinstance(body, dict) or not isinstance(body.get("content"), dict) or not body["content"]:
        return None, None, False, {}
    content = body["content"]
    media = next((m for m in _BODY_PREFERENCE if m in content), None)
    if media is None:
        media = next((m for m in content if "json" in m), next(iter(content)))
    media_object = content[media] if isinstance(content[media], dict) else {}
    schema = media_object.get("schema", True)
    raw_encoding = media_object.get("encoding")
    encoding: dict[str, Any] = raw_encoding if isinstance(raw_encoding, dict) else {}
    return str(media), schema, bool(body.get("required")), encoding


def find_operation(doc: Document, key: str) -> Operation:
    wanted = " ".join(key.split())
    method, _, path = wanted.partition(" ")
    for operation in doc.operations():
        if operation.method.upper() == method.upper() and operation.path == path:
            return operation
    raise SourceError(doc.source, f"no operation {key!r} (expected 'METHOD /path')")


def _document(doc: Document | None) -> Document:
    if doc is not None:
        return doc
    from rivya_contract.load import load_bundled

    return load_bundled()


def requests_for(operation: str, doc: Document | None = None) -> st.SearchStrategy[Request]:
    """Valid requests for ``operation`` ("POST /api/v1/generations") of ``doc``
    (the bundled Rivya contract by default), for use with ``@given``."""
    document = _document(doc)
    return OperationRequests(document, find_operation(document, operation)).valid()


def invalid_requests_for(operation: str, doc: Document | None = None) -> st.SearchStrategy[Request]:
    """Requests for ``operation`` that each break one constraint (see ``Request.violation``)."""
    document = _document(doc)
    return OperationRequests(document, find_operation(document, operation)).invalid()


def request_is_valid(builder: OperationRequests, request: Request) -> bool:
    """Whether ``request`` matches its operation's schemas (parameters and body)."""
    view = builder.view
    slots = {"path": request.path_params, "query": request.query, "header": request.headers}
    for parameter in builder.parameters:
        values = slots[parameter.location]
        if parameter.name not in values:
            if parameter.required:
                return False
            continue
        text = to_text(values[parameter.name])
        if not view.is_valid(parameter.schema, coerce(text, view.resolve(parameter.schema))):
            return False
    if builder.body_schema is None:
        return True
    if not request.has_body:
        return not builder.body_required
    if request.content_type is not None:
        return False
    if builder.body_media and builder.body_media.startswith("multipart/"):
        # A file part is judged as a string of its length (a schema may bound it: minLength).
        fields = {
            k: (v.data.decode("latin-1") if isinstance(v, FilePart) else v) for k, v in (request.body or {}).items()
        }
        schema = view.resolve(builder.body_schema)
        props = schema.get("properties", {}) if isinstance(schema, dict) else {}
        texts = {
            k: coerce(to_text(v), view.resolve(props.get(k, {}))) if not isinstance(v, (dict, list)) else v
            for k, v in fields.items()
        }
        return view.is_valid(builder.body_schema, texts)
    return view.is_valid(builder.body_schema, request.body)
