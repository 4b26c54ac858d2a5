"""Contract shapes the planted-bug apps do not cover: a parent with no operation on one
object of its own (``POST /teams`` and only ``/teams/{teamId}/members...`` under it) that
answers in an envelope (``{"data": {"id": 1}}``) and refuses a name it has (409); a
create whose body names another object (``{"team_id": 1}``, refused for an id never
issued); an API key in the query string (sent there, masked in every reproduction)."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from rivya_contract.document import Document
from rivya_contract.proptest.runner import Settings, run
from tests.proptest.serving import serve_app

KEY = "query-key-1"
_ERR = {"description": "error", "content": {"application/json": {"schema": {"type": "object"}}}}
_ID = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
_TEAM = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}
_BADGE = {"type": "object", "required": ["team_id"], "properties": {"team_id": {"type": "integer", "minimum": 1}}}
_ENVELOPE = {"type": "object", "required": ["data"], "properties": {"data": _ID}}


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "teams", "version": "1"},
    "security": [{"key": []}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}},
    "paths": {
        "/teams": {
            "post": {
                "requestBody": {"required": True, "content": {"application/json": {"schema": _TEAM}}},
                "responses": {
                    "201": {"description": "made", "content": {"application/json": {"schema": _ENVELOPE}}},
                    "400": _ERR,
                    "401": _ERR,
                    "409": _ERR,
                },
            }
        },
        "/badges": {
            "post": {
                "requestBody": {"required": True, "content": {"application/json": {"schema": _BADGE}}},
                "responses": {
                    "201": {"description": "made", "content": {"application/json": {"schema": _ID}}},
                    "401": _ERR,
                    "422": _ERR,
                },
            }
        },
        "/badges/{badgeId}": {
            "parameters": [_path("badgeId")],
            "get": {
                "responses": {
                    "200": {"description": "one", "content": {"application/json": {"schema": _ID}}},
                    "401": _ERR,
                    "404": _ERR,
                },
            },
        },
        "/teams/{teamId}/members": {
            "parameters": [_path("teamId")],
            "post": {
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {
                    "201": {"description": "made", "content": {"application/json": {"schema": _ID}}},
                    "401": _ERR,
                    "404": _ERR,
                },
            },
        },
        "/teams/{teamId}/members/{memberId}": {
            "parameters": [_path("teamId"), _path("memberId")],
            "get": {
                "responses": {
                    "200": {"description": "one", "content": {"application/json": {"schema": _ID}}},
                    "401": _ERR,
                    "404": _ERR,
                },
            },
        },
    },
}


def _app() -> Starlette:
    teams: dict[int, set[int]] = {}
    names: set[str] = set()

    def keyed(request: Request) -> bool:
        return request.query_params.get("api_key") == KEY

    async def create_team(request: Request) -> Response:
        if not keyed(request):
            return JSONResponse({"error": "key"}, 401)
        try:
            name = (await request.json())["name"]
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "name"}, 400)
        if not isinstance(name, str) or not name:
            return JSONResponse({"error": "name"}, 400)
        if name in names:
            return JSONResponse({"error": "taken"}, 409)
        names.add(name)
        teams[500 + len(teams)] = set()  # ids no boundary value guesses
        return JSONResponse({"data": {"id": 499 + len(teams)}}, 201)

    def team(request: Request) -> set[int] | None:
        raw = request.path_params["teamId"]
        return teams.get(int(raw)) if raw.isdigit() else None

    async def add_member(request: Request) -> Response:
        if not keyed(request):
            return JSONResponse({"error": "key"}, 401)
        members = team(request)
        if members is None:
            return JSONResponse({"error": "no team"}, 404)
        members.add(len(members) + 1)
        return JSONResponse({"id": len(members)}, 201)

    async def get_member(request: Request) -> Response:
        if not keyed(request):
            return JSONResponse({"error": "key"}, 401)
        members = team(request)
        raw = request.path_params["memberId"]
        if members is None or not raw.isdigit() or int(raw) not in members:
            return JSONResponse({"error": "no member"}, 404)
        return Response("planted: a real member crashes", 500)

    badges: set[int] = set()

    async def create_badge(request: Request) -> Response:
        if not keyed(request):
            return JSONResponse({"error": "key"}, 401)
        try:
            team_id = (await request.json())["team_id"]
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": "team_id"}, 422)
        if team_id not in teams:
            return JSONResponse({"error": "no such team"}, 422)
        badges.add(700 + len(badges))
        return JSONResponse({"id": 699 + len(badges)}, 201)

    async def get_badge(request: Request) -> Response:
        if not keyed(request):
            return JSONResponse({"error": "key"}, 401)
        raw = request.path_params["badgeId"]
        if not raw.isdigit() or int(raw) not in badges:
            return JSONResponse({"error": "no badge"}, 404)
        return Response("planted: a real badge crashes", 500)

    return Starlette(
        routes=[
            Route("/badges", create_badge, methods=["POST"]),
            Route("/badges/{badgeId}", get_badge, methods=["GET"]),
            Route("/teams", create_team, methods=["POST"]),
            Route("/teams/{teamId}/members", add_member, methods=["POST"]),
            Route("/teams/{teamId}/members/{memberId}", get_member, methods=["GET"]),
        ]
    )


def test_a_parent_without_item_operations_feeds_its_children_and_the_query_key_is_masked() -> None:
    with serve_app(_app()) as url:
        result = run(Document(SPEC, "teams.json"), Settings(base_url=url, api_key=KEY, max_examples=3))
    crash = sorted((f for f in result.failures if f.rule == "no-5xx"), key=lambda f: f.operation)
    # Each only reachable with an object the server made: a member under a team it made, a
    # badge made with the id of a team it made.
    assert [f.operation for f in crash] == ["GET /badges/{badgeId}", "GET /teams/{teamId}/members/{memberId}"]
    lifecycle = {f.operation: f.message for f in result.failures if f.rule == "resource-lifecycle"}
    assert "could not be read back" in lifecycle["GET /teams/{teamId}/members/{memberId}"]
    assert "api_key=<redacted>" in crash[0].curl and KEY not in crash[0].curl + crash[0].pytest
    assert result.notes == []
