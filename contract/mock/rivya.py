"""The stateful Rivya operations: one handler per operation of the Rivya v1 contract.

Handlers receive a request the app already checked (auth, scopes, parameters, body
schema) and apply Rivya's rules on top: credits, model gating, generation progress,
files, chat sessions, webhooks. Errors are raised as ApiError with documented codes.
"""

from __future__ import annotations

import heapq
import math
import mimetypes
import struct
from typing import Any
from urllib.parse import quote

from rivya_contract.mock import catalog, examples, stream
from rivya_contract.mock.call import Call, Engine, Handler
from rivya_contract.mock.incoming import Upload
from rivya_contract.mock.options import DEFAULT_ACCOUNT
from rivya_contract.mock.profile import Profile
from rivya_contract.mock.replies import ApiError, Reply
from rivya_contract.mock.state import (
    FAIL_TRIGGERS,
    Account,
    Endpoint,
    Generation,
    Session,
    StoredFile,
    iso,
    money,
    page,
)
from rivya_contract.mock.webhooks import Deliverer, is_loopback
from rivya_contract.rivya import detect

OUTPUT_TYPES = {
    "image": ("image/png", 1024, 1024, None),
    "video": ("video/mp4", 1280, 720, 5.0),
    "audio": ("audio/mpeg", None, None, 10.0),
}
POLL_HINT = {"image": 2, "audio": 5, "video": 10}


def tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


class RivyaState:
    def __init__(self, app: Engine, facts: catalog.Facts | None = None) -> None:
        options = app.options
        self.app = app
        self.clock = options.clock
        self.ids = app.ids
        self.facts = facts or catalog.read(app.doc)
        self.limits = self.facts.limits
        self.terminal = self.facts.terminal
        self.account = Account(options.initial_credits, self.clock)
        self.models = self.facts.models
        self.listed = self.facts.listed
        self.generations: dict[str, Generation] = {}
        self.active: set[str] = set()  # ids of queued/running generations
        self._due: list[tuple[float, int, str]] = []  # "time" progress: (due, seq, id), a heap
        self._seq = 0
        self.files: dict[str, StoredFile] = {}
        self.files_by_url: dict[str, StoredFile] = {}  # every signed URL issued -> its file
        self.sessions: dict[str, Session] = {}
        self.endpoints: dict[str, Endpoint] = {}
        self.events: list[dict[str, Any]] = []  # newest first
        self.deliverer = Deliverer(
            ids=self.ids,
            clock=self.clock,
            retry_delays=options.webhook_retry_delays,
            timeout=options.webhook_timeout,
            wrong_signature=options.active("bad-webhook-signature"),
        )

    # -- generations -------------------------------------------------------------
    def reserve_for(self, model: catalog.Model, body: dict[str, Any]) -> float:
        credits = model.credits
        amount = float(credits.get("amount", 0))
        params = body.get("params") or {}
        unit = credits.get("unit")
        if unit == "output":
            count = params.get("num_outputs", model.defaults.get("num_outputs"))
            return amount * float(count or 1)
        if unit == "second":
            # The output's length where the model has one (video, music); else, as for
            # lipsync, the length of the audio reference (as measured at upload).
            seconds = params.get("duration_seconds")
            if seconds is None:
                seconds = model.defaults.get("duration_seconds")
            if seconds is None:
                audio = [i for i in params.get("referenceMediaItems") or [] if i.get("kind") == "audio"]
                seconds = audio[0].get("durationSeconds") if audio else None
            return amount * float(seconds or 5)
        if unit == "1k_characters":
            return amount * len(body.get("prompt") or "") / 1000
        return amount

    def advance(self, gen: Generation, polled: bool) -> None:
        """Move ``gen`` on: one state per poll, or one per ``step_seconds`` of clock."""
        if gen.status in self.terminal:
            if polled and gen.status == "succeeded" and self.app.options.active("terminal-state-flip"):
                if gen.flipped:
                    return
                gen.flipped = True
                gen.status, gen.result = "failed", None
                gen.error = {"code": "internal_error", "message": "The task failed after all."}
                gen.final, gen.updated = 0, self.clock()
            return
        if self.app.options.progress == "time":
            steps = int((self.clock() - gen.created) / max(self.app.options.step_seconds, 1e-9))
        else:
            gen.polls += 1 if polled else 0
            steps = gen.polls
        if steps >= 1 and gen.status == "queued":
            gen.status, gen.updated = "running", self.clock()
        if steps >= 2 and gen.status == "running":
            self.finish(gen)

    def add_generation(self, gen: Generation) -> None:
        self.generations[gen.id] = gen
        if gen.status not in self.terminal:
            self.active.add(gen.id)
            if self.app.options.progress == "time":
                self._schedule(gen, 1)

    def _schedule(self, gen: Generation, step: int) -> None:
        self._seq += 1
        due = gen.created + step * max(self.app.options.step_seconds, 1e-9)
        heapq.heappush(self._due, (due, self._seq, gen.id))

    def finish(self, gen: Generation) -> None:
        trigger = next((t for t in FAIL_TRIGGERS if t in (gen.prompt or "")), None)
        self.active.discard(gen.id)
        gen.updated = self.clock()
        if trigger:
            code, message = FAIL_TRIGGERS[trigger]
            gen.status, gen.final, gen.error = "failed", 0, {"code": code, "message": message}
            self.account.settle(gen.reserved, 0)
        else:
            gen.status, gen.final = "succeeded", gen.reserved
            gen.result = self.result_for(gen)
            self.account.settle(gen.reserved, gen.reserved)
        self.emit(f"generation.{gen.status}", gen.public())

    def result_for(self, gen: Generation) -> dict[str, Any]:
        mime, width, height, duration = OUTPUT_TYPES.get(gen.kind, OUTPUT_TYPES["image"])
        count = int(gen.params.get("num_outputs", 1)) if gen.kind == "image" else 1
        if gen.kind != "image":
            duration = float(gen.params.get("duration_seconds", duration or 5))
        extension = mime.split("/")[1].replace("mpeg", "mp3")
        expires = int(gen.updated + self.limits.result_ttl_seconds)
        seed = gen.params.get("seed", self.ids.rng.randrange(2**31))
        return {
            "outputs": [
                {
                    "url": f"https://cdn.rivya.ai/outputs/{gen.id}/{i}.{extension}?expires={expires}&sig={self.ids.hex(12)}",
                    "kind": gen.kind,
                    "mime_type": mime,
                    "size_bytes": 1_000_000 + self.ids.rng.randrange(1_000_000),
                    "width": width,
                    "height": height,
                    "duration_seconds": duration if gen.kind != "image" else None,
                }
                for i in range(count)
            ],
            "seed": seed,
            "expires_at": iso(expires),
        }

    def tick(self) -> None:
        """Advance the time-driven generations that are due (called before each request):
        a heap of due transitions, so the cost is that of the generations that move, not
        of every generation stored."""
        if not self._due or self._due[0][0] > self.clock():
            return
        now, moved = self.clock(), []
        while self._due and self._due[0][0] <= now:
            moved.append(heapq.heappop(self._due)[2])
        step = max(self.app.options.step_seconds, 1e-9)
        for gen_id in moved:
            gen = self.generations.get(gen_id)
            if gen is None or gen.status in self.terminal:
                continue
            self.advance(gen, polled=False)
            if gen.status not in self.terminal:
                self._schedule(gen, int((now - gen.created) / step) + 1)

    # -- files -------------------------------------------------------------------
    def add_file(self, stored: StoredFile) -> None:
        self.files[stored.public["id"]] = stored
        for url in stored.urls:
            self.files_by_url[url] = stored

    def add_url(self, stored: StoredFile, url: str) -> None:
        stored.urls.add(url)
        self.files_by_url[url] = stored

    # -- webhooks ----------------------------------------------------------------
    def emit(self, event_type: str, generation: dict[str, Any]) -> dict[str, Any]:
        event = {
            "id": self.ids.new("evt_"),
            "type": event_type,
            "api_version": "v1",
            "created_at": iso(self.clock()),
            "data": {"object": generation},
        }
        self.events.insert(0, event)
        for endpoint in sorted(self.endpoints.values(), key=lambda e: e.created):
            if endpoint.status == "enabled" and event_type in endpoint.events:
                self.deliverer.schedule(endpoint, event)
        return event


# -- helpers ---------------------------------------------------------------------
def _state(call: Call) -> RivyaState:
    """The state of the account the call's key belongs to: nothing is shared between accounts."""
    state = call.app.state_for(call.account)
    assert isinstance(state, RivyaState)
    return state


def _fail(code: str, message: str, param: str | None = None, headers: dict[str, str] | None = None) -> ApiError:
    return ApiError(0, code, message, param=param, headers=headers)


def _list(call: Call, items: list[dict[str, Any]], field: str = "created_at") -> Reply:
    limit = call.param("query", "limit", 20)
    found = page(items, int(limit), call.param("query", "after"), field)
    if found is None:
        raise _fail("invalid_parameter", "after: not a cursor (cur_ and 1-256 base64url characters).", "after")
    return Reply(200, found)


def _model(state: RivyaState, model_id: str, kind: str | None) -> catalog.Model:
    model = state.models.get(model_id)
    if model is None or (kind == "chat") != (model.kind == "chat"):
        raise _fail("unknown_model", f"Unknown model: {model_id}.", "model")
    if model.status == "gated" and not state.app.options.gated_access:
        raise _fail("model_gated", f"Model {model_id} is gated and this account is not enabled for it.", "model")
    return model


def _reserve(state: RivyaState, amount: float) -> None:
    if not state.account.can_reserve(amount):
        raise _fail(
            "insufficient_credits",
            f"This request must reserve {money(amount)} credits; {money(state.account.available)} are available.",
        )
    state.account.reserve(amount)


def _file_by_url(state: RivyaState, url: str) -> StoredFile | None:
    """The stored file one of whose signed URLs is exactly ``url``: a URL is used as returned."""
    return state.files_by_url.get(url)


def _signed_url(state: RivyaState, file_id: str, filename: str, expires: int) -> str:
    return f"https://files.rivya.ai/v1/{file_id}/{quote(filename)}?expires={expires}&sig={state.ids.hex(12)}"


def _fits_kind(state: RivyaState, stored: StoredFile, where: str) -> None:
    """422 ``file_not_usable`` for a file whose media type is not one of its kind's (the
    upload checks each part on its own; the fit is checked when the file is used)."""
    public = stored.public
    types = state.limits.accepted_upload_types.get(public["kind"], ())
    if public["mime_type"] not in types:
        raise _fail(
            "file_not_usable",
            f"{where}: {public['id']} is {public['mime_type']}, not one of the {public['kind']} types "
            f"({', '.join(types)}).",
            where,
        )


def _referenced_file(state: RivyaState, item: dict[str, Any], where: str, kinds: Any) -> StoredFile:
    """The stored file a ``ReferenceMediaItem`` names. A URL that names no unexpired file
    of this account (not its own, a signature altered, expired) is 404 ``not_found``, as
    for ``GET /files/{fileId}``; a file of a kind the model does not take, or with a
    ``durationToken`` that does not attest it, is 422 ``file_not_usable``."""
    url = item["url"]
    stored = _file_by_url(state, url)
    if stored is None:
        named = next((f for f in state.files.values() if f"/{f.public['id']}/" in url), None)
        if named is not None:
            problem = f"the URL does not match the signed URL returned for {named.public['id']}; pass it unchanged."
        else:
            problem = "no file of this account has this URL."
        raise _fail("not_found", f"{where}.url: {problem}", f"{where}.url")
    public = stored.public
    if stored.expired(state.clock()):
        raise _fail("not_found", f"{where}.url: {public['id']} expired at {public['expires_at']}.", f"{where}.url")
    if item["kind"] not in kinds or public["kind"] != item["kind"]:
        raise _fail("file_not_usable", f"{where}.kind: {item['kind']!r} is not accepted here.", f"{where}.kind")
    _fits_kind(state, stored, f"{where}.url")
    token = item.get("durationToken")
    if token is not None and (
        token != public["duration_token"]
        or ("durationSeconds" in item and item["durationSeconds"] != public["duration_seconds"])
    ):
        raise _fail(
            "file_not_usable",
            f"{where}.durationToken: it does not attest {public['id']} with these durationSeconds.",
            f"{where}.durationToken",
        )
    return stored


# -- handlers --------------------------------------------------------------------
async def list_models(call: Call) -> Reply:
    kind = call.param("query", "kind")
    data = [m for m in _state(call).listed if kind is None or m.get("kind") == kind]
    return Reply(200, {"object": "list", "data": data, "has_more": False, "next_cursor": None})


async def create_generation(call: Call) -> Reply:
    state, body = _state(call), call.data.body
    model = _model(state, body["model"], kind=None)
    params = dict(body.get("params") or {})
    billed = dict(params)  # reference durations as measured at upload, not as sent
    for name, kinds in model.accepted_kinds.items():
        measured = []
        for index, item in enumerate(params.get(name) or []):
            stored = _referenced_file(state, item, f"params.{name}[{index}]", kinds)
            seconds = stored.public.get("duration_seconds")
            measured.append(item if seconds is None else {**item, "durationSeconds": seconds})
        if name in params:
            billed[name] = measured
    limit = state.limits.max_active_generations
    if len(state.active) >= limit:
        raise _fail(
            "concurrency_limit_exceeded",
            f"At most {limit} generations may be queued or running.",
            headers={"Retry-After": "2"},
        )
    reserved = state.reserve_for(model, {**body, "params": billed})
    _reserve(state, reserved)
    now = state.clock()
    gen = Generation(
        id=state.ids.new("gen_"),
        model=model.id,
        kind=model.kind,
        prompt=body.get("prompt"),
        params=params,
        client_request_id=body.get("client_request_id"),
        reserved=reserved,
        created=now,
        updated=now,
    )
    state.add_generation(gen)
    headers = {"Location": f"/api/v1/generations/{gen.id}", "Retry-After": str(POLL_HINT.get(gen.kind, 2))}
    return Reply(202, gen.public(), headers=headers)


async def get_generation(call: Call) -> Reply:
    state = _state(call)
    gen = state.generations.get(call.param("path", "taskId"))
    if gen is None:
        raise _fail("not_found", "No generation with this ID.", "taskId")
    state.advance(gen, polled=True)
    headers = {} if gen.status in state.terminal else {"Retry-After": str(POLL_HINT.get(gen.kind, 2))}
    return Reply(200, gen.public(), headers=headers)


async def get_credits(call: Call) -> Reply:
    return Reply(200, _state(call).account.public())


async def upload_file(call: Call) -> Reply:
    state, form = _state(call), call.data.body
    upload = form.get("file")
    if not isinstance(upload, Upload):
        raise _fail("missing_parameter", "Missing required parameter: file (a file part).", "file")
    kind = form["kind"]
    cap = state.limits.max_upload_bytes
    if len(upload.data) > cap:
        raise _fail("file_too_large", f"The file is {len(upload.data)} bytes; at most {cap} are accepted.", "file")
    mime = (upload.content_type or "").split(";")[0].strip().lower()
    if not mime or mime == "application/octet-stream":
        mime = (mimetypes.guess_type(upload.filename or "")[0] or "").lower()
    accepted_types = [t for types in state.limits.accepted_upload_types.values() for t in types]
    if mime not in accepted_types:
        shown = mime or "(no Content-Type on the file part)"
        raise _fail(
            "unsupported_media_type",
            f"file: media type {shown} is not accepted; send one of {', '.join(accepted_types)}.",
            "file",
        )
    if not upload.data:
        raise _fail("invalid_file", "file: the file is empty.", "file")
    # Each part is checked on its own: whether the media type fits `kind`, and `kind` the
    # model, is checked when the file is referenced (422 file_not_usable), as the contract says.
    model_id = form.get("model")
    if model_id is not None and model_id not in state.models:
        raise _fail("unknown_model", f"Unknown model: {model_id}.", "model")
    width, height = _image_size(upload.data) if kind == "image" else ((1280, 720) if kind == "video" else (None, None))
    duration = None if kind == "image" else round(5.0 + len(upload.data) % 100 / 10, 1)
    now, file_id = state.clock(), state.ids.new("file_")
    filename = upload.filename or f"upload.{(mimetypes.guess_extension(mime) or '.bin').lstrip('.')}"
    expires = int(now + state.limits.file_ttl_seconds)
    public = {
        "id": file_id,
        "kind": kind,
        "filename": filename,
        "mime_type": mime,
        "size_bytes": len(upload.data),
        "width": width,
        "height": height,
        "duration_seconds": duration,
        "duration_token": None if duration is None else f"dtok_v1_{int(duration * 100)}_{state.ids.hex(10)}",
        "url": _signed_url(state, file_id, filename, expires),
        "model": model_id,
        "client_request_id": form.get("client_request_id"),
        "created_at": iso(now),
        "expires_at": iso(expires),
    }
    state.add_file(StoredFile(public, len(upload.data), expires, {public["url"]}))
    return Reply(201, public)


def _image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (read from its header); 1024 x 1024 for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        if width > 0 and height > 0:
            return int(width), int(height)
    return 1024, 1024


async def get_file(call: Call) -> Reply:
    """The file's metadata with a freshly signed URL (the upload's URL stays valid too);
    an expired file is gone (404), as the contract says."""
    state = _state(call)
    stored = state.files.get(call.param("path", "fileId"))
    if stored is None or stored.expired(state.clock()):
        raise _fail("not_found", "No file with this ID.", "fileId")
    url = _signed_url(state, stored.public["id"], stored.public["filename"], int(stored.expires))
    state.add_url(stored, url)
    return Reply(200, {**stored.public, "url": url})


def _chat_turn(call: Call) -> tuple[Session, dict[str, Any] | None, dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Run one chat turn: (session, new session body or None, message, usage, credits)."""
    state, body = _state(call), call.data.body
    model = _model(state, body["model"], kind="chat")
    session = None
    if "session_id" in body:
        session = state.sessions.get(body["session_id"])
        if session is None:
            raise _fail("not_found", "No chat session with this ID.", "session_id")
    attachments = []
    for index, attachment in enumerate(body.get("attachments") or []):
        stored = state.files.get(attachment["file_id"])
        where = f"attachments[{index}].file_id"
        if stored is None:
            raise _fail("not_found", f"{where}: no file of this account has this ID.", where)
        if stored.expired(state.clock()):
            raise _fail("not_found", f"{where}: {stored.public['id']} expired at {stored.public['expires_at']}.", where)
        if stored.public["kind"] != "image":
            raise _fail("file_not_usable", f"{where}: {stored.public['id']} is a {stored.public['kind']} file.", where)
        _fits_kind(state, stored, where)
        public = stored.public
        attachments.append({k: public[k] for k in ("kind", "mime_type", "filename")} | {"file_id": public["id"]})
    controls = body.get("controls") or {}
    max_out = int(controls.get("max_output_tokens", 4096))
    history = sum(tokens(m["content"]) for m in session.messages) if session else 0
    input_tokens = history + tokens(body["message"] + controls.get("instructions", ""))
    if input_tokens > (model.context_window or catalog.DEFAULT_CONTEXT):
        raise _fail("context_length_exceeded", "The session history plus this message exceed the context window.")
    prices = model.credits
    reserved = (
        input_tokens * float(prices.get("input_amount", 0)) + max_out * float(prices.get("output_amount", 0))
    ) / 1000
    _reserve(state, reserved)
    now = state.clock()
    new_session = None
    if session is None:
        session = Session(id=state.ids.new("chs_"), model=model.id, created=now, updated=now)
        state.sessions[session.id] = session
        new_session = session.public(with_messages=False)
    words = body["message"].split()
    reply_text = f"Mock reply ({model.id}): you wrote {len(words)} words, starting with {' '.join(words[:6])!r}."
    output_tokens = tokens(reply_text)
    finish = "stop"
    if output_tokens > max_out:
        reply_text, output_tokens, finish = reply_text[: max_out * 4], max_out, "length"
    final = (
        input_tokens * float(prices.get("input_amount", 0)) + output_tokens * float(prices.get("output_amount", 0))
    ) / 1000
    state.account.settle(reserved, final)
    user = {
        "id": state.ids.new("msg_"),
        "session_id": session.id,
        "role": "user",
        "content": body["message"],
        "attachments": attachments,
        "model": None,
        "finish_reason": None,
        "created_at": iso(now),
    }
    assistant = {
        "id": state.ids.new("msg_"),
        "session_id": session.id,
        "role": "assistant",
        "content": reply_text,
        "attachments": [],
        "model": model.id,
        "finish_reason": finish,
        "created_at": iso(now),
    }
    usage = {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "reasoning_tokens": 0,
        "total_tokens": input_tokens + output_tokens,
    }
    session.messages += [user, assistant]
    session.model, session.updated = model.id, now
    session.title = session.title or " ".join(words[:6])[:80]
    for name, value in usage.items():
        session.usage[name] += value
    credits = {"reserved_credits": money(reserved), "final_credits": money(final)}
    return session, new_session, assistant, usage, credits


async def create_chat_completion(call: Call) -> Reply:
    session, _, message, usage, credits = _chat_turn(call)
    body = {
        "session_id": session.id,
        "model": message["model"],
        "message": message,
        "usage": usage,
        "credits": credits,
        "client_request_id": call.data.body.get("client_request_id"),
        "created_at": message["created_at"],
    }
    return Reply(200, body)


async def stream_chat_completion(call: Call) -> Reply:
    _, new_session, message, usage, credits = _chat_turn(call)
    events = stream.turn_events(
        new_session=new_session,
        message=message,
        usage=usage,
        credits=credits,
        out_of_order=call.app.options.active("stream-out-of-order"),
    )
    recorded = b"".join(stream.frame(name, data) for name, data in events)
    live = stream.live(events, iso(_state(call).clock()), call.app.options.heartbeat_seconds)
    return Reply(200, media_type="text/event-stream", stream=live, raw=recorded)


async def list_sessions(call: Call) -> Reply:
    sessions = sorted(_state(call).sessions.values(), key=lambda s: (s.updated, s.id), reverse=True)
    return _list(call, [s.public(with_messages=False) for s in sessions], "updated_at")


async def get_session(call: Call) -> Reply:
    session = _state(call).sessions.get(call.param("path", "sessionId"))
    if session is None:
        raise _fail("not_found", "No chat session with this ID.", "sessionId")
    return Reply(200, session.public(with_messages=True))


def _check_url(call: Call, url: str | None) -> None:
    if url is None:
        return
    if url.startswith("http://") and not (is_loopback(url) and call.app.options.loopback_webhooks):
        raise _fail("invalid_parameter", "url: webhook URLs must use https.", "url")


def _endpoint(call: Call) -> Endpoint:
    endpoint = _state(call).endpoints.get(call.param("path", "endpointId"))
    if endpoint is None:
        raise _fail("not_found", "No webhook endpoint with this ID.", "endpointId")
    return endpoint


async def list_endpoints(call: Call) -> Reply:
    state = _state(call)
    items = sorted(state.endpoints.values(), key=lambda e: (e.created, e.id), reverse=True)
    return _list(call, [e.public(state.clock()) for e in items])


async def create_endpoint(call: Call) -> Reply:
    state, body = _state(call), call.data.body
    _check_url(call, body["url"])
    if len(state.endpoints) >= state.limits.max_webhook_endpoints:
        raise _fail(
            "limit_reached",
            f"This account already has {state.limits.max_webhook_endpoints} webhook endpoints; delete one first.",
        )
    now = state.clock()
    endpoint = Endpoint(
        id=state.ids.new("we_"),
        url=body["url"],
        description=body.get("description"),
        events=list(body["enabled_events"]),
        status=body.get("status", "enabled"),
        secret="whsec_" + state.ids.hex(32),
        created=now,
        updated=now,
    )
    state.endpoints[endpoint.id] = endpoint
    state.deliverer.log.setdefault(endpoint.id, [])
    return Reply(201, endpoint.public(now, with_secret=True))


async def get_endpoint(call: Call) -> Reply:
    return Reply(200, _endpoint(call).public(_state(call).clock()))


async def update_endpoint(call: Call) -> Reply:
    endpoint, body = _endpoint(call), call.data.body
    _check_url(call, body.get("url"))
    if "url" in body:
        endpoint.url = body["url"]
    if "enabled_events" in body:
        endpoint.events = list(body["enabled_events"])
    if "description" in body:
        endpoint.description = body["description"]
    if "status" in body:
        endpoint.status = body["status"]
    endpoint.updated = _state(call).clock()
    return Reply(200, endpoint.public(endpoint.updated))


async def delete_endpoint(call: Call) -> Reply:
    state, endpoint = _state(call), _endpoint(call)
    del state.endpoints[endpoint.id]
    state.deliverer.log.pop(endpoint.id, None)
    return Reply(204, raw=b"", media_type="")


async def rotate_secret(call: Call) -> Reply:
    state, endpoint = _state(call), _endpoint(call)
    grace = int((call.data.body or {}).get("grace_period_seconds", 86400))
    now = state.clock()
    endpoint.previous_secret = endpoint.secret if grace > 0 else None
    endpoint.previous_expires = now + grace if grace > 0 else None
    endpoint.secret = "whsec_" + state.ids.hex(32)
    endpoint.updated = now
    return Reply(200, endpoint.public(now, with_secret=True))


async def test_endpoint(call: Call) -> Reply:
    state, endpoint = _state(call), _endpoint(call)
    event_type = (call.data.body or {}).get("event_type", "webhook.test")
    now = state.clock()
    failed = event_type == "generation.failed"
    sample = Generation(
        id=state.ids.new("gen_test_"),
        model=next(iter(state.models), "rivya-image-1"),
        kind="image",
        prompt="webhook test",
        params={},
        client_request_id=None,
        reserved=4,
        created=now,
        updated=now,
        status="failed" if failed else "succeeded",
        final=0 if failed else 4,
    )
    if failed:
        sample.error = {"code": "generation_failed", "message": "Sample failure for a test delivery."}
    else:
        sample.result = state.result_for(sample)
    event = {
        "id": state.ids.new("evt_"),
        "type": event_type,
        "api_version": "v1",
        "created_at": iso(now),
        "data": {"object": sample.public()},
    }
    delivery = await state.deliverer.attempt(endpoint, event, 1, test=True)
    return Reply(200, {"success": delivery["success"], "event": event, "delivery": delivery})


async def list_events(call: Call) -> Reply:
    kind = call.param("query", "type")
    events = [e for e in _state(call).events if kind is None or e["type"] == kind]
    return _list(call, events)


async def list_deliveries(call: Call) -> Reply:
    endpoint = _endpoint(call)
    event_id = call.param("query", "event_id")
    log = _state(call).deliverer.log.get(endpoint.id, [])
    return _list(call, [d for d in log if event_id is None or d["event_id"] == event_id])


HANDLERS: dict[str, Handler] = {
    "GET /api/v1/models": list_models,
    "POST /api/v1/generations": create_generation,
    "GET /api/v1/generations/{taskId}": get_generation,
    "GET /api/v1/credits": get_credits,
    "POST /api/v1/files": upload_file,
    "GET /api/v1/files/{fileId}": get_file,
    "POST /api/v1/chat/completions": create_chat_completion,
    "POST /api/v1/chat/completions/stream": stream_chat_completion,
    "GET /api/v1/chat/sessions": list_sessions,
    "GET /api/v1/chat/sessions/{sessionId}": get_session,
    "GET /api/v1/webhooks": list_endpoints,
    "POST /api/v1/webhooks": create_endpoint,
    "GET /api/v1/webhooks/{endpointId}": get_endpoint,
    "PATCH /api/v1/webhooks/{endpointId}": update_endpoint,
    "DELETE /api/v1/webhooks/{endpointId}": delete_endpoint,
    "POST /api/v1/webhooks/{endpointId}/rotate-secret": rotate_secret,
    "POST /api/v1/webhooks/{endpointId}/test": test_endpoint,
    "GET /api/v1/webhook-events": list_events,
    "GET /api/v1/webhooks/{endpointId}/deliveries": list_deliveries,
}


def _new_state(engine: Engine, account: str) -> RivyaState:
    """One account's state; the default account starts with the contract's examples
    (its example files, generations, sessions, webhook endpoint, events, deliveries)."""
    state = RivyaState(engine)
    if account == DEFAULT_ACCOUNT:
        examples.seed(state)
    return state


PROFILE = Profile(name="rivya", detect=detect, new_state=_new_state, handlers=HANDLERS)
