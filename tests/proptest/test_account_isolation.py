"""The account-isolation flow: what one account creates, another account's key can
neither read nor use. Clean against the mock (its accounts are separate); failing against
a mock whose handlers are patched to share one account's state between keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from rivya_contract.cli import main
from rivya_contract.load import load_bundled
from rivya_contract.mock import MockOptions, rivya, serve
from rivya_contract.mock.operations import read_operations
from rivya_contract.mock.replies import Reply
from rivya_contract.proptest import flows
from rivya_contract.proptest.runner import Runner, Settings

DOC = load_bundled()
OTHER = "rvya_sk_other_account"


def _flow(
    other_key: str | None = OTHER, other_scopes: frozenset[str] | None = None
) -> tuple[flows._Flow, list[tuple[str, str, int]]]:
    every = frozenset(s for info in read_operations(DOC) for a in info.security for s in a)
    options = MockOptions(keys={OTHER: other_scopes or every}, accounts={OTHER: "other"}, seed=0)
    with serve(DOC, options) as server:
        settings = Settings(
            base_url=server.url, api_key=server.demo_key, other_account_key=other_key, poll_wait_cap=0, timeout=5
        )
        runner = Runner(DOC, settings)
        calls: list[tuple[str, str, int]] = []
        send = runner.run_case

        def spy(operation: str, kind: str, request: Any) -> Any:
            exchange, results = send(operation, kind, request)
            calls.append((operation, kind, exchange.status if exchange else 0))
            return exchange, results

        runner.run_case = spy  # type: ignore[method-assign]
        flow = flows._Flow(runner)
        try:
            flows.account_isolation(flow)
        finally:
            runner.client.close()
        return flow, calls


def test_clean_against_the_mock() -> None:
    flow, calls = _flow()
    assert flow.failures == [] and flow.notes == []
    probes = [(operation, status) for operation, kind, status in calls if kind == "other-account"]
    assert probes == [
        (flows.POLL, 404),
        (flows.GET_FILE, 404),
        (flows.GET_SESSION, 404),
        (flows.CREATE, 404),  # this account's file referenced with the other key: not found for it
    ]


def test_does_nothing_without_another_key() -> None:
    flow, calls = _flow(other_key=None)
    assert calls == [] and flow.failures == [] and flow.notes == []


def test_a_key_the_server_refuses_is_a_note() -> None:
    flow, _ = _flow(other_key="rvya_sk_unknown")
    assert flow.failures == []
    assert flow.notes == [
        "account-isolation flow stopped: GET /api/v1/generations/{taskId} with the other account's key answered "
        "401 invalid_api_key, which does not show whether accounts are isolated"
    ]


def test_a_key_without_the_scope_proves_nothing_even_when_state_is_shared(monkeypatch: pytest.MonkeyPatch) -> None:
    # A 403 for a missing scope is not isolation: with shared state it must not pass silently.
    monkeypatch.setattr(rivya, "_state", lambda call: call.app.state_for("default"))
    flow, _ = _flow(other_scopes=frozenset({"models:read"}))
    assert flow.failures == []
    (note,) = flow.notes
    assert "answered 403 insufficient_scope, which does not show whether accounts are isolated" in note


def test_an_answer_that_is_not_an_object_does_not_stop_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    async def odd(call: Any) -> Any:
        return Reply(202, ["not", "an", "object"])

    monkeypatch.setitem(rivya.HANDLERS, flows.CREATE, odd)
    _, calls = _flow()
    probes = [operation for operation, kind, _ in calls if kind == "other-account"]
    assert flows.POLL not in probes and flows.GET_FILE in probes  # no id to probe: skipped


def test_fails_when_accounts_share_their_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: every key reaches the default account's state (an IDOR on every object).
    monkeypatch.setattr(rivya, "_state", lambda call: call.app.state_for("default"))
    flow, _ = _flow()
    assert {f.rule for f in flow.failures} == {"account-isolation"}
    assert [f.operation for f in flow.failures] == [flows.POLL, flows.GET_FILE, flows.GET_SESSION, flows.CREATE]
    assert all("another account's key" in f.message for f in flow.failures)


def test_the_command_takes_the_other_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rivya, "_state", lambda call: call.app.state_for("default"))
    every = frozenset(s for info in read_operations(DOC) for a in info.security for s in a)
    with serve(DOC, MockOptions(keys={OTHER: every}, accounts={OTHER: "other"})) as server:
        args = ["proptest", "--base-url", server.url, "--api-key", server.demo_key, "--max-examples", "1"]
        args += ["--operation", "generations", "--operation", "files", "--operation", "chat", "--poll-wait-cap", "0"]
        result = CliRunner().invoke(main, [*args, "--format", "json"], env={"RIVYA_OTHER_ACCOUNT_KEY": OTHER})
    assert result.exit_code == 1, result.output
    failures = json.loads(result.output)["findings"]
    isolation = [f for f in failures if f["rule"] == "account-isolation"]
    # Rivya's flow finds these; the generic isolation checks may find more shared objects.
    assert {f["operation"] for f in isolation} >= {flows.POLL, flows.GET_FILE, flows.GET_SESSION, flows.CREATE}
