from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from rivya_contract.document import Document
from rivya_contract.load import load_bundled
from rivya_contract.mock import MockOptions, RunningMock, create_app, serve
from tests.mock.contract_check import ContractChecker

START = 1778491800.0  # 2026-05-11T09:30:00Z


@dataclass
class Clock:
    now: float = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def rivya_doc() -> Document:
    return load_bundled()


@pytest.fixture(scope="session")
def checker() -> ContractChecker:
    return ContractChecker()


@pytest.fixture
def clock() -> Clock:
    return Clock()


def client_for(mock: RunningMock, checker: ContractChecker | None, key: str | None = "demo") -> httpx.Client:
    headers = {}
    if key is not None:
        headers["Authorization"] = f"Bearer {mock.demo_key if key == 'demo' else key}"
    hooks = {"response": [checker.hook]} if checker is not None else {}
    return httpx.Client(base_url=mock.url, headers=headers, event_hooks=hooks, timeout=10)


@pytest.fixture
def mock(rivya_doc: Document, clock: Clock) -> Iterator[RunningMock]:
    with serve(
        rivya_doc, MockOptions(seed=7, clock=clock, webhook_retry_delays=(0.01,) * 7, loopback_webhooks=True)
    ) as running:
        yield running


@pytest.fixture
def api(mock: RunningMock, checker: ContractChecker) -> Iterator[httpx.Client]:
    """A demo-key client whose every response is checked against the contract."""
    with client_for(mock, checker) as client:
        yield client


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + b"\x00\x00\x00\rIHDR"
    + (640).to_bytes(4, "big")
    + (480).to_bytes(4, "big")
    + b"\x08\x02\x00\x00\x00"
    + b"\x00" * 16
)


@functools.cache
def example_ids() -> frozenset[str]:
    """Ids of the objects the contract's examples put in the default account."""
    state = create_app(load_bundled()).state
    found = set(state.files) | set(state.generations) | set(state.sessions) | set(state.endpoints)
    return frozenset(found | {e["id"] for e in state.events})


def own(items: list[dict[str, Any]], key: str = "id") -> list[Any]:
    """The ``key`` values of ``items`` (a list page's data) that are not the contract's examples."""
    return [item[key] for item in items if item["id"] not in example_ids()]
