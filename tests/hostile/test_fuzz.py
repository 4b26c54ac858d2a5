"""The fuzz harness, bounded: random OpenAPI documents and mutations of the bundled
contract go through load, validate, diff, generate and offline proptest in-process, and
nothing but our own errors may come out (tests/hostile/fuzz.py says how; `make fuzz`
runs the same property for ten minutes).

The budget is a few dozen documents (about 30 CPU-seconds on the 2-core machine);
derandomized, so a run is reproducible.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from rivya_contract.document import Document
from rivya_contract.load import load_bundled
from tests.hostile import fuzz

# No shrinking: on a large document it can take minutes; the failure shows the document
# as generated, and `make fuzz` writes each crashing one to a file.
BOUNDED = settings(
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def bundled() -> Document:
    return load_bundled()


@pytest.mark.slow
@settings(BOUNDED, max_examples=40)
@given(tree=fuzz.random_documents, as_yaml=fuzz.st.booleans())
def test_random_documents_never_crash_a_consumer(tree: dict[str, Any], as_yaml: bool) -> None:
    raw = fuzz.encode(tree, as_yaml)
    fuzz.run_consumers(raw, "random.yaml" if as_yaml else "random.json", base=None, full_generate=True)


@pytest.mark.slow
@settings(BOUNDED, max_examples=16)
@given(steps=fuzz.mutations)
def test_mutations_of_the_bundled_contract_never_crash_a_consumer(
    bundled: Document, steps: list[fuzz.Mutation]
) -> None:
    raw = fuzz.encode(fuzz.mutated_bundled(steps), False)
    fuzz.run_consumers(raw, "mutated.json", base=bundled, full_generate=False)


def test_the_property_catches_a_foreign_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    """The harness fails on a crash (it is not a test that cannot fail)."""
    import rivya_contract.validate as validate_module

    def broken(doc: Document, **_: Any) -> None:
        raise TypeError("a consumer tripped over a wrong type")

    monkeypatch.setattr(validate_module, "validate", broken)
    raw = fuzz.encode({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}, False)
    with pytest.raises(fuzz.Crash, match="validate: TypeError"):
        fuzz.run_consumers(raw, "t.json", base=None, full_generate=False)
