"""Shapes real APIs publish (Cloudflare, GitHub) that broke typed models, in one small spec.

The package generated from it must pass ``mypy --strict`` and parse real payloads: an
``allOf`` that narrows an inherited property, ``oneOf: [X]`` inside an ``allOf``, an
``allOf`` of a union and a narrowing object, union variants beside ``properties`` that
narrow them, defaults that do not fit their schema, an enum with a ``format``, a ``uri``
that must come back verbatim, an object default on a union.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.write import write_sdk
from rivya_contract.load import load

VENV_BIN = Path(sys.executable).parent


def _ok(ref: str) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}}


SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shapes", "version": "1.0.0"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {
        "/lans/{id}": {
            "get": {
                "operationId": "getLan",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": _ok("#/components/schemas/lan_response"),
            }
        },
        "/deployments": {
            "get": {"operationId": "listDeployments", "responses": _ok("#/components/schemas/deployments")}
        },
        "/events": {"get": {"operationId": "nextEvent", "responses": _ok("#/components/schemas/stream_event")}},
        "/runs": {"get": {"operationId": "getRun", "responses": _ok("#/components/schemas/run")}},
        "/overrides": {"get": {"operationId": "getOverride", "responses": _ok("#/components/schemas/override")}},
        "/rules": {"get": {"operationId": "getRule", "responses": _ok("#/components/schemas/response_rule")}},
        "/packages/{id}": {
            "patch": {
                "operationId": "updatePackage",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/check_update"}}}
                },
                "responses": _ok("#/components/schemas/package_response"),
            }
        },
    },
    "components": {
        "schemas": {
            # Cloudflare's rule overrides: a named scalar inside ``allOf``, a lone inline part,
            # a constrained list as a map value, ``items`` beside ``type: object``, and
            # OpenAI's ``oneOf: [{const}]``: dmcg gave each a class it named itself.
            "rule_enabled": {"type": "boolean", "title": "Enabled", "description": "Run the rule."},
            "override": {
                "type": "object",
                "properties": {
                    "enabled": {
                        "description": "Run it here.",
                        "allOf": [{"$ref": "#/components/schemas/rule_enabled"}],
                    },
                    "created": {"description": "When.", "allOf": [{"type": "string", "format": "date-time"}]},
                    "kind": {"description": "Only one.", "oneOf": [{"type": "string", "const": "wandb"}]},
                    "rules": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    },
                    "result": {"type": "object", "items": {"type": "string"}},
                    "status": {"$ref": "#/components/schemas/live_status"},
                },
            },
            "live_status": {"type": "string", "nullable": True, "enum": [None, "connected", "failed"]},
            # Cloudflare's envelope: ``result`` is anything, then each response narrows it.
            "api_response_single": {
                "type": "object",
                "required": ["success", "result"],
                "properties": {
                    "success": {"type": "boolean"},
                    "result": {"anyOf": [{"type": "object"}, {"type": "array", "items": {}}, {"type": "string"}]},
                },
            },
            "lan": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "kind": {"$ref": "#/components/schemas/kind"},
                    "record": {"type": "string", "format": "hostname", "enum": ["cname", "txt"]},
                },
            },
            "lan_response": {
                "allOf": [
                    {"$ref": "#/components/schemas/api_response_single"},
                    {"properties": {"result": {"$ref": "#/components/schemas/lan"}}},
                ]
            },
            # enum default not among its values (Cloudflare's logpush_kind)
            "kind": {"type": "string", "enum": ["edge"], "nullable": True, "default": ""},
            "timestamps": {
                "type": "object",
                "properties": {"created_on": {"type": "string", "format": "date-time"}},
            },
            "audited": {  # no conflict: inheritance stays
                "allOf": [
                    {"$ref": "#/components/schemas/timestamps"},
                    {"properties": {"author": {"type": "string"}}},
                ]
            },
            "deployment_base": {
                "type": "object",
                "properties": {"strategy": {"type": "string"}, "id": {"type": "string"}},
            },
            "strategy_percentage": {
                "type": "object",
                "required": ["strategy"],
                "properties": {"strategy": {"type": "string", "enum": ["percentage"]}, "share": {"type": "number"}},
            },
            "deployment": {
                "allOf": [
                    {"$ref": "#/components/schemas/deployment_base"},
                    {"oneOf": [{"$ref": "#/components/schemas/strategy_percentage"}]},
                ]
            },
            "edge_ips": {
                "default": {"connectivity": "all", "type": "dynamic"},
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "enum": ["dynamic"]},
                            "connectivity": {"type": "string", "enum": ["all", "ipv4"]},
                        },
                    },
                    {
                        "type": "object",
                        "properties": {
                            "type": {"type": "string", "enum": ["static"]},
                            "ips": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                ],
            },
            # Cloudflare's WAF package response: an allOf of a union and an object that
            # narrows ``result`` in both variants.
            "package_response_single": {
                "oneOf": [
                    {"$ref": "#/components/schemas/api_response_single"},
                    {"properties": {"result": {"type": "object"}}},
                ]
            },
            "package": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    # GitHub's budget_type: a oneOf of one-value string enums
                    "pricing": {
                        "oneOf": [
                            {"type": "string", "enum": ["SkuPricing"]},
                            {"type": "string", "enum": ["ProductPricing"]},
                        ]
                    },
                },
            },
            "package_response": {
                "allOf": [
                    {"$ref": "#/components/schemas/package_response_single"},
                    {"properties": {"result": {"$ref": "#/components/schemas/package"}}},
                ]
            },
            # OpenAI's ResponsesWebSocketStreamEvent: an allOf of a union and a shared part;
            # dmcg names the distributed classes StreamEvent1, StreamEvent2...
            "audio_delta": {
                "type": "object",
                "required": ["type", "delta"],
                "properties": {"type": {"type": "string", "enum": ["audio.delta"]}, "delta": {"type": "string"}},
            },
            "audio_done": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"type": "string", "enum": ["audio.done"]}},
            },
            "stream_event": {
                "allOf": [
                    {
                        "anyOf": [
                            {"$ref": "#/components/schemas/audio_delta"},
                            {"$ref": "#/components/schemas/audio_done"},
                        ]
                    },
                    {"type": "object", "properties": {"stream_id": {"type": "string"}}},
                ]
            },
            # OpenAI's RunObject.tool_choice: the 3.0 nullable idiom around a union.
            "tool_choice_option": {
                "anyOf": [
                    {"type": "string", "enum": ["none", "auto"]},
                    {"type": "object", "properties": {"name": {"type": "string"}}},
                ]
            },
            "run": {
                "type": "object",
                "required": ["tool_choice"],
                "properties": {
                    "tool_choice": {"allOf": [{"$ref": "#/components/schemas/tool_choice_option"}, {"nullable": True}]}
                },
            },
            # Cloudflare's rulesets: a discriminated union of rules, made stricter by a part
            # that only lists ``required``; dmcg names the result ResponseRule1, 2...
            "rule_base": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "action": {"type": "string"}, "ref": {"type": "string"}},
            },
            "block_rule": {
                "allOf": [{"$ref": "#/components/schemas/rule_base"}, {"properties": {"action": {"enum": ["block"]}}}]
            },
            "skip_rule": {
                "allOf": [
                    {"$ref": "#/components/schemas/rule_base"},
                    {"properties": {"action": {"enum": ["skip"]}, "skip_all": {"type": "boolean"}}},
                ]
            },
            "request_rule": {
                "oneOf": [{"$ref": "#/components/schemas/block_rule"}, {"$ref": "#/components/schemas/skip_rule"}],
                "discriminator": {
                    "propertyName": "action",
                    "mapping": {"block": "#/components/schemas/block_rule", "skip": "#/components/schemas/skip_rule"},
                },
            },
            "response_rule": {
                "allOf": [{"$ref": "#/components/schemas/request_rule"}, {"required": ["id", "action", "ref"]}]
            },
            # GitHub's check-run update: anyOf variants beside the properties narrow ``status``.
            "check_update": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "status": {"type": "string", "enum": ["queued", "in_progress", "completed"]},
                    "conclusion": {"type": "string", "enum": ["success", "failure"]},
                },
                "anyOf": [
                    {
                        "properties": {"status": {"enum": ["completed"]}},
                        "required": ["conclusion"],
                        "additionalProperties": True,
                    },
                    {"properties": {"status": {"enum": ["queued", "in_progress"]}}, "additionalProperties": True},
                ],
            },
            "deployments": {
                "type": "object",
                "properties": {
                    "items": {"type": "array", "items": {"$ref": "#/components/schemas/deployment"}},
                    "enabled": {"type": "boolean", "default": "true"},
                    "expiry": {"type": "string", "format": "date-time", "default": "Now + 30 minutes"},
                    "dimensions": {"type": "array", "items": {"type": "string"}, "default": "[]"},
                    "metrics": {"items": {"type": "string"}, "default": '["requests"]'},
                    "limit": {"type": "integer", "default": 20},
                    "edge_ips": {"$ref": "#/components/schemas/edge_ips"},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("shapes")
    source = root / "shapes.json"
    source.write_text(json.dumps(SPEC))
    generated = write_sdk(load(source), root / "sdk", GenerateOptions(package_name="shapes_sdk"))
    return root / "sdk", generated.sdk.notes


def _run(sdk: Path, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=sdk, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_the_package_passes_mypy_strict(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    typed = subprocess.run(
        [str(VENV_BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull, "shapes_sdk"],
        cwd=sdk,
        capture_output=True,
        text=True,
    )
    assert typed.returncode == 0, typed.stdout[-3000:]


def test_an_allof_that_narrows_a_property_is_one_class_with_the_narrow_type(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import LanResponse, ApiResponseSingle, Lan\n"
        "r = LanResponse.model_validate({'success': True, 'result': {'id': 'l1', 'url': 'https://x.example?a=%2F'}})\n"
        "print(type(r.result).__name__, r.result.url, issubclass(LanResponse, ApiResponseSingle))",
    )
    # merged: no class can derive from ``result: dict | list | str`` and ``result: Lan``
    assert out == "Lan https://x.example?a=%2F False"


def test_an_allof_without_conflict_keeps_inheritance(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(sdk, "from shapes_sdk.types import Audited, Timestamps\nprint(issubclass(Audited, Timestamps))")
    assert out == "True"


def test_oneof_with_one_variant_inside_allof_merges_and_keeps_the_enum(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Deployment\n"
        "d = Deployment.model_validate({'strategy': 'percentage', 'share': 50, 'id': 'd1'})\n"
        "print(d.strategy, d.share, d.id, sorted(Deployment.model_fields))\n"
        "try:\n"
        "    Deployment.model_validate({'id': 'd1'})\n"
        "except Exception:\n"
        "    print('strategy required')",
    )
    assert out.splitlines() == ["percentage 50.0 d1 ['id', 'share', 'strategy']", "strategy required"]


def test_defaults_that_do_not_fit_are_dropped_with_a_note(package: tuple[Path, list[str]]) -> None:
    sdk, notes = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Deployments\n"
        "d = Deployments()\n"
        "print(d.enabled, d.expiry, d.dimensions, d.metrics, d.limit)",
    )
    assert out == "None None None None 20"  # the valid default (limit) is kept
    dropped = sorted(n.rsplit(" at ", 1)[1] for n in notes if n.startswith("dropped a default"))
    assert dropped == [
        "/components/schemas/deployments/properties/dimensions/default",
        "/components/schemas/deployments/properties/enabled/default",
        "/components/schemas/deployments/properties/expiry/default",
        "/components/schemas/deployments/properties/metrics/default",
        "/components/schemas/kind/default",
    ]


def test_an_enum_with_a_format_stays_forward_compatible(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Lan\n"
        "lan = Lan.model_validate({'id': 'l', 'record': 'srv', 'kind': 'cloud'})\n"
        "print(lan.record.value, lan.kind.value if lan.kind else None)",
    )
    assert out == "srv cloud"


def test_an_object_default_on_a_union_is_a_parsed_instance(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Deployments\n"
        "d = Deployments()\n"
        "print(type(d.edge_ips).__name__, d.edge_ips.model_dump(mode='json', exclude_none=True) if d.edge_ips else None)",
    )
    assert out == "EdgeIps {'type': 'dynamic', 'connectivity': 'all'}"


def test_an_allof_of_a_union_and_a_narrowing_object_is_a_union_of_merged_classes(
    package: tuple[Path, list[str]],
) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "import typing\n"
        "from shapes_sdk.types import PackageResponse\n"
        "variants = typing.get_args(PackageResponse.model_fields['root'].annotation)\n"
        "print([sorted(v.model_fields) for v in variants])\n"
        "print([str(v.model_fields['result'].annotation) for v in variants])\n"
        "r = PackageResponse.model_validate({'success': True, 'result': {'name': 'owasp'}})\n"
        "print(type(r.root).__name__, type(r.root.result).__name__, r.root.result.name)",
    )
    assert _public(out).splitlines() == [
        "[['result', 'success'], ['result']]",  # api_response_single and the bare variant, each narrowed
        "[\"<class 'shapes_sdk.types.Package'>\", 'shapes_sdk.types.Package | None']",
        "PackageResponseApiResponseSingle Package owasp",  # named after the variant's component
    ]


def test_union_variants_beside_properties_narrow_them(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import CheckUpdate, CheckUpdateVariantA\n"
        "done = CheckUpdate.model_validate({'name': 'ci', 'status': 'completed', 'conclusion': 'success'})\n"
        "running = CheckUpdate.model_validate({'status': 'queued'})\n"
        "print(done.root.status, done.root.conclusion, running.root.status)\n"
        "print(type(done.root).__name__, type(running.root).__name__)\n"
        "print(sorted(type(done.root).model_fields) == sorted(type(running.root).model_fields))\n"
        "print(CheckUpdateVariantA.model_fields['conclusion'].is_required())",
    )
    # each variant is the whole object with its narrowing: ``completed`` needs a conclusion
    assert out.splitlines() == ["completed success queued", "CheckUpdateVariantA CheckUpdateVariantB", "True", "True"]


def test_an_allof_of_a_union_and_a_shared_part_is_distributed_under_our_names(
    package: tuple[Path, list[str]],
) -> None:
    sdk, notes = package
    out = _run(
        sdk,
        "import typing\n"
        "from shapes_sdk import types\n"
        "from shapes_sdk.types import StreamEvent, StreamEventAudioDelta, StreamEventCommon, AudioDelta\n"
        "print([v.__name__ for v in typing.get_args(StreamEvent.model_fields['root'].annotation)])\n"
        "print(issubclass(StreamEventAudioDelta, AudioDelta), issubclass(StreamEventAudioDelta, StreamEventCommon))\n"
        "e = StreamEvent.model_validate({'type': 'audio.delta', 'delta': 'AAA', 'stream_id': 's1'})\n"
        "print(type(e.root).__name__, e.root.delta, e.root.stream_id)\n"
        "print(sorted(n for n in types.__all__ if n.startswith('StreamEvent')))",
    )
    assert out.splitlines() == [
        "['StreamEventAudioDelta', 'StreamEventAudioDone']",
        "True True",
        "StreamEventAudioDelta AAA s1",
        "['StreamEvent', 'StreamEventAudioDelta', 'StreamEventAudioDone', 'StreamEventCommon']",
    ]
    assert not any("named by datamodel-code-generator" in note for note in notes)


def test_a_union_of_string_enums_is_one_enum(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Package, PackagePricing\n"
        "print([m.value for m in PackagePricing], Package.model_fields['pricing'].annotation)\n"
        "print(Package.model_validate({'name': 'n', 'pricing': 'ProductPricing'}).pricing is PackagePricing.ProductPricing)",
    )
    assert _public(out).splitlines() == [
        "['SkuPricing', 'ProductPricing'] shapes_sdk.types.PackagePricing | None",
        "True",
    ]


def test_a_lone_inline_part_is_its_plain_type_and_every_class_has_our_name(package: tuple[Path, list[str]]) -> None:
    sdk, notes = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Override, LiveStatus, LiveStatusEnum\n"
        "for name, field in Override.model_fields.items():\n"
        "    print(name, field.annotation)\n"
        "print(LiveStatus.model_fields['root'].annotation, [m.value for m in LiveStatusEnum])\n"
        "o = Override.model_validate({'enabled': True, 'created': '2026-12-01T00:00:00Z', 'kind': 'wandb',"
        " 'rules': {'r': ['a']}, 'result': ['x'], 'status': None})\n"
        "print(o.enabled, o.created.year, o.kind, o.rules, o.result, o.status)",
    )
    assert _public(out).splitlines() == [
        "enabled bool | None",
        "created pydantic.types.AwareDatetime | None",
        "kind typing.Optional[typing.Literal['wandb']]",
        "rules dict[str, list[str]] | None",
        "result dict[str, typing.Any] | list[str] | None",
        "status shapes_sdk.types.LiveStatus | None",
        "shapes_sdk.types.LiveStatusEnum | None ['connected', 'failed']",
        "True 2026 wandb {'r': ['a']} ['x'] None",
    ]
    assert not any("named by datamodel-code-generator" in note for note in notes)


def test_the_nullable_idiom_around_a_union_stays_optional(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "from shapes_sdk.types import Run\n"
        "print(Run.model_fields['tool_choice'].annotation)\n"
        "print(Run.model_validate({'tool_choice': None}).tool_choice, Run.model_validate({'tool_choice': 'auto'}).tool_choice.root)",
    )
    assert _public(out).splitlines() == ["shapes_sdk.types.ToolChoiceOption | None", "None auto"]


def test_unions_that_refer_to_each_other_inside_an_allof_do_not_recurse_forever(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Loop", "version": "1"},
        "paths": {"/o": {"get": {"operationId": "getOwner", "responses": _ok("#/components/schemas/Owner")}}},
        "components": {
            "schemas": {
                "U": {"anyOf": [{"$ref": "#/components/schemas/V"}, {"type": "string"}]},
                "V": {"anyOf": [{"$ref": "#/components/schemas/U"}, {"type": "integer"}]},
                "Owner": {
                    "allOf": [
                        {"$ref": "#/components/schemas/U"},
                        {"type": "object", "properties": {"a": {"type": "string"}}},
                    ]
                },
                "Lifted": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}},
                    "anyOf": [{"$ref": "#/components/schemas/U"}, {"properties": {"a": {"enum": ["x"]}}}],
                },
            }
        },
    }
    source = tmp_path / "loop.json"
    source.write_text(json.dumps(spec))
    generated = write_sdk(load(source), tmp_path / "sdk", GenerateOptions(package_name="loop_sdk"))
    assert (tmp_path / "sdk" / "loop_sdk" / "types" / "__init__.py").exists() and generated.sdk is not None


def test_an_allof_of_a_discriminated_union_is_one_merged_class_per_variant(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    out = _run(
        sdk,
        "import typing\n"
        "from pydantic import TypeAdapter\n"
        "from shapes_sdk.types import ResponseRule, ResponseRuleSkipRule\n"
        "tagged, fallback = typing.get_args(typing.get_args(ResponseRule)[0])\n"
        "members = [*typing.get_args(typing.get_args(tagged)[0]), fallback]\n"
        "print(sorted(m.__name__ for m in members))\n"
        "rule = TypeAdapter(ResponseRule).validate_python({'id': 'r1', 'action': 'skip', 'ref': 'x', 'skip_all': True})\n"
        "print(type(rule).__name__, rule.skip_all)\n"
        "print(sorted(n for n, f in ResponseRuleSkipRule.model_fields.items() if f.is_required()))",
    )
    assert out.splitlines() == [
        "['ResponseRuleBlockRule', 'ResponseRuleSkipRule', 'ResponseRuleUnknown']",
        "ResponseRuleSkipRule True",
        "['action', 'id', 'ref']",  # the required-only part reached every branch
    ]


def test_an_sse_data_field_in_the_wire_form_is_typed_as_its_content_schema(tmp_path: Path) -> None:
    """OAS 3.2's SSE model: ``data`` is a JSON string with a contentSchema; the SDK decodes it."""
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Wire", "version": "1"},
        "paths": {
            "/events": {
                "post": {
                    "responses": {
                        "200": {"content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Tick"}}}}
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "Payload": {"type": "object", "required": ["n"], "properties": {"n": {"type": "integer"}}},
                "Tick": {
                    "type": "object",
                    "required": ["event", "data"],
                    "properties": {
                        "event": {"const": "tick"},
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": {"$ref": "#/components/schemas/Payload"},
                        },
                    },
                },
            }
        },
    }
    source = tmp_path / "wire.json"
    source.write_text(json.dumps(spec))
    write_sdk(load(source), tmp_path / "sdk", GenerateOptions(package_name="wire_sdk"))
    out = _run(
        tmp_path / "sdk",
        "from wire_sdk.types import Tick\n"
        "t = Tick.model_validate({'event': 'tick', 'data': {'n': 3}})\n"
        "print(type(t.data).__name__, t.data.n)",
    )
    assert out == "Payload 3"


def test_patterns_python_cannot_check_are_translated_or_dropped_with_a_note(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Patterns", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Code": {
                    "type": "object",
                    "properties": {
                        "year": {"type": "string", "pattern": "^(?<year>[0-9]{4})$"},  # ECMA named group
                        "slug": {"type": "string", "pattern": "^(?!admin)[a-z]+$"},  # look-ahead
                        "broken": {"type": "string", "pattern": "[a-"},  # invalid
                    },
                }
            }
        },
    }
    source = tmp_path / "patterns.json"
    source.write_text(json.dumps(spec))
    generated = write_sdk(load(source), tmp_path / "sdk", GenerateOptions(package_name="pattern_sdk"))
    notes = [n for n in generated.sdk.notes if "pattern" in n]
    assert len(notes) == 2 and any("/slug/pattern" in n for n in notes) and any("/broken/pattern" in n for n in notes)
    out = _run(
        tmp_path / "sdk",
        "import pydantic\n"
        "from pattern_sdk.types import Code\n"
        "print(Code.model_validate({'year': '2026', 'slug': 'admin', 'broken': 'x'}).year)\n"
        "try:\n    Code.model_validate({'year': '26'})\nexcept pydantic.ValidationError:\n    print('rejected')",
    )
    assert out.splitlines() == ["2026", "rejected"]


def test_names_equal_under_nfkc_stay_distinct(tmp_path: Path) -> None:
    """Python reads the identifier ``ａｂｃ`` as ``abc``: two such fields must not become one."""
    source = tmp_path / "nfkc.json"
    source.write_text(
        json.dumps(
            {
                "openapi": "3.1.0",
                "info": {"title": "N", "version": "1"},
                "paths": {},
                "components": {
                    "schemas": {
                        "Thing": {
                            "type": "object",
                            "properties": {"ａｂｃ": {"type": "string"}, "abc": {"type": "integer"}},
                        },
                        "ｘｙｚ": {"type": "string", "enum": ["a"]},
                        "xyz": {"type": "string", "enum": ["b"]},
                    }
                },
            }
        )
    )
    write_sdk(load(source), tmp_path / "sdk", GenerateOptions(package_name="nfkc_sdk"))
    out = _run(
        tmp_path / "sdk",
        "from nfkc_sdk import types\n"
        "m = types.Thing.model_validate({'ａｂｃ': 'x', 'abc': 1})\n"
        "print(m.abc_nfkc, m.abc, sorted(m.model_dump(by_alias=True)), types.Xyz.a.value, types.XyzModel.b.value)",
    )
    assert out == "x 1 ['abc', 'ａｂｃ'] a b"


def _public(out: str) -> str:
    """Reprs name the module that defines a class (``shapes_sdk.types._run.Run``); the shapes
    tested here do not depend on how the types are split into modules."""
    return re.sub(r"\bshapes_sdk\.types\._\w+\.", "shapes_sdk.types.", out)
