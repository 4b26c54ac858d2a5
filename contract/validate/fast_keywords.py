"""openapi-spec-validator's keyword checks, as one pass over the plain tree.

This mirrors ``openapi_spec_validator.validation.keywords`` (0.9) for OpenAPI 3.0 and
3.1, in the same order, so that each error lands where the reference reports it:

- tags: duplicate tag names;
- paths: per path item its parameters, then per operation a unique operationId, the
  schemas of its responses' media types, its parameters (schemas, duplicates) and
  path templating (every ``{name}`` declared, every path parameter in the template);
- components: each schema.

Each schema is meta-checked against its dialect once (the first time it is reached
as a top-level schema: a parameter's, a media type's or a component), then walked
once (allOf/anyOf/oneOf/not/items/properties) for required properties that no
allOf branch defines and for defaults that break their own schema. Both are
memoised by object identity, like the reference, and the reference's location rule
is kept: an error is reported at the path walked to reach the schema, through $refs.

The reference walks the tree through jsonschema-path, resolving every $ref on every
step; here a step is a dict look-up and a $ref costs one look-up per link.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from typing import Any

from rivya_contract.validate.fast_meta import Parts, SpecError

OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Resolve = Callable[[Any], Any]
# (schema, parts) -> the meta-check error of a top-level schema, or None
MetaCheck = Callable[[Any, Parts], SpecError | None]
# (schema, default value) -> errors as (path inside the default value, message)
DefaultCheck = Callable[[Any, Any], list[SpecError]]


class KeywordPass:
    def __init__(self, resolve: Resolve, meta_check: MetaCheck, default_check: DefaultCheck) -> None:
        self.resolve = resolve
        self.meta_check = meta_check
        self.default_check = default_check
        self.errors: list[SpecError] = []
        self._meta_checked: set[int] = set()
        self._visited: set[int] = set()
        self._operation_ids: list[Any] = []
        self._hashable_ids: set[Any] = set()
        self._properties: dict[int, frozenset[str]] = {}

    def run(self, tree: dict[str, Any]) -> list[SpecError]:
        tags = self._child(tree, "tags")
        if isinstance(tags, list):
            self._tags(tags)
        paths = self._child(tree, "paths")
        if isinstance(paths, dict):
            for url, item in paths.items():
                item = self.resolve(item)
                if isinstance(item, dict):
                    self._path_item(str(url), item, ("paths", url))
        components = self._child(tree, "components")
        schemas = self._child(components, "schemas") if isinstance(components, dict) else None
        if isinstance(schemas, dict):
            for name, schema in schemas.items():
                self._schema(self.resolve(schema), ("components", "schemas", name), top_level=True)
        return self.errors

    # -- helpers -------------------------------------------------------------------------
    def _child(self, node: dict[str, Any], key: str) -> Any:
        return self.resolve(node.get(key)) if key in node else None

    def _error(self, parts: Parts, message: str) -> None:
        self.errors.append((parts, message))

    # -- tags, paths, operations ----------------------------------------------------------
    def _tags(self, tags: list[Any]) -> None:
        seen: set[Any] = set()
        for tag in tags:
            tag = self.resolve(tag)
            name = tag.get("name") if isinstance(tag, dict) else None
            if not isinstance(name, str):
                continue
            if name in seen:
                self._error(("tags",), f"Duplicate tag name '{name}'")
            seen.add(name)

    def _path_item(self, url: str, item: dict[str, Any], parts: Parts) -> None:
        shared = None
        if "parameters" in item:
            shared = self._child(item, "parameters")
            self._parameters(shared, (*parts, "parameters"))
        for method, operation in item.items():
            if method in OPERATIONS:
                operation = self.resolve(operation)
                if isinstance(operation, dict):
                    self._operation(url, method, operation, shared, (*parts, method))

    def _operation(self, url: str, method: str, operation: dict[str, Any], shared: Any, parts: Parts) -> None:
        if "operationId" in operation:
            operation_id = self._child(operation, "operationId")
            if operation_id is not None and self._seen_operation_id(operation_id):
                self._error(parts, f"Operation ID '{operation_id}' for '{method}' in '{url}' is not unique")
            self._remember_operation_id(operation_id)
        responses = self._child(operation, "responses") if "responses" in operation else None
        if isinstance(responses, dict):
            for code, response in responses.items():
                self._response(self.resolve(response), (*parts, "responses", code))
        names: list[str] = []
        if "parameters" in operation:
            own = self._child(operation, "parameters")
            self._parameters(own, (*parts, "parameters"))
            names += self._path_parameter_names(own)
        if shared is not None:
            names += self._path_parameter_names(shared)
        declared = set(names)
        templated = _template_names(url)
        if templated is None:
            return
        for name in sorted(templated - declared) + sorted(declared - templated):
            self._error(parts, f"Path parameter '{name}' for '{method}' operation in '{url}' was not resolved")

    def _seen_operation_id(self, operation_id: Any) -> bool:
        try:
            return operation_id in self._hashable_ids
        except TypeError:
            return operation_id in self._operation_ids

    def _remember_operation_id(self, operation_id: Any) -> None:
        try:
            self._hashable_ids.add(operation_id)
        except TypeError:
            self._operation_ids.append(operation_id)

    def _response(self, response: Any, parts: Parts) -> None:
        if not isinstance(response, dict) or "content" not in response:
            return
        content = self._child(response, "content")
        if not isinstance(content, dict):
            return
        for media_name, media_type in content.items():
            media_type = self.resolve(media_type)
            if isinstance(media_type, dict) and "schema" in media_type:
                where = (*parts, "content", media_name, "schema")
                self._schema(self._child(media_type, "schema"), where, top_level=True)

    def _parameters(self, parameters: Any, parts: Parts) -> None:
        if not isinstance(parameters, list):
            return
        seen: set[Any] = set()
        for index, parameter in enumerate(parameters):
            parameter = self.resolve(parameter)
            if not isinstance(parameter, dict):
                continue
            if "schema" in parameter:
                self._schema(self._child(parameter, "schema"), (*parts, index, "schema"), top_level=True)
            key = (parameter.get("name"), parameter.get("in"))
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:
                continue
            if duplicate:
                self._error(parts, f"Duplicate parameter '{parameter.get('name')}'")

    def _path_parameter_names(self, parameters: Any) -> list[str]:
        names: list[str] = []
        if isinstance(parameters, list):
            for parameter in parameters:
                parameter = self.resolve(parameter)
                if isinstance(parameter, dict) and self.resolve(parameter.get("in")) == "path":
                    name = self.resolve(parameter.get("name"))
                    if isinstance(name, str):
                        names.append(name)
        return names

    # -- schemas ------------------------------------------------------------------------
    def _schema(self, schema: Any, parts: Parts, *, top_level: bool = False) -> None:
        if not isinstance(schema, (dict, bool)):
            self._error(parts, f"{schema!r} is not of type 'object', 'boolean'")
            return
        ident = id(schema)
        if top_level and ident not in self._meta_checked:
            self._meta_checked.add(ident)
            error = self.meta_check(schema, parts)
            if error is not None:
                self._error(*error)
                return
        if ident in self._visited:
            return
        self._visited.add(ident)
        if not isinstance(schema, dict):
            return

        nested: set[str] = set()
        if "allOf" in schema:
            for index, inner in self._subschemas(schema, "allOf"):
                self._schema(inner, (*parts, "allOf", index))
                nested |= self._collect_properties(inner)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                for index, inner in self._subschemas(schema, keyword):
                    self._schema(inner, (*parts, keyword, index))
        for keyword in ("not", "items"):
            if keyword in schema:
                self._schema(self._child(schema, keyword), (*parts, keyword))
        properties = self._child(schema, "properties") if "properties" in schema else None
        if isinstance(properties, dict):
            for name, inner in properties.items():
                self._schema(self.resolve(inner), (*parts, "properties", name))

        if top_level and "allOf" in schema:
            self._check_required(schema, properties, nested, parts)
        if "default" in schema:
            self._check_default(schema, parts)

    def _subschemas(self, schema: dict[str, Any], keyword: str) -> Iterator[tuple[int, Any]]:
        inner = self._child(schema, keyword)
        if isinstance(inner, list):
            for index, item in enumerate(inner):
                yield index, self.resolve(item)

    def _check_required(self, schema: dict[str, Any], properties: Any, nested: set[str], parts: Parts) -> None:
        required = self._child(schema, "required") if "required" in schema else None
        if not required:
            return
        own = set(properties) if isinstance(properties, dict) else set()
        try:
            extra = set(required) - own - nested
        except TypeError:  # an unhashable entry; the OpenAPI schema check reports it
            return
        if extra:
            # The reference lists a set, in hash order; sorted here, to be deterministic.
            self._error(parts, f"Required list has not defined properties: {sorted(extra, key=str)}")

    def _check_default(self, schema: dict[str, Any], parts: Parts) -> None:
        default = self._child(schema, "default")
        nullable = self._child(schema, "nullable") if "nullable" in schema else False
        if default is not None or nullable is not True:
            for path, message in self.default_check(schema, default):
                self._error((*parts, *path), message)

    def _collect_properties(self, schema: Any) -> frozenset[str]:
        """Every property name reachable through properties/allOf/anyOf/oneOf/items/not."""
        ident = id(schema)
        if ident in self._properties:
            return self._properties[ident]
        self._properties[ident] = frozenset()  # a cycle contributes nothing more
        names: set[str] = set()
        if isinstance(schema, dict):
            properties = self._child(schema, "properties") if "properties" in schema else None
            if isinstance(properties, dict):
                names.update(properties)
            for keyword in ("allOf", "anyOf", "oneOf"):
                if keyword in schema:
                    for _, inner in self._subschemas(schema, keyword):
                        names |= self._collect_properties(inner)
            for keyword in ("items", "not"):
                if keyword in schema:
                    names |= self._collect_properties(self._child(schema, keyword))
        result = frozenset(names)
        self._properties[ident] = result
        return result


def _template_names(url: str) -> set[str] | None:
    """The ``{names}`` in a path template, read as the reference reads them."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(url) if field}
    except ValueError:  # unbalanced braces: the reference stops with an exception
        return None
