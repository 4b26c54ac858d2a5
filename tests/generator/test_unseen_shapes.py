"""Shapes of real APIs no test here used before (Discord, Box, SendGrid, PagerDuty,
DigitalOcean, Swagger Petstore), each reduced to a few lines of one small multi-file spec.

Each broke the generated SDK (a crash, a lint or type error, a wrong name or a list that did
not page); the package generated from the spec must pass ruff, mypy --strict and pyright
--strict, and work through httpx.MockTransport the way a user calls it.

- an integer enum written as ``oneOf`` of ``const`` (Discord): ``IntEnum``, unknown values kept;
- a recursive union root (Discord's ``ErrorDetails``) that dmcg writes with ``Union[...]``;
- ``nullable: false`` on an optional property (Box): dmcg wrote ``name: str = None``;
- an ``allOf`` part that requires what its base left optional (SendGrid's ``senderID``), or a
  ``required`` beside a lone ``allOf`` part (PagerDuty's custom fields);
- discriminator-mapped variants that inherit their tag enum from a base (PagerDuty's actions);
- a property called ``l`` (SendGrid's segment queries; ruff E741);
- ``Accept``/``Content-Type`` header parameters (PagerDuty; OpenAPI says to ignore them), a
  required header;
- lists by ``offset`` + ``more`` in an ``allOf`` (PagerDuty), by ``marker`` -> ``next_marker``
  (Box), by the next page's URL in the body (DigitalOcean's ``links.pages.next``), with items
  in a property named after the resource;
- a title with a subtitle and an aside (``Acme HTTP API (Preview) - OpenAPI 3.0``);
- DigitalOcean's multi-file layout: an Operation that is a ``$ref`` to another file,
  ``properties: {$ref: ...}``, ``#/x`` refs inside that file, and models that live only in
  files (each one class named after it, not a copy per use).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rivya_contract.generator.client import default_package
from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.write import write_sdk
from rivya_contract.load import load

VENV_BIN = Path(sys.executable).parent


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": "ok", "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, kind: str = "integer") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}}


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
HEADERS = [
    {"name": "Accept", "in": "header", "required": True, "schema": {"type": "string", "default": "application/json"}},
    {"name": "Content-Type", "in": "header", "schema": {"type": "string", "enum": ["application/json"]}},
    {"name": "X-Api-Version", "in": "header", "required": True, "schema": {"type": "string"}},
]

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Acme HTTP API (Preview) - OpenAPI 3.0", "version": "1.0.0"},
    "servers": [{"url": "https://api.acme.test"}],
    "security": [{"key": []}],
    "paths": {
        "/incidents": {
            "get": {
                "operationId": "listIncidents",
                "parameters": [*HEADERS, _query("offset"), _query("limit")],
                "responses": {
                    "200": _json(
                        {
                            "allOf": [
                                _ref("Pagination"),
                                {
                                    "type": "object",
                                    "properties": {"incidents": {"type": "array", "items": _ref("Incident")}},
                                },
                            ]
                        }
                    )
                },
            }
        },
        "/incidents/{id}": {
            "get": {"operationId": "getIncident", "parameters": [ID], "responses": {"200": _json(_ref("Incident"))}}
        },
        "/restrictions/{id}": {
            "get": {
                "operationId": "getRestriction",
                "parameters": [ID],
                "responses": {"200": _json(_ref("Restriction"))},
            }
        },
        "/entries": {
            "get": {
                "operationId": "listEntries",
                "parameters": [_query("marker", "string"), _query("limit")],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "entries": {"type": "array", "items": _ref("Folder")},
                                "next_marker": {"type": "string", "nullable": True},
                            },
                        }
                    )
                },
            }
        },
        "/senders": {
            "post": {
                "operationId": "createSender",
                "requestBody": {"content": {"application/json": {"schema": _ref("SenderRequest")}}},
                "responses": {"201": _json(_ref("Sender"))},
            }
        },
        "/avatars/{id}": {
            "put": {
                "operationId": "putAvatar",
                "parameters": [ID],
                "requestBody": {"content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"204": {"description": "stored"}},
            }
        },
        "/actions": {
            "post": {
                "operationId": "createAction",
                "requestBody": {"content": {"application/json": {"schema": _ref("ActionEnvelope")}}},
                "responses": {"201": _json(_ref("ActionEnvelope"))},
            }
        },
        "/channels/{id}/messages": {
            "get": {
                "operationId": "listMessages",
                "parameters": [ID, _query("limit")],
                "responses": {"200": _json({"type": ["array", "null"], "items": {"type": "object"}})},
            }
        },
        "/channels/{id}/messages/{message_id}": {
            "get": {
                "operationId": "getMessage",
                "parameters": [
                    ID,
                    {"name": "message_id", "in": "path", "required": True, "schema": {"type": "string"}},
                ],
                "responses": {"200": _json({"type": "object"})},
            }
        },
        "/fields/{id}": {
            "get": {"operationId": "getField", "parameters": [ID], "responses": {"200": _json(_ref("Field"))}}
        },
        "/tags": {"get": {"operationId": "getTags", "responses": {"200": _json({"$ref": "models/tags.json"})}}},
        "/tags/{id}": {
            "get": {
                "operationId": "getTag",
                "parameters": [ID],
                "responses": {"200": _json({"$ref": "models/tags_resource.json"})},
            }
        },
        "/volumes/actions": {
            "post": {
                "operationId": "actOnVolumes",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [_ref("VolumeAttach"), _ref("VolumeDetach")],
                                "discriminator": {
                                    "propertyName": "type",
                                    "mapping": {
                                        "attach": "#/components/schemas/VolumeAttach",
                                        "detach": "#/components/schemas/VolumeDetach",
                                    },
                                },
                            }
                        }
                    }
                },
                "responses": {"202": {"description": "accepted"}},
            }
        },
        "/records": {
            "get": {
                "operationId": "listRecords",
                "responses": {"200": _json({"type": "array", "items": {"$ref": "models/records.json#/record"}})},
            }
        },
        "/droplets": {"get": {"$ref": "ops/droplets_list.json"}},
        "/droplets/{id}/actions": {"post": {"$ref": "ops/droplets_action.json"}},
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Acme-Key"},
        },
        "schemas": {
            "Pagination": {
                "type": "object",
                "properties": {
                    "offset": {"type": "integer"},
                    "limit": {"type": "integer"},
                    "more": {"type": "boolean"},
                },
            },
            "Urgency": {"type": "integer", "oneOf": [{"title": "LOW", "const": 1}, {"title": "HIGH", "const": 2}]},
            "Incident": {
                "type": "object",
                "required": ["id", "urgency"],
                "properties": {
                    "id": {"type": "string"},
                    "urgency": _ref("Urgency"),
                    "errors": _ref("ErrorDetails"),
                    "query": {"type": "object", "properties": {"l": {"type": "string"}, "op": {"type": "string"}}},
                },
            },
            "InnerErrors": {"type": "object", "properties": {"code": {"type": "string"}}},
            "ErrorDetails": {
                "oneOf": [
                    {"type": "object", "additionalProperties": _ref("ErrorDetails")},
                    _ref("InnerErrors"),
                ]
            },
            "Folder": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string", "nullable": False},
                    "locked": {"type": "array", "items": {"type": "string", "enum": ["name", "value", "size"]}},
                },
            },
            # PagerDuty's automation actions: mapped variants that inherit their tag (an enum)
            "ActionBase": {
                "type": "object",
                "required": ["action_type"],
                "properties": {
                    "action_type": {"type": "string", "enum": ["script", "process"]},
                    "name": {"type": "string"},
                },
            },
            "ScriptAction": {"allOf": [_ref("ActionBase"), {"properties": {"script": {"type": "string"}}}]},
            "ProcessAction": {"allOf": [_ref("ActionBase"), {"properties": {"job": {"type": "string"}}}]},
            "ActionEnvelope": {
                "type": "object",
                "required": ["action"],
                "properties": {
                    "action": {
                        "oneOf": [_ref("ScriptAction"), _ref("ProcessAction")],
                        "discriminator": {
                            "propertyName": "action_type",
                            "mapping": {
                                "script": "#/components/schemas/ScriptAction",
                                "process": "#/components/schemas/ProcessAction",
                            },
                        },
                    }
                },
            },
            # DigitalOcean's volume actions: every variant's tag is the whole enum (no overloads)
            "VolumeAttach": {
                "type": "object",
                "required": ["type", "droplet_id"],
                "properties": {
                    "type": {"type": "string", "enum": ["attach", "detach"]},
                    "droplet_id": {"type": "integer"},
                },
            },
            "VolumeDetach": {
                "type": "object",
                "required": ["type", "droplet_id"],
                "properties": {
                    "type": {"type": "string", "enum": ["attach", "detach"]},
                    "droplet_id": {"type": "integer"},
                },
            },
            # PagerDuty's custom fields: one allOf part, ``required`` beside it
            "Field": {
                "allOf": [{"type": "object", "properties": {"id": {"type": "string"}, "label": {"type": "string"}}}],
                "required": ["id", "label"],
            },
            # Box's restriction: the base requires what the part beside it declares optional
            "RestrictionBase": {"type": "object", "required": ["segment"], "properties": {"id": {"type": "string"}}},
            "Restriction": {
                "allOf": [_ref("RestrictionBase"), {"properties": {"segment": {"type": "string"}}}],
                "required": ["segment"],
            },
            "SenderRequest": {
                "type": "object",
                "properties": {"nickname": {"type": "string"}, "city": {"type": "string"}},
            },
            "Sender": {
                "allOf": [
                    _ref("SenderRequest"),
                    {"type": "object", "properties": {"id": {"type": "integer"}}},
                    {"type": "object", "required": ["nickname", "city"]},
                ]
            },
        },
    },
}

FILES: dict[str, Any] = {
    "ops/droplets_list.json": {
        "operationId": "listDroplets",
        "parameters": [_query("page"), _query("per_page")],
        "responses": {
            "200": _json(
                {
                    "type": "object",
                    "properties": {
                        "droplets": {"type": "array", "items": {"$ref": "../models/droplet.json"}},
                        "links": {"$ref": "../models/links.json#/page_links"},
                    },
                }
            )
        },
    },
    "ops/droplets_action.json": {
        "operationId": "actOnDroplet",
        "parameters": [{"$ref": "#/id"}],
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "properties": {"$ref": "../models/attributes.json#/action", "note": {"type": "string"}},
                        "required": ["type"],
                    }
                }
            }
        },
        "responses": {"201": _json({"$ref": "../models/droplet.json"})},
        "id": {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
    },
    # DigitalOcean's app specs: a base in another file declares what the model requires
    "models/droplet.json": {
        "allOf": [{"$ref": "base.json"}, {"type": "object", "properties": {"id": {"type": "integer"}}}],
        "required": ["id", "name"],
    },
    "models/base.json": {"type": "object", "properties": {"name": {"type": "string"}}},
    # DigitalOcean's domain records: a mapping whose values are refs relative to their file
    "models/records.json": {
        "record": {
            "oneOf": [{"$ref": "#/record_a"}, {"$ref": "records_b.json"}],
            "discriminator": {"propertyName": "type", "mapping": {"A": "#/record_a", "MX": "records_b.json"}},
        },
        "record_a": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string"}, "ip": {"type": "string"}},
        },
    },
    "models/records_b.json": {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"type": "string"}, "priority": {"type": "integer"}},
    },
    # DigitalOcean's tags: models Tags and TagsResource beside the resource /tags
    "models/tags.json": {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"$ref": "tags_resource.json"}}},
    },
    "models/tags_resource.json": {"type": "object", "properties": {"resource_id": {"type": "string"}}},
    "models/links.json": {
        "page_links": {
            "type": "object",
            "properties": {"pages": {"anyOf": [{"$ref": "#/forward"}, {"$ref": "#/back"}]}},
        },
        "forward": {"type": "object", "properties": {"next": {"type": "string"}, "last": {"type": "string"}}},
        "back": {"type": "object", "properties": {"prev": {"type": "string"}, "first": {"type": "string"}}},
    },
    "models/attributes.json": {
        "action": {"type": {"type": "string", "enum": ["reboot", "power_off"]}, "force": {"type": "boolean"}}
    },
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("unseen")
    for name, content in FILES.items():
        (root / "spec" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "spec" / name).write_text(json.dumps(content))
    source = root / "spec" / "acme.json"
    source.write_text(json.dumps(SPEC))
    doc = load(source)
    # the package the CLI names from the title when --package-name is not given
    generated = write_sdk(doc, root / "sdk", GenerateOptions(package_name=default_package(doc.title or "")))
    return root / "sdk", generated.sdk.notes


def test_the_package_passes_ruff_mypy_and_pyright_strict(package: tuple[Path, list[str]]) -> None:
    sdk, notes = package
    assert sorted(p.name for p in sdk.iterdir() if p.is_dir()) == ["acme_sdk"]  # not acmepreview_sdk
    # Discord's messages: a nullable array is a list, so the item GET is retrieve (not get_message)
    channels = (sdk / "acme_sdk" / "resources" / "channels.py").read_text()
    assert "    def list(" in channels and "    def retrieve(" in channels and "get_message" not in channels
    assert notes == []  # every $ref followed, every shape represented
    checks = {
        "ruff": [str(VENV_BIN / "ruff"), "check", "--no-cache", "."],
        "mypy": [str(VENV_BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir", os.devnull, "acme_sdk"],
        "pyright": [str(VENV_BIN / "pyright"), "--pythonpath", sys.executable, "acme_sdk"],
    }
    for name, command in checks.items():
        done = subprocess.run(command, cwd=sdk, capture_output=True, text=True)
        assert done.returncode == 0, f"{name}: {done.stdout[-3000:]}{done.stderr[-1000:]}"


USE = """
import json, os
import httpx
import acme_sdk
from acme_sdk.types import Urgency, Incident, Folder, Droplet, Sender

sent = []
def answer(request):
    sent.append(request)
    path, q = request.url.path, request.url.params
    if path == "/incidents":
        offset = int(q.get("offset", "0"))
        items = [{"id": f"i{offset + n}", "urgency": 3 if offset else 1} for n in range(2 if offset == 0 else 1)]
        return httpx.Response(200, json={"incidents": items, "offset": offset, "limit": 2, "more": offset == 0})
    if path == "/incidents/i7":
        return httpx.Response(200, json={"id": "i7", "urgency": 2, "query": {"l": "a", "op": "and"},
                                         "errors": {"field": {"code": "bad"}}})
    if path == "/entries":
        last = q.get("marker") == "m1"
        return httpx.Response(200, json={"entries": [{"id": "f2" if last else "f1", "name": "x", "locked": ["name"]}],
                                         "next_marker": None if last else "m1"})
    if path == "/droplets":
        page = q.get("page", "1")
        nxt = {"next": "https://api.acme.test/droplets?page=2&per_page=1"} if page == "1" else {}
        return httpx.Response(200, json={"droplets": [{"id": int(page), "name": "d" + page}], "links": {"pages": nxt}})
    if path == "/droplets/5/actions":
        return httpx.Response(201, json={"id": 5, "name": json.loads(request.content)["type"]})
    if path in ("/actions", "/fields/f1"):
        sent_body = json.loads(request.content) if request.content else {"id": "f1", "label": "Team"}
        return httpx.Response(201 if request.content else 200, json=sent_body)
    if path == "/records":
        return httpx.Response(200, json=[{"type": "A", "ip": "1.2.3.4"}, {"type": "MX", "priority": 10}])
    if path == "/avatars/a1":
        return httpx.Response(204)
    if path == "/senders":
        return httpx.Response(201, json={"id": 1, **json.loads(request.content)})
    return httpx.Response(404, json={})

os.environ["ACME_API_KEY"] = "k1"
client = acme_sdk.Acme(http_client=httpx.Client(transport=httpx.MockTransport(answer)))
incidents = list(client.incidents.list(x_api_version="2", limit=2))
print([i.id for i in incidents], [i.urgency for i in incidents], incidents[2].urgency == 3)
first = sent[0]
print(first.headers["x-acme-key"], "authorization" in first.headers, first.headers["x-api-version"], dict(sent[1].url.params))
got = client.incidents.retrieve("i7")
print(got.urgency is Urgency.HIGH, got.query.l_ if got.query else None, type(got.errors).__name__)
folders = list(client.entries.list(limit=1))
print([f.id for f in folders], sent[-1].url.params.get("marker"), folders[0].locked[0].name, folders[0].locked[0].value)
print([(d.id, d.name) for d in client.droplets.list(per_page=1)], dict(sent[-1].url.params))
acted = client.droplets.actions(5, type="reboot", force=True, note="n")  # a POST-only leaf: an action
print(type(acted).__name__, acted.name, json.loads(sent[-1].content))
sender = client.senders.create(nickname="n", city="Paris")
print(type(sender).__name__, sender.nickname, sender.id)
made = client.actions.create(action={"action_type": "script", "name": "restart", "script": "ls"})
print(type(made.action).__name__, made.action.script, client.fields.retrieve("f1").label)
print([type(r).__name__ for r in client.records.list()])
client.avatars.update("a1", body=b"\\x89PNG")
print(sent[-1].method, sent[-1].headers["content-type"], sent[-1].content)
"""


def test_names_lists_headers_and_files_work_through_the_client(package: tuple[Path, list[str]]) -> None:
    sdk, _ = package
    done = subprocess.run([sys.executable, "-c", USE], cwd=sdk, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    # offset pages while ``more`` (an allOf response, items under ``incidents``); 3 = unknown enum value
    assert lines[0] == "['i0', 'i1', 'i2'] [<Urgency.LOW: 1>, <Urgency.LOW: 1>, <Urgency.3: 3>] True"
    # the key in the apiKey header ``security`` names; the required header sent as given; next offset 2
    assert lines[1] == "k1 False 2 {'offset': '2', 'limit': '2'}"
    # GET on the item is ``retrieve`` (the collection is ``list``); ``l`` is the field ``l_``
    assert lines[2] == "True a ErrorDetails"
    # marker -> next_marker, until it is null; an enum member for "name" does not replace Enum.name
    assert lines[3] == "['f1', 'f2'] m1 name_ name"
    assert lines[4] == "[(1, 'd1'), (2, 'd2')] {'page': '2', 'per_page': '1'}"  # links.pages.next
    # an operation in another file, its body's properties a $ref: models named after their file
    assert lines[5] == "Droplet reboot {'type': 'reboot', 'force': True, 'note': 'n'}"
    assert lines[6] == "Sender n 1"
    assert lines[7] == "ScriptAction ls Team"  # a mapped variant with an inherited tag; allOf of one part
    assert lines[8] == "['RecordA', 'RecordsB']"  # a mapping relative to its file picks the class
    assert lines[9] == "PUT image/png b'\\x89PNG'"  # a raw body carries its media type
