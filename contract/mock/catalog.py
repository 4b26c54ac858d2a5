"""The model catalog as the contract publishes it.

``GET /api/v1/models`` serves the contract's own catalog example when it has one;
otherwise the catalog is rebuilt from each ``GenerationRequest.<modelId>`` variant's
``x-rivya-model``. Pricing, kind and status drive credits and gating in the mock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rivya_contract.document import Document

MODELS_PATH = "/paths/~1api~1v1~1models/get/responses/200/content/application~1json"


@dataclass(frozen=True)
class Model:
    id: str
    kind: str  # image | video | audio | chat
    status: str  # available | gated | deprecated
    credits: dict[str, Any]
    accepted_kinds: dict[str, tuple[str, ...]]  # params array name -> accepted media kinds


def listed_models(doc: Document) -> list[dict[str, Any]]:
    """The catalog entries (PublicApiModel objects) in catalog order."""
    media = doc.get(MODELS_PATH) or {}
    for example in (media.get("examples") or {}).values():
        value = doc.resolve(example).get("value") if isinstance(example, dict) else None
        if isinstance(value, dict) and isinstance(value.get("data"), list):
            return list(value["data"])
    return [_from_variant(doc, model_id, node) for model_id, node in _variants(doc)]


def models(doc: Document) -> dict[str, Model]:
    found: dict[str, Model] = {}
    for entry in listed_models(doc):
        model_id = str(entry.get("id"))
        found[model_id] = Model(
            id=model_id,
            kind=str(entry.get("kind")),
            status=str(entry.get("status")),
            credits=dict(entry.get("credits") or {}),
            accepted_kinds=_accepted_kinds(doc, model_id),
        )
    return found


def _variants(doc: Document) -> list[tuple[str, dict[str, Any]]]:
    request = doc.get("/components/schemas/GenerationRequest") or {}
    mapping = (request.get("discriminator") or {}).get("mapping") or {}
    found = []
    for model_id, ref in mapping.items():
        node = doc.ref_target(ref)
        if isinstance(node, dict):
            found.append((str(model_id), node))
    return found


def _from_variant(doc: Document, model_id: str, node: dict[str, Any]) -> dict[str, Any]:
    meta = node.get("x-rivya-model") or {}
    return {
        "id": model_id,
        "name": meta.get("name", model_id),
        "kind": meta.get("kind", "image"),
        "status": meta.get("status", "available"),
        "description": node.get("description", ""),
        "prompt_required": bool(meta.get("prompt_required")),
        "params": [],
        "credits": meta.get("credits", {"unit": "output", "amount": 1}),
        "sunset_at": meta.get("sunset_at"),
        "replaced_by": meta.get("replaced_by"),
    }


def _accepted_kinds(doc: Document, model_id: str) -> dict[str, tuple[str, ...]]:
    params = doc.resolve(doc.get(f"/components/schemas/ModelParams.{model_id}") or {})
    found = {}
    for name, prop in (params.get("properties") or {}).items():
        kinds = doc.resolve(prop).get("x-rivya-accepted-kinds") if isinstance(prop, dict) else None
        if isinstance(kinds, list):
            found[str(name)] = tuple(str(k) for k in kinds)
    return found


def param_default(doc: Document, model_id: str, name: str) -> Any:
    params = doc.resolve(doc.get(f"/components/schemas/ModelParams.{model_id}") or {})
    prop = doc.resolve((params.get("properties") or {}).get(name) or {})
    return prop.get("default") if isinstance(prop, dict) else None
