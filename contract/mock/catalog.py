"""The Rivya facts the mock lives by, as the contract states them.

One place: everything comes from the shared accessor ``rivya_contract.rivya.facts``
(the contract's ``x-rivya-limits``, ``x-rivya-webhooks``, ``GenerationStatus``'s
``x-rivya-terminal``, each ``GenerationRequest.<modelId>`` variant's ``x-rivya-model``
with its ``ModelParams`` and the chat models of ``ChatCompletionRequest``), turned into
the shapes the mock's handlers use. ``GET /api/v1/models`` serves each model's
``public()`` form, so a model the contract adds as a variant is listed, priced and
callable, whatever the ``ModelList`` example shows. A contract without these facts is
refused with the accessor's one-line ``MissingFact`` (pointer and what is missing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rivya_contract.document import Document
from rivya_contract.rivya.data import Limits
from rivya_contract.rivya.facts import MissingFact, RivyaFacts

DEFAULT_CONTEXT = 128_000  # a chat model whose facts give no context window

__all__ = ["DEFAULT_CONTEXT", "Facts", "Limits", "MissingFact", "Model", "read"]


@dataclass(frozen=True)
class Model:
    id: str
    kind: str  # image | video | audio | chat
    status: str  # available | gated | deprecated
    credits: Mapping[str, Any]
    accepted_kinds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # params array -> media kinds
    defaults: dict[str, Any] = field(default_factory=dict)  # param name -> its default
    context_window: int | None = None  # chat models: tokens


@dataclass(frozen=True)
class Facts:
    models: dict[str, Model]  # catalog order: generation models, then chat models
    listed: list[dict[str, Any]]  # the PublicApiModel entries GET /api/v1/models serves
    terminal: frozenset[str]
    limits: Limits
    signature_tolerance_seconds: int


def read(doc: Document) -> Facts:
    facts = RivyaFacts.from_document(doc)
    models = {
        model.id: Model(
            id=model.id,
            kind=model.kind,
            status=model.status,
            credits=dict(model.credits),
            accepted_kinds={p.name: p.accepted_kinds for p in model.params if p.accepted_kinds},
            defaults={p.name: p.default for p in model.params if p.has_default},
            context_window=model.context_window,
        )
        for model in facts.models
    }
    return Facts(
        models=models,
        listed=[model.public() for model in facts.models],
        terminal=facts.terminal_statuses,
        limits=facts.limits,
        signature_tolerance_seconds=facts.webhooks.signature_tolerance_seconds,
    )
