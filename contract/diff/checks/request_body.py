"""Rule family: request bodies (presence, media types, and the body schema).

Body schema changes are reported with the ``request-property-*`` rules, compared with
direction "request": what narrows what clients may send breaks them. ``readOnly``
properties are ignored in requests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.context import Comparison
from rivya_contract.diff.kinds import rules_for
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction

B, W, C = Level.BREAKING, Level.WARNING, Level.COMPATIBLE


_rule = rule_maker("request-body", Direction.REQUEST)

RULES = [
    _rule(
        "request-body-added-required",
        B,
        "A required request body was added.",
        "now requires a request body",
        "request-body-removed",
    ),
    _rule(
        "request-body-added-optional",
        C,
        "An optional request body was added.",
        "now accepts an optional request body",
        "request-body-removed",
    ),
    _rule(
        "request-body-removed",
        B,
        "The request body was removed: clients still send one, and what it said is no longer part of the contract.",
        "no longer takes a request body",
        "request-body-added-optional",
    ),
    _rule(
        "request-body-became-required",
        B,
        "An optional request body became required.",
        "request body became required",
        "request-body-became-optional",
    ),
    _rule(
        "request-body-became-optional",
        C,
        "A required request body became optional.",
        "request body became optional",
        "request-body-became-required",
    ),
    _rule(
        "request-body-media-type-added",
        C,
        "A request media type was added.",
        "request body now also accepts {media_type}",
        "request-body-media-type-removed",
    ),
    _rule(
        "request-body-media-type-removed",
        B,
        "A request media type was removed.",
        "request body no longer accepts {media_type}",
        "request-body-media-type-added",
    ),
    _rule(
        "request-body-media-type-schema-added",
        B,
        "A request media type that accepted any body now has a schema.",
        "request body {media_type} now has a schema",
        "request-body-media-type-schema-removed",
    ),
    _rule(
        "request-body-media-type-schema-removed",
        C,
        "A request media type's schema was removed (any body is accepted).",
        "request body {media_type} no longer has a schema",
        "request-body-media-type-schema-added",
    ),
    _rule(
        "request-body-encoding-changed",
        B,
        "How a form or multipart field is encoded changed (contentType, style, explode, allowReserved).",
        "request body {media_type} field {name!r}: {what} changed from {old!r} to {new!r}",
        reason="a change in place: it is its own opposite",
    ),
    *rules_for("request-property"),
]

_ENCODING_WORDS = ("contentType", "style", "explode", "allowReserved")


def media_types(cmp: Comparison, body: Any, ptr: str, base: bool) -> dict[str, tuple[Any, str]]:
    content = body.get("content") if isinstance(body, dict) else None
    out: dict[str, tuple[Any, str]] = {}
    if isinstance(content, dict):
        for media, item in content.items():
            key = media.split(";")[0].strip().lower()
            out.setdefault(key, (item, jp.append(ptr, "content", media)))
    return out


def _encoding(cmp: Comparison, key: str, media: str, old: Any, new: Any, bp: str, rp: str) -> Iterator[Finding]:
    """Form and multipart ``encoding``: a field's contentType, style, explode, allowReserved."""
    old_enc = _mapping(old.get("encoding") if isinstance(old, dict) else None)
    new_enc = _mapping(new.get("encoding") if isinstance(new, dict) else None)
    if old_enc == new_enc:
        return
    for name in sorted(set(old_enc) | set(new_enc)):
        a, b = _mapping(old_enc.get(name)), _mapping(new_enc.get(name))
        for word in _ENCODING_WORDS:
            if a.get(word) != b.get(word):
                yield cmp.finding(
                    "request-body-encoding-changed",
                    base_pointer=jp.append(bp, "encoding", name, word) if word in a else jp.append(bp, "encoding"),
                    revision_pointer=jp.append(rp, "encoding", name, word) if word in b else jp.append(rp, "encoding"),
                    operation=key,
                    media_type=media,
                    name=name,
                    what=word,
                    old=a.get(word, "default"),
                    new=b.get(word, "default"),
                )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def check(cmp: Comparison) -> Iterator[Finding]:
    for pair in cmp.operation_pairs:
        old_raw, new_raw = pair.base.node.get("requestBody"), pair.revision.node.get("requestBody")
        if (old_raw is None and new_raw is None) or cmp.same(old_raw, new_raw):
            continue
        bp, rp = pair.base.pointer + "/requestBody", pair.revision.pointer + "/requestBody"
        old, bp = cmp.base_deref(old_raw, bp) if old_raw is not None else (None, bp)
        new, rp = cmp.rev_deref(new_raw, rp) if new_raw is not None else (None, rp)
        yield from compare_bodies(cmp, pair.key, old, new, bp, rp, "request")


def compare_bodies(
    cmp: Comparison, key: str, old: Any, new: Any, bp: str, rp: str, direction: str
) -> Iterator[Finding]:
    """Compare two request bodies (operations, and webhooks with direction "response")."""
    prefix = "request-property" if direction == "request" else "response-property"
    if not isinstance(old, dict) and not isinstance(new, dict):
        return
    if not isinstance(old, dict):
        rid = "request-body-added-required" if new.get("required") is True else "request-body-added-optional"
        yield cmp.finding(rid, base_pointer=None, revision_pointer=rp, operation=key)
        return
    if not isinstance(new, dict):
        yield cmp.finding("request-body-removed", base_pointer=bp, revision_pointer=None, operation=key)
        return
    if direction == "request":
        was, now = old.get("required") is True, new.get("required") is True
        if was != now:
            rid = "request-body-became-required" if now else "request-body-became-optional"
            yield cmp.finding(rid, base_pointer=bp, revision_pointer=rp, operation=key)
    old_media = media_types(cmp, old, bp, True)
    new_media = media_types(cmp, new, rp, False)
    for media, (_, ptr) in new_media.items():
        if media not in old_media:
            yield cmp.finding(
                "request-body-media-type-added", base_pointer=bp, revision_pointer=ptr, operation=key, media_type=media
            )
    for media, (item, ptr) in old_media.items():
        if media not in new_media:
            yield cmp.finding(
                "request-body-media-type-removed",
                base_pointer=ptr,
                revision_pointer=rp,
                operation=key,
                media_type=media,
            )
            continue
        new_item, new_ptr = new_media[media]
        old_schema = item.get("schema") if isinstance(item, dict) else None
        new_schema = new_item.get("schema") if isinstance(new_item, dict) else None
        if direction == "request":
            yield from _encoding(cmp, key, media, item, new_item, ptr, new_ptr)
        if isinstance(old_schema, dict) and isinstance(new_schema, dict):
            changes = cmp.schemas.compare(old_schema, new_schema, ptr + "/schema", new_ptr + "/schema", direction)
            yield from cmp.schema_findings(prefix, changes, operation=key)
        elif direction == "request" and isinstance(old_schema, dict) != isinstance(new_schema, dict):
            added = isinstance(new_schema, dict)
            yield cmp.finding(
                "request-body-media-type-schema-added" if added else "request-body-media-type-schema-removed",
                base_pointer=ptr if added else ptr + "/schema",
                revision_pointer=new_ptr + "/schema" if added else new_ptr,
                operation=key,
                media_type=media,
            )
