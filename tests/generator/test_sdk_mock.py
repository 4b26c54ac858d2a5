"""The golden Rivya SDK used as its README shows, over real HTTP against the stateful mock.

Keyword arguments from the schema, uploads from a Path and an open file, pages that
iterate, streams, raw and streamed responses, with_options, per-request retries,
webhooks — sync and async.
"""

from __future__ import annotations

import asyncio
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.load import load_bundled
from rivya_contract.mock import serve


def png(width: int = 2, height: int = 3) -> bytes:
    """A real PNG image of the given size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def mock() -> Iterator[Any]:
    with serve(load_bundled(), seed=0) as running:
        yield running


@pytest.fixture
def client(sdk: Any, mock: Any) -> Iterator[Any]:
    with sdk.Rivya(api_key=mock.demo_key, base_url=mock.url) as c:
        yield c


def test_upload_from_a_path_and_from_an_open_file(client: Any, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(png(2, 3))
    uploaded = client.files.upload(file=shot, kind="image")
    assert (uploaded.filename, uploaded.mime_type, uploaded.width, uploaded.height) == ("shot.png", "image/png", 2, 3)
    with shot.open("rb") as handle:
        again = client.files.upload(file=handle, kind="image")
    assert (again.filename, again.mime_type) == ("shot.png", "image/png")
    sniffed = client.files.upload(file=png(), kind="image")  # bare bytes: the type from the content
    assert sniffed.mime_type == "image/png" and sniffed.filename == "file.png"
    assert client.files.retrieve(uploaded.id).id == uploaded.id


def test_generation_with_keyword_params_then_wait(client: Any, sleeps: list[float]) -> None:
    created = client.generations.create(
        model="rivya-image-1", prompt="a red fox", params={"aspect_ratio": "16:9", "num_outputs": 1}
    )
    assert created.model == "rivya-image-1" and created._request_id
    done = client.generations.wait(created.id, timeout=60, poll_interval=0.01)
    assert str(done.status) in ("succeeded", "failed")
    with pytest.raises(client_error(client)) as caught:
        client.generations.create(model="rivya-image-1", prompt="x", params={"aspect_ratio": "17:9"})
    assert caught.value.status_code == 400


def client_error(client: Any) -> type[Exception]:
    import importlib

    return importlib.import_module(type(client).__module__.split(".")[0]).BadRequestError  # type: ignore[no-any-return]


def test_models_page_iterates_and_raw_and_streamed_responses(client: Any, tmp_path: Path) -> None:
    ids = [model.id for model in client.models.list()]
    assert "rivya-image-1" in ids and len(ids) == len(set(ids))
    raw = client.with_raw_response.models.list()
    assert raw.status_code == 200 and [m.id for m in raw.parse()] == ids
    assert repr(raw.parse()).startswith("SyncPage(data=[PublicApiModel(id='rivya-image-1'")  # print(page)
    with client.with_streaming_response.credits.retrieve() as response:
        assert response.headers["content-type"].startswith("application/json")
        balance = response.parse()
    assert balance.available_credits >= 0 and balance._request_id == response.request_id
    assert balance.to_dict()["available_credits"] == balance.available_credits
    assert '"available_credits"' in balance.to_json()
    with client.with_streaming_response.models.list() as listed:  # openai-python's idiom
        listed.stream_to_file(tmp_path / "models.json")
    assert [m["id"] for m in json.loads((tmp_path / "models.json").read_bytes())["data"]] == ids


def test_chat_stream_yields_variant_objects(client: Any, sdk: Any) -> None:
    with client.chat.completions.stream(model="rivya-chat-mini", message="hello") as events:
        received = list(events)
    names = [type(event).__name__ for event in received]
    assert names[-1] == "ChatStreamDone" and "ChatStreamMessageDelta" in names
    text = "".join(e.data.delta for e in received if isinstance(e, sdk.types.ChatStreamMessageDelta))
    assert text
    with client.with_raw_response.chat.completions.stream(model="rivya-chat-mini", message="again") as raw:
        assert raw.status_code == 200
        assert type(list(raw.parse())[-1]).__name__ == "ChatStreamDone"


def test_webhooks_pagination_rotation_and_verify(client: Any, sdk: Any) -> None:
    created = [
        client.webhooks.create(url=f"https://example.com/hook/{n}", enabled_events=["generation.succeeded"])
        for n in range(3)
    ]
    page = client.webhooks.list(limit=1)
    assert len(page.data) == 1
    walked = [endpoint.id for endpoint in page]
    assert {e.id for e in created} <= set(walked)
    rotated = client.webhooks.rotate_secret(created[0].id)
    secret = rotated.secret
    payload, headers = _signed(sdk, secret)
    assert client.webhooks.unwrap(payload, headers, secret).type == "generation.succeeded"
    headers[next(k for k in headers if k.lower().endswith("signature"))] = "v1=é"
    with pytest.raises(sdk.WebhookVerificationError):
        client.webhooks.verify(payload, headers, secret)


def _signed(sdk: Any, secret: str) -> tuple[bytes, dict[str, str]]:
    import importlib
    import json
    import time

    hooks = importlib.import_module(sdk.__name__ + "._webhooks")
    now = int(time.time())
    payload = json.dumps(
        {
            "id": "evt_1",
            "type": "generation.succeeded",
            "api_version": "v1",
            "created_at": "2026-05-11T09:30:45Z",
            "data": {"object": {"id": "gen_1"}},
        }
    ).encode()
    return payload, {hooks.TIMESTAMP_HEADER: str(now), hooks.SIGNATURE_HEADER: hooks.sign(payload, secret, now)}


def test_with_options_and_per_request_retries(client: Any, sdk: Any, sleeps: list[float]) -> None:
    quiet = client.with_options(max_retries=0, timeout=5.0, default_headers={"X-Trace": "t1"})
    assert quiet.max_retries == 0 and client.max_retries == 2
    assert quiet.credits.retrieve().available_credits >= 0
    with pytest.raises(sdk.NotFoundError):
        client.files.retrieve("file_missing", max_retries=5)  # a 404 is never retried
    assert sleeps == []


def test_async_client_against_the_mock(sdk: Any, mock: Any, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    shot.write_bytes(png())

    async def run() -> tuple[str, list[str], list[str], str]:
        async with sdk.AsyncRivya(api_key=mock.demo_key, base_url=mock.url) as client:
            uploaded = await client.files.upload(file=shot, kind="image")
            ids = [model.id async for model in await client.models.list()]
            stream = await client.chat.completions.stream(model="rivya-chat-mini", message="hi")
            async with stream:
                names = [type(event).__name__ async for event in stream]
            async with client.with_streaming_response.credits.retrieve() as response:
                balance = await response.parse()
            async with client.with_streaming_response.credits.retrieve() as response:
                await response.stream_to_file(tmp_path / "credits.json")
            assert "available_credits" in json.loads((tmp_path / "credits.json").read_bytes())
            created = await client.generations.create(model="rivya-image-1", prompt="a fox")
            assert created.id and balance.available_credits >= 0
            return uploaded.mime_type, ids, names, created.model

    mime, ids, names, model = asyncio.run(run())
    assert mime == "image/png" and "rivya-image-1" in ids and names[-1] == "ChatStreamDone"
    assert model == "rivya-image-1"


def test_wait_and_create_and_wait_have_raw_and_streamed_forms(client: Any, sdk: Any, sleeps: list[float]) -> None:
    created = client.generations.create(model="rivya-image-1", prompt="a heron")
    polled = client.generations.with_raw_response.wait(created.id, poll_interval=0.01)
    assert isinstance(polled, sdk.APIResponse) and polled.status_code == 200
    assert polled.request_id and polled.parse().id == created.id
    assert str(polled.parse().status) in ("succeeded", "failed")  # the last poll's response
    with client.generations.with_streaming_response.create_and_wait(
        model="rivya-image-1", prompt="a crane", params={"num_outputs": 1}, poll_interval=0.01
    ) as last:
        result = last.parse()
        assert last.headers.get("x-request-id") and str(result.status) in ("succeeded", "failed")
        assert result.model == "rivya-image-1"
    # the open form, for a model added after generation: sent as it is, the server decides
    with pytest.raises(sdk.BadRequestError):
        client.generations.create_and_wait(model=sdk.Unlisted("rivya-image-99"), prompt="x")
    same = client.generations.create_and_wait(model=sdk.Unlisted("rivya-image-1"), prompt="x", poll_interval=0.01)
    assert same.model == "rivya-image-1"


def test_async_lists_iterate_without_await_and_async_wait_forms(sdk: Any, mock: Any) -> None:
    async def run() -> tuple[list[str], int, str, str]:
        async with sdk.AsyncRivya(api_key=mock.demo_key, base_url=mock.url) as client:
            ids = [model.id async for model in client.models.list()]  # as in openai-python
            page = await client.models.list(kind="image")
            raw = await client.generations.with_raw_response.create_and_wait(
                model="rivya-image-1", prompt="an owl", poll_interval=0.01
            )
            done = await raw.parse()
            async with client.generations.with_streaming_response.wait(done.id) as streamed:
                again = await streamed.parse()
            return ids, len(page.data), str(done.status), again.id

    ids, images, status, again = asyncio.run(run())
    assert "rivya-image-1" in ids and 0 < images < len(ids)
    assert status in ("succeeded", "failed") and again.startswith("gen_")


def test_endpoints_without_a_method_through_the_client_verbs(client: Any, sdk: Any, mock: Any) -> None:
    import httpx

    response = client.get("/api/v1/credits", cast_to=httpx.Response)
    assert response.status_code == 200 and response.json()["available_credits"] >= 0
    balance = client.get("/api/v1/credits", cast_to=sdk.types.CreditBalance)
    assert balance.available_credits >= 0 and balance._request_id
    hook = client.post(
        "/api/v1/webhooks",
        cast_to=sdk.types.WebhookEndpointWithSecret,
        body={"url": "https://hooks.example.com/verbs", "enabled_events": ["generation.failed"]},
    )
    assert hook.secret and client.webhooks.retrieve(hook.id).url == "https://hooks.example.com/verbs"
    assert client.delete(f"/api/v1/webhooks/{hook.id}", cast_to=httpx.Response).status_code == 204
    with pytest.raises(sdk.NotFoundError):
        client.get(f"/api/v1/webhooks/{hook.id}", cast_to=dict[str, object])

    async def run() -> int:
        async with sdk.AsyncRivya(api_key=mock.demo_key, base_url=mock.url) as aclient:
            found = await aclient.get("/api/v1/models", cast_to=sdk.types.ModelList)
            return len(found.data)

    assert asyncio.run(run()) > 0
