"""The TypeScript SDK: the Python SDK's IR (resources, methods, pages, polling, SSE,
webhooks) lowered to TypeScript, rendered from templates/typescript, formatted by prettier.

The resource tree and every method name come from ``client.build_sdk`` (so both SDKs say
``client.generations.create``); the types come from the schemas (``typescript_types``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from rivya_contract.document import Document
from rivya_contract.document import Operation as SpecOperation
from rivya_contract.errors import SourceError
from rivya_contract.generator import text
from rivya_contract.generator.client import build_sdk
from rivya_contract.generator.ir import Operation, Resource, Sdk
from rivya_contract.generator.naming import NameAllocator, words
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.schemas import SchemaRegistry
from rivya_contract.generator.typescript_tooling import format_typescript
from rivya_contract.generator.typescript_types import Side, TypeWriter, js_string, jsdoc

TS_TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "typescript"
_NPM_NAME = re.compile(r"^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$")
_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
# Reserved words and names a method uses for its own arguments.
_KEYWORDS = """
break case catch class const continue debugger default delete do else enum export extends false finally for
function if import in instanceof new null return super switch this throw true try typeof var void while with
yield let static implements interface package private protected public await arguments eval
"""
_TS_RESERVED = frozenset(re.findall(r"\w+", _KEYWORDS))
_ARG_RESERVED = _TS_RESERVED | {"body", "query", "options", "T", "page", "response"}
# What APIClient itself has: a resource attribute must not replace it.
_CLIENT_RESERVED = frozenset(
    {"constructor", "baseURL", "maxRetries", "timeout", "apiKey", "fetchImpl", "defaultHeaders", "authHeaders"}
    | {"buildURL", "headers", "send", "statusError", "request", "requestPage", "requestStream"}
)
_MEMBER_RESERVED = frozenset({"constructor", "_client", "wait", "createAndWait", "verify", "unwrap"})
STATIC_FILES = ("core.ts", "pagination.ts", "streaming.ts", "uploads.ts")


@dataclass(frozen=True)
class TsMethod:
    name: str
    doc: str  # a JSDoc block, "" when none
    signature: str  # the parameter list
    returns: str
    body: str  # the statement(s) inside the braces
    key: str  # GET /api/v1/models


@dataclass(frozen=True)
class TsPolling:
    retrieve: str
    create: str | None
    create_body_type: str | None
    result_type: str
    terminal: tuple[str, ...]
    id_type: str
    retrieve_path: str  # the retrieve path with ``id`` in it


@dataclass(frozen=True)
class TsResource:
    class_name: str
    access: str  # client.chat.completions
    methods: tuple[TsMethod, ...]
    children: tuple[tuple[str, str], ...]  # (attribute, class name)
    polling: TsPolling | None
    webhooks: bool


@dataclass(frozen=True)
class TsModule:
    name: str  # file under src/resources/ (no extension)
    resources: tuple[TsResource, ...]
    uses_page: bool
    uses_stream: bool
    uses_path: bool  # a method escapes a path parameter


@dataclass(frozen=True)
class TsHook:
    signature_header: str
    timestamp_header: str
    event_type: str
    tolerance_seconds: int


@dataclass(frozen=True)
class TsSdk:
    package: str
    version: str
    title: str
    description: str
    source_label: str
    client_class: str
    api_key_env: str
    base_url_env: str
    base_url: str
    error_type: str | None
    roots: tuple[tuple[str, str, str], ...]  # (attribute, class, module)
    modules: tuple[TsModule, ...]
    hook: TsHook | None
    operation_count: int
    schema_count: int
    example_page: str | None  # README: a paginated list without required arguments
    example_call: str | None  # README: a call without required arguments


@dataclass
class TsGenerated:
    files: dict[str, bytes]
    sdk: TsSdk
    notes: list[str]


def generate_typescript(doc: Document, options: GenerateOptions, *, format_output: bool | None = None) -> TsGenerated:
    """The TypeScript package in memory: {relative path: bytes}."""
    package = options.package_name.replace("_", "-")
    if not _NPM_NAME.match(package) or len(package) > 214:
        raise SourceError(options.package_name, "a package name must be a valid npm name (lower case, - . _ ~)")
    registry = SchemaRegistry.from_document(doc)
    sdk = build_sdk(doc, registry, options)
    first = _Lowering(doc, sdk, TypeWriter.for_document(doc), package)
    first.lower()
    second = _Lowering(doc, sdk, TypeWriter.for_document(doc, first.types.used_on_both_sides()), package)
    ts_sdk, types_source = second.lower()
    # the same bytes whatever the source file is called (as the Python SDK's header)
    header = "// generated by rivya-contract — do not edit"
    env = _environment()
    context: dict[str, object] = {"ts": ts_sdk, "header": header}
    files: dict[str, str] = {}
    for name in STATIC_FILES:
        files[f"src/{name}"] = header + "\n" + (TS_TEMPLATES / "src" / name).read_text("utf-8")
    files["src/error.ts"] = _render(env, "src/error.ts.jinja", context)
    if ts_sdk.hook is not None:
        files["src/webhooks.ts"] = _render(env, "src/webhooks.ts.jinja", {**context, "hook": ts_sdk.hook})
    files["src/types.ts"] = header + "\n" + types_source
    for module in ts_sdk.modules:
        module_context = {**context, "module": module}
        files[f"src/resources/{module.name}.ts"] = _render(env, "src/resources/module.ts.jinja", module_context)
    files["src/client.ts"] = _render(env, "src/client.ts.jinja", context)
    files["src/index.ts"] = _render(env, "src/index.ts.jinja", context)
    files["test/offline.test.js"] = _render(env, "test/offline.test.js.jinja", context)
    files["package.json"] = _render(env, "package.json.jinja", context)
    files["tsconfig.json"] = _render(env, "tsconfig.json.jinja", context)
    files[".prettierrc.json"] = (TS_TEMPLATES / "prettierrc.json").read_text("utf-8")
    files["README.md"] = _render(env, "README.md.jinja", context)
    encoded = {path: content.encode("utf-8") for path, content in sorted(files.items())}
    if options.format_output if format_output is None else format_output:
        encoded = format_typescript(encoded)
    return TsGenerated(encoded, ts_sdk, list(sdk.notes) + second.notes)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TS_TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # we write TypeScript; values come in as literals or names
    )
    env.filters["js"] = js_string
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["md"] = lambda value: text.clean(value).replace("`", "'")
    # spec text inside a /** */ comment, which the text must not be able to end
    env.filters["comment"] = lambda value: " ".join(text.clean(value).split()).replace("*/", "*\\/")
    return env


def _render(env: jinja2.Environment, name: str, context: dict[str, object]) -> str:
    try:
        rendered = env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise SourceError(name, f"template error: {exc}") from None
    return rendered.rstrip("\n") + "\n"


def camel(name: str, fallback: str = "value") -> str:
    parts = [p.lower() for p in words(name)] or [fallback]
    result = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
    if result[0].isdigit():
        result = fallback + result[:1].upper() + result[1:]
    return result


class _Lowering:
    def __init__(self, doc: Document, sdk: Sdk, types: TypeWriter, package: str) -> None:
        self.doc = doc
        self.sdk = sdk
        self.types = types
        self.package = package
        self.spec_ops = {op.key: op for op in doc.operations()}
        self.aliases: list[str] = []  # named request/response types of the methods
        self.notes: list[str] = []

    def lower(self) -> tuple[TsSdk, str]:
        modules: dict[str, list[TsResource]] = {}
        roots: list[tuple[str, str, str]] = []
        client_members = NameAllocator(_CLIENT_RESERVED)
        for root in self.sdk.resources:
            attr = client_members.claim(camel(root.attr), ("Resource",))
            roots.append((attr, root.class_name, root.module))
            modules.setdefault(root.module, []).extend(self._resources(root, f"client.{attr}"))
        hook = self._hook()
        error_type = self._named(self.sdk.error_model) if self.sdk.error_model else None
        decls = self.types.declarations()
        source = "\n\n".join(
            [
                'import type { Uploadable } from "./uploads.js";',
                "/** A response enum: the values known today, and any added later. */",
                "export type OpenEnum<T extends string> = T | (string & {});",
                *decls,
                *self.aliases,
            ]
        )
        ts_modules = tuple(
            TsModule(
                name=_file_name(name),
                resources=tuple(resources),
                uses_page=any("PagePromise<" in m.returns for r in resources for m in r.methods),
                uses_stream=any("Stream<" in m.returns for r in resources for m in r.methods),
                uses_path=any("encodePath(" in m.body for r in resources for m in r.methods)
                or any(r.polling for r in resources),
            )
            for name, resources in sorted(modules.items())
        )
        info = self.doc.get("/info")
        description = info.get("description") if isinstance(info, dict) else None
        every = [(r, m) for found in modules.values() for r in found for m in r.methods]
        page = next(
            (f"{r.access}.{m.name}()" for r, m in every if m.returns.startswith("PagePromise<") and _no_args(m)), None
        )
        call = next(
            (f"{r.access}.{m.name}()" for r, m in every if m.returns.startswith("Promise<") and _no_args(m)), None
        )
        ts_sdk = TsSdk(
            package=self.package,
            version=_npm_version(self.sdk.package_version),
            title=self.sdk.title,
            description=text.clean(description).split("\n")[0][:200] if description else "",
            source_label=self.sdk.source_label,
            client_class=self.sdk.client_class,
            api_key_env=self.sdk.api_key_env,
            base_url_env=self.sdk.base_url_env,
            base_url=self.sdk.base_url,
            error_type=error_type,
            roots=tuple(roots),
            modules=ts_modules,
            hook=hook,
            operation_count=self.sdk.operation_count,
            schema_count=self.sdk.schema_count,
            example_page=page,
            example_call=call,
        )
        return ts_sdk, source + "\n"

    # -- names ------------------------------------------------------------------------------
    def _named(self, python_class: str) -> str | None:
        """The TS name of the component the Python SDK calls ``python_class``."""
        for component, ts_name in self.types.names.items():
            if ts_name == python_class:
                self.types.wanted.add((component, Side.OUTPUT))
                return ts_name
        return None

    def _alias(self, wanted: str, expr: str, doc: str = "") -> str:
        """``expr`` as a name of types.ts (a plain identifier is used as it is)."""
        if _IDENT.match(expr) and expr not in ("unknown", "string", "number", "boolean", "null", "never"):
            return expr
        name = self.types.claim(wanted)
        self.aliases.append(f"{doc}export type {name} = {expr};")
        return name

    # -- resources --------------------------------------------------------------------------
    def _resources(self, resource: Resource, access: str) -> list[TsResource]:
        """``resource`` and its children, each with the expression that reaches it."""
        members = NameAllocator(_MEMBER_RESERVED)
        methods = tuple(self._method(resource, op, members) for op in resource.operations)
        children = tuple((members.claim(camel(c.attr), ("Resource",)), c.class_name) for c in resource.children)
        found = [self._resource(resource, access, methods, children)]
        for (attr, _), child in zip(children, resource.children, strict=True):
            found.extend(self._resources(child, f"{access}.{attr}"))
        return found

    def _resource(
        self,
        resource: Resource,
        access: str,
        methods: tuple[TsMethod, ...],
        children: tuple[tuple[str, str], ...],
    ) -> TsResource:
        polling = None
        if resource.polling is not None:
            by_name = {op.name: (method, op) for method, op in zip(methods, resource.operations, strict=True)}
            retrieve, retrieve_op = by_name.get("retrieve", (None, None))
            create = by_name[resource.polling.create][0] if resource.polling.create in by_name else None
            if retrieve is not None and retrieve_op is not None:
                polling = TsPolling(
                    retrieve=retrieve.name,
                    create=create.name if create else None,
                    create_body_type=_first_param_type(create.signature) if create else None,
                    result_type=retrieve.returns[len("Promise<") : -1],
                    terminal=resource.polling.terminal,
                    id_type="string",
                    retrieve_path=self._path(self.spec_ops[retrieve.key].path, {retrieve_op.path_params[0].wire: "id"}),
                )
        return TsResource(
            class_name=resource.class_name,
            access=access,
            methods=methods,
            children=children,
            polling=polling,
            webhooks=resource.webhooks is not None,
        )

    def _method(self, resource: Resource, op: Operation, members: NameAllocator) -> TsMethod:
        spec = self.spec_ops[op.key]
        name = members.claim(camel(op.name), ("Op",))
        type_base = resource.class_name + name[:1].upper() + name[1:]
        args = NameAllocator(_ARG_RESERVED)
        params: list[str] = []
        path_names: dict[str, str] = {}
        raw = self._raw_params(spec)
        for p in op.path_params:
            arg = args.claim(camel(p.wire, "param"), ("Id", "_"))
            path_names[p.wire] = arg
            schema = raw.get((p.wire, "path"), {}).get("schema")
            resolved = self.doc.resolve(schema)
            kind = resolved.get("type") if isinstance(resolved, dict) else None
            params.append(f"{arg}: {'number' if kind in ('integer', 'number') else 'string'}")
        query_fields = [(p, "query") for p in op.query_params] + [(p, "header") for p in op.header_params]
        query_type = None
        query_required = False
        if query_fields:
            lines = []
            for p, location in query_fields:
                schema = raw.get((p.wire, location), {}).get("schema")
                value = self.types.ts(schema, Side.INPUT)
                lines.append(f"{jsdoc(p.docstring)}{_key(p.wire)}{'' if p.required else '?'}: {value};")
                query_required = query_required or p.required
            query_type = self._alias(type_base + "Params", "{\n" + "\n".join(lines) + "\n}")
        body_type = None
        if op.body_kind is not None:
            body_schema = self._body_schema(spec)
            bytes_body = op.body_kind == "bytes"
            expr = "Uploadable | string" if bytes_body else self.types.ts(body_schema, Side.INPUT)
            body_type = self._alias(type_base + ("Params" if query_type is None else "Body"), expr)
        request: list[str] = [f"method: {js_string(op.method)}", f"path: {self._path(spec.path, path_names)}"]
        if body_type is not None:
            optional = "" if op.body_required or query_required else "?"  # no optional before a required
            params.append(f"body{optional}: T.{body_type}")
            request += ["body", f"bodyKind: {js_string(op.body_kind or 'json')}"]
        if query_type is not None:
            params.append(f"query: T.{query_type}" + ("" if query_required else " = {}"))
            request.append("query")
            headers = [p.wire for p in op.header_params]
            if headers:
                request.append(f"headerFields: [{', '.join(js_string(h) for h in headers)}]")
        params.append("options?: RequestOptions")
        response_expr, kind = self._response(spec, op)
        if kind not in ("json", "stream"):
            request.append(f"responseKind: {js_string(kind)}")
        call = "{ " + ", ".join(request) + " }"
        if op.stream_event_hint is not None:
            event, known = self._stream_event(spec)
            event_type = self._alias(type_base + "Event", event)
            shape = [f"wrapsEvent: {'true' if op.stream_wraps_event else 'false'}"]
            if op.stream_terminal:
                shape.append(f"terminal: {js_string(op.stream_terminal)}")
            if known:
                shape.append(f"known: [{', '.join(js_string(k) for k in known)}]")
            returns = f"Promise<Stream<T.{event_type}>>"
            body = f"return this._client.requestStream<T.{event_type}>({call}, {{ {', '.join(shape)} }}, options);"
        elif op.pagination is not None:
            page = self._alias(type_base + "Response", response_expr)
            item = f'T.{page}["data"][number]'
            returns = f"PagePromise<{item}, T.{page}>"
            cursor = js_string(op.pagination.cursor_wire)
            body = f"return this._client.requestPage<{item}, T.{page}>({call}, {cursor}, options);"
        else:
            result = "void" if kind == "none" else "Blob" if kind == "bytes" else "string" if kind == "text" else None
            if result is None and response_expr == "unknown":
                result = "unknown"
            elif result is None:
                result = "T." + self._alias(type_base + "Response", response_expr)
            returns = f"Promise<{result}>"
            body = f"return this._client.request<{result}>({call}, options);"
        node = spec.node
        summary = text.clean(node.get("summary"))
        description = text.clean(node.get("description"))
        about = "\n\n".join(x for x in (summary, description if description != summary else "") if x)
        doc = jsdoc(about, deprecated=op.deprecated, extra=(f"@endpoint {op.key}",))
        return TsMethod(name, doc, ", ".join(params), returns, body, op.key)

    @staticmethod
    def _path(path: str, names: dict[str, str]) -> str:
        parts: list[str] = []
        literal = ""
        for piece in re.split(r"(\{[^{}/]+\})", path):
            if piece.startswith("{") and piece.endswith("}") and piece[1:-1] in names:
                if literal:
                    parts.append(js_string(literal))
                    literal = ""
                parts.append(f"encodePath({names[piece[1:-1]]})")
            else:
                literal += piece
        if literal:
            parts.append(js_string(literal))
        return " + ".join(parts) or '""'

    def _raw_params(self, spec: SpecOperation) -> dict[tuple[str, str], dict[str, Any]]:
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for source in (spec.path_item, spec.node):
            raw = source.get("parameters")
            if not isinstance(raw, list):
                continue
            for item in raw:
                param = self.doc.resolve(item)
                if isinstance(param, dict) and isinstance(param.get("name"), str):
                    merged[(param["name"], str(param.get("in")))] = param
        return merged

    def _body_schema(self, spec: SpecOperation) -> Any:
        body = self.doc.resolve(spec.node.get("requestBody"))
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict):
            return None
        media = _pick_media(content)
        node = content.get(media) if media else None
        return node.get("schema") if isinstance(node, dict) else None

    def _response(self, spec: SpecOperation, op: Operation) -> tuple[str, str]:
        kind = op.response_kind
        if kind != "json":
            return "unknown", kind
        responses = spec.node.get("responses")
        if isinstance(responses, dict):
            for code in sorted(str(c) for c in responses if str(c).startswith("2")):
                response = self.doc.resolve(responses.get(code, responses.get(int(code) if code.isdigit() else code)))
                content = response.get("content") if isinstance(response, dict) else None
                if not isinstance(content, dict):
                    continue
                for media, node in content.items():
                    if _is_json(media) and isinstance(node, dict):
                        return self.types.ts(node.get("schema"), Side.OUTPUT), "json"
        return "unknown", "json"

    def _stream_event(self, spec: SpecOperation) -> tuple[str, list[str]]:
        """The closed union of the declared events (unknown ones are skipped at run time)."""
        responses = spec.node.get("responses") or {}
        for response in responses.values():
            response = self.doc.resolve(response)
            content = response.get("content") if isinstance(response, dict) else None
            node = content.get("text/event-stream") if isinstance(content, dict) else None
            schema = node.get("schema") if isinstance(node, dict) else None
            resolved = self.doc.resolve(schema)
            if not isinstance(resolved, dict):
                continue
            variants = resolved.get("oneOf") or resolved.get("anyOf")
            if not isinstance(variants, list) or not variants:
                return self.types.ts(schema, Side.OUTPUT), []
            members = [self.types.ts(v, Side.OUTPUT) for v in variants]
            known = []
            for variant in variants:
                v = self.doc.resolve(variant)
                props = v.get("properties") if isinstance(v, dict) else None
                tag = self.doc.resolve(props.get("event")) if isinstance(props, dict) else None
                if isinstance(tag, dict) and isinstance(tag.get("const"), str):
                    known.append(tag["const"])
            if len(known) != len(variants):
                known = []
            return " | ".join(f"({m})" if " " in m else m for m in dict.fromkeys(members)), known
        return "unknown", []

    def _hook(self) -> TsHook | None:
        hook = next((r.webhooks for root in self.sdk.resources for r in _walk(root) if r.webhooks), None)
        if hook is None:
            return None
        event = "unknown"
        hooks = self.doc.get("/webhooks")
        for item in hooks.values() if isinstance(hooks, dict) else []:
            post = self.doc.resolve(item).get("post") if isinstance(self.doc.resolve(item), dict) else None
            body = self.doc.resolve(post.get("requestBody")) if isinstance(post, dict) else None
            content = body.get("content") if isinstance(body, dict) else None
            media = _pick_media(content) if isinstance(content, dict) else None
            if media and isinstance(content, dict) and isinstance(content[media], dict):
                event = self.types.ts(content[media].get("schema"), Side.OUTPUT)
                break
        event_type = self._alias("WebhookEventPayload", event) if event != "unknown" else "unknown"
        if event_type == "unknown":
            event_type = self._alias("WebhookEventPayload", "{ [key: string]: unknown }")
        return TsHook(hook.signature_header, hook.timestamp_header, event_type, hook.tolerance_seconds)


def _walk(resource: Resource) -> list[Resource]:
    found = [resource]
    for child in resource.children:
        found.extend(_walk(child))
    return found


def _no_args(method: TsMethod) -> bool:
    """A method callable as ``m()``: every argument optional."""
    return all("?" in arg.split(":")[0] or "=" in arg for arg in method.signature.split(", ") if arg)


def _first_param_type(signature: str) -> str | None:
    match = re.match(r"body\??: (T\.[A-Za-z0-9_$]+)", signature)
    return match.group(1) if match else None


def _key(name: str) -> str:
    return name if _IDENT.match(name) else js_string(name)


def _file_name(module: str) -> str:
    return module.replace("_", "-")


def _npm_version(version: str) -> str:
    match = re.fullmatch(r"([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?.*", version)
    if not match:
        return "0.0.0"
    return ".".join(part or "0" for part in match.groups())


def _pick_media(content: dict[str, Any]) -> str | None:
    for media in content:
        if _is_json(str(media)):
            return str(media)
    for media in ("multipart/form-data", "application/x-www-form-urlencoded"):
        if media in content:
            return media
    return next((str(m) for m in content), None)


def _is_json(media: str) -> bool:
    base = media.split(";")[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "*/*"
