"""Server-Sent Events for a chat turn, in the documented order.

Order: ``session.created`` (new sessions only), ``message.delta`` (one or more),
``message.completed``, ``usage.completed``, ``done``; a ``heartbeat`` goes out before the
first delta (the model "thinks"), and the deltas concatenate to the completed content.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

DELTA_WORDS = 3  # words per message.delta chunk


def frame(event: str, data: Any) -> bytes:
    """One SSE event: ``event: <name>\\ndata: <compact json>\\n\\n``."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event}\ndata: {payload}\n\n".encode()


def chunks(text: str) -> list[str]:
    """Split ``text`` into delta chunks whose concatenation is exactly ``text``."""
    words = text.split(" ")
    parts = [" ".join(words[i : i + DELTA_WORDS]) for i in range(0, len(words), DELTA_WORDS)]
    return [part if i == len(parts) - 1 else part + " " for i, part in enumerate(parts)]


def turn_events(
    *,
    new_session: dict[str, Any] | None,
    message: dict[str, Any],
    usage: dict[str, Any],
    credits: dict[str, Any],
    out_of_order: bool = False,
) -> list[tuple[str, Any]]:
    """The recorded events of one turn, without heartbeats (those are live-only)."""
    session_id, message_id = message["session_id"], message["id"]
    events: list[tuple[str, Any]] = []
    if new_session is not None:
        events.append(("session.created", new_session))
    deltas = [
        ("message.delta", {"session_id": session_id, "message_id": message_id, "index": i, "delta": d})
        for i, d in enumerate(chunks(message["content"]))
    ]
    completed = ("message.completed", message)
    events += [completed, *deltas] if out_of_order else [*deltas, completed]
    events.append(
        (
            "usage.completed",
            {"session_id": session_id, "message_id": message_id, "usage": usage, "credits": credits},
        )
    )
    events.append(("done", {"session_id": session_id, "message_id": message_id}))
    return events


async def live(events: list[tuple[str, Any]], heartbeat_at: str, pause: float) -> AsyncIterator[bytes]:
    """Send ``events``, with one heartbeat before the first delta (after ``pause`` s)."""
    sent_heartbeat = False
    for name, data in events:
        if name == "message.delta" and not sent_heartbeat:
            if pause > 0:
                await asyncio.sleep(pause)
            yield frame("heartbeat", {"sent_at": heartbeat_at})
            sent_heartbeat = True
        yield frame(name, data)


async def replay(recorded: bytes) -> AsyncIterator[bytes]:
    yield recorded
