"""What the source documents say about Rivya API v1, as data the rules read.

Source: ../shared/RIVYA.md (the changelog of 2026-05-11 and the contract page).
"""

from __future__ import annotations

from rivya_contract.rivya.detect import detect

__all__ = ["detect"]

# The endpoint surface the changelog lists, plus the two the contract page documents
# and the changelog's list omits (GET /files/{fileId}, POST /chat/completions/stream).
DOCUMENTED_SURFACE: tuple[str, ...] = (
    "GET /api/v1/models",
    "POST /api/v1/generations",
    "POST /api/v1/files",
    "POST /api/v1/chat/completions",
    "GET /api/v1/chat/sessions",
    "GET /api/v1/chat/sessions/{sessionId}",
    "GET /api/v1/generations/{taskId}",
    "GET /api/v1/credits",
    "GET /api/v1/webhooks",
    "POST /api/v1/webhooks",
    "GET /api/v1/webhooks/{endpointId}",
    "PATCH /api/v1/webhooks/{endpointId}",
    "DELETE /api/v1/webhooks/{endpointId}",
    "POST /api/v1/webhooks/{endpointId}/rotate-secret",
    "GET /api/v1/webhook-events",
    "GET /api/v1/webhooks/{endpointId}/deliveries",
    "POST /api/v1/webhooks/{endpointId}/test",
    "GET /api/v1/openapi.json",
    "GET /api/v1/files/{fileId}",
    "POST /api/v1/chat/completions/stream",
)

# The public contract route reads no account data and needs no key.
PUBLIC_OPERATIONS = frozenset({"GET /api/v1/openapi.json"})

# POSTs that create something: they take an Idempotency-Key.
CREATING_POSTS = frozenset(
    {
        "POST /api/v1/generations",
        "POST /api/v1/files",
        "POST /api/v1/chat/completions",
        "POST /api/v1/chat/completions/stream",
        "POST /api/v1/webhooks",
    }
)

GENERATIONS_CREATE = "POST /api/v1/generations"
CHAT_REQUESTS = ("POST /api/v1/chat/completions", "POST /api/v1/chat/completions/stream")
CHAT_STREAM = "POST /api/v1/chat/completions/stream"

# Field names the source documents spell in camelCase; every other field is snake_case.
DOCUMENTED_CAMEL_CASE = frozenset({"referenceMediaItems", "mimeType", "durationSeconds", "durationToken"})

# Internal task-storage fields: never part of the public contract.
INTERNAL_FIELDS = frozenset(
    {
        "user_id",
        "owner_id",
        "account_id",
        "org_id",
        "worker_id",
        "provider",
        "provider_id",
        "provider_job_id",
        "provider_task_id",
        "provider_cost",
        "storage_key",
        "storage_path",
        "bucket",
        "queue",
        "queue_name",
        "queue_position",
        "retry_count",
        "attempts_internal",
        "cost_usd",
        "raw_request",
        "raw_response",
        "task_row_id",
        "db_id",
    }
)
INTERNAL_PREFIXES = ("internal_", "_")

CATALOG_SCHEMA = "GenerationRequest"
CATALOG_VARIANT_PREFIX = "GenerationRequest."
CATALOG_PARAMS_PREFIX = "ModelParams."
MODEL_KINDS = ("image", "video", "audio")
MODEL_STATUSES = ("available", "gated", "deprecated")
ERROR_CODE_SCHEMA = "ErrorCode"
ERROR_SCHEMA = "PublicApiError"
RATE_LIMIT_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
STREAM_EVENTS = (
    "session.created",
    "message.delta",
    "message.completed",
    "usage.completed",
    "heartbeat",
    "error",
    "done",
)
