"""The TypeScript SDK of the real-world documents: every operation kept, tsc --strict clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.typescript import generate_typescript
from rivya_contract.generator.write import write_tree
from rivya_contract.load import load
from tests.corpus import corpus_path
from tests.typescript.conftest import tsc

# The YAML OpenAI document is the JSON one's twin (same API, same operations): not repeated here.
SMALL = ("twilio/d50069b44ea8.json", "stripe/e0123a38b40c.json")
LARGE = ("openai-json/f85dbe223d40.json", "cloudflare/cca3064f1aba.json", "github/octokit-openapi-23.0.1.json")


def check(name: str, tooling: Path, out: Path) -> None:
    doc = load(str(corpus_path(name)))
    # unformatted: prettier changes no type (the golden and shapes tests cover it); half the CPU
    options = GenerateOptions(package_name="corpus_sdk", source_label=Path(name).name, format_output=False)
    generated = generate_typescript(doc, options)
    write_tree(generated.files, out)
    operations = sum(1 for _ in doc.operations())
    endpoints = sorted(
        m.group(1)
        for path in (out / "src" / "resources").glob("*.ts")
        for m in re.finditer(r"@endpoint (\S+ \S+)", path.read_text())
    )
    assert len(endpoints) == operations == generated.sdk.operation_count
    assert endpoints == sorted(op.key for op in doc.operations())  # each one, under its own route
    done = tsc(tooling, out, "--noEmit")
    errors = re.findall(r"error TS\d+.*", done.stdout)
    assert done.returncode == 0 and not errors, "\n".join(errors[:30])


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", SMALL, ids=lambda n: n.split("/")[0])
def test_corpus_document_generates_and_type_checks(name: str, tooling: Path, tmp_path: Path) -> None:
    check(name, tooling, tmp_path / "sdk")


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE, ids=lambda n: n.split("/")[0])
def test_large_corpus_document_generates_and_type_checks(name: str, tooling: Path, tmp_path: Path) -> None:
    check(name, tooling, tmp_path / "sdk")
