"""Rule family (Rivya profile): the model catalog.

The catalog is ``components/schemas/GenerationRequest``: a ``oneOf`` with one variant per
model, discriminated by ``model`` (mapping key = model ID), each variant carrying
``x-rivya-model`` (kind, status). A model added, removed, gated or deprecated is one
finding here; the generic ``*-one-of-variant-*`` finding for the same variant is dropped
as a duplicate (see ``contract.diff.deduplicate``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.context import Comparison
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction

CATALOG = "/components/schemas/GenerationRequest"
B, W, C = Level.BREAKING, Level.WARNING, Level.COMPATIBLE


_rule = rule_maker("catalog", Direction.REQUEST)

RULES = [
    _rule(
        "model-added",
        C,
        "A model was added to the catalog (compatible by Rivya's policy).",
        "model {model!r} added ({kind})",
        "model-removed",
    ),
    _rule(
        "model-removed",
        B,
        "A model was removed from the catalog without being deprecated.",
        "model {model!r} removed without prior deprecation",
        "model-added",
    ),
    _rule(
        "model-removed-after-deprecation",
        C,
        "A deprecated model was removed on or after its sunset_at (x-rivya-model lifecycle).",
        "deprecated model {model!r} removed after its sunset{sunset_text}",
        "model-added",
    ),
    _rule(
        "model-removed-before-sunset",
        B,
        "A deprecated model was removed before its sunset_at (or had none): clients were promised it until then.",
        "deprecated model {model!r} removed before its sunset{sunset_text}",
        "model-added",
    ),
    _rule(
        "model-gated",
        B,
        "A model's status became gated: most accounts can no longer call it.",
        "model {model!r} is now gated (was {old})",
        "model-ungated",
    ),
    _rule(
        "model-ungated", C, "A gated model became available.", "model {model!r} is now {new} (was gated)", "model-gated"
    ),
    _rule(
        "model-deprecated",
        W,
        "A model was deprecated (still callable until its sunset).",
        "model {model!r} deprecated{sunset_text}",
        "model-undeprecated",
    ),
    _rule(
        "model-undeprecated",
        C,
        "A deprecated model is available again.",
        "model {model!r} is no longer deprecated",
        "model-deprecated",
    ),
    _rule(
        "model-kind-changed",
        B,
        "A model's kind changed (image, video, audio...).",
        "model {model!r} kind changed from {old} to {new}",
        reason="a change in place: it is its own opposite",
    ),
]


def models(doc: Document) -> dict[str, tuple[dict[str, Any], str]]:
    """Model ID -> (variant schema, its pointer)."""
    catalog = doc.get(CATALOG)
    if not isinstance(catalog, dict):
        return {}
    mapping = (catalog.get("discriminator") or {}).get("mapping") or {}
    out: dict[str, tuple[dict[str, Any], str]] = {}
    for model, ref in mapping.items():
        if isinstance(ref, str) and ref.startswith("#"):
            node = doc.ref_target(ref)
            if isinstance(node, dict):
                out[model] = (node, ref[1:])
    return out


def model_info(variant: dict[str, Any]) -> dict[str, Any]:
    info = variant.get("x-rivya-model")
    return info if isinstance(info, dict) else {}


def _removal(info: dict[str, Any], today: date) -> tuple[str, str | None]:
    """Which removal rule: not deprecated; deprecated and past its sunset_at; or before it.

    A deprecated model without a (parsable) sunset_at promised no end date, so removing it
    is before its sunset."""
    deprecated = info.get("status") == "deprecated" or bool(info.get("deprecated_at"))
    if not deprecated:
        return "model-removed", None
    raw = info.get("sunset_at")
    try:
        when = date.fromisoformat(raw[:10]) if isinstance(raw, str) else None
    except ValueError:
        when = None
    if when is not None and when <= today:
        return "model-removed-after-deprecation", when.isoformat()
    return "model-removed-before-sunset", when.isoformat() if when else None


def check(cmp: Comparison) -> Iterator[Finding]:
    old, new = models(cmp.base), models(cmp.revision)
    for model, (variant, ptr) in new.items():
        if model not in old:
            yield cmp.finding(
                "model-added",
                base_pointer=None,
                revision_pointer=ptr,
                model=model,
                kind=model_info(variant).get("kind", "model"),
            )
    for model, (variant, ptr) in old.items():
        info = model_info(variant)
        if model not in new:
            gone, sunset = _removal(info, cmp.today)
            # In the revision, point at where the model was listed (the catalog's mapping),
            # not at the nearest surviving parent ("schemas").
            listed = CATALOG + "/discriminator/mapping"
            yield cmp.finding(
                gone,
                base_pointer=ptr,
                revision_pointer=listed if cmp.revision.get(listed) is not None else None,
                model=model,
                sunset=sunset or "none",
                sunset_text=f" ({sunset})" if sunset else " (it has no sunset_at)" if gone.endswith("sunset") else "",
            )
            continue
        new_variant, new_ptr = new[model]
        new_info = model_info(new_variant)
        at = jp.append(new_ptr, "x-rivya-model")
        old_status, new_status = info.get("status"), new_info.get("status")
        if old_status != new_status:
            rid: str | None = None
            if new_status == "gated":
                rid = "model-gated"
            elif old_status == "gated":
                rid = "model-ungated"
            elif new_status == "deprecated":
                rid = "model-deprecated"
            elif old_status == "deprecated":
                rid = "model-undeprecated"
            if rid:
                sunset = new_info.get("sunset_at")
                yield cmp.finding(
                    rid,
                    base_pointer=jp.append(ptr, "x-rivya-model"),
                    revision_pointer=at,
                    model=model,
                    old=old_status,
                    new=new_status,
                    sunset_text=f" (sunset {sunset})" if sunset else "",
                )
        if info.get("kind") != new_info.get("kind") and info.get("kind") and new_info.get("kind"):
            yield cmp.finding(
                "model-kind-changed",
                base_pointer=jp.append(ptr, "x-rivya-model"),
                revision_pointer=at,
                model=model,
                old=info.get("kind"),
                new=new_info.get("kind"),
            )
