"""Rate limiting per API key: a fixed window.

Every authenticated response carries the contract's rate-limit headers (the documented
response headers whose names say limit/remaining/reset; ``X-RateLimit-Reset`` is the
seconds until the window ends), and every 429 carries ``Retry-After``. Unless a limit is
configured the mock counts against a budget no test reaches (``UNLIMITED`` requests per
minute, the contract's window), so the headers always tell the truth about the counter.
"""

from __future__ import annotations

import math
from collections.abc import Callable

UNLIMITED = 1_000_000  # requests per minute when no limit is configured
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
        self.enforced = bool(budget)
        self.budget = budget or UNLIMITED  # requests per window
        self.window = window if budget else 60.0
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
        number, count = self._current(key)
        if count >= self.budget:
            return self._reset_in(number)
        self._counts[key] = (number, count + 1)
        return None

    def headers(self, key: str) -> dict[str, str]:
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
