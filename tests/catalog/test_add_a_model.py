"""Adding a model is one new data file plus `catalog build`: the contract, the docs table,
the mock, the SDK and the checker all follow (in a temporary copy of the catalog)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from rivya_contract.load import BUNDLED_CONTRACT, load
from rivya_contract.mock import MockOptions, serve
from tests.catalog.helpers import DOCS, NEW_MODEL, copy_catalog, run, write_yaml


@pytest.mark.slow
def test_one_new_file_and_catalog_build_is_the_whole_change(tmp_path: Path) -> None:
    folder = copy_catalog(tmp_path)
    page = tmp_path / "contract.md"
    shutil.copyfile(DOCS, page)
    contract = tmp_path / "openapi.json"

    # The change: one file.
    write_yaml(folder / "models" / "rivya-image-2.yaml", NEW_MODEL)
    code, out, err = run("catalog", "build", "--catalog", str(folder), "--output", str(contract), "--docs", str(page))
    assert code == 0, err
    assert f"wrote {contract}" in out and f"wrote {page}" in out

    # The contract: a variant, its parameters, its place in the catalog and the ModelList example.
    doc = json.loads(contract.read_bytes())
    schemas = doc["components"]["schemas"]
    assert schemas["GenerationRequest.rivya-image-2"]["x-rivya-model"]["credits"] == {"unit": "output", "amount": 6}
    assert list(schemas["ModelParams.rivya-image-2"]["properties"]) == ["aspect_ratio", "num_outputs"]
    assert "rivya-image-2" in schemas["GenerationRequest"]["discriminator"]["mapping"]
    assert code == 0 and run("validate", str(contract))[0] == 0

    # The docs table.
    text = page.read_text(encoding="utf-8")
    assert "The catalog has 14 generation models and 2 chat models" in text
    assert "| `rivya-image-2` | image | available | 6 per output | 2 parameters |" in text

    # The checker: adding a model is compatible.
    code, out, _ = run("diff", str(BUNDLED_CONTRACT), str(contract), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert [(c["rule"], c["level"]) for c in report["changes"]] == [("model-added", "compatible")]

    # The mock serves it and accepts a generation for it.
    with serve(load(str(contract)), MockOptions(seed=1)) as mock:
        headers = {"Authorization": f"Bearer {mock.demo_key}"}
        listed = httpx.get(mock.url + "/api/v1/models", headers=headers).json()["data"]
        assert "rivya-image-2" in [m["id"] for m in listed]
        created = httpx.post(
            mock.url + "/api/v1/generations",
            headers=headers,
            json={"model": "rivya-image-2", "prompt": "A lighthouse", "params": {"num_outputs": 2}},
        )
        assert created.status_code == 202, created.text
        assert created.json()["model"] == "rivya-image-2"
        assert created.json()["reserved_credits"] == 12  # 6 per output x 2
        refused = httpx.post(
            mock.url + "/api/v1/generations",
            headers=headers,
            json={"model": "rivya-image-2", "prompt": "x", "params": {"num_outputs": 9}},
        )
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_parameter"

    # The SDK: generated, importable, and it has the model's request and parameter classes.
    sdk = tmp_path / "sdk"
    code, _, err = run("generate", str(contract), "--out", str(sdk))
    assert code == 0, err
    probe = (
        "import rivya_sdk.types as t; "
        "p = t.ModelParamsRivyaImage2(num_outputs=2); "
        "r = t.GenerationRequestRivyaImage2(model='rivya-image-2', prompt='x', params=p); "
        "print(r.model, p.num_outputs)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=sdk, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["rivya-image-2", "2"]
