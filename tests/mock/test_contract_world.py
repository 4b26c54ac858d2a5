"""The mock's world is the contract's: its examples exist, its formats are enforced as
declared, its catalog is the catalog schemas', every header it promises is sent, and
hostile bodies get a 400."""

from __future__ import annotations

import json
from typing import Any

import httpx

from rivya_contract.document import Document
from rivya_contract.load import load_bundled
from rivya_contract.mock import MockOptions, create_app, serve
from tests.mock.conftest import Clock, client_for
from tests.mock.contract_check import ContractChecker

EXAMPLE_FILE = "file_01JV2M8Q0R5T7W9Y1A3C5E7G9K"
EXAMPLE_CURSOR = "cur_eyJjIjoiMjAyNi0wNS0xMVQwOTozMDo0NVoiLCJpIjoiZ2VuXzAxIn0"


def _request_example(doc: Document, path: str, name: str) -> Any:
    media = doc.tree["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return media["examples"][name]["value"]


def test_the_contracts_examples_work_as_written(api: httpx.Client, rivya_doc: Document) -> None:
    # The example ids of the path parameters name real objects of the demo account.
    for name in ("TaskId", "FileId", "SessionId", "EndpointId"):
        parameter = rivya_doc.tree["components"]["parameters"][name]
        path = {
            "TaskId": "/api/v1/generations/{}",
            "FileId": "/api/v1/files/{}",
            "SessionId": "/api/v1/chat/sessions/{}",
            "EndpointId": "/api/v1/webhooks/{}",
        }[name]
        answer = api.get(path.format(parameter["example"]))
        assert answer.status_code == 200, (name, answer.text)
        assert answer.json()["id"] == parameter["example"]
    # The example cursor is a position: a page, not a 400.
    for path in ("/api/v1/chat/sessions", "/api/v1/webhooks", "/api/v1/webhook-events"):
        answer = api.get(path, params={"after": EXAMPLE_CURSOR})
        assert answer.status_code == 200, (path, answer.text)
    # Request examples that reference example files (by file_id, by signed URL) succeed.
    chat = api.post(
        "/api/v1/chat/completions", json=_request_example(rivya_doc, "/api/v1/chat/completions", "new_session")
    )
    assert chat.status_code == 200, chat.text
    assert chat.json()["session_id"] != "chs_01JV2P0W2Y4A6C8E0G2J4L6N8Q"  # a new session
    continued = _request_example(rivya_doc, "/api/v1/chat/completions", "continue_session")
    assert api.post("/api/v1/chat/completions", json=continued).json()["session_id"] == continued["session_id"]
    for name in ("rivya-image-edit-1", "rivya-lipsync-1"):
        body = _request_example(rivya_doc, "/api/v1/generations", name)
        answer = api.post("/api/v1/generations", json=body)
        assert answer.status_code == 202, (name, answer.text)


def test_examples_are_the_default_accounts_only(rivya_doc: Document, checker: ContractChecker) -> None:
    options = MockOptions(keys={"rvya_sk_other": frozenset({"files:read"})}, accounts={"rvya_sk_other": "other"})
    with serve(rivya_doc, options) as mock, client_for(mock, checker, key="rvya_sk_other") as other:
        assert other.get(f"/api/v1/files/{EXAMPLE_FILE}").status_code == 404


def test_formats_are_enforced_as_declared(api: httpx.Client) -> None:
    endpoint = api.get("/api/v1/webhooks").json()["data"][0]["id"]
    bad = api.patch(f"/api/v1/webhooks/{endpoint}", json={"url": "https://\u0084"})
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_parameter" and bad.json()["error"]["param"] == "url"
    assert api.get(f"/api/v1/webhooks/{endpoint}").json()["url"] == "https://hooks.example.com/rivya/generations"
    good = api.patch(f"/api/v1/webhooks/{endpoint}", json={"url": "https://hooks.example.com/v2"})
    assert good.status_code == 200 and good.json()["url"] == "https://hooks.example.com/v2"


def test_the_catalog_comes_from_the_catalog_schemas(rivya_doc: Document, clock: Clock) -> None:
    """A generation model the contract adds as a GenerationRequest variant is served,
    priced and callable, although the ModelList example does not list it."""
    tree = json.loads(json.dumps(rivya_doc.tree))
    schemas = tree["components"]["schemas"]
    variant = json.loads(json.dumps(schemas["GenerationRequest.rivya-image-1-turbo"]))
    variant["properties"]["model"]["const"] = "rivya-image-9"
    variant["x-rivya-model"] = {
        **variant["x-rivya-model"],
        "name": "Rivya Image 9",
        "credits": {"unit": "output", "amount": 3},
    }
    schemas["GenerationRequest.rivya-image-9"] = variant
    schemas["GenerationRequest"]["oneOf"].append({"$ref": "#/components/schemas/GenerationRequest.rivya-image-9"})
    schemas["GenerationRequest"]["discriminator"]["mapping"]["rivya-image-9"] = (
        "#/components/schemas/GenerationRequest.rivya-image-9"
    )
    doc = Document(tree=tree, source="added-model.json")
    with serve(doc, MockOptions(clock=clock)) as mock, client_for(mock, None) as api:
        listed = [m["id"] for m in api.get("/api/v1/models").json()["data"]]
        assert "rivya-image-9" in listed and listed.index("rivya-image-9") < listed.index("rivya-chat-1")
        created = api.post("/api/v1/generations", json={"model": "rivya-image-9", "prompt": "x"})
        assert created.status_code == 202 and created.json()["reserved_credits"] == 3


def test_rate_limit_headers_on_every_authenticated_response(api: httpx.Client) -> None:
    answers = [
        api.get("/api/v1/credits"),
        api.get("/api/v1/generations/gen_missing"),  # an error answer too
        api.post("/api/v1/generations", json={"model": "rivya-image-1", "prompt": "x"}),
    ]
    remaining = []
    for answer in answers:
        assert int(answer.headers["x-ratelimit-limit"]) > 0, answer.text
        assert 0 <= int(answer.headers["x-ratelimit-reset"]) <= 60
        remaining.append(int(answer.headers["x-ratelimit-remaining"]))
    assert remaining == sorted(remaining, reverse=True) and remaining[0] > remaining[-1]
    with httpx.Client(base_url=str(api.base_url)) as anonymous:
        assert "x-ratelimit-limit" not in anonymous.get("/api/v1/credits").headers  # 401: no key, no counter


def test_hostile_bodies_are_400_not_500(api: httpx.Client) -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    huge = b'{"model": "rivya-image-1", "prompt": "x", "params": {"seed": ' + b"9" * 5000 + b"}}"
    for body in (deep, huge, b'{"model": ' * 50_000):
        answer = api.post("/api/v1/generations", content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, answer.text[:200]
        assert answer.json()["error"]["code"] == "invalid_request"
    huge_query = api.get("/api/v1/webhooks", params={"limit": "9" * 5000})
    assert huge_query.status_code == 400


def test_time_progress_is_incremental(clock: Clock) -> None:
    """Ticking moves only the generations that are due, and each exactly on time."""
    app = create_app(load_bundled(), MockOptions(clock=clock, progress="time", step_seconds=10))
    state = app.state
    from rivya_contract.mock.state import Generation

    for index in range(3):
        clock.advance(1)
        state.add_generation(
            Generation(f"gen_{index}", "rivya-image-1", "image", "x", {}, None, 4.0, clock(), updated=clock())
        )
    clock.advance(8)  # gen_0 is due (10 s old), the others are not
    state.tick()
    assert [state.generations[f"gen_{i}"].status for i in range(3)] == ["running", "queued", "queued"]
    clock.advance(20)
    state.tick()
    assert {state.generations[f"gen_{i}"].status for i in range(3)} == {"succeeded"}
    assert not state.active and not state._due


def test_a_chat_model_outside_an_enum_of_chat_models_is_unknown_model(rivya_doc: Document, clock: Clock) -> None:
    tree = json.loads(json.dumps(rivya_doc.tree))
    model = tree["components"]["schemas"]["ChatCompletionRequest"]["properties"]["model"]
    model["enum"] = list(tree["components"]["schemas"]["ChatCompletionRequest"]["x-rivya-chat-models"])
    with (
        serve(Document(tree=tree, source="enum.json"), MockOptions(clock=clock)) as mock,
        client_for(mock, None) as api,
    ):
        answer = api.post("/api/v1/chat/completions", json={"model": "rivya-image-1", "message": "x"})
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "unknown_model" and answer.json()["error"]["param"] == "model"
        assert (
            api.post("/api/v1/chat/completions", json={"model": "rivya-chat-mini", "message": "x"}).status_code == 200
        )
