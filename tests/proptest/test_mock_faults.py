"""Against the contract-driven mock with each fault, proptest reports exactly that
fault's check (beyond what the fault-free mock already gets)."""

from __future__ import annotations

import pytest

from rivya_contract.load import load_bundled
from rivya_contract.mock import serve
from rivya_contract.mock.faults import FAULTS
from rivya_contract.proptest.runner import RunResult, Settings, run

DOC = load_bundled()


def _run(*faults: str) -> RunResult:
    # The webhook flow delivers to a receiver on 127.0.0.1: the mock accepts that http URL on request.
    with serve(DOC, seed=0, faults=faults, loopback_webhooks=True) as server:
        # The random phase and the flows only: each fault's check, at a bounded cost (the
        # boundary and stateful phases run against the mock in tests/proptest/test_phases.py).
        settings = Settings(
            base_url=server.url,
            api_key=server.demo_key,
            max_examples=3,
            poll_wait_cap=0,
            timeout=5,
            phases=("random",),
        )
        return run(DOC, settings)


@pytest.fixture(scope="module")
def baseline() -> set[str]:
    return {f.rule for f in _run().failures}


def test_no_fault_no_failure(baseline: set[str]) -> None:
    assert baseline == set()


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_each_fault_is_caught_by_its_check(fault: object, baseline: set[str]) -> None:
    found = {f.rule for f in _run(fault.name).failures}  # type: ignore[attr-defined]
    assert fault.check in found  # type: ignore[attr-defined]
    assert found - baseline <= {fault.check}  # type: ignore[attr-defined]
