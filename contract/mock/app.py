"""The ASGI app: one Starlette route per contract path, every request checked against
the contract (auth, scopes, rate limit, parameters, body) before a handler answers.

The engine is generic: it knows no API. A ``Profile`` (``profile.py``; Rivya's is in
``rivya.py``, chosen in ``profiles.py``) plugs in per-account state and handlers; any
operation without a handler gets its contract example or a value built from its
response schema.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from rivya_contract import canonical
from rivya_contract.document import Document
from rivya_contract.mock import faults as fault_catalogue
from rivya_contract.mock import incoming, synth
from rivya_contract.mock.call import Call, ProfileState
from rivya_contract.mock.errorbody import ErrorBodies
from rivya_contract.mock.idempotency import IdempotencyStore
from rivya_contract.mock.operations import OperationInfo, read_operations
from rivya_contract.mock.options import DEFAULT_ACCOUNT, MockOptions
from rivya_contract.mock.profile import Profile
from rivya_contract.mock.ratelimit import RateLimiter, header_names
from rivya_contract.mock.replies import ApiError, Reply
from rivya_contract.mock.state import Ids
from rivya_contract.mock.validation import Problem, SchemaValidator, schema_pointer

CONTRACT_PATH = "/api/v1/openapi.json"
JSON_BODY_CAP = 1024 * 1024  # Rivya: a JSON body over 1 MB is request_too_large
FORM_BODY_CAP = 52_428_800 + 1024 * 1024  # the largest file plus room for the form
PROBLEM_CODES = {
    "missing": "missing_parameter",
    "unknown": "unknown_parameter",
    "unknown-value": "unknown_model",
    "invalid": "invalid_parameter",
}


class MockApp:
    def __init__(self, doc: Document, options: MockOptions, profile: Profile | None = None) -> None:
        unknown = fault_catalogue.unknown(options.faults)
        if unknown:
            raise ValueError(f"unknown fault(s): {', '.join(unknown)} (see --list-faults)")
        self.doc = doc
        self.options = options
        self.schemas = SchemaValidator(doc)
        self.errors = ErrorBodies(doc)
        self.rng = random.Random(options.seed)
        self.operations = read_operations(doc)
        self.all_scopes = frozenset(s for i in self.operations for a in i.security for s in a)
        self.demo_key = options.demo_key
        self.keys = dict(options.keys or {})
        self.keys.setdefault(self.demo_key, self.all_scopes)  # the demo key has every scope
        self.accounts = dict(options.accounts or {})
        self.limiter = RateLimiter(options.rate_limit, options.rate_window, options.clock, header_names(_headers(doc)))
        self.idempotency = IdempotencyStore(options.clock)
        self.contract_bytes = doc.raw if doc.raw and doc.text_format == "json" else canonical.dumps(doc.tree)
        self.unguarded = _unguarded(self.operations) if options.active("ignore-auth") else None
        self._request_counter = 0
        self.ids = Ids(options.seed)  # shared, so an ID names one object across accounts
        self.profile = profile
        self.states: dict[str, Any] = {}
        self.state = self.state_for(DEFAULT_ACCOUNT) if profile is not None else None
        self.handlers = profile.handlers if profile is not None else {}
        self.starlette = Starlette(
            routes=self._routes(),
            exception_handlers={HTTPException: self._http_error, Exception: self._crash},
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.starlette(scope, receive, send)

    def now(self) -> float:
        return self.options.clock()

    def account_of(self, key: str | None) -> str:
        return self.accounts.get(key, DEFAULT_ACCOUNT) if key is not None else DEFAULT_ACCOUNT

    def state_for(self, account: str) -> Any:
        """The profile's state of ``account``, created on its first request."""
        if account not in self.states:
            if self.profile is None:
                raise LookupError("this contract has no profile: the mock keeps no state for it")
            self.states[account] = self.profile.new_state(self, account)
        return self.states[account]

    def request_id(self) -> str:
        self._request_counter += 1
        digest = hashlib.sha256(f"{self.options.seed}:{self._request_counter}".encode())
        return "req_" + digest.hexdigest()[:16]

    # -- routing -----------------------------------------------------------------
    def _routes(self) -> list[Route]:
        by_path: dict[str, list[OperationInfo]] = {}
        for info in self.operations:
            by_path.setdefault(info.op.path, []).append(info)
        routes = []
        # Literal segments before templated ones, so /files/upload wins over /files/{id}.
        for path in sorted(by_path, key=lambda p: (p.count("{"), p)):
            infos = {info.op.method.upper(): info for info in by_path[path]}
            routes.append(Route(path, self._endpoint(infos), methods=sorted(infos)))
        if CONTRACT_PATH not in by_path:
            routes.append(Route(CONTRACT_PATH, self._contract, methods=["GET"]))
        return routes

    def _endpoint(self, infos: dict[str, OperationInfo]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            info = infos.get(request.method) or infos["GET"]  # HEAD is answered as GET
            return await self.answer(request, info)

        return endpoint

    async def _contract(self, request: Request) -> Response:
        headers = {"X-Request-Id": self.request_id(), "Cache-Control": "public, max-age=300"}
        return Response(self.contract_bytes, media_type="application/json", headers=headers)

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        status = int(getattr(exc, "status_code", 500))
        headers = {}
        if status == 405:
            allowed = self._allowed(request.url.path)
            headers["Allow"] = ", ".join(allowed)
            message = f"Method {request.method} is not allowed on {request.url.path}"
            message += f" (allowed: {', '.join(allowed)})." if allowed else "."
            error = ApiError(405, "invalid_request", message, headers=headers)
        elif status == 404:
            error = ApiError(404, "not_found", f"No operation at {request.url.path}.")
        else:
            error = ApiError(status, None, str(getattr(exc, "detail", "")) or "Bad request.")
        return self.error_response(error, None)

    async def _crash(self, request: Request, exc: Exception) -> Response:
        return self.error_response(ApiError(500, "internal_error", "Internal error in the mock."), None)

    def _allowed(self, path: str) -> list[str]:
        for route in self.starlette.routes:
            if isinstance(route, Route) and route.path_regex.match(path):
                return sorted(route.methods or ())
        return []

    # -- the request pipeline ----------------------------------------------------
    async def answer(self, request: Request, info: OperationInfo) -> Response:
        key: str | None = None
        try:
            key = self._authorize(request, info)
            self._rate_limit(key)
            if info.key == f"GET {CONTRACT_PATH}":
                return await self._contract(request)
            data = await self._read(request, info)
            self._edge_case_fault(data, info)
            states: list[ProfileState] = list(self.states.values())
            for state in states:
                state.tick()
            account = self.account_of(key)
            replay = self.idempotency.lookup(account, request, info, data)
            if replay is not None:
                reply = replay
            else:
                reply = await self._handle(Call(self, info, request, key, data))
                self.idempotency.remember(account, request, info, data, reply)
        except ApiError as error:
            if key is not None:
                error.headers.update(self.limiter.headers(key))
            return self.error_response(error, info)
        if key is not None:
            reply.headers.update(self.limiter.headers(key))
        return self._respond(reply, info)

    async def _handle(self, call: Call) -> Reply:
        handler = self.handlers.get(call.info.key)
        if handler is None:
            return self.example(call.info)
        if not self.options.active("accept-invalid-body"):
            return await handler(call)
        try:  # the fault lets invalid bodies through: answer them with a plain success
            return await handler(call)
        except (KeyError, TypeError, ValueError, AttributeError):
            return self.example(call.info)

    def _authorize(self, request: Request, info: OperationInfo) -> str | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        key = token.strip() if scheme.lower() == "bearer" and token.strip() else None
        if info.public or info is self.unguarded:
            return key if key in self.keys else None
        if key is None:
            raise ApiError(401, "missing_api_key", "Missing API key: send Authorization: Bearer <key>.")
        if key not in self.keys:
            raise ApiError(401, "invalid_api_key", "The API key is unknown, revoked or expired.")
        granted = self.keys[key]
        if not any(needed <= granted for needed in info.security):
            missing = sorted(min(info.security, key=len) - granted)
            raise ApiError(403, "insufficient_scope", f"The API key lacks the scope {', '.join(missing)}.")
        return key

    def _rate_limit(self, key: str | None) -> None:
        if key is None:
            return
        retry_after = self.limiter.take(key)
        if retry_after is not None:
            raise ApiError(
                429,
                "rate_limited",
                f"Rate limit of {self.limiter.budget} requests per {self.limiter.window:g} s exceeded.",
                headers={"Retry-After": str(retry_after)},
            )

    async def _read(self, request: Request, info: OperationInfo) -> incoming.Incoming:
        skip = self.options.active("accept-invalid-body")
        data = incoming.Incoming(params=incoming.raw_params(request, info))
        for param in info.params:
            value = data.params[param.where].get(param.name)
            if value is None:
                if param.required and not skip:
                    message = f"Missing required {param.where} parameter: {param.name}."
                    raise ApiError(0, "missing_parameter", message, param=param.name)
                continue
            converted = incoming.convert(param, value)
            if converted is value and incoming.expects_number(param) and not skip:
                message = f"Query parameter {param.name} cannot be parsed: {value!r}."
                raise ApiError(0, "invalid_request", message, param=param.name)
            data.params[param.where][param.name] = converted
            if param.schema_pointer and not skip:
                problem = self.schemas.first_problem(param.schema_pointer, converted, param.name)
                if problem is not None and param.where == "path" and info.documents(404):
                    # An ID that cannot be valid names no resource: a real server answers
                    # 404 here, and only the 404 is documented for path IDs.
                    raise ApiError(404, None, f"No resource matches {param.name} {str(value)[:80]!r}.")
                self._check(problem)
        if info.body_media and request.method not in ("GET", "HEAD", "DELETE"):
            await self._read_body(request, info, data, skip)
        return data

    async def _read_body(self, request: Request, info: OperationInfo, data: incoming.Incoming, skip: bool) -> None:
        media = incoming.media_type_of(request)
        is_form = media in ("multipart/form-data", "application/x-www-form-urlencoded")
        try:
            raw = await incoming.read_body(request, FORM_BODY_CAP if is_form else JSON_BODY_CAP)
        except incoming.BodyTooLarge:
            code = "file_too_large" if is_form else "request_too_large"
            raise ApiError(413, code, "The request body is too large.") from None
        data.raw_body = raw
        if not raw and media is None:
            if info.body_required and not skip:
                raise ApiError(0, "invalid_request", "A request body is required.")
            return
        documented = next((m for m in info.body_media if media and incoming.matches(media, m)), None)
        if documented is None:
            accepted = ", ".join(sorted(info.body_media))
            message = f"Content-Type {media or '(none)'} is not accepted; send {accepted}."
            raise ApiError(415 if info.documents(415) else 400, "unsupported_media_type", message)
        data.media_type = media
        try:
            if is_form:
                data.body = await incoming.parse_form(request, raw)
            elif media == "application/json" or (media or "").endswith("+json"):
                data.body = incoming.parse_json(raw)
            else:
                data.body = raw
        except incoming.BadBody as exc:
            raise ApiError(0, "invalid_request", str(exc)) from None
        if skip:
            return
        if "json" in (media or "") and not isinstance(data.body, dict):
            raise ApiError(0, "invalid_request", "The request body is not a JSON object.")
        pointer = schema_pointer(info.body_media[documented])
        if self.doc.get(pointer) is not None:
            checked = incoming.form_view(data.body) if is_form else self._relaxed(data.body)
            self._check(self.schemas.first_problem(pointer, checked))

    def _relaxed(self, body: Any) -> Any:
        """The body as validated: loopback http webhook URLs count as https (see options)."""
        if not (self.options.loopback_webhooks and isinstance(body, dict)):
            return body
        url = body.get("url")
        if isinstance(url, str) and url.startswith("http://"):
            from rivya_contract.mock.webhooks import is_loopback

            if is_loopback(url):
                return {**body, "url": "https://" + url[len("http://") :]}
        return body

    def _check(self, problem: Problem | None) -> None:
        if problem is None:
            return
        code = PROBLEM_CODES[problem.kind]
        field = problem.field or "body"
        if problem.kind == "missing":
            message = f"Missing required parameter: {field}."
        elif problem.kind == "unknown":
            message = f"Unknown parameter: {field}."
        else:
            message = f"Invalid parameter {field}: {problem.message}."
        raise ApiError(0, code, message, param=problem.field or None)

    def _edge_case_fault(self, data: incoming.Incoming, info: OperationInfo) -> None:
        if not self.options.active("500-on-edge-case"):
            return
        body = data.body
        empty = isinstance(body, dict) and any(v == "" for v in body.values())
        at_max = any(
            p.where == "query"
            and isinstance(data.params["query"].get(p.name), int)
            and data.params["query"][p.name] == p.schema.get("maximum")
            for p in info.params
        )
        if empty or at_max:
            raise ApiError(500, "internal_error", "Internal error.")

    # -- responses ---------------------------------------------------------------
    def example(self, info: OperationInfo) -> Reply:
        responses = info.op.node.get("responses") or {}
        for status in sorted(str(s) for s in responses):
            if not (status.isdigit() and status.startswith("2")):
                continue
            response = self.doc.resolve(responses[status])
            content = (response or {}).get("content") or {}
            for media, node in content.items():
                value = synth.media_example(self.doc, self.doc.resolve(node) or {}, self.rng)
                if "json" in media:
                    return Reply(int(status), value, media_type=media)
                return Reply(int(status), raw=str(value).encode(), media_type=media)
            return Reply(int(status), raw=b"", media_type="")
        return Reply(204, raw=b"", media_type="")

    def error_response(self, error: ApiError, info: OperationInfo | None) -> Response:
        status, code = self.errors.resolve(error.status, error.code, info.op if info else None)
        request_id = self.request_id()
        details: dict[str, Any] = {"request_id": request_id}
        if error.param:
            details["param"] = error.param
        headers = {"X-Request-Id": request_id, **error.headers}
        if info is not None and not _has_content(self.doc, info, status):
            return Response(b"", status_code=status, headers=headers)  # documented bodiless
        body = self.errors.body(status, code, error.message, details)
        return Response(
            json.dumps(body, ensure_ascii=False).encode(),
            status_code=status,
            media_type="application/json",
            headers=headers,
        )

    def _respond(self, reply: Reply, info: OperationInfo) -> Response:
        headers = {"X-Request-Id": self.request_id(), **reply.headers}
        if reply.stream is not None:
            return StreamingResponse(
                reply.stream, status_code=reply.status, media_type=reply.media_type, headers=headers
            )
        if reply.raw is not None:
            media = reply.media_type or None
            return Response(reply.raw, status_code=reply.status, media_type=media, headers=headers)
        body, status, media = reply.body, reply.status, reply.media_type
        if 200 <= status < 300:
            if self.options.active("drop-required-field"):
                body = _drop_required(self.doc, info, status, body)
            if self.options.active("undocumented-status"):
                status = 299
            if self.options.active("wrong-content-type"):
                media = "text/plain"
        return Response(
            json.dumps(body, ensure_ascii=False).encode(),
            status_code=status,
            media_type=media,
            headers=headers,
        )


def _drop_required(doc: Document, info: OperationInfo, status: int, body: Any) -> Any:
    """``body`` without the first property its response schema requires."""
    response = doc.resolve((info.op.node.get("responses") or {}).get(str(status)))
    media = ((response or {}).get("content") or {}).get("application/json") or {}
    schema = doc.resolve(media.get("schema"))
    required = schema.get("required") if isinstance(schema, dict) else None
    if isinstance(body, dict) and required:
        return {k: v for k, v in body.items() if k != required[0]}
    return body


def _has_content(doc: Document, info: OperationInfo, status: int) -> bool:
    """False only when the contract documents ``status`` for the operation with no body."""
    responses = info.op.node.get("responses") or {}
    response = responses.get(str(status))
    if response is None:
        return True
    return bool((doc.resolve(response) or {}).get("content"))


def _unguarded(operations: list[OperationInfo]) -> OperationInfo | None:
    secured = [info for info in operations if not info.public and info.op.method == "get"]
    preferred = [info for info in secured if info.op.path == "/api/v1/credits"]
    chosen = preferred or secured
    return chosen[0] if chosen else None


def _headers(doc: Document) -> list[str]:
    found = set(doc.get("/components/headers") or {})
    for info in doc.operations():
        for response in (info.node.get("responses") or {}).values():
            found.update((doc.resolve(response) or {}).get("headers") or {})
    return sorted(found)
