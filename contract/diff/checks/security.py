"""Rule family: who may call an operation (security requirements, scopes, schemes).

An operation's ``security`` is a list of alternatives (any one suffices); each
alternative names schemes that all apply, with their scopes. Alternatives are matched
by their set of scheme names. Rivya also lists scopes in ``x-rivya-scopes``; a scope
added there and in the requirement is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.diff.checks import rule_maker
from rivya_contract.diff.context import Comparison
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Direction

B, W, C = Level.BREAKING, Level.WARNING, Level.COMPATIBLE
_CHANGE = "a change in place: it is its own opposite"


_rule = rule_maker("security", Direction.REQUEST)

RULES = [
    _rule(
        "operation-security-added",
        B,
        "A public operation now requires authentication.",
        "now requires authentication ({schemes})",
        "operation-security-removed",
    ),
    _rule(
        "operation-security-removed",
        C,
        "An operation no longer requires authentication.",
        "no longer requires authentication",
        "operation-security-added",
    ),
    _rule(
        "operation-security-alternative-added",
        C,
        "A new way to authenticate an operation was added.",
        "may now also authenticate with {schemes}",
        "operation-security-alternative-removed",
    ),
    _rule(
        "operation-security-alternative-removed",
        B,
        "A way to authenticate an operation was removed.",
        "can no longer authenticate with {schemes}",
        "operation-security-alternative-added",
    ),
    _rule(
        "operation-security-scope-added",
        B,
        "An operation requires an additional scope.",
        "now requires scope {scope!r}",
        "operation-security-scope-removed",
    ),
    _rule(
        "operation-security-scope-removed",
        C,
        "An operation requires one scope fewer.",
        "no longer requires scope {scope!r}",
        "operation-security-scope-added",
    ),
    _rule(
        "security-scheme-added",
        C,
        "A security scheme was added to components.",
        "security scheme {name!r} added",
        "security-scheme-removed",
    ),
    _rule(
        "security-scheme-removed",
        W,
        "A security scheme was removed from components.",
        "security scheme {name!r} removed",
        "security-scheme-added",
    ),
    _rule(
        "security-scheme-changed",
        B,
        "A security scheme changed how credentials are sent (type, scheme, in, name).",
        "security scheme {name!r}: {field} changed from {old!r} to {new!r}",
        reason=_CHANGE,
    ),
]

_SCHEME_FIELDS = ("type", "scheme", "in", "name", "bearerFormat")


def _requirements(doc_tree: dict[str, Any], op: dict[str, Any]) -> tuple[list[Any], bool]:
    """(requirements, declared on the operation)."""
    if isinstance(op.get("security"), list):
        return op["security"], True
    root = doc_tree.get("security")
    return (root if isinstance(root, list) else []), False


def _alternatives(reqs: list[Any]) -> dict[frozenset[str], dict[str, set[str]]]:
    out: dict[frozenset[str], dict[str, set[str]]] = {}
    for req in reqs:
        if isinstance(req, dict):
            scopes = {k: {s for s in v if isinstance(s, str)} if isinstance(v, list) else set() for k, v in req.items()}
            out.setdefault(frozenset(scopes), scopes)
    return out


def check(cmp: Comparison) -> Iterator[Finding]:
    for pair in cmp.operation_pairs:
        yield from _operation(
            cmp, pair.key, pair.base.pointer, pair.revision.pointer, pair.base.node, pair.revision.node
        )
    yield from _schemes(cmp)


def _operation(
    cmp: Comparison, key: str, bp: str, rp: str, old: dict[str, Any], new: dict[str, Any]
) -> Iterator[Finding]:
    old_reqs, _ = _requirements(cmp.base.tree, old)
    new_reqs, on_op = _requirements(cmp.revision.tree, new)
    sec_bp = bp + "/security" if "security" in old else "/security"
    sec_rp = rp + "/security" if on_op else "/security"
    old_alt, new_alt = _alternatives(old_reqs), _alternatives(new_reqs)
    old_public = not old_alt or frozenset() in old_alt
    new_public = not new_alt or frozenset() in new_alt
    reported: set[str] = set()
    if old_public and not new_public:
        yield cmp.finding(
            "operation-security-added",
            base_pointer=sec_bp,
            revision_pointer=sec_rp,
            operation=key,
            schemes=_names(new_alt),
        )
        return
    if new_public and not old_public:
        yield cmp.finding("operation-security-removed", base_pointer=sec_bp, revision_pointer=sec_rp, operation=key)
        return
    for names, scopes in old_alt.items():
        if not names:
            continue
        if names not in new_alt:
            yield cmp.finding(
                "operation-security-alternative-removed",
                base_pointer=sec_bp,
                revision_pointer=sec_rp,
                operation=key,
                schemes=" + ".join(sorted(names)),
            )
            continue
        for scheme in sorted(names):
            for scope in sorted(new_alt[names][scheme] - scopes[scheme]):
                reported.add(scope)
                yield cmp.finding(
                    "operation-security-scope-added",
                    base_pointer=sec_bp,
                    revision_pointer=sec_rp,
                    operation=key,
                    scope=scope,
                )
            for scope in sorted(scopes[scheme] - new_alt[names][scheme]):
                reported.add(scope)
                yield cmp.finding(
                    "operation-security-scope-removed",
                    base_pointer=sec_bp,
                    revision_pointer=sec_rp,
                    operation=key,
                    scope=scope,
                )
    for names in new_alt:
        if names and names not in old_alt:
            yield cmp.finding(
                "operation-security-alternative-added",
                base_pointer=sec_bp,
                revision_pointer=sec_rp,
                operation=key,
                schemes=" + ".join(sorted(names)),
            )
    old_x, new_x = _scope_list(old), _scope_list(new)
    for scope in sorted(new_x - old_x - reported):
        yield cmp.finding(
            "operation-security-scope-added",
            base_pointer=bp + "/x-rivya-scopes" if "x-rivya-scopes" in old else bp,
            revision_pointer=rp + "/x-rivya-scopes",
            operation=key,
            scope=scope,
        )
    for scope in sorted(old_x - new_x - reported):
        yield cmp.finding(
            "operation-security-scope-removed",
            base_pointer=bp + "/x-rivya-scopes",
            revision_pointer=rp + "/x-rivya-scopes" if "x-rivya-scopes" in new else rp,
            operation=key,
            scope=scope,
        )


def _scope_list(op: dict[str, Any]) -> set[str]:
    value = op.get("x-rivya-scopes")
    return {s for s in value if isinstance(s, str)} if isinstance(value, list) else set()


def _names(alternatives: dict[frozenset[str], dict[str, set[str]]]) -> str:
    return " or ".join(" + ".join(sorted(names)) for names in alternatives if names)


def _schemes(cmp: Comparison) -> Iterator[Finding]:
    old = (cmp.base.tree.get("components") or {}).get("securitySchemes") or {}
    new = (cmp.revision.tree.get("components") or {}).get("securitySchemes") or {}
    for name in new:
        if name not in old:
            yield cmp.finding(
                "security-scheme-added",
                base_pointer=None,
                revision_pointer=jp.join("components", "securitySchemes", name),
                name=name,
            )
    for name, scheme in old.items():
        ptr = jp.join("components", "securitySchemes", name)
        if name not in new:
            yield cmp.finding("security-scheme-removed", base_pointer=ptr, revision_pointer=None, name=name)
            continue
        a = cmp.base_deref(scheme, ptr)[0]
        b = cmp.rev_deref(new[name], ptr)[0]
        if not isinstance(a, dict) or not isinstance(b, dict) or a == b:
            continue
        for field in _SCHEME_FIELDS:
            if a.get(field) != b.get(field):
                yield cmp.finding(
                    "security-scheme-changed",
                    base_pointer=ptr,
                    revision_pointer=jp.append(ptr, field) if field in b else ptr,
                    name=name,
                    field=field,
                    old=a.get(field),
                    new=b.get(field),
                )
