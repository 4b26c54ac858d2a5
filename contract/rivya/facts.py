"""Rivya's facts as the contract itself states them: the one accessor the mock, the
property tests and `catalog drift` read them through.

The catalog compiler (``rivya.build``) writes them:

- ``/x-rivya-limits``: upload and body limits, TTLs, accepted upload types;
- ``/x-rivya-webhooks``: signature tolerance, attempts, retry delays;
- ``/components/schemas/GenerationStatus`` (``enum``, ``x-rivya-terminal``);
- each ``GenerationRequest.<id>`` variant's ``x-rivya-model`` and ``ModelParams.<id>``;
- ``/components/schemas/ChatCompletionRequest/x-rivya-chat-models``.

``RivyaFacts.from_document(doc)`` reads them all or raises :class:`MissingFact`, one line
naming the JSON pointer and what is missing — never a guess from a default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.rivya.data import Limits, Webhooks  # one declaration of each fact's shape

LIMITS = "/x-rivya-limits"
WEBHOOKS = "/x-rivya-webhooks"
STATUS = "/components/schemas/GenerationStatus"
CATALOG = "/components/schemas/GenerationRequest"
CHAT_MODELS = "/components/schemas/ChatCompletionRequest/x-rivya-chat-models"
MODEL_EXTENSION = "x-rivya-model"
PARAMS_PREFIX = "/components/schemas/ModelParams."
_PARAM_KEYWORDS = (
    ("enum", "enum"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("minLength", "min_length"),
    ("maxLength", "max_length"),
    ("minItems", "min_items"),
    ("maxItems", "max_items"),
)


class MissingFact(ValueError):
    """The contract lacks a fact Rivya's profile needs: ``contract: /pointer: what``."""


@dataclass(frozen=True)
class CatalogParam:
    """One parameter as the contract's ModelParams.<id> declares it (ModelParam names)."""

    name: str
    type: str | None
    required: bool
    description: str | None
    has_default: bool
    default: Any
    enum: tuple[Any, ...] | None
    minimum: float | None
    maximum: float | None
    min_length: int | None
    max_length: int | None
    min_items: int | None
    max_items: int | None
    item_schema: str | None
    accepted_kinds: tuple[str, ...] | None
    pointer: str

    def public(self) -> dict[str, Any]:
        """The ModelParam entry GET /api/v1/models serves (ModelParam field order)."""
        out: dict[str, Any] = {"name": self.name, "type": self.type, "required": self.required}
        out["description"] = self.description or ""
        if self.has_default:
            out["default"] = self.default
        for key in ("enum", "minimum", "maximum", "min_length", "max_length", "min_items", "max_items"):
            value = getattr(self, key)
            if value is not None:
                out[key] = list(value) if isinstance(value, tuple) else value
        if self.item_schema is not None:
            out["item_schema"] = self.item_schema
        if self.accepted_kinds is not None:
            out["accepted_kinds"] = list(self.accepted_kinds)
        return out


@dataclass(frozen=True)
class CatalogModel:
    id: str
    name: str
    kind: str
    status: str
    description: str
    prompt_required: bool
    credits: Mapping[str, Any]
    deprecated_at: str | None
    sunset_at: str | None
    replaced_by: str | None
    context_window: int | None
    params: tuple[CatalogParam, ...]
    pointer: str  # the x-rivya-model (or x-rivya-chat-models entry) it was read from

    def public(self) -> dict[str, Any]:
        """The PublicApiModel object GET /api/v1/models serves for this model."""
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "description": self.description,
            "prompt_required": self.prompt_required,
            "params": [p.public() for p in self.params],
            "credits": dict(self.credits),
            "sunset_at": self.sunset_at,
            "replaced_by": self.replaced_by,
        }

    def param(self, name: str) -> CatalogParam | None:
        return next((p for p in self.params if p.name == name), None)


@dataclass(frozen=True)
class RivyaFacts:
    limits: Limits
    webhooks: Webhooks
    generation_statuses: tuple[str, ...]
    terminal_statuses: frozenset[str]
    models: tuple[CatalogModel, ...]

    @classmethod
    def from_document(cls, doc: Document) -> RivyaFacts:
        r = _Read(doc)
        lim = r.mapping(LIMITS)
        types = r.mapping(jp.append(LIMITS, "accepted_upload_types"))
        limits = Limits(
            max_upload_bytes=r.integer(LIMITS, lim, "max_upload_bytes"),
            max_json_body_bytes=r.integer(LIMITS, lim, "max_json_body_bytes"),
            prompt_max_length=r.integer(LIMITS, lim, "prompt_max_length"),
            max_active_generations=r.integer(LIMITS, lim, "max_active_generations"),
            max_webhook_endpoints=r.integer(LIMITS, lim, "max_webhook_endpoints"),
            file_ttl_seconds=r.integer(LIMITS, lim, "file_ttl_seconds"),
            result_ttl_seconds=r.integer(LIMITS, lim, "result_ttl_seconds"),
            accepted_upload_types={
                str(k): r.strings(jp.append(LIMITS, "accepted_upload_types", str(k)), v) for k, v in types.items()
            },
        )
        hooks = r.mapping(WEBHOOKS)
        delays = hooks.get("retry_delays_seconds")
        if not isinstance(delays, list) or not all(isinstance(d, int) for d in delays):
            raise r.missing(jp.append(WEBHOOKS, "retry_delays_seconds"), "a list of seconds")
        webhooks = Webhooks(
            signature_tolerance_seconds=r.integer(WEBHOOKS, hooks, "signature_tolerance_seconds"),
            max_attempts=r.integer(WEBHOOKS, hooks, "max_attempts"),
            retry_delays_seconds=tuple(delays),
        )
        status = r.mapping(STATUS)
        statuses = r.strings(jp.append(STATUS, "enum"), status.get("enum"))
        terminal = r.strings(jp.append(STATUS, "x-rivya-terminal"), status.get("x-rivya-terminal"))
        return cls(limits, webhooks, statuses, frozenset(terminal), catalog(doc))

    def model(self, model_id: str) -> CatalogModel | None:
        return next((m for m in self.models if m.id == model_id), None)


def catalog(doc: Document) -> tuple[CatalogModel, ...]:
    """The contract's catalog, in catalog order: generation models (discriminator mapping
    order), then chat models. Raises MissingFact when a model's facts are incomplete."""
    r = _Read(doc)
    request = r.mapping(CATALOG)
    mapping = (request.get("discriminator") or {}).get("mapping")
    if not isinstance(mapping, dict):
        raise r.missing(jp.append(CATALOG, "discriminator", "mapping"), "the model ID → variant mapping")
    models: list[CatalogModel] = []
    for model_id, ref in mapping.items():
        variant_ptr = str(ref)[1:] if str(ref).startswith("#") else ""
        variant = doc.get(variant_ptr) if variant_ptr else None
        if not isinstance(variant, dict):
            raise r.missing(jp.append(CATALOG, "discriminator", "mapping", str(model_id)), "a local variant $ref")
        at = jp.append(variant_ptr, MODEL_EXTENSION)
        info = r.mapping(at)
        models.append(_model(r, str(model_id), info, at, _params(doc, str(model_id))))
    chat = doc.get(CHAT_MODELS)
    if chat is not None:
        if not isinstance(chat, dict):
            raise r.missing(CHAT_MODELS, "a mapping of chat model ID → model facts")
        for model_id, info in chat.items():
            at = jp.append(CHAT_MODELS, str(model_id))
            if not isinstance(info, dict):
                raise r.missing(at, "the model's facts (a mapping)")
            models.append(_model(r, str(model_id), info, at, ()))
    return tuple(models)


def _model(r: _Read, model_id: str, info: dict[str, Any], at: str, params: tuple[CatalogParam, ...]) -> CatalogModel:
    credits = info.get("credits")
    if not isinstance(credits, dict):
        raise r.missing(jp.append(at, "credits"), "the model's credits")
    for key in ("deprecated_at", "sunset_at", "replaced_by", "description"):
        if key not in info:
            raise r.missing(jp.append(at, key), f"the model's {key} (rebuild with `rivya-contract catalog build`)")
    context = info.get("context_window")
    return CatalogModel(
        id=model_id,
        name=r.text(at, info, "name"),
        kind=r.text(at, info, "kind"),
        status=r.text(at, info, "status"),
        description=r.text(at, info, "description"),
        prompt_required=bool(info.get("prompt_required")),
        credits=dict(credits),
        deprecated_at=_optional_text(info.get("deprecated_at")),
        sunset_at=_optional_text(info.get("sunset_at")),
        replaced_by=_optional_text(info.get("replaced_by")),
        context_window=context if isinstance(context, int) else None,
        params=params,
        pointer=at,
    )


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def _params(doc: Document, model_id: str) -> tuple[CatalogParam, ...]:
    ptr = PARAMS_PREFIX + jp.escape(model_id)
    schema = doc.resolve(doc.get(ptr) or {})
    if not isinstance(schema, dict):
        return ()
    required = set(schema.get("required") or [])
    out: list[CatalogParam] = []
    for name, prop in (schema.get("properties") or {}).items():
        node = doc.resolve(prop) if isinstance(prop, dict) else {}
        node = node if isinstance(node, dict) else {}
        found = {mine: node.get(keyword) for keyword, mine in _PARAM_KEYWORDS}
        items = node.get("items")
        item_ref = items.get("$ref") if isinstance(items, dict) else None
        kinds = node.get("x-rivya-accepted-kinds")
        out.append(
            CatalogParam(
                name=str(name),
                type=node.get("type") if isinstance(node.get("type"), str) else None,
                required=name in required,
                description=node.get("description") if isinstance(node.get("description"), str) else None,
                has_default="default" in node,
                default=node.get("default"),
                enum=tuple(found["enum"]) if isinstance(found["enum"], list) else None,
                minimum=found["minimum"],
                maximum=found["maximum"],
                min_length=found["min_length"],
                max_length=found["max_length"],
                min_items=found["min_items"],
                max_items=found["max_items"],
                item_schema=str(item_ref).rsplit("/", 1)[-1] if item_ref else None,
                accepted_kinds=tuple(str(k) for k in kinds) if isinstance(kinds, list) else None,
                pointer=jp.append(ptr, "properties", str(name)),
            )
        )
    return tuple(out)


class _Read:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.source = doc.source or "contract"

    def missing(self, pointer: str, what: str) -> MissingFact:
        return MissingFact(f"{self.source}: {pointer}: missing {what} (Rivya's profile needs it)")

    def mapping(self, pointer: str) -> dict[str, Any]:
        node = self.doc.get(pointer)
        if not isinstance(node, dict):
            raise self.missing(pointer, "a mapping")
        return node

    def integer(self, at: str, node: dict[str, Any], key: str) -> int:
        value = node.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.missing(jp.append(at, key), "an integer")
        return value

    def text(self, at: str, node: dict[str, Any], key: str) -> str:
        value = node.get(key)
        if not isinstance(value, str):
            raise self.missing(jp.append(at, key), "a string")
        return value

    def strings(self, pointer: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.missing(pointer, "a list of strings")
        return tuple(value)
