"""A small API with planted contract bugs (an OpenAPI 3.0 document, to exercise the
generic path), served by uvicorn on 127.0.0.1 in a thread."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from tests.proptest.serving import serve_app

KEY = "test-key"
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "planted", "version": "1"},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "note": {"type": "string", "nullable": True},
                },
            },
            "NewItem": {
                "type": "object",
                "required": ["name", "price"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 10},
                    "price": {"type": "number", "minimum": 0},
                },
            },
        },
    },
    "security": [{"bearer": []}],
    "paths": {
        "/items/{id}": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    },
                    "400": {"description": "bad", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "401": {"description": "no key", "content": {"application/json": {"schema": {"type": "object"}}}},
                },
            }
        },
        "/items": {
            "post": {
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewItem"}}},
                },
                "responses": {
                    "201": {
                        "description": "made",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    },
                    "400": {"description": "bad", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "401": {"description": "no key", "content": {"application/json": {"schema": {"type": "object"}}}},
                    "415": {"description": "media", "content": {"application/json": {"schema": {"type": "object"}}}},
                },
            }
        },
        "/health": {
            "get": {
                "security": [],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
                },
            }
        },
    },
}

RECEIVED: list[tuple[str, str, dict[str, str], bytes]] = []  # method, url, headers, body


def _authorized(request: Request) -> bool:
    return request.headers.get("authorization") == f"Bearer {KEY}"


async def get_item(request: Request) -> Response:
    if not _authorized(request):
        return JSONResponse({"error": "no key"}, 401)
    raw = request.path_params["id"]
    try:
        item_id = int(raw)
    except ValueError:
        return JSONResponse({"error": "id"}, 400)
    if item_id < 1:
        return JSONResponse({"error": "id"}, 400)
    if item_id > 1000:
        return JSONResponse({"error": "planted: ids above 1000 crash"}, 500)  # no-5xx
    return JSONResponse({"id": item_id, "name": "thing", "note": None})


async def post_item(request: Request) -> Response:
    body = await request.body()
    RECEIVED.append((request.method, str(request.url), dict(request.headers), body))
    # Planted: no auth check here (auth-enforced).
    if request.headers.get("content-type", "").split(";")[0] != "application/json":
        return JSONResponse({"error": "media"}, 415)
    try:
        data = json.loads(body)
    except ValueError:
        return JSONResponse({"error": "json"}, 400)
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not 1 <= len(data["name"]) <= 10:
        return JSONResponse({"error": "name"}, 400)
    if set(data) - {"name", "price"}:
        return JSONResponse({"error": "unknown"}, 400)
    price = data.get("price")
    if isinstance(price, bool) or not isinstance(price, (int, float)):
        return JSONResponse({"error": "price"}, 400)
    # Planted: a negative price is accepted (invalid-request-rejected).
    if len(data["name"]) == 10:
        return JSONResponse({"id": 1}, 201)  # planted: "name" missing (response-schema)
    return JSONResponse({"id": 1, "name": data["name"]}, 201)


async def health(request: Request) -> Response:
    return JSONResponse({"ok": True})


async def endless(request: Request) -> Response:
    async def events() -> AsyncIterator[bytes]:
        while True:
            yield b"event: heartbeat\ndata: {}\n\n"
            await asyncio.sleep(0.05)

    return StreamingResponse(events(), media_type="text/event-stream")


APP = Starlette(
    routes=[
        Route("/items/{id}", get_item, methods=["GET"]),
        Route("/items", post_item, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/endless", endless, methods=["GET"]),
    ]
)


@contextmanager
def serve() -> Iterator[str]:
    with serve_app(APP) as url:
        yield url
