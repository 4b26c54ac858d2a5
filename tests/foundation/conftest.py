from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

MINIMAL: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Tiny", "version": "1.0.0"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}},
            }
        }
    },
}


@pytest.fixture
def minimal() -> dict[str, Any]:
    return json.loads(json.dumps(MINIMAL))


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    def _write(name: str, content: str | bytes | dict[str, Any]) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            content = json.dumps(content, indent=2)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return path

    return _write
