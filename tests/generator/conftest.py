"""Fixtures: the golden SDK on sys.path, a scripted HTTP server, a recorder for back-off sleeps."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.generator.server import ScriptedServer

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
FIXTURES = HERE / "fixtures"


@pytest.fixture(scope="session")
def sdk() -> Any:
    """The golden SDK (generated from the bundled contract), imported."""
    sys.path.insert(0, str(GOLDEN))
    sys.dont_write_bytecode = True  # keep __pycache__ out of the committed golden copy
    import rivya_sdk

    return rivya_sdk


@pytest.fixture(scope="session")
def server_session() -> Iterator[ScriptedServer]:
    server = ScriptedServer().start()
    yield server
    server.stop()


@pytest.fixture
def server(server_session: ScriptedServer) -> Iterator[ScriptedServer]:
    server_session.reset()
    yield server_session
    server_session.reset()


@pytest.fixture
def sleeps(sdk: Any, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Back-off delays the SDK asked for, recorded instead of slept."""
    recorded: list[float] = []
    monkeypatch.setattr(sdk._base_client, "_sleep", recorded.append)
    return recorded
