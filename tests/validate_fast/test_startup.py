"""`validate` and `check` of a small document import only what they need: the
reference validators (openapi_schema_validator pulls in pydantic-settings, about 0.3 s)
are imported only when a schema or a default is invalid. Measured in `make bench`
(bench_validate's start-up row); here the imports themselves are asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rivya_contract.validate import fast_meta

# The small document bench/bench_startup.py times, so the test guards what the bench measures.
SMALL = json.loads((Path(__file__).parent / "small_openapi.json").read_text(encoding="utf-8"))

PROBE = """
import sys
from rivya_contract.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"openapi_schema_validator", "pydantic_settings", "openapi_spec_validator", "hypothesis", "pydantic"})
print("HEAVY", heavy)
sys.exit(code)
"""


def imports_of(*args: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode in (0, 1), result.stderr
    line = next(line for line in result.stdout.splitlines() if line.startswith("HEAVY"))
    return list(eval(line.removeprefix("HEAVY ")))


@pytest.mark.parametrize("mutate", ["valid", "invalid default"])
def test_small_document_imports_only_what_it_needs(tmp_path: Path, mutate: str) -> None:
    doc = json.loads(json.dumps(SMALL))
    if mutate == "invalid default":
        doc["paths"]["/items"]["get"]["parameters"][0]["schema"]["default"] = 3
    path = tmp_path / "small.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    heavy = imports_of("validate", str(path))
    if mutate == "valid":
        assert heavy == []
    else:  # the reference words the error, so it is imported, and says what it always said
        assert "openapi_schema_validator" in heavy
        result = subprocess.run(
            [sys.executable, "-m", "rivya_contract", "validate", str(path)], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 1 and "3 is not of type 'string'" in result.stdout


def test_meta_schemas_match_the_reference_registry() -> None:
    from openapi_schema_validator._specifications import REGISTRY

    theirs = {uri: REGISTRY.contents(uri) for uri in REGISTRY if uri.startswith("https://spec.openapis.org/")}
    assert fast_meta.openapi_meta_schemas() == theirs


@pytest.mark.parametrize("pattern", ["^a+$", "(?<=x)y", "[", "\\p{L}", "a{2,1}", "(?P<n>x)", "\\d+"])
def test_regex_check_matches_the_reference(pattern: str) -> None:
    from openapi_schema_validator._regex import is_valid_regex

    assert fast_meta.is_valid_regex(pattern) == is_valid_regex(pattern)
