"""A profile: what turns the generic, contract-driven mock into a stateful one for one
API. The engine knows profiles only through this shape; a profile knows the engine only
through ``call.Engine``.

- ``detect(doc)``: whether the contract is this profile's API;
- ``new_state(engine, account)``: one account's memory (created on the account's first request);
  the engine calls its ``tick()`` before each request so time-driven changes happen;
- ``handlers``: ``"METHOD /path"`` -> handler; operations without one are answered from
  the contract's examples, with the same auth, validation and error handling.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rivya_contract.document import Document
from rivya_contract.mock.call import Engine, Handler, ProfileState


@dataclass(frozen=True)
class Profile:
    name: str
    detect: Callable[[Document], bool]
    new_state: Callable[[Engine, str], ProfileState]
    handlers: dict[str, Handler] = field(default_factory=dict)
