"""Every real spec of the corpus (the 'new' revision of each): every operation and component
schema kept, the package imports and passes ``mypy --strict`` with zero errors.

One test per document (the GitHub one takes about 30 s); skipped when the corpus is absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rivya_contract.generator.options import GenerateOptions
from rivya_contract.generator.schemas import SchemaRegistry
from rivya_contract.generator.write import write_sdk
from rivya_contract.load import load
from tests.corpus import corpus_path

DOCUMENTS = {  # one test per document of tests.corpus.DOCUMENTS, by a name usable in a package
    "twilio": "twilio/d50069b44ea8.json",
    "stripe": "stripe/e0123a38b40c.json",
    "openai_json": "openai-json/f85dbe223d40.json",
    "openai_yaml": "openai/f85dbe223d40.yaml",
    "cloudflare": "cloudflare/cca3064f1aba.json",
    "github": "github/octokit-openapi-23.0.1.json",
}
# mypy --strict errors left in the generated package, per document (the YAML twin of
# openai_json generates the same package).
MYPY_ERRORS = {"openai_json": 0, "twilio": 0, "stripe": 0, "cloudflare": 0, "github": 0}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_corpus_document_generates_keeps_everything_and_imports(name: str, tmp_path: Path) -> None:
    source = corpus_path(DOCUMENTS[name])
    package = f"{name}_sdk"
    doc = load(source)
    generated = write_sdk(doc, tmp_path / "sdk", GenerateOptions(package_name=package, source_label=source.name))

    keys = sorted(op.key for r in _walk(generated.sdk.resources) for op in r.operations)
    assert keys == sorted(op.key for op in doc.operations())  # no operation dropped
    assert generated.sdk.operation_count == len(keys)

    types = "\n".join(p.read_text() for p in sorted((tmp_path / "sdk" / package / "types").glob("*.py")))
    classes = SchemaRegistry.from_document(doc).component_names
    assert len(classes) == len(doc.tree["components"]["schemas"]) == generated.sdk.schema_count
    missing = [
        spec
        for spec, cls in classes.items()
        if f"\nclass {cls}(" not in types and f"\n{cls}: TypeAlias = " not in types
    ]
    assert missing == []  # one class (a union: a type alias) per component schema, under its own name

    # Everything loads lazily, so import every resource module and every type, and build
    # every type's validator (the forward references of the split types/ modules resolve).
    done = subprocess.run(
        [sys.executable, "-c", _LOAD_ALL.format(package=package)], cwd=tmp_path / "sdk", capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]

    if name in MYPY_ERRORS:
        mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or "mypy"
        checked = subprocess.run(
            [mypy, "--strict", "--no-incremental", "--cache-dir", os.devnull, package],
            cwd=tmp_path / "sdk",
            capture_output=True,
            text=True,
        )
        errors = [line for line in checked.stdout.splitlines() if ": error: " in line]
        assert len(errors) == MYPY_ERRORS[name], checked.stdout[-3000:]


_LOAD_ALL = """
import importlib, pkgutil, pydantic
import {package}, {package}._client, {package}.resources, {package}.types as types
for module in pkgutil.iter_modules({package}.resources.__path__):
    importlib.import_module("{package}.resources." + module.name)
for name in types.__all__:
    pydantic.TypeAdapter(getattr(types, name)).core_schema
"""


def _walk(resources: list) -> list:  # type: ignore[type-arg]
    found = []
    for resource in resources:
        found.append(resource)
        found.extend(_walk(resource.children))
    return found
