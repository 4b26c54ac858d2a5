"""Rule family: responses (status codes, media types, headers, body schemas, SSE events).

Body schema changes are reported with the ``response-property-*`` rules, compared with
direction "response": what widens what clients receive breaks them. ``writeOnly``
properties are ignored in responses. A ``text/event-stream`` body whose schema is a
``oneOf`` of events reports added and removed variants as SSE events.
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

SSE_MEDIA = "text/event-stream"


_rule = rule_maker("responses", Direction.RESPONSE)

RULES = [
    _rule(
        "response-success-status-removed",
        B,
        "A success (2xx) response status was removed.",
        "success response {status} removed",
        "response-success-status-added",
    ),
    _rule(
        "response-success-status-added",
        C,
        "A success (2xx) response status was added.",
        "success response {status} added",
        "response-success-status-removed",
    ),
    _rule(
        "response-status-removed",
        W,
        "A non-success response status was removed.",
        "response {status} removed",
        "response-status-added",
    ),
    _rule(
        "response-status-added",
        C,
        "A non-success response status was added.",
        "response {status} added",
        "response-status-removed",
    ),
    _rule(
        "response-media-type-removed",
        B,
        "A response media type was removed.",
        "response {status} no longer returns {media_type}",
        "response-media-type-added",
    ),
    _rule(
        "response-media-type-added",
        C,
        "A response media type was added.",
        "response {status} may now return {media_type}",
        "response-media-type-removed",
    ),
    _rule(
        "response-header-removed",
        B,
        "A required response header was removed.",
        "response {status} no longer sends header {name!r}",
        "response-header-added",
    ),
    _rule(
        "optional-response-header-removed",
        W,
        "An optional response header was removed (clients must already cope with its absence).",
        "response {status} no longer documents the optional header {name!r}",
        "response-header-added",
    ),
    _rule(
        "response-header-added",
        C,
        "A response header was added.",
        "response {status} now sends header {name!r}",
        "response-header-removed",
    ),
    _rule(
        "response-header-became-optional",
        B,
        "A required response header became optional.",
        "response {status} header {name!r} became optional",
        "response-header-became-required",
    ),
    _rule(
        "response-header-became-required",
        C,
        "An optional response header became required.",
        "response {status} header {name!r} became required",
        "response-header-became-optional",
    ),
    _rule(
        "sse-event-removed",
        B,
        "An event was removed from a text/event-stream response.",
        "stream no longer sends the {event!r} event",
        "sse-event-added",
    ),
    _rule(
        "sse-event-added",
        C,
        "An event was added to a text/event-stream response (SSE clients skip unknown events).",
        "stream may now send the {event!r} event",
        "sse-event-removed",
    ),
    _rule(
        "response-media-type-schema-added",
        C,
        "A response media type that promised nothing now has a schema.",
        "response {status} {media_type} now has a schema",
        "response-media-type-schema-removed",
    ),
    _rule(
        "response-media-type-schema-removed",
        W,
        "A response media type's schema was removed: nothing is promised about the body any more.",
        "response {status} {media_type} no longer has a schema",
        "response-media-type-schema-added",
    ),
    *rules_for("response-property"),
    *rules_for("response-header"),
]


def is_success(status: str) -> bool:
    return status.upper().startswith("2")


def check(cmp: Comparison) -> Iterator[Finding]:
    for pair in cmp.operation_pairs:
        old, new = pair.base.node.get("responses"), pair.revision.node.get("responses")
        if not isinstance(old, dict) or not isinstance(new, dict) or cmp.same(old, new):
            continue
        yield from compare_responses(
            cmp, pair.key, old, new, pair.base.pointer + "/responses", pair.revision.pointer + "/responses"
        )


def compare_responses(
    cmp: Comparison, key: str, old: dict[str, Any], new: dict[str, Any], bp: str, rp: str
) -> Iterator[Finding]:
    old_codes = {str(code).upper(): code for code in old}
    new_codes = {str(code).upper(): code for code in new}
    for status, code in new_codes.items():
        if status not in old_codes:
            rid = "response-success-status-added" if is_success(status) else "response-status-added"
            yield cmp.finding(rid, base_pointer=bp, revision_pointer=jp.append(rp, code), operation=key, status=status)
    for status, code in old_codes.items():
        ptr = jp.append(bp, code)
        if status not in new_codes:
            rid = "response-success-status-removed" if is_success(status) else "response-status-removed"
            yield cmp.finding(rid, base_pointer=ptr, revision_pointer=rp, operation=key, status=status)
            continue
        new_code = new_codes[status]
        if cmp.same(old[code], new[new_code]):
            continue
        a, a_ptr = cmp.base_deref(old[code], ptr)
        b, b_ptr = cmp.rev_deref(new[new_code], jp.append(rp, new_code))
        if isinstance(a, dict) and isinstance(b, dict):
            yield from _response(cmp, key, status, a, b, a_ptr, b_ptr)


def _response(
    cmp: Comparison, key: str, status: str, old: dict[str, Any], new: dict[str, Any], bp: str, rp: str
) -> Iterator[Finding]:
    yield from _headers(cmp, key, status, old, new, bp, rp)
    old_content: dict[str, Any] = old["content"] if isinstance(old.get("content"), dict) else {}
    new_content: dict[str, Any] = new["content"] if isinstance(new.get("content"), dict) else {}
    old_media = {m.split(";")[0].strip().lower(): m for m in old_content}
    new_media = {m.split(";")[0].strip().lower(): m for m in new_content}
    for media, raw in new_media.items():
        if media not in old_media:
            yield cmp.finding(
                "response-media-type-added",
                base_pointer=bp,
                revision_pointer=jp.append(rp, "content", raw),
                operation=key,
                status=status,
                media_type=media,
            )
    for media, raw in old_media.items():
        mbp = jp.append(bp, "content", raw)
        if media not in new_media:
            yield cmp.finding(
                "response-media-type-removed",
                base_pointer=mbp,
                revision_pointer=rp,
                operation=key,
                status=status,
                media_type=media,
            )
            continue
        mrp = jp.append(rp, "content", new_media[media])
        old_item, new_item = old_content[raw], new_content[new_media[media]]
        old_schema = old_item.get("schema") if isinstance(old_item, dict) else None
        new_schema = new_item.get("schema") if isinstance(new_item, dict) else None
        if isinstance(old_schema, dict) != isinstance(new_schema, dict):
            added = isinstance(new_schema, dict)
            yield cmp.finding(
                "response-media-type-schema-added" if added else "response-media-type-schema-removed",
                base_pointer=mbp if added else mbp + "/schema",
                revision_pointer=mrp + "/schema" if added else mrp,
                operation=key,
                status=status,
                media_type=media,
            )
        if not isinstance(old_schema, dict) or not isinstance(new_schema, dict):
            continue
        changes = cmp.schemas.compare(old_schema, new_schema, mbp + "/schema", mrp + "/schema", "response")
        if media == SSE_MEDIA:
            events = [c for c in changes if not c.path and c.kind.startswith("one-of-variant-")]
            changes = [c for c in changes if c not in events]
            for change in events:
                rid = "sse-event-added" if change.kind.endswith("added") else "sse-event-removed"
                yield cmp.finding(
                    rid,
                    base_pointer=change.base_pointer,
                    revision_pointer=change.revision_pointer,
                    operation=key,
                    event=change.args.get("variant"),
                )
        yield from cmp.schema_findings("response-property", changes, operation=key)


def _headers(
    cmp: Comparison, key: str, status: str, old: dict[str, Any], new: dict[str, Any], bp: str, rp: str
) -> Iterator[Finding]:
    old_h: dict[str, Any] = old["headers"] if isinstance(old.get("headers"), dict) else {}
    new_h: dict[str, Any] = new["headers"] if isinstance(new.get("headers"), dict) else {}
    if cmp.same(old_h, new_h):
        return
    old_names = {n.lower(): n for n in old_h}
    new_names = {n.lower(): n for n in new_h}
    common = {"operation": key, "status": status}
    for low, name in new_names.items():
        if low not in old_names:
            yield cmp.finding(
                "response-header-added",
                base_pointer=bp,
                revision_pointer=jp.append(rp, "headers", name),
                name=name,
                **common,
            )
    for low, name in old_names.items():
        hbp = jp.append(bp, "headers", name)
        if low not in new_names:
            header = cmp.base_deref(old_h[name], hbp)[0]
            required = isinstance(header, dict) and header.get("required") is True
            rid = "response-header-removed" if required else "optional-response-header-removed"
            yield cmp.finding(rid, base_pointer=hbp, revision_pointer=rp, name=name, **common)
            continue
        new_name = new_names[low]
        a, a_ptr = cmp.base_deref(old_h[name], hbp)
        b, b_ptr = cmp.rev_deref(new_h[new_name], jp.append(rp, "headers", new_name))
        if not isinstance(a, dict) or not isinstance(b, dict):
            continue
        was, now = a.get("required") is True, b.get("required") is True
        if was != now:
            rid = "response-header-became-required" if now else "response-header-became-optional"
            yield cmp.finding(rid, base_pointer=a_ptr, revision_pointer=b_ptr, name=new_name, **common)
        if isinstance(a.get("schema"), dict) and isinstance(b.get("schema"), dict):
            changes = cmp.schemas.compare(a["schema"], b["schema"], a_ptr + "/schema", b_ptr + "/schema", "response")
            yield from cmp.schema_findings("response-header", changes, operation=key, name=repr(new_name))
