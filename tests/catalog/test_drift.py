"""`catalog drift` and `catalog pull` against the real mock over 127.0.0.1.

The mock serves a contract compiled from an edited copy of the catalog data; drift
compares that live catalog with the bundled contract and must name each difference with
the rule the version policy uses for the same change in a contract.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from rivya_contract.load import load, load_bundled
from rivya_contract.mock import MockOptions, RunningMock, serve
from rivya_contract.rivya import data
from tests.catalog.helpers import NEW_MODEL, SNAPSHOT, cli, compile_to, copy_catalog, edit_model, run, write_yaml
from tests.foundation.httpserver import Reply, Script
from tests.foundation.httpserver import serve as serve_script


def _drift_catalog(folder: Path) -> None:
    """One edit for each way the issue lists."""
    (folder / "models" / "rivya-sfx-1.yaml").unlink()  # missing live
    write_yaml(folder / "models" / "rivya-image-2.yaml", NEW_MODEL)  # extra live
    edit_model(folder, "rivya-video-2-preview", lambda t: t.update(status="available"))  # status
    edit_model(folder, "rivya-image-1-turbo", lambda t: t.update(status="gated"))
    edit_model(folder, "rivya-music-1", lambda t: t.update(kind="video"))  # kind
    edit_model(folder, "rivya-image-0", lambda t: t["lifecycle"].update(sunset_at="2026-12-31"))  # lifecycle
    edit_model(  # a chat model too: status and lifecycle
        folder,
        "rivya-chat-mini",
        lambda t: t.update(
            status="deprecated",
            lifecycle={"deprecated_at": "2026-06-01", "sunset_at": "2026-09-01", "replaced_by": "rivya-chat-1"},
        ),
    )

    def params(tree: dict) -> None:  # type: ignore[type-arg]
        by_name = {p["name"]: p for p in tree["params"]}
        by_name["num_outputs"].update(maximum=8, default=2)  # range, default
        by_name["style"]["enum"].remove("anime")  # enum
        by_name["negative_prompt"]["required"] = True  # requiredness
        by_name["guidance_scale"].update(type="string", default="7.5")  # type
        for key in ("minimum", "maximum"):
            del by_name["guidance_scale"][key]
        tree["example"]["params"].pop("guidance_scale", None)

    edit_model(folder, "rivya-image-1", params)


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    tmp = tmp_path_factory.mktemp("drift")
    folder = copy_catalog(tmp)
    _drift_catalog(folder)
    contract = compile_to(folder, tmp / "openapi.json")
    with serve(load(str(contract)), MockOptions(seed=3)) as running:
        yield running


@pytest.fixture(scope="module")
def agreeing() -> Iterator[RunningMock]:
    with serve(load_bundled(), MockOptions(seed=3)) as running:
        yield running


def _drift(mock: RunningMock, *extra: str) -> tuple[int, str, str]:
    return run("catalog", "drift", "--base-url", mock.url, "--api-key", mock.demo_key, *extra)


def test_drift_names_every_difference_with_the_version_policy_rule(drifted: RunningMock) -> None:
    result = cli("catalog", "drift", "--base-url", drifted.url, "--api-key", drifted.demo_key, "--format", "json")
    code, out, err = result.returncode, result.stdout, result.stderr
    assert code == 1, err
    changes = json.loads(out)["changes"]
    seen = {(c["rule"], c["message"]) for c in changes}
    expected = {
        ("model-removed", "model 'rivya-sfx-1' removed without prior deprecation"),
        ("model-added", "model 'rivya-image-2' added (image)"),
        ("model-ungated", "model 'rivya-video-2-preview' is now available (was gated)"),
        ("model-gated", "model 'rivya-image-1-turbo' is now gated (was available)"),
        ("model-kind-changed", "model 'rivya-music-1' kind changed from audio to video"),
        (
            "model-lifecycle-changed",
            "model 'rivya-image-0': sunset_at is '2026-08-31' in the base, '2026-12-31' in the revision",
        ),
        ("model-deprecated", "model 'rivya-chat-mini' deprecated (sunset 2026-09-01)"),
        (
            "model-lifecycle-changed",
            "model 'rivya-chat-mini': sunset_at is null in the base, '2026-09-01' in the revision",
        ),
        (
            "model-lifecycle-changed",
            "model 'rivya-chat-mini': replaced_by is null in the base, 'rivya-chat-1' in the revision",
        ),
    }
    assert expected <= seen, sorted(seen - expected)
    # a change inside a model's schemas is named from its component ("ModelParams.rivya-image-1.style")
    rules_for_image_1 = {c["rule"] for c in changes if re.search(r"\.rivya-image-1[.:]", c["message"])}
    assert rules_for_image_1 == {
        "request-property-max-increased",  # range (num_outputs; guidance_scale lost its bounds)
        "request-property-min-decreased",  # guidance_scale lost its minimum
        "request-property-default-changed",  # default
        "request-property-enum-value-removed",  # enum
        "request-property-property-became-required",  # requiredness
        "request-property-type-changed",  # type
    }, rules_for_image_1
    # Pointers: the contract's declaration, and where the live response says otherwise.
    maximum = next(
        c for c in changes if c["rule"] == "request-property-max-increased" and "num_outputs" in c["message"]
    )
    assert maximum["base_pointer"] == "/components/schemas/ModelParams.rivya-image-1/properties/num_outputs/maximum"
    assert maximum["revision_pointer"].startswith("/data/0/params/")
    assert maximum["line"] is not None
    chat = next(c for c in changes if c["rule"] == "model-deprecated")
    assert chat["base_pointer"] == "/components/schemas/ChatCompletionRequest/x-rivya-chat-models/rivya-chat-mini"


def test_the_same_rules_as_diff_on_the_two_contracts(drifted: RunningMock, tmp_path: Path) -> None:
    # The drifted mock serves a contract; diffing the bundled contract against it names the
    # generation-model changes with the same rule IDs drift uses.
    served = tmp_path / "served.json"
    import httpx

    served.write_bytes(httpx.get(drifted.url + "/api/v1/openapi.json").content)
    _, diff_out, _ = run("diff", "contract/bundled/openapi.json", str(served), "--format", "json")
    diff_rules = {c["rule"] for c in json.loads(diff_out)["changes"]}
    _, out, _ = _drift(drifted, "--format", "json")
    drift_rules = {c["rule"] for c in json.loads(out)["changes"]}
    # Chat models and lifecycle dates are not in the diff's catalog; everything else agrees.
    assert drift_rules - {"model-lifecycle-changed", "model-deprecated"} <= diff_rules


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "junit", "sarif"])
def test_drift_reports_in_every_format(drifted: RunningMock, fmt: str) -> None:
    code, out, _ = _drift(drifted, "--format", fmt)
    assert code == 1
    assert "model-kind-changed" in out and "rivya-music-1" in out


def test_no_drift_when_the_live_catalog_is_the_contracts(agreeing: RunningMock) -> None:
    code, out, err = _drift(agreeing)
    assert (code, err) == (0, "")
    assert "0 breaking, 0 warning, 0 compatible" in out


def test_bad_input_is_one_line_and_exit_2(agreeing: RunningMock, tmp_path: Path) -> None:
    code, _, err = run("catalog", "drift", "--base-url", "ftp://example.org")
    assert code == 2 and err.count("\n") == 1 and "http(s)" in err
    code, _, err = run("catalog", "drift", "--base-url", agreeing.url, "--api-key", "rvya_sk_wrong")
    assert code == 2 and "HTTP 401 (invalid_api_key" in err
    code, _, err = run("catalog", "drift", str(SNAPSHOT), "--base-url", agreeing.url, "--api-key", agreeing.demo_key)
    assert code == 2 and err.count("\n") == 1
    assert "2026-05-11.json: /components/schemas/GenerationRequest.rivya-image-1/x-rivya-model/deprecated_at" in err


def test_pull_follows_every_page_and_keeps_what_the_api_does_not_serve(tmp_path: Path) -> None:
    bundled = load_bundled()
    entries = bundled.get(
        "/paths/~1api~1v1~1models/get/responses/200/content/application~1json/examples/catalog/value"
    )["data"]
    pages = [entries[:6], entries[6:12], entries[12:]]
    script = Script(
        routes={
            "/api/v1/models": [_page(pages[0], "c1")],
            "/api/v1/models?after=c1": [_page(pages[1], "c2")],
            "/api/v1/models?after=c2": [_page(pages[2], None)],
        }
    )
    folder = copy_catalog(tmp_path)
    before = {p.name: p.read_bytes() for p in (folder / "models").iterdir()}
    with serve_script(script) as url:
        code, out, err = run(
            "catalog", "pull", "--base-url", url, "--api-key", "rvya_sk_test", "--catalog", str(folder)
        )
    assert code == 0, err
    assert "pulled 15 models" in out and "(3 page(s))" in out
    assert [path for path, _ in script.requests] == [
        "/api/v1/models",
        "/api/v1/models?after=c1",
        "/api/v1/models?after=c2",
    ]
    assert all(h.get("authorization") == "Bearer rvya_sk_test" for _, h in script.requests)
    # The served catalog is the data's: pulling it back changes nothing and still compiles.
    assert {p.name: p.read_bytes() for p in (folder / "models").iterdir()} == before


def test_pull_writes_a_new_model_and_removes_a_gone_one(tmp_path: Path, drifted: RunningMock) -> None:
    folder = copy_catalog(tmp_path)
    code, out, err = run(
        "catalog", "pull", "--base-url", drifted.url, "--api-key", drifted.demo_key, "--catalog", str(folder)
    )
    assert code == 0, err
    assert f"added {folder / 'models' / 'rivya-image-2.yaml'}" in out
    assert f"removed {folder / 'models' / 'rivya-sfx-1.yaml'}" in out
    catalog = data.load(folder)  # what pull wrote is valid catalog data
    new = catalog.model("rivya-image-2")
    assert (
        new is not None and new.credits.amount == 6 and [p.name for p in new.params] == ["aspect_ratio", "num_outputs"]
    )
    music = catalog.model("rivya-music-1")
    assert music is not None and music.kind == "video" and music.example is not None  # example kept from the file


def _page(models: list[dict], cursor: str | None) -> Reply:  # type: ignore[type-arg]
    body = {"object": "list", "data": models, "has_more": cursor is not None, "next_cursor": cursor}
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def _served_with(edit) -> tuple[object, object]:  # type: ignore[no-untyped-def]
    """The bundled contract, and a live catalog equal to its own but for ``edit``."""
    import copy

    from rivya_contract.rivya.live import LiveCatalog

    doc = load_bundled()
    entries = copy.deepcopy(doc.get(MODELS_EXAMPLE)["data"])
    edit({e["id"]: e for e in entries})
    return doc, LiveCatalog("http://127.0.0.1:1/api/v1/models", tuple(entries), 1)


MODELS_EXAMPLE = "/paths/~1api~1v1~1models/get/responses/200/content/application~1json/examples/catalog/value"

# Rule fixtures (tests/diff/test_meta.py: every rule of the registry has one).
CASES = [
    ("model-lifecycle-changed", lambda: _served_with(lambda m: m["rivya-image-0"].update(replaced_by="flux-pro-1.1"))),
]


@pytest.mark.parametrize(("rule_id", "make"), CASES, ids=[c[0] for c in CASES])
def test_rule(rule_id: str, make) -> None:  # type: ignore[no-untyped-def]
    from rivya_contract import rules
    from rivya_contract.rivya import drift

    doc, served = make()
    found = drift.compare_catalogs(doc, served)
    assert [f.rule for f in found] == [rule_id]
    assert found[0].level == rules.get(rule_id).level
    assert found[0].base_pointer == "/components/schemas/GenerationRequest.rivya-image-0/x-rivya-model/replaced_by"
    assert found[0].revision_pointer == "/data/4/replaced_by"


def test_a_lifecycle_field_the_api_does_not_serve_is_not_drift() -> None:
    from rivya_contract.rivya import drift

    # PublicApiModel has no deprecated_at: a live API that does not send it agrees.
    doc, served = _served_with(lambda m: None)
    assert drift.compare_catalogs(doc, served) == []
    doc, served = _served_with(lambda m: m["rivya-image-0"].update(deprecated_at="2026-04-01"))
    assert [f.args["field"] for f in drift.compare_catalogs(doc, served)] == ["deprecated_at"]
