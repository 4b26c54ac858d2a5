"""A bounded Server-Sent Events reader: it parses events as bytes arrive and gives up
after a time limit or a size limit, so a stream that never ends fails, never hangs."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    event: str
    data: str


class StreamLimit(Exception):
    """The stream ran past its time or size limit."""


def parse(chunks: Iterable[bytes], *, timeout: float = 10.0, max_bytes: int = 4_000_000) -> Iterator[Event]:
    """Yield events from ``chunks`` (an HTTP body iterator) until the stream closes."""
    deadline = time.monotonic() + timeout
    buffer = b""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > max_bytes:
            raise StreamLimit(f"more than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise StreamLimit(f"still open after {timeout:g} s")
        buffer += chunk.replace(b"\r\n", b"\n")
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            event = _event(block.decode("utf-8", "replace"))
            if event is not None:
                yield event
    if buffer.strip():
        event = _event(buffer.decode("utf-8", "replace"))
        if event is not None:
            yield event


def _event(block: str) -> Event | None:
    name = "message"
    data: list[str] = []
    for line in block.split("\n"):
        if not line or line.startswith(":"):
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    if not data and name == "message":
        return None
    return Event(name, "\n".join(data))
