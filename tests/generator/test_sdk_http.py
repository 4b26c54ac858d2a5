"""The generated Rivya SDK (golden copy) over real HTTP on 127.0.0.1 against a scripted server."""

from __future__ import annotations

import asyncio
import importlib
import json
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from tests.generator.server import Reply, ScriptedServer

API = "/api/v1"


def generation(status: str = "queued", **extra: Any) -> dict[str, Any]:
    body = {
        "id": "gen_1",
        "status": status,
        "model": "rivya-image-1",
        "client_request_id": None,
        "reserved_credits": 8,
        "final_credits": None,
        "created_at": "2026-05-11T09:30:00Z",
        "updated_at": "2026-05-11T09:30:00Z",
        "result": None,
        "error": None,
    }
    body.update(extra)
    return body


RESULT = {
    "outputs": [
        {
            "url": "https://cdn.rivya.ai?sig=a%2Fb+c&exp=1",  # a signed URL, passed on verbatim
            "kind": "image",
            "mime_type": "image/png",
            "size_bytes": 3,
            "width": 1,
            "height": 1,
            "duration_seconds": None,
        }
    ],
    "seed": 1,
    "expires_at": "2026-05-18T09:30:45Z",
}


def endpoint(n: int) -> dict[str, Any]:
    return {
        "id": f"we_{n}",
        "url": "https://example.com/hook",
        "description": None,
        "enabled_events": ["generation.succeeded"],
        "status": "enabled",
        "secret_hint": "whsec_...abcd",
        "previous_secret_expires_at": None,
        "created_at": "2026-05-11T09:30:00Z",
        "updated_at": "2026-05-11T09:30:00Z",
    }


def error(code: str, message: str = "nope") -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "request_id": "req_1"}}


def sse(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


@pytest.fixture
def client(sdk: Any, server: ScriptedServer) -> Any:
    with sdk.Rivya(api_key="rvya_sk_test", base_url=server.url) as c:
        yield c


def test_api_key_and_base_url_from_the_environment(
    sdk: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RIVYA_API_KEY", "rvya_sk_env")
    monkeypatch.setenv("RIVYA_BASE_URL", server.url)
    server.script(
        "GET",
        f"{API}/credits",
        Reply(
            body={"available_credits": 120, "reserved_credits": 8, "updated_at": "2026-05-11T09:30:00Z", "new_field": 1}
        ),
    )
    with sdk.Rivya() as client:
        balance = client.credits.retrieve()
    assert balance.available_credits == 120
    assert balance.model_extra == {"new_field": 1}  # a field added later is kept, not fatal
    assert server.requests[0].headers["authorization"] == "Bearer rvya_sk_env"


def test_default_base_url_comes_from_servers(sdk: Any) -> None:
    assert str(sdk.Rivya(api_key="k").base_url) == "https://rivya.ai"


def test_list_models_with_query_enum_and_unknown_values(client: Any, server: ScriptedServer, sdk: Any) -> None:
    model = {
        "id": "rivya-future-9",
        "name": "Future",
        "kind": "hologram",
        "status": "available",
        "description": "new",
        "prompt_required": True,
        "params": [],
        "credits": {"unit": "output", "amount": 1},
        "sunset_at": None,
        "replaced_by": None,
    }
    server.script(
        "GET", f"{API}/models", Reply(body={"object": "list", "data": [model], "has_more": False, "next_cursor": None})
    )
    models = client.models.list(kind="image")
    assert server.requests[0].query == {"kind": ["image"]}
    assert models.data[0].kind == "hologram"  # an enum value added later parses
    assert isinstance(models.data[0].kind, sdk.types.ModelKind)
    assert [m.id for m in models] == ["rivya-future-9"]  # iterating a list yields its items


def test_create_retries_with_one_idempotency_key_and_honours_retry_after(
    client: Any, server: ScriptedServer, sleeps: list[float], sdk: Any
) -> None:
    server.script(
        "POST",
        f"{API}/generations",
        Reply(429, error("rate_limited"), {"Retry-After": "7"}),
        Reply(503, error("service_unavailable")),
        Reply(202, generation()),
    )
    created = client.generations.create(model="rivya-image-1", prompt="a red fox")
    assert created.id == "gen_1" and created.status == "queued"
    keys = {r.headers["idempotency-key"] for r in server.requests}
    assert len(server.requests) == 3 and len(keys) == 1
    assert sleeps[0] == 7.0  # Retry-After wins over the back-off
    assert 0 < sleeps[1] <= 1.0  # then exponential back-off with jitter (0.5 * 2**1, minus up to 25%)
    assert server.requests[0].json() == {"model": "rivya-image-1", "prompt": "a red fox"}


def test_caller_idempotency_key_and_keyword_body(client: Any, server: ScriptedServer) -> None:
    server.script("POST", f"{API}/generations", Reply(202, generation()))
    client.generations.create(
        model="rivya-image-1", prompt="x", params={"aspect_ratio": "16:9"}, idempotency_key="mine-1"
    )
    assert server.requests[0].headers["idempotency-key"] == "mine-1"
    assert server.requests[0].json() == {"model": "rivya-image-1", "prompt": "x", "params": {"aspect_ratio": "16:9"}}


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (400, "BadRequestError"),
        (401, "AuthenticationError"),
        (403, "PermissionDeniedError"),
        (404, "NotFoundError"),
        (409, "ConflictError"),
        (422, "UnprocessableEntityError"),
        (429, "RateLimitError"),
        (500, "InternalServerError"),
    ],
)
def test_each_status_raises_its_typed_error(sdk: Any, server: ScriptedServer, status: int, name: str) -> None:
    server.script("GET", f"{API}/generations/gen_x", Reply(status, error("brand_new_code", "why")))
    with (
        sdk.Rivya(api_key="k", base_url=server.url, max_retries=0) as client,
        pytest.raises(getattr(sdk, name)) as caught,
    ):
        client.generations.retrieve("gen_x")
    assert caught.value.status_code == status
    assert caught.value.error.error.code == "brand_new_code"  # unknown error codes still parse
    assert caught.value.code == "brand_new_code"  # the same, without knowing the body's shape
    assert "why" in str(caught.value)


def test_connection_errors_are_retried_then_raised(sdk: Any, sleeps: list[float]) -> None:
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        sdk.Rivya(api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=2) as client,
        pytest.raises(sdk.APIConnectionError),
    ):
        client.credits.retrieve()
    assert len(sleeps) == 2


def test_path_parameters_are_escaped(client: Any, server: ScriptedServer) -> None:
    server.script("GET", f"{API}/generations/a%2F..%2Fb%3Fx", Reply(body=generation()))
    client.generations.retrieve("a/../b?x")
    assert server.requests[0].path == f"{API}/generations/a%2F..%2Fb%3Fx"


def test_multipart_upload(client: Any, server: ScriptedServer) -> None:
    stored = {
        "id": "file_1",
        "kind": "image",
        "filename": "fox.png",
        "mime_type": "image/png",
        "size_bytes": 4,
        "width": 1,
        "height": 1,
        "duration_seconds": None,
        "duration_token": None,
        "url": "https://cdn/x",
        "model": None,
        "client_request_id": None,
        "created_at": "2026-05-11T09:30:00Z",
        "expires_at": "2026-05-12T09:30:00Z",
    }
    server.script("POST", f"{API}/files", Reply(201, stored))
    uploaded = client.files.upload(file=("fox.png", b"\x89PNG", "image/png"), kind="image")
    assert uploaded.id == "file_1"
    sent = server.requests[0]
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="fox.png"' in sent.body and b"\x89PNG" in sent.body
    assert b'name="kind"\r\n\r\nimage' in sent.body
    assert "idempotency-key" in sent.headers


def test_upload_from_a_text_mode_file_and_a_str_refused(client: Any, server: ScriptedServer, tmp_path: Path) -> None:
    server.script("POST", f"{API}/files", Reply(201, {"id": "file_1"}))
    notes = tmp_path / "notes.txt"
    notes.write_text("caf\u00e9 notes\n", encoding="utf-8")
    with open(notes, encoding="utf-8") as text_file:
        client.files.upload(file=text_file, kind="image")
    sent = server.requests[0].body
    assert b'filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\ncaf\xc3\xa9 notes\n' in sent
    with pytest.raises(TypeError, match=r"file: expected a pathlib.Path, .* not str"):
        client.files.upload(file=str(notes), kind="image")  # a path as str is ambiguous
    assert len(server.requests) == 1  # refused before anything was sent


def _chat_events() -> list[bytes]:
    return [
        b": keep-alive\n\n",
        sse("message.delta", {"session_id": "s1", "message_id": "m1", "index": 0, "delta": "Hel"}),
        sse("heartbeat", {}),
        sse("brand.new.event", {"anything": 1}),
        sse("message.delta", {"session_id": "s1", "message_id": "m1", "index": 1, "delta": "lo"}),
        sse("done", {"session_id": "s1", "message_id": "m1"}),
    ]


def test_sse_stream_yields_typed_events(client: Any, server: ScriptedServer, sdk: Any) -> None:
    server.script(
        "POST",
        f"{API}/chat/completions/stream",
        Reply(headers={"Content-Type": "text/event-stream"}, chunks=_chat_events()),
    )
    with client.chat.completions.stream(model="rivya-chat-1", message="hi") as events:
        first = next(events)  # a stream is an iterator, as in openai-python
        roots = [first, *events]  # the variant objects themselves, no ``.root``
    names = [type(r).__name__ for r in roots]
    assert names[-1] == "ChatStreamDone" and "ChatStreamEventUnknown" in names
    text = "".join(r.data.delta for r in roots if type(r).__name__ == "ChatStreamMessageDelta")
    assert text == "Hello"
    assert server.requests[0].headers["accept"] == "text/event-stream"


def test_sse_stream_cut_midway_raises(client: Any, server: ScriptedServer, sdk: Any) -> None:
    server.script(
        "POST",
        f"{API}/chat/completions/stream",
        Reply(headers={"Content-Type": "text/event-stream"}, chunks=_chat_events()[:2], cut=True),
    )
    received = []
    with (
        pytest.raises(sdk.StreamInterruptedError),
        client.chat.completions.stream(model="rivya-chat-1", message="hi") as events,
    ):
        for event in events:
            received.append(event)
    assert len(received) == 1


def test_async_stream_and_async_errors(sdk: Any, server: ScriptedServer) -> None:
    server.script(
        "POST",
        f"{API}/chat/completions/stream",
        Reply(headers={"Content-Type": "text/event-stream"}, chunks=_chat_events()),
    )
    server.script("GET", f"{API}/files/file_missing", Reply(404, error("not_found")))

    async def run() -> list[str]:
        async with sdk.AsyncRivya(api_key="k", base_url=server.url) as client:
            stream = await client.chat.completions.stream(model="m", message="hi")
            async with stream:
                first = await anext(stream)
                names = [type(first).__name__] + [type(e).__name__ async for e in stream]
            with pytest.raises(sdk.NotFoundError):
                await client.files.retrieve("file_missing")
            return names

    assert asyncio.run(run())[-1] == "ChatStreamDone"


def test_wait_polls_to_a_terminal_status(client: Any, server: ScriptedServer, sleeps: list[float]) -> None:
    server.script(
        "GET",
        f"{API}/generations/gen_1",
        Reply(body=generation("queued"), headers={"Retry-After": "3"}),
        Reply(body=generation("running")),
        Reply(body=generation("succeeded", final_credits=8, result=RESULT)),
    )
    done = client.generations.wait("gen_1", poll_interval=0.5)
    assert done.status == "succeeded" and len(server.requests) == 3
    assert done.result.outputs[0].url == RESULT["outputs"][0]["url"]  # a str, not a re-encoded AnyUrl
    assert sleeps == [3.0, 0.75]  # the server's Retry-After, then the interval backed off (x1.5)


def test_create_and_wait(client: Any, server: ScriptedServer, sleeps: list[float]) -> None:
    server.script("POST", f"{API}/generations", Reply(202, generation("queued")))
    server.script(
        "GET",
        f"{API}/generations/gen_1",
        Reply(body=generation("failed", error={"code": "content_policy_violation", "message": "withheld"})),
    )
    result = client.generations.create_and_wait(model="rivya-image-1", prompt="x")
    assert result.status == "failed" and result.error.code == "content_policy_violation"


def test_wait_deadline(client: Any, server: ScriptedServer, sdk: Any, sleeps: list[float]) -> None:
    server.script("GET", f"{API}/generations/gen_1", Reply(body=generation("running")))
    with pytest.raises(sdk.WaitTimeoutError):
        client.generations.wait("gen_1", timeout=0)


def test_pagination_walks_every_page(client: Any, server: ScriptedServer) -> None:
    server.script(
        "GET",
        f"{API}/webhooks",
        Reply(body={"object": "list", "data": [endpoint(1), endpoint(2)], "has_more": True, "next_cursor": "c2"}),
        Reply(body={"object": "list", "data": [endpoint(3)], "has_more": False, "next_cursor": None}),
    )
    page = client.webhooks.list(limit=2)
    assert [e.id for e in page.data] == ["we_1", "we_2"]
    assert [e.id for e in page] == ["we_1", "we_2", "we_3"]
    assert server.requests[1].query == {"limit": ["2"], "after": ["c2"]}


def test_raw_response_access(client: Any, server: ScriptedServer) -> None:
    server.script(
        "GET",
        f"{API}/credits",
        Reply(
            body={"available_credits": 1, "reserved_credits": 0, "updated_at": "2026-05-11T09:30:00Z"},
            headers={"X-Request-Id": "req_42"},
        ),
    )
    raw = client.with_raw_response.credits.retrieve()
    assert raw.status_code == 200 and raw.headers["x-request-id"] == "req_42"
    assert raw.parse().available_credits == 1


def test_delete_returns_none(client: Any, server: ScriptedServer) -> None:
    server.script("DELETE", f"{API}/webhooks/we_1", Reply(204))
    assert client.webhooks.delete("we_1") is None


def _delivery(sdk: Any, secret: str, timestamp: int) -> tuple[bytes, dict[str, str]]:
    webhooks = importlib.import_module(sdk.__name__ + "._webhooks")
    payload = json.dumps(
        {
            "id": "evt_1",
            "type": "generation.succeeded",
            "api_version": "v1",
            "created_at": "2026-05-11T09:30:45Z",
            "data": {"object": generation("succeeded")},
        }
    ).encode()
    headers = {
        "Rivya-Webhook-Timestamp": str(timestamp),
        "Rivya-Webhook-Signature": webhooks.sign(payload, secret, timestamp),
    }
    return payload, headers


def test_webhook_verify_valid_tampered_expired_rotated(client: Any, sdk: Any) -> None:
    now = int(time.time())
    payload, headers = _delivery(sdk, "whsec_new", now)
    event = client.webhooks.unwrap(payload, headers, "whsec_new")
    assert event.type == "generation.succeeded" and event.data.object.id == "gen_1"
    with pytest.raises(sdk.WebhookVerificationError, match="no signature"):
        client.webhooks.verify(payload.replace(b"gen_1", b"gen_2"), headers, "whsec_new")
    old_payload, old_headers = _delivery(sdk, "whsec_new", now - 301)
    with pytest.raises(sdk.WebhookVerificationError, match="tolerance"):
        client.webhooks.verify(old_payload, old_headers, "whsec_new")
    with pytest.raises(sdk.WebhookVerificationError, match="no signature"):
        client.webhooks.verify(payload, headers, "whsec_old")
    # during a rotation: either secret verifies, and a header may carry both signatures
    client.webhooks.verify(payload, headers, ["whsec_old", "whsec_new"])
    both = dict(headers)
    webhooks = importlib.import_module(sdk.__name__ + "._webhooks")
    both["Rivya-Webhook-Signature"] = (
        webhooks.sign(payload, "whsec_old", now) + ", " + headers["Rivya-Webhook-Signature"]
    )
    client.webhooks.verify(payload, both, "whsec_new")
    with pytest.raises(sdk.WebhookVerificationError, match="missing header"):
        client.webhooks.verify(payload, {}, "whsec_new")


def test_webhook_secret_from_the_environment(client: Any, sdk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    payload, headers = _delivery(sdk, "whsec_env", int(time.time()))
    monkeypatch.delenv("RIVYA_WEBHOOK_SECRET", raising=False)
    with pytest.raises(sdk.WebhookVerificationError, match=r"pass secret= or set \$RIVYA_WEBHOOK_SECRET"):
        client.webhooks.unwrap(payload, headers)
    monkeypatch.setenv("RIVYA_WEBHOOK_SECRET", "whsec_env")  # openai-python's unwrap(body, headers)
    assert client.webhooks.unwrap(payload.decode(), headers).data.object.id == "gen_1"


def test_every_retried_non_get_sends_one_idempotency_key(
    client: Any, server: ScriptedServer, sleeps: list[float]
) -> None:
    rotation = {"id": "we_1", "secret": "whsec_new", "previous_secret_expires_at": "2026-05-12T09:30:00Z"}
    server.script(
        "POST",
        f"{API}/webhooks/we_1/rotate-secret",
        Reply(503, error("service_unavailable")),
        Reply(503, error("service_unavailable")),
        Reply(200, rotation),
    )
    client.webhooks.rotate_secret("we_1")
    keys = [r.headers.get("idempotency-key") for r in server.requests]
    assert len(keys) == 3 and keys[0] and len(set(keys)) == 1  # a retried rotation is done once
    assert [r.headers.get("x-retry-count") for r in server.requests] == [None, "1", "2"]


def test_per_request_max_retries_and_extras(client: Any, server: ScriptedServer, sleeps: list[float], sdk: Any) -> None:
    server.script("POST", f"{API}/generations", Reply(503, error("service_unavailable")))
    with pytest.raises(sdk.InternalServerError):
        client.generations.create(model="rivya-image-1", prompt="x", max_retries=0)
    assert len(server.requests) == 1 and sleeps == []
    server.reset()
    server.script("POST", f"{API}/generations", Reply(202, generation()))
    client.generations.create(
        model="rivya-image-1",
        prompt="x",
        extra_headers={"X-Trace": "t1"},
        extra_query={"debug": "1", "dry_run": True},
        extra_body={"future_field": True},
    )
    sent = server.requests[0]
    assert sent.headers["x-trace"] == "t1" and sent.query == {"debug": ["1"], "dry_run": ["true"]}
    assert sent.json() == {"model": "rivya-image-1", "prompt": "x", "future_field": True}


def test_a_response_that_drifts_is_kept_unless_strict(sdk: Any, server: ScriptedServer) -> None:
    drifted = generation(reserved_credits="eight", created_at=None, brand_new={"x": 1})
    del drifted["model"]
    reply = Reply(body=drifted, headers={"X-Request-Id": "req_9"})
    server.script("GET", f"{API}/generations/gen_1", reply, reply)
    with sdk.Rivya(api_key="k", base_url=server.url) as lenient:
        kept = lenient.generations.retrieve("gen_1")
    assert type(kept).__name__ == "PublicGeneration"
    assert kept.reserved_credits == "eight" and kept.status == "queued" and kept._request_id == "req_9"
    assert kept.model_extra == {"brand_new": {"x": 1}}
    with (
        sdk.Rivya(api_key="k", base_url=server.url, strict_response_validation=True) as strict,
        pytest.raises(sdk.APIResponseValidationError),
    ):
        strict.generations.retrieve("gen_1")


def test_user_agent_version_and_logging(
    sdk: Any, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging
    import platform

    logs = importlib.import_module(sdk.__name__ + "._logs")
    monkeypatch.setenv("RIVYA_LOG", "debug")
    monkeypatch.setattr(logs.logger, "handlers", [])
    logs.setup_logging()
    try:
        server.script(
            "GET",
            f"{API}/credits",
            Reply(body={"available_credits": 1, "reserved_credits": 0, "updated_at": "2026-05-11T09:30:00Z"}),
        )
        with sdk.Rivya(api_key="rvya_sk_secret", base_url=server.url) as client:
            client.credits.retrieve()
    finally:
        logs.logger.setLevel(logging.WARNING)
    agent = server.requests[0].headers["user-agent"]
    assert agent.startswith(f"Rivya/Python {sdk.__version__} ") and platform.python_version() in agent
    err = capsys.readouterr().err
    assert f"GET {server.url}/api/v1/credits" in err and '"200 OK"' in err
    assert "<redacted>" in err and "rvya_sk_secret" not in err


def test_upload_retries_send_the_same_bytes_from_an_open_file(
    client: Any, server: ScriptedServer, sleeps: list[float], tmp_path: Path
) -> None:
    path = tmp_path / "voice.wav"
    path.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    server.script("POST", f"{API}/files", Reply(503, error("service_unavailable")), Reply(201, {"id": "file_1"}))
    with path.open("rb") as handle:
        client.files.upload(file=handle, kind="audio")
    first, second = server.requests

    def content(sent: Any) -> bytes:
        boundary = sent.headers["content-type"].split("boundary=")[1].encode()
        return bytes(sent.body.replace(boundary, b"B"))

    assert content(first) == content(second) and b'filename="voice.wav"' in first.body
    assert b"Content-Type: audio/wav" in first.body
