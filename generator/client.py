"""Build the IR of the client: resources, their operations, and the Rivya extras.

Resources come from the static path segments after the prefix all paths share
(``/api/v1/chat/completions`` -> ``client.chat.completions``); method names follow the
Stainless conventions (list, create, retrieve, update, delete, an action's own name).
The Rivya extras switch on when their shapes are present: cursor pages, polling to a
terminal status, SSE streams, webhook signatures.
"""

from __future__ import annotations

import builtins
import keyword
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract.document import Document
from rivya_contract.document import Operation as SpecOperation
from rivya_contract.generator import text
from rivya_contract.generator.examples import example_args
from rivya_contract.generator.ir import (
    Operation,
    Overload,
    Pagination,
    Param,
    Polling,
    Resource,
    Sdk,
    WebhookVerify,
)
from rivya_contract.generator.naming import NameAllocator, pascal, snake, words
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.params import ParamField, ParamTypes
from rivya_contract.generator.schemas import COMPONENT_PREFIX, RESERVED_CLASS_NAMES, SchemaRegistry, property_map

# Argument names every method uses itself, and its locals (Stripe has an ``options`` form field).
_METHOD_RESERVED = frozenset(
    {"self", "body", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries", "idempotency_key"}
    | {"cast_to", "options", "deadline", "delay", "interval", "raw", "remaining", "result"}
    | {"item", "event", "json_body", "poll_interval", "wait_timeout", "max_interval"}
)
# Attribute names a resource class uses itself.
_RESOURCE_RESERVED = frozenset(
    {"with_raw_response", "with_streaming_response", "wait", "create_and_wait", "verify", "unwrap", "self", "client"}
)
# What the client object itself has (_base_client.SyncAPIClient): a top-level resource must not
# replace it (a ``/request`` or ``/close`` path would break every call or the pool).
_CLIENT_RESERVED = frozenset(
    {"api_key", "base_url", "default_headers", "max_retries", "strict_response_validation", "timeout"}
    | {"close", "copy", "request", "request_page", "request_stream", "send", "with_options"}
    | {"get", "post", "put", "patch", "delete"}  # requests to endpoints the SDK has no method for
)
_SAFE_METHODS = frozenset({"get", "head", "options", "trace"})
_TERMINAL_GUESS = ("succeeded", "failed", "canceled", "cancelled", "completed", "expired", "error")
_IDEMPOTENCY_HEADER = "idempotency-key"


class ClientBuilder:
    def __init__(self, doc: Document, registry: SchemaRegistry, options: GenerateOptions) -> None:
        self.doc = doc
        self.registry = registry
        self.options = options
        self.notes: list[str] = []
        self.roots: dict[str, Resource] = {}
        self._root_names = NameAllocator(_RESOURCE_RESERVED | _CLIENT_RESERVED)
        self._class_names = NameAllocator()
        self._members: dict[int, NameAllocator] = {}
        self._by_key: dict[tuple[str, ...], Resource] = {}
        fallbacks = {info.fallback for info in registry.unions.values()}
        self.params = ParamTypes(doc, registry, taken=frozenset(registry.schemas) | frozenset(fallbacks))

    # -- the whole SDK ------------------------------------------------------------
    def build(self) -> Sdk:
        spec_ops = list(self.doc.operations())
        prefix = _common_prefix([op.path for op in spec_ops])
        # Every prefix of a path that ends at a "/": "does a path start with X/" is then one
        # set lookup, not a scan of every path per operation (1,533 x 965 on Cloudflare).
        path_prefixes = frozenset(op.path[: i + 1] for op in spec_ops for i, c in enumerate(op.path) if c == "/")
        for spec_op in spec_ops:
            self._add_operation(spec_op, prefix, path_prefixes)
        taken = set(self.registry.schemas) | {f"{n}Unknown" for n in self.registry.unions}
        taken |= set(self.params.classes)
        for resource in self._walk():
            _unshadow_builtins(resource)
            resource.polling = self._polling(resource)
            if _shadows(resource.class_name, taken):
                # never shadow a model of the same name, nor one called ``<Name>Resource``
                # (DigitalOcean has the models Tags and TagsResource beside /v2/tags)
                base = candidate = resource.class_name + "Resource"
                counter = 2
                while _shadows(candidate, taken) or candidate in self._class_names:
                    candidate, counter = f"{base}{counter}", counter + 1
                resource.class_name = candidate
        self._attach_webhooks()
        title = self.doc.title or "API"
        client_class = self.options.client_name or client_name(title)
        env_prefix = "".join(w.upper() for w in words(client_class)) or "API"
        resource_classes = {
            prefix + r.class_name + kind
            for r in self._walk()
            for prefix in ("", "Async")
            for kind in ("", "WithRawResponse", "WithStreamingResponse")
        }
        if client_class in taken or client_class in RESERVED_CLASS_NAMES or client_class in resource_classes:
            client_class += "Client"  # a title like "Stream" must not shadow what _client.py imports
        info = self.doc.get("/info") or {}
        auth_in, auth_name, auth_prefix = self._auth()
        return Sdk(
            auth_in=auth_in,
            auth_name=auth_name,
            auth_prefix=auth_prefix,
            package=self.options.package_name,
            source_label=self.options.source_label,
            title=text.clean(title),
            version=_package_version(info.get("version") if isinstance(info, dict) else None),
            package_version=self.options.package_version
            or _package_version(info.get("version") if isinstance(info, dict) else None),
            log_env=f"{env_prefix}_LOG",
            webhook_secret_env=f"{env_prefix}_WEBHOOK_SECRET",
            param_classes=self.params.ordered(),
            docstring=text.docstring(f"Typed Python client for {text.clean(title) or 'the API'}.", 0),
            base_url=self._base_url(),
            api_key_env=f"{env_prefix}_API_KEY",
            base_url_env=f"{env_prefix}_BASE_URL",
            client_class=client_class,
            async_client_class="Async" + client_class,
            error_model=self._error_model(spec_ops),
            resources=sorted(self.roots.values(), key=lambda r: r.attr),
            model_names=sorted(self.registry.schemas),
            notes=self.notes,
            operation_count=len(spec_ops),
            schema_count=len(self.registry.component_names),
        )

    def _walk(self) -> list[Resource]:
        found: list[Resource] = []
        stack = list(self.roots.values())
        while stack:
            resource = stack.pop()
            found.append(resource)
            stack.extend(resource.children)
        return found

    # -- resources ------------------------------------------------------------------
    def _resource(self, statics: list[str]) -> Resource:
        """The resource for a path's static segments, creating parents on the way."""
        statics = statics or ["default"]
        parent: Resource | None = None
        for depth in range(len(statics)):
            key = tuple(statics[: depth + 1])
            resource = self._by_key.get(key)
            if resource is None:
                allocator = self._root_names if parent is None else self._member_names(parent)
                resource = Resource(
                    attr=allocator.claim(snake(statics[depth]), ("_resource",)),
                    # Cloudflare has both ``indicator-feeds`` and ``indicator_feeds``
                    class_name=self._class_names.claim(pascal("-".join(key), "Resource"), ("Resource",)),
                    module=snake(statics[0]),
                )
                self._by_key[key] = resource
                if parent is None:
                    self.roots[resource.attr] = resource
                else:
                    parent.children.append(resource)
            parent = resource
        assert parent is not None
        return parent

    def _member_names(self, resource: Resource) -> NameAllocator:
        key = id(resource)
        if key not in self._members:
            self._members[key] = NameAllocator(_RESOURCE_RESERVED)
        return self._members[key]

    # -- one operation ------------------------------------------------------------------
    def _add_operation(self, spec_op: SpecOperation, prefix: int, path_prefixes: frozenset[str]) -> None:
        segments = [s for s in spec_op.path.split("/") if s][prefix:]
        while len(segments) > 1 and _VERSION_SEGMENT.fullmatch(segments[0]) and not _is_param(segments[1]):
            segments = segments[1:]  # /v2/droplets beside /v1/models (DigitalOcean): droplets, models
        statics = [s for s in segments if not _is_param(s)]
        is_item = bool(segments) and _is_param(segments[-1])
        action = None
        if (
            not is_item
            and len(segments) >= 2
            and spec_op.path.rstrip("/") + "/" not in path_prefixes
            and _only_posts(spec_op.path_item)
        ):
            action = snake(statics[-1])
            statics = statics[:-1]
        resource = self._resource(statics)
        names = self._member_names(resource)
        operation = self._operation(spec_op, action, is_item, names)
        operation = replace(
            operation,
            example=example_args(self.doc, spec_op, operation, required_only=False),
            example_required=example_args(self.doc, spec_op, operation, required_only=True),
        )
        resource.operations.append(operation)

    def _operation(self, spec_op: SpecOperation, action: str | None, is_item: bool, names: NameAllocator) -> Operation:
        node = spec_op.node
        op_id = node.get("operationId") if isinstance(node.get("operationId"), str) else None
        type_prefix = pascal(op_id) if op_id else pascal(f"{spec_op.method} {spec_op.path}")
        body_kind, body_hint, body_required, raw_form = self._body(spec_op, type_prefix)
        response_kind, response_hint, stream_hint, wraps = self._response(spec_op, type_prefix)
        terminal = self._stream_terminal(spec_op) if wraps else None
        args = NameAllocator(_METHOD_RESERVED)
        path_params, query_params, header_params, idempotent = self._params(spec_op, type_prefix, args)
        form_params = tuple(
            Param(args.claim(p.name, ("_",)), p.wire, p.hint, p.required, p.location, p.is_file, p.docstring)
            for p in raw_form
        )
        body_params: tuple[Param, ...] = ()
        overloads: tuple[Overload, ...] = ()
        if body_kind == "json":
            body_params, overloads = self._body_params(spec_op, args)
        stream_choice = False
        # A ``stream`` flag in a JSON or a multipart body (OpenAI's chat completions and
        # transcriptions) chooses between the JSON answer and the event stream.
        flagged = any(p.wire == "stream" for p in (*body_params, *form_params))
        if stream_hint is not None and not overloads and flagged:
            json_hint = self._json_alternative(spec_op, type_prefix)
            if json_hint is not None:
                stream_choice, response_kind, response_hint = True, "json", json_hint
        elif stream_hint is not None and not flagged:
            # An event stream beside another answer and nothing that asks for it (OpenAI's
            # speech: audio bytes unless ``stream_format="sse"``): the other answer, as the
            # Stainless SDKs do; the events stay readable through with_streaming_response.
            other = self._response(spec_op, type_prefix, sse=False)
            if other[0] != "none":
                response_kind, response_hint, stream_hint, wraps = other
                terminal = None
        pagination = self._pagination(spec_op, query_params, response_hint)
        listing = pagination is not None or self._is_list_response(spec_op)
        single_page = None
        page_info = self._page_info(spec_op, query_params, response_hint) if pagination is None else None
        if pagination is None and page_info is None and listing and spec_op.method == "get":
            single_page = self._single_page(spec_op, response_hint)
        wanted = action or _verb(spec_op.method, is_item, body_kind, listing)
        fallback = snake(op_id) if op_id else snake(f"{spec_op.method} {spec_op.path}")
        name = names.claim(wanted, ()) if wanted not in names else names.claim(fallback, ("_op",))
        summary = text.clean(node.get("summary"))
        description = text.clean(node.get("description"))
        parts = [p for p in (summary, description if description != summary else "") if p]
        described = [
            p for p in (*path_params, *query_params, *header_params, *form_params, *body_params) if p.docstring
        ]
        if described:
            parts.append("Args:\n" + "\n".join(f"  {p.name}: {_indent(p.docstring)}" for p in described))
        parts.append(spec_op.key)
        doc = "\n\n".join(parts)
        json_2xx = self._json_2xx(spec_op)
        return Operation(
            name=name,
            key=spec_op.key,
            method=spec_op.method,
            path_params=path_params,
            query_params=query_params,
            header_params=header_params,
            form_params=form_params,
            body_hint=body_hint,
            body_kind=body_kind,
            body_arg_hint=_body_arg(body_hint, body_kind, body_required),
            body_required=body_required,
            path_expr=_path_expr(spec_op.path, path_params),
            response_hint=response_hint,
            response_kind=response_kind,
            idempotent=idempotent or spec_op.method not in _SAFE_METHODS,
            docstring=text.docstring(doc),
            discriminator=next((p.name for p in overloads[-1].params if p.hint == "Unlisted"), "") if overloads else "",
            body_schema=self._body_schema(spec_op) if body_kind is not None else None,
            response_schema=json_2xx[2] if json_2xx else None,
            stream_schema=self._event_stream_schema(spec_op) if stream_hint is not None else None,
            pagination=pagination,
            stream_event_hint=stream_hint,
            stream_wraps_event=wraps,
            stream_terminal=terminal,
            deprecated=node.get("deprecated") is True,
            body_params=body_params,
            overloads=overloads,
            description="\n\n".join(p for p in (summary, description) if p),
            single_page=single_page,
            page_info=page_info,
            stream_choice=stream_choice,
            server=self._operation_server(spec_op),
            body_media=self._raw_body_media(spec_op) if body_kind == "bytes" else "",
        )

    def _json_alternative(self, spec_op: SpecOperation, type_prefix: str) -> str | None:
        """The JSON type of a 2xx that also declares text/event-stream."""
        found = self._json_2xx(spec_op)
        if found is None:
            return None
        code, media, schema = found
        where = jp.append(spec_op.pointer, "responses", code, "content", media, "schema")
        return self.registry.hint(schema, type_prefix + "Response", where)

    def _json_2xx(self, spec_op: SpecOperation) -> tuple[str, str, Any] | None:
        """The first JSON body among the 2xx responses: (code, media type, schema as written)."""
        responses = spec_op.node.get("responses")
        if not isinstance(responses, dict):
            return None
        for code in sorted(str(c) for c in responses if str(c).startswith("2")):
            response = self.doc.resolve(responses.get(code, responses.get(int(code) if code.isdigit() else code)))
            content = response.get("content") if isinstance(response, dict) else None
            if not isinstance(content, dict):
                continue
            for media, node in content.items():
                if _is_json(str(media)) and isinstance(node, dict):
                    return code, str(media), node.get("schema")
        return None

    def _event_stream_schema(self, spec_op: SpecOperation) -> Any:
        """The text/event-stream schema (as written) of the first response declaring one."""
        responses = spec_op.node.get("responses")
        for response in responses.values() if isinstance(responses, dict) else ():
            response = self.doc.resolve(response)
            content = response.get("content") if isinstance(response, dict) else None
            node = content.get("text/event-stream") if isinstance(content, dict) else None
            schema = node.get("schema") if isinstance(node, dict) else None
            if isinstance(self.doc.resolve(schema), dict):
                return schema
        return None

    # -- a JSON body as keyword arguments ---------------------------------------------------
    def _body_params(
        self, spec_op: SpecOperation, args: NameAllocator
    ) -> tuple[tuple[Param, ...], tuple[Overload, ...]]:
        schema = self._body_schema(spec_op)
        fields = self.params.object_fields(schema)
        if fields is not None:
            return tuple(self._body_param(f, args.claim(snake(f.wire), ("_",))) for f in fields[0]), ()
        variants = self._union_variants(schema)
        if variants is None:
            return (), ()
        prop, forms = variants
        names: dict[str, str] = {}
        hints: dict[str, list[str]] = {}
        for _, fields_of in forms:
            for f in fields_of:
                if f.wire not in names:
                    names[f.wire] = args.claim(snake(f.wire), ("_",))
                hints.setdefault(f.wire, []).append(f.hint)
        overloads = [
            Overload(tuple(self._body_param(f, names[f.wire]) for f in fields_of), tag, "") for tag, fields_of in forms
        ]
        open_params = []
        open_form = []
        for wire, name in names.items():
            seen = list(dict.fromkeys(hints[wire]))
            if wire == prop:
                hint = "str"
            elif len(seen) == 1 and len(hints[wire]) == len(forms):
                hint = seen[0]
            elif all(h.endswith("Param") or h.startswith("Mapping[") for h in seen):
                hint = "Mapping[str, object]"
            else:
                hint = "object"
            open_params.append(Param(name, wire, hint, wire == prop, "body"))
            # The open form, for a value added to the contract after this SDK was generated,
            # takes ``Unlisted("…")``: a plain ``str`` would also match a known value, so a
            # wrong field of a known form would fall through to it and type-check.
            open_form.append(Param(name, wire, "Unlisted" if wire == prop else hint, wire == prop, "body"))
        overloads.append(Overload(tuple(open_form), "", ""))
        return tuple(open_params), tuple(overloads)

    def _body_param(self, f: ParamField, name: str) -> Param:
        return Param(name, f.wire, f.hint, f.required, "body", docstring=f.docstring)

    def _body_schema(self, spec_op: SpecOperation) -> Any:
        body = self.doc.resolve(spec_op.node.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict):
            return None
        media = _pick_media(content)
        node = content.get(media) if media else None
        return node.get("schema") if isinstance(node, dict) else None

    def _union_variants(self, schema: Any) -> tuple[str, list[tuple[str, list[ParamField]]]] | None:
        """A discriminated union of objects: its property and (tag, fields) per variant."""
        resolved = self.doc.resolve(schema)
        if not isinstance(resolved, dict):
            return None
        variants = resolved.get("oneOf") or resolved.get("anyOf")
        discriminator = resolved.get("discriminator")
        if not isinstance(variants, list) or not variants or not isinstance(discriminator, dict):
            return None
        prop = discriminator.get("propertyName")
        if not isinstance(prop, str):
            return None
        mapping = discriminator.get("mapping")
        by_ref = {ref: tag for tag, ref in mapping.items() if isinstance(ref, str)} if isinstance(mapping, dict) else {}
        forms: list[tuple[str, list[ParamField]]] = []
        for variant in variants:
            fields = self.params.object_fields(variant)
            if fields is None:
                return None
            ref = variant.get("$ref") if isinstance(variant, dict) else None
            tag = by_ref.get(ref) if isinstance(ref, str) else None
            sub = self.doc.resolve(self.params.property_of(variant, prop))
            values = sub.get("enum") if isinstance(sub, dict) else None
            single = isinstance(values, list) and len(values) == 1
            if not isinstance(sub, dict) or not (isinstance(sub.get("const"), str) or single):
                # the tag is no one value in the variant (DigitalOcean's volume actions say enum
                # [attach, detach, ...], its domain records a plain string): overloads would overlap
                return None
            if tag is None:
                if isinstance(sub, dict) and isinstance(sub.get("const"), str):
                    tag = sub["const"]
                elif isinstance(values, list) and values:
                    tag = str(values[0])
            if tag is None or not any(f.wire == prop for f in fields[0]):
                return None
            forms.append((tag, fields[0]))
        return prop, forms

    # -- parameters ------------------------------------------------------------------------
    def _params(
        self, spec_op: SpecOperation, type_prefix: str, args: NameAllocator
    ) -> tuple[tuple[Param, ...], tuple[Param, ...], tuple[Param, ...], bool]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for source, where in ((spec_op.path_item, ""), (spec_op.node, spec_op.pointer)):
            raw = source.get("parameters")
            if not isinstance(raw, list):
                continue
            for index, item in enumerate(raw):
                param = self.doc.resolve(item)
                if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                    continue
                pointer = jp.append(where or spec_op.pointer.rsplit("/", 1)[0], "parameters", str(index))
                merged[(param["name"], str(param.get("in")))] = (param, pointer)
        found: dict[str, list[Param]] = {"path": [], "query": [], "header": []}
        idempotent = False
        path_order = _path_names(spec_op.path)
        for (wire, location), (param, pointer) in merged.items():
            if location == "header" and wire.lower() == _IDEMPOTENCY_HEADER:
                idempotent = True
                continue
            if location == "header" and wire.lower() in _IGNORED_HEADERS:
                continue  # OAS: "the parameter definition SHALL be ignored"; the SDK sets them
            if location not in found:
                self.notes.append(f"{spec_op.key}: {location} parameter {wire!r} is sent through extra_headers")
                continue
            required = location == "path" or param.get("required") is True
            hint = self.params.hint(param.get("schema"), type_prefix + pascal(wire, "Param"))
            if hint == "object":
                hint = self._param_hint(param.get("schema"), type_prefix + pascal(wire, "Param"), pointer)
            if not required:
                hint = _optional(hint)
            found[location].append(
                Param(
                    name=args.claim(snake(wire), ("_",)),
                    wire=wire,
                    hint=hint,
                    required=required,
                    location=location,
                    docstring=text.clean(param.get("description")),
                    schema=param.get("schema"),
                    style=str(param.get("style") or ""),
                )
            )
        found["path"].sort(key=lambda p: path_order.index(p.wire) if p.wire in path_order else 99)
        for wire in path_order:  # a path parameter the spec forgot to declare
            if not any(p.wire == wire for p in found["path"]):
                self.notes.append(f"{spec_op.key}: path parameter {wire!r} is not declared; typed str")
                found["path"].append(Param(args.claim(snake(wire), ("_",)), wire, "str", True, "path"))
        found["query"].sort(key=lambda p: not p.required)
        found["header"].sort(key=lambda p: not p.required)
        return tuple(found["path"]), tuple(found["query"]), tuple(found["header"]), idempotent

    def _param_hint(self, schema: Any, name_hint: str, pointer: str) -> str:
        resolved = self.doc.resolve(schema)
        if isinstance(resolved, dict) and not self.registry._needs_class(resolved):
            plain = {k: v for k, v in resolved.items() if k in ("type", "items", "nullable", "format")}
            items = self.doc.resolve(plain.get("items"))
            if isinstance(items, dict):
                plain["items"] = {k: v for k, v in items.items() if k in ("type", "nullable", "format")}
            return self.registry.hint(plain, name_hint, pointer)
        return self.registry.hint(schema, name_hint, pointer)

    # -- bodies ------------------------------------------------------------------------------
    def _body(self, spec_op: SpecOperation, type_prefix: str) -> tuple[str | None, str | None, bool, list[Param]]:
        body = self.doc.resolve(spec_op.node.get("requestBody"))
        if not isinstance(body, dict) or not isinstance(body.get("content"), dict):
            return None, None, False, []
        required = body.get("required") is True
        content: dict[str, Any] = body["content"]
        pointer = jp.append(spec_op.pointer, "requestBody", "content")
        media = _pick_media(content)
        if media is None:
            return None, None, False, []
        schema = content[media].get("schema") if isinstance(content[media], dict) else None
        where = jp.append(pointer, media, "schema")
        if _is_json(media):
            return "json", self.registry.hint(schema, type_prefix + "Body", where), required, []
        if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
            kind = "multipart" if media == "multipart/form-data" else "urlencoded"
            return kind, None, required, self._form_params(schema, type_prefix, where, kind == "multipart")
        return "bytes", "bytes", required, []

    def _raw_body_media(self, spec_op: SpecOperation) -> str:
        """The media type a raw body is sent as (``application/octet-stream``, ``image/png``)."""
        body = self.doc.resolve(spec_op.node.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        media = _pick_media(content) if isinstance(content, dict) else None
        return media if media and "*" not in media else "application/octet-stream"

    def _auth(self) -> tuple[str, str, str]:
        """(where, name, prefix) of the API key: the first scheme the document's ``security``
        names (else the first declared) — an apiKey in a header, the query or a cookie
        (Petstore's ``api_key``, PagerDuty's and Discord's ``Authorization``), else
        ``Authorization: Basic`` for http basic with no bearer alternative (Twilio: the key is
        ``user:password``), else
        ``Authorization: Bearer`` (http bearer, OAuth2, OpenID Connect)."""
        schemes = self.doc.get("/components/securitySchemes")
        if not isinstance(schemes, dict) or not schemes:
            return "header", "Authorization", "Bearer "
        order: list[str] = []
        security = self.doc.get("/security")
        for requirement in security if isinstance(security, list) else []:
            if isinstance(requirement, dict):
                order += [name for name in requirement if name in schemes and name not in order]
        order += [name for name in schemes if name not in order]
        scheme = self.doc.resolve(schemes[order[0]])
        if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and isinstance(scheme.get("name"), str):
            where = scheme.get("in")
            if where in ("header", "query", "cookie"):
                return str(where), scheme["name"], ""
        if isinstance(scheme, dict) and scheme.get("type") == "http" and str(scheme.get("scheme")).lower() == "basic":
            # Stripe offers basic and bearer for the same key: a token goes as Bearer
            others = [self.doc.resolve(schemes[name]) for name in order[1:]]
            if not any(_bearer(other) for other in others):
                return "header", "Authorization", "Basic "
        return "header", "Authorization", "Bearer "

    def _form_params(self, schema: Any, type_prefix: str, pointer: str, multipart: bool = False) -> list[Param]:
        resolved = self.doc.resolve(schema)
        props = resolved.get("properties") if isinstance(resolved, dict) else None
        if not isinstance(props, dict):
            return []
        required = set(resolved.get("required") or [])
        params = []
        for wire, sub in props.items():
            sub_resolved = self.doc.resolve(sub)
            # Stripe's upload declares its ``file`` part a plain string: a file all the same
            node = sub_resolved if isinstance(sub_resolved, dict) else {}
            plain = node.get("type") == "string" and "format" not in node
            is_file = isinstance(sub_resolved, dict) and (
                sub_resolved.get("format") == "binary"
                or "contentMediaType" in sub_resolved
                or (multipart and wire == "file" and plain)
            )
            hint = "FileTypes" if is_file else self.params.hint(sub, type_prefix + pascal(wire) + "Param", files=True)
            is_required = wire in required
            params.append(
                Param(
                    name=snake(wire),
                    wire=wire,
                    hint=hint if is_required else _optional(hint),
                    required=is_required,
                    location="form",
                    is_file=is_file,
                    docstring=text.clean(sub_resolved.get("description") if isinstance(sub_resolved, dict) else ""),
                )
            )
        params.sort(key=lambda p: not p.required)
        return params

    # -- responses ---------------------------------------------------------------------------
    def _response(
        self, spec_op: SpecOperation, type_prefix: str, *, sse: bool = True
    ) -> tuple[str, str, str | None, bool]:
        responses = spec_op.node.get("responses")
        if not isinstance(responses, dict):
            return "none", "None", None, False
        codes = sorted(str(c) for c in responses if str(c).startswith("2"))
        if not codes:
            return "none", "None", None, False
        code = codes[0]
        response = self.doc.resolve(responses.get(code, responses.get(int(code) if code.isdigit() else code)))
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict) or not content:
            return "none", "None", None, False
        pointer = jp.append(spec_op.pointer, "responses", code, "content")
        if not sse:  # the answer beside the event stream
            content = {m: n for m, n in content.items() if m != "text/event-stream"}
            if not content:
                return "none", "None", None, False
        elif "text/event-stream" in content:
            media_node = content["text/event-stream"]
            schema = media_node.get("schema") if isinstance(media_node, dict) else None
            hint = self.registry.hint(schema, type_prefix + "Event", jp.append(pointer, "text/event-stream", "schema"))
            return "stream", f"Stream[{hint}]", hint, self._wraps_event(schema)
        media = _pick_media(content) or next(iter(content))
        media_node = content[media]
        schema = media_node.get("schema") if isinstance(media_node, dict) else None
        where = jp.append(pointer, media, "schema")
        if _is_json(media):
            return "json", self.registry.hint(schema, type_prefix + "Response", where), None, False
        if media.startswith("text/"):
            return "text", "str", None, False
        return "bytes", "bytes", None, False

    def _wraps_event(self, schema: Any) -> bool:
        resolved = self.doc.resolve(schema)
        if not isinstance(resolved, dict):
            return False
        variants = resolved.get("oneOf") or resolved.get("anyOf") or [resolved]
        first = self.doc.resolve(variants[0]) if isinstance(variants, list) and variants else None
        props = first.get("properties") if isinstance(first, dict) else None
        return isinstance(props, dict) and "event" in props and "data" in props

    def _stream_terminal(self, spec_op: SpecOperation) -> str | None:
        """``done`` when the event union declares a ``done`` event: the stream must end with it."""
        schema = self.doc.resolve(self._event_stream_schema(spec_op))
        if not isinstance(schema, dict):
            return None
        for variant in schema.get("oneOf") or schema.get("anyOf") or []:
            props = (self.doc.resolve(variant) or {}).get("properties") or {}
            event = self.doc.resolve(props.get("event")) if isinstance(props, dict) else None
            if isinstance(event, dict) and event.get("const") == "done":
                return "done"
        return None

    # -- Rivya extras ------------------------------------------------------------------------
    def _pagination(self, spec_op: SpecOperation, query: tuple[Param, ...], response_hint: str) -> Pagination | None:
        if spec_op.method != "get":
            return None
        wires = {p.wire: p for p in query}
        if "limit" not in wires or "after" not in wires:
            return None
        schema = self._response_schema(spec_op)
        props = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(props, dict) or not {"data", "has_more", "next_cursor"} <= set(props):
            return None
        data = self.doc.resolve(props["data"])
        if not isinstance(data, dict) or data.get("type") != "array":
            return None
        item_hint = self.registry.hint(data.get("items"), pascal(response_hint, "Response") + "Item", spec_op.pointer)
        return Pagination(item_hint=item_hint, limit_param=wires["limit"].name, cursor_wire="after")

    def _page_info(self, spec_op: SpecOperation, query: tuple[Param, ...], response_hint: str) -> Pagination | None:
        """Stripe's starting_after, OpenAI's after/last_id, page tokens and markers, offsets,
        a next-page URL in the body, Link headers."""
        if spec_op.method != "get":
            return None
        wires = {p.wire for p in query}
        limit = next((p.name for p in query if p.wire in _LIMIT_PARAMS), "")
        schema = self._response_schema(spec_op)
        if (
            isinstance(schema, dict)
            and schema.get("type") == "array"
            and "page" in wires
            and self._declares_link(spec_op)
        ):
            item_hint = self.registry.hint(
                schema.get("items"), pascal(response_hint, "Response") + "Item", spec_op.pointer
            )
            return Pagination(item_hint, limit, "page", style="link", next_field="", items_field="")
        props = self._object_properties(schema)
        items_field = _items_field(props, self.doc.resolve)
        if items_field is None:
            return None
        data = self.doc.resolve(props[items_field])
        item_hint = self.registry.hint(data.get("items"), pascal(response_hint, "Response") + "Item", spec_op.pointer)
        for wire in sorted(wires - _LIMIT_PARAMS):
            # marker -> next_marker (Box), page -> next_page (Stripe's search), page_token or
            # pageToken -> next_page_token or nextPageToken
            for field_name in dict.fromkeys((f"next_{snake(wire)}", "next" + pascal(wire), f"next_{wire}")):
                if field_name in props:
                    return Pagination(item_hint, limit, wire, "field", field_name, items_field)
        if "offset" in wires and "offset" in props:
            # PagerDuty's ``more``, Box's ``total_count``: the next offset is this one plus the items
            flag = next((f for f in ("more", "has_more", "total_count", "total") if f in props), None)
            if flag is not None:
                return Pagination(item_hint, limit, "offset", "offset", flag, items_field)
        next_url = self._next_url_field(props)
        if next_url is not None and wires & _PAGE_PARAMS:
            # DigitalOcean's links.pages.next, Django REST's next: the next page's URL
            return Pagination(item_hint, limit, "", "url", next_url, items_field)
        if "has_more" not in props or items_field != "data":
            return None
        if "starting_after" in wires:
            return Pagination(item_hint, limit, "starting_after", style="last_item", next_field="id")
        if "after" in wires:
            if "last_id" in props:
                return Pagination(item_hint, limit, "after", style="field", next_field="last_id")
            return Pagination(item_hint, limit, "after", style="last_item", next_field="id")
        return None

    def _object_properties(self, schema: Any, depth: int = 0, *, unions: bool = False) -> dict[str, Any]:
        """The properties of an object schema, its ``allOf`` parts' included (PagerDuty's
        lists are ``allOf: [Pagination, {incidents: [...]}]``); with ``unions``, its
        ``anyOf``/``oneOf`` variants' too (DigitalOcean's ``pages: anyOf [forward, backward]``)."""
        schema = self.doc.resolve(schema)
        if not isinstance(schema, dict) or depth > 8:
            return {}
        found: dict[str, Any] = {}
        for key in ("allOf", "anyOf", "oneOf") if unions else ("allOf",):
            parts = schema.get(key)
            for part in parts if isinstance(parts, list) else []:
                found.update(self._object_properties(part, depth + 1, unions=unions))
        found.update(property_map(self.doc, schema.get("properties")))
        return found

    def _next_url_field(self, props: dict[str, Any], prefix: str = "", depth: int = 0) -> str | None:
        """``next``, ``links.next``, ``links.pages.next``, ``paging.next``: a string, the next page's URL."""
        for name, sub in props.items():
            resolved = self.doc.resolve(sub)
            if not isinstance(resolved, dict):
                continue
            if name == "next" and _admits_string(resolved):
                return prefix + name
            if name.lstrip("_") in ("links", "pages", "paging", "pagination") and depth < 2:
                nested = self._object_properties(resolved, unions=True)
                found = self._next_url_field(nested, f"{prefix}{name}.", depth + 1)
                if found is not None:
                    return found
        return None

    def _declares_link(self, spec_op: SpecOperation) -> bool:
        responses = spec_op.node.get("responses") or {}
        for code in (c for c in responses if str(c).startswith("2")):
            response = self.doc.resolve(responses[code])
            headers = response.get("headers") if isinstance(response, dict) else None
            if isinstance(headers, dict) and any(str(h).lower() == "link" for h in headers):
                return True
        return False

    def _single_page(self, spec_op: SpecOperation, response_hint: str) -> Pagination | None:
        """A list without a cursor (``{data: [...]}``): still a page, iterating yields the items."""
        schema = self._response_schema(spec_op)
        props = schema.get("properties") if isinstance(schema, dict) else None
        data = self.doc.resolve(props.get("data")) if isinstance(props, dict) else None
        if not isinstance(data, dict) or data.get("type") != "array":
            return None
        item_hint = self.registry.hint(data.get("items"), pascal(response_hint, "Response") + "Item", spec_op.pointer)
        return Pagination(item_hint=item_hint, limit_param="", cursor_wire="", style="single")

    def _is_list_response(self, spec_op: SpecOperation) -> bool:
        """An array (Discord's ``type: [array, null]`` too), or an object whose items are its
        ``data`` or its one array property."""
        schema = self._response_schema(spec_op)
        if _is_array(schema):
            return True
        statics = [s for s in spec_op.path.split("/") if s and not _is_param(s)]
        resource = statics[-1] if statics else ""
        return _items_field(self._object_properties(schema), self.doc.resolve, resource) is not None

    def _response_schema(self, spec_op: SpecOperation) -> Any:
        found = self._json_2xx(spec_op)
        return self.doc.resolve(found[2]) if found else None

    def _polling(self, resource: Resource) -> Polling | None:
        by_name = {op.name: op for op in resource.operations}
        retrieve = by_name.get("retrieve")
        if retrieve is None or len(retrieve.path_params) != 1 or retrieve.response_kind != "json":
            return None
        class_name = retrieve.response_hint
        schema = self.registry.schemas.get(class_name)
        props = schema.get("properties") if isinstance(schema, dict) else None
        status = props.get("status") if isinstance(props, dict) else None
        if not isinstance(status, dict) or not isinstance(props, dict) or "id" not in props:
            return None
        ref = status.get("$ref", "")
        status_schema = self.registry.schemas.get(ref[len(COMPONENT_PREFIX) :], status)
        values = status_schema.get("enum") if isinstance(status_schema, dict) else None
        if not isinstance(values, list):
            return None
        terminal = self._terminal(ref[len(COMPONENT_PREFIX) :], values)
        if not terminal:
            return None
        create = by_name.get("create")
        if create is not None and (
            create.response_hint != class_name
            or create.body_kind != "json"  # create_and_wait(body) passes one JSON body (not Stripe's forms)
            or create.stream_choice  # a create that may stream (OpenAI's responses): wait() only
            or any(p.required for p in create.path_params + create.query_params + create.header_params)
        ):
            create = None
        return Polling(
            retrieve="retrieve",
            create=create.name if create else None,
            id_param=retrieve.path_params[0].name,
            result_hint=class_name,
            terminal=terminal,
            create_body_arg_hint=create.body_arg_hint if create else None,
            create_idempotent=create.idempotent if create else False,
        )

    def _terminal(self, class_name: str, values: list[Any]) -> tuple[str, ...]:
        origin = self.registry.origins.get(class_name)
        declared = self.doc.get(origin + "/x-rivya-terminal") if origin else None
        if isinstance(declared, list) and all(isinstance(v, str) for v in declared):
            return tuple(declared)
        return tuple(v for v in values if v in _TERMINAL_GUESS)

    def _attach_webhooks(self) -> None:
        hooks = self.doc.get("/webhooks")
        if not isinstance(hooks, dict):
            return
        for name, item in hooks.items():
            item = self.doc.resolve(item)
            post = item.get("post") if isinstance(item, dict) else None
            if not isinstance(post, dict):
                continue
            headers = [self.doc.resolve(p) for p in post.get("parameters") or []]
            names = [h.get("name") for h in headers if isinstance(h, dict) and h.get("in") == "header"]
            signature = next((n for n in names if isinstance(n, str) and n.lower().endswith("signature")), None)
            timestamp = next((n for n in names if isinstance(n, str) and n.lower().endswith("timestamp")), None)
            if signature is None or timestamp is None:
                continue
            body = self.doc.resolve(post.get("requestBody"))
            content = body.get("content") if isinstance(body, dict) else None
            schema = None
            if isinstance(content, dict):
                media = _pick_media(content)
                if media and isinstance(content[media], dict):
                    schema = content[media].get("schema")
            pointer = jp.join("webhooks", name, "post", "requestBody")
            event_hint = self.registry.hint(schema, "WebhookEvent", pointer) if schema else "dict[str, Any]"
            resource = next((r for r in self.roots.values() if r.attr == "webhooks"), None)
            if resource is None:
                resource = self._resource(["webhooks"])
            resource.webhooks = WebhookVerify(signature, timestamp, event_hint, 300, event_schema=schema)
            return

    def _operation_server(self, spec_op: SpecOperation) -> str:
        """An absolute server URL the operation (or its path) declares instead of the document's."""
        for source in (spec_op.node, spec_op.path_item):
            servers = source.get("servers")
            if isinstance(servers, list) and servers and isinstance(servers[0], dict):
                url = servers[0].get("url")
                if isinstance(url, str) and url.startswith(("http://", "https://")):
                    return "" if url.rstrip("/") == self._base_url() else url.rstrip("/")
        return ""

    def _base_url(self) -> str:
        servers = self.doc.get("/servers")
        if isinstance(servers, list) and servers and isinstance(servers[0], dict):
            url = servers[0].get("url")
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                return url.rstrip("/")
        return "http://localhost"

    def _error_model(self, spec_ops: list[SpecOperation]) -> str | None:
        counts: Counter[str] = Counter()
        for spec_op in spec_ops:
            responses = spec_op.node.get("responses")
            if not isinstance(responses, dict):
                continue
            for code, response in responses.items():
                if not (str(code)[0] in "45" or code == "default"):
                    continue
                response = self.doc.resolve(response)
                content = response.get("content") if isinstance(response, dict) else None
                if not isinstance(content, dict):
                    continue
                for media, node in content.items():
                    ref = (
                        node.get("schema", {}).get("$ref")
                        if isinstance(node, dict) and isinstance(node.get("schema"), dict)
                        else None
                    )
                    if _is_json(media) and isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
                        name = jp.split(ref[1:])[-1]
                        if name in self.registry.component_names:
                            counts[self.registry.component_names[name]] += 1
        if not counts:
            return None
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


# A leading path segment that names a version of the API (or the API itself), not a resource.
_VERSION_SEGMENT = re.compile(r"v[0-9]+(\.[0-9]+)*|api", re.IGNORECASE)
_LIMIT_PARAMS = frozenset({"limit", "per_page", "page_size", "pageSize", "perPage", "max_results", "maxResults"})
_PAGE_PARAMS = frozenset({"page", "per_page", "perPage", "page_size", "pageSize", "limit", "offset", "cursor"})


def _shadows(class_name: str, taken: set[str]) -> bool:
    """Would a resource class (or its async / raw / streaming twin) take a model's name?"""
    twins = (class_name, f"Async{class_name}")
    return any(t + kind in taken for t in twins for kind in ("", "WithRawResponse", "WithStreamingResponse"))


def _items_field(props: dict[str, Any], resolve: Callable[[Any], Any], resource: str | None = None) -> str | None:
    """Where a list response keeps its items: ``data``, else its only array property
    (PagerDuty's ``incidents``, Box's ``entries``, DigitalOcean's ``droplets``). With
    ``resource`` (no pagination to go by), that array must be named like a list
    (``items``, ``results``...) or after the resource (``/v2/droplets`` -> ``droplets``)."""
    arrays = [name for name, sub in props.items() if _is_array(resolve(sub))]
    if "data" in arrays:
        return "data"
    # Box's folder items: ``entries`` beside ``order`` (a list of sort orders)
    named = [a for a in arrays if a in _LIST_FIELDS or (resource is not None and snake(a) == snake(resource))]
    if len(named) == 1:
        return named[0]
    return arrays[0] if len(arrays) == 1 and resource is None else None


_LIST_FIELDS = frozenset({"items", "results", "result", "entries", "records", "values", "elements", "list"})


def _is_array(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    return kinds == "array" or (isinstance(kinds, list) and "array" in kinds and "object" not in kinds)


def _admits_string(schema: dict[str, Any]) -> bool:
    kinds = schema.get("type")
    return kinds == "string" or (isinstance(kinds, list) and "string" in kinds)


# Header parameters OpenAPI says to ignore (the client sets them: media types, auth).
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_GENERIC_TITLE_WORDS = frozenset(
    {
        "api",
        "apis",
        "rest",
        "restful",
        "http",
        "https",
        "openapi",
        "swagger",
        "service",
        "services",
        "spec",
        "specification",
        "public",
        "official",
    }
)
# ``(Preview)``, ``[beta]``; then a subtitle after `` - ``, ``: `` or `` | ``
_TITLE_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_TITLE_SUBTITLE = re.compile(r"\s[-\u2013\u2014|+]\s|:\s")
_TITLE_VERSION = re.compile(r"v?[0-9]+(\.[0-9]+)*[a-z]*", re.IGNORECASE)


def client_name(title: str) -> str:
    """The client class a document's title names: ``Stripe API`` -> Stripe, ``OpenAI API`` ->
    OpenAI, ``Swagger Petstore - OpenAPI 3.0`` -> Petstore, ``Discord HTTP API (Preview)`` -> Discord."""
    kept: list[str] = []
    for part in _TITLE_SUBTITLE.split(_TITLE_ASIDE.sub(" ", title)):
        tokens = [re.sub(r"['\u2019]s$", "", t).strip(".,;!?'\"") for t in part.split()]
        tokens = [t for t in tokens if t.lower() not in _GENERIC_TITLE_WORDS and not _TITLE_VERSION.fullmatch(t)]
        kept = [w for t in tokens for w in words(t) if w.lower() not in _GENERIC_TITLE_WORDS and not w.isdigit()]
        if kept:
            break
    name = "".join(w[:1].upper() + w[1:] for w in kept)
    if not name or not name.isidentifier() or name[0].isdigit():
        return "Client"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name):
        return name + "Client"  # a title "true" / "None" / "Exception": no class may take that name
    return name


def default_package(title: str) -> str:
    """``Stripe API`` -> stripe_sdk; the package ``generate`` writes when --package-name is not given."""
    return "".join(w.lower() for w in words(client_name(title))) + "_sdk"


def build_sdk(doc: Document, registry: SchemaRegistry, options: GenerateOptions) -> Sdk:
    return ClientBuilder(doc, registry, options).build()


# -- small helpers ------------------------------------------------------------------------
_BUILTIN_TYPES = ("list", "dict", "str", "int", "float", "bool", "bytes", "type", "set")


def _unshadow_builtins(resource: Resource) -> None:
    """A method called ``list`` hides the builtin in its class: write ``builtins.list``."""
    shadowed = {op.name for op in resource.operations} & set(_BUILTIN_TYPES)
    if not shadowed:
        return
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(shadowed)) + r")\b")

    def fix(hint: str | None) -> str | None:
        return pattern.sub(r"builtins.\1", hint) if hint else hint

    def fix_param(param: Param) -> Param:
        return replace(param, hint=fix(param.hint) or param.hint)

    fixed = []
    for op in resource.operations:
        fixed.append(
            replace(
                op,
                path_params=tuple(fix_param(p) for p in op.path_params),
                query_params=tuple(fix_param(p) for p in op.query_params),
                header_params=tuple(fix_param(p) for p in op.header_params),
                form_params=tuple(fix_param(p) for p in op.form_params),
                body_arg_hint=fix(op.body_arg_hint),
                response_hint=fix(op.response_hint) or op.response_hint,
                stream_event_hint=fix(op.stream_event_hint),
                pagination=replace(op.pagination, item_hint=fix(op.pagination.item_hint) or "")
                if op.pagination
                else None,
                single_page=replace(op.single_page, item_hint=fix(op.single_page.item_hint) or "")
                if op.single_page
                else None,
                page_info=replace(op.page_info, item_hint=fix(op.page_info.item_hint) or "") if op.page_info else None,
            )
        )
    resource.operations = fixed


def _indent(value: str) -> str:
    return value.replace("\n", "\n    ")


def _package_version(value: object) -> str:
    """The contract's version when it is a valid package version, else 0.0.0."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]+(\.[0-9]+){0,3}((a|b|rc)[0-9]+)?", value):
        return value
    return "0.0.0"


_TEMPLATE_PARAM = re.compile(r"\{([^{}/]+)\}")


def _is_param(segment: str) -> bool:
    """A segment holding a parameter: ``{id}``, also GitHub's ``{base}...{head}``."""
    return _TEMPLATE_PARAM.search(segment) is not None


def _path_names(path: str) -> list[str]:
    return _TEMPLATE_PARAM.findall(path)


def _common_prefix(paths: list[str]) -> int:
    """How many leading static segments every path shares (``/api/v1`` -> 2)."""
    split = [[s for s in p.split("/") if s] for p in paths]
    if len(split) < 2:
        return 0
    count = 0
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1 or _is_param(parts[0]):
            break
        count += 1
    # never eat a path completely: /api/v1/models must keep "models"
    return min(count, min(len(s) for s in split) - 1) if split else 0


def _only_posts(path_item: dict[str, Any]) -> bool:
    methods = [m for m in ("get", "put", "post", "delete", "patch") if m in path_item]
    return methods == ["post"]


def _verb(method: str, is_item: bool, body_kind: str | None, paginated: bool) -> str:
    if is_item:
        verbs = {"get": "retrieve", "put": "update", "patch": "update", "post": "update", "delete": "delete"}
        return verbs.get(method, method)
    if method == "get":
        return "list" if paginated else "retrieve"
    if method == "post":
        return "upload" if body_kind == "multipart" else "create"
    return {"put": "update", "patch": "update", "delete": "delete"}.get(method, method)


def _pick_media(content: dict[str, Any]) -> str | None:
    for media in content:
        if _is_json(media):
            return media
    for media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if media in content:
            return media
    return next(iter(content), None)


def _is_json(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"


def _body_arg(hint: str | None, kind: str | None, required: bool) -> str | None:
    """A JSON body may be given as the model or as a plain dict of wire names."""
    if hint is None:
        return None
    if kind == "json" and hint != "Any" and not hint.startswith(("dict[", "list[")):
        hint = f"{hint} | dict[str, Any]"
    return hint if required else _optional(hint)


def _optional(hint: str) -> str:
    if hint == "Any" or hint.endswith("| None") or hint == "None":
        return hint
    return f"{hint} | None"


def _path_expr(path: str, params: tuple[Param, ...]) -> str:
    """A Python expression for the URL path: literals via repr, parameters escaped."""
    by_wire = {p.wire: p.name for p in params}
    parts: list[str] = []
    literal = ""
    for piece in _split_template(path):
        if piece.startswith("{") and piece.endswith("}") and piece[1:-1] in by_wire:
            if literal:
                parts.append(text.literal(literal))
                literal = ""
            parts.append(f"quote_path({by_wire[piece[1:-1]]})")
        else:
            literal += piece
    if literal:
        parts.append(text.literal(literal))
    return " + ".join(parts) if parts else "''"


def _split_template(path: str) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in path:
        if char == "{":
            if current:
                pieces.append(current)
            current = "{"
        elif char == "}" and current.startswith("{"):
            pieces.append(current + "}")
            current = ""
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _bearer(scheme: Any) -> bool:
    """A security scheme that sends a token as ``Authorization: Bearer``."""
    if not isinstance(scheme, dict):
        return False
    kind = scheme.get("type")
    return kind in ("oauth2", "openIdConnect") or (kind == "http" and str(scheme.get("scheme")).lower() == "bearer")
