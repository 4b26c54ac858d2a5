"""Signed webhook deliveries: sign, POST with httpx, retry with backoff, log each attempt.

The mock only ever connects to loopback hosts: an endpoint on any other host is recorded
as a failed attempt (``connection_error``) without touching the network.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from rivya_contract.mock.state import Endpoint, Ids, iso

SIGNATURE_HEADER = "Rivya-Webhook-Signature"
TIMESTAMP_HEADER = "Rivya-Webhook-Timestamp"
MAX_ATTEMPTS = 8  # WebhookDelivery.attempt is at most 8
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
WRONG_SECRET = "whsec_not_the_endpoint_secret"


def sign(secrets: list[str], timestamp: int, body: bytes) -> str:
    """``v1=<hex>`` per secret (current first), joined by ", " during a rotation."""
    payload = str(timestamp).encode() + b"." + body
    values = [hmac.new(s.encode(), payload, hashlib.sha256).hexdigest() for s in secrets]
    return ", ".join(f"v1={value}" for value in values)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in LOOPBACK_HOSTS


@dataclass
class Deliverer:
    ids: Ids
    clock: Callable[[], float]
    retry_delays: tuple[float, ...]
    timeout: float
    wrong_signature: bool = False
    log: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # endpoint -> attempts
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    def schedule(self, endpoint: Endpoint, event: dict[str, Any]) -> None:
        """Deliver ``event`` in the background, retrying failed attempts."""
        task = asyncio.get_running_loop().create_task(self._deliver_with_retries(endpoint, event))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver_with_retries(self, endpoint: Endpoint, event: dict[str, Any]) -> None:
        attempts = min(MAX_ATTEMPTS, 1 + len(self.retry_delays))
        for attempt in range(1, attempts + 1):
            if endpoint.status != "enabled" or endpoint.id not in self.log:
                return  # disabled or deleted: pending retries are dropped
            delay = self.retry_delays[attempt - 1] if attempt < attempts else None
            record = await self.attempt(endpoint, event, attempt, test=False, next_delay=delay)
            if record["success"] or delay is None:
                return
            await asyncio.sleep(delay)

    async def attempt(
        self,
        endpoint: Endpoint,
        event: dict[str, Any],
        attempt: int,
        *,
        test: bool,
        next_delay: float | None = None,
    ) -> dict[str, Any]:
        body = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(self.clock())
        secrets = [WRONG_SECRET] if self.wrong_signature else endpoint.secrets(self.clock())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "rivya-contract-mock",
            SIGNATURE_HEADER: sign(secrets, timestamp, body),
            TIMESTAMP_HEADER: str(timestamp),
        }
        status: int | None = None
        elapsed: int | None = None
        reason: str | None = None
        if not is_loopback(endpoint.url):
            reason = "connection_error"
        else:
            started = time.perf_counter()
            try:
                async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as client:
                    response = await client.post(endpoint.url, content=body, headers=headers)
                status = response.status_code
                elapsed = int((time.perf_counter() - started) * 1000)
                if 300 <= status < 400:
                    reason = "redirect"
                elif not 200 <= status < 300:
                    reason = "http_status"
            except httpx.TimeoutException:
                reason = "timeout"
            except httpx.ConnectError as exc:
                reason = "tls_error" if "ssl" in str(exc).lower() else "connection_error"
            except httpx.HTTPError:
                reason = "connection_error"
        success = reason is None
        retry_at = None
        if not success and not test and next_delay is not None:
            retry_at = iso(self.clock() + next_delay)
        record = {
            "id": self.ids.new("whd_"),
            "endpoint_id": endpoint.id,
            "event_id": event["id"],
            "event_type": event["type"],
            "attempt": attempt,
            "success": success,
            "status_code": status,
            "response_time_ms": elapsed,
            "failure_reason": reason,
            "next_retry_at": retry_at,
            "test": test,
            "created_at": iso(self.clock()),
        }
        self.log.setdefault(endpoint.id, []).insert(0, record)  # newest first
        return record

    async def drain(self) -> None:
        """Wait for every scheduled delivery (tests; shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
