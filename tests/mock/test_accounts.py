"""Accounts: keys of one account share its objects; another account sees none of them,
cannot reference its files, and has its own credits and Idempotency-Keys."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from rivya_contract.document import Document
from rivya_contract.mock import MockOptions, RunningMock, serve
from rivya_contract.mock.operations import read_operations
from rivya_contract.mock.options import DEFAULT_CREDITS, parse_key
from tests.mock.conftest import PNG, Clock, client_for, own
from tests.mock.contract_check import ContractChecker

IMAGE = {"model": "rivya-image-1", "prompt": "a lighthouse", "params": {"num_outputs": 1}}
EVENTS = ["generation.succeeded"]


@pytest.fixture
def accounts(rivya_doc: Document, clock: Clock) -> Iterator[RunningMock]:
    every = frozenset(s for info in read_operations(rivya_doc) for a in info.security for s in a)
    options = MockOptions(
        keys={"rvya_sk_team": every, "rvya_sk_other": every},
        accounts={"rvya_sk_other": "other"},  # rvya_sk_team shares the demo key's account
        seed=3,
        clock=clock,
    )
    with serve(rivya_doc, options) as running:
        yield running


def _client(mock: RunningMock, checker: ContractChecker, key: str) -> httpx.Client:
    return client_for(mock, checker, key=key)


def test_another_account_sees_nothing_of_this_one(accounts: RunningMock, checker: ContractChecker) -> None:
    with (
        _client(accounts, checker, "demo") as mine,
        _client(accounts, checker, "rvya_sk_team") as team,
        _client(accounts, checker, "rvya_sk_other") as other,
    ):
        gen = mine.post("/api/v1/generations", json=IMAGE).json()
        upload = mine.post("/api/v1/files", files={"file": ("r.png", PNG, "image/png")}, data={"kind": "image"}).json()
        chat = mine.post("/api/v1/chat/completions", json={"model": "rivya-chat-1", "message": "hi"}).json()
        hook = mine.post(
            "/api/v1/webhooks", json={"url": "https://hooks.example.com/x", "enabled_events": EVENTS}
        ).json()
        owned = [
            f"/api/v1/generations/{gen['id']}",
            f"/api/v1/files/{upload['id']}",
            f"/api/v1/chat/sessions/{chat['session_id']}",
            f"/api/v1/webhooks/{hook['id']}",
        ]
        for path in owned:
            assert team.get(path).status_code == 200, path  # same account, another key
            answer = other.get(path)
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found", path
        assert other.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 404
        assert mine.get(f"/api/v1/webhooks/{hook['id']}").status_code == 200
        assert other.get("/api/v1/chat/sessions").json()["data"] == []
        assert other.get("/api/v1/webhooks").json()["data"] == []
        assert own(team.get("/api/v1/chat/sessions").json()["data"]) == [chat["session_id"]]


def test_credits_are_per_account(accounts: RunningMock, checker: ContractChecker) -> None:
    with _client(accounts, checker, "demo") as mine, _client(accounts, checker, "rvya_sk_other") as other:
        mine.post("/api/v1/generations", json=IMAGE)
        assert mine.get("/api/v1/credits").json()["reserved_credits"] > 0
        assert other.get("/api/v1/credits").json() == {
            **other.get("/api/v1/credits").json(),
            "available_credits": DEFAULT_CREDITS,
            "reserved_credits": 0,
        }


def test_a_file_of_another_account_cannot_be_referenced(accounts: RunningMock, checker: ContractChecker) -> None:
    with _client(accounts, checker, "demo") as mine, _client(accounts, checker, "rvya_sk_other") as other:
        upload = mine.post("/api/v1/files", files={"file": ("r.png", PNG, "image/png")}, data={"kind": "image"}).json()
        item = {"url": upload["url"], "kind": "image"}
        refused = other.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}})
        assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
        assert refused.json()["error"]["param"] == "params.referenceMediaItems[0].url"
        attachment = {"model": "rivya-chat-1", "message": "what is it?", "attachments": [{"file_id": upload["id"]}]}
        assert other.post("/api/v1/chat/completions", json=attachment).status_code == 404
        assert mine.post("/api/v1/generations", json={**IMAGE, "params": {"referenceMediaItems": [item]}}).is_success


def test_idempotency_keys_belong_to_their_account(accounts: RunningMock, checker: ContractChecker) -> None:
    headers = {"Idempotency-Key": "same-key"}
    with _client(accounts, checker, "demo") as mine, _client(accounts, checker, "rvya_sk_other") as other:
        first = mine.post("/api/v1/generations", json=IMAGE, headers=headers)
        theirs = other.post("/api/v1/generations", json={**IMAGE, "prompt": "a harbour"}, headers=headers)
        assert theirs.status_code == 202 and "idempotent-replayed" not in theirs.headers
        assert theirs.json()["id"] != first.json()["id"]
        again = mine.post("/api/v1/generations", json=IMAGE, headers=headers)
        assert again.headers["idempotent-replayed"] == "true" and again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("k=a,b", ("k", frozenset({"a", "b"}), "default")),
        ("k@acme=a", ("k", frozenset({"a"}), "acme")),
        ("k@acme=", ("k", frozenset(), "acme")),
        (" k @ acme = a , ", ("k", frozenset({"a"}), "acme")),
    ],
)
def test_parse_key(text: str, parsed: tuple[str, frozenset[str], str]) -> None:
    assert parse_key(text) == parsed


def test_parse_key_refuses_a_key_without_scopes_part() -> None:
    with pytest.raises(ValueError, match=r"expected KEY\[@ACCOUNT\]=SCOPES"):
        parse_key("nokeyformat")


def test_parse_key_refuses_an_empty_key() -> None:
    with pytest.raises(ValueError, match="the key is empty"):
        parse_key("@acme=a")
