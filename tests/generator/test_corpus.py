"""One real spec (Twilio, the smallest of the corpus): every operation and schema kept, output imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contract.load import load
from generator.options import GenerateOptions
from generator.schemas import SchemaRegistry
from generator.write import write_sdk
from tests.generator.conftest import CORPUS

TWILIO = CORPUS / "twilio" / "d50069b44ea8.json"


@pytest.mark.corpus
@pytest.mark.skipif(not TWILIO.exists(), reason="corpus not available")
def test_twilio_generates_keeps_everything_and_imports(tmp_path: Path) -> None:
    doc = load(TWILIO)
    generated = write_sdk(doc, tmp_path / "sdk", GenerateOptions(package_name="twilio_sdk"))
    keys = sorted(op.key for r in _walk(generated.sdk.resources) for op in r.operations)
    assert keys == sorted(op.key for op in doc.operations())  # 197 operations, none dropped
    types = (tmp_path / "sdk" / "twilio_sdk" / "types.py").read_text()
    classes = SchemaRegistry.from_document(doc).component_names
    assert len(classes) == len(doc.tree["components"]["schemas"]) == generated.sdk.schema_count
    missing = [name for name, cls in classes.items() if f"class {cls}(" not in types]
    assert missing == []  # one class per component schema, under its own name
    done = subprocess.run(
        [sys.executable, "-c", "import twilio_sdk, twilio_sdk.types"], cwd=tmp_path / "sdk", capture_output=True
    )
    assert done.returncode == 0, done.stderr.decode()


def _walk(resources: list) -> list:  # type: ignore[type-arg]
    found = []
    for resource in resources:
        found.append(resource)
        found.extend(_walk(resource.children))
    return found
