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

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document, Operation
from rivya_contract.proptest.checks import Exchange, Result
from rivya_contract.proptest.coverage import example_requests
from rivya_contract.proptest.requests import OperationRequests, Request, request_is_valid
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
    update: str | None = None  # PATCH, else PUT
    delete: str | None = None

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
        if answer is None:
            continue
        resource = Resource(create)
        for target, params in _declared_links(doc, create, by_id):
            resource.consumers[target.key] = params
        for op in operations:  # where no link is declared, infer one
            inferred = _inferred(create.path, op, answer, view)
            if inferred is not None and op.key not in resource.consumers:
                resource.consumers[op.key] = inferred
        for key in resource.consumers:
            op = by_key[key]
            if op.method == "get" and resource.get is None:
                resource.get = key
            elif op.method == "patch" or (op.method == "put" and resource.update is None):
                resource.update = key
            elif op.method == "delete":
                resource.delete = key
        if resource.consumers:
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


def _inferred(collection: str, op: Operation, answer: dict[str, Any], view: SchemaView) -> dict[str, str] | None:
    """``op`` works on one item of ``collection``: its path is the collection's plus one
    ``{param}`` segment, fed by the answer field of that name, or ``*id`` by ``id``."""
    if op.method not in _ITEM_METHODS:
        return None
    match = re.fullmatch(re.escape(collection.rstrip("/")) + r"/\{([^}/]+)\}", op.path)
    if match is None:
        return None
    name = match.group(1)
    properties = answer.get("properties") or {}
    for candidate in (name, _snake(name), "id" if name.lower().endswith("id") else None):
        if candidate and candidate in properties:
            return {name: "/" + jp.escape(candidate)}
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


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
        self.accepted: dict[str, Request] = {}  # the create request the server took, per create

    def call(self, operation: str, request: Request, kind: str = "valid") -> Exchange | None:
        exchange, results = self.send(operation, kind, request)
        self.probes.append(Probe(operation, kind, request, exchange, list(results)))
        return exchange

    def fail(self, rule: str, operation: str, request: Request, exchange: Exchange | None, **args: Any) -> None:
        args = {"operation": operation, "status": exchange.status if exchange else "no response", **args}
        self.probes.append(Probe(operation, "valid", request, exchange, [(rule, args)]))

    def walk(self, resource: Resource) -> None:
        create = resource.create.key
        made = self._create(create)
        if made is None:
            return
        body = made[2]
        ids = {key: self._params(body, params) for key, params in resource.consumers.items()}
        for key, values in ids.items():
            if values is not None:
                self.pool.setdefault(key, []).append(json.dumps(values, sort_keys=True))
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
                return
        if resource.update:
            self._patch(resource, ids)
        self._read_only(resource)
        if resource.delete:
            self._delete(resource, ids)
        if self.other_key:
            # On an object of its own: a delete the other key should not manage may succeed.
            again = self._create(create)
            if again is not None:
                self._isolation(resource, {k: self._params(again[2], p) for k, p in resource.consumers.items()})

    def candidates(self, create: str) -> list[Request]:
        """Creates to try, the likeliest accepted first: the contract's examples, the
        smallest valid request (required fields only), then seeded draws."""
        builder = self.builders[create]
        base = self.draw_valid(create, "stateful-create")
        if base is None:
            return []
        found = [r for r in example_requests(builder, base) if request_is_valid(builder, r)]
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
        return found

    def _create(self, create: str) -> tuple[Request, Exchange, dict[str, Any]] | None:
        for request in self.candidates(create):
            exchange = self.call(create, request)
            if exchange is None or not 200 <= exchange.status < 300:
                continue
            try:
                body = exchange.json()
            except ValueError:
                return None
            self.accepted[create] = request
            return (request, exchange, body) if isinstance(body, dict) else None
        return None

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
        for key in (resource.get, resource.update, resource.delete):
            request = self._item(key, ids)
            if key is None or request is None:
                continue
            answer = self.call(key, request, "other-account")
            if answer is not None and 200 <= answer.status < 300:
                verb = {"get": "read", "put": "replaced", "patch": "changed", "delete": "deleted"}[
                    key.split()[0].lower()
                ]
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

    def _patch(self, resource: Resource, ids: dict[str, dict[str, Any] | None]) -> None:
        assert resource.update is not None
        request = self._item(resource.update, ids)
        if request is None or not isinstance(request.body, dict) or not request.body:
            return
        answer = self.call(resource.update, request)
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
        lost = [
            name
            for name, value in request.body.items()
            if isinstance(stored, dict) and name in stored and not same_value(value, stored[name])
        ]
        if lost:
            self.fail(
                "resource-lifecycle",
                resource.update,
                request,
                after,
                problem=f"{resource.update} answered {answer.status} but {resource.get} reads "
                + ", ".join(f"{n}={json.dumps(stored[n], ensure_ascii=False)[:40]}" for n in lost)
                + " instead of the value sent",
                signature="patch-not-read-back",
            )

    def _read_only(self, resource: Resource) -> None:
        create = resource.create.key
        builder = self.builders[create]
        schema = builder.view.resolve(builder.body_schema)
        base = self.accepted.get(create)
        if base is None or not isinstance(schema, dict) or not isinstance(base.body, dict):
            return
        planted = {}
        for name, sub in (schema.get("properties") or {}).items():
            target = builder.view.resolve(sub)
            if isinstance(target, dict) and target.get("readOnly") is True:
                value = marker(builder.view, target, name)
                if value is not None:
                    planted[name] = value
        if not planted:
            return
        request = replace(base, body={**base.body, **planted})
        answer = self.call(create, request)
        if answer is None or not 200 <= answer.status < 300:
            return  # refused: right
        try:
            body = answer.json()
        except ValueError:
            return
        seen = dict(body) if isinstance(body, dict) else {}
        ids = {key: self._params(seen, params) for key, params in resource.consumers.items()}
        read = self._item(resource.get, ids)
        if read is not None and resource.get is not None:
            stored = self.call(resource.get, read)
            try:
                later = stored.json() if stored is not None and 200 <= stored.status < 300 else {}
            except ValueError:
                later = {}
            if isinstance(later, dict):
                seen.update({k: v for k, v in later.items() if k in planted and same_value(planted[k], v)})
        applied = sorted(name for name, value in planted.items() if name in seen and same_value(value, seen[name]))
        if applied:
            self.fail(
                "read-only-ignored",
                create,
                request,
                answer,
                problem=f"{create} took the read-only "
                + ", ".join(f"{n}={json.dumps(planted[n], ensure_ascii=False)}" for n in applied)
                + " from the request and applied it",
                signature=" ".join(applied),
            )
        for key, values in ids.items():
            if values is not None:
                self.pool.setdefault(key, []).append(json.dumps(values, sort_keys=True))

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
    try:
        compiled = re.compile(pattern)
    except re.error:
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
