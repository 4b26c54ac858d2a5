"""Rate limiting per API key: a fixed window, off unless configured.

The header names are the contract's own (the documented response headers whose names
say limit/remaining/reset); ``X-RateLimit-Reset`` is the seconds until the window ends,
and every 429 carries ``Retry-After``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

DEFAULT_NAMES = {
    "limit": "X-RateLimit-Limit",
    "remaining": "X-RateLimit-Remaining",
    "reset": "X-RateLimit-Reset",
}


class RateLimiter:
    def __init__(
        self,
        budget: int | None,
        window: float,
        clock: Callable[[], float],
        names: dict[str, str] | None = None,
    ) -> None:
        self.budget = budget or 0  # requests per window; 0 = off
        self.window = window
        self.clock = clock
        self.names = names or dict(DEFAULT_NAMES)
        self._counts: dict[str, tuple[int, int]] = {}  # key -> (window number, count)

    def _current(self, key: str) -> tuple[int, int]:
        number = math.floor(self.clock() / self.window)
        start, count = self._counts.get(key, (number, 0))
        return (number, 0) if start != number else (start, count)

    def _reset_in(self, number: int) -> int:
        return max(1, math.ceil((number + 1) * self.window - self.clock()))

    def take(self, key: str) -> int | None:
        """Count one request; the seconds to wait when over the limit, else None."""
        if not self.budget:
            return None
        number, count = self._current(key)
        if count >= self.budget:
            return self._reset_in(number)
        self._counts[key] = (number, count + 1)
        return None

    def headers(self, key: str) -> dict[str, str]:
        if not self.budget:
            return {}
        number, count = self._current(key)
        return {
            self.names["limit"]: str(self.budget),
            self.names["remaining"]: str(max(0, self.budget - count)),
            self.names["reset"]: str(self._reset_in(number)),
        }


def header_names(documented: list[str]) -> dict[str, str]:
    """Pick the documented names for limit/remaining/reset among header names."""
    names = dict(DEFAULT_NAMES)
    for name in sorted(documented):
        lowered = name.lower()
        if "ratelimit" not in lowered.replace("-", "").replace("_", ""):
            continue
        for role in names:
            if lowered.endswith(role):
                names[role] = name
    return names
