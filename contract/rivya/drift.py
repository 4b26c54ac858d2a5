"""Catalog drift: the catalog a live API serves against the contract's, both ways.

Both sides become catalog records (``rivya.live``) and are compiled by the one catalog
compiler into the same place of a copy of the contract; the contract diff then compares
the two copies. So a model missing or extra, its status or kind, and each parameter's
type, range, enum, default and requiredness come out as the very findings — same rule
IDs, same wording — that ``rivya-contract diff`` gives for that change in the contract
(base = the contract, revision = the live API). What the diff does not judge, the
lifecycle dates and the replacement model, is the one rule of this family.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff import compare
from rivya_contract.document import Document
from rivya_contract.findings import Finding
from rivya_contract.rivya import build, facts, live
from rivya_contract.rivya.data import Model
from rivya_contract.rules import get

CATALOG = "/components/schemas/GenerationRequest"
SCHEMAS = "/components/schemas"
LIFECYCLE = ("deprecated_at", "sunset_at", "replaced_by")


def _template(contract: Document) -> dict[str, Any]:
    """The least of the contract the catalog rules need: the generation request body and
    the component schemas (the diff then walks nothing else)."""
    tree = contract.tree if isinstance(contract.tree, dict) else {}
    operation = contract.get("/paths/~1api~1v1~1generations/post")
    body = operation.get("requestBody") if isinstance(operation, dict) else None
    if not isinstance(body, dict):
        body = {"content": {"application/json": {"schema": build.ref("GenerationRequest")}}}
    return {
        "openapi": tree.get("openapi", "3.1.0"),
        "info": tree.get("info", {}),
        "paths": {
            "/api/v1/generations": {
                "post": {
                    "operationId": "createGeneration",
                    "requestBody": body,
                    "responses": {"202": {"description": "Accepted."}},
                }
            }
        },
        "components": {"schemas": (tree.get("components") or {}).get("schemas") or {}},
    }


def _catalog_tree(template: dict[str, Any], models: Iterable[Model]) -> dict[str, Any]:
    """``template`` with its catalog replaced by ``models`` (chat models too, as variants,
    so that the catalog rules see them)."""
    tree = copy.deepcopy(template)
    schemas: dict[str, Any] = tree.setdefault("components", {}).setdefault("schemas", {})
    for name in [n for n in schemas if n.startswith(("GenerationRequest.", "ModelParams."))]:
        del schemas[name]
    listed = list(models)
    request = schemas.setdefault("GenerationRequest", {})
    request["oneOf"] = [build.ref(f"GenerationRequest.{m.id}") for m in listed]
    request.setdefault("discriminator", {"propertyName": "model"})["mapping"] = {
        m.id: f"#/components/schemas/GenerationRequest.{m.id}" for m in listed
    }
    for m in listed:
        variant = build.generation_request_schema(m, facts=True)
        variant.pop("examples", None)  # examples are not the catalog
        variant["description"] = ""
        schemas[f"GenerationRequest.{m.id}"] = variant
        schemas[f"ModelParams.{m.id}"] = build.model_params_schema(m)
    return tree


def compare_catalogs(contract: Document, served: live.LiveCatalog) -> list[Finding]:
    """Findings for every way the live catalog differs from the contract's."""
    mine = facts.catalog(contract)
    ours = [live.from_facts(m) for m in mine]
    theirs = list(served.models())
    template = _template(contract)
    base = Document(_catalog_tree(template, ours), contract.source)
    revision = Document(_catalog_tree(template, theirs), served.url)
    found = [_relocate(f, contract, mine, served) for f in compare(base, revision, profile="rivya")]
    found += _lifecycle(contract, mine, served)
    return sorted(found, key=Finding.sort_key)


def _relocate(
    f: Finding, contract: Document, mine: tuple[facts.CatalogModel, ...], served: live.LiveCatalog
) -> Finding:
    """Point a finding at the contract (where the model or parameter is declared) and at
    the live response (``/data/<i>/params/<j>``), not at the compared copies."""
    chat = {m.id for m in mine if m.kind == "chat"}
    f.base_pointer = _contract_pointer(f.base_pointer, chat) if f.base_pointer else None
    f.revision_pointer = _live_pointer(f.revision_pointer, served) if f.revision_pointer else None
    f.pointer = f.base_pointer or f.revision_pointer or ""
    f.line = contract.line(f.base_pointer) if f.base_pointer else None
    f.column = None
    f.source = contract.source
    return f


def _split(pointer: str) -> tuple[str, str, list[str]] | None:
    """``/components/schemas/ModelParams.<id>/properties/<name>/...`` → (kind, id, rest)."""
    parts = jp.split(pointer)
    if len(parts) < 3 or parts[:2] != ["components", "schemas"]:
        return None
    head, _, model_id = parts[2].partition(".")
    return head, model_id, parts[3:]


def _contract_pointer(pointer: str, chat: set[str]) -> str:
    split = _split(pointer)
    if split is None or split[1] not in chat:
        return pointer
    # Chat models live in the contract's x-rivya-chat-models, not as variants.
    return jp.append(facts.CHAT_MODELS, split[1])


def _live_pointer(pointer: str, served: live.LiveCatalog) -> str:
    split = _split(pointer)
    at = served.pointer(split[1]) if split else None
    if split is None or at is None:
        return pointer
    kind, _, rest = split
    if kind == "ModelParams" and len(rest) >= 2 and rest[0] == "properties":
        entry = served.entries[int(at.rsplit("/", 1)[1])]
        names = [p.get("name") for p in entry.get("params") or [] if isinstance(p, dict)]
        if rest[1] in names:
            return f"{at}/params/{names.index(rest[1])}"
        return f"{at}/params"
    if kind == "ModelParams":
        return f"{at}/params"
    return at


def _lifecycle(contract: Document, mine: tuple[facts.CatalogModel, ...], served: live.LiveCatalog) -> list[Finding]:
    rule = get("model-lifecycle-changed")
    out: list[Finding] = []
    by_id = {str(e.get("id")): (i, e) for i, e in enumerate(served.entries)}
    for m in mine:
        if m.id not in by_id:
            continue
        index, entry = by_id[m.id]
        for key in LIFECYCLE:
            if key not in entry:
                continue  # not served (deprecated_at is not part of PublicApiModel): nothing to compare
            old, new = getattr(m, key), entry.get(key)
            if old == new:
                continue
            args = {"model": m.id, "field": key, "old": _shown(old), "new": _shown(new)}
            base_ptr = jp.append(m.pointer, key)
            out.append(
                Finding(
                    rule=rule.id,
                    level=rule.level,
                    message=rule.render(args),
                    pointer=base_ptr,
                    line=contract.line(base_ptr),
                    operation=build_operation(m),
                    source=contract.source,
                    args=args,
                    base_pointer=base_ptr,
                    revision_pointer=f"/data/{index}/{key}",
                )
            )
    return out


def build_operation(m: facts.CatalogModel) -> str:
    return "POST /api/v1/chat/completions" if m.kind == "chat" else "POST /api/v1/generations"


def _shown(value: Any) -> str:
    return "null" if value is None else repr(value)
