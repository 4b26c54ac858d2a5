"""Rivya's stateful flows, on when the contract is Rivya's: a generation's lifecycle,
idempotency, an uploaded file used as reference media, the chat stream, and signed
webhook deliveries to a local receiver."""

from __future__ import annotations

import copy
import hashlib
import hmac
import http.server
import json
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import httpx

from rivya_contract.proptest import sse
from rivya_contract.proptest.checks import Exchange
from rivya_contract.proptest.requests import FilePart, Request
from rivya_contract.proptest.seeding import CannotGenerate, case_seed, draw
from rivya_contract.proptest.strategies import SchemaStrategies
from rivya_contract.rivya import detect
from rivya_contract.rivya.facts import MissingFact, RivyaFacts

if TYPE_CHECKING:
    from rivya_contract.document import Document
    from rivya_contract.proptest.engine import Engine as Runner
    from rivya_contract.proptest.engine import Failure

CREATE = "POST /api/v1/generations"
POLL = "GET /api/v1/generations/{taskId}"
UPLOAD = "POST /api/v1/files"
GET_FILE = "GET /api/v1/files/{fileId}"
CHAT = "POST /api/v1/chat/completions"
GET_SESSION = "GET /api/v1/chat/sessions/{sessionId}"
REFERENCES = "referenceMediaItems"
STREAM = "POST /api/v1/chat/completions/stream"
WEBHOOK_CREATE = "POST /api/v1/webhooks"
WEBHOOK_TEST = "POST /api/v1/webhooks/{endpointId}/test"
WEBHOOK_ROTATE = "POST /api/v1/webhooks/{endpointId}/rotate-secret"
SIGNATURE = "rivya-webhook-signature"
TIMESTAMP = "rivya-webhook-timestamp"
TOLERANCE = 300  # the default of verify(); a run reads the contract's own figure
_MAX_POLLS = 30


class _Flow:
    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self.failures: list[Failure] = []
        self.notes: list[str] = []
        self._facts: RivyaFacts | None = None

    @property
    def facts(self) -> RivyaFacts:
        """Rivya's facts as the contract states them (x-rivya-*), read once."""
        if self._facts is None:
            self._facts = RivyaFacts.from_document(self.runner.doc)
        return self._facts

    def has(self, *keys: str) -> bool:
        return all(key in self.runner.by_key for key in keys)

    def fail(self, rule: str, operation: str, exchange: Exchange | None, **args: Any) -> None:
        prepared = exchange.prepared if exchange else None
        request = exchange.request if exchange else None
        self.failures.append(self.runner.failure(rule, operation, "flow", request, args, prepared))

    def call(self, operation: str, request: Request, *, checked: bool = False, kind: str = "valid") -> Exchange:
        """Send ``request`` (with the key ``kind`` selects); with ``checked``, every
        response check that fails on the answer is reported too
        (``exchange.notes["failed"]`` lists their rule ids)."""
        exchange, results = self.runner.run_case(operation, kind, request)
        if exchange is None:
            raise httpx.ConnectError(f"{operation}: no response")
        if checked:
            for rule, args in results:
                self.failures.append(
                    self.runner.failure(rule, operation, "flow", exchange.request, args, exchange.prepared)
                )
            exchange.notes["failed"] = [rule for rule, _ in results]
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
    order, terminal = _statuses(flow)
    created = _accepted(flow, CREATE, 202)
    if created is None:
        flow.notes.append("generation flow skipped: no generated request was accepted with 202")
        return
    _lifecycle(flow, created, created.json())
    _follow(flow, created, order, terminal)


def _accepted(flow: _Flow, operation: str, status: int) -> Exchange | None:
    """The first of a few generated valid requests that ``operation`` answers with ``status``."""
    for index in range(8):
        exchange = flow.call(operation, replace(flow.drawn(operation, index), headers={}))
        if exchange.status == status:
            return exchange
    return None


def _statuses(flow: _Flow) -> tuple[dict[str, int], set[str]]:
    order = {name: i for i, name in enumerate(flow.facts.generation_statuses)}
    return order, set(flow.facts.terminal_statuses)


def _follow(flow: _Flow, created: Exchange, order: dict[str, int], terminal: set[str]) -> str | None:
    """Poll the generation ``created`` answered (honouring Retry-After) until it has shown
    a terminal status three times, checking each answer; the terminal status, "stopped"
    when polling could not go on (already reported or noted), None when never terminal."""
    body = created.json()
    gen_id = body.get("id")
    if not isinstance(gen_id, str):
        flow.notes.append("generation flow: the creation answer has no id to poll")
        return "stopped"
    seen = [body.get("status")]
    retry_after = created.header("retry-after")
    after_terminal = 0
    for _ in range(_MAX_POLLS):
        time.sleep(min(_seconds(retry_after), flow.runner.settings.poll_wait_cap))
        exchange = flow.call(POLL, flow.request(POLL, path_params={"taskId": gen_id}))
        if exchange.status != 200:
            flow.notes.append(f"generation flow: poll answered {exchange.status}")
            return "stopped"
        current = exchange.json()
        before, after = seen[-1], current.get("status")
        if (before in terminal and after != before) or order.get(after, 0) < order.get(before, 0):
            flow.fail("terminal-state-stable", POLL, exchange, id=gen_id, before=before, after=after)
            return "stopped"
        _lifecycle(flow, exchange, current)
        seen.append(after)
        retry_after = exchange.header("retry-after")
        if after in terminal:
            after_terminal += 1
            if after_terminal > 2:
                return str(after)
    flow.notes.append(f"generation {gen_id} not terminal after {_MAX_POLLS} polls")
    return None


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


def _id(exchange: Exchange, name: str = "id") -> Any:
    """The ``name`` member of a JSON object answer; None for any other answer."""
    try:
        return exchange.json().get(name)
    except (ValueError, AttributeError):
        return None


# -- an uploaded file as reference media -----------------------------------------------
def file_reference(flow: _Flow) -> None:
    """For an image, then an audio track: upload it through the Files API (multipart),
    create a generation for a catalog model whose params take it in
    ``referenceMediaItems``, follow it to a terminal status; then send references the
    account was never given (an unknown file, the signed URL with an altered signature,
    a forged ``durationToken``): each a documented 4xx with a PublicApiError (``not_found``
    for a file the account does not have, ``file_not_usable`` for a token that does not
    attest the file, where the contract documents the code)."""
    if not flow.has(UPLOAD, CREATE, POLL):
        return
    for kind, data, filename, media_type in (
        ("image", png(), "proptest.png", "image/png"),
        ("audio", wav(), "proptest.wav", "audio/wav"),
    ):
        _reference_flow(flow, kind, FilePart(data, filename, media_type))


def _reference_flow(flow: _Flow, kind: str, part: FilePart) -> None:
    chosen = _reference_model(flow, kind)
    if chosen is None:
        flow.notes.append(f"file-reference flow skipped: no available model takes one {kind} in referenceMediaItems")
        return
    model_id, branch = chosen
    fields: dict[str, Any] = {"file": part, "kind": kind}
    form = flow.runner.view.resolve({"$ref": "#/components/schemas/FileUploadRequest"})
    if isinstance(form, dict) and "model" in (form.get("properties") or {}):
        fields["model"] = model_id
    upload = flow.call(UPLOAD, flow.request(UPLOAD, body=fields), checked=True)
    if upload.status != 201:
        _broken(
            flow, UPLOAD, upload, f"uploading {part.filename} for {model_id} answered {upload.status}, expected 201"
        )
        return
    uploaded = upload.json()
    if not isinstance(uploaded, dict) or not isinstance(uploaded.get("url"), str):
        flow.notes.append(f"file-reference flow: the uploaded {kind} file has no url")
        return
    if uploaded.get("kind") != kind:
        flow.fail(
            "file-reference", UPLOAD, upload, problem=f"an {kind} upload came back as kind {uploaded.get('kind')!r}"
        )
    body = _reference_body(flow, model_id, branch, _reference_item(flow, uploaded))
    if body is None:
        flow.notes.append(f"file-reference flow skipped: no valid {model_id} request could carry the reference")
        return
    created = flow.call(CREATE, flow.request(CREATE, body=body), checked=True)
    if created.status != 202:
        _broken(
            flow,
            CREATE,
            created,
            f"a {model_id} generation referencing the uploaded {kind} file answered {created.status}, expected 202",
        )
        return
    _lifecycle(flow, created, created.json())
    order, terminal = _statuses(flow)
    if _follow(flow, created, order, terminal) is None:
        flow.fail(
            "file-reference",
            POLL,
            created,
            problem=f"the {model_id} generation referencing the uploaded {kind} file was not terminal "
            f"after {_MAX_POLLS} polls",
        )
    _refused_references(flow, model_id, body, uploaded)


def _refused_references(flow: _Flow, model_id: str, body: dict[str, Any], uploaded: dict[str, Any]) -> None:
    """References the account was never given must be refused: a file it does not have,
    its own file's signed URL with the signature altered, and a duration token that is
    not the file's."""
    item = body["params"][REFERENCES][0]
    url = item["url"]
    file_id = uploaded.get("id")
    other = "file_" + "0" * 26
    if isinstance(file_id, str) and file_id and file_id in url:
        unknown = url.replace(file_id, other)
    else:
        unknown = f"https://files.invalid/v1/{other}/{uploaded.get('filename') or 'proptest'}"
    _refused_reference(flow, model_id, body, {"url": unknown}, "an unknown file", "not_found")
    forged = _altered_signature(url)
    if forged is not None:
        what = "the uploaded file's URL with an altered signature"
        _refused_reference(flow, model_id, body, {"url": forged}, what, "not_found")
    token = item.get("durationToken")
    if isinstance(token, str) and token:
        what = "the uploaded file with a forged durationToken"
        _refused_reference(flow, model_id, body, {"durationToken": _altered(token)}, what, "file_not_usable")


def _altered_signature(url: str) -> str | None:
    """``url`` with the last character of its query changed (where signed URLs keep their
    signature); None when the URL has no query to alter."""
    head, mark, query = url.partition("?")
    if not mark or not query:
        return None
    return f"{head}?{_altered(query)}"


def _altered(text: str) -> str:
    """``text`` with its last character changed."""
    return text[:-1] + ("0" if text[-1] != "0" else "1")


def _refused_reference(
    flow: _Flow, model_id: str, body: dict[str, Any], change: dict[str, str], what: str, expected: str
) -> None:
    refused = copy.deepcopy(body)
    refused["params"][REFERENCES][0].update(change)
    exchange = flow.call(CREATE, flow.request(CREATE, body=refused), checked=True)
    if not 400 <= exchange.status < 500:
        if not exchange.notes.get("failed"):
            flow.fail(
                "file-reference",
                CREATE,
                exchange,
                problem=f"a {model_id} generation referencing {what} ({json.dumps(change)}) answered "
                f"{exchange.status}, expected a documented 4xx",
            )
        return
    checks = flow.runner.checks[CREATE]
    try:
        error = exchange.json()
    except ValueError:
        error = None
    problems = checks.view.errors(checks.error_schema, error) if checks.error_schema is not None else []
    if problems:
        flow.fail(
            "file-reference",
            CREATE,
            exchange,
            problem=f"the {exchange.status} for a reference to {what} is not a PublicApiError ({problems[0]})",
        )
        return
    code = error.get("error", {}).get("code") if isinstance(error, dict) else None
    if code != expected and _documents_code(flow, CREATE, expected):
        flow.fail(
            "file-reference",
            CREATE,
            exchange,
            problem=f"a reference to {what} got {exchange.status} {code!r}; the contract documents {expected} for it",
        )


def _documents_code(flow: _Flow, operation: str, code: str) -> bool:
    """Whether one of ``operation``'s documented responses names the error ``code``."""
    checks = flow.runner.checks[operation]
    return any(code in json.dumps(checks.doc.resolve(response), default=str) for response in checks.responses.values())


def _broken(flow: _Flow, operation: str, exchange: Exchange, problem: str) -> None:
    """An unexpected answer: a file-reference failure, unless a response check already
    reported this answer (then one report is enough). A 429 is the server's documented
    limit (rate or concurrency, perhaps filled by earlier cases), not a file problem."""
    if exchange.notes.get("failed") or exchange.status == 429:
        flow.notes.append(f"file-reference flow stopped: {problem}")
        return
    try:
        error = exchange.json().get("error", {})
        problem += f" ({error.get('code')}: {error.get('message')})"
    except (ValueError, AttributeError):
        pass
    flow.fail("file-reference", operation, exchange, problem=problem)


def _reference_model(flow: _Flow, kind: str) -> tuple[str, Any] | None:
    """(model id, request schema) of the catalog model to use: an available one whose
    ``ModelParams`` take one ``kind`` item in referenceMediaItems, one that requires it
    first."""
    view = flow.runner.view
    root = view.resolve({"$ref": "#/components/schemas/GenerationRequest"})
    if not isinstance(root, dict):
        return None
    mapping = (root.get("discriminator") or {}).get("mapping") or {}
    by_ref = {target: key for key, target in mapping.items()}
    found: list[tuple[bool, int, str, Any]] = []
    for index, branch in enumerate(root.get("oneOf") or []):
        schema = view.resolve(branch)
        if not isinstance(schema, dict):
            continue
        model = view.resolve((schema.get("properties") or {}).get("model"))
        model_id = model.get("const") if isinstance(model, dict) else None
        if model_id is None and isinstance(branch, dict):
            model_id = by_ref.get(branch.get("$ref"))
        meta = schema.get("x-rivya-model") or {}
        if not isinstance(model_id, str) or meta.get("status", "available") != "available":
            continue
        params = view.resolve((schema.get("properties") or {}).get("params"))
        items = view.resolve((params.get("properties") or {}).get(REFERENCES)) if isinstance(params, dict) else None
        if not isinstance(items, dict):
            continue
        kinds = items.get("x-rivya-accepted-kinds", ["image"])
        if kind not in kinds or items.get("minItems", 0) > 1 or items.get("maxItems", 1) < 1:
            continue
        found.append((REFERENCES not in params.get("required", []), index, model_id, branch))
    if not found:
        return None
    _, _, model_id, branch = min(found, key=lambda entry: entry[:2])
    return model_id, branch


def _reference_item(flow: _Flow, uploaded: dict[str, Any]) -> dict[str, Any]:
    """The ReferenceMediaItem for an uploaded PublicApiFile, mapped as the contract says."""
    item_schema = flow.runner.view.resolve({"$ref": "#/components/schemas/ReferenceMediaItem"})
    known = (item_schema.get("properties") or {}) if isinstance(item_schema, dict) else {}
    item = {
        "url": uploaded.get("url"),
        "kind": uploaded.get("kind"),
        "name": uploaded.get("filename"),
        "mimeType": uploaded.get("mime_type"),
        "durationSeconds": uploaded.get("duration_seconds"),
        "durationToken": uploaded.get("duration_token"),
    }
    return {k: v for k, v in item.items() if v is not None and (k in known or not known)}


def _reference_body(flow: _Flow, model_id: str, branch: Any, item: dict[str, Any]) -> dict[str, Any] | None:
    """A valid request for ``model_id`` whose params reference ``item``: the model's
    documented example first, else generated ones."""
    view = flow.runner.view
    whole = {"$ref": "#/components/schemas/GenerationRequest"}
    schema = view.resolve(branch)

    def candidates() -> Iterator[Any]:
        yield from (copy.deepcopy(example) for example in (schema.get("examples") or []))
        strategy = SchemaStrategies(view).valid(branch)
        for index in range(8):
            try:
                yield draw(strategy, case_seed(flow.runner.settings.seed, CREATE, "file-reference", index))
            except CannotGenerate:
                return

    for body in candidates():
        if not isinstance(body, dict):
            continue
        raw = body.get("params")
        params: dict[str, Any] = raw if isinstance(raw, dict) else {}
        body = {k: v for k, v in body.items() if k != "client_request_id"}
        body["model"] = model_id
        body["params"] = {**params, REFERENCES: [item]}
        if view.is_valid(whole, body):
            return body
    return None


def png(width: int = 2, height: int = 2) -> bytes:
    """A small, valid RGB PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80\x40\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def wav(milliseconds: int = 100, rate: int = 8000) -> bytes:
    """A short, valid WAV file: mono 16-bit PCM silence."""
    data = b"\x00\x00" * (rate * milliseconds // 1000)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate * 2, 2, 16)
    chunks = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
    return b"RIFF" + struct.pack("<I", len(chunks)) + chunks


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
    body = _with_example_model(flow, request.body, "ChatCompletionRequest")
    if isinstance(body, dict):  # a new session, no attachments: ids the server cannot know
        body = {k: v for k, v in body.items() if k not in ("session_id", "attachments")}
    request = replace(request, body=body, headers={})
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


def _content_schema(doc: Document, name: str) -> dict[str, Any] | None:
    """The decoded schema (``contentSchema``) of stream event ``name``'s ``data``: the
    contract describes ``data`` as sent, a JSON string."""
    mapping = (doc.get("/components/schemas/ChatStreamEvent/discriminator/mapping") or {}).get(name)
    event = doc.ref_target(mapping) if isinstance(mapping, str) else None
    data = (event.get("properties") or {}).get("data") if isinstance(event, dict) else None
    schema = data.get("contentSchema") if isinstance(data, dict) else None
    return schema if isinstance(schema, dict) else None


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
        wire = {"event": event.event, "data": event.data}
        errors = view.errors({"$ref": "#/components/schemas/ChatStreamEvent"}, wire)
        decoded = _content_schema(flow.runner.doc, event.event)
        if not errors and decoded is not None:
            errors = view.errors(decoded, data)
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


def verify(headers: dict[str, str], body: bytes, secret: str, now: float, tolerance: int = TOLERANCE) -> str | None:
    """None when the delivery is signed with ``secret`` and fresh (within ``tolerance``
    seconds: x-rivya-webhooks.signature_tolerance_seconds), else what is wrong."""
    timestamp = headers.get(TIMESTAMP)
    signature = headers.get(SIGNATURE)
    if timestamp is None or signature is None:
        return "the signature or timestamp header is missing"
    if not timestamp.isdigit():
        return f"the timestamp {timestamp!r} is not unix seconds"
    if abs(now - int(timestamp)) > tolerance:
        return f"the timestamp is {abs(now - int(timestamp)):.0f} s off (tolerance {tolerance} s)"
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
    problem = verify(headers, body, secret, at, flow.facts.webhooks.signature_tolerance_seconds)
    if problem:
        flow.fail("webhook-signature", WEBHOOK_TEST, exchange, problem=problem)


# -- account isolation --------------------------------------------------------------------
def account_isolation(flow: _Flow) -> None:
    """With a key of another account (``--other-account-key``): a generation, a file and a
    chat session this account creates cannot be read with it, and this account's file
    cannot be referenced with it; each a documented 4xx."""
    if not flow.runner.settings.other_account_key:
        return
    owned: list[tuple[str, str, Any]] = []  # (operation that reads it, its path parameter, id)
    if flow.has(CREATE, POLL):
        created = _accepted(flow, CREATE, 202)
        if created is not None:
            owned.append((POLL, "taskId", _id(created)))
    uploaded: dict[str, Any] = {}
    if flow.has(UPLOAD):
        fields = {"file": FilePart(png(), "proptest.png", "image/png"), "kind": "image"}
        upload = flow.call(UPLOAD, flow.request(UPLOAD, body=fields))
        answer = upload.json() if upload.status == 201 else None
        if isinstance(answer, dict):
            uploaded = answer
            if flow.has(GET_FILE):
                owned.append((GET_FILE, "fileId", _id(upload)))
    if flow.has(CHAT, GET_SESSION):
        chat = _new_chat_session(flow)
        if chat is not None:
            owned.append((GET_SESSION, "sessionId", _id(chat, "session_id")))
    if not owned:
        flow.notes.append("account-isolation flow skipped: nothing could be created to read back")
        return
    for operation, name, owned_id in owned:
        if not isinstance(owned_id, str):
            continue
        request = flow.request(operation, path_params={name: owned_id})
        if not _refused_to_other_account(flow, operation, request, f"read {owned_id}"):
            return
    chosen = _reference_model(flow, "image") if isinstance(uploaded.get("url"), str) else None
    body = _reference_body(flow, chosen[0], chosen[1], _reference_item(flow, uploaded)) if chosen else None
    if body is not None:
        did = f"used this account's file {uploaded.get('id')} in referenceMediaItems"
        _refused_to_other_account(flow, CREATE, flow.request(CREATE, body=body), did)


def _refused_to_other_account(flow: _Flow, operation: str, request: Request, did: str) -> bool:
    """Send ``request`` with the other account's key: an answer under 400 is a failure
    (the key ``did`` what it must not). False when the answer cannot tell (see _untested)
    and the flow stops."""
    exchange = flow.call(operation, request, checked=True, kind="other-account")
    if _untested(flow, operation, exchange):
        return False
    if exchange.status < 400:
        flow.fail(
            "account-isolation",
            operation,
            exchange,
            problem=f"another account's key {did} ({exchange.status}); expected a documented 4xx",
        )
    return True


def _untested(flow: _Flow, operation: str, exchange: Exchange) -> bool:
    """A refusal that says nothing about isolation (the other key is unknown, lacks the
    scope, or is rate limited): a note, and the flow stops, rather than a pass."""
    if exchange.status not in (401, 403, 429):
        return False
    code = _id(exchange, "error")
    detail = f" {code.get('code')}" if isinstance(code, dict) else ""
    flow.notes.append(
        f"account-isolation flow stopped: {operation} with the other account's key answered "
        f"{exchange.status}{detail}, which does not show whether accounts are isolated"
    )
    return True


def _new_chat_session(flow: _Flow) -> Exchange | None:
    """A chat turn that opens a new session: a generated request with the documented
    example model, without a ``session_id`` or attachments to name things that do not exist."""
    for index in range(8):
        request = flow.drawn(CHAT, index)
        body = _with_example_model(flow, request.body, "ChatCompletionRequest")
        if isinstance(body, dict):
            body = {k: v for k, v in body.items() if k not in ("session_id", "attachments")}
        exchange = flow.call(CHAT, replace(request, body=body, headers={}))
        if exchange.status == 200:
            return exchange
    return None


FLOWS: tuple[Callable[[_Flow], None], ...] = (
    generation_lifecycle,
    idempotency,
    file_reference,
    stream_order,
    webhook_signature,
    account_isolation,
)


def applies(doc: Document) -> bool:
    """The plug-in's switch (see contract.proptest.engine): Rivya's contract, as the
    catalog's facts say (rivya_contract.rivya.detect)."""
    return detect(doc)


def run(runner: Runner) -> tuple[list[Failure], list[str]]:
    return run_all(runner)


def run_all(runner: Runner) -> tuple[list[Failure], list[str]]:
    flow = _Flow(runner)
    try:
        flow.facts  # noqa: B018 - read once, up front: a contract without them skips the flows
    except MissingFact as exc:
        return [], [f"Rivya's flows skipped: {exc}"]
    for run_flow in FLOWS:
        try:
            run_flow(flow)
        except (httpx.HTTPError, ValueError, KeyError, TypeError, AttributeError) as exc:
            flow.notes.append(f"{run_flow.__name__}: stopped ({type(exc).__name__}: {exc})")
    return flow.failures, flow.notes
