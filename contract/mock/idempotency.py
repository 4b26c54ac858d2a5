"""Idempotency-Key: the same key with the same route and body replays the first success
(with ``Idempotent-Replayed: true``); the same key with another request is a conflict.

Keys are kept 24 hours per account (by the injectable clock). Only successes are kept,
so a request that failed (say, 402) can be retried with the same key once fixed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from rivya_contract.mock.incoming import Incoming, Upload
from rivya_contract.mock.operations import OperationInfo
from rivya_contract.mock.replies import ApiError, Reply

HEADER = "Idempotency-Key"
TTL = 24 * 3600


@dataclass
class _Kept:
    fingerprint: str
    at: float
    status: int
    body: Any
    headers: dict[str, str]
    media_type: str
    raw: bytes | None


class IdempotencyStore:
    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self._kept: dict[tuple[str, str], _Kept] = {}  # (account, Idempotency-Key) -> first answer

    @staticmethod
    def _applies(info: OperationInfo) -> bool:
        return any(p.where == "header" and p.name.lower() == HEADER.lower() for p in info.params)

    @staticmethod
    def fingerprint(request: Request, info: OperationInfo, data: Incoming) -> str:
        body = data.body
        if isinstance(body, dict) and any(isinstance(v, Upload) for v in body.values()):
            # Multipart boundaries differ between retries: compare the parts, not bytes.
            body = {
                k: ("file", v.filename, v.content_type, hashlib.sha256(v.data).hexdigest())
                if isinstance(v, Upload)
                else v
                for k, v in sorted(body.items())
            }
        if isinstance(body, bytes):
            body = hashlib.sha256(body).hexdigest()
        text = json.dumps([info.key, request.url.path, body], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()

    def lookup(self, account: str, request: Request, info: OperationInfo, data: Incoming) -> Reply | None:
        """The first answer to this account's Idempotency-Key (keys of other accounts are
        theirs), or None; a different request with the key is the documented conflict."""
        key = request.headers.get(HEADER)
        if not key or not self._applies(info):
            return None
        kept = self._kept.get((account, key))
        if kept is None or self.clock() - kept.at > TTL:
            return None
        if kept.fingerprint != self.fingerprint(request, info, data):
            raise ApiError(
                409,
                "idempotency_conflict",
                f"The Idempotency-Key {key!r} was already used with a different request.",
            )
        headers = {**kept.headers, "Idempotent-Replayed": "true"}
        if kept.media_type == "text/event-stream":
            return Reply(kept.status, raw=kept.raw, media_type=kept.media_type, headers=headers)
        return Reply(kept.status, kept.body, headers, kept.media_type, raw=kept.raw)

    def remember(self, account: str, request: Request, info: OperationInfo, data: Incoming, reply: Reply) -> None:
        key = request.headers.get(HEADER)
        if not key or not self._applies(info) or not 200 <= reply.status < 300:
            return
        raw = reply.raw
        self._kept[(account, key)] = _Kept(
            self.fingerprint(request, info, data),
            self.clock(),
            reply.status,
            reply.body,
            dict(reply.headers),
            reply.media_type,
            raw if reply.stream is not None or reply.body is None else None,
        )
