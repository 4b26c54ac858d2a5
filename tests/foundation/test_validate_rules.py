"""Every validation rule: the bundled contract passes it, and a minimal mutation of the
contract fails it with a finding at the expected pointer (table-driven)."""

from __future__ import annotations

import copy
import json
import string
from collections.abc import Callable
from typing import Any

import pytest

from rivya_contract import rules
from rivya_contract.document import Document
from rivya_contract.load import BUNDLED_CONTRACT, document_from_bytes, load_bundled
from rivya_contract.validate import RIVYA_FAMILIES, SPEC_FAMILIES, validate

BASE: dict[str, Any] = json.loads(BUNDLED_CONTRACT.read_bytes())
GEN = "/paths/~1api~1v1~1generations/post"
Mutation = Callable[[dict[str, Any]], None]


def op(doc: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    result: dict[str, Any] = doc["paths"][path][method]
    return result


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = doc["components"]["schemas"]
    return result


def first_model(doc: dict[str, Any]) -> str:
    return next(iter(schemas(doc)["GenerationRequest"]["discriminator"]["mapping"]))


def _drop_catalog_mapping(doc: dict[str, Any]) -> None:
    del schemas(doc)["GenerationRequest"]["discriminator"]["mapping"][first_model(doc)]


def _wrong_const(doc: dict[str, Any]) -> None:
    schemas(doc)[f"GenerationRequest.{first_model(doc)}"]["properties"]["model"] = {"const": "other"}


def _bad_meta(doc: dict[str, Any]) -> None:
    schemas(doc)[f"GenerationRequest.{first_model(doc)}"]["x-rivya-model"]["status"] = "retired"


def _bad_params_ref(doc: dict[str, Any]) -> None:
    schemas(doc)[f"GenerationRequest.{first_model(doc)}"]["properties"]["params"] = {"type": "object"}


def _model_list_drift(doc: dict[str, Any]) -> None:
    params = schemas(doc)[f"ModelParams.{first_model(doc)}"]["properties"]
    name = next(iter(params))
    params[name] = (
        {**params[name], "default": "drifted"}
        if "default" in params[name]
        else {
            **params[name],
            "maximum": 123456,
        }
    )


def _model_list_incomplete(doc: dict[str, Any]) -> None:
    examples = op(doc, "/api/v1/models", "get")["responses"]["200"]["content"]["application/json"]["examples"]
    for example in examples.values():
        example["value"]["data"] = [m for m in example["value"]["data"] if m["id"] != first_model(doc)]


def _internal_field(doc: dict[str, Any]) -> None:
    schemas(doc)["PublicGeneration"]["properties"]["provider_job_id"] = {"type": "string"}


def _camel_field(doc: dict[str, Any]) -> None:
    schemas(doc)["PublicGeneration"]["properties"]["createdAt"] = {"type": "string"}


def _top_level_files(doc: dict[str, Any]) -> None:
    schemas(doc)[f"GenerationRequest.{first_model(doc)}"]["properties"]["files"] = {"type": "array"}


def _raw_messages(doc: dict[str, Any]) -> None:
    schemas(doc)["ChatCompletionRequest"]["properties"]["messages"] = {"type": "array"}


def _no_security(doc: dict[str, Any]) -> None:
    op(doc, "/api/v1/credits", "get")["security"] = []


def _no_scopes(doc: dict[str, Any]) -> None:
    target = op(doc, "/api/v1/credits", "get")
    target["security"] = [{"bearerAuth": []}]
    target.pop("x-rivya-scopes", None)


def _public_secured(doc: dict[str, Any]) -> None:
    op(doc, "/api/v1/openapi.json", "get")["security"] = [{"bearerAuth": ["models:read"]}]


def _no_error_responses(doc: dict[str, Any]) -> None:
    responses = op(doc, "/api/v1/credits", "get")["responses"]
    for code in [c for c in responses if c[0] in "45" or c == "default"]:
        del responses[code]


def _no_auth_errors(doc: dict[str, Any]) -> None:
    del op(doc, "/api/v1/credits", "get")["responses"]["403"]


def _error_not_public(doc: dict[str, Any]) -> None:
    op(doc, "/api/v1/credits", "get")["responses"]["401"] = {
        "description": "x",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }


def _no_429(doc: dict[str, Any]) -> None:
    del op(doc, "/api/v1/credits", "get")["responses"]["429"]


def _429_without_headers(doc: dict[str, Any]) -> None:
    op(doc, "/api/v1/credits", "get")["responses"]["429"] = {
        "description": "slow down",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PublicApiError"}}},
    }


def _no_idempotency(doc: dict[str, Any]) -> None:
    target = op(doc, "/api/v1/generations", "post")
    target["parameters"] = [p for p in target.get("parameters", []) if "Idempotency" not in json.dumps(p)]


def _stream_not_sse(doc: dict[str, Any]) -> None:
    responses = op(doc, "/api/v1/chat/completions/stream", "post")["responses"]
    responses["200"] = {
        "description": "x",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ChatCompletion"}}},
    }


def _no_operation_id(doc: dict[str, Any]) -> None:
    del op(doc, "/api/v1/credits", "get")["operationId"]


def _no_summary(doc: dict[str, Any]) -> None:
    del op(doc, "/api/v1/credits", "get")["summary"]


def _no_description(doc: dict[str, Any]) -> None:
    del op(doc, "/api/v1/credits", "get")["description"]


def _no_tags(doc: dict[str, Any]) -> None:
    del op(doc, "/api/v1/credits", "get")["tags"]


def _error_codes_closed(doc: dict[str, Any]) -> None:
    del schemas(doc)["ErrorCode"]["x-extensible-enum"]


def _catalog_missing(doc: dict[str, Any]) -> None:
    del schemas(doc)["GenerationRequest"]["discriminator"]


def _missing_endpoint(doc: dict[str, Any]) -> None:
    del doc["paths"]["/api/v1/files/{fileId}"]


def _undocumented_endpoint(doc: dict[str, Any]) -> None:
    doc["paths"]["/api/v1/jobs"] = copy.deepcopy(doc["paths"]["/api/v1/credits"])
    doc["paths"]["/api/v1/jobs"]["get"]["operationId"] = "listJobs"


def _bad_example(doc: dict[str, Any]) -> None:
    content = op(doc, "/api/v1/credits", "get")["responses"]["200"]["content"]["application/json"]
    for example in content["examples"].values():
        example["value"] = {"balance": "lots"}


def _spec_error(doc: dict[str, Any]) -> None:
    op(doc, "/api/v1/credits", "get")["responses"]["2XX0"] = {"description": "bad"}


def _dangling_ref(doc: dict[str, Any]) -> None:
    op(doc, "/api/v1/credits", "get")["responses"]["200"] = {"$ref": "#/components/responses/NoSuchResponse"}


def _bad_version(doc: dict[str, Any]) -> None:
    doc["openapi"] = "4.0.0"


def _ref_loop(doc: dict[str, Any]) -> None:
    schemas(doc)["ClientRequestId"]["allOf"] = [{"$ref": "#/components/schemas/ClientRequestId"}]


def _bad_pattern(doc: dict[str, Any]) -> None:
    schemas(doc)["ClientRequestId"]["pattern"] = "[a-z"


# rule id -> (mutation, a pointer prefix the finding must have, or None for any)
CASES: dict[str, tuple[Mutation, str | None]] = {
    "openapi-spec": (_spec_error, "/paths/~1api~1v1~1credits/get/responses"),
    "openapi-version-unsupported": (_bad_version, "/openapi"),
    "ref-unresolved": (_dangling_ref, "/paths/~1api~1v1~1credits/get/responses/200/$ref"),
    "schema-ref-loop": (_ref_loop, "/components/schemas/ClientRequestId/allOf/0/$ref"),
    "pattern-invalid": (_bad_pattern, "/components/schemas/ClientRequestId/pattern"),
    "internal-field-exposed": (_internal_field, "/components/schemas/PublicGeneration/properties/provider_job_id"),
    "field-name-not-public-style": (_camel_field, "/components/schemas/PublicGeneration/properties/createdAt"),
    "generation-top-level-files": (_top_level_files, "/components/schemas/GenerationRequest."),
    "chat-raw-messages": (_raw_messages, "/components/schemas/ChatCompletionRequest/properties/messages"),
    "operation-id-missing": (_no_operation_id, "/paths/~1api~1v1~1credits/get"),
    "operation-summary-missing": (_no_summary, "/paths/~1api~1v1~1credits/get"),
    "operation-description-missing": (_no_description, "/paths/~1api~1v1~1credits/get"),
    "operation-tags-missing": (_no_tags, "/paths/~1api~1v1~1credits/get"),
    "operation-security-missing": (_no_security, "/paths/~1api~1v1~1credits/get/security"),
    "operation-scopes-missing": (_no_scopes, "/paths/~1api~1v1~1credits/get/security"),
    "operation-public-has-security": (_public_secured, "/paths/~1api~1v1~1openapi.json/get/security"),
    "operation-error-responses-missing": (_no_error_responses, "/paths/~1api~1v1~1credits/get/responses"),
    "operation-auth-errors-missing": (_no_auth_errors, "/paths/~1api~1v1~1credits/get/responses"),
    "error-response-not-public-api-error": (_error_not_public, "/paths/~1api~1v1~1credits/get/responses/401"),
    "rate-limit-response-missing": (_no_429, "/paths/~1api~1v1~1credits/get/responses"),
    "rate-limit-headers-missing": (_429_without_headers, "/paths/~1api~1v1~1credits/get/responses/429"),
    "idempotency-key-missing": (_no_idempotency, GEN),
    "stream-media-type-missing": (_stream_not_sse, "/paths/~1api~1v1~1chat~1completions~1stream/post"),
    "catalog-missing": (_catalog_missing, "/components/schemas/GenerationRequest"),
    "catalog-mapping-mismatch": (_drop_catalog_mapping, "/components/schemas/GenerationRequest/oneOf/"),
    "catalog-model-const": (_wrong_const, "/components/schemas/GenerationRequest."),
    "catalog-model-meta": (_bad_meta, "/components/schemas/GenerationRequest."),
    "catalog-params-ref": (_bad_params_ref, "/components/schemas/GenerationRequest."),
    "catalog-model-list-drift": (_model_list_drift, "/paths/~1api~1v1~1models/get/responses/200"),
    "catalog-model-list-incomplete": (_model_list_incomplete, "/components/schemas/GenerationRequest."),
    "error-code-enum-not-extensible": (_error_codes_closed, "/components/schemas/ErrorCode"),
    "surface-endpoint-missing": (_missing_endpoint, "/paths"),
    "surface-endpoint-undocumented": (_undocumented_endpoint, "/paths/~1api~1v1~1jobs/get"),
    "example-invalid": (_bad_example, "/paths/~1api~1v1~1credits/get/responses/200"),
}


# Mutations whose examples are, truly, no longer valid either.
CONSEQUENCES = {"catalog-model-const": {"example-invalid"}}


def validation_rule_ids() -> set[str]:
    families = set(SPEC_FAMILIES) | set(RIVYA_FAMILIES)
    import importlib

    return {rule.id for name in families for rule in importlib.import_module(name).RULES}


def mutated(mutation: Mutation) -> Document:
    tree = copy.deepcopy(BASE)
    mutation(tree)
    raw = json.dumps(tree, indent=2).encode()
    return document_from_bytes(raw, "mutated.json", hint="json")


def test_every_validation_rule_has_a_case():
    assert validation_rule_ids() == set(CASES)


def test_bundled_contract_passes_every_rule():
    findings = validate(load_bundled(), profile="rivya")
    assert findings == []


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_on_its_mutation(rule_id):
    mutation, pointer = CASES[rule_id]
    findings = validate(mutated(mutation), profile="rivya")
    hits = [f for f in findings if f.rule == rule_id]
    assert hits, f"{rule_id} not reported; got {[(f.rule, f.pointer) for f in findings]}"
    rule = rules.get(rule_id)
    for hit in hits:
        assert hit.level == rule.level
        fields = {name for _, name, _, _ in string.Formatter().parse(rule.message) if name}
        assert hit.message and fields <= set(hit.args), (hit.message, hit.args)
        if pointer is not None:
            assert hit.pointer.startswith(pointer), (hit.pointer, pointer)
        if rule_id != "openapi-version-unsupported":
            assert hit.line is not None, hit
    # one logical change, one rule: the mutation triggers no unrelated error rule
    # (spec errors excepted for the mutations that also break the OpenAPI schema)
    unrelated = {f.rule for f in findings if f.level == "error"} - {rule_id, "openapi-spec"}
    assert unrelated <= CONSEQUENCES.get(rule_id, set()), [(f.rule, f.pointer) for f in findings]


def test_generic_profile_runs_only_the_spec():
    findings = validate(mutated(_internal_field), profile="generic")
    assert findings == []
