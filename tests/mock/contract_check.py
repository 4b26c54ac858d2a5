"""An independent conformance checker for the mock's responses.

It reads the contract file with plain ``json`` and validates with ``jsonschema`` +
``referencing`` directly: it shares no code with ``contract.mock`` (a bug in the mock's
own validation must not hide a bug in its responses).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BUNDLED = Path(__file__).resolve().parents[2] / "contract" / "bundled" / "openapi.json"
ROOT = "urn:test:contract"
METHODS = ("get", "put", "post", "delete", "patch")


@dataclass
class Violation:
    check: str  # status-documented | content-type-documented | response-schema | ...
    detail: str


@dataclass
class ContractChecker:
    path: Path = BUNDLED
    seen: set[str] = field(default_factory=set)  # operation keys that got a response
    tree: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.tree = json.loads(self.path.read_text())
        resource = Resource(contents=self.tree, specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(ROOT, resource)
        self.routes = []
        for template, item in self.tree.get("paths", {}).items():
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
            self.routes.append((template.count("{"), re.compile(pattern), template, item))
        self.routes.sort(key=lambda r: r[0])

    def validator(self, pointer: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"{ROOT}#{pointer}"}, registry=self.registry)

    def schema_errors(self, pointer: str, value: Any) -> list[str]:
        return [f"{list(e.absolute_path)}: {e.message}" for e in self.validator(pointer).iter_errors(value)]

    def content_schema(self, stream_pointer: str, name: str | None) -> str | None:
        """The pointer of the decoded schema (``contentSchema``) of event ``name``'s data."""
        node: Any = self._at("#" + stream_pointer)
        if "$ref" in node:
            node = self._at(node["$ref"])
        target = ((node.get("discriminator") or {}).get("mapping") or {}).get(name)
        if target is None:
            return None
        data = (self._at(target).get("properties") or {}).get("data") or {}
        ref = (data.get("contentSchema") or {}).get("$ref")
        return ref[1:] if isinstance(ref, str) and ref.startswith("#") else None

    def _at(self, ref: str) -> dict[str, Any]:
        node: Any = self.tree
        for token in ref.lstrip("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return dict(node)

    def operation(self, method: str, url_path: str) -> tuple[str, dict[str, Any]] | None:
        for _, pattern, template, item in self.routes:
            if pattern.match(url_path) and method.lower() in item:
                return f"{method.upper()} {template}", item[method.lower()]
        return None

    def response_pointer(self, key: str, status: int) -> tuple[str, dict[str, Any]] | None:
        method, template = key.split(" ", 1)
        responses = self.tree["paths"][template][method.lower()]["responses"]
        for code in (str(status), f"{str(status)[0]}XX", "default"):
            if code in responses:
                escaped = template.replace("~", "~0").replace("/", "~1")
                pointer = f"/paths/{escaped}/{method.lower()}/responses/{code}"
                node = responses[code]
                while "$ref" in node:
                    pointer = node["$ref"][1:]
                    node = self.get(pointer)
                return pointer, node
        return None

    def get(self, pointer: str) -> Any:
        node: Any = self.tree
        for token in pointer.lstrip("/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node

    def violations(self, response: httpx.Response) -> list[Violation]:
        """Everything about ``response`` that breaks the contract."""
        request = response.request
        found: list[Violation] = []
        media = response.headers.get("content-type", "").split(";")[0].strip()
        matched = self.operation(request.method, request.url.path)
        if matched is None:  # unknown path or method: still a PublicApiError
            if media != "application/json":
                found.append(Violation("content-type-documented", f"{response.status_code} sent {media!r}"))
            else:
                errors = self.schema_errors("/components/schemas/PublicApiError", response.json())
                found += [Violation("response-schema", e) for e in errors]
            return found
        key, _ = matched
        self.seen.add(key)
        located = self.response_pointer(key, response.status_code)
        if located is None:
            return [Violation("status-documented", f"{key} answered {response.status_code}")]
        pointer, node = located
        content = node.get("content") or {}
        if not content:
            if response.content:
                found.append(Violation("response-schema", f"{key} {response.status_code} has a body"))
            return found
        if media not in content:
            return [Violation("content-type-documented", f"{key} {response.status_code} sent {media!r}")]
        schema_pointer = f"{pointer}/content/{media.replace('/', '~1')}/schema"
        if media == "text/event-stream":
            # The contract describes each event as sent (data: a JSON string) and the decoded
            # data by the event's contentSchema: check both.
            for event in parse_sse(response.text, decode=False):
                found += [Violation("response-schema", e) for e in self.schema_errors(schema_pointer, event)]
                decoded = self.content_schema(schema_pointer, event["event"])
                if decoded is not None:
                    value = json.loads(event["data"])
                    found += [Violation("response-schema", e) for e in self.schema_errors(decoded, value)]
        else:
            try:
                body = response.json()
            except ValueError:
                return [Violation("response-schema", f"{key}: the body is not JSON")]
            found += [Violation("response-schema", e) for e in self.schema_errors(schema_pointer, body)]
        if "x-request-id" not in response.headers:
            found.append(Violation("response-headers", f"{key}: no X-Request-Id"))
        return found

    def hook(self, response: httpx.Response) -> None:
        """An httpx response hook: every response must conform."""
        response.read()
        problems = self.violations(response)
        assert not problems, f"{response.request.method} {response.request.url}: {problems}"


def parse_sse(text: str, *, decode: bool = True) -> list[dict[str, Any]]:
    """``event:``/``data:`` frames -> [{"event": name, "data": json}] (``data`` as sent,
    a string, when ``decode`` is false)."""
    events = []
    for block in text.strip().split("\n\n"):
        if not block.strip():
            continue
        name, data = None, []
        for line in block.split("\n"):
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                data.append(line[len("data: ") :])
        raw = "\n".join(data)
        events.append({"event": name, "data": json.loads(raw) if decode else raw})
    return events
