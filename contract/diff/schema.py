"""Semantic schema comparison: two schemas in, a list of changes (kinds) out.

Semantic, not textual: ``$ref`` chains are followed (a ref replaced by the same inline
schema, or a renamed component, is no change); ``allOf`` is merged recursively (a property
several members define is the intersection of their schemas, bounds take the tighter
value, enums intersect); OpenAPI 3.0 ``nullable`` and 3.1 ``type: [..., "null"]`` are the
same thing; ``oneOf``/``anyOf`` variants are matched by content (structural identity after
``$ref`` resolution, then discriminator value, then best overlap), never by position or
component name, and a union with an unconstrained branch (``{type: string}``) absorbs what
its siblings of that type change; a keyword is judged only for the types it applies to;
``not`` is compared with the direction reversed.

Comparisons are memoised per (base node, revision node, direction), which makes recursive
schemas safe and shared components cheap. A change inside a component carries the
component's name and its path *from the component*, so it is the same change however many
routes reach it: the lists do not grow with the number of paths through the ``$ref`` graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

import orjson

from rivya_contract import pointer as jp
from rivya_contract.diff.kinds import KINDS
from rivya_contract.findings import Level


class Resolver(Protocol):
    """What a schema comparison needs from the comparison around it."""

    def base_deref(self, node: Any, pointer: str) -> tuple[Any, str]: ...

    def rev_deref(self, node: Any, pointer: str) -> tuple[Any, str]: ...

    def is_clean(self, node: Any) -> bool: ...


_COMPONENT = re.compile(r"^/components/schemas/([^/]+)$")


def component_name(pointer: str | None) -> str | None:
    """``Pet`` for ``/components/schemas/Pet``; None for any other pointer."""
    match = _COMPONENT.match(pointer or "")
    return jp.unescape(match.group(1)) if match else None


@dataclass(frozen=True)
class Change:
    kind: str
    path: tuple[str, ...]  # property path from the compared root ("[]" for array items)
    base_pointer: str | None
    revision_pointer: str | None
    args: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    component: str | None = None  # the innermost component it lies in; path is from there

    def identity(self) -> tuple[Any, ...]:
        found: tuple[Any, ...] | None = self.__dict__.get("_identity")
        if found is None:
            found = (self.kind, self.base_pointer, self.revision_pointer, repr(sorted(self.args.items())))
            self.__dict__["_identity"] = found  # computed once: a change is compared by it often
        return found

    def under(self, *prefix: str) -> Change:
        if self.component is not None:
            return self  # already placed: the same change however it is reached
        return Change(self.kind, (*prefix, *self.path), self.base_pointer, self.revision_pointer, self.args)

    def shown_path(self) -> tuple[str, ...]:
        return (self.component, *self.path) if self.component else self.path


def format_path(path: tuple[str, ...]) -> str:
    text = ""
    for part in path:
        if part == "[]":
            text += "[]"
        elif part.startswith("<"):
            text += part
        else:
            text += ("." if text else "") + part
    return text


@dataclass
class View:
    """A schema with ``allOf`` merged and its type normalised."""

    node: dict[str, Any]
    pointer: str
    keywords: dict[str, tuple[Any, str]]  # keyword -> (value, pointer of the node holding it)
    types: frozenset[str] | None  # None: any type
    nullable: bool
    properties: dict[str, tuple[Any, str]]
    required: set[str]
    variants: list[tuple[Any, str]]  # oneOf/anyOf members (unresolved) and their pointers
    union: str = ""  # "oneOf" or "anyOf" when the schema itself is a union


_UPPER = ("maxLength", "maxItems", "maxProperties", "maximum", "maxContains")
_LOWER = ("minLength", "minItems", "minProperties", "minimum", "minContains")
# Which instance types a keyword constrains: judged only when a side may be of that type.
_STRING, _NUMBER, _ARRAY, _OBJECT = (
    frozenset({"string"}),
    frozenset({"number", "integer"}),
    frozenset({"array"}),
    frozenset({"object"}),
)
# Keywords that say nothing about which values are valid.
_ANNOTATIONS = frozenset(
    {
        "type",
        "title",
        "description",
        "example",
        "examples",
        "deprecated",
        "nullable",
        "default",
        "externalDocs",
        "xml",
        "$comment",
        "$schema",
        "$id",
        "$anchor",
        "readOnly",
        "writeOnly",
        "format",
    }
)


class SchemaDiff:
    def __init__(self, resolver: Resolver) -> None:
        self.cmp = resolver
        self._memo: dict[tuple[int, int, str], list[Change]] = {}
        self._views: dict[tuple[int, bool], View] = {}
        self._merged: dict[int, list[tuple[Any, str]]] = {}  # synthetic allOf -> its parts
        self._keep: list[Any] = []  # synthetic nodes stay alive while their id is a key

    # -- entry -------------------------------------------------------------------
    def compare(self, base: Any, revision: Any, base_ptr: str, rev_ptr: str, direction: str) -> list[Change]:
        b, bp = self.cmp.base_deref(base, base_ptr)
        r, rp = self.cmp.rev_deref(revision, rev_ptr)
        if not isinstance(b, dict) or not isinstance(r, dict):
            return []
        key = (id(b), id(r), direction)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        if b == r and self.cmp.is_clean(b) and self.cmp.is_clean(r):
            self._memo[key] = []
            return []
        self._memo[key] = []  # a cycle meets itself here: nothing more to report
        changes = self._compare(b, r, bp, rp, direction)
        name = component_name(rp) or component_name(bp)
        if name is not None:
            changes = [c if c.component else replace(c, component=name) for c in changes]
        self._memo[key] = changes
        return changes

    # -- views -------------------------------------------------------------------
    def view(self, node: dict[str, Any], pointer: str, in_base: bool) -> View:
        key = (id(node), in_base)
        found = self._views.get(key)
        if found is None:
            found = self._build_view(node, pointer, in_base, set())
            self._views[key] = found
        return found

    def _intersection(self, parts: list[tuple[Any, str]], in_base: bool) -> tuple[Any, str]:
        """One schema for a property several allOf members define: their allOf, placed at
        the last member that is a component (the envelope's ``result: {$ref: X}`` is X)."""
        if len(parts) == 1:
            return parts[0]
        node = {"allOf": [p[0] for p in parts]}
        self._merged[id(node)] = parts
        self._keep.append(node)
        deref = self.cmp.base_deref if in_base else self.cmp.rev_deref
        for part, ptr in reversed(parts):
            target = deref(part, ptr)[1]
            if component_name(target) is not None:
                return node, target
        return node, parts[-1][1]

    def _build_view(self, node: dict[str, Any], pointer: str, in_base: bool, seen: set[int]) -> View:
        seen = seen | {id(node)}
        keywords: dict[str, tuple[Any, str]] = {}
        defined: dict[str, list[tuple[Any, str]]] = {}
        required: set[str] = set()
        types: frozenset[str] | None = None
        variants: list[tuple[Any, str]] = []
        deref = self.cmp.base_deref if in_base else self.cmp.rev_deref
        members = self._merged.get(id(node))
        if members is None:
            members = [(m, jp.append(pointer, "allOf", i)) for i, m in enumerate(node.get("allOf") or [])]
        parts: list[tuple[dict[str, Any], str]] = []
        for member, member_ptr in members:
            sub, sub_ptr = deref(member, member_ptr)
            if isinstance(sub, dict) and id(sub) not in seen:
                parts.append((sub, sub_ptr))
        merged = [self._build_view(sub, ptr, in_base, seen) for sub, ptr in parts]
        own_types, own_nullable = _types(node)
        for part in merged:
            for name, value in part.keywords.items():
                _merge_keyword(keywords, name, value)
            for name, value in part.properties.items():
                defined.setdefault(name, []).append(value)
            required |= part.required
            if part.types is not None:
                types = part.types if types is None else _intersect(types, part.types)
            variants.extend(part.variants)
        for name, value in node.items():
            if name not in ("allOf", "properties", "required", "oneOf", "anyOf"):
                _merge_keyword(keywords, name, (value, pointer), own=True)
        for name, prop in (node.get("properties") or {}).items():
            defined.setdefault(name, []).append((prop, jp.append(pointer, "properties", name)))
        properties = {name: self._intersection(found, in_base) for name, found in defined.items()}
        required |= {r for r in node.get("required") or [] if isinstance(r, str)}
        if own_types is not None:
            types = own_types if types is None else _intersect(types, own_types)
        # allOf is nullable only when every part lets null through.
        nullable = own_nullable or (bool(merged) and all(m.nullable for m in merged))
        union = ""
        for word in ("oneOf", "anyOf"):
            for index, member in enumerate(node.get(word) or []):
                if _is_null(deref(member, pointer)[0]):
                    nullable = True  # `anyOf: [X, {type: "null"}]` is a nullable X
                    continue
                variants.append((member, jp.append(pointer, word, index)))
                union = union or word
        return View(node, pointer, keywords, types, nullable, properties, required, variants, union)

    # -- the comparison ------------------------------------------------------------
    def _compare(self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str, direction: str) -> list[Change]:
        vb = self.view(b, bp, True)
        vr = self.view(r, rp, False)
        out: list[Change] = []
        if self._wrapped(vb, vr, direction, out) or self._rewrapped(vb, vr, b, r, direction, out):
            return _unique(out)
        self._types(vb, vr, out)
        self._scalars(vb, vr, out)
        self._enum(vb, vr, out)
        self._extensible(vb, vr, out)
        if _judged(vb, vr, _OBJECT):
            self._properties(vb, vr, direction, out)
            self._additional(vb, vr, direction, out)
            self._objects(vb, vr, direction, out)
        if _judged(vb, vr, _ARRAY):
            self._items(vb, vr, direction, out)
            self._arrays(vb, vr, direction, out)
        self._applicators(vb, vr, direction, out)
        self._variants(vb, vr, direction, out)
        return _unique(out)

    def _at(self, vb: View, vr: View, word: str) -> tuple[str, str]:
        b = vb.keywords.get(word)
        r = vr.keywords.get(word)
        return (jp.append(b[1], word) if b else vb.pointer, jp.append(r[1], word) if r else vr.pointer)

    def _add(self, out: list[Change], kind: str, vb: View, vr: View, word: str, **args: Any) -> None:
        bp, rp = self._at(vb, vr, word)
        out.append(Change(kind, (), bp, rp, args))

    def _sub(
        self, out: list[Change], vb: View, vr: View, word: str, direction: str, step: str, *tokens: str | int
    ) -> None:
        """Compare the subschema at ``word``/``tokens`` on both sides, its changes under ``step``."""
        old, new = vb.keywords.get(word), vr.keywords.get(word)
        if not old or not new:
            return
        a, b = old[0], new[0]
        for token in tokens:
            a, b = _step(a, token), _step(b, token)
        if not isinstance(a, dict) or not isinstance(b, dict):
            return
        bp, rp = jp.append(old[1], word, *tokens), jp.append(new[1], word, *tokens)
        for change in self.compare(a, b, bp, rp, direction):
            out.append(change.under(step) if step else change)

    def _presence(self, out: list[Change], vb: View, vr: View, word: str, kind: str, direction: str, step: str) -> None:
        """``kind-added`` / ``kind-removed`` for a subschema keyword, else its changes."""
        old, new = _kw(vb, word, _MISSING), _kw(vr, word, _MISSING)
        if old is _MISSING and new is _MISSING:
            return
        if old is _MISSING or old is True or old == {}:
            if new is not _MISSING and new is not True and new != {}:
                self._add(out, f"{kind}-added", vb, vr, word)
            return
        if new is _MISSING or new is True or new == {}:
            self._add(out, f"{kind}-removed", vb, vr, word)
            return
        if old is False or new is False:
            if old is not new:
                self._add(out, f"{kind}-added" if new is False else f"{kind}-removed", vb, vr, word)
            return
        self._sub(out, vb, vr, word, direction, step)

    def _wrapped(self, vb: View, vr: View, direction: str, out: list[Change]) -> bool:
        """A schema that became a oneOf of several alternatives: one change, not its parts."""
        if vb.variants or vr.union != "oneOf" or len(vr.variants) < 2 or vr.properties:
            return False
        if vb.types is None and not vb.properties:
            return False
        out.append(Change("wrapped-in-one-of", (), vb.pointer, jp.append(vr.pointer, "oneOf"), {}))
        return True

    def _rewrapped(
        self, vb: View, vr: View, b: dict[str, Any], r: dict[str, Any], direction: str, out: list[Change]
    ) -> bool:
        """A schema that became a union of itself and others (or the reverse): the schema
        is compared with its closest variant, the others are added (removed)."""
        if bool(vb.variants) == bool(vr.variants):
            return False
        union, plain = (vr, vb) if vr.variants else (vb, vr)
        if union.properties:
            return False
        in_base = union is vb
        members = self._members(union, _discriminator(union), in_base)
        if not members:
            return False
        if union.nullable != plain.nullable:
            kind = "nullable-added" if vr.nullable else "nullable-removed"
            out.append(Change(kind, (), vb.pointer, vr.pointer, {}))
        itself = _Member(
            plain.node, plain.pointer, plain.node, plain.pointer, "", None, plain.types, _unconstrained(plain.node)
        )
        if in_base:
            pairs, others, _ = self._match(members, [itself], direction)
        else:
            pairs, _, others = self._match([itself], members, direction)
        if not pairs:
            return False
        a, b2 = pairs[0]
        if in_base:
            out.extend(self.compare(a.raw, r, a.raw_pointer, vr.pointer, direction))
        else:
            out.extend(self.compare(b, b2.raw, vb.pointer, b2.raw_pointer, direction))
        open_types = _open_union(members) & _open_union([itself])  # open on both sides
        for member in others:
            if _absorbed(member, open_types):
                continue
            if in_base:
                out.append(
                    Change("one-of-variant-removed", (), member.raw_pointer, vr.pointer, {"variant": member.label})
                )
            else:
                out.append(
                    Change("one-of-variant-added", (), vb.pointer, member.raw_pointer, {"variant": member.label})
                )
        return True

    def _types(self, vb: View, vr: View, out: list[Change]) -> None:
        if vb.types != vr.types:
            old, new = _type_text(vb.types), _type_text(vr.types)
            if _covers(vr.types, vb.types):
                self._add(out, "type-widened", vb, vr, "type", old=old, new=new)
            elif _covers(vb.types, vr.types):
                self._add(out, "type-narrowed", vb, vr, "type", old=old, new=new)
            else:
                self._add(out, "type-changed", vb, vr, "type", old=old, new=new)
        if vb.nullable != vr.nullable:
            word = "nullable" if ("nullable" in vb.keywords or "nullable" in vr.keywords) else "type"
            kind = "nullable-added" if vr.nullable else "nullable-removed"
            self._add(out, kind, vb, vr, word)

    def _scalars(self, vb: View, vr: View, out: list[Change]) -> None:
        old_fmt, new_fmt = _kw(vb, "format"), _kw(vr, "format")
        if old_fmt != new_fmt:
            kind = "format-added" if old_fmt is None else "format-removed" if new_fmt is None else "format-changed"
            self._add(out, kind, vb, vr, "format", old=old_fmt, new=new_fmt)
        strings, numbers, arrays, objects = (_judged(vb, vr, t) for t in (_STRING, _NUMBER, _ARRAY, _OBJECT))
        if strings:
            old_pat, new_pat = _kw(vb, "pattern") or None, _kw(vr, "pattern") or None  # "" matches anything
            if old_pat != new_pat:
                kind = (
                    "pattern-added" if old_pat is None else "pattern-removed" if new_pat is None else "pattern-changed"
                )
                self._add(out, kind, vb, vr, "pattern", old=old_pat, new=new_pat)
            for word in ("contentMediaType", "contentEncoding"):
                old_c, new_c = _kw(vb, word), _kw(vr, word)
                if old_c != new_c:
                    kind = "content-media-type-changed" if word == "contentMediaType" else "content-encoding-changed"
                    self._add(out, kind, vb, vr, word, old=old_c or "none", new=new_c or "none")
        uppers = [
            ("maxLength", "max-length-decreased", "max-length-increased", strings),
            ("maxItems", "max-items-decreased", "max-items-increased", arrays),
            ("maxProperties", "max-properties-decreased", "max-properties-increased", objects),
            ("maxContains", "max-contains-decreased", "max-contains-increased", arrays),
        ]
        for word, smaller, larger, judged in uppers:
            if judged:
                _bound(self, out, vb, vr, word, upper=True, narrower=smaller, wider=larger)
        lowers = [
            ("minLength", "min-length-increased", "min-length-decreased", strings),
            ("minItems", "min-items-increased", "min-items-decreased", arrays),
            ("minProperties", "min-properties-increased", "min-properties-decreased", objects),
            ("minContains", "min-contains-increased", "min-contains-decreased", arrays),
        ]
        for word, larger, smaller, judged in lowers:
            if judged:
                _bound(self, out, vb, vr, word, upper=False, narrower=larger, wider=smaller)
        if numbers:
            self._limits(vb, vr, out)
        if arrays:
            old_unique, new_unique = bool(_kw(vb, "uniqueItems")), bool(_kw(vr, "uniqueItems"))
            if old_unique != new_unique:
                kind = "unique-items-added" if new_unique else "unique-items-removed"
                self._add(out, kind, vb, vr, "uniqueItems")
        if "const" in vb.keywords or "const" in vr.keywords:
            old_c, new_c = _kw(vb, "const", _MISSING), _kw(vr, "const", _MISSING)
            if old_c != new_c:
                self._add(
                    out,
                    "const-changed",
                    vb,
                    vr,
                    "const",
                    old=None if old_c is _MISSING else old_c,
                    new=None if new_c is _MISSING else new_c,
                )
        old_def, new_def = _kw(vb, "default", _MISSING), _kw(vr, "default", _MISSING)
        if old_def != new_def:
            self._add(
                out,
                "default-changed",
                vb,
                vr,
                "default",
                old=None if old_def is _MISSING else old_def,
                new=None if new_def is _MISSING else new_def,
            )

    def _limits(self, vb: View, vr: View, out: list[Change]) -> None:
        old_max, new_max = _limit(vb, "maximum"), _limit(vr, "maximum")
        if old_max != new_max:
            narrower = _tighter(new_max, old_max, upper=True)
            word = "maximum" if "maximum" in vr.keywords or "maximum" in vb.keywords else "exclusiveMaximum"
            kind = "max-decreased" if narrower else "max-increased"
            self._add(out, kind, vb, vr, word, old=_limit_text(old_max), new=_limit_text(new_max))
        old_min, new_min = _limit(vb, "minimum"), _limit(vr, "minimum")
        if old_min != new_min:
            narrower = _tighter(new_min, old_min, upper=False)
            word = "minimum" if "minimum" in vr.keywords or "minimum" in vb.keywords else "exclusiveMinimum"
            kind = "min-increased" if narrower else "min-decreased"
            self._add(out, kind, vb, vr, word, old=_limit_text(old_min), new=_limit_text(new_min))
        if _kw(vb, "multipleOf") != _kw(vr, "multipleOf"):
            self._add(
                out, "multiple-of-changed", vb, vr, "multipleOf", old=_kw(vb, "multipleOf"), new=_kw(vr, "multipleOf")
            )

    def _enum(self, vb: View, vr: View, out: list[Change]) -> None:
        old, new = _kw(vb, "enum"), _kw(vr, "enum")
        if not isinstance(old, list):
            old = None
        if not isinstance(new, list):
            new = None
        if old is None and new is None:
            return
        if old is None:
            self._add(out, "enum-added", vb, vr, "enum", new=_values_text(new or []))
            return
        if new is None:
            self._add(out, "enum-removed", vb, vr, "enum")
            return
        old_keys = {_hashable(v) for v in old}
        new_keys = {_hashable(v) for v in new}
        extensible = _kw(vr, "x-extensible-enum") is True
        for value in new:
            if _hashable(value) not in old_keys and value is not None:
                kind = "extensible-enum-value-added" if extensible else "enum-value-added"
                self._add(out, kind, vb, vr, "enum", value=value)
        for value in old:
            if _hashable(value) not in new_keys and value is not None:
                self._add(out, "enum-value-removed", vb, vr, "enum", value=value)

    def _extensible(self, vb: View, vr: View, out: list[Change]) -> None:
        """``x-extensible-enum`` written as the list of values (Zalando's convention)."""
        old, new = _kw(vb, "x-extensible-enum"), _kw(vr, "x-extensible-enum")
        if not isinstance(old, list) or not isinstance(new, list):
            return
        old_keys = {_hashable(v) for v in old}
        new_keys = {_hashable(v) for v in new}
        for value in new:
            if _hashable(value) not in old_keys:
                self._add(out, "extensible-enum-value-added", vb, vr, "x-extensible-enum", value=value)
        for value in old:
            if _hashable(value) not in new_keys:
                self._add(out, "x-extensible-enum-value-removed", vb, vr, "x-extensible-enum", value=value)

    def _properties(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        if not vb.properties and not vr.properties:
            return
        hidden = "readOnly" if direction == "request" else "writeOnly"
        names = list(vb.properties) + [n for n in vr.properties if n not in vb.properties]
        for name in names:
            old = vb.properties.get(name)
            new = vr.properties.get(name)
            old_hidden = self._hidden(old, hidden, True)
            new_hidden = self._hidden(new, hidden, False)
            if old is None and new is not None:
                if not new_hidden:
                    required = name in vr.required
                    kind = "property-added-required" if required else "property-added-optional"
                    out.append(Change(kind, (), vb.pointer, new[1], {"name": name}))
                continue
            if new is None and old is not None:
                if not old_hidden:
                    required = name in vb.required
                    kind = "property-removed-required" if required else "property-removed-optional"
                    out.append(Change(kind, (), old[1], vr.pointer, {"name": name}))
                continue
            assert old is not None and new is not None
            if old_hidden and new_hidden:
                continue
            if not old_hidden and new_hidden:
                kind = "property-became-read-only" if hidden == "readOnly" else "property-became-write-only"
                out.append(Change(kind, (), old[1], new[1], {"name": name}))
                continue
            if old_hidden and not new_hidden:
                # Now visible in this direction: like a newly added property.
                required = name in vr.required
                kind = "property-added-required" if required else "property-added-optional"
                out.append(Change(kind, (), old[1], new[1], {"name": name}))
                continue
            was, now = name in vb.required, name in vr.required
            if was != now:
                kind = "property-became-required" if now else "property-became-optional"
                out.append(Change(kind, (), old[1], new[1], {"name": name}))
            for change in self.compare(old[0], new[0], old[1], new[1], direction):
                out.append(change.under(name))

    def _hidden(self, prop: tuple[Any, str] | None, word: str, in_base: bool) -> bool:
        if prop is None:
            return False
        node, pointer = (self.cmp.base_deref if in_base else self.cmp.rev_deref)(prop[0], prop[1])
        if not isinstance(node, dict):
            return False
        return _kw(self.view(node, pointer, in_base), word) is True

    def _items(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        self._sub(out, vb, vr, "items", direction, "[]")

    def _arrays(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        old, new = _kw(vb, "prefixItems"), _kw(vr, "prefixItems")
        old = old if isinstance(old, list) else []
        new = new if isinstance(new, list) else []
        if old and not new:
            self._add(out, "prefix-items-removed", vb, vr, "prefixItems")
        elif new and not old:
            self._add(out, "prefix-items-added", vb, vr, "prefixItems")
        else:
            for index in range(min(len(old), len(new))):
                self._sub(out, vb, vr, "prefixItems", direction, f"[{index}]", index)
        self._presence(out, vb, vr, "contains", "contains", direction, "<contains>")
        self._presence(out, vb, vr, "unevaluatedItems", "unevaluated-items", direction, "<unevaluated>")

    def _objects(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        self._keyed(out, vb, vr, "patternProperties", direction, "pattern-property", "pattern", "<{}>")
        self._presence(out, vb, vr, "propertyNames", "property-names", direction, "<names>")
        self._presence(out, vb, vr, "unevaluatedProperties", "unevaluated-properties", direction, "<unevaluated>")
        old_dep, new_dep = _kw(vb, "dependentRequired"), _kw(vr, "dependentRequired")
        old_dep = old_dep if isinstance(old_dep, dict) else {}
        new_dep = new_dep if isinstance(new_dep, dict) else {}
        for name, needs in new_dep.items():
            if name not in old_dep:
                self._add(out, "dependent-required-added", vb, vr, "dependentRequired", name=name)
            elif sorted(map(str, needs or [])) != sorted(map(str, old_dep[name] or [])):
                self._add(out, "dependent-required-changed", vb, vr, "dependentRequired", name=name)
        for name in old_dep:
            if name not in new_dep:
                self._add(out, "dependent-required-removed", vb, vr, "dependentRequired", name=name)
        self._keyed(out, vb, vr, "dependentSchemas", direction, "dependent-schema", "name", "<if {}>")

    def _keyed(
        self, out: list[Change], vb: View, vr: View, word: str, direction: str, kind: str, arg: str, label: str
    ) -> None:
        """A keyword whose value maps keys to subschemas: ``kind``-added/-removed per key
        (the key in ``arg``), and the subschemas of keys in both compared under ``label``."""
        old, new = _kw(vb, word), _kw(vr, word)
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        for key in new:
            if key not in old:
                self._add(out, f"{kind}-added", vb, vr, word, **{arg: key})
        for key in old:
            if key not in new:
                self._add(out, f"{kind}-removed", vb, vr, word, **{arg: key})
            else:
                self._sub(out, vb, vr, word, direction, label.format(key), key)

    def _applicators(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        """if/then/else, not, contentSchema: conditional and negated subschemas."""
        for word, kind in (("if", "if"), ("then", "then"), ("else", "else")):
            self._presence(out, vb, vr, word, kind, direction, f"<{word}>")
        if _judged(vb, vr, _STRING):
            self._presence(out, vb, vr, "contentSchema", "content-schema", direction, "<content>")
        self._negation(vb, vr, direction, out)

    def _negation(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        """``not``: what widens the negated schema narrows the schema, and the reverse, so
        the changes inside are summed up as one of two kinds whose level follows that."""
        old, new = _kw(vb, "not", _MISSING), _kw(vr, "not", _MISSING)
        if not isinstance(old, dict) or not isinstance(new, dict) or old == {} or new == {}:
            self._presence(out, vb, vr, "not", "not", direction, "<not>")
            return
        bp, rp = self._at(vb, vr, "not")
        inner = self.compare(old, new, bp, rp, _OPPOSITE[direction])
        widened = [c for c in inner if c.kind in _WIDENING]
        narrowed = [c for c in inner if c.kind in _NARROWING]
        if widened:
            out.append(Change("not-widened", (), widened[0].base_pointer, widened[0].revision_pointer, {}))
        if narrowed:
            out.append(Change("not-narrowed", (), narrowed[0].base_pointer, narrowed[0].revision_pointer, {}))

    def _additional(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        old = vb.keywords.get("additionalProperties")
        new = vr.keywords.get("additionalProperties")
        old_open = old is None or old[0] is not False
        new_open = new is None or new[0] is not False
        if old_open and not new_open:
            self._add(out, "additional-properties-closed", vb, vr, "additionalProperties")
        elif new_open and not old_open:
            self._add(out, "additional-properties-opened", vb, vr, "additionalProperties")
        else:
            self._sub(out, vb, vr, "additionalProperties", direction, "*")

    # -- unions ------------------------------------------------------------------
    def _variants(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        old_disc = _discriminator(vb)
        new_disc = _discriminator(vr)
        if old_disc and new_disc and old_disc.get("propertyName") != new_disc.get("propertyName"):
            self._add(
                out,
                "discriminator-property-changed",
                vb,
                vr,
                "discriminator",
                old=old_disc.get("propertyName"),
                new=new_disc.get("propertyName"),
            )
        if not vb.variants and not vr.variants:
            return
        old = self._members(vb, old_disc, True)
        new = self._members(vr, new_disc, False)
        # A branch with no constraint admits every value of its type: what its siblings of
        # that type change cannot change what the union admits.
        open_types = _open_union(old) & _open_union(new) if old and new else frozenset()
        pairs, removed, added = self._match(old, new, direction)
        for member in added:
            if not _absorbed(member, open_types):
                out.append(
                    Change("one-of-variant-added", (), vb.pointer, member.raw_pointer, {"variant": member.label})
                )
        for member in removed:
            if not _absorbed(member, open_types):
                out.append(
                    Change("one-of-variant-removed", (), member.raw_pointer, vr.pointer, {"variant": member.label})
                )
        for a, b in pairs:
            if _absorbed(a, open_types) and _absorbed(b, open_types):
                continue
            for change in self.compare(a.raw, b.raw, a.raw_pointer, b.raw_pointer, direction):
                out.append(change.under(f"<{b.label}>"))

    def _members(self, view: View, disc: dict[str, Any] | None, in_base: bool) -> list[_Member]:
        by_ref: dict[str, str] = {}
        if disc and isinstance(disc.get("mapping"), dict):
            by_ref = {v: k for k, v in disc["mapping"].items() if isinstance(v, str)}
        prop = disc.get("propertyName") if disc else None
        deref = self.cmp.base_deref if in_base else self.cmp.rev_deref
        out = []
        for index, (raw, ptr) in enumerate(view.variants):
            node, node_ptr = deref(raw, ptr)
            if not isinstance(node, dict):
                continue
            ref = raw.get("$ref") if isinstance(raw, dict) else None
            tag = by_ref.get(ref) if isinstance(ref, str) else None
            if tag is None and prop:
                value = self.view(node, node_ptr, in_base).properties.get(prop)
                value_node = deref(value[0], value[1])[0] if value else None
                if isinstance(value_node, dict) and "const" in value_node:
                    tag = str(value_node["const"])
                elif isinstance(value_node, dict) and len(value_node.get("enum") or []) == 1:
                    tag = str(value_node["enum"][0])
            label = tag
            if label is None and isinstance(ref, str):
                label = jp.unescape(ref.rsplit("/", 1)[-1])
            if label is None and isinstance(node.get("title"), str):
                label = node["title"]
            if label is None:
                label = f"#{index}"
            types = _types(node)[0] or _value_types(node)
            out.append(_Member(raw, ptr, node, node_ptr, label, tag, types, _unconstrained(node)))
        return out

    def _match(
        self, old: list[_Member], new: list[_Member], direction: str
    ) -> tuple[list[tuple[_Member, _Member]], list[_Member], list[_Member]]:
        """Pair variants by content: identity, then discriminator value, then best overlap."""
        pairs: list[tuple[_Member, _Member]] = []
        left, right = list(old), list(new)

        def take(test: Any) -> None:
            for a in list(left):
                for b in right:
                    if test(a, b):
                        pairs.append((a, b))
                        left.remove(a)
                        right.remove(b)
                        break

        take(lambda a, b: a.fingerprint() == b.fingerprint())
        take(lambda a, b: a.tag is not None and a.tag == b.tag)
        if left and right and len(left) * len(right) <= 400:
            scored = []
            for i, a in enumerate(left):
                for j, b in enumerate(right):
                    if not _overlap(self, a, b):
                        continue
                    cost = len(self.compare(a.raw, b.raw, a.raw_pointer, b.raw_pointer, direction))
                    scored.append((cost, a.label != b.label, abs(i - j), i, j))
            used_a: set[int] = set()
            used_b: set[int] = set()
            for _cost, _name, _distance, i, j in sorted(scored):
                if i not in used_a and j not in used_b:
                    used_a.add(i)
                    used_b.add(j)
                    pairs.append((left[i], right[j]))
            left = [a for i, a in enumerate(left) if i not in used_a]
            right = [b for j, b in enumerate(right) if j not in used_b]
        return pairs, left, right


_OPPOSITE = {"request": "response", "response": "request"}
# A kind that breaks clients receiving values admits more; one that breaks senders, fewer.
_B = Level.BREAKING
_WIDENING = frozenset(k.name for k in KINDS if k.response_level == _B and k.request_level != _B)
_NARROWING = frozenset(k.name for k in KINDS if k.request_level == _B and k.response_level != _B)


@dataclass
class _Member:
    raw: Any
    raw_pointer: str
    node: dict[str, Any]
    pointer: str
    label: str
    tag: str | None  # discriminator value
    types: frozenset[str] | None
    unconstrained: bool
    _fingerprint: bytes | None = None

    def fingerprint(self) -> bytes:
        if self._fingerprint is None:
            try:
                self._fingerprint = orjson.dumps(_meaning(self.node), option=orjson.OPT_SORT_KEYS)
            except (TypeError, orjson.JSONEncodeError):
                self._fingerprint = repr(id(self.node)).encode()
        return self._fingerprint


_NOT_MEANING = frozenset({"title", "description", "example", "examples", "externalDocs", "$comment"})


def _meaning(node: Any) -> Any:
    """A schema without what does not change which values it admits (titles, examples)."""
    if isinstance(node, dict):
        return {k: _meaning(v) for k, v in node.items() if k not in _NOT_MEANING and not k.startswith("x-")}
    if isinstance(node, list):
        return [_meaning(v) for v in node]
    return node


def _step(node: Any, token: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(token)
    if isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
        return node[token]
    return None


def _is_null(node: Any) -> bool:
    return isinstance(node, dict) and node.get("type") == "null" and len(node) <= 3


def _unconstrained(node: dict[str, Any]) -> bool:
    return all(word in _ANNOTATIONS or word.startswith("x-") for word in node) and "format" not in node


def _open_union(members: list[_Member]) -> frozenset[str]:
    """The types some member admits without constraint ("*" for any type)."""
    found: set[str] = set()
    for member in members:
        if member.unconstrained:
            found |= {"*"} if member.types is None else member.types
    return frozenset(found)


def _absorbed(member: _Member, open_types: frozenset[str]) -> bool:
    if not open_types:
        return False
    if "*" in open_types:
        return True
    return member.types is not None and bool(member.types) and member.types <= open_types


def _overlap(diff: SchemaDiff, a: _Member, b: _Member) -> bool:
    """Worth pairing: the same kind of value, and for objects a property in common."""
    if a.types is not None and b.types is not None and not _intersect(a.types, b.types):
        return False
    if (a.types and "object" in a.types) or (b.types and "object" in b.types):
        pa = diff.view(a.node, a.pointer, True).properties
        pb = diff.view(b.node, b.pointer, False).properties
        return bool(set(pa) & set(pb)) or (not pa and not pb)
    return True


def _value_types(node: dict[str, Any]) -> frozenset[str] | None:
    """The types an untyped enum or const admits."""
    values = node.get("enum") if isinstance(node.get("enum"), list) else None
    if values is None and "const" in node:
        values = [node["const"]]
    if not values:
        return None
    names = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "dict": "object"}
    found = {names.get(type(v).__name__, "array") for v in values if v is not None}
    return frozenset(found)


def _judged(vb: View, vr: View, types: frozenset[str]) -> bool:
    """Is a keyword for ``types`` meaningful here: may either side be of such a type?"""
    return any(v.types is None or bool(v.types & types) for v in (vb, vr))


def _merge_keyword(keywords: dict[str, tuple[Any, str]], name: str, value: tuple[Any, str], own: bool = False) -> None:
    """allOf is an intersection: the tighter bound wins, enums intersect; else the schema's
    own keyword, else the first member's."""
    found = keywords.get(name)
    if found is None:
        keywords[name] = value
        return
    old, new = found[0], value[0]
    if name in _UPPER and _is_number(old) and _is_number(new):
        keywords[name] = value if new < old else found
    elif name in _LOWER and _is_number(old) and _is_number(new):
        keywords[name] = value if new > old else found
    elif name == "enum" and isinstance(old, list) and isinstance(new, list):
        keep = {_hashable(v) for v in new}
        keywords[name] = ([v for v in old if _hashable(v) in keep], value[1])
    elif own:
        keywords[name] = value


_MISSING: Any = object()


def _unique(changes: list[Change]) -> list[Change]:
    """One change once: a shared schema reached by several property paths (a component
    used twice in one body) is kept at its shortest path."""
    best: dict[tuple[Any, ...], Change] = {}
    for change in changes:
        key = change.identity()
        kept = best.get(key)
        if kept is None or len(change.path) < len(kept.path):
            best[key] = change
    if len(best) == len(changes):
        return changes
    out = []
    for change in changes:
        key = change.identity()
        if best.get(key) is change:
            out.append(change)
            del best[key]  # the same object reached twice is kept once
    return out


def _kw(view: View, word: str, default: Any = None) -> Any:
    found = view.keywords.get(word)
    return found[0] if found else default


def _flag(node: Any, word: str) -> bool:
    return isinstance(node, dict) and node.get(word) is True


def _types(node: dict[str, Any]) -> tuple[frozenset[str] | None, bool]:
    raw = node.get("type")
    nullable = node.get("nullable") is True
    if isinstance(raw, str):
        types = {raw}
    elif isinstance(raw, list):
        types = {t for t in raw if isinstance(t, str)}
    else:
        return None, nullable or _null_enum(node)
    if "null" in types:
        nullable = True
        types.discard("null")
    return frozenset(types), nullable


def _null_enum(node: dict[str, Any]) -> bool:
    enum = node.get("enum")
    return isinstance(enum, list) and None in enum


def _intersect(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    both = a & b
    if ("number" in a and "integer" in b) or ("integer" in a and "number" in b):
        both |= {"integer"}
    return frozenset(both)


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Does every value of ``narrow`` fit ``wide``? (None means any type.)"""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _type_text(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types)) or "nothing"


def _bound(
    diff: SchemaDiff, out: list[Change], vb: View, vr: View, word: str, *, upper: bool, narrower: str, wider: str
) -> None:
    old, new = _kw(vb, word), _kw(vr, word)
    if not _is_number(old):
        old = None
    if not _is_number(new):
        new = None
    if old == new:
        return
    tighter = _tighter(
        (new, False) if new is not None else None, (old, False) if old is not None else None, upper=upper
    )
    diff._add(
        out,
        narrower if tighter else wider,
        vb,
        vr,
        word,
        old="none" if old is None else old,
        new="none" if new is None else new,
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _limit(view: View, word: str) -> tuple[float, bool] | None:
    """(bound, exclusive) from 3.0 boolean or 3.1 numeric exclusive keywords."""
    exclusive_word = "exclusiveMaximum" if word == "maximum" else "exclusiveMinimum"
    value = _kw(view, word)
    exclusive = _kw(view, exclusive_word)
    if _is_number(exclusive):
        if not _is_number(value):
            return (exclusive, True)
        tighter_exclusive = exclusive <= value if word == "maximum" else exclusive >= value
        return (exclusive, True) if tighter_exclusive else (value, False)
    if not _is_number(value):
        return None
    return (value, exclusive is True)


def _tighter(new: tuple[float, bool] | None, old: tuple[float, bool] | None, *, upper: bool) -> bool:
    if new is None:
        return False
    if old is None:
        return True
    if new[0] != old[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def _limit_text(limit: tuple[float, bool] | None) -> str:
    if limit is None:
        return "none"
    return f"{limit[0]} (exclusive)" if limit[1] else str(limit[0])


def _hashable(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        import json

        return json.dumps(value, sort_keys=True)
    return (type(value).__name__, value) if isinstance(value, bool) else value


def _values_text(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values[:10]) + (" …" if len(values) > 10 else "")


def _discriminator(view: View) -> dict[str, Any] | None:
    found = _kw(view, "discriminator")
    return found if isinstance(found, dict) else None
