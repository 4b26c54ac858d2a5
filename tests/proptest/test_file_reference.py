"""The file-reference flow: upload a file (multipart), use it in
``params.referenceMediaItems``, follow the generation to a terminal status, and see a
references to an unknown file and to a forged signed URL rejected. Clean against the mock; failing against a mock
with one planted misbehaviour (patched into the in-process mock for one test)."""

from __future__ import annotations

import dataclasses
import io
import struct
import wave
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

from rivya_contract.load import load_bundled
from rivya_contract.mock import catalog, rivya, serve
from rivya_contract.proptest import flows
from rivya_contract.proptest.runner import Failure, Runner, Settings

DOC = load_bundled()


class Run:
    def __init__(self, failures: list[Failure], notes: list[str], calls: list[tuple[str, int, Any]]) -> None:
        self.failures = failures
        self.notes = notes
        self.calls = calls  # (operation, status, request body) in order

    @property
    def rules(self) -> set[str]:
        return {failure.rule for failure in self.failures}

    def messages(self, rule: str) -> list[str]:
        return [failure.message for failure in self.failures if failure.rule == rule]


def _flow(*faults: str) -> Run:
    with serve(DOC, seed=0, faults=faults) as server:
        runner = Runner(DOC, Settings(base_url=server.url, api_key=server.demo_key, poll_wait_cap=0, timeout=5))
        calls: list[tuple[str, int, Any]] = []
        send = runner.run_case

        def spy(operation: str, kind: str, request: Any) -> Any:
            exchange, results = send(operation, kind, request)
            calls.append((operation, exchange.status if exchange else 0, request.body))
            return exchange, results

        runner.run_case = spy  # type: ignore[method-assign]
        flow = flows._Flow(runner)
        try:
            flows.file_reference(flow)
        finally:
            runner.client.close()
        return Run(flow.failures, flow.notes, calls)


@pytest.fixture
def clean() -> Iterator[Run]:
    yield _flow()


def _rounds(run: Run) -> list[list[tuple[str, int, Any]]]:
    """The calls split at each upload: one round per media kind."""
    rounds: list[list[tuple[str, int, Any]]] = []
    for call in run.calls:
        if call[0] == flows.UPLOAD:
            rounds.append([])
        rounds[-1].append(call)
    return rounds


def test_runs_clean_against_the_mock(clean: Run) -> None:
    assert clean.failures == [] and clean.notes == []
    image, audio = _rounds(clean)
    for calls, refused in ((image, [404, 404]), (audio, [404, 404, 422])):
        operations = [(op, status) for op, status, _ in calls]
        assert operations[:2] == [(flows.UPLOAD, 201), (flows.CREATE, 202)]
        assert (flows.POLL, 200) in operations
        # the unknown file and the URL with a forged signature (404), the forged duration token (422)
        assert operations[-len(refused) :] == [(flows.CREATE, status) for status in refused]


def test_uploads_multipart_and_references_the_returned_url(clean: Run) -> None:
    image, _ = _rounds(clean)
    _, _, form = image[0]
    assert form["kind"] == "image" and form["file"].media_type == "image/png"
    assert form["file"].data.startswith(b"\x89PNG\r\n\x1a\n")
    _, _, body = image[1]
    items = body["params"]["referenceMediaItems"]
    assert len(items) == 1 and items[0]["kind"] == "image" and items[0]["url"].startswith("https://")
    assert items[0]["name"] == "proptest.png" and items[0]["mimeType"] == "image/png"
    _, _, unknown = image[-2]
    assert unknown["params"]["referenceMediaItems"][0]["url"] != items[0]["url"]
    _, _, forged = image[-1]
    forged_url = forged["params"]["referenceMediaItems"][0]["url"]
    assert forged_url[:-1] == items[0]["url"][:-1] and forged_url != items[0]["url"]


def test_an_audio_reference_carries_its_duration_token(clean: Run) -> None:
    _, audio = _rounds(clean)
    _, _, form = audio[0]
    assert form["kind"] == "audio" and form["file"].media_type == "audio/wav"
    _, _, body = audio[1]
    assert body["model"] in {"rivya-voice-clone-1", "rivya-music-1"}
    (item,) = body["params"]["referenceMediaItems"]
    assert item["kind"] == "audio" and item["durationSeconds"] > 0 and item["durationToken"].startswith("dtok_")
    _, _, forged = audio[-1]
    token = forged["params"]["referenceMediaItems"][0]["durationToken"]
    assert token != item["durationToken"] and token[:-1] == item["durationToken"][:-1]


def test_wav_is_a_real_audio_file() -> None:
    with wave.open(io.BytesIO(flows.wav(250, 8000))) as track:
        assert (track.getnchannels(), track.getsampwidth(), track.getframerate()) == (1, 2, 8000)
        assert track.getnframes() == 2000


def test_png_is_a_real_image() -> None:
    data = flows.png(3, 2)
    assert struct.unpack(">II", data[16:24]) == (3, 2)
    length = struct.unpack(">I", data[33:37])[0]
    assert data[37:41] == b"IDAT" and len(zlib.decompress(data[41 : 41 + length])) == 2 * (1 + 3 * 3)


def test_fails_when_an_unknown_file_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: any URL names the first stored file (no ownership check).
    monkeypatch.setattr(rivya, "_file_by_url", lambda state, url: next(iter(state.files.values()), None))
    run = _flow()
    assert run.rules == {"file-reference"}
    assert any(
        "unknown file" in message and "expected a documented 4xx" in message
        for message in run.messages("file-reference")
    )


def test_fails_when_a_forged_signature_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: a URL is matched by the file id in its path, whatever its signature.
    def lenient(state: Any, url: str) -> Any:
        return next((f for f in state.files.values() if f"/{f.public['id']}/" in url), None)

    monkeypatch.setattr(rivya, "_file_by_url", lenient)
    run = _flow()
    assert run.rules == {"file-reference"}
    messages = run.messages("file-reference")
    assert len(messages) == 2  # the image and the audio round
    assert all("altered signature" in m and "answered 202, expected a documented 4xx" in m for m in messages)


def test_alters_the_last_character_of_the_query() -> None:
    assert flows._altered_signature("https://f.example/v1/a.png?expires=1&sig=ab") == (
        "https://f.example/v1/a.png?expires=1&sig=a0"
    )
    assert flows._altered_signature("https://f.example/a?sig=10") == "https://f.example/a?sig=11"
    assert flows._altered_signature("https://f.example/v1/a.png") is None


def test_fails_when_the_uploaded_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: no uploaded file is ever found again.
    monkeypatch.setattr(rivya, "_file_by_url", lambda state, url: None)
    run = _flow()
    assert run.rules == {"file-reference"}
    image, audio = run.messages("file-reference")
    assert "referencing the uploaded image file answered 404, expected 202" in image and "not_found" in image
    assert "referencing the uploaded audio file answered 404, expected 202" in audio


def test_fails_when_a_forged_duration_token_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: the durationToken is not checked against the file.
    original = rivya._referenced_file

    def unchecked(state: Any, item: dict[str, Any], where: str, kinds: Any) -> Any:
        return original(state, {k: v for k, v in item.items() if k != "durationToken"}, where, kinds)

    monkeypatch.setattr(rivya, "_referenced_file", unchecked)
    run = _flow()
    assert run.rules == {"file-reference"}
    (message,) = run.messages("file-reference")
    assert "forged durationToken" in message and "answered 202, expected a documented 4xx" in message


def test_fails_when_the_generation_never_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: generations stay queued forever.
    monkeypatch.setattr(rivya.RivyaState, "advance", lambda self, gen, polled: None)
    run = _flow()
    assert run.rules == {"file-reference"}
    assert any("not terminal" in message for message in run.messages("file-reference"))


def test_fails_when_the_unknown_file_gets_another_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # Planted: an unknown reference is answered 400 invalid_parameter, not not_found.
    original = rivya._fail

    def fail(code: str, message: str, param: str | None = None, headers: Any = None) -> Any:
        if code == "not_found" and "no file of this account" in message:
            return original("invalid_parameter", message, param, headers)
        return original(code, message, param, headers)

    monkeypatch.setattr(rivya, "_fail", fail)
    run = _flow()
    assert run.rules == {"file-reference"}
    assert "documents not_found" in run.messages("file-reference")[0]


def test_answers_are_checked_against_the_contract() -> None:
    run = _flow("drop-required-field")
    assert ("response-schema", flows.UPLOAD) in {(f.rule, f.operation) for f in run.failures}
    assert "file-reference" not in run.rules  # one report per cause


def test_a_429_stops_the_flow_without_blaming_the_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # The account's concurrency limit is full: a documented 429, not a file-reference bug.
    read = catalog.read

    def full(doc: Any) -> catalog.Facts:
        facts = read(doc)
        return dataclasses.replace(facts, limits=dataclasses.replace(facts.limits, max_active_generations=0))

    monkeypatch.setattr(catalog, "read", full)
    run = _flow()
    assert run.failures == []
    assert len(run.notes) == 2 and all("answered 429" in note for note in run.notes)
