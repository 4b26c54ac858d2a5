"""Run the mock with uvicorn: in a background thread for tests and libraries, or in the
foreground for the command (uvicorn handles SIGINT/SIGTERM with a graceful shutdown)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn

from rivya_contract.document import Document
from rivya_contract.mock.app import MockApp
from rivya_contract.mock.options import MockOptions
from rivya_contract.mock.profiles import create_app

LOOPBACK = "127.0.0.1"
_START_TIMEOUT = 10.0


@dataclass
class RunningMock:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    host: str
    port: int
    app: MockApp
    demo_key: str

    @property
    def state(self) -> Any:
        return self.app.state


def _config(app: Any, host: str, port: int, sock: socket.socket | None = None) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
        ws="none",
    )


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit this: small answers are not held back by Nagle's algorithm.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


@contextmanager
def serve(
    doc: Document | None = None,
    options: MockOptions | None = None,
    *,
    host: str = LOOPBACK,
    port: int = 0,
    **option_values: Any,
) -> Iterator[RunningMock]:
    """Serve the mock in a background thread; ``port=0`` picks a free port.

    ``option_values`` are MockOptions fields (``seed=1, faults={"ignore-auth"}``).
    """
    if options is None:
        if "faults" in option_values:
            option_values["faults"] = frozenset(option_values["faults"])
        options = MockOptions(**option_values)
    app = create_app(doc, options)
    sock = _bind(host, port)
    bound_port = int(sock.getsockname()[1])
    server = uvicorn.Server(_config(app, host, bound_port))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), name="rivya-mock", daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the mock server did not start")
        time.sleep(0.005)
    url_host = f"[{host}]" if ":" in host else host
    try:
        yield RunningMock(f"http://{url_host}:{bound_port}", host, bound_port, app, app.demo_key)
    finally:
        server.should_exit = True
        thread.join(timeout=_START_TIMEOUT)
        sock.close()


def run_forever(app: MockApp, host: str, port: int, on_ready: Any = None) -> None:
    """Serve in the foreground until SIGINT/SIGTERM; ``on_ready(port)`` once listening."""
    sock = _bind(host, port)
    bound_port = int(sock.getsockname()[1])
    server = uvicorn.Server(_config(app, host, bound_port))

    # Stop on SIGINT/SIGTERM ourselves: uvicorn would re-raise the signal after its
    # graceful shutdown, and the command should then exit 0, not die of the signal.
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]

    def stop() -> None:
        server.should_exit = True

    async def main() -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop)
        task = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        if server.started and on_ready is not None:
            on_ready(bound_port)
        await task

    try:
        asyncio.run(main())
    finally:
        sock.close()
