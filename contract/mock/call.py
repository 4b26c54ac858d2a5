"""What the generic engine hands a profile's handlers: one checked request (``Call``)
and the small surface of the engine they may use (``Engine``).

Both the engine (``app.py``) and every profile (``rivya.py``) import this module; neither
imports the other, so a profile plugs in without an import cycle.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.requests import Request

from rivya_contract.document import Document
from rivya_contract.mock import incoming
from rivya_contract.mock.operations import OperationInfo
from rivya_contract.mock.options import MockOptions
from rivya_contract.mock.replies import Reply
from rivya_contract.mock.state import Ids


class ProfileState(Protocol):
    """One account's memory in a profile: the engine only asks it to move time on."""

    def tick(self) -> None: ...


class Engine(Protocol):
    """The parts of the mock engine a profile may use."""

    doc: Document
    options: MockOptions
    ids: Ids
    rng: random.Random

    def now(self) -> float: ...

    def account_of(self, key: str | None) -> str: ...

    def state_for(self, account: str) -> Any: ...


@dataclass
class Call:
    """One checked request on its way to a handler."""

    app: Engine
    info: OperationInfo
    request: Request
    key: str | None
    data: incoming.Incoming

    def param(self, where: str, name: str, default: Any = None) -> Any:
        return self.data.params.get(where, {}).get(name, default)

    @property
    def account(self) -> str:
        return self.app.account_of(self.key)


Handler = Callable[[Call], Awaitable[Reply]]
