"""A multi-tenant inventory service (not Rivya's API) with planted contract bugs, each
switchable: ``serve(bugs={"boundary-5xx", ...})``; ``serve()`` is the clean build.

The clean build follows its OpenAPI 3.1 contract (``SPEC``) to the letter, including the
parts that trip naive checkers: a required read-only ``id``, a documented 400 in RFC 7807
form for a cursor it never issued, an empty NDJSON export, CSV export, ``links`` on the
create but none on patch/delete. Served by uvicorn on 127.0.0.1, port 0, in a thread.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.proptest.helpers import validator
from tests.proptest.serving import check_bugs, problem, problem_schema, request_view, routes, serve_app, serve_process

KEY = "inv-key-tenant-a"
OTHER_KEY = "inv-key-tenant-b"
TENANTS = {KEY: "tenant-a", OTHER_KEY: "tenant-b"}

# Every planted bug, with what it breaks (the kinds issue 17 names, and two more).
BUGS: dict[str, str] = {
    "boundary-5xx": "POST /items answers 500 when quantity is exactly its maximum",
    "unicode-5xx": "POST /items answers 500 for a name with a non-ASCII character",
    "missing-required": "the Item answer lacks the required tags when tags is empty",
    "undocumented-status": "DELETE /items/{item_id} answers 200, which is not documented",
    "wrong-content-type": "GET /items/export answers text/plain instead of NDJSON/CSV",
    "limit-unenforced": "GET /items accepts a limit above its maximum",
    "offset-refused": "a valid expires_at with a non-UTC offset is refused with 400",
    "null-nonnullable": "updated_at (not nullable) is null until the item is patched",
    "missing-header": "POST /items answers 201 without the required X-Request-Id header",
    "unauthenticated": "GET /items/export answers without a key",
    "cross-tenant": "GET /items/{item_id} serves another tenant's item",
    "served-after-delete": "GET /items/{item_id} still serves a deleted item",
    "readonly-applied": "the read-only owner sent on POST is stored and served",
    "patch-lost": "PATCH /items/{item_id} answers the change but does not store it",
}

_ITEM = "/items/{item_id}"
# Where each bug shows (the operations whose answers it changes): the benchmark counts a
# tool's new failure for a bug only on these.
WHERE: dict[str, frozenset[str]] = {
    "boundary-5xx": frozenset({"POST /items"}),
    "unicode-5xx": frozenset({"POST /items"}),
    "missing-required": frozenset({"POST /items", "GET /items", f"GET {_ITEM}", f"PATCH {_ITEM}", "GET /items/export"}),
    "undocumented-status": frozenset({f"DELETE {_ITEM}"}),
    "wrong-content-type": frozenset({"GET /items/export"}),
    "limit-unenforced": frozenset({"GET /items"}),
    "offset-refused": frozenset({"POST /items"}),
    "null-nonnullable": frozenset({"POST /items", "GET /items", f"GET {_ITEM}", f"PATCH {_ITEM}", "GET /items/export"}),
    "missing-header": frozenset({"POST /items"}),
    "unauthenticated": frozenset({"GET /items/export"}),
    "cross-tenant": frozenset({f"GET {_ITEM}", f"PATCH {_ITEM}", f"DELETE {_ITEM}"}),
    "served-after-delete": frozenset({f"GET {_ITEM}", f"PATCH {_ITEM}", f"DELETE {_ITEM}"}),
    "readonly-applied": frozenset({"POST /items", f"GET {_ITEM}", "GET /items", "GET /items/export"}),
    "patch-lost": frozenset({f"PATCH {_ITEM}", f"GET {_ITEM}"}),
}

_PROBLEM = {"$ref": "#/components/schemas/Problem"}


def _problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _PROBLEM}}}


_ITEM_ID = {
    "name": "item_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^itm_[0-9a-z]+$", "maxLength": 24},
}
_ITEM_ANSWER = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Inventory", "version": "1.0.0"},
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id", "name", "sku", "quantity", "price", "tags", "owner", "created_at", "updated_at"],
                "properties": {
                    "id": {"type": "string", "readOnly": True, "pattern": "^itm_[0-9a-z]+$"},
                    "owner": {"type": "string", "readOnly": True, "maxLength": 40},
                    "created_at": {"type": "string", "format": "date-time", "readOnly": True},
                    "updated_at": {"type": "string", "format": "date-time", "readOnly": True},
                    "name": {"type": "string", "minLength": 1, "maxLength": 40},
                    "sku": {"type": "string", "pattern": "^[A-Z]{3}-[0-9]{1,6}$", "maxLength": 8},
                    "quantity": {"type": "integer", "minimum": 0, "maximum": 10000},
                    "price": {"type": "number", "minimum": 0, "maximum": 100000},
                    "tags": {
                        "type": "array",
                        "maxItems": 3,
                        "uniqueItems": True,
                        "items": {"type": "string", "enum": ["tools", "food", "toys", "spare"]},
                    },
                    "expires_at": {"type": "string", "format": "date-time"},
                    "note": {"type": ["string", "null"], "maxLength": 80},
                },
                "additionalProperties": False,
            },
            "ItemPatch": {
                "type": "object",
                "minProperties": 1,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 40},
                    "quantity": {"type": "integer", "minimum": 0, "maximum": 10000},
                    "note": {"type": ["string", "null"], "maxLength": 80},
                },
                "additionalProperties": False,
            },
            "ItemPage": {
                "type": "object",
                "required": ["items", "next_cursor"],
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                    "next_cursor": {"type": ["string", "null"]},
                },
            },
            "Problem": problem_schema(),
        },
    },
    "paths": {
        "/health": {
            "get": {
                "operationId": "health",
                "security": [],
                "responses": {
                    "200": {
                        "description": "up",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["status"],
                                    "properties": {"status": {"const": "ok"}},
                                }
                            }
                        },
                    }
                },
            }
        },
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string", "maxLength": 64}},
                    {
                        "name": "tag",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["tools", "food", "toys", "spare"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "a page",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemPage"}}},
                    },
                    "400": _problem_response("bad parameter, or a cursor this server did not issue"),
                    "401": _problem_response("no key"),
                },
            },
            "post": {
                "operationId": "createItem",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Item"},
                            "example": {"name": "hammer", "sku": "HAM-1", "quantity": 3, "price": 9.5, "tags": []},
                        }
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "headers": {"X-Request-Id": {"required": True, "schema": {"type": "string", "minLength": 1}}},
                        **_ITEM_ANSWER,
                        "links": {
                            "GetItem": {"operationId": "getItem", "parameters": {"item_id": "$response.body#/id"}}
                        },
                    },
                    "400": _problem_response("invalid item"),
                    "401": _problem_response("no key"),
                    "415": _problem_response("not JSON"),
                },
            },
        },
        "/items/export": {
            "get": {
                "operationId": "exportItems",
                "parameters": [
                    {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["ndjson", "csv"]}}
                ],
                "responses": {
                    "200": {
                        "description": "every item of the tenant, one per line",
                        "content": {
                            "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/Item"}},
                            "text/csv": {"schema": {"type": "string"}},
                        },
                    },
                    "400": _problem_response("bad format"),
                    "401": _problem_response("no key"),
                },
            }
        },
        "/items/{item_id}": {
            "parameters": [_ITEM_ID],
            "get": {
                "operationId": "getItem",
                "responses": {
                    "200": {"description": "the item", **_ITEM_ANSWER},
                    "400": _problem_response("bad id"),
                    "401": _problem_response("no key"),
                    "404": _problem_response("no such item"),
                },
            },
            "patch": {
                "operationId": "updateItem",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ItemPatch"}}},
                },
                "responses": {
                    "200": {"description": "the item, changed", **_ITEM_ANSWER},
                    "400": _problem_response("invalid change"),
                    "401": _problem_response("no key"),
                    "404": _problem_response("no such item"),
                    "415": _problem_response("not JSON"),
                },
            },
            "delete": {
                "operationId": "deleteItem",
                "responses": {
                    "204": {"description": "deleted"},
                    "400": _problem_response("bad id"),
                    "401": _problem_response("no key"),
                    "404": _problem_response("no such item"),
                },
            },
        },
    },
}

_READ_ONLY = ("id", "owner", "created_at", "updated_at")
# A request carries no read-only field as required (OpenAPI: they are answers only).
_NEW_ITEM = validator(request_view(SPEC), "/components/schemas/Item")
_PATCH = validator(SPEC, "/components/schemas/ItemPatch")
_NOW = "2026-01-01T00:00:00Z"  # a fixed clock: the app is deterministic


_problem = problem


class Inventory:
    """One server's state: items per tenant, with the planted bugs switched on."""

    def __init__(self, bugs: frozenset[str]) -> None:
        self.bugs = check_bugs(bugs, BUGS)
        self.items: dict[str, dict[str, Any]] = {}  # id -> stored item (with its owner)
        self.deleted: set[str] = set()
        self.graveyard: dict[str, dict[str, Any]] = {}  # deleted items (what a buggy build still serves)
        self.counter = 0
        self.requests = 0
        self.lock = threading.Lock()

    def bug(self, name: str) -> bool:
        return name in self.bugs

    def tenant(self, request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        return TENANTS.get(auth[7:]) if auth.startswith("Bearer ") else None

    def answer(self, item: dict[str, Any]) -> dict[str, Any]:
        shown = dict(item)
        if self.bug("missing-required") and not shown["tags"]:
            del shown["tags"]
        if self.bug("null-nonnullable") and shown["updated_at"] == shown["created_at"]:
            shown["updated_at"] = None
        return shown

    async def read_json(self, request: Request) -> tuple[Any, Response | None]:
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return None, _problem(415, "the body must be application/json")
        try:
            return json.loads(await request.body()), None
        except ValueError:
            return None, _problem(400, "the body is not JSON")

    def find(self, request: Request, tenant: str) -> tuple[dict[str, Any] | None, Response | None]:
        item_id = request.path_params["item_id"]
        if not _item_id_ok(item_id):
            return None, _problem(400, "malformed item id", "item_id")
        item = self.items.get(item_id)
        if item is None and self.bug("served-after-delete") and item_id in self.deleted:
            item = self.graveyard.get(item_id)
        if item is None or (item["owner"] != tenant and not self.bug("cross-tenant")):
            return None, _problem(404, "no such item", detail=f"no item {item_id}")
        return item, None


def _item_id_ok(text: str) -> bool:
    return len(text) <= 24 and re.fullmatch(r"itm_[0-9a-z]+", text) is not None


def _int_param(raw: str | None, low: int, high: int | None) -> tuple[int | None, bool]:
    if raw is None:
        return None, True
    try:
        value = int(raw)
    except ValueError:
        return None, False
    if str(value) != raw.strip() or raw != raw.strip():
        return None, False
    return value, value >= low and (high is None or value <= high)


def build(bugs: frozenset[str] = frozenset()) -> tuple[Starlette, Inventory]:
    state = Inventory(bugs)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def contract(request: Request) -> Response:
        return JSONResponse(SPEC)

    async def list_items(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return _problem(401, "a key is required")
        query = request.query_params
        unknown = set(query) - {"limit", "cursor", "tag"}
        if unknown:
            return _problem(400, "unknown parameter", sorted(unknown)[0])
        limit, ok = _int_param(query.get("limit"), 1, None if state.bug("limit-unenforced") else 50)
        if not ok:
            return _problem(400, "limit must be an integer from 1 to 50", "limit")
        tag = query.get("tag")
        if tag is not None and tag not in ("tools", "food", "toys", "spare"):
            return _problem(400, "unknown tag", "tag")
        cursor = query.get("cursor")
        start = 0
        if cursor is not None:
            if len(cursor) > 64:
                return _problem(400, "cursor too long", "cursor")
            if not (cursor.startswith("c") and cursor[1:].isdigit() and cursor[1:].isascii()):
                return _problem(400, "this cursor was not issued by this server", "cursor")
            start = int(cursor[1:])
        mine = [i for i in state.items.values() if i["owner"] == tenant and (tag is None or tag in i["tags"])]
        size = limit or 20
        page = mine[start : start + size]
        following = f"c{start + size}" if start + size < len(mine) else None
        return JSONResponse({"items": [_shown(i) for i in page], "next_cursor": following})

    async def create_item(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return _problem(401, "a key is required")
        data, refused = await state.read_json(request)
        if refused is not None:
            return refused
        errors = sorted(_NEW_ITEM.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            where = ".".join(str(p) for p in errors[0].path) or "body"
            return _problem(400, errors[0].message[:120], where)
        if not isinstance(data, dict):
            return _problem(400, "an object is required")
        for name in ("name", "sku", "quantity", "price", "tags"):
            if name not in data:
                return _problem(400, f"{name} is required", name)
        if state.bug("offset-refused") and "expires_at" in data and not str(data["expires_at"]).upper().endswith("Z"):
            return _problem(400, "expires_at must be a valid date-time", "expires_at")
        if state.bug("boundary-5xx") and data["quantity"] == 10000:
            return Response("Internal Server Error", 500, media_type="text/plain")
        if state.bug("unicode-5xx") and not data["name"].isascii():
            return Response("Internal Server Error", 500, media_type="text/plain")
        with state.lock:
            state.counter += 1
            item_id = f"itm_{state.counter}"
        item = {k: v for k, v in data.items() if k not in _READ_ONLY}
        item.update(id=item_id, owner=tenant, created_at=_NOW, updated_at=_NOW)
        if state.bug("readonly-applied") and isinstance(data.get("owner"), str):
            item["shown_owner"] = data["owner"]  # access still follows the key; the answer does not
        state.items[item_id] = item
        shown = _shown(item)
        headers = {} if state.bug("missing-header") else {"X-Request-Id": f"req-{state.counter}"}
        return JSONResponse(shown, 201, headers=headers)

    def _shown(item: dict[str, Any]) -> dict[str, Any]:
        owner = item.get("shown_owner", item["owner"])
        return state.answer({**{k: v for k, v in item.items() if k != "shown_owner"}, "owner": owner})

    async def export(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None and not state.bug("unauthenticated"):
            return _problem(401, "a key is required")
        fmt = request.query_params.get("format", "ndjson")
        if fmt not in ("ndjson", "csv") or set(request.query_params) - {"format"}:
            return _problem(400, "format must be ndjson or csv", "format")
        mine = [_shown(i) for i in state.items.values() if tenant is None or i["owner"] == tenant]
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(["id", "name", "sku", "quantity", "price"])
            for item in mine:
                writer.writerow([item["id"], item["name"], item["sku"], item["quantity"], item["price"]])
            text, media = out.getvalue(), "text/csv"
        else:
            text = "".join(json.dumps(item) + "\n" for item in mine)
            media = "application/x-ndjson"
        if state.bug("wrong-content-type"):
            media = "text/plain"
        return Response(text, 200, media_type=media)

    async def get_item(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return _problem(401, "a key is required")
        item, refused = state.find(request, tenant)
        if refused is not None or item is None:
            return refused or _problem(404, "no such item")
        return JSONResponse(_shown(item))

    async def update_item(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return _problem(401, "a key is required")
        item, refused = state.find(request, tenant)
        if refused is not None or item is None:
            return refused or _problem(404, "no such item")
        if item["id"] in state.deleted:
            return _problem(404, "no such item")
        data, refused = await state.read_json(request)
        if refused is not None:
            return refused
        errors = sorted(_PATCH.iter_errors(data), key=lambda e: list(e.path))
        if errors:
            where = ".".join(str(p) for p in errors[0].path) or "body"
            return _problem(400, errors[0].message[:120], where)
        changed = {**item, **data, "updated_at": "2026-01-02T00:00:00Z"}
        if not state.bug("patch-lost"):
            state.items[item["id"]] = changed
        return JSONResponse(_shown(changed))

    async def delete_item(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return _problem(401, "a key is required")
        item, refused = state.find(request, tenant)
        if refused is not None or item is None:
            return refused or _problem(404, "no such item")
        if item["id"] in state.deleted:
            return _problem(404, "no such item")
        state.graveyard[item["id"]] = state.items.pop(item["id"])
        state.deleted.add(item["id"])
        if state.bug("undocumented-status"):
            return JSONResponse({"deleted": item["id"]}, 200)
        return Response(status_code=204)

    app = Starlette(
        routes=routes(
            {
                "/health": {"GET": health},
                "/items": {"GET": list_items, "POST": create_item},
                "/items/export": {"GET": export},
                "/items/{item_id}": {"GET": get_item, "PATCH": update_item, "DELETE": delete_item},
                "/openapi.json": {"GET": contract},
            }
        )
    )
    return app, state


@contextmanager
def serve(bugs: frozenset[str] | set[str] = frozenset()) -> Iterator[str]:
    """The app on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    app, _ = build(frozenset(bugs))
    with serve_app(app) as url:
        yield url


if __name__ == "__main__":  # pragma: no cover - the benchmark's server process
    serve_process(lambda bugs: build(bugs)[0], BUGS)


__all__ = ["BUGS", "KEY", "OTHER_KEY", "SPEC", "WHERE", "build", "serve"]
