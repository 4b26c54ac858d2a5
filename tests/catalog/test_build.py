"""The catalog compiler: data → the bundled contract, byte for byte, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rivya_contract.load import BUNDLED_CONTRACT
from rivya_contract.rivya import build, data, docs
from tests.catalog.helpers import DOCS, SNAPSHOT, cli, copy_catalog, read_yaml, run, write_yaml

# Changes since the 2026-05-11 contract, each covered by its x-rivya-migrations entry; the
# compiler's first commit (f6f5b40) reproduced that contract byte for byte.
# migration id -> other pointers it changes (prose, examples) beyond those it covers.
SINCE_SNAPSHOT: dict[str, list[str]] = {
    "chat-model-enum": [],
    "sse-wire-form": [
        "/components/schemas/ChatStreamEvent/description",
        "/paths/~1api~1v1~1chat~1completions~1stream/post/responses/200",
    ],
    "valid-requests-accepted": [
        "/info/description",  # the Pagination section
        "/components/schemas/ErrorCode",  # limit_reached; not_found, file_not_usable and the upload codes' meanings
        *(f"/components/responses/{name}" for name in ("NotFound", "Conflict", "UnsupportedMediaType")),
        "/components/responses/UnprocessableEntity",
        "/components/schemas/FileUploadRequest/description",
        "/components/schemas/ReferenceMediaItem/properties/url/description",
        "/components/schemas/ChatAttachment/description",
        "/paths/~1api~1v1~1files/post/description",
        "/paths/~1api~1v1~1webhooks/post/description",
        "/paths/~1api~1v1~1generations/post/responses/404",
        "/paths/~1api~1v1~1chat~1sessions/get/responses/200/content/application~1json/examples/first_page/value/next_cursor",
        "/paths/~1api~1v1~1webhook-events/get/responses/200/content/application~1json/examples/events/value/next_cursor",
    ],
}
NEW_SCHEMAS = {f"ChatStream{e}Data" for e in ("MessageDelta", "UsageCompleted", "Heartbeat", "Done")}


def _drop(tree: dict, pointer: str) -> None:  # type: ignore[type-arg]
    from rivya_contract import pointer as jp

    *parents, last = jp.split(pointer)
    node = tree
    for token in parents:
        node = node[token]
    node.pop(last, None)


def test_without_the_facts_the_compiler_gives_the_2026_05_11_contract_but_for_its_migrations() -> None:
    old, new = json.loads(SNAPSHOT.read_bytes()), json.loads(build.build(facts=False))
    migrations = new.pop("x-rivya-migrations")
    assert [m["id"] for m in migrations] == list(SINCE_SNAPSHOT)
    for migration in migrations:
        for pointer in [*migration["covers"], *SINCE_SNAPSHOT[migration["id"]]]:
            _drop(old, pointer)
            _drop(new, pointer)
    added = set(new["components"]["schemas"]) - set(old["components"]["schemas"])
    assert added == NEW_SCHEMAS
    for name in added:
        del new["components"]["schemas"][name]
    assert new == old


def test_the_bundled_contract_is_the_compiled_catalog() -> None:
    assert build.build() == BUNDLED_CONTRACT.read_bytes()


def test_the_facts_are_the_only_difference_the_facts_make() -> None:
    plain, new = json.loads(build.build(facts=False)), json.loads(BUNDLED_CONTRACT.read_bytes())
    assert set(new) - set(plain) == {"x-rivya-limits", "x-rivya-webhooks"}
    for key in ("x-rivya-limits", "x-rivya-webhooks"):
        del new[key]
    chat = new["components"]["schemas"]["ChatCompletionRequest"].pop("x-rivya-chat-models")
    assert list(chat) == ["rivya-chat-1", "rivya-chat-mini"]
    for name, schema in new["components"]["schemas"].items():
        if name.startswith("GenerationRequest."):
            info = schema["x-rivya-model"]
            assert set(info) - set(plain["components"]["schemas"][name]["x-rivya-model"]) == {
                "description",
                "deprecated_at",
            }
            del info["description"], info["deprecated_at"]
    assert new == plain


def test_catalog_build_check_passes_on_the_repository() -> None:
    result = cli("catalog", "build", "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "up to date" in result.stdout


def test_docs_tables_follow_the_data() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert docs.blocks_in(text) == ["errors", "limits", "models"]
    assert docs.refresh(text, data.load()) == text
    assert "| `rivya-image-0` | image | **deprecated** (since 2026-05-11, sunset 2026-08-31" in text


def test_check_reports_a_stale_contract_with_its_diff_and_build_writes_it(tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path)
    out = tmp_path / "openapi.json"
    out.write_bytes(BUNDLED_CONTRACT.read_bytes())
    model = folder / "models" / "rivya-image-1-turbo.yaml"
    tree = read_yaml(model)
    tree["credits"]["amount"] = 2
    write_yaml(model, tree)
    args = ("catalog", "build", "--catalog", str(folder), "--output", str(out))
    code, out_text, err = run(*args, "--check")
    assert code == 1
    assert f"stale: {out}" in err
    assert '-            "amount": 1' in out_text and '+            "amount": 2' in out_text
    assert out.read_bytes() == BUNDLED_CONTRACT.read_bytes()  # --check writes nothing
    code, _, err = run(*args)
    assert code == 0, err
    doc = json.loads(out.read_bytes())
    info = doc["components"]["schemas"]["GenerationRequest.rivya-image-1-turbo"]["x-rivya-model"]
    assert info["credits"] == {"unit": "output", "amount": 2}
    assert run(*args, "--check")[0] == 0


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.update(kind="hologram"), "models/rivya-sfx-1.yaml: kind: 'hologram' is not one of image"),
        (lambda t: t.update(id="rivya-sfx-2"), "models/rivya-sfx-1.yaml: id: 'rivya-sfx-2' does not match the file"),
        (lambda t: t.update(colour="red"), "models/rivya-sfx-1.yaml: colour: unknown field"),
        (lambda t: t.pop("credits"), "models/rivya-sfx-1.yaml: credits: required field is missing"),
        (
            lambda t: t["params"][0].update(default=999),
            "models/rivya-sfx-1.yaml: params[0].default: 999 is above maximum",
        ),
        (
            lambda t: t["params"][0].update(type="colour"),
            "models/rivya-sfx-1.yaml: params[0].type: 'colour' is not one of string",
        ),
        (
            lambda t: t["lifecycle"].update(replaced_by="rivya-nothing"),
            "models/rivya-sfx-1.yaml: lifecycle.replaced_by: 'rivya-nothing' is not a model of the catalog",
        ),
        (
            lambda t: t["lifecycle"].update(sunset_at="soon"),
            "models/rivya-sfx-1.yaml: lifecycle.sunset_at: expected a date YYYY-MM-DD or null",
        ),
        (
            lambda t: t.update(status="deprecated"),
            "models/rivya-sfx-1.yaml: lifecycle: a deprecated model needs sunset_at and replaced_by",
        ),
        (
            lambda t: t["example"]["params"].update(volume=11),
            "models/rivya-sfx-1.yaml: example.params.volume: not a parameter of this model",
        ),
    ],
)
def test_bad_catalog_data_is_one_line_naming_file_and_field_and_exit_2(tmp_path: Path, edit, expected) -> None:  # type: ignore[no-untyped-def]
    folder = copy_catalog(tmp_path)
    model = folder / "models" / "rivya-sfx-1.yaml"
    tree = read_yaml(model)
    tree.setdefault("example", {}).setdefault("params", {})
    edit(tree)
    write_yaml(model, tree)
    out = tmp_path / "openapi.json"
    code, _, err = run("catalog", "build", "--catalog", str(folder), "--output", str(out))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert expected in lines[0], lines[0]
    assert not out.exists()  # nothing half-written


def test_broken_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path)
    (folder / "models" / "rivya-sfx-1.yaml").write_text("id: rivya-sfx-1\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(data.CatalogError, match=r"catalog/models/rivya-sfx-1.yaml: line \d+: not valid YAML"):
        data.load(folder)


def test_an_unknown_placeholder_in_the_hand_written_contract_is_an_error(tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path)
    skeleton = folder / "contract.yaml"
    skeleton.write_text(
        skeleton.read_text(encoding="utf-8").replace("{{limits.prompt_max_length}}", "{{limits.prompt_max}}"),
        encoding="utf-8",
    )
    with pytest.raises(
        data.CatalogError, match=r"contract.yaml: /components/schemas/GenerationPrompt/maxLength: unknown"
    ):
        build.build(folder)


def test_a_limit_is_declared_once_and_reaches_every_place_the_contract_states_it(tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path)
    limits = folder / "limits.yaml"
    limits.write_text(
        limits.read_text(encoding="utf-8")
        .replace("max_upload_bytes: 52428800", "max_upload_bytes: 104857600")
        .replace("signature_tolerance_seconds: 300", "signature_tolerance_seconds: 120"),
        encoding="utf-8",
    )
    text = build.build(folder).decode()
    assert "52428800" not in text and "52,428,800" not in text and "50 MB" not in text
    assert text.count("104857600") >= 3 and "100 MB (104,857,600 bytes)" in text
    assert "300 seconds" not in text and text.count("120 seconds") == 5
    doc = json.loads(text)
    assert doc["x-rivya-limits"]["max_upload_bytes"] == 104857600
    assert doc["x-rivya-webhooks"]["signature_tolerance_seconds"] == 120
