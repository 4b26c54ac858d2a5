"""Fetching a contract over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from rivya_contract.errors import SourceError
from rivya_contract.fetch import FetchOptions, parse_retry_after
from rivya_contract.load import load
from tests.foundation.conftest import MINIMAL
from tests.foundation.httpserver import Reply, Script, serve

BODY = json.dumps(MINIMAL).encode()
JSON = {"Content-Type": "application/json"}


def options(tmp_path, **overrides) -> FetchOptions:
    values = {"cache_dir": tmp_path / "cache", "backoff": 0.01, "read_timeout": 2.0, "connect_timeout": 2.0}
    values.update(overrides)
    return FetchOptions(**values)


def test_fetches_json(tmp_path):
    script = Script({"/openapi.json": [Reply(200, BODY, JSON)]})
    with serve(script) as base:
        doc = load(f"{base}/openapi.json", fetch_options=options(tmp_path))
    assert doc.tree == MINIMAL
    assert doc.position("/paths") == (1, BODY.index(b'"paths"') + 1)


def test_fetches_yaml_by_content_type(tmp_path):
    yaml_body = b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"
    script = Script({"/c": [Reply(200, yaml_body, {"Content-Type": "application/yaml"})]})
    with serve(script) as base:
        doc = load(f"{base}/c", fetch_options=options(tmp_path))
    assert doc.text_format == "yaml" and doc.tree["openapi"] == "3.1.0"


def test_follows_a_bounded_number_of_redirects(tmp_path):
    script = Script(
        {
            "/a": [Reply(302, b"", {"Location": "/b"})],
            "/b": [Reply(301, b"", {"Location": "/c"})],
            "/c": [Reply(200, BODY, JSON)],
        }
    )
    with serve(script) as base:
        assert load(f"{base}/a", fetch_options=options(tmp_path)).tree == MINIMAL
        with pytest.raises(SourceError, match="more than 1 redirects"):
            load(f"{base}/a", fetch_options=options(tmp_path, max_redirects=1))


def test_redirect_loop_stops(tmp_path):
    script = Script({"/loop": [Reply(302, b"", {"Location": "/loop"})]})
    with serve(script) as base, pytest.raises(SourceError, match="redirects"):
        load(f"{base}/loop", fetch_options=options(tmp_path))
    assert len(script.requests) == 6  # the first request and five redirects, then it stops


def test_read_timeout_is_reported_after_retries(tmp_path):
    script = Script({"/slow": [Reply(200, BODY, JSON, delay=1.0)]})
    with serve(script) as base, pytest.raises(SourceError) as caught:
        load(f"{base}/slow", fetch_options=options(tmp_path, read_timeout=0.2, retries=1))
    assert "timed out" in str(caught.value) and "gave up after 2 attempts" in str(caught.value)
    assert f"{base}/slow" in str(caught.value)


def test_retries_5xx_then_succeeds_honouring_retry_after(tmp_path):
    script = Script(
        {
            "/c": [
                Reply(503, b"busy", {"Retry-After": "0"}),
                Reply(429, b"slow down", {"Retry-After": "0"}),
                Reply(200, BODY, JSON),
            ]
        }
    )
    with serve(script) as base:
        doc = load(f"{base}/c", fetch_options=options(tmp_path))
    assert doc.tree == MINIMAL
    assert len(script.requests) == 3


def test_gives_up_on_persistent_5xx(tmp_path):
    script = Script({"/c": [Reply(500, b"down", {"Content-Type": "text/plain"})]})
    with serve(script) as base, pytest.raises(SourceError, match="HTTP 500 .*gave up after 3 attempts"):
        load(f"{base}/c", fetch_options=options(tmp_path, retries=2))
    assert len(script.requests) == 3


def test_client_errors_are_not_retried(tmp_path):
    script = Script({})
    with serve(script) as base, pytest.raises(SourceError, match="HTTP 404"):
        load(f"{base}/missing", fetch_options=options(tmp_path))
    assert len(script.requests) == 1


@pytest.mark.parametrize("chunked", [False, True])
def test_oversize_is_refused(tmp_path, chunked):
    big = b'{"openapi": "3.1.0", "x": "' + b"a" * 300_000 + b'"}'
    script = Script({"/big": [Reply(200, big, JSON, chunked=chunked)]})
    with serve(script) as base, pytest.raises(SourceError) as caught:
        load(f"{base}/big", fetch_options=options(tmp_path, max_bytes=100_000))
    assert "limit of 100,000 bytes" in str(caught.value) or "the limit is 100,000" in str(caught.value)


def test_wrong_content_type_is_refused(tmp_path):
    script = Script({"/page": [Reply(200, b"<html>login</html>", {"Content-Type": "text/html; charset=utf-8"})]})
    with serve(script) as base, pytest.raises(SourceError, match="unexpected content type 'text/html'"):
        load(f"{base}/page", fetch_options=options(tmp_path))


def test_etag_cache_avoids_a_second_download(tmp_path):
    script = Script(
        {
            "/c": [
                Reply(200, BODY, {**JSON, "ETag": '"v1"'}),
                Reply(304, b"", {"ETag": '"v1"'}),
            ]
        }
    )
    with serve(script) as base:
        first = load(f"{base}/c", fetch_options=options(tmp_path))
        second = load(f"{base}/c", fetch_options=options(tmp_path))
    assert first.tree == second.tree == MINIMAL
    assert "if-none-match" not in script.requests[0][1]
    assert script.requests[1][1]["if-none-match"] == '"v1"'


def test_changed_contract_replaces_the_cache(tmp_path):
    changed = json.dumps({**MINIMAL, "info": {"title": "Tiny", "version": "2.0.0"}}).encode()
    script = Script(
        {
            "/c": [
                Reply(200, BODY, {**JSON, "ETag": '"v1"'}),
                Reply(200, changed, {**JSON, "ETag": '"v2"'}),
                Reply(304, b"", {"ETag": '"v2"'}),
            ]
        }
    )
    with serve(script) as base:
        load(f"{base}/c", fetch_options=options(tmp_path))
        assert load(f"{base}/c", fetch_options=options(tmp_path)).tree["info"]["version"] == "2.0.0"
        assert load(f"{base}/c", fetch_options=options(tmp_path)).tree["info"]["version"] == "2.0.0"
    assert script.requests[2][1]["if-none-match"] == '"v2"'


def test_connection_refused_names_the_url(tmp_path):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(SourceError) as caught:
        load(f"http://127.0.0.1:{port}/openapi.json", fetch_options=options(tmp_path, retries=0))
    assert f"127.0.0.1:{port}" in str(caught.value) and "cannot connect" in str(caught.value)


def test_retry_after_formats():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
