"""The docs' catalog tables, generated from the catalog data.

docs/contract.md marks each generated block with ``<!-- catalog:NAME -->`` …
``<!-- /catalog:NAME -->``; ``refresh(text, catalog)`` rewrites every block and leaves the
prose around them alone. A test (and ``catalog build --check``) keeps the page in step.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rivya_contract.rivya.data import Catalog, Credits, Model

_BLOCK = re.compile(r"(<!-- catalog:(?P<name>[a-z-]+) -->\n)(?P<body>.*?)(<!-- /catalog:(?P=name) -->)", re.DOTALL)


def _credits(c: Credits) -> str:
    per = {"output": "per output", "second": "per second", "1k_characters": "per 1,000 characters"}
    if c.unit == "1k_tokens":
        return f"{c.input_amount:g} in / {c.output_amount:g} out per 1,000 tokens"
    return f"{c.amount:g} {per.get(c.unit, c.unit)}"


def _status(m: Model) -> str:
    life = m.lifecycle
    if m.status == "available":
        return "available"
    notes = []
    if life.deprecated_at:
        notes.append(f"since {life.deprecated_at}")
    if life.sunset_at:
        notes.append(f"sunset {life.sunset_at}")
    if life.replaced_by:
        notes.append(f"replaced by `{life.replaced_by}`")
    return f"**{m.status}**" + (f" ({', '.join(notes)})" if notes else "")


def _notes(m: Model) -> str:
    if m.context_window is not None:
        return f"context window {m.context_window:,} tokens"
    notes = [] if m.prompt_required else ["no prompt"]
    required = [f"`{p.name}`" for p in m.params if p.required]
    if required:
        notes.append("requires " + ", ".join(required))
    notes.append(f"{len(m.params)} parameter{'' if len(m.params) == 1 else 's'}")
    return "; ".join(notes)


def models_table(catalog: Catalog) -> str:
    gen, chat = len(catalog.generation_models), len(catalog.chat_models)
    lines = [
        f"The catalog has {gen} generation models and {chat} chat models, listed in `GET /api/v1/models` "
        "in this order:",
        "",
        "| id | kind | status | credits | notes |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| `{m.id}` | {m.kind} | {_status(m)} | {_credits(m.credits)} | {_notes(m)} |" for m in catalog.models]
    return "\n".join(lines)


def errors_table(catalog: Catalog) -> str:
    statuses: dict[str, list[str]] = {}
    for c in catalog.errors.codes:
        key = str(c.http_status) if c.http_status is not None else "none (task or stream errors only)"
        statuses.setdefault(key, []).append(f"`{c.code}`")
    lines = ["| HTTP status | codes |", "| --- | --- |"]
    lines += [f"| {status} | {', '.join(codes)} |" for status, codes in statuses.items()]
    return "\n".join(lines)


def limits_table(catalog: Catalog) -> str:
    lim, hooks = catalog.limits, catalog.webhooks
    delays = ", ".join(f"{s:,} s" for s in hooks.retry_delays_seconds)
    rows = [
        ("upload size", f"{lim.max_upload_bytes:,} bytes per file (413 `file_too_large`)"),
        ("JSON body", f"{lim.max_json_body_bytes:,} bytes (413 `request_too_large`)"),
        ("prompt", f"{lim.prompt_max_length:,} characters"),
        ("active generations", f"{lim.max_active_generations} queued or running per account"),
        ("webhook endpoints", f"{lim.max_webhook_endpoints} per account"),
        ("file lifetime", f"{lim.file_ttl_seconds // 86400} days"),
        ("webhook signature tolerance", f"{hooks.signature_tolerance_seconds} seconds"),
        ("webhook attempts", f"{hooks.max_attempts} (retries after {delays})"),
    ]
    lines = ["| limit | value |", "| --- | --- |"] + [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


BLOCKS: dict[str, Callable[[Catalog], str]] = {
    "models": models_table,
    "errors": errors_table,
    "limits": limits_table,
}


def refresh(text: str, catalog: Catalog, source: str = "docs") -> str:
    """``text`` with every catalog block regenerated. Unknown block names are an error."""

    def block(match: re.Match[str]) -> str:
        name = match.group("name")
        render = BLOCKS.get(name)
        if render is None:
            raise ValueError(f"{source}: unknown catalog block {name!r} (known: {', '.join(BLOCKS)})")
        return match.group(1) + render(catalog) + "\n" + match.group(4)

    return _BLOCK.sub(block, text)


def blocks_in(text: str) -> list[str]:
    return [m.group("name") for m in _BLOCK.finditer(text)]
