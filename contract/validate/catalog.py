"""Rule family: the model catalog inside the contract.

The catalog is ``components/schemas/GenerationRequest``: a oneOf of one
``GenerationRequest.<modelId>`` per model, discriminated on ``model``. Each variant's
``model`` is ``{"const": <modelId>}``, its ``params`` refer to ``ModelParams.<modelId>``
and it carries ``x-rivya-model`` (kind, status). The ModelList examples that
``GET /api/v1/models`` documents must describe the same parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rivya_contract import pointer as jp
from rivya_contract import rivya
from rivya_contract.document import Document
from rivya_contract.findings import Finding, Level
from rivya_contract.rules import Rule
from rivya_contract.validate.base import finding

_REASON = "validation rule: it judges one document, not a change"


def _rule(rule_id: str, level: Level, description: str, message: str) -> Rule:
    return Rule(rule_id, level, description, message, area="validate", mirror_reason=_REASON)


RULES = [
    _rule(
        "catalog-missing",
        Level.ERROR,
        "The contract has no GenerationRequest catalog (a oneOf with a discriminator on `model`).",
        "components/schemas/GenerationRequest must be a oneOf with discriminator on 'model': {detail}",
    ),
    _rule(
        "catalog-mapping-mismatch",
        Level.ERROR,
        "The GenerationRequest discriminator mapping and its oneOf variants disagree.",
        "model {model!r}: {detail}",
    ),
    _rule(
        "catalog-model-const",
        Level.ERROR,
        "A per-model request schema's `model` is not `{const: <modelId>}` matching its name.",
        "GenerationRequest.{model}: {detail}",
    ),
    _rule(
        "catalog-model-meta",
        Level.ERROR,
        "A per-model request schema lacks a valid `x-rivya-model` (kind, status).",
        "GenerationRequest.{model}: {detail}",
    ),
    _rule(
        "catalog-params-ref",
        Level.ERROR,
        "A per-model request schema's `params` does not refer to an existing `ModelParams.<modelId>`.",
        "GenerationRequest.{model}: {detail}",
    ),
    _rule(
        "catalog-model-list-drift",
        Level.ERROR,
        "A ModelList example disagrees with the catalog's per-model schemas.",
        "ModelList example, model {model!r}: {detail}",
    ),
    _rule(
        "catalog-model-list-incomplete",
        Level.WARNING,
        "A catalog model is absent from every ModelList example.",
        "catalog model {model!r} appears in no ModelList example",
    ),
    _rule(
        "error-code-enum-not-extensible",
        Level.ERROR,
        "The public error code enum is not marked `x-extensible-enum` (adding codes is compatible by policy).",
        "{schema} must be marked 'x-extensible-enum: true'",
    ),
]

SCHEMAS = "/components/schemas/"


def check(doc: Document) -> Iterator[Finding]:
    schemas = doc.get("/components/schemas") or {}
    yield from _error_codes(doc, schemas)
    catalog = schemas.get(rivya.CATALOG_SCHEMA)
    where = SCHEMAS + rivya.CATALOG_SCHEMA
    if not isinstance(catalog, dict):
        yield finding(doc, "catalog-missing", "/components/schemas", detail="it is absent")
        return
    variants = catalog.get("oneOf")
    discriminator = catalog.get("discriminator")
    if not isinstance(variants, list) or not isinstance(discriminator, dict):
        yield finding(doc, "catalog-missing", where, detail="no oneOf or no discriminator")
        return
    if discriminator.get("propertyName") != "model":
        yield finding(
            doc,
            "catalog-missing",
            jp.append(where, "discriminator"),
            detail="propertyName is not 'model'",
        )
    mapping = discriminator.get("mapping") or {}
    refs = [v.get("$ref") for v in variants if isinstance(v, dict)]
    for model, ref in mapping.items():
        if ref not in refs:
            yield finding(
                doc,
                "catalog-mapping-mismatch",
                jp.append(where, "discriminator", "mapping", model),
                model=model,
                detail=f"the mapping points to {ref} which is not a oneOf variant",
            )
    prefix = "#" + SCHEMAS + rivya.CATALOG_VARIANT_PREFIX
    for index, ref in enumerate(refs):
        if ref not in mapping.values():
            yield finding(
                doc,
                "catalog-mapping-mismatch",
                jp.append(where, "oneOf", index),
                model=str(ref).removeprefix(prefix),
                detail="a oneOf variant has no discriminator mapping entry",
            )
    models: dict[str, dict[str, Any]] = {}
    for model, ref in mapping.items():
        expected = "#" + SCHEMAS + rivya.CATALOG_VARIANT_PREFIX + model
        if ref != expected:
            yield finding(
                doc,
                "catalog-mapping-mismatch",
                jp.append(where, "discriminator", "mapping", model),
                model=model,
                detail=f"maps to {ref}; expected {expected}",
            )
            continue
        variant = doc.ref_target(ref)
        if not isinstance(variant, dict):
            yield finding(
                doc,
                "catalog-mapping-mismatch",
                jp.append(where, "discriminator", "mapping", model),
                model=model,
                detail=f"{ref} does not exist",
            )
            continue
        models[model] = variant
        yield from _variant(doc, model, variant, ref[1:])
    # A variant that lost its mapping entry is still a model the examples may list;
    # the mismatch above is the one finding for that change.
    for ref in refs:
        if isinstance(ref, str) and ref.startswith(prefix):
            variant = doc.ref_target(ref)
            if isinstance(variant, dict):
                models.setdefault(ref.removeprefix(prefix), variant)
    yield from _model_list_examples(doc, models)


def _error_codes(doc: Document, schemas: dict[str, Any]) -> Iterator[Finding]:
    codes = schemas.get(rivya.ERROR_CODE_SCHEMA)
    if isinstance(codes, dict) and codes.get("x-extensible-enum") is not True:
        yield finding(
            doc,
            "error-code-enum-not-extensible",
            SCHEMAS + rivya.ERROR_CODE_SCHEMA,
            schema=rivya.ERROR_CODE_SCHEMA,
        )


def _variant(doc: Document, model: str, variant: dict[str, Any], where: str) -> Iterator[Finding]:
    properties = variant.get("properties") or {}
    model_schema = properties.get("model")
    if not isinstance(model_schema, dict) or model_schema.get("const") != model:
        yield finding(
            doc,
            "catalog-model-const",
            jp.append(where, "properties", "model") if model_schema else where,
            model=model,
            detail=f'\'model\' must be {{"const": "{model}"}}',
        )
    if "model" not in (variant.get("required") or []):
        yield finding(doc, "catalog-model-const", where, model=model, detail="'model' is not required")
    meta = variant.get("x-rivya-model")
    if not isinstance(meta, dict):
        yield finding(doc, "catalog-model-meta", where, model=model, detail="no x-rivya-model")
    else:
        for field, allowed in (("kind", rivya.MODEL_KINDS), ("status", rivya.MODEL_STATUSES)):
            if meta.get(field) not in allowed:
                yield finding(
                    doc,
                    "catalog-model-meta",
                    jp.append(where, "x-rivya-model"),
                    model=model,
                    detail=f"x-rivya-model.{field} is {meta.get(field)!r}; expected one of {', '.join(allowed)}",
                )
    params = properties.get("params")
    expected = "#" + SCHEMAS + rivya.CATALOG_PARAMS_PREFIX + model
    if not isinstance(params, dict) or params.get("$ref") != expected:
        yield finding(
            doc,
            "catalog-params-ref",
            jp.append(where, "properties", "params") if params else where,
            model=model,
            detail=f'\'params\' must be {{"$ref": "{expected}"}}',
        )
    elif not isinstance(doc.ref_target(expected), dict):
        yield finding(
            doc,
            "catalog-params-ref",
            jp.append(where, "properties", "params"),
            model=model,
            detail=f"{expected} does not exist",
        )


def _model_list_examples(doc: Document, models: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    listed: set[str] = set()
    for where, example in _model_list_example_values(doc):
        data = example.get("data") if isinstance(example, dict) else None
        for index, entry in enumerate(data or []):
            if not isinstance(entry, dict):
                continue
            model = str(entry.get("id"))
            at = jp.append(where, "data", index)
            listed.add(model)
            if entry.get("kind") not in rivya.MODEL_KINDS:
                continue  # chat models have no generation variant
            if model not in models:
                yield finding(
                    doc,
                    "catalog-model-list-drift",
                    at,
                    model=model,
                    detail="not in the GenerationRequest catalog",
                )
                continue
            for detail in _param_differences(doc, model, entry, models[model]):
                yield finding(doc, "catalog-model-list-drift", at, model=model, detail=detail)
    for model in models:
        if listed and model not in listed:
            yield finding(
                doc,
                "catalog-model-list-incomplete",
                SCHEMAS + rivya.CATALOG_VARIANT_PREFIX + model,
                model=model,
            )


def _model_list_example_values(doc: Document) -> Iterator[tuple[str, Any]]:
    target = "#/components/schemas/ModelList"
    for op in doc.operations():
        for code, response in (op.node.get("responses") or {}).items():
            response = doc.resolve(response)
            if not isinstance(response, dict):
                continue
            for media, media_object in (response.get("content") or {}).items():
                if not isinstance(media_object, dict):
                    continue
                schema = media_object.get("schema")
                if not (isinstance(schema, dict) and schema.get("$ref") == target):
                    continue
                where = jp.append(op.pointer, "responses", code, "content", media)
                if "example" in media_object:
                    yield jp.append(where, "example"), media_object["example"]
                for name, example in (media_object.get("examples") or {}).items():
                    example = doc.resolve(example)
                    if isinstance(example, dict) and "value" in example:
                        yield jp.append(where, "examples", name, "value"), example["value"]


# What a ModelParam form entry says, and the JSON Schema keyword that says the same.
_FORM_TO_SCHEMA = {
    "default": "default",
    "enum": "enum",
    "minimum": "minimum",
    "maximum": "maximum",
    "min_items": "minItems",
    "max_items": "maxItems",
    "min_length": "minLength",
    "max_length": "maxLength",
}


def _param_differences(doc: Document, model: str, entry: dict[str, Any], variant: dict[str, Any]) -> Iterator[str]:
    params = (variant.get("properties") or {}).get("params")  # a schema: an object or a boolean
    params_ref = params.get("$ref") if isinstance(params, dict) else None
    schema = doc.resolve({"$ref": params_ref}) if isinstance(params_ref, str) else None
    if not isinstance(schema, dict):
        return
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    # the example's entry is data: any JSON (a name that is no string matches no property)
    listed = entry.get("params")
    form = (
        {p["name"]: p for p in listed if isinstance(p, dict) and isinstance(p.get("name"), str)}
        if isinstance(listed, list)
        else {}
    )
    for name in sorted(set(properties) - set(form), key=str):
        yield f"parameter {name!r} is in ModelParams.{model} but not in the example"
    for name in sorted(set(form) - set(properties), key=str):
        yield f"parameter {name!r} is in the example but not in ModelParams.{model}"
    for name in sorted(set(form) & set(properties), key=str):
        field, prop = form[name], doc.resolve(properties[name])
        if bool(field.get("required")) != (name in required):
            yield f"parameter {name!r}: required is {bool(field.get('required'))} in the example"
        if not isinstance(prop, dict):
            continue
        if "type" in field and "type" in prop and field["type"] != prop["type"]:
            yield f"parameter {name!r}: type is {field['type']!r} in the example, {prop['type']!r} in the schema"
        for form_key, schema_key in _FORM_TO_SCHEMA.items():
            if form_key in field and field[form_key] != prop.get(schema_key):
                yield (
                    f"parameter {name!r}: {form_key} is {field[form_key]!r} in the example, "
                    f"{prop.get(schema_key)!r} in the schema"
                )
