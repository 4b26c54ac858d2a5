from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP

from hypothesis import given, settings

from rivya_contract.load import load_bundled
from rivya_contract.proptest import invalid_requests_for, requests_for
from rivya_contract.proptest.requests import OperationRequests, Request, find_operation
from rivya_contract.proptest.runner import request_is_valid
from tests.proptest.helpers import validator

DOC = load_bundled()


@settings(max_examples=60, deadline=None)
@given(requests_for("POST /api/v1/generations", DOC))
def test_generation_requests_are_valid_json(request: Request) -> None:
    prepared = request.prepare("http://127.0.0.1:9")
    headers = dict(prepared.headers)
    assert headers["Content-Type"] == "application/json"
    assert prepared.body is not None
    body = json.loads(prepared.body)
    assert validator(DOC.tree, "/components/schemas/GenerationRequest").is_valid(body)
    assert "Authorization" not in headers  # credentials are added by the runner, never generated
    key = headers.get("Idempotency-Key")
    assert key is None or (1 <= len(key) <= 255 and key.isascii())


@settings(max_examples=30, deadline=None)
@given(requests_for("POST /api/v1/files", DOC))
def test_multipart_upload_is_well_formed(request: Request) -> None:
    prepared = request.prepare("http://127.0.0.1:9")
    content_type = dict(prepared.headers)["Content-Type"]
    assert prepared.body is not None
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + prepared.body)
    parts = {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}
    assert {"file", "kind"} <= set(parts)
    assert parts["kind"].get_content() in ("image", "video", "audio")
    assert parts["file"].get_filename() == "upload.bin"
    # the same request always serialises to the same bytes (byte-exact replays)
    assert request.prepare("http://127.0.0.1:9") == prepared
    # and it is judged valid: the file part counts as a string of its length (minLength: 1)
    assert request_is_valid(OperationRequests(DOC, find_operation(DOC, "POST /api/v1/files")), request)


@settings(max_examples=80, deadline=None)
@given(invalid_requests_for("GET /api/v1/webhooks/{endpointId}/deliveries", DOC))
def test_invalid_requests_are_invalid_and_say_why(request: Request) -> None:
    builder = OperationRequests(DOC, find_operation(DOC, "GET /api/v1/webhooks/{endpointId}/deliveries"))
    assert request.violation is not None
    assert not request_is_valid(builder, request), request.violation.describe()


@settings(max_examples=60, deadline=None)
@given(invalid_requests_for("POST /api/v1/chat/completions", DOC))
def test_invalid_chat_requests_are_invalid(request: Request) -> None:
    builder = OperationRequests(DOC, find_operation(DOC, "POST /api/v1/chat/completions"))
    assert request.violation is not None
    assert not request_is_valid(builder, request), request.violation.describe()
