"""Property tests of a contract: hypothesis strategies for its schemas and requests,
offline checks (examples, generated models) and online checks against a live server.

The pytest-friendly entry points::

    from hypothesis import given
    from rivya_contract.proptest import requests_for, values_for

    @given(requests_for("POST /api/v1/generations"))
    def test_my_property(request): ...
"""

from __future__ import annotations

import importlib
from typing import Any

_PUBLIC = {
    "Request": "rivya_contract.proptest.requests",
    "requests_for": "rivya_contract.proptest.requests",
    "invalid_requests_for": "rivya_contract.proptest.requests",
    "values_for": "rivya_contract.proptest.strategies",
    "invalid_values_for": "rivya_contract.proptest.mutations",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> Any:
    # Lazy, so that importing one submodule does not import hypothesis-heavy others.
    if name in _PUBLIC:
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(name)
