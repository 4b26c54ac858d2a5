from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from rivya_contract.document import Document
from rivya_contract.proptest import sse
from rivya_contract.proptest.checks import param_tokens
from rivya_contract.proptest.flows import receiver, verify
from rivya_contract.proptest.runner import RunResult, Settings, run
from tests.proptest import planted_app

PLANTED = {
    ("GET /items/{id}", "no-5xx"),
    ("POST /items", "invalid-request-rejected"),
    ("POST /items", "response-schema"),
    ("POST /items", "auth-enforced"),
}


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    with planted_app.serve() as url:
        yield url


def _run(url: str, **options: Any) -> RunResult:
    doc = Document(planted_app.SPEC, "planted.json")
    options = {"max_examples": 25, "seed": 3, **options}
    settings = Settings(base_url=url, api_key=planted_app.KEY, **options)
    return run(doc, settings)


@pytest.fixture(scope="module")
def result(app_url: str) -> RunResult:
    return _run(app_url)


def test_finds_every_planted_bug_and_nothing_else(result: RunResult) -> None:
    assert {(f.operation, f.rule) for f in result.failures} == PLANTED


def test_failures_are_shrunk(result: RunResult) -> None:
    by_rule = {f.rule: f for f in result.failures}
    assert by_rule["no-5xx"].prepared.url.endswith("/items/1001")  # the smallest crashing id
    schema_failure = by_rule["response-schema"].prepared.body
    assert schema_failure is not None and b'"name":"aaaaaaaaaa"' in schema_failure


def test_same_seed_same_failures_whatever_the_workers(app_url: str, result: RunResult) -> None:
    parallel = _run(app_url, workers=4)
    assert [(f.rule, f.operation, f.curl) for f in parallel.failures] == [
        (f.rule, f.operation, f.curl) for f in result.failures
    ]


def test_curl_reproduction_replays_byte_exact(result: RunResult) -> None:
    failure = next(f for f in result.failures if f.rule == "response-schema")
    planted_app.RECEIVED.clear()
    subprocess.run(["bash", "-c", failure.curl + " -o /dev/null"], check=True, timeout=30)
    method, url, headers, body = planted_app.RECEIVED[-1]
    assert (method, url, body) == (failure.prepared.method, failure.prepared.url, failure.prepared.body)
    for name, value in failure.prepared.headers:
        assert headers[name.lower()] == value


def test_pytest_snippet_replays_and_fails(result: RunResult, tmp_path: Any) -> None:
    failure = next(f for f in result.failures if f.rule == "no-5xx")
    spec = tmp_path / "planted.json"
    import json

    spec.write_text(json.dumps(planted_app.SPEC))
    namespace: dict[str, Any] = {}
    # Credentials are masked in reproductions: the user puts the key back in.
    snippet = failure.pytest.replace("<redacted>", f"Bearer {planted_app.KEY}")
    exec(snippet.replace("'planted.json'", repr(str(spec))), namespace)
    test = next(v for k, v in namespace.items() if k.startswith("test_"))
    with pytest.raises(AssertionError):
        test()


def test_credentials_masked_unless_show_secrets(app_url: str, result: RunResult) -> None:
    keyed = [f for f in result.failures if f.kind != "auth-none"]
    assert keyed and all(planted_app.KEY not in f.curl + f.pytest and "<redacted>" in f.curl for f in keyed)
    shown = _run(app_url, show_secrets=True, operations=("POST /items",), max_examples=5)
    auth = next(f for f in shown.failures if f.rule == "response-schema")
    assert f"Bearer {planted_app.KEY}" in auth.curl


def test_bounded_reader_fails_an_endless_stream(app_url: str) -> None:
    started = time.monotonic()
    with httpx.stream("GET", app_url + "/endless", timeout=5) as response, pytest.raises(sse.StreamLimit):
        for _ in sse.parse(response.iter_bytes(), timeout=0.5):
            pass
    assert time.monotonic() - started < 30  # it returned; no hang


def test_webhook_verification_on_a_local_receiver() -> None:
    import hashlib
    import hmac

    with receiver() as (url, received):
        body = b'{"id":"evt_1"}'
        now = int(time.time())
        good = hmac.new(b"whsec_a", f"{now}.".encode() + body, hashlib.sha256).hexdigest()
        httpx.post(
            url,
            content=body,
            headers={"Rivya-Webhook-Timestamp": str(now), "Rivya-Webhook-Signature": f"v1=00, v1={good}"},
        )
        headers, raw, at = received[0]
    assert verify(headers, raw, "whsec_a", at) is None
    assert verify(headers, raw, "whsec_b", at) == "no v1= signature matches the endpoint secret"
    assert "s off" in (verify(headers, raw, "whsec_a", at + 301) or "")


def test_error_field_paths_are_read_with_dots_or_brackets() -> None:
    expected = ["params", "referenceMediaItems", "0", "url"]
    assert param_tokens("params.referenceMediaItems[0].url") == expected
    assert param_tokens("params.referenceMediaItems.0.url") == expected
    assert param_tokens("limit") == ["limit"]
