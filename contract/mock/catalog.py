"""The Rivya facts the mock lives by, read from the contract it serves.

The one place the mock reads Rivya's ``x-rivya-*`` extensions: the model catalog (each
``GenerationRequest.<modelId>`` variant's ``x-rivya-model`` and its ``ModelParams``
schema; the chat models of ``ChatCompletionRequest``), the terminal generation statuses
(``GenerationStatus/x-rivya-terminal``), the limits (``x-rivya-limits``) and the webhook
facts (``x-rivya-webhooks``). A value the contract does not carry yet falls back to the
figure its prose states (marked ``_PROSE``), so switching to the shared accessor
(``rivya_contract.rivya.facts``) changes this module only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rivya_contract.document import Document

MODELS_PATH = "/paths/~1api~1v1~1models/get/responses/200/content/application~1json"
CHAT_REQUEST = "/components/schemas/ChatCompletionRequest"

# What the contract's descriptions state where it has no x-rivya-* value (yet).
_PROSE_LIMITS: dict[str, Any] = {
    "max_upload_bytes": 52_428_800,
    "max_json_body_bytes": 1024 * 1024,
    "max_active_generations": 10,
    "max_webhook_endpoints": 16,
    "file_ttl_seconds": 30 * 86400,
    "result_ttl_seconds": 7 * 86400,
    "accepted_upload_types": {
        "image": ["image/png", "image/jpeg", "image/webp"],
        "video": ["video/mp4", "video/quicktime", "video/webm"],
        "audio": ["audio/mpeg", "audio/wav", "audio/x-wav", "audio/ogg", "audio/flac", "audio/mp4"],
    },
}
_PROSE_WEBHOOKS: dict[str, Any] = {"signature_tolerance_seconds": 300}
_PROSE_TERMINAL = ("succeeded", "failed")
_PROSE_CONTEXT = {"rivya-chat-1": 128_000, "rivya-chat-mini": 32_000}
DEFAULT_CONTEXT = 128_000


@dataclass(frozen=True)
class Model:
    id: str
    kind: str  # image | video | audio | chat
    status: str  # available | gated | deprecated
    credits: dict[str, Any]
    accepted_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # params array -> media kinds
    defaults: dict[str, Any] = field(default_factory=dict)  # param name -> its default
    context_window: int | None = None  # chat models: tokens


@dataclass(frozen=True)
class Limits:
    max_upload_bytes: int
    max_json_body_bytes: int
    max_active_generations: int
    max_webhook_endpoints: int
    file_ttl_seconds: int
    result_ttl_seconds: int
    accepted_upload_types: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Facts:
    models: dict[str, Model]  # catalog order: generation models, then chat models
    listed: list[dict[str, Any]]  # the PublicApiModel entries GET /api/v1/models serves
    terminal: frozenset[str]
    limits: Limits
    signature_tolerance_seconds: int


def read(doc: Document) -> Facts:
    models = {model_id: _generation_model(doc, model_id, node) for model_id, node in _variants(doc)}
    models.update(_chat_models(doc))
    status = doc.get("/components/schemas/GenerationStatus") or {}
    terminal = status.get("x-rivya-terminal") if isinstance(status, dict) else None
    raw_limits = {**_PROSE_LIMITS, **(doc.tree.get("x-rivya-limits") or {})}
    webhooks = {**_PROSE_WEBHOOKS, **(doc.tree.get("x-rivya-webhooks") or {})}
    limits = Limits(
        max_upload_bytes=int(raw_limits["max_upload_bytes"]),
        max_json_body_bytes=int(raw_limits["max_json_body_bytes"]),
        max_active_generations=int(raw_limits["max_active_generations"]),
        max_webhook_endpoints=int(raw_limits["max_webhook_endpoints"]),
        file_ttl_seconds=int(raw_limits["file_ttl_seconds"]),
        result_ttl_seconds=int(raw_limits["result_ttl_seconds"]),
        accepted_upload_types={k: tuple(v) for k, v in dict(raw_limits["accepted_upload_types"]).items()},
    )
    return Facts(
        models=models,
        listed=_listed(doc, models),
        terminal=frozenset(terminal if isinstance(terminal, list) else _PROSE_TERMINAL),
        limits=limits,
        signature_tolerance_seconds=int(webhooks["signature_tolerance_seconds"]),
    )


def _variants(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    request = doc.get("/components/schemas/GenerationRequest") or {}
    mapping = (request.get("discriminator") or {}).get("mapping") or {}
    found = []
    for model_id, ref in mapping.items():
        node = doc.ref_target(ref)
        if isinstance(node, dict):
            found.append((str(model_id), node))
    return found


def _generation_model(doc: Document, model_id: str, node: dict[str, Any]) -> Model:
    meta = node.get("x-rivya-model") or {}
    params = doc.resolve(doc.get(f"/components/schemas/ModelParams.{model_id}") or {})
    accepted, defaults = {}, {}
    for name, prop in ((params.get("properties") if isinstance(params, dict) else None) or {}).items():
        prop = doc.resolve(prop)
        if not isinstance(prop, dict):
            continue
        kinds = prop.get("x-rivya-accepted-kinds")
        if isinstance(kinds, list):
            accepted[str(name)] = tuple(str(k) for k in kinds)
        if "default" in prop:
            defaults[str(name)] = prop["default"]
    return Model(
        id=model_id,
        kind=str(meta.get("kind", "image")),
        status=str(meta.get("status", "available")),
        credits=dict(meta.get("credits") or {"unit": "output", "amount": 1}),
        accepted_kinds=accepted,
        defaults=defaults,
    )


def _chat_models(doc: Document) -> dict[str, Model]:
    """Chat models: ``x-rivya-chat-models`` on the chat request schema; failing that, the
    ids its ``model`` property enumerates (or gives as examples), priced from the
    ModelList example until the contract carries their facts."""
    request = doc.get(CHAT_REQUEST) or {}
    declared = request.get("x-rivya-chat-models") if isinstance(request, dict) else None
    if isinstance(declared, dict):
        return {
            str(model_id): Model(
                id=str(model_id),
                kind="chat",
                status=str(meta.get("status", "available")),
                credits=dict(meta.get("credits") or {}),
                context_window=int(meta.get("context_window") or DEFAULT_CONTEXT),
            )
            for model_id, meta in declared.items()
            if isinstance(meta, dict)
        }
    prop = doc.resolve(((request.get("properties") or {}) if isinstance(request, dict) else {}).get("model") or {})
    ids = (prop.get("enum") or prop.get("examples") or []) if isinstance(prop, dict) else []
    example = {str(entry.get("id")): entry for entry in _example_entries(doc)}
    found = {}
    for model_id in ids:
        entry = example.get(str(model_id), {})
        found[str(model_id)] = Model(
            id=str(model_id),
            kind="chat",
            status=str(entry.get("status", "available")),
            credits=dict(entry.get("credits") or {}),
            context_window=_PROSE_CONTEXT.get(str(model_id), DEFAULT_CONTEXT),
        )
    return found


def _example_entries(doc: Document) -> list[dict[str, Any]]:
    media = doc.get(MODELS_PATH) or {}
    for example in (media.get("examples") or {}).values():
        value = doc.resolve(example).get("value") if isinstance(example, dict) else None
        if isinstance(value, dict) and isinstance(value.get("data"), list):
            return [entry for entry in value["data"] if isinstance(entry, dict)]
    return []


def _listed(doc: Document, models: dict[str, Model]) -> list[dict[str, Any]]:
    """What GET /api/v1/models serves: exactly the catalog's models, in catalog order,
    each as the contract's example spells it where it has one (its parameter forms),
    else built from the model's facts."""
    example = {str(entry.get("id")): entry for entry in _example_entries(doc)}
    return [example.get(model.id) or _public(doc, model) for model in models.values()]


def _public(doc: Document, model: Model) -> dict[str, Any]:
    variant = doc.get(f"/components/schemas/GenerationRequest.{model.id}") or {}
    meta = (variant.get("x-rivya-model") if isinstance(variant, dict) else None) or {}
    return {
        "id": model.id,
        "name": meta.get("name", model.id),
        "kind": model.kind,
        "status": model.status,
        "description": variant.get("description", "") if isinstance(variant, dict) else "",
        "prompt_required": bool(meta.get("prompt_required")),
        "params": [],
        "credits": model.credits,
        "sunset_at": meta.get("sunset_at"),
        "replaced_by": meta.get("replaced_by"),
    }
