from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from rivya_contract.document import Document
from rivya_contract.load import load_bundled
from rivya_contract.mock import MockOptions, RunningMock, serve
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
    with serve(rivya_doc, MockOptions(seed=7, clock=clock, webhook_retry_delays=(0.01,) * 7)) as running:
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
