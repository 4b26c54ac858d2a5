"""The mock's memory: one account with its credits, generations, files, chat sessions,
webhook endpoints, events, deliveries and idempotency records.

Everything here is plain data and the rules that change it; HTTP lives in ``rivya.py``.
Ids and generated values come from one seeded random generator, times from the
injectable clock, so the same seed and the same requests give the same answers.
"""

from __future__ import annotations

import base64
import functools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TERMINAL = ("succeeded", "failed")

# Prompt markers that make a generation fail, and the GenerationError code they give.
FAIL_TRIGGERS = {
    "[fail]": ("generation_failed", "The model could not produce an output."),
    "[timeout]": ("generation_timeout", "The task exceeded its time limit."),
    "[policy]": ("content_policy_violation", "Output moderation rejected the result."),
}


@functools.lru_cache(maxsize=64)
def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso(seconds: float) -> str:
    return _iso(int(seconds))


def money(value: float) -> float:
    """Credits rounded to 4 decimals; whole numbers stay ints in JSON."""
    rounded = round(value, 4)
    return int(rounded) if rounded == int(rounded) else rounded


class Ids:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._order = self.rng.getrandbits(40)  # where this mock's creation counter starts

    def new(self, prefix: str) -> str:
        """``prefix`` + 26 Crockford base32 characters (128 bits, as a ULID): a creation
        counter in the top 40 bits, then 88 random bits. So IDs sort in the order they
        were made, and a list ordered by (timestamp, id) is newest first even within one
        second, which keyset cursors rely on."""
        bits = (self._order << 88) | self.rng.getrandbits(88)
        self._order += 1
        return prefix + "".join(_CROCKFORD[(bits >> shift) & 31] for shift in range(125, -1, -5))

    def hex(self, length: int) -> str:
        return f"{self.rng.getrandbits(4 * length):0{length}x}" if length else ""


@dataclass
class Generation:
    id: str
    model: str
    kind: str
    prompt: str | None
    params: dict[str, Any]
    client_request_id: str | None
    reserved: float
    created: float
    status: str = "queued"
    updated: float = 0.0
    polls: int = 0
    final: float | None = None
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    flipped: bool = False

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "model": self.model,
            "client_request_id": self.client_request_id,
            "reserved_credits": money(self.reserved),
            "final_credits": None if self.final is None else money(self.final),
            "created_at": iso(self.created),
            "updated_at": iso(self.updated or self.created),
            "result": self.result,
            "error": self.error,
        }


@dataclass
class StoredFile:
    public: dict[str, Any]
    data_size: int
    expires: float  # clock seconds; after this its URL can no longer be referenced
    urls: set[str] = field(default_factory=set)  # every signed URL issued for it

    def expired(self, now: float) -> bool:
        return now >= self.expires


@dataclass
class Session:
    id: str
    model: str
    created: float
    updated: float
    title: str | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    usage: dict[str, int] = field(
        default_factory=lambda: {
            "input_tokens": 0,
            "output_tokens": 0,
            "reasoning_tokens": 0,
            "total_tokens": 0,
        }
    )

    def public(self, with_messages: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "model": self.model,
            "message_count": len(self.messages),
            "usage": dict(self.usage),
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
        }
        if with_messages:
            body["messages"] = list(self.messages)
        return body


@dataclass
class Endpoint:
    id: str
    url: str
    description: str | None
    events: list[str]
    status: str
    secret: str
    created: float
    updated: float
    previous_secret: str | None = None
    previous_expires: float | None = None

    def secrets(self, now: float) -> list[str]:
        """The secrets that sign a delivery now: the current one first."""
        if self.previous_secret and self.previous_expires and now < self.previous_expires:
            return [self.secret, self.previous_secret]
        return [self.secret]

    def public(self, now: float, with_secret: bool = False) -> dict[str, Any]:
        in_grace = bool(self.previous_expires and now < self.previous_expires)
        body: dict[str, Any] = {
            "id": self.id,
            "url": self.url,
            "description": self.description,
            "enabled_events": list(self.events),
            "status": self.status,
            "secret_hint": f"{self.secret[:6]}…{self.secret[-4:]}",
            "previous_secret_expires_at": iso(self.previous_expires or 0) if in_grace else None,
            "created_at": iso(self.created),
            "updated_at": iso(self.updated),
        }
        if with_secret:
            body["secret"] = self.secret
        return body


class Account:
    """Credits of the one account every key of the mock belongs to."""

    def __init__(self, credits: float, clock: Callable[[], float]) -> None:
        self.available = float(credits)
        self.reserved = 0.0
        self.clock = clock
        self.updated = clock()

    def can_reserve(self, amount: float) -> bool:
        return self.available >= amount

    def reserve(self, amount: float) -> None:
        self.available -= amount
        self.reserved += amount
        self.updated = self.clock()

    def settle(self, reserved: float, charged: float) -> None:
        """Release a reservation: ``charged`` is kept, the rest returns to the balance."""
        self.reserved = max(0.0, self.reserved - reserved)
        self.available += reserved - charged
        self.updated = self.clock()

    def public(self) -> dict[str, Any]:
        return {
            "available_credits": money(self.available),
            "reserved_credits": money(self.reserved),
            "updated_at": iso(self.updated),
        }


# The form the contract gives cursors (After's `pattern`): every string of this form is a
# position, so a schema-valid `after` always reads as a page.
CURSOR_PREFIX = "cur_"
_SEPARATOR = b"|"  # between the timestamp and the id of a position (neither holds it)


def _key(item: dict[str, Any], field: str) -> bytes:
    """An item's place in a newest-first list: its timestamp then its id, as bytes. The
    timestamps are fixed-width RFC 3339, so byte order is (timestamp, id) order."""
    return str(item.get(field) or "").encode() + _SEPARATOR + str(item["id"]).encode()


def encode_cursor(item: dict[str, Any], field: str = "created_at") -> str:
    """A keyset cursor: the position (timestamp, id) of the last item of a page, as
    ``cur_`` + base64url (no padding) of ``{timestamp}|{id}``."""
    return CURSOR_PREFIX + base64.urlsafe_b64encode(_key(item, field)).decode().rstrip("=")


def decode_cursor(cursor: str) -> bytes | None:
    """The position a cursor names; None for a string not of the cursor form. Any run of
    base64url characters is a position (a dangling last character, which holds no whole
    byte, is ignored), so a cursor never issued still names a place in the order."""
    text = cursor[len(CURSOR_PREFIX) :] if cursor.startswith(CURSOR_PREFIX) else None
    if not text or not text.isascii() or not all(c.isalnum() or c in "-_" for c in text):
        return None
    if len(text) % 4 == 1:
        text = text[:-1]
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def page(
    items: list[dict[str, Any]], limit: int, after: str | None, field: str = "created_at"
) -> dict[str, Any] | None:
    """A list envelope of ``items``, newest first by (``field``, id); None for a cursor not
    of the cursor form. A cursor names a position, not an object: the page starts after
    it, whether its item is still there, was deleted, or never existed (the contract's
    example, a cursor a client made up)."""
    ordered = sorted(items, key=lambda item: _key(item, field), reverse=True)
    start = 0
    if after is not None:
        position = decode_cursor(after)
        if position is None:
            return None
        start = next((i for i, item in enumerate(ordered) if _key(item, field) < position), len(ordered))
    chunk = ordered[start : start + limit]
    more = start + limit < len(ordered)
    return {
        "object": "list",
        "data": chunk,
        "has_more": more,
        "next_cursor": encode_cursor(chunk[-1], field) if more and chunk else None,
    }
