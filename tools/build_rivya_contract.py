#!/usr/bin/env python3
"""Build the Rivya API v1 OpenAPI 3.1.0 contract (as of 2026-05-11).

The whole document is assembled here as a plain Python dict and written with
``contract.canonical.dumps`` to two byte-identical files:

* ``contract/bundled/openapi.json``          -- the bundled default contract (package data)
* ``snapshots/rivya/v1/2026-05-11.json``     -- the first accepted snapshot

Usage::

    cd /work/main && /work/venv/bin/python tools/build_rivya_contract.py          # write
    cd /work/main && /work/venv/bin/python tools/build_rivya_contract.py --check  # verify

``--check`` exits 1 when a file on disk differs from what would be written.

Layout of this script, top to bottom:

1. constants and the data tables (scopes, error codes, the model catalog),
2. small helpers for repeated shapes (refs, error responses, list envelopes,
   model parameters),
3. one function per part of the document (info, components, paths, webhooks),
4. ``build_document()`` and ``main()``.

The source of truth for the product is /work/shared/RIVYA.md; every decision that
document leaves open is written into the descriptions below and into docs/contract.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from rivya_contract import canonical  # noqa: E402

OUTPUT_FILES = [
    REPO_ROOT / "contract" / "bundled" / "openapi.json",
    REPO_ROOT / "snapshots" / "rivya" / "v1" / "2026-05-11.json",
]

CONTRACT_DATE = "2026-05-11"
SERVER_URL = "https://rivya.ai"
DOCS_URL = "https://rivya.ai/docs/api"
ERROR_DOC_URL = "https://rivya.ai/docs/api/errors"

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # 50 MB
MAX_JSON_BODY_BYTES = 1024 * 1024  # 1 MB
PROMPT_MAX_LENGTH = 4000
SEED_MAX = 2147483647
SIGNATURE_TOLERANCE_SECONDS = 300
WEBHOOK_MAX_ATTEMPTS = 8
WEBHOOK_RETRY_DELAYS = ["1 minute", "5 minutes", "30 minutes", "1 hour", "3 hours", "6 hours", "12 hours"]

MEDIA_KINDS = ["image", "video", "audio"]
MODEL_KINDS = ["image", "video", "audio", "chat"]
MODEL_STATUSES = ["available", "gated", "deprecated"]
GENERATION_STATUSES = ["queued", "running", "succeeded", "failed"]
TERMINAL_GENERATION_STATUSES = ["succeeded", "failed"]
WEBHOOK_EVENT_TYPES = ["generation.succeeded", "generation.failed", "webhook.test"]

ACCEPTED_UPLOAD_TYPES = {
    "image": ["image/png", "image/jpeg", "image/webp"],
    "video": ["video/mp4", "video/quicktime", "video/webm"],
    "audio": ["audio/mpeg", "audio/wav", "audio/x-wav", "audio/ogg", "audio/flac", "audio/mp4"],
}

# ---------------------------------------------------------------------------
# Scopes
# ---------------------------------------------------------------------------

SCOPES = [
    ("models:read", "Read the model catalog (`GET /api/v1/models`)."),
    ("generations:create", "Submit generation tasks (`POST /api/v1/generations`)."),
    ("generations:read", "Poll generation tasks (`GET /api/v1/generations/{taskId}`)."),
    ("files:write", "Upload reference media (`POST /api/v1/files`)."),
    ("files:read", "Read uploaded file metadata (`GET /api/v1/files/{fileId}`)."),
    ("chat:create", "Run chat turns (`POST /api/v1/chat/completions`, `POST /api/v1/chat/completions/stream`)."),
    (
        "chat:read",
        "Read API-created chat sessions (`GET /api/v1/chat/sessions`, `GET /api/v1/chat/sessions/{sessionId}`).",
    ),
    ("credits:read", "Read the credit balance (`GET /api/v1/credits`)."),
    (
        "webhooks:manage",
        "Create, read, update, delete, rotate and test webhook endpoints; list webhook events and deliveries.",
    ),
]

# ---------------------------------------------------------------------------
# Error codes: (code, HTTP status or None for task-only codes, meaning, example message, example param)
# ---------------------------------------------------------------------------

ERROR_CODES = [
    (
        "invalid_request",
        400,
        (
            "The request is malformed: the body is not valid JSON, is not a JSON object, or a query parameter cannot "
            "be parsed."
        ),
        "The request body is not valid JSON.",
        None,
    ),
    (
        "missing_parameter",
        400,
        "A required parameter is absent. `param` names it (dotted path).",
        "Missing required parameter: prompt.",
        "prompt",
    ),
    (
        "invalid_parameter",
        400,
        (
            "A parameter has the wrong type, is not one of the allowed values, or is out of bounds. `param` names it "
            "(dotted path such as `params.num_outputs`)."
        ),
        "params.num_outputs must be between 1 and 4.",
        "params.num_outputs",
    ),
    (
        "unknown_parameter",
        400,
        "The body has a field the schema does not define (request objects are closed). `param` names it.",
        "Unknown parameter: files. Reference media go in params.referenceMediaItems.",
        "files",
    ),
    (
        "unknown_model",
        400,
        (
            "`model` is not a public model ID in the current catalog (never existed or was removed). Read `GET "
            "/api/v1/models`."
        ),
        "Unknown model: rivya-image-9.",
        "model",
    ),
    (
        "missing_api_key",
        401,
        "No `Authorization: Bearer rvya_sk_...` header was sent.",
        "No API key provided. Send Authorization: Bearer rvya_sk_....",
        None,
    ),
    (
        "invalid_api_key",
        401,
        "The API key is malformed, unknown, revoked or expired.",
        "The API key is invalid or has been revoked.",
        None,
    ),
    (
        "insufficient_credits",
        402,
        "The available credit balance cannot cover the credits this request must reserve.",
        "This request needs 100 credits; 42.5 are available.",
        None,
    ),
    (
        "insufficient_scope",
        403,
        "The API key is valid but lacks the scope the operation requires; the message names the scope.",
        "This API key lacks the scope generations:create.",
        None,
    ),
    (
        "model_gated",
        403,
        "The model has status `gated` and this account is not enabled for it.",
        "Model rivya-video-2-preview is gated; request access from the dashboard.",
        "model",
    ),
    (
        "not_found",
        404,
        (
            "The resource does not exist or is not owned by this API account. Rivya never reveals whether another "
            "account owns an ID."
        ),
        "No generation gen_01JV2N3C8W4F6H8K0M2P4R6T8V was found for this account.",
        None,
    ),
    (
        "idempotency_conflict",
        409,
        "The `Idempotency-Key` was already used within 24 hours with a different request (route or body).",
        "Idempotency-Key campaign-42-hero-1 was already used with a different request body.",
        None,
    ),
    (
        "idempotency_in_progress",
        409,
        "A request with the same `Idempotency-Key` is still being processed. Retry after `Retry-After`.",
        "A request with Idempotency-Key campaign-42-hero-1 is still in progress.",
        None,
    ),
    ("request_too_large", 413, "A JSON request body exceeds 1 MB.", "The request body exceeds 1 MB.", None),
    (
        "file_too_large",
        413,
        "An uploaded file exceeds 50 MB (52,428,800 bytes).",
        "The uploaded file exceeds the 50 MB limit.",
        "file",
    ),
    (
        "unsupported_media_type",
        415,
        (
            "The request `Content-Type` is not accepted by the route, or the uploaded file's media type is not "
            "accepted for its `kind`."
        ),
        "Files of type image/gif are not accepted for kind image.",
        "file",
    ),
    (
        "invalid_file",
        422,
        (
            "The uploaded file cannot be decoded, is empty, exceeds the media limits (8192 px per side, 120 s of "
            "video, 600 s of audio) or does not match `kind`."
        ),
        "The uploaded file could not be decoded as an image.",
        "file",
    ),
    (
        "file_not_usable",
        422,
        (
            "A referenced file (a chat attachment `file_id` or a `params.referenceMediaItems[].url`) is expired, not "
            "owned by this account, of a kind the model does not accept, or its `durationToken` does not match."
        ),
        "Reference media item 0 has kind video; rivya-image-1 accepts image.",
        "params.referenceMediaItems[0]",
    ),
    (
        "content_policy_violation",
        422,
        (
            "The prompt, message or reference media violate the content policy. Also used as a `GenerationError.code` "
            "and a chat stream error code when output moderation rejects a result."
        ),
        "The prompt was rejected by the content policy.",
        "prompt",
    ),
    (
        "context_length_exceeded",
        422,
        "The chat session history plus the new message exceed the model's context window. Start a new session.",
        "This session has reached the context window of rivya-chat-mini; start a new session.",
        "message",
    ),
    (
        "rate_limited",
        429,
        "Too many requests for this API key in the current window. Wait `Retry-After` seconds.",
        "Rate limit exceeded: 60 requests per minute. Retry in 12 seconds.",
        None,
    ),
    (
        "concurrency_limit_exceeded",
        429,
        "The account already has the maximum number of queued or running generations (10 by default).",
        "This account already has 10 queued or running generations.",
        None,
    ),
    (
        "internal_error",
        500,
        (
            "An unexpected error on Rivya's side. Safe to retry with the same `Idempotency-Key`. Also used as a "
            "`GenerationError.code`."
        ),
        "An internal error occurred. Retry the request; contact support with the request_id if it persists.",
        None,
    ),
    (
        "service_unavailable",
        503,
        "The API is temporarily unavailable (maintenance or overload). Retry after `Retry-After`.",
        "The API is temporarily unavailable. Retry in 30 seconds.",
        None,
    ),
    (
        "model_unavailable",
        503,
        (
            "The model is temporarily not accepting new work (maintenance or capacity). Retry after `Retry-After` or "
            "choose another model."
        ),
        "Model rivya-video-1 is temporarily unavailable. Retry in 60 seconds.",
        "model",
    ),
    (
        "generation_failed",
        None,
        (
            "Task error only (`GenerationError.code`): the model could not produce an output. Reserved credits are "
            "refunded."
        ),
        "The model could not produce an output for this request.",
        None,
    ),
    (
        "generation_timeout",
        None,
        (
            "Task error only (`GenerationError.code`): the task exceeded its time limit (10 minutes for image, 60 "
            "minutes for video and audio). Reserved credits are refunded."
        ),
        "The generation did not finish within 60 minutes.",
        None,
    ),
]


# Shared error responses: component name -> (HTTP status, description lead)
ERROR_RESPONSES = {
    "BadRequest": (400, "The request is malformed or a parameter is missing, unknown or invalid."),
    "Unauthorized": (401, "The API key is missing, malformed, unknown, revoked or expired."),
    "PaymentRequired": (402, "The credit balance cannot cover the credits this request must reserve."),
    "Forbidden": (403, "The API key lacks the required scope, or the model is gated for this account."),
    "NotFound": (404, "The resource does not exist or is not owned by this API account."),
    "Conflict": (409, "The `Idempotency-Key` conflicts with an earlier or in-flight request."),
    "PayloadTooLarge": (413, "The request body or uploaded file is too large."),
    "UnsupportedMediaType": (415, "The request Content-Type or the uploaded file type is not accepted."),
    "UnprocessableEntity": (
        422,
        "The request is well-formed but cannot be processed (content policy, unusable file, context window).",
    ),
    "RateLimited": (429, "A rate limit or the generation concurrency limit was exceeded."),
    "InternalError": (500, "An unexpected error occurred on Rivya's side."),
    "ServiceUnavailable": (503, "The API or the requested model is temporarily unavailable."),
}

EXAMPLE_REQUEST_ID = "req_7f3a9c21d4e84b6f"

# ---------------------------------------------------------------------------
# Model catalog
#
# One table drives BOTH the per-model request schemas (GenerationRequest.<id>,
# ModelParams.<id>) AND the GET /api/v1/models example, so they cannot disagree.
# Parameter entries use the ModelParam field names (min_items, max_length, ...).
# ---------------------------------------------------------------------------


def param(name, type_, description, *, required=False, **constraints):
    """One model parameter, in ModelParam form (the shape GET /api/v1/models returns)."""
    entry = {"name": name, "type": type_, "required": required, "description": description}
    entry.update(constraints)
    return entry


def seed_param():
    return param(
        "seed",
        "integer",
        "Random seed. The same seed, prompt and parameters give a similar output. Omit for a random seed.",
        minimum=0,
        maximum=SEED_MAX,
    )


def num_outputs_param(maximum):
    return param(
        "num_outputs",
        "integer",
        f"Number of outputs to generate in this task (1-{maximum}). Credits are reserved per output.",
        default=1,
        minimum=1,
        maximum=maximum,
    )


def aspect_ratio_param(options, default):
    return param("aspect_ratio", "string", "Output aspect ratio, width:height.", default=default, enum=options)


def output_format_param(name, options, default):
    return param(name, "string", "File format of the output.", default=default, enum=options)


def negative_prompt_param():
    return param(
        "negative_prompt",
        "string",
        "Things the output should avoid, as free text.",
        max_length=2000,
    )


def reference_media_param(description, *, kinds, max_items, min_items=None, required=False):
    extra = {"min_items": min_items} if min_items is not None else {}
    return param(
        "referenceMediaItems",
        "array",
        description
        + " Each item is a ReferenceMediaItem built from a file uploaded with `POST /api/v1/files`. "
        + "Accepted kinds: "
        + ", ".join(kinds)
        + ".",
        required=required,
        **extra,
        max_items=max_items,
        item_schema="ReferenceMediaItem",
        accepted_kinds=kinds,
    )


LANGUAGES = ["auto", "en", "hi", "ko", "ja", "es", "fr", "de", "pt"]
IMAGE_ASPECT_RATIOS = ["1:1", "4:3", "3:4", "16:9", "9:16", "3:2", "2:3", "21:9"]

MODELS = [
    # ----- image -----
    {
        "id": "rivya-image-1",
        "name": "Rivya Image 1",
        "kind": "image",
        "status": "available",
        "description": (
            "Rivya's flagship text-to-image model: photorealistic and illustrated images up to 2048 px, with optional "
            "style references."
        ),
        "prompt_required": True,
        "credits": {"unit": "output", "amount": 4},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            aspect_ratio_param(IMAGE_ASPECT_RATIOS, "1:1"),
            num_outputs_param(4),
            seed_param(),
            negative_prompt_param(),
            param(
                "guidance_scale",
                "number",
                "How strictly the image follows the prompt. Higher is more literal, lower is more creative.",
                default=7.5,
                minimum=1,
                maximum=20,
            ),
            param(
                "style",
                "string",
                "Style preset applied on top of the prompt.",
                default="none",
                enum=["none", "photographic", "illustration", "anime", "3d_render", "watercolor", "line_art"],
            ),
            output_format_param("output_format", ["png", "jpeg", "webp"], "png"),
            reference_media_param("Style or subject reference images.", kinds=["image"], max_items=4),
        ],
        "example": {
            "prompt": "A lighthouse on a basalt cliff at dusk, volumetric fog, 35mm photo",
            "params": {"aspect_ratio": "16:9", "num_outputs": 2, "style": "photographic", "seed": 421337},
        },
    },
    {
        "id": "rivya-image-1-turbo",
        "name": "Rivya Image 1 Turbo",
        "kind": "image",
        "status": "available",
        "description": (
            "Distilled Rivya Image 1 for drafts and previews: about 2 seconds per image at a quarter of the credits."
        ),
        "prompt_required": True,
        "credits": {"unit": "output", "amount": 1},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            aspect_ratio_param(IMAGE_ASPECT_RATIOS, "1:1"),
            num_outputs_param(4),
            seed_param(),
            output_format_param("output_format", ["jpeg", "webp"], "jpeg"),
        ],
        "example": {
            "prompt": "Flat vector icon of a paper plane, teal on white",
            "params": {"num_outputs": 4, "output_format": "webp"},
        },
    },
    {
        "id": "flux-pro-1.1",
        "name": "FLUX1.1 [pro]",
        "kind": "image",
        "status": "available",
        "description": "Black Forest Labs FLUX1.1 [pro], served through Rivya. Strong prompt adherence and typography.",
        "prompt_required": True,
        "credits": {"unit": "output", "amount": 5},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            aspect_ratio_param(["1:1", "16:9", "9:16", "4:3", "3:4", "3:2", "2:3"], "1:1"),
            seed_param(),
            param("guidance", "number", "Prompt guidance strength.", default=3, minimum=1.5, maximum=5),
            param(
                "steps",
                "integer",
                "Number of diffusion steps. More steps add detail and latency.",
                default=28,
                minimum=1,
                maximum=50,
            ),
            param(
                "safety_tolerance",
                "integer",
                "Moderation tolerance from 1 (strictest) to 6 (most permissive).",
                default=2,
                minimum=1,
                maximum=6,
            ),
            param("prompt_upsampling", "boolean", "Let the model expand the prompt before generating.", default=False),
            output_format_param("output_format", ["jpeg", "png"], "jpeg"),
            reference_media_param(
                "One image prompt that guides composition and palette.", kinds=["image"], max_items=1
            ),
        ],
        "example": {
            "prompt": "Poster that reads 'RIVYA SUMMER FEST' in bold art-deco letters, sunset gradient",
            "params": {"aspect_ratio": "2:3", "guidance": 3.5, "steps": 40, "output_format": "png"},
        },
    },
    {
        "id": "rivya-image-edit-1",
        "name": "Rivya Image Edit 1",
        "kind": "image",
        "status": "available",
        "description": (
            "Instruction-based image editing: describe the change in `prompt` and pass the source image as the single "
            "reference media item."
        ),
        "prompt_required": True,
        "credits": {"unit": "output", "amount": 3},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            reference_media_param(
                "The source image to edit.", kinds=["image"], min_items=1, max_items=1, required=True
            ),
            param(
                "strength",
                "number",
                "How far the edit may move away from the source image (0 keeps it, 1 ignores it).",
                default=0.75,
                minimum=0,
                maximum=1,
            ),
            num_outputs_param(4),
            seed_param(),
            output_format_param("output_format", ["png", "jpeg", "webp"], "png"),
        ],
        "example": {
            "prompt": "Replace the background with a marble countertop, keep the bottle unchanged",
            "params": {
                "referenceMediaItems": [
                    {
                        "url": (
                            "https://files.rivya.ai/v1/file_01JV2M8Q0R5T7W9Y1A3C5E7G9K/product-shot.png?expires=1781948894&sig=3b9e0c7a51f2"
                        ),
                        "kind": "image",
                        "name": "product-shot.png",
                        "mimeType": "image/png",
                    }
                ],
                "strength": 0.6,
            },
        },
    },
    {
        "id": "rivya-image-0",
        "name": "Rivya Image 0 (legacy)",
        "kind": "image",
        "status": "deprecated",
        "description": (
            "First-generation Rivya image model. Deprecated: still accepted until the sunset date, then removed from "
            "the catalog (requests then fail with `unknown_model`). Migrate to rivya-image-1: `size` maps to "
            "`aspect_ratio` (all legacy sizes are 1:1)."
        ),
        "prompt_required": True,
        "credits": {"unit": "output", "amount": 2},
        "sunset_at": "2026-08-31",
        "replaced_by": "rivya-image-1",
        "params": [
            param(
                "size",
                "string",
                "Output size in pixels, width x height.",
                default="1024x1024",
                enum=["512x512", "768x768", "1024x1024"],
            ),
            num_outputs_param(4),
            seed_param(),
        ],
        "example": {
            "prompt": "Isometric illustration of a tiny greenhouse",
            "params": {"size": "768x768"},
        },
    },
    # ----- video -----
    {
        "id": "rivya-video-1",
        "name": "Rivya Video 1",
        "kind": "video",
        "status": "available",
        "description": (
            "Text-to-video and image-to-video: 5 or 10 second clips up to 1080p, with optional first and last frame "
            "images."
        ),
        "prompt_required": True,
        "credits": {"unit": "second", "amount": 20},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            param(
                "duration_seconds",
                "integer",
                "Clip length in seconds. Credits are reserved per second.",
                default=5,
                enum=[5, 10],
            ),
            aspect_ratio_param(["16:9", "9:16", "1:1"], "16:9"),
            param(
                "resolution",
                "string",
                "Output resolution (short side).",
                default="720p",
                enum=["480p", "720p", "1080p"],
            ),
            param("fps", "integer", "Frames per second.", default=24, enum=[24, 30]),
            param(
                "camera_motion",
                "string",
                "Camera movement preset.",
                default="none",
                enum=[
                    "none",
                    "static",
                    "pan_left",
                    "pan_right",
                    "tilt_up",
                    "tilt_down",
                    "zoom_in",
                    "zoom_out",
                    "orbit",
                ],
            ),
            negative_prompt_param(),
            seed_param(),
            reference_media_param(
                "First frame (item 1) and optional last frame (item 2).", kinds=["image"], max_items=2
            ),
        ],
        "example": {
            "prompt": "Slow dolly shot through a neon-lit night market in the rain",
            "params": {
                "duration_seconds": 5,
                "aspect_ratio": "16:9",
                "resolution": "1080p",
                "camera_motion": "zoom_in",
            },
        },
    },
    {
        "id": "rivya-video-1-fast",
        "name": "Rivya Video 1 Fast",
        "kind": "video",
        "status": "available",
        "description": "Faster, cheaper Rivya Video 1 for drafts: up to 8 seconds at 720p.",
        "prompt_required": True,
        "credits": {"unit": "second", "amount": 8},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            param(
                "duration_seconds",
                "integer",
                "Clip length in seconds. Credits are reserved per second.",
                default=6,
                enum=[4, 6, 8],
            ),
            aspect_ratio_param(["16:9", "9:16"], "16:9"),
            param("resolution", "string", "Output resolution (short side).", default="720p", enum=["480p", "720p"]),
            seed_param(),
            reference_media_param("Optional first frame image.", kinds=["image"], max_items=1),
        ],
        "example": {
            "prompt": "A paper boat drifting down a gutter stream, macro lens",
            "params": {"duration_seconds": 4, "aspect_ratio": "9:16"},
        },
    },
    {
        "id": "rivya-video-2-preview",
        "name": "Rivya Video 2 (preview)",
        "kind": "video",
        "status": "gated",
        "description": (
            "Preview of the next Rivya video model: 4-16 second clips with optional native audio. Gated: accounts "
            "must be enabled for it, otherwise requests fail with 403 `model_gated`. Parameters may still gain "
            "optional additions."
        ),
        "prompt_required": True,
        "credits": {"unit": "second", "amount": 40},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            param(
                "duration_seconds",
                "integer",
                "Clip length in seconds. Credits are reserved per second.",
                default=8,
                minimum=4,
                maximum=16,
            ),
            aspect_ratio_param(["16:9", "9:16", "1:1", "21:9"], "16:9"),
            param("resolution", "string", "Output resolution (short side).", default="1080p", enum=["720p", "1080p"]),
            param(
                "generate_audio",
                "boolean",
                "Generate a synchronized soundtrack (ambience, effects, dialogue from the prompt).",
                default=False,
            ),
            negative_prompt_param(),
            seed_param(),
            reference_media_param("Subject, style or motion references.", kinds=["image", "video"], max_items=3),
        ],
        "example": {
            "prompt": "A red fox trotting across fresh snow at sunrise, breath visible, tracking shot",
            "params": {"duration_seconds": 12, "resolution": "1080p", "generate_audio": True},
        },
    },
    {
        "id": "rivya-lipsync-1",
        "name": "Rivya Lipsync 1",
        "kind": "video",
        "status": "available",
        "description": (
            "Re-animates the mouth in a face video to match a speech track. Needs exactly one video and one audio "
            "reference item; `prompt` is not used. Credits are per second of output (the audio length, taken from the "
            "audio item's `durationSeconds` and verified with its `durationToken`)."
        ),
        "prompt_required": False,
        "credits": {"unit": "second", "amount": 10},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            reference_media_param(
                "Exactly one video (the face) and one audio track (the speech).",
                kinds=["video", "audio"],
                min_items=2,
                max_items=2,
                required=True,
            ),
            param(
                "sync_mode",
                "string",
                (
                    "What to do when the audio is longer than the video: cut the audio, loop the video, or play the "
                    "video back and forth."
                ),
                default="cut_off",
                enum=["cut_off", "loop", "bounce"],
            ),
            param(
                "resolution",
                "string",
                "Output resolution (short side).",
                default="720p",
                enum=["480p", "720p", "1080p"],
            ),
        ],
        "example": {
            "params": {
                "referenceMediaItems": [
                    {
                        "url": (
                            "https://files.rivya.ai/v1/file_01JV2MB4D6F8H0J2K4M6N8P0Q2/presenter.mp4?expires=1781949012&sig=c01d9e44ab10"
                        ),
                        "kind": "video",
                        "name": "presenter.mp4",
                        "mimeType": "video/mp4",
                        "durationSeconds": 14.2,
                        "durationToken": "dtok_v1_1420_5c7e2a91f0",
                    },
                    {
                        "url": (
                            "https://files.rivya.ai/v1/file_01JV2MC9S1T3V5X7Z9B1D3F5H7/voiceover.mp3?expires=1781949055&sig=77ad03be9c41"
                        ),
                        "kind": "audio",
                        "name": "voiceover.mp3",
                        "mimeType": "audio/mpeg",
                        "durationSeconds": 11.8,
                        "durationToken": "dtok_v1_1180_e4b8d2c6a3",
                    },
                ],
                "sync_mode": "cut_off",
            },
        },
    },
    # ----- audio -----
    {
        "id": "rivya-tts-1",
        "name": "Rivya TTS 1",
        "kind": "audio",
        "status": "available",
        "description": (
            "Text to speech with six stock voices in nine languages. `prompt` is the text to speak (up to 4000 "
            "characters)."
        ),
        "prompt_required": True,
        "credits": {"unit": "1k_characters", "amount": 3},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            param(
                "voice",
                "string",
                "Stock voice.",
                default="aria",
                enum=["aria", "blake", "cora", "dev", "ember", "finn"],
            ),
            param("language", "string", "Language of the text; `auto` detects it.", default="auto", enum=LANGUAGES),
            param("speed", "number", "Speaking rate multiplier.", default=1, minimum=0.5, maximum=2),
            output_format_param("format", ["mp3", "wav", "ogg", "flac"], "mp3"),
            param("sample_rate", "integer", "Output sample rate in Hz.", default=44100, enum=[22050, 44100, 48000]),
        ],
        "example": {
            "prompt": "Welcome back! Your order has shipped and will arrive on Thursday.",
            "params": {"voice": "cora", "language": "en", "speed": 1.1, "format": "wav"},
        },
    },
    {
        "id": "rivya-music-1",
        "name": "Rivya Music 1",
        "kind": "audio",
        "status": "available",
        "description": (
            "Full songs or instrumentals from a prompt, up to 4 minutes, with optional lyrics and a melody reference."
        ),
        "prompt_required": True,
        "credits": {"unit": "second", "amount": 2},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            param(
                "duration_seconds",
                "integer",
                "Track length in seconds. Credits are reserved per second.",
                default=30,
                minimum=5,
                maximum=240,
            ),
            param(
                "genre",
                "string",
                "Genre preset; `any` lets the prompt decide.",
                default="any",
                enum=[
                    "any",
                    "ambient",
                    "cinematic",
                    "electronic",
                    "hip_hop",
                    "jazz",
                    "lofi",
                    "orchestral",
                    "pop",
                    "rock",
                ],
            ),
            param("instrumental", "boolean", "Generate without vocals. `lyrics` is ignored when true.", default=False),
            param(
                "lyrics", "string", "Lyrics to sing, with optional [verse]/[chorus] section markers.", max_length=3000
            ),
            param(
                "bpm",
                "integer",
                "Target tempo in beats per minute. Omit to let the model choose.",
                minimum=40,
                maximum=220,
            ),
            output_format_param("format", ["mp3", "wav"], "mp3"),
            seed_param(),
            reference_media_param("One melody or style reference track.", kinds=["audio"], max_items=1),
        ],
        "example": {
            "prompt": "Warm lo-fi beat for studying, vinyl crackle, mellow Rhodes chords",
            "params": {"duration_seconds": 90, "genre": "lofi", "instrumental": True, "bpm": 78},
        },
    },
    {
        "id": "rivya-sfx-1",
        "name": "Rivya SFX 1",
        "kind": "audio",
        "status": "available",
        "description": "Sound effects from a description, 0.5 to 22 seconds, optionally seamlessly loopable.",
        "prompt_required": True,
        "credits": {"unit": "second", "amount": 1},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            param(
                "duration_seconds",
                "number",
                "Effect length in seconds. Credits are reserved per started second.",
                default=5,
                minimum=0.5,
                maximum=22,
            ),
            param(
                "prompt_influence",
                "number",
                "How literally the prompt is followed (0 = loose, 1 = strict).",
                default=0.3,
                minimum=0,
                maximum=1,
            ),
            param("loop", "boolean", "Make the end flow seamlessly into the start.", default=False),
            output_format_param("format", ["mp3", "wav"], "mp3"),
        ],
        "example": {
            "prompt": "Heavy wooden door creaking open in a stone hallway",
            "params": {"duration_seconds": 3.5, "format": "wav"},
        },
    },
    {
        "id": "rivya-voice-clone-1",
        "name": "Rivya Voice Clone 1",
        "kind": "audio",
        "status": "gated",
        "description": (
            "Speaks `prompt` in a voice cloned from 1-3 consented audio samples (10-60 seconds each). Gated: accounts "
            "must complete voice-consent verification, otherwise requests fail with 403 `model_gated`."
        ),
        "prompt_required": True,
        "credits": {"unit": "1k_characters", "amount": 6},
        "sunset_at": None,
        "replaced_by": None,
        "params": [
            reference_media_param(
                "Voice samples of the speaker.", kinds=["audio"], min_items=1, max_items=3, required=True
            ),
            param("language", "string", "Language of the text; `auto` detects it.", default="auto", enum=LANGUAGES),
            param(
                "stability",
                "number",
                "Lower values are more expressive, higher values more consistent.",
                default=0.5,
                minimum=0,
                maximum=1,
            ),
            output_format_param("format", ["mp3", "wav"], "mp3"),
        ],
        "example": {
            "prompt": "Thanks for calling. Your appointment is confirmed for 3 pm tomorrow.",
            "params": {
                "referenceMediaItems": [
                    {
                        "url": (
                            "https://files.rivya.ai/v1/file_01JV2MD2E4G6J8L0N2Q4S6U8W0/sample-1.wav?expires=1781949120&sig=0be4f6d1c2a7"
                        ),
                        "kind": "audio",
                        "mimeType": "audio/wav",
                        "durationSeconds": 32.5,
                        "durationToken": "dtok_v1_3250_9a1f7c3e55",
                    }
                ],
                "stability": 0.7,
            },
        },
    },
]

CHAT_MODELS = [
    {
        "id": "rivya-chat-1",
        "name": "Rivya Chat 1",
        "kind": "chat",
        "status": "available",
        "description": (
            "General-purpose multimodal chat model with a 128k-token context window; accepts image attachments and "
            "reasoning effort control."
        ),
        "prompt_required": False,
        "credits": {"unit": "1k_tokens", "input_amount": 0.3, "output_amount": 1.2},
        "sunset_at": None,
        "replaced_by": None,
        "params": [],
    },
    {
        "id": "rivya-chat-mini",
        "name": "Rivya Chat Mini",
        "kind": "chat",
        "status": "available",
        "description": "Small, fast chat model with a 32k-token context window; accepts image attachments.",
        "prompt_required": False,
        "credits": {"unit": "1k_tokens", "input_amount": 0.05, "output_amount": 0.2},
        "sunset_at": None,
        "replaced_by": None,
        "params": [],
    },
]

# ---------------------------------------------------------------------------
# Example objects reused across operations
# ---------------------------------------------------------------------------

GEN_ID = "gen_01JV2N3C8W4F6H8K0M2P4R6T8V"
GEN_VIDEO_ID = "gen_01JV2NF0A2C4E6G8J0L2N4Q6S8"
GEN_FAILED_ID = "gen_01JV2NK5B7D9F1H3K5M7P9R1T3"
FILE_ID = "file_01JV2M8Q0R5T7W9Y1A3C5E7G9K"
AUDIO_FILE_ID = "file_01JV2MC9S1T3V5X7Z9B1D3F5H7"
SESSION_ID = "chs_01JV2P0W2Y4A6C8E0G2J4L6N8Q"
SESSION_ID_2 = "chs_01JV1ZT6V8X0Z2B4D6F8H0K2M4"
USER_MSG_ID = "msg_01JV2P0W9B1D3F5H7K9M1P3R5T"
ASSISTANT_MSG_ID = "msg_01JV2P1A3C5E7G9J1L3N5Q7S9V"
ENDPOINT_ID = "we_01JV2Q4R6T8V0X2Z4B6D8F0H2K"
ENDPOINT_ID_2 = "we_01JTZ8W0Y2A4C6E8G0J2L4N6Q8"
EVENT_ID = "evt_01JV2NH3K5M7P9R1T3V5X7Z9B1"
EVENT_FAILED_ID = "evt_01JV2NN8Q0S2U4W6Y8A0C2E4G6"
TEST_EVENT_ID = "evt_01JV2QA1C3E5G7J9L1N3Q5S7U9"
DELIVERY_ID = "whd_01JV2NH4M6P8R0T2V4X6Z8B0D2"
DELIVERY_RETRY_ID = "whd_01JV2NH9S1U3W5Y7A9C1E3G5J7"
TEST_DELIVERY_ID = "whd_01JV2QA2D4F6H8K0M2P4R6T8W0"

IMAGE_OUTPUT_URL = (
    "https://cdn.rivya.ai/outputs/gen_01JV2N3C8W4F6H8K0M2P4R6T8V/0.png?expires=1779097845&sig=5d1e9b0a77c3"
)
IMAGE_OUTPUT_URL_2 = (
    "https://cdn.rivya.ai/outputs/gen_01JV2N3C8W4F6H8K0M2P4R6T8V/1.png?expires=1779097845&sig=a84f2c6e9d10"
)

GENERATION_QUEUED = {
    "id": GEN_ID,
    "status": "queued",
    "model": "rivya-image-1",
    "client_request_id": "campaign-42/hero",
    "reserved_credits": 8,
    "final_credits": None,
    "created_at": "2026-05-11T09:30:00Z",
    "updated_at": "2026-05-11T09:30:00Z",
    "result": None,
    "error": None,
}

GENERATION_RUNNING = dict(GENERATION_QUEUED, status="running", updated_at="2026-05-11T09:30:02Z")

GENERATION_SUCCEEDED = dict(
    GENERATION_QUEUED,
    status="succeeded",
    final_credits=8,
    updated_at="2026-05-11T09:30:45Z",
    result={
        "outputs": [
            {
                "url": IMAGE_OUTPUT_URL,
                "kind": "image",
                "mime_type": "image/png",
                "size_bytes": 3145728,
                "width": 1536,
                "height": 864,
                "duration_seconds": None,
            },
            {
                "url": IMAGE_OUTPUT_URL_2,
                "kind": "image",
                "mime_type": "image/png",
                "size_bytes": 3011904,
                "width": 1536,
                "height": 864,
                "duration_seconds": None,
            },
        ],
        "seed": 421337,
        "expires_at": "2026-05-18T09:30:45Z",
    },
)

GENERATION_VIDEO_SUCCEEDED = {
    "id": GEN_VIDEO_ID,
    "status": "succeeded",
    "model": "rivya-video-1",
    "client_request_id": None,
    "reserved_credits": 100,
    "final_credits": 100,
    "created_at": "2026-05-11T10:02:11Z",
    "updated_at": "2026-05-11T10:05:38Z",
    "result": {
        "outputs": [
            {
                "url": (
                    "https://cdn.rivya.ai/outputs/gen_01JV2NF0A2C4E6G8J0L2N4Q6S8/0.mp4?expires=1779098738&sig=e2b70f94c5a8"
                ),
                "kind": "video",
                "mime_type": "video/mp4",
                "size_bytes": 18874368,
                "width": 1920,
                "height": 1080,
                "duration_seconds": 5,
            }
        ],
        "seed": 90210,
        "expires_at": "2026-05-18T10:05:38Z",
    },
    "error": None,
}

GENERATION_FAILED = {
    "id": GEN_FAILED_ID,
    "status": "failed",
    "model": "rivya-video-1",
    "client_request_id": "storyboard-7/shot-3",
    "reserved_credits": 200,
    "final_credits": 0,
    "created_at": "2026-05-11T10:12:40Z",
    "updated_at": "2026-05-11T10:13:05Z",
    "result": None,
    "error": {
        "code": "content_policy_violation",
        "message": "The generated video was withheld by output moderation. Reserved credits were refunded.",
    },
}

IMAGE_FILE = {
    "id": FILE_ID,
    "kind": "image",
    "filename": "product-shot.png",
    "mime_type": "image/png",
    "size_bytes": 2483120,
    "width": 2048,
    "height": 2048,
    "duration_seconds": None,
    "duration_token": None,
    "url": (
        "https://files.rivya.ai/v1/file_01JV2M8Q0R5T7W9Y1A3C5E7G9K/product-shot.png?expires=1781948894&sig=3b9e0c7a51f2"
    ),
    "model": "rivya-image-edit-1",
    "client_request_id": "upload-7731",
    "created_at": "2026-05-11T09:28:14Z",
    "expires_at": "2026-06-10T09:28:14Z",
}

AUDIO_FILE = {
    "id": AUDIO_FILE_ID,
    "kind": "audio",
    "filename": "voiceover.mp3",
    "mime_type": "audio/mpeg",
    "size_bytes": 472064,
    "width": None,
    "height": None,
    "duration_seconds": 11.8,
    "duration_token": "dtok_v1_1180_e4b8d2c6a3",
    "url": (
        "https://files.rivya.ai/v1/file_01JV2MC9S1T3V5X7Z9B1D3F5H7/voiceover.mp3?expires=1781949055&sig=77ad03be9c41"
    ),
    "model": "rivya-lipsync-1",
    "client_request_id": None,
    "created_at": "2026-05-11T09:30:55Z",
    "expires_at": "2026-06-10T09:30:55Z",
}

CHAT_USAGE = {"input_tokens": 1450, "output_tokens": 96, "reasoning_tokens": 0, "total_tokens": 1546}
CHAT_CREDITS = {"reserved_credits": 0.795, "final_credits": 0.5502}

USER_MESSAGE = {
    "id": USER_MSG_ID,
    "session_id": SESSION_ID,
    "role": "user",
    "content": "Summarise the attached sales chart in two sentences.",
    "attachments": [{"file_id": FILE_ID, "kind": "image", "mime_type": "image/png", "filename": "q1-sales.png"}],
    "model": None,
    "finish_reason": None,
    "created_at": "2026-05-11T11:00:00Z",
}

ASSISTANT_MESSAGE = {
    "id": ASSISTANT_MSG_ID,
    "session_id": SESSION_ID,
    "role": "assistant",
    "content": (
        "Revenue grew every month of Q1, from 1.2M in January to 1.9M in March, driven mostly by the EU region. "
        "February's dip in APAC was fully recovered by mid-March."
    ),
    "attachments": [],
    "model": "rivya-chat-1",
    "finish_reason": "stop",
    "created_at": "2026-05-11T11:00:03Z",
}

CHAT_SESSION = {
    "id": SESSION_ID,
    "title": "Q1 sales chart summary",
    "model": "rivya-chat-1",
    "message_count": 2,
    "usage": CHAT_USAGE,
    "created_at": "2026-05-11T11:00:00Z",
    "updated_at": "2026-05-11T11:00:03Z",
}

CHAT_SESSION_NEW = {
    "id": SESSION_ID,
    "title": None,
    "model": "rivya-chat-1",
    "message_count": 0,
    "usage": {"input_tokens": 0, "output_tokens": 0, "reasoning_tokens": 0, "total_tokens": 0},
    "created_at": "2026-05-11T11:00:00Z",
    "updated_at": "2026-05-11T11:00:00Z",
}

CHAT_SESSION_2 = {
    "id": SESSION_ID_2,
    "title": "Release notes draft",
    "model": "rivya-chat-mini",
    "message_count": 6,
    "usage": {"input_tokens": 5120, "output_tokens": 1874, "reasoning_tokens": 0, "total_tokens": 6994},
    "created_at": "2026-05-10T16:41:09Z",
    "updated_at": "2026-05-10T16:52:30Z",
}

WEBHOOK_SECRET = "whsec_3kTq9Vb7nR2xLm5Pz8Yc1Wd4Fh6Jg0Ks"
WEBHOOK_SECRET_ROTATED = "whsec_Hn4Lp8Rt2Vx6Zb0Dc3Fg7Jk1Mq5Sw9Ya"

WEBHOOK_ENDPOINT = {
    "id": ENDPOINT_ID,
    "url": "https://hooks.example.com/rivya/generations",
    "description": "Production generation callbacks",
    "enabled_events": ["generation.succeeded", "generation.failed"],
    "status": "enabled",
    "secret_hint": "whsec_…g0Ks",
    "previous_secret_expires_at": None,
    "created_at": "2026-05-11T08:00:00Z",
    "updated_at": "2026-05-11T08:00:00Z",
}

WEBHOOK_ENDPOINT_2 = {
    "id": ENDPOINT_ID_2,
    "url": "https://staging.example.com/hooks/rivya",
    "description": "Staging",
    "enabled_events": ["generation.failed"],
    "status": "disabled",
    "secret_hint": "whsec_…7QpA",
    "previous_secret_expires_at": None,
    "created_at": "2026-05-09T14:20:00Z",
    "updated_at": "2026-05-10T09:12:44Z",
}

WEBHOOK_EVENT_SUCCEEDED = {
    "id": EVENT_ID,
    "type": "generation.succeeded",
    "api_version": "v1",
    "created_at": "2026-05-11T09:30:45Z",
    "data": {"object": GENERATION_SUCCEEDED},
}

WEBHOOK_EVENT_FAILED = {
    "id": EVENT_FAILED_ID,
    "type": "generation.failed",
    "api_version": "v1",
    "created_at": "2026-05-11T10:13:05Z",
    "data": {"object": GENERATION_FAILED},
}

WEBHOOK_EVENT_TEST = {
    "id": TEST_EVENT_ID,
    "type": "webhook.test",
    "api_version": "v1",
    "created_at": "2026-05-11T12:00:00Z",
    "data": {
        "object": dict(
            GENERATION_SUCCEEDED,
            id="gen_test_01JV2QA1C3E5G7J9L1N3Q5S7U9",
            client_request_id=None,
            created_at="2026-05-11T12:00:00Z",
            updated_at="2026-05-11T12:00:00Z",
        )
    },
}

DELIVERY_SUCCEEDED = {
    "id": DELIVERY_ID,
    "endpoint_id": ENDPOINT_ID,
    "event_id": EVENT_ID,
    "event_type": "generation.succeeded",
    "attempt": 1,
    "success": True,
    "status_code": 200,
    "response_time_ms": 143,
    "failure_reason": None,
    "next_retry_at": None,
    "test": False,
    "created_at": "2026-05-11T09:30:46Z",
}

DELIVERY_FAILED = {
    "id": DELIVERY_RETRY_ID,
    "endpoint_id": ENDPOINT_ID,
    "event_id": EVENT_FAILED_ID,
    "event_type": "generation.failed",
    "attempt": 2,
    "success": False,
    "status_code": 503,
    "response_time_ms": 2210,
    "failure_reason": "http_status",
    "next_retry_at": "2026-05-11T10:44:06Z",
    "test": False,
    "created_at": "2026-05-11T10:14:06Z",
}

DELIVERY_TEST = {
    "id": TEST_DELIVERY_ID,
    "endpoint_id": ENDPOINT_ID,
    "event_id": TEST_EVENT_ID,
    "event_type": "webhook.test",
    "attempt": 1,
    "success": True,
    "status_code": 204,
    "response_time_ms": 97,
    "failure_reason": None,
    "next_retry_at": None,
    "test": True,
    "created_at": "2026-05-11T12:00:00Z",
}

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def ref(name):
    """$ref to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def nullable_ref(name, description):
    """A 3.1 nullable reference: the schema or JSON null."""
    return {"description": description, "oneOf": [ref(name), {"type": "null"}]}


def response_ref(name):
    return {"$ref": f"#/components/responses/{name}"}


def param_ref(name):
    return {"$ref": f"#/components/parameters/{name}"}


def header_ref(name):
    return {"$ref": f"#/components/headers/{name}"}


def named_examples(**examples):
    """Named Example Objects: name=(summary, value)."""
    return {name: {"summary": summary, "value": value} for name, (summary, value) in examples.items()}


def errors(*names):
    """Map shared error response names to status-code keyed $refs, in status order."""
    return {str(ERROR_RESPONSES[name][0]): response_ref(name) for name in names}


def standard_headers():
    """Headers present on every authenticated success response."""
    return {
        "X-Request-Id": header_ref("RequestId"),
        "X-RateLimit-Limit": header_ref("RateLimitLimit"),
        "X-RateLimit-Remaining": header_ref("RateLimitRemaining"),
        "X-RateLimit-Reset": header_ref("RateLimitReset"),
    }


def json_response(description, schema, examples, headers=None):
    return {
        "description": description,
        "headers": headers if headers is not None else standard_headers(),
        "content": {"application/json": {"schema": schema, "examples": examples}},
    }


def json_request_body(schema_name, examples, *, required=True, description=None):
    body = {}
    if description:
        body["description"] = description
    body["required"] = required
    body["content"] = {"application/json": {"schema": ref(schema_name), "examples": examples}}
    return body


def operation(op_id, tag, summary, description, scopes, *, parameters=None, request_body=None, responses):
    """One operation. `scopes` is the list of required scopes; None means public (security: [])."""
    op = {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "tags": [tag],
        "security": [{"bearerAuth": scopes}] if scopes is not None else [],
        "x-rivya-scopes": scopes if scopes is not None else [],
    }
    if parameters:
        op["parameters"] = parameters
    if request_body:
        op["requestBody"] = request_body
    op["responses"] = responses
    return op


def list_envelope(item_schema, what, sort_note):
    """Cursor-paginated list envelope {object, data, has_more, next_cursor}."""
    return {
        "type": "object",
        "description": (
            f"A page of {what}, {sort_note}. Standard cursor pagination envelope: pass `next_cursor` as "
            "`after` to fetch the next page; `has_more` is false and `next_cursor` null on the last page."
        ),
        "required": ["object", "data", "has_more", "next_cursor"],
        "properties": {
            "object": {"type": "string", "const": "list", "description": "Always `list`."},
            "data": {"type": "array", "items": ref(item_schema), "description": f"The {what} on this page."},
            "has_more": {"type": "boolean", "description": "Whether another page follows this one."},
            "next_cursor": {
                "type": ["string", "null"],
                "description": "Opaque cursor for the next page (pass as `after`); null on the last page.",
            },
        },
    }


def page(data, next_cursor=None):
    return {"object": "list", "data": data, "has_more": next_cursor is not None, "next_cursor": next_cursor}


def error_example(code):
    """A PublicApiError body for `code`, taken from the ERROR_CODES table."""
    for c, _status, _meaning, message, param_name in ERROR_CODES:
        if c == code:
            body = {"code": code, "message": message}
            if param_name is not None:
                body["param"] = param_name
            body["request_id"] = EXAMPLE_REQUEST_ID
            body["doc_url"] = f"{ERROR_DOC_URL}#{code}"
            return {"error": body}
    raise KeyError(code)


# ----- model catalog -> schemas ---------------------------------------------

CONSTRAINT_TO_SCHEMA = [
    # (ModelParam key, JSON Schema keyword)
    ("enum", "enum"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("min_items", "minItems"),
    ("max_items", "maxItems"),
]

MODEL_PARAM_KEY_ORDER = [
    "name",
    "type",
    "required",
    "description",
    "default",
    "enum",
    "minimum",
    "maximum",
    "min_length",
    "max_length",
    "min_items",
    "max_items",
    "item_schema",
    "accepted_kinds",
]


def param_schema(p):
    """JSON Schema for one model parameter (a property of ModelParams.<id>)."""
    schema = {"type": p["type"], "description": p["description"]}
    if p["type"] == "array":
        schema["items"] = ref(p["item_schema"])
    for key, keyword in CONSTRAINT_TO_SCHEMA:
        if key in p:
            schema[keyword] = p[key]
    if "default" in p:
        schema["default"] = p["default"]
    if "accepted_kinds" in p:
        schema["x-rivya-accepted-kinds"] = p["accepted_kinds"]
    return schema


def model_param_entry(p):
    """The ModelParam object GET /api/v1/models returns for one parameter (fixed key order)."""
    return {key: p[key] for key in MODEL_PARAM_KEY_ORDER if key in p}


def public_model_entry(m):
    """The PublicApiModel object GET /api/v1/models returns for one catalog model."""
    return {
        "id": m["id"],
        "name": m["name"],
        "kind": m["kind"],
        "status": m["status"],
        "description": m["description"],
        "prompt_required": m["prompt_required"],
        "params": [model_param_entry(p) for p in m["params"]],
        "credits": m["credits"],
        "sunset_at": m["sunset_at"],
        "replaced_by": m["replaced_by"],
    }


def x_rivya_model(m):
    return {
        "name": m["name"],
        "kind": m["kind"],
        "status": m["status"],
        "prompt_required": m["prompt_required"],
        "credits": m["credits"],
        "sunset_at": m["sunset_at"],
        "replaced_by": m["replaced_by"],
    }


def model_params_schema(m):
    required = [p["name"] for p in m["params"] if p["required"]]
    return {
        "type": "object",
        "description": (
            f"Parameters of `{m['id']}` ({m['name']}). Same parameters, in the same order, as this model's "
            "`params` entries in `GET /api/v1/models`. Closed object: unknown keys fail with 400 `unknown_parameter`."
        ),
        "required": required,
        "additionalProperties": False,
        "properties": {p["name"]: param_schema(p) for p in m["params"]},
    }


def generation_request_schema(m):
    required = ["model"]
    if m["prompt_required"]:
        required.append("prompt")
    if any(p["required"] for p in m["params"]):
        required.append("params")
    prompt_note = (
        "`prompt` is required." if m["prompt_required"] else "`prompt` is optional and not used by this model."
    )
    status_note = {
        "available": "",
        "gated": " Gated model: accounts that are not enabled for it get 403 `model_gated`.",
        "deprecated": f" Deprecated: accepted until {m['sunset_at']}, then removed; use `{m['replaced_by']}` instead.",
    }[m["status"]]
    example = {"model": m["id"]}
    example.update(m["example"])
    return {
        "type": "object",
        "title": f"{m['name']} request",
        "description": (
            f"Generation request for `{m['id']}` ({m['kind']}): {m['description']} {prompt_note}{status_note}"
        ),
        "required": required,
        "additionalProperties": False,
        "properties": {
            "model": {"const": m["id"]},
            "prompt": ref("GenerationPrompt"),
            "params": {"$ref": f"#/components/schemas/ModelParams.{m['id']}"},
            "client_request_id": ref("ClientRequestId"),
        },
        "x-rivya-model": x_rivya_model(m),
        "examples": [example],
    }


def model_list_example():
    return {
        "object": "list",
        "data": [public_model_entry(m) for m in MODELS + CHAT_MODELS],
        "has_more": False,
        "next_cursor": None,
    }


# ---------------------------------------------------------------------------
# info, tags
# ---------------------------------------------------------------------------


def markdown_table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def build_info():
    scope_table = markdown_table(["scope", "grants"], SCOPES)
    description = f"""\
Rivya API v1: asynchronous image, video and audio generation paid with account credits,
a Files API for reference media, signed webhooks for terminal generation events, and a
Chat API with non-streaming and SSE streaming turns in API-created sessions.

This document is the read-only schema contract served at `{SERVER_URL}/api/v1/openapi.json`.
That route is public contract output: it reads no user session data, submits no jobs and
exposes no private account data. The contract is derived from the public API request
schemas, the public error codes, the public model reference layer and the same model
catalog that `GET /api/v1/models` serves. Contract date: {CONTRACT_DATE}.

## Version policy

The current API version is **v1** (all paths start with `/api/v1/`); `info.version` is the
version of this contract document. Backward-compatible changes, which can ship in v1 at any
time, include:

- adding a model to `/api/v1/models` (and a `GenerationRequest.<modelId>` variant here);
- adding an optional response field (response objects are open: ignore unknown fields);
- adding an optional request parameter to a model;
- adding a new public error code (`ErrorCode` is an extensible enum: handle unknown codes by HTTP status).

Clients must also tolerate new enum values in response fields marked `x-extensible-enum`,
new webhook event types they did not subscribe to, and new stream event names.
**Breaking changes need a new version or a documented migration path** (for example a
model passing through `deprecated` with a `sunset_at` date and a `replaced_by` model).

## The model list is dynamic

Rivya adds, removes and gates models, so the catalog changes. Never depend on a
hand-written model count: read `GET /api/v1/models` (or the model reference). In this
document the catalog appears as `components.schemas.GenerationRequest`, a `oneOf` with one
`GenerationRequest.<modelId>` variant per generation model (discriminated by `model`), each
with a closed `ModelParams.<modelId>` schema and an `x-rivya-model` extension
(`kind`, `status`, `credits`, ...). Model `status` is `available`, `gated` (listed, but only
enabled accounts may call it; others get 403 `model_gated`) or `deprecated` (still callable
until `sunset_at`, then removed). Chat models (`kind: chat`) are listed by
`GET /api/v1/models` but are used through the Chat API, not `POST /api/v1/generations`.

## Authentication and scopes

Send `Authorization: Bearer rvya_sk_...`. Keys are created in the dashboard, shown once,
can be revoked and rotated, and carry scopes. A missing or invalid key gives 401
(`missing_api_key`, `invalid_api_key`); a valid key without the operation's scope gives
403 `insufficient_scope`. Each operation lists its scope in `security` and `x-rivya-scopes`.

{scope_table}

## Conventions

- JSON everywhere except `POST /api/v1/files` (multipart) and the chat stream (SSE).
- Field names are snake_case, except the names the reference-media documentation spells in
  camelCase (`referenceMediaItems`, `mimeType`, `durationSeconds`, `durationToken`) and the
  path parameters `taskId`, `sessionId`, `fileId`, `endpointId`.
- Request objects are closed (`additionalProperties: false`; unknown fields give 400
  `unknown_parameter`). Response objects are open: new optional fields may appear.
- Timestamps are RFC 3339 UTC (`format: date-time`); URLs are absolute (`format: uri`).
  IDs are opaque strings with a type prefix (`gen_`, `file_`, `chs_`, `msg_`, `we_`, `evt_`, `whd_`).
- Credits are decimal numbers (up to 4 decimal places).
- Public field boundary: only public names (`id`, `status`, `model`, `session_id`, `message`,
  `usage`, `reserved_credits`, `final_credits`, `created_at`, `updated_at`, `result`, `error`,
  ...) appear; internal task-storage fields are never part of the contract.

## Errors

Every 4xx/5xx response body is a `PublicApiError`:
`{{"error": {{"code", "message", "param"?, "request_id", "doc_url"?}}}}`. Branch on `error.code`
(stable, see `ErrorCode` for the code-to-HTTP-status table), never on `message`. Every
response carries `X-Request-Id`, equal to `error.request_id`.

## Rate limits

Limits apply per API key and route group (defaults: 60 requests/minute for creating POSTs,
600 requests/minute for reads; the contract route is limited per client IP). Every
authenticated response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
`X-RateLimit-Reset` (seconds until the window resets). A 429 (`rate_limited`,
`concurrency_limit_exceeded`) and a 503 carry `Retry-After` (seconds). At most 10
generations per account may be queued or running at once.

## Idempotency

The creating POSTs (`/generations`, `/files`, `/chat/completions`,
`/chat/completions/stream`, `/webhooks`) accept an `Idempotency-Key` header (1-255
characters). Keys are kept 24 hours per API account. Repeating a request with the same key
and the same route and body returns the original response (status and body) with
`Idempotent-Replayed: true` and creates nothing new. The same key with a different body
gives 409 `idempotency_conflict`; while the first request is still running, 409
`idempotency_in_progress`. `client_request_id` is only echoed for your tracing and is not
an idempotency key.

## Pagination

List routes are cursor-paginated, newest first: query `limit` (1-100, default 20) and
`after` (the `next_cursor` of the previous page). Responses are
`{{"object": "list", "data": [...], "has_more": bool, "next_cursor": string|null}}`.
Cursors are opaque and valid for 24 hours; an invalid cursor gives 400 `invalid_parameter`
with `param: "after"`.

## Generations

`POST /api/v1/generations` reserves credits and returns 202 with a `PublicGeneration`
whose `status` moves `queued` -> `running` -> `succeeded` | `failed` (terminal: `succeeded`,
`failed`; a terminal task never changes again). Poll `GET /api/v1/generations/{{taskId}}`
(honour its `Retry-After` hint) or subscribe to the signed `generation.succeeded` /
`generation.failed` webhooks. See `PublicGeneration` for the credit settlement rules.

## Webhooks

Deliveries are signed with HMAC-SHA256; see the `webhooks` section and `WebhookEvent` for the
signature scheme, event types and retry schedule. Chat webhook events are not part of v1.
"""
    return {
        "title": "Rivya API",
        "version": "1.0.0",
        "summary": "Asynchronous image, video and audio generation, files, webhooks and chat, paid with Rivya credits.",
        "description": description,
        "contact": {"name": "Rivya API", "url": DOCS_URL},
        "x-rivya-api-version": "v1",
        "x-rivya-contract-date": CONTRACT_DATE,
    }


TAGS = [
    (
        "Models",
        "The dynamic model catalog and each model's parameters. Read it instead of hard-coding model IDs or counts.",
    ),
    ("Generations", "Asynchronous image, video and audio generation tasks, paid with reserved and settled credits."),
    ("Files", "Reference media uploads (image, video, audio) for `params.referenceMediaItems` and chat attachments."),
    (
        "Chat",
        (
            "Chat turns (non-streaming or SSE) in API-created sessions, with `file_id` image attachments and "
            "token-based credit settlement. No raw `messages` array."
        ),
    ),
    ("Credits", "The account's credit balance."),
    ("Webhooks", "Signed webhook endpoints for terminal generation events, with event and delivery logs."),
    ("Contract", "This OpenAPI document, served publicly."),
]


def build_tags():
    return [{"name": name, "description": description} for name, description in TAGS]


# ---------------------------------------------------------------------------
# components
# ---------------------------------------------------------------------------


def build_security_schemes():
    scope_lines = "\n".join(f"- `{scope}`: {grants}" for scope, grants in SCOPES)
    return {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "rvya_sk_…",
            "description": (
                "Rivya API key sent as `Authorization: Bearer rvya_sk_...`. Secret keys start with `rvya_sk_`, are "
                "shown once at creation, and can be revoked or rotated in the dashboard. Each key carries scopes; "
                "operations list the scopes they need in their security requirement and in `x-rivya-scopes`. "
                "Missing or invalid key: 401 (`missing_api_key`, `invalid_api_key`). Missing scope: 403 "
                "`insufficient_scope`.\n\nScopes:\n" + scope_lines
            ),
        }
    }


def build_headers():
    return {
        "RequestId": {
            "description": (
                "Unique ID of this request (same value as `error.request_id` in error bodies). Quote it to support."
            ),
            "schema": {"type": "string"},
            "example": EXAMPLE_REQUEST_ID,
        },
        "RateLimitLimit": {
            "description": "Requests allowed per window (one minute) for this API key and route group.",
            "schema": {"type": "integer", "minimum": 0},
            "example": 600,
        },
        "RateLimitRemaining": {
            "description": "Requests left in the current window.",
            "schema": {"type": "integer", "minimum": 0},
            "example": 587,
        },
        "RateLimitReset": {
            "description": "Seconds until the current window resets (a delta, not a timestamp).",
            "schema": {"type": "integer", "minimum": 0},
            "example": 42,
        },
        "RetryAfter": {
            "description": "Seconds to wait before retrying (delta-seconds form of RFC 9110 `Retry-After`).",
            "schema": {"type": "integer", "minimum": 0},
            "example": 12,
        },
        "PollRetryAfter": {
            "description": (
                "Suggested seconds before polling again. Sent only while the generation is non-terminal "
                "(`queued` or `running`): typically 2 for image, 5 for audio and 10 for video tasks."
            ),
            "schema": {"type": "integer", "minimum": 1},
            "example": 2,
        },
        "IdempotentReplayed": {
            "description": (
                "`true` when this response is a replay of an earlier request with the same `Idempotency-Key`. Absent "
                "otherwise."
            ),
            "schema": {"type": "string", "enum": ["true"]},
            "example": "true",
        },
        "GenerationLocation": {
            "description": "URL of the created generation, for polling.",
            "schema": {"type": "string", "format": "uri-reference"},
            "example": f"/api/v1/generations/{GEN_ID}",
        },
    }


def build_parameters():
    return {
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": (
                "Makes the request safe to retry. Keys are kept 24 hours per API account. Same key, same route and "
                "body: the original response is replayed (with `Idempotent-Replayed: true`) and nothing new is "
                "created. "
                "Same key, different body: 409 `idempotency_conflict`. Same key while the first request is still "
                "running: 409 `idempotency_in_progress`. A UUID v4 is a good key."
            ),
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
            "example": "2f1c9a4e-6b7d-4e0a-9c3f-8d5b1a7e6c42",
        },
        "Limit": {
            "name": "limit",
            "in": "query",
            "required": False,
            "description": "Page size, 1-100.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
            "example": 20,
        },
        "After": {
            "name": "after",
            "in": "query",
            "required": False,
            "description": "Cursor from the previous page's `next_cursor`. Omit for the first (newest) page.",
            "schema": {"type": "string", "minLength": 1},
            "example": "cur_eyJjIjoiMjAyNi0wNS0xMVQwOTozMDo0NVoiLCJpIjoiZ2VuXzAxIn0",
        },
        "TaskId": {
            "name": "taskId",
            "in": "path",
            "required": True,
            "description": "Generation ID (`id` of a PublicGeneration), prefix `gen_`.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            "example": GEN_ID,
        },
        "FileId": {
            "name": "fileId",
            "in": "path",
            "required": True,
            "description": "File ID (`id` of a PublicApiFile), prefix `file_`.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            "example": FILE_ID,
        },
        "SessionId": {
            "name": "sessionId",
            "in": "path",
            "required": True,
            "description": "Chat session ID (`id` of a ChatSession), prefix `chs_`.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            "example": SESSION_ID,
        },
        "EndpointId": {
            "name": "endpointId",
            "in": "path",
            "required": True,
            "description": "Webhook endpoint ID (`id` of a WebhookEndpoint), prefix `we_`.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 64},
            "example": ENDPOINT_ID,
        },
        "ModelKindFilter": {
            "name": "kind",
            "in": "query",
            "required": False,
            "description": "Only return models of this kind.",
            "schema": ref("ModelKind"),
            "example": "image",
        },
        "WebhookEventTypeFilter": {
            "name": "type",
            "in": "query",
            "required": False,
            "description": "Only return events of this type.",
            "schema": ref("WebhookEventType"),
            "example": "generation.failed",
        },
        "DeliveryEventFilter": {
            "name": "event_id",
            "in": "query",
            "required": False,
            "description": "Only return delivery attempts of this event.",
            "schema": {"type": "string", "minLength": 1},
            "example": EVENT_FAILED_ID,
        },
        "WebhookSignature": {
            "name": "Rivya-Webhook-Signature",
            "in": "header",
            "required": True,
            "description": (
                "`v1=` followed by the lowercase hex HMAC-SHA256 of `{timestamp}.{raw_body}` keyed with the endpoint "
                "secret (the full `whsec_...` string as UTF-8 bytes). During a secret-rotation grace period the header "
                "holds one value per active secret, separated by `, ` (newest first); accept the request if any value "
                "matches. Compare in constant time."
            ),
            "schema": {"type": "string", "pattern": "^v1=[0-9a-f]{64}(, v1=[0-9a-f]{64})*$"},
            "example": "v1=5f0c8e2b7a91d34c6e08f1b2a7d9c3e45b6f80a1c2d3e4f5a6b7c8d9e0f1a2b3",
        },
        "WebhookTimestamp": {
            "name": "Rivya-Webhook-Timestamp",
            "in": "header",
            "required": True,
            "description": (
                "Unix time in seconds when this delivery attempt was signed. Reject deliveries whose timestamp is "
                f"more than {SIGNATURE_TOLERANCE_SECONDS} seconds away from your clock (replay protection). "
                "Each retry is re-signed with a fresh timestamp."
            ),
            "schema": {"type": "integer", "minimum": 0},
            "example": 1778491845,
        },
    }


def build_error_responses():
    responses = {}
    for name, (status, lead) in ERROR_RESPONSES.items():
        codes = [code for code, code_status, _, _, _ in ERROR_CODES if code_status == status]
        code_lines = "\n".join(
            f"- `{code}`: {meaning}" for code, code_status, meaning, _, _ in ERROR_CODES if code_status == status
        )
        headers = {"X-Request-Id": header_ref("RequestId")}
        if status == 429:
            headers.update(
                {
                    "Retry-After": header_ref("RetryAfter"),
                    "X-RateLimit-Limit": header_ref("RateLimitLimit"),
                    "X-RateLimit-Remaining": header_ref("RateLimitRemaining"),
                    "X-RateLimit-Reset": header_ref("RateLimitReset"),
                }
            )
        if status in (409, 503):
            headers["Retry-After"] = header_ref("RetryAfter")
        responses[name] = {
            "description": f"{lead} Body: PublicApiError with one of these codes:\n{code_lines}",
            "headers": headers,
            "content": {
                "application/json": {
                    "schema": ref("PublicApiError"),
                    "examples": {code: {"summary": f"{status} {code}", "value": error_example(code)} for code in codes},
                }
            },
        }
    return responses


def error_code_schema():
    rows = [
        (f"`{code}`", status if status is not None else "— (task/stream error only)", meaning)
        for code, status, meaning, _, _ in ERROR_CODES
    ]
    return {
        "type": "string",
        "description": (
            "Stable public error codes. Branch on these, never on `message`. The list can grow without a new API "
            "version (adding a public error code is backward compatible), so treat unknown codes by their HTTP status "
            "class.\n\n"
            + markdown_table(["code", "HTTP status", "meaning"], rows)
            + "\n\n`x-rivya-http-status` gives the same mapping in machine-readable form (task-only codes are absent)."
        ),
        "enum": [code for code, _, _, _, _ in ERROR_CODES],
        "x-extensible-enum": True,
        "x-rivya-http-status": {code: status for code, status, _, _, _ in ERROR_CODES if status is not None},
    }


def build_model_schemas():
    """Catalog-related schemas: shared enums, ModelParam, PublicApiModel, ModelList."""
    return {
        "MediaKind": {
            "type": "string",
            "description": (
                "Kind of media: a generation model's output kind, an uploaded file's kind, a reference media item's "
                "kind."
            ),
            "enum": MEDIA_KINDS,
        },
        "ModelKind": {
            "type": "string",
            "description": (
                "What a model produces: `image`, `video` and `audio` models run on `POST /api/v1/generations`; `chat` "
                "models on the Chat API."
            ),
            "enum": MODEL_KINDS,
            "x-extensible-enum": True,
        },
        "ModelStatus": {
            "type": "string",
            "description": (
                "Catalog status of a model:\n"
                "- `available`: any account with credits may call it.\n"
                "- `gated`: listed for everyone, callable only by accounts enabled for it; others get 403 "
                "`model_gated`.\n"
                "- `deprecated`: still callable until `sunset_at`, then removed from the catalog "
                "(requests then fail with 400 `unknown_model`); migrate to `replaced_by`."
            ),
            "enum": MODEL_STATUSES,
            "x-extensible-enum": True,
        },
        "ModelCredits": {
            "type": "object",
            "description": (
                "Model pricing in credits. `unit` says what is counted:\n"
                "- `output`: `amount` credits per output (image models; reserved = amount x `num_outputs`).\n"
                "- `second`: `amount` credits per second of output (reserved from `duration_seconds`, or from the "
                "reference audio's `durationSeconds` for lipsync).\n"
                "- `1k_characters`: `amount` credits per 1,000 prompt characters (speech models).\n"
                "- `1k_tokens`: chat models; `input_amount` per 1,000 input tokens and `output_amount` per 1,000 "
                "output tokens (reserved from `controls.max_output_tokens`)."
            ),
            "required": ["unit"],
            "properties": {
                "unit": {
                    "type": "string",
                    "enum": ["output", "second", "1k_characters", "1k_tokens"],
                    "x-extensible-enum": True,
                    "description": "What the price is counted in.",
                },
                "amount": {
                    "type": "number",
                    "minimum": 0,
                    "description": "Credits per unit (`output`, `second`, `1k_characters`).",
                },
                "input_amount": {
                    "type": "number",
                    "minimum": 0,
                    "description": "Credits per 1,000 input tokens (`1k_tokens` only).",
                },
                "output_amount": {
                    "type": "number",
                    "minimum": 0,
                    "description": "Credits per 1,000 output tokens (`1k_tokens` only).",
                },
            },
        },
        "ModelParam": {
            "type": "object",
            "description": (
                "One model parameter, described for building a parameter form. It mirrors the property of the same "
                "name in `ModelParams.<modelId>` of this document: same `type`, `required`, `enum`, bounds and "
                "`default`. Constraint fields are present only when they apply."
            ),
            "required": ["name", "type", "required", "description"],
            "properties": {
                "name": {
                    "type": "string",
                    "description": "Key inside `params` (for example `aspect_ratio` or `referenceMediaItems`).",
                },
                "type": {
                    "type": "string",
                    "enum": ["string", "integer", "number", "boolean", "array"],
                    "description": "JSON type of the value.",
                },
                "required": {"type": "boolean", "description": "Whether the parameter must be sent."},
                "description": {"type": "string", "description": "Human-readable explanation."},
                "default": {
                    "description": (
                        "Value used when the parameter is omitted. Absent when there is no default (for `seed`: "
                        "random)."
                    )
                },
                "enum": {"type": "array", "description": "Allowed values (form: a select).", "items": {}},
                "minimum": {"type": "number", "description": "Inclusive lower bound (numbers)."},
                "maximum": {"type": "number", "description": "Inclusive upper bound (numbers)."},
                "min_length": {"type": "integer", "minimum": 0, "description": "Minimum string length."},
                "max_length": {"type": "integer", "minimum": 0, "description": "Maximum string length."},
                "min_items": {"type": "integer", "minimum": 0, "description": "Minimum number of array items."},
                "max_items": {"type": "integer", "minimum": 0, "description": "Maximum number of array items."},
                "item_schema": {
                    "type": "string",
                    "description": "For arrays: name of the component schema of each item (`ReferenceMediaItem`).",
                },
                "accepted_kinds": {
                    "type": "array",
                    "items": ref("MediaKind"),
                    "description": "For reference media: the media kinds the model accepts.",
                },
            },
        },
        "PublicApiModel": {
            "type": "object",
            "description": "One catalog model as served by `GET /api/v1/models`.",
            "required": [
                "id",
                "name",
                "kind",
                "status",
                "description",
                "prompt_required",
                "params",
                "credits",
                "sunset_at",
                "replaced_by",
            ],
            "properties": {
                "id": {"type": "string", "description": "Public model ID, the value of `model` in requests."},
                "name": {"type": "string", "description": "Display name."},
                "kind": ref("ModelKind"),
                "status": ref("ModelStatus"),
                "description": {"type": "string", "description": "What the model does and how to use it."},
                "prompt_required": {
                    "type": "boolean",
                    "description": (
                        "Whether `POST /api/v1/generations` requires `prompt` for this model. Always false for chat "
                        "models, which take `message` on the Chat API."
                    ),
                },
                "params": {
                    "type": "array",
                    "items": ref("ModelParam"),
                    "description": "Model-specific parameters accepted in `params` (empty for chat models).",
                },
                "credits": ref("ModelCredits"),
                "sunset_at": {
                    "type": ["string", "null"],
                    "format": "date",
                    "description": "Date after which a deprecated model is removed; null otherwise.",
                },
                "replaced_by": {
                    "type": ["string", "null"],
                    "description": "Suggested replacement model ID for a deprecated model; null otherwise.",
                },
            },
        },
        "ModelList": {
            "type": "object",
            "description": (
                "The full model catalog (image, video, audio and chat models), in catalog order. Uses the standard "
                "list envelope but is never paginated: `has_more` is always false. The list is dynamic: models are "
                "added, removed and gated over time, so never depend on a fixed count."
            ),
            "required": ["object", "data", "has_more", "next_cursor"],
            "properties": {
                "object": {"type": "string", "const": "list", "description": "Always `list`."},
                "data": {"type": "array", "items": ref("PublicApiModel"), "description": "The models."},
                "has_more": {"type": "boolean", "description": "Always false for the catalog."},
                "next_cursor": {"type": ["string", "null"], "description": "Always null for the catalog."},
            },
        },
    }


def build_generation_schemas():
    schemas = {
        "ReferenceMediaItem": {
            "type": "object",
            "description": (
                "A reference media file for a model, passed in `params.referenceMediaItems`. Build it from a "
                "PublicApiFile returned by `POST /api/v1/files`: `url` <- `url`, `kind` <- `kind`, `name` <- "
                "`filename`, `mimeType` <- `mime_type`, `durationSeconds` <- `duration_seconds`, `durationToken` <- "
                "`duration_token`. Field names are camelCase exactly as documented. There is no top-level `files` "
                "field on `POST /api/v1/generations`."
            ),
            "required": ["url", "kind"],
            "additionalProperties": False,
            "properties": {
                "url": {
                    "type": "string",
                    "format": "uri",
                    "description": (
                        "The file's `url` from the Files API (must belong to this account and not be expired)."
                    ),
                },
                "kind": ref("MediaKind"),
                "name": {
                    "type": "string",
                    "maxLength": 255,
                    "description": "Optional display name, usually the uploaded filename.",
                },
                "mimeType": {
                    "type": "string",
                    "maxLength": 127,
                    "description": "Optional media type, for example `image/png`.",
                },
                "durationSeconds": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "description": "Optional duration of a video or audio item, in seconds.",
                },
                "durationToken": {
                    "type": "string",
                    "maxLength": 255,
                    "description": (
                        "Optional token from the Files API that attests `durationSeconds`; models priced per second "
                        "of a reference (lipsync) use it to reserve credits without re-measuring."
                    ),
                },
            },
        },
        "GenerationPrompt": {
            "type": "string",
            "minLength": 1,
            "maxLength": PROMPT_MAX_LENGTH,
            "description": (
                "Text prompt (for speech models: the text to speak). Required by models whose `prompt_required` is "
                "true."
            ),
        },
        "ClientRequestId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": (
                "Your own trace ID, echoed back unchanged. Not an idempotency key (use the `Idempotency-Key` header)."
            ),
        },
        "GenerationRequest": {
            "description": (
                "Body of `POST /api/v1/generations`: `model` (required public model ID), `prompt` (optional string, "
                "required by many models), `params` (optional object of model-specific parameters) and "
                "`client_request_id` (optional). One variant per generation model, selected by `model`; each variant "
                "closes its `params` with the model's own `ModelParams.<modelId>` schema. Reference media go in "
                "`params.referenceMediaItems`; there is no top-level `files` field. An unknown `model` gives 400 "
                "`unknown_model`. New models add new variants (backward compatible)."
            ),
            "oneOf": [{"$ref": f"#/components/schemas/GenerationRequest.{m['id']}"} for m in MODELS],
            "discriminator": {
                "propertyName": "model",
                "mapping": {m["id"]: f"#/components/schemas/GenerationRequest.{m['id']}" for m in MODELS},
            },
        },
    }
    for m in MODELS:
        schemas[f"GenerationRequest.{m['id']}"] = generation_request_schema(m)
    for m in MODELS:
        schemas[f"ModelParams.{m['id']}"] = model_params_schema(m)

    schemas.update(
        {
            "GenerationStatus": {
                "type": "string",
                "description": (
                    "Lifecycle of a generation task: `queued` (accepted, credits reserved, waiting for capacity) -> "
                    "`running` (the model is working) -> `succeeded` or `failed`. Terminal statuses: `succeeded`, "
                    "`failed`; a terminal task never changes again. A task may go from `queued` straight to `failed`."
                ),
                "enum": GENERATION_STATUSES,
                "x-rivya-terminal": TERMINAL_GENERATION_STATUSES,
            },
            "GenerationOutput": {
                "type": "object",
                "description": (
                    "One output file of a succeeded generation. Dimension and duration fields are null when they do "
                    "not apply to the kind."
                ),
                "required": ["url", "kind", "mime_type", "size_bytes", "width", "height", "duration_seconds"],
                "properties": {
                    "url": {
                        "type": "string",
                        "format": "uri",
                        "description": "Signed download URL, valid until the result's `expires_at`.",
                    },
                    "kind": ref("MediaKind"),
                    "mime_type": {
                        "type": "string",
                        "description": "Media type of the file, for example `image/png`, `video/mp4`, `audio/mpeg`.",
                    },
                    "size_bytes": {"type": "integer", "minimum": 0, "description": "File size in bytes."},
                    "width": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "description": "Width in pixels (image, video); null for audio.",
                    },
                    "height": {
                        "type": ["integer", "null"],
                        "minimum": 1,
                        "description": "Height in pixels (image, video); null for audio.",
                    },
                    "duration_seconds": {
                        "type": ["number", "null"],
                        "minimum": 0,
                        "description": "Duration in seconds (video, audio); null for images.",
                    },
                },
            },
            "GenerationResult": {
                "type": "object",
                "description": (
                    "Result of a succeeded generation: the output files (in generation order) and when their URLs "
                    "expire. Download outputs you want to keep before `expires_at` (7 days after completion)."
                ),
                "required": ["outputs", "seed", "expires_at"],
                "properties": {
                    "outputs": {
                        "type": "array",
                        "minItems": 1,
                        "items": ref("GenerationOutput"),
                        "description": "The generated files.",
                    },
                    "seed": {
                        "type": ["integer", "null"],
                        "description": (
                            "The seed actually used (reuse it in `params.seed` to reproduce); null for models without "
                            "a seed."
                        ),
                    },
                    "expires_at": {
                        "type": "string",
                        "format": "date-time",
                        "description": "When the output URLs stop working.",
                    },
                },
            },
            "GenerationError": {
                "type": "object",
                "description": (
                    "Why a generation failed. Codes seen here: `generation_failed`, `generation_timeout`, "
                    "`content_policy_violation`, `file_not_usable`, `internal_error` (the ErrorCode list may grow). "
                    "All reserved credits of a failed task are refunded (`final_credits` is 0)."
                ),
                "required": ["code", "message"],
                "properties": {
                    "code": ref("ErrorCode"),
                    "message": {
                        "type": "string",
                        "description": "Human-readable explanation; may change, do not parse it.",
                    },
                },
            },
            "PublicGeneration": {
                "type": "object",
                "description": (
                    "A generation task, as returned by create (202), status polling and generation webhooks. Only "
                    "public "
                    "fields appear here.\n\n"
                    "Credits: `reserved_credits` are held from the balance at submission (from the model's `credits` "
                    "and "
                    "the request's params) and never change. `final_credits` is null until the task is terminal; then "
                    "it is "
                    "the amount actually charged: on `succeeded` at most `reserved_credits` (any difference is "
                    "released), "
                    "on `failed` 0 (everything is refunded).\n\n"
                    "`result` is a GenerationResult only when `status` is `succeeded`, else null; `error` is a "
                    "GenerationError only when `status` is `failed`, else null."
                ),
                "required": [
                    "id",
                    "status",
                    "model",
                    "client_request_id",
                    "reserved_credits",
                    "final_credits",
                    "created_at",
                    "updated_at",
                    "result",
                    "error",
                ],
                "properties": {
                    "id": {
                        "type": "string",
                        "description": (
                            "Generation ID (prefix `gen_`); the `taskId` of `GET /api/v1/generations/{taskId}`."
                        ),
                    },
                    "status": ref("GenerationStatus"),
                    "model": {"type": "string", "description": "Public model ID the task runs on."},
                    "client_request_id": {
                        "type": ["string", "null"],
                        "description": "Your `client_request_id`, echoed; null when not sent.",
                    },
                    "reserved_credits": {
                        "type": "number",
                        "minimum": 0,
                        "description": "Credits reserved at submission.",
                    },
                    "final_credits": {
                        "type": ["number", "null"],
                        "minimum": 0,
                        "description": "Credits charged; null until the task is terminal, 0 when it failed.",
                    },
                    "created_at": {
                        "type": "string",
                        "format": "date-time",
                        "description": "When the task was accepted.",
                    },
                    "updated_at": {
                        "type": "string",
                        "format": "date-time",
                        "description": "When `status` (or anything else) last changed.",
                    },
                    "result": nullable_ref(
                        "GenerationResult", "Outputs; present only when `status` is `succeeded`, else null."
                    ),
                    "error": nullable_ref(
                        "GenerationError", "Failure reason; present only when `status` is `failed`, else null."
                    ),
                },
            },
        }
    )
    return schemas


def build_file_schemas():
    type_lines = "; ".join(f"{kind}: {', '.join(types)}" for kind, types in ACCEPTED_UPLOAD_TYPES.items())
    return {
        "FileUploadRequest": {
            "type": "object",
            "description": (
                f"Multipart form for `POST /api/v1/files`. Limits: at most {MAX_UPLOAD_BYTES} bytes (50 MB) per file "
                f"(413 `file_too_large`); accepted media types per kind ({type_lines}; others give 415 "
                "`unsupported_media_type`); images at most 8192 px per side, video at most 120 s, audio at most 600 s "
                "(422 `invalid_file`)."
            ),
            "required": ["file", "kind"],
            "additionalProperties": False,
            "properties": {
                "file": {
                    "type": "string",
                    "contentMediaType": "application/octet-stream",
                    "description": (
                        "The file bytes, with a filename in the part's Content-Disposition and its real media type in "
                        "the part's Content-Type."
                    ),
                },
                "kind": ref("MediaKind"),
                "model": {
                    "type": "string",
                    "description": (
                        "Optional model ID the file is meant for; when given, the upload is checked against that "
                        "model's accepted reference kinds (422 `file_not_usable`)."
                    ),
                },
                "client_request_id": ref("ClientRequestId"),
            },
        },
        "PublicApiFile": {
            "type": "object",
            "description": (
                "Public metadata of an uploaded file. Files belong to the API account that uploaded them and expire "
                "30 days after upload. To use a file as reference media, copy it into a ReferenceMediaItem (`url`, "
                "`kind`, `filename` -> `name`, `mime_type` -> `mimeType`, `duration_seconds` -> `durationSeconds`, "
                '`duration_token` -> `durationToken`); to attach an image to a chat turn, send `{"file_id": id}`.'
            ),
            "required": [
                "id",
                "kind",
                "filename",
                "mime_type",
                "size_bytes",
                "width",
                "height",
                "duration_seconds",
                "duration_token",
                "url",
                "model",
                "client_request_id",
                "created_at",
                "expires_at",
            ],
            "properties": {
                "id": {"type": "string", "description": "File ID (prefix `file_`); the `file_id` of chat attachments."},
                "kind": ref("MediaKind"),
                "filename": {"type": "string", "description": "Original filename from the upload."},
                "mime_type": {"type": "string", "description": "Detected media type."},
                "size_bytes": {"type": "integer", "minimum": 0, "description": "Size in bytes."},
                "width": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "description": "Width in pixels (image, video); null for audio.",
                },
                "height": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "description": "Height in pixels (image, video); null for audio.",
                },
                "duration_seconds": {
                    "type": ["number", "null"],
                    "minimum": 0,
                    "description": "Measured duration (video, audio); null for images.",
                },
                "duration_token": {
                    "type": ["string", "null"],
                    "description": (
                        "Token attesting `duration_seconds` (video, audio), for `ReferenceMediaItem.durationToken`; "
                        "null for images."
                    ),
                },
                "url": {
                    "type": "string",
                    "format": "uri",
                    "description": (
                        "Signed URL of the file, valid until `expires_at`; use it as `ReferenceMediaItem.url`."
                    ),
                },
                "model": {
                    "type": ["string", "null"],
                    "description": "The `model` sent with the upload; null when not sent.",
                },
                "client_request_id": {
                    "type": ["string", "null"],
                    "description": "Your `client_request_id`, echoed; null when not sent.",
                },
                "created_at": {"type": "string", "format": "date-time", "description": "Upload time."},
                "expires_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the file and its URL expire (30 days after upload).",
                },
            },
        },
    }


def chat_model_note():
    ids = ", ".join(f"`{m['id']}`" for m in CHAT_MODELS)
    return f"Chat model ID from `GET /api/v1/models` (`kind: chat`), currently {ids}. The list is dynamic."


def build_chat_schemas():
    stream_events = [
        (
            "session.created",
            "ChatStreamSessionCreated",
            (
                "First event, sent only when the turn created a new session (no `session_id` in the request). `data` "
                "is the new ChatSession."
            ),
            ref("ChatSession"),
        ),
        (
            "message.delta",
            "ChatStreamMessageDelta",
            "A chunk of the assistant's text. Concatenate `delta` values in `index` order to get the full content.",
            {
                "type": "object",
                "description": "An incremental text chunk.",
                "required": ["session_id", "message_id", "index", "delta"],
                "properties": {
                    "session_id": {"type": "string", "description": "Session of the turn."},
                    "message_id": {"type": "string", "description": "ID the assistant ChatMessage will have."},
                    "index": {"type": "integer", "minimum": 0, "description": "Sequence number of this chunk, from 0."},
                    "delta": {"type": "string", "description": "The text chunk."},
                },
            },
        ),
        (
            "message.completed",
            "ChatStreamMessageCompleted",
            "The complete assistant message, after the last delta. `data` is the ChatMessage as stored in the session.",
            ref("ChatMessage"),
        ),
        (
            "usage.completed",
            "ChatStreamUsageCompleted",
            "Token usage and credit settlement of the turn.",
            {
                "type": "object",
                "description": "Usage and credits of the finished turn.",
                "required": ["session_id", "message_id", "usage", "credits"],
                "properties": {
                    "session_id": {"type": "string", "description": "Session of the turn."},
                    "message_id": {"type": "string", "description": "The assistant message ID."},
                    "usage": ref("ChatUsage"),
                    "credits": ref("ChatCredits"),
                },
            },
        ),
        (
            "heartbeat",
            "ChatStreamHeartbeat",
            "Keep-alive sent after 15 seconds without another event. Ignore it.",
            {
                "type": "object",
                "description": "Keep-alive payload.",
                "required": ["sent_at"],
                "properties": {
                    "sent_at": {
                        "type": "string",
                        "format": "date-time",
                        "description": "Server time when the heartbeat was sent.",
                    }
                },
            },
        ),
        (
            "error",
            "ChatStreamError",
            (
                "The turn failed after the stream started. `data` has the same shape as an HTTP error body "
                "(PublicApiError). Credits reserved for the turn are refunded except for tokens already produced. A "
                "`done` event follows."
            ),
            ref("PublicApiError"),
        ),
        (
            "done",
            "ChatStreamDone",
            "Last event; the server closes the stream after it.",
            {
                "type": "object",
                "description": "End-of-stream marker.",
                "required": ["session_id", "message_id"],
                "properties": {
                    "session_id": {
                        "type": ["string", "null"],
                        "description": "Session of the turn; null only if the turn failed before a session existed.",
                    },
                    "message_id": {
                        "type": ["string", "null"],
                        "description": "The assistant message ID; null if the turn failed before producing a message.",
                    },
                },
            },
        ),
    ]
    schemas = {
        "ChatControls": {
            "type": "object",
            "description": (
                "Optional generation controls for one chat turn. All fields are optional; omitted fields use the "
                "defaults below. Models that do not support a control ignore it (`reasoning_effort` on "
                "`rivya-chat-mini`)."
            ),
            "required": [],
            "additionalProperties": False,
            "properties": {
                "temperature": {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 2,
                    "default": 1,
                    "description": "Sampling temperature. Lower is more deterministic.",
                },
                "top_p": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": 1,
                    "default": 1,
                    "description": "Nucleus sampling: only tokens within this cumulative probability are considered.",
                },
                "max_output_tokens": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": 32768,
                    "default": 4096,
                    "description": (
                        "Upper bound on output tokens (including reasoning tokens). Credits are reserved for this "
                        "many output tokens and settled on actual usage."
                    ),
                },
                "reasoning_effort": {
                    "type": "string",
                    "enum": ["none", "low", "medium", "high"],
                    "default": "low",
                    "description": "How much the model reasons before answering. More effort uses more output tokens.",
                },
                "instructions": {
                    "type": "string",
                    "maxLength": 8000,
                    "description": (
                        "System-level instructions for this turn (tone, format, role). Not stored as a message."
                    ),
                },
            },
        },
        "ChatAttachment": {
            "type": "object",
            "description": (
                "An image attached to a chat turn: a Files API upload of kind `image` owned by this account (else 422 "
                "`file_not_usable`)."
            ),
            "required": ["file_id"],
            "additionalProperties": False,
            "properties": {
                "file_id": {
                    "type": "string",
                    "minLength": 1,
                    "description": "`id` of a PublicApiFile with `kind: image`.",
                }
            },
        },
        "ChatCompletionRequest": {
            "type": "object",
            "description": (
                "One chat turn, for both `POST /api/v1/chat/completions` and `POST /api/v1/chat/completions/stream`. "
                "Send only the new user `message`; the session keeps the history. Omit `session_id` to start a new "
                "API-created session; pass it to continue one. Chat API v1 does not accept a raw `messages` array "
                "(400 `unknown_parameter`)."
            ),
            "required": ["model", "message"],
            "additionalProperties": False,
            "properties": {
                "model": {
                    "type": "string",
                    "minLength": 1,
                    "description": chat_model_note() + " A session may switch models between turns.",
                    "examples": [m["id"] for m in CHAT_MODELS],
                },
                "message": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 32000,
                    "description": "The user's message for this turn.",
                },
                "session_id": {
                    "type": "string",
                    "minLength": 1,
                    "description": (
                        "Continue this API-created session (404 `not_found` if it does not exist for this account). "
                        "Omit to create a new session."
                    ),
                },
                "controls": ref("ChatControls"),
                "attachments": {
                    "type": "array",
                    "maxItems": 4,
                    "items": ref("ChatAttachment"),
                    "description": "Up to 4 image attachments, by Files API `file_id`.",
                },
                "client_request_id": ref("ClientRequestId"),
            },
        },
        "ChatMessageAttachment": {
            "type": "object",
            "description": "An attachment as stored on a ChatMessage.",
            "required": ["file_id", "kind", "mime_type", "filename"],
            "properties": {
                "file_id": {"type": "string", "description": "The attached file's ID."},
                "kind": ref("MediaKind"),
                "mime_type": {"type": "string", "description": "Media type of the file."},
                "filename": {"type": "string", "description": "Original filename."},
            },
        },
        "ChatMessage": {
            "type": "object",
            "description": "One message of a chat session: the user's message or the assistant's reply.",
            "required": ["id", "session_id", "role", "content", "attachments", "model", "finish_reason", "created_at"],
            "properties": {
                "id": {"type": "string", "description": "Message ID (prefix `msg_`)."},
                "session_id": {"type": "string", "description": "Session the message belongs to."},
                "role": {"type": "string", "enum": ["user", "assistant"], "description": "Who wrote the message."},
                "content": {"type": "string", "description": "Message text."},
                "attachments": {
                    "type": "array",
                    "items": ref("ChatMessageAttachment"),
                    "description": "Attached images (user messages); empty for assistant messages.",
                },
                "model": {
                    "type": ["string", "null"],
                    "description": "Model that wrote an assistant message; null for user messages.",
                },
                "finish_reason": {
                    "type": ["string", "null"],
                    "enum": ["stop", "length", "content_filter", None],
                    "description": (
                        "Why an assistant message ended: `stop` (natural end), `length` (`max_output_tokens` "
                        "reached), `content_filter` (moderation cut it); null for user messages."
                    ),
                },
                "created_at": {"type": "string", "format": "date-time", "description": "When the message was created."},
            },
        },
        "ChatUsage": {
            "type": "object",
            "description": "Token usage. On a completion: the turn; on a session: the sum over all turns.",
            "required": ["input_tokens", "output_tokens", "reasoning_tokens", "total_tokens"],
            "properties": {
                "input_tokens": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Tokens read: session history, instructions, the new message and attachments.",
                },
                "output_tokens": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Tokens generated, including reasoning tokens.",
                },
                "reasoning_tokens": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Part of `output_tokens` spent on reasoning.",
                },
                "total_tokens": {"type": "integer", "minimum": 0, "description": "`input_tokens` + `output_tokens`."},
            },
        },
        "ChatCredits": {
            "type": "object",
            "description": (
                "Token-based credit settlement of one turn. `reserved_credits` were held when the turn started (input "
                "tokens plus `max_output_tokens` at the model's `1k_tokens` prices); `final_credits` were charged for "
                "the actual usage (never more than reserved); the difference was released."
            ),
            "required": ["reserved_credits", "final_credits"],
            "properties": {
                "reserved_credits": {
                    "type": "number",
                    "minimum": 0,
                    "description": "Credits held at the start of the turn.",
                },
                "final_credits": {"type": "number", "minimum": 0, "description": "Credits charged for the turn."},
            },
        },
        "ChatCompletion": {
            "type": "object",
            "description": (
                "Result of a non-streaming chat turn: one complete assistant message plus usage and credits."
            ),
            "required": ["session_id", "model", "message", "usage", "credits", "client_request_id", "created_at"],
            "properties": {
                "session_id": {"type": "string", "description": "Session of the turn (new or continued)."},
                "model": {"type": "string", "description": "Model that answered."},
                "message": ref("ChatMessage"),
                "usage": ref("ChatUsage"),
                "credits": ref("ChatCredits"),
                "client_request_id": {
                    "type": ["string", "null"],
                    "description": "Your `client_request_id`, echoed; null when not sent.",
                },
                "created_at": {"type": "string", "format": "date-time", "description": "When the turn finished."},
            },
        },
        "ChatSession": {
            "type": "object",
            "description": (
                "An API-created chat session (sessions from Rivya's apps are not visible to the API). `messages` is "
                "present only on `GET /api/v1/chat/sessions/{sessionId}` (oldest first) and omitted in lists."
            ),
            "required": ["id", "title", "model", "message_count", "usage", "created_at", "updated_at"],
            "properties": {
                "id": {
                    "type": "string",
                    "description": "Session ID (prefix `chs_`); the `session_id` of chat requests.",
                },
                "title": {
                    "type": ["string", "null"],
                    "description": "Short title derived from the first turn; null until then.",
                },
                "model": {"type": "string", "description": "Model of the most recent turn."},
                "message_count": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "Number of messages (user and assistant).",
                },
                "usage": ref("ChatUsage"),
                "created_at": {"type": "string", "format": "date-time", "description": "When the session was created."},
                "updated_at": {
                    "type": "string",
                    "format": "date-time",
                    "description": "When the last message was added.",
                },
                "messages": {
                    "type": "array",
                    "items": ref("ChatMessage"),
                    "description": "Full transcript, oldest first (single-session reads only).",
                },
            },
        },
        "ChatSessionList": list_envelope(
            "ChatSession", "API-created chat sessions (without `messages`)", "most recently updated first"
        ),
    }
    for event_name, schema_name, description, data_schema in stream_events:
        schemas[schema_name] = {
            "type": "object",
            "description": f"`{event_name}` stream event. {description}",
            "required": ["event", "data"],
            "properties": {
                "event": {"type": "string", "const": event_name, "description": "The SSE `event:` field."},
                "data": data_schema,
            },
        }
    schemas["ChatStreamEvent"] = {
        "description": (
            "One server-sent event of `POST /api/v1/chat/completions/stream`, as `{event, data}` where `event` is "
            "the SSE `event:` field and `data` the JSON of its `data:` line. Order: `session.created` (only for a "
            "new session), one or more `message.delta`, `message.completed`, `usage.completed`, `done`; "
            "`heartbeat` may appear anywhere before `done`; on failure `error` then `done`. Ignore unknown event "
            "names (new events may be added)."
        ),
        "oneOf": [ref(schema_name) for _, schema_name, _, _ in stream_events],
        "discriminator": {
            "propertyName": "event",
            "mapping": {
                event_name: f"#/components/schemas/{schema_name}" for event_name, schema_name, _, _ in stream_events
            },
        },
    }
    return schemas


def webhook_endpoint_properties():
    return {
        "id": {"type": "string", "description": "Endpoint ID (prefix `we_`)."},
        "url": {"type": "string", "format": "uri", "description": "HTTPS URL deliveries are POSTed to."},
        "description": {"type": ["string", "null"], "description": "Your note about the endpoint."},
        "enabled_events": {
            "type": "array",
            "items": ref("WebhookEventType"),
            "description": "Event types delivered to this endpoint.",
        },
        "status": {
            "type": "string",
            "enum": ["enabled", "disabled"],
            "description": "Disabled endpoints receive nothing (events are not queued for them).",
        },
        "secret_hint": {
            "type": "string",
            "description": (
                "Prefix and last 4 characters of the current signing secret, to tell secrets apart. The full secret "
                "is shown only on create and rotate."
            ),
        },
        "previous_secret_expires_at": {
            "type": ["string", "null"],
            "format": "date-time",
            "description": "During a rotation grace period: when the previous secret stops signing; null otherwise.",
        },
        "created_at": {"type": "string", "format": "date-time", "description": "When the endpoint was created."},
        "updated_at": {"type": "string", "format": "date-time", "description": "When the endpoint was last changed."},
    }


WEBHOOK_SIGNATURE_DESCRIPTION = f"""\
Rivya POSTs a JSON `WebhookEvent` to each enabled endpoint subscribed to the event type.

**Verifying the signature.** Each delivery carries `Rivya-Webhook-Timestamp` (Unix seconds)
and `Rivya-Webhook-Signature` (`v1=<hex>`). To verify:

1. Read the raw request body bytes (before any JSON parsing).
2. Build the signed payload `f"{{timestamp}}.{{raw_body}}"`.
3. Compute the lowercase hex HMAC-SHA256 of it, keyed with the endpoint secret (the whole
   `whsec_...` string as UTF-8 bytes).
4. Compare it in constant time with each `v1=` value of the signature header (several
   values, separated by `, `, are sent during a secret-rotation grace period); accept if any matches.
5. Reject the delivery if the timestamp is more than {SIGNATURE_TOLERANCE_SECONDS} seconds from your clock.

**Acknowledging and retries.** Respond with any 2xx within 10 seconds. Anything else
(non-2xx, timeout, connection or TLS error, redirect) is a failed attempt. Failed deliveries
are retried with exponential backoff, up to {WEBHOOK_MAX_ATTEMPTS} attempts in total, after
{", ".join(WEBHOOK_RETRY_DELAYS)} (about 23 hours, each delay with up to 10% jitter). Each
attempt is re-signed with a fresh timestamp and recorded as a `WebhookDelivery`
(`GET /api/v1/webhooks/{{endpointId}}/deliveries`).

**Semantics.** Delivery is at least once and unordered: deduplicate on the event `id` and use
`data.object.status` / `updated_at` rather than arrival order. Endpoints are never disabled
automatically; disable them yourself with `PATCH /api/v1/webhooks/{{endpointId}}`."""


def build_webhook_schemas():
    endpoint_props = webhook_endpoint_properties()
    endpoint_required = list(endpoint_props)
    with_secret_props = dict(endpoint_props)
    with_secret_props["secret"] = {
        "type": "string",
        "description": "The full signing secret (`whsec_...`). Shown only in this response; store it securely.",
    }
    return {
        "WebhookEventType": {
            "type": "string",
            "description": (
                "Webhook event types: `generation.succeeded` and `generation.failed` (a generation reached a terminal "
                "status) and `webhook.test` (sent only by `POST /api/v1/webhooks/{endpointId}/test`, never subscribed "
                "to). Chat webhook events are not part of v1. New types may be added; ignore unknown ones."
            ),
            "enum": WEBHOOK_EVENT_TYPES,
            "x-extensible-enum": True,
        },
        "WebhookEndpoint": {
            "type": "object",
            "description": (
                "A webhook endpoint. The signing secret is never returned here (see WebhookEndpointWithSecret)."
            ),
            "required": endpoint_required,
            "properties": endpoint_props,
        },
        "WebhookEndpointWithSecret": {
            "type": "object",
            "description": (
                "A webhook endpoint plus its full signing secret, returned only by create and rotate-secret. The "
                "secret is shown once."
            ),
            "required": [*endpoint_required, "secret"],
            "properties": with_secret_props,
        },
        "WebhookEndpointCreate": {
            "type": "object",
            "description": "Body of `POST /api/v1/webhooks`.",
            "required": ["url", "enabled_events"],
            "additionalProperties": False,
            "properties": {
                "url": {
                    "type": "string",
                    "format": "uri",
                    "maxLength": 2048,
                    "pattern": "^https://",
                    "description": (
                        "HTTPS URL on a public host (private and loopback addresses are rejected with 400 "
                        "`invalid_parameter`)."
                    ),
                },
                "enabled_events": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": ref("WebhookEventType"),
                    "description": "Event types to deliver (`generation.succeeded`, `generation.failed`).",
                },
                "description": {"type": "string", "maxLength": 256, "description": "Optional note."},
                "status": {
                    "type": "string",
                    "enum": ["enabled", "disabled"],
                    "default": "enabled",
                    "description": "Initial status.",
                },
            },
        },
        "WebhookEndpointUpdate": {
            "type": "object",
            "description": (
                "Body of `PATCH /api/v1/webhooks/{endpointId}`: only the fields sent are changed (at least one)."
            ),
            "required": [],
            "minProperties": 1,
            "additionalProperties": False,
            "properties": {
                "url": {
                    "type": "string",
                    "format": "uri",
                    "maxLength": 2048,
                    "pattern": "^https://",
                    "description": "New HTTPS URL.",
                },
                "enabled_events": {
                    "type": "array",
                    "minItems": 1,
                    "uniqueItems": True,
                    "items": ref("WebhookEventType"),
                    "description": "New list of event types (replaces the old list).",
                },
                "description": {
                    "type": ["string", "null"],
                    "maxLength": 256,
                    "description": "New note; null clears it.",
                },
                "status": {
                    "type": "string",
                    "enum": ["enabled", "disabled"],
                    "description": "Enable or disable deliveries.",
                },
            },
        },
        "WebhookSecretRotation": {
            "type": "object",
            "description": "Optional body of `POST /api/v1/webhooks/{endpointId}/rotate-secret`.",
            "required": [],
            "additionalProperties": False,
            "properties": {
                "grace_period_seconds": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 86400,
                    "default": 86400,
                    "description": (
                        "How long the previous secret keeps signing alongside the new one (both `v1=` values are "
                        "sent). 0 retires it immediately."
                    ),
                },
            },
        },
        "WebhookEndpointList": list_envelope("WebhookEndpoint", "webhook endpoints", "newest first"),
        "WebhookEventData": {
            "type": "object",
            "description": (
                "Payload of a webhook event. For `generation.*` events `object` is the generation at its terminal "
                "status; for `webhook.test` it is a synthetic succeeded generation whose `id` starts with `gen_test_`."
            ),
            "required": ["object"],
            "properties": {"object": ref("PublicGeneration")},
        },
        "WebhookEvent": {
            "type": "object",
            "description": (
                "A webhook event: the body of every delivery, and the items of `GET /api/v1/webhook-events` (kept 30 "
                "days).\n\n"
            )
            + WEBHOOK_SIGNATURE_DESCRIPTION,
            "required": ["id", "type", "api_version", "created_at", "data"],
            "properties": {
                "id": {
                    "type": "string",
                    "description": (
                        "Event ID (prefix `evt_`); the same across all delivery attempts and endpoints. Deduplicate "
                        "on it."
                    ),
                },
                "type": ref("WebhookEventType"),
                "api_version": {"type": "string", "description": "API version the payload is rendered in (`v1`)."},
                "created_at": {"type": "string", "format": "date-time", "description": "When the event happened."},
                "data": ref("WebhookEventData"),
            },
        },
        "WebhookEventList": list_envelope("WebhookEvent", "webhook events of the last 30 days", "newest first"),
        "WebhookDelivery": {
            "type": "object",
            "description": (
                "One delivery attempt of one event to one endpoint. "
                f"Attempts are numbered from 1 to {WEBHOOK_MAX_ATTEMPTS}; "
                "`next_retry_at` is set when another attempt is scheduled. Test deliveries are single attempts and "
                "never retried. Kept 30 days."
            ),
            "required": [
                "id",
                "endpoint_id",
                "event_id",
                "event_type",
                "attempt",
                "success",
                "status_code",
                "response_time_ms",
                "failure_reason",
                "next_retry_at",
                "test",
                "created_at",
            ],
            "properties": {
                "id": {"type": "string", "description": "Delivery attempt ID (prefix `whd_`)."},
                "endpoint_id": {"type": "string", "description": "Endpoint the attempt went to."},
                "event_id": {"type": "string", "description": "Event delivered."},
                "event_type": ref("WebhookEventType"),
                "attempt": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": WEBHOOK_MAX_ATTEMPTS,
                    "description": "Attempt number for this event and endpoint.",
                },
                "success": {"type": "boolean", "description": "True when the endpoint answered 2xx within 10 seconds."},
                "status_code": {
                    "type": ["integer", "null"],
                    "minimum": 100,
                    "maximum": 599,
                    "description": "HTTP status the endpoint returned; null if there was no response.",
                },
                "response_time_ms": {
                    "type": ["integer", "null"],
                    "minimum": 0,
                    "description": "Time to the response in milliseconds; null if there was no response.",
                },
                "failure_reason": {
                    "type": ["string", "null"],
                    "enum": ["http_status", "timeout", "connection_error", "tls_error", "redirect", None],
                    "description": "Why a failed attempt failed; null on success.",
                },
                "next_retry_at": {
                    "type": ["string", "null"],
                    "format": "date-time",
                    "description": (
                        "When the next attempt is scheduled; null on success, for test deliveries and after the last "
                        "attempt."
                    ),
                },
                "test": {"type": "boolean", "description": "True for deliveries sent by the test route."},
                "created_at": {"type": "string", "format": "date-time", "description": "When the attempt was made."},
            },
        },
        "WebhookDeliveryList": list_envelope("WebhookDelivery", "delivery attempts", "newest first"),
        "WebhookTestRequest": {
            "type": "object",
            "description": "Optional body of `POST /api/v1/webhooks/{endpointId}/test`.",
            "required": [],
            "additionalProperties": False,
            "properties": {
                "event_type": {
                    "allOf": [ref("WebhookEventType")],
                    "default": "webhook.test",
                    "description": (
                        "Event type of the synthetic event. `generation.succeeded` / `generation.failed` send a "
                        "realistic sample payload of that type (its generation `id` starts with `gen_test_`)."
                    ),
                },
            },
        },
        "WebhookTestResult": {
            "type": "object",
            "description": (
                "Result of a synchronous test delivery: the synthetic event sent and the recorded delivery attempt."
            ),
            "required": ["success", "event", "delivery"],
            "properties": {
                "success": {"type": "boolean", "description": "True when the endpoint answered 2xx within 10 seconds."},
                "event": ref("WebhookEvent"),
                "delivery": ref("WebhookDelivery"),
            },
        },
    }


def build_schemas():
    schemas = {
        "ErrorCode": error_code_schema(),
        "PublicApiError": {
            "type": "object",
            "description": (
                "The body of every error response (and the `data` of the chat stream `error` event). Branch on "
                "`error.code`; `message` is for humans and may change. `request_id` equals the `X-Request-Id` header."
            ),
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "description": "The error.",
                    "required": ["code", "message", "request_id"],
                    "properties": {
                        "code": ref("ErrorCode"),
                        "message": {"type": "string", "description": "Human-readable explanation."},
                        "param": {
                            "type": "string",
                            "description": (
                                "The offending parameter as a dotted path (for example `params.num_outputs`), when "
                                "the error is about one parameter."
                            ),
                        },
                        "request_id": {
                            "type": "string",
                            "description": "ID of the failed request; quote it to support.",
                        },
                        "doc_url": {
                            "type": "string",
                            "format": "uri",
                            "description": "Link to the documentation of this error code.",
                        },
                    },
                }
            },
        },
    }
    schemas.update(build_model_schemas())
    schemas.update(build_generation_schemas())
    schemas.update(build_file_schemas())
    schemas.update(build_chat_schemas())
    schemas["CreditBalance"] = {
        "type": "object",
        "description": (
            "The account's credits. Creating a generation or chat turn holds credits in `reserved_credits`; "
            "settlement moves the final amount out and releases the rest back to `available_credits`."
        ),
        "required": ["available_credits", "reserved_credits", "updated_at"],
        "properties": {
            "available_credits": {
                "type": "number",
                "description": "Credits that new requests can reserve. Can be negative only after a manual adjustment.",
            },
            "reserved_credits": {
                "type": "number",
                "minimum": 0,
                "description": "Credits held by queued or running generations and in-flight chat turns.",
            },
            "updated_at": {"type": "string", "format": "date-time", "description": "When the balance last changed."},
        },
    }
    schemas.update(build_webhook_schemas())
    return schemas


def build_components():
    return {
        "schemas": build_schemas(),
        "responses": build_error_responses(),
        "parameters": build_parameters(),
        "headers": build_headers(),
        "securitySchemes": build_security_schemes(),
    }


# ---------------------------------------------------------------------------
# paths
# ---------------------------------------------------------------------------

LIST_PARAMS = [param_ref("Limit"), param_ref("After")]


def creation_headers():
    headers = standard_headers()
    headers["Idempotent-Replayed"] = header_ref("IdempotentReplayed")
    return headers


def stream_event(event, data):
    """One chat stream event in its parsed `{event, data}` form."""
    return {"event": event, "data": data}


def delta_data(index, delta):
    return {"session_id": SESSION_ID, "message_id": ASSISTANT_MSG_ID, "index": index, "delta": delta}


USAGE_COMPLETED_DATA = {
    "session_id": SESSION_ID,
    "message_id": ASSISTANT_MSG_ID,
    "usage": CHAT_USAGE,
    "credits": CHAT_CREDITS,
}
DONE_DATA = {"session_id": SESSION_ID, "message_id": ASSISTANT_MSG_ID}

# The successful stream of the new-session example, in wire order.
STREAM_HAPPY_PATH = [
    stream_event("session.created", CHAT_SESSION_NEW),
    stream_event(
        "message.delta", delta_data(0, "Revenue grew every month of Q1, from 1.2M in January to 1.9M in March, ")
    ),
    stream_event("message.delta", delta_data(1, "driven mostly by the EU region. ")),
    stream_event("message.delta", delta_data(2, "February's dip in APAC was fully recovered by mid-March.")),
    stream_event("message.completed", ASSISTANT_MESSAGE),
    stream_event("usage.completed", USAGE_COMPLETED_DATA),
    stream_event("done", DONE_DATA),
]


def sse_transcript(events):
    """Wire form of events: `event: <name>\\ndata: <compact json>\\n\\n` per event."""
    frames = []
    for item in events:
        data = json.dumps(item["data"], separators=(",", ":"), ensure_ascii=False)
        frames.append(f"event: {item['event']}\ndata: {data}\n\n")
    return "".join(frames)


def chat_request_examples():
    return named_examples(
        new_session=(
            "Start a new session with an image attachment",
            {
                "model": "rivya-chat-1",
                "message": "Summarise the attached sales chart in two sentences.",
                "attachments": [{"file_id": FILE_ID}],
                "controls": {"temperature": 0.4, "max_output_tokens": 300},
                "client_request_id": "support-bot/turn-1",
            },
        ),
        continue_session=(
            "Continue an existing session",
            {
                "model": "rivya-chat-1",
                "session_id": SESSION_ID,
                "message": "Now suggest three headlines for a newsletter about it.",
                "controls": {"reasoning_effort": "medium", "instructions": "Answer as a numbered list."},
            },
        ),
    )


def build_paths():
    paths = {}

    paths["/api/v1/models"] = {
        "get": operation(
            "listModels",
            "Models",
            "List models",
            "Returns the dynamic model catalog: every image, video, audio and chat model with its status, pricing "
            "and parameters (as ModelParam form descriptions that mirror the `ModelParams.<modelId>` schemas of this "
            "document). Gated models are listed for every account. The list changes as Rivya adds, removes and gates "
            "models; never depend on a fixed count. Not paginated.",
            ["models:read"],
            parameters=[param_ref("ModelKindFilter")],
            responses={
                "200": json_response(
                    "The model catalog.",
                    ref("ModelList"),
                    named_examples(catalog=("The full catalog on 2026-05-11", model_list_example())),
                ),
                **errors("BadRequest", "Unauthorized", "Forbidden", "RateLimited", "InternalError"),
            },
        )
    }

    gen_examples = {
        m_id: {
            "summary": summary,
            "value": dict({"model": m_id}, **next(m["example"] for m in MODELS if m["id"] == m_id)),
        }
        for m_id, summary in [
            ("rivya-image-1", "Text to image"),
            ("rivya-image-edit-1", "Image edit with a reference image"),
            ("rivya-video-1", "Text to video"),
            ("rivya-lipsync-1", "Lipsync with video and audio references (no prompt)"),
            ("rivya-tts-1", "Text to speech"),
        ]
    }
    gen_examples["rivya-image-1"]["value"]["client_request_id"] = "campaign-42/hero"
    paths["/api/v1/generations"] = {
        "post": operation(
            "createGeneration",
            "Generations",
            "Create a generation",
            "Submits an asynchronous image, video or audio generation. The body is a `GenerationRequest`: `model` "
            "(required public model ID), `prompt` (optional string, required by most models), `params` "
            "(model-specific, validated against `ModelParams.<modelId>`) and `client_request_id`. Reference media "
            "uploaded with `POST /api/v1/files` go in `params.referenceMediaItems`; there is no top-level `files` "
            "field.\n\nCredits for the task are reserved immediately (402 `insufficient_credits` if the balance is "
            "too low) and the task is returned with status `queued` and 202. Follow it with "
            "`GET /api/v1/generations/{taskId}` (see `Location`) or the `generation.succeeded` / `generation.failed` "
            "webhooks. Gated models need account access (403 `model_gated`); at most 10 tasks may be queued or "
            "running per account (429 `concurrency_limit_exceeded`). Send an `Idempotency-Key` to retry safely.",
            ["generations:create"],
            parameters=[param_ref("IdempotencyKey")],
            request_body=json_request_body("GenerationRequest", gen_examples),
            responses={
                "202": json_response(
                    "Accepted: the task is queued and its credits are reserved.",
                    ref("PublicGeneration"),
                    named_examples(queued=("Queued image task", GENERATION_QUEUED)),
                    headers=dict(
                        creation_headers(),
                        **{"Location": header_ref("GenerationLocation"), "Retry-After": header_ref("PollRetryAfter")},
                    ),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "PaymentRequired",
                    "Forbidden",
                    "Conflict",
                    "PayloadTooLarge",
                    "UnsupportedMediaType",
                    "UnprocessableEntity",
                    "RateLimited",
                    "InternalError",
                    "ServiceUnavailable",
                ),
            },
        )
    }

    paths["/api/v1/files"] = {
        "post": operation(
            "uploadFile",
            "Files",
            "Upload a file",
            "Uploads reference media as `multipart/form-data` with the parts `file`, `kind` (image, video, audio), "
            "optional `model` and optional `client_request_id`. Returns 201 with the PublicApiFile. Use its `url` "
            "(and the other fields) in `params.referenceMediaItems`, or its `id` as a chat attachment `file_id`.\n\n"
            f"Limits: at most 50 MB ({MAX_UPLOAD_BYTES} bytes) per file, else 413 `file_too_large`; media types "
            "per kind as listed in FileUploadRequest, else 415 `unsupported_media_type`; undecodable files or files "
            "over the media limits give 422 `invalid_file`. Files expire 30 days after upload.",
            ["files:write"],
            parameters=[param_ref("IdempotencyKey")],
            request_body={
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": ref("FileUploadRequest"),
                        "encoding": {
                            "file": {
                                "contentType": ", ".join(t for types in ACCEPTED_UPLOAD_TYPES.values() for t in types)
                            },
                            "kind": {"contentType": "text/plain"},
                            "model": {"contentType": "text/plain"},
                            "client_request_id": {"contentType": "text/plain"},
                        },
                        "examples": named_examples(
                            image=(
                                "Image for an edit model (file part shown as a placeholder)",
                                {
                                    "file": "<binary product-shot.png>",
                                    "kind": "image",
                                    "model": "rivya-image-edit-1",
                                    "client_request_id": "upload-7731",
                                },
                            ),
                            audio=(
                                "Audio for lipsync",
                                {"file": "<binary voiceover.mp3>", "kind": "audio", "model": "rivya-lipsync-1"},
                            ),
                        ),
                    }
                },
            },
            responses={
                "201": json_response(
                    "The uploaded file.",
                    ref("PublicApiFile"),
                    named_examples(
                        image=("Image upload", IMAGE_FILE), audio=("Audio upload with duration token", AUDIO_FILE)
                    ),
                    headers=creation_headers(),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "Conflict",
                    "PayloadTooLarge",
                    "UnsupportedMediaType",
                    "UnprocessableEntity",
                    "RateLimited",
                    "InternalError",
                ),
            },
        )
    }

    paths["/api/v1/files/{fileId}"] = {
        "parameters": [param_ref("FileId")],
        "get": operation(
            "getFile",
            "Files",
            "Get a file",
            "Returns the public metadata of a file the API account uploaded (the same PublicApiFile as the upload "
            "response, with a freshly signed `url`). Files of other accounts and expired files give 404 `not_found`.",
            ["files:read"],
            responses={
                "200": json_response(
                    "The file.", ref("PublicApiFile"), named_examples(image=("Image file", IMAGE_FILE))
                ),
                **errors("Unauthorized", "Forbidden", "NotFound", "RateLimited", "InternalError"),
            },
        ),
    }

    paths["/api/v1/chat/completions"] = {
        "post": operation(
            "createChatCompletion",
            "Chat",
            "Run a chat turn",
            "Runs one chat turn and returns one complete, non-streaming assistant message. Send `model`, the new "
            "user `message`, and optionally `session_id` (omit it to create a new API-created session), `controls`, "
            "image `attachments` by Files API `file_id`, and `client_request_id`. There is no raw `messages` array: "
            "the session holds the history.\n\nCredits are token-based: the turn reserves credits for its input "
            "tokens plus `controls.max_output_tokens` (402 `insufficient_credits`) and settles on actual usage "
            "(`credits.final_credits`).",
            ["chat:create"],
            parameters=[param_ref("IdempotencyKey")],
            request_body=json_request_body("ChatCompletionRequest", chat_request_examples()),
            responses={
                "200": json_response(
                    "The assistant's reply, usage and credits.",
                    ref("ChatCompletion"),
                    named_examples(
                        reply=(
                            "Reply in a new session",
                            {
                                "session_id": SESSION_ID,
                                "model": "rivya-chat-1",
                                "message": ASSISTANT_MESSAGE,
                                "usage": CHAT_USAGE,
                                "credits": CHAT_CREDITS,
                                "client_request_id": "support-bot/turn-1",
                                "created_at": "2026-05-11T11:00:03Z",
                            },
                        )
                    ),
                    headers=creation_headers(),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "PaymentRequired",
                    "Forbidden",
                    "NotFound",
                    "Conflict",
                    "PayloadTooLarge",
                    "UnsupportedMediaType",
                    "UnprocessableEntity",
                    "RateLimited",
                    "InternalError",
                    "ServiceUnavailable",
                ),
            },
        )
    }

    paths["/api/v1/chat/completions/stream"] = {
        "post": operation(
            "streamChatCompletion",
            "Chat",
            "Stream a chat turn",
            "Same request as `POST /api/v1/chat/completions` (ChatCompletionRequest), answered as Server-Sent Events "
            "(`text/event-stream`). Validation, authentication, credit and idempotency errors are returned as normal "
            "JSON error responses before the stream starts; once the 200 stream has started, failures arrive as an "
            "`error` event followed by `done`.",
            ["chat:create"],
            parameters=[param_ref("IdempotencyKey")],
            request_body=json_request_body("ChatCompletionRequest", chat_request_examples()),
            responses={
                "200": {
                    "description": (
                        "An SSE stream. Each event is framed as `event: <name>\\ndata: <json>\\n\\n` (UTF-8, one "
                        "`data:` line of compact JSON); the schema below describes one event as `{event, data}` "
                        "(ChatStreamEvent, one schema per event, discriminated by `event`). Event order: "
                        "`session.created` (only when a new session was created), `message.delta` (one or more), "
                        "`message.completed`, `usage.completed`, `done`; `heartbeat` every 15 s of silence; on "
                        "failure `error` then `done`. The server closes the connection after `done`. A replay with "
                        "the same `Idempotency-Key` re-sends the recorded events (without heartbeats).\n\n"
                        "Example stream:\n\n```\n" + sse_transcript(STREAM_HAPPY_PATH) + "```"
                    ),
                    "headers": creation_headers(),
                    "content": {
                        "text/event-stream": {
                            "schema": ref("ChatStreamEvent"),
                            "examples": named_examples(
                                session_created=("session.created", STREAM_HAPPY_PATH[0]),
                                message_delta=("message.delta", STREAM_HAPPY_PATH[1]),
                                message_completed=("message.completed", STREAM_HAPPY_PATH[4]),
                                usage_completed=("usage.completed", STREAM_HAPPY_PATH[5]),
                                heartbeat=("heartbeat", stream_event("heartbeat", {"sent_at": "2026-05-11T11:00:15Z"})),
                                error=(
                                    "error (mid-stream failure)",
                                    stream_event("error", error_example("content_policy_violation")),
                                ),
                                done=("done", STREAM_HAPPY_PATH[6]),
                            ),
                        }
                    },
                },
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "PaymentRequired",
                    "Forbidden",
                    "NotFound",
                    "Conflict",
                    "PayloadTooLarge",
                    "UnsupportedMediaType",
                    "UnprocessableEntity",
                    "RateLimited",
                    "InternalError",
                    "ServiceUnavailable",
                ),
            },
        )
    }

    paths["/api/v1/chat/sessions"] = {
        "get": operation(
            "listChatSessions",
            "Chat",
            "List chat sessions",
            "Lists the account's API-created chat sessions, most recently updated first, without their messages. "
            "Cursor-paginated (`limit`, `after`).",
            ["chat:read"],
            parameters=LIST_PARAMS,
            responses={
                "200": json_response(
                    "A page of sessions.",
                    ref("ChatSessionList"),
                    named_examples(
                        first_page=(
                            "First page",
                            page([CHAT_SESSION, CHAT_SESSION_2], "cur_eyJ1IjoiMjAyNi0wNS0xMFQxNjo1MjozMFoifQ"),
                        )
                    ),
                ),
                **errors("BadRequest", "Unauthorized", "Forbidden", "RateLimited", "InternalError"),
            },
        )
    }

    paths["/api/v1/chat/sessions/{sessionId}"] = {
        "parameters": [param_ref("SessionId")],
        "get": operation(
            "getChatSession",
            "Chat",
            "Get a chat session",
            "Returns one API-created chat session with its full transcript in `messages` (oldest first).",
            ["chat:read"],
            responses={
                "200": json_response(
                    "The session with its messages.",
                    ref("ChatSession"),
                    named_examples(
                        session=(
                            "Session with two messages",
                            dict(CHAT_SESSION, messages=[USER_MESSAGE, ASSISTANT_MESSAGE]),
                        )
                    ),
                ),
                **errors("Unauthorized", "Forbidden", "NotFound", "RateLimited", "InternalError"),
            },
        ),
    }

    paths["/api/v1/generations/{taskId}"] = {
        "parameters": [param_ref("TaskId")],
        "get": operation(
            "getGeneration",
            "Generations",
            "Get a generation",
            "Returns the current state of a generation task. While the task is `queued` or `running` the response "
            "carries a `Retry-After` polling hint; once it is `succeeded` (with `result`) or `failed` (with `error`) "
            "it never changes again. Prefer webhooks to tight polling loops.",
            ["generations:read"],
            responses={
                "200": json_response(
                    "The generation.",
                    ref("PublicGeneration"),
                    named_examples(
                        running=("Running", GENERATION_RUNNING),
                        succeeded_image=("Succeeded image task", GENERATION_SUCCEEDED),
                        succeeded_video=("Succeeded video task", GENERATION_VIDEO_SUCCEEDED),
                        failed=("Failed task (credits refunded)", GENERATION_FAILED),
                    ),
                    headers=dict(standard_headers(), **{"Retry-After": header_ref("PollRetryAfter")}),
                ),
                **errors("Unauthorized", "Forbidden", "NotFound", "RateLimited", "InternalError"),
            },
        ),
    }

    paths["/api/v1/credits"] = {
        "get": operation(
            "getCreditBalance",
            "Credits",
            "Get the credit balance",
            "Returns the account's available and reserved credits.",
            ["credits:read"],
            responses={
                "200": json_response(
                    "The balance.",
                    ref("CreditBalance"),
                    named_examples(
                        balance=(
                            "Balance with a running task",
                            {
                                "available_credits": 1842.4498,
                                "reserved_credits": 108,
                                "updated_at": "2026-05-11T10:02:11Z",
                            },
                        )
                    ),
                ),
                **errors("Unauthorized", "Forbidden", "RateLimited", "InternalError"),
            },
        )
    }

    paths["/api/v1/webhooks"] = {
        "get": operation(
            "listWebhookEndpoints",
            "Webhooks",
            "List webhook endpoints",
            "Lists the account's webhook endpoints, newest first. Secrets are never included. Cursor-paginated.",
            ["webhooks:manage"],
            parameters=LIST_PARAMS,
            responses={
                "200": json_response(
                    "A page of endpoints.",
                    ref("WebhookEndpointList"),
                    named_examples(endpoints=("Two endpoints", page([WEBHOOK_ENDPOINT, WEBHOOK_ENDPOINT_2]))),
                ),
                **errors("BadRequest", "Unauthorized", "Forbidden", "RateLimited", "InternalError"),
            },
        ),
        "post": operation(
            "createWebhookEndpoint",
            "Webhooks",
            "Create a webhook endpoint",
            "Registers an HTTPS endpoint for signed generation events. The response includes the signing secret "
            "(`whsec_...`) this one time only; store it.",
            ["webhooks:manage"],
            parameters=[param_ref("IdempotencyKey")],
            request_body=json_request_body(
                "WebhookEndpointCreate",
                named_examples(
                    production=(
                        "Both generation events",
                        {
                            "url": "https://hooks.example.com/rivya/generations",
                            "enabled_events": ["generation.succeeded", "generation.failed"],
                            "description": "Production generation callbacks",
                        },
                    )
                ),
            ),
            responses={
                "201": json_response(
                    "The endpoint with its secret (shown once).",
                    ref("WebhookEndpointWithSecret"),
                    named_examples(created=("Created endpoint", dict(WEBHOOK_ENDPOINT, secret=WEBHOOK_SECRET))),
                    headers=creation_headers(),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "Conflict",
                    "UnsupportedMediaType",
                    "RateLimited",
                    "InternalError",
                ),
            },
        ),
    }

    paths["/api/v1/webhooks/{endpointId}"] = {
        "parameters": [param_ref("EndpointId")],
        "get": operation(
            "getWebhookEndpoint",
            "Webhooks",
            "Get a webhook endpoint",
            "Returns one webhook endpoint (without its secret).",
            ["webhooks:manage"],
            responses={
                "200": json_response(
                    "The endpoint.",
                    ref("WebhookEndpoint"),
                    named_examples(endpoint=("Enabled endpoint", WEBHOOK_ENDPOINT)),
                ),
                **errors("Unauthorized", "Forbidden", "NotFound", "RateLimited", "InternalError"),
            },
        ),
        "patch": operation(
            "updateWebhookEndpoint",
            "Webhooks",
            "Update a webhook endpoint",
            "Changes the URL, event types, description or status of an endpoint. Only the fields sent change. "
            "Disabling an endpoint stops deliveries (pending retries are dropped); the secret is unchanged.",
            ["webhooks:manage"],
            request_body=json_request_body(
                "WebhookEndpointUpdate",
                named_examples(
                    disable=("Disable the endpoint", {"status": "disabled"}),
                    events=(
                        "Only failures",
                        {"enabled_events": ["generation.failed"], "description": "Failure alerts"},
                    ),
                ),
            ),
            responses={
                "200": json_response(
                    "The updated endpoint.",
                    ref("WebhookEndpoint"),
                    named_examples(
                        disabled=(
                            "Disabled endpoint",
                            dict(WEBHOOK_ENDPOINT, status="disabled", updated_at="2026-05-11T13:10:00Z"),
                        )
                    ),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "UnsupportedMediaType",
                    "RateLimited",
                    "InternalError",
                ),
            },
        ),
        "delete": operation(
            "deleteWebhookEndpoint",
            "Webhooks",
            "Delete a webhook endpoint",
            "Permanently deletes an endpoint. Pending retries are dropped and its delivery attempts are no longer "
            "readable; the events themselves stay listed in `GET /api/v1/webhook-events`.",
            ["webhooks:manage"],
            responses={
                "204": {"description": "Deleted.", "headers": standard_headers()},
                **errors("Unauthorized", "Forbidden", "NotFound", "RateLimited", "InternalError"),
            },
        ),
    }

    paths["/api/v1/webhooks/{endpointId}/rotate-secret"] = {
        "parameters": [param_ref("EndpointId")],
        "post": operation(
            "rotateWebhookSecret",
            "Webhooks",
            "Rotate a webhook secret",
            "Issues a new signing secret and returns it once. For `grace_period_seconds` (default 86400, max 86400) "
            "the previous secret keeps signing too: deliveries then carry two `v1=` values in "
            "`Rivya-Webhook-Signature` (new first). Rotating again during a grace period retires the oldest secret.",
            ["webhooks:manage"],
            request_body=json_request_body(
                "WebhookSecretRotation",
                named_examples(
                    default=("Keep the old secret for 24 hours", {}),
                    immediate=("Retire the old secret now", {"grace_period_seconds": 0}),
                ),
                required=False,
            ),
            responses={
                "200": json_response(
                    "The endpoint with its new secret (shown once).",
                    ref("WebhookEndpointWithSecret"),
                    named_examples(
                        rotated=(
                            "Rotated secret",
                            dict(
                                WEBHOOK_ENDPOINT,
                                secret_hint="whsec_…Sw9Ya",
                                previous_secret_expires_at="2026-05-12T14:00:00Z",
                                updated_at="2026-05-11T14:00:00Z",
                                secret=WEBHOOK_SECRET_ROTATED,
                            ),
                        )
                    ),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "UnsupportedMediaType",
                    "RateLimited",
                    "InternalError",
                ),
            },
        ),
    }

    paths["/api/v1/webhook-events"] = {
        "get": operation(
            "listWebhookEvents",
            "Webhooks",
            "List webhook events",
            "Lists webhook events of the last 30 days, newest first, whether or not they were delivered. "
            "Filter by `type`. Cursor-paginated. Use it to reconcile missed deliveries.",
            ["webhooks:manage"],
            parameters=[param_ref("WebhookEventTypeFilter"), *LIST_PARAMS],
            responses={
                "200": json_response(
                    "A page of events.",
                    ref("WebhookEventList"),
                    named_examples(
                        events=(
                            "Recent events",
                            page(
                                [WEBHOOK_EVENT_FAILED, WEBHOOK_EVENT_SUCCEEDED],
                                "cur_eyJjIjoiMjAyNi0wNS0xMVQwOTozMDo0NVoifQ",
                            ),
                        )
                    ),
                ),
                **errors("BadRequest", "Unauthorized", "Forbidden", "RateLimited", "InternalError"),
            },
        )
    }

    paths["/api/v1/webhooks/{endpointId}/deliveries"] = {
        "parameters": [param_ref("EndpointId")],
        "get": operation(
            "listWebhookDeliveries",
            "Webhooks",
            "List webhook deliveries",
            "Lists the delivery attempts to one endpoint (30 days), newest first; filter by `event_id`. Each attempt, "
            "including retries and test deliveries, is one WebhookDelivery. Cursor-paginated.",
            ["webhooks:manage"],
            parameters=[param_ref("DeliveryEventFilter"), *LIST_PARAMS],
            responses={
                "200": json_response(
                    "A page of delivery attempts.",
                    ref("WebhookDeliveryList"),
                    named_examples(
                        deliveries=("A retried failure and a success", page([DELIVERY_FAILED, DELIVERY_SUCCEEDED]))
                    ),
                ),
                **errors("BadRequest", "Unauthorized", "Forbidden", "NotFound", "RateLimited", "InternalError"),
            },
        ),
    }

    paths["/api/v1/webhooks/{endpointId}/test"] = {
        "parameters": [param_ref("EndpointId")],
        "post": operation(
            "testWebhookEndpoint",
            "Webhooks",
            "Send a test event",
            "Synchronously delivers one signed synthetic event (type `webhook.test` by default) to the endpoint, "
            "even when it is disabled, and returns the event and the recorded delivery attempt. Test deliveries "
            "are not retried. The endpoint's response does not change the HTTP status of this call (200 either way).",
            ["webhooks:manage"],
            request_body=json_request_body(
                "WebhookTestRequest",
                named_examples(
                    default=("webhook.test event", {}),
                    failed_sample=("Sample generation.failed payload", {"event_type": "generation.failed"}),
                ),
                required=False,
            ),
            responses={
                "200": json_response(
                    "The test event and its delivery attempt.",
                    ref("WebhookTestResult"),
                    named_examples(
                        delivered=(
                            "Endpoint answered 204",
                            {
                                "success": True,
                                "event": WEBHOOK_EVENT_TEST,
                                "delivery": DELIVERY_TEST,
                            },
                        )
                    ),
                ),
                **errors(
                    "BadRequest",
                    "Unauthorized",
                    "Forbidden",
                    "NotFound",
                    "UnsupportedMediaType",
                    "RateLimited",
                    "InternalError",
                ),
            },
        ),
    }

    paths["/api/v1/openapi.json"] = {
        "get": operation(
            "getOpenApiDocument",
            "Contract",
            "Get this OpenAPI document",
            "Returns this OpenAPI 3.1 document. Public contract output: no authentication, reads no user session "
            "data, submits no jobs and exposes no private account data. Rate-limited per client IP. The model catalog "
            "inside it is the same one `GET /api/v1/models` serves, so the document changes when models change.",
            None,
            responses={
                "200": {
                    "description": "The OpenAPI document (this document).",
                    "headers": {
                        "X-Request-Id": header_ref("RequestId"),
                        "Cache-Control": {
                            "description": "The document may be cached for 5 minutes.",
                            "schema": {"type": "string"},
                            "example": "public, max-age=300",
                        },
                    },
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "description": "An OpenAPI 3.1.0 document."},
                            "examples": named_examples(
                                abbreviated=(
                                    "Abbreviated document",
                                    {
                                        "openapi": "3.1.0",
                                        "info": {"title": "Rivya API", "version": "1.0.0"},
                                        "servers": [{"url": SERVER_URL}],
                                        "paths": {"/api/v1/models": {"get": {"operationId": "listModels"}}},
                                    },
                                )
                            ),
                        }
                    },
                },
                **errors("RateLimited", "InternalError"),
            },
        )
    }
    return paths


# ---------------------------------------------------------------------------
# webhooks (outgoing requests Rivya makes)
# ---------------------------------------------------------------------------


def build_webhooks():
    def webhook(op_id, summary, event_type, example_name, example_summary, example):
        return {
            "post": {
                "operationId": op_id,
                "summary": summary,
                "description": f"Sent to endpoints subscribed to `{event_type}`.\n\n" + WEBHOOK_SIGNATURE_DESCRIPTION,
                "tags": ["Webhooks"],
                "security": [],
                "parameters": [param_ref("WebhookSignature"), param_ref("WebhookTimestamp")],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": ref("WebhookEvent"),
                            "examples": named_examples(**{example_name: (example_summary, example)}),
                        }
                    },
                },
                "responses": {
                    "2XX": {"description": "Acknowledged. Return any 2xx within 10 seconds; the body is ignored."},
                    "default": {
                        "description": (
                            "Any other outcome (non-2xx, timeout, connection error) is a failed attempt and is "
                            "retried with backoff."
                        )
                    },
                },
            }
        }

    return {
        "generation.succeeded": webhook(
            "onGenerationSucceeded",
            "A generation succeeded",
            "generation.succeeded",
            "succeeded",
            "Image generation succeeded",
            WEBHOOK_EVENT_SUCCEEDED,
        ),
        "generation.failed": webhook(
            "onGenerationFailed",
            "A generation failed",
            "generation.failed",
            "failed",
            "Video generation failed",
            WEBHOOK_EVENT_FAILED,
        ),
        "webhook.test": webhook(
            "onWebhookTest", "A test event", "webhook.test", "test", "Test event", WEBHOOK_EVENT_TEST
        ),
    }


# ---------------------------------------------------------------------------
# document
# ---------------------------------------------------------------------------


def build_document():
    return {
        "openapi": "3.1.0",
        "info": build_info(),
        "servers": [{"url": SERVER_URL, "description": "Production"}],
        "security": [{"bearerAuth": []}],
        "tags": build_tags(),
        "externalDocs": {"description": "Rivya API documentation", "url": DOCS_URL},
        "paths": build_paths(),
        "webhooks": build_webhooks(),
        "components": build_components(),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the files on disk differ from what would be written"
    )
    args = parser.parse_args(argv)

    data = canonical.dumps(build_document())
    if args.check:
        stale = [path for path in OUTPUT_FILES if not path.exists() or path.read_bytes() != data]
        for path in stale:
            print(f"out of date: {path.relative_to(REPO_ROOT)}", file=sys.stderr)
        return 1 if stale else 0

    for path in OUTPUT_FILES:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path.relative_to(REPO_ROOT)} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
