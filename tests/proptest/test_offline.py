from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from rivya_contract.cli import main
from rivya_contract.document import Document
from rivya_contract.load import load_bundled
from rivya_contract.proptest.offline import check_examples, model_agreement

SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["count", "ratio", "color"],
    "additionalProperties": False,
    "properties": {
        "count": {"type": "integer", "minimum": 0},
        "ratio": {"type": "number", "multipleOf": 0.1, "maximum": 1},
        "color": {"enum": ["red", "blue"]},
    },
}


class Color(StrEnum):
    red = "red"
    blue = "blue"


class Agreeing(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    count: StrictInt = Field(ge=0)
    ratio: float = Field(le=1, multiple_of=0.1)
    color: Color


class Lax(BaseModel):  # accepts booleans as numbers, any color, extra fields
    count: int
    ratio: float
    color: str


def test_an_agreeing_model_has_no_disagreement_but_float_multiple_of() -> None:
    rules = {d.rule for d in model_agreement(Agreeing, SCHEMA, max_examples=60)}
    # pydantic checks multipleOf with a float remainder, jsonschema with a quotient:
    # 0.3 passes one and fails the other, so this disagreement is real and reported.
    assert rules <= {"model-accepts-valid", "model-rejects-invalid"}


def test_a_lax_model_is_caught_with_a_small_example() -> None:
    found = {d.rule: d for d in model_agreement(Lax, SCHEMA, max_examples=60)}
    assert "model-rejects-invalid" in found
    example = found["model-rejects-invalid"].example
    assert len(json.dumps(example)) < 80


def test_bundled_examples_conform() -> None:
    assert check_examples(load_bundled()) == []


def test_a_wrong_example_is_reported_with_its_line(tmp_path: Path) -> None:
    tree = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"N": {"type": "integer", "examples": [3, "three"]}}},
    }
    path = tmp_path / "bad-example.json"
    path.write_text(json.dumps(tree, indent=2))
    result = CliRunner().invoke(main, ["proptest", str(path)])
    assert result.exit_code == 1
    assert "example-conforms" in result.output and "/components/schemas/N/examples/1" in result.output
    assert f"{path}:" in result.output


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, ["proptest", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and "no such file" in missing.output and "Traceback" not in missing.output
    usage = CliRunner().invoke(main, ["proptest", "--base-url", "ftp://x", "--header", "nocolon"])
    assert usage.exit_code == 2


def test_cli_online_json_report(tmp_path: Path) -> None:
    from tests.proptest import planted_app

    spec = tmp_path / "planted.json"
    spec.write_text(json.dumps(planted_app.SPEC))
    with planted_app.serve() as url:
        result = CliRunner().invoke(
            main,
            [
                "proptest",
                str(spec),
                "--base-url",
                url,
                "--api-key",
                planted_app.KEY,
                "--max-examples",
                "10",
                "--format",
                "json",
                "--operation",
                "GET /items",
            ],
        )
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert {f["rule"] for f in report["findings"]} == {"no-5xx"}
    assert report["findings"][0]["args"]["curl"].startswith("curl ")


def test_document_model_agreement_on_a_component() -> None:
    doc = Document({"openapi": "3.1.0", "components": {"schemas": {"S": SCHEMA}}}, "<doc>")
    from rivya_contract.proptest.offline import agreement_findings

    findings = agreement_findings(doc, [("S", Lax)], max_examples=40)
    assert any(f.rule == "model-rejects-invalid" and f.pointer == "/components/schemas/S" for f in findings)
