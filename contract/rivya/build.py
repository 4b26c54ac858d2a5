"""The catalog compiler: catalog data + the hand-written contract → the bundled contract.

``catalog/contract.yaml`` holds the hand-written parts of the Rivya v1 contract (prose,
paths, the schemas no catalog table drives). Where it says ``{{name}}`` the compiler
fills in a value derived from the catalog data (``rivya.data``):

- a string that is exactly ``{{name}}`` becomes the value (a list, a mapping, a number);
- a mapping key ``{{name}}`` (value null) is replaced, in place, by the mapping's entries;
- ``{{name}}`` inside longer text is replaced by the value's text.

Values are rendered too, so data prose (an error code's meaning) may quote a limit.
With ``facts=True`` (the default) the compiler also writes the facts the mock and the
property tests read (``x-rivya-limits``, ``x-rivya-webhooks``, each model's lifecycle
and description in ``x-rivya-model``, the chat models in ``x-rivya-chat-models``);
``facts=False`` gives the contract as it was before those extensions (2026-05-11).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from rivya_contract import canonical
from rivya_contract.rivya import data
from rivya_contract.rivya.data import Catalog, CatalogError, Model, Param

BUNDLED = Path(__file__).resolve().parent.parent / "bundled" / "openapi.json"
SKELETON = "contract.yaml"
_PLACEHOLDER = re.compile(r"\{\{([A-Za-z0-9_.\-]+)\}\}")

CHAT_REQUEST = "ChatCompletionRequest"
CHAT_MODELS_KEY = "x-rivya-chat-models"
LIMITS_KEY = "x-rivya-limits"
WEBHOOKS_KEY = "x-rivya-webhooks"
MODEL_KEY = "x-rivya-model"

# ModelParam key -> JSON Schema keyword, in the order a ModelParams property carries them.
_CONSTRAINTS = (
    ("enum", "enum"),
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("min_length", "minLength"),
    ("max_length", "maxLength"),
    ("min_items", "minItems"),
    ("max_items", "maxItems"),
)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def markdown_table(header: list[str], rows: list[tuple[Any, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# ----- the catalog's schemas ----------------------------------------------------------


def param_schema(p: Param) -> dict[str, Any]:
    """The JSON Schema of one parameter (a property of ModelParams.<id>)."""
    schema: dict[str, Any] = {"type": p.type, "description": p.description}
    if p.type == "array" and p.item_schema is not None:
        schema["items"] = ref(p.item_schema)
    for key, keyword in _CONSTRAINTS:
        value = getattr(p, key)
        if value is not None:
            schema[keyword] = list(value) if isinstance(value, tuple) else value
    if p.has_default:
        schema["default"] = p.default
    if p.accepted_kinds is not None:
        schema["x-rivya-accepted-kinds"] = list(p.accepted_kinds)
    return schema


def public_model(m: Model) -> dict[str, Any]:
    """The PublicApiModel object GET /api/v1/models serves for ``m``."""
    return {
        "id": m.id,
        "name": m.name,
        "kind": m.kind,
        "status": m.status,
        "description": m.description,
        "prompt_required": m.prompt_required,
        "params": [p.to_model_param() for p in m.params],
        "credits": m.credits.to_dict(),
        "sunset_at": m.lifecycle.sunset_at,
        "replaced_by": m.lifecycle.replaced_by,
    }


def model_extension(m: Model, *, facts: bool) -> dict[str, Any]:
    """``x-rivya-model``: what a variant's schema cannot say about the model."""
    info: dict[str, Any] = {
        "name": m.name,
        "kind": m.kind,
        "status": m.status,
        "prompt_required": m.prompt_required,
        "credits": m.credits.to_dict(),
        "sunset_at": m.lifecycle.sunset_at,
        "replaced_by": m.lifecycle.replaced_by,
    }
    if facts:
        info["description"] = m.description
        info["deprecated_at"] = m.lifecycle.deprecated_at
        if m.context_window is not None:
            info["context_window"] = m.context_window
    return info


def model_params_schema(m: Model) -> dict[str, Any]:
    return {
        "type": "object",
        "description": (
            f"Parameters of `{m.id}` ({m.name}). Same parameters, in the same order, as this model's "
            "`params` entries in `GET /api/v1/models`. Closed object: unknown keys fail with 400 `unknown_parameter`."
        ),
        "required": [p.name for p in m.params if p.required],
        "additionalProperties": False,
        "properties": {p.name: param_schema(p) for p in m.params},
    }


def request_example(m: Model) -> dict[str, Any]:
    example: dict[str, Any] = {"model": m.id}
    example.update(copy.deepcopy(dict(m.example or {})))
    return example


def generation_request_schema(m: Model, *, facts: bool) -> dict[str, Any]:
    required = ["model"]
    if m.prompt_required:
        required.append("prompt")
    if any(p.required for p in m.params):
        required.append("params")
    prompt_note = "`prompt` is required." if m.prompt_required else "`prompt` is optional and not used by this model."
    status_note = {
        "gated": " Gated model: accounts that are not enabled for it get 403 `model_gated`.",
        "deprecated": (
            f" Deprecated: accepted until {m.lifecycle.sunset_at}, then removed; use `{m.lifecycle.replaced_by}` "
            "instead."
        ),
    }.get(m.status, "")
    return {
        "type": "object",
        "title": f"{m.name} request",
        "description": f"Generation request for `{m.id}` ({m.kind}): {m.description} {prompt_note}{status_note}",
        "required": required,
        "additionalProperties": False,
        "properties": {
            "model": {"const": m.id},
            "prompt": ref("GenerationPrompt"),
            "params": ref(f"ModelParams.{m.id}"),
            "client_request_id": ref("ClientRequestId"),
        },
        MODEL_KEY: model_extension(m, facts=facts),
        "examples": [request_example(m)],
    }


# ----- errors -------------------------------------------------------------------------


def error_example(catalog: Catalog, code: str) -> dict[str, Any]:
    for c in catalog.errors.codes:
        if c.code == code:
            body: dict[str, Any] = {"code": c.code, "message": c.example_message}
            if c.example_param is not None:
                body["param"] = c.example_param
            body["request_id"] = catalog.errors.example_request_id
            body["doc_url"] = f"{catalog.errors.doc_url}#{c.code}"
            return {"error": body}
    raise CatalogError(f"errors.yaml: codes: no error code {code!r} (the contract's example names it)")


def error_responses(catalog: Catalog) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for r in catalog.errors.responses:
        codes = [c for c in catalog.errors.codes if c.http_status == r.status]
        lines = "\n".join(f"- `{c.code}`: {c.meaning}" for c in codes)
        headers = {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}
        headers.update({name: {"$ref": f"#/components/headers/{target}"} for name, target in r.headers.items()})
        out[r.name] = {
            "description": f"{r.description} Body: PublicApiError with one of these codes:\n{lines}",
            "headers": headers,
            "content": {
                "application/json": {
                    "schema": ref("PublicApiError"),
                    "examples": {
                        c.code: {"summary": f"{r.status} {c.code}", "value": error_example(catalog, c.code)}
                        for c in codes
                    },
                }
            },
        }
    return out


def error_code_schema(catalog: Catalog) -> dict[str, Any]:
    codes = catalog.errors.codes
    rows = [
        (f"`{c.code}`", c.http_status if c.http_status is not None else "— (task/stream error only)", c.meaning)
        for c in codes
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
        "enum": [c.code for c in codes],
        "x-extensible-enum": True,
        "x-rivya-http-status": {c.code: c.http_status for c in codes if c.http_status is not None},
    }


# ----- the values the hand-written contract asks for ---------------------------------------


def _duration(seconds: int) -> str:
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def values(catalog: Catalog, *, facts: bool) -> dict[str, Callable[[], Any]]:
    """Placeholder name -> a function computing its value (computed when used)."""
    lim, hooks, enums = catalog.limits, catalog.webhooks, catalog.enums
    gen, chat = catalog.generation_models, catalog.chat_models
    table: dict[str, Callable[[], Any]] = {
        "scopes.table": lambda: markdown_table(["scope", "grants"], [(s.scope, s.grants) for s in catalog.scopes]),
        "scopes.lines": lambda: "\n".join(f"- `{s.scope}`: {s.grants}" for s in catalog.scopes),
        "limits.max_upload_bytes": lambda: lim.max_upload_bytes,
        "limits.max_upload_bytes_grouped": lambda: f"{lim.max_upload_bytes:,}",
        "limits.max_upload_mb": lambda: _megabytes(lim.max_upload_bytes),
        "limits.max_json_body_mb": lambda: _megabytes(lim.max_json_body_bytes),
        "limits.prompt_max_length": lambda: lim.prompt_max_length,
        "limits.max_active_generations": lambda: lim.max_active_generations,
        "limits.max_webhook_endpoints": lambda: lim.max_webhook_endpoints,
        "uploads.type_lines": lambda: "; ".join(
            f"{kind}: {', '.join(types)}" for kind, types in lim.accepted_upload_types.items()
        ),
        "uploads.content_types": lambda: ", ".join(t for ts in lim.accepted_upload_types.values() for t in ts),
        "webhooks.signature_tolerance_seconds": lambda: hooks.signature_tolerance_seconds,
        "webhooks.max_attempts": lambda: hooks.max_attempts,
        "webhooks.retry_delays_text": lambda: ", ".join(_duration(s) for s in hooks.retry_delays_seconds),
        "enums.media_kinds": lambda: list(enums.media_kinds),
        "enums.model_kinds": lambda: list(enums.model_kinds),
        "enums.model_statuses": lambda: list(enums.model_statuses),
        "enums.generation_statuses": lambda: list(enums.generation_statuses),
        "enums.terminal_statuses": lambda: list(enums.terminal_generation_statuses),
        "enums.webhook_event_types": lambda: list(enums.webhook_event_types),
        "errors.responses": lambda: error_responses(catalog),
        "errors.code_schema": lambda: error_code_schema(catalog),
        "catalog.one_of": lambda: [ref(f"GenerationRequest.{m.id}") for m in gen],
        "catalog.mapping": lambda: {m.id: f"#/components/schemas/GenerationRequest.{m.id}" for m in gen},
        "catalog.schemas": lambda: {
            **{f"GenerationRequest.{m.id}": generation_request_schema(m, facts=facts) for m in gen},
            **{f"ModelParams.{m.id}": model_params_schema(m) for m in gen},
        },
        "catalog.model_list": lambda: {
            "object": "list",
            "data": [public_model(m) for m in catalog.models],
            "has_more": False,
            "next_cursor": None,
        },
        "catalog.chat_model_note": lambda: (
            "Chat model ID from `GET /api/v1/models` (`kind: chat`), currently "
            + ", ".join(f"`{m.id}`" for m in chat)
            + ". The list is dynamic."
        ),
        "catalog.chat_model_ids": lambda: [m.id for m in chat],
        # The models a file can be meant for: those with a reference-media parameter, and the
        # chat models (image attachments).
        "catalog.file_model_ids": lambda: (
            [m.id for m in gen if any(p.accepted_kinds for p in m.params)] + [m.id for m in chat]
        ),
    }
    for c in catalog.errors.codes:
        table[f"errors.example.{c.code}"] = lambda code=c.code: error_example(catalog, code)  # type: ignore[misc]
        # The same body as an SSE `data:` line carries it (compact JSON).
        table[f"errors.example_json.{c.code}"] = lambda code=c.code: _compact(error_example(catalog, code))  # type: ignore[misc]
    for m in gen:
        table[f"models.{m.id}.request_example"] = lambda m=m: request_example(m)  # type: ignore[misc]
    return table


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return str(int(mb)) if mb == int(mb) else f"{mb:g}"


class _Renderer:
    def __init__(self, table: dict[str, Callable[[], Any]], source: str) -> None:
        self.table, self.source = table, source

    def value(self, name: str, where: str) -> Any:
        make = self.table.get(name)
        if make is None:
            raise CatalogError(f"{self.source}: {where or '/'}: unknown placeholder {{{{{name}}}}}")
        return self.render(make(), where)

    def render(self, node: Any, where: str = "") -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, item in node.items():
                whole = _PLACEHOLDER.fullmatch(key) if isinstance(key, str) else None
                if whole and item is None:
                    spliced = self.value(whole.group(1), where)
                    if not isinstance(spliced, dict):
                        raise CatalogError(f"{self.source}: {where}/{key}: a key placeholder needs a mapping value")
                    out.update(spliced)
                else:
                    out[key] = self.render(item, f"{where}/{key}")
            return out
        if isinstance(node, list):
            return [self.render(item, f"{where}/{i}") for i, item in enumerate(node)]
        if isinstance(node, str) and "{{" in node:
            whole = _PLACEHOLDER.fullmatch(node)
            if whole:
                return self.value(whole.group(1), where)
            return _PLACEHOLDER.sub(lambda m: str(self.value(m.group(1), where)), node)
        return node


def load_skeleton(folder: Path = data.CATALOG_DIR) -> dict[str, Any]:
    path = folder / SKELETON
    source, tree = data._yaml(path, folder)
    if not isinstance(tree, dict):
        raise CatalogError(f"{source}: expected the contract as a mapping")
    return tree


def compile_contract(catalog: Catalog, skeleton: dict[str, Any], *, facts: bool = True) -> dict[str, Any]:
    """The contract document for ``catalog``."""
    doc = _Renderer(values(catalog, facts=facts), SKELETON).render(skeleton)
    if not isinstance(doc, dict):
        raise CatalogError(f"{SKELETON}: expected the contract as a mapping")
    if facts:
        _write_facts(doc, catalog)
    return doc


def _write_facts(doc: dict[str, Any], catalog: Catalog) -> None:
    lim, hooks = catalog.limits, catalog.webhooks
    schemas = doc.get("components", {}).get("schemas", {})
    chat_request = schemas.get(CHAT_REQUEST)
    if not isinstance(chat_request, dict):
        raise CatalogError(f"{SKELETON}: /components/schemas/{CHAT_REQUEST}: missing (chat models go there)")
    chat_request[CHAT_MODELS_KEY] = {m.id: model_extension(m, facts=True) for m in catalog.chat_models}
    doc[LIMITS_KEY] = {
        "max_upload_bytes": lim.max_upload_bytes,
        "max_json_body_bytes": lim.max_json_body_bytes,
        "prompt_max_length": lim.prompt_max_length,
        "max_active_generations": lim.max_active_generations,
        "max_webhook_endpoints": lim.max_webhook_endpoints,
        "file_ttl_seconds": lim.file_ttl_seconds,
        "result_ttl_seconds": lim.result_ttl_seconds,
        "accepted_upload_types": {kind: list(types) for kind, types in lim.accepted_upload_types.items()},
    }
    doc[WEBHOOKS_KEY] = {
        "signature_tolerance_seconds": hooks.signature_tolerance_seconds,
        "max_attempts": hooks.max_attempts,
        "retry_delays_seconds": list(hooks.retry_delays_seconds),
    }


def build(folder: Path = data.CATALOG_DIR, *, facts: bool = True) -> bytes:
    """The bundled contract's bytes, compiled from the catalog folder."""
    catalog = data.load(folder)
    return canonical.dumps(compile_contract(catalog, load_skeleton(folder), facts=facts))


def yaml_dump(tree: Any) -> str:
    """Readable YAML for catalog data (block scalars for multi-line text); loads back equal."""
    return yaml.dump(tree, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    if "\n" in text and all(line == line.rstrip() for line in text.split("\n")):
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


_Dumper.add_representer(str, _represent_str)
