"""A multi-tenant project tracker (not Rivya's API, and built unlike inventory_app.py) with
planted contract bugs, each switchable: ``serve(bugs={"points-5xx", ...})``; ``serve()``
is the clean build.

Its style: nested resources (``/orgs/{orgId}/projects/{projectId}/tasks/{taskId}``), UUID
and integer ids, an API key in the ``X-Api-Key`` header, RFC 7807
``application/problem+json`` errors, creates answered ``201`` with a ``Location`` header
(the project's with no body at all), ``PUT`` replace and ``PATCH`` as JSON merge patch
(``application/merge-patch+json``, RFC 7386), lists as bare JSON arrays paged by
``page_token`` with a ``Link`` header, a query array (``status=todo&status=done``),
``date`` fields, a ``oneOf`` with a discriminator, a nullable ``oneOf`` object, read-only
fields nested inside writable objects, ``204`` deletes.

The clean build follows its OpenAPI 3.1 contract (``SPEC``) to the letter, including what
trips naive checkers: a create with no body (the id is in ``Location`` only); a merge
patch's ``null`` removes the member (it is not read back as null); labels (a set) are
stored sorted; settings merge with server defaults; a documented 400 for a page token it
never issued; a required read-only field nested in a writable object (the assignee's
``display_name``). Served by uvicorn on 127.0.0.1, port 0, in a thread.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from tests.proptest.helpers import validator
from tests.proptest.serving import (
    PROBLEM_JSON,
    check_bugs,
    problem,
    problem_schema,
    request_view,
    routes,
    serve_app,
    serve_process,
)
from tests.proptest.serving import strip_read_only as _strip

KEY = "trk-key-acme"
OTHER_KEY = "trk-key-globex"
TENANTS = {KEY: "acme", OTHER_KEY: "globex"}

BUGS: dict[str, str] = {
    "points-5xx": "POST/PUT task answers 500 when estimate.points is exactly its maximum (a oneOf branch's field)",
    "leap-day-5xx": "POST/PUT task answers 500 for a due_on of February 29 (the same 500 body as points-5xx)",
    "missing-required": "a project created without settings is served without the required settings",
    "undocumented-status": "POST projects answers 409 (not documented) for a name already used in the org",
    "wrong-content-type": "the task operations' 400 answers are application/json, not application/problem+json",
    "limit-unenforced": "GET tasks accepts a page_size above its maximum (100)",
    "offset-refused": "PUT task refuses a valid remind_at with a non-UTC offset (POST takes it)",
    "null-nonnullable": "a task's nested meta.updated_at (not nullable) is null until the task changes",
    "missing-header": "POST tasks answers 201 without the required Location header",
    "unauthenticated": "GET projects (the list) answers without a key",
    "cross-tenant": "GET task serves a task of another tenant's org",
    "served-after-delete": "GET project still serves a deleted project",
    "readonly-applied": "the read-only assignee.display_name (nested) sent on a task write is stored and served",
    "patch-lost": "PATCH project merges top-level members but drops nested settings changes",
}

_ORG = "/orgs/{orgId}"
_PROJECTS = _ORG + "/projects"
_PROJECT = _PROJECTS + "/{projectId}"
_TASKS = _PROJECT + "/tasks"
_TASK = _TASKS + "/{taskId}"
_PROJECT_OPS = {f"GET {_PROJECTS}", f"GET {_PROJECT}", f"PATCH {_PROJECT}"}
_TASK_ANSWERS = {f"POST {_TASKS}", f"GET {_TASKS}", f"GET {_TASK}", f"PUT {_TASK}"}
_TASK_OPS = _TASK_ANSWERS | {f"DELETE {_TASK}"}
# Where each bug shows (the operations whose answers it changes): the benchmark counts a
# tool's new failure for a bug only on these.
WHERE: dict[str, frozenset[str]] = {
    "points-5xx": frozenset({f"POST {_TASKS}", f"PUT {_TASK}"}),
    "leap-day-5xx": frozenset({f"POST {_TASKS}", f"PUT {_TASK}"}),
    "missing-required": frozenset(_PROJECT_OPS),
    "undocumented-status": frozenset({f"POST {_PROJECTS}"}),
    "wrong-content-type": frozenset(_TASK_OPS),
    "limit-unenforced": frozenset({f"GET {_TASKS}"}),
    "offset-refused": frozenset({f"PUT {_TASK}"}),
    "null-nonnullable": frozenset(_TASK_ANSWERS),
    "missing-header": frozenset({f"POST {_TASKS}"}),
    "unauthenticated": frozenset({f"GET {_PROJECTS}"}),
    "cross-tenant": frozenset({f"GET {_TASK}"}),
    "served-after-delete": frozenset({f"GET {_PROJECT}", f"PATCH {_PROJECT}", f"DELETE {_PROJECT}"}),
    "readonly-applied": frozenset(_TASK_ANSWERS),
    "patch-lost": frozenset({f"PATCH {_PROJECT}", f"GET {_PROJECT}"}),
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _errors(*statuses: int) -> dict[str, Any]:
    words = {400: "invalid request", 401: "no or unknown key", 404: "not found", 415: "unsupported media type"}
    return {str(s): {"description": words[s], "content": {PROBLEM_JSON: {"schema": _ref("Problem")}}} for s in statuses}


def _json(schema: Any, media: str = "application/json") -> dict[str, Any]:
    return {"content": {media: {"schema": schema}}}


_LOCATION = {"Location": {"required": True, "description": "the new object", "schema": {"type": "string"}}}
_LINK = {"Link": {"description": "RFC 8288: rel=next when there is a next page", "schema": {"type": "string"}}}
_PAGE_TOKEN = {"name": "page_token", "in": "query", "schema": {"type": "string", "maxLength": 64}}


def _path(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema}


_ORG_ID = _path("orgId", {"type": "string", "format": "uuid"})
_PROJECT_ID = _path("projectId", {"type": "integer", "minimum": 1})
_TASK_ID = _path("taskId", {"type": "integer", "minimum": 1})
_DATE = {"type": "string", "format": "date"}
_INSTANT = {"type": "string", "format": "date-time"}
_SETTINGS_PROPS = {
    "color": {"type": "string", "enum": ["red", "green", "blue", "grey"]},
    "notify": {"type": "boolean"},
    "default_priority": {"type": "integer", "minimum": 1, "maximum": 5},
}
_LABELS = {"type": "array", "uniqueItems": True, "maxItems": 5, "items": {"type": "string", "pattern": "^[a-z]{1,12}$"}}

SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Tracker", "version": "2.0.0"},
    "security": [{"apiKey": []}],
    "components": {
        "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}},
        "schemas": {
            "Problem": problem_schema(),
            "Org": {
                "type": "object",
                "required": ["id", "name", "plan", "created_on"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "format": "uuid", "readOnly": True},
                    "name": {"type": "string", "minLength": 1, "maxLength": 60},
                    "plan": {"type": "string", "enum": ["free", "team", "enterprise"]},
                    "created_on": {**_DATE, "readOnly": True},
                },
            },
            "Settings": {
                "type": "object",
                "additionalProperties": False,
                "properties": _SETTINGS_PROPS,
                "required": ["color", "notify", "default_priority"],
            },
            "ProjectNew": {
                "type": "object",
                "required": ["name", "visibility"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 80},
                    "description": {"type": "string", "maxLength": 500},
                    "visibility": {"type": "string", "enum": ["private", "internal", "public"]},
                    "settings": {"type": "object", "additionalProperties": False, "properties": _SETTINGS_PROPS},
                    "labels": _LABELS,
                    "start_on": _DATE,
                },
            },
            "ProjectPatch": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 80},
                    "description": {"type": ["string", "null"], "maxLength": 500},
                    "visibility": {"type": "string", "enum": ["private", "internal", "public"]},
                    "settings": {"type": "object", "additionalProperties": False, "properties": _SETTINGS_PROPS},
                    "labels": _LABELS,
                },
            },
            "Project": {
                "type": "object",
                "required": ["id", "org_id", "name", "visibility", "settings", "labels", "created_at"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer", "minimum": 1},
                    "org_id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "visibility": {"type": "string", "enum": ["private", "internal", "public"]},
                    "settings": _ref("Settings"),
                    "labels": _LABELS,
                    "start_on": _DATE,
                    "created_at": _INSTANT,
                },
            },
            "Assignee": {
                "type": "object",
                "required": ["user_id", "display_name"],
                "additionalProperties": False,
                "properties": {
                    "user_id": {"type": "integer", "minimum": 1, "maximum": 1000000},
                    "display_name": {"type": "string", "maxLength": 80, "readOnly": True},
                },
            },
            "PointsEstimate": {
                "type": "object",
                "required": ["kind", "points"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"const": "points"},
                    "points": {"type": "integer", "minimum": 1, "maximum": 100},
                },
            },
            "HoursEstimate": {
                "type": "object",
                "required": ["kind", "hours"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"const": "hours"},
                    "hours": {"type": "number", "minimum": 0.5, "maximum": 400, "multipleOf": 0.5},
                },
            },
            "Task": {
                "type": "object",
                "required": ["id", "project_id", "title", "status", "priority", "assignee", "meta"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "integer", "readOnly": True},
                    "project_id": {"type": "integer", "readOnly": True},
                    "title": {"type": "string", "minLength": 1, "maxLength": 120},
                    "status": {"type": "string", "enum": ["todo", "doing", "done"]},
                    "priority": {"type": "integer", "minimum": 1, "maximum": 5},
                    "due_on": _DATE,
                    "remind_at": _INSTANT,
                    "estimate": {
                        "oneOf": [_ref("PointsEstimate"), _ref("HoursEstimate")],
                        "discriminator": {
                            "propertyName": "kind",
                            "mapping": {
                                "points": "#/components/schemas/PointsEstimate",
                                "hours": "#/components/schemas/HoursEstimate",
                            },
                        },
                    },
                    "assignee": {"oneOf": [_ref("Assignee"), {"type": "null"}]},
                    "meta": {
                        "type": "object",
                        "readOnly": True,
                        "required": ["created_at", "updated_at", "revision"],
                        "properties": {"created_at": _INSTANT, "updated_at": _INSTANT, "revision": {"type": "integer"}},
                    },
                },
            },
        },
    },
    "paths": {
        "/orgs": {
            "post": {
                "operationId": "createOrg",
                "requestBody": {"required": True, **_json(_ref("Org"))},
                "responses": {
                    "201": {"description": "created", "headers": _LOCATION, **_json(_ref("Org"))},
                    **_errors(400, 401, 415),
                },
            }
        },
        _ORG: {
            "parameters": [_ORG_ID],
            "get": {
                "operationId": "getOrg",
                "responses": {"200": {"description": "the org", **_json(_ref("Org"))}, **_errors(400, 401, 404)},
            },
        },
        _PROJECTS: {
            "parameters": [_ORG_ID],
            "get": {
                "operationId": "listProjects",
                "parameters": [
                    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                    _PAGE_TOKEN,
                ],
                "responses": {
                    "200": {
                        "description": "a page",
                        "headers": _LINK,
                        **_json({"type": "array", "items": _ref("Project")}),
                    },
                    **_errors(400, 401, 404),
                },
            },
            "post": {
                "operationId": "createProject",
                "requestBody": {"required": True, **_json(_ref("ProjectNew"))},
                "responses": {"201": {"description": "created", "headers": _LOCATION}, **_errors(400, 401, 404, 415)},
            },
        },
        _PROJECT: {
            "parameters": [_ORG_ID, _PROJECT_ID],
            "get": {
                "operationId": "getProject",
                "responses": {
                    "200": {"description": "the project", **_json(_ref("Project"))},
                    **_errors(400, 401, 404),
                },
            },
            "patch": {
                "operationId": "patchProject",
                "requestBody": {"required": True, **_json(_ref("ProjectPatch"), "application/merge-patch+json")},
                "responses": {
                    "200": {"description": "changed", **_json(_ref("Project"))},
                    **_errors(400, 401, 404, 415),
                },
            },
            "delete": {
                "operationId": "deleteProject",
                "responses": {"204": {"description": "deleted"}, **_errors(400, 401, 404)},
            },
        },
        _TASKS: {
            "parameters": [_ORG_ID, _PROJECT_ID],
            "get": {
                "operationId": "listTasks",
                "parameters": [
                    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    _PAGE_TOKEN,
                    {
                        "name": "status",
                        "in": "query",
                        "style": "form",
                        "explode": True,
                        "schema": {
                            "type": "array",
                            "maxItems": 3,
                            "items": {"type": "string", "enum": ["todo", "doing", "done"]},
                        },
                    },
                    {"name": "due_before", "in": "query", "schema": _DATE},
                ],
                "responses": {
                    "200": {
                        "description": "a page",
                        "headers": _LINK,
                        **_json({"type": "array", "items": _ref("Task")}),
                    },
                    **_errors(400, 401, 404),
                },
            },
            "post": {
                "operationId": "createTask",
                "requestBody": {"required": True, **_json(_ref("Task"))},
                "responses": {
                    "201": {"description": "created", "headers": _LOCATION, **_json(_ref("Task"))},
                    **_errors(400, 401, 404, 415),
                },
            },
        },
        _TASK: {
            "parameters": [_ORG_ID, _PROJECT_ID, _TASK_ID],
            "get": {
                "operationId": "getTask",
                "responses": {"200": {"description": "the task", **_json(_ref("Task"))}, **_errors(400, 401, 404)},
            },
            "put": {
                "operationId": "replaceTask",
                "requestBody": {"required": True, **_json(_ref("Task"))},
                "responses": {"200": {"description": "replaced", **_json(_ref("Task"))}, **_errors(400, 401, 404, 415)},
            },
            "delete": {
                "operationId": "deleteTask",
                "responses": {"204": {"description": "deleted"}, **_errors(400, 401, 404)},
            },
        },
    },
}

_REQUESTS = request_view(SPEC)
_VALIDATORS = {name: validator(_REQUESTS, f"/components/schemas/{name}") for name in ("Org", "ProjectNew", "Task")}
_VALIDATORS["ProjectPatch"] = validator(_REQUESTS, "/components/schemas/ProjectPatch")
_NOW = "2026-01-01T00:00:00Z"  # a fixed clock: the app is deterministic
_LATER = "2026-01-02T00:00:00Z"
_DEFAULT_SETTINGS = {"color": "grey", "notify": True, "default_priority": 3}
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _resolve(node: Any) -> Any:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return SPEC["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


class Tracker:
    """One server's state (orgs, projects, tasks by id), with the planted bugs switched on."""

    def __init__(self, bugs: frozenset[str]) -> None:
        self.bugs = check_bugs(bugs, BUGS)
        self.orgs: dict[str, dict[str, Any]] = {}
        self.projects: dict[int, dict[str, Any]] = {}
        self.tasks: dict[int, dict[str, Any]] = {}
        self.deleted_projects: set[int] = set()
        self.ids = itertools.count(101)
        self.lock = threading.Lock()

    def bug(self, name: str) -> bool:
        return name in self.bugs

    def next_id(self) -> int:
        with self.lock:
            return next(self.ids)

    def tenant(self, request: Request) -> str | None:
        return TENANTS.get(request.headers.get("x-api-key", ""))

    def invalid(self, request: Request, title: str, param: str | None = None) -> Response:
        media = "application/json" if self.bug("wrong-content-type") and "/tasks" in request.url.path else PROBLEM_JSON
        return problem(400, title, param, media=media)

    async def body(self, request: Request, media: str, schema: str) -> tuple[Any, Response | None]:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != media:
            return None, problem(415, f"the body must be {media}")
        try:
            data = json.loads(await request.body())
        except ValueError:
            return None, self.invalid(request, "the body is not JSON")
        errors = sorted(_VALIDATORS[schema].iter_errors(data), key=lambda e: list(e.path))
        if errors:
            where = ".".join(str(p) for p in errors[0].absolute_path) or "body"
            return None, self.invalid(request, errors[0].message[:120], where)
        return data, None

    def org(self, request: Request, tenant: str | None, *, any_tenant: bool = False) -> tuple[Any, Response | None]:
        org_id = request.path_params["orgId"].lower()
        if not _UUID.fullmatch(org_id):
            return None, self.invalid(request, "orgId must be a UUID", "orgId")
        org = self.orgs.get(org_id)
        if org is None or (org["tenant"] != tenant and not any_tenant):
            return None, problem(404, "no such org", detail=f"no org {org_id}")
        return org, None

    def project(self, request: Request, tenant: str | None, *, any_tenant: bool = False) -> tuple[Any, Response | None]:
        org, refused = self.org(request, tenant, any_tenant=any_tenant)
        if refused is not None:
            return None, refused
        number = _int(request.path_params["projectId"])
        if number is None:
            return None, self.invalid(request, "projectId must be a positive integer", "projectId")
        project = self.projects.get(number)
        gone = number in self.deleted_projects and not (
            self.bug("served-after-delete") and "/tasks" not in request.url.path and request.method == "GET"
        )
        if project is None or project["org_id"] != org["id"] or gone:
            return None, problem(404, "no such project")
        return project, None

    def task(self, request: Request, tenant: str | None) -> tuple[Any, Response | None]:
        lax = self.bug("cross-tenant") and request.method == "GET"
        project, refused = self.project(request, tenant, any_tenant=lax)
        if refused is not None:
            return None, refused
        number = _int(request.path_params["taskId"])
        if number is None:
            return None, self.invalid(request, "taskId must be a positive integer", "taskId")
        task = self.tasks.get(number)
        if task is None or task["project_id"] != project["id"]:
            return None, problem(404, "no such task")
        return task, None

    def shown_project(self, project: dict[str, Any]) -> dict[str, Any]:
        shown = {k: v for k, v in project.items() if k != "explicit_settings"}
        if self.bug("missing-required") and not project["explicit_settings"]:
            del shown["settings"]
        return shown

    def shown_task(self, task: dict[str, Any]) -> dict[str, Any]:
        shown = json.loads(json.dumps(task))
        if self.bug("null-nonnullable") and shown["meta"]["revision"] == 1:
            shown["meta"]["updated_at"] = None
        return shown

    def task_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        kept = _strip(data, SPEC["components"]["schemas"]["Task"], _resolve)
        assignee = data.get("assignee")
        if isinstance(assignee, dict):
            name = f"user {assignee['user_id']}"
            if self.bug("readonly-applied") and isinstance(assignee.get("display_name"), str):
                name = assignee["display_name"]
            kept["assignee"] = {"user_id": assignee["user_id"], "display_name": name}
        return dict(kept)

    def crash(self, data: dict[str, Any]) -> Response | None:
        estimate = data.get("estimate") or {}
        if self.bug("points-5xx") and estimate.get("points") == 100:
            return problem(500, "Internal Server Error")
        if self.bug("leap-day-5xx") and str(data.get("due_on", "")).endswith("-02-29"):
            return problem(500, "Internal Server Error")
        return None


def _int(text: str) -> int | None:
    if not text.isascii() or not text.isdigit() or text != str(int(text)) or int(text) < 1:
        return None
    return int(text)


def _query(request: Request, allowed: set[str]) -> Response | None:
    unknown = set(request.query_params) - allowed
    if unknown:
        return problem(400, "unknown parameter", sorted(unknown)[0])
    return None


def _page(
    request: Request, rows: list[dict[str, Any]], size: int, token: str | None, state: Tracker
) -> tuple[Response | None, list[dict[str, Any]], str | None]:
    start = 0
    if token is not None:
        if not (token.startswith("pt_") and token[3:].isascii() and token[3:].isdigit()):
            return state.invalid(request, "this page token was not issued by this server", "page_token"), [], None
        start = int(token[3:])
    page = rows[start : start + size]
    link = None
    if start + size < len(rows):
        query = urlencode([*((k, v) for k, v in request.query_params.multi_items() if k != "page_token"),
                           ("page_token", f"pt_{start + size}")])  # fmt: skip
        link = f'<{request.url.path}?{query}>; rel="next"'
    return None, page, link


def build(bugs: frozenset[str] = frozenset()) -> Starlette:
    state = Tracker(frozenset(bugs))

    async def create_org(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        data, refused = await state.body(request, "application/json", "Org")
        if refused is not None:
            return refused
        number = state.next_id()
        org_id = f"0000{number:04d}-0000-4000-8000-{number:012d}"
        org = {"id": org_id, "name": data["name"], "plan": data["plan"], "created_on": "2026-01-01"}
        state.orgs[org_id] = {**org, "tenant": tenant}
        return JSONResponse(org, 201, headers={"Location": f"/orgs/{org_id}"})

    async def get_org(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        org, refused = state.org(request, tenant)
        if refused is not None:
            return refused
        return JSONResponse({k: v for k, v in org.items() if k != "tenant"})

    async def list_projects(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None and not state.bug("unauthenticated"):
            return problem(401, "an X-Api-Key is required")
        org, refused = state.org(request, tenant, any_tenant=tenant is None)
        if refused is not None:
            return refused
        refused = _query(request, {"page_size", "page_token"})
        if refused is not None:
            return refused
        raw = request.query_params.get("page_size")
        size = _int(raw) if raw is not None else 20
        if size is None or size > 50:
            return problem(400, "page_size must be an integer from 1 to 50", "page_size")
        rows = [state.shown_project(p) for i, p in state.projects.items()
                if p["org_id"] == org["id"] and i not in state.deleted_projects]  # fmt: skip
        refused, page, link = _page(request, rows, size, request.query_params.get("page_token"), state)
        if refused is not None:
            return refused
        return JSONResponse(page, headers={"Link": link} if link else {})

    async def create_project(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        org, refused = state.org(request, tenant)
        if refused is not None:
            return refused
        data, refused = await state.body(request, "application/json", "ProjectNew")
        if refused is not None:
            return refused
        if state.bug("undocumented-status") and any(
            p["org_id"] == org["id"] and p["name"] == data["name"] for p in state.projects.values()
        ):
            return problem(409, "a project of this name exists")
        number = state.next_id()
        state.projects[number] = {
            "id": number,
            "org_id": org["id"],
            "name": data["name"],
            "visibility": data["visibility"],
            "settings": {**_DEFAULT_SETTINGS, **data.get("settings", {})},
            "explicit_settings": "settings" in data,
            "labels": sorted(data.get("labels", [])),
            "created_at": _NOW,
            **{k: data[k] for k in ("description", "start_on") if k in data},
        }
        return Response(status_code=201, headers={"Location": f"/orgs/{org['id']}/projects/{number}"})

    async def get_project(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        project, refused = state.project(request, tenant)
        return refused or JSONResponse(state.shown_project(project))

    async def patch_project(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        project, refused = state.project(request, tenant)
        if refused is not None:
            return refused
        data, refused = await state.body(request, "application/merge-patch+json", "ProjectPatch")
        if refused is not None:
            return refused
        explicit = project["explicit_settings"] or "settings" in data
        if state.bug("patch-lost"):
            data = {k: v for k, v in data.items() if not isinstance(v, dict)}
        changed = merge_patch(project, data)
        if "labels" in data:
            changed["labels"] = sorted(changed["labels"])
        changed["explicit_settings"] = explicit
        state.projects[project["id"]] = changed
        return JSONResponse(state.shown_project(changed))

    async def delete_project(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        project, refused = state.project(request, tenant)
        if refused is not None:
            return refused
        state.deleted_projects.add(project["id"])
        return Response(status_code=204)

    async def list_tasks(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        project, refused = state.project(request, tenant)
        if refused is not None:
            return refused
        refused = _query(request, {"page_size", "page_token", "status", "due_before"})
        if refused is not None:
            return refused
        raw = request.query_params.get("page_size")
        size = _int(raw) if raw is not None else 20
        if size is None or (size > 100 and not state.bug("limit-unenforced")):
            return state.invalid(request, "page_size must be an integer from 1 to 100", "page_size")
        wanted = request.query_params.getlist("status")
        if len(wanted) > 3 or any(s not in ("todo", "doing", "done") for s in wanted):
            return state.invalid(request, "status must be todo, doing or done", "status")
        before = request.query_params.get("due_before")
        if before is not None and not _is_date(before):
            return state.invalid(request, "due_before must be a date", "due_before")
        rows = [
            state.shown_task(t)
            for t in state.tasks.values()
            if t["project_id"] == project["id"]
            and (not wanted or t["status"] in wanted)
            and (before is None or ("due_on" in t and t["due_on"] < before))
        ]
        refused, page, link = _page(request, rows, size, request.query_params.get("page_token"), state)
        if refused is not None:
            return refused
        return JSONResponse(page, headers={"Link": link} if link else {})

    async def create_task(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        project, refused = state.project(request, tenant)
        if refused is not None:
            return refused
        data, refused = await state.body(request, "application/json", "Task")
        if refused is not None:
            return refused
        crashed = state.crash(data)
        if crashed is not None:
            return crashed
        number = state.next_id()
        task = {**state.task_fields(data), "id": number, "project_id": project["id"]}
        task["meta"] = {"created_at": _NOW, "updated_at": _NOW, "revision": 1}
        state.tasks[number] = task
        where = f"{request.url.path}/{number}"
        return JSONResponse(
            state.shown_task(task), 201, headers={} if state.bug("missing-header") else {"Location": where}
        )

    async def get_task(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        task, refused = state.task(request, tenant)
        return refused or JSONResponse(state.shown_task(task))

    async def replace_task(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        task, refused = state.task(request, tenant)
        if refused is not None:
            return refused
        data, refused = await state.body(request, "application/json", "Task")
        if refused is not None:
            return refused
        if state.bug("offset-refused") and "remind_at" in data and not data["remind_at"].upper().endswith("Z"):
            return state.invalid(request, "remind_at must be a valid date-time", "remind_at")
        crashed = state.crash(data)
        if crashed is not None:
            return crashed
        meta = {**task["meta"], "updated_at": _LATER, "revision": task["meta"]["revision"] + 1}
        replaced = {**state.task_fields(data), "id": task["id"], "project_id": task["project_id"], "meta": meta}
        state.tasks[task["id"]] = replaced
        return JSONResponse(state.shown_task(replaced))

    async def delete_task(request: Request) -> Response:
        tenant = state.tenant(request)
        if tenant is None:
            return problem(401, "an X-Api-Key is required")
        task, refused = state.task(request, tenant)
        if refused is not None:
            return refused
        del state.tasks[task["id"]]
        return Response(status_code=204)

    return Starlette(
        routes=routes(
            {
                "/orgs": {"POST": create_org},
                _ORG: {"GET": get_org},
                _PROJECTS: {"GET": list_projects, "POST": create_project},
                _PROJECT: {"GET": get_project, "PATCH": patch_project, "DELETE": delete_project},
                _TASKS: {"GET": list_tasks, "POST": create_task},
                _TASK: {"GET": get_task, "PUT": replace_task, "DELETE": delete_task},
            }
        )
    )


def _is_date(text: str) -> bool:
    if not _DAY.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


@contextmanager
def serve(bugs: frozenset[str] | set[str] = frozenset()) -> Iterator[str]:
    """The app on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    with serve_app(build(frozenset(bugs))) as url:
        yield url


if __name__ == "__main__":  # pragma: no cover - the benchmark's server process
    serve_process(build, BUGS)


__all__ = ["BUGS", "KEY", "OTHER_KEY", "SPEC", "WHERE", "build", "merge_patch", "serve"]
