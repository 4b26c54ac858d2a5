"""The generation life cycle, credits, idempotency and the catalog checks."""

from __future__ import annotations

import httpx

from rivya_contract.mock import MockOptions, serve
from rivya_contract.mock.options import DEFAULT_CREDITS
from tests.mock.conftest import PNG, Clock, client_for
from tests.mock.contract_check import ContractChecker

IMAGE = {"model": "rivya-image-1", "prompt": "a lighthouse", "params": {"num_outputs": 2}}


def test_generation_moves_one_state_per_poll_and_settles_credits(api: httpx.Client) -> None:
    created = api.post("/api/v1/generations", json=IMAGE)
    assert created.status_code == 202
    gen = created.json()
    assert gen["status"] == "queued" and gen["reserved_credits"] == 8 and gen["final_credits"] is None
    assert created.headers["location"] == f"/api/v1/generations/{gen['id']}"
    assert api.get("/api/v1/credits").json()["available_credits"] == DEFAULT_CREDITS - 8
    assert api.get("/api/v1/credits").json()["reserved_credits"] == 8
    polled = [api.get(f"/api/v1/generations/{gen['id']}") for _ in range(4)]
    assert [p.json()["status"] for p in polled] == ["running", "succeeded", "succeeded", "succeeded"]
    assert "retry-after" in polled[0].headers and "retry-after" not in polled[1].headers
    done = polled[-1].json()
    assert done["final_credits"] == 8 and len(done["result"]["outputs"]) == 2 and done["error"] is None
    balance = api.get("/api/v1/credits").json()
    assert balance["available_credits"] == DEFAULT_CREDITS - 8 and balance["reserved_credits"] == 0


def test_fail_trigger_refunds_every_credit(api: httpx.Client) -> None:
    gen = api.post("/api/v1/generations", json={**IMAGE, "prompt": "please [fail] now"}).json()
    for _ in range(2):
        last = api.get(f"/api/v1/generations/{gen['id']}").json()
    assert last["status"] == "failed" and last["final_credits"] == 0 and last["result"] is None
    assert last["error"]["code"] == "generation_failed"
    assert api.get("/api/v1/credits").json()["available_credits"] == DEFAULT_CREDITS


def test_time_progress_follows_the_injected_clock(checker: ContractChecker, rivya_doc) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    options = MockOptions(clock=clock, progress="time", step_seconds=10)
    with serve(rivya_doc, options) as mock, client_for(mock, checker) as api:
        gen = api.post("/api/v1/generations", json=IMAGE).json()
        assert api.get(f"/api/v1/generations/{gen['id']}").json()["status"] == "queued"
        clock.advance(10)
        assert api.get(f"/api/v1/generations/{gen['id']}").json()["status"] == "running"
        clock.advance(10)
        assert api.get(f"/api/v1/generations/{gen['id']}").json()["status"] == "succeeded"


def test_insufficient_credits_is_402_and_reserves_nothing(rivya_doc, checker: ContractChecker) -> None:  # type: ignore[no-untyped-def]
    with serve(rivya_doc, MockOptions(initial_credits=5)) as mock, client_for(mock, checker) as api:
        answer = api.post("/api/v1/generations", json=IMAGE)
        assert answer.status_code == 402
        assert answer.json()["error"]["code"] == "insufficient_credits"
        assert api.get("/api/v1/credits").json()["available_credits"] == 5


def test_video_reserves_per_second(api: httpx.Client) -> None:
    body = {"model": "rivya-video-1", "prompt": "waves", "params": {"duration_seconds": 10}}
    assert api.post("/api/v1/generations", json=body).json()["reserved_credits"] == 200


def test_idempotency_replays_and_conflicts(api: httpx.Client) -> None:
    headers = {"Idempotency-Key": "k-1"}
    first = api.post("/api/v1/generations", json=IMAGE, headers=headers)
    again = api.post("/api/v1/generations", json=IMAGE, headers=headers)
    assert again.status_code == 202 and again.json()["id"] == first.json()["id"]
    assert again.headers["idempotent-replayed"] == "true"
    assert api.get("/api/v1/credits").json()["reserved_credits"] == 8  # reserved once
    other = api.post("/api/v1/generations", json={**IMAGE, "prompt": "other"}, headers=headers)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_conflict"


def test_catalog_rules(api: httpx.Client) -> None:
    unknown = api.post("/api/v1/generations", json={"model": "rivya-image-9", "prompt": "x"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "unknown_model" and unknown.json()["error"]["param"] == "model"
    gated = api.post("/api/v1/generations", json={"model": "rivya-video-2-preview", "prompt": "x"})
    assert gated.status_code == 403 and gated.json()["error"]["code"] == "model_gated"
    bad = api.post("/api/v1/generations", json={**IMAGE, "params": {"num_outputs": 9}})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "params.num_outputs"
    assert "params.num_outputs" in bad.json()["error"]["message"]
    missing = api.post("/api/v1/generations", json={"model": "rivya-image-1"})
    assert missing.json()["error"]["code"] == "missing_parameter"
    assert missing.json()["error"]["param"] == "prompt"
    files = api.post("/api/v1/generations", json={**IMAGE, "files": []})
    assert files.json()["error"] == {**files.json()["error"], "code": "unknown_parameter", "param": "files"}
    models = api.get("/api/v1/models", params={"kind": "chat"}).json()["data"]
    assert {m["id"] for m in models} == {"rivya-chat-1", "rivya-chat-mini"}


def test_reference_media_must_be_an_uploaded_file(api: httpx.Client) -> None:
    uploaded = api.post("/api/v1/files", files={"file": ("ref.png", PNG, "image/png")}, data={"kind": "image"}).json()
    assert (uploaded["width"], uploaded["height"]) == (640, 480)
    item = {"url": uploaded["url"], "kind": "image", "name": uploaded["filename"]}
    ok = api.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}})
    assert ok.status_code == 202
    stranger = {**item, "url": "https://files.rivya.ai/v1/file_NOPE/x.png"}
    bad = api.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [stranger]}})
    assert bad.status_code == 404 and bad.json()["error"]["code"] == "not_found"
    assert bad.json()["error"]["param"] == "params.referenceMediaItems[0].url"


def test_the_upload_checks_each_part_alone_and_the_fit_when_the_file_is_used(api: httpx.Client) -> None:
    def upload(name: str, data: bytes, media_type: str, **fields: str) -> httpx.Response:
        return api.post("/api/v1/files", files={"file": (name, data, media_type)}, data=fields)

    # A PNG sent as kind audio, an audio track meant for an image model: stored as sent.
    png_as_audio = upload("a.png", PNG, "image/png", kind="audio")
    assert png_as_audio.status_code == 201, png_as_audio.text
    assert (png_as_audio.json()["kind"], png_as_audio.json()["mime_type"]) == ("audio", "image/png")
    track = upload("t.mp3", b"ID3" + b"\x00" * 61, "audio/mpeg", kind="audio", model="rivya-image-edit-1")
    assert track.status_code == 201 and track.json()["model"] == "rivya-image-edit-1"
    # Used, the misfit is refused with file_not_usable.
    music = {"model": "rivya-music-1", "prompt": "a calm tune"}
    item = {"url": png_as_audio.json()["url"], "kind": "audio"}
    bad = api.post("/api/v1/generations", json={**music, "params": {"referenceMediaItems": [item]}})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "file_not_usable"
    assert "image/png, not one of the audio types" in bad.json()["error"]["message"]
    assert bad.json()["error"]["param"] == "params.referenceMediaItems[0].url"
    edit = {"model": "rivya-image-edit-1", "prompt": "brighter"}
    item = {"url": track.json()["url"], "kind": "audio"}
    refused = api.post("/api/v1/generations", json={**edit, "params": {"referenceMediaItems": [item]}})
    assert refused.status_code in (400, 422), refused.text  # audio is not a kind rivya-image-edit-1 takes
    chat = {"model": "rivya-chat-1", "message": "what is it?", "attachments": [{"file_id": png_as_audio.json()["id"]}]}
    attached = api.post("/api/v1/chat/completions", json=chat)
    assert attached.status_code == 422 and attached.json()["error"]["code"] == "file_not_usable"
    # The schema lists the models a file can be meant for; a model that takes no files is refused.
    no_files = upload("a.png", PNG, "image/png", kind="image", model="rivya-tts-1")
    assert no_files.status_code == 400 and no_files.json()["error"]["param"] == "model"


def test_a_reference_url_is_used_exactly_as_signed(api: httpx.Client) -> None:
    uploaded = api.post("/api/v1/files", files={"file": ("ref.png", PNG, "image/png")}, data={"kind": "image"}).json()
    url = uploaded["url"]
    forged = url[:-1] + ("0" if url[-1] != "0" else "1")  # the same file, another signature
    item = {"url": forged, "kind": "image"}
    bad = api.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}})
    assert bad.status_code == 404 and bad.json()["error"]["code"] == "not_found"
    assert uploaded["id"] in bad.json()["error"]["message"] and "signed URL" in bad.json()["error"]["message"]
    assert bad.json()["error"]["param"] == "params.referenceMediaItems[0].url"


def test_an_expired_file_cannot_be_referenced(api: httpx.Client, clock: Clock) -> None:
    uploaded = api.post("/api/v1/files", files={"file": ("ref.png", PNG, "image/png")}, data={"kind": "image"}).json()
    item = {"url": uploaded["url"], "kind": "image"}
    clock.advance(30 * 86400 - 1)
    assert api.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}}).status_code == 202
    clock.advance(1)
    late = api.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}})
    assert late.status_code == 404 and late.json()["error"]["code"] == "not_found"
    assert f"expired at {uploaded['expires_at']}" in late.json()["error"]["message"]
    chat = {"model": "rivya-chat-1", "message": "what is this?", "attachments": [{"file_id": uploaded["id"]}]}
    refused = api.post("/api/v1/chat/completions", json=chat)
    assert refused.status_code == 404 and refused.json()["error"]["param"] == "attachments[0].file_id"


def test_get_file_signs_a_fresh_url_and_forgets_expired_files(api: httpx.Client, clock: Clock) -> None:
    uploaded = api.post("/api/v1/files", files={"file": ("ref.png", PNG, "image/png")}, data={"kind": "image"}).json()
    fetched = api.get(f"/api/v1/files/{uploaded['id']}").json()
    assert fetched["url"] != uploaded["url"] and {**fetched, "url": uploaded["url"]} == uploaded
    for url in (uploaded["url"], fetched["url"]):  # every URL the API signed is usable
        item = {"url": url, "kind": "image"}
        assert api.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}}).is_success
    clock.advance(30 * 86400)
    gone = api.get(f"/api/v1/files/{uploaded['id']}")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"


def test_reference_durations_are_billed_as_measured(api: httpx.Client) -> None:
    speech = api.post(
        "/api/v1/files", files={"file": ("speech.mp3", b"ID3" + b"\x00" * 61, "audio/mpeg")}, data={"kind": "audio"}
    ).json()
    face = api.post("/api/v1/files", files={"file": ("face.mp4", b"\x00" * 64, "video/mp4")}, data={"kind": "video"})
    claimed = {"url": speech["url"], "kind": "audio", "durationSeconds": 0.01}  # no token: the server measures
    items = [{"url": face.json()["url"], "kind": "video"}, claimed]
    lipsync = {"model": "rivya-lipsync-1", "params": {"referenceMediaItems": items}}
    gen = api.post("/api/v1/generations", json=lipsync).json()
    assert gen["reserved_credits"] == 10 * speech["duration_seconds"]  # 10 credits per second of speech
    # a model with an output length is billed on it, whatever its references last
    music = {"model": "rivya-music-1", "prompt": "a calm tune", "params": {"referenceMediaItems": [claimed]}}
    assert api.post("/api/v1/generations", json=music).json()["reserved_credits"] == 2 * 30


def test_a_duration_token_must_attest_the_file(api: httpx.Client) -> None:
    track = api.post(
        "/api/v1/files", files={"file": ("melody.mp3", b"ID3" + b"\x00" * 61, "audio/mpeg")}, data={"kind": "audio"}
    ).json()
    assert track["duration_seconds"] > 0 and track["duration_token"].startswith("dtok_")
    item = {
        "url": track["url"],
        "kind": "audio",
        "durationSeconds": track["duration_seconds"],
        "durationToken": track["duration_token"],
    }
    music = {"model": "rivya-music-1", "prompt": "a calm tune"}
    ok = api.post("/api/v1/generations", json={**music, "params": {"referenceMediaItems": [item]}})
    assert ok.status_code == 202
    for forged in ({"durationToken": track["duration_token"] + "x"}, {"durationSeconds": 1.0}):
        bad = api.post("/api/v1/generations", json={**music, "params": {"referenceMediaItems": [{**item, **forged}]}})
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "file_not_usable"
        assert bad.json()["error"]["param"] == "params.referenceMediaItems[0].durationToken"


def test_concurrency_limit(api: httpx.Client) -> None:
    cheap = {"model": "rivya-image-1-turbo", "prompt": "x"}
    for _ in range(10):
        assert api.post("/api/v1/generations", json=cheap).status_code == 202
    over = api.post("/api/v1/generations", json=cheap)
    assert over.status_code == 429 and over.json()["error"]["code"] == "concurrency_limit_exceeded"


def test_same_seed_same_ids(rivya_doc) -> None:  # type: ignore[no-untyped-def]
    ids = []
    for _ in range(2):
        with serve(rivya_doc, MockOptions(seed=3, clock=Clock())) as mock, client_for(mock, None) as api:
            ids.append(api.post("/api/v1/generations", json=IMAGE).json())
    assert ids[0] == ids[1]
