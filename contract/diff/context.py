"""The state one comparison shares: both documents, the memoised schema diff, what is
known to be unchanged, and how a finding is made."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import orjson

from rivya_contract import pointer as jp
from rivya_contract import rules
from rivya_contract.diff.kinds import CONTEXT_BY_PREFIX, rule_id
from rivya_contract.diff.schema import Change, SchemaDiff, format_path
from rivya_contract.document import Document, Operation
from rivya_contract.findings import Finding

_REF = re.compile(rb'"\$ref":"((?:[^"\\]|\\.)*)"')
_TEMPLATE_PARAM = re.compile(r"\{[^}/]*\}")


def path_shape(path: str) -> str:
    """A path template with its parameter names erased: /a/{id} and /a/{taskId} match."""
    return _TEMPLATE_PARAM.sub("{}", path.rstrip("/") or "/")


def path_params(path: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _TEMPLATE_PARAM.finditer(path)]


@dataclass(frozen=True)
class OperationPair:
    key: str  # "GET /path" as the revision writes it
    base: Operation
    revision: Operation


class Comparison:
    def __init__(
        self,
        base: Document,
        revision: Document,
        *,
        today: date | None = None,
        min_sunset_days: tuple[int, int] = (0, 0),
    ) -> None:
        self.base = base
        self.revision = revision
        self.today = today or date.today()
        self.min_sunset_days = min_sunset_days  # (beta, stable); oasdiff's defaults are 0, 0
        self.schemas = SchemaDiff(self)
        self._clean: dict[int, bool] = {}
        self._clean_refs = _clean_component_refs(base.tree, revision.tree)
        # A change inside a component is one finding, however many operations reach it:
        # made once, then each further operation is only added to its list.
        self._shared: dict[tuple[Any, ...], Finding] = {}
        # $ref string -> its target, per document: each ref is looked up once
        self._base_targets: dict[str, Any] = {}
        self._rev_targets: dict[str, Any] = {}

    # -- references ----------------------------------------------------------------
    def base_deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        if not isinstance(node, dict) or "$ref" not in node:
            return node, pointer
        return _deref(self.base, node, pointer, self._base_targets)

    def rev_deref(self, node: Any, pointer: str) -> tuple[Any, str]:
        if not isinstance(node, dict) or "$ref" not in node:
            return node, pointer
        return _deref(self.revision, node, pointer, self._rev_targets)

    def is_clean(self, node: Any) -> bool:
        """True when every $ref inside ``node`` reaches a component equal in both documents,
        so that ``node == other`` proves there is nothing to compare."""
        key = id(node)
        found = self._clean.get(key)
        if found is None:
            try:
                refs = _REF.findall(orjson.dumps(node))
                found = all(ref.decode() in self._clean_refs for ref in refs)
            except (TypeError, orjson.JSONEncodeError):
                found = False
            self._clean[key] = found
        return found

    def same(self, base_node: Any, revision_node: Any) -> bool:
        return base_node == revision_node and self.is_clean(base_node)

    # -- operations ------------------------------------------------------------------
    @cached_property
    def paths(self) -> tuple[dict[str, str], dict[str, str]]:
        """Path shape -> path as written, for the base and the revision."""
        return _shapes(self.base), _shapes(self.revision)

    @cached_property
    def operation_pairs(self) -> list[OperationPair]:
        base_ops = {(path_shape(op.path), op.method): op for op in self.base.operations()}
        pairs = []
        for op in self.revision.operations():
            old = base_ops.get((path_shape(op.path), op.method))
            if old is not None:
                pairs.append(OperationPair(op.key, old, op))
        return pairs

    # -- findings ---------------------------------------------------------------------
    def finding(
        self,
        rule_id: str,
        *,
        base_pointer: str | None,
        revision_pointer: str | None,
        operation: str | None = None,
        **args: Any,
    ) -> Finding:
        rule = rules.get(rule_id)
        if operation is not None:
            args.setdefault("operation", operation)
        pointer = revision_pointer if revision_pointer is not None else (base_pointer or "")
        position = self._position(revision_pointer, base_pointer)
        base_position = _nearest(self.base, base_pointer) if base_pointer is not None else None
        return Finding(
            operations=[operation] if operation is not None else [],
            rule=rule_id,
            level=rule.level,
            message=rule.render(args),
            pointer=pointer,
            line=position[0] if position else None,
            base_line=base_position[0] if base_position else None,
            column=position[1] if position else None,
            operation=operation,
            source=self.revision.source,
            args=args,
            base_pointer=base_pointer,
            revision_pointer=revision_pointer,
        )

    def schema_findings(
        self,
        prefix: str,
        changes: list[Change],
        *,
        operation: str | None,
        name: str = "",
        location: str = "",
    ) -> list[Finding]:
        """Schema changes as findings of the context ``prefix`` (one per change)."""
        context = CONTEXT_BY_PREFIX[prefix]
        registry = rules.registry()
        out = []
        for change in changes:
            rid = rule_id(context, change.kind)
            if rid not in registry:
                continue
            shared = change.component is not None or _in_components(change.base_pointer, change.revision_pointer)
            key = (rid, name, location, change.identity(), change.component)
            if shared and key in self._shared:
                if operation is not None:
                    self._shared[key].operations.append(operation)
                continue
            path = format_path(change.shown_path())
            shown_path = (f" (at {path})" if path else "") if context.scalar_only else path or "(body)"
            subject = context.subject.format(path=shown_path, name=name, location=location)
            found = self.finding(
                rid,
                base_pointer=change.base_pointer,
                revision_pointer=change.revision_pointer,
                operation=operation,
                subject=subject,
                path=path,
                **change.args,
            )
            if shared:
                self._shared[key] = found
            out.append(found)
        return out

    # -- reach -----------------------------------------------------------------------
    def operations_reaching(self, pointer: str) -> list[str]:
        """The operations and webhooks whose definition reaches the component holding
        ``pointer`` (through any chain of $refs), in the revision, else in the base."""
        parts = jp.split(pointer)
        if len(parts) < 3 or parts[0] != "components":
            return []
        target = "#" + jp.join(*parts[:3])
        found: set[str] = set()
        for reach in (self._reach_revision, self._reach_base):
            users, direct = reach
            reaching = {target}
            stack = [target]
            while stack:
                for user in users.get(stack.pop(), ()):
                    if user not in reaching:
                        reaching.add(user)
                        stack.append(user)
            found |= {key for key, refs in direct.items() if refs & reaching}
            if found:
                break
        return sorted(found)

    @cached_property
    def _reach_base(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        return _reach(self.base)

    @cached_property
    def _reach_revision(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        return _reach(self.revision)

    def _position(self, revision_pointer: str | None, base_pointer: str | None) -> Any:
        """Where to point in the revision: the changed node, or the nearest surviving parent
        of what was removed."""
        if revision_pointer is not None:
            found = self.revision.position(revision_pointer)
            if found:
                return found
        candidate = base_pointer or revision_pointer
        while candidate:
            candidate = candidate.rsplit("/", 1)[0]
            if self.revision.get(candidate) is not None:
                return self.revision.position(candidate)
        return None


def _nearest(doc: Document, pointer: str) -> Any:
    """The position of ``pointer`` in ``doc``, or of its nearest existing parent."""
    candidate = pointer
    while True:
        found = doc.position(candidate)
        if found or not candidate:
            return found
        candidate = candidate.rsplit("/", 1)[0]


_UNRESOLVED = object()


def _deref(doc: Document, node: Any, pointer: str, targets: dict[str, Any]) -> tuple[Any, str]:
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            break
        seen.add(ref)
        target = targets.get(ref, _UNRESOLVED)
        if target is _UNRESOLVED:
            target = targets[ref] = doc.ref_target(ref)
        if target is None:
            break
        node = target
        pointer = ref[1:] if ref.startswith("#") else ref
    return node, pointer


def _in_components(*pointers: str | None) -> bool:
    present = [p for p in pointers if p is not None]
    return bool(present) and all(p.startswith("/components/") for p in present)


def _refs(node: Any) -> set[str]:
    try:
        return {r.decode() for r in _REF.findall(orjson.dumps(node))}
    except (TypeError, orjson.JSONEncodeError):
        return set()


def _reach(doc: Document) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(component ref -> the component refs that use it, operation key -> its direct refs)."""
    users: dict[str, set[str]] = defaultdict(set)
    parts = doc.tree.get("components")
    for section, entries in parts.items() if isinstance(parts, dict) else ():
        for name, node in entries.items() if isinstance(entries, dict) else ():
            ref = "#" + jp.join("components", section, name)
            for target in _refs(node):
                users[target].add(ref)
    direct: dict[str, set[str]] = {}
    for op in doc.operations():
        direct[op.key] = _refs(op.node) | _refs(op.path_item.get("parameters"))
    hooks = doc.tree.get("webhooks")
    for name, item in hooks.items() if isinstance(hooks, dict) else ():
        direct[f"WEBHOOK {name}"] = _refs(item)
    return users, direct


def _shapes(doc: Document) -> dict[str, str]:
    paths = doc.tree.get("paths")
    shapes: dict[str, str] = {}
    if isinstance(paths, dict):
        for path in paths:
            shapes.setdefault(path_shape(path), path)
    return shapes


def _clean_component_refs(base: Any, revision: Any) -> frozenset[str]:
    """The component refs whose target is equal in both documents, and so is everything
    they reach (transitively)."""
    base_parts = base.get("components") if isinstance(base, dict) else None
    rev_parts = revision.get("components") if isinstance(revision, dict) else None
    base_parts = base_parts if isinstance(base_parts, dict) else {}
    rev_parts = rev_parts if isinstance(rev_parts, dict) else {}
    dirty: set[str] = set()
    equal: dict[str, set[str]] = {}
    missing = object()
    for section in set(base_parts) | set(rev_parts):
        b_sec, r_sec = base_parts.get(section), rev_parts.get(section)
        b_sec = b_sec if isinstance(b_sec, dict) else {}
        r_sec = r_sec if isinstance(r_sec, dict) else {}
        for name in set(b_sec) | set(r_sec):
            ref = "#" + jp.join("components", section, name)
            old, new = b_sec.get(name, missing), r_sec.get(name, missing)
            if old is missing or new is missing or old != new:
                dirty.add(ref)
                continue
            try:
                equal[ref] = {r.decode() for r in _REF.findall(orjson.dumps(old))}
            except (TypeError, orjson.JSONEncodeError):
                dirty.add(ref)
    users: dict[str, set[str]] = defaultdict(set)
    for ref, targets in equal.items():
        for target in targets:
            users[target].add(ref)
            if target not in equal:
                dirty.add(target)  # unknown or changed target
    stack = list(dirty)
    while stack:
        for user in users.get(stack.pop(), ()):
            if user not in dirty:
                dirty.add(user)
                stack.append(user)
    return frozenset(ref for ref in equal if ref not in dirty)
