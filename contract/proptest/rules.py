"""The property-test rules (data only, so the rule registry loads without hypothesis)."""

from __future__ import annotations

from rivya_contract.findings import Level
from rivya_contract.rules import Direction, Rule


def _rule(rule_id: str, description: str, message: str, direction: Direction = Direction.RESPONSE) -> Rule:
    return Rule(
        rule_id, Level.ERROR, description, message, "proptest", direction, mirror_reason="a live property, not a diff"
    )


RULES: list[Rule] = [
    _rule(
        "no-5xx",
        "The server never answers 5xx to a generated request.",
        "{operation} answered {status} (a server error) to a {kind} request",
    ),
    _rule(
        "status-documented",
        "Every status code the server sends is documented.",
        "{operation} answered {status}, which it does not document",
    ),
    _rule(
        "content-type-documented",
        "Every response media type is documented for its status.",
        "{operation} answered {status} as {content_type!r}; documented: {documented}",
    ),
    _rule(
        "response-schema",
        "Response bodies conform to their documented schema.",
        "{operation} {status} body does not match its schema: {error}",
    ),
    _rule(
        "response-headers",
        "Documented response headers are present and conform.",
        "{operation} {status} header {header}: {error}",
    ),
    _rule(
        "invalid-request-rejected",
        "A request that breaks the schema gets a documented 4xx with the error body.",
        "{operation} accepted an invalid request ({violation}): status {status}{detail}",
        Direction.REQUEST,
    ),
    _rule(
        "valid-request-accepted",
        "A request that matches the schema is not rejected as invalid.",
        "{operation} rejected a valid request with {status}: {detail}",
        Direction.REQUEST,
    ),
    _rule(
        "auth-enforced",
        "Declared security is enforced: no key 401, a key without the scope 403.",
        "{operation} answered {status} {case}; expected {expected}",
        Direction.REQUEST,
    ),
    _rule(
        "terminal-state-stable",
        "A generation's status only moves forward and a terminal status never changes.",
        "generation {id}: status went {before} -> {after}",
    ),
    _rule(
        "generation-lifecycle",
        "result only on success, error only on failure, final_credits settled at the end.",
        "generation {id} ({status}): {problem}",
    ),
    _rule(
        "idempotency",
        "Same Idempotency-Key and body replays; same key, other body is a documented conflict.",
        "{operation}: {problem}",
        Direction.REQUEST,
    ),
    _rule("file-reference", "An uploaded file can be used in params.referenceMediaItems.", "{problem}"),
    _rule(
        "account-isolation",
        "Another account's key cannot read, change or delete what this account created (Rivya: nor use its files).",
        "{problem}",
    ),
    _rule(
        "resource-lifecycle",
        "A created object can be read back, a change to it is read back, a deleted one is 404 or 410.",
        "{problem}",
    ),
    _rule(
        "read-only-ignored",
        "A read-only field sent on a write is refused or ignored, never applied.",
        "{problem}",
        Direction.REQUEST,
    ),
    _rule(
        "stream-order",
        "The chat stream's events come in the documented order, conform, and deltas add up.",
        "chat stream: {problem}",
    ),
    _rule(
        "webhook-signature",
        "Webhook deliveries carry a valid signature and a fresh timestamp.",
        "webhook delivery: {problem}",
    ),
    _rule(
        "example-conforms",
        "Every example in the contract validates against its schema.",
        "example at {where} does not match its schema: {error}",
        Direction.NONE,
    ),
    _rule(
        "model-accepts-valid",
        "The generated model accepts every value its schema accepts.",
        "model {model} rejects a valid value {example}: {error}",
        Direction.NONE,
    ),
    _rule(
        "model-rejects-invalid",
        "The generated model rejects values that break its schema.",
        "model {model} accepts {example}, which breaks {violation}",
        Direction.NONE,
    ),
    _rule(
        "model-round-trip",
        "A model dump after a parse is the value again.",
        "model {model}: {example} dumps as {dumped}",
        Direction.NONE,
    ),
]
