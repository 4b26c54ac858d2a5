"""What the planted-bug apps share: serving a Starlette app on 127.0.0.1 (a free port),
in a thread for the tests or as a process for the benchmark; RFC 7807 answers; the
request view of a contract (read-only fields not required) for the apps' own
validation; and the bug switchboard each app keeps."""

from __future__ import annotations

import copy
import socket
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

PROBLEM_JSON = "application/problem+json"


def _socket() -> socket.socket:
    sock = socket.socket()
    # Accepted sockets inherit it: no Nagle wait between the head and the body of an answer.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def _config(app: Starlette) -> uvicorn.Config:
    return uvicorn.Config(app, log_level="critical", access_log=False, lifespan="off")


@contextmanager
def serve_app(app: Starlette) -> Iterator[str]:
    """``app`` on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    sock = _socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(_config(app))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


def serve_process(build: Callable[[frozenset[str]], Starlette], bugs: dict[str, str]) -> None:  # pragma: no cover
    """The benchmark's server process: ``python -m tests.proptest.APP [BUG...] [--all]``
    prints its URL, then serves until terminated."""
    wanted = frozenset(a for a in sys.argv[1:] if a != "--all") | (
        frozenset(bugs) if "--all" in sys.argv else frozenset()
    )
    sock = _socket()
    print(f"http://127.0.0.1:{sock.getsockname()[1]}", flush=True)
    uvicorn.Server(_config(build(wanted))).run(sockets=[sock])


def routes(table: dict[str, dict[str, Callable[[Request], Awaitable[Response]]]]) -> list[Route]:
    """One route per path that dispatches on the method, so that a method the path does
    not serve gets a 405 whose ``Allow`` lists every method it does."""
    found = []
    for path, handlers in table.items():

        async def endpoint(request: Request, handlers: Any = handlers) -> Response:
            return await handlers.get(request.method, handlers.get("GET"))(request)

        found.append(Route(path, endpoint, methods=list(handlers)))
    return found


def check_bugs(bugs: frozenset[str], known: dict[str, str]) -> frozenset[str]:
    unknown = bugs - set(known)
    if unknown:
        raise ValueError(f"unknown bugs: {sorted(unknown)}")
    return bugs


def problem_schema() -> dict[str, Any]:
    """The schema of what ``problem`` answers (RFC 7807 with ``invalid-params``), a fresh
    copy for each app's contract (the contracts are data tests may change)."""
    return {
        "type": "object",
        "required": ["type", "title", "status"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "invalid-params": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
    }


def problem(
    status: int, title: str, param: str | None = None, detail: str | None = None, *, media: str = PROBLEM_JSON
) -> Response:
    """An RFC 7807 answer; ``param`` names the input it blames (``invalid-params``)."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail is not None:
        body["detail"] = detail
    if param is not None:
        body["invalid-params"] = [{"name": param, "reason": title}]
    return JSONResponse(body, status, media_type=media)


def request_view(tree: Any) -> Any:
    """A copy of ``tree`` where no read-only property is required (a request's view of
    the schemas, as OpenAPI says: read-only fields are answers only)."""
    tree = copy.deepcopy(tree)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and isinstance(node.get("required"), list):
                node["required"] = [
                    n for n in node["required"] if not (isinstance(props.get(n), dict) and props[n].get("readOnly"))
                ]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    return tree


def strip_read_only(value: Any, schema: Any, resolve: Callable[[Any], Any]) -> Any:
    """``value`` without the read-only members its schema declares, at any depth."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return value
    for key in ("oneOf", "anyOf", "allOf"):
        for branch in schema.get(key) or []:
            value = strip_read_only(value, branch, resolve)
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        kept = {}
        for name, member in value.items():
            sub = resolve(props.get(name))
            if isinstance(sub, dict) and sub.get("readOnly"):
                continue
            kept[name] = strip_read_only(member, sub, resolve) if sub is not None else member
        return kept
    if isinstance(value, list) and "items" in schema:
        return [strip_read_only(v, schema["items"], resolve) for v in value]
    return value


__all__ = [
    "PROBLEM_JSON",
    "check_bugs",
    "problem",
    "request_view",
    "routes",
    "serve_app",
    "serve_process",
    "strip_read_only",
]
