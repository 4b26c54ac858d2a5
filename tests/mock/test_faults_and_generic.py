"""Each fault produces the violation its catalogue entry names; a non-Rivya contract is
served from its examples and schemas; every Rivya operation is exercised."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from rivya_contract.load import load
from rivya_contract.mock import FAULTS, MockOptions, serve
from tests.mock.conftest import PNG, Clock, client_for
from tests.mock.contract_check import ContractChecker, parse_sse
from tests.mock.receiver import receiver

PETSTORE = Path(__file__).parent / "fixtures" / "petstore.json"
IMAGE = {"model": "rivya-image-1", "prompt": "x"}


def violations_under(fault: str, rivya_doc, checker: ContractChecker) -> set[str]:  # type: ignore[no-untyped-def]
    """Run a short scenario against a mock with ``fault``; the checks that fired."""
    fired: set[str] = set()
    options = MockOptions(faults=frozenset({fault}), clock=Clock(), loopback_webhooks=True)
    with serve(rivya_doc, options) as mock:  # noqa: SIM117 - the clients need mock.url
        with client_for(mock, None) as api, client_for(mock, None, key=None) as anonymous:
            answers = [
                api.get("/api/v1/credits"),
                api.get("/api/v1/chat/sessions", params={"limit": 100}),
                api.post("/api/v1/generations", json={"model": "rivya-image-1", "prompt": ""}),
                api.post("/api/v1/generations", json={**IMAGE, "params": {"num_outputs": 99}}),
            ]
            if anonymous.get("/api/v1/credits").status_code == 200:
                fired.add("auth-enforced")
            if answers[3].status_code < 300:
                fired.add("invalid-request-rejected")
            if any(a.status_code >= 500 for a in answers):
                fired.add("no-5xx")
            gen = api.post("/api/v1/generations", json=IMAGE)
            gen_id = gen.json().get("id") if gen.headers.get("content-type") else None
            statuses = [api.get(f"/api/v1/generations/{gen_id}") for _ in range(4)]
            answers += [gen, *statuses]
            seen = [s.json().get("status") for s in statuses if s.status_code < 300]
            if "succeeded" in seen and seen[seen.index("succeeded") :].count("succeeded") != len(seen) - seen.index(
                "succeeded"
            ):
                fired.add("terminal-state-stable")
            stream = api.post(
                "/api/v1/chat/completions/stream", json={"model": "rivya-chat-1", "message": "one two three four five"}
            )
            answers.append(stream)
            names = [e["event"] for e in parse_sse(stream.text) if e["event"] != "heartbeat"]
            if names and names.index("message.completed") < max(i for i, n in enumerate(names) if n == "message.delta"):
                fired.add("stream-order")
            with receiver() as hook:
                created = api.post(
                    "/api/v1/webhooks", json={"url": hook.url, "enabled_events": ["generation.succeeded"]}
                )
                answers.append(created)
                secret = created.json().get("secret", "")
                tested = api.post(f"/api/v1/webhooks/{created.json().get('id')}/test", json={})
                delivered = hook.wait_for(1) if tested.status_code == 200 else []
                if not all(item.verifies(secret) for item in delivered):
                    fired.add("webhook-signature")
            for answer in answers:
                fired.update(v.check for v in checker.violations(answer))
    return fired


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_each_fault_is_caught_by_its_check(fault, rivya_doc, checker: ContractChecker) -> None:  # type: ignore[no-untyped-def]
    assert fault.check in violations_under(fault.name, rivya_doc, checker)


def test_no_fault_no_violation(rivya_doc, checker: ContractChecker) -> None:  # type: ignore[no-untyped-def]
    fired = violations_under("drop-required-field", rivya_doc, checker)
    assert fired == {"response-schema"}  # the scenario itself is clean otherwise


def test_every_rivya_operation_answers_per_contract(mock, rivya_doc) -> None:  # type: ignore[no-untyped-def]
    checker = ContractChecker()
    with client_for(mock, checker) as api, receiver() as hook:
        api.get("/api/v1/openapi.json")
        api.get("/api/v1/models")
        api.get("/api/v1/credits")
        file = api.post("/api/v1/files", files={"file": ("a.png", PNG, "image/png")}, data={"kind": "image"}).json()
        api.get(f"/api/v1/files/{file['id']}")
        gen = api.post("/api/v1/generations", json=IMAGE).json()
        api.get(f"/api/v1/generations/{gen['id']}")
        chat = api.post(
            "/api/v1/chat/completions",
            json={"model": "rivya-chat-mini", "message": "hi", "attachments": [{"file_id": file["id"]}]},
        ).json()
        api.post(
            "/api/v1/chat/completions/stream",
            json={"model": "rivya-chat-mini", "message": "more", "session_id": chat["session_id"]},
        )
        api.get("/api/v1/chat/sessions")
        api.get(f"/api/v1/chat/sessions/{chat['session_id']}")
        endpoint = api.post("/api/v1/webhooks", json={"url": hook.url, "enabled_events": ["generation.failed"]}).json()
        path = f"/api/v1/webhooks/{endpoint['id']}"
        api.get("/api/v1/webhooks")
        api.get(path)
        api.patch(path, json={"status": "disabled"})
        api.post(f"{path}/rotate-secret")
        api.post(f"{path}/test", json={"event_type": "generation.failed"})
        api.get(f"{path}/deliveries")
        api.get("/api/v1/webhook-events")
        api.delete(path)
    assert checker.seen == {op for op in _operation_keys(rivya_doc)}


def _operation_keys(doc) -> set[str]:  # type: ignore[no-untyped-def]
    return {op.key for op in doc.operations()}


def test_generic_contract_from_examples_and_schemas() -> None:
    doc = load(PETSTORE)
    checker = ContractChecker(PETSTORE)
    with serve(doc, seed=1) as mock, client_for(mock, checker) as api:
        listed = api.get("/pets", params={"limit": 3})
        assert listed.status_code == 200 and listed.json()[0]["born"] == "2026-05-11"
        created = api.post("/pets", json={"name": "Rex"})
        assert created.status_code == 201 and created.json() == {"id": 7, "name": "Rex", "born": "2020-01-02"}
        assert api.post("/pets", json={"name": ""}).status_code == 400
        assert api.get("/pets/12").status_code == 200
        assert httpx.get(f"{mock.url}/pets").status_code == 401
        assert httpx.get(f"{mock.url}/pets/1").status_code == 200  # `security: []` is public
        assert httpx.get(f"{mock.url}/api/v1/openapi.json").json() == doc.tree


@pytest.mark.parametrize("pattern", ["^R[", "(?<word>R)\\w+"])
def test_a_pattern_python_cannot_compile_is_no_server_error(tmp_path: Path, pattern: str) -> None:
    """An unterminated set (Python cannot compile it: the check is skipped) and an ECMA
    named group (translated) behave by the contract-wide pattern policy, never a 500."""
    import json

    tree = json.loads(PETSTORE.read_text(encoding="utf-8"))
    tree["components"]["schemas"]["NewPet"]["properties"]["name"]["pattern"] = pattern
    path = tmp_path / "petstore.json"
    path.write_text(json.dumps(tree), encoding="utf-8")
    doc = load(path)
    with serve(doc, seed=1) as mock, client_for(mock, None) as api:
        answers = [api.post("/pets", json={"name": name}).status_code for name in ("Rex", "x")]
    assert 500 not in answers, answers
    if pattern.startswith("(?<"):
        assert answers[0] != 400 and answers[1] == 400  # translated: "x" does not match
