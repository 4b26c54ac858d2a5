"""Hostile servers, caches, disks and command lines: real sockets on 127.0.0.1, real
files, the real console script."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from rivya_contract.cli import main
from rivya_contract.errors import SourceError
from rivya_contract.fetch import FetchOptions
from rivya_contract.load import load
from tests.foundation.conftest import MINIMAL
from tests.foundation.httpserver import Reply, Script, serve

BODY = json.dumps(MINIMAL).encode()
JSON = {"Content-Type": "application/json"}
SCRIPT = [str(Path(sys.executable).parent / "rivya-contract")]


@contextmanager
def drip_server(part: str) -> Iterator[str]:
    """Answers every request one byte at a time, 0.2 s apart, for up to 30 s: the
    headers (``part="headers"``) or, after prompt headers, the body."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def handle(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                conn.recv(65536)
                head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(BODY) * 100}\r\n\r\n"
                if part == "body":
                    conn.sendall(head.encode())
                slow = (head.encode() if part == "headers" else b"") + BODY * 100
                for index in range(min(len(slow), 150)):
                    if stop.wait(0.2):
                        return
                    conn.sendall(slow[index : index + 1])
            except OSError:
                return

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/openapi.json"
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("part", ["headers", "body"])
def test_a_server_that_drips_is_cut_off_at_the_deadline(tmp_path: Path, part: str) -> None:
    with drip_server(part) as url:
        started = time.monotonic()
        with pytest.raises(SourceError, match=r"no complete answer within 1.5 s \(the fetch deadline"):
            load(url, fetch_options=FetchOptions(cache_dir=tmp_path, deadline=1.5, retries=0))
        assert time.monotonic() - started < 10  # a hang guard: without the deadline this is 30 s


def test_fetch_timeout_is_an_option_of_every_loading_command(tmp_path: Path) -> None:
    with drip_server("body") as url:
        done = subprocess.run(
            [*SCRIPT, "validate", url, "--fetch-timeout", "1"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr.strip() == f"error: {url}: no complete answer within 1 s (the fetch deadline; see --fetch-timeout)"
    )
    for command in (["generate", "--out", "x"], ["diff", "a", "b"], ["check"], ["proptest"], ["mock"]):
        result = CliRunner().invoke(main, [*command, "--help"])
        assert "--fetch-timeout" in result.output, command
    assert "--fetch-timeout" in CliRunner().invoke(main, ["snapshot", "accept", "--help"]).output


def _cache_files(folder: Path) -> tuple[Path, Path]:
    (meta,) = folder.glob("*.json")
    return meta, meta.with_suffix(".body")


@pytest.mark.parametrize("damage", ["truncated", "swapped"])
def test_a_cache_body_that_does_not_match_its_digest_is_fetched_again(tmp_path: Path, damage: str) -> None:
    other = json.dumps({**MINIMAL, "info": {"title": "Swapped", "version": "9"}}).encode()
    script = Script({"/c": [Reply(200, BODY, {**JSON, "ETag": '"v1"'}), Reply(200, BODY, {**JSON, "ETag": '"v1"'})]})
    opts = FetchOptions(cache_dir=tmp_path, backoff=0.01)
    with serve(script) as base:
        load(f"{base}/c", fetch_options=opts)
        _, body = _cache_files(tmp_path)
        body.write_bytes(BODY[:20] if damage == "truncated" else other)
        doc = load(f"{base}/c", fetch_options=opts)
    assert doc.tree == MINIMAL
    assert "if-none-match" not in script.requests[1][1]  # the damaged entry was not offered
    assert body.read_bytes() == BODY  # and the cache holds the good body again


@pytest.mark.parametrize("meta", ["not json", "[1, 2]", '{"etag": 5, "sha256": "x"}', '{"etag": "\\"v1\\""}', ""])
def test_corrupt_cache_metadata_heals_itself(tmp_path: Path, meta: str) -> None:
    script = Script(
        {
            "/c": [
                Reply(200, BODY, {**JSON, "ETag": '"v1"'}),
                Reply(200, BODY, {**JSON, "ETag": '"v1"'}),
                Reply(304, b"", {"ETag": '"v1"'}),
            ]
        }
    )
    opts = FetchOptions(cache_dir=tmp_path, backoff=0.01)
    with serve(script) as base:
        load(f"{base}/c", fetch_options=opts)
        meta_path, _ = _cache_files(tmp_path)
        meta_path.write_text(meta)
        assert load(f"{base}/c", fetch_options=opts).tree == MINIMAL  # corrupt: fetched whole
        assert load(f"{base}/c", fetch_options=opts).tree == MINIMAL  # healed: a 304 is enough
    assert "if-none-match" not in script.requests[1][1]
    assert script.requests[2][1]["if-none-match"] == '"v1"'


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # writes past 4 KB fail: a full disk


def _run(argv: list[str], cwd: Path, limit: bool) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRIPT, *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=_small_files if limit else None,
        check=False,
    )


def _unwritable(tmp_path: Path) -> Path:
    """A folder no file can be created in: read-only for users; as root, below /sys."""
    if os.geteuid() == 0:
        return Path("/sys/kernel/rivya-contract-test")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    return folder / "inside"


@pytest.mark.slow
@pytest.mark.parametrize("disk", ["full", "read-only"])
def test_disk_errors_in_generate_and_accept_are_one_line_and_leave_nothing_half_written(
    tmp_path: Path, disk: str
) -> None:
    before: dict[str, bytes] = {}
    if disk == "full":
        out, snaps = tmp_path / "sdk", tmp_path / "snaps"
        assert _run(["generate", "--out", str(out)], tmp_path, limit=False).returncode == 0
        before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    else:
        out, snaps = _unwritable(tmp_path) / "sdk", _unwritable(tmp_path) / "snaps"
    for argv in (
        ["generate", "--out", str(out)],
        ["snapshot", "accept", "--snapshots", str(snaps), "--date", "2026-06-01"],
    ):
        done = _run(argv, tmp_path, limit=disk == "full")
        assert done.returncode == 2, (argv, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert done.stderr.startswith("error: "), done.stderr
        reasons = ("file too large",) if disk == "full" else ("not permitted", "denied", "read-only")
        assert any(reason in done.stderr.lower() for reason in reasons), done.stderr
    if disk == "full":
        after = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        assert after == before  # the SDK generated before, untouched
        assert not any(p.is_file() for p in snaps.rglob("*")) if snaps.exists() else True
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sdk.")]  # no staging left


def test_the_mock_answers_400_to_bodies_it_cannot_take() -> None:
    from rivya_contract.load import load_bundled
    from rivya_contract.mock import serve as serve_mock

    deep = b"[" * 100_000 + b"]" * 100_000
    digits = b'{"prompt": "x", "seed": ' + b"9" * 5000 + b"}"
    nested = b'{"prompt": ' + b'{"a": ' * 200 + b"1" + b"}" * 200 + b"}"
    with serve_mock(load_bundled()) as mock:
        headers = {"Authorization": f"Bearer {mock.demo_key}", "Content-Type": "application/json"}
        for body in (deep, digits, nested):
            answer = httpx.post(f"{mock.url}/api/v1/generations", content=body, headers=headers, timeout=30)
            assert answer.status_code == 400, answer.text[:300]


def test_unknown_configuration_keys_are_an_error_naming_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.rivya-contract]\nsnapshot = "snaps"\n')
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "[tool.rivya-contract]: unknown key 'snapshot' (known: snapshots," in result.output


def test_an_unsupported_scheme_is_named() -> None:
    result = CliRunner().invoke(main, ["validate", "ftp://example.com/openapi.json"])
    assert result.exit_code == 2
    assert "unsupported scheme 'ftp': expected a file path or an http(s) URL" in result.output


def test_a_mock_key_without_scopes_part_is_refused_before_serving() -> None:
    result = CliRunner().invoke(main, ["mock", "--key", "nokeyformat", "--port", "0"])
    assert result.exit_code == 2
    assert "--key 'nokeyformat': expected KEY[@ACCOUNT]=SCOPES" in result.output
