"""Auth, scopes, validation and bad input: every refusal is a documented error."""

from __future__ import annotations

import base64

import httpx
import pytest

from rivya_contract.mock import MockOptions, RunningMock, serve
from rivya_contract.mock.validation import param_path
from tests.mock.conftest import PNG, client_for
from tests.mock.contract_check import ContractChecker


def error(answer: httpx.Response) -> dict[str, str]:
    body = answer.json()["error"]
    assert body["request_id"] == answer.headers["x-request-id"]
    return body


def test_keys_and_scopes(rivya_doc, checker: ContractChecker) -> None:  # type: ignore[no-untyped-def]
    keys = {"rvya_sk_reader": frozenset({"credits:read"})}
    with serve(rivya_doc, MockOptions(keys=keys)) as mock:
        with client_for(mock, checker, key=None) as anonymous:
            assert error(anonymous.get("/api/v1/credits"))["code"] == "missing_api_key"
            assert anonymous.get("/api/v1/openapi.json").status_code == 200  # public
        with client_for(mock, checker, key="rvya_sk_unknown") as stranger:
            answer = stranger.get("/api/v1/credits")
            assert answer.status_code == 401 and error(answer)["code"] == "invalid_api_key"
        with client_for(mock, checker, key="rvya_sk_reader") as reader:
            assert reader.get("/api/v1/credits").status_code == 200
            answer = reader.get("/api/v1/models")
            assert answer.status_code == 403 and error(answer)["code"] == "insufficient_scope"
            assert "models:read" in error(answer)["message"]


def test_contract_served_is_the_contract(api: httpx.Client, rivya_doc) -> None:  # type: ignore[no-untyped-def]
    answer = api.get("/api/v1/openapi.json")
    assert answer.json() == rivya_doc.tree


@pytest.mark.parametrize(
    ("content", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "invalid_request"),
        (b"\xff\xfe\x00garbage", "application/json", 400, "invalid_request"),
        (b"[1, 2]", "application/json", 400, "invalid_request"),
        (b"model=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (b"hello", "text/plain", 415, "unsupported_media_type"),
        (b"", None, 400, "invalid_request"),
        (b"{}", "application/json", 400, "missing_parameter"),
        (b'{"model": 5}', "application/json", 400, "invalid_parameter"),
    ],
)
def test_bad_generation_bodies(
    api: httpx.Client, content: bytes, content_type: str | None, status: int, code: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    answer = api.post("/api/v1/generations", content=content, headers=headers)
    assert (answer.status_code, error(answer)["code"]) == (status, code)


@pytest.mark.parametrize(
    ("item", "param"),
    [
        ({"url": "https://files.rivya.ai/v1/x.png", "kind": "hologram"}, "params.referenceMediaItems[0].kind"),
        ({"kind": "image"}, "params.referenceMediaItems[0].url"),
        ({"url": "https://files.rivya.ai/v1/x.png", "kind": "image", "size": 1}, "params.referenceMediaItems[0].size"),
    ],
)
def test_param_names_array_items_as_the_contract_does(api: httpx.Client, item: dict[str, object], param: str) -> None:
    # The contract's own example: `"param": "params.referenceMediaItems[0]"`.
    body = {"model": "rivya-image-1", "prompt": "x", "params": {"referenceMediaItems": [item]}}
    answer = api.post("/api/v1/generations", json=body)
    assert answer.status_code == 400 and error(answer)["param"] == param


def test_param_path_format() -> None:
    assert param_path(["params", "referenceMediaItems", 0, "url"]) == "params.referenceMediaItems[0].url"
    assert param_path(["messages", 2, 0]) == "messages[2][0]"
    assert param_path([]) == ""


def test_json_over_one_megabyte_is_413(api: httpx.Client) -> None:
    answer = api.post("/api/v1/generations", json={"model": "rivya-image-1", "prompt": "x" * 1_100_000})
    assert answer.status_code == 413 and error(answer)["code"] == "request_too_large"


def test_upload_limits(api: httpx.Client) -> None:
    huge = api.post(
        "/api/v1/files",
        files={"file": ("big.png", b"\0" * (52_428_800 + 1), "image/png")},
        data={"kind": "image"},
    )
    assert huge.status_code == 413 and error(huge)["code"] == "file_too_large"
    wrong = api.post("/api/v1/files", files={"file": ("a.gif", b"GIF89a", "image/gif")}, data={"kind": "image"})
    assert wrong.status_code == 415 and error(wrong)["code"] == "unsupported_media_type"
    empty = api.post("/api/v1/files", files={"file": ("a.png", b"", "image/png")}, data={"kind": "image"})
    assert empty.status_code == 422 and error(empty)["code"] == "invalid_file"
    no_file = api.post("/api/v1/files", data={"kind": "image"}, files={"other": ("x", b"x", "text/plain")})
    assert no_file.status_code == 400
    bad_kind = api.post("/api/v1/files", files={"file": ("a.png", PNG, "image/png")}, data={"kind": "pdf"})
    assert error(bad_kind)["code"] == "invalid_parameter" and error(bad_kind)["param"] == "kind"


def multipart(parts: list[bytes], boundary: str = "XyZ") -> tuple[bytes, dict[str, str]]:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_part_without_content_type_is_answered_not_crashed(api: httpx.Client) -> None:
    kind = b'Content-Disposition: form-data; name="kind"\r\n\r\nimage'
    by_name = b'Content-Disposition: form-data; name="file"; filename="shot.png"\r\n\r\n' + PNG
    body, headers = multipart([kind, by_name])
    answer = api.post("/api/v1/files", content=body, headers=headers)
    assert answer.status_code == 201 and answer.json()["mime_type"] == "image/png"
    nameless = b'Content-Disposition: form-data; name="file"; filename="blob"\r\n\r\n' + PNG
    body, headers = multipart([kind, nameless])
    answer = api.post("/api/v1/files", content=body, headers=headers)
    assert answer.status_code == 415 and "no Content-Type" in error(answer)["message"]


@pytest.mark.parametrize(
    "body",
    [
        b"--XyZ\r\nno headers at all",
        b"garbage without boundary",
        b"--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--\r\n",
    ],
)
def test_broken_multipart(api: httpx.Client, body: bytes) -> None:
    answer = api.post("/api/v1/files", content=body, headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert answer.status_code == 400


def test_unknown_paths_and_methods(api: httpx.Client) -> None:
    missing = api.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and error(missing)["code"] == "not_found"
    wrong = api.put("/api/v1/credits")
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET, HEAD"
    unknown_id = api.get("/api/v1/generations/gen_NOPE")
    assert unknown_id.status_code == 404 and error(unknown_id)["param"] == "taskId"


def test_query_parameters(api: httpx.Client) -> None:
    unparsable = api.get("/api/v1/chat/sessions", params={"limit": "ten"})
    assert unparsable.status_code == 400 and error(unparsable)["code"] == "invalid_request"
    too_big = api.get("/api/v1/chat/sessions", params={"limit": 101})
    assert error(too_big)["code"] == "invalid_parameter" and error(too_big)["param"] == "limit"
    for not_a_cursor in ("nonsense", "cur_", "cur_a+b", "cur_" + "A" * 257):
        bad_cursor = api.get("/api/v1/chat/sessions", params={"after": not_a_cursor})
        assert bad_cursor.status_code == 400 and error(bad_cursor) == {
            **error(bad_cursor),
            "code": "invalid_parameter",
            "param": "after",
        }
    bad_kind = api.get("/api/v1/models", params={"kind": "hologram"})
    assert bad_kind.status_code == 400


def test_rate_limit(rivya_doc, checker: ContractChecker, clock) -> None:  # type: ignore[no-untyped-def]
    options = MockOptions(rate_limit=2, rate_window=60, clock=clock)
    with serve(rivya_doc, options) as mock, client_for(mock, checker) as api:
        first = api.get("/api/v1/credits")
        assert first.headers["x-ratelimit-limit"] == "2"
        assert first.headers["x-ratelimit-remaining"] == "1"
        api.get("/api/v1/credits")
        limited = api.get("/api/v1/credits")
        assert limited.status_code == 429 and error(limited)["code"] == "rate_limited"
        assert int(limited.headers["retry-after"]) > 0
        clock.advance(60)
        assert api.get("/api/v1/credits").status_code == 200


def test_never_a_traceback(mock: RunningMock) -> None:
    """Odd inputs anywhere get JSON error bodies, never a crash or a hang."""
    with client_for(mock, None) as api:
        for method, path, kwargs in [
            ("POST", "/api/v1/chat/completions", {"content": b"\x00" * 100}),
            ("PATCH", "/api/v1/webhooks/we_x", {"json": {"url": 1}}),
            ("POST", "/api/v1/webhooks", {"json": {"url": "https://x", "enabled_events": []}}),
            ("GET", "/api/v1/generations/" + "x" * 5000, {}),
            ("POST", "/api/v1/files", {"content": b"x" * 10, "headers": {"Content-Type": "multipart/form-data"}}),
        ]:
            answer = api.request(method, path, **kwargs)
            assert 400 <= answer.status_code < 500, (method, path, answer.text)
            assert "code" in answer.json()["error"]


def test_cursors_are_keyset_positions(api: httpx.Client) -> None:
    hook = {"url": "https://hooks.example.com/x", "enabled_events": ["generation.failed"], "status": "disabled"}
    created = [api.post("/api/v1/webhooks", json=hook).json()["id"] for _ in range(4)]
    everything = [e["id"] for e in api.get("/api/v1/webhooks", params={"limit": 100}).json()["data"]]
    assert set(created) < set(everything)
    # Walking the pages with next_cursor gives the whole list once, in order.
    walked, after = [], None
    while True:
        params: dict[str, str | int] = {"limit": 2} | ({"after": after} if after else {})
        body = api.get("/api/v1/webhooks", params=params).json()
        walked += [e["id"] for e in body["data"]]
        if not body["has_more"]:
            assert body["next_cursor"] is None
            break
        after = body["next_cursor"]
    assert walked == everything
    # A cursor names a position, not an object: its item deleted, the next page is the same.
    first = api.get("/api/v1/webhooks", params={"limit": 2}).json()
    assert api.delete(f"/api/v1/webhooks/{first['data'][-1]['id']}").status_code == 204
    rest = api.get("/api/v1/webhooks", params={"limit": 100, "after": first["next_cursor"]}).json()
    assert [e["id"] for e in rest["data"]] == everything[2:]

    # Any value of the cursor form is a position: before the newest, past the oldest, or in between.
    def made_up(position: bytes) -> str:
        return "cur_" + base64.urlsafe_b64encode(position).decode().rstrip("=")

    for before in (made_up(b"9999"), "cur_zz"):  # "zz" decodes to 0xcf, after every timestamp
        newest = api.get("/api/v1/webhooks", params={"limit": 100, "after": before}).json()["data"]
        assert [e["id"] for e in newest] == [i for i in everything if i != first["data"][-1]["id"]]
    for past in (made_up(b"1970-01-01T00:00:00Z|we_"), "cur_A", "cur_AA"):
        answer = api.get("/api/v1/webhooks", params={"after": past})
        assert answer.status_code == 200 and answer.json()["data"] == [] and answer.json()["has_more"] is False
