"""Loading from files: JSON and YAML, strictness, positions and $ref rules."""

from __future__ import annotations

import json

import pytest

from rivya_contract.errors import SourceError
from rivya_contract.load import load


def test_json_and_yaml_load_to_the_same_tree(write, minimal):
    import yaml

    from_json = load(write("a.json", minimal))
    from_yaml = load(write("a.yaml", yaml.safe_dump(minimal, sort_keys=False)))
    assert from_json.tree == from_yaml.tree
    assert from_json.text_format == "json" and from_yaml.text_format == "yaml"
    assert [op.key for op in from_json.operations()] == ["GET /pets/{id}"]


def test_format_is_sniffed_without_an_extension(write, minimal):
    assert load(write("contract", minimal)).text_format == "json"
    assert load(write("contract2", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")).text_format == "yaml"


def test_positions_point_at_keys_in_json(write, minimal):
    doc = load(write("a.json", minimal))
    text = json.dumps(minimal, indent=2).splitlines()
    line, column = doc.position("/paths/~1pets~1{id}/get/operationId")
    assert text[line - 1][column - 1 :].startswith('"operationId"')
    line, column = doc.position("/paths/~1pets~1{id}/get/parameters/0/name")
    assert text[line - 1][column - 1 :].startswith('"name"')
    assert doc.position("/paths/~1nope") is None


def test_positions_in_yaml(write):
    doc = load(
        write(
            "a.yaml",
            "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /x:\n    get:\n      responses: {}\n",
        )
    )
    assert doc.position("/paths/~1x/get") == (7, 5)
    assert doc.position("/info/version") == (4, 3)


def test_position_follows_a_ref_to_its_definition(write):
    doc = load(
        write(
            "a.json",
            {
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {},
                "components": {
                    "schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"type": "object", "required": []}}
                },
            },
        )
    )
    assert doc.position("/components/schemas/A/required") == doc.position("/components/schemas/B/required")


def test_yaml_keeps_response_codes_and_dates_as_strings(write):
    doc = load(
        write(
            "a.yaml",
            "openapi: 3.1.0\ninfo: {title: t, version: 2026-05-11}\npaths:\n  /x:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
    )
    assert doc.tree["info"]["version"] == "2026-05-11"
    assert list(doc.tree["paths"]["/x"]["get"]["responses"]) == ["200"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("dup.json", '{"openapi": "3.1.0",\n "info": {"title": "a", "title": "b"}}', "1:2"),
        ("bad.json", '{"openapi": "3.1.0",\n "info": {', "invalid JSON"),
        ("dup.yaml", "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n", "duplicate key 'title'"),
        ("bad.yaml", "openapi: 3.1.0\ninfo: [unclosed\n", "invalid YAML"),
        ("list.json", "[1, 2]", "not an OpenAPI document"),
        ("noversion.json", '{"info": {}}', "no 'openapi' field"),
        ("latin1.json", b'{"openapi": "3.1.0", "x": "\xe9"}', "not UTF-8"),
    ],
)
def test_bad_input_is_a_clear_source_error(write, name, content, expected):
    path = write(name, content)
    with pytest.raises(SourceError) as caught:
        load(path)
    message = str(caught.value)
    assert str(path) in message
    if expected == "1:2":  # the duplicate key is located exactly
        assert caught.value.line == 2 and caught.value.pointer == "/info/title"
        assert "duplicate key 'title'" in message
    else:
        assert expected in message


def test_duplicate_key_line_in_yaml(write):
    with pytest.raises(SourceError) as caught:
        load(write("d.yaml", "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n"))
    assert caught.value.line == 4


def test_yaml_alias_bomb_is_refused(write):
    lines = ["openapi: 3.1.0", 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for level in range(1, 9):
        refs = ",".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    with pytest.raises(SourceError, match="alias bomb"):
        load(write("bomb.yaml", "\n".join(lines) + "\n"))


def test_small_yaml_aliases_are_fine(write):
    doc = load(write("ok.yaml", "openapi: 3.1.0\ninfo: &i {title: t, version: '1'}\nx-copy: *i\npaths: {}\n"))
    assert doc.tree["x-copy"] == {"title": "t", "version": "1"}


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        load(tmp_path / "absent.json")
    with pytest.raises(SourceError, match="is a directory"):
        load(tmp_path)


def test_relative_refs_resolve_inside_the_folder(write, minimal):
    write("schemas/pet.json", {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}})
    minimal["components"] = {"schemas": {"Pet": {"$ref": "schemas/pet.json#/Pet"}}}
    doc = load(write("api.json", minimal))
    ref = doc.tree["components"]["schemas"]["Pet"]["$ref"]
    assert ref.startswith("file://") and ref.endswith("schemas/pet.json#/Pet")
    assert doc.resolve(doc.tree["components"]["schemas"]["Pet"])["properties"]["name"] == {"type": "string"}


def test_refs_may_not_leave_the_folder(tmp_path, minimal):
    (tmp_path / "secret.json").write_text('{"Pet": {}}')
    inner = tmp_path / "api"
    inner.mkdir()
    minimal["components"] = {"schemas": {"Pet": {"$ref": "../secret.json#/Pet"}}}
    (inner / "api.json").write_text(json.dumps(minimal))
    with pytest.raises(SourceError) as caught:
        load(inner / "api.json")
    assert "leaves the document's folder" in str(caught.value)
    assert caught.value.pointer == "/components/schemas/Pet/$ref"


def test_remote_refs_are_refused_by_default(write, minimal):
    minimal["components"] = {"schemas": {"Pet": {"$ref": "https://example.invalid/pet.json#/Pet"}}}
    with pytest.raises(SourceError, match="remote \\$ref .* refused"):
        load(write("api.json", minimal))


def test_a_local_ref_inside_another_file_is_that_files_and_an_operation_ref_is_followed(write):
    # DigitalOcean's layout: an operation in its own file, whose ``#/...`` refs are its own
    write(
        "ops/list.yaml",
        "operationId: listThings\nparameters: [{$ref: '#/limit'}]\n"
        "responses: {'200': {description: ok}}\nlimit: {name: limit, in: query, schema: {type: integer}}\n",
    )
    doc = load(
        write(
            "root.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get: {$ref: 'ops/list.yaml'}\n"
            "limit: {name: wrong, in: query}\n",
        )
    )
    [op] = list(doc.operations())
    assert op.node["operationId"] == "listThings"
    assert doc.resolve(op.node["parameters"][0])["name"] == "limit"  # not the root's #/limit
