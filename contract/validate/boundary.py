"""Rule family: the public field boundary of the Rivya contract.

Public schema fields use public names; internal task-storage fields never appear; the
generation request has no top-level ``files``; chat takes no raw ``messages`` array.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rivya_contract import pointer as jp
from rivya_contract import rivya
from rivya_contract.document import Document, Operation
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule
from rivya_contract.schemas import all_schemas, json_body_schema, object_properties
from rivya_contract.validate.base import finding

_REASON = "validation rule: it judges one document, not a change"
RULES = [
    Rule(
        id="internal-field-exposed",
        level=Level.ERROR,
        description="A schema exposes an internal task-storage field (outside the public field boundary).",
        message="property {name!r} is an internal task-storage field, not part of the public contract",
        area="validate",
        mirror_reason=_REASON,
    ),
    Rule(
        id="field-name-not-public-style",
        level=Level.WARNING,
        description="A property name is neither snake_case nor one the source documents spell in camelCase.",
        message="property {name!r} is not snake_case (public fields use snake_case names)",
        area="validate",
        mirror_reason=_REASON,
    ),
    Rule(
        id="generation-top-level-files",
        level=Level.ERROR,
        description=(
            "POST /api/v1/generations accepts a top-level `files` field "
            "(reference media go in params.referenceMediaItems)."
        ),
        message="{operation} accepts a top-level 'files' field; reference media belong in params.referenceMediaItems",
        area="validate",
        mirror_reason=_REASON,
    ),
    Rule(
        id="chat-raw-messages",
        level=Level.ERROR,
        description="A chat request accepts a raw `messages` array (Chat API v1 takes one `message` per turn).",
        message="{operation} accepts a raw 'messages' array; Chat API v1 takes one 'message' per turn",
        area="validate",
        mirror_reason=_REASON,
    ),
]

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def check(doc: Document) -> Iterator[Finding]:
    yield from _field_names(doc)
    operations = {op.key: op for op in doc.operations()}
    create = operations.get(rivya.GENERATIONS_CREATE)
    if create is not None:
        yield from _forbidden_property(doc, create, "files", "generation-top-level-files")
    for key in rivya.CHAT_REQUESTS:
        if key in operations:
            yield from _forbidden_property(doc, operations[key], "messages", "chat-raw-messages")


def _field_names(doc: Document) -> Iterator[Finding]:
    for where, schema in all_schemas(doc):
        properties = schema.get("properties")
        if not isinstance(properties, dict):
            continue
        for name in properties:
            at = jp.append(where, "properties", name)
            if name in rivya.INTERNAL_FIELDS or name.startswith(rivya.INTERNAL_PREFIXES):
                yield finding(doc, "internal-field-exposed", at, name=name)
            elif name not in rivya.DOCUMENTED_CAMEL_CASE and not _SNAKE.match(name):
                yield finding(doc, "field-name-not-public-style", at, name=name)


def _forbidden_property(doc: Document, op: Operation, name: str, rule_id: str) -> Iterator[Finding]:
    body = json_body_schema(op.node, doc)
    if body is None:
        return
    schema, media = body
    where = jp.append(op.pointer, "requestBody", "content", media, "schema")
    declared = object_properties(doc, schema, where)
    if name in declared:
        yield finding(doc, rule_id, declared[name], operation=op.key)
