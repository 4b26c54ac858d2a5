"""The catalogue of faults: each breaks the contract in one known way.

Faults test the testers: a property test run against a mock started with a fault must
report the violation named by ``check`` (the property-test check id). Faults are data;
the app asks ``active(name)`` at the one place each fault acts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    description: str
    check: str  # the property-test check that must catch it


FAULTS: tuple[Fault, ...] = (
    Fault(
        "drop-required-field",
        "Drops the first required property from every JSON object a success response sends.",
        "response-schema",
    ),
    Fault(
        "undocumented-status",
        "Answers successful requests with status 299, which no operation documents.",
        "status-documented",
    ),
    Fault(
        "wrong-content-type",
        "Labels JSON success bodies text/plain instead of the documented media type.",
        "content-type-documented",
    ),
    Fault(
        "500-on-edge-case",
        "Answers 500 when a JSON body holds an empty string or a query integer sits at its documented maximum.",
        "no-5xx",
    ),
    Fault(
        "accept-invalid-body",
        "Skips request body and parameter validation: invalid requests get a success.",
        "invalid-request-rejected",
    ),
    Fault(
        "ignore-auth",
        "Serves one secured operation (GET /api/v1/credits, else the first secured GET) without checking the API key.",
        "auth-enforced",
    ),
    Fault(
        "stream-out-of-order",
        "Sends message.completed before the message.delta events on the chat stream.",
        "stream-order",
    ),
    Fault(
        "bad-webhook-signature",
        "Signs webhook deliveries with a secret that is not the endpoint's.",
        "webhook-signature",
    ),
    Fault(
        "terminal-state-flip",
        "A succeeded generation reports status failed on a later poll.",
        "terminal-state-stable",
    ),
)

BY_NAME = {fault.name: fault for fault in FAULTS}


def unknown(names: Iterable[str]) -> list[str]:
    """The names in ``names`` that are not faults (for a clear usage error)."""
    return sorted(name for name in names if name not in BY_NAME)
