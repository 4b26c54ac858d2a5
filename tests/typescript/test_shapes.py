"""Schema shapes lowered to TypeScript, checked the way a user meets them: a usage file that
tsc must accept, with @ts-expect-error lines it must reject (readOnly in a request, a closed
request enum, writeOnly in a response)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.typescript import generate_typescript
from rivya_contract.generator.write import write_tree
from rivya_contract.load import load
from tests.typescript.conftest import HERE, tsc

FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="module")
def shapes(tooling: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shapes") / "pkg"
    generated = generate_typescript(
        load(str(FIXTURES / "shapes.json")), GenerateOptions(package_name="shapes_sdk", source_label="shapes.json")
    )
    write_tree(generated.files, out)
    return out


def test_types_follow_the_schemas(shapes: Path) -> None:
    types = (shapes / "src" / "types.ts").read_text()
    assert 'export type Color = "red" | "green";' in types
    # used on both sides and different on each: written twice
    assert "export type Pet = {" in types and "export type PetInput = {" in types
    output = types.split("export type Pet = {")[1].split("\n};")[0]
    request = types.split("export type PetInput = {")[1].split("\n};")[0]
    assert "readonly id: string;" in output and "secret" not in output
    assert not re.search(r"^\s*(readonly )?id\??:", request, re.M) and "secret: string;" in request
    assert "color: Color | (string & {});" in output and "color: Color;" in request
    assert 'size?: "s" | "m" | (string & {});' in output and 'size?: "s" | "m";' in request
    assert "tags?: { [key: string]: number };" in output and "extra?: unknown;" in output
    assert '"kebab-case"?: number | null;' in output
    assert "Its name; '*\\/' inside" in output  # a comment cannot be ended by the spec's text
    event = types.split("export type Event =")[1].split(";\n\n")[0]
    assert "Barked" in event and "Slept" in event and "{ type: string & {} }" in event


def test_a_users_code_type_checks_and_the_wrong_lines_are_rejected(tooling: Path, shapes: Path) -> None:
    shutil.copyfile(FIXTURES / "usage.ts", shapes / "usage.ts")
    config = json.loads((shapes / "tsconfig.json").read_text())
    config["compilerOptions"].update({"rootDir": ".", "noEmit": True})
    config["include"] = ["src", "usage.ts"]
    (shapes / "tsconfig.usage.json").write_text(json.dumps(config))
    done = tsc(tooling, shapes / "tsconfig.usage.json")
    assert done.returncode == 0, done.stdout + done.stderr
    # the same file with one expectation removed must fail: the check can fail
    broken = (shapes / "usage.ts").read_text().replace("// @ts-expect-error a request enum is closed\n", "", 1)
    (shapes / "usage.ts").write_text(broken)
    failed = tsc(tooling, shapes / "tsconfig.usage.json")
    assert failed.returncode != 0 and "purple" in failed.stdout


def test_methods_keep_wire_names_and_path_types(shapes: Path) -> None:
    pets = (shapes / "src" / "resources" / "pets.ts").read_text()
    assert "retrieve(petId: number, options?: RequestOptions)" in pets
    assert '"/pets/" + encodePath(petId)' in pets
    # a required query parameter: the query argument is required too
    assert re.search(r"list\(\s*query: T\.PetsListParams,\s*options\?: RequestOptions,?\s*\): PagePromise<", pets)
    assert "@endpoint POST /pets" in pets and "with a comment end" in pets and "*/ with" not in pets
    readme = (shapes / "README.md").read_text()
    assert "3 operations" in readme
