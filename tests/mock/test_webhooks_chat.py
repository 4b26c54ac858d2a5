"""Webhooks delivered to a real receiver on 127.0.0.1, and the chat API and stream."""

from __future__ import annotations

import time

import httpx

from rivya_contract.mock import serve
from tests.mock.conftest import client_for, example_ids, own
from tests.mock.contract_check import parse_sse
from tests.mock.receiver import receiver

EVENTS = ["generation.succeeded", "generation.failed"]


def finish(api: httpx.Client, prompt: str) -> dict[str, object]:
    gen = api.post("/api/v1/generations", json={"model": "rivya-image-1-turbo", "prompt": prompt}).json()
    for _ in range(2):
        last = api.get(f"/api/v1/generations/{gen['id']}").json()
    return last


def wait_for_log(api: httpx.Client, endpoint_id: str, count: int) -> list[dict[str, object]]:
    """The delivery log once it has ``count`` attempts (the receiver answers before the
    mock records the attempt)."""
    deadline = time.monotonic() + 10
    while True:
        log = api.get(f"/api/v1/webhooks/{endpoint_id}/deliveries").json()["data"]
        if len(log) >= count or time.monotonic() > deadline:
            return list(log)
        time.sleep(0.01)


def test_terminal_events_are_delivered_signed(api: httpx.Client) -> None:
    with receiver() as hook:
        endpoint = api.post("/api/v1/webhooks", json={"url": hook.url, "enabled_events": EVENTS})
        assert endpoint.status_code == 201
        secret = endpoint.json()["secret"]
        done = finish(api, "a cat")
        failed = finish(api, "a [fail] cat")
        received = hook.wait_for(2)
        assert all(item.verifies(secret) for item in received)
        assert {item.event["data"]["object"]["id"] for item in received} == {done["id"], failed["id"]}
        assert {item.event["type"] for item in received} == set(EVENTS)
        events = api.get("/api/v1/webhook-events", params={"type": "generation.failed"}).json()
        assert [e["data"]["object"]["id"] for e in events["data"] if e["id"] not in example_ids()] == [failed["id"]]


def test_failed_deliveries_are_retried_and_logged(api: httpx.Client) -> None:
    with receiver(statuses=[500, 503]) as hook:
        endpoint = api.post("/api/v1/webhooks", json={"url": hook.url, "enabled_events": EVENTS}).json()
        finish(api, "retry me")
        received = hook.wait_for(3)
        assert len({item.event["id"] for item in received}) == 1
        log = wait_for_log(api, endpoint["id"], 3)
        assert [(d["attempt"], d["success"], d["status_code"]) for d in log] == [
            (3, True, 200),
            (2, False, 503),
            (1, False, 500),
        ]
        assert log[2]["failure_reason"] == "http_status" and log[2]["next_retry_at"] is not None


def test_endpoint_management_and_rotation(api: httpx.Client) -> None:
    with receiver() as hook:
        created = api.post("/api/v1/webhooks", json={"url": hook.url, "enabled_events": EVENTS}).json()
        path = f"/api/v1/webhooks/{created['id']}"
        assert "secret" not in api.get(path).json()
        assert own(api.get("/api/v1/webhooks").json()["data"]) == [created["id"]]
        updated = api.patch(path, json={"description": "main"}).json()
        assert updated["description"] == "main"
        rotated = api.post(f"{path}/rotate-secret", json={"grace_period_seconds": 600}).json()
        assert rotated["secret"] != created["secret"] and rotated["previous_secret_expires_at"]
        test = api.post(f"{path}/test", json={}).json()
        assert test["success"] and test["delivery"]["test"] and test["event"]["type"] == "webhook.test"
        [item] = hook.wait_for(1)
        assert item.signature.count("v1=") == 2
        assert item.verifies(rotated["secret"]) and item.verifies(created["secret"])
        assert api.delete(path).status_code == 204
        assert api.get(path).status_code == 404
        public = api.post("/api/v1/webhooks", json={"url": "http://example.com/x", "enabled_events": EVENTS})
        assert public.status_code == 400 and public.json()["error"]["param"] == "url"


def test_http_loopback_endpoints_only_on_request(rivya_doc, checker) -> None:  # type: ignore[no-untyped-def]
    """By default the mock wants what the contract wants (https); a local receiver is an opt-in."""
    local = {"url": "http://127.0.0.1:9/hook", "enabled_events": EVENTS}
    for relaxed, status in ((False, 400), (True, 201)):
        with serve(rivya_doc, loopback_webhooks=relaxed) as mock, client_for(mock, checker) as api:
            answer = api.post("/api/v1/webhooks", json=local)
            assert answer.status_code == status, answer.text
            if status == 400:
                assert answer.json()["error"]["param"] == "url"


def test_the_endpoint_quota_is_409_limit_reached(api: httpx.Client, rivya_doc) -> None:  # type: ignore[no-untyped-def]
    quota = rivya_doc.tree["x-rivya-limits"]["max_webhook_endpoints"]
    hook = {"url": "https://hooks.example.com/x", "enabled_events": EVENTS, "status": "disabled"}
    held = len(api.get("/api/v1/webhooks", params={"limit": 100}).json()["data"])  # the example endpoint
    made = [api.post("/api/v1/webhooks", json=hook) for _ in range(quota - held)]
    assert [m.status_code for m in made] == [201] * (quota - held)
    full = api.post("/api/v1/webhooks", json=hook)
    assert full.status_code == 409 and full.json()["error"]["code"] == "limit_reached"
    assert str(quota) in full.json()["error"]["message"]
    assert api.delete(f"/api/v1/webhooks/{made[0].json()['id']}").status_code == 204
    assert api.post("/api/v1/webhooks", json=hook).status_code == 201


def test_chat_sessions_keep_their_messages(api: httpx.Client) -> None:
    first = api.post("/api/v1/chat/completions", json={"model": "rivya-chat-1", "message": "hello there"}).json()
    session = first["session_id"]
    second = api.post(
        "/api/v1/chat/completions",
        json={"model": "rivya-chat-mini", "message": "and again", "session_id": session},
    ).json()
    assert second["session_id"] == session
    assert second["credits"]["final_credits"] <= second["credits"]["reserved_credits"]
    full = api.get(f"/api/v1/chat/sessions/{session}").json()
    assert [m["content"] for m in full["messages"] if m["role"] == "user"] == ["hello there", "and again"]
    assert full["message_count"] == 4
    listed = api.get("/api/v1/chat/sessions").json()["data"]
    assert own(listed) == [session] and all("messages" not in s for s in listed)
    unknown = api.post(
        "/api/v1/chat/completions", json={"model": "rivya-chat-1", "message": "x", "session_id": "chs_no"}
    )
    assert unknown.status_code == 404
    raw = api.post("/api/v1/chat/completions", json={"model": "rivya-chat-1", "messages": []})
    assert raw.json()["error"]["code"] == "unknown_parameter"
    image_model = api.post("/api/v1/chat/completions", json={"model": "rivya-image-1", "message": "x"})
    assert image_model.json()["error"]["code"] == "unknown_model"


def test_stream_order_and_deltas(api: httpx.Client) -> None:
    body = {"model": "rivya-chat-1", "message": "tell me a rather long story about the sea and ships"}
    answer = api.post("/api/v1/chat/completions/stream", json=body, headers={"Idempotency-Key": "s1"})
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(answer.text)
    names = [e["event"] for e in events]
    assert names[0] == "session.created" and names[-3:] == ["message.completed", "usage.completed", "done"]
    assert "heartbeat" in names
    deltas = [e["data"] for e in events if e["event"] == "message.delta"]
    assert len(deltas) > 1 and [d["index"] for d in deltas] == list(range(len(deltas)))
    completed = next(e["data"] for e in events if e["event"] == "message.completed")
    assert "".join(d["delta"] for d in deltas) == completed["content"]
    replay = api.post("/api/v1/chat/completions/stream", json=body, headers={"Idempotency-Key": "s1"})
    assert replay.headers["idempotent-replayed"] == "true"
    assert [e for e in parse_sse(replay.text) if e["event"] != "heartbeat"] == [
        e for e in events if e["event"] != "heartbeat"
    ]
    session = api.get(f"/api/v1/chat/sessions/{completed['session_id']}").json()
    assert session["messages"][-1] == completed
