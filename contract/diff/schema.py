"""Semantic schema comparison: two schemas in, a list of changes (kinds) out.

Semantic, not textual: ``$ref`` chains are followed (a ref replaced by the same inline
schema, or a renamed component, is no change); ``allOf`` is compared by its merged
meaning; OpenAPI 3.0 ``nullable`` and 3.1 ``type: [..., "null"]`` are the same thing;
``oneOf``/``anyOf`` variants are matched by discriminator mapping, then by reference
name, then by position. Comparisons are memoised per (base node, revision node,
direction), which makes recursive schemas safe and shared components cheap: a
component used by thirty operations is compared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rivya_contract import pointer as jp

if TYPE_CHECKING:
    from rivya_contract.diff.context import Comparison


@dataclass(frozen=True)
class Change:
    kind: str
    path: tuple[str, ...]  # property path from the compared root ("[]" for array items)
    base_pointer: str | None
    revision_pointer: str | None
    args: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def identity(self) -> tuple[Any, ...]:
        return (self.kind, self.base_pointer, self.revision_pointer, repr(sorted(self.args.items())))

    def under(self, *prefix: str) -> Change:
        return Change(self.kind, (*prefix, *self.path), self.base_pointer, self.revision_pointer, self.args)


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


_NUMERIC = ("maxLength", "minLength", "maxItems", "minItems", "maxProperties", "multipleOf")


class SchemaDiff:
    def __init__(self, comparison: Comparison) -> None:
        self.cmp = comparison
        self._memo: dict[tuple[int, int, str], list[Change]] = {}
        self._views: dict[tuple[int, bool], View] = {}

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

    def _build_view(self, node: dict[str, Any], pointer: str, in_base: bool, seen: set[int]) -> View:
        seen = seen | {id(node)}
        keywords: dict[str, tuple[Any, str]] = {}
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        types: frozenset[str] | None = None
        nullable = False
        variants: list[tuple[Any, str]] = []
        parts: list[tuple[dict[str, Any], str]] = []
        for index, member in enumerate(node.get("allOf") or []):
            deref = self.cmp.base_deref if in_base else self.cmp.rev_deref
            sub, sub_ptr = deref(member, jp.append(pointer, "allOf", index))
            if isinstance(sub, dict) and id(sub) not in seen:
                parts.append((sub, sub_ptr))
        merged = [self._build_view(sub, ptr, in_base, seen) for sub, ptr in parts]
        own_types, own_nullable = _types(node)
        for part in merged:
            for name, value in part.keywords.items():
                keywords.setdefault(name, value)
            for name, value in part.properties.items():
                properties.setdefault(name, value)
            required |= part.required
            if part.types is not None:
                types = part.types if types is None else _intersect(types, part.types)
            variants.extend(part.variants)
        for name, value in node.items():
            if name not in ("allOf", "properties", "required", "oneOf", "anyOf"):
                keywords[name] = (value, pointer)
        for name, prop in (node.get("properties") or {}).items():
            properties[name] = (prop, jp.append(pointer, "properties", name))
        required |= {r for r in node.get("required") or [] if isinstance(r, str)}
        if own_types is not None:
            types = own_types if types is None else _intersect(types, own_types)
        # allOf is nullable only when every part lets null through.
        nullable = own_nullable or (bool(merged) and all(m.nullable for m in merged))
        for word in ("oneOf", "anyOf"):
            for index, member in enumerate(node.get(word) or []):
                variants.append((member, jp.append(pointer, word, index)))
        return View(node, pointer, keywords, types, nullable, properties, required, variants)

    # -- the comparison ------------------------------------------------------------
    def _compare(self, b: dict[str, Any], r: dict[str, Any], bp: str, rp: str, direction: str) -> list[Change]:
        vb = self.view(b, bp, True)
        vr = self.view(r, rp, False)
        out: list[Change] = []
        self._types(vb, vr, out)
        self._scalars(vb, vr, out)
        self._enum(vb, vr, out)
        self._properties(vb, vr, direction, out)
        self._items(vb, vr, direction, out)
        self._additional(vb, vr, direction, out)
        self._variants(vb, vr, direction, out)
        return _unique(out)

    def _at(self, vb: View, vr: View, word: str) -> tuple[str, str]:
        b = vb.keywords.get(word)
        r = vr.keywords.get(word)
        return (jp.append(b[1], word) if b else vb.pointer, jp.append(r[1], word) if r else vr.pointer)

    def _add(self, out: list[Change], kind: str, vb: View, vr: View, word: str, **args: Any) -> None:
        bp, rp = self._at(vb, vr, word)
        out.append(Change(kind, (), bp, rp, args))

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
        old_pat, new_pat = _kw(vb, "pattern"), _kw(vr, "pattern")
        if old_pat != new_pat:
            kind = "pattern-added" if old_pat is None else "pattern-removed" if new_pat is None else "pattern-changed"
            self._add(out, kind, vb, vr, "pattern", old=old_pat, new=new_pat)
        for word, smaller, larger in (
            ("maxLength", "max-length-decreased", "max-length-increased"),
            ("maxItems", "max-items-decreased", "max-items-increased"),
            ("maxProperties", "max-properties-decreased", "max-properties-increased"),
        ):
            _bound(self, out, vb, vr, word, upper=True, narrower=smaller, wider=larger)
        for word, larger, smaller in (
            ("minLength", "min-length-increased", "min-length-decreased"),
            ("minItems", "min-items-increased", "min-items-decreased"),
        ):
            _bound(self, out, vb, vr, word, upper=False, narrower=larger, wider=smaller)
        old_max, new_max = _limit(vb, "maximum"), _limit(vr, "maximum")
        if old_max != new_max:
            narrower = _tighter(new_max, old_max, upper=True)
            word = "maximum" if "maximum" in vr.keywords or "maximum" in vb.keywords else "exclusiveMaximum"
            self._add(
                out,
                "max-decreased" if narrower else "max-increased",
                vb,
                vr,
                word,
                old=_limit_text(old_max),
                new=_limit_text(new_max),
            )
        old_min, new_min = _limit(vb, "minimum"), _limit(vr, "minimum")
        if old_min != new_min:
            narrower = _tighter(new_min, old_min, upper=False)
            word = "minimum" if "minimum" in vr.keywords or "minimum" in vb.keywords else "exclusiveMinimum"
            self._add(
                out,
                "min-increased" if narrower else "min-decreased",
                vb,
                vr,
                word,
                old=_limit_text(old_min),
                new=_limit_text(new_min),
            )
        if _kw(vb, "multipleOf") != _kw(vr, "multipleOf"):
            self._add(
                out, "multiple-of-changed", vb, vr, "multipleOf", old=_kw(vb, "multipleOf"), new=_kw(vr, "multipleOf")
            )
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
        extensible = bool(_kw(vr, "x-extensible-enum"))
        for value in new:
            if _hashable(value) not in old_keys and value is not None:
                kind = "extensible-enum-value-added" if extensible else "enum-value-added"
                self._add(out, kind, vb, vr, "enum", value=value)
        for value in old:
            if _hashable(value) not in new_keys and value is not None:
                self._add(out, "enum-value-removed", vb, vr, "enum", value=value)

    def _properties(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        if not vb.properties and not vr.properties:
            return
        hidden = "readOnly" if direction == "request" else "writeOnly"
        names = list(vb.properties) + [n for n in vr.properties if n not in vb.properties]
        for name in names:
            old = vb.properties.get(name)
            new = vr.properties.get(name)
            old_node = self.cmp.base_deref(old[0], old[1])[0] if old else None
            new_node = self.cmp.rev_deref(new[0], new[1])[0] if new else None
            old_hidden = _flag(old_node, hidden)
            new_hidden = _flag(new_node, hidden)
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

    def _items(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        old, new = vb.keywords.get("items"), vr.keywords.get("items")
        if old and new and isinstance(old[0], dict) and isinstance(new[0], dict):
            bp, rp = jp.append(old[1], "items"), jp.append(new[1], "items")
            for change in self.compare(old[0], new[0], bp, rp, direction):
                out.append(change.under("[]"))

    def _additional(self, vb: View, vr: View, direction: str, out: list[Change]) -> None:
        old = vb.keywords.get("additionalProperties")
        new = vr.keywords.get("additionalProperties")
        old_open = old is None or old[0] is not False
        new_open = new is None or new[0] is not False
        if old_open and not new_open:
            self._add(out, "additional-properties-closed", vb, vr, "additionalProperties")
        elif new_open and not old_open:
            self._add(out, "additional-properties-opened", vb, vr, "additionalProperties")
        elif old and new and isinstance(old[0], dict) and isinstance(new[0], dict):
            bp = jp.append(old[1], "additionalProperties")
            rp = jp.append(new[1], "additionalProperties")
            for change in self.compare(old[0], new[0], bp, rp, direction):
                out.append(change.under("*"))

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
        old = self._keyed(vb, old_disc, True)
        new = self._keyed(vr, new_disc, False)
        for key, (_node, ptr) in new.items():
            if key not in old:
                out.append(Change("one-of-variant-added", (), vb.pointer, ptr, {"variant": key}))
        for key, (node, ptr) in old.items():
            if key not in new:
                out.append(Change("one-of-variant-removed", (), ptr, vr.pointer, {"variant": key}))
                continue
            new_node, new_ptr = new[key]
            for change in self.compare(node, new_node, ptr, new_ptr, direction):
                out.append(change.under(f"<{key}>"))

    def _keyed(self, view: View, disc: dict[str, Any] | None, in_base: bool) -> dict[str, tuple[Any, str]]:
        """Variants by a stable key: mapping key, else ref name, else const, else index."""
        by_ref: dict[str, str] = {}
        if disc and isinstance(disc.get("mapping"), dict):
            by_ref = {v: k for k, v in disc["mapping"].items() if isinstance(v, str)}
        prop = disc.get("propertyName") if disc else None
        keyed: dict[str, tuple[Any, str]] = {}
        for index, (member, ptr) in enumerate(view.variants):
            key = None
            ref = member.get("$ref") if isinstance(member, dict) else None
            if isinstance(ref, str):
                key = by_ref.get(ref) or ref.rsplit("/", 1)[-1]
            elif isinstance(member, dict) and prop:
                value = (member.get("properties") or {}).get(prop) or {}
                if isinstance(value, dict) and "const" in value:
                    key = str(value["const"])
                elif isinstance(value, dict) and len(value.get("enum") or []) == 1:
                    key = str(value["enum"][0])
            if key is None and isinstance(member, dict) and isinstance(member.get("title"), str):
                key = member["title"]
            if key is None:
                key = f"#{index}"
            keyed.setdefault(key, (member, ptr))
        return keyed


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
    return [c for c in changes if best.get(c.identity()) is c]


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
