"""A webhook receiver on 127.0.0.1 (http.server in a thread) that verifies Rivya
signatures itself, as an integrator would: HMAC-SHA256 over "{timestamp}.{raw_body}"."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    body: bytes
    signature: str
    timestamp: str

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)

    def verifies(self, secret: str) -> bool:
        payload = self.timestamp.encode() + b"." + self.body
        expected = hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()
        values = [part.strip().removeprefix("v1=") for part in self.signature.split(",")]
        return any(hmac.compare_digest(expected, value) for value in values)


@dataclass
class Receiver:
    url: str = ""
    statuses: list[int] = field(default_factory=list)  # answers in order; then 200
    received: list[Received] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.received) >= count, timeout)
        return list(self.received)


@contextmanager
def receiver(statuses: list[int] | None = None) -> Iterator[Receiver]:
    state = Receiver(statuses=list(statuses or []))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            item = Received(
                body,
                self.headers.get("Rivya-Webhook-Signature", ""),
                self.headers.get("Rivya-Webhook-Timestamp", ""),
            )
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            with state.arrived:
                state.received.append(item)
                state.arrived.notify_all()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
