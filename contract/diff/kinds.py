"""Schema change kinds: what can change inside a schema, as data.

A schema comparison reports *kinds* ("enum-value-removed", "max-length-decreased").
Each kind is turned into one rule per context by prefixing the context
("request-property-", "response-property-", "request-parameter-", "response-header-"),
so the level follows the direction: what narrows a request or widens a response breaks
clients, the reverse does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from rivya_contract.findings import Level
from rivya_contract.rules import Direction, Rule

B, W, C = Level.BREAKING, Level.WARNING, Level.COMPATIBLE


@dataclass(frozen=True)
class Kind:
    name: str
    request_level: Level  # level when the schema describes what clients send
    response_level: Level  # level when it describes what clients receive
    description: str  # what changed, one line, no subject
    message: str  # appended to "{subject}: "
    mirror: str | None = None  # the opposite kind
    only: Direction | None = None  # the one direction the kind can occur in


_SELF = None  # a kind whose opposite is itself (a change, not a direction)


def _pair(name: str, word: str, what: str, *, narrows_when_added: bool = True) -> tuple[Kind, Kind]:
    """``name-added`` / ``name-removed`` for a keyword whose presence constrains values.

    Added narrows (breaking in requests, compatible in responses); removed widens. For
    prefixItems oasdiff reasons the other way (without it, ``items`` applies to every
    position), and so do we.
    """
    added, removed = (B, C) if narrows_when_added else (C, B)
    wider, narrower = (C, B) if narrows_when_added else (B, C)
    return (
        Kind(f"{name}-added", added, removed, f"{what} was added ({word})", f"{word} added", f"{name}-removed"),
        Kind(f"{name}-removed", wider, narrower, f"{what} was removed ({word})", f"{word} removed", f"{name}-added"),
    )


def _bounds(name: str, word: str, *, lower: bool) -> tuple[Kind, Kind]:
    tighter, looser = ("increased", "decreased") if lower else ("decreased", "increased")
    return (
        Kind(
            f"{name}-{tighter}",
            B,
            C,
            f"{word} was set or {tighter}",
            f"{word} {tighter} from {{old}} to {{new}}",
            f"{name}-{looser}",
        ),
        Kind(
            f"{name}-{looser}",
            C,
            B,
            f"{word} was {looser} or removed",
            f"{word} {looser} from {{old}} to {{new}}",
            f"{name}-{tighter}",
        ),
    )


KINDS: tuple[Kind, ...] = (
    Kind("type-changed", B, B, "the type changed to an unrelated type", "type changed from {old} to {new}", _SELF),
    Kind(
        "type-widened",
        C,
        B,
        "the type now admits more types (e.g. integer to number)",
        "type widened from {old} to {new}",
        "type-narrowed",
    ),
    Kind("type-narrowed", B, C, "the type now admits fewer types", "type narrowed from {old} to {new}", "type-widened"),
    Kind("format-added", B, C, "a format was added", "format {new!r} added", "format-removed"),
    Kind("format-removed", C, B, "the format was removed", "format {old!r} removed", "format-added"),
    Kind("format-changed", B, B, "the format changed", "format changed from {old!r} to {new!r}", _SELF),
    Kind("nullable-added", C, B, "null became an allowed value", "became nullable", "nullable-removed"),
    Kind("nullable-removed", B, C, "null is no longer allowed", "is no longer nullable", "nullable-added"),
    Kind(
        "enum-value-added",
        C,
        W,  # oasdiff's level: clients should tolerate a new value (Rivya: breaking, see policy.py)
        "a value was added to a closed enum",
        "enum value {value!r} added",
        "enum-value-removed",
    ),
    Kind(
        "enum-value-removed",
        B,
        C,
        "a value was removed from an enum",
        "enum value {value!r} removed",
        "enum-value-added",
    ),
    Kind(
        "extensible-enum-value-added",
        C,
        W,
        "a value was added to an enum marked x-extensible-enum (clients must tolerate it)",
        "value {value!r} added to an extensible enum",
        "enum-value-removed",
    ),
    Kind(
        "enum-added", B, C, "values became restricted to an enum", "now restricted to the values {new}", "enum-removed"
    ),
    Kind("enum-removed", C, B, "the enum restriction was removed", "no longer restricted to an enum", "enum-added"),
    Kind("const-changed", B, B, "the constant value changed", "const changed from {old!r} to {new!r}", _SELF),
    Kind("pattern-added", B, C, "a pattern was added", "pattern {new!r} added", "pattern-removed"),
    # A response pattern documents values; clients rarely depend on it (oasdiff does not
    # judge it at all): a warning for someone to look at, not a break.
    Kind("pattern-removed", C, W, "the pattern was removed", "pattern {old!r} removed", "pattern-added"),
    Kind(
        "pattern-changed",
        W,
        W,
        "the pattern changed (cannot tell if it narrowed)",
        "pattern changed from {old!r} to {new!r}",
        _SELF,
    ),
    Kind(
        "max-length-decreased",
        B,
        C,
        "maxLength was set or decreased",
        "maxLength decreased from {old} to {new}",
        "max-length-increased",
    ),
    Kind(
        "max-length-increased",
        C,
        B,
        "maxLength was increased or removed",
        "maxLength increased from {old} to {new}",
        "max-length-decreased",
    ),
    Kind(
        "min-length-increased",
        B,
        C,
        "minLength was set or increased",
        "minLength increased from {old} to {new}",
        "min-length-decreased",
    ),
    Kind(
        "min-length-decreased",
        C,
        B,
        "minLength was decreased or removed",
        "minLength decreased from {old} to {new}",
        "min-length-increased",
    ),
    Kind(
        "max-decreased",
        B,
        C,
        "maximum was set or decreased (or became exclusive)",
        "maximum decreased from {old} to {new}",
        "max-increased",
    ),
    Kind(
        "max-increased",
        C,
        B,
        "maximum was increased or removed",
        "maximum increased from {old} to {new}",
        "max-decreased",
    ),
    Kind(
        "min-increased",
        B,
        C,
        "minimum was set or increased (or became exclusive)",
        "minimum increased from {old} to {new}",
        "min-decreased",
    ),
    Kind(
        "min-decreased",
        C,
        B,
        "minimum was decreased or removed",
        "minimum decreased from {old} to {new}",
        "min-increased",
    ),
    Kind("multiple-of-changed", B, B, "multipleOf changed", "multipleOf changed from {old} to {new}", _SELF),
    Kind(
        "max-items-decreased",
        B,
        C,
        "maxItems was set or decreased",
        "maxItems decreased from {old} to {new}",
        "max-items-increased",
    ),
    Kind(
        "max-items-increased",
        C,
        B,
        "maxItems was increased or removed",
        "maxItems increased from {old} to {new}",
        "max-items-decreased",
    ),
    Kind(
        "min-items-increased",
        B,
        C,
        "minItems was set or increased",
        "minItems increased from {old} to {new}",
        "min-items-decreased",
    ),
    Kind(
        "min-items-decreased",
        C,
        B,
        "minItems was decreased or removed",
        "minItems decreased from {old} to {new}",
        "min-items-increased",
    ),
    Kind("unique-items-added", B, C, "items must now be unique", "items must now be unique", "unique-items-removed"),
    Kind(
        "unique-items-removed",
        C,
        B,
        "items no longer need to be unique",
        "items no longer need to be unique",
        "unique-items-added",
    ),
    Kind(
        "default-changed",
        B,
        W,
        "the default value changed, was added or was removed",
        "default changed from {old!r} to {new!r}",
        _SELF,
    ),
    Kind(
        "one-of-variant-added",
        C,
        B,
        "a oneOf/anyOf variant was added",
        "variant {variant!r} added",
        "one-of-variant-removed",
    ),
    Kind(
        "one-of-variant-removed",
        B,
        C,
        "a oneOf/anyOf variant was removed",
        "variant {variant!r} removed",
        "one-of-variant-added",
    ),
    Kind(
        "discriminator-property-changed",
        B,
        B,
        "the discriminator property changed",
        "discriminator property changed from {old!r} to {new!r}",
        _SELF,
    ),
    Kind(
        "property-added-required",
        B,
        C,
        "a required property was added",
        "required property {name!r} added",
        "property-removed-required",
    ),
    Kind(
        "property-added-optional",
        C,
        C,
        "an optional property was added",
        "optional property {name!r} added",
        "property-removed-optional",
    ),
    Kind(
        "property-removed-required",
        W,
        B,
        "a required property was removed",
        "required property {name!r} removed",
        "property-added-required",
    ),
    Kind(
        "property-removed-optional",
        W,
        W,
        "an optional property was removed",
        "optional property {name!r} removed",
        "property-added-optional",
    ),
    Kind(
        "property-became-required",
        B,
        C,
        "an optional property became required",
        "property {name!r} became required",
        "property-became-optional",
    ),
    Kind(
        "property-became-optional",
        C,
        B,
        "a required property became optional",
        "property {name!r} became optional",
        "property-became-required",
    ),
    Kind(
        "property-became-read-only",
        B,
        C,
        "a property became readOnly (no longer accepted)",
        "property {name!r} became read-only",
        "property-became-write-only",
        only=Direction.REQUEST,
    ),
    Kind(
        "property-became-write-only",
        C,
        B,
        "a property became writeOnly (no longer returned)",
        "property {name!r} became write-only",
        "property-became-read-only",
        only=Direction.RESPONSE,
    ),
    Kind(
        "additional-properties-closed",
        B,
        C,
        "additionalProperties was closed (false)",
        "no longer accepts additional properties",
        "additional-properties-opened",
    ),
    Kind(
        "additional-properties-opened",
        C,
        B,
        "additionalProperties was opened",
        "now allows additional properties",
        "additional-properties-closed",
    ),
    Kind(
        "max-properties-decreased",
        B,
        C,
        "maxProperties was set or decreased",
        "maxProperties decreased from {old} to {new}",
        "max-properties-increased",
    ),
    Kind(
        "max-properties-increased",
        C,
        B,
        "maxProperties was increased or removed",
        "maxProperties increased from {old} to {new}",
        "max-properties-decreased",
    ),
    Kind(
        "min-properties-increased",
        B,
        C,
        "minProperties was set or increased",
        "minProperties increased from {old} to {new}",
        "min-properties-decreased",
    ),
    Kind(
        "min-properties-decreased",
        C,
        B,
        "minProperties was decreased or removed",
        "minProperties decreased from {old} to {new}",
        "min-properties-increased",
    ),
    Kind(
        "x-extensible-enum-value-removed",
        B,
        C,
        "a value was removed from an x-extensible-enum list",
        "value {value!r} removed from the extensible enum",
        "extensible-enum-value-added",
    ),
    Kind(
        "wrapped-in-one-of",
        B,
        B,
        "the schema became a oneOf of several alternatives (a value may now match more than one)",
        "wrapped in a oneOf",
        _SELF,
    ),
    *_pair("prefix-items", "prefixItems", "tuple validation (prefixItems)", narrows_when_added=False),
    *_pair("contains", "contains", "a contains constraint"),
    *_bounds("min-contains", "minContains", lower=True),
    *_bounds("max-contains", "maxContains", lower=False),
    *_pair("dependent-required", "dependentRequired", "a dependentRequired entry for {name!r}"),
    Kind(
        "dependent-required-changed",
        B,
        B,
        "the properties a dependentRequired entry requires changed",
        "dependentRequired for {name!r} changed",
        _SELF,
    ),
    *_pair("dependent-schema", "dependentSchemas", "a dependentSchemas entry for {name!r}"),
    *_pair("pattern-property", "patternProperties", "patternProperties {pattern!r}"),
    *_pair("property-names", "propertyNames", "a propertyNames constraint"),
    *_pair("unevaluated-items", "unevaluatedItems", "an unevaluatedItems constraint"),
    *_pair("unevaluated-properties", "unevaluatedProperties", "an unevaluatedProperties constraint"),
    *_pair("if", "if", "an if/then/else condition (if)"),
    *_pair("then", "then", "a then branch"),
    *_pair("else", "else", "an else branch"),
    *_pair("not", "not", "a not constraint"),
    Kind(
        "not-widened",
        B,
        C,
        "the schema under not admits more values, so fewer values are valid",
        "the schema under not now excludes more values",
        "not-narrowed",
    ),
    Kind(
        "not-narrowed",
        C,
        B,
        "the schema under not admits fewer values, so more values are valid",
        "the schema under not now excludes fewer values",
        "not-widened",
    ),
    *_pair("content-schema", "contentSchema", "a contentSchema for the encoded content"),
    Kind(
        "content-media-type-changed",
        B,
        B,
        "the contentMediaType of an encoded string changed",
        "contentMediaType changed from {old!r} to {new!r}",
        _SELF,
    ),
    Kind(
        "content-encoding-changed",
        B,
        B,
        "the contentEncoding of an encoded string changed",
        "contentEncoding changed from {old!r} to {new!r}",
        _SELF,
    ),
)

BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass(frozen=True)
class Context:
    prefix: str  # rule ID prefix
    direction: Direction
    area: str  # the rule family
    subject: str  # how a location is named in messages
    scalar_only: bool


CONTEXTS: tuple[Context, ...] = (
    Context("request-property", Direction.REQUEST, "request-body", "request property {path}", False),
    Context("response-property", Direction.RESPONSE, "responses", "response property {path}", False),
    Context("request-parameter", Direction.REQUEST, "parameters", "{location} parameter {name}{path}", True),
    Context("response-header", Direction.RESPONSE, "responses", "response header {name}{path}", True),
)
CONTEXT_BY_PREFIX = {context.prefix: context for context in CONTEXTS}


def applies(context: Context, kind: Kind) -> bool:
    """Every kind applies to every context of its direction: parameter and header schemas
    may be objects too (``style: deepObject``, a JSON ``content`` parameter)."""
    return kind.only is None or kind.only == context.direction


def level(context: Context, kind: Kind) -> Level:
    return kind.request_level if context.direction == Direction.REQUEST else kind.response_level


def rule_id(context: Context, kind_name: str) -> str:
    return f"{context.prefix}-{kind_name}"


def rules_for(prefix: str) -> list[Rule]:
    """The rules of one schema context: one per applicable kind, level by direction."""
    context = CONTEXT_BY_PREFIX[prefix]
    out = []
    for kind in KINDS:
        if not applies(context, kind):
            continue
        mirror = kind.mirror
        if mirror is not None and not applies(context, BY_NAME[mirror]):
            mirror = None
        out.append(
            Rule(
                id=rule_id(context, kind.name),
                level=level(context, kind),
                description=f"{context.direction.capitalize()} {_NOUN[prefix]}: {kind.description}.",
                message="{subject}: " + kind.message,
                area=context.area,
                direction=context.direction,
                mirror=rule_id(context, mirror) if mirror else None,
                mirror_reason=None if mirror else "a change in place: it is its own opposite",
            )
        )
    return out


_NOUN = {
    "request-property": "body schema",
    "response-property": "body schema",
    "request-parameter": "parameter schema",
    "response-header": "header schema",
}
