"""Rivya's stateful flows, on when the contract is Rivya's: a generation's lifecycle,
idempotency, the chat stream, and signed webhook deliveries to a local receiver."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import httpx

from contract.document import Document
from contract.proptest import sse
from contract.proptest.checks import Exchange
from contract.proptest.requests import Request
from contract.proptest.seeding import case_seed, draw

if TYPE_CHECKING:
    from contract.proptest.runner import Failure, Runner

CREATE = "POST /api/v1/generations"
POLL = "GET /api/v1/generations/{taskId}"
STREAM = "POST /api/v1/chat/completions/stream"
WEBHOOK_CREATE = "POST /api/v1/webhooks"
WEBHOOK_TEST = "POST /api/v1/webhooks/{endpointId}/test"
WEBHOOK_ROTATE = "POST /api/v1/webhooks/{endpointId}/rotate-secret"
SIGNATURE = "rivya-webhook-signature"
TIMESTAMP = "rivya-webhook-timestamp"
TOLERANCE = 300
_MAX_POLLS = 30


def is_rivya(doc: Document) -> bool:
    schemas = doc.get("/components/schemas") or {}
    return "GenerationRequest" in schemas and "PublicApiError" in schemas


class _Flow:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.failures: list[Failure] = []
        self.notes: list[str] = []

    def has(self, *keys: str) -> bool:
        return all(key in self.runner.by_key for key in keys)

    def fail(self, rule: str, operation: str, exchange: Exchange | None, **args: Any) -> None:
        prepared = exchange.prepared if exchange else None
        request = exchange.request if exchange else None
        self.failures.append(self.runner.failure(rule, operation, "flow", request, args, prepared))

    def call(self, operation: str, request: Request) -> Exchange:
        exchange, _ = self.runner.run_case(operation, "valid", request)
        if exchange is None:
            raise httpx.ConnectError(f"{operation}: no response")
        return exchange

    def request(self, operation: str, **fields: Any) -> Request:
        op = self.runner.by_key[operation]
        defaults: dict[str, Any] = {"operation": op.key, "method": op.method.upper(), "path_template": op.path}
        builder = self.runner.requests[operation]
        defaults["media_type"] = builder.body_media
        defaults["has_body"] = "body" in fields
        return Request(**{**defaults, **fields})

    def drawn(self, operation: str, index: int) -> Request:
        strategy = self.runner.strategy(operation, "valid")
        return draw(strategy, case_seed(self.runner.settings.seed, operation, "flow", index))


# -- generation lifecycle ---------------------------------------------------------------
def generation_lifecycle(flow: _Flow) -> None:
    if not flow.has(CREATE, POLL):
        return
    status_schema = flow.runner.doc.get("/components/schemas/GenerationStatus") or {}
    order = {name: i for i, name in enumerate(status_schema.get("enum", ["queued", "running", "succeeded", "failed"]))}
    terminal = set(status_schema.get("x-rivya-terminal", ["succeeded", "failed"]))
    created = None
    for index in range(8):
        exchange = flow.call(CREATE, replace(flow.drawn(CREATE, index), headers={}))
        if exchange.status == 202:
            created = exchange
            break
    if created is None:
        flow.notes.append("generation flow skipped: no generated request was accepted with 202")
        return
    body = created.json()
    gen_id = body.get("id")
    _lifecycle(flow, created, body)
    seen = [body.get("status")]
    retry_after = created.header("retry-after")
    after_terminal = 0
    for _ in range(_MAX_POLLS):
        time.sleep(min(_seconds(retry_after), flow.runner.settings.poll_wait_cap))
        exchange = flow.call(POLL, flow.request(POLL, path_params={"taskId": gen_id}))
        if exchange.status != 200:
            flow.notes.append(f"generation flow: poll answered {exchange.status}")
            return
        current = exchange.json()
        before, after = seen[-1], current.get("status")
        if (before in terminal and after != before) or order.get(after, 0) < order.get(before, 0):
            flow.fail("terminal-state-stable", POLL, exchange, id=gen_id, before=before, after=after)
            return
        _lifecycle(flow, exchange, current)
        seen.append(after)
        retry_after = exchange.header("retry-after")
        if after in terminal:
            after_terminal += 1
            if after_terminal > 2:
                return
    flow.notes.append(f"generation {gen_id} not terminal after {_MAX_POLLS} polls")


def _seconds(value: str | None) -> float:
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0


def _lifecycle(flow: _Flow, exchange: Exchange, body: dict[str, Any]) -> None:
    status = body.get("status")
    problems = []
    if (body.get("result") is not None) != (status == "succeeded"):
        problems.append("result is set only when status is succeeded")
    if (body.get("error") is not None) != (status == "failed"):
        problems.append("error is set only when status is failed")
    final, reserved = body.get("final_credits"), body.get("reserved_credits")
    if status in ("succeeded", "failed"):
        if final is None:
            problems.append("final_credits is settled (not null) once terminal")
        elif status == "failed" and final != 0:
            problems.append("a failed generation is charged 0 final_credits")
        elif isinstance(reserved, (int, float)) and final > reserved:
            problems.append("final_credits is at most reserved_credits")
    elif final is not None:
        problems.append("final_credits is null until terminal")
    for problem in problems:
        flow.fail(
            "generation-lifecycle",
            exchange.request.operation,
            exchange,
            id=body.get("id"),
            status=status,
            problem=f"expected: {problem}",
        )


# -- idempotency ------------------------------------------------------------------------
def idempotency(flow: _Flow) -> None:
    if not flow.has(CREATE):
        return
    key = f"proptest-{flow.runner.settings.seed}-{time.time_ns()}"
    for index in range(8):
        request = replace(flow.drawn(CREATE, 100 + index), headers={"Idempotency-Key": key})
        first = flow.call(CREATE, request)
        if first.status == 202:
            break
        key += "x"
    else:
        return
    again = flow.call(CREATE, request)
    if again.status != first.status or _id(again) != _id(first):
        flow.fail(
            "idempotency",
            CREATE,
            again,
            problem=f"the same key and body gave {again.status} {_id(again)!r}, first {first.status} {_id(first)!r}",
        )
    body = dict(request.body)
    body["client_request_id"] = str(body.get("client_request_id", "")) + "-other"
    other = flow.call(CREATE, replace(request, body=body))
    if other.status != 409:
        flow.fail(
            "idempotency",
            CREATE,
            other,
            problem=f"the same key with another body gave {other.status}, expected the documented 409 conflict",
        )


def _id(exchange: Exchange) -> Any:
    try:
        return exchange.json().get("id")
    except (ValueError, AttributeError):
        return None


# -- chat stream --------------------------------------------------------------------------
_STREAM_NEXT = {
    None: {"session.created", "message.delta", "error"},
    "session.created": {"message.delta", "error"},
    "message.delta": {"message.delta", "message.completed", "error"},
    "message.completed": {"usage.completed", "error"},
    "usage.completed": {"done"},
    "error": {"done"},
}


def stream_order(flow: _Flow) -> None:
    if not flow.has(STREAM):
        return
    runner = flow.runner
    request = flow.drawn(STREAM, 0)
    request = replace(request, body=_with_example_model(flow, request.body, "ChatCompletionRequest"), headers={})
    prepared = runner.prepare(runner.by_key[STREAM], request, "valid")
    problems: list[str] = []
    events: list[sse.Event] = []
    try:
        with runner.client.stream(
            prepared.method, prepared.url, headers=list(prepared.headers), content=prepared.body
        ) as response:
            if response.status_code != 200:
                flow.notes.append(f"stream flow: answered {response.status_code}")
                return
            for event in sse.parse(response.iter_bytes(), timeout=runner.settings.timeout):
                events.append(event)
                if event.event == "done":
                    break
    except sse.StreamLimit as exc:
        problems.append(f"the stream did not end: {exc}")
    problems.extend(_stream_problems(flow, events))
    exchange = Exchange(request, prepared, 200, [], b"", "flow")
    for problem in problems[:3]:
        flow.fail("stream-order", STREAM, exchange, problem=problem)


def _with_example_model(flow: _Flow, body: Any, schema_name: str) -> Any:
    """``body`` with the documented example model, so the server knows it."""
    schema = flow.runner.doc.get(f"/components/schemas/{schema_name}/properties/model") or {}
    examples = schema.get("examples") or ([schema["example"]] if "example" in schema else [])
    if isinstance(body, dict) and examples:
        return {**body, "model": examples[0]}
    return body


def _stream_problems(flow: _Flow, events: list[sse.Event]) -> list[str]:
    problems: list[str] = []
    view = flow.runner.view
    previous: str | None = None
    deltas: list[tuple[int, str]] = []
    completed: Any = None
    for event in events:
        try:
            data = json.loads(event.data)
        except ValueError:
            problems.append(f"{event.event} data is not JSON")
            continue
        errors = view.errors({"$ref": "#/components/schemas/ChatStreamEvent"}, {"event": event.event, "data": data})
        if errors:
            problems.append(f"{event.event} does not match its schema: {errors[0]}")
        if event.event == "heartbeat":
            continue
        allowed = _STREAM_NEXT.get(previous, set())
        if event.event not in allowed and event.event in _STREAM_NEXT.keys() | {"done"}:
            problems.append(f"{event.event} after {previous or 'the start'}; expected one of {sorted(allowed)}")
        if event.event == "message.delta" and isinstance(data, dict):
            deltas.append((int(data.get("index", 0)), str(data.get("delta", ""))))
        if event.event == "message.completed":
            completed = data
        previous = event.event
    if previous != "done":
        problems.append(f"the stream ended after {previous or 'nothing'}, not done")
    if isinstance(completed, dict) and deltas:
        joined = "".join(text for _, text in sorted(deltas))
        if completed.get("content") != joined:
            problems.append("the message.delta values do not add up to message.completed content")
    return problems


# -- webhooks -----------------------------------------------------------------------------
@contextmanager
def receiver() -> Iterator[tuple[str, list[tuple[dict[str, str], bytes, float]]]]:
    """An HTTP receiver on 127.0.0.1 that records each delivery (headers, raw body, time)."""
    received: list[tuple[dict[str, str], bytes, float]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            received.append(({k.lower(): v for k, v in self.headers.items()}, body, time.time()))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def verify(headers: dict[str, str], body: bytes, secret: str, now: float) -> str | None:
    """None when the delivery is signed with ``secret`` and fresh, else what is wrong."""
    timestamp = headers.get(TIMESTAMP)
    signature = headers.get(SIGNATURE)
    if timestamp is None or signature is None:
        return "the signature or timestamp header is missing"
    if not timestamp.isdigit():
        return f"the timestamp {timestamp!r} is not unix seconds"
    if abs(now - int(timestamp)) > TOLERANCE:
        return f"the timestamp is {abs(now - int(timestamp)):.0f} s off (tolerance {TOLERANCE} s)"
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    values = [part.strip()[3:] for part in signature.split(",") if part.strip().startswith("v1=")]
    if not any(hmac.compare_digest(expected, value) for value in values):
        return "no v1= signature matches the endpoint secret"
    return None


def webhook_signature(flow: _Flow) -> None:
    if not flow.has(WEBHOOK_CREATE, WEBHOOK_TEST):
        return
    with receiver() as (url, received):
        create = flow.call(
            WEBHOOK_CREATE,
            flow.request(
                WEBHOOK_CREATE, body={"url": url, "enabled_events": ["generation.succeeded", "generation.failed"]}
            ),
        )
        if create.status != 201:
            flow.notes.append(f"webhook flow: creating an endpoint answered {create.status}")
            return
        endpoint = create.json()
        secret = endpoint.get("secret", "")
        _check_delivery(flow, endpoint["id"], secret, received)
        if flow.has(WEBHOOK_ROTATE):
            rotated = flow.call(
                WEBHOOK_ROTATE,
                flow.request(
                    WEBHOOK_ROTATE, path_params={"endpointId": endpoint["id"]}, body={"grace_period_seconds": 0}
                ),
            )
            if rotated.status == 200 and rotated.json().get("secret"):
                _check_delivery(flow, endpoint["id"], rotated.json()["secret"], received)


def _check_delivery(
    flow: _Flow, endpoint_id: str, secret: str, received: list[tuple[dict[str, str], bytes, float]]
) -> None:
    before = len(received)
    exchange = flow.call(WEBHOOK_TEST, flow.request(WEBHOOK_TEST, path_params={"endpointId": endpoint_id}, body={}))
    deadline = time.monotonic() + flow.runner.settings.timeout
    while len(received) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    if len(received) == before:
        flow.fail(
            "webhook-signature",
            WEBHOOK_TEST,
            exchange,
            problem=f"no delivery reached the receiver (test answered {exchange.status})",
        )
        return
    headers, body, at = received[before]
    problem = verify(headers, body, secret, at)
    if problem:
        flow.fail("webhook-signature", WEBHOOK_TEST, exchange, problem=problem)


FLOWS: tuple[Callable[[_Flow], None], ...] = (generation_lifecycle, idempotency, stream_order, webhook_signature)


def run_all(runner: Runner) -> tuple[list[Failure], list[str]]:
    flow = _Flow(runner)
    for run_flow in FLOWS:
        try:
            run_flow(flow)
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            flow.notes.append(f"{run_flow.__name__}: stopped ({type(exc).__name__}: {exc})")
    return flow.failures, flow.notes
