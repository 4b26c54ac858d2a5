"""Generic stateful testing for any contract: resources, links and their life cycle.

A *resource* is a create (``POST /things``) whose answer carries an identifier, and the
operations on one thing (``GET/PUT/PATCH/DELETE /things/{thing_id}``). Which answer
field feeds which path parameter comes from the create's OpenAPI ``links``
(``$response.body#/id``) when it declares them, and is inferred otherwise (a parameter
named like a field of the answer, or ``*id`` fed by ``id``).

Per resource, in order (producers before consumers): create; read back (created →
retrievable); with ``--other-account-key``, read, change and delete with the other key
(each must be refused); patch and read back (the change sticks); a create that carries
every read-only field with a value of ours (refused or ignored, never applied); delete
and read (deleted → 404/410). Every answer also goes through the response checks.
The identifiers seen go into a pool the random phase uses for path parameters.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import unicodedata
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from rivya_contract import patterns
from rivya_contract import pointer as jp
from rivya_contract.document import Document, Operation
from rivya_contract.proptest.checks import Exchange, Result
from rivya_contract.proptest.coverage import example_requests
from rivya_contract.proptest.requests import OperationRequests, Request, coerce, request_is_valid
from rivya_contract.proptest.schema_view import SchemaView

_PARAM = re.compile(r"\{([^}/]+)\}")
_ITEM_METHODS = ("get", "put", "patch", "delete")
GONE = frozenset({404, 410})
_VERBS = {"get": "read", "put": "replaced", "patch": "changed", "delete": "deleted"}


@dataclass
class Resource:
    create: Operation
    # operation key -> {path parameter: JSON pointer into the create's answer body}
    consumers: dict[str, dict[str, str]] = field(default_factory=dict)
    get: str | None = None
    updates: list[str] = field(default_factory=list)  # PATCH and PUT
    delete: str | None = None
    location: bool = False  # the create documents a Location header (ids may be read from it)
    item_path: str | None = None  # the path of one object (``/things/{thing_id}``)
    item_params: dict[str, str] = field(default_factory=dict)  # its parameters fed by the answer

    @property
    def name(self) -> str:
        return self.create.path


def resources(doc: Document, operations: list[Operation], view: SchemaView) -> list[Resource]:
    """The resources of a contract (links declared, or inferred), in path order."""
    by_id = {str(op.node.get("operationId")): op for op in operations if op.node.get("operationId")}
    by_key = {op.key: op for op in operations}
    found: list[Resource] = []
    for create in operations:
        if create.method != "post":
            continue
        answer = _created_schema(doc, create, view)
        location = _documents_location(doc, create)
        if answer is None and not location:
            continue
        resource = Resource(create, location=location)
        for target, params in _declared_links(doc, create, by_id):
            resource.consumers[target.key] = params
        for op in operations:  # where no link is declared, infer one
            inferred = _inferred(create.path, op, answer or {}, location, view)
            if inferred is not None and op.key not in resource.consumers:
                resource.consumers[op.key] = inferred
        for key in resource.consumers:
            op = by_key[key]
            if op.method == "get" and resource.get is None:
                resource.get = key
            elif op.method in ("patch", "put"):
                resource.updates.append(key)
            elif op.method == "delete":
                resource.delete = key
            if resource.item_path is None:
                resource.item_path, resource.item_params = op.path, resource.consumers[key]
        resource.updates.sort(key=lambda k: k.split()[0] != "PATCH")  # PATCH, then PUT
        if not resource.consumers:
            # No operation on one object, but nested ones under it (``/orgs/{orgId}/projects``
            # under ``POST /orgs``): still made, as the parent of those.
            _parent_only(resource, operations, answer or {}, view)
        if resource.consumers or resource.item_path:
            found.append(resource)
    return found


def _created_schema(doc: Document, op: Operation, view: SchemaView) -> dict[str, Any] | None:
    responses = doc.resolve(op.node.get("responses")) or {}
    for status in ("201", "200", "202", "2XX"):
        response = doc.resolve(responses.get(status))
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            continue
        for media, item in content.items():
            if "json" in media and isinstance(item, dict):
                schema = view.resolve(item.get("schema"))
                if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
                    return schema
    return None


def _parent_only(resource: Resource, operations: list[Operation], answer: dict[str, Any], view: SchemaView) -> None:
    prefix = re.escape(resource.create.path.rstrip("/")) + r"/\{([^}/]+)\}/"
    for op in operations:
        match = re.match(prefix, op.path)
        if match is None:
            continue
        item = resource.create.path.rstrip("/") + "/{" + match.group(1) + "}"
        params = _inferred(resource.create.path, _Shape("get", item), answer, resource.location, view)
        if params is not None:
            resource.item_path, resource.item_params = item, params
            return


@dataclass
class _Shape:
    """An operation's method and path (what link inference reads of it)."""

    method: str
    path: str


def _documents_location(doc: Document, op: Operation) -> bool:
    responses = doc.resolve(op.node.get("responses")) or {}
    for status, raw in responses.items():
        response = doc.resolve(raw)
        headers = response.get("headers") if isinstance(response, dict) else None
        if str(status).startswith("2") and isinstance(headers, dict) and any(n.lower() == "location" for n in headers):
            return True
    return False


def _declared_links(
    doc: Document, op: Operation, by_id: dict[str, Operation]
) -> list[tuple[Operation, dict[str, str]]]:
    responses = doc.resolve(op.node.get("responses")) or {}
    found = []
    for status, raw in responses.items():
        response = doc.resolve(raw)
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        for link in (response.get("links") or {}).values():
            link = doc.resolve(link)
            if not isinstance(link, dict):
                continue
            target = by_id.get(str(link.get("operationId")))
            if target is None and isinstance(link.get("operationRef"), str):
                ref = link["operationRef"].partition("#")[2]
                target = next((o for o in by_id.values() if o.pointer == ref), None)
            params: dict[str, str] = {}
            for name, expression in (link.get("parameters") or {}).items():
                text = str(expression)
                if text.startswith("$response.body#"):
                    params[name.split(".", 1)[-1]] = text[len("$response.body#") :]
            if target is not None and params:
                found.append((target, params))
    return found


def _inferred(
    collection: str, op: Operation | _Shape, answer: dict[str, Any], location: bool, view: SchemaView | None = None
) -> dict[str, str] | None:
    """``op`` works on one item of ``collection``: its path is the collection's plus one
    ``{param}`` segment, fed by the answer field of that name, or ``*id`` by ``id``; or,
    when the create answers a ``Location``, by the matching segment of that URL ({})."""
    if op.method not in _ITEM_METHODS:
        return None
    match = re.fullmatch(re.escape(collection.rstrip("/")) + r"/\{([^}/]+)\}", op.path)
    if match is None:
        return None
    name = match.group(1)
    found = _field_for(name, answer, view)
    if found is not None:
        return {name: found}
    return {} if location else None


def _field_for(name: str, answer: dict[str, Any], view: SchemaView | None) -> str | None:
    """Where in a create's answer the value of path parameter ``name`` is: the field of
    that name, or ``id`` for ``*id``; at the top, or in a one-object envelope (``data``)."""
    properties = answer.get("properties") or {}
    candidates = [c for c in (name, _snake(name), "id" if name.lower().endswith("id") else None) if c]
    for candidate in candidates:
        if candidate in properties:
            return "/" + jp.escape(candidate)
    if view is None:
        return None
    envelopes = [(m, view.resolve(sub)) for m, sub in properties.items()]
    envelopes = [(m, sub) for m, sub in envelopes if isinstance(sub, dict) and isinstance(sub.get("properties"), dict)]
    if len(envelopes) == 1:
        member, inner = envelopes[0]
        for candidate in candidates:
            if candidate in inner["properties"]:
                return "/" + jp.escape(member) + "/" + jp.escape(candidate)
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def path_names(path: str) -> list[str]:
    return _PARAM.findall(path)


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def inherit(path: str, issued: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Values for ``path``'s parameters from the objects the server issued: those whose
    item path is the longest prefix of ``path`` (segment by segment, parameters matched
    by position, so ``/orgs/{id}`` feeds ``/orgs/{orgId}/projects``), latest first."""
    target = _segments(path)
    best: list[dict[str, Any]] = []
    best_length = 0
    for template, values in reversed(issued):
        segments = _segments(template)
        if len(segments) > len(target) or len(segments) < best_length:
            continue
        mapped: dict[str, Any] | None = {}
        for mine, theirs in zip(target, segments, strict=False):
            mine_name, theirs_name = _param_name(mine), _param_name(theirs)
            if mine_name is not None and theirs_name is not None and theirs_name in values:
                mapped[mine_name] = values[theirs_name]  # type: ignore[index]
            elif mine != theirs:
                mapped = None
                break
        if not mapped:
            continue
        if len(segments) > best_length:
            best, best_length = [], len(segments)
        if mapped not in best:
            best.append(mapped)
    return best


def _key(name: str) -> str:
    """A name as a body and a path may both spell it: ``team_id``, ``teamId`` -> ``teamid``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _param_name(segment: str) -> str | None:
    return segment[1:-1] if segment.startswith("{") and segment.endswith("}") else None


def from_location(value: str | None, template: str) -> dict[str, str] | None:
    """The path parameters of ``template`` read from a ``Location`` URL (absolute or
    relative, under any base path); None when it does not name such an object."""
    if not value:
        return None
    path = urlsplit(value.strip()).path
    pattern = "".join(
        "/([^/]+)" if _param_name(segment) is not None else "/" + re.escape(segment) for segment in _segments(template)
    )
    match = re.search(pattern + "/?$", path)
    if match is None:
        return None
    names = [_param_name(segment) for segment in _segments(template) if _param_name(segment) is not None]
    return {str(name): unquote(text) for name, text in zip(names, match.groups(), strict=True)}


# -- running ---------------------------------------------------------------------------
Send = Callable[[str, str, Request], tuple[Exchange | None, list[Result]]]


@dataclass
class Probe:
    """One stateful exchange and what it found (response checks and life-cycle rules)."""

    operation: str
    kind: str
    request: Request
    exchange: Exchange | None
    results: list[Result]


class Walker:
    """Walks each resource's life cycle through ``send`` (the runner's run_case)."""

    def __init__(
        self,
        doc: Document,
        builders: dict[str, OperationRequests],
        send: Send,
        draw_valid: Callable[[str, str], Request | None],
        *,
        other_key: bool,
    ) -> None:
        self.doc = doc
        self.builders = builders
        self.send = send
        self.draw_valid = draw_valid
        self.other_key = other_key
        self.probes: list[Probe] = []
        self.pool: dict[str, list[str]] = {}  # "METHOD /path" -> path values issued, for its parameters
        # (item path, path values) of the objects left in place for the later phases, and
        # the parents of nested resources (``/orgs/{orgId}`` for ``/orgs/{orgId}/projects``)
        self.alive: list[tuple[str, dict[str, Any]]] = []
        self.accepted: dict[str, Request] = {}  # the create request the server took, per create
        self.made: dict[str, int] = {}  # objects made, per create
        self.kept: set[str] = set()  # the pool entries of the objects left in place (deletes spare them)

    def call(self, operation: str, request: Request, kind: str = "valid") -> Exchange | None:
        exchange, results = self.send(operation, kind, request)
        self.probes.append(Probe(operation, kind, request, exchange, list(results)))
        return exchange

    def fail(self, rule: str, operation: str, request: Request, exchange: Exchange | None, **args: Any) -> None:
        args = {"operation": operation, "status": exchange.status if exchange else "no response", **args}
        self.probes.append(Probe(operation, "valid", request, exchange, [(rule, args)]))

    def walk(self, resource: Resource) -> bool:
        """One resource's life cycle; False when no create was accepted (it may need an
        object another resource makes: the runner walks it again after the others)."""
        create = resource.create.key
        parents = self._parents(resource.create.path)
        made = self._create(create, parents)
        if made is None:
            return False
        ids = self._ids(resource, *made)
        get = resource.get
        read = self._item(get, ids) if get else None
        if get and read is not None and made[1].status != 202:  # 202: accepted, maybe not there yet
            answer = self.call(get, read)
            if answer is not None and not 200 <= answer.status < 300:
                self.fail(
                    "resource-lifecycle",
                    get,
                    read,
                    answer,
                    problem=f"the {_thing(resource)} created by {create} could not be read back "
                    f"({get} answered {answer.status})",
                    signature="created-not-retrievable",
                )
                return True
        for update in resource.updates:
            self._update(resource, update, ids)
        self._read_only(resource, parents)
        if resource.delete:
            self._delete(resource, ids)
        else:
            self._remember(ids)
        if self.other_key:
            # On an object of its own: a delete the other key should not manage may succeed.
            again = self._create(create, parents)
            if again is not None:
                self._isolation(resource, self._ids(resource, *again))
        kept = self._create(create, parents)  # one left in place, for the children and later phases
        if kept is not None:
            self._remember(self._ids(resource, *kept), kept=True)
            full = self._values(resource, resource.item_path or "", resource.item_params, *kept)
            if full is not None and resource.item_path:
                self.alive.append((resource.item_path, full))
        return True

    def _path(self, key: str) -> str:
        return self.builders[key].operation.path

    def _parents(self, path: str) -> dict[str, Any]:
        """Values for a create's own path parameters from objects made before (nested
        resources: their parents), or none (then they are drawn)."""
        found = inherit(path, self.alive)
        return found[0] if found else {}

    def _remember(self, ids: dict[str, dict[str, Any] | None], *, kept: bool = False) -> None:
        for key, values in ids.items():
            if values is not None:
                self.pool.setdefault(key, []).append(json.dumps(values, sort_keys=True))
                if kept:
                    self.kept.add(json.dumps(values, sort_keys=True))

    def candidates(self, create: str, fresh: int = 0) -> list[Request]:
        """Creates to try, the likeliest accepted first: the contract's examples, the
        smallest valid request (required fields only), then seeded draws. After ``fresh``
        objects were made, new draws come first (a server may refuse a repeated name)."""
        builder = self.builders[create]
        base = self.draw_valid(create, "stateful-create")
        if base is None:
            return []
        found: list[Request] = []
        for index in range(2 if fresh else 0):
            more = self.draw_valid(create, f"stateful-create-fresh-{fresh}-{index}")
            if more is not None:
                found.append(more)
        found += [r for r in example_requests(builder, base) if request_is_valid(builder, r)]
        schema = builder.view.resolve(builder.body_schema)
        if isinstance(base.body, dict) and isinstance(schema, dict):
            required = set(schema.get("required", []))
            smallest = replace(base, body={k: v for k, v in base.body.items() if k in required})
            if request_is_valid(builder, smallest):
                found.append(smallest)
        found.append(base)
        for index in range(1, 3):
            more = self.draw_valid(create, f"stateful-create-{index}")
            if more is not None:
                found.append(more)
        # A body field that names an object made before (``team_id``, ``teamId`` after
        # ``POST /teams``) gets that object's id: a server may refuse an id it never issued.
        referring = [r for r in (self._referring(builder, r) for r in found) if r is not None]
        return referring + found

    def _referring(self, builder: OperationRequests, request: Request) -> Request | None:
        schema = builder.view.resolve(builder.body_schema)
        if not isinstance(request.body, dict) or not isinstance(schema, dict) or not self.alive:
            return None
        issued = self._issued_ids()
        body = dict(request.body)
        for name, sub in (schema.get("properties") or {}).items():
            target = builder.view.resolve(sub)
            value = issued.get(_key(name))
            if value is None or not isinstance(target, dict) or target.get("readOnly") is True:
                continue
            if builder.view.is_valid(sub, value):
                body[name] = value
        changed = replace(request, body=body)
        return changed if body != request.body and request_is_valid(builder, changed) else None

    def _issued_ids(self) -> dict[str, Any]:
        """The ids of the objects left in place, by the names a body may give them: each
        path parameter (``orgId`` -> ``orgid``), and ``<thing>id`` for the last one."""
        found: dict[str, Any] = {}
        for template, values in self.alive:
            segments = _segments(template)
            for index, segment in enumerate(segments):
                name = _param_name(segment)
                if name is None or name not in values:
                    continue
                if name.lower() != "id":  # a bare ``{id}`` names nothing a body could mean
                    found[_key(name)] = values[name]
                if index and _param_name(segments[index - 1]) is None:
                    thing = segments[index - 1]
                    found[_key((thing[:-1] if thing.endswith("s") else thing) + "id")] = values[name]
        return found

    def _create(
        self, create: str, parents: dict[str, Any], requests: list[Request] | None = None
    ) -> tuple[Request, Exchange, dict[str, Any]] | None:
        for request in self.candidates(create, self.made.get(create, 0)) if requests is None else requests:
            if parents:
                request = replace(
                    request, path_params={**request.path_params, **parents}, linked=request.linked | frozenset(parents)
                )
            exchange = self.call(create, request)
            if exchange is None or not 200 <= exchange.status < 300:
                continue
            try:
                body = exchange.json() if exchange.body.strip() else {}
            except ValueError:
                body = {}
            self.accepted[create] = request
            self.made[create] = self.made.get(create, 0) + 1
            return request, exchange, body if isinstance(body, dict) else {}
        return None

    def _ids(
        self, resource: Resource, request: Request, exchange: Exchange, body: dict[str, Any]
    ) -> dict[str, dict[str, Any] | None]:
        """Each item operation's path values for the object a create made."""
        return {
            key: self._values(resource, self._path(key), params, request, exchange, body)
            for key, params in resource.consumers.items()
        }

    def _values(
        self,
        resource: Resource,
        path: str,
        params: dict[str, str],
        request: Request,
        exchange: Exchange,
        body: dict[str, Any],
    ) -> dict[str, Any] | None:
        """The values of ``path``'s parameters for the object a create made: the create's
        own path values (its parents), what its ``Location`` names, the answer's fields."""
        names = path_names(path)
        values = {name: value for name, value in request.path_params.items() if name in names}
        location = exchange.header("location") if resource.location else None
        for name, text in (from_location(location, path) or {}).items():
            values[name] = self._coerce(path, name, text)
        fields = self._params(body, params) if params else None
        values.update(fields or {})
        return values if all(name in values for name in names) else None

    def _coerce(self, path: str, name: str, text: str) -> Any:
        for builder in self.builders.values():
            if builder.operation.path != path:
                continue
            for parameter in builder.parameters:
                if parameter.location == "path" and parameter.name == name:
                    return coerce(text, builder.view.resolve(parameter.schema))
        return text

    def _params(self, body: dict[str, Any], params: dict[str, str]) -> dict[str, Any] | None:
        values = {}
        for name, where in params.items():
            value = jp.lookup(body, where)
            if value is None or isinstance(value, (dict, list)):
                return None
            values[name] = value
        return values

    def _item(self, key: str | None, ids: dict[str, dict[str, Any] | None]) -> Request | None:
        if key is None or ids.get(key) is None:
            return None
        request = self.draw_valid(key, "stateful-" + key)
        if request is None:
            return None
        values = ids[key] or {}
        return replace(request, path_params={**request.path_params, **values}, linked=frozenset(values))

    def _isolation(self, resource: Resource, ids: dict[str, dict[str, Any] | None]) -> None:
        for key in (resource.get, *resource.updates, resource.delete):
            request = self._item(key, ids)
            if key is None or request is None:
                continue
            answer = self.call(key, request, "other-account")
            if answer is not None and 200 <= answer.status < 300:
                verb = _VERBS[key.split()[0].lower()]
                self.fail(
                    "account-isolation",
                    key,
                    request,
                    answer,
                    problem=f"{key}: {_article(resource)} created with the main key could be {verb} with the other "
                    f"account's key (answered {answer.status})",
                    signature=f"other-account {verb}",
                )
            elif answer is not None and answer.status == 401:
                return  # the other key is not a key at all: nothing more to learn

    def _update_request(self, key: str, ids: dict[str, dict[str, Any] | None]) -> Request | None:
        """A valid change that touches as many fields as it can (nested ones too): a draw,
        with what other draws set and it does not, as long as that stays valid."""
        request = self._item(key, ids)
        if request is None or not isinstance(request.body, dict) or not request.body:
            return request
        builder = self.builders[key]
        for index in range(1, 4):
            other = self.draw_valid(key, f"stateful-{key}-{index}")
            if other is None or not isinstance(other.body, dict):
                continue
            wider = replace(request, body=_union(request.body, other.body))
            if request_is_valid(builder, wider):
                request = wider
        return request

    def _update(self, resource: Resource, key: str, ids: dict[str, dict[str, Any] | None]) -> None:
        request = self._update_request(key, ids)
        if request is None or not isinstance(request.body, dict) or not request.body:
            return
        answer = self.call(key, request)
        if answer is None or not 200 <= answer.status < 300 or resource.get is None:
            return
        read = self._item(resource.get, ids)
        if read is None:
            return
        after = self.call(resource.get, read)
        if after is None or not 200 <= after.status < 300:
            return
        try:
            stored = after.json()
        except ValueError:
            return
        builder = self.builders[key]
        lost = not_read_back(builder.view, builder.body_schema, request.body, stored)
        if lost:
            self.fail(
                "resource-lifecycle",
                key,
                request,
                after,
                problem=f"{key} answered {answer.status} but {resource.get} reads "
                + ", ".join(f"{where}={json.dumps(value, ensure_ascii=False)[:40]}" for where, value in lost)
                + " instead of the value sent",
                signature=f"{key.split()[0].lower()}-not-read-back " + " ".join(where for where, _ in lost),
            )

    def _read_only(self, resource: Resource, parents: dict[str, Any]) -> None:
        """A create that carries every read-only field (nested ones too) set to a value
        the server would never choose: refused, or ignored — never applied."""
        create = resource.create.key
        builder = self.builders[create]
        accepted = self.accepted.get(create)
        if accepted is None or not isinstance(accepted.body, dict):
            return
        options: list[tuple[Request, list[tuple[tuple[str, ...], Any]]]] = []
        for base in [accepted, *self.candidates(create, self.made.get(create, 0))]:
            if not isinstance(base.body, dict):
                continue
            body = deepcopy(base.body)
            planted = plant_read_only(builder.view, builder.body_schema, body)
            request = replace(accepted, body=body)
            if planted and request_is_valid(builder, request):
                options.append((request, planted))
        # The most read-only fields first (the accepted body first among equals); a few
        # tries, since a server may refuse a body for what it repeats (a unique name).
        options = sorted(options, key=lambda option: -len(option[1]))[:3]
        made = self._create(create, parents, [request for request, _ in options])
        if made is None:
            return  # refused: right
        planted = next(p for r, p in options if r.body == made[0].body)
        sent, answer, body = made
        seen = [body]
        ids = self._ids(resource, sent, answer, body)
        read = self._item(resource.get, ids)
        if read is not None and resource.get is not None:
            stored = self.call(resource.get, read)
            with contextlib.suppress(ValueError):
                seen.append(stored.json() if stored is not None and 200 <= stored.status < 300 else {})
        applied = sorted(
            ".".join(path)
            for path, value in planted
            if any(_found(later, path, value) for later in seen if isinstance(later, dict))
        )
        if applied:
            values = {".".join(path): value for path, value in planted}
            self.fail(
                "read-only-ignored",
                create,
                sent,
                answer,
                problem=f"{create} took the read-only "
                + ", ".join(f"{n}={json.dumps(values[n], ensure_ascii=False)}" for n in applied)
                + " from the request and applied it",
                signature=" ".join(applied),
            )
        self._remember(ids)

    def _delete(self, resource: Resource, ids: dict[str, dict[str, Any] | None]) -> None:
        assert resource.delete is not None
        request = self._item(resource.delete, ids)
        if request is None:
            return
        answer = self.call(resource.delete, request)
        if answer is None or not 200 <= answer.status < 300 or resource.get is None:
            return
        read = self._item(resource.get, ids)
        if read is None:
            return
        after = self.call(resource.get, read)
        if after is not None and after.status not in GONE and after.status < 500:
            self.fail(
                "resource-lifecycle",
                resource.get,
                read,
                after,
                problem=f"{resource.get} answered {after.status} for {_article(resource)} "
                f"{resource.delete} had deleted (expected 404 or 410)",
                signature="served-after-delete",
            )


def _union(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """``first`` with the members of ``second`` it lacks, at every depth."""
    merged = dict(first)
    for name, value in second.items():
        if name not in merged:
            merged[name] = value
        elif isinstance(merged[name], dict) and isinstance(value, dict):
            merged[name] = _union(merged[name], value)
    return merged


def _found(body: dict[str, Any], path: tuple[str, ...], value: Any) -> bool:
    holder: Any = body
    for step in path:
        if not isinstance(holder, dict) or step not in holder:
            return False
        holder = holder[step]
    return same_value(value, holder)


def _properties(view: SchemaView, schema: Any, value: Any) -> dict[str, Any]:
    """The properties ``schema`` declares for ``value`` (allOf merged; of a oneOf/anyOf,
    the first branch ``value`` is valid against)."""
    schema = view.resolve(schema)
    if not isinstance(schema, dict):
        return {}
    found: dict[str, Any] = dict(schema.get("properties") or {})
    for branch in schema.get("allOf") or []:
        found.update(_properties(view, branch, value))
    for key in ("oneOf", "anyOf"):
        for branch in schema.get(key) or []:
            if view.is_valid(branch, value):
                found.update(_properties(view, branch, value))
                break
    return found


def plant_read_only(
    view: SchemaView, schema: Any, body: dict[str, Any], depth: int = 0
) -> list[tuple[tuple[str, ...], Any]]:
    """Set every read-only field of ``body`` (and of the objects in it, to a small depth)
    to a marker value; returns where, and what."""
    planted: list[tuple[tuple[str, ...], Any]] = []
    if depth > 3:
        return planted
    for name, sub in _properties(view, schema, body).items():
        target = view.resolve(sub)
        if not isinstance(target, dict):
            continue
        if target.get("readOnly") is True:
            value = marker(view, target, name)
            if value is not None:
                body[name] = value
                planted.append(((name,), value))
        elif isinstance(body.get(name), dict):
            for path, value in plant_read_only(view, sub, body[name], depth + 1):
                planted.append(((name, *path), value))
    return planted


def not_read_back(view: SchemaView, schema: Any, sent: Any, stored: Any, path: str = "") -> list[tuple[str, Any]]:
    """Where a change sent (``sent``, judged by the request ``schema``) is not what was
    read back: every member sent is compared at every depth, read-only and write-only
    ones skipped, members read back absent skipped (a merge patch's null removes them;
    a server need not echo all), arrays of unique items compared as sets."""
    resolved = view.resolve(schema)
    if isinstance(resolved, dict) and (resolved.get("readOnly") or resolved.get("writeOnly")):
        return []
    if isinstance(sent, dict) and isinstance(stored, dict):
        properties = _properties(view, schema, sent)
        lost: list[tuple[str, Any]] = []
        for name, value in sent.items():
            if name in stored:
                where = f"{path}.{name}" if path else name
                lost.extend(not_read_back(view, properties.get(name, True), value, stored[name], where))
        return lost
    if (
        isinstance(sent, list)
        and isinstance(stored, list)
        and len(sent) == len(stored)
        and not same_value(sent, stored)
    ):
        unique = isinstance(resolved, dict) and resolved.get("uniqueItems") is True
        if unique and sorted(map(_canonical, sent)) == sorted(map(_canonical, stored)):
            return []
    return [] if same_value(sent, stored) else [(path or "body", stored)]


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _thing(resource: Resource) -> str:
    """``item`` for ``POST /items``: what the resource is called."""
    last = resource.create.path.rstrip("/").rsplit("/", 1)[-1] or "object"
    return last[:-1] if last.endswith("s") and len(last) > 3 else last


def _article(resource: Resource) -> str:
    thing = _thing(resource)
    return ("an " if thing[:1].lower() in "aeiou" else "a ") + thing


def marker(view: SchemaView, schema: dict[str, Any], name: str) -> Any:
    """A value for a read-only field that a server would never choose itself and that
    still matches the field's schema; None when the schema leaves no such value."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    candidates: list[Any] = []
    if "string" in kinds:
        fmt = schema.get("format")
        candidates += {
            "date-time": ["2001-02-03T04:05:06Z"],
            "date": ["2001-02-03"],
            "uuid": ["0badc0de-0000-4000-8000-00000000beef"],
            "email": ["readonly@proptest.example"],
            "uri": ["https://proptest.example/readonly"],
        }.get(str(fmt), [])
        candidates += ["proptest-readonly", "zz_proptest", "itm_proptest", "proptest"]
        pattern = schema.get("pattern")
        if isinstance(pattern, str):
            candidates += _pattern_markers(pattern)
    if "integer" in kinds or "number" in kinds:
        candidates += [987654321, 424242, 4242]
    for value in candidates:
        if view.is_valid(schema, value):
            return value
    return None


def _pattern_markers(pattern: str) -> list[str]:
    compiled = patterns.compiled(pattern)
    if compiled is None:
        return []
    prefix = re.match(r"\^?([A-Za-z_-]*)", pattern)
    head = prefix.group(1) if prefix else ""
    return [s for s in (head + "proptest", head + "zzproptest", head + "987654321") if compiled.search(s)]


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


def same_value(sent: Any, read: Any) -> bool:
    """Equal as JSON (1 == 1.0, floats to 1e-9), strings up to trimming, case and unicode
    normalisation, date-times as instants."""
    if isinstance(sent, bool) or isinstance(read, bool):
        return sent is read
    if isinstance(sent, (int, float)) and isinstance(read, (int, float)):
        return math.isclose(float(sent), float(read), rel_tol=1e-9, abs_tol=1e-12)
    if isinstance(sent, str) and isinstance(read, str) and sent != read:
        if _normal(sent) == _normal(read):
            return True  # a server may trim, fold case or normalise unicode: still the value sent
        try:
            return datetime.fromisoformat(sent.replace("Z", "+00:00")) == datetime.fromisoformat(
                read.replace("Z", "+00:00")
            )
        except ValueError:
            return False
    return bool(json.dumps(sent, sort_keys=True) == json.dumps(read, sort_keys=True))
