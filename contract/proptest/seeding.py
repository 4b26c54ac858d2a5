"""Draw one value from a strategy with a given seed, outside ``@given``.

Each case's seed comes from (run seed, operation, kind, index), never from a shared
random stream, so the same ``--seed`` gives the same cases whatever the number of
workers and whatever order they run in.
"""

from __future__ import annotations

import hashlib
from random import Random
from typing import Any, TypeVar

from hypothesis import strategies as st
from hypothesis.control import BuildContext
from hypothesis.errors import StopTest
from hypothesis.internal.conjecture.data import ConjectureData

T = TypeVar("T")
_ATTEMPTS = 100


class CannotGenerate(Exception):
    """The strategy rejected every attempt (an unsatisfiable or near-unsatisfiable schema)."""


def case_seed(seed: int, operation: str, kind: str, index: int) -> int:
    digest = hashlib.sha256(f"{seed}\0{operation}\0{kind}\0{index}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def draw(strategy: st.SearchStrategy[T], seed: int) -> T:
    """The value ``strategy`` generates from ``seed`` (deterministic)."""
    random = Random(seed)
    for _ in range(_ATTEMPTS):
        data = ConjectureData(random=Random(random.getrandbits(64)))
        try:
            with BuildContext(data, wrapped_test=draw):
                value: Any = data.draw(strategy)
        except StopTest:
            continue
        return value  # type: ignore[no-any-return]
    raise CannotGenerate(f"no value after {_ATTEMPTS} attempts")
