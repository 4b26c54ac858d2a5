"""Top-level resources named like the client's own members (``/request``, ``/close``).

A resource attribute ``request`` on the client would replace ``SyncAPIClient.request``, which
every method calls: such a resource gets another name and the SDK still works.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.write import write_sdk
from rivya_contract.load import load


def _ok(ref: str) -> dict[str, object]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}}


SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Clash", "version": "1.0.0"},
    "servers": [{"url": "https://clash.example"}],
    "paths": {
        "/request": {"get": {"operationId": "getRequest", "responses": _ok("#/components/schemas/Thing")}},
        "/close": {"get": {"operationId": "getClose", "responses": _ok("#/components/schemas/Thing")}},
        "/send": {"get": {"operationId": "getSend", "responses": _ok("#/components/schemas/Thing")}},
    },
    "components": {
        "schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}
    },
}

USE = """
import httpx
import clash_sdk

seen = []
def answer(request: httpx.Request) -> httpx.Response:
    seen.append(request.url.path)
    return httpx.Response(200, json={"id": request.url.path})

client = clash_sdk.Clash(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
print(client.request_resource.retrieve().id, client.close_resource.retrieve().id, client.send_resource.retrieve().id)
client.close()  # still the client's own close
print(seen)
"""


def test_resources_named_like_client_members_get_other_names(tmp_path: Path) -> None:
    source = tmp_path / "clash.json"
    source.write_text(json.dumps(SPEC))
    write_sdk(load(source), tmp_path / "sdk", GenerateOptions(package_name="clash_sdk"))
    done = subprocess.run([sys.executable, "-c", USE], cwd=tmp_path / "sdk", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split("\n")[0] == "/request /close /send"


USE_BASIC = """
import httpx
import basic_sdk

seen = []
def answer(request: httpx.Request) -> httpx.Response:
    seen.append(request.headers.get("authorization"))
    return httpx.Response(200, json={"id": "t1"})

client = basic_sdk.Clash(api_key="AC123:secret", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
client.request_resource.retrieve()
print(seen[0])
"""


def test_http_basic_security_sends_the_key_as_user_and_password(tmp_path: Path) -> None:
    """Twilio's ``accountSid_authToken`` scheme: ``type: http, scheme: basic``."""
    spec = {
        **SPEC,
        "components": {
            **SPEC["components"],  # type: ignore[dict-item]
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
        },
        "security": [{"basic": []}],
    }
    source = tmp_path / "basic.json"
    source.write_text(json.dumps(spec))
    write_sdk(load(source), tmp_path / "sdk", GenerateOptions(package_name="basic_sdk"))
    done = subprocess.run([sys.executable, "-c", USE_BASIC], cwd=tmp_path / "sdk", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "Basic QUMxMjM6c2VjcmV0"  # base64 of AC123:secret
    assert "HTTP basic authentication" in (tmp_path / "sdk" / "README.md").read_text()
