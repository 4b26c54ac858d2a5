"""Tests proving the bundled Rivya API v1 contract (contract/bundled/openapi.json).

The document is compiled from the catalog data (`rivya-contract catalog build`); these
tests check the built file, not the compiler's internals, so they also guard hand edits
of the JSON.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REPO_ROOT = Path(__file__).resolve().parents[2]
BUNDLED = REPO_ROOT / "contract" / "bundled" / "openapi.json"
DOC_URI = "urn:rivya:contract:openapi.json"

# (method, path, scopes); scopes None means public (security: []).
ENDPOINTS = [
    ("get", "/api/v1/models", ["models:read"]),
    ("post", "/api/v1/generations", ["generations:create"]),
    ("post", "/api/v1/files", ["files:write"]),
    ("get", "/api/v1/files/{fileId}", ["files:read"]),
    ("post", "/api/v1/chat/completions", ["chat:create"]),
    ("post", "/api/v1/chat/completions/stream", ["chat:create"]),
    ("get", "/api/v1/chat/sessions", ["chat:read"]),
    ("get", "/api/v1/chat/sessions/{sessionId}", ["chat:read"]),
    ("get", "/api/v1/generations/{taskId}", ["generations:read"]),
    ("get", "/api/v1/credits", ["credits:read"]),
    ("get", "/api/v1/webhooks", ["webhooks:manage"]),
    ("post", "/api/v1/webhooks", ["webhooks:manage"]),
    ("get", "/api/v1/webhooks/{endpointId}", ["webhooks:manage"]),
    ("patch", "/api/v1/webhooks/{endpointId}", ["webhooks:manage"]),
    ("delete", "/api/v1/webhooks/{endpointId}", ["webhooks:manage"]),
    ("post", "/api/v1/webhooks/{endpointId}/rotate-secret", ["webhooks:manage"]),
    ("get", "/api/v1/webhook-events", ["webhooks:manage"]),
    ("get", "/api/v1/webhooks/{endpointId}/deliveries", ["webhooks:manage"]),
    ("post", "/api/v1/webhooks/{endpointId}/test", ["webhooks:manage"]),
    ("get", "/api/v1/openapi.json", None),
]

CREATING_POSTS = [
    "/api/v1/generations",
    "/api/v1/files",
    "/api/v1/chat/completions",
    "/api/v1/chat/completions/stream",
    "/api/v1/webhooks",
]

LIST_ENDPOINTS = {
    "/api/v1/chat/sessions": "ChatSessionList",
    "/api/v1/webhooks": "WebhookEndpointList",
    "/api/v1/webhook-events": "WebhookEventList",
    "/api/v1/webhooks/{endpointId}/deliveries": "WebhookDeliveryList",
}

REQUIRED_SCHEMAS = [
    "ModelList",
    "PublicApiModel",
    "ModelParam",
    "PublicApiFile",
    "ReferenceMediaItem",
    "PublicGeneration",
    "GenerationResult",
    "GenerationError",
    "ChatCompletionRequest",
    "ChatCompletion",
    "ChatSession",
    "ChatMessage",
    "ChatUsage",
    "ChatCredits",
    "ChatStreamSessionCreated",
    "ChatStreamMessageDelta",
    "ChatStreamMessageCompleted",
    "ChatStreamUsageCompleted",
    "ChatStreamHeartbeat",
    "ChatStreamError",
    "ChatStreamDone",
    "ChatStreamEvent",
    "CreditBalance",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookDelivery",
    "WebhookTestResult",
    "PublicApiError",
    "GenerationRequest",
    "GenerationStatus",
    "ErrorCode",
    "ChatControls",
    "ChatAttachment",
    "ChatSessionList",
    "WebhookEndpointList",
    "WebhookEventList",
    "WebhookDeliveryList",
    "WebhookEndpointCreate",
    "WebhookEndpointUpdate",
    "WebhookEndpointWithSecret",
]

STREAM_EVENTS = {
    "session.created": "ChatStreamSessionCreated",
    "message.delta": "ChatStreamMessageDelta",
    "message.completed": "ChatStreamMessageCompleted",
    "usage.completed": "ChatStreamUsageCompleted",
    "heartbeat": "ChatStreamHeartbeat",
    "error": "ChatStreamError",
    "done": "ChatStreamDone",
}

ERROR_RESPONSE_STATUS = {
    "BadRequest": "400",
    "Unauthorized": "401",
    "PaymentRequired": "402",
    "Forbidden": "403",
    "NotFound": "404",
    "Conflict": "409",
    "PayloadTooLarge": "413",
    "UnsupportedMediaType": "415",
    "UnprocessableEntity": "422",
    "RateLimited": "429",
    "InternalError": "500",
    "ServiceUnavailable": "503",
}

FORBIDDEN_FIELDS = {
    "user_id",
    "owner_id",
    "account_id",
    "worker_id",
    "provider",
    "provider_id",
    "provider_job_id",
    "storage_key",
    "storage_path",
    "bucket",
    "cost_usd",
    "retry_count",
    "queue",
    "queue_name",
    "priority",
    "task_id",
    "job_id",
    "s3_key",
    "api_key_id",
}
FORBIDDEN_PREFIXES = ("internal_", "queue_", "raw_", "provider_", "storage_", "worker_")
CAMEL_CASE_FIELDS = {"referenceMediaItems", "mimeType", "durationSeconds", "durationToken"}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
CAMEL_OPERATION_ID = re.compile(r"^[a-z][a-zA-Z0-9]*$")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
MISSING = object()


@pytest.fixture(scope="module")
def doc():
    return json.loads(BUNDLED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schemas(doc):
    return doc["components"]["schemas"]


def resolve(doc, node):
    """Follow local `$ref`s (a Reference Object holds only `$ref`) to the referenced object."""
    while isinstance(node, dict) and "$ref" in node and len(node) == 1:
        assert node["$ref"].startswith("#/"), node["$ref"]
        target = doc
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def operations(doc):
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method in HTTP_METHODS:
                yield method, path, op


def walk(node, pointer=""):
    """Yield (pointer, dict) for every dict in the document."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


# ---------------------------------------------------------------------------
# document-level
# ---------------------------------------------------------------------------


def test_openapi_spec_validates(doc):
    assert doc["openapi"] == "3.1.0"
    validate_openapi(doc)


def test_info_servers_tags(doc):
    info = doc["info"]
    assert info["title"] == "Rivya API"
    assert info["version"] == "1.0.0"
    assert doc["servers"][0]["url"] == "https://rivya.ai"
    assert "Breaking changes need a new version or a documented migration path" in info["description"]
    assert "dynamic" in info["description"]
    tag_names = [tag["name"] for tag in doc["tags"]]
    assert tag_names == ["Models", "Generations", "Files", "Chat", "Credits", "Webhooks", "Contract"]
    assert all(tag.get("description") for tag in doc["tags"])
    assert all(path.startswith("/api/v1/") for path in doc["paths"])


def test_catalog_build_check_passes():
    result = subprocess.run(
        [sys.executable, "-m", "rivya_contract", "catalog", "build", "--check"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_canonical_serialization():
    data = BUNDLED.read_bytes()
    text = json.dumps(json.loads(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    assert data == text.encode("utf-8")


# ---------------------------------------------------------------------------
# operations
# ---------------------------------------------------------------------------


def test_exactly_the_documented_endpoints(doc):
    documented = {(method, path) for method, path, _ in ENDPOINTS}
    present = {(method, path) for method, path, _ in operations(doc)}
    assert present == documented


@pytest.mark.parametrize(("method", "path", "scopes"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
def test_endpoint_metadata(doc, method, path, scopes):
    op = doc["paths"][path][method]
    assert CAMEL_OPERATION_ID.match(op["operationId"])
    assert op["summary"] and op["description"]
    tag_names = {tag["name"] for tag in doc["tags"]}
    assert op["tags"] and set(op["tags"]) <= tag_names
    if scopes is None:
        assert op["security"] == []
        assert op["x-rivya-scopes"] == []
    else:
        assert op["security"] == [{"bearerAuth": scopes}]
        assert op["x-rivya-scopes"] == scopes
    success = [code for code in op["responses"] if code.startswith("2")]
    assert len(success) == 1
    response = resolve(doc, op["responses"][success[0]])
    if success[0] != "204":
        for media in response["content"].values():
            assert "schema" in media and media["examples"]
    if "requestBody" in op:
        for media in op["requestBody"]["content"].values():
            assert "schema" in media and media["examples"]


def test_operation_ids_unique(doc):
    ids = [op["operationId"] for _, _, op in operations(doc)]
    ids += [item["post"]["operationId"] for item in doc["webhooks"].values()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("method", "path", "scopes"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
def test_error_responses_use_public_api_error(doc, method, path, scopes):
    responses = doc["paths"][path][method]["responses"]
    errors = {code: r for code, r in responses.items() if code[0] in "45"}
    assert {"429", "500"} <= set(errors)
    if scopes is not None:
        assert {"401", "403"} <= set(errors)
    for code, reference in errors.items():
        name = reference["$ref"].rsplit("/", 1)[1]
        assert reference == {"$ref": f"#/components/responses/{name}"}
        assert ERROR_RESPONSE_STATUS[name] == code
        body = doc["components"]["responses"][name]["content"]["application/json"]
        assert body["schema"] == {"$ref": "#/components/schemas/PublicApiError"}


def test_error_codes_and_statuses(doc, schemas):
    error_code = schemas["ErrorCode"]
    assert error_code["x-extensible-enum"] is True
    codes = set(error_code["enum"])
    for required in [
        "invalid_request",
        "invalid_parameter",
        "missing_parameter",
        "unknown_model",
        "invalid_api_key",
        "insufficient_scope",
        "not_found",
        "idempotency_conflict",
        "insufficient_credits",
        "file_too_large",
        "unsupported_media_type",
        "rate_limited",
        "internal_error",
        "service_unavailable",
        "generation_failed",
        "content_policy_violation",
    ]:
        assert required in codes
    status_map = error_code["x-rivya-http-status"]
    assert set(status_map) <= codes
    assert status_map["idempotency_conflict"] == 409
    assert status_map["insufficient_credits"] == 402
    assert status_map["file_too_large"] == 413
    assert status_map["unsupported_media_type"] == 415
    for name, status in ERROR_RESPONSE_STATUS.items():
        response = doc["components"]["responses"][name]
        examples = response["content"]["application/json"]["examples"]
        assert examples
        for example in examples.values():
            code = example["value"]["error"]["code"]
            assert status_map[code] == int(status), (name, code)
        assert "X-Request-Id" in response["headers"]
    assert "Retry-After" in doc["components"]["responses"]["RateLimited"]["headers"]
    assert "Retry-After" in doc["components"]["responses"]["ServiceUnavailable"]["headers"]
    for header in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]:
        assert header in doc["components"]["responses"]["RateLimited"]["headers"]


def test_security_scheme(doc):
    scheme = doc["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert scheme["bearerFormat"].startswith("rvya_sk_")
    assert scheme["description"]


def test_idempotency_key_on_creating_posts(doc):
    parameter = doc["components"]["parameters"]["IdempotencyKey"]
    assert parameter["name"] == "Idempotency-Key" and parameter["in"] == "header"
    for path in CREATING_POSTS:
        op = doc["paths"][path]["post"]
        assert {"$ref": "#/components/parameters/IdempotencyKey"} in op["parameters"]
        assert "409" in op["responses"]


def test_success_responses_carry_rate_limit_headers(doc):
    for method, path, op in operations(doc):
        if path == "/api/v1/openapi.json":
            continue
        code = next(code for code in op["responses"] if code.startswith("2"))
        headers = op["responses"][code]["headers"]
        for header in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-Request-Id"]:
            assert header in headers, (method, path, header)
    poll = doc["paths"]["/api/v1/generations/{taskId}"]["get"]["responses"]["200"]["headers"]
    assert "Retry-After" in poll


def test_path_parameters_keep_documented_names(doc):
    names = set()
    for path, item in doc["paths"].items():
        for parameter in item.get("parameters", []):
            parameter = resolve(doc, parameter)
            assert parameter["in"] == "path"
            assert "{" + parameter["name"] + "}" in path
            names.add(parameter["name"])
    assert names == {"fileId", "sessionId", "taskId", "endpointId"}


def test_public_openapi_route(doc):
    op = doc["paths"]["/api/v1/openapi.json"]["get"]
    assert op["security"] == []
    media = op["responses"]["200"]["content"]["application/json"]
    assert media["schema"]["type"] == "object"


# ---------------------------------------------------------------------------
# schemas
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", REQUIRED_SCHEMAS)
def test_named_schema_exists(schemas, name):
    assert name in schemas


def test_object_schemas_are_documented(doc, schemas):
    request_schemas = {name for name in schemas if name.startswith(("GenerationRequest.", "ModelParams."))} | {
        "ReferenceMediaItem",
        "ChatCompletionRequest",
        "ChatControls",
        "ChatAttachment",
        "FileUploadRequest",
        "WebhookEndpointCreate",
        "WebhookEndpointUpdate",
        "WebhookSecretRotation",
        "WebhookTestRequest",
    }
    for name, schema in schemas.items():
        if schema.get("type") != "object":
            continue
        assert schema.get("description"), name
        assert "required" in schema, name
        for prop_name, prop in schema["properties"].items():
            if "$ref" not in prop and prop_name != "model":
                assert prop.get("description"), (name, prop_name)
        if name in request_schemas:
            assert schema.get("additionalProperties") is False, name
        else:
            assert "additionalProperties" not in schema, name


def test_public_generation_fields(schemas):
    generation = schemas["PublicGeneration"]
    allowed = {
        "id",
        "status",
        "model",
        "reserved_credits",
        "final_credits",
        "created_at",
        "updated_at",
        "result",
        "error",
        "client_request_id",
    }
    assert set(generation["properties"]) <= allowed
    assert schemas["GenerationStatus"]["enum"] == ["queued", "running", "succeeded", "failed"]
    assert schemas["GenerationStatus"]["x-rivya-terminal"] == ["succeeded", "failed"]
    for field in ["result", "error"]:
        variants = generation["properties"][field]["oneOf"]
        assert {"type": "null"} in variants
    assert "null" in generation["properties"]["final_credits"]["type"]
    assert set(schemas["GenerationError"]["required"]) == {"code", "message"}


def test_generation_request_has_no_files_field(schemas):
    for name, schema in schemas.items():
        if name.startswith("GenerationRequest."):
            assert set(schema["properties"]) == {"model", "prompt", "params", "client_request_id"}


def test_reference_media_item(schemas):
    item = schemas["ReferenceMediaItem"]
    assert set(item["required"]) == {"url", "kind"}
    assert set(item["properties"]) == {"url", "kind", "name", "mimeType", "durationSeconds", "durationToken"}


def test_chat_request_has_no_messages_array(schemas):
    request = schemas["ChatCompletionRequest"]
    assert "messages" not in request["properties"]
    assert set(request["required"]) == {"model", "message"}
    assert request["properties"]["controls"] == {"$ref": "#/components/schemas/ChatControls"}
    assert schemas["ChatControls"]["additionalProperties"] is False
    assert schemas["ChatAttachment"]["required"] == ["file_id"]


def test_chat_stream(doc, schemas):
    event = schemas["ChatStreamEvent"]
    assert event["discriminator"]["propertyName"] == "event"
    assert event["discriminator"]["mapping"] == {k: f"#/components/schemas/{v}" for k, v in STREAM_EVENTS.items()}
    assert [variant["$ref"] for variant in event["oneOf"]] == list(event["discriminator"]["mapping"].values())
    for event_name, schema_name in STREAM_EVENTS.items():
        assert schemas[schema_name]["properties"]["event"]["const"] == event_name
    response = doc["paths"]["/api/v1/chat/completions/stream"]["post"]["responses"]["200"]
    assert response["content"]["text/event-stream"]["schema"] == {"$ref": "#/components/schemas/ChatStreamEvent"}
    assert "event: <name>\\ndata: <json>\\n\\n" in response["description"]
    stream_request = doc["paths"]["/api/v1/chat/completions/stream"]["post"]["requestBody"]
    assert stream_request["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ChatCompletionRequest"
    }


def test_file_upload(doc):
    body = doc["paths"]["/api/v1/files"]["post"]["requestBody"]["content"]["multipart/form-data"]
    schema = resolve(doc, body["schema"])
    assert set(schema["required"]) == {"file", "kind"}
    assert schema["properties"]["file"]["contentMediaType"] == "application/octet-stream"
    assert set(schema["properties"]) == {"file", "kind", "model", "client_request_id"}
    assert "file" in body["encoding"]
    responses = doc["paths"]["/api/v1/files"]["post"]["responses"]
    assert responses["201"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PublicApiFile"}
    assert {"413", "415"} <= set(responses)


def test_pagination(doc, schemas):
    for path, list_schema in LIST_ENDPOINTS.items():
        op = doc["paths"][path]["get"]
        parameters = [resolve(doc, p) for p in op["parameters"]]
        by_name = {p["name"]: p for p in parameters}
        assert by_name["limit"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
        assert by_name["after"]["in"] == "query"
        assert op["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{list_schema}"
        }
        envelope = schemas[list_schema]
        assert envelope["required"] == ["object", "data", "has_more", "next_cursor"]
        assert envelope["properties"]["object"]["const"] == "list"
        assert envelope["properties"]["next_cursor"]["type"] == ["string", "null"]


def test_webhooks_section(doc):
    webhooks = doc["webhooks"]
    assert set(webhooks) >= {"generation.succeeded", "generation.failed"}
    for item in webhooks.values():
        op = item["post"]
        names = {resolve(doc, p)["name"] for p in op["parameters"]}
        assert names == {"Rivya-Webhook-Signature", "Rivya-Webhook-Timestamp"}
        assert op["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/WebhookEvent"
        }
        assert "HMAC-SHA256" in op["description"] and "300 seconds" in op["description"]
    secret = doc["components"]["schemas"]["WebhookEndpointWithSecret"]
    assert "secret" in secret["required"]
    assert "secret" not in doc["components"]["schemas"]["WebhookEndpoint"]["properties"]


def test_no_internal_fields_and_snake_case(doc):
    for pointer, node in walk(doc):
        properties = node.get("properties")
        if not isinstance(properties, dict) or "/examples/" in pointer:
            continue
        for name in properties:
            assert name not in FORBIDDEN_FIELDS, (pointer, name)
            assert not name.startswith(FORBIDDEN_PREFIXES), (pointer, name)
            assert SNAKE.match(name) or name in CAMEL_CASE_FIELDS, (pointer, name)


# ---------------------------------------------------------------------------
# examples
# ---------------------------------------------------------------------------


def _format_checker():
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value):
        if not isinstance(value, str):
            return True
        parsed = urlparse(value)
        return bool(parsed.scheme and parsed.netloc) and " " not in value

    @checker.checks("uri-reference")
    def is_uri_reference(value):
        return not isinstance(value, str) or " " not in value

    return checker


def _example_cases(doc):
    """(location, schema pointer, value) for every example in the document."""
    cases = []

    def schema_walk(node, pointer):
        if isinstance(node, dict):
            if isinstance(node.get("examples"), list):
                cases.extend((f"{pointer}/examples/{i}", pointer, v) for i, v in enumerate(node["examples"]))
            if "default" in node:
                cases.append((f"{pointer}/default", pointer, node["default"]))
            for key, value in node.items():
                if key in ("examples", "default", "const", "enum") or key.startswith("x-"):
                    continue
                if key in ("properties", "patternProperties", "$defs"):
                    # maps of name -> subschema: the names are not keywords
                    for name, subschema in value.items():
                        schema_walk(subschema, f"{pointer}/{key}/{name.replace('~', '~0').replace('/', '~1')}")
                    continue
                schema_walk(value, f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                schema_walk(value, f"{pointer}/{index}")

    for pointer, node in walk(doc):
        if pointer.startswith("/components/schemas/") and pointer.count("/") == 3:
            schema_walk(node, pointer)
        if "schema" in node and isinstance(node["schema"], dict):
            schema_pointer = f"{pointer}/schema"
            schema_walk(node["schema"], schema_pointer)
            if "example" in node:
                cases.append((f"{pointer}/example", schema_pointer, node["example"]))
            for name, example in (node.get("examples") or {}).items():
                example = resolve(doc, example)
                cases.append((f"{pointer}/examples/{name}", schema_pointer, example["value"]))
    return cases


def test_every_example_validates(doc):
    registry = Registry().with_resource(DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012))
    checker = _format_checker()
    cases = _example_cases(doc)
    assert len(cases) > 100
    failures = []
    for location, schema_pointer, value in cases:
        validator = Draft202012Validator(
            {"$ref": f"{DOC_URI}#{quote(schema_pointer, safe='/~')}"},
            registry=registry,
            format_checker=checker,
        )
        for error in validator.iter_errors(value):
            failures.append(f"{location}: {error.message}")
    assert not failures, "\n".join(failures[:20])


def test_examples_use_no_internal_fields(doc):
    for pointer, node in walk(doc):
        if "/examples/" in pointer or pointer.endswith("/examples"):
            for key in node:
                assert key not in FORBIDDEN_FIELDS, (pointer, key)


# ---------------------------------------------------------------------------
# model catalog
# ---------------------------------------------------------------------------


def _catalog_example(doc):
    media = doc["paths"]["/api/v1/models"]["get"]["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/ModelList"}
    (example,) = media["examples"].values()
    return example["value"]


def test_generation_request_catalog_representation(schemas):
    request = schemas["GenerationRequest"]
    discriminator = request["discriminator"]
    assert discriminator["propertyName"] == "model"
    mapping = discriminator["mapping"]
    one_of = [variant["$ref"] for variant in request["oneOf"]]
    assert len(one_of) == len(set(one_of))
    assert set(one_of) == set(mapping.values())
    per_model = {name.split(".", 1)[1] for name in schemas if name.startswith("GenerationRequest.")}
    params = {name.split(".", 1)[1] for name in schemas if name.startswith("ModelParams.")}
    assert set(mapping) == per_model == params
    kinds, statuses = [], []
    for model_id, target in mapping.items():
        assert re.match(r"^[a-z0-9][a-z0-9.-]*$", model_id)
        assert target == f"#/components/schemas/GenerationRequest.{model_id}"
        schema = schemas[f"GenerationRequest.{model_id}"]
        assert schema["type"] == "object"
        assert schema["additionalProperties"] is False
        assert schema["properties"]["model"] == {"const": model_id}
        assert "model" in schema["required"]
        assert schema["properties"]["params"] == {"$ref": f"#/components/schemas/ModelParams.{model_id}"}
        meta = schema["x-rivya-model"]
        assert meta["kind"] in {"image", "video", "audio"}
        assert meta["status"] in {"available", "gated", "deprecated"}
        kinds.append(meta["kind"])
        statuses.append(meta["status"])
        model_params = schemas[f"ModelParams.{model_id}"]
        assert model_params["type"] == "object" and model_params["additionalProperties"] is False
        assert len(model_params["properties"]) >= 3
        media_items = model_params["properties"].get("referenceMediaItems")
        if media_items is not None:
            assert media_items["type"] == "array"
            assert media_items["items"] == {"$ref": "#/components/schemas/ReferenceMediaItem"}
            assert "maxItems" in media_items
    assert kinds.count("image") >= 4 and kinds.count("video") >= 3 and kinds.count("audio") >= 3
    assert "gated" in statuses and "deprecated" in statuses


def test_model_list_example_matches_catalog_schemas(doc, schemas):
    catalog = _catalog_example(doc)
    mapping = schemas["GenerationRequest"]["discriminator"]["mapping"]
    by_id = {model["id"]: model for model in catalog["data"]}
    assert len(by_id) == len(catalog["data"])
    generation_ids = {model_id for model_id, model in by_id.items() if model["kind"] != "chat"}
    assert generation_ids == set(mapping)
    chat_ids = set(by_id) - generation_ids
    assert chat_ids, "chat models are listed"
    for model_id in chat_ids:
        assert by_id[model_id]["params"] == []
    keyword_of = {
        "enum": "enum",
        "minimum": "minimum",
        "maximum": "maximum",
        "min_length": "minLength",
        "max_length": "maxLength",
        "min_items": "minItems",
        "max_items": "maxItems",
        "default": "default",
    }
    for model_id in generation_ids:
        entry = by_id[model_id]
        request = schemas[f"GenerationRequest.{model_id}"]
        meta = request["x-rivya-model"]
        assert (entry["kind"], entry["status"], entry["name"]) == (meta["kind"], meta["status"], meta["name"])
        assert entry["credits"] == meta["credits"]
        assert entry["prompt_required"] == ("prompt" in request["required"])
        model_params = schemas[f"ModelParams.{model_id}"]
        properties = model_params["properties"]
        assert [p["name"] for p in entry["params"]] == list(properties)
        assert {p["name"] for p in entry["params"] if p["required"]} == set(model_params["required"])
        for p in entry["params"]:
            prop = properties[p["name"]]
            assert p["type"] == prop["type"], (model_id, p["name"])
            assert p["description"] == prop["description"], (model_id, p["name"])
            for key, keyword in keyword_of.items():
                assert p.get(key, MISSING) == prop.get(keyword, MISSING), (model_id, p["name"], key)
            if p["type"] == "array":
                assert prop["items"] == {"$ref": f"#/components/schemas/{p['item_schema']}"}
                assert p["accepted_kinds"] == prop["x-rivya-accepted-kinds"]
